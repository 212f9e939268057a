"""Collections and who may read them (issue 13, part 1 and 2).

The library: the whole corpus in the default collection "Bronnen Netwerkmozaïek", plus
two small documents of our own, "Jaarverslag Zandbank" in collection ``geheim`` (only
sara may read it) and "Notulen Team Kust" in collection ``team`` (group ``kust``: tom).
Embedded with a hashed-words fake (``tests/fake_embedder.py``), so the module builds
its index in a few seconds; Chroma, the pipeline, the retriever, the answer layer, the
REST API, Gradio and the gate are all real, on a real uvicorn.

The isolation tests go through every route that can carry passages, titles or counts
and check that a user sees nothing of a collection they may not read, and (the same
request, a reader of that collection) that the route does carry it when allowed, so a
route that simply returns nothing could not pass.
"""

from __future__ import annotations

import json
import re
import shutil

import httpx
import pytest

from tests.conftest import CORPUS
from tests.fake_embedder import HashEmbedder
from tests.servers import PASSWORDS, LocalServer, add_users

SECRET = """# Jaarverslag Zandbank

Het Kustnetwerk Zandbank telde in 2023 precies zeventien partners. De coördinator van het
Kustnetwerk Zandbank heet Jolanda Vermeer. Zij organiseert elk kwartaal een partneroverleg
in Vlissingen.

In het Kustnetwerk Zandbank zorgen de partners voor duurzame verbinding: zij houden hun onderlinge
verbinding levend en betekenisvol en bouwen aan vertrouwen en onderlinge relaties. De partners
spreken elkaar aan in goede en slechte tijden, met spelregels voor spanningen en dilemma's.
De partners van Zandbank betalen samen de kosten van het projectbureau.
"""
TEAM = """# Notulen Team Kust

Het Team Kust besprak op 3 maart het Schelpenpad. Wethouder Okke Bruinsma zegde toe het
Schelpenpad te financieren. De notulist was Femke Dijkstra.
"""
# words only the documents hold (questions may name "Zandbank" themselves; it comes back as the query)
SECRET_MARKS = ("Vermeer", "zeventien", "Vlissingen", "Jaarverslag Zandbank", "zandbank-jaarverslag")
TEAM_MARKS = ("Schelpenpad", "Bruinsma", "Notulen Team Kust", "team-kust-notulen")
QUESTION = "Hoeveel partners telde het Kustnetwerk Zandbank in 2023?"


def _write_docs(folder, name, doc_id, title, text):
    folder.mkdir(parents=True)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        f'[documents."{name}.md"]\nid = "{doc_id}"\ntitle = "{title}"\nkind = "verslag"\nlanguage = "nl"\n',
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """(settings, embedder, store) of the corpus + the two collections' documents."""
    from assistant.documents.collections import Collection, CollectionRegistry
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline

    root = tmp_path_factory.mktemp("collections")
    settings = Settings(data_dir=root / "data", api_key="dienst-sleutel")
    embedder = HashEmbedder()
    store = Store.open_for_writing(settings, embedder.model_id, embedder.dimension)
    assert not pipeline.run([CORPUS], store, embedder).failed
    secret = _write_docs(root / "geheim", "zandbank", "zandbank-jaarverslag", "Jaarverslag Zandbank", SECRET)
    team = _write_docs(root / "team", "kust", "team-kust-notulen", "Notulen Team Kust", TEAM)
    assert pipeline.run([secret], store, embedder, collection="geheim").chunks >= 1
    assert pipeline.run([team], store, embedder, collection="team").chunks >= 1
    registry = CollectionRegistry.for_settings(settings)
    registry.put(Collection("geheim", "Geheim", everyone=False, users=("sara",)))
    registry.set_group("kust", ["tom"])
    registry.put(Collection("team", "Team Kust", everyone=False, groups=("kust",)))
    return settings, embedder, store


@pytest.fixture(scope="module")
def served(library):
    """(base url, API keys by user) of the app over the library: lena (lezer), sara (lezer,
    may read geheim), tom (trainer, group kust), bea (beheerder)."""
    from app import build_app
    from assistant.auth.accounts import AccountStore
    from assistant.core import Assistant

    settings, embedder, _ = library
    keys = add_users(settings)
    accounts = AccountStore.for_settings(settings)
    accounts.add("sara", "lezer", "sara-wachtwoord-1")
    keys["sara"] = accounts.new_api_key("sara", "tests")
    assistant = Assistant.from_settings(settings, embedder=embedder)
    with LocalServer(build_app(settings, assistant=assistant)) as server:
        yield server.url.rstrip("/"), keys


def client(served, user: str) -> httpx.Client:
    url, keys = served
    return httpx.Client(base_url=url, timeout=120, headers={"X-API-Key": keys[user]})


def shows(text: str, marks) -> list[str]:
    return [m for m in marks if m in text]


def gradio(c: httpx.Client, name: str, data: list) -> str:
    r = c.post(f"/gradio_api/call/{name}", json={"data": data})
    assert r.status_code == 200, r.text
    return c.get(f"/gradio_api/call/{name}/{r.json()['event_id']}").text


# ---- the registry ---------------------------------------------------------------------------


def test_registry_says_who_reads_what(tmp_path):
    from assistant.auth.roles import Principal
    from assistant.documents.collections import DEFAULT_COLLECTION, Collection, CollectionRegistry
    from assistant.errors import InputError

    reg = CollectionRegistry(tmp_path / "collections.json")
    assert [c.id for c in reg.collections()] == [DEFAULT_COLLECTION]  # no file: the default, for everyone
    reg.set_group("kust", ["Tom", "anna"])
    reg.put(Collection("kust", "Team Kust", everyone=False, groups=("kust",)))
    reg.put(Collection("trainers", "Voor trainers", everyone=False, roles=("trainer",)))
    reg.put(Collection("piet", "Van Piet", everyone=False, users=("piet",)))
    lezer, tom = Principal("lena", "lezer", "session"), Principal("tom", "trainer", "session")
    assert reg.readable(lezer) == {DEFAULT_COLLECTION}
    assert reg.readable(tom) == {DEFAULT_COLLECTION, "kust", "trainers"}
    assert reg.readable(Principal("piet", "lezer", "api-key")) == {DEFAULT_COLLECTION, "piet"}
    assert reg.readable(Principal("bea", "beheerder", "session")) is None  # every collection
    assert reg.readable(None) == frozenset()
    # another process (a second registry on the same file) sees the change without a restart
    other = CollectionRegistry(tmp_path / "collections.json")
    reg.put(Collection("kust", "Team Kust", everyone=False, users=("lena",)))
    assert "kust" in other.readable(lezer) and "kust" not in other.readable(tom)
    with pytest.raises(InputError, match="standaardcollectie"):
        reg.remove(DEFAULT_COLLECTION)
    with pytest.raises(InputError, match="Ongeldige collectie-id"):
        reg.put(Collection("Team Kust!", "x"))
    with pytest.raises(InputError, match="Onbekende groep"):
        reg.put(Collection("x", "x", everyone=False, groups=("nope",)))
    with pytest.raises(InputError, match="Onbekende collectie 'nope'.*collections add"):
        reg.check("nope")


def test_cli_adds_and_lists_collections(tmp_path, monkeypatch, capsys):
    from ingest.documents import main

    monkeypatch.setenv("NETWERKWIJZER_DATA_DIR", str(tmp_path))
    assert main(["groups", "set", "kust", "tom", "anna"]) == 0
    assert main(["collections", "add", "kust", "Team Kust", "--groups", "kust", "--users", "piet"]) == 0
    out = capsys.readouterr().out
    assert "Bronnen Netwerkmozaïek" in out and "iedereen" in out and "groep kust, piet" in out
    assert main(["collections", "add", "x", "X", "--roles", "baas"]) == 2
    assert "Onbekende rol" in capsys.readouterr().err


# ---- the store and the pipeline ---------------------------------------------------------------


def test_every_chunk_and_window_carries_its_collection(library):
    from assistant.documents.collections import DEFAULT_COLLECTION

    _, _, store = library
    chunks = store.all_ids()
    assert {md["collection"] for md in chunks.values()} == {DEFAULT_COLLECTION, "geheim", "team"}
    windows = store._windows.get(include=["metadatas"])["metadatas"]
    assert windows and all(w["collection"] == chunks[w["chunk_id"]]["collection"] for w in windows)
    # reading for a user goes through Chroma's where: only their collections are read at all
    secret = store.live_chunks(["geheim"])
    assert secret and {c.doc_id for c in secret} == {"zandbank-jaarverslag"}
    assert store.count([DEFAULT_COLLECTION]) + store.count(["geheim", "team"]) == store.count()
    assert store.count([]) == 0
    vec = HashEmbedder().embed_query([QUESTION])[0]
    assert {c.doc_id for c, _ in store.query(vec, 5, collections=[DEFAULT_COLLECTION])}.isdisjoint(
        {"zandbank-jaarverslag", "team-kust-notulen"})
    assert store.query(vec, 1)[0][0].doc_id == "zandbank-jaarverslag"


def test_duplicates_collapse_only_within_a_collection(tmp_path, small_corpus):
    """A copy of a default-collection document in another collection keeps all its
    passages: collapsing it would leave that collection's readers without them."""
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline

    emb = HashEmbedder()
    store = Store.open_for_writing(Settings(data_dir=tmp_path / "d"), emb.model_id, emb.dimension)
    first = pipeline.run([small_corpus], store, emb)
    copy = tmp_path / "kopie"
    copy.mkdir()
    shutil.copy(small_corpus / "000_ab6e06259e90acd6.txt", copy / "interview.txt")
    report = pipeline.run([copy], store, emb, collection="team")
    interview = sum(1 for c in store.live_chunks() if c.doc_id == "kenis-interview")
    assert report.duplicates == 0 and report.chunks == interview > 0
    assert first.chunks == store.count(["bronnen"])


def test_moving_and_old_indexes_change_metadata_only(tmp_path, small_corpus):
    from assistant.errors import IndexMissingError
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline

    emb = HashEmbedder()
    store = Store.open_for_writing(Settings(data_dir=tmp_path / "d"), emb.model_id, emb.dimension)
    pipeline.run([small_corpus], store, emb)
    ids = sorted(store.all_ids())
    before = store.vectors(ids)
    # moving a document: its chunks and windows change collection, nothing is embedded again
    moved = store.move("kenis-interview", "team")
    assert moved == sum(1 for md in store.all_ids().values() if md["doc_id"] == "kenis-interview")
    assert sorted(store.all_ids()) == ids and (store.vectors(ids) == before).all()
    owners = {i for i, md in store.all_ids().items() if md["doc_id"] == "kenis-interview"}
    windows = store._windows.get(include=["metadatas"])["metadatas"]
    assert {w["collection"] for w in windows if w["chunk_id"] in owners} == {"team"}
    # a re-ingest keeps the move; one into a named collection moves back without embedding
    again = pipeline.run([small_corpus], store, emb)
    assert again.embedded == 0 and {c.collection for c in store.live_chunks() if c.doc_id == "kenis-interview"} == {
        "team"}
    back = pipeline.run([small_corpus], store, emb, collection="bronnen")
    assert back.embedded == 0 and store.count(["team"]) == 0

    # an index from before collections: no labels. In-memory retrieval treats them as the default
    # collection; a store read for a user names the fix until an ingest labels them.
    for i, md in store.all_ids().items():
        store._col.update(ids=[i], metadatas=[{**md, "collection": None}])
    store.set_meta(collections_labelled=0)
    from assistant.store import StoredChunk

    got = store._col.get(ids=ids[:1], include=["documents", "metadatas"])
    assert StoredChunk.from_record(ids[0], got["documents"][0], got["metadatas"][0]).collection == "bronnen"
    with pytest.raises(IndexMissingError, match="make ingest"):
        store.live_chunks(["bronnen"])
    assert pipeline.run([small_corpus], store, emb).embedded == 0
    assert store.count(["bronnen"]) == len(ids)


# ---- the Python API -----------------------------------------------------------------------


def test_a_scoped_assistant_knows_only_its_collections(library):
    from assistant.core import Assistant
    from assistant.errors import InputError

    settings, embedder, _ = library
    full = Assistant.from_settings(settings, embedder=embedder)
    everything = [p.doc_id for p in full.search(QUESTION, k=3)]
    assert everything[0] == "zandbank-jaarverslag"
    view = full.scoped({"bronnen"})
    assert view is full.scoped(["bronnen"])  # kept per set of collections
    for mode in ("hybrid", "dense", "lexical"):
        assert "zandbank-jaarverslag" not in [p.doc_id for p in view.search(QUESTION, k=10, mode=mode)]
    with pytest.raises(InputError) as err:
        view.search(QUESTION, doc_ids=["zandbank-jaarverslag"])
    assert "team-kust-notulen" not in str(err.value)  # the list of known ids is the reader's
    assert {d["doc_id"] for d in view.documents()} == {d["doc_id"] for d in full.documents()} - {
        "zandbank-jaarverslag", "team-kust-notulen"}
    assert view.health()["chunks"] < full.health()["chunks"]
    answer = view.ask(QUESTION)
    assert not shows(answer.text + json.dumps(answer.to_dict()), SECRET_MARKS)
    # cited or shown as the closest passages: with the fake embedder the answer layer may abstain
    assert shows(json.dumps(full.ask(QUESTION).to_dict()), SECRET_MARKS)
    assert view.retriever.chunk(full.search(QUESTION, k=1)[0].chunk_id) is None
    # the magazine is in a collection this view may not read: no mozaiek, no advice from it
    with pytest.raises(Exception, match="Netwerkmozaïek"):
        full.scoped({"geheim"}).mozaiek()


# ---- isolation through every route --------------------------------------------------------------


def test_rest_routes_show_nothing_of_an_unreadable_collection(served):
    with client(served, "lena") as lena, client(served, "sara") as sara:
        body = {"query": "Kustnetwerk Zandbank partners coördinator", "k": 10}
        assert shows(sara.post("/api/search", json=body).text, SECRET_MARKS)
        r = lena.post("/api/search", json=body)
        assert r.status_code == 200 and not shows(r.text, SECRET_MARKS + TEAM_MARKS)

        ask = {"question": QUESTION}
        assert shows(sara.post("/api/ask", json=ask).text, SECRET_MARKS)
        r = lena.post("/api/ask", json=ask)
        assert r.status_code == 200 and not shows(r.text, SECRET_MARKS)

        assert shows(sara.post("/api/ask/stream", json=ask).text, SECRET_MARKS)
        r = lena.post("/api/ask/stream", json=ask)
        assert r.status_code == 200 and "event: answer" in r.text and not shows(r.text, SECRET_MARKS)

        advice = {"question": "Wij zijn het Kustnetwerk Zandbank. De partners van Zandbank vertrouwen elkaar "
                              "niet meer en de binding is weg. Wat kunnen we doen?", "mode": "advice"}
        assert shows(sara.post("/api/ask", json=advice).text, SECRET_MARKS)
        r = lena.post("/api/ask", json=advice)
        assert r.status_code == 200 and r.json()["mode"] == "advice" and not shows(r.text, SECRET_MARKS)
        r = lena.post("/api/ask/stream", json=advice)
        assert r.status_code == 200 and not shows(r.text, SECRET_MARKS)

        # a filter on a document of another collection is an unknown id, and the list of known
        # ids in the error holds only readable documents
        for route, payload in (("/api/search", {"query": "partners", "doc_ids": ["zandbank-jaarverslag"]}),
                               ("/api/ask", {"question": "partners?", "doc_ids": ["zandbank-jaarverslag"]}),
                               ("/api/ask/stream", {"question": "partners?", "doc_ids": ["team-kust-notulen"]})):
            r = lena.post(route, json=payload)
            assert r.status_code == 422 and "Unknown document" in r.text, (route, r.text)
            known = r.json()["error"].split("Known:")[-1]
            assert not shows(known, SECRET_MARKS + TEAM_MARKS), route
        assert sara.post("/api/search", json={"query": "partners", "doc_ids": ["zandbank-jaarverslag"]}
                         ).status_code == 200

        docs = lena.get("/api/documents").json()["documents"]
        assert docs and not shows(json.dumps(docs), SECRET_MARKS + TEAM_MARKS)
        assert {d["collection"] for d in docs} == {"bronnen"}
        assert "zandbank-jaarverslag" in {d["doc_id"] for d in sara.get("/api/documents").json()["documents"]}

        mine, hers = lena.get("/api/health").json(), sara.get("/api/health").json()
        assert hers["documents"] == mine["documents"] + 1 and hers["chunks"] > mine["chunks"]
        assert [c["id"] for c in lena.get("/api/collections").json()["collections"]] == ["bronnen"]
        assert {c["id"] for c in sara.get("/api/collections").json()["collections"]} == {"bronnen", "geheim"}
        assert lena.get("/api/mozaiek").status_code == 200


def test_group_and_beheerder_access(served):
    with client(served, "tom") as tom, client(served, "bea") as bea:
        ids = {d["doc_id"] for d in tom.get("/api/documents").json()["documents"]}
        assert "team-kust-notulen" in ids and "zandbank-jaarverslag" not in ids
        assert not shows(tom.post("/api/ask", json={"question": QUESTION}).text, SECRET_MARKS)
        ids = {d["doc_id"] for d in bea.get("/api/documents").json()["documents"]}
        assert {"team-kust-notulen", "zandbank-jaarverslag"} <= ids
    url, _ = served
    with httpx.Client(base_url=url, timeout=60, headers={"X-API-Key": "dienst-sleutel"}) as service:
        assert {c["id"] for c in service.get("/api/collections").json()["collections"]} == {
            "bronnen", "geheim", "team"}


GRADIO_ENDPOINTS = {
    # endpoint → how this test covers it (every endpoint of the page must be listed, so a new
    # one cannot slip past the isolation test)
    "ask": "asked below", "ask_1": "example question", "ask_2": "example question",
    "ask_3": "example question", "handler": "example question", "handler_1": "example question",
    "handler_2": "example question", "handler_3": "example question",
    "refresh": "called below (documents, status counts)", "refresh_1": "same handler on the timer",
    "doc_filter_choices": "called below (the chat's document filter)",
    "make_handout": "called below", "clear": "mozaiek only", "on_mode": "no data",
    "thumb_up": "own feedback", "thumb_down": "own feedback", "give_reason": "own feedback",
    "export_feedback": "beheerder only", "on_load_roles": "role badge", "admin_refresh": "beheerder only",
    "export_audit": "beheerder only", "conversation_downloaded": "no data",
    "conversation_downloaded_1": "no data",
    "upload_documents": "beheerder only (refused below)", "documents_refresh": "beheerder only (refused below)",
    "rename_document": "beheerder only", "move_document": "beheerder only", "reingest_document": "beheerder only",
    "delete_document": "beheerder only",
}


def test_gradio_endpoints_show_nothing_of_an_unreadable_collection(served):
    with client(served, "lena") as lena, client(served, "sara") as sara, client(served, "tom") as tom, \
            client(served, "bea") as bea:
        info = lena.get("/gradio_api/info").json()
        unknown = set(info["named_endpoints"]) - {f"/{n}" for n in GRADIO_ENDPOINTS}
        assert not unknown, f"new Gradio endpoints: say how they keep collections apart: {unknown}"

        # the page's initial values (in /config) carry no titles, passages or counts
        for c in (lena, bea):
            config = c.get("/config").text
            assert not shows(config, SECRET_MARKS + TEAM_MARKS)

        ask = [QUESTION, None, "answer", [], []]
        assert shows(gradio(sara, "ask", ask), SECRET_MARKS)
        assert not shows(gradio(lena, "ask", ask), SECRET_MARKS)
        search = ["Kustnetwerk Zandbank coördinator partneroverleg", None, "search", [], []]
        assert shows(gradio(sara, "ask", search), SECRET_MARKS)
        assert not shows(gradio(lena, "ask", search), SECRET_MARKS)
        refused = gradio(lena, "ask", [QUESTION, None, "answer", ["zandbank-jaarverslag"], []])
        assert not shows(refused.replace("zandbank-jaarverslag", ""), SECRET_MARKS + TEAM_MARKS)

        for_sara, for_lena = gradio(sara, "refresh", []), gradio(lena, "refresh", [])
        assert "Jaarverslag Zandbank" in for_sara and not shows(for_lena, SECRET_MARKS + TEAM_MARKS)
        counts = [re.search(r"Klaar: (\d+) documenten, (\d+) passages", t) for t in (for_sara, for_lena)]
        health = lena.get("/api/health").json()
        assert counts[1] and counts[1].groups() == (str(health["documents"]), str(health["chunks"]))
        assert counts[0] and int(counts[0].group(1)) == health["documents"] + 1
        choices = gradio(sara, "doc_filter_choices", []), gradio(lena, "doc_filter_choices", [])
        assert "zandbank-jaarverslag" in choices[0] and not shows(choices[1], SECRET_MARKS + TEAM_MARKS)

        # the Documenten tab's handlers refuse everyone but a beheerder, and name nothing
        for name, data in (("documents_refresh", []), ("upload_documents", [[], "geheim"]),
                           ("delete_document", ["zandbank-jaarverslag", "", ""])):
            refused = gradio(tom, name, data)
            assert "Dit mag je rol (trainer) niet" in refused and not shows(refused, SECRET_MARKS + TEAM_MARKS)
        assert "Jaarverslag Zandbank" in gradio(bea, "documents_refresh", [])

        # Lesmateriaal: the binding quotes come from the readable collections only
        assert shows(gradio(bea, "make_handout", [["Binding"], None]), SECRET_MARKS)
        handout = gradio(tom, "make_handout", [["Binding"], None])
        assert "Binding" in handout and not shows(handout, SECRET_MARKS)


def test_a_session_sees_the_same_as_its_key(served):
    url, _ = served
    with httpx.Client(base_url=url, timeout=60) as c:
        r = c.post("/login", data={"name": "lena", "password": PASSWORDS["lena"], "next": "/api/me"})
        assert r.status_code == 303
        docs = c.get("/api/documents").json()["documents"]
        assert docs and not shows(json.dumps(docs), SECRET_MARKS + TEAM_MARKS)
