"""The one Dutch sentence splitter: text → character spans of its sentences.

Ingest cuts long paragraphs between these sentences (``ingest.chunk``) and compares
duplicate passages sentence by sentence (``ingest.dedup``); the answer and advice
layers quote and rank the same sentences, so a quote never starts or ends where
chunking saw no sentence boundary.

A period ends a sentence only when the next word starts with a capital or a digit and
the word before it is no abbreviation: listed ones ("dhr.", "bijv.", "nr.") or dotted
letters and initials by their shape ("o.a.", "d.w.z.", "P."). A list number opening a
line ("1. Voeren partners …") is no sentence either. Line breaks always end a sentence
(headings, list items).

Why not pysbd (0.3.4, ``Segmenter(language="nl", clean=False, char_span=True)``, run line
by line), measured 2026-11 on the five cleaned corpus documents (233k characters): it
fails 5 of the splitter tests in ``tests/test_chunk.py`` (it cuts after "bijv.", "dhr.",
"mevr.", "prof.", "dr.", "drs.", "Wst." and "St." before a capital); only 2,086 of our
2,501 sentences come out identical (0.83); and it takes 52 s where this takes 0.3 s. A
retrieval run with it was not worth making after that.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Abbreviations after which a period does not end a sentence (lower case, no final dot);
# also used by ``ingest.clean`` to join lines. Dotted letter sequences ("o.a.", "d.w.z.",
# "i.p.v.") and initials ("P.") are recognised by their shape (``DOTTED_RE``) and need
# not be listed. "etc." and "enz." are left out: they often do end a sentence.
ABBREVIATIONS = frozenset(
    """
    bijv bv dhr mevr mw mr drs dr prof ir ing ds jhr st wst ca nr nrs resp evt incl
    excl vs jl blz pag hfst art afd tel fig zgn ong max min co mln mld jr sr
    """.split()
)
DOTTED_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]|[^\W\d_]")  # "o.a", "d.w.z", "P"

_TERMINATOR_RE = re.compile(r"(?:\.\.\.|[.!?…])+[”’\"'»)\]]*")
_OPENERS = "“‘\"'([«"


def _is_boundary(text: str, end_punct: int, after: int, sentence_start: int) -> bool:
    """Is there a sentence boundary after the terminator ending at ``after``?
    ``end_punct`` is the index of the terminator's first character."""
    rest = text[after:after + 80]  # a bounded look around keeps splitting linear
    gap = len(rest) - len(rest.lstrip())
    if gap == 0 and rest:
        return False  # "3.0", "R.,": no space after the period
    if not rest.strip():
        return True
    if "\n" in rest[:gap]:
        return True
    nxt = rest[gap:]
    first = nxt.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False  # "?” vroeg hij", "bijv. de gemeente"
    if text[end_punct] != "." or text[end_punct: end_punct + 3] == "...":
        return True
    token = re.search(r"[^\s(“‘\"'\[]*$", text[max(0, end_punct - 40):end_punct]).group(0)
    if token.casefold() in ABBREVIATIONS or DOTTED_RE.fullmatch(token):
        return False  # "dhr. Kenis", "o.a. Tilburg", "P. Kenis"
    if token.isdigit() and not text[sentence_start:end_punct - len(token)].strip(" •–-"):
        return False  # "1. Voeren partners ..." — a list number, not a sentence end
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace trimmed), covering every
    non-space character. Line breaks always end a sentence (headings, list items).
    The spans of the last few thousand passages are kept: an advice splits the same found
    passages for its first step, its source lines and its practice example (26,870 splits
    for 134 advices, a quarter of their time). Longer texts are not kept, so the cache
    stays small whatever is split."""
    return list(_split_cached(text)) if len(text) <= _CACHED_UP_TO else _split(text)


_CACHED_UP_TO = 10_000  # characters: a passage, not a whole document


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_split(text))


def _split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _TERMINATOR_RE.finditer(text, line.start(), line.end()):
            if _is_boundary(text, m.start(), m.end(), start):
                spans.append((start, m.end()))
                start = m.end()
        spans.append((start, line.end()))
    out = []
    for a, b in spans:
        segment = text[a:b]
        a2 = a + len(segment) - len(segment.lstrip())
        b2 = b - (len(segment) - len(segment.rstrip()))
        if a2 < b2:
            out.append((a2, b2))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`split_sentences`)."""
    return [text[a:b] for a, b in split_sentences(text)]


_STATEMENT_END = re.compile(r"[.!…][”’\"')]*$")
_QUESTION_END = re.compile(r"\?[”’\"')]*$")


_LEAD_IN_END = re.compile(r":[”’\"')]*\s*$")


def ends_as_lead_in(sentence: str) -> bool:
    """Ends in a colon: the lead-in to a list ('De aanpak kende drie peilers:'), whose
    members follow."""
    return _LEAD_IN_END.search(sentence) is not None


_ITEM_NUMBER = re.compile(r"(\d{1,2})[.)]\s")


def item_number(text: str, pos: int = 0) -> int:
    """The number a list item opens with at ``pos`` ('1. Opgave. …', '2) Is er …'), or 0.
    The chunker keeps a numbered list with its lead-in together; the answer layer quotes it."""
    m = _ITEM_NUMBER.match(text, pos)
    return int(m.group(1)) if m else 0


def ends_as_statement(sentence: str) -> bool:
    """Ends as a told sentence does ('.', '!', '…', a closing quote after it): not a title,
    a byline, a caption, a list lead-in (':') or a question."""
    return bool(_STATEMENT_END.search(sentence.strip()))


def ends_as_question(sentence: str) -> bool:
    return bool(_QUESTION_END.search(sentence.strip()))
