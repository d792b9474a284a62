from realpolitik.analyze.contradictions import find_contradictions, grouped_by_shared_side
from realpolitik.resolve.registry import load_registry

ACTORS = {
    "state.kaz": {"name": "Kazakhstan", "type": "state", "aliases": ["Astana"], "country": "KAZ"},
    "state.uzb": {"name": "Uzbekistan", "type": "state", "aliases": [], "country": "UZB"},
    "state.afg": {"name": "Afghanistan", "type": "state", "aliases": [], "country": "AFG"},
    "org.nato": {"name": "NATO", "type": "international_org", "aliases": []},
    "group.x": {"name": "Valley Front", "type": "armed_group", "aliases": ["VF"],
                "roles": [{"role": "based_in", "of": "AFG"}]},
    "group.y": {"name": "Islamic Order", "type": "armed_group", "aliases": ["IO"]},
    "person.envoy": {"name": "Aidos Serikbay", "type": "person", "aliases": [], "country": "KAZ"},
    "person.other": {"name": "Timur Aliyev", "type": "person", "aliases": [], "country": "KAZ"},
}


def event(ident, kind, source, target, modality, text, doc="d1", country=None, date="2020"):
    return {"id": ident, "type": kind, "source": source, "target": target, "modality": modality,
            "text": text, "doc": doc, "date": date, "location": {"country": country} if country else None}


def find(events=(), quotes=(), facts=()):
    return find_contradictions(events, quotes, facts, ACTORS, load_registry().states_in)


def test_claim_and_denial_of_the_same_dealings():
    found = find([event("e1", "CONSULT", "state.kaz", "group.x", "claimed", "Officials say Astana met the Front."),
                  event("e2", "CONSULT", "group.x", "state.kaz", "denied", "The Front denied meeting Astana."),
                  event("e3", "REJECT", "group.x", None, "denied", "The Front denied meeting Astana.")])
    [record] = found
    assert {record["a"]["id"], record["b"]["id"]} == {"e1", "e2"} and "denial" in record["reason"]
    assert record["about"] == ["group.x", "state.kaz"]


def test_a_denial_answers_the_time_before_it_not_later_dealings():
    denial = event("e2", "CONSULT", "group.x", "state.kaz", "denied", "The Front denied any talks with Astana.",
                   date="2019-12")
    found = find([event("e1", "CONSULT", "state.kaz", "group.x", "asserted", "Astana held talks with the Front.",
                        doc="d2", date="2019-11"),
                  event("e3", "CONSULT", "state.kaz", "group.x", "asserted", "Astana now courts the Front.",
                        doc="d3", date="2021-04"),
                  event("e4", "CONSULT", "state.kaz", "group.x", "asserted", "Astana talked to the Front once.",
                        doc="d4", date="2011"),
                  denial])
    assert [r["a"]["id"] for r in found] == ["e1"]


def test_a_denial_of_dealings_with_a_state_answers_its_envoy_but_a_persons_denial_only_that_person():
    found = find([event("e1", "CONSULT", "person.envoy", "group.x", "claimed", "The envoy said he met the Front."),
                  event("e2", "CONSULT", "group.x", "state.kaz", "denied", "The Front denied meeting Astana.")])
    assert [(r["a"]["id"], r["b"]["id"]) for r in found] == [("e1", "e2")]
    found = find([event("e1", "CONSULT", "person.envoy", "group.x", "claimed", "The envoy said he met the Front."),
                  event("e2", "CONSULT", "person.other", "group.x", "denied", "Aliyev denied meeting the Front.")])
    assert found == []


def test_a_denial_naming_no_counterpart_answers_the_deniers_dealings_with_anyone():
    found = find([event("e1", "CONSULT", "person.envoy", "group.x", "claimed", "The envoy said he met the Front."),
                  event("e2", "CONSULT", "group.x", None, "denied", "“We have not talked with anyone,” the Front said."),
                  event("e3", "CONSULT", "state.uzb", "group.y", "asserted", "Tashkent met the Order.")])
    assert [(r["a"]["id"], r["b"]["id"], r["about"]) for r in found] == [("e1", "e2", ["group.x", "person.envoy"])]


def test_dismissed_threat_against_reported_attacks():
    quote = {"id": "q1", "doc": "d1", "speaker": None, "text": "The Valley Front threat does not exist."}
    found = find([event("e1", "ASSAULT", "group.x", "state.uzb", "asserted", "The Front attacked a post.", doc="d2")],
                 [quote])
    assert [(r["a"]["kind"], r["b"]["id"]) for r in found] == [("quote", "e1")]


def test_figures_far_apart_contradict_and_close_ones_are_a_discrepancy():
    def fact(ident, quantity, doc, text):
        return {"id": ident, "doc": doc, "quantity": quantity, "unit": "km", "subject": "border with Uzbekistan",
                "text": text}
    close = find(facts=[fact("f1", 2300, "d1", "Kazakhstan has a 2,300 km border with Uzbekistan."),
                        fact("f2", 2330, "d2", "The Kazakh–Uzbek border runs 2,330 km.")])
    far = find(facts=[fact("f1", 2300, "d1", "Kazakhstan has a 2,300 km border with Uzbekistan."),
                      fact("f3", 1500, "d2", "Kazakhstan and Uzbekistan share a 1,500 km border.")])
    assert close[0]["severity"] == "discrepancy" and far[0]["severity"] == "contradiction"
    same_article = find(facts=[fact("f1", 2300, "d1", "Kazakhstan has a 2,300 km border with Uzbekistan."),
                               fact("f3", 1500, "d1", "Kazakhstan and Uzbekistan share a 1,500 km border.")])
    assert same_article == []


def test_an_assessment_about_a_region_is_answered_by_acts_there_not_by_acts_at_home():
    never = event("n1", "THREATEN", "group.x", None, "negated", "The Front has never threatened Central Asia.")
    found = find([never,
                  event("e1", "ASSAULT", "group.x", "state.afg", "asserted", "The Front seized a valley town.",
                        doc="d2", country="AFG"),
                  event("e2", "ASSAULT", "group.x", "state.uzb", "asserted", "The Front raided an Uzbek post.",
                        doc="d3")])
    assert [r["b"]["id"] for r in found] == ["e2"]


def test_an_assessment_about_one_state_is_not_answered_by_acts_against_another():
    found = find([event("n1", "ASSAULT", "group.x", "state.kaz", "negated", "The Front will not attack Kazakhstan."),
                  event("e1", "ASSAULT", "group.x", "org.nato", "asserted", "The Front fought NATO troops.", doc="d2")])
    assert found == []


def test_an_assessment_about_nowhere_in_particular_takes_acts_across_the_border_first():
    quote = {"id": "q1", "doc": "d1", "speaker": None, "text": "The Valley Front threat does not exist."}
    found = find([event("e1", "ASSAULT", "group.x", "state.afg", "asserted", "The Front shelled a town.", doc="d2",
                        country="AFG"),
                  event("e2", "ASSAULT", "group.x", "state.afg", "asserted", "The Front took a pass.", doc="d2",
                        country="AFG"),
                  event("e3", "ASSAULT", "group.x", "state.kaz", "asserted", "The Front raided a Kazakh post.",
                        doc="d2")], [quote])
    assert [r["b"]["id"] for r in found][0] == "e3"


def test_a_short_acronym_is_matched_in_capitals_only():
    quote = {"id": "q1", "doc": "d1", "speaker": None, "text": "I think it is no threat, io or not."}
    found = find([event("e1", "ASSAULT", "group.y", "state.uzb", "asserted", "The Order raided a post.", doc="d2")],
                 [quote])
    assert found == []
    quote["text"] = "I think the IO is no threat."
    assert len(find([event("e1", "ASSAULT", "group.y", "state.uzb", "asserted", "The Order raided a post.",
                           doc="d2")], [quote])) == 1


def test_contradictions_sharing_a_side_are_read_as_one_group():
    def record(a, b, reason):
        return {"id": f"{a}/{b}", "a": {"id": a, "text": a}, "b": {"id": b, "text": b}, "reason": reason}

    denial, assessment = "a claim and a denial of the same dealings (CONSULT)", "an assessment that ..."
    records = [record("claim1", "denial", denial), record("claim2", "denial", denial),
               record("claim3", "denial", denial), record("never", "raid1", assessment),
               record("never", "raid2", assessment), record("calm", "raid3", assessment)]
    groups = grouped_by_shared_side(records, per_kind=3)
    assert [([s["id"] for s in g["a"]], [s["id"] for s in g["b"]]) for g in groups] == [
        (["claim1", "claim2", "claim3"], ["denial"]), (["never"], ["raid1", "raid2"]), (["calm"], ["raid3"])]
    assert len(grouped_by_shared_side(records, per_kind=1)) == 2  # the largest group of each kind
