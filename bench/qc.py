"""QC benchmark: dub the shared media with the bundled recipes, measure every pair, print the
per-pair figures, the aggregate (mean / median / p90 per language) and QC time per pair.

    python bench/qc.py [--media ../shared/media] [--out /tmp/dubgen-qc-bench] [--recipe es --recipe ca --recipe gl]

The dub step is cached in OUT (re-runs only measure). QC real-time factor = QC seconds / clip seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from dubgen.config import load_recipe
from dubgen.manifest import read_pairs
from dubgen.resources import Resources
from dubgen.qc.aggregate import aggregate
from dubgen.dsp import resample, to_mono
from dubgen.io import read_wav, write_text
from dubgen.manifest import resolve
from dubgen.qc.evaluate import evaluate_pair
from dubgen.qc.metrics import text_scores
from dubgen.runner import dub

ROOT = Path(__file__).resolve().parents[1]
SPEECH_CLIPS = ("speech_only.mp4", "jfk_speech.mp4", "speech_music.mp4", "speech_noise.mp4", "two_speakers.mp4", "long_60s.mp4")
SHOWN = ("wer", "cer", "leak_recall", "timing_error_ms", "stretch_max", "overrun_max_s", "speech_dropped_s",
         "speaker_sim", "speaker_sim_tts", "f0_error_st", "lufs_diff", "lufs_diff_seg_max_abs", "true_peak_db",
         "spectrum_distance_db", "spectrum_distance_tts_db", "bg_sisdr_db", "bg_residual_db", "container_ok")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--media", type=Path, default=ROOT.parent / "shared" / "media")
    ap.add_argument("--out", type=Path, default=Path("/tmp/dubgen-qc-bench"))
    ap.add_argument("--recipe", action="append", default=None)
    ap.add_argument("--json", type=Path, help="also write the aggregate here")
    ap.add_argument("--controls", action="store_true",
                    help="also back-transcribe each dub stem reversed per phrase: an unintelligible dub with the "
                         "same voice and spectrum, the 'broken' reference for the WER/CER gates")
    args = ap.parse_args()
    recipes = [load_recipe(r) for r in (args.recipe or ["es", "ca", "gl"])]
    by_name = {r.name: r for r in recipes}
    inputs = [args.media / c for c in SPEECH_CLIPS if (args.media / c).exists()]
    result = dub(inputs, args.out, recipes)
    for f in result.failures:
        print(f"dub failed: {f.input} [{f.language}] {f.stage}: {f.error}")

    res = Resources()
    res.backend("asr", recipes[0].asr).load()  # model load is not QC time
    records, times, controls = [], [], []
    for rec in sorted(read_pairs(args.out / "pairs.jsonl"), key=lambda r: (r.clip_id, r.language)):
        t0 = time.perf_counter()
        qc = evaluate_pair(rec, args.out, by_name[rec.recipe], res)
        dt = time.perf_counter() - t0
        times.append((rec.clip_id, rec.language, dt, rec.duration))
        records.append(rec.model_copy(update={"qc": qc}))
        if args.controls:
            controls.append((rec.clip_id, rec.language, _reversed_control(rec, args.out, res, by_name[rec.recipe])))

    print("\npair".ljust(34) + "".join(k[:10].rjust(11) for k in SHOWN) + "   pass  qc_s   rtf")
    for rec, (_, _, dt, dur) in zip(records, times):
        m = rec.qc["metrics"]
        cells = "".join(("-" if m.get(k) is None else f"{float(m[k]):.3g}").rjust(11) for k in SHOWN)
        print(f"{rec.clip_id[:26]:26} {rec.language:5}{cells}   {str(rec.qc['pass']):5} {dt:5.1f} {dt / dur:5.2f}")
        for reason in rec.qc["reasons"]:
            print(f"{'':33}! {reason}")
    agg = aggregate(records)
    print("\naggregate: metric".ljust(28) + "".join(f"{g} mean/median/p90".rjust(26) for g in agg))
    for k in SHOWN:
        row = f"{k:27}"
        for g in agg:
            s = agg[g]["metrics"].get(k, {"n": 0})
            row += ("-" if not s.get("n") else f"{s['mean']:.3g} / {s['median']:.3g} / {s['p90']:.3g}").rjust(26)
        print(row)
    if controls:
        print("\ncontrol (dub stem reversed per phrase): WER / CER")
        for cid, lang, (w, c) in controls:
            print(f"{cid[:26]:26} {lang:5} {w:6.2f} {c:6.2f}")
        for lang in sorted({c[1] for c in controls}):
            ws = [c[2][0] for c in controls if c[1] == lang]
            cs = [c[2][1] for c in controls if c[1] == lang]
            print(f"{lang}: WER min {min(ws):.2f} median {sorted(ws)[len(ws) // 2]:.2f}; CER min {min(cs):.2f} median {sorted(cs)[len(cs) // 2]:.2f}")
    total_dt, total_dur = sum(t[2] for t in times), sum(t[3] for t in times)
    print(f"\nQC time: {total_dt:.1f} s for {total_dur:.1f} s of dubbed audio (RTF {total_dt / total_dur:.3f})")
    # store the QC in the manifest, so `dubgen report OUT` shows it and `dubgen qc OUT` only re-gates
    write_text(args.out / "pairs.jsonl", "".join(r.model_dump_json() + "\n" for r in records))
    if args.json:
        args.json.write_text(json.dumps({"aggregate": agg, "pairs": [r.qc for r in records]}, indent=1))


def _reversed_control(rec, out: Path, res: Resources, recipe) -> tuple[float, float]:
    audio, sr = read_wav(resolve(out, rec.speech_audio))
    x = to_mono(audio).copy()
    for s in rec.segments:
        a, b = int(s.dub_start * sr), int(s.dub_end * sr)
        x[a:b] = x[a:b][::-1]
    heard = res.backend("asr", recipe.asr).transcribe_text(resample(x, sr, 16000), rec.language, speech_only=True)
    sc = text_scores(" ".join(s.text for s in rec.segments), heard, rec.language)
    return sc.wer, sc.cer


if __name__ == "__main__":
    main()
