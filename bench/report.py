"""Writing benchmark results into docs/performance.md, one section per benchmark.

Each benchmark replaces only its own `## <title>` section (up to the next `## `), so the
suite can be run piecemeal and the page keeps the latest figure of every benchmark.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "performance.md"


def machine() -> str:
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:  # pragma: no cover - psutil is a dependency
        memory = "?"
    return f"{platform.machine()}, {os.cpu_count()} cores, {memory}, Python {platform.python_version()}"


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return out + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def stamp() -> str:
    return f"_Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}, commit {commit()}._"


def write_section(title: str, body: str) -> None:
    text = PAGE.read_text(encoding="utf-8") if PAGE.exists() else "# Performance\n"
    heading = f"## {title}"
    section = f"{heading}\n\n{stamp()}\n\n{body.strip()}\n\n"
    if heading in text:
        start = text.index(heading)
        following = text.find("\n## ", start + len(heading))
        end = len(text) if following < 0 else following + 1
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PAGE.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
