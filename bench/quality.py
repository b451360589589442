"""Quality benchmark: the default recipes against the former defaults, side by side, in one run.

    python bench/quality.py [--media ../shared/media] [--lang es --lang ca --lang gl] [--clip NAME ...] [--out DIR]

"before" is each bundled recipe with the former offline defaults (espeak-ng voice, dsp separation,
dsp diarization); "after" is the bundled recipe as it is. Every clip of shared/media with speech
and the clips of ``bench/separation_clips.py`` (the reading clean, 8 kHz band-limited, +music,
+noise, on a telephone band, in a reverberant room; a two-speaker dialogue under music; a man
reading for 54 s, 8 kHz band-limited and under music, and faster; a conversation; two held-out
monologues, under noise and 8 kHz band-limited, and a held-out conversation of two women under music) are
dubbed with both, then measured by dubgen's QC. Per clip and language it prints:

* CER of the dub's speech and of the whole dubbed mix (QC's back-ASR: Whisper base, language
  forced, windows of up to 60 s), and of the dub's speech phrase by phrase (each phrase heard on
  its own, ±0.1 s, the way an outside listener test scores single phrases; scored with QC's
  normaliser, codes and numbers as said in es/ca, and as written, "written"),
* residual original speech in the dub, dB vs the mix (against the clean original speech where
  one is known: the stems, or the clip's own audio for clips recorded without background;
  otherwise QC's estimate, marked ``~``),
* speaker-similarity gain of the dub over the TTS voice alone, and of voice conversion alone (QC's
  ``speaker_sim_conversion_gain``: the speech right after conversion; the loudness step's EQ
  moves the dub's figure again),
* loudness error (LU) and, for es, the probability Whisper's language detector gives Spanish,
* for a stage after TTS whose CER cost QC's one hearing puts above 0.05, that cost heard again
  phrase by phrase at three placements of each phrase on Whisper's frames (the mean).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
from pathlib import Path
from typing import Any, Optional

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the dubgen beside this file, not another checkout's install

from separation_clips import build_clips  # noqa: E402

from dubgen.config import Recipe, bundled_recipe_dir, parse_recipe, read_yaml  # noqa: E402
from dubgen.dsp import resample, to_mono  # noqa: E402
from dubgen.io import read_wav  # noqa: E402
from dubgen.manifest import PairRecord, resolve  # noqa: E402
from dubgen.qc.evaluate import DubHearing  # noqa: E402
from dubgen.qc.metrics import residual_speech_db  # noqa: E402
from dubgen.resources import Resources  # noqa: E402
from dubgen.runner import dub  # noqa: E402

#: shared clips recorded without any background: their own audio is the clean original speech
NO_BACKGROUND = ("speech_only", "jfk_speech", "two_speakers", "long_60s")
SHARED = ("speech_only", "jfk_speech", "speech_music", "speech_noise", "two_speakers")
FORMER = {"tts": {"backend": "espeak-ng"}, "separation": {"backend": "dsp"}, "speakers": {"backend": "dsp"}}


def recipes(lang: str) -> tuple[Recipe, Recipe]:
    path = bundled_recipe_dir() / f"{lang}.yaml"
    data = read_yaml(path)
    before = copy.deepcopy(data)
    before.update(copy.deepcopy(FORMER))
    before["name"] = f"{lang}_before"
    after = dict(data, name=f"{lang}_after")
    return parse_recipe(before, path), parse_recipe(after, path)


def residual(pair: PairRecord, out: Path, clip: Path) -> tuple[Optional[float], bool]:
    """(dB, measured against a clean reference?)"""
    qc = (pair.qc or {}).get("metrics", {})
    if qc.get("residual_speech_db") is not None:
        return qc["residual_speech_db"], True
    if clip.stem in NO_BACKGROUND:
        mix, sr = read_wav(resolve(out, pair.dubbed_audio))
        speech, _ = read_wav(resolve(out, pair.speech_audio))
        src, _ = read_wav(resolve(out, pair.source_audio))
        mix, speech, src = (to_mono(x.reshape(len(x), -1)) for x in (mix, speech, src))
        return round(residual_speech_db(mix - speech, src, mix), 1), True
    return qc.get("residual_speech_est_db"), False


def spanish_probability(res: Resources, recipe: Recipe, wav: Path) -> float:
    model = res.backend("asr", recipe.asr).load()
    audio, sr = read_wav(wav)
    x = resample(to_mono(audio.reshape(len(audio), -1)), sr, 16000).astype(np.float32)
    _, info = model.transcribe(x, language=None, beam_size=1, vad_filter=True)
    probs = dict(info.all_language_probs or [])
    return float(probs.get("es", 0.0))


def phrase_cer(hear: DubHearing, pair: PairRecord, out: Path) -> tuple[float, float]:
    """CER of the dub speech stem with each phrase transcribed on its own (language forced):
    scored with codes and numbers as said (QC's normaliser), and as written."""
    from dubgen.qc.evaluate import Track
    from dubgen.qc.metrics import text_scores

    heard = hear.phrases(Track.file(resolve(out, pair.speech_audio), pair.sample_rate))
    reference = " ".join(s.text for s in pair.segments)
    return text_scores(reference, heard, pair.language).cer, text_scores(reference, heard).cer


#: a stage whose cost (CER after it − before it) QC's one hearing puts above this is heard again
RECHECK_COST = 0.05
#: where each phrase is heard again: audio around it beyond QC's PHRASE_PAD_S (s). One hearing
#: moves with where a phrase falls on Whisper's frames: speech_music's Catalan dub, heard with
#: 0.10/0.13/0.16/0.19 s around each phrase, read 0.11-0.13 before conversion and 0.23-0.25
#: after; jfk_speech's 0.09-0.12 and 0.12, where QC's one hearing of each stem read 0.01 and 0.14.
PLACEMENTS_S = (0.0, 0.03, 0.06)


def stage_recheck(hear: DubHearing, pair: PairRecord, out: Path) -> dict[str, float]:
    """Each stage after TTS whose cost QC's one hearing of each track puts above
    :data:`RECHECK_COST`, heard again: its track and the one before it phrase by phrase, with
    QC's PHRASE_PAD_S plus each of :data:`PLACEMENTS_S` around each phrase, the cost as the mean
    over those hearings (``hear`` transcribes identical audio once: the speech stem at the first
    placement is what :func:`phrase_cer` heard)."""
    from dubgen.qc.evaluate import INTELLIGIBILITY_STAGES, PHRASE_PAD_S, PairFiles, Track
    from dubgen.qc.metrics import text_scores

    m = (pair.qc or {}).get("metrics", {})
    files = PairFiles.of(pair, out)
    tracks = {"tts": files.tts, "voice": files.voice, "loudness": files.speech, "mix": files.mix}
    reference = " ".join(s.text for s in pair.segments)

    def cer(stage: str) -> float:
        track = Track.file(tracks[stage], pair.sample_rate)
        return statistics.mean(text_scores(reference, hear.phrases(track, pad_s=PHRASE_PAD_S + o), pair.language).cer
                               for o in PLACEMENTS_S)

    costs = {}
    for before, stage in zip(INTELLIGIBILITY_STAGES, INTELLIGIBILITY_STAGES[1:]):
        cost = m.get(f"cer_cost_{stage}")
        if cost is not None and cost > RECHECK_COST and tracks[before] is not None and tracks[stage] is not None:
            costs[stage] = round(cer(stage) - cer(before), 3)
    return costs


def fmt(v: Any, nd: int = 2) -> str:
    return "-" if v is None else f"{v:.{nd}f}"


#: packages whose version changes what the benchmark hears and measures
VERSIONED = ("numpy", "scipy", "ctranslate2", "faster-whisper", "praat-parselmouth", "pyworld", "onnxruntime", "torch",
             "py-nanotts", "soundfile")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "absent"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    ap.add_argument("--out", type=Path, default=Path("/tmp/dubgen-quality-bench"))
    ap.add_argument("--lang", action="append", default=None, help="es, ca, gl (default: all three)")
    ap.add_argument("--clip", action="append", default=None, help="clip names (default: all)")
    args = ap.parse_args()
    # the figures move with the numeric stack a fresh setup resolves: say which one measured them
    print("versions: " + ", ".join(f"{p} {_version(p)}" for p in VERSIONED), flush=True)
    langs = args.lang or ["es", "ca", "gl"]
    read = build_clips(args.out / "clips", args.media)
    clips = [args.media / f"{c}.mp4" for c in SHARED] + [c.video for c in read]
    if args.clip:
        clips = [c for c in clips if c.stem in args.clip]
    res = Resources()
    rows: list[tuple] = []
    for lang in langs:
        before, after = recipes(lang)
        for clip in clips:
            figures = {}
            for label, recipe in (("before", before), ("after", after)):
                out = args.out / "runs" / clip.stem
                result = dub([clip], out, [recipe])
                if not result.pairs:
                    figures[label] = None
                    print(f"{clip.stem} {lang} {label}: failed: {result.failures[0].error}", file=sys.stderr)
                    continue
                pair = result.pairs[0]
                m = (pair.qc or {}).get("metrics", {})
                res_db, exact = residual(pair, out, clip)
                es_p = spanish_probability(res, recipe, resolve(out, pair.dubbed_audio)) if lang == "es" else None
                hear = DubHearing(pair, pair.sample_rate, res.backend("asr", recipe.asr))
                said, written = phrase_cer(hear, pair, out)
                recheck = stage_recheck(hear, pair, out)
                figures[label] = {"stage_costs": {k: m.get(f"cer_cost_{k}") for k in recheck}, "rechecked": recheck,
                                  "cer": m.get("cer"), "cer_mix": m.get("cer_mix"), "residual": res_db, "exact": exact,
                                  "cer_phrase": said, "cer_phrase_written": written,
                                  "sim_gain": m.get("speaker_sim_gain"), "sim_conv": m.get("speaker_sim_conversion_gain"),
                                  "lu": m.get("lufs_diff"), "es_p": es_p,
                                  "speakers": len(pair.speakers), "qc": (pair.qc or {}).get("pass")}
            rows.append((clip.stem, lang, figures))
            b, a = figures.get("before"), figures.get("after")
            print(f"{clip.stem:14} {lang}  " + "  |  ".join(
                "-" if f is None else
                f"CER {fmt(f['cer'])} phrase {fmt(f['cer_phrase'])} (written {fmt(f['cer_phrase_written'])}) mix {fmt(f['cer_mix'])}  resid {'' if f['exact'] else '~'}{fmt(f['residual'], 1)} dB"
                f"  sim+ {fmt(f['sim_gain'])} (conversion {fmt(f['sim_conv'])})  LU {fmt(f['lu'])}  spk {f['speakers']}"
                + (f"  p(es) {fmt(f['es_p'])}" if f['es_p'] is not None else "") + f"  qc {'pass' if f['qc'] else 'FAIL'}"
                + "".join(f"  {k} cost {fmt(f['stage_costs'][k])} heard again {fmt(v)}" for k, v in f["rechecked"].items())
                for f in (b, a)), flush=True)
    print("\nclip | lang | CER before → after | CER phrase by phrase before → after | CER mix before → after | residual dB before → after | "
          "sim gain before → after | |LU| before → after | p(es) before → after | speakers before → after")
    print("|".join(["---"] * 10))
    for clip, lang, f in rows:
        b, a = f.get("before") or {}, f.get("after") or {}

        def pair(k: str, nd: int = 2) -> str:
            rb = ("" if b.get("exact", True) or k != "residual" else "~") + fmt(b.get(k), nd)
            ra = ("" if a.get("exact", True) or k != "residual" else "~") + fmt(a.get(k), nd)
            return f"{rb} → {ra}"

        print(f"{clip} | {lang} | {pair('cer')} | {pair('cer_phrase')} | {pair('cer_mix')} | {pair('residual', 1)} | {pair('sim_gain')} | "
              f"{pair('lu')} | {pair('es_p')} | {b.get('speakers', '-')} → {a.get('speakers', '-')}")
    for lang in langs:
        for label in ("before", "after"):
            for key in ("cer", "cer_phrase", "cer_phrase_written"):
                cers = [f[label][key] for _, lg, f in rows if lg == lang and f.get(label) and f[label][key] is not None]
                if cers:
                    print(f"{lang} {label}: mean {key} {statistics.mean(cers):.3f} (max {max(cers):.3f}) over {len(cers)} clips")
            for key in ("sim_gain", "sim_conv"):
                gains = [f[label][key] for _, lg, f in rows if lg == lang and f.get(label) and f[label][key] is not None]
                if gains:
                    print(f"{lang} {label}: {key} {min(gains):.3f} to {max(gains):.3f} over {len(gains)} clips")
            flagged = [(clip, k, f[label]["stage_costs"][k], v) for clip, lg, f in rows if lg == lang and f.get(label)
                       for k, v in f[label]["rechecked"].items()]
            for clip, stage, once, again in flagged:
                print(f"{lang} {label}: {clip} {stage} cost {once:.3f} in QC's one hearing, {again:.3f} heard again")


if __name__ == "__main__":
    main()
