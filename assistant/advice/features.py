"""Features of a (situation, building block) pair, for the fitted block selection.

Per block, each relative to the mean over the seven blocks (e5 cosines of related texts
lie close together; the differences carry the signal):
- the e5 similarity of the situation to the block's explanation;
- the mean of its three best similarities to the block's key and deeper questions;
- how many of the block's cue words (``cues``) the situation holds;
a bias per block; and ``LEARNED``: the score of a classifier per block over the
situation's own vector, fitted on the labelled situations (``fit.embedding_classifier``;
``with_learned`` adds it and its relative).

Measured by ``benchmarks/bench_block_selection.py`` (5-fold CV on the 172 train situations,
3 shuffles, with the classifier): this set 0.657 / 0.662 (precision / recall); the larger
one it replaced (absolute values too, similarity to the tagline, sentences and links, word
and prefix overlap, the network's phase, per-block weights) 0.637 / 0.657.
"""

from __future__ import annotations

import numpy as np

from assistant.advice.blocktexts import BlockTexts
from assistant.advice.cues import cue_count

RELATIVE = ("dense_rel:explanation", "dense_rel:question_top3", "lex_rel:lexicon")
LEARNED = ("learned:score", "learned_rel:score")


def names(blocks: list[str]) -> list[str]:
    return [*RELATIVE, *(f"bias:{b}" for b in blocks), *LEARNED]


def _top(values: np.ndarray, k: int = 3) -> float:
    if not len(values):
        return 0.0
    return float(np.mean(np.sort(values)[-k:]))


def matrix(texts: BlockTexts, q_vec: np.ndarray, text: str) -> np.ndarray:
    """One row per block (in ``texts.names`` order), columns as ``names`` without ``LEARNED``."""
    sims = np.einsum("ij,j->i", texts.vectors, q_vec)
    raw = np.array([[float(sims[texts.rows(b, "explanation")].max(initial=0.0)),
                     _top(np.concatenate([sims[texts.rows(b, "key")], sims[texts.rows(b, "deeper")]])),
                     float(cue_count(text, b))] for b in texts.names])
    return np.hstack([raw - raw.mean(axis=0), np.eye(len(texts.names))])


def with_learned(x: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """``matrix``'s rows (blocks) with the classifier's score per block and its difference
    to the mean over the blocks as the last two columns (``LEARNED``)."""
    learned = np.asarray(learned, dtype=float)
    return np.hstack([x, learned[:, None], (learned - learned.mean())[:, None]])
