"""Advice mode over the real corpus index and the extracted Netwerkmozaïek."""

from __future__ import annotations

import re
import threading

import httpx

from assistant.advice import advise_stream, choose_blocks, warm
from assistant.advice.blocktexts import block_texts
from assistant.answer.slots import leans_on_previous
from assistant.bouwstenen import BOUWSTENEN
from assistant.core import Assistant
from assistant.eval.advice import first_step_blocks, first_step_line, instruction, leftovers, repeated, step_on_gold
from assistant.events import AnswerEvent, DeltaEvent
from assistant.followup import standalone_query
from assistant.language import detect
from tests.fake_llm import FakeLLMServer

SITUATION = ("Bewoners in onze wijk weten niet dat ons netwerk bestaat; alleen mensen die hulp "
             "krijgen kennen ons. Hoe zorgen we voor erkenning in de buurt?")
START = ("Wij willen als corporatie samen met de gemeente en zorgpartijen een wijknetwerk opzetten. "
         "Waar moeten we beginnen?")
MONEY = "Er is onenigheid over wie de kosten van het projectbureau betaalt. Hoe verdelen netwerken dat?"


def _advice(assistant, question, history=(), doc_ids=None):
    query = standalone_query(question, list(history))
    found = assistant.retriever.search(query, 8, doc_ids)
    events = list(advise_stream(assistant, question=question, query=query, language=detect(question),
                                found=found, history=list(history), doc_ids=doc_ids))
    assert isinstance(events[-1], AnswerEvent)
    assert all(isinstance(e, DeltaEvent) for e in events[:-1])
    return events[-1].answer


def test_block_choice_gives_one_to_three_blocks_with_checkable_reasons(assistant):
    choices = choose_blocks(assistant, SITUATION)
    assert 1 <= len(choices) <= 3
    assert "Verankering" in {c.name for c in choices}
    for c in choices:
        assert c.name in BOUWSTENEN and c.tagline.startswith("Zorg voor")
        assert "gedeelde woorden" not in c.reason and c.name in c.reason
        # the reason quotes the situation in the second person, and the block's own words
        assert "jullie" in c.reason or "Ook dit speelt" in c.reason


def test_every_advice_heading_is_a_paragraph_of_its_own_in_markdown(assistant):
    """In Markdown a line right after the reason joins its paragraph, and one right after a
    list item continues that item: the browser showed 'Wat de bronnen zeggen' at the end of
    the reason and 'Vragen voor de partners' inside the last source line."""
    from markdown_it import MarkdownIt

    ans = _advice(assistant, START)
    html = MarkdownIt("commonmark").render(ans.text)
    shown = 0
    for block in ans.advice_blocks:
        for section in block.sections:
            assert f"<p><strong>{section.heading}</strong></p>" in html
            shown += 1
    assert shown >= 2
    for item in re.findall(r"<li>(.*?)</li>", html, re.DOTALL):
        assert "<strong>" not in item and "<p>" not in item  # no heading inside a list item
    for para in re.findall(r"<p>(.*?)</p>", html, re.DOTALL):
        if para.startswith("<em>"):
            assert para.endswith("</em>")  # the reason stands alone


def test_a_start_up_lights_opgave(assistant):
    assert "Opgave" in {c.name for c in choose_blocks(assistant, START)}
    assert "Organisatie" in {c.name for c in choose_blocks(assistant, MONEY)}


def test_advice_is_compact_cited_clean_and_without_repetition(assistant):
    for question in (SITUATION, START, MONEY):
        ans = _advice(assistant, question)
        assert ans.mode == "advice" and ans.status == "answered" and not ans.abstained
        assert ans.first_step and re.search(r"\[\d+\]", ans.text.split("\n")[0])
        words = len(re.sub(r"\[\d+\]", "", ans.text).split())
        cfg = assistant.config.advice
        assert words <= cfg.total_words and len(ans.citations) <= cfg.max_citations
        assert not leftovers(ans.text) and not repeated(ans.text), ans.text
        numbers = {c.n for c in ans.citations}
        for block in ans.advice_blocks:
            kinds = [s.kind for s in block.sections]
            assert "vragen" in kinds and len(kinds) == len(set(kinds))
            vragen = next(s for s in block.sections if s.kind == "vragen")
            assert 2 <= len(vragen.items) <= 3
            assert sum(1 for s in block.sections if s.kind == "praktijk") <= 1
            body = " ".join([block.reason] + [i for s in block.sections for i in s.items])
            assert len(re.sub(r"\[\d+\]", "", body).split()) <= cfg.block_words + 15
            for section in block.sections:
                for item in section.items:
                    cited = {int(n) for n in re.findall(r"\[(\d+)\]", item)}
                    assert cited and cited <= numbers, item
        for c in ans.citations:  # quotes come verbatim from their passage
            assert all(part in c.passage for part in c.quote.split(" … "))


def test_different_situations_get_different_questions_and_links(assistant):
    a, b = _advice(assistant, START), _advice(assistant, SITUATION)
    lines = lambda ans: {i for blk in ans.advice_blocks for s in blk.sections  # noqa: E731
                         if s.kind in ("vragen", "afstemmen") for i in s.items}
    assert lines(a) != lines(b)


def test_questions_come_from_the_mozaiek_and_links_point_to_neighbours(assistant):
    ans = _advice(assistant, SITUATION)
    _questions_are_questions(ans)
    moz = assistant.mozaiek()
    chosen = {b.name for b in ans.advice_blocks}
    for block in ans.advice_blocks:
        own = moz.block(block.name)
        texts = " ".join(q.text for q in own.key_questions + own.deeper_questions)
        for section in block.sections:
            if section.kind == "vragen":
                for item in section.items:
                    assert " ".join(re.sub(r" \[\d+\]$", "", item).split()) in " ".join(texts.split())
            if section.kind == "afstemmen":
                targets = {link.target for link in own.links}
                assert {item.split(":")[0] for item in section.items} <= targets | chosen


def test_document_filter_is_respected(assistant):
    ans = _advice(assistant, START, doc_ids=["mkw-essay"])
    moz_doc = assistant.mozaiek().blocks[0].doc_id
    for c in ans.citations:
        # the mozaiek's questions and links are the framework itself; everything else
        # comes from the chosen documents
        assert c.doc_id in ("mkw-essay", moz_doc)
    searched = [s for b in ans.advice_blocks for s in b.sections if s.kind == "praktijk"]
    for section in searched:
        for n in section.citations:
            assert ans.citations[n - 1].doc_id == "mkw-essay"


def test_a_follow_up_builds_on_the_situation_before(assistant):
    history = [{"role": "user", "content": START}, {"role": "assistant", "content": "…"}]
    ans = _advice(assistant, "En als de gemeente niet mee wil?", history)
    assert ans.status == "answered" and ans.advice_blocks
    assert "wijknetwerk" in ans.query  # the standalone query carries the situation
    assert ans.advice_blocks[0].reason.startswith("Je vraagt: en als de gemeente niet mee wil?")
    _questions_are_questions(ans)


def _questions_are_questions(ans):
    """Every line under 'Vragen voor de partners' is a question ('In het lokale publieke domein
    kom je al snel de gemeente tegen.' was listed there: its item's question came later)."""
    items = [i for b in ans.advice_blocks for s in b.sections if s.kind == "vragen" for i in s.items]
    assert items
    for item in items:
        assert re.sub(r"\s*\[\d+\]$", "", item).endswith("?"), item


def test_factual_question_in_advice_mode_is_answered_as_a_question(assistant):
    ans = assistant.ask("Wat is een organisatienetwerk volgens Kenis?", mode="advice")
    assert ans.mode == "answer" and ans.note and not ans.advice_blocks


def test_uncovered_situation_abstains(assistant):
    for question in ("We are planning a climbing trip: at what temperature does water boil on "
                     "Mount Everest?", "Onze kat krabt steeds aan de bank. Hoe stoppen we dat?"):
        ans = _advice(assistant, question)
        assert ans.abstained and ans.status == "not_covered" and not ans.advice_blocks, question
    # an English situation is covered although its cosines to Dutch passages run lower
    for situation in ("Our partners keep asking what they get back for the hours they put into the network.",
                      # its closest mozaiek text is less similar than the Dutch gate asks (0.819)
                      "Our alliance was set up for older homeless men, but street workers now mostly meet "
                      "young families, and our board still reports on the old targets."):
        ans = _advice(assistant, situation)
        assert ans.status == "answered" and ans.advice_blocks, situation


def test_block_texts_are_built_once_under_concurrent_calls(assistant):
    warm(assistant)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(id(block_texts(assistant))))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


def test_llm_advice_is_checked_for_sections_and_citations(assistant):
    with FakeLLMServer() as server:
        server.reply = "## Verankering\nZorg dat bewoners het netwerk kennen [1]. Onzin [42]."
        settings = assistant.settings.replace(llm_backend="openai", llm_model="m",
                                              llm_base_url=server.url)
        llm_assistant = Assistant(assistant.retriever, settings)
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


def test_the_first_step_is_a_cited_instruction_from_the_sources(assistant):
    from assistant.advice.blocktexts import gist

    moz = assistant.mozaiek()
    for question in (START, SITUATION, MONEY):
        ans = _advice(assistant, question)
        step = first_step_line(ans.text)
        if question == START:  # the sources hold instructions for a start: one of them
            assert instruction(step), step
        elif not instruction(step):
            # none about sharing costs, or about being known in the neighbourhood, fits the
            # chosen blocks: the first block's question then (never a description)
            assert step.startswith("**Eerste stap:** Leg de partners eerst deze vraag voor: “"), step
        n = int(re.search(r"\[(\d+)\]\s*$", step).group(1))
        assert " ".join(ans.first_step.split()) in " ".join(ans.citations[n - 1].passage.split())
        # a block's tagline ('Zorg voor …') is too general to be the first step
        assert all(gist(b.tagline).casefold() not in ans.first_step.casefold() for b in moz.blocks)


def test_selection_and_first_steps_on_the_test_split_stay_above_a_floor(assistant):
    """Floors a little under what was measured (test split, 134 situations: block precision
    0.636 and recall 0.648 from the fitted model; first step an instruction in 0.78, about a
    gold block in 0.62)."""
    from assistant.advice.fit import SITUATIONS, load, query_of
    from assistant.advice.select import score
    from assistant.eval.advice import _pr

    items = [i for i in load(SITUATIONS) if i["split"] == "test"]
    pairs = [(set(score(assistant, query_of(i)).chosen), set(i["bouwstenen"])) for i in items]
    precision, recall = _pr(pairs)
    assert precision >= 0.58 and recall >= 0.60, (precision, recall)
    sample = items[::4]  # a few dozen full advices keep this cheap
    labels = first_step_blocks()
    advices = [(i, assistant.ask(i["question"], history=i["history"], mode="advice")) for i in sample]
    told = sum(instruction(first_step_line(a.text)) for _, a in advices)
    on_gold = sum(step_on_gold(a, set(i["bouwstenen"]), labels) for i, a in advices)
    assert told / len(sample) >= 0.6, told
    assert on_gold / len(sample) >= 0.5, on_gold


def test_the_first_step_is_about_a_chosen_block(assistant):
    """'Start vanaf het allereerste begin met alle partijen …' opened the advice for a
    network three years old that cannot show what it yields (Waarde, Opgave). An
    instruction must fit the chosen blocks (its sentence window against the seven block
    explanations); the labelled first steps of the train situations show the difference."""
    from dataclasses import replace

    from assistant.advice.fit import SITUATIONS, load

    items = [i for i in load(SITUATIONS) if i["split"] == "train"][::6]
    labels = first_step_blocks()
    blind = Assistant(assistant.retriever, assistant.settings, answerability=assistant.answerability,
                      config=replace(assistant.config, advice=replace(assistant.config.advice,
                                                                      step_block_weight=0.0,
                                                                      step_min_fit=float("-inf"))))

    def on_gold(a: Assistant) -> int:
        return sum(step_on_gold(a.ask(i["question"], history=i["history"], mode="advice"),
                                set(i["bouwstenen"]), labels) for i in items)

    fitted, unfitted = on_gold(assistant), on_gold(blind)
    assert fitted > unfitted, (fitted, unfitted, len(items))
    strict = Assistant(assistant.retriever, assistant.settings, answerability=assistant.answerability,
                       config=replace(assistant.config, advice=replace(assistant.config.advice,
                                                                       step_min_fit=99.0)))
    step = first_step_line(strict.ask(items[0]["question"], history=items[0]["history"], mode="advice").text)
    assert "Leg de partners eerst deze vraag voor" in step, step  # no instruction fits that well


def test_practice_examples_and_source_lines_are_whole_sentences(assistant):
    """No title, byline or photo caption as a practice example ('De opbrengst van vier jaar
    samenwerking — Els van Kooten' was one for a network that produces nothing concrete), and
    no list item or list lead-in as what the sources say ('… die dat waarderen:')."""
    stuck = ("Ons netwerk van corporaties en zorgaanbieders vergadert al een jaar, maar er komt niets "
             "concreets uit. Wat moeten we doen?")
    seen = 0
    for question in (stuck, START, SITUATION, MONEY):
        for block in _advice(assistant, question).advice_blocks:
            for section in block.sections:
                if section.kind in ("praktijk", "bronnen"):
                    for item in section.items:
                        seen += 1
                        told = re.sub(r"\s*\[\d+\]$", "", item)
                        assert re.search(r"[.!…][”’\"')]*$", told), item
                        if section.kind == "bronnen":
                            assert told[:1].isupper() and not leans_on_previous(told), item
    assert seen >= 6


def test_a_practice_example_shares_a_word_of_the_situation_that_most_blocks_do_not_use(assistant):
    """'Het verzoek aan Arriva was … gratis buskaartjes' is no example for a network nobody
    owns: an example that fits nothing of the situation is left out."""
    texts = block_texts(assistant)
    analyzer = assistant.retriever.lexical.analyzer
    shown = 0
    for question in ("Niemand voelt zich eigenaar van het netwerk.", START, SITUATION, MONEY,
                     "Een partner dreigt uit ons netwerk te stappen."):
        own = {s for s in analyzer(question) if sum(s in texts.stems[n] for n in texts.names) < 4}
        for block in _advice(assistant, question).advice_blocks:
            for section in block.sections:
                if section.kind == "praktijk":
                    for item in section.items:
                        shown += 1
                        told = re.sub(r"\s*\[\d+\]$", "", item).split(": ", 1)[-1]
                        assert set(analyzer(told)) & own, (question, item)
    assert shown >= 2


def test_a_question_that_points_back_comes_with_the_question_it_points_to(assistant):
    """'Wie voelt zich verantwoordelijk voor die inrichting?' was put to the partners alone
    in 243 of 1,136 advices: which 'inrichting'? It now follows its own key question
    ('Hoe is het netwerk ingericht? … Wie voelt …'), both quoted; and no source line starts
    with a phrase that points back ('Met die laatste optie …')."""
    from assistant.advice.compose import leans_back

    assert leans_back("Wie voelt zich verantwoordelijk voor die inrichting?")
    assert leans_back("Dat verschil (effect) wordt pas van waarde als iemand het waardeert: wie is dat?")
    assert leans_back("Met die laatste optie kan de inzet van partners echt op het samen doen gericht zijn.")
    assert not leans_back("Zijn alle partners betrokken die nodig zijn voor de opgave?")
    assert not leans_back("Welke partners zijn er in het netwerk?")

    owners = ("Niemand in ons netwerk voelt zich eigenaar van hoe we georganiseerd zijn: wie zit waar "
              "aan tafel, wie besluit, wie is verantwoordelijk voor de inrichting van het netwerk?")
    shown = 0
    for question in (owners, START, SITUATION, MONEY):
        ans = _advice(assistant, question)
        quotes = " ".join(c.quote for c in ans.citations)
        for block in ans.advice_blocks:
            for section in block.sections:
                for item in section.items:
                    told = re.sub(r"\s*\[\d+\]$", "", item)
                    if section.kind == "vragen" and " … " in told:
                        first, second = told.split(" … ", 1)
                        assert leans_back(second) and not leans_back(first), item
                        assert first in quotes and second in quotes  # both quoted, verbatim
                        shown += 1
                    elif section.kind == "vragen":
                        assert not leans_back(told), f"alone: {item}"
                    if section.kind == "bronnen":
                        assert not leans_back(told), item
        assert not repeated(ans.text)
    assert shown >= 1  # the ownership situation gets the 'inrichting' question, with its referent


def test_questions_close_to_everything_are_discounted(assistant):
    """'Welke partners zijn er in het netwerk?' stands close to any situation; ranked by
    cosine alone it was the first Deelname question of half our advices. Its closeness to
    the whole mozaiek is measured (``BlockTexts.generic``) and discounted."""
    import numpy as np

    texts = block_texts(assistant)
    rows = [i for i, p in enumerate(texts.pieces) if p.kind in ("key", "deeper")]
    partners = next(i for i in rows if texts.pieces[i].text.strip() == "Welke partners zijn er in het netwerk?")
    assert texts.generic[partners] > np.median(texts.generic[rows])
    assert abs(float(texts.generic.mean())) < 1e-4
    assert assistant.config.advice.question_generic_discount > 0


def test_a_source_sentence_is_not_chosen_for_a_word_every_block_uses(assistant):
    """'Een netwerk kan klein (bijv. 5 partners) of groot zijn (bijv. 50 partners).' came
    with advices about a partner leaving or two partners in conflict, for the word
    'partners' alone. The block's own source sentence is ranked by its cosine less its
    closeness to the whole mozaiek, and only a word of the situation that few blocks use
    tips the scale: across different situations the same sentence no longer leads."""
    from collections import Counter

    cfg = assistant.config.advice
    assert cfg.source_generic_discount > 0 and cfg.source_shared_weight > 0
    situations = ("Een van onze partners wil uit het netwerk stappen omdat het te weinig oplevert.",
                  "Tussen de bestuurders van twee partners botst het voortdurend.",
                  "De partners komen steeds minder vaak naar het overleg.",
                  "Onze partners haken één voor één af; ze zeggen dat het netwerk niets oplevert.",
                  START, SITUATION, MONEY)
    first = Counter()
    for question in situations:
        for block in _advice(assistant, question).advice_blocks:
            for section in block.sections:
                if section.kind == "bronnen":
                    first[re.sub(r"\s*\[\d+\]$", "", section.items[0])] += 1
    assert first and first.most_common(1)[0][1] <= 2, first.most_common(3)


def test_a_source_sentence_that_needs_its_neighbours_is_not_shown_alone():
    from assistant.advice.compose import _whole

    assert not _whole("Voor een netwerk is het inrichten van zo’n monitor om twee redenen extra uitdagend.")
    assert not _whole("De ervaring leert dat zo’n ‘functionele’ verbinding duurzamer is.")
    assert not _whole("In het begin is dat soms lastig, later gaat dat vaak beter.")
    assert not _whole("Zónder zal de maatschappij vroeg of laat kritische vragen stellen.")
    assert not _whole("Enerzijds wil je iedereen aan tafel die nodig is om de opgave verder te brengen.")
    assert not _whole("Het geeft informatie over hoe partijen betrokken zijn bij het netwerk.")
    assert not _whole("Voor een netwerk geldt dat niet.")
    assert not _whole("Allemaal gespreksstof voor de andere bouwstenen.")
    assert not _whole("Pepijn: “Het kan ook leiden tot spanningen en conflicten.")
    assert _whole("Het kan ook leiden tot spanningen en conflicten, zegt Pepijn.")
    assert _whole("Het werken aan een maatschappelijke opgave vraagt vaak om verandering bij de partners.")
    assert _whole("Deelname kent ook altijd een einde.")
    assert _whole("Het is belangrijk dat iedereen goed gehoord wordt.")


def test_a_practice_example_closes_the_quote_it_opens_or_is_not_shown():
    from assistant.advice.compose import _case_text
    from assistant.text.sentences import split_sentences

    text = ("Marieke: “In Zaanstad doen we allebei: we kijken naar wat er nodig is. "
            "En we bouwen aan de alliantie.” Daarna gaat het over iets anders.")
    spans = split_sentences(text)
    shown = _case_text(text, spans, 0, 45)
    assert shown is not None and shown.endswith("alliantie.”") and shown.count("“") == shown.count("”")
    assert _case_text(text, spans, 0, 12) is None  # the closing sentence does not fit: no example
    plain = "In Oss werkt de Proeftuin Ruwaard al jaren samen met bewoners aan gezondheid in de wijk en daarbuiten."
    assert _case_text(plain, split_sentences(plain), 0, 45) == plain


def test_which_block_a_topic_belongs_to_is_named_from_the_mozaiek(assistant):
    """'Welke bouwsteen gaat over geld?' was answered with sentences about the building
    blocks in general ('Juist door de samenhang tussen de bouwstenen …')."""
    from assistant.advice.blockquestion import asks_block

    assert asks_block("Welke bouwsteen gaat over geld?")
    assert asks_block("Onder welke bouwsteen valt het betrekken van bewoners?")
    assert asks_block("Which building block is about trust?")
    assert not asks_block("Uit welke bouwstenen bestaat het Netwerkmozaïek?")  # the list
    assert not asks_block("Welke bouwsteen is het belangrijkst?")
    assert not asks_block("Hoe gaan partners om met geld?")
    for question, block in (("Welke bouwsteen gaat over geld?", "Organisatie"),
                            ("Bij welke bouwsteen hoort vertrouwen tussen partners?", "Binding"),
                            ("Which building block is about measuring results?", "Waarde")):
        ans = assistant.ask(question)
        assert ans.status == "answered" and ans.citations, question
        assert re.match(rf"(Dat valt onder de bouwsteen|That is the building block) {block}\b", ans.text), ans.text
        magazine = {b.doc_id for b in assistant.mozaiek().blocks}
        assert {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)} == {c.n for c in ans.citations}
        for c in ans.citations:  # the magazine's own words, verbatim
            assert c.doc_id in magazine and all(part in c.passage for part in c.quote.split(" … "))
    # a filter without the magazine: the question goes the usual way
    others = [d for d in assistant.retriever.doc_ids if d not in magazine]
    ans = assistant.ask("Welke bouwsteen gaat over geld?", doc_ids=others)
    assert "bouwsteen Organisatie" not in ans.text and all(c.doc_id in others for c in ans.citations)


def test_what_a_named_block_means_is_answered_from_the_mozaiek(assistant):
    """'Wat houdt de bouwsteen Verankering in?' was answered with other sentences naming the
    block ('Een belangrijke bouwsteen voor de legitimatie van Proeftuin Ruwaard …')."""
    from assistant.advice.blockpage import asked

    assert asked("Wat houdt de bouwsteen Verankering in?") == ("Verankering", "meaning")
    assert asked("Wat houdt de bouwsteen waarde in?") == ("Waarde", "meaning")  # next to 'bouwsteen'
    assert asked("And what does the building block 'Binding' mean?") == ("Binding", "meaning")
    # a capitalised name, while the conversation is about the blocks
    assert asked("Leg Waarde eens uit.", "Leg Waarde eens uit. (bouwstenen)") == ("Waarde", "meaning")
    assert asked("Leg Waarde eens uit.") is None
    assert asked("Wat is de waarde van een netwerk?", "(bouwstenen)") is None  # a plain noun
    # the question asks something else about the block
    assert asked("Wat is de rol van vertrouwen in de bouwsteen Binding?") is None
    assert asked("Welke bouwstenen zijn er?") is None
    magazine = {b.doc_id for b in assistant.mozaiek().blocks}
    for question, block in (("Wat houdt de bouwsteen Verankering in?", "Verankering"),
                            ("What is the building block 'Samen doen' about?", "Samen doen")):
        ans = assistant.ask(question)
        assert ans.status == "answered" and ans.text.startswith(f"{block} is ")
        tagline = next(b.tagline for b in assistant.mozaiek().blocks if b.name == block)
        assert tagline in ans.text  # the block's own page, not only its line in the overview
        assert {int(n) for n in re.findall(r"\[(\d+)\]", ans.text)} == {c.n for c in ans.citations}
        for c in ans.citations:
            assert c.doc_id in magazine and all(part in c.passage for part in c.quote.split(" … "))
        assert not re.search(r":\s*\[\d+\]$", ans.text)  # never ends on a list's lead-in


def test_the_questions_of_a_named_block_come_from_its_page(assistant):
    """'What are the key questions for the building block Binding?' was led by a link of
    another block ('Deelname: Spanningen bij de verbinding …')."""
    from assistant.advice.blockpage import asked

    assert asked("Welke vragen horen bij de bouwsteen Binding?") == ("Binding", "questions")
    assert asked("Welke vragen horen bij Binding?", "Welke vragen horen bij Binding? (bouwstenen)") == \
        ("Binding", "questions")
    assert asked("Welke vragen kan ik stellen over vertrouwen bij de bouwsteen Binding?") is None
    binding = next(b for b in assistant.mozaiek().blocks if b.name == "Binding")
    ans = assistant.ask("What are the key questions for the building block Binding?")
    assert ans.status == "answered" and ans.text.startswith("For the building block Binding")
    shown = [" ".join(k.text.split()) for k in binding.key_questions]
    assert all(q.rstrip("?") in ans.text for q in shown)  # every key question, with its citation
    assert not any(" ".join(d.text.split())[:40] in ans.text for d in binding.deeper_questions)  # key only
    ans = assistant.ask("Welke vragen horen bij de bouwsteen Binding?")
    assert "Verdiepende vragen:" in ans.text and all(q.rstrip("?") in ans.text for q in shown)
    for c in ans.citations:
        assert all(part in c.passage for part in c.quote.split(" … "))
