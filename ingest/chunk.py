"""Chunking: cleaned text → passages of whole sentences, each inside one section.

Place in the pipeline: ``ingest.clean`` produces a :class:`CleanText` (paragraphs
separated by a blank line, section titles by offset); ``chunk`` cuts it into
:class:`ChunkSpan` s that ``ingest.pipeline`` stores and embeds. A span is a pair of
offsets into the cleaned text, so a citation can always be traced back.

Passages are built from paragraphs; only a paragraph longer than ``max_words`` is cut,
and then between sentences (the Dutch-aware ``assistant.text.sentences``). Within
a section the cut points are chosen by dynamic programming: sizes close to
``target_words``, never above ``max_words`` (unless a single sentence is longer), below
``min_words`` only when the section itself is that short, and preferably at paragraph
boundaries and not right after a heading or a list's lead-in ("… drie peilers:") or between
two items of a numbered list with a lead-in ("De bouwstenen:", "1. Opgave. …", "2. Waarde.
…"), so such a list stays whole. A section shorter than half of ``min_words`` (a title
page, a lone heading) is merged into the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.sentences import ends_as_lead_in, item_number, split_sentences
from ingest.clean import CleanText

_HEADING_MAX_WORDS = 12


# --------------------------------------------------------------------------- chunks


@dataclass(frozen=True)
class ChunkSpan:
    start: int
    end: int
    section: str  # text is clean.text[start:end]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    words: int
    section: str
    para_start: bool  # first unit of its paragraph: a good place to cut
    heading: bool  # a short paragraph without a sentence end
    lead_in: bool  # ends in ':', the lead-in to a list ('De aanpak kende drie peilers:')
    item: int = 0  # the number of the numbered list item it opens ('2. Waarde. …'), or 0

    @property
    def keep_with_next(self) -> bool:
        """A heading, or a lead-in whose members follow: keep it with what follows."""
        return self.heading or self.lead_in


def _units(doc: CleanText, max_words: int) -> list[_Unit]:
    units = []
    for m in re.finditer(r"\S(?:.*\S)?", doc.text):  # paragraphs are single lines
        a, b = m.start(), m.end()
        text = doc.text[a:b]
        words = len(text.split())
        section = doc.section_at(a)
        if words <= max_words:
            heading = words <= _HEADING_MAX_WORDS and not re.search(r"[.!?…:;][”’\"')]*$", text)
            units.append(_Unit(a, b, words, section, True, heading, ends_as_lead_in(text), item_number(text)))
            continue
        for n, (sa, sb) in enumerate(split_sentences(text)):
            count = len(text[sa:sb].split())
            units.append(_Unit(a + sa, a + sb, count, section, n == 0, False, ends_as_lead_in(text[sa:sb]),
                               item_number(text) if n == 0 else 0))
    return units


def _sections(units: list[_Unit], min_words: int) -> list[list[_Unit]]:
    """Runs of units per section; a tiny run (under half of ``min_words``) joins the
    next one, or the previous one at the end of the document."""
    runs: list[list[_Unit]] = []
    for u in units:
        if runs and runs[-1][-1].section == u.section:
            runs[-1].append(u)
        else:
            runs.append([u])
    merged: list[list[_Unit]] = []
    carry: list[_Unit] = []
    for run in runs:
        run = carry + run
        carry = []
        if sum(u.words for u in run) < min_words // 2:
            carry = run
            continue
        merged.append(run)
    if carry:
        if merged:
            merged[-1].extend(carry)
        else:
            merged.append(carry)
    return merged


def _partition(run: list[_Unit], min_words: int, max_words: int, target: int) -> list[int]:
    """Cut points (indices into ``run``) minimising the squared distance of chunk sizes
    to ``target``; too small chunks and awkward cut points cost extra."""
    n = len(run)
    prefix = [0]
    for u in run:
        prefix.append(prefix[-1] + u.words)
    total = prefix[-1]
    in_list = _inside_lists(run)
    inf = float("inf")
    best = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            words = prefix[j] - prefix[i]
            if words > max_words and j - i > 1:
                break  # cannot grow further to the left
            cost = ((words - target) / target) ** 2
            if words < min_words and total >= min_words:
                cost += 2.0 + 4.0 * (min_words - words) / min_words
            if i > 0:
                if not run[i].para_start:
                    cost += 0.5  # cutting inside a paragraph
                if run[i - 1].keep_with_next:
                    cost += 2.0  # a heading or a lead-in separated from its text
                if in_list[i]:
                    cost += 1.0  # a numbered list cut in two
            if best[i] + cost < best[j]:
                best[j] = best[i] + cost
                back[j] = i
    cuts = []
    j = n
    while j > 0:
        cuts.append(back[j])
        j = back[j]
    return sorted(cuts)[1:]


def _inside_lists(run: list[_Unit]) -> list[bool]:
    """For each unit: it opens item n > 1 of a numbered list whose lead-in ('De
    bouwstenen:') opens item 1, as the items before it follow on. Only a list with a
    lead-in: a list of questions under a heading ('Verdiepende vragen') may be cut, as
    each of its items stands alone (cutting those moved passages and cost retrieval)."""
    out = [False] * len(run)
    last = 0  # the number of the list's last item so far, or 0 outside a list
    for i, u in enumerate(run):
        if u.item == 1 and i > 0 and run[i - 1].lead_in:
            last = 1
        elif u.item and last and u.item == last + 1:
            out[i], last = True, u.item
        elif u.item or (u.para_start and u.keep_with_next):
            last = 0  # another list, or a heading: the list has ended
    return out


def chunk(
    doc: CleanText, min_words: int = 80, max_words: int = 250, target_words: int = 170
) -> list[ChunkSpan]:
    """Cut ``doc`` into passages (see the module docstring)."""
    spans: list[ChunkSpan] = []
    for run in _sections(_units(doc, max_words), min_words):
        bounds = [0, *_partition(run, min_words, max_words, target_words), len(run)]
        for i, j in zip(bounds, bounds[1:], strict=False):
            part = run[i:j]
            weight: dict[str, int] = {}
            for u in part:
                weight[u.section] = weight.get(u.section, 0) + u.words
            section = max(weight, key=lambda s: weight[s])  # first wins a tie
            spans.append(ChunkSpan(part[0].start, part[-1].end, section))
    return spans
