"""Where an event happened: the place its sentence names that the event word is nearest to, read
against the states the sentence and the document name. `core.locate` calls it for every event."""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from realpolitik.extract.sentences import sentences
from realpolitik.records import Location


def location_from_tokens(doc: Doc, tokens: list[int], trigger: int, gazetteer) -> Location | None:
    """The place nearest the event's word among the sentence's place names, read in the light of
    the states its own sentence names, then of those the document names (Kant in a story about
    Kyrgyzstan is the Kyrgyz Kant; "Kant, near Bishkek" is, even in a story that also names India)."""
    from realpolitik.resolve.places import context_countries

    cached = doc.user_data.get("realpolitik_place_context")
    if cached is None:  # once per document: the states it names, its entities, its mentions in order
        mentions = sorted(doc._.actor_mentions or (), key=lambda m: m.start)
        cached = doc.user_data["realpolitik_place_context"] = (context_countries(mentions), list(doc.ents),
                                                               mentions, [m.start for m in mentions])
    context, ents, mentions, starts = cached
    sentence = sentences(doc).of(trigger)
    nearby = context_countries(mentions[bisect_left(starts, sentence.start_char):
                                        bisect_left(starts, sentence.end_char)])
    for i in sorted(tokens, key=lambda i: abs(i - trigger)):
        token = doc[i]
        span = next((e for e in ents if e.start <= i < e.end), None)
        name = re.sub(r"(['’]s|['’])$", "", span.text if span is not None else token.text)
        location = gazetteer.lookup(name, nearby) if nearby else None
        if location is None or location.country not in nearby:
            location = gazetteer.lookup(name, context)
        if location is not None:
            return location
    return None
