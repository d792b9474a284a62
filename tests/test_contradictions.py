from realpolitik.analyze.contradictions import find_contradictions
from realpolitik.resolve.registry import load_registry

ACTORS = {
    "state.kaz": {"name": "Kazakhstan", "type": "state", "aliases": ["Astana"]},
    "state.uzb": {"name": "Uzbekistan", "type": "state", "aliases": []},
    "group.x": {"name": "Valley Front", "type": "armed_group", "aliases": ["VF"]},
}


def event(ident, kind, source, target, modality, text, doc="d1"):
    return {"id": ident, "type": kind, "source": source, "target": target, "modality": modality,
            "text": text, "doc": doc, "date": "2020"}


def find(events=(), quotes=(), facts=()):
    return find_contradictions(events, quotes, facts, ACTORS, load_registry().states_in)


def test_claim_and_denial_of_the_same_dealings():
    found = find([event("e1", "CONSULT", "state.kaz", "group.x", "claimed", "Officials say Astana met the Front."),
                  event("e2", "CONSULT", "group.x", "state.kaz", "denied", "The Front denied meeting Astana."),
                  event("e3", "REJECT", "group.x", None, "denied", "The Front denied meeting Astana.")])
    [record] = found
    assert {record["a"]["id"], record["b"]["id"]} == {"e1", "e2"} and "denial" in record["reason"]
    assert record["about"] == ["group.x", "state.kaz"]


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
