"""Property-based tests: arbitrary input never escapes as anything but the documented errors.

`make test` runs a few dozen cases of each; `make fuzz` runs the "fuzz" profile (2,500 cases each,
over 10,000 in all) and prints hypothesis' statistics.
"""
from __future__ import annotations

import json
import os
import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from realpolitik.core import prepare
from realpolitik.dates import find_dates, parse_iso_like, resolve_in_sentence
from realpolitik.errors import RealpolitikError
from realpolitik.extract.facts import facts_to_records
from realpolitik.extract.quotes import quotes_to_records
from realpolitik.ingest.clean import CONTROL, INVISIBLE, default_cleaner
from realpolitik.ingest.readers import read_source
from realpolitik.records import RawArticle

settings.register_profile("fuzz", max_examples=2500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("default", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("REALPOLITIK_HYPOTHESIS", "default"))

# pieces of news prose, so that generated text reaches the extractors' interesting paths
PIECES = ["Russia", "the Taliban", "Tajikistan", "said", "told reporters", "“", "”", '"', "'", "—", ",", ".",
          "1,344", "km", "25,000", "troops", "percent", "$3 billion", "on April 14", "last month", "2015",
          "according to", "Kabulov", "denied", "\n\n", "ISIS-K", "about", "more than", "half", "USD90.19",
          "Moscow", "will", "attack", "border", "(", ")", ":", "\u200b", "\u202e", "Mr.", "Sep. 9, 2001"]
prose = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=400), prose)


@given(any_text)
def test_cleaning_never_fails_and_leaves_no_invisible_characters(text):
    cleaned = default_cleaner().clean(text)
    assert isinstance(cleaned.text, str)
    assert not INVISIBLE.search(cleaned.text) and not CONTROL.search(cleaned.text)


@given(any_text, st.sampled_from([None, "2015", "2017-04", "2024-04-05"]))
def test_dates_found_are_real_dates_inside_the_text(text, anchor):
    for found in find_dates(text):
        assert 0 <= found.start < found.end <= len(text)
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", found.iso)
    resolved = resolve_in_sentence(text, anchor)
    assert resolved is None or re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", resolved.value)


@given(st.text(max_size=40))
def test_metadata_dates_parse_or_are_none(value):
    parsed = parse_iso_like(value)
    assert parsed is None or re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", parsed[0])


@given(prose)
def test_quotes_and_facts_point_into_the_text(nlp, text):
    doc = nlp(text)
    records = quotes_to_records(doc._.quotes or [], "d", None) + facts_to_records(doc._.facts or [], "d", None)
    event(f"extracted {'some' if records else 'nothing'}")  # shown by --hypothesis-show-statistics
    for record in records:
        assert 0 <= record.span.start <= record.span.end <= len(text)


@given(st.binary(max_size=3000), st.sampled_from([".txt", ".html", ".json", ".jsonl"]))
def test_arbitrary_bytes_are_read_or_refused_with_a_reason(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for item in read_source(str(path), 1_000_000):
        if isinstance(item, RealpolitikError):
            event("refused")
            assert str(path) in str(item) and item.reason
            continue
        event("read")
        assert isinstance(item, RawArticle)
        try:
            document = prepare(item, default_cleaner())
        except RealpolitikError as error:
            assert error.reason
        else:
            assert document.text.strip() and len(document.id) == 16


@given(any_text, st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=30)))
def test_any_article_is_stored_or_refused_never_half_stored(tmp_path_factory, registry, text, title, published):
    from realpolitik import Realpolitik, Settings
    from realpolitik.store import schema

    folder = tmp_path_factory.mktemp("store")
    (folder / "a.jsonl").write_text(json.dumps({"text": text, "title": title, "published": published,
                                                "url": title}) + "\n", encoding="utf-8")
    corpus = Realpolitik(Settings(db=str(folder / "fuzz.db")))
    corpus._registry = registry  # the session's: its pipeline is loaded once
    summary = corpus.ingest([folder / "a.jsonl"], languages=set())
    [outcome] = summary.outcomes
    event(outcome.status)
    assert outcome.status in {"ingested", "failed"} and (outcome.status == "ingested" or outcome.reason)
    stored = list(corpus.store.rows(schema.documents))
    assert len(stored) == (outcome.status == "ingested")
    log = list(corpus.store.rows(schema.ingest_log))
    assert [row["status"] for row in log] == [outcome.status]
