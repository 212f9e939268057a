"""Questions that name documents ('Vergelijk het interview met Kenis en de inleiding van zijn
boek'): which documents they name, and answers that quote each of them."""

from __future__ import annotations

from assistant.answer.named_sources import DocumentNames
from assistant.store import StoredChunk


def _first(doc_id: str, title: str, kind: str, authors: str = "", subtitle: str = "") -> StoredChunk:
    extra = {"kind": kind, "authors": authors, "subtitle": subtitle}
    return StoredChunk(chunk_id=f"{doc_id}-0", doc_id=doc_id, title=title, section="", text="…", start=0, end=1,
                       source=f"{doc_id}.txt", extra=extra)


LIBRARY = [
    _first("mkw-essay", "Corporaties raken verstrikt in organisatienetwerken", "essay", "Corry Keulen, Hans Vedder"),
    _first("platform31-magazine", "Meer bereiken met organisatienetwerken", "magazine", "Platform31"),
    _first("kenis-interview", "Niemand zit te wachten op een extra baas", "interview", "Dorine van Kesteren",
           "Hoogleraar Patrick Kenis over organisatienetwerken"),
    _first("kenis-cambre-inleiding", "Organisatienetwerken — Inleiding", "book chapter", "Patrick Kenis, Bart Cambré"),
    _first("jaarverslag-2024", "Jaarverslag 2024 Woonstichting Oost", "annual report", "Woonstichting Oost"),
    _first("jaarverslag-2025", "Jaarverslag 2025 Woonstichting Oost", "annual report", "Woonstichting Oost"),
]


def test_a_document_is_named_by_its_kind_with_a_word_of_its_own():
    names = DocumentNames.of(LIBRARY)
    assert names.named("Zijn het MKW-essay en het Platform31-magazine het eens over organiseren?") == [
        "mkw-essay", "platform31-magazine"]
    assert names.named("Vergelijk het interview met Kenis en de inleiding van zijn boek.") == [
        "kenis-interview", "kenis-cambre-inleiding"]
    # the only essay of the library needs no other word; 'Kenis' alone names no document
    assert names.named("Wat zegt het essay over leiderschap?") == ["mkw-essay"]
    assert names.named("Wat zegt Kenis over regie?") == []
    # two annual reports: the kind alone names neither, the year tells them apart
    assert names.named("Wat staat er in het jaarverslag over huurachterstanden?") == []
    assert names.named("Wat staat er in het jaarverslag 2025 over huurachterstanden?") == ["jaarverslag-2025"]
    assert names.named("Vergelijk het jaarverslag 2024 met het jaarverslag 2025") == [
        "jaarverslag-2024", "jaarverslag-2025"]
    assert names.named("Wat zegt het jaarverslag van Woonstichting Oost?") == ["jaarverslag-2024", "jaarverslag-2025"]


def test_a_kind_the_question_asks_about_names_nothing():
    names = DocumentNames.of(LIBRARY)
    assert names.named("In welk tijdschrift verscheen het interview met Kenis?") == ["kenis-interview"]
    assert names.named("Op welk boek steunt het MKW-essay?") == ["mkw-essay"]


def test_the_topic_is_the_question_without_the_words_that_name_the_documents():
    names = DocumentNames.of(LIBRARY)
    topic = names.topic("Zijn het MKW-essay en het Platform31-magazine het eens over hoeveel je moet organiseren?")
    assert "essay" not in topic.casefold() and "platform31" not in topic.casefold()
    assert "hoeveel je moet organiseren" in topic
    # a word of a title may be what is asked: 'baas' stays
    topic = names.topic("Moet een netwerk een baas hebben? Vergelijk het interview en de inleiding.")
    assert "baas" in topic and "interview" not in topic and "inleiding" not in topic


def test_an_answer_that_compares_two_named_documents_quotes_each(assistant):
    ans = assistant.ask("Hoeveel zeggenschap moet je als deelnemer opgeven? Vergelijk het interview met Kenis "
                        "en de inleiding van zijn boek.")
    assert ans.status != "not_covered"
    assert {"kenis-interview", "kenis-cambre-inleiding"} <= {c.doc_id for c in ans.citations}
    # the documents are searched for the topic, not for their names: no quote is about who Kenis is
    assert "hoogleraar aan Tilburg" not in ans.text
    # a question naming one document is searched as any other (no comparison)
    question = "Wat zegt het MKW-essay over de-organiseren?"
    one = assistant.assess(question)
    plain = assistant.retriever.search(question, 5, lexical_query=assistant.lexical_query(question))
    assert [c.chunk_id for c, _ in one.draft.hits] == [c.chunk_id for c, *_ in plain]
    # within a document filter, only the filter's documents are drafted from and quoted
    both = ["kenis-interview", "kenis-cambre-inleiding"]
    drafted = assistant._with_documents("regie in een netwerk", both, both)
    assert len(drafted) > 4 and {c.doc_id for c, *_ in drafted} == set(both)
    assert {c.doc_id for c, *_ in assistant._with_documents("regie in een netwerk", both)} > set(both)
    filtered = assistant.ask("Wat zeggen het interview met Kenis en de inleiding van zijn boek over regie?",
                             doc_ids=both)
    assert filtered.citations and {c.doc_id for c in filtered.citations} <= set(both)
