"""A list's lead-in and its members: kept in one passage at ingest, quoted as one piece.

A document of our own (a network's annual report), ingested with the real model into a
library of its own: which members a 'welke drie …' question asks for is read from the
document below, not from a known answer."""

from __future__ import annotations

import re

from assistant.answer.extractive import list_runs
from assistant.text.sentences import split_sentences

MEMBERS = (
    "de werkgroep Wonen, die woningen voor uitstromers zoekt bij de corporaties in de regio;",
    "de werkgroep Zorg, die de wijkverpleging en de huisartsen aan tafel brengt;",
    "de werkgroep Schulden, die vroegsignalering van betalingsachterstanden organiseert.",
)
REPORT = "\n\n".join([
    "Jaarverslag Wijknetwerk Zuid 2025",
    "Wijknetwerk Zuid is een samenwerking van de gemeente, twee woningcorporaties, een "
    "zorgaanbieder en de schuldhulpverlening. Het netwerk bestaat sinds 2021 en richt zich op "
    "bewoners die tussen wal en schip dreigen te vallen. In 2025 zijn de partners twaalf keer "
    "bij elkaar gekomen en is de samenwerking met de huisartsen verder uitgebouwd.",
    "Het uitvoerende werk van het netwerk is verdeeld over drie werkgroepen:",
    *(f"– {m}" for m in MEMBERS),  # a dash per member, as the sources' lists have
    "De werkgroepen rapporteren elk kwartaal aan de stuurgroep. De stuurgroep bespreekt de "
    "voortgang en stelt waar nodig de prioriteiten bij. Bewoners worden via de wijkraad "
    "betrokken bij de evaluatie aan het eind van het jaar.",
    "Financiën",
    "De kosten van de coördinator worden gedragen door de vijf partners, elk voor een vijfde "
    "deel. Voor 2026 is de begroting gelijk gebleven aan die van 2025. De gemeente draagt "
    "daarnaast de kosten van de jaarlijkse netwerkdag.",
])


def test_a_lead_in_with_its_members_is_found():
    spans = split_sentences(REPORT)
    runs = list_runs(REPORT, spans, 100)
    assert len(runs) == 1
    i, j = runs[0]
    assert REPORT[spans[i][0]:spans[i][1]].endswith("drie werkgroepen:") and j - i == 3
    assert list_runs(REPORT, spans, 30) == []  # too long for the limit: no list piece
    flat = "Het werk is verdeeld over twee groepen: wonen en zorg. Dat werkt goed."  # no members on lines
    assert list_runs(flat, split_sentences(flat), 100) == []


def test_a_which_three_question_is_answered_with_the_members(tmp_path, base_settings, embedder):
    from assistant.core import Assistant
    from assistant.store import Store
    from ingest import pipeline

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jaarverslag-zuid.txt").write_text(REPORT, encoding="utf-8")
    settings = base_settings.replace(data_dir=tmp_path / "data")
    store = Store.open_for_writing(settings, embedder.model_id, embedder.dimension)
    assert not pipeline.run([folder], store, embedder).failed
    assistant = Assistant.from_settings(settings, embedder=embedder)

    ans = assistant.ask("Welke drie werkgroepen heeft Wijknetwerk Zuid?")
    # answered or partial: the answerability model doubts most answers to value questions
    assert ans.status != "not_covered", ans.text
    assert ans.text.split("[")[0].rstrip().endswith("werkgroep Schulden, die vroegsignalering van "
                                                   "betalingsachterstanden organiseert")  # it leads
    for member in MEMBERS:
        name = re.search(r"werkgroep \w+", member).group(0)
        assert name in ans.text, (name, ans.text)
    # the lead-in and its members are one quote, cited once, word for word from the report
    cited = re.findall(r"drie werkgroepen:.*?\[(\d+)\]", ans.text)
    assert cited and ans.citations[int(cited[0]) - 1].quote.count("werkgroep ") >= 3
    def plain(text):  # the cleaner drops list dashes and joins lines
        return " ".join(text.replace("– ", "").split())

    assert all(plain(q) in plain(REPORT) for c in ans.citations for q in c.quote.split(" … "))
