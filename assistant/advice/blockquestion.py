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

What a named block means and which questions it asks are answered from its own page
(``blockpage``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.advice import blockpage
from assistant.advice.blockpage import BLOCK_WORD, cited_answer, number
from assistant.advice.blocktexts import block_texts, gist
from assistant.advice.compose import flat, holding
from assistant.advice.select import score
from assistant.answer.extractive import cite_sentence
from assistant.answer.slots import leans_back
from assistant.errors import NetwerkwijzerError
from assistant.text.sentences import ends_as_statement
from assistant.types import Answer

MAX_BLOCKS = 2
MAX_SENTENCE_WORDS = 45

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


def asks_block(question: str) -> bool:
    """Does ``question`` ask which building block a topic belongs to?"""
    return bool(BLOCK_WORD.search(question) and _WHICH.search(question)
                and (_BELONGS.search(question) or _PREP_WHICH.search(question)))


def answer(assistant, question: str, query: str, language: str, doc_ids: Sequence[str] | None,
           backend: str) -> Answer | None:
    """The answer naming the blocks ``query`` is about, or None (no such question, or no
    mozaiek in view) so the question goes the usual way."""
    page = blockpage.asked(question, query)
    if page is None and not asks_block(question):
        return None
    try:
        moz = assistant.mozaiek()
        texts = block_texts(assistant)
    except NetwerkwijzerError:
        return None
    home = {b.doc_id for b in moz.blocks}
    if doc_ids and not home & set(doc_ids):
        return None  # the filter leaves the magazine out
    if page is not None:
        return blockpage.answer(assistant, moz, *page, question=question, query=query, language=language,
                                backend=backend)
    topic = " ".join(BLOCK_WORD.sub(" ", query).split())
    scored = score(assistant, topic, language)
    frames = _FRAME["en" if language == "en" else "nl"]
    parts: list[str] = []
    quotes: dict[str, tuple[object, list[str]]] = {}  # chunk id → (chunk, quotes)
    for name in scored.chosen[:MAX_BLOCKS]:
        found = _block_text(assistant, texts, scored, name)
        if found is None:
            continue
        (tag_chunk, tagline), (chunk, sentence) = found
        n_tag = number(quotes, tag_chunk, tagline)
        n = number(quotes, chunk, sentence)
        frame = frames[0 if not parts else 1].format(name=name, tagline=flat(tagline).rstrip("."))
        parts.append(f"{frame} [{n_tag}]. {cite_sentence(sentence, n)}")
    if not parts:
        return None
    return cited_answer(parts, quotes, question=question, query=query, language=language, backend=backend)


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
