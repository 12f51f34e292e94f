"""Extraction step for `forecasts` records (see docs/records.md)."""
from __future__ import annotations

from collections.abc import Iterator

from tightrope.extract import DocContext


def extract(ctx: DocContext) -> Iterator[dict]:
    return iter(())
