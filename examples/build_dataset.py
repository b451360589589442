"""Build the example data set: narrated shape scenes (numpy + espeak-ng + ffmpeg), no download.

    python examples/build_dataset.py --out examples/data --n 160 --seed 0
    python examples/build_dataset.py --out examples/data_direct --n 160 --seed 0 --direct-dubs es,ca,gl

Writes ``OUT/videos/clipNNNN.mp4`` (English narration), ``OUT/scenes.jsonl`` (what each scene
shows and says) and, with ``--probe N``, a linear-probe set ``OUT/probe/<shape>/*.mp4`` plus a
multi-label ``OUT/probe/labels.csv`` (colour;shape;direction). ``--direct-dubs`` also writes
stand-in dubs made directly with Apertium + espeak-ng (NOT ``dubgen dub``) and a pairs.jsonl
whose records say so; use it only when the pipeline is not available.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.train.synthetic import build_clips, direct_dubs  # noqa: E402


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("examples/data"))
    p.add_argument("--n", type=int, default=160, help="clips")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--side", type=int, default=96)
    p.add_argument("--fps", type=int, default=12)
    p.add_argument("--probe", type=int, default=0, help="also build a linear-probe set of N clips")
    p.add_argument("--direct-dubs", default="", help="comma list of es,ca,gl: stand-in dubs without dubgen dub")
    p.add_argument("--no-scene-tone", action="store_true",
                   help="room tone only: the narration is the only sound that tells scenes apart")
    a = p.parse_args(argv)
    tone = not a.no_scene_tone
    scenes = build_clips(a.out, a.n, seed=a.seed, side=a.side, fps=a.fps, seconds=a.seconds, tone=tone)
    print(f"{len(scenes)} clips in {a.out / 'videos'}")
    if a.probe:
        probe = a.out / "probe"
        ps = build_clips(probe / "_all", a.probe, seed=a.seed + 10_000, side=a.side, fps=a.fps, seconds=a.seconds, tone=tone)
        rows = []
        for sc in ps:
            dst = probe / sc.shape / f"{sc.clip_id}.mp4"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(probe / "_all" / "videos" / f"{sc.clip_id}.mp4"), dst)
            rows.append({"path": f"{sc.shape}/{sc.clip_id}.mp4", "labels": f"{sc.colour};{sc.shape};{sc.direction}"})
        shutil.rmtree(probe / "_all")
        with open(probe / "labels.csv", "w", newline="") as f:
            w = csv.DictWriter(f, ["path", "labels"])
            w.writeheader()
            w.writerows(rows)
        print(f"{len(ps)} probe clips in {probe}")
    if a.direct_dubs:
        langs = [x.strip() for x in a.direct_dubs.split(",") if x.strip()]
        m = direct_dubs(a.out, scenes, langs, a.seconds, tone=tone)
        print(f"stand-in dubs ({', '.join(langs)}; NOT dubgen dub) -> {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
