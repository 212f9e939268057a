"""Stored chunks → ``Passage`` value objects (shared by the Assistant and advice)."""

from __future__ import annotations

from assistant.store import StoredChunk
from assistant.types import Passage


def to_passage(c: StoredChunk, score: float, dense: float = 0.0, lexical: float = 0.0) -> Passage:
    return Passage(chunk_id=c.chunk_id, doc_id=c.doc_id, title=c.title, section=c.section,
                   text=c.text, score=round(float(score), 4), bouwstenen=list(c.bouwstenen),
                   dense_score=round(float(dense), 4), lexical_score=round(float(lexical), 4),
                   start=c.start, end=c.end)
