"""Fuzzing the readers: whatever bytes a file holds, and whatever JSON an article object is,
reading reports a skip (with a known reason) or yields articles; it never raises, and never
needs the catch-all reason "error" (which would mean a reader bug)."""
from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tightrope.records import Article
from tightrope.sources import ReadOptions, Report, read

EXTENSIONS = [".txt", ".json", ".jsonl", ".html", ".xml", ".rss", ".atom", ".jsonl.gz", ""]
KNOWN_REASONS = {"binary", "empty", "too-large", "undecodable", "malformed-json",
                 "malformed-html", "malformed-feed", "language", "unsupported"}
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Byte soups that look a little like what the readers expect, so the fuzzer reaches past the
# first check of each one.
PREFIXES = [b"", b"{", b'{"text": "', b"<", b"<?xml version='1.0'?><rss><channel><item><title>",
            b"<html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b\x08\x00"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "url", "outlet", "published", "title", "text", "language", "x"]),
        inner, max_size=6),
    max_leaves=12)


def read_all(inputs, max_bytes=100_000):
    report = Report()
    articles = list(read([str(i) for i in inputs], ReadOptions(max_bytes=max_bytes), report))
    assert set(report.skipped) <= KNOWN_REASONS, report.skipped
    assert all(isinstance(a, Article) and a.text.strip() for a in articles)
    for article in articles:
        article.text.encode("utf-8")            # writable as UTF-8 JSON
        assert article.published is None or len(article.published) == 10
    return articles, report


@pytest.mark.parametrize("extension", EXTENSIONS)
@FUZZ
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(tmp_path, extension, prefix, data):
    path = tmp_path / f"fuzz{extension or '-noext'}"
    payload = prefix + data
    path.write_bytes(gzip.compress(payload) if extension.endswith(".gz") else payload)
    articles, report = read_all([path])
    assert report.read == len(articles)


@FUZZ
@given(value=json_values)
def test_arbitrary_json_values_never_raise(tmp_path, value):
    one = tmp_path / "value.json"
    one.write_text(json.dumps(value))
    lines = tmp_path / "values.jsonl"
    lines.write_text(json.dumps(value) + "\n" + json.dumps({"text": value}) + "\n")
    articles, report = read_all([one, lines])
    for article in articles:
        assert isinstance(article.text, str)
        assert article.url is None or isinstance(article.url, str)
        assert article.title is None or isinstance(article.title, str)


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_raises(tmp_path, text):
    path = tmp_path / "fuzz.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    read_all([path])
