"""`python -m assistant.calibrate` (make calibrate): fit the answerability model.

Reads the train split of ``evalsets/answers.jsonl``, computes each question's evidence
(``Assistant.assess``: the extractive draft's features) on the current index, and fits
the two logistic regressions of ``assistant.answerability`` (topic covered; asked fact
given). The thresholds are chosen on out-of-fold probabilities (5 folds over train) to
maximise right decisions while keeping answerable questions marked partial under 14%
and not-covered under 4%. Prints 5-fold cross-validated and test-split figures, and
writes ``assistant/answerability.json``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.answerability import (
    ANSWER_FEATURES,
    COVER_FEATURES,
    MODEL_PATH,
    AnswerabilityModel,
    fit_logistic,
)
from assistant.eval import datasets

MAX_ANSWERABLE_PARTIAL = 0.14
MAX_ANSWERABLE_NOT_COVERED = 0.04
GRID = np.round(np.arange(0.10, 0.91, 0.025), 3)
L2 = 1.0


def feature_rows(assistant, items: Sequence[dict]) -> list[tuple[dict, dict[str, float]]]:
    rows = []
    for item in items:
        found = assistant.assess(item["question"], history=item.get("history") or [])
        rows.append((item, dict(found.draft.features)))
    return rows


def fit(rows: list[tuple[dict, dict[str, float]]]) -> AnswerabilityModel:
    """Both regressions on all ``rows``; thresholds from out-of-fold probabilities."""
    t_cover, t_answer = choose_thresholds(rows)
    cover, answer = _fit_pair(rows)
    return AnswerabilityModel(replace(cover, threshold=t_cover), replace(answer, threshold=t_answer),
                              trained_on=f"evalsets/answers.jsonl, train split ({len(rows)} questions)")


def _fit_pair(rows):
    covered = [(i, f) for i, f in rows if i["status"] != "not_covered"]
    cover = fit_logistic([f for _, f in rows], _cover_labels(rows), COVER_FEATURES, L2)
    answer = fit_logistic([f for _, f in covered], [int(i["status"] == "answered") for i, _ in covered],
                          ANSWER_FEATURES, L2)
    return cover, answer


def _cover_labels(rows) -> list[int]:
    return [int(i["status"] != "not_covered") for i, _ in rows]


def out_of_fold(rows, k: int = 5) -> list[tuple[dict, float, float]]:
    """(item, P(covered), P(answered)) for every row, each from models fitted without its fold."""
    ids = {id(i): n for n, (i, _) in enumerate(rows)}
    out: list[tuple[dict, float, float] | None] = [None] * len(rows)
    for fold in datasets.folds([i for i, _ in rows], k):
        held = {id(i) for i in fold}
        train = [(i, f) for i, f in rows if id(i) not in held]
        cover, answer = _fit_pair(train)
        for item in fold:
            f = rows[ids[id(item)]][1]
            out[ids[id(item)]] = (item, cover.probability(f), answer.probability(f))
    return [o for o in out if o is not None]


def status_of(p_cover: float, p_answer: float, t_cover: float, t_answer: float) -> str:
    if p_cover < t_cover:
        return "not_covered"
    return "partial" if p_answer < t_answer else "answered"


def decision_figures(pairs: Sequence[tuple[dict, str]]) -> dict[str, float]:
    """The decision figures of ``assistant.eval.answers`` from (item, predicted status)."""
    answerable = [s for i, s in pairs if i["status"] == "answered"]
    unanswerable = [s for i, s in pairs if i["status"] != "answered"]
    right = sum(s != "not_covered" for s in answerable) + sum(s != "answered" for s in unanswerable)
    return {
        "n": len(pairs),
        "decision": right / len(pairs) if pairs else 0.0,
        "unanswerable_flagged": (sum(s != "answered" for s in unanswerable) / len(unanswerable)
                                 if unanswerable else 0.0),
        "answerable_not_covered": (sum(s == "not_covered" for s in answerable) / len(answerable)
                                   if answerable else 0.0),
        "answerable_partial": sum(s == "partial" for s in answerable) / len(answerable) if answerable else 0.0,
    }


def choose_thresholds(rows) -> tuple[float, float]:
    probs = out_of_fold(rows)
    best, best_value = (0.5, 0.5), -1e9
    for tc in GRID:
        for ta in GRID:
            fig = decision_figures([(i, status_of(pc, pa, tc, ta)) for i, pc, pa in probs])
            value = fig["decision"] - 4 * max(0.0, fig["answerable_partial"] - MAX_ANSWERABLE_PARTIAL) \
                - 4 * max(0.0, fig["answerable_not_covered"] - MAX_ANSWERABLE_NOT_COVERED)
            if value > best_value + 1e-9:
                best, best_value = (float(tc), float(ta)), value
    return best


def cross_validated(rows, k: int = 5) -> dict[str, float]:
    """Figures of the whole procedure (fit + threshold choice) by k-fold CV over ``rows``."""
    pairs = []
    for fold in datasets.folds([i for i, _ in rows], k):
        held = {id(i) for i in fold}
        train = [(i, f) for i, f in rows if id(i) not in held]
        model = fit(train)
        pairs += [(i, model.decide(f).status) for i, f in rows if id(i) in held]
    return decision_figures(pairs)


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m assistant.calibrate")
    parser.add_argument("--dataset", default=str(datasets.CALIBRATION))
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    from assistant.core import Assistant
    from assistant.errors import NetwerkwijzerError

    try:
        items = datasets.load(args.dataset)
        assistant = Assistant.from_settings()
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    train = feature_rows(assistant, datasets.split(items, "train"))
    test = feature_rows(assistant, datasets.split(items, "test"))
    model = fit(train)
    model.save(args.out)
    print(f"Fitted on {len(train)} train questions; thresholds: covered {model.cover.threshold:.3f}, "
          f"answered {model.answer.threshold:.3f}; written to {args.out}")
    for name, fig in (("5-fold CV (train)", cross_validated(train)),
                      ("test split", decision_figures([(i, model.decide(f).status) for i, f in test]))):
        print(f"  {name:<18} " + "  ".join(f"{k} {v:.3f}" if k != "n" else f"n {v}" for k, v in fig.items()))
    print("Coefficients (standardised):")
    for part in (model.cover, model.answer):
        print("  " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(part.features, part.coef, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
