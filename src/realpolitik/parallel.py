"""Parsing and extraction spread over processes or a Dask cluster.

The main process still reads, cleans and deduplicates (it needs the store for that) and writes every
article (one writer, one transaction each); only the expensive part, spaCy plus our extractors,
moves to the workers. Each worker builds the pipeline once and keeps it for every batch it is sent.
Records come back with the same deterministic ids a single-process run gives, so the stored result
does not depend on how the work was split, and an interrupted run resumes by skipping what is stored.
"""
from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass

from realpolitik.records import ArticleRecords, Document


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker needs to build the same pipeline and registry as the main process."""
    model: str
    actor_files: tuple[str, ...] = ()
    remembered: tuple[tuple[str, str], ...] = ()
    languages: tuple[str, ...] = ("en",)  # the languages to process; empty: all


@dataclass
class Failure:
    document: Document
    reason: str


@dataclass
class Skipped:
    document: Document
    reason: str


_WORKER_CACHE: dict[PipelineSpec, tuple] = {}


def _pipeline(spec: PipelineSpec):
    if spec not in _WORKER_CACHE:
        from pathlib import Path

        from realpolitik.nlp.pipeline import build_pipeline
        from realpolitik.resolve.registry import load_registry

        registry = load_registry(tuple(Path(p) for p in spec.actor_files), spec.remembered)
        _WORKER_CACHE[spec] = (build_pipeline(spec.model, registry), registry)
    return _WORKER_CACHE[spec]


def process_batch(spec: PipelineSpec, documents: list[Document]) -> list[ArticleRecords | Failure | Skipped]:
    """Runs on a worker: detect the language, then parse and extract a batch. A document in a
    language not asked for comes back Skipped, one that breaks the pipeline as a Failure with the
    reason; the others are unaffected."""
    from realpolitik.core import doc_records
    from realpolitik.ingest.language import detect_language

    nlp, registry = _pipeline(spec)
    results: dict[int, ArticleRecords | Failure | Skipped] = {}
    for index, document in enumerate(documents):
        if document.language is None:
            document.language = detect_language(document.text)
        if spec.languages and document.language not in spec.languages:
            results[index] = Skipped(document, f"language {document.language or 'unknown'} "
                                               f"(not {', '.join(sorted(spec.languages))})")
    wanted = [i for i in range(len(documents)) if i not in results]
    try:
        parsed = dict(zip(wanted, nlp.pipe([documents[i].text for i in wanted])))
    except Exception:  # one bad text: redo the batch one by one to find it
        parsed = None
    for index in wanted:
        document = documents[index]
        try:
            doc = parsed[index] if parsed is not None else nlp(document.text)
            results[index] = doc_records(document, doc, registry)
        except Exception as error:  # noqa: BLE001 - reported per document, never fails the job
            last = traceback.extract_tb(error.__traceback__)[-1]
            results[index] = Failure(document, f"extraction failed: {error.__class__.__name__}: {error} "
                                               f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})")
    return [results[i] for i in range(len(documents))]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bounded(executor, spec: PipelineSpec, items: Iterable, batch_size: int, width: int):
    """Submit batches to a `concurrent.futures` executor, at most 2 x `width` at a time (never
    reading the whole corpus ahead), yielding (batch, results) as each finishes."""
    pending: dict = {}
    for batch in _batches(items, batch_size):
        pending[executor.submit(process_batch, spec, [d for d, _ in batch])] = batch
        while len(pending) >= 2 * width:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield pending.pop(future), future.result()


class ProcessRunner:
    """`--processes N`: a pool of N local processes."""

    def __init__(self, processes: int):
        self.processes = processes

    def run(self, spec: PipelineSpec, items: Iterable, batch_size: int) -> Iterator[tuple[list, list]]:
        """Yields (items of a batch, their results) as batches finish; `items` are (document, extra)."""
        import multiprocessing
        import os

        from realpolitik.config import WORKER_THREADS, prefer_threads

        context = multiprocessing.get_context("spawn")  # no inherited threads or open database handles
        # workers start on demand and take the environment as it is then: set for the pool's life
        added = prefer_threads(WORKER_THREADS)
        try:
            with ProcessPoolExecutor(self.processes, mp_context=context) as pool:
                yield from _bounded(pool, spec, items, batch_size, self.processes)
        finally:
            for name in added:
                os.environ.pop(name, None)


class DaskRunner:
    """`--dask tcp://HOST:PORT` (an existing scheduler) or `--workers N` (a local cluster)."""

    def __init__(self, address: str | None = None, workers: int | None = None):
        self.address = address
        self.workers = workers

    def run(self, spec: PipelineSpec, items: Iterable, batch_size: int) -> Iterator[tuple[list, list]]:
        import dask
        from distributed import Client, LocalCluster

        # A local cluster is ours to tune. Its workers keep glibc's memory trimming default: Dask's
        # MALLOC_TRIM_THRESHOLD_=65536 made spaCy 13% slower (it frees and reallocates all the time,
        # and our workers' memory stays flat at ~450 MB); the statistical profiler that samples every
        # worker thread every 10 ms is off (2-3% here); and the scheduler sends every submitted task
        # at once (`_bounded` already keeps only two per worker in flight; queuing them held the next
        # one back until the last came home through the busy writing process). A cluster given by
        # address keeps its own settings; the nanny's thread variables (one OpenMP/BLAS thread) stay.
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                              "distributed.worker.profile.enabled": False,
                              "distributed.scheduler.worker-saturation": float("inf")}):
            cluster = None if self.address else LocalCluster(
                n_workers=self.workers or 1, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=40)
        client = Client(self.address or cluster)
        try:
            width = len(client.scheduler_info().get("workers", {})) or self.workers or 1
            # the client's executor hands out concurrent.futures futures: the same loop as a local pool
            yield from _bounded(client.get_executor(pure=False), spec, items, batch_size, width)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
