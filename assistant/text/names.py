"""Names in running text: the places, programmes and organisations a passage tells about.

A practice case is a passage about something named ('Zorg voor Elkaar Breda', 'de MOM in
Tilburg'), not a reflection. ``names(sentence)`` finds capitalised words and acronyms that
do not open the sentence; ``case_names(sentences, about)`` keeps those a passage names at
least twice (or in its section heading) and that are not its document's own title or
authors. Advice (``assistant.advice.compose``) and the trainers' handout (``ui.handout``)
choose their practice cases with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.bouwstenen import BOUWSTENEN

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zà-ÿ]{2,}(?:[- ][A-Z][a-zà-ÿ]+)*|[A-Z]{2,6})\b")
# the mozaiek's own words (its building blocks, its headings) and sentence-opening words in
# capitals are no names
_NOT_NAMES = frozenset(w for b in BOUWSTENEN for w in b.split() if w[:1].isupper()) | frozenset(
    """Bouwsteen Netwerkmozaïek Korte Stem Zorg Nederland Nederlandse Het De Een En In Maar Dat
    Die Dit Wij We Ze Zij Je Ik Als Voor Ook Wat Hoe Wie Waar Om Er Bij Op Met Door Want Dus
    Toen Nu""".split())


def names(sentence: str) -> set[str]:
    return {m.group(1) for m in _NAME.finditer(sentence) if m.group(1) not in _NOT_NAMES}


def case_names(sentences: Iterable[str], about: str = "", section: str = "") -> set[str]:
    """The names a passage tells about: named at least twice in ``sentences`` (or in its
    ``section`` heading), and not in ``about`` (its document's title, subtitle, authors)."""
    counts: dict[str, int] = {}
    for s in sentences:
        for n in names(s):
            counts[n] = counts.get(n, 0) + 1
    return {n for n, k in counts.items() if (k >= 2 or n in section) and n not in about}
