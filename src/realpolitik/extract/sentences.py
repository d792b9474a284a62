"""Sentence lookup by token, computed once per Doc.

spaCy's `Token.sent` walks the document's sentences on every call; extractors ask it for many
tokens, so they use this index instead (bisect over sentence starts).
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

KEY = "realpolitik_sentences"


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
