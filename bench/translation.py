"""Conversational English through the translate step, heard through each recipe's voice.

Twenty-one sets of sentences written for this benchmark (``bench/conversation/``, none from a shared
clip), each with hand-written Spanish references: ``talk`` (105 sentences of talking heads,
meetings and everyday speech), ``interview`` (40 of an interview and a meeting), ``vlog`` (40
of a vlog, a recipe, errands and a meeting, written before the rules of TEXT_RULES_VERSION 9,
some of which mend what it showed) and ``podcast`` (40 of a podcast interview, written after
the rules of TEXT_RULES_VERSION 15 and kept out of the making of rules until TEXT_RULES_VERSION
22's gaps were listed from it) and ``kitchen`` (40 of a cooking video, written before the rules of
TEXT_RULES_VERSION 23 were run on it and kept out of the making of rules until TEXT_RULES_VERSION
28's gaps were listed from it), ``travel`` (40 of a travel vlog: airport, hotel, restaurant,
directions, written before the rules of TEXT_RULES_VERSION 29 were run on it and kept out of the
making of rules until TEXT_RULES_VERSION 31's gaps were listed from it) and ``review`` (40 of a
phone review, written before the rules of TEXT_RULES_VERSION 32 were run on it and kept out of the
making of rules until TEXT_RULES_VERSION 36's gaps were listed from it) and ``explainer`` (40 of a
travel-cost explainer with money, dates, times, percentages and hesitations as Whisper writes them,
"$900", "10:30 a.m.", "on July 14th", "Um,", written with the rules of TEXT_RULES_VERSION 35 for that
kind of text: it measures them on it, not how they carry), ``fitness`` (40 of a workout class and a
runner's talk, written before the rules of TEXT_RULES_VERSION 36, whose translations were read once before
those rules were made from ``review``) and ``diy`` (40 of a home-repair video, written before the rules of
TEXT_RULES_VERSION 36 and never read: only its figures) and ``neighbours`` (40 of two neighbours talking:
family, a job, a repair, plants, a dinner; written after the rules of TEXT_RULES_VERSION 37 were made
from the conversation clips' eight turns, and measured before its translations were read) and ``story`` (40 of
a short story read aloud, as an audiobook or a narrated video is: narration in the past, dialogue in quotes;
written before the rules of TEXT_RULES_VERSION 38, which were made from earlier sets' gaps, and measured
before its translations were read) and ``home`` (40 of a family at home, a morning and an evening: keys,
breakfast, the school run, homework, dinner, bed; written and measured before the rules of TEXT_RULES_VERSION
39, some of which mend what it showed) and ``clinic`` (30 of a doctor's visit, written with ``home`` and never
read: only its figures) and ``office`` (40 of a team meeting: figures, deadlines, an office move, who does what)
and ``news`` (40 of a news bulletin read aloud: floods, housing, the economy, science, sport), each written and
measured before the rules of TEXT_RULES_VERSION 40, which were made from them, and ``tour`` (40 of a guided
walk through an old town: history in the passive, directions, a church, a bridge) and ``school`` (40 of a teacher's
lesson: the water cycle, homework, a school trip), written together before the rules of TEXT_RULES_VERSION 41, which
were made from ``tour``'s gaps, of kinds any text has (agreement, clauses, prepositions); ``school`` is never read,
only its figures; and ``shop`` (40 of a clothes shop and a customer-service call: sizes, prices, a return, a late
delivery) and ``match`` (40 of a youth football coach and a radio commentary), written together before the rules of
TEXT_RULES_VERSION 48, which were made from ``shop``'s gaps and those ``tour`` had left, of kinds any text has (where a
thing is, "ones", relative clauses without "that", "get" + a state, a shared passive, a giving back); ``match`` is
never read, only its figures; and ``salon`` (40 of a hairdresser's and a call to a bank's helpline), written and
measured before the rules of TEXT_RULES_VERSION 55 and never read, only its figures. Per set and
language it prints the English words the translation kept (Apertium's unknown words), chrF
(character 6-grams, beta 2) against the Spanish references, and the back-ASR CER of each
translated sentence read alone by the recipe's voice at 165 words/min (Whisper base, language
forced, QC's deterministic decoding and normaliser).

    python bench/translation.py [--set talk --set interview … --set match] [--lang es --lang ca --lang gl]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dubgen.config import stage_block  # noqa: E402
from dubgen.dsp import resample  # noqa: E402
from dubgen.qc import metrics as M  # noqa: E402
from dubgen.stages.asr import ASR, ASR_RATE  # noqa: E402
from dubgen.stages.speakable import speakable  # noqa: E402
from dubgen.stages.translate import ApertiumTranslator  # noqa: E402
from dubgen.stages.tts import TTS  # noqa: E402

SETS = ROOT / "bench" / "conversation"
SET_NAMES = ("talk", "interview", "vlog", "podcast", "kitchen", "travel", "review", "explainer", "fitness", "diy",
             "neighbours", "story", "home", "clinic", "office", "news", "tour", "school", "shop", "match", "salon")
#: the bundled recipes' voices (gl is read by the Spanish voice)
VOICES = {"es": ("pico", "es-ES"), "ca": ("festival", "upc_ca_ona_hts"), "gl": ("pico", "es-ES")}
RATE = 165.0


def chrf(hypothesis: str, reference: str, order: int = 6, beta: float = 2.0) -> float:
    """chrF: F-beta of character n-gram precision and recall (n = 1..order, spaces removed)."""
    h, r = (re.sub(r"\s+", "", t.lower()) for t in (hypothesis, reference))
    precisions, recalls = [], []
    for n in range(1, order + 1):
        hc, rc = Counter(h[i:i + n] for i in range(len(h) - n + 1)), Counter(r[i:i + n] for i in range(len(r) - n + 1))
        matched = sum((hc & rc).values())
        if hc:
            precisions.append(matched / sum(hc.values()))
        if rc:
            recalls.append(matched / sum(rc.values()))
    p, rec = float(np.mean(precisions)), float(np.mean(recalls))
    return 0.0 if p + rec == 0 else (1 + beta ** 2) * p * rec / (beta ** 2 * p + rec)


def _lines(path: Path) -> list[str]:
    return [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", default=None, help=f"one of {', '.join(SET_NAMES)} (default: all)")
    ap.add_argument("--lang", action="append", default=None, help="es, ca, gl (default: all three)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    model = ASR.build("faster-whisper", **stage_block("asr", {"backend": "faster-whisper"}).kwargs())
    translator = ApertiumTranslator()
    rows = []
    for name in args.set or SET_NAMES:
        english = _lines(SETS / f"{name}.en.txt")
        for lang in args.lang or list(VOICES):
            texts, kept, _ = translator.translate_noting(english, "en", lang)
            backend, voice = VOICES[lang]
            tts = TTS.build(backend)
            cers = []
            for text in texts:
                audio, sr = tts.synthesize(speakable(text, tts.voice_language(lang)), voice, RATE)
                heard = model.transcribe_text(resample(audio, sr, ASR_RATE), lang, speech_only=True)
                cers.append(M.text_scores(text, heard, lang).cer)
            row = {"set": name, "lang": lang, "sentences": len(texts), "kept_words": sum(len(k) for k in kept or []),
                   "cer": round(float(np.mean(cers)), 3)}
            reference = SETS / f"{name}.{lang}.txt"
            if reference.exists():
                row["chrf"] = round(float(np.mean([chrf(t, r) for t, r in zip(texts, _lines(reference))])), 3)
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
