"""Back-ASR intelligibility of finished dubs, per stage: the TTS alone (``tts.wav``), after voice
conversion and loudness (``speech.wav``) and the final mix (``dubbed.wav``).

Whisper base (QC's deterministic decoding), language forced to the target, phrase by phrase (each
phrase cut at its planned placement), CER against the translation; for Spanish also Whisper's
language-detector probability of 'es' on the whole track.

    python bench/tts_dubs.py OUT_DIR [OUT_DIR ...] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dubgen.config import stage_block  # noqa: E402
from dubgen.dsp import resample, slice_seconds, to_mono  # noqa: E402
from dubgen.io import read_wav  # noqa: E402
from dubgen.manifest import read_pairs, resolve  # noqa: E402
from dubgen.qc import metrics as M  # noqa: E402
from dubgen.stages.asr import ASR, ASR_RATE  # noqa: E402

TRACKS = {"tts": "tts_audio", "speech": "speech_audio", "mix": "dubbed_audio"}


def language_p(model, x16: np.ndarray, language: str) -> float:
    _, info = model.load().transcribe(x16[: 30 * ASR_RATE].astype(np.float32), language=None, beam_size=1, without_timestamps=True)
    return float(dict(info.all_language_probs or []).get(language, 0.0))


def measure(out: Path, model) -> list[dict]:
    rows = []
    for pair in sorted(read_pairs(out / "pairs.jsonl"), key=lambda p: (p.clip_id, p.language)):
        reference = " ".join(s.text for s in pair.segments)
        row = {"out": out.name, "clip": pair.clip_id.rsplit("-", 1)[0], "lang": pair.language,
               "tts": ",".join(sorted({s.tts_backend or "espeak-ng" for s in pair.segments}))}
        for name, attr in TRACKS.items():
            audio, sr = read_wav(resolve(out, getattr(pair, attr)))
            x = to_mono(audio.reshape(len(audio), -1))
            heard = [model.transcribe_text(resample(slice_seconds(x, sr, s.dub_start, s.dub_end), sr, ASR_RATE),
                                           pair.language, speech_only=True) for s in pair.segments]
            row[f"cer_{name}"] = round(M.text_scores(reference, " ".join(heard), pair.language).cer, 3)
            if pair.language == "es" and name in ("tts", "mix"):
                row[f"p_es_{name}"] = round(language_p(model, resample(x, sr, ASR_RATE), "es"), 3)
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outs", nargs="+", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    model = ASR.build("faster-whisper", **stage_block("asr", {"backend": "faster-whisper"}).kwargs())
    rows = [r for out in args.outs for r in measure(out, model)]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
