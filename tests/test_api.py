"""The HTTP API against a real server on loopback over a real store: the demo corpus plus
articles we wrote (one story told by three outlets, one article full of markup payloads).

Extraction uses the small spaCy model: which model runs does not matter to what these tests
check (pagination, filters, errors, the token rule, limits, path traversal)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tightrope.api import create_app
from tightrope.api.server import LocalServer
from tightrope.records import PLOVER_TYPES, Article

TOKEN = "test-token-0123456789"
TIGHTROPE = str(Path(sys.executable).parent / "tightrope")

# Our own articles. The three "story" articles report one event in different words.
STORY_OUTLETS = {
    "Harbour Herald": "Pakistan and Turkey signed a defence cooperation agreement in Ankara on Tuesday, officials said.",
    "Plains Post": "Pakistan and Turkey signed a defence cooperation agreement in Ankara on Tuesday, according to officials.",
    "Valley Voice": "On Tuesday, Pakistan and Turkey signed a defence cooperation agreement in Ankara.",
}
PAYLOAD_TITLE = '<script>window.__pwned=1;document.title="PWNED"</script>Probe headline'
PAYLOAD_ARTICLE = {
    "id": "xss-probe",
    "outlet": '<img src=x onerror="window.__pwned=1;document.title=\'PWNED\'">Probe Times',
    "published": "2025-11-20",
    "title": PAYLOAD_TITLE,
    "url": "javascript:window.__pwned=1",
    "text": (
        'Pakistan <script>window.__pwned=1;document.title="PWNED"</script> signed a trade agreement'
        ' with China on Monday. "<img src=x onerror=window.__pwned=1>We will <b onmouseover='
        'window.__pwned=1>never</b> accept this," said Foreign Minister Ishaq Dar <svg onload='
        'window.__pwned=1>. The United States imposed a 50% tariff on <a href="javascript:'
        'window.__pwned=1">Chinese</a> steel. Analysts expect China and Pakistan to sign <iframe'
        ' src="javascript:window.__pwned=1"></iframe> a new deal by 2026.'),
}


def story_articles() -> list[Article]:
    return [Article(id=f"story-{outlet.split()[0].lower()}", outlet=outlet, published="2025-11-19",
                    title=f"Pakistan and Turkey sign a defence pact ({outlet})", text=text)
            for outlet, text in STORY_OUTLETS.items()]


@pytest.fixture(scope="session")
def small_extractor():
    from tightrope import nlp as nlp_module
    from tightrope.extract import Extractor

    return Extractor(nlp=nlp_module.load("sm"))


def build_store(path: Path, extractor, extra: list[Article]) -> Path:
    """The demo corpus and `extra` articles ingested, story events brought up to date."""
    from tightrope.analysis import corroborate
    from tightrope.sources import read
    from tightrope.store import Store
    from tightrope.store.demo import corpus_files

    articles = list(read(corpus_files())) + extra
    with Store(path) as store:
        store.ingest_articles(articles, extractor)
        corroborate(store)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, small_extractor) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "store.duckdb", small_extractor,
                       story_articles() + [Article(**PAYLOAD_ARTICLE)])


@pytest.fixture(scope="module")
def expected(store_path) -> dict:
    """What the store holds, read straight from DuckDB before any server opens it."""
    import duckdb

    con = duckdb.connect(str(store_path), read_only=True)
    try:
        events = [json.loads(r) for (r,) in con.execute("SELECT record FROM events").fetchall()]
        quotes = [r for (r,) in con.execute("SELECT id FROM quotes").fetchall()]
        docs = [r for (r,) in con.execute("SELECT doc_id FROM documents").fetchall()]
    finally:
        con.close()
    return {"events": events, "quotes": quotes, "documents": docs}


@pytest.fixture(scope="module")
def server(store_path, small_extractor):
    with LocalServer(create_app(store_path, extractor=small_extractor)) as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def ingest_server(store_path, small_extractor, tmp_path_factory):
    copy = tmp_path_factory.mktemp("api-ingest") / "store.duckdb"
    shutil.copy(store_path, copy)
    app = create_app(copy, allow_ingest=True, token=TOKEN, extractor=small_extractor)
    with LocalServer(app) as running:
        yield running


def walk(client: httpx.Client, path: str, **params) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body["items"])
        cursor = body["next"]
        if cursor is None:
            return pages
        assert len(pages) < 1000, "pagination does not end"


def assert_error(response: httpx.Response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"]
    for word in words:
        assert word.lower() in body["error"].lower(), body
    assert "Traceback" not in response.text
    return body


# -- pagination -------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [1, 7, 50])
def test_walking_every_page_of_events_gives_each_event_once(client, expected, size):
    pages = walk(client, "/api/events", limit=size)
    ids = [e["id"] for page in pages for e in page]
    assert len(ids) == len(set(ids)), "an event came twice"
    assert set(ids) == {e["id"] for e in expected["events"]}, "an event is missing"
    assert all(len(page) <= size for page in pages)
    assert all(len(page) == size for page in pages[:-1])


def test_descending_walk_is_the_ascending_walk_reversed(client):
    up = [e["id"] for page in walk(client, "/api/events", limit=40) for e in page]
    down = [e["id"] for page in walk(client, "/api/events", limit=40, desc="true") for e in page]
    assert down == list(reversed(up))


@pytest.mark.parametrize("path,key,expected_key", [
    ("/api/quotes", "id", "quotes"), ("/api/documents", "doc_id", "documents")])
def test_other_listings_page_without_gaps(client, expected, path, key, expected_key):
    ids = [r[key] for page in walk(client, path, limit=13) for r in page]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(expected[expected_key])


def test_actors_are_paged_in_mention_order(client):
    rows = [r for page in walk(client, "/api/actors", limit=9) for r in page]
    keys = [(r["name"], r["country"], r["sector"]) for r in rows]
    assert len(keys) == len(set(keys))
    mentions = [r["mentions"] for r in rows]
    assert mentions == sorted(mentions, reverse=True)
    assert rows[0]["mentions"] > 1


def test_stories_come_newest_first_and_page_without_repeats(client):
    rows = [r for page in walk(client, "/api/stories", limit=11) for r in page]
    assert len({r["story_id"] for r in rows}) == len(rows) > 11
    days = [r["day"] for r in rows]
    assert days == sorted(days, reverse=True)


# -- filters -----------------------------------------------------------------------------------

def test_type_country_and_dyad_filters(client, expected):
    agree = [e for p in walk(client, "/api/events", type="agree", limit=100) for e in p]
    assert agree and all(e["type"] == "AGREE" for e in agree)
    assert len(agree) == sum(e["type"] == "AGREE" for e in expected["events"])

    def involves(e, code):
        return code in ((e["source"] or {}).get("country"), (e["target"] or {}).get("country"))

    pak = [e for p in walk(client, "/api/events", country="pak", limit=100) for e in p]
    assert len(pak) == sum(involves(e, "PAK") for e in expected["events"]) > 0
    pair = [e for p in walk(client, "/api/events", dyad="USA,CHN", limit=100) for e in p]
    assert pair and all(involves(e, "USA") and involves(e, "CHN") for e in pair)
    directed = [e for p in walk(client, "/api/events", dyad="USA,CHN", directed="true", limit=100) for e in p]
    assert directed and all(e["source"]["country"] == "USA" for e in directed)
    assert len(directed) < len(pair)


def test_date_outlet_doc_and_channel_filters(client):
    body = client.get("/api/events", params={"since": "2025-06", "until": "2025-06", "limit": 500}).json()
    assert body["items"]
    for e in body["items"]:
        day = e["date"] if e["date"] and len(e["date"]) == 10 else body["documents"][e["doc_id"]]["published"]
        assert day.startswith("2025-06"), e
    outlet = client.get("/api/events", params={"outlet": "plains post"}).json()
    assert [e["doc_id"] for e in outlet["items"]] == ["story-plains"]
    doc = client.get("/api/quotes", params={"doc": "xss-probe"}).json()["items"]
    assert doc and {q["doc_id"] for q in doc} == {"xss-probe"}
    trade = [e for p in walk(client, "/api/events", channel="trade", limit=5) for e in p]
    assert trade and all("trade" in e["context"] for e in trade)
    everything = [e for p in walk(client, "/api/events", limit=500) for e in p]
    assert len(trade) == sum("trade" in e["context"] for e in everything)


def test_listing_carries_the_documents_of_its_records(client):
    body = client.get("/api/events", params={"doc": "story-harbour"}).json()
    assert body["documents"]["story-harbour"]["outlet"] == "Harbour Herald"


def test_filters_other_kinds(client):
    usd = client.get("/api/amounts", params={"unit": "percent", "limit": 100}).json()["items"]
    assert usd and all(a["unit"] == "percent" for a in usd)
    quotes = client.get("/api/quotes", params={"contains": "accept this"}).json()["items"]
    assert [q["doc_id"] for q in quotes] == ["xss-probe"]
    flags = client.get("/api/flags", params={"type": "office_mismatch"}).json()["items"]
    assert all(f["flag"] == "office_mismatch" for f in flags)
    mentions = client.get("/api/actors", params={"mentions": "true", "type": "capital", "limit": 20}).json()
    assert mentions["items"] and all(m["mention_kind"] == "capital" for m in mentions["items"])


# -- single items and provenance ---------------------------------------------------------------

def test_document_has_text_and_records_whose_spans_index_it(client):
    body = client.get("/api/documents/xss-probe").json()
    text = body["document"]["text"]
    assert text == PAYLOAD_ARTICLE["text"]
    events = body["records"]["event"]
    assert len(events) >= 2
    for kind, records in body["records"].items():
        for record in records:
            if record.get("span") and record.get("sentence") and kind in ("event", "forecast"):
                start, end = record["span"]
                assert text[start:end] == record["sentence"]


def test_event_provenance_lists_every_outlet_of_its_story(client):
    event = client.get("/api/events", params={"doc": "story-plains"}).json()["items"][0]
    body = client.get(f"/api/events/{event['id']}").json()
    assert body["event"]["id"] == event["id"]
    assert body["document"]["outlet"] == "Plains Post"
    assert body["story"]["n_outlets"] == 3
    assert {m["outlet"] for m in body["mentions"]} == set(STORY_OUTLETS)


def test_unknown_ids_are_404(client):
    assert_error(client.get("/api/documents/no-such-doc"), 404, "no-such-doc")
    assert_error(client.get("/api/events/ev-0000"), 404, "ev-0000")
    assert_error(client.get("/api/ledger/fo-0000"), 404, "fo-0000")
    assert_error(client.get("/api/nothing-here"), 404)


# -- analyses ----------------------------------------------------------------------------------

def test_dyads_balance_dyad_ledger(client):
    top = client.get("/api/dyads/top", params={"limit": 5}).json()["items"]
    assert len(top) == 5
    assert [d["events"] for d in top] == sorted((d["events"] for d in top), reverse=True)
    balance = client.get("/api/balance", params={"pivot": "PAK", "a": "USA", "b": "CHN"}).json()
    assert (balance["pivot"], balance["a"], balance["b"]) == ("PAK", "USA", "CHN")
    rows = balance["series"]
    assert rows and all(r["status"] in ("ok", "insufficient") for r in rows)
    for r in rows:
        if r["status"] == "ok":
            assert -1 <= r["low"] <= r["balance"] <= r["high"] <= 1
        else:
            assert r["balance"] is None
    assert sum(r["events"] for r in rows) == balance["total"]["events"]
    dyad = client.get("/api/dyad", params={"a": "USA", "b": "CHN", "period": "quarter"}).json()
    assert all(r["period"][4:6] == "-Q" for r in dyad["series"])
    usa_chn = next(d for d in client.get("/api/dyads/top", params={"limit": 50}).json()["items"]
                   if {d["a"], d["b"]} == {"USA", "CHN"})
    assert sum(r["events"] for r in dyad["series"]) == usa_chn["events"]
    ledger = client.get("/api/ledger").json()
    assert ledger["items"] and ledger["holders"]
    assert {f["status"] for f in ledger["items"]} <= {"met", "not met", "pending", "expired-unresolved"}
    one = ledger["items"][0]
    entry = client.get(f"/api/ledger/{one['id']}").json()
    assert entry["forecast"]["id"] == one["id"]
    assert len(entry["evidence"]) == one["evidence_for"] + one["evidence_against"]


def test_summary_names_the_default_triangle(client, expected):
    body = client.get("/api/summary").json()
    assert body["triangle"] == {"pivot": "PAK", "a": "USA", "b": "CHN"}
    assert body["counts"]["document"] == len(expected["documents"])
    assert body["ingest"] is False


# -- bad parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("path,params,parameter", [
    ("/api/events", {"type": "HUG"}, "type"),
    ("/api/events", {"country": "XX"}, "country"),
    ("/api/events", {"country": "QQQ"}, "country"),
    ("/api/events", {"dyad": "USA"}, "dyad"),
    ("/api/events", {"dyad": "USA,USA"}, "dyad"),
    ("/api/events", {"since": "2025-13"}, "since"),
    ("/api/events", {"until": "yesterday"}, "until"),
    ("/api/events", {"factuality": "rumoured"}, "factuality"),
    ("/api/events", {"directed": "true"}, "directed"),
    ("/api/events", {"limit": "0"}, "limit"),
    ("/api/events", {"limit": "100000"}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"cursor": "not-a-cursor"}, "cursor"),
    ("/api/flags", {"type": "typo"}, "type"),
    ("/api/balance", {"pivot": "PAK", "a": "USA", "b": "USA"}, "pivot"),
    ("/api/balance", {"pivot": "PAK", "a": "USA", "b": "CHN", "period": "decade"}, "period"),
    ("/api/balance", {"pivot": "PAK", "a": "USA"}, "b"),
    ("/api/dyad", {"a": "USA", "b": "Atlantis"}, "b"),
    ("/api/ledger", {"status": "maybe"}, "status"),
    ("/api/ledger", {"as_of": "2025-02-30"}, "as_of"),
    ("/api/stories", {"type": "HUG"}, "type"),
])
def test_bad_parameters_are_400_with_a_message_naming_them(client, path, params, parameter):
    body = assert_error(client.get(path, params=params), 400, parameter)
    assert "bad" in body["error"]


def test_a_cursor_only_works_for_its_own_listing(client):
    cursor = client.get("/api/events", params={"limit": 2}).json()["next"]
    assert cursor
    assert_error(client.get("/api/quotes", params={"cursor": cursor}), 400, "cursor")
    assert_error(client.get("/api/events", params={"cursor": cursor, "desc": "true"}), 400, "cursor")
    assert client.get("/api/events", params={"cursor": cursor}).status_code == 200


# -- analyze -----------------------------------------------------------------------------------

ARTICLE = ("Pakistan and China signed an agreement on a new rail line in Islamabad on Monday. "
           "\"This line will carry our trade for decades,\" said Planning Minister Ahsan Iqbal. "
           "The project is worth $6.8 billion.")


def _check_analysis(body: dict, text: str) -> None:
    assert body["document"]["text"] == text
    kinds = {r["kind"] for r in body["records"]}
    assert {"document", "event", "quote", "amount"} <= kinds
    for record in body["records"]:
        if record["kind"] in ("quote", "amount"):
            start, end = record["span"]
            assert text[start:end] == record["text"]
    assert body["counts"]["event"] == sum(r["kind"] == "event" for r in body["records"])


def test_analyze_json_text_and_uploads_without_storing(client, expected):
    before = client.get("/api/summary").json()["counts"]
    _check_analysis(client.post("/api/analyze", json={"text": ARTICLE, "published": "2025-03-03"}).json(), ARTICLE)
    _check_analysis(client.post("/api/analyze", content=ARTICLE.encode(),
                                headers={"content-type": "text/plain; charset=utf-8"}).json(), ARTICLE)
    _check_analysis(client.post("/api/analyze", files={"file": ("a.txt", ARTICLE.encode(), "text/plain")}).json(), ARTICLE)
    upload = json.dumps({"id": "up-1", "title": "Rail", "text": ARTICLE}).encode()
    body = client.post("/api/analyze", files={"file": ("a.json", upload, "application/json")}).json()
    _check_analysis(body, ARTICLE)
    assert body["document"]["doc_id"] == "up-1"
    html = f"<html><head><title>Rail</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    body = client.post("/api/analyze", files={"file": ("a.html", html.encode(), "text/html")}).json()
    assert any(r["kind"] == "event" for r in body["records"])
    assert client.get("/api/summary").json()["counts"] == before


@pytest.mark.parametrize("kwargs,word", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, "json"),
    ({"json": {"title": "no text"}}, "text"),
    ({"json": [{"text": "a"}, {"text": "b"}]}, "array"),
    ({"content": b"   ", "headers": {"content-type": "text/plain"}}, "empty"),
    ({"content": b"\xff\xfe\x00\x00garbage\x00", "headers": {"content-type": "text/plain"}}, "body"),
    ({"content": b"x", "headers": {"content-type": "image/png"}}, "content-type"),
    ({"files": {"other": ("a.txt", b"text", "text/plain")}}, "file"),
])
def test_analyze_rejects_bad_bodies_with_400(client, kwargs, word):
    assert_error(client.post("/api/analyze", **kwargs), 400, word)


# -- limits and safety -------------------------------------------------------------------------

def test_bodies_over_the_limit_are_413(client):
    big = b"Pakistan signed a deal. " * 100_000          # 2.4 MB
    assert_error(client.post("/api/analyze", content=big, headers={"content-type": "text/plain"}), 413, "too large")

    def chunks():                                        # no Content-Length: streamed
        for _ in range(40):
            yield b"x" * 65536

    assert_error(client.post("/api/analyze", content=chunks(), headers={"content-type": "text/plain"}), 413, "too large")


def raw_get(url: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written (no client-side normalisation of ../ or %2e)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


TRAVERSALS = [
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fapi%2fapp.py",
    "/static/..%5c..%5c..%5capi%5capp.py",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//etc/passwd",
    "/static//etc/passwd",
    "/static/../api/app.py",
    "/static/..;/api/app.py",
    "/api/documents/..%2f..%2f..%2fetc%2fpasswd",
    "/api/events/..%2f..%2fpyproject.toml",
    "/%2e%2e/%2e%2e/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(server, path):
    status, body = raw_get(server.url, path)
    assert status in (400, 404), (status, body[:200])
    assert b"root:" not in body and b"create_app" not in body and b"[project]" not in body
    assert b"Traceback" not in body


def test_static_files_and_dashboard_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/js/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_doc_parameter_is_a_value_not_a_path(client):
    body = client.get("/api/events", params={"doc": "../../../../etc/passwd"}).json()
    assert body["items"] == []


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in ["/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/quotes",
                 "/api/amounts", "/api/forecasts", "/api/flags", "/api/actors", "/api/dyad",
                 "/api/balance", "/api/ledger", "/api/stories", "/api/dyads/top",
                 "/api/analyze", "/api/ingest"]:
        assert path in paths, path
    assert client.get("/docs").status_code == 404      # no page that would load a CDN


def test_a_crash_is_a_json_500_without_traceback(store_path, small_extractor, tmp_path):
    copy = tmp_path / "crash.duckdb"
    shutil.copy(store_path, copy)
    app = create_app(copy, extractor=small_extractor)
    with LocalServer(app) as running:
        app.state.backend.store.con.close()              # the database goes away under the app
        response = httpx.get(running.url + "/api/events", timeout=30)
    body = assert_error(response, 500, "internal server error")
    assert "duckdb" not in json.dumps(body).lower()


# -- the token rule for ingest -----------------------------------------------------------------

NEW_ARTICLE = {"id": "ingest-1", "outlet": "Test Desk", "published": "2025-12-01",
               "text": "India and Bangladesh signed a water-sharing agreement in Dhaka on Monday."}


def test_ingest_is_refused_when_the_server_is_read_only(client):
    assert_error(client.post("/api/ingest", json=NEW_ARTICLE,
                             headers={"Authorization": f"Bearer {TOKEN}"}), 403, "disabled")


def test_ingest_needs_the_right_bearer_token(ingest_server):
    with httpx.Client(base_url=ingest_server.url, timeout=60) as c:
        missing = c.post("/api/ingest", json=NEW_ARTICLE)
        assert_error(missing, 401, "authentication")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        assert_error(c.post("/api/ingest", json=NEW_ARTICLE, headers={"Authorization": f"Basic {TOKEN}"}), 401)
        assert_error(c.post("/api/ingest", json=NEW_ARTICLE, headers={"Authorization": "Bearer wrong-token-99"}), 403, "token")
        assert c.get("/api/documents/ingest-1").status_code == 404
        stored = c.post("/api/ingest", json=NEW_ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert stored.status_code == 200, stored.text
        assert stored.json()["stored"] == 1 and stored.json()["records"] > 0
        document = c.get("/api/documents/ingest-1").json()
        assert document["document"]["outlet"] == "Test Desk"
        assert document["records"]["event"]
        again = c.post("/api/ingest", json=[NEW_ARTICLE], headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert again["unchanged"] == 1 and again["stored"] == 0
        # Ids are values, whatever characters they hold (here: slashes, as URL-like ids have).
        slashed = {**NEW_ARTICLE, "id": "feeds/example.org/2025/1", "text": NEW_ARTICLE["text"] + " Talks continue."}
        assert c.post("/api/ingest", json=slashed, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        for path in ("/api/documents/feeds/example.org/2025/1", "/api/documents/feeds%2Fexample.org%2F2025%2F1"):
            assert c.get(path).json()["document"]["doc_id"] == slashed["id"]
        # Analyses see the new document: its story is counted.
        top = c.get("/api/dyads/top", params={"limit": 100}).json()["items"]
        assert any({d["a"], d["b"]} == {"BGD", "IND"} for d in top)


def test_ingest_without_token_cannot_start():
    from tightrope.errors import TightropeError

    with pytest.raises(TightropeError, match="token"):
        create_app("unused.duckdb", allow_ingest=True, token=None)


# -- the serve command -------------------------------------------------------------------------

def _serve(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([TIGHTROPE, "serve", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("ingest", [False, True], ids=["read-only", "ingest-token-from-env"])
def test_serve_command_starts_and_answers(store_path, tmp_path, ingest):
    import os
    import time

    from tightrope.api.server import free_port

    copy = tmp_path / "served.duckdb"
    shutil.copy(store_path, copy)
    port = free_port()
    env = dict(os.environ, TIGHTROPE_MODEL="sm", TIGHTROPE_TOKEN=TOKEN)
    server = _serve(["--db", str(copy), "--port", str(port)] + (["--allow-ingest"] if ingest else []), env)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "tightrope serve did not answer"
                time.sleep(0.2)
        assert response.json()["ingest"] is ingest
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
        answer = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json=NEW_ARTICLE,
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert answer.status_code == (200 if ingest else 403), answer.text
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("args,message", [
    (["--db", "does-not-exist.duckdb"], "no tightrope database"),
    (["--db", "x.duckdb", "--allow-ingest"], "token"),
    (["--db", "x.duckdb", "--allow-ingest", "--token", "short"], "at least 8"),
])
def test_serve_command_refuses_bad_set_ups_in_one_line(tmp_path, args, message):
    import os

    env = {k: v for k, v in os.environ.items() if k != "TIGHTROPE_TOKEN"}
    done = subprocess.run([TIGHTROPE, "serve", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
