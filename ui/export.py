"""A conversation as Markdown and as DOCX, for trainers: questions, answers, and every
source with its title, section and the quoted sentence(s).

Pure functions of ``ui.state.Turn`` lists; ``to_docx`` writes a file with python-docx.
``add_markdown`` (the small Markdown subset the answers use: headings, bullet lists,
**bold**, *italic*) is shared with the handout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ui.render import MODE_LABELS, quote_parts

TITLE = "Netwerkwijzer — gesprek"


def _stamp() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")


def _md_quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def to_markdown(turns: Sequence[Any]) -> str:
    lines = [f"# {TITLE}", "", f"_Geëxporteerd op {_stamp()}_", ""]
    n = 0
    for t in turns:
        if not t.done:
            continue
        n += 1
        lines += [f"## Vraag {n}", "", _md_quote(t.question), "",
                  f"*Modus: {MODE_LABELS.get(t.mode, t.mode)}*"]
        query = t.answer.query if t.answer is not None else t.query
        if query and query.strip() != t.question.strip():
            lines.append(f"*Zoekvraag: {query}*")
        lines.append("")
        if t.error:
            lines += [f"**Fout:** {t.error}", ""]
            continue
        if t.mode == "search":
            lines += ["### Gevonden passages", ""]
            for i, p in enumerate(t.passages, 1):
                where = _where(p)
                lines += [f"{i}. **{where}** (score {p.score:.4f})", "", _md_quote(p.text), ""]
            continue
        a = t.answer
        if a is None:
            continue
        if a.note:
            lines += [f"_{a.note}_", ""]
        lines += ["### Antwoord", "", a.text.strip(), ""]
        if a.citations:
            lines += ["### Bronnen", ""]
            for c in a.citations:
                where = _where(c)
                lines += [f"[{c.n}] **{where}** ({c.doc_id})", ""]
                lines += [_md_quote(q) for q in quote_parts(c.quote)]
                lines.append("")
        if a.related:
            lines += ["### Gerelateerde passages", ""]
            for p in a.related:
                where = _where(p)
                lines += [f"- **{where}**: {_short(p.text)}"]
            lines.append("")
    if n == 0:
        lines += ["_Nog geen vragen gesteld._", ""]
    return "\n".join(lines).rstrip() + "\n"


def _where(source) -> str:
    """'title — section' of a Citation or Passage (the section only when it adds something)."""
    if source.section and source.section != source.title:
        return f"{source.title} — {source.section}"
    return source.title


def _short(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


# ---- DOCX ---------------------------------------------------------------------------------


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def run(paragraph, text: str, bold: bool = False, italic: bool = False):
    """Add a run, dropping characters XML cannot hold (PDF extractions have some)."""
    r = paragraph.add_run(_XML_BAD.sub("", str(text)))
    r.bold = bold or None
    r.italic = italic or None
    return r


def new_document(title: str):
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "Netwerkwijzer"
    doc.add_heading(title, level=0)
    return doc


_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_)")


def add_inline(paragraph, text: str) -> None:
    """Runs for **bold**, *italic* and _italic_; everything else as plain text."""
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            run(paragraph, part[2:-2], bold=True)
        elif (part[0] in "*_") and part.endswith(part[0]) and len(part) > 2:
            run(paragraph, part[1:-1], italic=True)
        else:
            run(paragraph, part)


def add_markdown(doc, text: str, base_level: int = 2) -> None:
    """The Markdown subset the answers use → headings, bullets and paragraphs."""
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            m = re.match(r"^(#{1,6})\s+(.*)$", stripped)
            if m:
                level = min(9, base_level + len(m.group(1)) - 1)
                doc.add_heading(_XML_BAD.sub("", m.group(2).strip()), level=level)
            elif re.match(r"^[-*•]\s+", stripped):
                add_inline(doc.add_paragraph(style="List Bullet"),
                           re.sub(r"^[-*•]\s+", "", stripped))
            elif re.match(r"^\d+[.)]\s+", stripped):
                add_inline(doc.add_paragraph(style="List Number"),
                           re.sub(r"^\d+[.)]\s+", "", stripped))
            elif stripped.startswith(">"):
                add_inline(doc.add_paragraph(style="Quote"), stripped.lstrip("> "))
            else:
                add_inline(doc.add_paragraph(), stripped)


def add_quote(doc, text: str):
    p = doc.add_paragraph(style="Quote")
    run(p, text, italic=True)
    return p


def to_docx(turns: Sequence[Any], path: Path) -> Path:
    doc = new_document(TITLE)
    run(doc.add_paragraph(), f"Geëxporteerd op {_stamp()}", italic=True)
    n = 0
    for t in turns:
        if not t.done:
            continue
        n += 1
        doc.add_heading(f"Vraag {n}", level=1)
        add_quote(doc, t.question)
        meta = doc.add_paragraph()
        run(meta, f"Modus: {MODE_LABELS.get(t.mode, t.mode)}", italic=True)
        query = t.answer.query if t.answer is not None else t.query
        if query and query.strip() != t.question.strip():
            run(meta, f"\nZoekvraag: {query}", italic=True)
        if t.error:
            p = doc.add_paragraph()
            run(p, "Fout: ", bold=True)
            run(p, t.error)
            continue
        if t.mode == "search":
            doc.add_heading("Gevonden passages", level=2)
            for i, p in enumerate(t.passages, 1):
                where = _where(p)
                para = doc.add_paragraph()
                run(para, f"{i}. {where}", bold=True)
                run(para, f"  (score {p.score:.4f})")
                add_quote(doc, p.text)
            continue
        a = t.answer
        if a is None:
            continue
        if a.note:
            run(doc.add_paragraph(), a.note, italic=True)
        doc.add_heading("Antwoord", level=2)
        add_markdown(doc, a.text, base_level=3)
        if a.citations:
            doc.add_heading("Bronnen", level=2)
            for c in a.citations:
                where = _where(c)
                para = doc.add_paragraph()
                run(para, f"[{c.n}] {where}", bold=True)
                run(para, f"  ({c.doc_id})")
                for q in quote_parts(c.quote):
                    add_quote(doc, q)
        if a.related:
            doc.add_heading("Gerelateerde passages", level=2)
            for p in a.related:
                where = _where(p)
                para = doc.add_paragraph(style="List Bullet")
                run(para, where + ": ", bold=True)
                run(para, _short(p.text))
    if n == 0:
        doc.add_paragraph("Nog geen vragen gesteld.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
