"""Retrieval figures: hit@1/3/5/10 and MRR@10 by question type for hybrid, dense-only and
BM25-only in the same run. A retrieved passage counts as gold when it contains most of
a gold quote (word-bigram containment ≥ 0.5 after folding case, accents and hyphenation).
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.retrieval import MODES  # the search modes, named once
from assistant.text.fold import fold as fold_words

KS = (1, 3, 5, 10)


def fold(text: str) -> str:
    """The shared fold, and more: a scorer compares words, so hyphenation and
    punctuation go too and the words are joined by single spaces."""
    text = fold_words(text)
    text = re.sub(r"-\s+", "", text)  # hyphenation left in a quote
    return " ".join(re.findall(r"\w+", text))


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = fold(text).split()
    return set(zip(words, words[1:], strict=False)) if len(words) > 1 else {(w, "") for w in words}


def contains_quote(passage: str, quote: str, threshold: float = 0.5) -> bool:
    q = _bigrams(quote)
    return bool(q) and len(q & _bigrams(passage)) / len(q) >= threshold


def gold_rank(assistant, item: dict, mode: str = "hybrid", query: str | None = None) -> int | None:
    """Rank (1-based, within 10) of the first passage holding a gold quote, or None."""
    hits = assistant.search(query or item["question"], k=10, mode=mode)
    return next((r for r, h in enumerate(hits, 1)
                 if any(contains_quote(h.text, g["quote"]) for g in item["gold"])), None)


def retrieval_scores(assistant, items: list[dict], group=lambda item: item["type"],
                     query_for=lambda item: item["question"]) -> dict[str, dict[str, dict[str, float]]]:
    """mode → group (question type by default; 'all' too) → metric → value, for the
    answerable items (status 'answered', or gold quotes without a status)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for mode in MODES:
        per_type: dict[str, list[int | None]] = defaultdict(list)
        for item in items:
            if not item["gold"] or item.get("status", "answered") != "answered":
                continue
            query = query_for(item)
            rank = gold_rank(assistant, item, mode, query)
            per_type[group(item)].append(rank)
            per_type["all"].append(rank)
        out[mode] = {t: _rank_metrics(ranks) for t, ranks in per_type.items()}
    return out


def _rank_metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    m = {f"hit@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    m["mrr@10"] = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    m["n"] = len(ranks)
    return m


