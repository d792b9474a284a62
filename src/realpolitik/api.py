"""The library API: the CLI, and later the REST API and Dask jobs, all call this."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from realpolitik.config import DATA_DIR, Settings
from realpolitik.core import IngestSummary, Ingestor, Outcome
from realpolitik.resolve.registry import Registry, fold, load_registry
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

    def profile(self, name: str, top: int = 8) -> dict:
        """Everything about one actor: who it is, when it was seen, what it did and had done to it,
        its main counterparts with their latest relation, quotes by and about it, key numbers."""
        row = self.store.find_actor(name)
        merged = self.store.merged_into()
        ident = merged.get(row["id"], row["id"])
        members = {ident} | {m for m, target in merged.items() if target == ident}
        record = next((r for r in exporter.records(self.store) if r["kind"] == "actor" and r["id"] == ident), {})
        documents = {d["id"]: d for d in self.store.rows(s.documents)}
        mentions = [m for m in self.store.rows(s.mentions) if m["actor_id"] in members]
        years = Counter((documents[m["doc_id"]]["published"] or "")[:4] or "unknown" for m in mentions)
        dates = sorted(documents[m["doc_id"]]["published"] for m in mentions if documents[m["doc_id"]]["published"])
        events = exporter.event_records(self.store, merged)
        as_source = Counter(e["type"] for e in events if e["source"] == ident)
        as_target = Counter(e["type"] for e in events if e["target"] == ident)
        relations = [r for r in exporter.relations(self.store, merged) if ident in (r.a, r.b) and len(r.period) == 4]
        latest: dict[str, object] = {}
        weight: Counter = Counter()
        for relation in relations:
            other = relation.b if relation.a == ident else relation.a
            weight[other] += relation.events
            if other not in latest or relation.period > latest[other].period:
                latest[other] = relation
        names = {a["id"]: a["name"] for a in self.store.rows(s.actors)}
        quotes = list(self.store.rows(s.quotes))
        sentences = {(m["doc_id"], m["sent_start"], m["sent_end"]) for m in mentions}
        facts = [f for f in self.store.rows(s.facts)
                 if any(doc == f["doc_id"] and start <= f["start_char"] < end for doc, start, end in sentences)]
        return {
            "id": ident, "name": row["name"], "type": row["type"], "country": row["country"],
            "aliases": (record or {}).get("aliases", []),
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
            "mentions": len(mentions), "mentions_by_year": dict(sorted(years.items())),
            "events_as_source": dict(as_source.most_common()), "events_as_target": dict(as_target.most_common()),
            "counterparts": [{"id": other, "name": names.get(other, other), "events": count,
                              "period": latest[other].period, "score": latest[other].score}
                             for other, count in weight.most_common(top)],
            "quotes_by": [q["text"] for q in quotes if merged.get(q["speaker_id"], q["speaker_id"]) == ident][:top],
            "quotes_about": [q["text"] for q in quotes if merged.get(q["speaker_id"], q["speaker_id"]) != ident
                             and any(fold(form) in fold(q["text"]) for form in [row["name"]])][:top],
            "numbers": [{"quantity": f["quantity"], "unit": f["unit"], "subject": f["subject"], "text": f["text"]}
                        for f in facts][:top],
        }

    def triads(self) -> list[dict]:
        """Unbalanced and open signed triads of states and groups, per year."""
        from realpolitik.analyze.balance import triads

        types = {a["id"]: a["type"] for a in self.store.rows(s.actors)}
        keep = lambda ident: types.get(ident) in {"state", "armed_group", "political_group", "international_org"}  # noqa: E731
        return [t.record() for t in triads(exporter.relations(self.store), keep)]

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
