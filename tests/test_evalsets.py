"""The answer calibration set (evalsets/answers.jsonl) is well formed: fields and values,
the minimum mix the issue asks for, gold quotes verbatim in the corpus (folded the way
../shared/eval/score_answers.py folds), answer points made of the gold quotes' own words,
gold quotes that survive ingest's cleaner, near-miss items whose asked fact was searched for
and is absent, and a stratified split.
No model and no index: these tests only read files."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import Counter

import pytest

from ingest.clean import clean
from tests.conftest import CORPUS, ROOT

ANSWERS = ROOT / "evalsets" / "answers.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score_answers.py"

FIELDS = {"id", "lang", "type", "wording", "status", "question", "history", "standalone", "gold",
          "answer_points", "category", "missing", "absent_check", "split"}
TYPES = {"factual", "conceptual", "howto", "cross_doc", "near_miss", "off_topic"}
CATEGORIES = {"number", "name", "publisher", "legal_form", "outcome", "date", "list_members", "amount", "place",
              "other"}
MINIMUMS = {"total": 230, "answered": 110, "everyday": 40, "partial": 65, "not_covered": 25, "en": 25, "followup": 25}


def _load_scorer():
    """The shared scorer when it lies beside the clone; otherwise the same folding, locally."""
    if SCORER.exists():
        spec = importlib.util.spec_from_file_location("score_answers", SCORER)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.fold, module.fold_sources, module.quote_in_sources, module.covered

    def fold(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        return " ".join(re.findall(r"\w+", text.replace("’", "'")))

    def fold_sources(raw: str) -> str:
        return fold(re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)) + " | " + fold(raw)

    def quote_in_sources(quote: str, folded_sources: str) -> bool:
        parts = [p for p in quote.split("…") if p.strip()]
        return bool(parts) and all(fold(p) in folded_sources for p in parts)

    def covered(point: str, answer_text: str) -> bool:
        words = [w for w in fold(point).split() if len(w) > 3 or w.isdigit()]
        have = set(fold(answer_text).split())
        prefixes = {w[:5] for w in have}
        hit = sum(1 for w in words if w in have or (len(w) > 4 and w[:5] in prefixes))
        return not words or hit / len(words) >= 0.6

    return fold, fold_sources, quote_in_sources, covered


fold, fold_sources, quote_in_sources, covered = _load_scorer()
ITEMS = [json.loads(line) for line in ANSWERS.read_text(encoding="utf-8").splitlines() if line.strip()]
DOCS = {p.name: fold_sources(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}
ALL_SOURCES = " | ".join(DOCS.values())
CLEANED = {p.name: fold_sources(clean(p.read_text(encoding="utf-8")).text) for p in sorted(CORPUS.glob("*.txt"))}


def is_followup(item: dict) -> bool:
    return bool(item["history"])


def by_id(status: str | None = None):
    chosen = [i for i in ITEMS if status is None or i["status"] == status]
    return pytest.mark.parametrize("item", chosen, ids=[i["id"] for i in chosen])


def test_ids_and_questions_are_unique():
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
    assert len({i["question"] for i in ITEMS}) == len(ITEMS)


@by_id()
def test_fields_and_values(item):
    assert set(item) == FIELDS
    # c: whole set, o: essay/interview/book, m: magazine, f: answerable value questions,
    # p: compound questions, e: definition questions about named entities, l: an item of a list
    # in the previous answer ("Leg de tweede eens uit.")
    assert re.fullmatch(r"[comfpelx]\d{3}", item["id"])
    assert item["lang"] in {"nl", "en"}
    assert item["type"] in TYPES
    assert item["wording"] in {"everyday", "text"}
    assert item["split"] in {"train", "test"}
    assert item["question"].strip()
    status, gold = item["status"], item["gold"]
    assert all(set(g) == {"doc", "quote"} and g["doc"] in DOCS for g in gold)
    if status == "answered":
        assert item["type"] not in {"near_miss", "off_topic"}
        assert gold and 1 <= len(item["answer_points"]) <= 3
        assert item["category"] == item["missing"] == "" and item["absent_check"] == []
    elif status == "partial":
        assert item["type"] == "near_miss" and item["category"] in CATEGORIES
        assert gold and item["missing"].strip() and item["absent_check"]
    else:
        assert status == "not_covered" and item["type"] == "off_topic" and item["category"] == "off_topic"
        assert gold == [] and item["answer_points"] == [] and item["absent_check"] == []


@by_id()
def test_followups_carry_history_and_standalone(item):
    if not is_followup(item):
        assert item["standalone"] == ""
        return
    assert [turn["role"] for turn in item["history"]] == ["user", "assistant"]
    assert all(turn["content"].strip() for turn in item["history"])
    assert item["standalone"].strip() and item["standalone"] != item["question"]


def test_minimum_mix():
    status = Counter(i["status"] for i in ITEMS)
    counts = {
        "total": len(ITEMS),
        "answered": status["answered"],
        "everyday": sum(i["status"] == "answered" and i["wording"] == "everyday" for i in ITEMS),
        "partial": status["partial"],
        "not_covered": status["not_covered"],
        "en": sum(i["lang"] == "en" for i in ITEMS),
        "followup": sum(is_followup(i) for i in ITEMS),
    }
    assert {k: v for k, v in counts.items() if v < MINIMUMS[k]} == {}
    # English questions and follow-ups are spread over the three states
    all_states = {"answered", "partial", "not_covered"}
    assert {i["status"] for i in ITEMS if i["lang"] == "en"} == all_states
    assert {i["status"] for i in ITEMS if is_followup(i)} == all_states


def test_every_document_is_used_roughly_by_length():
    used = Counter(g["doc"] for i in ITEMS for g in i["gold"])
    content_docs = [d for d in DOCS if not d.startswith("001_")]  # 001 is the OCR copy of 000
    assert all(used[d] >= 20 for d in content_docs)
    magazine = "003_4a83c0c9d3f0adb1.txt"
    assert used[magazine] == max(used.values())


@by_id()
def test_gold_quotes_are_verbatim(item):
    missing = [g["quote"] for g in item["gold"] if not quote_in_sources(g["quote"], DOCS[g["doc"]])]
    assert missing == []


@by_id()
def test_gold_quotes_survive_cleaning(item):
    # retrieval metrics look for the gold quote in the cleaned passages: it must still be there
    missing = [g["quote"] for g in item["gold"] if not quote_in_sources(g["quote"], CLEANED[g["doc"]])]
    assert missing == []


@by_id()
def test_answer_points_use_the_gold_quotes_words(item):
    # an extractive answer that quotes the gold passages must be able to make every point
    gold_text = " ".join(g["quote"] for g in item["gold"])
    assert [p for p in item["answer_points"] if not covered(p, gold_text)] == []


@by_id("partial")
def test_near_miss_search_terms_are_absent_from_the_corpus(item):
    assert all(term.strip() for term in item["absent_check"])
    assert [t for t in item["absent_check"] if fold(t) in ALL_SOURCES] == []


def test_split_is_stratified():
    test_share = sum(i["split"] == "test" for i in ITEMS) / len(ITEMS)
    assert 0.30 <= test_share <= 0.40
    for split in ("train", "test"):
        chosen = [i for i in ITEMS if i["split"] == split]
        assert {i["status"] for i in chosen} == {"answered", "partial", "not_covered"}
        assert {i["lang"] for i in chosen} == {"nl", "en"}
        assert any(is_followup(i) for i in chosen)
    strata = Counter((i["status"], i["lang"], is_followup(i)) for i in ITEMS)
    for key, size in strata.items():
        if size >= 10:
            share = sum(i["split"] == "test" for i in ITEMS if (i["status"], i["lang"], is_followup(i)) == key) / size
            assert 0.25 <= share <= 0.45, key
