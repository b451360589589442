"""Optional neural voice conversion: OpenVoice tone-colour conversion through Coqui TTS
(``coqui-tts``), from a local model folder. Nothing is downloaded.

The model moves the timbre of the TTS voice to the source speaker's (speaker embeddings from
its reference encoder, one per speaker over all of their speech); a tone-colour converter keeps
the input's intonation, so the F0 median and range then go to the source speaker's with the
same Praat step as the ``praat`` backend (formant ratio 1: the model sets the formants).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Optional

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable
from ..models import local_model
from .base import Check, package_version
from .tts_coqui import coqui_check
from .voice import VOICE, PitchOptions, PraatVoice, VoiceConverter, VoicePlan, VoiceProfile, _fit_length, _mono64, measure_profile

OPENVOICE_HOW = (
    "On a machine with network run `tts --model_name voice_conversion_models/multilingual/multi-dataset/openvoice_v2 "
    "--source_wav a.wav --target_wav b.wav --out_path c.wav`, copy the model folder "
    "(~/.local/share/tts/voice_conversion_models--multilingual--multi-dataset--openvoice_v2: config.json + "
    "checkpoint.pth) here and set voice.model to its path."
)
CHECKPOINT_NAMES = ("checkpoint.pth", "model.pth", "converter.pth")
#: OpenVoice config keys (its own format: "data" + "model") that size the network.
AUDIO_KEYS = {"sampling_rate": "input_sample_rate", "filter_length": "fft_size", "hop_length": "hop_length",
              "win_length": "win_length"}
#: Less speech than this (s) gives no usable speaker embedding.
MIN_EMBED_S = 0.5

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddedProfile(VoiceProfile):
    """A voice profile with the model's speaker (tone colour) embedding."""

    embedding: tuple[float, ...] = ()


def model_files(path: Optional[str]) -> tuple[Path, Path, dict[str, Any]]:
    """(config.json, checkpoint, parsed config) of a local OpenVoice folder; clear errors otherwise."""
    folder = local_model(path, "voice backend 'coqui' (OpenVoice)", OPENVOICE_HOW)
    if folder.is_file():
        folder = folder.parent
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise BackendUnavailable(f"voice backend 'coqui': no config.json in {folder}. {OPENVOICE_HOW}")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    if not isinstance(config.get("data"), dict) or not isinstance(config.get("model"), dict):
        raise BackendUnavailable(
            f"voice backend 'coqui': {config_path} is not an OpenVoice config (needs 'data' and 'model' sections). "
            "Only OpenVoice runs offline: FreeVC and kNN-VC fetch WavLM weights at load time."
        )
    for name in CHECKPOINT_NAMES:
        if (folder / name).is_file():
            return config_path, folder / name, config
    raise BackendUnavailable(f"voice backend 'coqui': no checkpoint ({', '.join(CHECKPOINT_NAMES)}) in {folder}. {OPENVOICE_HOW}")


def build_openvoice(config: dict[str, Any]) -> Any:
    """An untrained OpenVoice network shaped by an OpenVoice ``config.json`` (dict)."""
    from TTS.vc.configs.openvoice_config import OpenVoiceArgs, OpenVoiceConfig
    from TTS.vc.models.openvoice import OpenVoice

    cfg = OpenVoiceConfig()
    for key, attr in AUDIO_KEYS.items():
        setattr(cfg.audio, attr, int(config["data"][key]))
    cfg.audio.output_sample_rate = cfg.audio.input_sample_rate
    known = set(OpenVoiceArgs.__dataclass_fields__)
    cfg.model_args = OpenVoiceArgs(**{k: v for k, v in config["model"].items() if k in known})
    return OpenVoice(cfg)


@VOICE.register("coqui")
class CoquiVoice(PraatVoice):
    """OpenVoice tone colour + Praat F0 matching; ``voice.model`` is the local model folder."""

    backend = "coqui"

    DEVICES = ("cpu", "cuda")

    class Options(PitchOptions):  # no max_formant_shift: the model sets the formants
        model: Optional[str] = Field(None, description="local OpenVoice converter folder (config.json + checkpoint)")

    def __init__(self, **options: Any) -> None:
        VoiceConverter.__init__(self, **options)
        self._take_pitch_options()
        self.max_formant_shift = float("inf")  # the plan's formant ratio is replaced by the model's tone colour
        self.model = self.options.model
        local_model(self.model, "voice backend 'coqui' (OpenVoice)", OPENVOICE_HOW)  # missing → error now
        self._net: Any = None
        self._sr = 0
        self._digest: Optional[str] = None

    @classmethod
    def check(cls) -> Check:
        return coqui_check(cls.stage, cls.backend, "OpenVoice, needs a local model (voice.model)", OPENVOICE_HOW)

    def version(self) -> str:
        if self._digest is None:
            _, ckpt, config = model_files(self.model)
            h = hashlib.sha256(json.dumps(config, sort_keys=True).encode())
            with ckpt.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            self._digest = h.hexdigest()[:16]
        return (f"coqui-openvoice-2;model={self._digest};coqui-tts={package_version('coqui-tts')};"
                f"torch={package_version('torch')};{super().version()}")

    def load(self) -> Any:
        if self._net is None:
            import torch

            _, ckpt, config = model_files(self.model)
            net = build_openvoice(config)
            state = torch.load(ckpt, map_location="cpu", weights_only=True)
            weights = state.get("model", state) if isinstance(state, dict) else state
            try:
                net.load_state_dict(weights, strict=True)
            except RuntimeError as e:
                raise BackendUnavailable(f"voice backend 'coqui': {ckpt} does not match its config.json: {e}") from e
            self._net = net.eval().to(self.device)
            self._sr = int(config["data"]["sampling_rate"])
        return self._net

    def _embed(self, x: np.ndarray, sr: int) -> tuple[float, ...]:
        import torch

        from ..dsp import resample

        net = self.load()
        if len(x) < MIN_EMBED_S * sr or not np.any(x):
            return ()
        y = torch.from_numpy(resample(x.astype(np.float32), sr, self._sr)).to(self.device)
        with torch.inference_mode():
            g, _ = net.extract_se(y)
        return tuple(float(v) for v in g.flatten().cpu().numpy())

    def profile(self, speech: np.ndarray, sr: int) -> EmbeddedProfile:
        x = _mono64(speech)
        return EmbeddedProfile(**vars(measure_profile(x, sr)), embedding=self._embed(x, sr))

    def plan(self, source: VoiceProfile, target: VoiceProfile, strength: float = 1.0) -> VoicePlan:
        p = super().plan(source, target, strength)
        if p.identity:
            return p
        if getattr(source, "embedding", ()) and getattr(target, "embedding", ()):
            timbre = f"formants: OpenVoice tone colour, embedding moved {strength:g} of the way"
        else:
            timbre = f"OpenVoice timbre skipped: a speaker had < {MIN_EMBED_S:.1f} s of speech to embed (F0 only)"
        return replace(p, formant_ratio=1.0, notes=p.notes + (timbre,))

    def convert(self, audio: np.ndarray, sr: int, source: VoiceProfile, target: VoiceProfile,
                strength: float = 1.0) -> np.ndarray:
        """Tone colour of ``target`` (seeded: the posterior sampling is reproducible), then F0;
        ``strength`` moves the speaker embedding and the F0 that share of the way."""
        x = _mono64(audio)
        src_e, tgt_e = getattr(source, "embedding", ()), getattr(target, "embedding", ())
        if len(x) == 0 or not np.any(x) or self.plan(source, target, strength).identity:
            return super().convert(x, sr, source, target, strength)
        if src_e and tgt_e:
            a, b = np.asarray(src_e), np.asarray(tgt_e)
            x = _fit_length(self._timbre(x, sr, src_e, tuple(float(v) for v in a + strength * (b - a))), len(x))
        else:
            log.warning("OpenVoice skipped: a speaker had < %.1f s of speech to embed", MIN_EMBED_S)
        return super().convert(x, sr, source, target, strength)

    def _timbre(self, x: np.ndarray, sr: int, src_e: tuple[float, ...], tgt_e: tuple[float, ...]) -> np.ndarray:
        import torch

        from ..dsp import resample

        net = self.load()
        from TTS.utils.audio.torch_transforms import wav_to_spec

        a = net.config.audio
        wav = torch.from_numpy(resample(x.astype(np.float32), sr, self._sr)).to(self.device)[None, None]
        spec = wav_to_spec(wav, n_fft=a.fft_size, hop_length=a.hop_length, win_length=a.win_length, center=False)
        g = lambda e: torch.tensor(e, dtype=torch.float32, device=self.device).view(1, -1, 1)  # noqa: E731
        seed = int.from_bytes(hashlib.sha256(x.tobytes()).digest()[:4], "little")
        with torch.random.fork_rng(devices=[]), torch.inference_mode():
            torch.manual_seed(seed)
            out = net.inference(spec.to(self.device), {"g_src": g(src_e), "g_tgt": g(tgt_e)})["model_outputs"]
        y = out[0, 0].float().cpu().numpy()
        return resample(y, self._sr, sr).astype(np.float64)
