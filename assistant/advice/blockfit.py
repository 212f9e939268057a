"""How much a passage's sentences are about one building block, from stored vectors only.

Each sentence window of a passage (two adjacent sentences, stored at ingest) has a cosine
to every block's explanation (``BlockTexts.explanations``). Those seven cosines differ by
hundredths, so a block's *fit* is how far its cosine stands out among the seven, in
standard deviations: above 1, the window is about this block more than about most others.
Advice uses it to keep a first step on the chosen blocks (``compose``); Lesmateriaal to
choose quotes and a practice case that are about the block (``ui.handout``). Nothing is
embedded at request time.
"""

from __future__ import annotations

import numpy as np

from assistant.text.sentences import split_sentences


def standing(cosines: np.ndarray | None, pull: np.ndarray) -> np.ndarray | None:
    """Per window: how far the blocks ``pull`` weighs stand out among the seven, in standard
    deviations. ``cosines``: one row per block, one column per window
    (``Retriever.window_cosines`` of the explanations)."""
    if cosines is None:
        return None
    return pull @ ((cosines - cosines.mean(axis=0)) / np.maximum(cosines.std(axis=0), 1e-6))


class SentenceFit:
    """The fit of a block to the sentences of passages, one passage's windows looked up once."""

    def __init__(self, retriever, texts, block: str):
        self.retriever = retriever
        self.texts = texts
        self.pull = np.array([1.0 if n == block else 0.0 for n in texts.names])
        self._windows: dict[str, tuple[list[str], np.ndarray | None]] = {}

    def _of(self, chunk_id: str) -> tuple[list[str], np.ndarray | None]:
        if chunk_id not in self._windows:
            chunk = self.retriever.chunk(chunk_id)
            if chunk is None:
                self._windows[chunk_id] = ([], None)
            else:
                plain = [" ".join(chunk.text[a:b].split()) for a, b in split_sentences(chunk.text)]
                fit = standing(self.retriever.window_cosines(self.texts.explanations, chunk), self.pull)
                self._windows[chunk_id] = (plain, fit)
        return self._windows[chunk_id]

    def __call__(self, chunk_id: str, sentence: str) -> float | None:
        """The best fit of the windows holding ``sentence`` (the two around it); None when
        the passage has no windows or the sentence is not found in it."""
        plain, fit = self._of(chunk_id)
        if fit is None or not len(fit):
            return None
        want = " ".join(sentence.split())
        i = next((k for k, s in enumerate(plain) if s == want or (len(want) > 20 and want in s)
                  or (len(s) > 20 and s in want)), None)
        if i is None:
            return None
        near = [j for j in (i - 1, i) if 0 <= j < len(fit)]
        return float(max(fit[j] for j in near)) if near else None
