"""Where a cleaned passage is not one stretch of the source file.

Cleaning joins a sentence that a page break cut in two, and drops the running header
between the halves ("Maar het is | <header> | belangrijk om dit offer te brengen"). The
passage reads right, but a quote of that sentence is not word for word in the file. We
record those places (*seams*, character offsets in the passage) at ingest, and a
citation marks them with " … ", so every part of a quote is verbatim in the source.

Matching is on folded words (case, accents and punctuation ignored; a word hyphenated
over a line end counts either way), as a reader checking the quote would.
"""

from __future__ import annotations

import re

from assistant.text.fold import fold

_WORD = re.compile(r"\w+")
_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def fold_source(raw: str) -> str:
    """The source's folded words, in both readings of a line-end hyphen."""
    def words(text: str) -> str:
        return " ".join(fold(m.group()) for m in _WORD.finditer(text))

    joined = _LINE_HYPHEN.sub(r"\1\2", raw)
    return f" {words(joined)} | {words(raw)} "


def seams(text: str, folded_source: str) -> tuple[int, ...]:
    """Offsets in ``text`` where it stops being one stretch of the source: each is the
    start of a word that does not follow the word before it in the source."""
    tokens = [(fold(m.group()), m.start()) for m in _WORD.finditer(text)]
    out: list[int] = []
    i = 0
    while i < len(tokens):
        # the longest run of words from i that the source holds as it stands
        lo, hi = i + 1, len(tokens)
        if not _holds(tokens, i, lo, folded_source):
            i += 1  # a word cleaning changed (a repaired OCR error): no seam for it alone
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _holds(tokens, i, mid, folded_source):
                lo = mid
            else:
                hi = mid - 1
        if lo < len(tokens):
            out.append(tokens[lo][1])
        i = lo
    return tuple(out)


def _holds(tokens, i: int, j: int, folded_source: str) -> bool:
    return f" {' '.join(t for t, _ in tokens[i:j])} " in folded_source


def mark(quote: str, passage: str, cuts: tuple[int, ...]) -> str:
    """``quote`` (parts of ``passage`` joined by " … ") with " … " at the seams inside it."""
    if not cuts:
        return quote
    parts = []
    for part in quote.split(" … "):
        at = passage.find(part)
        inner = [c - at for c in cuts if at >= 0 and at < c < at + len(part)]
        pieces, prev = [], 0
        for c in inner:
            pieces.append(part[prev:c].strip())
            prev = c
        pieces.append(part[prev:].strip())
        parts.append(" … ".join(p for p in pieces if p))
    return " … ".join(parts)


def encode(cuts: tuple[int, ...]) -> str:
    return ",".join(str(c) for c in cuts)


def decode(value: object) -> tuple[int, ...]:
    if not isinstance(value, str) or not value:
        return ()
    try:
        return tuple(int(v) for v in value.split(","))
    except ValueError:
        return ()
