"""The library API: the CLI, and later the REST API and Dask jobs, all call this."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from realpolitik.config import DATA_DIR, Settings
from realpolitik.core import IngestSummary, Ingestor, Outcome
from realpolitik.resolve.registry import Registry, load_registry
from realpolitik.serve import export as exporter
from realpolitik.store import schema as s
from realpolitik.store.db import Store

SAMPLE_CORPUS = DATA_DIR / "sample"


class Realpolitik:
    """One corpus: a store, the actor registry (ours plus the user's) and the NLP pipeline."""

    def __init__(self, settings: Settings | None = None, **overrides):
        self.settings = settings or Settings()
        for key, value in overrides.items():
            setattr(self.settings, key, value)
        self.store = Store(self.settings.db)
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            remembered = tuple(self.store.user_registries())
            self._registry = load_registry(tuple(self.settings.actor_files), remembered)
            # the store remembers the user's registry files, so later runs resolve names the same way
            for path in self.settings.actor_files:
                self.store.remember_user_registry(str(path), Path(path).read_text(encoding="utf-8"))
        return self._registry

    # -- writing ----------------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], progress: Callable[[Outcome], None] | None = None,
               languages: set[str] | None = None) -> IngestSummary:
        ingestor = Ingestor(self.settings, self.store, self.registry, languages=languages)
        return ingestor.run([str(p) for p in paths], progress=progress)

    def merge_actors(self, keep: str, merge: str) -> tuple[str, str]:
        return self.store.merge_actors(keep, merge)

    def split_actor(self, name: str) -> str:
        return self.store.split_actor(name)

    # -- reading ----------------------------------------------------------------------------------
    def export_jsonl(self, handle: TextIO) -> int:
        return exporter.write_jsonl(self.store, handle)

    def export_csv(self, folder: Path) -> list[Path]:
        return exporter.write_csv(self.store, folder)

    def export_parquet(self, folder: Path) -> list[Path]:
        return exporter.write_parquet(self.store, folder)

    def records(self):
        return exporter.records(self.store)

    def relation(self, a: str, b: str) -> dict:
        """The timeline of one pair: yearly scores, the evidence sentences, the change between periods."""
        from realpolitik.analyze.relations import timeline

        first, second = self.store.find_actor(a), self.store.find_actor(b)
        merged = self.store.merged_into()
        ids = (merged.get(first["id"], first["id"]), merged.get(second["id"], second["id"]))
        events = {e["id"]: e for e in exporter.event_records(self.store, merged)}
        points = []
        previous = None
        for point in timeline(exporter.relations(self.store, merged), *ids):
            points.append({"period": point.period, "score": point.score, "events": point.events,
                           "change": None if previous is None else round(point.score - previous, 3),
                           "evidence": [{"id": e, "type": events[e]["type"], "modality": events[e]["modality"],
                                         "date": events[e]["date"], "text": events[e]["text"], "doc": events[e]["doc"]}
                                        for e in point.evidence if e in events]})
            previous = point.score
        return {"a": first["name"], "b": second["name"], "points": points}

    def actor(self, name: str) -> dict:
        return self.store.find_actor(name)

    def overview(self, top: int = 10) -> dict:
        """What the demo prints: documents, top actors with aliases, mentions by year."""
        documents = list(self.store.rows(s.documents, order_by=[s.documents.c.published, s.documents.c.id]))
        years = {d["id"]: (d["published"] or "")[:4] or "unknown" for d in documents}
        actors = {a["id"]: a for a in exporter.records(self.store) if a["kind"] == "actor"}
        merged = self.store.merged_into()
        per_actor: Counter = Counter()
        per_actor_year: dict[str, Counter] = {}
        seen_as: dict[str, Counter] = {}
        for mention in self.store.rows(s.mentions):
            ident = merged.get(mention["actor_id"], mention["actor_id"])
            per_actor[ident] += 1
            seen_as.setdefault(ident, Counter())[mention["text"].replace("’s", "").replace("'s", "")] += 1
            per_actor_year.setdefault(ident, Counter())[years.get(mention["doc_id"], "unknown")] += 1
        return {
            "db": self.settings.db,
            "counts": self.store.counts(),
            "documents": [{"id": d["id"], "title": d["title"], "published": d["published"],
                           "published_method": d["published_method"], "language": d["language"],
                           "source": d["source"]} for d in documents],
            "top_actors": [{**actors[i], "mentions": n, "by_year": dict(sorted(per_actor_year[i].items())),
                            "seen_as": [text for text, _ in seen_as[i].most_common()]}
                           for i, n in per_actor.most_common(top) if i in actors],
        }

    def code(self, lines, out: TextIO) -> int:
        """Sentence coding per the evaluation contract: one output line per input line, with the same
        extractor the ingest uses (dates are resolved against the item's `date` when given)."""
        from realpolitik.core import code_sentence
        from realpolitik.errors import InputError
        from realpolitik.nlp.pipeline import build_pipeline

        nlp = build_pipeline(self.settings.model, self.registry)
        items = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                raise InputError("not JSON", path="<stdin>", line=number) from None
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise InputError("expected an object with 'id' and 'text'", path="<stdin>", line=number)
            items.append(item)
        texts = ((item["text"], item) for item in items)
        for doc, item in nlp.pipe(texts, as_tuples=True, batch_size=self.settings.batch_size):
            out.write(json.dumps({"id": item.get("id"), "events": code_sentence(doc, item.get("date"), self.registry)},
                                 ensure_ascii=False) + "\n")
        return len(items)
