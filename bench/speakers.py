"""Speaker count and purity of each speakers backend on the shared clips and on concatenations.

Segments are what the pipeline clusters: Whisper's phrases (faster-whisper base, language
detected, as in the default recipes; cached under --cache), or with --segments reference the turns of
transcripts_detailed.json. Each phrase's reference speaker is the turn it overlaps most.
Concatenations (0.5 s of silence between parts) test one reader across recordings and two
readers side by side: JFK + JFK, clean LJ Speech + the same reading under noise, JFK + JFK
on the read_phone clip's telephone band, 300-3400 Hz (the same man on a telephone line), GRID
speaker A twice, and JFK + LJ, GRID A + LJ, JFK + GRID A, LJ + JFK + LJ.

Purity: share of speech whose found speaker's majority reference speaker is its own (1 = no
found speaker mixes people); coverage (inverse purity): share of speech whose reference
speaker's majority found speaker is its own (1 = nobody is split). Both weighted by duration.

With --runs the clips are what the pipeline clustered in earlier runs (e.g. the output of
bench/quality.py): each clip folder's separated speech and its ASR phrases.

Usage: .venv/bin/python bench/speakers.py [--media /work/shared/media] [--segments asr|reference]
       [--backends dsp resemblyzer campplus fused] [--cache /tmp/dubgen-bench] [--runs OUT ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dubgen.stages.speakers import SPEAKERS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from separation_clips import GRID_REGIONS, READ_REGIONS, telephone  # noqa: E402

SR = 16000
CLIPS = ["speech_only", "jfk_speech", "speech_music", "speech_noise", "two_speakers", "long_60s"]
Clip = tuple[np.ndarray, list[tuple[float, float]], list[str]]


def load_16k(path: Path) -> np.ndarray:
    """A media file's audio as the extract stage gives it to ASR and speakers: decoded at its
    own rate, averaged to mono, resampled to 16 kHz (Whisper's phrases depend on it)."""
    from dubgen import media
    from dubgen.dsp import resample, to_mono

    return resample(to_mono(media.decode_audio(path)), media.probe(path).sample_rate, SR).astype(np.float32)


def asr_segments(media: Path, cache: Path) -> dict[str, list[tuple[float, float]]]:
    """Whisper phrases per shared clip, as the default recipes' ASR stage cuts them (language
    detected, as ``source_language: null`` does; cached)."""
    path = cache / "asr_phrases.json"
    if path.exists():
        return {k: [tuple(s) for s in v] for k, v in json.loads(path.read_text()).items()}
    from dubgen.config import stage_block
    from dubgen.stages.asr import ASR

    cfg = stage_block("asr")
    asr = ASR.build(cfg.backend, **cfg.kwargs())
    out = {c: [(s.start, s.end) for s in asr.transcribe(load_16k(media / f"{c}.mp4"), None).segments] for c in CLIPS}
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out))
    tmp.replace(path)
    return out


def reference_label(turns: list[dict], a: float, b: float) -> str:
    overlap: dict[str, float] = defaultdict(float)
    for t in turns:
        overlap[t["speaker"]] += max(0.0, min(b, t["end"]) - max(a, t["start"]))
    return max(overlap, key=overlap.__getitem__)


def concat(*parts: Clip, gap_s: float = 0.5) -> Clip:
    xs, segs, labels, t = [], [], [], 0.0
    for x, s, lab in parts:
        xs += [x, np.zeros(int(gap_s * SR), np.float32)]
        segs += [(a + t, b + t) for a, b in s]
        labels += lab
        t += len(x) / SR + gap_s
    return np.concatenate(xs), segs, labels


def on_telephone(clip: Clip) -> Clip:
    x, s, lab = clip
    return telephone(x, SR), s, lab


def build_clips(media: Path, segments: str, cache: Path) -> dict[str, Clip]:
    ref = json.loads((media / "transcripts_detailed.json").read_text())
    phrases = asr_segments(media, cache) if segments == "asr" else None
    c: dict[str, Clip] = {}
    for name in CLIPS:
        turns = ref[f"{name}.mp4"]["segments"]
        spans = phrases[name] if phrases else [(t["start"], t["end"]) for t in turns]
        c[name] = (load_16k(media / f"{name}.mp4"), spans, [reference_label(turns, a, b) for a, b in spans])
    lj = (load_16k(media / "stems" / "speech_noise.speech.flac"), *c["speech_noise"][1:])  # same timing, no noise
    jfk, grid_a = c["jfk_speech"], c["speech_only"]
    c.update({
        "JFK+JFK": concat(jfk, jfk), "LJ+LJ noisy": concat(lj, c["speech_noise"]),
        "JFK+JFK phone": concat(jfk, on_telephone(jfk)), "GRID A+GRID A": concat(grid_a, grid_a),
        "JFK+LJ": concat(jfk, lj), "GRID A+LJ": concat(grid_a, lj), "JFK+GRID A": concat(jfk, grid_a),
        "LJ+JFK+LJ": concat(lj, jfk, lj),
    })
    return c


def run_clips(media: Path, runs: Sequence[Path]) -> dict[str, Clip]:
    """What the pipeline clustered in earlier runs: per clip folder (``transcript.json`` beside
    ``speech_source.wav``) the separated speech at 16 kHz and the ASR phrases. References: the
    turns of ``transcripts_detailed.json``; bench/separation_clips.py's ``read_*`` clips are
    speech_noise's reading (same timing), so they take its turns; its ``dialogue_music`` is the
    reading, then speech_only's GRID man."""
    import soundfile as sf

    from dubgen.dsp import resample, to_mono

    ref = json.loads((media / "transcripts_detailed.json").read_text())
    reading = sf.info(str(media / "stems" / "speech_noise.speech.flac")).duration  # then the GRID man
    ref["dialogue_music.mp4"] = {"segments": [{"start": a, "end": b, "speaker": "LJ"} for a, b in READ_REGIONS]
                                 + [{"start": reading + a, "end": reading + b, "speaker": "grid_spkA"}
                                    for a, b in GRID_REGIONS]}
    c: dict[str, Clip] = {}
    for transcript in sorted(p for r in runs for p in r.glob("**/transcript.json")):
        folder = transcript.parent
        name = folder.name.rsplit("-", 1)[0]  # clip folders are <clip>-<hash>
        key = "speech_noise.mp4" if name.startswith("read_") else f"{name}.mp4"
        if key not in ref or not (folder / "speech_source.wav").exists():
            continue
        x, sr = sf.read(str(folder / "speech_source.wav"), dtype="float32")
        spans = [(s["start"], s["end"]) for s in json.loads(transcript.read_text())["segments"]]
        turns = ref[key]["segments"]
        c[name] = (resample(to_mono(x.reshape(len(x), -1)), sr, SR).astype(np.float32), spans,
                   [reference_label(turns, a, b) for a, b in spans])
    if not c:
        raise SystemExit(f"no clip folders with transcript.json and speech_source.wav under {list(map(str, runs))}")
    return c


def purity(ref: Sequence[str], hyp: Sequence[str], weights: Sequence[float]) -> tuple[float, float]:
    """(purity, coverage) of found labels against reference labels, duration-weighted."""
    def score(a: Sequence[str], b: Sequence[str]) -> float:
        table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for x, y, w in zip(a, b, weights):
            table[x][y] += w
        return sum(max(row.values()) for row in table.values()) / max(sum(weights), 1e-9)

    return score(hyp, ref), score(ref, hyp)


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    ap.add_argument("--segments", choices=["asr", "reference"], default="asr")
    ap.add_argument("--backends", nargs="+", default=["dsp", "resemblyzer", "campplus", "fused"])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/dubgen-bench"))
    ap.add_argument("--runs", type=Path, nargs="+", help=(
        "instead: dubgen output folders (or folders holding them, e.g. bench/quality.py's --out); "
        "each clip folder's separated speech and ASR phrases, what the pipeline clusters"))
    args = ap.parse_args(argv)
    clips = run_clips(args.media, args.runs) if args.runs else build_clips(args.media, args.segments, args.cache)
    # "no small-cluster rule" (min_speaker_s 0) is how both backends labelled before the rule.
    configs = [(be, rule) for be in args.backends for rule in (False, True)]
    print(f"speakers found / reference, purity, coverage ({'pipeline' if args.runs else args.segments} segments)\n")
    print("| clip | ref | " + " | ".join(f"{be}{'' if rule else ' (threshold only)'}" for be, rule in configs) + " |")
    print("|---|---|" + "---|" * len(configs))
    exact = defaultdict(int)
    seconds = defaultdict(float)
    for name, (x, spans, ref) in clips.items():
        weights = [b - a for a, b in spans]
        cells = []
        for be, rule in configs:
            d = SPEAKERS.build(be, **({} if rule else {"min_speaker_s": 0.0}))
            d.assign(x[: SR], SR, [(0.0, 1.0)])  # load weights / JIT outside the timing
            t = time.perf_counter()
            hyp = d.assign(x, SR, spans)
            seconds[(be, rule)] += time.perf_counter() - t
            p, cov = purity(ref, hyp, weights)
            n, n_ref = len(set(hyp)), len(set(ref))
            exact[(be, rule)] += n == n_ref
            cells.append(f"{'**' if n != n_ref else ''}{n}{'**' if n != n_ref else ''} ({p:.2f}/{cov:.2f})")
        print(f"| {name} | {len(set(ref))} | " + " | ".join(cells) + " |")
    total_s = sum(len(x) for x, _, _ in clips.values()) / SR
    print("| exact count | |" + "".join(f" {exact[c]}/{len(clips)} |" for c in configs))
    print(f"| seconds for {total_s:.0f} s of audio | |" + "".join(f" {seconds[c]:.1f} |" for c in configs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
