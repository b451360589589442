"""Intelligibility of each TTS backend against speaking rate: back-ASR CER (Whisper base, language
forced to the target, phrase by phrase, QC's deterministic decoding) of the shared clips'
transcripts translated by Apertium, and Whisper's language-detector probability; with
``--stretches``, also the time-stretch the timing plan applies after the rate (Rubber Band).

    python bench/tts_rate.py [--phrases 8] [--rates 110,140,165,200,240] [--stretches 1,1.1,1.25] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dubgen.config import stage_block  # noqa: E402
from dubgen.dsp import resample, time_stretch  # noqa: E402
from dubgen.qc import metrics as M  # noqa: E402
from dubgen.stages.asr import ASR, ASR_RATE  # noqa: E402
from dubgen.stages.speakable import speakable  # noqa: E402
from dubgen.stages.tts import TTS  # noqa: E402

MEDIA = ROOT.parent / "shared" / "media"
PAIRS = {"es": "eng-spa", "ca": "eng-cat", "gl": "en-gl"}
# (language, backend, voice): what each recipe could use; Galician read by Spanish voices.
CASES = [("es", "pico", "es-ES"), ("es", "espeak-ng", "es+m3"), ("ca", "festival", "upc_ca_ona_hts"),
         ("ca", "espeak-ng", "ca+m3"), ("gl", "pico", "es-ES"), ("gl", "espeak-ng", "es+m3"),
         ("es", "kokoro", "jm_kumo|es"), ("ca", "kokoro", "jm_kumo|ca")]


def phrases(media: Path, n: int) -> dict[str, list[str]]:
    detailed = json.loads((media / "transcripts_detailed.json").read_text(encoding="utf-8"))
    english = [s["text"] for clip, v in detailed.items() if isinstance(v, dict) for s in v.get("segments", [])
               if len(s["text"].split()) >= 4][:n]
    out = {}
    for lang, mode in PAIRS.items():
        proc = subprocess.run(["apertium", "-u", mode], input="\n\n".join(english), capture_output=True, text=True, check=True)
        out[lang] = [x.strip() for x in proc.stdout.split("\n\n") if x.strip()]
        assert len(out[lang]) == len(english), (lang, len(out[lang]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phrases", type=int, default=8)
    ap.add_argument("--rates", default="110,140,165,200,240")
    ap.add_argument("--stretches", default="1", help="time-stretch ratios after synthesis (>1 faster)")
    ap.add_argument("--cases", default="", help="comma-separated lang:backend filters, e.g. es:pico")
    ap.add_argument("--media", type=Path, default=MEDIA)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    texts = phrases(args.media, args.phrases)
    model = ASR.build("faster-whisper", **stage_block("asr", {"backend": "faster-whisper"}).kwargs())
    wanted = {c for c in args.cases.split(",") if c}
    rows = []
    for lang, backend, voice in CASES:
        if wanted and f"{lang}:{backend}" not in wanted:
            continue
        tts = TTS.build(backend)
        for rate, stretch in [(float(r), float(s)) for r in args.rates.split(",") for s in args.stretches.split(",")]:
            refs, hyps, probs, secs = [], [], [], 0.0
            for text in texts[lang]:
                audio, sr = tts.synthesize(speakable(text, tts.voice_language(lang)), voice, rate)
                x = resample(time_stretch(audio, sr, stretch), sr, ASR_RATE)
                secs += len(x) / ASR_RATE
                refs.append(text)
                hyps.append(model.transcribe_text(x, lang, speech_only=True))
                if lang == "es":
                    _, info = model.load().transcribe(x.astype(np.float32), language=None, beam_size=1, without_timestamps=True)
                    probs.append(dict(info.all_language_probs or []).get("es", 0.0))
            cer = float(np.mean([M.text_scores(r, h, lang).cer for r, h in zip(refs, hyps)]))
            row = {"lang": lang, "backend": backend, "voice": voice, "rate": rate, "stretch": stretch, "cer": round(cer, 3),
                   "seconds": round(secs, 1), "p_es": round(float(np.mean(probs)), 3) if probs else None}
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
