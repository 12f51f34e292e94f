"""Run the whole benchmark suite and refresh docs/performance.md (`make bench`).

Each benchmark is its own script (also runnable alone) and rewrites only its own section of
the page. They run one after another, never side by side, so no benchmark measures another.
Expected total: about 10-12 minutes on a 2-core laptop.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITE = [
    ("extraction throughput vs bare nlp.pipe", ["bench_extraction.py"]),
    ("analysis queries on 10M synthetic events", ["bench_analysis.py"]),
    ("Dask scaling and streaming memory", ["bench_scale.py"]),
    ("HTTP API load test", ["bench_api.py"]),
]


def main() -> int:
    failures = []
    started = time.perf_counter()
    for title, command in SUITE:
        script = HERE / command[0]
        if not script.exists():
            print(f"== {title}: {command[0]} not found, skipped", flush=True)
            continue
        print(f"== {title}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *command[1:]])
        print(f"== {title}: exit {code} after {time.perf_counter() - t0:.0f} s", flush=True)
        if code:
            failures.append(title)
    print(f"suite finished in {time.perf_counter() - started:.0f} s; docs/performance.md updated"
          + (f"; FAILED: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
