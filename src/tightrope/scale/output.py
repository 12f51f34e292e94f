"""Reading a Dask run's Parquet output: into a DuckDB store, or queried in place.

The Parquet files hold the store's own table rows (the workers wrote them through the store),
so loading them is a copy, never a re-extraction.
"""
from __future__ import annotations

import json
from pathlib import Path

from tightrope.errors import TightropeError
from tightrope.scale.runner import DONE, TABLES, sql_path
from tightrope.store import IngestResult, Store


class OutputError(TightropeError):
    pass


def is_output_dir(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / "manifest.json").is_file()


def _partitions(out: Path) -> list[str]:
    if not is_output_dir(out):
        raise OutputError(f"{out} is not a tightrope run directory (no manifest.json)")
    return sorted(marker.stem for marker in (out / DONE).glob("*.json"))


def ingest_output(store: Store, out: str | Path) -> IngestResult:
    """Load every complete partition of a run into `store`: one transaction per partition,
    with the same rule as `Store.ingest` (same id and hash: unchanged; new hash: replaced)."""
    out = Path(out)
    result = IngestResult()
    con = store.con
    for name in _partitions(out):
        documents = out / "documents" / f"{name}.parquet"
        if not documents.exists():
            continue  # a partition whose articles were all skipped
        incoming = con.execute(f"SELECT doc_id, hash FROM read_parquet('{sql_path(documents)}')").fetchall()
        con.execute("BEGIN TRANSACTION")
        try:
            known = store.known_hashes(d for d, _ in incoming)
            fresh = [d for d, h in incoming if known.get(d) != h]
            result.unchanged += len(incoming) - len(fresh)
            replaced = [d for d in fresh if d in known]
            if replaced:
                store.delete_documents(replaced)
            for table in TABLES:
                source = out / table / f"{name}.parquet"
                if fresh and source.exists():
                    result.records += _copy(store, table, source, fresh)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        result.stored += len(fresh)
        result.replaced += len(replaced)
        result.records += len(fresh)  # each document's own record
    return result


def _copy(store: Store, table: str, source: Path, doc_ids: list[str]) -> int:
    """Insert the rows of `doc_ids` from one partition file into `table`; returns how many
    records that added (0 for documents and sentences, which are not records)."""
    con = store.con
    have = {r[0] for r in con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{sql_path(source)}')").fetchall()}
    shared = [c for c, _ in store.table_columns(table) if c in have]
    names = ", ".join(f'"{c}"' for c in shared)
    # Positions restart at 1 in every partition: renumber after the store's last.
    select = ", ".join(
        "(SELECT coalesce(max(position), 0) FROM documents)"
        " + row_number() OVER (ORDER BY position)" if c == "position" else f'"{c}"'
        for c in shared)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {select}"
                f" FROM read_parquet('{sql_path(source)}')"
                " WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
    if table in ("documents", "sentences"):
        return 0
    (n,) = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id IN"
                       " (SELECT unnest(?::VARCHAR[]))", [doc_ids]).fetchone()
    return n


def open_output(out: str | Path) -> Store:
    """A store whose record tables are views over the run's Parquet files (nothing copied).

    Tables the analyses write (story clusters, ledger resolutions) live in memory."""
    out = Path(out)
    _partitions(out)
    store = Store(":memory:")
    for table in TABLES:
        files = sorted((out / table).glob("*.parquet"))
        if not files:
            continue  # keep the empty table from the schema
        listing = ", ".join(f"'{sql_path(f)}'" for f in files)
        store.con.execute(f"DROP TABLE {table}")
        store.con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listing}], union_by_name = true)")
    store._columns = store._table_columns()
    return store


def manifest(out: str | Path) -> dict:
    return json.loads((Path(out) / "manifest.json").read_text(encoding="utf-8"))
