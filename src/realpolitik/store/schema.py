"""The database schema, in SQLAlchemy Core so SQLite and PostgreSQL run the same code.

`MIGRATIONS[n]` brings a database from version n-1 to n; `SCHEMA_VERSION` is the newest.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text, text,
)

metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

documents = Table(
    "documents", metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published", String(10)),
    Column("published_precision", String(8)),
    Column("published_method", String(24)),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("minhash", LargeBinary),
    Column("ingested_at", String(32)),
    # which extraction code, data and model made the document's records (see core.extractor_fingerprint);
    # `realpolitik reextract` redoes those made by another
    Column("extractor", String(16)),
)

doc_bands = Table(
    "doc_bands", metadata,
    Column("band", String(24), nullable=False),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Index("ix_doc_bands_band", "band"),
)

actors = Table(
    "actors", metadata,
    Column("id", String(160), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("country", String(3)),
    Column("wikidata", String(24)),
    Column("sector", Text),
    Column("role", Text),
    Column("affiliation", String(160)),
    Column("origin", String(16), nullable=False),
    Column("roles", Text),  # JSON list of time-bound roles
    Column("merged_into", String(160)),
    Index("ix_actors_name", "name"),
)

actor_aliases = Table(
    "actor_aliases", metadata,
    Column("actor_id", String(160), ForeignKey("actors.id"), primary_key=True),
    Column("alias", Text, primary_key=True),
)

mentions = Table(
    "mentions", metadata,
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("start_char", Integer, primary_key=True),
    Column("end_char", Integer, primary_key=True),
    Column("actor_id", String(160), ForeignKey("actors.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("sent_start", Integer),
    Column("sent_end", Integer),
    Index("ix_mentions_actor", "actor_id"),
)

events = Table(
    "events", metadata,
    Column("id", String(32), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("context", String(32)),
    Column("source_id", String(160)),
    Column("target_id", String(160)),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("modality", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("extra", Text),
    Column("confidence", Float),  # 0..1 (migration 6); older rows have none
    Column("rules", Text),  # ids of the rules that made or changed it, space-separated (migration 6)
    Index("ix_events_doc", "doc_id"),
)
# Filters the API and the analysis use on events (added by migration 2).
EVENT_INDEXES = [
    Index("ix_events_source", events.c.source_id),
    Index("ix_events_target", events.c.target_id),
    Index("ix_events_date", events.c.date, events.c.id),  # newest first, in a stable order
    Index("ix_events_type", events.c.type, events.c.date),
    # the place filter also sorts by date: one index serves both, or a million rows get sorted
    Index("ix_events_place_date", events.c.location_name, events.c.date, events.c.id),
]

quotes = Table(
    "quotes", metadata,
    Column("id", String(32), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("speaker_id", String(160)),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("date", String(10)),
    Index("ix_quotes_doc", "doc_id"),
)

facts = Table(
    "facts", metadata,
    Column("id", String(32), primary_key=True),
    Column("doc_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("quantity_high", Float),
    Column("approximate", String(16)),
    Column("unit", Text),
    Column("subject", Text),
    Column("text", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("date", String(10)),
    Index("ix_facts_doc", "doc_id"),
)

actor_merges = Table(
    "actor_merges", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kept", String(160), nullable=False),
    Column("merged", String(160), nullable=False),
    Column("origin", String(16), nullable=False),  # user or auto
    Column("at", String(32), nullable=False),
    Column("undone_at", String(32)),
)

ingest_log = Table(
    "ingest_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("status", String(16), nullable=False),  # ingested, duplicate, skipped, failed
    Column("reason", Text),
    Column("doc_id", String(32)),
    Column("at", String(32), nullable=False),
)

# Derived tables: relations and contradictions are computed from the records above (never edited by
# hand) and kept here so that reading them does not recompute them; `meta.derived_stamp` says which
# state of the data they were computed from.
derived_relations = Table(
    "derived_relations", metadata,
    Column("a", String(160), primary_key=True),
    Column("b", String(160), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("score", Float, nullable=False),
    Column("events", Integer, nullable=False),
    Column("weight", Float, nullable=False),
    Column("latest", Boolean, nullable=False),  # the pair's most recent year
    Column("evidence", Text, nullable=False),  # JSON list of event ids
    Index("ix_derived_relations_b", "b"),
    Index("ix_derived_relations_period", "period", "events"),  # a year's graph, busiest first
    Index("ix_derived_relations_period_pair", "period", "a", "b"),  # a year's relations, in order
    Index("ix_derived_relations_latest", "latest", "events"),
)

derived_contradictions = Table(
    "derived_contradictions", metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("id", String(32), nullable=False),
    Column("record", Text, nullable=False),  # the exported record, JSON
)

SCHEMA_VERSION = 6


def _v1(connection) -> None:
    metadata.create_all(connection)


def _v2(connection) -> None:
    for index in EVENT_INDEXES:  # databases made before these indexes existed get them now
        index.create(connection, checkfirst=True)


def _v3(connection) -> None:
    for table in (derived_relations, derived_contradictions):
        table.create(connection, checkfirst=True)


def _v4(connection) -> None:
    connection.execute(text("DROP INDEX IF EXISTS ix_events_place"))  # replaced by ix_events_place_date
    _v2(connection)


def _v5(connection) -> None:
    from sqlalchemy import inspect

    # a database made by _v1 of this version has the column already
    if "extractor" not in {column["name"] for column in inspect(connection).get_columns("documents")}:
        connection.execute(text("ALTER TABLE documents ADD COLUMN extractor VARCHAR(16)"))


def _v6(connection) -> None:
    from sqlalchemy import inspect

    columns = {column["name"] for column in inspect(connection).get_columns("events")}
    if "confidence" not in columns:  # a database made by _v1 of this version has both already
        connection.execute(text("ALTER TABLE events ADD COLUMN confidence FLOAT"))
    if "rules" not in columns:
        connection.execute(text("ALTER TABLE events ADD COLUMN rules TEXT"))


MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}
