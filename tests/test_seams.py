"""Quotes are word for word in the source file, also where cleaning joined a sentence
that a page header cut in two."""

from __future__ import annotations

import re
import unicodedata

from assistant.answer.sources import citation_for
from assistant.seams import decode, encode, fold_source, mark, seams
from assistant.text.sentences import split_sentences
from tests.conftest import CORPUS

RAW = ("komt dan alleen. Dat is een groot offer. Maar het is \n\nbelangrijk om dit offer te "
       "brengen en om daarover \n\nMeer bereiken met organisatienetwerken / Partners moeten\n\n"
       "afspraken te maken. Een woord af-\nbreken mag.")
PASSAGE = ("Dat is een groot offer. Maar het is belangrijk om dit offer te brengen en om daarover "
           "afspraken te maken. Een woord afbreken mag.")


def _fold(text: str) -> str:  # the held-out scorer's reading of a quote
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"\w+", "".join(ch for ch in text if not unicodedata.combining(ch))))


def test_a_sentence_cut_by_a_page_header_is_quoted_with_an_ellipsis():
    cuts = seams(PASSAGE, fold_source(RAW))
    assert [PASSAGE[c:].split()[0] for c in cuts] == ["afspraken"]
    quote = "Maar het is belangrijk om dit offer te brengen en om daarover afspraken te maken."
    assert mark(quote, PASSAGE, cuts) == ("Maar het is belangrijk om dit offer te brengen en om daarover "
                                          "… afspraken te maken.")
    # a quote without a seam inside, and the hyphen over a line end, stay as they are
    assert mark("Dat is een groot offer.", PASSAGE, cuts) == "Dat is een groot offer."
    assert mark("Een woord afbreken mag.", PASSAGE, cuts) == "Een woord afbreken mag."
    assert decode(encode(cuts)) == cuts and decode("") == () and decode("x,1") == ()


def test_every_sentence_of_the_corpus_index_is_quoted_verbatim(assistant):
    sources = " | ".join(_fold(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt")))
    sources += " | " + _fold(re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))))
    wrong, marked = [], 0
    for chunk in assistant.retriever.chunks:
        for a, b in split_sentences(chunk.text):
            quote = citation_for(1, chunk, chunk.text[a:b]).quote
            marked += " … " in quote
            if not all(_fold(part) in sources for part in quote.split(" … ") if part.strip()):
                wrong.append(quote[:100])
    assert wrong == []
    assert marked >= 1  # the corpus has sentences cut by a page header
