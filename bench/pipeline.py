"""Pipeline benchmark: per-stage seconds and real-time factor, orchestration overhead, 1 vs 2 workers.

    python bench/pipeline.py [--media ../shared/media] [--recipe recipes/es.yaml]

All figures come from runs made here, in one process run, each on a fresh output directory
(no cache hits). Ratios: real-time factor = compute seconds / media seconds (lower is faster);
overhead = (wall time - sum of stage seconds) / wall time; speed-up = wall(1 worker) / wall(2).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from dubgen.config import load_recipe
from dubgen.runner import dub

ROOT = Path(__file__).resolve().parents[1]
FOUR_CLIPS = ("jfk_speech.mp4", "speech_music.mp4", "speech_noise.mp4", "speech_only.mp4")


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process (all threads) and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _fresh(tmp: Path, name: str) -> Path:
    d = tmp / name
    shutil.rmtree(d, ignore_errors=True)
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    ap.add_argument("--recipe", type=Path, default=ROOT / "recipes" / "es.yaml")
    ap.add_argument("--skip-workers", action="store_true")
    args = ap.parse_args()
    recipe = load_recipe(args.recipe)

    with tempfile.TemporaryDirectory(prefix="dubgen-bench-") as tmpdir:
        tmp = Path(tmpdir)
        # warm-up: model files assembled, caches of the OS filled; not measured
        dub([ROOT / "assets" / "clips" / "grid_talking_head.mp4"], _fresh(tmp, "warm"), [recipe])

        long_clip = args.media / "long_60s.mp4"
        t0 = time.perf_counter()
        res = dub([long_clip], _fresh(tmp, "long"), [recipe])
        wall = time.perf_counter() - t0
        if not res.ok:
            raise SystemExit(f"benchmark run failed: {res.failures}")
        pair = res.pairs[0]
        stages = [(s.name, s.seconds) for s in pair.stages]
        compute = sum(s for _, s in stages)
        print(f"\n## Per stage, {long_clip.name} ({pair.duration:.1f} s), recipe {recipe.name}\n")
        print("| stage | backend | seconds | × real time |")
        print("|---|---|---:|---:|")
        for s in pair.stages:
            print(f"| {s.name} | {s.backend} | {s.seconds:.2f} | {s.seconds / pair.duration:.3f} |")
        print(f"| **all stages** | | {compute:.2f} | {compute / pair.duration:.3f} |")
        print(f"| **wall time** | | {wall:.2f} | {wall / pair.duration:.3f} |")
        print(f"\norchestration overhead: {(wall - compute):.2f} s = {100 * (wall - compute) / wall:.1f} % of wall time")

        if args.skip_workers:
            return
        clips = [args.media / c for c in FOUR_CLIPS]
        walls, cores = {}, {}
        for workers in (1, 2):
            cpu0 = _cpu_seconds()
            t0 = time.perf_counter()
            r = dub(clips, _fresh(tmp, f"w{workers}"), [recipe], workers=workers)
            walls[workers] = time.perf_counter() - t0
            cores[workers] = (_cpu_seconds() - cpu0) / walls[workers]
            if not r.ok:
                raise SystemExit(f"benchmark run failed: {r.failures}")
        media_s = sum(p.duration for p in r.pairs)
        print(f"\n## Workers, {len(clips)} clips ({media_s:.1f} s of media)\n")
        print("| workers | wall s | × real time | speed-up | cores busy (CPU s / wall s) |")
        print("|---:|---:|---:|---:|---:|")
        for w, s in walls.items():
            print(f"| {w} | {s:.2f} | {s / media_s:.3f} | {walls[1] / s:.2f}× | {cores[w]:.2f} |")
        n_cpu = os.cpu_count() or 1
        print(f"\nOne worker already keeps {cores[1]:.2f} of {n_cpu} cores busy (Whisper's threads, ffmpeg), "
              f"so {n_cpu} workers can be at most {n_cpu / cores[1]:.2f}× faster here.")
        per_stage = defaultdict(float)
        for p in r.pairs:
            for s in p.stages:
                per_stage[s.name] += s.seconds
        print("\nstage seconds with 2 workers: " + ", ".join(f"{k} {v:.1f}" for k, v in per_stage.items()))


if __name__ == "__main__":
    main()
