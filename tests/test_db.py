import pytest
from sqlalchemy import inspect, select

from realpolitik.errors import NotFoundError, StoreError
from realpolitik.records import Actor, ArticleRecords, Document, Mention, PublicationDate, Span
from realpolitik.store import schema
from realpolitik.store.db import Store


def article(doc_id="d1", text="Putin met Rahmon.", actors=(), mentions=()):
    document = Document(id=doc_id, source=f"{doc_id}.txt", text=text, title=None, author=None, url=None,
                        outlet=None, published=PublicationDate("2020", "year", "metadata"), language="en")
    return ArticleRecords(document, list(actors), list(mentions))


def person(ident, name, country=None):
    return Actor(id=ident, name=name, type="person", country=country)


def test_schema_is_versioned(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    with store.engine.connect() as connection:
        assert store.schema_version(connection) == schema.SCHEMA_VERSION
    Store(str(tmp_path / "a.db"))  # opening again migrates nothing and fails nothing


@pytest.mark.sqlite_only
def test_sqlite_readers_do_not_wait_for_writers(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_newer_schema_is_refused(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    with store.engine.begin() as connection:
        connection.execute(schema.meta.update().values(value="999"))
    with pytest.raises(StoreError, match="newer"):
        Store(str(tmp_path / "a.db"))


def test_article_written_once_with_its_records(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    records = article(actors=[person("person.vladimir-putin", "Vladimir Putin")],
                      mentions=[Mention(Span("d1", 0, 5), "person.vladimir-putin", "Putin", (0, 17))])
    assert store.write_article(records, b"", ["00:x"]) is True
    assert store.write_article(records, b"", ["00:x"]) is False
    assert store.counts()["documents"] == 1 and store.counts()["mentions"] == 1


def test_failed_write_leaves_nothing_half_stored(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    bad = article(mentions=[Mention(Span("d1", 0, 5), "person.nobody", "Putin")])  # actor row missing
    with pytest.raises(StoreError, match="d1"):
        store.write_article(bad, b"", [])
    assert store.counts()["documents"] == 0


def test_person_country_is_filled_later_but_never_overwritten(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    store.write_article(article("d1", actors=[person("person.x", "X Y")]), b"", [])
    store.write_article(article("d2", actors=[person("person.x", "X Y", "RUS")]), b"", [])
    store.write_article(article("d3", actors=[person("person.x", "X Y", "USA")]), b"", [])
    assert store.find_actor("X Y")["country"] == "RUS"


def test_merge_and_split_are_reversible(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    store.write_article(article(actors=[person("person.a", "Ann Bee"), person("person.b", "A. Bee")]), b"", [])
    store.merge_actors("Ann Bee", "person.b")
    assert store.merged_into() == {"person.b": "person.a"}
    with pytest.raises(StoreError):
        store.merge_actors("person.a", "person.a")
    store.split_actor("person.b")
    assert store.merged_into() == {}
    with pytest.raises(StoreError, match="not merged"):
        store.split_actor("person.b")
    with pytest.raises(NotFoundError):
        store.find_actor("Nobody At All")


def test_surname_only_person_joins_the_full_name_across_articles(tmp_path):
    store = Store(str(tmp_path / "a.db"))
    store.write_article(article("d1", actors=[person("person.kabulov", "Kabulov")]), b"", [])
    store.write_article(article("d2", actors=[person("person.zamir-kabulov", "Zamir Kabulov")]), b"", [])
    assert store.consolidate_people() == [("person.zamir-kabulov", "person.kabulov")]
    store.split_actor("person.kabulov")
    assert store.consolidate_people() == []  # a user's split is respected
    with store.engine.connect() as connection:
        assert len(connection.execute(select(schema.actor_merges)).all()) == 1


def test_an_older_database_is_migrated_in_place(tmp_path):
    path = str(tmp_path / "old.db")
    store = Store(path)
    store.write_article(article(), b"", [])
    with store.engine.begin() as connection:  # make it look like a version-1 database
        connection.exec_driver_sql("DROP INDEX ix_events_date")
        connection.exec_driver_sql("ALTER TABLE documents DROP COLUMN extractor")
        connection.exec_driver_sql("ALTER TABLE events DROP COLUMN confidence")
        connection.exec_driver_sql("ALTER TABLE events DROP COLUMN rules")
        schema.derived_relations.drop(connection)
        connection.execute(schema.meta.update().values(value="1"))
    reopened = Store(path)
    with reopened.engine.connect() as connection:
        assert reopened.schema_version(connection) == schema.SCHEMA_VERSION
        inspector = inspect(connection)
        names = {index["name"] for index in inspector.get_indexes("events")}
        assert inspector.has_table("derived_relations")
        assert "extractor" in {column["name"] for column in inspector.get_columns("documents")}
        assert {"confidence", "rules"} <= {column["name"] for column in inspector.get_columns("events")}
    assert {"ix_events_date", "ix_events_place_date"} <= names
    assert reopened.counts()["documents"] == 1  # nothing stored is lost
