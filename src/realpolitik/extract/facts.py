"""Numeric facts: a spaCy component and a pure function from its candidates to `Fact` records.

`realpolitik_facts` (after the parser) finds number expressions in the text with one regular
expression: digits ("2,200", "1.5", European "1,5 million"), number words ("twelve", "two thousand"),
fractions before "of" ("a third of"), with an optional currency sign, scale ("million", "bn") and a
measurement unit written right after ("45 miles", "1344-km", "10%", "500,000 rubles"). Neighbours
merge into ranges ("10–15%", "between 3,500 and 4,000"), and the hedge before a number is recorded
("some 3,000", "up to 6,500"). Dates, years, ordinals, labels ("No.201", "GBU-43", "Resolution 2254"),
clock times and numbers inside words are left out.

The dependency parse then says what the number counts or measures: the noun it modifies
("2,500 troops" -> troop), the "of" phrase of a measure ("90 percent of heroin"), the noun after a
hyphenated measure ("1344-km border"), or, for a number that is a predicate ("the number of guards is
16,000", "numbers are as low as 2,200"), the clause's subject. The lexicon of units, number words and
hedges is data: `data/lexicon/units.yaml`. `facts_to_records` turns the candidates into `Fact`s.
"""
from __future__ import annotations

import bisect
import calendar
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from realpolitik.config import DATA_DIR, load_yaml
from realpolitik.dates import find_dates
from realpolitik.extract.sentences import text_of
from realpolitik.records import Fact, Span, stable_id

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)


@dataclass
class FactCandidate:
    start: int  # character offsets of the number expression (hedge, number, unit) in doc.text
    end: int
    quantity: float  # for a range, the high value
    low: float | None = None
    high: float | None = None
    approximate: str | None = None  # the hedge, normalised: about, some, up to, more than, ...
    unit: str | None = None  # singular, lower case: km, percent, border guard, troop
    subject: str | None = None  # what is counted or measured, a short phrase from the text
    sentence: tuple[int, int] = (0, 0)
    text: str = ""  # the number expression as written
    sentence_text: str = ""  # the sentence it stands in, shown to users as the fact's context


# --- the lexicon ---------------------------------------------------------------------------------

def _alternation(forms) -> str:
    """Longest first, so "per cent" wins over "per"; spaces match any run of whitespace."""
    ordered = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = load_yaml((DATA_DIR / "lexicon" / "units.yaml").read_text(encoding="utf-8"))
    unit_of = {}
    for canonical, forms in data["units"].items():
        for form in [canonical, *forms]:
            unit_of[" ".join(str(form).lower().split())] = canonical
    hedge_of = {}
    for canonical, forms in data["approximations"].items():
        for form in forms:
            hedge_of[" ".join(str(form).lower().split())] = canonical
    words = {str(k).lower(): int(v) for k, v in data["number_words"].items()}
    scales = {str(k).lower(): int(v) for k, v in data["scales"].items()}
    fractions = {str(k).lower(): float(v) for k, v in data["fractions"].items()}
    months = {m for m in list(calendar.month_name) + list(calendar.month_abbr) if m} | {"Sept"}
    return {
        "unit_of": unit_of,
        "currency": {str(k): v for k, v in data["currency_signs"].items()},
        "words": words,
        "scales": scales,
        "fractions": fractions,
        "hedge_of": hedge_of,
        "identifiers": {str(w).lower() for w in data["identifier_words"]},
        "count_nouns": {str(w).lower() for w in data["count_nouns"]},
        "measure_verbs": {str(w).lower() for w in data["measure_verbs"]},
        "year_safe": {" ".join(str(w).lower().split()) for w in data["year_safe_nouns"]},
        "durations": {str(w).lower() for w in data.get("duration_nouns", [])},
        "outcomes": {str(k).lower(): str(v) for k, v in data["outcome_verbs"].items()},
        "outcomes_intransitive": {str(k).lower(): str(v) for k, v in data["outcome_intransitive"].items()},
        "change_verbs": {str(w).lower() for w in data["change_verbs"]},
        "months": months,
        "atom": _atom_regex(data, words, scales, fractions),
        "hedge_re": re.compile(r"(?i)(?:^|(?<=[^\w]))(" + _alternation(hedge_of).replace(r"\s+", r"[^\S\n]+")
                               + r")[^\S\n]+$"),  # on the same line as the number
        "ident_re": re.compile(r"(?:^|(?<=[^\w]))(" + _alternation(
            list(data["identifier_words"]) + list(data["identifier_words_capitalised"])) + r")\.?\s*$", re.I),
        "time_re": re.compile(r"^\s*(?:" + _alternation(data["time_words"]) + r")(?![A-Za-z])"),
        "month_before": re.compile(r"(?:^|(?<=[^\w]))(?:" + "|".join(sorted(months, key=len, reverse=True))
                                   + r")\.?\s+$"),
        "month_after": re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(sorted(months, key=len, reverse=True))
                                  + r")\b"),
    }


def _atom_regex(data: dict, words: dict, scales: dict, fractions: dict) -> re.Pattern:
    word_scales = [s for s in scales if len(s) > 3]  # hundred, thousand, million ... (not "bn", "mn")
    tens = [w for w, v in words.items() if 20 <= v < 100 and v % 10 == 0]
    ones = [w for w, v in words.items() if 1 <= v <= 9]
    word = (r"(?:(?:" + "|".join(tens) + r")-(?:" + "|".join(ones) + r")|"
            + _alternation(list(words) + word_scales) + r")")
    small = "|".join(w for w, v in words.items() if 1 <= v <= 10)
    scale = _alternation(scales)
    numeral = (
        r"(?P<frac>(?:an?|" + small + r")[\s-]+(?:" + _alternation(fractions) + r"))(?=\s+of\b)"
        r"|(?P<euro>\d{1,3},\d{1,2})(?=\s*(?:" + scale + r")\b)"  # "1,5 million": a decimal comma
        r"|(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"|(?P<words>(?:an?\s+)?" + word + r"(?:(?:\s+and\s+|\s+|-)" + word + r")*)"
    )
    units = _alternation([str(f) for forms in data["units"].values() for f in forms] + list(data["units"]))
    signs = _alternation(data["currency_signs"])
    pattern = (
        # not inside a word or a label ("GBU-43", "No.201", "9/11")
        r"(?<![\w.,/#:$€£₽@&+=])(?<![A-Za-z][-–—])"
        r"(?:(?P<cur>" + signs + r")\s?)?"
        r"(?P<num>" + numeral + r")"
        r"(?:(?:\s+|-)?(?P<scale>" + scale + r")(?![A-Za-z]))?"
        r"(?P<short>[mk](?![A-Za-z]))?"
        r"(?:(?P<usep>\s*-\s*|\s*)(?P<unit>" + units + r")(?![A-Za-z]))?"
        r"(?![\w]|[.,:/]\d)"  # not a part of "1,2,3", "10:30", "5G", "30th", "1990s"
    )
    return re.compile(pattern, re.IGNORECASE)


# --- reading a number ----------------------------------------------------------------------------

def _word_value(text: str, words: dict, scales: dict) -> tuple[float, int] | None:
    """The value of a number in words and the length of the text it uses: "two thousand" -> 2000;
    "twelve and three" -> 12 (stops where the words stop making one number); "a" alone -> None."""
    parts = [(m.group().lower(), m.end()) for m in re.finditer(r"[A-Za-z]+", text)]
    total, current, used_end, last, value_seen = 0, 0, 0, None, False
    best: tuple[float, int] | None = None
    for i, (w, end) in enumerate(parts):
        if w in {"a", "an"}:
            if i != 0 or i + 1 >= len(parts) or not (parts[i + 1][0] in scales or parts[i + 1][0] == "dozen"):
                break
            current, last = 1, "a"
            continue
        if w == "and":
            if last not in {"hundred", "scale"}:
                break
            last = "and"
            continue
        if w == "dozen":
            if last in {"unit", "teen", "a"}:
                current = current * 12
            elif last is None:
                current = 12
            else:
                break
            last = "dozen"
        elif w == "hundred":
            if last not in {"unit", "teen", "a"}:
                break
            current *= 100
            last = "hundred"
        elif w in scales:
            if last in {None, "and", "scale"}:
                break
            total += current * scales[w]
            current, last = 0, "scale"
        elif w in words:
            v = words[w]
            if v < 10 and last in {None, "hundred", "scale", "and", "ten"}:
                current += v
                last = "unit"
            elif 10 <= v < 20 and last in {None, "hundred", "scale", "and"}:
                current += v
                last = "teen"
            elif v >= 20 and last in {None, "hundred", "scale", "and"}:
                current += v
                last = "ten"
            else:
                break
        else:
            break
        value_seen = True
        used_end = end
        best = (float(total + current), used_end)
    if not value_seen:
        return None
    return best


@dataclass
class _Atom:
    start: int  # incl. currency sign
    end: int  # incl. scale and unit
    num_start: int
    num_end: int  # end of the number and its scale, before the unit
    value: float
    raw: float  # before the scale
    scale: float
    unit: str | None
    unit_start: int | None
    unit_hyphen: bool
    kind: str  # digits, words, frac, euro
    plain_int: bool  # digits only, no comma or decimal point


def _atoms(text: str) -> list[_Atom]:
    lex = lexicon()
    found = []
    for m in lex["atom"].finditer(text):
        kind = next(k for k in ("frac", "euro", "digits", "words") if m.group(k))
        num_text = m.group(kind)
        num_start, num_end = m.start("num"), m.end("num")
        end = m.end()
        scale = 1.0
        unit = lex["currency"].get(m.group("cur")) if m.group("cur") else None
        unit_start = m.start("cur") if m.group("cur") else None
        unit_hyphen = False
        try:
            if kind == "frac":
                n, frac = re.split(r"[\s-]+", num_text.lower(), maxsplit=1)
                raw = (1 if n in {"a", "an"} else lex["words"][n]) * lex["fractions"][frac]
            elif kind == "euro":
                raw = float(num_text.replace(",", "."))
            elif kind == "digits":
                raw = float(num_text.replace(",", ""))
            else:
                parsed = _word_value(num_text, lex["words"], lex["scales"])
                if parsed is None:
                    continue
                raw, used = parsed
                if num_start + used < num_end:  # the words stopped making one number: keep what they made
                    num_end = end = num_start + used
                    found.append(_Atom(m.start(), end, num_start, num_end, raw, raw, 1.0, unit, unit_start, False,
                                       kind, False))
                    continue
        except (ValueError, KeyError, OverflowError):
            continue
        if m.group("scale"):
            scale = float(lex["scales"][m.group("scale").lower()])
            num_end = m.end("scale")
        short = m.group("short")
        if short:
            if short.lower() == "k" or (short.lower() == "m" and m.group("cur")):
                scale = 1000.0 if short.lower() == "k" else 1e6
                num_end = m.end("short")
            elif short.lower() == "m" and not m.group("unit"):
                unit, unit_start = "m", m.start("short")
            else:
                continue
        if m.group("unit"):
            unit = lex["unit_of"].get(" ".join(m.group("unit").lower().split()))
            unit_start = m.start("unit")
            unit_hyphen = "-" in (m.group("usep") or "")
        elif kind == "frac":
            unit = "fraction"
        value = raw * scale
        if not math.isfinite(value):
            continue
        found.append(_Atom(m.start(), end, num_start, num_end, value, raw, scale, unit, unit_start, unit_hyphen,
                           kind, kind == "digits" and re.fullmatch(r"\d+", num_text) is not None))
    return found


# --- from atoms to expressions: ranges, hedges, exclusions ----------------------------------------

@dataclass
class _Expr:
    low: _Atom | None
    high: _Atom
    start: int
    hedge: str | None


RANGE_SEP = re.compile(r"[^\S\n]*(?:-|–|—|to)[^\S\n]*", re.I)
AND_SEP = re.compile(r"[^\S\n]+and[^\S\n]+", re.I)
BETWEEN = re.compile(r"(?:^|(?<=[^\w]))(between|from)[^\S\n]+$", re.I)
# ("all four gunmen", "another five people" still count: wire copy states numbers so)
SMALL_REFERENCE = {"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your",
                   "whose", "every", "each", "first", "last", "next", "other", "same", "latter",
                   "former", "remaining", "said", "above"}


ONE_PRONOUN = {"no", "any", "every", "each", "some", "the", "this", "that", "which", "anyone", "everyone", "only",
               "just", "than", "as"}


def _window(text: str, start: int, size: int = 40) -> str:
    return text[max(0, start - size):start]


def _expressions(text: str, atoms: list[_Atom]) -> list[_Expr]:
    """Merge neighbouring atoms into ranges, attach "between"/"from" and the hedge."""
    lex = lexicon()
    out: list[_Expr] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        before = _window(text, atom.start)
        between = BETWEEN.search(before)
        start = between.start(1) + max(0, atom.start - 40) if between else atom.start
        if i + 1 < len(atoms):
            nxt = atoms[i + 1]
            gap = text[atom.end:nxt.start]
            joined = RANGE_SEP.fullmatch(gap) or (between and between.group(1).lower() == "between"
                                                   and AND_SEP.fullmatch(gap))
            if joined and (atom.unit is None or nxt.unit is None or atom.unit == nxt.unit):
                low_value = atom.value
                if atom.scale == 1.0 and nxt.scale != 1.0 and atom.raw <= nxt.raw:
                    low_value = atom.raw * nxt.scale  # "1-2 million": the scale belongs to both
                if low_value < nxt.value:
                    atom.value = low_value
                    if atom.unit is not None and nxt.unit is None:
                        nxt.unit, nxt.unit_start, nxt.unit_hyphen = atom.unit, atom.unit_start, atom.unit_hyphen
                    hedge_start = start
                    hedge = None
                    match = lex["hedge_re"].search(_window(text, start))
                    if match:
                        hedge = lex["hedge_of"].get(" ".join(match.group(1).lower().split()))
                        hedge_start = start - len(_window(text, start)) + match.start(1)
                    out.append(_Expr(atom, nxt, hedge_start, hedge))
                    i += 2
                    continue
                # "3-1", "1999-1998": not a range; neither stands alone
                i += 2
                continue
        start = atom.start
        match = lex["hedge_re"].search(_window(text, start))
        hedge = None
        if match:
            hedge = lex["hedge_of"].get(" ".join(match.group(1).lower().split()))
            start = start - len(_window(text, start)) + match.start(1)
        out.append(_Expr(None, atom, start, hedge))
        i += 1
    return out


def _excluded_atom(text: str, atom: _Atom, dates: list[tuple[int, int]], date_starts: list[int],
                   in_range: bool = False) -> str | None:
    """Why an atom is not a quantity, read from the characters around it; None when it may be one."""
    lex = lexicon()
    before = _window(text, atom.start, 30)
    # a label: "GBU-43", "No. 201", "Resolution 2254", "page 12"
    if re.search(r"[A-Za-z][-–]$", before):
        return "label"
    ident = lex["ident_re"].search(before)
    if ident:
        word = ident.group(1).lower()
        if word in lex["identifiers"] or ident.group(1)[:1].isupper():
            return "label"
    # a range's second half whose first half was not a number ("Su-25", "24-7" handled above)
    if not in_range and re.search(r"\d\s*[-–—/]$", before):
        return "part"
    # a date: inside an explicit date, or a day next to a month ("April 14", "14 April")
    k = bisect.bisect_right(date_starts, atom.num_end) - 1
    while k >= 0 and dates[k][1] > atom.num_start - 200:
        s, e = dates[k]
        if s < atom.num_end and atom.num_start < e:
            if not _year_with_unit(text, atom, s, e):
                return "date"
        k -= 1
    if atom.kind == "digits" and lex["month_before"].search(_window(text, atom.num_start, 12)):
        return "date"
    if atom.kind == "digits" and lex["month_after"].match(text[atom.num_end:atom.num_end + 16]):
        return "date"
    if lex["time_re"].match(text[atom.end:atom.end + 16]):
        return "time"
    if atom.kind == "words":
        word = text[atom.num_start:atom.num_end]
        prev = re.search(r"([A-Za-z’']+)\s+$", _window(text, atom.num_start, 20))
        if atom.value == 1 and atom.scale == 1.0 and (
                re.match(r"\s+(?:of|another|by|after|or|and\s+only)\b", text[atom.end:atom.end + 16], re.I)
                or (prev and prev.group(1).lower() in ONE_PRONOUN)):
            return "one"  # "one of", "no one": not a count (a counting "one" must say what befell it, below)
        if atom.value < 20 and prev and prev.group(1).lower() in SMALL_REFERENCE \
                and text[atom.num_end:atom.num_end + 1] != "-":  # "the four-day truce" measures the truce
            return "reference"  # "the two countries" names things already counted
        if word[:1].isupper() and not _sentence_initial(text, atom.start):
            return "name"  # "the Group of Eight", "Five Eyes"
    return None


def _year_with_unit(text: str, atom: _Atom, s: int, e: int) -> bool:
    """A bare four-digit year-like number followed by a unit is a quantity ("2000 km", "1950 troops")."""
    if not (atom.plain_int and s == atom.num_start and e == atom.num_end):
        return False
    if atom.unit and atom.kind == "digits":
        return True
    following = re.match(r"\s+([A-Za-z]+(?:\s+[A-Za-z]+)?)", text[atom.end:atom.end + 40])
    if not following:
        return False
    words = following.group(1).lower()
    year_safe = lexicon()["year_safe"]
    return words in year_safe or words.split()[0] in year_safe


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:\n"


# --- reading the parse ---------------------------------------------------------------------------

NUMBER_DEPS = {"nummod", "compound", "quantmod", "nmod", "amod", "npadvmod", "appos", "conj", "cc", "advmod"}
MODIFIER_DEPS = {"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "poss"}
LEFT_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod", "punct", "nummod", "quantmod", "advmod", "det"}
RIGHT_DEPS = {"prep", "cc", "conj", "compound", "case"}
STOP_DEPS = {"relcl", "acl", "advcl", "appos", "parataxis", "ccomp", "xcomp", "punct", "mark", "dep"}
STOP_TEXT = {",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "—", "--", "…"}
CLIMB_DEPS = {"attr", "dobj", "pobj", "acomp", "prep", "advmod", "npadvmod", "quantmod", "oprd", "nummod",
              "conj", "appos", "agent"}
POSSESSIVE = {"'s", "’s", "'", "’"}
RELATIVE = {"which", "that", "whom", "who", "whose"}
DEMONSTRATIVE = {"that", "this", "these", "those"}
MAX_SUBJECT_TOKENS = 12
TEMPORAL = {"at", "during", "after", "before", "since", "until", "by", "for", "on"}
LOCATIVE = {"in", "on", "at", "within", "across", "inside", "throughout"}
DISTANCE_WORDS = {"from", "away", "off", "north", "south", "east", "west", "northeast", "northwest", "southeast",
                  "southwest", "inside", "outside", "beyond", "short", "across", "along", "behind", "into"}


def _is_number_token(token) -> bool:
    lex = lexicon()
    low = token.lower_
    return (token.like_num or token.pos_ == "NUM" or low in lex["scales"] or low in lex["words"]
            or low in lex["currency"] or token.tag_ == "$")


def _number_head(token):
    """Climb from a number token through the other number tokens of its expression ("1,5" -> "million")."""
    for _ in range(4):
        head = token.head
        if head.i == token.i or token.dep_ not in NUMBER_DEPS or not _is_number_token(head):
            break
        if abs(head.i - token.i) > 4:
            break
        token = head
    return token


def _singular_unit(head) -> str:
    """The counted noun, singular and lower case, with the plain nouns compounded to it ("border guards")."""
    lex = lexicon()
    lemma = (head.lemma_ or head.text).lower()
    if head.tag_ == "NNPS" and lemma == head.lower_ and lemma.endswith("s") and not lemma.endswith("ss"):
        lemma = lemma[:-1]  # "Uzbeks" -> "uzbek": the lemmatiser leaves proper plurals alone
    if head.lower_ in lex["unit_of"]:
        return lex["unit_of"][head.lower_]
    words = [lemma]
    cursor = head.i - 1
    doc = head.doc
    while cursor >= 0 and head.i - cursor <= 2:
        tok = doc[cursor]
        if tok.dep_ == "compound" and tok.head.i in {head.i, cursor + 1} and tok.pos_ == "NOUN" and tok.is_lower \
                and not _is_number_token(tok):
            words.insert(0, tok.lower_)
            cursor -= 1
        else:
            break
    return " ".join(words)


def _right_end(token, sent_end: int) -> int:
    """Token index just past the prepositional phrases and conjuncts that follow `token` in its phrase,
    stopping at commas, relative clauses and other clauses."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ not in RIGHT_DEPS or child.left_edge.i > end:
            break
        if child.dep_ == "conj" and any(t.dep_ == "nummod" for t in child.children):
            break  # "twelve soldiers and two thousand troops": the next quantity is its own fact
        stop = min(child.right_edge.i + 1, child.left_edge.i + MAX_SUBJECT_TOKENS)
        for i in range(child.left_edge.i, stop):
            tok = token.doc[i]
            inner_punct = tok.dep_ == "punct" and tok.text in "-–'’"  # "Tajik–Afghan", "IS-K's"
            if tok.text in STOP_TEXT or "\n" in tok.text or (tok.dep_ in STOP_DEPS and tok.i != child.i
                                                            and not inner_punct):
                stop = i
                break
        end = max(end, stop)
        if stop <= child.right_edge.i:
            break
    return min(end, sent_end)


def _subtree_end(token, sent_end: int) -> int:
    """Token index just past `token` and what it governs to its right, stopping at commas and clauses."""
    end = token.i + 1
    for i in range(token.i + 1, min(token.right_edge.i + 1, token.i + MAX_SUBJECT_TOKENS, sent_end)):
        tok = token.doc[i]
        if tok.text in STOP_TEXT or "\n" in tok.text or (tok.dep_ in STOP_DEPS - {"punct"}):
            break
        end = tok.i + 1
    return min(end, sent_end, token.i + MAX_SUBJECT_TOKENS)


def _phrase(token, floor: int, sent, skip: range | None = None) -> tuple[int, int]:
    """The noun phrase around `token` as a token range: its modifiers (not determiners or the number
    expression itself) and what follows it (prepositional phrases, conjuncts)."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_DEPS:
            start = min(start, child.left_edge.i)
    start = max(start, floor, sent.start, token.i - MAX_SUBJECT_TOKENS // 2)
    if skip is not None and start < skip.stop <= token.i:
        start = max(start, skip.stop)
    while start < token.i and (doc[start].dep_ in {"det", "predet", "cc", "advmod", "quantmod", "prep"}
                               or doc[start].is_punct or _is_number_token(doc[start])
                               or doc[start].lower_ in lexicon()["hedge_of"]):
        start += 1
    # a possessor the parser did not attach: "IS-K's numbers"
    if start > sent.start and doc[start - 1].text in POSSESSIVE:
        cursor = start - 2
        while cursor > sent.start and (doc[cursor - 1].whitespace_ == "" or doc[cursor - 1].pos_ == "PROPN") \
                and doc[cursor - 1].text not in STOP_TEXT:
            cursor -= 1
        if cursor >= sent.start and (doc[cursor].pos_ in {"PROPN", "NOUN", "X"} or doc[cursor].text[:1].isupper()):
            start = cursor
    end = _right_end(token, sent.end)
    end = min(end, start + MAX_SUBJECT_TOKENS)
    while end > start + 1 and (doc[end - 1].dep_ in {"cc", "prep", "det", "punct", "case"}
                               and doc[end - 1].text not in POSSESSIVE or doc[end - 1].is_space):
        end -= 1
    return start, end


def _text(doc, start: int, end: int) -> str | None:
    if end <= start:
        return None
    text = doc[start:end].text.strip()  # (doc.text would rebuild the whole text on every call)
    text = re.sub(r"\s+", " ", text)
    return text or None


def _linear_noun(doc, after: int, sent):
    """The noun a hyphenated measure describes, read left to right ("1344-km Tajik–Afghan border"):
    the parser often hangs such phrases on the wrong word."""
    i = after
    while i < sent.end and i - after < 6:
        tok = doc[i]
        if tok.pos_ == "NOUN" and not _is_number_token(tok):
            while i + 1 < sent.end and doc[i + 1].pos_ in {"NOUN"} and tok.dep_ == "compound":
                i += 1
                tok = doc[i]
            return tok
        if tok.pos_ in {"PROPN", "ADJ", "NOUN"} or (tok.is_punct and tok.text in "-–—" and not tok.whitespace_
                                                     and (i == 0 or not doc[i - 1].whitespace_)):
            i += 1
            continue
        return None
    return None


def _linear_counted(doc, after: int, sent):
    """A plural noun right after a number, past names and adjectives only ("36 IS fighters")."""
    i = after
    while i < sent.end and i - after < 4:
        tok = doc[i]
        if tok.pos_ in {"NOUN", "PROPN"} and tok.tag_ in {"NNS", "NNPS"} and not _is_number_token(tok):
            return tok
        if tok.pos_ in {"PROPN", "ADJ", "NOUN"} or (tok.text in "-–" and not tok.whitespace_) \
                or (tok.text.isupper() and tok.is_alpha):  # "IS", tagged as a verb
            i += 1
            continue
        return None
    return None


def _of_object(token):
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _predicate_subject(anchor):
    """For a number that is a predicate ("... is 16,000", "... as low as 2,200", "... stood at 9,000"):
    the subject of its clause, when the verb states a quantity."""
    lex = lexicon()
    token = anchor
    for _ in range(5):
        if token.dep_ not in CLIMB_DEPS or token.head.i == token.i:
            return None, None
        token = token.head
        if token.pos_ in {"VERB", "AUX"}:
            break
    else:
        return None, None
    if token.pos_ == "VERB" and token.lemma_.lower() in lex["change_verbs"] \
            and any(t.lower_ == "to" and t.dep_ == "prep" and t.head.i == token.i for t in anchor.ancestors):
        # "cut the garrison to 2,500": the number is what the object becomes
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        return (obj, token) if obj is not None and obj.pos_ in {"NOUN", "PROPN"} else (None, None)
    if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in lex["measure_verbs"]:
        return None, None
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return None, None
    if subject.lower_ in RELATIVE and token.dep_ == "relcl":
        subject = token.head
    elif subject.pos_ == "PRON":
        return None, None
    return subject, token


@dataclass
class _Reading:
    unit: str | None
    subject: str | None
    end_token: int | None = None  # extend the expression to this token (the counted noun after the number)
    reject: bool = False
    noun: int | None = None  # the token that names what is counted, or the number itself when nothing does


def _read_counted(subject_token, sent, floor: int) -> tuple[str | None, str | None]:
    """Unit and subject from the subject of a quantity clause, looking through count nouns
    ("the number of Kyrgyz guards at the post" -> guard, "Kyrgyz guards at the post")."""
    lex = lexicon()
    doc = subject_token.doc
    if subject_token.lemma_.lower() in lex["count_nouns"] or subject_token.lower_ in lex["count_nouns"]:
        counted = _of_object(subject_token)
        if counted is not None and counted.pos_ in {"NOUN", "PROPN"} and counted.lower_ not in RELATIVE:
            start, end = _phrase(counted, floor, sent)
            # the count noun's own later modifiers often describe the counted ("number of guards on patrol")
            whole_end = _right_end(subject_token, sent.end)
            if whole_end > end and all(doc[i].text not in STOP_TEXT for i in range(end, whole_end)):
                end = min(whole_end, start + MAX_SUBJECT_TOKENS)
            return _singular_unit(counted), _text(doc, start, end)
        start, end = _phrase(subject_token, floor, sent)
        return None, _text(doc, start, end)
    return None, None


class _Sentences:
    """The sentences of a Doc, found once; looked up by token index in O(log n)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.parsed = doc.has_annotation("DEP")
        if doc.has_annotation("SENT_START") or self.parsed:
            self.spans = list(doc.sents)
        else:
            self.spans = [doc[:]]
        self.starts = [s.start for s in self.spans]

    def of(self, i: int):
        return self.spans[max(0, bisect.bisect_right(self.starts, i) - 1)]

    def bounds(self, i: int) -> tuple[int, int]:
        """Character offsets of the sentence of token i, without surrounding whitespace."""
        text = self.text
        sent = self.of(i)
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        return start, end


def _read(doc, sentences: _Sentences, expr: _Expr, previous: list[FactCandidate]) -> _Reading:
    """Unit and subject of one expression, from the parse."""
    lex = lexicon()
    atom = expr.high
    num = doc.char_span(atom.num_start, atom.num_end, alignment_mode="expand")
    if num is None or len(num) == 0:
        return _Reading(atom.unit, None)
    sent = sentences.of(num[-1].i)
    first = doc.char_span(expr.start, atom.num_end, alignment_mode="expand")
    skip = range(first.start if first is not None else num.start, num.end)
    unit = atom.unit
    anchor = _number_head(num[-1])
    parsed = sentences.parsed

    if unit is not None and atom.unit_start is not None and atom.unit_start >= atom.num_end:
        unit_span = doc.char_span(atom.unit_start, atom.end, alignment_mode="expand")
        unit_tok = unit_span[-1] if unit_span is not None and len(unit_span) else anchor
        skip = range(skip.start, max(skip.stop, unit_tok.i + 1))
        if not parsed:
            return _Reading(unit, None)
        if atom.unit_hyphen or (unit_tok.dep_ in {"compound", "amod", "nmod"} and unit_tok.head.i > unit_tok.i):
            noun = _linear_noun(doc, unit_tok.i + 1, sent)
            if noun is not None:
                start, end = _phrase(noun, unit_tok.i + 1, sent)
                first = unit_tok.i + 1
                while first < noun.i and (doc[first].is_punct
                                          or (doc[first - 1].text in "-–" and doc[first].pos_ == "ADJ")):
                    first += 1  # "2,000-km-long border" -> "border"
                return _Reading(unit, _text(doc, first, max(end, noun.i + 1)))
        return _Reading(unit, _measured(doc, unit_tok, sent, skip, previous))

    if unit is not None and parsed:  # a currency sign before the number
        head = anchor.head
        if anchor.dep_ in MODIFIER_DEPS and head.pos_ in {"NOUN", "PROPN"} and head.i > anchor.i \
                and not _is_number_token(head):
            start, end = _phrase(head, skip.stop, sent)
            return _Reading(unit, _text(doc, start, end))
        return _Reading(unit, _measured(doc, anchor, sent, skip, previous))

    if not parsed:
        return _Reading(None, None)

    head = anchor.head
    if anchor.dep_ in MODIFIER_DEPS | {"appos"} and head.i != anchor.i and head.pos_ in {"NOUN", "PROPN"} \
            and not _is_number_token(head):
        if head.i < anchor.i:
            return _Reading(None, None, reject=True)  # "Resolution 2254", "base 201": a label
        if head.i - skip.stop > 6:
            return _Reading(None, None)
        if head.lower_ in lex["unit_of"]:  # a unit the regular expression did not see ("20 square kilometres")
            return _Reading(lex["unit_of"][head.lower_], _measured(doc, head, sent, skip, previous), head.i,
                            noun=head.i)
        hyphen_attached = sentences.text[atom.num_end:atom.num_end + 1] == "-"
        if hyphen_attached:  # "a 12-member delegation", "a three-day visit"
            if head.pos_ != "NOUN":
                return _Reading(None, None, reject=True)
            noun = _linear_noun(doc, head.i + 1, sent)
            if noun is not None:
                start, end = _phrase(noun, head.i + 1, sent)
                return _Reading(_singular_unit(head), _text(doc, head.i + 1, max(end, noun.i + 1)), head.i,
                                noun=head.i)
            return _Reading(_singular_unit(head), None, head.i, noun=head.i)
        start, end = _phrase(head, skip.stop, sent, skip)
        unit = _singular_unit(head)
        if head.lemma_.lower() in lex["count_nouns"]:
            counted = _of_object(head)
            if counted is not None:
                unit = _singular_unit(counted)
        return _Reading(unit, _text(doc, start, end), head.i if head.left_edge.i <= skip.stop else None,
                        noun=head.i)
    if anchor.dep_ in {"nummod", "appos"} and head.i < anchor.i and head.pos_ in {"NOUN", "PROPN"}:
        return _Reading(None, None, reject=True)
    noun = _linear_counted(doc, skip.stop, sent)
    if noun is not None:  # the parser lost the number's noun ("a total of 36 IS fighters")
        _start, end = _phrase(noun, skip.stop, sent, skip)
        return _Reading(_singular_unit(noun), _text(doc, skip.stop, max(end, noun.i + 1)), noun.i, noun=noun.i)
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < head.i:
        # "a population of 10 million", "a force of 2,000": the noun the number is "of"
        owner = head.head
        start, _end = _phrase(owner, sent.start, sent)
        return _Reading(None, _text(doc, start, owner.i + 1))
    subject, verb = _predicate_subject(anchor)
    if subject is not None:
        unit, text = _read_counted(subject, sent, sent.start)
        if text is None and verb.lemma_.lower() != "be" and subject.pos_ in {"NOUN", "PROPN"}:
            start, end = _phrase(subject, sent.start, sent)
            return _Reading(_singular_unit(subject), _text(doc, start, end))
        if unit is None and subject.lower_ in lex["count_nouns"] and _of_object(subject) is None \
                and any(c.lower_ in DEMONSTRATIVE for c in subject.lefts):
            # "cut that number to 2,500": the figure the text gave just before
            for candidate in reversed(previous[-3:]):
                if candidate.unit is not None and candidate.unit not in lex["unit_of"].values():
                    return _Reading(candidate.unit, candidate.subject)
        return _Reading(unit, text)
    return _Reading(None, None, noun=anchor.i)


def _measured(doc, unit_tok, sent, skip: range, previous: list[FactCandidate]) -> str | None:
    """What a measure ("percent", "km", "rubles") is of: its "of" phrase, the noun it modifies, the
    word it measures ("45 miles away from ..."), or the subject of a quantity clause."""
    counted = _of_object(unit_tok)
    if counted is not None:
        if counted.lower_ in RELATIVE or counted.tag_ in {"WDT", "WP"}:
            # "a third of which": what the sentence's previous quantity measured
            for candidate in reversed(previous):
                if candidate.start < sent.start_char:
                    break
                if candidate.subject:
                    return candidate.subject
            return None
        start, end = _phrase(counted, unit_tok.i + 1, sent)
        if end < sent.end and doc[end].lower_ in LOCATIVE and doc[end].pos_ == "ADP":
            # "70 percent of opium on the global market": the parser often hangs the place on the verb
            end = max(end, _subtree_end(doc[end], sent.end))
        return _text(doc, start, end)
    head = unit_tok.head
    if unit_tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < head.i:
        # "an altitude of 50 km", "a budget of $3 million": the noun the measure is "of"
        start, _end = _phrase(head.head, sent.start, sent)
        return _text(doc, start, head.head.i + 1)
    if unit_tok.dep_ in MODIFIER_DEPS and head.i != unit_tok.i and head.pos_ in {"NOUN", "PROPN"} \
            and head.i > unit_tok.i and not _is_number_token(head):
        start, end = _phrase(head, skip.stop, sent, skip)
        return _text(doc, start, end)
    if unit_tok.dep_ == "npadvmod" and head.pos_ in {"ADV", "ADJ"} and head.i > unit_tok.i \
            and _right_end(head, sent.end) > head.i + 1:
        return _text(doc, head.i, _right_end(head, sent.end))  # "45 miles away from the border"
    following = doc[unit_tok.i + 1] if unit_tok.i + 1 < sent.end else None
    if following is not None and following.lower_ in DISTANCE_WORDS:
        # "20 kilometers from the border", "45 miles north of Kabul": the place it is measured from
        end = following.i + 1
        while end < sent.end and end - following.i < 8:
            tok = doc[end]
            if tok.text in STOP_TEXT or "\n" in tok.text or tok.pos_ in {"VERB", "AUX", "PRON", "SCONJ"} \
                    or (end > following.i + 1 and tok.lower_ in TEMPORAL):
                break
            end += 1
        while end > following.i + 1 and doc[end - 1].pos_ in {"ADP", "DET", "CCONJ", "PUNCT", "PART"}:
            end -= 1
        text = _text(doc, following.i, end)
        if text and len(text.split()) > 1:
            return text
    subject, _verb = _predicate_subject(unit_tok)
    if subject is not None:
        unit, text = _read_counted(subject, sent, sent.start)
        if text is None and subject.pos_ in {"NOUN", "PROPN"}:
            start, end = _phrase(subject, sent.start, sent)
            return _text(doc, start, end)
        return text
    if unit_tok.dep_ in {"dobj", "npadvmod"} and head.pos_ == "VERB" and head.i < unit_tok.i:
        # "the missile flew 650 km", "Moscow paid $5 million": who did what the measure measures
        actor = next((c for c in head.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}), None)
        if actor is not None:
            start, end = _phrase(actor, sent.start, sent)
            return f"{_text(doc, start, end)} {head.text}"
    return None


AGE = re.compile(r"[^\S\n]*[-–][^\S\n]*old\b", re.I)


def _participle(verb) -> str | None:
    """The word that says what befell the counted, with a verb that shares them ("killed and injured")."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    word = lex["outcomes"].get(lemma) or lex["outcomes_intransitive"].get(lemma) \
        or lex["outcomes_intransitive"].get(verb.lower_)
    if word is None:
        return None

    def joined(first, second) -> str:  # "killed or wounded": the text's own conjunction
        cc = next((c.lower_ for c in first.children if c.dep_ == "cc"), "and")
        return f"{lex['outcomes'].get(first.lemma_.lower())} {cc} {lex['outcomes'].get(second.lemma_.lower())}"

    head = verb.head
    if verb.dep_ == "conj" and head.lemma_.lower() in lex["outcomes"] \
            and not any(c.dep_ in {"dobj", "nsubjpass"} for c in head.children):
        return joined(head, verb)  # "killing or wounding 50": the first verb shares the object
    for child in verb.children:
        if child.dep_ == "conj" and child.lemma_.lower() in lex["outcomes"] and child.lemma_ != verb.lemma_ \
                and not any(c.dep_ in {"nsubj", "nsubjpass", "dobj"} for c in child.children):
            return joined(verb, child)
    return word


def _outcome(token) -> str | None:
    """What the text says befell the counted ("11 civilians were killed", "killed three people",
    "12 people died", "one dead", "including one woman" of those killed), as its participle."""
    lex = lexicon()
    for _ in range(3):
        for child in token.rights:  # "11 civilians killed", "one dead", "people being killed"
            if child.dep_ in {"acl", "amod"} and child.tag_ in {"VBN", "JJ", "VBG"}:
                word = _participle(child)
                if word is not None and (child.tag_ != "VBG" or any(c.lower_ == "being" for c in child.lefts)):
                    return word
        head = token.head
        if head.i == token.i:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ in {"VERB", "AUX", "ADJ"}:
            if token.dep_ in {"nsubjpass", "dobj"} and lemma in lex["outcomes"]:
                return _participle(head)
            if token.dep_ == "nsubj" and (lemma in lex["outcomes_intransitive"]
                                          or (lemma in lex["outcomes"] and head.tag_ == "VBN"
                                              and not any(c.lemma_ == "have" for c in head.lefts))):
                return _participle(head)  # "12 died", "and six wounded" (the passive's auxiliary elided)
        if token.dep_ == "pobj" and (head.lower_ in {"including", "among"}
                                     or (head.lower_ == "with" and head.head.lower_ == "along")):
            # "killed six people, including one woman": the woman among the killed; "along with" the same
            owner = head.head if head.lower_ != "with" else head.head.head
            if owner.pos_ == "VERB" and owner.lemma_.lower() in lex["outcomes"]:
                return _participle(owner)
            token = owner
            continue
        if token.dep_ == "conj" and head.pos_ in {"NOUN", "PROPN", "NUM"}:
            token = head  # "11 civilians were killed and five ..."
            continue
        return None
    return None


def _with_outcome(subject: str | None, noun, outcome: str) -> str:
    """ "Chinese citizens in Tajikistan" + killed -> "Chinese citizens killed in Tajikistan": the
    participle after the counted noun, so the subject's head word says which figure it is."""
    if not subject:
        return outcome
    if subject.endswith(outcome):
        return subject
    match = re.search(r"(?<!\w)" + re.escape(noun.text) + r"(?!\w)", subject)
    if match is None or noun.like_num or subject[match.end():].startswith(" of "):
        return f"{subject} {outcome}"  # "guards of the border post killed": the "of" phrase names them
    return f"{subject[:match.end()]} {outcome}{subject[match.end():]}"


def _antecedent(previous: list[FactCandidate], sentence: tuple[int, int] | None,
                parts: set[int]) -> FactCandidate | None:
    """The last count of people or things before, in the same sentence (not a measure such as km or %)."""
    lex = lexicon()
    for candidate in reversed(previous):
        if sentence is None or candidate.sentence != sentence:
            return None
        if candidate.unit is not None and candidate.start not in parts and candidate.unit not in lex["unit_of"].values() \
                and candidate.unit not in lex["durations"] and candidate.unit not in {"fraction", "other"}:
            return candidate
    return None


def _of_relative(token) -> bool:
    """ "205 of whom", "two of which": a part of what the sentence counted before."""
    obj = _of_object(token)
    return obj is not None and obj.lower_ in RELATIVE


def _relative_subject(subject: str | None, number) -> str | None:
    """ "people injured" + "205 of whom received care" -> "people injured who received care"."""
    verb = number.head
    if verb.pos_ not in {"VERB", "AUX"} or number.dep_ not in {"nsubj", "nsubjpass"}:
        return subject
    doc = number.doc
    first = next((c.i for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}), verb.i)
    end = _subtree_end(verb, number.sent.end)
    phrase = _text(doc, max(first, number.i + 1), end)
    if not phrase:
        return subject
    phrase = re.sub(r"^of \w+ ", "", phrase).rstrip(" .,;:")
    return f"{subject or ''} who {phrase}".strip()


def _deadline(duration) -> str | None:
    """ "leave within 72 hours", "72 hours to leave": the act the stretch of time is a deadline for."""
    verb = None
    if duration.dep_ == "pobj" and duration.head.lower_ == "within":
        verb = duration.head.head
    else:
        verb = next((c for c in duration.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"
                     and any(a.lower_ == "to" for a in c.lefts)), None)
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    doc = duration.doc
    sent = duration.sent
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and passive.pos_ in {"NOUN", "PROPN"}:
        start, end = _phrase(passive, sent.start, sent)
        return f"{_text(doc, start, end)} {verb.text}"
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < duration.i), None)
    words = f"to {verb.lemma_.lower()}"
    if obj is not None:
        _start, end = _phrase(obj, verb.i + 1, sent)
        words += " " + (_text(doc, max(obj.left_edge.i, verb.i + 1), end) or "")
    return words.strip()


# --- the component -------------------------------------------------------------------------------

def find_facts(doc: Doc) -> list[FactCandidate]:
    """Numeric fact candidates of a parsed Doc, in text order."""
    text = text_of(doc)
    atoms = _atoms(text)
    if not atoms:
        return []
    found_dates = find_dates(text)
    dates = [(d.start, d.end) for d in found_dates]
    date_starts = [s for s, _ in dates]
    sentences = _Sentences(doc)
    out: list[FactCandidate] = []
    part_starts: set[int] = set()  # starts of the counts that name a part of an earlier one
    for expr in _expressions(text, atoms):
        parts = [(a, high) for a, high in ((expr.low, False), (expr.high, True)) if a is not None]
        if any(_excluded_atom(text, a, dates, date_starts, in_range=high and expr.low is not None)
               for a, high in parts):
            continue
        atom = expr.high
        reading = _read(doc, sentences, expr, out)
        if reading.reject:
            continue
        unit, subject = reading.unit, reading.subject
        noun = doc[reading.noun] if reading.noun is not None else None
        outcome = _outcome(noun) if noun is not None else None
        sentence_of = sentences.bounds(noun.i) if noun is not None else None
        if noun is not None and unit is None and subject is None:
            # a number with no noun of its own: "205 of whom ...", "killing one and wounding two"
            earlier = _antecedent(out, sentence_of, part_starts)
            if _of_relative(noun) and earlier is not None:
                unit, subject = earlier.unit, _relative_subject(earlier.subject, noun)
                outcome = None  # the clause after "of whom" is already in the subject
            elif outcome is not None:
                whole = _of_object(noun)
                if whole is not None and whole.pos_ in {"NOUN", "PROPN"}:
                    # "15 of its observers were freed": a part of a named whole
                    start, end = _phrase(whole, whole.left_edge.i, sentences.of(noun.i))
                    unit, subject = _singular_unit(whole), _text(doc, start, end)
                    noun = whole
                else:
                    unit = earlier.unit if earlier is not None else None
        elif unit == "other" and noun is not None:  # "13 others": of the kind counted before in the sentence
            earlier = _antecedent(out, sentence_of, part_starts)
            unit = earlier.unit if earlier is not None else unit
        if outcome is not None:
            subject = _with_outcome(subject, noun, outcome)
        if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in {"including", "among"}:
            part_starts.add(expr.start)  # "including one boy" is a part of the count before, not a kind to refer to
        if unit is None and subject is None:
            continue  # a bare number says nothing checkable
        if atom.kind == "words" and atom.value == 1 and outcome is None:
            continue  # "one" counts only what it says befell ("one killed", "one soldier was hurt")
        if unit is None and all(a.plain_int and 1900 <= a.value <= 2099 for a, _ in parts):
            continue  # a bare year
        durations = lexicon()["durations"]
        if unit and unit.lower() in durations and noun is not None:
            subject = _deadline(noun) or subject
        if unit and unit.lower() in durations and (subject is None or subject.lower() in durations):
            continue  # "for 40 years", "two weeks after": a stretch of time, not an amount of something
        if atom.kind == "words" and unit is None and outcome is None:
            continue  # "two of them": number words count something named, or nothing
        if unit is None and any(t.ent_type_ in {"TIME", "DATE", "ORDINAL"} for t in
                                (doc.char_span(atom.num_start, atom.num_end, alignment_mode="expand") or [])):
            continue
        end = atom.end
        if reading.end_token is not None:
            end = max(end, doc[reading.end_token].idx + len(doc[reading.end_token].text))
        num = doc.char_span(atom.num_start, atom.num_end, alignment_mode="expand")
        sentence = sentences.bounds(num[-1].i) if num is not None and len(num) else (0, len(text))
        end = min(end, max(sentence[1], atom.end))
        if AGE.match(text, end):
            continue  # "an eight-year-old son": an age, not an amount
        low = expr.low.value if expr.low is not None else None
        high = atom.value if expr.low is not None else None
        out.append(FactCandidate(
            start=expr.start, end=end, quantity=atom.value, low=low, high=high, approximate=expr.hedge,
            unit=unit, subject=subject, sentence=sentence, text=text[expr.start:end],
            sentence_text=text[sentence[0]:sentence[1]],
        ))
    return out


@Language.component("realpolitik_facts")
def facts_component(doc: Doc) -> Doc:
    """Sets `doc._.facts` to the document's numeric fact candidates."""
    doc._.facts = find_facts(doc)
    return doc


# --- from candidates to records (pure) -------------------------------------------------------------

def facts_to_records(candidates: list[FactCandidate], doc_id: str, date: str | None) -> list[Fact]:
    """Pure: one `Fact` per candidate, its text the sentence it stands in, its id stable across runs.
    A range gives two: its low bound (whose `high` completes the range where a store keeps only a
    quantity and its high) and its high bound, so either figure is found when searched by quantity."""
    records = []
    for c in candidates:
        bounds = [c.low, c.quantity] if c.low is not None and c.low != c.quantity else [c.quantity]
        for quantity in bounds:
            records.append(Fact(
                id=stable_id(doc_id, c.start, c.end, quantity),
                span=Span(doc_id, c.start, c.end),
                quantity=quantity,
                unit=c.unit,
                subject=c.subject,
                text=c.sentence_text or c.text,
                low=c.low,
                high=c.high,
                approximate=c.approximate,
                date=date,
            ))
    return records
