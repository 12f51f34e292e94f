"""`tightrope extract`: output formats, bad input through the command line (one line each, the
batch goes on, a summary, the exit code), progress only on a terminal."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tightrope.cli import main
from tightrope.sources.files import estimate_total
from tightrope.sources.writers import RecordWriter, flatten

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "examples" / "seed-article.json"
DATA = Path(__file__).parent / "data" / "sources"
TIGHTROPE = Path(sys.executable).with_name("tightrope")

ENGLISH = ("Officials from both governments met in the capital on Monday and agreed to set up a "
           "working group on customs procedures before the end of the year.")
FRENCH = ("Les ministres des deux pays se sont réunis lundi dans la capitale et ont convenu de "
          "créer un groupe de travail sur les procédures douanières avant la fin de l'année.")
DOCUMENT_FIELDS = {"kind", "doc_id", "url", "outlet", "published", "title", "language",
                   "n_sentences"}


@pytest.fixture(scope="module")
def runner(extractor):
    # The command builds its own Extractor; the session's pipeline is already loaded and cached,
    # so each invocation here costs extraction only.
    return CliRunner()


def invoke(runner, *args, input=None):
    return runner.invoke(main, ["extract", *map(str, args)], input=input, catch_exceptions=False)


def stderr_lines(result):
    return [line for line in result.stderr.splitlines() if line]


def test_seed_article_prints_a_valid_document_record_subprocess():
    """The issue's exact command, as a real process with its output piped."""
    result = subprocess.run([str(TIGHTROPE), "extract", str(SEED), "--format", "jsonl"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    document = records[0]
    assert DOCUMENT_FIELDS <= document.keys() and document["kind"] == "document"
    assert (document["doc_id"], document["published"], document["title"]) == (
        "seed", "2025-11-02", "Diplomatic reset")
    assert document["language"] == "en" and document["n_sentences"] > 10
    assert all(r["doc_id"] == "seed" for r in records)
    # Piped: no progress display, only the summary line.
    assert "\x1b[" not in result.stderr
    assert stderr_lines(result)[-1] == "tightrope: read 1 article, extracted 1, skipped 0"
    assert not [line for line in stderr_lines(result) if "skipped (" in line or ": warning:" in line]


def test_formats_agree(runner, tmp_path):
    inputs = [DATA / "article.json", DATA / "articles.jsonl", DATA / "feed.rss"]
    jsonl = invoke(runner, *inputs, "--format", "jsonl")
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["doc_id"] for r in records if r["kind"] == "document"][:3] == ["demo-cement", "j1", "j2"]

    as_json = invoke(runner, *inputs, "--format", "json")
    assert json.loads(as_json.stdout) == records

    out = tmp_path / "records.csv"
    as_csv = invoke(runner, *inputs, "--format", "csv", "-o", out)
    assert as_csv.stdout == ""
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == len(records)
    assert list(rows[0])[:3] == ["kind", "doc_id", "id"]
    assert [row["kind"] for row in rows] == [r["kind"] for r in records]
    document = rows[0]
    assert document["published"] == "2025-02-12" and document["url"].startswith("https://")
    # Every field of every record has its column (dotted for nested objects).
    columns = set(rows[0])
    assert all(set(flatten(r)) - {"target"} <= columns for r in records)


def test_json_output_of_nothing_is_an_empty_array(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = invoke(runner, tmp_path / "empty.txt", "--format", "json")
    assert json.loads(result.stdout) == [] and result.exit_code == 1


def test_csv_flattening():
    record = {"kind": "event", "doc_id": "d", "id": "ev-1", "source": {"text": "Beijing",
              "country": "CHN"}, "target": None, "context": ["trade", "diplomacy"],
              "span": [3, 9], "confidence": 0.5, "direct": True}
    assert flatten(record) == {"kind": "event", "doc_id": "d", "id": "ev-1",
                               "source.text": "Beijing", "source.country": "CHN", "target": "",
                               "context": '["trade", "diplomacy"]', "span": "[3, 9]",
                               "confidence": 0.5, "direct": "true"}
    out = io.StringIO()
    writer = RecordWriter(out, "csv")
    writer.write(record)
    writer.write({**record, "id": "ev-2", "target": {"text": "Islamabad", "country": "PAK"}})
    writer.write({"kind": "document", "doc_id": "d", "url": None, "n_sentences": 2})
    writer.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["kind", "doc_id", "id", "source.text", "source.country", "context",
                             "span", "confidence", "direct", "target.text", "target.country",
                             "url", "n_sentences"]
    assert rows[0]["target.country"] == "" and rows[1]["target.country"] == "PAK"
    assert rows[2]["n_sentences"] == "2" and rows[2]["source.text"] == ""


def test_bad_inputs_one_line_each_batch_goes_on(runner, tmp_path):
    bad = {
        "binary.txt": b"\x00\x01\x02\x03PNG",
        "empty.txt": b"",
        "big.txt": b"word " * 1000,
        "latin1.txt": "Caf\xe9 near the embassy".encode("latin-1"),
        "broken.json": b'{"text": "unterminated',
        "nothing.html": b"<html><body><script>var a = 1;</script></body></html>",
        "broken.rss": b"<rss><channel><title>Half",
        "french.txt": FRENCH.encode(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": "ok", "text": ENGLISH}) + "\n{nope\n")
    result = invoke(runner, tmp_path, tmp_path / "missing.json", "--max-bytes", "2000")
    assert result.exit_code == 0
    lines = stderr_lines(result)
    expected = {"binary.txt": "binary", "empty.txt": "empty", "big.txt": "too-large",
                "latin1.txt": "undecodable", "broken.json": "malformed-json",
                "nothing.html": "malformed-html", "broken.rss": "malformed-feed",
                "french.txt": "language", "lines.jsonl:2": "malformed-json",
                "missing.json": "not-found"}
    for name, reason in expected.items():
        [line] = [line for line in lines if f"{name}: skipped" in line]
        assert line.startswith(f"tightrope: {tmp_path / name}: skipped ({reason}): ")
    assert "French" in next(line for line in lines if "french.txt" in line)
    assert lines[-1] == ("tightrope: read 2 articles, extracted 2, skipped 10 (malformed-json 2, "
                         "binary 1, empty 1, language 1, malformed-feed 1, malformed-html 1, "
                         "not-found 1, too-large 1, undecodable 1)")
    assert len([line for line in lines if "skipped (" in line]) == len(expected)   # one each
    documents = [json.loads(x) for x in result.stdout.splitlines() if '"kind": "document"' in x]
    assert "ok" in {d["doc_id"] for d in documents} and len(documents) == 2


def test_nothing_readable_exits_non_zero(runner, tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00" * 10)
    result = invoke(runner, tmp_path / "a.bin", tmp_path / "nope.txt")
    assert result.exit_code == 1 and result.stdout == ""
    assert stderr_lines(result)[-1] == ("tightrope: read 0 articles, extracted 0, skipped 2 "
                                        "(binary 1, not-found 1)")


def test_stdin(runner):
    lines = json.dumps({"id": "in1", "text": ENGLISH}) + "\n" + json.dumps({"id": "in2", "text": ENGLISH + " Also."})
    result = invoke(runner, "-", input=lines)
    ids = [json.loads(x)["doc_id"] for x in result.stdout.splitlines() if '"document"' in x]
    assert ids == ["in1", "in2"] and result.exit_code == 0


def test_unwritable_output_is_a_one_line_error(tmp_path):
    result = subprocess.run([str(TIGHTROPE), "extract", str(DATA / "note.txt"), "-o",
                             str(tmp_path / "no" / "such" / "dir" / "out.jsonl")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.startswith("tightrope: cannot write ") and "Traceback" not in result.stderr


def test_estimate_total(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"text": "1"}\n{"text": "2"}\n{"text": "3"}')
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    assert estimate_total([str(tmp_path)]) == 5
    assert estimate_total([str(tmp_path), "-"]) is None
    assert estimate_total([str(DATA / "feed.rss")]) is None


def test_progress_on_a_terminal_only(tmp_path, on_terminal):
    """stderr on a real pseudo-terminal: the bar is drawn (with a rate); records go to a file."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"p{n}", "text": f"{ENGLISH} Item {n}."}) + "\n"
                              for n in range(30)))
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    env.pop("TIGHTROPE_NO_PROGRESS", None)
    code, text = on_terminal([str(TIGHTROPE), "extract", str(corpus), "-o",
                              str(tmp_path / "out.jsonl")], env)
    assert code == 0
    assert "articles/s" in text and "/30" in text
    assert "read 30 articles, extracted 30, skipped 0" in text
