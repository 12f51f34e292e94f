"""Reading inputs into the store with progress and a summary: what `tightrope ingest` and
`tightrope demo` run.

    outcome = run(["articles.jsonl"], "tightrope.duckdb", batch_size=50)
    outcome.articles, outcome.result.stored, outcome.report.skipped

The progress bar (articles/s, ETA; tightrope.sources.progress, as for `tightrope extract`)
is drawn only when standard error is a terminal; piped runs print nothing but the one-line
messages for bad inputs and the final summary.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tightrope.store import IngestResult, Store, skipped_article


@dataclass
class Outcome:
    articles: int = 0                 # articles that came out of the readers
    result: IngestResult = field(default_factory=IngestResult)
    report: Any = None                # tightrope.sources.Report
    interrupted: bool = False


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
    from tightrope.sources.files import estimate_total
    from tightrope.sources.progress import RunProgress, wanted

    outcome = Outcome(report=Report(on_skip=print_skip, on_warning=print_warning))
    if extractor is None:
        from tightrope.extract import Extractor

        extractor = Extractor()
    if progress is None:
        progress = wanted()
    # Each article handled (stored, unchanged or failed) and each skipped input moves it on.
    bar = RunProgress(outcome.report, estimate_total(inputs) if progress else None,
                      enabled=progress, description="ingesting")

    def counted(articles: Iterator[Any]) -> Iterator[Any]:
        for article in articles:
            outcome.articles += 1
            yield article

    articles = counted(read(inputs, options or ReadOptions(), outcome.report))

    def on_progress(result: IngestResult) -> None:
        bar.advance()

    def on_commit(result: IngestResult) -> None:
        if verbose:
            bar.note(f"tightrope: committed batch {result.batches}: {result.stored} document(s)"
                     " stored so far")

    def on_error(article: Any, error: Exception) -> None:
        # Counted with the readers' skips, so the summary has one list of reasons.
        outcome.report.skip(skipped_article(article, error))

    try:
        with Store(db) as store, bar:
            store.ingest_articles(articles, extractor, batch_size, on_progress, on_commit,
                                  result=outcome.result, on_error=on_error)
    except KeyboardInterrupt:
        outcome.interrupted = True
    return outcome
