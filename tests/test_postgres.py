"""The PostgreSQL backend. The whole suite runs on it when REALPOLITIK_TEST_PG names a server (see
conftest); these tests check that the server is there when CI says it must be, and that a plain
`postgresql://` URL works end to end."""
import os

import pytest

from conftest import ON_POSTGRES, PG_URL, postgres_url_for
from realpolitik import Realpolitik, Settings
from realpolitik.store.db import Store, database_url

REQUIRED = os.environ.get("REALPOLITIK_REQUIRE_PG") == "1"
needs_server = pytest.mark.skipif(not PG_URL and not REQUIRED,
                                  reason="no PostgreSQL server configured: set REALPOLITIK_TEST_PG=postgresql://…")


def test_postgres_urls_use_the_psycopg_driver():
    assert database_url("postgresql://u:p@localhost/db").startswith("postgresql+psycopg://")
    if not ON_POSTGRES:  # on PostgreSQL runs the tests' file names are mapped to the server on purpose
        assert database_url("corpus.db").startswith("sqlite:///")


@needs_server
def test_the_server_ci_asks_for_is_there():
    assert PG_URL, "REALPOLITIK_REQUIRE_PG=1 but REALPOLITIK_TEST_PG is not set"
    store = Store(PG_URL + ("&" if "?" in PG_URL else "?") + "options=-csearch_path%3Dpublic")
    assert store.engine.dialect.name == "postgresql"


@needs_server
def test_an_ingest_on_postgres_stores_what_sqlite_stores(tmp_path):
    story = ("Talks\n\nPublished on 2 March 2022.\n\nKazakhstan and Kyrgyzstan held talks in Astana "
             "on March 1, 2022. Tajikistan denied that it had attacked Kyrgyzstan.")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    on_postgres = Realpolitik(Settings(db=postgres_url_for(str(tmp_path / "pg.db"))))
    on_sqlite = Realpolitik(Settings(db=str(tmp_path / "lite.db")))
    for corpus in (on_postgres, on_sqlite):
        corpus.ingest([tmp_path / "a.txt"])
    assert on_postgres.store.engine.dialect.name == "postgresql"
    assert on_postgres.store.counts()["events"] >= 1
    assert list(on_postgres.records()) == list(on_sqlite.records())
