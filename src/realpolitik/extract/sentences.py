"""Sentence lookup by token, and the text, computed once per Doc.

spaCy's `Token.sent` walks the document's sentences on every call, and `Doc.text` joins every token
again on every call; extractors ask for both many times, so they use these instead.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

KEY = "realpolitik_sentences"
TEXT_KEY = "realpolitik_text"


class Sentences:
    def __init__(self, doc: Doc):
        self.spans: list[Span] = list(doc.sents)
        self.starts = [span.start for span in self.spans]

    def of(self, token_index: int) -> Span:
        return self.spans[max(0, bisect_right(self.starts, token_index) - 1)]


def sentences(doc: Doc) -> Sentences:
    index = doc.user_data.get(KEY)
    if index is None or (index.spans and index.spans[-1].end != len(doc)):
        index = doc.user_data[KEY] = Sentences(doc)
    return index


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once (the text of a Doc never changes, retokenizing included)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


_PLACE = r"[A-Z][A-Za-z'.-]*(?:[ -][A-Z][A-Za-z'.-]*){0,3}"
_DATE = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?"
# Where wire copy says where and by whom a story was filed, before its first sentence: "KABUL, Aug 27
# (Reuters) -", "DUSHANBE, September 16. /TASS/.", "Moscow:", "HANOI, Vietnam (AP) —", "Shafaq News/".
DATELINE = re.compile(
    rf"\A\s*(?:{_PLACE}(?:[,.]\s*(?:{_DATE}|{_PLACE})\.?)?(?:\s*/[^/\n]{{1,30}}/\.?)?(?:\s*\([^()\n]{{1,60}}\))?"
    rf"\s*(?:--|[-\u2013\u2014:])\s"
    rf"|{_PLACE}(?:[,.]\s*(?:{_DATE}|{_PLACE})\.?)?(?:\s*/[^/\n]{{1,30}}/\.?|\s*\([^()\n]{{1,60}}\)|/)\s(?=[A-Z\u201c\"])"
    rf"|[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+)*,\s*{_PLACE}\s*\n)")


def dateline_end(text: str) -> int:
    """Where a dateline at the start of the text ends (0 when there is none): a place of filing and an
    agency, never an actor of the story."""
    match = DATELINE.match(text[:120])
    return match.end() if match and match.end() <= 90 else 0


def dateline_place(text: str) -> str | None:
    """The place name a dateline opens with ("KABUL" of "KABUL, Aug 27 (Reuters) -"), or None."""
    filed = dateline_end(text)
    match = re.match(r"\s*([A-Za-z][A-Za-z'’. -]*?[A-Za-z])\s*(?:[,.:(/\-\u2013\u2014]|$)", text[:filed]) \
        if filed else None
    return match.group(1) if match else None
