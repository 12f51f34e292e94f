"""The store's commands: ingest (idempotent, crash-safe), the listings, actors, export, demo.

Subprocess tests run the installed `tightrope` script with the small spaCy model
(TIGHTROPE_MODEL=sm): which model runs does not matter to what they check."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tightrope.cli import main
from tightrope.store import Store
from test_store import extraction_1, extraction_2

TIGHTROPE = str(Path(sys.executable).parent / "tightrope")
STORE_COMMANDS = ["ingest", "docs", "events", "quotes", "amounts", "forecasts", "flags",
                  "actors", "export", "demo"]


def small_model_env() -> dict[str, str]:
    return dict(os.environ, TIGHTROPE_MODEL="sm", TIGHTROPE_NO_PROGRESS="1")


# Sentences we wrote for these tests; articles combine them so each one is different.
OPENINGS = [
    "Pakistan and China signed an agreement on the economic corridor in Islamabad on {day}.",
    "The United States and Pakistan held talks on trade and critical minerals in Washington.",
    "India accused Pakistan of shelling border villages overnight.",
    "China pledged $3 billion in loans to Pakistan to support its reserves.",
    "Saudi Arabia and Pakistan agreed to deepen defence cooperation.",
]
MIDDLES = [
    "Officials said the talks had been constructive.",
    "The finance ministry expects growth of 3 percent next year.",
    "Analysts in Karachi warned that the deal could strain ties with Washington.",
    "A spokesperson for the foreign ministry declined to comment.",
]
CLOSINGS = [
    "Both sides will meet again in {month}.",
    "Markets rose by 2 percent after the announcement.",
    "The statement did not mention India.",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def write_articles(path: Path, n: int) -> list[dict]:
    articles = []
    for i in range(n):
        text = " ".join([
            OPENINGS[i % len(OPENINGS)].format(day=f"{['Monday', 'Tuesday', 'Friday'][i % 3]}"),
            MIDDLES[i % len(MIDDLES)], MIDDLES[(i // 4) % len(MIDDLES)],
            CLOSINGS[i % len(CLOSINGS)].format(month=MONTHS[i % len(MONTHS)]),
            f"This is dispatch number {i}."])
        articles.append({"id": f"gen-{i:03d}", "outlet": "tests", "title": f"Dispatch {i}",
                         "published": f"2025-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "text": text})
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return articles


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.duckdb"
    with Store(path) as store:
        store.ingest([extraction_1(), extraction_2()])
    return path


def invoke(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


# -- help -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_every_store_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    assert command == "export" or "--db" in result.output


# -- listings -------------------------------------------------------------------------------

def test_events_table_is_readable(db):
    out = invoke("events", "--db", db).stdout
    for header in ("day", "type", "source", "target", "sentence"):
        assert header in out
    assert "SANCTION" in out and "United States (USA)" in out and "4 of 4 events" in out


def test_events_filters_from_the_command_line(db):
    out = invoke("events", "--db", db, "--dyad", "usa", "chn", "--directed", "--format", "jsonl").stdout
    assert [json.loads(line)["type"] for line in out.splitlines()] == ["SANCTION"]
    out = invoke("events", "--db", db, "--country", "IND", "--type", "assault",
                 "--factuality", "forecast", "--since", "2026", "--format", "jsonl").stdout
    assert [json.loads(line)["type"] for line in out.splitlines()] == ["ASSAULT"]
    out = invoke("events", "--db", db, "--outlet", "dawn.com", "--until", "2025-02",
                 "--format", "jsonl").stdout
    assert [json.loads(line)["type"] for line in out.splitlines()] == ["SANCTION"]
    table = invoke("events", "--db", db, "--limit", "1").stdout
    assert "1 of 4 events" in table and "--after ID" in table


def test_jsonl_listing_gives_the_records(db):
    out = invoke("quotes", "--db", db, "--format", "jsonl").stdout
    expected = [r for r in extraction_1().records if r["kind"] == "quote"]
    assert [json.loads(line) for line in out.splitlines()] == expected


def test_csv_listing_has_flat_columns(db):
    import csv
    import io

    out = invoke("amounts", "--db", db, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["text"]: r["actors"] for r in rows} == {"$2 billion": "PAK;CHN", "25 percent": "IND"}
    assert rows[0]["value"] == "2000000000.0"


def test_docs_forecasts_flags_tables(db):
    docs = invoke("docs", "--db", db, "--country", "IND").stdout
    assert "wire-2" in docs and "dawn-1" not in docs
    assert "no concession" in invoke("forecasts", "--db", db).stdout
    flags = invoke("flags", "--db", db, "--type", "implausible_year").stdout
    assert "20180" in flags and "implausible_year" in flags


def test_long_sentences_are_shortened_in_tables(db):
    out = invoke("events", "--db", db, "--contains", "meddling").stdout
    assert "Beijing denied that it had accused Washington of" in out
    assert "…" in out or "meddling." in out


def test_actors_of_a_document_and_of_the_store(db):
    out = invoke("actors", "--db", db, "--format", "jsonl").stdout
    rows = {r["name"]: r for r in map(json.loads, out.splitlines())}
    assert rows["United States"] == {"name": "United States", "country": "USA", "sector": "GOV",
                                     "mentions": 2, "documents": 2}
    table = invoke("actors", "--db", db, "--doc", "wire-2").stdout
    assert "India" in table and "Actors in document wire-2" in table
    mentions = invoke("actors", "--db", db, "--mentions", "--country", "PAK", "--format", "jsonl").stdout
    assert sorted(json.loads(x)["text"] for x in mentions.splitlines()) == ["Pakistan", "Pakistani"]


def test_user_errors_are_one_line(tmp_path, db):
    for args in (["events", "--db", tmp_path / "none.duckdb"],
                 ["events", "--db", db, "--since", "soon"],
                 ["quotes", "--db", db, "--country", "Atlantis"]):
        done = subprocess.run([TIGHTROPE, *map(str, args)], capture_output=True, text=True)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("tightrope: ") and len(done.stderr.splitlines()) == 1


# -- ingest, export -------------------------------------------------------------------------

def test_ingest_reports_bad_lines_and_summary(tmp_path):
    inputs = tmp_path / "in.jsonl"
    write_articles(inputs, 3)
    with inputs.open("a", encoding="utf-8") as handle:
        handle.write("{this is not json\n")
    db = tmp_path / "i.duckdb"
    first = invoke("ingest", inputs, "--db", db)
    assert first.exit_code == 0
    assert "in.jsonl:4" in first.stderr
    summary = first.stderr.strip().splitlines()[-1]
    assert "read 3 articles" in summary and "stored 3" in summary and "skipped 1" in summary
    again = invoke("ingest", inputs, "--db", db)
    assert "stored 0" in again.stderr and "unchanged 3" in again.stderr
    assert "extraction-error" not in first.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2\n", encoding="utf-8")
    assert invoke("ingest", bad, "--db", db).exit_code == 1
    with Store(db, read_only=True) as store:
        assert store.count("document") == 3        # nothing stored is lost


def test_export_jsonl_equals_extract(tmp_path):
    inputs = tmp_path / "in.jsonl"
    write_articles(inputs, 6)
    printed = invoke("extract", inputs, "--format", "jsonl").stdout
    db = tmp_path / "e.duckdb"
    invoke("ingest", inputs, "--db", db, "--batch-size", "4")
    invoke("export", "--db", db, "--format", "jsonl", "--out", tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == printed
    assert len(printed.splitlines()) > 6

    result = invoke("export", "--db", db, "--format", "parquet", "--out", tmp_path / "pq")
    assert "exported" in result.stderr
    import pandas as pd

    documents = pd.read_parquet(tmp_path / "pq" / "documents.parquet")
    assert sorted(documents["doc_id"]) == [f"gen-{i:03d}" for i in range(6)]
    invoke("export", "--db", db, "--format", "csv", "--out", tmp_path / "csv", "--kind", "actor")
    assert [p.name for p in (tmp_path / "csv").iterdir()] == ["actors.csv"]


def test_progress_bar_on_a_terminal_only(tmp_path, on_terminal):
    inputs = tmp_path / "in.jsonl"
    write_articles(inputs, 5)
    env = dict(os.environ, TIGHTROPE_MODEL="sm", COLUMNS="120")
    env.pop("TIGHTROPE_NO_PROGRESS", None)
    command = [TIGHTROPE, "ingest", str(inputs), "--db", str(tmp_path / "p.duckdb")]

    piped = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert piped.returncode == 0
    assert piped.stderr.splitlines()[-1].startswith("tightrope: read 5 articles")
    assert "articles/s" not in piped.stderr

    code, text = on_terminal([*command[:-1], str(tmp_path / "p3.duckdb")], env)
    assert code == 0
    assert "articles/s" in text and "ETA" in text and "5/5" in text


def test_total_is_estimated_for_local_inputs(tmp_path):
    # ingest shares extract's estimate and display (tightrope.sources): the bar counts items,
    # so the unsupported notes.csv, skipped with a line on stderr, counts as one as well.
    from tightrope.sources.files import estimate_total

    write_articles(tmp_path / "a.jsonl", 7)
    (tmp_path / "b.txt").write_text("Pakistan and China met.", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    assert estimate_total([str(tmp_path)]) == 9
    assert estimate_total([str(tmp_path / "a.jsonl"), "https://example.org/feed"]) is None
    assert estimate_total(["-"]) is None


@pytest.mark.slow
def test_kill_9_mid_ingest_then_resume(tmp_path):
    inputs = tmp_path / "many.jsonl"
    articles = write_articles(inputs, 200)
    db = tmp_path / "k.duckdb"
    env = small_model_env()
    command = [TIGHTROPE, "ingest", str(inputs), "--db", str(db), "--batch-size", "5", "-v"]

    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True, env=env)
    committed = 0
    deadline = time.monotonic() + 300
    try:
        for line in process.stderr:
            if "committed batch" in line:
                committed += 1
                if committed == 3:
                    break
            assert time.monotonic() < deadline, "ingest did not commit three batches in time"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert committed == 3 and process.returncode == -signal.SIGKILL

    # The file opens and holds only whole documents.
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    assert 15 <= stored < len(articles), "the kill should land mid-ingest"
    partial = con.execute(
        "SELECT d.doc_id FROM documents d LEFT JOIN (SELECT doc_id, count(*) AS n FROM sentences"
        " GROUP BY doc_id) s USING (doc_id) WHERE d.n_sentences <> coalesce(s.n, 0)"
        " OR d.record IS NULL"
        " OR NOT EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = d.doc_id)").fetchall()
    assert partial == []
    orphans = con.execute(
        "SELECT count(*) FROM (SELECT doc_id FROM sentences UNION SELECT doc_id FROM actors"
        " UNION SELECT doc_id FROM events UNION SELECT doc_id FROM amounts) r"
        " WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchall()[0][0]
    assert orphans == 0
    con.close()

    resumed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"unchanged {stored}" in resumed.stderr
    assert f"stored {len(articles) - stored}" in resumed.stderr

    clean_db = tmp_path / "clean.duckdb"
    subprocess.run([TIGHTROPE, "ingest", str(inputs), "--db", str(clean_db)], check=True,
                   capture_output=True, env=env, timeout=600)
    with Store(db, read_only=True) as store, Store(clean_db, read_only=True) as clean:
        assert store.count("document") == len(articles)
        for table, key in (("documents", "doc_id"), ("actors", "id"), ("events", "id"),
                           ("amounts", "id"), ("quotes", "id")):
            dupes = store.con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}").fetchall()
            assert dupes == [(0,)], table
        # Interrupted-and-resumed holds exactly what an uninterrupted run stores.
        assert sorted(store.stream()) == sorted(clean.stream())
        assert store.summary() == clean.summary()


# -- demo -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_demo_ingests_the_corpus_into_a_fresh_database(tmp_path):
    from tightrope.store.demo import corpus_files

    db = tmp_path / "demo.duckdb"
    db.write_bytes(b"not a database")          # the demo replaces whatever is there
    result = invoke("demo", "--db", db)
    assert result.exit_code == 0, result.output
    for title in ("documents", "Records by kind", "Events by PLOVER type", "Top 10 dyads"):
        assert title in result.stdout
    with Store(db, read_only=True) as store:
        assert store.count("document") == len(corpus_files()) >= 1
        assert store.count("actor") > 0
