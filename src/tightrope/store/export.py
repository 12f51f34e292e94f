"""Exporting the store.

    export(store, "parquet", Path("out/"))     # out/documents.parquet, out/events.parquet, ...
    export(store, "csv", Path("out/"))         # the same as CSV (lists joined with ";")
    export(store, "jsonl", Path("all.jsonl"))  # every record, as `tightrope extract` prints them

Parquet and CSV hold the flattened columns of each table (documents with their full text);
JSON Lines holds the contract records verbatim. Results stream in Arrow batches, so an export
never needs the whole store in memory.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tightrope.errors import TightropeError
from tightrope.store import Store
from tightrope.store.query import KINDS, TABLES

FORMATS = ("parquet", "csv", "jsonl")
BATCH_ROWS = 50_000


class ExportError(TightropeError):
    pass


def export(store: Store, fmt: str, out: Path, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Write the chosen kinds (all by default) to `out`; returns rows written per kind."""
    kinds = list(kinds) if kinds else list(KINDS)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ExportError(f"unknown record kind(s): {', '.join(unknown)}")
    if fmt == "jsonl":
        return _jsonl(store, out, kinds)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file: {fmt} export writes one file per kind into a directory")
    out.mkdir(parents=True, exist_ok=True)
    return {kind: _table(store, kind, fmt, out / f"{TABLES[kind]}.{fmt}") for kind in kinds}


def _jsonl(store: Store, out: Path, kinds: list[str]) -> dict[str, int]:
    import json

    if out.is_dir():
        raise ExportError(f"{out} is a directory: jsonl export writes one file")
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    all_kinds = set(kinds) == set(KINDS)
    with out.open("w", encoding="utf-8") as handle:
        for line in store.stream(None if all_kinds else kinds):
            handle.write(line + "\n")
            kind = json.loads(line).get("kind", "?")
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _table(store: Store, kind: str, fmt: str, path: Path) -> int:
    described = store.table_columns(TABLES[kind])
    columns = [c for c, _ in described if c != "record"]
    types = dict(described)
    if fmt == "csv":
        # CSV has no lists: join them, the way `--format csv` listings do.
        select = ", ".join(f"array_to_string(\"{c}\", ';') AS \"{c}\"" if types[c].endswith("[]")
                           else f'"{c}"' for c in columns)
    else:
        select = ", ".join(f'"{c}"' for c in columns)
    order = "position, doc_id" if kind == "document" else "doc_id, seq, id"
    if fmt == "parquet":
        from pyarrow.parquet import ParquetWriter as Writer
    else:
        from pyarrow.csv import CSVWriter as Writer
    cursor = store.con.cursor()
    try:
        reader = cursor.sql(f"SELECT {select} FROM {TABLES[kind]} ORDER BY {order}") \
            .to_arrow_reader(BATCH_ROWS)
        rows = 0
        with Writer(path, reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
        return rows
    finally:
        cursor.close()
