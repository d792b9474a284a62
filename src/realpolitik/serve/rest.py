"""The REST API: JSON over the same library calls the CLI uses (FastAPI; served by uvicorn).

Reading is open; writing (ingesting an article, merging actors) is off unless a token is
configured, and then needs it as a bearer token. Lists are paginated and filtered in SQL with bound
parameters: no SQL is built from strings. CORS stays closed unless origins are configured.
"""
from __future__ import annotations

import hmac
from urllib.parse import unquote
import tempfile
from pathlib import Path

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, or_, select

from realpolitik.api import Realpolitik
from realpolitik.errors import RealpolitikError
from realpolitik.analyze import derived
from realpolitik.serve import export as exporter
from realpolitik.serve import queries
from realpolitik.store import schema as s

MAX_PAGE = 500
MAX_OFFSET = 10**9  # beyond any corpus; larger numbers overflow the database's integers


class Article(BaseModel):
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    source: str | None = None


class Merge(BaseModel):
    keep: str
    merge: str


def _page(connection, query, limit: int, offset: int, shape) -> dict:
    # the count needs no ordering: sorting a million rows only to count them is the slow part
    total = connection.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar()
    rows = connection.execute(query.limit(limit).offset(offset)).mappings().all()
    return {"total": total, "limit": limit, "offset": offset, "items": [shape(dict(r)) for r in rows]}


def _event(row: dict) -> dict:
    location = None if not row["location_name"] else {
        "name": row["location_name"], "country": row["location_country"], "lat": row["lat"], "lon": row["lon"]}
    return {"id": row["id"], "doc": row["doc_id"], "type": row["type"], "mode": row["mode"], "context": row["context"],
            "source": row["source_id"], "target": row["target_id"], "date": row["date"], "location": location,
            "modality": row["modality"], "standing": exporter.standing(row), "text": row["text"],
            "start": row["start_char"], "end": row["end_char"], "confidence": row["confidence"],
            "rules": exporter.rules_of(row)}


def create_app(corpus: Realpolitik, token: str | None = None, cors_origins: tuple[str, ...] = ()) -> FastAPI:
    app = FastAPI(title="realpolitik", version="0.1.0",
                  description="Actors, PLOVER events, quotes, numbers, relations and contradictions read from news.")
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    store = corpus.store
    derived.refresh(store)  # what other processes wrote since the last refresh

    @app.exception_handler(RealpolitikError)
    async def _error(_request: Request, error: RealpolitikError):
        return JSONResponse(status_code=error.http_status, content={"error": str(error)})

    @app.middleware("http")
    async def _no_nul_characters(request: Request, call_next):
        # PostgreSQL cannot hold NUL in text, and no name, id or search term has one: refuse it
        # at the door rather than let the database fail on it
        if "\x00" in unquote(request.url.path) or any("\x00" in value for value in request.query_params.values()):
            return JSONResponse(status_code=400, content={"error": "NUL characters are not allowed in a request"})
        return await call_next(request)

    def writer(authorization: str | None = Header(default=None)) -> None:
        if not token:
            raise HTTPException(403, "writing is off: start the server with a token to allow it")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is needed to write")

    def actor_ids(name: str) -> set[str]:
        return queries.actor_ids(store, name)

    Limit = Query(50, ge=1, le=MAX_PAGE)
    Offset = Query(0, ge=0, le=MAX_OFFSET)

    @app.get("/api/documents")
    def documents(q: str | None = None, limit: int = Limit, offset: int = Offset) -> dict:
        d = s.documents
        query = select(d.c.id, d.c.source, d.c.title, d.c.published, d.c.language, d.c.author).order_by(d.c.published, d.c.id)
        if q:
            query = query.where(or_(d.c.title.icontains(q), d.c.text.icontains(q)))
        with store.engine.connect() as connection:
            return _page(connection, query, limit, offset, lambda r: r)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict:
        with store.engine.connect() as connection:
            row = connection.execute(select(s.documents).where(s.documents.c.id == doc_id)).mappings().first()
            if row is None:
                raise HTTPException(404, f"no document {doc_id}")
            spans = {
                "mentions": [{"actor": m["actor_id"], "start": m["start_char"], "end": m["end_char"], "text": m["text"]}
                             for m in connection.execute(select(s.mentions).where(s.mentions.c.doc_id == doc_id)
                                                         .order_by(s.mentions.c.start_char)).mappings()],
                "events": [_event(dict(e)) for e in connection.execute(
                    select(s.events).where(s.events.c.doc_id == doc_id).order_by(s.events.c.start_char)).mappings()],
                "quotes": [{"id": q["id"], "speaker": q["speaker_id"], "text": q["text"], "start": q["start_char"],
                            "end": q["end_char"]} for q in connection.execute(
                    select(s.quotes).where(s.quotes.c.doc_id == doc_id).order_by(s.quotes.c.start_char)).mappings()],
                "facts": [{"id": f["id"], "quantity": f["quantity"], "unit": f["unit"], "subject": f["subject"],
                           "start": f["start_char"], "end": f["end_char"]} for f in connection.execute(
                    select(s.facts).where(s.facts.c.doc_id == doc_id).order_by(s.facts.c.start_char)).mappings()],
            }
        return {"id": row["id"], "source": row["source"], "title": row["title"], "published": row["published"],
                "language": row["language"], "author": row["author"], "text": row["text"], **spans}

    @app.get("/api/actors")
    def actors(q: str | None = None, type: str | None = None, country: str | None = None,
               limit: int = Limit, offset: int = Offset) -> dict:
        a = s.actors
        mentions = select(s.mentions.c.actor_id, func.count().label("n")).group_by(s.mentions.c.actor_id).subquery()
        query = (select(a.c.id, a.c.name, a.c.type, a.c.country, func.coalesce(mentions.c.n, 0).label("mentions"))
                 .outerjoin(mentions, mentions.c.actor_id == a.c.id).where(a.c.merged_into.is_(None))
                 .where(mentions.c.n > 0).order_by(func.coalesce(mentions.c.n, 0).desc(), a.c.id))
        if q:
            query = query.where(a.c.name.icontains(q))
        if type:
            query = query.where(a.c.type == type)
        if country:
            query = query.where(a.c.country == country.upper())
        with store.engine.connect() as connection:
            return _page(connection, query, limit, offset, lambda r: r)

    @app.get("/api/actors/{name}")
    def actor(name: str) -> dict:
        return corpus.profile(name)

    @app.get("/api/events")
    def events(actor: str | None = None, a: str | None = None, b: str | None = None, type: str | None = None,
               modality: str | None = None, date_from: str | None = None, date_to: str | None = None,
               place: str | None = None, q: str | None = None, min_confidence: float | None = None,
               limit: int = Limit, offset: int = Offset) -> dict:
        query = queries.event_query(store, actor, a, b, type, modality, date_from, date_to, place, q, min_confidence)
        with store.engine.connect() as connection:
            return _page(connection, query, limit, offset, _event)

    @app.get("/api/quotes")
    def quotes(speaker: str | None = None, doc: str | None = None, q: str | None = None,
               limit: int = Limit, offset: int = Offset) -> dict:
        t = s.quotes
        query = select(t).order_by(t.c.doc_id, t.c.start_char)
        if speaker:
            query = query.where(t.c.speaker_id.in_(actor_ids(speaker)))
        if doc:
            query = query.where(t.c.doc_id == doc)
        if q:
            query = query.where(t.c.text.icontains(q))
        with store.engine.connect() as connection:
            return _page(connection, query, limit, offset, lambda r: {
                "id": r["id"], "doc": r["doc_id"], "speaker": r["speaker_id"], "text": r["text"],
                "start": r["start_char"], "end": r["end_char"], "date": r["date"]})

    @app.get("/api/facts")
    def facts(doc: str | None = None, unit: str | None = None, q: str | None = None,
              limit: int = Limit, offset: int = Offset) -> dict:
        t = s.facts
        query = select(t).order_by(t.c.doc_id, t.c.start_char)
        if doc:
            query = query.where(t.c.doc_id == doc)
        if unit:
            query = query.where(t.c.unit == unit)
        if q:
            query = query.where(or_(t.c.subject.icontains(q), t.c.text.icontains(q)))
        with store.engine.connect() as connection:
            return _page(connection, query, limit, offset, lambda r: {
                "id": r["id"], "doc": r["doc_id"], "quantity": r["quantity"], "high": r["quantity_high"],
                "unit": r["unit"], "subject": r["subject"], "text": r["text"], "start": r["start_char"],
                "end": r["end_char"]})

    @app.get("/api/relations")
    def relations(a: str | None = None, b: str | None = None, period: str | None = None,
                  limit: int = Limit, offset: int = Offset) -> dict:
        total, items = derived.relations(store, actor_ids(a) if a else None, actor_ids(b) if b else None,
                                         period, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/contradictions")
    def contradictions(limit: int = Limit, offset: int = Offset) -> dict:
        total, items = derived.contradictions(store, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/triads")
    def triads(actor: str = Query(..., min_length=1), period: str | None = Query(None, pattern=r"^\d{4}$"),
               limit: int = Limit) -> dict:
        """Signed triads of one actor that balance theory says should shift: unbalanced ones and open
        ones whose third side it predicts, each side with its score and the sentence that weighs most."""
        items = corpus.triads(actor, period, limit)
        return {"actor": actor, "period": period, "items": items}

    @app.get("/api/graph")
    def graph(period: str | None = None, limit: int = Query(500, ge=1, le=5000)) -> dict:
        """The signed actor graph: the latest relation of each pair, or those of one period; the
        `limit` pairs with the most events."""
        return derived.graph(store, period, limit)

    @app.get("/api/search")
    def search(q: str = Query(..., min_length=2), limit: int = Limit, offset: int = Offset) -> dict:
        """Full-text search over documents, events and quotes (substring match, case-folded by SQL)."""
        with store.engine.connect() as connection:
            docs = connection.execute(select(s.documents.c.id, s.documents.c.title)
                                      .where(or_(s.documents.c.text.icontains(q), s.documents.c.title.icontains(q)))
                                      .limit(limit).offset(offset)).mappings().all()
            evs = connection.execute(select(s.events.c.id, s.events.c.doc_id, s.events.c.text)
                                     .where(s.events.c.text.icontains(q)).limit(limit).offset(offset)).mappings().all()
            qts = connection.execute(select(s.quotes.c.id, s.quotes.c.doc_id, s.quotes.c.text)
                                     .where(s.quotes.c.text.icontains(q)).limit(limit).offset(offset)).mappings().all()
        return {"documents": [dict(r) for r in docs], "events": [dict(r) for r in evs], "quotes": [dict(r) for r in qts]}

    @app.post("/api/articles", dependencies=[Depends(writer)], status_code=201)
    def ingest(article: Article) -> dict:
        import json

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "article.jsonl"
            path.write_text(json.dumps(article.model_dump()) + "\n", encoding="utf-8")
            summary = corpus.ingest([path])
        return {"outcomes": [{"status": o.status, "reason": o.reason, "doc": o.doc_id} for o in summary.outcomes]}

    @app.post("/api/actors/merge", dependencies=[Depends(writer)])
    def merge(request: Merge) -> dict:
        kept, merged = corpus.merge_actors(request.keep, request.merge)
        return {"kept": kept, "merged": merged}

    from realpolitik.serve.web import add_pages

    add_pages(app, corpus)
    return app
