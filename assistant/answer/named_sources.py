"""Which documents does a question name? ('Zijn het MKW-essay en het Platform31-magazine het
eens over …?', 'Vergelijk het interview met Kenis en de inleiding van zijn boek.')

A document is named by a word for its kind ('essay', 'magazine', 'interview', 'boek',
'jaarverslag', …, from the kind the library records for it) together with a word of its own
metadata that few other documents of that kind share ('MKW', 'Platform31', 'Kenis': its id,
title, subtitle or authors), or by the kind word alone when the library holds one document of
that kind. A kind word the question asks about names nothing ('In welk tijdschrift verscheen
het interview …?', 'Op welk boek steunt het essay …?').

A question that names two or more documents compares them: its answer quotes each of them
(``core.Assistant`` drafts it from each named document's two best passages for the question
without its naming words, ``topic``, and ``extractive`` quotes each document's best
sentence). Built once per library view from the first passage of every document (which
carries the document's metadata).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer.question import FUNCTION_WORDS, fold, words
from assistant.store import StoredChunk

# the words that name a document of each kind (the kinds ``ingest`` records: the manifest's
# `kind`, else the file type)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "essay": ("essay",),
    "magazine": ("magazine", "tijdschrift", "blad"),
    "interview": ("interview", "vraaggesprek"),
    "book": ("boek", "book"),
    "book chapter": ("boek", "inleiding", "hoofdstuk", "boekinleiding", "book", "introduction", "chapter"),
    "report": ("rapport", "report", "verslag", "onderzoeksrapport"),
    "annual report": ("jaarverslag", "jaarrapport", "report"),
    "minutes": ("notulen", "verslag", "minutes"),
    "agreement": ("overeenkomst", "convenant", "samenwerkingsovereenkomst", "agreement", "covenant"),
    "article": ("artikel", "article"),
    "pdf": ("pdf",),
    "docx": ("document",),
}
# a word of a document's metadata this many documents share at most still tells it apart
DISTINCT = 3
# what a kind word asks about rather than names: 'welk tijdschrift', 'which book'
_ASKED = re.compile(r"\b(?:welke?|which|what)\s+(\w+)")
_YEAR = re.compile(r"(?:19|20)\d\d")  # 'het jaarverslag 2024': the one number that names a document
# metadata words that name no document in particular (credits, the library's own topic)
_PLAIN = frozenset(("tekst", "beeld", "ondersteuning", "redactie", "text", "images", "inleiding"))


def _metadata_words(chunk: StoredChunk, titles: bool = True) -> set[str]:
    """The words of a document's id and authors (and, with ``titles``, of its title and
    subtitle) that may name it."""
    extra = chunk.extra or {}
    parts = [chunk.doc_id.replace("_", " "), str(extra.get("authors", ""))]
    if titles:
        parts += [chunk.title, str(extra.get("subtitle", ""))]
    return {w for w in words(" ".join(parts).replace("-", " ")) if len(w) >= 3 and w not in FUNCTION_WORDS
            and w not in _PLAIN and (not w.isdigit() or _YEAR.fullmatch(w))}


@dataclass
class DocumentNames:
    """The words that name each document of a library (see the module docstring)."""

    by_kind_word: dict[str, set[str]] = field(default_factory=dict)
    by_word: dict[str, set[str]] = field(default_factory=dict)  # any word of its metadata
    # the words of its id and authors only: a title's words ('baas' in 'Niemand zit te wachten
    # op een extra baas') may be what a question asks about, so they are not left out of it
    by_name_word: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, first_chunks: Sequence[StoredChunk]) -> DocumentNames:
        by_kind_word: dict[str, set[str]] = defaultdict(set)
        by_word: dict[str, set[str]] = defaultdict(set)
        by_name_word: dict[str, set[str]] = defaultdict(set)
        for chunk in first_chunks:
            kind = str((chunk.extra or {}).get("kind", "")).casefold()
            for w in KIND_WORDS.get(kind, (fold(kind),) if kind else ()):
                by_kind_word[w].add(chunk.doc_id)
            for w in _metadata_words(chunk):
                by_word[w].add(chunk.doc_id)
            for w in _metadata_words(chunk, titles=False):
                by_name_word[w].add(chunk.doc_id)
        return cls(dict(by_kind_word), dict(by_word), dict(by_name_word))

    def named(self, question: str) -> list[str]:
        """The documents ``question`` names, in the order of its words."""
        return self._naming(question)[0]

    def naming_words(self, question: str) -> set[str]:
        """The (folded) words of ``question`` that name the documents it names."""
        return self._naming(question)[1]

    def topic(self, question: str) -> str:
        """``question`` without the words that name documents ('Zijn het MKW-essay en het
        Platform31-magazine het eens over hoeveel je moet organiseren?' → 'Zijn het en het
        het eens over hoeveel je moet organiseren?'): what each document is searched for."""
        used = self._naming(question)[1]
        if not used:
            return question
        pattern = re.compile(r"(?<![\w-])[\w’'-]*\b(?:" + "|".join(map(re.escape, sorted(used, key=len, reverse=True)))
                             + r")\b[\w’'-]*", re.IGNORECASE)
        return " ".join(pattern.sub(" ", question).split())

    def _naming(self, question: str) -> tuple[list[str], set[str]]:
        asked = set(_ASKED.findall(fold(question)))
        toks = [w for w in words(question.replace("-", " ").replace("’s", " ")) if w not in asked]
        present = set(toks)
        out: list[str] = []
        used: set[str] = set()
        for w in toks:
            docs = self.by_kind_word.get(w)
            if not docs:
                continue
            telling = {t for t in present if t != w and len(self.by_word.get(t, ())) <= DISTINCT}
            if len(docs) > 1:
                docs = docs & {d for t in telling for d in self.by_word.get(t, ())}
            if docs:  # the kind word and the words of the named documents' ids and authors
                used |= {w} | {t for t in telling if self.by_name_word.get(t, set()) & docs}
            for d in sorted(docs):
                if d not in out:
                    out.append(d)
        return out, used
