"""The forecast ledger: every forecast in the store, what happened since, and who was right.

Each forecast gets a window and a status:

    window   from = the forecast's `from` (else its publication date), and never before the
             day after publication: only later events can bear it out; by = its `by`, else
             one year after the start (`HORIZON_DAYS`)
    status   met | not met | pending | expired-unresolved

The status is proposed automatically from later story events in the store and can be set by
hand (`resolve`), which always wins. What the forecast expects is read, in this order, from

1. the events the forecast links to (`event_ids`, the forecast-factuality events extraction
   found in the same sentence): their dyad and PLOVER types. A story of one of those types
   between the same two states in the window *supports* the forecast ("a deal will be
   clinched" -> an AGREE); a story of the opposite polarity *opposes* it;
2. otherwise the claim's words: two states named in it (through the actor gazetteer:
   "US-China thaw" -> USA, CHN) and a cue saying which way the relation should move
   (knowledge/claim_cues.tsv; the last cue decides, since English noun phrases put the head
   last — a "tariff truce" is a truce; a negation before it flips it). Every cooperative
   story (positive intensity) between the two supports a cooperative claim, every
   conflictual one (negative intensity) opposes it.

Decision: `met` when supporting evidence exists (for a claim read from words, only if the
supporting stories outnumber the opposing ones: one handshake is not a thaw amid a trade
war); after the window, `not met` when only or mostly opposing evidence exists, and
`expired-unresolved` when there is none either way (silence in our sources is not proof);
`pending` while the window is open. Claims naming fewer than two states and linking no
events cannot be matched: they stay pending, then expire unresolved, for a human to judge.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tightrope.analysis import plover
from tightrope.analysis.units import AnalysisError, date_value, opened, units_sql

HORIZON_DAYS = 365
STATUSES = ("met", "not met", "pending", "expired-unresolved")
COLUMNS = ["id", "holder", "holder_country", "claim", "from", "by", "status", "decided_by",
           "basis", "evidence_for", "evidence_against", "evidence", "note", "published",
           "doc_id", "sentence"]


class LedgerError(AnalysisError):
    pass


# -- reading claims -------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, str]]:
    from tightrope.knowledge import path

    polarity: dict[str, str] = {}
    for line in path("claim_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("cue\t"):
            continue
        cue, _, kind = line.partition("\t")
        polarity[cue.strip().lower()] = kind.strip()
    ordered = sorted(polarity, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in ordered) + r")(?![\w-])")
    return pattern, polarity


def claim_polarity(claim: str) -> int:
    """+1 if the claim expects cooperation, -1 conflict, 0 if it does not say."""
    pattern, polarity = _cues()
    sign, negated = 0, False
    for match in pattern.finditer((claim or "").lower().replace("\u2019", "'")):
        kind = polarity[match.group(1)]
        if kind == "negation":
            negated = True
        else:
            sign = 1 if kind == "cooperation" else -1
            sign = -sign if negated else sign
            negated = False
    return sign


_SPLIT = re.compile(r"[\s\-\u2010-\u2015/,;:()]+")


def claim_states(claim: str) -> list[str]:
    """The states a claim names, in order ("US-China thaw" -> ["USA", "CHN"])."""
    from tightrope import knowledge

    index = knowledge.load().actors
    words = [w.strip("'\u2019.") for w in _SPLIT.split(claim or "") if w.strip("'\u2019.")]
    words = [w[:-2] if w.endswith(("'s", "\u2019s")) else w for w in words]
    longest = max(1, getattr(index, "max_tokens", 4))
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            entry = index.lookup(" ".join(words[i:i + n]))
            code = getattr(entry, "country", None)
            if code and len(code) == 3 and code != "IGO":
                if code not in found:
                    found.append(code)
                i += n
                break
        else:
            i += 1
    return found


@dataclass
class Expectation:
    """What one forecast expects, as the evidence query needs it."""

    forecast_id: str
    a: str | None = None
    b: str | None = None
    types: list[str] = field(default_factory=list)   # from linked events: exact types
    cooperative: bool | None = None                   # polarity expected
    basis: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def matchable(self) -> bool:
        return self.a is not None and self.b is not None and self.cooperative is not None


def expectation(row: dict, linked: list[tuple[str, str | None, str | None]]) -> Expectation:
    """Read a forecast row (forecasts table) and its linked events (type, source, target)."""
    exp = Expectation(row["id"])
    published = row.get("published")
    start = row.get("from_date") or published
    if published is not None:
        start = max(start, published + dt.timedelta(days=1))
    exp.start = start
    exp.end = row.get("by_date") or (start + dt.timedelta(days=HORIZON_DAYS) if start else None)
    info = plover.types()
    dyads = [(s, t) for kind, s, t in linked if kind in info and s and t and s != t]
    if dyads:
        exp.a, exp.b = dyads[0]
        exp.types = sorted({kind for kind, s, t in linked if kind in info
                            and {s, t} == {exp.a, exp.b}})
        votes = sum(1 if info[k].intensity > 0 else -1 for k in exp.types)
        exp.cooperative = votes >= 0
        exp.basis = f"{'/'.join(exp.types)} {exp.a}-{exp.b} (linked events)"
        return exp
    states = claim_states(row.get("claim") or "")
    sign = claim_polarity(row.get("claim") or "")
    if len(states) >= 2:
        exp.a, exp.b = states[0], states[1]
    if sign:
        exp.cooperative = sign > 0
    if len(states) < 2:
        exp.basis = "claim names fewer than two states"
    elif not sign:
        exp.basis = f"{exp.a}-{exp.b}: claim does not say which way"
    else:
        exp.basis = f"{'cooperation' if sign > 0 else 'conflict'} {exp.a}-{exp.b} (claim words)"
    return exp


# -- the ledger -----------------------------------------------------------------------------

def _forecast_rows(con: Any) -> list[dict]:
    from tightrope.store import dict_rows

    return dict_rows(con.execute(
        "SELECT id, doc_id, coalesce(holder_name, holder_text) AS holder, holder_country,"
        " claim, from_date, by_date, event_ids, published, sentence"
        " FROM forecasts ORDER BY published NULLS LAST, doc_id, id"))


def _linked(con: Any) -> dict[str, list[tuple[str, str | None, str | None]]]:
    rows = con.execute(
        "SELECT f.id, e.type, e.source_country, e.target_country FROM forecasts f,"
        " unnest(f.event_ids) AS u(event_id) JOIN events e ON e.id = u.event_id"
        " AND e.doc_id = f.doc_id").fetchall()
    linked: dict[str, list] = {}
    for fid, kind, s, t in rows:
        linked.setdefault(fid, []).append((kind, s, t))
    return linked


def _evidence(con: Any, expectations: list[Expectation], as_of: dt.date,
              mentions: bool) -> pd.DataFrame:
    wanted = [e for e in expectations if e.matchable and e.start and e.end]
    columns = ["forecast_id", "role", "unit_id", "day", "type", "src", "tgt", "intensity",
               "n_outlets", "sentence"]
    if not wanted:
        return pd.DataFrame(columns=columns)
    criteria = pd.DataFrame({
        "forecast_id": [e.forecast_id for e in wanted],
        "lo": [min(e.a, e.b) for e in wanted], "hi": [max(e.a, e.b) for e in wanted],
        "start_day": [e.start for e in wanted], "end_day": [min(e.end, as_of) for e in wanted],
        "types": [e.types for e in wanted], "cooperative": [e.cooperative for e in wanted]})
    con.register("_ledger_criteria", criteria)
    try:
        frame = con.execute(f"""
            WITH {units_sql(mentions)},
            matched AS (
                SELECT c.forecast_id, u.*,
                       CASE WHEN len(c.types) > 0 THEN list_contains(c.types, u.type)
                            ELSE sign(u.intensity) = CASE WHEN c.cooperative THEN 1 ELSE -1 END
                       END AS supports,
                       sign(u.intensity) = CASE WHEN c.cooperative THEN -1 ELSE 1 END AS opposes
                FROM _ledger_criteria c JOIN units u
                  ON least(u.src, u.tgt) = c.lo AND greatest(u.src, u.tgt) = c.hi
                 AND u.day BETWEEN c.start_day::DATE AND c.end_day::DATE)
            SELECT forecast_id, CASE WHEN supports THEN 'for' ELSE 'against' END AS role,
                   unit_id, day, type, src, tgt, intensity, n_outlets, sentence
            FROM matched WHERE supports OR opposes
            ORDER BY forecast_id, day, unit_id""").df()
    finally:
        con.unregister("_ledger_criteria")
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame[columns]


def _decide(exp: Expectation, n_for: int, n_against: int, as_of: dt.date) -> str:
    from_words = not exp.types
    if n_for and (not from_words or n_for > n_against):
        return "met"
    if exp.end is not None and exp.end < as_of:
        return "not met" if n_against else "expired-unresolved"
    return "pending"


def _today() -> dt.date:
    return dt.date.today()


def build(con: Any, as_of: dt.date | None = None,
          mentions: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger (one row per forecast, `COLUMNS`) and the evidence behind it."""
    as_of = as_of or _today()
    rows = _forecast_rows(con)
    linked = _linked(con)
    expectations = [expectation(r, linked.get(r["id"], [])) for r in rows]
    evidence = _evidence(con, expectations, as_of, mentions)
    hand = {fid: (status, note) for fid, status, note in con.execute(
        "SELECT forecast_id, status, note FROM ledger_resolutions").fetchall()}
    grouped = {fid: g for fid, g in evidence.groupby("forecast_id")} if len(evidence) else {}
    out = []
    for row, exp in zip(rows, expectations):
        found = grouped.get(row["id"])
        ids_for = list(found.loc[found.role == "for", "unit_id"]) if found is not None else []
        ids_against = list(found.loc[found.role == "against", "unit_id"]) if found is not None else []
        status = _decide(exp, len(ids_for), len(ids_against), as_of)
        decided_by, note = "auto", None
        if row["id"] in hand:
            status, note = hand[row["id"]]
            decided_by = "hand"
        out.append({
            "id": row["id"], "holder": row["holder"], "holder_country": row["holder_country"],
            "claim": row["claim"], "from": exp.start, "by": exp.end, "status": status,
            "decided_by": decided_by, "basis": exp.basis, "evidence_for": len(ids_for),
            "evidence_against": len(ids_against), "evidence": ids_for + ids_against,
            "note": note, "published": row["published"], "doc_id": row["doc_id"],
            "sentence": row["sentence"]})
    return pd.DataFrame(out, columns=COLUMNS), evidence


def ledger(store_or_path: Any, as_of: Any = None, mentions: bool = False,
           status: str | None = None, holder: str | None = None, since: Any = None,
           until: Any = None) -> pd.DataFrame:
    """Every forecast with holder, claim, window, status and evidence counts (optionally
    only those with a status, a holder name containing `holder`, published since/until)."""
    since, until = date_value(since), date_value(until, end=True)
    with opened(store_or_path) as store:
        frame, _ = build(store.con, date_value(as_of), mentions)
    if since is not None:
        frame = frame[frame.published.notna() & (frame.published >= since)]
    if until is not None:
        frame = frame[frame.published.notna() & (frame.published <= until)]
    if status:
        if status not in STATUSES:
            raise LedgerError(f"status must be one of {', '.join(STATUSES)}")
        frame = frame[frame.status == status]
    if holder:
        frame = frame[frame.holder.fillna("").str.contains(holder, case=False, regex=False)]
    return frame.reset_index(drop=True)


def evidence(store_or_path: Any, forecast_id: str, as_of: Any = None,
             mentions: bool = False) -> pd.DataFrame:
    """The story events for and against one forecast."""
    with opened(store_or_path) as store:
        _require(store.con, forecast_id)
        _, found = build(store.con, date_value(as_of), mentions)
    return found[found.forecast_id == forecast_id].reset_index(drop=True)


def track_record(frame: pd.DataFrame) -> pd.DataFrame:
    """Per holder: forecasts, how many met / not met / pending / expired, and the hit rate
    over the decided ones (met / (met + not met); null when none is decided)."""
    columns = ["holder", "forecasts", "met", "not_met", "pending", "expired_unresolved", "hit_rate"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    holders = frame.assign(holder=frame.holder.fillna("(unattributed)"))
    rows = []
    for name, group in holders.groupby("holder", sort=True):
        counts = group.status.value_counts()
        met, not_met = int(counts.get("met", 0)), int(counts.get("not met", 0))
        rows.append({"holder": name, "forecasts": len(group), "met": met, "not_met": not_met,
                     "pending": int(counts.get("pending", 0)),
                     "expired_unresolved": int(counts.get("expired-unresolved", 0)),
                     "hit_rate": met / (met + not_met) if met + not_met else None})
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["forecasts", "holder"], ascending=[False, True]).reset_index(drop=True)


def _require(con: Any, forecast_id: str) -> None:
    if not con.execute("SELECT 1 FROM forecasts WHERE id = ?", [forecast_id]).fetchall():
        raise LedgerError(f"no forecast with id {forecast_id!r} (see `tightrope ledger`)")


def resolve(store_or_path: Any, forecast_id: str, met: bool | None, note: str | None = None) -> None:
    """Set a forecast's status by hand (met or not met); `met=None` removes the hand setting
    so the automatic proposal applies again."""
    with opened(store_or_path) as store:
        _require(store.con, forecast_id)
        if met is None:
            store.con.execute("DELETE FROM ledger_resolutions WHERE forecast_id = ?", [forecast_id])
        else:
            store.con.execute(
                "INSERT OR REPLACE INTO ledger_resolutions (forecast_id, status, note, resolved_at)"
                " VALUES (?, ?, ?, current_timestamp)",
                [forecast_id, "met" if met else "not met", note])


__all__ = ["ledger", "evidence", "track_record", "resolve", "claim_states", "claim_polarity",
           "STATUSES", "HORIZON_DAYS"]
