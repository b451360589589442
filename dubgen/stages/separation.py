"""Background separation: split the original audio into speech and background."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
from pydantic import Field

from ..dsp import raised_cosine
from ..errors import BackendUnavailable
from ..registry import StageRegistry
from .base import Backend, Check, module_check, package_version

SEPARATION: StageRegistry["Separator"] = StageRegistry("separation", default="dsp")


class Separator(Backend):
    stage = "separation"

    def separate(
        self, audio: np.ndarray, sr: int, speech: Sequence[tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Split ``audio`` (samples, channels) into (speech, background) of the same shape.

        ``speech`` lists the speech regions in seconds; outside them the background is the
        original audio itself.
        """
        raise NotImplementedError


def separate_file(
    backend: Separator, src: Path, speech_dst: Path, background_dst: Path, speech: Sequence[tuple[float, float]],
    block_s: float = 60.0, margin_s: float = 5.0, fade_s: float = 0.25,
) -> None:
    """:meth:`Separator.separate` of a WAV file into two WAVs, in blocks of ``block_s``.

    Each block is separated with ``margin_s`` of context either side (the regions clipped to
    it) and joined to the next by a ``fade_s`` crossfade; memory follows the block length,
    not the file's. A file no longer than one block is separated in one piece.
    """
    from ..audiofile import WavWriter, info, process, read

    i = info(src)
    sr = i.sample_rate

    def one(a: int, b: int) -> np.ndarray:
        t0, t1 = a / sr, b / sr
        regions = [(max(s, t0) - t0, min(e, t1) - t0) for s, e in speech if e > t0 and s < t1]
        sp, bg = backend.separate(read(src, a, b), sr, regions)
        return np.stack([sp, bg], axis=-1)

    with WavWriter(speech_dst, sr, i.channels, frames=i.frames) as w_sp, \
            WavWriter(background_dst, sr, i.channels, frames=i.frames) as w_bg:
        for _, y in process(i.frames, int(block_s * sr), int(margin_s * sr), one, fade=int(fade_s * sr)):
            w_sp.write(y[..., 0])
            w_bg.write(y[..., 1])


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

CROSSFADE_S = 0.02  # ramp of the speech weight at region edges (inside the region)


def _validate(audio: np.ndarray, sr: int, speech: Sequence[tuple[float, float]]) -> np.ndarray:
    if not isinstance(audio, np.ndarray) or audio.ndim != 2:
        raise ValueError(f"audio must be a (samples, channels) array, got shape {np.shape(audio)}")
    if audio.shape[1] < 1:
        raise ValueError("audio has no channels")
    if sr <= 0:
        raise ValueError(f"sample rate must be positive, got {sr}")
    if not np.all(np.isfinite(audio)):
        raise ValueError("audio contains NaN or infinite samples")
    for start, end in speech:
        if not (math.isfinite(start) and math.isfinite(end)) or end < start:
            raise ValueError(f"invalid speech region ({start}, {end})")
    return audio.astype(np.float32, copy=False)


def speech_weight(n: int, sr: int, speech: Sequence[tuple[float, float]]) -> np.ndarray:
    """Per-sample weight of the speech estimate: 1 inside regions, 0 outside.

    The raised-cosine ramps (``CROSSFADE_S``) lie *inside* each region so that outside the
    regions the background stays bit-exact while the switch-over inside is click-free. A region
    that reaches the start or end of the audio has no ramp there: there is nothing outside to
    fade to, and a ramp would let the original speech through where the clip cuts a word.

    Args:
        n: number of samples.
        sr: sample rate in Hz.
        speech: regions in seconds (may overlap or be unsorted).

    Returns:
        float32 array of shape (n,).
    """
    w = np.zeros(n, dtype=np.float32)
    ramp_n = max(1, int(round(CROSSFADE_S * sr)))
    for a, b in _merge_regions(speech, n, sr):
        length = b - a
        r = min(ramp_n, length // 2)
        seg = np.ones(length, dtype=np.float32)
        if r > 0:
            ramp = raised_cosine(r)
            if a > 0:
                seg[:r] = ramp
            if b < n:
                seg[length - r :] = ramp[::-1]
        w[a:b] = np.maximum(w[a:b], seg)
    return w


def _merge_regions(
    speech: Sequence[tuple[float, float]], n: int, sr: int
) -> list[tuple[int, int]]:
    """Regions as sorted, merged, clipped sample ranges (touching regions become one)."""
    spans = sorted(
        (max(0, int(round(a * sr))), min(n, int(round(b * sr)))) for a, b in speech
    )
    out: list[list[int]] = []
    for a, b in spans:
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


# ---------------------------------------------------------------------------------------------
# DSP backend
# ---------------------------------------------------------------------------------------------


def _stft(x: np.ndarray, n_fft: int, hop: int) -> np.ndarray:
    """Hann-windowed STFT (frames, bins); the signal is padded by n_fft//2 on both sides."""
    pad = n_fft // 2
    xp = np.pad(x, (pad, pad + n_fft))
    n_frames = 1 + (len(x) + pad - 0) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(n_frames)[:, None]
    win = np.hanning(n_fft + 1)[:-1].astype(np.float32)
    import scipy.fft

    return scipy.fft.rfft(xp[idx] * win, axis=1, workers=-1).astype(np.complex64, copy=False)


def _istft(spec: np.ndarray, n_fft: int, hop: int, length: int) -> np.ndarray:
    """Weighted overlap-add inverse of :func:`_stft` (exact for an unmodified spectrum)."""
    pad = n_fft // 2
    win = np.hanning(n_fft + 1)[:-1].astype(np.float32)
    import scipy.fft

    frames = scipy.fft.irfft(spec, n=n_fft, axis=1, workers=-1).astype(np.float32) * win
    total = pad + length + n_fft + hop * 2
    out = np.zeros(total, dtype=np.float32)
    norm = np.zeros(total, dtype=np.float32)
    for i in range(frames.shape[0]):
        s = i * hop
        if s >= total:
            break
        e = min(total, s + n_fft)
        out[s:e] += frames[i, : e - s]
        norm[s:e] += win[: e - s] ** 2
    norm[norm < 1e-8] = 1.0
    return (out / norm)[pad : pad + length]


def _band_pool_matrix(n_bins: int, sr: int, n_fft: int, n_bands: int) -> np.ndarray:
    """(bins, bands) matrix that pools linear bins into log-spaced bands (for similarity)."""
    freqs = np.arange(n_bins) * sr / n_fft
    edges = np.geomspace(50.0, sr / 2, n_bands + 1)
    pool = np.zeros((n_bins, n_bands), dtype=np.float32)
    band = np.clip(np.searchsorted(edges, freqs) - 1, 0, n_bands - 1)
    pool[np.arange(n_bins), band] = 1.0
    pool /= np.maximum(pool.sum(axis=0, keepdims=True), 1.0)
    return pool


def _pitch_track(x: np.ndarray, sr: int, hop: int, n_frames: int) -> np.ndarray:
    """F0 in Hz per STFT frame (0 = unvoiced) with Praat's autocorrelation tracker."""
    import parselmouth
    from scipy.signal import resample_poly

    # Praat at 16 kHz is as accurate for F0 and several times faster than at 44.1 kHz.
    target = 16000
    g = math.gcd(int(sr), target)
    y = resample_poly(x.astype(np.float64), target // g, int(sr) // g) if sr != target else x
    snd = parselmouth.Sound(np.asarray(y, dtype=np.float64), float(target))
    pitch = snd.to_pitch_ac(
        time_step=hop / sr, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ,
        voicing_threshold=VOICING_THRESHOLD,
    )
    f0 = pitch.selected_array["frequency"]
    times = pitch.xs()
    frame_t = np.arange(n_frames) * hop / sr
    # nearest Praat frame for every STFT frame; outside Praat's span -> unvoiced
    idx = np.clip(np.round((frame_t - times[0]) / (hop / sr)).astype(int), 0, len(f0) - 1)
    out = f0[idx]
    out[(frame_t < times[0] - hop / sr) | (frame_t > times[-1] + hop / sr)] = 0.0
    return out.astype(np.float32)


PITCH_FLOOR_HZ = 70.0
PITCH_CEILING_HZ = 450.0
VOICING_THRESHOLD = 0.45

# Tuned on speech_music / speech_noise against the ground-truth stems (bench/separation.py).
REPET_K = 9  # (9: fast median network) neighbours whose median magnitude models the repeating background
REPET_MIN_DIST_S = 1.0  # neighbours closer than this are the same note/word, not a repeat
REPET_BANDS = 96  # log-spaced bands of the similarity features
OVERSUBTRACT = 4.0  # background power scale before subtraction: leaked music hurts more than lost speech
NOISE_CONTEXT_S = 10.0  # non-speech frames this close to a region estimate its noise floor
MIN_NOISE_FRAMES = 8
COMB_MAX_HZ = 4000.0  # above this, harmonics are too smeared for a reliable comb
EDGE_LOW_HZ, EDGE_HIGH_HZ = 150.0, 4000.0  # outside the core speech band: music-dominated
SIDE_MIN_DB = -30.0  # residual (non-speech-direction) channel weaker than this carries no cue


@SEPARATION.register("dsp")
class DSPSeparator(Separator):
    """Offline DSP separator: REPET-SIM + F0 harmonic comb + noise floor, inside speech only.

    Stereo input is projected on the speech direction (dialogue is usually panned to the
    centre); everything orthogonal to it goes to the background untouched, and its spectrum
    is the speech-free cue for the REPET-SIM neighbour search. Within the speech signal each
    time-frequency bin's background power is the larger of

    * the median of the ``REPET_K`` most similar frames (repeating music), and
    * the mean power of neighbouring non-speech frames (stationary ambience / noise),

    scaled by ``OVERSUBTRACT``; in voiced frames (Praat F0) the background at harmonic bins is
    capped by the inter-harmonic valley level, so voiced speech is not mistaken for music.
    The speech gain is the power-subtraction mask; background = audio − speech, so the two
    always sum to the input exactly (up to float32 rounding), and outside the speech regions
    the background *is* the input sample for sample. No options; runs on the CPU.
    """

    backend = "dsp"

    def version(self) -> str:
        return f"dsp-3;parselmouth={package_version('praat-parselmouth') or '?'}"

    @classmethod
    def check(cls) -> Check:
        return module_check(
            "separation", "dsp", "parselmouth", "praat-parselmouth",
            "pip install praat-parselmouth",
        )

    def separate(
        self, audio: np.ndarray, sr: int, speech: Sequence[tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Split ``audio`` (samples, channels) into (speech, background).

        Args:
            audio: float array (samples, channels).
            sr: sample rate in Hz.
            speech: speech regions in seconds.

        Returns:
            ``(speech, background)``, float32, same shape as ``audio``; they sum to ``audio``
            and the background equals ``audio`` outside the regions.
        """
        x = _validate(audio, sr, speech)
        n, n_ch = x.shape
        w = speech_weight(n, sr, speech)
        if n == 0 or not w.any():
            return np.zeros_like(x), x.copy()
        if n_ch == 2:
            u = _speech_direction(x, sr, w)
            main = x @ u
            resid = x - np.outer(main, u)
            aux = resid @ np.array([u[1], -u[0]], dtype=np.float32)
            sp = np.outer(_speech_mono(main, aux, sr, w), u)
        else:
            # no reliable spatial cue for mono or multichannel layouts: each channel alone
            sp = np.stack([_speech_mono(x[:, c], None, sr, w) for c in range(n_ch)], axis=1)
        sp = sp.astype(np.float32)
        return sp, x - sp


def _speech_direction(x: np.ndarray, sr: int, w: np.ndarray) -> np.ndarray:
    """Unit (L, R) vector along which the speech is panned.

    Principal axis of the speech-band (300-3400 Hz) covariance inside speech regions, minus
    that of the non-speech parts when there are any (so a loud panned background does not
    pull the axis). Falls back to the centre when the estimate is degenerate.
    """
    from scipy.signal import butter, sosfilt

    centre = np.array([1.0, 1.0], dtype=np.float32) / np.sqrt(2.0)
    hi = min(3400.0, 0.45 * sr)
    if hi <= 300.0:
        return centre
    sos = butter(4, [300.0, hi], btype="band", fs=sr, output="sos")
    y = sosfilt(sos, x, axis=0)  # phase is irrelevant for a covariance: one pass is enough
    inside = w > 0.999
    c = np.cov(y[inside].T) if inside.sum() > 2 else None
    if c is None:
        return centre
    if (~inside).sum() > int(0.3 * sr):
        c = c - np.cov(y[~inside].T)
    vals, vecs = np.linalg.eigh(c)
    if vals[-1] <= 0:
        return centre
    u = vecs[:, -1]
    u = u if u.sum() >= 0 else -u
    return (u / np.linalg.norm(u)).astype(np.float32)


def _speech_mono(main: np.ndarray, aux: Optional[np.ndarray], sr: int, w: np.ndarray) -> np.ndarray:
    """Speech estimate of one channel (zero outside the regions, ramped at their edges)."""
    n = len(main)
    n_fft = int(2 ** round(math.log2(0.046 * sr)))  # ~46 ms frames at any rate
    hop = n_fft // 4
    spec = _stft(main, n_fft, hop)
    mag = np.abs(spec)
    n_frames, n_bins = mag.shape
    freqs = np.arange(n_bins) * sr / n_fft
    in_speech = w[np.minimum(np.arange(n_frames) * hop, n - 1)] > 0
    q = np.flatnonzero(in_speech)
    if len(q) == 0:
        return np.zeros(n, dtype=np.float32)

    # --- similarity features: speech-free when possible ---
    pool = _band_pool_matrix(n_bins, sr, n_fft, REPET_BANDS)
    use_aux = False
    if aux is not None:
        e_main = float(np.mean(main[w > 0] ** 2)) + 1e-20
        e_aux = float(np.mean(aux[w > 0] ** 2))
        use_aux = 10 * math.log10(e_aux / e_main + 1e-20) > SIDE_MIN_DB
    if use_aux:
        feats = np.abs(_stft(aux, n_fft, hop)) @ pool
    else:
        edge = (freqs < EDGE_LOW_HZ) | (freqs > EDGE_HIGH_HZ)
        feats = mag[:, edge] @ pool[edge]
    feats = feats / (np.linalg.norm(feats, axis=1, keepdims=True) + 1e-9)

    # --- REPET-SIM: median of the most similar distant frames ---
    min_dist = max(1, int(REPET_MIN_DIST_S * sr / hop))
    k = min(REPET_K, n_frames - 1)
    rep = np.empty((len(q), n_bins), dtype=np.float32)
    if k >= 1:
        for c0 in range(0, len(q), 256):  # chunks bound memory on long clips
            qq = q[c0 : c0 + 256]
            sim = feats[qq] @ feats.T
            for r, t in enumerate(qq):
                sim[r, max(0, t - min_dist + 1) : t + min_dist] = -np.inf
            kk = min(k, int(np.isfinite(sim).sum(axis=1).min()))
            if kk < 1:
                rep[c0 : c0 + 256] = 0.0
                continue
            nb = np.argpartition(-sim, kk - 1, axis=1)[:, :kk]
            rep[c0 : c0 + 256] = _neighbour_median(mag, nb)
    else:
        rep[:] = 0.0
    m2 = mag[q] ** 2
    bg2 = np.minimum(rep, mag[q]) ** 2

    # --- noise floor from neighbouring non-speech frames (Wiener-style) ---
    ns = np.flatnonzero(~in_speech)
    ctx = int(NOISE_CONTEXT_S * sr / hop)
    for a, b in _frame_runs(in_speech):
        near = ns[(ns >= a - ctx) & (ns < b + ctx)]
        if len(near) < MIN_NOISE_FRAMES:
            continue
        sel = (q >= a) & (q < b)
        bg2[sel] = np.maximum(bg2[sel], np.mean(mag[near] ** 2, axis=0))
    bg2 = np.minimum(bg2 * OVERSUBTRACT, m2)

    # --- harmonic comb: at the speaker's harmonics the background is the valley level ---
    gain = np.maximum(m2 - bg2, 0.0) / (m2 + 1e-12)
    rough = np.zeros_like(spec)
    rough[q] = gain * spec[q]
    # F0 from the rough speech estimate: on the raw mix the tracker locks onto bass notes
    f0 = _pitch_track(_istft(rough, n_fft, hop, n), sr, hop, n_frames)[q]
    voiced = np.flatnonzero(f0 > 0)
    nb_c = int(np.searchsorted(freqs, COMB_MAX_HZ))
    df = sr / n_fft
    if len(voiced):
        fb = freqs[None, :nb_c]
        f = f0[voiced][:, None].astype(np.float64)
        h = np.round(fb / f)
        sigma = np.maximum(df, 0.015 * h * f)
        comb = np.exp(-0.5 * ((fb - h * f) / sigma) ** 2) * (h >= 1)
        # inter-harmonic valley: running minimum over one harmonic spacing (grouped by size)
        sizes = np.maximum(3, (f[:, 0] / df).astype(int) + 1)
        valley = np.empty((len(voiced), nb_c), dtype=np.float32)
        for size in np.unique(sizes):
            rows = sizes == size
            valley[rows] = _running_min(m2[voiced[rows], :nb_c], int(size))
        mv = m2[voiced, :nb_c]
        bg_h = np.minimum(bg2[voiced, :nb_c], 2.0 * valley)
        g_h = np.maximum(mv - bg_h, 0.0) / (mv + 1e-12)
        gain[voiced, :nb_c] = comb * g_h + (1.0 - comb) * gain[voiced, :nb_c]

    out = np.zeros_like(spec)
    out[q] = gain * spec[q]
    return _istft(out, n_fft, hop, n) * w


def _frame_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index runs where ``mask`` is true."""
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def _running_min(x: np.ndarray, size: int) -> np.ndarray:
    from scipy.ndimage import minimum_filter1d

    return minimum_filter1d(x, size, axis=-1, mode="nearest")


def _neighbour_median(mag: np.ndarray, nb: np.ndarray) -> np.ndarray:
    """Median of ``mag`` rows ``nb`` (queries, k) -> (queries, bins).

    For k == 9 a min/max sorting network (Devillard's opt_med9) avoids gathering a 3-D
    array and partitioning it: ~3x faster, and this is the hottest loop of the backend.
    """
    if nb.shape[1] != 9:
        return np.median(mag[nb], axis=1)
    p = [mag[nb[:, i]] for i in range(9)]
    for a, b in _MED9_NET:
        lo = np.minimum(p[a], p[b])
        p[b] = np.maximum(p[a], p[b])
        p[a] = lo
    return p[4]


_MED9_NET = (
    (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3), (5, 8),
    (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
)


# ---------------------------------------------------------------------------------------------
# Demucs backend (local checkpoint only: nothing is downloaded)
# ---------------------------------------------------------------------------------------------

DEMUCS_FIX = (
    "download a model on a machine with network (e.g. `python -m demucs -n htdemucs some.wav`, "
    "then copy ~/.cache/torch/hub/checkpoints/955717e8-8726e21a.th), and set separation.model "
    "to that .th file, or to a directory holding a bag .yaml and its .th files"
)
DEMUCS_CONTEXT_S = 1.0  # audio kept either side of a speech span so the model sees context
SPEECH_SOURCE = "vocals"


@SEPARATION.register("demucs")
class DemucsSeparator(Separator):
    """Neural separation with a local Demucs (v2-v4 / HT-Demucs) checkpoint.

    Only the speech spans (plus ``DEMUCS_CONTEXT_S`` of context) are run through the model;
    its ``vocals`` stem, weighted like the DSP backend, is the speech; background = audio −
    speech, so outside the regions the background is the input exactly.

    Raises:
        BackendUnavailable: the path is unset or missing, or demucs/torch are not installed.
    """

    backend = "demucs"
    DEVICES = ("cpu", "cuda")

    class Options(Separator.Options):
        model: Optional[str] = Field(
            None, description="a Demucs .th checkpoint (demucs.states.serialize_model), or a folder with one bag "
                              ".yaml (models: list of signatures) and its <sig>-*.th files, or with a single .th")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        model = self.options.model
        if not model:
            raise BackendUnavailable(f"separation backend 'demucs' needs a local model: {DEMUCS_FIX}")
        self.model_path = Path(model).expanduser()
        if not self.model_path.exists():
            raise BackendUnavailable(f"demucs model {self.model_path} not found; {DEMUCS_FIX}")
        self._model: Any = None  # loaded lazily, once per instance (no module-level cache)
        self._digest: Optional[str] = None

    @classmethod
    def check(cls) -> Check:
        c = module_check("separation", "demucs", "demucs", "demucs", "pip install demucs")
        if c.ok:
            return Check(c.stage, c.backend, True, f"{c.detail}; needs separation.model", DEMUCS_FIX)
        return c

    def version(self) -> str:
        if self._digest is None:
            from ..io import sha256_file

            self._digest = ",".join(sha256_file(f)[:16] for f in self._checkpoint_files())
        return f"demucs-1;demucs={package_version('demucs') or '?'};model={self._digest}"

    # -- loading ---------------------------------------------------------------------------

    def _bag_spec(self) -> Optional[dict[str, Any]]:
        p = self.model_path
        if p.is_file():
            return None
        bags = sorted(p.glob("*.yaml"))
        if len(bags) > 1:
            raise BackendUnavailable(
                f"{p}: several bag files ({[b.name for b in bags]}); point separation.model at one .th"
            )
        if not bags:
            return None
        import yaml

        spec = yaml.safe_load(bags[0].read_text())
        if not isinstance(spec, dict) or not spec.get("models"):
            raise BackendUnavailable(f"{bags[0]}: lists no models")
        return spec

    def _checkpoint_files(self) -> list[Path]:
        p = self.model_path
        if p.is_file():
            return [p]
        spec = self._bag_spec()
        if spec is not None:
            files = []
            for sig in spec["models"]:
                found = sorted(p.glob(f"{sig}*.th"))
                if not found:
                    raise BackendUnavailable(f"{p}: no checkpoint for signature {sig!r}; {DEMUCS_FIX}")
                files.append(found[0])
            return files
        ths = sorted(p.glob("*.th"))
        if len(ths) != 1:
            raise BackendUnavailable(f"{p}: expected one .th checkpoint, found {len(ths)}; {DEMUCS_FIX}")
        return ths

    def load(self) -> Any:
        """Load (once per instance) the model or bag of models onto ``device``."""
        if self._model is not None:
            return self._model
        try:
            from demucs.apply import BagOfModels
        except ImportError as e:
            raise BackendUnavailable(f"python package 'demucs' not installed ({e}); pip install demucs") from e
        models = [load_demucs_checkpoint(f) for f in self._checkpoint_files()]
        spec = self._bag_spec()
        if spec is None:
            model = models[0]
        else:
            model = BagOfModels(models, spec.get("weights"), spec.get("segment"))
        if SPEECH_SOURCE not in model.sources:
            raise BackendUnavailable(
                f"demucs model {self.model_path} has no {SPEECH_SOURCE!r} source (sources: {model.sources})"
            )
        self._model = model.to(self.device).eval()
        return self._model

    # -- separation ------------------------------------------------------------------------

    def separate(
        self, audio: np.ndarray, sr: int, speech: Sequence[tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Split ``audio`` (samples, channels) into (speech, background); see the class doc."""
        import torch
        from demucs.apply import apply_model
        from scipy.signal import resample_poly

        x = _validate(audio, sr, speech)
        n, n_ch = x.shape
        w = speech_weight(n, sr, speech)
        if n == 0 or not w.any():
            return np.zeros_like(x), x.copy()
        model = self.load()
        msr, mch = int(model.samplerate), int(model.audio_channels)
        src_idx = list(model.sources).index(SPEECH_SOURCE)
        g = math.gcd(int(sr), msr)
        sp = np.zeros_like(x)
        ctx = int(DEMUCS_CONTEXT_S * sr)
        for a, b in _merge_regions(speech, n, sr):
            a0, b0 = max(0, a - ctx), min(n, b + ctx)
            chunk = x[a0:b0]
            y = resample_poly(chunk, msr // g, sr // g, axis=0) if sr != msr else chunk
            y = _match_channels(y, mch)
            wav = torch.from_numpy(np.ascontiguousarray(y.T, dtype=np.float32))
            # demucs.separate normalises by the mixture's statistics; the models expect it
            ref = wav.mean(0)
            mean, std = ref.mean(), ref.std() + 1e-8
            with torch.no_grad():
                est = apply_model(model, ((wav - mean) / std)[None], device=self.device,
                                  shifts=0, split=True, overlap=0.25, progress=False)[0]
            voc = (est[src_idx] * std + mean).cpu().numpy().T.astype(np.float64)
            voc = resample_poly(voc, sr // g, msr // g, axis=0) if sr != msr else voc
            voc = _match_channels(voc, n_ch)
            m = min(len(voc), b0 - a0)
            sp[a0 : a0 + m] = voc[:m]
        sp *= w[:, None]
        return sp, x - sp


def _match_channels(x: np.ndarray, n_ch: int) -> np.ndarray:
    if x.shape[1] == n_ch:
        return x
    if x.shape[1] == 1:
        return np.repeat(x, n_ch, axis=1)
    return np.repeat(x.mean(axis=1, keepdims=True), n_ch, axis=1)


def load_demucs_checkpoint(path: Path) -> Any:
    """Build a Demucs model from a ``serialize_model`` package with ``weights_only=True``.

    Only the Demucs model classes are allow-listed for unpickling, so a checkpoint cannot run
    arbitrary code. DiffQ-quantised checkpoints are refused (they need ``diffq``).

    Raises:
        BackendUnavailable: the file is not a loadable (safe) Demucs package.
    """
    import inspect
    import pickle

    import torch
    from demucs.demucs import Demucs
    from demucs.hdemucs import HDemucs
    from demucs.htdemucs import HTDemucs

    allowed = (Demucs, HDemucs, HTDemucs)
    try:
        with torch.serialization.safe_globals(list(allowed)):
            package = torch.load(str(path), map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError) as e:
        raise BackendUnavailable(f"{path}: not a loadable demucs checkpoint ({e}); {DEMUCS_FIX}") from e
    if not isinstance(package, dict) or not {"klass", "args", "kwargs", "state"} <= set(package):
        raise BackendUnavailable(
            f"{path}: not a demucs model package (needs klass/args/kwargs/state; a bare state "
            f"dict does not say which architecture to build); {DEMUCS_FIX}"
        )
    klass = package["klass"]
    if klass not in allowed:
        raise BackendUnavailable(f"{path}: unsupported model class {klass!r}")
    state = package["state"]
    if state.get("__quantized"):
        raise BackendUnavailable(f"{path}: DiffQ-quantised checkpoint; use a non-quantised model")
    params = inspect.signature(klass).parameters
    # as demucs.states.load_model: drop options that this version of the class no longer takes
    kwargs = {k: v for k, v in dict(package["kwargs"]).items() if k in params}
    model = klass(*package["args"], **kwargs)
    model.load_state_dict(state)
    return model

