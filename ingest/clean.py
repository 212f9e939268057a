"""Text cleaning: raw PDF text extraction → readable paragraphs with sections.

Place in the pipeline: ``sources.read_text`` gives the raw extraction, ``clean`` turns it
into a :class:`CleanText` (paragraphs separated by one blank line, section titles by
character offset, URLs set aside), and ``ingest.chunk`` cuts that text into passages.

PDF extractions break every line, hyphenate words at line ends, scatter page furniture
(running headers, page numbers, photo credits) through the text, and sometimes drop a
page title or sidebar into the middle of a sentence. Everything here is decided from
evidence inside the document itself (how often a line repeats, whether wrapped lines
carry a trailing space, which spelling of a word occurs elsewhere), never from file
names, so user documents get the same treatment as the bundled corpus.

The steps, in order:

1. normalise characters, pull out URLs, drop footnote markers glued to a sentence end
   ("… lopen ze er niet warm voor.10 Hoe acteer je …" → "… voor. Hoe acteer je …"),
   so the sentence ends where it reads;
2. mark page furniture: running headers (``Title / Section``), page numbers, lines
   repeated next to page numbers, numbered navigation labels, a table of contents,
   photo credits;
3. reflow the remaining lines into paragraphs (undoing hyphenation);
4. repair the layout: drop pull quotes and figure labels, glue sentences that a page
   break or sidebar interrupted, drop duplicated short fragments;
5. assign sections (running headers > table of contents > heading-like lines); a page
   title that the extraction printed at the foot of its page moves to the section start;
6. take list markers out of the text: a '•' or '–' opening a paragraph is kept as a
   :class:`ListMark` beside the text (the Netwerkmozaïek extraction reads them), and a
   '• waarde | text' item reads 'Waarde: text'; a 'Title | Author' line reads
   'Title — Author'.
   Passages then quote as prose, without layout leftovers.

Deterministic and linear in the size of the text (the corpus takes a fraction of a
second).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.text.sentences import ABBREVIATIONS, DOTTED_RE

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Section:
    """A section starting at char offset ``start`` of the cleaned text."""

    start: int
    title: str


@dataclass(frozen=True)
class ListMark:
    """A list marker the cleaner took out of the text, so that passages read as prose:
    the item's text starts at char offset ``start``. ``marker`` is 'bullet' (•) or 'dash'
    (–); ``label`` is the short label a '• waarde | text' item had before its bar
    ('waarde'), shown as 'Waarde: ' before ``start``."""

    start: int
    marker: str
    label: str = ""
    para: int = -1  # where the paragraph starts ('Waarde: …'); -1: at ``start``

    @property
    def paragraph(self) -> int:
        return self.start if self.para < 0 else self.para


@dataclass(frozen=True)
class CleanText:
    text: str
    sections: tuple[Section, ...]
    urls: tuple[str, ...]
    marks: tuple[ListMark, ...] = ()  # list markers taken out of the text (step 6)

    def section_at(self, offset: int) -> str:
        """Title of the section containing ``offset`` ("" before the first section)."""
        starts = [s.start for s in self.sections]
        i = bisect.bisect_right(starts, offset) - 1
        return self.sections[i].title if i >= 0 else ""


# --------------------------------------------------------------------------- patterns

_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"\d{1,3}")
# a footnote number right after a word's sentence end: "doel.7 Dit", "paradigmashift?12"
_FOOTNOTE_RE = re.compile(r"\b([^\W\d_]{2,})([.!?][”’\"'»)]?|[”’\"'»)][.!?])\d{1,2}(?=\s|$)")
# a page number fused with a navigation label, e.g. "18Inhoud"
_NAV_RE = re.compile(r"(?:\d{1,3}\s*([^\W\d_]{2,20})|([^\W\d_]{2,20})\s*\d{1,3})")
_TOC_TITLE_RE = re.compile(r"(inhoud|inhoudsopgave|inhoudstafel|contents|table of contents)",
                           re.IGNORECASE)
_TOC_INLINE_NUMBER_RE = re.compile(r"^(.*?\S)(?:\s*\.{2,})?\s+(\d{1,3})$")
_BULLET_RE = re.compile(r"[•▪●◦■□➢►‣]")
_DASH_ITEM_RE = re.compile(r"[–—-]\s+\S")
# "1. Voeren", "2  Zorg", "3) Is": a number starting a list item or numbered heading
_NUMBERED_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})*[.)]?\s+[(“‘\"']?[A-ZÀ-Þ]")
_SENTENCE_END_RE = re.compile(r"(?:[.!?…]|\.\.\.)[”’\"'»)\]]*$")
_OPENERS = "“‘\"'(["
_ELISION_WORDS = frozenset({"en", "of", "als", "tot", "noch", "dan", "and", "or"})
# words a title does not end with: a line ending in one of them is mid-sentence
_FUNCTION_WORDS = frozenset(
    "de het een van en in op te met voor aan dat die om of als bij naar door tot uit over "
    "is zijn wordt worden er dan maar ook nog wel niet zo the and of to for a an in on "
    "with".split()
)
_NAME_PARTICLES = frozenset({"van", "den", "der", "de", "te", "ten", "ter", "von", "da"})


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    """One non-empty line of the extraction, with the layout hints we reason from."""

    text: str  # content, outer whitespace stripped, tabs as spaces
    lead: bool  # leading whitespace: the extraction starts a new text block here
    trail: bool  # trailing whitespace: in most extractions a soft (wrapped) line end
    blank_before: int = 0  # blank lines between this and the previous non-empty line
    removed_before: bool = False  # furniture was removed right before this line
    page: int = 0
    furniture: str = ""  # why this line is not text ("" = it is text)
    header_title: str = ""  # for running headers: the section they name
    heading: str = ""  # set for headings that start a section (TOC match)
    title_line: bool = False  # a line that repeats a running-header section name


def _split_lines(raw: str) -> tuple[list[_Line], list[str]]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for ch in ("\u00ad", "\u200b", "\ufeff"):
        text = text.replace(ch, "")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    urls: list[str] = []
    lines: list[_Line] = []
    blanks = 0
    removed = False
    for raw_line in text.split("\n"):
        line = raw_line
        for m in _URL_RE.finditer(raw_line):
            url = m.group(0).rstrip(".,;:!?)’”'\"")
            if url not in urls:
                urls.append(url)
            line = line.replace(url, "", 1)
        stripped = _FOOTNOTE_RE.sub(_drop_footnote, line.strip())
        if not stripped:
            if raw_line.strip():  # the line held only a URL
                removed = True
            else:
                blanks += 1
            continue
        lines.append(
            _Line(
                text=re.sub(r" {2,}", " ", stripped),
                lead=line[:1].isspace(),
                trail=line[-1:].isspace(),
                blank_before=blanks,
                removed_before=removed,
            )
        )
        blanks = 0
        removed = False
    return lines, urls


def _drop_footnote(m: re.Match) -> str:
    word = m.group(1)
    if word.casefold() in ABBREVIATIONS:
        return m.group(0)  # "nr.12", "fig.3": a reference, not a sentence end
    return word + m.group(2)


# --------------------------------------------------------------------------- furniture


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and not any(c.islower() for c in letters)


def _mark_running_headers(lines: list[_Line]) -> None:
    """``Publication / Section`` lines whose left part repeats are running headers."""
    prefixes = Counter(ln.text.split(" / ", 1)[0] for ln in lines if " / " in ln.text)
    running = {p for p, n in prefixes.items() if n >= 3 and len(p.split()) <= 8}
    for ln in lines:
        if " / " in ln.text:
            prefix, title = ln.text.split(" / ", 1)
            if prefix in running:
                ln.furniture = "header"
                ln.header_title = title.strip()


def _mark_toc(lines: list[_Line]) -> list[str]:
    """Remove a table of contents; return its entries (they name the sections)."""
    limit = max(40, len(lines) // 5)  # a TOC sits near the start
    for i, ln in enumerate(lines[:limit]):
        if not _TOC_TITLE_RE.fullmatch(ln.text):
            continue
        entries: list[str] = []
        numbers = 0
        j = i + 1
        while j < len(lines):
            text = lines[j].text
            if _PAGE_NUMBER_RE.fullmatch(text):
                if numbers >= len(entries):  # the rest are real page numbers
                    break
                numbers += 1
            elif numbers:  # numbers column finished
                break
            elif len(text.split()) <= 14:
                inline = _TOC_INLINE_NUMBER_RE.match(text)
                entries.append(inline.group(1) if inline else text)
            else:
                break
            j += 1
        if len(entries) >= 3:
            for ln2 in lines[i:j]:
                ln2.furniture = "toc"
            return entries
    return []


def _mark_page_furniture(lines: list[_Line]) -> None:
    """Page numbers, navigation labels and header lines printed next to page numbers."""
    counts = Counter(ln.text for ln in lines)
    nav_labels = Counter()
    for ln in lines:
        m = _NAV_RE.fullmatch(ln.text)
        if m and any(c.isdigit() for c in ln.text):
            nav_labels[(m.group(1) or m.group(2)).casefold()] += 1
    first_number = None
    for i, ln in enumerate(lines):
        if ln.furniture:
            continue
        if _PAGE_NUMBER_RE.fullmatch(ln.text):
            ln.furniture = "page number"
            first_number = i if first_number is None else first_number
            continue
        m = _NAV_RE.fullmatch(ln.text)
        if m and any(c.isdigit() for c in ln.text):
            if nav_labels[(m.group(1) or m.group(2)).casefold()] >= 2:
                ln.furniture = "navigation"

    def header_like(ln: _Line) -> bool:
        repeated = counts[ln.text] >= 2 and len(ln.text.split()) >= 3
        caps = _is_all_caps(ln.text) and not _NUMBERED_RE.match(ln.text)
        return not ln.furniture and (repeated or caps) and not _SENTENCE_END_RE.search(ln.text)

    header_texts: set[str] = set()
    for i, ln in enumerate(lines):
        if ln.furniture != "page number":
            continue
        for step in (1, -1):
            j = i + step
            while 0 <= j < len(lines) and abs(j - i) <= 2 and header_like(lines[j]):
                lines[j].furniture = "header"
                if counts[lines[j].text] >= 2:
                    header_texts.add(lines[j].text)
                j += step
    # the same header elsewhere is furniture too, except on the title page
    for i, ln in enumerate(lines):
        if ln.text in header_texts and not ln.furniture:
            if first_number is None or i > first_number:
                ln.furniture = "header"


def _is_name_like(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or any(not w.isalpha() for w in words):
        return False
    return all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


def _mark_credits(lines: list[_Line]) -> None:
    """Photo credits: a bare name right after a running header, or just before the
    continuation of a sentence on the next page."""
    for i, ln in enumerate(lines):
        if ln.furniture or not _is_name_like(ln.text):
            continue
        after_header = i > 0 and lines[i - 1].furniture == "header"
        nxt = next((lines[j] for j in range(i + 1, len(lines)) if not lines[j].furniture), None)
        before_continuation = nxt is not None and nxt.lead and nxt.text[:1].islower()
        if after_header or before_continuation:
            ln.furniture = "credit"


def _mark_headings(lines: list[_Line], toc: list[str], titles: set[str]) -> None:
    """TOC entries found in the body start sections; lines repeating a running-header
    section name are page titles (kept as their own paragraph)."""
    wanted = {_norm(e): e for e in toc}
    used: set[str] = set()
    body = [ln for ln in lines if not ln.furniture]
    for k, ln in enumerate(body):
        if ln.text and _norm(ln.text) in titles:
            ln.title_line = True
        if not wanted:
            continue
        key = _norm(ln.text)
        if key in wanted and key not in used:
            ln.heading = wanted[key]
            used.add(key)
        elif k + 1 < len(body):  # a heading wrapped over two lines
            key2 = _norm(ln.text + " " + body[k + 1].text)
            if key2 in wanted and key2 not in used:
                ln.text = ln.text + " " + body[k + 1].text
                ln.heading = wanted[key2]
                body[k + 1].furniture = "merged"
                used.add(key2)


# --------------------------------------------------------------------------- reflow


@dataclass
class _Para:
    lines: list[_Line]
    text: str = ""
    page: int = 0
    heading: str = ""  # section title this paragraph starts (TOC)
    section: str = ""
    incomplete: bool = False  # ends mid-sentence at a soft line end
    flags: set[str] = field(default_factory=set)

    @property
    def words(self) -> int:
        return len(self.text.split())


class _Evidence:
    """Word spellings that occur within single lines of the document: decides whether a
    hyphen at a line end is a real hyphen."""

    def __init__(self, lines: list[_Line]):
        self.words: Counter[str] = Counter()
        self.pairs: Counter[str] = Counter()
        for ln in lines:
            for token in re.findall(r"\w+(?:-\w+)*", ln.text.casefold()):
                parts = token.split("-")
                self.words.update(parts)
                if len(parts) > 1:
                    for a, b in zip(parts, parts[1:], strict=False):
                        self.pairs[f"{a}-{b}"] += 1

    def keep_hyphen(self, left: str, right: str) -> bool:
        left_l, right_l = left.casefold(), right.casefold()
        return self.pairs[f"{left_l}-{right_l}"] > self.words[left_l + right_l]


class _Reflow:
    """Decides for every pair of consecutive text lines: same paragraph or not."""

    def __init__(self, lines: list[_Line], evidence: _Evidence):
        self.lines = lines
        self.evidence = evidence
        wraps = [  # body-text lines followed by a lower-case continuation
            a.trail
            for a, b in zip(lines, lines[1:], strict=False)
            if b.text[:1].islower() and not a.text.endswith("-") and len(a.text) >= 40
        ]
        # does this extraction mark soft line ends with a trailing space?
        self.soft_marks = len(wraps) >= 5 and sum(wraps) / len(wraps) >= 0.8
        n = len(lines)
        # double spacing: the extraction puts blank lines between the wrapped lines of a
        # paragraph, so a blank line says nothing there. Judged on soft line ends only.
        wrapped = [  # body text wraps; short lines (labels, titles) say nothing here
            i for i in range(1, n)
            if (lines[i - 1].trail or not self.soft_marks) and len(lines[i - 1].text) >= 40
        ]
        self.double_spaced = []
        for i in range(n):
            k = bisect.bisect_left(wrapped, i)
            near = wrapped[max(0, k - 6): k + 6]
            spaced = sum(1 for j in near if lines[j].blank_before > 0)
            self.double_spaced.append(bool(near) and spaced / len(near) >= 0.5)
        lengths = [len(ln.text) for ln in lines]

        def column(lo: int, hi: int) -> float:
            window = sorted(
                lengths[j] for j in range(max(0, lo), min(n, hi))
                if lines[j].trail or not self.soft_marks
            )
            # a high percentile: the column width, robust to a stray long line
            return window[int(0.75 * (len(window) - 1))] if window else 0.0

        # the narrower of the columns before and after: a line next to a sidebar or at
        # the start of one is measured against its own column
        self.width = []
        for i in range(n):
            widths = [w for w in (column(i - 8, i + 1), column(i, i + 9)) if w]
            self.width.append(min(widths) if widths else float(lengths[i]))

    # ----- line predicates

    def significant_blank(self, i: int) -> bool:
        return self.lines[i].blank_before > 0 and not self.double_spaced[i]

    def is_item(self, i: int, in_item: bool = False) -> bool:
        """Line ``i`` starts a list item (bullet, dash or number). A dash or a number
        only counts where the previous line has ended: "– doorgaans de gemeente –"
        continuing a sentence is a parenthesis, not an item."""
        b = self.lines[i]
        if _BULLET_RE.match(b.text):
            return True
        prev = self.lines[i - 1].text if i else ""
        if _DASH_ITEM_RE.match(b.text):
            capital = b.text.lstrip("–—- ")[:1].isupper()
            return (
                not prev
                or prev[-1] in ":;"
                or self.is_title_like(i - 1)
                or (prev[-1] in ".!?" and (capital or in_item))
            )
        after_stop = not prev or prev[-1] in ".!?:;”’)" or self.is_title_like(i - 1)
        return bool(_NUMBERED_RE.match(b.text)) and after_stop

    def is_title_like(self, i: int) -> bool:
        text = self.lines[i].text
        words = text.split()
        if not words or len(words) > 10 or len(text) > 70:
            return False
        first = text.lstrip(_OPENERS)[:1]
        if not (first.isupper() or first.isdigit()):
            return False
        return text[-1] not in ",;:-" and words[-1].casefold() not in _FUNCTION_WORDS

    def is_heading_like(self, i: int) -> bool:
        """A short line standing on its own between paragraphs."""
        b = self.lines[i]
        words = b.text.split()
        if not words or len(words) > 12 or len(b.text) > 90 or self.is_item(i):
            return False
        first = b.text.lstrip(_OPENERS)[:1]
        if not (first.isupper() or first.isdigit()):
            return False
        if b.text[-1] in ",;:-" or (b.text.endswith(".") and not b.text.endswith("...")):
            return False
        if i + 1 >= len(self.lines):
            return False
        c = self.lines[i + 1]
        if c.text[:1].islower():
            return False
        if self.soft_marks:
            return not b.trail
        return self.significant_blank(i) and self.significant_blank(i + 1)

    @staticmethod
    def _ends_with_abbreviation(text: str) -> bool:
        token = text.split()[-1].lstrip(_OPENERS).rstrip(".")
        return token.casefold() in ABBREVIATIONS or bool(DOTTED_RE.fullmatch(token))

    # ----- the decision

    def join(self, i: int, in_item: bool = False) -> str:
        """How line ``i`` attaches to line ``i - 1``: "break", " " or "" (glued), or "-"
        (glued, keeping the hyphen). ``in_item``: line ``i - 1`` belongs to a list item,
        whose soft-wrapped lines stay together even where a line looks like a heading."""
        a, b = self.lines[i - 1], self.lines[i]
        if a.heading or b.heading or a.title_line or b.title_line:
            return "break"
        a_text, b_text = a.text, b.text
        b_lower = b_text[:1].islower()
        # hyphenation: "sa-" + "menwerking"; keep real hyphens
        m = re.search(r"(\w+)-$", a_text)
        if m and b_text[:1].isalpha():
            left = m.group(1)
            right = re.match(r"\w+", b_text)
            right_word = right.group(0) if right else ""
            if right_word.casefold() in _ELISION_WORDS and b_lower:
                return " "  # "zorg- en welzijnsorganisaties"
            if not b_lower:
                return "break" if self.is_heading_like(i) else "-"  # "Heerlen-Noord"
            if left[-1:].isupper() or left[-1:].isdigit() or len(left) == 1:
                return "-"  # "NPLV-verhaal", "T-profiel"
            return "-" if self.evidence.keep_hyphen(left, right_word) else ""
        if m and b_text[:1].isdigit():
            return "-"  # "1900-" + "2020"
        if a_text.endswith("/") and b_text[:1].isalnum():
            return ""  # "doelen/" + "belangen"
        if self.is_item(i, in_item):
            return "break"
        if a_text.endswith(":") and b.removed_before and not b_lower:
            return "break"  # 'Zie voor actuele info:' lost its URL; the next line is not its object
        # a line ending in a closing quote ends a quotation (or a quoted caption)
        a_final = bool(_SENTENCE_END_RE.search(a_text)) or a_text[-1] in "”’"
        if not self.soft_marks and b.lead and not b_lower:
            return "break"  # without soft-end marks, an indented capital starts a block
        a_last = a_text.split()[-1].casefold()
        if b_lower:
            if a_final and not self._ends_with_abbreviation(a_text):
                return "break"  # no sentence starts in lower case: a new text block
            if self.soft_marks and not a.trail and a_last not in _FUNCTION_WORDS:
                return "break"  # a hard line end: a label, or a new block starting lowercase
            return " "
        if a_final:
            if self.soft_marks and (not a.trail or b.lead):
                return "break"  # a hard line end, or a new text block after a full stop
            if self.significant_blank(i):
                return "break"
            if in_item and (a.trail or not self.soft_marks):
                return " "  # a multi-sentence list item (e.g. a numbered question)
            if self.is_heading_like(i):
                return "break"
            if a_text.endswith("”"):
                return "break"  # a quoted answer ends: interviews start a new paragraph
            # the next word would have fitted (with a margin: fonts are proportional),
            # so the line was ended on purpose
            slack = self.width[i - 1] - len(a_text)
            if slack >= len(b_text.split()[0]) + max(4.0, 0.1 * self.width[i - 1]):
                return "break"
            return " "
        # a ends mid-sentence, b starts with a capital
        if a_text[-1] != "," and a_last not in _FUNCTION_WORDS and not in_item \
                and self.is_heading_like(i):
            return "break"
        page_turn = b.lead and b.removed_before  # furniture between: a new page or block
        slack = self.width[i - 1] - len(a_text)
        fits = slack >= len(b_text.split()[0]) + max(4.0, 0.1 * self.width[i - 1])
        if self.is_title_like(i - 1) and (
            self.significant_blank(i) or not a.trail or page_turn or fits
        ):
            return "break"  # a short title line ended on purpose
        if self.soft_marks and not a.trail:
            return "break"
        if not self.soft_marks and self.significant_blank(i):
            return "break"
        return " "

    def paragraphs(self) -> list[_Para]:
        paras: list[_Para] = []
        current: list[_Line] = []
        buf = ""
        in_item = False
        for i, ln in enumerate(self.lines):
            glue = "break" if i == 0 else self.join(i, in_item)
            if glue == "break":
                if current:
                    paras.append(self._finish(current, buf))
                current, buf = [ln], ln.text
                in_item = self.is_item(i, in_item)
                continue
            if glue == "" and buf.endswith("-"):
                buf = buf[:-1] + ln.text  # undo the line-end hyphen
            elif glue in ("", "-"):
                buf += ln.text
            else:
                buf += " " + ln.text
            current.append(ln)
        if current:
            paras.append(self._finish(current, buf))
        return paras

    def _finish(self, lines: list[_Line], buf: str) -> _Para:
        text = " ".join(buf.split())
        last = lines[-1]
        para = _Para(lines=lines, text=text, page=lines[0].page, heading=lines[0].heading)
        if para.heading and _is_all_caps(text) and _norm(text) == _norm(para.heading):
            para.text = para.heading  # the TOC spells the heading in normal case
        # ends mid-sentence at a soft line end (not at ";" or ":" closing a list item);
        # without soft-end marks only a trailing comma or hyphen is evidence enough
        if self.soft_marks:
            para.incomplete = bool(re.search(r"[\w,–-]$", text)) and (last.trail or text[-1] == "-")
        else:
            para.incomplete = text[-1] in ",-"
        if lines[0].title_line:
            para.flags.add("title")
        if lines[0].lead and text.lstrip(_OPENERS)[:1].isupper():
            para.flags.add("block")  # starts a new text block (page, column or box)
        if _BULLET_RE.match(text) or _DASH_ITEM_RE.match(text) or _NUMBERED_RE.match(text):
            para.flags.add("item")
        short_lines = all(len(ln.text.split()) <= 3 for ln in lines)
        capital = text.lstrip(_OPENERS)[:1].isupper()
        if len(lines) >= 3 and short_lines and para.words <= 12 and capital:
            para.flags.add("stacked")  # a display title set in very short lines
        return para


# --------------------------------------------------------------------------- layout repairs


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END_RE.search(text))


def _bigrams(text: str) -> list[tuple[str, str]]:
    words = re.findall(r"\w+", text.casefold())
    return list(zip(words, words[1:], strict=False))


def _drop_pull_quotes(paras: list[_Para]) -> list[_Para]:
    """A short quoted paragraph whose wording mostly occurs elsewhere in the document is
    a pull quote (magazine decoration repeating the body text): drop it."""
    total: Counter[tuple[str, str]] = Counter()
    for p in paras:
        total.update(_bigrams(p.text))
    kept = []
    for p in paras:
        text = p.text
        quoted = text[:1] in "‘“'\"" and text[-1:] in "’”'\""
        if quoted and p.words <= 30 and not (p.flags & {"title", "stacked"}) and not p.heading:
            own = _bigrams(text)
            mine = Counter(own)
            shared = sum(1 for bg in own if total[bg] - mine[bg] > 0)
            if own and shared / len(own) >= 0.45:
                continue
        kept.append(p)
    return kept


def _is_label(p: _Para) -> bool:
    return (
        p.words <= 5
        and not (p.flags & {"item", "title", "stacked"})
        and not p.heading
        and not _ends_sentence(p.text)
    )


def _drop_figure_labels(paras: list[_Para]) -> list[_Para]:
    """Three or more consecutive scraps of at most five words are the labels of a figure
    or diagram; as text they are noise."""
    keep = [True] * len(paras)
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and _is_label(paras[j]):
            j += 1
        if j - i >= 3:
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return [p for p, k in zip(paras, keep, strict=True) if k]


def _glue(left: _Para, right: _Para, evidence: _Evidence) -> None:
    m = re.search(r"(\w+)-$", left.text)
    word = re.match(r"\w+", right.text)
    if m and word and not evidence.keep_hyphen(m.group(1), word.group(0)):
        left.text = left.text[:-1] + right.text
    elif m:
        left.text += right.text
    else:
        left.text += " " + right.text
    left.lines += right.lines
    left.incomplete = right.incomplete


def _continuation(paras: list[_Para], i: int) -> int | None:
    """Index of the paragraph continuing the interrupted paragraph ``i``, if any: the
    first one within the next pages that starts in lower case."""
    p = paras[i]
    for j in range(i + 1, min(len(paras), i + 13)):
        q = paras[j]
        if q.heading or q.page - p.page > 2:
            return None  # do not reach into another chapter
        if q.text[:1].islower() and "item" not in q.flags:
            return j
    return None


def _repair_interruptions(paras: list[_Para], evidence: _Evidence) -> list[_Para]:
    """A sentence cut off by a page break, a page title or a sidebar continues in the
    first later paragraph that starts in lower case: join the two, so that whatever
    interrupted the sentence now follows it."""
    paras = list(paras)
    i = 0
    while i < len(paras):
        p = paras[i]
        substantial = p.words >= 12 or len(p.lines) >= 2  # not a heading with a soft end
        if p.incomplete and substantial and "title" not in p.flags:
            j = _continuation(paras, i)
            if j is not None:
                _glue(p, paras.pop(j), evidence)
                continue  # the continuation may itself have been interrupted
        i += 1
    # an orphan continuation right after a paragraph that stops mid-sentence
    out: list[_Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if (
            prev is not None
            and p.text[:1].islower()
            and "item" not in p.flags
            and prev.words >= 15
            and not _ends_sentence(prev.text)
            and not prev.heading
            and "title" not in prev.flags
        ):
            _glue(prev, p, evidence)
            continue
        out.append(p)
    return out


def _is_fragment(p: _Para) -> bool:
    return p.words <= 12 and "item" not in p.flags and not _ends_sentence(p.text)


def _drop_duplicates(paras: list[_Para]) -> list[_Para]:
    """Fragments printed again and again (a diagram label with its tagline, repeated on
    every page of a chapter) are kept only where they first occur. A lone short
    repeat ("Korte toelichting") is a recurring subheading and stays."""
    def key(p: _Para) -> str:
        return " ".join(re.findall(r"\w+", p.text.casefold()))

    seen: set[str] = set()
    drop = [False] * len(paras)
    i = 0
    while i < len(paras):
        if not _is_fragment(paras[i]) or paras[i].heading:
            seen.add(key(paras[i]))
            i += 1
            continue
        j = i + 1  # a run of fragments, within one section and up to a page title
        while (
            j < len(paras)
            and _is_fragment(paras[j])
            and not paras[j].heading
            and "title" not in paras[j].flags
            and paras[j].section == paras[i].section
        ):
            j += 1
        run = paras[i:j]
        if all(key(p) in seen for p in run) and (len(run) >= 2 or run[0].words >= 4):
            drop[i:j] = [True] * (j - i)
        seen.update(key(p) for p in run)
        i = j
    return [p for p, d in zip(paras, drop, strict=True) if not d]


# --------------------------------------------------------------------------- sections


def _number_pages(lines: list[_Line]) -> dict[int, str]:
    """Give every line a page number (pages end at a footer / start at a header) and
    return the section named by each page's running header."""
    headers = [i for i, ln in enumerate(lines) if ln.header_title]
    if not headers:
        return {}
    # a page title is printed near its running header; on which side tells us
    # whether the running line closes the page (footer) or opens it (header)
    votes = 0
    for i in headers:
        key = _norm(lines[i].header_title)
        before = any(_norm(ln.text) == key for ln in lines[max(0, i - 40): i])
        after = any(_norm(ln.text) == key for ln in lines[i + 1: i + 41])
        votes += int(before) - int(after)
    footer = votes >= 0
    titles: dict[int, str] = {}
    page = 0
    for ln in lines:
        if ln.header_title and not footer:
            page += 1
            titles[page] = ln.header_title
        ln.page = page
        if ln.header_title and footer:
            titles[page] = ln.header_title
            page += 1
    return titles


def _is_section_heading(paras: list[_Para], k: int) -> bool:
    """Heading-like paragraph for documents without running headers or a TOC."""
    p = paras[k]
    if "stacked" in p.flags:
        return True
    if len(p.lines) != 1 or p.words > 10 or len(p.text) > 80:
        return False
    if "item" in p.flags and not re.match(r"\d+(\.\d+)+\.?\s", p.text):
        return False
    first = p.text.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()) or _is_all_caps(p.text):
        return False
    if re.search(r"\b\d+\b", re.sub(r"^[\d.]+\s", "", p.text)):
        return False  # numbers beyond a leading section number: an address, a date
    if p.text[-1] in ".,;:" or k + 1 >= len(paras):
        return False
    nxt = paras[k + 1]
    return nxt.words >= max(12, 2 * p.words) and not nxt.text[:1].islower()


def _assign_sections(paras: list[_Para], page_titles: dict[int, str]) -> None:
    """Running headers name the sections where a document has them; otherwise the
    table of contents; otherwise lines that look like headings."""
    has_toc = any(p.heading for p in paras)
    current = ""
    for k, p in enumerate(paras):
        if page_titles:
            title = page_titles.get(p.page)
            if title is not None:
                p.section = current = title
                continue
        if p.heading:
            current = p.heading
        elif not has_toc and _is_section_heading(paras, k):
            current = p.text
        p.section = current


def _lift_page_titles(paras: list[_Para]) -> list[_Para]:
    """Extraction often puts a page's title (with its subtitle lines) at the end of the
    page: move it to the start of its section. When the page holds another text block
    before the title's block (a page whose own running header was lost), that earlier
    block still belongs to the previous section."""
    out: list[_Para] = []
    k = 0
    while k < len(paras):
        j = k
        while j < len(paras) and paras[j].section == paras[k].section:
            j += 1
        run = paras[k:j]
        key = _norm(run[0].section)
        at = next(
            (n for n, p in enumerate(run) if n and "title" in p.flags and _norm(p.text) == key),
            None,
        )
        if at is not None:
            if _norm(run[0].text) == key:  # the page also opens with the title: keep one
                run, at = run[1:], at - 1
            end = at + 1
            while (
                end < len(run)
                and end - at <= 3
                and run[end].words <= 14
                and not (run[end].flags & {"item", "title"})
                and not _ends_sentence(run[end].text)
            ):
                end += 1
            page = run[at].page
            begin = 0
            if out and run[0].page == page:
                starts = [
                    n for n in range(1, at)
                    if "block" in run[n].flags and run[n].page == page
                    and not run[n - 1].incomplete
                ]
                if starts:
                    begin = starts[-1]
                    for p in run[:begin]:
                        p.section = out[-1].section
            run = run[:begin] + run[at:end] + run[begin:at] + run[end:]
        out.extend(run)
        k = j
    return out


# --------------------------------------------------------------------------- entry point


def clean(raw: str) -> CleanText:
    """Clean one document's raw text (see the module docstring for the steps)."""
    lines, urls = _split_lines(raw)
    _mark_running_headers(lines)
    toc = _mark_toc(lines)
    _mark_page_furniture(lines)
    _mark_credits(lines)
    page_titles = _number_pages(lines)
    titles = {_norm(t) for t in page_titles.values()}
    _mark_headings(lines, toc, titles)

    text_lines: list[_Line] = []
    removed = False
    for ln in lines:
        if ln.furniture:
            removed = removed or ln.furniture != "merged"
            continue
        ln.removed_before = ln.removed_before or removed
        removed = False
        text_lines.append(ln)
    if not text_lines:
        return CleanText("", (), tuple(urls))

    evidence = _Evidence(text_lines)
    paras = _Reflow(text_lines, evidence).paragraphs()
    paras = _drop_pull_quotes(paras)
    paras = _drop_figure_labels(paras)
    paras = _repair_interruptions(paras, evidence)
    _assign_sections(paras, page_titles)
    if page_titles:
        paras = _lift_page_titles(paras)
    paras = _drop_duplicates(paras)
    return _assemble(paras, urls)


_ITEM_MARKER_RE = re.compile(r"(?:([•▪●◦■□➢►‣])\s*|([–—-])\s+)(?=\S)")
_ITEM_LABEL_RE = re.compile(r"([^\W\d][^|\n]{0,30}?)\s*\|\s*(?=\S)")
_LABEL_MAX_WORDS = 3
_BYLINE_RE = re.compile(r"([^|\n]{3,120}?\S)\s*\|\s*(\S[^|\n]{1,80})")


def _unmark(text: str, offset: int) -> tuple[str, ListMark | None]:
    """A paragraph without its list marker (and item label), and the mark it had."""
    m = _ITEM_MARKER_RE.match(text)
    if m:
        rest = text[m.end():]
        label = ""
        lm = _ITEM_LABEL_RE.match(rest)
        if lm and len(lm.group(1).split()) <= _LABEL_MAX_WORDS:
            # the label stays readable ('Organisatie: …'): its words still find the passage
            label, rest = lm.group(1).strip(), rest[lm.end():]
            shown = f"{label[:1].upper()}{label[1:]}: "
            return shown + rest, ListMark(offset + len(shown), "bullet" if m.group(1) else "dash",
                                          label, offset)
        return rest, ListMark(offset, "bullet" if m.group(1) else "dash", label)
    byline = _BYLINE_RE.fullmatch(text)
    if byline and not any(_SENTENCE_END_RE.search(g) for g in byline.groups()) \
            and byline.group(2)[:1].isupper() and len(byline.group(2).split()) <= 8:
        return f"{byline.group(1)} — {byline.group(2).strip()}", None
    return text, None


def _assemble(paras: list[_Para], urls: list[str]) -> CleanText:
    chunks: list[str] = []
    sections: list[Section] = []
    marks: list[ListMark] = []
    offset = 0
    current = None
    words_before = 0
    for p in paras:
        if p.section and p.section != current:
            sections.append(Section(offset, p.section))
        elif not sections:
            words_before += p.words
        current = p.section or current
        text, mark = _unmark(p.text, offset)
        if mark is not None:
            marks.append(mark)
        chunks.append(text)
        offset += len(text) + 2
    # a short lead before the first heading (a standfirst, a cover line) belongs to it
    if sections and sections[0].start > 0 and words_before < 80:
        sections[0] = Section(0, sections[0].title)
    return CleanText("\n\n".join(chunks), tuple(sections), tuple(urls), tuple(marks))
