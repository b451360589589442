"""Festival TTS (Debian ``festival``), by default with the Catalan HTS voice ``upc_ca_ona_hts``
(Debian ``festvox-ca-ona-hts``).

Festival reads Latin-9 (ISO-8859-15) text: typographic characters are mapped to their Latin-9
equivalents and a phrase with any other character is :class:`Unspeakable` (the recipe's
fallback says it, or the error names the characters). Run as ``text2wave`` with argument lists
and the text in a file, never through a shell. Speaking rate: the HTS engine's speed factor
(``-r``; Festival's ``Duration_Stretch`` does not reach HTS voices), ``Duration_Stretch`` for
the others.

Pitch: an HTS voice is synthesised at the speaker's F0 median by the HTS vocoder itself, so the
voice stage does not move a female voice down by PSOLA (as Pico's own pitch control does for
Pico). Festival's built-in engine ignores ``-fm`` (and ``-a``): Festival writes the context
labels of each utterance and Debian's ``hts_engine`` (package htsengine, the same engine
version) synthesises them with ``-fm`` half-tones. Back-ASR CER of 24 Catalan phrases (Whisper
base, forced ca) moved to 120 / 100 Hz: vocoder 0.144 / 0.144, PSOLA 0.149 / 0.136, voice as it
is (175 Hz) 0.155.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import RecipeError
from .base import Check, binary_version, require_binary
from .tts import TTS, PitchedOptions, Synthesizer, Unspeakable, pitched_voice, split_pitch, trim_silence

FESTIVAL_FIX = "apt-get install festival festvox-ca-ona-hts htsengine"
FESTIVAL_VOICES = {"ca": "upc_ca_ona_hts"}
#: Median F0 (Hz) of each HTS voice at its own pitch (Praat; upc_ca_ona_hts over 12 phrases at 165 words/min)
FESTIVAL_F0_HZ = {"upc_ca_ona_hts": 175.0}
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


def htsvoice(voice: str) -> Optional[Path]:
    """The ``.htsvoice`` model of an installed Festival HTS voice; None for other voices."""
    found = sorted(glob.glob(f"/usr/share/festival/voices/*/{glob.escape(voice)}/hts/*.htsvoice"))
    return Path(found[0]) if found else None


def parse_voice(voice: str) -> tuple[str, float]:
    """(name, pitch multiplier) of a voice as :meth:`FestivalTTS.voice_for` writes it."""
    name, factor = split_pitch(voice, "festival")
    if not _VOICE_NAME.fullmatch(name):
        raise RecipeError(f"tts.voice: {name!r} is not a festival voice name (lower-case letters, digits, '_')")
    return name, factor


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

    class Options(PitchedOptions):
        voice: Optional[str] = Field(None, description="Festival voice name (e.g. upc_ca_ona_hts); from the language if unset")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # the last text's HTS labels per voice: the timing plan says a phrase up to three times,
        # at other rates, and the labels (Festival's front end, 2/3 of the time) do not change
        self._last_labels: dict[str, tuple[str, list[str]]] = {}

    def version(self) -> str:
        pitch = "speaker" if self.options.pitch is None else self.options.pitch
        return f"{binary_version(['festival', '--version'])} pitch={pitch} wpm={self.NATIVE_WPM}"

    @classmethod
    def check(cls) -> Check:
        for exe, what in (("text2wave", "festival (text2wave)"), ("hts_engine", "hts_engine (pitch of the HTS voices)")):
            if shutil.which(exe) is None:
                return Check(cls.stage, cls.backend, False, f"{what} not found", FESTIVAL_FIX)
        missing = [v for v in sorted(set(FESTIVAL_VOICES.values())) if not voice_installed(v)]
        if missing:
            return Check(cls.stage, cls.backend, False, f"festival voice {', '.join(missing)} missing", FESTIVAL_FIX)
        return Check(cls.stage, cls.backend, True, f"{binary_version(['festival', '--version'])}; voices "
                     f"{', '.join(sorted(set(FESTIVAL_VOICES.values())))}; hts_engine for their pitch")

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        """The voice, with ``@pitch`` when an HTS voice is not spoken at its own pitch ("upc_ca_ona_hts@0.66")."""
        voice = self.options.voice or FESTIVAL_VOICES.get(language)
        if voice is None:
            raise RecipeError(f"tts: festival has no default voice for language {language!r}; set tts.voice")
        parse_voice(voice)
        return pitched_voice(voice, self.options.pitch, f0_median, FESTIVAL_F0_HZ.get(voice))

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        data = to_latin9(text)
        name, pitch = parse_voice(voice)
        exe = require_binary("text2wave", FESTIVAL_FIX)
        if not voice_installed(name):
            raise RecipeError(f"tts: festival voice {name!r} is not installed (e.g. {FESTIVAL_FIX})")
        lo, hi = self.rate_range
        speed = min(max(rate, lo), hi) / self.NATIVE_WPM
        model = htsvoice(name) if pitch != 1.0 else None
        if pitch != 1.0 and model is None:
            raise RecipeError(f"tts: festival voice {name!r} is not an HTS voice: its pitch cannot be set ({voice!r})")
        with tempfile.TemporaryDirectory(prefix="dubgen-festival-") as tmp:
            d = Path(tmp)
            (d / "text.txt").write_bytes(data)
            if model is None:
                audio, sr = _text2wave(exe, d, name, speed, text)
            else:
                said, labels = self._last_labels.get(name, ("", []))
                if said != text or not labels:
                    labels = _labels(d, name, text)
                    self._last_labels[name] = (text, labels)
                audio, sr = _hts_engine(model, labels, speed, 12.0 * np.log2(pitch), d)
        if not audio.size or not np.any(audio):
            raise RuntimeError(f"festival produced no speech for {text!r} (voice {voice})")
        return trim_silence(audio, sr), sr


def _run(argv: list[str], what: str) -> None:
    """Run ``argv`` (an argument list, no shell) within :data:`TIMEOUT_S`; an error names ``what``."""
    name = Path(argv[0]).name
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"{name} took over {TIMEOUT_S:.0f} s for {what}") from None
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed for {what}: {proc.stderr.decode(errors='replace').strip()[-500:]}")


def _script(d: Path, setup: str) -> str:
    """``setup`` written as ``d``/setup.scm; its path."""
    (d / "setup.scm").write_text(setup, encoding="ascii")
    return str(d / "setup.scm")


def _text2wave(exe: str, d: Path, voice: str, speed: float, text: str) -> tuple[np.ndarray, int]:
    import soundfile as sf

    out = d / "out.wav"
    setup = _script(d, f"(voice_{voice})\n(Parameter.set 'Duration_Stretch {1.0 / speed:.6f})\n"
                       "(if (and (boundp 'hts_engine_params) hts_engine_params)\n"
                       f"    (set! hts_engine_params (append hts_engine_params (list (list \"-r\" {speed:.6f})))))\n")
    _run([exe, "-o", str(out), "-eval", setup, str(d / "text.txt")], f"voice {voice} and {text!r}")
    if not out.exists():
        raise RuntimeError(f"festival wrote no audio for voice {voice} and {text!r}")
    audio, sr = sf.read(str(out), dtype="float32", always_2d=False)
    return np.asarray(audio, dtype=np.float32), int(sr)


#: ends each utterance's labels in the file Festival writes them to
_UTTERANCE_END = "#end"


def _scheme_string(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _labels(d: Path, voice: str, text: str) -> list[str]:
    """The HTS context labels of each utterance Festival makes of ``d``/text.txt, in order
    (Festival's tokenising, lexicon and prosody; its own synthesis replaced by writing them)."""
    out = d / "labels.txt"
    setup = _script(d, f"(voice_{voice})\n(define (HTS_Synthesize utt)\n"
                       f"  (let ((fd (fopen {_scheme_string(out)} \"a\")))\n"
                       "    (mapcar (lambda (l) (format fd \"%s\\n\" l)) (car (cdr (car hts_output_params))))\n"
                       f"    (format fd \"{_UTTERANCE_END}\\n\")\n    (fclose fd))\n  utt)\n"
                       f"(set! tts_hooks (list utt.synth))\n(tts_file {_scheme_string(d / 'text.txt')} nil)\n")
    _run([require_binary("festival", FESTIVAL_FIX), "--batch", setup], f"the labels of {text!r} (voice {voice})")
    if not out.exists():
        raise RuntimeError(f"festival wrote no labels for {text!r} (voice {voice})")
    return [c for c in out.read_text(encoding=LATIN9).split(f"{_UTTERANCE_END}\n") if c.strip()]


def _hts_engine(model: Path, utterances: list[str], speed: float, half_tones: float, d: Path) -> tuple[np.ndarray, int]:
    """Each utterance's labels synthesised by ``hts_engine`` at ``speed`` and ``half_tones``, joined."""
    import soundfile as sf

    exe = require_binary("hts_engine", FESTIVAL_FIX)
    parts, sr = [], 0
    for i, labels in enumerate(utterances):
        lab, wav = d / f"utt{i}.lab", d / f"utt{i}.wav"
        lab.write_text(labels, encoding=LATIN9)
        _run([exe, "-m", str(model), "-r", f"{speed:.6f}", "-fm", f"{half_tones:.4f}", "-ow", str(wav), str(lab)],
             model.name)
        if not wav.exists():
            raise RuntimeError(f"hts_engine wrote no audio for {model.name}")
        audio, sr = sf.read(str(wav), dtype="float32", always_2d=False)
        parts.append(np.asarray(audio, dtype=np.float32))
    if not parts:
        raise RuntimeError(f"festival made no utterance of the text for {model.name}")
    return np.concatenate(parts), int(sr)
