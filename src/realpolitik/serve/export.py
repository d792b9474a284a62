"""Exports in the evaluation contract (`../shared/eval/README.md`): JSON lines, CSV or Parquet.

Merged actors are exported as the actor they were merged into, their names kept as aliases.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from realpolitik.store import schema as s
from realpolitik.store.db import Store

KINDS = ("document", "actor", "mention", "event", "quote", "fact", "relation", "contradiction")


def _location(row: dict) -> dict | None:
    if not row.get("location_name"):
        return None
    return {"name": row["location_name"], "country": row["location_country"], "lat": row["lat"], "lon": row["lon"]}


def records(store: Store, derived: bool = True, min_confidence: float | None = None) -> Iterator[dict]:
    """Every exported record, kind by kind, in a stable order; `derived=False` leaves out relations
    and contradictions, for callers that compute them once themselves."""
    merged = store.merged_into()

    def effective(ident: str | None) -> str | None:
        return merged.get(ident, ident) if ident else ident

    for row in store.rows(s.documents, order_by=[s.documents.c.source, s.documents.c.id]):
        yield {"kind": "document", "id": row["id"], "source": row["source"], "title": row["title"],
               "published": row["published"], "language": row["language"], "author": row["author"],
               "url": row["url"], "published_precision": row["published_precision"],
               "published_method": row["published_method"]}

    aliases = store.aliases()
    actors = {row["id"]: row for row in store.rows(s.actors, order_by=[s.actors.c.id])}
    folded: dict[str, list[str]] = {}
    for ident, row in actors.items():
        target = effective(ident)
        names = folded.setdefault(target, [])
        if target != ident:
            names.append(row["name"])
        names.extend(aliases.get(ident, []))
    used = {effective(m["actor_id"]) for m in store.rows(s.mentions)}
    used |= {effective(e[c]) for e in store.rows(s.events) for c in ("source_id", "target_id") if e[c]}
    used |= {effective(q["speaker_id"]) for q in store.rows(s.quotes) if q["speaker_id"]}
    for ident, row in actors.items():
        if ident in merged or ident not in used:
            continue
        names = [n for n in dict.fromkeys(folded.get(ident, [])) if n != row["name"]]
        record = {"kind": "actor", "id": ident, "name": row["name"], "type": row["type"],
                  "country": row["country"], "aliases": names}
        for optional in ("wikidata", "sector", "role", "affiliation"):
            if row[optional]:
                record[optional] = effective(row[optional]) if optional == "affiliation" else row[optional]
        if row["roles"]:
            record["roles"] = json.loads(row["roles"])
        yield record

    for row in store.rows(s.mentions, order_by=[s.mentions.c.doc_id, s.mentions.c.start_char,
                                                  s.mentions.c.end_char, s.mentions.c.actor_id]):
        yield {"kind": "mention", "doc": row["doc_id"], "actor": effective(row["actor_id"]),
               "start": row["start_char"], "end": row["end_char"], "text": row["text"]}

    for row in store.rows(s.events, order_by=[s.events.c.doc_id, s.events.c.start_char, s.events.c.id]):
        if min_confidence is not None and (row["confidence"] is None or row["confidence"] < min_confidence):
            continue
        yield {"kind": "event", "id": row["id"], "doc": row["doc_id"], "type": row["type"], "mode": row["mode"],
               "context": row["context"], "source": effective(row["source_id"]),
               "target": effective(row["target_id"]), "date": row["date"], "location": _location(row),
               "modality": row["modality"], "standing": standing(row), "text": row["text"],
               "start": row["start_char"], "end": row["end_char"], "confidence": row["confidence"],
               "rules": rules_of(row)}

    for row in store.rows(s.quotes, order_by=[s.quotes.c.doc_id, s.quotes.c.start_char, s.quotes.c.id]):
        yield {"kind": "quote", "id": row["id"], "doc": row["doc_id"], "speaker": effective(row["speaker_id"]),
               "text": row["text"], "start": row["start_char"], "end": row["end_char"], "date": row["date"]}

    if derived:
        yield from relation_records(store, merged)
        yield from contradiction_records(store, merged)

    for row in store.rows(s.facts, order_by=[s.facts.c.doc_id, s.facts.c.start_char, s.facts.c.id]):
        yield {"kind": "fact", "id": row["id"], "doc": row["doc_id"], "quantity": row["quantity"],
               "unit": row["unit"], "subject": row["subject"], "text": row["text"], "start": row["start_char"],
               "end": row["end_char"], "date": row["date"]}


def rules_of(row) -> list[str]:
    """The ids of the rules that made a stored event (none for events stored before rules had ids)."""
    return (row["rules"] or "").split()


def standing(row) -> bool:
    """Whether a stored event keeps a measure as it stands ("kept X on its list"); older stores lack the mark.
    Exports and relations read it for every event: the text we wrote is only parsed when it can say so."""
    extra = row["extra"]
    return bool(extra and '"standing": true' in extra and json.loads(extra).get("standing"))


def event_records(store: Store, merged: dict[str, str] | None = None,
                  min_confidence: float | None = None) -> list[dict]:
    merged = store.merged_into() if merged is None else merged
    return [{"id": row["id"], "type": row["type"], "source": merged.get(row["source_id"], row["source_id"]),
             "target": merged.get(row["target_id"], row["target_id"]), "date": row["date"],
             "modality": row["modality"], "standing": standing(row), "text": row["text"], "doc": row["doc_id"],
             "confidence": row["confidence"]}
            for row in store.rows(s.events, order_by=[s.events.c.doc_id, s.events.c.start_char, s.events.c.id])
            if min_confidence is None or (row["confidence"] is not None and row["confidence"] >= min_confidence)]


def relations(store: Store, merged: dict[str, str] | None = None, monthly_threshold: int = 0,
              min_confidence: float | None = None):
    from realpolitik.analyze.relations import compute_relations

    merged = store.merged_into() if merged is None else merged
    countries = {row["id"]: row["country"] for row in store.rows(s.actors)}
    states = {row["country"]: row["id"] for row in store.rows(s.actors) if row["type"] == "state"}
    return compute_relations(event_records(store, merged, min_confidence), lambda ident: countries.get(ident),
                             lambda iso3: states.get(iso3) if iso3 else None, monthly_threshold)


def relation_records(store: Store, merged: dict[str, str]) -> Iterator[dict]:
    for relation in relations(store, merged):
        yield relation.record()


def contradiction_records(store: Store, merged: dict[str, str]) -> list[dict]:
    from realpolitik.analyze.contradictions import find_contradictions
    from realpolitik.resolve.registry import load_registry

    registry = load_registry(tuple(), tuple(store.user_registries()))
    aliases = store.aliases()
    actors = {row["id"]: {"name": row["name"], "type": row["type"], "aliases": aliases.get(row["id"], []),
                          "country": row["country"], "roles": json.loads(row["roles"]) if row["roles"] else []}
              for row in store.rows(s.actors, order_by=[s.actors.c.id]) if row["id"] not in merged}
    quotes = [{"id": q["id"], "doc": q["doc_id"], "speaker": merged.get(q["speaker_id"], q["speaker_id"]),
               "text": q["text"]}
              for q in store.rows(s.quotes, order_by=[s.quotes.c.doc_id, s.quotes.c.start_char, s.quotes.c.id])]
    # in document order, not the order articles happened to be stored in: the same corpus ingested
    # in any order, or by two processes at once, exports the same contradictions
    facts = [{"id": f["id"], "doc": f["doc_id"], "quantity": f["quantity"], "unit": f["unit"],
              "subject": f["subject"], "text": f["text"]}
             for f in store.rows(s.facts, order_by=[s.facts.c.doc_id, s.facts.c.start_char, s.facts.c.id])]
    return find_contradictions(event_records(store, merged), quotes, facts, actors, registry.states_in)


def write_jsonl(store: Store, handle, min_confidence: float | None = None) -> int:
    count = 0
    for record in records(store, min_confidence=min_confidence):
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _by_kind(store: Store, min_confidence: float | None = None) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for record in records(store, min_confidence=min_confidence):
        grouped[record["kind"]].append(record)
    return grouped


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_csv(store: Store, folder: Path, min_confidence: float | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, rows in _by_kind(store, min_confidence).items():
        path = folder / f"{kind}s.csv"
        columns = list(dict.fromkeys(key for row in rows for key in row if key != "kind"))
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _flat(row.get(k)) for k in columns})
        written.append(path)
    return written


def write_parquet(store: Store, folder: Path, min_confidence: float | None = None) -> list[Path]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from realpolitik.errors import RealpolitikError

        raise RealpolitikError("parquet export needs pyarrow: pip install 'realpolitik[parquet]'") from None
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, rows in _by_kind(store, min_confidence).items():
        columns = list(dict.fromkeys(key for row in rows for key in row if key != "kind"))
        table = pa.table({c: [_flat(row.get(c)) for row in rows] for c in columns}) if rows else pa.table({})
        path = folder / f"{kind}s.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written
