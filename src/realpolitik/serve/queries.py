"""Queries the REST API and the web pages share, so both filter the same way and in SQL (bound
parameters, indexed columns), never by loading every row into Python."""
from __future__ import annotations

from sqlalchemy import and_, or_, select

from realpolitik.store import schema as s
from realpolitik.store.db import Store


def actor_ids(store: Store, name: str) -> set[str]:
    """An actor named by id, name or alias, with every actor merged into it."""
    row = store.find_actor(name)
    merged = store.merged_into()
    ident = merged.get(row["id"], row["id"])
    return {ident} | {m for m, target in merged.items() if target == ident}


def event_query(store: Store, actor: str | None = None, a: str | None = None, b: str | None = None,
                type: str | None = None, modality: str | None = None, date_from: str | None = None,
                date_to: str | None = None, place: str | None = None, q: str | None = None,
                min_confidence: float | None = None):
    """Events matching every filter given, newest first."""
    e = s.events
    query = select(e).order_by(e.c.date.desc(), e.c.id.desc())
    if actor:
        ids = actor_ids(store, actor)
        query = query.where(or_(e.c.source_id.in_(ids), e.c.target_id.in_(ids)))
    if a and b:
        first, second = actor_ids(store, a), actor_ids(store, b)
        query = query.where(or_(and_(e.c.source_id.in_(first), e.c.target_id.in_(second)),
                                and_(e.c.source_id.in_(second), e.c.target_id.in_(first))))
    if type:
        query = query.where(e.c.type == type.upper())
    if modality:
        query = query.where(e.c.modality == modality)
    if date_from:
        query = query.where(e.c.date >= date_from)
    if date_to:
        query = query.where(e.c.date <= date_to + "\uffff")  # a year or month includes its days
    if place:
        query = query.where(e.c.location_name == place)
    if q:
        query = query.where(e.c.text.icontains(q))
    if min_confidence is not None:  # events stored before confidences were kept have none: left out
        query = query.where(e.c.confidence >= min_confidence)
    return query
