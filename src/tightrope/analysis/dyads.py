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
                                      date_value, day_filter, grid, opened,
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
    # One scan, one small GROUP BY with plain aggregates (fast in DuckDB even over 10M
    # rows); the per-type, per-quad, per-direction and per-channel columns are pivoted from
    # it here. Channel lists are few distinct values, so grouping by them stays small.
    found = con.execute(
        f"""WITH {units_sql(mentions)}
            SELECT date_trunc('{period}', day)::DATE AS period_start, type, mutual, src,
                   array_to_string(list_sort(coalesce(context, [])), '\x1f') AS context,
                   count(*) AS n, sum(n_mentions) AS m, sum(intensity) AS s
            FROM units WHERE {where} GROUP BY ALL""", params).df()
    channels: list[tuple[dt.date, str, int]] = []
    if len(found):
        found["period_start"] = pd.to_datetime(found["period_start"]).dt.date
        tagged = found[found["context"] != ""].groupby(["period_start", "context"])["n"].sum()
        channels = [(start, channel, n) for (start, joined), n in tagged.items()
                    for channel in joined.split("\x1f")]
    first = since or (min(found["period_start"]) if len(found) else None)
    last = until or (max(found["period_start"]) if len(found) else None)
    frame = grid(period, first, last)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    info = plover.types()
    quads = found["type"].map({t: i.quad for t, i in info.items()})
    a_to_b = (found["mutual"] | (found["src"] == a)).astype("int64")
    b_to_a = (found["mutual"] | (found["src"] == b)).astype("int64")
    # every column as a product with a 0/1 indicator, summed in one groupby
    wide = {"events": found["n"], "mentions": found["m"], "a_to_b": found["n"] * a_to_b,
            "b_to_a": found["n"] * b_to_a, "net_sum": found["s"],
            "net_a_to_b": found["s"] * a_to_b, "net_b_to_a": found["s"] * b_to_a}
    for quad in plover.QUADS:
        wide[quad] = found["n"] * (quads == quad)
    for kind in TYPE_COLUMNS:
        wide[kind] = found["n"] * (found["type"] == kind.upper())
    sums = (pd.DataFrame(wide).groupby(found["period_start"]).sum()
            .reindex(frame["period_start"]).fillna(0))
    for column in sums.columns:
        frame[column] = list(sums[column])
    counts = ["events", "mentions", "a_to_b", "b_to_a", *plover.QUADS, *TYPE_COLUMNS]
    frame[counts] = frame[counts].astype("int64")
    for column in ("net_sum", "net_a_to_b", "net_b_to_a"):
        frame[column] = frame[column].astype(float)
    frame["net_mean"] = (frame["net_sum"] / frame["events"].where(frame["events"] > 0)).astype(float)
    per_period: dict[dt.date, dict[str, int]] = {}
    for start, channel, n in channels:
        counts_here = per_period.setdefault(start, {})
        counts_here[channel] = counts_here.get(channel, 0) + int(n)
    frame["channels"] = [channel_string(per_period.get(s, {})) for s in frame["period_start"]]
    frame.insert(2, "a", a)
    frame.insert(3, "b", b)
    ordered = ["period", "period_start", "a", "b", "events", "mentions", "a_to_b", "b_to_a",
               "net_sum", "net_mean", "net_a_to_b", "net_b_to_a", *plover.QUADS,
               *TYPE_COLUMNS, "channels"]
    return frame[ordered].reset_index(drop=True)


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


__all__ = ["dyad", "dyad_channels", "strongest", "TYPE_COLUMNS"]
