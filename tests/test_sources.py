"""Reading files: every supported format, and every kind of bad input reported by name."""

import docx
import pytest

from assistant.errors import ConfigError
from ingest.sources import UnreadableError, discover, read_blocks, read_text
from tests.pdfmaker import make_pdf


def test_manifest_metadata_is_used(tmp_path):
    (tmp_path / "a.txt").write_text("Een tekst over netwerken.", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[documents."a.txt"]\nid = "mijn-doc"\ntitle = "Mijn titel"\nyear = 2021\n'
        'kind = "essay"\n', encoding="utf-8")
    found = discover([tmp_path])
    assert [f.meta.doc_id for f in found.files] == ["mijn-doc"]
    assert found.files[0].meta.title == "Mijn titel" and found.files[0].meta.year == 2021


def test_the_corpus_manifest_describes_every_document():
    from tests.conftest import CORPUS

    found = discover([CORPUS])
    metas = {f.path.name: f.meta for f in found.files}
    assert len(metas) == 5 and not found.skipped
    assert metas["001_1ab2c414d3ed74dd.txt"].duplicate_of == metas["000_ab6e06259e90acd6.txt"].doc_id
    assert all(m.title and m.kind and m.language == "nl" for m in metas.values())


def test_markdown_title_and_text(tmp_path):
    p = tmp_path / "notitie.md"
    p.write_text("# Netwerkafspraken\n\nWe spreken **elk kwartaal** af.\n", encoding="utf-8")
    assert discover([p]).files[0].meta.title == "Netwerkafspraken"
    text = read_text(p)
    assert "elk kwartaal" in text and "**" not in text


def test_docx_is_read_with_its_title(tmp_path):
    p = tmp_path / "verslag.docx"
    d = docx.Document()
    d.core_properties.title = "Verslag leerkring"
    d.add_paragraph("De partners bespraken de opgave.")
    d.save(p)
    assert discover([p]).files[0].meta.title == "Verslag leerkring"
    assert "De partners bespraken de opgave." in read_text(p)


def test_pdf_text_is_extracted(tmp_path):
    p = tmp_path / "rapport.pdf"
    p.write_bytes(make_pdf("Organisatienetwerken werken aan maatschappelijke opgaven."))
    assert "maatschappelijke opgaven" in read_text(p)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.txt", b"", "empty"),
        ("latin1.txt", "café netwerk".encode("latin-1"), "not UTF-8"),
        ("kapot.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
        ("kapot.docx", b"PK\x03\x04 not a zip", "not a readable Word file"),
    ],
)
def test_bad_files_raise_a_message_for_people(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(UnreadableError, match=message):
        read_text(p)


def test_a_directory_in_place_of_a_file_cannot_be_read(tmp_path):
    d = tmp_path / "map.txt"
    d.mkdir()
    with pytest.raises(UnreadableError, match="cannot be read"):
        read_text(d)


def test_unsupported_and_missing_paths_are_reported(tmp_path):
    (tmp_path / "plaatje.png").write_bytes(b"\x89PNG")
    found = discover([tmp_path, tmp_path / "bestaat-niet.txt"])
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert "unsupported file type '.png'" in reasons["plaatje.png"]
    assert reasons["bestaat-niet.txt"] == "does not exist"


def test_files_of_nul_or_control_characters_are_skipped_with_the_reason(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"\x00" * 10_000)
    (tmp_path / "ctl.txt").write_bytes(b"\x01\x02\x03\x1b" * 500 + b"een beetje tekst")
    (tmp_path / "goed.txt").write_text("Een netwerk\tmet tabs\nen regels.\x0c", encoding="utf-8")
    for name in ("nul.txt", "ctl.txt"):
        with pytest.raises(UnreadableError, match="mostly NUL or control characters"):
            read_text(tmp_path / name)
    assert "tabs" in read_text(tmp_path / "goed.txt")


def test_bidi_controls_are_stripped_from_titles(tmp_path):
    (tmp_path / "a.txt").write_text("Tekst.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Rapport \u202egnikreW\u202c 2024\n\nTekst.", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[documents."a.txt"]\ntitle = "Factuur\u202etxt.exe\u2066\u200f"\nauthors = ["An\u061c Jansen"]\n',
        encoding="utf-8")
    metas = {f.path.name: f.meta for f in discover([tmp_path]).files}
    assert metas["a.txt"].title == "Factuurtxt.exe" and metas["a.txt"].authors == ("An Jansen",)
    assert metas["b.md"].title == "Rapport gnikreW 2024"


def test_symlink_loops_and_broken_links_are_reported_as_skipped(tmp_path):
    (tmp_path / "echt.txt").write_text("Een netwerk.", encoding="utf-8")
    (tmp_path / "lus1.txt").symlink_to(tmp_path / "lus2.txt")
    (tmp_path / "lus2.txt").symlink_to(tmp_path / "lus1.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "omhoog").symlink_to(tmp_path)
    (tmp_path / "weg.txt").symlink_to(tmp_path / "bestaat-niet.txt")
    found = discover([tmp_path])
    assert [f.path.name for f in found.files] == ["echt.txt"]
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert "symbolic link loop" in reasons["lus1.txt"] and "symbolic link loop" in reasons["lus2.txt"]
    assert "symbolic link loop" in reasons["omhoog"] and "broken symbolic link" in reasons["weg.txt"]
    assert "symbolic link loop" in discover([tmp_path / "lus1.txt"]).skipped[0].reason


def test_a_file_over_the_size_limit_is_skipped_with_a_message_naming_the_fix(tmp_path):
    from assistant.settings import Settings

    (tmp_path / "klein.txt").write_text("Een netwerk van partners.", encoding="utf-8")
    (tmp_path / "groot.txt").write_text("Een netwerk van partners. " * 8000, encoding="utf-8")  # 208 KB
    found = discover([tmp_path], max_file_mb=0.1)
    assert [f.path.name for f in found.files] == ["klein.txt"]
    [skipped] = found.skipped
    assert skipped.path.name == "groot.txt"
    for part in ("groot.txt is 0.2 MB", "limiet van 0.1 MB", "over the limit of 0.1 MB",
                 "NETWERKWIJZER_MAX_FILE_MB"):
        assert part in skipped.reason
    assert [f.path.name for f in discover([tmp_path]).files] == ["groot.txt", "klein.txt"]
    assert Settings().max_file_mb == 25
    assert Settings.from_env({"NETWERKWIJZER_MAX_FILE_MB": "60"}).max_file_mb == 60
    with pytest.raises(ConfigError, match="NETWERKWIJZER_MAX_FILE_MB"):
        Settings(max_file_mb=0)


def _big_text(paragraphs: int) -> str:
    from tests.conftest import CORPUS

    text = (CORPUS / "004_a18a54227c7afcbc.txt").read_text(encoding="utf-8")
    sentences = [s.strip() + "." for s in " ".join(text.split()).split(". ") if len(s) > 40]
    out = []
    for i in range(paragraphs):
        if i % 10 == 0:
            out.append(" ".join(sentences[i % len(sentences)].split()[:4]).rstrip(".,"))  # a heading
        out.append(" ".join(sentences[(i * 3 + k) % len(sentences)] for k in range(4)))
    return "\n\n".join(out) + "\n"


def test_a_big_text_is_read_in_blocks_of_whole_paragraphs(tmp_path):
    path = tmp_path / "groot.txt"
    text = _big_text(120)
    path.write_text(text, encoding="utf-8-sig")
    blocks = list(read_blocks(path, block_chars=5000))
    assert len(blocks) > 5 and "".join(blocks) == text
    assert all(b.endswith("\n\n") or b.endswith(".\n") for b in blocks)  # cut at blank lines only
    (tmp_path / "kapot.txt").write_bytes(text.encode() + b"\n\nca\xe9\n")
    with pytest.raises(UnreadableError, match=f"byte {len(text.encode()) + 4}"):
        list(read_blocks(tmp_path / "kapot.txt", block_chars=5000))


def test_preparing_in_blocks_keeps_offsets_sections_and_text(tmp_path):
    from ingest.pipeline import prepare, prepare_blocks
    from ingest.sources import DocMeta

    path = tmp_path / "groot.txt"
    path.write_text(_big_text(120), encoding="utf-8")
    meta = DocMeta(doc_id="groot", title="Groot")
    whole = prepare(meta, path, read_text(path))
    streamed = prepare_blocks(meta, path, read_blocks(path, block_chars=5000))
    assert all(streamed.cleaned.text[c.start:c.end] == c.text for c in streamed.chunks)
    assert all(c.section == streamed.cleaned.section_at(c.start) for c in streamed.chunks)
    # the same text; headings are found from evidence within a block, so at most fewer
    assert " ".join(streamed.cleaned.text.split()) == " ".join(whole.cleaned.text.split())
    assert {c.section for c in streamed.chunks} <= {c.section for c in whole.chunks}
    assert len({c.section for c in streamed.chunks} - {""}) >= 1
    assert abs(len(streamed.chunks) - len(whole.chunks)) <= len(whole.chunks) // 10
    # one block is exactly the whole document (so small files keep their chunk ids)
    single = prepare_blocks(meta, path, [read_text(path)])
    assert [c.chunk_id for c in single.chunks] == [c.chunk_id for c in whole.chunks]


def _pdf(path, meta_title, lines):
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    if meta_title is not None:
        pdf.set_title(meta_title)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(0, 8, lines[0], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 11)
    for line in lines[1:]:
        pdf.multi_cell(0, 5.5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(str(path))


BODY = ("Het meldpunt draaide in 2025 zijn eerste volledige jaar. Er kwamen meer meldingen binnen "
        "dan verwacht, en de samenwerking tussen woonstichting, gemeente en welzijnswerk groeide.")


@pytest.mark.parametrize("junk", ["jaarverslag.html", "Microsoft Word - concept3.docx", "Untitled",
                                  "C:\\Users\\eva\\Documents\\jaarverslag def.pdf"])
def test_a_pdf_with_a_file_name_as_title_gets_its_first_heading(tmp_path, junk):
    _pdf(tmp_path / "verslag.pdf", junk, ["Jaarverslag Meldpunt Huurachterstanden 2025", BODY])
    assert discover([tmp_path]).files[0].meta.title == "Jaarverslag Meldpunt Huurachterstanden 2025"


def test_a_pdf_keeps_a_real_metadata_title_and_without_one_uses_its_heading(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _pdf(tmp_path / "a" / "verslag.pdf", "Jaarverslag 2025 (definitief)", ["Jaarverslag", BODY])
    _pdf(tmp_path / "b" / "verslag.pdf", None, [BODY, "Jaarverslag Meldpunt 2025", BODY])
    assert discover([tmp_path / "a"]).files[0].meta.title == "Jaarverslag 2025 (definitief)"
    # no metadata title and a long first line: the first short line is the heading
    assert discover([tmp_path / "b"]).files[0].meta.title == "Jaarverslag Meldpunt 2025"


@pytest.mark.parametrize("junk", ["Document1", "Naamloos document", "Presentatie1", "concept3.docx"])
def test_a_word_file_with_an_editor_default_title_gets_its_heading(tmp_path, junk):
    d = docx.Document()
    d.core_properties.title = junk
    d.add_paragraph(BODY)  # a first paragraph that is not the heading
    d.add_heading("Notulen stuurgroep 12 maart 2026", level=1)
    d.add_paragraph(BODY)
    d.save(tmp_path / "notulen.docx")
    assert discover([tmp_path]).files[0].meta.title == "Notulen stuurgroep 12 maart 2026"
    plain = docx.Document()
    plain.core_properties.title = junk
    plain.add_paragraph("Memo pilot particuliere verhuurders")
    plain.add_paragraph(BODY)
    (tmp_path / "b").mkdir()
    plain.save(tmp_path / "b" / "memo.docx")
    assert discover([tmp_path / "b"]).files[0].meta.title == "Memo pilot particuliere verhuurders"


def test_a_pdf_title_wrapped_over_two_lines_stays_whole(tmp_path):
    title = "Jaarverslag 2025 Meldpunt Huurachterstanden Wijknetwerk Oost en de omliggende gemeenten"
    _pdf(tmp_path / "verslag.pdf", "Microsoft Word - concept3.docx", [title, BODY, BODY])
    assert discover([tmp_path]).files[0].meta.title == title
