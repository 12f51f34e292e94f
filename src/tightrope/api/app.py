"""The FastAPI application: JSON API under /api, the dashboard at /, OpenAPI at /openapi.json.

    from tightrope.api import create_app
    app = create_app("tightrope.duckdb")                      # read-only
    app = create_app("news.duckdb", allow_ingest=True, token="s3cret")

Every error is JSON `{"error": message, "detail": ...}`: 400 for parameters the caller must
fix, 401/403 for the ingest token, 404 for unknown ids and paths, 413 for bodies over the
size limit, 500 (with nothing of the traceback) for bugs. docs/api.md lists the endpoints.
"""
from __future__ import annotations

import contextlib
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tightrope.analysis.units import AnalysisError
from tightrope.api.backend import Backend, NotFound
from tightrope.api.params import BadParameter
from tightrope.errors import TightropeError
from tightrope.store.query import QueryError

log = logging.getLogger("tightrope.api")

MAX_BODY = 2 * 1024 * 1024

# The dashboard needs nothing but its own files: scripts, styles and data from this origin.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
     b" connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
     b" frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def static_dir() -> Path:
    return Path(str(resources.files("tightrope.web").joinpath("static")))


def error_body(message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": message, "detail": detail}


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413: at once when Content-Length says
    so, else as soon as the streamed body passes the limit (nothing larger is buffered)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        try:
            too_big = declared is not None and int(declared) > self.limit
        except ValueError:
            await _send_json(send, 400, error_body("bad Content-Length header"))
            return
        if too_big:
            await _send_json(send, 413, self._message())
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, self._message())

    def _message(self) -> dict[str, Any]:
        return error_body(f"request body too large (limit {self.limit} bytes)",
                          {"limit": self.limit})


class _TooLarge(StarletteHTTPException):
    """Raised while the body is read: an HTTP error, so whoever reads it (FastAPI's body
    parsing included) answers 413 rather than wrapping it as a parse error."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (limit {limit} bytes)")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    import json

    data = json.dumps(body).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode("ascii")),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": data})


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> JSONResponse:
        return JSONResponse(error_body(f"bad parameter {exc.name!r}: {exc.message}",
                                       {"parameter": exc.name}), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
            problems.append({"parameter": ".".join(where) or None, "message": error.get("msg")})
        first = problems[0] if problems else {"parameter": None, "message": "invalid request"}
        message = (f"bad parameter {first['parameter']!r}: {first['message']}"
                   if first["parameter"] else f"bad request: {first['message']}")
        return JSONResponse(error_body(message, problems), status_code=400)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(error_body(str(exc)), status_code=404)

    @app.exception_handler(QueryError)
    @app.exception_handler(AnalysisError)
    async def user_error(request: Request, exc: TightropeError) -> JSONResponse:
        # The library's own checks: a filter or an analysis the caller asked wrongly.
        return JSONResponse(error_body(str(exc)), status_code=400)

    @app.exception_handler(TightropeError)
    async def server_side(request: Request, exc: TightropeError) -> JSONResponse:
        # Anything else the library reports (the store failing, the model missing) is ours
        # to fix, not the caller's; its message may name server paths, so it stays in the log.
        log.error("error serving %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(error_body("internal server error",
                                       "the error was logged on the server"), status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"not found: {request.url.path}"
        return JSONResponse(error_body(message), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(error_body("internal server error",
                                       "the error was logged on the server"), status_code=500)


def create_app(db_path: str | Path, allow_ingest: bool = False, token: str | None = None,
               max_body: int = MAX_BODY, extractor: Any = None,
               warm_up: bool = True) -> FastAPI:
    """The app over the store at `db_path`, read-only unless `allow_ingest`.

    `token` is required with `allow_ingest`: POST /api/ingest then needs
    `Authorization: Bearer <token>`. `extractor` (a tightrope.extract.Extractor) is built on
    first use when not given. `warm_up` brings story events up to date at start-up."""
    if allow_ingest and not token:
        raise TightropeError("--allow-ingest needs a token (--token or TIGHTROPE_TOKEN)")
    if token is not None and len(token) < 8:
        raise TightropeError("the ingest token must be at least 8 characters long")
    backend = Backend(db_path, writable=allow_ingest, extractor=extractor)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            yield
        finally:
            backend.close()

    app = FastAPI(title="tightrope", version=_version(), docs_url=None, redoc_url=None,
                  description="News about international relations as provenance-linked "
                              "records: listings, analyses and article analysis (docs/api.md).",
                  lifespan=lifespan)
    app.state.backend = backend
    app.state.allow_ingest = allow_ingest
    app.state.token = token
    _install_error_handlers(app)

    from tightrope.api import articles, routes

    app.include_router(routes.router)
    app.include_router(articles.router)

    folder = static_dir()
    app.mount("/static", StaticFiles(directory=folder), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(folder / "index.html", media_type="text/html; charset=utf-8")

    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    if warm_up:
        backend.warm_up()
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tightrope")
    except PackageNotFoundError:
        return "0"
