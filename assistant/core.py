"""``Assistant``: the one object users of the Python API start from.

It owns the retriever (store + embedder + lexical index) and the answer backend, and
turns questions into ``Passage`` lists and ``Answer`` objects. UI, REST and CLI are
thin layers over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.llm import LLMClient, make_llm
from assistant.answer.prompts import answer_messages, condense_prompt
from assistant.answer.sources import check_citations, citation_for
from assistant.answerability import Evidence, assess
from assistant.errors import InputError
from assistant.followup import is_follow_up, standalone_query
from assistant.language import detect
from assistant.retrieval import Retriever, validate_query
from assistant.settings import Settings
from assistant.store import StoredChunk
from assistant.types import Answer, Passage

MODES = ("answer", "advice")

ABSTAIN_TEXT = {
    "nl": "De bronnen geven geen antwoord op deze vraag. Hieronder staan de passages die er "
          "het dichtst bij komen (wel gerelateerd).",
    "en": "The sources do not answer this question. Below are the passages that come closest "
          "(related, not an answer).",
}


class Assistant:
    def __init__(self, retriever: Retriever, settings: Settings, llm=None):
        self.settings = settings
        self.retriever = retriever
        self.extractive = ExtractiveGenerator(retriever.lexical, retriever.dense_similarity)
        self.llm = LLMClient(llm, settings.llm_backend) if llm is not None else None
        self.backend = settings.llm_backend if llm is not None else "extractive"
        self.threshold = settings.abstain_threshold  # 0 = answerability's calibrated default
        self._mozaiek = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, embedder=None) -> Assistant:
        """Open the existing index with the configured model and backend."""
        from assistant.embeddings import make_embedder
        from assistant.store import Store

        settings = settings or Settings.from_env()
        llm = make_llm(settings)  # fail on a bad backend before loading anything heavy
        embedder = embedder or make_embedder(settings)
        store = Store.open_for_reading(settings, embedder.model_id)
        return cls(Retriever(store, embedder), settings, llm)

    # ---- search --------------------------------------------------------------------------

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None,
               bouwstenen: Sequence[str] | None = None, mode: str = "hybrid") -> list[Passage]:
        return [to_passage(c, s, d, lx)
                for c, s, d, lx in self.retriever.search(query, k, doc_ids, bouwstenen, mode)]

    # ---- answers -------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[dict] | None = None, mode: str = "answer",
            doc_ids: Sequence[str] | None = None) -> Answer:
        answer = None
        for event in self.ask_stream(question, history, mode, doc_ids):
            if event["type"] == "answer":
                answer = event["answer"]
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Sequence[dict] | None = None,
                   mode: str = "answer", doc_ids: Sequence[str] | None = None
                   ) -> Iterator[dict[str, Any]]:
        """Events: {'type': 'query'}, {'type': 'delta', 'text'}, finally {'type': 'answer'}."""
        question = validate_query(question)
        if mode not in MODES:
            raise InputError(f"Unknown mode {mode!r}. Known: {', '.join(MODES)}.")
        history = _validate_history(history)
        language = detect(question)
        query = self._standalone(question, history)
        yield {"type": "query", "query": query}
        found = self.retriever.search(query, 8, doc_ids)
        hits = [(c, s) for c, s, _, _ in found]
        extract = self.extractive.compose(query, hits)
        verdict = assess(question, extract.text, self._evidence(query, found, extract), language,
                         self.threshold)
        support = verdict.support

        if mode == "advice":
            from assistant.advice import advise_stream

            yield from advise_stream(self, question, query, language, hits, extract, support)
            return
        if not verdict.answerable or not extract.citations:
            answer = self._abstain(question, query, language, hits, support)
            yield {"type": "delta", "text": answer.text}
            yield {"type": "answer", "answer": answer}
            return
        if self.llm is None:
            for sentence in re.split(r"(?<=\.)\s+", extract.text):
                yield {"type": "delta", "text": sentence + " "}
            yield {"type": "answer", "answer": Answer(
                text=extract.text, citations=extract.citations, abstained=False, query=query,
                backend="extractive", question=question, language=language, support=support)}
            return
        yield from self._llm_answer(question, query, language, hits, support)

    # ---- data ----------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        docs: dict[str, dict[str, Any]] = {}
        for c in self.retriever.chunks:
            d = docs.setdefault(c.doc_id, {"doc_id": c.doc_id, "title": c.title, "chunks": 0,
                                           "language": c.extra.get("language", ""),
                                           "kind": c.extra.get("kind", ""),
                                           "also_in": list(c.also_in)})
            d["chunks"] += 1
        return sorted(docs.values(), key=lambda d: d["doc_id"])

    def mozaiek(self):
        """The Netwerkmozaïek as extracted from the corpus at ingest."""
        if self._mozaiek is None:
            from assistant.mozaiek import Mozaiek

            self._mozaiek = Mozaiek.from_store(self.retriever.store, self.retriever)
        return self._mozaiek

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "chunks": len(self.retriever.chunks),
                "documents": len(self.retriever.doc_ids),
                "embed_model": self.retriever.embedder.model_id, "backend": self.backend}

    # ---- internals -----------------------------------------------------------------------

    def _standalone(self, question: str, history: list[dict]) -> str:
        if not history:
            return question
        if self.llm is not None and is_follow_up(question):
            rewritten = self.llm.complete([("user", condense_prompt(history, question))]).strip()
            return rewritten.splitlines()[0].strip() if rewritten else question
        return standalone_query(question, history)

    def _evidence(self, query: str, found, extract) -> Evidence:
        top = max((d for _, _, d, _ in found), default=0.0)
        return Evidence(top_dense=top, coverage=extract.coverage,
                        window_z=self.retriever.window_z(query),
                        lexical_best=self.retriever.lexical_best(query),
                        unknown_words=tuple(self.retriever.vocabulary.unknown(query)))

    def _abstain(self, question, query, language, hits, support) -> Answer:
        related = [to_passage(c, s) for c, s in hits[:3]]
        return Answer(text=ABSTAIN_TEXT[language], citations=[], abstained=True, query=query,
                      backend=self.backend, question=question, language=language,
                      related=related, support=support)

    def _llm_answer(self, question, query, language, hits, support) -> Iterator[dict[str, Any]]:
        chunks = [c for c, _ in hits[:5]]
        parts = []
        for piece in self.llm.stream(answer_messages(question, chunks, language)):
            parts.append(piece)
            yield {"type": "delta", "text": piece}
        checked = check_citations("".join(parts), len(chunks), language)
        citations = [citation_for(n, chunks[n - 1], best_quote(checked.text, n, chunks[n - 1]))
                     for n in checked.cited]
        yield {"type": "answer", "answer": Answer(
            text=checked.text, citations=citations, abstained=not citations, query=query,
            backend=self.backend, question=question, language=language, flags=checked.flags,
            support=support, related=[] if citations else [to_passage(c, s) for c, s in hits[:3]])}


def best_quote(answer_text: str, n: int, chunk: StoredChunk) -> str:
    """The passage sentence closest (by shared words) to the answer sentences citing [n]."""
    from ingest.chunk import split_sentences

    citing = " ".join(s for s in re.split(r"(?<=[.!?])\s+", answer_text) if f"[{n}]" in s)
    words = set(re.findall(r"\w{3,}", citing.casefold()))
    best, best_score = "", -1.0
    for start, end in split_sentences(chunk.text):
        sent = chunk.text[start:end].strip()
        score = len(words & set(re.findall(r"\w{3,}", sent.casefold())))
        if score > best_score:
            best, best_score = sent, score
    return best


def to_passage(c: StoredChunk, score: float, dense: float = 0.0, lexical: float = 0.0) -> Passage:
    return Passage(chunk_id=c.chunk_id, doc_id=c.doc_id, title=c.title, section=c.section,
                   text=c.text, score=round(float(score), 4), bouwstenen=list(c.bouwstenen),
                   dense_score=round(float(dense), 4), lexical_score=round(float(lexical), 4),
                   start=c.start, end=c.end)


def _validate_history(history) -> list[dict]:
    if not history:
        return []
    out = []
    for turn in history:
        if not isinstance(turn, dict) or "content" not in turn:
            raise InputError("history must be a list of {'role': 'user'|'assistant', 'content': str}.")
        out.append({"role": str(turn.get("role", "user")), "content": str(turn["content"])})
    return out


__all__ = ["Assistant"]
