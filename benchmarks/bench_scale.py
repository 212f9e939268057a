"""Scale figures of the search-index seam: a synthetic library of N passages in a Chroma
server (or embedded Chroma), then the retrieval side started fresh in its own process.

    python benchmarks/bench_scale.py --chunks 100000 [--mode http|embedded] [--index chroma|memory] [--json]

The library is made from the real index (run ``make ingest`` first): each synthetic
passage recombines 4-7 real corpus sentences, and its vector is derived from the real
vectors of the passages those sentences come from (normalised mix plus small noise), as
are its sentence-window vectors. Embedding 100,000 passages with their windows on two CPU
cores would take hours (about 3.7 passages/s), so the vectors are derived, not embedded;
search cost does not depend on where a vector came from. The synthetic passages carry
WINDOWS windows each (default 3; the real library has about 11 per passage): the windows
live in Chroma, not in the app process, so this changes the server's disk and its
nearest-neighbour search a little, not the app's start or memory.

Records are written to an embedded Chroma folder with their live labels (no staging), the
search snapshot (catalogue, BM25, moments) is saved as ingest saves it, and then, for
``--mode http``, ``chroma run`` serves that folder on a free port. The retrieval side
(``Assistant.from_settings``) then starts in a fresh process and measures: start (model
load, open, first answer), search p50/p95 (new questions, so the query embedding counts),
extractive ask p50, the process's RSS, and the index size on disk. With ``--json`` the last
line is one JSON object. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_DOC = 25  # synthetic passages per synthetic document
BATCH = 2000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def questions() -> list[str]:
    path = ROOT / "evalsets" / "answers.jsonl"
    return [json.loads(line)["question"] for line in path.open(encoding="utf-8") if line.strip()]


def build_library(n: int, target, windows_per_chunk: int, seed: int = 7) -> dict:
    """Write ``n`` synthetic passages (and their windows) into ``target`` (a Settings)."""
    import numpy as np

    from assistant.retrieval import snapshot
    from assistant.settings import Settings
    from assistant.store import Store, StoredChunk, window_labels
    from assistant.text.sentences import split_sentences

    source = Store.open_for_reading(Settings.from_env(), _model_id())
    real = sorted(source.live_chunks(), key=lambda c: c.chunk_id)
    if not real:
        raise SystemExit("The source index is empty: run 'make ingest' first.")
    vectors = source.vectors([c.chunk_id for c in real])
    wins = source.windows_of([c.chunk_id for c in real])
    sentences = [(c.text[a:b], i) for i, c in enumerate(real) for a, b in split_sentences(c.text)]
    rng = np.random.default_rng(seed)
    store = Store.open_for_writing(target, source.model_id, source.dimension, rebuild=True)
    t0 = time.perf_counter()
    for lo in range(0, n, BATCH):
        ids, vecs, docs, mds, w_ids, w_vecs, w_mds = [], [], [], [], [], [], []
        for i in range(lo, min(n, lo + BATCH)):
            base = int(rng.integers(len(real)))
            picks = [s for s in sentences if s[1] == base][: int(rng.integers(2, 5))]
            picks += [sentences[int(j)] for j in rng.integers(len(sentences), size=int(rng.integers(2, 4)))]
            text = " ".join(s for s, _ in picks)
            other = vectors[picks[-1][1]]
            vec = vectors[base] + 0.5 * other + rng.normal(0, 0.02, vectors.shape[1])
            doc = f"synth-{i // PER_DOC:05d}"
            chunk = StoredChunk(chunk_id=f"{doc}-{i % PER_DOC:03d}", doc_id=doc, title=f"Synthetisch verslag {doc[6:]}",
                                section="", text=text, start=(i % PER_DOC) * 2000,
                                end=(i % PER_DOC) * 2000 + len(text), source="synthetic",
                                bouwstenen=real[base].bouwstenen)
            md = {**chunk.metadata(live=True), "windows": windows_per_chunk}
            ids.append(chunk.chunk_id)
            vecs.append(vec / np.linalg.norm(vec))
            docs.append(text)
            mds.append(md)
            own = wins.get(real[base].chunk_id)
            for j in range(windows_per_chunk):
                w = (own[j % len(own)] if own is not None and len(own) else vectors[base]) + 0.3 * other
                w = w + rng.normal(0, 0.02, len(w))
                w_ids.append(f"{chunk.chunk_id}:{j}")
                w_vecs.append(w / np.linalg.norm(w))
                w_mds.append(window_labels(chunk.chunk_id, md))
        for j in range(0, len(w_ids), 5000):  # Chroma's largest batch is about 5,400 records
            store._windows.upsert(ids=w_ids[j:j + 5000], embeddings=np.asarray(w_vecs[j:j + 5000], dtype=np.float32),
                                  metadatas=w_mds[j:j + 5000])
        store._col.upsert(ids=ids, embeddings=np.asarray(vecs, dtype=np.float32), documents=docs, metadatas=mds)
        print(f"  wrote {min(n, lo + BATCH):,}/{n:,} passages ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    store.set_meta(collections_labelled=1, windows_labelled=1)
    store.bump_generation()
    t1 = time.perf_counter()
    snapshot.current(store, snapshot.folder_for(target))
    return {"write_s": round(t1 - t0, 1), "snapshot_s": round(time.perf_counter() - t1, 1)}


def _model_id() -> str:
    from assistant.settings import Settings

    return Settings.from_env().embed_model


def serve_side(settings_json: str) -> dict:
    """Run in a fresh process: open, first answer, then the timings and memory."""
    t0 = time.perf_counter()
    from assistant.core import Assistant
    from assistant.settings import Settings

    raw = json.loads(settings_json)
    settings = Settings.from_env(**{k: (Path(v) if k in ("data_dir", "corpus_dir") else v) for k, v in raw.items()})
    qs = questions()
    assistant = Assistant.from_settings(settings)
    assistant.ask(qs[0])
    start_s = time.perf_counter() - t0
    search_ms, ask_ms = [], []
    for q in qs[1:81]:
        t = time.perf_counter()
        assistant.search(q, k=5)
        search_ms.append((time.perf_counter() - t) * 1000)
    for q in qs[1:31]:  # the query vectors are cached now: ask's own work
        t = time.perf_counter()
        assistant.ask(q)
        ask_ms.append((time.perf_counter() - t) * 1000)
    status = Path("/proc/self/status").read_text()
    rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024
    hwm = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    search_ms.sort()
    return {"index": assistant.retriever.index.kind, "start_s": round(start_s, 2),
            "search_p50_ms": round(statistics.median(search_ms), 1),
            "search_p95_ms": round(search_ms[int(0.95 * (len(search_ms) - 1))], 1),
            "ask_p50_ms": round(statistics.median(ask_ms), 1), "rss_mb": round(rss), "peak_rss_mb": round(hwm)}


def disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_scale.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=10000)
    parser.add_argument("--mode", choices=("http", "embedded"), default="http")
    parser.add_argument("--index", choices=("chroma", "memory"), default="chroma")
    parser.add_argument("--windows", type=int, default=3, help="sentence windows per synthetic passage")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the library in this folder and keep it")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve-side", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_side:
        print(json.dumps(serve_side(args.serve_side)))
        return 0

    from assistant.settings import Settings

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    base = Settings.from_env().replace(data_dir=work, collection="scale", search_index=args.index,
                                       chroma_mode="embedded")
    marker = work / f"built-{args.chunks}-{args.windows}.json"
    if marker.exists():
        built = json.loads(marker.read_text())
    else:
        print(f"Building a synthetic library of {args.chunks:,} passages in {work} …", file=sys.stderr)
        built = build_library(args.chunks, base, args.windows)
        marker.write_text(json.dumps(built))
    server = None
    settings = base
    try:
        if args.mode == "http":
            port = free_port()
            exe = Path(sys.executable).with_name("chroma")
            server = subprocess.Popen([str(exe), "run", "--path", str(base.chroma_path), "--host", "127.0.0.1",
                                       "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _wait_for(port)
            settings = base.replace(chroma_mode="http", chroma_port=port)
            # the snapshot was saved beside the embedded folder the server now serves: same data
            from assistant.retrieval import snapshot

            there = snapshot.folder_for(settings)
            shutil.rmtree(there, ignore_errors=True)
            shutil.copytree(snapshot.folder_for(base), there)
        raw = {"data_dir": str(settings.data_dir), "collection": settings.collection,
               "search_index": settings.search_index, "chroma_mode": settings.chroma_mode,
               "chroma_port": settings.chroma_port, "corpus_dir": str(ROOT / "corpus")}
        out = subprocess.run([sys.executable, __file__, "--serve-side", json.dumps(raw)], capture_output=True,
                             text=True, check=False)
        if out.returncode != 0:
            print(out.stderr[-3000:], file=sys.stderr)
            return 1
        figures = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    result = {"chunks": args.chunks, "mode": args.mode, **{k: figures[k] for k in (
        "start_s", "search_p50_ms", "search_p95_ms", "ask_p50_ms", "rss_mb")},
        "disk_mb": round(disk_mb(work / "chroma") + (disk_mb(work / "search") if (work / "search").exists() else 0), 1),
        "index": figures["index"], "peak_rss_mb": figures["peak_rss_mb"], "windows_per_chunk": args.windows,
        **built}
    for key, value in result.items():
        print(f"{key:18s} {value}")
    if args.json:
        print(json.dumps(result))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"chroma run did not start on port {port} within {seconds:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
