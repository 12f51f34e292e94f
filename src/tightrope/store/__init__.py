"""The embedded DuckDB store.

    store = Store("tightrope.duckdb")
    store.ingest(extractions)          # idempotent, one transaction per batch
    store.con.execute("SELECT ...")    # analyses query the tables in schema.sql

A document and all its rows are written inside one transaction, replacing any earlier
version with the same id, so a store only ever holds whole documents: after a crash the file
opens with what was committed, and re-running the same ingest completes the rest.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from tightrope.errors import TightropeError

DEFAULT_DB = "tightrope.duckdb"
RECORD_TABLES = {"actor": "actors", "event": "events", "quote": "quotes", "amount": "amounts",
                 "forecast": "forecasts", "flag": "flags"}


class StoreError(TightropeError):
    pass


@dataclass
class IngestResult:
    stored: int = 0       # documents written (new or changed)
    unchanged: int = 0    # documents already present with the same content hash
    records: int = 0      # records written


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_bounds(value: str | None) -> tuple[str | None, dt.date | None]:
    """Precision and first day of a record date ('2025-03' -> ('month', 2025-03-01))."""
    if not value:
        return None, None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return "day", dt.date.fromisoformat(value)
        if len(parts) == 2:
            return "month", dt.date(int(parts[0]), int(parts[1]), 1)
        return "year", dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None, None


def _actor(a: dict | None, prefix: str) -> dict[str, Any]:
    a = a or {}
    return {f"{prefix}_text": a.get("text"), f"{prefix}_name": a.get("name"),
            f"{prefix}_country": a.get("country"), f"{prefix}_sector": a.get("sector")}


def _span(r: dict) -> dict[str, Any]:
    span = r.get("span") or [None, None]
    return {"span_start": span[0], "span_end": span[1]}


def flatten(record: dict, published: dt.date | None, outlet: str | None) -> dict[str, Any]:
    """The columns of a record's table row (see schema.sql)."""
    kind = record["kind"]
    row: dict[str, Any] = {"doc_id": record["doc_id"], "id": record["id"]}
    if kind == "actor":
        row.update(text=record.get("text"), name=record.get("name"), country=record.get("country"),
                   sector=record.get("sector"), role=record.get("role"),
                   mention_kind=record.get("mention_kind"), **_span(record))
    elif kind == "event":
        precision, start = date_bounds(record.get("date"))
        row.update(type=record["type"], **_actor(record.get("source"), "source"),
                   **_actor(record.get("target"), "target"), sentence=record.get("sentence"),
                   **_span(record), trigger=record.get("trigger"), date=record.get("date"),
                   date_precision=precision, date_start=start,
                   factuality=record.get("factuality"), context=list(record.get("context") or []),
                   intensity=record.get("intensity"), confidence=record.get("confidence"),
                   published=published, outlet=outlet, day=start or published)
    elif kind == "quote":
        speaker = record.get("speaker") or {}
        row.update(speaker_text=speaker.get("text"), speaker_name=speaker.get("name"),
                   speaker_country=speaker.get("country"), speaker_role=speaker.get("role"),
                   text=record.get("text"), direct=record.get("direct"), cue=record.get("cue"),
                   **_span(record), published=published, outlet=outlet)
    elif kind == "amount":
        row.update(text=record.get("text"), value=record.get("value"), unit=record.get("unit"),
                   about=record.get("about"), actors=list(record.get("actors") or []),
                   sentence=record.get("sentence"), **_span(record),
                   published=published, outlet=outlet)
    elif kind == "forecast":
        holder = record.get("holder") or {}
        row.update(holder_text=holder.get("text"), holder_name=holder.get("name"),
                   holder_country=holder.get("country"), sentence=record.get("sentence"),
                   **_span(record), claim=record.get("claim"), from_date=_date(record.get("from")),
                   by_date=_date(record.get("by")), event_ids=list(record.get("event_ids") or []),
                   published=published, outlet=outlet)
    elif kind == "flag":
        row.update(flag=record.get("flag"), message=record.get("message"), **_span(record))
    row["record"] = json.dumps(record, ensure_ascii=False)
    return row


class Store:
    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no tightrope database at {self.path} (create one with `tightrope ingest`)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            self.con.execute(resources.files("tightrope.store").joinpath("schema.sql").read_text())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known_hash(self, doc_id: str) -> str | None:
        row = self.con.execute("SELECT hash FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def ingest(self, extractions: Iterable[Any], batch_size: int = 50) -> IngestResult:
        """Store extractions (objects with .article, .records, .sentences), committing every
        `batch_size` documents. Documents whose id and content hash are already stored are
        skipped; a changed document replaces its earlier version."""
        result = IngestResult()
        batch: list[Any] = []
        for extraction in extractions:
            batch.append(extraction)
            if len(batch) >= batch_size:
                self._write_batch(batch, result)
                batch = []
        if batch:
            self._write_batch(batch, result)
        return result

    def _write_batch(self, batch: list[Any], result: IngestResult) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for ex in batch:
                article = ex.article
                if self.known_hash(article.id) == article.hash:
                    result.unchanged += 1
                    continue
                self._delete(article.id)
                self._write_document(ex)
                result.stored += 1
                result.records += len(ex.records)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _delete(self, doc_id: str) -> None:
        for table in ("documents", "sentences", *RECORD_TABLES.values()):
            self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])

    def _write_document(self, ex: Any) -> None:
        article = ex.article
        doc_record = next((r for r in ex.records if r["kind"] == "document"), {})
        published = _date(article.published)
        self.con.execute(
            "INSERT INTO documents (doc_id, hash, url, outlet, published, title, language,"
            " n_sentences, origin, text, record) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [article.id, article.hash, article.url, article.outlet, published, article.title,
             doc_record.get("language"), len(ex.sentences), article.origin, article.text,
             json.dumps(doc_record, ensure_ascii=False)])
        if ex.sentences:
            self.con.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?,?)",
                [[article.id, n, s, e, article.text[s:e]] for n, (s, e) in enumerate(ex.sentences)])
        rows_by_table: dict[str, list[dict]] = {}
        for record in ex.records:
            table = RECORD_TABLES.get(record["kind"])
            if table:
                rows_by_table.setdefault(table, []).append(flatten(record, published, article.outlet))
        for table, rows in rows_by_table.items():
            columns = list(rows[0])
            self.con.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [[row[c] for c in columns] for row in rows])

    def records(self, kind: str, where: str = "", params: list | None = None,
                limit: int | None = None) -> Iterator[dict]:
        """The stored records of one kind, as contract dicts, optionally filtered by SQL."""
        table = "documents" if kind == "document" else RECORD_TABLES[kind]
        sql = f"SELECT record FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY doc_id, id" \
            if kind != "document" else f"SELECT record FROM documents" + (f" WHERE {where}" if where else "") + " ORDER BY doc_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        for (record,) in self.con.execute(sql, params or []).fetchall():
            yield json.loads(record)
