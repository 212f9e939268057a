"""`python -m assistant.eval` (make eval): score retrieval, answers and advice on a
question set with gold passages (default: ../shared/eval/dev.jsonl).

Retrieval: hit@1/3/5/10 and MRR@10 by question type for hybrid, dense-only and
BM25-only in the same run. A retrieved passage counts as gold when it contains most
of a gold quote (word-bigram containment ≥ 0.5 after folding case, accents and
hyphenation). Answers: abstention precision/recall (unanswerable questions are the
positives), false abstentions, share of answer points covered, share of citation
quotes found verbatim in the stored sources. Advice: building-block precision/recall.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

KS = (1, 3, 5, 10)
MODES = ("hybrid", "dense", "lexical")
DEFAULT_SET = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev.jsonl"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"-\s+", "", text)  # hyphenation left in a quote
    return " ".join(re.findall(r"\w+", text))


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = fold(text).split()
    return set(zip(words, words[1:], strict=False)) if len(words) > 1 else {(w, "") for w in words}


def contains_quote(passage: str, quote: str, threshold: float = 0.5) -> bool:
    q = _bigrams(quote)
    return bool(q) and len(q & _bigrams(passage)) / len(q) >= threshold


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def retrieval_scores(assistant, items: list[dict]) -> dict[str, dict[str, dict[str, float]]]:
    """mode → question type ('all' too) → metric → value."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for mode in MODES:
        per_type: dict[str, list[tuple[int | None]]] = defaultdict(list)
        for item in items:
            if not item["gold"]:
                continue
            hits = assistant.search(item["question"], k=10, mode=mode)
            rank = next((r for r, h in enumerate(hits, 1)
                         if any(contains_quote(h.text, g["quote"]) for g in item["gold"])), None)
            per_type[item["type"]].append(rank)
            per_type["all"].append(rank)
        out[mode] = {t: _rank_metrics(ranks) for t, ranks in per_type.items()}
    return out


def _rank_metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    m = {f"hit@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    m["mrr@10"] = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    m["n"] = len(ranks)
    return m


def answer_scores(assistant, items: list[dict], corpus_texts: list[str]) -> dict[str, float]:
    tp = fp = fn = 0
    answerable = false_abst = 0
    points_total = points_hit = 0
    quotes_total = quotes_verbatim = 0
    supports: list[tuple[float, bool]] = []
    folded_corpus = [fold(t) for t in corpus_texts]
    for item in items:
        if item["type"] == "advice":
            continue
        ans = assistant.ask(item["question"])
        unanswerable = not item["gold"]
        supports.append((ans.support, unanswerable))
        if ans.abstained and unanswerable:
            tp += 1
        elif ans.abstained:
            fp += 1
        elif unanswerable:
            fn += 1
        if not unanswerable:
            answerable += 1
            false_abst += ans.abstained
            for point in item.get("answer_points", []):
                points_total += 1
                points_hit += _point_covered(point, ans.text + " " + " ".join(
                    c.passage for c in ans.citations))
        for c in ans.citations:
            for part in c.quote.split(" … "):
                quotes_total += 1
                quotes_verbatim += any(fold(part) in t for t in folded_corpus)
    return {
        "abstention_precision": tp / (tp + fp) if tp + fp else 0.0,
        "abstention_recall": tp / (tp + fn) if tp + fn else 0.0,
        "false_abstention_rate": false_abst / answerable if answerable else 0.0,
        "answer_points_covered": points_hit / points_total if points_total else 0.0,
        "citations_verbatim": quotes_verbatim / quotes_total if quotes_total else 0.0,
        "support_answerable_min": min((s for s, u in supports if not u), default=0.0),
        "support_unanswerable_max": max((s for s, u in supports if u), default=0.0),
    }


def _point_covered(point: str, text: str) -> bool:
    """Most of the point's content words (or numbers) occur in the answer or its sources."""
    words = [w for w in fold(point).split() if len(w) > 3 or w.isdigit()]
    if not words:
        return False
    have = set(fold(text).split())
    return sum(1 for w in words if w in have or any(h.startswith(w[:6]) for h in have)) / len(words) >= 0.5


def advice_scores(assistant, items: list[dict]) -> dict[str, float]:
    from assistant.advice import choose_blocks

    tp = fp = fn = 0
    for item in items:
        if item["type"] != "advice" or not item.get("bouwstenen"):
            continue
        chosen = {b.name for b in choose_blocks(assistant, item["question"])}
        gold = set(item["bouwstenen"])
        tp += len(chosen & gold)
        fp += len(chosen - gold)
        fn += len(gold - chosen)
    return {"block_precision": tp / (tp + fp) if tp + fp else 0.0,
            "block_recall": tp / (tp + fn) if tp + fn else 0.0}


def report(retrieval, answers, advice) -> str:
    lines = ["Retrieval (gold passage in top k)", ""]
    types = sorted({t for m in retrieval.values() for t in m}, key=lambda t: (t == "all", t))
    header = f"{'type':<13}{'n':>3}  " + "  ".join(
        f"{mode:>34}" for mode in MODES)
    lines.append(header)
    lines.append(f"{'':<18}" + "  ".join(f"{'h@1  h@3  h@5  h@10  mrr@10':>34}" for _ in MODES))
    for t in types:
        row = f"{t:<13}{int(retrieval['hybrid'][t]['n']):>3}  "
        for mode in MODES:
            m = retrieval[mode][t]
            row += f"{m['hit@1']:>10.2f}{m['hit@3']:>5.2f}{m['hit@5']:>5.2f}{m['hit@10']:>6.2f}" \
                   f"{m['mrr@10']:>8.2f}  "
        lines.append(row)
    lines += ["", "Answers (extractive unless an LLM backend is configured)"]
    lines += [f"  {k:<28}{v:.3f}" for k, v in answers.items()]
    if advice:
        lines += ["", "Advice (building blocks chosen vs the labels)"]
        lines += [f"  {k:<28}{v:.3f}" for k, v in advice.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m assistant.eval")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_SET)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if not args.dataset.exists():
        print(f"error: no question set at {args.dataset}; pass --dataset PATH", file=sys.stderr)
        return 2
    from assistant.core import Assistant
    from assistant.errors import NetwerkwijzerError

    try:
        assistant = Assistant.from_settings()
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    items = load(args.dataset)
    retrieval = retrieval_scores(assistant, items)
    answers = answer_scores(assistant, items, [c.text for c in assistant.retriever.chunks])
    try:
        advice = advice_scores(assistant, items)
    except ImportError:
        advice = {}
    print(report(retrieval, answers, advice))
    if args.json:
        args.json.write_text(json.dumps({"retrieval": retrieval, "answers": answers,
                                         "advice": advice}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
