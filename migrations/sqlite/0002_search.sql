-- Quickfind (SPEC §3.4): each searchable record carries a search document computed in Rust
-- (app::domain::search_text::document — lower-cased words and reversed phone digits), which
-- triggers copy into FTS5 tables:
--   *_fts  word index (unicode61, no diacritic folding, marks kept in words; `~` kept for phone
--          tokens, `@` and `.` so an email address or a domain is one token — looked up whole
--          or by prefix, its parts found as substrings) with prefix indexes so 1–4 character
--          prefixes are one doclist lookup;
--   *_tri  trigram index for substrings of 3+ characters.
-- The FTS rowid is the record's id (ids are unique per table across tenants); every query
-- joins back to the base table on (tenant_id, id), which scopes it to the tenant.
-- `search_doc IS NULL` means "not indexed yet": the server fills those in at start-up.

ALTER TABLE contacts ADD COLUMN search_doc TEXT;
ALTER TABLE work_items ADD COLUMN search_doc TEXT;
-- Communications: every word (subject, body, addresses) is in the word index; substrings are
-- matched in the subject and addresses only (`search_head`).
ALTER TABLE communications ADD COLUMN search_doc TEXT;
ALTER TABLE communications ADD COLUMN search_head TEXT;

CREATE INDEX contacts_search_pending ON contacts (tenant_id, id) WHERE search_doc IS NULL;
CREATE INDEX work_items_search_pending ON work_items (tenant_id, id) WHERE search_doc IS NULL;
CREATE INDEX communications_search_pending ON communications (tenant_id, id) WHERE search_doc IS NULL;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    doc, content = '', contentless_delete = 1, prefix = '1 2 3 4',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '~@.'"
);
CREATE VIRTUAL TABLE contacts_tri USING fts5(doc, content = '', contentless_delete = 1, tokenize = 'trigram');

CREATE VIRTUAL TABLE work_items_fts USING fts5(
    doc, content = '', contentless_delete = 1, prefix = '1 2 3 4',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '~@.'"
);
CREATE VIRTUAL TABLE work_items_tri USING fts5(doc, content = '', contentless_delete = 1, tokenize = 'trigram');

CREATE VIRTUAL TABLE communications_fts USING fts5(
    doc, content = '', contentless_delete = 1, prefix = '3 4',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '~@.'"
);
CREATE VIRTUAL TABLE communications_tri USING fts5(doc, content = '', contentless_delete = 1, tokenize = 'trigram');

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

CREATE TRIGGER work_items_search_insert AFTER INSERT ON work_items WHEN new.search_doc IS NOT NULL BEGIN
    INSERT INTO work_items_fts (rowid, doc) VALUES (new.id, new.search_doc);
    INSERT INTO work_items_tri (rowid, doc) VALUES (new.id, new.search_doc);
END;
CREATE TRIGGER work_items_search_update AFTER UPDATE OF search_doc ON work_items BEGIN
    DELETE FROM work_items_fts WHERE rowid = old.id;
    DELETE FROM work_items_tri WHERE rowid = old.id;
    INSERT INTO work_items_fts (rowid, doc) SELECT new.id, new.search_doc WHERE new.search_doc IS NOT NULL;
    INSERT INTO work_items_tri (rowid, doc) SELECT new.id, new.search_doc WHERE new.search_doc IS NOT NULL;
END;
CREATE TRIGGER work_items_search_delete AFTER DELETE ON work_items BEGIN
    DELETE FROM work_items_fts WHERE rowid = old.id;
    DELETE FROM work_items_tri WHERE rowid = old.id;
END;

CREATE TRIGGER communications_search_insert AFTER INSERT ON communications WHEN new.search_doc IS NOT NULL BEGIN
    INSERT INTO communications_fts (rowid, doc) VALUES (new.id, new.search_doc);
    INSERT INTO communications_tri (rowid, doc) VALUES (new.id, coalesce(new.search_head, ''));
END;
CREATE TRIGGER communications_search_update AFTER UPDATE OF search_doc, search_head ON communications BEGIN
    DELETE FROM communications_fts WHERE rowid = old.id;
    DELETE FROM communications_tri WHERE rowid = old.id;
    INSERT INTO communications_fts (rowid, doc) SELECT new.id, new.search_doc WHERE new.search_doc IS NOT NULL;
    INSERT INTO communications_tri (rowid, doc) SELECT new.id, coalesce(new.search_head, '') WHERE new.search_doc IS NOT NULL;
END;
CREATE TRIGGER communications_search_delete AFTER DELETE ON communications BEGIN
    DELETE FROM communications_fts WHERE rowid = old.id;
    DELETE FROM communications_tri WHERE rowid = old.id;
END;
