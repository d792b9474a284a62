"""Where events happened, on sentences we wrote: the place their own clause gives them."""

from realpolitik.extract.event_places import _undesignated


def place(events, kind):
    found = [e for e in events if e["type"] == kind]
    assert found, f"no {kind} in {[(e['type'], e['location']) for e in events]}"
    return (found[0]["location"] or {}).get("name")


def test_the_clause_gives_the_place_not_an_aside(code):
    events = code("Kazakh officials and the Taliban, banned in Russia, met in Termez on Monday.")
    assert place(events, "CONSULT") == "Termez"  # the text's spelling, not the gazetteer's "Tirmiz"


def test_the_most_specific_name_of_the_phrase(code):
    events = code("Tajik troops attacked a Kyrgyz checkpoint in the Kulundu area of Batken province.")
    assert place(events, "ASSAULT") == "Kulundu"  # a locality the gazetteer lacks, named as one
    events = code("Two Chinese workers were injured in an attack in the southern province of Khatlon.")
    assert place(events, "ASSAULT") == "Khatlon"


def test_a_named_sea(code):
    assert place(code("North Korea fired a missile toward the Sea of Japan."), "ASSAULT") == "Sea of Japan"


def test_a_name_that_qualifies_someone_is_no_place(code):
    assert place(code("Iran border guards clashed with Taliban fighters on Sunday."), "ASSAULT") is None


def test_the_place_of_another_act_is_not_the_statements(code):
    events = code("Pakistan condemned the attack on its border posts in Bajaur.")
    assert place(events, "ACCUSE") != "Bajaur"


def test_a_topic_is_no_place(code):
    assert place(code("Russia hosted talks on Afghanistan in Moscow."), "CONSULT") == "Moscow"


def test_the_dateline_is_where_statements_were_made_not_strikes(code):
    events = code("KABUL, May 3 (Reuters) - Afghanistan accused Pakistan of shelling border villages.")
    assert place(events, "ACCUSE") == "Kabul"
    assert place(code("TOKYO (Kyodo) - North Korea fired a missile on Friday."), "ASSAULT") != "Tokyo"


def test_a_designator_is_dropped_from_the_name_but_not_from_a_proper_name():
    assert _undesignated("Badghis province") == "Badghis"
    assert _undesignated("Mexico City") == "Mexico City"
    assert _undesignated("Bajaur Agency") == "Bajaur Agency"
