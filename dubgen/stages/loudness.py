"""Loudness (ITU-R BS.1770) and EQ matching of the dub to the source speech."""

from __future__ import annotations

import math
from typing import Any, Iterator, Optional, Sequence

import numpy as np
from pydantic import Field

from ..registry import StageRegistry
from .base import Backend, Check

LOUDNESS: StageRegistry["LoudnessMatcher"] = StageRegistry("loudness", default="bs1770")


class LoudnessMatcher(Backend):
    stage = "loudness"

    def match(
        self,
        dubs: Sequence[np.ndarray],
        refs: Sequence[np.ndarray],
        speakers: Sequence[str],
        sr: int,
    ) -> tuple[list[np.ndarray], list[dict[str, Any]]]:
        """Match each mono dub segment to the source speech of the same segment.

        EQ is fitted per speaker (that speaker's source speech vs their dub).
        Returns the processed segments (same lengths) and per-segment figures.
        """
        pairs = list(self.match_iter(dubs, refs, speakers, sr))
        return [y for y, _ in pairs], [f for _, f in pairs]

    def match_iter(
        self, dubs: Sequence[np.ndarray], refs: Sequence[np.ndarray], speakers: Sequence[str], sr: int,
    ) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
        """:meth:`match` one segment at a time: ``dubs`` and ``refs`` may load each item on
        access, so memory follows the longest segment, not the recording."""
        raise NotImplementedError

    @staticmethod
    def _mono(x: np.ndarray, what: str, i: int) -> np.ndarray:
        a = np.asarray(x, dtype=np.float64)
        if a.ndim == 2 and a.shape[1] == 1:
            a = a[:, 0]
        if a.ndim != 1:
            raise ValueError(f"{what} segment {i} must be mono (samples,), got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{what} segment {i} contains NaN or infinite samples")
        return a


# ---------------------------------------------------------------------------------------------
# Pure helpers (also used by QC)
# ---------------------------------------------------------------------------------------------

MIN_INTEGRATED_S = 0.4  # one BS.1770 gating block
SILENT_LUFS = -70.0  # BS.1770 absolute gate: anything quieter carries no level information
MAX_GAIN_DB = 30.0  # a dub is never moved by more than this
TRUE_PEAK_OVERSAMPLE = 4
TRUE_PEAK_CONTEXT = 64  # samples of context around each interpolated run
TRUE_PEAK_MAX_RUN = 1 << 16  # samples interpolated at once
HALF_DB = 10 ** (-6 / 20)  # peaks 6 dB under the level of interest need no interpolation
BAND_MIN_HZ = 50.0  # lowest 1/3-octave centre (below, Welch bins are too coarse and TTS empty)
EQ_SMOOTH = np.array([0.25, 0.5, 0.25])  # across neighbouring 1/3-octave bands
EQ_FLOOR_DB = 50.0  # bands this far below a spectrum's peak band are noise: no EQ there
LIMIT_ATTACK_S = 0.005  # look-ahead gain ramp
LIMIT_RELEASE_S = 0.05  # hold after a peak before the gain ramps back
SPEAKER_STATS_MAX_S = 120.0  # speech per speaker that EQ and the fallback level are fitted on


def _as_2d(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        return x[:, None]
    if x.ndim != 2:
        raise ValueError(f"audio must be (samples,) or (samples, channels), got shape {x.shape}")
    return x


def _k_weight(x: np.ndarray, sr: int) -> np.ndarray:
    """BS.1770 K-weighting (pyloudnorm's filter constants), along axis 0."""
    from pyloudnorm import IIRfilter

    shelf = IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sr, "high_shelf")
    hp = IIRfilter(0.0, 0.5, 38.0, sr, "high_pass")
    from scipy.signal import lfilter

    y = lfilter(shelf.b, shelf.a, x, axis=0) * shelf.passband_gain
    return lfilter(hp.b, hp.a, y, axis=0) * hp.passband_gain


def kweighted_rms_lufs(x: np.ndarray, sr: int) -> float:
    """Ungated K-weighted loudness (LUFS) of the whole signal; any length.

    Returns ``-inf`` for digital silence.
    """
    x2 = _as_2d(x)
    if len(x2) == 0:
        return float("-inf")
    ms = float(np.sum(np.mean(_k_weight(x2, sr) ** 2, axis=0)))
    return -0.691 + 10 * np.log10(ms) if ms > 0 else float("-inf")


def integrated_loudness(x: np.ndarray, sr: int) -> float:
    """BS.1770 integrated loudness in LUFS, with a fallback for short signals.

    Signals shorter than one 400 ms gating block get the ungated K-weighted RMS instead
    (the same weighting, so the two agree on steady signals).

    Args:
        x: (samples,) or (samples, channels) float audio.
        sr: sample rate in Hz.

    Returns:
        Loudness in LUFS; ``-inf`` for silence (everything below the absolute gate).
    """
    import pyloudnorm

    x2 = _as_2d(x)
    if len(x2) < int(MIN_INTEGRATED_S * sr) + 1:
        return kweighted_rms_lufs(x2, sr)
    with np.errstate(divide="ignore"):
        value = float(pyloudnorm.Meter(sr).integrated_loudness(x2))
    return value if np.isfinite(value) else float("-inf")


def true_peak_db(x: np.ndarray, sr: int) -> float:
    """True peak (dBTP) from ×4 oversampled peak detection (BS.1770 Annex 2).

    Args:
        x: (samples,) or (samples, channels) float audio.
        sr: sample rate in Hz (unused by the math; kept for a uniform helper signature).

    Returns:
        Peak in dB relative to full scale; ``-inf`` for silence.
    """
    x2 = _as_2d(x)
    if len(x2) == 0:
        return float("-inf")
    peak = float(np.max(_oversampled_peak(x2, HALF_DB * float(np.max(np.abs(x2))))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def _oversampled_peak(x2: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Per input sample, the max |value| over the channels and the 4 interpolated points
    from that sample up to the next one.

    Interpolation is computed only around samples whose peak reaches ``floor`` (with
    ``TRUE_PEAK_CONTEXT`` samples of context, so the filter edges are exact there);
    elsewhere the sample peak stands in. Callers pass a floor 6 dB under the level that
    matters: a 4x-interpolated peak that far above its neighbouring samples does not occur in
    band-limited audio, and a 60 s stereo mix is checked in a fraction of the time.
    """
    from scipy.ndimage import maximum_filter1d
    from scipy.signal import resample_poly

    x2 = np.asarray(x2, dtype=np.float64)
    n = len(x2)
    out = np.abs(x2).max(axis=1) if n else np.zeros(0)
    hot = out >= floor
    if not hot.any():
        return out
    # merge hot samples closer than two contexts into runs, then interpolate each run
    hot = maximum_filter1d(hot.astype(np.uint8), 2 * TRUE_PEAK_CONTEXT + 1) > 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], hot.astype(np.int8), [0]))))
    # long runs in pieces (each with its context): the ×4 signal of one piece at a time in memory
    pieces = [(a, min(b, a + TRUE_PEAK_MAX_RUN)) for r0, b in edges.reshape(-1, 2)
              for a in range(r0, b, TRUE_PEAK_MAX_RUN)]
    for a, b in pieces:
        a0, b0 = max(a - TRUE_PEAK_CONTEXT, 0), min(b + TRUE_PEAK_CONTEXT, n)
        up = np.abs(resample_poly(x2[a0:b0], TRUE_PEAK_OVERSAMPLE, 1, axis=0)).max(axis=1)
        pk = up[: (b0 - a0) * TRUE_PEAK_OVERSAMPLE].reshape(b0 - a0, TRUE_PEAK_OVERSAMPLE).max(axis=1)
        out[a:b] = np.maximum(out[a:b], pk[a - a0:b - a0])
    return out


def third_octave_centres(sr: int) -> np.ndarray:
    """Base-10 1/3-octave centre frequencies from ``BAND_MIN_HZ`` up to the band below Nyquist."""
    k = np.arange(-20, 60)
    c = 1000.0 * 10 ** (k / 10)
    upper = c * 2 ** (1 / 6)
    return c[(c >= BAND_MIN_HZ) & (upper < sr / 2)]


def band_spectrum_db(x: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """Long-term average spectrum in 1/3-octave bands.

    Args:
        x: (samples,) or (samples, channels) audio; channels are averaged.
        sr: sample rate in Hz.

    Returns:
        ``(centres_hz, level_db)``: band power (Welch PSD integrated over each band) in dB;
        empty bands read -200 dB.
    """
    from scipy.signal import welch

    mono = _as_2d(x).mean(axis=1)
    centres = third_octave_centres(sr)
    nper = int(2 ** math.ceil(math.log2(sr / 8)))  # <= 8 Hz resolution: >= 1 bin per low band
    if len(mono) < nper:
        mono = np.pad(mono, (0, nper - len(mono)))
    f, psd = welch(mono, fs=sr, nperseg=nper, noverlap=nper // 2)
    df = f[1] - f[0]
    lo, hi = centres * 2 ** (-1 / 6), centres * 2 ** (1 / 6)
    power = np.array([psd[(f >= a) & (f < b)].sum() * df for a, b in zip(lo, hi)])
    return centres, 10 * np.log10(np.maximum(power, 1e-20))


def eq_band_gains(ref: np.ndarray, dub: np.ndarray, sr: int, max_db: float,
                  max_cut_db: Optional[float] = None) -> tuple[np.ndarray, np.ndarray]:
    """Per-band EQ (dB) that moves the dub's LTAS shape toward the reference's.

    The level difference (median band difference) is removed, the curve is smoothed
    across neighbouring bands and clamped to ``[-max_cut_db, +max_db]`` (``max_cut_db``
    defaults to ``max_db``). Bands ``EQ_FLOOR_DB`` below the dub's peak get 0 dB (no boosting
    of empty bands); bands that far below the source's peak count as at that floor, so the
    dub is cut there. Cuts may go deeper than boosts: they only remove what the source lacks
    (a telephone band's missing highs) and amplify no noise.
    """
    centres, r = band_spectrum_db(ref, sr)
    _, d = band_spectrum_db(dub, sr)
    ref_floor = r.max() - EQ_FLOOR_DB
    valid = d > d.max() - EQ_FLOOR_DB  # an empty dub band is never boosted
    both = valid & (r > ref_floor)
    # A band empty in the source but not in the dub is cut as far as allowed (reference at its floor).
    diff = np.where(valid, np.maximum(r, ref_floor) - d, 0.0)
    if both.any():
        # Remove the level offset (the loudness match sets the level) with the median band
        # that both have: a power-weighted mean would be pulled by exactly the bands one lacks.
        diff = np.where(valid, diff - np.median(diff[both]), 0.0)
    padded = np.pad(diff, 1, mode="edge")
    smooth = np.convolve(padded, EQ_SMOOTH, mode="valid")
    cut = max_db if max_cut_db is None else max_cut_db
    return centres, np.clip(np.where(valid, smooth, 0.0), -cut, max_db)


def design_eq_fir(centres: np.ndarray, gains_db: np.ndarray, sr: int) -> np.ndarray:
    """Linear-phase FIR (odd length, ~40 ms) through the band gains (``scipy.signal.firwin2``)."""
    from scipy.signal import firwin2

    numtaps = int(2 ** math.ceil(math.log2(0.04 * sr))) + 1
    freq = np.concatenate([[0.0], centres, [sr / 2]])
    g = np.concatenate([[gains_db[0]], gains_db, [gains_db[-1]]])
    return firwin2(numtaps, freq, 10 ** (g / 20), fs=sr)


def apply_fir_zero_delay(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Filter with a linear-phase FIR and remove its (len-1)/2 group delay: same length, same timing."""
    from scipy.signal import oaconvolve

    delay = (len(h) - 1) // 2
    y = oaconvolve(np.asarray(x, dtype=np.float64), h)
    return y[delay : delay + len(x)]


# ---------------------------------------------------------------------------------------------
# Backend
# ---------------------------------------------------------------------------------------------


@LOUDNESS.register("bs1770")
class BS1770Matcher(LoudnessMatcher):
    """BS.1770 loudness match per segment, LTAS EQ per speaker, true-peak limiter."""

    backend = "bs1770"

    class Options(LoudnessMatcher.Options):
        eq: bool = Field(True, description="fit and apply the per-speaker EQ")
        max_eq_db: float = Field(12.0, ge=0.0, le=24.0, description="largest EQ boost of a band (dB)")
        max_eq_cut_db: float = Field(12.0, ge=0.0, le=40.0,
                                     description="largest EQ cut of a band (dB); 40 (the bundled recipes) matches a telephone channel")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.eq = o.eq
        self.max_eq_db = o.max_eq_db
        self.max_eq_cut_db = o.max_eq_cut_db

    def version(self) -> str:
        from .base import package_version

        return f"bs1770-4;pyloudnorm={package_version('pyloudnorm') or '?'}"

    @classmethod
    def check(cls) -> Check:
        from .base import module_check

        return module_check("loudness", "bs1770", "pyloudnorm", "pyloudnorm", "pip install pyloudnorm")

    def match_iter(
        self,
        dubs: Sequence[np.ndarray],
        refs: Sequence[np.ndarray],
        speakers: Sequence[str],
        sr: int,
    ) -> Iterator[tuple[np.ndarray, dict[str, Any]]]:
        """Match each mono dub segment to the source speech of the same segment.

        A speaker's EQ curve and fallback level come from up to ``SPEAKER_STATS_MAX_S`` of
        their segments, spread over the recording (all of them in shorter recordings).

        Args:
            dubs: mono dub segments (float arrays).
            refs: mono separated source speech of the same segments (any lengths).
            speakers: speaker label per segment.
            sr: sample rate of both, Hz.

        Yields:
            Per segment, the processed dub (float32, same length) and a dict with
            ``source_lufs``, ``target_lufs``, ``dub_lufs_before`` (as given),
            ``dub_lufs_after``, ``gain_db``, ``method`` (``"integrated"`` or
            ``"kweighted_rms"`` for segments < 400 ms), ``level_source`` (``"segment"`` or
            ``"speaker"`` when the reference is silent), ``speaker``. The speaker's EQ curve,
            ``eq_centres_hz`` and ``eq_gains_db`` (lists; empty when EQ is off), is in
            *every* segment dict of that speaker (the same curve).
        """
        if not (len(dubs) == len(refs) == len(speakers)):
            raise ValueError(
                f"dubs, refs and speakers differ in length: {len(dubs)}, {len(refs)}, {len(speakers)}"
            )
        if sr <= 0:
            raise ValueError(f"sample rate must be positive, got {sr}")
        from ..dsp import spread_pick

        # per-speaker EQ filter and fallback level
        eq_curves: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        firs: dict[str, Optional[np.ndarray]] = {}
        speaker_lufs: dict[str, float] = {}
        for spk in dict.fromkeys(speakers):
            idx = [i for i, s in enumerate(speakers) if s == spk]
            idx = [idx[j] for j in spread_pick([len(refs[i]) / sr for i in idx], SPEAKER_STATS_MAX_S)]
            ref_all = np.concatenate([self._mono(refs[i], "ref", i) for i in idx])
            dub_all = np.concatenate([self._mono(dubs[i], "dub", i) for i in idx])
            speaker_lufs[spk] = integrated_loudness(ref_all, sr)
            firs[spk] = None
            eq_curves[spk] = (np.array([]), np.array([]))
            if self.eq and np.any(ref_all) and np.any(dub_all) and (self.max_eq_db > 0 or self.max_eq_cut_db > 0):
                centres, gains = eq_band_gains(ref_all, dub_all, sr, self.max_eq_db, self.max_eq_cut_db)
                eq_curves[spk] = (centres, gains)
                firs[spk] = design_eq_fir(centres, gains, sr)

            del ref_all, dub_all
        for i, spk in enumerate(speakers):
            dub, ref = self._mono(dubs[i], "dub", i), self._mono(refs[i], "ref", i)
            before = integrated_loudness(dub, sr)
            y = apply_fir_zero_delay(dub, firs[spk]) if firs[spk] is not None else dub.copy()
            eq_lufs = integrated_loudness(y, sr)
            src = integrated_loudness(ref, sr)
            level_source = "segment"
            target = src
            if not src > SILENT_LUFS:
                level_source = "speaker"
                target = speaker_lufs[spk]
            if not target > SILENT_LUFS or not eq_lufs > SILENT_LUFS:
                gain = 0.0  # nothing to measure against (or a silent dub): leave the level alone
                level_source = "none"
            else:
                gain = float(np.clip(target - eq_lufs, -MAX_GAIN_DB, MAX_GAIN_DB))
            y = (y * 10 ** (gain / 20)).astype(np.float32)
            centres, gains = eq_curves[spk]
            yield y, (
                {
                    "speaker": spk,
                    "source_lufs": _finite(src),
                    "target_lufs": _finite(target),
                    "dub_lufs_before": _finite(before),
                    "dub_lufs_after": _finite(integrated_loudness(y, sr)),
                    "gain_db": gain,
                    "method": "integrated" if len(dub) > MIN_INTEGRATED_S * sr else "kweighted_rms",
                    "level_source": level_source,
                    "eq_centres_hz": centres.tolist(),
                    "eq_gains_db": gains.tolist(),
                }
            )

    @staticmethod
    def _mono(x: np.ndarray, what: str, i: int) -> np.ndarray:
        a = np.asarray(x, dtype=np.float64)
        if a.ndim == 2 and a.shape[1] == 1:
            a = a[:, 0]
        if a.ndim != 1:
            raise ValueError(f"{what} segment {i} must be mono (samples,), got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{what} segment {i} contains NaN or infinite samples")
        return a


def true_peak_limit(audio: np.ndarray, sr: int, ceiling_db: float = -1.0) -> np.ndarray:
    """True-peak limit ``audio`` (samples, channels) to ``ceiling_db`` dBTP.

    Look-ahead gain computer on the ×4 oversampled peak: the required gain is
    min-filtered over [-release hold, +attack] and smoothed with an ``LIMIT_ATTACK_S``
    Hann ramp, which provably stays at or below the required gain at every peak; the
    gain is exactly 1 away from peaks, so audio below the ceiling is returned untouched.

    Returns:
        float32 array, same shape.
    """
    x = np.asarray(audio)
    if x.ndim != 2:
        raise ValueError(f"audio must be (samples, channels), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("audio contains NaN or infinite samples")
    thr = 10 ** (ceiling_db / 20)
    y = x.astype(np.float64)
    # Gain changes slightly alter the interpolated peaks; a couple of passes settle it.
    for _ in range(4):
        peak = _oversampled_peak(y, HALF_DB * thr)
        if peak.max() <= thr * 10 ** (0.05 / 20):
            break
        y = y * _limiter_gain(peak, thr * 10 ** (-0.05 / 20), sr)[:, None]
    return y.astype(np.float32)


def _limiter_gain(peak: np.ndarray, thr: float, sr: int) -> np.ndarray:
    from scipy.ndimage import minimum_filter1d

    need = np.minimum(1.0, thr / np.maximum(peak, 1e-12))
    ramp = max(2, int(LIMIT_ATTACK_S * sr)) | 1  # odd
    half = ramp // 2
    hold = max(half, int(LIMIT_RELEASE_S * sr))
    size = hold + half + 1
    # window [m - hold, m + half]: origin shifts the window centre
    origin = (size - 1) // 2 - half
    held = minimum_filter1d(need, size, origin=origin, mode="nearest")
    win = np.hanning(ramp + 2)[1:-1]
    win /= win.sum()
    # smooth the *reduction* so that regions with no reduction stay exactly 1.0
    red = np.convolve(1.0 - held, win, mode="same")
    return np.clip(1.0 - red, 0.0, 1.0)


def _finite(v: float) -> Optional[float]:
    return float(v) if np.isfinite(v) else None
