"""Temporal expressions (tightrope.extract.dates): every form the Events and Forecasts issues
name, with and without a publication date, in past and future clauses."""
from __future__ import annotations

import datetime as dt

import pytest

from tightrope.extract.dates import TimeExpr, find_times, resolve

PUB = dt.date(2025, 11, 2)        # a Sunday
D = dt.date


def times(nlp, text: str, published: dt.date | None = PUB) -> list[TimeExpr]:
    doc = nlp(text)
    return find_times(doc[:], published)


def only(nlp, text: str, published: dt.date | None = PUB) -> TimeExpr:
    found = times(nlp, text, published)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


# --------------------------------------------------------------------------- resolve(text)

@pytest.mark.parametrize("text, value, precision, start, end, relation", [
    ("on October 30", "2025-10-30", "day", D(2025, 10, 30), D(2025, 10, 30), "at"),
    ("October 30, 2025", "2025-10-30", "day", D(2025, 10, 30), D(2025, 10, 30), "at"),
    ("30 Oct", "2025-10-30", "day", D(2025, 10, 30), D(2025, 10, 30), "at"),
    ("on 5 May 2024", "2024-05-05", "day", D(2024, 5, 5), D(2024, 5, 5), "at"),
    ("2024-02-29", "2024-02-29", "day", D(2024, 2, 29), D(2024, 2, 29), "at"),
    ("in March", "2025-03", "month", D(2025, 3, 1), D(2025, 3, 31), "at"),
    ("last month", "2025-10", "month", D(2025, 10, 1), D(2025, 10, 31), "at"),
    ("last week", "2025-10", "month", D(2025, 10, 20), D(2025, 10, 26), "at"),
    ("on Monday", "2025-10-27", "day", D(2025, 10, 27), D(2025, 10, 27), "at"),
    ("yesterday", "2025-11-01", "day", D(2025, 11, 1), D(2025, 11, 1), "at"),
    ("this year", "2025", "year", D(2025, 1, 1), D(2025, 12, 31), "at"),
    ("next year", "2026", "year", D(2026, 1, 1), D(2026, 12, 31), "at"),
    ("in 2026", "2026", "year", D(2026, 1, 1), D(2026, 12, 31), "at"),
    ("by late 2024", "2024", "year", None, D(2024, 12, 31), "by"),
    ("early 2025", "2025", "year", D(2025, 1, 1), D(2025, 4, 30), "at"),
    ("mid-2025", "2025", "year", D(2025, 5, 1), D(2025, 8, 31), "at"),
    ("late 2024", "2024", "year", D(2024, 9, 1), D(2024, 12, 31), "at"),
    ("the August 2021 withdrawal", "2021-08", "month", D(2021, 8, 1), D(2021, 8, 31), "at"),
    ("in 6 to 12 months", "2026", "year", D(2026, 5, 2), D(2026, 11, 2), "window"),
    ("over the next five years", None, None, D(2025, 11, 2), D(2030, 11, 2), "window"),
    ("within a year", None, None, D(2025, 11, 2), D(2026, 11, 2), "window"),
    ("in six months", "2026-05", "month", D(2026, 5, 2), D(2026, 5, 2), "window"),
    ("by 2030", "2030", "year", D(2025, 11, 2), D(2030, 12, 31), "by"),
    ("before 2030", "2030", "year", D(2025, 11, 2), D(2029, 12, 31), "by"),
    ("since 2018", "2018", "year", D(2018, 1, 1), D(2025, 11, 2), "since"),
    ("2018-2020", None, None, D(2018, 1, 1), D(2020, 12, 31), "range"),
    ("between 2018 and 2020", None, None, D(2018, 1, 1), D(2020, 12, 31), "range"),
    ("three years ago", "2022", "year", D(2022, 1, 1), D(2022, 12, 31), "at"),
    ("the third quarter of 2024", "2024", "year", D(2024, 7, 1), D(2024, 9, 30), "at"),
    ("by the end of the year", "2025-12", "month", D(2025, 11, 2), D(2025, 12, 31), "by"),
    ("over the past two years", None, None, D(2023, 11, 2), D(2025, 11, 2), "window"),
])
def test_resolve_with_publication_date(text, value, precision, start, end, relation):
    t = resolve(text, PUB)
    assert t is not None
    assert (t.value, t.precision, t.start, t.end, t.relation) == (value, precision, start, end, relation)


@pytest.mark.parametrize("text", [
    "on October 30", "30 Oct", "in March", "last month", "last week", "on Monday", "yesterday",
    "this year", "next year", "in 6 to 12 months", "over the next five years", "within a year",
    "three years ago", "in six months",
])
def test_relative_and_yearless_stay_unresolved_without_publication_date(text):
    t = resolve(text, None)
    assert t is not None, "the expression is still recognised"
    assert t.value is None and t.precision is None


@pytest.mark.parametrize("text, value, precision", [
    ("October 30, 2025", "2025-10-30", "day"),
    ("in 2026", "2026", "year"),
    ("early 2025", "2025", "year"),
    ("the August 2021 withdrawal", "2021-08", "month"),
    ("by late 2024", "2024", "year"),
    ("by 2030", "2030", "year"),
])
def test_absolute_expressions_resolve_without_publication_date(text, value, precision):
    t = resolve(text, None)
    assert (t.value, t.precision) == (value, precision)


def test_future_reading_of_month_weekday_and_day():
    assert resolve("in March", PUB, future=True).value == "2026-03"
    assert resolve("in November", PUB, future=True).value == "2025-11"
    assert resolve("in November", PUB).value == "2025-11"
    assert resolve("in December", PUB).value == "2024-12"
    assert resolve("on Monday", PUB, future=True).value == "2025-11-03"
    assert resolve("on December 5", PUB, future=True).value == "2025-12-05"
    assert resolve("on December 5", PUB).value == "2024-12-05"


def test_weekday_on_the_publication_day_and_last_next():
    sunday = PUB
    assert resolve("on Sunday", sunday).value == "2025-11-02"
    assert resolve("last Sunday", sunday).value == "2025-10-26"
    assert resolve("next Sunday", sunday).value == "2025-11-09"
    assert resolve("next Sunday", sunday).future is True


def test_future_flags():
    assert resolve("next year", PUB).future is True
    assert resolve("in 2026", PUB).future is True
    assert resolve("by 2030", PUB).future is True
    assert resolve("last month", PUB).future is False
    assert resolve("by late 2024", PUB).future is False
    assert resolve("next year", None).future is True        # lexical, even without a date
    assert resolve("in 6 to 12 months", None).future is True


@pytest.mark.parametrize("text", ["pre-2025 levels", "post-2020", "20180", "the year 20180",
                                  "recently", "", "   "])
def test_non_dates_give_none(text):
    assert resolve(text, PUB) is None


def test_month_and_year_boundaries():
    jan = D(2026, 1, 3)
    assert resolve("last month", jan).value == "2025-12"
    assert resolve("in December", jan).value == "2025-12"
    assert resolve("last week", jan).start == D(2025, 12, 22)
    assert resolve("last year", jan).value == "2025"
    assert resolve("on February 29", D(2025, 3, 1)).value is None     # no such day that year


# --------------------------------------------------------------------------- find_times(span)

def test_find_times_offsets_point_into_the_text(nlp):
    text = "Pakistan and the US signed a minerals MoU on October 30, 2025, and talks resumed last month."
    found = times(nlp, text)
    assert [t.text for t in found] == ["on October 30, 2025", "last month"]
    for t in found:
        assert text[t.start_char:t.end_char] == t.text
    assert [t.value for t in found] == ["2025-10-30", "2025-10"]


def test_find_times_offsets_inside_a_later_sentence(nlp):
    doc = nlp("The talks ended. Envoys met again on Monday in Doha.")
    second = list(doc.sents)[1]
    (t,) = find_times(second, PUB)
    assert doc.text[t.start_char:t.end_char] == "on Monday"
    assert t.value == "2025-10-27"


def test_clause_tense_decides_month_and_weekday(nlp):
    assert only(nlp, "In March, Washington imposed tariffs on Chinese steel.").value == "2025-03"
    assert only(nlp, "The minister will visit Beijing in March.").value == "2026-03"
    assert only(nlp, "The two leaders are expected to meet on Monday.").value == "2025-11-03"
    assert only(nlp, "Officials met on Monday in Islamabad.").value == "2025-10-27"
    assert only(nlp, "Kenya plans to host the summit on December 5.").value == "2025-12-05"
    assert only(nlp, "Kenya hosted the summit on December 5.").value == "2024-12-05"


def test_windows_for_forecasts(nlp):
    t = only(nlp, "He said a thaw between the two capitals could come in 6 to 12 months.")
    assert (t.relation, t.start, t.end, t.future) == ("window", D(2026, 5, 2), D(2026, 11, 2), True)
    t = only(nlp, "Funding may reach $2 billion over the next five years, the envoy said.")
    assert (t.start, t.end) == (D(2025, 11, 2), D(2030, 11, 2))


def test_years_and_non_years_in_sentences(nlp):
    assert [t.text for t in times(nlp, "China deployed 2000 troops near the border in 2021.")] == ["in 2021"]
    assert [t.value for t in times(nlp, "Turnout rose in the 2024 elections.")] == ["2024"]
    found = times(nlp, "Trade returned to pre-2025 levels, and the 20180 figure is a typo.")
    assert found == []
    (r,) = times(nlp, "Exports fell over 2018-2020.")
    assert (r.relation, r.value, r.start, r.end) == ("range", None, D(2018, 1, 1), D(2020, 12, 31))


def test_preposition_of_a_noun_phrase_is_not_the_dates_relation(nlp):
    found = times(nlp, "The Taliban took power after the August 2021 withdrawal, and by late 2024 ties had soured.")
    assert [(t.text, t.relation, t.value) for t in found] == [
        ("the August 2021", "at", "2021-08"), ("by late 2024", "by", "2024")]


def test_modal_may_is_not_a_month(nlp):
    assert times(nlp, "Officials may meet again, and the talks may resume.") == []
    assert only(nlp, "The ministers met in May.").value == "2025-05"


def test_find_times_without_publication_date(nlp):
    found = times(nlp, "Delegates met on October 30 and again in 2026 to sign the accord.", None)
    assert [(t.text, t.value) for t in found] == [("on October 30", None), ("in 2026", "2026")]


def test_spacy_date_entity_read_by_dateparser(nlp):
    # "the 4th of July 2019" is not one of our regex forms; spaCy tags it DATE.
    found = times(nlp, "The accord was signed on the fourth of July, 2019, in Vienna.")
    assert any(t.value == "2019-07-04" for t in found), found


def test_odd_input_never_crashes(nlp):
    for text in ["In 20180 the treaty", "on February 30, 2025", "Q9 2025", "1-2-3-4-5",
                 "the year 99999 and 0000-00-00", "between 2020 and 2018", "May May May"]:
        for published in (PUB, None):
            times(nlp, text, published)
            resolve(text, published)
    assert resolve("on February 30, 2025", PUB).value is None


@pytest.mark.parametrize("text, value", [
    ("2025/10/30", "2025-10-30"), ("30/10/2025", "2025-10-30"), ("10/30/2025", "2025-10-30"),
    ("05/06/2025", None),          # day-first or month-first: cannot tell
])
def test_numeric_dates(text, value):
    assert resolve(text, PUB).value == value


@pytest.mark.parametrize("text", ["1/2", "3/4 of the members", "about 2,025 troops", "$2025"])
def test_fractions_and_counts_are_not_dates(text):
    assert resolve(text, PUB) is None


def test_money_is_not_a_year(nlp):
    assert times(nlp, "The fund pledged US$ 2025 to each school and $1999 to clinics.") == []
    assert times(nlp, "Trade reached 2030 million dollars.") == []


def test_part_of_a_relative_year_or_month():
    t = resolve("late last year", PUB)
    assert (t.value, t.precision, t.start, t.end) == ("2024", "year", D(2024, 9, 1), D(2024, 12, 31))
    t = resolve("in late October", PUB)
    assert (t.value, t.start, t.end) == ("2025-10", D(2025, 10, 21), D(2025, 10, 31))


def test_a_past_verb_of_planning_dates_the_planning_not_the_plan(nlp):
    # Published on a Thursday: "pledged on Wednesday" is the day before, not next week.
    thursday = D(2025, 9, 18)
    assert only(nlp, "The two governments pledged on Wednesday to defend each other.",
                thursday).value == "2025-09-17"
    # The planned act below the verb is still future: next March, not last March.
    assert only(nlp, "The ministry pledged to send engineers in March.", D(2025, 1, 10)).value == "2025-03"


def test_reported_future_with_would_points_ahead(nlp):
    assert only(nlp, "The minister said the levy would apply from August 1.",
                D(2025, 7, 30)).value == "2025-08-01"
