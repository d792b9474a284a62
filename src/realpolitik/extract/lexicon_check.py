"""Checks the event lexicon (`data/lexicon/plover.yaml`) before it is used: a mistake there changes
events silently, so it is a load error instead. Unknown keys, a word listed twice, a word given two
event types, a word in two lists that contradict each other, and YAML's bare on/off/yes/no (read as
booleans, not words) are refused with the file and the place named."""
from __future__ import annotations

from pathlib import Path

from realpolitik.errors import RuleError
from realpolitik.ontology import TYPES

TYPE_KEYS = {"score", "definition", "verbs", "phrases", "nouns", "patient_subject"}
WORD_LISTS = {"characterising_verbs", "hostile_labels", "friendly_labels", "warning_verbs",
              "irrealis_verbs", "foiling_verbs", "observing_verbs", "commitment_verbs", "policy_nouns", "attributing_verbs",
              "evading_verbs", "decree_verbs", "standing_verbs", "judging_verbs",
              "undergoing_verbs", "reciprocal_verbs", "reciprocal_with", "light_verbs", "collection_nouns", "instrument_nouns",
              "territory_nouns"}
TOP_KEYS = {"types", "modes", "contexts"} | WORD_LISTS
# Lists whose words cannot be in both: a label is hostile or friendly, never both.
CONFLICTS = [("hostile_labels", "friendly_labels")]


def _words(value, where: str, path: Path) -> list[str]:
    if not isinstance(value, list):
        raise RuleError(f"{where} must be a list", path=str(path))
    for item in value:
        if isinstance(item, bool):
            raise RuleError(f"{where} holds {item!r}: YAML reads bare on/off/yes/no so; quote the word",
                            path=str(path))
        if not isinstance(item, str) or not item.strip():
            raise RuleError(f"{where} holds {item!r}, not a word", path=str(path))
    repeated = sorted({w for w in value if value.count(w) > 1})
    if repeated:
        raise RuleError(f"{where} lists {', '.join(repeated)} twice", path=str(path))
    return value


def _forms(key: str, entry: str) -> list[str]:
    """What an entry matches: a phrase "send troops|aid" is "send troops" and "send aid"."""
    if key != "phrases":
        return [entry.lower()]
    head, _, rest = entry.partition(" ")
    return [f"{head} {word.strip().lower()}" for word in rest.split("|")]


def check_lexicon(data, path: Path) -> None:
    if not isinstance(data, dict):
        raise RuleError("the lexicon is a mapping", path=str(path))
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise RuleError(f"unknown keys {sorted(unknown, key=str)}", path=str(path))
    types = data.get("types") or {}
    if set(types) != set(TYPES):
        raise RuleError(f"types must be PLOVER's 16; differ: {sorted(set(types) ^ set(TYPES), key=str)}",
                        path=str(path))
    owner: dict[tuple[str, str], str] = {}  # (list kind, word) -> the type that has it
    for kind, entry in types.items():
        if not isinstance(entry, dict) or set(entry) - TYPE_KEYS:
            raise RuleError(f"type {kind}: keys must be among {sorted(TYPE_KEYS)}", path=str(path))
        for key in ("verbs", "phrases", "nouns", "patient_subject"):
            for word in _words(entry.get(key, []), f"{kind}.{key}", path):
                for form in _forms(key, word):
                    other = owner.setdefault((key, form), kind)
                    if other != kind:
                        raise RuleError(f"{key} {form!r} (in {word!r}) is given both {other} and {kind}",
                                        path=str(path))
    for key in WORD_LISTS:
        if key in data:
            _words(data[key], key, path)
    for first, second in CONFLICTS:
        both = sorted(set(data.get(first, [])) & set(data.get(second, [])))
        if both:
            raise RuleError(f"{', '.join(both)} in both {first} and {second}", path=str(path))
    for table in ("modes", "contexts"):
        for name, value in (data.get(table) or {}).items():
            if isinstance(value, dict):
                for sub, words in value.items():
                    _words(words, f"{table}.{name}.{sub}", path)
            else:
                _words(value, f"{table}.{name}", path)
