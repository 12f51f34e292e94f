"""POST /api/analyze (extract one article, store nothing) and POST /api/ingest (extract and
store, only with --allow-ingest and the bearer token), and reading articles from request
bodies: JSON, plain text, HTML, or a multipart upload."""
from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from tightrope.api import params as p
from tightrope.api.backend import Backend

router = APIRouter(prefix="/api")

MAX_ARTICLES = 100      # per ingest request

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
    from tightrope.sources.articles import article_from_mapping
    from tightrope.sources.text import decode

    try:
        data = json.loads(decode(body, item))
    except ValueError as exc:
        raise p.BadParameter("body", f"not valid JSON ({exc})") from None
    if isinstance(data, list):
        if not many:
            raise p.BadParameter("body", "one article (a JSON object), not an array")
        if not data or len(data) > MAX_ARTICLES:
            raise p.BadParameter("body", f"an array of 1 to {MAX_ARTICLES} articles")
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


@router.post("/ingest", openapi_extra=ARTICLE_BODY,
             summary="Extract and store articles (only with --allow-ingest and the token)",
             responses={401: {"description": "no bearer token"},
                        403: {"description": "ingest disabled, or wrong token"}})
async def ingest(request: Request) -> JSONResponse:
    app = request.app
    if not app.state.allow_ingest:
        return JSONResponse({"error": "ingest is disabled: this server is read-only",
                             "detail": "start it with --allow-ingest --token TOKEN"},
                            status_code=403)
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
