"""SVOX Pico TTS (PyPI ``py-nanotts``: the library and its lingware ship in the wheel).

One voice per language (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB), 16 kHz. The speaking rate
is Pico's ``<speed>`` markup: ``speed = (rate / NATIVE_WPM) ** SPEED_EXPONENT`` (Pico's length
goes as speed^-0.92, measured on 12 Spanish phrases at speed 0.6-2.0).
"""

from __future__ import annotations

import re
from typing import Optional

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import BackendUnavailable, RecipeError
from .base import Check, module_check, package_version
from .tts import TTS, Synthesizer, trim_silence

PICO_FIX = "pip install py-nanotts"
PICO_RATE = 16000
# Galician has no Pico voice: Spanish letter-to-sound rules read it best (measured, see recipes/gl.yaml).
PICO_VOICES = {"es": "es-ES", "gl": "es-ES", "fr": "fr-FR", "it": "it-IT", "de": "de-DE", "en": "en-US"}
# Pico reads text as SSML-like markup: these would open or escape tags.
_MARKUP = re.compile(r"[<>&]")


@TTS.register("pico")
class PicoTTS(Synthesizer):
    """SVOX Pico: statistical, deterministic, ~0.01x real time; clearer than espeak-ng for es/it/fr."""

    backend = "pico"
    #: words/min (on the espeak-ng scale: same text, same length) that Pico speaks at speed 1.0
    NATIVE_WPM = 127.0  # 12 Spanish phrases: 48.9 s with Pico at speed 1, 37.6 s with espeak-ng at 165
    SPEED_EXPONENT = 1.09
    # Intelligibility-limited range (back-ASR CER vs rate, see recipes/es.yaml): Pico takes 0.2-5x.
    rate_range = (100.0, 250.0)

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        voice: Optional[str] = Field(None, description="Pico voice (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB); from the language if unset")
        rate: float = Field(165.0, ge=60.0, le=500.0, description="default speaking rate, words/min")
        pitch: float = Field(1.0, ge=0.5, le=2.0, description="pitch multiplier of the voice")

    def __init__(self, **options) -> None:
        self.options = self.Options(**options)
        self._tts = None

    def version(self) -> str:
        return f"py-nanotts {package_version('py-nanotts')} pitch={self.options.pitch} wpm={self.NATIVE_WPM}^{self.SPEED_EXPONENT}"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "py_nanotts", "py-nanotts", PICO_FIX)

    def load(self):
        if self._tts is None:
            try:
                from py_nanotts import NanoTTS  # type: ignore[import-not-found]
            except ImportError:
                raise BackendUnavailable(f"tts backend 'pico' needs `{PICO_FIX}`") from None
            self._tts = NanoTTS()
        return self._tts

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        voice = self.options.voice or PICO_VOICES.get(language)
        if voice is None:
            raise RecipeError(f"tts: pico has no voice for language {language!r} (it has {', '.join(sorted(set(PICO_VOICES.values())))})")
        return voice

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        lo, hi = self.rate_range
        speed = (min(max(rate, lo), hi) / self.NATIVE_WPM) ** self.SPEED_EXPONENT
        pcm = self.load().speak(_MARKUP.sub(" ", text), voice=voice, speed=speed, pitch=self.options.pitch)
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if not audio.size:
            raise RuntimeError(f"pico returned no audio for voice {voice} and text {text!r}")
        return trim_silence(audio), PICO_RATE
