"""A list's lead-in and its members: kept in one passage at ingest, quoted as one piece.

A document of our own (a network's annual report), ingested with the real model into a
library of its own: which members a 'welke drie …' question asks for is read from the
document below, not from a known answer."""

from __future__ import annotations

import re

import pytest

from assistant.answer.lists import list_runs, numbered_runs
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
# a numbered list too long to quote whole: each item a title, then what it means, then why
PRINCIPLES = (
    ("Eén aanspreekpunt", "Elke bewoner die hulp vraagt, krijgt één vaste contactpersoon uit het netwerk.",
     "Zo hoeft niemand zijn verhaal bij vijf loketten opnieuw te vertellen."),
    ("Eén plan", "De partners maken met de bewoner één gezamenlijk plan voor wonen, zorg en geld.",
     "Dat voorkomt dat organisaties langs elkaar heen werken of elkaars afspraken doorkruisen."),
    ("Doorzettingsmacht", "Als een oplossing vastloopt in de regels, beslist de stuurgroep binnen twee weken.",
     "De stuurgroep heeft daarvoor mandaat gekregen van alle partners in het netwerk."),
    ("Leren", "Elk kwartaal bespreken de werkgroepen twee casussen die niet goed zijn gelopen.",
     "Wat daaruit geleerd wordt, komt terug in de werkafspraken van het volgende kwartaal."),
)
WORKING = "\n\n".join([
    "Werkwijze van Wijknetwerk Noord",
    "Wijknetwerk Noord helpt bewoners met problemen op meer terreinen tegelijk. Het netwerk is "
    "in 2023 gestart door de gemeente, een woningcorporatie en twee zorgaanbieders, en werkt "
    "sindsdien volgens vaste uitgangspunten die de partners samen hebben opgesteld.",
    "De uitgangspunten:",
    *(f"{n}. {title}. {means} {why}" for n, (title, means, why) in enumerate(PRINCIPLES, 1)),
    "Over deze uitgangspunten leggen de partners jaarlijks verantwoording af aan de gemeenteraad.",
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


def test_a_numbered_list_is_found_with_each_items_opening():
    spans = split_sentences(WORKING)
    runs = numbered_runs(WORKING, spans, 160)
    assert len(runs) == 1
    i, items = runs[0]
    assert WORKING[spans[i][0]:spans[i][1]] == "De uitgangspunten:"
    # each item's title with the sentence after it; the rest of the item is left out
    assert [WORKING[a:b] for a, b in items] == [f"{n}. {title}. {means}"
                                                for n, (title, means, _) in enumerate(PRINCIPLES, 1)]
    assert numbered_runs(WORKING, spans, 40) == []  # too long for the limit
    skipped = WORKING.replace("3. Doorzettingsmacht", "4. Doorzettingsmacht")
    assert [len(items) for _, items in numbered_runs(skipped, split_sentences(skipped), 160)] == [2]


def _library(tmp_path, base_settings, embedder):
    from assistant.core import Assistant
    from assistant.store import Store
    from ingest import pipeline

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jaarverslag-zuid.txt").write_text(REPORT, encoding="utf-8")
    (folder / "werkwijze-noord.txt").write_text(WORKING, encoding="utf-8")
    settings = base_settings.replace(data_dir=tmp_path / "data")
    store = Store.open_for_writing(settings, embedder.model_id, embedder.dimension)
    assert not pipeline.run([folder], store, embedder).failed
    return Assistant.from_settings(settings, embedder=embedder)


def test_a_which_three_question_is_answered_with_the_members(tmp_path, base_settings, embedder):
    assistant = _library(tmp_path, base_settings, embedder)
    ans = assistant.ask("Welke drie werkgroepen heeft Wijknetwerk Zuid?")
    # a list whose lead-in names the asked noun, with as many members as asked, answers it
    assert ans.status == "answered", ans.text
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


@pytest.mark.parametrize("question", ["Welke uitgangspunten hanteert Wijknetwerk Noord?",
                                      "Wat zijn de uitgangspunten van Wijknetwerk Noord?",
                                      "Hoe heten de uitgangspunten van Wijknetwerk Noord?"])
def test_a_which_question_is_answered_with_a_numbered_list(tmp_path, base_settings, embedder, question):
    assistant = _library(tmp_path, base_settings, embedder)
    ans = assistant.ask(question)
    assert ans.status == "answered", ans.text
    lines = ans.text.splitlines()
    assert lines[0] == "De uitgangspunten:"  # the list leads, its lead-in on a line of its own
    # then one line per item, in order: its title and what it means, cited
    item_lines = [line for line in lines if re.match(r"\d\. ", line)]
    assert [line.split(" [")[0] for line in item_lines] == [
        f"{n}. {title}. {means.rstrip('.')}" for n, (title, means, _) in enumerate(PRINCIPLES, 1)]
    assert all(re.search(r"\[\d+\]\.$", line) for line in item_lines)
    assert not any(why in ans.text for _, _, why in PRINCIPLES)  # the openings, not the whole list
    quote = ans.citations[0].quote
    assert all(part in WORKING for part in quote.split(" … ")) and quote.count(" … ") >= 4
