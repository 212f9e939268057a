"""`python -m ingest.evalprep library2`: index the second library for ``make eval``.

The evaluation (``python -m assistant.eval``) scores an index; building one is ingest's
work, so it happens here and the assistant never imports the ingest code. ``library2``
writes our own small library (``evalsets/library2``: agreement, annual report, minutes …
as DOCX and PDF) into ``<folder>/docs``, ingests it from scratch into ``<folder>/data``
and keeps the files' raw text in ``<folder>/sources.txt``, which the answer scorer checks
quotes against. ``<folder>`` defaults to ``library2`` in the data folder, where the
evaluation looks for it (``library2_dir``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.eval.datasets import library2_dir
from assistant.settings import Settings


def prepare_library2(settings: Settings, folder: Path) -> Path:
    """Build, ingest and record the second library in ``folder``; returns ``folder``."""
    from evalsets.library2.build import build
    from ingest.__main__ import ingest
    from ingest.sources import read_text

    docs = folder / "docs"
    files = build(docs)
    lib = settings.replace(data_dir=folder / "data", corpus_dir=docs)
    ingest(lib, [docs], rebuild=True, show_progress=False)
    (folder / "sources.txt").write_text("\n".join(read_text(f) for f in files), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m ingest.evalprep")
    parser.add_argument("what", choices=["library2"])
    parser.add_argument("--folder", type=Path, help="default: library2 in the data folder")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    folder = prepare_library2(settings, args.folder or library2_dir(settings))
    print(f"library2 indexed in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
