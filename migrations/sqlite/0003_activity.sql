-- Contact Activity page (SPEC §2.3): which communications belong to which contact, notes that
-- can be edited, and the per-contact communications search.
--
-- `communication_contacts` lists, for every contact, the communications that belong to it:
-- those written on it directly and those of every work item it is tagged on. It is kept by the
-- store whenever a communication is written or a tag changes, so Caller Communications reads
-- one contact's newest communications as one index range (a contact with 10,000 of them costs
-- the same as one with ten).
--
-- The same membership is written into each communication's search document as tokens
-- `~~c<contact id>` (first, so never cut off); "this contact's communications containing these
-- words" is then one full-text query (an intersection of doclists inside FTS5, of posting
-- lists inside GIN), never a scan of the contact's communications nor of all of them.
-- Existing documents are rebuilt by the server at start-up (search_doc NULL = not indexed).

ALTER TABLE communications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE communications ADD COLUMN edited_by INTEGER;

CREATE TABLE communication_contacts (
    tenant_id         INTEGER NOT NULL REFERENCES tenants(id),
    contact_id        INTEGER NOT NULL,
    occurred_at       TEXT NOT NULL,
    communication_id  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, occurred_at, communication_id)
) WITHOUT ROWID;
CREATE INDEX communication_contacts_by_communication
    ON communication_contacts (tenant_id, communication_id, contact_id, occurred_at);

-- Notes written on a contact, newest first.
CREATE INDEX communications_notes_by_contact
    ON communications (tenant_id, contact_id, occurred_at) WHERE kind = 'note' AND work_item_id IS NULL;

UPDATE communications SET search_doc = NULL, search_head = NULL;
