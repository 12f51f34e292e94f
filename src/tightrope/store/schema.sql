-- tightrope's DuckDB store. Every record table keeps the contract's record verbatim in
-- `record` (JSON, for exact export) beside flattened columns for filtering and analysis.
-- A document's rows are replaced as a unit inside one transaction, so a store only ever
-- holds whole documents.

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
    record JSON
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    speaker_text VARCHAR, speaker_name VARCHAR, speaker_country VARCHAR, speaker_role VARCHAR,
    text VARCHAR, direct BOOLEAN, cue VARCHAR, span_start INTEGER, span_end INTEGER,
    published DATE, outlet VARCHAR,
    record JSON
);

CREATE TABLE IF NOT EXISTS amounts (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    text VARCHAR, value DOUBLE, unit VARCHAR, about VARCHAR, actors VARCHAR[],
    sentence VARCHAR, span_start INTEGER, span_end INTEGER,
    published DATE, outlet VARCHAR,
    record JSON
);

CREATE TABLE IF NOT EXISTS forecasts (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    holder_text VARCHAR, holder_name VARCHAR, holder_country VARCHAR,
    sentence VARCHAR, span_start INTEGER, span_end INTEGER,
    claim VARCHAR, from_date DATE, by_date DATE, event_ids VARCHAR[],
    published DATE, outlet VARCHAR,
    record JSON
);

CREATE TABLE IF NOT EXISTS flags (
    doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL,
    flag VARCHAR, message VARCHAR, span_start INTEGER, span_end INTEGER,
    record JSON
);

-- Hand-set forecast statuses (tightrope ledger resolve): they win over automatic proposals.
CREATE TABLE IF NOT EXISTS ledger_resolutions (
    forecast_id VARCHAR PRIMARY KEY,
    status      VARCHAR NOT NULL,        -- met | not met
    note        VARCHAR,
    resolved_at TIMESTAMP DEFAULT current_timestamp
);
