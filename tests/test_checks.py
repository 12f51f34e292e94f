"""Consistency flags on sentences written for these tests, and the two real problems in the
seed article (found by the general rules, nothing seed-specific)."""
import json

import pytest

from tightrope.extract.checks import year_repairs
from tightrope.records import Article

from conftest import SEED


def flags(extractor, text, published="2025-11-02"):
    records = extractor.one(Article(text=text, id="t", published=published)).records
    found = [r for r in records if r["kind"] == "flag"]
    for f in found:
        assert text[f["span"][0]:f["span"][1]] == f["text"]
        assert f["message"] and f["sentence"]
    return found


def kinds(found):
    return [(f["flag"], f["text"]) for f in found]


@pytest.mark.parametrize("text, bad", [
    ("The 19990-2003 sanctions regime ended quietly.", "19990"),
    ("The treaty was signed in 20150 after long talks.", "20150"),
    ("In 20170 the two states restored ties.", "20170"),
    ("Talks resumed in March 20210 in Geneva.", "20210"),
    ("The 2001-20110 war in Afghanistan drained budgets.", "20110"),
])
def test_five_digit_years_are_flagged(extractor, text, bad):
    assert kinds(flags(extractor, text)) == [("implausible_year", bad)]


def test_repair_suggestions():
    assert year_repairs("20180", 2075) == [2018, 2010]
    assert year_repairs("19990", 2075) == [1999, 1990]


def test_far_future_year_told_as_past_is_flagged(extractor):
    found = flags(extractor, "In 2090 the army seized the capital.")
    assert kinds(found) == [("implausible_year", "2090")]
    assert flags(extractor, "Planners say the sea will rise sharply by 2090.") == []


@pytest.mark.parametrize("text", [
    "Some 12000 troops crossed the border.",
    "The deal is worth $20180 million.",
    "The 2018-2020 clashes cost billions.",
    "Trade War 2.0 began in 2025.",
])
def test_numbers_that_are_fine(extractor, text):
    assert [f for f in flags(extractor, text) if f["flag"] == "implausible_year"] == []


def test_office_holder_outside_their_term_is_flagged(extractor):
    text = "US Secretary of State Antony Blinken visited Islamabad in March."
    [flag] = flags(extractor, text, published="2025-11-02")
    assert flag["flag"] == "office_mismatch"
    assert "Antony Blinken" in flag["text"]
    assert "Marco Rubio" in flag["message"] and "2025-01-20" in flag["message"]


def test_office_holder_within_their_term_is_not_flagged(extractor):
    text = "US Secretary of State Antony Blinken visited Islamabad in March."
    assert flags(extractor, text, published="2023-06-01") == []


def test_former_office_holder_is_not_flagged(extractor):
    text = "Former Pakistani Foreign Minister Bilawal Bhutto Zardari spoke in London last week."
    assert flags(extractor, text, published="2025-11-02") == []


def test_office_checked_against_the_publication_date_without_a_date_in_the_sentence(extractor):
    text = "Pakistani Prime Minister Imran Khan met Chinese officials."
    [flag] = flags(extractor, text, published="2025-11-02")
    assert flag["flag"] == "office_mismatch" and "Shehbaz Sharif" in flag["message"]


def test_same_quantity_with_different_values(extractor):
    text = ("Bilateral trade reached $45 billion last year, officials said. "
            "Analysts noted that bilateral trade reached $52 billion last year.")
    [flag] = flags(extractor, text)
    assert flag["flag"] == "inconsistent_quantity" and flag["text"] == "$52 billion"
    assert "$45 billion" in flag["message"]


def test_two_values_in_one_sentence_are_a_change_not_a_conflict(extractor):
    text = "Bilateral trade rose from $45 billion to $52 billion."
    assert flags(extractor, text) == []


def test_share_over_100(extractor):
    [flag] = flags(extractor, "The state fund holds a 130% stake in the port company.")
    assert flag["flag"] == "share_over_100" and flag["text"] == "130%"
    assert flags(extractor, "Exports to Vietnam rose 150% over two years.") == []
    assert flags(extractor, "Public debt reached 120 percent of GDP.") == []


def test_the_seed_article_problems_are_found(extractor):
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    article = Article(text=seed["text"], id=seed["id"], published=seed["published"])
    found = [r for r in extractor.one(article).records if r["kind"] == "flag"]
    by_kind = {f["flag"]: f for f in found}
    assert by_kind["implausible_year"]["text"] == "20180"
    assert "Raimondo" in by_kind["office_mismatch"]["text"]
    assert "Howard Lutnick" in by_kind["office_mismatch"]["message"]
    assert len(found) == 2


def test_surname_shared_with_the_holder_of_the_day_is_not_flagged(extractor):
    # The actors step may resolve a bare surname to the better-known namesake; the office
    # holder on the day shares the name, so the title is not wrong.
    text = "Syrian President Assad received the envoy in Damascus yesterday."
    assert [f for f in flags(extractor, text, published="1999-06-01")
            if f["flag"] == "office_mismatch"] == []


def test_a_date_in_another_clause_does_not_date_the_title(extractor):
    # 2023 is when the group struck, not when the secretary spoke (published in 2025).
    text = ("Secretary of State Marco Rubio said on Tuesday that the group had carried out "
            "attacks in 2023.")
    assert [f for f in flags(extractor, text, published="2025-08-12")
            if f["flag"] == "office_mismatch"] == []


def test_one_generic_word_or_other_states_are_different_quantities(extractor):
    text = ("Egyptian cotton faces a tariff of 15% in Turkey. "
            "Vietnamese rice still faces a tariff of 13% in Japan.")
    assert flags(extractor, text) == []
