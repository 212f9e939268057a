"""`python -m ingest [PATH ...]`: the command-line edge of ingestion.

Only translates: parses arguments, builds the settings, embedder and store, runs
the pipeline with a progress bar and prints the summary. Exit status: 0 when every
file was ingested, 1 when some were skipped, 2 when nothing could be done.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.errors import NetwerkwijzerError
from assistant.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Clean, chunk and embed documents (.txt .md .pdf .docx) into the index.",
    )
    parser.add_argument("paths", nargs="*", type=Path,
                        help="files or folders (default: the corpus folder, NETWERKWIJZER_CORPUS_DIR)")
    parser.add_argument("--rebuild", action="store_true",
                        help="delete the index and build it again (e.g. after changing the model)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--collection", default=None,
                        help="collection id to put these documents in (default: where each already is; "
                             "new ones in 'bronnen', Bronnen Netwerkmozaïek)")
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        settings = Settings.from_env()
        if args.collection is not None:
            from assistant.documents.collections import CollectionRegistry

            CollectionRegistry.for_settings(settings).check(args.collection)
        report = ingest(settings, args.paths or [settings.corpus_dir], rebuild=args.rebuild,
                        show_progress=not args.quiet, collection=args.collection)
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 1 if report.failed else 0


def ingest(settings: Settings, paths: list[Path], *, rebuild: bool = False,
           show_progress: bool = True, collection: str | None = None):
    """Build embedder and store from settings and run the pipeline (also used by app.py)."""
    from tqdm import tqdm

    from assistant.embeddings import make_embedder
    from assistant.store import Store
    from ingest import pipeline

    embedder = make_embedder(settings)
    store = Store.open_for_writing(settings, embedder.model_id, embedder.dimension, rebuild=rebuild)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not show_progress or total == 0:
            return
        if bar is None:
            bar = tqdm(total=total, desc="Embedding", unit="chunk", file=sys.stderr)
        bar.n = done
        bar.refresh()

    try:
        report = pipeline.run(paths, store, embedder, progress=progress, collection=collection,
                              max_file_mb=settings.max_file_mb)
        save_search_snapshot(settings, store)
        return report
    finally:
        if bar is not None:
            bar.close()


def save_search_snapshot(settings: Settings, store) -> None:
    """Where the app will search through Chroma (a large library), bring the search snapshot
    (catalogue, BM25, moments) up to date now, so no app process has to at its start."""
    from assistant.retrieval import snapshot
    from assistant.retrieval.index import index_kind

    if index_kind(store, settings) == "chroma":
        snapshot.current(store, snapshot.folder_for(settings))


if __name__ == "__main__":
    sys.exit(main())
