"""Peak memory of preparing one big text (read, clean, chunk, duplicate check; no
embedding): a `.txt` of N MB (default 50) is built from the corpus's own sentences in a
temporary folder and prepared in a fresh process, whose peak RSS (getrusage) is printed
with the chunk count and the time. Prints; asserts nothing.

    .venv/bin/python benchmarks/bench_ingest_memory.py [--mb 50]
    PYTHONPATH=/path/to/old/tree .venv/bin/python benchmarks/bench_ingest_memory.py  # before
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent


def make_text(path: Path, megabytes: float, seed: int = 13) -> None:
    """Paragraphs of 3–7 corpus sentences, a heading now and then, up to ``megabytes``."""
    sentences: list[str] = []
    for doc in sorted((ROOT / "corpus").glob("*.txt")):
        flat = " ".join(doc.read_text(encoding="utf-8").split())
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“])", flat) if 40 <= len(s) <= 400]
    rng = random.Random(seed)
    limit = int(megabytes * 1024 * 1024)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while written < limit:
            n += 1
            block = ""
            if n % 12 == 1:
                block += f"Hoofdstuk {n // 12 + 1}: {' '.join(rng.choice(sentences).split()[:5])}\n\n"
            block += " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7))) + "\n\n"
            out.write(block)
            written += len(block.encode("utf-8"))


def child(path: Path, max_file_mb: float, with_corpus: bool) -> None:
    import resource
    import time

    sys.path.insert(0, os.environ.get("PYTHONPATH", "") or str(ROOT))
    from ingest import pipeline

    t = time.perf_counter()
    paths = [path, *(ROOT / "corpus").glob("*.txt")] if with_corpus else [path]
    report = pipeline.IngestReport()
    if hasattr(pipeline, "prepare_sources"):  # this tree: the stage pipeline.run uses
        prepared = pipeline.prepare_sources(paths, report, max_file_mb=max_file_mb)
    else:  # an older tree: the same steps as its pipeline.run
        from ingest.sources import discover, read_text

        found = discover(paths)
        prepared = [pipeline.prepare(s.meta, s.path, read_text(s.path)) for s in found.files]
    wanted = pipeline._collapse_duplicates(prepared, [], report)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    corpus = " with corpus/ beside it (duplicate check across documents)" if with_corpus else ""
    print(f"prepared {path.stat().st_size / 2**20:.1f} MB{corpus}: {len(wanted)} chunks "
          f"({report.duplicates} collapsed) in {seconds:.1f} s, peak RSS {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0, help="size of the text (MB)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-file-mb", type=float, default=1000.0,
                        help="size limit passed to ingestion (above the text, so it is prepared)")
    parser.add_argument("--with-corpus", action="store_true",
                        help="also prepare corpus/, so the duplicate check compares across documents")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.max_file_mb, args.with_corpus)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "groot.txt"
        make_text(path, args.mb)
        for extra in ([], ["--with-corpus"]):
            subprocess.run([sys.executable, __file__, "--child", str(path),
                            "--max-file-mb", str(args.max_file_mb), *extra], check=False)


if __name__ == "__main__":
    main()
