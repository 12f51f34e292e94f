"""Distributed extraction on Dask: the same pipeline, the same records, many processes.

Each partition becomes one task. A worker process loads the NLP pipeline once (the
`Extractor` is cached per process), extracts the partition's articles into an in-memory
DuckDB store (the very code `tightrope ingest` uses, so the rows are the store's rows) and
copies every table to `OUT/<table>/<partition>.parquet`. Files are written under a temporary
name and renamed, and the partition's marker `OUT/_done/<partition>.json` comes last: a
partition is complete exactly when its marker exists, which is what resuming relies on.

The client keeps `OUT/manifest.json` up to date after every partition, so a run that dies
leaves an accurate record of what is done and what is not.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tightrope.errors import TightropeError
from tightrope.scale.partitions import Partition, plan, read_partition
from tightrope.sources import ReadOptions, Report
from tightrope.store import DOCUMENT_TABLES

TABLES = DOCUMENT_TABLES
DONE = "_done"


class RunError(TightropeError):
    pass


@dataclass
class RunSummary:
    partitions: int = 0
    skipped_complete: int = 0          # already done by an earlier run (resume)
    completed: int = 0
    failed: list[dict] = field(default_factory=list)
    articles: int = 0
    records: int = 0
    skipped: Counter = field(default_factory=Counter)

    def line(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()))
        text = (f"{self.partitions} partitions: {self.completed} extracted, "
                f"{self.skipped_complete} already complete, {len(self.failed)} failed; "
                f"{self.articles} articles, {self.records} records, {skipped} items skipped")
        return text + (f" ({reasons})" if reasons else "")


_worker_extractors: dict[tuple, Any] = {}
_worker_lock = threading.Lock()


def _extractor(model: str | None, gazetteers: tuple[str, ...] = ()) -> Any:
    """One Extractor per worker process (and gazetteer set), loaded on the first task and
    reused by the rest."""
    with _worker_lock:
        key = (model, gazetteers)
        if key not in _worker_extractors:
            if model:
                os.environ["TIGHTROPE_MODEL"] = model
            from tightrope import knowledge
            from tightrope.extract import Extractor

            _worker_extractors[key] = Extractor(kb=knowledge.load(gazetteers))
        return _worker_extractors[key]


def process_partition(part: dict, out: str, options: dict, model: str | None,
                      gazetteers: tuple[str, ...] = ()) -> dict:
    """Extract one partition and write its Parquet files; runs on a worker."""
    from tightrope.store import Store

    partition = Partition(**part)
    out_dir = Path(out)
    skipped_items: list[str] = []
    report = Report(on_skip=lambda error: skipped_items.append(str(error)))
    articles = read_partition(partition, ReadOptions(**options), report)
    store = Store(":memory:")
    try:
        result = store.ingest(_extractor(model, tuple(gazetteers)).many(articles))
        for table in TABLES:
            (rows,) = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            target = out_dir / table / f"{partition.name}.parquet"
            if not rows:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".parquet.tmp")
            order = "doc_id, n" if table == "sentences" else "doc_id" if table == "documents" else "doc_id, id"
            store.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{sql_path(temporary)}'"
                              " (FORMAT parquet)")
            os.replace(temporary, target)
    finally:
        store.close()
    summary = {"name": partition.name, "articles": report.read, "stored": result.stored,
               "records": result.records, "skipped": dict(report.skipped),
               "skipped_items": skipped_items,
               "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    marker = out_dir / DONE / f"{partition.name}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    _write_json(marker, summary)
    return summary


def sql_path(path: Path) -> str:
    """A path inside a single-quoted DuckDB string literal."""
    return str(path).replace("'", "''")


def _write_json(path: Path, data: Any, indent: int | None = None) -> None:
    """Write through a temporary file and a rename, so a reader never sees a torn file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=indent), encoding="utf-8")
    os.replace(temporary, path)


def completed(out: Path) -> dict[str, dict]:
    done = {}
    for marker in (out / DONE).glob("*.json"):
        try:
            done[marker.stem] = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a torn marker means the partition is not complete
    return done


def _write_manifest(out: Path, manifest: dict) -> None:
    _write_json(out / "manifest.json", manifest, indent=1)


def run(inputs: list[str], out: str | Path, *, scheduler: str | None = None, workers: int | None = None,
        partition_size: int = 500, retries: int = 2, options: ReadOptions | None = None,
        model: str | None = None, on_partition: Callable[[dict], None] | None = None,
        on_error: Callable[[str], None] | None = None, client: Any = None,
        gazetteers: tuple[str, ...] = ()) -> RunSummary:
    """Extract `inputs` on a Dask cluster into Parquet under `out`; resume what is complete.

    The cluster is, in order of preference: `client` (an existing dask.distributed Client),
    `scheduler` (an address such as tcp://host:8786), or a LocalCluster of `workers`
    single-threaded processes started for this run and closed after it. `gazetteers` (YAML
    paths, see docs/gazetteer.md) must be readable at the same path on every worker."""
    from dask.distributed import Client, LocalCluster, as_completed

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    partitions = plan(inputs, partition_size)
    names = [p.name for p in partitions]
    if len(set(names)) != len(names):
        raise RunError("two inputs resolve to the same file; give each file once")
    done = completed(out)
    summary = RunSummary(partitions=len(partitions))
    state = {p.name: {**p.to_dict(), "status": "complete" if p.name in done else "pending",
                      **({"result": done[p.name]} if p.name in done else {})} for p in partitions}
    manifest = {"tightrope_version": _version(), "created": dt.datetime.now(dt.timezone.utc)
                .isoformat(timespec="seconds"), "inputs": list(inputs), "partition_size": partition_size,
                "model": model or os.environ.get("TIGHTROPE_MODEL", "md"), "tables": list(TABLES),
                "partitions": list(state.values())}
    for name in done:
        if name in state:
            summary.skipped_complete += 1
            summary.articles += done[name].get("articles", 0)
            summary.records += done[name].get("records", 0)
            summary.skipped.update(done[name].get("skipped", {}))
    _write_manifest(out, manifest)
    pending = [p for p in partitions if p.name not in done]
    if not pending:
        return summary
    option_fields = asdict(options or ReadOptions())
    gazetteers = tuple(str(Path(g).resolve()) for g in gazetteers)
    if gazetteers:
        from tightrope import knowledge

        knowledge.load(gazetteers)  # a malformed file fails here, once, not on every worker
    cluster = None
    own_client = client is None
    if own_client and scheduler:
        client = Client(scheduler)
    elif own_client:
        cluster = LocalCluster(n_workers=workers or min(2, os.cpu_count() or 1), threads_per_worker=1,
                               processes=True, dashboard_address=None, host="127.0.0.1")
        client = Client(cluster)
    try:
        futures = {client.submit(process_partition, p.to_dict(), str(out), option_fields, model, gazetteers,
                                 key=f"tightrope-{p.name}", retries=retries, pure=False): p
                   for p in pending}
        for future in as_completed(futures):
            part = futures[future]
            entry = state[part.name]
            try:
                result = future.result()
            except Exception as exc:  # the task's own error, after its retries
                message = f"{type(exc).__name__}: {exc}".splitlines()[0]
                entry.update(status="failed", error=message)
                summary.failed.append({"name": part.name, "path": part.path, "error": message})
                if on_error:
                    on_error(f"partition {part.name} ({part.path}) failed after {retries} retries: {message}")
            else:
                entry.update(status="complete", result=result)
                summary.completed += 1
                summary.articles += result["articles"]
                summary.records += result["records"]
                summary.skipped.update(result["skipped"])
                if on_partition:
                    on_partition(result)
            _write_manifest(out, manifest)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
    return summary


def _version() -> str:
    from tightrope import __version__

    return __version__


def print_error(message: str) -> None:
    print(f"tightrope: {message}", file=sys.stderr)
