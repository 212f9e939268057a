"""Read the Netwerkmozaïek out of a cleaned document (the Platform31 magazine).

Place in the pipeline: ``ingest.pipeline`` calls ``extract`` on every cleaned document;
the one that holds the seven 'Bouwsteen X' pages yields a :class:`Mozaiek`, which is
stored in the index and drives the advice mode. Nothing is retyped: every item is a
span of ``cleaned.text``, so advice quotes the magazine verbatim.

A block page, as it reads after cleaning (one paragraph per line here)::

    Bouwsteen Binding                      <- section title / page title
    Binding
    Zorg voor duurzame verbinding ...      <- tagline
    (on some pages: text of the previous article, other tagline boxes)
    Korte toelichting
    <explanation paragraphs, '–' list items allowed>
    • key question                          <- may wrap into a following paragraph
    <sometimes more explanation: the layout puts the question box mid-text>
    Verdiepende vragen
    1. deeper question                      <- may wrap into following paragraphs
    Stem af met...
    • waarde | text of the link             <- '•' or '–'

The cleaner takes the list markers ('•', '–') and the link labels ('waarde |') out of
the text and keeps them as ``cleaned.marks``; they are read from there. A text that
still holds its markers (built by hand, or by another cleaner) is read the same way.

The reading is a small state machine over the paragraphs of each page; it tolerates
extra paragraphs before 'Korte toelichting', either bullet style for links and
missing labels, but it is tuned to this magazine's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.bouwstenen import BOUWSTENEN, canonical, find_in_heading
from assistant.errors import InputError
from assistant.mozaiek import Block, Item, Link, Mozaiek
from ingest.clean import CleanText, ListMark

MIN_BLOCKS = 5  # fewer block pages than this: the document is not the mozaiek magazine

_PARAGRAPH_RE = re.compile(r"\S(?:.|\n(?!\s*\n))*")
_BULLET = "•▪●◦■‣►"
_KEY_RE = re.compile(rf"[{_BULLET}]\s*")
_NUMBER_RE = re.compile(r"(\d{1,2})[.)]\s+")
_LINK_RE = re.compile(rf"[{_BULLET}–—-]?\s*([^\W\d][^|\n]{{1,30}}?)\s*\|\s*")
_EXPLANATION_RE = re.compile(r"korte toelichting\W*", re.IGNORECASE)
_DEEPER_RE = re.compile(r"verdiepende vragen\W*", re.IGNORECASE)
_LINKS_RE = re.compile(r"stem af met\W*", re.IGNORECASE)
# a label the cleaner glued to the paragraph before or after it; spelled as printed
# (capital first letter) so that prose like 'stem af met de partners' is left alone
_LABEL_AT_END_RE = re.compile(
    r"(?<=[.?!”’)])\s+(Korte toelichting|Verdiepende vragen|Stem af met(?:\.\.\.|…)?)$")
_LABEL_AT_START_RE = re.compile(
    rf"(Korte toelichting|Verdiepende vragen|Stem af met(?:\.\.\.|…))\s+(?=[\dA-ZÀ-Þ{_BULLET}–])")
_TAGLINE_RE = re.compile(r"zorg voor\s", re.IGNORECASE)
# a wrapped item goes on in a paragraph that is a question ("Hoe spreken zij elkaar
# aan?") or that continues a sentence in lower case; explanation text picked up after
# the question box starts with a statement instead. Only whether the first stop is a
# question mark matters here, so a plain regex does (no abbreviation rules needed)
_FIRST_SENTENCE_RE = re.compile(r"[^.?!]*[.?!]")
_CONTINUATION_MAX_WORDS = 60
_SENTENCE_END_RE = re.compile(r"[.?!…][”’\"')]*$")


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    text: str


@dataclass
class _Page:
    """What one block page yielded, as spans of the cleaned text."""

    tagline: str = ""
    explanation: list[_Para] = field(default_factory=list)
    more: list[list[_Para]] = field(default_factory=list)  # explanation after the key box
    key: list[list[int]] = field(default_factory=list)  # [start, end] per question
    deeper: list[list[int]] = field(default_factory=list)
    links: list[tuple[str, list[int]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.key) + len(self.deeper) + len(self.links) + len(self.explanation)


def extract(cleaned: CleanText, doc_id: str) -> Mozaiek | None:
    """The mozaiek in ``cleaned``, or None when the document has no (complete) one."""
    text = cleaned.text
    boxes = _tagline_boxes(text)
    marks = {m.paragraph: m for m in cleaned.marks}
    blocks = []
    for name in BOUWSTENEN:
        pages = [_read_page(text, s, e, name, marks) for s, e in _page_ranges(cleaned, name)]
        pages = [p for p in pages if p.explanation and (p.key or p.deeper)]
        if pages:
            # a block printed twice (or a page split by the cleaner): keep the fullest
            page = max(pages, key=lambda p: p.size)
            # the tagline box is printed several times; the cleaner may keep only the
            # copy in the overview figure
            page.tagline = page.tagline or boxes.get(name, "")
            blocks.append(_block(text, name, page, doc_id))
    if len(blocks) < MIN_BLOCKS:
        return None
    return Mozaiek(tuple(blocks))


# ---- finding the pages -----------------------------------------------------------------


def _page_ranges(cleaned: CleanText, name: str) -> list[tuple[int, int]]:
    """Ranges of the text that are the page of block ``name``: sections titled
    'Bouwsteen <name>', else (a cleaner that found no sections) the stretch from a
    'Bouwsteen <name>' paragraph to the next section or 'Bouwsteen' paragraph."""
    text = cleaned.text
    starts = sorted({s.start for s in cleaned.sections} | {len(text)})
    ranges = []
    for s in cleaned.sections:
        if find_in_heading(s.title) == name:
            ranges.append((s.start, min((x for x in starts if x > s.start), default=len(text))))
    if ranges:
        return ranges
    headings = [p for p in _paragraphs(text, 0, len(text)) if find_in_heading(p.text)]
    bounds = starts + [p.start for p in headings]
    for p in headings:
        if find_in_heading(p.text) == name:
            ranges.append((p.start, min((x for x in bounds if x > p.start), default=len(text))))
    return ranges


def _paragraphs(text: str, start: int, end: int) -> list[_Para]:
    """Blank-line separated paragraphs of text[start:end], with labels on their own."""
    out = []
    for m in _PARAGRAPH_RE.finditer(text, start, end):
        body = m.group(0).rstrip()
        out.extend(_split_label(_Para(m.start(), m.start() + len(body), body)))
    return out


def _split_label(p: _Para) -> list[_Para]:
    """'… gemaakt? Stem af met...' → the question, then the label as its own paragraph."""
    m = _LABEL_AT_END_RE.search(p.text)
    if m:
        cut = p.start + m.start()
        return [_Para(p.start, cut, p.text[: m.start()]),
                _Para(p.start + m.start(1), p.end, m.group(1))]
    m = _LABEL_AT_START_RE.match(p.text)
    if m:
        rest = p.start + m.end()
        return [_Para(p.start, p.start + m.end(1), m.group(1)),
                _Para(rest, p.end, p.text[m.end():])]
    return [p]


# ---- reading one page ------------------------------------------------------------------


def _tagline_boxes(text: str) -> dict[str, str]:
    """Tagline per block from anywhere in the text: a 'Zorg voor …' paragraph right
    after a paragraph that is just the block's name (the tagline box)."""
    found: dict[str, str] = {}
    paras = _paragraphs(text, 0, len(text))
    for before, p in zip(paras, paras[1:], strict=False):
        name = _block_name(before.text)
        if name and name not in found and _TAGLINE_RE.match(p.text):
            found[name] = " ".join(p.text.split())
    return found


def _block_name(paragraph: str) -> str | None:
    try:
        return canonical(paragraph) if len(paragraph) <= 20 else None
    except InputError:
        return None


def _marker(p: _Para, marks: dict[int, ListMark]) -> ListMark | None:
    """The list marker of paragraph ``p``, with ``start`` where its text begins: from the
    cleaner's marks, else read from the text itself ('• …', '– waarde | …')."""
    mark = marks.get(p.start)
    if mark is not None:
        return mark
    link = _LINK_RE.match(p.text)
    if link:
        return ListMark(p.start + link.end(), "bullet", link.group(1))
    key = _KEY_RE.match(p.text)
    return ListMark(p.start + key.end(), "bullet") if key else None


def _read_page(text: str, start: int, end: int, name: str,
               marks: dict[int, ListMark] | None = None) -> _Page:
    marks = marks or {}
    paras = _paragraphs(text, start, end)
    page = _Page()
    has_label = any(_EXPLANATION_RE.fullmatch(p.text) for p in paras)
    state = "head"
    for k, p in enumerate(paras):
        if _EXPLANATION_RE.fullmatch(p.text):
            state = "explanation"
            continue
        if _DEEPER_RE.fullmatch(p.text):
            state = "deeper"
            continue
        if _LINKS_RE.fullmatch(p.text):
            state = "links"
            continue
        if state == "head":
            if _TAGLINE_RE.match(p.text):
                # the box under the block's own name wins over other boxes on the page
                boxed = k > 0 and _block_name(paras[k - 1].text) == name
                if boxed or not page.tagline:
                    page.tagline = " ".join(p.text.split())
                if not has_label:  # no 'Korte toelichting' label: the text follows
                    state = "explanation"
            continue
        mark = _marker(p, marks)
        if state in ("explanation", "key", "more"):
            if mark is not None and mark.marker == "bullet" and not mark.label:
                page.key.append([mark.start, p.end])
                state = "key"
            elif state == "explanation":
                page.explanation.append(p)
            elif state == "key" and _continues(text[page.key[-1][0]:page.key[-1][1]], p.text):
                page.key[-1][1] = p.end
            else:
                if state == "key":
                    page.more.append([])
                page.more[-1].append(p)
                state = "more"
        elif state == "deeper":
            number = _NUMBER_RE.match(p.text)
            if number:
                page.deeper.append([p.start + number.end(), p.end])
            elif page.deeper:
                # between 'Verdiepende vragen' and 'Stem af met' nothing but the
                # numbered questions stands, so any other paragraph is a wrapped one
                page.deeper[-1][1] = p.end
        elif state == "links":
            target = _target(mark.label) if mark is not None and mark.label else None
            if target:
                page.links.append((target, [mark.start, p.end]))
            elif page.links and _continues(text[slice(*page.links[-1][1])], p.text):
                page.links[-1][1][1] = p.end
            else:
                break  # the next article starts
    return page


def _continues(item: str, paragraph: str) -> bool:
    """Is ``paragraph`` the wrapped rest of ``item``, the item before it?"""
    if len(paragraph.split()) > _CONTINUATION_MAX_WORDS:
        return False
    if paragraph[:1].islower():
        # the rest of a cut sentence: of the item only if the item is cut; otherwise
        # it is explanation text the question box interrupted
        return not _SENTENCE_END_RE.search(item)
    first = _FIRST_SENTENCE_RE.match(paragraph)
    return bool(first) and first.group(0).endswith("?")


def _target(label: str) -> str | None:
    """'Samen doen' for the label 'samen doen', else None."""
    try:
        return canonical(label)
    except InputError:
        return None  # a '|' in ordinary text, not a link to a block


# ---- building the block ------------------------------------------------------------------


def _block(text: str, name: str, page: _Page, doc_id: str) -> Block:
    def item(start: int, end: int) -> Item:
        return Item(text[start:end], start, end)

    first, last = page.explanation[0], page.explanation[-1]
    return Block(
        name=name,
        tagline=page.tagline,
        explanation=item(first.start, last.end),
        explanation_more=tuple(item(run[0].start, run[-1].end) for run in page.more if run),
        key_questions=tuple(item(s, e) for s, e in page.key),
        deeper_questions=tuple(item(s, e) for s, e in page.deeper),
        links=tuple(Link(t, text[s:e], s, e) for t, (s, e) in page.links),
        doc_id=doc_id,
    )
