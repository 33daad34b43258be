// Row mapping shared by both engines: the contact's SELECT list and its decoding, the tenant's
// decoding, and the values written for phones and the audit log. Included into `rows` inside
// `store::sqlite` and `store::postgres` (see store/mod.rs), next to `sql.rs`.

use sqlx::Row;

use app::model::{
    Account, Channel, Contact, ContactFields, ContactId, CreatedVia, PhoneValue, Tenant, TenantId,
    TenantSettings, UserId, UserRef,
};

use super::Db;
use crate::store::common::priority_from_db;

pub(super) const CONTACT_COLUMNS: &str = "c.id, c.first_name, c.last_name, c.address, c.city, c.state, c.postal_code, \
    c.country, c.time_zone, c.email, c.phone, c.phone_e164, c.mobile, c.mobile_e164, c.fax, c.fax_e164, \
    c.priority, c.preferred_channels, c.created_via, c.created_at, c.created_by, c.updated_at, c.updated_by, \
    c.version, a.id AS account_id, a.identifier AS account_identifier, a.name AS account_name, \
    cu.name AS created_by_name, uu.name AS updated_by_name";

pub(super) const CONTACT_FROM: &str = "FROM contacts c \
    LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id \
    LEFT JOIN users cu ON cu.tenant_id = c.tenant_id AND cu.id = c.created_by \
    LEFT JOIN users uu ON uu.tenant_id = c.tenant_id AND uu.id = c.updated_by";

pub(super) fn phone_of(typed: Option<String>, e164: Option<String>) -> Option<PhoneValue> {
    match (typed, e164) {
        (Some(typed), Some(e164)) => Some(PhoneValue { typed, e164 }),
        _ => None,
    }
}

pub(super) fn contact_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Contact, sqlx::Error> {
    let account_id: Option<i64> = row.try_get("account_id")?;
    let account = match account_id {
        Some(id) => Some(Account {
            id,
            identifier: row.try_get("account_identifier")?,
            name: row.try_get("account_name")?,
        }),
        None => None,
    };
    let user_ref = |id: Option<i64>, name: Option<String>| match (id, name) {
        (Some(id), Some(name)) => Some(UserRef { id: UserId(id), name }),
        _ => None,
    };
    let created_via: String = row.try_get("created_via")?;
    let channels: String = row.try_get("preferred_channels")?;
    Ok(Contact {
        id: ContactId(row.try_get("id")?),
        fields: ContactFields {
            first_name: row.try_get("first_name")?,
            last_name: row.try_get("last_name")?,
            address: row.try_get("address")?,
            city: row.try_get("city")?,
            state: row.try_get("state")?,
            postal_code: row.try_get("postal_code")?,
            country: row.try_get("country")?,
            time_zone: row.try_get("time_zone")?,
            email: row.try_get("email")?,
            phone: phone_of(row.try_get("phone")?, row.try_get("phone_e164")?),
            mobile: phone_of(row.try_get("mobile")?, row.try_get("mobile_e164")?),
            fax: phone_of(row.try_get("fax")?, row.try_get("fax_e164")?),
            account_identifier: account.as_ref().map(|a| a.identifier.clone()),
            priority: priority_from_db(row.try_get::<i16, _>("priority")? as i64),
            preferred_channels: Channel::split(&channels),
        },
        account,
        created_via: CreatedVia::parse(&created_via).unwrap_or(CreatedVia::Manual),
        created_at: row.try_get("created_at")?,
        created_by: user_ref(row.try_get("created_by")?, row.try_get("created_by_name")?),
        updated_at: row.try_get("updated_at")?,
        updated_by: user_ref(row.try_get("updated_by")?, row.try_get("updated_by_name")?),
        version: row.try_get("version")?,
    })
}

pub(super) fn tenant_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Tenant, sqlx::Error> {
    Ok(Tenant {
        id: TenantId(row.try_get("id")?),
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        settings: TenantSettings {
            default_region: row.try_get("default_region")?,
            personality_insights: row.try_get("personality_insights")?,
            auto_create_contacts: row.try_get("auto_create_contacts")?,
        },
    })
}

pub(super) fn phone_parts(p: &Option<PhoneValue>) -> (Option<String>, Option<String>) {
    match p {
        Some(p) => (Some(p.typed.clone()), Some(p.e164.clone())),
        None => (None, None),
    }
}

/// (field, display value) pairs, for the audit log's old/new values.
pub(super) fn audit_values(f: &ContactFields) -> Vec<(&'static str, Option<String>)> {
    let phone = |p: &Option<PhoneValue>| p.as_ref().map(|p| p.typed.clone());
    vec![
        ("first_name", f.first_name.clone()),
        ("last_name", f.last_name.clone()),
        ("address", f.address.clone()),
        ("city", f.city.clone()),
        ("state", f.state.clone()),
        ("postal_code", f.postal_code.clone()),
        ("country", f.country.clone()),
        ("time_zone", f.time_zone.clone()),
        ("email", f.email.clone()),
        ("phone", phone(&f.phone)),
        ("mobile", phone(&f.mobile)),
        ("fax", phone(&f.fax)),
        ("account_identifier", f.account_identifier.as_ref().map(|s| s.to_lowercase())),
        ("priority", Some(f.priority.as_str().to_string())),
        ("preferred_channels", Some(Channel::join(&f.preferred_channels))),
    ]
}

