"""Printing analyses (table | jsonl | csv) and the overview report.

Every analysis returns a pandas DataFrame with machine-readable column names; `emit` prints
one: `jsonl` one JSON object per row (dates ISO, missing values null), `csv` the same
columns (lists joined with ";"), `table` a readable rich table of selected columns.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from tightrope.analysis.units import AnalysisError, date_value, day_filter, opened, units_sql

Format = Callable[[Any], str]


def plain(value: Any) -> Any:
    """A JSON-ready Python value from a DataFrame cell."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "tolist"):           # numpy scalars and arrays
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _csv_cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def number(value: Any, digits: int = 2, signed: bool = False) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return str(value)


def emit(frame: pd.DataFrame, fmt: str, title: str = "",
         columns: Sequence[tuple[str, str | Format]] | None = None, caption: str | None = None,
         out: IO[str] | None = None) -> None:
    """Print `frame` as jsonl, csv or a table (`columns`: (header, column name or function
    of the row) pairs; all columns when None)."""
    out = out or sys.stdout
    if fmt == "jsonl":
        for row in records(frame):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            writer.writerow([_csv_cell(v) for v in row])
        return
    from tightrope.store.show import table

    columns = columns or [(c, c) for c in frame.columns]
    cells = []
    for row in frame.to_dict("records"):
        cells.append([(get(row) if callable(get) else _table_cell(row.get(get)))
                      for _, get in columns])
    table(title, [h for h, _ in columns], cells, out, caption)


def _table_cell(value: Any) -> str:
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


# -- the overview ---------------------------------------------------------------------------

def triangle(store_or_path: Any, since: Any = None, until: Any = None,
             mentions: bool = False) -> tuple[str, str, str] | None:
    """A pivot and two poles to show when none is given: the poles are the dyad with the
    most story events between them (the relation that dominates the store), the pivot is
    the third state that deals most with both — the most events with the pole it deals
    with less. None if no state deals with both."""
    since, until = date_value(since), date_value(until, end=True)
    with opened(store_or_path) as store:
        days, params = day_filter(since, until)
        rows = store.con.execute(f"""
            WITH {units_sql(mentions)}
            SELECT least(src, tgt), greatest(src, tgt), count(*) FROM units
            WHERE {days} AND src <> tgt AND src <> 'IGO' AND tgt <> 'IGO'
            GROUP BY ALL""", params).fetchall()
    if not rows:
        return None
    pairs = {(a, b): n for a, b, n in rows}
    pairs.update({(b, a): n for a, b, n in rows})
    a, b, _ = max(rows, key=lambda r: (r[2], r[0], r[1]))
    states = {c for pair in pairs for c in pair} - {a, b}
    scored = [(min(pairs.get((c, a), 0), pairs.get((c, b), 0)), c) for c in states]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return (scored[0][1], a, b) if scored and scored[0][0] > 0 else None


def overview(store_or_path: Any, since: Any = None, until: Any = None, period: str = "month",
             pivot: str | None = None, poles: tuple[str, str] | None = None, top: int = 10,
             mentions: bool = False, as_of: Any = None) -> dict[str, Any]:
    """The report's parts as DataFrames: `dyads` (strongest), `balance` (per period, for the
    pivot and poles given or chosen by `triangle`), `ledger` and `holders` (track record),
    plus `triangle` (pivot, a, b) and `stories`/`mentions` totals (asserted events)."""
    from tightrope.analysis.balance import balance
    from tightrope.analysis.dyads import strongest
    from tightrope.analysis.ledger import ledger, track_record

    with opened(store_or_path) as store:
        if pivot and poles:
            chosen = (pivot, *poles)
        elif pivot or poles:
            raise AnalysisError("give both --pivot and --between A B, or neither")
        else:
            chosen = triangle(store, since, until, mentions)
        parts: dict[str, Any] = {"triangle": chosen}
        parts["dyads"] = strongest(store, since, until, top, mentions)
        parts["balance"] = (balance(store, *chosen, period=period, since=since, until=until,
                                    mentions=mentions) if chosen else pd.DataFrame())
        parts["ledger"] = ledger(store, as_of=as_of, mentions=mentions)
        parts["holders"] = track_record(parts["ledger"])
        n_stories, n_mentions = store.con.execute(
            "SELECT count(*), coalesce(sum(n_mentions), 0) FROM stories"
            " WHERE coalesce(factuality, 'asserted') = 'asserted'").fetchone()
        parts["stories"], parts["mentions"] = int(n_stories), int(n_mentions)
    return parts


SECTIONS = ("dyads", "balance", "ledger", "holders")


def _sections(parts: dict[str, Any]) -> Iterator[pd.DataFrame]:
    """Each non-empty part of the overview, with a leading `section` column naming it."""
    for section in SECTIONS:
        frame = parts[section]
        if len(frame):
            yield frame.assign(section=section)[["section", *frame.columns]]


def overview_rows(parts: dict[str, Any]) -> pd.DataFrame:
    """The overview as one table for jsonl/csv: a `section` column (dyads, balance, ledger,
    holders) and the union of the parts' columns."""
    # object columns keep integers integral where other sections leave gaps
    frames = [frame.astype(object) for frame in _sections(parts)]
    if not frames:
        return pd.DataFrame(columns=["section"])
    return pd.concat(frames, ignore_index=True, sort=False)


def emit_overview(parts: dict[str, Any], fmt: str, out: IO[str] | None = None) -> None:
    """The overview as jsonl (each row with its own section's fields only) or csv (one
    table: `section` plus the union of the sections' columns)."""
    if fmt == "csv":
        emit(overview_rows(parts), fmt, out=out)
        return
    for frame in _sections(parts):
        emit(frame, fmt, out=out)


def demo_balance(store: Any, console: Any, pivot: str = "PAK", poles: tuple[str, str] = ("USA", "CHN"),
                 year: int = 2025) -> Path:
    """The demo's last step: the pivot's balance between the poles by month for `year`,
    printed, and charted next to the demo database (`<db stem>-balance.png`)."""
    from tightrope.analysis.balance import balance, balance_channels
    from tightrope.analysis.charts import balance_chart

    a, b = poles
    frame = balance(store, pivot, a, b, period="month", since=str(year), until=str(year))
    channels = balance_channels(store, pivot, a, b, since=str(year), until=str(year))
    emit(frame, "table", f"{pivot} between {a} (+) and {b} (−), {year}, by month",
         balance_columns(a, b),
         "balance = (C_A − C_B) / (|C_A| + |C_B| + 1) over story events; see docs/balance.md",
         out=console.file)
    path = Path(store.path).with_name(Path(store.path).stem + "-balance.png")
    balance_chart(frame, channels, path,
                  f"{pivot} between {a} and {b}, {year} (story events, 95% band)")
    console.print(f"Chart: {path}")
    return path


# -- table layouts shared by the CLI --------------------------------------------------------

def band(row: dict) -> str:
    if row.get("status") != "ok":
        return f"insufficient ({int(row.get('events') or 0)} events)"
    return (f"{number(row['balance'], signed=True)}  "
            f"[{number(row['low'], signed=True)}, {number(row['high'], signed=True)}]")


def _balance_with_poles(a: str, b: str) -> list[tuple[str, str | Format]]:
    return [("balance [95% band]", band), ("events", "events"),
            (f"with {a}", lambda r: f"{int(r['events_a'])}: {number(r['coop_a'], signed=True)}"),
            (f"with {b}", lambda r: f"{int(r['events_b'])}: {number(r['coop_b'], signed=True)}")]


def balance_columns(a: str, b: str) -> list[tuple[str, str | Format]]:
    return [("period", "period"), *_balance_with_poles(a, b),
            (f"{a} courts", lambda r: f"{int(r['courting_a_events'])}: {number(r['courting_a'], signed=True)}"),
            (f"{b} courts", lambda r: f"{int(r['courting_b_events'])}: {number(r['courting_b'], signed=True)}")]


def channel_columns(a: str, b: str) -> list[tuple[str, str | Format]]:
    return [("channel", "channel"), *_balance_with_poles(a, b)]


def dyad_columns(a: str, b: str) -> list[tuple[str, str | Format]]:
    return [("period", "period"), ("events", "events"), ("mentions", "mentions"),
            (f"{a}→{b}", "a_to_b"), (f"{b}→{a}", "b_to_a"),
            ("verbal coop", "verbal_cooperation"), ("material coop", "material_cooperation"),
            ("verbal conflict", "verbal_conflict"), ("material conflict", "material_conflict"),
            ("net sum", lambda r: number(r["net_sum"], 1, signed=True)),
            ("net mean", lambda r: number(r["net_mean"], 2, signed=True)),
            ("channels", "channels")]


def ledger_columns() -> list[tuple[str, str | Format]]:
    from tightrope.store.show import shorten

    return [("id", "id"), ("holder", lambda r: shorten(plain(r["holder"]), 24)),
            ("claim", lambda r: shorten(plain(r["claim"]), 40)),
            ("window", lambda r: f"{plain(r['from']) or '?'} .. {plain(r['by']) or '?'}"),
            ("status", lambda r: r["status"] + (" (hand)" if r["decided_by"] == "hand" else "")),
            ("for/against", lambda r: f"{r['evidence_for']}/{r['evidence_against']}"),
            ("basis", lambda r: shorten(plain(r["basis"]), 40))]


def holder_columns() -> list[tuple[str, str | Format]]:
    return [("holder", "holder"), ("forecasts", "forecasts"), ("met", "met"),
            ("not met", "not_met"), ("pending", "pending"), ("expired", "expired_unresolved"),
            ("hit rate", lambda r: "" if plain(r["hit_rate"]) is None else f"{r['hit_rate']:.0%}")]


def strongest_columns() -> list[tuple[str, str | Format]]:
    return [("dyad", lambda r: f"{r['a']}–{r['b']}"), ("events", "events"),
            ("cooperative", "cooperative"), ("conflictual", "conflictual"),
            ("net mean", lambda r: number(r["net_mean"], 2, signed=True)), ("channels", "channels")]
