"""Festival's Catalan voice said at several rates: one backend (a phrase's labels read once) against
a fresh backend per call (labels read every time), in one run.

The timing plan says a phrase up to three times at other rates; Festival's front end (the HTS
labels) does not depend on the rate, so the backend keeps the last phrase's labels.

    python bench/festival_rates.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dubgen.stages  # noqa: E402,F401  (registers the backends)
from dubgen.stages.tts import TTS  # noqa: E402

PHRASES = ("Vaig pagar vint euros i ell va pagar vint euros.", "L'aplec és a les deu del matí.",
           "Hem de treballar molt aquesta setmana, però després descansarem.")
RATES = (150.0, 170.0, 190.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    voice = TTS.build("festival").voice_for("ca", 120.0)
    timings: dict[str, list[float]] = {"fresh": [], "kept": []}
    outputs: dict[str, list[np.ndarray]] = {"fresh": [], "kept": []}
    for _ in range(args.repeats):
        for how in ("fresh", "kept"):
            kept = TTS.build("festival")
            start = time.perf_counter()
            said = [(TTS.build("festival") if how == "fresh" else kept).synthesize(p, voice, r)[0]
                    for p in PHRASES for r in RATES]
            timings[how].append(time.perf_counter() - start)
            outputs[how] = said
    same = all(np.array_equal(a, b) for a, b in zip(outputs["fresh"], outputs["kept"]))
    fresh, kept = min(timings["fresh"]), min(timings["kept"])
    print(f"{len(PHRASES)} phrases x {len(RATES)} rates, voice {voice}, best of {args.repeats}: labels read every call "
          f"{fresh:.2f} s, read once per phrase {kept:.2f} s, ratio {kept / fresh:.2f}; same audio: {same}")


if __name__ == "__main__":
    main()
