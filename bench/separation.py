"""Benchmark background separation: residual original speech, SI-SDR against the stems, speed.

Rows: the mixture itself, the reference REPET-SIM (librosa ``nn_filter`` + ``softmask``) applied
only inside the speech regions, and dubgen's backends side by side (``dsp``, ``spleeter``).
Clips: shared/media's two mixed clips (ground-truth stems), its clips with no background
(speech_only, two_speakers, long_60s: the audio is the clean speech), and the clips built by
``bench/separation_clips.py`` (the reading clean, band-limited to 8 kHz, + music at -12 LU,
+ noise at 5 dB SNR, on a telephone band, in a reverberant room over noise at 25 dB SNR; a
two-speaker dialogue under music). SI-SDR as in shared/media/stems/README.md: mono, 22.05 kHz, of the
background (and speech) estimate. Residual: the background's least-squares projection onto the
clean original speech, dB vs the original mix (the loudness stage puts the dub's speech at the
source's level, so this stands for the dubbed mix; the dub's own speech does not project).
Regions: ``gt`` = transcripts_detailed.json segments; ``vad`` = dubgen's Silero VAD (what the
pipeline separates inside). Speed is × real time (lower is faster) at 44.1 kHz stereo.

Usage: .venv/bin/python bench/separation.py [--media /work/shared/media] [--no-baseline]
       [--backends dsp spleeter] [--clips build/separation_clips]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.stages.separation import SEPARATION, speech_weight  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from separation_clips import build_clips  # noqa: E402

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


@dataclass(frozen=True)
class Case:
    """One clip: the decoded mixture, its clean speech, its background (None when unknown)."""

    name: str
    mix: np.ndarray
    speech: np.ndarray
    background: Optional[np.ndarray]
    gt: Regions


def cases(media: Path, clips_dir: Path) -> list[Case]:
    """Shared clips with stems, shared clips with no background (their audio is the clean
    speech), and the read-speech clips of ``bench/separation_clips.py``."""
    detailed = json.loads((media / "transcripts_detailed.json").read_text())
    out = []

    def gt(clip: str) -> Regions:
        return [(s["start"], s["end"]) for s in detailed[f"{clip}.mp4"]["segments"]]

    def crop(*xs: Optional[np.ndarray]) -> list[Optional[np.ndarray]]:
        n = min(len(x) for x in xs if x is not None)
        return [None if x is None else x[:n] for x in xs]

    for c in build_clips(clips_dir, media):
        sp = sf.read(c.speech, dtype="float32", always_2d=True)[0]
        bg = sf.read(c.background, dtype="float32", always_2d=True)[0]
        out.append(Case(c.name, *crop(decode(c.video), sp, bg if np.any(bg) else None), c.regions))
    for clip in ("speech_music", "speech_noise"):
        sp = sf.read(media / "stems" / f"{clip}.speech.flac", dtype="float32", always_2d=True)[0]
        bg = sf.read(media / "stems" / f"{clip}.background.flac", dtype="float32", always_2d=True)[0]
        out.append(Case(clip, *crop(decode(media / f"{clip}.mp4"), sp, bg), gt(clip)))
    for clip in ("speech_only", "two_speakers", "long_60s"):  # no background: the audio is the speech
        mix = decode(media / f"{clip}.mp4")
        out.append(Case(clip, mix, mix, None, gt(clip)))
    return out


def vad_regions(mix: np.ndarray) -> Regions:
    """The regions the pipeline separates inside: dubgen's Silero VAD on 16 kHz mono."""
    from dubgen.stages.asr import speech_regions

    return list(speech_regions(resample_poly(mix.mean(axis=1), 160, 441).astype(np.float32), 300))


def run(media: Path, clips_dir: Path, baseline: bool, backends: Sequence[str]) -> None:
    from dubgen.qc.metrics import regions_mask, residual_speech_db, residual_speech_estimate_db

    methods: dict[str, Callable[[np.ndarray, int, Regions], tuple[np.ndarray, np.ndarray]]] = {
        "mixture": lambda a, sr, r: (a.copy(), a.copy()),
    }
    if baseline:
        methods["repet-sim in speech"] = repet_sim_in_speech
        warm = np.random.default_rng(0).standard_normal((5 * SR, 1)).astype(np.float32)
        repet_sim_in_speech(warm, SR, [(0.0, 5.0)])  # numba JIT out of the first timing
    for b in backends:
        sep = SEPARATION.build(b)
        if hasattr(sep, "load"):
            sep.load()  # model conversion / loading out of the timings
        methods[b] = sep.separate

    print("bg/sp SI-SDR: mono 22.05 kHz vs the stems; residual: original speech left in the background,")
    print("dB vs the original mix (the dub replaces the speech at its level); est.: the QC estimate")
    print("(background projected on the separated speech); xRT: separation wall time / duration;")
    print("cpu: CPU seconds (all threads) / duration, what a busy shared machine does not inflate.")
    print(f"{'clip':<14}{'regions':<8}{'method':<20}{'bg SI-SDR':>10}{'sp SI-SDR':>10}"
          f"{'residual':>10}{'est.':>8}{'xRT':>8}{'cpu':>8}")
    for case in cases(media, clips_dir):
        mono_sp = case.speech.mean(axis=1)
        for rname, regions in {"gt": case.gt, "vad": vad_regions(case.mix)}.items():
            inside = regions_mask(len(case.mix), SR, regions)
            for mname, fn in methods.items():
                t0, c0 = time.perf_counter(), time.process_time()
                sp, bg = fn(case.mix, SR, regions)
                rt = (time.perf_counter() - t0) / (len(case.mix) / SR)
                cpu = (time.process_time() - c0) / (len(case.mix) / SR)
                bgs = "-" if case.background is None else f"{si_sdr(mono22(bg), mono22(case.background)):.2f}"
                sps = "-" if case.background is None else f"{si_sdr(mono22(sp), mono22(case.speech)):.2f}"
                res = residual_speech_db(bg.mean(axis=1), mono_sp, case.mix.mean(axis=1))
                est = "-" if mname == "mixture" else \
                    f"{residual_speech_estimate_db(bg.mean(axis=1), sp.mean(axis=1), case.mix.mean(axis=1), inside):.1f}"
                print(f"{case.name:<14}{rname:<8}{mname:<20}{bgs:>10}{sps:>10}{res:>10.1f}{est:>8}{rt:>8.3f}"
                      f"{cpu:>8.3f}", flush=True)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    ap.add_argument("--clips", type=Path, default=Path(__file__).resolve().parents[1] / "build" / "separation_clips",
                    help="where the read-speech clips are built (bench/separation_clips.py)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the (slow) librosa baseline")
    ap.add_argument("--backends", nargs="+", default=["dsp", "spleeter"], help="separation backends side by side")
    args = ap.parse_args(argv)
    run(args.media, args.clips, baseline=not args.no_baseline, backends=args.backends)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
