"""Events: PLOVER coding of our own sentences through the real pipeline (md model).

One test per syntactic pattern, factuality class and date form of docs/events.md."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tightrope.extract import Extractor
from tightrope.extract.events import context_index, describe, intensity, intensity_table
from tightrope.extract.predicates import Lexicon, lexicon
from tightrope.records import PLOVER_TYPES, Article

PUBLISHED = "2025-11-02"          # a Sunday


@pytest.fixture(scope="module")
def explainer(nlp):
    return Extractor(nlp=nlp, explain=True)


def events(extractor, text: str, published: str | None = PUBLISHED) -> list[dict]:
    records = extractor.one(Article(text=text, id="t", published=published)).records
    return [r for r in records if r["kind"] == "event"]


def dyads(evs: list[dict]) -> set[tuple]:
    return {(e["type"], e["source"]["country"], e["target"]["country"] if e["target"] else None)
            for e in evs}


def only(evs: list[dict]) -> dict:
    assert len(evs) == 1, [(e["type"], e["trigger"]) for e in evs]
    return evs[0]


# --------------------------------------------------------------------------- record contract

def test_record_follows_the_contract(extractor):
    text = "Headline\n\nJapan condemned North Korea on Monday. Nothing else happened."
    e = only(events(extractor, text))
    assert e["kind"] == "event" and e["doc_id"] == "t" and e["id"].startswith("ev-")
    assert e["type"] == "ACCUSE" and e["trigger"] == "condemned"
    assert e["source"] == {"text": "Japan", "name": e["source"]["name"], "country": "JPN",
                           "sector": e["source"]["sector"], **({"role": e["source"]["role"]}
                                                               if "role" in e["source"] else {})}
    assert e["target"]["country"] == "PRK"
    start, end = e["span"]
    assert text[start:end] == e["sentence"] == "Japan condemned North Korea on Monday."
    assert 0.0 <= e["confidence"] <= 1.0 and -10 <= e["intensity"] <= 10
    assert e["factuality"] == "asserted" and isinstance(e["context"], list)
    assert "explain" not in e
    again = only(events(extractor, text))
    assert again["id"] == e["id"]


def test_a_consultation_takes_two_parties(extractor):
    assert events(extractor, "Egypt discussed the budget and hosted it in Cairo.") == []


def test_circumstance_nouns_borrow_no_participants(extractor):
    # "since the meeting" dates the buying; it does not make the buyers meet the sellers.
    assert all(e["type"] != "CONSULT" for e in
               events(extractor, "Chinese firms have bought US soybeans since the meeting."))


def test_no_actor_no_event(extractor):
    assert events(extractor, "The committee agreed to meet again and signed the minutes.") == []


def test_noun_alone_needs_two_parties(extractor):
    # "US tariffs" names one party and no interaction.
    assert events(extractor, "Economists worry about US tariffs.") == []


# --------------------------------------------------------------------------- syntactic patterns

def test_active_voice_subject_and_object(extractor):
    assert dyads(events(extractor, "India accused Pakistan of shelling border villages.")) == {
        ("ACCUSE", "IND", "PAK")}


def test_passive_voice_with_agent(extractor):
    assert dyads(events(extractor, "Afghanistan was attacked by Pakistan on Tuesday.")) == {
        ("ASSAULT", "PAK", "AFG")}


def test_passive_voice_without_agent_names_no_source(extractor):
    assert events(extractor, "Three soldiers from Mexico were killed near the border.") == []


def test_coordinated_subjects_give_one_event_per_pair(extractor):
    evs = events(extractor, "China, Pakistan and Afghanistan agreed to extend the corridor.")
    pairs = {frozenset((e["source"]["country"], e["target"]["country"])) for e in evs}
    assert {e["type"] for e in evs} == {"AGREE"}
    assert pairs == {frozenset(p) for p in [("CHN", "PAK"), ("CHN", "AFG"), ("PAK", "AFG")]}


def test_between_x_and_y(extractor):
    e = only(events(extractor, "Talks between Ethiopia and Egypt resumed in Cairo."))
    assert e["type"] == "CONSULT"
    assert {e["source"]["country"], e["target"]["country"]} == {"ETH", "EGY"}


def test_possessive_source_of_a_nominal_event(extractor):
    e = only(events(extractor, "The Chilean foreign minister's visit to Peru ended quietly."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("CONSULT", "CHL", "PER")
    assert e["trigger"] == "visit"


def test_prepositional_target_of_an_object_noun(extractor):
    e = only(events(extractor, "Canada imposed new tariffs on Mexican steel."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("SANCTION", "CAN", "MEX")
    assert "tariffs" in e["context"] and e["intensity"] == intensity("SANCTION", None)


def test_light_verb_takes_its_type_from_the_noun(extractor):
    e = only(events(extractor, "India held talks with Nepal about the river."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("CONSULT", "IND", "NPL")
    assert e["trigger"] == "held talks"


def test_appositive_and_title_compound_actors(extractor):
    e = only(events(extractor, "Chinese Foreign Minister Wang Yi met his Russian counterpart."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("CONSULT", "CHN", "RUS")


def test_subject_control_folds_the_embedded_predicate(extractor):
    e = only(events(extractor, "Vietnam refused to sign the border accord with Cambodia."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REJECT", "VNM", "KHM")
    assert e["factuality"] == "asserted"


def test_object_control(extractor):
    assert dyads(events(extractor, "Germany urged Poland to lift the ban.")) == {
        ("REQUEST", "DEU", "POL")}


def test_relative_clause_subject(extractor):
    evs = events(extractor, "Sweden, which expelled two Russian diplomats, summoned the envoy.")
    assert ("SANCTION", "SWE", "RUS") in dyads(evs)


def test_reporting_frame_codes_the_reported_event(extractor):
    assert dyads(events(extractor, "Iran said that Iraq attacked Kuwait.")) == {
        ("ASSAULT", "IRQ", "KWT")}


def test_actors_of_another_clause_are_not_paired(extractor):
    evs = events(extractor, "Brazil criticised the plan, while Argentina hosted Uruguay.")
    assert ("CONSULT", "ARG", "URY") in dyads(evs)
    assert not any(e["source"]["country"] == "BRA" and e["target"] for e in evs)


def test_same_country_only_for_armed_groups(extractor):
    e = only(events(extractor, "Pakistan's army killed twelve militants in a raid."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ASSAULT", "PAK", "PAK")
    assert e["target"]["sector"] == "REB"
    e = only(events(extractor, "Germany criticized German carmakers."))
    assert e["target"] is None
    e = only(events(extractor, "Talks between Sudan's army and the RSF resumed in Jeddah."))
    assert {e["source"]["country"], e["target"]["country"]} == {"SDN"}


def test_reported_obligation_is_a_request(extractor):
    e = only(events(extractor, "Britain said that Libya must hand over the two suspects."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REQUEST", "GBR", "LBY")


def test_conditional_harm_is_a_threat(extractor):
    e = only(events(extractor, "Russia will halt the talks if Ukraine attacks its ports again."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("THREATEN", "RUS", "UKR")


def test_condition_hung_on_the_objects_infinitive(extractor):
    # the parser attaches "if ..." to "cut", the infinitive modifying the object
    e = only(events(extractor, "Japan has threatened to halt negotiations to cut fishing quotas if "
                               "South Korea goes ahead with the planned survey of the disputed islands."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("THREATEN", "JPN", "KOR")


def test_mediator_consults_each_side(extractor):
    evs = events(extractor, "Qatar launched a mediation effort between Egypt and Sudan.")
    assert dyads(evs) == {("CONSULT", "QAT", "EGY"), ("CONSULT", "QAT", "SDN")}


def test_an_actors_own_commitment_is_an_agreement(extractor):
    e = only(events(extractor, "Norway said it would send food aid to Yemen."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AGREE", "NOR", "YEM")
    assert e["factuality"] == "asserted"      # the commitment was announced
    e = only(events(extractor, "France is ready to contribute troops to a force in Mali."))
    assert (e["type"], e["source"]["country"]) == ("AGREE", "FRA")
    # a third party's prediction keeps its own type
    e = only(events(extractor, "Analysts said Norway would send food aid to Yemen."))
    assert (e["type"], e["factuality"]) == ("AID", "forecast")


def test_pronoun_subject_of_a_reported_clause_is_the_reporter(extractor):
    e = only(events(extractor, "Japan said on Tuesday it had halted economic aid to Serbia."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("SANCTION", "JPN", "SRB")
    assert e["date"] is None          # "on Tuesday" dates the saying, not the halt


def test_nearest_actor_of_the_clause_is_the_fallback_target(extractor):
    e = only(events(extractor, "The World Bank agreed to open a regional office in Nairobi."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AGREE", "IGO", "KEN")
    # who reports the act is not acted on
    e = only(events(extractor, "Kenya rejected the proposal, according to Ethiopian diplomats."))
    assert (e["type"], e["source"]["country"], e["target"]) == ("REJECT", "KEN", None)
    # a state's own people are not its target unless the source is a domestic group
    e = only(events(extractor, "Hundreds of dock workers stopped work in Argentina on Monday."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("PROTEST", "ARG", "ARG")


def test_unplaced_political_actor_is_coded_domestic(extractor):
    e = only(events(extractor, "Judge Maria Ortega opened a corruption inquiry into Peruvian "
                               "cabinet ministers."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ACCUSE", "PER", "PER")
    e = only(events(extractor, "Village elders demanded that the Ghanaian government build a new road."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REQUEST", "GHA", "GHA")
    # through a reported pronoun and control
    e = only(events(extractor, "The separatist fighters said they tried to kill the Nigerian governor."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ASSAULT", "NGA", "NGA")
    assert e["source"]["sector"] == "REB"


def test_domestic_coding_needs_a_titled_or_group_actor_and_one_state(extractor):
    # an unknown person without a title, or a commentator, is not placed
    assert events(extractor, "Mark Jensen criticised the Brazilian government.") == []
    assert events(extractor, "Analysts criticised the Brazilian government.") == []
    # an unknown place may be another state's: no guess
    assert events(extractor, "Tribal elders in Kandahar met Pakistani officials.") == []


def test_coordinated_modifiers_of_one_head_are_all_parties(extractor):
    e = only(events(extractor, "Senior Greek and Turkish officials agreed on Monday to resume the talks."))
    assert e["type"] == "AGREE" and {e["source"]["country"], e["target"]["country"]} == {"GRC", "TUR"}


def test_unresolved_possessive_of_a_reported_clause_is_the_reporter(extractor):
    e = only(events(extractor, "The Syrian government said its troops had withdrawn from the "
                               "Lebanese border."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("RETREAT", "SYR", "LBN")


def test_where_an_armed_group_acts_is_not_its_target(extractor):
    e = only(events(extractor, "The separatist militia declared a unilateral ceasefire in eastern Ukraine."))
    assert (e["type"], e["source"]["country"], e["target"]) == ("RETREAT", "UKR", None)


def test_a_standfirst_repeating_the_body_states_one_event(extractor):
    standfirst = "Egypt and Sudan signed a water deal as Cairo seeks allies on the Nile."
    body = "Egypt and Sudan signed a water deal on Tuesday as Cairo seeks allies on the Nile dam dispute."
    e = only(events(extractor, f"{standfirst}\n\n{body}"))
    assert e["sentence"] == body and e["date"] == "2025-10-28"      # the dated mention is kept
    # two different statements of the same dyad and type both count
    evs = events(extractor, f"{standfirst}\n\nEgypt and Sudan later signed a second accord on "
                            "grain shipments through Port Sudan.")
    assert len(evs) == 2


def test_unnamed_counterpart_is_the_state_the_article_is_about(extractor):
    about_pakistan = ("Pakistan's energy crunch deepened this winter.\n\nPakistan imports most of its "
                      "gas.\n\nOfficials in Islamabad are looking for new suppliers.\n\n")
    offer = "Russian officials have offered to supply gas from 2028."
    e = only(events(extractor, about_pakistan + offer))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AGREE", "RUS", "PAK")
    assert "implied" in e["target"]["text"]
    alone = only(events(extractor, offer))
    assert alone["target"] is None and e["confidence"] < alone["confidence"]
    # an article about two states equally says nothing about which one is meant
    both = ("Pakistan and India both face shortages.\n\nPakistan imports gas; India imports coal."
            "\n\nPakistan and India compete for the same cargoes.\n\n")
    assert only(events(extractor, both + offer))["target"] is None


def test_a_group_of_the_sources_own_country_can_be_the_fallback_target(extractor):
    # "his" is the president again; the people are the counterpart
    e = only(events(extractor, "President Jorge Alvarez has reneged on his commitment to the "
                               "Bolivian people."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REJECT", "BOL", "BOL")
    assert e["target"]["text"] == "Bolivian people"


def test_an_order_signed_is_its_authors_act_not_an_agreement(extractor):
    e = only(events(extractor, "President Donald Trump signed an order on Wednesday that imposes an "
                               "additional 25% tariff on goods from India."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("SANCTION", "USA", "IND")
    e = only(events(extractor, "The UN Security Council passed a resolution that condemns Israel."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ACCUSE", "IGO", "ISR")
    # signing an agreement is still an agreement
    e = only(events(extractor, "Turkey and Greece signed a maritime agreement."))
    assert e["type"] == "AGREE"


def test_origin_of_traded_goods_is_the_target(extractor):
    e = only(events(extractor, "Canada imposed a ban on imports from Russia."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("SANCTION", "CAN", "RUS")


def test_hosted_talks_between_two_parties(extractor):
    evs = events(extractor, "Norway hosted three rounds of talks between Colombian and Venezuelan "
                            "delegations in Oslo.")
    pairs = {(e["type"], e["source"]["country"], e["target"]["country"]) for e in evs}
    assert {("CONSULT", "NOR", "COL"), ("CONSULT", "NOR", "VEN")} <= pairs   # the host meets each side
    assert {("CONSULT", "COL", "VEN"), ("CONSULT", "VEN", "COL")} & pairs    # and the two sides talk


def test_measured_quantities_are_what_is_sent(extractor):
    e = only(events(extractor, "Cairo sent 120 tonnes of food and medicine to flood-hit Sudan."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AID", "EGY", "SDN")


def test_market_shares_and_market_demand_are_no_events(extractor):
    assert events(extractor, "Algerian gas meets about 30 per cent of Spanish demand.") == []
    assert events(extractor, "India's oil demand is forecast to grow by 3 per cent a year.") == []
    e = only(events(extractor, "Iran rejected the American demand for inspections."))
    assert (e["type"], e["target"]["country"]) == ("REJECT", "USA")


def test_sitting_down_together_is_a_meeting(extractor):
    e = only(events(extractor, "Serbian and Croatian ministers have not sat down together since 2022."))
    assert e["type"] == "CONSULT" and e["factuality"] == "negated"
    assert {e["source"]["country"], e["target"]["country"]} == {"SRB", "HRV"}


def test_a_date_is_not_the_on_of_call_on(extractor):
    # not "called on China" (a request): calling a move aggressive is a criticism
    e = only(events(extractor, "On Friday, October 10, President Donald Trump called the move by China "
                               "extraordinarily aggressive."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ACCUSE", "USA", "CHN")
    e = only(events(extractor, "On Monday Japan called on Russia to withdraw."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REQUEST", "JPN", "RUS")


def test_asking_for_ones_own_people_back_is_a_demand_to_their_holder(extractor):
    e = only(events(extractor, "Manila demanded the release of its 12 fishermen."))
    assert (e["type"], e["source"]["country"], e["target"]) == ("REQUEST", "PHL", None)


def test_a_company_does_not_place_an_unknown_minister(extractor):
    # Gazprom is Russian; the minister who signs with it need not be
    assert events(extractor, "Minister Carlos Rivas signed a supply contract with Gazprom.") == []


def test_leaving_an_organisation_cuts_ties(extractor):
    evs = events(extractor, "Mali, Burkina Faso and Niger left the Economic Community of West African "
                            "States after almost fifty years of membership.")
    assert dyads(evs) == {("SANCTION", c, "IGO") for c in ("MLI", "BFA", "NER")}
    assert events(extractor, "Putin left Beijing on Tuesday.") == []
    assert events(extractor, "The government says Pakistan will exit IMF programmes after this one.") == []


def test_speaking_together_is_a_consultation(extractor):
    e = only(events(extractor, "Erdogan and Putin spoke by phone on Monday."))
    assert e["type"] == "CONSULT" and {e["source"]["country"], e["target"]["country"]} == {"TUR", "RUS"}
    assert events(extractor, "Biden spoke to reporters in Kyiv.") == []


def test_calling_something_by_a_disapproving_word_is_a_criticism(extractor):
    e = only(events(extractor, "Beijing described the Japanese sanctions as illegal."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ACCUSE", "CHN", "JPN")
    e = only(events(extractor, "Moscow branded the Polish decision a provocation."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("ACCUSE", "RUS", "POL")
    # a neutral or approving description is no criticism
    assert all(e["type"] != "ACCUSE" for e in events(
        extractor, "Kenyan officials called the Ugandan visit a milestone."))


def test_dates_reaching_the_event_through_its_phrase(extractor):
    e = only(events(extractor, "Wang Yi discussed the reef with his Philippine counterpart by telephone "
                               "on October 10."))
    assert e["date"] == "2025-10-10"
    # a time put before two coordinated verbs dates both
    evs = events(extractor, "In August, Bamako arrested a French embassy employee and accused him of spying.")
    assert {e["type"]: e["date"] for e in evs} == {"COERCE": "2025-08", "ACCUSE": "2025-08"}
    # a "when" clause happens at the date it hangs on
    evs = events(extractor, "The split became formal on January 29, when Mali and Niger left the "
                            "Economic Community of West African States.")
    assert {e["date"] for e in evs} == {"2025-01-29"}


def test_the_counterpart_is_read_from_nearby_text_first(extractor):
    # Pakistan dominates the article, India the paragraph of the offer
    text = ("Pakistan faces a gas shortage.\n\nPakistan imports most of its fuel.\n\nPakistan's "
            "refineries are old.\n\nPakistan cannot pay for new cargoes.\n\nPakistan's reserves are "
            "low.\n\nIndia has a different problem. Indian refiners bought record volumes this year. "
            "New Delhi wants long contracts. Russian officials have offered to supply more oil.")
    e = only(events(extractor, text))
    assert (e["source"]["country"], e["target"]["country"]) == ("RUS", "IND")
    assert "implied" in e["target"]["text"]


def test_seizing_a_company_is_a_confiscation(extractor):
    e = only(events(extractor, "Caracas took control of Conoco, an American oil company."))
    assert (e["type"], e["source"]["country"], e["mode"]) == ("COERCE", "VEN", "confiscate")
    e = only(events(extractor, "Russian forces seized the Ukrainian city of Kherson."))
    assert (e["type"], e["target"]["country"]) == ("ASSAULT", "UKR")


def test_an_independent_clause_of_another_actor_is_its_own_event(extractor):
    evs = events(extractor, "On June 13 Israel began air strikes on Iranian nuclear sites, and on "
                            "June 22 American bombers hit the bunkers.")
    assert {(e["type"], e["source"]["country"]) for e in evs} == {("ASSAULT", "ISR"), ("ASSAULT", "USA")}
    # two statements joined by a semicolon are not one embedded in the other
    e = only(events(extractor, "The RSF accepted the American plan in November; the army has not replied."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AGREE", "SDN", "USA")


def test_the_frame_of_an_act_is_not_an_act(extractor):
    evs = events(extractor, "Britain and France triggered the return of UN sanctions on Iran under "
                            "the 2015 nuclear deal.")
    assert {e["type"] for e in evs} == {"SANCTION"}
    e = only(events(extractor, "In November Kazakhstan sent the first trainload of wheat to Armenia."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("COOPERATE", "KAZ", "ARM")


def test_guests_of_one_host_meet_each_other(extractor):
    evs = events(extractor, "Turkey hosted the Russian and Ukrainian delegations in Istanbul.")
    pairs = {(e["source"]["country"], e["target"]["country"]) for e in evs}
    assert {("TUR", "RUS"), ("TUR", "UKR")} <= pairs and ({("RUS", "UKR"), ("UKR", "RUS")} & pairs)
    e = only(events(extractor, "Mexico has sent 55 alleged cartel figures to face American prosecutors."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("COOPERATE", "MEX", "USA")


def test_an_act_not_yet_done_is_negated_not_refused(extractor):
    e = only(events(extractor, "Vanuatu has not signed the agreement with Australia."))
    assert (e["type"], e["factuality"], e["target"]["country"]) == ("AGREE", "negated", "AUS")
    e = only(events(extractor, "Vanuatu failed to sign the agreement with Australia."))
    assert (e["type"], e["factuality"]) == ("REJECT", "asserted")


def test_shows_of_force_and_their_joint_form(extractor):
    e = only(events(extractor, "On December 29 the People's Liberation Army began two days of drills "
                               "around Taiwan."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("MOBILIZE", "CHN", "TWN")
    e = only(events(extractor, "In February three Chinese warships sailed around Australia."))
    assert (e["type"], e["target"]["country"]) == ("MOBILIZE", "AUS")
    e = only(events(extractor, "American and Philippine troops will begin their annual exercises in April."))
    assert e["type"] == "COOPERATE" and {e["source"]["country"], e["target"]["country"]} == {"USA", "PHL"}


def test_more_material_and_verbal_acts(extractor):
    cases = {
        "Germany delivered two more Patriot systems to Ukraine in January.": ("AID", "DEU", "UKR"),
        "New Zealand paused NZ$18 million in development funding for the Cook Islands.": ("SANCTION", "NZL", "COK"),
        "Beijing handed 30 police vehicles to Solomon Islands.": ("AID", "CHN", "SLB"),
        "Beijing lodged a formal protest with Washington.": ("ACCUSE", "CHN", "USA"),
        "Moscow has said it will treat any British force as a legitimate target.": ("THREATEN", "RUS", "GBR"),
    }
    for text, want in cases.items():
        e = only(events(extractor, text))
        assert (e["type"], e["source"]["country"], e["target"]["country"]) == want, text


def test_mediators_and_coordinated_signatories(extractor):
    evs = events(extractor, "The United Arab Emirates brokered a prisoner exchange between Russia and Ukraine.")
    assert dyads(evs) == {("CONSULT", "ARE", "RUS"), ("CONSULT", "ARE", "UKR")}
    evs = events(extractor, "On January 6 Emmanuel Macron and Keir Starmer signed a declaration in Paris "
                            "with Volodymyr Zelensky.")
    pairs = {frozenset((e["source"]["country"], e["target"]["country"])) for e in evs}
    assert pairs == {frozenset(p) for p in (("FRA", "UKR"), ("GBR", "UKR"), ("FRA", "GBR"))}
    e = [e for e in events(extractor, "Ethiopia accused Eritrea of arming rebels. Asmara called the "
                                      "accusation a fabrication.") if e["source"]["country"] == "ERI"]
    assert [x["type"] for x in e] == ["REJECT"]


def test_breakaway_regions_and_troop_moves(extractor):
    e = only(events(extractor, "In January 2024 Addis Ababa signed a memorandum with the breakaway "
                               "region of Somaliland."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("AGREE", "ETH", "SOM")
    e = only(events(extractor, "Ethiopia moved troops and artillery towards Eritrea."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("MOBILIZE", "ETH", "ERI")
    # "as a concession to X" names the one conceded to
    evs = events(extractor, "China imposed export controls on rare earths in October. It did suspend "
                            "its October controls for a year, but as a concession to Washington.")
    assert ("CONCEDE", "CHN", "USA") in dyads(evs)


def test_conditional_protest_is_a_threat(extractor):
    e = only(events(extractor, "The farmers' union said it will blockade the highways of Chile "
                               "unless the president resigns."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("THREATEN", "CHL", "CHL")


def test_the_aim_of_a_protest_is_folded_into_it(extractor):
    e = only(events(extractor, "Thousands of teachers staged a protest on Friday to demand higher "
                               "pay from the Moroccan government."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("PROTEST", "MAR", "MAR")
    assert e["target"]["text"] == "Moroccan government"
    assert e["date"] == "2025-10-31"


# --------------------------------------------------------------------------- factuality

@pytest.mark.parametrize("text, expected", [
    ("Spain did not impose sanctions on Morocco.", "negated"),
    ("Japan never visited China.", "negated"),
    ("Egypt will host the king of Jordan.", "forecast"),
    ("Turkey plans to visit Greece.", "forecast"),
    ("Kenya is expected to sign a deal with Ethiopia.", "forecast"),
    ("Brazil could impose sanctions on Venezuela.", "hypothetical"),
    ("If talks fail, Russia would attack Ukraine.", "hypothetical"),
    ("Indonesia signed a deal with Malaysia.", "asserted"),
])
def test_factuality(extractor, text, expected):
    evs = events(extractor, text)
    assert evs, text
    assert {e["factuality"] for e in evs} == {expected}


def test_refusal_is_an_asserted_rejection(extractor):
    e = only(events(extractor, "Iraq refused to meet Kuwait."))
    assert (e["type"], e["factuality"]) == ("REJECT", "asserted")


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text, date", [
    ("China and Pakistan signed an agreement on October 30.", "2025-10-30"),
    ("Mexico imposed tariffs on Chinese cars in March.", "2025-03"),
    ("Japan praised India last month.", "2025-10"),
    ("Russia attacked Ukraine on Monday.", "2025-10-27"),
    ("Russia attacked Ukraine.", None),
    ("India met China in Tianjin on Sunday, October 26.", "2025-10-26"),
])
def test_event_date_forms(extractor, text, date):
    e = events(extractor, text)[0]
    assert e["date"] == date


def test_date_of_another_clause_or_noun_is_not_the_event_date(extractor):
    e = only(events(extractor, "Pakistan's arrest of the August 2021 Afghan bombers was welcomed."))
    assert e["date"] is None
    evs = events(extractor, "Officials said on Friday that India accused Pakistan.")
    assert evs and all(e["date"] is None for e in evs)


def test_no_publication_date_leaves_relative_dates_unresolved(extractor):
    e = events(extractor, "Russia attacked Ukraine on Monday.", published=None)[0]
    assert e["date"] is None


def test_future_date_makes_a_forecast(extractor):
    e = events(extractor, "France and Germany hold a summit in 2026.")[0]
    assert e["date"] == "2026" and e["factuality"] == "forecast"


# --------------------------------------------------------------------------- explain

def test_explain_field_names_words_and_rules(explainer):
    e = only(events(explainer, "Canada imposed new tariffs on Mexican steel on Monday."))
    why = e["explain"]
    assert "impose" in why["type"] and "lexicon.tsv line" in why["type"]
    assert "subject of 'imposed'" in why["source"] and "'on'" in why["target"]
    assert "on Monday" in why["date"] and "no negation" in why["factuality"]
    assert "SANCTION" in describe(e)


def test_explain_command(nlp):
    from tightrope.cli import main

    result = CliRunner().invoke(main, ["explain", "--published", PUBLISHED,
                                       "Spain will not sign the treaty with Morocco."])
    assert result.exit_code == 0, result.output
    # a denied agreement is a rejection; the explanation keeps the negation that decided it
    assert "REJECT: Spain (ESP) -> Morocco (MAR)" in result.output
    assert "forecast" in result.output and "negated AGREE ('not' negates" in result.output
    result = CliRunner().invoke(main, ["explain", "--json", "Japan condemned North Korea."])
    record = json.loads(result.output.splitlines()[0])
    assert record["type"] == "ACCUSE" and "explain" in record


def test_extract_explain_flag(tmp_path):
    from tightrope.cli import main

    src = tmp_path / "a.txt"
    src.write_text("Japan condemned North Korea.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--explain"])
    assert result.exit_code == 0, result.output
    evs = [json.loads(line) for line in result.output.splitlines()
           if line.startswith("{") and '"kind": "event"' in line]
    assert evs and all("explain" in e for e in evs)


# --------------------------------------------------------------------------- data files

def test_lexicon_covers_every_type_and_parses():
    lex = lexicon()
    assert {e.type for e in lex.entries} >= set(PLOVER_TYPES)
    assert all(0 < e.conf <= 1 for e in lex.entries)
    with pytest.raises(ValueError, match="unknown type"):
        Lexicon.read("meet\tV\t-\tGREET\t-\t-\t0.5\n")
    with pytest.raises(ValueError, match="unknown condition"):
        Lexicon.read("meet\tV\tcolour=red\tCONSULT\t-\t-\t0.5\n")


def test_intensity_table_is_complete_and_in_range():
    table = intensity_table()
    assert all((t, None) in table for t in PLOVER_TYPES)
    assert all(-10 <= v <= 10 for v in table.values())
    assert intensity("ASSAULT", "aerial") < intensity("ASSAULT", None) < intensity("AID", None)


def test_context_channels_come_from_the_event_clause(extractor):
    assert "crypto" in context_index().words.get("crypto", set())
    e = only(events(extractor, "Pakistan signed a crypto agreement with the United States."))
    assert "crypto" in e["context"]


# --------------------------------------------------------------------------- domestic events

@pytest.mark.parametrize("text, expected", [
    # an unnamed state agent placed by where it acts, an unnamed group by the acting state
    ("Police dispersed protesters in Nairobi on Monday.", ("COERCE", "KEN", "KEN")),
    ("Kenyan police arrested dozens of students.", ("COERCE", "KEN", "KEN")),
    ("Colombian police seized a cache of rifles from rebels.", ("COERCE", "COL", "COL")),
    # an armed group placed by the place of its act
    ("Separatists exploded a string of bombs in Colombo.", ("ASSAULT", "LKA", "LKA")),
    # a protest by a country's own people is against its own government
    ("Thousands of students demonstrated in Bangkok on Friday.", ("PROTEST", "THA", "THA")),
    ("Peruvian workers went on strike over pay.", ("PROTEST", "PER", "PER")),
    ("Farmers in Bolivia blocked highways for a week.", ("PROTEST", "BOL", "BOL")),
    ("Spanish fishermen blockaded the port of Vigo for two days.", ("PROTEST", "ESP", "ESP")),
    # a curfew acts on the government's own country
    ("The Chilean government imposed a curfew on Tuesday.", ("COERCE", "CHL", "CHL")),
])
def test_domestic_events_are_coded_within_one_country(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


def test_a_domestic_target_is_written_as_the_group(extractor):
    e = only(events(extractor, "Kenyan police arrested dozens of students."))
    assert e["target"]["text"] == "dozens of students" and e["target"]["sector"] == "EDU"
    e = only(events(extractor, "Peruvian workers went on strike over pay."))
    assert e["target"]["name"] == "Peru government" and e["target"]["sector"] == "GOV"


def test_a_country_named_twice_is_not_a_pair(extractor):
    # "Turkey ... Ankara": the state and its capital are one party, not two
    assert ("SUPPORT", "TUR", "TUR") not in dyads(events(extractor, "Turkey praised Ankara."))
    assert not any(e["target"] and e["target"]["country"] == e["source"]["country"]
                   for e in events(extractor, "Iran welcomed Iran's decision."))


def test_unplaced_police_give_no_event(extractor):
    # no place, no named state: the text does not say whose police
    assert events(extractor, "Police dispersed the protesters.") == []


# --------------------------------------------------------------------------- leaders and titles

@pytest.mark.parametrize("text, expected", [
    ("President Obasanjo visited Ghana.", ("CONSULT", "NGA", "GHA")),
    ("Prime Minister Hashimoto met President Yeltsin.", ("CONSULT", "JPN", "RUS")),
    ("King Hussein received the Egyptian foreign minister.", ("CONSULT", "JOR", "EGY")),
    ("The Iraqi foreign minister met his Jordanian counterpart.", ("CONSULT", "IRQ", "JOR")),
    ("Israel's prime minister visited Egypt.", ("CONSULT", "ISR", "EGY")),
])
def test_past_leaders_and_titles_resolve_to_their_state(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


def test_a_bare_surname_without_a_title_is_not_guessed(extractor):
    # "Hashimoto" alone could be anyone of that name
    assert events(extractor, "Hashimoto met Yeltsin.") == [] or all(
        e["source"]["country"] == "RUS" for e in events(extractor, "Hashimoto met Yeltsin."))


# --------------------------------------------------------------------------- conventions

def test_a_denied_agreement_is_a_rejection(extractor):
    evs = events(extractor, "Norway and Chile failed to reach a deal on salmon exports.")
    assert {e["type"] for e in evs} == {"REJECT"}
    assert {e["source"]["country"] for e in evs} | {e["target"]["country"] for e in evs} == {"NOR", "CHL"}
    assert {e["factuality"] for e in evs} == {"asserted"}
    e = only(events(extractor, "Brazil did not accept Argentina's proposal."))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("REJECT", "BRA", "ARG")


def test_being_told_not_to_agree_is_not_a_rejection(extractor):
    evs = events(extractor, "Germany told Austria not to sign the deal with Hungary.")
    assert not any(e["type"] == "REJECT" and e["source"]["country"] == "AUT" for e in evs)


@pytest.mark.parametrize("text, expected", [
    ("Iran said it would impose sanctions on Canada.", ("THREATEN", "IRN", "CAN")),
    ("Portugal plans to impose tariffs on Moroccan tomatoes.", ("THREATEN", "PRT", "MAR")),
    ("Hezbollah threatened to launch rocket attacks inside Israel.", ("THREATEN", "LBN", "ISR")),
    ("Ecuador threatened to suspend the border talks if Peru moves troops to the frontier.",
     ("THREATEN", "ECU", "PER")),
])
def test_announced_hostile_acts_are_threats(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


def test_a_forecast_hostile_act_by_others_is_not_a_threat(extractor):
    e = only(events(extractor, "Analysts said Iran would impose sanctions on Canada."))
    assert (e["type"], e["factuality"]) == ("SANCTION", "forecast")


@pytest.mark.parametrize("text, expected", [
    ("Egypt eased its blockade of the Gaza Strip.", ("RETREAT", "EGY", "PSE")),
    ("Kenya called up its reservists.", ("MOBILIZE", "KEN", None)),
    ("Serbia rounded up Albanian activists.", ("COERCE", "SRB", "ALB")),
    ("Iran repudiated the treaty with Iraq.", ("REJECT", "IRN", "IRQ")),
    ("Chile paid tribute to Argentina.", ("SUPPORT", "CHL", "ARG")),
    ("Ecuador bowed to pressure from Peru.", ("CONCEDE", "ECU", "PER")),
    ("Cuban dissidents staged a hunger strike in Havana.", ("PROTEST", "CUB", "CUB")),
])
def test_wider_vocabulary(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


@pytest.mark.parametrize("text, expected", [
    ("Norway will not join the French-led coalition.", ("REJECT", "NOR", "FRA")),
    ("Kenya handed over two suspected financiers to Uganda.", ("COOPERATE", "KEN", "UGA")),
    ("Russia sold fighter jets to India.", ("COOPERATE", "RUS", "IND")),
    # an attack named only by its means is coded with the place where it happened
    ("Two Kenyan soldiers were killed by a roadside bomb in Somalia.", ("ASSAULT", "SOM", "KEN")),
    ("A roadside bomb near the Somali capital wounded two Ugandan peacekeepers.",
     ("ASSAULT", "SOM", "UGA")),
    # the light verb's subject performs the withdrawal; "of its last troops" names what moved
    ("Russia hastened the withdrawal of its last troops from Georgia.", ("RETREAT", "RUS", "GEO")),
    # an ethnic group is coded where it lives
    ("Ethnic Hungarians held a rally in Romania to demand language rights.", ("PROTEST", "ROU", "ROU")),
])
def test_more_conventions(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


def test_a_verb_misread_as_a_modifier_keeps_its_parties(explainer):
    # the md parser reads "hosted" as a modifier of "Minister" and finds no main verb here
    text = ("Indian Prime Minister Atal Bihari Vajpayee on Saturday hosted Pakistani Prime "
            "Minister Nawaz Sharif at a lakeside resort.")
    e = only(events(explainer, text))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == ("CONSULT", "IND", "PAK")
    assert "read the verb as a modifier" in e["explain"]["source"]


@pytest.mark.parametrize("text, expected", [
    # the noun's "into" phrase hangs on the light verb
    ("Egypt's top court began a hearing on Monday into the new election law.",
     ("ACCUSE", "EGY", None)),
    # a generic head's modifier is the object the lexicon sees ("mediation efforts")
    ("Qatar ended its aid programme in Yemen.", ("SANCTION", "QAT", "YEM")),
    # "allow X to ...": X is the object, though parsed as the infinitive's subject
    ("Zimbabwe's electoral body decided to allow President Mugabe to seek another term.",
     ("CONCEDE", "ZWE", "ZWE")),
    # the author of the demands accepted
    ("After weeks of talks, the Nepalese cabinet accepted key demands from striking teachers.",
     ("CONCEDE", "NPL", "NPL")),
    # "outside of X" places an unattributed attack
    ("Two Ugandan peacekeepers were wounded by a mine outside of the Somali capital.",
     ("ASSAULT", "SOM", "UGA")),
])
def test_object_and_place_forms(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


@pytest.mark.parametrize("text, expected", [
    # a people named with its own place, or with a second demonym, belongs to that place
    ("The Hungarians of northern Serbia asked Serbian authorities for more schools.",
     ("REQUEST", "SRB", "SRB")),
    ("Bosnian Serbs asked Croatia for fuel.", ("REQUEST", "BIH", "HRV")),
])
def test_peoples_are_coded_where_they_live(extractor, text, expected):
    assert expected in dyads(events(extractor, text)), text


def test_a_language_adjective_names_no_actor(extractor):
    e = only(events(extractor, "Estonia's parliament eased limits on teaching in the Russian language."))
    assert (e["type"], e["source"]["country"], e["target"]) == ("CONCEDE", "EST", None)


@pytest.mark.parametrize("text, expected", [
    ("Japan will send aid to Nepal.", ("AGREE", "JPN", "NPL")),
    ("Israel will impose a curfew on Gaza.", ("THREATEN", "ISR", "PSE")),
])
def test_a_stated_future_act_is_an_intention(extractor, text, expected):
    e = only(events(extractor, text))
    assert (e["type"], e["source"]["country"], e["target"]["country"]) == expected
    assert e["factuality"] == "forecast"


def test_future_talks_stay_a_consultation(extractor):
    evs = events(extractor, "Talks between Chile and Peru will resume next month.")
    assert {e["type"] for e in evs} == {"CONSULT"}


def test_an_embassy_does_not_place_a_crowd(extractor):
    # "outside the US embassy" is not a place in the United States
    evs = events(extractor, "Students protested outside the US embassy on Friday.")
    assert not any(e["source"]["country"] == "USA" for e in evs)
    evs = events(extractor, "Students protested in the Kenyan capital on Friday.")
    assert ("PROTEST", "KEN", "KEN") in dyads(evs)


def test_a_bare_number_counts_the_main_target(extractor):
    evs = events(extractor, "Kenyan police fired on the marchers in Nairobi, wounding three and detaining 40.")
    assert ("COERCE", "KEN", "KEN") in dyads(evs)


# --------------------------------------------------------------------------- analysis prose

@pytest.mark.parametrize("text, expected", [
    # idioms of diplomacy
    ("Brazil kept Argentina in the loop throughout the negotiations.", ("CONSULT", "BRA", "ARG")),
    ("Japan reached out to Vietnam after the storm.", ("CONSULT", "JPN", "VNM")),
    ("Turkey extended an olive branch to Armenia last week.", ("AGREE", "TUR", "ARM")),
    # telling someone to act is a request; the embedded act is folded in
    ("The EU told Serbia not to recognise the breakaway region.", ("REQUEST", "IGO", "SRB")),
    ("Canada told Peru to release the detained journalists.", ("REQUEST", "CAN", "PER")),
    # official finance and arms sales
    ("The World Bank released $400 million to Kenya in March.", ("AID", "IGO", "KEN")),
    ("The Pentagon approved a $300 million sale of drones to Morocco.", ("COOPERATE", "USA", "MAR")),
    ("The UAE put $2 billion into Egyptian real estate last year.", ("COOPERATE", "ARE", "EGY")),
    # respect for another state's choices is verbal support
    ("China respects Nepal's sovereign choices, its spokesman said.", ("SUPPORT", "CHN", "NPL")),
])
def test_analysis_idioms(extractor, text, expected):
    evs = events(extractor, text)
    assert expected in dyads(evs), (text, dyads(evs))
    assert len({e["type"] for e in evs}) == 1, dyads(evs)


@pytest.mark.parametrize("text, pair", [
    ("The US-Pakistan deal covers lithium and copper.", ("AGREE", {"USA", "PAK"})),
    ("Sino-Indian border talks resumed in Beijing.", ("CONSULT", {"CHN", "IND"})),
])
def test_hyphenated_dyad_names_both_parties(extractor, text, pair):
    evs = events(extractor, text)
    assert any(e["type"] == pair[0] and {e["source"]["country"], e["target"]["country"]} == pair[1]
               for e in evs if e["target"]), dyads(evs)


def test_clashes_between_two_sides_run_both_ways(extractor):
    evs = events(extractor, "Clashes between Indian and Chinese troops left twenty dead in June.")
    assert {("ASSAULT", "IND", "CHN"), ("ASSAULT", "CHN", "IND")} <= dyads(evs)


@pytest.mark.parametrize("text", [
    # a habitual trade volume is not an event
    "Norway now supplies about 30 percent of Germany's gas.",
    "Qatar sells most of its gas to Japan.",
    # an admission of a fact is not a concession
    "Spanish officials privately concede that Morocco's influence has grown.",
    # a result, not an interaction
    "The decision leaves Nepal exposed to Chinese pressure.",
    # a commentator's belief about one party's future act, and a commentator's "should"
    "She believes that Ankara will join the bloc within two years.",
    "Omar Haddad, an analyst at a Cairo think tank, argues that Egypt should build its own deterrent.",
])
def test_descriptions_and_opinions_are_not_events(extractor, text):
    assert events(extractor, text) == [], dyads(events(extractor, text))


def test_a_dated_shipment_is_still_an_event(extractor):
    evs = events(extractor, "Egypt shipped 2 million tonnes of wheat to Sudan in May.")
    assert ("COOPERATE", "EGY", "SDN") in dyads(evs)


@pytest.mark.parametrize("text, expected", [
    # a lender rolling over money is aid, even with the borrower left implicit
    ("Beijing rolled over about $1.5bn last month.", ("AID", "CHN", None)),
    ("Rabat and Algiers exchanged ambassadors in 2024.", ("COOPERATE", "MAR", "DZA")),
    ("The US Treasury revoked the sanctions waiver for Turkish banks.", ("SANCTION", "USA", "TUR")),
    # the place of what is invested in
    ("Japan invested in copper projects in Chile last year.", ("COOPERATE", "JPN", "CHL")),
    # the other party of what the deal provides for
    ("Vietnam signed an agreement to buy rice from Cambodia.", ("AGREE", "VNM", "KHM")),
])
def test_finance_and_agreement_forms(extractor, text, expected):
    evs = events(extractor, text)
    assert expected in dyads(evs), (text, dyads(evs))


def test_reporter_is_the_party_of_talks_with_another_state(extractor):
    evs = events(extractor, "Chilean officials say talks with Bolivian negotiators will resume in the spring.")
    assert ("CONSULT", "CHL", "BOL") in dyads(evs)
    e = next(e for e in evs if e["type"] == "CONSULT")
    assert e["factuality"] == "forecast"
    # without a reporting verb the talks name one party only: no event
    assert events(extractor, "Talks with Bolivian negotiators will resume in the spring.") == []


def test_the_country_in_a_reported_clause_is_the_reporters_state(extractor):
    evs = events(extractor, "Kenyan officials told Washington in May that the country would not join "
                            "the US-led naval coalition.")
    assert ("REJECT", "KEN", "USA") in dyads(evs)


def test_things_named_with_a_group_word_are_not_a_group(extractor):
    # "merchant ships" are not merchants: no same-country target is invented
    evs = events(extractor, "Since March the Somali group has attacked more than 30 merchant ships in the Gulf of Aden.")
    assert not any(e["target"] and e["target"]["country"] == "SOM" for e in evs), dyads(evs)
    evs = events(extractor, "Analysts expect Rabat and Algiers to exchange defence attachés by the end of the year.")
    assert ("COOPERATE", "MAR", "DZA") in dyads(evs) or ("COOPERATE", "DZA", "MAR") in dyads(evs)


def test_an_announced_commitment_or_refusal_is_asserted(extractor):
    e = only([e for e in events(extractor, "The ministry said France would invest in copper projects in Chile.")
              if e["target"]])
    assert (e["type"], e["target"]["country"], e["factuality"]) == ("AGREE", "CHL", "asserted")
    evs = events(extractor, "Kenyan officials told Washington in May that the country would not join "
                            "the US-led naval coalition.")
    assert any(e["type"] == "REJECT" and e["factuality"] == "asserted" for e in evs)
    # a third party's prediction stays a forecast of the act itself
    e = only(events(extractor, "Analysts said Norway would send aid to Sudan."))
    assert (e["type"], e["factuality"]) == ("AID", "forecast")


def test_a_date_in_a_clause_hung_on_the_subject_does_not_date_the_event(extractor):
    e = only(events(extractor, "The World Bank, whose loan runs until 2030, has told Kenya to cut fuel subsidies."))
    assert (e["type"], e["date"], e["factuality"]) == ("REQUEST", None, "asserted")


def test_a_stance_in_the_present_is_dated_by_its_saying(extractor):
    e = only(events(extractor, "A spokesman said on October 3 that China respects Nepal's sovereign choices."))
    assert (e["type"], e["date"]) == ("SUPPORT", "2025-10-03")
    # a past act reported later keeps its own (missing) date
    e = only(events(extractor, "Japan said on Tuesday it had halted economic aid to Serbia."))
    assert e["date"] is None


def test_telling_another_states_officials_is_a_consultation(extractor):
    evs = events(extractor, "Kenya's foreign minister told Ethiopian officials in Addis Ababa last week "
                            "that the dam worried Nairobi.")
    assert ("CONSULT", "KEN", "ETH") in dyads(evs)
    # telling the press is not
    assert not any(e["type"] == "CONSULT" for e in events(extractor, "A Kenyan minister told Reuters that the talks had stalled."))
    # when what was said is itself an event between the two, the telling is only its channel
    evs = events(extractor, "Kenyan officials told Washington in May that the country would not join "
                            "the US-led naval coalition.")
    assert dyads(evs) == {("REJECT", "KEN", "USA")}


def test_an_announced_refusal_is_dated_by_its_announcement(extractor):
    evs = events(extractor, "Kenyan officials told Washington in May that the country would not join "
                            "the US-led naval coalition.")
    e = only(evs)
    assert (e["type"], e["date"], e["factuality"]) == ("REJECT", "2025-05", "asserted")


# --------------------------------------------------------------------------- recall round (weak types)

def test_the_aim_of_a_mobilisation_names_its_target(extractor):
    assert ("MOBILIZE", "EST", "RUS") in dyads(events(
        extractor, "Estonia mobilised 3,000 volunteers last week for any confrontation with Russia."))
    # an aim that names no adversary gives no target
    assert ("MOBILIZE", "EST", None) in dyads(events(
        extractor, "Estonia mobilised 3,000 volunteers last week for a winter exercise."))


def test_an_unattributed_attack_is_placed_through_a_landmark_or_a_compound_preposition(extractor):
    assert ("ASSAULT", "AFG", "AFG") in dyads(events(
        extractor, "A grenade attack near a market in Kabul wounded four Afghan policemen."))
    assert ("ASSAULT", "SOM", "KEN") in dyads(events(
        extractor, "Two Kenyan soldiers were killed by a roadside bomb outside of the Somali town of Kismayo."))
    assert ("ASSAULT", "SOM", "KEN") in dyads(events(
        extractor, "Two Kenyan soldiers were killed by a landmine outside the Somali town of Kismayo."))
    # a landmark that belongs to a state is not a place in it
    assert not any(e["type"] == "ASSAULT" for e in events(
        extractor, "A grenade attack outside the Kenyan embassy wounded four guards."))


def test_people_sent_to_investigate_code_an_investigation_of_where_they_go(extractor):
    assert ("ACCUSE", "IGO", "MLI") in dyads(events(
        extractor, "The United Nations sent 40 experts to Mali to investigate the massacre."))
    assert ("ACCUSE", "IGO", "GEO") in dyads(events(
        extractor, "The European Union dispatched monitors to Georgia on Friday."))
    # troops dispatched are a mobilisation, not an inquiry
    assert dyads(events(extractor, "The European Union dispatched 200 troops to Chad.")) == {
        ("MOBILIZE", "IGO", "TCD")}


def test_an_inquiry_into_acts_targets_their_author(extractor):
    assert ("ACCUSE", "TUR", "SYR") in dyads(events(
        extractor, "Turkish prosecutors launched an investigation into abuses committed by Syrian troops."))


def test_the_place_of_a_destination_is_the_target(extractor):
    assert ("MOBILIZE", "USA", "POL") in dyads(events(
        extractor, "The United States deployed 300 marines to two air bases in northern Poland."))
    assert ("ACCUSE", "IGO", "IRN") in dyads(events(
        extractor, "The IAEA dispatched inspectors to a reactor site in southern Iran."))


def test_a_partitive_object_takes_the_beneficiary_of_its_whole(extractor):
    assert ("SANCTION", "CAN", "HTI") in dyads(events(
        extractor, "Canada suspended part of a military training programme for Haiti."))
    assert ("SANCTION", "NOR", "MWI") in dyads(events(
        extractor, "Norway froze half of its development aid to Malawi."))
    # a place on the whole is not a participant
    assert not any(e["target"] and e["target"]["country"] == "VEN" for e in events(
        extractor, "Colombian troops seized part of a rebel camp on the Venezuelan border."))


def test_preparing_an_attack_is_a_mobilisation_but_readiness_stays_a_threat(extractor):
    assert ("MOBILIZE", "TUR", "IRQ") in dyads(events(
        extractor, "The Turkish army prepared to storm Kurdish positions in northern Iraq."))
    assert dyads(events(extractor, "Turkey was prepared to attack Iraq if necessary.")) == {
        ("THREATEN", "TUR", "IRQ")}
    assert dyads(events(extractor, "Turkey plans to attack Kurdish bases in Iraq.")) == {
        ("THREATEN", "TUR", "IRQ")}
