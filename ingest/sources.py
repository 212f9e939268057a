"""Finding and reading source documents: the first step of ingestion.

``discover(paths)`` turns the paths a person gives (files or folders) into
``SourceFile``s with their metadata (from a ``manifest.toml`` beside them, else
from the file), and ``read_text`` turns one into raw text. Anything that cannot
be read becomes a ``Skipped`` with a message naming the file and the fix; it
never stops the rest of the run.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.settings import env_var
from assistant.text.slug import slug

SUPPORTED = (".txt", ".md", ".pdf", ".docx")
MANIFEST = "manifest.toml"
MAX_CONTROL_SHARE = 0.3  # a text with more NUL/control characters than this is binary, not text
# a .txt larger than this is read and prepared in blocks of about BLOCK_CHARS characters,
# cut at blank lines, so memory follows the block, not the file
STREAM_BYTES = 4 * 2**20
BLOCK_CHARS = 2 * 2**20
# bidirectional controls: in a title they can make it display as something else (U+202E)
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                                       "\u200e\u200f\u061c"))


@dataclass(frozen=True)
class DocMeta:
    doc_id: str
    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    year: int | None = None
    kind: str = ""
    language: str = "nl"
    duplicate_of: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "doc_id": self.doc_id, "title": self.title, "subtitle": self.subtitle,
            "authors": list(self.authors), "publisher": self.publisher, "year": self.year,
            "kind": self.kind, "language": self.language, "duplicate_of": self.duplicate_of,
            "note": self.note,
        }


@dataclass(frozen=True)
class SourceFile:
    path: Path
    meta: DocMeta


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class UnreadableError(Exception):
    """A file that cannot be turned into text; the message is for people."""


def discover(paths: list[Path], max_file_mb: float | None = None) -> Discovery:
    """The supported files under ``paths`` with their metadata; anything else, and any
    file over ``max_file_mb`` megabytes, is a ``Skipped`` with the reason."""
    out = Discovery()
    seen_ids: dict[str, Path] = {}
    for given in paths:
        if not given.exists():
            out.skipped.append(Skipped(given, _link_problem(given) or "does not exist"))
            continue
        candidates = sorted(given.rglob("*")) if given.is_dir() else [given]
        manifests: dict[Path, dict] = {}
        for path in candidates:
            problem = _link_problem(path)
            if problem:
                out.skipped.append(Skipped(path, problem))
                continue
            if not path.is_file():
                continue
            if path.name == MANIFEST or any(part.startswith(".") for part in path.parts[-1:]):
                continue
            if path.suffix.lower() not in SUPPORTED:
                out.skipped.append(
                    Skipped(path, f"unsupported file type '{path.suffix or '(none)'}'; "
                                  f"supported: {', '.join(SUPPORTED)}")
                )
                continue
            too_big = _size_problem(path, max_file_mb)
            if too_big:
                out.skipped.append(Skipped(path, too_big))
                continue
            folder = path.parent
            if folder not in manifests:
                try:
                    manifests[folder] = _load_manifest(folder)
                except (tomllib.TOMLDecodeError, OSError) as exc:
                    out.skipped.append(Skipped(folder / MANIFEST, f"manifest unreadable: {exc}"))
                    manifests[folder] = {}
            meta = _meta_for(path, manifests[folder].get(path.name))
            if meta.doc_id in seen_ids and seen_ids[meta.doc_id] != path:
                meta = DocMeta(**{**meta.__dict__, "doc_id": _unique_id(meta.doc_id, path)})
            seen_ids[meta.doc_id] = path
            out.files.append(SourceFile(path.resolve(), meta))
    return out


def read_text(path: Path) -> str:
    """Raw text of a supported file, or UnreadableError saying what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableError("is empty")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnreadableError(
                f"is not UTF-8 (byte {exc.start}); re-save it as UTF-8 and ingest again"
            ) from exc
        if suffix == ".md":
            text = _markdown_to_text(text)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:  # discover() filters these out; kept for direct callers
        raise UnreadableError(f"unsupported file type '{suffix}'")
    if not text.strip():
        raise UnreadableError("contains no text (a scanned PDF needs OCR first)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise UnreadableError("is mostly NUL or control characters, so it is not text (a binary file "
                              "with a text name?); convert it to plain text and ingest again")
    return text


def is_streamed(path: Path) -> bool:
    """Whether ``path`` is read in blocks (see ``read_blocks``) rather than at once."""
    try:
        return path.suffix.lower() == ".txt" and path.stat().st_size > STREAM_BYTES
    except OSError:
        return False


def read_blocks(path: Path, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """The text of a big ``.txt`` in blocks of about ``block_chars`` characters, each
    ending at a blank line (a paragraph is never cut unless it alone exceeds four
    blocks). Same checks as ``read_text``; an UnreadableError may come after some blocks,
    so a caller keeps nothing of a file until the last block is read."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UnreadableError(f"cannot be read ({exc.strerror or exc})") from exc
    with fh:
        offset, parts, size, any_text = 0, [], 0, False
        for n, raw in enumerate(fh):
            if n == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw, offset = raw[3:], 3
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UnreadableError(
                    f"is not UTF-8 (byte {offset + exc.start}); re-save it as UTF-8 and ingest again"
                ) from exc
            offset += len(raw)
            parts.append(line)
            size += len(line)
            if size >= block_chars and (not line.strip() or size >= 4 * block_chars):
                any_text |= _checked_block("".join(parts))
                yield "".join(parts)
                parts, size = [], 0
        if parts:
            any_text |= _checked_block("".join(parts))
            yield "".join(parts)
    if not any_text:
        raise UnreadableError("is empty")


def _checked_block(text: str) -> bool:
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise UnreadableError("is mostly NUL or control characters, so it is not text (a binary file "
                              "with a text name?); convert it to plain text and ingest again")
    return bool(text.strip())


def _size_problem(path: Path, max_file_mb: float | None) -> str | None:
    """The message for a file over the size limit (Dutch, then English), or None."""
    if max_file_mb is None:
        return None
    try:
        size = path.stat().st_size / 2**20
    except OSError:
        return None  # read_text reports what is wrong with it
    if size <= max_file_mb:
        return None
    setting = env_var("max_file_mb")
    return (f"{path.name} is {size:.1f} MB, groter dan de limiet van {max_file_mb:g} MB per bestand: "
            f"overgeslagen. Splits het bestand of verhoog {setting}. / "
            f"{path.name} is {size:.1f} MB, over the limit of {max_file_mb:g} MB per file: skipped. "
            f"Split the file or raise {setting}.")


def _control_share(text: str) -> float:
    """The share of characters that are NUL or other control characters (tabs and newlines aside)."""
    bad = sum(1 for ch in text if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cs"))
    return bad / max(1, len(text))


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be followed (a loop, or a broken link); None for anything else."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11: "Symlink loop from ..."
        return "is a symbolic link loop; remove or fix the link"
    except OSError as exc:
        if getattr(exc, "errno", None) == 40:  # ELOOP (newer Pythons raise it as OSError)
            return "is a symbolic link loop; remove or fix the link"
        return "is a broken symbolic link; remove or fix the link"
    if target.is_dir() and path.parent.resolve().is_relative_to(target):
        return "is a symbolic link loop (it points to a folder that contains it); remove the link"
    return None


def clean_title(text: str) -> str:
    """A title without bidi controls (no right-to-left spoofing) and without control characters."""
    text = text.translate(BIDI_CONTROLS)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


# ---- metadata --------------------------------------------------------------------------


def _load_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("documents", {})


def _meta_for(path: Path, entry: dict | None) -> DocMeta:
    if entry:
        return DocMeta(
            doc_id=str(entry.get("id") or slug(path.stem)),
            title=clean_title(str(entry.get("title") or "")) or path.stem,
            subtitle=clean_title(str(entry.get("subtitle", ""))),
            authors=tuple(clean_title(str(a)) for a in entry.get("authors", ())),
            publisher=str(entry.get("publisher", "")),
            year=int(entry["year"]) if entry.get("year") else None,
            kind=str(entry.get("kind", "")),
            language=str(entry.get("language", "nl")),
            duplicate_of=str(entry.get("duplicate_of", "")),
            note=str(entry.get("note", "")),
        )
    return DocMeta(doc_id=slug(path.stem), title=clean_title(_title_from_file(path)) or path.name,
                   kind=path.suffix[1:])


def _title_from_file(path: Path) -> str:
    """A title from the file's own metadata or first heading; the file name as a last resort.
    A metadata title that is a file name or an editor's default ("jaarverslag.html",
    "Microsoft Word - concept3.docx", "Naamloos") gives way to the document's own first
    heading: PDF printers and Word fill that field with whatever they have."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from pypdf import PdfReader

            reader = PdfReader(str(path))
            title = str((reader.metadata or {}).get("/Title") or "").strip()
            if title and not looks_like_junk_title(title):
                return title
            heading = _pdf_heading(reader.pages[0]) if reader.pages else None
            if heading:
                return heading
        elif suffix == ".docx":
            import docx

            document = docx.Document(str(path))
            title = (document.core_properties.title or "").strip()
            if title and not looks_like_junk_title(title):
                return title
            heading = _docx_heading(document)
            if heading:
                return heading
        elif suffix == ".md":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    except Exception:  # a broken file is reported by read_text(); here we only want a title
        pass
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


# "Document1", "Naamloos document", "Presentatie1", "Untitled", "Microsoft Word - x.docx", ...
_EDITOR_DEFAULT_RE = re.compile(
    r"(microsoft\s+(word|powerpoint|excel)\b.*|(untitled|naamloos|nieuw|new|leeg|blank)"
    r"(\s+(document|presentatie|presentation|werkmap|workbook))?|(document|doc|presentatie|"
    r"presentation|dia|slide|werkmap|workbook|book|map|titel|title|concept|draft)\s*\d*"
    r"|powerpoint[- ]presentatie|powerpoint presentation|word[- ]document)",
    re.IGNORECASE)
_FILE_NAME_RE = re.compile(r"\.[a-z][a-z0-9]{1,4}$", re.IGNORECASE)
_HEADING_MAX_WORDS = 15
_HEADING_MAX_CHARS = 150


def looks_like_junk_title(title: str) -> bool:
    """Whether a metadata title is a file name, a path or an editor's default rather than
    a title a person wrote."""
    title = title.strip()
    return (not re.search(r"[^\W\d_]", title)  # no letters at all
            or bool(_FILE_NAME_RE.search(title))
            or "/" in title or "\\" in title
            or bool(_EDITOR_DEFAULT_RE.fullmatch(title)))


def _first_heading(text: str) -> str | None:
    """The first short non-empty line of a text (its heading), within its first lines; a
    line that holds a sentence end, starts in lower case or breaks off mid-phrase belongs
    to a wrapped paragraph."""
    for line in [ln.strip() for ln in text.splitlines() if ln.strip()][:10]:
        words = line.split()
        if (len(words) <= _HEADING_MAX_WORDS and len(line) <= _HEADING_MAX_CHARS
                and re.search(r"[^\W\d_]{2}", line) and not looks_like_junk_title(line)
                and not re.search(r"[.!?;]\s+\S", line) and not re.search(r"[,\-]$", line)
                and words[-1].casefold() not in _CONTINUING_WORDS
                and not line[0].islower()):
            return " ".join(words)
    return None


# a line ending in one of these continues on the next line
_CONTINUING_WORDS = frozenset(
    "de het een van en in op te met voor aan dat die om of als bij naar door tot uit over is zijn "
    "wordt worden er dan maar ook the and of to for a an in on with".split())


def _pdf_heading(page) -> str | None:
    """A PDF page's title: the first lines set in the page's largest type, when that is
    larger than its body text (a title wrapped over two lines stays whole); else its first
    short line."""
    lines: list[tuple[str, float]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and len(lines) < 60:
            lines.append((" ".join(text.split()), round(font_size * abs(tm[3] or 1) * abs(cm[3] or 1), 1)))

    text = page.extract_text(visitor_text=visit) or ""
    if lines:
        sizes = Counter(size for _, size in lines)
        body, top = sizes.most_common(1)[0][0], max(sizes)
        start = next(i for i, (_, size) in enumerate(lines) if size == top)
        run = []
        for line, size in lines[start:]:
            if size != top:
                break
            run.append(line)
        title = " ".join(run)
        if top > body and start < 10 and len(title) <= 2 * _HEADING_MAX_CHARS \
                and not looks_like_junk_title(title):
            return title
    return _first_heading(text)


def _docx_heading(document) -> str | None:
    """A Word file's first Title/Heading paragraph (also Dutch Word's 'Titel', 'Kop'), else
    its first short paragraph."""
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for para in paragraphs[:30]:
        style = (para.style.name if para.style is not None else "").casefold()
        if style.startswith(("title", "heading", "titel", "kop")) and _first_heading(para.text):
            return _first_heading(para.text)
    return _first_heading("\n".join(p.text for p in paragraphs[:10]))


def _unique_id(doc_id: str, path: Path) -> str:
    return f"{doc_id}-{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]}"


# ---- formats ---------------------------------------------------------------------------


def _markdown_to_text(text: str) -> str:
    # Keep headings (as their own paragraphs) and text; drop markup the reader never sees.
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    text = re.sub(r"^#{1,6}\s*(.+?)\s*#*\s*$", r"\n\1\n", text, flags=re.M)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]*)\)", r"\1 (\2)", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return text


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise UnreadableError("is an encrypted PDF; save an unprotected copy and ingest that")
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except UnreadableError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableError(f"is not a readable PDF ({exc.__class__.__name__}: {exc})") from exc


def _docx_text(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise UnreadableError(f"is not a readable Word file ({exc.__class__.__name__})") from exc
    parts = []
    for para in document.paragraphs:
        if para.text.strip():
            parts.append(para.text.strip())
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(parts)
