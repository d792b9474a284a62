"""The whole ingest path on articles we wrote."""
import json

from realpolitik.core import guess_title

STORY = ("Talks on the northern frontier\n\n"
         "DUSHANBE, May 4, 2019 - Tajik President Emomali Rahmon met Russian Defence Minister Sergei Shoigu "
         "in Dushanbe on Friday. Rahmon said the Kremlin would help guard the border. Afghan security forces "
         "reported clashes with the Taliban near the frontier the same week.\n\n"
         "The two leaders also discussed trade, labour migration and a new hydropower project on the river, "
         "and agreed that their defence ministers would meet again before the end of the year to review "
         "the programme of joint training for border units and the supply of equipment.\n\n"
         "This website uses cookies. Accept cookies\n")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_stores_clean_text_date_language_and_mentions(tmp_path, corpus):
    path = write(tmp_path, "story.txt", STORY)
    summary = corpus.ingest([path])
    assert summary.count("ingested") == 1
    [doc] = [r for r in corpus.records() if r["kind"] == "document"]
    assert doc["published"] == "2019-05-04" and doc["published_method"] == "dateline"
    assert doc["language"] == "en" and doc["title"] == "Talks on the northern frontier"
    actors = {r["id"]: r for r in corpus.records() if r["kind"] == "actor"}
    assert {"state.tjk", "state.rus", "state.afg", "group.taliban", "person.emomali-rahmon"} <= set(actors)
    assert "cookies" not in corpus.store.find_actor("state.tjk")["name"]


def test_reingesting_changes_nothing(tmp_path, corpus):
    path = write(tmp_path, "story.txt", STORY)
    corpus.ingest([path])
    before = list(corpus.records())
    summary = corpus.ingest([path])
    assert summary.count("duplicate") == 1 and summary.count("ingested") == 0
    assert list(corpus.records()) == before


def test_near_duplicate_copy_is_reported_not_stored(tmp_path, corpus):
    write(tmp_path, "a.txt", STORY)
    write(tmp_path, "b.txt", STORY.replace("the same week", "that same week") + "\nReprinted by a partner.")
    summary = corpus.ingest([tmp_path])
    assert summary.count("ingested") == 1
    [dup] = [o for o in summary.outcomes if o.status == "duplicate"]
    assert "near-duplicate" in dup.reason
    assert corpus.store.counts()["documents"] == 1


def test_failures_are_summarised_and_logged(tmp_path, corpus):
    write(tmp_path, "good.txt", STORY)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "bad.jsonl", '{"text": "Russia and China signed a deal in Beijing."}\n{oops\n')
    summary = corpus.ingest([tmp_path])
    assert summary.count("ingested") == 2 and summary.count("failed") == 2
    from realpolitik.store import schema

    log = list(corpus.store.rows(schema.ingest_log))
    assert {(r["status"], r["line"]) for r in log if r["status"] == "failed"} == {("failed", None), ("failed", 2)}


def test_non_english_is_skipped_unless_asked(tmp_path, corpus):
    write(tmp_path, "ru.txt", "Россия и Таджикистан провели совместные учения на границе с Афганистаном в мае.")
    assert corpus.ingest([tmp_path]).count("skipped") == 1
    assert corpus.ingest([tmp_path], languages=set()).count("ingested") == 1


def test_jsonl_metadata_is_used(tmp_path, corpus):
    item = {"text": "Kazakhstan removed the Taliban from its list of banned groups.", "title": "List change",
            "published": "2023-12-29", "author": "Desk", "url": "https://example.org/kz"}
    write(tmp_path, "items.jsonl", json.dumps(item) + "\n")
    corpus.ingest([tmp_path])
    [doc] = [r for r in corpus.records() if r["kind"] == "document"]
    assert (doc["title"], doc["published"], doc["source"], doc["author"]) == (
        "List change", "2023-12-29", "https://example.org/kz", "Desk")


def test_guess_title():
    assert guess_title("12 May 2020\n\nA headline without a full stop\n\nBody text.") == \
        "A headline without a full stop"
    assert guess_title("Only sentences here.\n\nAnd more.") is None


def test_user_registry_is_remembered_by_the_store(tmp_path):
    from realpolitik import Realpolitik, Settings

    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name: Northern Watch, type: armed_group, aliases: [NW Brigade]}\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    first = Realpolitik(Settings(db=db, actor_files=[mine]))
    assert first.registry.lookup("NW Brigade") == "group.northern-watch"
    later = Realpolitik(Settings(db=db))
    assert later.registry.lookup("Northern Watch") == "group.northern-watch"


def test_every_outcome_reaches_the_log_when_it_is_written_in_groups(tmp_path, corpus):
    lines = [json.dumps({"text": STORY})] + ["{not json"] * 40  # more outcomes than one log group
    write(tmp_path, "many.jsonl", "\n".join(lines) + "\n")
    summary = corpus.ingest([tmp_path])
    from realpolitik.store import schema

    log = list(corpus.store.rows(schema.ingest_log))
    assert summary.count("failed") == 40 and summary.count("ingested") == 1
    assert sorted(r["line"] for r in log if r["status"] == "failed") == list(range(2, 42))


def _as_if_an_older_version_extracted(corpus):
    """What a store made by an earlier release looks like: another extractor mark, fewer records."""
    from realpolitik.store import schema

    with corpus.store.engine.begin() as connection:
        connection.execute(schema.documents.update().values(extractor="older"))
        connection.execute(schema.events.delete())


def test_reextract_renews_what_an_older_version_extracted_and_keeps_merges(tmp_path, corpus):
    write(tmp_path, "story.txt", STORY)
    corpus.ingest([tmp_path])
    assert corpus.stale_documents() == 0 and corpus.reextract().outcomes == []  # nothing to renew
    before = list(corpus.records())
    corpus.merge_actors("Emomali Rahmon", "Sergei Shoigu")  # a user's merge
    merged = [r for r in corpus.records() if r["kind"] == "actor"]
    _as_if_an_older_version_extracted(corpus)
    assert corpus.stale_documents() == 1 and not any(r["kind"] == "event" for r in corpus.records())
    summary = corpus.reextract()
    assert summary.count("re-extracted") == 1 and corpus.stale_documents() == 0
    events = [r for r in corpus.records() if r["kind"] == "event"]
    assert events and len(events) == len([r for r in before if r["kind"] == "event"])
    assert [r for r in corpus.records() if r["kind"] == "actor"] == merged  # the merge holds
    # relations are derived again from the renewed events
    assert corpus.store.derived_stamp().split(":")[:5] == corpus.store.data_stamp().split(":")


def test_a_failed_reextraction_keeps_the_old_records(tmp_path, corpus, monkeypatch):
    from sqlalchemy.exc import SQLAlchemyError

    from realpolitik.store.db import Store

    write(tmp_path, "story.txt", STORY)
    corpus.ingest([tmp_path])
    before = list(corpus.records())

    def broken(connection, records):
        raise SQLAlchemyError("disk full")
    monkeypatch.setattr(Store, "_write_extractions", staticmethod(broken))
    summary = corpus.reextract(everything=True)
    assert summary.count("failed") == 1 and "could not re-extract" in summary.outcomes[0].reason
    assert list(corpus.records()) == before
