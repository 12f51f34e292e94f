"""Dyad series: how two actors treat each other, period by period.

For a pair (A, B), one row per period with: story events between them (`events`), the raw
mentions behind them (`mentions`), counts per quad class and per PLOVER type, net
cooperation (`net_sum`, `net_mean`: sum and mean of intensity on the -10..+10 scale), the
directional split (`a_to_b`, `b_to_a` and their net sums; mutual types count in both
directions, so `a_to_b + b_to_a` can exceed `events`), and the channels (context tags)
that carry the relation. Periods without events are kept, with `events` = 0 and null means.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from tightrope.analysis import plover
from tightrope.analysis.units import (AnalysisError, channel_string, check_period, country,
                                      date_value, day_filter, grid, opened, period_label, span,
                                      units_sql)

TYPE_COLUMNS = tuple(t.lower() for t in plover.types())


def _pair_where(a: str, b: str) -> tuple[str, list]:
    return "((src = ? AND tgt = ?) OR (src = ? AND tgt = ?))", [a, b, b, a]


def _prepare(a: str, b: str, period: str, since: Any, until: Any):
    a, b = country(a), country(b)
    if a == b:
        raise AnalysisError(f"a dyad needs two different actors, got {a} twice")
    return a, b, check_period(period), date_value(since), date_value(until, end=True)


def dyad(store_or_path: Any, a: str, b: str, period: str = "month", since: Any = None,
         until: Any = None, mentions: bool = False) -> pd.DataFrame:
    """The A-B relation per period (see module docstring). Countries as ISO3 codes or names."""
    a, b, period, since, until = _prepare(a, b, period, since, until)
    with opened(store_or_path) as store:
        return _series(store.con, a, b, period, since, until, mentions)


def _series(con: Any, a: str, b: str, period: str, since: dt.date | None,
            until: dt.date | None, mentions: bool) -> pd.DataFrame:
    pair, pair_params = _pair_where(a, b)
    days, day_params = day_filter(since, until)
    where, params = f"{pair} AND {days}", pair_params + day_params
    a_to_b = "(mutual OR src = ?)"
    b_to_a = "(mutual OR src = ?)"
    quads = ", ".join(f"count(*) FILTER (WHERE quad = '{q}') AS {q}" for q in plover.QUADS)
    kinds = ", ".join(f"count(*) FILTER (WHERE type = '{t.upper()}') AS {t}" for t in TYPE_COLUMNS)
    sql = f"""
        WITH {units_sql(mentions)}
        SELECT date_trunc('{period}', day)::DATE AS period_start,
               count(*) AS events, sum(n_mentions) AS mentions,
               count(*) FILTER (WHERE {a_to_b}) AS a_to_b,
               count(*) FILTER (WHERE {b_to_a}) AS b_to_a,
               sum(intensity) AS net_sum, avg(intensity) AS net_mean,
               coalesce(sum(intensity) FILTER (WHERE {a_to_b}), 0) AS net_a_to_b,
               coalesce(sum(intensity) FILTER (WHERE {b_to_a}), 0) AS net_b_to_a,
               {quads}, {kinds}
        FROM units WHERE {where} GROUP BY 1"""
    found = con.execute(sql, [a, b, a, b, *params]).df()
    channels = con.execute(
        f"""WITH {units_sql(mentions)}
            SELECT date_trunc('{period}', day)::DATE AS period_start, c AS channel, count(*) AS n
            FROM (SELECT day, unnest(context) AS c FROM units WHERE {where}) GROUP BY 1, 2""",
        params).fetchall()
    first, last = span(con, where, params, mentions, since, until)
    frame = grid(period, first, last)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    if len(found):
        found["period_start"] = pd.to_datetime(found["period_start"]).dt.date
        frame = frame.merge(found, on="period_start", how="left")
    else:
        frame = frame.reindex(columns=[*frame.columns, *found.columns.drop("period_start")])
    counts = [c for c in frame.columns if c not in ("period", "period_start", "net_mean", "net_sum")]
    frame[counts] = frame[counts].fillna(0)
    for column in counts:
        if column not in ("net_a_to_b", "net_b_to_a"):
            frame[column] = frame[column].astype("int64")
    frame["net_sum"] = frame["net_sum"].fillna(0.0).astype(float)
    frame["net_mean"] = frame["net_mean"].astype(float)
    per_period: dict[dt.date, dict[str, int]] = {}
    for start, channel, n in channels:
        per_period.setdefault(start, {})[channel] = n
    frame["channels"] = [channel_string(per_period.get(s, {})) for s in frame["period_start"]]
    frame.insert(2, "a", a)
    frame.insert(3, "b", b)
    return frame.reset_index(drop=True)


def dyad_channels(store_or_path: Any, a: str, b: str, since: Any = None, until: Any = None,
                  mentions: bool = False) -> pd.DataFrame:
    """Which channels carry the A-B relation over the whole range: one row per channel with
    events, net_sum and net_mean, and the directional split."""
    a, b, _, since, until = _prepare(a, b, "month", since, until)
    with opened(store_or_path) as store:
        pair, pair_params = _pair_where(a, b)
        days, day_params = day_filter(since, until)
        sql = f"""
            WITH {units_sql(mentions)}
            SELECT c AS channel, count(*) AS events, sum(intensity) AS net_sum,
                   avg(intensity) AS net_mean,
                   count(*) FILTER (WHERE mutual OR src = ?) AS a_to_b,
                   count(*) FILTER (WHERE mutual OR src = ?) AS b_to_a
            FROM (SELECT *, unnest(context) AS c FROM units WHERE {pair} AND {days})
            GROUP BY c ORDER BY events DESC, channel"""
        frame = store.con.execute(sql, [a, b, *pair_params, *day_params]).df()
    frame.insert(0, "a", a)
    frame.insert(1, "b", b)
    return frame


def strongest(store_or_path: Any, since: Any = None, until: Any = None, limit: int = 10,
              mentions: bool = False) -> pd.DataFrame:
    """The most active dyads (unordered pairs of different countries), most events first:
    events, cooperative and conflictual counts, net cooperation, main channels."""
    since, until = date_value(since), date_value(until, end=True)
    with opened(store_or_path) as store:
        days, params = day_filter(since, until)
        sql = f"""
            WITH {units_sql(mentions)},
            pairs AS (SELECT least(src, tgt) AS a, greatest(src, tgt) AS b, * FROM units
                      WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt AND {days})
            SELECT a, b, count(*) AS events,
                   count(*) FILTER (WHERE quad LIKE '%cooperation') AS cooperative,
                   count(*) FILTER (WHERE quad LIKE '%conflict') AS conflictual,
                   sum(intensity) AS net_sum, avg(intensity) AS net_mean
            FROM pairs GROUP BY a, b ORDER BY events DESC, a, b LIMIT {int(limit)}"""
        frame = store.con.execute(sql, params).df()
        channel_rows = store.con.execute(
            f"""WITH {units_sql(mentions)}
                SELECT least(src, tgt), greatest(src, tgt), c, count(*) FROM
                (SELECT src, tgt, unnest(context) AS c FROM units
                 WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt AND {days})
                GROUP BY ALL""", params).fetchall()
    channels: dict[tuple[str, str], dict[str, int]] = {}
    for a, b, channel, n in channel_rows:
        channels.setdefault((a, b), {})[channel] = n
    frame["channels"] = [channel_string(channels.get((a, b), {}), 3)
                         for a, b in zip(frame["a"], frame["b"])]
    return frame


__all__ = ["dyad", "dyad_channels", "strongest", "period_label", "TYPE_COLUMNS"]
