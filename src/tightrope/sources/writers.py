"""Writing records as JSON Lines, one JSON array, or CSV, without holding them all in memory.

CSV flattening (docs/inputs.md): nested objects become dotted columns (`source.country`),
lists are JSON-encoded in one cell, booleans are `true`/`false`, null is an empty cell. The
columns are the union over all records of all kinds: `kind`, `doc_id`, `id` first, then in the
order they first appear. A column for an object that is null in some records
(`target`) is dropped when it never holds a value of its own, since its dotted columns
(`target.name`) already say it. CSV needs every column before the first row, so rows are
spooled to a temporary file, not memory.
"""
from __future__ import annotations

import csv
import json
import tempfile
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "csv")
LEADING_COLUMNS = ("kind", "doc_id", "id")


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in record.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, column + "."))
        elif isinstance(value, (list, tuple)):
            row[column] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            row[column] = "true" if value else "false"
        elif value is None:
            row[column] = ""
        else:
            row[column] = value
    return row


class RecordWriter:
    """write(record) for each record, then close(). Counts what it wrote in `n_records`."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.n_records = 0
        self._spool: TextIO | None = None
        self._columns: dict[str, None] = dict.fromkeys(LEADING_COLUMNS)
        self._filled: set[str] = set()
        if fmt == "json":
            out.write("[")
        elif fmt == "csv":
            self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self.out.write(("\n" if self.n_records == 0 else ",\n")
                           + json.dumps(record, ensure_ascii=False))
        else:
            row = flatten(record)
            for column, value in row.items():
                self._columns.setdefault(column, None)
                if value != "":
                    self._filled.add(column)
            assert self._spool is not None
            self._spool.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.n_records += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.n_records else "]\n")
        elif self.fmt == "csv" and self._spool is not None:
            self._write_csv()
        self.out.flush()

    def _write_csv(self) -> None:
        assert self._spool is not None
        columns = [c for c in self._columns
                   if c in self._filled or c in LEADING_COLUMNS
                   or not any(other.startswith(c + ".") for other in self._columns)]
        writer = csv.DictWriter(self.out, fieldnames=columns, restval="", extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        self._spool.seek(0)
        for line in self._spool:
            writer.writerow(json.loads(line))
        self._spool.close()
        self._spool = None
