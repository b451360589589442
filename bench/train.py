"""Trainer throughput: clips/s, share of step time waiting for data, peak RSS.

    .venv/bin/python bench/train.py                       # XXS and S on CPU, with and without cache
    .venv/bin/python bench/train.py --device cuda --variants s m --batch 32

Data: ``--data`` (pairs.jsonl or a folder) or, by default, 24 generated narrated clips with
stand-in dubs (built once into a temp folder). The first ``--warmup`` steps are not timed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _default_data() -> Path:
    from dubgen.train.synthetic import build_clips, direct_dubs

    root = Path(tempfile.gettempdir()) / "dubgen-bench-train-data-v1"
    if not (root / "pairs.jsonl").exists():
        scenes = build_clips(root, 24, seed=7, side=96, fps=12, seconds=4.0)
        direct_dubs(root, scenes, ["es"], 4.0)
    return root


def bench_one(variant: str, data: Path, cache: Optional[Path], steps: int, warmup: int, batch: int, workers: int,
              device: str, out: Path) -> dict[str, Any]:
    from dubgen.train.config import config_from_dict
    from dubgen.train.solver import Solver

    cfg = config_from_dict({
        "model": {"variant": variant},
        "data": {"path": str(data), "workers": workers, "cache": str(cache) if cache else None, "val_fraction": 0.0,
                 "clip_seconds": 2.0, "jitter_seconds": 1.0},
        "run": {"out": str(out), "steps": steps + warmup, "batch_size": batch, "device": device, "progress": False},
    })
    rows: list[dict[str, Any]] = []
    solver = Solver(cfg, on_step=lambda step, row: rows.append({**row, "t": time.perf_counter()}))
    t0 = time.perf_counter()
    solver.fit()
    timed = rows[warmup:]
    span = timed[-1]["t"] - rows[warmup - 1]["t"] if warmup else timed[-1]["t"] - t0
    clips = sum(r["clips"] for r in timed)
    # data wait per step x step duration = seconds waiting
    step_dt = [r["clips"] / r["clips_per_s"] for r in timed]
    wait = sum(r["data_wait"] * dt for r, dt in zip(timed, step_dt))
    return {
        "variant": variant,
        "cache": bool(cache),
        "device": device,
        "batch": batch,
        "workers": workers,
        "clips_per_s": clips / span,
        "step_s": span / len(timed),
        "data_wait_share": wait / sum(step_dt),
        "peak_rss_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_mb_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path)
    p.add_argument("--variants", nargs="+", default=["xxs", "s"])
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--no-uncached", action="store_true", help="skip the decode-every-step runs")
    p.add_argument("--json", type=Path)
    p.add_argument("--cache-root", type=Path,
                   help="keep the shard caches here (built when missing): a machine without ffmpeg trains from them")
    a = p.parse_args(argv)
    data = a.data or _default_data()
    results = []
    with tempfile.TemporaryDirectory() as td:
        for v in a.variants:
            for cached in ([True] if a.no_uncached else [True, False]):
                cache = (a.cache_root or Path(td)) / f"cache-{v}" if cached else None
                if cache is not None and not cache.is_dir():  # build the cache outside the timed run
                    from dubgen.train.cache import build_cache
                    from dubgen.train.config import DataConfig
                    from dubgen.train.data import feature_spec, scan

                    build_cache(scan(data).items, feature_spec(v, DataConfig(clip_seconds=2.0)), cache, workers=a.workers)
                r = bench_one(v, data, cache, a.steps, a.warmup, a.batch, a.workers, a.device, Path(td) / f"run-{v}-{cached}")
                results.append(r)
                print(json.dumps(r), file=sys.stderr)
    print(f"{'variant':<8}{'cache':<7}{'device':<8}{'batch':>6}{'clips/s':>9}{'step s':>8}{'data wait':>11}{'RSS main MB':>13}{'RSS worker MB':>15}")
    for r in results:
        print(f"{r['variant']:<8}{str(r['cache']):<7}{r['device']:<8}{r['batch']:>6}{r['clips_per_s']:>9.2f}{r['step_s']:>8.2f}"
              f"{100 * r['data_wait_share']:>10.1f}%{r['peak_rss_mb_main']:>13.0f}{r['peak_rss_mb_workers']:>15.0f}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
