"""Structural balance: signed triads of actors per period.

A triad is balanced when the product of its three signs is positive (friends of friends are
friends, enemies of enemies are friends). An unbalanced triad, or an open one whose two known sides
imply the third, predicts a shift: "Russia and the Taliban both hostile to ISIS-K" predicts
Russia-Taliban cooperation.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

NEUTRAL = 0.05  # relations this close to zero carry no sign


@dataclass
class Triad:
    period: str
    actors: tuple[str, str, str]
    signs: dict[tuple[str, str], int]  # known sides only
    balanced: bool | None  # None when a side is unknown
    prediction: tuple[tuple[str, str], int] | None  # the side balance theory expects, and its sign
    evidence: dict[tuple[str, str], list[str]]

    def record(self) -> dict:
        return {"period": self.period, "actors": list(self.actors),
                "signs": {f"{a}~{b}": s for (a, b), s in self.signs.items()}, "balanced": self.balanced,
                "prediction": None if self.prediction is None else
                {"a": self.prediction[0][0], "b": self.prediction[0][1], "sign": self.prediction[1]},
                "evidence": {f"{a}~{b}": e for (a, b), e in self.evidence.items()}}


def triads(relations, keep=lambda ident: True, focus: str | None = None) -> list[Triad]:
    """Unbalanced closed triads and open triads whose third side balance predicts, per period; with
    `focus`, only the triads that include that actor (found from its neighbours, not the whole graph)."""
    by_period: dict[str, dict[tuple[str, str], object]] = defaultdict(dict)
    for relation in relations:
        if len(relation.period) == 4 and abs(relation.score) >= NEUTRAL and keep(relation.a) and keep(relation.b):
            by_period[relation.period][(relation.a, relation.b)] = relation
    found = []
    for period, edges in sorted(by_period.items()):
        neighbours: dict[str, set[str]] = defaultdict(set)
        for a, b in edges:
            neighbours[a].add(b)
            neighbours[b].add(a)
        seen = set()
        for trio in _trios(neighbours, focus):
            if trio in seen:
                continue
            seen.add(trio)
            triad = _judge(period, trio, edges)
            if triad is not None:
                found.append(triad)
    return found


def _trios(neighbours: dict[str, set[str]], focus: str | None):
    """Sorted actor triples with at least two known sides (around a middle actor)."""
    if focus is None:
        for middle, others in neighbours.items():
            for x, y in combinations(sorted(others), 2):
                yield tuple(sorted((middle, x, y)))
        return
    for x, y in combinations(sorted(neighbours.get(focus, ())), 2):  # two sides at the focus
        yield tuple(sorted((focus, x, y)))
    for middle in sorted(neighbours.get(focus, ())):  # focus - middle - other: the third side may be open
        for other in sorted(neighbours[middle] - {focus}):
            yield tuple(sorted((focus, middle, other)))


def _judge(period: str, trio: tuple[str, str, str], edges) -> Triad | None:
    sides = {pair: edges[pair] for pair in combinations(trio, 2) if pair in edges}
    signs = {pair: (1 if r.score > 0 else -1) for pair, r in sides.items()}
    evidence = {pair: r.evidence for pair, r in sides.items()}
    if len(signs) == 3:
        product = signs[(trio[0], trio[1])] * signs[(trio[0], trio[2])] * signs[(trio[1], trio[2])]
        if product > 0:
            return None  # balanced triads are not news
        weakest = min(sides, key=lambda pair: abs(sides[pair].score))
        return Triad(period, trio, signs, False, (weakest, -signs[weakest]), evidence)
    if len(signs) == 2:
        missing = next(pair for pair in combinations(trio, 2) if pair not in signs)
        first, second = signs.values()
        return Triad(period, trio, signs, None, (missing, first * second), evidence)
    return None
