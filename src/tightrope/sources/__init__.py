"""Readers: every input form becomes the same `Article`.

    read(["a.json", "dir/", "-", "https://..."], options, report) -> Iterator[Article]

Inputs: `.txt`, `.json` (one article object, or an array of them), `.jsonl`/`.ndjson` (one per
line, streamed), any of these gzipped (`.jsonl.gz`), `.html`/`.htm` pages (trafilatura),
RSS/Atom feeds (`.xml`/`.rss`/`.atom`, or recognised by content), directories (recursive),
`-` for standard input and `http(s)://` URLs (kind recognised by content type and content).
docs/inputs.md describes the forms, the limits and every skip reason.

Items that cannot be read are reported (one SkippedItem each, naming the item and the reason)
and counted in `report`; the iteration goes on. Articles are produced lazily, one input at a
time, so a large corpus is never held in memory.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from tightrope.errors import SkippedItem
from tightrope.records import Article
from tightrope.sources.articles import article_from_mapping, parse_published
from tightrope.sources.base import ReadOptions, Report, skip_line, warning_line

__all__ = ["ReadOptions", "Report", "read", "print_skip", "print_warning", "skip_line",
           "warning_line", "article_from_mapping", "parse_published", "check_language", "accept"]


def check_language(article: Article, options: ReadOptions) -> None:
    """Set `article.language`, or raise SkippedItem("language") if it is not accepted."""
    from tightrope.sources.language import judge

    declared = article.extra.get("declared_language")
    language, refusal = judge(article.text, options.languages,
                              declared if isinstance(declared, str) else None)
    if refusal:
        raise SkippedItem(article.origin or article.id, "language", refusal)
    article.language = language


def accept(article: Article, options: ReadOptions, report: Report) -> bool:
    """Whether `article` passes the language check; counts it as read, or reports its skip."""
    try:
        check_language(article, options)
    except SkippedItem as exc:
        report.skip(exc)
        return False
    report.read += 1
    return True


def read(inputs: Iterable[str], options: ReadOptions | None = None,
         report: Report | None = None) -> Iterator[Article]:
    """The articles of `inputs`, in order; every problem is reported, none is raised."""
    from tightrope.sources.reader import Reading

    options = options or ReadOptions()
    report = report if report is not None else Report()
    reading = Reading(options, report)
    try:
        for name in inputs:
            for article in reading.guarded(name, reading.item(name)):
                if accept(article, options, report):
                    yield article
    finally:
        reading.close()


def print_skip(error: SkippedItem) -> None:
    print(skip_line(error), file=sys.stderr, flush=True)


def print_warning(item: str, message: str) -> None:
    print(warning_line(item, message), file=sys.stderr, flush=True)
