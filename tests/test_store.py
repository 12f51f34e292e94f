"""The DuckDB store: idempotent ingest, whole-document transactions, filtered queries,
pagination and export, on real database files in tmp_path.

Query tests store records we write by hand (the store's input is the record contract, so
hand-written records pin down exactly which rows each filter must return); ingest tests run
the real extraction pipeline."""
from __future__ import annotations

import json

import duckdb
import pytest

from tightrope.extract import Extraction
from tightrope.records import Article, actor_dict, record_id
from tightrope.store import Filters, QueryError, Store
from tightrope.store.export import export

# -- hand-written records -------------------------------------------------------------------

TEXT_1 = ("Washington imposed new sanctions on Chinese chip makers in February. "
          "Pakistan and China agreed to extend the corridor. "
          "\"We will not bow to pressure,\" the Pakistani minister said. "
          "The deal is worth $2 billion.")
TEXT_2 = ("Beijing denied that it had accused Washington of meddling. "
          "India may strike Pakistani positions next year, analysts warned. "
          "Tariffs rose by 25 percent.")


def _actor(doc_id, start, end, text, name, country, sector="GOV", kind="state"):
    return {"kind": "actor", "doc_id": doc_id, "id": record_id(doc_id, "actor", start, end),
            "text": text, "name": name, "country": country, "sector": sector, "role": None,
            "mention_kind": kind, "span": [start, end]}


NAMES = {"USA": "United States", "CHN": "China", "PAK": "Pakistan", "IND": "India"}


def _event(doc_id, n, type_, source, target, date=None, factuality="asserted", sentence=""):
    return {"kind": "event", "doc_id": doc_id, "id": record_id(doc_id, "event", n), "type": type_,
            "source": actor_dict(NAMES[source], NAMES[source], source, "GOV"),
            "target": actor_dict(NAMES[target], NAMES[target], target, "GOV"),
            "sentence": sentence, "span": [0, len(sentence)], "trigger": "x", "date": date,
            "factuality": factuality, "context": ["trade"], "intensity": 1.0, "confidence": 0.9}


def extraction_1(text: str = TEXT_1) -> Extraction:
    d = "dawn-1"
    article = Article(text=text, id=d, outlet="dawn.com", published="2025-03-10", title="Sanctions")
    records = [
        {"kind": "document", "doc_id": d, "url": None, "outlet": "dawn.com", "published": "2025-03-10",
         "title": "Sanctions", "language": "en", "n_sentences": 4},
        _actor(d, 0, 10, "Washington", "United States", "USA", kind="capital"),
        _actor(d, 71, 79, "Pakistan", "Pakistan", "PAK"),
        _actor(d, 84, 89, "China", "China", "CHN"),
        _event(d, 1, "SANCTION", "USA", "CHN", date="2025-02",
               sentence="Washington imposed new sanctions on Chinese chip makers in February."),
        _event(d, 2, "AGREE", "PAK", "CHN", sentence="Pakistan and China agreed to extend the corridor."),
        {"kind": "quote", "doc_id": d, "id": record_id(d, "quote", 1),
         "speaker": {"text": "the Pakistani minister", "name": None, "country": "PAK", "role": "minister"},
         "text": "We will not bow to pressure,", "direct": True, "cue": "said", "span": [120, 148]},
        {"kind": "amount", "doc_id": d, "id": record_id(d, "amount", 1), "text": "$2 billion",
         "value": 2e9, "unit": "USD", "about": "deal", "actors": ["PAK", "CHN"],
         "sentence": "The deal is worth $2 billion.", "span": [200, 210]},
        {"kind": "forecast", "doc_id": d, "id": record_id(d, "forecast", 1),
         "holder": actor_dict("the Pakistani minister", None, "PAK"), "sentence": "We will not bow.",
         "span": [120, 148], "claim": "no concession", "from": "2025-03-10", "by": "2025-12-31"},
        {"kind": "flag", "doc_id": d, "id": record_id(d, "flag", 1), "flag": "implausible_year",
         "text": "20180", "message": "20180 is not a plausible year", "sentence": "In 20180.",
         "span": [1, 6]},
    ]
    return Extraction(article, records, [(0, 68), (69, 119), (120, 180), (181, 210)])


def extraction_2() -> Extraction:
    d = "wire-2"
    article = Article(text=TEXT_2, id=d, outlet="Wire", published="2025-06-01")
    records = [
        {"kind": "document", "doc_id": d, "url": None, "outlet": "Wire", "published": "2025-06-01",
         "title": None, "language": "en", "n_sentences": 3},
        _actor(d, 0, 7, "Beijing", "China", "CHN", kind="capital"),
        _actor(d, 39, 49, "Washington", "United States", "USA", kind="capital"),
        _actor(d, 60, 65, "India", "India", "IND"),
        _actor(d, 76, 85, "Pakistani", "Pakistan", "PAK", kind="demonym"),
        _event(d, 1, "ACCUSE", "CHN", "USA", date="2025-05-30", factuality="negated",
               sentence="Beijing denied that it had accused Washington of meddling."),
        _event(d, 2, "ASSAULT", "IND", "PAK", date="2026", factuality="forecast",
               sentence="India may strike Pakistani positions next year, analysts warned."),
        {"kind": "amount", "doc_id": d, "id": record_id(d, "amount", 1), "text": "25 percent",
         "value": 25.0, "unit": "percent", "about": "tariffs", "actors": ["IND"],
         "sentence": "Tariffs rose by 25 percent.", "span": [120, 130]},
    ]
    return Extraction(article, records, [(0, 59), (60, 126), (127, 154)])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "q.duckdb") as s:
        s.ingest([extraction_1(), extraction_2()])
        yield s


def ids(records):
    return sorted(r.get("id", r["doc_id"]) for r in records)


# -- writing --------------------------------------------------------------------------------

def test_same_document_twice_is_stored_once(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        first = s.ingest([extraction_1()])
        second = s.ingest([extraction_1(), extraction_1()])
        assert (first.stored, second.stored, second.unchanged) == (1, 0, 2)
        assert s.summary() == {"document": 1, "sentence": 4, "actor": 3, "event": 2, "quote": 1,
                               "amount": 1, "forecast": 1, "flag": 1}


def test_changed_text_replaces_the_old_version(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.ingest([extraction_1()])
        changed = extraction_1(TEXT_1 + " Talks resume in May.")
        changed.records = [r for r in changed.records if r["kind"] != "event"]
        result = s.ingest([changed])
        assert (result.stored, result.replaced) == (1, 1)
        assert s.count("document") == 1 and s.count("event") == 0
        assert s.known_hash("dawn-1") == changed.article.hash
        (text,) = s.con.execute("SELECT text FROM documents").fetchall()[0]
        assert text.endswith("Talks resume in May.")


def test_records_come_back_exactly_and_in_extraction_order(store):
    original = extraction_1().records + extraction_2().records
    assert list(store.stream()) == [json.dumps(r, ensure_ascii=False) for r in original]


def test_unknown_kinds_are_kept_for_export(tmp_path):
    ex = extraction_2()
    ex.records.append({"kind": "relation", "doc_id": "wire-2", "id": "re-1", "a": 1})
    with Store(tmp_path / "s.duckdb") as s:
        s.ingest([ex])
        assert json.loads(list(s.stream())[-1]) == ex.records[-1]


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    good, bad = extraction_1(), extraction_2()
    bad.records[1]["span"] = ["not", "a number"]          # cannot be stored as INTEGER
    with Store(tmp_path / "s.duckdb") as s:
        with pytest.raises(Exception):
            s.write_batch([good, bad])
        assert s.summary()["document"] == 0 and s.summary()["sentence"] == 0


def test_a_document_that_cannot_be_stored_costs_only_itself(tmp_path):
    good, bad = extraction_1(), extraction_2()
    bad.records[1]["span"] = ["not", "a number"]
    errors = []
    with Store(tmp_path / "s.duckdb") as s:
        result = s.ingest([bad, good], batch_size=10, on_error=lambda a, e: errors.append((a.id, e)))
        assert (result.stored, result.failed) == (1, 1)
        assert [doc_id for doc_id, _ in errors] == ["wire-2"]
        assert "cannot be stored" in str(errors[0][1])
        assert [r["doc_id"] for r in s.records("document")] == ["dawn-1"]
        assert s.con.execute("SELECT DISTINCT doc_id FROM sentences").fetchall() == [("dawn-1",)]


def test_columns_added_to_the_schema_reach_old_files(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE flags (doc_id VARCHAR NOT NULL, id VARCHAR NOT NULL, flag VARCHAR,"
                " message VARCHAR, span_start INTEGER, span_end INTEGER, record JSON)")
    con.close()
    with Store(path) as s:
        s.ingest([extraction_1()])
        assert s.records("flag")[0]["text"] == "20180"


def test_read_only_store_needs_an_existing_file(tmp_path):
    from tightrope.store import StoreError

    with pytest.raises(StoreError, match="no tightrope database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


# -- ingest through the real pipeline -------------------------------------------------------

class CountingExtractor:
    """The real extractor, counting the articles it is given."""

    def __init__(self, extractor):
        self.extractor = extractor
        self.seen: list[str] = []

    def many(self, articles):
        def counted():
            for article in articles:
                self.seen.append(article.id)
                yield article
        return self.extractor.many(counted())

    def one(self, article):
        self.seen.append(article.id)
        return self.extractor.one(article)


class FailingOn(CountingExtractor):
    """The real extractor, except that it raises on one article id (as a bug would)."""

    def __init__(self, extractor, bad_id):
        super().__init__(extractor)
        self.bad_id = bad_id

    def many(self, articles):
        for article in articles:
            yield self.one(article)

    def one(self, article):
        if article.id == self.bad_id:
            raise ValueError("boom")
        return super().one(article)


ARTICLES = [
    Article(text="Pakistan and China signed a new agreement on the corridor in Beijing. "
                 "The United States said it was watching closely.", id="real-1",
            published="2025-04-02", outlet="demo"),
    Article(text="India and Pakistan agreed to a ceasefire after four days of clashes. "
                 "Washington welcomed the pause.", id="real-2", published="2025-05-10",
            outlet="demo"),
]


def test_ingest_skips_unchanged_articles_before_extraction(tmp_path, extractor):
    counting = CountingExtractor(extractor)
    with Store(tmp_path / "s.duckdb") as s:
        first = s.ingest_articles(ARTICLES, counting, batch_size=1)
        assert (first.stored, first.batches, counting.seen) == (2, 2, ["real-1", "real-2"])
        n_records = s.summary()
        changed = Article(text=ARTICLES[1].text + " Talks will follow.", id="real-2",
                          published="2025-05-10", outlet="demo")
        again = s.ingest_articles([*ARTICLES, changed], counting, batch_size=1)
        # Only the changed text reached the NLP pipeline.
        assert counting.seen == ["real-1", "real-2", "real-2"]
        assert (again.stored, again.replaced, again.unchanged) == (1, 1, 2)
        assert s.count("document") == 2
        (n,) = s.con.execute("SELECT n_sentences FROM documents WHERE doc_id = 'real-2'").fetchall()[0]
        assert n == 3
        assert s.summary()["actor"] >= n_records["actor"]
        assert s.con.execute("SELECT count(*) FROM sentences WHERE doc_id = 'real-2'").fetchall()[0][0] == 3


def test_duplicate_articles_in_one_run_are_extracted_once(tmp_path, extractor):
    counting = CountingExtractor(extractor)
    with Store(tmp_path / "s.duckdb") as s:
        result = s.ingest_articles([ARTICLES[0], ARTICLES[0]], counting)
        assert counting.seen == ["real-1"] and (result.stored, result.unchanged) == (1, 1)


def test_an_article_whose_extraction_fails_costs_only_itself(tmp_path, extractor):
    failing = FailingOn(extractor, "real-1")
    errors = []
    with Store(tmp_path / "s.duckdb") as s:
        result = s.ingest_articles(ARTICLES, failing, on_error=lambda a, e: errors.append((a.id, str(e))))
        assert errors == [("real-1", "boom")]
        assert (result.stored, result.failed) == (1, 1)
        assert [r["doc_id"] for r in s.records("document")] == ["real-2"]


def test_stored_records_equal_extraction(tmp_path, extractor):
    expected = [json.dumps(r, ensure_ascii=False) for a in ARTICLES for r in extractor.one(a).records]
    with Store(tmp_path / "s.duckdb") as s:
        s.ingest_articles(ARTICLES, extractor)
        assert list(s.stream()) == expected


# -- queries --------------------------------------------------------------------------------

def test_country_filter_per_kind(store):
    assert ids(store.records("event", country="PAK")) == ids(
        [r for r in extraction_1().records + extraction_2().records
         if r["kind"] == "event" and "PAK" in (r["source"]["country"], r["target"]["country"])])
    assert len(store.records("event", country="USA")) == 2
    assert len(store.records("event", country="Pakistan")) == 2      # names work too
    assert len(store.records("quote", country="PAK")) == 1
    assert len(store.records("quote", country="CHN")) == 0
    assert len(store.records("forecast", country="PAK")) == 1
    assert [r["text"] for r in store.records("amount", country="IND")] == ["25 percent"]
    assert len(store.records("actor", country="USA")) == 2
    assert ids(store.records("document", country="IND")) == ["wire-2"]
    assert ids(store.records("document", country="USA")) == ["dawn-1", "wire-2"]


def test_dyad_either_direction_and_directed(store):
    both = store.records("event", dyad=("CHN", "USA"))
    assert sorted(r["type"] for r in both) == ["ACCUSE", "SANCTION"]
    directed = store.records("event", dyad=("USA", "CHN"), directed=True)
    assert [r["type"] for r in directed] == ["SANCTION"]
    assert [r["type"] for r in store.records("event", dyad=("CHN", "USA"), directed=True)] == ["ACCUSE"]
    assert [r["text"] for r in store.records("amount", dyad=("CHN", "PAK"))] == ["$2 billion"]
    assert ids(store.records("document", dyad=("IND", "USA"))) == ["wire-2"]


def test_type_factuality_unit_filters(store):
    assert [r["type"] for r in store.records("event", type="assault")] == ["ASSAULT"]
    assert [r["type"] for r in store.records("event", factuality="negated")] == ["ACCUSE"]
    assert [r["flag"] for r in store.records("flag", type="implausible_year")] == ["implausible_year"]
    assert store.records("flag", type="office_mismatch") == []
    assert [r["text"] for r in store.records("amount", unit="usd")] == ["$2 billion"]
    assert len(store.records("actor", type="capital")) == 3


def test_dates_use_the_event_date_else_publication(store):
    # SANCTION is dated 2025-02 in the text; AGREE only has the publication date 2025-03-10.
    assert [r["type"] for r in store.records("event", until="2025-02")] == ["SANCTION"]
    assert [r["type"] for r in store.records("event", since="2025-03", until="2025-03-31")] == ["AGREE"]
    assert [r["type"] for r in store.records("event", since="2025-05-30", until="2025-05-30")] == ["ACCUSE"]
    assert [r["type"] for r in store.records("event", since="2026")] == ["ASSAULT"]
    assert ids(store.records("quote", since="2025-04")) == []
    assert ids(store.records("document", until="2025")) == ["dawn-1", "wire-2"]
    with pytest.raises(QueryError, match="bad date"):
        store.records("event", since="March")


def test_outlet_doc_contains_limit(store):
    assert ids(store.records("document", outlet="DAWN.COM")) == ["dawn-1"]
    assert len(store.records("event", outlet="wire")) == 2
    assert {r["doc_id"] for r in store.records("actor", doc="wire-2")} == {"wire-2"}
    assert [r["type"] for r in store.records("event", contains="CORRIDOR")] == ["AGREE"]
    assert [r["doc_id"] for r in store.records("document", contains="meddling")] == ["wire-2"]
    assert len(store.records("actor", limit=2)) == 2
    assert store.count("actor", limit=2) == 7


def test_filters_that_do_not_apply_are_refused(store):
    with pytest.raises(QueryError, match="dyad filter does not apply to quote"):
        store.records("quote", dyad=("USA", "CHN"))
    with pytest.raises(QueryError, match="unknown country"):
        store.records("event", country="Atlantis")
    with pytest.raises(QueryError, match="unknown record kind"):
        store.records("relation")


def test_values_are_parameters_not_sql(store):
    assert store.records("event", contains="'; DROP TABLE events; --") == []
    assert store.records("document", outlet="x' OR '1'='1") == []
    assert store.count("event") == 4


def test_keyset_pagination_walks_every_row_once(store):
    seen, after = [], None
    while True:
        page = store.page("actor", limit=3, after=after)
        seen += [r["id"] for r in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    assert sorted(seen) == ids(store.records("actor")) and len(seen) == len(set(seen)) == 7
    days = [str(r["day"]) for r in store.rows("event")]
    assert days == sorted(days)
    newest = store.rows("event", descending=True, limit=2)
    assert [r["type"] for r in newest] == ["ASSAULT", "ACCUSE"]
    second = store.page("event", descending=True, limit=2, after=newest[-1]["id"])
    assert [r["type"] for r in second.items] == ["AGREE", "SANCTION"]
    with pytest.raises(QueryError, match="unknown cursor"):
        store.page("event", after="ev-nope")


def test_frames_and_actor_counts(store):
    frame = store.frame("event", Filters(country="USA"))
    assert set(frame["type"]) == {"SANCTION", "ACCUSE"} and "record" not in frame.columns
    counts = {(a["name"], a["country"]): a for a in store.actors()}
    assert counts[("United States", "USA")]["mentions"] == 2
    assert counts[("United States", "USA")]["documents"] == 2
    assert [a["name"] for a in store.actors(doc="dawn-1")] == ["China", "Pakistan", "United States"]


def test_one_document_with_sentences_and_one_record(store):
    document = store.document("wire-2")
    assert document["text"] == TEXT_2 and document["outlet"] == "Wire"
    assert [s["text"] for s in document["sentences"]] == [TEXT_2[s:e] for s, e in extraction_2().sentences]
    assert store.document("nope") is None
    flag = extraction_1().records[-1]
    assert store.record(flag["id"]) == flag and store.record("nope") is None


def test_read_only_store_answers_queries(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.ingest([extraction_1()])
    with Store(path, read_only=True) as s:
        assert s.count("event") == 2


# -- export ---------------------------------------------------------------------------------

def test_export_parquet_csv_jsonl(store, tmp_path):
    import pandas as pd

    counts = export(store, "parquet", tmp_path / "pq")
    assert counts == {"document": 2, "actor": 7, "event": 4, "quote": 1, "amount": 2,
                      "forecast": 1, "flag": 1}
    events = pd.read_parquet(tmp_path / "pq" / "events.parquet")
    assert sorted(events["type"]) == ["ACCUSE", "AGREE", "ASSAULT", "SANCTION"]
    assert list(events["context"].iloc[0]) == ["trade"]
    documents = pd.read_parquet(tmp_path / "pq" / "documents.parquet")
    assert documents.loc[documents.doc_id == "wire-2", "text"].item() == TEXT_2

    export(store, "csv", tmp_path / "csv", kinds=["amount"])
    assert [p.name for p in (tmp_path / "csv").iterdir()] == ["amounts.csv"]
    amounts = pd.read_csv(tmp_path / "csv" / "amounts.csv")
    assert set(amounts["actors"]) == {"PAK;CHN", "IND"}

    export(store, "jsonl", tmp_path / "all.jsonl")
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == extraction_1().records + extraction_2().records


def test_channel_filter_reads_the_context_tags(store):
    everything = store.records("event")
    assert store.records("event", channel="TRADE") == everything and everything
    assert store.records("event", channel="minerals") == []
    with pytest.raises(QueryError, match="channel filter does not apply to quote"):
        store.records("quote", channel="trade")
