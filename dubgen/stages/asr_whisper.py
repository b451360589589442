"""Optional neural ASR backend: openai-whisper (PyTorch).

It takes local models only; nothing is downloaded. A missing package or model raises
``BackendUnavailable`` with how to get it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable
from ..manifest import Word
from ..models import local_model, whisper_cache_dir
from .asr import ASR, Transcriber, Transcript
from .base import Check, module_check, package_version

WHISPER_FIX = "pip install openai-whisper"
WHISPER_HOW = (
    "On a machine with network run `python -c \"import whisper; whisper.load_model('small')\"` "
    "(or download the .pt from the URL in whisper._MODELS), copy ~/.cache/whisper/small.pt here "
    "and set asr.model to its path (or to 'small' with the file in ~/.cache/whisper)."
)

def as_mono(audio: np.ndarray) -> np.ndarray:
    """Contiguous float32 mono from (samples,) or (samples, channels) audio."""
    x = np.asarray(audio, dtype=np.float32)
    if x.ndim == 2:
        x = x.mean(axis=1)
    if x.ndim != 1:
        raise ValueError(f"expected mono (samples,) or (samples, channels) audio, got shape {x.shape}")
    return np.ascontiguousarray(x)


@lru_cache(maxsize=8)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the key so that a replaced file is hashed again.
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    st = path.stat()
    return _sha256(str(path), st.st_size, st.st_mtime_ns)


def resolve_whisper_checkpoint(model: str, download_root: Optional[str] = None) -> tuple[Path, Optional[str]]:
    """Find a Whisper ``.pt`` checkpoint without downloading.

    Args:
        model: a path to a ``.pt`` file, or an official name (``small``, ``large-v3``…) whose
            file already sits in the whisper cache folder.
        download_root: cache folder to look in instead of :func:`whisper_cache_dir`.

    Returns:
        The checkpoint path and the official name it matches (for its alignment heads), if any.

    Raises:
        BackendUnavailable: the file is missing, or a cached official file fails its checksum.
    """
    import whisper

    names: dict[str, str] = whisper._MODELS  # name -> URL whose second-to-last part is the sha256
    if model in names:
        url = names[model]
        path = Path(download_root or whisper_cache_dir()) / os.path.basename(url)
        if not path.is_file():
            raise BackendUnavailable(
                f"openai-whisper: model '{model}' is not in the local cache ({path}) and dubgen never "
                f"downloads. {WHISPER_HOW}"
            )
        expected = url.split("/")[-2]
        if file_sha256(path) != expected:
            # whisper.load_model would silently download it again here; we refuse instead.
            raise BackendUnavailable(f"openai-whisper: {path} fails its SHA256 check (partial download?). {WHISPER_HOW}")
        return path, model
    path = local_model(model, "openai-whisper", WHISPER_HOW)
    if not path.is_file():
        raise BackendUnavailable(f"openai-whisper: {path} is not a .pt checkpoint file. {WHISPER_HOW}")
    # A renamed official file still gets its alignment heads, which word timings depend on.
    stem = path.stem
    if stem in names and file_sha256(path) == names[stem].split("/")[-2]:
        return path, stem
    return path, None


def load_whisper_checkpoint(path: Path, device: str, official_name: Optional[str] = None) -> Any:
    """Build a ``whisper.model.Whisper`` from a checkpoint dict ``{"dims", "model_state_dict"}``.

    Loads with ``torch.load(weights_only=True)`` ourselves rather than through
    ``whisper.load_model``, which downloads for names and guards ``weights_only`` with a
    string comparison of versions.
    """
    import torch
    from whisper.model import ModelDimensions, Whisper

    try:
        ckpt = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as e:  # a pickle with code or a truncated file: say which file
        raise BackendUnavailable(f"openai-whisper: cannot read checkpoint {path}: {e}") from e
    if not isinstance(ckpt, dict) or "dims" not in ckpt or "model_state_dict" not in ckpt:
        raise BackendUnavailable(
            f"openai-whisper: {path} is not an openai-whisper checkpoint (needs 'dims' and 'model_state_dict')"
        )
    model = Whisper(ModelDimensions(**ckpt["dims"]))
    model.load_state_dict(ckpt["model_state_dict"])
    if official_name is not None:
        import whisper

        model.set_alignment_heads(whisper._ALIGNMENT_HEADS[official_name])
    return model.to(device).eval()


@ASR.register("openai-whisper")
class OpenAIWhisperASR(Transcriber):
    """openai-whisper (PyTorch) from a local ``.pt`` checkpoint, with word timestamps.

    Words are grouped into dubbable phrases exactly like ``FasterWhisperASR``.
    """

    backend = "openai-whisper"

    DEVICES = ("cpu", "cuda")

    class Options(Transcriber.Options):
        model: str = Field("small", description="a local .pt checkpoint, or an official name whose file is in the whisper cache")
        fp16: bool = Field(True, description="half precision on CUDA (the CPU always runs fp32)")
        beam_size: int = Field(5, ge=1, le=10, description="beam width of the transcription (QC back-ASR is greedy)")
        download_root: Optional[str] = Field(None, description="whisper cache folder to look in instead of ~/.cache/whisper")
        max_tokens: Optional[int] = Field(None, ge=1, description="tokens per 30 s window; unset = whisper's n_text_ctx // 2")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.model_name = o.model
        self.beam_size = o.beam_size
        self.download_root = o.download_root
        self.max_tokens = o.max_tokens
        self._model: Any = None
        if importlib.util.find_spec("whisper") is None:
            raise BackendUnavailable(f"asr backend 'openai-whisper' needs `{WHISPER_FIX}`")
        self.checkpoint = resolve_whisper_checkpoint(self.model_name, self.download_root)  # missing → error now

    @property
    def fp16(self) -> bool:
        return self.options.fp16 and self.device.startswith("cuda")

    def load(self) -> Any:
        """The loaded ``whisper.model.Whisper`` (loaded once per backend instance)."""
        if self._model is None:
            path, official = self.checkpoint
            self._model = load_whisper_checkpoint(path, self.device, official)
        return self._model

    def version(self) -> str:
        return (
            f"openai-whisper {package_version('openai-whisper')} model={self.model_name} "
            f"fp16={self.fp16} beam={self.beam_size} max_tokens={self.max_tokens}"
        )

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "whisper", "openai-whisper", WHISPER_FIX)
        if not c.ok:
            return c
        cached = sorted(p.stem for p in whisper_cache_dir().glob("*.pt")) if whisper_cache_dir().is_dir() else []
        where = f"cached: {', '.join(cached)}" if cached else "needs a local model (.pt path in asr.model)"
        return Check(cls.stage, cls.backend, True, f"{c.detail}; {where}", "" if cached else WHISPER_HOW)

    def transcribe(self, audio: np.ndarray, language: Optional[str]) -> Transcript:
        import whisper

        model = self.load()

        def run(x: np.ndarray, lang: Optional[str]) -> tuple[list[Word], str]:
            result = whisper.transcribe(
                model,
                x,
                language=lang,
                task="transcribe",
                word_timestamps=True,
                fp16=self.fp16,
                beam_size=self.beam_size,
                temperature=0.0,
                condition_on_previous_text=False,  # stops one hallucination from seeding the next window
                verbose=None,  # library code prints nothing
                **({"sample_len": self.max_tokens} if self.max_tokens else {}),
            )
            words = [
                Word(
                    text=str(w["word"]).strip(),
                    start=round(float(w["start"]), 3),
                    end=round(max(float(w["end"]), float(w["start"]) + 0.02), 3),
                    probability=round(float(w.get("probability", 1.0)), 4),
                )
                for seg in result["segments"]
                for w in seg.get("words", [])
                if str(w["word"]).strip()
            ]
            return words, str(result["language"])

        return self._windowed(as_mono(audio), language, run)

    def transcribe_text(self, audio: np.ndarray, language: str, speech_only: bool = False) -> str:
        import whisper

        x = as_mono(audio)
        if x.size == 0 or not np.any(x):
            return ""
        result = whisper.transcribe(
            self.load(), x, language=language, task="transcribe", fp16=self.fp16, beam_size=None,
            temperature=0.0, condition_on_previous_text=False, verbose=None,
            no_speech_threshold=None if speech_only else 0.6,  # whisper's default skip, off for known speech
            **({"sample_len": self.max_tokens} if self.max_tokens else {}),
        )
        return str(result["text"]).strip()
