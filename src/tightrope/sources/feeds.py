"""RSS and Atom feeds with feedparser: every item becomes an Article.

An item's text is its title and its content (or summary) as plain text. With
`--follow-links`, the item's link is fetched (under the same limits and address checks as
any URL) and its page read as HTML; if that fails the item falls back to the feed's own text,
with a warning, so one dead link costs no article.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from tightrope.errors import SkippedItem
from tightrope.records import Article
from tightrope.sources.articles import make_article, parse_published
from tightrope.sources.base import ReadOptions, Report
from tightrope.sources.text import fragment_text


def parse_feed(data: bytes, item: str, url: str | None = None) -> Any:
    """The parsed feed, or SkippedItem if it is not a feed or has no items."""
    import feedparser

    headers = {"content-location": url} if url else {}
    try:
        # A file object, never bytes or str: feedparser treats a string that looks like a URL
        # or a path as something to open.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser failing on a document means the document is bad
        raise SkippedItem(item, "malformed-feed",
                          f"cannot parse ({type(exc).__name__}: {exc})") from None
    if parsed.entries:
        return parsed
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        raise SkippedItem(item, "malformed-feed", f"not a well-formed feed ({problem})")
    if not parsed.get("version"):
        raise SkippedItem(item, "malformed-feed", "not an RSS or Atom feed")
    raise SkippedItem(item, "empty", "the feed has no items")


def _entry_body(entry: Any) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    body = max(contents, key=len) if contents else ""
    summary = entry.get("summary") or ""
    return fragment_text(body if len(body) >= len(summary) else summary)


def _entry_published(entry: Any) -> Any:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return entry[key]
    return entry.get("published") or entry.get("updated")


def articles_from_feed(data: bytes, item: str, options: ReadOptions, report: Report,
                       fetch_page: Callable[[str, str], Article] | None = None,
                       url: str | None = None) -> Iterator[Article]:
    """One Article per feed item; items without any text are reported and skipped.

    `fetch_page(link, item)` reads an item's page (used only with `options.follow_links`).
    """
    parsed = parse_feed(data, item, url)
    outlet = fragment_text(parsed.feed.get("title") or "") or None
    for number, entry in enumerate(parsed.entries, 1):
        entry_item = f"{item}#{number}"
        try:
            yield _entry_article(entry, entry_item, outlet, options, report, fetch_page)
        except SkippedItem as exc:
            report.skip(exc)


def _entry_article(entry: Any, item: str, outlet: str | None, options: ReadOptions,
                   report: Report, fetch_page: Callable[[str, str], Article] | None) -> Article:
    title = fragment_text(entry.get("title") or "") or None
    link = entry.get("link") or None
    published = _entry_published(entry)
    if options.follow_links and link and fetch_page is not None:
        try:
            page = fetch_page(link, item)
        except SkippedItem as exc:
            report.warn(item, f"item page not used ({exc.reason}: {exc.detail}); "
                              "reading the feed's text instead")
        else:
            page.outlet = page.outlet or outlet
            page.title = page.title or title
            page.url = page.url or link
            if published is not None:
                # The feed dates its items on purpose; a page's date may be a guess.
                feed_day, _ = parse_published(published)
                page.published = feed_day or page.published
            page.origin = item
            return page
    body = _entry_body(entry)
    if title and body and not body.startswith(title):
        text = f"{title}\n\n{body}"
    else:
        text = body or title or ""
    if not text.strip():
        raise SkippedItem(item, "empty", "the feed item has no title or text")
    return make_article(text, item, report, published=published, url=link, outlet=outlet,
                        title=title)
