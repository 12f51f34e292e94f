"""Building `Article`s from what readers found: field checks and date normalisation."""
from __future__ import annotations

import datetime as dt
import time
from typing import Any

from tightrope.errors import SkippedItem
from tightrope.records import Article
from tightrope.sources.base import Report
from tightrope.sources.text import has_surrogates

# The contract's article fields; anything else in an input object is kept in `Article.extra`.
FIELDS = ("id", "url", "outlet", "published", "title", "text", "language")

# Two defaults that differ in every component: a field dateutil filled in from the default
# (because the string lacks it) shows up as a difference between the two parses.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2001, 2, 2)
# Unix timestamps between 1990 and 2100, in seconds.
_EPOCH_RANGE = (631_152_000, 4_102_444_800)


def parse_published(value: Any) -> tuple[str | None, str | None]:
    """(`YYYY-MM-DD`, None) for any date dateutil can read completely, or (None, why not).

    Times and zones are dropped without conversion: the day an article is dated is the day its
    outlet printed, not the day in UTC. A date without a day ("November 2025") is refused
    rather than pinned to an invented day. Numbers are read as Unix timestamps (seconds).
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, time.struct_time):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat(), None
        except ValueError:
            return None, f"invalid date {tuple(value)[:3]!r}"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, f"published is a {type(value).__name__}, not a date"
    if isinstance(value, (int, float)):
        if not _EPOCH_RANGE[0] <= value <= _EPOCH_RANGE[1]:
            return None, f"number {value!r} is not a plausible Unix timestamp"
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).date().isoformat(), None
    text = value.strip()[:100]
    try:
        return dt.date.fromisoformat(text[:10]).isoformat(), None
    except ValueError:
        pass
    from dateutil import parser

    try:
        first = parser.parse(text, default=_DEFAULT_A)
        second = parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None, f"unparseable date {value[:40]!r}"
    if first.date() != second.date():
        return None, f"incomplete date {value[:40]!r} (no day)"
    return first.date().isoformat(), None


def _optional_str(data: dict, key: str, item: str, report: Report | None) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        return str(value)
    if not isinstance(value, str):
        if report is not None:
            report.warn(item, f"'{key}' is a {type(value).__name__}, not a string; ignored")
        return None
    return value.strip() or None


def make_article(text: str, item: str, report: Report | None = None, *, published: Any = None,
                 **fields: Any) -> Article:
    """An Article from reader output; `published` is normalised (a warning if it cannot be)."""
    if not text.strip():
        raise SkippedItem(item, "empty", "no text")
    day, problem = parse_published(published)
    if problem and report is not None:
        report.warn(item, f"{problem}; published set to null")
    strings = [text] + [v for v in fields.values() if isinstance(v, str)]
    if any(has_surrogates(s) for s in strings):
        raise SkippedItem(item, "undecodable", "contains unpaired UTF-16 surrogates")
    extra = fields.pop("extra", None) or {}
    return Article(text=text, published=day, origin=item, extra=extra,
                   **{k: v for k, v in fields.items() if k in FIELDS})


def article_from_mapping(data: Any, item: str, report: Report | None = None) -> Article:
    """An Article from one JSON object of the contract's input form (only `text` is required).

    The text is kept exactly as given, since the records' offsets index it.
    """
    if not isinstance(data, dict):
        raise SkippedItem(item, "malformed-json",
                          f"expected a JSON object, found {_json_type(data)}")
    text = data.get("text")
    if text is None:
        raise SkippedItem(item, "empty", "no 'text' field")
    if not isinstance(text, str):
        raise SkippedItem(item, "malformed-json", f"'text' is {_json_type(text)}, not a string")
    if not text.strip():
        raise SkippedItem(item, "empty", "'text' is blank")
    fields = {key: _optional_str(data, key, item, report)
              for key in ("id", "url", "outlet", "title")}
    declared = _optional_str(data, "language", item, report)
    extra = {k: v for k, v in data.items() if k not in FIELDS}
    code = declared.replace("_", "-").split("-")[0].lower() if declared else ""
    if code.isalpha() and len(code) in (2, 3):  # "en", "en-GB", "eng"; names are ignored
        extra["declared_language"] = code
    return make_article(text, item, report, published=data.get("published"), extra=extra,
                        **{k: v for k, v in fields.items() if v is not None})


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
