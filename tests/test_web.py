"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, against
the app on loopback over a real store (the demo corpus, three outlets reporting one story,
and an article full of markup payloads ingested through the API with the token).

Screenshots go to docs/img/ when TIGHTROPE_SCREENSHOTS=1 (that is how the README's images
are made), otherwise to the test's temporary folder."""
from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from test_api import (PAYLOAD_ARTICLE, STORY_OUTLETS, TOKEN, build_store, small_extractor,  # noqa: F401
                      story_articles)
from tightrope.api import create_app
from tightrope.api.server import LocalServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]
PAGES = {"overview": "Overview", "analyze": "Analyze an article", "events": "Events",
         "relations": "Relations", "people": "People", "ledger": "Forecast ledger"}

ARTICLE = ("Pakistan and China signed an agreement on a new rail line in Islamabad on Monday.\n\n"
           "\"This line will carry our trade for decades,\" said Planning Minister Ahsan Iqbal. "
           "The project is worth $6.8 billion, and officials expect China and Pakistan to open it by 2030.\n\n"
           "India protested against the project, saying it crosses disputed territory.")


@pytest.fixture(scope="module")
def site(tmp_path_factory, small_extractor):
    path = build_store(tmp_path_factory.mktemp("web") / "store.duckdb", small_extractor, story_articles())
    app = create_app(path, allow_ingest=True, token=TOKEN, extractor=small_extractor)
    with LocalServer(app) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (run `make chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    if os.environ.get("TIGHTROPE_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "img"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


class Watched:
    """A page that records script errors, console errors and dialogs."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._only_loopback)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))

        def dialog(d):
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        self.page.on("dialog", dialog)

    def _only_loopback(self, route) -> None:
        # The dashboard must work offline: any request that leaves this server is an error.
        if route.request.url.startswith(self.base + "/") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, route: str, heading: str | None = None):
        self.page.goto(f"{self.base}/#/{route}")
        self.page.wait_for_selector("#view h1")
        self.page.wait_for_function("!document.getElementById('view').hasAttribute('aria-busy')")
        if heading:
            assert self.page.locator("#view h1").first.inner_text() == heading
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, site):
    pages: list[Watched] = []

    def make(**size) -> Watched:
        pages.append(Watched(browser, site.url, **size))
        return pages[-1]

    yield make
    for w in pages:
        assert not w.errors, w.errors
        assert not w.outside, f"requests outside the server: {w.outside}"
        w.close()


def test_every_page_loads_and_marks_its_tab(watched, shots, tmp_path):
    w = watched(height=1100)
    for route, heading in PAGES.items():
        page = w.open(route, heading)
        current = page.locator("nav a[aria-current=page]")
        assert current.count() == 1 and current.get_attribute("data-page") == route
        page.screenshot(path=str(tmp_path / f"page-{route}.png"))
    page = w.open("overview")
    page.screenshot(path=str(shots / "dashboard-overview.png"))
    assert page.locator("svg.chart circle.point").count() > 0          # the balance chart
    assert page.locator("#dyads-h + .table-wrap tbody tr").count() == 10
    assert page.locator("ol.stories li").count() > 0
    assert page.locator("#pivot").input_value() == "PAK"


def test_analyze_then_event_then_provenance(watched, shots):
    w = watched()
    page = w.open("analyze", "Analyze an article")
    page.get_by_label("Paste the article text").fill(ARTICLE)
    page.get_by_label("Published (YYYY-MM-DD, optional)").fill("2025-03-03")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("#result-h")
    assert page.locator(".article-text").inner_text() == ARTICLE
    for kind in ("event", "quote", "amount", "forecast"):
        assert page.locator(f".article-text a.hl.k-{kind}").count() > 0, kind
    page.screenshot(path=str(shots / "dashboard-analyze.png"), full_page=True)
    # A mark leads to its record, and the record back to its mark.
    mark = page.locator(".article-text a.hl.k-event").first
    target = mark.get_attribute("href").removeprefix("#")
    mark.click()
    assert page.evaluate("document.activeElement.id") == target
    assert page.url.endswith("#/analyze")                    # the route is kept
    page.locator(f"#{target} a.back").click()
    assert page.evaluate("document.activeElement.id").startswith("m-")

    # Events: the three outlets' story, then one row's provenance.
    page = w.open("events?a=PAK&b=TUR", "Events")
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 3
    assert set(page.locator("table.events tbody tr td:nth-child(6)").all_inner_texts()) >= set(STORY_OUTLETS)
    rows.first.locator("a").click()
    page.wait_for_selector("blockquote.provenance")
    assert page.locator("#view h1").inner_text() == "Event provenance"
    assert page.locator("mark.role-trigger").first.inner_text().strip()
    assert page.locator("blockquote.provenance mark.role-source").inner_text() in ("Pakistan", "Turkey")
    assert "3 outlets" in page.locator("#story-h").inner_text()
    mentions = page.locator("ul.mentions li")
    assert sorted(mentions.locator("strong").all_inner_texts()) == sorted(STORY_OUTLETS)
    page.screenshot(path=str(shots / "dashboard-provenance.png"), full_page=True)
    mentions.nth(1).locator("a").first.click()
    page.wait_for_selector(".article-text")
    assert page.locator(".article-text a.hl.k-event").count() >= 1
    # From the document, an event record leads to its provenance again.
    page.locator(".records li.k-event a", has_text="provenance").first.click()
    page.wait_for_selector("blockquote.provenance")
    assert "3 outlets" in page.locator("#story-h").inner_text()


def test_analyze_an_uploaded_file(watched, tmp_path):
    article = tmp_path / "rail.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    article.write_text(f"<html><head><title>Rail line</title></head><body><article>{paragraphs}"
                       "</article></body></html>", encoding="utf-8")
    w = watched()
    page = w.open("analyze")
    page.get_by_label("…or upload a file (.txt, .html, .json)").set_input_files(str(article))
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("#result-h")
    text = page.locator(".article-text").inner_text()
    assert "Ahsan Iqbal" in text and "<p>" not in text
    assert page.locator(".article-text a.hl.k-event").count() > 0


def test_relations_edge_opens_the_dyad_series_by_keyboard(watched):
    w = watched()
    page = w.open("relations", "Relations")
    edges = page.locator("svg.chart a.edge")
    assert edges.count() >= 10
    edges.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#series-h")
    assert page.locator("#series svg.chart rect.bar").count() > 0
    assert "–" in page.locator("#series-h").inner_text()


def test_keyboard_reaches_the_pages_with_a_visible_focus(watched):
    w = watched()
    page = w.open("overview")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(4):       # brand, Overview, Analyze, Events
        page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent,"
                            " getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["Events", "solid"]
    page.keyboard.press("Enter")
    page.wait_for_selector("table.events tbody tr")
    assert page.evaluate("document.activeElement.tagName") == "H1"
    # Every form control has a label.
    for route in PAGES:
        page = w.open(route)
        unlabelled = page.evaluate("""[...document.querySelectorAll('#view input, #view select, #view textarea')]
            .filter(e => !(e.labels && e.labels.length)).map(e => e.id || e.name)""")
        assert unlabelled == [], (route, unlabelled)


def test_phone_width_has_no_sideways_scroll(watched, shots):
    w = watched(width=390, height=844)
    for route in PAGES:
        page = w.open(route)
        assert page.evaluate("document.documentElement.scrollWidth") <= 391, route
    page = w.open("overview")
    page.screenshot(path=str(shots / "dashboard-phone.png"))
    assert page.locator("nav a").first.bounding_box()["width"] < 390


def test_payloads_in_untrusted_text_never_execute(watched, site):
    response = httpx.post(f"{site.url}/api/ingest", json=PAYLOAD_ARTICLE,
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code == 200 and response.json()["stored"] == 1
    document = httpx.get(f"{site.url}/api/documents/xss-probe").json()
    event_ids = [e["id"] for e in document["records"]["event"]]
    assert event_ids
    w = watched()
    routes = ["overview", "doc?id=xss-probe", "events?a=PAK&b=CHN", "people?contains=accept", "ledger",
              "relations?a=CHN&b=PAK"] + [f"event?id={i}" for i in event_ids]
    injected = ("#view script, #view img, #view iframe, #view b, [onerror], [onload], [onmouseover],"
                " a[href^='javascript:' i]")
    for route in routes:
        page = w.open(route)
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None, route
        assert "PWNED" not in page.title(), route
        assert page.locator(injected).count() == 0, route
    # The payloads are shown as text, exactly as written.
    page = w.open("doc?id=xss-probe")
    assert page.locator("#view h1").inner_text() == PAYLOAD_ARTICLE["title"]
    assert page.locator(".article-text").inner_text() == PAYLOAD_ARTICLE["text"]
    assert "Probe Times" in page.locator("#view .meta").first.inner_text()
    assert page.locator("#view a", has_text="original").count() == 0     # javascript: URL dropped
    # Every sentence of the probe carries markup; its event's provenance shows it as text.
    first = document["records"]["event"][0]
    assert "<" in first["sentence"]
    page = w.open(f"event?id={first['id']}")
    assert page.locator("blockquote.provenance").inner_text() == first["sentence"]
    page = w.open("people?contains=accept")
    assert "<img src=x onerror" in page.locator(".speakers").inner_text()
    # The same text pasted into Analyze.
    page = w.open("analyze")
    page.get_by_label("Paste the article text").fill(PAYLOAD_ARTICLE["text"])
    page.get_by_label("Title (optional)").fill(PAYLOAD_ARTICLE["title"])
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("#result-h")
    page.wait_for_timeout(200)
    assert page.locator(".article-text").inner_text() == PAYLOAD_ARTICLE["text"]
    assert page.evaluate("window.__pwned") is None
    assert "PWNED" not in page.title()
    assert page.locator(injected).count() == 0
    assert w.dialogs == []


CONTRAST = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || !el.offsetParent && el.tagName !== 'BODY') continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
  }
  return low;
}"""


def test_text_colours_have_enough_contrast(watched):
    w = watched()
    for route in [*PAGES, "events?a=PAK&b=TUR"]:
        page = w.open(route)
        assert page.evaluate(CONTRAST) == [], route
    page = w.open("analyze")
    page.get_by_label("Paste the article text").fill(ARTICLE)
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("#result-h")
    assert page.evaluate(CONTRAST) == []
