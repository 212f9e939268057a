"""The one fold for comparing words: case and accents ignored, so 'Ideeën', 'ideeen'
(as OCR writes it) and 'IDEEËN' read as the same word."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=200_000)  # the same words are folded again and again while an answer is drafted
def fold(text: str) -> str:
    """Lowercase without diacritics (casefold, then NFKD with the combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
