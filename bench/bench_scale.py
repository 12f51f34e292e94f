"""Dask scaling (1 -> 2 workers) and peak memory while streaming 100,000 articles.

    .venv/bin/python bench/bench_scale.py [--articles 800] [--stream 100000]

Corpora come from tightrope.demo.synthetic: demo sentences recombined at random (seeded),
so they read like our news but mean nothing. Both measurements use the default (md) model.

Scaling: the same corpus extracted with `--engine dask` on a LocalCluster of 1, then 2,
single-threaded worker processes. Wall times include starting the cluster and loading the
model in each worker (a user pays that too); efficiency = T1 / (2 x T2).

Memory: `tightrope extract corpus.jsonl.gz --engine dask --workers 2` run as a subprocess
on one-sentence articles (short articles make the 100,000 fit in the suite's time budget;
memory is what is measured, and the pipeline holds one partition per worker whatever the
article length). Every 0.2 s the resident memory of the whole process tree (client,
scheduler, nanny and worker processes) is summed; the peak is reported.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from report import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIGHTROPE = Path(sys.executable).with_name("tightrope")


def scaling(folder: Path, n_articles: int) -> dict:
    from tightrope.demo import synthetic
    from tightrope.scale import run

    corpus = folder / "scaling.jsonl"
    words = synthetic.write_jsonl(corpus, n_articles, seed=11)
    times = {}
    for workers in (1, 2):
        out = folder / f"out-{workers}"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        summary = run([str(corpus)], out, workers=workers, partition_size=50)
        times[workers] = time.perf_counter() - started
        assert summary.articles == n_articles and not summary.failed, summary.line()
    return {"articles": n_articles, "words": words, "t1": times[1], "t2": times[2],
            "efficiency": times[1] / (2 * times[2])}


def memory(folder: Path, n_articles: int) -> dict:
    import gzip
    import json

    import psutil

    from tightrope.demo import synthetic

    corpus = folder / "stream.jsonl.gz"
    words = 0
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        for article in synthetic.articles(n_articles, seed=21, min_sentences=1, max_sentences=1):
            words += len(article["text"].split())
            out.write(json.dumps(article) + "\n")
    out_dir = folder / "stream-out"
    started = time.perf_counter()
    process = psutil.Popen([str(TIGHTROPE), "extract", str(corpus), "--engine", "dask", "--workers", "2",
                            "--partition-size", "2000", "--out", str(out_dir)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_total = peak_single = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            sizes = []
            for p in tree:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.NoSuchProcess:
                    pass
            peak_total = max(peak_total, sum(sizes))
            peak_single = max(peak_single, max(sizes, default=0))
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read()
    if process.returncode != 0:
        raise RuntimeError(f"streaming run failed: {stderr[-2000:]}")
    summary = [line for line in stderr.splitlines() if "partitions:" in line]
    return {"articles": n_articles, "words": words, "seconds": elapsed,
            "peak_total_gib": peak_total / 2**30, "peak_single_gib": peak_single / 2**30,
            "summary": summary[-1] if summary else ""}


def markdown(scale: dict | None, mem: dict | None) -> tuple[str, str]:
    scale_md = mem_md = ""
    if scale:
        verdict = "meets" if scale["efficiency"] >= 0.8 else "MISSES"
        scale_md = "\n".join([
            f"{scale['articles']} synthetic articles ({scale['words']:,} words), md model, "
            "partitions of 50, LocalCluster of single-threaded worker processes; wall time "
            "includes cluster start-up and model loading in every worker.",
            "", "| workers | seconds | articles/s |", "|---:|---:|---:|",
            f"| 1 | {scale['t1']:.1f} | {scale['articles'] / scale['t1']:.1f} |",
            f"| 2 | {scale['t2']:.1f} | {scale['articles'] / scale['t2']:.1f} |",
            "", f"**Scaling efficiency 1 -> 2 workers: {scale['efficiency']:.0%}** "
            f"(target >= 80%: {verdict})."])
    if mem:
        verdict = "meets" if mem["peak_total_gib"] < 2 else "MISSES"
        mem_md = "\n".join([
            f"{mem['articles']:,} one-sentence synthetic articles ({mem['words']:,} words, gzipped "
            "JSON Lines) streamed through `tightrope extract --engine dask --workers 2` "
            f"(partitions of 2,000) in {mem['seconds']:.0f} s.",
            "", f"**Peak resident memory of the whole process tree: {mem['peak_total_gib']:.2f} GiB** "
            f"(target < 2 GB: {verdict}); largest single process {mem['peak_single_gib']:.2f} GiB.",
            "", f"Run summary: `{mem['summary'].removeprefix('tightrope: ')}`"])
    return scale_md, mem_md


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=800, help="scaling corpus size")
    parser.add_argument("--stream", type=int, default=100_000, help="memory corpus size (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tightrope-bench-") as tmp:
        folder = Path(tmp)
        scale = scaling(folder, args.articles) if args.articles else None
        scale_md, _ = markdown(scale, None)
        if scale_md:
            write_section("Dask scaling", scale_md)
            print(scale_md)
        mem = memory(folder, args.stream) if args.stream else None
        _, mem_md = markdown(None, mem)
        if mem_md:
            write_section("Memory while streaming", mem_md)
            print(mem_md)


if __name__ == "__main__":
    main()
