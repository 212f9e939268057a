"""Tests for ingest.clean on real excerpts of the corpus, and on the whole corpus.

The excerpts (at the bottom of this file) are copied verbatim from corpus/*.txt, line
breaks, blank lines and trailing spaces included: those are the layout hints the
cleaner reasons from.
"""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from ingest.clean import CleanText, Section, clean

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BOUWSTENEN = ("Opgave", "Waarde", "Samen doen", "Verankering", "Deelname", "Binding",
              "Organisatie")


def paragraphs(doc: CleanText) -> list[str]:
    return doc.text.split("\n\n")


def titles(doc: CleanText) -> list[str]:
    return [s.title for s in doc.sections]


# --------------------------------------------------------------------------- hyphens


def test_line_end_hyphens_are_undone_even_across_blank_lines():
    doc = clean(KENIS_OPENING)
    assert "Conventionele samenwerkingsmodellen hebben vaak een sterconstructie," in doc.text
    assert "de netwerken van mensen met niet-aangeboren hersenletsel." in doc.text
    assert "zien ze het totale plaatje." in doc.text
    assert "sa-" not in doc.text and "ster-" not in doc.text


def test_line_end_hyphen_followed_by_trailing_space_is_undone():
    doc = clean(P31_KOEPELS)
    assert "zorgpartijen, welzijnskoepels en het sociale wijkteam" in doc.text
    assert "vertegenwoordigers met energie" in doc.text


def test_real_hyphens_and_elisions_are_kept():
    doc = clean(KENIS_WELZIJNS)
    assert "een organisatienetwerk dat naast de gemeente en woningcorporaties bestaat uit " \
           "welzijns- en zorgorganisaties, regionale werkgevers en het sw-bedrijf." in doc.text
    assert "Het Lokaal Woonlastenakkoord ’s-Hertogenbosch werd geboren" in doc.text
    opening = clean(KENIS_OPENING)
    # a dash at a line start continuing the sentence is a parenthesis, not a list item
    assert "één organisatie – doorgaans de gemeente – die een-op-een samenwerkt" in opening.text
    semi = clean(P31_SEMI)
    assert "in de (semi-)publieke sector steeds vaker tegen: organisatienetwerken." in semi.text
    assert "de woon- en zorgopgave" in semi.text


def test_hyphen_before_a_capital_is_kept():
    doc = clean(P31_HEERLEN)
    assert "wordt geregeld voor Heerlen-Noord is nu nog niet te zeggen." in doc.text


def test_hyphen_inside_a_compound_split_over_two_lines_is_joined():
    doc = clean(BOOK_OPENING)
    assert "Zowel overheden, bedrijven als non-profitorganisaties zoeken" in doc.text


def test_hyphen_kept_when_the_document_spells_the_word_with_one():
    # "zelf-legitimatie" occurs on one line elsewhere, "zelflegitimatie" does not
    doc = clean(ZELF_SPLIT + "\n" + ZELF_HYPHENATED)
    assert "voor een deel uit zelf-legitimatie door de partners" in doc.text


def test_hyphen_dropped_when_the_joined_spelling_is_as_common():
    doc = clean(ZELF_SPLIT + "\n" + ZELF_HYPHENATED + "\n" + ZELF_JOINED)
    assert "voor een deel uit zelflegitimatie door de partners" in doc.text


# --------------------------------------------------------------------------- paragraphs


def test_double_spaced_extraction_is_reflowed_into_paragraphs():
    doc = clean(KENIS_OPENING)
    paras = paragraphs(doc)
    assert paras[0].startswith("Gemeenten kunnen complexe problemen in het sociaal domein")
    assert paras[0].endswith("Maar dat is wel even iets anders dan ‘gewoon’ samenwerken.")
    assert paras[1:3] == [
        "‘Niemand zit te wachten op een extra baas’",
        "HOOGLERAAR PATRICK KENIS OVER ORGANISATIENETWERKEN",
    ]
    assert paras[3].startswith("Gemeenten werken toch al samen met woningcorporaties,")
    assert paras[-1].startswith("Zo hebben wij onderzoek gedaan")
    assert paras[-1].endswith("zelfstandig kan bereiken.”")
    assert len(paras) == 5
    assert "\n" not in "".join(paras)


def test_blank_lines_separate_paragraphs_and_page_breaks_do_not():
    doc = clean(BOOK_OPENING)
    paras = paragraphs(doc)
    assert len(paras) == 6
    assert [p for p in paras if len(p.split()) < 3] == ["Inleiding", "Kruisbestuiving"]
    # " chronische aandoeningen" opens the next page, mid-sentence
    assert "sterven we niet langer aan deze chronische aandoeningen. Keerzijde" in doc.text


def test_numbered_questions_stay_whole_and_separate():
    doc = clean(P31_DEELNAME)
    items = [p for p in paragraphs(doc) if re.match(r"\d\. ", p)]
    assert [p[:2] for p in items] == ["1.", "2.", "3."]
    assert items[0].endswith("ambassadeurpartners of anderszins -beperkt-betrokken partners?")
    assert items[1].endswith("(specifiek: andere concurrerende partners).")
    assert items[2].endswith("Zijn de wederzijdse afhankelijkheden in beeld?")
    assert "Verdiepende vragen" in paragraphs(doc)


# --------------------------------------------------------------------------- furniture


def test_running_footer_names_the_section_of_the_page_above_it():
    doc = clean(P31_DEELNAME)
    assert "Meer bereiken met organisatienetwerken" not in doc.text
    assert titles(doc) == ["Partners moeten met elkaar verbonden zijn", "Bouwsteen Deelname"]
    assert doc.section_at(doc.text.index("Dat kan soms verstandiger zijn")) == titles(doc)[0]
    assert doc.section_at(doc.text.index("Deelnemen in een netwerk doe je bewust")) == \
        "Bouwsteen Deelname"
    assert doc.section_at(doc.text.index("Welke partners zijn er")) == "Bouwsteen Deelname"


def test_page_title_is_lifted_and_repeated_label_dropped():
    doc = clean(P31_DEELNAME)
    start = doc.sections[1].start
    assert doc.text[start:].startswith(
        "Bouwsteen Deelname\n\nDeelname\n\nZorg voor commitment op rol en bijdrage aan het "
        "netwerk\n\nKorte toelichting\n\nDeelnemen in een netwerk doe je bewust."
    )
    # the label and tagline are printed again at the foot of the second page
    assert doc.text.count("Zorg voor commitment op rol en bijdrage aan het netwerk") == 1
    assert doc.text.endswith("wat daar de overwegingen bij zijn?")


def test_photo_credit_is_dropped():
    assert "Ineke Linssen" not in clean(P31_DEELNAME).text
    assert "Franco Gori" not in clean(P31_ALLIANTIE).text


def test_sentence_interrupted_by_a_page_footer_is_joined():
    doc = clean(P31_DEELNAME)
    assert "Maar het is belangrijk om dit offer te brengen en om daarover afspraken te " \
           "maken. Om zulke afspraken te ontwikkelen" in doc.text


def test_sentence_interrupted_by_title_and_sidebar_is_rejoined():
    doc = clean(P31_ALLIANTIE)
    assert "En sowieso is de relatie tussen de gemeente en de lokale alliantie een " \
           "bijzondere. Veel mensen die niet dagelijks bezig zijn" in doc.text
    # what interrupted the sentence now follows it
    joined = doc.text.index("een bijzondere.")
    assert doc.text.index("Bouwen aan een gebiedsnetwerk") > joined
    assert doc.text.index("In de meeste wijken verbeterde de leefbaarheid") > joined


def test_table_of_contents_gives_the_sections_and_is_removed():
    doc = clean(MKW_TOC)
    assert "INHOUDSOPGAVE" not in doc.text
    assert "Bijlage 2: Ontwikkelde spelvormen" not in doc.text
    assert titles(doc) == [
        "Inleiding",
        "1. Over wicked problems en organisatienetwerken",
        "1.1 Wicked problems",
    ]
    # an all-caps heading is printed as the TOC spells it
    for section in doc.sections[1:]:
        assert doc.text[section.start:].startswith(section.title + "\n\n")
    # the cover lines before the first heading belong to it
    assert doc.sections[0].start == 0
    assert doc.text.startswith("CORPORATIES RAKEN VERSTRIKT IN ORGANISATIENETWERKEN\n\n")


def test_page_number_and_running_header_are_removed():
    doc = clean(MKW_TOC)
    assert "CORPORATIES IN ORGANISATIENETWERKEN" not in doc.text
    # printed once on the cover, once as the header of page 3
    assert doc.text.count("De belangrijkste leerervaringen van een reis door het land") == 1
    assert not [p for p in paragraphs(doc) if p.isdigit()]


def test_figure_labels_are_dropped():
    doc = clean(MKW_FIGURE)
    for label in ("Ketensamenwerking", "PersoneelspoolFusie", "asset-loos", "Franchises",
                  "eigensoortige samenwerkingspartners"):
        assert label not in doc.text
    assert "in het kwadrant rechtsonder in het figuur hier beneden." in doc.text
    assert "In ons reisverslag tekenden we vijf bepalende ervaringen." in doc.text


def test_urls_are_moved_out_of_the_text():
    doc = clean(MKW_URL)
    assert doc.urls == (
        "https://www.mkw-platform.nl/samenwerking-vanuit-bedoeling-themabijeenkomst-11-mei-"
        "2017-12/",
    )
    assert "http" not in doc.text and "www." not in doc.text
    assert "13 Cloudt, 2017 - MKW themabijeenkomst." in paragraphs(doc)


def test_footnote_numbers_after_a_sentence_end_are_dropped():
    # the MKW essay's footnote references, glued to the full stop in the extraction
    doc = clean("Zolang bepaalde belangen partners niet helpen, lopen ze er niet warm voor.10\n"
                "Hoe acteer je dan als bestuurder? Zou dat kunnen leiden tot een paradigmashift?12\n"
                "Het gaat om de geest”.3 Zo werkt het. Zie nr.12 en versie 2.0 hiervan.")
    assert "niet warm voor. Hoe acteer je dan als bestuurder?" in doc.text
    assert "paradigmashift? Het gaat om de geest”. Zo werkt het." in doc.text
    assert "nr.12" in doc.text and "versie 2.0" in doc.text  # references and numbers stay


def test_pull_quote_repeating_the_body_is_dropped():
    doc = clean(OCR_PULL_QUOTE)
    assert "Gemeenteii" not in doc.text and "selanorijkste" not in doc.text
    assert "dat zij in lokale en regionale verbanden altijd de belangrijkste partij zijn" \
        in doc.text


# --------------------------------------------------------------------------- sections


def test_stacked_display_title_is_the_section_of_the_interview():
    doc = clean(KENIS_OPENING)
    assert doc.sections == (Section(0, "‘Niemand zit te wachten op een extra baas’"),)


def test_headings_on_their_own_line_start_sections():
    doc = clean(BOOK_OPENING)
    assert titles(doc) == ["Inleiding", "Kruisbestuiving"]
    assert doc.section_at(doc.text.index("Een ander voorbeeld: de re-integratie")) == \
        "Kruisbestuiving"
    assert doc.section_at(0) == "Inleiding"


def test_section_at_boundaries():
    doc = CleanText("Kop\n\nTekst een.\n\nKop twee\n\nTekst twee.",
                    (Section(5, "Eerste"), Section(17, "Tweede")), ())
    assert doc.section_at(0) == ""
    assert doc.section_at(4) == ""
    assert doc.section_at(5) == "Eerste"
    assert doc.section_at(16) == "Eerste"
    assert doc.section_at(17) == "Tweede"
    assert doc.section_at(len(doc.text)) == "Tweede"


def test_empty_and_deterministic():
    assert clean("") == CleanText("", (), ())
    assert clean("  \n\n \n") == CleanText("", (), ())
    assert clean(P31_DEELNAME) == clean(P31_DEELNAME)


# --------------------------------------------------------------------------- whole corpus


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    return {
        meta["id"]: (CORPUS / name).read_text(encoding="utf-8")
        for name, meta in manifest["documents"].items()
    }


@pytest.fixture(scope="module")
def corpus(raw) -> dict[str, CleanText]:
    return {doc_id: clean(text) for doc_id, text in raw.items()}


def test_corpus_is_cleaned_fast(raw):
    start = time.perf_counter()
    for text in raw.values():
        clean(text)
    assert time.perf_counter() - start < 1.0


def test_corpus_has_no_line_break_hyphen_artefacts(raw, corpus):
    elisions = {"en", "of", "als", "tot"}
    for doc_id, doc in corpus.items():
        one_line = raw[doc_id]
        for m in re.finditer(r"(\w+)- ([a-z]\w*)", doc.text):
            # "zorg- en welzijn" is Dutch; anything else must be in the source as is
            # (e.g. the parenthesis "-belangrijker nog- het")
            assert m.group(2) in elisions or m.group(0) in one_line, (doc_id, m.group(0))
        assert not re.search(r"\b(sa|same|samen)- ?(men|werk)", doc.text), doc_id
    for doc_id in ("kenis-interview", "platform31-magazine"):
        # split occurrences in the source are whole words now
        assert corpus[doc_id].text.count("samenwerking") > raw[doc_id].count("samenwerking")


def test_corpus_keeps_real_hyphens(corpus):
    text = "\n".join(doc.text for doc in corpus.values())
    for word in ("zorg- en welzijnsorganisaties", "welzijns- en zorgorganisaties",
                 "input- als op outputlegitimatie", "sw-bedrijf", "T-profiel",
                 "(semi-)publieke", "directeur-bestuurders", "een-op-een-samenwerking",
                 "non-profitorganisaties", "Heerlen-Noord", "NPLV-verhaal",
                 "doelen/belangen"):
        assert word in text, word


def test_corpus_has_no_running_headers_or_page_numbers(corpus):
    for doc_id, doc in corpus.items():
        assert "Meer bereiken met organisatienetwerken /" not in doc.text, doc_id
        assert "CORPORATIES IN ORGANISATIENETWERKEN" not in doc.text, doc_id
        assert not re.search(r"^\d+\s*Inhoud$", doc.text, re.MULTILINE), doc_id
        assert not [p for p in paragraphs(doc) if p.isdigit()], doc_id
    essay = corpus["mkw-essay"].text
    assert essay.count("De belangrijkste leerervaringen van een reis door het land") == 1
    assert "INHOUDSOPGAVE" not in essay


def test_corpus_text_shape(corpus):
    for doc_id, doc in corpus.items():
        assert doc.text == doc.text.strip(), doc_id
        assert "\n\n\n" not in doc.text and "  " not in doc.text, doc_id
        assert all(p and p == p.strip() and "\n" not in p for p in paragraphs(doc)), doc_id


def test_corpus_sections(corpus):
    magazine = titles(corpus["platform31-magazine"])
    for title in ("Het Netwerkmozaïek", "De zeven Amersfoortse lessen",
                  "Organisatienetwerken, onmisbaar en waardevol"):
        assert title in magazine
    assert [t for t in magazine if t.startswith("Bouwsteen ")] == [
        "Bouwsteen Binding", "Bouwsteen Deelname", "Bouwsteen Opgave", "Bouwsteen Waarde",
        "Bouwsteen Organisatie", "Bouwsteen Samen doen", "Bouwsteen Verankering",
    ]
    assert sorted(t.removeprefix("Bouwsteen ") for t in magazine
                  if t.startswith("Bouwsteen ")) == sorted(BOUWSTENEN)
    assert titles(corpus["mkw-essay"]) == [
        "Inleiding",
        "1. Over wicked problems en organisatienetwerken",
        "1.1 Wicked problems",
        "1.2 Organisatienetwerken: oplossen van wicked problems",
        "2. Vijf leerervaringen",
        "2.1 Focus op resultaat, niet op samenwerkingsvorm",
        "2.2 Denk en handel grenzeloos",
        "2.3 Leiderschap: delen als rode draad",
        "2.4 Organisatienetwerken zijn dynamisch en complex",
        "2.5 Het verhaal van samenwerking verbindt en inspireert",
        "3. Een wenkend perspectief voor corporaties in organisatienetwerken",
        "Tot slot",
        "Verantwoording",
        "Bijlage 1: Gebruikte begrippen",
        "Bijlage 2: Ontwikkelde spelvormen",
    ]
    assert titles(corpus["kenis-cambre-inleiding"]) == [
        "Inleiding", "Kruisbestuiving", "Een nieuwe benadering", "Bruggen slaan",
        "Hoe is dit boek opgebouwd?",
    ]
    assert titles(corpus["kenis-interview"]) == ["‘Niemand zit te wachten op een extra baas’"]
    for doc in corpus.values():
        starts = [s.start for s in doc.sections]
        assert starts == sorted(set(starts))
        assert all(s == 0 or doc.text[s - 2:s] == "\n\n" for s in starts)


@pytest.mark.parametrize(
    ("doc_id", "passage", "section"),
    [
        ("platform31-magazine", "Een andere samenhang die aandacht behoeft", "Het Netwerkmozaïek"),
        ("platform31-magazine", "In de eerste plaats verbinden partners zich met het netwerk",
         "Bouwsteen Binding"),
        ("platform31-magazine", "Wat is nodig om uitstromers uit Beschermd Wonen",
         "De zeven Amersfoortse lessen"),
        ("platform31-magazine", "1. Hoe formeel wil je de organisatie maken?",
         "Bouwsteen Organisatie"),
        ("platform31-magazine", "Dat maakt dat het effectief werken in en met netwerken",
         "Het Netwerkmozaïek"),
        ("mkw-essay", "Misschien wel het meest besproken onderwerp tijdens onze reis",
         "2.3 Leiderschap: delen als rode draad"),
        ("mkw-essay", "Wicked problem: Probleem dat bij voorbaat",
         "Bijlage 1: Gebruikte begrippen"),
        ("kenis-cambre-inleiding", "Een bijzonder kenmerk van organisatienetwerken",
         "Bruggen slaan"),
        ("kenis-interview", "Gemeenten kunnen complexe problemen in het sociaal domein",
         "‘Niemand zit te wachten op een extra baas’"),
    ],
)
def test_corpus_passages_are_in_the_right_section(corpus, doc_id, passage, section):
    doc = corpus[doc_id]
    assert doc.section_at(doc.text.index(passage)) == section


def test_corpus_interrupted_sentences_are_whole(corpus):
    magazine = corpus["platform31-magazine"].text
    for sentence in (
        "En sowieso is de relatie tussen de gemeente en de lokale alliantie een bijzondere.",
        "Maar het is belangrijk om dit offer te brengen en om daarover afspraken te maken.",
        "Voordat een sessie plaatsvindt willen we dan ook weten welke partner eigenaarschap "
        "voelt.",
        "En kan het tactische middenniveau van managers en teamleiders de juiste "
        "randvoorwaarden bieden",
        "maar goede relaties krijgen een knauw in een slechte organisatie van het netwerk.",
        "waarbij we inwoners uit de wijk naar de gemeenteraad halen om te horen",
        "En daarvandaan ga je dan kijken wat een goede oplossing zou kunnen zijn, wat zou dan "
        "wèl kunnen?",
    ):
        assert sentence in magazine, sentence


def test_corpus_urls_are_extracted(corpus):
    for doc_id, doc in corpus.items():
        assert "http" not in doc.text and "www." not in doc.text, doc_id
        assert all(u.startswith(("http://", "https://", "www.")) for u in doc.urls)
        assert len(set(doc.urls)) == len(doc.urls)
    assert "https://www.zorgvoorelkaarbreda.nl/" in corpus["mkw-essay"].urls
    assert "www.platform31.nl" in corpus["platform31-magazine"].urls
    assert corpus["kenis-interview"].urls == ()


def section_text(doc: CleanText, title: str) -> str:
    """All text of the section(s) with this title."""
    bounds = [s.start for s in doc.sections] + [len(doc.text)]
    return "\n\n".join(
        doc.text[s.start:bounds[n + 1]] for n, s in enumerate(doc.sections) if s.title == title
    )


def test_corpus_duplicate_labels_kept_once(corpus):
    doc = corpus["platform31-magazine"]
    magazine = doc.text
    # a block's label and tagline are printed on both of its pages (and most of them in
    # the mosaic diagram too): once per section is enough
    block = section_text(doc, "Bouwsteen Samen doen")
    assert block.startswith("Bouwsteen Samen doen\n\nSamen doen\n\nZorg voor tastbare resultaten")
    assert block.count("Zorg voor tastbare resultaten") == 1
    assert magazine.count("Zorg voor tastbare resultaten") == 2  # block page + mosaic
    assert magazine.count("Zorg voor duurzame verbinding tussen partners") == 1
    # recurring subheadings stay, once per building block
    assert magazine.count("\n\nKorte toelichting\n\n") == 7
    assert magazine.count("\n\nVerdiepende vragen\n\n") == 7


# =========================================================================== excerpts
# Copied verbatim from corpus/*.txt (line numbers are 1-based). Blank lines and trailing
# spaces matter.


# Interview opening: double-spaced extraction, stacked display title, line-end hyphens.
KENIS_OPENING = "".join(
    [
        # corpus 000, lines 1-98
        "\n\n\n",
        "Gemeenten kunnen complexe \n",
        "problemen in het sociaal \n",
        "domein niet in hun eentje \n\n",
        "oplossen. De veranderende \n",
        "samenleving vraagt \n\n",
        "om organisatienetwerken, \n",
        "betoogt hoogleraar \n\n",
        "Patrick Kenis.  Maar dat \n",
        "is wel even iets anders dan \n\n",
        "‘gewoon’ samenwerken.\n\n",
        " ‘Niemand \n",
        "zit te \n\n",
        "wachten \n",
        "op een \n\n",
        "extra baas’\n\n",
        "HOOGLERAAR PATRICK KENIS OVER ORGANISATIENETWERKEN\n",
        " Gemeenten werken toch al samen met woning-\n",
        "corporaties, onderwijs, jeugdzorginstellingen \n",
        "en ggz? “Een organisatienetwerk is méér dan \n\n",
        "bilaterale samenwerking. Conventionele sa-\n\n",
        "menwerkingsmodellen hebben vaak een ster-\n\n",
        "constructie, met in het midden één organisatie  \n\n",
        "– doorgaans de gemeente – die een-op-een  \n\n",
        "samenwerkt met andere partijen. Maar bij  \n\n",
        "complexe problemen is het belangrijk dat álle \n\n",
        "deelnemers onderling contact hebben.  \n\n",
        "Zo hebben wij onderzoek gedaan naar de net-\n\n",
        "werken van mensen met niet-aangeboren her-\n\n",
        "senletsel. Dat waren typische sternetwerkjes: de \n\n",
        "een zorgde voor de aanpassing van het huis, de \n\n",
        "ander voor aanpassing van het werk en weer een \n\n",
        "ander voor de opvoedondersteuning. Ieder deed \n\n",
        "precies wat hem gevraagd was en deed dat ook \n\n",
        "heel goed, maar omdat de verschillende helpers \n\n",
        "niet met elkaar praatten, ging het toch weleens \n\n",
        "mis. Iemand zocht bijvoorbeeld 20 kilometer \n\n",
        "ten oosten van de woonplaats van de patiënt \n\n",
        "een geschikte baan en iemand anders zocht 20 \n\n",
        "kilometer ten westen een geschikt huis. En dan \n\n",
        "kon het gebeuren dat die persoon 40 kilometer \n\n",
        "bij zijn werk vandaan kwam te wonen. \n\n",
        "Samenvattend: bij organisatienetwerken gaat \n\n",
        "het niet om een-op-een-samenwerking, maar \n\n",
        "om een web van partners, die het oplossen van \n\n",
        "het probleem centraal stellen, indien nodig over \n\n",
        "hun eigen schaduw heen springen en hun eigen \n\n",
        "specialisme combineren met de specialismen \n\n",
        "van anderen. Dankzij hun onderlinge samen-\n\n",
        "werking hebben ze overzicht en zien ze het to-\n\n",
        "tale plaatje. Alleen dan ontstaat er een netwerk \n\n",
        "van organisaties die samen een resultaat reali-\n\n",
        "seren dat geen van de afzonderlijke organisaties \n\n",
        "zelfstandig kan bereiken.”\n",
    ]
)


# Real hyphens and elision next to a line-end hyphen.
KENIS_WELZIJNS = "".join(
    [
        # corpus 000, lines 156-172
        "ten we dit zien als een maatschappelijk probleem dat we samen met \n\n",
        "andere betrokken partijen in de samenleving moeten zien op te lossen.  \n\n",
        "Het Lokaal Woonlastenakkoord ’s-Hertogenbosch werd geboren: een \n\n",
        "organisatienetwerk dat naast de gemeente en woningcorporaties be-\n\n",
        "staat uit welzijns- en zorgorganisaties, regionale werkgevers en het \n\n",
        "sw-bedrijf. Samen willen zij voorkomen dat huurachterstanden te hoog \n\n",
        "oplopen en mensen hun huis uit moeten. Het belang hiervan is voor \n\n",
        "alle deelnemers evident: een uithuiszetting kost de samenleving zo’n \n\n",
        "honderdduizend euro en het leed voor de huurders is niet te overzien. \n",
    ]
)


# OCR scan: a garbled pull quote repeating a sentence of the body.
OCR_PULL_QUOTE = "".join(
    [
        # corpus 001, lines 119-198
        "maal niet zo hoeft te zijn natuurlijk. Dit kun je voorkomen door die\n",
        "organisatie de regie te geven, die het dichtste bij de intrinsieke doel-\n",
        "stelling van het netwerk staat. Want dan ontstaat er bij de anderen\n",
        "geen discussie over de oprechtheid van de motieven.”\n\n",
        "De gemeente moet dus niet een te grote broek aantrekken? “Gemeen-\n",
        "ten zijn opgevoed met de gedachte dat zij in lokale en regionale ver-\n",
        "banden altijd de belangrijkste partij zijn, maar daar mogen ze niet\n",
        "zomaar van uitgaan. De insteek moet zijn: als gemeente kijken we\n",
        "hoe we een stukje van het probleem kunnen oplossen. Ik denk nu bij-\n",
        "voorbeeld aan het organisatienetwerk dat een kinderarts in Arnhem\n",
        "heeft opgezet om slachtoffers van kindermishandeling op te sporen\n",
        "en hun de juiste hulp te bieden. De gemeente neemt hieraan deel, net\n",
        "als onder meer scholen, huisartsen, ggz, GGD, politie, woningcorpora-\n",
        "ties en sportverenigingen. In totaal 34 organisaties. De gedachte van\n",
        "deze kinderarts is dat er zoveel mogelijk toegangspoorten moeten zijn\n",
        "als je potentiéle slachtoffers wilt vinden. Kinderen die zich melden bij\n",
        "de voetbalclub, en niet op school of bij de huisarts, blijven dan niet\n",
        "onder de radar. In dit samenwerkingsverband is de gemeente dus één\n",
        "van de 34 toegangspoorten — en niet de enige.”\n\n",
        "ledere organisatie heeft eigen belangen, protocollen en budgetten. Dat\n",
        "maakt samenwerken niet per se gemakkelijk. “Onderlinge verschillen\n",
        "zijn goed én slecht nieuws. Een organisatienetwerk gebruik je om in-\n",
        "gewikkelde problemen op te lossen. Daarvoor zijn per definitie ver-\n",
        "schillende perspectieven en competenties nodig. Het mooie is juist dat\n",
        "partijen die allemaal anders naar de problematiek kijken, met elkaar\n",
        "willen samenwerken. Die diversiteit maakt het geheel uiteindelijk juist\n",
        "sterker. Denk aan een maaltijd: de kans dat het lekker wordt, is groter\n",
        "als je veel verschillende ingrediénten samenbrengt. Daarom is een In-\n",
        "diase curry lekkerder dan Hollandse stamppot. Zo'n curry is echter wel\n",
        "moeilijker om te maken, en dat is het slechte nieuws.\n\n",
        "Ik bestudeerde ooit een organisatienetwerk dat kwetsbare jongeren on-\n",
        "dersteunt. De afspraak was dat alle partners om de beurt een verslag\n",
        "maakten over de voortgang van het project. Daar had de deelnemende\n",
        "straathoekwerker een broertje dood aan. Maar dat was wel de enige die\n",
        "goed met die jongeren kon praten! Vervolgens zeggen: ‘die man is zo an-\n",
        "ders, die willen we er niet bij hebben’, is het stomste wat zo'n organisa-\n",
        "tienetwerk kan doen. Veel beter is om te zoeken naar manieren om een\n",
        "enigszins afwijkende partner ook mee te nemen. Ook dat is lastig voor\n",
        "gemeenten. Die hebben soms moeite om samen te werken met partijen\n",
        "die minder goed passen in de bureaucratische traditie.\n\n",
        "De opgave is dus om al die verschillende actoren bij elkaar te brengen.\n",
        "En dat kan, zoals ik al zei, door een doelstelling te formuleren waarin\n",
        "alle partijen een meerwaarde zien en door een verstandige organisatie-\n",
        "structuur op te zetten. Ik ontken geenszins dat het moeilijk is, he. Maar\n",
        "het is wel noodzakelijk in onze complexe wereld.”\n\n",
        "Wat vraagt deelname aan een organisatienetwerk van de managers in\n",
        "het sociaal domein? “Die moeten ten eerste wéten en ondersteunen\n",
        "dat de gemeente participeert in een organisatienetwerk dat een pro-\n",
        "bleem oplost dat de gemeente niet in haar eentje aankan. In de prak-\n",
        "tijk is dat niet altijd het geval. Ten tweede moeten ze medewerkers\n",
        "zoeken die, in jargon, een T-profiel hebben: mensen die zaken voor\n",
        "elkaar krijgen in de interne hiérarchie van de gemeente - de verticale\n",
        "lijn van de T — én soepel functioneren langs de horizontale lijn van het\n",
        "netwerk. Zij leggen verbanden binnen en buiten de eigen organisatie\n",
        "en werken even goed samen met collega-ambtenaren als met mensen\n",
        "uit andere organisaties. Dit soort medewerkers zijn zeldzaam, dus ook\n",
        "dat is een uitdaging.” »\n\n",
        "‘Gemeenteii mogen er\n\n",
        "niet zomaar van vitgaan\n\n",
        "dat zij in lokale en regionale\n",
        "verhanden aliijdde\n",
        "selanorijkste partij zijn’\n",
        " 3> Hoe zit het met de democratische controle door de gemeente-\n",
        "raad? “Dat is een punt van zorg. Deelnemers aan een organisatie-\n",
        "netwerk hebben een deel van hun soevereiniteit ingeleverd, zijn niet\n",
        "meer in control, omdat ze onderdeel zijn geworden van een breder\n",
        "verhaal. Maar wie controleert het netwerk, aan wie legt het verant-\n",
        "woording af, welke deelnemer is waarvoor verantwoordelijk? Ook\n",
        "bij toezichthouders in andere sectoren - bijvoorbeeld de instanties\n",
        "die toezicht houden op woningcorporaties en onderwijsinstellingen\n",
        "- roept het organisatienetwerk soms vragen op. Zij zijn immers juri-\n",
        "disch verantwoordelijk.\n",
    ]
)


# Magazine foreword: "(semi-)publieke" and a hyphen across a blank line.
P31_SEMI = "".join(
    [
        # corpus 003, lines 1-28
        " Nederland staat voor nogal wat uitdagende opgaven, zoals het aardgasvrij \n\n",
        "maken van wijken, de woon- en zorgopgave en de leefbaarheid en veiligheid \n\n",
        "in kwetsbare wijken. Maatschappelijke organisaties en overheden zien dat ze \n\n",
        "in hun eentje en met de bestaande manier van werken, die taaie en complexe \n\n",
        "vraagstukken niet meer kunnen oplossen. Ze verbinden zich aan elkaar.  \n\n",
        "En zo kom je ze in de (semi-)publieke sector steeds vaker tegen: organisatie-\n\n",
        "netwerken. \n\n",
        "Iedereen die werkt aan die vraagstukken, krijgt te maken met samenwerking \n\n",
        "tussen organisaties; dus ook in de stevige vorm van organisatienetwerken. \n\n",
        "Maar werken binnen een organisatienetwerk is echt anders. Het vraagt de \n\n",
        "nodige energie en aandacht. En doet een beroep op andere vaardigheden en \n\n",
        "werkwijzen van de betrokkenen. In dit magazine over werken in netwerken \n\n",
        "laten we zien hoe organisatienetwerken een rol spelen bij maatschappelijke \n\n",
        "opgaven. \n\n",
    ]
)


# A numbered lesson heading; a line-end hyphen followed by a trailing space.
P31_KOEPELS = "".join(
    [
        # corpus 003, lines 1080-1097
        "2  Zorg dat je de juiste personen aan  \n",
        "tafel krijgt\n\n",
        "Els ging bij de sleutelpartijen op zoek naar vertegen-\n\n",
        "woordigers met energie, die een stevige positie hebben \n\n",
        "binnen hun eigen organisatie. Die sleutelpartijen zijn \n\n",
        "overigens niet altijd de grootste of de belangrijkste \n\n",
        "partijen. Voorafgaand aan de eerste bijeenkomst stelde \n\n",
        "zij aan woningcorporaties, zorgpartijen, welzijns- \n\n",
        "koepels en het sociale wijkteam de vraag: wie moeten \n\n",
        "er aan tafel zitten? \n",
    ]
)


# Magazine pages with running footers, a photo credit and a building-block page.
P31_DEELNAME = "".join(
    [
        # corpus 003, lines 787-814
        "op het warmtenet in sommige gebieden duurder uit. \n\n",
        "Dat betekent dat één partij budget moet inleveren ten \n\n",
        "behoeve van de ander, ten gunste van de maatschap-\n\n",
        "pelijke opgave. Omdat je vindt dat je samen verder \n\n",
        "komt dan alleen. Dat is een groot offer. Maar het is \n\n",
        "belangrijk om dit offer te brengen en om daarover \n\n",
        "Meer bereiken met organisatienetwerken / Partners moeten met elkaar verbonden zijn\n",
        " afspraken te maken. Om zulke afspraken te ontwik-\n\n",
        "kelen is het van belang dat je je achterban meeneemt, \n\n",
        "want die kom je tegen in de besluitvorming. Denk \n\n",
        "daarbij aan je raad van toezicht of je raad van commis-\n\n",
        "sarissen, de huurders, ambtenaren en politici. Je moet \n\n",
        "voortdurend nadenken over hoe je alle spelers mee \n\n",
        "kunt nemen in de urgentie van je maatschappelijke \n\n",
        "opgave.”\n",
        # corpus 003, lines 881-1044
        "alle spelers te verenigen. Dan kan je ook kijken naar \n\n",
        "een ‘coalition of the willing’ en met deze partijen samen \n\n",
        "doorgaan. Dat kan soms verstandiger zijn.”\n\n",
        "Meer bereiken met organisatienetwerken / Partners moeten met elkaar verbonden zijn\n\n",
        "Ineke Linssen Photography \n",
        " Korte toelichting\n",
        "Deelnemen in een netwerk doe je bewust. Vanuit een individuele organisatie \n\n",
        "ga je een verband aan met een groep van organisaties. Dat vraagt om bewust-\n\n",
        "zijn vanuit zowel de individuele organisatie, als vanuit de groep: het netwerk. \n\n",
        "Deelnemen aan een netwerk is niet vrijblijvend. Samenwerken vraagt om \n\n",
        "investeringen in tijd, aandacht en misschien wel door het opgeven van \n\n",
        "zeggenschap over je eigen werkzaamheden. Dit kan in de eigen organisatie \n\n",
        "vragen oproepen. Wat is de meerwaarde van deze samenwerking? Waarom \n\n",
        "kan de organisatie dit niet zelf oppakken? Hoeveel tijd gaat dat vragen van \n\n",
        "medewerkers? Die terechte, interne vragen verdienen een zo helder mogelijk \n\n",
        "antwoord. Een weloverwogen keuze om te participeren in een netwerk is dan \n\n",
        "ook vereist, zowel op bestuurlijk als uitvoerend niveau. Het is dus belangrijk \n\n",
        "dat partijen goed weten met welke eigen drijfveren ze in het netwerk zitten. \n\n",
        "Hoe beter de eigen drijfveren een plek kunnen krijgen, hoe duurzamer de \n\n",
        "verbinding zal zijn.\n\n",
        "Ook vanuit het netwerk is er bewustzijn nodig rond de deelname aan het \n\n",
        "netwerk. Hebben we de juiste groep van partners bij elkaar om onze opgave \n\n",
        "aan te pakken? Een netwerk kan klein (bijv. 5 partners) of groot zijn (bijv. 50 \n\n",
        "partners). Een klein netwerk kan meer meters maken. Een groter netwerk \n\n",
        "heeft misschien meer bereik en kan geavanceerde mogelijkheden organi-\n\n",
        "seren. Ook de positie van partners doet ertoe: zit een partner in de strategi-\n\n",
        "sche kern, of meer in de schil(len) daaromheen?\n\n",
        "Het is ook goed om te beseffen dat dit kan veranderen omdat de opgave zich \n\n",
        "ontwikkelt. Misschien ontstaat er een scherpe aanpak van de opgave en ligt \n\n",
        "het voor de hand dit op te pakken met een kleiner netwerk. Deelname kent \n\n",
        "ook altijd een einde.\n\n",
        "De deelname aan een netwerk vraagt coördinatie. Iemand moet zicht houden \n\n",
        "op wie er bij het netwerk hoort. Iemand moet namens het netwerk bij elke \n\n",
        "partner oog hebben voor een gezonde balans van investeringen en opbreng-\n\n",
        "sten, van halen en brengen. Anders bestaat de kans dat deze partner vroeg of \n\n",
        "laat afhaakt. \n\n",
        "Bouwsteen Deelname\n\n",
        "Deelname\n",
        "Zorg voor commitment \n\n",
        "op rol en bijdrage aan\n",
        "het netwerk\n\n",
        "Meer bereiken met organisatienetwerken / Bouwsteen Deelname\n\n",
        "• Welke partners zijn er in het netwerk? \n\n",
        "• Zijn alle partners betrokken die nodig zijn voor de opgave?\n\n",
        "• Bestaat er bij partners in de eigen organisatie voldoende draagvlak voor deelname, \n",
        "op bestuurlijk en uitvoerend niveau?\n\n",
        (
            "• Is voor elke partner duidelijk wat de bijdrage aan het netwerk is; wat ‘inves"
            "teren’ ze \n"
        ),
        "precies? Is bekend wat partners er uit halen? En is dat voor elke partner in balans?\n",
        " Verdiepende vragen \n\n",
        "1. Zijn er verschillende typen partners te onderscheiden? Bijvoorbeeld kern-\n\n",
        "partners, die in het hart staan van het dagelijkse doen. En meer adviespart-\n\n",
        "ners, ambassadeurpartners of anderszins -beperkt-betrokken partners?\n\n",
        "2. Is er een mate van beslotenheid in het netwerk? En waarom is dat van \n\n",
        "belang? Zijn de regels voor toetreden ook bekend voor buitenstaanders,  \n\n",
        "en hoe treedt je die tegemoet? Er kunnen namelijk ook partijen zijn die \n\n",
        "met argusogen naar het netwerk kijken (specifiek: andere concurrerende \n\n",
        "partners).  \n\n",
        "3. Is er binnen het netwerk transparantie over de bijdrage die partners \n\n",
        "leveren? En is bekend in hoeverre dit mogelijk ook moeite kost of zelfs \n\n",
        "‘pijn’ doet? Bijvoorbeeld omdat partners zeggenschap over hun eigen \n\n",
        "werkzaamheden moeten inleveren of omdat het netwerkbelang tegen \n\n",
        "het eigenbelang van een partner ingaat? Is binnen het netwerk bekend \n\n",
        "wat een partner misschien nodig heeft van andere partners, om hun \n\n",
        "bijdrage op een goede manier te leveren? Zijn de wederzijdse afhankelijk-\n\n",
        "heden in beeld?\n\n",
        "Stem af met... \n\n",
        "• opgave | Voor een goede aanpak van een maatschappelijke opgave moet \n\n",
        "een puzzel gelegd worden van inzet en werkzaamheden vanuit verschil-\n\n",
        "lende partners. Zijn alle benodigde partijen betrokken om de goede puzzel \n\n",
        "te leggen? En herkennen ze de definitie van de opgave; is het ook hún defi-\n\n",
        "nitie? Gaandeweg kunnen enkele partners prikkels, behoeften of belangen \n\n",
        "krijgen die niet direct aansluiten bij de opgaven. Hoe gaat het netwerk daar \n\n",
        "mee om? \n\n",
        "• waarde | Is duidelijk welke waarde een partner beoogt met de deelname \n\n",
        "aan het netwerk? Gaat het om een maatschappelijke waarde, of speelt er \n\n",
        "ook iets van partnerwaarde? Of gaat het om beide? Is er een beeld van hoe \n\n",
        "de bijdrage van verschillende partners uiteindelijk ‘omgezet’ wordt naar \n\n",
        "deze waarde? \n\n",
        "• binding | Spanningen in de verbinding van partners met het netwerk, \n\n",
        "als die er zijn, worden het meest zichtbaar als het gaat om deelname \n\n",
        "en bijdrage. Wordt voldoende besproken waarom een partner voor een \n\n",
        "bepaalde rol of bijdrage kiest en wat daar de overwegingen bij zijn?\n\n",
        "Deelname\n",
        "Zorg voor commitment \n\n",
        "op rol en bijdrage aan\n",
        "het netwerk\n\n",
        "Meer bereiken met organisatienetwerken / Bouwsteen Deelname\n",
    ]
)


# A sentence interrupted by an interview title, its intro box and a page footer.
P31_ALLIANTIE = "".join(
    [
        # corpus 003, lines 1877-1912
        "Die structuur is duidelijk. Toch kom je dan soms een \n\n",
        "weeffoutje tegen. Kan de burgemeester wel onaf-\n\n",
        "hankelijk voorzitter zijn én de gemeente vertegen-\n\n",
        "woordigen in het alliantiebestuur? Nee, dan het is \n\n",
        "toch logischer dat ook de coördinerend wethouder \n\n",
        "aanschuift. Dus dat is onlangs geregeld. En sowieso is \n\n",
        "de relatie tussen de gemeente en de lokale alliantie  \n\n",
        "Bouwen aan een gebiedsnetwerk\n",
        "Nationaal Programma Leefbaarheid en Veiligheid  |  Ron Meyer\n\n",
        (
            "In de meeste wijken verbeterde de leefbaarheid en veiligheid de laatste jaren. "
            "Maar niet in alle. Juist \n"
        ),
        (
            "bewoners van wijken waar het al minder was, zagen geen verbetering. Vanuit het "
            "Nationaal Programma \n"
        ),
        (
            "Leefbaarheid en Veiligheid (NPLV) zetten 20 gebieden daar extra de schouders on"
            "der, met steun vanuit \n"
        ),
        (
            "diverse ministeries. De brede en pittige problematiek, op straat en achter de v"
            "oordeur, vraagt om een \n"
        ),
        (
            "‘integrale aanpak’, met betrokkenheid van lokale partijen. En dat moet je wel s"
            "lim en stevig organiseren  \n"
        ),
        "in lokale allianties. \n\n",
        "Meer bereiken met organisatienetwerken / Bouwen aan een gebiedsnetwerk\n\n",
        "Franco Gori\n\n",
        "https://www.heerlen-noord.nl/wp-content/uploads/2022/11/toekomstplan-DIGITAAL.pdf\n",
        (
            "https://www.volkshuisvestingnederland.nl/onderwerpen/programma-leefbaarheid-en-"
            "veiligheid\n"
        ),
        (
            "https://www.volkshuisvestingnederland.nl/onderwerpen/programma-leefbaarheid-en-"
            "veiligheid\n"
        ),
        " een bijzondere. Veel mensen die niet dagelijks bezig \n\n",
        "zijn met de alliantie – bewoners, ambtenaren, raads-\n\n",
        "leden – denken al snel dat de alliantie onderdeel \n",
    ]
)


# A hyphen before a capital at a line end.
P31_HEERLEN = "".join(
    [
        # corpus 003, lines 2101-2117
        "mabureau betalen. Dan worden financiële afspraken \n\n",
        "eigenlijk een middel om partners te binden. Hoe dat \n\n",
        "in de toekomst precies wordt geregeld voor Heerlen-\n\n",
        "Noord is nu nog niet te zeggen. Maar duidelijk is wel dat \n\n",
        "de financiën een puzzelstuk zijn in het betrekken van \n\n",
        "de alliantiepartners. Een puzzelstuk dat je ook bewust \n\n",
        "moet inpassen. \n\n",
        "Meer bereiken met organisatienetwerken / Bouwen aan een gebiedsnetwerk\n",
        " Een zesje is onvoldoende\n",
        "De opgave in de NPLV-gebieden is groot. Dat zie \n",
    ]
)


# "zelf-" at a line end ...
ZELF_SPLIT = "".join(
    [
        # corpus 003, lines 3567-3573
        " – deelname | Legitimatie van een netwerk bestaat voor een deel uit zelf- \n\n",
        "legitimatie door de partners van het netwerk. Partners hebben te maken \n\n",
        "met hun eigen domein en hun eigen legitimatie-achtergrond. Hebben \n\n",
        "partners van elkaar zicht op hoe dat eruit ziet? \n",
    ]
)


# ... "zelf-legitimatie" on one line elsewhere ...
ZELF_HYPHENATED = "".join(
    [
        # corpus 003, lines 4125-4130
        "\n",
        "mogelijke legitimatieblokjes, die je met slim draaien en positioneren in elkaar \n\n",
        "past. Met een basis van zelf-legitimatie via de partners. Met praktische legiti-\n\n",
        "matie via professionals en bewoners in de dagelijkse uitvoering. Met bewust \n",
    ]
)


# ... and "zelflegitimatie" on one line elsewhere.
ZELF_JOINED = "".join(
    [
        # corpus 003, lines 4080-4084
        " groot deel ook de deelnemers aan het netwerk. En dan wordt georganiseerde \n\n",
        "legitimatie een soort ‘zelflegitimatie’: aan het netwerk deelnemende partijen \n\n",
        "legitimeren het netwerk zelf. Dat hoeft op zich geen probleem te zijn. Een \n",
    ]
)


# Essay opening: cover, table of contents, page number with running header.
MKW_TOC = "".join(
    [
        # corpus 002, lines 1-140
        "\n",
        "CORPORATIES \n",
        "RAKEN VERSTRIKT IN \n\n",
        "ORGANISATIENETWERKEN\n",
        "De belangrijkste leerervaringen van een reis door het land\n\n\n\n",
        "INHOUDSOPGAVE\n\n",
        " \n",
        "Inleiding\n\n",
        "1. Over wicked problems en organisatienetwerken\n\n",
        "\t 1.1 Wicked problems\n\n",
        "\t 1.2 Organisatienetwerken: oplossen van wicked problems\n\n",
        "2. Vijf leerervaringen\n\n",
        "\t 2.1 Focus op resultaat, niet op samenwerkingsvorm\n\n",
        "\t 2.2 Denk en handel grenzeloos\n\n",
        "\t 2.3 Leiderschap: delen als rode draad\n\n",
        "\t 2.4 Organisatienetwerken zijn dynamisch en complex\n\n",
        "\t 2.5 Het verhaal van samenwerking verbindt en inspireert\n\n",
        "3. Een wenkend perspectief voor corporaties in organisatienetwerken\n\n",
        "Tot slot\n\n",
        "Verantwoording\n\n",
        "Bijlage 1: Gebruikte begrippen\n\n",
        "Bijlage 2: Ontwikkelde spelvormen\n\n",
        "3\n\n",
        "4\n\n",
        "4\n\n",
        "5\n\n",
        "9\n\n",
        "9\n\n",
        "11\n\n",
        "14\n\n",
        "16\n\n",
        "18\n\n",
        "20\n\n",
        "22\n\n",
        "23\n\n",
        "24\n\n",
        "26\n\n\n\n",
        "3\n\n",
        "CORPORATIES IN ORGANISATIENETWERKEN\n",
        "De belangrijkste leerervaringen van een reis door het land\n\n",
        "Inleiding \n",
        (
            "Het is ongeveer een jaar geleden, april 2019. Na een periode van voorbereidinge"
            "n startte onze reis. De \n"
        ),
        "reisbestemmingen waren deels bepaald. Voor de rest zagen we het wel.\n\n",
        (
            "Het reisgezelschap arriveerde per trein of auto op de afgesproken bestemming. M"
            "et fototoestel en \n"
        ),
        (
            "notitieboek als uitrusting gingen we vanaf daar verder op pad. Er volgden nog 1"
            "4 bestemmingen, waarvan \n"
        ),
        (
            "we er ook per fiets en te voet aandeden. Het grootste deel van het reisgezelsch"
            "ap kende elkaar al en had \n"
        ),
        (
            "in kleinere en wisselende samenstellingen al eerder met elkaar gereisd. Opgetog"
            "en arriveerden we bij de \n"
        ),
        "eerste bestemming…\n\n",
        (
            "Als corporatiebestuurders, aangesloten bij het MKW Platform voor middelgrote en"
            " kleine corporaties, \n"
        ),
        (
            "besloten we samen op ‘verkenning’ te gaan. Dit op initiatief van enkelen van on"
            "s én omdat het thema \n"
        ),
        (
            "‘samenwerking’ met regelmaat onderwerp van gesprek was en is tijdens MKW bijeen"
            "komsten.\n\n"
        ),
        (
            "Dit essay doet verslag van de reis die wij, vijf corporatiebestuurders en twee "
            "ondersteuners, maakten \n"
        ),
        (
            "door Nederland. We gingen op zoek naar 15 innovatieve en vooral effectieve voor"
            "beelden van \n"
        ),
        (
            "samenwerking tussen organisaties. Niet alleen tussen corporaties onderling, maa"
            "r juist ook met \n"
        ),
        (
            "maatschappelijke partners, omdat wonen over veel meer gaat dat alleen het biede"
            "n van een betaalbaar \n"
        ),
        (
            "huis. We zien en ervaren in de praktijk een stijgend aantal huurders met divers"
            "e problemen. Dat vraagt \n"
        ),
        (
            "om samenwerking over de grenzen van organisaties heen. We bundelden onze voorna"
            "amste inzichten in \n"
        ),
        "vijf reiservaringen.\n\n",
        (
            "We vroegen ons af wat samenwerking tussen organisaties succesvol maakt en wat w"
            "e kunnen leren \n"
        ),
        (
            "van ervaringen buiten onze eigen sector. Maar ook zochten we inzicht in wat er "
            "juist niet effectief was in \n"
        ),
        (
            "bepaalde samenwerkingsverbanden. Bewust traden we uit ons eigen ´huis´ om in an"
            "dere sectoren op \n"
        ),
        "zoek te gaan naar inspiratie en antwoorden op hun samenwerkingsvragen.\n\n",
        (
            "Met dit essay willen we de ontdekkingen én inzichten die we (op)deden tijdens o"
            "nze reis delen. Om \n"
        ),
        (
            "daarmee directeur-bestuurders van corporaties en andere middenveldorganisaties "
            "en hun interne \n"
        ),
        (
            "toezichthouders inzicht te bieden. Inzicht in wat naar ons idee bijdraagt aan e"
            "ffectieve samenwerking \n"
        ),
        "tussen organisaties.\n\n",
        (
            "Na de laatste bestemming legden we onze individuele reisverslagen naast elkaar."
            " Het bleek dat ieder de reis \n"
        ),
        (
            "op zijn of haar eigen manier beleefde en ieder haalde er ook weer andere leerer"
            "varingen en inspiratie uit. \n"
        ),
        "Niemand had verwacht dat het zo inspirerend zou worden. \n\n",
        (
            "Ons advies is: lees dit essay met onze reiservaringen en start vooral uw eigen "
            "reis op weg naar effectieve \n"
        ),
        (
            "samenwerkingsverbanden! Op deze reis kunt u, om de samenwerking een stap verder"
            " te brengen, de \n"
        ),
        (
            "spelvormen gebruiken die we per belangrijke reiservaring hebben ontwikkeld. Mee"
            "r over deze spelvormen \n"
        ),
        "leest u in de bijlage.\n\n",
        (
            "Wij gingen u alvast voor: Corry Keulen, Harrie Oosterlee, Paul Sebregts, Hans V"
            "edder, Christoffel Klap met \n"
        ),
        "ondersteuning van Lilian van Zandbrink en Stefan Cloudt. \n",
        " 1. OVER WICKED PROBLEMS EN ORGANISATIENETWERKEN \n",
        (
            "Dit essay richt zich op de bijdrage die corporaties in een organisatienetwerk ("
            "zie 1.2) kunnen leveren aan \n"
        ),
        (
            "het oplossen van complexe maatschappelijke problemen in wijken en buurten waar "
            "zij samen met andere \n"
        ),
        (
            "maatschappelijke partners actief zijn. Een zeer actueel onderwerp in de tijd wa"
            "arin onderzoeken aantonen1  \n"
        ),
        (
            "dat zwakkere wijken steeds zwakker worden. Corporaties hebben vaak woningbezit "
            "in wijken waar de \n"
        ),
        "problemen per definitie complex en meervoudig zijn, zogenaamde wicked problems. \n\n",
        "1.1 Wicked problems\n",
        (
            "Wicked problems zijn problemen die bij voorbaat niet door één partij, organisat"
            "ie of persoon opgelost \n"
        ),
        (
            "kunnen worden. Het zijn taaie of ongestructureerde problemen. Het zijn ook comp"
            "lexe problemen die niet \n"
        ),
        (
            "eenvoudig kunnen worden opgeknipt of ontleed. De essentie van het probleem best"
            "aat in de relatie tussen \n"
        ),
        (
            "verschillende mensen, verschillende ervaringen en verschillende momenten2. Voor"
            "beelden van wicked \n"
        ),
        (
            "problems uit onze eigen omgeving zijn de opvang, huisvesting en begeleiding van"
            " vluchtelingen, personen \n"
        ),
        (
            "met verward gedrag en de hulpverlening bij gezinsproblematiek (vaak geboden doo"
            "r een veelvoud aan \n"
        ),
        "instanties).   \n",
        "\t  \n",
        "Bilaterale samenwerkingsverbanden achterhaald \n",
        " \n",
    ]
)


# Labels of a diagram between two paragraphs.
MKW_FIGURE = "".join(
    [
        # corpus 002, lines 350-392
        " Nieuwe samenwerkingsvorm \n",
        " \n",
        (
            "Een organisatienetwerk is een nieuwe samenwerkingsvorm ten opzichte van bijvoor"
            "beeld de reeds bekende \n"
        ),
        (
            "ketensamenwerking en shared service centers. Organisatienetwerken positioneren "
            "zich daarmee rechts in \n"
        ),
        (
            "onderstaande figuur. Ook zijn organisatienetwerken vooral samenwerkingsverbande"
            "n met andersoortige \n"
        ),
        (
            "organisaties, zoals gemeente, zorg- en welzijnspartijen. Natuurlijk kunnen er i"
            "n een regionale aanpak ook \n"
        ),
        (
            "andere corporaties bij betrokken zijn. Organisatienetwerken positioneren zich v"
            "olgens ons daarmee in het \n"
        ),
        "kwadrant rechtsonder in het figuur hier beneden.\n\n",
        "Ketensamenwerking\n\n",
        "Sociale netwerken\n\n",
        "PersoneelspoolFusie\n\n",
        "’’asset-loos’’\n\n",
        "eigensoortige \n",
        "samenwerkingspartners\n\n",
        "andersoortige \n",
        "samenwerkingspartners\n\n",
        "traditionele\n",
        "samenwerkingsvormen\n\n",
        "nieuwe\n",
        "samenwerkingsvormen\n\n",
        "Shared Services\n\n",
        "Franchises\n\n",
        "©Stefan Cloudt 2017\n\n",
        "Organisatienetwerk\n",
        " 2. VIJF LEERERVARINGEN\n",
        (
            "In ons reisverslag tekenden we vijf bepalende ervaringen. Voordat we aan die be"
            "palende ervaringen \n"
        ),
        "toekomen, geven we eerst nog een algemene beschouwing.\n\n",
        "Een organisatienetwerk moet je echt willen\n\n",
        (
            "Organisatienetwerken zijn namelijk niet vrijblijvend. Ze vereisen dat je iets v"
            "an de autonomie van \n"
        ),
    ]
)


# A footnote with a URL, and a URL-only line.
MKW_URL = "".join(
    [
        # corpus 002, lines 637-651
        (
            "Het meest in het oog springt in onze reflecties hierover het werkwoord ‘delen’."
            " Delen is een \n"
        ),
        (
            "vanzelfsprekende manier van werken in een goed functionerend organisatienetwerk"
            ". En dat gaat verder dan \n"
        ),
        (
            "het delen van informatie alleen, wat een bekende kritieke succesfactor is bij s"
            "amenwerking.13 Het gaat om \n"
        ),
        (
            "openheid als een cultuurkenmerk van de deelnemende organisaties in een organisa"
            "tienetwerk.  \n\n"
        ),
        (
            "Meerdere malen hoorden we tijdens onze reis dat voor effectieve samenwerking he"
            "t gedrag van belang \n"
        ),
        (
            "is dat je thuis ook laat zien. Het gaat dan om verantwoordelijkheid en regie ne"
            "men, ruimte bieden en \n"
        ),
        (
            "vertrouwen hebben. Als je binnen je eigen organisatie delen en samenwerken als "
            "waarden in het dagelijks \n"
        ),
        (
            "werk hanteert, dan geeft dat een goede basis om ook van daaruit de samenwerking"
            " met anderen aan te \n"
        ),
        "gaan. \n\n",
        (
            "13 Cloudt, 2017 - MKW themabijeenkomst. https://www.mkw-platform.nl/samenwerkin"
            "g-vanuit-bedoeling-themabijeenkomst-11-mei-2017-12/\n\n"
        ),
        (
            "https://www.mkw-platform.nl/samenwerking-vanuit-bedoeling-themabijeenkomst-11-m"
            "ei-2017-12/\n"
        ),
        " neXus\n",
    ]
)


# Book chapter: headings on their own line, paragraphs separated by blank lines.
BOOK_OPENING = "".join(
    [
        # corpus 004, lines 1-67
        " Inleiding\n\n",
        "We leven in een complexe, snel veranderende wereld die ons voortdurend met \n",
        "nieuwe uitdagingen confronteert. Zowel overheden, bedrijven als non-pro-\n",
        "fitorganisaties zoeken continu naar nieuwe oplossingen. Vaak doen ze dat \n",
        "vanuit de structuren en met de methodieken die decennialang hun nut hebben \n",
        "bewezen. Dat is begrijpelijk. Waarom zou wat gisteren werkte en tot goede \n",
        "resultaten leidde, vandaag plots niet meer werken? Een bedrijf geeft zijn in-\n",
        "genieurs van het departement Ontwerp & Ontwikkeling dus de opdracht, de \n",
        "middelen en de ruimte om innovatieve oplossingen uit hun hoed te toveren. \n",
        "Ook overheden zoeken, elk binnen hun domein, bevoegdheid en middelen, \n",
        "naar passende antwoorden. Idem dito voor de non-profitorganisaties uit de \n",
        "gezondheidssector, welzijn, jeugd, sport en cultuur. Elke organisatie roeit met \n",
        "die riemen die zij heeft en vanuit de aanpak die ze kent.\n\n",
        "In meer en meer situaties wordt evenwel gaandeweg duidelijk dat ‘meer van \n",
        "hetzelfde’ en ‘alleen’ niet langer werken. De methodieken en structuren van \n",
        "gisteren leveren vaak niet meer de verhoopte resultaten op. Bedrijven, overhe-\n",
        "den en organisaties botsen op de grenzen van hun kunnen. Sommige noden en \n",
        "vraagstukken blijken zo complex te zijn, dat een afdoend en effectief antwoord \n",
        "alleen vanuit een even complex geheel kan komen. Voor deze uitdagingen \n",
        "moeten we andere horizonten opzoeken.\n\n",
        "Kruisbestuiving\n\n",
        "Een mooi voorbeeld zijn de ontwikkelingen in de gezondheidszorg. We leven \n",
        "met zijn allen steeds langer, wat op zich natuurlijk goed nieuws is. De mogelijk-\n",
        "heden van de geneeskunde zijn enorm toegenomen. We slagen erin om steeds \n",
        "meer ziekten te stabiliseren en onder controle te houden. Ze genezen lukt nog \n",
        "niet, maar met de nodige opvolging en medicatie sterven we niet langer aan deze \n",
        " chronische aandoeningen. Keerzijde van de medaille: hoe ouder iemand wordt, \n",
        "hoe groter de kans dat hij meerdere van die chronische ziekten ontwikkelt: hart-\n",
        "falen, nierfalen, hoge bloeddruk én diabetes, bijvoorbeeld. Het gelijktijdig optre-\n",
        "den van deze chronische aandoeningen, die bovendien interageren, zorgt voor \n",
        "meer complexiteit. Artsen en hulpverleners binnen en buiten het ziekenhuis \n",
        "moeten daarom nauw met elkaar samenwerken om deze patiënten de passende \n",
        "ondersteuning te bieden. Maar er is meer. Veel oudere mensen met chronische \n",
        "aandoeningen zijn minder mobiel, vereenzamen, hebben een beperkt netwerk \n",
        "om op terug te vallen, kunnen soms moeilijk de eindjes aan elkaar knopen, \n",
        "worden al eens vergeetachtig, worstelen met hun administratie en wonen niet \n",
        "altijd in optimale omstandigheden. Al deze elementen hebben onbetwistbaar \n",
        "een impact op de gezondheid en de levenskwaliteit van deze mensen. Maar de \n",
        "arts, de thuisverpleegkundige of het ziekenhuis alleen kan hier geen oplossing \n",
        "bieden. Zij botsen op de grenzen van hun expertise en mogelijkheden. Voor een \n",
        "afdoende oplossing moeten ze ook de familie, de mantelzorger, de buurt, de ge-\n",
        "meente, het verenigingsleven, de sociale huisvestingsmaatschappij, vrijwilligers-\n",
        "organisaties, de postbode, de wijkagent en bij voorkeur zelfs de plaatselijke \n",
        "middenstand betrekken. Bovendien gaan ook ondernemingen en onderzoekers \n",
        "op zoek naar oplossingen, bijvoorbeeld voor valpreventie of het monitoren van \n",
        "de gezondheidstoestand op afstand. Over wie al dan niet betrokken kan of moet \n",
        "worden in deze case, valt nog te discussiëren. (Wat we verderop in dit boek ook \n",
        "zullen doen.) Maar dat geen enkele van deze organisaties op zijn eentje voor \n",
        "een effectieve oplossing kan zorgen, is wel duidelijk. Bovendien wordt duidelijk \n",
        "dat een passend aanbod niet zomaar de optelsom is van het aanbod van deze \n",
        "verschillende organisaties. Alle organisaties moeten samen ageren en een soort \n",
        "ecosysteem vormen waarin de klant of patiënt centraal staat.\n\n",
        "Een ander voorbeeld: de re-integratie van gevangenen in de samenleving. De \n",
        "sociale dienst van een gevangenis speelt hierin een cruciale rol en neemt de \n",
        "regie op zich. Maar het besef groeit dat een effectieve integratie zonder het en-\n",
        "gagement van vele en uiteenlopende partners een illusie is. Ook hier moeten \n",
        "overheden, non-profitorganisaties én de bedrijfswereld de handen ineenslaan. \n",
        "Alleen als de diverse partners er, in dialoog met de gedetineerde, in slagen \n",
        "om de belangrijke levensdomeinen – werk, wonen, vrije tijd, sociale relaties, \n",
        "gezondheid, mobiliteit… – zinvol en coherent op elkaar af te stemmen, is een \n",
        "duurzame oplossing mogelijk.\n\n",
    ]
)




# --------------------------------------------------------------------------- list markers


def _corpus_docs():
    return [(p.name, clean(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.txt"))]


def test_passages_of_the_corpus_carry_no_layout_leftovers():
    """Bullets, dashes opening an item and 'block | text' labels are taken out of every
    passage; what they marked is kept as a ListMark."""
    from ingest.chunk import chunk

    for name, doc in _corpus_docs():
        for span in chunk(doc):
            text = doc.text[span.start:span.end]
            for para in text.split("\n\n"):
                assert not re.match(r"[•▪●◦■–—-]\s", para), (name, para[:60])
                assert "|" not in para, (name, para[:60])
                assert not re.search(r"\bFoto\s*:", para), (name, para[:60])


def test_list_markers_are_kept_beside_the_text():
    doc = clean((CORPUS / "003_4a83c0c9d3f0adb1.txt").read_text(encoding="utf-8"))
    labelled = [m for m in doc.marks if m.label]
    # seven block pages, three 'Stem af met' links each
    assert len(labelled) == 21
    assert {m.label.casefold() for m in labelled} <= {
        "opgave", "waarde", "samen doen", "verankering", "deelname", "binding", "organisatie"}
    link = next(m for m in labelled if doc.text.startswith("Voor een goede aanpak", m.start))
    assert (link.marker, link.label) == ("bullet", "opgave")
    assert doc.text[:link.start].endswith("\n\nOpgave: ")  # the label stays readable
    key = next(m for m in doc.marks if doc.text.startswith("Welke partners zijn er", m.start))
    assert (key.marker, key.label) == ("bullet", "")
    dash = next(m for m in doc.marks if doc.text.startswith("partners van het netwerk zelf", m.start))
    assert dash.marker == "dash"
    assert "Het bestuurlijk belang van relatieonderhoud — Tinka van Rood" in doc.text


def test_a_bar_in_running_text_is_left_alone():
    doc = clean("Een zin met een streep | erin die gewoon doorloopt en eindigt met een punt.\n")
    assert "|" in doc.text and not doc.marks


def test_a_line_that_lost_its_url_does_not_swallow_the_next_sentence():
    doc = clean("Zie voor actuele info over activiteiten:  \n\nhttps://www.example.nl/samenwerken\n\n"
                "Deze publicatie is tot stand gekomen met steun van het ministerie.\n")
    assert "https" not in doc.text
    first, second = [p for p in doc.text.split("\n\n") if p.strip()][:2]
    assert first.endswith("activiteiten:") and second.startswith("Deze publicatie")
