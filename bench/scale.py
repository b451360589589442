"""Scale-out benchmark: the 4 shared clips through the local executor, a local Ray instance and a
two-node Ray cluster simulated on this machine.

    python bench/scale.py [--media ../shared/media] [--recipe debug] [--workers 2]

Every run starts on a fresh output folder (no cache hits), with the same number of workers
(processes or actors); the local executor runs first and again last, and "local" is the mean. Figures from one process run: wall seconds, clips per minute, and
Ray overhead = (wall(ray) - wall(local)) / wall(local), without and with the start and stop of
the local Ray instance (``dub --executor ray`` pays both); the cluster run joins a cluster that
is already up (its start is reported apart). The dubs of the three runs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from dubgen.config import load_recipe
from dubgen.executors import LocalExecutor
from dubgen.executors.ray_executor import LOCAL_INIT, RayExecutor, import_ray, staging_dir
from dubgen.runner import BatchResult, dub

ROOT = Path(__file__).resolve().parents[1]
FOUR_CLIPS = ("jfk_speech.mp4", "speech_music.mp4", "speech_noise.mp4", "speech_only.mp4")


def _timed(clips: list[Path], out: Path, recipes: list, executor) -> tuple[float, BatchResult]:
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    res = dub(clips, out, recipes, executor=executor)
    wall = time.perf_counter() - t0
    if not res.ok:
        raise SystemExit(f"benchmark run failed: {res.failures}")
    return wall, res


def _dubs(out: Path, res: BatchResult) -> dict[str, bytes]:
    return {f"{p.clip_id}/{p.recipe}": (out / p.dubbed_audio).read_bytes() for p in res.pairs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    ap.add_argument("--recipe", default="debug", help="recipe file or bundled name (default: debug)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes / actors (default: CPUs)")
    args = ap.parse_args()
    ray = import_ray()
    from ray.cluster_utils import Cluster

    recipes = [load_recipe(args.recipe)]
    clips = [args.media / c for c in FOUR_CLIPS]
    cpus = os.cpu_count() or 2
    small = {"num_cpus": cpus, "object_store_memory": 128 << 20, "include_dashboard": False}
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="dubgen-scale-") as tmpdir:
        tmp = Path(tmpdir)
        # warm-up: model files assembled, the OS's caches filled; not measured
        dub([clips[-1]], tmp / "warm", recipes, executor=LocalExecutor(1))

        wall_local, res_local = _timed(clips, tmp / "local", recipes, LocalExecutor(args.workers))
        rows.append(("local", wall_local))
        t0 = time.perf_counter()
        ray.init(**{**LOCAL_INIT, **small})  # what dub --executor ray does itself, timed apart here
        ray_start = time.perf_counter() - t0
        try:
            wall_ray, res_ray = _timed(clips, tmp / "ray", recipes, RayExecutor(workers=args.workers))
        finally:
            t0 = time.perf_counter()
            ray.shutdown()
            ray_stop = time.perf_counter() - t0
        rows.append(("ray, local instance", wall_ray))
        rows.append(("  + its start and stop", wall_ray + ray_start + ray_stop))

        t0 = time.perf_counter()
        half = max(1, cpus // 2)
        node = {"num_cpus": half, "object_store_memory": 80 << 20}
        cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
        try:
            cluster.add_node(**node)
            cluster.wait_for_nodes()
            cluster_start = time.perf_counter() - t0
            wall_2n, res_2n = _timed(clips, tmp / "ray2", recipes,
                                     RayExecutor(workers=args.workers, address=cluster.address))
            rows.append(("ray, 2 nodes (shared FS)", wall_2n))
        finally:
            cluster.shutdown()
            shutil.rmtree(staging_dir(str(tmp / "ray2")), ignore_errors=True)
        # local again, last: the order of the runs (warmer caches later) must not pass for Ray's merit
        wall_local2, _ = _timed(clips, tmp / "local2", recipes, LocalExecutor(args.workers))
        rows.append(("local, again (last)", wall_local2))
        wall_local = (wall_local + wall_local2) / 2
        same = _dubs(tmp / "local", res_local) == _dubs(tmp / "ray", res_ray) == _dubs(tmp / "ray2", res_2n)
    assert not ray.is_initialized()

    print(f"{len(clips)} clips x {len(recipes)} recipe ({recipes[0].name}), {args.workers} workers, {cpus} CPUs")
    print(f"{'executor':28} {'wall s':>8} {'clips/min':>10} {'vs local':>9}   (local: mean of its two runs)")
    for name, wall in rows:
        print(f"{name:28} {wall:8.1f} {60 * len(clips) / wall:10.2f} {wall / wall_local:8.2f}x")
    print(f"Ray overhead, local instance: {100 * (wall_ray - wall_local) / wall_local:+.1f} % of the local wall time "
          f"(goal <= 10 %); with its start ({ray_start:.1f} s) and stop ({ray_stop:.1f} s): "
          f"{100 * (wall_ray + ray_start + ray_stop - wall_local) / wall_local:+.1f} %")
    print(f"Ray overhead, 2-node cluster already up: {100 * (wall_2n - wall_local) / wall_local:+.1f} % "
          f"(cluster start {cluster_start:.1f} s, not counted)")
    print(f"dubbed.wav byte-identical across the three runs: {same}")


if __name__ == "__main__":
    main()
