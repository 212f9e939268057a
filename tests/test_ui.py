"""Unit tests of the UI's pure parts: rendering (escaping!), feedback store, exports,
handout, the app state. Hand-made Answer objects; no browser, no index."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

from assistant.errors import IndexMissingError, InputError, LLMError
from assistant.types import AdviceBlock, AdviceSection, Answer, Citation, Passage
from ui import export, handout, render
from ui.feedback import FeedbackStore
from ui.state import AppState, Conversation, Turn

EVIL_SCRIPT = "<script>window.__pwned=1</script>"
EVIL_IMG = '<img src=x onerror="window.__pwned=1">'
EVIL = f"Tekst {EVIL_SCRIPT} en {EVIL_IMG} einde."

PASSAGE = ("Een organisatienetwerk is meer dan samenwerken. Organisaties geven samen vorm aan "
           "een opgave die geen van hen alleen kan oppakken. Daarvoor is een eigen organisatie "
           "nodig, met aandacht voor binding.")


def citation(n=1, quote="Organisaties geven samen vorm aan een opgave die geen van hen alleen "
             "kan oppakken.", passage=PASSAGE, title="Meer bereiken", section="Inleiding"):
    return Citation(n=n, chunk_id=f"c{n}", doc_id="platform31-magazine", title=title,
                    section=section, quote=quote, passage=passage)


def answer(**kw):
    base = dict(text="Een netwerk is meer dan samenwerken [1]. Zie ook [2].",
                citations=[citation(1), citation(2, quote="Daarvoor is een eigen organisatie "
                                                          "nodig, met aandacht voor binding.")],
                abstained=False, query="Wat is een organisatienetwerk?", backend="extractive",
                question="Wat is een organisatienetwerk?")
    base.update(kw)
    return Answer(**base)


def passage(text=PASSAGE, **kw):
    base = dict(chunk_id="p1", doc_id="kenis-interview", title="Niemand zit te wachten",
                section="Interview", text=text, score=0.0321, bouwstenen=["Binding"])
    base.update(kw)
    return Passage(**base)


def advice_answer():
    section = AdviceSection("vragen", "Vragen om met de partners te bespreken",
                            ["Wat levert het netwerk jou op? [1]"], [1])
    blocks = [AdviceBlock("Binding", "Wat houdt ons bij elkaar?", "past", ["partners"], [section]),
              AdviceBlock("Waarde", "Wat levert het op?", "past", [], [])]
    text = ("## Binding — Wat houdt ons bij elkaar?\n*Waarom deze bouwsteen: past*\n\n"
            "**Vragen om met de partners te bespreken**\n- Wat levert het netwerk jou op? [1]\n\n"
            "## Eerste stap\nBegin met het gesprek [1]")
    return answer(text=text, mode="advice", advice_blocks=blocks, citations=[citation(1)],
                  question="Onze partners haken af. Wat kunnen we doen?",
                  query="Onze partners haken af. Wat kunnen we doen?", first_step="Begin")


def done_turn(a: Answer, mode="answer") -> Turn:
    return Turn(question=a.question, mode=mode, answer=a, query=a.query, done=True)


# ---- rendering ----------------------------------------------------------------------------


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "onerror=" not in html.replace("onerror=&quot;", "")


def test_citations_become_links_to_source_panels():
    html = render.render_answer(answer(), turn=3)
    assert 'class="nw-cite" href="#nw-src-3-1"' in html
    assert 'id="nw-src-3-2"' in html
    assert html.count('<details class="nw-source"') == 2
    # the cited sentence is marked inside the whole passage
    assert ("<mark>Organisaties geven samen vorm aan een opgave die geen van hen alleen kan "
            "oppakken.</mark>") in html
    assert "Een organisatienetwerk is meer dan samenwerken." in html  # the context around it


def test_marker_without_citation_stays_text():
    html = render.render_answer(answer(text="Zie [7].", citations=[citation(1)]), turn=0)
    assert "[7]" in html and "nw-src-0-7" not in html


def test_quote_parts_are_each_highlighted_and_missing_parts_shown():
    quote = ("Een organisatienetwerk is meer dan samenwerken. … Daarvoor is een eigen "
             "organisatie nodig, met aandacht voor binding.")
    body, missing = render.highlight(PASSAGE, quote)
    assert body.count("<mark>") == 2 and not missing
    body, missing = render.highlight(PASSAGE, "Dit staat er niet in.")
    assert "<mark>" not in body and missing == ["Dit staat er niet in."]
    html = render.render_citation(citation(quote="Dit staat er niet in."), 0)
    assert "<mark>Dit staat er niet in.</mark>" in html


def test_highlight_tolerates_whitespace_and_case():
    text = "Eerste zin.\nOrganisaties   geven samen\nvorm aan een opgave. Slot."
    body, missing = render.highlight(text, "organisaties geven samen vorm aan een opgave.")
    assert not missing and body.startswith("Eerste zin.\n<mark>Organisaties")


def test_script_and_img_in_passages_and_questions_are_escaped():
    evil_cite = citation(quote="Tekst", passage=EVIL, title=EVIL, section=EVIL_IMG)
    a = answer(text=f"Antwoord {EVIL} [1]", citations=[evil_cite], question=EVIL,
               query=EVIL_IMG, related=[passage(text=EVIL, title=EVIL_IMG)], flags=[EVIL],
               note=EVIL_IMG)
    turn = Turn(question=EVIL, mode="answer", answer=a, done=True, doc_ids=[EVIL_IMG])
    search = Turn(question=EVIL_IMG, mode="search", passages=[passage(text=EVIL, section=EVIL)],
                  done=True)
    error = Turn(question="x", mode="answer", error=EVIL, error_detail=EVIL_IMG, done=True)
    streaming = Turn(question="x", mode="answer", partial=EVIL)
    html = render.render_conversation([turn, search, error, streaming])
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html


def test_markdown_links_cannot_run_script():
    html = render.markdown_html("[klik](javascript:alert(1)) ![x](http://evil/x.png) <b>vet</b>")
    assert "javascript:" not in html.replace("[klik](javascript:alert(1))", "")
    assert "<img" not in html and "<b>" not in html and "&lt;b&gt;" in html


def test_advice_text_renders_markdown_and_rewritten_query_is_shown():
    a = advice_answer()
    html = render.render_turn(done_turn(a, "advice"), 0)
    assert "<h2>Binding — Wat houdt ons bij elkaar?</h2>" in html
    assert "<li>Wat levert het netwerk jou op? <a class=\"nw-cite\"" in html
    assert "Zoekvraag" not in html
    follow = answer(question="En hoe dan?", query="Hoe houd je partners betrokken?")
    assert "Zoekvraag: Hoe houd je partners betrokken?" in render.render_turn(done_turn(follow), 1)


def test_abstained_answer_shows_related_passages():
    a = answer(text="De bronnen geven geen antwoord.", citations=[], abstained=True,
               related=[passage()])
    html = render.render_answer(a, 0)
    assert "nw-abstained" in html and "dichtst bij" in html and "Niemand zit te wachten" in html


def test_answer_status_is_shown_as_a_badge():
    assert "Gedeeltelijk beantwoord" in render.render_answer(answer(status="partial"), 0)
    assert "Niet in de bronnen" in render.render_answer(
        answer(status="not_covered", abstained=True, citations=[]), 0)
    assert "nw-badge" not in render.render_answer(answer(), 0)


def test_english_answer_gets_english_badge_and_headings():
    html = render.render_answer(answer(status="partial", language="en"), 0)
    assert "Partly answered" in html and "Sources (in Dutch)" in html
    assert "Gedeeltelijk beantwoord" not in html and ">Bronnen " not in html
    off = render.render_answer(answer(status="not_covered", abstained=True, citations=[], language="en",
                                      related=[passage()]), 0)
    assert "Not in the sources" in off and "Closest passages" in off and "dichtst bij" not in off


def test_search_turn_shows_scores_and_blocks():
    html = render.render_turn(Turn(question="binding", mode="search", passages=[passage()],
                                   done=True), 2)
    assert "score 0.0321" in html and "nw-tag nw-b-binding" in html and 'id="nw-hit-2-1"' in html


def test_mozaiek_lights_chosen_blocks_and_escapes():
    moz = {"blocks": [mozaiek_block("Binding", tagline=EVIL_IMG), mozaiek_block("Waarde")]}
    html = render.render_mozaiek(moz, lit=["Binding", "Waarde"], prefix="t")
    assert_inert(html)
    assert html.count("nw-lit") == 2 and "nw-has-lit" in html
    assert html.count('class="nw-moz-radio') == 7 and html.count("<label for=") == 7
    assert "Wat houdt ons bij elkaar?" in html and "Kernvragen" in html
    none = render.render_mozaiek(None)
    assert "nw-has-lit" not in none and "nog niet beschikbaar" in none


def test_welcome_screen_and_status():
    assert "Welkom" in render.render_conversation([])
    assert 'data-status="building"' in render.render_status("building", "Index wordt opgebouwd…")


# ---- feedback ------------------------------------------------------------------------------


def test_feedback_round_trip_and_csv(tmp_path):
    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite")
    assert store.rows() == []
    a = answer(question="=SUM(A1) vraag")
    first = store.add(a, "down", "bron klopt niet", session="s1", user="lena")
    store.add(a, "up", session="s2")
    rows = store.rows()
    assert [r["id"] for r in rows] == [first, first + 1]
    assert rows[0]["rating"] == -1 and rows[0]["reason"] == "bron klopt niet"
    assert rows[0]["answer"] == a.text and rows[0]["session"] == "s1" and rows[0]["user"] == "lena"
    cites = json.loads(rows[0]["citations"])
    assert cites[0]["quote"] == a.citations[0].quote and cites[0]["n"] == 1
    parsed = list(csv.DictReader(io.StringIO(store.to_csv())))
    assert len(parsed) == 2 and parsed[1]["rating"] == "1"
    assert parsed[0]["question"] == "'=SUM(A1) vraag"  # no formula injection in spreadsheets
    store.update(first, rating="up", reason="onvolledig", comment="mist iets")
    assert store.rows()[0]["rating"] == 1 and store.rows()[0]["comment"] == "mist iets"
    store.update(first, rating="down", reason="bron klopt niet")
    out = store.export_csv(tmp_path / "f.csv")
    assert out.read_text(encoding="utf-8-sig").startswith("id,created,user,session")
    with pytest.raises(InputError):
        store.add(a, "meh")
    with pytest.raises(InputError):
        store.add(a, "down", "geen idee")


def test_feedback_database_from_before_accounts_gains_a_user_column(tmp_path):
    import sqlite3

    path = tmp_path / "feedback.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,"
                    " session TEXT NOT NULL, rating INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '',"
                    " comment TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '', question TEXT NOT NULL,"
                    " query TEXT NOT NULL DEFAULT '', answer TEXT NOT NULL, citations TEXT NOT NULL DEFAULT '[]',"
                    " backend TEXT NOT NULL DEFAULT '')")
        con.execute("INSERT INTO feedback (created, session, rating, question, answer) VALUES"
                    " ('2026-01-01', 's', 1, 'oud', 'antwoord')")
    store = FeedbackStore(path)
    store.add(answer(), "up", user="tom")
    rows = [(r["question"], r["user"]) for r in store.rows()]
    assert rows == [("oud", ""), ("Wat is een organisatienetwerk?", "tom")]


def test_feedback_from_threads(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    threads = [threading.Thread(target=store.add, args=(answer(), "up")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.rows()) == 8


# ---- exports -------------------------------------------------------------------------------


def conversation_turns():
    search = Turn(question="binding", mode="search", passages=[passage()], done=True)
    failed = Turn(question="te lang", mode="answer", error="Je vraag is te lang.", done=True)
    pending = Turn(question="nog bezig", mode="answer")
    return [done_turn(answer()), done_turn(advice_answer(), "advice"), search, failed, pending]


def test_markdown_export_has_questions_answers_and_quotes():
    md = export.to_markdown(conversation_turns())
    assert md.startswith("# Netwerkwijzer — gesprek")
    assert "## Vraag 1" in md and "## Vraag 4" in md and "nog bezig" not in md
    assert "Een netwerk is meer dan samenwerken [1]." in md
    assert "[1] **Meer bereiken — Inleiding** (platform31-magazine)" in md
    assert "> Organisaties geven samen vorm aan een opgave" in md
    assert "## Binding — Wat houdt ons bij elkaar?" in md
    assert "### Gevonden passages" in md and "**Fout:** Je vraag is te lang." in md


def test_docx_export_opens_with_answer_and_quotes(tmp_path):
    from docx import Document

    turns = conversation_turns()
    turns[0].answer.citations[0] = citation(quote="Organisaties geven samen vorm\x0c aan")
    path = export.to_docx(turns, tmp_path / "out" / "gesprek.docx")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Een netwerk is meer dan samenwerken [1]." in text
    assert "Organisaties geven samen vorm aan" in text  # the form feed was dropped
    assert "Daarvoor is een eigen organisatie nodig, met aandacht voor binding." in text
    assert "Wat levert het netwerk jou op? [1]" in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Vraag 1" in headings and "Binding — Wat houdt ons bij elkaar?" in headings
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "Vragen om met de partners te bespreken" in bold


def test_empty_conversation_exports():
    assert "Nog geen vragen gesteld" in export.to_markdown([])


# ---- handout -------------------------------------------------------------------------------


def mozaiek_block(name, tagline="Wat houdt ons bij elkaar?"):
    return {
        "name": name, "tagline": tagline, "doc_id": "platform31-magazine",
        "explanation": {"text": f"Uitleg over {name}: partners blijven betrokken als het "
                                "netwerk iets oplevert.", "chunk_id": "m1"},
        "explanation_more": [{"text": "Meer uitleg."}],
        "key_questions": [{"text": f"Kernvraag {name} 1?"}, {"text": f"Kernvraag {name} 2?"}],
        "deeper_questions": [{"text": f"Verdiepende vraag {name}?"}],
        "links": [{"target": "Waarde", "text": "Stem af met Waarde."}],
    }


def test_handout_block_contents():
    passages = [
        passage(chunk_id="own", text="De eigen tekst van de bouwsteen.", bouwstenen=["Binding"]),
        passage(chunk_id="q1", doc_id="mkw-essay", title="Corporaties", section="Leren",
                text="Kort. Partners blijven betrokken als het netwerk voor hen iets oplevert "
                     "en zij dat ook zien.", bouwstenen=[]),
        passage(chunk_id="q2", doc_id="kenis-interview", title="Niemand", section="Interview",
                text="Een casus\n\nKenis zegt dat betrokken partners het netwerk dragen, ook als "
                     "het moeilijk wordt. Ze komen terug als ze zien wat het hun oplevert.",
                bouwstenen=[]),
    ]
    block = handout.build_block(mozaiek_block("Binding"), passages,
                                {"kenis-interview": "interview", "mkw-essay": "essay"},
                                "Meer bereiken met organisatienetwerken")
    assert block.explanation[0].startswith("Uitleg over Binding")
    assert block.key_questions == ("Kernvraag Binding 1?", "Kernvraag Binding 2?")
    assert all(q.chunk_id != "own" for q in block.quotes)
    assert block.quotes[0].text.startswith("Partners blijven betrokken")
    assert block.case is not None and block.case.chunk_id == "q2"  # an interview, not quoted
    assert block.case.text.startswith("Kenis zegt")  # the heading line is left out
    # case questions differ from the key and deeper questions the handout already shows
    assert len(block.case_questions) >= 2
    assert not set(block.case_questions) & {"Kernvraag Binding 1?", "Kernvraag Binding 2?",
                                            "Verdiepende vraag Binding?"}
    assert all(q.endswith("?") for q in block.case_questions)
    doc = handout.Handout([block])
    md = handout.to_markdown(doc)
    for part in ("## Binding — Wat houdt ons bij elkaar?", "### Kernvragen",
                 "### Verdiepende vragen", "### Uit de bronnen", "### Oefencasus",
                 "### Stem af met", "## Bronnen",
                 "- Meer bereiken met organisatienetwerken — Bouwsteen Binding"):
        assert part in md, part


def test_handout_docx_and_choice(tmp_path):
    from docx import Document

    blocks = [handout.build_block(mozaiek_block(n), [passage(bouwstenen=[])]) for n in
              ("Waarde", "Binding")]
    path = handout.to_docx(handout.Handout(blocks), tmp_path / "h.docx")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Kernvraag Waarde 1?" in text and "Verdiepende vraag Binding?" in text
    assert "Oefencasus" in text and "Bronnen" in text
    assert handout.chosen(["binding", "OPGAVE"]) == ["Opgave", "Binding"]
    with pytest.raises(InputError):
        handout.chosen([])


# ---- state ---------------------------------------------------------------------------------


def test_app_state_builds_index_when_missing(tmp_path):
    from assistant.settings import Settings

    calls = []

    class Fake:
        def health(self):
            return {"documents": 2, "chunks": 10, "backend": "extractive"}

    def open_assistant(settings):
        calls.append("open")
        if "build" not in calls:
            raise IndexMissingError("no index")
        return Fake()

    state = AppState(Settings(data_dir=tmp_path), open_assistant=open_assistant,
                     build_index=lambda s: calls.append("build"))
    with pytest.raises(IndexMissingError, match="geladen"):
        state.get_assistant()
    state.start()
    assert state.wait(10)
    assert calls == ["open", "build", "open"]
    assert isinstance(state.get_assistant(), Fake)
    assert state.status_line() == ("ready", "Klaar: 2 documenten, 10 passages · antwoorden: "
                                            "extractief (zonder taalmodel)")


def test_app_state_reports_failure(tmp_path):
    from assistant.settings import Settings

    def broken(settings):
        raise LLMError("server down")

    state = AppState(Settings(data_dir=tmp_path), open_assistant=broken)
    state.start()
    assert not state.wait(10)
    kind, message = state.status_line()
    assert kind == "error" and "server down" in message
    with pytest.raises(IndexMissingError, match="kon niet starten"):
        state.get_assistant()


def test_conversation_history_skips_errors_and_searches():
    conv = Conversation(turns=conversation_turns())
    history = conv.history()
    assert [t["role"] for t in history] == ["user", "assistant"] * 2
    index, turn = conv.last_answer()
    assert index == 1 and turn.mode == "advice"


def test_friendly_messages_are_dutch():
    from ui.layout import check_question, friendly

    msg, detail = friendly(LLMError("connection refused"))
    assert "taalmodelserver" in msg and detail == "connection refused"
    assert "nog geen index" in friendly(IndexMissingError("No index found"))[0]
    with pytest.raises(InputError, match="tekens lang"):
        check_question("x" * 5000)


# ---- links from documents and answers --------------------------------------------------------


@pytest.mark.parametrize("link", ["//evil.example/login", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                  "mailto:a@b.nl", "data:text/html,x", "http://plain.nl", "/relatief",
                                  "https://user@evil.example", "https:evil.example", "vbscript:x"])
def test_unsafe_links_are_shown_as_text(link):
    html = render.markdown_html(f"Zie [inlog]({link}) en <{link}>.")
    assert "<a " not in html and "href" not in html
    assert "inlog" in html


def test_https_links_name_the_host_they_go_to():
    html = render.markdown_html("Lees [www.platform31.nl](https://evil.example/x?y=1) [1].",
                         {1: "nw-src-0-1"})
    assert '<a href="https://evil.example/x?y=1" rel="noopener noreferrer nofollow" target="_blank">' in html
    assert 'www.platform31.nl</a><span class="nw-link-host"> (evil.example)</span>' in html
    assert 'href="#nw-src-0-1"' in html  # citations still become links


def test_event_handlers_return_updates_not_new_components():
    """A component made inside an event handler joins whatever layout is being built at that
    moment in any thread (Gradio keeps one global build context): in a fresh clone's test run
    a handler's ``gr.Column(visible=…)`` landed in another app's ``gr.Tabs`` while that app
    was built. Handlers say what changes with ``gr.update``; only warnings are made there."""
    import ast
    from pathlib import Path

    import ui.layout

    tree = ast.parse(Path(ui.layout.__file__).read_text(encoding="utf-8"))
    build = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "build_ui")
    handlers = [n for n in build.body if isinstance(n, ast.FunctionDef)]
    assert len(handlers) > 15
    made = [f"{h.name}: gr.{c.func.attr}" for h in handlers for c in ast.walk(h)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
            and isinstance(c.func.value, ast.Name) and c.func.value.id == "gr"
            and c.func.attr[:1].isupper() and c.func.attr not in ("Warning", "Info", "Error")]
    assert not made, made
