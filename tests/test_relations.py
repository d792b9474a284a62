from realpolitik.analyze.relations import MODALITY_WEIGHT, compute_relations, timeline

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


def test_timeline_is_in_time_order_for_either_order_of_names():
    found = relations([event("e1", "ASSAULT", "group.g", "state.rus", "2015"),
                       event("e2", "COOPERATE", "state.rus", "group.g", "2021")])
    points = timeline(found, "state.rus", "group.g")
    assert [p.period for p in points] == ["2015", "2021"] and points[0].score < points[1].score
