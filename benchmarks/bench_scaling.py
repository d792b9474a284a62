"""Ingest throughput with 1 and 2 local processes and 1 and 2 Dask workers, and peak memory per worker.

    python benchmarks/bench_scaling.py [--articles 160]

The corpus is generated reproducibly from the bundled sample corpus (and the seed articles where
../shared is present): each article is a seeded draw of paragraphs from that pool, so articles are
distinct (no near-duplicates) and read like the real ones. Every configuration ingests the same
corpus into a fresh SQLite file; a thread samples the resident memory of each worker process.
Results go to benchmarks/results/scaling-<date>.json and are printed as a table.
Targets (issue 6): 2 processes >= 1.8x one; 2 Dask workers >= 1.7x one; <= 1 GB peak RSS per worker.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

from realpolitik import Realpolitik, Settings
from realpolitik.config import DATA_DIR
from realpolitik.ingest.readers import expand_paths, read_source
from realpolitik.records import RawArticle

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "shared" / "corpus" / "seeds"


def generate_corpus(folder: Path, articles: int, seed: int = 11) -> Path:
    """`articles` distinct articles as JSON lines, drawn from the sample corpus' paragraphs."""
    paths = [str(DATA_DIR / "sample")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    pool = [p.strip() for source in expand_paths(paths) for item in read_source(source, 10**8)
            if isinstance(item, RawArticle) for p in item.text.split("\n\n") if len(p.split()) >= 25]
    rng = random.Random(seed)
    out = folder / f"generated-{articles}.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for i in range(articles):
            body = "\n\n".join(rng.sample(pool, min(6, len(pool))))
            year = 2015 + i % 10
            handle.write(json.dumps({"title": f"Generated report {i}", "published": f"{year}-{1 + i % 12:02d}-15",
                                     "text": body}) + "\n")
    return out


class MemoryWatch:
    """Peak resident memory of each child process (the workers) while a run goes on."""

    def __init__(self):
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        me = psutil.Process(os.getpid())
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), child.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def run(corpus_file: Path, label: str, **options) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        corpus = Realpolitik(Settings(db=str(Path(folder) / "bench.db")))
        before = psutil.Process().memory_info().rss
        with MemoryWatch() as watch:
            start = time.perf_counter()
            summary = corpus.ingest([corpus_file], **options)
            seconds = time.perf_counter() - start
        ingested = summary.count("ingested")
        main_rss = max(before, psutil.Process().memory_info().rss)
    # the biggest children are the workers (a Dask nanny or the pool's manager stays small)
    workers = sorted(watch.peaks.values(), reverse=True)[: options.get("processes") or options.get("workers") or 1]
    peak = max(workers) if watch.peaks else main_rss
    return {"run": label, "articles": ingested, "seconds": round(seconds, 1),
            "articles_per_s": round(ingested / seconds, 2), "peak_rss_per_worker_mb": round(peak / 2**20)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=160)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rp-scaling-"))
    corpus_file = generate_corpus(folder, args.articles)
    rows = [run(corpus_file, "processes=1", processes=1), run(corpus_file, "processes=2", processes=2),
            run(corpus_file, "dask workers=1", workers=1), run(corpus_file, "dask workers=2", workers=2)]
    by = {r["run"]: r for r in rows}
    speedups = {"processes 2 vs 1": round(by["processes=2"]["articles_per_s"] / by["processes=1"]["articles_per_s"], 2),
                "dask 2 vs 1": round(by["dask workers=2"]["articles_per_s"] / by["dask workers=1"]["articles_per_s"], 2)}
    result = {"benchmark": "ingest-scaling", "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30)},
              "articles": args.articles, "runs": rows, "speedups": speedups,
              "targets": {"processes 2 vs 1": 1.8, "dask 2 vs 1": 1.7, "peak_rss_per_worker_mb": 1024}}
    out = HERE / "results" / f"scaling-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'run':16} {'articles':>8} {'seconds':>8} {'art/s':>7} {'peak MB/worker':>15}")
    for row in rows:
        print(f"{row['run']:16} {row['articles']:>8} {row['seconds']:>8} {row['articles_per_s']:>7} "
              f"{row['peak_rss_per_worker_mb']:>15}")
    for name, value in speedups.items():
        print(f"{name:18} {value}x (target {result['targets'][name]}x)")
    print(f"{os.cpu_count()} CPUs; written to {out.relative_to(HERE.parent)}")
    ok = speedups["processes 2 vs 1"] >= 1.8 and speedups["dask 2 vs 1"] >= 1.7 \
        and all(r["peak_rss_per_worker_mb"] <= 1024 for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
