"""Hybrid retrieval over the real corpus index."""

from __future__ import annotations

import re

import pytest

from assistant.errors import InputError
from assistant.lexical import Analyzer, LexicalIndex, split_compound
from ingest.dedup import containment, shingles


@pytest.mark.parametrize(
    ("query", "compound"),
    [("corporatie", "woningcorporaties"), ("netwerk", "organisatienetwerk"),
     ("samenwerking", "netwerksamenwerking")],
)
def test_dutch_compounds_are_found_lexically(assistant, query, compound):
    lex = assistant.retriever.lexical
    scores = lex.scores(query)
    chunks = assistant.retriever.chunks
    with_compound = [i for i, c in enumerate(chunks) if compound in c.text.casefold()]
    assert with_compound, f"corpus has no '{compound}'"
    assert all(scores[i] > 0 for i in with_compound)


def test_compounds_split_only_on_known_words():
    vocab = frozenset({"woning", "corporatie", "netwerk"})
    assert set(split_compound("woningcorporatie", vocab)) == {"corporatie", "woning"}
    assert split_compound("bestuur", vocab) == []


def test_query_words_unknown_alone_expand_to_compounds():
    lex = LexicalIndex(["De woningcorporaties werken samen.", "Een heel ander onderwerp."])
    assert lex.scores("corporatie")[0] > 0 and lex.scores("corporatie")[1] == 0


def test_the_compounds_of_an_unknown_query_word_are_the_words_it_begins_or_ends():
    lex = LexicalIndex(["De woningcorporaties en corporatiebesturen werken samen met de corporatie.",
                        "Netwerkcorporatie, corporatief, corporaal."])
    vocab = sorted(lex.vocab)
    for tok in ("corporat", "orporatie", "netwerk", "besturen", "woningcorporaties", "xyzzy"):
        scanned = sorted(v for v in vocab if v != tok and (v.startswith(tok) or v.endswith(tok)))
        assert lex._containing(tok) == scanned, tok  # the binary searches find what a scan finds


def test_a_query_compound_the_library_never_uses_is_searched_by_its_parts():
    lex = LexicalIndex(["Over samenwerking kun je lang praten, maar resultaten tellen.",
                        "De regels van de omgang zijn vastgelegd.", "Een heel ander onderwerp.",
                        "Hij praat veel in de club."])
    # 'omgangsregels' occurs nowhere: its head finds the passage on rules; a 'praatclub' is
    # a kind of club, not of talking
    assert "regel" in lex.query_terms("omgangsregels")
    assert "praat" in lex.vocab and "praat" not in lex.query_terms("praatclub")
    scores = lex.scores("Wanneer zet je de omgangsregels op papier?")
    assert scores[1] > 0 and scores[0] == 0 and scores[2] == 0
    # a word the library does use is not taken apart
    assert lex.query_terms("samenwerking") == lex.analyzer("samenwerking")


def test_analyzer_folds_accents_and_drops_stopwords():
    a = Analyzer()
    assert a("De ideeën van het netwerk") == a("ideeen netwerk")


def test_search_returns_passages_with_citable_fields(assistant):
    hits = assistant.search("Wat is een organisatienetwerk?", k=5)
    assert len(hits) == 5
    assert all(h.chunk_id and h.title and h.text and 0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_no_passage_appears_twice(assistant):
    for q in ("Niemand zit te wachten op een extra baas", "Kenis over de coronacrisis",
              "Lokaal Woonlastenakkoord Den Bosch uithuiszettingen"):
        hits = assistant.search(q, k=10)
        for i, a in enumerate(hits):
            for b in hits[i + 1:]:
                assert containment(shingles(b.text), shingles(a.text)) < 0.6, (q, a.doc_id, b.doc_id)


def test_english_question_finds_the_dutch_passage(assistant):
    hits = assistant.search("Why does Kenis say nobody is waiting for an extra boss?", k=5)
    assert any(re.search(r"extra baas", h.text) for h in hits)


def test_filters_by_document_and_building_block(assistant):
    hits = assistant.search("vertrouwen tussen partners", k=10, doc_ids=["mkw-essay"])
    assert hits and {h.doc_id for h in hits} == {"mkw-essay"}
    hits = assistant.search("vertrouwen tussen partners", k=5, bouwstenen=["binding"])
    assert hits and all("Binding" in h.bouwstenen for h in hits)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"query": "   "}, "empty"), ({"query": "x" * 2001}, "2000"),
     ({"query": "netwerk", "k": 0}, "between 1 and 50"),
     ({"query": "netwerk", "k": 51}, "between 1 and 50"),
     ({"query": "netwerk", "doc_ids": ["nope"]}, "Unknown document"),
     ({"query": "netwerk", "bouwstenen": ["Fundament"]}, "Unknown building block")],
)
def test_bad_search_input_is_refused_clearly(assistant, kwargs, message):
    with pytest.raises(InputError, match=message):
        assistant.search(**kwargs)


def test_one_sentence_of_a_long_passage_finds_it_through_its_window(assistant):
    """Dense search alone, the query a sentence from the middle of a long passage: with the
    sentence windows the passage comes first for all but at most one of the sample (and in
    the top 3 always; a generic sentence may sit as close to a neighbouring passage); its
    whole-chunk vector alone (window weight 0) ranks it lower for some."""
    from assistant.retrieval import Retriever, Weights
    from ingest.pipeline import window_texts

    windowed = assistant.retriever
    whole = Retriever(windowed.store, windowed.embedder, Weights(window=0.0))
    long_chunks = [c for c in windowed.chunks if len(window_texts(c)) >= 8][::7][:10]
    assert len(long_chunks) >= 5

    def rank(retriever, query, chunk_id):
        hits = retriever.search(query, k=20, mode="dense")
        return next((i for i, (c, *_) in enumerate(hits, 1) if c.chunk_id == chunk_id), 99)

    ranks = []
    for chunk in long_chunks:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", chunk.text) if len(s.split()) >= 6]
        query = sentences[len(sentences) // 2]
        ranks.append((rank(windowed, query, chunk.chunk_id), rank(whole, query, chunk.chunk_id)))
    assert sum(w == 1 for w, _ in ranks) >= len(ranks) - 1 and all(w <= 3 for w, _ in ranks), ranks
    assert sum(o for _, o in ranks) > sum(w for w, _ in ranks), ranks
