"""Shared fixtures: one spaCy pipeline per test session, real SQLite files in tmp_path."""
from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik import Realpolitik, Settings
from realpolitik.nlp.pipeline import build_pipeline
from realpolitik.resolve.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def nlp(registry):
    return build_pipeline(Settings().model, registry)


@pytest.fixture
def corpus(tmp_path) -> Realpolitik:
    return Realpolitik(Settings(db=str(tmp_path / "test.db")))


@pytest.fixture
def mentions(nlp):
    """Mention candidates of a text we wrote, as (surface, kind, actor id, country, role)."""
    def read(text: str):
        doc = nlp(text)
        return [(m.text, m.kind, m.actor, m.country, m.role) for m in doc._.actor_mentions]
    return read


def ingested_corpus(folder: Path, articles: dict[str, str]) -> Realpolitik:
    """A corpus in `folder` holding the given articles (file name -> text), ingested."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(folder / "corpus.db")))
    corpus.ingest([folder])
    return corpus
