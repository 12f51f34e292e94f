"""A progress display for long reads, on stderr and only when stderr is a terminal.

With a known total: a bar, done/total, articles/s and the time left. Without one (stdin,
URLs, feeds, gzipped files): a spinner with the counts and the rate. While it is shown, skip
and warning lines are printed above it so they do not tear the display; when stderr is piped
nothing but those lines is written.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from tightrope.errors import SkippedItem
from tightrope.sources.base import Report, skip_line, warning_line


def wanted() -> bool:
    """Whether a run should draw progress: stderr is a terminal and TIGHTROPE_NO_PROGRESS is
    not set (tests and scripts set it to keep terminal output plain)."""
    return sys.stderr.isatty() and not os.environ.get("TIGHTROPE_NO_PROGRESS")


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("-- articles/s" if speed is None else f"{speed:,.1f} articles/s")

    return RateColumn()


class RunProgress:
    """Use as a context manager around a run; call `advance()` per article done. It wraps the
    report's callbacks so each skipped item moves the display on too."""

    def __init__(self, report: Report, total: int | None, enabled: bool | None = None,
                 description: str = "extracting") -> None:
        self.report = report
        self.total = total
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.description = description
        self._progress: Any = None
        self._console: Any = None
        self._task: Any = None

    def __enter__(self) -> RunProgress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        console = self._console = Console(stderr=True)
        if self.total is not None:
            columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       _rate_column(), TextColumn("ETA"), TimeRemainingColumn()]
        else:
            columns = [SpinnerColumn(), TextColumn("{task.description}"),
                       TextColumn("{task.completed} done"), _rate_column(), TimeElapsedColumn()]
        self._progress = Progress(*columns, console=console, transient=True,
                                  redirect_stdout=False, redirect_stderr=False)
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=self.total)
        self._wrap_callbacks()
        return self

    def _wrap_callbacks(self) -> None:
        on_skip: Callable[[SkippedItem], None] | None = self.report.on_skip
        on_warning = self.report.on_warning

        def skip(error: SkippedItem) -> None:
            self.note(skip_line(error))
            self.advance()

        def warning(item: str, message: str) -> None:
            self.note(warning_line(item, message))

        self._saved = (on_skip, on_warning)
        self.report.on_skip = skip if on_skip is not None else (lambda error: self.advance())
        self.report.on_warning = warning if on_warning is not None else None

    def note(self, line: str) -> None:
        """Print one line on stderr, above the display while it is shown."""
        if self._progress is not None:
            self._console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            skipped = self.report.n_skipped
            description = self.description + (f" ({skipped} skipped)" if skipped else "")
            self._progress.update(self._task, advance=n, description=description)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self.report.on_skip, self.report.on_warning = self._saved
            self._progress = None
