"""Ingest throughput in one process, with 1 and 2 local worker processes and 1 and 2 Dask workers, and
peak memory per worker.

    python benchmarks/bench_scaling.py [--articles 400]

The corpus is generated reproducibly from the bundled sample corpus (and the seed articles where
../shared is present): each article is a seeded draw of paragraphs from that pool, so articles are
distinct (no near-duplicates) and read like the real ones. Every configuration ingests the same
corpus into a fresh SQLite file; a thread samples the resident memory of each worker process.
Two rates are reported: end to end (start-up, model loading in every worker and the final
derived tables included) and steady (the slope of articles stored against time over the middle 80%
of the run: what a corpus of millions sees, where the start-up of a few seconds no longer counts; a
fitted slope, because workers hand back batches, so articles are stored in bursts and a rate taken
from the first stored article to the last would leave out the first bursts' work). Speed-ups are given for both,
beside the machine's own ceiling: the workers' code alone (parse and extract, warm, nothing else
running, no writing) in one process and in two at once. Where two processes slow each other down
(shared caches, a virtual machine's cores), no ingest can scale better than that ceiling.

`--processes 2` is measured against the plain ingest, which runs in one process (parse, extract and
write in turn): that is the run it replaces. `--processes 1` is shown too: one worker process beside
the writing process, two processes in all, so on a 2-core machine it already has a core for writing
that the two-worker run has to share. Dask is compared worker for worker (the writing client is
beside both). Results go to benchmarks/results/scaling-<date>.json and are printed as a table.
Targets (issue 6): 2 processes >= 1.8x one; 2 Dask workers >= 1.7x one; <= 1 GB peak RSS per worker.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

from realpolitik.config import BLAS_THREADS, DATA_DIR, WORKER_THREADS, prefer_threads

prefer_threads(BLAS_THREADS)  # the one-process run is measured as the command line runs it

from realpolitik import Realpolitik, Settings  # noqa: E402
from realpolitik.ingest.readers import expand_paths, read_source  # noqa: E402
from realpolitik.records import RawArticle  # noqa: E402

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


def _ceiling_worker(documents) -> float:
    from realpolitik.parallel import PipelineSpec, process_batch

    spec = PipelineSpec(Settings().model)
    process_batch(spec, documents[:2])  # warm: model, lexicons and gazetteer loaded
    start = time.perf_counter()
    for i in range(0, len(documents), 4):
        process_batch(spec, documents[i:i + 4])
    return time.perf_counter() - start


def ceiling(corpus_file: Path, articles: int = 60) -> dict:
    """The workers' code alone, in one process and then in two at once on the same documents."""
    import multiprocessing

    from realpolitik.core import prepare
    from realpolitik.ingest.clean import default_cleaner

    cleaner = default_cleaner()
    documents = []
    for line in corpus_file.read_text(encoding="utf-8").splitlines()[:articles]:
        item = json.loads(line)
        documents.append(prepare(RawArticle(source="generated", text=item["text"], published=item["published"],
                                            title=item["title"]), cleaner, detect=False))
    prefer_threads(WORKER_THREADS)  # as the ingest's own workers run
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        one = pool.map(_ceiling_worker, [documents])[0]
    with context.Pool(2) as pool:
        two = max(pool.map(_ceiling_worker, [documents, documents]))
    return {"articles": len(documents), "one_process_s": round(one, 1), "two_processes_s": round(two, 1),
            "speedup": round(2 * one / two, 2)}


def steady_rate(stored_at: list[float]) -> float:
    """Articles per second: least-squares slope of the stored count against time, middle 80%."""
    low, high = len(stored_at) // 10, len(stored_at) - len(stored_at) // 10
    times = stored_at[low:high]
    if len(times) < 2 or times[-1] == times[0]:
        return 0.0
    return statistics.linear_regression(times, range(low, high)).slope


def run(corpus_file: Path, label: str, **options) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        corpus = Realpolitik(Settings(db=str(Path(folder) / "bench.db")))
        stored_at: list[float] = []

        def progress(outcome):
            if outcome.status == "ingested":
                stored_at.append(time.perf_counter())

        with MemoryWatch() as watch:
            start = time.perf_counter()
            summary = corpus.ingest([corpus_file], progress=progress, **options)
            seconds = time.perf_counter() - start
        ingested = summary.count("ingested")
    if not options:  # the one-process run is the worker: this process's own peak (it runs first)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    else:  # the biggest children are the workers (a Dask nanny or the pool's manager stays small)
        peak = max(sorted(watch.peaks.values(), reverse=True)[: options.get("processes") or options.get("workers")])
    steady = steady_rate(stored_at)
    return {"run": label, "articles": ingested, "seconds": round(seconds, 1),
            "articles_per_s": round(ingested / seconds, 2), "first_stored_after_s": round(stored_at[0] - start, 1)
            if stored_at else None, "steady_articles_per_s": round(steady, 2),
            "peak_rss_per_worker_mb": round(peak / 2**20)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rp-scaling-"))
    corpus_file = generate_corpus(folder, args.articles)
    machine_ceiling = ceiling(corpus_file)
    rows = [run(corpus_file, "one process"), run(corpus_file, "processes=1", processes=1),
            run(corpus_file, "processes=2", processes=2),
            run(corpus_file, "dask workers=1", workers=1), run(corpus_file, "dask workers=2", workers=2)]
    by = {r["run"]: r for r in rows}

    def ratio(two, one, rate):
        return round(by[two][rate] / by[one][rate], 2)

    pairs = {"processes 2 vs one process": ("processes=2", "one process"),
             "processes 2 vs 1": ("processes=2", "processes=1"),
             "dask 2 vs 1": ("dask workers=2", "dask workers=1")}
    speedups = {name: ratio(two, one, "articles_per_s") for name, (two, one) in pairs.items()}
    steady = {name: ratio(two, one, "steady_articles_per_s") for name, (two, one) in pairs.items()}
    result = {"benchmark": "ingest-scaling", "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30)},
              "articles": args.articles, "runs": rows, "speedups": speedups, "steady_speedups": steady,
              "ceiling": machine_ceiling,
              "targets": {"processes 2 vs one process": 1.8, "dask 2 vs 1": 1.7, "peak_rss_per_worker_mb": 1024}}
    out = HERE / "results" / f"scaling-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'run':16} {'articles':>8} {'seconds':>8} {'art/s':>7} {'first at s':>10} {'steady art/s':>12} "
          f"{'peak MB/worker':>15}")
    for row in rows:
        print(f"{row['run']:16} {row['articles']:>8} {row['seconds']:>8} {row['articles_per_s']:>7} "
              f"{row['first_stored_after_s']:>10} {row['steady_articles_per_s']:>12} {row['peak_rss_per_worker_mb']:>15}")
    for name, value in speedups.items():
        target = f" (target {result['targets'][name]}x)" if name in result["targets"] else ""
        print(f"{name:27} {value}x end to end, {steady[name]}x steady{target}")
    print(f"ceiling: the workers' code alone, 2 processes vs 1: {machine_ceiling['speedup']}x "
          f"({machine_ceiling['articles']} articles: {machine_ceiling['one_process_s']} s in one, "
          f"{machine_ceiling['two_processes_s']} s for each of two at once)")
    print(f"{os.cpu_count()} CPUs; written to {out.relative_to(HERE.parent)}")
    ok = steady["processes 2 vs one process"] >= 1.8 and steady["dask 2 vs 1"] >= 1.7 \
        and all(r["peak_rss_per_worker_mb"] <= 1024 for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
