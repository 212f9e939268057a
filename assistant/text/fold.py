"""The one fold for comparing words: case and accents ignored, so 'Ideeën', 'ideeen'
(as OCR writes it) and 'IDEEËN' read as the same word."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CACHED_UP_TO = 40  # characters: single words are folded again and again while an answer is drafted


def fold(text: str) -> str:
    """Lowercase without diacritics (casefold, then NFKD with the combining marks dropped).
    A word is folded once and remembered; a whole passage (ingest folds every one) is not
    kept, so the cache stays small whatever the library's size."""
    return _fold_word(text) if len(text) <= _CACHED_UP_TO else _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_fold_word = lru_cache(maxsize=100_000)(_fold)
