"""Relations and contradictions kept in the database: the same as computing them, and never stale."""
from conftest import ingested_corpus
from realpolitik.analyze import derived
from realpolitik.api import Realpolitik
from realpolitik.config import Settings
from realpolitik.serve import export as exporter

STORIES = {
    "a.txt": "Border clash\n\nPublished on 4 May 2019.\n\nKazakh troops attacked Kyrgyz border posts near Osh "
             "on May 2, 2019. Kyrgyzstan accused Kazakhstan of provoking the clash.",
    "b.txt": "Deal signed\n\nPublished on 9 June 2021.\n\nKazakhstan and Kyrgyzstan signed a border agreement "
             "in Bishkek on June 8, 2021. Tajikistan denied that it had attacked Kyrgyzstan.",
}
LATER = "Talks\n\nPublished on 2 March 2022.\n\nKazakhstan and Kyrgyzstan held talks in Astana on March 1, 2022."


def computed(store):
    return [r.record() for r in exporter.relations(store)]


def test_stored_relations_equal_computed_ones_and_pages_add_up(tmp_path):
    corpus = ingested_corpus(tmp_path, STORIES)
    total, items = derived.relations(corpus.store, limit=1000)
    assert total == len(items) == len(computed(corpus.store)) > 0
    assert items == computed(corpus.store)
    first_total, first = derived.relations(corpus.store, limit=1)
    _, second = derived.relations(corpus.store, limit=1, offset=1)
    assert first_total == total and first + second == items[:2]
    assert derived.refresh(corpus.store) is False  # nothing changed since the ingest refreshed them


def test_a_new_article_or_a_merge_refreshes_them(tmp_path):
    corpus = ingested_corpus(tmp_path, STORIES)
    before = derived.relations(corpus.store, period="2022")[0]
    (tmp_path / "c.txt").write_text(LATER, encoding="utf-8")
    corpus.ingest([tmp_path / "c.txt"])
    assert before == 0 and derived.relations(corpus.store, period="2022")[0] >= 1
    corpus.merge_actors("Kazakhstan", "Kyrgyzstan")
    assert derived.relations(corpus.store, limit=1000)[1] == computed(corpus.store)


def test_readers_keep_the_last_complete_set_until_a_writer_or_serve_refreshes(tmp_path):
    from realpolitik.core import Ingestor
    from realpolitik.serve.rest import create_app

    corpus = ingested_corpus(tmp_path, STORIES)
    before = derived.relations(corpus.store, limit=1000)[1]
    (tmp_path / "c.txt").write_text(LATER, encoding="utf-8")
    other = Realpolitik(Settings(db=str(tmp_path / "corpus.db")))
    Ingestor(other.settings, other.store, other.registry).run([str(tmp_path / "c.txt")])  # an ingest under way
    assert corpus.store.derived_stamp() != derived.current_stamp(corpus.store)
    assert derived.relations(corpus.store, limit=1000)[1] == before  # no recomputing on every read
    create_app(corpus)  # serve starts: brought up to date
    assert derived.relations(corpus.store, limit=1000)[1] == computed(corpus.store) != before


def test_a_database_never_refreshed_is_computed_on_first_read(tmp_path):
    from realpolitik.core import Ingestor

    (tmp_path / "a.txt").write_text(STORIES["a.txt"], encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(tmp_path / "corpus.db")))
    Ingestor(corpus.settings, corpus.store, corpus.registry).run([str(tmp_path / "a.txt")])
    assert corpus.store.derived_stamp() is None
    assert derived.relations(corpus.store, limit=1000)[1] == computed(corpus.store)


def test_graph_and_contradictions_read_from_the_stored_tables(tmp_path):
    corpus = ingested_corpus(tmp_path, STORIES)
    graph = derived.graph(corpus.store)
    assert graph["edges"] and all(edge["a"] in graph["nodes"] and edge["b"] in graph["nodes"] for edge in graph["edges"])
    pairs = [(edge["a"], edge["b"]) for edge in graph["edges"]]
    assert len(pairs) == len(set(pairs))  # one edge a pair: its latest year
    assert len(derived.graph(corpus.store, limit=1)["edges"]) == 1
    total, items = derived.contradictions(corpus.store)
    assert total == len(items) == len(exporter.contradiction_records(corpus.store, corpus.store.merged_into()))


def test_changed_analysis_rules_make_the_stored_sets_stale(tmp_path, monkeypatch):
    corpus = ingested_corpus(tmp_path, STORIES)
    assert not derived.refresh(corpus.store)  # up to date
    monkeypatch.setattr(derived, "rules_fingerprint", lambda: "an upgrade")
    assert derived.refresh(corpus.store)  # same articles, other rules: recomputed


def test_busiest_pairs_are_the_stored_relations_of_those_pairs_without_evidence(tmp_path):
    corpus = ingested_corpus(tmp_path, {**STORIES, "c.txt": LATER})
    pairs = derived.busiest_pairs(corpus.store, limit=2)
    assert 0 < len(pairs) <= 2
    full = {}
    for record in computed(corpus.store):
        full.setdefault((record["a"], record["b"]), []).append(record)
    for pair, series in pairs.items():
        assert [(r["period"], r["score"], r["events"]) for r in series] == \
            [(r["period"], r["score"], r["events"]) for r in full[pair]]
        assert all("evidence" not in r for r in series)


def test_an_overview_without_the_document_list_still_gives_counts_and_the_years_spanned(tmp_path):
    corpus = ingested_corpus(tmp_path, {**STORIES, "c.txt": LATER})
    light, full = corpus.overview(documents=False), corpus.overview()
    assert light["documents"] is None and light["counts"] == full["counts"]
    assert light["years"] == ["2019", "2022"] and light["top_actors"] == full["top_actors"]
