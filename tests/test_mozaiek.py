"""The Netwerkmozaïek as read from the real magazine with the real cleaner: taglines,
questions and links as they stand in the magazine, verbatim spans, the JSON round
trip, chunk links, and documents without a mozaiek."""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from assistant.bouwstenen import BOUWSTENEN
from assistant.errors import IndexMissingError, InputError
from assistant.mozaiek import Mozaiek
from ingest.chunk import chunk
from ingest.clean import CleanText, Section, clean
from ingest.mozaiek_extract import extract
from tests.conftest import CORPUS

MAGAZINE = CORPUS / "003_4a83c0c9d3f0adb1.txt"
DOC_ID = "netwerkmozaiek-magazine"

# name: (tagline, key questions, deeper questions, 'Stem af met...' targets in order)
EXPECTED = {
    "Opgave": ("Zorg voor een bindend beeld van het maatschappelijke vraagstuk",
               4, 4, ["Waarde", "Verankering", "Binding"]),
    "Waarde": ("Zorg voor verschil dat gewaardeerd wordt",
               4, 3, ["Opgave", "Deelname", "Samen doen"]),
    "Samen doen": ("Zorg voor tastbare resultaten",
                   4, 4, ["Opgave", "Deelname", "Organisatie"]),
    "Verankering": ("Zorg voor de relatie van het netwerk met haar omgeving",
                    4, 2, ["Waarde", "Deelname", "Organisatie"]),
    "Deelname": ("Zorg voor commitment op rol en bijdrage aan het netwerk",
                 4, 3, ["Opgave", "Waarde", "Binding"]),
    "Binding": ("Zorg voor duurzame verbinding tussen partners",
                3, 3, ["Waarde", "Deelname", "Organisatie"]),
    "Organisatie": ("Zorg voor organisatie overleg, besluitvorming en regie",
                    4, 3, ["Deelname", "Binding", "Samen doen"]),
}

# name: (explanation starts, explanation ends)
EXPLANATIONS = {
    "Opgave": ("Partners komen bij elkaar omdat ze samen urgentie voelen",
               "partners krijgen gaandeweg steeds scherper beeld."),
    "Waarde": ("Uiteindelijk wil men door het vormen van een organisatienetwerk",
               "of een casusbeschrijving – is dan vaak waardevol."),
    "Samen doen": ("Hoe kom je van groot denken naar klein doen?",
                   "daar kun je een dagtaak aan hebben."),
    "Verankering": ("De aandacht van het netwerk gaat al snel uit naar het interne functioneren.",
                    "wanneer het spannend wordt voor partners."),
    "Deelname": ("Deelnemen in een netwerk doe je bewust.",
                 "Anders bestaat de kans dat deze partner vroeg of laat afhaakt."),
    # not the overview text that precedes 'Korte toelichting' on this page
    "Binding": ("In de eerste plaats verbinden partners zich met het netwerk",
                "resultaten uit het netwerk in de eigen organisatie."),
    # the sentence the key-question box cuts in two is whole
    "Organisatie": ("Hoe we de gemiddelde organisatie moeten inrichten, is wel bekend.",
                    "kan de organisatie misschien een tandje minder formeel?"),
}

# explanation text the layout places after the key-question box
EXPLANATION_MORE = {
    "Waarde": "Gelukkig is een goede monitor ook extra waardevol voor een netwerk.",
    "Samen doen": "Samen doen is ook samen reflecteren en leren.",
    "Organisatie": "Financiële afspraken zijn eveneens onderdeel van de organisatie.",
}

# (block, kind, index, how the item starts, how it ends); "" = not checked
QUESTIONS = [
    ("Opgave", "key", 0, "De maatschappelijke opgave vormt de basis", "En staat deze op papier?"),
    ("Opgave", "key", 3, "Hoe wordt de ontwikkeling van de opgave gemonitord?", ""),
    ("Opgave", "deeper", 0, "Is bij het bepalen van de opgave een goed midden getroffen",
     "hadden kunnen oppakken)?"),
    ("Opgave", "deeper", 3, "Is de opgave ook objectief gemaakt?",
     "En hoe wordt dat binnen het netwerk in gesprek gebracht?"),
    ("Waarde", "key", 0, "Welk verschil gaat het netwerk maken? En hoe ontstaat dat precies?", ""),
    # wrapped over two lines in the magazine
    ("Waarde", "key", 1, "Dat verschil (effect) wordt pas van waarde als iemand het waardeert",
     "wie is dat? En waarom waardeert deze partij dat?"),
    ("Waarde", "deeper", 0, "Het werk van het netwerk zal uiteenlopende effecten opleveren",
     "‘value is in the eye of the stakeholder’."),
    ("Waarde", "deeper", 2, "Past de manier waarop de monitoring wordt ingericht",
     "Worden resultaten zichtbaar gemaakt?"),
    ("Samen doen", "key", 0, "Hoe zorgt het netwerk bij het langdurig werken aan grootse opgaven",
     "volgende stappen op korte termijn?"),
    ("Samen doen", "deeper", 1, "Zijn de samenwerkingsprocessen ook op één of andere manier",
     "En zijn deze ook breed gedeeld, tussen partners en op alle niveaus?"),
    ("Samen doen", "deeper", 2, "Wie draagt zorg voor de mensen die de regie/coördinatie",
     "Kunnen ze beschikken over de nodige middelen en invloed?"),
    ("Samen doen", "deeper", 3, "Hoe zorgt het netwerk voor reflectie?",
     "Waarin leeropbrengsten gedeeld worden?"),
    ("Verankering", "key", 0, "Hoe ziet de ‘omgeving’ van het organisatienetwerk eruit?",
     "En hoe houdt het netwerk dat in beeld?"),
    ("Verankering", "deeper", 0, "Waaraan is zichtbaar dat de manier van legitimeren",
     "ontwikkelfase van het netwerk?"),
    ("Verankering", "deeper", 1, "De omgeving van het netwerk ontwikkelt zich",
     "Of is er misschien een periodieke netwerkvisitatie?"),
    ("Deelname", "key", 0, "Welke partners zijn er in het netwerk?", ""),
    ("Deelname", "key", 3, "Is voor elke partner duidelijk wat de bijdrage aan het netwerk is",
     "En is dat voor elke partner in balans?"),
    ("Deelname", "deeper", 0, "Zijn er verschillende typen partners te onderscheiden?",
     "-beperkt-betrokken partners?"),
    ("Deelname", "deeper", 2, "Is er binnen het netwerk transparantie over de bijdrage",
     "Zijn de wederzijdse afhankelijkheden in beeld?"),
    ("Binding", "key", 0, "Hoe houden partners hun onderlinge verbinding levend en betekenisvol?",
     "aan vertrouwen en onderlinge relaties?"),
    ("Binding", "key", 1, "Hoe gaan partners met elkaar om in ‘goede’ en ‘slechte’ tijden?",
     "Zijn er spelregels? Hoe spreken zij elkaar aan?"),
    ("Binding", "deeper", 0, "Voeren partners actief het gesprek met elkaar",
     "wereldbeelden en belangen te bespreken?"),
    ("Binding", "deeper", 1, "Hebben partners gedeelde waarden geformuleerd",
     "Wie benoemt dat op momenten dat het even lastiger gaat tussen partners?"),
    ("Binding", "deeper", 2, "Biedt het netwerk een veilige constructieve setting",
     "Wie let op de kwaliteit van de onderlinge dialoog?"),
    ("Organisatie", "key", 0, "Hoe is het netwerk ingericht?", "En tussen deze niveaus?"),
    ("Organisatie", "key", 3, "Aan welke tafel vindt de besluitvorming plaats?",
     "waar wordt de vinger aan de pols gehouden rond de uitvoering?"),
    ("Organisatie", "deeper", 0, "Hoe formeel wil je de organisatie maken?",
     "georganiseerd op basis van vertrouwen?"),
    ("Organisatie", "deeper", 2, "In het lokale publieke domein kom je al snel de gemeente tegen.",
     "werken aan een opgave meestal ‘iets anders’ vraagt."),
]

# block: how each of its links starts and how the last one ends
LINKS = {
    "Opgave": (["De te leveren of geleverde waarde vormt als het ware het spiegelbeeld",
                "Betrokkenheid van de omgeving bij de definitie van de opgave",
                "De maatschappelijke opgave is misschien wel het belangrijkste bestanddeel"],
               "dat het opweegt tegen alle investeringen en ‘gedoe’?"),
    "Waarde": (["De te leveren of geleverde waarde vormt als het ware het spiegelbeeld",
                "Is duidelijk welke waarde een partner beoogt met de deelname",
                "Waarde ontstaat omdat er iets gerealiseerd wordt vanuit het netwerk."],
               "En worden die ook gaandeweg getoetst met behulp van monitoring?"),
    "Samen doen": (["De oplossing voor de complexe opgave is op voorhand niet bekend.",
                    "Partijen zijn bereid iets te brengen in de samenwerking",
                    "Hoe is de regie-/coördinatie vorm duurzaam georganiseerd"],
                   "de opgave andere, creatieve of ‘stoute’ oplossingen vraagt."),
    "Verankering": (["Maatschappelijke waarde(ring) van een netwerk is een belangrijke bron",
                     "Legitimatie van een netwerk bestaat voor een deel uit zelflegitimatie",
                     "Een netwerk rond een maatschappelijke opgave staat per definitie"],
                    "bijvoorbeeld via een maatschappelijke raad of klankbordgroep?"),
    "Deelname": (["Voor een goede aanpak van een maatschappelijke opgave moet een puzzel",
                  "Is duidelijk welke waarde een partner beoogt met de deelname",
                  "Spanningen in de verbinding van partners met het netwerk"],
                 "en wat daar de overwegingen bij zijn?"),
    "Binding": (["Duurzame verbindingen worden versterkt als er zicht is op de waarde",
                 "Spanningen bij de verbinding van partners met het netwerk",
                 "In elke samenwerking gelden er spelregels."],
                "Dan worden de spelregels onderdeel van de organisatie."),
    "Organisatie": (["Het aantal partners heeft grote invloed op de organisatie.",
                     "In elke samenwerking gelden er spelregels.",
                     "Hoe is de regie-/coördinatie-vorm duurzaam georganiseerd?"],
                    "en het leveren van zichtbaar resultaat?"),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def cleaned() -> CleanText:
    return clean(MAGAZINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def moz(cleaned) -> Mozaiek:
    found = extract(cleaned, DOC_ID)
    assert found is not None, "no Netwerkmozaïek found in the magazine"
    return found


def _all_items(moz: Mozaiek):
    return [item for b in moz.blocks for item in b.items()]


# ---- what the magazine says ------------------------------------------------------------


def test_all_seven_blocks_in_canonical_order_with_their_taglines(moz):
    assert [b.name for b in moz.blocks] == list(BOUWSTENEN)
    assert {b.name: b.tagline for b in moz.blocks} == {n: e[0] for n, e in EXPECTED.items()}
    assert {b.doc_id for b in moz.blocks} == {DOC_ID}


@pytest.mark.parametrize("name", BOUWSTENEN)
def test_question_counts_and_link_targets(moz, name):
    _, n_key, n_deeper, targets = EXPECTED[name]
    block = moz.block(name)
    assert len(block.key_questions) == n_key
    assert len(block.deeper_questions) == n_deeper
    assert [link.target for link in block.links] == targets


@pytest.mark.parametrize("name", BOUWSTENEN)
def test_explanation_is_the_korte_toelichting(moz, name):
    block = moz.block(name)
    start, end = EXPLANATIONS[name]
    text = _flat(block.explanation.text)
    assert text.startswith(start) and text.endswith(end)
    assert "Korte toelichting" not in text and "•" not in text and "Zorg voor" not in text
    more = [_flat(i.text) for i in block.explanation_more]
    if name in EXPLANATION_MORE:
        assert len(more) == 1 and more[0].startswith(EXPLANATION_MORE[name])
    else:
        assert more == []


@pytest.mark.parametrize(("name", "kind", "index", "starts", "ends"), QUESTIONS)
def test_questions_are_whole(moz, name, kind, index, starts, ends):
    block = moz.block(name)
    items = block.key_questions if kind == "key" else block.deeper_questions
    text = _flat(items[index].text)
    assert text.startswith(starts), text
    assert text.endswith(ends), text


@pytest.mark.parametrize("name", BOUWSTENEN)
def test_link_texts(moz, name):
    openings, last_end = LINKS[name]
    links = moz.block(name).links
    assert [_flat(link.text)[: len(o)] for link, o in zip(links, openings, strict=True)] \
        == openings
    assert _flat(links[-1].text).endswith(last_end)  # the next article is not swallowed


def test_every_span_quotes_the_cleaned_text_verbatim(moz, cleaned):
    for item in _all_items(moz):
        assert cleaned.text[item.start:item.end] == item.text
        assert item.text == item.text.strip() and item.text
        # markers and labels stay outside the item
        assert item.text[0] not in "•–-0123456789", item.text[:40]
        for label in ("Verdiepende vragen", "Stem af met", "Korte toelichting"):
            assert label not in item.text


def test_block_lookup_ignores_case_and_rejects_unknown_names(moz):
    assert moz.block("samen DOEN").name == "Samen doen"
    with pytest.raises(InputError, match="Known:"):
        moz.block("Koffie")


# ---- persistence -------------------------------------------------------------------------


def test_json_round_trip_is_lossless(moz, cleaned):
    linked = moz.with_chunk_ids([(s.start, s.end, f"c{i}") for i, s in enumerate(chunk(cleaned))])
    for m in (moz, linked):
        d = json.loads(json.dumps(m.to_dict(), ensure_ascii=False))
        assert Mozaiek.from_dict(d) == m
        assert Mozaiek.from_dict(d).to_dict() == m.to_dict()


def test_malformed_stored_mozaiek_names_the_fix(moz):
    d = moz.to_dict()
    del d["blocks"][0]["tagline"]
    with pytest.raises(IndexMissingError, match="python -m ingest"):
        Mozaiek.from_dict(d)


class _Store:
    def __init__(self, value):
        self.value = value

    def get_meta(self, key):
        assert key == "mozaiek_json"
        return self.value


def test_from_store(moz):
    with pytest.raises(IndexMissingError, match="python -m ingest"):
        Mozaiek.from_store(_Store(None))
    assert Mozaiek.from_store(_Store(moz.to_dict())) == moz


def test_from_store_relinks_items_to_the_live_chunks(moz, cleaned):
    spans = chunk(cleaned)
    live = [SimpleNamespace(doc_id=DOC_ID, start=s.start, end=s.end, chunk_id=f"live{i}")
            for i, s in enumerate(spans)]
    stale = moz.with_chunk_ids([(s.start, s.end, "stale") for s in spans])
    relinked = Mozaiek.from_store(_Store(stale.to_dict()), _retriever(live))
    assert all(i.chunk_id.startswith("live") for i in _all_items(relinked))
    # chunks of other documents only: keep what ingest stored
    other = [SimpleNamespace(doc_id="other", start=0, end=10**6, chunk_id="x")]
    kept = Mozaiek.from_store(_Store(stale.to_dict()), _retriever(other))
    assert kept == stale


def _retriever(chunks):
    """A stand-in with the one retriever method relinking uses: a document's live passages."""
    return SimpleNamespace(document_chunks=lambda doc_id: [c for c in chunks if c.doc_id == doc_id])


def test_with_chunk_ids_points_at_the_chunk_holding_each_item(moz, cleaned):
    spans = chunk(cleaned)
    by_id = {f"c{i}": s for i, s in enumerate(spans)}
    linked = moz.with_chunk_ids([(s.start, s.end, cid) for cid, s in by_id.items()])
    assert [b.name for b in linked.blocks] == [b.name for b in moz.blocks]
    for before, item in zip(_all_items(moz), _all_items(linked), strict=True):
        assert (item.text, item.start, item.end) == (before.text, before.start, before.end)
        span = by_id[item.chunk_id]
        assert span.start <= item.start < span.end
        whole = [s for s in spans if s.start <= item.start and item.end <= s.end]
        if whole:  # where some chunk holds the whole item, that is the one picked
            assert span.end >= item.end
    # most items sit inside one chunk, so the quote is found in the cited passage
    inside = [i for i in _all_items(linked) if i.end <= by_id[i.chunk_id].end]
    assert len(inside) >= 0.8 * len(_all_items(linked))


def test_items_no_chunk_holds_get_no_id(moz):
    linked = moz.with_chunk_ids([(0, 10, "first")])
    assert {i.chunk_id for i in _all_items(linked)} == {""}


# ---- documents without a mozaiek ---------------------------------------------------------


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.glob("*.txt") if p != MAGAZINE),
                         ids=lambda p: p.name)
def test_other_corpus_documents_have_none(path):
    assert extract(clean(path.read_text(encoding="utf-8")), path.stem) is None


def test_a_document_with_too_few_block_pages_has_none():
    raw = MAGAZINE.read_text(encoding="utf-8")
    # up to the Waarde page: only Binding, Deelname and Opgave
    cut = raw.index("Korte toelichting\nUiteindelijk wil men")
    assert extract(clean(raw[:cut]), DOC_ID) is None
    assert extract(clean("Een korte tekst zonder bouwstenen.\n"), "x") is None


def test_pages_are_found_without_sections(moz, cleaned):
    """A cleaner that finds no sections: the 'Bouwsteen X' paragraphs mark the pages."""
    bare = extract(replace(cleaned, sections=()), DOC_ID)
    assert bare == moz


def _synthetic(names: tuple[str, ...]) -> CleanText:
    """Block pages in the layout variants the extractor must survive."""
    pages = ["Het Netwerkmozaïek\n\nOpgave\n\nZorg voor een bindend beeld"]
    for name in names:
        tagline = "" if name == "Opgave" else f"{name}\n\nZorg voor iets bij {name}\n\n"
        pages.append(
            f"Bouwsteen {name}\n\n{tagline}Korte toelichting\n\n"
            f"Over {name} gaat dit en het loopt door tot de\n\n"
            f"• Is {name} besproken?\n\nHoe weten we dat?\n\n"
            f"• Is er een tweede vraag?\n\n"
            f"helft van de zin die de kadertekst onderbrak.\n\n"
            f"Verdiepende vragen 1. Een eerste verdiepende vraag? Met uitleg.\n\n"
            f"En een tweede regel daarvan?\n\n2. Een tweede vraag? Stem af met...\n\n"
            f"– binding | Een link met een streep.\n\n• samen doen | Een link met een bolletje.\n\n"
            f"Een volgend artikel\n\nMet een lange tekst die niets met de bouwsteen te maken heeft."
        )
    text = "\n\n".join(pages)
    sections = tuple(Section(text.index(f"Bouwsteen {n}"), f"Bouwsteen {n}") for n in names)
    return CleanText(text, sections, ())


def test_layout_variants():
    """Glued labels, a wrapped key question, an explanation the question box cuts in two,
    dash or bullet links, and a tagline only in the overview figure."""
    doc = _synthetic(BOUWSTENEN[:5])
    moz = extract(doc, "synthetic")
    assert moz is not None and [b.name for b in moz.blocks] == list(BOUWSTENEN[:5])
    assert moz.block("Opgave").tagline == "Zorg voor een bindend beeld"  # from the overview
    assert moz.block("Waarde").tagline == "Zorg voor iets bij Waarde"
    for b in moz.blocks:
        assert b.explanation.text == f"Over {b.name} gaat dit en het loopt door tot de"
        assert [i.text for i in b.explanation_more] == [
            "helft van de zin die de kadertekst onderbrak."]
        assert [_flat(i.text) for i in b.key_questions] == [
            f"Is {b.name} besproken? Hoe weten we dat?", "Is er een tweede vraag?"]
        assert [_flat(i.text) for i in b.deeper_questions] == [
            "Een eerste verdiepende vraag? Met uitleg. En een tweede regel daarvan?",
            "Een tweede vraag?"]
        assert [(link.target, link.text) for link in b.links] == [
            ("Binding", "Een link met een streep."), ("Samen doen", "Een link met een bolletje.")]
        for item in b.items():
            assert doc.text[item.start:item.end] == item.text
    assert extract(_synthetic(BOUWSTENEN[:4]), "synthetic") is None
