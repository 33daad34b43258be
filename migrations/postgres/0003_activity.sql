-- Contact Activity page (SPEC §2.3). Keep in step with migrations/sqlite/0003_activity.sql,
-- which explains `communication_contacts` and the `~~c<contact id>` membership tokens.

ALTER TABLE communications ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE communications ADD COLUMN edited_by BIGINT;

CREATE TABLE communication_contacts (
    tenant_id         BIGINT NOT NULL REFERENCES tenants(id),
    contact_id        BIGINT NOT NULL,
    occurred_at       TIMESTAMPTZ NOT NULL,
    communication_id  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, occurred_at, communication_id)
);
CREATE INDEX communication_contacts_by_communication
    ON communication_contacts (tenant_id, communication_id, contact_id, occurred_at);

CREATE INDEX communications_notes_by_contact
    ON communications (tenant_id, contact_id, occurred_at) WHERE kind = 'note' AND work_item_id IS NULL;

UPDATE communications SET search_doc = NULL, search_head = NULL;
