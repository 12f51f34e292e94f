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
