"""``dubgen ablate``: the same run with and without dubs (same seed, data, steps), evaluated."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from ..io import write_json
from ..train.config import TrainConfig
from ..train.data import ORIG
from ..train.solver import train
from .report import evaluate

ARMS = ("without_dubs", "with_dubs")


def arm_configs(cfg: TrainConfig, out: Path) -> dict[str, TrainConfig]:
    """Two configs that differ only in ``data.dub_prob`` (and output folder).

    The compute budget (steps x batch x accumulate), seed, clips, split and cache are shared."""
    dub_prob = cfg.data.dub_prob if cfg.data.dub_prob > 0 else 0.5
    arms = {}
    for name, p in (("without_dubs", 0.0), ("with_dubs", dub_prob)):
        d = cfg.to_dict()
        d["data"]["dub_prob"] = p
        d["run"]["out"] = str(Path(out) / name)
        arms[name] = TrainConfig.model_validate(d)
    return arms


def run_ablation(cfg: TrainConfig, out: Path, resume: bool = False, device: Optional[str] = None) -> dict[str, Any]:
    out = Path(out)
    results: dict[str, Any] = {"seed": cfg.run.seed, "steps": cfg.run.steps, "batch_size": cfg.run.batch_size,
                               "accumulate": cfg.run.accumulate, "variant": cfg.model.variant, "data": cfg.data.path}
    for name, c in arm_configs(cfg, out).items():
        summary = train(c, resume=resume)
        ev = evaluate(Path(c.run.out) / "checkpoint.pt", Path(c.data.path), split="val", device=device or c.run.device,
                      workers=c.data.workers)
        results[name] = {"train": {"wall_seconds": summary.wall_seconds, "final_loss": summary.final_loss,
                                   "clips_seen": summary.clips_seen, "skipped": summary.skipped_count,
                                   "dub_prob": c.data.dub_prob}, "eval": ev}
    write_json(out / "ablation.json", results)
    return results


def format_ablation(res: dict[str, Any]) -> str:
    """with/without table per audio-query language (a->v and v->a R@1, R@5, median rank)."""
    w, wo = res["with_dubs"]["eval"], res["without_dubs"]["eval"]
    src = w.get("source_language", "?")
    lines = [
        f"ablation: variant {res['variant']}, seed {res['seed']}, {res['steps']} steps x batch {res['batch_size']}"
        f" x accumulate {res['accumulate']}, held-out clips {w['n_clips']}, dubs seen in training: "
        f"{', '.join(w['train_languages']) or '-'}",
        f"{'query audio':<16}{'status':<10}{'metric':<12}{'without':>9}{'with':>9}{'delta':>9}{'chance':>9}",
    ]
    for track in w["retrieval"]:
        rw, ro = w["retrieval"][track], wo["retrieval"].get(track)
        if ro is None:
            continue
        label = f"{src} (orig)" if track == ORIG else track
        for d in ("a2v", "v2a"):
            for key, name in (("r1", "R@1"), ("r5", "R@5"), ("median_rank", "medR")):
                a, b = ro[d][key], rw[d][key]
                chance = {"r1": rw[d]["chance_r1"], "r5": min(1.0, 5 / rw[d]["n"]), "median_rank": (rw[d]["n"] + 1) / 2}[key]
                lines.append(f"{label:<16}{rw['status']:<10}{d + ' ' + name:<12}{a:>9.3f}{b:>9.3f}{b - a:>+9.3f}{chance:>9.3f}")
    for track, rw in w["language_invariance"].items():
        ro = wo["language_invariance"].get(track)
        if ro:
            lines.append(f"{track:<16}{rw['status']:<10}{'cos gap':<12}{ro['gap']:>9.3f}{rw['gap']:>9.3f}{rw['gap'] - ro['gap']:>+9.3f}{0.0:>9.3f}")
    return "\n".join(lines)
