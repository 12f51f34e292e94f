"""Actor resolution on sentences written for these tests, on the seed article, and the
knowledge base's office index and user gazetteers."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import pytest

from tightrope import knowledge
from tightrope.extract.actors import Mention, find_mentions, mention_for, mentions_in
from tightrope.knowledge.actors import GazetteerError, KnowledgeData

from conftest import ROOT, SEED


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


@pytest.fixture(scope="module")
def resolve(nlp, kb):
    def run(text: str, published: str | None = "2025-06-15", base=None) -> list[Mention]:
        day = dt.date.fromisoformat(published) if published else None
        return find_mentions(nlp(text), base or kb, day)
    return run


def by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


# --- states, aliases, demonyms, capitals, institutions ---------------------------------------

def test_state_names_and_abbreviations(resolve):
    found = by_text(resolve("The US, the U.K. and the PRC met in Geneva while Türkiye and "
                            "the UAE watched."))
    assert found["US"].country == "USA" and found["US"].kind == "state"
    assert found["U.K."].country == "GBR"
    assert found["PRC"].country == "CHN"
    assert found["Türkiye"].country == "TUR"
    assert found["UAE"].country == "ARE"


def test_lowercase_us_is_a_pronoun_not_a_state(resolve):
    mentions = resolve("Let us be clear, the negotiators told us nothing new.")
    assert not [m for m in mentions if m.country == "USA"]


def test_capitals_are_metonyms_for_states(resolve):
    found = by_text(resolve("Beijing dismissed the claim, and Islamabad said Rawalpindi "
                            "would decide while New Delhi and Riyadh stayed silent."))
    assert (found["Beijing"].country, found["Beijing"].kind) == ("CHN", "capital")
    assert found["Islamabad"].country == "PAK"
    assert (found["Rawalpindi"].country, found["Rawalpindi"].sector) == ("PAK", "MIL")
    assert found["New Delhi"].country == "IND"
    assert found["Riyadh"].country == "SAU"


def test_demonyms_give_the_state(resolve):
    found = by_text(resolve("Chinese diplomacy and Emirati money shaped Afghan politics."))
    assert (found["Chinese"].country, found["Chinese"].kind) == ("CHN", "demonym")
    assert found["Emirati"].country == "ARE"
    assert found["Afghan"].country == "AFG"


def test_demonym_with_a_group_noun_is_that_state_s_group(resolve):
    found = by_text(resolve("Ugandan rebels fought Nigerian troops while Chinese exporters "
                            "waited."))
    assert (found["Ugandan rebels"].country, found["Ugandan rebels"].sector) == ("UGA", "REB")
    assert (found["Nigerian troops"].country, found["Nigerian troops"].sector) == ("NGA", "MIL")
    assert (found["Chinese exporters"].country, found["Chinese exporters"].sector) == ("CHN", "BUS")


def test_ethnic_group_is_not_the_state(resolve):
    assert not [m for m in resolve("Ethnic Albanians protested in the north.")
                if m.country == "ALB"]


def test_hyphenated_compounds_name_both_states(resolve):
    mentions = resolve("Sino-Indian talks stalled, Pak-Afghan trade fell and US-China ties "
                       "and U.S.-Japan drills continued.")
    countries = [m.country for m in mentions]
    assert countries == ["CHN", "IND", "PAK", "AFG", "USA", "CHN", "USA", "JPN"]
    assert mentions[0].text == "Sino" and mentions[0].kind == "demonym"
    # both halves of one spaCy token keep their own character spans
    usa, jpn = mentions[-2:]
    assert (usa.text, jpn.text) == ("U.S.", "Japan") and usa.end_char < jpn.start_char


def test_combining_form_needs_a_hyphen(resolve):
    assert not [m for m in resolve("Pak said nothing.") if m.country == "PAK"]


def test_state_inside_a_place_name_is_not_a_mention(resolve):
    mentions = resolve("Ships crossed the South China Sea near the Indo-Pacific lanes.")
    assert not [m for m in mentions if m.country in ("CHN", "IND")]


def test_institutions_with_sectors(resolve):
    found = by_text(resolve("The White House and the Pentagon briefed Congress; the Kremlin "
                            "and Zhongnanhai were silent and ISPR issued a statement."))
    assert (found["White House"].country, found["White House"].sector) == ("USA", "GOV")
    assert (found["Pentagon"].country, found["Pentagon"].sector) == ("USA", "MIL")
    assert (found["Congress"].country, found["Congress"].sector) == ("USA", "LEG")
    assert found["Kremlin"].country == "RUS"
    assert found["Zhongnanhai"].country == "CHN"
    assert (found["ISPR"].country, found["ISPR"].sector) == ("PAK", "MIL")
    assert all(m.kind == "institution" for m in found.values())


def test_generic_institution_needs_a_state_beside_it(resolve):
    found = by_text(resolve("Pakistan's Foreign Office and Japanese officials disagreed."))
    fo = found["Pakistan's Foreign Office"]
    assert (fo.country, fo.sector, fo.kind) == ("PAK", "GOV", "institution")
    assert found["Japanese officials"].country == "JPN"
    alone = resolve("The Foreign Office declined to comment.")
    assert alone == []


def test_administration_of_a_head_of_government(resolve):
    found = by_text(resolve("The Biden administration imposed curbs."))
    assert (found["Biden administration"].country, found["Biden administration"].sector) == \
        ("USA", "GOV")


# --- organisations ----------------------------------------------------------------------------

def test_igos_and_armed_groups(resolve):
    found = by_text(resolve("The IMF and the SCO met as the TTP and ISIS-K attacked and the "
                            "Afghan Taliban denied links to al-Qaeda."))
    assert (found["IMF"].country, found["IMF"].kind) == ("IGO", "organisation")
    assert found["SCO"].country == "IGO"
    assert (found["TTP"].country, found["TTP"].sector) == ("PAK", "REB")
    assert (found["ISIS-K"].country, found["ISIS-K"].sector) == ("AFG", "REB")
    assert (found["Afghan Taliban"].country, found["Afghan Taliban"].sector) == ("AFG", "GOV")
    assert found["al-Qaeda"].sector == "REB"


def test_unknown_organisation_takes_the_state_named_in_it(resolve):
    mentions = resolve("The Kenya Institute of Maritime Affairs published a study.")
    org = [m for m in mentions if m.kind == "organisation"]
    assert org and org[0].country == "KEN" and org[0].sector == "EXPERT"
    assert not [m for m in mentions if m.kind == "state"]


# --- people, titles, appositions --------------------------------------------------------------

def test_title_before_a_name_gives_country_role_and_office(resolve):
    m = [m for m in resolve("Kenyan Finance Minister Amos Wekesa signed the loan.")
         if m.kind == "person"][0]
    assert m.name == "Amos Wekesa" and m.country == "KEN" and m.sector == "GOV"
    assert m.role == "Finance Minister" and m.office == "finance_minister"
    assert m.text == "Kenyan Finance Minister Amos Wekesa"


def test_apposition_before_the_name(resolve):
    m = [m for m in resolve("Brazil's former ambassador to India, Lucia Prado, said the deal "
                            "would hold.") if m.kind == "person"][0]
    # out of office and not a known politician: she comments as an expert
    assert (m.name, m.country, m.sector) == ("Lucia Prado", "BRA", "EXPERT")
    assert m.role == "former ambassador to India"


def test_apposition_after_the_name_with_an_institute(resolve):
    m = [m for m in resolve("Omar Farooq, director of the Pakistan Institute of Peace "
                            "Studies, said the ceasefire was fragile.") if m.kind == "person"][0]
    assert (m.name, m.country, m.sector) == ("Omar Farooq", "PAK", "EXPERT")
    assert m.role.startswith("director of the Pakistan Institute")


def test_state_names_that_are_also_person_names(resolve):
    found = by_text(resolve("Jordan's King Abdullah met Michael Jordan in Amman."))
    king = found["Jordan's King Abdullah"]
    assert (king.kind, king.country, king.role) == ("person", "JOR", "King")
    assert found["Michael Jordan"].country is None
    assert found["Amman"].country == "JOR"


def test_apposition_says_more_than_an_honorific(resolve):
    m = [m for m in resolve("Dr Leila Haddad, a senior fellow at the Egyptian Council for "
                            "Foreign Affairs, said the talks stalled.") if m.kind == "person"][0]
    assert m.text == "Dr Leila Haddad" and m.role.startswith("senior fellow at the Egyptian")
    assert m.country == "EGY"


def test_chargé_d_affaires(resolve):
    m = [m for m in resolve("US Chargé d'Affaires Nora Bates met the minister.")
         if m.kind == "person"][0]
    assert (m.country, m.sector, m.role) == ("USA", "GOV", "Chargé d'Affaires")


def test_known_office_holder_by_name_is_date_aware(resolve):
    m = [m for m in resolve("Wang Wentao met the delegation.", "2024-05-01")
         if m.kind == "person"][0]
    assert (m.country, m.office) == ("CHN", "commerce_minister")
    old = [m for m in resolve("Wilbur Ross met the delegation.", "2024-05-01")
           if m.kind == "person"][0]
    assert old.country == "USA" and old.role.startswith("former") and old.office is None


def test_title_alone_resolves_to_the_holder_on_the_article_date(resolve):
    text = "The US Commerce Secretary arrived in Islamabad for talks."
    then = [m for m in resolve(text, "2024-06-01") if m.kind == "title"][0]
    now = [m for m in resolve(text, "2025-06-01") if m.kind == "title"][0]
    assert then.name == "Gina Raimondo" and now.name == "Howard Lutnick"
    assert (now.country, now.office, now.text) == ("USA", "commerce_minister", "US Commerce Secretary")
    undated = [m for m in resolve(text, None) if m.kind == "title"][0]
    assert undated.name is None and undated.country == "USA"


def test_office_mismatch_is_detectable(resolve, kb):
    m = [m for m in resolve("US Commerce Secretary Gina Raimondo visited Karachi.", "2025-03-20")
         if m.kind == "person"][0]
    assert m.office == "commerce_minister"
    day = dt.date(2025, 3, 20)
    held = [t for t in kb.offices.terms_of(m.name) if t.office == m.office and t.holds_on(day)]
    assert held == []
    assert [t.person for t in kb.offices.holders("USA", m.office, day)] == ["Howard Lutnick"]


# --- coreference ---------------------------------------------------------------------------

def test_surname_and_titled_surname_refer_back(resolve):
    mentions = resolve("Mariam Siddiqui, Pakistan's ambassador to Brazil, met traders. "
                       "Siddiqui said exports would grow. Ambassador Siddiqui later left.")
    people = [m for m in mentions if m.kind == "person"]
    assert [m.text for m in people] == ["Mariam Siddiqui", "Siddiqui", "Ambassador Siddiqui"]
    assert all(m.name == "Mariam Siddiqui" and m.country == "PAK" for m in people)
    assert people[-1].role == "ambassador to Brazil"


def test_pronoun_resolves_to_the_subject(resolve):
    mentions = resolve("Mariam Siddiqui, Pakistan's ambassador to Brazil, met Paulo Nunes. "
                       "She said the visit was useful.")
    she = [m for m in mentions if m.kind == "pronoun"]
    assert len(she) == 1 and she[0].name == "Mariam Siddiqui" and she[0].country == "PAK"


def test_pronoun_skips_a_person_of_the_other_gender(resolve):
    mentions = resolve("Gina Raimondo met Wang Wentao. Mr Wang was cautious. "
                       "She said the talks went well.", "2023-08-28")
    she = [m for m in mentions if m.kind == "pronoun"][0]
    assert she.name == "Gina Raimondo"


def test_object_pronoun_after_an_unnamed_person_is_that_person(resolve):
    # "him" is the employee, not the named official of the sentence before
    mentions = resolve("Carlos Mendes, the head of the regional bloc, wrote to the junta. "
                       "Bamako arrested a French embassy employee and accused him of spying.")
    him = [m for m in mentions if m.text == "him"]
    assert len(him) == 1 and him[0].country == "FRA" and him[0].name is None


def test_the_two_countries_are_the_two_named_just_before(resolve):
    mentions = resolve("Hanoi has reclaimed as much land as Beijing, and the two countries agreed "
                       "to set up a hotline.")
    assert {m.country for m in mentions if m.text == "the two countries"} == {"VNM", "CHN"}
    # three named: which two is unclear
    mentions = resolve("Vietnam, China and the Philippines claim the reefs. The two countries "
                       "agreed to set up a hotline.")
    assert [m for m in mentions if m.text == "The two countries"] == []


def test_a_surname_without_its_arabic_article_is_the_same_person(resolve):
    mentions = resolve("Sudan's army chief Abdel Fattah al-Burhan leads the government. "
                       "In December Burhan flew to Cairo.", "2026-02-02")
    burhan = [m for m in mentions if m.text == "Burhan"]
    assert len(burhan) == 1 and burhan[0].country == "SDN" and burhan[0].name == "Abdel Fattah al-Burhan"


def test_the_agency_is_the_agency_named_before(resolve):
    mentions = resolve("The IAEA has lost access to Iranian sites. Tehran suspended cooperation "
                       "with the agency in July.")
    agency = [m for m in mentions if m.text == "the agency"]
    assert len(agency) == 1 and agency[0].country == "IGO"
    assert "Atomic Energy Agency" in agency[0].name


def test_a_sentence_initial_it_is_the_state_that_acted_before(resolve):
    mentions = resolve("Washington raised tariffs on Mexico in March. It soon exempted most goods.")
    it = [m for m in mentions if m.text == "It"]
    assert len(it) == 1 and it[0].country == "USA"
    # a fronted date does not stop it
    mentions = resolve("Washington raised tariffs on Mexico in March. In July it exempted most goods.")
    assert [m.country for m in mentions if m.text == "it"] == ["USA"]
    # an expletive "it" is nobody
    mentions = resolve("China opened a new port in Peru. It is unclear whether Lima will benefit.")
    assert [m for m in mentions if m.text == "It"] == []


def test_ambiguous_pronoun_is_left_unresolved(resolve):
    mentions = resolve("Ahmed Raza and Daniel Brooks arrived in Doha. He said little.")
    assert [m for m in mentions if m.kind == "pronoun"] == []
    assert {m.name for m in mentions if m.kind == "person"} == {"Ahmed Raza", "Daniel Brooks"}


def test_definite_description_refers_to_the_subject_before(resolve):
    mentions = resolve("Ahmed Raza, Pakistan's envoy to Kenya, chaired the panel. The former "
                       "minister argued that trade would grow.")
    described = [m for m in mentions if m.kind == "title"]
    assert [(m.text, m.name, m.country) for m in described] == \
        [("The former minister", "Ahmed Raza", "PAK")]
    unclear = resolve("Ahmed Raza and Daniel Brooks spoke. The minister argued that trade "
                      "would grow.")
    assert [m for m in unclear if m.kind == "title"] == []
    other_office = resolve("Prime Minister Shehbaz Sharif met traders. The Foreign Office "
                           "spokesperson said talks would go on.", "2025-05-01")
    assert [m for m in other_office if m.kind == "title"] == []


def test_plural_anaphors_name_each_member(resolve):
    mentions = resolve("Egypt and Jordan signed a gas accord. They also agreed to meet in "
                       "May, and the two countries will review it.")
    they = [m.country for m in mentions if m.text == "They"]
    two = [m.country for m in mentions if m.text == "the two countries"]
    assert they == ["EGY", "JOR"] and two == ["EGY", "JOR"]
    assert all(m.kind == "pronoun" for m in mentions if m.text in ("They", "the two countries"))


def test_plural_pronoun_without_a_group_is_left_unresolved(resolve):
    mentions = resolve("Officials met in a hotel. They said little.")
    assert mentions == []


# --- the API other steps use -------------------------------------------------------------------

def test_mention_for_and_mentions_in(nlp, kb):
    from tightrope.extract import DocContext
    from tightrope.records import Article

    text = "Beijing rejected the claim. The IMF approved a loan to Egypt."
    doc = nlp(text)
    ctx = DocContext(article=Article(text=text), doc=doc, published=None, kb=kb)
    ctx.mentions = find_mentions(doc, kb)
    assert mention_for(ctx, doc[0]).country == "CHN"
    assert mention_for(ctx, doc[2]) is None
    second = list(doc.sents)[1]
    assert [m.text for m in mentions_in(ctx, second.start, second.end)] == ["IMF", "Egypt"]
    assert mention_for(ctx, doc[0]).actor() == {"text": "Beijing", "name": "China",
                                                "country": "CHN", "sector": "GOV"}


def test_offices_api(kb):
    offices = kb.offices
    assert [t.person for t in offices.holders("PAK", "army_chief", dt.date(2022, 6, 1))] == \
        ["Qamar Javed Bajwa"]
    assert [t.person for t in offices.holders("PAK", "army_chief", dt.date(2023, 6, 1))] == \
        ["Asim Munir"]
    spokes = {t.person for t in offices.holders("CHN", "foreign_ministry_spokesperson",
                                                dt.date(2025, 6, 1))}
    assert {"Lin Jian", "Mao Ning", "Guo Jiakun"} <= spokes
    assert {t.office for t in offices.terms_of("Trump")} == {"head_of_state", "head_of_government"}
    assert offices.office_from_title("Secretary of State", "USA") == "foreign_minister"
    assert offices.office_from_title("Foreign Secretary", "GBR") == "foreign_minister"
    assert offices.office_from_title("Foreign Secretary", "PAK") is None
    assert offices.office_from_title("former Prime Minister", "PAK") == "head_of_government"


def test_every_office_is_covered_for_the_main_states(kb):
    from tightrope.knowledge.actors import OFFICES

    covered = {(t.country, t.office) for t in kb.offices.terms}
    states = {t.country for t in kb.offices.terms}
    assert len(states) >= 30
    for country in ("USA", "CHN", "PAK", "IND"):
        assert {o for c, o in covered if c == country} == set(OFFICES), country


def test_knowledge_base_loads_fast():
    t0 = time.perf_counter()
    KnowledgeData.build()
    assert time.perf_counter() - t0 < 1.0


# --- user gazetteers ---------------------------------------------------------------------------

def test_user_gazetteer_adds_and_overrides(tmp_path, resolve):
    path = tmp_path / "extra.yaml"
    path.write_text(
        "actors:\n"
        "  - name: Zorvan Minerals\n    kind: organisation\n    country: AUS\n"
        "    sector: BUS\n    forms: [Zorvan Minerals, Zorvan]\n"
        "  - name: Pakistan Army\n    kind: capital\n    country: PAK\n    sector: MIL\n"
        "    forms: [Pindi Boys]\n"
        "people:\n"
        "  - name: Lucia Prado\n    country: BRA\n    sector: GOV\n    gender: f\n"
        "offices:\n"
        "  - {person: Ana Torres, country: BRA, office: commerce_minister, start: 2025-01-01}\n"
        "remove: [Congress]\n", encoding="utf-8")
    kb = knowledge.load((str(path),))
    found = by_text(resolve("Zorvan signed with Islamabad while Congress and Lucia Prado "
                            "watched.", base=kb))
    assert (found["Zorvan"].country, found["Zorvan"].sector) == ("AUS", "BUS")
    assert "Congress" not in found
    assert found["Lucia Prado"].country == "BRA"
    assert kb.offices.holders("BRA", "commerce_minister", dt.date(2025, 5, 1))[0].person == "Ana Torres"
    # the shipped knowledge base is untouched
    assert "Zorvan" not in by_text(resolve("Zorvan signed."))


@pytest.mark.parametrize("content, message", [
    ("actors: [1, 2]", "must be a list of mappings"),
    ("actors:\n  - name: X\n    country: XYZ\n", "ISO 3166-1 alpha-3"),
    ("offices:\n  - {person: A, country: USA, office: king, start: 2020-01-01}\n", "unknown office"),
    ("people: {\n", "not valid YAML"),
    ("villains: []\n", "expected a mapping with sections"),
])
def test_malformed_gazetteer_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        KnowledgeData.build((path,))


def test_cli_reports_a_bad_gazetteer_in_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - name: X\n    country: XYZ\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Pakistan and China met.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from tightrope.cli import run; run()",
                           "extract", "--gazetteer", str(path), str(article)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "bad.yaml" in proc.stderr


# --- the seed article ----------------------------------------------------------------------------

def test_seed_article_experts_and_capitals(nlp, kb):
    article = json.loads(SEED.read_text(encoding="utf-8"))
    mentions = find_mentions(nlp(article["text"]), kb,
                             dt.date.fromisoformat(article["published"]))
    people = {m.name: m for m in mentions if m.kind == "person"}
    for name, country in (("Mushahid Hussain Sayed", "PAK"), ("Naghmana Hashmi", "PAK"),
                          ("Lin Jian", "CHN")):
        assert people[name].country == country and people[name].role, name
    assert people["Naghmana Hashmi"].role == "former ambassador to China"
    assert people["Lin Jian"].office == "foreign_ministry_spokesperson"
    capitals = {m.text: m.country for m in mentions if m.kind == "capital"}
    assert capitals == {"Washington": "USA", "Beijing": "CHN", "Islamabad": "PAK",
                        "New Delhi": "IND", "Riyadh": "SAU", "Tehran": "IRN", "Moscow": "RUS"}
    # later mentions by first name and by pronoun carry the expert's country
    assert any(m.text == "Mushahid" and m.country == "PAK" for m in mentions)
    she = [m for m in mentions if m.kind == "pronoun" and m.text == "she"]
    assert she and all(m.name == "Naghmana Hashmi" for m in she)


def test_actor_records_follow_the_contract(extractor):
    from tightrope.records import Article

    text = "Beijing welcomed the visit. Pakistan's former ambassador to Japan, Sara Malik, " \
           "said she expected more trade."
    records = [r for r in extractor.one(Article(text=text, id="a1", published="2025-02-01"))
               .records if r["kind"] == "actor"]
    assert records
    for r in records:
        assert set(r) >= {"doc_id", "id", "text", "name", "country", "sector", "role",
                          "mention_kind", "span"}
        assert text[r["span"][0]:r["span"][1]] == r["text"]
        assert r["mention_kind"] in ("state", "capital", "institution", "organisation",
                                     "person", "demonym", "pronoun", "title")
    kinds = {r["text"]: (r["mention_kind"], r["country"]) for r in records}
    assert kinds["Beijing"] == ("capital", "CHN")
    assert kinds["Sara Malik"] == ("person", "PAK") and kinds["she"] == ("pronoun", "PAK")


def test_deputy_and_heir_titles_are_not_the_top_office(resolve):
    found = by_text(resolve("Vice Premier Ding Wen met Crown Prince Karim Aziz of Saudi Arabia.",
                            published="2025-05-12"))
    vice = next(m for t, m in found.items() if "Ding Wen" in t)
    prince = next(m for t, m in found.items() if "Karim Aziz" in t)
    assert vice.role == "Vice Premier" and vice.office is None
    assert prince.role == "Crown Prince" and prince.office is None


# --- discourse: pronouns across a paragraph, surnames, titles without a state -------------------

def _pronouns(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind == "pronoun"]


def test_pronoun_reaches_back_through_its_paragraph(resolve):
    text = ("Farah Naqvi, a Karachi economist, opened the seminar on Monday. The hall was full. "
            "Bankers arrived late. The coffee ran out. Slides were shown. Questions followed. "
            "She said the rupee would stabilise by spring.")
    she = _pronouns(resolve(text))
    assert [(m.text, m.name) for m in she] == [("She", "Farah Naqvi")]


def test_pronoun_reaches_into_the_previous_paragraph_only(resolve):
    near = ("Farah Naqvi opened the seminar.\n\nThe hall was full. Bankers arrived late. "
            "The coffee ran out. Slides were shown. She said rates would fall.")
    assert [m.name for m in _pronouns(resolve(near))] == ["Farah Naqvi"]
    far = ("Farah Naqvi opened the seminar.\n\nThe hall was full. Bankers arrived late.\n\n"
           "The coffee ran out. Slides were shown. Questions followed. She said rates would "
           "fall.")
    assert _pronouns(resolve(far)) == []


def test_far_pronoun_with_another_person_in_between_is_left_unresolved(resolve):
    text = ("Farah Naqvi opened the seminar. The hall was full. Bankers greeted Sadia Rehman "
            "warmly. The coffee ran out. Slides were shown. Questions followed. Tea was served. "
            "She said rates would fall.")
    assert _pronouns(resolve(text)) == []


def test_far_pronoun_follows_a_chain_of_pronouns(resolve):
    text = ("Farah Naqvi opened the seminar. Officials thanked her. The hall was full. Bankers "
            "arrived late. The coffee ran out. Slides were shown. She said rates would fall.")
    assert [m.name for m in _pronouns(resolve(text))] == ["Farah Naqvi", "Farah Naqvi"]


def test_surname_of_an_undescribed_person_refers_back(resolve):
    mentions = resolve("Farah Naqvi spoke in Lahore on Monday. Naqvi expects the rupee to "
                       "weaken next year.")
    people = [m for m in mentions if m.kind == "person"]
    assert [(m.text, m.name) for m in people] == [("Farah Naqvi", "Farah Naqvi"),
                                                   ("Naqvi", "Farah Naqvi")]
    assert all(m.country is None for m in people)


def test_a_person_introduced_in_the_article_wins_over_a_gazetteer_alias(resolve):
    mentions = resolve("Imran Qadir, a textile exporter, spoke in Faisalabad. Qadir said orders "
                       "had fallen.")
    people = [m for m in mentions if m.kind == "person"]
    assert {m.name for m in people} == {"Imran Qadir"}
    assert not [m for m in mentions if m.name == "Imran Khan"]


def test_later_titled_mention_keeps_the_first_description(resolve):
    mentions = resolve("Pakistan's Finance Minister Muhammad Aurangzeb spoke first. Later, "
                       "Minister Aurangzeb said the talks were over.", "2025-03-01")
    people = [m for m in mentions if m.kind == "person"]
    assert [m.role for m in people] == ["Finance Minister", "Finance Minister"]
    assert {m.country for m in people} == {"PAK"}


def test_congress_in_indian_politics_is_the_party(resolve):
    local = by_text(resolve("The Congress leader accused the government of hiding the figures."))
    assert (local["Congress"].country, local["Congress"].sector) == ("IND", "PTY")
    article = by_text(resolve("The BJP won the state election. Congress blamed the count and "
                              "asked for a recount."))
    assert (article["Congress"].name, article["Congress"].country) == \
        ("Indian National Congress", "IND")
    led = by_text(resolve("A Congress-led alliance walked out of the session."))
    assert led["Congress"].country == "IND"


def test_congress_inside_another_name_is_not_the_us_congress(resolve):
    found = by_text(resolve("China's National People's Congress approved the law while the "
                            "World Uyghur Congress protested."))
    assert (found["National People's Congress"].country,
            found["National People's Congress"].sector) == ("CHN", "LEG")
    assert not [m for m in found.values() if m.country in ("USA", "IND")]


def test_congress_with_us_legislative_words_is_the_us_congress(resolve):
    found = by_text(resolve("India welcomed the visit while India's exporters waited. "
                            "Congress must approve the deal, senators said."))
    assert (found["Congress"].country, found["Congress"].sector) == ("USA", "LEG")
    plain = by_text(resolve("Congress passed the spending bill on Friday."))
    assert plain["Congress"].country == "USA"


def test_georgia_before_a_us_state_word_is_the_united_states(resolve):
    m = [m for m in resolve("Georgia senator Mark Ellison criticised the tariff.")
         if m.kind == "person"][0]
    assert (m.name, m.country, m.sector) == ("Mark Ellison", "USA", "LEG")
    voters = by_text(resolve("Georgia voters went to the polls."))
    assert voters["Georgia"].country == "USA"
    country = [m for m in resolve("Georgia's Prime Minister met NATO envoys.")
               if m.country == "GEO"]
    assert country


def test_title_without_state_takes_an_earlier_title_of_the_same_post(resolve):
    mentions = resolve("Kenya's trade minister announced new tariffs on Monday. On Tuesday, "
                       "Trade Minister Amina Wanjiru said talks would continue.")
    m = [m for m in mentions if m.kind == "person"][0]
    assert (m.name, m.country, m.office) == ("Amina Wanjiru", "KEN", "commerce_minister")


def test_title_without_state_takes_the_only_state_of_its_sentence(resolve):
    m = [m for m in resolve("Minister Dara Sokha said Cambodia would not sign the accord.")
         if m.kind == "person"][0]
    assert m.country == "KHM"
    visited = [m for m in resolve("Minister Dara Sokha arrived in Cambodia on Monday.")
               if m.kind == "person"][0]
    assert visited.country is None          # a place visited says nothing about the visitor
    envoy = [m for m in resolve("Ambassador Dara Sokha said Cambodia would not sign.")
             if m.kind == "person"][0]
    assert envoy.country is None            # an envoy may serve the other state
    other = [m for m in resolve("Minister Dara Sokha met Xi Jinping and said China was a "
                                "friend.", "2025-05-01") if m.name == "Dara Sokha"][0]
    assert other.country is None            # another person the state may belong to
    reported = [m for m in resolve("China's exports rose. "
                                   "Spokesperson Lan Tao said the US must stop interfering.")
                if m.name == "Lan Tao"][0]
    assert reported.country is None         # speaking of a state the article is not about


def test_title_without_state_takes_a_later_apposition(resolve):
    mentions = resolve("President Omondi arrived for the summit. Omondi, Kenya's president, "
                       "said trade would grow.")
    people = [m for m in mentions if m.kind == "person"]
    assert [(m.text, m.country) for m in people] == [("President Omondi", "KEN"),
                                                      ("Omondi", "KEN")]


def test_further_office_holders_are_date_aware(kb):
    holders = kb.offices.holders
    assert [t.person for t in holders("KOR", "finance_minister", dt.date(2020, 6, 1))] == \
        ["Hong Nam-ki"]
    assert [t.person for t in holders("BGD", "army_chief", dt.date(2022, 1, 1))] == \
        ["SM Shafiuddin Ahmed"]
    assert [t.person for t in holders("LKA", "army_chief", dt.date(2021, 1, 1))] == \
        ["Shavendra Silva"]
    assert [t.person for t in holders("DEU", "commerce_minister", dt.date(2023, 1, 1))] == \
        ["Robert Habeck"]
    assert [t.person for t in holders("JPN", "commerce_minister", dt.date(2023, 1, 1))] == \
        ["Yasutoshi Nishimura"]
    assert [t.person for t in holders("TUR", "army_chief", dt.date(2020, 1, 1))] == \
        ["Yasar Guler"]
    # a person holding two offices is described by the higher one
    assert kb.offices.role_on("Sheikh Hasina", dt.date(2020, 1, 1)).office == "head_of_government"


def test_further_offices_cover_the_main_states(kb):
    covered = {(t.country, t.office) for t in kb.offices.terms}
    for country in ("AFG", "IRN", "SAU", "ARE", "QAT", "TUR", "RUS", "GBR", "FRA", "DEU", "JPN",
                    "KOR", "BGD", "LKA"):
        for office in ("defence_minister", "finance_minister"):
            assert (country, office) in covered, (country, office)
    for country in ("AFG", "IRN", "SAU", "TUR", "RUS", "GBR", "FRA", "DEU", "JPN", "BGD",
                    "LKA"):
        assert (country, "army_chief") in covered, country


# --- analysis-article gaps: group anaphors, "its", state enterprises, branches, former officials

def test_group_phrases_name_each_member_with_their_sector(resolve):
    mentions = resolve("Brazil and Argentina signed a grain pact on Monday. The two central "
                       "banks will swap currencies, and both militaries will hold drills.")
    banks = [(m.country, m.sector) for m in mentions if m.text == "The two central banks"]
    armies = [(m.country, m.sector) for m in mentions if m.text == "both militaries"]
    assert banks == [("BRA", "BUS"), ("ARG", "BUS")]
    assert armies == [("BRA", "MIL"), ("ARG", "MIL")]


def test_group_anaphor_after_a_hyphenated_pair(resolve):
    mentions = resolve("Fresh US-China talks opened in Geneva on Friday. The two sides agreed "
                       "to cut tariffs, and the two governments set up a working group.")
    sides = [m.country for m in mentions if m.text == "The two sides"]
    governments = [(m.country, m.sector) for m in mentions if m.text == "the two governments"]
    assert sides == ["USA", "CHN"]
    assert governments == [("USA", "GOV"), ("CHN", "GOV")]


def test_group_anaphor_with_two_pairs_nearby_is_unresolved(resolve):
    mentions = resolve("India and Nepal met in March while Egypt and Sudan met in April. "
                       "The two countries pledged to cooperate.")
    assert not [m for m in mentions if m.text == "The two countries"]


def test_its_title_and_institution_take_the_subject_state(resolve):
    mentions = by_text(resolve("Pakistan warned India on Tuesday. Its foreign secretary said "
                               "the talks were over, and its army was on alert."))
    secretary, army = mentions["Its foreign secretary"], mentions["its army"]
    assert (secretary.country, secretary.sector, secretary.kind) == ("PAK", "GOV", "title")
    assert (army.country, army.sector) == ("PAK", "MIL")


def test_its_after_a_company_subject_stays_unresolved(resolve):
    mentions = by_text(resolve("Sinopec said its army of engineers was ready. Vietnam said its "
                               "central bank would act."))
    assert "its army" not in mentions
    # the subject's own troops as an object are no new actor
    assert "its troops" not in by_text(resolve("Chile has offered its troops to Peru."))
    bank = mentions["its central bank"]
    assert (bank.country, bank.sector) == ("VNM", "BUS")


def test_state_enterprises_take_the_state_named_in_the_phrase(resolve):
    mentions = by_text(resolve("State-run Indian Oil bought Russian crude. Pakistan's state oil "
                               "company signed a deal, and the state-owned Kenyan lender said "
                               "no. State media reported it."))
    oil = mentions["Indian Oil"]
    assert (oil.name, oil.country, oil.sector) == ("Indian Oil", "IND", "BUS")
    pso = mentions["Pakistan's state oil company"]
    assert (pso.country, pso.sector) == ("PAK", "BUS") and "Pakistan" not in mentions
    lender = mentions["state-owned Kenyan lender"]
    assert (lender.country, lender.sector) == ("KEN", "BUS")
    assert not [m for m in mentions.values() if m.text.startswith("State media")]


def test_an_organisation_named_state_takes_its_state(resolve):
    mentions = resolve("Pakistan's inflation eased in May. The State Bank cut rates, and the "
                       "State Bank of Pakistan said more cuts may follow. Yet Nepal's State "
                       "Bank disagreed.")
    banks = [(m.text, m.country, m.sector) for m in mentions if m.text.startswith("State")]
    assert banks == [("State Bank", "PAK", "BUS"), ("State Bank of Pakistan", "PAK", "BUS"),
                     ("State Bank", "NPL", "BUS")]


def test_state_run_marker_keeps_a_known_enterprise(resolve):
    mentions = by_text(resolve("Later, state-owned Chinese firm Sinopec sold fuel to Nepal."))
    assert (mentions["Sinopec"].country, mentions["Sinopec"].sector) == ("CHN", "BUS")


def test_global_armed_group_is_coded_where_it_acts(resolve):
    mentions = resolve("The Islamic State's local branch attacked a checkpoint in Afghanistan. "
                       "Islamic State's Khorasan affiliate claimed it. Al-Qaeda's Yemeni wing "
                       "denied a role. Hamas fired rockets at Israel. ISIS released a video.")
    groups = [(m.text, m.name, m.country) for m in mentions if m.sector == "REB"]
    assert groups == [
        ("Islamic State", "Islamic State", "AFG"),
        ("Islamic State", "Islamic State Khorasan Province", "AFG"),
        ("Al-Qaeda", "al-Qaeda", "YEM"),
        ("Hamas", "Hamas", "PSE"),        # not a branch: its own country, not the target's
        ("ISIS", "Islamic State", "IRQ"),  # no place named: the entry's country
    ]
    # a state acting against the group is not where it operates
    strike = resolve("New US drone strikes killed two al-Qaeda commanders last month.")
    assert [m.country for m in strike if m.name == "al-Qaeda"] == ["AFG"]


def test_former_official_commenting_is_an_expert(resolve):
    mentions = by_text(resolve("Kavita Rao, a former Indian diplomat, said the deal was weak, "
                               "and Imran Khan, Pakistan's former prime minister, was silent."))
    assert (mentions["Kavita Rao"].country, mentions["Kavita Rao"].sector) == ("IND", "EXPERT")
    # a known politician keeps his sector
    assert mentions["Imran Khan"].sector == "GOV"


@pytest.mark.parametrize(("name", "country", "office"), [
    ("Pedro Sánchez", "ESP", "head_of_government"), ("Dick Schoof", "NLD", "head_of_government"),
    ("Donald Tusk", "POL", "head_of_government"), ("Karol Nawrocki", "POL", "head_of_state"),
    ("Ferdinand Marcos Jr.", "PHL", "head_of_state"), ("Bola Tinubu", "NGA", "head_of_state"),
    ("Claudia Sheinbaum", "MEX", "head_of_state"), ("Javier Milei", "ARG", "head_of_state"),
    ("Pham Minh Chinh", "VNM", "head_of_government"),
    ("Anutin Charnvirakul", "THA", "head_of_government"),
    ("Olzhas Bektenov", "KAZ", "head_of_government"),
])
def test_current_leaders_are_known(kb, name, country, office):
    holders = kb.offices.holders(country, office, dt.date(2025, 10, 1))
    assert [h.person for h in holders] == [name]
    assert kb.people[name].country == country
