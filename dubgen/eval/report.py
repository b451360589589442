"""``dubgen eval``: retrieval, language invariance and linear probe of one checkpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import numpy as np

from ..io import write_json
from ..train.config import TrainConfig
from ..train.data import ORIG, feature_spec, scan, select_split
from ..train.model import load_model
from .embed import embed_items
from .probe import ProbeSet, linear_probe, probe_from_csv, probe_from_folder
from .retrieval import pair_cosines, retrieval


def evaluate(
    checkpoint: Path,
    data: Optional[Path],
    split: str = "val",
    probe: Optional[Path] = None,
    device: str = "cpu",
    workers: int = 2,
) -> dict[str, Any]:
    """All metrics for one checkpoint as a JSON-able dict.

    ``split``: 'val' uses the checkpoint's own held-out clips (same ``val_fraction`` and
    ``split_seed``); 'all' uses every clip of ``data`` (a separate test set)."""
    model, ckpt = load_model(Path(checkpoint), device)
    cfg = TrainConfig.model_validate(ckpt["config"])
    spec = feature_spec(cfg.model.variant, cfg.data)
    seen = set(ckpt.get("train_languages", []))
    result: dict[str, Any] = {
        "checkpoint": str(checkpoint),
        "variant": cfg.model.variant,
        "step": ckpt["step"],
        "seed": cfg.run.seed,
        "train_languages": sorted(seen),
    }
    if data is not None:
        index = select_split(scan(Path(data)), split, cfg.data.val_fraction, cfg.data.split_seed)
        emb = embed_items(model, index.items, spec, cfg.data.deltas, device, workers)
        result.update({"data": str(data), "split": split, "n_clips": len(emb.clip_ids)})
        result["skipped"] = index.skipped + emb.skipped
        src = sorted({it.source_language for it in index.items if it.source_language}) or ["?"]
        retr: dict[str, Any] = {}
        inv: dict[str, Any] = {}
        for track in sorted(emb.audio, key=lambda t: (t != ORIG, t)):
            m = emb.has[track]
            if m.sum() < 2:
                continue
            v, a = emb.video[m], emb.audio[track][m]
            status = "original" if track == ORIG else ("seen" if track in seen else "held-out")
            retr[track] = {
                "status": status,
                "v2a": retrieval(v, a).as_dict(),
                "a2v": retrieval(a, v).as_dict(),
            }
            if track != ORIG and emb.has.get(ORIG) is not None:
                both = m & emb.has[ORIG]
                if both.sum() >= 2:
                    inv[track] = {"status": status, **pair_cosines(emb.audio[ORIG][both], emb.audio[track][both])}
        result["retrieval"] = retr
        result["language_invariance"] = inv
        result["source_language"] = ",".join(src)
    if probe is not None:
        ps: ProbeSet = probe_from_csv(probe) if Path(probe).suffix.lower() == ".csv" else probe_from_folder(probe)
        pe = embed_items(model, ps.items, spec, cfg.data.deltas, device, workers)
        keep = {c: i for i, c in enumerate(it.clip_id for it in ps.items)}
        idx = np.array([keep[c] for c in pe.clip_ids])
        feats = {"video": pe.video, "audio": pe.audio[ORIG], "av": np.concatenate([pe.video, pe.audio[ORIG]], 1)}
        result["probe"] = {
            "path": str(probe),
            "classes": ps.classes,
            "multilabel": ps.multilabel,
            **linear_probe(feats, pe.clip_ids, ps.labels[idx], ps.multilabel, len(ps.classes)),
        }
    return result


def _lang(track: str, src: str) -> str:
    return f"{src} (original)" if track == ORIG else track


def format_report(res: dict[str, Any]) -> str:
    """Plain-text tables of one evaluation."""
    lines = [f"checkpoint {res['checkpoint']}  variant {res['variant']}  step {res['step']}  seed {res['seed']}"]
    if "retrieval" in res:
        lines.append(f"data {res['data']}  split {res['split']}  clips {res['n_clips']}  skipped {len(res['skipped'])}")
        lines.append(f"{'audio track':<16}{'status':<10}{'dir':<5}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'medR':>7}{'chance R@1':>12}")
        for track, r in res["retrieval"].items():
            for d in ("a2v", "v2a"):
                m = r[d]
                lines.append(
                    f"{_lang(track, res['source_language']):<16}{r['status']:<10}{d:<5}{m['r1']:>7.3f}{m['r5']:>7.3f}"
                    f"{m['r10']:>7.3f}{m['median_rank']:>7.1f}{m['chance_r1']:>12.3f}"
                )
        if res["language_invariance"]:
            lines.append(f"{'dub':<16}{'status':<10}{'cos(orig,dub)':>15}{'cos random':>12}{'gap':>8}")
            for track, r in res["language_invariance"].items():
                lines.append(f"{track:<16}{r['status']:<10}{r['matched_mean']:>15.3f}{r['random_mean']:>12.3f}{r['gap']:>8.3f}")
    if "probe" in res:
        p = res["probe"]
        keys = [k for k in p if k.endswith("_top1") or k.endswith("_mAP")]
        lines.append(f"linear probe {p['path']} ({len(p['classes'])} classes, {int(p['n_train'])} train / {int(p['n_test'])} test): "
                     + "  ".join(f"{k} {p[k]:.3f}" for k in keys))
    return "\n".join(lines)


def write_report(res: dict[str, Any], path: Path) -> None:
    write_json(path, res)
