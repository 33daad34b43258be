// Communications intake (SPEC §3.7), shared by both engines. Included into `store::sqlite` and
// `store::postgres` (see store/mod.rs) next to `sql.rs`: storing an incoming email, SMS or chat
// message with its contact and work item in one transaction, inbound tokens, outgoing email.

pub mod intake {
    use async_trait::async_trait;
    use chrono::{DateTime, Utc};
    use sqlx::{QueryBuilder, Row};

    use app::intake::{Channel, InboundMessage, IngestOutcome, OutgoingEmail, WorkAction, send_status};
    use app::model::{ContactFields, ContactId, CreatedVia, PhoneValue, TenantId, UserId};
    use app::store::{NewCommunication, StoreError, StoreResult};
    use app::store_intake::{EmailThread, IntakeStore};

    use super::activity::{audit, insert_communication, insert_work_item};
    use super::{Conn, Db, SqlStore, dialect, insert_contact};
    use crate::store::common::{backend, millis};

    /// The tags the sender of a message that starts a Ticket gets (issue 7: not Subject).
    const SENDER_TAGS: &str = "primary,requester,original_requester";
    /// Longest text kept for a new Ticket's title (characters).
    const TITLE_CHARS: usize = 200;

    /// (id, work item id) of the message already stored under this key.
    async fn already_stored(conn: &mut Conn, tenant: TenantId, message: &InboundMessage) -> StoreResult<Option<(i64, Option<i64>, Option<i64>)>> {
        let row = match message.channel {
            Channel::Email => sqlx::query("SELECT id, contact_id, work_item_id FROM communications WHERE tenant_id = $1 AND message_id = $2")
                .bind(tenant.0)
                .bind(&message.key),
            _ => sqlx::query("SELECT id, contact_id, work_item_id FROM communications WHERE tenant_id = $1 AND kind = $3 AND external_id = $2")
                .bind(tenant.0)
                .bind(&message.key)
                .bind(message.channel.kind()),
        }
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("contact_id")?, r.try_get("work_item_id")?)))
            .transpose()
            .map_err(backend)
    }

    async fn contact_by(conn: &mut Conn, sql: &str, tenant: TenantId, key: &str) -> StoreResult<Option<ContactId>> {
        let id: Option<i64> = sqlx::query_scalar(sql).bind(tenant.0).bind(key).fetch_optional(&mut *conn).await.map_err(backend)?;
        Ok(id.map(ContactId))
    }

    async fn by_email(conn: &mut Conn, tenant: TenantId, email: &str) -> StoreResult<Option<ContactId>> {
        let key = app::domain::contact::email_key(email);
        contact_by(conn, "SELECT id FROM contacts WHERE tenant_id = $1 AND email_lower = $2", tenant, &key).await
    }

    /// A mobile number wins over a landline; the oldest contact wins a tie.
    async fn by_phone(conn: &mut Conn, tenant: TenantId, e164: &str) -> StoreResult<Option<ContactId>> {
        if let Some(c) = contact_by(conn, "SELECT id FROM contacts WHERE tenant_id = $1 AND mobile_e164 = $2 ORDER BY id LIMIT 1", tenant, e164).await? {
            return Ok(Some(c));
        }
        contact_by(conn, "SELECT id FROM contacts WHERE tenant_id = $1 AND phone_e164 = $2 ORDER BY id LIMIT 1", tenant, e164).await
    }

    /// The sender's contact: by address (email), number (SMS), or handle, then the email or
    /// number a handle is (chat).
    async fn find_sender(conn: &mut Conn, tenant: TenantId, message: &InboundMessage) -> StoreResult<Option<ContactId>> {
        let sender = &message.sender;
        match message.channel {
            Channel::Email => by_email(conn, tenant, &sender.key).await,
            Channel::Sms => by_phone(conn, tenant, &sender.key).await,
            Channel::Chat => {
                let sql = "SELECT contact_id FROM contact_handles WHERE tenant_id = $1 AND channel = 'chat' AND handle_key = $2";
                if let Some(c) = contact_by(conn, sql, tenant, &sender.key.to_lowercase()).await? {
                    return Ok(Some(c));
                }
                if let Some(email) = &sender.email
                    && let Some(c) = by_email(conn, tenant, email).await?
                {
                    return Ok(Some(c));
                }
                match &sender.phone {
                    Some(phone) => by_phone(conn, tenant, phone).await,
                    None => Ok(None),
                }
            }
        }
    }

    /// A contact for an unknown sender: names decoded from the display name, and the address,
    /// number or handle the message came from.
    async fn create_sender(conn: &mut Conn, tenant: TenantId, message: &InboundMessage, now: DateTime<Utc>) -> StoreResult<ContactId> {
        let sender = &message.sender;
        let fields = ContactFields {
            first_name: sender.first_name.clone(),
            last_name: sender.last_name.clone(),
            email: sender.email.clone(),
            mobile: sender.phone.clone().map(|e164| PhoneValue { typed: e164.clone(), e164 }),
            ..Default::default()
        };
        let via = match message.channel {
            Channel::Email => CreatedVia::Email,
            Channel::Sms => CreatedVia::Sms,
            Channel::Chat => CreatedVia::Chat,
        };
        let id = insert_contact(conn, tenant, None, &fields, via, now).await?;
        if message.channel == Channel::Chat && sender.email.is_none() && sender.phone.is_none() {
            sqlx::query(
                "INSERT INTO contact_handles (tenant_id, channel, handle_key, handle, contact_id, created_at) VALUES ($1, 'chat', $2, $3, $4, $5)",
            )
            .bind(tenant.0)
            .bind(sender.key.to_lowercase())
            .bind(&sender.key)
            .bind(id.0)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        }
        Ok(id)
    }

    /// The work item an email answers: the newest one holding an email it names in
    /// In-Reply-To/References, else one named by a `+reference` recipient. (id, state).
    async fn thread_target(conn: &mut Conn, tenant: TenantId, message: &InboundMessage) -> StoreResult<Option<(i64, String)>> {
        if !message.thread_ids.is_empty() {
            let mut qb: QueryBuilder<Db> = QueryBuilder::new(
                "SELECT w.id, w.state FROM communications c JOIN work_items w ON w.tenant_id = c.tenant_id AND w.id = c.work_item_id \
                 WHERE c.tenant_id = ",
            );
            qb.push_bind(tenant.0).push(" AND c.message_id IN (");
            let mut list = qb.separated(", ");
            for id in message.thread_ids.iter().take(50) {
                list.push_bind(id);
            }
            qb.push(") ORDER BY c.occurred_at DESC, c.id DESC LIMIT 1");
            if let Some(r) = qb.build().fetch_optional(&mut *conn).await.map_err(backend)? {
                return Ok(Some((r.try_get("id").map_err(backend)?, r.try_get("state").map_err(backend)?)));
            }
        }
        for reference in &message.references {
            let row = sqlx::query("SELECT id, state FROM work_items WHERE tenant_id = $1 AND reference = $2")
                .bind(tenant.0)
                .bind(reference)
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend)?;
            if let Some(r) = row {
                return Ok(Some((r.try_get("id").map_err(backend)?, r.try_get("state").map_err(backend)?)));
            }
        }
        Ok(None)
    }

    /// The Ticket type incoming messages start: the tenant's oldest live Ticket type.
    async fn intake_ticket_type(conn: &mut Conn, tenant: TenantId) -> StoreResult<i64> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM work_item_types WHERE tenant_id = $1 AND kind = 'ticket' AND live = TRUE ORDER BY id LIMIT 1",
        )
        .bind(tenant.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
        id.ok_or_else(|| StoreError::Invalid {
            field: "work_item_type".into(),
            message: "This tenant has no live Ticket type to file incoming messages under; an admin must create one.".into(),
        })
    }

    async fn default_queue(conn: &mut Conn, tenant: TenantId) -> StoreResult<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM queues WHERE tenant_id = $1 ORDER BY is_default DESC, id LIMIT 1")
            .bind(tenant.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)
    }

    fn title_for(message: &InboundMessage) -> String {
        let subject = message.subject.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let title = match (subject, message.channel) {
            (Some(s), _) => s.to_string(),
            (None, Channel::Email) => format!("Email from {}", message.sender.display),
            (None, Channel::Sms) => format!("SMS from {}", message.sender.display),
            (None, Channel::Chat) => format!("Chat from {}", message.sender.display),
        };
        app::intake::clip(&title, TITLE_CHARS)
    }

    /// A new Ticket in the default queue: To Do with `first` tagged, or Draft without a
    /// contact (an agent adds or creates one from the item's contacts card).
    async fn new_ticket(conn: &mut Conn, tenant: TenantId, message: &InboundMessage, first: Option<(ContactId, &str)>, now: DateTime<Utc>) -> StoreResult<(i64, String)> {
        let type_id = intake_ticket_type(conn, tenant).await?;
        let queue = default_queue(conn, tenant).await?;
        let state = if first.is_some() { "to_do" } else { "draft" };
        let title = title_for(message);
        insert_work_item(conn, tenant, None, type_id, (first, Some(&title)), (queue, state), now).await
    }

    /// A Closed item was answered: a new Ticket with the same contacts and tags.
    async fn ticket_from_closed(conn: &mut Conn, tenant: TenantId, message: &InboundMessage, closed: i64, now: DateTime<Utc>) -> StoreResult<(i64, String)> {
        let (id, reference) = new_ticket(conn, tenant, message, None, now).await?;
        let rows = sqlx::query("SELECT contact_id, tags FROM work_item_contacts WHERE tenant_id = $1 AND work_item_id = $2 ORDER BY added_at, contact_id")
            .bind(tenant.0)
            .bind(closed)
            .fetch_all(&mut *conn)
            .await
            .map_err(backend)?;
        let mut has_primary = false;
        for r in &rows {
            let contact: i64 = r.try_get("contact_id").map_err(backend)?;
            let tags: String = r.try_get("tags").map_err(backend)?;
            has_primary |= tags.split(',').any(|t| t == "primary");
            sqlx::query("INSERT INTO work_item_contacts (tenant_id, work_item_id, contact_id, tags, added_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(tenant.0)
                .bind(id)
                .bind(contact)
                .bind(&tags)
                .bind(millis(now))
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            audit(&mut *conn, tenant, None, ("contact", contact), (&format!("Tags on {reference}"), None, Some(&tags.replace(',', ", "))), now).await?;
        }
        if has_primary {
            sqlx::query(
                "UPDATE work_items SET state = 'to_do', primary_priority = coalesce((SELECT c.priority FROM work_item_contacts t \
                 JOIN contacts c ON c.tenant_id = t.tenant_id AND c.id = t.contact_id WHERE t.tenant_id = $1 AND t.work_item_id = $2 \
                 AND (',' || t.tags || ',') LIKE '%,primary,%' LIMIT 1), 1) WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant.0)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
            audit(&mut *conn, tenant, None, ("work_item", id), ("State", Some("draft"), Some("to_do")), now).await?;
        }
        Ok((id, reference))
    }

    async fn reopen(conn: &mut Conn, tenant: TenantId, item: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE work_items SET state = 'to_do', waiting_reason = NULL, updated_at = $3, version = version + 1 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(item)
        .bind(millis(now))
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        audit(&mut *conn, tenant, None, ("work_item", item), ("State", Some("resolved"), Some("to_do")), now).await
    }

    async fn reference_of(conn: &mut Conn, tenant: TenantId, item: Option<i64>) -> StoreResult<Option<String>> {
        let Some(item) = item else { return Ok(None) };
        sqlx::query_scalar("SELECT reference FROM work_items WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(item)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)
    }

    pub async fn ingest(store: &SqlStore, tenant: TenantId, message: &InboundMessage, now: DateTime<Utc>) -> StoreResult<IngestOutcome> {
        let now = millis(now);
        let mut tx = dialect::begin(&store.write).await?;
        if let Some((id, contact, item)) = already_stored(&mut tx, tenant, message).await? {
            let work_item = reference_of(&mut tx, tenant, item).await?;
            return Ok(IngestOutcome {
                duplicate: true,
                communication_id: id,
                contact_id: contact.map(ContactId),
                contact_created: false,
                work_item,
                work_item_action: None,
                auto_reply: message.auto_reply,
            });
        }
        let auto_create: Option<bool> = sqlx::query_scalar("SELECT auto_create_contacts FROM tenants WHERE id = $1")
            .bind(tenant.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let auto_create = auto_create.ok_or(StoreError::NotFound)?;
        let mut contact = find_sender(&mut tx, tenant, message).await?;
        let mut contact_created = false;
        if contact.is_none() && auto_create && !message.auto_reply {
            contact = Some(create_sender(&mut tx, tenant, message, now).await?);
            contact_created = true;
        }
        let target = match message.channel {
            Channel::Email => thread_target(&mut tx, tenant, message).await?,
            _ => None,
        };
        let (item, action) = match (target, message.auto_reply) {
            // An auto-reply sits on the item it answers but changes nothing, and starts nothing.
            (Some((item, _)), true) => (Some(item), Some(WorkAction::Attached)),
            (None, true) => (None, None),
            (Some((item, state)), false) => match state.as_str() {
                "resolved" => {
                    reopen(&mut tx, tenant, item, now).await?;
                    (Some(item), Some(WorkAction::Reopened))
                }
                "closed" => {
                    let (id, _) = ticket_from_closed(&mut tx, tenant, message, item, now).await?;
                    (Some(id), Some(WorkAction::NewFromClosed))
                }
                _ => (Some(item), Some(WorkAction::Attached)),
            },
            // SMS and chat from a known (or new) contact go to the contact's Communications;
            // email always starts a Ticket; anything without a contact waits in a Draft.
            (None, false) if message.channel == Channel::Email || contact.is_none() => {
                let first = contact.map(|c| (c, SENDER_TAGS));
                let (id, _) = new_ticket(&mut tx, tenant, message, first, now).await?;
                (Some(id), Some(WorkAction::Created))
            }
            (None, false) => (None, None),
        };
        let new = NewCommunication {
            kind: message.channel.kind().into(),
            direction: "incoming".into(),
            subject: message.subject.clone(),
            body_text: message.text.clone(),
            body_html: message.html.clone(),
            from_address: Some(message.sender.display.clone()),
            to_address: (!message.to.is_empty()).then(|| message.to.join(", ")),
            cc_address: (!message.cc.is_empty()).then(|| message.cc.join(", ")),
            contact_id: contact,
            work_item_id: item,
            message_id: (message.channel == Channel::Email).then(|| message.key.clone()),
            external_id: (message.channel != Channel::Email).then(|| message.key.clone()),
            occurred_at: Some(message.occurred_at.min(now)),
            auto_reply: message.auto_reply,
            in_reply_to: message.thread_ids.first().cloned(),
            attachments: message.attachments.clone(),
            send_status: None,
        };
        let id = insert_communication(&mut tx, tenant, None, &new, now).await?;
        if let Some(raw) = &message.raw {
            sqlx::query("INSERT INTO email_sources (tenant_id, communication_id, raw) VALUES ($1, $2, $3)")
                .bind(tenant.0)
                .bind(id)
                .bind(raw.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        let work_item = reference_of(&mut tx, tenant, item).await?;
        tx.commit().await.map_err(backend)?;
        Ok(IngestOutcome {
            duplicate: false,
            communication_id: id,
            contact_id: contact,
            contact_created,
            work_item,
            work_item_action: action,
            auto_reply: message.auto_reply,
        })
    }

    pub async fn record_outgoing(store: &SqlStore, tenant: TenantId, actor: UserId, work_item: i64, mail: &OutgoingEmail, now: DateTime<Utc>) -> StoreResult<i64> {
        let now = millis(now);
        let mut tx = dialect::begin(&store.write).await?;
        let mut contact = None;
        for to in &mail.to {
            if let Some(c) = by_email(&mut tx, tenant, app::intake::address_of(to)).await? {
                contact = Some(c);
                break;
            }
        }
        let new = NewCommunication {
            kind: "email".into(),
            direction: "outgoing".into(),
            subject: Some(mail.subject.clone()),
            body_text: mail.text.clone(),
            from_address: Some(mail.from.clone()),
            to_address: Some(mail.to.join(", ")),
            cc_address: (!mail.cc.is_empty()).then(|| mail.cc.join(", ")),
            contact_id: contact,
            work_item_id: Some(work_item),
            message_id: Some(mail.message_id.clone()),
            in_reply_to: mail.in_reply_to.clone(),
            send_status: Some(send_status::SENDING.into()),
            ..Default::default()
        };
        let id = insert_communication(&mut tx, tenant, Some(actor), &new, now).await?;
        sqlx::query("UPDATE communications SET send_attempts = 1, send_attempted_at = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.0)
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    fn split_list(list: Option<String>) -> Vec<String> {
        list.map(|l| app::intake::split_addresses(&l)).unwrap_or_default()
    }

    pub async fn claim_retry(store: &SqlStore, tenant: TenantId, id: i64, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> StoreResult<(OutgoingEmail, String)> {
        let mut tx = dialect::begin(&store.write).await?;
        let claimed = sqlx::query(
            "UPDATE communications SET send_status = 'sending', send_error = NULL, send_attempts = send_attempts + 1, \
             send_attempted_at = $3 WHERE tenant_id = $1 AND id = $2 AND kind = 'email' AND direction = 'outgoing' \
             AND (send_status = 'failed' OR (send_status = 'sending' AND send_attempted_at < $4)) \
             RETURNING message_id, from_address, to_address, cc_address, subject, body_text, in_reply_to, work_item_id",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(millis(now))
        .bind(millis(stale_before))
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(r) = claimed else {
            let status: Option<Option<String>> = sqlx::query_scalar(
                "SELECT send_status FROM communications WHERE tenant_id = $1 AND id = $2 AND kind = 'email' AND direction = 'outgoing'",
            )
            .bind(tenant.0)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
            return Err(match status.flatten() {
                None => StoreError::NotFound,
                Some(s) => StoreError::Invalid {
                    field: "send".into(),
                    message: if s == send_status::SENT {
                        "This email was already sent.".into()
                    } else {
                        "This email is being sent; try again in a few minutes if it does not arrive.".into()
                    },
                },
            });
        };
        let get = |c: &str| r.try_get::<Option<String>, _>(c).map_err(backend);
        let mail = OutgoingEmail {
            message_id: get("message_id")?.unwrap_or_default(),
            from: get("from_address")?.unwrap_or_default(),
            reply_to: String::new(),
            to: split_list(get("to_address")?),
            cc: split_list(get("cc_address")?),
            subject: get("subject")?.unwrap_or_default(),
            text: r.try_get("body_text").map_err(backend)?,
            in_reply_to: get("in_reply_to")?,
            references: Vec::new(),
        };
        let item: Option<i64> = r.try_get("work_item_id").map_err(backend)?;
        let reference = reference_of(&mut tx, tenant, item).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await.map_err(backend)?;
        Ok((mail, reference))
    }

    pub async fn finish_send(store: &SqlStore, tenant: TenantId, id: i64, error: Option<&str>, _now: DateTime<Utc>) -> StoreResult<()> {
        let status = if error.is_some() { send_status::FAILED } else { send_status::SENT };
        let done = sqlx::query(
            "UPDATE communications SET send_status = $3, send_error = $4 WHERE tenant_id = $1 AND id = $2 AND direction = 'outgoing'",
        )
        .bind(tenant.0)
        .bind(id)
        .bind(status)
        .bind(error.map(|e| app::intake::clip(e, 500)))
        .execute(&store.write)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn email_thread(store: &SqlStore, tenant: TenantId, work_item: i64) -> StoreResult<EmailThread> {
        let rows = sqlx::query(
            "SELECT message_id, direction FROM communications WHERE tenant_id = $1 AND work_item_id = $2 AND kind = 'email' \
             AND message_id IS NOT NULL AND auto_reply = FALSE ORDER BY occurred_at DESC, id DESC LIMIT 20",
        )
        .bind(tenant.0)
        .bind(work_item)
        .fetch_all(&store.read)
        .await
        .map_err(backend)?;
        let mut thread = EmailThread::default();
        for r in rows.iter().rev() {
            let id: String = r.try_get("message_id").map_err(backend)?;
            let direction: String = r.try_get("direction").map_err(backend)?;
            if direction == "incoming" {
                thread.last_incoming = Some(id.clone());
            }
            thread.message_ids.push(id);
        }
        Ok(thread)
    }

    #[async_trait]
    impl IntakeStore for SqlStore {
        async fn inbound_token_salt(&self, tenant: TenantId) -> StoreResult<Option<String>> {
            let salt: Option<Option<String>> = sqlx::query_scalar("SELECT inbound_token_salt FROM tenants WHERE id = $1")
                .bind(tenant.0)
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
            salt.ok_or(StoreError::NotFound)
        }

        async fn set_inbound_token_salt(&self, tenant: TenantId, actor: Option<UserId>, salt: &str, now: DateTime<Utc>) -> StoreResult<()> {
            let mut tx = dialect::begin(&self.write).await?;
            let done = sqlx::query("UPDATE tenants SET inbound_token_salt = $2 WHERE id = $1")
                .bind(tenant.0)
                .bind(salt)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            audit(&mut tx, tenant, actor, ("tenant", tenant.0), ("inbound_token", None, Some("rotated")), millis(now)).await?;
            tx.commit().await.map_err(backend)
        }

        async fn ingest(&self, tenant: TenantId, message: &InboundMessage, now: DateTime<Utc>) -> StoreResult<IngestOutcome> {
            ingest(self, tenant, message, now).await
        }

        async fn record_outgoing(&self, tenant: TenantId, actor: UserId, work_item: i64, mail: &OutgoingEmail, now: DateTime<Utc>) -> StoreResult<i64> {
            record_outgoing(self, tenant, actor, work_item, mail, now).await
        }

        async fn claim_retry(&self, tenant: TenantId, id: i64, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> StoreResult<(OutgoingEmail, String)> {
            claim_retry(self, tenant, id, now, stale_before).await
        }

        async fn finish_send(&self, tenant: TenantId, id: i64, error: Option<&str>, now: DateTime<Utc>) -> StoreResult<()> {
            finish_send(self, tenant, id, error, now).await
        }

        async fn email_thread(&self, tenant: TenantId, work_item: i64) -> StoreResult<EmailThread> {
            email_thread(self, tenant, work_item).await
        }
    }
}
