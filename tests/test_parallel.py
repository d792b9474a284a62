"""Parsing in several processes or on a Dask cluster stores exactly what one process stores."""
import pytest

from conftest import SHARED
from realpolitik import Realpolitik, Settings
from realpolitik.api import SAMPLE_CORPUS
from realpolitik.parallel import Failure, PipelineSpec, process_batch
from realpolitik.records import Document, PublicationDate

SEEDS = SHARED / "corpus" / "seeds"


def corpus_paths():
    paths = [SAMPLE_CORPUS / "articles.jsonl", SAMPLE_CORPUS / "kant_airbase.html"]
    return paths + ([SEEDS] if SEEDS.exists() else [])


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    corpus = Realpolitik(Settings(db=str(tmp_path_factory.mktemp("one") / "one.db")))
    corpus.ingest(corpus_paths())
    return list(corpus.records())


@pytest.mark.slow
def test_a_two_worker_dask_cluster_stores_what_one_process_stores(tmp_path, single):
    corpus = Realpolitik(Settings(db=str(tmp_path / "dask.db")))
    summary = corpus.ingest(corpus_paths(), workers=2)
    assert summary.count("ingested") >= 13 and not summary.failed
    assert list(corpus.records()) == single


@pytest.mark.slow
def test_two_processes_store_what_one_process_stores_and_a_rerun_resumes(tmp_path, single):
    corpus = Realpolitik(Settings(db=str(tmp_path / "procs.db")))
    first = corpus.ingest(corpus_paths()[:1], processes=2)  # as if interrupted after the first file
    assert first.count("ingested") >= 1
    rest = corpus.ingest(corpus_paths(), processes=2)
    assert rest.count("duplicate") == first.count("ingested")  # what was stored is skipped, not redone
    assert list(corpus.records()) == single


def test_one_bad_document_is_reported_and_the_batch_goes_on(monkeypatch):
    import realpolitik.core as core

    real = core.doc_records

    def fragile(document, parsed, registry):
        if "poison" in document.text:
            raise ValueError("cannot read this one")
        return real(document, parsed, registry)

    monkeypatch.setattr(core, "doc_records", fragile)

    def document(ident, text, language="en"):
        return Document(id=ident, source=f"{ident}.txt", title=None, author=None, url=None, outlet=None,
                        text=text, published=PublicationDate("2020", "year", "metadata"), language=language)

    results = process_batch(PipelineSpec(Settings().model), [
        document("a", "Kazakhstan and Kyrgyzstan held talks in Astana."),
        document("b", "This poison text breaks the extractor."),
        document("c", "Russia sent troops to Tajikistan."),
        document("d", "Die Regierung in Berlin hat neue Gespräche mit Moskau angekündigt, sagte ein Sprecher.", None),
    ])
    assert [type(r).__name__ for r in results] == ["ArticleRecords", "Failure", "ArticleRecords", "Skipped"]
    assert results[3].reason == "language de (not en)"
    failure = results[1]
    assert isinstance(failure, Failure) and "cannot read this one" in failure.reason and failure.document.id == "b"


@pytest.mark.slow
def test_an_existing_dask_scheduler_is_used_by_its_address(tmp_path, single):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40) as cluster:
        corpus = Realpolitik(Settings(db=str(tmp_path / "remote.db")))
        corpus.ingest(corpus_paths(), dask=cluster.scheduler_address)
    assert list(corpus.records()) == single


def test_math_thread_variables_are_set_only_where_the_user_left_them_unset():
    from realpolitik.config import WORKER_THREADS, prefer_threads

    environ = {"OMP_NUM_THREADS": "4"}
    added = prefer_threads(WORKER_THREADS, environ)
    assert environ["OMP_NUM_THREADS"] == "4"  # the user's choice stands
    assert added == {"MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"} and environ["OPENBLAS_NUM_THREADS"] == "1"


def test_a_process_pool_leaves_the_callers_environment_as_it_found_it(monkeypatch):
    import os

    from realpolitik.parallel import ProcessRunner

    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    list(ProcessRunner(1).run(PipelineSpec(Settings().model), iter(()), 4))
    assert "MKL_NUM_THREADS" not in os.environ and os.environ["OMP_NUM_THREADS"] == "3"


def test_a_local_dask_cluster_is_started_without_memory_trimming_profiling_or_task_queuing(monkeypatch):
    import dask
    import distributed

    from realpolitik.parallel import DaskRunner

    seen = {}

    class Captured(Exception):
        pass

    def fake_cluster(**options):
        seen.update(options, trim=dask.config.get("distributed.nanny.pre-spawn-environ").get("MALLOC_TRIM_THRESHOLD_"),
                    profile=dask.config.get("distributed.worker.profile.enabled"),
                    saturation=dask.config.get("distributed.scheduler.worker-saturation"))
        raise Captured

    monkeypatch.setattr(distributed, "LocalCluster", fake_cluster)
    with pytest.raises(Captured):
        list(DaskRunner(workers=2).run(PipelineSpec(Settings().model), iter(()), 4))
    assert seen["n_workers"] == 2 and seen["threads_per_worker"] == 1
    assert seen["trim"] is None and seen["profile"] is False and seen["saturation"] == float("inf")
    assert dask.config.get("distributed.worker.profile.enabled") is True  # only for that cluster
