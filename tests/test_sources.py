"""Readers on real files: each input form, and each kind of bad input as one reported skip."""
from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from tightrope.errors import SkippedItem
from tightrope.sources import ReadOptions, Report, read
from tightrope.sources.articles import parse_published
from tightrope.sources.language import judge
from tightrope.sources.text import fragment_text, sniff

DATA = Path(__file__).parent / "data" / "sources"

ENGLISH = ("Officials from both governments met in the capital on Monday and agreed to set up a "
           "working group on customs procedures before the end of the year.")
FRENCH = ("Les ministres des deux pays se sont réunis lundi dans la capitale et ont convenu de "
          "créer un groupe de travail sur les procédures douanières avant la fin de l'année.")


def run(inputs, **options):
    """(articles, report, skipped items) of reading `inputs`."""
    skipped: list[SkippedItem] = []
    warnings: list[tuple[str, str]] = []
    report = Report(on_skip=skipped.append, on_warning=lambda item, msg: warnings.append((item, msg)))
    articles = list(read([str(i) for i in inputs], ReadOptions(**options), report))
    return articles, report, skipped, warnings


# -- each reader ---------------------------------------------------------------------------

def test_txt(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(ENGLISH.encode() + b"\r\nSecond line.\r\n")
    [article], report, skipped, _ = run([path])
    assert article.text == ENGLISH + "\nSecond line.\n"     # universal newlines
    assert article.origin == str(path) and article.language == "en"
    assert article.id.startswith("sha-") and article.published is None
    assert report.read == 1 and not skipped


def test_json_article_fields_and_date_normalised():
    [article], report, skipped, _ = run([DATA / "article.json"])
    assert (article.id, article.outlet, article.title) == ("demo-cement", "Inland Courier",
                                                           "Cement exports rise")
    assert article.published == "2025-02-12"
    assert article.url == "https://inland-courier.example/cement-exports"
    assert article.extra == {"author": "Staff reporter"}
    assert article.text.startswith("Cement exports rise\n\nPakistan's cement exports")


def test_json_array_reads_each_object(tmp_path):
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"text": ENGLISH, "id": "a"}, 7, {"text": ENGLISH + " More.", "id": "b"}]))
    articles, report, skipped, _ = run([path])
    assert [a.id for a in articles] == ["a", "b"]
    assert [(s.item, s.reason) for s in skipped] == [(f"{path}[1]", "malformed-json")]


def test_jsonl_lines_with_line_numbers():
    articles, report, skipped, _ = run([DATA / "articles.jsonl"])
    assert [(a.id, a.origin, a.published) for a in articles] == [
        ("j1", f"{DATA / 'articles.jsonl'}:1", "2025-04-02"),
        ("j2", f"{DATA / 'articles.jsonl'}:3", "2025-04-05")]
    assert not skipped


def test_jsonl_gz_is_streamed(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(3):
            out.write(json.dumps({"id": f"g{n}", "text": f"{ENGLISH} Item {n}."}) + "\n")
    articles, _, skipped, _ = run([path])
    assert [a.origin for a in articles] == [f"{path}:{n}" for n in (1, 2, 3)]
    assert not skipped


def test_html_page_main_text_and_metadata():
    [article], _, skipped, _ = run([DATA / "article.html"])
    assert article.title == "Port talks open in Gwadar"
    assert article.outlet == "Harbour Ledger"
    assert article.published == "2025-03-14"
    assert article.url == "https://harbour-ledger.example/2025/03/port-talks-gwadar"
    assert "dredging schedules" in article.text
    assert "All rights reserved" not in article.text and "Most read" not in article.text
    assert "\n\nThe delegations discussed" in article.text   # paragraphs kept apart
    assert not skipped


def test_rss_feed_items_become_articles():
    articles, report, skipped, _ = run([DATA / "feed.rss"])
    assert [a.title for a in articles] == ["Border crossing reopens after week-long closure",
                                           "Ministers meet on water sharing"]
    first = articles[0]
    assert first.outlet == "Frontier Dispatch" and first.published == "2025-10-07"
    assert first.url == "https://frontier-dispatch.example/news/crossing-reopens"
    assert first.text == ("Border crossing reopens after week-long closure\n\nTrucks carrying "
                          "fruit and cement began moving through the crossing on Tuesday after "
                          "officials on both sides agreed to resume trade.")
    assert first.origin == f"{DATA / 'feed.rss'}#1"


def test_atom_feed_detected_by_content_without_extension(tmp_path):
    path = tmp_path / "updates"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Customs group formed</title><link href="https://atom-desk.example/1"/>
<updated>2025-06-30T08:00:00Z</updated>
<content type="html">&lt;p&gt;{ENGLISH}&lt;/p&gt;</content></entry></feed>""")
    [article], _, skipped, _ = run([path])
    assert article.outlet == "Atom Desk" and article.published == "2025-06-30"
    assert article.text == f"Customs group formed\n\n{ENGLISH}"


def test_directory_recursive_sorted_hidden_skipped_unknown_reported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ENGLISH + " Two.")
    (tmp_path / "a.txt").write_text(ENGLISH + " One.")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(ENGLISH)
    (tmp_path / ".secret.txt").write_text(ENGLISH)
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n")
    articles, report, skipped, _ = run([tmp_path])
    assert [Path(a.origin).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/2.txt"]
    assert [(Path(s.item).name, s.reason) for s in skipped] == [("picture.png", "unsupported")]


def test_stdin_json_lines_and_plain_text(monkeypatch):
    lines = (json.dumps({"id": "s1", "text": ENGLISH}) + "\n" + "{oops\n"
             + json.dumps({"id": "s2", "text": ENGLISH + " Again."}) + "\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    articles, _, skipped, _ = run(["-"])
    assert [a.id for a in articles] == ["s1", "s2"]
    assert [(s.item, s.reason) for s in skipped] == [("<stdin>:2", "malformed-json")]

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ENGLISH.encode())))
    [article], _, _, _ = run(["-"])
    assert article.text == ENGLISH and article.origin == "<stdin>"


def test_stdin_html_detected(monkeypatch):
    page = (DATA / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    [article], _, _, _ = run(["-"])
    assert article.title == "Port talks open in Gwadar"


def test_text_starting_with_bracket_is_not_json(tmp_path):
    path = tmp_path / "bracket"
    path.write_text("[Updated] " + ENGLISH)
    [article], _, skipped, _ = run([path])
    assert article.text.startswith("[Updated] Officials") and not skipped


def test_encodings_bom_utf16_and_declared_charset(tmp_path):
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + ENGLISH.encode())
    (tmp_path / "wide.txt").write_bytes(ENGLISH.encode("utf-16"))
    latin = f'<html><head><meta charset="iso-8859-1"><title>Caf\xe9 talks</title></head><body><p>{ENGLISH}</p></body></html>'
    (tmp_path / "latin.html").write_bytes(latin.encode("latin-1"))
    articles, _, skipped, _ = run([tmp_path])
    by_name = {Path(a.origin).name: a for a in articles}
    assert by_name["bom.txt"].text == ENGLISH and by_name["wide.txt"].text == ENGLISH
    assert by_name["latin.html"].title == "Café talks"
    assert not skipped


def test_dates_normalised_or_warned(tmp_path):
    path = tmp_path / "dates.jsonl"
    rows = [{"published": "Tue, 07 Oct 2025 06:15:00 +0000"}, {"published": "2025-10-07T23:59:00-05:00"},
            {"published": "sometime soon"}, {"published": "October 2025"}, {"published": 1759824000}]
    path.write_text("".join(json.dumps({"text": f"{ENGLISH} {n}.", **r}) + "\n" for n, r in enumerate(rows)))
    articles, _, skipped, warnings = run([path])
    assert [a.published for a in articles] == ["2025-10-07", "2025-10-07", None, None, "2025-10-07"]
    assert [(item.rsplit(":", 1)[1], "published set to null" in msg) for item, msg in warnings] == [
        ("3", True), ("4", True)]
    assert "unparseable date 'sometime soon'" in warnings[0][1]


def test_parse_published_forms():
    assert parse_published("November 2, 2025") == ("2025-11-02", None)
    assert parse_published("2025-11-02") == ("2025-11-02", None)
    assert parse_published(None) == (None, None)
    assert parse_published("31 Feb 2025")[0] is None
    assert parse_published(True)[0] is None


# -- language --------------------------------------------------------------------------------

@pytest.mark.parametrize("headline", ["Envoys meet in Kabul", "Minister skips summit",
                                      "Port traffic rises", "Rupee slides as talks stall"])
def test_short_english_headlines_are_kept(headline):
    assert judge(headline, ("en",)) == ("en", None)


def test_non_english_detected_with_name():
    language, refusal = judge(FRENCH, ("en",))
    assert language == "fr" and "French" in refusal
    language, refusal = judge("两国部长周一在首都会晤", ("en",))     # short, but plainly not Latin script
    assert refusal and "non-Latin script" in refusal


def test_non_english_article_skipped_with_message(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH)
    (tmp_path / "en.txt").write_text(ENGLISH)
    articles, report, skipped, _ = run([tmp_path])
    assert [Path(a.origin).name for a in articles] == ["en.txt"]
    [skip] = skipped
    assert skip.reason == "language" and skip.item.endswith("fr.txt")
    assert "French" in str(skip)


# -- bad input: one skip each, the batch goes on ---------------------------------------------

def bad_inputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Write one file per kind of bad input; returns {file name: (reason, words in detail)}."""
    files = {
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        "control.txt": (bytes(range(1, 9)) * 50, "binary"),
        "empty.txt": (b"", "empty"),
        "blank.json": (b"  \n\t\n", "empty"),
        "big.txt": (b"word " * 400, "too-large"),
        "latin1.txt": ("Caf\xe9 au lait near the embassy".encode("latin-1"), "undecodable"),
        "broken.json": (b'{"text": "unterminated', "malformed-json"),
        "nottext.json": (b'{"title": "no text field"}', "empty"),
        "list.json": (b"[]", "empty"),
        "number.json": (b"42", "malformed-json"),
        "nothing.html": (b"<html><head><title>x</title></head><body><script>var a=1;</script></body></html>", "malformed-html"),
        "broken.rss": (b"<rss><channel><title>Half", "malformed-feed"),
        "notafeed.xml": (b"<?xml version='1.0'?><inventory><box>3</box></inventory>", "malformed-feed"),
        "french.txt": (FRENCH.encode(), "language"),
        "bad.jsonl.gz": (b"\x1f\x8b\x08\x00garbage", "undecodable"),
    }
    for name, (data, _) in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: reason for name, (_, reason) in files.items()}


def test_each_bad_input_is_one_skip_and_the_batch_goes_on(tmp_path):
    expected = bad_inputs(tmp_path)
    (tmp_path / "good.txt").write_text(ENGLISH)
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_bytes(json.dumps({"id": "ok1", "text": ENGLISH}).encode() + b"\n"
                      + b"{not json\n" + b'"a string"\n' + b"\xff\xfe\xfa\n"
                      + json.dumps({"id": "ok2", "text": ENGLISH + " Later."}).encode() + b"\n")
    articles, report, skipped, _ = run([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    assert sorted(a.id for a in articles if not a.id.startswith("sha-")) == ["ok1", "ok2"]
    assert len(articles) == 3
    got = {Path(s.item).name: s.reason for s in skipped}
    assert {k: got.get(k) for k in expected} == expected
    assert got["mixed.jsonl:2"] == "malformed-json"
    assert got["mixed.jsonl:3"] == "malformed-json"
    assert got["mixed.jsonl:4"] == "undecodable"
    assert got["missing.txt"] == "not-found"
    assert "error" not in report.skipped
    assert report.read == 3 and report.n_skipped == len(skipped) == len(expected) + 4


def test_jsonl_line_over_limit_skipped_alone(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": "small", "text": ENGLISH}) + "\n"
                    + json.dumps({"id": "huge", "text": "x " * 5000}) + "\n"
                    + json.dumps({"id": "after", "text": ENGLISH}) + "\n")
    articles, _, skipped, _ = run([path], max_bytes=2000)
    assert [a.id for a in articles] == ["small", "after"]
    assert [(s.item, s.reason) for s in skipped] == [(f"{path}:2", "too-large")]


def test_gzip_over_limit_when_decompressed(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 200_000))
    articles, _, skipped, _ = run([path], max_bytes=10_000)
    assert not articles and [s.reason for s in skipped] == ["too-large"]


def test_summary_line():
    report = Report()
    report.read = 3
    report.skip(SkippedItem("a", "binary", "x"))
    report.skip(SkippedItem("b", "empty", "x"))
    report.skip(SkippedItem("c", "empty", "x"))
    assert report.summary(extracted=3) == "read 3 articles, extracted 3, skipped 3 (empty 2, binary 1)"


def test_fragment_text_and_sniff():
    assert fragment_text("<p>One &amp; two.</p><p>Three</p><script>x()</script>") == "One & two.\n\nThree"
    assert sniff('  {"text": 1}') == "json"
    assert sniff("<?xml version='1.0'?><rss>") == "feed"
    assert sniff("<!doctype html><html>") == "html"
    assert sniff("Plain words.") == "text"


def test_declared_language_decides_only_when_text_is_too_short(tmp_path):
    path = tmp_path / "declared.jsonl"
    rows = [{"id": "short-fr", "language": "fr-FR", "text": "Sommet reporté"},
            {"id": "short-en", "language": "en", "text": "Summit delayed"},
            {"id": "long-mislabelled", "language": "fr", "text": ENGLISH}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    articles, _, skipped, _ = run([path])
    assert [(a.id, a.language) for a in articles] == [("short-en", "en"), ("long-mislabelled", "en")]
    [skip] = skipped
    assert skip.item.endswith(":1") and skip.reason == "language" and "French" in skip.detail


def test_output_file_is_never_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "out.jsonl").write_text('{"kind": "document", "doc_id": "x"}\n')
    articles, _, skipped, _ = run([tmp_path], exclude=(str(tmp_path / "out.jsonl"),))
    assert len(articles) == 1 and not skipped


def test_report_lines_are_single_lines(tmp_path, capsys):
    from tightrope.sources import print_skip

    odd = tmp_path / "two\nlines.txt"
    odd.write_bytes(b"")
    report = Report(on_skip=print_skip)
    assert list(read([str(odd)], ReadOptions(), report)) == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tightrope: ") and "two lines.txt" in err
