"""Amounts on sentences written for these tests: currencies, scales, ranges, percentages,
points, physical units, what they measure, and numbers that must not become amounts."""
import pytest

from tightrope.extract.amounts import find_candidates
from tightrope.records import Article


def amounts(extractor, text, published="2025-06-01"):
    records = extractor.one(Article(text=text, id="t", published=published)).records
    return [r for r in records if r["kind"] == "amount"]


def by_text(records):
    return {r["text"]: r for r in records}


@pytest.mark.parametrize("text, written, value, unit", [
    ("Ankara secured a $750 million loan.", "$750 million", 750e6, "USD"),
    ("The grant of US$40m was approved.", "US$40m", 40e6, "USD"),
    ("Islamabad set aside Rs. 95 billion for dams.", "Rs. 95 billion", 95e9, "PKR"),
    ("The PKR 3.5bn allocation was cut.", "PKR 3.5bn", 3.5e9, "PKR"),
    ("A Rmb 12bn facility was signed.", "Rmb 12bn", 12e9, "CNY"),
    ("Beijing offered 300 million yuan in aid.", "300 million yuan", 300e6, "CNY"),
    ("Brussels pledged €1.5 trillion for defence.", "€1.5 trillion", 1.5e12, "EUR"),
    ("London offered £80k to each family.", "£80k", 80e3, "GBP"),
    ("Tokyo approved a ¥2 trillion package.", "¥2 trillion", 2e12, "JPY"),
    ("The project costs INR 450 crore.", "INR 450 crore", 4.5e9, "INR"),
    ("Donors gave 25 lakh rupees to the school.", "25 lakh rupees", 2.5e6, "PKR"),
    ("Exports reached 12 billion dollars last year.", "12 billion dollars", 12e9, "USD"),
    ("The reserves stood at $8.2 tr at the end of June.", "$8.2 tr", 8.2e12, "USD"),
    ("Washington sold arms worth $2,300,000 to Manila.", "$2,300,000", 2.3e6, "USD"),
    ("Egypt received $3.5mn in grants.", "$3.5mn", 3.5e6, "USD"),
    ("Chile took a $5b loan from the bank.", "$5b", 5e9, "USD"),
    ("Cairo sought 20 thousand dollars per family.", "20 thousand dollars", 2e4, "USD"),
    # currencies beyond the big ones, by name, symbol or ISO code
    ("The budget is 1.2 trillion Guyanese dollars.", "1.2 trillion Guyanese dollars", 1.2e12, "GYD"),
    ("Dakar borrowed 900 billion CFA francs.", "900 billion CFA francs", 900e9, "XOF"),
    ("Jakarta set aside Rp2.5 trillion for patrols.", "Rp2.5 trillion", 2.5e12, "IDR"),
    ("Abuja raised NGN 40 billion in bonds.", "NGN 40 billion", 40e9, "NGN"),
    ("Cairo spent 12 billion Egyptian pounds on wheat.", "12 billion Egyptian pounds", 12e9, "EGP"),
])
def test_money_forms(extractor, text, written, value, unit):
    found = by_text(amounts(extractor, text))
    assert written in found, found
    assert found[written]["value"] == pytest.approx(value)
    assert found[written]["unit"] == unit


@pytest.mark.parametrize("text, written, value, unit", [
    ("Turnout fell to 41 percent.", "41 percent", 41.0, "percent"),
    ("Growth slowed to 2.4 per cent.", "2.4 per cent", 2.4, "percent"),
    ("Tariffs of 25% were imposed on steel.", "25%", 25.0, "percent"),
    ("Levies rose to 60pc on cars.", "60pc", 60.0, "percent"),
    ("The rate is 3 percentage points higher.", "3 percentage points", 3.0, "percentage_points"),
    ("Duties sit 12.5 points above last year's level.", "12.5 points", 12.5, "percentage_points"),
    ("The bank cut rates by 75 basis points.", "75 basis points", 0.75, "percentage_points"),
    ("Kazakhstan shipped 40,000 tonnes of wheat.", "40,000 tonnes", 40000.0, "tonnes"),
    ("Ukraine sold 2.5 million tons of maize.", "2.5 million tons", 2.5e6, "tonnes"),
    ("Iraq pumps 4.3 million barrels per day.", "4.3 million barrels per day", 4.3e6, "barrels_per_day"),
    ("The plant will add 1,320 MW to the grid.", "1,320 MW", 1320.0, "MW"),
    ("The corridor runs for 3,000 km across the country.", "3,000 km", 3000.0, "km"),
])
def test_percentages_points_and_physical_units(extractor, text, written, value, unit):
    found = by_text(amounts(extractor, text))
    assert written in found, found
    assert found[written]["value"] == pytest.approx(value)
    assert found[written]["unit"] == unit


def test_ranges_give_both_ends(extractor):
    records = amounts(extractor, "Riyadh may invest $1-2 billion in the refinery.")
    assert sorted(r["value"] for r in records) == [1e9, 2e9]
    assert {r["text"] for r in records} == {"$1-2 billion"}
    records = amounts(extractor, "Estimates run from $4 billion to $6 billion for the port.")
    assert sorted(r["value"] for r in records) == [4e9, 6e9]
    records = amounts(extractor, "Unemployment is between 7 to 9 percent in the north.")
    assert sorted(r["value"] for r in records) == [7.0, 9.0]


@pytest.mark.parametrize("text", [
    "The talks began in 2019 and resumed on 14 March 2024 at 10.30 in Doha.",
    "It was the 3rd round; the 21st century has begun.",
    "Point 2 of the 15-point plan concerns water.",
    "Version 2.0 of the accord was signed by 27 states.",
    "Call the embassy on +44 20 7946 0958 for details.",
    "The delegation of 40 arrived at 9:45 on Tuesday.",
    "Trade War 2.0 echoed the 2018-2020 clashes.",
])
def test_numbers_that_are_not_amounts(extractor, text):
    assert amounts(extractor, text) == []


def test_candidates_ignore_bare_numbers_and_words_after_scale_letters():
    assert find_candidates("In 2024 there were 17 meetings and 3 summits.") == []
    found = find_candidates("They paid $5 more than before.")
    assert [(c.text, c.values) for c in found] == [("$5", [5.0])]


@pytest.mark.parametrize("text, written, about", [
    ("Islamabad signed a $300 million minerals deal with Washington.", "$300 million", "minerals deal with Washington"),
    ("Canberra announced 40pc levies on Chinese steel imports.", "40pc", "levies on Chinese steel imports"),
    ("Bilateral trade reached $45 billion last year.", "$45 billion", "Bilateral trade"),
    ("Seoul raised tariffs on US cars to 15 percent.", "15 percent", "tariffs on US cars"),
    ("The conflict, which cost Ukraine $150 billion, dragged on.", "$150 billion", "conflict"),
    ("Hanoi received $9 billion in foreign investment.", "$9 billion", "foreign investment"),
])
def test_about_names_what_is_measured(extractor, text, written, about):
    found = by_text(amounts(extractor, text))
    assert found[written]["about"] == about


def test_actors_are_the_states_of_the_clause(extractor):
    records = amounts(extractor, "Pakistan signed a $500 million deal with the United States.")
    assert set(records[0]["actors"]) == {"PAK", "USA"}


def test_shared_symbol_goes_to_the_nearer_state(extractor):
    found = by_text(amounts(extractor, "India announced a Rs 900 crore scheme while Pakistan "
                                       "cut its Rs 40 billion subsidy."))
    assert found["Rs 900 crore"]["unit"] == "INR"
    assert found["Rs 40 billion"]["unit"] == "PKR"


def test_span_and_sentence_point_at_the_amount(extractor):
    text = "Headline here\n\nKenya borrowed $2.5 billion from Beijing."
    record = amounts(extractor, text)[0]
    assert text[record["span"][0]:record["span"][1]] == "$2.5 billion"
    assert record["sentence"] == "Kenya borrowed $2.5 billion from Beijing."


@pytest.mark.parametrize("text, written, value, unit", [
    ("Workers from India sent home Rs 1.6 lakh crore over the decade.", "Rs 1.6 lakh crore", 1.6e12, "INR"),
    ("Delhi set aside Rs 12 thousand crore for border roads.", "Rs 12 thousand crore", 1.2e11, "INR"),
])
def test_stacked_indian_scale_words_multiply(extractor, text, written, value, unit):
    found = by_text(amounts(extractor, text))
    assert found[written]["value"] == pytest.approx(value) and found[written]["unit"] == unit
    assert len(found) == 1


@pytest.mark.parametrize("text, written, value, unit", [
    ("Nepal opened a 93-kilometre highway to the Tibetan border.", "93-kilometre", 93.0, "km"),
    ("The 40-km pipeline spur reaches the refinery.", "40-km", 40.0, "km"),
    ("Dhaka commissioned a 660-megawatt plant near Khulna.", "660-megawatt", 660.0, "MW"),
    ("Farmers leased a 500-hectare plot outside Kandahar.", "500-hectare", 500.0, "hectares"),
])
def test_number_joined_to_a_physical_unit_by_a_hyphen(extractor, text, written, value, unit):
    found = by_text(amounts(extractor, text))
    assert found[written]["value"] == pytest.approx(value) and found[written]["unit"] == unit


@pytest.mark.parametrize("text", [
    "The envoys tabled a 10-point plan for the Kashmir talks.",
    "Kabul offered a 15-year lease on the copper field.",
    "The 3-percent-owned subsidiary was sold to a Gulf fund.",
])
def test_hyphenated_counts_points_and_durations_are_not_amounts(extractor, text):
    assert amounts(extractor, text) == []


@pytest.mark.parametrize("text, unit", [
    ("Manila set aside 35 billion pesos for its coast guard, the Philippine budget shows.", "PHP"),
    ("Buenos Aires printed 900 billion pesos as Argentina's inflation rose.", "ARS"),
    ("Mexico City spent 20 billion pesos on the border.", "MXN"),
    ("Uganda borrowed 300 billion shillings.", "UGX"),
])
def test_a_currency_name_shared_by_states_follows_the_state_named(extractor, text, unit):
    assert [r["unit"] for r in amounts(extractor, text)] == [unit]
