from realpolitik.analyze.relations import (
    DISPUTED_FACTOR, MODALITY_WEIGHT, STANDING_WEIGHT, compute_relations, timeline, weighs_most,
)

COUNTRIES = {"state.rus": "RUS", "state.tjk": "TJK", "person.p": "RUS", "group.g": None}
STATES = {"RUS": "state.rus", "TJK": "state.tjk"}


def relations(events):
    return compute_relations(events, COUNTRIES.get, lambda iso: STATES.get(iso) if iso else None)


def event(ident, kind, source, target, date, modality="asserted"):
    return {"id": ident, "type": kind, "source": source, "target": target, "date": date, "modality": modality}


def test_scores_follow_plover_types_and_pairs_are_unordered():
    found = relations([event("e1", "CONSULT", "state.tjk", "state.rus", "2015-10"),
                       event("e2", "ASSAULT", "group.g", "state.rus", "2016")])
    by_pair = {(r.a, r.b, r.period): r for r in found}
    assert by_pair[("state.rus", "state.tjk", "2015")].score > 0
    assert by_pair[("group.g", "state.rus", "2016")].score < 0
    assert by_pair[("state.rus", "state.tjk", "2015")].evidence == ["e1"]


def test_people_count_for_their_state():
    found = relations([event("e1", "AGREE", "person.p", "state.tjk", "2019")])
    assert {(r.a, r.b) for r in found} == {("person.p", "state.tjk"), ("state.rus", "state.tjk")}


def test_denied_and_negated_events_do_not_move_the_score():
    assert MODALITY_WEIGHT["denied"] == MODALITY_WEIGHT["negated"] == 0
    found = relations([event("e1", "CONSULT", "group.g", "state.rus", "2017"),
                       event("e2", "ASSAULT", "group.g", "state.rus", "2017", modality="denied")])
    [pair] = found
    assert pair.score == 0.3 and pair.events == 2
    # a year with nothing but a denial has no score at all, rather than a "neutral" one
    assert relations([event("e3", "ASSAULT", "group.g", "state.rus", "2018", modality="denied")]) == []


def test_an_account_that_another_denies_counts_less():
    contact = event("e1", "CONSULT", "person.p", "group.g", "2017-03")
    accusation = event("e2", "ACCUSE", "state.rus", "group.g", "2017-05")
    denial = event("e3", "CONSULT", "group.g", "state.rus", "2017-06", modality="denied")
    undisputed = {(r.a, r.b): r for r in relations([contact, accusation])}[("group.g", "state.rus")]
    disputed = {(r.a, r.b): r for r in relations([contact, accusation, denial])}[("group.g", "state.rus")]
    assert undisputed.score == round((0.3 - 0.4) / 2, 3)
    assert disputed.score == round((0.3 * DISPUTED_FACTOR - 0.4) / (DISPUTED_FACTOR + 1), 3) < undisputed.score
    assert disputed.evidence == ["e1", "e2", "e3"]
    # a denial made years before the contact does not answer it
    earlier = dict(denial, date="2014-01")
    assert {(r.a, r.b, r.period): r for r in relations([contact, accusation, earlier])}[
        ("group.g", "state.rus", "2017")].score == undisputed.score


def test_a_measure_kept_as_it_stands_is_evidence_but_does_not_move_the_score():
    assert STANDING_WEIGHT == 0
    talks = event("e1", "CONSULT", "state.rus", "group.g", "2024-04")
    kept = dict(event("e2", "SANCTION", "state.rus", "group.g", "2024-04"), standing=True)
    [pair] = relations([talks, kept])
    assert pair.score == 0.3 and pair.events == 2 and pair.evidence == ["e1", "e2"]
    # the same sanction newly imposed does move it
    [imposed] = relations([talks, dict(kept, standing=False)])
    assert imposed.score == round((0.3 - 0.5) / 2, 3)
    # nor is a kept measure the example shown for a hostile side when a new act is there
    assert weighs_most([kept, event("e3", "ACCUSE", "state.rus", "group.g", "2024")], -1)["id"] == "e3"


def test_timeline_is_in_time_order_for_either_order_of_names():
    found = relations([event("e1", "ASSAULT", "group.g", "state.rus", "2015"),
                       event("e2", "COOPERATE", "state.rus", "group.g", "2021")])
    points = timeline(found, "state.rus", "group.g")
    assert [p.period for p in points] == ["2015", "2021"] and points[0].score < points[1].score
