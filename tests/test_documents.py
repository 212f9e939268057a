"""Document management (issue 13, part 2 of the issue): upload, list, rename, move,
re-ingest and delete through the REST API and the CLI, ingest in the background with
progress, the running app answering from the new index without a restart, and nothing
lost when the process is killed during an ingest.

Real Chroma, pipeline, app and uvicorn; the hashed-words fake embedder keeps it fast.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import ROOT
from tests.fake_embedder import HashEmbedder
from tests.pdfmaker import make_pdf
from tests.servers import LocalServer, add_users

DOCX_TEXT = ("Het Kustnetwerk Zandbank telde in 2023 precies zeventien partners. De coördinator heet "
             "Jolanda Vermeer. Zij organiseert elk kwartaal een partneroverleg in Vlissingen.")
PDF_TEXT = ("Het Meldpunt Huurachterstanden hielp in 2025 precies 312 huishoudens in Zeeland met een "
            "betalingsregeling.")


def make_docx(text: str, title: str = "") -> bytes:
    import docx

    doc = docx.Document()
    if title:
        doc.add_heading(title, level=1)
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """(url, keys, app) of an app over a two-document index, with collection 'geheim' (sara)."""
    from app import build_app
    from assistant.auth.accounts import AccountStore
    from assistant.core import Assistant
    from assistant.documents.collections import Collection, CollectionRegistry
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline
    from tests.conftest import CORPUS

    root = tmp_path_factory.mktemp("documents")
    settings = Settings(data_dir=root / "data", api_key="dienst-sleutel")
    docs = root / "corpus"
    docs.mkdir()
    for name in ("000_ab6e06259e90acd6.txt", "manifest.toml"):
        (docs / name).write_bytes((CORPUS / name).read_bytes())
    emb = HashEmbedder()
    pipeline.run([docs], Store.open_for_writing(settings, emb.model_id, emb.dimension), emb)
    keys = add_users(settings)
    accounts = AccountStore.for_settings(settings)
    accounts.add("sara", "lezer", "sara-wachtwoord-1")
    keys["sara"] = accounts.new_api_key("sara", "tests")
    CollectionRegistry.for_settings(settings).put(Collection("geheim", "Geheim", everyone=False, users=("sara",)))
    app = build_app(settings, assistant=Assistant.from_settings(settings, embedder=emb))
    with LocalServer(app) as server:
        yield server.url.rstrip("/"), keys, app


def api(app_server, user: str) -> httpx.Client:
    url, keys, _ = app_server
    return httpx.Client(base_url=url, timeout=120, headers={"X-API-Key": keys[user]})


def settle(c: httpx.Client) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = c.get("/api/documents/status").json()
        if not status["progress"]["running"]:
            return status
        time.sleep(0.2)
    raise AssertionError("the ingest did not finish")


def found(c: httpx.Client, query: str) -> list[str]:
    return [p["doc_id"] for p in c.post("/api/search", json={"query": query, "k": 3}).json()["results"]]


def test_upload_list_rename_move_delete_through_rest(app_server):
    _, _, app = app_server
    app.state.documents.max_bytes = 200_000  # a small limit, to see the refusal
    with api(app_server, "bea") as bea, api(app_server, "lena") as lena, api(app_server, "sara") as sara:
        files = [("files", ("Jaarverslag Zandbank.docx", make_docx(DOCX_TEXT, "Jaarverslag Zandbank"))),
                 ("files", ("meldpunt.pdf", make_pdf(PDF_TEXT))),
                 ("files", ("programma.exe", b"MZ\x90\x00")),
                 ("files", ("groot.txt", b"woord " * 50_000)),
                 ("files", ("leeg.md", b""))]
        r = bea.post("/api/documents", files=files, data={"collection": "bronnen"})
        assert r.status_code == 202, r.text
        body = r.json()
        assert sorted(body["queued"]) == ["jaarverslag-zandbank", "meldpunt"]
        reasons = {f["file"]: f["reason"] for f in body["refused"]}
        assert "wordt niet ondersteund" in reasons["programma.exe"]
        assert "grens" in reasons["groot.txt"] and "NETWERKWIJZER_MAX_FILE_MB" in reasons["groot.txt"]
        assert "leeg" in reasons["leeg.md"]
        # stored before the ingest: the files are on disk under the data dir
        uploads = app.state.documents.root
        assert (uploads / "meldpunt" / "meldpunt.pdf").read_bytes().startswith(b"%PDF")

        status = settle(bea)
        listed = {d["doc_id"]: d for d in status["documents"]}
        zandbank = listed["jaarverslag-zandbank"]
        assert zandbank["status"] == "klaar" and zandbank["chunks"] >= 1 and zandbank["ingested"]
        assert zandbank["collection"] == "bronnen" and zandbank["uploaded"]
        assert listed["kenis-interview"]["uploaded"] is False
        assert listed["kenis-interview"]["ingested"][:2] == "20"  # a corpus document: when it was embedded
        assert status["progress"]["documents"] == status["progress"]["done"] == 2
        # the running app answers from the new index, no restart
        assert found(lena, "Kustnetwerk Zandbank partners coördinator")[0] == "jaarverslag-zandbank"
        assert found(lena, "Meldpunt Huurachterstanden huishoudens Zeeland")[0] == "meldpunt"

        # only a beheerder manages documents, and only a beheerder may send bodies over 1 MB
        assert lena.post("/api/documents", files=files[:1]).status_code == 403
        big = [("files", ("groot.txt", b"woord " * 300_000))]
        assert lena.post("/gradio_api/upload", files=big).status_code == 413
        assert bea.post("/gradio_api/upload", files=big).status_code == 200
        assert lena.delete("/api/documents/meldpunt").status_code == 403
        assert lena.get("/api/documents/status").status_code == 403

        r = bea.patch("/api/documents/meldpunt", json={"title": "Meldpunt 2025"})
        assert r.status_code == 200, r.text
        settle(bea)
        docs = {d["doc_id"]: d for d in lena.get("/api/documents").json()["documents"]}
        assert docs["meldpunt"]["title"] == "Meldpunt 2025"

        # moving: metadata only; lena no longer finds it, sara (who may read 'geheim') does
        store = app.state.netwerkwijzer.get_assistant().retriever.store
        before = {i: md for i, md in store.all_ids().items() if md["doc_id"] == "jaarverslag-zandbank"}
        assert bea.patch("/api/documents/jaarverslag-zandbank", json={"collection": "geheim"}).status_code == 200
        after = {i: md for i, md in store.all_ids().items() if md["doc_id"] == "jaarverslag-zandbank"}
        assert set(after) == set(before) and {md["collection"] for md in after.values()} == {"geheim"}
        app.state.netwerkwijzer.reload()
        assert "jaarverslag-zandbank" not in found(lena, "Kustnetwerk Zandbank partners coördinator")
        assert found(sara, "Kustnetwerk Zandbank partners coördinator")[0] == "jaarverslag-zandbank"
        r = bea.patch("/api/documents/jaarverslag-zandbank", json={"collection": "bestaat-niet"})
        assert r.status_code == 422 and "Onbekende collectie" in r.json()["error"]

        assert bea.post("/api/documents/meldpunt/reingest").status_code == 202
        assert {d["doc_id"]: d for d in settle(bea)["documents"]}["meldpunt"]["status"] == "klaar"
        r = bea.post("/api/documents/kenis-interview/reingest")
        assert r.status_code == 422 and "corpus/" in r.json()["error"] and "make ingest" in r.json()["error"]

        r = bea.delete("/api/documents/meldpunt")
        assert r.status_code == 200 and r.json()["removed_passages"] >= 1
        assert "meldpunt" not in found(lena, "Meldpunt Huurachterstanden huishoudens Zeeland")
        assert "meldpunt" not in {d["doc_id"] for d in bea.get("/api/documents/status").json()["documents"]}
        assert not (uploads / "meldpunt").exists()
        events = [e["event"] for e in bea.get("/api/audit").json()["events"]]
        for event in ("documents.upload", "documents.rename", "documents.move", "documents.delete"):
            assert event in events


def test_cli_manages_documents(tmp_path, monkeypatch, capsys):
    """The CLI does what the API does (the fake embedder stands in for the model)."""
    import assistant.embeddings
    from ingest import documents as cli

    monkeypatch.setenv("NETWERKWIJZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(assistant.embeddings, "make_embedder", lambda settings: HashEmbedder())
    (tmp_path / "notulen.md").write_text("# Notulen\n\nHet Schelpenpad wordt gefinancierd door wethouder "
                                         "Okke Bruinsma.\n", encoding="utf-8")
    (tmp_path / "x.exe").write_bytes(b"MZ")
    assert cli.main(["add", str(tmp_path / "notulen.md"), str(tmp_path / "x.exe")]) == 0
    out = capsys.readouterr()
    assert "x.exe: bestandstype '.exe' wordt niet ondersteund" in out.err
    assert re.search(r"notulen\s+bronnen\s+1\s+klaar", out.out), out.out
    assert cli.main(["rename", "notulen", "Notulen Team Kust"]) == 0
    assert "Notulen Team Kust" in capsys.readouterr().out
    assert cli.main(["collections", "add", "kust", "Team Kust", "--users", "tom"]) == 0
    assert cli.main(["move", "notulen", "kust"]) == 0
    assert re.search(r"notulen\s+kust\s+1\s+klaar", capsys.readouterr().out)
    assert cli.main(["reingest", "notulen"]) == 0
    assert cli.main(["delete", "notulen"]) == 0
    assert "1 passages verwijderd" in capsys.readouterr().out
    assert cli.main(["move", "nope", "kust"]) == 2
    assert "Onbekend document" in capsys.readouterr().err
    records = json.loads((tmp_path / "data" / "uploads" / "documents.json").read_text())
    assert records["documents"] == []


KILLED_INGEST = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from assistant.settings import Settings
from assistant.store import Store
from assistant.documents.manager import DocumentManager
from ingest import pipeline
from tests.fake_embedder import HashEmbedder

class Stuck(HashEmbedder):
    # four calls embed two batches (staged); then it says so and hangs until killed
    calls = 0

    def embed_documents(self, texts):
        Stuck.calls += 1
        if Stuck.calls > 4:
            print("staged", flush=True)
            time.sleep(600)
        return super().embed_documents(texts)

settings = Settings(data_dir=sys.argv[2])
emb = Stuck()
manager = DocumentManager(settings, lambda: Store.open_for_writing(settings, emb.model_id, emb.dimension),
                          lambda: emb, ingest=pipeline.run)
text = " ".join(f"Zin {i} van het lange verslag over partner {i} in het netwerk." for i in range(4000))
manager.add([("lang.txt", text.encode()), ("kort.md", b"# Kort\n\nEen kort verslag over het Schelpenpad.")],
            "bronnen")
print("queued", flush=True)
time.sleep(600)
"""


def test_nothing_is_lost_when_the_ingest_is_killed(tmp_path):
    """kill -9 while an upload is being embedded; the next start ingests everything."""
    from assistant.documents.manager import DocumentManager
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline

    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_INGEST, str(ROOT), str(data)], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        # the kill lands while "lang" is half embedded, however fast the machine
        said = {proc.stdout.readline().strip(), proc.stdout.readline().strip()}
        assert said == {"queued", "staged"}, said
        assert '"bezig"' in (data / "uploads" / "documents.json").read_text()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert (data / "uploads" / "lang" / "lang.txt").exists() and (data / "uploads" / "kort" / "kort.md").exists()

    settings = Settings(data_dir=data)
    emb = HashEmbedder()
    manager = DocumentManager(settings, lambda: Store.open_for_writing(settings, emb.model_id, emb.dimension),
                              lambda: emb, ingest=pipeline.run)
    assert manager.resume() == 2
    assert manager.wait(300)
    done = manager.records()
    assert {r.status for r in done.values()} == {"klaar"}
    store = Store.open_for_writing(settings, emb.model_id, emb.dimension)
    live = store.live_chunks()
    assert {c.doc_id for c in live} == {"lang", "kort"}
    assert sum(1 for c in live if c.doc_id == "lang") == done["lang"].chunks > 10


def test_document_routes_under_fuzzing(app_server):
    """schemathesis on the document and collection routes: no 5xx, every error {"error": …}."""
    import schemathesis

    from tests.test_api import _fuzz

    url, keys, _ = app_server
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json", headers={"X-API-Key": keys["bea"]})
    operations = [r.ok() for r in schema.get_all_operations()]
    mine = [op for op in operations if op.path.startswith(("/api/documents", "/api/collections"))]
    assert len(mine) >= 6
    for operation in mine:
        _fuzz(operation, url, {"X-API-Key": keys["bea"]}, max_examples=5)()


def test_the_documents_tab_shows_outside_text_as_text():
    from ui.render_documents import render_documents, render_progress

    evil = '<img src=x onerror="alert(1)">'
    table = render_documents([{"doc_id": "x", "title": evil, "collection": "bronnen", "collection_name": evil,
                               "chunks": 3, "status": "fout", "reason": evil, "ingested": "", "uploaded": True}])
    progress = render_progress({"documents": 2, "done": 1, "current": evil, "chunks": 4, "chunks_total": 8,
                                "running": True, "seconds_left": 12.4, "failed": [{"file": evil, "reason": evil}]},
                               [(evil, "bestandstype '.exe' wordt niet ondersteund")])
    for html in (table, progress):
        assert "<img" not in html and "&lt;img" in html
    assert 'value="75"' in progress and "nog ongeveer 12 s" in progress and "1 van 2 documenten" in progress


def test_the_documents_tab_shows_every_collapse_as_text():
    from ui.render_documents import render_collapsed, render_documents

    row = {"doc_id": "kopie", "title": "Kopie", "collection": "bronnen", "chunks": 0, "status": "klaar",
           "merged_into": {"origineel": 3}}
    html = render_documents([row])
    assert "+ 3 samengevoegd in origineel (3)" in html
    table = render_collapsed([{"chunk_id": "c1", "doc_id": "origineel", "also_in": ["kopie"],
                               "excerpt": "<script>alert(1)</script> tekst"}])
    assert "Samengevoegde passages (1)" in table and "<script>" not in table and "&lt;script&gt;" in table
    assert render_collapsed([]) == ""


def test_the_cli_and_the_app_take_turns_on_the_document_records(tmp_path):
    """Two managers of one data folder (the app and the CLI are two processes; flock treats
    two opens of the lock file the same): a change waits while another process holds the
    records, and neither change is lost."""
    import fcntl
    import threading

    from assistant.documents.manager import DocumentManager
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline
    from tests.fake_embedder import HashEmbedder

    settings = Settings(data_dir=tmp_path / "data")
    emb = HashEmbedder()

    def manager():
        return DocumentManager(settings, lambda: Store.open_for_writing(settings, emb.model_id, emb.dimension),
                               lambda: emb, ingest=pipeline.run)

    app, cli = manager(), manager()
    app.add([("a.md", b"# Verslag A\n\nHet netwerk Schelpenpad kwam drie keer bijeen in het voorjaar.")], "bronnen")
    cli.add([("b.md", b"# Verslag B\n\nDe wijkraad van Zandbank vergaderde over de nieuwe speeltuin.")], "bronnen")
    assert app.wait() and cli.wait()
    with open(tmp_path / "data" / "uploads" / ".documents.lock", "a+") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        worker = threading.Thread(target=lambda: cli.rename("b", "Verslag van de wijkraad"))
        worker.start()
        worker.join(1.5)
        assert worker.is_alive()  # waiting for the other process
        assert app.records()["b"].title != "Verslag van de wijkraad"
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)
    worker.join(60)
    app.rename("a", "Verslag van het Schelpenpad")
    assert app.wait() and cli.wait()
    records = app.records()
    assert records["a"].title == "Verslag van het Schelpenpad" and records["b"].title == "Verslag van de wijkraad"
