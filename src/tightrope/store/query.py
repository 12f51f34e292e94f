"""Reading the store: filtered, paginated queries over each record kind.

    from tightrope.store import Store, Filters
    with Store("tightrope.duckdb", read_only=True) as store:
        page = store.page("event", Filters(dyad=("USA", "CHN"), since="2025-10", limit=50))
        page.items          # contract dicts, exactly as extraction produced them
        page.next_after     # pass as Filters(after=...) for the next page, None at the end
        store.frame("amount", Filters(country="PAK"))   # flattened columns as a DataFrame

Every filter value reaches DuckDB as a bound parameter; only table and column names, which
come from the fixed tables below, are ever written into the SQL text.

Rows come in a stable order: by `day` (the event's own date when the text gives one, else
the publication date; undated rows first), then by id. Pagination is keyset-based: `after`
is the id of the last row already seen, so a page never repeats or skips a row even while
other documents are being ingested.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from tightrope.errors import TightropeError

KINDS = ("document", "actor", "event", "quote", "amount", "forecast", "flag")
TABLES = {"document": "documents", "actor": "actors", "event": "events", "quote": "quotes",
          "amount": "amounts", "forecast": "forecasts", "flag": "flags"}
# The column a kind is ordered and paginated by after `day`: unique within the table.
KEYS = {kind: ("doc_id" if kind == "document" else "id") for kind in KINDS}
# Documents have no `day` column: their day is the publication date.
DAY = {kind: ("published" if kind == "document" else "day") for kind in KINDS}
UNDATED = "DATE '0001-01-01'"

# Which columns a text search (`contains`) looks at, per kind.
SEARCHED = {"document": ("title", "text"), "actor": ("text", "name", "role"),
            "event": ("sentence",), "quote": ("text", "speaker_text", "speaker_name"),
            "amount": ("sentence", "text"), "forecast": ("sentence", "claim"),
            "flag": ("text", "message", "sentence")}


class QueryError(TightropeError):
    """A filter that does not apply to the kind asked for, or a malformed filter value."""


@dataclass(frozen=True)
class Filters:
    """What to select. Every field is optional; unset fields do not filter.

    country    ISO 3166-1 alpha-3 code (or "IGO", or a country name): events whose source or
               target, quotes whose speaker, forecasts whose holder, amounts whose actors,
               actor mentions, documents mentioning an actor of that country
    dyad       (A, B): events between A and B in either direction (A -> B only with
               `directed`); amounts naming both; documents mentioning both
    type       PLOVER event type (events), flag type (flags), mention kind (actors)
    unit       amount unit ("USD", "percent", ...)
    since, until   inclusive bounds on `day`; "2025", "2025-03" and "2025-03-14" all work
               (a month or a year is taken whole)
    outlet     the document's outlet (case-insensitive)
    doc        one document id
    factuality events: asserted | forecast | hypothetical | negated
    channel    events: a context tag ("trade", "minerals", ...), case-insensitive
    contains   case-insensitive substring of the sentence or text
    after      keyset cursor: the id (doc_id for documents) of the last row already seen
    limit      at most this many rows
    descending newest first
    """

    country: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    type: str | None = None
    unit: str | None = None
    since: str | dt.date | None = None
    until: str | dt.date | None = None
    outlet: str | None = None
    doc: str | None = None
    factuality: str | None = None
    channel: str | None = None
    contains: str | None = None
    after: str | None = None
    limit: int | None = None
    descending: bool = False

    def but(self, **changes: Any) -> "Filters":
        return replace(self, **changes)


# Which filters each kind understands, beyond those every kind has
# (since, until, outlet, doc, contains, after, limit, descending).
APPLIES: dict[str, set[str]] = {
    "document": {"country", "dyad"},
    "actor": {"country", "type"},
    "event": {"country", "dyad", "directed", "type", "factuality", "channel"},
    "quote": {"country"},
    "amount": {"country", "dyad", "unit"},
    "forecast": {"country"},
    "flag": {"type"},
}
OPTIONAL = ("country", "dyad", "directed", "type", "unit", "factuality", "channel")

# What "involves this country" means for each kind that has the filter; every ? is the code.
COUNTRY_CONDITIONS = {
    "event": "(source_country = ? OR target_country = ?)",
    "actor": "country = ?",
    "quote": "speaker_country = ?",
    "forecast": "holder_country = ?",
    "amount": "list_contains(actors, ?)",
    "document": "EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = documents.doc_id"
                " AND a.country = ?)",
}


@dataclass
class Page:
    """One page of results and the cursor for the next one (None when this is the last)."""

    items: list[dict]
    next_after: str | None = None


@dataclass
class Select:
    """A query ready to run: SQL text with ? placeholders and its parameters, in order."""

    sql: str
    params: list[Any] = field(default_factory=list)


def country_code(value: str) -> str:
    """ISO3 code for a code or a name ("pk", "PAK", "Pakistan" -> "PAK"); IGO kept as is."""
    value = value.strip()
    upper = value.upper()
    if upper == "IGO" or (len(upper) == 3 and upper.isalpha()):
        return upper
    import pycountry

    try:
        if len(upper) == 2:
            found = pycountry.countries.get(alpha_2=upper)
        else:
            found = pycountry.countries.lookup(value)
    except LookupError:
        found = None
    if found is None:
        raise QueryError(f"unknown country {value!r}: use an ISO 3166-1 alpha-3 code such as PAK")
    return found.alpha_3


def date_bound(value: str | dt.date | None, end: bool) -> dt.date | None:
    """The first (or, with `end`, the last) day of a YYYY, YYYY-MM or YYYY-MM-DD value."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    parts = str(value).strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            return dt.date(numbers[0], 12, 31) if end else dt.date(numbers[0], 1, 1)
        if len(numbers) == 2:
            year, month = numbers
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        if len(numbers) == 3:
            return dt.date(*numbers)
    except (ValueError, TypeError):
        pass
    raise QueryError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


def _check(kind: str, filters: Filters) -> None:
    if kind not in TABLES:
        raise QueryError(f"unknown record kind {kind!r}: one of {', '.join(KINDS)}")
    for name in OPTIONAL:
        if getattr(filters, name) and name not in APPLIES[kind]:
            raise QueryError(f"the {name} filter does not apply to {kind} records")
    if filters.dyad is not None and len(filters.dyad) != 2:
        raise QueryError("a dyad is two countries")
    if filters.limit is not None and filters.limit < 0:
        raise QueryError("limit must be zero or more")


def conditions(kind: str, filters: Filters) -> tuple[list[str], list[Any]]:
    """WHERE clauses (joined with AND by the caller) and their parameters."""
    _check(kind, filters)
    where: list[str] = []
    params: list[Any] = []

    if filters.country:
        clause = COUNTRY_CONDITIONS[kind]
        where.append(clause)
        params += [country_code(filters.country)] * clause.count("?")

    if filters.dyad:
        a, b = (country_code(c) for c in filters.dyad)
        if kind == "event":
            if filters.directed:
                where.append("(source_country = ? AND target_country = ?)")
                params += [a, b]
            else:
                where.append("((source_country = ? AND target_country = ?)"
                             " OR (source_country = ? AND target_country = ?))")
                params += [a, b, b, a]
        elif kind == "amount":
            where.append("(list_contains(actors, ?) AND list_contains(actors, ?))")
            params += [a, b]
        elif kind == "document":
            where += [COUNTRY_CONDITIONS["document"]] * 2
            params += [a, b]
    elif filters.directed:
        raise QueryError("directed applies to a dyad")

    if filters.type:
        column = {"event": "type", "flag": "flag", "actor": "mention_kind"}[kind]
        value = filters.type.strip()
        where.append(f"{column} = ?")
        params.append(value.upper() if kind == "event" else value.lower())
    if filters.unit:
        where.append("lower(unit) = lower(?)")
        params.append(filters.unit.strip())
    if filters.factuality:
        where.append("factuality = ?")
        params.append(filters.factuality.strip().lower())
    if filters.channel:
        where.append("EXISTS (SELECT 1 FROM unnest(context) AS tags(tag) WHERE lower(tag) = ?)")
        params.append(filters.channel.strip().lower())

    since, until = date_bound(filters.since, end=False), date_bound(filters.until, end=True)
    if since:
        where.append(f"{DAY[kind]} >= ?")
        params.append(since)
    if until:
        where.append(f"{DAY[kind]} <= ?")
        params.append(until)
    if filters.outlet:
        where.append("lower(outlet) = lower(?)")
        params.append(filters.outlet.strip())
    if filters.doc:
        where.append("doc_id = ?")
        params.append(filters.doc)
    if filters.contains:
        columns = SEARCHED[kind]
        where.append("(" + " OR ".join(f"contains(lower(coalesce({c}, '')), lower(?))"
                                       for c in columns) + ")")
        params += [filters.contains] * len(columns)
    return where, params


def select(kind: str, filters: Filters, columns: str = "record",
           cursor: tuple[dt.date | None, str] | None = None) -> Select:
    """The query for `kind` under `filters`. `cursor` is the (day, key) of the `after` row,
    looked up by the caller (`Store.page`), since keyset pagination compares both."""
    where, params = conditions(kind, filters)
    table, key, day = TABLES[kind], KEYS[kind], DAY[kind]
    order_day = f"coalesce({day}, {UNDATED})"
    if cursor is not None:
        cursor_day, cursor_key = cursor
        op = "<" if filters.descending else ">"
        where.append(f"({order_day} {op} coalesce(?::DATE, {UNDATED})"
                     f" OR ({order_day} = coalesce(?::DATE, {UNDATED}) AND {key} {op} ?))")
        params += [cursor_day, cursor_day, cursor_key]
    direction = " DESC" if filters.descending else ""
    sql = f"SELECT {columns} FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order_day}{direction}, {key}{direction}"
    if filters.limit is not None:
        sql += " LIMIT ?"
        params.append(int(filters.limit))
    return Select(sql, params)


def count(kind: str, filters: Filters) -> Select:
    where, params = conditions(kind, filters.but(limit=None, after=None))
    sql = f"SELECT count(*) FROM {TABLES[kind]}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return Select(sql, params)
