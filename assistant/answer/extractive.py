"""The default answer backend: no LLM, only sentences taken from the sources.

Sentences of the retrieved passages are scored for relevance to the question
(lexical overlap with the question's stemmed terms, weighted by rarity; the rank of
their passage; and, for the best candidates, e5 similarity), picked without
redundancy (maximal marginal relevance), and put in reading order: grouped by
source, in the order they stand in the text. Every sentence carries its ``[n]``.
Nothing is added but the citations themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.sources import citation_for
from assistant.answerability import answer_type, gives
from assistant.lexical import LexicalIndex, split_compound
from assistant.store import StoredChunk
from assistant.types import Citation
from ingest.chunk import split_sentences

MAX_SENTENCES = 6
MIN_SENTENCES = 2
PASSAGES = 5
EMBED_CANDIDATES = 12


@dataclass
class Candidate:
    hit: int  # index into the hits
    start: int
    end: int
    text: str
    overlap: float
    prior: float
    dense: float = 0.0
    score: float = 0.0


@dataclass(frozen=True)
class Extract:
    text: str
    citations: list[Citation]
    support: float  # how well the best sentences answer the question, 0..1
    coverage: float


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, lexical: LexicalIndex, similarity):
        """``similarity(query, texts) -> np.ndarray`` of cosines (the retriever's)."""
        self.lexical = lexical
        self.similarity = similarity

    def compose(self, question: str, hits: Sequence[tuple[StoredChunk, float]]) -> Extract:
        hits = list(hits)[:PASSAGES]
        cands = self._candidates(question, hits)
        if not cands:
            return Extract("", [], 0.0, 0.0)
        kind = answer_type(question)  # 'hoeveel', 'hoe lang', 'wanneer': prefer sentences that say it
        gives_it = {id(c): kind is not None and gives(kind, c.text) for c in cands}
        cands.sort(key=lambda c: c.overlap * 0.6 + c.prior * 0.4 + (0.2 if gives_it[id(c)] else 0),
                   reverse=True)
        top = cands[:EMBED_CANDIDATES]
        sims = self.similarity(question, [c.text for c in top])
        for c, s in zip(top, sims, strict=True):
            c.dense = float(s)
            c.score = 0.55 * _dense_norm(c.dense) + 0.3 * c.overlap + 0.15 * c.prior
            if gives_it[id(c)]:
                c.score += 0.2
        chosen = _mmr(top)
        text, citations = _render(chosen, hits)
        best = max(c.dense for c in top)
        return Extract(text, citations, _dense_norm(best), self.coverage(question, hits[:3]))

    def coverage(self, question: str, hits: Sequence[tuple[StoredChunk, float]]) -> float:
        """Share (weighted by rarity) of the question's terms that the passages contain."""
        terms = set(self.lexical.analyzer(question))
        if not terms:
            return 0.0
        present: set[str] = set()
        for chunk, _ in hits:
            toks = set(self.lexical.analyzer(chunk.section + " " + chunk.text))
            present |= toks
            for t in list(toks):
                present.update(split_compound(t, self.lexical.vocab))
        total = sum(self.lexical.idf(t) for t in terms)
        found = sum(self.lexical.idf(t) for t in terms if t in present or
                    any(p.endswith(t) or p.startswith(t) for p in present if len(t) >= 5))
        return found / total if total else 0.0

    def _candidates(self, question, hits) -> list[Candidate]:
        q_terms = set(self.lexical.query_terms(question))
        weights = {t: self.lexical.idf(t) for t in q_terms}
        norm = sum(self.lexical.idf(t) for t in set(self.lexical.analyzer(question))) or 1.0
        top_score = max((s for _, s in hits), default=1.0) or 1.0
        out = []
        for h, (chunk, score) in enumerate(hits):
            for start, end in split_sentences(chunk.text):
                sent = chunk.text[start:end].strip()
                if not _is_statement(sent):
                    continue
                toks = set(self.lexical.analyzer(sent))
                for t in list(toks):
                    toks.update(split_compound(t, self.lexical.vocab))
                overlap = min(1.0, sum(w for t, w in weights.items() if t in toks) / norm)
                prior = (score / top_score) * (1.0 - 0.08 * h)
                out.append(Candidate(h, start, end, sent, overlap, prior))
        return out


def _is_statement(sentence: str) -> bool:
    """A full sentence worth quoting as an answer: not a heading, label, caption or question."""
    words = sentence.split()
    if len(words) < 6 or not re.search(r"[.!…][”’\"')]*$", sentence):
        return False
    return sum(w[:1].islower() for w in words) >= len(words) / 3


def _dense_norm(cos: float) -> float:
    # e5 cosines between a question and a sentence live roughly in 0.70..0.92
    return float(np.clip((cos - 0.72) / 0.18, 0.0, 1.0))


def _mmr(cands: list[Candidate]) -> list[Candidate]:
    """Pick relevant, non-redundant sentences: 2–6, none much weaker than the best."""
    pool = sorted(cands, key=lambda c: c.score, reverse=True)
    chosen: list[Candidate] = []
    best = pool[0].score if pool else 0.0
    for c in pool:
        if len(chosen) >= MAX_SENTENCES:
            break
        if len(chosen) >= MIN_SENTENCES and c.score < 0.7 * best:
            break
        if any(_overlap_words(c.text, o.text) > 0.5 for o in chosen):
            continue
        chosen.append(c)
    return chosen


def _overlap_words(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _render(chosen: list[Candidate], hits) -> tuple[str, list[Citation]]:
    """Group by source (best source first), text order within a source; number sources."""
    by_hit: dict[int, list[Candidate]] = {}
    for c in chosen:
        by_hit.setdefault(c.hit, []).append(c)
    order = sorted(by_hit, key=lambda h: -max(c.score for c in by_hit[h]))
    sentences, citations = [], []
    for n, h in enumerate(order, start=1):
        group = sorted(by_hit[h], key=lambda c: c.start)
        chunk = hits[h][0]
        citations.append(citation_for(n, chunk, " … ".join(c.text for c in group)))
        for c in group:
            sentences.append(_cite(c.text, n))
    return " ".join(sentences), citations


def _cite(sentence: str, n: int) -> str:
    m = re.search(r"([.!?…]+)$", sentence)
    if m:
        return f"{sentence[: m.start()]} [{n}]{m.group(1)}"
    return f"{sentence} [{n}]"
