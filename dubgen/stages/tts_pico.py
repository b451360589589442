"""SVOX Pico TTS (PyPI ``py-nanotts``: the library and its lingware ship in the wheel).

One voice per language (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB), 16 kHz. The speaking rate
is Pico's ``<speed>`` markup: ``speed = (rate / NATIVE_WPM) ** SPEED_EXPONENT`` (Pico's length
goes as speed^-0.92, measured on 12 Spanish phrases at speed 0.6-2.0).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable, RecipeError
from .base import Check, module_check, package_version
from .tts import TTS, Synthesizer, trim_silence

PICO_FIX = "pip install py-nanotts"
PICO_RATE = 16000
WORKER = Path(__file__).with_name("tts_pico_worker.py")
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
    # Intelligibility-limited (Pico takes 0.2-5x): back-ASR CER of 6 Spanish phrases at
    # 100/120/165/210/230/250 words/min: 0.17/0.18/0.18/0.18/0.25/0.28 (bench/tts_rate.py).
    rate_range = (100.0, 210.0)

    class Options(Synthesizer.Options):
        voice: Optional[str] = Field(None, description="Pico voice (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB); from the language if unset")
        pitch: float = Field(1.0, ge=0.5, le=2.0, description="pitch multiplier of the voice")

    def version(self) -> str:
        return f"py-nanotts {package_version('py-nanotts')} pitch={self.options.pitch} wpm={self.NATIVE_WPM}^{self.SPEED_EXPONENT}"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "py_nanotts", "py-nanotts", PICO_FIX)

    def voice_language(self, language: str) -> str:
        return (self.options.voice or PICO_VOICES.get(language) or language)[:2].lower()

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        voice = self.options.voice or PICO_VOICES.get(language)
        if voice is None:
            raise RecipeError(f"tts: pico has no voice for language {language!r} (it has {', '.join(sorted(set(PICO_VOICES.values())))})")
        return voice

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        if importlib.util.find_spec("py_nanotts") is None:
            raise BackendUnavailable(f"tts backend 'pico' needs `{PICO_FIX}`")
        lo, hi = self.rate_range
        speed = (min(max(rate, lo), hi) / self.NATIVE_WPM) ** self.SPEED_EXPONENT
        request = {"text": _MARKUP.sub(" ", text), "voice": voice, "speed": speed, "pitch": self.options.pitch}
        # One process per call: Pico's output depends on uninitialised memory otherwise (see the worker).
        proc = subprocess.run([sys.executable, str(WORKER)], input=json.dumps(request).encode("utf-8"),
                              capture_output=True, timeout=120, env={**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"})
        if proc.returncode != 0:
            raise RuntimeError(f"pico failed for voice {voice}: {proc.stderr.decode(errors='replace').strip()[-500:]}")
        audio = np.frombuffer(proc.stdout, dtype="<i2").astype(np.float32) / 32768.0
        if not audio.size:
            raise RuntimeError(f"pico returned no audio for voice {voice} and text {text!r}")
        return trim_silence(audio), PICO_RATE
