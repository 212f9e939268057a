"""Lists in the sources, found as pieces to quote whole, and questions that ask for one.

A list's members are no sentences to quote alone: "formele legitimatie, waarbij …;" is a
member, "De bouwstenen:" a lead-in. ``list_runs`` finds a lead-in with short members, each
on a line of its own (quoted whole); ``numbered_runs`` a lead-in with numbered items of
several sentences each (quoted as each item's opening). ``assistant.answer.extractive``
makes them candidates; ``asks_list`` says which questions they may answer.
"""

from __future__ import annotations

import re

from assistant.answer.question import Question, plural_noun
from assistant.text.sentences import ends_as_lead_in, ends_as_statement, item_number

_ITEM_END = re.compile(r"(?:[,;]|\s(?:en|of|and|or))[”’\"')]*$")


def list_runs(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """(first, last) sentence indices of each list with its lead-in: a sentence ending in
    ':' ('… in vier soorten legitimatie:'), then two or more members, each on a line of
    its own ending in ',' or ';' (or 'en'), the last in a full stop; within ``limit``
    words. Neither the lead-in nor a member is quotable alone, so without this the
    members were never quoted ('Welke vier soorten legitimatie onderscheidt …?')."""
    out = []
    for i, (a, b) in enumerate(spans):
        if not ends_as_lead_in(text[a:b]):
            continue
        words = len(text[a:b].split())
        for j in range(i + 1, len(spans)):
            item = text[spans[j][0]:spans[j][1]].rstrip()
            words += len(item.split())
            if words > limit or "\n" not in text[spans[j - 1][1]:spans[j][0] + 1]:
                break  # too long, or not a member on a line of its own
            if ends_as_statement(item):
                if j - i >= 2:
                    out.append((i, j))
                break
            if not _ITEM_END.search(item):
                break
    return out


def asks_list(q: Question) -> bool:
    """Asks for the members of a list: 'welke drie werkgroepen …', or 'welke bouwstenen …',
    'wat zijn de bouwstenen …', 'hoe heten de bouwstenen …' (a plural noun without a number,
    which the question's kind leaves open: 'welke partners' may ask about a list or about a
    kind of partner, 'hoe heten de schrijvers' for their names)."""
    return q.kind == "list" or (q.kind in ("open", "definition", "person") and bool(q.head)
                                and plural_noun(q.head))


def numbered_runs(text: str, spans: list[tuple[int, int]], limit: int
                  ) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each numbered list with its lead-in, as (the lead-in's sentence index, the span
    of each item's opening): a sentence ending in ':' ('De bouwstenen:'), then two or more
    paragraphs numbered 1, 2, 3, …, each opening with its number. An item's opening is
    its first sentence, or its title with the sentence after it ('1. Opgave.' 'Het creëren
    van een gezamenlijk, bindend beeld van het maatschappelijke vraagstuk.'): the rest of
    an item explains it. Only lists whose lead-in and openings stay within ``limit``
    words."""
    out = []
    for i, (a, b) in enumerate(spans):
        if not ends_as_lead_in(text[a:b]):
            continue
        words = len(text[a:b].split())
        items: list[tuple[int, int]] = []
        j = i + 1
        while j < len(spans):
            sa, sb = spans[j]
            if item_number(text, sa) != len(items) + 1 or "\n" not in text[spans[j - 1][1]:sa + 1]:
                break  # not the next item, or not on a line of its own
            end = sb
            nxt = j + 1
            if len(text[sa:sb].split()) <= 4 and nxt < len(spans) and "\n" not in text[sb:spans[nxt][0]]:
                end = spans[nxt][1]  # a title: '3. Samen doen.'
            words += len(text[sa:end].split())
            items.append((sa, end))
            j += 1
            while j < len(spans) and "\n" not in text[spans[j - 1][1]:spans[j][0]]:
                j += 1  # the rest of the item's paragraph
        if len(items) >= 2 and words <= limit:
            out.append((i, items))
    return out
