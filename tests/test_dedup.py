"""Duplicate detection on real text: the OCR copy in corpus/ collapses, documents that
differ in numbers or places do not (no model, no index: cleaned and chunked as ingest does)."""

from __future__ import annotations

import random

from ingest.dedup import DocText, Duplicate, excerpt, find_duplicates, names, numbers, same_passage
from ingest.pipeline import IngestReport, prepare
from ingest.sources import DocMeta, discover, read_text
from tests.conftest import CORPUS

REPORT_2022 = (
    "Jaarverslag Kustnetwerk 2022\n\n"
    "In 2022 telde het Kustnetwerk 12 partners, van woningcorporaties tot de wijkteams van "
    "de gemeente. Samen begeleidden zij 340 huishoudens met een huurachterstand. De stuurgroep "
    "kwam vier keer bijeen en het budget bedroeg 85.000 euro. Voorzitter was Anneke de Vries."
)
REPORT_2023 = (
    "Jaarverslag Kustnetwerk 2023\n\n"
    "In 2023 telde het Kustnetwerk 15 partners, van woningcorporaties tot de wijkteams van "
    "de gemeente. Samen begeleidden zij 410 huishoudens met een huurachterstand. De stuurgroep "
    "kwam vier keer bijeen en het budget bedroeg 92.000 euro. Voorzitter was Anneke de Vries."
)


def _docs(texts: dict[str, str], duplicate_of: dict[str, str] | None = None) -> list[DocText]:
    out = []
    for doc_id, text in texts.items():
        prepared = prepare(DocMeta(doc_id=doc_id, title=doc_id), CORPUS / f"{doc_id}.txt", text)
        out.append(DocText(doc_id, (duplicate_of or {}).get(doc_id, ""),
                           [(c.chunk_id, c.text) for c in prepared.chunks]))
    return out


def test_the_ocr_copy_of_the_interview_collapses_onto_the_clean_copy():
    found = {s.meta.doc_id: s for s in discover([CORPUS]).files}
    docs = []
    for doc_id in ("kenis-interview", "kenis-interview-ocr"):
        src = found[doc_id]
        chunks = prepare(src.meta, src.path, read_text(src.path)).chunks
        docs.append(DocText(doc_id, src.meta.duplicate_of, [(c.chunk_id, c.text) for c in chunks]))
    dups = find_duplicates(docs)
    ocr_chunks = len(docs[1].chunks)
    # before numbers and names were checked, all 13 OCR chunks collapsed; so they still do
    assert len(dups) >= ocr_chunks - 1, [d.excerpt for d in dups]
    assert {(d.doc_id, d.kept_doc_id) for d in dups} == {("kenis-interview-ocr", "kenis-interview")}
    clean_ids = {cid for cid, _ in docs[0].chunks}
    assert all(d.kept_chunk_id in clean_ids for d in dups)
    assert all(0 < len(d.excerpt) <= 80 for d in dups)


def test_the_whole_corpus_loses_nothing_but_the_ocr_copy():
    found = discover([CORPUS]).files
    docs = [DocText(s.meta.doc_id, s.meta.duplicate_of,
                    [(c.chunk_id, c.text) for c in prepare(s.meta, s.path, read_text(s.path)).chunks])
            for s in found]
    assert {d.doc_id for d in find_duplicates(docs)} == {"kenis-interview-ocr"}


def test_annual_reports_that_differ_in_numbers_do_not_collapse():
    assert find_duplicates(_docs({"kust-2022": REPORT_2022, "kust-2023": REPORT_2023})) == []
    assert not same_passage(REPORT_2022, REPORT_2023)


def test_the_same_report_twice_does_collapse_also_with_ocr_damage():
    # the control: the detector is not simply off
    copy = REPORT_2023.replace("Kustnetwerk", "Kustnetwerk").replace("woningcorporaties",
                                                                     "wonmgcorporaties")
    copy = copy.replace("huurachterstand", "huurachtcrstand").replace("Vries", "Vrles")
    dups = find_duplicates(_docs({"kust-2023": REPORT_2023, "kust-2023-scan": copy},
                                 {"kust-2023-scan": "kust-2023"}))
    assert [(d.doc_id, d.kept_doc_id) for d in dups] == [("kust-2023-scan", "kust-2023")]
    assert same_passage(REPORT_2023, copy)


def test_a_report_about_another_place_does_not_collapse():
    other = REPORT_2023.replace("Kustnetwerk", "Rivierennetwerk").replace("Anneke de Vries",
                                                                          "Anneke de Wit")
    assert not same_passage(REPORT_2023, REPORT_2023.replace("Anneke de Vries", "Anneke de Wit"))
    assert find_duplicates(_docs({"kust": REPORT_2023, "rivier": other})) == []


PLACES = ["Almere", "Breda", "Delft", "Ede", "Emmen", "Gouda", "Haarlem", "Helmond", "Hoorn",
          "Kampen", "Leiden", "Lelystad", "Maastricht", "Meppel", "Nijmegen", "Oss", "Roermond",
          "Schiedam", "Sittard", "Tiel", "Tilburg", "Utrecht", "Veenendaal", "Venlo", "Vlaardingen",
          "Weert", "Zaandam", "Zeist", "Zutphen", "Zwolle"]
TEMPLATES = [
    "Het Wijknetwerk {place} is in {year} opgericht door {n1} organisaties uit zorg, welzijn en wonen.",
    "In {place} werken de partners samen aan {n2} gezinnen met meervoudige problemen.",
    "De gemeente {place} betaalt jaarlijks {money} euro aan de netwerkcoördinatie.",
    "Elke {weeks} weken komt het kernteam van {place} bijeen om casussen te bespreken.",
    "Volgens de coördinator in {place} is vertrouwen tussen de {n1} partners de belangrijkste voorwaarde.",
    "Het netwerk in {place} meldde in {year2} dat {pct} procent van de gezinnen geen nieuwe schulden had.",
    "Woningcorporatie {place} Wonen signaleert huurachterstanden na {days} dagen en belt dan het wijkteam.",
    "De stuurgroep van {place} bestaat uit {n3} bestuurders die elk een stem hebben.",
]


def _templated(i: int) -> str:
    rng = random.Random(i)
    values = dict(place=PLACES[i], year=2010 + i % 12, year2=2018 + i % 6, n1=rng.randint(4, 40),
                  n2=rng.randint(20, 900), money=f"{rng.randint(20, 400)}.000",
                  weeks=rng.randint(2, 8), pct=rng.randint(40, 95), days=rng.randint(10, 60),
                  n3=rng.randint(3, 9))
    paragraphs = []
    for p in range(16):  # paragraphs of six template sentences, each with a place or figure
        sentences = [TEMPLATES[(p + k) % len(TEMPLATES)].format(**values) for k in range(6)]
        paragraphs.append(" ".join(sentences))
    return f"Jaarbericht Wijknetwerk {values['place']}\n\n" + "\n\n".join(paragraphs)


def test_thirty_templated_documents_with_other_places_and_numbers_keep_all_their_chunks():
    docs = _docs({f"wijknetwerk-{i}": _templated(i) for i in range(30)})
    total = sum(len(d.chunks) for d in docs)
    assert total >= 150  # the case: 30 such documents, 205 chunks, 7 kept
    assert find_duplicates(docs) == []
    # an identical copy of one of them still collapses, every chunk of it
    copy = _docs({"kopie": _templated(4)})
    dups = find_duplicates(docs + copy)
    assert {d.doc_id for d in dups} <= {"kopie", "wijknetwerk-4"}
    assert len(dups) == len(copy[0].chunks)


def test_numbers_and_names_are_read_as_ocr_leaves_them():
    assert numbers("In 2023 telde het 15 partners en 5.000 leden.") == {"2023", "15", "5000"}
    assert numbers(" 3> Hoe zit het met de democratische controle?") == set()  # a misread bullet
    assert numbers("de 2e Kamer") == {"2"}
    assert names("Het Kustnetwerk in Zwolle, zei Kenis.") == ["kustnetwerk", "zwolle", "kenis"]
    assert same_passage("Hij werkte in België bij de universiteit van Antwerpen en later elders.",
                        "Hij werkte in Belgié bij de universiteit van Antwerpen en later elders.")
    assert not same_passage("Hij werkte in Breda bij de universiteit van Antwerpen en later elders.",
                            "Hij werkte in Bergen bij de universiteit van Antwerpen en later elders.")


def test_every_collapse_is_in_the_report_and_its_records():
    report = IngestReport(duplicates=1, collapsed=[
        Duplicate("c1", "kenis-interview-ocr", "kenis-interview", "c0",
                  excerpt("“Dit soort organisatienetwerken zijn de toekomst”, zegt Patrick Kenis, "
                          "de Vlaamse hoogleraar Public Governance."))])
    text = report.summary()
    assert "kenis-interview-ocr → kept in kenis-interview" in text
    assert "“Dit soort organisatienetwerken zijn de toekomst”" in text
    record = report.collapsed[0].as_dict()
    assert record["doc_id"] == "kenis-interview-ocr" and record["kept_doc_id"] == "kenis-interview"
    assert len(record["excerpt"]) <= 80 and record["excerpt"].endswith("…")
