"""Named model size variants (no torch import: configs validate against these names).

Each variant fixes the input geometry (video side and frames, mel bins and frames) together
with the two MViT block stacks, so a checkpoint's variant says what data it expects.
A block is ``(heads, in_channels, out_channels, stride_q, stride_kv)``; strides are (T, H, W).
"""

from __future__ import annotations

from dataclasses import dataclass

Block = tuple[int, int, int, tuple[int, int, int], tuple[int, int, int]]


@dataclass(frozen=True)
class EncoderSpec:
    blocks: tuple[Block, ...]
    patch_kernel: tuple[int, int, int]
    patch_stride: tuple[int, int, int]
    patch_padding: tuple[int, int, int]


@dataclass(frozen=True)
class Variant:
    name: str
    video_size: int
    num_frames: int
    n_mels: int
    audio_frames: int
    video: EncoderSpec
    audio: EncoderSpec
    proj_dim: int
    description: str = ""


def _stack(widths: list[int], heads: list[int], down_at: set[int], kv0: int) -> tuple[Block, ...]:
    """Blocks whose width changes where ``widths`` does, spatial pooling of q at ``down_at``.

    The key/value pooling stride starts at ``kv0`` and halves each time q is pooled, the MViTv2
    recipe (pool keys hard where the token grid is large)."""
    blocks: list[Block] = []
    kv = kv0
    for i in range(len(widths) - 1):
        sq = (1, 2, 2) if i in down_at else (1, 1, 1)
        if i in down_at:
            kv = max(1, kv // 2)
        blocks.append((heads[i], widths[i], widths[i + 1], sq, (1, kv, kv)))
    return tuple(blocks)


_VIDEO_PATCH = dict(patch_kernel=(3, 7, 7), patch_stride=(2, 4, 4), patch_padding=(1, 3, 3))
_AUDIO_PATCH = dict(patch_kernel=(1, 7, 7), patch_stride=(1, 4, 4), patch_padding=(0, 3, 3))


def _encoders(widths: list[int], heads: list[int], down_at: set[int], kv0: int) -> dict[str, EncoderSpec]:
    """Video and audio encoders with the same block stack; they differ in the patch embedding
    (the audio "video" is a single log-mel frame, so it has no temporal patching)."""
    blocks = _stack(widths, heads, down_at, kv0)
    return {"video": EncoderSpec(blocks, **_VIDEO_PATCH), "audio": EncoderSpec(blocks, **_AUDIO_PATCH)}

VARIANTS: dict[str, Variant] = {
    "xxs": Variant(
        name="xxs",
        video_size=32,
        num_frames=4,
        n_mels=32,
        audio_frames=64,
        **_encoders([16, 16, 32], [1, 2], {1}, 2),
        proj_dim=32,
        description="2+2 blocks, 32 px x 4 frames, 32 mels x 64 frames: CPU tests",
    ),
    "s": Variant(
        name="s",
        video_size=64,
        num_frames=8,
        n_mels=64,
        audio_frames=128,
        **_encoders([48, 48, 96, 96, 192], [1, 2, 2, 4], {1, 3}, 4),
        proj_dim=128,
        description="4+4 blocks, 64 px x 8 frames, 64 mels x 128 frames",
    ),
    "m": Variant(
        name="m",
        video_size=64,
        num_frames=8,
        n_mels=64,
        audio_frames=128,
        **_encoders([48, 48, 96, 96, 96, 96, 96, 96, 192, 192, 192], [1, 2, 2, 2, 2, 2, 2, 4, 4, 4], {1, 7}, 4),
        proj_dim=128,
        description="10+10 blocks (S widths, deeper), same inputs as S: the depth axis of the grid",
    ),
}


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise ValueError(f"unknown model variant {name!r}; choose one of: {', '.join(sorted(VARIANTS))}") from None
