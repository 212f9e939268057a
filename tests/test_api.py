"""The REST API on a real uvicorn server on localhost, called with httpx, and
fuzzed by schemathesis against its own OpenAPI schema."""

from __future__ import annotations

import json

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.api import create_api
from tests.servers import LocalServer


@pytest.fixture(scope="module")
def api_url(assistant):
    with LocalServer(create_api(lambda: assistant, assistant.settings)) as server:
        yield server.url.rstrip("/")


@pytest.fixture(scope="module")
def client(api_url):
    with httpx.Client(base_url=api_url, timeout=60) as c:
        yield c


def test_search(client):
    r = client.post("/api/search", json={"query": "vertrouwen tussen partners", "k": 3})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) == 3
    assert {"chunk_id", "doc_id", "title", "section", "text", "score", "bouwstenen"} <= set(results[0])


def test_search_filters(client):
    r = client.post("/api/search", json={"query": "opgave", "k": 5, "bouwstenen": ["Opgave"]})
    assert r.status_code == 200 and all("Opgave" in p["bouwstenen"] for p in r.json()["results"])


def test_ask_returns_a_cited_answer(client):
    r = client.post("/api/ask", json={"question": "Wat is een organisatienetwerk?"})
    body = r.json()
    assert r.status_code == 200 and not body["abstained"]
    assert body["citations"] and {"n", "chunk_id", "doc_id", "title", "section", "quote"} <= set(
        body["citations"][0])
    assert body["query"] == "Wat is een organisatienetwerk?" and body["backend"] == "extractive"


def test_ask_stream_sends_server_sent_events(client):
    with client.stream("POST", "/api/ask/stream",
                       json={"question": "Wat is een organisatienetwerk?"}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    assert events[0]["type"] == "query" and events[-1]["type"] == "answer"
    assert any(e["type"] == "delta" for e in events)
    assert events[-1]["answer"]["citations"]


def test_documents_and_health(client):
    docs = client.get("/api/documents").json()["documents"]
    assert "platform31-magazine" in {d["doc_id"] for d in docs}
    health = client.get("/api/health").json()
    assert health["chunks"] > 100 and health["embed_model"] and health["backend"] == "extractive"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [({"query": "   "}, "empty"), ({"query": "x" * 2001}, "query"), ({"query": "a", "k": 0}, "k"),
     ({"query": "a", "k": 51}, "k"), ({"query": "a", "doc_ids": ["nope"]}, "Unknown document"),
     ({"query": "a", "bouwstenen": ["Dak"]}, "Unknown building block")],
)
def test_bad_search_input_gets_a_clear_4xx(client, body, fragment):
    r = client.post("/api/search", json=body)
    assert 400 <= r.status_code < 500 and fragment in r.json()["error"]


def test_malformed_json_gets_a_clear_4xx(client):
    r = client.post("/api/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["error"]


def test_api_key_is_checked_on_every_route(assistant):
    settings_with_key = assistant.settings.replace(api_key="geheim")
    with LocalServer(create_api(lambda: assistant, settings_with_key)) as server:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            assert c.get("/api/health").status_code == 401
            assert c.post("/api/search", json={"query": "netwerk"}).status_code == 401
            assert c.get("/api/health", headers={"X-API-Key": "geheim"}).status_code == 200


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/search" in client.get("/openapi.json").json()["paths"]


def test_no_server_errors_under_fuzzing(api_url):
    """schemathesis generates requests from our own OpenAPI schema; none may give a 5xx."""
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    for operation in operations:
        _fuzz(operation, api_url)()


def _fuzz(operation, api_url):
    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def no_server_error(case):
        response = case.call(base_url=api_url, timeout=120)
        assert response.status_code < 500, (operation.label, case.body, response.text[:300])

    return no_server_error
