-- Communications intake (SPEC §3.7): inbound email, SMS and chat; outgoing email over SMTP.
--
-- This migration rebuilds `contacts` to widen one CHECK (contacts created from an SMS or a
-- chat message say so: created_via 'sms' / 'chat'); SQLite cannot alter a CHECK in place.
-- sqlx runs the file in one transaction (all or nothing), where `PRAGMA foreign_keys` cannot
-- change, so foreign keys are deferred instead: the rows are copied aside, the old table is
-- dropped (its implicit delete leaves the children's references pending), the new table is
-- created under the same name and the rows are put back, which satisfies those references
-- again before the commit checks them. Indexes and the search triggers are then re-created;
-- FTS rows are keyed by contact id, so the search indexes stay valid.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE contacts_copy AS SELECT * FROM contacts;
DROP TABLE contacts;
CREATE TABLE contacts (
    tenant_id           INTEGER NOT NULL REFERENCES tenants(id),
    id                  INTEGER NOT NULL,
    first_name          TEXT,
    last_name           TEXT,
    first_name_key      TEXT NOT NULL DEFAULT '',
    last_name_key       TEXT NOT NULL DEFAULT '',
    city_key            TEXT NOT NULL DEFAULT '',
    address             TEXT,
    city                TEXT,
    state               TEXT,
    postal_code         TEXT,
    country             TEXT,
    time_zone           TEXT,
    email               TEXT,
    email_lower         TEXT,
    phone               TEXT,
    phone_e164          TEXT,
    mobile              TEXT,
    mobile_e164         TEXT,
    fax                 TEXT,
    fax_e164            TEXT,
    account_id          INTEGER,
    priority            INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    preferred_channels  TEXT NOT NULL DEFAULT '',
    created_via         TEXT NOT NULL CHECK (created_via IN ('manual', 'quickfind', 'work_item', 'email', 'import', 'sms', 'chat')),
    created_at          TEXT NOT NULL,
    created_by          INTEGER,
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER,
    version             INTEGER NOT NULL DEFAULT 1,
    search_doc          TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts(tenant_id, id)
);
INSERT INTO contacts (tenant_id, id, first_name, last_name, first_name_key, last_name_key, city_key, address, city,
    state, postal_code, country, time_zone, email, email_lower, phone, phone_e164, mobile, mobile_e164, fax, fax_e164,
    account_id, priority, preferred_channels, created_via, created_at, created_by, updated_at, updated_by, version, search_doc)
SELECT tenant_id, id, first_name, last_name, first_name_key, last_name_key, city_key, address, city,
    state, postal_code, country, time_zone, email, email_lower, phone, phone_e164, mobile, mobile_e164, fax, fax_e164,
    account_id, priority, preferred_channels, created_via, created_at, created_by, updated_at, updated_by, version, search_doc
FROM contacts_copy;
DROP TABLE contacts_copy;

CREATE UNIQUE INDEX contacts_email ON contacts (tenant_id, email_lower) WHERE email_lower IS NOT NULL;
CREATE INDEX contacts_phone ON contacts (tenant_id, phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX contacts_mobile ON contacts (tenant_id, mobile_e164) WHERE mobile_e164 IS NOT NULL;
CREATE INDEX contacts_account ON contacts (tenant_id, account_id);
CREATE INDEX contacts_by_last_name ON contacts (tenant_id, last_name_key, first_name_key, id);
CREATE INDEX contacts_by_first_name ON contacts (tenant_id, first_name_key, last_name_key, id);
CREATE INDEX contacts_by_email ON contacts (tenant_id, coalesce(email_lower, ''), id);
CREATE INDEX contacts_by_city ON contacts (tenant_id, city_key, id);
CREATE INDEX contacts_by_updated ON contacts (tenant_id, updated_at, id);
CREATE INDEX contacts_by_priority ON contacts (tenant_id, priority, id);
CREATE INDEX contacts_search_pending ON contacts (tenant_id, id) WHERE search_doc IS NULL;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN new.search_doc IS NOT NULL BEGIN
    INSERT INTO contacts_fts (rowid, doc) VALUES (new.id, new.search_doc);
    INSERT INTO contacts_tri (rowid, doc) VALUES (new.id, new.search_doc);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF search_doc ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    DELETE FROM contacts_tri WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, doc) SELECT new.id, new.search_doc WHERE new.search_doc IS NOT NULL;
    INSERT INTO contacts_tri (rowid, doc) SELECT new.id, new.search_doc WHERE new.search_doc IS NOT NULL;
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    DELETE FROM contacts_tri WHERE rowid = old.id;
END;

-- Chat handles: a chat message's sender is matched by its handle (lower-cased, per channel).
CREATE TABLE contact_handles (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    channel     TEXT NOT NULL,
    handle_key  TEXT NOT NULL,
    handle      TEXT NOT NULL,
    contact_id  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, channel, handle_key),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX contact_handles_by_contact ON contact_handles (tenant_id, contact_id);

-- Messages: Cc, the provider's id of an SMS/chat message (idempotency), auto-replies, the
-- attachments' names and sizes (JSON), and an outgoing email's delivery status.
ALTER TABLE communications ADD COLUMN cc_address TEXT;
ALTER TABLE communications ADD COLUMN external_id TEXT;
ALTER TABLE communications ADD COLUMN auto_reply INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communications ADD COLUMN in_reply_to TEXT;
ALTER TABLE communications ADD COLUMN attachments TEXT;
ALTER TABLE communications ADD COLUMN send_status TEXT CHECK (send_status IN ('sending', 'sent', 'failed'));
ALTER TABLE communications ADD COLUMN send_error TEXT;
ALTER TABLE communications ADD COLUMN send_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communications ADD COLUMN send_attempted_at TEXT;
CREATE UNIQUE INDEX communications_external_id ON communications (tenant_id, kind, external_id) WHERE external_id IS NOT NULL;

-- The raw message as delivered, so nothing in an email (attachments, headers) is ever lost.
CREATE TABLE email_sources (
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    communication_id  INTEGER NOT NULL,
    raw               BLOB NOT NULL,
    PRIMARY KEY (tenant_id, communication_id),
    FOREIGN KEY (tenant_id, communication_id) REFERENCES communications(tenant_id, id)
);

-- The inbound token is derived from the server secret and this per-tenant salt (HMAC), so the
-- server and its CLI can show it again; rotating replaces the salt. The old hash column
-- (token shown once) is retired.
ALTER TABLE tenants ADD COLUMN inbound_token_salt TEXT;
ALTER TABLE tenants DROP COLUMN inbound_token_hash;
