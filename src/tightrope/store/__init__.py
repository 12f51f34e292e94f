"""The embedded DuckDB store.

    from tightrope.store import Store, Filters
    with Store("tightrope.duckdb") as store:
        store.ingest_articles(articles, extractor)    # idempotent, one transaction per batch
        store.records("event", Filters(dyad=("USA", "CHN")))
        store.con.execute("SELECT ...")               # analyses query the tables in schema.sql

Rules (docs/store.md has the details):

* A document is identified by its id and its content hash (sha256 of the text). The same id
  with the same hash is already stored and is skipped *before* extraction; the same id with a
  different text replaces the old version and all its rows.
* A document and all its rows are written inside one transaction per batch, so a store only
  ever holds whole documents: after a crash (even `kill -9`) the file opens with the batches
  that were committed, and re-running the same ingest completes the rest.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb

from tightrope.errors import SkippedItem, TightropeError
from tightrope.store.query import (DAY, KEYS, KINDS, TABLES, Filters, Page, QueryError,
                                   count, country_code, date_bound, select)

__all__ = ["DEFAULT_DB", "DOCUMENT_TABLES", "KINDS", "Filters", "IngestResult", "Page", "QueryError",
           "Store", "StoreError"]

DEFAULT_DB = "tightrope.duckdb"
RECORD_TABLES = {kind: table for kind, table in TABLES.items() if kind != "document"}
# Every table holding rows of a document: what replacing a document clears and what a
# distributed run writes per partition (tightrope.scale).
DOCUMENT_TABLES = ("documents", "sentences", *RECORD_TABLES.values(), "other_records")
SCHEMA_VERSION = "2"


class StoreError(TightropeError):
    pass


@dataclass
class IngestResult:
    stored: int = 0       # documents written: new ones and new versions of known ones
    replaced: int = 0     # of those, how many replaced an earlier version (same id, new text)
    unchanged: int = 0    # documents already stored with the same id and content hash
    records: int = 0      # records written
    batches: int = 0      # transactions committed
    failed: int = 0       # articles whose extraction raised an error (not stored)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_PRECISIONS = ("year", "month", "day")


def date_bounds(value: str | None) -> tuple[str | None, dt.date | None]:
    """Precision and first day of a record date ('2025-03' -> ('month', 2025-03-01)), parsed
    by `query.date_bound` like the same YYYY[-MM[-DD]] form in filters."""
    if not value:
        return None, None
    try:
        return _PRECISIONS[value.count("-")], date_bound(value, end=False)
    except (IndexError, QueryError):
        return None, None


def _number(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _actor(a: dict | None, prefix: str) -> dict[str, Any]:
    a = a or {}
    return {f"{prefix}_text": a.get("text"), f"{prefix}_name": a.get("name"),
            f"{prefix}_country": a.get("country"), f"{prefix}_sector": a.get("sector")}


def _span(r: dict) -> dict[str, Any]:
    span = r.get("span") or [None, None]
    return {"span_start": span[0], "span_end": span[1]}


def flatten(record: dict, published: dt.date | None, outlet: str | None,
            seq: int | None = None) -> dict[str, Any]:
    """The columns of a record's table row (see schema.sql)."""
    kind = record["kind"]
    row: dict[str, Any] = {"doc_id": record["doc_id"], "id": record.get("id"), "seq": seq,
                           "published": published, "outlet": outlet, "day": published}
    if kind == "actor":
        row.update(text=record.get("text"), name=record.get("name"), country=record.get("country"),
                   sector=record.get("sector"), role=record.get("role"),
                   mention_kind=record.get("mention_kind"), **_span(record))
    elif kind == "event":
        precision, start = date_bounds(record.get("date"))
        row.update(type=record.get("type"), **_actor(record.get("source"), "source"),
                   **_actor(record.get("target"), "target"), sentence=record.get("sentence"),
                   **_span(record), trigger=record.get("trigger"), date=record.get("date"),
                   date_precision=precision, date_start=start,
                   factuality=record.get("factuality"), context=list(record.get("context") or []),
                   intensity=_number(record.get("intensity")),
                   confidence=_number(record.get("confidence")), day=start or published)
    elif kind == "quote":
        speaker = record.get("speaker") or {}
        row.update(speaker_text=speaker.get("text"), speaker_name=speaker.get("name"),
                   speaker_country=speaker.get("country"), speaker_role=speaker.get("role"),
                   text=record.get("text"), direct=record.get("direct"), cue=record.get("cue"),
                   **_span(record))
    elif kind == "amount":
        row.update(text=record.get("text"), value=_number(record.get("value")),
                   unit=record.get("unit"), about=record.get("about"),
                   actors=list(record.get("actors") or []), sentence=record.get("sentence"),
                   **_span(record))
    elif kind == "forecast":
        holder = record.get("holder") or {}
        row.update(holder_text=holder.get("text"), holder_name=holder.get("name"),
                   holder_country=holder.get("country"), sentence=record.get("sentence"),
                   **_span(record), claim=record.get("claim"), from_date=_date(record.get("from")),
                   by_date=_date(record.get("by")), event_ids=list(record.get("event_ids") or []))
    elif kind == "flag":
        row.update(flag=record.get("flag"), text=record.get("text"),
                   message=record.get("message"), sentence=record.get("sentence"),
                   **_span(record))
    else:
        row["kind"] = kind
    row["record"] = json.dumps(record, ensure_ascii=False)
    return row


def extract_guarded(extractor: Any, articles: Iterable[Any], chunk_size: int,
                    on_error: Callable[[Any, Exception], None]) -> Iterator[Any]:
    """`extractor.many(articles)`, except that an article whose extraction raises costs only
    itself: a chunk that fails is redone one article at a time, and the article that still
    fails goes to `on_error`."""
    iterator = iter(articles)
    while True:
        chunk = list(islice(iterator, chunk_size))
        if not chunk:
            return
        try:
            done = list(extractor.many(chunk))
        except Exception:
            done = []
            for article in chunk:
                try:
                    done.append(extractor.one(article))
                except Exception as error:  # one article's bug must not end the run
                    on_error(article, error)
        yield from done


def dict_rows(cursor: Any) -> list[dict[str, Any]]:
    """The rows of an executed DuckDB query as dicts keyed by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def skipped_article(article: Any, error: Exception) -> SkippedItem:
    """The skip that stands for an article lost to an error (see `error_reason`)."""
    item = getattr(article, "origin", None) or article.id
    return SkippedItem(item, error_reason(error), f"{type(error).__name__}: {error}")


def _print_extraction_error(article: Any, error: Exception) -> None:
    print(f"tightrope: {skipped_article(article, error)}", file=sys.stderr)


def error_reason(error: Exception) -> str:
    """The skip reason for an article lost to an error: extraction or storing its records."""
    return "store-error" if isinstance(error, StoreError) else "extraction-error"


def _arrow_type(duck_type: str):
    import pyarrow as pa

    if duck_type.endswith("[]"):
        return pa.list_(_arrow_type(duck_type[:-2]))
    return {"VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(),
            "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "FLOAT": pa.float32(),
            "BOOLEAN": pa.bool_(), "DATE": pa.date32(),
            "TIMESTAMP": pa.timestamp("us")}.get(duck_type, pa.string())


class Store:
    """One DuckDB file. Open read-only for queries that must not change anything."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no tightrope database at {self.path} (create one with `tightrope ingest`)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            self._create()
        self._columns = self._table_columns()

    # -- schema -------------------------------------------------------------------------

    def _create(self) -> None:
        schema = resources.files("tightrope.store").joinpath("schema.sql").read_text()
        self.con.execute(schema)
        # Files made by an earlier version lack the columns added since: add them (NULL for
        # the rows already there), so a store never has to be rebuilt for a new column.
        fresh = duckdb.connect()
        try:
            fresh.execute(schema)
            wanted = fresh.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                " ORDER BY table_name, ordinal_position").fetchall()
        finally:
            fresh.close()
        have = {(t, c) for t, c in self.con.execute(
            "SELECT table_name, column_name FROM information_schema.columns").fetchall()}
        for table, column, data_type in wanted:
            if (table, column) not in have:
                self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {data_type}')
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    def _table_columns(self) -> dict[str, list[tuple[str, str]]]:
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, data_type in self.con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
            columns.setdefault(table, []).append((column, data_type))
        return columns

    def table_columns(self, table: str) -> list[tuple[str, str]]:
        """(name, DuckDB type) of each column of `table`, in order."""
        return list(self._columns[table])

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def _first(self, sql: str, params: list | None = None) -> tuple | None:
        """The first row of a query. Reads the result to the end: DuckDB refuses other work
        on a connection whose last result was left half-read."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0] if rows else None

    def known_hash(self, doc_id: str) -> str | None:
        """The content hash stored for `doc_id`, or None if it is not stored."""
        row = self._first("SELECT hash FROM documents WHERE doc_id = ?", [doc_id])
        return row[0] if row else None

    def known_hashes(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> stored content hash, for those of `doc_ids` that are stored."""
        return dict(self.con.execute("SELECT doc_id, hash FROM documents WHERE doc_id IN"
                                     " (SELECT unnest(?::VARCHAR[]))", [list(doc_ids)]).fetchall())

    def delete_documents(self, doc_ids: list[str]) -> None:
        """Remove documents and all their rows; run inside the caller's transaction, so a
        replacement is never seen half done."""
        for table in DOCUMENT_TABLES:
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                             [doc_ids])

    def ingest_articles(self, articles: Iterable[Any], extractor: Any, batch_size: int = 50,
                        on_progress: Callable[[IngestResult], None] | None = None,
                        on_commit: Callable[[IngestResult], None] | None = None,
                        result: IngestResult | None = None,
                        on_error: Callable[[Any, Exception], None] | None = None) -> IngestResult:
        """Extract and store `articles` (tightrope.records.Article), skipping those already
        stored with the same content hash *before* they reach the NLP pipeline.

        `extractor` is a tightrope.extract.Extractor (`.many(articles)` and `.one(article)`).
        `on_progress` is called after each article is handled (stored later or skipped as
        unchanged), `on_commit` after each committed batch. Counts go into `result` (a new
        IngestResult unless given), so they stay readable if the run is interrupted. An
        article whose extraction raises is left out and passed to `on_error` (by default a
        line on stderr); the others go on."""
        result = result if result is not None else IngestResult()
        queued: dict[str, str] = {}   # id -> hash of what this run already sent to extraction

        def fresh() -> Iterator[Any]:
            for article in articles:
                digest = article.hash
                if article.id in queued:
                    same = queued[article.id] == digest
                else:
                    same = self.known_hash(article.id) == digest
                if same:
                    result.unchanged += 1
                    if on_progress:
                        on_progress(result)
                    continue
                queued[article.id] = digest
                yield article

        def failed(article: Any, error: Exception, counted: bool = False) -> None:
            if not counted:
                result.failed += 1
            queued.pop(article.id, None)
            (on_error or _print_extraction_error)(article, error)

        extractions = extract_guarded(extractor, fresh(), max(batch_size, 32), failed)
        return self.ingest(extractions, batch_size=batch_size, result=result,
                           on_progress=on_progress, on_commit=on_commit,
                           on_error=lambda article, error: failed(article, error, counted=True))

    def ingest(self, extractions: Iterable[Any], batch_size: int = 50,
               result: IngestResult | None = None,
               on_progress: Callable[[IngestResult], None] | None = None,
               on_commit: Callable[[IngestResult], None] | None = None,
               on_error: Callable[[Any, Exception], None] | None = None) -> IngestResult:
        """Store extractions (objects with .article, .records, .sentences, such as
        tightrope.extract.Extraction), one transaction per `batch_size` documents. Documents
        whose id and content hash are already stored are skipped; a changed document
        replaces its earlier version.

        A batch that cannot be written is rolled back and written again one document per
        transaction, so a document whose records cannot be stored costs only itself: it goes
        to `on_error` (by default a line on stderr) and `result.failed`."""
        result = result if result is not None else IngestResult()
        batch: list[Any] = []

        def flush() -> None:
            try:
                self.write_batch(batch, result)
            except Exception:
                for extraction in batch:
                    try:
                        self.write_batch([extraction], result)
                    except Exception as error:  # this document only; the batch goes on
                        result.failed += 1
                        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
                        (on_error or _print_extraction_error)(
                            extraction.article, StoreError(f"its records cannot be stored: {detail}"))
            if on_commit:
                on_commit(result)

        for extraction in extractions:
            batch.append(extraction)
            if on_progress:
                on_progress(result)
            if len(batch) >= max(1, batch_size):
                flush()
                batch = []
        if batch:
            flush()
        return result

    def write_batch(self, batch: list[Any], result: IngestResult | None = None) -> IngestResult:
        """Write a batch of extractions in one transaction: all of it or, if anything fails,
        nothing (the error is raised and `result` is left as it was)."""
        result = result if result is not None else IngestResult()
        # Within a batch the last version of an id wins, as it would across batches.
        latest: dict[str, Any] = {}
        unchanged = 0
        for ex in batch:
            if ex.article.id in latest and latest[ex.article.id].article.hash == ex.article.hash:
                unchanged += 1
            latest[ex.article.id] = ex
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            known = self.known_hashes(latest)
            to_write = []
            for doc_id, ex in latest.items():
                if known.get(doc_id) == ex.article.hash:
                    unchanged += 1
                else:
                    to_write.append(ex)
            replaced = [ex.article.id for ex in to_write if ex.article.id in known]
            if replaced:
                self.delete_documents(replaced)
            if to_write:
                self._insert(to_write)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        result.unchanged += unchanged
        result.stored += len(to_write)
        result.replaced += len(replaced)
        result.records += sum(len(ex.records) for ex in to_write)
        result.batches += bool(to_write)
        return result

    def _insert(self, extractions: list[Any]) -> None:
        (position,) = self._first("SELECT coalesce(max(position), 0) FROM documents")
        rows: dict[str, list[dict]] = {"documents": [], "sentences": []}
        for ex in extractions:
            article = ex.article
            published = _date(article.published)
            position += 1
            doc_record, doc_seq = {}, None
            for seq, record in enumerate(ex.records):
                kind = record.get("kind")
                if kind == "document":
                    doc_record, doc_seq = record, seq
                    continue
                table = RECORD_TABLES.get(kind, "other_records")
                rows.setdefault(table, []).append(flatten(record, published, article.outlet, seq))
            rows["documents"].append({
                "doc_id": article.id, "hash": article.hash, "url": article.url,
                "outlet": article.outlet, "published": published, "title": article.title,
                "language": doc_record.get("language") or article.language,
                "n_sentences": len(ex.sentences), "origin": article.origin, "text": article.text,
                "position": position, "seq": doc_seq,
                "record": json.dumps(doc_record, ensure_ascii=False) if doc_record else None})
            rows["sentences"].extend(
                {"doc_id": article.id, "n": n, "span_start": s, "span_end": e,
                 "text": article.text[s:e]} for n, (s, e) in enumerate(ex.sentences))
        for table, table_rows in rows.items():
            if table_rows:
                self._append(table, table_rows)

    def _append(self, table: str, rows: list[dict]) -> None:
        """Insert rows through Arrow: one statement per table and batch, not one per row."""
        import pyarrow as pa

        known = dict(self._columns[table])
        names = [name for name in rows[0] if name in known]
        schema = pa.schema([(name, _arrow_type(known[name])) for name in names])
        data = pa.Table.from_pylist([{n: row.get(n) for n in names} for row in rows], schema=schema)
        view = f"_tightrope_append_{table}"
        self.con.register(view, data)
        try:
            quoted = ", ".join(f'"{n}"' for n in names)
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM {view}")
        finally:
            self.con.unregister(view)

    # -- reading ------------------------------------------------------------------------

    def _query(self, sql: str, params: list) -> Any:
        """Run a read query; DuckDB's errors become one-line StoreErrors for the user."""
        try:
            return self.con.execute(sql, params)
        except duckdb.Error as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"query failed on {self.path}: {first_line}") from exc

    def _cursor(self, kind: str, filters: Filters) -> tuple[dt.date | None, str] | None:
        if filters.after is None:
            return None
        row = self._first(f"SELECT {DAY[kind]}, {KEYS[kind]} FROM {TABLES[kind]}"
                          f" WHERE {KEYS[kind]} = ? LIMIT 1", [filters.after])
        if row is None:
            raise QueryError(f"unknown cursor {filters.after!r}: no {kind} with that id")
        return row[0], row[1]

    def records(self, kind: str, filters: Filters | None = None, **kwargs: Any) -> list[dict]:
        """Stored records of one kind as contract dicts (exactly as extraction produced
        them), filtered by `filters` or keyword arguments (see Filters)."""
        filters = _filters(filters, kwargs)
        query = select(kind, filters, "record", self._cursor(kind, filters))
        return [json.loads(r) for (r,) in self._query(query.sql, query.params).fetchall()]

    def page(self, kind: str, filters: Filters | None = None, **kwargs: Any) -> Page:
        """One page of `records` and the cursor of the next page (None after the last)."""
        filters = _filters(filters, kwargs)
        items = self.records(kind, filters)
        more = filters.limit is not None and len(items) == filters.limit and items
        return Page(items, items[-1][KEYS[kind]] if more else None)

    def _flattened(self, kind: str, filters: Filters | None, kwargs: dict[str, Any]) -> Any:
        filters = _filters(filters, kwargs)
        query = select(kind, filters, self.columns_sql(kind), self._cursor(kind, filters))
        return self._query(query.sql, query.params)

    def frame(self, kind: str, filters: Filters | None = None, **kwargs: Any):
        """The flattened rows of one kind as a pandas DataFrame (the table's columns, without
        the raw record; documents without their text)."""
        return self._flattened(kind, filters, kwargs).df()

    def rows(self, kind: str, filters: Filters | None = None, **kwargs: Any) -> list[dict]:
        """Like `frame`, as a list of dicts (flattened columns, plain Python values)."""
        return dict_rows(self._flattened(kind, filters, kwargs))

    def count(self, kind: str, filters: Filters | None = None, **kwargs: Any) -> int:
        query = count(kind, _filters(filters, kwargs))
        return self._query(query.sql, query.params).fetchall()[0][0]

    def columns_sql(self, kind: str, with_text: bool = False) -> str:
        """The flattened columns of a kind's table, for SELECT (no raw JSON; no article text
        unless asked: it can be large)."""
        skip = {"record"} | (set() if with_text else {"text"} if kind == "document" else set())
        return ", ".join(f'"{c}"' for c, _ in self._columns[TABLES[kind]] if c not in skip)

    def actors(self, doc: str | None = None, country: str | None = None,
               limit: int | None = None) -> list[dict]:
        """Actors with their mention counts, most mentioned first: per (name, country,
        sector), `mentions` and the number of `documents` they appear in. Mentions the
        knowledge base could not name are grouped by their text."""
        where, params = [], []
        if doc:
            where.append("doc_id = ?")
            params.append(doc)
        if country:
            where.append("country = ?")
            params.append(country_code(country))
        sql = ("SELECT coalesce(name, text) AS name, country, sector, count(*) AS mentions,"
               " count(DISTINCT doc_id) AS documents FROM actors")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " GROUP BY ALL ORDER BY mentions DESC, name, country NULLS LAST, sector NULLS LAST"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return dict_rows(self._query(sql, params))

    def document(self, doc_id: str, with_text: bool = True) -> dict | None:
        """One document's row (with its text unless told otherwise) and its sentences, as
        [{"n", "span", "text"}]: what provenance links point into. None if not stored."""
        rows = dict_rows(self.con.execute(
            f"SELECT {self.columns_sql('document', with_text)} FROM documents WHERE doc_id = ?",
            [doc_id]))
        if not rows:
            return None
        document = rows[0]
        document["sentences"] = [
            {"n": n, "span": [start, end], "text": text}
            for n, start, end, text in self.con.execute(
                "SELECT n, span_start, span_end, text FROM sentences WHERE doc_id = ? ORDER BY n",
                [doc_id]).fetchall()]
        return document

    def record(self, record_id: str) -> dict | None:
        """The record with this id, whatever its kind (None if there is none)."""
        for table in (*RECORD_TABLES.values(), "other_records"):
            row = self._first(f"SELECT record FROM {table} WHERE id = ? LIMIT 1", [record_id])
            if row is not None:
                return json.loads(row[0])
        return None

    def stream(self, kinds: Iterable[str] | None = None) -> Iterator[str]:
        """Every stored record as its JSON line, document by document in write order, each
        document's records in extraction order: what `tightrope extract` printed for them.
        `kinds` keeps only those kinds (records of kinds without a table of their own are
        included only when all kinds are asked for)."""
        wanted = set(kinds) if kinds is not None else None
        if wanted is not None and not wanted <= set(KINDS):
            raise QueryError(f"unknown record kind(s) {sorted(wanted - set(KINDS))}")
        parts = []
        if wanted is None or "document" in wanted:
            parts.append("SELECT doc_id, seq, record FROM documents WHERE record IS NOT NULL")
        parts += [f"SELECT doc_id, seq, record FROM {t}" for kind, t in RECORD_TABLES.items()
                  if wanted is None or kind in wanted]
        if wanted is None:
            parts.append("SELECT doc_id, seq, record FROM other_records")
        if not parts:
            return
        sql = ("SELECT r.record FROM (" + " UNION ALL ".join(parts) + ") r"
               " JOIN documents d USING (doc_id) ORDER BY d.position, d.doc_id, r.seq")
        # A cursor of its own, so a reader that stops early leaves `self.con` usable.
        cur = self.con.cursor()
        cur.execute(sql)
        while True:
            chunk = cur.fetchmany(2000)
            if not chunk:
                return
            for (record,) in chunk:
                yield record

    def summary(self) -> dict[str, int]:
        """How many rows each kind has (documents, sentences, and every record kind)."""
        counts = {"document": self._first("SELECT count(*) FROM documents")[0],
                  "sentence": self._first("SELECT count(*) FROM sentences")[0]}
        for kind, table in RECORD_TABLES.items():
            counts[kind] = self._first(f"SELECT count(*) FROM {table}")[0]
        return counts


def _filters(filters: Filters | None, kwargs: dict[str, Any]) -> Filters:
    filters = filters or Filters()
    return filters.but(**kwargs) if kwargs else filters


def open_store(db: str | Path, read_only: bool = True) -> Store:
    """Open `db` for queries: a DuckDB file, or `parquet:DIR` for the Parquet output of a
    distributed run (`tightrope extract --engine dask --out DIR`), queried in place."""
    spec = str(db)
    if spec.startswith("parquet:"):
        from tightrope.scale.output import open_output

        return open_output(spec.removeprefix("parquet:"))
    return Store(db, read_only=read_only)
