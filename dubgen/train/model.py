"""Video and audio MViT encoders with projection heads, and their checkpoint format.

Both encoders are ``torchvision.models.video.MViT`` built directly with small block settings
(``mvit_v2_s`` hard-codes 224 px / 16 frames). Audio is a log-mel image fed as a one-frame
"video" of shape (C, 1, mels, frames), so the same multiscale pooling attention runs on it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Optional

import torch
import torch.nn.functional as F
from torch import nn

from .config import TAU_RANGE
from .variants import EncoderSpec, Variant, get_variant

CHECKPOINT_FORMAT = "dubgen-av-mvit/1"


class VariantMismatch(ValueError):
    """A checkpoint belongs to another model variant than the one requested."""


def _build_mvit(spec: EncoderSpec, in_channels: int, spatial: tuple[int, int], temporal: int, drop_path: float) -> nn.Module:
    from torchvision.models.video.mvit import MSBlockConfig, MViT

    kernel = [3, 3, 3] if temporal > 1 else [1, 3, 3]
    blocks = [
        MSBlockConfig(
            num_heads=h,
            input_channels=cin,
            output_channels=cout,
            kernel_q=kernel if any(s > 1 for s in sq) else [],
            kernel_kv=kernel if any(s > 1 for s in skv) else [],
            stride_q=list(sq) if any(s > 1 for s in sq) else [],
            stride_kv=list(skv) if any(s > 1 for s in skv) else [],
        )
        for (h, cin, cout, sq, skv) in spec.blocks
    ]
    net = MViT(
        spatial_size=spatial,
        temporal_size=temporal,
        block_setting=blocks,
        residual_pool=True,
        residual_with_cls_embed=False,
        rel_pos_embed=True,
        proj_after_attn=True,
        dropout=0.0,
        stochastic_depth_prob=drop_path,
        num_classes=1,
        patch_embed_kernel=spec.patch_kernel,
        patch_embed_stride=spec.patch_stride,
        patch_embed_padding=spec.patch_padding,
    )
    if in_channels != 3:
        old = net.conv_proj
        net.conv_proj = nn.Conv3d(in_channels, old.out_channels, old.kernel_size, old.stride, old.padding)
    net.head = nn.Identity()  # we take the class-token features and project them ourselves
    return net


def encode_tokens(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """MViT trunk with a mean-pooled readout of the patch tokens.

    torchvision's ``MViT.forward`` reads the class token only; from scratch on small data the
    audio class token started nearly input-independent (off-diagonal cosine ~0.98) and the
    audio branch collapsed to a constant. Averaging the patch tokens keeps it input-dependent."""
    x = net.conv_proj(x)
    x = x.flatten(2).transpose(1, 2)
    x = net.pos_encoding(x)
    thw = (net.pos_encoding.temporal_size,) + net.pos_encoding.spatial_size
    for block in net.blocks:
        x, thw = block(x, thw)
    x = net.norm(x)
    return x[:, 1:].mean(dim=1)


class ProjectionHead(nn.Module):
    """Two-layer MLP to the shared embedding space; outputs are L2-normalised."""

    def __init__(self, dim_in: int, dim_out: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim_in, dim_in), nn.GELU(), nn.Linear(dim_in, dim_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.net(x), dim=-1)


class AVModel(nn.Module):
    """Video MViT + audio MViT + projection heads + temperature.

    Args:
        variant: name in ``VARIANTS`` (fixes input geometry and block stacks).
        audio_channels: 1 (log-mel) or 3 (log-mel + deltas).
        proj_dim: embedding size; None = the variant's default.
        drop_path: stochastic depth probability of the last block.
        temperature: initial (or fixed) tau of the contrastive loss.
        learn_temperature: make tau a trained parameter (kept in ``TAU_RANGE``).
    """

    def __init__(
        self,
        variant: str = "xxs",
        audio_channels: int = 1,
        proj_dim: Optional[int] = None,
        drop_path: float = 0.0,
        temperature: float = 0.1,
        learn_temperature: bool = False,
    ) -> None:
        super().__init__()
        v: Variant = get_variant(variant)
        self.variant = v
        self.kwargs = dict(
            variant=variant,
            audio_channels=audio_channels,
            proj_dim=proj_dim,
            drop_path=drop_path,
            temperature=temperature,
            learn_temperature=learn_temperature,
        )
        dim = proj_dim or v.proj_dim
        self.video_encoder = _build_mvit(v.video, 3, (v.video_size, v.video_size), v.num_frames, drop_path)
        self.audio_encoder = _build_mvit(v.audio, audio_channels, (v.n_mels, v.audio_frames), 1, drop_path)
        self.video_head = ProjectionHead(v.video.blocks[-1][2], dim)
        self.audio_head = ProjectionHead(v.audio.blocks[-1][2], dim)
        self.log_tau = nn.Parameter(torch.tensor(math.log(temperature)), requires_grad=learn_temperature)

    @property
    def tau(self) -> torch.Tensor:
        return self.log_tau.clamp(math.log(TAU_RANGE[0]), math.log(TAU_RANGE[1])).exp()

    def embed_video(self, video: torch.Tensor) -> torch.Tensor:
        """(B, 3, T, H, W) float -> (B, D) unit vectors."""
        return self.video_head(encode_tokens(self.video_encoder, video))

    def embed_audio(self, audio: torch.Tensor) -> torch.Tensor:
        """(B, C, mels, frames) -> (B, D) unit vectors."""
        return self.audio_head(encode_tokens(self.audio_encoder, audio.unsqueeze(2)))

    def forward(self, video: torch.Tensor, audio: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Embeddings of a video batch and an audio batch, and tau (one call, DDP-friendly)."""
        return self.embed_video(video), self.embed_audio(audio), self.tau


MODELS: dict[str, type[nn.Module]] = {"AVModel": AVModel}


def model_payload(model: AVModel) -> dict[str, Any]:
    """Class, variant, constructor kwargs and state: everything to rebuild the model."""
    return {
        "class": type(model).__name__,
        "variant": model.kwargs["variant"],
        "kwargs": dict(model.kwargs),
        "state": {k: v.detach().cpu() for k, v in model.state_dict().items()},
    }


def read_checkpoint(path: Path) -> dict[str, Any]:
    """Load a checkpoint safely (``weights_only=True``) and check its format."""
    try:
        ckpt = torch.load(str(path), map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: checkpoint not found") from None
    if not isinstance(ckpt, dict) or ckpt.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path}: not a dubgen checkpoint (format {CHECKPOINT_FORMAT!r} expected)")
    return ckpt


def check_same_variant(ckpt: dict[str, Any], model: AVModel, path: Path) -> None:
    """Refuse to resume a checkpoint of another class, variant or constructor kwargs."""
    m = ckpt["model"]
    if m["class"] != type(model).__name__ or m["variant"] != model.kwargs["variant"]:
        raise VariantMismatch(
            f"{path}: checkpoint holds {m['class']}/{m['variant']}, but this run builds "
            f"{type(model).__name__}/{model.kwargs['variant']}; resume with the same model.variant "
            "or start a new run (--out elsewhere)"
        )
    diff = {k: (m["kwargs"].get(k), v) for k, v in model.kwargs.items() if m["kwargs"].get(k) != v}
    if diff:
        detail = ", ".join(f"{k}: checkpoint {a!r} vs config {b!r}" for k, (a, b) in diff.items())
        raise VariantMismatch(f"{path}: checkpoint model settings differ from the config ({detail})")


def load_model(path: Path, device: str = "cpu") -> tuple[AVModel, dict[str, Any]]:
    """Rebuild a model from a checkpoint; returns (model in eval mode, checkpoint dict)."""
    ckpt = read_checkpoint(path)
    m = ckpt["model"]
    cls = MODELS.get(m["class"])
    if cls is None:
        raise ValueError(f"{path}: unknown model class {m['class']!r}; known: {', '.join(MODELS)}")
    model = cls(**m["kwargs"])
    model.load_state_dict(m["state"])
    return model.to(device).eval(), ckpt
