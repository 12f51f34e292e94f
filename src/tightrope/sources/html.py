"""HTML pages: main text and metadata (title, date, site name, canonical URL) with trafilatura
(Barbaresi 2021, "Trafilatura: A Web Scraping Library and Command-Line Tool for Text
Discovery and Extraction")."""
from __future__ import annotations

import logging
import re

from tightrope.errors import SkippedItem
from tightrope.records import Article
from tightrope.sources.articles import make_article
from tightrope.sources.base import Report

# trafilatura and its helpers log every page they cannot use; the reader reports those pages
# itself, one line each, so their logs must not reach stderr through logging's last resort.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_LINE_BREAKS = re.compile(r"\n+")


def article_from_html(html: str, item: str, report: Report | None = None,
                      url: str | None = None) -> Article:
    """The page's main text as an Article; paragraphs are separated by a blank line."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                            include_comments=False, include_tables=True)
    except Exception as exc:  # a third-party parser failing on a page means the page is bad
        raise SkippedItem(item, "malformed-html",
                          f"cannot parse the page ({type(exc).__name__}: {exc})") from None
    text = (getattr(found, "text", None) or "").strip()
    if not text:
        raise SkippedItem(item, "malformed-html", "no main text found in the page")
    text = _LINE_BREAKS.sub("\n\n", text)
    page_url = getattr(found, "url", None) or url
    outlet = getattr(found, "sitename", None) or getattr(found, "hostname", None)
    return make_article(text, item, report, published=getattr(found, "date", None),
                        url=page_url, outlet=outlet, title=getattr(found, "title", None))
