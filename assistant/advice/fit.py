"""`python -m assistant.advice.fit` (part of `make calibrate`): fit the block selection on
the train split of ``evalsets/situations.jsonl`` and write ``selection.json``.

Two stages. First a logistic regression per block over the situation's own vector
(``embedding_classifier``): what the labelled situations of a block have in common beyond
its words. Its score is one more feature (``features.LEARNED``), taken out of fold for the
situations it rates, so the second stage never sees a score fitted on its own label. Then
the logistic regression over the (situation, block) features of ``features``; its
regularisation, the choice threshold and the ratio to the best block are picked by 5-fold
cross-validation on the train split (folds by situation; both stages refitted per fold),
repeated over a few shuffles (``SEEDS``) and averaged; then both stages are fitted on the
whole train split and scored on the test split. The mozaiek is
the one ingest extracted from the corpus and saved in the index (``make calibrate`` ingests
first); the embeddings of the block texts and the situations are cached in the data
folder. Needs scikit-learn (a test extra); the app only reads the JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

from assistant.advice import features
from assistant.advice.blocktexts import BlockTexts, build
from assistant.advice.config import MODEL_PATH, AdviceConfig
from assistant.advice.model import SelectionModel
from assistant.followup import standalone_query

SITUATIONS = Path(__file__).resolve().parents[2] / "evalsets" / "situations.jsonl"
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.2, 0.71, 0.025))
RATIOS = (0.4, 0.5, 0.6, 0.7, 1.0)  # a second block near the best one is kept too
FOLDS = 5
SEEDS = (7, 11, 23)  # shuffles of the repeated 5-fold cross-validation
# the per-block classifier over the situation's vector: CV on train (172) with C=1 / 10 gave
# precision and recall 0.620 / 0.617 and 0.637 / 0.654, without it 0.622 / 0.617
EMBED_C = 10.0
INNER_FOLDS = 5


def load(path: Path = SITUATIONS) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def query_of(item: dict) -> str:
    """The standalone query the assistant searches with (a follow-up carries the question before)."""
    return standalone_query(item["question"], item.get("history") or [])


def indexed_mozaiek(settings, model_id: str):
    """The mozaiek ingest saved in the index: the same extraction from the corpus the app
    reads, without this script running the ingest code."""
    from assistant.errors import NetwerkwijzerError
    from assistant.mozaiek import Mozaiek
    from assistant.store import Store

    try:
        return Mozaiek.from_store(Store.open_for_reading(settings, model_id))
    except NetwerkwijzerError as exc:
        raise SystemExit(f"error: {exc}") from exc


def situation_vectors(queries: list[str], embedder, cache_dir: Path) -> np.ndarray:
    key = hashlib.sha256("\x1e".join([embedder.model_id, *queries]).encode()).hexdigest()[:16]
    path = cache_dir / f"advice-situations-{key}.npy"
    if path.exists():
        return np.load(path)
    vecs = np.asarray(embedder.embed_query(queries), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def design(items: list[dict], vecs: np.ndarray, texts: BlockTexts):
    """X: one row per (situation, block), the features without ``LEARNED``; Y: 1 where the
    block is a gold label."""
    xs, ys = [], []
    for item, vec in zip(items, vecs, strict=True):
        q = query_of(item)
        xs.append(features.matrix(texts, vec, q))
        ys.append([1 if b in item["bouwstenen"] else 0 for b in texts.names])
    return np.stack(xs), np.asarray(ys)


def _fit(x: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    flat_x, flat_y = x.reshape(-1, x.shape[-1]), y.reshape(-1)
    mean = flat_x.mean(axis=0)
    scale = flat_x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000)
    lr.fit((flat_x - mean) / scale, flat_y)
    return mean, scale, lr.coef_[0], float(lr.intercept_[0])


def _probs(x, mean, scale, coef, intercept) -> np.ndarray:
    z = ((x - mean) / scale) @ coef + intercept
    return 1.0 / (1.0 + np.exp(-z))


def block_pr(probs: np.ndarray, y: np.ndarray, threshold: float, ratio: float = 1.0,
             max_blocks: int = AdviceConfig.max_blocks) -> tuple[float, float]:
    m = SelectionModel((), np.zeros(1), np.ones(1), np.zeros(1), 0.0, threshold, ratio=ratio)
    tp = fp = fn = 0
    for p, gold in zip(probs, y, strict=True):
        chosen = set(m.choose(p, max_blocks))
        truth = {i for i, g in enumerate(gold) if g}
        tp += len(chosen & truth)
        fp += len(chosen - truth)
        fn += len(truth - chosen)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def folds(n: int, k: int = FOLDS, seed: int = SEEDS[0]) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def _unit(vecs: np.ndarray) -> np.ndarray:
    v = np.asarray(vecs, dtype=float)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def embedding_classifier(vecs: np.ndarray, y: np.ndarray, c: float = EMBED_C):
    """(coef: blocks x dim, intercept: blocks): one logistic regression per block over the
    situations' unit vectors."""
    from sklearn.linear_model import LogisticRegression

    v = _unit(vecs)
    coef, intercept = np.zeros((y.shape[1], v.shape[1])), np.zeros(y.shape[1])
    for b in range(y.shape[1]):
        lr = LogisticRegression(C=c, max_iter=2000).fit(v, y[:, b])
        coef[b], intercept[b] = lr.coef_[0], lr.intercept_[0]
    return coef, intercept


def learned_scores(vecs: np.ndarray, y: np.ndarray, rows: np.ndarray, c: float = EMBED_C) -> np.ndarray:
    """The classifier's score of every situation for every block: for the situations of
    ``rows`` out of fold (``INNER_FOLDS`` over ``rows``), for the others from the classifier
    fitted on all of ``rows``."""
    rows = np.asarray(rows)
    v = _unit(vecs)
    coef, intercept = embedding_classifier(vecs[rows], y[rows], c)
    out = v @ coef.T + intercept
    for k in range(INNER_FOLDS):
        held = rows[k::INNER_FOLDS]
        coef, intercept = embedding_classifier(vecs[np.setdiff1d(rows, held)],
                                               y[np.setdiff1d(rows, held)], c)
        out[held] = v[held] @ coef.T + intercept
    return out


def stacked(base: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """``design``'s X with the classifier's scores (``features.with_learned``)."""
    return np.stack([features.with_learned(b, s) for b, s in zip(base, learned, strict=True)])


def cross_validate(base: np.ndarray, vecs: np.ndarray, y: np.ndarray, c: float, seed: int = SEEDS[0],
                   cache: dict | None = None) -> np.ndarray:
    """Out-of-fold probabilities for every situation of ``base`` (the train split): both
    stages fitted on the other folds. ``cache`` keeps each fold's stacked X across values
    of ``c``."""
    out = np.zeros(y.shape)
    for k, held in enumerate(folds(len(base), seed=seed)):
        rest = np.setdiff1d(np.arange(len(base)), held)
        x = None if cache is None else cache.get((seed, k))
        if x is None:
            x = stacked(base, learned_scores(vecs, y, rest))
            if cache is not None:
                cache[(seed, k)] = x
        mean, scale, coef, b = _fit(x[rest], y[rest], c)
        out[held] = _probs(x[held], mean, scale, coef, b)
    return out


def _balanced(pr: tuple[float, float]) -> float:
    p, r = pr
    return min(p, r) + 0.1 * (2 * p * r / (p + r) if p + r else 0.0)


def choose_settings(y: np.ndarray, oof, seeds=SEEDS, max_blocks: int = AdviceConfig.max_blocks):
    """(C, threshold, ratio, (precision, recall)): the setting whose cross-validated
    precision and recall, averaged over the shuffles, balance best. ``oof(c, seed)`` gives
    the out-of-fold probabilities of the situations of ``y`` (``cross_validate``; a
    benchmark passes its own candidates)."""
    best = None
    for c in C_GRID:
        oofs = [oof(c, seed) for seed in seeds]
        for t in THRESHOLDS:
            for ratio in RATIOS:
                prs = [block_pr(probs, y, t, ratio, max_blocks) for probs in oofs]
                pr = (float(np.mean([p for p, _ in prs])), float(np.mean([r for _, r in prs])))
                if best is None or _balanced(pr) > _balanced(best[3]):
                    best = (c, t, ratio, pr)
    return best


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m assistant.advice.fit")
    parser.add_argument("--situations", type=Path, default=SITUATIONS)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    from assistant.embeddings import make_embedder
    from assistant.lexical import Analyzer
    from assistant.settings import Settings

    settings = Settings.from_env()
    cache = Path(settings.data_dir) / "cache"
    embedder = make_embedder(settings)
    analyzer = Analyzer()
    texts = build(indexed_mozaiek(settings, embedder.model_id), embedder, analyzer, cache)
    items = load(args.situations)
    vecs = situation_vectors([query_of(i) for i in items], embedder, cache)
    train = np.array([i for i, it in enumerate(items) if it["split"] == "train"])
    test = np.array([i for i, it in enumerate(items) if it["split"] == "test"])
    base, y = design(items, vecs, texts)

    cache: dict = {}
    c, threshold, ratio, cv = choose_settings(
        y[train], lambda c, seed: cross_validate(base[train], vecs[train], y[train], c, seed, cache))
    x = stacked(base, learned_scores(vecs, y, train))  # out of fold on train; test from the full fit
    mean, scale, coef, b = _fit(x[train], y[train], c)
    test_pr = block_pr(_probs(x[test], mean, scale, coef, b), y[test], threshold, ratio)
    embed_coef, embed_intercept = embedding_classifier(vecs[train], y[train])
    fitted = SelectionModel(tuple(features.names(texts.names)), mean, scale, coef, b, threshold,
                            embedder.model_id, ratio, tuple(texts.names), embed_coef, embed_intercept)
    payload = fitted.to_dict() | {
        "fitted_on": f"{args.situations.name}: {len(train)} train situations, C={c}; CV: "
                     f"{FOLDS}-fold, mean over {len(SEEDS)} shuffles",
        "cv_precision": round(cv[0], 3), "cv_recall": round(cv[1], 3),
        "test_precision": round(test_pr[0], 3), "test_recall": round(test_pr[1], 3)}
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"advice block selection: C={c}, threshold {threshold:.3f}, ratio {ratio}")
    print(f"  5-fold CV on train ({len(train)}, {len(SEEDS)} shuffles): precision {cv[0]:.3f}, recall {cv[1]:.3f}")
    print(f"  test ({len(test)}):               precision {test_pr[0]:.3f}, recall {test_pr[1]:.3f}")
    print(f"  written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
