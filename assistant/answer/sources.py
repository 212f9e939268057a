"""Numbered sources: the passages an answer may cite as [1], [2], … and the checks on
the citations an answer actually makes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import seams
from assistant.store import StoredChunk
from assistant.types import Citation

CITATION = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class CheckedText:
    text: str
    cited: list[int]  # source numbers used, in order of first use
    flags: list[str]


def check_citations(text: str, n_sources: int, language: str = "nl") -> CheckedText:
    """Remove [n] that point to no source and flag sentences that cite nothing."""
    flags: list[str] = []

    def keep(m: re.Match) -> str:
        n = int(m.group(1))
        if 1 <= n <= n_sources:
            return m.group(0)
        flags.append(f"removed citation [{n}]: there is no source {n}")
        return ""

    cleaned = CITATION.sub(keep, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    cited: list[int] = []
    for m in CITATION.finditer(cleaned):
        n = int(m.group(1))
        if n not in cited:
            cited.append(n)
    for sentence in _claims(cleaned):
        if not CITATION.search(sentence):
            flags.append(f"uncited sentence: {sentence[:80]}")
    return CheckedText(cleaned, cited, flags)


def _claims(text: str) -> list[str]:
    """Sentences that state something (headings, list labels and questions excluded)."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("-*• ").strip()
        if not line or line.startswith("#") or line.endswith(":") or len(line.split()) < 4:
            continue
        # not assistant.text.sentences: a citation trailing the full stop ("… zegt
        # Kenis. [2]") belongs to the sentence before it, which that splitter would cut off
        for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z“‘\"(])", line):
            sent = sent.strip()
            # a citation may trail the full stop: "… zegt Kenis. [2]"
            if sent and not CITATION.fullmatch(sent) and not sent.endswith("?") and len(sent.split()) >= 4:
                out.append(sent)
    return out


def citation_for(n: int, chunk: StoredChunk, quote: str) -> Citation:
    """The citation of ``quote`` (parts of the passage joined by " … "); where cleaning
    joined text the source file has apart (a sentence cut by a page header), the quote
    shows " … " too, so every part of it is word for word in the source."""
    quote = seams.mark(quote, chunk.text, seams.decode(chunk.extra.get("seams")))
    return Citation(n=n, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title,
                    section=chunk.section, quote=quote, passage=chunk.text)
