"""Builds the second test library of issue 9 as real DOCX and PDF files.

Six short Dutch documents about a fictional local network (the "Meldpunt Huurachterstanden
Wijknetwerk Oost" of a housing corporation, a municipality, a care group and a welfare
organisation) are kept as Markdown in ``sources/``. ``build(folder)`` writes them as the files a
user would ingest: Word documents through python-docx (headings as Heading styles, tables as
Word tables) and PDFs through fpdf2. The built files are never committed; tests and the eval
build them into a temporary folder. The questions about them are in ``questions.jsonl``; their
gold ``doc`` is the file name given here.

Run ``python -m evalsets.library2.build FOLDER`` to write the files by hand.
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SOURCES = Path(__file__).parent / "sources"


@dataclass(frozen=True)
class Spec:
    source: str  # Markdown file in sources/
    name: str  # file name as built; the questions' gold "doc"
    title: str  # the title in the file's own metadata (what ingest shows without a manifest)


DOCUMENTS = (
    Spec("01-samenwerkingsovereenkomst.md", "samenwerkingsovereenkomst-meldpunt.docx",
         "Samenwerkingsovereenkomst Meldpunt Huurachterstanden Wijknetwerk Oost"),
    # A junk title as Word's PDF printer leaves it: the metadata problem of issue 13, kept on purpose.
    Spec("02-jaarverslag-2025.md", "jaarverslag-2025-meldpunt.pdf", "Microsoft Word - concept3.docx"),
    Spec("03-notulen-stuurgroep-2026-03-12.md", "notulen-stuurgroep-2026-03-12.docx",
         "Notulen stuurgroep Meldpunt Huurachterstanden 12 maart 2026"),
    Spec("04-notulen-stuurgroep-2026-06-18.md", "notulen-stuurgroep-2026-06-18.pdf",
         "Notulen stuurgroep Meldpunt Huurachterstanden 18 juni 2026"),
    Spec("05-evaluatierapport-2026.md", "evaluatie-meldpunt-2026.pdf",
         "Evaluatie Meldpunt Huurachterstanden Wijknetwerk Oost"),
    Spec("06-memo-pilot-particuliere-verhuurders.md", "memo-pilot-particuliere-verhuurders.docx",
         "Memo pilot particuliere verhuurders"),
)
AUTHOR = "Meldpunt Huurachterstanden Wijknetwerk Oost"
# Fixed dates keep the built files byte-identical between builds, so re-ingesting them embeds nothing new.
FIXED_DATE = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
# DejaVu where the machine has it; fpdf2's core Helvetica (Latin-1 only) elsewhere.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PDF_MARGIN_MM = 20
PDF_SIZES = {"title": (16, 8), "heading": (12, 7), "text": (11, 5.5)}  # font pt, line height mm


@dataclass(frozen=True)
class Block:
    kind: str  # "title" | "heading" | "para" | "bullet" | "numbered" | "table"
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


def parse(markdown: str) -> list[Block]:
    """The small Markdown subset of sources/: '#' headings, paragraphs, '- ' and '1. ' lists, pipe tables."""
    blocks: list[Block] = []
    for chunk in markdown.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        if lines[0].startswith("|"):
            rows = [tuple(c.strip() for c in line.strip("|").split("|")) for line in lines]
            rows = [r for r in rows if not all(set(c) <= set("-: ") for c in r)]
            blocks.append(Block("table", rows=tuple(rows)))
        elif lines[0].startswith("#"):
            marks, _, text = lines[0].partition(" ")
            blocks.append(Block("title" if marks == "#" else "heading", text.strip(), level=len(marks) - 1))
        elif all(line.startswith("- ") for line in lines):
            blocks.extend(Block("bullet", line[2:].strip()) for line in lines)
        elif all(re.match(r"\d+\. ", line) for line in lines):
            blocks.extend(Block("numbered", line) for line in lines)
        else:
            blocks.append(Block("para", " ".join(lines)))
    return blocks


def build(folder: Path) -> list[Path]:
    """Write every document of the library into folder (created if needed); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in DOCUMENTS:
        blocks = parse((SOURCES / spec.source).read_text(encoding="utf-8"))
        path = folder / spec.name
        if path.suffix == ".docx":
            _write_docx(blocks, spec.title, path)
        else:
            _write_pdf(blocks, spec.title, path)
        paths.append(path)
    return paths


def _write_docx(blocks: list[Block], title: str, path: Path) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.created, props.modified = title, AUTHOR, FIXED_DATE, FIXED_DATE
    for block in blocks:
        if block.kind in ("title", "heading"):
            document.add_heading(block.text, level=block.level)
        elif block.kind == "bullet":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "numbered":
            # The number stays in the text: Word's own numbering would not reach the extracted text.
            document.add_paragraph(block.text)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]), style="Table Grid")
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        cell.paragraphs[0].runs[0].bold = True
        else:
            document.add_paragraph(block.text)
    document.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    # python-docx stamps every zip member with the current time; fixed times make builds reproducible.
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            zout.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def _write_pdf(blocks: list[Block], title: str, path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_margins(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM)
    pdf.set_auto_page_break(True, PDF_MARGIN_MM)
    pdf.set_title(title)
    pdf.set_author(AUTHOR)
    pdf.set_creation_date(FIXED_DATE)
    family = _pdf_font(pdf)
    pdf.add_page()
    for block in blocks:
        if block.kind == "table":
            raise ValueError("tables are only supported in the .docx documents")
        # The core font covers Latin-1 only; the sources of PDFs keep to it, so every machine extracts the same text.
        block.text.encode("latin-1")
        size, height = PDF_SIZES["title" if block.kind == "title" else "heading" if block.kind == "heading" else "text"]
        pdf.set_font(family, "B" if block.kind in ("title", "heading") else "", size)
        if block.kind == "heading":
            pdf.ln(2)
        text = f"- {block.text}" if block.kind == "bullet" else block.text
        # Left-aligned: justified lines come out of pypdf with doubled spaces between words.
        pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1 if block.kind in ("bullet", "numbered") else 2)
    pdf.output(str(path))


def _pdf_font(pdf) -> str:
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "helvetica"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "library2-docs")
    for written in build(target):
        print(written)
