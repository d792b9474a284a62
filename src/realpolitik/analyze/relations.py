"""Relations: for every pair of actors and year, a score in [-1, 1] from the events between them.

Each event counts with the PLOVER type's place on the cooperation-hostility scale (the `score` in
`data/lexicon/plover.yaml`, -10..+10, scaled to -1..+1) and a weight for how sure the text is that it
happened (less where another account denies it). A score measures what the two did in the period:
a measure merely kept as it stands is listed with the evidence but does not move it. State-level
pairs also collect the events of the people and agencies acting for a state.
Relations are derived from events on demand, never stored, so merges and new articles are always
reflected.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from realpolitik.analyze.contradictions import denied_accounts
from realpolitik.ontology import scores as ontology_scores

# How much an event of each modality says about the relation. A denial or a negation is not the
# event happening; a claim, a plan or a hypothesis is weaker evidence than an assertion.
MODALITY_WEIGHT = {
    "asserted": 1.0, "historical": 1.0, "claimed": 0.5, "planned": 0.5,
    "hypothetical": 0.2, "denied": 0.0, "negated": 0.0,
}
# An account that another account denies (the Taliban deny the contacts an envoy reports) is one
# step less sure: a disputed assertion counts as a claim, a disputed claim as half of one.
DISPUTED_FACTOR = 0.5
# A measure kept as it stands ("Russia has kept the movement on its list") tells what the relation
# carries from before, not what the two did in the year reported: it stays in the evidence, where a
# reader sees it, but moves the score no more than "did not lift it" would (a negation counts nothing).
STANDING_WEIGHT = 0.0


@dataclass
class Relation:
    a: str
    b: str
    period: str
    score: float
    events: int
    evidence: list[str] = field(default_factory=list)
    weight: float = 0.0

    def record(self) -> dict:
        return {"kind": "relation", "a": self.a, "b": self.b, "period": self.period, "score": self.score,
                "events": self.events, "evidence": self.evidence}


def weighs_most(events: Iterable[dict], sign: int) -> dict | None:
    """Of some events (each with type and modality), the one that moves a relation furthest in the
    direction of `sign` (+1 cooperative, -1 hostile): the evidence to show for a side of that sign."""
    scores = ontology_scores()
    return max(events, default=None, key=lambda event: sign * scores.get(event["type"], 0) * event_weight(event))


def event_weight(event: dict, disputed: bool = False) -> float:
    """How much one event says about a relation: its modality's weight, less where another account
    disputes it or the extraction is less sure of it (its confidence), nothing for a measure kept as it
    stands."""
    weight = MODALITY_WEIGHT.get(event.get("modality"), 0.5)
    if event.get("confidence") is not None:
        weight *= event["confidence"]
    if disputed:
        weight *= DISPUTED_FACTOR
    if event.get("standing"):
        weight *= STANDING_WEIGHT
    return weight


def _pairs(source: str, target: str, country_of, state_of) -> list[tuple[str, str]]:
    """The actor pair, and the state pair when either side acts for a state."""
    pairs = [(source, target)]
    state_a = state_of(country_of(source)) or source
    state_b = state_of(country_of(target)) or target
    if (state_a, state_b) != (source, target) and state_a != state_b:
        pairs.append((state_a, state_b))
    return pairs


def compute_relations(events: Iterable[dict], country_of, state_of, monthly_threshold: int = 0) -> list[Relation]:
    """`events` are exported event records (source and target already resolved through merges);
    `country_of(actor id)` gives an actor's ISO3 and `state_of(ISO3)` the state actor's id."""
    scores = ontology_scores()
    events = list(events)

    def side(ident: str) -> str:
        return state_of(country_of(ident)) or ident

    disputed = {account["id"] for accounts in denied_accounts(events, side).values() for account in accounts}
    totals: dict[tuple[str, str, str], list] = defaultdict(lambda: [0.0, 0.0, 0, []])
    for event in events:
        source, target = event.get("source"), event.get("target")
        if not source or not target or source == target or not event.get("date"):
            continue
        weight = event_weight(event, event["id"] in disputed)
        value = scores.get(event["type"], 0) / 10
        periods = [event["date"][:4]]
        if monthly_threshold and len(event["date"]) >= 7:
            periods.append(event["date"][:7])
        for a, b in _pairs(source, target, country_of, state_of):
            a, b = sorted((a, b))  # relations are between two actors, whoever acted
            for period in periods:
                entry = totals[(a, b, period)]
                entry[0] += weight * value
                entry[1] += weight
                entry[2] += 1
                entry[3].append(event["id"])
    relations = []
    for (a, b, period), (weighted, weight, count, evidence) in sorted(totals.items()):
        if len(period) == 7 and count < monthly_threshold:
            continue  # months only where events are dense
        if not weight:
            continue  # only denials and negations: they say nothing of how the two stand, not "neutral"
        score = round(weighted / weight, 3) if weight else 0.0
        relations.append(Relation(a, b, period, score, count, evidence, round(weight, 2)))
    return relations


def timeline(relations: list[Relation], a: str, b: str, monthly: bool = False) -> list[Relation]:
    """One pair's points in time order: years, and with `monthly` the dense months as well."""
    first, second = sorted((a, b))
    return [r for r in relations if r.a == first and r.b == second and (monthly or len(r.period) == 4)]
