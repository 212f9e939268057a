"""Advice figures: `python -m assistant.advice.evaluate` (also called by `make eval`).

``evaluate(assistant, items)`` runs advice for each labelled situation (with its
history) and reports block precision/recall against the labels, the median words and
citations of an advice, the share of advices with layout leftovers, with a repeated
sentence, and cited, and the ratio of the median advice time to the median answer
time for the same questions. Run alone it prints the test split and the 5-fold
cross-validated selection figures beside today's behaviour before this selection (a
copy of the old similarity rule is kept here for that comparison only).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

LEFTOVER = re.compile(r"[•▪●◦■]|\b\w[\w ]{0,25} \| \S|^\s*[–—]\s|\bfoto\s*:|\bbeeld\s*:",
                      re.IGNORECASE | re.MULTILINE)
_MARKER = re.compile(r"\[\d+\]")


def leftovers(text: str) -> bool:
    return bool(LEFTOVER.search(text))


def repeated(text: str) -> bool:
    """Does a sentence (over four words) occur twice in the advice?"""
    seen = set()
    for s in re.split(r"(?<=[.?!])\s+|\n", _MARKER.sub("", text)):
        key = " ".join(re.findall(r"\w+", s.casefold()))
        if len(key.split()) <= 4:
            continue
        if key in seen:
            return True
        seen.add(key)
    return False


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", _MARKER.sub("", text)))


def _pr(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    tp = sum(len(c & g) for c, g in pairs)
    fp = sum(len(c - g) for c, g in pairs)
    fn = sum(len(g - c) for c, g in pairs)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def evaluate(assistant, items: list[dict]) -> dict:
    from assistant.advice import warm

    warm(assistant)
    pairs, n_words, n_cites, left, rep, cited, t_adv, t_ans = [], [], [], 0, 0, 0, [], []
    for item in items:
        history = item.get("history") or []
        assistant.retriever.clear_cache()
        t = time.perf_counter()
        assistant.ask(item["question"], history=history, mode="answer")
        t_ans.append(time.perf_counter() - t)
        assistant.retriever.clear_cache()
        t = time.perf_counter()
        ans = assistant.ask(item["question"], history=history, mode="advice")
        t_adv.append(time.perf_counter() - t)
        pairs.append(({b.name for b in ans.advice_blocks}, set(item["bouwstenen"])))
        n_words.append(_word_count(ans.text))
        n_cites.append(len(ans.citations))
        left += leftovers(ans.text)
        rep += repeated(ans.text)
        cited += bool(ans.citations) and bool(_MARKER.search(ans.text))
    n = len(items) or 1
    p, r = _pr(pairs)
    return {"n": len(items), "block_precision": p, "block_recall": r,
            "median_words": statistics.median(n_words) if n_words else 0,
            "median_citations": statistics.median(n_cites) if n_cites else 0,
            "share_layout_leftovers": left / n, "share_repeated_sentence": rep / n,
            "share_cited": cited / n,
            "advice_answer_time_ratio": (statistics.median(t_adv) / statistics.median(t_ans)
                                         if t_ans else 0.0),
            "advice_p50_s": statistics.median(t_adv) if t_adv else 0.0,
            "answer_p50_s": statistics.median(t_ans) if t_ans else 0.0}


def format_report(figures: dict, before: dict | None = None) -> str:
    lines = ["Advice (situations: building blocks vs labels, form of the advice)"]
    keys = [k for k in figures if k != "n"]
    head = f"  {'':<28}{'now':>8}" + (f"{'before':>9}" if before else "")
    lines.append(head + f"   (n={figures.get('n', '?')})")
    for k in keys:
        row = f"  {k:<28}{figures[k]:>8.3f}"
        if before and k in before:
            row += f"{before[k]:>9.3f}"
        lines.append(row)
    return "\n".join(lines)


# ---- the selection before the fitted model (comparison only) -------------------------------


def old_choose(assistant, question: str) -> set[str]:
    """The similarity rule advice used before: the blocks within 3% of the best block's
    fit (0.6 · best item + 0.4 · mean of the best three items), at most three."""
    from assistant.advice.blocktexts import block_texts

    texts = block_texts(assistant)
    sims = np.einsum("ij,j->i", texts.vectors, assistant.retriever.query_vector(question))
    fits = {}
    for b in texts.names:
        rows = np.concatenate([texts.rows(b, k) for k in ("explanation", "key", "deeper")])
        top = np.sort(sims[rows])[::-1][:3]
        fits[b] = 0.6 * top[0] + 0.4 * float(np.mean(top))
    ranked = sorted(fits, key=fits.get, reverse=True)
    best = fits[ranked[0]]
    return {b for b in ranked[:3] if fits[b] >= best * 0.97}


def selection_figures(assistant, items: list[dict]) -> dict:
    """Block precision/recall of the fitted selection and of the old rule, same items."""
    from assistant.advice.fit import query_of
    from assistant.advice.select import score

    new, old = [], []
    for item in items:
        q = query_of(item)
        gold = set(item["bouwstenen"])
        new.append((set(score(assistant, q).chosen), gold))
        old.append((old_choose(assistant, q), gold))
    (p, r), (op, orr) = _pr(new), _pr(old)
    return {"now": {"block_precision": p, "block_recall": r},
            "before": {"block_precision": op, "block_recall": orr}}


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.advice.config import MODEL_PATH
    from assistant.advice.fit import SITUATIONS, load

    parser = argparse.ArgumentParser(prog="python -m assistant.advice.evaluate")
    parser.add_argument("--situations", type=Path, default=SITUATIONS)
    parser.add_argument("--split", default="test")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from assistant.core import Assistant
    from assistant.errors import NetwerkwijzerError

    try:
        assistant = Assistant.from_settings()
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    items = [i for i in load(args.situations) if i["split"] == args.split]
    sel = selection_figures(assistant, items)
    figures = evaluate(assistant, items)
    print(format_report(figures, sel["before"]))
    fitted = json.loads(Path(MODEL_PATH).read_text(encoding="utf-8"))
    print(f"\nBlock selection, {args.split} split: now P {sel['now']['block_precision']:.3f} / "
          f"R {sel['now']['block_recall']:.3f}; before P {sel['before']['block_precision']:.3f} / "
          f"R {sel['before']['block_recall']:.3f}")
    print(f"5-fold CV on the train split (from fitting): P {fitted.get('cv_precision')} / "
          f"R {fitted.get('cv_recall')}")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "selection": sel}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
