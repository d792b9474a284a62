"""Throughput of the full pipeline (parse + all extraction) against spaCy's `nlp.pipe` alone,
over the same texts in the same run. Writes benchmarks/results/pipeline-<date>.json and prints a table.

    python benchmarks/bench_pipeline.py [--repeat N] [--rounds R]

Targets: full / raw >= 0.85 (issue 3); no sentence of the corpus, the news sets or the PLOVER gold
sentences takes more than 1 s through the full pipeline on its own (issue 15).
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from realpolitik.config import BLAS_THREADS, DATA_DIR, Settings, prefer_threads

prefer_threads(BLAS_THREADS)  # measured as the command line runs: set before NumPy loads

from realpolitik.core import doc_records, prepare  # noqa: E402
from realpolitik.ingest.clean import default_cleaner  # noqa: E402
from realpolitik.ingest.readers import expand_paths, read_source  # noqa: E402
from realpolitik.nlp.pipeline import build_pipeline, load_model  # noqa: E402
from realpolitik.records import RawArticle  # noqa: E402
from realpolitik.resolve.registry import load_registry  # noqa: E402

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "corpus" / "seeds"
NEWS = HERE.parent.parent / "shared" / "corpus" / "news"
PLOVER = HERE.parent.parent / "shared" / "eval" / "plover_gsr" / "inputs.jsonl"
SENTENCE_SECONDS = 1.0


def corpus_texts() -> list[RawArticle]:
    """The bundled sample corpus, plus the seed articles where ../shared is present."""
    paths = [str(DATA_DIR / "sample")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    return [item for source in expand_paths(paths) for item in read_source(source, 10**8)
            if isinstance(item, RawArticle)]


def single_sentences(documents, nlp) -> list[str]:
    """Every sentence of the documents, the news sets and the PLOVER gold sentences, each on its own."""
    sentences = [s.text for parsed in nlp.pipe([d.text for d in documents]) for s in parsed.sents]
    if NEWS.is_dir():
        news = [item for source in expand_paths([str(NEWS)]) for item in read_source(source, 10**8)
                if isinstance(item, RawArticle)]
        sentences += [s.text for parsed in nlp.pipe([prepare(raw, default_cleaner()).text for raw in news])
                      for s in parsed.sents]
    if PLOVER.is_file():
        sentences += [json.loads(line)["text"] for line in PLOVER.read_text(encoding="utf-8").splitlines() if line]
    return [s for s in dict.fromkeys(s.strip() for s in sentences) if s]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=4, help="copies of the corpus per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    registry = load_registry()
    documents = [prepare(raw, default_cleaner()) for raw in corpus_texts()] * args.repeat
    texts = [d.text for d in documents]
    tokens = None
    raw_nlp = load_model(settings.model)
    full_nlp = build_pipeline(settings.model, registry)
    list(raw_nlp.pipe(texts[:2]))
    list(full_nlp.pipe(texts[:2]))

    def run_raw():
        nonlocal tokens
        tokens = sum(len(doc) for doc in raw_nlp.pipe(texts, batch_size=settings.batch_size))

    def run_full():
        for document, parsed in zip(documents, full_nlp.pipe(texts, batch_size=settings.batch_size)):
            doc_records(document, parsed, registry)

    raw_times, full_times = [], []
    for _ in range(args.rounds):  # interleaved, so load on the machine hits both alike
        raw_times.append(timed(run_raw))
        full_times.append(timed(run_full))
    raw_s, full_s = statistics.median(raw_times), statistics.median(full_times)
    slowest_s, slowest = 0.0, ""
    for sentence in single_sentences(documents[:len(documents) // args.repeat], raw_nlp):
        seconds = timed(lambda sentence=sentence: full_nlp(sentence))
        if seconds > slowest_s:
            slowest_s, slowest = seconds, sentence
    result = {
        "benchmark": "pipeline-throughput",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine()},
        "model": settings.model,
        "articles": len(texts),
        "tokens": tokens,
        "raw_articles_per_s": round(len(texts) / raw_s, 2),
        "raw_tokens_per_s": round(tokens / raw_s),
        "full_articles_per_s": round(len(texts) / full_s, 2),
        "full_tokens_per_s": round(tokens / full_s),
        "ratio_full_to_raw": round(raw_s / full_s, 3),
        "target_ratio": 0.85,
        "slowest_sentence_s": round(slowest_s, 3),
        "slowest_sentence": slowest[:120],
        "target_sentence_s": SENTENCE_SECONDS,
    }
    out = HERE / "results" / f"pipeline-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'measure':28} value")
    for key in ("articles", "tokens", "raw_articles_per_s", "raw_tokens_per_s", "full_articles_per_s",
                "full_tokens_per_s", "ratio_full_to_raw", "target_ratio", "slowest_sentence_s",
                "target_sentence_s", "slowest_sentence"):
        print(f"{key:28} {result[key]}")
    print(f"written to {out.relative_to(HERE.parent)}")
    met = result["ratio_full_to_raw"] >= result["target_ratio"] and slowest_s <= SENTENCE_SECONDS
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
