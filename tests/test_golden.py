"""Golden output: the events the extractor gives on fixed sentence sets, kept in tests/golden/.

A change to the rules, the lexicon or the argument structure shows here as a diff of events (type,
source, target, modality, the rules that made each, confidence): the test fails until the change is
reviewed and the files refreshed with `make golden`. The files hold ids and character offsets, never
the texts, which stay where they come from (../shared and the rule files).
"""
import difflib
import json
import os
from pathlib import Path

import pytest

from conftest import SHARED
from realpolitik.core import code_sentence
from realpolitik.extract.rules import load_rules

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("REALPOLITIK_GOLDEN") == "update"
PLOVER = SHARED / "eval" / "plover_gsr" / "inputs.jsonl"


def _line(item: str, event: dict, source, target) -> str:
    return json.dumps({"item": item, "type": event["type"], "source": source, "target": target,
                       "modality": event["modality"], "rules": event.get("rules") or [],
                       "confidence": event.get("confidence")}, ensure_ascii=False)


def _coded(nlp, registry, items) -> list[str]:
    lines = []
    for ident, text, date in items:
        for event in code_sentence(nlp(text), date, registry):
            name = lambda role: (event[role] or {}).get("id") or (event[role] or {}).get("name")  # noqa: E731
            lines.append(_line(ident, event, name("source"), name("target")))
    return lines


def _compare(name: str, lines: list[str]) -> None:
    path = GOLDEN / f"{name}.jsonl"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run `make golden` and review what it writes"
    kept = path.read_text(encoding="utf-8").splitlines()
    if kept != lines:
        diff = list(difflib.unified_diff(kept, lines, f"golden/{name}.jsonl", "now", n=0, lineterm=""))
        shown = "\n".join(diff[:80]) + (f"\n... {len(diff) - 80} more lines" if len(diff) > 80 else "")
        pytest.fail(f"the events on the {name} set changed; review, then `make golden`:\n{shown}", pytrace=False)


def test_rule_examples_golden(nlp, registry):
    items = [(f"{rule.id}#{n}", example["text"], example.get("date", "2023-05-10"))
             for rule in load_rules() for n, example in enumerate(rule.examples, 1)]
    _compare("rule_examples", _coded(nlp, registry, items))


@pytest.mark.slow
@pytest.mark.skipif(not PLOVER.exists(), reason="needs ../shared/eval")
def test_plover_sentences_golden(nlp, registry):
    items = []
    for line in PLOVER.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        items.append((record["id"], record["text"], record.get("date")))
    _compare("plover_sentences", _coded(nlp, registry, items))


@pytest.mark.slow
def test_news_golden(news_corpus):
    records = list(news_corpus.records())
    sources = {r["id"]: Path(r["source"]).name or r["source"] for r in records if r["kind"] == "document"}
    lines = [_line(f"{sources[e['doc']]}@{e['start']}-{e['end']}", e, e["source"], e["target"])
             for e in records if e["kind"] == "event"]
    _compare("news", sorted(lines))
