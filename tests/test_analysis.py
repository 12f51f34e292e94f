"""Analyses on stores built from our own hand-written records (via Store.ingest): story
events across outlets, dyad series, the balance index and its band, the forecast ledger.
Every expected number is worked out by hand in the comments beside it."""
from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from tightrope.extract import Extraction
from tightrope.records import Article, actor_dict, record_id
from tightrope.store import Store

D = dt.date


def event(sentence: str, type_: str, source: str, target: str, trigger: str,
          date: str | None = None, context: tuple[str, ...] = (), intensity: float | None = None,
          factuality: str = "asserted") -> dict:
    return {"kind": "event", "type": type_, "source": actor_dict(source, None, source),
            "target": actor_dict(target, None, target), "sentence": sentence, "trigger": trigger,
            "date": date, "factuality": factuality, "context": list(context),
            "intensity": intensity, "confidence": 0.9}


def forecast(claim: str, holder: str, by: str | None, start: str | None = None,
             event_ids: tuple[str, ...] = ()) -> dict:
    return {"kind": "forecast", "holder": actor_dict(holder, holder, None), "claim": claim,
            "sentence": f"{holder} expects: {claim}.", "from": start, "by": by,
            "event_ids": list(event_ids)}


def article(doc_id: str, outlet: str, published: str, records: list[dict]) -> Extraction:
    """An Extraction as the pipeline would give it: ids, spans and doc_id filled in."""
    text = " ".join(r["sentence"] for r in records)
    out, offset = [{"kind": "document", "doc_id": doc_id, "outlet": outlet,
                    "published": published}], 0
    for n, r in enumerate(records):
        r = dict(r, doc_id=doc_id, span=[offset, offset + len(r["sentence"])])
        r.setdefault("id", record_id(doc_id, r["kind"], n, r["sentence"]))
        offset += len(r["sentence"]) + 1
        out.append(r)
    art = Article(text=text, id=doc_id, outlet=outlet, published=published)
    return Extraction(art, out, [(0, len(text))])


# The same signing reported by three outlets (two days apart, one undated: its day is the
# publication day), and a different US-China agreement the same week.
SIGNING = [
    ("wire-1", "reuters.com", "2025-05-12",
     "The United States and China signed a trade agreement in Geneva on Monday.", "USA", "CHN",
     "2025-05-12"),
    ("wire-2", "dawn.com", "2025-05-13",
     "Washington and Beijing signed a trade deal in Geneva on Monday, officials said.", "CHN",
     "USA", "2025-05-12"),
    ("wire-3", "scmp.com", "2025-05-14",
     "American and Chinese negotiators signed the new trade accord in Geneva.", "USA", "CHN", None),
]
TRUCE = ("truce-1", "scmp.com", "2025-05-14",
         "The United States and China agreed to extend their tariff truce for another 90 days.")


def signing_articles() -> list[Extraction]:
    arts = [article(doc, outlet, pub, [event(s, "AGREE", src, tgt, "signed", day, ("trade",), 4.0)])
            for doc, outlet, pub, s, src, tgt, day in SIGNING]
    doc, outlet, pub, s = TRUCE
    arts.append(article(doc, outlet, pub, [event(s, "AGREE", "USA", "CHN", "agreed", "2025-05-14",
                                                 ("tariffs",), 4.0)]))
    return arts


def pakistan_articles() -> list[Extraction]:
    """PAK between USA and CHN, Jan-Apr 2025 (intensities given, x = intensity / 10)."""
    return [
        article("pk-jan", "dawn.com", "2025-01-20", [
            event("Pakistan and the United States signed a minerals MoU in Islamabad.", "AGREE",
                  "PAK", "USA", "signed", "2025-01-15", ("minerals",), 4.0),
            event("The United States pledged flood relief aid to Pakistan.", "AID", "USA", "PAK",
                  "pledged", "2025-01-16", ("aid",), 7.0),
            event("China criticised Pakistan over the safety of Chinese engineers.", "ACCUSE",
                  "CHN", "PAK", "criticised", "2025-01-17", ("security",), -2.0)]),
        # A second outlet repeats the aid pledge: one more mention, the same story.
        article("pk-jan-2", "tribune.com.pk", "2025-01-18", [
            event("Washington pledged flood relief aid to Islamabad on Thursday.", "AID", "USA",
                  "PAK", "pledged", "2025-01-16", ("aid",), 7.0)]),
        article("pk-feb", "dawn.com", "2025-02-10", [
            event("Pakistan's foreign minister held talks with Chinese officials in Beijing.",
                  "CONSULT", "PAK", "CHN", "held talks", "2025-02-09", ("diplomacy",), 2.0)]),
        article("pk-apr", "dawn.com", "2025-04-20", [
            event("China and Pakistan launched joint work on the second phase of the corridor.",
                  "COOPERATE", "CHN", "PAK", "launched", "2025-04-10", ("investment",), 6.0),
            event("China granted Pakistan an emergency loan to shore up reserves.", "AID", "CHN",
                  "PAK", "granted", "2025-04-12", ("finance",), 7.0),
            event("Pakistan and China agreed to expand yuan settlement of trade.", "AGREE", "PAK",
                  "CHN", "agreed", "2025-04-14", ("trade",), 4.0),
            # Not an event that happened: must not count.
            event("Pakistan may join a US-led minerals pact.", "AGREE", "PAK", "USA", "join",
                  "2025-04-15", ("minerals",), 4.0, factuality="hypothetical")]),
    ]


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "analysis.duckdb") as s:
        s.ingest(signing_articles() + pakistan_articles())
        yield s


# -- corroboration --------------------------------------------------------------------------

def test_same_story_from_three_outlets_is_one_story(store):
    from tightrope.analysis import corroborate

    corroborate(store)
    rows = store.con.execute(
        "SELECT n_mentions, n_docs, n_outlets, n_independent, day, source_country,"
        " target_country, context FROM stories WHERE type = 'AGREE' AND block LIKE '%CHN~USA'"
        " ORDER BY n_mentions DESC").fetchall()
    # signing: 3 mentions in 3 documents from 3 outlets, dated by its first precise mention;
    # the truce extension is a different story in the same week.
    assert rows == [(3, 3, 3, 3, D(2025, 5, 12), "CHN", "USA", ["trade"]),
                    (1, 1, 1, 1, D(2025, 5, 14), "CHN", "USA", ["tariffs"])]
    mentions = store.con.execute(
        "SELECT mentions FROM stories WHERE n_mentions = 3").fetchone()[0]
    ids = {r[0] for r in store.con.execute(
        "SELECT id FROM events WHERE doc_id LIKE 'wire-%'").fetchall()}
    assert set(mentions) == ids


def test_word_for_word_copies_are_not_independent(tmp_path):
    from tightrope.analysis import corroborate

    text = "Pakistan and Saudi Arabia signed a mutual defence pact in Riyadh."
    arts = [article(f"copy-{n}", outlet, "2025-09-18",
                    [event(text, "AGREE", "PAK", "SAU", "signed", "2025-09-17", ("military",), 4.0)])
            for n, outlet in enumerate(["apnews.com", "dawn.com", "arabnews.com"])]
    arts.append(article("own", "thenews.com.pk", "2025-09-18", [event(
        "Islamabad and Riyadh inked a mutual defence agreement on Wednesday.", "AGREE", "SAU",
        "PAK", "inked", "2025-09-17", ("military",), 4.0)]))
    with Store(tmp_path / "copies.duckdb") as s:
        s.ingest(arts)
        corroborate(s)
        # 4 outlets, but three carry the same wire text: 2 independent sources.
        assert s.con.execute("SELECT n_mentions, n_outlets, n_independent FROM stories"
                             ).fetchall() == [(4, 4, 2)]


def test_dates_and_contexts_keep_stories_apart(tmp_path):
    from tightrope.analysis import corroborate

    same = "The United States and China held talks on trade in Stockholm."
    arts = [article("a", "x.com", "2025-07-01", [event(same, "CONSULT", "USA", "CHN", "held talks",
                                                       "2025-07-01", ("trade",), 2.0)]),
            # the same words four days later: outside the +-3 day window
            article("b", "y.com", "2025-07-05", [event(same, "CONSULT", "USA", "CHN", "held talks",
                                                       "2025-07-05", ("trade",), 2.0)]),
            # same day, same words, but a disjoint channel
            article("c", "z.com", "2025-07-01", [event(same, "CONSULT", "USA", "CHN", "held talks",
                                                       "2025-07-01", ("military",), 2.0)]),
            # a month-precise mention joins the story of a day inside that month
            article("d", "w.com", "2025-08-02", [event(same, "CONSULT", "USA", "CHN", "held talks",
                                                       "2025-07", ("trade",), 2.0)])]
    with Store(tmp_path / "apart.duckdb") as s:
        s.ingest(arts)
        corroborate(s)
        sizes = sorted(r[0] for r in s.con.execute("SELECT n_mentions FROM stories").fetchall())
        assert sizes == [1, 1, 2]


def test_incremental_update_equals_full_rebuild(tmp_path):
    from tightrope.analysis import corroborate

    arts = signing_articles() + pakistan_articles()
    with Store(tmp_path / "inc.duckdb") as s:
        s.ingest(arts[:2])
        first = corroborate(s)
        assert (first.documents, first.mentions) == (2, 2)
        s.ingest(arts[2:])
        second = corroborate(s)
        # only the blocks touched by the new documents are redone: the signing's block
        # (2 old + 2 new mentions), and the Pakistani blocks
        assert second.documents == len(arts) - 2
        assert corroborate(s).documents == 0          # nothing changed since
        incremental = s.con.execute(
            "SELECT story_id, n_mentions, mentions FROM stories ORDER BY story_id").fetchall()
        corroborate(s, full=True)
        full = s.con.execute(
            "SELECT story_id, n_mentions, mentions FROM stories ORDER BY story_id").fetchall()
    assert incremental == full
    assert sum(n for _, n, _ in full) == 13             # every asserted or not, mention counted


def test_changed_document_updates_its_stories(store):
    from tightrope.analysis import dyad

    assert dyad(store, "USA", "CHN")["events"].sum() == 2
    # wire-2 is corrected: it now reports a different event (a sanction) -> the signing
    # story loses a mention, a new SANCTION story appears.
    changed = article("wire-2", "dawn.com", "2025-05-13", [event(
        "Washington imposed new export controls on Chinese chipmakers.", "SANCTION", "USA", "CHN",
        "imposed", "2025-05-13", ("technology",), -7.0)])
    store.ingest([changed])
    frame = dyad(store, "USA", "CHN")
    assert frame["events"].sum() == 3 and frame["mentions"].sum() == 4
    assert store.con.execute("SELECT max(n_mentions) FROM stories WHERE type = 'AGREE'"
                             ).fetchone()[0] == 2


# -- dyads ----------------------------------------------------------------------------------

def test_dyad_series_counts_stories_and_mentions(store):
    from tightrope.analysis import dyad

    frame = dyad(store, "USA", "CHN", period="month", since="2025-04", until="2025-06")
    assert list(frame["period"]) == ["2025-04", "2025-05", "2025-06"]
    may = frame.set_index("period").loc["2025-05"]
    assert (may["events"], may["mentions"]) == (2, 4)
    assert (may["agree"], may["verbal_cooperation"], may["material_conflict"]) == (2, 2, 0)
    assert may["net_sum"] == 8.0 and may["net_mean"] == 4.0      # 4 + 4, (4 + 4) / 2
    # AGREE is mutual: both stories count in both directions
    assert (may["a_to_b"], may["b_to_a"]) == (2, 2)
    assert may["channels"] == "tariffs 1, trade 1"
    empty = frame.set_index("period").loc["2025-04"]
    assert empty["events"] == 0 and math.isnan(empty["net_mean"])
    raw = dyad(store, "USA", "CHN", mentions=True)
    assert list(raw["events"]) == [4] and raw["net_sum"].iloc[0] == 16.0


def test_dyad_directions_and_quads(store):
    from tightrope.analysis import dyad

    frame = dyad(store, "Pakistan", "CHN", period="quarter")
    assert list(frame["period"]) == ["2025-Q1", "2025-Q2"]
    q1, q2 = frame.iloc[0], frame.iloc[1]
    # Q1: CHN->PAK ACCUSE (-2), PAK->CHN CONSULT (+2, mutual)
    assert (q1["events"], q1["verbal_conflict"], q1["verbal_cooperation"]) == (2, 1, 1)
    assert (q1["a_to_b"], q1["b_to_a"]) == (1, 2)                 # PAK->CHN: CONSULT only
    assert (q1["net_a_to_b"], q1["net_b_to_a"]) == (2.0, 0.0)     # CHN->PAK: -2 + 2
    # Q2: COOPERATE (6, mutual), AID CHN->PAK (7), AGREE (4, mutual); hypothetical ignored
    assert (q2["events"], q2["material_cooperation"], q2["agree"]) == (3, 2, 1)
    assert (q2["a_to_b"], q2["b_to_a"]) == (2, 3)
    assert q2["net_sum"] == 17.0 and round(q2["net_mean"], 4) == round(17 / 3, 4)


def test_strongest_dyads(store):
    from tightrope.analysis import strongest

    frame = strongest(store)
    top = [(r.a, r.b, r.events) for r in frame.itertuples()]
    # CHN-PAK: ACCUSE, CONSULT, COOPERATE, AID, AGREE = 5; PAK-USA: AGREE, AID = 2;
    # CHN-USA: 2 stories
    assert top == [("CHN", "PAK", 5), ("CHN", "USA", 2), ("PAK", "USA", 2)]


# -- balance --------------------------------------------------------------------------------

def test_balance_values_bands_and_insufficient_periods(store):
    from tightrope.analysis import balance

    frame = balance(store, "PAK", "USA", "CHN", period="month", since="2025-01", until="2025-04")
    rows = frame.set_index("period")
    assert list(rows.index) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    jan = rows.loc["2025-01"]
    # with USA: AGREE .4 + AID .7 (one story, two mentions) = 1.1; with CHN: ACCUSE -.2
    # b = (1.1 + .2) / (1.1 + .2 + 1) = 1.3 / 2.3 = 0.565217
    # d/dC_A = (2.3 - 1.3) / 2.3^2 = 0.189036, d/dC_B = (-2.3 + 1.3) / 2.3^2 = -0.189036
    # Var C_A = .16 + .49 = .65, Var C_B = .04 -> sd = 0.189036 * sqrt(.69) = 0.157025
    # band = 0.565217 -+ 1.96 * 0.157025 = [0.257448, 0.872986]
    assert (jan["events"], jan["events_a"], jan["events_b"], jan["status"]) == (3, 2, 1, "ok")
    assert jan["coop_a"] == pytest.approx(1.1) and jan["coop_b"] == pytest.approx(-0.2)
    assert jan["balance"] == pytest.approx(0.565217, abs=1e-6)
    assert jan["low"] == pytest.approx(0.257448, abs=1e-6)
    assert jan["high"] == pytest.approx(0.872986, abs=1e-6)
    # courting: USA->PAK = AGREE (mutual) .4 + AID .7; CHN->PAK = ACCUSE -.2; PAK->USA = .4
    assert jan["courting_a"] == pytest.approx(1.1) and jan["courting_a_events"] == 2
    assert jan["courting_b"] == pytest.approx(-0.2) and jan["courting_b_events"] == 1
    assert jan["p_to_a"] == pytest.approx(0.4) and jan["p_to_b_events"] == 0
    # February: one event; March: none -> insufficient, no value (not zero)
    for month, n in (("2025-02", 1), ("2025-03", 0)):
        row = rows.loc[month]
        assert row["status"] == "insufficient" and row["events"] == n
        assert math.isnan(row["balance"]) and math.isnan(row["low"])
    apr = rows.loc["2025-04"]
    # with CHN: .6 + .7 + .4 = 1.7 (hypothetical PAK-USA pact ignored); with USA: 0
    # b = -1.7 / 2.7 = -0.629630; d/dC_B = (-2.7 + 1.7) / 2.7^2 = -0.137174,
    # Var C_B = .36 + .49 + .16 = 1.01 -> sd = 0.137174 * sqrt(1.01) = 0.137858
    # band = -0.629630 -+ 0.270202 = [-0.899832, -0.359427]
    assert apr["balance"] == pytest.approx(-0.629630, abs=1e-6)
    assert apr["low"] == pytest.approx(-0.899832, abs=1e-6)
    assert apr["high"] == pytest.approx(-0.359427, abs=1e-6)


def test_balance_counts_mentions_on_request(store):
    from tightrope.analysis import balance

    jan = balance(store, "PAK", "USA", "CHN", mentions=True).set_index("period").loc["2025-01"]
    # the aid pledge now counts twice: C_A = .4 + .7 + .7 = 1.8, C_B = -.2
    # b = 2.0 / 3.0
    assert jan["events_a"] == 3 and jan["balance"] == pytest.approx(2 / 3)


def test_balance_by_channel(store):
    from tightrope.analysis import balance_channels

    frame = balance_channels(store, "PAK", "USA", "CHN", min_events=1).set_index("channel")
    assert sorted(frame.index) == ["aid", "diplomacy", "finance", "investment", "minerals",
                                   "security", "trade"]
    # minerals: one PAK-USA AGREE, .4 -> .4 / 1.4
    assert frame.loc["minerals", "balance"] == pytest.approx(0.4 / 1.4)
    # aid: USA .7 -> .7 / 1.7 ; finance: CHN .7 -> -.7 / 1.7
    assert frame.loc["aid", "balance"] == pytest.approx(0.7 / 1.7)
    assert frame.loc["finance", "balance"] == pytest.approx(-0.7 / 1.7)
    strict = balance_channels(store, "PAK", "USA", "CHN")
    assert set(strict["status"]) == {"insufficient"}                # no channel has 3 events


def test_balance_rejects_bad_arguments(store):
    from tightrope.analysis import AnalysisError, balance

    with pytest.raises(AnalysisError):
        balance(store, "PAK", "PAK", "CHN")
    with pytest.raises(AnalysisError):
        balance(store, "PAK", "USA", "CHN", period="fortnight")
    with pytest.raises(Exception, match="unknown country"):
        balance(store, "Atlantis", "USA", "CHN")


# -- ledger ---------------------------------------------------------------------------------

def ledger_articles() -> list[Extraction]:
    linked = event("An exchange of visits between the two leaders will follow in 2026.",
                   "CONSULT", "USA", "CHN", "exchange of visits", None, ("diplomacy",), 2.0,
                   factuality="forecast")
    linked_id = record_id("views", "event", 5, linked["sentence"])
    return [article("views", "dawn.com", "2025-01-05", [
        forecast("US-China thaw", "Mushahid Hussain", "2025-12-31"),
        forecast("Pakistan-India war", "Analyst X", "2025-03-31"),
        forecast("China-Pakistan rift", "Analyst X", "2025-04-30"),
        forecast("US-Pakistan minerals deal", "Analyst Y", None),
        forecast("Trump-Xi exchange of visits", "Mushahid Hussain", "2026-12-31",
                 event_ids=(linked_id,)),
        linked,
    ])]


def test_ledger_statuses(store):
    from tightrope.analysis import ledger, track_record

    store.ingest(ledger_articles())
    frame = ledger(store, as_of="2025-06-01").set_index("claim")
    # thaw: two cooperative USA-CHN stories in May, none against -> met
    assert frame.loc["US-China thaw", "status"] == "met"
    assert (frame.loc["US-China thaw", "evidence_for"],
            frame.loc["US-China thaw", "evidence_against"]) == (2, 0)
    # war: no PAK-IND events at all, window over -> expired-unresolved
    assert frame.loc["Pakistan-India war", "status"] == "expired-unresolved"
    # rift (conflict): for = the ACCUSE (Jan 17); against = CONSULT, COOPERATE, AID, AGREE;
    # window over with more against -> not met
    rift = frame.loc["China-Pakistan rift"]
    assert (rift["status"], rift["evidence_for"], rift["evidence_against"]) == ("not met", 1, 4)
    # minerals deal: the Jan 15 MoU is after publication (Jan 5) and cooperative -> met;
    # the window defaults to one year from the day after publication
    deal = frame.loc["US-Pakistan minerals deal"]
    assert deal["status"] == "met" and deal["by"] == D(2026, 1, 6)
    # visits: linked CONSULT USA-CHN forecast event; no such asserted story yet -> pending
    visits = frame.loc["Trump-Xi exchange of visits"]
    assert visits["status"] == "pending" and visits["basis"].startswith("CONSULT USA-CHN")
    # before the May stories the thaw was still pending
    early = ledger(store, as_of="2025-03-01").set_index("claim")
    assert early.loc["US-China thaw", "status"] == "pending"

    record = track_record(frame.reset_index()).set_index("holder")
    assert record.loc["Analyst X"].to_dict() == {
        "forecasts": 2, "met": 0, "not_met": 1, "pending": 0, "expired_unresolved": 1,
        "hit_rate": 0.0}
    assert record.loc["Mushahid Hussain", "hit_rate"] == 1.0       # 1 met, 1 pending


def test_ledger_evidence_and_hand_resolution(store):
    from tightrope.analysis import evidence, ledger, resolve
    from tightrope.analysis.ledger import LedgerError

    store.ingest(ledger_articles())
    frame = ledger(store, as_of="2025-06-01").set_index("claim")
    thaw_id = frame.loc["US-China thaw", "id"]
    found = evidence(store, thaw_id, as_of="2025-06-01")
    assert list(found["role"]) == ["for", "for"]
    assert list(found["day"]) == [D(2025, 5, 12), D(2025, 5, 14)]
    assert list(found["n_outlets"]) == [3, 1]

    visits_id = frame.loc["Trump-Xi exchange of visits", "id"]
    resolve(store, visits_id, True, "Xi visited Washington in April 2026 (checked by hand)")
    resolve(store, thaw_id, False, "tariffs went back up in the autumn")
    hand = ledger(store, as_of="2025-06-01").set_index("claim")
    assert (hand.loc["Trump-Xi exchange of visits", "status"],
            hand.loc["Trump-Xi exchange of visits", "decided_by"]) == ("met", "hand")
    assert hand.loc["US-China thaw", "status"] == "not met"          # hand beats auto
    assert hand.loc["US-China thaw", "note"] == "tariffs went back up in the autumn"
    resolve(store, thaw_id, None)
    assert ledger(store, as_of="2025-06-01").set_index("claim").loc[
        "US-China thaw", "status"] == "met"
    with pytest.raises(LedgerError):
        resolve(store, "fo-nope", True)


def test_claim_reading():
    from tightrope.analysis.ledger import claim_polarity, claim_states

    assert claim_states("US-China thaw") == ["USA", "CHN"]
    assert claim_states("Pakistan's deal with Saudi Arabia") == ["PAK", "SAU"]
    assert claim_polarity("US-China thaw") == 1
    assert claim_polarity("renewed US-China trade war") == -1
    assert claim_polarity("tariff truce between Washington and Beijing") == 1   # head last
    assert claim_polarity("no US-China trade deal") == -1
    assert claim_polarity("end of US tariffs on China") == 1
    assert claim_polarity("Pakistan's economy will recover") == 0


# -- read-only stores, the CLI and charts ---------------------------------------------------

def test_read_only_store_is_analysed_without_changing_the_file(tmp_path):
    from tightrope.analysis import balance

    path = tmp_path / "ro.duckdb"
    with Store(path) as s:
        s.ingest(pakistan_articles())
    with Store(path, read_only=True) as s:
        frame = balance(s, "PAK", "USA", "CHN")
        assert frame.set_index("period").loc["2025-01", "events"] == 3
    with Store(path) as s:
        assert s.con.execute("SELECT count(*) FROM stories").fetchone()[0] == 0


def test_cli_reports_formats_and_charts(tmp_path):
    from click.testing import CliRunner

    from tightrope.cli import main

    path = tmp_path / "cli.duckdb"
    with Store(path) as s:
        s.ingest(signing_articles() + pakistan_articles() + ledger_articles())
    runner = CliRunner()
    db = ["--db", str(path)]
    result = runner.invoke(main, ["balance", "PAK", "--between", "USA", "CHN", "--since",
                                  "2025-01", "--until", "2025-04", "--format", "jsonl", *db])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["period"] for r in rows] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert rows[1]["status"] == "insufficient" and rows[1]["balance"] is None
    assert rows[0]["balance"] == pytest.approx(0.565217, abs=1e-6)
    assert {"period", "balance", "low", "high", "events", "status"} <= set(rows[0])

    result = runner.invoke(main, ["dyad", "USA", "CHN", "--format", "csv", "--period",
                                  "quarter", *db])
    assert result.exit_code == 0, result.output
    header, line = result.output.splitlines()
    assert header.startswith("period,period_start,a,b,events,mentions")
    assert line.startswith("2025-Q2,2025-04-01,USA,CHN,2,4")

    for suffix in ("png", "svg", "html"):
        chart = tmp_path / f"balance.{suffix}"
        result = runner.invoke(main, ["balance", "PAK", "--between", "USA", "CHN", "--chart",
                                      str(chart), *db])
        assert result.exit_code == 0, result.output
        assert chart.stat().st_size > 5000
    page = (tmp_path / "balance.html").read_text()
    assert "<svg" in page and "insufficient" in page
    assert (tmp_path / "balance.png").read_bytes()[:4] == b"\x89PNG"

    result = runner.invoke(main, ["dyad", "USA", "CHN", "--chart", str(tmp_path / "d.svg"), *db])
    assert result.exit_code == 0 and (tmp_path / "d.svg").stat().st_size > 5000
    result = runner.invoke(main, ["report", "--chart", str(tmp_path / "net.png"), *db,
                                  "--as-of", "2025-06-01"])
    assert result.exit_code == 0, result.output
    # chosen from the data: CHN and PAK have the most events (7 each), USA deals with both
    assert "Strongest dyads" in result.output and "USA between CHN (+) and PAK" in result.output
    assert result.output.startswith("9 story events from 12 event mentions")
    result = runner.invoke(main, ["report", "--pivot", "PAK", "--between", "USA", "CHN", *db,
                                  "--format", "jsonl"])
    sections = [json.loads(line)["section"] for line in result.output.splitlines()]
    assert sections.count("dyads") == 3 and sections.count("balance") == 4
    assert (tmp_path / "net.png").stat().st_size > 5000

    result = runner.invoke(main, ["ledger", "--format", "jsonl", "--as-of", "2025-06-01", *db])
    forecasts = {r["claim"]: r for r in map(json.loads, result.output.splitlines())}
    thaw = forecasts["US-China thaw"]
    assert thaw["status"] == "met" and len(thaw["evidence"]) == 2
    result = runner.invoke(main, ["ledger", "resolve", thaw["id"], "--not-met", "--note",
                                  "reversed in October", *db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["ledger", "show", thaw["id"], "--as-of", "2025-06-01", *db])
    assert "not met (hand)" in result.output and "Evidence" in result.output
    result = runner.invoke(main, ["ledger", "--holders", "--format", "csv", *db,
                                  "--as-of", "2025-06-01"])
    assert result.output.splitlines()[0] == ("holder,forecasts,met,not_met,pending,"
                                             "expired_unresolved,hit_rate")


def test_cli_errors_are_one_line(tmp_path):
    from click.testing import CliRunner

    from tightrope.cli import main
    from tightrope.errors import TightropeError

    result = CliRunner().invoke(main, ["balance", "PAK", "--between", "USA", "CHN", "--db",
                                       str(tmp_path / "missing.duckdb")])
    assert isinstance(result.exception, TightropeError)
    assert not (tmp_path / "missing.duckdb").exists()
    path = tmp_path / "x.duckdb"
    with Store(path) as s:
        s.ingest(pakistan_articles())
    result = CliRunner().invoke(main, ["balance", "PAK", "--between", "USA", "CHN", "--db",
                                       str(path), "--chart", str(tmp_path / "c.pdf")])
    assert isinstance(result.exception, TightropeError)


def test_real_pipeline_three_outlets_one_story(extractor, tmp_path):
    """Our own three reports of one signing, through the real extraction pipeline: however
    the extractor codes them, every AGREE between the US and China they yield is one story
    told by three outlets."""
    from tightrope.analysis import dyad

    reports = [
        ("geneva-reuters", "reuters.com", "2025-05-12",
         "The United States and China signed a trade agreement in Geneva on Monday."),
        ("geneva-dawn", "dawn.com", "2025-05-13",
         "Washington and Beijing signed a trade deal in Geneva on Monday, officials said."),
        ("geneva-scmp", "scmp.com", "2025-05-13",
         "Chinese and American negotiators signed a new trade accord in Geneva on Monday."),
    ]
    articles = [Article(text=t, id=i, outlet=o, published=p) for i, o, p, t in reports]
    with Store(tmp_path / "real.duckdb") as s:
        s.ingest(extractor.many(articles))
        mentions = s.con.execute(
            "SELECT count(DISTINCT doc_id) FROM events WHERE type = 'AGREE' AND"
            " factuality = 'asserted' AND list_sort([source_country, target_country])"
            " = ['CHN', 'USA']").fetchone()[0]
        assert mentions == 3, "the extractor should find the signing in all three reports"
        frame = dyad(s, "USA", "CHN")
        assert frame["agree"].sum() == 1
        assert s.con.execute("SELECT n_outlets FROM stories WHERE type = 'AGREE'"
                             ).fetchall() == [(3,)]


def test_ledger_chart(store, tmp_path):
    from tightrope.analysis import charts, ledger, track_record

    store.ingest(ledger_articles())
    frame = ledger(store, as_of="2025-06-01")
    path = charts.ledger_chart(frame, track_record(frame), tmp_path / "ledger.svg")
    text = path.read_text()
    assert text.startswith("<?xml") and "Track record by holder" in text
