"""Reading files: every supported format, and every kind of bad input reported by name."""

import docx
import pytest

from ingest.sources import UnreadableError, discover, read_text
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
