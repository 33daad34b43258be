-- Caller Desk foundation schema (SQLite). Keep in step with migrations/postgres/0001_foundation.sql.
-- SQLite has no sequences: `id_sequences` stands in for them (one row a table, no tenant data);
-- writes are serialised by SQLite anyway, so it costs no concurrency.
-- Every table carries tenant_id and every key and index leads with it (Citus-style distribution),
-- except `tenants` itself and `login_directory`, the one global lookup (a Citus reference table):
-- user emails are unique across tenants, so login must find the tenant from the email.

CREATE TABLE tenants (
    id                    INTEGER PRIMARY KEY,
    slug                  TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    default_region        TEXT NOT NULL DEFAULT 'GB',
    personality_insights  INTEGER NOT NULL DEFAULT 0,
    auto_create_contacts  INTEGER NOT NULL DEFAULT 1,
    inbound_token_hash    TEXT,
    created_at            TEXT NOT NULL
);

CREATE TABLE users (
    tenant_id      INTEGER NOT NULL REFERENCES tenants(id),
    id             INTEGER NOT NULL,
    email          TEXT NOT NULL,
    email_lower    TEXT NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email_lower)
);

CREATE TABLE login_directory (
    email_lower  TEXT PRIMARY KEY,
    tenant_id    INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);

CREATE TABLE sessions (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    token_hash    TEXT NOT NULL,
    user_id       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

CREATE TABLE accounts (
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    id                INTEGER NOT NULL,
    identifier        TEXT NOT NULL,
    identifier_lower  TEXT NOT NULL,
    name              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, identifier_lower)
);

CREATE TABLE contacts (
    tenant_id           INTEGER NOT NULL REFERENCES tenants(id),
    id                  INTEGER NOT NULL,
    first_name          TEXT,
    last_name           TEXT,
    -- Lower-cased in Rust (Unicode) for filtering and sorting, so both engines match and
    -- order alike (byte order; PostgreSQL's "C" collation).
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
    -- 0 low, 1 normal, 2 high, 3 urgent: queues order work by it.
    priority            INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
    preferred_channels  TEXT NOT NULL DEFAULT '',
    created_via         TEXT NOT NULL CHECK (created_via IN ('manual', 'quickfind', 'work_item', 'email', 'import')),
    created_at          TEXT NOT NULL,
    created_by          INTEGER,
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER,
    version             INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts(tenant_id, id)
);
-- Email is unique within a tenant, compared case-insensitively.
CREATE UNIQUE INDEX contacts_email ON contacts (tenant_id, email_lower) WHERE email_lower IS NOT NULL;
CREATE INDEX contacts_phone ON contacts (tenant_id, phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE INDEX contacts_mobile ON contacts (tenant_id, mobile_e164) WHERE mobile_e164 IS NOT NULL;
CREATE INDEX contacts_account ON contacts (tenant_id, account_id);
-- Sort orders of the contacts table (the id breaks ties so paging is stable; coalesce makes
-- both engines order missing emails alike).
CREATE INDEX contacts_by_last_name ON contacts (tenant_id, last_name_key, first_name_key, id);
CREATE INDEX contacts_by_first_name ON contacts (tenant_id, first_name_key, last_name_key, id);
CREATE INDEX contacts_by_email ON contacts (tenant_id, coalesce(email_lower, ''), id);
CREATE INDEX contacts_by_city ON contacts (tenant_id, city_key, id);
CREATE INDEX contacts_by_updated ON contacts (tenant_id, updated_at, id);
CREATE INDEX contacts_by_priority ON contacts (tenant_id, priority, id);

CREATE TABLE queues (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    id          INTEGER NOT NULL,
    name        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE work_item_types (
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    id                INTEGER NOT NULL,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('ticket', 'case')),
    live              INTEGER NOT NULL DEFAULT 1,
    show_in_contacts  INTEGER NOT NULL DEFAULT 0,
    default_queue_id  INTEGER,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name),
    FOREIGN KEY (tenant_id, default_queue_id) REFERENCES queues(tenant_id, id)
);

-- Per-tenant counters: work item reference numbers.
CREATE TABLE tenant_counters (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE work_items (
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    id           INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    reference    TEXT NOT NULL,
    type_id      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('draft', 'to_do', 'in_progress', 'waiting', 'resolved', 'closed')),
    waiting_reason TEXT,
    due_at       TEXT,
    queue_id     INTEGER NOT NULL,
    assignee_id  INTEGER,
    created_at   TEXT NOT NULL,
    created_by   INTEGER,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, type_id) REFERENCES work_item_types(tenant_id, id),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES queues(tenant_id, id)
);
CREATE INDEX work_items_number ON work_items (tenant_id, number);
CREATE INDEX work_items_queue_state ON work_items (tenant_id, queue_id, state, due_at);
CREATE INDEX work_items_assignee_state ON work_items (tenant_id, assignee_id, state, due_at);

CREATE TABLE work_item_contacts (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    work_item_id  INTEGER NOT NULL,
    contact_id    INTEGER NOT NULL,
    -- Comma-separated tags: primary, requester, original_requester, subject, cc.
    tags          TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, work_item_id, contact_id),
    FOREIGN KEY (tenant_id, work_item_id) REFERENCES work_items(tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX work_item_contacts_by_contact ON work_item_contacts (tenant_id, contact_id, work_item_id);

CREATE TABLE communications (
    tenant_id     INTEGER NOT NULL REFERENCES tenants(id),
    id            INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('note', 'email', 'sms', 'chat', 'call')),
    direction     TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing', 'internal')),
    subject       TEXT,
    body_text     TEXT NOT NULL DEFAULT '',
    body_html     TEXT,
    from_address  TEXT,
    to_address    TEXT,
    author_id     INTEGER,
    work_item_id  INTEGER,
    contact_id    INTEGER,
    message_id    TEXT,
    occurred_at   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    edited_at     TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, work_item_id) REFERENCES work_items(tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX communications_by_contact ON communications (tenant_id, contact_id, occurred_at) WHERE contact_id IS NOT NULL;
CREATE INDEX communications_by_work_item ON communications (tenant_id, work_item_id, occurred_at) WHERE work_item_id IS NOT NULL;
CREATE UNIQUE INDEX communications_message_id ON communications (tenant_id, message_id) WHERE message_id IS NOT NULL;

CREATE TABLE audit_log (
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    id           INTEGER NOT NULL,
    at           TEXT NOT NULL,
    user_id      INTEGER,
    entity       TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    field        TEXT NOT NULL,
    old_value    TEXT,
    new_value    TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_by_entity ON audit_log (tenant_id, entity, entity_id, at);

CREATE TABLE id_sequences (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO id_sequences (name, value) VALUES
    ('users', 0), ('accounts', 0), ('contacts', 0), ('queues', 0), ('work_item_types', 0),
    ('work_items', 0), ('communications', 0), ('audit_log', 0);
