"""Mean ± standard deviation over several `dubgen ablate` runs (one ablation.json per seed).

    python examples/summarize_ablations.py examples/runs/ablation_pipeline_2000_s*/ablation.json

Prints a markdown table: per query language, a->v and v->a R@1 / R@5 / median rank and the
original-vs-dub cosine gap, without and with dubs, and the with-minus-without difference.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

ARMS = ("without_dubs", "with_dubs")


def _fmt(values: list[float], nd: int, sign: str = "") -> str:
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:{sign}.{nd}f} ± {sd:.{nd}f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path, help="ablation.json files (one per seed)")
    ap.add_argument("--compact", action="store_true", help="one row per query language: R@5 and median rank")
    args = ap.parse_args()
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in args.files]
    first = runs[0]
    if any((r["steps"], r["variant"], r["data"]) != (first["steps"], first["variant"], first["data"]) for r in runs):
        raise SystemExit("the runs differ in steps, variant or data: summarise like with like")
    ev = first["with_dubs"]["eval"]
    seeds = [r["seed"] for r in runs]
    print(f"{first['variant']}, {first['steps']} steps x batch {first['batch_size']}, seeds {seeds}, "
          f"{ev['n_clips']} held-out clips, trained on dubs: {', '.join(ev['train_languages'])}\n")
    order = sorted(ev["retrieval"], key=lambda k: (ev["retrieval"][k]["status"] != "original", k))
    if args.compact:
        _compact(runs, ev, order)
        return
    print("| query audio | status | metric | without dubs | with dubs | with − without | chance |")
    print("|---|---|---|---|---|---|---|")
    for lang in order:
        row = ev["retrieval"][lang]
        label = f"{ev['source_language']} (original)" if row["status"] == "original" else f"{lang} dub"
        for direction in ("a2v", "v2a"):
            for key, nd in (("r1", 3), ("r5", 3), ("median_rank", 1)):
                vals = {arm: [r[arm]["eval"]["retrieval"][lang][direction][key] for r in runs] for arm in ARMS}
                diff = [w - o for w, o in zip(vals["with_dubs"], vals["without_dubs"])]
                n = row[direction]["n"]
                chance = (n + 1) / 2 if key == "median_rank" else int(key[1:]) / n
                print(f"| {label} | {row['status']} | {direction} {key} | {_fmt(vals['without_dubs'], nd)} | "
                      f"{_fmt(vals['with_dubs'], nd)} | {_fmt(diff, nd, '+')} | {chance:.{nd}f} |")
    for lang in ev["language_invariance"]:
        vals = {arm: [r[arm]["eval"]["language_invariance"][lang]["gap"] for r in runs] for arm in ARMS}
        diff = [w - o for w, o in zip(vals["with_dubs"], vals["without_dubs"])]
        print(f"| {lang} dub | {ev['language_invariance'][lang]['status']} | cos(orig, dub) − cos(random) | "
              f"{_fmt(vals['without_dubs'], 3)} | {_fmt(vals['with_dubs'], 3)} | {_fmt(diff, 3, '+')} | 0 |")


def _compact(runs: list[dict], ev: dict, order: list[str]) -> None:
    n = ev["retrieval"][order[0]]["a2v"]["n"]
    print(f"R@5 and median rank (chance {5 / n:.3f} and {(n + 1) / 2:.1f}); mean ± sd over seeds\n")
    print("| query audio | status | a→v without | a→v with | v→a without | v→a with |")
    print("|---|---|---|---|---|---|")
    for lang in order:
        row = ev["retrieval"][lang]
        label = f"{ev['source_language']} (original)" if row["status"] == "original" else f"{lang} dub"
        cells = []
        for direction in ("a2v", "v2a"):
            for arm in ARMS:
                r5 = [r[arm]["eval"]["retrieval"][lang][direction]["r5"] for r in runs]
                mr = [r[arm]["eval"]["retrieval"][lang][direction]["median_rank"] for r in runs]
                cells.append(f"{_fmt(r5, 2)} / {_fmt(mr, 1)}")
        print(f"| {label} | {row['status']} | " + " | ".join(cells) + " |")
    gaps = {arm: {lang: [r[arm]["eval"]["language_invariance"][lang]["gap"] for r in runs]
                  for lang in ev["language_invariance"]} for arm in ARMS}
    for arm in ARMS:
        print(f"\ncos(orig, dub) − cos(random), {arm.replace('_', ' ')}: "
              + ", ".join(f"{lang} {_fmt(v, 3)}" for lang, v in gaps[arm].items()))


if __name__ == "__main__":
    main()
