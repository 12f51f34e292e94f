"""Analyses over the store: story events, dyads, the balance index, the forecast ledger.

Every function takes a `tightrope.store.Store` or the path of a DuckDB file and returns a
pandas DataFrame (the CLI prints the same frames; the HTTP API serves them):

    import tightrope.analysis as ta
    ta.dyad("tightrope.duckdb", "USA", "CHN", period="month")
    ta.balance(store, "PAK", "USA", "CHN", period="month", since="2025", until="2025")
    ta.ledger(store)                        # forecasts with status and evidence counts
    ta.corroborate(store)                   # update story events (analyses do it themselves)

By default the analyses count story events (one per real-world event, however many outlets
reported it); `mentions=True` counts raw event mentions instead.
"""
from __future__ import annotations

from tightrope.analysis.balance import balance, balance_channels, total as balance_total
from tightrope.analysis.corroboration import corroborate
from tightrope.analysis.dyads import dyad, dyad_channels, strongest
from tightrope.analysis.ledger import evidence, ledger, resolve, track_record
from tightrope.analysis.report import overview
from tightrope.analysis.units import AnalysisError

__all__ = ["AnalysisError", "balance", "balance_channels", "balance_total", "corroborate",
           "dyad", "dyad_channels", "evidence", "ledger", "overview", "resolve", "strongest",
           "track_record"]
