"""Splitting large inputs into partitions that workers can read independently.

A partition is a slice of one file: a byte range of a plain JSON Lines file (found by one
streaming pass that counts lines), a line range of a gzipped one (gzip cannot seek, so its
reader skips lines), or a row range inside one row group of a Parquet file with a `text`
column. Partition names are stable across runs, which is what makes resuming possible.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from tightrope.errors import SkippedItem, TightropeError
from tightrope.records import Article
from tightrope.sources import ReadOptions, Report, accept, article_from_mapping
from tightrope.sources.files import walk

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl.gz", ".ndjson.gz": "jsonl.gz",
           ".parquet": "parquet"}
ARTICLE_COLUMNS = ("id", "url", "outlet", "published", "title", "text", "language")


class PlanError(TightropeError):
    pass


@dataclass(frozen=True)
class Partition:
    name: str          # stable: <file stem>-<path digest>-<index>
    path: str
    fmt: str           # jsonl | jsonl.gz | parquet
    start: int         # jsonl: byte offset; jsonl.gz: first line (0-based); parquet: first row in group
    stop: int          # exclusive end of the same unit
    first_line: int = 1      # line number of the first line (for messages), jsonl only
    row_group: int = 0       # parquet only

    def to_dict(self) -> dict:
        return asdict(self)


def input_format(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in FORMATS.items():
        if name.endswith(suffix):
            return fmt
    return None


def input_files(inputs: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(p for p in walk(path) if input_format(p))
        elif path.is_file():
            if not input_format(path):
                raise PlanError(f"{item}: the dask engine reads .jsonl, .jsonl.gz and .parquet "
                                "files (or directories of them)")
            files.append(path)
        else:
            raise PlanError(f"{item}: no such file or directory")
    if not files:
        raise PlanError("no .jsonl, .jsonl.gz or .parquet files in the inputs")
    return files


def _name(path: Path, index: int) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    stem = path.name.split(".")[0][:40] or "input"
    return f"{stem}-{digest}-{index:05d}"


def _plan_jsonl_lines(path: Path, size: int) -> Iterator[Partition]:
    """Partitions of plain JSON Lines by byte range, each knowing its first line number."""
    index, start, offset, line_no, first_line, in_part = 0, 0, 0, 0, 1, 0
    with open(path, "rb") as stream:
        for line in stream:
            line_no += 1
            offset += len(line)
            in_part += bool(line.strip())
            if in_part == size:
                yield Partition(_name(path, index), str(path), "jsonl", start, offset, first_line)
                index, start, first_line, in_part = index + 1, offset, line_no + 1, 0
    if offset > start:
        yield Partition(_name(path, index), str(path), "jsonl", start, offset, first_line)


def _plan_gzip(path: Path, size: int) -> Iterator[Partition]:
    index, line_no, start = 0, 0, 0
    try:
        with gzip.open(path, "rb") as stream:
            for _ in stream:
                line_no += 1
                if line_no - start == size:
                    yield Partition(_name(path, index), str(path), "jsonl.gz", start, line_no, start + 1)
                    index, start = index + 1, line_no
    except (OSError, EOFError) as exc:
        raise PlanError(f"{path}: not a readable gzip file ({exc})") from exc
    if line_no > start:
        yield Partition(_name(path, index), str(path), "jsonl.gz", start, line_no, start + 1)


def _plan_parquet(path: Path, size: int) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        names = pq.ParquetFile(path).schema_arrow.names
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise PlanError(f"{path}: not a readable Parquet file ({exc})") from exc
    if "text" not in names:
        raise PlanError(f"{path}: Parquet input needs a 'text' column (found: {', '.join(names)})")
    index = 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for start in range(0, rows, size):
            yield Partition(_name(path, index), str(path), "parquet", start, min(rows, start + size),
                            row_group=group)
            index += 1


def plan(inputs: Iterable[str], size: int = 500) -> list[Partition]:
    """All partitions of `inputs`, in input order, about `size` articles each."""
    if size < 1:
        raise PlanError("the partition size must be at least 1")
    planners = {"jsonl": _plan_jsonl_lines, "jsonl.gz": _plan_gzip, "parquet": _plan_parquet}
    partitions: list[Partition] = []
    for path in input_files(inputs):
        partitions.extend(planners[input_format(path)](path, size))
    return partitions


def _json_lines(part: Partition) -> Iterator[tuple[str, bytes]]:
    if part.fmt == "jsonl":
        with open(part.path, "rb") as stream:
            stream.seek(part.start)
            data = stream.read(part.stop - part.start)
        for n, line in enumerate(data.splitlines(), part.first_line):
            yield f"{part.path}:{n}", line
    else:
        with gzip.open(part.path, "rb") as stream:
            for n, line in enumerate(stream):
                if n >= part.stop:
                    break
                if n >= part.start:
                    yield f"{part.path}:{n + 1}", line


def _rows(part: Partition) -> Iterator[tuple[str, dict]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(part.path)
    columns = [c for c in ARTICLE_COLUMNS if c in parquet.schema_arrow.names]
    table = parquet.read_row_group(part.row_group, columns=columns).slice(part.start, part.stop - part.start)
    for offset, row in enumerate(table.to_pylist()):
        if row.get("published") is not None and not isinstance(row["published"], str):
            row["published"] = str(row["published"])
        yield f"{part.path}#rg{part.row_group}:{part.start + offset}", row


def read_partition(part: Partition, options: ReadOptions | None = None,
                   report: Report | None = None) -> Iterator[Article]:
    """The articles of one partition, with the same checks and skip reasons as `sources.read`."""
    options = options or ReadOptions()
    report = report if report is not None else Report()
    if part.fmt == "parquet":
        items: Iterator[tuple[str, object]] = _rows(part)
    else:
        items = ((item, line) for item, line in _json_lines(part) if line.strip())
    for item, raw in items:
        try:
            article = article_from_mapping(_mapping(item, raw, options.max_bytes), item, report)
        except SkippedItem as exc:
            report.skip(exc)
            continue
        if accept(article, options, report):
            yield article


def _mapping(item: str, raw: bytes | dict, max_bytes: int) -> object:
    """A Parquet row as it is; a JSON line parsed (SkippedItem if too long or malformed)."""
    if not isinstance(raw, bytes):
        return raw
    if len(raw) > max_bytes:
        raise SkippedItem(item, "too-large", f"line longer than {max_bytes} bytes")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SkippedItem(item, "malformed-json", str(exc).split(":")[0]) from None
