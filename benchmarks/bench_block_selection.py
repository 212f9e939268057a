"""Candidate features and decision rules for the advice block selection, measured the way
``assistant.advice.fit`` measures the fitted one: 5-fold CV on the train split of
``evalsets/situations.jsonl`` (mean over ``fit.SEEDS`` shuffles; C, threshold and ratio
chosen by that CV), then the model fitted on all of train and scored once on test.

"Today's features" are the app's: ``fit.design``'s plus the stacked score of the per-block
classifier over the situation's vector (``fit.learned_scores``, out of fold within each
fold's training rows). Candidates (each added to today's features unless said otherwise):
- ``retrieval``: the similarity-weighted share of each block among the blocks tagged on the
  passages of the app's one retrieval pass (``search_k`` passages), absolute and relative;
- ``prototype``: cosine to the centroid of the train situations labelled with the block,
  computed from the training rows of each fold only (leave-one-out on those rows);
- ``max 2 blocks``: today's features, at most two blocks chosen;
- ``without the classifier``: ``fit.design``'s features alone (the app before it).

Needs an ingested index (``NETWERKWIJZER_DATA_DIR``) and scikit-learn. Prints; asserts
nothing. Nothing here is used by the app: a candidate that wins goes into
``assistant.advice.features`` so the fit and the app share one code path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.advice import fit  # noqa: E402

Build = Callable[[np.ndarray], np.ndarray]  # train rows → (situations, blocks, features)


def retrieval_share(found: list, names: list[str]) -> np.ndarray:
    """Per block: the dense-cosine-weighted share of the hits tagged with it."""
    share = np.zeros(len(names))
    total = sum(max(float(d), 0.0) for _, _, d, _ in found) or 1.0
    for chunk, _, d, _ in found:
        tags = [b for b in chunk.bouwstenen if b in names]
        for b in tags:
            share[names.index(b)] += max(float(d), 0.0) / len(tags) / total
    return share


def with_relative(m: np.ndarray) -> np.ndarray:
    return np.stack([m, m - m.mean(axis=1, keepdims=True)], axis=-1)


def prototype(vecs: np.ndarray, y: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Cosine of every situation to each block's centroid over ``rows`` (itself left out)."""
    v = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    inside = np.zeros(len(v), dtype=bool)
    inside[rows] = True
    out = np.zeros(y.shape)
    for b in range(y.shape[1]):
        total = v[rows][y[rows, b] == 1].sum(axis=0)
        own = np.where((inside & (y[:, b] == 1))[:, None], v, 0.0)
        centroid = total[None, :] - own
        out[:, b] = (v * centroid).sum(axis=1) / np.maximum(np.linalg.norm(centroid, axis=1), 1e-9)
    return out


def measure(build: Build, y: np.ndarray, train: np.ndarray, test: np.ndarray,
            max_blocks: int = 3) -> tuple:
    """``fit``'s choice of C, threshold and ratio (repeated 5-fold CV on train, the fold's
    features built from its training rows only), then the fit on train scored on test."""
    def oof(c: float, seed: int) -> np.ndarray:
        out = np.zeros((len(train), y.shape[1]))
        for held in fit.folds(len(train), seed=seed):
            rest = np.setdiff1d(np.arange(len(train)), held)
            x = build(train[rest])
            mean, scale, coef, b = fit._fit(x[train[rest]], y[train[rest]], c)
            out[held] = fit._probs(x[train[held]], mean, scale, coef, b)
        return out

    c, t, ratio, cv = fit.choose_settings(y[train], oof, max_blocks=max_blocks)
    x = build(train)
    mean, scale, coef, b = fit._fit(x[train], y[train], c)
    return c, t, ratio, cv, fit.block_pr(fit._probs(x[test], mean, scale, coef, b), y[test], t,
                                         ratio, max_blocks)


def main() -> int:
    from assistant.advice.blocktexts import block_texts
    from assistant.core import Assistant

    assistant = Assistant.from_settings()
    texts = block_texts(assistant)
    items = fit.load()
    queries = [fit.query_of(i) for i in items]
    vecs = np.stack([assistant.retriever.query_vector(q) for q in queries])
    base, y = fit.design(items, vecs, texts)
    k = assistant.config.query.search_k
    share = with_relative(np.stack([retrieval_share(assistant.retriever.search(q, k), texts.names)
                                    for q in queries]))
    train = np.array([i for i, it in enumerate(items) if it["split"] == "train"])
    test = np.array([i for i, it in enumerate(items) if it["split"] == "test"])

    def learned(rows: np.ndarray) -> np.ndarray:
        return with_relative(fit.learned_scores(vecs, y, rows))

    def plus(*extra: Build) -> Build:
        return lambda rows: np.concatenate([base, learned(rows), *(e(rows) for e in extra)], axis=-1)

    def proto(rows: np.ndarray) -> np.ndarray:
        return with_relative(prototype(vecs, y, rows))

    candidates: list[tuple[str, Build, int]] = [
        ("today's features", plus(), 3),
        ("+ retrieval", plus(lambda rows: share), 3),
        ("+ prototype (out of fold)", plus(proto), 3),
        ("+ retrieval + prototype", plus(lambda rows: share, proto), 3),
        ("today's features, max 2 blocks", plus(), 2),
        ("without the classifier", lambda rows: base, 3),
    ]
    print(f"{'candidate':34s} {'C':>6} {'thr':>6} {'ratio':>5}   CV P    CV R  | test P  test R")
    for label, build, max_blocks in candidates:
        c, t, ratio, cv, te = measure(build, y, train, test, max_blocks)
        print(f"{label:34s} {c:>6} {t:>6.3f} {ratio:>5}   {cv[0]:.3f}  {cv[1]:.3f} |  {te[0]:.3f}  "
              f"{te[1]:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
