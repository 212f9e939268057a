"""Advice mode: a situation → the fitting Netwerkmozaïek blocks → cited advice.

1. ``is_situation`` tells a described situation from a plain factual question (the
   latter is answered in answer mode, saying so).
2. ``choose_blocks`` scores each of the seven blocks by how close the situation is
   (e5 similarity) to the block's own text — tagline, explanation, key and deeper
   questions — and keeps one to three; the reason names the block text that matched
   best and the situation's words that the block's text shares.
3. ``compose`` builds, per block, the sections a practitioner can act on: what the
   sources say, questions for the partners, a practice example, blocks to align
   with; then a first step. Every item is a sentence or question from the sources,
   cited; the only words of our own are headings and connectives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.answer.prompts import answer_messages
from assistant.answer.sources import check_citations, citation_for
from assistant.retrieval import cosines
from assistant.store import StoredChunk
from assistant.types import AdviceBlock, AdviceSection, Answer, Citation

MAX_BLOCKS = 3
KEEP_RATIO = 0.97  # a block within 3% of the best block's fit is kept too
MIN_FIT = 0.80  # below this cosine nothing in the mozaiek fits the situation
EXAMPLE_MIN = 0.80

_SITUATION = re.compile(
    r"\b(we|wij|ons|onze|mijn|ik|our|we're|us|my|i)\b|"
    r"\b(lukt|haken|vast|probleem|problemen|moeten we|kunnen we|hoe pakken|wat moeten|"
    r"should we|how do we|how can we|struggle|stuck|dreigt|zitten)\b",
    re.IGNORECASE,
)

HEADINGS = {
    "nl": {"bronnen": "Wat de bronnen zeggen", "vragen": "Vragen om met de partners te bespreken",
           "praktijk": "Praktijkvoorbeeld", "afstemmen": "Stem af met",
           "first": "Eerste stap", "why": "Waarom deze bouwsteen",
           "factual": "Dit is geen beschrijving van een situatie; daarom een antwoord op de vraag.",
           "none": "De bronnen bieden voor deze situatie geen passend advies. Hieronder de "
                   "passages die er het dichtst bij komen (wel gerelateerd).",
           "step": "Begin met het gesprek met de partners over deze vraag: "},
    "en": {"bronnen": "What the sources say", "vragen": "Questions to discuss with the partners",
           "praktijk": "Practice example", "afstemmen": "Align with",
           "first": "First step", "why": "Why this building block",
           "factual": "This is not a description of a situation, so here is an answer to the "
                      "question.",
           "none": "The sources offer no fitting advice for this situation. Below are the "
                   "passages that come closest (related).",
           "step": "Start by discussing this question with the partners: "},
}


@dataclass
class BlockChoice:
    name: str
    tagline: str
    fit: float
    reason: str
    matched: list[str]
    best_items: list[tuple[float, Any]] = field(default_factory=list)  # (cosine, Item)


def is_situation(question: str) -> bool:
    return bool(_SITUATION.search(question))


class MozaiekIndex:
    """The mozaiek's items embedded once (lazily), for block choice and question ranking."""

    def __init__(self, mozaiek, embedder):
        self.mozaiek = mozaiek
        self.items: list[tuple[str, str, Any]] = []  # (block, kind, item)
        for block in mozaiek.blocks:
            self.items.append((block.name, "explanation", block.explanation))
            self.items += [(block.name, "key", q) for q in block.key_questions]
            self.items += [(block.name, "deeper", q) for q in block.deeper_questions]
        texts = [f"{b}: {_tagline(mozaiek, b)}. {it.text}" for b, _, it in self.items]
        self.vectors = embedder.embed_documents(texts) if texts else np.zeros((0, 1))

    def similarities(self, query_vec: np.ndarray) -> np.ndarray:
        return cosines(self.vectors, query_vec)


def _tagline(mozaiek, name: str) -> str:
    return mozaiek.block(name).tagline


def choose_blocks(assistant, question: str) -> list[BlockChoice]:
    index = _index(assistant)
    q = assistant.retriever.query_vector(question)
    sims = index.similarities(q)
    per_block: dict[str, list[tuple[float, str, Any]]] = {}
    for (block, kind, item), s in zip(index.items, sims, strict=True):
        per_block.setdefault(block, []).append((float(s), kind, item))
    fits = {}
    for block, scored in per_block.items():
        top = sorted((s for s, _, _ in scored), reverse=True)[:3]
        fits[block] = 0.6 * top[0] + 0.4 * float(np.mean(top))
    ranked = sorted(fits, key=fits.get, reverse=True)
    if not ranked or fits[ranked[0]] < MIN_FIT:
        return []
    best = fits[ranked[0]]
    chosen = [b for b in ranked[:MAX_BLOCKS] if fits[b] >= best * KEEP_RATIO]
    out = []
    analyzer = assistant.retriever.lexical.analyzer
    q_words = {w: s for w, s in zip(analyzer.words(question), analyzer(question), strict=True)}
    for name in chosen:
        block = index.mozaiek.block(name)
        scored = sorted(per_block[name], key=lambda t: t[0], reverse=True)
        block_text = " ".join([block.tagline, block.explanation.text] +
                              [i.text for _, _, i in scored])
        block_stems = set(analyzer(block_text))
        matched = sorted({w for w, stem in q_words.items() if stem in block_stems})[:8]
        top_item = scored[0][2]
        reason = (f"'{block.tagline}' — de situatie ligt het dichtst bij: "
                  f"“{_short(top_item.text)}”")
        if matched:
            reason += f"; gedeelde woorden: {', '.join(matched)}"
        out.append(BlockChoice(name, block.tagline, round(fits[name], 4), reason, matched,
                               [(s, i) for s, k, i in scored if k in ("key", "deeper")]))
    return out


def _index(assistant) -> MozaiekIndex:
    cached = getattr(assistant, "_mozaiek_index", None)
    if cached is None:
        cached = MozaiekIndex(assistant.mozaiek(), assistant.retriever.embedder)
        assistant._mozaiek_index = cached
    return cached


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


class _Citations:
    """Numbers sources as they are first cited; the same chunk keeps its number."""

    def __init__(self, retriever):
        self.retriever = retriever
        self.by_chunk: dict[str, int] = {}
        self.list: list[Citation] = []
        self.quotes: dict[int, list[str]] = {}

    def cite(self, chunk: StoredChunk | None, quote: str) -> int | None:
        if chunk is None:
            return None
        n = self.by_chunk.get(chunk.chunk_id)
        if n is None:
            n = len(self.list) + 1
            self.by_chunk[chunk.chunk_id] = n
            self.list.append(citation_for(n, chunk, quote))
            self.quotes[n] = [quote]
        elif quote not in self.quotes[n]:
            self.quotes[n].append(quote)
            self.list[n - 1] = citation_for(n, chunk, " … ".join(self.quotes[n]))
        return n


def compose(assistant, question: str, query: str, language: str,
            choices: Sequence[BlockChoice], hits) -> tuple[str, list[AdviceBlock], str, list[Citation]]:
    retriever = assistant.retriever
    h = HEADINGS[language]
    cites = _Citations(retriever)
    blocks: list[AdviceBlock] = []
    lines: list[str] = []
    used_examples: set[str] = set()
    for choice in choices:
        block = assistant.mozaiek().block(choice.name)
        sections: list[AdviceSection] = []

        block_hits = [(c, s) for c, s, _, _ in retriever.search(query, 4, bouwstenen=[choice.name])]
        said = assistant.extractive.compose(query, block_hits[:3] or hits[:3])
        items, nums = [], []
        for c in said.citations[:2]:
            first = c.quote.split(" … ")[0]
            n = cites.cite(retriever.chunk(c.chunk_id), first)
            items.append(f"{first} [{n}]")
            nums.append(n)
        if items:
            sections.append(AdviceSection("bronnen", h["bronnen"], items, nums))

        items, nums = [], []
        for _, item in choice.best_items[:3]:
            n = cites.cite(retriever.chunk(item.chunk_id), item.text)
            if n is not None:
                items.append(f"{item.text} [{n}]")
                nums.append(n)
        if items:
            sections.append(AdviceSection("vragen", h["vragen"], items, nums))

        example = _practice_example(assistant, query, choice.name, used_examples)
        if example is not None:
            chunk, sentences = example
            n = cites.cite(chunk, " … ".join(sentences))
            label = f"{chunk.title} — {chunk.section}" if chunk.section else chunk.title
            sections.append(AdviceSection("praktijk", h["praktijk"],
                                          [f"{label}: " + " ".join(sentences) + f" [{n}]"], [n]))

        items, nums = [], []
        for link in block.links:
            first = _first_sentence(link.text)
            n = cites.cite(retriever.chunk(link.chunk_id), first)
            if n is not None:
                items.append(f"{link.target}: {first} [{n}]")
                nums.append(n)
        if items:
            sections.append(AdviceSection("afstemmen", h["afstemmen"], items, nums))

        blocks.append(AdviceBlock(choice.name, choice.tagline, choice.reason, choice.matched,
                                  sections))
        lines += [f"## {choice.name} — {choice.tagline}", f"*{h['why']}: {choice.reason}*", ""]
        for s in sections:
            lines.append(f"**{s.heading}**")
            lines += [f"- {it}" for it in s.items]
            lines.append("")

    first_step = ""
    if choices and choices[0].best_items:
        item = choices[0].best_items[0][1]
        n = cites.cite(retriever.chunk(item.chunk_id), item.text)
        first_step = f"{h['step']}“{item.text}” [{n}]"
        lines += [f"## {h['first']}", first_step]
    return "\n".join(lines).strip(), blocks, first_step, cites.list


def _practice_example(assistant, query: str, block: str, used: set[str]):
    """Sentences from an interview or case that fit the situation and the block."""
    retriever = assistant.retriever
    tagline = assistant.mozaiek().block(block).tagline
    hits = retriever.search(f"{query} {tagline}", 12)
    for chunk, _, dense, _ in hits:
        if (chunk.bouwstenen or _MODEL_PAGE.search(chunk.section) or chunk.chunk_id in used
                or dense < EXAMPLE_MIN):
            continue  # the pages that describe the model itself are not practice
        if chunk.extra.get("kind") not in ("interview", "magazine", "essay", "book chapter", ""):
            continue
        said = assistant.extractive.compose(query, [(chunk, 1.0)])
        if not said.citations:
            continue
        used.add(chunk.chunk_id)
        return chunk, said.citations[0].quote.split(" … ")[:2]
    return None


_MODEL_PAGE = re.compile(r"netwerkmozaïek|bouwsteen", re.IGNORECASE)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.?!])(\s|$)", text.strip())
    return m.group(1) if m else text.strip()


def advise_stream(assistant, question: str, query: str, language: str, hits, extract,
                  support: float) -> Iterator[dict[str, Any]]:
    """The advice-mode branch of ``Assistant.ask_stream``."""
    h = HEADINGS[language]
    if not is_situation(question):
        events = list(assistant.ask_stream(question, [], "answer"))
        answer = events[-1]["answer"]
        answer.note = h["factual"]
        answer.mode = "answer"
        yield {"type": "delta", "text": h["factual"] + "\n\n"}
        yield from (e for e in events if e["type"] == "delta")
        yield {"type": "answer", "answer": answer}
        return
    from assistant.answerability import on_topic

    topical = on_topic(support, extract.coverage, language, assistant.threshold).answerable
    choices = choose_blocks(assistant, query) if topical else []
    if not choices:
        from assistant.core import to_passage

        answer = Answer(text=h["none"], citations=[], abstained=True, query=query,
                        backend=assistant.backend, question=question, mode="advice",
                        language=language, related=[to_passage(c, s) for c, s in hits[:3]],
                        support=support)
        yield {"type": "delta", "text": answer.text}
        yield {"type": "answer", "answer": answer}
        return
    text, blocks, first_step, citations = compose(assistant, question, query, language,
                                                  choices, hits)
    flags: list[str] = []
    if assistant.llm is not None:
        text, citations, flags = yield from _llm_advice(assistant, question, language, blocks,
                                                        citations)
    else:
        for para in text.split("\n\n"):
            yield {"type": "delta", "text": para + "\n\n"}
    yield {"type": "answer", "answer": Answer(
        text=text, citations=citations, abstained=False, query=query, backend=assistant.backend,
        question=question, mode="advice", language=language, support=support, flags=flags,
        advice_blocks=blocks, first_step=first_step)}


def _llm_advice(assistant, question, language, blocks, citations):
    """The LLM writes the advice over the same numbered sources; we check its output."""
    chunks = [assistant.retriever.chunk(c.chunk_id) for c in citations]
    outline = "\n".join(f"- {b.name} ({b.tagline}): {b.reason}" for b in blocks)
    parts = []
    for piece in assistant.llm.stream(answer_messages(question, chunks, language, outline)):
        parts.append(piece)
        yield {"type": "delta", "text": piece}
    checked = check_citations("".join(parts), len(chunks), language)
    h = HEADINGS[language]
    flags = list(checked.flags)
    for b in blocks:
        if b.name.casefold() not in checked.text.casefold():
            flags.append(f"missing section for building block {b.name}")
    for key in ("vragen", "first"):
        if h[key].casefold() not in checked.text.casefold():
            flags.append(f"missing section '{h[key]}'")
    kept = [c for c in citations if c.n in checked.cited]
    return checked.text, kept, flags
