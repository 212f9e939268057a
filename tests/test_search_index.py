"""The search-index seam: the in-memory and the Chroma-backed index give the same search,
filters reach Chroma itself, the snapshot saved at ingest is reused and kept up to date,
and the moments give the full scan's figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval import ChromaIndex, MemoryIndex, Retriever
from assistant.retrieval import snapshot as snapshots
from assistant.retrieval.filters import Filter
from assistant.retrieval.moments import Moments

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "evalsets" / "answers.jsonl").open(encoding="utf-8")
             ][::22][:30]


@pytest.fixture(scope="module")
def chroma_retriever(assistant, tmp_path_factory):
    r = assistant.retriever
    index = ChromaIndex(r.store, tmp_path_factory.mktemp("snapshot"))
    return Retriever(r.store, r.embedder, index=index)


@pytest.fixture(scope="module")
def chroma_where_retriever(assistant, tmp_path_factory):
    """Every filtered search through Chroma's query with ``where`` (no exact path for few passages)."""
    r = assistant.retriever
    index = ChromaIndex(r.store, tmp_path_factory.mktemp("snapshot-where"), exact_max=0)
    return Retriever(r.store, r.embedder, index=index)


def test_moments_give_the_full_scans_mean_and_spread(assistant):
    index = assistant.retriever.index
    assert isinstance(index, MemoryIndex)
    for question in QUESTIONS[:5]:
        q = assistant.retriever.query_vector(question)
        for vectors, moments in ((index._vectors, index.chunk_moments), (index._window_vectors, index.window_moments)):
            cos = vectors.astype(np.float64) @ q.astype(np.float64)
            mean, std = moments.stats(q)
            assert abs(mean - cos.mean()) < 1e-6 and abs(std - cos.std()) < 1e-6


def test_moments_add_up_like_one_pass():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 8))
    whole, parts = Moments.of(x), Moments.of(x[:20])
    parts.add(x[20:])
    assert parts.count == whole.count
    assert np.allclose(parts.outer, whole.outer) and np.allclose(parts.total, whole.total)


def test_chroma_index_searches_like_the_exact_one(assistant, chroma_retriever):
    same, overlap = 0, []
    for question in QUESTIONS:
        exact = [c.chunk_id for c, *_ in assistant.retriever.search(question, k=5)]
        approx = [c.chunk_id for c, *_ in chroma_retriever.search(question, k=5)]
        same += exact[0] == approx[0]
        overlap.append(len(set(exact) & set(approx)) / 5)
    assert same >= 0.9 * len(QUESTIONS) and np.mean(overlap) >= 0.9, (same, np.mean(overlap))


def test_chroma_index_snapshot_matches_memory(assistant, chroma_retriever):
    mem, chroma = assistant.retriever.index, chroma_retriever.index
    assert chroma.catalogue.ids == mem.catalogue.ids
    assert chroma.catalogue.windows.tolist() == mem.catalogue.windows.tolist()
    for question in QUESTIONS[:5]:
        assert np.allclose(chroma.lexical.scores(question), mem.lexical.scores(question), atol=1e-5)
        q = assistant.retriever.query_vector(question)
        assert np.allclose(chroma.window_moments.stats(q), mem.window_moments.stats(q), atol=1e-6)
        assert np.allclose(chroma.chunk_moments.stats(q), mem.chunk_moments.stats(q), atol=1e-6)


@pytest.mark.parametrize("kwargs", [
    {"doc_ids": ["mkw-essay"]}, {"bouwstenen": ["binding"]},
    {"doc_ids": ["platform31-magazine", "mkw-essay"], "bouwstenen": ["Opgave", "binding"]}])
def test_filters_reach_chroma_and_agree(assistant, chroma_retriever, chroma_where_retriever, kwargs):
    question = "vertrouwen tussen partners"
    exact = [c.chunk_id for c, *_ in assistant.retriever.search(question, k=8, **kwargs)]
    assert exact
    assert [c.chunk_id for c, *_ in chroma_retriever.search(question, k=8, **kwargs)] == exact
    assert [c.chunk_id for c, *_ in chroma_where_retriever.search(question, k=8, **kwargs)] == exact
    f = Filter(doc_ids=tuple(kwargs.get("doc_ids", ())), bouwstenen=tuple(
        b.capitalize() for b in kwargs.get("bouwstenen", ())))
    # Chroma's own query, with the filter as `where`, for chunks and for windows
    q = assistant.retriever.query_vector(question)
    for windows in (False, True):
        found = chroma_retriever.store.nearest(q, 20, f.where(), windows=windows)
        rows = [chroma_retriever.catalogue.pos[i.rsplit(":", 1)[0] if windows else i] for i, _ in found]
        assert found and chroma_retriever.catalogue.mask(f)[rows].all()


def test_window_records_carry_their_chunks_labels(assistant):
    store = assistant.retriever.store
    got = store._windows.get(limit=50, include=["metadatas"])
    chunks = {c.chunk_id: c for c in assistant.retriever.chunks}
    for md in got["metadatas"]:
        chunk = chunks[md["chunk_id"]]
        assert md["doc_id"] == chunk.doc_id and md["live"] is True and md["collection"] == chunk.collection
        assert tuple(md.get("bouwstenen") or ()) == chunk.bouwstenen


def test_scoped_view_filters_chroma_search(chroma_retriever, chroma_where_retriever):
    for retriever in (chroma_retriever, chroma_where_retriever):
        assert retriever.scoped(["nobody-reads-this"]).search("netwerk", k=5) == []
        view = retriever.scoped(set(retriever.catalogue.collections))
        assert len(view.search("netwerk", k=5)) == 5


def test_snapshot_is_loaded_not_rebuilt_and_reuses_tokens(assistant, tmp_path, monkeypatch):
    store = assistant.retriever.store
    first = snapshots.current(store, tmp_path)
    built = []
    monkeypatch.setattr(snapshots, "build", lambda *a, **k: built.append(1))
    again = snapshots.current(store, tmp_path)
    assert not built and again.catalogue.ids == first.catalogue.ids
    monkeypatch.undo()

    class Counting:
        def __init__(self, inner):
            self.inner, self.calls = inner, 0

        def __call__(self, text):
            self.calls += 1
            return self.inner(text)

        def words(self, text):
            return self.inner.words(text)

    analyzer = Counting(first.lexical.analyzer)
    rebuilt = snapshots.build(store, analyzer, previous=first, generation=first.generation + 1)
    assert analyzer.calls == 0  # nothing changed: every passage's tokens reused
    assert rebuilt.passage_tokens() == first.passage_tokens()
    # a passage of which the previous snapshot knows nothing is analysed, and only that one
    first.catalogue.keys[3] = "changed"
    analyzer.calls = 0
    snapshots.build(store, analyzer, previous=first)
    assert analyzer.calls == 1


def test_saving_a_snapshot_keeps_one_of_the_same_generation_another_process_writes(assistant, tmp_path):
    """Two app processes started together both build the snapshot of one generation; the
    first to finish removed the other's half-written folder, whose save then failed
    (FileNotFoundError in tests/test_multiprocess.py). Only older generations go now, and a
    save that fails all the same leaves a snapshot that works from memory."""
    store = assistant.retriever.store
    snap = snapshots.build(store, assistant.retriever.lexical.analyzer, generation=7)
    older, busy = tmp_path / "gen-5-aaaa1111", tmp_path / "gen-7-bbbb2222"
    older.mkdir()
    busy.mkdir()
    snapshots.save(snap, tmp_path)
    assert not older.exists() and busy.exists()
    assert snapshots.load(tmp_path).generation == 7

    again = snapshots.build(store, assistant.retriever.lexical.analyzer, generation=9)
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")  # no snapshot can be written under it
    tokens = again.passage_tokens()
    with pytest.raises(OSError):
        snapshots.save(again, blocked)
    assert again.passage_tokens() == tokens  # still in memory: nothing points to a missing folder


def test_lexical_index_saved_and_loaded_scores_the_same(assistant, tmp_path):
    from assistant.lexical import LexicalIndex

    lex = assistant.retriever.lexical
    lex.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded.vocab == lex.vocab and len(loaded) == len(lex)
    for question in QUESTIONS[:8]:
        assert np.allclose(loaded.scores(question), lex.scores(question), atol=1e-6)
        assert all(abs(loaded.idf(t) - lex.idf(t)) < 1e-9 for t in lex.query_terms(question))


def test_unknown_search_index_setting_names_the_choices():
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    with pytest.raises(ConfigError, match="auto, memory, chroma"):
        Settings(search_index="faiss")
