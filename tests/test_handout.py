"""The Lesmateriaal handout: quotes about the block, case questions that are not the key
questions, references from the manifest, A4 pages; and the same selection as advice."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.types import Passage
from tests.conftest import CORPUS
from ui import handout


def _block(name="Organisatie"):
    return {
        "name": name, "tagline": "Zorg voor organisatie overleg, besluitvorming en regie",
        "doc_id": "platform31-magazine",
        "explanation": {"text": "Partners spreken af hoe zij de besluitvorming inrichten.",
                        "chunk_id": "m1"},
        "key_questions": [{"text": "Aan welke tafel vindt de besluitvorming plaats?"}],
        "deeper_questions": [{"text": "Hoe formeel wil je de organisatie maken?"}],
        "links": [{"target": "Binding", "text": "In elke samenwerking gelden er spelregels. "
                                                "Wat gebeurt er bij een conflict?"}],
    }


def _passage(chunk_id, text, doc_id="mkw-essay"):
    return Passage(chunk_id=chunk_id, doc_id=doc_id, title="Corporaties", section="Leren",
                   text=text, score=1.0, bouwstenen=[])


def test_quotes_are_about_the_block_and_case_questions_are_new():
    passages = [
        _passage("a", "Het weer was die dag bijzonder mooi en iedereen genoot van de zon."),
        _passage("b", "De partners maakten afspraken over wie de kosten van het overleg betaalt "
                      "en wie de besluiten neemt."),
    ]
    block = handout.build_block(_block(), passages, {"mkw-essay": "essay"})
    assert [q.chunk_id for q in block.quotes] == ["b"]  # the weather is not about Organisatie
    shown = set(block.key_questions) | set(block.deeper_questions)
    assert block.case_questions and not shown & set(block.case_questions)
    assert "Wat gebeurt er bij een conflict?" in block.case_questions  # from the block's link


def test_references_come_from_the_manifest_and_the_docx_is_a4(tmp_path):
    from docx import Document

    refs = handout.references(SimpleNamespace(settings=SimpleNamespace(corpus_dir=CORPUS)))
    assert "(2020). MKW Platform." in refs["mkw-essay"] and "Corry Keulen" in refs["mkw-essay"]
    assert refs["platform31-magazine"].startswith("Platform31 (z.j.). Platform31, met steun")
    block = handout.build_block(_block(), [_passage("b", "De partners maakten afspraken over "
                                                         "wie de kosten betaalt en wie beslist.")])
    doc = handout.Handout([block], references=refs)
    md = handout.to_markdown(doc)
    assert "MKW Platform" in md and "(mkw-essay)" in md
    path = handout.to_docx(doc, tmp_path / "h.docx")
    section = Document(str(path)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_a_document_the_manifest_does_not_list_keeps_its_authors_from_the_index():
    upload = SimpleNamespace(doc_id="upload-1", extra={"authors": "A. Jansen"})
    listed = SimpleNamespace(doc_id="mkw-essay", extra={"authors": "iemand anders"})
    fake = SimpleNamespace(settings=SimpleNamespace(corpus_dir=CORPUS),
                           retriever=SimpleNamespace(chunks=[upload, listed]))
    refs = handout.references(fake)
    assert refs["upload-1"] == "A. Jansen (z.j.)."
    assert "MKW Platform" in refs["mkw-essay"]  # the manifest wins where it lists the document


def test_handout_for_a_situation_uses_the_advice_selection(assistant):
    from assistant.advice import choose_blocks

    situation = "Er is onenigheid over wie de kosten van het projectbureau betaalt."
    out = handout.collect_for(assistant, situation)
    assert [b.name for b in out.blocks] == sorted(
        (c.name for c in choose_blocks(assistant, situation)),
        key=["Opgave", "Waarde", "Samen doen", "Verankering", "Deelname", "Binding",
             "Organisatie"].index)
    assert out.sources() and all(out.references.get(s.doc_id) for s in out.sources())


def test_a_heading_is_no_sentence_and_the_case_tells_about_something_named():
    """A heading that ends in a quoted word ('… niet van wat ‘kan’') was glued to the case's
    first sentence; a reflection was the case although a passage about a named network
    was found."""
    text = ("Uitgaan van wat nodig is en niet van wat ‘kan’\n\nTegelijk ondervonden we ook dat een "
            "‘bedoeling’ centraal stellen vragen oproept. “Dat zeiden ze toen ook echt tegen ons.”")
    assert handout.body_sentences(text) == [
        "Tegelijk ondervonden we ook dat een ‘bedoeling’ centraal stellen vragen oproept.",
        "“Dat zeiden ze toen ook echt tegen ons.”"]
    reflection = _passage("r", "Samenwerken vraagt veel van mensen en van organisaties. Het vraagt "
                               "geduld en vertrouwen van iedereen die meedoet in het netwerk.")
    named = _passage("n", "Het is een lang verhaal met veel kanten en veel mensen. In Tilburg werkt de MOM "
                          "met dertien organisaties aan één opgave. De partners van de MOM spreken af aan "
                          "welke tafel het overleg en de besluitvorming plaatsvindt en wie de regie voert.")
    biography = _passage("w", "Het werk van de Duitse socioloog Max Weber heeft me altijd geïntrigeerd. Weber "
                              "hield zich bezig met organisaties in de negentiende eeuw en ontdekte de "
                              "bureaucratie als nieuwe vorm.")
    topic = {"overleg", "besluitvorming", "regie", "partners", "tafel", "spreken", "welke"}
    case = handout._case([reflection, biography, named], topic, "Organisatie")
    assert case.chunk_id == "n" and case.text.startswith("In Tilburg werkt de MOM")
    # a story about someone named that is not about the block is no case for it
    assert handout._case([reflection, biography], topic, "Organisatie").chunk_id == "r"
    # without a named passage, the best passage is still a case
    assert handout.build_block(_block(), [reflection], {"mkw-essay": "essay"}).case.chunk_id == "r"


def test_each_block_of_the_handout_has_its_own_case(assistant):
    """Deelname and Binding told the same passage as their case."""
    out = handout.collect(assistant, ["Opgave", "Waarde", "Samen doen", "Verankering", "Deelname",
                                      "Binding", "Organisatie"])
    cases = [b.case.chunk_id for b in out.blocks if b.case is not None]
    assert len(cases) == 7 and len(set(cases)) == 7
    quoted = [q.chunk_id for b in out.blocks for q in b.quotes]
    assert not set(cases) & set(quoted)


def test_case_questions_stand_on_their_own():
    """'Zijn ze inderdaad elkaars spiegelbeeld?' (from a 'Stem af met' link) was a question
    about the case: nobody knows who 'ze' are without the link's statement."""
    block = _block()
    block["links"] = [{"target": "Opgave", "text": "De waarde is het spiegelbeeld van de opgave. Zijn ze "
                                                  "inderdaad elkaars spiegelbeeld? Hoe houd je elkaar vast, "
                                                  "ook als het even moeilijk is voor die ene partij?"},
                      {"target": "Binding", "text": "Wat gebeurt er bij een conflict?"}]
    questions = handout.build_block(block, [], {}).case_questions
    assert "Wat gebeurt er bij een conflict?" in questions
    assert not any("spiegelbeeld" in q or "die ene partij" in q for q in questions)


def test_a_quote_must_be_about_the_block_by_its_windows_and_read_on_its_own():
    """By its words alone, 'Zorg voor Elkaar Breda werkt met een gezamenlijk ontwikkeld
    toetsingskader …' was the quote of four blocks; with the block's fit in the sentence
    windows (``assistant.advice.blockfit``) a sentence must hold this block above the others."""
    passages = [
        _passage("low", "De partners maakten afspraken over het overleg en de besluiten van het netwerk."),
        _passage("lean", "Daarom maakten de partners afspraken over het overleg en de besluiten."),
        _passage("label", "Binding: De partners maakten afspraken over het overleg en de besluiten."),
        _passage("high", "Het overleg van de partners gaat over besluiten en regie in het netwerk."),
        _passage("higher", "De besluitvorming en het overleg zijn belegd bij de regie van het netwerk."),
    ]
    fits = {"low": 0.4, "lean": 2.5, "label": 2.5, "high": 1.2, "higher": 2.0}
    block = handout.build_block(_block(), passages, {"mkw-essay": "essay"},
                                fit=lambda chunk_id, sentence: fits[chunk_id])
    # below the threshold, leaning back or a block's label: never; the rest by words and fit
    assert [q.chunk_id for q in block.quotes] == ["higher", "high"]
    # without the fit (no mozaiek in the index), words decide as before
    plain = handout.build_block(_block(), passages, {"mkw-essay": "essay"})
    assert "low" in [q.chunk_id for q in plain.quotes]


def test_no_sentence_is_the_quote_of_several_blocks(assistant):
    quoted: dict[str, list[str]] = {}
    for name in ("Opgave", "Waarde", "Samen doen", "Verankering", "Deelname", "Binding", "Organisatie"):
        for q in handout.collect(assistant, [name]).blocks[0].quotes:
            quoted.setdefault(q.text, []).append(name)
            assert handout._stands_alone(q.text), q.text
    shared = {text: names for text, names in quoted.items() if len(names) > 1}
    assert not shared, shared
    assert len(quoted) >= 14  # two quotes a block at least


def test_a_blocks_fit_is_how_far_it_stands_out_among_the_seven():
    import numpy as np

    from assistant.advice.blockfit import standing

    # one row per block, one column per window: the first window is about the seventh block
    cosines = np.array([[0.80, 0.80, 0.80, 0.80, 0.80, 0.80, 0.86],
                        [0.81, 0.80, 0.82, 0.80, 0.81, 0.80, 0.80]]).T
    pull = np.eye(7)[6]
    fit = standing(cosines, pull)
    assert fit[0] > 2.0 and fit[1] < 0.0
    assert standing(None, pull) is None
