"""The REST API in-process, on a real SQLite file."""
import pytest
from fastapi.testclient import TestClient

from conftest import ingested_corpus
from realpolitik.serve.rest import create_app

STORIES = {
    "a.txt": "Border clash\n\nPublished on 4 May 2019.\n\nKazakh troops attacked Kyrgyz border posts near Osh "
             "on May 2, 2019. “We will defend every village,” Kyrgyz President Sadyr Japarov said.",
    "b.txt": "Deal signed\n\nPublished on 9 June 2021.\n\nKazakhstan and Kyrgyzstan signed a border agreement "
             "in Bishkek on June 8, 2021, ending a dispute over 1,200 km of frontier.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return ingested_corpus(tmp_path_factory.mktemp("rest"), STORIES)


@pytest.fixture(scope="module")
def client(corpus):
    return TestClient(create_app(corpus, token="s3cret"))


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/actors", "/api/events", "/api/quotes", "/api/facts", "/api/relations",
                 "/api/contradictions", "/api/graph", "/api/search", "/api/triads"):
        assert path in paths


def test_documents_with_their_spans(client):
    page = client.get("/api/documents", params={"limit": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    doc = client.get(f"/api/documents/{page['items'][0]['id']}").json()
    for mention in doc["mentions"]:
        assert doc["text"][mention["start"]:mention["end"]] == mention["text"]
    assert client.get("/api/documents/nope").status_code == 404


def test_event_filters(client):
    assault = client.get("/api/events", params={"type": "ASSAULT"}).json()
    assert assault["total"] >= 1 and all(e["type"] == "ASSAULT" for e in assault["items"])
    assert all(e["standing"] is False for e in assault["items"])  # an attack is an act, not a measure kept
    pair = client.get("/api/events", params={"a": "Kazakhstan", "b": "Kyrgyzstan"}).json()
    assert {e["type"] for e in pair["items"]} >= {"ASSAULT", "AGREE"}
    dated = client.get("/api/events", params={"date_from": "2021", "actor": "Kazakhstan"}).json()
    assert dated["items"] and all(e["date"] >= "2021" for e in dated["items"])
    assert client.get("/api/events", params={"actor": "Nobody Known"}).status_code == 404
    every = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert every and all(item["rules"] and item["confidence"] is not None for item in every)
    cut = max(item["confidence"] for item in every)
    sure = client.get("/api/events", params={"min_confidence": cut, "limit": 500}).json()
    assert sure["total"] == sum(item["confidence"] >= cut for item in every) > 0
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422


def test_actors_quotes_facts_relations_graph_search(client):
    actors = client.get("/api/actors", params={"type": "state"}).json()["items"]
    assert {"Kazakhstan", "Kyrgyzstan"} <= {a["name"] for a in actors}
    assert client.get("/api/actors/Kazakhstan").json()["events_as_source"]
    assert client.get("/api/quotes").json()["total"] >= 1
    assert any(f["quantity"] == 1200 for f in client.get("/api/facts").json()["items"])
    relations = client.get("/api/relations", params={"a": "Kazakhstan", "b": "Kyrgyzstan"}).json()["items"]
    assert {r["period"] for r in relations} == {"2019", "2021"}
    assert client.get("/api/graph", params={"period": "2021"}).json()["edges"]
    assert client.get("/api/search", params={"q": "border"}).json()["documents"]
    assert client.get("/api/triads", params={"actor": "Kazakhstan"}).json()["items"] == []  # two actors only
    assert client.get("/api/triads", params={"actor": "Nobody Known"}).status_code == 404
    assert client.get("/api/triads", params={"actor": "Kazakhstan", "period": "21"}).status_code == 422


def test_writing_needs_the_token(corpus, client):
    article = {"text": "Tajikistan and Uzbekistan reopened a border crossing on March 1, 2022.",
               "published": "2022-03-02"}
    assert client.post("/api/articles", json=article).status_code == 401
    assert client.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    created = client.post("/api/articles", json=article, headers={"Authorization": "Bearer s3cret"})
    assert created.status_code == 201 and created.json()["outcomes"][0]["status"] == "ingested"
    closed = TestClient(create_app(corpus))
    assert closed.post("/api/articles", json=article).status_code == 403
    assert closed.get("/api/documents").status_code == 200
