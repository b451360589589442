"""Spleeter's 2-stem U-Net (Jansson et al. 2017, as released by Deezer) as a torch module.

Reproduces the TensorFlow inference graph of the released ``2stems`` checkpoint: per stem a
6-level U-Net over (time, frequency) magnitude patches of the stereo STFT, 5x5 stride-2
convolutions with TensorFlow "same" padding (1 before, 2 after), batch norm with the stored
moving statistics (eps 1e-3), LeakyReLU(0.2) down / ReLU up, skips from the *pre*-norm
convolution outputs, and a final dilated 4x4 convolution + sigmoid that multiplies the input.
The two stems' outputs become soft masks ``s**2 / sum(s**2)`` (separation exponent 2).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

#: STFT and patch geometry of the released model (its configuration).
SAMPLE_RATE = 44100
FRAME_LENGTH = 4096
FRAME_STEP = 1024
T = 512  # frames per patch
F = 1024  # frequency bins fed to the network (0 .. ~11 kHz)
STEMS = ("vocals", "accompaniment")
BN_EPS = 1e-3
MASK_EPS = 1e-10
ENC_FILTERS = (16, 32, 64, 128, 256, 512)


def stem_weight_names(stem: int) -> dict[str, str]:
    """Map this module's parameter names to the checkpoint's variable names for one stem.

    Keras numbers layers in creation order: stem 0 owns conv2d..conv2d_6,
    conv2d_transpose..conv2d_transpose_5, batch_normalization..batch_normalization_11.
    """
    def sfx(base: str, i: int) -> str:
        return base if i == 0 else f"{base}_{i}"

    names = {}
    for i in range(7):  # 6 encoder convs + the final mask conv
        names[f"conv{i}.weight"] = sfx("conv2d", 7 * stem + i) + "/kernel"
        names[f"conv{i}.bias"] = sfx("conv2d", 7 * stem + i) + "/bias"
    for i in range(6):
        names[f"deconv{i}.weight"] = sfx("conv2d_transpose", 6 * stem + i) + "/kernel"
        names[f"deconv{i}.bias"] = sfx("conv2d_transpose", 6 * stem + i) + "/bias"
    for i in range(12):
        b = sfx("batch_normalization", 12 * stem + i)
        for p in ("gamma", "beta", "moving_mean", "moving_variance"):
            names[f"bn{i}.{p}"] = f"{b}/{p}"
    return names


def convert_checkpoint(tensors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """TensorFlow variables → flat ``<stem>.<param>`` arrays in torch layout (float32).

    Kernels go from TF (kh, kw, in, out) / transposed (kh, kw, out, in) to torch
    (out, in, kh, kw) / (in, out, kh, kw): the same axis permutation for both.

    Raises:
        KeyError: a variable the architecture needs is missing.
    """
    out = {}
    for s, stem in enumerate(STEMS):
        for ours, theirs in stem_weight_names(s).items():
            a = np.asarray(tensors[theirs], dtype=np.float32)
            if a.ndim == 4:
                a = a.transpose(3, 2, 0, 1)
            out[f"{stem}.{ours}"] = np.ascontiguousarray(a)
    return out


def build(weights: Mapping[str, np.ndarray]):
    """The two-stem model as a torch module in eval mode, weights loaded strictly."""
    import torch
    from torch import nn
    from torch.nn import functional as fn

    class BN(nn.Module):
        def __init__(self, c: int) -> None:
            super().__init__()
            for p in ("gamma", "beta", "moving_mean", "moving_variance"):
                self.register_buffer(p, torch.zeros(c))

        def forward(self, x: "torch.Tensor") -> "torch.Tensor":
            scale = self.gamma / torch.sqrt(self.moving_variance + BN_EPS)
            shift = self.beta - self.moving_mean * scale
            return x.mul_(scale[:, None, None]).add_(shift[:, None, None])  # in place: inference only

    class UNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            chans = (2,) + ENC_FILTERS
            for i in range(6):
                setattr(self, f"conv{i}", nn.Conv2d(chans[i], chans[i + 1], 5, stride=2))
            self.conv6 = nn.Conv2d(1, 2, 4, dilation=2, padding=3)
            dec_out = ENC_FILTERS[-2::-1] + (1,)  # 256, 128, 64, 32, 16, 1
            dec_in = (ENC_FILTERS[-1],) + tuple(2 * c for c in dec_out[:-1])
            for i, (ci, co) in enumerate(zip(dec_in, dec_out)):
                setattr(self, f"deconv{i}", nn.ConvTranspose2d(ci, co, 5, stride=2))
            for i, c in enumerate(ENC_FILTERS + dec_out):
                setattr(self, f"bn{i}", BN(c))

        def forward(self, mag: "torch.Tensor") -> "torch.Tensor":
            x, skips = mag, []
            for i in range(6):
                c = getattr(self, f"conv{i}")(fn.pad(x, (1, 2, 1, 2)))  # TF "same", stride 2
                skips.append(c)
                x = fn.leaky_relu(getattr(self, f"bn{i}")(c.clone()), 0.2, inplace=True)
            x = skips[-1]  # the decoder starts from the last convolution, before its norm
            for i in range(6):
                full = getattr(self, f"deconv{i}")(x)
                h, w = 2 * x.shape[2], 2 * x.shape[3]
                x = getattr(self, f"bn{6 + i}")(torch.relu(full[:, :, 1 : 1 + h, 1 : 1 + w]))  # relu copies
                if i < 5:
                    x = torch.cat([skips[4 - i], x], dim=1)
            return torch.sigmoid(self.conv6(x)) * mag

    class TwoStem(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stems = nn.ModuleDict({s: UNet() for s in STEMS})

        def forward(self, mag: "torch.Tensor") -> "torch.Tensor":
            """(B, 2, T, F) stereo magnitudes → (B, 2 stems, 2, T, F) soft masks."""
            est = torch.stack([self.stems[s](mag) for s in STEMS], dim=1) ** 2
            total = est.sum(dim=1, keepdim=True) + MASK_EPS
            return (est + MASK_EPS / len(STEMS)) / total

    model = TwoStem()
    state = {f"stems.{k}": torch.from_numpy(np.asarray(v)) for k, v in weights.items()}
    model.load_state_dict(state, strict=True)
    return model.eval()
