"""What every reader shares: the options of a read and the report that counts it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tightrope.errors import SkippedItem

__all__ = ["ReadOptions", "Report", "SkippedItem", "skip_line", "warning_line"]


def _one_line(text: str) -> str:
    # File names and library messages may hold line breaks; a report is one line per item.
    return " ".join(text.split())


def skip_line(error: SkippedItem) -> str:
    return f"tightrope: {_one_line(str(error))}"


def warning_line(item: str, message: str) -> str:
    return f"tightrope: {_one_line(item)}: warning: {_one_line(message)}"


@dataclass
class ReadOptions:
    follow_links: bool = False        # feeds: fetch each item's page and read it as HTML
    allow_private: bool = False       # allow fetching loopback/private/link-local addresses
    max_bytes: int = 20_000_000       # per file, response, decompressed file or JSONL line
    timeout: float = 20.0             # seconds to connect, and between two reads of a response
    total_timeout: float = 60.0       # seconds for a whole response, redirects included
    max_redirects: int = 5
    languages: tuple[str, ...] = ("en",)
    exclude: tuple[str, ...] = ()     # paths never read (the run's own output file)
    ca_file: str | None = None        # PEM bundle to trust for https instead of the default


@dataclass
class Report:
    """Counts what was read and skipped.

    `on_skip` is called with each SkippedItem, `on_warning` with (item, message) for problems
    that do not cost the article (an unparseable date, a feed item page that could not be
    fetched so the feed's summary is used instead).
    """

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    warnings: int = 0
    on_skip: Callable[[SkippedItem], None] | None = None
    on_warning: Callable[[str, str], None] | None = None

    def skip(self, error: SkippedItem) -> None:
        self.skipped[error.reason] += 1
        if self.on_skip is not None:
            self.on_skip(error)

    def warn(self, item: str, message: str) -> None:
        self.warnings += 1
        if self.on_warning is not None:
            self.on_warning(item, message)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def summary(self, extracted: int | None = None) -> str:
        """One line: read / extracted / skipped by reason (most frequent first)."""
        parts = [f"read {self.read} article{'s' if self.read != 1 else ''}"]
        if extracted is not None:
            parts.append(f"extracted {extracted}")
        skipped = f"skipped {self.n_skipped}"
        if self.skipped:
            reasons = sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))
            skipped += " (" + ", ".join(f"{reason} {n}" for reason, n in reasons) + ")"
        parts.append(skipped)
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        return ", ".join(parts)
