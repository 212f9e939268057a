"""Typed stream events: their ``to_dict`` is the wire format of ``/api/ask/stream``."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.api import _sse
from assistant.events import AnswerEvent, DeltaEvent, ErrorEvent, QueryEvent, deltas
from assistant.types import Answer


def test_events_keep_the_wire_format():
    answer = Answer(text="Tekst [1].", citations=[], abstained=False, query="q", backend="extractive")
    assert QueryEvent("q").to_dict() == {"type": "query", "query": "q"}
    assert DeltaEvent("Tekst ").to_dict() == {"type": "delta", "text": "Tekst "}
    assert AnswerEvent(answer).to_dict() == {"type": "answer", "answer": answer.to_dict()}
    assert ErrorEvent("kapot").to_dict() == {"type": "error", "error": "kapot"}
    assert _sse(DeltaEvent("één")) == 'event: delta\ndata: {"type": "delta", "text": "één"}\n\n'
    sent = _sse(AnswerEvent(answer))
    assert sent.startswith("event: answer\n") and json.loads(sent.split("data: ", 1)[1]) == \
        {"type": "answer", "answer": json.loads(json.dumps(answer.to_dict()))}
    with pytest.raises(dataclasses.FrozenInstanceError):
        QueryEvent("q").query = "x"  # type: ignore[misc]


def test_deltas_wraps_a_writers_pieces_and_keeps_its_result():
    def writer():
        yield "a"
        yield "b"
        return 42

    out = []

    def consume():
        out.append((yield from deltas(writer())))

    assert list(consume()) == [DeltaEvent("a"), DeltaEvent("b")] and out == [42]
