"""Relations and contradictions kept in the database, so that the REST API and the web pages read
them with one indexed query instead of recomputing them from every event on each request.

`refresh(store)` recomputes both when the data changed since they were last computed (documents
added, actors merged or split): ingest, merge and split call it when they finish, and `serve` when
it starts. Readers only compute them when they were never computed: while another process ingests,
the data changes with every article, and recomputing on each request would make readers do the
writer's work over and over; they read the last complete set until that ingest refreshes it.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from sqlalchemy import and_, func, or_, select

from realpolitik.store import schema as s
from realpolitik.store.db import Store


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the code and data the stored sets are computed by: after an upgrade that changes
    them, the next refresh recomputes though no article was added."""
    package = Path(__file__).resolve().parent.parent
    files = sorted((package / "analyze").glob("*.py")) + [
        package / "dates.py", package / "resolve" / "regions.py", package / "data" / "knowledge" / "regions.yaml",
        package / "data" / "lexicon" / "plover.yaml"]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes() if file.exists() else b"")
    return digest.hexdigest()[:12]


def current_stamp(store: Store) -> str:
    return f"{store.data_stamp()}:{rules_fingerprint()}"


def refresh(store: Store, force: bool = False) -> bool:
    """Recompute if stale; True when it did."""
    from realpolitik.serve import export as exporter

    stamp = current_stamp(store)
    if not force and store.derived_stamp() == stamp:
        return False
    merged = store.merged_into()
    relations = exporter.relations(store, merged)
    latest: dict[tuple[str, str], str] = {}
    for relation in relations:
        key = (relation.a, relation.b)
        latest[key] = max(latest.get(key, relation.period), relation.period)
    relation_rows = [{"a": r.a, "b": r.b, "period": r.period, "score": r.score, "events": r.events,
                      "weight": r.weight, "latest": latest[(r.a, r.b)] == r.period,
                      "evidence": json.dumps(r.evidence)} for r in relations]
    contradiction_rows = [{"position": i, "id": record["id"], "record": json.dumps(record, ensure_ascii=False)}
                          for i, record in enumerate(exporter.contradiction_records(store, merged))]
    store.replace_derived(relation_rows, contradiction_rows, stamp)
    return True


def _ready(store: Store) -> None:
    if store.derived_stamp() is None:
        refresh(store)


def _relation(row) -> dict:
    return {"kind": "relation", "a": row.a, "b": row.b, "period": row.period, "score": row.score,
            "events": row.events, "evidence": json.loads(row.evidence)}


def relations(store: Store, a_ids: set[str] | None = None, b_ids: set[str] | None = None,
              period: str | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    """(total, page) of relation records; `a_ids`/`b_ids`: each must be one side of the pair."""
    _ready(store)
    table = s.derived_relations
    conditions = []
    for ids in (a_ids, b_ids):
        if ids is not None:
            conditions.append(or_(table.c.a.in_(sorted(ids)), table.c.b.in_(sorted(ids))))
    if period:
        conditions.append(table.c.period == period)
    with store.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(table).where(*conditions)).scalar()
        rows = connection.execute(select(table).where(*conditions)
                                  .order_by(table.c.a, table.c.b, table.c.period).limit(limit).offset(offset)).all()
    return total, [_relation(row) for row in rows]


def graph(store: Store, period: str | None = None, limit: int = 500) -> dict:
    """The signed graph: the latest relation of each pair (or each pair's relation in `period`),
    the `limit` pairs with the most events."""
    _ready(store)
    table = s.derived_relations
    condition = table.c.period == period if period else table.c.latest.is_(True)
    with store.engine.connect() as connection:
        rows = connection.execute(select(table).where(condition)
                                  .order_by(table.c.events.desc(), table.c.a, table.c.b).limit(limit)).all()
    edges = [_relation(row) for row in rows]
    nodes = sorted({ident for edge in edges for ident in (edge["a"], edge["b"])})
    return {"nodes": nodes, "edges": edges}


def contradictions(store: Store, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
    _ready(store)
    table = s.derived_contradictions
    with store.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(table)).scalar()
        rows = connection.execute(select(table.c.record).order_by(table.c.position).limit(limit).offset(offset)).all()
    return total, [json.loads(row.record) for row in rows]


def periods(store: Store) -> list[str]:
    """The years that have relations, oldest first."""
    _ready(store)
    table = s.derived_relations
    with store.engine.connect() as connection:
        return [row.period for row in connection.execute(select(table.c.period).distinct().order_by(table.c.period))]


def busiest_pairs(store: Store, limit: int = 300) -> dict[tuple[str, str], list[dict]]:
    """The `limit` pairs with most events in their latest year, each with its yearly relations in order
    (period, score, events: without the evidence lists, which an overview does not show and which
    are most of the bytes on a large store)."""
    _ready(store)
    table = s.derived_relations
    with store.engine.connect() as connection:
        top = connection.execute(select(table.c.a, table.c.b).where(table.c.latest.is_(True))
                                 .order_by(table.c.events.desc(), table.c.a, table.c.b).limit(limit)).all()
        wanted = {(row.a, row.b) for row in top}
        # one primary-key lookup per pair: "(a, b) IN (...)" made SQLite scan the whole index, and
        # "a IN (...) AND b IN (...)" fetched every pair the two lists cross (60k rows for 633 at 1M events)
        rows = connection.execute(select(table.c.a, table.c.b, table.c.period, table.c.score, table.c.events)
                                  .where(or_(*(and_(table.c.a == a, table.c.b == b) for a, b in sorted(wanted))))
                                  .order_by(table.c.a, table.c.b, table.c.period)).all() if wanted else []
    pairs: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        if (row.a, row.b) in wanted:
            pairs.setdefault((row.a, row.b), []).append(
                {"kind": "relation", "a": row.a, "b": row.b, "period": row.period, "score": row.score,
                 "events": row.events})
    return pairs


def pair(store: Store, a: str, b: str):
    """One pair's yearly relations, oldest first, as `Relation`s."""
    first, second = sorted((a, b))
    table = s.derived_relations
    return stored_relations(store, table.c.a == first, table.c.b == second)


def stored_relations(store: Store, *conditions):
    """The stored yearly relations that meet `conditions` (all of them without), as `Relation`s, in
    pair and period order."""
    from realpolitik.analyze.relations import Relation

    _ready(store)
    table = s.derived_relations
    with store.engine.connect() as connection:
        rows = connection.execute(select(table).where(*conditions)
                                  .order_by(table.c.a, table.c.b, table.c.period)).all()
    return [Relation(row.a, row.b, row.period, row.score, row.events, json.loads(row.evidence), row.weight)
            for row in rows]
