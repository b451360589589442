"""Festival TTS (Debian ``festival``), by default with the Catalan HTS voice ``upc_ca_ona_hts``
(Debian ``festvox-ca-ona-hts``).

Festival reads Latin-9 (ISO-8859-15) text: typographic characters are mapped to their Latin-9
equivalents and a phrase with any other character is :class:`Unspeakable` (the recipe's
fallback says it, or the error names the characters). Run as ``text2wave`` with argument lists
and the text in a file, never through a shell. Speaking rate: the HTS engine's speed factor
(``-r``; Festival's ``Duration_Stretch`` does not reach HTS voices), ``Duration_Stretch`` for
the others.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Optional

import numpy as np
from pydantic import Field

from ..errors import RecipeError
from .base import Check, binary_version, require_binary
from .tts import TTS, Synthesizer, Unspeakable, trim_silence

FESTIVAL_FIX = "apt-get install festival festvox-ca-ona-hts"
FESTIVAL_VOICES = {"ca": "upc_ca_ona_hts"}
LATIN9 = "iso-8859-15"
TIMEOUT_S = 120.0  # one phrase takes ~0.5 s
# Typographic characters outside Latin-9 with a plain equivalent (Catalan ŀ is l + middle dot).
_TO_LATIN9 = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u2044": "/", "\u0140": "l\u00b7", "\u013f": "L\u00b7", "\u2022": "-",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
})
_VOICE_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def to_latin9(text: str) -> bytes:
    """``text`` as Festival input; :class:`Unspeakable` names any character Latin-9 lacks."""
    text = unicodedata.normalize("NFC", text.translate(_TO_LATIN9))
    bad = sorted({c for c in text if not _encodable(c)})
    if bad:
        listed = ", ".join(f"{c!r} U+{ord(c):04X}" for c in bad)
        raise Unspeakable(f"characters outside Latin-9 (ISO-8859-15), which festival cannot read: {listed}")
    return text.encode(LATIN9)


def _encodable(c: str) -> bool:
    try:
        c.encode(LATIN9)
    except UnicodeEncodeError:
        return False
    return True


def voice_installed(voice: str) -> bool:
    return bool(glob.glob(f"/usr/share/festival/voices/*/{glob.escape(voice)}"))


@TTS.register("festival")
class FestivalTTS(Synthesizer):
    """Festival through ``text2wave``; deterministic; ~0.15x real time with start-up."""

    backend = "festival"
    # Codes reach it spelt out (speakable), as for the other voices: its own front end says
    # most ("P2" as "pe dos") but reads Roman-numeral letters as numbers ("X4" as "deu quatre").
    #: words/min (espeak-ng scale: same text, same length) that upc_ca_ona_hts speaks at speed 1
    NATIVE_WPM = 132.0  # 12 Catalan phrases: 48.9 s at speed 1, 39.3 s with espeak-ng ca at 165
    # Intelligibility-limited: back-ASR CER of 6 Catalan phrases at 100/120/165/210/230/250
    # words/min: 0.37/0.19/0.24/0.21/0.22/0.22 (bench/tts_rate.py).
    rate_range = (120.0, 250.0)

    class Options(Synthesizer.Options):
        voice: Optional[str] = Field(None, description="Festival voice name (e.g. upc_ca_ona_hts); from the language if unset")

    def version(self) -> str:
        return f"{binary_version(['festival', '--version'])} wpm={self.NATIVE_WPM}"

    @classmethod
    def check(cls) -> Check:
        if shutil.which("text2wave") is None:
            return Check(cls.stage, cls.backend, False, "festival (text2wave) not found", FESTIVAL_FIX)
        missing = [v for v in sorted(set(FESTIVAL_VOICES.values())) if not voice_installed(v)]
        if missing:
            return Check(cls.stage, cls.backend, False, f"festival voice {', '.join(missing)} missing", FESTIVAL_FIX)
        return Check(cls.stage, cls.backend, True, f"{binary_version(['festival', '--version'])}; voices {', '.join(sorted(set(FESTIVAL_VOICES.values())))}")

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        voice = self.options.voice or FESTIVAL_VOICES.get(language)
        if voice is None:
            raise RecipeError(f"tts: festival has no default voice for language {language!r}; set tts.voice")
        if not _VOICE_NAME.fullmatch(voice):
            raise RecipeError(f"tts.voice: {voice!r} is not a festival voice name (lower-case letters, digits, '_')")
        return voice

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        import soundfile as sf

        data = to_latin9(text)
        exe = require_binary("text2wave", FESTIVAL_FIX)
        if not voice_installed(voice):
            raise RecipeError(f"tts: festival voice {voice!r} is not installed (e.g. {FESTIVAL_FIX})")
        lo, hi = self.rate_range
        speed = min(max(rate, lo), hi) / self.NATIVE_WPM
        setup = (f"(voice_{voice})\n(Parameter.set 'Duration_Stretch {1.0 / speed:.6f})\n"
                 "(if (and (boundp 'hts_engine_params) hts_engine_params)\n"
                 f"    (set! hts_engine_params (append hts_engine_params (list (list \"-r\" {speed:.6f})))))\n")
        with tempfile.TemporaryDirectory(prefix="dubgen-festival-") as tmp:
            txt, scm, wav = Path(tmp) / "text.txt", Path(tmp) / "setup.scm", Path(tmp) / "out.wav"
            txt.write_bytes(data)
            scm.write_text(setup, encoding="ascii")
            try:
                proc = subprocess.run([exe, "-o", str(wav), "-eval", str(scm), str(txt)],
                                      capture_output=True, timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"festival took over {TIMEOUT_S:.0f} s for {text!r}") from None
            if proc.returncode != 0 or not wav.exists():
                raise RuntimeError(f"festival failed for voice {voice}: {proc.stderr.decode(errors='replace').strip()[-500:]}")
            audio, sr = sf.read(str(wav), dtype="float32", always_2d=False)
        audio = np.asarray(audio, dtype=np.float32)
        if not audio.size or not np.any(audio):
            raise RuntimeError(f"festival produced no speech for {text!r} (voice {voice})")
        return trim_silence(audio, int(sr)), int(sr)
