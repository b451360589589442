"""Benchmark voice matching: speed (praat vs world), and per speaker of a dub run the speaker
similarity of the TTS voice, of full conversion and of the strength the voice stage chose.

The similarity figures are those the voice stage measured and recorded in the manifest
(``speakers[].conversion``: cosine of the recipe's speaker embedding between the speaker's
converted TTS and their separated source speech, per strength tried), next to QC's independent figure on the final dub
(after loudness and EQ) when QC ran. Speaker counts and purity: bench/speakers.py.

Usage: .venv/bin/python bench/voice.py [--media /work/shared/media] [--pairs OUT/pairs.jsonl]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.manifest import read_pairs  # noqa: E402
from dubgen.stages.voice import VOICE, measure_profile  # noqa: E402

TEXT = "Y así que, mis compatriotas americanos, no preguntéis qué puede hacer vuestro país por vosotros"


def load_16k(path: Path) -> np.ndarray:
    """Decode any media file's audio to 16 kHz mono float32 with ffmpeg (argv list)."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn",
         "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
        capture_output=True, check=True,
    )
    return np.frombuffer(out.stdout, dtype=np.float32).copy()


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


def bench_choice(pairs: Path) -> None:
    print(f"\nvoice conversion per speaker ({pairs})")
    print("| clip | recipe | speaker | s | TTS alone | full conversion | chosen strength | chosen | gain | QC dub vs TTS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    gains, full_gains = [], []
    for p in read_pairs(pairs):
        qc_rows = {r["id"]: r for r in ((p.qc or {}).get("detail", {}).get("speakers") or [])}
        for info in p.speakers:
            c = info.conversion
            if c is None:
                continue
            full = c.candidates.get("1")
            f = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            gain = None if c.similarity is None or c.similarity_tts is None else c.similarity - c.similarity_tts
            fg = None if full is None or c.similarity_tts is None else full - c.similarity_tts
            if gain is not None:
                gains.append(gain)
            if fg is not None:
                full_gains.append(fg)
            q = qc_rows.get(info.id, {})
            qc = f"{q['sim']:.3f} vs {q['sim_tts']:.3f}" if q.get("sim") is not None else "-"
            print(f"| {p.clip_id.rsplit('-', 1)[0]} | {p.recipe} | {info.id} | {info.seconds:.1f} | {f(c.similarity_tts)} | "
                  f"{f(full)} | {c.strength:g} | {f(c.similarity)} | {'-' if gain is None else f'{gain:+.3f}'} | {qc} |")
    if gains:
        print(f"\ngain over the TTS voice: chosen min {min(gains):+.3f} mean {np.mean(gains):+.3f}; "
              f"full conversion min {min(full_gains):+.3f} mean {np.mean(full_gains):+.3f}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    ap.add_argument("--pairs", type=Path, help="pairs.jsonl of a dub run: per-speaker similarity table")
    args = ap.parse_args(argv)
    bench_voice(args.media)
    if args.pairs:
        bench_choice(args.pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
