"""Memory benchmark: peak RSS and wall time of `dubgen dub` against video length, in one run.

    python bench/memory.py [--minutes 1 2 5 10] [--with-2h] [--recipe recipes/es.yaml] [--vad-minutes 120]

Inputs are the shared `long_60s.mp4` concatenated with ffmpeg's concat demuxer (streams copied,
no re-encoding). Each length is dubbed in a fresh output folder by a separate `dubgen dub`
process (one worker, QC on); the process tree's memory (PSS of the dubgen process plus every tool
it starts) is sampled every 0.1 s and the peak is reported, with QC's worst phrase placement
error (detected dub onset vs its planned time), the drift (median placement error of the last
10 phrases minus the first 10) and the container check (video stream bit-exact, audio
sample-exact). Ratios are taken against the 2-minute
figure of the same run: the goal is a flat curve (10 min <= 1.3x the 2-minute peak, < 2 GiB).

``--vad-minutes M`` measures voice activity alone (the ASR step's Silero pass) on M minutes of
`long_60s`'s 16 kHz track, once in one piece and once in the pipeline's overlapping chunks, each
in its own process (peak PSS, the loaded track included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]


def concat(src: Path, minutes: float, dst: Path) -> Path:
    """`src` repeated until the result lasts at least `minutes` (stream copy)."""
    seconds = float(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", str(src)],
        check=True, capture_output=True, text=True).stdout.strip())
    n = max(1, int(-(-minutes * 60 // seconds)))
    listing = dst.with_suffix(".txt")
    listing.write_text("".join(f"file '{src.resolve()}'\n" for _ in range(n)), encoding="utf-8")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                    "-c", "copy", str(dst)], check=True)
    return dst


def peak_memory(argv: list[str]) -> tuple[int, float, int]:
    """Run argv; return (peak memory of its process tree in bytes, wall seconds, exit code).

    Memory is the proportional set size (PSS) summed over the tree: a child started with
    vfork shares the parent's pages until it execs, and summing RSS would count them twice.
    """
    t0 = time.perf_counter()
    proc = psutil.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [proc] + proc.children(recursive=True):
                try:
                    total += p.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
        except psutil.NoSuchProcess:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return peak, wall, proc.returncode


VAD_PROBE = (
    "import sys, numpy as np\n"
    "from dubgen.stages.asr import speech_regions\n"
    "speech_regions(np.load(sys.argv[1]), 300, chunk_s=float(sys.argv[2]))\n"
)


def vad_memory(clip: Path, minutes: float, tmp: Path) -> None:
    """Peak memory of voice activity on ``minutes`` of ``clip``'s 16 kHz track, one piece vs chunks."""
    from dubgen import media
    from dubgen.dsp import resample, to_mono
    from dubgen.stages.asr import ASR_RATE, VAD_CHUNK_S

    x = resample(to_mono(media.decode_audio(clip)), media.probe(clip).sample_rate, ASR_RATE).astype(np.float32)
    track = tmp / "vad16k.npy"
    np.save(track, np.resize(x, int(minutes * 60 * ASR_RATE)))  # the clip repeated
    peaks = {}
    for label, chunk in (("one piece", 1e12), (f"chunks of {VAD_CHUNK_S:g} s", VAD_CHUNK_S)):
        peaks[label], wall, rc = peak_memory([sys.executable, "-c", VAD_PROBE, str(track), repr(chunk)])
        print(f"voice activity, {minutes:g} min ({track.stat().st_size / 2**20:.0f} MiB at 16 kHz), {label}: "
              f"peak {peaks[label] / 2**30:.2f} GiB, wall {wall:.1f} s, rc {rc}", flush=True)
    one, chunked = peaks.values()
    print(f"voice activity peak, chunks vs one piece: {chunked / max(one, 1):.2f}")


def checks(out: Path) -> tuple[str, str, str]:
    """From the run's pair and its QC: the worst phrase placement error (ms; detected onset of
    the dub speech vs its planned time), the drift (median placement error of the last 10
    phrases minus that of the first 10, ms) and the container check."""
    lines = (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if (out / "pairs.jsonl").is_file() else []
    if not lines:
        return "-", "-", "no pair"
    pair = json.loads(lines[0])
    qc = pair.get("qc") or {}
    m = qc.get("metrics", {})
    rows = (qc.get("detail") or {}).get("segments", [])
    errs = [(r["onset"] - s["dub_start"]) * 1000 for s, r in zip(pair["segments"], rows) if r.get("onset") is not None]
    placement = f"{max(abs(e) for e in errs):.0f}" if errs else "-"
    drift = f"{statistics.median(errs[-10:]) - statistics.median(errs[:10]):+.0f}" if len(errs) >= 20 else "-"
    box = "ok" if m.get("container_ok") else f"video_equal={m.get('video_equal')} samples_diff={m.get('samples_diff')}"
    return placement, drift, box


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    ap.add_argument("--recipe", default=str(ROOT / "recipes" / "es.yaml"))
    ap.add_argument("--minutes", type=float, nargs="+", default=[1, 2, 5, 10])
    ap.add_argument("--with-2h", action="store_true", help="also dub a 120-minute video (hours on 2 cores)")
    ap.add_argument("--vad-minutes", type=float, help="only measure voice activity on this many minutes")
    args = ap.parse_args()
    if args.vad_minutes:
        with tempfile.TemporaryDirectory(prefix="dubgen-mem-") as tmpdir:
            vad_memory(args.media / "long_60s.mp4", args.vad_minutes, Path(tmpdir))
        return
    lengths = list(args.minutes) + ([120.0] if args.with_2h else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="dubgen-mem-") as tmpdir:
        tmp = Path(tmpdir)
        for m in lengths:
            video = concat(args.media / "long_60s.mp4", m, tmp / f"long_{m:g}min.mp4")
            out = tmp / f"out_{m:g}"
            argv = [sys.executable, "-m", "dubgen", "dub", str(video), "--out", str(out),
                    "--recipe", args.recipe, "--quiet"]
            peak, wall, rc = peak_memory(argv)
            rows.append((m, peak, wall, rc) + checks(out))
            print(f"{m:>6g} min  peak {peak / 2**30:6.2f} GiB  wall {wall:7.1f} s  rc {rc}", flush=True)
    ref = next((r for r in rows if r[0] == 2), rows[0])
    print("\nminutes | peak PSS (GiB) | vs 2 min | wall (s) | real-time factor | placement error max (ms) "
          "| drift last-first 10 (ms) | container")
    for m, peak, wall, rc, placement, drift, box in rows:
        status = "" if rc == 0 else f"  (failed, rc {rc})"
        print(f"{m:7g} | {peak / 2**30:14.2f} | {peak / ref[1]:8.2f} | {wall:8.1f} | {wall / (m * 60):16.2f} "
              f"| {placement:>24} | {drift:>24} | {box}{status}")


if __name__ == "__main__":
    main()
