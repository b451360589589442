"""Deterministic embeddings of clips (centre view, no augmentation) for evaluation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np
import torch

from ..errors import MediaError
from ..train.data import ClipItem, FeatureSpec, audio_tensor, clip_duration, cut_frames, cut_mel, extract, video_tensor, worker_init

log = logging.getLogger("dubgen.eval")


@dataclass
class Embeddings:
    """Row i of ``video`` and of every ``audio[track]`` belongs to ``clip_ids[i]``; ``has[track]``
    marks rows whose clip has that track (others are zero)."""

    clip_ids: list[str]
    video: np.ndarray
    audio: dict[str, np.ndarray]
    has: dict[str, np.ndarray]
    skipped: list[str] = field(default_factory=list)


class _Views:
    def __init__(self, items: Sequence[ClipItem], spec: FeatureSpec, deltas: bool) -> None:
        self.items, self.spec, self.deltas = list(items), spec, deltas

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> dict[str, Any]:
        it = self.items[i]
        try:
            ex = extract(it, self.spec)
        except (MediaError, OSError, ValueError) as e:
            return {"i": i, "error": str(e)}
        t0 = max(0.0, (clip_duration(ex, self.spec) - self.spec.clip_seconds) / 2)
        return {
            "i": i,
            "video": video_tensor(cut_frames(ex.frames, t0, self.spec), self.spec, None, None),
            "audio": {k: audio_tensor(cut_mel(m, t0, self.spec), None, None, self.deltas) for k, m in ex.mels.items()},
            "skipped_tracks": ex.failed_tracks,
        }


@torch.no_grad()
def embed_items(
    model: Any, items: Sequence[ClipItem], spec: FeatureSpec, deltas: bool, device: str = "cpu",
    workers: int = 2, batch_size: int = 16,
) -> Embeddings:
    """Embed every clip's centre view and each of its audio tracks."""
    from torch.utils.data import DataLoader

    loader = DataLoader(
        _Views(items, spec, deltas), batch_size=None, num_workers=workers,
        worker_init_fn=worker_init if workers else None, collate_fn=lambda x: x,
    )
    ok: list[dict[str, Any]] = []
    skipped: list[str] = []
    for s in loader:
        if "error" in s:
            log.warning("skipping %s: %s", items[s["i"]].video, s["error"])
            skipped.append(s["error"])
        else:
            skipped.extend(s["skipped_tracks"])
            ok.append(s)
    model.eval()
    dim = None
    vids: list[np.ndarray] = []
    tracks = sorted({t for s in ok for t in s["audio"]})
    auds: dict[str, list[Optional[np.ndarray]]] = {t: [] for t in tracks}
    for lo in range(0, len(ok), batch_size):
        chunk = ok[lo : lo + batch_size]
        v = torch.stack([s["video"] for s in chunk]).to(device)
        vids.append(model.embed_video(v).float().cpu().numpy())
        for t in tracks:
            rows = [s["audio"].get(t) for s in chunk]
            present = [r for r in rows if r is not None]
            emb = model.embed_audio(torch.stack(present).to(device)).float().cpu().numpy() if present else None
            it = iter(emb) if emb is not None else iter(())
            auds[t].extend(next(it) if r is not None else None for r in rows)
    dim = vids[0].shape[1] if vids else 0
    audio = {t: np.stack([r if r is not None else np.zeros(dim, np.float32) for r in rows]) for t, rows in auds.items()}
    has = {t: np.array([r is not None for r in rows]) for t, rows in auds.items()}
    return Embeddings(
        clip_ids=[items[s["i"]].clip_id for s in ok],
        video=np.concatenate(vids) if vids else np.zeros((0, dim), np.float32),
        audio=audio,
        has=has,
        skipped=skipped,
    )
