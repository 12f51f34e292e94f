"""Quotes on sentences written for these tests: every direct and indirect form, speakers
resolved through the actors step (names, surnames, pronouns), unbalanced and nested marks."""
import logging

import pytest

from tightrope.extract.quotes import marked_spans
from tightrope.records import Article


def quotes(extractor, text, published="2025-06-01"):
    records = extractor.one(Article(text=text, id="t", published=published)).records
    return [r for r in records if r["kind"] == "quote"]


def said(records):
    return [(r["speaker"]["name"], r["text"], r["direct"]) for r in records]


def test_direct_quote_with_speaker_after_the_cue(extractor):
    text = "\u201cThe border will stay open for trade,\u201d says Ishaq Dar."
    records = quotes(extractor, text)
    assert said(records) == [("Ishaq Dar", "The border will stay open for trade,", True)]
    r = records[0]
    assert r["cue"] == "says" and text[r["span"][0]:r["span"][1]] == r["text"]
    assert r["speaker"]["country"] == "PAK"


def test_direct_quote_with_speaker_before_the_cue_and_straight_marks(extractor):
    text = 'Sergei Lavrov said: "Moscow is ready to talk without preconditions."'
    assert said(quotes(extractor, text)) == [
        ("Sergey Lavrov", "Moscow is ready to talk without preconditions.", True)]


def test_quote_split_by_the_attribution(extractor):
    text = ("\u201cSanctions punish the poor first,\u201d Antonio Guterres warned, "
            "\u201cand they seldom change a government\u2019s course.\u201d")
    assert said(quotes(extractor, text)) == [
        ("Antonio Guterres", "Sanctions punish the poor first,", True),
        ("Antonio Guterres", "and they seldom change a government\u2019s course.", True)]


def test_quote_spanning_sentences_takes_the_speaker_of_the_sentence_before(extractor):
    text = ("Narendra Modi said the visit went well. \u201cOur economy grows faster than any other. "
            "We are open to every partner. Nobody should doubt that.\u201d")
    records = quotes(extractor, text)
    direct = [r for r in records if r["direct"]]
    assert [(r["speaker"]["name"], r["text"]) for r in direct] == [
        ("Narendra Modi", "Our economy grows faster than any other. We are open to every partner. "
                          "Nobody should doubt that.")]


def test_cueless_quote_takes_the_speaker_of_the_sentence_after(extractor):
    text = ("The region is changing fast. \u201cOld alliances no longer explain what states do.\u201d "
            "Kamala Harris says the shift began a decade ago.")
    records = quotes(extractor, text)
    assert ("Kamala Harris", "Old alliances no longer explain what states do.", True) in said(records)


def test_cueless_quote_with_no_speaker_nearby_is_not_kept(extractor):
    text = ("Ishaq Dar visited Kabul in May.\n\nThe economy is weak. \u201cNobody wants another "
            "decade of this.\u201d Prices keep rising.")
    assert [r for r in quotes(extractor, text) if r["direct"]] == []


def test_partial_quote_inside_a_sentence(extractor):
    text = ("Naledi Pandor said Pretoria wanted \u201ca fair hearing for every country "
            "in the dispute\u201d before any vote.")
    records = quotes(extractor, text)
    assert ("Naledi Pandor", "a fair hearing for every country in the dispute", True) in said(records)


def test_pronoun_speaker_is_resolved(extractor):
    text = ("Wang Yi arrived in Islamabad on Monday. \u201cChina will stand by its friends in "
            "every season,\u201d he said.")
    records = quotes(extractor, text)
    assert said(records) == [("Wang Yi", "China will stand by its friends in every season,", True)]
    assert records[0]["speaker"]["text"] == "he"


def test_surname_speaker_is_resolved(extractor):
    text = ("Ishaq Dar met envoys in Doha. The agreement is a turning point for the region, "
            "says Dar.")
    assert said(quotes(extractor, text)) == [
        ("Ishaq Dar", "The agreement is a turning point for the region", False)]


@pytest.mark.parametrize("text, speaker, content, cue", [
    ("Yoko Kamikawa insists that the alliance with Washington remains the anchor of stability.",
     "Yoko Kamikawa", "the alliance with Washington remains the anchor of stability", "insists"),
    ("Sergei Lavrov argues the talks in Geneva made no progress on the core issues.",
     "Sergey Lavrov", "the talks in Geneva made no progress on the core issues", "argues"),
    ("Antonio Guterres observed that both sides had broken the truce within hours.",
     "Antonio Guterres", "both sides had broken the truce within hours", "observed"),
    ("The reforms, Kristalina Georgieva suggests, are overdue in most emerging economies.",
     "Kristalina Georgieva", "The reforms are overdue in most emerging economies", "suggests"),
    ("In the long run, Ishaq Dar notes, the corridor will pay for itself.",
     "Ishaq Dar", "the corridor will pay for itself", "notes"),
    ("According to Sergei Lavrov, the negotiations in Geneva have stalled completely.",
     "Sergey Lavrov", "the negotiations in Geneva have stalled completely", "according to"),
    ("Antonio Guterres sees the ceasefire as a fragile first step toward peace.",
     "Antonio Guterres", "the ceasefire as a fragile first step toward peace", "sees"),
    ("Olaf Scholz views the pipeline as a strategic mistake for Europe.",
     "Olaf Scholz", "the pipeline as a strategic mistake for Europe", "views"),
    ("Wang Yi acknowledged the legitimate security concerns of all neighbouring states.",
     "Wang Yi", "the legitimate security concerns of all neighbouring states", "acknowledged"),
])
def test_indirect_quotes(extractor, text, speaker, content, cue):
    records = quotes(extractor, text)
    assert [(r["speaker"]["name"], r["text"], r["direct"], r["cue"]) for r in records] == [
        (speaker, content, False, cue)]


def test_indirect_content_that_is_a_quotation_gives_one_direct_record(extractor):
    text = "Emmanuel Macron told reporters the accord was \u201ca very good day for Europe\u201d."
    assert said(quotes(extractor, text)) == [("Emmanuel Macron", "a very good day for Europe", True)]


def test_nested_single_quotes_stay_inside_the_outer_quote(extractor):
    text = ("\u201cWe call this the \u2018golden decade\u2019 of our ties with Africa,\u201d "
            "said Wang Yi.")
    assert said(quotes(extractor, text)) == [
        ("Wang Yi", "We call this the \u2018golden decade\u2019 of our ties with Africa,", True)]


def test_scare_quotes_are_not_quotes(extractor):
    text = "The two sides promised \u201cwin-win\u201d gains and a \u2018prosperity anchor\u2019."
    assert quotes(extractor, text) == []


def test_speakers_must_be_named(extractor):
    text = ("\u201cTrade talks will resume in January,\u201d the ministry said. "
            "Officials argue that the tariffs are temporary measures.")
    assert quotes(extractor, text) == []


def test_reported_thoughts_nest_inside_the_speech_verb(extractor):
    text = "Ishaq Dar says he feels that a settlement will be reached before winter."
    assert said(quotes(extractor, text)) == [
        ("Ishaq Dar", "he feels that a settlement will be reached before winter", False)]


def test_unclosed_quote_closes_at_its_sentence_end_when_another_opens(extractor, caplog):
    text = ("Olaf Scholz calls the plan \u201ca dead end for everyone involved. He spoke in Berlin. "
            "\u201cWe will not sign this text,\u201d he said.")
    with caplog.at_level(logging.DEBUG, logger="tightrope.extract.quotes"):
        records = quotes(extractor, text)
    assert ("Olaf Scholz", "We will not sign this text,", True) in said(records)
    assert "never closed" in caplog.text


def test_unclosed_quote_at_paragraph_end_and_stray_closing_mark_do_not_crash(extractor, caplog):
    text = ("Boris Johnson said the plan was sound.\u201d Nobody else agreed.\n\n"
            "\u201cThis is the start of a new chapter for both our countries, said Anthony Albanese.\n\n"
            "\"An unfinished straight quote runs to the end")
    with caplog.at_level(logging.DEBUG, logger="tightrope.extract.quotes"):
        records = quotes(extractor, text)
    assert ("Boris Johnson", "the plan was sound", False) in said(records)
    assert "no opening mark" in caplog.text and "closed at the paragraph end" in caplog.text
    for r in records:
        assert text[r["span"][0]:r["span"][1]] == r["text"]


def test_marked_spans_pairs_marks_within_a_paragraph():
    text = '"One two three," he said, "four five six." Then \u201cseven'
    spans = marked_spans(text, 0, len(text), lambda pos: len(text))
    assert [text[a:b] for a, b in spans] == ["One two three,", "four five six.", "seven"]


def test_groups_are_not_named_speakers(extractor):
    text = ("Pakistani officials said the border would reopen next week. "
            "Human Rights Watch said the detentions were unlawful.")
    assert said(quotes(extractor, text)) == [
        ("Human Rights Watch", "the detentions were unlawful", False)]


def test_put_it_introduces_a_direct_quote(extractor):
    text = ('Ishaq Dar praised the talks. A Kazakh delegate, Nurlan Seitkali, put it differently: '
            '"We came for pipelines, not for speeches."')
    records = quotes(extractor, text)
    assert ("Nurlan Seitkali", "We came for pipelines, not for speeches.", True) in \
        [(r["speaker"]["name"], r["text"], r["direct"]) for r in records]
    assert all(r["speaker"]["name"] != "Ishaq Dar" for r in records if r["direct"])


def test_put_is_a_cue_only_with_its_pronoun_object(nlp):
    from tightrope.extract.quotes import cue_frames

    def frames_of_put(text):
        return [cue_frames(t) for t in nlp(text) if t.lemma_ == "put"][0]

    assert "direct" in frames_of_put('The envoy put it plainly: "We are leaving."')
    assert not frames_of_put("Sergey Lavrov put pressure on Baku over the corridor.")


@pytest.mark.parametrize("text, speaker, content", [
    ("Lisa Brandt believes that the sanctions on Minsk have run their course.",
     "Lisa Brandt", "the sanctions on Minsk have run their course"),
    ("Goldman Sachs estimates the new levies could cost Vietnam a full point of growth.",
     "Goldman Sachs", "the new levies could cost Vietnam a full point of growth"),
])
def test_believe_and_estimate_report_a_named_source(extractor, text, speaker, content):
    assert (speaker, content, False) in said(quotes(extractor, text))


def test_a_place_inside_the_subject_phrase_is_not_the_speaker(extractor):
    text = "Rice farmers near Sialkot say the new canal rules are unfair to small growers."
    assert quotes(extractor, text) == []


def test_quoted_predicate_in_reported_clause_gives_one_direct_record(extractor):
    text = ('The World Bank said on Monday that Nepal\'s budget "is heading for a serious shortfall '
            'this year" and asked the ministry to cut capital spending.')
    records = quotes(extractor, text)
    assert said(records) == [
        ("World Bank", "is heading for a serious shortfall this year", True)]


def test_a_short_quotation_inside_a_paraphrase_is_one_record(extractor):
    text = ("Maria Lopes, a spokeswoman for the Brazilian embassy in Lima, said the sailors had "
            "been \u201chandled like smugglers\u201d during three days of questioning.")
    records = said(quotes(extractor, text))
    assert len(records) == 1 and records[0][0] == "Maria Lopes" and records[0][2] is False
    assert "handled like smugglers" in records[0][1]
