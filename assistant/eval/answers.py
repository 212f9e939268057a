"""Answer figures: the three-state decision, answer points and citations.

``answer_records`` asks every question (with its history) and keeps what scoring needs;
``answer_scores`` turns records into the figures the issue's targets name:

- ``decision``: share of questions with the right decision (an answerable question is
  not 'not_covered', an unanswerable one is not 'answered');
- ``unanswerable_flagged``: unanswerable questions marked 'partial' or 'not_covered';
- ``answerable_not_covered`` / ``answerable_partial``: answerable questions so marked;
- ``points``: answer points found in the answer text (``score_answers.covered``; the
  citations' quotes do not count), over all answerable questions;
- ``citations_verbatim``: citation quotes found word for word in the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from statistics import median

from assistant.eval.datasets import scorer


def answer_records(assistant, items: Iterable[dict]) -> list[dict]:
    out = []
    for item in items:
        ans = assistant.ask(item["question"], history=item.get("history") or [])
        out.append({"id": item["id"], "status": ans.status, "text": ans.text, "query": ans.query,
                    "quotes": [c.quote for c in ans.citations]})
    return out


def answer_scores(items: list[dict], records: list[dict], sources: str) -> dict[str, float]:
    """``sources``: the folded text of every source (``score_answers.fold_sources``)."""
    sa = scorer()
    by_id = {r["id"]: r for r in records}
    right = n = 0
    unans = unans_flagged = 0
    ans_total = ans_nc = ans_partial = 0
    points = points_hit = 0
    quotes = quotes_ok = 0
    words = []
    for item in items:
        rec = by_id.get(item["id"])
        if rec is None:
            continue
        n += 1
        answerable = item["status"] == "answered"
        if answerable:
            ans_total += 1
            ans_nc += rec["status"] == "not_covered"
            ans_partial += rec["status"] == "partial"
            right += rec["status"] != "not_covered"
            for point in item.get("answer_points", []):
                points += 1
                points_hit += bool(sa.covered(point, rec["text"])) and rec["status"] != "not_covered"
            if rec["status"] != "not_covered":
                words.append(len(rec["text"].split()))
        else:
            unans += 1
            flagged = rec["status"] in ("partial", "not_covered")
            unans_flagged += flagged
            right += flagged
        for quote in rec["quotes"]:
            quotes += 1
            quotes_ok += bool(sa.quote_in_sources(quote, sources))
    return {
        "n": n,
        "decision": right / n if n else 0.0,
        "unanswerable_flagged": unans_flagged / unans if unans else 0.0,
        "answerable_not_covered": ans_nc / ans_total if ans_total else 0.0,
        "answerable_partial": ans_partial / ans_total if ans_total else 0.0,
        "points": points_hit / points if points else 0.0,
        "citations_verbatim": quotes_ok / quotes if quotes else 1.0,
        "median_words": float(median(words)) if words else 0.0,
    }


def grouped(items: list[dict], records: list[dict], sources: str,
            key: Callable[[dict], str]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {g: answer_scores(sub, records, sources) for g, sub in sorted(groups.items())}


TARGETS = {"decision": (">=", 0.92), "unanswerable_flagged": (">=", 0.85),
           "answerable_not_covered": ("<=", 0.05), "answerable_partial": ("<=", 0.15),
           "points": (">=", 0.60), "citations_verbatim": (">=", 1.0)}


def format_table(rows: dict[str, dict[str, float]], title: str) -> str:
    """rows: label → scores; columns are the target figures, with the target in the header."""
    cols = list(TARGETS)
    head = f"{title:<34}{'n':>5}" + "".join(f"{c[:22]:>24}" for c in cols)
    goal = f"{'target':<34}{'':>5}" + "".join(f"{TARGETS[c][0] + ' ' + format(TARGETS[c][1], '.2f'):>24}"
                                                for c in cols)
    lines = [head, goal]
    for label, s in rows.items():
        lines.append(f"{label:<34}{int(s['n']):>5}" + "".join(f"{s[c]:>24.2f}" for c in cols))
    return "\n".join(lines)
