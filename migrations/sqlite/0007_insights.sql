-- Personality Insights (SPEC §3.6). Keep in step with migrations/postgres/0007_insights.sql.
--
-- A contact's profile is computed from running totals, so a new message never rescans the
-- contact's history: `insight_sources` keeps each counted text's word tally (JSON of
-- `insights::Tally`, no body: the body stays in `communications` or `insight_examples`) and
-- `contact_insights` the sum of the counted ones. A text whose hash is already counted for the
-- contact is kept as 'duplicate'; texts older than the most recent 250 KB are 'trimmed'.
-- Adding or removing a text changes the totals by that text's tally only.

-- Text an agent added by hand as an example of how the contact writes. A paraphrase
-- (verbatim = 0) is kept and shown but not counted.
CREATE TABLE insight_examples (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    id          INTEGER NOT NULL,
    contact_id  INTEGER NOT NULL,
    body        TEXT NOT NULL,
    verbatim    INTEGER NOT NULL,
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
CREATE INDEX insight_examples_by_contact ON insight_examples (tenant_id, contact_id, created_at, id);

-- One row a text: source_id is the communication's id, or the example's id (kind 'example').
CREATE TABLE insight_sources (
    tenant_id    INTEGER NOT NULL REFERENCES tenants(id),
    kind         TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'chat', 'example')),
    source_id    INTEGER NOT NULL,
    contact_id   INTEGER NOT NULL,
    occurred_at  TEXT NOT NULL,
    text_hash    TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    words        INTEGER NOT NULL,
    tally        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('counted', 'duplicate', 'trimmed')),
    PRIMARY KEY (tenant_id, kind, source_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
-- The contact's texts newest first; the oldest counted (trimming) and newest trimmed
-- (un-trimming) ones; the same text already counted for the contact.
CREATE INDEX insight_sources_by_contact ON insight_sources (tenant_id, contact_id, occurred_at);
CREATE INDEX insight_sources_by_status ON insight_sources (tenant_id, contact_id, status, occurred_at, source_id);
CREATE INDEX insight_sources_by_hash ON insight_sources (tenant_id, contact_id, text_hash);

-- The sum of a contact's counted tallies.
CREATE TABLE contact_insights (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    contact_id  INTEGER NOT NULL,
    words       INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    tally       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contact_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
);
-- Whether any profile changed after the norms were computed.
CREATE INDEX contact_insights_by_updated ON contact_insights (tenant_id, updated_at);

-- The tenant's norms (JSON of `insights::Norms`), recomputed in the background.
CREATE TABLE insight_norms (
    tenant_id    INTEGER PRIMARY KEY REFERENCES tenants(id),
    norms        TEXT NOT NULL,
    computed_at  TEXT NOT NULL
);

INSERT INTO id_sequences (name, value) VALUES ('insight_examples', 0);
