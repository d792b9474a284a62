import csv
import io
import json

STORY = ("Russian President Vladimir Putin met Tajik President Emomali Rahmon in Sochi on October 9, 2015. "
         "Putin said Moscow would help Tajikistan guard its border against the Taliban.")

CONTRACT = {
    "document": {"id", "source", "title", "published", "language"},
    "actor": {"id", "name", "type", "country", "aliases"},
    "mention": {"doc", "actor", "start", "end", "text"},
    "event": {"id", "doc", "type", "mode", "source", "target", "date", "location", "modality", "text", "start", "end"},
    "quote": {"id", "doc", "speaker", "text", "start", "end", "date"},
    "fact": {"id", "doc", "quantity", "unit", "subject", "text", "start", "end", "date"},
    "relation": {"a", "b", "period", "score", "events", "evidence"},
}


def ingested(tmp_path, corpus):
    path = tmp_path / "s.txt"
    path.write_text(STORY, encoding="utf-8")
    corpus.ingest([path])
    return corpus


def test_jsonl_follows_the_contract(tmp_path, corpus):
    ingested(tmp_path, corpus)
    buffer = io.StringIO()
    corpus.export_jsonl(buffer)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    kinds = {line["kind"] for line in lines}
    assert {"document", "actor", "mention"} <= kinds
    docs = {d["id"]: d for d in lines if d["kind"] == "document"}
    actor_ids = {a["id"] for a in lines if a["kind"] == "actor"}
    for line in lines:
        assert CONTRACT[line["kind"]] <= set(line)
        if line["kind"] == "mention":
            assert line["actor"] in actor_ids and line["doc"] in docs
        if line["kind"] == "event":
            assert {line["source"], line["target"]} - {None} <= actor_ids
        if line["kind"] == "relation":
            assert {line["a"], line["b"]} <= actor_ids and -1 <= line["score"] <= 1
    putin = next(a for a in lines if a["kind"] == "actor" and a["name"] == "Vladimir Putin")
    assert putin["country"] == "RUS" and "Putin" in putin["aliases"]


def test_mention_spans_index_the_clean_text(tmp_path, corpus):
    ingested(tmp_path, corpus)
    from realpolitik.store import schema

    texts = {d["id"]: d["text"] for d in corpus.store.rows(schema.documents)}
    for record in corpus.records():
        if record["kind"] == "mention":
            assert texts[record["doc"]][record["start"]:record["end"]] == record["text"]


def test_merged_actor_exports_as_the_kept_one(tmp_path, corpus):
    ingested(tmp_path, corpus)
    corpus.merge_actors("Vladimir Putin", "Emomali Rahmon")
    records = list(corpus.records())
    assert not any(r["kind"] == "actor" and r["name"] == "Emomali Rahmon" for r in records)
    putin = next(r for r in records if r["kind"] == "actor" and r["name"] == "Vladimir Putin")
    assert "Emomali Rahmon" in putin["aliases"]
    corpus.split_actor("Emomali Rahmon")
    assert any(r["kind"] == "actor" and r["name"] == "Emomali Rahmon" for r in corpus.records())


def test_csv_and_parquet_write_a_file_per_kind(tmp_path, corpus):
    ingested(tmp_path, corpus)
    written = corpus.export_csv(tmp_path / "csv")
    assert {p.name for p in written} >= {"documents.csv", "actors.csv", "mentions.csv", "events.csv"}
    with open(tmp_path / "csv" / "actors.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r["name"] == "Tajikistan" for r in rows)
    import pyarrow.parquet as pq

    corpus.export_parquet(tmp_path / "pq")
    assert pq.read_table(tmp_path / "pq" / "mentions.parquet").num_rows > 3


def test_events_say_which_rules_made_them_and_how_sure_they_are(tmp_path, corpus):
    ingested(tmp_path, corpus)
    buffer = io.StringIO()
    corpus.export_jsonl(buffer)
    events = [json.loads(line) for line in buffer.getvalue().splitlines() if '"kind": "event"' in line]
    assert events
    for event in events:
        assert event["rules"] and all(isinstance(rule, str) for rule in event["rules"])
        assert 0 < event["confidence"] <= 1
    # a threshold leaves out the less certain events, and only those
    cut = sorted(e["confidence"] for e in events)[-1]
    confident = io.StringIO()
    corpus.export_jsonl(confident, min_confidence=cut)
    kept = [json.loads(line) for line in confident.getvalue().splitlines() if '"kind": "event"' in line]
    assert kept and len(kept) == sum(e["confidence"] >= cut for e in events)
    # the briefing filters the same way: none of its evidence is less certain than asked
    data = corpus.brief(min_confidence=cut)
    shown = {e["id"] for t in data["timelines"] for p in t["points"] for e in p["evidence"]}
    assert shown <= {e["id"] for e in kept}
