"""`tightrope demo`: ingest the bundled corpus into a fresh database and show what it holds.

The corpus (src/tightrope/demo/corpus/*.json) is a set of short dispatches we wrote about the
US-China-Pakistan triangle in 2025. The report is a list of steps, each a function of the
open store and a rich Console; later capabilities add theirs to `STEPS`:

    from tightrope.store import demo
    demo.STEPS.append(my_step)          # def my_step(store, console) -> None
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tightrope.store import Store, StoreError
from tightrope.store.show import actor_label, shorten

DEFAULT_DEMO_DB = "tightrope-demo.duckdb"
Step = Callable[[Store, Console], None]


def corpus_dir() -> Path:
    return Path(str(resources.files("tightrope").joinpath("demo", "corpus")))


def corpus_files() -> list[str]:
    folder = corpus_dir()
    files = sorted(str(p) for p in folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise StoreError(f"the demo corpus is missing: no .json files in {folder}")
    return files


def remove_database(path: Path) -> None:
    """Delete a DuckDB file and its write-ahead log, so the demo always starts fresh."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.exists():
            candidate.unlink()


def _grid(title: str, headers: list[str]) -> Table:
    grid = Table(title=title, title_justify="left", header_style="bold")
    for header in headers:
        grid.add_column(header, overflow="fold")
    return grid


def show_documents(store: Store, console: Console) -> None:
    rows = store.con.execute(
        "SELECT count(*), min(published), max(published), count(DISTINCT outlet) FROM documents"
    ).fetchall()[0]
    n, first, last, outlets = rows
    console.print(f"[bold]{n}[/] documents from {outlets} outlet(s), published {first} to {last}")


def show_counts(store: Store, console: Console) -> None:
    grid = _grid("Records by kind", ["kind", "records"])
    for kind, n in store.summary().items():
        grid.add_row(kind, str(n))
    console.print(grid)


def show_event_types(store: Store, console: Console) -> None:
    grid = _grid("Events by PLOVER type", ["type", "events", "mean intensity"])
    for type_, n, intensity in store.con.execute(
            "SELECT type, count(*), avg(intensity) FROM events GROUP BY type"
            " ORDER BY count(*) DESC, type").fetchall():
        grid.add_row(type_, str(n), "" if intensity is None else f"{intensity:+.1f}")
    console.print(grid)


def show_dyads(store: Store, console: Console, top: int = 10) -> None:
    grid = _grid(f"Top {top} dyads (either direction)", ["dyad", "events", "cooperative",
                                                         "conflictual"])
    for a, b, n, coop, conflict in store.con.execute(
            "SELECT least(source_country, target_country) AS a,"
            " greatest(source_country, target_country) AS b, count(*),"
            " count(*) FILTER (WHERE intensity > 0), count(*) FILTER (WHERE intensity < 0)"
            " FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL"
            " AND source_country <> target_country"
            " GROUP BY ALL ORDER BY count(*) DESC, a, b LIMIT ?", [top]).fetchall():
        grid.add_row(f"{a}–{b}", str(n), str(coop), str(conflict))
    console.print(grid)


def show_quotes(store: Store, console: Console, top: int = 5) -> None:
    grid = _grid("A few quotes", ["speaker", "quote"])
    for row in store.rows("quote", limit=top, descending=True):
        grid.add_row(actor_label(row["speaker_name"], row["speaker_text"], row["speaker_country"]),
                     shorten(row["text"], 100))
    console.print(grid)


def show_amounts(store: Store, console: Console, top: int = 8) -> None:
    grid = _grid("Largest amounts in US dollars, and some percentages",
                 ["amount", "about", "actors"])
    rows = store.con.execute(
        "(SELECT text, about, actors FROM amounts WHERE unit = 'USD'"
        "  ORDER BY value DESC NULLS LAST, id LIMIT ?)"
        " UNION ALL (SELECT text, about, actors FROM amounts WHERE unit = 'percent'"
        "  ORDER BY id LIMIT 3)", [top]).fetchall()
    for text, about, actors in rows:
        grid.add_row(text or "", about or "", " ".join(actors or []))
    console.print(grid)


def show_forecasts(store: Store, console: Console, top: int = 5) -> None:
    grid = _grid("Forecasts (those with a holder and a window first)", ["holder", "claim", "window"])
    for holder_name, holder_text, holder_country, claim, sentence, start, end in store.con.execute(
            "SELECT holder_name, holder_text, holder_country, claim, sentence, from_date, by_date"
            " FROM forecasts ORDER BY (holder_text IS NULL), (by_date IS NULL), day DESC, id"
            " LIMIT ?", [top]).fetchall():
        window = f"{start or '?'} .. {end or '?'}"
        grid.add_row(actor_label(holder_name, holder_text, holder_country),
                     shorten(claim or sentence, 80), window)
    console.print(grid)


def show_flags(store: Store, console: Console, top: int = 5) -> None:
    rows = store.rows("flag", limit=top)
    if not rows:
        console.print("Consistency flags: none found (no implausible years, office/date "
                      "mismatches, conflicting figures or shares over 100%).")
        return
    grid = _grid("Consistency flags", ["flag", "text", "why"])
    for row in rows:
        grid.add_row(row["flag"] or "", shorten(row["text"], 40), shorten(row["message"], 80))
    console.print(grid)


def show_balance(store: Store, console: Console) -> None:
    """Last: Pakistan's balance between the US and China by month for 2025, and its chart
    next to the database (tightrope.analysis; docs/balance.md)."""
    from tightrope.analysis.report import demo_balance

    demo_balance(store, console)


STEPS: list[Step] = [show_documents, show_counts, show_event_types, show_dyads, show_quotes,
                     show_amounts, show_forecasts, show_flags, show_balance]


def run(db: str | Path = DEFAULT_DEMO_DB, console: Console | None = None,
        batch_size: int = 50) -> Path:
    """Ingest the demo corpus into a fresh `db` and print the report; returns the db path."""
    from tightrope.store import ingest

    console = console or Console()
    path = Path(db)
    files = corpus_files()
    remove_database(path)
    console.print(f"Ingesting the demo corpus ({len(files)} files) into {path} ...")
    outcome = ingest.run(files, path, batch_size=batch_size)
    console.print(ingest.summary_line(outcome, path).removeprefix("tightrope: "), soft_wrap=True)
    if outcome.interrupted:
        return path
    with Store(path, read_only=True) as store:
        for step in STEPS:
            console.print()
            step(store, console)
    return path
