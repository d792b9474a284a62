"""Every construction rule (data/rules/constructions/*.yaml) on its own examples, and the loader's checks."""
import pytest

from realpolitik.core import code_sentence
from realpolitik.errors import RuleError
from realpolitik.extract.rules import load_rules

RULES = load_rules()


def _matches(event: dict, wanted: dict) -> bool:
    for role in ("source", "target"):
        if role in wanted:
            actor = event[role] or {}
            if wanted[role] not in {actor.get("name"), actor.get("id"), actor.get("country")}:
                return False
    return all(event.get(key) == wanted[key] for key in ("type", "modality") if key in wanted)


def _show(events):
    return [(e["type"], (e["source"] or {}).get("name"), (e["target"] or {}).get("name"), e["modality"], e["rules"])
            for e in events]


@pytest.mark.parametrize("rule, example", [(rule, example) for rule in RULES for example in rule.examples],
                         ids=[f"{rule.id}-{n}" for rule in RULES for n, _ in enumerate(rule.examples, 1)])
def test_rule_example(nlp, registry, rule, example):
    doc = nlp(example["text"])
    events = code_sentence(doc, example.get("date", "2023-05-10"), registry)
    fired = {rule_id for _, rule_id in doc._.rule_hits}
    assert rule.id in fired, f"{rule.id} did not fire on {example['text']!r}: {_show(events)}"
    made = []
    for wanted in example.get("events", []):
        found = [e for e in events if _matches(e, wanted)]
        assert found, f"expected {wanted}, got {_show(events)}"
        made += [e for e in found if rule.id in e["rules"]]
    if example.get("events") and "suppress" not in rule.effect:  # a refusal's expected events are the rest, kept
        assert made, f"none of {example['events']} was made by {rule.id}: {_show(events)}"
    for unwanted in example.get("absent", []):
        assert not [e for e in events if _matches(e, unwanted)], f"{unwanted} should be absent: {_show(events)}"


def test_rules_have_unique_ids_and_docs():
    assert len({rule.id for rule in RULES}) == len(RULES) >= 10
    assert all(rule.doc and len(rule.examples) >= 2 for rule in RULES)


def _load(tmp_path, text):
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    load_rules.cache_clear()
    try:
        return load_rules(tmp_path)
    finally:
        load_rules.cache_clear()


GOOD = """rules:
  - id: demo
    doc: A demonstration.
    patterns:
      - - {RIGHT_ID: trigger, RIGHT_ATTRS: {LEMMA: scuttle}}
    effect: {type: REJECT}
    examples:
      - {text: Peru scuttled the talks., events: [{type: REJECT}]}
      - {text: Chile scuttled the deal., events: [{type: REJECT}]}
"""


@pytest.mark.parametrize("change, message", [
    (("type: REJECT}", "type: REFUSE}"), "not a PLOVER type"),
    (("effect: {type: REJECT}", "effect: {type: REJECT, emphasis: high}"), "unknown effects"),
    (("    doc: A demonstration.\n", ""), "one-line doc"),
    (("{RIGHT_ID: trigger,", "{RIGHT_ID: verb,"), "starts at the node 'trigger'"),
    (("      - {text: Chile scuttled the deal., events: [{type: REJECT}]}\n", ""), "at least two examples"),
    (("effect: {type: REJECT}", "effect: {type: REJECT, source: nobody}"), "no pattern has"),
    (("{LEMMA: scuttle}", "{LOWER: {IN: [on, upon]}}"), "quote the word"),
])
def test_the_loader_refuses_malformed_rules(tmp_path, change, message):
    assert _load(tmp_path, GOOD)[0].id == "demo"
    with pytest.raises(RuleError, match=message):
        _load(tmp_path, GOOD.replace(*change))


def test_a_pattern_spacy_refuses_is_a_rule_error(tmp_path, nlp):
    from realpolitik.extract.rules import RuleMatcher

    rules = _load(tmp_path, GOOD.replace("RIGHT_ATTRS: {LEMMA: scuttle}", "RIGHT_ATTRS: {LEMMAS: scuttle}"))
    with pytest.raises(RuleError, match="does not compile"):
        RuleMatcher(nlp.vocab, rules)


def test_a_duplicate_id_is_refused(tmp_path):
    rules = GOOD + GOOD.split("rules:\n", 1)[1]
    with pytest.raises(RuleError, match="defined twice"):
        _load(tmp_path, rules)


LEXICON = """types:
%s
light_verbs: [carry, hold]
hostile_labels: [threat]
friendly_labels: [partner]
"""


def _lexicon(types_extra: str = "", rest: str = ""):
    from realpolitik.ontology import TYPES

    body = "\n".join(f"  {kind}: {{score: 0, verbs: [{kind.lower()}ify]}}" for kind in TYPES)
    return LEXICON % body + types_extra + rest


def test_the_shipped_lexicon_passes_its_checks():
    from realpolitik.extract.events import lexicon

    lexicon.cache_clear()
    assert lexicon().verbs["attack"] == "ASSAULT"


@pytest.mark.parametrize("text, message", [
    (_lexicon(rest="hostile_lables: [threat]\n"), "unknown keys"),
    (_lexicon().replace("light_verbs: [carry, hold]", "light_verbs: [carry, hold, carry]"), "twice"),
    (_lexicon().replace("light_verbs: [carry, hold]", "light_verbs: [carry, on]"), "quote the word"),
    (_lexicon().replace("friendly_labels: [partner]", "friendly_labels: [partner, threat]"), "in both"),
    (_lexicon().replace("ASSAULT: {score: 0, verbs: [assaultify]}", "ASSAULT: {score: 0, verbs: [agreeify]}"),
     "given both AGREE and ASSAULT"),
    (_lexicon().replace("  ASSAULT: {score: 0, verbs: [assaultify]}\n", ""), "PLOVER's 16"),
    (_lexicon().replace("AGREE: {score: 0,", "AGREE: {score: 0, verb: [x],"), "keys must be among"),
])
def test_the_lexicon_loader_refuses_mistakes(tmp_path, text, message):
    import yaml

    from realpolitik.extract.lexicon_check import check_lexicon

    check_lexicon(yaml.safe_load(_lexicon()), tmp_path / "plover.yaml")  # the unchanged text passes
    with pytest.raises(RuleError, match=message):
        check_lexicon(yaml.safe_load(text), tmp_path / "plover.yaml")


def test_the_matcher_finds_what_spacys_dependency_matcher_finds(nlp):
    """Rules match at their triggers by walking the parse; spaCy's own DependencyMatcher, over the same
    patterns, must find the same (rule, trigger) pairs on every example and on sentences of other kinds."""
    from realpolitik.extract.rules import matcher_for

    matcher = matcher_for(nlp.vocab)
    texts = [example["text"] for rule in RULES for example in rule.examples] + [
        "Clashes between the army and rebels left dozens dead near the border, officials said.",
        "The ministry did not comment on reports that it had sent envoys to the talks.",
    ]
    for text in texts:
        doc = nlp(text)
        ours = {(hit.rule.id, trigger) for trigger, hits in matcher.hits(doc).items() for hit in hits}
        assert ours == matcher.reference_hits(doc), text
