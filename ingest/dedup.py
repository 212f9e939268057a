"""Near-duplicate passages across documents (e.g. an OCR scan of an interview we also
have clean) are detected here, so retrieval never shows the same passage twice.

A chunk is a duplicate of another document when most of its character shingles
occur in that document; shingles on letters only survive OCR's typical damage
(``prohlemen``, ``samenwerkmg``). Of two copies we keep the chunk from the
document the manifest calls the original (``duplicate_of``) or, failing that, the
one with less OCR noise (fewer words found nowhere else in the corpus). The kept
chunk records the other document in ``also_in``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

SHINGLE = 7
CONTAINMENT = 0.6


@dataclass(frozen=True)
class DocText:
    doc_id: str
    duplicate_of: str
    chunks: Sequence[tuple[str, str]]  # (chunk_id, text)


@dataclass(frozen=True)
class Duplicate:
    chunk_id: str
    doc_id: str
    kept_doc_id: str


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    letters = re.sub(r"[^a-z]", "", text.casefold())
    return {letters[i : i + n] for i in range(max(0, len(letters) - n + 1))}


def containment(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def find_duplicates(docs: Sequence[DocText]) -> list[Duplicate]:
    """Chunks to drop because a cleaner document holds the same passage."""
    doc_shingles = {d.doc_id: set().union(*(shingles(t) for _, t in d.chunks)) for d in docs}
    noise = _noise_scores(docs)
    dropped: list[Duplicate] = []
    for doc in docs:
        for other in docs:
            if other.doc_id == doc.doc_id or not _keeps_other(doc, other, noise):
                continue
            for chunk_id, text in doc.chunks:
                if containment(shingles(text), doc_shingles[other.doc_id]) >= CONTAINMENT:
                    dropped.append(Duplicate(chunk_id, doc.doc_id, other.doc_id))
    # one record per chunk, even if it duplicates several documents
    seen: set[str] = set()
    return [d for d in dropped if not (d.chunk_id in seen or seen.add(d.chunk_id))]


def _keeps_other(doc: DocText, other: DocText, noise: dict[str, float]) -> bool:
    """Whether, when ``doc`` and ``other`` share a passage, ``other``'s copy is kept."""
    if doc.duplicate_of == other.doc_id:
        return True
    if other.duplicate_of == doc.doc_id:
        return False
    return (noise[doc.doc_id], doc.doc_id) > (noise[other.doc_id], other.doc_id)


def _noise_scores(docs: Sequence[DocText]) -> dict[str, float]:
    """Share of a document's words that no other document uses: OCR damage raises it."""
    words = {d.doc_id: _words(" ".join(t for _, t in d.chunks)) for d in docs}
    doc_freq: Counter[str] = Counter()
    for counts in words.values():
        doc_freq.update(set(counts))
    scores = {}
    for doc_id, counts in words.items():
        total = sum(counts.values()) or 1
        lonely = sum(c for w, c in counts.items() if doc_freq[w] == 1)
        scores[doc_id] = lonely / total
    return scores


def _words(text: str) -> Counter[str]:
    return Counter(w for w in re.findall(r"[^\W\d_]{4,}", text.casefold()))
