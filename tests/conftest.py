"""Shared fixtures: one spaCy pipeline per test session, real SQLite files in tmp_path.

REALPOLITIK_TEST_PG=postgresql://USER:PASSWORD@HOST/DB names a PostgreSQL server for the tests.
With REALPOLITIK_TEST_BACKEND=postgresql as well, the same tests run on it: every database file a
test names becomes a schema of its own on that server (dropped at the end), so the code under test
is the same and only the store differs. `make test` runs the suite both ways when a server is named;
CI names one, and with REALPOLITIK_REQUIRE_PG=1 a missing server is an error, not a skip.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from realpolitik.config import BLAS_THREADS, prefer_threads

prefer_threads(BLAS_THREADS)  # the suite runs spaCy as the command line does: set before NumPy loads

from realpolitik import Realpolitik, Settings  # noqa: E402
from realpolitik.nlp.pipeline import build_pipeline  # noqa: E402
from realpolitik.resolve.registry import load_registry  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


PG_URL = os.environ.get("REALPOLITIK_TEST_PG")
ON_POSTGRES = bool(PG_URL) and os.environ.get("REALPOLITIK_TEST_BACKEND") == "postgresql"
PG_SCHEMAS: set[str] = set()


def pytest_collection_modifyitems(config, items):
    if ON_POSTGRES:
        skip = pytest.mark.skip(reason="checks SQLite's own settings (WAL, files); not a PostgreSQL behaviour")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def postgres_url_for(path: str) -> str:
    """The PostgreSQL schema standing for a database file: same path, same schema."""
    from sqlalchemy import create_engine, text

    from realpolitik.store.db import database_url

    schema = "t_" + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:20]
    if schema not in PG_SCHEMAS:
        engine = create_engine(database_url(PG_URL))
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        PG_SCHEMAS.add(schema)
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


def pytest_configure(config):
    """On PostgreSQL runs, database files named by tests become schemas on the server: patched once
    for the whole session, so module- and session-scoped fixtures use the server too."""
    if not ON_POSTGRES:
        return
    from realpolitik.store import db

    original = db.database_url

    def mapped(value: str) -> str:
        return original(value if "://" in value else postgres_url_for(value))

    db.database_url = mapped


def pytest_sessionfinish(session, exitstatus):
    if PG_URL and PG_SCHEMAS:
        from sqlalchemy import create_engine, text

        from realpolitik.store.db import database_url

        engine = create_engine(database_url(PG_URL))
        for schema in sorted(PG_SCHEMAS):  # one transaction each: dropping hundreds at once runs out of locks
            with engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def nlp(registry):
    return build_pipeline(Settings().model, registry)


NEWS = [SHARED / "corpus" / "news" / "a.jsonl", SHARED / "corpus" / "news" / "b.jsonl"]


@pytest.fixture(scope="session")
def news_corpus(tmp_path_factory) -> Realpolitik:
    """The 30 annotated wire stories of ../shared, ingested once for the accuracy gate and the golden output."""
    if not all(path.exists() for path in NEWS):
        pytest.skip("needs ../shared/corpus/news beside the checkout")
    corpus = Realpolitik(Settings(db=str(tmp_path_factory.mktemp("news") / "news.db")))
    summary = corpus.ingest([str(path) for path in NEWS])
    assert summary.count("ingested") == 30 and not summary.failed
    return corpus


@pytest.fixture
def corpus(tmp_path) -> Realpolitik:
    return Realpolitik(Settings(db=str(tmp_path / "test.db")))


@pytest.fixture
def code(nlp, registry):
    """Events of a sentence we wrote, as `realpolitik code` prints them."""
    from realpolitik.core import code_sentence

    def run(text, date="2020-06-15"):
        return code_sentence(nlp(text), date, registry)
    return run


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
