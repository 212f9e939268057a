"""The fitted block selection at run time: plain numpy over coefficients stored as JSON
(``selection.json``, written by ``python -m assistant.advice.fit``)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.advice.config import MODEL_PATH
from assistant.errors import IndexMissingError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SelectionModel:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # a block is chosen when its probability reaches this
    model_id: str = ""
    ratio: float = 1.0  # … or when it reaches this share of the best block's probability
    # the classifier per block over the situation's vector (feature ``learned``): one row of
    # coefficients and one intercept per block, in the order of ``blocks``
    blocks: tuple[str, ...] = ()
    embed_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    embed_intercept: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def learned(self, q_vec: np.ndarray) -> np.ndarray:
        """The classifier's score of the situation (its query vector) for each block."""
        v = np.asarray(q_vec, dtype=float)
        if self.embed_coef.shape[-1] != v.shape[-1]:
            # vectors of another embedder than the fit's (``check`` warns): no score to add
            return np.zeros(len(self.embed_intercept))
        v = v / (np.linalg.norm(v) or 1.0)
        return self.embed_coef @ v + self.embed_intercept

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def choose(self, probs: np.ndarray, max_blocks: int) -> list[int]:
        """Indices of the chosen blocks, best first: those at or above the threshold
        (at most ``max_blocks``), and at least the best one."""
        order = [int(i) for i in np.argsort(-probs, kind="stable")]
        best = probs[order[0]] if order else 0.0
        chosen = [i for i in order[:max_blocks]
                  if probs[i] >= self.threshold or probs[i] >= self.ratio * best]
        return chosen or order[:1]

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept, "threshold": self.threshold,
                "model_id": self.model_id, "ratio": self.ratio, "blocks": list(self.blocks),
                "embed_coef": np.round(self.embed_coef, 6).tolist(),
                "embed_intercept": np.round(self.embed_intercept, 6).tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> SelectionModel:
        return cls(tuple(d["features"]), np.asarray(d["mean"], dtype=float),
                   np.asarray(d["scale"], dtype=float), np.asarray(d["coef"], dtype=float),
                   float(d["intercept"]), float(d["threshold"]), str(d.get("model_id", "")),
                   float(d.get("ratio", 1.0)), tuple(d["blocks"]),
                   np.asarray(d["embed_coef"], dtype=float), np.asarray(d["embed_intercept"], dtype=float))


@lru_cache(maxsize=4)
def load(path: Path = MODEL_PATH) -> SelectionModel:
    try:
        return SelectionModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise IndexMissingError(
            f"The advice block selection model {path} cannot be read ({exc}) — run "
            "'python -m assistant.advice.fit' (make calibrate) to fit it again.") from exc


def check(model: SelectionModel, features: list[str], model_id: str, blocks: list[str]) -> None:
    if list(model.features) != features or list(model.blocks) != blocks:
        raise IndexMissingError("The advice block selection model was fitted on other features "
                                "— run 'python -m assistant.advice.fit' (make calibrate).")
    if model.model_id and model_id and model.model_id != model_id:
        log.warning("Advice block selection was fitted with %s, the index uses %s; run "
                    "'python -m assistant.advice.fit' to refit it.", model.model_id, model_id)
