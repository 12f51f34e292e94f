"""What the analyses count, and over which periods.

A *unit* is a story event (default: one per real-world event, see corroboration) or, with
`mentions=True`, a raw event mention (one per event record). Both are read through the same
SQL relation so every analysis runs unchanged on either:

    unit_id, type, quad, mutual, src, tgt, day, intensity, context, n_mentions,
    n_outlets, sentence

Only asserted events count: forecasts, hypotheticals and negated events did not happen.
Mutual types (AGREE, CONSULT, COOPERATE) are acts of both sides; directional views count
them in both directions.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from tightrope.analysis import plover
from tightrope.errors import TightropeError

PERIODS = ("week", "month", "quarter", "year")


class AnalysisError(TightropeError):
    pass


@contextlib.contextmanager
def opened(store_or_path: Any) -> Iterator[Any]:
    """A Store for an analysis: the one given, or one opened (and closed) from a path. Story
    tables are brought up to date first."""
    from tightrope.analysis.corroboration import ensure_stories
    from tightrope.store import Store

    if hasattr(store_or_path, "con"):
        ensure_stories(store_or_path)
        yield store_or_path
        return
    path = Path(store_or_path)
    if not path.exists():
        raise AnalysisError(f"no tightrope database at {path} (create one with `tightrope ingest`)")
    store = Store(path)
    try:
        ensure_stories(store)
        yield store
    finally:
        store.close()


def country(value: str) -> str:
    """ISO3 code for a code or a country name, as the store's filters read them."""
    from tightrope.store.query import country_code

    return country_code(value)


def units_sql(mentions: bool = False) -> str:
    """The relation `units` (see module docstring), for a WITH clause; `plover` comes with it."""
    if mentions:
        body = (
            "SELECT e.doc_id || '/' || e.id AS unit_id, e.type, p.quad,"
            f" {plover.symmetric_sql('e.type')} AS mutual,"
            " e.source_country AS src, e.target_country AS tgt, e.day,"
            " coalesce(e.intensity, p.default_intensity) AS intensity, e.context,"
            " 1 AS n_mentions, 1 AS n_outlets, e.sentence"
            " FROM events e JOIN plover p ON p.type = e.type"
            " WHERE coalesce(e.factuality, 'asserted') = 'asserted'")
    else:
        body = (
            "SELECT s.story_id AS unit_id, s.type, p.quad, s.mutual,"
            " s.source_country AS src, s.target_country AS tgt, s.day, s.intensity, s.context,"
            " s.n_mentions, s.n_outlets, s.sentence"
            " FROM stories s JOIN plover p ON p.type = s.type"
            " WHERE coalesce(s.factuality, 'asserted') = 'asserted'")
    return f"{plover.values_sql()}, units AS ({body})"


def date_value(value: Any, end: bool = False) -> dt.date | None:
    """A date bound from YYYY, YYYY-MM or YYYY-MM-DD (a month or year taken whole); a
    malformed value is a QueryError, as in the store's filters."""
    from tightrope.store.query import date_bound

    return date_bound(value, end)


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise AnalysisError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return period


def period_start(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def next_start(start: dt.date, period: str) -> dt.date:
    if period == "week":
        return start + dt.timedelta(days=7)
    if period == "year":
        return dt.date(start.year + 1, 1, 1)
    months = 1 if period == "month" else 3
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def period_label(start: dt.date, period: str) -> str:
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def grid(period: str, first: dt.date | None, last: dt.date | None) -> pd.DataFrame:
    """Every period from the one holding `first` to the one holding `last`, so that periods
    without evidence appear (as such) instead of vanishing."""
    rows = []
    if first is not None and last is not None and first <= last:
        start = period_start(first, period)
        while start <= last:
            rows.append((period_label(start, period), start))
            start = next_start(start, period)
    return pd.DataFrame(rows, columns=["period", "period_start"])


def day_filter(since: dt.date | None, until: dt.date | None) -> tuple[str, list]:
    clauses, params = ["day IS NOT NULL"], []
    if since is not None:
        clauses.append("day >= ?")
        params.append(since)
    if until is not None:
        clauses.append("day <= ?")
        params.append(until)
    return " AND ".join(clauses), params


def channel_string(counts: dict[str, int], limit: int = 4) -> str:
    """'trade 3, minerals 1' — the channels carrying a period, most used first."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return ", ".join(f"{name} {n}" for name, n in ranked)
