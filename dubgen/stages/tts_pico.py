"""SVOX Pico TTS (PyPI ``py-nanotts``: the library and its lingware ship in the wheel).

One voice per language (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB), 16 kHz. The speaking rate
is Pico's ``<speed>`` markup: ``speed = (rate / NATIVE_WPM) ** SPEED_EXPONENT`` (Pico's length
goes as speed^-0.92, measured on 12 Spanish phrases at speed 0.6-2.0).

Pitch: each voice is synthesised at the speaker's F0 median (Pico's own pitch control, 0.5-2x
the voice's), so the voice stage does not have to move a female voice down an octave by PSOLA.
On a male GRID speaker (98 Hz) Whisper's language detector gave the Spanish dub p(es) 0.87 at
Pico pitch 0.5 against 0.70 for the same speech moved there by Praat; back-ASR CER of 8 Spanish
phrases at pitch 1 / 0.75 / 0.5: 0.20 / 0.17 / 0.18.
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
from .tts import TTS, PitchedOptions, Synthesizer, pitched_voice, split_pitch, trim_silence

PICO_FIX = "pip install py-nanotts"
PICO_RATE = 16000
WORKER = Path(__file__).with_name("tts_pico_worker.py")
# Galician has no Pico voice: Spanish letter-to-sound rules read it best (measured, see recipes/gl.yaml).
PICO_VOICES = {"es": "es-ES", "gl": "es-ES", "fr": "fr-FR", "it": "it-IT", "de": "de-DE", "en": "en-US"}
#: Median F0 (Hz) of each voice at pitch 1 (Praat; es-ES over 8 phrases, the others one sentence each).
PICO_F0_HZ = {"es-ES": 198.0, "fr-FR": 184.0, "it-IT": 182.0, "de-DE": 178.0, "en-US": 166.0, "en-GB": 171.0}
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

    class Options(PitchedOptions):
        voice: Optional[str] = Field(None, description="Pico voice (es-ES, fr-FR, it-IT, de-DE, en-US, en-GB); from the language if unset")

    def version(self) -> str:
        pitch = "speaker" if self.options.pitch is None else self.options.pitch
        return f"py-nanotts {package_version('py-nanotts')} pitch={pitch} wpm={self.NATIVE_WPM}^{self.SPEED_EXPONENT}"

    @classmethod
    def check(cls) -> Check:
        return module_check(cls.stage, cls.backend, "py_nanotts", "py-nanotts", PICO_FIX)

    def voice_language(self, language: str) -> str:
        return (self.options.voice or PICO_VOICES.get(language) or language)[:2].lower()

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        """The voice, with ``@pitch`` when it is not spoken at its own pitch ("es-ES@0.53")."""
        voice = self.options.voice or PICO_VOICES.get(language)
        if voice is None:
            raise RecipeError(f"tts: pico has no voice for language {language!r} (it has {', '.join(sorted(set(PICO_VOICES.values())))})")
        return pitched_voice(voice, self.options.pitch, f0_median, PICO_F0_HZ.get(voice))

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        if importlib.util.find_spec("py_nanotts") is None:
            raise BackendUnavailable(f"tts backend 'pico' needs `{PICO_FIX}`")
        name, factor = split_pitch(voice, self.backend)
        lo, hi = self.rate_range
        speed = (min(max(rate, lo), hi) / self.NATIVE_WPM) ** self.SPEED_EXPONENT
        request = {"text": _MARKUP.sub(" ", text), "voice": name, "speed": speed, "pitch": factor}
        # One process per call: Pico's output depends on uninitialised memory otherwise (see the worker).
        proc = subprocess.run([sys.executable, str(WORKER)], input=json.dumps(request).encode("utf-8"),
                              capture_output=True, timeout=120, env={**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"})
        if proc.returncode != 0:
            raise RuntimeError(f"pico failed for voice {voice}: {proc.stderr.decode(errors='replace').strip()[-500:]}")
        audio = np.frombuffer(proc.stdout, dtype="<i2").astype(np.float32) / 32768.0
        if not audio.size:
            raise RuntimeError(f"pico returned no audio for voice {voice} and text {text!r}")
        return trim_silence(audio, PICO_RATE), PICO_RATE
