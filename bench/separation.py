"""Benchmark background separation: SI-SDR against the ground-truth stems, and speed.

Rows: the mixture itself, the reference REPET-SIM (librosa ``nn_filter`` + ``softmask``) applied
only inside the speech regions, and dubgen's ``dsp`` backend. Scored as in
shared/media/stems/README.md: mono, 22.05 kHz, SI-SDR of the background (and speech) estimate.
Regions: ``gt`` = transcripts_detailed.json segments; ``vad`` = an energy VAD on the clean
speech stem (tight regions, what a good VAD would give). Speed is × real time (lower is faster),
separation at the file's 44.1 kHz stereo, including long_60s.mp4 (no stems: speed only).

Usage: .venv/bin/python bench/separation.py [--media /work/shared/media] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.stages.separation import SEPARATION, speech_weight  # noqa: E402

SR = 44100
Regions = list[tuple[float, float]]


def decode(path: Path) -> np.ndarray:
    """Decode a media file's audio to 44.1 kHz stereo float32 with ffmpeg (argv list)."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn",
         "-ac", "2", "-ar", str(SR), "-f", "f32le", "-"],
        capture_output=True, check=True,
    )
    return np.frombuffer(out.stdout, dtype=np.float32).reshape(-1, 2).copy()


def si_sdr(est: np.ndarray, ref: np.ndarray) -> float:
    est, ref = est - est.mean(), ref - ref.mean()
    target = np.dot(est, ref) / np.dot(ref, ref) * ref
    return float(10 * np.log10(np.sum(target**2) / np.sum((est - target) ** 2)))


def mono22(x: np.ndarray) -> np.ndarray:
    return resample_poly(x.mean(axis=1), 1, 2)


def energy_vad(x: np.ndarray, sr: int, rel_db: float = -35.0, hop_s: float = 0.01,
               min_gap_s: float = 0.2, pad_s: float = 0.05) -> Regions:
    """Frames within ``rel_db`` of the loudest, gaps < ``min_gap_s`` closed, padded."""
    hop = int(hop_s * sr)
    n = len(x) // hop
    e = 10 * np.log10(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    active = np.concatenate([[0], (e > e.max() + rel_db).astype(np.int8), [0]])
    d = np.diff(active)
    runs = list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))
    merged: list[list[int]] = []
    for a, b in runs:
        if merged and (a - merged[-1][1]) * hop_s < min_gap_s:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    dur = len(x) / sr
    return [(max(0.0, a * hop_s - pad_s), min(dur, b * hop_s + pad_s)) for a, b in merged]


def repet_sim_in_speech(audio: np.ndarray, sr: int, regions: Regions) -> tuple[np.ndarray, np.ndarray]:
    """The reference baseline: librosa REPET-SIM per channel, used only inside the regions."""
    import librosa

    bg = np.empty_like(audio)
    for c in range(audio.shape[1]):
        y = audio[:, c]
        mag, phase = librosa.magphase(librosa.stft(y))
        rep = librosa.decompose.nn_filter(
            mag, aggregate=np.median, metric="cosine", width=int(librosa.time_to_frames(2, sr=sr))
        )
        rep = np.minimum(mag, rep)
        mask = librosa.util.softmask(rep, 2 * (mag - rep), power=2)
        bg[:, c] = librosa.istft(mask * mag * phase, length=len(y))
    w = speech_weight(len(audio), sr, regions)[:, None]
    background = w * bg + (1 - w) * audio
    return audio - background, background


def run(media: Path, baseline: bool) -> None:
    detailed = json.loads((media / "transcripts_detailed.json").read_text())
    dsp = SEPARATION.build("dsp")
    methods: dict[str, Callable[[np.ndarray, int, Regions], tuple[np.ndarray, np.ndarray]]] = {
        "mixture": lambda a, sr, r: (a.copy(), a.copy()),
    }
    if baseline:
        methods["repet-sim in speech"] = repet_sim_in_speech
    methods["dubgen dsp"] = dsp.separate
    if baseline:  # numba JIT of librosa's nn_filter would otherwise land in the first timing
        warm = np.random.default_rng(0).standard_normal((5 * SR, 1)).astype(np.float32)
        repet_sim_in_speech(warm, SR, [(0.0, 5.0)])

    print(f"{'clip':<14}{'regions':<8}{'method':<22}{'bg SI-SDR':>10}{'sp SI-SDR':>10}{'xRT':>8}")
    for clip in ("speech_music", "speech_noise"):
        mix = decode(media / f"{clip}.mp4")
        sp_ref, _ = sf.read(media / "stems" / f"{clip}.speech.flac", dtype="float32", always_2d=True)
        bg_ref, _ = sf.read(media / "stems" / f"{clip}.background.flac", dtype="float32", always_2d=True)
        n = min(len(mix), len(sp_ref), len(bg_ref))
        mix, sp_ref, bg_ref = mix[:n], sp_ref[:n], bg_ref[:n]
        gt = [(s["start"], s["end"]) for s in detailed[f"{clip}.mp4"]["segments"]]
        region_sets = {"gt": gt, "vad": energy_vad(sp_ref.mean(axis=1), SR)}
        for rname, regions in region_sets.items():
            for mname, fn in methods.items():
                t0 = time.perf_counter()
                sp, bg = fn(mix, SR, regions)
                rt = (time.perf_counter() - t0) / (n / SR)
                print(f"{clip:<14}{rname:<8}{mname:<22}{si_sdr(mono22(bg), mono22(bg_ref)):>10.2f}"
                      f"{si_sdr(mono22(sp), mono22(sp_ref)):>10.2f}{rt:>8.3f}")

    long = decode(media / "long_60s.mp4")
    gt = [(s["start"], s["end"]) for s in detailed["long_60s.mp4"]["segments"]]
    t0 = time.perf_counter()
    dsp.separate(long, SR, gt)
    dt = time.perf_counter() - t0
    print(f"long_60s: dsp {dt:.2f} s for {len(long) / SR:.1f} s ({dt / (len(long) / SR):.3f} x RT)")


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the (slow) librosa baseline")
    args = ap.parse_args(argv)
    run(args.media, baseline=not args.no_baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
