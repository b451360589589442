"""Tiny real data for the trainer tests: rendered, espeak-narrated clips + stand-in dubs.

Generated once per machine into the temp dir (deterministic by seed; ~10 s) and reused."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

DATA_VERSION = "v3"
N_CLIPS = 10
SECONDS = 2.0


def shared_dataset() -> Path:
    """Folder with ``videos/*.mp4``, ``dubs/{es,ca}/*.wav`` and ``pairs.jsonl``."""
    from dubgen.train.synthetic import build_clips, direct_dubs

    root = Path(tempfile.gettempdir()) / f"dubgen-test-train-data-{DATA_VERSION}"
    if (root / "pairs.jsonl").exists():
        return root
    tmp = Path(tempfile.mkdtemp(prefix="dubgen-test-data-", dir=tempfile.gettempdir()))
    scenes = build_clips(tmp, N_CLIPS, seed=3, side=48, fps=8, seconds=SECONDS)
    direct_dubs(tmp, scenes, ["es", "ca"], SECONDS)
    try:
        os.replace(tmp, root)
    except OSError:  # another process won the race
        shutil.rmtree(tmp, ignore_errors=True)
    return root


def copy_dataset(dst: Path) -> Path:
    """A private copy (tests that break files)."""
    shutil.copytree(shared_dataset(), dst)
    return dst


def tiny_config(out: Path, data: Path, **overrides: object) -> "object":
    """A validated XXS config for a few CPU steps."""
    from dubgen.train.config import config_from_dict

    raw: dict = {
        "model": {"variant": "xxs"},
        "data": {"path": str(data), "workers": 0, "val_fraction": 0.2, "clip_seconds": 1.0, "jitter_seconds": 0.5,
                 "augment": {"flip_p": 0.0}},
        "loss": {"within_modal_weight": 0.1},
        "optim": {"lr": 2e-3, "warmup_steps": 2},
        "run": {"out": str(out), "steps": 3, "batch_size": 4, "progress": False, "seed": 0},
    }
    for dotted, value in overrides.items():
        keys = dotted.split("__")
        cur = raw
        for k in keys[:-1]:
            cur = cur.setdefault(k, {})
        cur[keys[-1]] = value
    return config_from_dict(raw)


def synthetic_batch(n: int, seed: int) -> dict:
    """A collated batch of ``n`` random views shaped for the XXS model at clip_seconds 1.0."""
    import torch

    g = torch.Generator().manual_seed(seed)
    batch: dict = {"size": n}
    for view in "ps":
        batch[f"video_{view}"] = torch.randn(n, 3, 4, 32, 32, generator=g)
        batch[f"audio_{view}"] = torch.randn(n, 1, 32, 64, generator=g)
    return batch
