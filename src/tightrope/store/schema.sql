-- tightrope's DuckDB store. Every record table keeps the contract's record verbatim in
-- `record` (JSON, for exact export) beside flattened columns for filtering and analysis.
-- A document's rows are replaced as a unit inside one transaction, so a store only ever
-- holds whole documents (see docs/store.md).
--
-- Columns every record table shares:
--   seq        position of the record in the document's extraction output (export order)
--   published  the document's publication date, outlet its outlet (copied: no joins needed)
--   day        the date filters and timelines use: the event's own date when the text gives
--              one (events only), else the publication date
--
-- Adding a column or a table here is safe: Store() adds missing columns to existing files.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS documents (
    doc_id      VARCHAR PRIMARY KEY,
    hash        VARCHAR NOT NULL,       -- sha256 of the text: same id + same hash = same article
    url         VARCHAR,
    outlet      VARCHAR,
    published   DATE,
    title       VARCHAR,
    language    VARCHAR,
    n_sentences INTEGER,
    origin      VARCHAR,                -- where it was read from (path, URL)
    text        VARCHAR,
    ingested_at TIMESTAMP DEFAULT current_timestamp,
    position    BIGINT,                 -- write order: later versions come later (export order)
    seq         INTEGER,                -- position of the document record in the extraction output
    record      JSON
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id     VARCHAR NOT NULL,
    n          INTEGER NOT NULL,        -- 0-based position in the document
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    text       VARCHAR
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR,
    mention_kind VARCHAR, span_start INTEGER, span_end INTEGER,
    seq INTEGER, published DATE, outlet VARCHAR, day DATE,
    record JSON
);

CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    source_text VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
    target_text VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
    sentence VARCHAR, span_start INTEGER, span_end INTEGER,
    trigger VARCHAR,
    date VARCHAR,                        -- as in the record: YYYY-MM-DD | YYYY-MM | YYYY | NULL
    date_precision VARCHAR,              -- day | month | year | NULL
    date_start DATE,                     -- first day the date can mean
    factuality VARCHAR,
    context VARCHAR[],
    intensity DOUBLE,
    confidence DOUBLE,
    published DATE,                      -- copied from the document, for analysis without joins
    outlet VARCHAR,
    day DATE,                            -- date_start if the text dates the event, else published
    seq INTEGER,
    record JSON
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    speaker_text VARCHAR, speaker_name VARCHAR, speaker_country VARCHAR, speaker_role VARCHAR,
    text VARCHAR, direct BOOLEAN, cue VARCHAR, span_start INTEGER, span_end INTEGER,
    published DATE, outlet VARCHAR, day DATE, seq INTEGER,
    record JSON
);

CREATE TABLE IF NOT EXISTS amounts (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    text VARCHAR, value DOUBLE, unit VARCHAR, about VARCHAR, actors VARCHAR[],
    sentence VARCHAR, span_start INTEGER, span_end INTEGER,
    published DATE, outlet VARCHAR, day DATE, seq INTEGER,
    record JSON
);

CREATE TABLE IF NOT EXISTS forecasts (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    holder_text VARCHAR, holder_name VARCHAR, holder_country VARCHAR,
    sentence VARCHAR, span_start INTEGER, span_end INTEGER,
    claim VARCHAR, from_date DATE, by_date DATE, event_ids VARCHAR[],
    published DATE, outlet VARCHAR, day DATE, seq INTEGER,
    record JSON
);

CREATE TABLE IF NOT EXISTS flags (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    flag VARCHAR, text VARCHAR, message VARCHAR, sentence VARCHAR,
    span_start INTEGER, span_end INTEGER,
    published DATE, outlet VARCHAR, day DATE, seq INTEGER,
    record JSON
);

-- Records of kinds this version has no table for (added to the contract later): kept
-- verbatim so that export still gives back everything extraction produced.
CREATE TABLE IF NOT EXISTS other_records (
    doc_id VARCHAR NOT NULL, id VARCHAR, kind VARCHAR NOT NULL,
    published DATE, outlet VARCHAR, day DATE, seq INTEGER,
    record JSON
);

-- Hand-set forecast statuses (tightrope ledger resolve): they win over automatic proposals.
CREATE TABLE IF NOT EXISTS ledger_resolutions (
    forecast_id VARCHAR PRIMARY KEY,
    status      VARCHAR NOT NULL,        -- met | not met
    note        VARCHAR,
    resolved_at TIMESTAMP DEFAULT current_timestamp
);

-- Story events (tightrope.analysis.corroboration): event mentions from many documents
-- clustered into the real-world events they report. Derived data, rebuilt block by block
-- (a block = type + factuality + dyad) whenever the documents behind it change.
CREATE TABLE IF NOT EXISTS story_mentions (
    story_id VARCHAR NOT NULL,
    block    VARCHAR NOT NULL,
    doc_id   VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR NOT NULL,           -- "st-" + the id of its earliest mention
    block VARCHAR NOT NULL,
    type VARCHAR, factuality VARCHAR,
    mutual BOOLEAN,                      -- AGREE/CONSULT/COOPERATE: source/target in code order
    source_country VARCHAR, target_country VARCHAR,
    day DATE, date_precision VARCHAR,
    intensity DOUBLE,                    -- mean over mentions
    context VARCHAR[],                   -- union over mentions
    n_mentions INTEGER, n_docs INTEGER,
    n_outlets INTEGER,                   -- distinct outlets (a document without one counts alone)
    n_independent INTEGER,               -- outlets, with word-for-word copies counted once
    first_published DATE,
    trigger VARCHAR, sentence VARCHAR,   -- of the earliest mention
    mentions VARCHAR[]                   -- event ids
);

-- Which document versions the story tables were built from.
CREATE TABLE IF NOT EXISTS story_docs (doc_id VARCHAR NOT NULL, hash VARCHAR);
