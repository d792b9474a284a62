"""Sentence lookup by token, and the text, computed once per Doc.

spaCy's `Token.sent` walks the document's sentences on every call, and `Doc.text` joins every token
again on every call; extractors ask for both many times, so they use these instead.
"""
from __future__ import annotations

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
