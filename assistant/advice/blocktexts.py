"""The Netwerkmozaïek's own texts, embedded once: what block selection, reasons and
question ranking compare a situation with.

Per block: the tagline, the explanation (whole and sentence by sentence), the key and
deeper questions and the 'Stem af met' links, each with its vector, plus the block's
word stems and its *cue stems* (stems that occur in the text of at most two of the
seven blocks, weighted by rarity among the blocks). Everything is derived from the
mozaiek itself, never from statistics of the rest of the library, so it holds as the
library grows.

``block_texts(assistant)`` builds this once per Assistant (thread-safe) and keeps it in
the Assistant's ``advice_cache`` (a :class:`BlockTextsCache`, one per reader's view);
the vectors are also cached in the data folder, so a restart does not embed them again.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from assistant.text.sentences import split_sentences

log = logging.getLogger(__name__)
CUE_MAX_BLOCKS = 2  # a stem in the text of more blocks than this is no cue for one of them


@dataclass(frozen=True)
class Piece:
    """One text of a block: kind is tagline | explanation | sentence | key | deeper | link."""

    block: str
    kind: str
    text: str
    chunk_id: str = ""
    target: str = ""  # links: the block linked to


@dataclass
class BlockTexts:
    names: list[str]
    taglines: dict[str, str]
    pieces: list[Piece]
    vectors: np.ndarray  # one row per piece
    stems: dict[str, set[str]]
    cues: dict[str, dict[str, float]]  # block → cue stem → weight
    model_id: str = ""
    _rows: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)

    def rows(self, block: str, kind: str) -> np.ndarray:
        key = (block, kind)
        if key not in self._rows:
            self._rows[key] = np.array([i for i, p in enumerate(self.pieces)
                                        if p.block == block and p.kind == kind], dtype=np.int64)
        return self._rows[key]

    @cached_property
    def explanations(self) -> np.ndarray:
        """One unit vector per block (in ``names`` order): the mean of its explanation's
        vectors (zero for a block without one)."""
        rows = []
        for n in self.names:
            own = self.rows(n, "explanation")
            v = self.vectors[own].mean(axis=0) if len(own) else np.zeros(self.vectors.shape[1])
            rows.append(v / max(float(np.linalg.norm(v)), 1e-12))
        return np.asarray(rows, dtype=np.float32)

    @cached_property
    def generic(self) -> np.ndarray:
        """Per piece: how close it stands to everything the mozaiek says (its mean cosine to
        the other pieces, less the mean of that over all pieces). A short question such as
        'Welke partners zijn er in het netwerk?' stands close to any situation; ranked by
        cosine alone it was the first Deelname question of half our advices."""
        n = len(self.pieces)
        if n < 2:
            return np.zeros(n, dtype=np.float32)
        sims = self.vectors @ self.vectors.T
        mean = (sims.sum(axis=1) - np.diag(sims)) / (n - 1)
        return (mean - mean.mean()).astype(np.float32)

    def of(self, block: str, *kinds: str) -> list[tuple[int, Piece]]:
        return [(i, p) for i, p in enumerate(self.pieces) if p.block == block and p.kind in kinds]


def gist(tagline: str, name: str = "") -> str:
    """'Zorg voor tastbare resultaten' → 'tastbare resultaten'; with the block's ``name`` a
    leading repeat of it goes too, so a reason reads 'Organisatie gaat over overleg, …'
    rather than 'Organisatie gaat over organisatie overleg, …'."""
    text = " ".join(tagline.split())
    text = text[len("Zorg voor "):] if text.casefold().startswith("zorg voor ") else text
    head = f"{name.casefold()} "
    if name and text.casefold().startswith(head) and len(text) > len(head):
        text = text[len(head):]
    return text


def build(mozaiek, embedder, analyzer, cache_dir: Path | None = None) -> BlockTexts:
    pieces: list[Piece] = []
    for b in mozaiek.blocks:
        pieces.append(Piece(b.name, "tagline", f"{b.name}: {b.tagline}"))
        explanation = [b.explanation, *b.explanation_more]
        pieces.append(Piece(b.name, "explanation",
                            f"{b.name}. " + " ".join(" ".join(i.text.split()) for i in explanation),
                            b.explanation.chunk_id))
        for item in explanation:
            for s, e in split_sentences(item.text):
                sentence = " ".join(item.text[s:e].split())
                if len(sentence.split()) >= 5:
                    pieces.append(Piece(b.name, "sentence", item.text[s:e].strip(), item.chunk_id))
        pieces += [Piece(b.name, "key", q.text, q.chunk_id) for q in b.key_questions]
        pieces += [Piece(b.name, "deeper", q.text, q.chunk_id) for q in b.deeper_questions]
        pieces += [Piece(b.name, "link", link.text, link.chunk_id, link.target) for link in b.links]
    vectors = _embed([" ".join(p.text.split()) for p in pieces], embedder, cache_dir)
    names = [b.name for b in mozaiek.blocks]
    stems = {n: set() for n in names}
    for p in pieces:
        stems[p.block].update(analyzer(p.text))
    df: dict[str, int] = {}
    for n in names:
        for s in stems[n]:
            df[s] = df.get(s, 0) + 1
    cues = {n: {s: 1.0 / df[s] for s in stems[n] if df[s] <= CUE_MAX_BLOCKS} for n in names}
    return BlockTexts(names, {b.name: b.tagline for b in mozaiek.blocks}, pieces, vectors,
                      stems, cues, getattr(embedder, "model_id", ""))


def _embed(texts: list[str], embedder, cache_dir: Path | None) -> np.ndarray:
    """Passage vectors of ``texts``; read from / written to ``cache_dir`` when given."""
    key = hashlib.sha256("\x1e".join([getattr(embedder, "model_id", ""), *texts]).encode()).hexdigest()
    path = Path(cache_dir) / f"advice-blocktexts-{key[:16]}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return vectors
        except (OSError, ValueError):
            log.warning("Unreadable advice vector cache %s; embedding again.", path)
    vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        except OSError:
            log.warning("Could not write the advice vector cache %s.", path)
    return vectors


class BlockTextsCache:
    """One BlockTexts, built on first use: once, also under concurrent calls. The
    Assistant holds one (``advice_cache``); a reader's view gets its own, as the block
    texts are the mozaiek's and a view may not read it."""

    def __init__(self) -> None:
        self._value: BlockTexts | None = None
        self._lock = threading.Lock()

    def get(self, build_texts: Callable[[], BlockTexts]) -> BlockTexts:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = build_texts()
        return self._value


def block_texts(assistant) -> BlockTexts:
    """The assistant's BlockTexts, from its ``advice_cache``."""
    def build_texts() -> BlockTexts:
        data_dir = getattr(getattr(assistant, "settings", None), "data_dir", None)
        return build(assistant.mozaiek(), assistant.retriever.embedder, assistant.retriever.lexical.analyzer,
                     Path(data_dir) / "cache" if data_dir else None)

    return assistant.advice_cache.get(build_texts)
