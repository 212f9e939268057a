"""Features of a (situation, building block) pair, for the fitted block selection.

Per block: e5 similarity of the situation to the block's tagline, explanation, its
sentences, questions and links (the best and the mean of the best three), each also
relative to the mean over the seven blocks (e5 cosines of related texts lie close
together; the differences carry the signal); lexical cues (the share of the
situation's stems found in the block's text, stems sharing a prefix, and the block's
cue stems, see ``blocktexts``); the network's phase (``situation.phases``), one
weight per block and phase; a bias per block; and the three relative features that carry
most (``PER_BLOCK``) once more with a weight per block. Last, ``LEARNED``: the score of a
classifier per block over the situation's own vector, fitted on the labelled situations
(``fit.embedding_classifier``; ``with_learned`` adds it and its relative to the mean).
"""

from __future__ import annotations

import numpy as np

from assistant.advice.blocktexts import PREFIX, BlockTexts
from assistant.advice.cues import cue_count
from assistant.advice.situation import PHASES

# the relative features that carry most, each also with a weight of its own per block (a
# cue or a likeness to the explanation can say more for one block than for another)
PER_BLOCK = ("lex_rel:lexicon", "dense_rel:explanation", "dense_rel:question_top3")
DENSE = ("tagline", "explanation", "sentence_max", "sentence_top3", "question_max",
         "question_top3", "link_max")
LEXICAL = ("stem_share", "prefix_share", "cue", "lexicon")
LEARNED = ("learned:score", "learned_rel:score")


def names(blocks: list[str]) -> list[str]:
    out = [f"dense:{d}" for d in DENSE] + [f"dense_rel:{d}" for d in DENSE]
    out += [f"lex:{x}" for x in LEXICAL] + [f"lex_rel:{x}" for x in LEXICAL]
    out += [f"bias:{b}" for b in blocks]
    out += [f"phase:{p}:{b}" for p in PHASES if p != "loopt" for b in blocks]
    out += [f"block:{f}:{b}" for f in PER_BLOCK for b in blocks]
    return out + list(LEARNED)


def _top(values: np.ndarray, k: int = 3) -> float:
    if not len(values):
        return 0.0
    return float(np.mean(np.sort(values)[-k:]))


def with_learned(x: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """``matrix``'s rows (blocks) with the classifier's score per block and its difference
    to the mean over the blocks as the last two columns (``LEARNED``)."""
    learned = np.asarray(learned, dtype=float)
    return np.hstack([x, learned[:, None], (learned - learned.mean())[:, None]])


def matrix(texts: BlockTexts, q_vec: np.ndarray, q_stems: list[str],
           phase_flags: dict[str, bool], text: str = "") -> np.ndarray:
    """One row per block (in ``texts.names`` order), columns as ``names`` without ``LEARNED``."""
    sims = np.einsum("ij,j->i", texts.vectors, q_vec)
    dense = np.zeros((len(texts.names), len(DENSE)))
    lex = np.zeros((len(texts.names), len(LEXICAL)))
    stems = set(q_stems)
    prefixes = {s[:PREFIX] for s in stems if len(s) >= PREFIX}
    for r, b in enumerate(texts.names):
        sent = sims[texts.rows(b, "sentence")]
        quest = np.concatenate([sims[texts.rows(b, "key")], sims[texts.rows(b, "deeper")]])
        link = sims[texts.rows(b, "link")]
        dense[r] = [float(sims[texts.rows(b, "tagline")].max(initial=0.0)),
                    float(sims[texts.rows(b, "explanation")].max(initial=0.0)),
                    float(sent.max(initial=0.0)), _top(sent), float(quest.max(initial=0.0)),
                    _top(quest), float(link.max(initial=0.0))]
        n = max(len(stems), 1)
        lex[r] = [len(stems & texts.stems[b]) / n,
                  len(prefixes & texts.prefixes[b]) / max(len(prefixes), 1),
                  sum(texts.cues[b].get(s, 0.0) for s in stems) / np.sqrt(n),
                  float(cue_count(text, b))]
    k = len(texts.names)
    onehot = np.eye(k)
    phase_cols = [onehot * float(phase_flags.get(p, False)) for p in PHASES if p != "loopt"]
    rel = {f"dense_rel:{d}": col for d, col in zip(DENSE, (dense - dense.mean(axis=0)).T, strict=True)}
    rel |= {f"lex_rel:{x}": col for x, col in zip(LEXICAL, (lex - lex.mean(axis=0)).T, strict=True)}
    block_cols = [onehot * rel[f][:, None] for f in PER_BLOCK]
    return np.hstack([dense, dense - dense.mean(axis=0), lex, lex - lex.mean(axis=0), onehot,
                      *phase_cols, *block_cols])
