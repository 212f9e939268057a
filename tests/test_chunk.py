"""Tests for ingest.chunk: Dutch sentence splitting and passage building.

Sentences are copied from the corpus where the corpus has the case; abbreviations the
corpus does not use ("o.a.", "d.w.z.", "e.d.", "m.n.") are shown in sentences written
in its style.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from assistant.text.sentences import split_sentences
from ingest.chunk import ChunkSpan, chunk
from ingest.clean import CleanText, Section, clean

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def words(doc: CleanText, span: ChunkSpan) -> int:
    return len(doc.text[span.start:span.end].split())


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    "text",
    [
        # corpus (magazine)
        "Een netwerk kan klein (bijv. 5 partners) of groot zijn (bijv. 50 partners).",
        "Vervoerders, bijv. Arriva, kunnen ook deelnemen aan het netwerk.",
        "Partners, o.a. Gemeente Oss en Woningcorporatie Trivire, delen hun kennis.",
        "Het gaat om één gebied, d.w.z. Heerlen-Noord, met ruim 50.000 bewoners.",
        "Cliëntenraden, huurdersverenigingen e.d. Raden van Commissarissen geven legitimatie.",
        "Organisaties, m.n. Zorgpartijen, keerden naar binnen tijdens de corona.",
        "Er is een gesprek i.p.v. Een punt doordrukken, t.a.v. Bewoners en o.b.v. Cijfers.",
        "Afspraken m.b.t. Wonen en zorg worden gemaakt met dhr. Kenis en mevr. Sloep.",
        "Het boek van prof. Kenis en dr. Cambré, drs. Klap en nr. 5 van ca. 20 titels.",
        # corpus (magazine, footnote): "o.l.v." and an initial
        "NWO-onderzoek naar Toezicht op Organisatienetwerken o.l.v. P. Kenis “External and "
        "internal supervision methods and modalities for organizational networks addressing "
        "complex societal issues (EISON)”",
        # corpus (essay, footnotes): initials
        "David A. Kolb, Experiential Learning: experience as the source of learning and "
        "development (1984).",
        "Karl E. Weick, Sensemaking in Organizations (1995)",
        # corpus (essay): "Wst." and "St." before names
        "Dit verklaarde ook de dynamiek in de samenwerking tussen Wst. Domus, Wst. St. Joseph "
        "en Woningvereniging Nederweert.",
        # corpus (book): an ellipsis inside an enumeration
        "Alleen als de diverse partners er, in dialoog met de gedetineerde, in slagen om de "
        "belangrijke levensdomeinen – werk, wonen, vrije tijd, sociale relaties, gezondheid, "
        "mobiliteit… – zinvol en coherent op elkaar af te stemmen, is een duurzame oplossing "
        "mogelijk.",
        # corpus (interview): a quotation followed by its attribution
        "“Dit soort organisatienetwerken zijn de toekomst”, zegt Patrick Kenis, de Vlaamse "
        "hoogleraar Public Governance aan de Universiteit van Tilburg.",
        # decimals and thousands
        "De gemeente Peel en Maas is inmiddels al toe aan versie 3.0 en 5.000 euro.",
    ],
)
def test_one_sentence_is_not_split(text):
    assert sentences(text) == [text]


def test_numbered_question_starts_with_its_number():
    # corpus (magazine): a "Verdiepende vragen" item
    text = (
        "1. Voeren partners actief het gesprek met elkaar over hoe zij het werken in het "
        "netwerk ervaren, of het netwerk voor hen voldoende resultaten oplevert en hoe zij, "
        "indien nodig, de samenwerking kunnen verbeteren? Is daar ruimte voor binnen de "
        "gekozen organisatie van het netwerk?"
    )
    got = sentences(text)
    assert len(got) == 2
    assert got[0].startswith("1. Voeren partners actief het gesprek")
    assert got[1] == "Is daar ruimte voor binnen de gekozen organisatie van het netwerk?"


def test_number_ending_a_sentence_is_a_sentence_end():
    text = "Het programma startte in 2018. Els van Kooten vertelt."
    assert sentences(text) == ["Het programma startte in 2018.", "Els van Kooten vertelt."]


def test_quotes_questions_and_ellipsis():
    # corpus (interview)
    text = (
        "Volgens het katholieke adagium ‘beter achteraf vergiffenis dan vooraf toestemming’? "
        "“Haha, inderdaad. Of op z’n Belgisch, zou je kunnen zeggen.”"
    )
    assert sentences(text) == [
        "Volgens het katholieke adagium ‘beter achteraf vergiffenis dan vooraf toestemming’?",
        "“Haha, inderdaad.",
        "Of op z’n Belgisch, zou je kunnen zeggen.”",
    ]
    # corpus (book)
    text = (
        "nieuwe zorgpaden waarin diverse organisaties en partners zich rond de patiënt "
        "organiseren, de herstelacademies… Veel van deze initiatieven ontstaan ook in overleg."
    )
    assert len(sentences(text)) == 2
    assert sentences(text)[1].startswith("Veel van deze initiatieven")
    # corpus (essay): "etc." can end a sentence
    text = "leiders en volgers etc. Het zijn zogenaamde losse gekoppelde systemen."
    assert sentences(text) == ["leiders en volgers etc.", "Het zijn zogenaamde losse gekoppelde "
                               "systemen."]
    # corpus (essay): an initial followed by a year, then a real sentence end
    text = "4 Gulati, R., & Kletter, D. (2005). Shrinking core, expanding periphery."
    assert sentences(text) == ["4 Gulati, R., & Kletter, D. (2005).",
                               "Shrinking core, expanding periphery."]


def test_lines_always_end_sentences_and_spans_cover_the_text():
    text = (
        "Verdiepende vragen\n\n1. Hoe formeel wil je de organisatie maken? Moet het "
        "vastgelegd worden in contracten?\n\n  Stem af met...  "
    )
    spans = split_sentences(text)
    got = [text[a:b] for a, b in spans]
    assert got == [
        "Verdiepende vragen",
        "1. Hoe formeel wil je de organisatie maken?",
        "Moet het vastgelegd worden in contracten?",
        "Stem af met...",
    ]
    covered = "".join(text[a:b] for a, b in spans)
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


# --------------------------------------------------------------------------- chunking


def doc_from(*sections: tuple[str, list[str]]) -> CleanText:
    """A CleanText built from (title, paragraphs) pairs."""
    parts: list[str] = []
    marks: list[Section] = []
    offset = 0
    for title, paras in sections:
        marks.append(Section(offset, title))
        for p in paras:
            parts.append(p)
            offset += len(p) + 2
    return CleanText("\n\n".join(parts), tuple(marks), ())


# corpus (book), the first two paragraphs of "Inleiding": 96 and 69 words
BOOK_1 = (
    "We leven in een complexe, snel veranderende wereld die ons voortdurend met nieuwe "
    "uitdagingen confronteert. Zowel overheden, bedrijven als non-profitorganisaties zoeken "
    "continu naar nieuwe oplossingen. Vaak doen ze dat vanuit de structuren en met de "
    "methodieken die decennialang hun nut hebben bewezen. Dat is begrijpelijk. Waarom zou wat "
    "gisteren werkte en tot goede resultaten leidde, vandaag plots niet meer werken? Een "
    "bedrijf geeft zijn ingenieurs van het departement Ontwerp & Ontwikkeling dus de opdracht, "
    "de middelen en de ruimte om innovatieve oplossingen uit hun hoed te toveren."
)
BOOK_2 = (
    "In meer en meer situaties wordt evenwel gaandeweg duidelijk dat ‘meer van hetzelfde’ en "
    "‘alleen’ niet langer werken. De methodieken en structuren van gisteren leveren vaak niet "
    "meer de verhoopte resultaten op. Bedrijven, overheden en organisaties botsen op de "
    "grenzen van hun kunnen. Sommige noden en vraagstukken blijken zo complex te zijn, dat een "
    "afdoend en effectief antwoord alleen vanuit een even complex geheel kan komen. Voor deze "
    "uitdagingen moeten we andere horizonten opzoeken."
)
# corpus (essay): a short section, 57 words
ESSAY_TOT_SLOT = (
    "Meer dan voldoende mogelijkheden dus om te experimenteren met organisatienetwerken en om "
    "te experimenteren of deze organisatievorm een antwoord kan bieden op de voorliggende "
    "maatschappelijke vraagstukken. We ontwikkelden vijf spelvormen (zie bijlage) die daaraan "
    "ook een bijdrage kunnen leveren. Wij zijn er in ieder geval van overtuigd dat goed "
    "functionerende organisatienetwerken hierbij van onschatbare waarde zijn!"
)


def test_tiny_section_joins_the_next_and_chunk_takes_the_larger_section():
    doc = doc_from(
        ("Omslag", ["CORPORATIES RAKEN VERSTRIKT IN ORGANISATIENETWERKEN",
                    "De belangrijkste leerervaringen van een reis door het land"]),
        ("Inleiding", [BOOK_1, BOOK_2]),
    )
    spans = chunk(doc)
    assert spans == [ChunkSpan(0, len(doc.text), "Inleiding")]


def test_short_section_stays_on_its_own():
    doc = doc_from(("Kruisbestuiving", [BOOK_1, BOOK_2]), ("Tot slot", [ESSAY_TOT_SLOT]),
                   ("Bruggen slaan", [BOOK_2, BOOK_1]))
    spans = chunk(doc)
    assert [s.section for s in spans] == ["Kruisbestuiving", "Tot slot", "Bruggen slaan"]
    assert doc.text[spans[1].start:spans[1].end] == ESSAY_TOT_SLOT
    assert words(doc, spans[1]) < 80


def test_long_paragraph_is_cut_between_sentences():
    doc = doc_from(("Inleiding", [BOOK_1 + " " + BOOK_2]))
    spans = chunk(doc, min_words=40, max_words=100, target_words=80)
    assert len(spans) == 2
    assert all(40 <= words(doc, s) <= 100 for s in spans)
    first = doc.text[spans[0].start:spans[0].end]
    assert first.endswith((".", "?")) and doc.text[spans[1].start].isupper()


def test_heading_stays_with_the_text_it_introduces():
    doc = doc_from(("Inleiding", [BOOK_1, BOOK_2, "Kruisbestuiving", BOOK_1, BOOK_2]))
    spans = chunk(doc, min_words=60, max_words=200, target_words=170)
    texts = [doc.text[s.start:s.end] for s in spans]
    assert not any(t.endswith("Kruisbestuiving") for t in texts)
    assert any(t.startswith("Kruisbestuiving\n\n") for t in texts)


def test_a_lead_in_stays_with_the_list_it_introduces():
    """'De aanpak kende drie peilers:' ended a passage and its three members began the
    next one, so no passage held both and the members were never quoted."""
    lead = BOOK_1.rstrip(".") + ". De aanpak kende drie peilers:"
    members = ["1. bezoeken van inspirerende voorbeelden,", "2. vergelijken van de bezochte voorbeelden en",
               "3. verklaren van effectiviteit en meerwaarde door middel van literatuur."]
    doc = doc_from(("Inleiding", [BOOK_2, lead, *members, BOOK_1, BOOK_2]))
    spans = chunk(doc, min_words=60, max_words=200, target_words=150)
    texts = [doc.text[s.start:s.end] for s in spans]
    assert not any(t.rstrip().endswith(":") for t in texts)
    assert any("drie peilers:" in t and "3. verklaren" in t for t in texts)


def test_a_numbered_list_is_not_cut_between_its_items():
    """'De bouwstenen:' with '1. Opgave. …' ended one passage and '2. Waarde. …' to '7.
    Organisatie. …' began the next, so no passage held the seven building blocks."""
    items = [f"{n}. {name}. Het werken aan {name.lower()} binnen het netwerk vraagt aandacht van alle "
             f"partners. Dit helpt om de samenwerking richting te geven en vast te houden."
             for n, name in enumerate(["Opgave", "Waarde", "Samen doen", "Verankering", "Deelname"], 1)]
    doc = doc_from(("Het Netwerkmozaïek", [BOOK_1, BOOK_2, "De bouwstenen:", *items, BOOK_2]))
    spans = chunk(doc, min_words=60, max_words=250, target_words=150)
    texts = [doc.text[s.start:s.end] for s in spans]
    assert len(texts) >= 2
    assert any("De bouwstenen:" in t and "1. Opgave." in t and "5. Deelname." in t for t in texts), texts


def test_empty_document():
    assert chunk(CleanText("", (), ())) == []


# --------------------------------------------------------------------------- whole corpus


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[CleanText, list[ChunkSpan]]]:
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    out = {}
    for name, meta in manifest["documents"].items():
        doc = clean((CORPUS / name).read_text(encoding="utf-8"))
        out[meta["id"]] = (doc, chunk(doc))
    return out


def test_chunks_cover_the_text_in_order(corpus):
    for doc_id, (doc, spans) in corpus.items():
        assert spans, doc_id
        previous_end = 0
        for s in spans:
            assert s.start < s.end
            assert doc.text[previous_end:s.start].strip() == "", (doc_id, s)
            piece = doc.text[s.start:s.end]
            assert piece == piece.strip(), (doc_id, s)
            previous_end = s.end
        assert doc.text[previous_end:].strip() == "", doc_id


def test_chunk_sizes_within_bounds(corpus):
    too_small = []
    for doc_id, (doc, spans) in corpus.items():
        bounds = [s.start for s in doc.sections] + [len(doc.text)]
        for span in spans:
            n = words(doc, span)
            assert n <= 250 or len(split_sentences(doc.text[span.start:span.end])) == 1
            if n < 80:
                too_small.append((doc_id, span.section))
                # the exception: the chunk is a whole section, and that section is short
                k = [s.title for s in doc.sections].index(span.section)
                whole = doc.text[bounds[k]:bounds[k + 1]].strip()
                assert doc.text[span.start:span.end] == whole
    # the only section under 80 words: the essay's chapter 1 intro (76 words)
    assert too_small == [("mkw-essay", "1. Over wicked problems en organisatienetwerken")]


def test_chunks_stay_inside_their_section(corpus):
    for doc_id, (doc, spans) in corpus.items():
        starts = [s.start for s in doc.sections]
        for span in spans:
            assert span.section == doc.section_at(span.start), (doc_id, span)
            assert not [s for s in starts if span.start < s < span.end], (doc_id, span)


def test_chunks_are_whole_sentences(corpus):
    for doc_id, (doc, spans) in corpus.items():
        boundaries = {a for a, _ in split_sentences(doc.text)}
        ends = {b for _, b in split_sentences(doc.text)}
        for span in spans:
            assert span.start in boundaries and span.end in ends, (doc_id, span)


def test_verdiepende_vragen_items_lie_inside_one_chunk(corpus):
    doc, spans = corpus["platform31-magazine"]
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", doc.text)]
    items = []
    for k, (a, b) in enumerate(paras):
        if doc.text[a:b] == "Verdiepende vragen":
            j = k + 1
            while j < len(paras) and re.match(r"\d\. ", doc.text[paras[j][0]:paras[j][1]]):
                items.append(paras[j])
                j += 1
    assert len(items) == 22  # 2 to 4 questions for each of the seven building blocks
    for a, b in items:
        assert any(s.start <= a and b <= s.end for s in spans), doc.text[a:b]


def test_corpus_chunk_counts_and_determinism(corpus):
    counts = {doc_id: len(spans) for doc_id, (_, spans) in corpus.items()}
    assert 5 <= min(counts.values()) and sum(counts.values()) < 400
    doc, spans = corpus["mkw-essay"]
    assert chunk(doc) == spans
