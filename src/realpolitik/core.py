"""The pipeline, orchestrated in one place: ingest -> nlp -> extract -> resolve -> store.

`Ingestor.run` reads inputs, cleans them, drops exact and near duplicates, parses the rest with
`nlp.pipe`, turns each Doc into records and stores every article in its own transaction.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from realpolitik.config import Settings
from realpolitik.errors import InputError, RealpolitikError
from realpolitik.extract.actors import mentions_to_records
from realpolitik.extract.event_places import location_from_tokens
from realpolitik.extract.events import events_to_records, incident_mentions
from realpolitik.extract.facts import facts_to_records
from realpolitik.extract.quotes import quotes_to_records
from realpolitik.dates import resolve_in_sentence
from realpolitik.ingest import dedup
from realpolitik.ingest.clean import CONTROL, INVISIBLE, Cleaner, default_cleaner
from realpolitik.ingest.language import detect_language
from realpolitik.ingest.published import publication_date
from realpolitik.ingest.readers import expand_paths, read_source
from realpolitik.nlp.pipeline import build_pipeline
from realpolitik.records import Actor, ArticleRecords, Document, PublicationDate, RawArticle, stable_id
from realpolitik.resolve.registry import Registry
from realpolitik.store.db import Store

DATE_ONLY = re.compile(r"^\W*(\w+day,?\s*)?[\w\s.,]{0,30}\d{4}\W*$")


@dataclass
class Outcome:
    source: str
    status: str  # ingested, duplicate, skipped, failed, re-extracted
    reason: str | None = None
    line: int | None = None
    doc_id: str | None = None


@dataclass
class IngestSummary:
    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


def guess_title(text: str) -> str | None:
    """A headline is a short first paragraph that is not a sentence and not a dateline."""
    for paragraph in text.split("\n\n")[:3]:
        paragraph = paragraph.strip()
        if DATE_ONLY.match(paragraph):
            continue
        if len(paragraph) <= 200 and not paragraph.endswith((".", "”", '"')):
            return paragraph
    return None


def prepare(raw: RawArticle, cleaner: Cleaner, detect: bool = True, incidents=None) -> Document:
    """Clean text, id, title, publication date and (unless `detect` is off, for a worker to do it)
    language of a raw article. `incidents`: the index named incidents are read with (default: bundled)."""
    cleaned = cleaner.clean(raw.text)
    if not cleaned.text.strip():
        raise InputError("nothing left after removing boilerplate", path=raw.source, line=raw.line)
    published = publication_date(raw.published, cleaned.text, incidents)

    def field(value: str | None) -> str | None:  # metadata gets the text's cleaning of invisible characters
        return CONTROL.sub("", INVISIBLE.sub("", value)).strip() or None if value else None

    return Document(
        id=stable_id(cleaned.text),
        source=CONTROL.sub("", raw.source),
        text=cleaned.text,
        title=field(raw.title) or guess_title(cleaned.text),
        author=field(raw.author) or cleaned.author,
        url=field(raw.url),
        outlet=field(raw.outlet),
        published=published,
        language=detect_language(cleaned.text) if detect else None,
        removed_lines=cleaned.removed,
    )


class Ingestor:
    def __init__(self, settings: Settings, store: Store, registry: Registry, languages: set[str] | None = None):
        self.settings = settings
        self.store = store
        self.registry = registry
        self.languages = {"en"} if languages is None else languages
        self.cleaner = default_cleaner()
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_pipeline(self.settings.model, self.registry)
        return self._nlp

    def _candidates(self, paths: list[str], summary: IngestSummary,
                    defer_language: bool = False) -> Iterator[tuple[Document, bytes, list[str]]]:
        """Clean, deduplicated documents ready for parsing; everything else goes into the summary.
        `defer_language`: workers detect the language (the slowest step here), so this process,
        which must also write, keeps up with them."""
        seen_ids: set[str] = set()
        # this run's documents by MinHash band, like the stored ones: a new document is compared only
        # with those sharing a band (comparing it with every earlier one grew with the square of the run)
        seen_bands: dict[str, list[tuple[str, object]]] = {}
        for source in expand_paths(paths):
            for item in read_source(source, self.settings.max_bytes):
                if isinstance(item, InputError):
                    summary.outcomes.append(Outcome(item.path or source, "failed", item.reason, item.line))
                    continue
                try:
                    doc = prepare(item, self.cleaner, detect=not defer_language, incidents=self.registry.incidents())
                except RealpolitikError as error:
                    summary.outcomes.append(Outcome(item.source, "failed", error.reason, item.line))
                    continue
                if doc.id in seen_ids or self.store.has_document(doc.id):
                    summary.outcomes.append(Outcome(item.source, "duplicate", "same text already stored", item.line,
                                                    doc.id))
                    continue
                if self.languages and not defer_language and doc.language not in self.languages:
                    summary.outcomes.append(Outcome(item.source, "skipped", f"language {doc.language or 'unknown'}"
                                                    f" (not {', '.join(sorted(self.languages))})", item.line, doc.id))
                    continue
                signature = dedup.signature(doc.text)
                bands = dedup.band_keys(signature)
                near = self._near_duplicate(signature, bands, seen_bands)
                if near:
                    summary.outcomes.append(Outcome(item.source, "duplicate", f"near-duplicate of {near}",
                                                    item.line, doc.id))
                    continue
                seen_ids.add(doc.id)
                for band in bands:
                    seen_bands.setdefault(band, []).append((doc.id, signature))
                yield doc, dedup.to_bytes(signature), bands

    def _near_duplicate(self, signature, bands, seen_bands) -> str | None:
        threshold = self.settings.near_duplicate_threshold
        compared = set()
        for band in bands:
            for other, other_sig in seen_bands.get(band, ()):
                if other not in compared:
                    compared.add(other)
                    if dedup.similarity(signature, other_sig) >= threshold:
                        return other
        for other, blob in self.store.band_candidates(bands):
            if blob and dedup.similarity(signature, dedup.from_bytes(blob)) >= threshold:
                return other
        return None

    def run(self, paths: list[str], progress: Callable[[Outcome], None] | None = None,
            runner=None, spec=None) -> IngestSummary:
        """Ingest `paths`. With a `runner` (see `realpolitik.parallel`) and the `spec` its workers
        build their pipeline from, parsing and extraction happen there; this process writes."""
        summary = IngestSummary(run_id=uuid.uuid4().hex[:12])
        log = _LogWriter(self.store, summary, progress)
        candidates = self._candidates(paths, summary, defer_language=runner is not None)
        try:
            for records, signature, bands in self._extracted(candidates, runner, spec):
                if isinstance(records, Outcome):
                    summary.outcomes.append(records)
                    log.update()
                    continue
                try:
                    stored = self.store.write_article(records, signature, bands,
                                                      extractor_fingerprint(self.settings.model))
                    outcome = Outcome(records.document.source, "ingested" if stored else "duplicate",
                                      None if stored else "same text already stored", doc_id=records.document.id)
                except RealpolitikError as error:
                    outcome = Outcome(records.document.source, "failed", error.reason, doc_id=records.document.id)
                summary.outcomes.append(outcome)
                log.update()
        except BaseException:
            with contextlib.suppress(Exception):  # keep the log lines that can be kept; report the first error
                log.update(flush=True)
            raise
        log.update(flush=True)
        self.store.consolidate_people()
        return summary

    def _extracted(self, candidates, runner, spec):
        """(records or a failed Outcome, signature, bands) for each candidate document."""
        if runner is None:
            for (document, parsed), signature, bands in self._parse(candidates):
                yield doc_records(document, parsed, self.registry), signature, bands
            return
        from realpolitik.parallel import Failure, Skipped

        items = ((document, (signature, bands)) for document, signature, bands in candidates)
        # small batches keep every worker busy; a worker still parses several texts per call
        for batch, results in runner.run(spec, items, max(1, self.settings.batch_size // 4)):
            for (document, (signature, bands)), result in zip(batch, results):
                if isinstance(result, Failure):
                    yield Outcome(document.source, "failed", result.reason, doc_id=document.id), signature, bands
                elif isinstance(result, Skipped):
                    yield Outcome(document.source, "skipped", result.reason, doc_id=document.id), \
                        signature, bands
                else:
                    yield result, signature, bands

    def _parse(self, items: Iterable[tuple[Document, bytes, list[str]]]):
        stream = ((doc.text, (doc, signature, bands)) for doc, signature, bands in items)
        for parsed, (doc, signature, bands) in self.nlp.pipe(stream, as_tuples=True, batch_size=self.settings.batch_size):
            yield (doc, parsed), signature, bands

    def reextract(self, everything: bool = False, progress: Callable[[Outcome], None] | None = None) -> IngestSummary:
        """Extract the stored documents anew, those another version of the extractor (its code, data or
        model) made the records of, or all with `everything`; each in its own transaction, so a failure
        keeps the document's old records. The documents themselves and the actors' merges stay."""
        summary = IngestSummary(run_id=uuid.uuid4().hex[:12])
        log = _LogWriter(self.store, summary, progress)
        extractor = extractor_fingerprint(self.settings.model)
        ids = self.store.stale_documents(extractor, everything)
        size = max(1, self.settings.batch_size)
        for start in range(0, len(ids), size):  # a batch of texts in memory at a time
            documents = [_stored_document(row) for row in self.store.document_rows(ids[start:start + size])]
            for parsed, document in self.nlp.pipe(((d.text, d) for d in documents), as_tuples=True,
                                                  batch_size=self.settings.batch_size):
                try:
                    self.store.replace_extractions(doc_records(document, parsed, self.registry), extractor)
                    outcome = Outcome(document.source, "re-extracted", doc_id=document.id)
                except RealpolitikError as error:
                    outcome = Outcome(document.source, "failed", error.reason, doc_id=document.id)
                summary.outcomes.append(outcome)
                log.update()
        log.update(flush=True)
        if ids:
            self.store.consolidate_people()
        return summary


def _stored_document(row: dict) -> Document:
    return Document(id=row["id"], source=row["source"], text=row["text"], title=row["title"], author=row["author"],
                    url=row["url"], outlet=row["outlet"], language=row["language"],
                    published=PublicationDate(row["published"], row["published_precision"],
                                              row["published_method"] or "none"))


@lru_cache(maxsize=8)
def extractor_fingerprint(model: str) -> str:
    """A hash of what turns a document into records: the extraction code and data of this package and
    the spaCy model's name and installed version. Stored with each document, so that after an upgrade
    `reextract` knows which documents' records an older extractor made."""
    import spacy

    package = Path(__file__).resolve().parent
    files = [package / "core.py", package / "dates.py", package / "records.py"]
    files += sorted(path for folder in ("extract", "nlp", "resolve") for path in (package / folder).glob("*.py"))
    files += sorted(path for folder in ("lexicon", "actors", "knowledge", "places")
                    for path in (package / "data" / folder).rglob("*") if path.is_file())
    digest = hashlib.sha256(f"{model}:{spacy.util.get_package_version(model)}".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _LogWriter:
    """Reports each outcome to `progress` at once and writes the ingest log in groups: a transaction
    per line cost the writing process about as much as storing the article. A crash loses at most
    the last group's lines, never a stored article."""
    EVERY = 32

    def __init__(self, store: Store, summary: IngestSummary, progress: Callable[[Outcome], None] | None):
        self.store, self.summary, self.progress = store, summary, progress
        self.reported = self.written = 0

    def update(self, flush: bool = False) -> None:
        outcomes = self.summary.outcomes
        if self.progress:
            for outcome in outcomes[self.reported:]:
                self.progress(outcome)
        self.reported = len(outcomes)
        if flush or len(outcomes) - self.written >= self.EVERY:
            self.store.log_many([(self.summary.run_id, o.source, o.status, o.reason, o.line, o.doc_id)
                                 for o in outcomes[self.written:]])
            self.written = len(outcomes)


def doc_records(document: Document, parsed, registry: Registry) -> ArticleRecords:
    """Pure: a parsed Doc and its document into the records the store keeps."""
    actors, mentions = mentions_to_records(parsed._.actor_mentions or [], document.id, registry)
    events = events_to_records(parsed._.events or [], parsed, document.id, document.published.value,
                               locate=locate, state_of=registry.by_country.get, country_of=registry.country_of,
                               incidents=incident_mentions(parsed, registry), incident_actor=registry.lookup,
                               incident_place=incident_location)
    known = {a.id for a in actors}
    for event in events:  # a place's state named only through the place still needs its actor row
        for ident in (event.source, event.target):
            if ident and ident not in known and ident in registry.actors:
                base = registry.actors[ident]
                actors.append(Actor(id=ident, name=base.name, type=base.type, country=base.country,
                                    aliases=list(base.aliases), wikidata=base.wikidata, origin=base.origin,
                                    roles=base.roles))
                known.add(ident)
    quotes = quotes_to_records(parsed._.quotes or [], document.id, None)
    sentence_of = {q.start: q.sentence for q in parsed._.quotes or []}
    for quote in quotes:  # said when the sentence says, else when published
        sentence = sentence_of.get(quote.span.start)
        resolved = resolve_in_sentence(document.text[sentence[0]:sentence[1]], document.published.value) \
            if sentence else None
        quote.date = resolved.value if resolved else document.published.value
    facts = facts_to_records(parsed._.facts or [], document.id, document.published.value)
    return ArticleRecords(document=document, actors=actors, mentions=mentions, events=events, quotes=quotes,
                          facts=facts)


def locate(doc, tokens, trigger):
    try:
        from realpolitik.resolve.places import default_gazetteer
    except ImportError:
        return None
    return location_from_tokens(doc, tokens, trigger, default_gazetteer())


def incident_location(incident):
    """Where a named incident happened: its place in its country, else the country itself."""
    try:
        from realpolitik.resolve.places import default_gazetteer
    except ImportError:
        return None
    gazetteer = default_gazetteer()
    if incident.place:
        for place in gazetteer.candidates(incident.place, [incident.country] if incident.country else []):
            if incident.country is None or place.country == incident.country:
                return place
    return gazetteer.country(incident.country) if incident.country else None


def code_sentence(doc, date: str | None, registry: Registry) -> list[dict]:
    """The events of one parsed sentence in the shape `realpolitik code` prints."""
    candidates = {m.actor: m for m in doc._.actor_mentions or []}

    def describe(ident, where):
        """An actor as {id, name, country}. An actor of no known state takes the country where the
        event happens, as event coders do for domestic actors ("rebels in the Ivory Coast")."""
        if ident is None:
            return None
        if ident.startswith("generic:"):
            _, name, country = ident.split(":")
            return {"id": None, "name": name, "country": country or where}
        base = registry.actors.get(ident)
        mention = candidates.get(ident)
        name = base.name if base else (mention.canonical or mention.name if mention else ident)
        country = base.country if base else (mention.country if mention else None)
        if country is None and base is not None:  # a group is coded with the state it is based in
            country = next((r["of"] for r in base.roles if r.get("role") == "based_in"), None)
        if country is None and (base is None or base.type not in {"international_org"}):
            country = where
        return {"id": ident, "name": name, "country": country}

    events = events_to_records(doc._.events or [], doc, "sentence", date, locate=locate,
                               state_of=registry.by_country.get, keep_generic=True, country_of=registry.country_of,
                               incidents=incident_mentions(doc, registry), incident_actor=registry.lookup,
                               incident_place=incident_location)
    states = [m.actor for m in doc._.actor_mentions or [] if m.actor and m.actor.startswith("state.")]
    # the countries of the sentence's people and bodies ("Algerian President X"), for a setting that
    # names no state
    homes = [m.country for m in doc._.actor_mentions or [] if m.country]

    # where the sentence's events happen: a domestic actor of one event is from where any of them is
    # ("leaders agreed to postpone the demonstration in Baku": the leaders are Azerbaijani)
    placed = [e.location.country for e in events if e.location and e.location.country]
    if not placed:  # else any place the sentence names ("the government of Sindh province")
        from realpolitik.resolve.places import default_gazetteer

        found = (default_gazetteer().lookup(ent.text, set()) for ent in doc.ents if ent.label_ in {"GPE", "LOC"})
        placed = [location.country for location in found if location and location.country]

    def country_of(ident):
        if ident and ident.startswith("generic:"):  # "generic:name:ISO3", the country its adjective gave
            return ident.split(":")[2] or None
        return registry.country_of(ident)

    def where(event, other):
        """The event's place, else another event's of the sentence, else a state the sentence names that
        is not the other side's."""
        if event.location and event.location.country:
            return event.location.country
        other_country = country_of(other)
        if placed and placed[0] != other_country:
            return placed[0]
        for state in states:
            if state != other and registry.country_of(state) != other_country:
                return registry.country_of(state)
        if not states:  # else the country of a person or body the sentence names ("Algerian President X")
            others = [home for home in homes if home != other_country]
            if others:
                return others[0]
        # the sentence names no state but the other side's: an unplaced actor is most likely domestic
        # ("a judge opened investigations against Chilean officials", "young Bolivians blocked roads")
        if other_country and {registry.country_of(state) for state in states} <= {other_country}:
            return other_country
        return None

    def party(event, role):
        """A party as {id, name, country}; a party the sentence leaves unnamed is coded with the country
        of the event's setting, as event coders do ("a roadside bomb near Samarra killed a soldier":
        an Iraqi doer; "young Algerians blocked roads": against Algeria), with no name."""
        ident, other = (event.source, event.target) if role == "source" else (event.target, event.source)
        setting = where(event, other)
        if ident is not None:
            return describe(ident, setting)
        if setting is None or (role == "target" and "counterpart.no-one-in-particular" in event.rules):
            return None
        event.rules.append(f"setting.{role}-country")
        return {"id": None, "name": None, "country": setting}

    return [{"type": e.type, "source": party(e, "source"), "target": party(e, "target"), "mode": e.mode,
             "context": e.context, "modality": e.modality, "standing": e.standing, "date": e.date,
             "location": e.location.__dict__ if e.location else None, "text": e.text,
             "confidence": e.confidence, "rules": e.rules} for e in events]
