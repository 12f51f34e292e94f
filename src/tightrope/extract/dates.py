"""Temporal expressions: find them in a sentence and resolve them against the publication date.

The shared API (docs: /work/team/DATES_API.md) is `find_times(span, published)` and
`resolve(text, published)`, both giving `TimeExpr` values. The method follows the
TimeML/TIMEX3 tradition of rule-based normalisation (HeidelTime, Strötgen & Gertz 2010;
SUTime, Chang & Manning 2012): explicit expressions are read directly, relative ones ("last
month", "on Monday", "in March") are anchored on the document creation time — here the
article's publication date — and the tense of the governing clause decides the direction
when the words alone do not.

Order of work, for speed: a fixed list of precompiled regular expressions covers the common
forms; spaCy's DATE entities that none of them covers are tried with the same rules and only
then with `dateparser` (slow, so never on plain tokens).

Resolution rules (each documented here is tested in tests/test_dates.py):

* Precision is the finest calendar unit that contains the whole interval the words mean:
  "October 30, 2025" -> day; "August 2021", "last month", "in March" -> month; "this year",
  "late 2024", "in 2026" -> year. An interval that crosses a year boundary ("2018-2020",
  "over the next five years") has `value` None but keeps `start`/`end`.
* Parts of a year: early = January-April, mid = May-August, late = September-December,
  end of = December, beginning/start of = January; first half = January-June, second half =
  July-December. Parts of a month: early = days 1-10, mid = 11-20, late / end of = 21-last.
* A month with no year ("in March") is the most recent such month at or before the
  publication month; in a future clause ("will visit in March", "plans to ... in March") it is
  the next one at or after it. A day and month with no year ("on October 30") likewise: the
  most recent such day at or before publication, or in a future clause the next one at or
  after it. A weekday ("on Monday") is the most recent such day at or before publication, or
  in a future clause the next one strictly after it; "last Monday" is strictly before, "next
  Monday" strictly after.
* "last/this/next week|month|year|quarter" are the calendar unit before/containing/after the
  one holding the publication date (weeks run Monday-Sunday).
* Windows (relation "window"): "in 6 to 12 months" = published + 6 months .. published + 12
  months; "in six months" = the single day published + 6 months, reported at month precision;
  "within a year", "over the next five years" = published .. published + N units; "over the
  past two years" = published - 2 years .. published.
* "by X", "before X", "until X", "no later than X" (relation "by"): `end` is the last day of
  X (for "before X" the day before X begins), `start` the publication date when that is not
  after `end`; value/precision are those of X. "since X" (relation "since"): X's start ..
  publication date.
* Ranges "2018-2020", "between 2018 and 2020", "from 2018 to 2020" (relation "range").
* Adjectival "pre-2025"/"post-2020" do not date anything and are not returned.
* Years outside 1800-2099 and digit strings like "20180" never resolve.
* Without a publication date, relative expressions and a day or month without a year stay
  unresolved (value None), as the record contract requires.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from spacy.tokens import Span, Token

__all__ = ["TimeExpr", "find_times", "resolve", "is_future_clause"]


@dataclass(frozen=True)
class TimeExpr:
    start_char: int
    end_char: int
    text: str
    value: str | None          # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None (unresolved)
    precision: str | None      # "day" | "month" | "year" | None
    start: dt.date | None      # first day the expression can mean
    end: dt.date | None        # last day it can mean (for windows and "by": the deadline)
    relation: str              # "at" | "by" | "since" | "window" | "range"
    future: bool               # points after the publication date


# --------------------------------------------------------------------------- vocabulary

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "a couple of": 2, "a few": 3, "several": 3,
           "half a": None}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade", "quarter": "quarter", "quarters": "quarter"}

# Verbs whose complement clause is about the future ("plans to visit in March").
FUTURE_HEADS = frozenset({"plan", "expect", "schedule", "intend", "aim", "hope", "seek",
                          "prepare", "want", "propose", "promise", "pledge", "vow", "forecast",
                          "foresee", "predict", "anticipate", "project"})
# "would" counts: in news it is mostly the future of reported speech ("Trump said India
# would pay the tariff from August 1"), and for dating, a hypothetical is future too.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "gon", "would", "'d"})

_MONTH_FULL = ("January|February|March|April|May|June|July|August|September|October|"
               "November|December")
_MONTH_ANY = _MONTH_FULL + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH = rf"(?P<month>(?:{_MONTH_ANY})\.?)"
_MONTH_NAME = rf"(?P<month>{_MONTH_FULL})"
_ORDINAL_DAYS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth "
    "twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split())}
_DAY = (r"(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?|(?P<ordday>"
        + "|".join(sorted(_ORDINAL_DAYS, key=len, reverse=True)) + "))")
_YEAR = (r"(?<![\d$£€¥.,/])(?P<year>1[89]\d\d|20\d\d)(?![\d%]|,\d|\.\d|/\d)"
         r"(?!\s*(?:million|billion|trillion|bn|mn|crore|lakh|per\s*cent|percent|pc)\b)")
_NUM = (r"(?P<n>\d{1,3}|a couple of|a few|several|an|a|one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
        r"nineteen|twenty|thirty|forty|fifty|sixty)")
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?|quarters?)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_REL = (r"(?:(?P<rel>by|before|until|till|since|after|from|on|in|during|through|"
        r"no later than|not later than|as early as|as late as|as of|starting|ending)\s+)?")
_PART = (r"(?:(?:the\s+)?(?P<part>early|mid|late|end of|beginning of|start of|middle of|"
         r"first half of|second half of|first quarter of|second quarter of|third quarter of|"
         r"fourth quarter of)[\s-]+)?")
_PREFIX = r"\b" + _REL + r"(?:the\s+)?" + _PART

_B = r"(?![\w-])"   # end of word, but "2025-level" is not a date boundary


# --------------------------------------------------------------------------- calendar helpers

def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _week_span(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _plausible(year: int) -> bool:
    return 1800 <= year <= 2099


def _value_of(start: dt.date | None, end: dt.date | None) -> tuple[str | None, str | None]:
    """The finest calendar unit (day, month, year) that contains the whole interval."""
    if start is None or end is None:
        return None, None
    if start == end:
        return start.isoformat(), "day"
    if start.year != end.year:
        return None, None
    if start.month == end.month:
        return f"{start.year:04d}-{start.month:02d}", "month"
    return f"{start.year:04d}", "year"


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    text = " ".join(text.lower().split())
    if text.isdigit():
        return int(text)
    return NUMBERS.get(text)


def _shift(day: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    if unit == "month":
        return day + relativedelta(months=n)
    if unit == "quarter":
        return day + relativedelta(months=3 * n)
    if unit == "decade":
        return day + relativedelta(years=10 * n)
    return day + relativedelta(years=n)


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".").lower())


# --------------------------------------------------------------------------- resolution state

@dataclass
class _Found:
    """What a rule read from the words, before the relation word is applied."""

    start: dt.date | None
    end: dt.date | None
    relation: str = "at"
    future: bool | None = None          # None: decide from the dates
    value: str | None = None            # set when the rule knows better than the interval
    precision: str | None = None
    resolved: bool = True
    ignore: bool = False                # words that look like a date but date nothing


class _Context:
    """The publication date and a lazily computed 'is this clause about the future?'."""

    def __init__(self, published: dt.date | None, future_clause: Callable[[], bool] | bool | None):
        self.published = published
        self._future_clause = future_clause
        self._cached: bool | None = None

    @property
    def future_clause(self) -> bool:
        if self._cached is None:
            f = self._future_clause
            self._cached = bool(f()) if callable(f) else bool(f)
        return self._cached


_UNRESOLVED = _Found(None, None, resolved=False)


def _apply_part(part: str | None, start: dt.date, end: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """Narrow a year or month to its early / mid / late / end / first-half ... part."""
    if not part:
        return start, end
    part = " ".join(part.lower().split())
    if unit == "year":
        y = start.year
        months = {"early": (1, 4), "mid": (5, 8), "middle of": (5, 8), "late": (9, 12),
                  "end of": (12, 12), "beginning of": (1, 1), "start of": (1, 1),
                  "first half of": (1, 6), "second half of": (7, 12),
                  "first quarter of": (1, 3), "second quarter of": (4, 6),
                  "third quarter of": (7, 9), "fourth quarter of": (10, 12)}.get(part)
        if months is None:
            return start, end
        return dt.date(y, months[0], 1), dt.date(y, months[1], _last_day(y, months[1]))
    if unit == "month":
        y, m, last = start.year, start.month, _last_day(start.year, start.month)
        days = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10),
                "mid": (11, 20), "middle of": (11, 20), "late": (21, last),
                "end of": (21, last), "first half of": (1, 15),
                "second half of": (16, last)}.get(part)
        if days is None:
            return start, end
        return dt.date(y, m, days[0]), dt.date(y, m, days[1])
    return start, end


# Each rule: regex over the text -> function(match, context) -> _Found.

def _calendar_day(year: int, month: int, day: int) -> _Found:
    """One exact day, or unresolved when the year is implausible or the day does not exist."""
    if not _plausible(year):
        return _UNRESOLVED
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return _UNRESOLVED
    return _Found(d, d)


def _iso(m: re.Match, ctx: _Context) -> _Found:
    return _calendar_day(int(m["y"]), int(m["mo"]), int(m["d"]))


def _numeric(m: re.Match, ctx: _Context) -> _Found:
    """2025/10/30 (year first), 30/10/2025 (day first when the first number cannot be a month),
    10/30/2025 (month first when the second cannot be); 05/06/2025 is ambiguous: unresolved."""
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    if len(m["a"]) == 4:
        year, month, day = a, b, c
    elif len(m["c"]) == 4:
        year = c
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        elif a == b:
            month = day = a
        else:
            return _UNRESOLVED
    else:
        return _Found(None, None, ignore=True)
    return _calendar_day(year, month, day)


def _day_in_year(month: int, day: int, year: int | None, ctx: _Context) -> _Found:
    if year is not None:
        return _calendar_day(year, month, day)
    pub = ctx.published
    if pub is None:
        return _UNRESOLVED
    if month == 2 and day == 29:
        return _UNRESOLVED if not calendar.isleap(pub.year) else _day_in_year(2, 29, pub.year, ctx)
    if not 1 <= day <= _last_day(2001, month):
        return _UNRESOLVED
    this_year = dt.date(pub.year, month, day)
    if ctx.future_clause:
        d = this_year if this_year >= pub else dt.date(pub.year + 1, month, day)
    else:
        d = this_year if this_year <= pub else dt.date(pub.year - 1, month, day)
    return _Found(d, d)


def _month_day(m: re.Match, ctx: _Context) -> _Found:
    month = _month_number(m["month"])
    year = int(m["year"]) if m["year"] else None
    if month is None or not m["month"][0].isupper():
        return _Found(None, None, ignore=True)
    day = int(m["day"]) if m["day"] else _ORDINAL_DAYS[m["ordday"].lower()]
    return _day_in_year(month, day, year, ctx)


def _month_year(m: re.Match, ctx: _Context) -> _Found:
    month = _month_number(m["month"])
    if month is None or not m["month"][0].isupper():
        return _Found(None, None, ignore=True)
    start, end = _month_span(int(m["year"]), month)
    start, end = _apply_part(m["part"], start, end, "month")
    return _Found(start, end, value=f"{int(m['year']):04d}-{month:02d}", precision="month")


def _month_alone(m: re.Match, ctx: _Context) -> _Found:
    word = m["month"]
    if not word[0].isupper():
        return _Found(None, None, ignore=True)
    # "May" alone is too often the modal verb; accept it only after a preposition/part word.
    if word == "May" and not (m["rel"] or m["part"]) and not m.group(0).lower().startswith(("last", "next", "this")):
        return _Found(None, None, ignore=True)
    month = _month_number(word)
    pub = ctx.published
    lead = (m["lead"] or "").lower()
    if pub is None or month is None:
        return _UNRESOLVED
    if lead == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif lead == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif lead == "this":
        year = pub.year
    elif ctx.future_clause:
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    start, end = _month_span(year, month)
    start, end = _apply_part(m["part"], start, end, "month")
    return _Found(start, end, value=f"{year:04d}-{month:02d}", precision="month")


def _year(m: re.Match, ctx: _Context) -> _Found:
    y = int(m["year"])
    if not _plausible(y):
        return _UNRESOLVED
    start, end = _apply_part(m["part"], *_year_span(y), "year")
    return _Found(start, end, value=f"{y:04d}", precision="year")


def _quarter(m: re.Match, ctx: _Context) -> _Found:
    q = int(m["q"])
    y = int(m["year"])
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y, 3 * q, _last_day(y, 3 * q))
    return _Found(start, end, value=f"{y:04d}", precision="year")


def _year_range(m: re.Match, ctx: _Context) -> _Found:
    a = int(m["a"])
    b_text = m["b"]
    b = int(b_text) if len(b_text) == 4 else (a // 100) * 100 + int(b_text)
    if not (_plausible(a) and _plausible(b)) or b <= a:
        return _Found(None, None, ignore=True) if b <= a else _UNRESOLVED
    found = _Found(dt.date(a, 1, 1), dt.date(b, 12, 31), relation="range")
    return found


def _decade(m: re.Match, ctx: _Context) -> _Found:
    y = int(m["decade"])
    if not _plausible(y):
        return _UNRESOLVED
    return _Found(dt.date(y, 1, 1), dt.date(y + 9, 12, 31))


def _adjectival(m: re.Match, ctx: _Context) -> _Found:
    return _Found(None, None, ignore=True)


def _implausible(m: re.Match, ctx: _Context) -> _Found:
    return _Found(None, None, ignore=True)


def _day_word(m: re.Match, ctx: _Context) -> _Found:
    pub = ctx.published
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[" ".join(m["word"].lower().split())]
    if pub is None:
        return _Found(None, None, resolved=False, future=offset > 0)
    d = pub + dt.timedelta(days=offset)
    return _Found(d, d, future=offset > 0)


def _weekday(m: re.Match, ctx: _Context) -> _Found:
    pub = ctx.published
    if pub is None:
        return _UNRESOLVED
    target = WEEKDAYS[m["weekday"].lower()]
    lead = (m["lead"] or "").lower()
    back = (pub.weekday() - target) % 7          # days since the most recent such day (0 = today)
    ahead = (target - pub.weekday()) % 7 or 7    # days to the next such day, strictly after
    if lead in ("last", "past", "previous"):
        d = pub - dt.timedelta(days=back or 7)
    elif lead in ("next", "coming"):
        d = pub + dt.timedelta(days=ahead)
    elif ctx.future_clause:
        d = pub + dt.timedelta(days=ahead)
    else:
        d = pub - dt.timedelta(days=back)
    return _Found(d, d, future=d > pub)


def _relative_unit(m: re.Match, ctx: _Context) -> _Found:
    """last/this/next/earlier this/later this + week|month|year|quarter|weekend."""
    pub = ctx.published
    lead = " ".join(m["lead"].lower().split())
    unit = m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
            "coming": 1, "earlier this": 0, "later this": 0}[lead]
    if pub is None:
        return _Found(None, None, resolved=False, future=step > 0 or lead == "later this")
    if unit == "weekend":
        saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        if step < 0 or (step == 0 and not ctx.future_clause and saturday > pub):
            saturday -= dt.timedelta(days=7)
        elif step > 0 and saturday == pub:
            saturday += dt.timedelta(days=7)
        start, end = saturday, saturday + dt.timedelta(days=1)
    elif unit == "week":
        start, end = _week_span(pub + dt.timedelta(weeks=step))
    elif unit == "month":
        anchor = pub + relativedelta(months=step)
        start, end = _month_span(anchor.year, anchor.month)
    elif unit == "quarter":
        anchor = pub + relativedelta(months=3 * step)
        q0 = (anchor.month - 1) // 3 * 3 + 1
        start, end = dt.date(anchor.year, q0, 1), dt.date(anchor.year, q0 + 2, _last_day(anchor.year, q0 + 2))
    else:
        start, end = _year_span(pub.year + step)
    if unit in ("year", "month") and m["part"]:
        start, end = _apply_part(m["part"], start, end, unit)     # "late last year"
    value, precision = _value_of(start, end)
    if unit == "year":
        value, precision = f"{start.year:04d}", "year"
    if lead == "earlier this":
        end = min(end, pub)
    elif lead == "later this":
        start = max(start, pub + dt.timedelta(days=1))
    future = step > 0 or lead == "later this"
    if step == 0 and lead not in ("earlier this", "later this") and ctx.future_clause:
        future = True
    return _Found(start, end, future=future, value=value, precision=precision)


def _ago(m: re.Match, ctx: _Context) -> _Found:
    pub = ctx.published
    n = _number(m["n"])
    if pub is None or n is None:
        return _UNRESOLVED
    unit = UNITS[m["unit"].lower()]
    anchor = _shift(pub, unit, -n)
    if unit == "day":
        start = end = anchor
    elif unit == "week":
        start, end = _week_span(anchor)
    elif unit in ("month", "quarter"):
        start, end = _month_span(anchor.year, anchor.month)
    else:
        start, end = _year_span(anchor.year)
    return _Found(start, end, future=False)


def _window_range(m: re.Match, ctx: _Context) -> _Found:
    """in 6 to 12 months / within 2-3 years: published + a .. published + b."""
    pub = ctx.published
    a, b = _number(m["a"]), _number(m["b"])
    if pub is None or a is None or b is None or b < a:
        return _Found(None, None, relation="window", future=True, resolved=False)
    unit = UNITS[m["unit"].lower()]
    return _Found(_shift(pub, unit, a), _shift(pub, unit, b), relation="window", future=True)


def _window_in(m: re.Match, ctx: _Context) -> _Found:
    """in six months / in two years' time: one point, reported at the unit's precision."""
    pub = ctx.published
    n = _number(m["n"])
    if pub is None or n is None:
        return _Found(None, None, relation="window", future=True, resolved=False)
    unit = UNITS[m["unit"].lower()]
    point = _shift(pub, unit, n)
    if unit in ("day", "week"):
        value, precision = point.isoformat(), "day"
    elif unit in ("month", "quarter"):
        value, precision = f"{point.year:04d}-{point.month:02d}", "month"
    else:
        value, precision = f"{point.year:04d}", "year"
    return _Found(point, point, relation="window", future=True, value=value, precision=precision)


def _window_next(m: re.Match, ctx: _Context) -> _Found:
    """within a year / over the next five years / in the coming months: published .. +N."""
    pub = ctx.published
    n = _number(m["n"]) if m["n"] else 1
    unit = UNITS[m["unit"].lower()]
    vague = m["n"] is None and m["unit"].lower().endswith("s")   # "in the coming months"
    if pub is None:
        return _Found(None, None, relation="window", future=True, resolved=False)
    if vague or n is None:
        return _Found(pub, None, relation="window", future=True, resolved=False)
    return _Found(pub, _shift(pub, unit, n), relation="window", future=True)


def _window_past(m: re.Match, ctx: _Context) -> _Found:
    """over the past two years / in the last six months: published - N .. published."""
    pub = ctx.published
    n = _number(m["n"]) if m["n"] else 1
    unit = UNITS[m["unit"].lower()]
    vague = m["n"] is None and m["unit"].lower().endswith("s")   # "in recent years"
    if pub is None or vague or n is None:
        return _Found(None, pub, relation="window", future=False, resolved=False)
    return _Found(_shift(pub, unit, -n), pub, relation="window", future=False)


def _part_of_unit(m: re.Match, ctx: _Context) -> _Found:
    """the end of the year / the start of next month."""
    pub = ctx.published
    if pub is None:
        return _UNRESOLVED
    step = {"the": 0, "this": 0, "next": 1, "last": -1}[m["which"].lower()]
    if m["unit"].lower() == "year":
        start, end = _year_span(pub.year + step)
        unit = "year"
    else:
        anchor = pub + relativedelta(months=step)
        start, end = _month_span(anchor.year, anchor.month)
        unit = "month"
    start, end = _apply_part(m["part"], start, end, unit)
    return _Found(start, end)


def _compile(core: str, prefix: bool = True) -> re.Pattern:
    return re.compile((_PREFIX if prefix else r"\b") + core + _B, re.IGNORECASE)


# Order matters only for ties: overlapping matches are settled longest-first.
RULES: list[tuple[re.Pattern, Callable[[re.Match, _Context], _Found]]] = [
    (re.compile(r"(?<![\w-])(?:pre|post|mid-to-late|circa)-?\s?(?:1[89]|20)\d\d(?!\d)(?:s)?(?:-(?:level|era|style)s?)?",
                re.IGNORECASE), _adjectival),
    (re.compile(r"(?<![\d.,])\d{5,}(?![\d])"), _implausible),
    (_compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"), _iso),
    (re.compile(r"(?<![\d/.])(?P<a>\d{1,4})/(?P<b>\d{1,2})/(?P<c>\d{4}|\d{1,2})(?![\d/])"), _numeric),
    (_compile(rf"{_MONTH}\s+{_DAY}(?:(?:,\s*|\s+){_YEAR})?"), _month_day),
    (_compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"), _month_day),
    (_compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}"), _month_year),
    (_compile(rf"(?:(?P<lead>last|next|this)\s+)?{_MONTH_NAME}"), _month_alone),
    (_compile(rf"(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter\s+of)\s*,?\s*{_YEAR}"),
     lambda m, ctx: _quarter(m, ctx) if m["q"] else _quarter_word(m, ctx)),
    (re.compile(rf"\b(?:between|from)\s+(?P<a>1[89]\d\d|20\d\d)\s+(?:and|to|until|till|through)\s+(?P<b>1[89]\d\d|20\d\d)(?!\d)",
                re.IGNORECASE), _year_range),
    (re.compile(r"(?<![\w$./-])(?P<a>1[89]\d\d|20\d\d)\s*[-\u2013\u2014/]\s*(?P<b>1[89]\d\d|20\d\d|\d\d)(?![\d/-])"),
     _year_range),
    (_compile(r"(?P<decade>(?:1[89]|20)\d0)'?s"), _decade),
    (_compile(_YEAR), _year),
    (re.compile(r"\b(?P<word>the day before yesterday|the day after tomorrow|yesterday|today|tonight|tomorrow)\b",
                re.IGNORECASE), _day_word),
    (re.compile(rf"\b(?:on\s+)?(?:(?P<lead>last|next|this|coming|past|previous)\s+)?{_WEEKDAY}\b"), _weekday),
    (re.compile(r"\b(?:(?P<part>early|mid|late)[\s-]+)?"
                r"(?P<lead>last|past|previous|this|current|next|coming|earlier this|later this)\s+"
                r"(?P<unit>week|month|year|quarter|weekend)\b", re.IGNORECASE), _relative_unit),
    (re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.IGNORECASE), _ago),
    (re.compile(r"\b(?:in|within|over|during)\s+(?:the\s+next\s+)?(?P<a>\d{1,3}|one|two|three|four|five|six|"
                r"seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty)\s*(?:to|-|\u2013|or)\s*"
                rf"(?P<b>\d{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                rf"eighteen|twenty|twenty-four|thirty|forty|fifty|sixty)\s+{_UNIT}(?:'s?\s+time)?\b",
                re.IGNORECASE), _window_range),
    (re.compile(rf"\bin\s+{_NUM}\s+{_UNIT}(?:'s?\s+time)?\b(?!\s+(?:ago|of|in|to)\b)", re.IGNORECASE), _window_in),
    (re.compile(rf"\b(?:within|over|in|during|for)\s+(?:the\s+)?(?:next|coming|following)\s+(?:{_NUM}\s+)?{_UNIT}\b",
                re.IGNORECASE), _window_next),
    (re.compile(rf"\b(?:within|in\s+less\s+than|in\s+under)\s+{_NUM}\s+{_UNIT}\b", re.IGNORECASE), _window_next),
    (re.compile(rf"\b(?:over|in|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:{_NUM}\s+)?{_UNIT}\b",
                re.IGNORECASE), _window_past),
    (re.compile(rf"\bthe\s+(?:past|last|previous)\s+{_NUM}\s+{_UNIT}\b", re.IGNORECASE), _window_past),
    (re.compile(r"\b" + _REL + r"the\s+(?P<part>end of|beginning of|start of|middle of|first half of|second half of)\s+"
                r"(?P<which>the|this|next|last)\s+(?P<unit>year|month)\b", re.IGNORECASE), _part_of_unit),
]


# The anchor words each rule needs (same order as RULES): a rule runs only on texts that hold
# all of them, so most sentences are settled by one pass of `_ANCHORS`.
RULE_NEEDS: list[frozenset[str]] = [frozenset(k) for k in (
    ('digit',),
    ('digit',),
    ('digit',),
    ('digit',),
    ('month',),
    ('month',),
    ('month', 'digit'),
    ('month',),
    ('digit',),
    ('digit',),
    ('digit',),
    ('digit',),
    ('digit',),
    ('dayword',),
    ('weekday',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
    ('unit',),
)]
assert len(RULE_NEEDS) == len(RULES)

_ANCHORS = re.compile(
    rf"(?P<digit>\d)|(?P<month>\b(?:{_MONTH_ANY})\b)"
    r"|(?P<weekday>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"|(?P<dayword>\b(?i:yesterday|today|tonight|tomorrow)\b)"
    r"|(?P<unit>\b(?i:days?|weeks?|weekends?|months?|years?|decades?|quarters?)\b)")


def _quarter_word(m: re.Match, ctx: _Context) -> _Found:
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m["qw"].lower()]
    y = int(m["year"])
    return _Found(dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _last_day(y, 3 * q)),
                  value=f"{y:04d}", precision="year")


_BY_WORDS = frozenset({"by", "before", "until", "till", "no later than", "not later than", "as late as"})
_SINCE_WORDS = frozenset({"since", "after", "starting", "as of"})


def _finish(found: _Found, match_text: str, rel_word: str | None, start_char: int, end_char: int,
            published: dt.date | None) -> TimeExpr:
    """Apply the relation word and compute value, precision and `future`."""
    start, end, relation = found.start, found.end, found.relation
    value, precision = found.value, found.precision
    if value is None and precision is None and found.resolved:
        value, precision = _value_of(start, end)
    rel = " ".join(rel_word.lower().split()) if rel_word else None
    if found.resolved and relation == "at" and rel in _BY_WORDS:
        relation = "by"
        if rel == "before" and start is not None:
            end = start - dt.timedelta(days=1)
        start = published if published is not None and end is not None and published <= end else None
    elif found.resolved and relation == "at" and rel in _SINCE_WORDS:
        relation = "since"
        if rel == "after" and end is not None:
            start = end + dt.timedelta(days=1)
        end = published if published is not None and start is not None and published >= start else None
    if not found.resolved:
        value, precision = None, None
    if found.future is not None:
        future = found.future
    elif published is not None:
        future = (start is not None and start > published) or (
            relation in ("by", "window") and end is not None and end > published)
    else:
        future = False
    return TimeExpr(start_char, end_char, match_text, value, precision,
                    start if found.resolved or relation == "window" else None,
                    end if found.resolved or relation == "window" else None,
                    relation, bool(future))


def _scan(text: str, published: dt.date | None,
          future_at: Callable[[int], Callable[[], bool] | bool]) -> list[tuple[int, int, _Found, re.Match]]:
    """All rule matches in `text`, overlaps settled by keeping the longest (then earliest).
    `future_at(offset)` tells (lazily) whether the clause at that offset is about the future;
    only rules that need it (a month or weekday alone) ask."""
    present = {m.lastgroup for m in _ANCHORS.finditer(text)}
    if not present:
        return []
    candidates: list[tuple[int, int, int, Callable, re.Match]] = []
    for order, (pattern, rule) in enumerate(RULES):
        if not RULE_NEEDS[order] <= present:
            continue
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), m.end(), order, rule, m))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, _Found, re.Match]] = []
    for s, e, _, rule, m in candidates:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        found = rule(m, _Context(published, future_at(s)))
        chosen.append((s, e, found, m))
    chosen.sort(key=lambda c: c[0])
    return chosen


# --------------------------------------------------------------------------- dateparser fallback

_VAGUE = re.compile(r"^(?:the\s+)?(?:recent|past|coming|next|last|previous|few|several|many|some|"
                    r"decades?|years?|months?|weeks?|days?|time|times|era|period|now|currently|"
                    r"recently|annual|annually|daily|weekly|monthly|yearly|quarterly|age|ages|"
                    r"the same day|that day|this time)(?:\s|$)", re.IGNORECASE)
_HAS_CALENDAR_WORD = re.compile(rf"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\b(?:{_MONTH_ANY}|Monday|Tuesday|"
                                r"Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_LONG_NUMBER = re.compile(r"\d{5,}")
_MONEY = re.compile(r"[$£€¥%]|\b(?:million|billion|trillion|bn|mn|percent|USD|Rs)\b", re.IGNORECASE)
_NAMES_A_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


@functools.lru_cache(maxsize=32)
def _date_data_parser(base: dt.date | None, future: bool) -> Any:
    import dateparser.date

    settings = {"PREFER_DATES_FROM": "future" if future else "past",
                "PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    return dateparser.date.DateDataParser(languages=["en"], settings=settings)


def _with_dateparser(text: str, published: dt.date | None, future: bool) -> _Found | None:
    """Last resort for DATE entities our rules do not read. Slow: never called on plain tokens.
    Without a publication date only absolute expressions (naming a year) may resolve."""
    if (not _HAS_CALENDAR_WORD.search(text) or _VAGUE.match(text) or _LONG_NUMBER.search(text)
            or _MONEY.search(text)):
        return None
    if published is None and not _NAMES_A_YEAR.search(text):
        return None
    try:
        data = _date_data_parser(published, future).get_date_data(text)
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input; we only skip
        return None
    if data is None or data["date_obj"] is None:
        return None
    day = data["date_obj"].date()
    if not _plausible(day.year):
        return None
    period = data["period"]
    if period == "year":
        return _Found(*_year_span(day.year))
    if period == "month":
        return _Found(*_month_span(day.year, day.month))
    if period in ("day", "time"):
        return _Found(day, day)
    return None


# --------------------------------------------------------------------------- public API

def resolve(text: str, published: dt.date | None, future: bool | None = None) -> TimeExpr | None:
    """Resolve one expression given as text ("last month", "on October 30", "in 2026").

    `future` says whether the clause it came from is about the future (it decides "in March"
    and "on Monday"); by default the past reading is taken. Offsets are into `text`.
    Returns None when the text holds no temporal expression (or only an adjectival one such as
    "pre-2025"); an expression that is recognised but cannot be resolved comes back with
    `value` None.
    """
    if not text or not text.strip():
        return None
    found = [f for f in _scan(text, published, lambda _: bool(future)) if not f[2].ignore]
    if found:
        s, e, f, m = max(found, key=lambda c: c[1] - c[0])
        return _finish(f, text[s:e], _relation_word(m), s, e, published)
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    dp = _with_dateparser(stripped, published, bool(future))
    if dp is None:
        return None
    return _finish(dp, stripped, None, lead, lead + len(stripped), published)


def is_future_clause(token: Token) -> bool:
    """Is the clause governing `token` about the future? "will"/"shall" on the governing verb
    or on a verb above it, or a governing verb of planning/expecting ("plans to visit in
    March", "is expected to sign on Monday"). Climbs at most four heads."""
    node = token
    first_verb = True
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT":
            for child in node.children:
                if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
                    return True
                if child.lower_ == "going" and any(g.lower_ == "to" for g in child.children):
                    return True
            past = node.tag_ == "VBD" and not any(c.dep_ == "aux" for c in node.children)
            # A date on a past verb of planning dates the planning itself ("pledged on
            # Wednesday to ..."); only a verb below it makes the planned act future.
            if past and first_verb:
                return False
            if node.lemma_ in FUTURE_HEADS or node.lower_ in ("due", "set", "poised", "slated"):
                return True
            if past:
                return False
            first_verb = False
        if node.head is node:
            break
        node = node.head
    return False


def find_times(span: Span, published: dt.date | None) -> list[TimeExpr]:
    """All temporal expressions inside a spaCy span (a sentence or clause), resolved.

    Our rules run over the span's text; spaCy's DATE entities inside the span that no rule
    matched are then read by the same rules in isolation and, failing that, by `dateparser`.
    Offsets are into the document text (= the article text).
    """
    doc = span.doc
    text = span.text
    base = span.start_char
    results: list[TimeExpr] = []
    covered: list[tuple[int, int]] = []

    def clause_is_future(offset: int) -> Callable[[], bool]:
        def decide() -> bool:
            token = doc.char_span(base + offset, base + offset + 1, alignment_mode="expand")
            return bool(token) and is_future_clause(token[0])
        return decide

    for s, e, found, m in _scan(text, published, clause_is_future):
        covered.append((base + s, base + e))
        if found.ignore:
            continue
        if not _year_is_a_date(doc, base + s, base + e, text[s:e]):
            continue
        rel = _relation_word(m)
        if rel and _attributive(doc, base + m.end("rel"), base + e):
            # "after the August 2021 withdrawal": the preposition governs the noun, not the date.
            s = m.end("rel") + len(text[m.end("rel"):e]) - len(text[m.end("rel"):e].lstrip())
            rel = None
        results.append(_finish(found, text[s:e], rel, base + s, base + e, published))

    for ent in span.ents:
        if ent.label_ != "DATE":
            continue
        inside = [(cs, ce) for cs, ce in covered if ent.start_char < ce and cs < ent.end_char]
        if inside and not _reaches_beyond(ent, inside):
            continue
        dp = _with_dateparser(ent.text, published, is_future_clause(ent.root))
        if dp is None:
            continue
        expr = _finish(dp, ent.text, None, ent.start_char, ent.end_char, published)
        replaced = [t for t in results if ent.start_char < t.end_char and t.start_char < ent.end_char]
        # A longer entity read by dateparser wins only when it is more precise than what our
        # rules made of its parts ("the fourth of July, 2019" over "July, 2019").
        if all(_PRECISION_RANK[expr.precision] > _PRECISION_RANK[t.precision] for t in replaced):
            results = [t for t in results if t not in replaced] + [expr]
    results.sort(key=lambda t: t.start_char)
    return results


_PRECISION_RANK = {None: 0, "year": 1, "month": 2, "day": 3}


def _reaches_beyond(ent: Span, covered: list[tuple[int, int]]) -> bool:
    """Does the entity hold words (beyond a leading "the"/preposition) our matches missed?"""
    for token in ent:
        if token.is_punct or token.lower_ in ("the", "of", "on", "in", "at"):
            continue
        if not any(cs <= token.idx < ce for cs, ce in covered):
            return True
    return False


_YEAR_ONLY = re.compile(r"^(?:1[89]|20)\d\d$")
_TEMPORAL_LEFT = frozenset({"in", "by", "since", "until", "till", "before", "after", "during",
                            "from", "through", "of", "early", "mid", "late", "year", "end",
                            "fiscal", "fy", "summer", "winter", "spring", "autumn", "fall",
                            "to", "and", "between", "around", "circa"})


def _relation_word(m: re.Match) -> str | None:
    return m.groupdict().get("rel")


def _attributive(doc, start_char: int, end_char: int) -> bool:
    """Does the date, after its preposition, open a noun phrase it merely modifies ("after
    the August 2021 withdrawal")? Only with a determiner: without one ("by late 2024
    relations had soured") the parser's attachment is too often wrong to trust."""
    tokens = doc.char_span(start_char, end_char, alignment_mode="expand")
    if tokens is None or len(tokens) < 2 or tokens[0].lower_ not in ("the", "this", "that"):
        return False
    heads = {t.head.i for t in tokens if not tokens.start <= t.head.i < tokens.end}
    if len(heads) != 1:
        return False
    head = doc[heads.pop()]
    return head.i >= tokens.end and head.pos_ in ("NOUN", "PROPN")


def _year_is_a_date(doc, start_char: int, end_char: int, text: str) -> bool:
    """A bare four-digit number is a year unless it counts a plural noun with no determiner
    ("2000 troops", but "the 2025 elections" and "in 2021" are years). NER is no help here:
    the md model tags "2000 troops" DATE and "in 2021" CARDINAL."""
    if not _YEAR_ONLY.match(text):
        return True
    tokens = doc.char_span(start_char, end_char, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return True
    token = tokens[0]
    if token.ent_type_ == "MONEY" or token.i > 0 and (
            doc[token.i - 1].is_currency or doc[token.i - 1].text[-1:] in "$£€¥"):
        return False
    if token.i > 0 and doc[token.i - 1].lower_ in _TEMPORAL_LEFT:
        return True
    if token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.head.i > token.i:
        return any(c.dep_ in ("det", "poss") for c in token.head.children)
    return True
