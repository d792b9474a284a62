from conftest import ingested_corpus
from realpolitik.analyze.balance import triads
from realpolitik.analyze.relations import Relation


def rel(a, b, score, period="2021"):
    a, b = sorted((a, b))
    return Relation(a, b, period, score, 1, [f"{a}-{b}"])


def test_common_enemy_predicts_cooperation():
    [triad] = triads([rel("rus", "isk", -0.9), rel("tal", "isk", -0.8)])
    assert triad.balanced is None and triad.prediction == (("rus", "tal"), 1)


def test_unbalanced_triad_predicts_its_weakest_side_flips():
    [triad] = triads([rel("a", "b", 0.6), rel("a", "c", 0.5), rel("b", "c", -0.2)])
    assert triad.balanced is False and triad.prediction == (("b", "c"), 1)


def test_balanced_and_neutral_triads_are_quiet():
    assert triads([rel("a", "b", 0.6), rel("a", "c", -0.5), rel("b", "c", -0.2)]) == []
    assert triads([rel("a", "b", 0.01), rel("a", "c", -0.5)]) == []


def test_triads_of_one_actor_are_those_the_whole_graph_has_with_it():
    relations = [rel("a", "b", 0.6), rel("a", "c", 0.5), rel("b", "c", -0.2), rel("c", "d", -0.7),
                 rel("b", "d", 0.4), rel("d", "e", -0.3), rel("a", "e", 0.2, period="2022")]
    every = triads(relations)
    for focus in "abcde":
        mine = sorted((t.period, t.actors) for t in triads(relations, focus=focus))
        assert mine == sorted((t.period, t.actors) for t in every if focus in t.actors) and mine


def test_an_actors_triads_come_with_each_sides_weightiest_sentence(tmp_path):
    corpus = ingested_corpus(tmp_path, {"a.txt": (
        "Raids on the IMU\n\nPublished on 9 June 2021.\n\nKazakh troops attacked the Islamic Movement of "
        "Uzbekistan near Osh on June 2, 2021. Kyrgyz forces raided the Islamic Movement of Uzbekistan on June 5, "
        "2021. Kyrgyzstan also met the Islamic Movement of Uzbekistan for talks on prisoners.")})
    [triad] = corpus.triads("Kazakhstan", "2021")
    assert triad["balanced"] is None and triad["period"] == "2021"
    assert {triad["prediction"]["a_name"], triad["prediction"]["b_name"]} == {"Kazakhstan", "Kyrgyzstan"}
    assert triad["prediction"]["sign"] == 1  # a common enemy
    sides = {frozenset((side["a_name"], side["b_name"])): side for side in triad["sides"]}
    kyrgyz = sides[frozenset(("Kyrgyzstan", "Islamic Movement of Uzbekistan"))]
    assert kyrgyz["sign"] == -1 and "raided" in kyrgyz["example"]["text"]  # the raid, not the talks
    assert corpus.triads("Kazakhstan", "2019") == []
