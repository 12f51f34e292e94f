"""Forecasts on sentences written for these tests: holders, claims, windows resolved against
the publication date, links to forecast events, and future-tense sentences that are not
forecasts."""
import pytest

from tightrope.records import Article

PUBLISHED = "2025-11-02"


def run(extractor, text, published=PUBLISHED):
    return extractor.one(Article(text=text, id="t", published=published)).records


def forecasts(extractor, text, published=PUBLISHED):
    return [r for r in run(extractor, text, published) if r["kind"] == "forecast"]


def holder_name(record):
    return record["holder"] and (record["holder"]["name"] or record["holder"]["text"])


def test_first_person_forecast_in_a_quote_belongs_to_the_speaker(extractor):
    text = "\u201cI foresee a US-China thaw in 6 to 12 months,\u201d Ishaq Dar said."
    [f] = forecasts(extractor, text)
    assert holder_name(f) == "Ishaq Dar" and f["holder"]["country"] == "PAK"
    assert f["claim"] == "US-China thaw"
    assert (f["from"], f["by"]) == ("2026-05-02", "2026-11-02")
    assert f["sentence"] == text and f["span"] == [0, len(text)]


@pytest.mark.parametrize("text, holder, claim", [
    ("Sergey Lavrov predicts that the talks in Geneva will collapse before winter.",
     "Sergey Lavrov", "talks collapse before winter"),
    ("Antonio Guterres warns that famine will spread across the Sahel.",
     "Antonio Guterres", "famine spread across Sahel"),
    ("Analysts expect oil prices to rise.", "Analysts", "oil prices rise"),
    ("Wang Yi says Beijing is going to expand its investment in the corridor.",
     "Wang Yi", "Beijing expand investment"),
    ("Ishaq Dar says he feels that a deal will be clinched between Washington and Beijing.",
     "Ishaq Dar", "Washington-Beijing deal clinched"),
])
def test_holder_and_claim(extractor, text, holder, claim):
    [f] = forecasts(extractor, text)
    assert holder_name(f) == holder
    assert f["claim"] == claim
    assert 2 <= len(f["claim"].split()) <= 8


def test_forecasting_subject_is_kept_as_written(extractor):
    text = "Officials in Riyadh see exports growing to $50 billion over the next five years."
    [f] = forecasts(extractor, text)
    assert f["holder"]["text"] == "Officials" and f["holder"]["country"] == "SAU"
    assert f["claim"] == "exports growing to $50 billion"
    assert (f["from"], f["by"]) == ("2025-11-02", "2030-11-02")


def test_sentence_after_an_attributed_forecast_keeps_its_holder(extractor):
    text = ("Ishaq Dar says a deal will be signed soon. This will be followed by talks on trade. "
            "Such a deal will help everyone.")
    found = forecasts(extractor, text)
    assert [(holder_name(f), f["sentence"]) for f in found] == [
        ("Ishaq Dar", "Ishaq Dar says a deal will be signed soon."),
        ("Ishaq Dar", "This will be followed by talks on trade.")]


def test_future_with_a_date_and_no_holder(extractor):
    [f] = forecasts(extractor, "The pipeline will be completed in 2026.")
    assert f["holder"] is None and f["claim"] == "pipeline completed"
    assert (f["from"], f["by"]) == ("2026-01-01", "2026-12-31")


def test_prospective_predicate_without_holder(extractor):
    [f] = forecasts(extractor, "The summit is set to open in Doha.")
    assert f["holder"] is None and f["claim"] == "summit open in Doha"
    assert f["from"] is None and f["by"] is None


def test_without_publication_date_relative_windows_stay_open(extractor):
    [f] = forecasts(extractor, "\u201cI foresee a thaw in 6 to 12 months,\u201d Ishaq Dar said.",
                    published=None)
    assert f["by"] is None


@pytest.mark.parametrize("text", [
    "Pakistan will need to balance its ties with both powers.",        # obligation
    "Kabul will have to choose its partners carefully.",              # obligation
    "If the talks fail, sanctions will follow.",                       # hypothetical
    "Regional security will also benefit China.",                      # author's comment
    "Will the talks in Doha succeed next year?",                       # question
    "China had anticipated this move for years.",                      # past expectation
    "Beijing signed the accord in 2019 and ratified it in 2020.",      # past
])
def test_not_forecasts(extractor, text):
    assert forecasts(extractor, text) == []


def test_forecast_links_to_forecast_events_of_its_sentence(extractor):
    text = "Xi Jinping will visit Washington in 2026, says Wang Yi. Pakistan and China met in May."
    records = run(extractor, text)
    [f] = [r for r in records if r["kind"] == "forecast"]
    events = [r for r in records if r["kind"] == "event" and r["factuality"] == "forecast"
              and r["span"][0] < f["span"][1] and f["span"][0] < r["span"][1]]
    assert events, "the events step gives the visit as a forecast event"
    assert f["event_ids"] == [e["id"] for e in events]
    assert (f["from"], f["by"]) == ("2026-01-01", "2026-12-31")


@pytest.mark.parametrize("text, claim", [
    ("Ishaq Dar says the talks will not resume before March.", "talks not resume before March"),
    ("Sergey Lavrov does not expect a breakthrough in Geneva.", "no breakthrough in Geneva"),
    ("Wang Yi predicts that no deal will be signed this year.", "no deal signed"),
])
def test_claims_keep_negation(extractor, text, claim):
    [f] = forecasts(extractor, text)
    assert f["claim"] == claim


@pytest.mark.parametrize("text, holder", [
    ("Kremlin officials say the pipeline talks will resume before the spring.", "Kremlin officials"),
    ("Dhaka insists the Teesta project will go ahead with or without Delhi.", "Dhaka"),
    ("A senior Japanese diplomat said Tokyo would reopen its embassy in Kabul within the year.",
     "senior Japanese diplomat"),
    ("The Kenyan treasury says the country is going to repay the Eurobond early.", "Kenyan treasury"),
])
def test_reported_future_is_held_by_the_reporting_subject(extractor, text, holder):
    [f] = forecasts(extractor, text)
    assert holder in (f["holder"]["text"] or "") or holder == f["holder"]["name"]


def test_reported_possibility_needs_a_future_time(extractor):
    with_time = "Fitch estimates the drought could cut Zambia's copper output next year."
    without = "Fitch estimates the drought could cut Zambia's copper output."
    [f] = forecasts(extractor, with_time)
    assert holder_name(f) and "Fitch" in holder_name(f)
    assert forecasts(extractor, without) == []


def test_warning_about_something_already_done_is_not_a_forecast(extractor):
    assert forecasts(extractor, "Opposition leaders warn that the government has sold the port.") == []
    assert len(forecasts(extractor, "Opposition leaders warn that the government will sell the port.")) == 1


def test_prospective_predicate_in_the_past_is_not_a_forecast(extractor):
    assert forecasts(extractor, "The summit that Hanoi was due to host in March was cancelled.") == []
    assert len(forecasts(extractor, "Hanoi is due to host the summit in March.")) == 1


def test_conditional_main_clause_is_not_a_forecast(extractor):
    text = "If the rains fail again by 2030, the delta will have lost half its farms."
    assert forecasts(extractor, text) == []


def test_only_an_anaphoric_sentence_continues_the_previous_speaker(extractor):
    text = ("Ishaq Dar says a trade deal with Kabul will be signed soon. "
            "This will be followed by a new rail link. "
            "Whoever controls the passes will control the trade.")
    found = forecasts(extractor, text)
    sentences = [f["sentence"] for f in found]
    assert "This will be followed by a new rail link." in sentences
    assert "Whoever controls the passes will control the trade." not in sentences


def test_second_reported_clause_can_carry_the_future(extractor):
    text = ("The Kyrgyz energy ministry said that the dam was nearly finished and that "
            "the turbines would start in 2027.")
    [f] = forecasts(extractor, text)
    assert "energy ministry" in f["holder"]["text"] and f["by"] == "2027-12-31"


def test_claim_inside_a_quotation_takes_no_party_from_the_attribution(extractor):
    text = ('A veteran Kenyan trade negotiator, Joseph Mwangi, put it more plainly: '
            '"We will not be told how to price our tea."')
    [f] = forecasts(extractor, text)
    assert "Mwangi" not in f["claim"] and "Kenyan" not in f["claim"]
    assert f["claim"].startswith("not told")
