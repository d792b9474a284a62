"""How sure an event is: a number in [0, 1] from what its rules and roles rest on.

The factors are data (`data/rules/confidence.yaml`): each names a condition on the event (its doer
missing or read from outside its sentence, a noun for a trigger, a claimed or planned act, a rule
that guessed a party) and a weight it multiplies the base by. Exports, the API and the briefing can
filter on the result, and relations weigh events by it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.errors import RuleError
from realpolitik.ontology import DYADIC

PATH = DATA_DIR / "rules" / "confidence.yaml"
CONDITIONS = {"source", "target", "dyadic", "trigger", "modality", "rule", "made_from_text"}
ROLE_STATES = {"none", "named", "outside", "generic"}


@dataclass(frozen=True)
class Factor:
    id: str
    doc: str
    when: dict
    weight: float


@dataclass(frozen=True)
class Evidence:
    """What an event rests on, as the factors read it."""
    source: str  # none | named (in its sentence) | outside (a pronoun or an earlier sentence) | generic
    target: str
    dyadic: bool
    trigger: str  # verb | noun
    modality: str
    rules: tuple[str, ...]
    made_from_text: bool = False  # a party is an organisation the text alone made an actor (no registry entry)


def _error(message: str) -> RuleError:
    return RuleError(message, path=str(PATH))


@lru_cache(maxsize=1)
def factors() -> tuple[float, tuple[Factor, ...]]:
    data = load_yaml(PATH.read_text(encoding="utf-8"))
    if set(data) - {"base", "factors"}:
        raise _error(f"unknown keys {sorted(set(data) - {'base', 'factors'})}")
    base = data.get("base")
    if not isinstance(base, (int, float)) or not 0 < base <= 1:
        raise _error("base must be a number in (0, 1]")
    found, seen = [], set()
    for number, entry in enumerate(data.get("factors") or [], 1):
        if not isinstance(entry, dict) or set(entry) != {"id", "doc", "when", "weight"}:
            raise _error(f"factor {number} needs exactly id, doc, when and weight")
        if entry["id"] in seen:
            raise _error(f"factor {entry['id']!r} is defined twice")
        seen.add(entry["id"])
        when = entry["when"]
        if not isinstance(when, dict) or not when or set(when) - CONDITIONS:
            raise _error(f"factor {entry['id']!r}: conditions must be among {sorted(CONDITIONS)}")
        for role in ("source", "target"):
            if role in when and when[role] not in ROLE_STATES:
                raise _error(f"factor {entry['id']!r}: {role} must be one of {sorted(ROLE_STATES)}")
        if not isinstance(entry["weight"], (int, float)) or not 0 <= entry["weight"] <= 1:
            raise _error(f"factor {entry['id']!r}: weight must be in [0, 1]")
        found.append(Factor(entry["id"], entry["doc"], dict(when), float(entry["weight"])))
    return float(base), tuple(found)


def _holds(condition: str, wanted, evidence: Evidence) -> bool:
    if condition == "rule":
        return wanted in evidence.rules
    value = getattr(evidence, condition)
    return value in wanted if isinstance(wanted, list) else value == wanted


def score(evidence: Evidence) -> tuple[float, list[str]]:
    """The confidence, and the ids of the factors that lowered it."""
    base, table = factors()
    value, applied = base, []
    for factor in table:
        if all(_holds(condition, wanted, evidence) for condition, wanted in factor.when.items()):
            value *= factor.weight
            applied.append(factor.id)
    return round(value, 2), applied


def role_state(actor: str | None, named_in_sentence: set[str]) -> str:
    if actor is None:
        return "none"
    if actor.startswith("generic:"):
        return "generic"
    return "named" if actor in named_in_sentence else "outside"


def evidence_of(kind: str, source: str | None, target: str | None, modality: str, rules: list[str],
                trigger_is_noun: bool, named_in_sentence: set[str], made_from_text: bool = False) -> Evidence:
    return Evidence(role_state(source, named_in_sentence), role_state(target, named_in_sentence),
                    kind in DYADIC, "noun" if trigger_is_noun else "verb", modality, tuple(rules), made_from_text)
