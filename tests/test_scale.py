"""Distributed extraction on a real Dask LocalCluster (processes on loopback).

These use the small English model (TIGHTROPE_MODEL=sm) so a cluster run stays short: what is
tested is the distribution, not the model.
"""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from tightrope.demo import synthetic
from tightrope.scale import plan, run
from tightrope.scale.output import ingest_output, open_output
from tightrope.scale.partitions import read_partition
from tightrope.store import Store

pytestmark = pytest.mark.slow
KINDS = ("document", "actor", "event", "quote", "amount", "forecast", "flag")


@pytest.fixture(autouse=True)
def small_model(monkeypatch):
    monkeypatch.setenv("TIGHTROPE_MODEL", "sm")


def corpus(path: Path, n: int, seed: int = 1) -> Path:
    synthetic.write_jsonl(path, n, seed=seed, max_sentences=4)
    return path


def output_records(out: Path) -> list[str]:
    store = open_output(out)
    try:
        return sorted(json.dumps(r, sort_keys=True) for kind in KINDS for r in store.records(kind))
    finally:
        store.close()


def test_plan_covers_every_line_once(tmp_path):
    source = corpus(tmp_path / "in.jsonl", 103)
    with open(source, "a", encoding="utf-8") as fh:
        fh.write("\n{not json\n")
    parts = plan([str(source)], size=25)
    assert [p.name.rsplit("-", 1)[1] for p in parts] == ["00000", "00001", "00002", "00003", "00004"]
    seen = []
    from tightrope.sources import Report

    report = Report()
    for part in parts:
        seen.extend(a.id for a in read_partition(part, report=report))
    assert seen == [f"syn-1-{i:07d}" for i in range(103)]
    assert report.skipped == {"malformed-json": 1}


def test_two_workers_equal_single_process(tmp_path):
    from tightrope.extract import Extractor
    from tightrope.sources import read

    source = corpus(tmp_path / "in.jsonl", 240)
    summary = run([str(source)], tmp_path / "out", workers=2, partition_size=40, model="sm")
    assert summary.completed == 6 and not summary.failed and summary.articles == 240

    single = sorted(json.dumps(r, sort_keys=True)
                    for ex in Extractor().many(read([str(source)])) for r in ex.records)
    assert output_records(tmp_path / "out") == single
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {p["status"] for p in manifest["partitions"]} == {"complete"}

    # Loading the output into DuckDB copies it without extracting again, idempotently.
    with Store(tmp_path / "t.duckdb") as store:
        first = ingest_output(store, tmp_path / "out")
        again = ingest_output(store, tmp_path / "out")
        assert (first.stored, again.stored, again.unchanged) == (240, 0, 240)
        stored = sorted(json.dumps(r, sort_keys=True) for kind in KINDS for r in store.records(kind))
    assert stored == single


def test_resume_skips_complete_partitions(tmp_path):
    source = corpus(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out"
    run([str(source)], out, workers=1, partition_size=20, model="sm")
    before = output_records(out)
    markers = sorted((out / "_done").glob("*.json"))
    markers[1].unlink()
    again = run([str(source)], out, workers=1, partition_size=20, model="sm")
    assert (again.skipped_complete, again.completed, again.articles) == (2, 1, 60)
    assert output_records(out) == before


def test_failed_partition_is_reported_by_name(tmp_path):
    from dask.distributed import Client, LocalCluster

    first = corpus(tmp_path / "a.jsonl", 40)
    doomed = corpus(tmp_path / "b.jsonl", 10, seed=2)
    errors: list[str] = []

    def remove_last_input(_result):
        doomed.unlink(missing_ok=True)

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        summary = run([str(first), str(doomed)], tmp_path / "out", partition_size=20, model="sm",
                      retries=1, client=client, on_partition=remove_last_input, on_error=errors.append)
    assert [f["path"] for f in summary.failed] == [str(doomed)]
    assert summary.articles == 40
    assert len(errors) == 1 and summary.failed[0]["name"] in errors[0] and "failed after 1 retries" in errors[0]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [p["status"] for p in manifest["partitions"]] == ["complete", "complete", "failed"]


def test_killed_worker_still_completes_every_article(tmp_path):
    from dask.distributed import Client, LocalCluster

    source = corpus(tmp_path / "in.jsonl", 200)
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        pids = list(client.run(os.getpid).values())

        def kill_one_worker(_result):
            if not killed:
                killed.append(pids[0])
                os.kill(pids[0], signal.SIGKILL)   # for real: the process dies mid-run

        summary = run([str(source)], tmp_path / "out", partition_size=10, model="sm",
                      client=client, on_partition=kill_one_worker)
    assert killed
    assert not summary.failed and summary.articles == 200
    store = open_output(tmp_path / "out")
    try:
        (docs,) = store.con.execute("SELECT count(DISTINCT doc_id) FROM documents").fetchone()
    finally:
        store.close()
    assert docs == 200


def test_gazetteer_reaches_the_workers(tmp_path):
    gazetteer = tmp_path / "extra.yaml"
    gazetteer.write_text("actors:\n  - name: Zorvan Minerals\n    kind: organisation\n"
                         "    country: AUS\n    sector: BUS\n    forms: [Zorvan Minerals]\n",
                         encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "z1", "published": "2025-04-02", "text":
                                  "Zorvan Minerals signed a supply agreement with Pakistan on Monday."})
                      + "\n", encoding="utf-8")
    summary = run([str(source)], tmp_path / "out", workers=1, model="sm", gazetteers=(str(gazetteer),))
    assert summary.articles == 1
    store = open_output(tmp_path / "out")
    try:
        actors = {(r["name"], r["country"], r["sector"]) for r in store.records("actor")}
    finally:
        store.close()
    assert ("Zorvan Minerals", "AUS", "BUS") in actors
