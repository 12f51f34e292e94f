"""Printing query results: a readable table on the terminal, or JSON Lines / CSV for tools.

    show(store, "event", Filters(country="PAK"), fmt="table")

`jsonl` prints the contract records exactly as stored; `csv` prints the flattened columns of
the kind's table (lists joined with ";"); `table` picks a few columns per kind and shortens
long sentences so a row fits a line.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import IO, Any

from tightrope.store import Store
from tightrope.store.query import Filters

TABLE_LIMIT = 50          # rows a table shows when no --limit is given
PLURAL = {"document": "documents", "actor": "actor mentions", "event": "events",
          "quote": "quotes", "amount": "amounts", "forecast": "forecasts", "flag": "flags"}


def shorten(value: Any, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def actor_label(name: Any, text: Any, country: Any) -> str:
    label = name or text or ""
    return f"{label} ({country})" if country else str(label)


def _amount_value(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " mn")):
        if abs(number) >= size:
            return f"{number / size:,.3g}{suffix}"
    return f"{number:,.6g}"


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


# Per kind: (header, how to get the cell from a flattened row, max width or None).
Column = tuple[str, Callable[[dict], Any], int | None]
COLUMNS: dict[str, list[Column]] = {
    "document": [
        ("doc_id", lambda r: r["doc_id"], None),
        ("published", lambda r: _date(r["published"]), None),
        ("outlet", lambda r: r["outlet"], 20),
        ("title", lambda r: r["title"], 60),
        ("sentences", lambda r: r["n_sentences"], None),
    ],
    "actor": [
        ("text", lambda r: r["text"], 30),
        ("name", lambda r: r["name"], 30),
        ("country", lambda r: r["country"], None),
        ("sector", lambda r: r["sector"], None),
        ("kind", lambda r: r["mention_kind"], None),
        ("role", lambda r: r["role"], 30),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
    "event": [
        ("day", lambda r: _date(r["day"]), None),
        ("type", lambda r: r["type"], None),
        ("source", lambda r: actor_label(r["source_name"], r["source_text"], r["source_country"]), 26),
        ("target", lambda r: actor_label(r["target_name"], r["target_text"], r["target_country"]), 26),
        ("factuality", lambda r: r["factuality"], None),
        ("sentence", lambda r: r["sentence"], 70),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
    "quote": [
        ("published", lambda r: _date(r["published"]), None),
        ("speaker", lambda r: actor_label(r["speaker_name"], r["speaker_text"], r["speaker_country"]), 28),
        ("", lambda r: "direct" if r["direct"] else "indirect", None),
        ("cue", lambda r: r["cue"], 14),
        ("text", lambda r: r["text"], 80),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
    "amount": [
        ("text", lambda r: r["text"], 24),
        ("value", lambda r: _amount_value(r["value"]), None),
        ("unit", lambda r: r["unit"], None),
        ("about", lambda r: r["about"], 30),
        ("actors", lambda r: " ".join(r["actors"] or []), 20),
        ("sentence", lambda r: r["sentence"], 50),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
    "forecast": [
        ("published", lambda r: _date(r["published"]), None),
        ("holder", lambda r: actor_label(r["holder_name"], r["holder_text"], r["holder_country"]), 26),
        ("claim", lambda r: r["claim"], 36),
        ("from", lambda r: _date(r["from_date"]), None),
        ("by", lambda r: _date(r["by_date"]), None),
        ("sentence", lambda r: r["sentence"], 60),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
    "flag": [
        ("flag", lambda r: r["flag"], None),
        ("text", lambda r: r["text"], 36),
        ("message", lambda r: r["message"], 70),
        ("doc_id", lambda r: r["doc_id"], None),
    ],
}


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_csv(rows: list[dict], out: IO[str]) -> None:
    if not rows:
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])


def table(title: str, headers: list[str], cells: list[list[Any]], out: IO[str] | None = None,
          caption: str | None = None) -> None:
    """Print a rich table (wide enough for the terminal, never wrapping a row when piped)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out or sys.stdout, width=None if (out or sys.stdout).isatty() else 200)
    grid = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for header in headers:
        grid.add_column(header, overflow="fold")
    for row in cells:
        grid.add_row(*("" if v is None else str(v) for v in row))
    console.print(grid)


def show(store: Store, kind: str, filters: Filters, fmt: str = "table",
         out: IO[str] | None = None) -> int:
    """Print the `kind` records matching `filters` in `fmt`; returns how many were printed."""
    out = out or sys.stdout
    if fmt == "jsonl":
        records = store.records(kind, filters)
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return len(records)
    if fmt == "csv":
        rows = store.rows(kind, filters)
        write_csv(rows, out)
        return len(rows)
    limited = filters if filters.limit is not None else filters.but(limit=TABLE_LIMIT)
    rows = store.rows(kind, limited)
    total = store.count(kind, filters)
    columns = COLUMNS[kind]
    cells = [[shorten(get(row), width) if width else get(row) for _, get, width in columns]
             for row in rows]
    caption = f"{len(rows)} of {total} {PLURAL[kind]}"
    if len(rows) < total:
        caption += "; --limit N, --after ID or --format jsonl|csv for more"
    table(PLURAL[kind].capitalize(), [h for h, _, _ in columns], cells, out, caption)
    return len(rows)


def show_actors(store: Store, doc: str | None = None, country: str | None = None,
                limit: int | None = None, fmt: str = "table", out: IO[str] | None = None) -> int:
    """Print actors with mention counts (`tightrope actors`)."""
    out = out or sys.stdout
    rows = store.actors(doc=doc, country=country, limit=limit)
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(rows, out)
    else:
        where = f"document {doc}" if doc else "the store"
        table(f"Actors in {where}", ["name", "country", "sector", "mentions", "documents"],
              [[r["name"], r["country"], r["sector"], r["mentions"], r["documents"]] for r in rows],
              out, f"{len(rows)} actors")
    return len(rows)
