"""Construction rules as data: `data/rules/constructions/*.yaml`.

Each rule has an `id`, a one-line `doc`, one or more spaCy `DependencyMatcher` patterns, an `effect`
and at least two `examples` with the events they should give. Every pattern names one node
`trigger`: the word the event is read from. The argument structure (who is the subject, the object,
the passive agent, a noun's modifiers, coordination, pronouns) stays in code; a rule only says what
a construction does at its trigger:

- `type: T`        the trigger carries PLOVER type T (a word the lexicon lacks, or another sense of one
                   it has: "scuttled the talks" rejects them);
- `suppress: R`    no event at the trigger, for reason R (kept in `doc._.refused_events`);
- `modality: M`    the event's modality ("described the claim that X trains IS as absurd": claimed);
- `source: NODE` / `target: NODE`   the role is the actor at that pattern node, not the one the
                   argument structure finds (where the matching pattern has that node: one rule may
                   read a construction with and without the counterpart named);
- `absorbs: NODE`   the event word at that node is part of this event, not one of its own ("claimed
                   the attack targeting X": one attack);
- `no_target: true` / `no_source: true`  the party the argument structure finds is not one ("told a
                   committee"; "villagers heard an explosion" did not explode anything).

A rule that matches adds its id to the event's `rules`, so every event says which rules made it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.errors import RuleError
from realpolitik.ontology import TYPES

RULES_DIR = DATA_DIR / "rules" / "constructions"
MODALITIES = {"asserted", "claimed", "denied", "planned", "hypothetical", "negated", "historical"}
EFFECTS = {"type", "suppress", "modality", "source", "target", "no_target", "no_source", "absorbs"}
RULE_KEYS = {"id", "doc", "patterns", "effect", "examples"}
EXAMPLE_KEYS = {"text", "events", "absent", "date"}
EVENT_KEYS = {"type", "source", "target", "modality"}

if not Doc.has_extension("refused_events"):  # (token index, rule id, reason) of each word a rule refused
    Doc.set_extension("refused_events", default=None)
if not Doc.has_extension("rule_hits"):  # (trigger token index, rule id) of every construction that matched
    Doc.set_extension("rule_hits", default=None)


@dataclass(frozen=True)
class Rule:
    id: str
    doc: str
    patterns: list
    effect: dict
    examples: list
    path: str

    @property
    def nodes(self) -> set[str]:
        return {node["RIGHT_ID"] for pattern in self.patterns for node in pattern}


@dataclass
class Hit:
    """A rule matched with its trigger at a token: the token index of each named node."""
    rule: Rule
    nodes: dict[str, int] = field(default_factory=dict)


def _check(condition: bool, message: str, path: Path, rule_id: str | None = None) -> None:
    if not condition:
        raise RuleError(f"rule {rule_id!r}: {message}" if rule_id else message, path=str(path))


def _booleans(value) -> bool:
    """Whether YAML read a bare word (on, off, yes, no) as a boolean somewhere in a pattern's values."""
    if isinstance(value, bool):
        return True
    if isinstance(value, dict):
        return any(_booleans(v) for k, v in value.items() if k not in {"OP"})
    if isinstance(value, list):
        return any(_booleans(v) for v in value)
    return False


def _validate(entry, path: Path, seen: set[str]) -> Rule:
    _check(isinstance(entry, dict), "every rule is a mapping", path)
    rule_id = entry.get("id")
    _check(isinstance(rule_id, str) and rule_id, "a rule without an id", path)
    _check(rule_id not in seen, "defined twice", path, rule_id)
    _check(not set(entry) - RULE_KEYS, f"unknown keys {sorted(set(entry) - RULE_KEYS)}", path, rule_id)
    _check(isinstance(entry.get("doc"), str) and "\n" not in entry["doc"].strip(), "needs a one-line doc", path, rule_id)
    patterns = entry.get("patterns")
    _check(isinstance(patterns, list) and patterns and all(isinstance(p, list) and p for p in patterns),
           "patterns must be a non-empty list of DependencyMatcher patterns", path, rule_id)
    for pattern in patterns:
        _check(all(isinstance(node, dict) and isinstance(node.get("RIGHT_ID"), str) for node in pattern),
               "each pattern node needs a RIGHT_ID", path, rule_id)
        _check(pattern[0]["RIGHT_ID"] == "trigger", "each pattern starts at the node 'trigger'", path, rule_id)
        _check(not any(_booleans(node.get("RIGHT_ATTRS", {})) for node in pattern),
               "a pattern value is a boolean: YAML reads bare on/off/yes/no so; quote the word", path, rule_id)
    effect = entry.get("effect")
    _check(isinstance(effect, dict) and effect, "needs an effect", path, rule_id)
    _check(not set(effect) - EFFECTS, f"unknown effects {sorted(set(effect) - EFFECTS)}", path, rule_id)
    if "type" in effect:
        _check(effect["type"] in TYPES, f"type {effect['type']!r} is not a PLOVER type", path, rule_id)
    if "modality" in effect:
        _check(effect["modality"] in MODALITIES, f"modality {effect['modality']!r} is unknown", path, rule_id)
    if "suppress" in effect:
        _check(isinstance(effect["suppress"], str) and len(effect) == 1,
               "suppress takes a reason and no other effect", path, rule_id)
    for flag in ("no_target", "no_source"):
        if flag in effect:
            _check(effect[flag] is True, f"{flag} takes true", path, rule_id)
    names = {node["RIGHT_ID"] for pattern in patterns for node in pattern}
    for role in ("source", "target", "absorbs"):
        if role in effect:
            _check(effect[role] in names, f"{role} names node {effect[role]!r}, which no pattern has", path, rule_id)
    examples = entry.get("examples")
    _check(isinstance(examples, list) and len(examples) >= 2, "needs at least two examples", path, rule_id)
    for example in examples:
        _check(isinstance(example, dict) and isinstance(example.get("text"), str)
               and (example.get("events") or example.get("absent")),
               "an example has a text and the events it gives or must not give", path, rule_id)
        _check(not set(example) - EXAMPLE_KEYS, f"unknown example keys {sorted(set(example) - EXAMPLE_KEYS)}",
               path, rule_id)
        for event in example.get("events", []) + example.get("absent", []):
            _check(isinstance(event, dict) and "type" in event and not set(event) - EVENT_KEYS,
                   f"an expected event has a type and only {sorted(EVENT_KEYS)}", path, rule_id)
    return Rule(rule_id, entry["doc"].strip(), patterns, dict(effect), examples, str(path))


@lru_cache(maxsize=4)
def load_rules(folder: Path = RULES_DIR) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except Exception as error:  # a YAML syntax error names the file and line
            raise RuleError(f"not valid YAML: {error}", path=str(path)) from None
        _check(isinstance(data, dict) and set(data) == {"rules"}, "a rule file holds one key, rules", path)
        for entry in data["rules"] or []:
            rule = _validate(entry, path, seen)
            seen.add(rule.id)
            rules.append(rule)
    return tuple(rules)


class RuleMatcher:
    """All construction rules compiled into one DependencyMatcher for a vocabulary."""

    def __init__(self, vocab, rules: tuple[Rule, ...] | None = None):
        self.rules = {rule.id: rule for rule in (load_rules() if rules is None else rules)}
        self.matcher = DependencyMatcher(vocab, validate=True)
        self.keys: dict[str, tuple[Rule, list]] = {}  # one matcher key a pattern: a match says which it was
        for rule in self.rules.values():
            for number, pattern in enumerate(rule.patterns):
                key = f"{rule.id}#{number}"
                self.keys[key] = (rule, pattern)
                try:
                    self.matcher.add(key, [pattern])
                except (ValueError, KeyError) as error:  # spaCy's own validation of the pattern
                    raise RuleError(f"rule {rule.id!r}: pattern {number + 1} does not compile: {error}",
                                    path=rule.path) from None

    def hits(self, doc: Doc) -> dict[int, list[Hit]]:
        """Trigger token index -> the rules that matched there, in file order, each match once."""
        found: dict[int, list[Hit]] = {}
        seen = set()
        for match_id, token_ids in self.matcher(doc):
            rule, pattern = self.keys[doc.vocab.strings[match_id]]
            nodes = {node["RIGHT_ID"]: token for node, token in zip(pattern, token_ids)}
            key = (rule.id, nodes["trigger"])
            if key in seen:  # several patterns of one rule matched: the fullest reading wins
                hit = next(h for h in found[nodes["trigger"]] if h.rule.id == rule.id)
                if len(nodes) > len(hit.nodes):
                    hit.nodes = nodes
                continue
            seen.add(key)
            found.setdefault(nodes["trigger"], []).append(Hit(rule, nodes))
        order = list(self.rules)
        for hits in found.values():
            hits.sort(key=lambda hit: order.index(hit.rule.id))
        return found


_matchers: dict[int, RuleMatcher] = {}


def matcher_for(vocab) -> RuleMatcher:
    key = id(vocab)
    if key not in _matchers:
        _matchers[key] = RuleMatcher(vocab)
    return _matchers[key]
