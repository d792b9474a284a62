"""PLOVER events: who did what to whom, read from verbs and event nouns over the dependency parse.

`realpolitik_events` (after the actor components) writes `doc._.events`, a list of
`EventCandidate`s with actor ids, type, mode, context and modality; `events_to_records` adds
dates (normalised against the publication date) and places, and builds `Event` records.
The verb and noun lexicon is data: `data/lexicon/plover.yaml`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.dates import ResolvedDate, names_an_era, resolve_in_sentence
from realpolitik.extract.actors import group_anaphora, home_state, phrases
from realpolitik.extract.lexicon_check import check_lexicon
from realpolitik.extract.confidence import evidence_of as confidence_evidence
from realpolitik.extract.confidence import score as confidence_score
from realpolitik.extract.rules import matcher_for
from realpolitik.extract.sentences import dateline_end, sentences, text_of
from realpolitik.ontology import (COERCIVE_ACTS, COOPERATIVE_ACTS, HOSTILE, JOINT, MATERIAL_CONFLICT, MEASURES,
                                  SPEECH_ACTS, SYMMETRIC)
from realpolitik.records import Event, Span, stable_id
from realpolitik.resolve.registry import fold

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "into", "upon", "for", "from", "over"}
SPEECH = {"say", "claim", "tell", "report", "state", "allege", "announce", "add", "insist", "argue", "write",
          "note", "quote", "suggest", "believe", "contend", "assert", "maintain", "accord", "warn", "speak"}
DENY = {"deny", "dismiss"}
TIME_NOUNS = {"day", "week", "month", "year", "time", "period", "date", "eve", "night", "morning", "evening",
              "anniversary", "era", "decade", "wake", "aftermath", "run", "end", "beginning", "start"}
STATIVE_PASSIVE = {"commit", "prepare", "determine", "oppose", "engage", "involve", "dedicate", "resolve",
                   "pledge", "bind", "obligate", "oblige"}
IMPLIED_COUNTERPART = {"REJECT", "REQUEST", "CONSULT", "AGREE"}
AGENT_OF = {"REQUEST", "ACCUSE", "THREATEN", "SUPPORT", "AID", "AGREE", "MOBILIZE"}
CONDITION = re.compile(r"\b(unless|if)\b", re.I)
UNLESS = re.compile(r"\bunless\b", re.I)
LOCATIVE = {"in", "at", "near", "across", "inside", "within", "throughout"}
INTENT = {"swear", "sworn", "will", "shall", "would", "'ll", "ready", "prepared", "willing", "plan", "intend", "vow", "promise",
          "pledge", "offer", "agree", "decide", "threaten", "unless", "going"}
ABSTRACT_SUBJECTS = {"campaign", "policy", "decision", "move", "strategy", "approach", "attack", "war", "intervention",
                     "presence", "role", "support", "withdrawal", "rise", "fear", "focus", "situation", "development",
                     "developments", "dependence", "behavior", "behaviour", "response", "relationship", "gamble",
                     # states of affairs: "control of the borders guarantees the extremists ..."
                     "control", "stability", "instability", "security", "expansion", "spread", "growth",
                     "collapse", "fall", "loss"}
PARALLEL = re.compile(r"\b(also|too|likewise|either|similarly)\b", re.I)
CLAIM_VERBS = {"claim", "carry", "perpetrate", "conduct", "launch", "stage", "organize", "organise", "mount"}
PLAN = {"plan", "intend", "prepare", "aim", "want", "consider", "propose", "seek", "talk", "hope", "expect",
        "schedule", "promise", "vow", "pledge", "decide", "threaten", "proposal", "intention", "readiness",
        "willingness", "offer", "desire", "bid", "ready", "willing", "set", "undertake", "commit", "swear"}
# participles that say whom a measure is meant for ("sanctions aimed at X", "raids targeting X")
AIMING_VERBS = {"aim", "target", "direct"}
# nouns of telling another what to do, whose clause ("a reminder that Iraq must ...") is a demand
DEMAND_NOUNS = {"reminder", "demand", "message", "warning", "call", "insistence", "ultimatum"}
HYPOTHETICAL_AUX = {"could", "may", "might", "should", "must", "can", "ought"}
# nouns that make "the N of an invasion" something imagined or feared, not something that happened
IRREALIS_NOUNS = {"scenario", "possibility", "prospect", "risk", "threat", "fear", "danger", "spectre",
                  "specter", "likelihood", "chance", "hypothesis", "simulation", "rehearsal"}
FUTURE_AUX = {"will", "shall", "'ll"}
# Hostile acts done with force or state power: a nationality adjective on one names the state's forces
# ("Israeli bombardment", "Turkish shelling"), on others the state's people ("Kenyan riots").
FORCIBLE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
# Acts only an authority does (summoning or expelling an envoy, sanctions, a formal request): reported in
# the passive by that authority, they are its own.
OFFICIAL_ACTS = {"ACCUSE", "SANCTION", "REQUEST"}
PRONOUNS = {"he", "she", "him", "her", "they", "it", "this", "that", "them", "who", "which"} | FIRST_PERSON


@dataclass
class Lexicon:
    verbs: dict[str, str]
    phrases: dict[tuple[str, str], str]
    nouns: dict[str, str]
    compounds: dict[tuple[str, str], str]
    patient_subject: dict[str, str]
    light_verbs: set[str]
    modes: dict[str, dict[str, list[str]]]
    contexts: dict[str, list[str]]
    characterising: set[str] = field(default_factory=set)
    hostile_labels: set[str] = field(default_factory=set)
    undergoing: set[str] = field(default_factory=set)
    warning: set[str] = field(default_factory=set)
    irrealis: set[str] = field(default_factory=set)
    foiling: set[str] = field(default_factory=set)
    observing: set[str] = field(default_factory=set)
    commitment: set[str] = field(default_factory=set)
    friendly_labels: set[str] = field(default_factory=set)
    judging: set[str] = field(default_factory=set)
    policy_nouns: set[str] = field(default_factory=set)
    standing: set[str] = field(default_factory=set)
    attributing: set[str] = field(default_factory=set)
    evading: set[str] = field(default_factory=set)
    decree: set[str] = field(default_factory=set)
    reciprocal: set[str] = field(default_factory=set)
    collections: set[str] = field(default_factory=set)
    instruments: set[str] = field(default_factory=set)
    reciprocal_with: set[str] = field(default_factory=set)
    territories: set[str] = field(default_factory=set)

    @property
    def known_verbs(self) -> set[str]:
        if not hasattr(self, "_known"):
            self._known = (self.verbs.keys() | self.light_verbs | {head for head, _ in self.phrases}
                           | self.patient_subject.keys() | self.characterising)
        return self._known


def _compound_type(noun, lex) -> str | None:
    """The type of a two-word event noun ("hunger strike", "mediation mission") the noun heads."""
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in {"compound", "amod"} and (child.lemma_.lower(), lemma) in lex.compounds:
            return lex.compounds[(child.lemma_.lower(), lemma)]
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    path = DATA_DIR / "lexicon" / "plover.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    check_lexicon(data, path)
    verbs, phrases, nouns, patient, compounds = {}, {}, {}, {}, {}
    for kind, entry in data["types"].items():
        for verb in entry.get("verbs", []):
            verbs.setdefault(verb, kind)
        for phrase in entry.get("phrases", []):
            head, _, rest = phrase.partition(" ")
            for word in rest.split("|"):
                for part in word.split():
                    phrases.setdefault((head, part.lower()), kind)
                    phrases.setdefault((head, _singular(part.lower())), kind)
        for noun in entry.get("nouns", []):
            words = noun.lower().split()
            if len(words) > 1:
                compounds.setdefault((words[-2], words[-1]), kind)
                compounds.setdefault((words[-2], _singular(words[-1])), kind)
                continue
            nouns.setdefault(words[-1], kind)
            nouns.setdefault(_singular(words[-1]), kind)
        for verb in entry.get("patient_subject", []):
            patient[verb] = kind
    listed = lambda key: set(data.get(key, []))  # noqa: E731
    return Lexicon(verbs, phrases, nouns, compounds, patient, listed("light_verbs"), data.get("modes", {}),
                   data.get("contexts", {}),
                   characterising=listed("characterising_verbs"), hostile_labels=listed("hostile_labels"),
                   undergoing=listed("undergoing_verbs"),
                   warning=listed("warning_verbs"), irrealis=listed("irrealis_verbs"),
                   foiling=listed("foiling_verbs"), observing=listed("observing_verbs"),
                   commitment=listed("commitment_verbs"), friendly_labels=listed("friendly_labels"),
                   judging=listed("judging_verbs"), policy_nouns=listed("policy_nouns"),
                   standing=listed("standing_verbs"), attributing=listed("attributing_verbs"),
                   evading=listed("evading_verbs"), decree=listed("decree_verbs"),
                   reciprocal=listed("reciprocal_verbs"), reciprocal_with=listed("reciprocal_with"),
                   collections=listed("collection_nouns"), instruments=listed("instrument_nouns"),
                   territories=listed("territory_nouns"))


@dataclass
class EventCandidate:
    type: str
    trigger: int  # token index
    source: str | None
    target: str | None
    modality: str
    sentence: tuple[int, int]
    paragraph: int
    mode: str | None = None
    context: str | None = None
    place_tokens: list[int] = field(default_factory=list)  # tokens naming the place it happened
    place_is_object: bool = False  # the event acts on the place itself ("seized Mosul")
    standing: bool = False  # a measure kept as it is ("kept X on its list"), not a new act
    people: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # ids of the rules that made or changed it


class ActorIndex:
    """Which actor each token belongs to, and the mentions in text order."""

    def __init__(self, doc: Doc, registry=None):
        self.registry = registry
        self.by_token: dict[int, str] = {}
        self.kinds: dict[str, str] = {}  # where the mention came from: registry, state_body, person, organization...
        self.types: dict[str, str] = {}  # what the actor is: person, state, armed_group, organization, generic...
        self.countries: dict[str, str | None] = {}  # the state each mentioned actor belongs to or stands for
        self.order: list[tuple[int, str]] = []  # (token index, actor id)
        filed = dateline_end(text_of(doc))
        for mention in doc._.actor_mentions or []:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not mention.actor or mention.start < filed:
                continue  # "KABUL, Aug 27 (Reuters) -": where the story was filed acts in nothing
            for token in span:
                self.by_token[token.i] = mention.actor
            self.kinds[mention.actor] = mention.kind
            known = registry.actors.get(mention.actor) if registry is not None else None
            self.types[mention.actor] = known.type if known is not None else (
                "state" if mention.kind == "state_body" else
                "person" if mention.kind == "person" else mention.actor_type or mention.kind)
            self.countries[mention.actor] = mention.country or (
                registry.country_of(mention.actor) if registry else None)
            self.order.append((span.start, mention.actor))
        if registry is not None:  # "the group", "the militants": the armed group named just before
            for token_index, actor in group_anaphora(doc, registry).items():
                if token_index not in self.by_token:
                    self.by_token[token_index] = actor
                    self.order.append((token_index, actor))
        # unnamed participants ("police", "Bolivian miners") fill roles no named actor fills; their ids
        # say so (generic:LEMMA:ISO3) and records keep them out of the store
        generic = phrases()["generic_actors"]
        for token in doc:
            if token.i in self.by_token or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            # peoples named by a plural ("Crimean Tatars", "Syrian Kurds") take part like unnamed groups
            people = token.ent_type_ == "NORP" and token.tag_ in {"NNPS", "NNS"}
            if token.lemma_.lower() not in generic and not people:
                continue
            ethnic = token.i > 0 and doc[token.i - 1].lower_ == "ethnic"
            own = registry.state_for_demonym(token.text) if registry and token.text[:1].isupper() \
                and not ethnic else None
            country = (own[6:].upper() if own else None) or self._country_near(token, registry) or ""
            ident = f"generic:{token.lemma_.lower()}:{country}"
            self.by_token[token.i] = ident
            self.kinds[ident] = self.types[ident] = "generic"
            self.order.append((token.i, ident))
        self.order.sort()
        self.starts = [i for i, _ in self.order]
        # who speaks in each quoted stretch: "we" and "I" inside it are the speaker
        self.voices = sorted((q.start, q.end, q.speaker) for q in doc._.quotes or ()
                             if q.speaker and q.kind in {"direct", "partial", "statement"})
        self.voice_starts = [start for start, _, _ in self.voices]

    def speaker_at(self, char: int) -> str | None:
        position = bisect_right(self.voice_starts, char) - 1
        if position >= 0 and self.voices[position][0] <= char < self.voices[position][1]:
            return self.voices[position][2]
        return None

    def _country_near(self, token: Token, registry) -> str | None:
        """The state an unnamed group belongs to: "Danish nurses", "a team of Kenyan engineers"."""
        doc = token.doc
        # the words just before the noun, and after "of" ("a group of Moroccan diplomats"); a window
        # of a few tokens is enough and avoids walking large subtrees
        if any(doc[i].lower_ == "ethnic" for i in range(max(0, token.i - 3), token.i)):
            return None  # "ethnic Uzbeks in Kyrgyzstan" are not Uzbekistan
        candidates = [doc[i] for i in range(max(0, token.i - 4), token.i)
                      if doc[i].head.i == token.i or doc[i].head.head.i == token.i]
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"of", "from"} \
                and doc[token.i + 1].head.i == token.i:  # "medics from three Canadian charities"
            candidates += list(doc[token.i + 2: min(len(doc), token.i + 6)])
        if token.dep_ == "conj" and token.head.i != token.i:  # "Turkish drones and artillery"
            candidates += [doc[i] for i in range(max(0, token.head.i - 4), token.head.i)
                           if doc[i].head.i == token.head.i]
        for child in candidates:
            ident = self.by_token.get(child.i)
            if ident and ident.startswith("state."):
                return ident[6:].upper()
            word = child.text.split("-")[0]  # "Ethiopian-led troops"
            state = registry.state_for_demonym(word) if registry and word[:1].isupper() else None
            if state:
                return state[6:].upper()
        return None

    def before(self, index: int, lower: int) -> list[str]:
        """Actors mentioned before token `index` and at or after token `lower`, nearest first."""
        found = []
        for position in range(bisect_right(self.starts, index - 1) - 1, -1, -1):
            start, actor = self.order[position]
            if start < lower:
                break
            found.append(actor)
        return found


@lru_cache(maxsize=1)
def _organs() -> frozenset[str]:
    return frozenset(phrases()["organs"])


PAIR_NOUNS = {"countries", "nations", "states", "sides", "neighbours", "neighbors", "governments"}


OFFICER_WORDS = {"leader", "commander", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "official",
                 "founder", "commanders", "leaders", "officials", "militant", "fighter", "general", "secretary",
                 "secretary-general", "chairman", "director"}


def _group_of_officer(name: Token, index: ActorIndex) -> str | None:
    """The group in "RSF leader [Dagalo]", "Hamas official [X]": a non-state organisation named before an
    office word that stands before the person's name."""
    titles = [c for c in name.children if c.dep_ == "compound" and c.lower_ in OFFICER_WORDS]
    office_words = _office_words()
    for title in titles:
        for owner in title.children:
            actor = index.by_token.get(owner.i)
            # (not "Defence" in "British Defence Secretary": a state's department, whatever the NER made of it)
            if owner.dep_ in {"compound", "poss", "nmod"} and actor and _a_group(actor, index) \
                    and owner.lower_ not in office_words:
                return actor
    if titles and any(c.dep_ == "poss" and c.lower_ == "its" for t in [name, *titles] for c in t.children):
        # "Its Secretary-General X": the body named last, if it is no state
        spans = sentences(name.doc)
        sentence = spans.of(name.i)
        subjects = [index.by_token[t.i] for t in name.doc[sentence.start:name.left_edge.i]
                    if t.dep_ in SUBJECTS and t.i in index.by_token]
        if subjects:  # "The CSTO, an alliance of which X and Y are members, said its ...": the subject's
            return subjects[0] if _a_group(subjects[0], index) else None
        floor = spans.spans[max(0, bisect_right(spans.starts, name.i) - 3)].start
        named = [a for a in index.before(name.left_edge.i, floor) if index.types.get(a) not in {"person", "generic"}]
        if named and _a_group(named[0], index):
            return named[0]
    return None


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    """Words of state offices and titles ("defence", "foreign", "ministry", "secretary")."""
    lexicon = phrases()
    return frozenset(lexicon["title_words"] | {w for body in lexicon["state_bodies"] for w in body.split()}
                     | {"defence", "defense", "interior", "foreign", "finance", "home", "state", "justice"})


def _a_group(actor: str, index: ActorIndex) -> bool:
    """An organisation, alliance or armed group: neither a state nor a person nor a medium."""
    return index.types.get(actor) not in {"state", "person", "generic", "media", None} and not actor.startswith("state.")


def _last_two_states(token: Token, index: ActorIndex, reach: int = 3) -> list[str]:
    """"the two countries": the last two states named, in this sentence or the `reach` before it."""
    spans = sentences(token.doc)
    floor = spans.spans[max(0, bisect_right(spans.starts, token.i) - 1 - reach)].start
    states: list[str] = []
    for actor in index.before(token.i, floor):
        if actor.startswith("state.") and actor not in states:
            states.append(actor)
            if len(states) == 2:
                return states[::-1]
    return []


def _np_actors(token: Token, index: ActorIndex, depth: int = 0) -> list[str]:
    """Actors a noun phrase stands for: "Hamas fighters", "envoys of the Houthis",
    "Armenia and Georgia" (each conjunct)."""
    if depth > 3:
        return []
    if token.lower_ in PAIR_NOUNS and any(c.lower_ in {"two", "both", "neighboring", "neighbouring"}
                                          for c in token.children):
        return _last_two_states(token, index)  # "the two countries", "both sides", "the neighbouring countries"
    found: list[str] = []
    own = index.by_token.get(token.i)
    if own and own.startswith("generic:"):  # "the US military": the named modifier wins
        modifiers = [c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod", "appos"}
                     and c.i in index.by_token and not index.by_token[c.i].startswith("generic:")]
        if any(c.dep_ != "poss" for c in modifiers):  # "Yemen's Houthi group" is the Houthis, not Yemen
            modifiers = [c for c in modifiers if c.dep_ != "poss"]
        named = [index.by_token[c.i] for c in modifiers]
        if not named and (leader := _leader(token, index)):  # "the Saudi-led coalition"
            named = [leader]
        if not named and token.lemma_.lower() in _organs():
            # "the government of the Russian Federation", "the forces of the Taliban"
            named = [a for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for pobj in prep.children if pobj.dep_ == "pobj"
                         for a in _np_actors(pobj, index, depth + 1) if not a.startswith("generic:")]
            # "the armies of India and China" are both states'; "the government of X and its allies" is X's
            named = named if token.tag_ in {"NNS", "NNPS"} else named[:1]
        own = named[0] if named else own
        found += named[1:]
    if not own and index.registry is not None and token.pos_ == "PROPN" and token.text[:1].isupper() \
            and not any(c.dep_ in {"compound", "amod"} for c in token.children):
        own = index.registry.state_for_demonym(token.text)  # "between Kyrgyz and Tajik guards": the Kyrgyz
    if not own and index.registry is not None:  # "Latvian border posts": the state whose posts they are
        # ("a Kyrgyz border post": the demonym may hang on the compound before the head)
        modifiers = [c for c in token.children] + [g for c in token.children if c.dep_ == "compound"
                                                     for g in c.children if g.i < c.i]
        for child in modifiers:
            if child.dep_ in {"amod", "compound", "nmod"} and child.text[:1].isupper() and child.i not in index.by_token:
                state = index.registry.state_for_demonym(child.text)
                if state:
                    own = state
                    found += _modifier_conjuncts(child, index)
                    break
    if own and index.types.get(own) == "person":
        # "RSF leader Mohamed Dagalo", "Taliban commander X": a group's officer acts for the group (a
        # state's officers keep their own name: their state counts their acts through their country)
        group = _group_of_officer(token, index)
        own = group or own
    if own:
        found.insert(0, own)
        for child in token.children:  # "Kazakh and Kyrgyz forces", "Uzbek, Tajik and Kyrgyz troops"
            coordinated = any(c.dep_ == "conj" or c.text == "," for c in child.children)
            if child.dep_ in {"amod", "nmod", "compound"} and coordinated:
                found += [ident for ident in [index.by_token.get(child.i), *_modifier_conjuncts(child, index)]
                          if ident and ident not in found and not ident.startswith("generic:")]
    elif leader := _leader(token, index):  # "the Saudi-led coalition"
        found.append(leader)
    else:
        # "Russia's neighbour Kazakhstan": the one named in apposition is the phrase's referent
        for child in sorted(token.children, key=lambda c: c.dep_ != "appos"):
            if child.dep_ in {"compound", "amod", "poss", "nmod", "appos"} and child.i in index.by_token \
                    and not _against(child):  # "anti-Maduro protesters" are not Maduro
                found.append(index.by_token[child.i])
                found += _modifier_conjuncts(child, index)
                break
        else:
            for child in token.children:
                # "outside powers like Russia and China", "regional states such as Uzbekistan"
                if child.dep_ == "prep" and (child.lower_ in {"like", "including"} or (
                        child.lower_ == "as" and child.i > 0 and token.doc[child.i - 1].lower_ == "such")):
                    for grandchild in child.children:
                        if grandchild.dep_ == "pobj":
                            found += _np_actors(grandchild, index, depth + 1)
                if found:
                    break
                if child.dep_ == "prep" and child.lower_ in {"of", "from"}:
                    for grandchild in child.children:
                        if grandchild.dep_ == "pobj":
                            found += _np_actors(grandchild, index, depth + 1)
    for conjunct in token.children:
        if conjunct.dep_ == "conj":  # (a list is as long as it is: its items do not count as nesting)
            found += [a for a in _np_actors(conjunct, index, depth) if a not in found]
    return found


def _modifier_conjuncts(modifier: Token, index: ActorIndex) -> list[str]:
    """The other actors coordinated with a noun's modifier: "Kazakh and Kyrgyz forces" are both states'."""
    found = []
    for conjunct in modifier.children:
        if conjunct.dep_ != "conj":
            continue
        ident = index.by_token.get(conjunct.i)
        if not ident and index.registry is not None and conjunct.text[:1].isupper():
            ident = index.registry.state_for_demonym(conjunct.text)
        if ident and not ident.startswith("generic:"):
            found += [ident, *_modifier_conjuncts(conjunct, index)]
    return found


def _pronoun_actor(token: Token, index: ActorIndex, paragraph_start: int, previous: list[EventCandidate]) -> list[str]:
    lower = token.lower_
    if lower in FIRST_PERSON:  # "we" in a quotation is who is quoted; outside one, no one we know
        speaker = index.speaker_at(token.idx)
        return [speaker] if speaker else []
    if lower in {"which", "who", "that"} and token.head.dep_ == "relcl":
        return _np_actors(token.head.head, index)
    # "Chile has said it will back ...": the pronoun is the one who speaks
    clause = token.head
    for _ in range(3):
        if clause.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or clause.head.i == clause.i:
            break
        clause = clause.head
        if clause.lemma_.lower() in SPEECH | {"announce", "declare", "confirm", "promise", "agree", "decide"}:
            for child in clause.children:
                if child.dep_ in {"nsubj", "nsubjpass"} and child.lower_ not in PRONOUNS:
                    actors = _np_actors(child, index)
                    if actors:
                        return actors
    if lower in {"they", "them"} and index.speaker_at(token.idx):
        found = _others_in_quote(token, index)
        if found:
            return found
    if lower in {"it", "they", "them"}:
        # Centering: a pronoun most likely continues the subject before it, in this sentence or,
        # when the sentence opens with it, the last one's; the nearest name ("the government of
        # Afghanistan, it met...") comes after that.
        found = _subject_before(token, index, paragraph_start)
        if found:
            return found
        sentence_start = sentences(token.doc).of(token.i).start
        for actor in index.before(token.i, sentence_start):
            if index.types.get(actor) not in {"person", "generic"}:
                return [actor]
    if lower in {"this", "it", "they"} and previous:
        source = previous[-1].source
        if lower == "they" and index.types.get(source or "") == "person":
            return []  # "they" is not the one person who spoke before
        return [source] if source else []
    if lower in {"he", "she"}:
        people = [a for a in index.before(token.i, paragraph_start) if index.types.get(a) == "person"]
        # centering: the person who is the subject before it in its sentence ("X refused to meet Y,
        # saying he would ..."), before the nearest one
        sentence_start = sentences(token.doc).of(token.i).start
        subjects = [index.by_token[t.i] for t in token.doc[sentence_start:token.i]
                    if t.dep_ in SUBJECTS and t.i in index.by_token and index.types.get(index.by_token[t.i]) == "person"]
        if subjects:
            return subjects[:1]
        if not people and paragraph_start > 0 and sentences(token.doc).of(token.i).start == paragraph_start:
            # a paragraph opening with "He condemned ..." goes on with the person the last one ended on
            spans, text = sentences(token.doc), token.doc.text
            first = spans.of(paragraph_start - 1)  # back to the start of the paragraph before
            while first.start > 0 and "\n" not in text[spans.of(first.start - 1).end_char:first.start_char]:
                first = spans.of(first.start - 1)
            people = [a for a in index.before(token.i, first.start) if index.types.get(a) == "person"]
        return people[:1]
    return []


def _them(token: Token, index: ActorIndex) -> list[str]:
    """"Them" (or "it") as an object: in a quotation, others than the speaker's side; elsewhere, an object named
    earlier in the sentence, as parallel clauses go ("Peru kept the rebels on its list while Chile took
    them off its own"; "met the envoys and praised them"; "sanctioned the group, accusing it of ..."),
    never the subject or
    a possessor, nor a place named as where."""
    if index.speaker_at(token.idx):
        return _others_in_quote(token, index)
    doc = token.doc
    lower = sentences(doc).of(token.i).start
    # the doer of the verb "them" is object of is not "them" ("countries, including Kazakhstan, removed them")
    own_subject = {t.i for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"} for t in c.subtree}
    for position in range(bisect_right(index.starts, token.i - 1) - 1, -1, -1):
        start, actor = index.order[position]
        if start < lower:
            break
        head = _mention_head(doc[start], actor, index)
        if index.types.get(actor) in {"person", "generic"} or start in own_subject:
            continue
        if head.dep_ in {"compound", "amod"}:  # "Taliban envoys": the phrase's role is the envoys'
            head = head.head
        if head.dep_ == "dobj" or (head.dep_ == "pobj" and head.head.lower_ not in LOCATIVE | {"of"}):
            return [actor]
    return []


def _mention_head(first: Token, actor: str, index: ActorIndex) -> Token:
    """The syntactic head of the mention of `actor` that starts at `first`: where its role shows."""
    head = first
    while head.head.i != head.i and index.by_token.get(head.head.i) == actor:
        head = head.head
    return head


def _others_in_quote(token: Token, index: ActorIndex) -> list[str]:
    """"They"/"them" in a quotation are others than the speaker's side, which is "we": the nearest such
    actor named in this sentence or the one before it in the paragraph ("... would anger Moscow. 'We
    warn them now,' the minister said": not Moscow)."""
    speaker = index.speaker_at(token.idx)
    if not speaker:
        return []
    side = index.countries.get(speaker)
    index_of = sentences(token.doc)
    sentence = index_of.of(token.i)
    lower = sentence.start
    if sentence.start > 0:
        before = index_of.of(sentence.start - 1)
        if "\n" not in token.doc.text[before.end_char:sentence.start_char]:
            lower = before.start
    doc, fitting = token.doc, []
    for position in range(bisect_right(index.starts, token.i - 1) - 1, -1, -1):
        start, actor = index.order[position]
        if start < lower:
            break
        if actor != speaker and index.types.get(actor) not in {"person", "generic"} \
                and (side is None or index.countries.get(actor) != side):
            head = _mention_head(doc[start], actor, index)
            fitting.append((actor, head.dep_ == "pobj" and head.head.lower_ in LOCATIVE))
    # a place named as where ("bases in Kyrgyzstan") is less likely "them" than who acts there
    for actor, is_place in fitting:
        if not is_place:
            return [actor]
    return [fitting[0][0]] if fitting else []


def _subject_before(token: Token, index: ActorIndex, paragraph_start: int) -> list[str]:
    """The nearest non-person actor that is a clause subject before `token`: in its sentence, else
    the main subject of the sentence before it in the same paragraph."""
    doc = token.doc
    index_of = sentences(doc)
    sentence = index_of.of(token.i)

    def subject_actors(tokens) -> list[str]:
        for candidate in reversed(list(tokens)):
            if candidate.dep_ in {"nsubj", "nsubjpass"} and candidate.lower_ not in PRONOUNS:
                actors = [a for a in _np_actors(candidate, index) if index.types.get(a) not in {"person", "generic"}]
                if actors:
                    return actors
        return []

    found = subject_actors(doc[sentence.start:token.i])
    if found or sentence.start <= paragraph_start:
        return found
    previous = index_of.of(sentence.start - 1)
    root = previous.root
    return subject_actors([c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}])


def _subject(verb: Token, index: ActorIndex, para_start: int, previous, depth: int = 0) -> tuple[list[str], bool]:
    """(actors, passive) for the subject of a verb, following control and coordination."""
    if depth > 4:
        return [], False
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    for child in subjects:  # the parser sometimes gives a verb two subjects: take one that is an actor
        if child.i not in index.by_token and child.lemma_.lower() in ABSTRACT_SUBJECTS:
            continue  # "Spain's policy allowed it to ...": a consequence, not an act
        actors = _np_actors(child, index) or (
            _pronoun_actor(child, index, para_start, previous) if child.lower_ in PRONOUNS else [])
        if not actors:
            # "the Red Cross operating in Iraq said", "making it the first nation to recognise X": the
            # parser gives the subject a subject of its own, which is the one that acts
            for nested in (c for c in child.children if c.dep_ == "nsubj"):
                actors = _np_actors(nested, index) or (
                    _pronoun_actor(nested, index, para_start, previous) if nested.lower_ in PRONOUNS else [])
                if actors:
                    break
        if actors:
            return actors, False
    if subjects:
        return [], False
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        # (a passive the parser left without its subject, "despite X not being recognised by anyone",
        # is still done only by its agent, never by the main clause's subject)
        agent = _agent(verb, index)
        if not agent and verb.lemma_.lower() in STATIVE_PASSIVE:
            # "Peru is committed to reopening", "Oman is opposed to": a state of the subject, not a passive
            for child in verb.children:
                if child.dep_ == "nsubjpass":
                    return _np_actors(child, index), False
        return agent, True
    if _passive_participle(verb):  # "gunmen, later driven off by X"
        return _agent(verb, index), True
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "farmers blocking the highway"
        return _np_actors(verb.head, index), False
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        # "the Kremlin's attempts to link ...", "its decision to expel ...": the one whose attempt it is
        for child in verb.head.children:
            if child.dep_ == "poss":
                return (_possessive_actor(child, index) if child.lower_ in PRONOUNS | {"its", "their"}
                        else _np_actors(child, index)), False
    if verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "relcl", "pcomp", "acomp", "attr"} and verb.head != verb:
        head = verb.head
        if verb.dep_ in {"xcomp", "advcl"}:
            objects = [c for c in head.children if c.dep_ in {"dobj", "dative"}]
            if objects and verb.dep_ == "xcomp":
                actors = _np_actors(objects[0], index)
                if actors:
                    return actors, False
        if verb.dep_ == "relcl":
            if head.lemma_.lower() in lexicon().instruments and head.dep_ in {"dobj", "nsubjpass"} \
                    and head.head.pos_ == "VERB" and not _np_actors(head, index):
                # "plans to sign a bill to freeze the assets of X": who signs the bill freezes them
                return _subject(head.head, index, para_start, previous, depth + 1)[0], False
            return _np_actors(head, index), False
        if head.pos_ == "ADP" and head.head.i != head.i:  # "concentrates on taking the port"
            preposition = head.lower_
            head = head.head
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects and head.pos_ == "VERB":  # "accused Iran of arming them": Iran arms
                controlled = _np_actors(objects[0], index)
                if controlled:
                    return controlled, False
                if _verb_lemma(head, lexicon()) in lexicon().judging:
                    return [], False  # "a court charged four men with carrying out X": the men did X, not the court
                if preposition in {"into", "from"}:
                    return [], False  # "bullied these countries into helping it": the countries help
        found = _subject(head, index, para_start, previous, depth + 1)
        if found[0] or verb.tag_ != "VBG":
            return found
    if verb.tag_ == "VBG" and depth == 0:
        # "X filed a complaint, blaming its neighbour for ...": a participle's doer is the main subject
        root = sentences(verb.doc).of(verb.i).root
        if root.i != verb.i:
            for child in root.children:
                if child.dep_ in {"nsubj"} and child.i < verb.i:
                    return _np_actors(child, index), False
    return [], False


def _capital_state(token: Token, index: ActorIndex) -> list[str]:
    """The state whose capital a place word names, where a construction makes the place a party ("an
    ambassador to Kabul")."""
    if index.registry is None or token.ent_type_ not in {"GPE", "LOC", ""}:
        return []
    state = index.registry.places.get(fold(token.text))
    return [state] if state else []


def _demonym_state(token: Token, index: ActorIndex) -> list[str]:
    """The state a nationality adjective names, read with the words before it ("North Korean")."""
    if index.registry is None or not token.text[:1].isupper():
        return []
    words = [t.text for t in token.doc[max(0, token.i - 2): token.i] if t.head.i in (token.i, token.head.i)
             and t.text[:1].isupper()] + [token.text]
    for start in range(len(words)):
        state = index.registry.state_for_demonym(" ".join(words[start:]))
        if state:
            return [state]
    return []


def _against(modifier: Token) -> bool:
    """A modifier written "anti-X" ("anti-Maduro", "anti-Kremlin"), one token or three."""
    doc = modifier.doc
    return modifier.lower_.startswith("anti-") or (
        modifier.i >= 2 and doc[modifier.i - 1].text in {"-", "\u2010", "\u2011"} and doc[modifier.i - 2].lower_ == "anti")


ADVERBIAL_PREPS = {"since", "after", "before", "upon", "while", "despite", "on"}


def _takes_power(verb: Token) -> bool:
    """"seized power", "returned to power", "took control": the object is rule itself."""
    words = [c for c in verb.children if c.dep_ == "dobj"] + \
            [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(w.lemma_.lower() in {"power", "control"} and not any(c.dep_ == "prep" for c in w.children)
               for w in words)


def _gerund_doers(gerund: Token, index: ActorIndex) -> list[str]:
    """A gerund's "by" names its doer: "during shelling by Pakistan"."""
    return [a for prep in gerund.children if prep.dep_ == "prep" and prep.lower_ == "by"
            for pobj in prep.children if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]


def _attack_beside(verb: Token, lex: Lexicon) -> Token | None:
    """An attack named as the subject of a casualty verb ("airstrikes killed nine"), or in a phrase on it
    ("killed in an airstrike", "during shelling by X")."""
    for noun in verb.children:
        if noun.dep_ == "nsubj" and noun.pos_ == "NOUN" and _trigger_type(noun, lex)[0] == "ASSAULT":
            return noun
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "following", "after", "amid", "by", "from"}:
            continue
        for noun in prep.children:
            if noun.dep_ in {"pobj", "pcomp"} and _trigger_type(noun, lex)[0] == "ASSAULT":
                return noun
    return None


def _passive(verb: Token) -> bool:
    """A verb in the passive voice ("was summoned"), or a passive participle ("the envoy summoned")."""
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or _passive_participle(verb)


def _passive_participle(verb: Token) -> bool:
    return verb.dep_ == "acl" and (verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in verb.children))


def _agent(verb: Token, index: ActorIndex) -> list[str]:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _np_actors(pobj, index)
    return []


def _objects(trigger: Token, index: ActorIndex, passive: bool, hostile: bool = False) -> list[str]:
    found: list[str] = []
    noun_preps = {"to", "with", "for", "against"} if hostile else {"to", "with", "for"}
    if passive:
        for child in trigger.children:
            if child.dep_ == "nsubjpass":
                found += _np_actors(child, index)
        if _passive_participle(trigger):
            # "gunmen, later driven off by X"; when the parser hangs the clause on an event noun
            # ("the seizure ... by rebels, later driven off by X"), the noun's doer
            found += _np_actors(trigger.head, index) or _nominal_roles(trigger.head, index)[0]
    for child in trigger.children:
        if child.dep_ in {"dobj", "dative", "attr", "oprd"}:
            actors = _np_actors(child, index) or (_them(child, index) if child.lower_ in {"them", "it"} else [])
            if not actors:  # "pledged loyalty to the emir", "offered help to Baghdad"
                for prep in child.children:  # (not "support the fight against X": X is not supported)
                    if prep.dep_ == "prep" and prep.lower_ in noun_preps:
                        actors += [a for pobj in prep.children if pobj.dep_ == "pobj"
                                   and pobj.lemma_.lower() not in TIME_NOUNS for a in _np_actors(pobj, index)]
            found += actors
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() not in TIME_NOUNS:
                    found += _np_actors(pobj, index)
        elif child.dep_ == "prt":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found += _np_actors(grandchild, index)
        elif child.dep_ in {"npadvmod", "conj"} and child.pos_ in {"PROPN", "NOUN"} and found \
                and any(c.dep_ == "cc" and c.i < child.i for c in trigger.children):
            # "clashed with the forces of Iran, which ..., as well as Pakistan": the parser hangs the
            # second object on the verb
            found += _np_actors(child, index)
    if hostile and not any(not _generic(a) for a in found):
        # "encroaching into its waters", "violated Kenya's airspace", "opened fire on their border guards":
        # the owner of the territory the act enters, or of the people it strikes; never the doer's own
        # ("X accused Y of encroaching into its waters" are X's waters)
        places = [c for c in trigger.children if c.dep_ == "dobj"] + [
            g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        doers = _doers_of(trigger, index)
        owners: list[str] = []
        for place in places:
            territory = bool({place.lemma_.lower(), place.lower_} & lexicon().territories)
            for owner in place.children:
                if owner.dep_ == "poss" and owner.lower_ in {"its", "their"}:
                    owners += _possessive_actor(owner, index, doers)
                elif owner.dep_ == "poss" and territory:
                    owners += _np_actors(owner, index)
                elif owner.dep_ == "amod" and territory and index.registry is not None and owner.text[:1].isupper():
                    owners += [state for state in [index.registry.state_for_demonym(owner.text)] if state]
        if owners:
            found = owners
    pronoun_object = any(g.dep_ == "pobj" and g.lower_ in PRONOUNS for c in trigger.children
                         if c.dep_ == "prep" for g in c.children)
    if not found and not passive and not pronoun_object \
            and not any(c.dep_ in {"dobj", "dative"} for c in trigger.children):
        # a mis-parse ("hitting IS depots" read with "IS" as a verb): the next actor named,
        # unless it sits in a clause of its own
        for token in trigger.subtree:
            if token.i > trigger.i and token.i in index.by_token and token.dep_ not in SUBJECTS \
                    and not (token.dep_ == "pobj" and token.head.lower_ in LOCATIVE
                             and not index.by_token[token.i].startswith("state.")):  # "met in Dawong": where
                clauses = [a for a in token.ancestors if a.i > trigger.i and trigger in a.ancestors]
                # (nor, after "help", in the clause of what was helped along: "helped keep ISIS in check")
                own_clause = {"ccomp", "advcl", "relcl", "csubj", "acl", "conj"} | (
                    {"xcomp"} if trigger.lemma_.lower() in {"help", "assist"} else set())
                if not any(a.dep_ in own_clause for a in clauses):
                    found.append(index.by_token[token.i])
                break
    return list(dict.fromkeys(found))


def _doers_of(trigger: Token, index: ActorIndex) -> frozenset[str]:
    """Who the clause says does the act, by its syntax alone: the verb's subjects, or the one accused of
    it ("accused Y of encroaching": Y)."""
    if trigger.dep_ in {"pcomp", "pobj"} and trigger.head.lower_ in {"of", "for"}:
        return frozenset(a for c in trigger.head.head.children if c.dep_ in {"dobj", "nsubjpass"}
                         for a in _np_actors(c, index))
    return frozenset(a for c in trigger.children if c.dep_ in SUBJECTS for a in _np_actors(c, index))


def _pins_an_act(verb: Token, lex: Lexicon) -> bool:
    """"link the attack to X", "blame the blast on X": a hostile act as object, someone after to/on."""
    acts = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}
            and lex.nouns.get(c.lemma_.lower()) in HOSTILE]
    return bool(acts) and bool(_pinning_preps(verb, acts))


def _pinning_preps(verb: Token, acts: list[Token]) -> list[Token]:
    """The to/on/with phrases naming whom an act is pinned on: the verb's, or, where the parser hung
    it on the act ("blame [the blast on Armenia]"), the act's "on"/"to"."""
    own = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "on", "with"}]
    return own or [c for act in acts for c in act.children if c.dep_ == "prep" and c.lower_ in {"to", "on"}]


def _attributed_to(verb: Token, index: ActorIndex) -> list[str]:
    """Those an attributing verb pins the act on."""
    acts = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return [a for prep in _pinning_preps(verb, acts) for pobj in prep.children if pobj.dep_ == "pobj"
            for a in _np_actors(pobj, index)]


def _labels_hostile(verb: Token, lex: Lexicon) -> bool:
    """The verb casts its object as a threat or an enemy: "as a threat", "as terrorists", or "with" an
    armed group (equating one group with another)."""
    if _labels(verb, lex.hostile_labels):
        return True
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "with" and verb.lemma_.lower() == "equate":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and any(t.ent_type_ == "ORG" or t.ent_id_.startswith("group.")
                                               for t in pobj.subtree):
                    return True
    return False


def _labels(verb: Token, labels: set[str]) -> bool:
    """The verb casts its object as one of `labels`: "as a threat", "as a responsible people",
    "branded them terrorists"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for pobj in child.children:
                words = {t.lemma_.lower() for t in pobj.subtree} | {t.lower_ for t in pobj.subtree}
                if pobj.dep_ == "pobj" and words & labels:
                    return True
        # "branded them terrorists" (the parser may read the label as an adverbial noun: "branded X a murderer")
        # (or as a second object: "branded X a 'murderer'")
        second_object = child.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < child.i for c in verb.children)
        if (child.dep_ in {"oprd", "xcomp", "npadvmod"} or second_object) \
                and ({t.lemma_.lower() for t in child.subtree} & labels) \
                and (child.dep_ != "npadvmod" or any(c.dep_ == "dobj" for c in verb.children)):
            return True
    return False


def _verb_lemma(token: Token, lex: Lexicon) -> str:
    """The lemmatiser of the small model sometimes stumbles ("staged" -> "stag"): try the plain stems."""
    lemma = token.lemma_.lower()
    known = lex.known_verbs
    if lemma in known:
        return lemma
    word = token.lower_
    for cut, add in (("ed", ""), ("d", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("es", ""), ("s", ""),
                     ("ied", "y"), ("ies", "y")):
        if word.endswith(cut) and word[: len(word) - len(cut)] + add in known:
            return word[: len(word) - len(cut)] + add
    return lemma


def _trigger_type(token: Token, lex: Lexicon) -> tuple[str | None, Token | None]:
    """The PLOVER type a token carries, and the noun it takes it from for light verbs."""
    kind, noun, _ = _trigger(token, lex)
    return kind, noun


def _trigger(token: Token, lex: Lexicon) -> tuple[str | None, Token | None, str | None]:
    """`_trigger_type` with the id of the lexicon rule that gave the type."""
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} or token.tag_.startswith("VB"):
        lemma = _verb_lemma(token, lex)
        for child in token.children:
            if child.dep_ not in {"prt", "dobj", "prep", "nsubjpass", "advmod"}:
                continue
            words = {child.lower_, child.lemma_.lower(), _singular(child.lower_)}
            prefix = re.match(r"[a-z]+", child.lower_)
            if prefix:  # "GBU-43" is a GBU
                words.add(prefix.group())
            words |= {c.lemma_.lower() for c in child.children if c.dep_ == "appos"}
            if child.dep_ == "dobj" and _an_amount(child):  # "gave Chad $5 million in aid", "500 tons of grain"
                words |= {g.lemma_.lower() for c in child.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}
                          for g in c.children if g.dep_ == "pobj"}
            for word in words:
                if (lemma, word) in lex.phrases:
                    # the phrase's noun ("swear allegiance") is part of this event, not one of its own
                    return lex.phrases[(lemma, word)], child if child.dep_ in {"dobj", "nsubjpass"} else None, "lexicon.phrase"
            if child.dep_ == "prep":
                for pobj in child.children:
                    if (lemma, pobj.lemma_.lower()) in lex.phrases:
                        return lex.phrases[(lemma, pobj.lemma_.lower())], None, "lexicon.phrase"
        if lemma in lex.light_verbs:
            for child in token.children:
                if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in lex.nouns:
                    return lex.nouns[child.lemma_.lower()], child, "lexicon.light-verb"
                if child.dep_ in {"dobj", "nsubjpass"}:  # "undertook a mediation mission"
                    kind = _compound_type(child, lex)
                    if kind:
                        return kind, child, "lexicon.light-verb"
        if lemma in lex.attributing and _pins_an_act(token, lex):
            return "ACCUSE", None, "attributing.accuses"  # "tried to link the attack to Ukraine": blaming Ukraine for it
        if lemma in lex.characterising and _labels_hostile(token, lex):
            return "ACCUSE", None, "characterising.hostile-label"  # "portrayed the group as a threat", "equated X with a terrorist group"
        if lemma in lex.characterising and _labels(token, lex.friendly_labels):
            return "SUPPORT", None, "characterising.friendly-label"  # "views the group as a responsible people": approval
        if lemma in lex.commitment and any(_trigger_type(c, lex)[0] in HOSTILE
                                           for c in _infinitives(token)):
            return "THREATEN", None, "commitment.hostile-threatens"  # "undertook to expel", "vowed to retaliate": a hostile commitment
        if lemma in lex.warning and _warns_of_anothers_act(token, lex):
            return None, None, None  # "warned of an ISIS attack": the act warned of is coded, not a threat
        if lemma in lex.verbs:
            return lex.verbs[lemma], None, "lexicon.verb"
        if lemma in lex.patient_subject:
            return lex.patient_subject[lemma], None, "lexicon.patient-subject"
    if token.pos_ == "NOUN":
        if token.dep_ in {"dobj", "nsubjpass"} and token.head.lemma_.lower() in lex.light_verbs \
                and (lemma in lex.nouns or _compound_type(token, lex)):
            return None, None, None  # "talks were held": the light verb carries it
        compound = _compound_type(token, lex)  # "hunger strike" is a protest, a plain "strike" an attack
        if compound:
            return compound, None, "lexicon.compound-noun"
        if lemma in lex.nouns:
            return lex.nouns[lemma], None, "lexicon.noun"
    return None, None, None


def _an_amount(noun: Token) -> bool:
    """A counted quantity ("5.1 million dollars", "$50,000 worth", "two tons"), whose "of"/"in" noun is
    what was given."""
    return noun.tag_ == "$" or any(c.dep_ in {"nummod", "quantmod"} or c.tag_ == "CD" for c in noun.children)


ATTRIBUTED = {"alleged", "allegedly", "perceived", "so-called", "purported", "purportedly", "supposed",
              "reported", "reportedly", "rumoured", "rumored"}


def _keeps_standing(trigger: Token, kind: str, lex: Lexicon) -> bool:
    """Whether the event word keeps a measure as it stands: a standing verb carries it ("kept the
    movement on its list"), takes it as object ("maintained its sanctions") or as state ("remains
    banned"), or a measure "still" holds ("still lists the group as banned")."""
    if trigger.pos_ in {"VERB", "AUX"} and _verb_lemma(trigger, lex) in lex.standing:
        return True
    # ("kept capturing towns", "will keep supplying": an activity that goes on, not a measure kept)
    if trigger.dep_ in {"dobj", "nsubjpass", "acomp", "xcomp", "oprd"} and trigger.tag_ != "VBG" \
            and trigger.head.pos_ in {"VERB", "AUX"} and _verb_lemma(trigger.head, lex) in lex.standing:
        return True
    if trigger.tag_ != "VBG" and any(c.dep_ in {"aux", "auxpass"} and _verb_lemma(c, lex) in lex.standing
                                     for c in trigger.children):
        return True  # "remains banned", parsed with "remains" as the auxiliary
    holders = [trigger] + ([trigger.head] if trigger.dep_ in {"oprd", "acomp", "xcomp", "dobj", "advcl"} else [])
    return kind in MEASURES and any(c.lower_ == "still" for holder in holders for c in holder.children)


def _judged_act(trigger: Token) -> bool:
    """An act named as the reason for praise or blame ("praised X for guaranteeing security by
    fighting in Afghanistan", "thanked Y for sending aid"): done before the judging."""
    lex, node = lexicon(), trigger
    for _ in range(5):
        if node.dep_ not in {"pcomp", "pobj", "prep"} or node.head.i == node.i:
            return False
        node = node.head
        if node.dep_ == "prep" and node.lower_ in {"for", "by"} and _verb_lemma(node.head, lex) in lex.judging:
            return True
    return False


def _infinitives(verb: Token) -> list[Token]:
    """The "to" clauses a verb governs ("undertook to expel": expel), however the parser labels them."""
    return [c for c in verb.children if c.dep_ in {"xcomp", "advcl"} and any(g.lower_ == "to" and g.dep_ == "aux"
                                                                                for g in c.children)]


def _says_it_did_not(trigger: Token, sources: list[str], index: ActorIndex) -> bool:
    """A negation of a past or present act in the first person, inside the doer's own quoted words, is
    the doer's denial ("we have never contacted them"); "we will not attack" is a commitment, not one."""
    speaker = index.speaker_at(trigger.idx)
    auxes = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "auxpass"}}
    return bool(speaker) and speaker in sources and not auxes & (FUTURE_AUX | HYPOTHETICAL_AUX | {"would"}) \
        and any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in FIRST_PERSON for c in trigger.children)


def _reinforces_anothers_forces(trigger: Token, sources: list[str], index: ActorIndex) -> bool:
    """A buildup whose object is another state's forces ("strengthening the Tajik armed forces")."""
    for child in trigger.children:
        if child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ == "on"):
            nouns = [child] if child.dep_ == "dobj" else [g for g in child.children if g.dep_ == "pobj"]
            for noun in nouns:
                owners = {a[6:].upper() for a in _np_actors(noun, index) if a.startswith("state.")}
                homes = {s[6:].upper() if s.startswith("state.") else
                         index.registry.country_of(s) if index.registry is not None else None for s in sources}
                if owners and sources and not owners & homes:
                    return True
    return False


def _warns_of_anothers_act(verb: Token, lex: Lexicon) -> bool:
    """"warned of an ISIS attack": the act warned of is an event noun with a named doer of its own."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "about", "against"}:
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in lex.nouns and any(
                        c.dep_ in {"compound", "amod", "nmod", "poss"} and c.text[:1].isupper() for c in noun.children):
                    return True
    return False


def _modality(trigger: Token, sentence_text: str, in_quote: bool) -> str:
    lex = lexicon()
    lex_hyp = HYPOTHETICAL_AUX
    children = list(trigger.children)
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    # "no rebel delegates will be invited", "neither have we met"
    if any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
           for c in children) or any(c.lower_ in {"neither", "nor", "never"} for c in children):
        return "negated"
    auxes = {c.lower_ for c in children if c.dep_ in {"aux", "auxpass"}}
    node = trigger
    # "the alleged raid", "NATO's perceived occupation": someone's view of the act, not the act
    claimed = in_quote or any(c.dep_ in {"amod", "advmod"} and c.lower_ in ATTRIBUTED for c in children)
    compared = False
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in node.children):
            compared = True  # "..., as the group did with its attack": a comparison states a fact
            break
        lemma = head.lemma_.lower()
        if lemma in DENY and node.dep_ in {"ccomp", "xcomp", "dobj", "pcomp", "advcl"}:
            return "denied"
        if any(c.dep_ == "neg" for c in head.children) and node.dep_ in {"xcomp", "ccomp"}:
            return "negated"
        if (lemma in {"fail", "refuse", "decline", "refrain", "avoid"} or
                (lemma == "hold" and any(c.lower_ == "off" for c in head.children))) \
                and node.dep_ in {"xcomp", "pcomp", "prep"}:
            return "negated"  # "failed to strike a deal", "held off on recognising"
        if lemma in {"unlikely", "likely", "possible", "ready", "able"} and node.dep_ in {"xcomp", "ccomp"}:
            return "hypothetical"  # "is unlikely to seek loans"
        if lemma in PLAN and (node.dep_ in {"xcomp", "pcomp", "acl", "prep"} or node in _infinitives(head)):
            # "plans to", "talking about lifting", "has undertaken to expel"
            return "planned"
        if lemma in SPEECH and node.dep_ in {"ccomp", "xcomp", "advcl", "parataxis", "dobj"} \
                and not (node.dep_ == "dobj" and lemma in lex.standing):
            claimed = True  # "maintained that ..." reports; "maintained its ban" keeps the ban
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in node.children):
            return "hypothetical"
        if node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in IRREALIS_NOUNS:
            return "hypothetical"  # "a scenario of a Taliban invasion", "the risk of an attack"
        if node.dep_ in {"dobj", "prep", "xcomp", "pcomp"} and head.pos_ in {"VERB", "AUX"}:
            verb_lemma = _verb_lemma(head, lex)
            if verb_lemma in lex.foiling:
                return "planned"  # "thwarted an attack": it was planned, it did not happen
            if verb_lemma in lex.irrealis:
                return "hypothetical"  # "feared another attack", "warned of an attack", "prevented an attack"
        auxes |= {c.lower_ for c in head.children if c.dep_ == "aux"} if node.dep_ == "xcomp" else set()
        node = head
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in children):
        return "hypothetical"
    if auxes & FUTURE_AUX or "would" in auxes and claimed:
        return "planned"
    if auxes & lex_hyp or "would" in auxes or (sentence_text.rstrip().endswith("?") and not compared):
        return "hypothetical"
    return "claimed" if claimed else "asserted"


@lru_cache(maxsize=64)
def _keyword_patterns(table_key: tuple) -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in words) + r")\b"))
            for name, words in table_key]


def _keyword(sentence_lower: str, table: dict[str, list[str]]) -> str | None:
    """The first mode or context whose keywords the sentence contains."""
    key = tuple((name, tuple(words)) for name, words in table.items())
    for name, pattern in _keyword_patterns(key):
        if pattern.search(sentence_lower):
            return name
    return None


def _quote_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"“[^”]*”|\"[^\"\n]*\"", text)]


def find_events(doc: Doc, registry=None) -> list[EventCandidate]:
    lex = lexicon()
    index = ActorIndex(doc, registry)
    text = text_of(doc)
    quotes = _quote_ranges(text)
    quote_starts = [s for s, _ in quotes]
    events: list[EventCandidate] = []
    paragraph_start_token = 0
    paragraph_number = 0
    named_incidents = incident_mentions(doc, registry)
    rules_matcher = matcher_for(doc.vocab)
    refused = doc._.refused_events = []  # (token index, rule id, reason): why a word gave no event
    fired = doc._.rule_hits = []  # (token index, rule id) of every construction that matched
    for sent in sentences(doc).spans:
        if sent.start > 0 and "\n" in text[max(0, sent.start_char - 2): sent.start_char]:
            paragraph_start_token = sent.start
            paragraph_number += 1
        sentence_text = sent.text
        if sentence_text.lstrip().startswith(("—", "–", "-")):  # an interviewer's question
            continue
        sentence_lower = sentence_text.lower()
        previous = [e for e in events if e.paragraph == paragraph_number]
        consumed: set[int] = set()
        orphans: list[tuple[Token, str, str, list[str]]] = []
        found_here: list[EventCandidate] = []
        places = [t.i for t in sent if t.ent_type_ in {"GPE", "LOC", "FAC"} and t.i not in index.by_token
                  or (t.i in index.by_token and t.dep_ == "pobj" and t.head.lower_ in {"in", "near", "at"}
                      and index.by_token[t.i].startswith("state."))]

        def emit(token: Token, kind: str, sources: list, targets: list, modality: str, rules: list[str]) -> None:
            targets = [t for t in targets if t not in sources]
            for source in sources or [None]:
                for target in targets or [None]:
                    if source != target or source is None:
                        found_here.append(EventCandidate(
                            type=kind, trigger=token.i, source=source, target=target, modality=modality,
                            sentence=(sent.start_char, sent.end_char), paragraph=paragraph_number,
                            mode=_keyword(sentence_lower, lex.modes.get(kind, {})),
                            context=_keyword(sentence_lower, lex.contexts), place_tokens=places,
                            place_is_object=_acts_on_place(token, places),
                            standing=_keeps_standing(token, kind, lex), rules=list(rules)))

        for token in sent:
            if token.i in consumed:
                continue
            kind, noun, rule = _trigger(token, lex)
            # constructions are tried only where an event can be: at an event word, or where a rule
            # may give a word its type
            hits = rules_matcher.at(token) if kind is not None or rules_matcher.could_type(token) else []
            fired += [(token.i, hit.rule.id) for hit in hits]
            refusal = next((hit for hit in hits if "suppress" in hit.rule.effect), None)
            if refusal is not None:
                refused.append((token.i, refusal.rule.id, refusal.rule.effect["suppress"]))
                continue
            typed = next((hit for hit in hits if "type" in hit.rule.effect), None)
            if typed is not None:  # a construction gives the word its type, or another sense of it
                kind, rule = typed.rule.effect["type"], None
                # its other words ("scuttled the talks") are part of it, unless the rule keeps them
                consumed.update(i for name, i in typed.nodes.items() if name != typed.rule.effect.get("keeps"))
            if kind is None:
                if token.pos_ == "VERB":
                    demand = _demand(token, index, paragraph_start_token, previous)
                    asked = _subject(token, index, paragraph_start_token, previous)[0] if demand else []
                    if demand and demand[0] and asked:  # "X decided that Y must pay more"
                        emit(token, "REQUEST", demand[0], asked, "asserted", ["decision.demands"])
                continue
            rules = [rule] if rule else []
            rules += [hit.rule.id for hit in hits]
            if noun is not None:
                consumed.add(noun.i)
            sources, targets = (_prefer_named(x) for x in _roles(token, noun, index, paragraph_start_token,
                                                                 previous, lex))
            if not sources and token.tag_ == "VBG" and token.dep_ in {"pcomp", "pobj"}:
                doers = _gerund_doers(token, index)
                if doers:
                    sources, targets = doers, [t for t in targets if t not in doers]
                    rules.append("gerund.by-names-doer")
                elif token.head.lower_ in ADVERBIAL_PREPS and token.head.head.pos_ in {"VERB", "AUX"}:
                    # "since taking over Kabul, the Taliban have ...": the clause's subject did it
                    doers = [a for a in _subject(token.head.head, index, paragraph_start_token, previous)[0]
                             if a not in targets]
                    if doers:
                        sources = doers
                        rules.append("gerund.adverbial-takes-main-subject")
            if kind == "COERCE" and _takes_power(token) and sources and all(a.startswith("state.") for a in sources):
                # a state does not seize power: a pronoun read as one means the group named nearest
                # before it ("Russia deepened its ties with the group since it returned to power"), else
                # the reading is doubtful
                pronoun = any(c.dep_ in SUBJECTS and c.lower_ in {"it", "they"} for c in token.children)
                groups = [a for a in index.before(token.i, sentences(doc).of(token.i).start)
                          if not a.startswith(("state.", "generic:")) and index.types.get(a) not in {"person", "media"}]
                if not pronoun or not groups:
                    refused.append((token.i, "power.not-seized-by-a-state", "a state read as seizing power"))
                    continue
                sources = groups[:1]
                rules.append("power.pronoun-is-the-group")
            if kind == "COERCE" and sources and not targets and _takes_power(token):
                # "the Taliban seized power": over the state they are based in
                home = [h for h in (home_state(index.registry, a) for a in sources if index.registry is not None)
                        if h and h not in sources]
                if home:
                    targets = home[:1]
                    rules.append("power.seized-over-home-state")
            for hit in hits:  # a construction's own roles replace those the argument structure found
                for role in ("source", "target"):
                    if hit.rule.effect.get(role) in hit.nodes:
                        node = doc[hit.nodes[hit.rule.effect[role]]]
                        found = _np_actors(node, index) or _capital_state(node, index) or _demonym_state(node, index)
                        if role == "source":
                            sources = found
                        else:
                            targets = found
                if hit.rule.effect.get("absorbs") in hit.nodes:
                    consumed.add(hit.nodes[hit.rule.effect["absorbs"]])
                if hit.rule.effect.get("no_target"):
                    targets = []
                if hit.rule.effect.get("no_source"):
                    sources = []
            if kind == "MOBILIZE" and _reinforces_anothers_forces(token, sources, index):
                kind = "AID"  # "strengthening the Tajik armed forces": building up someone else's army
                rules.append("reinforcing.aids")
            position = bisect_right(quote_starts, token.idx) - 1
            in_quote = position >= 0 and quotes[position][0] <= token.idx < quotes[position][1]
            modality = "denied" if token.lemma_.lower() in DENY and kind == "REJECT" else _modality(token, sentence_text, in_quote)
            if modality == "claimed" and in_quote and kind in SPEECH_ACTS and _said_in_the_first_person(token):
                modality = "asserted"  # "'We warn them,' he said": saying it is the warning
                rules.append("speech-act.first-person")
            modality = next((hit.rule.effect["modality"] for hit in hits if "modality" in hit.rule.effect), modality)
            if not sources and not targets:
                orphans.append((token, kind, modality, rules))
                continue
            if not sources and kind == "ASSAULT" and token.pos_ == "VERB" and not _agent(token, index):
                # "three guards were killed following an attack by X", "civilians were killed in army
                # airstrikes": the attack named beside the casualties says who did it, and is this event
                attack = _attack_beside(token, lex)
                if attack is not None:
                    attack_sources, attack_targets = _roles(attack, None, index, paragraph_start_token, previous, lex)
                    attackers = _prefer_named(attack_sources or _gerund_doers(attack, index))
                    if not attackers and _reciprocal(attack, lex):  # "killed in clashes with X": X fought them
                        attackers = _prefer_named(attack_targets)
                    if attackers:
                        sources = attackers
                        consumed.add(attack.i)
                        rules.append("casualties.attack-beside-names-doer")
            if not sources and kind in OFFICIAL_ACTS and _passive(token) and not _agent(token, index):
                # "the envoy was summoned to the ministry, the foreign office said": who reports a
                # state's own official act in the passive is the state that did it
                speaker = [a for a in _speaker(token, index) if not _generic(a) and a not in targets]
                if speaker:
                    sources = speaker[:1]
                    rules.append("passive.reporting-authority-acts")
            if not sources and modality == "denied":  # "the group denied that any meeting happened"
                sources = _denier(token, index, paragraph_start_token, previous)
                rules.append("denial.denier-acts")
            if modality == "negated" and _says_it_did_not(token, sources, index):
                modality = "denied"  # "neither have we contacted anyone", in the group's own statement
                rules.append("denial.own-statement")
            if not sources and token.pos_ == "NOUN" and kind in COOPERATIVE_ACTS | {"AGREE"}:
                continue  # "closer ties with X" names a prospect, not something someone did
            targets = [t for t in targets if t not in sources]  # "X and Y agreed on flights between X and Y"
            named_sources = [a for a in sources if not _generic(a)]
            if len(named_sources) > 1 and not any(not _generic(t) for t in targets) and kind in JOINT:
                # "Chile and Peru signed an accord": the parties are each other's counterpart
                sources, targets = named_sources[:1], named_sources[1:]
                rules.append("joint.parties-counterparts")
            if kind == "REQUEST" and not any(not _generic(t) for t in targets) and token.pos_ == "VERB":
                # "called upon the Afghan government to act", "urged that Kenya withdraw": the one asked is
                # the subject of what is asked
                asked = [a for clause in token.children if clause.dep_ in {"ccomp", "xcomp", "advcl"}
                         for subject in clause.children if subject.dep_ == "nsubj"
                         for a in _np_actors(subject, index) if a not in sources]
                if asked:
                    targets = asked
                    rules.append("request.asked-is-subject-of-the-act")
            if kind == "THREATEN" and not any(not _generic(t) for t in targets) and token.pos_ == "VERB":
                # "threatened to strike unless Israel rescinded ...": the threat is made at whoever must act
                warned = [a for node in token.subtree if node.dep_ == "advcl"
                          and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in node.children)
                          for subject in node.children if subject.dep_ in SUBJECTS
                          for a in _np_actors(subject, index) if a not in sources]
                if warned:
                    targets = warned[:1]
                    rules.append("threat.made-at-the-condition")
            both_ways = _reciprocal(token, lex) or (kind == "RETREAT" and len(named_sources) > 1)
            if both_ways and len(named_sources) > 1 and not any(not _generic(t) for t in targets) \
                    and kind not in JOINT:
                # "X and Y accused each other": each accused the other; "X and Y agreed to cease their
                # hostilities", "X and Y pulled back their troops": each withdraws from the other
                sources, targets = named_sources[:1], named_sources[1:]
            no_one = token.pos_ == "VERB" and _with_no_one_in_particular(token)
            if no_one and not targets:
                rules.append("counterpart.no-one-in-particular")  # nor may a sentence's setting stand in
            if not any(not _generic(t) for t in targets) and kind in IMPLIED_COUNTERPART \
                    and token.pos_ == "VERB" and not no_one \
                    and not any(hit.rule.effect.get("no_target") for hit in hits):
                implied = _fallback_target(kind, sources, previous + found_here, index, token, paragraph_start_token)
                if implied:
                    targets = implied
                    rules.append("counterpart.implied")
            act_starts = len(found_here)
            emit(token, kind, sources, targets, modality, rules)
            if both_ways and kind not in SYMMETRIC and sources and targets:
                emit(token, kind, targets, sources, modality, rules + ["reciprocal.both-ways"])
            # PLOVER codes a stated intention as its own event: committing to a cooperative act is
            # AGREE, announcing a hostile one is THREATEN, refusing one is REJECT, asking another for one
            # is REQUEST. What is said is what happened now: it comes before the act it speaks of.

            def said_first(said_kind: str, said_sources: list, said_targets: list, rule: str) -> None:
                said_starts = len(found_here)
                emit(token, said_kind, said_sources, said_targets, "asserted", rules + [rule])
                found_here[act_starts:] = found_here[said_starts:] + found_here[act_starts:said_starts]

            speaker = _speaker(token, index)
            # the doer's own words: said by it, or by one of its people ("Portugal will ..., its president said")
            own_words = not speaker or set(speaker) & set(sources) or (index.registry is not None and any(
                index.registry.by_country.get(index.countries.get(person) or "") in sources for person in speaker))
            if modality in {"planned", "hypothetical", "claimed"} and _states_intent(token) and own_words:
                # a plain "will" commits only where someone says it ("Iraq said it would allow"), not
                # where a report gives a schedule ("the two sides will meet in Termez")
                # a plain "will give", "will allow", "will cooperate", "will support" commits to it
                if kind in COOPERATIVE_ACTS and not UNLESS.search(sentence_text) \
                        and _states_intent(token, bare_future=_reported_speech(token) or kind in {"AID", "CONCEDE", "COOPERATE", "SUPPORT"}):
                    said_first("AGREE", sources, targets, "intent.cooperative-agrees")
                elif (kind in COERCIVE_ACTS or (kind in COOPERATIVE_ACTS and UNLESS.search(sentence_text))) \
                        and not _the_condition(token):
                    # "will withdraw unless ..." (not what the condition asks: "... unless Israel rescinds it")
                    said_first("THREATEN", sources, targets, "intent.coercive-threatens")
            elif kind in COERCIVE_ACTS and modality == "hypothetical" and own_words and CONDITION.search(sentence_text) \
                    and not _the_condition(token):
                # "may halt mediation if ..."
                said_first("THREATEN", sources, targets, "intent.conditional-threatens")
            if modality == "negated" and kind in COOPERATIVE_ACTS | {"AGREE"} and own_words:
                # "will not accept", "failed to agree"
                said_first("REJECT", sources, targets, "refusal.rejects")
            # "X said Y must do Z": a demand, X asking Y
            demand = _demand(token, index, paragraph_start_token, previous)
            if demand and sources:  # (a demand made of no one named says little: "the summit should help")
                said_first("REQUEST", demand[0], sources, "demand.requests")
        # "At X's talks with Y, it was decided ...": an event with no actors of its own
        # belongs to the parties of the other event in its sentence
        parties = found_here[0] if found_here else None
        for token, kind, modality, rules in orphans:
            if token.pos_ != "VERB":
                if any(m.start <= token.idx < m.end and m.real for m in named_incidents):
                    # "trade slowed after the Beslan siege": a named incident happened, whatever the
                    # sentence says of trade, and brings its own roles (filled in by the records)
                    emit(token, kind, [], [], "asserted", rules + ["incident.named"])
                continue
            expletive = any(c.dep_ in {"nsubjpass", "expl", "nsubj"} and c.lower_ in {"it", "this"}
                            for c in token.children)
            if parties and expletive:
                emit(token, kind, [parties.source], [parties.target], modality, rules + ["parties.from-sentence"])
            else:  # an event with no named party still codes the sentence; records keep only named ones
                emit(token, kind, [], [], modality, rules)
        events += found_here
    return _dedupe(events)


def _roles(token: Token, noun: Token | None, index: ActorIndex, paragraph_start: int, previous,
           lex: Lexicon) -> tuple[list[str], list[str]]:
    """(sources, targets) of an event word: a noun's modifiers, or a verb's subject and objects."""
    if token.pos_ == "NOUN":
        sources, targets = _nominal_roles(token, index)
        collection = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
        if not sources and collection is not None and collection.dep_ in {"dobj", "nsubjpass"} \
                and (collection.lemma_.lower() in lex.collections
                     or (_an_amount(collection) and collection.head.lemma_.lower() in lex.light_verbs)) \
                and collection.head.pos_ == "VERB":
            # "adopted a package of sanctions", "launched a wave of strikes", "began ten days of drills":
            # who took the package acts
            sources = _subject(collection.head, index, paragraph_start, previous)[0]
        governor = token.head
        if not sources and token.dep_ == "pobj" and governor.lower_ == "of" \
                and governor.head.lemma_.lower() in lex.policy_nouns:
            # "its policy of talks with the rebels": the policy's holder talks
            policy = governor.head
            for child in policy.children:
                if child.dep_ == "poss":
                    sources = (_possessive_actor(child, index) if child.lower_ in PRONOUNS | {"its", "their"}
                               else _np_actors(child, index))
            if not sources and policy.dep_ in {"dobj", "pobj"}:
                verb = policy.head.head if policy.dep_ == "pobj" else policy.head
                if verb.pos_ == "VERB":
                    sources = _subject(verb, index, paragraph_start, previous)[0]
            if not targets:  # "its policy of talks with the rebels": the partner may hang on "policy"
                targets = [a for prep in policy.children if prep.dep_ == "prep" and prep.lower_ in
                           {"with", "toward", "towards", "against", "on"}
                           for pobj in prep.children if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]
            if sources:
                return sources, targets
        # "resumed negotiations", "gave a warm welcome": the verb's doer holds the talks; but in
        # "turned down the invitation" the invitation was someone else's
        if token.dep_ in {"dobj", "nsubjpass"} and governor.pos_ == "VERB":
            if _verb_lemma(governor, lex) in lex.attributing and _pins_an_act(governor, lex):
                # "link the attack to Ukraine": neither the linker's act nor one against Ukraine
                accused = _attributed_to(governor, index)
                return sources, [a for a in targets if a not in accused]
            if _verb_lemma(governor, lex) in lex.evading:
                # "helping it bypass Western sanctions": the sanctions aim at whoever bypasses them
                evaders = _subject(governor, index, paragraph_start, previous)[0]
                return [a for a in sources if a not in evaders], targets or evaders
        inherits = (token.dep_ in {"dobj", "attr", "nsubjpass"} and governor.pos_ == "VERB"
                    and _trigger_type(governor, lex)[0] is None
                    # who fears, foresees or foils an attack is not its doer
                    and _verb_lemma(governor, lex) not in lex.irrealis | lex.foiling | lex.observing) \
            or (token.dep_ == "pobj" and governor.pos_ == "ADP"
                and governor.lower_ in {"on", "for", "during", "at", "after", "in"})
        verb = governor.head if governor.pos_ == "ADP" else governor
        if inherits and verb.pos_ == "VERB" and _verb_lemma(verb, lex) in lex.undergoing:
            # "X suffered losses in clashes with Y": X bears the event, Y (if named) does it
            bearers = _subject(verb, index, paragraph_start, previous)[0]
            if bearers:
                return sources or [a for a in targets if a not in bearers], bearers
            return sources, targets
        if not sources and inherits:
            # "landed in Hanoi on a visit", "began a mediation effort": the doer of the verb
            if verb.pos_ == "VERB":
                sources = _subject(verb, index, paragraph_start, previous)[0]
                if not targets:
                    targets = [a for a in _objects(verb, index, False) if a not in sources]
        return sources, targets
    subject, passive = _subject(token, index, paragraph_start, previous)
    if _verb_lemma(token, lex) in lex.attributing and _pins_an_act(token, lex):
        return subject, [a for a in _attributed_to(token, index) if a not in subject]
    if passive and not subject and lex.verbs.get(_verb_lemma(token, lex)) == "MOBILIZE":
        # "French marines will be sent to Djibouti": the troops are the deploying state's own
        return _objects(token, index, True), [a for a in _objects(token, index, False)]
    if _verb_lemma(token, lex) in lex.characterising and any(c.dep_ == "dobj" for c in token.children):
        # "equated X with Y": X is the one accused ("called upon X to act" characterises no one)
        return subject, [a for c in token.children if c.dep_ == "dobj" for a in _np_actors(c, index)]
    if _verb_lemma(token, lex) in lex.patient_subject and not passive:
        return _oblique_actors(token, index), subject
    if passive is False and any(c.dep_ == "nsubjpass" for c in token.children):
        targets = [a for a in _objects(token, index, False) if a not in subject]
        return subject, targets
    targets = _objects(token, index, passive, hostile=_trigger_type(token, lex)[0] in HOSTILE)
    acts = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.nouns]
    if acts and _trigger_type(token, lex)[0] == "SUPPORT":
        # "backed the NATO-led war in Libya": the ones leading it are backed, not Libya
        targets = [a for act in acts for a in _nominal_roles(act, index)[0] if a not in subject]
    if not targets and token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
        # "lists the group as banned": the one listed is what the ban is on
        targets = [a for c in token.head.children if c.dep_ == "dobj" for a in _np_actors(c, index)
                   if a not in subject]
    if passive and not subject and _verb_lemma(token, lex) in lex.decree:
        # "has been outlawed in Russia since 2003": a ban in a state is that state's
        subject = [a for pobj in token.subtree if pobj.dep_ == "pobj" and pobj.head.lower_ == "in"
                   and not any(t.pos_ == "VERB" for t in pobj.ancestors if t.i != token.i and token in t.ancestors)
                   for a in _np_actors(pobj, index) if a.startswith("state.")]
        targets = [a for a in targets if a not in subject]
    if any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children):
        # "fought with the Taliban against NATO": who is "with" them fights alongside, not against
        allies = [a for c in token.children if c.dep_ == "prep" and c.lower_ == "with"
                  for pobj in c.children if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]
        if allies and len(allies) < len(targets):
            targets = [a for a in targets if a not in allies]
            subject = subject + [a for a in allies if a not in subject]
    if passive:
        if noun is not None:
            targets = [t for t in targets if t not in _np_actors(noun, index)] or _nominal_roles(noun, index)[1]
        return subject, targets
    if noun is not None and not targets:
        targets = _nominal_roles(noun, index)[1]
    if not targets and _verb_lemma(token, lex) in lex.commitment and _trigger_type(token, lex)[0] == "THREATEN":
        # "vowed to expel Tajik citizens": the threatened are those the act would strike
        for clause in _infinitives(token):
            targets = [a for a in _objects(clause, index, False, hostile=True) if a not in subject]
            if targets:
                break
    return subject, targets


def _nominal_roles(noun: Token, index: ActorIndex) -> tuple[list[str], list[str]]:
    kind_of_noun = lexicon().nouns.get(noun.lemma_.lower())
    """"the rebel offensive on Aleppo", "the seizure of the port by militants", "talks with X"."""
    sources: list[str] = []
    targets: list[str] = []
    for child in noun.children:
        leader = _led_by(child, index)
        if leader:  # "the U.S.-led invasion", "the US-led fight": the one who leads it does it
            sources.append(leader)
        elif child.dep_ in {"amod", "poss"} and child.i not in index.by_token and index.registry is not None \
                and child.text[:1].isupper() and index.registry.state_for_demonym(child.text):
            # "Israeli bombardment", "the Spaniard's support"
            state = index.registry.state_for_demonym(child.text)
            if kind_of_noun in FORCIBLE or child.dep_ == "poss":
                # "Israeli bombardment", "Russian airstrikes": the state's forces; "the Spaniard's support":
                # one of its people acting for it
                sources.append(state)
            else:  # "Kenyan riots": unnamed people of that state
                sources.append(f"generic:people:{state[6:].upper()}")
        elif child.dep_ == "poss" and child.lower_ in {"its", "their", "his", "her", "our", "my"}:
            sources += _possessive_actor(child, index)  # "as the militia did with its raid"
        elif child.dep_ in {"compound", "poss", "amod", "nmod"} and child.i in index.by_token \
                and _against(child):
            targets.append(index.by_token[child.i])  # "anti-Maduro protests": against Maduro
        elif child.dep_ in {"compound", "poss", "amod", "nmod"} and child.i in index.by_token:
            ident = index.by_token[child.i]
            # "the Westgate Mall attack": an unknown organisation before an event noun is where
            # or what, not who
            if index.kinds.get(ident) not in {"organization", "media"}:
                sources.append(ident)
        elif child.dep_ in {"compound", "nmod"} and child.i < noun.i and not sources and any(
                g.dep_ in {"compound", "nmod"} and g.i in index.by_token and not _against(g) for g in child.children):
            # "a Hamas shock attack", "the Taliban spring offensive": the name hangs on the modifier before
            ident = next(index.by_token[g.i] for g in child.children
                         if g.dep_ in {"compound", "nmod"} and g.i in index.by_token)
            if index.kinds.get(ident) not in {"organization", "media"}:
                sources.append(ident)
        elif child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                actors = _np_actors(pobj, index)
                if child.lower_ == "by":
                    sources += actors
                elif child.lower_ == "between" and len(actors) > 1:  # "fighting between X and Y"
                    sources.append(actors[0])
                    targets += actors[1:]
                elif child.lower_ == "of" and kind_of_noun in AGENT_OF | {"ACCUSE"} \
                        and lexicon().nouns.get(pobj.lemma_.lower()) is not None:
                    # "support of the U.S.-led invasion", "condemnation of the Rwandan offensive": those
                    # who do the act are the ones backed or condemned
                    doers = _nominal_roles(pobj, index)[0] or [a for c in pobj.children if (a := _led_by(c, index))]
                    targets += [a for a in doers if not _generic(a)]
                elif child.lower_ == "of" and kind_of_noun in AGENT_OF:
                    sources += actors  # "the requests of outside powers": they ask
                elif child.lower_ in TARGET_PREPS | {"of"}:
                    targets += actors
        elif child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in CLAIM_VERBS:  # "the attack, claimed by ISIS Khorasan"
            sources += _agent(child, index)
    if not targets and kind_of_noun == "ACCUSE":  # "allegations that Kabul was sheltering militants"
        targets += [a for clause in noun.children if clause.dep_ in {"acl", "ccomp"}
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
                    for subject in clause.children if subject.dep_ in {"nsubj", "nsubjpass"}
                    for a in _np_actors(subject, index)]
    if not targets:  # "sanctions aimed at curbing measures against X", "strikes targeting X": whom it is aimed at
        for aim in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in AIMING_VERBS):
            targets += [a for c in aim.children if c.dep_ == "dobj" for a in _np_actors(c, index)]
            targets += [a for t in aim.subtree if t.dep_ == "pobj" and t.head.lower_ in {"at", "against"}
                        and t.head.head.lower_ not in {"by"} for a in _np_actors(t, index)]
    if not targets:  # "a hotline for data exchange with Ankara": the partner hangs lower down
        frontier, hops = [noun], 0
        while frontier and not targets and hops < 3:
            nxt = []
            for node in frontier:
                for prep in node.children:
                    if prep.dep_ == "dobj" and node.pos_ == "VERB":
                        nxt.append(prep)  # "channels for exchanging information with X": through the verb's object
                    if prep.dep_ != "prep" or prep.lower_ == "by":
                        continue
                    for pobj in prep.children:
                        if pobj.dep_ in {"pobj", "pcomp"}:
                            if prep.lower_ in {"with", "to"}:
                                targets += _np_actors(pobj, index)
                            nxt.append(pobj)
            frontier, hops = nxt, hops + 1
    if not sources:  # "the seizure of the city of Mosul by militants": "by" hangs lower down
        node, hops = noun, 0
        while hops < 3:  # follow the noun's own "of" chain only, not other nouns' ("violations by X")
            preps = {c.lower_: c for c in node.children if c.dep_ == "prep"}
            if "by" in preps:
                sources += [a for p in preps["by"].children if p.dep_ == "pobj" for a in _np_actors(p, index)]
                break
            if "of" not in preps:
                break
            objects = [c for c in preps["of"].children if c.dep_ == "pobj"]
            if not objects:
                break
            node, hops = objects[0], hops + 1
    return list(dict.fromkeys(sources)), list(dict.fromkeys(targets))


def _led_by(modifier: Token, index: ActorIndex) -> str | None:
    """The actor an "X-led" modifier names: one token ("U.S.-led") or three ("US - led")."""
    if modifier.dep_ not in {"amod", "compound", "nmod", "nummod"}:  # (the tagger takes "U.S.-led" for anything)
        return None
    if modifier.lower_.endswith("-led") and index.registry is not None:
        return index.registry.lookup(modifier.text[:-4]) or (
            index.registry.state_for_demonym(modifier.text[:-4]))  # "Saudi-led", "Russian-led"
    if modifier.lower_ == "led":
        for child in modifier.children:
            if child.i in index.by_token and not index.by_token[child.i].startswith("generic:"):
                return index.by_token[child.i]
            if child.text[:1].isupper() and index.registry is not None:
                state = index.registry.state_for_demonym(child.text)  # "Saudi - led"
                if state:
                    return state
    return None


def _leader(noun: Token, index: ActorIndex) -> str | None:
    """Who leads what a noun names, by an "X-led" modifier ("the Saudi-led coalition")."""
    return next((leader for leader in (_led_by(child, index) for child in noun.children) if leader), None)


def _possessive_actor(token: Token, index: ActorIndex, exclude: frozenset[str] = frozenset()) -> list[str]:
    """The nearest fitting actor before a possessive pronoun in the same sentence (other than `exclude`)."""
    if token.lower_ in FIRST_PERSON:  # "our country", in the words of whoever is quoted
        speaker = index.speaker_at(token.idx)
        return [speaker] if speaker else []
    people = token.lower_ in {"his", "her"}
    doc, lower = token.doc, sentences(token.doc).of(token.i).start
    fitting = []  # (actor, the grammatical role of its mention), nearest first
    for position in range(bisect_right(index.starts, token.i - 1) - 1, -1, -1):
        start, actor = index.order[position]
        if start < lower:
            break
        if (index.types.get(actor) == "person") == people and not _generic(actor) and actor not in exclude:
            fitting.append((actor, _mention_head(doc[start], actor, index).dep_))
    # a subject or possessor before it over a nearer place or object: "Ankara's aid to the rebels
    # pushed the militia out of Idlib, and its aid to the army ...": its is Ankara's
    for actor, role in fitting:
        if role in {"nsubj", "nsubjpass", "poss"}:
            return [actor]
    return [fitting[0][0]] if fitting else []


def _oblique_actors(verb: Token, index: ActorIndex) -> list[str]:
    """For "soldiers died in battles with X": the actors of with/by phrases anywhere below the verb."""
    found = []
    for token in verb.subtree:
        if token.dep_ == "pobj" and token.head.lower_ in {"with", "by", "from"}:
            found += _np_actors(token, index)
    return list(dict.fromkeys(found))


def _the_condition(token: Token) -> bool:
    """Whether the word lies in an "if" or "unless" clause: what a threat asks for, not what it threatens."""
    node = token
    for _ in range(8):
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _obliged_clause(trigger: Token) -> Token | None:
    """The clause that says its subject must or should act: the event word's own ("Iran must release")
    or that of the predicate it completes ("the US must be ready to mediate")."""
    node = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in node.children):
            return node
        if node.dep_ not in {"xcomp", "acomp"} or node.head.i == node.i:
            return None
        node = node.head
    return None


def _demand(trigger: Token, index: ActorIndex, paragraph_start: int, previous):
    """(speakers, addressees) when the event is something a speaker says another must do: "X said Y
    must do Z", "X issued a reminder to Y that it must do Z"."""
    node = _obliged_clause(trigger)
    if node is None:
        return None
    for _ in range(3):
        if node.dep_ not in {"ccomp", "xcomp", "conj", "acl"} or node.head.i == node.i:
            return None
        if node.dep_ == "acl" and node.head.lemma_.lower() in DEMAND_NOUNS and node.head.head.pos_ == "VERB":
            node = node.head.head  # "issued a reminder that ...", "sent a message that ...": who sent it
            return _subject(node, index, paragraph_start, previous)[0], []
        node = node.head
        if node.lemma_.lower() in SPEECH | {"declare", "demand", "insist", "conclude", "urge", "remind"}:
            speakers = _subject(node, index, paragraph_start, previous)[0]
            return speakers, []
    return None


def _reported_speech(trigger: Token) -> bool:
    """Whether someone says the clause: "Iraq said it would allow ...", "X will allow ..., Y said"."""
    return _governor(trigger, SPEECH) is not None or any(
        c.dep_ in {"parataxis", "ccomp", "advcl", "conj"} and c.lemma_.lower() in SPEECH and c.i > trigger.i
        and any(s.dep_ in SUBJECTS for s in c.children) for c in trigger.children)


def _states_intent(trigger: Token, bare_future: bool = True) -> bool:
    """The event is something its source says it will do (not merely could happen). Without
    `bare_future`, a plain "will" is not enough: "X will meet Y" reports a plan, "X pledged to meet Y"
    and "we will help you" commit to it."""
    words = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "mark"}}
    node = trigger
    for _ in range(3):
        if node.dep_ not in {"xcomp", "advcl", "ccomp", "acl", "pcomp"} or node.head.i == node.i:
            break
        node = node.head
        words |= {node.lemma_.lower(), node.lower_} | {c.lower_ for c in node.children if c.dep_ in {"aux", "acomp"}}
    if not bare_future and not any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in trigger.children):
        words -= FUTURE_AUX | {"would", "going"}
    return bool(words & INTENT)


def _acts_on_place(trigger: Token, places: list[int]) -> bool:
    """"seized Mosul", "the seizure of the city of Mosul", "the offensive on Mosul"."""
    doc = trigger.doc
    for i in places:
        token = doc[i]
        node, hops = token, 0
        while node.head.i != node.i and hops < 4:
            if node.dep_ == "dobj" and node.head == trigger:
                return True
            if node.dep_ == "pobj" and node.head.lower_ in {"of", "on", "against", "into"}:
                node = node.head.head
                hops += 1
                if node == trigger:
                    return True
                continue
            break
    return False


def _generic(ident: str | None) -> bool:
    return bool(ident) and ident.startswith("generic:")


def _prefer_named(actors: list[str]) -> list[str]:
    named = [a for a in actors if not _generic(a)]
    return named or actors


def _governor(trigger: Token, lemmas: set[str], hops: int = 4) -> Token | None:
    """The nearest word above the trigger (within a few hops) whose lemma is one of `lemmas`."""
    node = trigger
    for _ in range(hops):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in lemmas:
            return node
    return None


def _speaker(trigger: Token, index: ActorIndex) -> list[str]:
    """Who reports the event: the subject of the speech verb it depends on."""
    verb = _governor(trigger, SPEECH)
    for child in verb.children if verb is not None else ():
        if child.dep_ in SUBJECTS:
            return _np_actors(child, index)
        if verb.lemma_.lower() == "accord" and child.dep_ == "prep" and child.lower_ == "to":
            return [a for pobj in child.children if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]
        if child.dep_ == "prep" and child.lower_ == "according":  # "were reported, according to NDTV"
            return [a for to in child.children if to.lower_ == "to" for pobj in to.children
                    if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]
    if verb is None:  # "..., according to the ministry": an aside on the clause, not its governor
        root = trigger
        while root.dep_ not in {"ROOT"} and root.head.i != root.i:
            root = root.head
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                return [a for to in child.children if to.lower_ == "to" for pobj in to.children
                        if pobj.dep_ == "pobj" for a in _np_actors(pobj, index)]
    return []


def _denier(trigger: Token, index: ActorIndex, paragraph_start: int, previous) -> list[str]:
    verb = _governor(trigger, DENY)
    return _subject(verb, index, paragraph_start, previous)[0] if verb is not None else []


INDEFINITE = {"anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "one", "no-one"}


def _reciprocal(token: Token, lex: Lexicon) -> bool:
    """Whether the act goes both ways between its parties: "clashed", "exchanged fire", "skirmishes",
    "accused each other", "fought with X", "fighting between X and Y"."""
    lemma = token.lemma_.lower()
    if lemma in lex.reciprocal or (token.pos_ == "NOUN" and _singular(token.lower_) in lex.reciprocal):
        return True
    for child in token.children:
        if child.dep_ in {"dobj", "pobj"} and child.lower_ == "other" \
                and any(c.lower_ == "each" for c in child.children):
            return True  # "accused each other"
        if child.dep_ in {"dobj", "pobj"} and child.lower_ == "another" \
                and any(c.lower_ == "one" for c in child.children):
            return True  # "blamed one another"
        if child.dep_ == "prep" and child.lower_ == "between":
            return True
        if child.dep_ == "prep" and child.lower_ == "with" and lemma in lex.reciprocal_with \
                and not any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children):
            return True  # "fought with X" (but "fought with X against Y" makes X an ally)
    return False


def _with_no_one_in_particular(verb: Token) -> bool:
    """"talked with anyone", "met nobody": the counterpart is said to be no one in particular."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ in INDEFINITE:
            return True
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.lower_ in INDEFINITE for g in child.children):
            return True
    return any(_with_no_one_in_particular(c) for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")


def _fallback_target(kind, sources, previous, index, token, paragraph_start) -> list[str]:
    """A dyadic event whose sentence names only one side: the same kind of event just before
    ("the envoys turned it down ... the rebels also stayed away"), else the nearest other actor."""
    if PARALLEL.search(sentences(token.doc).of(token.i).text):  # "the rebels also stayed away": the same other side as before
        for event in reversed(previous):
            if event.type == kind and event.target and event.target not in sources:
                return [event.target]
    if kind == "REJECT":  # "X accused Y of it, a charge Y denies": a denial answers whoever accused
        for event in reversed(previous):
            if event.type == "ACCUSE" and event.source and event.target in sources and event.source not in sources:
                return [event.source]
    # the nearest actor before, except the subject's own words ("Tajikistan's CSTO representative")
    # and whoever is reporting the event
    excluded = set(sources) | set(_speaker(token, index))
    reporter = _governor(token, SPEECH)
    if reporter is not None:  # "Taliban spokesman X said ...": neither the group nor its spokesman
        excluded |= {index.by_token[t.i] for c in reporter.children if c.dep_ in SUBJECTS
                     for t in c.subtree if t.i in index.by_token}
    subject_tokens = {t.i for c in token.children if c.dep_ in SUBJECTS for t in c.subtree}
    for position in range(bisect_right(index.starts, token.i - 1) - 1, -1, -1):
        start, actor = index.order[position]
        if start < paragraph_start:
            break
        if start in subject_tokens or actor in excluded or _generic(actor):
            continue
        return [actor]
    return []


def _dedupe(events: list[EventCandidate]) -> list[EventCandidate]:
    seen = set()
    unique = []
    for event in events:
        key = (event.sentence, event.type, event.source, event.target)
        if key in seen:
            continue
        seen.add(key)
        unique.append(event)
    return unique


INCIDENTS_KEY = "realpolitik_incidents"


def incident_mentions(doc: Doc, registry) -> list:
    """The named incidents a Doc's text mentions, found once per Doc (events and records both ask)."""
    found = doc.user_data.get(INCIDENTS_KEY)
    if found is None:
        found = doc.user_data[INCIDENTS_KEY] = registry.incidents().find(text_of(doc)) if registry is not None else []
    return found


class EventFinder:
    def __init__(self):
        self.registry = None

    def set_registry(self, registry) -> None:
        self.registry = registry

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc, self.registry)
        return doc


@Language.factory("realpolitik_events")
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    return EventFinder()


# --- from candidates to records (pure) ---------------------------------------------------------------

def events_to_records(candidates: list[EventCandidate], doc: Doc, doc_id: str, published: str | None,
                      locate=None, state_of=None, keep_generic: bool = False, country_of=None,
                      incidents: list | None = None, incident_actor=None, incident_place=None) -> list[Event]:
    """Dates normalised against the publication date, places geoparsed by `locate(tokens)`;
    `state_of(iso3)` gives the state actor a captured place belongs to. `incidents` are the named
    incidents mentioned in the text (`IncidentMention`s): an event word inside one takes the
    incident's date and place, and its known roles; `incident_actor(name)` and
    `incident_place(incident)` resolve those."""
    lex = lexicon()
    records: list[Event] = []
    incident_events: set[str] = set()  # incidents already reported by an event of this document
    home = {m.actor: m.country for m in doc._.actor_mentions or () if m.actor and m.country}
    text = text_of(doc)
    last_date: ResolvedDate | None = None
    dated: dict[tuple[int, int], ResolvedDate | None] = {}
    paragraph_dates: dict[int, ResolvedDate] = {}
    seen: set[str] = set()
    carried: dict[tuple[int, int], ResolvedDate] = {}  # the last date an earlier sentence of the paragraph gave
    paragraph_last: ResolvedDate | None = None
    for sent in sentences(doc).spans:
        if sent.start > 0 and "\n" in text[max(0, sent.start_char - 2): sent.start_char]:
            paragraph_last = None  # a new paragraph
        resolved = resolve_in_sentence(sent.text, published, last_date)
        if resolved and resolved.precision != "year":
            last_date = resolved  # what "the same day" refers back to
        dated[(sent.start_char, sent.end_char)] = resolved
        if paragraph_last is not None:
            carried[(sent.start_char, sent.end_char)] = paragraph_last  # (ERA_MARK: an undated era goes on)
        if resolved is not None and resolved.method != "since":  # "since 2003" lasts to now: not carried on
            paragraph_last = resolved
        elif resolved is None and (names_an_era(sent.text) or LONG_AFTER.search(sent.text)):
            paragraph_last = ERA_MARK  # "during the civil war in the 1990s, ...": the story moved to another time
        elif resolved is None and paragraph_last is ERA_MARK and NOW.search(sent.text):
            paragraph_last = None  # "In Soviet times, ... Currently, ...": back to the time of writing
    for event in candidates:
        resolved = dated.get(event.sentence)
        if resolved is not None and resolved.method == "since" and event.type in SPEECH_ACTS:
            # "condemned it as the eighth launch since September": saying is done now, not when a
            # stretch of time began
            resolved = None
        # "in the Obama era, NATO moved supplies": undated history, neither the paragraph's time nor the
        # paper's day; so is an act a sentence judges ("praised the troops for fighting in Afghanistan")
        sentence_text = text[event.sentence[0]:event.sentence[1]]
        in_an_era = resolved is None and (carried.get(event.sentence) is ERA_MARK or names_an_era(sentence_text)
                                          or LONG_AFTER.search(sentence_text) is not None
                                          or _judged_act(doc[event.trigger])
                                          or _around_an_old_incident(text, event.sentence, incidents, published))
        # "the talks came a week after the Taliban seized Kunduz": timed by another event, not by the
        # paragraph's last date (an aside "signed in 2012" before it); near the time of writing
        relative = resolved is None and RELATIVE_EVENT.search(sentence_text) is not None
        if resolved is None and not in_an_era and not relative and not _present_tense(doc[event.trigger]):
            # an undated sentence goes on in the time its paragraph last gave ("held in February 2019.
            # At the event, ..."); one in the present ("the Kremlin has promised") speaks of the time of writing
            resolved = carried.get(event.sentence) or paragraph_dates.get(event.paragraph)
        if resolved is None and published and not in_an_era:
            value = published[:7] if relative else published  # "a week after": the month, not the day
            resolved = ResolvedDate(value, "day" if len(value) == 10 else
                                    "month" if len(value) == 7 else "year", "publication")
        if resolved and resolved.method not in {"publication", "since"}:
            paragraph_dates.setdefault(event.paragraph, resolved)
        location = locate(doc, event.place_tokens, event.trigger) if locate else None
        source, target = event.source, event.target
        rules = list(event.rules)
        trigger = doc[event.trigger]
        # the incident named by the event word, or by the noun a light verb carries ("carrying out the attack on X")
        words = [trigger] + ([c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
                             if _verb_lemma(trigger, lex) in lex.light_verbs else [])
        incident = next((m.incident for m in incidents or () for word in words if m.start <= word.idx < m.end), None)
        if incident is not None:
            resolved = ResolvedDate(incident.date, incident.precision, "incident")
            location = (incident_place(incident) if incident_place else None) or location
            if incident.type == event.type:
                if incident.name in incident_events:
                    continue  # one incident, one event, however often the article names it
                incident_events.add(incident.name)
                known_source = incident_actor(incident.source) if incident_actor and incident.source else None
                known_target = incident_actor(incident.target) if incident_actor and incident.target else None
                source, target = known_source or source, known_target or target
                rules.append("incident.known-roles")
        if target is None and location and state_of and event.type in {"ASSAULT", "COERCE"} \
                and event.place_is_object:
            target = state_of(location.country)  # "the seizure of Mosul": against the state it lies in
            rules.append("place.seized-state-is-target")
        if target is None and location and state_of and event.type == "ASSAULT" and source \
                and not source.startswith(("state.", "generic:")) and location.kind != "country":
            # a group's attack in a town of a state ("its attack in Moscow") strikes that state
            target = state_of(location.country)
            rules.append("place.group-attack-strikes-state")
        if source is None and location and state_of and event.type in {"CONSULT", "AGREE"} \
                and trigger.lemma_.lower() in {"hold", "host", "convene", "take"} and location.kind != "country" \
                and _passive(trigger):
            # (only "talks were held in X": a town names the host; a country named with talks is as
            # often their topic, and a place elsewhere in the sentence another act's)
            source = state_of(location.country)  # "talks were held in Moscow": the host takes part
            rules.append("place.host-takes-part")
        if keep_generic and target is None and location and state_of and location.country:
            # sentence coding: "lifted the curfew in Cizre", "a rally in Lagos", "suspended aid deliveries in
            # Baghdad": an act done in a place and at no one named falls on the state it is in, as PLOVER
            # codes single sentences. Not in the store: in an article a place is as often where a ban holds
            # ("banned in Russia") or where talks sit ("in Geneva"), and the counterpart is named elsewhere
            located = state_of(location.country)
            if located and located != source:  # (a leader's curfew in his own town falls on his own people)
                target = located
                rules.append("place.located-act-falls-on-state")
        if source == target:
            source = event.source
        if not keep_generic and source and target and state_of and target.startswith("state.") and source != target \
                and state_of(home.get(source) or (country_of(source) if country_of else None) or "") == target:
            continue  # "Ukraine's president met his counterparts": no one acts on their own state so
        if not keep_generic and state_of:  # "the Iranian ambassador", "three Chinese citizens": their state
            state_source, state_target = _state_of_generic(source, "source", state_of), \
                _state_of_generic(target, "target", state_of)
            if state_source or state_target:
                rules.append("generic.stands-for-state")
            source, target = state_source or source, state_target or target
            if source and source == target:
                target = None  # "the junta's airstrikes killed civilians": a state against its own people
        if not keep_generic:
            source = None if source and source.startswith("generic:") else source
            target = None if target and target.startswith("generic:") else target
            if source is None and target is None:
                continue
            if source is None and event.type not in MATERIAL_CONFLICT:
                # "talks were planned", "was asked to leave": an act with no one doing it says little and
                # is most often misread; harm done to a named victim by unknown hands ("three Chinese
                # citizens were killed") is news in itself, and kept
                continue
        modality = event.modality
        if modality == "asserted" and in_an_era and incident is None:
            modality = "historical"
            rules.append("time.undated-era-is-history")
        if modality == "asserted" and resolved and published \
                and resolved.method in {"explicit", "since", "incident"} \
                and int(resolved.value[:4]) <= int(published[:4]) - 3:
            modality = "historical"
            rules.append("time.years-before-is-history")
        start, end = event.sentence
        ident = stable_id(doc_id, start, end, event.type, source, target, event.trigger)
        if ident in seen:
            continue
        seen.add(ident)
        records.append(Event(
            id=ident,
            span=Span(doc_id, start, end), type=event.type, source=source, target=target,
            modality=modality, mode=event.mode, context=event.context,
            date=resolved.value if resolved else None, date_precision=resolved.precision if resolved else None,
            date_method=resolved.method if resolved else None, location=location,
            text=text[start:end].strip(), trigger=doc[event.trigger].text, standing=event.standing,
            rules=rules, confidence=confidence(event, source, target, modality, rules, doc)))
    return _completed(records)


def _completed(records: list[Event]) -> list[Event]:
    """Without the events a fuller one of the same sentence completes: "airstrikes on Idlib killed nine"
    gives Russia -> Syria from the noun, and the verb's Russia -> (no one named) says nothing more. The
    fuller event takes the place of the first that it completes."""
    fuller: dict[tuple, Event] = {}
    for event in records:
        if event.source and event.target:
            fuller.setdefault((event.span, event.type, "source", event.source), event)
            fuller.setdefault((event.span, event.type, "target", event.target), event)
    kept, placed = [], set()
    for event in records:
        if event.target is None or event.source is None:
            role, actor = ("source", event.source) if event.target is None else ("target", event.target)
            complete = fuller.get((event.span, event.type, role, actor)) if actor else None
            if complete is not None:
                event = complete
        if event.id not in placed:
            placed.add(event.id)
            kept.append(event)
    return kept


@lru_cache(maxsize=2)
def _stand_for_state(role: str) -> frozenset[str]:
    """Unnamed participants that stand for their state in a role (`state_agents`, and as a target
    `state_people`, in actor_phrases.yaml)."""
    return frozenset(phrases()["state_agents"] | (phrases()["state_people"] if role == "target" else set()))


def _state_of_generic(ident: str | None, role: str, state_of) -> str | None:
    """The state an unnamed participant acts for or belongs to (`state_agents`, and as a target
    `state_people` in actor_phrases.yaml), or None."""
    if not ident or not ident.startswith("generic:"):
        return None
    _, noun, country = ident.split(":", 2)
    if not country:
        return None
    stands = _stand_for_state(role)
    if role == "target" and noun not in stands:
        # "1,400 Israelis were killed": a people named by its demonym is its state's, as a target
        from realpolitik.resolve.registry import load_registry

        state = state_of(country)
        return state if state and load_registry().state_for_demonym(noun) == state else None
    return state_of(country) if noun in stands else None


def confidence(event: EventCandidate, source: str | None, target: str | None, modality: str, rules: list[str],
               doc: Doc) -> float:
    """How sure the event is (`extract/confidence.py`): its parties named in its own sentence or read
    from elsewhere, its trigger a verb or a noun, its modality, the rules that guessed."""
    start, end = event.sentence
    cached = doc.user_data.get("realpolitik_confidence")
    if cached is None:  # once per document: mentions in order, and the organisations the text made
        mentions = sorted((m for m in doc._.actor_mentions or () if m.actor), key=lambda m: m.start)
        cached = doc.user_data["realpolitik_confidence"] = (
            [m.start for m in mentions], [m.actor for m in mentions],
            {m.actor for m in mentions if m.kind == "organization"})
    starts, actors, from_text = cached
    named = set(actors[bisect_left(starts, start):bisect_left(starts, end)])
    trigger = doc[event.trigger]
    evidence = confidence_evidence(event.type, source, target, modality, rules, trigger.pos_ in {"NOUN", "PROPN"},
                                   named, bool({source, target} & from_text))
    return confidence_score(evidence)[0]


def _said_in_the_first_person(verb: Token) -> bool:
    """A quoted "we"/"I" doing, in the present, what saying does ("we warn you", "I demand")."""
    return verb.pos_ == "VERB" and _present_tense(verb) \
        and any(c.dep_ == "nsubj" and c.lower_ in {"we", "i"} for c in verb.children) \
        and not any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "would", "have", "has"}
                    for c in verb.children)


NOW = re.compile(r"\b(?:currently|now|today|nowadays|at present|these days)\b", re.I)
ERA_MARK = ResolvedDate("era", None, "era")  # carried on where a sentence moved the story to an undated time
# "long after the two leaders fell out", "years before the war": a time far from the article's and
# from any date given, so the act is undated history
LONG_AFTER = re.compile(r"\b(?:long|years|decades|well|many years|a decade)\s+(?:after|before)\b", re.I)
RELATIVE_EVENT = re.compile(r"\b(?:(?:a|an|one|two|three|four|five|six|\d+|few|several)\s+)?"
                            r"(?:hours?|days?|weeks?|months?)\s+(?:after|before)\b"
                            r"|\b(?:shortly|soon|just|immediately|right)\s+(?:after|before)\b", re.I)
RELATIVE_TO = re.compile(r"\b(?:before|after|until|till|prior to|following|in the wake of)\s+(?:the\s+)?$", re.I)


def _around_an_old_incident(text: str, sentence: tuple[int, int], incidents, published: str | None) -> bool:
    """Whether the sentence places its act before or after a named incident of years before the
    article ("already before the Soviet Union broke up, Moscow held talks"): a time without a year
    of its own, history rather than news of the day."""
    for mention in incidents or ():
        if not sentence[0] <= mention.start < sentence[1]:
            continue
        old = published is None or int(mention.incident.date[:4]) <= int(published[:4]) - 3
        if old and RELATIVE_TO.search(text[sentence[0]:mention.start]):
            return True
    return False


def _present_tense(trigger: Token) -> bool:
    """Whether the event's verb is in the present or present perfect ("has promised", "is talking")."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head if trigger.head.pos_ == "VERB" else None
    if verb is None:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if auxiliaries:
        return "Pres" in auxiliaries[0].morph.get("Tense") and auxiliaries[0].lower_ not in {"will", "would"}
    return "Pres" in verb.morph.get("Tense") and verb.tag_ in {"VBP", "VBZ"}
