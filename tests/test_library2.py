"""The second test library (evalsets/library2): its files build, ingest reads them cleanly, and its
questions hold what they claim (gold quotes verbatim in the extracted text, near-miss facts absent)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest

from evalsets.library2 import build as library2
from ingest.sources import discover, read_text

QUESTIONS = Path(library2.__file__).parent / "questions.jsonl"
STATUSES = {"answered", "partial", "not_covered"}
TYPES = {"factual", "conceptual", "howto", "near_miss", "off_topic"}
CATEGORIES = {"number", "name", "publisher", "legal_form", "outcome", "date", "list_members", "amount", "place",
              "other"}


def fold(text: str) -> str:
    # The same folding as ../shared/eval/score_answers.py, so a quote found here is found by the scorer.
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text.replace("’", "'")))


def contains(folded_text: str, phrase: str) -> bool:
    return f" {fold(phrase)} " in f" {folded_text} "


def covered(point: str, text: str) -> bool:
    # score_answers.covered: 60% of the content words, matched on their first 5 letters.
    words = [w for w in fold(point).split() if len(w) > 3 or w.isdigit()]
    have = set(fold(text).split())
    prefixes = {w[:5] for w in have}
    return sum(1 for w in words if w in have or (len(w) > 4 and w[:5] in prefixes)) / max(len(words), 1) >= 0.6


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    paths = library2.build(tmp_path_factory.mktemp("library2"))
    return {p.name: p for p in paths}


@pytest.fixture(scope="module")
def texts(built) -> dict[str, str]:
    return {name: fold(read_text(path)) for name, path in built.items()}


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _source_words(spec: library2.Spec) -> str:
    """The words of a source in the order the reader extracts them (Word tables come last)."""
    blocks = library2.parse((library2.SOURCES / spec.source).read_text(encoding="utf-8"))
    body = [b.text for b in blocks if b.kind != "table"]
    cells = [c for b in blocks if b.kind == "table" for row in b.rows for c in row]
    return fold(" ".join(body + cells))


def test_library_has_docx_and_pdf_and_ingest_discovers_every_file(built):
    suffixes = Counter(p.suffix for p in built.values())
    assert suffixes[".docx"] >= 2 and suffixes[".pdf"] >= 2
    found = discover([next(iter(built.values())).parent])
    assert found.skipped == []
    assert sorted(f.path.name for f in found.files) == sorted(built)
    assert any(docx.Document(str(p)).tables for p in built.values() if p.suffix == ".docx")


@pytest.mark.parametrize("spec", library2.DOCUMENTS, ids=lambda s: s.name)
def test_extracted_text_holds_every_word_of_the_source_in_order(spec, texts):
    # No word split, glued or lost by the PDF/DOCX round trip.
    assert texts[spec.name] == _source_words(spec)


def test_sources_are_short_documents():
    for spec in library2.DOCUMENTS:
        words = len((library2.SOURCES / spec.source).read_text(encoding="utf-8").split())
        assert 300 <= words <= 1200, (spec.source, words)


def test_pdfs_are_the_same_with_the_core_font(tmp_path, monkeypatch, texts):
    monkeypatch.setattr(library2, "DEJAVU", tmp_path / "no-fonts-here")
    for path in library2.build(tmp_path / "core"):
        if path.suffix == ".pdf":
            assert fold(read_text(path)) == texts[path.name]


def test_builds_are_reproducible(tmp_path, built):
    for path in library2.build(tmp_path):
        assert path.read_bytes() == built[path.name].read_bytes(), path.name


def test_question_counts(questions):
    status = Counter(q["status"] for q in questions)
    assert len(questions) >= 45
    assert status["answered"] >= 25 and status["partial"] >= 12 and status["not_covered"] >= 6
    assert sum(q["lang"] == "en" for q in questions) >= 6
    assert sum(bool(q["history"]) for q in questions) >= 5
    assert len({q["id"] for q in questions}) == len(questions)


def test_question_fields(questions):
    for q in questions:
        assert q["status"] in STATUSES and q["type"] in TYPES and q["lang"] in ("nl", "en"), q["id"]
        assert q["wording"] in ("everyday", "text") and q["split"] == "test", q["id"]
        assert bool(q["history"]) == bool(q["standalone"]), q["id"]
        if q["status"] == "answered":
            assert q["gold"] and 1 <= len(q["answer_points"]) <= 3, q["id"]
        elif q["status"] == "partial":
            assert q["type"] == "near_miss" and q["category"] in CATEGORIES, q["id"]
            assert q["gold"] and q["missing"] and q["absent_check"] and not q["answer_points"], q["id"]
        else:
            assert q["category"] == "off_topic" and not q["gold"] and q["missing"], q["id"]


def test_gold_quotes_are_verbatim_in_their_document(questions, texts):
    for q in questions:
        for gold in q["gold"]:
            assert gold["doc"] in texts, (q["id"], gold["doc"])
            assert fold(gold["quote"]) in texts[gold["doc"]], (q["id"], gold["quote"])


def test_answer_points_are_in_the_words_of_the_gold_quotes(questions):
    for q in questions:
        quotes = " ".join(g["quote"] for g in q["gold"])
        for point in q["answer_points"]:
            assert covered(point, quotes), (q["id"], point)


def test_near_miss_facts_are_absent_from_the_whole_library(questions, texts):
    library = " | ".join(texts.values())
    for q in questions:
        for term in q["absent_check"]:
            assert not contains(library, term), (q["id"], term)


def test_off_topic_questions_name_a_subject_the_library_never_mentions(questions, texts):
    # A guard against an "off-topic" question that the library does speak to (a place it knows is allowed).
    library = set(" | ".join(texts.values()).split())
    for q in questions:
        if q["status"] == "not_covered":
            words = {w for w in fold(q["question"]).split() if len(w) > 6}
            assert words - library, q["id"]
