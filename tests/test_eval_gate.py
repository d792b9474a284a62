"""Accuracy gate: ingest the seed articles, export, score with the shared scorer, hold the floors.

Floors only go up as quality rises; they are measured numbers, not targets.
"""
import json
import subprocess
import sys

import pytest

from conftest import SHARED

FLOORS = {"published": 1.0, "actors": 1.0, "events": 1.0, "event_dates": 1.0, "event_places": 1.0,
          "quotes": 1.0, "quote_speakers": 1.0, "facts": 1.0, "relations": 1.0}
# The PLOVER gold sentences (../shared/eval/plover_gsr), coded with `realpolitik code`.
# Floors at what the code reaches. The PLOVER gold standard codes an act someone is urged to do ("urged X
# to support Y": SUPPORT); the news sets, and PLOVER's own definitions, code the request, and that is kept.
SENTENCE_FLOORS = {"type_recall": 0.88, "type_top1": 0.82, "source_country": 0.92, "target_country": 0.87}
# The 30 annotated wire stories (../shared/corpus/news, gold news_a.yaml and news_b.yaml): the main
# development set, scored exhaustively so that false alarms count.
NEWS_FLOORS = {"published": 1.0, "actors": 0.97, "events": 0.8, "event_precision": 0.88, "event_dates": 0.92,
               "event_places": 0.85, "quotes": 0.96, "quote_speakers": 0.91, "facts": 1.0, "relations": 1.0}
# Confidence that means something: events at 0.8 or more are right this often, and are this share of
# the right ones.
CONFIDENT = 0.8
CONFIDENT_PRECISION = 0.9
CEILINGS = {"fragmented": 0.0}

pytestmark = [pytest.mark.gate, pytest.mark.slow]


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"no seed corpus at {seeds}: the accuracy gate needs ../shared beside the checkout")
    from realpolitik import Realpolitik, Settings

    folder = tmp_path_factory.mktemp("gate")
    corpus = Realpolitik(Settings(db=str(folder / "seeds.db")))
    summary = corpus.ingest([seeds])
    assert summary.count("ingested") == 5
    export = folder / "seeds.jsonl"
    with open(export, "w", encoding="utf-8") as handle:
        corpus.export_jsonl(handle)
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(export), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["summary"], corpus


def test_seed_scores_hold_their_floors(scores):
    summary, _ = scores
    for name, floor in FLOORS.items():
        assert summary[name] >= floor, f"{name} fell to {summary[name]} (floor {floor})"
    for name, ceiling in CEILINGS.items():
        assert summary[name] <= ceiling, f"{name} rose to {summary[name]} (ceiling {ceiling})"


def test_seed_clean_text_has_no_boilerplate_and_keeps_sentences(scores):
    _, corpus = scores
    from realpolitik.store import schema

    texts = [d["text"] for d in corpus.store.rows(schema.documents)]
    for marker in ("USD90.19", "Save as PDF", "uses cookies", "All rights reserved", "браузер",
                   "Subscribe to our", "followers on Facebook", "Photo:"):
        assert not any(marker in text for text in texts), marker
    import re

    paragraphs = [p for path in (SHARED / "corpus" / "seeds").glob("*.txt")
                  for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
    boilerplate = ("cookies", "reflect the position", "Reprinted", "браузер", "rights", "followers", "USD90",
                   "Photo:", "Source:", "Save as PDF", "Subscribe")
    # every sentence of the originals survives cleaning (pull quotes are kept once)
    sentences = [s for p in paragraphs if not any(b in p for b in boilerplate)
                 for s in re.split(r"(?<=[.!?])\s+", p.strip()) if len(s) > 40]
    joined = " ".join(texts).replace("\n\n", " ")
    normalised = re.sub(r"\s+", " ", joined)
    lost = [s for s in sentences if re.sub(r"\s+", " ", s.strip()) not in normalised]
    # what is not there verbatim may only be a pull quote: a lightly edited repeat of a kept sentence
    from rapidfuzz import fuzz

    lost = [s for s in lost if fuzz.partial_ratio(s.lower(), normalised.lower()) < 90]
    assert not lost, lost[:3]


def test_reingesting_the_seeds_stores_nothing_new(scores):
    _, corpus = scores
    before = corpus.store.counts()
    summary = corpus.ingest([SHARED / "corpus" / "seeds"])
    assert summary.count("ingested") == 0 and summary.count("duplicate") == 5
    assert corpus.store.counts() == before


def test_plover_sentence_coding_holds_its_floors(tmp_path):
    inputs = SHARED / "eval" / "plover_gsr" / "inputs.jsonl"
    if not inputs.exists():
        pytest.skip(f"no PLOVER gold sentences at {inputs}")
    from realpolitik import Realpolitik, Settings

    coded = tmp_path / "coded.jsonl"
    corpus = Realpolitik(Settings(db=str(tmp_path / "unused.db")))
    with open(inputs, encoding="utf-8") as source, open(coded, "w", encoding="utf-8") as out:
        corpus.code(source, out)
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score_sentences.py"), str(coded)],
                            capture_output=True, text=True, check=True)
    scores = {line.split()[0]: float(line.split()[1]) for line in result.stdout.splitlines()
              if len(line.split()) == 2 and line.split()[0] in SENTENCE_FLOORS}
    for name, floor in SENTENCE_FLOORS.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]} (floor {floor})"


def test_seed_briefing_tells_the_story(scores):
    """What an analyst must see in the seeds' briefing: the Russia-Taliban relation warming, the
    ISIS-K attack in Moscow, and where events happened."""
    _, corpus = scores
    data = corpus.brief("Russia")
    taliban = next(t for t in data["timelines"] if t["b"] == "Taliban")
    assert taliban["points"][0]["score"] < taliban["points"][-1]["score"]
    # the trend, point by point: 2015 -> 2021 -> 2024 warms
    by_year = {point["period"]: point["score"] for point in taliban["points"]}
    assert by_year["2015"] < by_year["2021"] < by_year["2024"], by_year
    # in words too, as the issue asks a reader to see it: hostile at first, cooperative at last
    line = next(line["text"] for line in data["summary"] if line["text"].startswith("Russia and Taliban"))
    assert "from hostile" in line and "to cooperative" in line, line
    assert any("Khorasan" in line["text"] and "Moscow" in line["text"] for line in data["summary"])
    assert len({e["place"] for e in data["map"]}) >= 5
    kinds = {c["reason"].split(" (")[0] for c in data["contradictions"]}
    assert {"a claim and a denial of the same dealings",
            "an assessment that the group is no threat, against its reported acts",
            "the same border given as different figures"} <= kinds


def _score_news(corpus, tmp_path, *extra) -> dict:
    export = tmp_path / "news.jsonl"
    with open(export, "w", encoding="utf-8") as handle:
        corpus.export_jsonl(handle)
    gold = SHARED / "eval" / "gold"
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(export),
                             str(gold / "news_a.yaml"), str(gold / "news_b.yaml"), "--json", *extra],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["summary"]


def test_news_scores_hold_their_floors(news_corpus, tmp_path):
    summary = _score_news(news_corpus, tmp_path)
    for name, floor in NEWS_FLOORS.items():
        assert summary[name] >= floor, f"{name} fell to {summary[name]} (floor {floor})"
    for name, ceiling in CEILINGS.items():  # one actor of the text is one actor of the store
        assert summary[name] <= ceiling, f"{name} rose to {summary[name]} (ceiling {ceiling})"


def test_confident_events_are_mostly_right_and_many(news_corpus, tmp_path):
    everything = _score_news(news_corpus, tmp_path)
    confident = _score_news(news_corpus, tmp_path, "--min-confidence", str(CONFIDENT))
    assert confident["event_precision"] >= CONFIDENT_PRECISION, confident["event_precision"]
    # at least half of the events found are found at that confidence
    assert confident["events"] >= everything["events"] / 2, (confident["events"], everything["events"])


def test_no_stored_event_acts_on_its_own_doer(news_corpus):
    events = [r for r in news_corpus.records() if r["kind"] == "event"]
    assert events and not [e for e in events if e["source"] and e["source"] == e["target"]]
    # and every one says which rules made it and how sure it is
    assert all(e["rules"] and e["confidence"] is not None for e in events)
