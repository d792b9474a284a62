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
- `keeps: NODE`     with `type`: the event word at that node stays an event of its own (a rule's other
                   words are part of its event: "scuttled the talks"; but "brokered a truce between X
                   and Y" is the broker's dealings and the truce both);
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
EFFECTS = {"type", "suppress", "modality", "source", "target", "no_target", "no_source", "absorbs", "keeps"}
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
    for role in ("source", "target", "absorbs", "keeps"):
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


# What the evaluator reads of a token for each attribute a pattern may test.
ATTRIBUTES = {"LEMMA": lambda t: t.lemma_, "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.orth_,
              "TEXT": lambda t: t.text, "POS": lambda t: t.pos_, "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_,
              "ENT_TYPE": lambda t: t.ent_type_}
OPERATORS = {"<", ">", "<<", ">>", ".", ".*", ";", ";*", "$+", "$-", "$++", "$--"}
# A trigger is looked up by the first of these its pattern tests (the most selective first).
INDEXED = ("LEMMA", "LOWER", "ORTH", "DEP", "TAG", "POS")


def _attribute_test(attrs: dict):
    """A predicate on a token from a node's RIGHT_ATTRS (a value, or {IN: [...]}, or {NOT_IN: [...]})."""
    checks = []
    for name, wanted in attrs.items():
        read = ATTRIBUTES[name]
        if isinstance(wanted, dict) and "IN" in wanted:
            allowed = frozenset(wanted["IN"])
            checks.append(lambda t, read=read, allowed=allowed: read(t) in allowed)
        elif isinstance(wanted, dict) and "NOT_IN" in wanted:
            refused = frozenset(wanted["NOT_IN"])
            checks.append(lambda t, read=read, refused=refused: read(t) not in refused)
        else:
            checks.append(lambda t, read=read, wanted=wanted: read(t) == wanted)
    return lambda token: all(check(token) for check in checks)


def _related(token, operator: str):
    """The tokens that stand in `operator` to `token`, as spaCy's DependencyMatcher defines them
    (`token OP candidate`: ">" children, "<" the head, "$--" left siblings, ";" the token just before)."""
    doc = token.doc
    if operator == ">":
        return list(token.children)
    if operator == "<":
        return [token.head] if token.head.i != token.i else []
    if operator == ">>":
        return [t for t in token.subtree if t.i != token.i]
    if operator == "<<":
        return list(token.ancestors)
    if operator == ".":
        return [doc[token.i + 1]] if token.i + 1 < len(doc) else []
    if operator == ";":
        return [doc[token.i - 1]] if token.i > 0 else []
    if operator == ".*":
        return [doc[i] for i in range(token.i + 1, len(doc))]
    if operator == ";*":
        return [doc[i] for i in range(token.i)]
    if token.head.i == token.i:
        return []  # the root has no siblings
    siblings = [t for t in token.head.children if t.i != token.i]
    if operator == "$+":
        return [t for t in siblings if t.i > token.i][:1]
    if operator == "$-":
        return [t for t in siblings if t.i < token.i][-1:]
    if operator == "$++":
        return [t for t in siblings if t.i > token.i]
    return [t for t in siblings if t.i < token.i]  # "$--"


class _Pattern:
    def __init__(self, nodes: list[dict]):
        self.names = [node["RIGHT_ID"] for node in nodes]
        self.trigger_attrs = nodes[0].get("RIGHT_ATTRS", {})
        self.trigger = _attribute_test(nodes[0].get("RIGHT_ATTRS", {}))
        self.steps = [(node["LEFT_ID"], node["REL_OP"], node["RIGHT_ID"], _attribute_test(node.get("RIGHT_ATTRS", {})))
                      for node in nodes[1:]]

    def match(self, token) -> dict[str, int] | None:
        """The first assignment of every node, depth first in pattern order, with `token` as trigger."""
        if not self.trigger(token):
            return None
        return self._extend({"trigger": token}, 0)

    def _extend(self, bound: dict, step: int):
        if step == len(self.steps):
            return {name: token.i for name, token in bound.items()}
        left, operator, right, test = self.steps[step]
        for candidate in _related(bound[left], operator):
            if test(candidate):
                found = self._extend({**bound, right: candidate}, step + 1)
                if found is not None:
                    return found
        return None


class RuleMatcher:
    """The construction rules, matched at their triggers. The patterns are spaCy DependencyMatcher
    patterns and are compiled by it on load, so spaCy validates them; matching walks the parse from
    each candidate trigger instead of running spaCy's matcher over every token for every node, which
    cost a quarter of the pipeline's time. tests/test_rules.py checks that both find the same matches."""

    def __init__(self, vocab, rules: tuple[Rule, ...] | None = None):
        self.rules = {rule.id: rule for rule in (load_rules() if rules is None else rules)}
        self.reference = DependencyMatcher(vocab, validate=True)
        self.keys: dict[str, tuple[Rule, list]] = {}  # one matcher key a pattern: a match says which it was
        self.compiled: list[tuple[Rule, _Pattern]] = []
        for rule in self.rules.values():
            for number, pattern in enumerate(rule.patterns):
                key = f"{rule.id}#{number}"
                self.keys[key] = (rule, pattern)
                try:
                    self.reference.add(key, [pattern])
                except (ValueError, KeyError) as error:  # spaCy's own validation of the pattern
                    raise RuleError(f"rule {rule.id!r}: pattern {number + 1} does not compile: {error}",
                                    path=rule.path) from None
                unknown = {a for node in pattern for a in node.get("RIGHT_ATTRS", {})} - set(ATTRIBUTES)
                operators = {node["REL_OP"] for node in pattern[1:]} - OPERATORS
                if unknown or operators:
                    raise RuleError(f"rule {rule.id!r}: pattern {number + 1} uses {sorted(unknown | operators)}, "
                                    f"which the matcher does not read", path=rule.path)
                self.compiled.append((rule, _Pattern(pattern)))
        # a trigger is looked up by the first of INDEXED its pattern tests (a word, a dependency, a tag),
        # so a token is tried only against the patterns that could start at it
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.typed: set[tuple[str, str]] = set()  # the keys of rules that give a word its type
        self.anywhere: list[int] = []
        for position, (rule, pattern) in enumerate(self.compiled):
            attrs = pattern.trigger_attrs
            keyed = next((name for name in INDEXED if name in attrs), None)
            if keyed is None or (isinstance(attrs[keyed], dict) and "IN" not in attrs[keyed]):
                self.anywhere.append(position)
                continue
            for value in attrs[keyed]["IN"] if isinstance(attrs[keyed], dict) else [attrs[keyed]]:
                self.by_key.setdefault((keyed, value), []).append(position)
                if "type" in rule.effect:
                    self.typed.add((keyed, value))
        self.typed_anywhere = any("type" in self.compiled[p][0].effect for p in self.anywhere)
        self.typed_names = [name for name in INDEXED if any(key == name for key, _ in self.typed)]
        self.order = {rule_id: n for n, rule_id in enumerate(self.rules)}

    def could_type(self, token) -> bool:
        """Whether a rule that gives words a type may start at the token (a cheap look-up)."""
        return self.typed_anywhere or any((name, ATTRIBUTES[name](token)) in self.typed for name in self.typed_names)

    def at(self, token) -> list[Hit]:
        """The rules that match with `token` as trigger, in file order; where several patterns of one rule
        match, the fullest reading (most nodes) wins."""
        positions = set(self.anywhere)
        for name in INDEXED:
            positions.update(self.by_key.get((name, ATTRIBUTES[name](token)), ()))
        best: dict[str, Hit] = {}
        for position in sorted(positions):
            rule, pattern = self.compiled[position]
            nodes = pattern.match(token)
            if nodes is not None and (rule.id not in best or len(nodes) > len(best[rule.id].nodes)):
                best[rule.id] = Hit(rule, nodes)
        return sorted(best.values(), key=lambda hit: self.order[hit.rule.id])

    def hits(self, doc: Doc) -> dict[int, list[Hit]]:
        """Trigger token index -> the rules that matched there (every token tried)."""
        found = {token.i: self.at(token) for token in doc}
        return {i: hits for i, hits in found.items() if hits}

    def reference_hits(self, doc: Doc) -> set[tuple[str, int]]:
        """(rule id, trigger index) of every match spaCy's own DependencyMatcher finds: the check on `hits`."""
        return {(self.keys[doc.vocab.strings[match_id]][0].id, token_ids[0])
                for match_id, token_ids in self.reference(doc)}


_matchers: dict[int, RuleMatcher] = {}


def matcher_for(vocab) -> RuleMatcher:
    key = id(vocab)
    if key not in _matchers:
        _matchers[key] = RuleMatcher(vocab)
    return _matchers[key]
