"""Which words of a question does the library never use?

A Dutch question about something the sources do not cover usually names it:
"certificering", "Omgevingswet", "opgeheven". Such a word occurs nowhere in the
library, not inflected (``interesseert`` ~ ``interessant``), derived (``denker`` ~
``denken``) or inside a compound (``corporatiedirecteuren`` = ``corporatie`` +
``directeuren``). ``answerability`` uses these words as one of three signals that
the sources lack the question's subject; a paraphrase also uses words the library
lacks, which is why the word alone decides nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from assistant.lexical import Analyzer

MIN_WORD = 4  # shorter words ('top', 'wet') match too much to say anything
MIN_PREFIX = 5  # shared beginning that makes two words forms of one another…
PREFIX_SHARE = 0.75  # …and at least this share of the question word
MIN_PART = 4  # compound parts: 'zorg' + 'netwerk'


class Vocabulary:
    def __init__(self, texts: Iterable[str], analyzer: Analyzer | None = None) -> None:
        self.analyzer = analyzer or Analyzer()
        words: set[str] = set()
        for text in texts:
            words.update(self.analyzer.words(text))
        self._words = frozenset(words)
        self._sorted = sorted(words)
        self._reversed = sorted(w[::-1] for w in words)

    def unknown(self, text: str) -> list[str]:
        """The content words of ``text`` that the library never uses in any form."""
        out: list[str] = []
        for word in self.analyzer.words(text):
            if len(word) >= MIN_WORD and word not in out and not self.knows(word):
                out.append(word)
        return out

    def knows(self, word: str) -> bool:
        if len(word) < MIN_WORD or self._is_form(word):
            return True
        if self._has_prefix(word) or self._has_suffix(word):
            return True  # part of a library compound: 'bouw' in 'bouwsteen'
        return self._is_compound(word)

    def _is_form(self, word: str) -> bool:
        """The word itself, or an inflected or derived form of a library word:
        'interesseert' ~ 'interessant', 'herkenbare' ~ 'herkenbaar'."""
        if word in self._words:
            return True
        need = max(MIN_PREFIX, round(PREFIX_SHARE * len(word)))
        return len(word) >= need and self._has_prefix(word[:need])

    def _is_compound(self, word: str) -> bool:
        """Glued from library words: 'corporatie' + 'directeuren', with a linking
        -s- or -e- allowed after the head ('organisatie·s·netwerk')."""
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:i], word[i:]
            head_known = head in self._words or (head[-1] in "se" and head[:-1] in self._words)
            if head_known and self._is_form(tail):
                return True
        return False

    def _has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def _has_suffix(self, suffix: str) -> bool:
        rev = suffix[::-1]
        i = bisect.bisect_left(self._reversed, rev)
        return i < len(self._reversed) and self._reversed[i].startswith(rev)
