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
class ArticleRecords:
    """Everything one article yields; stored in a single transaction."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
