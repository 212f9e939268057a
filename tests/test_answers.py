"""Cited answers: the extractive backend, abstention, follow-ups, and LLM backends
against a real local OpenAI-compatible server."""

from __future__ import annotations

import re

import pytest

from assistant.answer.llm import make_llm
from assistant.answer.sources import check_citations
from assistant.core import Assistant
from assistant.errors import ConfigError, LLMError
from assistant.followup import is_follow_up, standalone_query
from tests.fake_llm import FakeLLMServer


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“‘\"(])", text) if s.strip()]


def test_extractive_answer_cites_every_sentence(assistant):
    ans = assistant.ask("Waarom gebruikt Kenis de uitdrukking dat niemand zit te wachten op een "
                        "extra baas?")
    assert not ans.abstained and ans.backend == "extractive"
    sentences = _sentences(ans.text)
    assert 2 <= len(sentences) <= 6
    assert all(re.search(r"\[\d+\]", s) for s in sentences)
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)}
    assert numbers == {c.n for c in ans.citations}
    for c in ans.citations:  # quotes are verbatim from the cited passage
        assert all(part in c.passage for part in c.quote.split(" … "))


def test_answer_sentences_are_the_sources_own_words(assistant):
    ans = assistant.ask("Wat is een organisatienetwerk volgens Kenis?")
    body = re.sub(r" \[\d+\]", "", ans.text)
    passages = " ".join(c.passage for c in ans.citations)
    for sentence in _sentences(body):
        assert sentence.rstrip(".!?") in passages


def test_abstains_when_the_sources_do_not_cover_it(assistant):
    ans = assistant.ask("Wat is het recept voor appeltaart met kaneel?")
    assert ans.abstained and not ans.citations
    assert "bronnen" in ans.text and ans.related


def test_abstention_speaks_the_questions_language(assistant):
    ans = assistant.ask("What is the boiling point of water on Mount Everest?")
    assert ans.abstained and ans.language == "en" and "sources" in ans.text


def test_follow_up_becomes_a_standalone_query(assistant):
    history = [{"role": "user", "content": "Wat doet het Lokaal Woonlastenakkoord in Den Bosch?"},
               {"role": "assistant", "content": "Het voorkomt huisuitzettingen [1]."}]
    ans = assistant.ask("En wie betaalt dat?", history=history)
    assert "Woonlastenakkoord" in ans.query and ans.query != "En wie betaalt dat?"


def test_follow_up_detection():
    assert is_follow_up("En wie betaalt dat?")
    assert not is_follow_up("Welke rol speelt vertrouwen in een organisatienetwerk met veel partners?")
    assert standalone_query("Hoe werkt dat?", []) == "Hoe werkt dat?"


def test_citation_check_removes_unknown_numbers_and_flags_uncited():
    checked = check_citations("Netwerken vragen vertrouwen [1]. Dat kost tijd [7]. "
                              "Iets zonder bron staat hier ook.", n_sources=2)
    assert "[7]" not in checked.text and checked.cited == [1]
    assert any("[7]" in f for f in checked.flags)
    assert any("uncited" in f for f in checked.flags)


def test_unknown_backend_fails_clearly(base_settings):
    with pytest.raises(ConfigError, match="Known: extractive, ollama, openai"):
        make_llm(base_settings.replace(llm_backend="olama"))
    with pytest.raises(ConfigError, match="NETWERKWIJZER_LLM_BASE_URL"):
        make_llm(base_settings.replace(llm_backend="openai", llm_model="m"))


def _llm_assistant(assistant, url):
    settings = assistant.settings.replace(llm_backend="openai", llm_model="fake-model",
                                          llm_base_url=url, llm_timeout=10)
    return Assistant(assistant.retriever, settings, make_llm(settings))


def test_openai_backend_streams_and_checks_citations(assistant):
    with FakeLLMServer() as server:
        server.reply = ("Een organisatienetwerk is meer dan samenwerken [1]. "
                        "Partners lossen samen een probleem op [9]. Dit heeft geen bron.")
        llm_assistant = _llm_assistant(assistant, server.url)
        events = list(llm_assistant.ask_stream("Wat is een organisatienetwerk?"))
        deltas = [e["text"] for e in events if e["type"] == "delta"]
        ans = events[-1]["answer"]
        assert len(deltas) > 3  # streamed in pieces
        assert ans.backend == "openai" and "[9]" not in ans.text
        assert [c.n for c in ans.citations] == [1]
        assert any("[9]" in f for f in ans.flags) and any("uncited" in f for f in ans.flags)
        prompt = server.requests[-1]["messages"]
        assert "Bronpassages" in prompt[1]["content"] and "[1]" in prompt[1]["content"]
        assert server.requests[-1]["model"] == "fake-model"


def test_ollama_backend_streams_over_its_own_protocol(assistant):
    with FakeLLMServer() as server:
        server.reply = "Een organisatienetwerk lost samen een maatschappelijk probleem op [1]."
        settings = assistant.settings.replace(llm_backend="ollama", llm_model="llama3",
                                              llm_base_url=server.ollama_url, llm_timeout=10)
        ollama_assistant = Assistant(assistant.retriever, settings, make_llm(settings))
        events = list(ollama_assistant.ask_stream("Wat is een organisatienetwerk?"))
    ans = events[-1]["answer"]
    assert sum(e["type"] == "delta" for e in events) > 3
    assert ans.backend == "ollama" and [c.n for c in ans.citations] == [1] and not ans.flags
    assert server.requests[-1]["model"] == "llama3" and server.requests[-1]["stream"] is True


def test_llm_rewrites_follow_ups(assistant):
    with FakeLLMServer() as server:
        server.reply = "Wie financiert het Lokaal Woonlastenakkoord"
        llm_assistant = _llm_assistant(assistant, server.url)
        history = [{"role": "user", "content": "Wat doet het Lokaal Woonlastenakkoord?"}]
        events = llm_assistant.ask_stream("En wie betaalt dat?", history=history)
        assert next(events) == {"type": "query",
                                "query": "Wie financiert het Lokaal Woonlastenakkoord"}


def test_llm_server_down_is_an_llm_error(assistant):
    from tests.conftest import free_port

    llm_assistant = _llm_assistant(assistant, f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(LLMError, match="extractive"):
        llm_assistant.ask("Wat is een organisatienetwerk?")
