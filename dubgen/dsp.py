"""Small signal helpers shared by the stages."""

from __future__ import annotations

import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import numpy as np

from .tools import require_binary


def to_mono(audio: np.ndarray) -> np.ndarray:
    return audio if audio.ndim == 1 else audio.mean(axis=1).astype(np.float32)


def resample(audio: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    """Polyphase resampling (exact rational ratio) of mono or (samples, channels) audio."""
    if sr_in == sr_out or audio.size == 0:
        return audio.astype(np.float32)
    from scipy.signal import resample_poly

    ratio = Fraction(sr_out, sr_in)
    return resample_poly(audio, ratio.numerator, ratio.denominator, axis=0).astype(np.float32)


def fit_length(audio: np.ndarray, n: int) -> np.ndarray:
    """Pad with zeros or cut to exactly ``n`` samples (for tiny resampling/codec remainders)."""
    if len(audio) >= n:
        return audio[:n]
    pad = [(0, n - len(audio))] + [(0, 0)] * (audio.ndim - 1)
    return np.pad(audio, pad)


def time_stretch(audio: np.ndarray, sr: int, ratio: float) -> np.ndarray:
    """Rubber Band R3 time stretch of mono audio; ``ratio`` > 1 is faster. Pitch is kept."""
    if abs(ratio - 1.0) < 1e-6 or audio.size == 0:
        return audio
    import soundfile as sf

    exe = require_binary("rubberband", "install it with `apt-get install rubberband-cli`")
    target = int(round(len(audio) / ratio))
    with tempfile.TemporaryDirectory(prefix="dubgen-rb-") as tmp:
        src, dst = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        sf.write(str(src), audio.astype(np.float32), sr, subtype="FLOAT")
        proc = subprocess.run([exe, "-q", "-3", "-D", f"{target / sr:.6f}", str(src), str(dst)], capture_output=True)
        if proc.returncode != 0:
            raise RuntimeError(f"rubberband failed: {proc.stderr.decode(errors='replace').strip()[-300:]}")
        out, _ = sf.read(str(dst), dtype="float32", always_2d=False)
    return fit_length(np.asarray(out, dtype=np.float32), target)


def slice_seconds(audio: np.ndarray, sr: int, start: float, end: float) -> np.ndarray:
    a, b = max(int(round(start * sr)), 0), min(int(round(end * sr)), len(audio))
    return audio[a:max(a, b)]


def spread_pick(durations: Sequence[float], cap_s: float) -> list[int]:
    """Indices of items spread evenly over the sequence whose durations add up to ~``cap_s``.

    All items when they fit; otherwise items are taken in a golden-ratio order (evenly spread
    over time, deterministic) until ``cap_s`` is reached. Returned in their original order.
    Long recordings are described from a bounded sample this way (speaker profiles, EQ).
    """
    if sum(durations) <= cap_s:
        return list(range(len(durations)))
    picked, total = [], 0.0
    for i in sorted(range(len(durations)), key=lambda i: (i * 0.6180339887498949) % 1.0):
        if total >= cap_s:
            break
        picked.append(i)
        total += durations[i]
    return sorted(picked)
