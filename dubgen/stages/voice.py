"""Voice matching: move the synthetic voice toward each source speaker."""

from __future__ import annotations

import hashlib
import logging
import warnings
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable
from ..registry import StageRegistry
from .base import Backend, BackendOptions, Check, module_check, package_version

VOICE: StageRegistry["VoiceConverter"] = StageRegistry("voice", default="praat")


@dataclass(frozen=True)
class VoiceProfile:
    """What voice matching measures of one speaker (or one synthetic voice)."""

    f0_median: Optional[float]  # Hz; None when nothing voiced was found
    f0_range: Optional[float]  # semitones between the 5th and 95th percentile of F0
    formant: Optional[float]  # Hz, mean formant frequency used for the formant-shift ratio
    voiced_s: float = 0.0


class VoiceConverter(Backend):
    stage = "voice"

    def profile(self, speech: np.ndarray, sr: int) -> VoiceProfile:
        """Measure a mono speech signal."""
        raise NotImplementedError

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile
    ) -> np.ndarray:
        """Move mono ``audio`` (whose voice is ``source``) toward ``target``; same length out."""
        raise NotImplementedError


# --------------------------------------------------------------------------- measurement

#: Pitch search range of the first analysis pass (Hz); wide enough for bass voices and children.
F0_FLOOR_HZ = 50.0
F0_CEILING_HZ = 700.0
#: Fewer voiced 10 ms frames than this and F0/formants are reported as unmeasurable (None).
MIN_VOICED_FRAMES = 10
PITCH_STEP_S = 0.01
#: Ratios of measured ranges outside this band are measurement noise, not voices; clamp them.
RANGE_RATIO_LIMITS = (0.5, 2.0)

log = logging.getLogger(__name__)


def _mono64(audio: np.ndarray) -> np.ndarray:
    """float64 mono copy of (samples,) or (samples, channels) audio."""
    x = np.asarray(audio, dtype=np.float64)
    if x.ndim == 2:
        x = x.mean(axis=1)
    if x.ndim != 1:
        raise ValueError(f"expected mono (samples,) or (samples, channels) audio, got shape {x.shape}")
    return x


def _fit_length(y: np.ndarray, n: int) -> np.ndarray:
    """Pad with zeros or trim to exactly ``n`` samples."""
    if len(y) >= n:
        return y[:n]
    return np.concatenate([y, np.zeros(n - len(y), dtype=y.dtype)])


def _voiced_f0(sound: "object", floor: float, ceiling: float) -> tuple[np.ndarray, np.ndarray]:
    """(times, F0 Hz) of the voiced frames of a parselmouth Sound."""
    pitch = sound.to_pitch_ac(time_step=PITCH_STEP_S, pitch_floor=floor, pitch_ceiling=ceiling)
    f0 = pitch.selected_array["frequency"]
    voiced = f0 > 0
    return pitch.xs()[voiced], f0[voiced]


def measure_profile(speech: np.ndarray, sr: int) -> VoiceProfile:
    """Measure F0 median and range, mean formant frequency and voiced time of mono speech.

    F0 uses Praat's autocorrelation tracker in two passes (De Looze & Hirst): a wide first
    pass, then floor/ceiling at 0.75 × Q1 / 1.5 × Q3, which removes the octave jumps that
    music and noise cause (speech_noise.mp4: 50 Hz single pass → 189 Hz two-pass; LJ is ~170).
    Formants (Burg, ceiling 5000 Hz for low and 5500 Hz for high voices, as Praat recommends)
    are sampled at voiced frames only; the mean formant is the geometric mean of the F1–F3
    medians, so a uniform vocal-tract scaling by α scales it by α.

    Args:
        speech: mono (or multichannel, averaged) speech.
        sr: sample rate in Hz.

    Returns:
        A VoiceProfile; its F0 and formant fields are None when fewer than
        ``MIN_VOICED_FRAMES`` voiced frames were found.
    """
    import parselmouth

    x = _mono64(speech)
    if len(x) < int(0.1 * sr) or not np.any(x):
        return VoiceProfile(None, None, None, 0.0)
    sound = parselmouth.Sound(x, sampling_frequency=sr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Praat warns "no voiced segments"; we report None instead
        _, f0 = _voiced_f0(sound, F0_FLOOR_HZ, F0_CEILING_HZ)
        if len(f0) < MIN_VOICED_FRAMES:
            return VoiceProfile(None, None, None, len(f0) * PITCH_STEP_S)
        q1, q3 = np.percentile(f0, [25, 75])
        floor, ceiling = max(0.75 * q1, F0_FLOOR_HZ - 10), min(1.5 * q3, 1000.0)
        times, f0 = _voiced_f0(sound, floor, ceiling)
    voiced_s = len(f0) * PITCH_STEP_S
    if len(f0) < MIN_VOICED_FRAMES:
        return VoiceProfile(None, None, None, voiced_s)
    median = float(np.median(f0))
    p5, p95 = np.percentile(f0, [5, 95])
    f_range = float(12.0 * np.log2(p95 / p5))

    formant = sound.to_formant_burg(
        time_step=PITCH_STEP_S,
        max_number_of_formants=5,
        maximum_formant=5000.0 if median < 160.0 else 5500.0,
    )
    medians = []
    for i in (1, 2, 3):
        vals = np.array([formant.get_value_at_time(i, t) for t in times])
        vals = vals[np.isfinite(vals)]
        medians.append(float(np.median(vals)) if len(vals) >= MIN_VOICED_FRAMES else np.nan)
    mean_formant = float(np.exp(np.mean(np.log(medians)))) if np.all(np.isfinite(medians)) else None
    return VoiceProfile(median, f_range, mean_formant, voiced_s)


# --------------------------------------------------------------------------- conversion plan


@dataclass(frozen=True)
class VoicePlan:
    """What a conversion will do, for the manifest: callers record it next to the output.

    ``pitch_median`` None means the audio is returned unchanged (target F0 unmeasurable);
    ``notes`` say which parts were skipped or clamped and why.
    """

    formant_ratio: float
    pitch_median: Optional[float]
    pitch_range_factor: float
    notes: tuple[str, ...] = ()

    @property
    def identity(self) -> bool:
        return self.pitch_median is None


def plan_conversion(
    source: VoiceProfile, target: VoiceProfile, pitch_range_factor: float, max_formant_shift: float
) -> VoicePlan:
    """Turn two profiles into conversion parameters; each part is skipped when unmeasurable.

    Args:
        source: profile of the audio to convert (the TTS voice).
        target: profile of the voice to move toward (the source speaker).
        pitch_range_factor: extra factor on the range ratio (1 = match the target's range).
        max_formant_shift: formant ratio is clamped to [1/max, max].

    Returns:
        The plan; identity (unchanged audio) when ``target.f0_median`` is None.
    """
    if max_formant_shift < 1.0:
        raise ValueError(f"max_formant_shift must be >= 1, got {max_formant_shift}")
    if pitch_range_factor < 0.0:
        raise ValueError(f"pitch_range_factor must be >= 0, got {pitch_range_factor}")
    if target.f0_median is None:
        return VoicePlan(1.0, None, 1.0, ("target F0 unmeasurable (no voiced speech): audio left unchanged",))
    notes: list[str] = []
    if source.formant and target.formant:
        raw = target.formant / source.formant
        ratio = float(np.clip(raw, 1.0 / max_formant_shift, max_formant_shift))
        if ratio != raw:
            notes.append(f"formant ratio {raw:.3f} clamped to {ratio:.3f}")
    else:
        ratio = 1.0
        notes.append("formants unmeasurable: formant ratio 1")
    if source.f0_range and target.f0_range:
        raw = target.f0_range / source.f0_range
        rr = float(np.clip(raw, *RANGE_RATIO_LIMITS))
        if rr != raw:
            notes.append(f"pitch range ratio {raw:.3f} clamped to {rr:.3f}")
    else:
        rr = 1.0
        notes.append("pitch range unmeasurable: range ratio 1")
    return VoicePlan(ratio, float(target.f0_median), rr * pitch_range_factor, tuple(notes))


class PitchOptions(BackendOptions):
    pitch_range_factor: float = Field(1.0, ge=0.0, le=3.0, description="extra factor on the pitch range ratio (1 = match the speaker)")


class _PlannedConverter(VoiceConverter):
    """Shared options, profile measurement and planning of the DSP converters."""

    class Options(PitchOptions):
        # Formant shifts beyond ~10 % cost intelligibility with espeak voices: back-ASR CER on the
        # bundled clips was 0.40 (no shift), 0.46 (≤1.1), 0.47 (≤1.25) averaged over es/ca.
        max_formant_shift: float = Field(1.1, ge=1.0, le=1.6, description="formant ratio clamped to [1/max, max]")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.pitch_range_factor = self.options.pitch_range_factor
        self.max_formant_shift = self.options.max_formant_shift

    def profile(self, speech: np.ndarray, sr: int) -> VoiceProfile:
        return measure_profile(speech, sr)

    def plan(self, source: VoiceProfile, target: VoiceProfile) -> VoicePlan:
        """The parameters ``convert`` will apply; record it in the manifest."""
        return plan_conversion(source, target, self.pitch_range_factor, self.max_formant_shift)

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile
    ) -> np.ndarray:
        """Move ``audio`` toward ``target``; same length, float32 mono.

        When the target's F0 could not be measured the audio is returned unchanged (a copy)
        and a warning is logged; ``plan()`` returns the same decision for the manifest.
        """
        x = _mono64(audio)
        plan = self.plan(source, target)
        if plan.identity or len(x) == 0 or not np.any(x):
            if plan.identity:
                log.warning("voice conversion skipped: %s", "; ".join(plan.notes))
            return x.astype(np.float32)
        y = self._apply(x, sr, source, plan)
        return _fit_length(np.asarray(y, dtype=np.float64), len(x)).astype(np.float32)

    def _apply(self, x: np.ndarray, sr: int, source: VoiceProfile, plan: VoicePlan) -> np.ndarray:
        raise NotImplementedError


@VOICE.register("praat")
class PraatVoice(_PlannedConverter):
    """Praat PSOLA "Change gender": formant ratio, new pitch median, pitch range factor.

    Fast (~0.1 s for 20 s of speech) and keeps speech intelligible; the default.
    """

    backend = "praat"

    def version(self) -> str:
        return f"praat-1;parselmouth={package_version('praat-parselmouth')}"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "parselmouth", "praat-parselmouth",
                            "pip install praat-parselmouth")

    def _apply(self, x: np.ndarray, sr: int, source: VoiceProfile, plan: VoicePlan) -> np.ndarray:
        import parselmouth
        from parselmouth.praat import call, run

        # Analysis range for the TTS audio: around its own median when known (Praat's defaults
        # otherwise); a tight range avoids octave errors in the PSOLA pulses.
        if source.f0_median:
            floor, ceiling = max(40.0, 0.5 * source.f0_median), min(1000.0, 2.5 * source.f0_median)
        else:
            floor, ceiling = 75.0, 600.0
        sound = parselmouth.Sound(x, sampling_frequency=sr)
        # PSOLA draws random pulses in voiceless stretches: seed Praat from the input so the same
        # audio always converts to the same bytes (resumed runs must reproduce), then unseed.
        seed = int.from_bytes(hashlib.sha256(x.tobytes()).digest()[:4], "little") % 2_000_000_000
        run(f"random_initializeWithSeedUnsafelyButPredictably ({seed})")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no voiced segments" on unvoiced stretches
            try:
                out = call(sound, "Change gender", floor, ceiling, plan.formant_ratio,
                           plan.pitch_median, plan.pitch_range_factor, 1.0)
            finally:
                run("random_initializeSafelyAndUnpredictably ()")
        if int(round(out.sampling_frequency)) != sr:
            raise RuntimeError(f"Praat returned {out.sampling_frequency} Hz for {sr} Hz input")
        return out.values[0]


@VOICE.register("world")
class WorldVoice(_PlannedConverter):
    """WORLD vocoder: log-F0 shifted/scaled around the median, spectral envelope warped by the
    formant ratio. Finer control than PSOLA, ~50× slower; profiles are measured with Praat so
    both backends agree on what "median F0" and "formant" mean.
    """

    backend = "world"
    FRAME_PERIOD_MS = 5.0

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        try:
            import pyworld  # noqa: F401
        except ImportError as e:
            raise BackendUnavailable(
                "voice backend 'world' needs pyworld: .venv/bin/pip install 'setuptools<81' && "
                ".venv/bin/pip install --no-build-isolation pyworld"
            ) from e

    def version(self) -> str:
        return f"world-1;pyworld={package_version('pyworld')};parselmouth={package_version('praat-parselmouth')}"

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "pyworld", "pyworld",
                         "pip install 'setuptools<81' && pip install --no-build-isolation pyworld")
        if not c.ok:
            return c
        p = module_check(cls.stage, cls.backend, "parselmouth", "praat-parselmouth", "pip install praat-parselmouth")
        return p if not p.ok else Check(cls.stage, cls.backend, True, f"{c.detail}, {p.detail}")

    def _apply(self, x: np.ndarray, sr: int, source: VoiceProfile, plan: VoicePlan) -> np.ndarray:
        import pyworld as pw

        floor = max(40.0, 0.5 * source.f0_median) if source.f0_median else 71.0
        ceiling = min(1000.0, 2.5 * source.f0_median) if source.f0_median else 800.0
        x = np.ascontiguousarray(x)
        f0, t = pw.dio(x, sr, f0_floor=floor, f0_ceil=ceiling, frame_period=self.FRAME_PERIOD_MS)
        f0 = pw.stonemask(x, f0, t, sr)
        sp = pw.cheaptrick(x, f0, t, sr)
        ap = pw.d4c(x, f0, t, sr)
        voiced = f0 > 0
        new_f0 = np.zeros_like(f0)
        if np.any(voiced):
            # Centre on this audio's own median (as Praat does) so the result lands on the target.
            lf = np.log2(f0[voiced])
            centre = np.median(lf)
            new_f0[voiced] = 2.0 ** (np.log2(plan.pitch_median) + (lf - centre) * plan.pitch_range_factor)
        if plan.formant_ratio != 1.0:
            # Formants move up by α: new envelope at f is the old one at f/α.
            bins = np.arange(sp.shape[1], dtype=np.float64)
            src_bins = bins / plan.formant_ratio
            sp = np.stack([np.interp(src_bins, bins, row) for row in sp])
            ap = np.stack([np.interp(src_bins, bins, row) for row in ap])
        return pw.synthesize(new_f0, np.ascontiguousarray(sp), np.ascontiguousarray(ap), sr,
                             frame_period=self.FRAME_PERIOD_MS)


@VOICE.register("none")
class NoVoice(_PlannedConverter):
    """Declared pass-through for ablations: profiles are still measured, audio is not changed."""

    backend = "none"

    class Options(BackendOptions):
        """No options: nothing is converted."""

    def __init__(self, **options: Any) -> None:
        VoiceConverter.__init__(self, **options)  # no conversion parameters to keep

    def version(self) -> str:
        return "none-1"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "parselmouth", "praat-parselmouth",
                            "pip install praat-parselmouth (used to measure profiles)")

    def plan(self, source: VoiceProfile, target: VoiceProfile) -> VoicePlan:
        return VoicePlan(1.0, None, 1.0, ("voice backend 'none': conversion disabled by the recipe",))

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile
    ) -> np.ndarray:
        return _mono64(audio).astype(np.float32)

