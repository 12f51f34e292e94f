"""Files and directories: which reader a name calls for, bounded reads, streamed lines."""
from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tightrope.errors import SkippedItem

# Extension -> kind of document. A trailing ".gz" is decompressed first ("a.jsonl.gz").
SUFFIX_KINDS = {
    ".txt": "text", ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
_CHUNK = 65536
GZIP_ERRORS = (OSError, EOFError, zlib.error)


def split_name(name: str) -> tuple[str, bool]:
    """(extension without .gz, whether gzipped), lower case: "A.JSONL.gz" -> (".jsonl", True)."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    return os.path.splitext(lower)[1], gzipped


def walk(root: Path) -> Iterator[Path]:
    """Files under `root`, recursively, in sorted order; hidden files and folders are left out
    and symbolic links to folders are not followed (no cycles)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def open_binary(path: Path, item: str, gzipped: bool) -> BinaryIO:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except IsADirectoryError:
        raise SkippedItem(item, "unsupported", "is a directory") from None
    except OSError as exc:
        raise SkippedItem(item, "unreadable", exc.strerror or str(exc)) from None
    if not gzipped:
        return raw
    return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]


def read_bounded(stream: BinaryIO, item: str, limit: int, gzipped: bool = False) -> bytes:
    """All of `stream`, or SkippedItem if it is empty, over `limit` bytes or corrupt gzip."""
    try:
        data = stream.read(limit + 1)
    except GZIP_ERRORS as exc:
        if not gzipped:
            raise SkippedItem(item, "unreadable", str(exc)) from None
        raise SkippedItem(item, "undecodable", f"not a valid gzip file ({exc})") from None
    if len(data) > limit:
        what = "decompressed, " if gzipped else ""
        raise SkippedItem(item, "too-large", f"more than {limit} bytes ({what}limit --max-bytes)")
    if not data:
        raise SkippedItem(item, "empty", "the file is empty")
    return data


def read_file(path: Path, item: str, limit: int, gzipped: bool) -> bytes:
    if not gzipped:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise SkippedItem(item, "unreadable", exc.strerror or str(exc)) from None
        if size > limit:
            raise SkippedItem(item, "too-large",
                              f"{size} bytes, limit {limit} (--max-bytes)")
    with open_binary(path, item, gzipped) as stream:
        return read_bounded(stream, item, limit, gzipped)


def bounded_lines(stream: BinaryIO, item: str, limit: int, first: int = 1
                  ) -> Iterator[tuple[int, bytes | SkippedItem]]:
    """(line number, line) for each line of `stream`, read lazily; a line over `limit` bytes is
    yielded as a SkippedItem instead (and not held in memory)."""
    number = first - 1
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, SkippedItem(f"{item}:{number}", "too-large",
                                      f"line longer than {limit} bytes (--max-bytes)")
            continue
        yield number, line


MAX_COUNTED_BYTES = 2_000_000_000  # beyond this, counting lines costs more than an ETA is worth


def estimate_total(inputs: list[str] | tuple[str, ...]) -> int | None:
    """How many items `read(inputs)` will go through (articles plus skips), when that is cheap
    to know: one per single-article file, one per line of a plain JSON Lines file, one per
    unsupported file. None when any input's count is unknown before reading it (standard
    input, URLs, feeds, gzipped files, very large files)."""
    total = 0
    counted = 0
    for name in inputs:
        if name == "-" or "://" in name:
            return None
        path = Path(name)
        paths = list(walk(path)) if path.is_dir() else [path]
        for file in paths:
            suffix, gzipped = split_name(file.name)
            kind = SUFFIX_KINDS.get(suffix)
            if kind == "feed" or (gzipped and kind is not None):
                return None
            if kind != "jsonl":
                total += 1
                continue
            try:
                counted += file.stat().st_size
                if counted > MAX_COUNTED_BYTES:
                    return None
                total += _count_lines(file)
            except OSError:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")
