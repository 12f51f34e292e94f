"""The balance index: which way a pivot state P leans between two poles A and B.

Per period, with x = intensity / 10 for each story event between P and a pole (either
direction; x is in [-1, 1]):

    C_A = sum of x over P<->A events       C_B = sum of x over P<->B events
    balance = (C_A - C_B) / (|C_A| + |C_B| + k)          (k = 1 by default)

+1 = all of P's net cooperation is with A, -1 = all with B, 0 = even (or equally hostile).
The band is a normal approximation by the delta method, with each pole's sum taken as a
compound-Poisson total (Var C = sum of x^2: uncertain both in how many events happen and in
their tone). Periods with fewer than `min_events` events are `insufficient`: balance and
band are null, never zero. docs/balance.md explains and justifies the choices.

Courting: how each pole treats P (A->P, B->P: the pole's own acts toward P plus mutual
ones), and P's own acts toward each pole (P->A, P->B), as counts and net sums of x.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from tightrope.analysis.units import (AnalysisError, check_period, country, date_value,
                                      day_filter, grid, opened, units_sql)

K = 1.0              # smoothing: one fully cooperative event's worth of neutrality
Z = 1.96             # 95% normal band
MIN_EVENTS = 3       # fewer events than this in a period: insufficient evidence

_SUMS = ("n_a", "n_b", "c_a", "c_b", "v_a", "v_b", "courting_a_events", "courting_b_events",
         "courting_a", "courting_b", "p_to_a_events", "p_to_b_events", "p_to_a", "p_to_b")


def index(c_a, c_b, v_a, v_b, n, k: float = K, z: float = Z, min_events: int = MIN_EVENTS):
    """Balance, band and status from the per-pole sums (numpy arrays or scalars)."""
    c_a, c_b, v_a, v_b, n = (np.asarray(x, dtype=float) for x in (c_a, c_b, v_a, v_b, n))
    scale = np.abs(c_a) + np.abs(c_b) + k
    diff = c_a - c_b
    value = diff / scale
    # Partial derivatives of diff/scale; sign(0) = 0 matches a pole without events.
    grad_a = (scale - diff * np.sign(c_a)) / scale**2
    grad_b = (-scale - diff * np.sign(c_b)) / scale**2
    sd = np.sqrt(grad_a**2 * v_a + grad_b**2 * v_b)
    ok = n >= min_events
    low = np.where(ok, np.clip(value - z * sd, -1, 1), np.nan)
    high = np.where(ok, np.clip(value + z * sd, -1, 1), np.nan)
    value = np.where(ok, value, np.nan)
    status = np.where(ok, "ok", "insufficient")
    return value, low, high, status


def _prepare(pivot: str, a: str, b: str, period: str, since: Any, until: Any):
    pivot, a, b = country(pivot), country(a), country(b)
    if len({pivot, a, b}) != 3:
        raise AnalysisError(f"the pivot and the two poles must be three different actors,"
                            f" got {pivot} between {a} and {b}")
    return pivot, a, b, check_period(period), date_value(since), date_value(until, end=True)


def _sums(con: Any, mentions: bool, where: str, params: list, pivot: str, a: str, b: str,
          keys: list[str], key_sql: str = "", source: str = "units") -> pd.DataFrame:
    """Per key: the pole sums (n, C = sum of x, V = sum of x^2 for each pole) and the
    courting sums. One small GROUP BY over (keys, pole, who acted) with plain aggregates —
    much faster in DuckDB than a dozen filtered aggregates — then pivoted here."""
    key_sql = key_sql or ", ".join(keys)
    select = f"{key_sql}, " if key_sql else ""
    group = f"{', '.join(keys)}, " if keys else ""
    found = con.execute(f"""
        WITH {units_sql(mentions)}
        SELECT {select}CASE WHEN src = ? THEN tgt ELSE src END AS other,
               mutual OR src <> ? AS by_pole, mutual OR src = ? AS by_pivot,
               count(*) AS n, sum(intensity / 10.0) AS sx, sum((intensity / 10.0) ^ 2) AS sxx
        FROM {source} WHERE {where} GROUP BY {group}other, by_pole, by_pivot""",
        [pivot, pivot, pivot, *params]).df()
    index = keys or None
    if not len(found):
        return pd.DataFrame(columns=[*keys, *_SUMS])
    if not keys:
        found["_all"] = "all"
        index = ["_all"]

    # every sum as a product with a 0/1 indicator, added up in one groupby
    parts = {}
    by_pole, by_pivot = found["by_pole"].astype("int64"), found["by_pivot"].astype("int64")
    for pole, side in ((a, "a"), (b, "b")):
        mine = (found["other"] == pole).astype("int64")
        parts[f"n_{side}"] = found["n"] * mine
        parts[f"c_{side}"] = found["sx"] * mine
        parts[f"v_{side}"] = found["sxx"] * mine
        parts[f"courting_{side}_events"] = found["n"] * mine * by_pole
        parts[f"courting_{side}"] = found["sx"] * mine * by_pole
        parts[f"p_to_{side}_events"] = found["n"] * mine * by_pivot
        parts[f"p_to_{side}"] = found["sx"] * mine * by_pivot
    grouped = pd.DataFrame(parts).groupby([found[k] for k in index]).sum()
    out = grouped.reset_index()
    return out.drop(columns=["_all"], errors="ignore")


def _relation(pivot: str, a: str, b: str, since, until) -> tuple[str, list]:
    days, day_params = day_filter(since, until)
    where = f"((src = ? AND tgt IN (?, ?)) OR (tgt = ? AND src IN (?, ?))) AND {days}"
    return where, [pivot, a, b, pivot, a, b, *day_params]


def _finish(frame: pd.DataFrame, k: float, z: float, min_events: int) -> pd.DataFrame:
    for column in _SUMS:
        if column not in frame:
            frame[column] = 0
    frame[list(_SUMS)] = frame[list(_SUMS)].fillna(0)
    for column in _SUMS:
        if column.startswith(("n_",)) or column.endswith("_events"):
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype(float)
    frame["events"] = frame["n_a"] + frame["n_b"]
    value, low, high, status = index(frame["c_a"], frame["c_b"], frame["v_a"], frame["v_b"],
                                     frame["events"], k, z, min_events)
    frame["balance"], frame["low"], frame["high"], frame["status"] = value, low, high, status
    frame = frame.rename(columns={"n_a": "events_a", "n_b": "events_b",
                                  "c_a": "coop_a", "c_b": "coop_b"})
    return frame.drop(columns=["v_a", "v_b"])


ORDER = ["period", "period_start", "pivot", "a", "b", "balance", "low", "high", "status",
         "events", "events_a", "events_b", "coop_a", "coop_b", "courting_a", "courting_b",
         "courting_a_events", "courting_b_events", "p_to_a", "p_to_b", "p_to_a_events",
         "p_to_b_events"]


def balance(store_or_path: Any, pivot: str, a: str, b: str, period: str = "month",
            since: Any = None, until: Any = None, mentions: bool = False,
            min_events: int = MIN_EVENTS, k: float = K, z: float = Z) -> pd.DataFrame:
    """P's balance between A (+) and B (-) per period, with band, status and courting
    (columns in `ORDER`; see the module docstring and docs/balance.md)."""
    pivot, a, b, period, since, until = _prepare(pivot, a, b, period, since, until)
    with opened(store_or_path) as store:
        where, params = _relation(pivot, a, b, since, until)
        found = _sums(store.con, mentions, where, params, pivot, a, b, ["period_start"],
                      f"date_trunc('{period}', day)::DATE AS period_start")
    if len(found):
        found["period_start"] = pd.to_datetime(found["period_start"]).dt.date
    # the periods shown: since/until when given, else those of the first and last evidence
    first = since or (min(found["period_start"]) if len(found) else None)
    last = until or (max(found["period_start"]) if len(found) else None)
    frame = grid(period, first, last)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame = frame.merge(found, on="period_start", how="left")
    frame = _finish(frame, k, z, min_events)
    frame["pivot"], frame["a"], frame["b"] = pivot, a, b
    return frame[ORDER].reset_index(drop=True)


def balance_channels(store_or_path: Any, pivot: str, a: str, b: str, since: Any = None,
                     until: Any = None, mentions: bool = False, min_events: int = MIN_EVENTS,
                     k: float = K, z: float = Z, period: str | None = None) -> pd.DataFrame:
    """The balance per channel (context tag) over the whole range, or per period and
    channel with `period`. An event with several channels counts in each."""
    pivot, a, b, _, since, until = _prepare(pivot, a, b, period or "month", since, until)
    with opened(store_or_path) as store:
        where, params = _relation(pivot, a, b, since, until)
        source = ("(SELECT *, unnest(context) AS channel"
                  + (f", date_trunc('{period}', day)::DATE AS period_start" if period else "")
                  + " FROM units)")
        frame = _sums(store.con, mentions, where, params, pivot, a, b,
                      ["channel", "period_start"] if period else ["channel"], source=source)
    frame = _finish(frame, k, z, min_events)
    frame["pivot"], frame["a"], frame["b"] = pivot, a, b
    keys = ["channel"]
    if period:
        from tightrope.analysis.units import period_label

        frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
        frame["period"] = [period_label(s, period) for s in frame["period_start"]]
        keys = ["period", "period_start", "channel"]
    columns = keys + [c for c in ORDER if c not in ("period", "period_start")]
    frame = frame[columns].sort_values(
        (["period_start"] if period else []) + ["events", "channel"],
        ascending=([True] if period else []) + [False, True])
    return frame.reset_index(drop=True)


def total(store_or_path: Any, pivot: str, a: str, b: str, since: Any = None,
          until: Any = None, mentions: bool = False, min_events: int = MIN_EVENTS,
          k: float = K, z: float = Z) -> dict[str, Any]:
    """One balance over the whole range (same columns as a period row, period = 'all')."""
    pivot, a, b, _, since, until = _prepare(pivot, a, b, "month", since, until)
    with opened(store_or_path) as store:
        where, params = _relation(pivot, a, b, since, until)
        found = _sums(store.con, mentions, where, params, pivot, a, b, [])
    if not len(found):
        found = pd.DataFrame([{c: 0 for c in _SUMS}])
    found["period"] = "all"
    frame = _finish(found, k, z, min_events)
    frame["pivot"], frame["a"], frame["b"] = pivot, a, b
    frame["period_start"] = since
    return frame[ORDER].iloc[0].to_dict()


__all__ = ["balance", "balance_channels", "total", "index", "K", "Z", "MIN_EVENTS", "ORDER"]
