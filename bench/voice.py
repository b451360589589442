"""Benchmark voice matching speed (praat vs world) and speaker labelling per media clip.

Usage: .venv/bin/python bench/voice.py [--media /work/shared/media]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.stages.speakers import SPEAKERS  # noqa: E402
from dubgen.stages.voice import VOICE, measure_profile  # noqa: E402

CLIPS = ["speech_only", "jfk_speech", "speech_music", "two_speakers", "speech_noise", "long_60s"]
TEXT = "Y así que, mis compatriotas americanos, no preguntéis qué puede hacer vuestro país por vosotros"


def load_16k(path: Path) -> np.ndarray:
    """Decode any media file's audio to 16 kHz mono float32 with ffmpeg (argv list)."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn",
         "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
        capture_output=True, check=True,
    )
    return np.frombuffer(out.stdout, dtype=np.float32).copy()


def purity(ref: Sequence[str], hyp: Sequence[str]) -> tuple[float, float]:
    """(purity, inverse purity) of hypothesis labels against reference labels."""
    n = len(ref)
    p = sum(max(Counter(r for r, h in zip(ref, hyp) if h == c).values()) for c in set(hyp)) / n
    ip = sum(max(Counter(h for r, h in zip(ref, hyp) if r == c).values()) for c in set(ref)) / n
    return p, ip


def bench_voice(media: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "tts.wav"
        subprocess.run(["espeak-ng", "-v", "es+m3", "-w", str(wav), TEXT], check=True, capture_output=True)
        tts, sr = sf.read(str(wav), dtype="float32")
    tts = np.tile(tts, 4)  # ~23 s
    target = measure_profile(load_16k(media / "jfk_speech.mp4"), 16000)
    print(f"\nvoice convert, {len(tts) / sr:.1f} s espeak es+m3 -> JFK (F0 {target.f0_median:.0f} Hz)")
    print("| backend | seconds | × real time | out F0 median |")
    print("|---|---|---|---|")
    for name in ("praat", "world"):
        conv = VOICE.build(name)
        src = conv.profile(tts, sr)
        t = time.perf_counter()
        out = conv.convert(tts, sr, src, target)
        dt = time.perf_counter() - t
        f0 = conv.profile(out, sr).f0_median
        print(f"| {name} | {dt:.2f} | {len(tts) / sr / dt:.0f}× | {f0:.0f} Hz |")


def bench_speakers(media: Path, backends: Sequence[str]) -> None:
    ref_all = json.loads((media / "transcripts_detailed.json").read_text())
    print("\nspeaker labels per clip (threshold 0.7 on resemblyzer's scale)")
    print("| clip | ref speakers | backend | found | purity | inverse purity | seconds |")
    print("|---|---|---|---|---|---|---|")
    for clip in CLIPS:
        x = load_16k(media / f"{clip}.mp4")
        segs = ref_all[f"{clip}.mp4"]["segments"]
        spans = [(s["start"], s["end"]) for s in segs]
        ref = [s["speaker"] for s in segs]
        for be in backends:
            d = SPEAKERS.build(be, threshold=0.7)
            t = time.perf_counter()
            hyp = d.assign(x, 16000, spans)
            dt = time.perf_counter() - t
            p, ip = purity(ref, hyp)
            print(f"| {clip} | {len(set(ref))} | {be} | {len(set(hyp))} | {p:.2f} | {ip:.2f} | {dt:.2f} |")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    ap.add_argument("--speakers", nargs="+", default=["dsp", "resemblyzer"])
    args = ap.parse_args(argv)
    bench_voice(args.media)
    bench_speakers(args.media, args.speakers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
