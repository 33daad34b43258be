-- Quickfind (SPEC §3.4): each searchable record carries a search document computed in Rust
-- (app::domain::search_text::document — lower-cased words and reversed phone digits).
-- `search_tsv` holds its words verbatim plus the pieces between punctuation (no stemming, no
-- stop words: `array_to_tsvector`, not a text-search configuration), GIN-indexed for exact and
-- prefix matches; a pg_trgm GIN index answers substrings of 3+ characters.
-- The GIN indexes do not lead with tenant_id: a tenant key inside a GIN index would make every
-- query read that tenant's whole posting list. Queries filter by tenant on the row, and a
-- Citus deployment distributes these tables by tenant_id, each shard with its own indexes.
-- `search_doc IS NULL` means "not indexed yet": the server fills those in at start-up.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION search_lexemes(doc TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array_remove(
        string_to_array(coalesce(doc, ''), ' ') || regexp_split_to_array(coalesce(doc, ''), '[^[:alnum:]~]+'),
        ''))
$$;

ALTER TABLE contacts ADD COLUMN search_doc TEXT;
ALTER TABLE contacts ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (search_lexemes(search_doc)) STORED;
ALTER TABLE work_items ADD COLUMN search_doc TEXT;
ALTER TABLE work_items ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (search_lexemes(search_doc)) STORED;
-- Communications: every word (subject, body, addresses) is in `search_tsv`; substrings are
-- matched in the subject and addresses only (`search_head`).
ALTER TABLE communications ADD COLUMN search_doc TEXT;
ALTER TABLE communications ADD COLUMN search_head TEXT;
ALTER TABLE communications ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (search_lexemes(search_doc)) STORED;

CREATE INDEX contacts_search_pending ON contacts (tenant_id, id) WHERE search_doc IS NULL;
CREATE INDEX work_items_search_pending ON work_items (tenant_id, id) WHERE search_doc IS NULL;
CREATE INDEX communications_search_pending ON communications (tenant_id, id) WHERE search_doc IS NULL;

CREATE INDEX contacts_search_words ON contacts USING gin (search_tsv);
CREATE INDEX contacts_search_trigrams ON contacts USING gin (search_doc gin_trgm_ops);
CREATE INDEX work_items_search_words ON work_items USING gin (search_tsv);
CREATE INDEX work_items_search_trigrams ON work_items USING gin (search_doc gin_trgm_ops);
CREATE INDEX communications_search_words ON communications USING gin (search_tsv);
CREATE INDEX communications_search_trigrams ON communications USING gin (search_head gin_trgm_ops);
