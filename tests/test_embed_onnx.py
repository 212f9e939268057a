"""The default backend of the built-in e5-small: ONNX Runtime with int8 weights
(``assistant.embeddings.onnx_e5``). It must embed like the torch backend (the converted
folder in sentence-transformers), be built once into the shared model cache, never load
a half-built folder, and an index built with one backend must refuse the other.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import logging  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from assistant.embeddings import Embedder, make_embedder, onnx_e5  # noqa: E402
from assistant.embeddings.factory import ONNX_INT8_MODEL_ID, converted_e5_folder  # noqa: E402
from assistant.errors import ConfigError, ModelError, ModelMismatchError  # noqa: E402
from assistant.settings import DEFAULT_EMBED_MODEL, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QUERIES = [
    "Wat is een organisatienetwerk?",
    "Hoe bouw je vertrouwen op tussen partners in een netwerk?",
    "Welke rol heeft de netwerkregisseur?",
    "Waarom mislukken samenwerkingsverbanden vaak?",
    "Hoe meet je of een netwerk effectief is?",
    "Wat betekent binding in de Netwerkmozaïek?",
    "Hoe verdeel je taken in een lerend netwerk?",
    "netwerk",
    "Wie beslist er in een netwerk zonder hiërarchie, en hoe blijf je daarbij scherp op het "
    "gezamenlijke doel als de partners verschillende belangen hebben?",
    "Welke fasen doorloopt een netwerk?",
]


def corpus_texts(n: int = 20) -> list[str]:
    """``n`` real passages and sentences of mixed length, spread over the corpus."""
    pieces = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", path.read_text("utf-8"))]
        pieces += [p for p in paragraphs if len(p.split()) >= 5]
    picked = [pieces[int(i)] for i in np.linspace(0, len(pieces) - 1, n).round()]
    assert len({len(p) for p in picked}) > n // 2, "want mixed lengths"
    return picked


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="session")
def onnx_settings(base_settings) -> Settings:
    return base_settings.replace(embed_backend="onnx-int8")


@pytest.fixture(scope="session")
def int8(onnx_settings):
    """The int8 backend, built (once) into the shared model cache."""
    return make_embedder(onnx_settings)


@pytest.fixture(scope="session")
def torch_e5(torch_embedder):
    return torch_embedder


# --- parity with the torch backend -------------------------------------------------------


@pytest.mark.slow
def test_int8_embeds_like_torch(int8, torch_e5):
    passages = corpus_texts()
    for ours, ref, what in [
        (int8.embed_documents(passages), torch_e5.embed_documents(passages), "passages"),
        (int8.embed_query(QUERIES), torch_e5.embed_query(QUERIES), "queries"),
    ]:
        cos = cosines(ours, ref)
        assert cos.min() >= 0.99, f"{what}: min cosine {cos.min():.4f}, mean {cos.mean():.4f}"
        assert ours.dtype == np.float32
        assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


@pytest.mark.slow
def test_same_prompts_and_truncation_as_torch(int8, torch_e5):
    assert (int8.query_prompt, int8.passage_prompt) == (torch_e5.query_prompt, torch_e5.passage_prompt)
    assert (int8.query_prompt, int8.passage_prompt) == ("query: ", "passage: ")
    assert int8.max_length == torch_e5.model.max_seq_length == 512
    long = "samenwerken in netwerken vraagt om vertrouwen " * 200
    assert len(int8.tokenizer.encode(int8.passage_prompt + long).ids) == 512
    assert cosines(int8.embed_documents([long]), torch_e5.embed_documents([long]))[0] > 0.95


# --- the interface -----------------------------------------------------------------------


@pytest.mark.slow
def test_int8_follows_the_interface(int8):
    assert isinstance(int8, Embedder)
    assert int8.model_id == ONNX_INT8_MODEL_ID != DEFAULT_EMBED_MODEL
    assert int8.dimension == 384
    assert int8.embed_query([]).shape == (0, 384)
    assert int8.embed_documents([]).shape == (0, 384)
    assert int8.embed_documents([]).dtype == np.float32


@pytest.mark.slow
def test_documents_come_back_in_input_order(int8):
    """Rows follow the input, whatever its order. (int8 activations are scaled per batch,
    so a text embedded alone differs a little from the same text in a batch.)"""
    texts = ["kort, heel kort", "een veel langere tekst over samenwerken in netwerken " * 8, "middel lang",
             "", "netwerk en nog wat " * 30, "een zin van gemiddelde lengte over partners"]
    lengths = [len(int8.tokenizer.encode(int8.passage_prompt + t).ids) for t in texts]
    assert len(set(lengths)) == len(texts), "distinct lengths: the same batches in any order"
    int8.batch_size = 2  # several batches, each sorted longest-first
    try:
        forward = int8.embed_documents(texts)
        backward = int8.embed_documents(texts[::-1])
    finally:
        int8.batch_size = onnx_e5.BATCH_SIZE
    assert np.allclose(forward, backward[::-1], atol=1e-6)
    alone = np.vstack([int8.embed_documents([t]) for t in texts])
    similarity = forward @ alone.T
    assert (similarity.argmax(axis=1) == np.arange(len(texts))).all()
    assert (np.diag(similarity) > 0.99).all()


# --- built once, atomically --------------------------------------------------------------


@pytest.mark.slow
def test_built_model_is_reused(onnx_settings, int8):
    folder = onnx_e5.folder_for(converted_e5_folder(onnx_settings))
    assert onnx_e5.is_complete(folder, converted_e5_folder(onnx_settings))
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert {onnx_e5.MODEL_FILE, onnx_e5.MARKER, "tokenizer.json"} <= set(before)
    again = make_embedder(onnx_settings)
    assert again.model_id == ONNX_INT8_MODEL_ID
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


@pytest.mark.slow
def test_half_built_folders_are_ignored_and_replaced(onnx_settings, int8, tmp_path, monkeypatch):
    """A killed build leaves a partial folder beside the target, or (copied by hand) a
    target without marker: neither loads; the next ensure_model builds a whole one."""
    real = converted_e5_folder(onnx_settings)
    converted = tmp_path / real.name
    converted.mkdir()
    for item in real.iterdir():
        (converted / item.name).symlink_to(item)
    target = onnx_e5.folder_for(converted)
    target.mkdir()
    (target / onnx_e5.MODEL_FILE).write_bytes(b"half a model")
    partial = tmp_path / f".{target.name}.partial-deadbeef"
    partial.mkdir()
    (partial / "fp32.onnx").write_bytes(b"half")
    assert not onnx_e5.is_complete(target)
    with pytest.raises(ModelError, match="NETWERKWIJZER_EMBED_BACKEND=torch"):
        onnx_e5.OnnxE5Embedder(target, ONNX_INT8_MODEL_ID)

    built = onnx_e5.folder_for(real)

    def fake_build(source, into, progress=None):  # a build is ~15 s: copy the real one
        work = into.parent / f".{into.name}.partial-cafe"
        shutil.copytree(built, work)
        shutil.rmtree(into, ignore_errors=True)
        work.rename(into)
        return into

    notices = []
    monkeypatch.setattr(onnx_e5, "build", fake_build)
    assert onnx_e5.ensure_model(converted, on_build=notices.append) == target
    assert notices == [str(target)]
    assert onnx_e5.is_complete(target, converted) and not partial.exists()
    assert onnx_e5.OnnxE5Embedder(target, ONNX_INT8_MODEL_ID).embed_query(["netwerk"]).shape == (1, 384)


def test_interrupted_build_leaves_nothing(tmp_path, monkeypatch):
    def fail(converted, path):
        path.write_bytes(b"half an export")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(onnx_e5, "export_fp32", fail)
    target = tmp_path / "cache" / "e5-onnx-int8"
    target.parent.mkdir()
    with pytest.raises(RuntimeError, match="interrupted"):
        onnx_e5.build(tmp_path / "converted", target)
    assert list(target.parent.iterdir()) == []


# --- settings ----------------------------------------------------------------------------


def test_backend_setting_is_validated():
    assert Settings().embed_backend == "onnx-int8"
    assert Settings.from_env({"NETWERKWIJZER_EMBED_BACKEND": "torch"}).embed_backend == "torch"
    with pytest.raises(ConfigError, match="NETWERKWIJZER_EMBED_BACKEND") as caught:
        Settings.from_env({"NETWERKWIJZER_EMBED_BACKEND": "onnx"})
    assert "onnx-int8" in str(caught.value) and "torch" in str(caught.value)


def test_other_models_run_on_torch_with_a_warning(base_settings, monkeypatch, caplog):
    from assistant.embeddings import sentence

    class Loaded:
        def __init__(self, name, model_id, **prompts):
            self.model_id = model_id

    monkeypatch.setattr(sentence, "SentenceTransformerEmbedder", Loaded)
    other = base_settings.replace(embed_model="some/model")
    with caplog.at_level(logging.WARNING):
        assert make_embedder(other.replace(embed_backend="torch")).model_id == "some/model"
    assert not caplog.records
    with caplog.at_level(logging.WARNING):
        assert make_embedder(other.replace(embed_backend="onnx-int8")).model_id == "some/model"
    assert "NETWERKWIJZER_EMBED_BACKEND=torch" in caplog.text


# --- an index remembers its backend ------------------------------------------------------


@pytest.mark.slow
def test_an_index_refuses_the_other_backend(base_settings, int8, torch_e5, tmp_path):
    from assistant.store import Store

    assert int8.model_id != torch_e5.model_id == DEFAULT_EMBED_MODEL
    settings = base_settings.replace(data_dir=tmp_path / "data")
    Store.open_for_writing(settings, torch_e5.model_id, torch_e5.dimension)
    with pytest.raises(ModelMismatchError) as caught:
        Store.open_for_reading(settings, int8.model_id)
    assert "NETWERKWIJZER_EMBED_BACKEND=torch" in str(caught.value)
    assert "--rebuild" in str(caught.value)
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        Store.open_for_writing(settings, int8.model_id, int8.dimension)

    other = base_settings.replace(data_dir=tmp_path / "data2")
    Store.open_for_writing(other, int8.model_id, int8.dimension)
    with pytest.raises(ModelMismatchError, match="NETWERKWIJZER_EMBED_BACKEND=onnx-int8"):
        Store.open_for_reading(other, torch_e5.model_id)


def test_the_app_keeps_the_backend_an_existing_index_was_built_with(base_settings, int8, torch_e5, tmp_path):
    """An index built on torch (before onnx-int8 became the default) is read on torch, not
    refused; an int8 index, no index, or another model change nothing."""
    from assistant.store import Store, keep_index_backend

    old = base_settings.replace(data_dir=tmp_path / "old")
    Store.open_for_writing(old, torch_e5.model_id, torch_e5.dimension)
    kept = keep_index_backend(old)
    assert kept.embed_backend == "torch"
    Store.open_for_reading(kept, torch_e5.model_id)  # opens without ModelMismatchError

    new = base_settings.replace(data_dir=tmp_path / "new")
    Store.open_for_writing(new, int8.model_id, int8.dimension)
    assert keep_index_backend(new).embed_backend == "onnx-int8"
    assert keep_index_backend(base_settings.replace(data_dir=tmp_path / "empty")).embed_backend == "onnx-int8"
    other = old.replace(embed_model="intfloat/multilingual-e5-base")
    assert keep_index_backend(other) == other
