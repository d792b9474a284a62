"""Named incidents: well-known events that articles cite by name ("the Beslan siege").

The list is data (`data/knowledge/incidents.yaml`), and a user's actor registry file may add its own
in an `incidents:` section (same fields). A mention of one gives the sentence a date when it
has none of its own, a place, and the roles of a nominal event that names no doer; and an article
that names an incident was written after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from realpolitik.config import load_yaml
from realpolitik.errors import RegistryError

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
# Words that put a mention in a future or imagined world: it does not show the incident happened.
_UNREAL = re.compile(r"\b(will|would|could|might|may|if|should|whether|plans?|threat of|risk of|fears? of|"
                     r"fear(?:ed|ing)?|dread(?:ed|ing)?|prevent(?:ed|ing)?|avert(?:ed|ing)?|warn(?:ed|ing)? of)\b", re.I)
# Words just before a name that make it another act on the incident's model ("another Crocus City
# Hall attack", "a repeat of Beslan"), not a mention of the incident itself.
_ANOTHER = re.compile(r"\b(another|a second|a new|a repeat of|a repetition of|a similar|copycat|"
                      r"[\w-]+-style)\s+(the\s+)?$", re.I)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(frozen=True)
class Incident:
    name: str
    date: str
    place: str | None = None
    country: str | None = None
    type: str | None = None
    source: str | None = None  # registry names, resolved by the caller's registry
    target: str | None = None
    patterns: tuple[str, ...] = field(default=(), repr=False)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.date), "day")


@dataclass(frozen=True)
class IncidentMention:
    start: int
    end: int
    incident: Incident
    real: bool  # not in a future, conditional or imagined context


class IncidentIndex:
    def __init__(self, incidents: list[Incident]):
        self.incidents = incidents
        alternatives = []
        self._by_group: dict[str, Incident] = {}
        for number, incident in enumerate(incidents):
            group = f"i{number}"
            self._by_group[group] = incident
            alternatives.append(f"(?P<{group}>" + "|".join(f"(?:{p})" for p in incident.patterns) + ")")
        # a mention starts a word: the look-ahead lets the engine skip the other positions at once,
        # which halved the time of the scan (it runs on every article, twice)
        self._pattern = re.compile(r"\b(?=\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I) \
            if alternatives else None

    def find(self, text: str) -> list[IncidentMention]:
        """Mentions of known incidents. A mention whose sentence gives a year, but not the incident's,
        is about something else that happens to share the name ("the 1996 Taliban takeover")."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            incident = self._by_group[match.lastgroup]
            start, end = _sentence_bounds(text, match.start(), match.end())
            sentence = text[start:end]
            years = {int(y) for y in _YEAR.findall(sentence)}
            if years and incident.year not in years:
                continue
            before = text[start:match.start()]
            if _ANOTHER.search(before):
                continue
            found.append(IncidentMention(match.start(), match.end(), incident, not _UNREAL.search(before)))
        return found


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    right_match = _SENTENCE_END.search(text, end, end + 400)
    return left, right_match.start() + 1 if right_match else min(len(text), end + 400)


def load_incidents(text: str, label: str) -> list[Incident]:
    try:
        items = load_yaml(text) or []
    except yaml.YAMLError as error:
        raise RegistryError(f"{label}: not valid YAML: {error}") from error
    return parse_incidents(items, label)


def parse_incidents(items, label: str) -> list[Incident]:
    """Incident entries (already read from YAML) checked and made `Incident`s; `label` names the file
    in every error."""
    if not isinstance(items, list):
        raise RegistryError(f"{label}: incidents must be a list of entries")
    incidents = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("name") or not item.get("date") or not item.get("patterns"):
            raise RegistryError(f"{label}: incident {number} needs a name, a date and patterns")
        date = str(item["date"])
        if not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", date):
            raise RegistryError(f"{label}: incident {item['name']!r} has date {date!r}, not YYYY[-MM[-DD]]")
        for pattern in item["patterns"]:
            try:
                re.compile(pattern)
            except re.error as error:
                raise RegistryError(f"{label}: incident {item['name']!r} pattern {pattern!r}: {error}") from error
        incidents.append(Incident(
            name=item["name"], date=date, place=item.get("place"), country=item.get("country"),
            type=item.get("type"), source=item.get("source"), target=item.get("target"),
            patterns=tuple(item["patterns"])))
    return incidents


@lru_cache(maxsize=1)
def bundled_incidents() -> tuple[Incident, ...]:
    path = resources.files("realpolitik") / "data" / "knowledge" / "incidents.yaml"
    return tuple(load_incidents(path.read_text(encoding="utf-8"), str(path)))


@lru_cache(maxsize=1)
def default_incidents() -> IncidentIndex:
    return IncidentIndex(list(bundled_incidents()))


@lru_cache(maxsize=16)
def incidents_with(extra: tuple[Incident, ...]) -> IncidentIndex:
    """The bundled incidents and a user's (from an actor registry file's `incidents:` section)."""
    return IncidentIndex(list(bundled_incidents()) + list(extra)) if extra else default_incidents()
