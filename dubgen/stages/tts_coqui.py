"""Optional neural TTS: Coqui TTS (the maintained ``coqui-tts`` fork, import name ``TTS``) from a
local model folder: VITS, YourTTS, XTTS, Tacotron/Glow-TTS (+ optional vocoder). Nothing is downloaded.

Speaking rate: models with a ``length_scale`` (VITS, YourTTS, Glow-TTS) get
``length_scale = native_wpm / rate``; XTTS gets ``speed = rate / native_wpm``; other models
(Tacotron) speak at their own rate and the timing plan's time-stretch fits them to the slot.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable, RecipeError
from ..io import atomic_path, sha256_json
from ..models import cache_dir, local_model
from .base import Check, module_check, package_version
from .tts import TTS, Synthesizer, trim_silence

COQUI_FIX = "pip install 'coqui-tts[codec]' six"
COQUI_HOW = (
    "On a machine with network run e.g. `tts --model_name tts_models/es/css10/vits --text hola "
    "--out_path /tmp/x.wav`, copy the model folder (~/.local/share/tts/tts_models--es--css10--vits: "
    "config.json + model .pth) here and set tts.model to its path."
)
# Checkpoint names Coqui's released models and trainer use, in order of preference.
CHECKPOINT_NAMES = ("model.pth", "model_file.pth", "best_model.pth", "checkpoint.pth", "model_file.pth.tar", "model.pth.tar")
# Side files a config refers to with the absolute path of the machine that wrote it.
SIDE_FILES = ("speakers_file", "language_ids_file", "d_vector_file")
PROBE_TEXT = "This is a short sentence to measure the voice."


def find_checkpoint(folder: Path) -> Path:
    """The model checkpoint inside a Coqui model folder (XTTS: the folder itself)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    if str(config.get("model", "")).lower() == "xtts":
        return folder  # XTTS loads model.pth, vocab.json and speakers_xtts.pth from its folder
    for name in CHECKPOINT_NAMES:
        if (folder / name).is_file():
            return folder / name
    steps = sorted(folder.glob("checkpoint_*.pth"), key=lambda p: int("".join(c for c in p.stem if c.isdigit()) or 0))
    if steps:
        return steps[-1]
    raise BackendUnavailable(f"coqui: no model checkpoint ({', '.join(CHECKPOINT_NAMES)}) in {folder}. {COQUI_HOW}")


def localise_config(config_path: Path) -> Path:
    """Point a config's speaker/language side files at the copies beside it.

    Coqui writes absolute paths of the machine that downloaded or trained the model; a copied
    folder has the files next to config.json. When any path needs fixing, a patched copy is
    written under the dubgen cache (the user's folder is never modified) and returned.
    """
    config = json.loads(config_path.read_text(encoding="utf-8"))
    folder = config_path.parent
    changed = False
    for block in (config, config.get("model_args") or {}):
        for key in SIDE_FILES:
            value = block.get(key)
            first = value[0] if isinstance(value, list) and value else value
            if not first or Path(first).is_file():
                continue
            local = folder / Path(first).name
            if not local.is_file():
                raise BackendUnavailable(f"coqui: {config_path} refers to {key}={first}, which is missing; copy it into {folder}")
            block[key] = [str(local)] if isinstance(value, list) else str(local)
            changed = True
    if not changed:
        return config_path
    target = cache_dir() / "coqui-configs" / f"{sha256_json(config)[:16]}.json"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            tmp.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return target


def coqui_check(stage: str, backend: str, detail: str, how: str) -> Check:
    """Doctor line of a Coqui backend: the package and what `import TTS` needs."""
    c = module_check(stage, backend, "TTS", "coqui-tts", COQUI_FIX)
    if not c.ok:
        return c
    # `import TTS` raises without these (torchcodec is needed from torch 2.9 on).
    for module, dist in (("torchaudio", "torchaudio"), ("torchcodec", "torchcodec")):
        if importlib.util.find_spec(module) is None:
            return Check(stage, backend, False, f"coqui-tts needs {dist}", f"pip install {dist}")
    return Check(stage, backend, True, f"{c.detail}; {detail}", how)


def match_language(language: str, available: list[str]) -> Optional[str]:
    """The model's name for an ISO 639-1 language: exact, else a regional variant (``pt-br``)."""
    for name in available:
        if name.lower() == language:
            return name
    for name in available:
        if name.lower().split("-")[0].split("_")[0] == language:
            return name
    return None


@TTS.register("coqui")
class CoquiTTS(Synthesizer):
    """Coqui TTS from a local folder (``config.json`` + checkpoint, optional ``vocoder/`` folder).

    Voices are ``"<speaker>|<language>"`` (either part empty for single-speaker or monolingual
    models). Without ``tts.voice``, a multi-speaker model's speaker is the one whose synthetic
    F0 median is closest to the source speaker's (the first ``max_probe_speakers`` speakers
    are measured once each). Synthesis is seeded, so the same text gives the same audio.
    """

    backend = "coqui"
    rate_range = (90.0, 300.0)

    DEVICES = ("cpu", "cuda")

    class Options(Synthesizer.Options):
        model: Optional[str] = Field(None, description="local Coqui model folder (config.json + checkpoint) or checkpoint file")
        native_wpm: float = Field(160.0, gt=0.0, le=500.0, description="the model's speaking rate at length_scale 1, words/min")
        max_probe_speakers: int = Field(8, ge=1, le=1024, description="speakers measured to pick the closest F0")
        seed: int = Field(0, ge=0, le=2**32 - 1, description="torch seed set before each synthesis")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.model = o.model
        self.native_wpm = o.native_wpm  # the model's speaking rate at length_scale 1
        self.max_probe_speakers = o.max_probe_speakers
        self.seed = o.seed
        self._synth: Any = None
        self._probe_f0: dict[tuple[str, str], Optional[float]] = {}
        local_model(self.model, "coqui TTS", COQUI_HOW)  # a missing model is an error now, not after the first clip

    # ------------------------------------------------------------------ loading
    def paths(self) -> dict[str, Optional[Path]]:
        """Checkpoint, config and optional vocoder files of the local model."""
        path = local_model(self.model, "coqui TTS", COQUI_HOW)
        folder = path if path.is_dir() else path.parent
        if not (folder / "config.json").is_file():
            raise BackendUnavailable(f"coqui: no config.json in {folder}. {COQUI_HOW}")
        ckpt = find_checkpoint(folder) if path.is_dir() else path
        voc_dir = folder / "vocoder"
        has_vocoder = (voc_dir / "config.json").is_file()
        return {
            "checkpoint": ckpt,
            "config": localise_config(folder / "config.json"),
            "vocoder": find_checkpoint(voc_dir) if has_vocoder else None,
            "vocoder_config": voc_dir / "config.json" if has_vocoder else None,
        }

    def load(self) -> Any:
        """The ``TTS.utils.synthesizer.Synthesizer``, loaded once per backend instance."""
        if self._synth is None:
            if importlib.util.find_spec("TTS") is None:
                raise BackendUnavailable(f"tts backend 'coqui' needs `{COQUI_FIX}`")
            try:
                from TTS.utils.synthesizer import Synthesizer as CoquiSynthesizer
            except ImportError as e:  # coqui-tts raises ImportError when torchaudio/torchcodec are missing
                raise BackendUnavailable(f"tts backend 'coqui' cannot import coqui-tts: {e}. {COQUI_FIX} torchaudio torchcodec") from e

            p = self.paths()
            # Coqui's loader reads checkpoints with torch.load(weights_only=True) (torch >= 2.4).
            self._synth = CoquiSynthesizer(
                tts_checkpoint=p["checkpoint"], tts_config_path=p["config"],
                vocoder_checkpoint=p["vocoder"], vocoder_config=p["vocoder_config"],
                use_cuda=self.device.startswith("cuda"),
            )
        return self._synth

    def speakers(self) -> list[str]:
        """Speaker names of a multi-speaker model ([] for single-speaker)."""
        sm = getattr(self.load().tts_model, "speaker_manager", None)
        return list(sm.speaker_names) if sm is not None and sm.num_speakers > 1 else []

    def languages(self) -> list[str]:
        """Language names of a multilingual model ([] for monolingual)."""
        synth = self.load()
        lm = getattr(synth.tts_model, "language_manager", None)
        if lm is not None and lm.num_languages > 1:
            return list(lm.language_names)
        # XTTS lists its languages in the config instead of a language manager.
        listed = list(getattr(synth.tts_config, "languages", None) or [])
        return listed if len(listed) > 1 else []

    def version(self) -> str:
        return f"coqui-tts {package_version('coqui-tts')} model={self.model} seed={self.seed} wpm={self.native_wpm}"

    @classmethod
    def check(cls) -> Check:
        return coqui_check(cls.stage, cls.backend, "needs a local model (tts.model)", COQUI_HOW)

    # ------------------------------------------------------------------ synthesis
    def voice_for(self, language: str, f0_median: Optional[float]) -> str:
        langs = self.languages()
        lang = ""
        if langs:
            lang = match_language(language, langs) or ""
            if not lang:
                raise RecipeError(f"tts: the coqui model speaks {', '.join(langs)}, not {language!r}")
        if self.voice:
            return self.voice if "|" in self.voice else f"{self.voice}|{lang}"
        speakers = self.speakers()
        if not speakers:
            return f"|{lang}"
        return f"{self._closest_speaker(speakers, lang, f0_median)}|{lang}"

    def _closest_speaker(self, speakers: list[str], lang: str, f0_median: Optional[float]) -> str:
        if f0_median is None or f0_median <= 0:
            return speakers[0]
        from .voice import measure_profile

        best, best_dist = speakers[0], math.inf
        for spk in speakers[: self.max_probe_speakers]:
            if (spk, lang) not in self._probe_f0:
                audio, sr = self.synthesize(PROBE_TEXT, f"{spk}|{lang}", self.native_wpm)
                self._probe_f0[(spk, lang)] = measure_profile(audio, sr).f0_median
            f0 = self._probe_f0[(spk, lang)]
            if f0 is not None and abs(math.log(f0 / f0_median)) < best_dist:
                best, best_dist = spk, abs(math.log(f0 / f0_median))
        return best

    def synthesize(self, text: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        import torch

        synth = self.load()
        model = synth.tts_model
        speaker, _, lang = voice.partition("|")
        lo, hi = self.rate_range
        rate = min(max(rate, lo), hi)
        kwargs: dict[str, Any] = {}
        if str(getattr(synth.tts_config, "model", "")).lower() == "xtts":
            kwargs["speed"] = rate / self.native_wpm
        old_scale = getattr(model, "length_scale", None)
        try:
            if old_scale is not None:
                model.length_scale = self.native_wpm / rate
            # VITS samples noise from the global RNG: seed a forked RNG so the caller's is untouched.
            devices = [torch.cuda.current_device()] if self.device.startswith("cuda") else []
            with torch.random.fork_rng(devices=devices), torch.inference_mode():
                torch.manual_seed(self.seed)
                wav = synth.tts(text, speaker_name=speaker or None, language_name=lang or None, **kwargs)
        finally:
            if old_scale is not None:
                model.length_scale = old_scale
        audio = np.asarray(wav, dtype=np.float32).reshape(-1)
        return trim_silence(audio, int(synth.output_sample_rate)), int(synth.output_sample_rate)
