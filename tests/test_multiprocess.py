"""Several app processes against one ``chroma run`` server (issue 11): two ``python app.py``
on two ports, both searching through Chroma's own nearest-neighbour query, answer like the
embedded, exact in-process assistant; an upload ingested by one is seen by the other after
its reload, without a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
ITEMS = [json.loads(line) for line in (ROOT / "evalsets" / "answers.jsonl").open(encoding="utf-8")]
QUESTIONS = [i["question"] for i in ITEMS if i["split"] == "test" and not i["history"]][::9][:14]


def copy_index(source, settings) -> None:
    """The embedded corpus index, record for record (vectors included), into the server: the
    same library without embedding it again."""
    from assistant.store import Store

    target = Store.open_for_writing(settings, source.model_id, source.dimension, rebuild=True)
    for windows in (False, True):
        col = target._windows if windows else target._col
        for page in source.pages(windows=windows, include=["embeddings", "metadatas"] + ([] if windows else
                                                                                           ["documents"])):
            col.upsert(ids=page["ids"], embeddings=page["embeddings"], metadatas=page["metadatas"],
                       **({} if windows else {"documents": page["documents"]}))
    meta = {k: v for k, v in (source._col.metadata or {}).items() if k not in ("embed_model", "dimension")}
    target.set_meta(**{k: (json.loads(v) if k.endswith("_json") else v) for k, v in meta.items()})
    target.bump_generation()


def wait_ready(url: str, proc: subprocess.Popen, seconds: float = 240, log: Path | None = None) -> None:
    """Until the app answers its health check; a failure shows the end of the app's log."""
    def tail() -> str:
        if log is None or not log.exists():
            return ""
        return "\n--- end of the app's log ---\n" + log.read_text(encoding="utf-8", errors="replace")[-3000:]

    deadline = time.time() + seconds
    last = ""
    while time.time() < deadline:
        assert proc.poll() is None, f"app at {url} exited with {proc.returncode}{tail()}"
        try:
            r = httpx.get(url + "api/health", timeout=5)
            if r.status_code == 200:
                return
            last = f"{r.status_code} {r.text[:300]}"
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(1)
    pytest.fail(f"app at {url} not ready within {seconds:.0f} s (last health check: {last}){tail()}")


@pytest.fixture(scope="module")
def two_apps(assistant, corpus_settings, chroma_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("shared-data")
    http = corpus_settings.replace(chroma_mode="http", chroma_port=chroma_server, data_dir=data,
                                   collection="multiprocess")
    copy_index(assistant.retriever.store, http)
    procs, urls, logs = [], [], []
    for n in range(2):
        port = free_port()
        env = {**os.environ, "NETWERKWIJZER_CHROMA_MODE": "http", "NETWERKWIJZER_CHROMA_PORT": str(chroma_server),
               "NETWERKWIJZER_COLLECTION": "multiprocess", "NETWERKWIJZER_DATA_DIR": str(data),
               "NETWERKWIJZER_SEARCH_INDEX": "chroma", "NETWERKWIJZER_PORT": str(port),
               "NETWERKWIJZER_CORPUS_DIR": str(ROOT / "corpus"), "NETWERKWIJZER_EMBED_MODEL": http.embed_model,
               "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}
        logs.append(data / f"app-{n}.log")
        with logs[-1].open("wb") as out:
            procs.append(subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out,
                                          stderr=subprocess.STDOUT))
        urls.append(f"http://127.0.0.1:{port}/")
    try:
        for url, proc, log in zip(urls, procs, logs, strict=True):
            wait_ready(url, proc, log=log)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_two_processes_on_one_server_answer_like_embedded_mode(assistant, two_apps):
    a, b = two_apps
    assert httpx.get(a + "api/health", timeout=30).json()["chunks"] == len(assistant.retriever.chunks)
    same = 0
    for question in QUESTIONS:
        got = [httpx.post(url + "api/ask", json={"question": question}, timeout=120).json() for url in (a, b)]
        assert got[0]["text"] == got[1]["text"] and got[0]["status"] == got[1]["status"], question
        local = assistant.ask(question)
        same += got[0]["text"] == local.text and got[0]["status"] == local.status
    # the server searches by Chroma's nearest-neighbour index, embedded mode exactly
    assert same >= len(QUESTIONS) - 1, f"{same}/{len(QUESTIONS)} answers as in embedded mode"


def test_an_upload_through_one_process_is_seen_by_the_other(two_apps):
    a, b = two_apps
    text = ("Jaarverslag Zeebriesnetwerk 2025\n\nHet Zeebriesnetwerk telde in 2025 zevenendertig partners. "
            "De kwartiermaker van het Zeebriesnetwerk werd betaald uit de gezamenlijke pot van de corporaties.\n")
    r = httpx.post(a + "api/documents", files=[("files", ("zeebries.txt", text.encode()))],
                   data={"collection": "bronnen"}, timeout=60)
    assert r.status_code == 202 and r.json()["queued"], r.text
    deadline = time.time() + 180
    while time.time() < deadline:
        hits = httpx.post(b + "api/search", json={"query": "Zeebriesnetwerk kwartiermaker partners", "k": 3},
                          timeout=60).json()["results"]
        if hits and "Zeebriesnetwerk" in hits[0]["text"]:
            break
        time.sleep(2)
    else:
        pytest.fail("the other process never saw the uploaded document")
    assert "Zeebriesnetwerk" in httpx.post(a + "api/search", json={"query": "Zeebriesnetwerk", "k": 1},
                                           timeout=60).json()["results"][0]["text"]
