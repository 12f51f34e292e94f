"""Dispatch: which reader each input calls for, and per-item error handling."""
from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tightrope.errors import SkippedItem
from tightrope.records import Article
from tightrope.sources import files
from tightrope.sources.articles import article_from_mapping, make_article
from tightrope.sources.base import ReadOptions, Report
from tightrope.sources.text import decode, normalise_newlines, sniff

STDIN = "<stdin>"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

# Media type -> kind; anything else is sniffed from the content.
CONTENT_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/feed+json": "json",
    "application/json": "json", "text/json": "json",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
}


def _json_problem(exc: Exception, one_line: bool = False) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno} column {exc.colno}"
        return f"invalid JSON at {where}: {exc.msg}"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {exc}"


class Reading:
    """One run of `read()`: its options, its report and (lazily) its HTTP fetcher."""

    def __init__(self, options: ReadOptions, report: Report) -> None:
        self.options = options
        self.report = report
        self._fetcher: Any = None
        self._excluded = {Path(p).resolve() for p in options.exclude}

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    @property
    def fetcher(self) -> Any:
        if self._fetcher is None:
            from tightrope.sources.fetch import Fetcher

            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def guarded(self, item: str, articles: Iterator[Article]) -> Iterator[Article]:
        """Run one item's reader; whatever stops it is reported and the batch goes on.

        An exception other than SkippedItem is a bug in a reader (or in a library it calls) that
        a bad input exposed; it is reported under the reason "error", never raised.
        """
        try:
            yield from articles
        except SkippedItem as exc:
            self.report.skip(exc)
        except Exception as exc:  # noqa: BLE001 - the batch must go on; see docstring
            self.report.skip(SkippedItem(item, "error", f"{type(exc).__name__}: {exc}"))

    # -- inputs ---------------------------------------------------------------------------

    def item(self, name: str) -> Iterator[Article]:
        if name == "-":
            yield from self.stdin()
        elif _URL.match(name):
            # Any scheme goes to the fetcher, which refuses all but http(s) with a reason.
            yield from self.url(name)
        else:
            yield from self.path(name)

    def path(self, name: str) -> Iterator[Article]:
        path = Path(name)
        if path.is_dir():
            for file in files.walk(path):
                if self._excluded and file.resolve() in self._excluded:
                    continue
                suffix, gzipped = files.split_name(file.name)
                kind = files.SUFFIX_KINDS.get(suffix)
                if kind is None:
                    self.report.skip(SkippedItem(str(file), "unsupported",
                                                 f"unknown file type {suffix or '(none)'!r}"))
                    continue
                yield from self.guarded(str(file), self.file(file, kind, gzipped))
            return
        if not path.exists():
            raise SkippedItem(name, "not-found", "no such file or directory")
        if self._excluded and path.resolve() in self._excluded:
            raise SkippedItem(name, "unsupported", "this run's own output file")
        suffix, gzipped = files.split_name(path.name)
        # A file named on the command line is read even without a known extension.
        yield from self.file(path, files.SUFFIX_KINDS.get(suffix, "sniff"), gzipped)

    def file(self, path: Path, kind: str, gzipped: bool) -> Iterator[Article]:
        item = str(path)
        if kind == "jsonl":
            with files.open_binary(path, item, gzipped) as stream:
                yield from self.jsonl_stream(stream, item, gzipped)
            return
        data = files.read_file(path, item, self.options.max_bytes, gzipped)
        yield from self.document(data, kind, item)

    def stdin(self) -> Iterator[Article]:
        stream: BinaryIO = getattr(sys.stdin, "buffer", None) or sys.stdin  # type: ignore
        limit = self.options.max_bytes
        first = stream.readline(limit + 1)
        if not first:
            raise SkippedItem(STDIN, "empty", "nothing on standard input")
        if _is_json_object_line(first):
            # JSON Lines: stream the rest, so a corpus piped in is never held whole.
            rest = files.bounded_lines(stream, STDIN, limit, first=2)
            yield from self.jsonl_lines(_chain_first(first, rest), STDIN)
            return
        rest = stream.read(limit + 1 - len(first)) if len(first) <= limit else b""
        data = first + rest
        if len(data) > limit:
            raise SkippedItem(STDIN, "too-large", f"more than {limit} bytes (--max-bytes)")
        yield from self.document(data, "sniff", STDIN)

    def url(self, url: str) -> Iterator[Article]:
        fetched = self.fetcher.get(url)
        if not fetched.data:
            raise SkippedItem(url, "empty", "the response has no body")
        kind = CONTENT_KINDS.get(fetched.content_type, "sniff")
        yield from self.document(fetched.data, kind, url, url=fetched.url,
                                 declared=fetched.charset)

    def page(self, link: str, item: str) -> Article:
        """A feed item's page, read as HTML (only with --follow-links)."""
        fetched = self.fetcher.get(link)
        kind = CONTENT_KINDS.get(fetched.content_type, "sniff")
        text = decode(fetched.data, link, fetched.charset)
        if kind == "sniff":
            kind = sniff(text)
        if kind != "html":
            raise SkippedItem(link, "unsupported",
                              f"the page is {fetched.content_type or kind}, not HTML")
        from tightrope.sources.html import article_from_html

        return article_from_html(text, item, self.report, url=fetched.url)

    # -- documents --------------------------------------------------------------------------

    def document(self, data: bytes, kind: str, item: str, url: str | None = None,
                 declared: str | None = None) -> Iterator[Article]:
        """The articles in one whole document of `kind` ("sniff": decide from the content)."""
        text = decode(data, item, declared)
        if not text.strip():
            raise SkippedItem(item, "empty", "only white space")
        sniffed = kind == "sniff"
        if sniffed:
            kind = sniff(text)
        if kind == "text":
            yield make_article(normalise_newlines(text), item, self.report, url=url)
        elif kind == "json":
            yield from self.json_document(text, item, lenient=sniffed, url=url)
        elif kind == "jsonl":
            lines = ((n, line) for n, line in enumerate(text.splitlines(), 1))
            yield from self.jsonl_lines(lines, item)
        elif kind == "html":
            from tightrope.sources.html import article_from_html

            yield article_from_html(text, item, self.report, url=url)
        elif kind == "feed":
            from tightrope.sources.feeds import articles_from_feed

            yield from articles_from_feed(data, item, self.options, self.report,
                                          fetch_page=self.page, url=url)
        else:  # pragma: no cover - kinds come from SUFFIX_KINDS, CONTENT_KINDS and sniff()
            raise SkippedItem(item, "unsupported", f"no reader for {kind!r}")

    def json_document(self, text: str, item: str, lenient: bool, url: str | None
                      ) -> Iterator[Article]:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            if lenient:
                # Sniffed content that is not one JSON value may be JSON Lines, or prose that
                # happens to start with a bracket.
                lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)]
                first = next((line for _, line in lines if line.strip()), "")
                if _is_json_object_line(first.encode("utf-8")):
                    yield from self.jsonl_lines(iter(lines), item)
                else:
                    yield make_article(normalise_newlines(text), item, self.report, url=url)
                return
            raise SkippedItem(item, "malformed-json", _json_problem(exc)) from None
        if isinstance(value, list):
            if not value:
                raise SkippedItem(item, "empty", "an empty JSON array")
            for index, element in enumerate(value):
                try:
                    yield article_from_mapping(element, f"{item}[{index}]", self.report)
                except SkippedItem as exc:
                    self.report.skip(exc)
            return
        article = article_from_mapping(value, item, self.report)
        if url and not article.url:
            article.url = url
        yield article

    def jsonl_stream(self, stream: BinaryIO, item: str, gzipped: bool) -> Iterator[Article]:
        limit = self.options.max_bytes
        try:
            head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        except files.GZIP_ERRORS as exc:
            raise SkippedItem(item, "undecodable", f"not a valid gzip file ({exc})") from None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 lines cannot be split on b"\n"; such files are read whole (bounded).
            data = files.read_bounded(stream, item, limit, gzipped)
            yield from self.document(data, "jsonl", item)
            return
        if b"\x00" in head:
            raise SkippedItem(item, "binary", "contains NUL bytes; not a text file")
        lines = files.bounded_lines(stream, item, limit)
        try:
            yield from self.jsonl_lines(lines, item)
        except files.GZIP_ERRORS as exc:
            if not gzipped:
                raise SkippedItem(item, "unreadable", str(exc)) from None
            raise SkippedItem(item, "undecodable", f"corrupt gzip data ({exc}); "
                                                   "the rest of the file is skipped") from None

    def jsonl_lines(self, lines: Iterable[tuple[int, Any]], item: str) -> Iterator[Article]:
        """One article per non-blank line; a bad line is reported as `item:line` and skipped."""
        seen = False
        for number, line in lines:
            line_item = f"{item}:{number}"
            try:
                if isinstance(line, SkippedItem):
                    seen = True
                    raise line
                if isinstance(line, bytes):
                    line = decode(line, line_item, wide=False) if line.strip() else ""
                if not line.strip():
                    continue
                seen = True
                try:
                    value = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    raise SkippedItem(line_item, "malformed-json",
                                      _json_problem(exc, one_line=True)) from None
                yield article_from_mapping(value, line_item, self.report)
            except SkippedItem as exc:
                self.report.skip(exc)
        if not seen:
            raise SkippedItem(item, "empty", "no JSON lines")


def _is_json_object_line(line: bytes) -> bool:
    stripped = line.lstrip(codecs.BOM_UTF8 + b" \t").rstrip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (ValueError, RecursionError):
        return False


def _chain_first(first: bytes, rest: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    yield 1, first
    yield from rest
