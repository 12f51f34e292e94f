"""Errors that name an item and a reason, so a batch can report them one line each and go on."""
from __future__ import annotations


class TightropeError(Exception):
    """Base class for errors meant for the user (printed without a traceback)."""


class ModelError(TightropeError):
    """The spaCy pipeline is missing or is not the one tightrope was built and measured with."""


class SkippedItem(TightropeError):
    """An input item that could not be read. `reason` is a short stable code used in summaries."""

    def __init__(self, item: str, reason: str, detail: str) -> None:
        super().__init__(f"{item}: skipped ({reason}): {detail}")
        self.item = item
        self.reason = reason
        self.detail = detail
