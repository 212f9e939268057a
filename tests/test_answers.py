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


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [("count", "In een van zijn boeken11 beschrijft Hart 9 sleutels [1].", True),
     ("count", "Op de website staan vijf spelvormen [2].", True),
     ("count", "De rapportage (Cloudt en MKW Platform, 2019) is een netwerkverslag [1].", False),
     ("count", "In hoofdstuk 3 gaat het over een netwerk [1].", False),
     ("duration", "Het netwerk bestaat al drie jaar [1].", True),
     ("duration", "Het programma loopt sinds 2015 [1].", True),
     ("duration", "2. De omgeving ontwikkelt zich [1]. Dat kon niemand alleen brengen5 [2].", False),
     ("time", "Het is ongeveer een jaar geleden, april 2019 [1].", True),
     ("time", "Dat ontdekte Karl Weick in de jaren ‘90 [1].", True),
     ("time", "Zie bijlage 2 over het netwerk [1].", False)],
)
def test_count_duration_and_date_answers_need_the_real_thing(kind, text, expected):
    from assistant.answerability import gives

    assert gives(kind, text) is expected


def test_what_a_question_asks_for():
    from assistant.answerability import answer_type

    assert answer_type("Hoeveel corporaties doen mee?") == "count"
    assert answer_type("Hoe lang bestaat het netwerk al?") == "duration"
    assert answer_type("Sinds wanneer loopt het programma?") == "time"
    assert answer_type("When did he say that?") == "time"
    assert answer_type("Waarom werkt dit niet?") is None


def test_a_question_for_a_duration_is_not_answered_without_one():
    from assistant.answerability import Evidence, assess

    evidence = Evidence(top_dense=0.9, coverage=0.8)
    question = "Hoe lang bestaat een netwerk gemiddeld?"
    refused = assess(question, "Netwerken ontwikkelen zich voortdurend [1].", evidence, "nl")
    assert not refused.answerable and "duration" in refused.reason
    assert assess(question, "Een netwerk bestaat gemiddeld vier jaar [1].", evidence, "nl").answerable


def test_vocabulary_knows_inflections_and_compounds_but_not_new_subjects():
    from assistant.vocabulary import Vocabulary

    vocab = Vocabulary(["De woningcorporaties en de directeuren van het organisatienetwerk "
                        "vinden samenwerken herkenbaar. Denken helpt bij de corporatie."])
    for known in ("corporatiedirecteuren", "herkenbare", "denker", "netwerk", "woning"):
        assert vocab.knows(known), known
    assert vocab.unknown("Bestaat er een certificering voor woningcorporaties?") == [
        "bestaat", "certificering"]


@pytest.mark.parametrize(("question", "covered"), [
    ("Welke rol speelt blockchain in organisatienetwerken?", False),
    ("Welke software gebruiken netwerkcoördinatoren voor hun planning?", False),
    ("Welke subsidieregeling van de Europese Unie financiert organisatienetwerken in de wijk?", False),
    ("Wat zijn wicked problems?", True),
    ("Waarom haken partners soms af in een netwerk?", True),
    ("Verwacht Kenis dat we veel leren van de coronacrisis?", True),
])
def test_on_topic_questions_are_answered_only_when_the_sources_cover_them(
        assistant, question, covered):
    ans = assistant.ask(question)
    if covered:
        assert not ans.abstained and ans.citations
    else:
        assert ans.abstained and not ans.citations and ans.related
