"""Quotes: a spaCy component that reads who said what, and a pure function from candidates to records.

`realpolitik_quotes` (after `realpolitik_actors`) sets `doc._.quotes` to `QuoteCandidate`s of four kinds:

* direct     words inside quote marks (straight or curly), across sentences and paragraphs: a paragraph
             that opens a quote and does not close it continues into the next paragraph that opens with
             a mark. Interview answers after a question line ("— What ...?") are direct quotes too.
* partial    a quoted phrase inside a sentence (X said the two sides "broadly agree").
* indirect   reported speech: "X said that ..." and "according to X, ..." (the text is the clause).
* statement  paragraphs without quote marks set out after "X denied that ...:", taken while they
             speak in the first person.

The speaker is the subject of the speech verb that governs the quote ("Petrov said", "wrote Asia
Plus", "the UN report said"); a pronoun is the latest person ("he") or organisation ("it"); "the
report" or "the post" is the body that spoke last, else the latest organisation; a surname the NER
missed is the one person named in full with it; "the Polish president" or "the court" is the one actor
the text gave that title or name; "he added" goes on from the person who spoke last; "he said" after an
unnamed spokesman is the body he speaks for, or nobody. A quote with no attribution of its own belongs
to the person introduced just before it, or keeps the speaker of the quote before it until another
person is introduced. What a ministry, court or embassy of a state says, the state says (the gold's
convention). The word lists live in data/lexicon/speech.yaml.

Regions and mentions are walked in order and lookups use bisect; "the X" looks back over the mentions
before it once per phrase.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.extract.sentences import dateline_end, sentences, text_of
from realpolitik.records import Quote, Span, stable_id
from realpolitik.resolve.registry import fold, load_registry

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

OPENING = {"“", "«"}
CLOSING = {"”", "»"}
STRAIGHT = '"'
MARKS = OPENING | CLOSING | {STRAIGHT}
# typewriter doubles of single marks stand for a double mark: ‘‘ or `` open, ’’ closes, '' is straight
DOUBLED = {"‘‘": "“", "``": "“", "’’": "”", "''": STRAIGHT}
SUBJECTS = {"nsubj", "nsubjpass"}
# relations through which a verb without a subject of its own takes the subject of its head:
# "had the following to say", "was quoted as saying", "said ... and added"
CLIMB = {"conj", "advcl", "xcomp", "acl", "relcl", "pcomp", "prep", "dobj", "pobj", "advmod", "dep"}
RELATIVE = {"who", "which", "that", "whom"}
SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[—–A-Z0-9])")
ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|St|Jr|Sr|Prof|Rev|No|vs|etc))\.$")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
NOBODY = ""  # a speaker the text puts forward but does not name ("a local official said"): no one to guess


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = load_yaml((DATA_DIR / "lexicon" / "speech.yaml").read_text(encoding="utf-8"))
    verbs = {str(k).lower(): (v or {}) for k, v in data["verbs"].items()}
    return {
        "verbs": verbs,
        "claims": {k for k, v in verbs.items() if v.get("claim")},
        "denials": {k for k, v in verbs.items() if v.get("denial")},
        "continuing": {k for k, v in verbs.items() if v.get("continues")},
        "questions": {k for k, v in verbs.items() if v.get("question")},
        "prepositions": [tuple(p.lower().split()) for p in data["prepositions"]],
        "documents": {d.lower() for d in data["documents"]},
        "person_pronouns": {p.lower() for p in data["person_pronouns"]},
        "organisation_pronouns": {p.lower() for p in data["organisation_pronouns"]},
        "first_person": {w.lower() for w in data["first_person"]},
        "question_marks": tuple(data["question_marks"]),
        "state_bodies": {b.lower() for b in data["state_bodies"]},
        "leaders": {w.lower() for w in data["leaders"]},
        "spokespeople": {w.lower() for w in data["spokespeople"]},
    }


def is_claim(cue: str | None) -> bool:
    """Whether a speech verb marks a disputable claim ("claim", "allege", "insist")."""
    return bool(cue) and cue in lexicon()["claims"]


def is_denial(cue: str | None) -> bool:
    return bool(cue) and cue in lexicon()["denials"]


def speaks_first_person(text: str) -> bool:
    """Whether a paragraph speaks as "we" or "I" ("US", the country, is not "us")."""
    words = lexicon()["first_person"]
    for word in re.findall(r"[A-Za-z]+", text):
        lower = word.lower()
        if lower in words and (lower not in {"us", "i"} or word in {"us", "Us", "I"}):
            return True
    return False


@dataclass
class QuoteCandidate:
    start: int
    end: int
    text: str
    speaker: str | None  # actor id
    kind: str  # direct, partial, indirect, statement
    cue: str | None = None  # the speech verb's lemma, "according to", or None
    sentence: tuple[int, int] = (0, 0)


@dataclass
class _Region:
    """A stretch of quoted text: marks at `open`/`close` (close None when the paragraph ran out)."""

    open: int
    start: int
    end: int
    close: int | None
    paragraph: int  # index of the paragraph it opens in
    last_paragraph: int
    continued_at: list[int]  # positions of paragraph-opening marks inside a multi-paragraph quote
    kind: str = "direct"
    speaker: str | None = None
    cue: str | None = None
    width: int = 1  # of the closing mark: 2 for a typewriter double

    @property
    def behind(self) -> int:
        """The first character after the closing mark, or the end when the paragraph ran out."""
        return self.close + self.width if self.close is not None else self.end


# --- paragraphs and quote marks -------------------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank paragraph, whitespace trimmed."""
    found, cursor = [], 0
    for match in list(PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[cursor:end]
        stripped = chunk.strip()
        if stripped:
            start = cursor + (len(chunk) - len(chunk.lstrip()))
            found.append((start, start + len(stripped)))
        cursor = match.end() if match else len(text)
    return found


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    return start < end and text[start] in MARKS and start + 1 < end and not text[start + 1].isspace()


def is_question_line(paragraph: str) -> bool:
    markers = lexicon()["question_marks"]
    stripped = paragraph.strip()
    if not stripped.endswith("?"):
        return False
    for marker in markers:
        if stripped.startswith(marker):
            rest = stripped[len(marker):]
            if marker in {"-", "—", "–"} and not rest[:1].isspace():
                return False
            return True
    return False


def find_regions(text: str, paras: list[tuple[int, int]]) -> list[_Region]:
    """Quote-mark pairs, paragraph by paragraph, with continuation into the next paragraph."""
    regions: list[_Region] = []
    current: _Region | None = None
    skip_at = -1  # a paragraph-opening mark that continues the open quote
    second = -1  # the second half of a typewriter double
    for number, (p_start, p_end) in enumerate(paras):
        for i in range(p_start, p_end):
            char, width = text[i], 1
            if i == second:
                continue
            if text[i:i + 2] in DOUBLED:
                char, width, second = DOUBLED[text[i:i + 2]], 2, i + 1
            elif char not in MARKS or i == skip_at:
                continue
            before = text[i - 1] if i > p_start else " "
            after = text[i + width] if i + width < p_end else " "
            openish = (before.isspace() or before in "([{—–-/") and not after.isspace()
            closeish = not before.isspace()
            if current is None:
                opening = char in OPENING or openish
                if opening and not after.isspace():
                    current = _Region(i, i + width, p_end, None, number, number, [])
                continue
            # inside a quote
            if char in CLOSING or (char == STRAIGHT and (closeish or not openish)) or \
                    (char in OPENING and closeish and not openish):
                current.end, current.close, current.last_paragraph, current.width = i, i, number, width
                regions.append(current)
                current = None
            elif openish:  # a new quote opens before the last one closed: the last one ends here
                current.end, current.last_paragraph = i, number
                regions.append(current)
                current = _Region(i, i + width, p_end, None, number, number, [])
        if current is not None:
            following = paras[number + 1] if number + 1 < len(paras) else None
            if following and _opens_with_mark(text, *following):
                current.continued_at.append(following[0])
                skip_at = following[0]
            else:
                current.end, current.last_paragraph = p_end, number
                regions.append(current)
                current = None
    kept = []
    for region in regions:
        start, end = region.start, region.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if any(c.isalpha() for c in text[start:end]):
            region.start, region.end = start, end
            kept.append(region)
    return kept


def region_text(text: str, region: _Region) -> str:
    inner = text[region.start:region.end]
    if region.continued_at:  # drop the marks that reopen the quote at each new paragraph
        pieces, cursor = [], region.start
        for mark in region.continued_at:
            if region.start <= mark < region.end:
                pieces.append(text[cursor:mark])
                cursor = mark + 1
        pieces.append(text[cursor:region.end])
        inner = "".join(pieces)
    return inner


# --- the extractor ------------------------------------------------------------------------------

class _Reader:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.lex = lexicon()
        self.openers = {phrase[0] for phrase in self.lex["prepositions"]}
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.questions = [is_question_line(self.text[s:e]) for s, e in self.paras]
        self.tok_starts = [t.idx for t in doc]
        mentions = sorted(doc._.actor_mentions or [], key=lambda m: m.start) if doc.has_extension(
            "actor_mentions") else []
        self.mentions = [m for m in mentions if m.actor]
        self.m_starts = [m.start for m in self.mentions]
        self.token_mention: dict[int, int] = {}
        self.roots: list[Token | None] = []
        for index, mention in enumerate(self.mentions):
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            self.roots.append(span.root if span is not None and len(span) else None)
            if span is not None:
                for token in span:
                    self.token_mention.setdefault(token.i, index)
        self.quoted = bytearray(len(self.text) + 1)  # 1 inside a quote or statement
        from realpolitik.extract.actors import group_anaphora

        self.anaphora = group_anaphora(doc)  # "the group", found by the actor finder
        self.registry = load_registry()  # states, demonyms and the countries of known people
        self.definites: dict[tuple, str | None] = {}  # (token, persons only / bodies only / any)
        self.spoke: list[tuple[int, str]] | None = None
        self.persons: list[tuple[int, str]] | None = None
        self.named: dict[str, list[tuple[int, str]]] | None = None
        self._unnamed: list[tuple[int, str, str]] | None = None

    # -- small helpers ----------------------------------------------------------------------------

    def para_of(self, char: int) -> int:
        return max(0, bisect_right(self.para_starts, char) - 1)

    def tokens_in(self, start: int, end: int):
        first = bisect_left(self.tok_starts, start)
        last = bisect_left(self.tok_starts, end)
        return self.doc[first:last]

    def token_at(self, char: int) -> Token | None:
        index = bisect_right(self.tok_starts, char) - 1
        return self.doc[index] if 0 <= index < len(self.doc) else None

    def is_speech(self, token: Token) -> bool:
        if token.lemma_.lower() not in self.lex["verbs"] or token.pos_ not in {"VERB", "AUX"} or self.quoted[token.idx]:
            return False
        if token.i >= 2 and self.doc[token.i - 1].text in {"-", "‐"} and self.doc[token.i - 2].lower_ == "so":
            return False  # "so-called" names a label, it reports no speech
        return True

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        first, last = self.token_at(start), self.token_at(max(start, end - 1))
        if first is None or last is None:
            return start, end
        return sentences(first.doc).of(first.i).start_char, sentences(last.doc).of(last.i).end_char

    def in_question(self, char: int) -> bool:
        return self.questions[self.para_of(char)] if self.paras else False

    # -- mentions and their roles ----------------------------------------------------------------

    def role(self, index: int) -> str:
        """subject, possessive or other: how the mention sits in its clause."""
        root = self.roots[index]
        if root is None:
            return "other"
        if root.dep_ == "poss" or (root.i + 1 < len(self.doc) and self.doc[root.i + 1].text in {"'s", "’s"}
                                   and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i > root.i):
            return "possessive"
        node, hops = root, 0
        while hops < 6:
            hops += 1
            if node.dep_ in SUBJECTS:
                return "subject"
            if node.dep_ in {"appos", "compound", "flat"} and node.head.i != node.i:
                node = node.head
            elif node.dep_ == "pobj" and node.head.dep_ == "prep" and node.i != root.i and \
                    node.head.head.pos_ in {"NOUN", "PROPN"}:
                node = node.head.head  # "the envoy to [Myanmar], Li Wei": the envoy
            else:
                break
        return "other"

    def usable(self, index: int) -> bool:
        mention = self.mentions[index]
        return not self.quoted[mention.start] and not self.in_question(mention.start)

    @staticmethod
    def is_person(mention) -> bool:
        return mention.kind == "person" or mention.actor.startswith("person.")

    @staticmethod
    def is_organisation(mention) -> bool:
        return (mention.kind in {"organization", "media"} or mention.actor.startswith(("org.", "group."))) \
            and not mention.actor.startswith(("person.", "state."))

    def pick(self, start: int, end: int, test=None) -> str | None:
        """The actor a stretch of text puts forward (a person unless `test` says otherwise): its
        latest subject, else its latest mention that is not a possessive; NOBODY when that subject
        is a speaker left unnamed."""
        # a subject named only by a title the text gave a person ("the Polish president said") counts,
        # and so does an unnamed spokesman, for the body he speaks for
        titled = self.titled_subjects(start, end) if test is None else []
        test = test or self.is_person
        first, last = bisect_left(self.m_starts, start), bisect_left(self.m_starts, end)
        latest = None
        for index in range(last - 1, first - 1, -1):
            mention = self.mentions[index]
            if not test(mention) or not self.usable(index):
                continue
            role = self.role(index)
            if role == "subject":
                later = [actor for at, actor in titled if at > mention.start]
                return later[-1] if later else mention.actor
            if role != "possessive" and latest is None:
                latest = mention.actor
        return titled[-1][1] if titled else latest

    def titled_subjects(self, start: int, end: int) -> list[tuple[int, str]]:
        found = []
        for token in self.tokens_in(start, end):
            if token.dep_ in SUBJECTS and token.i not in self.token_mention and not self.quoted[token.idx] \
                    and not self.in_question(token.idx):
                actor = self.definite(token, persons=True)
                if actor:
                    found.append((token.idx, actor))
                elif token.lemma_.lower() in self.lex["spokespeople"] and self.is_speech(token.head):
                    # "a Russian ministry spokeswoman said ... she said": Russia; "an official said": nobody
                    found.append((token.idx, self.actor_of(token) or NOBODY))
        return found

    def latest(self, before: int, test, limit: int = 200) -> str | None:
        index = bisect_left(self.m_starts, before) - 1
        steps = 0
        while index >= 0 and steps < limit:
            mention = self.mentions[index]
            if test(mention) and self.usable(index) and self.role(index) != "possessive":
                return mention.actor
            index -= 1
            steps += 1
        return None

    def window_start(self, token: Token) -> int:
        """The start of the sentence before the pronoun's, the sentences of the quote it closes passed
        over ("“... . ...,” he said": the sentence before the quote opened)."""
        spans = sentences(token.doc)
        sent = spans.of(token.i)
        hops = 0
        while sent.start > 0 and hops < 8:
            hops += 1
            sent = spans.of(sent.start - 1)
            if not self.quoted[sent.start_char]:
                break
        return sent.start_char

    def resolve_person_pronoun(self, token: Token) -> str | None:
        found = self.pick(self.window_start(token), token.idx)
        if found == NOBODY:
            return None
        return found or self.latest(token.idx, self.is_person)

    def resolve_organisation_pronoun(self, token: Token) -> str | None:
        start = self.window_start(token)
        first, last = bisect_left(self.m_starts, start), bisect_left(self.m_starts, token.idx)
        for index in range(last - 1, first - 1, -1):
            mention = self.mentions[index]
            if not self.is_person(mention) and self.usable(index) and self.role(index) != "possessive":
                return mention.actor
        return None

    # -- syntax: from a speech verb to its speaker -------------------------------------------------

    def subject_of(self, verb: Token) -> Token | None:
        node, came_from, hops = verb, None, 0
        while hops < 6:
            hops += 1
            if node.lemma_.lower() == "quote" and came_from is not None:
                objects = [c for c in node.children if c.dep_ == "dobj"]
                if objects and not any(c.dep_ == "nsubjpass" for c in node.children):
                    return objects[0]  # "a report quoting X as saying"
            for child in node.children:
                if child.dep_ in SUBJECTS:
                    if child.lower_ in RELATIVE and node.dep_ == "relcl":
                        return node.head  # "X, who said ..."
                    return child
            for child in node.children:
                if child.dep_ == "agent":  # "it was said by X"
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            if node.dep_ in CLIMB and node.head.i != node.i:
                came_from, node = node, node.head
            else:
                return None
        return None

    def actor_of(self, token: Token | None) -> str | None:
        """The actor a noun phrase stands for, pronouns and "the report" resolved."""
        if token is None:
            return None
        lower = token.lower_
        if lower in self.lex["person_pronouns"]:
            return self.resolve_person_pronoun(token)
        if lower in self.lex["organisation_pronouns"]:
            return self.resolve_organisation_pronoun(token)
        if token.pos_ == "PRON":
            return None
        if token.i in self.token_mention:
            return self.mentions[self.token_mention[token.i]].actor
        if token.i in self.anaphora:  # "the militants said in a statement"
            return self.anaphora[token.i]
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.token_mention:
                return self.mentions[self.token_mention[child.i]].actor
        # the mentions inside the phrase: a person first ("a statement by ... Hanif Atmar"), else the
        # first one ("the UN report", "Tajikistan's representative"); relative clauses are not the phrase
        excluded = [(c.left_edge.i, c.right_edge.i) for c in token.children if c.dep_ == "relcl"]
        first_any = person = owner = None
        for i in range(token.left_edge.i, token.right_edge.i + 1):
            if i not in self.token_mention or any(a <= i <= b for a, b in excluded):
                continue
            index = self.token_mention[i]
            mention = self.mentions[index]
            if self.quoted[mention.start]:
                continue
            owns = self.role(index) == "possessive" and self.roots[index] is not None and \
                self.roots[index].head.i == token.i
            if self.is_person(mention):
                if owns:
                    continue  # "Putin's special representative" is not Putin
                person = person or mention.actor
            if first_any is None:
                first_any, owner = mention.actor, owns
        if person:
            return person
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                 and not self.registry.state_for_demonym(c.text)]
        if first_any and owner and token.lemma_.lower() not in self.lex["state_bodies"] and names:
            # "Iran's Mehr news agency" has a name of its own: it is not Iran, but Mehr where Mehr is known
            named = [self.mentions[self.token_mention[c.i]].actor for c in names if c.i in self.token_mention]
            return named[0] if named else None
        if first_any:
            return first_any
        named = self.surname(token) or self.definite(token) or self.body_state(token) or self.role_introduced(token)
        if named:
            return named
        for child in token.children:  # "the ministry's spokesman": the body the spokesman speaks for
            if (child.dep_ == "poss" and child.pos_ == "NOUN") or \
                    (child.dep_ == "compound" and child.lemma_.lower() in self.lex["state_bodies"]):
                body = self.definite(child, persons=False) or self.body_state(child)
                if body:
                    return body
        if token.lemma_.lower() in self.lex["spokespeople"]:  # "an Uzbek participant", "a Russian diplomat"
            states = {self.registry.state_for_demonym(c.text) for c in token.children
                      if c.dep_ in {"amod", "compound"}} - {None}
            if len(states) == 1:
                return states.pop()
        if token.lemma_.lower() in self.lex["documents"] and token.tag_ in {"NN", "NNP"} and \
                any(c.lower_ in {"the", "this", "that", "its"} for c in token.children if c.dep_ in {"det", "poss"}):
            # "the report said": the body that spoke last ("the ministry posted ... the post said"),
            # else the organisation the text is about, if one was named lately
            floor = self.paras[max(0, self.para_of(token.idx) - 4)][0]
            spoke = [actor for at, actor in self.bodies_that_spoke() if floor <= at < token.idx]
            return spoke[-1] if spoke else \
                self.latest(token.idx, lambda m: self.is_organisation(m) and m.start >= floor)
        return None

    def role_introduced(self, token: Token) -> str | None:
        """"the negotiator said" after "an Uzbek participant of the talks told Sputnik": a speaker named
        only by a definite role noun is the one such unnamed speaker the last paragraphs introduced
        (with the same noun, if several were)."""
        if token.lemma_.lower() not in self.lex["spokespeople"] or \
                not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        floor = self.paras[max(0, self.para_of(token.idx) - 3)][0]
        earlier = [(word, actor) for at, word, actor in self.unnamed_speakers() if floor <= at < token.idx]
        same = [actor for word, actor in earlier if word == token.lemma_.lower()]
        found = same or ([earlier[0][1]] if len({actor for _, actor in earlier}) == 1 else [])
        return found[-1] if found else None

    def unnamed_speakers(self) -> list[tuple[int, str, str]]:
        """(offset, role noun, actor) of each speaker introduced by an indefinite role noun with the body
        or state it speaks for ("a Russian ministry spokeswoman said", "an Uzbek participant told")."""
        if self._unnamed is None:
            self._unnamed = []
            for token in self.doc:
                if token.dep_ in SUBJECTS and token.lemma_.lower() in self.lex["spokespeople"] \
                        and not (token.i in self.token_mention
                                 and self.is_person(self.mentions[self.token_mention[token.i]])) \
                        and not self.quoted[token.idx] \
                        and self.is_speech(token.head) \
                        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children):
                    actor = self.actor_of(token)
                    if actor and actor != NOBODY:
                        self._unnamed.append((token.idx, token.lemma_.lower(), actor))
        return self._unnamed

    def surname(self, token: Token) -> str | None:
        """A person named again by the end of the name the text gave in full ("Sarea said" after
        "Yahya Sarea") where the NER missed the short form: the one person named so before."""
        if token.pos_ != "PROPN":
            return None
        words = [t.text for t in token.lefts if t.dep_ in {"compound", "flat"} and t.pos_ == "PROPN"
                 and not t.text.endswith(".")] + [token.text]  # "Mr." is no part of the name
        name = fold(" ".join(words))
        found = {m.actor for m in self.mentions[:bisect_left(self.m_starts, token.idx)]
                 if self.is_person(m) and not self.quoted[m.start]
                 and (fold(m.text) == name or fold(m.text).endswith(" " + name))}
        return found.pop() if len(found) == 1 else None

    def definite(self, token: Token, persons: bool | None = None) -> str | None:
        """"the Polish president", "the secretary general", "the court": the one actor the text named
        before under that noun, a person with it as title ("Polish President Andrzej Duda", "Zas, the
        secretary general") or a body whose name ends in it ("the Supreme Court"). The noun's other
        words must be there too, or a demonym must match the actor's country; two candidates, none."""
        key = (token.i, persons)
        if key in self.definites:
            return self.definites[key]
        self.definites[key] = found = None
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in self.token_mention or \
                not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        nouns = {token.lower_, token.lemma_.lower()}
        modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod"}]
        candidates = set()
        for index in range(bisect_left(self.m_starts, token.idx) - 1, -1, -1):
            mention = self.mentions[index]
            person = self.is_person(mention)
            if (persons is not None and person != persons) or not self.usable(index):
                continue
            words = self.title_words(index) if person else set(fold(mention.text).split())
            country = mention.country or self.registry.country_of(mention.actor)
            home = self.registry.by_country.get(country) if country else None
            if person and not nouns & words:
                # a leader named with no title of his own: a demonym alone may tell ("the Polish
                # president" of the one Pole named), never against a title the text gave him
                if not modifiers or not nouns & self.lex["leaders"] or self.title_words(index, apposition=False) or \
                        any(self.registry.state_for_demonym(m.text) != home or home is None for m in modifiers):
                    continue
            if not person and (fold(mention.text).split() or [""])[-1] not in nouns:
                continue
            following = self.mentions[index + 1] if index + 1 < len(self.mentions) else None
            if not person and following is not None and self.is_person(following) \
                    and 0 <= following.start - mention.end <= 2:
                continue  # "Polish President [Marek Nowak]": the title is the person's, not the state's
            if all(m.lower_ in words or self.registry.state_for_demonym(m.text) in {home, mention.actor} - {None}
                   for m in modifiers):
                candidates.add(mention.actor)
                if len(candidates) > 1:
                    break
        if len(candidates) == 1:
            found = self.definites[key] = candidates.pop()
        return found

    def body_state(self, token: Token, back: bool = True) -> str | None:
        """"the Afghan interior ministry", "Kazakhstan's ministry", "the ministry in Oman": a ministry
        or court whose state its phrase names is that state, when the article names it; "the
        ministry" alone is the one state whose ministry the text named before."""
        lemma = token.lemma_.lower()
        if lemma not in self.lex["state_bodies"]:
            return None
        homes = {self.registry.state_for_demonym(c.text) for c in token.children
                 if c.dep_ in {"amod", "compound"} and c.text[:1].isupper()} - {None}
        held = [c for c in token.children if c.dep_ == "poss"] + \
            [g for c in token.children if c.dep_ == "prep" and c.lower_ in {"of", "in"} for g in c.children
             if g.dep_ == "pobj"]
        homes |= {self.mentions[self.token_mention[t.i]].actor for t in held if t.i in self.token_mention} & \
            {m.actor for m in self.mentions if m.actor.startswith("state.")}
        if not homes and back:
            homes = {state for at, state in self.bodies_named().get(lemma, ()) if at < token.i}
        home = homes.pop() if len(homes) == 1 else None
        return home if home and any(m.actor == home for m in self.mentions) else None

    def bodies_named(self) -> dict[str, list[tuple[int, str]]]:
        """Body noun -> (token, state) of every ministry, court ... whose phrase names its state."""
        if self.named is None:
            self.named = {}
            for token in self.doc:
                if token.lemma_.lower() in self.lex["state_bodies"] and not self.quoted[token.idx]:
                    state = self.body_state(token, back=False)
                    if state:
                        self.named.setdefault(token.lemma_.lower(), []).append((token.i, state))
        return self.named

    def title_words(self, index: int, apposition: bool = True) -> set[str]:
        """The words that title a person's mention: its role, the words just before it in the same
        phrase ("Polish President"), and an apposition ("Duda, the Polish president")."""
        mention = self.mentions[index]
        words = set(fold(mention.role or "").split())
        first = bisect_left(self.tok_starts, mention.start)
        for i in range(first - 1, max(-1, first - 6), -1):
            token = self.doc[i]
            if token.is_punct or token.is_space or i in self.token_mention or token.is_sent_end or \
                    token.pos_ in {"VERB", "AUX", "CCONJ", "ADP", "SCONJ", "PRON"}:
                break
            if token.pos_ in {"NOUN", "PROPN", "ADJ"}:
                words.add(token.lower_)
        root = self.roots[index]
        if root is not None and apposition:
            related = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
            for head in related:
                words |= {t.lower_ for t in head.subtree if t.i not in self.token_mention and not t.is_punct}
        return words

    def bodies_that_spoke(self) -> list[tuple[int, str]]:
        """(position, actor) of every speech verb outside quotes whose speaker is no person, in order;
        a document counts when it names its author ("the UN report said"), never by itself."""
        if self.spoke is None:
            self.spoke = []
            found = []
            for token in self.doc:
                if not self.is_speech(token) or self.in_question(token.idx):
                    continue
                subject = self.subject_of(token)
                if subject is None or (subject.lemma_.lower() in self.lex["documents"] and not any(
                        t.i in self.token_mention for t in subject.subtree)):
                    continue
                actor = self.actor_of(subject)
                if actor and not actor.startswith("person."):
                    found.append((token.idx, actor))
            self.spoke = found
        return self.spoke

    def persons_that_spoke(self) -> list[tuple[int, str]]:
        """(position, person) of every speech verb outside quotes with a person as speaker, in order;
        questions ("asked") are left out: they are the interviewer's."""
        if self.persons is None:
            self.persons = []  # while this is read, "he added" resolves as any pronoun does
            found = []
            for token in self.doc:
                if self.is_speech(token) and not self.in_question(token.idx) and \
                        token.lemma_.lower() not in self.lex["questions"]:
                    actor = self.speaker_of_verb(token)
                    if actor and actor.startswith("person."):
                        found.append((token.idx, actor))
            self.persons = found
        return self.persons

    def source_phrase(self, token: Token) -> tuple[Token, str] | None:
        """`token` starts "according to X" / "in the words of X": X's head noun and the phrase."""
        for phrase in self.lex["prepositions"]:
            end = token.i + len(phrase)
            if end > len(self.doc) or tuple(t.lower_ for t in self.doc[token.i:end]) != phrase:
                continue
            last = self.doc[end - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"]
            if objects:
                return objects[0], " ".join(phrase)
            if end < len(self.doc):
                nxt = self.doc[end]
                while nxt.head.i >= end and nxt.head.i != nxt.i and nxt.dep_ in {"compound", "det", "amod", "poss"}:
                    nxt = nxt.head
                return nxt, " ".join(phrase)
        return None

    def speaker_of_verb(self, verb: Token) -> str | None:
        subject = self.subject_of(verb)
        if subject is not None and subject.lower_ in self.lex["person_pronouns"] and \
                verb.lemma_.lower() in self.lex["continuing"]:
            # "He added:" goes on from the person who spoke last, not from an interviewer who asked
            floor = self.paras[max(0, self.para_of(verb.idx) - 3)][0]
            spoke = [actor for at, actor in self.persons_that_spoke() if floor <= at < verb.idx]
            if spoke:
                return spoke[-1]
        if subject is not None:
            return self.actor_of(subject)
        # the parser found no subject: a name right before the verb ("IS has claimed"), or right
        # after it when the verb opens an attribution ("...," wrote Asia Plus)
        cursor = verb.i - 1
        while cursor >= 0 and cursor > verb.i - 5 and not self.quoted[self.doc[cursor].idx]:
            if cursor in self.token_mention:
                return self.mentions[self.token_mention[cursor]].actor
            if self.doc[cursor].pos_ not in {"AUX", "ADV", "PART"}:
                break
            cursor -= 1
        previous = self.doc[verb.i - 1] if verb.i else None
        if previous is not None and (previous.text in CLOSING | {STRAIGHT, ","} or previous.is_sent_start):
            for token in self.doc[verb.i + 1: verb.i + 5]:
                if token.is_punct:
                    break
                if token.i in self.token_mention:
                    return self.mentions[self.token_mention[token.i]].actor
        return None

    # -- regions: head and tail of a quote ---------------------------------------------------------

    def head_start(self, region: _Region, previous: _Region | None) -> int:
        start = self.paras[region.paragraph][0]
        if previous is not None and previous.close is not None and previous.close >= start:
            start = previous.behind
        chunk = self.text[start:region.open + 1]  # the mark itself, for the look-ahead after a full stop
        ends = [m.end() for m in SENTENCE_END.finditer(chunk) if not ABBREVIATION.search(chunk[:m.start() + 1])]
        return start + ends[-1] if ends else start

    def tail_end(self, region: _Region, following: _Region | None) -> int:
        p_end = self.paras[region.last_paragraph][1]
        after = region.behind
        end = p_end
        if following is not None and following.open < end:
            end = following.open
        match = SENTENCE_END.search(self.text, after, end)
        if match:
            end = min(end, match.start() + 1)
        return max(after, end)

    def speech_in(self, start: int, end: int, last: bool) -> Token | None:
        found = [t for t in self.tokens_in(start, end) if self.is_speech(t)]
        if not found:
            return None
        return found[-1] if last else found[0]

    def source_in(self, start: int, end: int) -> tuple[Token, str] | None:
        for token in self.tokens_in(start, end):
            if token.lower_ in self.openers:
                source = self.source_phrase(token)
                if source is not None:
                    return source
        return None

    def colon_speaker(self, colon: int) -> tuple[str | None, str | None, bool]:
        """The subject of the sentence that ends at a colon: (speaker, cue, has_speech_verb)."""
        token = self.token_at(colon)
        if token is None:
            return None, None, False
        sent = sentences(token.doc).of(token.i)
        verb = self.speech_in(sent.start_char, colon, last=True)
        if verb is not None:
            return self.speaker_of_verb(verb), verb.lemma_.lower(), True
        return self.actor_of(self.subject_of(sent.root)), None, False

    # -- reading ---------------------------------------------------------------------------------

    def read(self) -> list[QuoteCandidate]:
        text = self.text
        regions = find_regions(text, self.paras)
        for region in regions:
            self.quoted[region.open:region.behind] = b"\x01" * (region.behind - region.open)
        statements = self.statements(regions)
        starts = [s.start for s in statements]

        def in_statement(char: int) -> bool:
            index = bisect_right(starts, char) - 1
            return index >= 0 and char < statements[index].end

        regions = [r for r in regions if not in_statement(r.open)]
        answers = self.answers(regions, statements)
        for extra in statements + answers:
            self.quoted[extra.start:extra.end] = b"\x01" * (extra.end - extra.start)
        out: list[QuoteCandidate] = []
        previous: _Region | None = None  # the last full quote, for carrying its speaker on
        ordered = sorted(regions + answers, key=lambda r: r.start)
        unsaid: list[_Region] = []  # phrases in quote marks no verb gives to anyone
        for number, region in enumerate(ordered):
            before = ordered[number - 1] if number else None
            after = ordered[number + 1] if number + 1 < len(ordered) else None
            if region.kind == "answer":
                region.kind = "direct"
                region.speaker = self.introduced(region, previous)
                previous = region
            else:
                self.attribute(region, before, after, previous)
                if region.kind == "partial" and region.cue is None:
                    unsaid.append(region)
                    continue
                if region.kind == "direct":
                    previous = region
            out.append(QuoteCandidate(region.start, region.end, region_text(text, region), region.speaker,
                                      region.kind, region.cue, self.sentence(region.start, region.end)))
        for region in unsaid:
            # 'the sides "discussed the fight against crime." "We agreed ...," X said': a phrase quoted in
            # a paragraph whose quotes one speaker says is that speaker's; else it is nobody's words
            paragraph = self.para_of(region.start)
            speakers = {(other.speaker, other.cue) for other in ordered
                        if other.start != region.start and self.para_of(other.start) == paragraph and other.speaker
                        and other.kind == "direct"}
            if len(speakers) == 1:
                region.speaker, region.cue = speakers.pop()
                out.append(QuoteCandidate(region.start, region.end, region_text(text, region), region.speaker,
                                          region.kind, region.cue, self.sentence(region.start, region.end)))
        for statement in statements:
            out.append(QuoteCandidate(statement.start, statement.end, text[statement.start:statement.end],
                                      statement.speaker, "statement", statement.cue,
                                      self.sentence(statement.start, statement.end)))
        quoted_texts = {c.text.strip() for c in out}
        out += [c for c in self.indirect() if c.text.strip("".join(MARKS) + " ,") not in quoted_texts]
        seen, unique = set(), []
        bodies = self.state_bodies()
        for candidate in sorted(out, key=lambda c: (c.start, c.end)):
            if (candidate.start, candidate.end) not in seen:
                seen.add((candidate.start, candidate.end))
                candidate.speaker = bodies.get(candidate.speaker, candidate.speaker)
                unique.append(candidate)
        return unique

    def state_bodies(self) -> dict[str, str]:
        """Actor -> state for the ministries and courts of a state the article names: what they say,
        their state says."""
        states = {m.actor for m in self.mentions if m.actor.startswith("state.")}
        found: dict[str, set] = {}
        for index, mention in enumerate(self.mentions):
            if self.is_person(mention) or mention.actor in states or \
                    not set(fold(mention.text).split()) & self.lex["state_bodies"]:
                continue
            country = mention.country or self.registry.country_of(mention.actor)
            root = self.roots[index]
            state = self.registry.by_country.get(country) if country else \
                self.body_state(root, back=False) if root is not None else None
            found.setdefault(mention.actor, set()).add(state if state in states else None)
        return {actor: owners.pop() for actor, owners in found.items() if len(owners) == 1 and None not in owners}

    def attribute(self, region: _Region, before: _Region | None, after: _Region | None,
                  previous: _Region | None) -> None:
        text = self.text
        inner = text[region.start:region.end]
        head_from = self.head_start(region, before)
        head = text[head_from:region.open].strip()
        tail_to = self.tail_end(region, after)
        tail_from = region.behind
        first_alpha = next((c for c in inner if c.isalpha()), "")
        raw_end = text[region.start:region.close if region.close is not None else region.end].rstrip()
        ends_punct = raw_end[-1:] in set(".,!?…:;—–-")
        head_tokens = self.tokens_in(head_from, region.open)
        head_speech_last = len(head_tokens) > 0 and self.is_speech(head_tokens[-1])
        tail_verb = self.speech_in(tail_from, tail_to, last=False) if tail_to > tail_from else None
        starts_lower = first_alpha.islower()
        head_open = not head or head[-1] in ":,—–" or head_speech_last
        full = not starts_lower and head_open and (ends_punct or tail_verb is not None)
        region.kind = "direct" if full else "partial"

        if region.kind == "partial":
            verb, source = self.governing(region)
            if verb is None and source is None:
                verb = self.speech_in(head_from, region.open, last=True)
                source = self.source_in(head_from, region.open) if verb is None else None
            if verb is not None:
                region.cue, region.speaker = verb.lemma_.lower(), self.speaker_of_verb(verb)
            elif source is not None:
                region.cue, region.speaker = source[1], self.actor_of(source[0])
            return

        # a full quote: attribution after it ("...," Petrov said), before it (Li said: "..."),
        # a colon, "according to", or else the speaker introduced before it
        can_tail = raw_end[-1:] not in {".", "…"} or (raw_end.endswith(".") and tail_verb is not None
                                                      and self.tokens_in(tail_from, tail_to)[:1].text[:1].islower())
        if tail_verb is not None and can_tail:
            region.cue = tail_verb.lemma_.lower()
            region.speaker = self.speaker_of_verb(tail_verb)
            return
        verb = self.speech_in(head_from, region.open, last=True) if head else None
        if verb is not None:
            region.cue, region.speaker = verb.lemma_.lower(), self.speaker_of_verb(verb)
            return
        source = self.source_in(head_from, region.open) or (self.source_in(tail_from, tail_to) if can_tail else None)
        if source is not None:
            region.cue, region.speaker = source[1], self.actor_of(source[0])
            return
        if head.endswith(":"):
            speaker, cue, _ = self.colon_speaker(head_from + len(text[head_from:region.open].rstrip()) - 1)
            if speaker:
                region.cue, region.speaker = cue, speaker
                return
        region.speaker = self.introduced(region, previous)

    def governing(self, region: _Region) -> tuple[Token | None, tuple[Token, str] | None]:
        """The speech verb (or "according to" phrase) above a quoted phrase in the parse."""
        inside = self.tokens_in(region.start, region.end)
        tops = [t for t in inside if not (region.start <= t.head.idx < region.end) or t.head.i == t.i]
        if not tops:
            return None, None
        node, hops = tops[0], 0
        while hops < 12:
            hops += 1
            outside = not (region.open <= node.idx < region.end + 1)
            if outside and self.is_speech(node):
                return node, None
            for child in node.children:
                if child.lower_ in self.openers and not self.quoted[child.idx]:
                    source = self.source_phrase(child)
                    if source is not None:
                        return None, source
            if node.head.i == node.i:
                break
            node = node.head
        return None, None

    def introduced(self, region: _Region, previous: _Region | None) -> str | None:
        """The speaker of a quote paragraph with no attribution of its own."""
        number = region.paragraph
        # a colon at the end of the paragraph before: "X had the following to say:"
        back = number - 1
        while back >= 0 and self.questions[back]:
            back -= 1
        if back >= 0:
            p_start, p_end = self.paras[back]
            if self.text[p_start:p_end].rstrip().endswith(":") and not self.quoted[p_end - 1]:
                speaker, _, _ = self.colon_speaker(p_end - 1)
                if speaker:
                    return speaker
        floor = self.paras[max(0, number - 3)][0]
        carry = previous is not None and previous.start >= floor
        lower = previous.start if carry else floor
        person = self.pick(lower, region.open)
        if person == NOBODY:  # the unnamed speaker of the quote before goes on, else nobody known
            return previous.speaker if carry else None
        if person:
            return person
        if previous is not None and (carry or (back < number - 1 and previous.speaker)):
            return previous.speaker  # continuing quotes, or the next answer of an interview
        # nobody in the last paragraphs: the person introduced before them, else the organisation
        # that is the subject just before ("The ministry issued a statement. “...”")
        return self.latest(region.open, self.is_person) or \
            self.pick(floor, region.open, lambda m: not self.is_person(m))

    def statements(self, regions: list[_Region]) -> list[_Region]:
        """Paragraphs set out after a colon sentence with a speech verb, without quote marks."""
        found = []
        opened = {r.paragraph for r in regions if r.open == self.paras[r.paragraph][0]}
        number = 0
        while number < len(self.paras) - 1:
            p_start, p_end = self.paras[number]
            line = self.text[p_start:p_end].rstrip()
            following = number + 1
            if not line.endswith(":") or self.questions[number] or self.quoted[p_end - 1] or \
                    following in opened or self.questions[following]:
                number += 1
                continue
            speaker, cue, speech = self.colon_speaker(p_end - 1)
            if not speech or speaker is None:
                number += 1
                continue
            last = following
            while last + 1 < len(self.paras) and last + 1 - following < 10 and last + 1 not in opened and \
                    not self.questions[last + 1] and speaks_first_person(self.text[slice(*self.paras[last + 1])]):
                last += 1
            start, end = self.paras[following][0], self.paras[last][1]
            found.append(_Region(start, start, end, None, following, last, [], "statement", speaker, cue))
            number = last + 1
        return found

    def answers(self, regions: list[_Region], statements: list[_Region]) -> list[_Region]:
        """Interview answers set out without quote marks after a question line."""
        found = []
        opened = {r.paragraph for r in regions}
        taken = {p for s in statements for p in range(s.paragraph, s.last_paragraph + 1)}
        for number, question in enumerate(self.questions[:-1]):
            following = number + 1
            if question and following not in opened and following not in taken and not self.questions[following]:
                start, end = self.paras[following]
                found.append(_Region(start, start, end, None, following, following, [], "answer"))
        return found

    # -- reported speech --------------------------------------------------------------------------

    def indirect(self) -> list[QuoteCandidate]:
        out = []
        doc = self.doc
        for token in doc:
            if self.quoted[token.idx] or self.in_question(token.idx):
                continue
            if self.is_speech(token):
                clauses = [c for c in token.children if c.dep_ == "ccomp"]
                # "voiced the opinion that ...", "expressed the hope that ..."
                clauses += [c for o in token.children if o.dep_ == "dobj" for c in o.children
                            if c.dep_ in {"acl", "ccomp"} and any(m.lower_ == "that" and m.dep_ == "mark"
                                                                 for m in c.children)]
                if clauses:
                    speaker = None
                    for clause in clauses:
                        if self.quoted[clause.idx]:
                            continue  # the verb of a direct quote: "...," he said
                        speaker = speaker or self.speaker_of_verb(token)
                        if speaker is None:
                            break
                        pieces = [(clause.left_edge.i, clause.right_edge.i + 1)]
                        self.emit(out, pieces, speaker, token.lemma_.lower(), clause)
                elif token.dep_ == "parataxis" and token.head.pos_ in {"VERB", "AUX"} and \
                        not self.quoted[token.head.idx]:
                    speaker = self.speaker_of_verb(token)
                    if speaker:  # "No talks, the Taliban claimed, were possible"
                        head = token.head
                        pieces = [(head.left_edge.i, token.left_edge.i),
                                  (token.right_edge.i + 1, head.right_edge.i + 1)]
                        self.emit(out, pieces, speaker, token.lemma_.lower(), head)
            elif token.lower_ in self.openers:
                found = self.source_phrase(token)
                if found is None:
                    continue
                source, cue = found
                speaker = self.actor_of(source)
                if speaker is None:
                    continue
                head = token.head
                while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i and head.dep_ != "ROOT":
                    head = head.head
                scope = (head.left_edge.i, head.right_edge.i + 1) if head.pos_ in {"VERB", "AUX"} else \
                    (sentences(token.doc).of(token.i).start, sentences(token.doc).of(token.i).end)
                phrase = (token.i, max(token.i, source.right_edge.i) + 1)
                pieces = [(scope[0], phrase[0]), (phrase[1], scope[1])]
                self.emit(out, pieces, speaker, cue, head)
        return out

    def emit(self, out: list, pieces: list[tuple[int, int]], speaker: str, cue: str, head: Token) -> None:
        doc = self.doc
        trimmed = []
        filed = dateline_end(self.text)  # "TOKYO (Jiji Press) — North Korea fired ...": the dateline is no one's words
        for start, end in pieces:
            while start < end and doc[start].idx < filed:
                start += 1
            while start < end:
                first = doc[start]
                if (first.is_punct and first.text not in OPENING | {STRAIGHT}) or first.is_space or \
                        (first.lower_ == "that" and first.dep_ == "mark"):
                    start += 1
                elif first.pos_ in {"ADV", "CCONJ"} and start + 1 < end and doc[start + 1].text == ",":
                    start += 2  # "However, ..."
                else:
                    break
            while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in CLOSING | {STRAIGHT})
                                   or doc[end - 1].is_space):
                end -= 1
            if end > start:
                trimmed.append(doc[start:end])
        if not trimmed or (trimmed[0][0].i == head.i and head.pos_ in {"AUX", "VERB"}):
            return  # nothing left, or an inverted clause ("were the Taliban to ...") that is no report
        words = sum(1 for span in trimmed for t in span if t.is_alpha)
        verbs = sum(1 for span in trimmed for t in span if t.pos_ in {"VERB", "AUX"})
        if words < 3 or not verbs:
            return
        start, end = trimmed[0].start_char, trimmed[-1].end_char
        text = " ".join(span.text for span in trimmed)
        out.append(QuoteCandidate(start, end, text, speaker, "indirect", cue, self.sentence(start, end)))


@Language.component("realpolitik_quotes")
def quote_finder(doc: Doc) -> Doc:
    """Sets `doc._.quotes`: direct, partial, indirect quotes and statements with their speakers."""
    doc._.quotes = _Reader(doc).read() if len(doc) else []
    return doc


# --- from candidates to records (pure) -------------------------------------------------------------

def quotes_to_records(candidates: list[QuoteCandidate], doc_id: str, date: str | None) -> list[Quote]:
    """Pure: one document's quote candidates into `Quote` records with ids stable across runs."""
    records, seen = [], set()
    for candidate in candidates:
        key = (candidate.start, candidate.end)
        if key in seen:
            continue
        seen.add(key)
        records.append(Quote(id=stable_id(doc_id, candidate.start, candidate.end),
                             span=Span(doc_id, candidate.start, candidate.end), speaker=candidate.speaker,
                             text=candidate.text, date=date, kind=candidate.kind))
    return records
