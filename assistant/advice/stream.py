"""``advise_stream``: the advice branch of ``Assistant.ask_stream``.

Core validates the input, rewrites a follow-up into a standalone ``query`` (with the
history), retrieves once with the document filter and, for a situation
(``is_situation``), calls ``advise_stream(assistant, *, question, query, language,
found, history, doc_ids)`` with ``found`` = [(chunk, fused, dense cosine, bm25)]. Advice
chooses the blocks, composes from ``found`` and the mozaiek, and yields ``DeltaEvent``s
and finally an ``AnswerEvent``. When the sources do not cover the situation it
answers ``not_covered`` with the closest passages.

``warm(assistant)`` embeds the mozaiek's texts and loads the selection model, so the
first advice after start is as fast as the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.advice import model
from assistant.advice.blocktexts import block_texts
from assistant.advice.compose import HEADINGS, compose
from assistant.advice.select import choose_blocks, score
from assistant.backends import AdviceTask
from assistant.events import AnswerEvent, DeltaEvent, Event, deltas
from assistant.passages import to_passage
from assistant.types import Answer

NONE = {
    "nl": "De bronnen bieden voor deze situatie geen passend advies. Hieronder de passages die "
          "er het dichtst bij komen (wel gerelateerd).",
    "en": "The sources offer no fitting advice for this situation. Below are the passages that "
          "come closest (related).",
}


def warm(assistant) -> None:
    """Build what advice needs once (block vectors, the selection model) at startup."""
    block_texts(assistant)
    model.load()


def advise_stream(assistant, *, question: str, query: str, language: str, found: Sequence,
                  history: Sequence[dict] | None = None, doc_ids: Sequence[str] | None = None
                  ) -> Iterator[Event]:
    """``assistant`` is what advice reads, never calls back into for an answer:
    ``retriever``, ``backend`` (which writes the composed advice out), ``config``,
    ``mozaiek()``, ``settings`` and ``advice_cache``."""
    found = list(found or [])
    scored = score(assistant, query, language)
    if not _covered(scored, found, assistant.config.advice.min_fit(language)):
        answer = Answer(text=NONE[language], citations=[], abstained=True, query=query,
                        backend=assistant.backend.name, question=question, mode="advice",
                        language=language, status="not_covered",
                        related=[to_passage(c, s, d, lx) for c, s, d, lx in found[:3]],
                        support=_top(found))
        yield DeltaEvent(answer.text)
        yield AnswerEvent(answer)
        return
    # the reason quotes the user's own words: for a follow-up, the follow-up itself
    choices = choose_blocks(assistant, query, situation=question, language=language, scored=scored)
    advice = compose(assistant, query=query, language=language, found=found, doc_ids=doc_ids,
                     scored=scored, choices=choices)
    h = HEADINGS[language]
    task = AdviceTask(question, language, advice.text, advice.citations,
                      outline="\n".join(f"- {b.name} ({b.tagline}): {b.reason}" for b in advice.blocks),
                      chunk=assistant.retriever.chunk,
                      required=[*((b.name, f"missing section for building block {b.name}") for b in advice.blocks),
                                *((h[key], f"missing section '{h[key]}'") for key in ("vragen", "first"))])
    written = yield from deltas(assistant.backend.advise(task))
    text, citations, flags = written.text, written.citations, written.flags
    yield AnswerEvent(Answer(
        text=text, citations=citations, abstained=False, query=query, backend=assistant.backend.name,
        question=question, mode="advice", language=language, support=_top(found), flags=flags,
        advice_blocks=advice.blocks, first_step=advice.first_step, status="answered"))


def _top(found: Sequence) -> float:
    return max((float(d) for _, _, d, _ in found), default=0.0)


def _covered(scored, found: Sequence, min_fit: float) -> bool:
    """Something in the mozaiek fits the situation: its closest block text (tagline,
    explanation, sentence, question or link) is at least ``min_fit`` similar
    (``AdviceConfig.min_mozaiek_fit``; ``min_mozaiek_fit_en`` for an English situation).
    Unlike the best passage's cosine this holds for English situations too (their
    cosines to Dutch passages run lower)."""
    return bool(found) and float(scored.sims.max(initial=0.0)) >= min_fit
