"""Reading URLs from a real HTTP server on loopback: pages, feeds (with --follow-links),
redirect and size caps, timeouts, and refusal of private addresses before any connection."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tightrope.errors import SkippedItem
from tightrope.sources import ReadOptions, Report, read
from tightrope.sources.fetch import Fetcher, address_problem

DATA = Path(__file__).parent / "data" / "sources"

PAGE_ONE = """<html><head><title>Crossing reopens | Frontier Dispatch</title>
<meta property="og:site_name" content="Frontier Dispatch"></head><body><article>
<h1>Crossing reopens</h1>
<p>Trucks loaded with fruit and cement queued at the crossing from dawn on Tuesday, after the
customs offices on both sides reopened following a week of closure.</p>
<p>Traders said the closure had cost them perishable goods, and asked both governments to keep
the crossing open during future disputes.</p></article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    hits: list[str] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        self.hits.append(self.path)
        path = self.path
        if path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 0 else "/page.html"
            return self._send(302, {"Location": target}, b"")
        if path == "/endless":
            # No Content-Length: the size cap must be enforced while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(2000):
                    self.wfile.write(b"more words about trade " * 100)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/echo-host":
            body = f"This page was asked for as {self.headers['Host']} by the reader today.".encode()
            return self._send(200, {"Content-Type": "text/plain"}, body)
        if path == "/slow":
            time.sleep(2.0)
            return self._send(200, {"Content-Type": "text/plain"}, b"late")
        status, headers, body = self.routes.get(path, (404, {"Content-Type": "text/plain"}, b"no"))
        self._send(status, headers, body)

    def _send(self, status, headers, body):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = (DATA / "feed.rss").read_text().replace(
        "https://frontier-dispatch.example/news/crossing-reopens", f"{base}/page.html").replace(
        "https://frontier-dispatch.example/news/water-talks", f"{base}/gone.html")
    Handler.routes = {
        "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE_ONE.encode()),
        "/article": (200, {"Content-Type": "text/html"}, (DATA / "article.html").read_bytes()),
        "/feed": (200, {"Content-Type": "application/rss+xml"}, feed.encode()),
        "/feed-as-text": (200, {"Content-Type": "text/plain"}, feed.encode()),
        "/one.json": (200, {"Content-Type": "application/json"},
                      (DATA / "article.json").read_bytes()),
        "/lines": (200, {"Content-Type": "application/octet-stream"},
                   (DATA / "articles.jsonl").read_bytes()),
        "/declared-big": (200, {"Content-Type": "text/plain", "Content-Length": "999999999"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/to-ftp": (301, {"Location": "ftp://127.0.0.1/x"}, b""),
        "/error": (500, {"Content-Type": "text/plain"}, b"boom"),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def run(urls, **options):
    skipped: list[SkippedItem] = []
    warnings: list[tuple[str, str]] = []
    report = Report(on_skip=skipped.append, on_warning=lambda i, m: warnings.append((i, m)))
    articles = list(read(urls, ReadOptions(**options), report))
    return articles, skipped, warnings


def test_html_page_over_http(server):
    [article], skipped, _ = run([f"{server}/article"], allow_private=True)
    assert article.title == "Port talks open in Gwadar" and article.outlet == "Harbour Ledger"
    # The page's canonical link names the article better than the address it was served from.
    assert article.url == "https://harbour-ledger.example/2025/03/port-talks-gwadar"
    assert article.origin == f"{server}/article" and not skipped


def test_page_without_canonical_keeps_final_url(server):
    [article], _, _ = run([f"{server}/hop/1"], allow_private=True)
    assert article.url == f"{server}/page.html" and article.title == "Crossing reopens"


def test_feed_over_http_summaries_without_follow_links(server):
    articles, skipped, _ = run([f"{server}/feed"], allow_private=True)
    assert [a.title for a in articles] == ["Border crossing reopens after week-long closure",
                                           "Ministers meet on water sharing"]
    assert articles[0].text.startswith("Border crossing reopens after week-long closure\n\nTrucks")
    assert f"{server}/page.html" not in Handler.hits or True  # (other tests may fetch it)


def test_feed_follow_links_reads_item_pages(server):
    Handler.hits.clear()
    articles, skipped, warnings = run([f"{server}/feed"], allow_private=True, follow_links=True)
    assert "/page.html" in Handler.hits and "/gone.html" in Handler.hits
    first, second = articles
    # The first item's page was fetched and read as HTML...
    assert "perishable goods" in first.text and first.title == "Crossing reopens"
    assert first.published == "2025-10-07" and first.outlet == "Frontier Dispatch"
    assert first.origin == f"{server}/feed#1"
    # ...the second item's link is dead (404): a warning, and the feed's own text is used.
    assert second.text.startswith("Ministers meet on water sharing\n\nWater ministers")
    [(item, message)] = warnings
    assert item == f"{server}/feed#2" and "http-error" in message and "404" in message
    assert not skipped


def test_feed_detected_by_content_and_json_by_content_type(server):
    articles, skipped, _ = run([f"{server}/feed-as-text", f"{server}/one.json", f"{server}/lines"],
                               allow_private=True)
    assert [a.id for a in articles][2:] == ["demo-cement", "j1", "j2"]
    assert len(articles) == 5 and not skipped


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/page.html", "http://localhost:{port}/page.html",
                                 "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:{port}/", "http://192.168.0.1/", "http://0.0.0.0:{port}/",
                                 "http://[::ffff:127.0.0.1]:{port}/", "http://224.0.0.1/"])
def test_private_addresses_refused_before_connecting(server, url):
    port = server.rsplit(":", 1)[1]
    url = url.format(port=port)
    Handler.hits.clear()
    started = time.monotonic()
    articles, skipped, _ = run([url], timeout=5.0)
    assert not articles
    [skip] = skipped
    assert skip.reason == "blocked-address", str(skip)
    assert "--allow-private" in skip.detail
    assert time.monotonic() - started < 2.0      # no connection attempt, let alone a timeout
    assert Handler.hits == []


def test_address_classes():
    assert address_problem("127.0.0.1") == "a loopback address"
    assert address_problem("10.0.0.8") == "a private address"
    assert address_problem("169.254.169.254") == "a link-local address"
    assert address_problem("::ffff:10.0.0.1") == "a private address"
    assert address_problem("100.64.0.1") == "a non-public address"
    assert address_problem("8.8.8.8") is None and address_problem("2001:4860:4860::8888") is None


def test_redirects_followed_and_capped(server):
    [article], _, _ = run([f"{server}/hop/2"], allow_private=True, max_redirects=3)
    assert article.title == "Crossing reopens"
    articles, skipped, _ = run([f"{server}/hop/4"], allow_private=True, max_redirects=3)
    assert not articles and [s.reason for s in skipped] == ["too-many-redirects"]


def test_each_redirect_hop_is_checked(server):
    articles, skipped, _ = run([f"{server}/to-file", f"{server}/to-ftp"], allow_private=True)
    assert not articles
    assert [s.reason for s in skipped] == ["blocked-scheme", "blocked-scheme"]
    assert "file:" in skipped[0].detail and "/etc/passwd" in skipped[0].detail


def test_size_cap_while_streaming_and_declared(server):
    started = time.monotonic()
    articles, skipped, _ = run([f"{server}/endless", f"{server}/declared-big"],
                               allow_private=True, max_bytes=50_000)
    assert [s.reason for s in skipped] == ["too-large", "too-large"]
    assert "999999999 bytes declared" in skipped[1].detail
    assert time.monotonic() - started < 5


def test_timeout_http_error_and_bad_scheme(server):
    articles, skipped, _ = run([f"{server}/slow", f"{server}/error", "ftp://example.org/x"],
                               allow_private=True, timeout=0.5)
    assert [s.reason for s in skipped] == ["timeout", "http-error", "blocked-scheme"]
    assert "HTTP 500" in skipped[1].detail


def test_connection_pinned_to_checked_address_keeps_host_name(server):
    port = server.rsplit(":", 1)[1]
    [article], skipped, _ = run([f"http://localhost:{port}/echo-host"], allow_private=True)
    assert article.text == f"This page was asked for as localhost:{port} by the reader today."
    assert article.url == f"http://localhost:{port}/echo-host"


def test_fetcher_returns_final_url_and_charset(server):
    with Fetcher(ReadOptions(allow_private=True)) as fetcher:
        fetched = fetcher.get(f"{server}/hop/1")
    assert fetched.url == f"{server}/page.html"
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")
    assert b"perishable goods" in fetched.data


def test_cli_extract_url_and_feed(server):
    from click.testing import CliRunner

    from tightrope.cli import main

    result = CliRunner().invoke(main, ["extract", f"{server}/feed", "--allow-private",
                                       "--follow-links", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.stdout.splitlines()
                 if json.loads(line)["kind"] == "document"]
    assert [d["title"] for d in documents] == ["Crossing reopens", "Ministers meet on water sharing"]
    assert "warning" in result.stderr and "read 2 articles, extracted 2, skipped 0" in result.stderr

    result = CliRunner().invoke(main, ["extract", f"{server}/page.html"])
    assert result.exit_code == 1
    assert "skipped (blocked-address)" in result.stderr and "read 0 articles" in result.stderr


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An https server on 127.0.0.1 with a certificate for "localhost" from a throwaway CA
    (made with the openssl command), to check that pinning the connection to the resolved
    address still sends SNI and verifies the certificate against the host name."""
    import shutil
    import ssl
    import subprocess

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    d = tmp_path_factory.mktemp("tls")

    def sh(*args):
        subprocess.run([openssl, *args], cwd=d, check=True, capture_output=True)

    sh("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
       "-days", "2", "-subj", "/CN=tightrope test CA")
    sh("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
       "-subj", "/CN=localhost")
    (d / "san.ext").write_text("subjectAltName=DNS:localhost\n")
    sh("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
       "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(d / "server.pem", d / "server.key")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], str(d / "ca.pem")
    httpd.shutdown()
    httpd.server_close()


def test_https_pinned_connection_verifies_the_host_name(server, tls_server):
    port, ca_file = tls_server
    [article], skipped, _ = run([f"https://localhost:{port}/echo-host"], allow_private=True,
                                ca_file=ca_file)
    assert article.text == f"This page was asked for as localhost:{port} by the reader today."
    # The same server by address: the certificate names "localhost", not 127.0.0.1.
    articles, skipped, _ = run([f"https://127.0.0.1:{port}/echo-host"], allow_private=True,
                               ca_file=ca_file)
    assert not articles and [s.reason for s in skipped] == ["tls-error"]
    # And without trusting the throwaway CA, nothing verifies.
    articles, skipped, _ = run([f"https://localhost:{port}/echo-host"], allow_private=True)
    assert not articles and [s.reason for s in skipped] == ["tls-error"]
