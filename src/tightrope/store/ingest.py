"""Reading inputs into the store with progress and a summary: what `tightrope ingest` and
`tightrope demo` run.

    outcome = run(["articles.jsonl"], "tightrope.duckdb", batch_size=50)
    outcome.articles, outcome.result.stored, outcome.report.skipped

The progress bar (articles/s, ETA) is drawn only when standard error is a terminal; piped
runs print nothing but the one-line messages for bad inputs and the final summary.
"""
from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tightrope.errors import SkippedItem
from tightrope.store import IngestResult, Store, error_reason

# Suffixes a directory walk can yield articles from; used only to estimate the total.
ARTICLE_SUFFIXES = {".txt", ".json", ".jsonl", ".html", ".htm"}


@dataclass
class Outcome:
    articles: int = 0                 # articles that came out of the readers
    result: IngestResult = field(default_factory=IngestResult)
    report: Any = None                # tightrope.sources.Report
    interrupted: bool = False


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (local files only: one
    per file, one per non-blank line of a .jsonl); None for URLs, stdin and feeds."""
    total = 0
    for item in inputs:
        if item == "-" or "://" in item:
            return None
        path = Path(item)
        files = ([p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path])
        for file in files:
            suffix = file.suffix.lower()
            if suffix in {".xml", ".rss", ".atom", ".gz"}:
                return None         # feeds and compressed files: unknown without reading them
            if path.is_dir() and suffix not in ARTICLE_SUFFIXES:
                continue
            if suffix == ".jsonl":
                try:
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    pass
            else:
                total += 1
    return total


def summary_line(outcome: Outcome, db: str | Path) -> str:
    """The final line: the readers' summary (read / skipped by reason / warnings), then
    what the store did with the articles."""
    result = outcome.result
    line = (f"tightrope: {outcome.report.summary()}; stored {result.stored}"
            + (f" ({result.replaced} replaced)" if result.replaced else "")
            + f", unchanged {result.unchanged}; {result.records} records written to {db}")
    if outcome.interrupted:
        line += " (interrupted: the batch in progress was not stored)"
    return line


def run(inputs: list[str], db: str | Path, batch_size: int = 50, options: Any = None,
        extractor: Any = None, progress: bool | None = None, verbose: bool = False) -> Outcome:
    """Read `inputs`, extract what is new and store it in `db`. Bad inputs are reported one
    line each on stderr and counted; Ctrl-C keeps every batch committed so far."""
    from tightrope.sources import ReadOptions, Report, print_skip, print_warning, read

    outcome = Outcome(report=Report(on_skip=print_skip, on_warning=print_warning))
    if extractor is None:
        from tightrope.extract import Extractor

        extractor = Extractor()
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("TIGHTROPE_NO_PROGRESS")

    def counted(articles: Iterator[Any]) -> Iterator[Any]:
        for article in articles:
            outcome.articles += 1
            yield article

    articles = counted(read(inputs, options or ReadOptions(), outcome.report))
    bar = _progress_bar(estimate_total(inputs)) if progress else None

    def on_progress(result: IngestResult) -> None:
        if bar is not None:
            bar.advance()

    def on_commit(result: IngestResult) -> None:
        if verbose:
            print(f"tightrope: committed batch {result.batches}: {result.stored} document(s)"
                  f" stored so far", file=sys.stderr, flush=True)

    def on_error(article: Any, error: Exception) -> None:
        # Counted with the readers' skips, so the summary has one list of reasons.
        item = article.origin or article.id
        outcome.report.skip(SkippedItem(item, error_reason(error), f"{type(error).__name__}: {error}"))

    try:
        with Store(db) as store, (bar if bar is not None else nullcontext()):
            store.ingest_articles(articles, extractor, batch_size, on_progress, on_commit,
                                  result=outcome.result, on_error=on_error)
    except KeyboardInterrupt:
        outcome.interrupted = True
    return outcome


class _Bar:
    """A rich progress bar on stderr counting articles, with rate and ETA."""

    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TaskProgressColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(),
            TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False)
        self.task = self.progress.add_task("ingest", total=total, rate="")

    def advance(self) -> None:
        self.progress.advance(self.task)
        task = self.progress.tasks[0]
        speed = task.speed
        self.progress.update(self.task, rate=f"{speed:.1f} articles/s" if speed else "")

    def __enter__(self) -> "_Bar":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _progress_bar(total: int | None) -> _Bar:
    return _Bar(total)
