"""HTTP API load test: a bounded burst of requests on loopback, latency and throughput.

    .venv/bin/python bench/bench_api.py                # 2,000 requests, 16 connections
    .venv/bin/python bench/bench_api.py --db my.duckdb --requests 500 --no-write

The server is `tightrope serve` in its own process (read-only, one worker, the default md
model), over the demo store (built fresh in a temporary folder unless --db is given). The
client is httpx's async client with 16 concurrent connections; requests are an even mix of

    events    GET  /api/events    with varied filters and cursors (pages of 50)
    balance   GET  /api/balance   four pivot/pole triangles x three periods x three ranges
    analyze   POST /api/analyze   one demo article (JSON), extracted and not stored

Every response must be 2xx: any error fails the run (exit 1). p50/p95/p99 latency per
endpoint and overall throughput go to docs/performance.md, section "HTTP API load test".
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import write_section  # noqa: E402

TIGHTROPE = str(Path(sys.executable).parent / "tightrope")


def free_port() -> int:
    from tightrope.api.server import free_port as pick

    return pick()


def build_demo_store(folder: Path, env: dict[str, str]) -> Path:
    db = folder / "demo.duckdb"
    subprocess.run([TIGHTROPE, "demo", "--db", str(db)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return db


def start_server(db: Path, port: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen([TIGHTROPE, "serve", "--db", str(db), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {server.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    server.terminate()
    raise SystemExit("the server did not answer within 180 s")


def demo_articles() -> list[dict]:
    from tightrope.store.demo import corpus_files

    return [json.loads(Path(f).read_text(encoding="utf-8")) for f in corpus_files()]


# 36 distinct balance questions: four triangles, three periods, three ranges.
BALANCES = [{"pivot": p, "a": a, "b": b, "period": period, **span}
            for p, a, b in [("PAK", "USA", "CHN"), ("IND", "USA", "CHN"), ("AFG", "PAK", "CHN"),
                            ("SAU", "USA", "PAK")]
            for period in ("week", "month", "quarter")
            for span in ({}, {"since": "2025-01", "until": "2025-06"},
                         {"since": "2025-07", "until": "2025-12"})]


def cold_latencies(base: str) -> dict[str, float]:
    """Median latency of single requests, one at a time, before anything is cached."""
    articles = demo_articles()
    with httpx.Client(base_url=base, timeout=120) as client:
        client.post("/api/analyze", json=articles[0])          # loads the model
        timings: dict[str, list[float]] = {"events": [], "balance": [], "analyze": []}
        for query in BALANCES[:12]:
            started = time.perf_counter()
            client.get("/api/balance", params=query).raise_for_status()
            timings["balance"].append(time.perf_counter() - started)
        for query in [{}, {"country": "PAK"}, {"dyad": "USA,CHN"}, {"type": "AGREE"},
                      {"channel": "trade"}, {"desc": "true"}]:
            started = time.perf_counter()
            client.get("/api/events", params={**query, "limit": 50}).raise_for_status()
            timings["events"].append(time.perf_counter() - started)
        for article in articles[1:7]:
            started = time.perf_counter()
            client.post("/api/analyze", json=article).raise_for_status()
            timings["analyze"].append(time.perf_counter() - started)
    return {k: statistics.median(v) * 1000 for k, v in timings.items()}


def plan(total: int, seed: int = 7) -> list[tuple[str, str, str, dict]]:
    """The requests, in order: (endpoint, method, path, httpx keyword arguments)."""
    rng = random.Random(seed)
    articles = demo_articles()
    event_queries = [{}, {"country": "PAK"}, {"dyad": "USA,CHN"}, {"type": "AGREE"},
                     {"since": "2025-06", "until": "2025-09"}, {"channel": "trade"},
                     {"desc": "true"}, {"country": "CHN", "desc": "true"}]
    requests = []
    for i in range(total):
        kind = ("events", "balance", "analyze")[i % 3]
        if kind == "events":
            requests.append((kind, "GET", "/api/events",
                             {"params": {**rng.choice(event_queries), "limit": 50}}))
        elif kind == "balance":
            requests.append((kind, "GET", "/api/balance", {"params": rng.choice(BALANCES)}))
        else:
            article = rng.choice(articles)
            requests.append((kind, "POST", "/api/analyze", {"json": article}))
    return requests


async def run_load(base: str, requests: list, concurrency: int) -> tuple[list, float]:
    results: list[tuple[str, float, int | str]] = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    cursors: dict[str, str] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                kind, method, path, kwargs = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            if kind == "events" and "cursor" in cursors and random.random() < 0.3:
                kwargs = {"params": {"limit": 50, "cursor": cursors.pop("cursor")}}
            started = time.perf_counter()
            try:
                response = await client.request(method, path, **kwargs)
                status: int | str = response.status_code
                if kind == "events" and response.status_code == 200 and not kwargs["params"].get("desc"):
                    following = response.json().get("next")
                    if following and len(kwargs["params"]) <= 2:
                        cursors["cursor"] = following
            except httpx.HTTPError as exc:
                status = f"{type(exc).__name__}: {exc}"
            results.append((kind, time.perf_counter() - started, status))

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return results, wall


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(results: list, wall: float, concurrency: int) -> tuple[str, int]:
    lines = ["| endpoint | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    errors = 0
    for kind in ("events", "balance", "analyze", "all"):
        rows = [r for r in results if kind == "all" or r[0] == kind]
        times = [t * 1000 for _, t, _ in rows]
        bad = sum(1 for _, _, s in rows if not (isinstance(s, int) and 200 <= s < 300))
        if kind != "all":
            errors += bad
        name = f"**{kind}**" if kind == "all" else f"`{kind}`"
        lines.append(f"| {name} | {len(rows)} | {bad} | {statistics.median(times):.0f} |"
                     f" {percentile(times, 95):.0f} | {percentile(times, 99):.0f} | {max(times):.0f} |")
    lines.append("")
    lines.append(f"**{len(results)} requests in {wall:.1f} s at {concurrency} concurrent connections:"
                 f" {len(results) / wall:.0f} requests/s, {errors} errors.**")
    return "\n".join(lines), errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="Store to serve (default: a fresh demo store).")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-write", action="store_true", help="Print only; leave docs/performance.md.")
    args = parser.parse_args()

    env = dict(os.environ, TIGHTROPE_NO_PROGRESS="1")
    model = env.get("TIGHTROPE_MODEL", "md")
    with tempfile.TemporaryDirectory(prefix="tightrope-bench-api-") as folder:
        db = args.db or build_demo_store(Path(folder), env)
        port = free_port()
        server = start_server(db, port, env)
        try:
            base = f"http://127.0.0.1:{port}"
            cold = cold_latencies(base)
            asyncio.run(run_load(base, plan(30, seed=1), 4))      # warm-up, not counted
            results, wall = asyncio.run(run_load(base, plan(args.requests), args.concurrency))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    table, errors = summarise(results, wall, args.concurrency)
    failures = [s for _, _, s in results if not (isinstance(s, int) and 200 <= s < 300)]
    body = (f"`bench/bench_api.py`: `tightrope serve` (one process, read-only, {model} model) over the"
            f" demo store ({'given' if args.db else 'built fresh'}), loopback, httpx async client."
            " Requests are an even mix of `GET /api/events` (pages of 50 under varied filters,"
            " some following `next` cursors), `GET /api/balance` (36 distinct questions: four pivot"
            " and pole triangles by week, month or quarter over three ranges) and `POST /api/analyze` (a demo article as JSON: full extraction,"
            " nothing stored). Latency is per request as the client sees it, queueing included."
            " The server remembers analysis answers (dyads, balance, ledger) by their parameters"
            " while the store cannot change, so the 36 distinct balance questions of the mix are"
            " computed once each; listings and analyze are computed every time."
            " Extraction runs one article at a time (the spaCy pipeline is shared), so under this"
            " load `analyze` latency is mostly queueing behind the other analyze requests;"
            " listings and analyses run beside it."
            "\n\n" + table + "\n\nOne request at a time on a fresh server (nothing cached), median: "
            + ", ".join(f"`{k}` {v:.0f} ms" for k, v in cold.items()) + ".")
    if errors:
        body += f"\n\nFirst errors: {failures[:5]}"
    print(body)
    if not args.no_write:
        write_section("HTTP API load test", body)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
