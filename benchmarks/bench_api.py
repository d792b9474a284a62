"""API latency: p50/p95 of the REST list endpoints on a synthetic database of N events.

    python benchmarks/bench_api.py [--events 100000] [--requests 40] [--db PATH | --db postgresql://...]

The generator writes a reproducible corpus (seeded random: documents, actors, events, quotes and
numbers) straight through the store's schema, so the numbers measure the API and the database, not
the NLP. Results go to benchmarks/results/api-<events>-<date>.json and are printed as a table.
Target (issue 5): every list endpoint p95 <= 100 ms at 1M events.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert

HERE = Path(__file__).resolve().parent
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
MODALITIES = ["asserted"] * 6 + ["claimed", "planned", "hypothetical", "denied", "negated", "historical"]
PLACES = [("Kabul", "AFG", 34.53, 69.17), ("Dushanbe", "TJK", 38.54, 68.78), ("Moscow", "RUS", 55.75, 37.62),
          ("Tashkent", "UZB", 41.3, 69.24), ("Bishkek", "KGZ", 42.87, 74.59), ("Kunduz", "AFG", 36.73, 68.86)]


def generate(db: str, events: int, seed: int = 7) -> None:
    from realpolitik.store import schema as s
    from realpolitik.store.db import Store

    rng = random.Random(seed)
    store = Store(db)
    actors = [f"state.s{i:03d}" for i in range(200)] + [f"group.g{i:03d}" for i in range(100)] \
        + [f"person.p{i:04d}" for i in range(700)]
    documents = max(1, events // 20)
    with store.engine.begin() as connection:
        connection.execute(insert(s.actors), [
            {"id": a, "name": a.split(".")[1].upper(), "type": a.split(".")[0].replace("group", "armed_group"),
             "country": None, "origin": "registry"} for a in actors])
        connection.execute(insert(s.documents), [
            {"id": f"d{i:08d}", "source": f"synthetic/{i}.txt", "title": f"Story {i}",
             "published": f"{2010 + i % 15}-{1 + i % 12:02d}", "text": f"Synthetic article {i} about border talks.",
             "language": "en"} for i in range(documents)])
    batch = []
    with store.engine.begin() as connection:
        for i in range(events):
            place = rng.choice(PLACES) if rng.random() < 0.6 else None
            batch.append({"id": f"e{i:09d}", "doc_id": f"d{i % documents:08d}", "type": rng.choice(TYPES),
                          "source_id": rng.choice(actors), "target_id": rng.choice(actors),
                          "date": f"{2010 + rng.randrange(15)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                          "modality": rng.choice(MODALITIES), "text": f"Synthetic event sentence number {i}.",
                          "start_char": 0, "end_char": 30, "location_name": place[0] if place else None,
                          "location_country": place[1] if place else None,
                          "lat": place[2] if place else None, "lon": place[3] if place else None})
            if len(batch) == 20000:
                connection.execute(insert(s.events), batch)
                batch = []
        if batch:
            connection.execute(insert(s.events), batch)
        connection.execute(insert(s.quotes), [
            {"id": f"q{i:08d}", "doc_id": f"d{i % documents:08d}", "speaker_id": rng.choice(actors),
             "text": f"Synthetic quote {i}.", "start_char": 0, "end_char": 10} for i in range(events // 10)])
        connection.execute(insert(s.facts), [
            {"id": f"f{i:08d}", "doc_id": f"d{i % documents:08d}", "quantity": rng.randrange(1, 10000),
             "unit": rng.choice(["km", "troop", "percent"]), "subject": "border", "text": f"Synthetic number {i}.",
             "start_char": 0, "end_char": 10} for i in range(events // 10)])
        connection.execute(insert(s.mentions), [
            {"doc_id": f"d{i:08d}", "start_char": 0, "end_char": 5, "actor_id": actors[i % len(actors)],
             "text": "actor"} for i in range(documents)])
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as connection:  # planner statistics, as autovacuum would gather them
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", default=None, help="SQLite file or postgresql:// URL (default: a new SQLite file)")
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from realpolitik import Realpolitik, Settings
    from realpolitik.analyze import derived
    from realpolitik.serve.rest import create_app

    db = args.db or str(Path(tempfile.mkdtemp(prefix="rp-bench-")) / "bench.db")
    started = time.perf_counter()
    from realpolitik.store.db import Store

    # a SQLite file or a PostgreSQL URL (an empty database is filled; a filled one is reused)
    if not Store(db).counts()["events"]:
        generate(db, args.events)
    generated_s = time.perf_counter() - started
    corpus = Realpolitik(Settings(db=db))
    started = time.perf_counter()
    derived.refresh(corpus.store)  # what an ingest does at its end: relations and contradictions stored
    derived_s = time.perf_counter() - started
    client = TestClient(create_app(corpus))
    endpoints = {
        "documents": "/api/documents", "actors": "/api/actors?type=state", "events": "/api/events",
        "events by type": "/api/events?type=ASSAULT", "events by actor": "/api/events?actor=state.s007",
        "events by dates": "/api/events?date_from=2015&date_to=2016", "events by place": "/api/events?place=Kabul",
        "quotes": "/api/quotes", "facts": "/api/facts?unit=km",
        "relations": "/api/relations", "relations of actor": "/api/relations?a=state.s007",
        "relations of year": "/api/relations?period=2020", "graph": "/api/graph",
        "graph of year": "/api/graph?period=2020", "contradictions": "/api/contradictions",
    }
    pages = {  # the web app's pages: reported, not held to the list-endpoint target
        "page: overview": "/", "page: actor": "/actor/state.s007", "page: relation": "/relation/state.s007/state.s008",
        "page: events": "/events?type=ASSAULT", "page: network": "/network", "page: document": "/document/d00000007",
    }

    def measure(name: str, url: str, requests: int) -> dict:
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.text[:200])
        timings.sort()
        return {"endpoint": name, "url": url, "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1)}

    rows = [measure(name, url, args.requests) for name, url in endpoints.items()]
    page_rows = [measure(name, url, max(5, args.requests // 4)) for name, url in pages.items()]
    result = {"benchmark": "api-latency", "events": args.events, "store": corpus.store.engine.dialect.name, "generated_s": round(generated_s, 1),
              "derived_refresh_s": round(derived_s, 1),
              "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "target_p95_ms": 100, "endpoints": rows, "pages": page_rows}
    out = HERE / "results" / f"api-{result['store']}-{args.events}-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{'endpoint':18} {'p50 ms':>8} {'p95 ms':>8}")
    for row in rows + page_rows:
        print(f"{row['endpoint']:18} {row['p50_ms']:>8} {row['p95_ms']:>8}")
    print(f"{args.events:,} events (generated in {generated_s:.0f} s, relations and contradictions stored in "
          f"{derived_s:.0f} s); written to {out.relative_to(HERE.parent)}")
    return 0 if all(r["p95_ms"] <= 100 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
