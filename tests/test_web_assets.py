"""The dashboard's files as shipped: everything local (works offline, nothing from a CDN),
and no way for data to be parsed as HTML or code. The browser tests (test_web.py) check the
same promises in Chromium; these hold even where no browser is installed."""
from __future__ import annotations

import re
from pathlib import Path

from tightrope.api.app import static_dir

STATIC = static_dir()
FILES = sorted(p for p in STATIC.rglob("*") if p.is_file())


def test_the_dashboard_ships_its_pages_scripts_and_styles():
    names = {p.relative_to(STATIC).as_posix() for p in FILES}
    assert {"index.html", "app.css", "js/app.js", "js/dom.js", "js/charts.js"} <= names
    pages = {n.split("/")[-1] for n in names if n.startswith("js/pages/")}
    assert {"overview.js", "analyze.js", "events.js", "event.js", "relations.js", "people.js",
            "ledger.js"} <= pages


def test_nothing_is_loaded_from_elsewhere():
    external = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""",
                          re.IGNORECASE)
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert not external.search(text), path
        assert "fonts.googleapis" not in text and "cdn" not in text.lower(), path


def test_scripts_never_turn_data_into_html_or_code():
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
                       r"setTimeout\(\s*['\"]")
    for path in STATIC.rglob("*.js"):
        assert not sinks.search(path.read_text(encoding="utf-8")), path


def test_every_module_import_resolves_to_a_shipped_file():
    imports = re.compile(r"""from\s+["'](\.{1,2}/[^"']+)["']""")
    for path in STATIC.rglob("*.js"):
        for target in imports.findall(path.read_text(encoding="utf-8")):
            assert (path.parent / target).resolve().is_file(), (path, target)
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    for target in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", index):
        assert (STATIC / target).is_file(), target
