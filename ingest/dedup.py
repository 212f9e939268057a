"""Duplicate passages across documents (e.g. an OCR scan of an interview we also have
clean) are detected here, so retrieval never shows the same passage twice, and
nothing else is dropped: a passage collapses only when it says the same, numbers
and names included.

A chunk is compared sentence by sentence with the passage of the other document it
resembles most (that document's best matching chunk and its neighbours, as the two
copies need not be cut at the same places):

* text: most of a sentence's letter shingles occur in its aligned sentences. Shingles
  on letters only survive OCR's typical damage (``prohlemen``, ``samenwerkmg``);
* numbers: every number of the sentence occurs in the aligned text, exactly. OCR in
  the corpus keeps figures intact; digits glued to a stray symbol (``3>``, a bullet it
  misread) are debris, not a figure;
* names: every capitalised word inside the sentence occurs in the aligned text, up to
  one or two characters of OCR damage (``België``/``Belgié``).

The chunk collapses when its matched sentences hold at least ``COVERAGE`` of its
letters and no sentence matches in text but differs in a number or name: "In 2022
telde het netwerk 12 partners" never collapses onto "In 2023 … 15 partners".

Of two copies we keep the chunk from the document the manifest calls the original
(``duplicate_of``) or, failing that, the one with less OCR noise (fewer words found
nowhere else in the corpus). The kept chunk records the other document in
``also_in``; every collapse is returned as a :class:`Duplicate` naming both
documents, both chunks and an excerpt, so the ingest report can show it.

The sentence comparison itself (shingles, containment, ``same_passage``) lives in
``assistant.text.similarity``, as retrieval uses it too; this module finds the
candidates and decides which copy is kept.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.passages import excerpt
from assistant.text.similarity import (
    CONTAINMENT,
    COVERAGE,
    SHINGLE,
    Passage,
    containment,
    names,
    numbers,
    same_passage,
    shingles,
    verify,
)

SAMPLE = 8  # the candidate index keeps one shingle in SAMPLE (chosen by hash, so copies agree)
MAX_KEYS = 1_000_000  # ... or fewer, so the index of a big document stays small
MAX_PARTS = 3  # chunks of the other copy a passage may be spread over (besides neighbours)

__all__ = ["CONTAINMENT", "COVERAGE", "SHINGLE", "DocText", "Duplicate", "containment", "excerpt",
           "find_duplicates", "names", "numbers", "same_passage", "shingles"]


@dataclass(frozen=True)
class DocText:
    doc_id: str
    duplicate_of: str
    chunks: Sequence[tuple[str, str]]  # (chunk_id, text)


@dataclass(frozen=True)
class Duplicate:
    """One collapsed passage: ``chunk_id`` of ``doc_id`` is dropped, because
    ``kept_chunk_id`` of ``kept_doc_id`` says the same."""

    chunk_id: str
    doc_id: str
    kept_doc_id: str
    kept_chunk_id: str = ""
    excerpt: str = ""  # the dropped passage's opening, at most EXCERPT characters

    def as_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "chunk_id": self.chunk_id, "kept_doc_id": self.kept_doc_id,
                "kept_chunk_id": self.kept_chunk_id, "excerpt": self.excerpt}


def find_duplicates(docs: Sequence[DocText]) -> list[Duplicate]:
    """Chunks to drop because a cleaner document holds the same passage."""
    if len(docs) < 2:
        return []
    noise = _noise_scores(docs)
    index = _CandidateIndex(docs)
    passages = _PassageCache(docs)
    dropped: list[Duplicate] = []
    for d, doc in enumerate(docs):
        kept_over = {o for o, other in enumerate(docs)
                     if o != d and _keeps_other(doc, other, noise)}
        if not kept_over:
            continue
        for c, (chunk_id, text) in enumerate(doc.chunks):
            for o, parts in index.candidates(d, c, kept_over):
                other = docs[o]
                best = parts[0]
                near = {best - 1, best, best + 1, *parts[:MAX_PARTS]}
                region = [s for i in sorted(near) if 0 <= i < len(other.chunks)
                          for s in passages.get(o, i).sentences]
                if verify(passages.get(d, c), region):
                    dropped.append(Duplicate(chunk_id, doc.doc_id, other.doc_id,
                                             other.chunks[best][0], excerpt(text)))
                    break
    return dropped


# ---- finding candidates ----------------------------------------------------------------


class _CandidateIndex:
    """Sampled shingle → chunks holding it: a cheap first look for the chunks of another
    document a chunk resembles most. Sampling by a fixed hash (the same shingles in every
    run and in both copies) keeps the index small; a shingle found in more than
    ``MAX_POSTINGS`` chunks says nothing about which passage it came from and is
    ignored, which keeps repetitive documents from making the search quadratic."""

    MIN_SHARE = 0.5  # share of a chunk's samples another document must hold to be compared
    PART_SHARE = 0.2  # share a chunk of it must hold to count as part of the passage
    MAX_POSTINGS = 50

    def __init__(self, docs: Sequence[DocText]):
        self.docs = docs
        letters = sum(len(text) for doc in docs for _, text in doc.chunks)
        self.sample = max(SAMPLE, -(-letters // MAX_KEYS))
        self.postings: dict[int, list[tuple[int, int]]] = {}
        for d, doc in enumerate(docs):
            for c, (_, text) in enumerate(doc.chunks):
                for key in self._keys(text):
                    posting = self.postings.setdefault(key, [])
                    if len(posting) <= self.MAX_POSTINGS:
                        posting.append((d, c))

    def _keys(self, text: str) -> set[int]:
        return {h for h in (zlib.crc32(s.encode()) for s in shingles(text)) if h % self.sample == 0}

    def candidates(self, d: int, c: int, docs: set[int]) -> list[tuple[int, list[int]]]:
        """For each of ``docs`` that shares enough with chunk ``c`` of document ``d``: its
        chunks that share a part of it (best first; a copy may hold the passage's
        paragraphs in another order), most similar document first."""
        hits: Counter[tuple[int, int]] = Counter()
        samples = 0  # the informative ones
        for key in self._keys(self.docs[d].chunks[c][1]):
            posting = self.postings.get(key, ())
            if len(posting) <= self.MAX_POSTINGS:
                samples += 1
                hits.update(p for p in posting if p[0] in docs)
        per_doc: dict[int, list[tuple[int, int]]] = {}
        for (o, oc), n in hits.items():
            if n >= self.PART_SHARE * samples:
                per_doc.setdefault(o, []).append((n, oc))
        out = []
        for o, parts in per_doc.items():
            total = sum(n for n, _ in parts)
            if total >= self.MIN_SHARE * samples:
                out.append((total, o, [oc for _, oc in sorted(parts, key=lambda p: (-p[0], p[1]))]))
        return [(o, parts) for _, o, parts in sorted(out, key=lambda t: (-t[0], t[1]))]


class _PassageCache:
    """Sentence features per chunk, computed when first needed; bounded, as a big
    document would otherwise hold every shingle of its text at once."""

    def __init__(self, docs: Sequence[DocText], size: int = 512):
        self.docs, self.size = docs, size
        self.cache: OrderedDict[tuple[int, int], Passage] = OrderedDict()

    def get(self, d: int, c: int) -> Passage:
        key = (d, c)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        passage = self.cache[key] = Passage(self.docs[d].chunks[c][1])
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return passage


# ---- which copy is kept ----------------------------------------------------------------


def _keeps_other(doc: DocText, other: DocText, noise: dict[str, float]) -> bool:
    """Whether, when ``doc`` and ``other`` share a passage, ``other``'s copy is kept."""
    if doc.duplicate_of == other.doc_id:
        return True
    if other.duplicate_of == doc.doc_id:
        return False
    return (noise[doc.doc_id], doc.doc_id) > (noise[other.doc_id], other.doc_id)


def _noise_scores(docs: Sequence[DocText]) -> dict[str, float]:
    """Share of a document's words that no other document uses: OCR damage raises it."""
    words = {d.doc_id: _words(d) for d in docs}
    doc_freq: Counter[str] = Counter()
    for counts in words.values():
        doc_freq.update(set(counts))
    scores = {}
    for doc_id, counts in words.items():
        total = sum(counts.values()) or 1
        lonely = sum(c for w, c in counts.items() if doc_freq[w] == 1)
        scores[doc_id] = lonely / total
    return scores


def _words(doc: DocText) -> Counter[str]:
    counts: Counter[str] = Counter()
    for _, text in doc.chunks:
        counts.update(re.findall(r"[^\W\d_]{4,}", text.casefold()))
    return counts
