"""The GET endpoints under /api. Listings page through the store (Store.page with Filters);
analyses call tightrope.analysis and serve its DataFrames as lists of rows. docs/api.md
describes each endpoint; every parameter is checked by tightrope.api.params first."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from tightrope.api import params as p
from tightrope.api.backend import Backend, NotFound
from tightrope.store import Filters

router = APIRouter(prefix="/api")
PERIODS = ("week", "month", "quarter", "year")


def backend(request: Request) -> Backend:
    return request.app.state.backend


def frame_rows(frame: Any) -> list[dict[str, Any]]:
    from tightrope.analysis.report import records

    return records(frame)


def _q(description: str, **checks: Any) -> Any:
    return Query(description=description, **checks)


# Parameter types, named once so each endpoint's signature stays readable.
Db = Annotated[Backend, Depends(backend)]
Text = Annotated[str | None, Query(max_length=p.MAX_TEXT)]
DateQ = Annotated[str | None, _q("YYYY, YYYY-MM or YYYY-MM-DD (a month or year taken whole)")]
DayQ = Annotated[str | None, _q("Judge as on this day (YYYY-MM-DD; default today)")]
CountryQ = Annotated[str | None, _q("ISO 3166-1 alpha-3 code, or IGO")]
CodeQ = Annotated[str, _q("ISO 3166-1 alpha-3 code")]
DyadQ = Annotated[str | None, _q("Two country codes, e.g. USA,CHN")]
TypeQ = Annotated[str | None, _q("PLOVER type, e.g. AGREE")]
FactualityQ = Annotated[str | None, _q("asserted, forecast, hypothetical or negated")]
ChannelQ = Annotated[str | None, _q("Context tag, e.g. trade", max_length=p.MAX_TEXT)]
PeriodQ = Annotated[str, _q("week, month, quarter or year")]
MentionsQ = Annotated[bool, _q("Count raw event mentions, not story events")]
LimitQ = Annotated[int | None, _q(f"Page size, 1..{p.MAX_LIMIT}")]
CursorQ = Annotated[str | None, _q("`next` of the previous page")]
StatusQ = Annotated[str | None, _q("met, not met, pending or expired-unresolved")]


# -- listings -------------------------------------------------------------------------------

class Common:
    """Parameters every listing takes."""

    def __init__(self, since: DateQ = None, until: DateQ = None, outlet: Text = None,
                 doc: Text = None, contains: Text = None, limit: LimitQ = None,
                 cursor: CursorQ = None,
                 desc: Annotated[bool, _q("Newest first")] = False) -> None:
        self.since = p.date(since, "since")
        self.until = p.date(until, "until")
        self.outlet = p.text(outlet, "outlet")
        self.doc = p.text(doc, "doc")
        self.contains = p.text(contains, "contains")
        self.limit = p.limit(limit)
        self.cursor = cursor
        self.desc = desc

    def listing_name(self, kind: str) -> str:
        # A cursor belongs to its listing and its direction.
        return f"{kind}-desc" if self.desc else kind

    def filters(self, kind: str, **specific: Any) -> Filters:
        after = p.read_cursor(self.cursor, self.listing_name(kind))
        if after is not None and not isinstance(after, str):
            raise p.BadParameter("cursor", "not a cursor of this listing")
        return Filters(since=self.since, until=self.until, outlet=self.outlet, doc=self.doc,
                       contains=self.contains, limit=self.limit, after=after,
                       descending=self.desc, **{k: v for k, v in specific.items() if v})


Listing = Annotated[Common, Depends()]


def listing(db: Backend, kind: str, common: Common, **specific: Any) -> dict:
    items, after = db.page(kind, common.filters(kind, **specific))
    following = p.make_cursor(common.listing_name(kind), after) if after else None
    documents = db.documents_of(items) if kind != "document" else {}
    return {"items": items, "documents": documents, "limit": common.limit, "next": following}


@router.get("/documents", summary="Documents (metadata, no text)")
def documents(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None) -> dict:
    return listing(db, "document", common, country=p.country(country), dyad=p.dyad(dyad))


@router.get("/documents/{doc_id:path}", summary="One document: its text and every record from it")
def document(db: Db, doc_id: str) -> dict:
    return db.document(doc_id)


@router.get("/events", summary="PLOVER events")
def events(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None,
           directed: Annotated[bool, _q("With dyad: only A -> B")] = False,
           type: TypeQ = None, factuality: FactualityQ = None, channel: ChannelQ = None) -> dict:
    pair = p.dyad(dyad)
    if directed and not pair:
        raise p.BadParameter("directed", "applies only with dyad")
    return listing(db, "event", common, country=p.country(country), dyad=pair,
                   directed=directed, type=p.event_type(type),
                   factuality=p.factuality(factuality), channel=(channel or "").strip() or None)


@router.get("/events/{event_id}", summary="One event, its provenance and its story's outlets")
def event(db: Db, event_id: str) -> dict:
    return db.event(event_id)


@router.get("/quotes", summary="Attributed quotes")
def quotes(db: Db, common: Listing, country: CountryQ = None) -> dict:
    return listing(db, "quote", common, country=p.country(country))


@router.get("/amounts", summary="Normalised amounts")
def amounts(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None,
            unit: Annotated[str | None, _q("USD, percent, ...", max_length=40)] = None) -> dict:
    return listing(db, "amount", common, country=p.country(country), dyad=p.dyad(dyad),
                   unit=unit)


@router.get("/forecasts", summary="Forecasts as extracted (/api/ledger has their status)")
def forecasts(db: Db, common: Listing, country: CountryQ = None) -> dict:
    return listing(db, "forecast", common, country=p.country(country))


@router.get("/flags", summary="Consistency flags")
def flags(db: Db, common: Listing,
          type: Annotated[str | None, _q(", ".join(p.FLAG_TYPES))] = None) -> dict:
    return listing(db, "flag", common, type=p.one_of(type, p.FLAG_TYPES, "type"))


@router.get("/actors", summary="Actors with mention counts (or, with mentions=true, the mentions)")
def actors(db: Db, common: Listing, country: CountryQ = None,
           type: Annotated[str | None, _q("With mentions=true: mention kind")] = None,
           mentions: Annotated[bool, _q("List actor mentions instead of actors")] = False) -> dict:
    code = p.country(country)
    if mentions:
        return listing(db, "actor", common, country=code,
                       type=p.one_of(type, p.MENTION_KINDS, "type"))
    if type:
        raise p.BadParameter("type", "applies only with mentions=true")
    for name in ("since", "until", "outlet", "contains"):
        if getattr(common, name):
            raise p.BadParameter(name, "applies only with mentions=true")
    # Actors are aggregated (most mentioned first): the cursor is a position in that order.
    offset = p.read_cursor(common.cursor, "actors") or 0
    if not isinstance(offset, int) or offset < 0:
        raise p.BadParameter("cursor", "not a cursor of this listing")
    with db.db() as store:
        rows = store.actors(doc=common.doc, country=code, limit=offset + common.limit + 1)
    more = len(rows) > offset + common.limit
    return {"items": rows[offset:offset + common.limit], "limit": common.limit,
            "next": p.make_cursor("actors", offset + common.limit) if more else None}


@router.get("/stories", summary="Story events (mentions clustered across outlets), newest first")
def stories(db: Db, country: CountryQ = None, dyad: DyadQ = None, type: TypeQ = None,
            since: DateQ = None, until: DateQ = None, factuality: FactualityQ = "asserted",
            min_outlets: Annotated[int, _q("At least this many outlets", ge=1, le=1000)] = 1,
            limit: LimitQ = None, cursor: CursorQ = None) -> dict:
    from tightrope.store.query import date_bound

    where, args = ["n_outlets >= ?"], [min_outlets]
    code = p.country(country)
    if code:
        where.append("(source_country = ? OR target_country = ?)")
        args += [code, code]
    pair = p.dyad(dyad)
    if pair:
        where.append("((source_country = ? AND target_country = ?)"
                     " OR (source_country = ? AND target_country = ?))")
        args += [pair[0], pair[1], pair[1], pair[0]]
    for column, value in (("type", p.event_type(type)), ("factuality", p.factuality(factuality))):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    for name, value, op, end in (("since", since, ">=", False), ("until", until, "<=", True)):
        if p.date(value, name):
            where.append(f"day {op} ?")
            args.append(date_bound(value, end=end))
    after = None
    position = p.read_cursor(cursor, "stories")
    if position is not None:
        try:
            day, story_id = position
            after = (dt.date.fromisoformat(day), str(story_id))
        except (TypeError, ValueError):
            raise p.BadParameter("cursor", "not a cursor of this listing") from None
    size = p.limit(limit, default=20)
    items = db.stories(where, args, size, after)
    following = (p.make_cursor("stories", [items[-1]["day"], items[-1]["story_id"]])
                 if len(items) == size else None)
    return {"items": items, "limit": size, "next": following}


# -- analyses -------------------------------------------------------------------------------

@router.get("/summary", summary="What the store holds, and a default balance triangle")
def summary(db: Db) -> dict:
    return db.summary()


@router.get("/dyads/top", summary="The strongest dyads (most story events)")
def dyads_top(db: Db, since: DateQ = None, until: DateQ = None,
              limit: Annotated[int, _q("How many", ge=1, le=200)] = 10,
              mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import strongest

    since, until = p.date(since, "since"), p.date(until, "until")

    def run(store: Any) -> dict:
        return {"items": frame_rows(strongest(store, since=since, until=until, limit=limit,
                                              mentions=mentions))}

    return db.cached(("dyads/top", since, until, limit, mentions), run)


@router.get("/dyad", summary="How A and B treat each other, period by period")
def dyad(db: Db, a: CodeQ, b: CodeQ, period: PeriodQ = "month", since: DateQ = None,
         until: DateQ = None, mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import dyad as dyad_series, dyad_channels

    a, b = p.country(a, "a"), p.country(b, "b")
    if a == b:
        raise p.BadParameter("b", "must differ from a")
    since, until = p.date(since, "since"), p.date(until, "until")
    period = p.one_of(period, PERIODS, "period")
    options = dict(since=since, until=until, mentions=mentions)

    def run(store: Any) -> dict:
        return {"a": a, "b": b, "period": period,
                "series": frame_rows(dyad_series(store, a, b, period=period, **options)),
                "channels": frame_rows(dyad_channels(store, a, b, **options))}

    return db.cached(("dyad", a, b, period, since, until, mentions), run)


@router.get("/balance", summary="A pivot state's balance between two poles, period by period")
def balance(db: Db, pivot: CodeQ, a: Annotated[str, _q("Pole counted +1 (ISO3)")],
            b: Annotated[str, _q("Pole counted -1 (ISO3)")], period: PeriodQ = "month",
            since: DateQ = None, until: DateQ = None, mentions: MentionsQ = False,
            min_events: Annotated[int, _q("Fewer events: insufficient", ge=1, le=1000)] = 3,
            ) -> dict:
    from tightrope.analysis import balance as balance_series, balance_channels, balance_total
    from tightrope.analysis.report import plain

    codes = (p.country(pivot, "pivot"), p.country(a, "a"), p.country(b, "b"))
    if len(set(codes)) != 3:
        raise p.BadParameter("pivot", "the pivot and the two poles must be three different"
                                      " countries")
    since, until = p.date(since, "since"), p.date(until, "until")
    period = p.one_of(period, PERIODS, "period")
    options = dict(since=since, until=until, mentions=mentions, min_events=min_events)

    def run(store: Any) -> dict:
        overall = balance_total(store, *codes, **options)
        return {"pivot": codes[0], "a": codes[1], "b": codes[2], "period": period,
                "series": frame_rows(balance_series(store, *codes, period=period, **options)),
                "channels": frame_rows(balance_channels(store, *codes, **options)),
                "total": {k: plain(v) for k, v in overall.items()}}

    return db.cached(("balance", *codes, period, since, until, mentions, min_events), run)


@router.get("/ledger", summary="Forecasts with status and evidence; each holder's track record")
def ledger(db: Db, status: StatusQ = None, holder: Text = None, as_of: DayQ = None,
           mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import ledger as ledger_frame, track_record
    from tightrope.analysis.ledger import STATUSES

    status = p.one_of(status, STATUSES, "status")
    day = p.day(as_of, "as_of") or dt.date.today()
    holder = p.text(holder, "holder")

    def run(store: Any) -> dict:
        frame = ledger_frame(store, as_of=day, mentions=mentions, status=status, holder=holder)
        return {"items": frame_rows(frame), "holders": frame_rows(track_record(frame))}

    return db.cached(("ledger", status, day, holder, mentions), run)


@router.get("/ledger/{forecast_id}", summary="One forecast and the story events for and against it")
def ledger_entry(db: Db, forecast_id: str, as_of: DayQ = None,
                 mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import evidence, ledger as ledger_frame
    from tightrope.analysis.ledger import LedgerError

    day = p.day(as_of, "as_of") or dt.date.today()

    def run(store: Any) -> dict:
        found = evidence(store, forecast_id, as_of=day, mentions=mentions)
        frame = ledger_frame(store, as_of=day, mentions=mentions)
        rows = frame_rows(frame[frame["id"] == forecast_id])
        return {"forecast": rows[0] if rows else None, "evidence": frame_rows(found)}

    try:
        return db.cached(("ledger", forecast_id, day, mentions), run)
    except LedgerError as exc:
        raise NotFound(str(exc)) from None
