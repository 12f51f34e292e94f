"""Readers: every input form becomes the same `Article`.

    read(["a.json", "dir/", "-", "https://..."], options, report) -> Iterator[Article]

Items that cannot be read are reported (one line each, naming the item and the reason) and
counted in `report`; the iteration goes on.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tightrope.errors import SkippedItem
from tightrope.records import Article


@dataclass
class ReadOptions:
    follow_links: bool = False        # feeds: fetch each item's page
    allow_private: bool = False       # allow fetching loopback/private addresses
    max_bytes: int = 20_000_000       # per file or response
    timeout: float = 20.0             # seconds per request
    max_redirects: int = 5
    languages: tuple[str, ...] = ("en",)


@dataclass
class Report:
    """Counts what was read and skipped; `on_skip` is called with each SkippedItem."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    on_skip: Callable[[SkippedItem], None] | None = None

    def skip(self, error: SkippedItem) -> None:
        self.skipped[error.reason] += 1
        if self.on_skip is not None:
            self.on_skip(error)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())


def article_from_mapping(data: dict, origin: str) -> Article:
    if not isinstance(data, dict):
        raise SkippedItem(origin, "malformed-json", "expected a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SkippedItem(origin, "empty", "no 'text' field with content")
    return Article(text=text, id=str(data.get("id") or ""), url=data.get("url"),
                   outlet=data.get("outlet"), published=data.get("published"),
                   title=data.get("title"), origin=origin)


def read(inputs: Iterable[str], options: ReadOptions | None = None,
         report: Report | None = None) -> Iterator[Article]:
    options = options or ReadOptions()
    report = report if report is not None else Report()
    for item in inputs:
        path = Path(item)
        try:
            if path.suffix == ".jsonl":
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if line.strip():
                        report.read += 1
                        yield article_from_mapping(json.loads(line), f"{item}:{n}")
            elif path.suffix == ".json":
                report.read += 1
                yield article_from_mapping(json.loads(path.read_text(encoding="utf-8")), item)
            else:
                report.read += 1
                yield Article(text=path.read_text(encoding="utf-8"), origin=item)
        except SkippedItem as exc:
            report.skip(exc)


def print_skip(error: SkippedItem) -> None:
    print(f"tightrope: {error}", file=sys.stderr)
