"""Shared fixtures. Tests run against the real pipeline, real DuckDB files and real servers on
loopback; nothing here fakes a part that can run on this machine."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "seed-article.json"


@pytest.fixture(scope="session")
def nlp():
    from tightrope import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def extractor(nlp):
    from tightrope.extract import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture
def on_terminal():
    """Run a command with its stderr on a pseudo-terminal (stdin and stdout closed to it);
    returns its exit code and everything it drew there, for tests of progress displays."""
    import os
    import pty
    import subprocess

    def run(command: list[str], env: dict[str, str]) -> tuple[int, str]:
        leader, follower = pty.openpty()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=follower, env=env)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:             # the terminal closes when the process ends
                break
            if not chunk:
                break
            seen += chunk
        os.close(leader)
        return process.wait(timeout=300), seen.decode("utf-8", "replace")

    return run
