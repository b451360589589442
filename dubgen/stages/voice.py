"""Voice matching: move the synthetic voice toward each source speaker."""

from __future__ import annotations

import hashlib
import logging
import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional

import numpy as np
from pydantic import Field, field_validator

from ..errors import BackendUnavailable
from ..registry import StageRegistry
from .base import Backend, BackendOptions, Check, module_check, package_version
from .speakers import NoSpeechError

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

    def plan(self, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0) -> "VoicePlan":
        """What ``convert`` will do at ``strength`` (0 = audio unchanged, 1 = all the way)."""
        raise NotImplementedError

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0
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

    ``pitch_median`` None means the audio is returned unchanged (target F0 unmeasurable, or
    strength 0); ``notes`` say which parts were skipped or clamped and why.
    """

    formant_ratio: float
    pitch_median: Optional[float]
    pitch_range_factor: float
    notes: tuple[str, ...] = ()
    strength: float = 1.0

    @property
    def identity(self) -> bool:
        return self.pitch_median is None


def f0_offset_st(source: VoiceProfile, target: VoiceProfile) -> Optional[float]:
    """Semitones from the target's F0 median to the source's; None when either is unmeasured."""
    if not source.f0_median or not target.f0_median:
        return None
    return float(12.0 * np.log2(source.f0_median / target.f0_median))


def plan_conversion(
    source: VoiceProfile, target: VoiceProfile, pitch_range_factor: float, max_formant_shift: float,
    strength: float = 1.0, f0_tolerance_st: Optional[float] = None,
) -> VoicePlan:
    """Turn two profiles into conversion parameters; each part is skipped when unmeasurable.

    Args:
        source: profile of the audio to convert (the TTS voice).
        target: profile of the voice to move toward (the source speaker).
        pitch_range_factor: extra factor on the range ratio (1 = match the target's range).
        max_formant_shift: formant ratio is clamped to [1/max, max].
        strength: how far to go, 0–1: the formant ratio, the pitch-median ratio and the range
            factor are each raised to this power (log-linear interpolation); 0 = unchanged.
        f0_tolerance_st: at any strength the F0 median ends at most this many semitones from
            the target's (a TTS voice further off is moved that far, even at strength 0).

    Returns:
        The plan; identity (unchanged audio) when ``target.f0_median`` is None, or at strength
        0 with the TTS F0 within tolerance.
    """
    if max_formant_shift < 1.0:
        raise ValueError(f"max_formant_shift must be >= 1, got {max_formant_shift}")
    if pitch_range_factor < 0.0:
        raise ValueError(f"pitch_range_factor must be >= 0, got {pitch_range_factor}")
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"strength must be in [0, 1], got {strength}")
    if target.f0_median is None:
        return VoicePlan(1.0, None, 1.0, ("target F0 unmeasurable (no voiced speech): audio left unchanged",), 0.0)
    off = f0_offset_st(source, target)
    far = f0_tolerance_st is not None and off is not None and abs(off) > f0_tolerance_st
    if strength == 0.0 and not far:
        return VoicePlan(1.0, None, 1.0, ("strength 0: the TTS voice is kept",), 0.0)
    if strength == 0.0:  # the TTS voice, only its F0 median moved to the tolerance
        pitch = float(target.f0_median * 2.0 ** (np.sign(off) * f0_tolerance_st / 12.0))  # type: ignore[arg-type]
        return VoicePlan(1.0, pitch, 1.0, (f"TTS F0 {off:+.1f} st from the speaker's: median moved to "
                                           f"{f0_tolerance_st:g} st",), 0.0)
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
    pitch = float(target.f0_median)
    if strength < 1.0 and off is not None:
        pitch = float(target.f0_median * 2.0 ** (off * (1.0 - strength) / 12.0))
        if far and abs(off) * (1.0 - strength) > f0_tolerance_st:  # type: ignore[operator]
            pitch = float(target.f0_median * 2.0 ** (np.sign(off) * f0_tolerance_st / 12.0))
            notes.append(f"TTS F0 {off:+.1f} st from the speaker's: median moved to {f0_tolerance_st:g} st")
    elif strength < 1.0:
        notes.append("TTS F0 unmeasurable: pitch median moved all the way")
    return VoicePlan(ratio**strength, pitch, (rr * pitch_range_factor) ** strength, tuple(notes), strength)


# --------------------------------------------------------------------------- strength choice

Similarity = Callable[[np.ndarray], float]
#: Back-ASR CER of a speaker's dub sample (the phrases ``audio`` holds, in order); None: nothing heard.
Hearing = Callable[[np.ndarray], Optional[float]]
#: Similarity differences below this are measurement noise (speaker embeddings, ~10 s of speech).
TIE = 0.005
#: Strengths are compared on at most this much of a speaker's TTS speech (bounds the cost).
MAX_CHOICE_S = 30.0
#: The TTS voice is kept with its own F0 only this far inside QC's F0 gate (the dub is measured
#: again on all of the speaker's phrases, not on the choice's sample).
F0_LIMIT_MARGIN_ST = 0.25


@dataclass(frozen=True)
class VoiceChoice:
    """The conversion chosen for one speaker and the measurements behind it (for the manifest)."""

    plan: VoicePlan
    similarity_tts: Optional[float]  # the TTS voice alone vs the source speaker
    similarity: Optional[float]  # after conversion at the chosen strength
    candidates: dict[float, Optional[float]] = field(default_factory=dict)  # strength -> similarity
    notes: tuple[str, ...] = ()
    cer_tts: Optional[float] = None  # back-ASR CER of the TTS voice alone (None: not heard)
    cer: dict[float, Optional[float]] = field(default_factory=dict)  # strength -> back-ASR CER

    @property
    def strength(self) -> float:
        return self.plan.strength

    def record(self, backend: str) -> dict[str, Any]:
        """Plain dict for the manifest (``VoiceConversion``)."""
        p = self.plan
        r = lambda v: None if v is None else round(float(v), 4)  # noqa: E731
        return {
            "backend": backend, "applied": not p.identity, "strength": p.strength,
            "formant_ratio": None if p.identity else r(p.formant_ratio),
            "pitch_median": r(p.pitch_median),
            "pitch_range_factor": None if p.identity else r(p.pitch_range_factor),
            "similarity_tts": r(self.similarity_tts), "similarity": r(self.similarity),
            "candidates": {f"{k:g}": r(v) for k, v in sorted(self.candidates.items())},
            "cer_tts": r(self.cer_tts), "cer": {f"{k:g}": r(v) for k, v in sorted(self.cer.items())},
            "notes": list(self.notes + p.notes),
        }


def similarity_to(embed: Callable[[np.ndarray, int], np.ndarray], speech: np.ndarray, sr: int) -> Similarity:
    """Cosine similarity of a signal's speaker embedding to that of ``speech`` (embedded once).

    Raises:
        NoSpeechError: ``speech`` (or later a measured signal) holds too little speech to embed.
    """
    ref = np.asarray(embed(np.asarray(speech, np.float32), sr), dtype=np.float64)
    ref /= max(float(np.linalg.norm(ref)), 1e-12)

    def similarity(audio: np.ndarray) -> float:
        e = np.asarray(embed(np.asarray(audio, np.float32), sr), dtype=np.float64)
        return float(e @ ref / max(float(np.linalg.norm(e)), 1e-12))

    return similarity


def choose_strength(
    conv: "VoiceConverter", audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile,
    similarity: Optional[Similarity], strengths: tuple[float, ...], unmeasurable: str = "",
    hearing: Optional[Hearing] = None, max_cer_cost: Optional[float] = None, f0_limit_st: Optional[float] = None,
) -> VoiceChoice:
    """Convert ``audio`` at each strength and keep the one most similar to the source speaker.

    Strength 0 (the TTS voice alone; its F0 median moved to ``f0_tolerance_st`` of the
    speaker's when further off) is always a candidate, so the choice never lowers the measured
    similarity (on the first ``MAX_CHOICE_S`` seconds of ``audio``) but for that F0 floor,
    which the record notes; a gain within ``TIE`` goes to the weaker conversion (convert only
    as far as it helps). With ``hearing`` and ``max_cer_cost``, a strength above 0 whose
    back-ASR CER exceeds the better of the TTS voice's and strength 0's by more than
    ``max_cer_cost`` is not a candidate: a voice more like the speaker's that is harder to
    understand is no gain. When the F0 floor itself costs similarity (by more than ``TIE``) or
    intelligibility (more than ``max_cer_cost``) and the TTS voice's F0 is within
    ``f0_limit_st`` (QC's gate, less ``F0_LIMIT_MARGIN_ST``; None: the floor always holds), the
    TTS voice is kept as it is. Without a
    similarity (``similarity`` None: the speaker's speech could not be embedded, reason in
    ``unmeasurable``) nothing can show a gain, so the TTS voice is kept.
    """
    x = np.asarray(audio, dtype=np.float32)[: int(MAX_CHOICE_S * sr)]
    full = conv.plan(source, target)
    if full.identity:  # nothing to convert toward (or conversion disabled): the plan says why
        sim = _measure(similarity, x)
        return VoiceChoice(full, sim, sim, {0.0: sim}, ("conversion skipped",))
    keep = conv.plan(source, target, 0.0)  # the TTS voice, its F0 moved into tolerance if needed
    if keep.identity:
        keep = replace(keep, notes=())  # the choice's note says why
    if similarity is None:
        return VoiceChoice(keep, None, None, {}, (f"similarity unmeasurable ({unmeasurable}): TTS voice kept",))
    base = _measure(similarity, x)
    if base is None:
        return VoiceChoice(keep, None, None, {}, ("TTS speech too short to embed: TTS voice kept",))
    guard = hearing is not None and max_cer_cost is not None
    cer_tts = hearing(x) if guard else None  # type: ignore[misc]
    cands: dict[float, Optional[float]] = {}
    cers: dict[float, Optional[float]] = {}
    for s in sorted({0.0, *strengths}):
        y = x if s == 0.0 and keep.identity else conv.convert(x, sr, source, target, s)
        cands[s] = base if y is x else _measure(similarity, y)
        if guard:
            cers[s] = cer_tts if y is x else hearing(y)  # type: ignore[misc]
    notes: tuple[str, ...] = ()
    costly: list[float] = []
    floor_cer = False  # the strength-0 plan (the F0 floor) heard worse than the TTS voice beyond the bound
    if guard and cer_tts is not None:
        # measured against the better of the TTS voice and the strength-0 plan (its F0 moved)
        limit = min(c for c in (cer_tts, cers[0.0]) if c is not None) + max_cer_cost  # type: ignore[operator]
        costly = [s for s, c in cers.items() if s > 0.0 and c is not None and c > limit + 1e-9]
        floor_cer = cers[0.0] is not None and cers[0.0] > cer_tts + max_cer_cost + 1e-9  # type: ignore[operator]
        if floor_cer:
            notes += (f"F0 floor cost intelligibility: back-ASR CER {cers[0.0]:.3f} vs {cer_tts:.3f} for the TTS voice",)
    if costly:
        notes += (f"strength {', '.join(f'{s:g}' for s in costly)} cost intelligibility (back-ASR CER "
                  f"{', '.join(f'{cers[s]:.3f}' for s in costly)} vs {cer_tts:.3f} for the TTS voice): not a candidate",)
    best = 0.0
    for s, v in cands.items():
        if s not in costly and v is not None and (cands[best] is None or v > cands[best] + TIE):
            best = s
    off = f0_offset_st(source, target)
    costs = []  # what the F0 floor (part of every candidate) cost against the TTS voice as it is
    if cands[best] is not None and cands[best] < base - TIE:
        costs.append(f"similarity {cands[best]:.3f} vs {base:.3f}")
    if best == 0.0 and floor_cer:  # a strength above 0 is within the bound (see ``limit``)
        costs.append(f"back-ASR CER {cers[0.0]:.3f} vs {cer_tts:.3f}")
    if (costs and not keep.identity and off is not None and f0_limit_st is not None
            and abs(off) <= f0_limit_st - F0_LIMIT_MARGIN_ST):
        raw = VoicePlan(1.0, None, 1.0, (f"the F0 floor cost {' and '.join(costs)}; the TTS F0 ({off:+.1f} st from the "
                                         f"speaker's) is within QC's {f0_limit_st:g} st: TTS voice kept as it is",), 0.0)
        return VoiceChoice(raw, base, base, cands, notes, cer_tts, cers)
    if best == 0.0:
        notes += ("no conversion strength raised similarity" + (" within the intelligibility bound" if costly else "")
                  + ": TTS voice kept" + ("" if keep.identity else " (F0 median moved to the floor)"),)
    elif best < max(cands):
        notes += (f"strength {best:g}: stronger conversion did not raise similarity"
                  + (" within the intelligibility bound" if costly else ""),)
    if cands[best] is not None and cands[best] < base:  # only the F0 floor can cost similarity
        notes += (f"F0 floor cost similarity: {cands[best]:.3f} vs {base:.3f} for the TTS voice",)
    return VoiceChoice(keep if best == 0.0 else conv.plan(source, target, best), base, cands[best], cands, notes,
                       cer_tts, cers)


def _measure(similarity: Optional[Similarity], audio: np.ndarray) -> Optional[float]:
    if similarity is None:
        return None
    try:
        return similarity(audio)
    except NoSpeechError:
        return None


class PitchOptions(BackendOptions):
    """Options of the converters that plan an F0 change and choose its strength per speaker."""

    pitch_range_factor: float = Field(1.0, ge=0.0, le=3.0, description="extra factor on the pitch range ratio (1 = match the speaker)")
    f0_tolerance_st: Optional[float] = Field(1.0, ge=0.0, le=12.0, description=(
        "at any strength the dub's F0 median ends within this many semitones of the speaker's "
        "(QC gates 2); None = strength alone decides"))
    strengths: tuple[float, ...] = Field((0.0, 0.5, 1.0), min_length=1, description=(
        "conversion strengths tried per speaker (0 = TTS voice, 1 = full); the most similar to the "
        "source speaker wins, 0 is always tried"))
    max_cer_cost: Optional[float] = Field(0.05, ge=0.0, le=1.0, description=(
        "a strength above 0 whose back-ASR CER (the recipe's ASR, on the speaker's phrases) exceeds "
        "the better of the TTS voice's and strength 0's by more than this is not chosen; None = "
        "similarity alone decides (no hearing)"))

    @field_validator("strengths")
    @classmethod
    def _unit(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if any(not 0.0 <= s <= 1.0 for s in v):
            raise ValueError(f"strengths must lie in [0, 1], got {list(v)}")
        return tuple(sorted(set(float(s) for s in v)))


class _PlannedConverter(VoiceConverter):
    """Shared options, profile measurement and planning of the DSP converters."""

    class Options(PitchOptions):
        # Formant shifts beyond ~10 % cost intelligibility with espeak voices: back-ASR CER on the
        # bundled clips was 0.40 (no shift), 0.46 (≤1.1), 0.47 (≤1.25) averaged over es/ca.
        max_formant_shift: float = Field(1.1, ge=1.0, le=1.6, description="formant ratio clamped to [1/max, max]")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.max_formant_shift = self.options.max_formant_shift
        self._take_pitch_options()

    def _take_pitch_options(self) -> None:
        """Keep the :class:`PitchOptions` fields as attributes (``plan`` and ``choose`` read them)."""
        self.pitch_range_factor = self.options.pitch_range_factor
        self.strengths = self.options.strengths
        self.f0_tolerance_st = self.options.f0_tolerance_st
        self.max_cer_cost = self.options.max_cer_cost

    def profile(self, speech: np.ndarray, sr: int) -> VoiceProfile:
        return measure_profile(speech, sr)

    def plan(self, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0) -> VoicePlan:
        """The parameters ``convert`` will apply at ``strength``; record it in the manifest."""
        return plan_conversion(source, target, self.pitch_range_factor, self.max_formant_shift, strength,
                               self.f0_tolerance_st)

    def choose(self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile,
               similarity: Optional[Similarity], unmeasurable: str = "",
               hearing: Optional[Hearing] = None, f0_limit_st: Optional[float] = None) -> VoiceChoice:
        """The strength (of ``options.strengths``) whose output is most similar to the speaker,
        among those ``hearing`` finds within ``options.max_cer_cost`` of the TTS voice's CER."""
        return choose_strength(self, audio, sr, source, target, similarity, self.strengths, unmeasurable,
                               hearing, self.max_cer_cost, f0_limit_st)

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0
    ) -> np.ndarray:
        """Move ``audio`` toward ``target`` at ``strength``; same length, float32 mono.

        When the target's F0 could not be measured (or strength is 0) the audio is returned
        unchanged (a copy); ``plan()`` returns the same decision and its reason for the manifest.
        """
        x = _mono64(audio)
        plan = self.plan(source, target, strength)
        if plan.identity or len(x) == 0 or not np.any(x):
            if plan.identity and strength > 0.0:
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
        return f"praat-2;parselmouth={package_version('praat-parselmouth')}"

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
        return f"world-2;pyworld={package_version('pyworld')};parselmouth={package_version('praat-parselmouth')}"

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
        return "none-2"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "parselmouth", "praat-parselmouth",
                            "pip install praat-parselmouth (used to measure profiles)")

    def plan(self, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0) -> VoicePlan:
        return VoicePlan(1.0, None, 1.0, ("voice backend 'none': conversion disabled by the recipe",), 0.0)

    def choose(self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile,
               similarity: Optional[Similarity], unmeasurable: str = "",
               hearing: Optional[Hearing] = None, f0_limit_st: Optional[float] = None) -> VoiceChoice:
        """The TTS voice, with its similarity to the speaker measured for the record."""
        return choose_strength(self, audio, sr, source, target, similarity, (0.0,), unmeasurable)

    def convert(
        self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0
    ) -> np.ndarray:
        return _mono64(audio).astype(np.float32)

