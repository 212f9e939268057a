"""The ingest pipeline against a real embedded Chroma, a real `chroma run` server and the
real e5 model: incremental runs, bad input, duplicates, interruption."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import ModelMismatchError
from assistant.store import Store
from ingest import pipeline
from ingest.dedup import CONTAINMENT, containment, shingles
from tests.conftest import ROOT


def _open(settings, embedder):
    return Store.open_for_writing(settings, embedder.model_id, embedder.dimension)


@pytest.fixture()
def settings(base_settings, tmp_path):
    return base_settings.replace(data_dir=tmp_path / "data")


def test_second_run_embeds_nothing_and_changes_are_replaced(settings, embedder, small_corpus):
    store = _open(settings, embedder)
    first = pipeline.run([small_corpus], store, embedder)
    assert first.documents == 2 and first.embedded == first.chunks > 10
    assert store.count() == first.chunks

    when = {c.chunk_id: c.extra["ingested"] for c in store.live_chunks()}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", t) for t in when.values())
    time.sleep(1.1)
    again = pipeline.run([small_corpus], store, embedder)
    assert (again.embedded, again.removed, again.chunks) == (0, 0, first.chunks)
    # an unchanged passage keeps the time it was embedded (the Documenten tab shows it)
    assert {c.chunk_id: c.extra["ingested"] for c in store.live_chunks()} == when

    doc = small_corpus / "004_a18a54227c7afcbc.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\nEen nieuwe slotalinea over "
                   "netwerkbestuur en vertrouwen tussen partners.\n", encoding="utf-8")
    changed = pipeline.run([small_corpus], store, embedder)
    assert 0 < changed.embedded < first.chunks
    assert changed.removed >= 1
    assert store.count() == changed.chunks
    assert any("slotalinea" in c.text for c in store.live_chunks())
    assert any(c.extra["ingested"] > max(when.values()) for c in store.live_chunks() if "slotalinea" in c.text)

    doc.unlink()
    removed = pipeline.run([small_corpus], store, embedder)
    assert removed.documents == 1 and removed.embedded == 0
    assert {c.doc_id for c in store.live_chunks()} == {"kenis-interview"}


def test_sentence_windows_are_stored_with_their_chunks_and_removed_with_them(
        settings, embedder, small_corpus):
    store = _open(settings, embedder)
    pipeline.run([small_corpus], store, embedder)
    chunks = store.live_chunks()
    owners, _, vectors = store.window_vectors([c.chunk_id for c in chunks])
    assert len(owners) == len(vectors) == sum(len(pipeline.window_texts(c)) for c in chunks)
    assert len(owners) > 3 * len(chunks)

    chunk = next(c for c in chunks if len(pipeline.window_texts(c)) >= 3)
    stored = vectors[[i for i, o in enumerate(owners) if o == chunk.chunk_id]]
    fresh = embedder.embed_documents(pipeline.window_texts(chunk))
    assert len(stored) == len(fresh)
    # each window's own text, embedded (in other batches: the int8 backend scales its
    # activations per batch, so the same text comes out at a cosine of ~0.998, not 1)
    assert (fresh @ stored.T).max(axis=1).min() > 0.995

    (small_corpus / "004_a18a54227c7afcbc.txt").unlink()
    pipeline.run([small_corpus], store, embedder)
    live = {c.chunk_id for c in store.live_chunks()}
    left, _, _ = store.window_vectors([c.chunk_id for c in chunks])
    assert left and set(left) <= live  # the removed document's windows went with it


def test_windows_are_pairs_of_adjacent_sentences():
    from assistant.store import StoredChunk

    def chunk(text):
        return StoredChunk("c", "d", "Titel", "Sectie", text, 0, len(text), "x")

    three = chunk("Eerste zin hier. Tweede zin daar. Derde zin ook.")
    assert pipeline.window_texts(three) == ["Eerste zin hier. Tweede zin daar.",
                                            "Tweede zin daar. Derde zin ook."]
    assert pipeline.window_texts(chunk("Alleen een zin. En nog een.")) == []


def test_bad_files_are_reported_and_the_rest_is_ingested(settings, embedder, small_corpus):
    (small_corpus / "leeg.txt").write_bytes(b"")
    (small_corpus / "oud.txt").write_bytes("Vergadering café".encode("cp1252"))
    (small_corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 garbage")
    (small_corpus / "foto.jpg").write_bytes(b"\xff\xd8")
    report = pipeline.run([small_corpus], _open(settings, embedder), embedder)
    assert report.documents == 2 and report.failed
    assert {s.path.name for s in report.skipped} == {"leeg.txt", "oud.txt", "kapot.pdf", "foto.jpg"}
    assert "kapot.pdf" in report.summary()


def test_ocr_duplicate_passages_are_kept_once(corpus_index, assistant):
    assert corpus_index.duplicates > 0
    chunks = assistant.retriever.chunks
    clean = set().union(*(shingles(c.text) for c in chunks if c.doc_id == "kenis-interview"))
    ocr = [c for c in chunks if c.doc_id == "kenis-interview-ocr"]
    assert all(containment(shingles(c.text), clean) < CONTAINMENT for c in ocr)
    kept = [c for c in chunks if c.doc_id == "kenis-interview"]
    assert kept and all("kenis-interview-ocr" in c.also_in for c in kept)
    # every collapse is reported, by document and passage
    assert len(corpus_index.collapsed) == corpus_index.duplicates
    assert {(d.doc_id, d.kept_doc_id) for d in corpus_index.collapsed} == {
        ("kenis-interview-ocr", "kenis-interview")}
    assert corpus_index.collapsed[0].excerpt in corpus_index.summary()


def test_a_fully_collapsed_copy_is_still_listed_and_filterable(corpus_index, assistant):
    docs = {d["doc_id"]: d for d in assistant.documents()}
    ocr = docs["kenis-interview-ocr"]
    # (a collapsed passage may span two kept ones, so kept passages >= collapsed passages)
    standing_for = [c for c in assistant.retriever.chunks if "kenis-interview-ocr" in c.also_in]
    assert len(standing_for) >= corpus_index.duplicates
    assert ocr["chunks"] == 0 and ocr["merged_into"] == {"kenis-interview": len(standing_for)}
    assert docs["kenis-interview"]["also_in"] == ["kenis-interview-ocr"]
    collapsed = assistant.collapsed()
    assert len(collapsed) == len(standing_for)
    assert all(p["doc_id"] == "kenis-interview" and p["also_in"] == ["kenis-interview-ocr"]
               and 0 < len(p["excerpt"]) <= 80 for p in collapsed)
    # filtering by the copy finds its passages where they are kept
    hits = assistant.retriever.search("Wat is de eerste voorwaarde voor een netwerk?", k=3,
                                      doc_ids=["kenis-interview-ocr"])
    assert hits and all(c.doc_id == "kenis-interview" for c, *_ in hits)


def test_reports_that_differ_only_in_numbers_are_both_kept_and_found(settings, embedder, tmp_path):
    from assistant.retrieval import Retriever
    from tests.test_dedup import REPORT_2022, REPORT_2023

    folder = tmp_path / "verslagen"
    folder.mkdir()
    (folder / "kust-2022.txt").write_text(REPORT_2022, encoding="utf-8")
    (folder / "kust-2023.txt").write_text(REPORT_2023, encoding="utf-8")
    store = _open(settings, embedder)
    report = pipeline.run([folder], store, embedder)
    assert report.duplicates == 0 and report.collapsed == [] and report.chunks == 2
    retriever = Retriever(store, embedder)
    for doc_id, figure in (("kust-2022", "12 partners"), ("kust-2023", "15 partners")):
        hits = retriever.search("Hoeveel partners telde het Kustnetwerk?", k=3, doc_ids=[doc_id])
        assert hits and figure in hits[0][0].text
    # without a filter too: search does not hide one report behind the other
    both = retriever.search("Hoeveel partners telde het Kustnetwerk?", k=3)
    assert {c.doc_id for c, *_ in both} == {"kust-2022", "kust-2023"}


def test_chunks_carry_citable_metadata(assistant):
    chunks = assistant.retriever.chunks
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert all(c.title and c.end > c.start for c in chunks)
    binding = [c for c in chunks if "Binding" in c.bouwstenen]
    assert binding and any(c.section == "Bouwsteen Binding" for c in binding)
    words = [len(c.text.split()) for c in chunks]
    assert sorted(words)[len(words) // 2] >= 80


def test_another_model_is_refused_with_the_fix(settings, embedder, small_corpus):
    pipeline.run([small_corpus], _open(settings, embedder), embedder)
    with pytest.raises(ModelMismatchError, match="python -m ingest --rebuild"):
        Store.open_for_reading(settings, "intfloat/multilingual-e5-base")
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        Store.open_for_writing(settings, "other/model", 768)


def test_chroma_server_mode(base_settings, embedder, small_corpus, chroma_server):
    settings = base_settings.replace(chroma_mode="http", chroma_port=chroma_server,
                                     collection="server-test")
    report = pipeline.run([small_corpus], _open(settings, embedder), embedder)
    reader = Store.open_for_reading(settings, embedder.model_id)
    assert reader.count() == report.chunks > 0
    q = embedder.embed_query(["Wat is een organisatienetwerk?"])[0]
    hits = reader.query(q, 3)
    assert len(hits) == 3 and all(-1.0 <= s <= 1.0 for _, s in hits)


def _cli(settings, *args, **kw):
    env = {**os.environ, "NETWERKWIJZER_DATA_DIR": str(settings.data_dir),
           "NETWERKWIJZER_MODEL_CACHE": str(settings.model_cache)}
    return subprocess.Popen([sys.executable, "-m", "ingest", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_cli_summary_and_exit_status(settings, small_corpus):
    (small_corpus / "leeg.md").write_text("", encoding="utf-8")
    proc = _cli(settings, small_corpus)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err
    for word in ("Documents: 2", "Chunks:", "Skipped:   1", "leeg.md: is empty", "Seconds:"):
        assert word in out
    assert "Embedding" in err  # the progress bar


def test_interrupted_ingest_leaves_the_previous_index_queryable(settings, embedder, small_corpus):
    store = _open(settings, embedder)
    before = pipeline.run([small_corpus], store, embedder)
    ids_before = {c.chunk_id for c in store.live_chunks()}

    extra = small_corpus / "extra.txt"
    extra.write_text((ROOT / "corpus" / "002_13260c049b81f5a6.txt").read_text(encoding="utf-8"),
                     encoding="utf-8")
    proc = _cli(settings, small_corpus, start_new_session=True)
    deadline = time.time() + 300
    seen = ""
    staged = re.compile(r"\b(1[6-9]|[2-9]\d)/\d+")  # the progress bar past the first batch
    while time.time() < deadline and not staged.search(seen[-200:]):
        seen += proc.stderr.read(1) or ""
        if proc.poll() is not None:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert staged.search(seen), seen[-2000:]

    reader = Store.open_for_reading(settings, embedder.model_id)
    assert {c.chunk_id for c in reader.live_chunks()} == ids_before
    assert reader.count() == before.chunks
    q = embedder.embed_query(["reis door het land corporaties"])[0]
    assert all(c.doc_id != "extra" for c, _ in reader.query(q, 5))

    resumed = pipeline.run([small_corpus], _open(settings, embedder), embedder)
    assert resumed.documents == 3 and resumed.removed == 0
    new_chunks = resumed.chunks - before.chunks
    assert 0 < resumed.embedded < new_chunks  # what the killed run had staged is reused


def test_a_file_over_the_size_limit_is_reported_and_the_rest_goes_in(settings, embedder, tmp_path):
    from tests.test_dedup import REPORT_2023

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "verslag.txt").write_text(REPORT_2023, encoding="utf-8")
    (folder / "groot.txt").write_text((REPORT_2023 + "\n\n") * 400, encoding="utf-8")  # 0.2 MB
    report = pipeline.run([folder], _open(settings, embedder), embedder, max_file_mb=0.1)
    assert report.documents == 1 and report.chunks == 1 and report.failed
    [skipped] = report.skipped
    assert skipped.path.name == "groot.txt"
    assert "over the limit of 0.1 MB" in report.summary() and "NETWERKWIJZER_MAX_FILE_MB" in report.summary()


def test_ingests_that_share_an_index_take_turns(settings, embedder, small_corpus):
    """An ingest waits while another process (here: another open of the lock file, which
    flock treats the same) is changing the index, and then runs."""
    import fcntl
    import threading

    store = _open(settings, embedder)
    first = pipeline.run([small_corpus], store, embedder)
    started = time.perf_counter()
    pipeline.run([small_corpus], store, embedder)  # nothing to embed: quick when not waiting
    quick = time.perf_counter() - started
    lock = Path(settings.data_dir) / f".ingest-{settings.collection}.lock"
    done = {}
    with open(lock, "a+") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        worker = threading.Thread(target=lambda: done.setdefault("report", pipeline.run([small_corpus], store,
                                                                                          embedder)))
        worker.start()
        worker.join(max(3.0, 10 * quick))
        assert worker.is_alive() and "report" not in done  # waiting for the other ingest
        fcntl.flock(other.fileno(), fcntl.LOCK_UN)
    worker.join(120)
    assert not worker.is_alive() and done["report"].chunks == first.chunks
