"""Answer backends: who writes the text of an answer or an advice over the numbered sources.

The question flow (``Assistant.ask_stream``) does everything up to the decision itself:
validate, rewrite a follow-up, retrieve, draft and assess. A backend only writes, and
``make_backend`` picks it by name from ``settings.llm_backend`` (the one place that does):

* ``ExtractiveBackend`` ("extractive"): the drafted sentences, verbatim, no model;
* ``LLMBackend`` ("ollama", "openai"): a model writes over the same numbered sources,
  and what it wrote is checked (``sources.check_citations``).

A backend's ``answer`` and ``advise`` are generators: they yield the text in pieces as
it is written and return the result (``return`` of a generator, read with ``yield from``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from assistant.answer import frames
from assistant.answer.extractive import Draft, render
from assistant.answer.llm import BACKENDS, LLMClient, make_llm
from assistant.answer.prompts import answer_messages, condense_prompt, partial_instruction
from assistant.answer.question import Question
from assistant.answer.sources import check_citations, citation_for
from assistant.errors import ConfigError
from assistant.followup import standalone_query
from assistant.settings import Settings, env_var
from assistant.store import StoredChunk
from assistant.text.sentences import sentences, split_sentences
from assistant.tuning import ComposeTuning
from assistant.types import Answer, Citation


@dataclass(frozen=True)
class AnswerTask:
    """A question the answerability model let through (answered or partial)."""

    question: str  # as the person typed it
    query: str  # the standalone search query
    language: str
    asked: Question
    draft: Draft
    status: str  # 'answered' or 'partial'
    missing: str  # with 'partial': the sentence naming what the sources do not say
    advice_pointer: bool  # end with the pointer to advice mode (an advice-like question in answer mode)


@dataclass(frozen=True)
class AdviceTask:
    """Advice composed from the chosen blocks, for a backend to write out."""

    question: str
    language: str
    text: str  # the composed advice, with [n] citations
    citations: list[Citation]
    outline: str  # the chosen blocks and their reasons, for a writer
    chunk: Callable[[str], StoredChunk | None]  # chunk id → passage (the caller's view)
    required: Sequence[tuple[str, str]] = ()  # (what written advice must contain, flag when it does not)


@dataclass(frozen=True)
class Written:
    text: str
    citations: list[Citation]
    flags: list[str]


@runtime_checkable
class AnswerBackend(Protocol):
    name: str  # as in settings.llm_backend and Answer.backend

    def rewrite(self, question: str, history: Sequence[dict], context_words: int) -> str:
        """The standalone search query for a follow-up ``question``."""
        ...

    def answer(self, task: AnswerTask) -> Generator[str, None, Answer | None]:
        """Yield the answer's text in pieces; return it (None: it cites nothing, so abstain)."""
        ...

    def advise(self, task: AdviceTask) -> Generator[str, None, Written]:
        """Yield the advice's text in pieces; return it with the citations it keeps."""
        ...


class ExtractiveBackend:
    """Sentences taken verbatim from the sources (``extractive.render``); no model."""

    name = "extractive"

    def __init__(self, tuning: ComposeTuning | None = None):
        self.tuning = tuning or ComposeTuning()

    def rewrite(self, question: str, history: Sequence[dict], context_words: int) -> str:
        return standalone_query(question, history, context_words)

    def answer(self, task: AnswerTask) -> Generator[str, None, Answer | None]:
        extract = render(task.draft, task.status, task.language, self.tuning)
        text = extract.text
        if task.advice_pointer:
            text += "\n\n" + frames.ADVICE_POINTER[task.language]
        # stream pieces, not sentences: any stop followed by a space will do, and a
        # piece must never be dropped (the sentence splitter trims and skips nothing but spaces)
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            yield sentence + " "
        return Answer(text=text, citations=extract.citations, abstained=False, query=task.query,
                      backend=self.name, question=task.question, language=task.language,
                      support=extract.support, status=task.status, missing=task.missing)

    def advise(self, task: AdviceTask) -> Generator[str, None, Written]:
        for para in task.text.split("\n\n"):
            yield para + "\n\n"
        return Written(task.text, task.citations, [])


class LLMBackend:
    """A model (``LLMClient``) writes over the numbered sources; it only runs for a question
    the answerability model did not rule out, a partial one is told what is missing, and
    its citations are checked afterwards."""

    def __init__(self, client: LLMClient):
        self.client = client
        self.name = client.backend

    def rewrite(self, question: str, history: Sequence[dict], context_words: int) -> str:
        rewritten = self.client.complete([("user", condense_prompt(history, question))]).strip()
        return rewritten.splitlines()[0].strip() if rewritten else question

    def answer(self, task: AnswerTask) -> Generator[str, None, Answer | None]:
        chunks = [c for c, _ in task.draft.hits[:5]]
        messages = answer_messages(task.question, chunks, task.language)
        if task.missing:  # the sources cover the topic but not the asked fact: say so, in one sentence
            messages[0] = (messages[0][0], messages[0][1] + " " + partial_instruction(task.missing, task.language))
        parts = []
        for piece in self.client.stream(messages):
            parts.append(piece)
            yield piece
        checked = check_citations("".join(parts), len(chunks), task.language)
        citations = [citation_for(n, chunks[n - 1], best_quote(checked.text, n, chunks[n - 1]))
                     for n in checked.cited]
        if not citations:
            return None
        text = checked.text
        if task.status == "partial" and task.missing and task.missing not in text:
            text = f"{text}\n\n{task.missing}"
        return Answer(text=text, citations=citations, abstained=False, query=task.query, backend=self.name,
                      question=task.question, language=task.language, flags=checked.flags,
                      support=task.draft.features["top_dense"], status=task.status, missing=task.missing)

    def advise(self, task: AdviceTask) -> Generator[str, None, Written]:
        chunks = [task.chunk(c.chunk_id) for c in task.citations]
        parts = []
        for piece in self.client.stream(answer_messages(task.question, chunks, task.language, task.outline)):
            parts.append(piece)
            yield piece
        checked = check_citations("".join(parts), len(chunks), task.language)
        flags = list(checked.flags)
        flags += [flag for needed, flag in task.required if needed.casefold() not in checked.text.casefold()]
        return Written(checked.text, [c for c in task.citations if c.n in checked.cited], flags)


def make_backend(settings: Settings, tuning: ComposeTuning | None = None) -> AnswerBackend:
    """The answer backend named by ``settings.llm_backend``; an unknown name, or an LLM
    backend without its model or URL, fails with the setting to fix."""
    name = settings.llm_backend
    if name not in BACKENDS:
        raise ConfigError(f"Unknown LLM backend {name!r}. Known: {', '.join(BACKENDS)} "
                          f"(set {env_var('llm_backend')}).")
    if name == "extractive":
        return ExtractiveBackend(tuning)
    return LLMBackend(LLMClient(make_llm(settings), name))


def best_quote(answer_text: str, n: int, chunk: StoredChunk) -> str:
    """The passage sentence closest (by shared words) to the answer sentences citing [n]."""
    citing = " ".join(s for s in sentences(answer_text) if f"[{n}]" in s)
    words = set(re.findall(r"\w{3,}", citing.casefold()))
    best, best_score = "", -1.0
    for start, end in split_sentences(chunk.text):
        sent = chunk.text[start:end].strip()
        score = len(words & set(re.findall(r"\w{3,}", sent.casefold())))
        if score > best_score:
            best, best_score = sent, score
    return best


__all__ = ["AdviceTask", "AnswerBackend", "AnswerTask", "ExtractiveBackend", "LLMBackend", "Written",
           "best_quote", "make_backend"]
