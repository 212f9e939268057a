"""Stored chunks → ``Passage`` value objects (shared by the Assistant and advice), and the
short excerpt that stands for a passage in reports and lists."""

from __future__ import annotations

from assistant.store import StoredChunk
from assistant.types import Passage


def to_passage(c: StoredChunk, score: float, dense: float = 0.0, lexical: float = 0.0) -> Passage:
    return Passage(chunk_id=c.chunk_id, doc_id=c.doc_id, title=c.title, section=c.section,
                   text=c.text, score=round(float(score), 4), bouwstenen=list(c.bouwstenen),
                   dense_score=round(float(dense), 4), lexical_score=round(float(lexical), 4),
                   start=c.start, end=c.end)


EXCERPT = 80  # characters


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A passage's opening, at most ``limit`` characters, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"
