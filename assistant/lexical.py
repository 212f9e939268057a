"""Dutch lexical retrieval: BM25 (bm25s) over Snowball-stemmed, stop-word-free tokens,
with compound splitting so ``corporatie`` finds ``woningcorporaties``.

Dutch glues nouns together (``organisatienetwerk``, ``netwerksamenwerking``). We
split a compound when one of its ends is itself a word of the corpus vocabulary
(index side), and expand a query word the corpus never uses on its own to the
corpus words that begin or end with it (query side). Built once per process from
the stored chunks; a query only computes scores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

MIN_PART = 5  # shorter compound parts ('werk', 'zorg') are too ambiguous to split on
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

    # question words and auxiliary verbs: they say what kind of question it is, not what about
    extra = {"wel", "echter", "hoe", "wat", "waarom", "welke", "wie", "waar", "wanneer", "zegt",
             "volgens", "gaat", "gaan", "hoeveel", "moeten", "moet", "kunnen", "kan", "willen",
             "wil", "zullen", "zal", "hele", "heel", "komen", "komt", "doen", "does", "what",
             "which", "how", "why", "who", "should", "could", "would",
             # pronouns and particles the bm25s list lacks
             "onze", "ons", "we", "wij", "jullie", "jouw", "uw", "hun", "hen", "mijn", "zij",
             "af", "erin", "eruit", "erop", "daarmee", "daarvan", "hierbij", "hiervan"}
    return frozenset(_fold(w) for w in (*STOPWORDS_DUTCH, *STOPWORDS_EN, *extra))


def _fold(text: str) -> str:
    """Lowercase without diacritics: 'ideeën' and OCR's 'ideeen' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Analyzer:
    """Text → stemmed tokens (no stop words). Stateless apart from the stemmer."""

    def __init__(self) -> None:
        import Stemmer

        self._stemmer = Stemmer.Stemmer("dutch")
        self._stop = _stopwords()

    def words(self, text: str) -> list[str]:
        return [w for w in _WORD.findall(_fold(text)) if w not in self._stop and len(w) > 1]

    def __call__(self, text: str) -> list[str]:
        return self._stemmer.stemWords(self.words(text))


class LexicalIndex:
    """BM25 over a fixed list of texts; ``scores(query)`` gives one score per text."""

    def __init__(self, texts: Sequence[str], analyzer: Analyzer | None = None) -> None:
        import bm25s

        self.analyzer = analyzer or Analyzer()
        plain = [self.analyzer(t) for t in texts]
        self.vocab = frozenset(tok for toks in plain for tok in toks)
        docs = [toks + self._compound_parts(toks) for toks in plain]
        self._n = len(texts)
        self._bm25 = bm25s.BM25()
        if self._n:
            self._bm25.index(docs, show_progress=False)
        self._df: dict[str, int] = {}
        for toks in docs:
            for tok in set(toks):
                self._df[tok] = self._df.get(tok, 0) + 1

    def __len__(self) -> int:
        return self._n

    def query_terms(self, query: str) -> list[str]:
        """The query's tokens plus, for words the corpus never uses alone, the corpus
        words that contain them as a compound part."""
        terms = []
        for tok in self.analyzer(query):
            terms.append(tok)
            if tok not in self.vocab and len(tok) >= MIN_PART:
                terms.extend(sorted(v for v in self.vocab if v != tok and
                                    (v.endswith(tok) or v.startswith(tok))))
        return terms

    def scores(self, query: str) -> np.ndarray:
        if not self._n:
            return np.zeros(0, dtype=np.float32)
        terms = [t for t in self.query_terms(query) if t in self._df]
        if not terms:
            return np.zeros(self._n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms get the highest value."""
        df = self._df.get(term, 0)
        return float(np.log(1 + (self._n - df + 0.5) / (df + 0.5)))

    def _compound_parts(self, tokens: list[str]) -> list[str]:
        parts: list[str] = []
        for tok in tokens:
            parts.extend(split_compound(tok, self.vocab))
        return parts


def split_compound(token: str, vocab: frozenset[str]) -> list[str]:
    """Known words at either end of a compound: 'woningcorporatie' → ['corporatie', 'woning']."""
    found: list[str] = []
    if len(token) < 2 * MIN_PART - 1:
        return found
    for i in range(3, len(token) - MIN_PART + 1):
        right = token[i:]
        if right in vocab and right != token:
            found.append(right)
    for i in range(MIN_PART, len(token) - 2):
        left = token[:i]
        # linking -s- / -e- between parts: 'organisatie·s·netwerk'
        for cand in (left, left[:-1] if left[-1:] in ("s", "e") else None):
            if cand and len(cand) >= MIN_PART and cand in vocab and cand != token:
                found.append(cand)
    return found
