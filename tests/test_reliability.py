"""Reliability: every kind of bad input is reported and logged, a killed ingest leaves no partial or
duplicate article, and readers and a second ingest can run while an ingest writes."""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import threading
import time

import pytest

from conftest import SHARED
from realpolitik import Realpolitik, Settings
from realpolitik.api import SAMPLE_CORPUS
from realpolitik.analyze import derived
from realpolitik.store import schema

SEEDS = SHARED / "corpus" / "seeds"
KILL_ROUNDS = int(os.environ.get("REALPOLITIK_KILL_ROUNDS", "20"))


def bad_inputs(folder):
    """One file for each class of bad input the issue lists, and one good article."""
    words = "Russian and Tajik officials discussed border security with Taliban envoys in Dushanbe".split()
    rng = random.Random(3)
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\n  ",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        "noise.txt": bytes(rng.randrange(128, 256) for _ in range(2000)),
        "russian_cp1251.txt": "Россия и Таджикистан провели переговоры в Душанбе о безопасности границы."
                              .encode("cp1251"),
        "latin1.txt": "Officials in Bogotá said the café talks between Colombia and Peru would resume.".encode("latin-1"),
        "utf16.txt": "Kazakhstan and Uzbekistan signed a water agreement in Tashkent.".encode("utf-16"),
        "huge.txt": b"word " * 300_000,
        "scripts.html": ("<html><body><article><h1>Talks</h1><p>Kyrgyz and Tajik officials met in Batken "
                         "to discuss the border.</p><script>document.write('x')</script><iframe src="
                         "'http://example.org'></iframe></article></body></html>").encode(),
        "deep.html": ("<html><body>" + "<div>" * 5000 + "<p>Uzbek officials visited Termez on Tuesday.</p>"
                      + "</div>" * 5000 + "</body></html>").encode(),
        "lines.jsonl": "\n".join([json.dumps({"text": "Russia sent troops to Tajikistan in October."}),
                                  "{broken", json.dumps({"title": "no text"}), "[1, 2]"]).encode(),
        "invisible.txt": "Rus\u200bsia and Tur\u202ekmeni\u202cstan held\u2066 talks\u2069 in Ashgabat.".encode(),
        "long_sentence.txt": ("Report\n\n" + " ".join(rng.choice(words) for _ in range(6000))).encode(),
        "german.txt": "Die Regierung in Berlin hat am Montag neue Gespräche mit Moskau angekündigt, "
                      "sagte ein Sprecher des Auswärtigen Amtes.".encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_every_bad_input_is_reported_logged_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad_inputs(folder)
    corpus = Realpolitik(Settings(db=str(tmp_path / "bad.db"), max_bytes=1_000_000))
    summary = corpus.ingest([folder])
    outcome = {}
    for o in summary.outcomes:
        outcome.setdefault((os.path.basename(o.source.split(":")[0]), o.line), []).append((o.status, o.reason or ""))

    def status(name, line=None):
        [(found, reason)] = outcome[(name, line)]
        return found, reason

    assert status("empty.txt") == ("failed", "empty file")
    assert status("blank.txt") == ("failed", "empty file")
    assert status("binary.txt")[1] == "binary file, not text"
    assert status("noise.txt")[0] == "failed" and "UTF-8" in status("noise.txt")[1]
    assert status("russian_cp1251.txt") == ("skipped", "language ru (not en)")
    assert status("huge.txt")[0] == "failed" and "limit" in status("huge.txt")[1]
    assert [status("lines.jsonl", n)[0] for n in (2, 3, 4)] == ["failed", "failed", "failed"]
    assert [o.status for o in summary.outcomes if o.source.endswith("lines.jsonl:1")] == ["ingested"]
    assert status("german.txt")[0] == "skipped" and "language de" in status("german.txt")[1]
    for name in ("latin1.txt", "utf16.txt", "scripts.html", "deep.html", "invisible.txt", "long_sentence.txt"):
        assert status(name)[0] == "ingested", (name, status(name))
    texts = {r["source"].rsplit("/", 1)[-1]: r for r in corpus.records() if r["kind"] == "document"}
    stored = {row["id"]: row["text"] for row in corpus.store.rows(schema.documents)}
    assert "document.write" not in stored[texts["scripts.html"]["id"]]
    assert "Russia and Turkmenistan held talks" in stored[texts["invisible.txt"]["id"]]
    # nothing silently disappears: every outcome is in the database's ingest log
    log = list(corpus.store.rows(schema.ingest_log))
    assert len(log) == len(summary.outcomes) and all(row["reason"] for row in log if row["status"] != "ingested")
    assert summary.failed  # and the exit code says so (see test_cli)


def articles(folder):
    """A folder of real articles: the sample corpus and the seeds, one file each."""
    folder.mkdir()
    lines = (SAMPLE_CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        (folder / f"sample{number:02d}.json").write_text(line, encoding="utf-8")
    if SEEDS.exists():
        for path in sorted(SEEDS.iterdir()):
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _ingest_in_child(db: str, paths: list[str], registry) -> None:
    corpus = Realpolitik(Settings(db=db))
    corpus._registry = registry  # the parent's registry: its pipeline is already loaded, so forks start at once
    corpus.ingest(paths)


def _child(db, paths, registry):
    process = multiprocessing.get_context("fork").Process(target=_ingest_in_child, args=(db, paths, registry))
    process.start()
    return process


def _reference(tmp_path, folder, registry):
    reference = Realpolitik(Settings(db=str(tmp_path / "reference.db")))
    reference._registry = registry
    reference.ingest([folder])
    return reference


def generated_articles(count: int, seed: int) -> list[str]:
    """Distinct articles drawn from the paragraphs of the sample corpus (no near-duplicates)."""
    pool = []
    for line in (SAMPLE_CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        pool += [p for p in json.loads(line)["text"].split("\n\n") if len(p.split()) >= 20]
    rng = random.Random(seed)
    return ["Report\n\n" + "\n\n".join(rng.sample(pool, 5)) for _ in range(count)]


@pytest.mark.slow
def test_an_ingest_killed_at_random_points_loses_and_doubles_nothing(tmp_path, registry):
    folder = tmp_path / "in"
    folder.mkdir()
    batches = [generated_articles(6, seed) for seed in range(KILL_ROUNDS)]
    db = str(tmp_path / "killed.db")
    corpus = Realpolitik(Settings(db=db))
    corpus._registry = registry
    corpus.ingest([])  # schema made, pipeline loaded before the children fork
    calibration = tmp_path / "calibration"
    calibration.mkdir()
    for number, text in enumerate(generated_articles(6, 999)):
        (calibration / f"{number}.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    child = _child(str(tmp_path / "calibration.db"), [str(calibration)], registry)
    child.join()
    seconds = time.perf_counter() - started  # how long a child takes over one round's new articles
    rng = random.Random(20)
    killed = 0
    for round_number, batch in enumerate(batches):
        for number, text in enumerate(batch):  # each round brings new articles, and the old ones again
            (folder / f"r{round_number:02d}-{number}.txt").write_text(text, encoding="utf-8")
        child = _child(db, [str(folder)], registry)
        time.sleep(rng.uniform(0.02, seconds))
        if child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
            killed += 1
        child.join()
        ids = [row["id"] for row in corpus.store.rows(schema.documents)]
        assert len(ids) == len(set(ids))
    print(f"SIGKILL rounds: {KILL_ROUNDS}, kills that landed mid-ingest: {killed}")
    assert killed >= KILL_ROUNDS * 3 // 4, f"only {killed} of {KILL_ROUNDS} kills landed while the ingest ran"
    corpus.ingest([folder])  # the rerun finishes the job
    reference = Realpolitik(Settings(db=str(tmp_path / "reference.db")))
    reference._registry = registry
    reference.ingest([folder])
    # every article exactly once, each with all its records: the same as one uninterrupted run
    assert corpus.store.counts() == reference.store.counts()
    assert list(corpus.records()) == list(reference.records())


@pytest.mark.slow
def test_readers_work_and_overlapping_ingests_store_each_article_once(tmp_path, registry):
    folder = articles(tmp_path / "in")
    reference = _reference(tmp_path, folder, registry)
    files = sorted(str(p) for p in folder.iterdir())
    db = str(tmp_path / "shared.db")
    reader = Realpolitik(Settings(db=db))
    Realpolitik(Settings(db=db)).store  # the schema exists before both start
    first = _child(db, files[: 2 * len(files) // 3], registry)
    second = _child(db, files[len(files) // 3:], registry)  # a third of the files in both
    errors, reads = [], 0

    def read_while_writing():
        nonlocal reads
        while first.is_alive() or second.is_alive():
            try:
                reader.store.counts()
                derived.relations(reader.store, limit=5)
                list(reader.store.rows(schema.events))
                reads += 1
            except Exception as error:  # noqa: BLE001 - any failure of a reader is what we look for
                errors.append(error)
            time.sleep(0.05)

    thread = threading.Thread(target=read_while_writing)
    thread.start()
    first.join()
    second.join()
    thread.join()
    assert first.exitcode == 0 and second.exitcode == 0
    assert not errors and reads > 0
    corpus = Realpolitik(Settings(db=db))
    corpus.ingest([])  # relations refreshed as an ingest leaves them
    assert list(corpus.records()) == list(reference.records())


def test_control_characters_in_metadata_are_cleaned_on_either_store(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({
        "text": "Kazakhstan and Kyrgyzstan held talks in Astana on border trade, and the two governments said "
                "they would meet again in the spring to settle the remaining questions about customs posts.",
        "title": "Talks\x00 in\u200b Astana", "author": "\x01Ann", "url": "https://example.org/\x00a",
        "published": "2021-03-04\x00"}) + "\n", encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(tmp_path / "meta.db")))
    summary = corpus.ingest([tmp_path / "a.jsonl"])
    assert summary.count("ingested") == 1, summary.outcomes
    [row] = corpus.store.rows(schema.documents)
    assert (row["title"], row["author"], row["url"]) == ("Talks in Astana", "Ann", "https://example.org/a")
