"""``Assistant``: the one object users of the Python API start from.

It owns the retriever (store + embedder + lexical index), the tunables (``Config``) and
the answer backend (``backends.AnswerBackend``, named by ``settings.llm_backend``), and
turns questions into ``Passage`` lists and ``Answer`` objects. UI, REST and CLI are
thin layers over it.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np

from assistant.advice.blocktexts import BlockTextsCache
from assistant.answer import frames
from assistant.answer.extractive import Draft, ExtractiveGenerator, missing_sentence
from assistant.answer.named_sources import DocumentNames
from assistant.answer.question import Question, acronyms, analyse, content_words, full_name, names_asked
from assistant.answerability import AnswerabilityModel, Verdict
from assistant.backends import AnswerBackend, AnswerTask, make_backend
from assistant.config import Config
from assistant.errors import InputError
from assistant.events import AnswerEvent, DeltaEvent, Event, QueryEvent, deltas
from assistant.followup import context_words, is_follow_up, previous_answer, resolve_listed
from assistant.language import detect
from assistant.passages import excerpt, to_passage
from assistant.retrieval import MAX_QUERY_CHARS, Retriever, open_index, validate_query
from assistant.settings import Settings
from assistant.text.glossary import LazyGlossary
from assistant.types import Answer, Passage

MODES = ("answer", "advice")


@dataclass(frozen=True)
class Assessment:
    query: str
    question: Question
    draft: Draft
    verdict: Verdict
    found: list


ABSTAIN_TEXT = frames.NOT_COVERED


class Assistant:
    def __init__(self, retriever: Retriever, settings: Settings, backend: AnswerBackend | None = None,
                 config: Config | None = None, answerability: AnswerabilityModel | None = None):
        """``backend``: who writes answers (default: the one ``settings.llm_backend`` names,
        built by ``backends.make_backend``). ``config``: the tunables (default: ``Config``
        with the retriever's weights); its ``retrieval`` section is what the retriever fuses
        with: a retriever built with other weights is used through a copy that shares its
        index and caches."""
        self.settings = settings
        self.config = config or Config(retrieval=retriever.weights)
        if retriever.weights != self.config.retrieval:
            retriever = copy.copy(retriever)
            retriever.weights = self.config.retrieval
        self.retriever = retriever
        self.extractive = ExtractiveGenerator(retriever, self.config.compose)
        self.answerability = answerability or AnswerabilityModel.load()
        if backend is None:
            backend = make_backend(settings, self.config.compose)
        elif not isinstance(backend, AnswerBackend):
            raise TypeError(f"backend must be an AnswerBackend (assistant.backends), not {type(backend).__name__}; "
                            "build one with assistant.backends.make_backend(settings).")
        self.backend: AnswerBackend = backend
        self._mozaiek = None
        self.advice_cache = BlockTextsCache()  # the mozaiek's texts and vectors, built at first advice
        self.glossary = LazyGlossary(settings.dictionary_dir)  # English words in Dutch, at the first English question
        self._views: dict[frozenset[str], Assistant] = {}
        self._views_lock = threading.Lock()
        self._names: tuple[tuple[str, ...], DocumentNames] | None = None  # see document_names()
        self._names_lock = threading.Lock()

    def scoped(self, collections: Iterable[str] | None) -> Assistant:
        """The Assistant as one reader sees it: search, answers, advice, handouts, documents
        and counts over the passages of ``collections`` only (None: everything). Views share
        the index and models and are kept per set of collections."""
        if collections is None:
            return self
        key = frozenset(collections)
        with self._views_lock:
            view = self._views.get(key)
            if view is None:
                view = copy.copy(self)
                view.retriever = self.retriever.scoped(key)
                view.extractive = copy.copy(self.extractive)  # same ranker and tuning, the view's passages
                view.extractive.retriever = view.retriever
                view._views, view._mozaiek, view._names = {}, None, None
                view._names_lock = threading.Lock()
                view.advice_cache = BlockTextsCache()  # its own, from the view's mozaiek() (checks access)
                self._views[key] = view
        return view

    @classmethod
    def from_settings(cls, settings: Settings | None = None, config: Config | None = None,
                      embedder=None) -> Assistant:
        """Open the existing index with the configured model and backend, tuned by ``config``
        (default: ``Config()``)."""
        from assistant.embeddings import make_embedder
        from assistant.store import Store

        settings = settings or Settings.from_env()
        config = config or Config()
        backend = make_backend(settings, config.compose)  # fail on a bad backend before loading anything heavy
        embedder = embedder or make_embedder(settings)
        store = Store.open_for_reading(settings, embedder.model_id)
        model = AnswerabilityModel.load(Path(settings.answerability_model)) if settings.answerability_model \
            else AnswerabilityModel.load()
        return cls(Retriever(store, embedder, weights=config.retrieval, index=open_index(store, settings)),
                   settings, backend, config=config, answerability=model)

    # ---- search --------------------------------------------------------------------------

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None,
               bouwstenen: Sequence[str] | None = None, mode: str = "hybrid") -> list[Passage]:
        return [to_passage(c, s, d, lx)
                for c, s, d, lx in self.retriever.search(query, k, doc_ids, bouwstenen, mode,
                                                         lexical_query=self.lexical_query(query))]

    def lexical_query(self, query: str) -> str | None:
        """An English query with the Dutch words of its content words, for the lexical side
        of retrieval (None: search the query as it is)."""
        if not isinstance(query, str) or detect(query) != "en":
            return None
        names = acronyms(query)  # 'What about the MOM in Tilburg …': no 'mam'
        extra = self.glossary.get().expand([w for w in content_words(query) if w not in names])
        return f"{query} {' '.join(extra)}" if extra else None

    # ---- answers -------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[dict] | None = None, mode: str = "answer",
            doc_ids: Sequence[str] | None = None) -> Answer:
        answer = None
        for event in self.ask_stream(question, history, mode, doc_ids):
            if isinstance(event, AnswerEvent):
                answer = event.answer
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Sequence[dict] | None = None,
                   mode: str = "answer", doc_ids: Sequence[str] | None = None
                   ) -> Iterator[Event]:
        """Events (``assistant.events``): a ``QueryEvent``, ``DeltaEvent`` pieces, finally an
        ``AnswerEvent``.

        One way through: validate (everything, before the first event) → rewrite a
        follow-up → retrieve once → (advice for a described situation) → draft → decide
        answered / partial / not covered → compose → check citations."""
        question = validate_query(question)
        if mode not in MODES:
            raise InputError(f"Unknown mode {mode!r}. Known: {', '.join(MODES)}.")
        history = _validate_history(history)
        doc_ids = self.retriever.check_doc_ids(doc_ids)
        language = detect(question)
        query = self.standalone(question, history)
        yield QueryEvent(query)
        found = self.retriever.search(query, self.config.query.search_k, doc_ids,
                                      lexical_query=self.lexical_query(query))

        note = ""
        if mode == "advice":
            from assistant import advice

            if advice.is_situation(question, history):
                yield from advice.advise_stream(self, question=question, query=query, language=language,
                                                found=found, history=history, doc_ids=doc_ids)
                return
            note = advice.HEADINGS[language]["factual"]
            yield DeltaEvent(note + "\n\n")

        from assistant.advice import blockquestion

        asked = resolve_listed(question, history)  # 'Leg de tweede eens uit.' → 'Leg Waarde eens uit.'
        # 'Welke bouwsteen gaat over geld?', 'Wat houdt de bouwsteen Waarde in?': from the mozaiek itself
        answer = blockquestion.answer(self, asked, query, language, doc_ids, self.backend.name)
        if answer is not None:
            answer.note = note
            yield DeltaEvent(answer.text)
            yield AnswerEvent(answer)
            return
        q, draft, verdict = self._assess(question, history, language, query, found, asked, doc_ids)
        if verdict.status != "not_covered":
            task = AnswerTask(asked, query, language, q, draft, verdict.status,
                              missing=missing_sentence(draft, language, self.config.compose)
                              if verdict.status == "partial" else "",
                              advice_pointer=q.advice_like and mode == "answer")
            answer = yield from deltas(self.backend.answer(task))
        if answer is None:  # not covered, or the backend wrote nothing it could cite
            answer = self._abstain(question, query, language, draft.hits, draft.features["top_dense"],
                                   draft.unknown_names)
        answer.note = note
        yield AnswerEvent(answer)

    def assess(self, question: str, history: Sequence[dict] | None = None,
               doc_ids: Sequence[str] | None = None) -> Assessment:
        """Everything the answer rests on, without composing it: the standalone query, what
        the question asks, the extractive draft and the answered / partial / not-covered
        verdict (the evaluation and ``make calibrate`` read this)."""
        question = validate_query(question)
        history = _validate_history(history)
        doc_ids = self.retriever.check_doc_ids(doc_ids)
        language = detect(question)
        query = self.standalone(question, history)
        found = self.retriever.search(query, self.config.query.search_k, doc_ids,
                                      lexical_query=self.lexical_query(query))
        q, draft, verdict = self._assess(question, history, language, query, found, doc_ids=doc_ids)
        return Assessment(query, q, draft, verdict, found)

    def _assess(self, question, history, language, query, found, asked: str | None = None,
                doc_ids: Sequence[str] | None = None):
        # 'Leg de tweede eens uit.' is asked as 'Leg Waarde eens uit.' (an item of a recent list);
        # the list's own sentence may be quoted again, with what else the sources say of it
        if asked is None:
            asked = resolve_listed(question, history)
        q = analyse(asked, language,
                    context=" ".join(context_words(question, history, self.config.query.context_words)),
                    dutch=self.glossary.get().dutch if language == "en" else None)
        avoid = [previous_answer(history)] if history and asked == question else []
        # 'Zijn het MKW-essay en het Platform31-magazine het eens over …?': each named document
        # is quoted, its best passage among those the answer is drafted from
        names = self.document_names()
        compared = [d for d in names.named(asked) if not doc_ids or d in doc_ids]
        if len(compared) > 1:
            # each searched for the topic alone: 'het MKW-essay' finds the essay's opening, not
            # what it says on the topic
            draft_query = names.topic(query)
            found = self._with_documents(draft_query, compared, doc_ids)
            naming = names.naming_words(query)
            q = replace(q, focus={w: v for w, v in q.focus.items() if w not in naming} or q.focus)
        else:
            compared, draft_query = [], query
        draft = self.extractive.draft(draft_query, q, found, avoid=avoid, spread=compared)
        # 'Hoe werkt het wijknetwerk in Zwolle?': a name no document mentions is not covered,
        # however close the passages on wijknetwerken come
        draft.unknown_names = [n for n in names_asked(asked, language) if not self.retriever.mentions(n)]
        draft.features["unknown_names"] = float(len(draft.unknown_names))
        return q, draft, self.answerability.decide(draft.features)

    # ---- data ----------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every readable document with its passages; ``also_in``: the copies whose passages
        were collapsed into this one; ``merged_into``: where this document's collapsed
        passages are kept (document id → passages). A copy whose every passage was
        collapsed is listed too, with 0 passages, so no document disappears silently."""
        docs: dict[str, dict[str, Any]] = {}
        merged: dict[str, dict[str, int]] = {}
        r = self.retriever
        first = {c.doc_id: c for c in r.first_chunks()}
        cat = r.catalogue
        for i in np.flatnonzero(r.visible_rows()).tolist():
            doc_id, c = cat.docs[i], first.get(cat.docs[i])
            d = docs.get(doc_id)
            if d is None:
                extra = c.extra if c is not None else {}
                d = docs[doc_id] = {"doc_id": doc_id, "title": c.title if c is not None else doc_id, "chunks": 0,
                                    "collection": cat.collections[i], "language": extra.get("language", ""),
                                    "kind": extra.get("kind", ""), "also_in": [],
                                    "ingested": str(extra.get("ingested", ""))}
            d["chunks"] += 1
            for other in cat.also_in[i]:
                if other not in d["also_in"]:
                    d["also_in"].append(other)
                into = merged.setdefault(other, {})
                into[doc_id] = into.get(doc_id, 0) + 1
        for doc_id, into in merged.items():
            kept = docs[next(iter(into))]
            docs.setdefault(doc_id, {"doc_id": doc_id, "title": doc_id, "chunks": 0,
                                     "collection": kept["collection"], "language": kept["language"],
                                     "kind": "", "also_in": [], "ingested": kept["ingested"]})
        for d in docs.values():
            d["merged_into"] = merged.get(d["doc_id"], {})
        return sorted(docs.values(), key=lambda d: d["doc_id"])

    def collapsed(self) -> list[dict[str, Any]]:
        """Every readable passage kept once for several documents: the document it is kept
        in, the copies it stands for, and its opening words."""
        return [{"chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": c.title, "also_in": list(c.also_in),
                 "excerpt": excerpt(c.text)} for c in self.retriever.collapsed_chunks()]

    def mozaiek(self):
        """The Netwerkmozaïek as extracted from the corpus at ingest."""
        if self._mozaiek is None:
            from assistant.errors import IndexMissingError
            from assistant.mozaiek import Mozaiek

            moz = Mozaiek.from_store(self.retriever.store, self.retriever)
            if self.retriever.collections is not None and not {b.doc_id for b in moz.blocks} <= set(
                    self.retriever.doc_ids):
                raise IndexMissingError("Het Netwerkmozaïek staat in een collectie die je niet mag lezen; "
                                        "vraag een beheerder om toegang.")
            self._mozaiek = moz
        return self._mozaiek

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "chunks": self.retriever.count(),
                "documents": len(self.retriever.doc_ids),
                "embed_model": self.retriever.embedder.model_id, "backend": self.backend.name}

    # ---- internals -----------------------------------------------------------------------

    def standalone(self, question: str, history: Sequence[dict] | None) -> str:
        """The search query for a question: itself, or a follow-up rewritten against the history."""
        if not history or not is_follow_up(question, history):
            return question
        return self.backend.rewrite(question, history, self.config.query.context_words)[:MAX_QUERY_CHARS]

    def document_names(self) -> DocumentNames:
        """The words that name each readable document (built once per library view)."""
        key = tuple(self.retriever.doc_ids)
        with self._names_lock:
            if self._names is None or self._names[0] != key:
                self._names = (key, DocumentNames.of(self.retriever.first_chunks()))
            return self._names[1]

    def _with_documents(self, topic: str, compared: Sequence[str], doc_ids: Sequence[str] | None = None) -> list:
        """The passages an answer comparing the documents ``compared`` is drafted from: the two
        best of each for ``topic``, in turns, then the best of the others the document filter
        ``doc_ids`` lets through."""
        lexical = self.lexical_query(topic)
        per_doc = [self.retriever.search(topic, 2, [d], lexical_query=lexical) for d in compared]
        found = self.retriever.search(topic, self.config.query.search_k, doc_ids or None, lexical_query=lexical)
        out, seen = [], set()
        for hit in [h for pair in zip_longest(*per_doc) for h in pair if h is not None] + list(found):
            if hit[0].chunk_id not in seen:
                seen.add(hit[0].chunk_id)
                out.append(hit)
        return out

    def _abstain(self, question, query, language, hits, support, unknown: Sequence[str] = ()) -> Answer:
        related = [to_passage(c, s) for c, s in hits[:3]]
        text = ABSTAIN_TEXT[language]
        if unknown:
            named = list(dict.fromkeys(full_name(question, n) for n in unknown))
            text = frames.unknown_names(named, language) + " " + text
        return Answer(text=text, citations=[], abstained=True, query=query,
                      backend=self.backend.name, question=question, language=language,
                      related=related, support=support, status="not_covered")


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

