"""tightrope: news and analysis about international relations in, measured records out.

The Python API mirrors the CLI:

    import tightrope
    records = tightrope.extract("Pakistan and China signed a deal on Monday.")
    store = tightrope.Store("tightrope.duckdb")          # DuckDB file
    tightrope.analysis.balance(store, "PAK", between=("USA", "CHN"))   # pandas DataFrame

Heavy modules (spaCy, DuckDB, pandas) load on first use, so `import tightrope` stays cheap.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Article": ("tightrope.records", "Article"),
    "extract": ("tightrope.extract", "extract"),
    "Extractor": ("tightrope.extract", "Extractor"),
    "Store": ("tightrope.store", "Store"),
    "read": ("tightrope.sources", "read"),
    "analysis": ("tightrope.analysis", None),
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'tightrope' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)
