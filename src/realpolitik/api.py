"""The library API: the CLI, and later the REST API and Dask jobs, all call this."""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TextIO

from sqlalchemy import and_, func, or_, select

from realpolitik.analyze import derived
from realpolitik.config import DATA_DIR, Settings
from realpolitik.core import IngestSummary, Ingestor, Outcome
from realpolitik.dates import day_span
from realpolitik.resolve.registry import Registry, fold, load_registry
from realpolitik.serve import export as exporter
from realpolitik.store import schema as s
from realpolitik.store.db import Store
from realpolitik.ontology import AIMED_HOSTILITY

SAMPLE_CORPUS = DATA_DIR / "sample"
SAME_INCIDENT_DAYS = 45  # one attack reported by several articles: the dates they give it differ this much at most
SAME_INCIDENT_KM = 60  # ... and the places they give it ("Krasnogorsk", "Moscow") are this close
HAPPENED = {"asserted", "claimed", "historical"}


# the actors structural balance is read between: states and the groups and bodies that act like them
TRIAD_KINDS = {"state", "armed_group", "political_group", "international_org"}

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
               languages: set[str] | None = None, processes: int | None = None, workers: int | None = None,
               dask: str | None = None) -> IngestSummary:
        """Ingest files and folders. `processes`: that many local processes parse in parallel;
        `workers`: a local Dask cluster of that many workers; `dask`: an existing scheduler's address.
        The stored result is the same whichever is used."""
        from realpolitik.parallel import DaskRunner, PipelineSpec, ProcessRunner

        ingestor = Ingestor(self.settings, self.store, self.registry, languages=languages)
        runner = DaskRunner(dask, workers) if dask or workers else ProcessRunner(processes) \
            if processes else None
        # the user's actor files are remembered in the store by now: workers load them from there
        spec = PipelineSpec(self.settings.model, (), tuple(self.store.user_registries()),
                            tuple(sorted(ingestor.languages))) if runner else None
        summary = ingestor.run([str(p) for p in paths], progress=progress, runner=runner, spec=spec)
        derived.refresh(self.store)
        return summary

    def reextract(self, everything: bool = False, progress: Callable[[Outcome], None] | None = None) -> IngestSummary:
        """Extract anew the stored documents an older extractor (code, data or model) made the records
        of, or all of them with `everything`: after an upgrade, what is stored is what this version finds."""
        summary = Ingestor(self.settings, self.store, self.registry).reextract(everything, progress)
        derived.refresh(self.store)
        return summary

    def stale_documents(self) -> int:
        """How many stored documents an older extractor made the records of."""
        from realpolitik.core import extractor_fingerprint

        return len(self.store.stale_documents(extractor_fingerprint(self.settings.model)))

    def merge_actors(self, keep: str, merge: str) -> tuple[str, str]:
        merged = self.store.merge_actors(keep, merge)
        derived.refresh(self.store)
        return merged

    def split_actor(self, name: str) -> str:
        split = self.store.split_actor(name)
        derived.refresh(self.store)
        return split

    # -- reading ----------------------------------------------------------------------------------
    def export_jsonl(self, handle: TextIO, min_confidence: float | None = None) -> int:
        """Every record, one JSON object a line; `min_confidence` leaves out less certain events."""
        return exporter.write_jsonl(self.store, handle, min_confidence)

    def export_csv(self, folder: Path, min_confidence: float | None = None) -> list[Path]:
        return exporter.write_csv(self.store, folder, min_confidence)

    def export_parquet(self, folder: Path, min_confidence: float | None = None) -> list[Path]:
        return exporter.write_parquet(self.store, folder, min_confidence)

    def records(self):
        return exporter.records(self.store)

    def relation(self, a: str, b: str, monthly: int = 0) -> dict:
        """The timeline of one pair: yearly scores, the evidence sentences, the change between periods."""
        from realpolitik.analyze.relations import timeline

        first, second = self.store.find_actor(a), self.store.find_actor(b)
        merged = self.store.merged_into()
        ids = (merged.get(first["id"], first["id"]), merged.get(second["id"], second["id"]))
        if monthly:  # months are not stored: computed from all events
            series = timeline(exporter.relations(self.store, merged, monthly), *ids, monthly=True)
        else:  # years: the stored relations, as fresh as the last ingest left them
            series = derived.pair(self.store, *ids)
        wanted = sorted({e for point in series for e in point.evidence})
        with self.store.engine.connect() as connection:
            events = {}
            for start in range(0, len(wanted), 500):
                for row in connection.execute(select(s.events).where(s.events.c.id.in_(wanted[start:start + 500])))\
                        .mappings():
                    events[row["id"]] = {"type": row["type"], "modality": row["modality"], "date": row["date"],
                                         "standing": exporter.standing(row), "text": row["text"],
                                         "doc": row["doc_id"]}
        points = []
        previous: dict[int, float] = {}  # the last score of each granularity (year, month)
        for point in series:
            before = previous.get(len(point.period))
            previous[len(point.period)] = point.score
            points.append({"period": point.period, "score": point.score, "events": point.events,
                           "change": None if before is None else round(point.score - before, 3),
                           "evidence": [{"id": e, **events[e]} for e in point.evidence if e in events]})
        return {"a": first["name"], "b": second["name"], "points": points}

    def actor(self, name: str) -> dict:
        return self.store.find_actor(name)

    def _aliases(self, ident: str, members: set[str], rows: dict[str, dict]) -> list[str]:
        """An actor's other names: those of the actors merged into it, then every alias of each."""
        aliases = self.store.aliases()
        names = []
        for member in sorted(members):  # in id order, as the export lists them
            if member != ident and member in rows:
                names.append(rows[member]["name"])
            names.extend(aliases.get(member, []))
        return [n for n in dict.fromkeys(names) if n != rows[ident]["name"]]

    def profile(self, name: str, top: int = 8) -> dict:
        """Everything about one actor: who it is, when it was seen, what it did and had done to it,
        its main counterparts with their latest relation, quotes by and about it, key numbers.
        Counted in SQL, so a profile stays quick on a large store."""
        row = self.store.find_actor(name)
        merged = self.store.merged_into()
        ident = merged.get(row["id"], row["id"])
        members = sorted({ident} | {m for m, target in merged.items() if target == ident})
        d, m, e, q, f, r = s.documents, s.mentions, s.events, s.quotes, s.facts, s.derived_relations
        derived.periods(self.store)  # relations computed at least once
        with self.store.engine.connect() as connection:
            rows = {a["id"]: dict(a) for a in connection.execute(select(s.actors).where(s.actors.c.id.in_(members)))
                    .mappings()}
            year = func.coalesce(func.nullif(func.substr(d.c.published, 1, 4), ""), "unknown")
            years = dict(connection.execute(select(year, func.count()).join(d, d.c.id == m.c.doc_id)
                                            .where(m.c.actor_id.in_(members)).group_by(year)).all())
            first_seen, last_seen = connection.execute(
                select(func.min(d.c.published), func.max(d.c.published)).join(m, m.c.doc_id == d.c.id)
                .where(m.c.actor_id.in_(members), d.c.published.is_not(None))).one()
            as_source = dict(connection.execute(select(e.c.type, func.count()).where(e.c.source_id.in_(members))
                                                .group_by(e.c.type).order_by(func.count().desc(), e.c.type)).all())
            as_target = dict(connection.execute(select(e.c.type, func.count()).where(e.c.target_id.in_(members))
                                                .group_by(e.c.type).order_by(func.count().desc(), e.c.type)).all())
            latest: dict[str, tuple[str, float]] = {}
            weight: Counter = Counter()
            for a, b, period, score, count in connection.execute(
                    select(r.c.a, r.c.b, r.c.period, r.c.score, r.c.events).where((r.c.a == ident) | (r.c.b == ident))):
                other = b if a == ident else a
                weight[other] += count
                if other not in latest or period > latest[other][0]:
                    latest[other] = (period, score)
            others = [other for other, _ in sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:top]]
            names = dict(connection.execute(select(s.actors.c.id, s.actors.c.name).where(s.actors.c.id.in_(others))).all())
            quotes_by = [text for (text,) in connection.execute(
                select(q.c.text).where(q.c.speaker_id.in_(members)).order_by(q.c.doc_id, q.c.start_char).limit(top))]
            about = connection.execute(
                select(q.c.text, q.c.speaker_id).where(q.c.text.icontains(row["name"]))
                .order_by(q.c.doc_id, q.c.start_char)).all()
            quotes_about = [text for text, speaker in about
                            if merged.get(speaker, speaker) != ident and fold(row["name"]) in fold(text)][:top]
            in_its_sentences = select(f).join(m, and_(m.c.doc_id == f.c.doc_id, m.c.sent_start <= f.c.start_char,
                                                     f.c.start_char < m.c.sent_end)) \
                .where(m.c.actor_id.in_(members)).distinct().order_by(f.c.doc_id, f.c.start_char).limit(top)
            facts = connection.execute(in_its_sentences).mappings().all()
        return {
            "id": ident, "name": row["name"], "type": row["type"], "country": row["country"],
            "governs": _governs(json.loads(rows[ident]["roles"]) if ident in rows and rows[ident]["roles"] else []),
            "aliases": self._aliases(ident, set(members), rows) if ident in rows else [],
            "first_seen": first_seen, "last_seen": last_seen,
            "mentions": sum(years.values()), "mentions_by_year": dict(sorted(years.items())),
            "events_as_source": as_source, "events_as_target": as_target,
            "counterparts": [{"id": other, "name": names.get(other, other), "events": weight[other],
                              "period": latest[other][0], "score": latest[other][1]} for other in others],
            "quotes_by": quotes_by, "quotes_about": quotes_about,
            "numbers": [{"quantity": x["quantity"], "unit": x["unit"], "subject": x["subject"], "text": x["text"]}
                        for x in facts],
        }

    def brief(self, focus: str | None = None, start: int | None = None, end: int | None = None,
              min_confidence: float | None = None) -> dict:
        """Everything the briefing shows, as data (rendered by `serve.brief`); `min_confidence` leaves
        out events the extraction is less sure of, and the relations they would move."""
        from realpolitik.analyze.balance import triads as find_triads
        from realpolitik.analyze.contradictions import grouped_by_shared_side
        from realpolitik.analyze.relations import weighs_most

        merged = self.store.merged_into()
        # relations and contradictions: once, below
        records = list(exporter.records(self.store, derived=False, min_confidence=min_confidence))
        actors = {r["id"]: r for r in records if r["kind"] == "actor"}
        documents = {r["id"]: r for r in records if r["kind"] == "document"}
        untitled = [ident for ident, document in documents.items() if not document.get("title")]
        if untitled:  # an article with no headline is cited by its opening words, not by its file path
            with self.store.engine.connect() as connection:
                for ident, opening in connection.execute(
                        select(s.documents.c.id, func.substr(s.documents.c.text, 1, 240))
                        .where(s.documents.c.id.in_(untitled))):
                    documents[ident] = dict(documents[ident], title=opening_words(opening))

        def in_range(date):
            year = int(date[:4]) if date and date[:4].isdigit() else None
            return year is None or ((start is None or year >= start) and (end is None or year <= end))

        events = [r for r in records if r["kind"] == "event" and in_range(r["date"])]
        if focus:
            row = self.store.find_actor(focus)
            focus_id = merged.get(row["id"], row["id"])
        else:  # the most-mentioned state
            counts = Counter(r["actor"] for r in records if r["kind"] == "mention" and r["actor"].startswith("state."))
            focus_id = counts.most_common(1)[0][0] if counts else next(iter(actors), None)
        focus_actor = actors.get(focus_id, {"id": focus_id, "name": focus_id, "country": None})
        name = lambda ident: actors.get(ident, {}).get("name", ident or "?")  # noqa: E731
        relations = [r for r in exporter.relations(self.store, merged, min_confidence=min_confidence)
                     if len(r.period) == 4 and in_range(r.period)]
        by_pair: dict[tuple[str, str], list] = {}
        for relation in relations:
            by_pair.setdefault((relation.a, relation.b), []).append(relation)
        event_by_id = {e["id"]: e for e in events}

        def points(pair):
            return [{"period": r.period, "score": r.score, "events": r.events,
                     "evidence": [{"id": e} for e in r.evidence if e in event_by_id]} for r in by_pair[pair]]

        def trend_html(series):
            if len(series) < 2:
                return ""
            change = series[-1].score - series[0].score
            word = "warming" if change > 0.15 else "cooling" if change < -0.15 else "steady"
            kind = "good" if change > 0.15 else "bad" if change < -0.15 else "mid"
            return f'<span class="pill {kind}">{word}</span>'

        focal_pairs = sorted((p for p in by_pair if focus_id in p and all(a in actors for a in p)),
                             key=lambda p: -sum(r.events for r in by_pair[p]))[:6]
        timelines = []
        summary = []
        for pair in focal_pairs:
            series = by_pair[pair]
            other = pair[1] if pair[0] == focus_id else pair[0]
            first, last = series[0], series[-1]
            caption = (f"{len(series)} years with events; from {first.score:+.2f} in {first.period} "
                       f"to {last.score:+.2f} in {last.period}") if len(series) > 1 else \
                f"1 year with events: {first.score:+.2f} in {first.period}"
            timelines.append({"a": name(focus_id), "b": name(other), "points": points(pair),
                              "trend_html": trend_html(series), "caption": caption})
            if len(series) > 1 and (first.score * last.score < 0 or abs(last.score - first.score) >= 0.3):
                def mood(score):
                    return "hostile" if score < -0.1 else "cooperative" if score > 0.1 else "neutral"
                text = (f"{name(focus_id)} and {name(other)}: from {mood(first.score)} ({first.score:+.2f}, "
                        f"{first.period}) to {mood(last.score)} ({last.score:+.2f}, {last.period}).")
                summary.append({"text": text, "html": escape(text)})
        attacks = [e for e in events if e["type"] == "ASSAULT" and e["source"] and e["modality"] in HAPPENED
                   and (e["target"] == focus_id or (e["location"] or {}).get("country") == focus_actor.get("country"))]
        for incident in same_incidents(attacks)[:3]:
            event = incident[0]  # the account with the most precise date
            where = (event["location"] or {}).get("name")
            nearby = sorted({(e["location"] or {}).get("name") for e in incident[1:]} - {where, None})
            if where and nearby:
                where += ", near " + " and ".join(nearby)
            text = (f"{name(event['source'])} attacked {name(event['target']) if event['target'] else 'targets'}"
                    f"{' in ' + where if where else ''} ({event['date'] or 'undated'}).")
            summary.append({"text": text, "html": f"{escape(text)} <a href=\"#src-{escape(event['id'])}\">source</a>"})
        places = Counter((e["location"] or {}).get("name") for e in events if e["location"])
        if places:
            text = "Most events took place in " + ", ".join(f"{p} ({n})" for p, n in places.most_common(5)) + "."
            summary.append({"text": text, "html": escape(text)})
        hostile_to_focus: dict[str, list] = {}
        for event in events:
            target_country = actors.get(event["target"], {}).get("country")
            if event["type"] in AIMED_HOSTILITY and event["modality"] in HAPPENED and event["source"] \
                    and event["source"] != focus_id and (event["target"] == focus_id or
                                                         (target_country and target_country == focus_actor.get("country"))):
                hostile_to_focus.setdefault(event["source"], []).append(event)
        threats = []
        for source, acts in sorted(hostile_to_focus.items(), key=lambda item: -len(item[1]))[:8]:
            pair = tuple(sorted((source, focus_id)))
            series = by_pair.get(pair, [])
            threats.append({"name": name(source),
                            "kinds": ", ".join(f"{k} ×{n}" for k, n in Counter(a["type"] for a in acts).most_common()),
                            "places": ", ".join(sorted({(a["location"] or {}).get("name") for a in acts
                                                        if a["location"]})) or "—",
                            "trend_html": trend_html(series) or (f"{series[0].score:+.2f} in {series[0].period}"
                                                                  if series else "")})
        map_events = [{"id": e["id"], "type": e["type"], "date": e["date"], "lat": e["location"]["lat"],
                       "lon": e["location"]["lon"], "place": e["location"]["name"]}
                      for e in events if e["location"] and e["location"].get("lat") is not None]
        activity = Counter()
        for (a, b), series in by_pair.items():
            if a in actors and b in actors and actors[a]["type"] != "person" and actors[b]["type"] != "person":
                activity[a] += sum(r.events for r in series)
                activity[b] += sum(r.events for r in series)
        top = [ident for ident, _ in activity.most_common(10)]
        edges = [{"a": a, "b": b, "score": series[-1].score, "events": sum(r.events for r in series),
                  "label": f"{name(a)} ~ {name(b)}: {series[-1].score:+.2f} ({series[-1].period})"}
                 for (a, b), series in by_pair.items() if a in top and b in top]
        nodes = [{"id": ident, "name": name(ident), "weight": activity[ident]} for ident in top]
        quotes = [r for r in records if r["kind"] == "quote" and r["speaker"] in actors and in_range(r["date"])]
        quotes.sort(key=lambda q: (actors[q["speaker"]]["type"] != "person", -len(q["text"])))
        facts = [r for r in records if r["kind"] == "fact" and r["unit"]][:8]
        every_contradiction = exporter.contradiction_records(self.store, merged)
        contradictions = grouped_by_shared_side(every_contradiction)  # a few of each kind
        triad_items = []
        for triad in find_triads(relations, lambda i: actors.get(i, {}).get("type") in TRIAD_KINDS, focus_id):
            if triad.prediction is None:
                continue
            (a, b), sign = triad.prediction
            state = "unbalanced" if triad.balanced is False else "open"
            sides = []
            for (x, y), side_sign in triad.signs.items():
                shown = weighs_most([event_by_id[e] for e in triad.evidence[(x, y)] if e in event_by_id], side_sign)
                sides.append({"text": f"{name(x)}–{name(y)} {'cooperative' if side_sign > 0 else 'hostile'}",
                              "evidence": shown["id"] if shown else None})
            triad_items.append({"text": f"{triad.period}, {state}: {' / '.join(name(x) for x in triad.actors)} — "
                                        f"balance predicts {name(a)} and {name(b)} "
                                        f"{'cooperate' if sign > 0 else 'turn hostile'}", "sides": sides,
                                "unbalanced": triad.balanced is False, "period": triad.period})
        # the unbalanced first (a closed triangle under strain), the latest first within each
        triad_items.sort(key=lambda item: (not item["unbalanced"], -int(item["period"])))
        sources = {}

        def cite(ident, text, doc):
            document = documents.get(doc, {})
            sources[ident] = {"text": text, "title": document.get("title") or document.get("source") or doc,
                              "published": document.get("published"),
                              "where": Path(document.get("source") or "").name or doc}
            return sources[ident]["title"]

        for event in events:
            cite(event["id"], event["text"], event["doc"])
        for quote in quotes[:8]:
            cite(quote["id"], quote["text"], quote["doc"])
        for fact in facts:
            cite(fact["id"], fact["text"], fact["doc"])
        for item in contradictions:
            for side in item["a"] + item["b"]:
                side["title"] = cite(side["id"], side["text"], side["doc"])
        if contradictions:
            count = sum(len(item["a"]) * len(item["b"]) for item in contradictions)
            shown = "" if count == len(every_contradiction) else f"; {count} shown"
            text = f"{len(every_contradiction)} points on which sources disagree{shown}"
            summary.append({"text": text + ".", "html": escape(text) + " (see below)."})
        years = sorted(d["published"][:4] for d in documents.values() if d.get("published"))
        return {
            "focus": focus_actor,
            "span": f"{years[0]}–{years[-1]}" if years else "undated",
            "counts": {"documents": len(documents), "events": len(events),
                       "quotes": sum(1 for r in records if r["kind"] == "quote")},
            "summary": summary, "timelines": timelines, "threats": threats, "map": map_events,
            "network": {"nodes": nodes, "edges": edges}, "contradictions": contradictions,
            "triads": triad_items[:8],
            "quotes": [{"id": q["id"], "speaker": name(q["speaker"]), "text": q["text"], "date": q["date"]}
                       for q in quotes[:8]],
            "facts": [{"id": f["id"], "quantity": f["quantity"], "unit": f["unit"], "subject": f["subject"]}
                      for f in facts],
            "sources": sources,
        }

    def triads(self, actor: str | None = None, period: str | None = None, limit: int | None = None) -> list[dict]:
        """Unbalanced and open signed triads of states and groups, per year (of one actor and one
        year when given), each side with its sign, score and one evidence sentence."""
        from realpolitik.analyze.balance import triads
        from realpolitik.analyze.relations import weighs_most

        rows = {a["id"]: a for a in self.store.rows(s.actors)}
        focus = None
        if actor:
            found = self.store.find_actor(actor)
            focus = self.store.merged_into().get(found["id"], found["id"])
        table = s.derived_relations
        when = [table.c.period == period] if period else []
        if focus:  # the focus's neighbourhood only: its pairs, then every pair of its counterparts
            near = {focus} | {ident for r in derived.stored_relations(self.store, or_(table.c.a == focus,
                                                                                        table.c.b == focus), *when)
                              for ident in (r.a, r.b)}
            near = sorted(near)
            relations = derived.stored_relations(self.store, or_(table.c.a.in_(near), table.c.b.in_(near)), *when)
        else:
            relations = derived.stored_relations(self.store, *when)
        found = triads(relations, lambda ident: rows.get(ident, {}).get("type") in TRIAD_KINDS, focus)[:limit]
        # each side is shown with the evidence that weighs most in its direction (of its first 50 events)
        events = self._event_texts({e for t in found for pair in t.signs for e in t.evidence[pair][:50]})
        scores = {(r.period, r.a, r.b): r.score for r in relations}

        def example(ids: list[str], sign: int) -> dict | None:
            best = weighs_most([events[e] for e in ids[:50] if e in events], sign)
            return None if best is None else {k: best[k] for k in ("id", "text", "doc", "date")}

        def name(ident):
            return rows.get(ident, {}).get("name", ident)

        records = []
        for triad in found:
            record = triad.record()
            record["names"] = [name(ident) for ident in triad.actors]
            record["prediction"].update(a_name=name(record["prediction"]["a"]), b_name=name(record["prediction"]["b"]))
            record["sides"] = [{"a": a, "b": b, "a_name": name(a), "b_name": name(b), "sign": sign,
                                "score": scores[(triad.period, a, b)], "evidence": triad.evidence[(a, b)],
                                "example": example(triad.evidence[(a, b)], sign)}
                               for (a, b), sign in triad.signs.items()]
            records.append(record)
        return records

    def _event_texts(self, ids) -> dict[str, dict]:
        """Event id -> {id, text, doc, date, type, modality, standing} for the given ids, fetched in chunks."""
        wanted, found = sorted(ids), {}
        with self.store.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                query = select(s.events.c.id, s.events.c.text, s.events.c.doc_id, s.events.c.date, s.events.c.type,
                               s.events.c.modality, s.events.c.extra
                               ).where(s.events.c.id.in_(wanted[start:start + 500]))
                for row in connection.execute(query).mappings():
                    found[row["id"]] = {"id": row["id"], "text": row["text"], "doc": row["doc_id"], "date": row["date"],
                                        "type": row["type"], "modality": row["modality"],
                                        "standing": exporter.standing(row)}
        return found

    def overview(self, top: int = 10, documents: bool = True) -> dict:
        """What the demo prints: documents, top actors with aliases, mentions by year, and the years the
        articles span. Counted in SQL, so it stays quick on large stores; `documents=False` leaves out
        the list of every document (the web overview shows only their count and span)."""
        d, m, a = s.documents, s.mentions, s.actors
        merged = self.store.merged_into()
        with self.store.engine.connect() as connection:
            listed = [dict(row) for row in connection.execute(
                select(d.c.id, d.c.title, d.c.published, d.c.published_method, d.c.language, d.c.source)
                .order_by(d.c.published, d.c.id)).mappings()] if documents else None
            first, last = connection.execute(select(func.min(func.substr(d.c.published, 1, 4)),
                                                    func.max(func.substr(d.c.published, 1, 4)))).one()
            per_actor: Counter = Counter()
            for actor_id, count in connection.execute(select(m.c.actor_id, func.count()).group_by(m.c.actor_id)):
                per_actor[merged.get(actor_id, actor_id)] += count
            chosen = [ident for ident, _ in sorted(per_actor.items(), key=lambda item: (-item[1], item[0]))[:top]]
            members = {ident: {ident} | {x for x, target in merged.items() if target == ident} for ident in chosen}
            wanted = sorted(set().union(*members.values())) if members else []
            year = func.coalesce(func.substr(d.c.published, 1, 4), "unknown")
            by_year: dict[str, Counter] = {}
            for actor_id, published, count in connection.execute(
                    select(m.c.actor_id, year, func.count()).join(d, d.c.id == m.c.doc_id)
                    .where(m.c.actor_id.in_(wanted)).group_by(m.c.actor_id, year)):
                by_year.setdefault(merged.get(actor_id, actor_id), Counter())[published or "unknown"] += count
            seen_as: dict[str, Counter] = {}
            for actor_id, text, count in connection.execute(
                    select(m.c.actor_id, m.c.text, func.count()).where(m.c.actor_id.in_(wanted))
                    .group_by(m.c.actor_id, m.c.text)):
                form = text.replace("’s", "").replace("'s", "")
                seen_as.setdefault(merged.get(actor_id, actor_id), Counter())[form] += count
            rows = {row["id"]: dict(row) for row in connection.execute(select(a).where(a.c.id.in_(wanted))).mappings()}
        top_actors = []
        for ident in chosen:
            if ident not in rows:
                continue
            row = rows[ident]
            forms = sorted(seen_as.get(ident, Counter()).items(), key=lambda item: (-item[1], item[0]))
            top_actors.append({"kind": "actor", "id": ident, "name": row["name"], "type": row["type"],
                               "country": row["country"],
                               "aliases": self._aliases(ident, members[ident], rows),
                               **{key: row[key] for key in ("wikidata", "sector", "role") if row[key]},
                               **({"roles": json.loads(row["roles"])} if row["roles"] else {}),
                               "mentions": per_actor[ident], "by_year": dict(sorted(by_year.get(ident, {}).items())),
                               "seen_as": [text for text, _ in forms]})
        return {"db": self.settings.db, "counts": self.store.counts(), "documents": listed,
                "years": [first, last] if first else None, "top_actors": top_actors}

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


def opening_words(text: str, limit: int = 72) -> str:
    """The start of a text's first sentence, cut at a word and marked as cut."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _day(value: str | None):
    """The first day a date of any precision ("2024", "2024-03", "2024-03-22") can mean."""
    span = day_span(value)
    return span[0] if span else None


def _km(a: dict | None, b: dict | None) -> float | None:
    import math

    if not a or not b or a.get("lat") is None or b.get("lat") is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def same_incidents(events: list[dict]) -> list[list[dict]]:
    """Accounts of the same act grouped: same source, target and kind, dates within
    SAME_INCIDENT_DAYS and places within SAME_INCIDENT_KM (or one of them unplaced). Each group
    starts with its most precisely dated account; groups come latest first."""
    groups: list[list[dict]] = []
    for event in sorted(events, key=lambda e: (-len(e["date"] or ""), e["date"] or "")):
        day = _day(event["date"])
        for group in groups:
            first = group[0]
            if (first["source"], first["target"], first["type"]) != (event["source"], event["target"], event["type"]):
                continue
            other = _day(first["date"])
            if day is None or other is None or abs((day - other).days) > SAME_INCIDENT_DAYS:
                continue
            distance = _km(first["location"], event["location"])
            if distance is None and first["location"] and event["location"]:
                continue  # two places, one not on the map: cannot tell
            if distance is None or distance <= SAME_INCIDENT_KM:
                group.append(event)
                break
        else:
            groups.append([event])
    return sorted(groups, key=lambda g: max(e["date"] or "" for e in g), reverse=True)


def _governs(roles: list[dict]) -> list[str]:
    """An actor's time-bound government roles in words: "AFG since 2021-08", "AFG 1996-09 to 2001-11"."""
    return [f"{role['of']} {role.get('from', '?')} to {role['to']}" if role.get("to")
            else f"{role['of']} since {role.get('from', '?')}" for role in roles if role.get("role") == "government"]
