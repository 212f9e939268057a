"""Answer backends: one interface, chosen by name in one place, never a silent fallback."""

from __future__ import annotations

import pytest

from assistant.answer.llm import make_llm
from assistant.backends import AnswerBackend, ExtractiveBackend, LLMBackend, Written, make_backend
from assistant.core import Assistant
from assistant.errors import ConfigError
from assistant.events import AnswerEvent, DeltaEvent, QueryEvent
from assistant.settings import Settings
from assistant.types import Answer


def test_the_backend_is_chosen_by_name_and_fails_clearly():
    assert isinstance(make_backend(Settings(llm_backend="extractive")), ExtractiveBackend)
    llm = make_backend(Settings(llm_backend="openai", llm_model="m", llm_base_url="http://127.0.0.1:9/v1"))
    assert isinstance(llm, LLMBackend) and llm.name == "openai"
    assert isinstance(llm, AnswerBackend) and isinstance(ExtractiveBackend(), AnswerBackend)
    with pytest.raises(ConfigError, match="Unknown LLM backend 'olama'. Known: extractive, ollama, openai"):
        make_backend(Settings(llm_backend="olama"))
    with pytest.raises(ConfigError, match="NETWERKWIJZER_LLM_MODEL"):
        make_backend(Settings(llm_backend="ollama"))
    with pytest.raises(ConfigError, match="make_backend"):  # no LLM stands for 'extractive' any more
        make_llm(Settings(llm_backend="extractive"))


def test_the_assistant_takes_its_backend_from_settings_or_explicitly(assistant):
    settings = assistant.settings.replace(llm_backend="openai", llm_model="m", llm_base_url="http://127.0.0.1:9/v1")
    from_settings = Assistant(assistant.retriever, settings, answerability=assistant.answerability)
    assert from_settings.backend.name == "openai" and from_settings.health()["backend"] == "openai"
    with pytest.raises(TypeError, match="make_backend"):
        Assistant(assistant.retriever, settings, make_llm(settings), answerability=assistant.answerability)

    class Echo(ExtractiveBackend):  # any AnswerBackend will do: here one that writes one sentence
        name = "echo"

        def answer(self, task):
            yield "Echo [1]."
            return Answer(text="Echo [1].", citations=[], abstained=False, query=task.query, backend=self.name,
                          question=task.question, status=task.status)

        def advise(self, task):
            yield task.text
            return Written(task.text, task.citations, [])

    echo = Assistant(assistant.retriever, assistant.settings, Echo(), answerability=assistant.answerability)
    events = list(echo.ask_stream("Wat is een organisatienetwerk?"))
    assert [type(e) for e in events] == [QueryEvent, DeltaEvent, AnswerEvent]
    assert events[-1].answer.backend == "echo" and events[1].text == "Echo [1]."
