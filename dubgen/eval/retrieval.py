"""Retrieval and invariance metrics on L2-normalised embeddings (numpy only)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

KS = (1, 5, 10)


@dataclass(frozen=True)
class RetrievalResult:
    n: int
    r1: float
    r5: float
    r10: float
    median_rank: float
    mean_rank: float
    chance_r1: float
    chance_r10: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def ranks(queries: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """1-based rank of gallery[i] among all gallery items for queries[i] (ties count against)."""
    if queries.shape != gallery.shape:
        raise ValueError(f"queries {queries.shape} and gallery {gallery.shape} must pair up row by row")
    sim = queries @ gallery.T
    pos = np.diag(sim)[:, None]
    return (sim >= pos).sum(axis=1)  # includes the positive itself -> 1-based


def retrieval(queries: np.ndarray, gallery: np.ndarray) -> RetrievalResult:
    r = ranks(queries, gallery)
    n = len(r)
    return RetrievalResult(
        n=n,
        r1=float(np.mean(r <= 1)),
        r5=float(np.mean(r <= 5)),
        r10=float(np.mean(r <= 10)),
        median_rank=float(np.median(r)),
        mean_rank=float(np.mean(r)),
        chance_r1=min(1.0, 1 / n),
        chance_r10=min(1.0, 10 / n),
    )


def pair_cosines(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """cos(a_i, b_i) (matched: e.g. original vs its dub) against cos(a_i, b_j), j != i (random)."""
    sim = a @ b.T
    n = len(sim)
    matched = np.diag(sim)
    off = sim[~np.eye(n, dtype=bool)] if n > 1 else np.array([np.nan])
    return {
        "matched_mean": float(matched.mean()),
        "matched_std": float(matched.std()),
        "random_mean": float(off.mean()),
        "random_std": float(off.std()),
        "gap": float(matched.mean() - off.mean()),
    }
