"""What a named building block means, and which questions it puts to the partners,
answered from the block's own page in the Netwerkmozaïek.

- 'Wat houdt de bouwsteen Verankering in?', 'What is the building block Binding about?',
  'Leg Waarde eens uit.' after the list of blocks: the block's line in the mozaiek's
  overview ('4. Verankering. Het stimuleren van een levendige relatie …'), then its tagline
  with the opening of its explanation. Searched, such a question found other sentences
  that name the block ('Een belangrijke bouwsteen voor de legitimatie …').
- 'Welke vragen horen bij de bouwsteen Binding?', 'What are the key questions for the
  building block Binding?': the block's key questions, and its deeper questions
  ('Verdiepende vragen') unless only the key ones are asked ('kernvragen', 'key
  questions'), or only those ('verdiepende vragen'). Searched, the English question was led
  by a link of another block ('Deelname: Spanningen bij de verbinding …').

The name stands next to 'bouwsteen' / 'building block', or is written with a capital while
the question or its standalone query speaks of building blocks ('Organisatie' can be any
organisation). Only a question that asks nothing else counts: 'Wat is de rol van
vertrouwen in de bouwsteen Binding?' goes the usual way. Every quote is the magazine's own
words, cited.
"""

from __future__ import annotations

import re

from assistant.advice.compose import flat, holding
from assistant.answer.extractive import cite_sentence
from assistant.answer.question import content_words
from assistant.answer.sources import citation_for
from assistant.bouwstenen import BOUWSTENEN, canonical
from assistant.text.sentences import ends_as_statement, split_sentences
from assistant.types import Answer, Citation

BLOCK_WORD = re.compile(r"\b(?:bouwste(?:e)?n(?:en)?|(?:building\s+)?blocks?)\b", re.IGNORECASE)
MAX_EXPLANATION_WORDS = 60

_NAME_RE = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(BOUWSTENEN, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
# the block word right before or after the name: 'de bouwsteen verankering', "building block 'Binding'"
_NEXT_TO_BLOCK = r"(?:bouwsteen|building\s+block)\s+['‘’\"“]?{name}|{name}['‘’\"”]?\s+(?:bouwsteen|building\s+block)"
# words that ask what the block means: 'Wat houdt … in', 'Wat betekent …', 'Leg … uit', 'What is … about'
_MEANING_WORDS = frozenset("""houdt houden betekent betekenen bedoeld bedoelt bedoelen leg uitleggen uit toelichten
toelichting uitleg vertel vertellen meer precies eigenlijk magazine netwerkmozaïek netwerkmozaiek mozaïek mozaiek
bouwsteen bouwstenen building block blocks mean means meaning explain about tell more""".split())
# … and words that ask for its questions: 'Welke vragen horen bij …', 'key questions for …'
_QUESTION_WORDS = frozenset("""vragen vraag kernvragen kernvraag verdiepende verdiepingsvragen horen hoort stelt
stellen gesteld belangrijkste questions question key main deeper further asks ask""".split())
_ASKS_QUESTIONS = re.compile(r"\b(?:\w*vra(?:ag|gen)|questions?)\b", re.IGNORECASE)
_ONLY_KEY = re.compile(r"\b(?:kernvra\w*|key\s+questions?|main\s+questions?|belangrijkste\s+vragen)\b", re.IGNORECASE)
_ONLY_DEEPER = re.compile(r"\b(?:verdiep\w*|deeper|further)\b", re.IGNORECASE)
_OVERVIEW_LINE = r"(?m)^[ \t]*\d\.[ \t]*{name}\.[ \t]+(?P<text>\S.*)$"
_FRAMES = {
    "nl": {"meaning": "{name} is een van de zeven bouwstenen van het Netwerkmozaïek: {text}",
           "tagline": "Het magazine vat de bouwsteen samen als “{tagline}” [{n}]. {explanation}",
           "key": "Bij de bouwsteen {name} stelt het magazine deze vragen:",
           "deeper": "Verdiepende vragen:"},
    "en": {"meaning": "{name} is one of the seven building blocks of the Netwerkmozaïek (quoted in Dutch): {text}",
           "tagline": "The magazine sums it up as “{tagline}” [{n}]. {explanation}",
           "key": "For the building block {name} the magazine asks these questions (in Dutch):",
           "deeper": "Deeper questions:"},
}


def asked(question: str, query: str = "") -> tuple[str, str] | None:
    """(block, 'meaning' | 'questions') when ``question`` asks what a named block means or
    which questions it asks, else None (``query``: the standalone search query, whose
    context words may speak of building blocks)."""
    found = {canonical(m.group(1)) for m in _NAME_RE.finditer(question)
             if m.group(1)[:1].isupper() or re.search(_NEXT_TO_BLOCK.format(name=re.escape(m.group(1))),
                                                      question, re.IGNORECASE)}
    if len(found) != 1 or not BLOCK_WORD.search(f"{question} {query}"):
        return None
    name = found.pop()
    rest = [w for w in content_words(question) if w not in set(content_words(name))]
    if _ASKS_QUESTIONS.search(question):
        ok = _MEANING_WORDS | _QUESTION_WORDS
        return (name, "questions") if all(w in ok for w in rest) else None
    return (name, "meaning") if all(w in _MEANING_WORDS for w in rest) else None


def answer(assistant, moz, name: str, part: str, *, question: str, query: str, language: str,
           backend: str) -> Answer | None:
    """The answer from the page of block ``name`` (``part`` as ``asked`` returns it); None
    when nothing of it is found verbatim in a passage."""
    block = next(b for b in moz.blocks if b.name == name)
    frames = _FRAMES["en" if language == "en" else "nl"]
    quotes: dict[str, tuple[object, list[str]]] = {}
    if part == "questions":
        parts = _questions(assistant.retriever, block, frames, quotes, question)
    else:
        parts = _meaning(assistant.retriever, block, frames, quotes)
    if not parts:
        return None
    return cited_answer(parts, quotes, question=question, query=query, language=language, backend=backend)


def cited_answer(parts: list[str], quotes: dict, *, question: str, query: str, language: str,
                 backend: str) -> Answer:
    """The answer of ``parts`` (paragraphs), cited from ``quotes`` as ``number`` numbered them."""
    citations: list[Citation] = [citation_for(i + 1, c, " … ".join(qs)) for i, (c, qs) in enumerate(quotes.values())]
    return Answer(text="\n\n".join(parts), citations=citations, abstained=False, query=query,
                  backend=backend, question=question, language=language, status="answered")


def _meaning(retriever, block, frames: dict, quotes: dict) -> list[str]:
    """The block's line in the mozaiek's overview, then its tagline and the opening
    sentences of its explanation (within ``MAX_EXPLANATION_WORDS``)."""
    parts: list[str] = []
    line = re.compile(_OVERVIEW_LINE.format(name=re.escape(block.name)))
    for chunk in retriever.document_chunks(block.doc_id):
        m = line.search(chunk.text)
        if m:
            text = m.group("text").strip()
            cited = cite_sentence(text, number(quotes, chunk, text))
            parts.append(frames["meaning"].format(name=block.name, text=cited))
            break
    explained = block.explanation
    tag_chunk = holding(retriever, block.tagline, explained.chunk_id) if block.tagline else None
    opening, total = [], 0  # (chunk, sentence): the explanation may run over two passages
    for a, b in split_sentences(explained.text):
        sentence = explained.text[a:b]
        if sentence.rstrip(" ”’\"'").endswith("?"):
            continue  # 'Hoe kom je van groot denken naar klein doen?': the text answers it
        total += len(sentence.split())
        chunk = holding(retriever, sentence, explained.chunk_id)
        if chunk is None or not ends_as_statement(sentence) or (opening and total > MAX_EXPLANATION_WORDS):
            break  # not verbatim in a passage, a lead-in to a list, or long enough
        opening.append((chunk, sentence))
    if tag_chunk is not None and opening:
        n_tag = number(quotes, tag_chunk, block.tagline)
        explanation = " ".join(cite_sentence(s, number(quotes, c, s)) for c, s in opening)
        parts.append(frames["tagline"].format(tagline=flat(block.tagline).rstrip("."), n=n_tag,
                                              explanation=explanation))
    return parts


def _questions(retriever, block, frames: dict, quotes: dict, question: str) -> list[str]:
    """The block's key questions and, as a second list, its deeper ones, one per line."""
    only_key, only_deeper = bool(_ONLY_KEY.search(question)), bool(_ONLY_DEEPER.search(question))
    groups = []
    if not only_deeper:
        groups.append((frames["key"].format(name=block.name), block.key_questions, "-"))
    if not only_key:
        groups.append((frames["deeper"], block.deeper_questions, ""))
    parts = []
    for heading, items, bullet in groups:
        lines = []
        for item in items:
            text = flat(item.text)
            chunk = holding(retriever, item.text, item.chunk_id)
            if chunk is None:
                continue
            mark = bullet or f"{len(lines) + 1}."
            lines.append(f"{mark} {cite_sentence(text, number(quotes, chunk, item.text))}")
        if lines:
            parts.append("\n".join([heading, *lines]))
    if parts and only_deeper and not only_key:  # the heading names the block
        parts[0] = parts[0].replace(frames["deeper"], f"{frames['deeper'][:-1]} ({block.name}):", 1)
    return parts


def number(quotes: dict, chunk, text: str) -> int:
    """The citation number of ``chunk`` (numbered in order of first use), ``text`` added to
    its quotes."""
    if chunk.chunk_id not in quotes:
        quotes[chunk.chunk_id] = (chunk, [])
    if text not in quotes[chunk.chunk_id][1]:
        quotes[chunk.chunk_id][1].append(text)
    return list(quotes).index(chunk.chunk_id) + 1
