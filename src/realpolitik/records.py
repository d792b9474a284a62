"""Typed records that flow between the pipeline stages.

Every extracted record carries a `Span`: the document id and character offsets into that
document's clean text, so anything shown to a user can point back to its sentence.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id from a natural key, so re-ingesting produces the same ids."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int


@dataclass
class RawArticle:
    """What a reader produced, before cleaning."""

    text: str
    source: str
    line: int | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    is_html: bool = False


@dataclass
class PublicationDate:
    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str | None  # "year", "month", "day"
    method: str  # metadata, dateline, explicit, latest-mentioned, none


@dataclass
class Document:
    id: str
    source: str
    text: str
    title: str | None
    author: str | None
    url: str | None
    outlet: str | None
    published: PublicationDate
    language: str | None
    removed_lines: list[str] = field(default_factory=list)


@dataclass
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    sector: str | None = None
    role: str | None = None
    affiliation: str | None = None
    origin: str = "text"  # registry, user, text
    roles: list[dict] = field(default_factory=list)  # time-bound roles, e.g. governs AFG from 2021-08


@dataclass
class Mention:
    span: Span
    actor: str
    text: str
    sentence: tuple[int, int] | None = None


@dataclass
class Location:
    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    kind: str | None = None  # city, admin1, country, other


@dataclass
class Event:
    id: str
    span: Span  # the sentence
    type: str  # one of the 16 PLOVER types
    source: str | None  # actor id
    target: str | None  # actor id
    modality: str  # asserted, claimed, denied, planned, hypothetical, negated, historical
    mode: str | None = None
    context: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_method: str | None = None  # explicit, relative, paragraph, publication
    location: Location | None = None
    text: str = ""
    trigger: str | None = None  # the word that carries the event
    people: list[str] = field(default_factory=list)  # people acting for a state, kept on the event
    standing: bool = False  # keeps a measure as it stands ("kept X on its list"): the relation's stock, not its flow
    rules: list[str] = field(default_factory=list)  # ids of the rules that made or changed it, in order
    confidence: float | None = None  # how sure the extraction is, 0..1, from what its rules and roles rest on


@dataclass
class Quote:
    id: str
    span: Span
    speaker: str | None  # actor id
    text: str
    date: str | None = None
    kind: str = "direct"  # direct, partial, indirect, statement


@dataclass
class Fact:
    id: str
    span: Span
    quantity: float
    unit: str | None
    subject: str | None
    text: str
    low: float | None = None
    high: float | None = None
    approximate: str | None = None  # about, some, up to, more than ...
    date: str | None = None


@dataclass
class ArticleRecords:
    """Everything one article yields; stored in a single transaction."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
