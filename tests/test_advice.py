"""Advice mode over the real corpus index and the extracted Netwerkmozaïek."""

from __future__ import annotations

import re

import httpx

from assistant.advice import choose_blocks, is_situation
from assistant.answer.llm import make_llm
from assistant.bouwstenen import BOUWSTENEN
from assistant.core import Assistant
from tests.fake_llm import FakeLLMServer

SITUATION = ("Bewoners in onze wijk weten niet dat ons netwerk bestaat; alleen mensen die hulp "
             "krijgen kennen ons. Hoe zorgen we voor erkenning in de buurt?")


def test_situations_are_told_from_factual_questions():
    assert is_situation("Onze partners haken af. Wat moeten we doen?")
    assert is_situation("We want to start a network but partners hesitate. Should we wait?")
    assert not is_situation("Wie is Patrick Kenis?")


def test_block_choice_gives_one_to_three_blocks_with_checkable_reasons(assistant):
    choices = choose_blocks(assistant, SITUATION)
    assert 1 <= len(choices) <= 3
    assert all(c.name in BOUWSTENEN and c.reason and c.tagline.startswith("Zorg voor")
               for c in choices)
    assert "Verankering" in {c.name for c in choices}


def test_advice_is_structured_and_every_item_cited(assistant):
    ans = assistant.ask(SITUATION, mode="advice")
    assert ans.mode == "advice" and not ans.abstained and ans.advice_blocks
    numbers = {c.n for c in ans.citations}
    for block in ans.advice_blocks:
        kinds = {s.kind for s in block.sections}
        assert {"bronnen", "vragen", "afstemmen"} <= kinds
        for section in block.sections:
            for item in section.items:
                cited = {int(n) for n in re.findall(r"\[(\d+)\]", item)}
                assert cited and cited <= numbers, item
    assert ans.first_step and re.search(r"\[\d+\]", ans.first_step)
    for c in ans.citations:  # quotes come verbatim from their passage
        assert all(part in c.passage for part in c.quote.split(" … "))


def test_questions_come_from_the_mozaiek(assistant):
    ans = assistant.ask(SITUATION, mode="advice")
    moz = assistant.mozaiek()
    for block in ans.advice_blocks:
        questions = {q.text for q in moz.block(block.name).key_questions +
                     moz.block(block.name).deeper_questions}
        vragen = next(s for s in block.sections if s.kind == "vragen")
        assert all(re.sub(r" \[\d+\]$", "", item) in questions for item in vragen.items)


def test_aligned_blocks_follow_the_stem_af_met_links(assistant):
    ans = assistant.ask(SITUATION, mode="advice")
    moz = assistant.mozaiek()
    for block in ans.advice_blocks:
        targets = {link.target for link in moz.block(block.name).links}
        section = next(s for s in block.sections if s.kind == "afstemmen")
        assert {item.split(":")[0] for item in section.items} <= targets


def test_factual_question_in_advice_mode_is_answered_as_a_question(assistant):
    ans = assistant.ask("Wat is een organisatienetwerk volgens Kenis?", mode="advice")
    assert ans.mode == "answer" and ans.note and not ans.advice_blocks and ans.citations


def test_uncovered_situation_abstains(assistant):
    ans = assistant.ask("We are planning a climbing trip: at what temperature does water boil on "
                        "Mount Everest?", mode="advice")
    assert ans.abstained and not ans.advice_blocks


def test_llm_advice_is_checked_for_sections_and_citations(assistant):
    with FakeLLMServer() as server:
        server.reply = "## Verankering\nZorg dat bewoners het netwerk kennen [1]. Onzin [42]."
        settings = assistant.settings.replace(llm_backend="openai", llm_model="m",
                                              llm_base_url=server.url)
        llm_assistant = Assistant(assistant.retriever, settings, make_llm(settings))
        ans = llm_assistant.ask(SITUATION, mode="advice")
    assert "[42]" not in ans.text and [c.n for c in ans.citations] == [1]
    assert any("missing section" in f for f in ans.flags)
    assert ans.advice_blocks  # the structured advice is kept next to the LLM's text


def test_mozaiek_over_rest(assistant):
    from assistant.api import create_api
    from tests.servers import LocalServer

    with LocalServer(create_api(lambda: assistant, assistant.settings)) as server:
        body = httpx.get(f"{server.url}api/mozaiek", timeout=30).json()
    assert [b["name"] for b in body["blocks"]] == list(BOUWSTENEN)
