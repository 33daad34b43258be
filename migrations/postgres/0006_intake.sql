-- Communications intake (SPEC §3.7): inbound email, SMS and chat; outgoing email over SMTP.
-- See the SQLite migration of the same number for the reasoning.

ALTER TABLE contacts DROP CONSTRAINT contacts_created_via_check;
ALTER TABLE contacts ADD CONSTRAINT contacts_created_via_check
    CHECK (created_via IN ('manual', 'quickfind', 'work_item', 'email', 'import', 'sms', 'chat'));

CREATE TABLE contact_handles (
    tenant_id   BIGINT NOT NULL REFERENCES tenants(id),
    channel     TEXT NOT NULL,
    handle_key  TEXT NOT NULL,
    handle      TEXT NOT NULL,
    contact_id  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, channel, handle_key),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX contact_handles_by_contact ON contact_handles (tenant_id, contact_id);

ALTER TABLE communications ADD COLUMN cc_address TEXT;
ALTER TABLE communications ADD COLUMN external_id TEXT;
ALTER TABLE communications ADD COLUMN auto_reply BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE communications ADD COLUMN in_reply_to TEXT;
ALTER TABLE communications ADD COLUMN attachments TEXT;
ALTER TABLE communications ADD COLUMN send_status TEXT CHECK (send_status IN ('sending', 'sent', 'failed'));
ALTER TABLE communications ADD COLUMN send_error TEXT;
ALTER TABLE communications ADD COLUMN send_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE communications ADD COLUMN send_attempted_at TIMESTAMPTZ;
CREATE UNIQUE INDEX communications_external_id ON communications (tenant_id, kind, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE email_sources (
    tenant_id         BIGINT NOT NULL REFERENCES tenants(id),
    communication_id  BIGINT NOT NULL,
    raw               BYTEA NOT NULL,
    PRIMARY KEY (tenant_id, communication_id),
    FOREIGN KEY (tenant_id, communication_id) REFERENCES communications(tenant_id, id)
);

ALTER TABLE tenants ADD COLUMN inbound_token_salt TEXT;
ALTER TABLE tenants DROP COLUMN inbound_token_hash;
