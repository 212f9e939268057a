"""The first two moments of a set of unit vectors, so the mean and spread of a question's
cosine over the whole library come without scanning it.

For vectors x_i and a question q, the cosines q·x_i have mean q·μ and variance
qᵀ(E[xxᵀ] − μμᵀ)q. Ingest keeps the count, the sum and the sum of outer products of the
chunk vectors and of the sentence-window vectors; a question then costs two d×d products
(d = 384) instead of a pass over a million window vectors. The figures equal a full scan's
to 1e-6 (``tests/test_search_index.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Moments:
    count: int
    total: np.ndarray  # Σ x, float64 (d,)
    outer: np.ndarray  # Σ x xᵀ, float64 (d, d)

    @classmethod
    def empty(cls, dimension: int) -> Moments:
        return cls(0, np.zeros(dimension), np.zeros((dimension, dimension)))

    @classmethod
    def of(cls, vectors: np.ndarray, dimension: int | None = None) -> Moments:
        m = cls.empty(dimension if dimension is not None else (vectors.shape[1] if vectors.ndim == 2 else 0))
        m.add(vectors)
        return m

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            x = np.asarray(vectors, dtype=np.float64)
            self.count += len(x)
            self.total += x.sum(axis=0)
            self.outer += x.T @ x

    def stats(self, q: np.ndarray) -> tuple[float, float]:
        """Mean and standard deviation of ``q``'s cosine over the vectors (0, 1 when empty)."""
        if not self.count:
            return 0.0, 1.0
        q = np.asarray(q, dtype=np.float64)
        mean = float(np.einsum("i,i->", q, self.total)) / self.count
        # einsum, not BLAS: see ``retriever.cosines`` on OpenBLAS threads
        var = float(np.einsum("i,ij,j->", q, self.outer, q)) / self.count - mean * mean
        return mean, float(np.sqrt(max(var, 0.0))) + 1e-9

    def save(self, path: Path) -> None:
        np.savez(path, count=np.array(self.count), total=self.total, outer=self.outer)

    @classmethod
    def load(cls, path: Path) -> Moments:
        with np.load(path) as f:
            return cls(int(f["count"]), f["total"].astype(np.float64), f["outer"].astype(np.float64))
