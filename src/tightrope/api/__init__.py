"""The HTTP API and the dashboard it serves (`tightrope serve`; docs/api.md).

    from tightrope.api import create_app
    app = create_app("tightrope.duckdb")     # then run it with uvicorn
"""
from __future__ import annotations

from tightrope.api.app import create_app

__all__ = ["create_app"]
