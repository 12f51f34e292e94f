"""The /api endpoints. Listings page through the store (tightrope.store.Store.page); analyses
call tightrope.analysis and serve its DataFrames as lists of rows; /api/analyze and
/api/ingest run tightrope.extract.Extractor. docs/api.md describes each endpoint."""
from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from tightrope.api import params as p
from tightrope.api.backend import Backend, NotFound
from tightrope.store import Filters

router = APIRouter(prefix="/api")

Text = Annotated[str | None, Query(max_length=p.MAX_TEXT)]


def backend(request: Request) -> Backend:
    return request.app.state.backend


Db = Annotated[Backend, Depends(backend)]


def frame_rows(frame: Any) -> list[dict[str, Any]]:
    from tightrope.analysis.report import records

    return records(frame)


# -- listings -------------------------------------------------------------------------------

class Common:
    """Parameters every listing takes."""

    def __init__(self,
                 since: Annotated[str | None, Query(description="From this day (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
                 until: Annotated[str | None, Query(description="Up to this day, inclusive")] = None,
                 outlet: Text = None, doc: Text = None,
                 contains: Annotated[str | None, Query(max_length=p.MAX_TEXT, description="Case-insensitive substring of the sentence or text")] = None,
                 limit: Annotated[int | None, Query(description=f"Page size, 1..{p.MAX_LIMIT} (default 50)")] = None,
                 cursor: Annotated[str | None, Query(description="`next` of the previous page")] = None,
                 desc: Annotated[bool, Query(description="Newest first")] = False) -> None:
        self.since = p.date(since, "since")
        self.until = p.date(until, "until")
        self.outlet = p.text(outlet, "outlet")
        self.doc = p.text(doc, "doc")
        self.contains = p.text(contains, "contains")
        self.limit = p.limit(limit)
        self.cursor = cursor
        self.desc = desc

    def filters(self, kind: str, **specific: Any) -> Filters:
        after = p.read_cursor(self.cursor, f"{kind}{'-desc' if self.desc else ''}")
        if after is not None and not isinstance(after, str):
            raise p.BadParameter("cursor", "not a cursor of this listing")
        return Filters(since=self.since, until=self.until, outlet=self.outlet, doc=self.doc,
                       contains=self.contains, limit=self.limit, after=after,
                       descending=self.desc, **{k: v for k, v in specific.items() if v})


Listing = Annotated[Common, Depends()]


def listing(db: Backend, kind: str, common: Common, keep: Any = None, **specific: Any) -> dict:
    items, after = db.page(kind, common.filters(kind, **specific), keep)
    documents = db.documents_of(items) if kind != "document" else {}
    return {"items": items, "documents": documents, "limit": common.limit,
            "next": p.make_cursor(f"{kind}{'-desc' if common.desc else ''}", after) if after else None}


CountryQ = Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code, or IGO")]
DyadQ = Annotated[str | None, Query(description="Two country codes, e.g. USA,CHN")]


@router.get("/documents", summary="Documents (metadata, no text)")
def documents(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None) -> dict:
    return listing(db, "document", common, country=p.country(country), dyad=p.dyad(dyad))


@router.get("/documents/{doc_id:path}", summary="One document: its text and every record from it")
def document(db: Db, doc_id: str) -> dict:
    return db.document(doc_id)


@router.get("/events", summary="PLOVER events")
def events(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None,
           directed: Annotated[bool, Query(description="With dyad: only A -> B")] = False,
           type: Annotated[str | None, Query(description="PLOVER type, e.g. AGREE")] = None,
           factuality: Annotated[str | None, Query(description="asserted, forecast, hypothetical or negated")] = None,
           channel: Annotated[str | None, Query(max_length=p.MAX_TEXT, description="Context tag, e.g. trade")] = None) -> dict:
    pair = p.dyad(dyad)
    if directed and not pair:
        raise p.BadParameter("directed", "applies only with dyad")
    wanted = (channel or "").strip().lower()
    keep = (lambda r: wanted in [c.lower() for c in r.get("context") or []]) if wanted else None
    return listing(db, "event", common, keep, country=p.country(country), dyad=pair,
                   directed=directed, type=p.event_type(type), factuality=p.factuality(factuality))


@router.get("/events/{event_id}", summary="One event with its provenance and every outlet of its story")
def event(db: Db, event_id: str) -> dict:
    return db.event(event_id)


@router.get("/quotes", summary="Attributed quotes")
def quotes(db: Db, common: Listing, country: CountryQ = None) -> dict:
    return listing(db, "quote", common, country=p.country(country))


@router.get("/amounts", summary="Normalised amounts")
def amounts(db: Db, common: Listing, country: CountryQ = None, dyad: DyadQ = None,
            unit: Annotated[str | None, Query(max_length=40, description="USD, percent, ...")] = None) -> dict:
    return listing(db, "amount", common, country=p.country(country), dyad=p.dyad(dyad), unit=unit)


@router.get("/forecasts", summary="Forecasts as extracted (see /api/ledger for their status)")
def forecasts(db: Db, common: Listing, country: CountryQ = None) -> dict:
    return listing(db, "forecast", common, country=p.country(country))


@router.get("/flags", summary="Consistency flags")
def flags(db: Db, common: Listing,
          type: Annotated[str | None, Query(description=", ".join(p.FLAG_TYPES))] = None) -> dict:
    return listing(db, "flag", common, type=p.one_of(type, p.FLAG_TYPES, "type"))


@router.get("/actors", summary="Actors with mention counts (or, with mentions=true, the mentions)")
def actors(db: Db, common: Listing, country: CountryQ = None,
           type: Annotated[str | None, Query(description="With mentions=true: mention kind")] = None,
           mentions: Annotated[bool, Query(description="List actor mentions instead of actors")] = False) -> dict:
    code = p.country(country)
    if mentions:
        return listing(db, "actor", common, country=code,
                       type=p.one_of(type, p.MENTION_KINDS, "type"))
    if type:
        raise p.BadParameter("type", "applies only with mentions=true")
    for name in ("since", "until", "outlet", "contains"):
        if getattr(common, name):
            raise p.BadParameter(name, "applies only with mentions=true")
    # Actors are aggregated (most mentioned first), so the cursor is a position in that order.
    offset = p.read_cursor(common.cursor, "actors") or 0
    if not isinstance(offset, int) or offset < 0:
        raise p.BadParameter("cursor", "not a cursor of this listing")
    with db.db() as store:
        rows = store.actors(doc=common.doc, country=code, limit=offset + common.limit + 1)
    items = rows[offset:offset + common.limit]
    more = len(rows) > offset + common.limit
    return {"items": items, "limit": common.limit,
            "next": p.make_cursor("actors", offset + common.limit) if more else None}


# -- analyses -------------------------------------------------------------------------------

PeriodQ = Annotated[str, Query(description="week, month, quarter or year")]
MentionsQ = Annotated[bool, Query(description="Count raw event mentions, not story events")]
SinceQ = Annotated[str | None, Query()]


@router.get("/summary", summary="What the store holds, and a default balance triangle")
def summary(db: Db) -> dict:
    from tightrope.analysis.report import triangle

    with db.db() as store:
        counts = store.summary()
        first, last = store.con.execute("SELECT min(published), max(published) FROM documents").fetchone()
        codes = {c for (c,) in store.con.execute(
            "SELECT DISTINCT source_country FROM events UNION SELECT DISTINCT target_country FROM events").fetchall()}
        if {"PAK", "USA", "CHN"} <= codes:
            chosen = ("PAK", "USA", "CHN")
        else:
            chosen = triangle(store)
    return {"counts": counts, "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
            "triangle": dict(zip(("pivot", "a", "b"), chosen)) if chosen else None,
            "ingest": db.writable}


@router.get("/dyads/top", summary="The strongest dyads (most story events)")
def dyads_top(db: Db, since: SinceQ = None, until: SinceQ = None,
              limit: Annotated[int, Query(ge=1, le=200)] = 10, mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import strongest

    since_v, until_v = p.date(since, "since"), p.date(until, "until")
    return db.cached(("dyads/top", since_v, until_v, limit, mentions), lambda store: {
        "items": frame_rows(strongest(store, since=since_v, until=until_v, limit=limit,
                                      mentions=mentions))})


@router.get("/dyad", summary="How A and B treat each other, period by period")
def dyad(db: Db, a: Annotated[str, Query(description="ISO3 code")],
         b: Annotated[str, Query(description="ISO3 code")], period: PeriodQ = "month",
         since: SinceQ = None, until: SinceQ = None, mentions: MentionsQ = False) -> dict:
    from tightrope.analysis import dyad as dyad_series, dyad_channels

    a_code, b_code = p.country(a, "a"), p.country(b, "b")
    if a_code == b_code:
        raise p.BadParameter("b", "must differ from a")
    since_v, until_v = p.date(since, "since"), p.date(until, "until")
    period = p.one_of(period, ("week", "month", "quarter", "year"), "period")

    def run(store: Any) -> dict:
        series = dyad_series(store, a_code, b_code, period=period, since=since_v, until=until_v,
                             mentions=mentions)
        channels = dyad_channels(store, a_code, b_code, since=since_v, until=until_v,
                                 mentions=mentions)
        return {"a": a_code, "b": b_code, "period": period, "series": frame_rows(series),
                "channels": frame_rows(channels)}

    return db.cached(("dyad", a_code, b_code, period, since_v, until_v, mentions), run)


@router.get("/balance", summary="A pivot state's balance between two poles, period by period")
def balance(db: Db, pivot: Annotated[str, Query(description="ISO3 code of the pivot state")],
            a: Annotated[str, Query(description="Pole counted +1")],
            b: Annotated[str, Query(description="Pole counted -1")], period: PeriodQ = "month",
            since: SinceQ = None, until: SinceQ = None, mentions: MentionsQ = False,
            min_events: Annotated[int, Query(ge=1, le=1000)] = 3) -> dict:
    from tightrope.analysis import balance as balance_series, balance_channels, balance_total

    codes = [p.country(pivot, "pivot"), p.country(a, "a"), p.country(b, "b")]
    if len(set(codes)) != 3:
        raise p.BadParameter("pivot", "the pivot and the two poles must be three different countries")
    since_v, until_v = p.date(since, "since"), p.date(until, "until")
    period = p.one_of(period, ("week", "month", "quarter", "year"), "period")
    options = dict(since=since_v, until=until_v, mentions=mentions, min_events=min_events)

    def run(store: Any) -> dict:
        from tightrope.analysis.report import plain

        series = balance_series(store, *codes, period=period, **options)
        channels = balance_channels(store, *codes, **options)
        overall = balance_total(store, *codes, **options)
        return {"pivot": codes[0], "a": codes[1], "b": codes[2], "period": period,
                "series": frame_rows(series), "channels": frame_rows(channels),
                "total": {k: plain(v) for k, v in overall.items()}}

    return db.cached(("balance", *codes, period, since_v, until_v, mentions, min_events), run)


@router.get("/ledger", summary="Forecasts with status and evidence, and each holder's track record")
def ledger(db: Db, status: Annotated[str | None, Query(description="met, not met, pending or expired-unresolved")] = None,
           holder: Text = None, as_of: Annotated[str | None, Query(description="Judge as on this day (YYYY-MM-DD)")] = None,
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
def ledger_entry(db: Db, forecast_id: str,
                 as_of: Annotated[str | None, Query()] = None, mentions: MentionsQ = False) -> dict:
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


@router.get("/stories", summary="Story events (event mentions clustered across outlets), newest first")
def stories(db: Db, country: CountryQ = None, dyad: DyadQ = None,
            type: Annotated[str | None, Query()] = None, since: SinceQ = None, until: SinceQ = None,
            factuality: Annotated[str | None, Query()] = "asserted",
            min_outlets: Annotated[int, Query(ge=1, le=1000)] = 1,
            limit: Annotated[int | None, Query()] = None,
            cursor: Annotated[str | None, Query()] = None) -> dict:
    from tightrope.analysis.corroboration import ensure_stories
    from tightrope.analysis.report import records
    from tightrope.store.query import date_bound

    where, args = ["n_outlets >= ?"], [min_outlets]
    code = p.country(country)
    if code:
        where.append("(source_country = ? OR target_country = ?)")
        args += [code, code]
    pair = p.dyad(dyad)
    if pair:
        where.append("((source_country = ? AND target_country = ?) OR (source_country = ? AND target_country = ?))")
        args += [pair[0], pair[1], pair[1], pair[0]]
    kind = p.event_type(type)
    if kind:
        where.append("type = ?")
        args.append(kind)
    fact = p.factuality(factuality)
    if fact:
        where.append("factuality = ?")
        args.append(fact)
    if p.date(since, "since"):
        where.append("day >= ?")
        args.append(date_bound(since, end=False))
    if p.date(until, "until"):
        where.append("day <= ?")
        args.append(date_bound(until, end=True))
    size = p.limit(limit, default=20)
    position = p.read_cursor(cursor, "stories")
    if position is not None:
        if not (isinstance(position, list) and len(position) == 2
                and all(isinstance(x, str) for x in position)):
            raise p.BadParameter("cursor", "not a cursor of this listing")
        try:
            after_day = date_bound(position[0], end=False)
        except Exception:
            raise p.BadParameter("cursor", "not a cursor of this listing") from None
        where.append("(day < ? OR (day = ? AND story_id < ?))")
        args += [after_day, after_day, position[1]]
    sql = ("SELECT story_id, type, factuality, mutual, source_country, target_country,"
           " day::DATE AS day, date_precision, intensity, context, n_mentions, n_docs, n_outlets,"
           " n_independent, trigger, sentence, mentions FROM stories WHERE day IS NOT NULL AND "
           + " AND ".join(where) + " ORDER BY day DESC, story_id DESC LIMIT ?")
    with db.db() as store:
        ensure_stories(store)
        frame = store.con.execute(sql, [*args, size]).df()
    items = records(frame)
    following = (p.make_cursor("stories", [items[-1]["day"], items[-1]["story_id"]])
                 if len(items) == size else None)
    return {"items": items, "limit": size, "next": following}


# -- articles: analyse (never stored) and ingest (with the token) ---------------------------

ARTICLE_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}, "id": {"type": "string"}, "title": {"type": "string"},
            "outlet": {"type": "string"}, "url": {"type": "string"},
            "published": {"type": "string", "description": "YYYY-MM-DD"}}}},
        "text/plain": {"schema": {"type": "string"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": ".txt, .html or .json article"},
            "text": {"type": "string"}}}}}}}


async def read_articles(request: Request, many: bool) -> list[Any]:
    """The article(s) in a request body: a JSON article (or, with `many`, an array of them),
    raw text, or a multipart upload (`file`, or a `text` field)."""
    from tightrope.errors import SkippedItem
    from tightrope.sources.articles import make_article
    from tightrope.sources.text import decode, normalise_newlines

    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "multipart/form-data":
            form = await request.form(max_files=1, max_fields=10)
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str):
                name = upload.filename or "upload"
                data = await upload.read()
                return _articles_from_bytes(data, name, many)
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                return [make_article(normalise_newlines(text), "form")]
            raise p.BadParameter("file", "send a file (field 'file') or text (field 'text')")
        body = await request.body()
        if not body.strip():
            raise p.BadParameter("body", "empty: send an article as JSON, text or a file")
        if content_type == "application/json":
            return _articles_from_json(body, "body", many)
        if content_type in ("text/plain", ""):
            return [make_article(normalise_newlines(decode(body, "body")), "body")]
        if content_type == "text/html":
            return _articles_from_bytes(body, "body.html", many)
        raise p.BadParameter("content-type", f"{content_type!r} is not application/json,"
                                             " text/plain, text/html or multipart/form-data")
    except SkippedItem as exc:
        raise p.BadParameter("body", f"{exc.reason}: {exc.detail}") from None


def _articles_from_json(body: bytes, item: str, many: bool) -> list[Any]:
    import json

    from tightrope.sources.articles import article_from_mapping
    from tightrope.sources.text import decode

    try:
        data = json.loads(decode(body, item))
    except ValueError as exc:
        raise p.BadParameter("body", f"not valid JSON ({exc})") from None
    if isinstance(data, list):
        if not many:
            raise p.BadParameter("body", "one article (a JSON object), not an array")
        if not data or len(data) > 100:
            raise p.BadParameter("body", "an array of 1 to 100 articles")
        return [article_from_mapping(d, f"{item}[{i}]") for i, d in enumerate(data)]
    return [article_from_mapping(data, item)]


def _articles_from_bytes(data: bytes, name: str, many: bool) -> list[Any]:
    from tightrope.sources.articles import make_article
    from tightrope.sources.html import article_from_html
    from tightrope.sources.text import decode, normalise_newlines, sniff

    text = decode(data, name)
    kind = sniff(text)
    if kind == "json":
        return _articles_from_json(data, name, many)
    if kind in ("html", "feed"):
        return [article_from_html(text, name)]
    return [make_article(normalise_newlines(text), name)]


@router.post("/analyze", summary="Extract an article's records without storing it",
             openapi_extra=ARTICLE_BODY)
async def analyze(request: Request) -> dict:
    db: Backend = request.app.state.backend
    (article,) = await read_articles(request, many=False)
    extraction = await run_in_threadpool(db.extract, article)
    document = {"doc_id": article.id, "title": article.title, "outlet": article.outlet,
                "url": article.url, "published": article.published, "text": article.text}
    counts: dict[str, int] = {}
    for record in extraction.records:
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    return {"document": document, "records": extraction.records, "counts": counts}


@router.post("/ingest", summary="Extract and store articles (only with --allow-ingest and the token)",
             openapi_extra=ARTICLE_BODY,
             responses={401: {"description": "no bearer token"}, 403: {"description": "ingest disabled or wrong token"}})
async def ingest(request: Request) -> JSONResponse:
    app = request.app
    if not app.state.allow_ingest:
        return JSONResponse({"error": "ingest is disabled: this server is read-only",
                             "detail": "start it with --allow-ingest --token TOKEN"}, status_code=403)
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return JSONResponse({"error": "authentication required",
                             "detail": "send Authorization: Bearer <token>"}, status_code=401,
                            headers={"WWW-Authenticate": 'Bearer realm="tightrope"'})
    if not hmac.compare_digest(given.strip().encode("utf-8"), app.state.token.encode("utf-8")):
        return JSONResponse({"error": "wrong token", "detail": None}, status_code=403)
    db: Backend = app.state.backend
    articles = await read_articles(request, many=True)
    result = await run_in_threadpool(_ingest, db, articles)
    return JSONResponse(result)


def _ingest(db: Backend, articles: list[Any]) -> dict[str, Any]:
    from tightrope.store import IngestResult

    result = IngestResult()
    todo = []
    with db.db() as store:
        for article in articles:
            if store.known_hash(article.id) == article.hash:
                result.unchanged += 1
            else:
                todo.append(article)
    extractions = [db.extract(a) for a in todo]       # outside the store lock: slow part
    db.write(extractions, result)
    return {"stored": result.stored, "replaced": result.replaced, "unchanged": result.unchanged,
            "records": result.records, "doc_ids": [a.id for a in articles]}
