"""The value objects of the public API: what search and ask return.

Plain dataclasses, JSON-ready through ``to_dict``; the REST layer and the UI render
these, they never build strings for citations themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    score: float
    bouwstenen: list[str] = field(default_factory=list)
    dense_score: float = 0.0
    lexical_score: float = 0.0
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Citation:
    n: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    quote: str  # the cited sentence(s), verbatim from the passage
    passage: str = ""  # the whole passage, for context around the quote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AdviceSection:
    kind: str  # 'bronnen' | 'vragen' | 'praktijk' | 'afstemmen'
    heading: str
    items: list[str]
    citations: list[int]  # n of the citations the items rest on (each item ends in [n])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AdviceBlock:
    name: str  # one of assistant.bouwstenen.BOUWSTENEN
    tagline: str
    reason: str
    matched: list[str]
    sections: list[AdviceSection]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    text: str
    citations: list[Citation]
    abstained: bool  # true only for status 'not_covered'
    query: str  # the standalone search query (differs from the question for follow-ups)
    backend: str
    question: str = ""
    mode: str = "answer"
    language: str = "nl"
    related: list[Passage] = field(default_factory=list)  # shown when abstaining
    flags: list[str] = field(default_factory=list)  # e.g. removed citation [7], uncited sentence
    support: float = 0.0
    advice_blocks: list[AdviceBlock] = field(default_factory=list)
    first_step: str = ""
    note: str = ""  # e.g. 'Dit is geen situatievraag; beantwoord als vraag.'
    # 'answered' | 'partial' (what the sources say + what they do not) | 'not_covered'
    status: str = "answered"
    missing: str = ""  # with 'partial': the sentence naming what the sources do not say

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
