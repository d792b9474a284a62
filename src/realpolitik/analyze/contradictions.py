"""Contradictions: pairs of records that cannot both be right, each side with its text and document.

Three kinds, found by rules over the exported records (no wording of any article is keyed here):
- a claim and a denial of the same thing: an event of some kind between X and Y, and a denial
  that X and Y did that kind of thing;
- an assessment and its opposite: a negated hostile act or a dismissed threat ("X has never
  threatened", "the X threat does not exist") against hostile acts of X reported as happening;
- numbers that disagree about the same subject in different articles, with the size of the gap
  (within rounding it is reported as a discrepancy, beyond it as a contradiction).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import timedelta
from itertools import combinations
from collections.abc import Iterable

from realpolitik.dates import day_span
from realpolitik.records import stable_id
from realpolitik.resolve.regions import countries_in_regions
from realpolitik.resolve.registry import fold, is_abbreviation
from realpolitik.ontology import FORCE

HAPPENED = {"asserted", "claimed", "historical"}
DENIAL_REACH_DAYS = 366  # a denial answers what is said of the past year, not of dealings long before
ROUNDING = 0.05  # numbers within 5% of each other are one figure rounded differently
DISMISSAL = re.compile(
    r"\b(no|not a|never|little|non-?existent|fictitious|exaggerated|overstated|imaginary)\b[^.]{0,60}\bthreat"
    r"|\bthreat\b[^.]{0,80}\b(does(?:n[’']t| not) exist|is exaggerated|is overstated|is fictitious|is not real)"
    r"|\b(fictitious|exaggerated|imaginary|overstated)\b[^.]{0,40}\bthreat",
    re.IGNORECASE)


def _side(kind: str, record: dict) -> dict:
    return {"kind": kind, "id": record["id"], "text": record["text"], "doc": record["doc"]}


def _contradiction(a: tuple[str, dict], b: tuple[str, dict], about: list[str], reason: str, **extra) -> dict:
    record = {"kind": "contradiction", "id": stable_id(a[1]["id"], b[1]["id"], reason[:20]),
              "a": _side(*a), "b": _side(*b), "about": sorted(set(about)), "reason": reason}
    record.update(extra)
    return record


def _mentions_actor(text: str, actor: dict | None) -> bool:
    if not actor:
        return False
    folded = f" {fold(text)} "
    for form in [actor["name"], *actor.get("aliases", [])]:
        if is_abbreviation(form):  # case kept, as the registry matches them: "IS" is not the verb "is"
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                return True
        elif fold(form) and f" {fold(form)} " in folded:
            return True
    return False


def _home(actor: dict | None) -> str | None:
    """The country a group is based in, else the actor's own country."""
    if not actor:
        return None
    return next((role["of"] for role in actor.get("roles") or () if role.get("role") == "based_in"),
                actor.get("country"))


def _country(ident: str | None, actors: dict[str, dict]) -> str | None:
    actor = actors.get(ident or "")
    return actor.get("country") if actor else None


def _place(event: dict) -> str | None:
    return (event.get("location") or {}).get("country")


def _answered_by(claim: dict, denial: dict) -> bool:
    """A denial answers accounts of the time up to it, back to DENIAL_REACH_DAYS before it: a
    denial of contacts in 2015 says nothing of dealings in 2017. Undated sides cannot be told apart."""
    claimed, denied = day_span(claim.get("date")), day_span(denial.get("date"))
    if not claimed or not denied:
        return True
    return claimed[0] <= denied[1] and claimed[1] >= denied[0] - timedelta(days=DENIAL_REACH_DAYS)


def denied_accounts(events: Iterable[dict], side=None) -> dict[str, list[dict]]:
    """For each denial (by event id), the accounts that it answers: events of the same kind between
    the same two actors, told as having happened, in the time the denial covers; a denial naming no
    counterpart ("we have never contacted anyone") answers the denier's accounts with anyone.
    `side(actor id)` gives the state an actor acts for (or the actor): a group's denial of contacts
    with a state answers the accounts of contacts with that state's envoy too, while a person's
    denial answers only accounts of that person."""
    side = side or (lambda ident: ident)
    happened: dict[tuple, list[dict]] = defaultdict(list)  # (type, pair) -> accounts that it happened
    involving: dict[tuple, list[dict]] = defaultdict(list)  # (type, actor) -> accounts it took part in
    denials = []
    for event in events:
        source, target, modality = event.get("source"), event.get("target"), event.get("modality")
        if modality in HAPPENED and source and target:
            pair = frozenset((source, target))
            acting_for = frozenset((side(source), side(target)))
            for key in {pair, acting_for}:
                if len(key) == 2:
                    happened[(event["type"], key)].append(event)
            for party in pair | acting_for:
                involving[(event["type"], party)].append(event)
        # the denied act itself (the REJECT that carries the denial says nothing of what was denied)
        elif modality == "denied" and source and event["type"] != "REJECT":
            denials.append(event)
    answered = {}
    for denial in denials:
        if denial.get("target"):
            candidates = happened.get((denial["type"], frozenset((denial["source"], denial["target"]))), [])
        else:
            candidates = involving.get((denial["type"], denial["source"]), [])
        accounts = [claim for claim in candidates if claim["id"] != denial["id"] and _answered_by(claim, denial)]
        if accounts:
            answered[denial["id"]] = list({claim["id"]: claim for claim in accounts}.values())
    return answered


def claims_and_denials(events: list[dict], actors: dict[str, dict], side=None, per_denial: int = 3):
    """X denies doing something with Y, while another account says X and Y did that kind of thing."""
    found = []
    by_id = {event["id"]: event for event in events}
    for denial_id, claims in denied_accounts(events, side).items():
        denial = by_id[denial_id]
        claims = sorted(claims, key=lambda e: (e["doc"] != denial["doc"], e["modality"] != "claimed"))
        for claim in claims[:per_denial]:
            about = {denial["source"], denial["target"], claim["source"], claim["target"]} - {None}
            found.append(_contradiction(("event", claim), ("event", denial), sorted(about),
                                        f"a claim and a denial of the same dealings ({denial['type']})"))
    return found


def assessments_and_acts(events: list[dict], quotes: list[dict], actors: dict[str, dict], states_in=None,
                         per_assessment: int = 2):
    """"X has never threatened the region" or "the X threat does not exist", against X's hostile acts.

    An assessment about somewhere (a target, or the states and regions its sentence names: "no threat
    to Tajikistan", "never threatened Central Asia") is answered only by acts against or in those
    countries; one about nowhere in particular by any hostile act, those across the group's own
    borders first."""
    def scope_of(record: dict, group: str) -> set[str]:
        regions = countries_in_regions(record["text"])
        if record.get("target"):
            return {_country(record["target"], actors) or record["target"]} | regions
        named = set(states_in(record["text"])) if states_in else set()
        # a sentence naming the group's own country ("the Afghan Taliban") does not place the assessment
        return ({_country(ident, actors) or ident for ident in named} | regions) - {_home(actors.get(group))}

    assessments: list[tuple[tuple[str, dict], str]] = []
    for event in events:
        if event["modality"] == "negated" and event["type"] in FORCE and event["source"]:
            assessments.append((("event", event), event["source"]))
    for quote in quotes:
        if DISMISSAL.search(quote["text"]):
            for ident, actor in actors.items():
                if actor["type"] in {"armed_group", "political_group"} and _mentions_actor(quote["text"], actor):
                    assessments.append((("quote", quote), ident))
    for event in events:  # a dismissal said outside quote marks
        if event["modality"] in HAPPENED and DISMISSAL.search(event["text"]):
            for ident, actor in actors.items():
                if actor["type"] in {"armed_group", "political_group"} and _mentions_actor(event["text"], actor):
                    assessments.append((("event", event), ident))
    hostile_acts: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        if event["source"] and event["type"] in FORCE and event["modality"] in HAPPENED:
            hostile_acts[event["source"]].append(event)
    found, seen = [], set()
    for assessment, actor in assessments:
        scope = scope_of(assessment[1], actor)
        home = _home(actors.get(actor))
        acts = []
        for act in hostile_acts.get(actor, []):
            where = {_country(act["target"], actors) or act["target"], _place(act)} - {None}
            if act["text"] == assessment[1]["text"] or (scope and not where & scope):
                continue
            abroad = bool(where - {home}) if home else True
            acts.append((not abroad, act["doc"] == assessment[1]["doc"], act["modality"] != "asserted", act))
        acts.sort(key=lambda item: item[:3])
        for *_, act in acts[:per_assessment]:
            key = (assessment[1]["id"], act["id"])
            if key not in seen:
                seen.add(key)
                found.append(_contradiction(assessment, ("event", act), [actor] + ([act["target"]] if act["target"] else []),
                                            "an assessment that the group is no threat, against its reported acts"))
    return found


PREPOSITIONS = {"with", "of", "from", "in", "on", "to", "between", "along", "near", "for", "at", "across", "by"}


def _head(subject: str | None) -> str | None:
    """The noun a subject phrase is about: "border with Afghanistan" -> "border"."""
    words = re.findall(r"[a-z]+", (subject or "").lower())
    cut = next((i for i, word in enumerate(words) if word in PREPOSITIONS and i > 0), len(words))
    words = words[:cut]
    return words[-1] if words else None


def _is_distance(fact: dict) -> bool:
    return bool(re.match(r"\s*(from|away|to|of the way|off)\b", (fact.get("subject") or "").lower()))


def number_disagreements(facts: list[dict], states_in) -> list[dict]:
    """The same kind of figure about the same thing, given differently by two articles."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for fact in facts:
        head = _head(fact.get("subject"))
        if fact.get("unit") and head and not _is_distance(fact) and fact.get("quantity"):
            groups[(fact["unit"], head)].append(fact)
    found = []
    for (unit, head), members in groups.items():
        # Two figures are about the same thing when their sentences share two states, or name the
        # same single state: bucket by those keys so large corpora compare only likely pairs.
        buckets: dict[tuple, list[tuple[dict, set[str]]]] = defaultdict(list)
        for fact in members:
            states = states_in(fact["text"])
            keys = list(combinations(sorted(states), 2)) if len(states) >= 2 else [tuple(states)] if states else []
            for key in keys:
                buckets[key].append((fact, states))
        compared: set[tuple[str, str]] = set()
        for bucket in buckets.values():
            for i, (first, first_states) in enumerate(bucket):
                for second, second_states in bucket[i + 1:]:
                    pair_key = (first["id"], second["id"])
                    if pair_key in compared or first["doc"] == second["doc"] \
                            or first["quantity"] == second["quantity"]:
                        continue  # one article gives figures for different times or parts
                    compared.add(pair_key)
                    shared = first_states & second_states
                    high, low = max(first["quantity"], second["quantity"]), min(first["quantity"], second["quantity"])
                    gap = (high - low) / high
                    size = f"{first['quantity']:g} vs {second['quantity']:g} {unit}, {gap:.1%} apart"
                    severity = "discrepancy" if gap <= ROUNDING else "contradiction"
                    reason = (f"the same {head} given as different figures ({size}): within rounding, a discrepancy"
                              if severity == "discrepancy" else f"the same {head} given as different figures ({size})")
                    found.append(_contradiction(("fact", first), ("fact", second), sorted(shared), reason,
                                                severity=severity, gap=round(gap, 4)))
    return found


def find_contradictions(events: Iterable[dict], quotes: Iterable[dict], facts: Iterable[dict],
                        actors: dict[str, dict], states_in) -> list[dict]:
    """`actors` maps id -> exported actor record; `states_in(text)` gives the state actor ids a text names."""
    events, quotes, facts = list(events), list(quotes), list(facts)
    states = {actor.get("country"): ident for ident, actor in actors.items() if actor.get("type") == "state"}

    def side(ident: str) -> str:  # the state an actor acts for, as relations count it
        return states.get(_country(ident, actors)) or ident

    found = claims_and_denials(events, actors, side) + assessments_and_acts(events, quotes, actors, states_in) \
        + number_disagreements(facts, states_in)
    unique = {record["id"]: record for record in found}
    return list(unique.values())


def grouped_by_shared_side(records: list[dict], per_kind: int = 3, per_group: int = 4) -> list[dict]:
    """Contradictions for reading: where several share one side (one denial answering three accounts,
    one report answering three assessments), that side is shown once with the others beside it.
    Each group is {"reason", "a": [sides], "b": [sides]}, one of the lists of length one; at most
    `per_kind` groups of each kind, the largest first, and `per_group` sides opposite the shared one."""
    def kind(record: dict) -> str:
        return record["reason"].split(" (")[0]

    groups: list[dict] = []
    taken: Counter = Counter()
    remaining = list(records)
    while remaining:
        sides = Counter((record["reason"], role, record[role]["id"]) for record in remaining for role in ("a", "b"))
        (reason, role, ident), _ = sides.most_common(1)[0]
        members = [r for r in remaining if r["reason"] == reason and r[role]["id"] == ident]
        other = "b" if role == "a" else "a"
        groups.append({"reason": reason, role: [members[0][role]], other: [m[other] for m in members[:per_group]]})
        taken[kind(members[0])] += 1
        grouped = {r["id"] for r in members}
        remaining = [r for r in remaining if r["id"] not in grouped and taken[kind(r)] < per_kind]
    return groups
