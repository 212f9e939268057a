"""'Welke bouwsteen gaat over geld?': which building block of the Netwerkmozaïek covers a
topic, answered from the mozaiek's own pages.

Searched like any question, such a question found sentences about the building blocks
in general ('Juist door de samenhang tussen de bouwstenen ontstaat een sterk netwerk')
and was answered with them. The fitted block selection (``select.score``) reads a topic
as it reads a situation: 'geld' → Organisatie (0.89), 'vertrouwen' → Binding (0.98),
'resultaten meten' → Waarde (0.99). The answer names the chosen blocks (at most
``MAX_BLOCKS``), each with its tagline and the sentence of its explanation closest to the
question, quoted from the magazine and cited. Only a question that asks which block a
topic belongs to counts ('Welke bouwsteen gaat over …', 'Onder welke bouwsteen valt …',
'Which building block is about …'); 'Uit welke bouwstenen bestaat het Netwerkmozaïek?'
asks for the list and goes the usual way. Without the magazine in view (a document
filter or collection without it), neither does this.

A question asking what a named block means ('Wat houdt de bouwsteen Verankering in?',
'What is the building block Binding about?', 'Leg Waarde eens uit.' after the list of
blocks) is answered from the magazine too: the block's line in the mozaiek's overview
('4. Verankering. Het stimuleren van een levendige relatie …') and its tagline with the
opening of its explanation. Searched, such a question found other sentences that name the
block ('Een belangrijke bouwsteen voor de legitimatie …'). Only a question that asks
nothing else counts: 'Wat is de rol van vertrouwen in de bouwsteen Binding?' goes the
usual way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.advice.blocktexts import block_texts, gist
from assistant.advice.compose import flat, holding
from assistant.advice.select import score
from assistant.answer.extractive import cite_sentence
from assistant.answer.question import content_words, fold
from assistant.answer.slots import leans_back
from assistant.answer.sources import citation_for
from assistant.bouwstenen import BOUWSTENEN
from assistant.errors import NetwerkwijzerError
from assistant.text.sentences import ends_as_statement, split_sentences
from assistant.types import Answer, Citation

MAX_BLOCKS = 2
MAX_SENTENCE_WORDS = 45

_BLOCK_WORD = re.compile(r"\b(?:bouwste(?:e)?n(?:en)?|(?:building\s+)?blocks?)\b", re.IGNORECASE)
_WHICH = re.compile(r"\b(?:welke|which|what)\b", re.IGNORECASE)
# the block a topic belongs to: 'gaat over', 'hoort bij', 'valt onder', 'past bij', 'draait om',
# 'komt aan bod', 'heeft te maken met'; 'is about', 'covers', 'deals with', 'belongs to'
_BELONGS = re.compile(
    r"\b(?:ga(?:at|an)\s+(?:\w+\s+){0,3}?over|ho(?:ort|ren)\b|val(?:t|len)\s+(?:\w+\s+){0,3}?onder|"
    r"pas(?:t|sen)\s+(?:\w+\s+){0,3}?bij|draai(?:t|en)\s+(?:\w+\s+){0,2}?om|aan\s+bod|te\s+maken\s+met|"
    r"(?:is|are)\s+(?:\w+\s+){0,2}?about|cover(?:s|ed)?|deals?\s+with|belongs?\s+to|relates?\s+to|fits?)\b",
    re.IGNORECASE)
# … or the preposition before the block: 'Onder welke bouwsteen valt …', 'Bij welke bouwsteen …'
_PREP_WHICH = re.compile(r"\b(?:onder|bij|in|tot|under|to)\s+(?:welke|which)\s+(?:bouwste|(?:building\s+)?block)",
                         re.IGNORECASE)
_FRAME = {
    "nl": ("Dat valt onder de bouwsteen {name}: {tagline}", "Ook de bouwsteen {name} raakt eraan: {tagline}"),
    "en": ("That is the building block {name} (quoted in Dutch): {tagline}",
           "The building block {name} touches on it too: {tagline}"),
}


# what a named block means: 'Wat houdt … in', 'Wat betekent …', 'Leg … uit', 'What is … about'
_MEANING_WORDS = frozenset("""houdt houden betekent betekenen bedoeld bedoelt bedoelen leg uitleggen uit toelichten
toelichting uitleg vertel vertellen meer precies eigenlijk magazine netwerkmozaïek netwerkmozaiek mozaïek mozaiek
bouwsteen bouwstenen building block blocks mean means meaning explain about tell more""".split())
_NAMES = {fold(n): n for n in BOUWSTENEN}
_NAME_RE = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(BOUWSTENEN, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
# the block word right before or after the name: 'de bouwsteen verankering', "building block 'Binding'"
_NEXT_TO_BLOCK = r"(?:bouwsteen|building\s+block)\s+['‘’\"“]?{name}|{name}['‘’\"”]?\s+(?:bouwsteen|building\s+block)"
_OVERVIEW_LINE = r"(?m)^[ \t]*\d\.[ \t]*{name}\.[ \t]+(?P<text>\S.*)$"
MAX_EXPLANATION_WORDS = 60
_MEANING_FRAME = {
    "nl": ("{name} is een van de zeven bouwstenen van het Netwerkmozaïek: {text}",
           "Het magazine vat de bouwsteen samen als “{tagline}” [{n}]. {explanation}"),
    "en": ("{name} is one of the seven building blocks of the Netwerkmozaïek (quoted in Dutch): {text}",
           "The magazine sums it up as “{tagline}” [{n}]. {explanation}"),
}


def asked_meaning(question: str, query: str = "") -> str | None:
    """The building block whose meaning ``question`` asks, or None. The name stands next to
    'bouwsteen' / 'building block', or is written with a capital while the question or its
    standalone ``query`` speaks of building blocks; the question asks nothing else."""
    found = {_NAMES[fold(m.group(1))] for m in _NAME_RE.finditer(question)
             if m.group(1)[:1].isupper() or re.search(_NEXT_TO_BLOCK.format(name=re.escape(m.group(1))),
                                                      question, re.IGNORECASE)}
    if len(found) != 1 or not _BLOCK_WORD.search(f"{question} {query}"):
        return None
    name = found.pop()
    own = set(content_words(name))
    if any(w not in own and w not in _MEANING_WORDS for w in content_words(question)):
        return None
    return name


def asks_block(question: str) -> bool:
    """Does ``question`` ask which building block a topic belongs to?"""
    return bool(_BLOCK_WORD.search(question) and _WHICH.search(question)
                and (_BELONGS.search(question) or _PREP_WHICH.search(question)))


def answer(assistant, question: str, query: str, language: str, doc_ids: Sequence[str] | None,
           backend: str) -> Answer | None:
    """The answer naming the blocks ``query`` is about, or None (no such question, or no
    mozaiek in view) so the question goes the usual way."""
    meaning = asked_meaning(question, query)
    if meaning is None and not asks_block(question):
        return None
    try:
        moz = assistant.mozaiek()
        texts = block_texts(assistant)
    except NetwerkwijzerError:
        return None
    home = {b.doc_id for b in moz.blocks}
    if doc_ids and not home & set(doc_ids):
        return None  # the filter leaves the magazine out
    if meaning is not None:
        return _meaning_answer(assistant, moz, meaning, question, query, language, backend)
    topic = " ".join(_BLOCK_WORD.sub(" ", query).split())
    scored = score(assistant, topic, language)
    frames = _FRAME["en" if language == "en" else "nl"]
    parts: list[str] = []
    quotes: dict[str, tuple[object, list[str]]] = {}  # chunk id → (chunk, quotes)
    for name in scored.chosen[:MAX_BLOCKS]:
        found = _block_text(assistant, texts, scored, name)
        if found is None:
            continue
        (tag_chunk, tagline), (chunk, sentence) = found
        n_tag = _number(quotes, tag_chunk, tagline)
        n = _number(quotes, chunk, sentence)
        frame = frames[0 if not parts else 1].format(name=name, tagline=flat(tagline).rstrip("."))
        parts.append(f"{frame} [{n_tag}]. {cite_sentence(sentence, n)}")
    if not parts:
        return None
    citations: list[Citation] = [citation_for(i + 1, chunk, " … ".join(qs))
                                 for i, (chunk, qs) in enumerate(quotes.values())]
    return Answer(text="\n\n".join(parts), citations=citations, abstained=False, query=query,
                  backend=backend, question=question, language=language, status="answered")


def _meaning_answer(assistant, moz, name: str, question: str, query: str, language: str,
                    backend: str) -> Answer | None:
    """What the block ``name`` stands for: its line in the mozaiek's overview, then its
    tagline and the opening sentences of its explanation (within
    ``MAX_EXPLANATION_WORDS``), each quoted and cited; None when neither is found."""
    retriever = assistant.retriever
    block = next(b for b in moz.blocks if b.name == name)
    frames = _MEANING_FRAME["en" if language == "en" else "nl"]
    quotes: dict[str, tuple[object, list[str]]] = {}
    parts: list[str] = []
    line = re.compile(_OVERVIEW_LINE.format(name=re.escape(name)))
    for chunk in retriever.document_chunks(block.doc_id):
        m = line.search(chunk.text)
        if m:
            text = m.group("text").strip()
            parts.append(frames[0].format(name=name, text=cite_sentence(text, _number(quotes, chunk, text))))
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
        n_tag = _number(quotes, tag_chunk, block.tagline)
        explanation = " ".join(cite_sentence(s, _number(quotes, c, s)) for c, s in opening)
        parts.append(frames[1].format(tagline=flat(block.tagline).rstrip("."), n=n_tag, explanation=explanation))
    if not parts:
        return None
    citations: list[Citation] = [citation_for(i + 1, c, " … ".join(qs)) for i, (c, qs) in enumerate(quotes.values())]
    return Answer(text="\n\n".join(parts), citations=citations, abstained=False, query=query,
                  backend=backend, question=question, language=language, status="answered")


def _number(quotes: dict, chunk, text: str) -> int:
    """The citation number of ``chunk`` (numbered in order of first use), ``text`` added to
    its quotes."""
    if chunk.chunk_id not in quotes:
        quotes[chunk.chunk_id] = (chunk, [])
    if text not in quotes[chunk.chunk_id][1]:
        quotes[chunk.chunk_id][1].append(text)
    return list(quotes).index(chunk.chunk_id) + 1


def _block_text(assistant, texts, scored, name: str):
    """((chunk, tagline), (chunk, sentence)): the block's tagline and the sentence of its
    explanation closest to the question, each with the passage that holds it verbatim;
    None when either is not found."""
    retriever = assistant.retriever
    tag_piece = next((p for _, p in texts.of(name, "explanation")), None)
    tagline = texts.taglines.get(name, "")
    tag_chunk = holding(retriever, tagline, tag_piece.chunk_id if tag_piece else "") if tagline else None
    best, best_sim = None, float("-inf")
    for i, piece in texts.of(name, "sentence"):
        text = " ".join(piece.text.split())
        if leans_back(text) or not ends_as_statement(text) or len(text.split()) > MAX_SENTENCE_WORDS \
                or gist(tagline) in text:
            continue
        if float(scored.sims[i]) > best_sim:
            chunk = holding(retriever, piece.text, piece.chunk_id)
            if chunk is not None:
                best, best_sim = (chunk, piece.text), float(scored.sims[i])
    if tag_chunk is None or best is None:
        return None
    return (tag_chunk, tagline), best
