"""The REST API on a real uvicorn server on localhost, called with httpx, and
fuzzed by schemathesis against its own OpenAPI schema. Authentication is on (three
accounts in a data dir of its own); the client sends the lezer's personal API key."""

from __future__ import annotations

import json

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.api import create_api
from tests.servers import LocalServer, add_users


@pytest.fixture(scope="module")
def api_keys(assistant, tmp_path_factory):
    settings = assistant.settings.replace(data_dir=tmp_path_factory.mktemp("api-auth"))
    keys = add_users(settings)
    with LocalServer(create_api(lambda: assistant, settings)) as server:
        yield server.url.rstrip("/"), keys


@pytest.fixture(scope="module")
def api_url(api_keys):
    return api_keys[0]


@pytest.fixture(scope="module")
def client(api_keys):
    url, keys = api_keys
    with httpx.Client(base_url=url, timeout=60, headers={"X-API-Key": keys["lena"]}) as c:
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


def test_openapi_docs_are_served(client, api_url):
    assert client.get("/docs").status_code == 200
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
    assert httpx.get(f"{api_url}/openapi.json").status_code == 401  # behind the gate too


def test_no_server_errors_under_fuzzing(api_keys):
    """schemathesis generates requests from our own OpenAPI schema; none may give a 5xx, every
    error is {"error": …}; with the beheerder's key every route is reachable, without a key none."""
    api_url, keys = api_keys
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json", headers={"X-API-Key": keys["bea"]})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:
        _fuzz(operation, api_url, {"X-API-Key": keys["bea"]})()
        _fuzz(operation, api_url, {}, max_examples=2)()


def _fuzz(operation, api_url, headers, max_examples=10):
    @given(case=operation.as_strategy())
    @settings(max_examples=max_examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def no_server_error(case):
        response = case.call(base_url=api_url, timeout=120, headers=headers)
        assert response.status_code < 500, (operation.label, case.body, response.text[:300])
        if not headers:
            assert response.status_code == 401, (operation.label, response.status_code)
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}, (operation.label, response.text[:300])

    return no_server_error


# ---- hardened inputs ---------------------------------------------------------------------------

LONG_ID = "x" * 5000


@pytest.mark.parametrize("body", [
    {"question": "Wat is een netwerk?", "doc_ids": ["bestaat-niet"]},
    {"question": "Wat is een netwerk?", "doc_ids": [LONG_ID]},
    {"question": "   "},
    {"question": "Waarom? " * 400},
    {"question": "Wat is een netwerk?", "mode": "x" * 300},
])
def test_stream_refuses_bad_input_like_ask_before_streaming(client, body):
    plain = client.post("/api/ask", json=body)
    stream = client.post("/api/ask/stream", json=body)
    assert 400 <= plain.status_code < 500 and stream.status_code == plain.status_code
    assert stream.headers["content-type"].startswith("application/json")
    assert stream.json() == plain.json() and set(plain.json()) == {"error"}
    assert "x" * 101 not in plain.text  # long values are cut short when echoed


def test_question_limit_applies_to_what_was_typed(client):
    history = [{"role": "user", "content": "Waarom werken partners samen in een netwerk? " * 40},
               {"role": "assistant", "content": "Omdat ze samen meer bereiken [1]."}]
    r = client.post("/api/ask", json={"question": "En wie betaalt dat?", "history": history})
    assert r.status_code == 200, r.text
    with client.stream("POST", "/api/ask/stream", json={"question": "En wie betaalt dat?",
                                                        "history": history}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")


@pytest.mark.parametrize(("raw", "status"), [
    (b'{"question": "\xff\xfe"}', 400),
    (b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400),
    (b"{not json", 422),
    (b"null", 422),
    (b"[1, 2, 3]", 422),
])
def test_unparsable_bodies_get_an_error_object(client, raw, status):
    for path in ("/api/ask", "/api/ask/stream", "/api/search"):
        r = client.post(path, content=raw, headers={"content-type": "application/json"})
        assert r.status_code == status and set(r.json()) == {"error"}, (path, r.text)


def test_unknown_routes_and_methods_get_an_error_object(client):
    r = client.get("/api/nope")
    assert r.status_code == 404 and "/docs" in r.json()["error"]
    r = client.get("/api/search")
    assert r.status_code == 405 and "POST" in r.json()["error"]
    r = client.delete("/api/health")
    assert r.status_code == 405 and set(r.json()) == {"error"}


@pytest.mark.parametrize("k", [True, "5", 5.5, None, [5]])
def test_k_must_be_an_integer(client, k):
    r = client.post("/api/search", json={"query": "netwerk", "k": k})
    assert r.status_code == 422 and "k" in r.json()["error"]


def test_a_2_mb_body_is_refused_without_echo(client):
    r = client.post("/api/search", json={"query": "netwerk", "doc_ids": ["y" * 2_000_000]})
    assert r.status_code == 413 and len(r.text) < 300
