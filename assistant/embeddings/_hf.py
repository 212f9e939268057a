"""Small shims over Hugging Face libraries, kept in one place because they change fast.

Everything here imports torch / transformers / sentence-transformers lazily, so that
importing ``assistant.embeddings`` stays cheap and free of side effects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def quiet_progress() -> Iterator[None]:
    """Hide transformers' per-call progress bars ("Loading weights", "Writing model
    shards") while a model is loaded or saved; the previous setting comes back after."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def st_modules() -> tuple[Any, Any, Any]:
    """(Transformer, Pooling, Normalize) from sentence-transformers 6 or 5."""
    try:
        from sentence_transformers.sentence_transformer.modules import (
            Normalize,
            Pooling,
            Transformer,
        )
    except ImportError:  # sentence-transformers 5
        from sentence_transformers.models import Normalize, Pooling, Transformer
    return Transformer, Pooling, Normalize


def embedding_dimension(model: Any) -> int:
    """The output dimension; the method was renamed in sentence-transformers 6 and the
    old name warns there."""
    getter = getattr(model, "get_embedding_dimension", None)
    if getter is None:
        getter = model.get_sentence_embedding_dimension
    return int(getter())
