"""Where an event happened, read from its clause: the place a locative phrase ties to the event word
("attacked a checkpoint in Batken", "met in Termez"), its object ("seized Kunduz", "the invasion of
Iraq") or a modifier of the event noun ("the Kabul attack"); the most specific name of the phrase
("in the Dawong area of Shahr-e-Buzurg district" -> Dawong, "in the southwestern province of
Khatlon" -> Khatlon). Names that only qualify someone ("Kabul's envoy", "Iran border guards"), asides
("banned in Russia") and the places of other acts the sentence names ("condemned the attack in Bajaur")
are not the event's. A statement or a meeting with no place of its own was made where the story was
filed (the dateline's city); an act whose sentence names no place takes the one a nearby sentence ties
to the same word ("detained nine people. ... detained in the city of Vahdat"). `core.locate` calls
`location_from_tokens` for every event."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from realpolitik.extract.sentences import dateline_end, dateline_place, sentences, text_of
from realpolitik.records import Location

# prepositions that say where ("across", "along" the border; "off" the coast); "to" only after a move
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "along", "within", "throughout", "around", "on",
            "off", "over", "toward", "towards", "into", "onto", "through", "beyond", "amid", "amidst"}
MOVES = {"visit", "trip", "travel", "send", "arrive", "fly", "come", "go", "return", "deploy", "dispatch", "head",
         "move", "tour"}
# a lower-case noun after (or before "of") a name says it is a place, and how large
LOCAL = {"area", "district", "village", "town", "city", "township", "neighbourhood", "neighborhood", "suburb",
         "county", "municipality", "subdistrict", "locality", "settlement", "commune", "tehsil", "capital",
         "port", "outskirts", "border", "crossing", "base", "camp", "airport", "hamlet", "quarter"}
_NAMED_WITH = {"border", "crossing", "base", "camp", "airport", "port"}  # a name that keeps its designator
REGIONAL = {"province", "region", "oblast", "governorate", "state", "prefecture", "territory", "valley",
            "republic", "emirate", "department"}
DESIGNATORS = LOCAL | REGIONAL
# a name in one of these is part of a place phrase, not a modifier of something else
_PHRASE_DEPS = {"compound", "nmod", "poss", "amod", "appos", "conj", "npadvmod"}
# a name ending in one of these is a place whatever the NER made of it ("Bajaur Agency", "Pale Township")
NAME_ENDINGS = {"province", "district", "region", "oblast", "governorate", "agency", "county", "township",
                "village", "prefecture", "territory", "valley", "area"}
# a place after these belongs to another act, before or after this one ("ahead of talks in Geneva")
TEMPORAL = {"ahead", "before", "after", "following", "since", "until", "till", "prior", "pending"}
# dependents that open another clause: a place inside one is that clause's
_BOUNDARY = {"relcl", "acl", "advcl", "ccomp", "pcomp", "csubj", "csubjpass", "parataxis"}
# verbs of asides that qualify an actor: "(banned in Russia)", "based in Doha"
_ASIDE = {"ban", "outlaw", "prohibit", "proscribe", "designate", "base", "headquarter", "list", "recognize",
          "recognise"}
SAYING = {"say", "tell", "add", "state", "report", "claim", "announce", "quote", "cite", "note", "write"}
# acts done where the story was filed: words and meetings
FILED_TYPES = {"ACCUSE", "REJECT", "REQUEST", "CONSULT", "AGREE", "SUPPORT", "PROTEST", "THREATEN"}
_NOT_NOW = {"historical", "hypothetical", "planned"}
_NEIGHBOURS = 3  # sentences either side searched for the same act's place
_COUNTRY_OBJECT_TYPES = {"ASSAULT", "COERCE", "MOBILIZE"}  # "invaded Iraq"; "accused Iran" is no place
_OBJECT_TYPES = _COUNTRY_OBJECT_TYPES | {"CONSULT", "RETREAT", "AID"}  # "visited Termez", "left Kunduz"


@dataclass
class _Unit:
    start: int  # token span of the name
    end: int
    name: str
    label: str  # NER label, "state" (a state's mention), "actor" (another actor's), "designated", "known"
    scale: str | None  # "local" or "regional" where a designator says so


def location_from_tokens(doc: Doc, tokens: list[int], trigger: int, gazetteer) -> Location | None:
    """Where the event whose word is `trigger` happened (see the module docstring), read in the light of
    the states its own sentence names, then of those the document names (Kant in a story about
    Kyrgyzstan is the Kyrgyz Kant; "Kant, near Bishkek" is, even in a story that also names India).
    `tokens` (the sentence's place tokens, as the event finder saw them) are no longer needed: the
    sentence is read here."""
    state = _state(doc)
    word = doc[trigger]
    sentence = sentences(doc).of(trigger)
    found = _in_sentence(doc, state, sentence, word, gazetteer, everywhere=True)
    if found is not None and found[0] < 2:
        return found[1]
    governed = {c.lemma_.lower() for c in word.children if c.dep_ == "xcomp"} - SAYING
    if governed:  # "agreed to sign a treaty. The treaty will be signed in Khujand"
        later = _from_neighbours(doc, state, sentence, governed, gazetteer)
        if later is not None:
            return later
    events = state["events"].get(trigger, ())
    if state["filed"] is not None and {e.type for e in events} & FILED_TYPES \
            and not {e.modality for e in events} & _NOT_NOW and not _host_unnamed(word, events) \
            and any(_there(state, e) for e in events):
        return state["filed"]
    if found is not None:
        return found[1]
    return _from_neighbours(doc, state, sentence, {word.lemma_.lower()} - SAYING, gazetteer)


# --- the document ---------------------------------------------------------------------------------

def _state(doc: Doc) -> dict:
    """Once per document: the states it names, its mentions in order, its events by word, its dateline city."""
    cached = doc.user_data.get("realpolitik_event_places")
    if cached is not None:
        return cached
    from realpolitik.resolve.places import context_countries, default_gazetteer

    mentions = sorted(doc._.actor_mentions or (), key=lambda m: m.start)
    events: dict[int, list] = {}
    for event in getattr(doc._, "events", None) or ():
        events.setdefault(event.trigger, []).append(event)
    text = text_of(doc)
    filed = dateline_end(text)
    state = doc.user_data["realpolitik_event_places"] = {
        "context": context_countries(mentions), "mentions": mentions, "starts": [m.start for m in mentions],
        "events": events, "filed_end": filed, "units": {}, "filed": None,
        "countries": {}, "lede": set(), "actor_tokens": set(),
        "designated": set(),
        # read once: Span.ents rebuilds the document's entities on every call, and a token is a new
        # object each time it is read
        "ents": list(doc.ents), "words": {}, "name_tokens": [], "acts": []}
    nouns = _event_nouns()
    for token in doc:
        if token.pos_ in {"VERB", "NOUN"}:
            lemma = token.lemma_.lower()
            state["words"].setdefault(lemma, []).append(token.i)
            if token.pos_ == "NOUN" and nouns.get(lemma):
                state["acts"].append((token.i, nouns[lemma]))  # a noun that names an act
        if _is_designator(token) or token.pos_ == "PROPN":  # where a name the NER missed may stand
            state["name_tokens"].append(token.i)
    state["act_starts"] = [i for i, _ in state["acts"]]
    name = dateline_place(text)
    location = default_gazetteer().lookup(name, state["context"]) if name else None
    if location is not None and location.kind in {"city", "site"}:  # never an outlet ("Shafaq News/")
        shown = name.title() if name.isupper() else name
        state["filed"] = Location(name=shown, country=location.country, lat=location.lat,
                                  lon=location.lon, kind=location.kind)
    for token in doc:  # names the text calls places somewhere ("the Dawong area"), places everywhere in it
        if _is_designator(token):
            start = _name_before(doc, token, 0)
            if start < token.i:
                state["designated"].add(_fold(doc[start:token.i].text))
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            name = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None) if of else None
            if name is not None:
                state["designated"].add(_fold(doc[name.left_edge.i:name.i + 1].text))
    for mention in mentions:  # the words that name actors: a place hung on one is where someone is from
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and mention.actor:
            state["actor_tokens"].update(range(span.start, span.end))
    if filed:
        countries = state["countries"]
        for mention in mentions:
            actor = mention.actor or ""
            country = mention.country or (actor.split(".", 1)[1].upper() if actor.startswith("state.") else None)
            if actor and country:
                countries.setdefault(actor, country)
        lede = next((s for s in sentences(doc).spans if s.end_char > filed), None)
        if lede is not None:
            state["lede"] = {e.source for e in getattr(doc._, "events", None) or ()
                             if lede.start <= e.trigger < lede.end and (e.source or "").startswith("person.")}
    return state


def _there(state: dict, event) -> bool:
    """Whether a party to the event was where the story was filed: one of the dateline's state, or a
    person the first sentence has acting ("HANOI - The U.S. defense secretary on Wednesday accused ...");
    a state's act reported from abroad ("KABUL - Russia's president signed ...") was done at home."""
    country = state["filed"].country
    return any(actor and (state["countries"].get(actor) == country or actor in state["lede"])
               for actor in (event.source, event.target))


def _host_unnamed(word: Token, events: list) -> bool:
    """"talks were held": the place would make its state the host, which the dateline does not say."""
    return word.lemma_.lower() in {"hold", "host", "convene", "take"} and any(e.source is None for e in events)


# --- the names of a sentence ----------------------------------------------------------------------

def _units(doc: Doc, state: dict, sentence, gazetteer) -> dict[int, _Unit]:
    """The names in the sentence that can be places, by token."""
    cached = state["units"].get(sentence.start)
    if cached is not None:
        return cached
    by_token: dict[int, _Unit] = {}
    filed = state["filed_end"]

    def add(start: int, end: int, label: str, scale: str | None = None) -> None:
        if start >= end or doc[start].idx < filed or any(i in by_token for i in range(start, end)):
            return
        name = re.split(r"['’]s\s+", _clean(doc[start:end].text))[-1]  # "Kashmir's Rajouri": Rajouri
        if label == "designated" and end < len(doc) and doc[end].lower_ in _NAMED_WITH:
            name = f"{name} {doc[end].text}"  # "the Tajik-Afghan border"
        if not name or not any(c.isalpha() for c in name):
            return
        span = doc[start:end]
        scale = scale or _scale_after(doc, end - 1, sentence) or (
            ("regional" if span[-1].lower_ in REGIONAL | {"agency"} else "local") if _named_place(span) else None)
        unit = _Unit(start, end, name, label, scale)
        for i in range(start, end):
            by_token[i] = unit

    starts = state["starts"]
    mentions = []
    for mention in state["mentions"][bisect_left(starts, sentence.start_char):
                                     bisect_left(starts, sentence.end_char)]:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            mentions.append((span, (mention.actor or "").startswith("state.")))
    ents = [ent for ent in state["ents"] if sentence.start <= ent.start and ent.end <= sentence.end]
    for n, ent in enumerate(ents):
        end = ent.end
        following = ents[n + 1] if n + 1 < len(ents) else None
        if ent.label_ in {"LOC", "FAC"} and doc[end - 1].lower_ == "of" and following is not None \
                and following.start == end:
            end = following.end  # "the Sea of" + "Japan"
        elif ent.label_ in {"GPE", "LOC"} and following is not None and following.start == end + 1 \
                and doc[end].lower_ in {"and", "&"} and gazetteer.is_place(_clean(doc[ent.start:following.end].text)):
            end = following.end  # "Jammu" and "Kashmir": one state
        inside = [span for span, _ in mentions if span.start < end and ent.start < span.end]
        if ent.label_ in {"GPE", "LOC", "FAC"} and "\n" not in ent.text:
            if any(ent.start >= span.start and end <= span.end for span in inside):
                continue  # the mention says more: a state ("Pakistan condemned") or an actor
            add(ent.start, end, ent.label_)
    for span, of_state in mentions:
        if of_state:
            add(span.start, span.end, "state")
        elif _fold(span.text) in state["designated"]:
            add(span.start, span.end, "designated")  # "met in Dawong" after "the Dawong area"
        elif _scale_after(doc, span.end - 1, sentence) or _designator_of(span.root) or _named_place(span):
            add(span.start, span.end, "actor")  # "the Dawong area", "Bajaur Agency": places taken for groups
    for ent in ents:
        if ent.label_ in {"ORG", "PERSON", "NORP"} and _fold(ent.text) in state["designated"]:
            add(ent.start, ent.end, "designated")
        elif ent.label_ in {"ORG", "PERSON", "NORP"} and (_scale_after(doc, ent.end - 1, sentence)
                                                       or _named_place(ent) or gazetteer.is_place(_clean(ent.text))):
            add(ent.start, ent.end, "known")
    for i in state["name_tokens"][bisect_left(state["name_tokens"], sentence.start):
                                  bisect_left(state["name_tokens"], sentence.end)]:
        token = doc[i]  # names the NER missed before a designator: "Shahr-e-Buzurg district"
        if _is_designator(token):
            start = _name_before(doc, token, sentence.start)
            if start < token.i:
                add(start, token.i, "designated", "local" if token.lower_ in LOCAL else "regional")
        elif token.pos_ == "PROPN" and token.i not in by_token and token.text[:1].isupper() \
                and token.dep_ == "pobj" and token.head.lower_ in LOCATIVE and gazetteer.is_place(token.text):
            add(token.i, token.i + 1, "known")  # "in Vahdat"
    state["units"][sentence.start] = by_token
    return by_token


def _is_designator(token: Token) -> bool:
    return token.lower_ in DESIGNATORS and token.text.islower() and token.pos_ == "NOUN"


def _name_before(doc: Doc, designator: Token, floor: int) -> int:
    """Where the name a designator follows begins (the designator's own index when there is none)."""
    start = designator.i
    while start - 1 >= floor and _in_name(doc[start - 1], designator):
        start -= 1
    while start < designator.i and not doc[start].text[:1].isupper():
        start += 1
    return start


def _fold(text: str) -> str:
    return _clean(text).lower()


def _in_name(token: Token, designator: Token) -> bool:
    """A word of the name a designator follows: "Shahr - e - Buzurg [district]", never "Kashmir 's"."""
    if token.dep_ in {"poss", "case", "det", "punct"} and token.text not in {"-", "‑"}:
        return False
    if token.head != designator and token.head.head != designator and token.head.i <= token.i:
        return False
    return token.text[:1].isupper() or token.text in {"-", "‑"} or (len(token.text) <= 3 and token.is_lower
                                                                    and token.nbor(-1).text in {"-", "‑"})


def _named_place(span) -> bool:
    """"Bajaur Agency", "Pale Township": a name that ends in a word for a place."""
    return len(span) > 1 and span[-1].lower_ in NAME_ENDINGS


def _scale_after(doc: Doc, last: int, sentence) -> str | None:
    """"Badghis province", "Pale Township": the designator right after a name."""
    if last + 1 >= sentence.end:
        return None
    word = doc[last + 1].lower_
    return "local" if word in LOCAL else "regional" if word in REGIONAL else None


def _designator_of(token: Token) -> bool:
    """"the city of Vahdat", "the southwestern province of Khatlon"."""
    return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in DESIGNATORS


def _clean(text: str) -> str:
    text = re.sub(r"(['’]s|['’])$", "", text.strip())
    return re.sub(r"^(?i:the)\s+", "", text).strip(" \t\n,.;:()[]\"“”-")


# --- the event's place in its sentence ------------------------------------------------------------

def _in_sentence(doc: Doc, state: dict, sentence, word: Token, gazetteer, everywhere: bool):
    """(tier, Location) of the best place the sentence gives the event, or None. Tier 0: tied to the
    event word, its object or the verb it is the subject of; 1: to its clause; 1.5: to a clause it
    governs ("agreed to hold talks in Moscow"); 2: elsewhere in the sentence (only when `everywhere`).
    Asked once per word (several events share a word, and neighbours ask again)."""
    key = (word.i, everywhere)
    memo = state.setdefault("memo", {})
    if key not in memo:
        memo[key] = _read_sentence(doc, state, sentence, word, gazetteer, everywhere)
    return memo[key]


def _read_sentence(doc: Doc, state: dict, sentence, word: Token, gazetteer, everywhere: bool):
    units = _units(doc, state, sentence, gazetteer)
    if not units:
        return None
    kinds = {e.type for e in state["events"].get(word.i, ())}
    others = {i for i, events in state["events"].items()
              if i != word.i and sentence.start <= i < sentence.end and {e.type for e in events} - kinds}
    # an act the sentence names though no event came of it ("condemned the attack in X")
    named_acts = state["acts"][bisect_left(state["act_starts"], sentence.start):
                               bisect_left(state["act_starts"], sentence.end)]
    others |= {i for i, kind in named_acts if i != word.i and kind not in kinds}
    phrases: dict[int, list[_Unit]] = {}  # the phrase's top token -> its names
    tiers: dict[int, float] = {}
    for unit in {id(u): u for u in units.values()}.values():
        top, role, anchor = _role(doc[unit.start:unit.end].root, units)
        if role == "other" and top.dep_ == "nsubj" and top.head == word and word.lemma_.lower() == "host":
            role, anchor = "host", word  # "Moscow hosted talks": the host's own city
        if role == "mod" or (unit.label in {"state", "actor", "known"} and role == "other"):
            continue  # "Kabul's envoy", "Pakistan condemned": no place
        if role == "obj" and (unit.label == "state" or not kinds & _OBJECT_TYPES) \
                and not kinds & _COUNTRY_OBJECT_TYPES:
            continue  # "accused Iran", "backing the M23": a party, not a place
        if role == "loc" and unit.label == "state" and top.head.lower_ in {"on", "over"} and top.i in units:
            continue  # "talks on Afghanistan", "a dispute over Ukraine": what it is about
        tier = _tier(word, role, anchor, others, state["actor_tokens"])
        if tier is None or (tier >= 2 and not everywhere):
            continue
        if tier >= 2 and anchor is not None and anchor.lemma_.lower() in _ASIDE:
            continue
        if role not in {"loc", "host"}:
            unit = _Unit(unit.start, unit.end, unit.name, "object", unit.scale)  # only a place the gazetteer knows
        phrases.setdefault(top.i, []).append(unit)
        tiers[top.i] = min(tier, tiers.get(top.i, 9))
    best = None
    for top, names in sorted(phrases.items(), key=lambda item: (tiers[item[0]], abs(item[0] - word.i))):
        location = _best_name(doc, state, sentence, names, gazetteer, attached=tiers[top] < 2)
        if location is not None:
            best = (tiers[top], location)
            break
    return best


def _event_nouns() -> dict[str, str]:
    from realpolitik.extract.events import lexicon

    return lexicon().nouns


def _role(root: Token, units: dict[int, _Unit]) -> tuple[Token, str, Token | None]:
    """(the top of the place phrase, its role, the word the phrase hangs on). Roles: "loc" (a locative
    phrase), "obj" (object of the word: "seized Kunduz", "invasion of Iraq", "the Kabul attack"), "mod"
    (it qualifies another noun: "Iran border guards"), "other"."""
    node = root
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            break
        part_of_place = head.i in units or (head.lower_ in DESIGNATORS and head.text.islower())
        if node.dep_ in _PHRASE_DEPS and part_of_place:
            node = head  # "Kashmir's Rajouri district", "Krasnogorsk, Moscow Region"
            continue
        if node.dep_ == "pobj" and head.lower_ == "of" and (head.head.i in units or head.head.lower_ in DESIGNATORS):
            node = head.head  # "the city of Vahdat", "the Gulf of Aden"
            continue
        if node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in LOCATIVE | {"to"} \
                and (head.head.i in units or (head.head.lower_ in DESIGNATORS and head.head.text.islower())):
            node = head.head  # "along the Line of Control in Jammu": one phrase
            continue
        break
    head = node.head
    if node.dep_ == "pobj" and head.dep_ in {"prep", "agent", "dative"}:
        if head.lower_ in LOCATIVE or (head.lower_ == "to" and head.head.lemma_.lower() in MOVES):
            return node, "loc", head.head
        if head.lower_ in {"of", "against"}:
            return node, "of", head.head
        return node, "other", head.head
    if node.dep_ == "dobj":
        return node, "obj", head
    if node.dep_ in {"compound", "nmod", "poss", "amod"}:
        return node, "mod", head  # the event word's own modifier is told apart in _tier
    return node, "other", head if head.i != node.i else None


def _tier(word: Token, role: str, anchor: Token | None, others: set[int], actors: set[int]) -> float | None:
    if anchor is None:
        return 2
    if role in {"obj", "mod", "of"}:  # "the invasion of Iraq", but "the forces of Iran" is no place
        if anchor == word:
            return 0
        # "the capture of Kunduz, later pushed out by ...": the act the noun's participle tells of
        return 1 if role != "mod" and word.dep_ in {"acl", "relcl"} and word.head == anchor else None
    if role == "host":
        return 0.5  # after a place the clause names ("Russia hosted talks in Sochi")
    if role != "loc":
        return 2
    governors = _governors(word)
    if anchor in governors:
        return 0
    for top in governors:  # "attacked a checkpoint in Batken", "an attack on a ship in the Gulf of Aden"
        path = _path_up(anchor, top)
        if path is not None:
            if any(t.i in others or (t.lower_ in TEMPORAL and t.dep_ in {"prep", "advmod"}) for t in path):
                return None  # the place of another act the clause names ("condemned the attack in X")
            deps = {t.dep_ for t in path}
            if deps & {"nsubj", "nsubjpass", "appos"} or any(t.i in actors for t in path):
                return 2  # "the Taliban's head of mines in Badakhshan accused": where someone is from
            if not deps & _BOUNDARY and "xcomp" not in deps and "conj" not in deps:
                return 0
            if not deps & _BOUNDARY:
                return 1.5 if "xcomp" in deps else 1
            return 2
    path = _path_up(word, anchor)  # the event word sits lower in the clause the place belongs to
    if path is not None:
        if any(t.dep_ in _BOUNDARY and not _purpose(t) and not _participle(t) and not (t == word and t.dep_ == "acl")
               for t in path):
            return 2  # "said in Kabul that X attacked": where it was said
        return 1
    if anchor.i in others:
        return None
    return 2


def _purpose(token: Token) -> bool:
    """"sent a delegation to Jeddah to consult": the purpose is done where the move goes."""
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _participle(token: Token) -> bool:
    """"fired along the border, killing a soldier": the same act, told by its outcome."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and not any(
        c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children)


def _governors(word: Token) -> list[Token]:
    """The event word and the words it completes: "carried out [an attack]", "[the blast] killed",
    "killed in [an attack]"."""
    found = [word]
    node = word
    for _ in range(3):
        head = node.head
        if head.i == node.i or node.dep_ not in {"dobj", "nsubj", "nsubjpass", "pobj", "prep", "attr", "oprd"}:
            break
        if head.lemma_.lower() in SAYING:
            break
        if node.dep_ in {"nsubj", "nsubjpass"} and head.pos_ not in {"VERB", "AUX"}:
            break
        node = head
        if node.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}:
            found.append(node)
        if node.pos_ in {"VERB", "AUX"}:
            break
    return found


def _path_up(low: Token, high: Token) -> list[Token] | None:
    """The tokens from `low` up to (not including) `high`, when `high` is an ancestor of `low`."""
    path = []
    node = low
    while node != high:
        if node.head.i == node.i or len(path) > 12:
            return None
        path.append(node)
        node = node.head
    return path


def _best_name(doc: Doc, state: dict, sentence, names: list[_Unit], gazetteer, attached: bool) -> Location | None:
    """The most specific place of a phrase: a designated locality or a town, then a province, then a
    named place the gazetteer lacks (a sea, a line of control), then a country."""
    from realpolitik.resolve.places import context_countries

    starts = state["starts"]
    nearby = context_countries(state["mentions"][bisect_left(starts, sentence.start_char):
                                                 bisect_left(starts, sentence.end_char)])
    ranked = []
    for unit in names:
        location = gazetteer.lookup(unit.name, nearby) if nearby else None
        if location is None or location.country not in nearby:
            location = gazetteer.lookup(unit.name, state["context"])
        if location is None and (unit.label == "object" or (unit.label not in {"GPE", "LOC", "FAC", "designated"}
                                                            and not unit.scale)):
            continue
        if location is None and not attached:
            continue  # a name the gazetteer lacks is trusted only where the clause makes it a place
        if unit.scale == "local" or (location is not None and location.kind in {"city", "site"}):
            rank = 0 if unit.scale == "local" else 1
        elif unit.scale == "regional" or (location is not None and location.kind == "admin1"):
            rank = 2
        elif location is None:
            rank = 3
        else:
            rank = 4
        ranked.append((rank, unit.start, unit, location))
    if not ranked:
        return None
    rank, _, unit, location = min(ranked, key=lambda item: item[:2])
    if location is None:
        country = next((loc.country for _, _, _, loc in sorted(ranked, key=lambda item: item[:2])
                        if loc is not None), None)
        return Location(name=unit.name, country=country, lat=None, lon=None, kind="other")
    if location.kind == "country":
        return location
    # the name the text gives ("Termez", not the gazetteer's "Tirmiz"), less its designator
    return Location(name=_undesignated(unit.name), country=location.country, lat=location.lat, lon=location.lon,
                    kind=location.kind)


def _undesignated(name: str) -> str:
    """"Badghis province" -> Badghis; "Mexico City", "Bajaur Agency" are names of their own."""
    words = name.split()
    if len(words) > 1 and (words[-1] in DESIGNATORS or words[-1].lower() in REGIONAL - {"state", "republic"}
                           or words[-1].lower() in {"district", "county", "area"}):
        return " ".join(words[:-1])
    return name


# --- a nearby sentence on the same act ------------------------------------------------------------

def _from_neighbours(doc: Doc, state: dict, sentence, lemmas: set[str], gazetteer) -> Location | None:
    key = ("neighbours", sentence.start, frozenset(lemmas))
    memo = state.setdefault("memo", {})
    if key not in memo:
        memo[key] = _search_neighbours(doc, state, sentence, lemmas, gazetteer)
    return memo[key]


def _search_neighbours(doc: Doc, state: dict, sentence, lemmas: set[str], gazetteer) -> Location | None:
    """"X detained nine people ... The nine, detained in the city of Vahdat, ...": a sentence near by
    that ties a place to the same word (or to the act a word of agreement governs: "agreed to sign" ...
    "will be signed in Khujand")."""
    if not lemmas:
        return None
    index_of = sentences(doc)
    spans = index_of.spans
    here = bisect_left(index_of.starts, sentence.start)  # not spans.index: Span equality is slow
    if here >= len(spans) or spans[here].start != sentence.start:
        return None
    order = [here + k for k in range(1, _NEIGHBOURS + 1)] + [here - k for k in range(1, _NEIGHBOURS + 1)]
    for index in order:
        if not 0 <= index < len(spans):
            continue
        other = spans[index]
        for i in sorted(i for lemma in lemmas for i in state["words"].get(lemma, ())
                        if other.start <= i < other.end):
            found = _in_sentence(doc, state, other, doc[i], gazetteer, everywhere=False)
            if found is not None and found[0] == 0:
                return found[1]
    return None
