"""What the HTTP app serves from: one store connection, one extractor, and the locks that
let a threaded server share them.

A DuckDB connection must not run two statements at once, and the read-only analyses keep
their up-to-date story tables as temporary tables of *this* connection (see
tightrope.analysis.corroboration.ensure_stories), so every use of the store goes through one
lock. Queries on a store are milliseconds; extraction (tens of milliseconds per article)
runs outside it, under a lock of its own, so analysing an article never blocks listings.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from tightrope.store import KINDS, Filters, Store

T = TypeVar("T")

RECORD_KINDS = tuple(k for k in KINDS if k != "document")


class NotFound(Exception):
    """An id the store does not hold (answered with 404)."""


class Backend:
    def __init__(self, db_path: str | Path, writable: bool = False,
                 extractor: Any = None) -> None:
        self.db_path = Path(db_path)
        self.writable = writable
        self.store = Store(self.db_path, read_only=not writable)
        self._db_lock = threading.Lock()
        self._nlp_lock = threading.Lock()
        self._extractor = extractor
        # Analysis answers by their parameters. A read-only store cannot change under us;
        # with ingest allowed, every write empties the cache.
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self.cache_size = 256

    def close(self) -> None:
        with self._db_lock:
            self.store.close()

    # -- access ----------------------------------------------------------------------------

    @contextmanager
    def db(self) -> Iterator[Store]:
        with self._db_lock:
            yield self.store

    def cached(self, key: Hashable, compute: Callable[[Store], T]) -> T:
        """`compute(store)` under the store lock, remembered under `key` (an analysis and
        all its parameters); the answer must not be modified by the caller."""
        with self._db_lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
            answer = compute(self.store)
            self._answers[key] = answer
            if len(self._answers) > self.cache_size:
                self._answers.popitem(last=False)
            return answer

    def write(self, extractions: list[Any], result: Any) -> Any:
        """Store extractions (one transaction per batch) and forget cached analyses."""
        with self._db_lock:
            self.store.ingest(extractions, result=result)
            self._answers.clear()
            return result

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            with self._nlp_lock:
                if self._extractor is None:
                    from tightrope.extract import Extractor

                    self._extractor = Extractor()
        return self._extractor

    def extract(self, article: Any) -> Any:
        extractor = self.extractor
        # spaCy pipelines are not documented as safe for concurrent calls: one at a time.
        with self._nlp_lock:
            return extractor.one(article)

    def warm_up(self) -> None:
        """Bring the story tables up to date now rather than on the first analysis request."""
        from tightrope.analysis.corroboration import ensure_stories

        with self._db_lock:
            ensure_stories(self.store)

    # -- records ---------------------------------------------------------------------------

    def documents_of(self, items: list[dict]) -> dict[str, dict[str, Any]]:
        """Outlet, publication date, title and URL of the documents `items` come from (one
        query for a page), so a listing can show where each record was reported."""
        ids = sorted({r["doc_id"] for r in items if r.get("doc_id")})
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        with self._db_lock:
            rows = self.store.con.execute(
                "SELECT doc_id, outlet, published, title, url FROM documents"
                f" WHERE doc_id IN ({marks})",
                ids).fetchall()
        return {d: {"outlet": o, "published": p.isoformat() if p else None, "title": t, "url": u}
                for d, o, p, t, u in rows}

    def page(self, kind: str, filters: Filters) -> tuple[list[dict], str | None]:
        """One page of `kind` records and the id to continue after (None at the end)."""
        with self._db_lock:
            page = self.store.page(kind, filters)
            return page.items, page.next_after

    def summary(self) -> dict[str, Any]:
        """Counts per kind, the publication date range, and the triangle to show first: PAK
        between USA and CHN when the store has events of all three, else the one the
        report would pick (tightrope.analysis.report.triangle)."""
        from tightrope.analysis.report import triangle

        with self._db_lock:
            counts = self.store.summary()
            first, last = self.store.con.execute(
                "SELECT min(published), max(published) FROM documents").fetchone()
            codes = {c for (c,) in self.store.con.execute(
                "SELECT source_country FROM events UNION SELECT target_country FROM events"
            ).fetchall()}
            chosen = (("PAK", "USA", "CHN") if {"PAK", "USA", "CHN"} <= codes
                      else triangle(self.store))
        return {"counts": counts, "first": first.isoformat() if first else None,
                "last": last.isoformat() if last else None,
                "triangle": dict(zip(("pivot", "a", "b"), chosen)) if chosen else None,
                "ingest": self.writable}

    def stories(self, where: list[str], params: list[Any], limit: int,
                after: tuple[Any, str] | None) -> list[dict[str, Any]]:
        """Story events matching `where` (SQL conditions on the `stories` table with `?`
        placeholders for `params`), newest first, after the (day, story_id) `after`."""
        from tightrope.analysis.corroboration import ensure_stories
        from tightrope.analysis.report import records

        where, params = list(where), list(params)
        if after is not None:
            where.append("(day < ? OR (day = ? AND story_id < ?))")
            params += [after[0], after[0], after[1]]
        sql = ("SELECT story_id, type, factuality, mutual, source_country, target_country,"
               " day::DATE AS day, date_precision, intensity, context, n_mentions, n_docs,"
               " n_outlets, n_independent, trigger, sentence, mentions FROM stories"
               " WHERE day IS NOT NULL" + "".join(f" AND {w}" for w in where)
               + " ORDER BY day DESC, story_id DESC LIMIT ?")
        with self._db_lock:
            ensure_stories(self.store)
            return records(self.store.con.execute(sql, [*params, limit]).df())

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document's metadata, its full text and every record extracted from it."""
        with self._db_lock:
            cur = self.store.con.execute(
                "SELECT doc_id, url, outlet, published, title, language, n_sentences, text"
                " FROM documents WHERE doc_id = ?", [doc_id])
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
            if not rows:
                raise NotFound(f"no document with id {doc_id!r}")
            document = dict(zip(names, rows[0]))
            if document["published"] is not None:
                document["published"] = document["published"].isoformat()
            records = {kind: self.store.records(kind, doc=doc_id) for kind in RECORD_KINDS}
        return {"document": document, "records": records}

    def event(self, event_id: str) -> dict[str, Any]:
        """An event record with its provenance: the document it came from and every mention
        of the same story event (one per outlet that reported it)."""
        from tightrope.analysis.corroboration import ensure_stories

        with self._db_lock:
            rows = self.store.con.execute(
                "SELECT e.record, d.doc_id, d.url, d.outlet, d.published, d.title"
                " FROM events e JOIN documents d USING (doc_id) WHERE e.id = ? LIMIT 1",
                [event_id]).fetchall()
            if not rows:
                raise NotFound(f"no event with id {event_id!r}")
            record, doc_id, url, outlet, published, title = rows[0]
            ensure_stories(self.store)
            story = self.store.con.execute(
                "SELECT s.story_id, s.n_mentions, s.n_docs, s.n_outlets, s.n_independent"
                " FROM story_mentions m JOIN stories s USING (story_id)"
                " WHERE m.event_id = ? AND m.doc_id = ?", [event_id, doc_id]).fetchall()
            mentions: list[dict[str, Any]] = []
            story_info = None
            if story:
                story_id, n_mentions, n_docs, n_outlets, n_independent = story[0]
                story_info = {"story_id": story_id, "n_mentions": n_mentions, "n_docs": n_docs,
                              "n_outlets": n_outlets, "n_independent": n_independent}
                cur = self.store.con.execute(
                    "SELECT m.event_id, m.doc_id, d.outlet, d.url, d.title, d.published,"
                    " e.sentence, e.trigger FROM story_mentions m"
                    " JOIN documents d USING (doc_id)"
                    " JOIN events e ON e.id = m.event_id AND e.doc_id = m.doc_id"
                    " WHERE m.story_id = ? ORDER BY d.published NULLS LAST, d.outlet, m.doc_id",
                    [story_id])
                names = [d[0] for d in cur.description]
                for row in cur.fetchall():
                    item = dict(zip(names, row))
                    if item["published"] is not None:
                        item["published"] = item["published"].isoformat()
                    mentions.append(item)
        return {"event": json.loads(record),
                "document": {"doc_id": doc_id, "url": url, "outlet": outlet, "title": title,
                             "published": published.isoformat() if published else None},
                "story": story_info, "mentions": mentions}

