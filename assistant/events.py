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
from dataclasses import dataclass, fields
from typing import Any, ClassVar, TypeVar

from assistant.types import Answer


class _Event:
    type: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        """``{"type": ..., <field>: <value>}``; a value with its own ``to_dict`` (the Answer) gives that."""
        out: dict[str, Any] = {"type": self.type}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.to_dict() if hasattr(value, "to_dict") else value
        return out


@dataclass(frozen=True)
class QueryEvent(_Event):
    query: str
    type: ClassVar[str] = "query"


@dataclass(frozen=True)
class DeltaEvent(_Event):
    text: str
    type: ClassVar[str] = "delta"


@dataclass(frozen=True)
class AnswerEvent(_Event):
    answer: Answer
    type: ClassVar[str] = "answer"


@dataclass(frozen=True)
class ErrorEvent(_Event):
    error: str
    type: ClassVar[str] = "error"


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
