"""Checking query parameters before they reach the store: every value that is wrong for a
reason the caller can fix becomes a 400 with a message naming the parameter.

The store's own checks (tightrope.store.query) stay the authority on what a filter means;
this module only adds what an HTTP caller needs on top: an opaque cursor, strict country
codes (a typo must not silently match nothing), and closed value sets for `type`.
"""
from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import functools
import json
from typing import Any

from tightrope.records import FACTUALITY, PLOVER_TYPES


class BadParameter(Exception):
    """A request parameter the caller must fix (answered with 400)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


FLAG_TYPES = ("implausible_year", "office_mismatch", "inconsistent_quantity", "share_over_100")
MENTION_KINDS = ("state", "capital", "institution", "organisation", "person", "demonym",
                 "pronoun", "title")
MAX_LIMIT = 500
MAX_TEXT = 200      # longest free-text filter value (outlet, doc, contains, holder)


@functools.lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, IGO, and the codes our gazetteer adds (such as XKX)."""
    import pycountry

    from tightrope.knowledge import path

    codes = {c.alpha_3 for c in pycountry.countries} | {"IGO"}
    with path("actors/states.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        codes |= {row["country"].strip().upper() for row in rows if row.get("country")}
    return frozenset(codes)


def country(value: str | None, name: str = "country") -> str | None:
    """An ISO3 code (or IGO); names are not accepted here: the API speaks codes only."""
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha() or code not in known_countries():
        raise BadParameter(name, f"{value!r} is not an ISO 3166-1 alpha-3 country code"
                                 " (such as PAK, USA, CHN) or IGO")
    return code


def dyad(value: str | None) -> tuple[str, str] | None:
    """'USA,CHN' (or 'USA-CHN') -> ('USA', 'CHN')."""
    if value is None or value == "":
        return None
    parts = [p for p in value.replace("-", ",").split(",") if p.strip()]
    if len(parts) != 2:
        raise BadParameter("dyad", f"{value!r} is not two country codes such as USA,CHN")
    a, b = (country(p, "dyad") for p in parts)
    if a == b:
        raise BadParameter("dyad", "a dyad needs two different countries")
    return a, b


def one_of(value: str | None, allowed: tuple[str, ...], name: str,
           upper: bool = False) -> str | None:
    if value is None or value == "":
        return None
    cleaned = value.strip().upper() if upper else value.strip().lower()
    if cleaned not in allowed:
        raise BadParameter(name, f"{value!r} is not one of {', '.join(allowed)}")
    return cleaned


def event_type(value: str | None) -> str | None:
    return one_of(value, PLOVER_TYPES, "type", upper=True)


def factuality(value: str | None) -> str | None:
    return one_of(value, FACTUALITY, "factuality")


def date(value: str | None, name: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, checked here so the message names the parameter."""
    if value is None or value == "":
        return None
    from tightrope.store.query import QueryError, date_bound

    try:
        date_bound(value, end=False)
    except QueryError:
        raise BadParameter(name, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value.strip()


def day(value: str | None, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a day (YYYY-MM-DD)") from None


def text(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > MAX_TEXT:
        raise BadParameter(name, f"longer than {MAX_TEXT} characters")
    return value


def limit(value: int | None, default: int = 50) -> int:
    if value is None:
        return default
    if value < 1 or value > MAX_LIMIT:
        raise BadParameter("limit", f"must be between 1 and {MAX_LIMIT}")
    return value


# -- cursors --------------------------------------------------------------------------------
# A cursor is opaque to callers: base64url of a small JSON object naming the listing it
# belongs to and where to continue. Binding it to the listing turns a cursor pasted into the
# wrong endpoint into a clear 400 instead of a page of something else.

def make_cursor(listing: str, position: Any) -> str:
    raw = json.dumps({"l": listing, "p": position}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def read_cursor(value: str | None, listing: str) -> Any:
    """The position stored in a cursor made by `make_cursor` for the same listing."""
    if value is None or value == "":
        return None
    if len(value) > 1024:
        raise BadParameter("cursor", "too long")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadParameter("cursor", "not a cursor returned by this API"
                                     " (use `next` as given)") from None
    if not isinstance(data, dict) or data.get("l") != listing or "p" not in data:
        raise BadParameter("cursor", f"not a cursor of this listing ({listing})")
    return data["p"]
