//! Helpers for `server/tests/insights_store.rs` (included there with `#[path]`): a tenant
//! whose texts are dated from a base time, and short ways to add, remove and read them.

use chrono::{DateTime, Duration, Utc};

use app::model::{ContactId, Role, TenantId, UserId};
use app::store::{NewCommunication, StoreResult};
use app::store_insights::{
    ContactInsight, InsightExample, NewInsightText, SourceKind, SourceStatus,
};
use insights::{Norms, Tally, text_hash};

use crate::common::TestDb;
use crate::common::fixtures::{contact, now, user};

pub fn sum(tallies: &[&Tally]) -> Tally {
    let mut total = Tally::default();
    for tally in tallies {
        total.add(tally);
    }
    total
}

pub fn of(text: &str) -> Tally {
    Tally::of_text(text)
}

/// A long text: `kb` × 1,000 bytes, with its own hash.
pub fn big(kb: u32, name: &str) -> (String, Tally) {
    let mut tally = Tally::of_text(name);
    tally.bytes = kb * 1000;
    (text_hash(name), tally)
}

pub type Message = (&'static str, &'static str, Option<ContactId>, &'static str);

/// One tenant of a test, with a base time `t0` its texts are dated from.
pub struct Desk<'a> {
    pub t: &'a TestDb,
    pub tenant: TenantId,
    pub t0: DateTime<Utc>,
}

impl<'a> Desk<'a> {
    pub async fn new(t: &'a TestDb, label: &str) -> Desk<'a> {
        let tenant = t.tenant(label).await;
        Desk {
            t,
            tenant,
            t0: now(),
        }
    }

    pub fn at(&self, seconds: i64) -> DateTime<Utc> {
        self.t0 + Duration::seconds(seconds)
    }

    pub async fn contact(&self, name: &str) -> ContactId {
        contact(self.t, self.tenant, name, "Doe").await
    }

    pub async fn user(&self, name: &str) -> UserId {
        user(self.t, self.tenant, name, Role::Agent).await
    }

    /// Adds a text dated `seconds` after `t0` (hash and tally given).
    pub async fn try_add_tally(
        &self,
        (contact_id, kind, source_id): (ContactId, SourceKind, i64),
        seconds: i64,
        (text_hash, tally): (&str, &Tally),
    ) -> StoreResult<SourceStatus> {
        let occurred_at = self.at(seconds);
        let text = NewInsightText {
            contact_id,
            kind,
            source_id,
            occurred_at,
            text_hash,
            tally,
        };
        self.t
            .store
            .add_insight_text(self.tenant, &text, now())
            .await
    }

    pub async fn try_add(
        &self,
        source: (ContactId, SourceKind, i64),
        seconds: i64,
        text: &str,
    ) -> StoreResult<SourceStatus> {
        self.try_add_tally(source, seconds, (&text_hash(text), &of(text)))
            .await
    }

    pub async fn add(
        &self,
        source: (ContactId, SourceKind, i64),
        seconds: i64,
        text: &str,
    ) -> SourceStatus {
        self.try_add(source, seconds, text)
            .await
            .expect("add a text")
    }

    pub async fn add_big(
        &self,
        source: (ContactId, SourceKind, i64),
        seconds: i64,
        big: &(String, Tally),
    ) -> SourceStatus {
        let added = self.try_add_tally(source, seconds, (&big.0, &big.1)).await;
        added.expect("add a long text")
    }

    pub async fn remove(&self, kind: SourceKind, id: i64) {
        let removed = self
            .t
            .store
            .remove_insight_text(self.tenant, kind, id, now())
            .await;
        removed.expect("remove a text");
    }

    pub async fn profile(&self, c: ContactId) -> Option<ContactInsight> {
        self.t
            .store
            .contact_insight(self.tenant, c)
            .await
            .expect("read the profile")
    }

    pub async fn totals(&self, c: ContactId) -> Tally {
        self.profile(c).await.expect("a profile").totals
    }

    /// (source id, status) of the contact's texts, newest first.
    pub async fn statuses(&self, c: ContactId) -> Vec<(i64, SourceStatus)> {
        let sources = self.profile(c).await.map(|p| p.sources).unwrap_or_default();
        sources.iter().map(|s| (s.source_id, s.status)).collect()
    }

    pub async fn example(
        &self,
        actor: UserId,
        c: ContactId,
        text: &str,
        verbatim: bool,
        seconds: i64,
    ) -> StoreResult<InsightExample> {
        let (hash, tally) = (text_hash(text), of(text));
        let counted = verbatim.then_some((hash.as_str(), &tally));
        let store = &self.t.store;
        store
            .add_insight_example(
                self.tenant,
                actor,
                c,
                text,
                verbatim,
                counted,
                self.at(seconds),
            )
            .await
    }

    pub async fn examples(&self, c: ContactId) -> Vec<InsightExample> {
        self.t
            .store
            .insight_examples(self.tenant, c)
            .await
            .expect("list examples")
    }

    /// Stores a communication (kind, direction, contact, body) dated `seconds` after `t0`, on
    /// `item` when it has no contact; "Out of office" is an auto-reply.
    pub async fn message(
        &self,
        (kind, direction, contact_id, body): Message,
        seconds: i64,
        item: Option<i64>,
    ) -> i64 {
        let new = NewCommunication {
            kind: kind.into(),
            direction: direction.into(),
            body_text: body.into(),
            contact_id,
            work_item_id: item.filter(|_| contact_id.is_none()),
            occurred_at: Some(self.at(seconds)),
            auto_reply: body == "Out of office",
            ..Default::default()
        };
        let stored = self
            .t
            .store
            .add_communication(self.tenant, None, &new, now())
            .await;
        stored.expect("store a message")
    }

    pub async fn stale(&self) -> bool {
        self.t
            .store
            .insight_norms_stale(self.tenant)
            .await
            .expect("are the norms stale?")
    }

    pub async fn norms(&self) -> Option<Norms> {
        self.t
            .store
            .insight_norms(self.tenant)
            .await
            .expect("read the norms")
    }

    pub async fn save_norms(&self, norms: &Norms, seconds: i64) {
        let saved = self
            .t
            .store
            .save_insight_norms(self.tenant, norms, self.at(seconds))
            .await;
        saved.expect("save the norms");
    }
}
