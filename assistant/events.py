"""The events of an answer stream (``Assistant.ask_stream``), typed.

A stream is one ``QueryEvent`` (the standalone search query, so a UI can show what was
searched), then ``DeltaEvent`` text pieces as the answer or advice is written, and
finally one ``AnswerEvent`` with the whole ``Answer``. The REST edge adds an
``ErrorEvent`` when answering fails after the stream began.

``to_dict()`` is the wire format of ``/api/ask/stream`` (each event one server-sent
event named by its ``type``); change it only together with the API's clients.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from assistant.types import Answer


@dataclass(frozen=True)
class QueryEvent:
    query: str
    type: ClassVar[str] = "query"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "query": self.query}


@dataclass(frozen=True)
class DeltaEvent:
    text: str
    type: ClassVar[str] = "delta"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True)
class AnswerEvent:
    answer: Answer
    type: ClassVar[str] = "answer"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "answer": self.answer.to_dict()}


@dataclass(frozen=True)
class ErrorEvent:
    error: str
    type: ClassVar[str] = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "error": self.error}


Event = QueryEvent | DeltaEvent | AnswerEvent | ErrorEvent

R = TypeVar("R")


def deltas(pieces: Generator[str, None, R]) -> Generator[DeltaEvent, None, R]:
    """A writer's text pieces as ``DeltaEvent``s; returns what the writer returned."""
    while True:
        try:
            piece = next(pieces)
        except StopIteration as done:
            return done.value
        yield DeltaEvent(piece)


__all__ = ["AnswerEvent", "DeltaEvent", "ErrorEvent", "Event", "QueryEvent", "deltas"]
