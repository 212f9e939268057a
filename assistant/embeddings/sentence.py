"""Any sentence-transformers model (a local folder or a hub name) as an ``Embedder``.

Prompts decide whether e5-style models work at all: without ``query: `` / ``passage: ``
e5 retrieves noticeably worse. They come from, in this order: the arguments, the
prompts the model folder configures (``query``; ``passage`` or ``document``), the e5
convention when the name says e5, else none.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from assistant.errors import ModelError
from assistant.settings import DEFAULT_EMBED_MODEL, env_var

E5_PROMPTS = ("query: ", "passage: ")


def resolve_prompts(
    name: str,
    configured: Mapping[str, str | None],
    query_prompt: str | None = None,
    passage_prompt: str | None = None,
) -> tuple[str, str]:
    """(query prompt, passage prompt). ``None`` means "not given"; ``""`` means none."""
    own = {key: value for key, value in configured.items() if value}
    if "query" in own or "passage" in own or "document" in own:
        default = (own.get("query", ""), own.get("passage") or own.get("document", ""))
    elif "e5" in name.lower():
        default = E5_PROMPTS
    else:
        default = ("", "")
    return (
        default[0] if query_prompt is None else query_prompt,
        default[1] if passage_prompt is None else passage_prompt,
    )


class SentenceTransformerEmbedder:
    def __init__(
        self,
        model_name_or_path: str,
        model_id: str,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        batch_size: int = 16,
        show_progress: bool = False,
    ):
        from assistant.embeddings._hf import embedding_dimension

        self.model = load_sentence_transformer(str(model_name_or_path))
        self.model_id = model_id
        self.dimension = embedding_dimension(self.model)
        self.query_prompt, self.passage_prompt = resolve_prompts(
            str(model_name_or_path), self.model.prompts or {}, query_prompt, passage_prompt
        )
        self.batch_size = batch_size
        self.show_progress = show_progress

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self.query_prompt)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        # Longest first, so each batch pads to similar lengths; then back to input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        vectors = self._encode([texts[i] for i in order], self.passage_prompt)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            prompt=prompt or None,
            batch_size=self.batch_size,
            show_progress_bar=self.show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_sentence_transformer(name_or_path: str):
    """``SentenceTransformer(name_or_path)`` on the CPU, with failures as ``ModelError``."""
    from pathlib import Path

    from sentence_transformers import SentenceTransformer

    from assistant.embeddings._hf import quiet_progress

    fix = (
        f"Set {env_var('embed_model')} to a local sentence-transformers folder "
        f"or leave it unset for the built-in e5-small ({DEFAULT_EMBED_MODEL})."
    )
    path = Path(name_or_path).expanduser()
    looks_local = path.is_absolute() or name_or_path.startswith((".", "~")) or path.exists()
    if looks_local and not path.is_dir():
        raise ModelError(f"Cannot load embedding model '{name_or_path}': no such folder. {fix}")
    try:
        with quiet_progress():
            return SentenceTransformer(str(path) if looks_local else name_or_path, device="cpu")
    except (OSError, ValueError) as exc:
        where = (
            "the folder is not a readable sentence-transformers or transformers model"
            if looks_local
            else "not a local folder and the hub is unreachable or does not have it"
        )
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(
            f"Cannot load embedding model '{name_or_path}': {where} ({reason}). {fix}"
        ) from exc
