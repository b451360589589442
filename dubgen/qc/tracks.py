"""The mono tracks QC measures: an array in memory, or a WAV file read block by block.

Metrics reduce tracks block by block (sums, maxima, frame levels) or read the spans they
need, so measuring a feature-length dub takes the memory of one block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Optional, Union

import numpy as np

#: Block length of QC's passes over a recording and longest back-ASR window (seconds).
QC_BLOCK_S = 60.0


class Track:
    """``n`` mono samples, read by range."""

    def __init__(self, n: int, read: Callable[[int, int], np.ndarray]) -> None:
        self.n, self._read = int(n), read

    def __len__(self) -> int:
        return self.n

    @classmethod
    def of(cls, x: Union["Track", np.ndarray]) -> "Track":
        if isinstance(x, Track):
            return x
        a = np.asarray(x)
        return cls(len(a), lambda s, e: np.asarray(a[s:e], np.float32))

    @classmethod
    def file(cls, path: Path, sr: int) -> "Track":
        """The mono downmix of a WAV; its rate must be ``sr``."""
        from .. import audiofile

        i = audiofile.info(path)
        if i.sample_rate != sr:
            raise ValueError(f"{path}: sample rate {i.sample_rate} Hz, the record says {sr} Hz")
        return cls(i.frames, lambda s, e: audiofile.read(path, s, e, mono=True))

    def read(self, a: int, b: int) -> np.ndarray:
        a, b = max(0, int(a)), min(self.n, int(b))
        return self._read(a, max(a, b))

    def span(self, sr: int, start: float, end: float) -> np.ndarray:
        """Samples [round(start·sr), round(end·sr)), clipped to the track."""
        return self.read(int(round(start * sr)), int(round(end * sr)))

    def cut(self, sr: int, spans: Sequence[tuple[float, float]]) -> np.ndarray:
        """The spans, concatenated."""
        parts = [self.span(sr, a, b) for a, b in spans]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def blocks(n: int, sr: int, block_s: Optional[float] = None) -> Iterator[tuple[int, int]]:
    """:func:`dubgen.audiofile.blocks` of ``block_s`` (default ``QC_BLOCK_S``) seconds."""
    from ..audiofile import blocks as frame_blocks

    return frame_blocks(n, max(1, int((block_s or QC_BLOCK_S) * sr)))


def mask(a: int, b: int, sr: int, regions: Sequence[tuple[float, float]]) -> np.ndarray:
    """Samples [a, b) of :func:`dubgen.qc.metrics.regions_mask` (True inside any region)."""
    m = np.zeros(b - a, bool)
    for s, e in regions:
        lo, hi = max(int(round(s * sr)), a), min(int(round(e * sr)), b)
        if hi > lo:
            m[lo - a:hi - a] = True
    return m


def windows(spans: Sequence[tuple[float, float]], n: int, sr: int, window_s: Optional[float] = None) -> list[tuple[int, int]]:
    """Sample ranges covering [0, n) for back-ASR: the whole track when it is at most
    ``window_s`` long, else cut mid-way between consecutive ``spans`` (phrases) once a
    window holds ``window_s``, so no phrase is cut."""
    window_s = window_s or QC_BLOCK_S
    if n <= window_s * sr:
        return [(0, n)]
    cuts, start = [0], 0.0
    ordered = sorted(spans)
    for (_, end), (nxt, _) in zip(ordered, ordered[1:]):
        mid = (end + nxt) / 2 if nxt > end else nxt
        if mid - start >= window_s and 0 < round(mid * sr) < n:
            cuts.append(int(round(mid * sr)))
            start = mid
    return list(zip(cuts, cuts[1:] + [n]))


def region_groups(regions: Sequence[tuple[float, float]], n: int, sr: int,
                  window_s: Optional[float] = None) -> list[list[tuple[float, float]]]:
    """Regions in consecutive groups of at most ``window_s`` (longer regions split): what one
    back-ASR call hears. One group when the track is at most ``window_s`` long."""
    window_s = window_s or QC_BLOCK_S
    if n <= window_s * sr:
        return [list(regions)]
    pieces = []
    for a, b in regions:
        while b - a > window_s:
            pieces.append((a, a + window_s))
            a += window_s
        pieces.append((a, b))
    groups: list[list[tuple[float, float]]] = [[]]
    total = 0.0
    for a, b in pieces:
        if groups[-1] and total + (b - a) > window_s:
            groups.append([])
            total = 0.0
        groups[-1].append((a, b))
        total += b - a
    return groups


class Moments:
    """Running sums of a few signals and their pairwise products (float64)."""

    def __init__(self) -> None:
        self.count = 0
        self.sums: dict[str, float] = {}

    def add(self, signals: dict[str, np.ndarray], products: Sequence[tuple[str, str]]) -> None:
        x = {k: np.asarray(v, np.float64) for k, v in signals.items()}
        self.count += len(next(iter(x.values()))) if x else 0
        for k, v in x.items():
            self.sums[k] = self.sums.get(k, 0.0) + float(v.sum())
        for a, b in products:
            self.sums[a + "*" + b] = self.sums.get(a + "*" + b, 0.0) + float(x[a] @ x[b])

    def dot(self, a: str, b: str) -> float:
        return self.sums.get(a + "*" + b, self.sums.get(b + "*" + a, 0.0))

    def centred(self, a: str, b: str) -> float:
        """Σ (a − mean a)(b − mean b)."""
        if self.count == 0:
            return 0.0
        return self.dot(a, b) - self.sums.get(a, 0.0) * self.sums.get(b, 0.0) / self.count
