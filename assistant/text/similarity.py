"""Whether two texts say the same, on letters only: the primitives ``ingest.dedup``
collapses duplicate passages with and retrieval uses to keep one of two near-identical
hits.

* :func:`shingles`: the letter 7-grams of a text (case, digits, spaces and punctuation
  dropped). Shingles on letters only survive OCR's typical damage (``prohlemen``,
  ``samenwerkmg``);
* :func:`containment`: the share of one shingle set found in another;
* :func:`same_passage`: two passages say the same, sentence by sentence, numbers and
  names included (see ``ingest.dedup`` for the full rule and its thresholds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.sentences import split_sentences

SHINGLE = 7
CONTAINMENT = 0.6  # share of a sentence's shingles found in its aligned text to match it
COVERAGE = 0.8  # share of a passage's letters in matched sentences for it to be the same

# a figure: digits with thousands/decimal separators, optionally an ordinal ("2e"), not
# glued to a letter before it nor to a symbol OCR makes of bullets and rules after it
_NUMBER_RE = re.compile(r"(?<![^\W\d_])\d+(?:[.,]\d+)*(?=[a-z]{0,3}(?![\w<>|~^*#=\\]))")
WORD_RE = re.compile(r"[^\W\d_][^\W\d_’'-]*")


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    letters = re.sub(r"[^a-z]", "", text.casefold())
    return {letters[i : i + n] for i in range(max(0, len(letters) - n + 1))}


def containment(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def numbers(text: str) -> set[str]:
    """The figures in ``text``, separators removed ("5.000" and "5,000" read alike)."""
    return {re.sub(r"[.,]", "", m.group(0)) for m in _NUMBER_RE.finditer(text)}


def names(sentence: str) -> list[str]:
    """Capitalised words that do not open the sentence (a sentence's first word is
    capitalised whatever it is), casefolded."""
    words = WORD_RE.findall(sentence)
    return [w.casefold() for w in words[1:] if w[0].isupper()]


def same_passage(a: str, b: str) -> bool:
    """Whether two passages say the same, numbers and names included (either way round)."""
    sa, sb = Passage(a), Passage(b)
    return verify(sa, sb.sentences) and verify(sb, sa.sentences)


@dataclass(frozen=True)
class Sentence:
    text: str
    shingles: frozenset[str]
    numbers: frozenset[str]
    names: tuple[str, ...]
    letters: int


class Passage:
    """A passage's sentences with what comparing them needs."""

    def __init__(self, text: str):
        self.sentences = []
        for a, b in split_sentences(text):
            s = text[a:b]
            self.sentences.append(Sentence(
                s, frozenset(shingles(s)), frozenset(numbers(s)), tuple(names(s)),
                sum(ch.isalpha() for ch in s)))


def verify(passage: Passage, region: list[Sentence]) -> bool:
    """Does ``region`` say everything ``passage`` says? Its matched sentences must hold
    ``COVERAGE`` of its letters, and no sentence may match in text but differ in a
    number or a name (see ``ingest.dedup``)."""
    if not region:
        return False
    region_numbers = frozenset().union(*(r.numbers for r in region))
    matched = total = 0
    for s in passage.sentences:
        if not s.shingles:  # too short to compare by text ("3.", "Ja."): only its figures count
            if not s.numbers <= region_numbers:
                return False
            continue
        total += s.letters
        overlaps = [len(s.shingles & r.shingles) for r in region]
        best = max(range(len(region)), key=overlaps.__getitem__)
        # the aligned text: the best sentence, and any that lie mostly inside this one
        # (a copy may split a sentence where the other did not)
        span = [r for r, n in zip(region, overlaps, strict=True)
                if r is region[best] or (r.shingles and n >= 0.5 * len(r.shingles))]
        span_shingles = frozenset().union(*(r.shingles for r in span))
        if containment(set(s.shingles), set(span_shingles)) < CONTAINMENT:
            continue  # not in the other copy (or damaged beyond recognition)
        span_numbers = frozenset().union(*(r.numbers for r in span))
        span_words = {w.casefold() for r in span for w in WORD_RE.findall(r.text)}
        if not s.numbers <= span_numbers:
            return False  # same wording, other figures: a different fact
        if not all(_close_to_any(name, span_words) for name in s.names):
            return False  # same wording, other place or person
        matched += s.letters
    return total > 0 and matched >= COVERAGE * total


def _close_to_any(word: str, words: set[str]) -> bool:
    if word in words:
        return True
    limit = 1 if len(word) <= 6 else 2
    return any(abs(len(w) - len(word)) <= limit and _edit_distance(word, w, limit) <= limit
               for w in words)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
