"""Scale-out: batch extraction on Dask into partitioned Parquet, and reading that output back.

    tightrope extract big.jsonl.gz --engine dask --workers 2 --out runs/2025/
    tightrope ingest runs/2025/               # into DuckDB, no re-extraction
    tightrope balance PAK --between USA CHN --db parquet:runs/2025/

See docs/scale.md.
"""
from tightrope.scale.partitions import Partition, plan, read_partition
from tightrope.scale.runner import RunSummary, run

__all__ = ["Partition", "plan", "read_partition", "run", "RunSummary"]
