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
