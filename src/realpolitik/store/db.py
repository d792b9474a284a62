"""The store: one database (a SQLite file by default), written through SQLAlchemy Core.

Each article and everything extracted from it is written in a single transaction, so a crash
leaves either the whole article or nothing.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import bindparam, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from realpolitik.errors import NotFoundError, StoreError
from realpolitik.records import Actor, ArticleRecords
from realpolitik.resolve.registry import fold
from realpolitik.store import schema as s


RETRIES = 8  # a write refused for a lock or deadlock is tried again, backing off up to ~6 s


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def database_url(db: str) -> str:
    """A path is a SQLite file; `postgresql://` URLs use the psycopg (3) driver."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def _insert_ignore(connection: Connection, table, rows: list[dict]) -> None:
    """INSERT that leaves existing rows alone (same primary key), on SQLite and PostgreSQL."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    connection.execute(dialect_insert(table).on_conflict_do_nothing(), rows)


class Store:
    def __init__(self, db: str):
        self.url = database_url(db)
        self.label = db
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ValueError) as error:
            raise StoreError(f"cannot open database: {error}", path=db) from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", self._sqlite_pragmas)
        self.migrate()

    @staticmethod
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers keep working while an ingest writes
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self, connection: Connection) -> int:
        if not self.engine.dialect.has_table(connection, "meta"):
            return 0
        value = connection.execute(select(s.meta.c.value).where(s.meta.c.key == "schema_version")).scalar()
        return int(value or 0)

    def migrate(self) -> None:
        try:
            with self.engine.begin() as connection:
                version = self.schema_version(connection)
                if version > s.SCHEMA_VERSION:
                    raise StoreError(f"database schema {version} is newer than this realpolitik "
                                     f"({s.SCHEMA_VERSION}); upgrade realpolitik", path=self.label)
                for target in range(version + 1, s.SCHEMA_VERSION + 1):
                    s.MIGRATIONS[target](connection)
                    _upsert_meta(connection, "schema_version", str(target))
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open or migrate database: {error.__class__.__name__}: {error.orig if hasattr(error, 'orig') else error}",
                             path=self.label) from None

    # -- documents ------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(s.documents.c.id).where(s.documents.c.id == doc_id)).first() is not None

    def band_candidates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        """Stored documents sharing at least one MinHash band with a new one, with their signatures."""
        with self.engine.connect() as connection:
            ids = select(s.doc_bands.c.doc_id).where(s.doc_bands.c.band.in_(bands)).distinct()
            rows = connection.execute(select(s.documents.c.id, s.documents.c.minhash).where(s.documents.c.id.in_(ids)))
            return [(row.id, row.minhash) for row in rows]

    def write_article(self, records: ArticleRecords, minhash: bytes, bands: list[str],
                      extractor: str | None = None) -> bool:
        """Store a document with all its records in one transaction; False if it was already there.
        Safe against another process writing at the same time: a lost race for the same document is
        a duplicate, and a transaction the database had to refuse (a lock, a deadlock) is retried."""
        for attempt in range(RETRIES):
            try:
                return self._write_article(records, minhash, bands, extractor)
            except IntegrityError:
                if self.has_document(records.document.id):
                    return False  # another process stored the same text first
                raise StoreError(f"could not store document {records.document.id} from "
                                 f"{records.document.source}: a record conflicts with one stored", path=self.label) from None
            except OperationalError:
                if attempt == RETRIES - 1:
                    raise StoreError(f"could not store document {records.document.id} from "
                                     f"{records.document.source}: the database stayed busy", path=self.label) from None
                time.sleep(0.05 * 2 ** attempt)
        return False

    def _write_article(self, records: ArticleRecords, minhash: bytes, bands: list[str],
                       extractor: str | None = None) -> bool:
        doc = records.document
        try:
            with self.engine.begin() as connection:
                if connection.execute(select(s.documents.c.id).where(s.documents.c.id == doc.id)).first():
                    return False
                connection.execute(insert(s.documents).values(
                    id=doc.id, source=doc.source, url=doc.url, title=doc.title, author=doc.author,
                    outlet=doc.outlet, published=doc.published.value,
                    published_precision=doc.published.precision, published_method=doc.published.method,
                    language=doc.language, text=doc.text, minhash=minhash, ingested_at=now(), extractor=extractor))
                if bands:
                    connection.execute(insert(s.doc_bands), [{"band": b, "doc_id": doc.id} for b in bands])
                self._write_actors(connection, records.actors)
                self._write_extractions(connection, records)
            return True
        except (IntegrityError, OperationalError):
            raise
        except SQLAlchemyError as error:
            raise StoreError(f"could not store document {doc.id} from {doc.source}: {error.__class__.__name__}",
                             path=self.label) from None

    def stale_documents(self, extractor: str, everything: bool = False) -> list[str]:
        """Ids of the stored documents whose records another extractor made (all with `everything`)."""
        query = select(s.documents.c.id).order_by(s.documents.c.id)
        if not everything:
            query = query.where((s.documents.c.extractor != extractor) | s.documents.c.extractor.is_(None))
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def document_rows(self, ids: list[str]) -> list[dict]:
        """The stored documents (text and metadata) with these ids, in that order."""
        with self.engine.connect() as connection:
            rows = {row["id"]: dict(row) for row in connection.execute(
                select(s.documents).where(s.documents.c.id.in_(ids))).mappings()}
        return [rows[ident] for ident in ids if ident in rows]

    def replace_extractions(self, records: ArticleRecords, extractor: str) -> None:
        """A stored document's mentions, events, quotes and numbers made anew, in one transaction:
        if it fails, the old ones stay. Actors, their merges and aliases are kept; new ones are added."""
        doc_id = records.document.id
        try:
            with self.engine.begin() as connection:
                for table in (s.mentions, s.events, s.quotes, s.facts):
                    connection.execute(delete(table).where(table.c.doc_id == doc_id))
                self._write_actors(connection, records.actors)
                self._write_extractions(connection, records)
                connection.execute(update(s.documents).where(s.documents.c.id == doc_id).values(extractor=extractor))
                generation = connection.execute(select(s.meta.c.value).where(s.meta.c.key == "extractions")).scalar()
                _upsert_meta(connection, "extractions", str(int(generation or 0) + 1))  # derived sets are stale
        except SQLAlchemyError as error:
            raise StoreError(f"could not re-extract document {doc_id} from {records.document.source}: "
                             f"{error.__class__.__name__}", path=self.label) from None

    @staticmethod
    def _write_extractions(connection: Connection, records: ArticleRecords) -> None:
        if records.events:
            connection.execute(insert(s.events), [
                {"id": e.id, "doc_id": e.span.doc, "type": e.type, "mode": e.mode, "context": e.context,
                 "source_id": e.source, "target_id": e.target, "date": e.date, "date_precision": e.date_precision,
                 "location_name": e.location.name if e.location else None,
                 "location_country": e.location.country if e.location else None,
                 "lat": e.location.lat if e.location else None, "lon": e.location.lon if e.location else None,
                 "modality": e.modality, "text": e.text, "start_char": e.span.start, "end_char": e.span.end,
                 "confidence": e.confidence, "rules": " ".join(e.rules) or None,
                 "extra": json.dumps({"date_method": e.date_method, "trigger": e.trigger, "people": e.people,
                                     "standing": e.standing})}
                for e in records.events])
        if records.mentions:
            connection.execute(insert(s.mentions), [
                {"doc_id": m.span.doc, "start_char": m.span.start, "end_char": m.span.end,
                 "actor_id": m.actor, "text": m.text,
                 "sent_start": m.sentence[0] if m.sentence else None,
                 "sent_end": m.sentence[1] if m.sentence else None}
                for m in records.mentions])
        if records.quotes:
            connection.execute(insert(s.quotes), [
                {"id": q.id, "doc_id": q.span.doc, "speaker_id": q.speaker, "text": q.text,
                 "start_char": q.span.start, "end_char": q.span.end, "date": q.date} for q in records.quotes])
        if records.facts:
            connection.execute(insert(s.facts), [
                {"id": f.id, "doc_id": f.span.doc, "quantity": f.quantity, "quantity_high": f.high,
                 "approximate": f.approximate, "unit": f.unit, "subject": f.subject, "text": f.text,
                 "start_char": f.span.start, "end_char": f.span.end, "date": f.date} for f in records.facts])

    def _write_actors(self, connection: Connection, actors: Iterable[Actor]) -> None:
        actors = list(actors)
        _insert_ignore(connection, s.actors, [
            {"id": a.id, "name": a.name, "type": a.type, "country": a.country, "wikidata": a.wikidata,
             "sector": a.sector, "role": a.role, "affiliation": a.affiliation, "origin": a.origin,
             "roles": json.dumps(a.roles) if a.roles else None}
            for a in actors])
        # fill what an earlier article could not tell (a person's country), in one statement run for
        # all actors: most are no-ops, and compiling a statement per actor and column was costly
        columns = ("country", "role", "affiliation")
        known = [{"known_id": a.id, **{f"known_{c}": getattr(a, c) for c in columns}}
                 for a in actors if any(getattr(a, c) for c in columns)]
        if known:
            connection.execute(update(s.actors).where(s.actors.c.id == bindparam("known_id")).values(
                {c: func.coalesce(getattr(s.actors.c, c), bindparam(f"known_{c}")) for c in columns}), known)
        _insert_ignore(connection, s.actor_aliases,
                       [{"actor_id": a.id, "alias": alias} for a in actors for alias in a.aliases])

    def log_many(self, entries: list[tuple]) -> None:
        """Ingest-log lines (run_id, source, status, reason, line, doc_id), in one transaction."""
        if not entries:
            return
        at = now()
        # a source or reason may quote the bad input itself; PostgreSQL text cannot hold NUL
        rows = [{"run_id": run_id, "source": source.replace("\x00", "\\x00"), "line": line, "status": status,
                 "reason": reason.replace("\x00", "\\x00") if reason else reason, "doc_id": doc_id, "at": at}
                for run_id, source, status, reason, line, doc_id in entries]
        with self.engine.begin() as connection:
            connection.execute(insert(s.ingest_log), rows)

    # -- the user's registry files, remembered so later runs resolve the same way ------------------
    def user_registries(self) -> list[tuple[str, str]]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(s.meta.c.key, s.meta.c.value)
                                      .where(s.meta.c.key.like("user_registry:%")).order_by(s.meta.c.key)).all()
        return [(json.loads(value)["label"], json.loads(value)["text"]) for _key, value in rows]

    def remember_user_registry(self, label: str, text: str) -> None:
        from realpolitik.records import stable_id

        with self.engine.begin() as connection:
            _upsert_meta(connection, f"user_registry:{stable_id(text)}", json.dumps({"label": label, "text": text}))

    # -- actors ---------------------------------------------------------------------------------
    def merged_into(self, connection: Connection | None = None) -> dict[str, str]:
        """Every merged actor id mapped to the id it now counts as (following chains)."""
        def read(conn):
            return dict(conn.execute(select(s.actors.c.id, s.actors.c.merged_into)
                                     .where(s.actors.c.merged_into.is_not(None))).all())
        raw = read(connection) if connection else self._read(read)
        resolved = {}
        for ident in raw:
            target, seen = ident, set()
            while target in raw and target not in seen:
                seen.add(target)
                target = raw[target]
            resolved[ident] = target
        return resolved

    def _read(self, fn):
        with self.engine.connect() as connection:
            return fn(connection)

    def find_actor(self, name: str) -> dict:
        """An actor by id, canonical name or alias (case and punctuation folded)."""
        wanted = fold(name)
        with self.engine.connect() as connection:
            row = connection.execute(select(s.actors).where(s.actors.c.id == name)).mappings().first()
            if row is None:
                for candidate in connection.execute(select(s.actors)).mappings():
                    if fold(candidate["name"]) == wanted:
                        row = candidate
                        break
            if row is None:
                ids = {r.actor_id for r in connection.execute(select(s.actor_aliases)) if fold(r.alias) == wanted}
                if len(ids) > 1:
                    raise NotFoundError(f"'{name}' is ambiguous: it names {', '.join(sorted(ids))}")
                if ids:
                    row = connection.execute(select(s.actors).where(s.actors.c.id == ids.pop())).mappings().first()
        if row is None:
            raise NotFoundError(f"no actor named '{name}'")
        return dict(row)

    def merge_actors(self, keep: str, merge: str, origin: str = "user") -> tuple[str, str]:
        kept, merged = self.find_actor(keep)["id"], self.find_actor(merge)["id"]
        if kept == merged or self.merged_into().get(kept) == merged:
            raise StoreError(f"cannot merge {merged} into {kept}: they are the same actor")
        with self.engine.begin() as connection:
            change = update(s.actors).where(s.actors.c.id == merged).values(merged_into=kept)
            if origin == "auto":  # another ingest may have made the same automatic merge just now
                change = change.where(s.actors.c.merged_into.is_(None))
            if connection.execute(change).rowcount == 0 and origin == "auto":
                return kept, merged
            connection.execute(insert(s.actor_merges).values(kept=kept, merged=merged, origin=origin, at=now()))
        return kept, merged

    def split_actor(self, name: str) -> str:
        """Undo a merge: the actor counts as itself again (its mentions never moved)."""
        actor = self.find_actor(name)
        if not actor["merged_into"]:
            raise StoreError(f"{actor['id']} is not merged into another actor")
        with self.engine.begin() as connection:
            connection.execute(update(s.actors).where(s.actors.c.id == actor["id"]).values(merged_into=None))
            connection.execute(update(s.actor_merges).where(s.actor_merges.c.merged == actor["id"])
                               .where(s.actor_merges.c.undone_at.is_(None)).values(undone_at=now()))
        return actor["id"]

    def consolidate_people(self) -> list[tuple[str, str]]:
        """Across articles, a person known only by a surname joins the one person with that surname
        named in full; recorded as an automatic merge, so it can be split again."""
        with self.engine.connect() as connection:
            people = connection.execute(select(s.actors.c.id, s.actors.c.name, s.actors.c.merged_into)
                                        .where(s.actors.c.type == "person")).all()
            undone = {r.merged for r in connection.execute(select(s.actor_merges.c.merged)
                                                           .where(s.actor_merges.c.undone_at.is_not(None)))}
        by_surname: dict[str, set[str]] = {}
        for person in people:
            words = person.name.split()
            if len(words) > 1 and not person.merged_into:
                by_surname.setdefault(fold(words[-1]), set()).add(person.id)
        done = []
        for person in people:
            if person.merged_into or len(person.name.split()) > 1 or person.id in undone:
                continue
            targets = by_surname.get(fold(person.name), set())
            if len(targets) == 1:
                target = next(iter(targets))
                self.merge_actors(target, person.id, origin="auto")
                done.append((target, person.id))
        return done

    # -- derived tables -------------------------------------------------------------------------
    def data_stamp(self) -> str:
        """Changes whenever what relations and contradictions are computed from changes: documents
        are only ever added, merges and splits are logged, user registries are remembered, and each
        re-extraction of a document is counted."""
        with self.engine.connect() as connection:
            documents = connection.execute(select(func.count()).select_from(s.documents)).scalar()
            merges = connection.execute(select(func.count(), func.count(s.actor_merges.c.undone_at))
                                        .select_from(s.actor_merges)).one()
            registries = connection.execute(select(func.count()).select_from(s.meta)
                                            .where(s.meta.c.key.like("user_registry:%"))).scalar()
            extractions = connection.execute(select(s.meta.c.value).where(s.meta.c.key == "extractions")).scalar()
        return f"{documents}:{merges[0]}:{merges[1]}:{registries}:{extractions or 0}"

    def derived_stamp(self) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(select(s.meta.c.value).where(s.meta.c.key == "derived_stamp")).scalar()

    def replace_derived(self, relations: list[dict], contradictions: list[dict], stamp: str) -> None:
        """Swap in freshly computed relations and contradictions in one transaction: readers see the
        old set or the new one, never a mix."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # two refreshes at once: one waits for the other
                connection.exec_driver_sql("LOCK TABLE derived_relations, derived_contradictions IN EXCLUSIVE MODE")
            connection.execute(delete(s.derived_relations))
            connection.execute(delete(s.derived_contradictions))
            for start in range(0, len(relations), 20000):
                connection.execute(insert(s.derived_relations), relations[start:start + 20000])
            for start in range(0, len(contradictions), 20000):
                connection.execute(insert(s.derived_contradictions), contradictions[start:start + 20000])
            _upsert_meta(connection, "derived_stamp", stamp)

    # -- reading --------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table)).scalar()
                    for name, table in (("documents", s.documents), ("actors", s.actors),
                                        ("mentions", s.mentions), ("events", s.events),
                                        ("quotes", s.quotes), ("facts", s.facts))}

    def rows(self, table, order_by=None) -> Iterator[dict]:
        with self.engine.connect() as connection:
            query = select(table)
            if order_by is not None:
                query = query.order_by(*order_by)
            for row in connection.execute(query).mappings():
                yield dict(row)

    def aliases(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in self.rows(s.actor_aliases, order_by=[s.actor_aliases.c.actor_id, s.actor_aliases.c.alias]):
            out.setdefault(row["actor_id"], []).append(row["alias"])
        return out


def _upsert_meta(connection: Connection, key: str, value: str) -> None:
    if connection.execute(select(s.meta.c.key).where(s.meta.c.key == key)).first():
        connection.execute(update(s.meta).where(s.meta.c.key == key).values(value=value))
    else:
        connection.execute(insert(s.meta).values(key=key, value=value))
