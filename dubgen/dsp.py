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


#: Level of a regenerated octave relative to the octave it is made from (speech falls about this much per octave up there).
EXTENSION_TILT_DB = 12.0
#: Share of the Nyquist where regeneration starts (a synthesiser's anti-alias filter rolls off above it).
EXTENSION_FROM = 0.9


def extend_band(audio: np.ndarray, sr: int, cutoff_hz: float) -> np.ndarray:
    """Regenerate the octave above ``cutoff_hz`` (the Nyquist of a voice synthesised at a low rate)
    from the octave below it.

    The octave under the cutoff is full-wave rectified (its harmonics and intermodulation reach
    twice as high and follow its envelope), high-passed at the cutoff and added
    ``EXTENSION_TILT_DB`` under that octave's level. Nothing under the cutoff changes beyond the
    high-pass skirt (-48 dB/oct), so an ASR at 16 kHz hears the same voice. Returns ``audio``
    itself when ``sr`` carries nothing above the cutoff.
    """
    from scipy.signal import butter, sosfiltfilt

    x = np.asarray(audio, dtype=np.float32)
    top = min(2.0 * cutoff_hz, 0.95 * sr / 2)
    if top <= 1.05 * cutoff_hz or len(x) < 64:
        return x
    lower = sosfiltfilt(butter(4, [cutoff_hz / 2, EXTENSION_FROM * cutoff_hz], "bandpass", fs=sr, output="sos"),
                        x.astype(np.float64))
    regen = np.abs(lower)
    # from where the voice's own anti-alias filter starts to roll off
    regen = sosfiltfilt(butter(4, [EXTENSION_FROM * cutoff_hz, top], "bandpass", fs=sr, output="sos"), regen - regen.mean())
    lo, hi = float(np.sqrt(np.mean(lower ** 2))), float(np.sqrt(np.mean(regen ** 2)))
    if lo <= 0.0 or hi <= 0.0:
        return x
    return (x + regen * (lo / hi * 10 ** (-EXTENSION_TILT_DB / 20))).astype(np.float32)


#: Below every voice's F0 (a bass voice starts near 65 Hz): what a subsonic high-pass removes.
SUBSONIC_HZ = 30.0


def remove_dc(audio: np.ndarray, sr: int, cutoff_hz: float = SUBSONIC_HZ) -> np.ndarray:
    """``audio`` without its DC offset and subsonic drift (zero-phase high-pass, 2nd order both
    ways). Synthesisers leave an offset of up to -40 dB; PSOLA carries it into the pauses as a
    steady floor and every phrase edge becomes a step (a click) in the mix."""
    from scipy.signal import butter, sosfiltfilt

    x = np.asarray(audio, dtype=np.float64)
    sos = butter(2, cutoff_hz, "highpass", fs=sr, output="sos")
    if len(x) <= 3 * (2 * len(sos) + 1):  # too short for the filter's edge padding: just centre it
        return (x - x.mean()).astype(np.float32)
    return sosfiltfilt(sos, x).astype(np.float32)


def raised_cosine(n: int) -> np.ndarray:
    """A rising raised-cosine ramp of ``n`` samples (float32; ``[::-1]`` falls), sampled at the
    midpoints so it never reaches 0 or 1: the crossfade and fade shape every stage uses."""
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / max(n, 1))).astype(np.float32)


def fade_edges(audio: np.ndarray, sr: int, seconds: float = 0.005) -> np.ndarray:
    """``audio`` with raised-cosine fades of ``seconds`` at both ends, so a phrase cut at its
    first and last sound starts and stops without a step."""
    x = np.array(audio, dtype=np.float32)
    n = min(int(seconds * sr), len(x) // 2)
    if n > 0:
        w = raised_cosine(n)
        x[:n] *= w
        x[len(x) - n:] *= w[::-1]
    return x


def merge_regions(regions: Sequence[tuple[float, float]], pad: float = 0.0) -> list[tuple[float, float]]:
    """Union of (start, end) regions, each widened by ``pad`` seconds."""
    merged: list[list[float]] = []
    for a, b in sorted((a - pad, b + pad) for a, b in regions):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([max(a, 0.0), b])
    return [(a, b) for a, b in merged]
