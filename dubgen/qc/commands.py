"""CLI: ``dubgen qc OUT_DIR``, ``dubgen report OUT_DIR`` (``dubgen export`` lives in dubgen/export/).

``register`` only declares arguments; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, Optional, Sequence

from ..export.jsonl import export_pairs  # noqa: F401  (moved to dubgen/export/; kept importable here)


def register(subparsers: Any) -> None:
    q = subparsers.add_parser("qc", help="measure dubbed pairs (back-ASR, timing, voice, loudness, background, "
                                         "container), apply the recipes' gates, print mean/median/p90")
    q.add_argument("out", type=Path, metavar="OUT_DIR")
    q.add_argument("--json", action="store_true", help="print the aggregate figures as JSON")
    q.add_argument("--recipe", action="append", default=[],
                   help="recipe (file or bundled name) whose gates apply to its pairs; default: the bundled "
                        "recipe named in each record")
    q.add_argument("--recompute", action="store_true", help="measure again even where the manifest holds QC")
    q.set_defaults(func=cmd_qc)

    r = subparsers.add_parser("report", help="write OUT_DIR/report/index.html: summary table and a page per clip")
    r.add_argument("out", type=Path, metavar="OUT_DIR")
    r.set_defaults(func=cmd_report)


def _pairs_path(out: Path) -> Path:
    from ..errors import DubgenError

    path = Path(out) / "pairs.jsonl"
    if not path.is_file():
        raise DubgenError(f"{path}: no pair manifest (run `dubgen dub INPUT --out {out}` first)")
    return path


def _recipes_by_name(specs: Sequence[str]) -> dict[str, Any]:
    from ..config import load_recipe

    recipes = [load_recipe(s) for s in specs]
    return {r.name: r for r in recipes}


def _recipe_for(name: str, given: dict[str, Any]) -> Any:
    from ..config import load_recipe
    from ..errors import RecipeError

    if name in given:
        return given[name]
    try:
        return load_recipe(name)
    except RecipeError as e:
        raise RecipeError(f"{e}\n  (the pairs name recipe {name!r}; pass it with --recipe FILE)") from None


def run_qc(out: Path, recipes: Sequence[str] = (), recompute: bool = False, resources: Any = None) -> list[Any]:
    """Measure pairs without QC (all with ``recompute``), re-gate the others, rewrite the manifest.

    Returns the updated PairRecords, one per (clip, recipe). Gates come from ``recipes``
    (matched by recipe name) or the bundled recipe of that name. The rewrite holds the output
    folder's lock and keeps every line another process wrote meanwhile.
    """
    from ..io import write_text
    from ..manifest import PairRecord, lock, pair_key, read_pairs, read_records, repair_tail
    from ..resources import Resources
    from .evaluate import evaluate_pair
    from .gates import apply_gates

    path = _pairs_path(out)
    given = _recipes_by_name(recipes)
    resources = resources or Resources()
    verdicts: dict[tuple[str, str], tuple[str, Any]] = {}  # key -> (record as measured, new qc)
    for rec in read_pairs(path):
        recipe = _recipe_for(rec.recipe, given)
        if rec.qc is None or recompute:
            qc = evaluate_pair(rec, Path(out), recipe, resources)
        elif rec.qc.get("metrics"):
            passed, reasons = apply_gates(rec.qc["metrics"], recipe.qc)
            qc = dict(rec.qc, **{"pass": passed, "reasons": reasons})
        else:
            qc = rec.qc
        if qc != rec.qc:
            verdicts[pair_key(rec)] = (rec.model_dump_json(), qc)
    with lock(Path(out)):
        repair_tail(path)
        lines = read_records(path, PairRecord)
        updated = []
        for rec in read_pairs(path):
            seen = verdicts.get(pair_key(rec))
            if seen is not None and seen[0] == rec.model_dump_json():  # unchanged since it was measured
                rec = rec.model_copy(update={"qc": seen[1]})
            updated.append(rec)
        if verdicts or len(updated) != len(lines):
            write_text(path, "".join(r.model_dump_json() + "\n" for r in updated))
    return updated


def _fmt(v: Optional[float]) -> str:
    if v is None:
        return "-"
    a = abs(v)
    return f"{v:.0f}" if a >= 100 else f"{v:.2f}" if a >= 1 else f"{v:.3f}"


def stage_cer_line(qc: Optional[dict]) -> str:
    """``CER tts 0.31 → voice 0.33 (+0.02) → loudness ... → mix 0.45 (+0.10); worst: mix``, or ""."""
    from .evaluate import INTELLIGIBILITY_STAGES

    m = (qc or {}).get("metrics", {})
    parts = []
    for stage in INTELLIGIBILITY_STAGES:
        cer, cost = m.get(f"cer_{stage}"), m.get(f"cer_cost_{stage}")
        if cer is not None:
            parts.append(f"{stage} {cer:.2f}" + (f" ({cost:+.2f})" if cost is not None else ""))
    if not parts:
        return ""
    worst = m.get("stage_cer_worst")
    return "CER " + " → ".join(parts) + (f"; worst stage: {worst}" if worst else "")


def cmd_qc(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from .aggregate import aggregate

    records = run_qc(args.out, args.recipe, args.recompute)
    agg = aggregate(records)
    if args.json:
        print(json.dumps(agg, indent=2, sort_keys=True))
    else:
        console = Console(width=max(100, 24 + 27 * len(agg)))  # one readable cell per group, no wrapping
        table = Table(title=f"dubgen qc: {args.out} (mean / median / p90)")
        table.add_column("metric", no_wrap=True)
        for g in agg:
            c = agg[g]["counts"]
            table.add_column(f"{g}\n{c['passed']}/{c['pairs']} pass")
        keys = sorted({k for g in agg for k in agg[g]["metrics"]})
        for k in keys:
            cells = []
            for g in agg:
                s = agg[g]["metrics"].get(k, {"n": 0})
                cells.append("-" if not s.get("n") else f"{_fmt(s['mean'])} / {_fmt(s['median'])} / {_fmt(s['p90'])}")
            table.add_row(k, *cells)
        console.print(table)
        for rec in records:
            line = stage_cer_line(rec.qc)
            if line:
                console.print(f"{rec.clip_id} {rec.recipe}: {line}", highlight=False, markup=False, soft_wrap=True)
        for rec in records:
            if rec.qc and not rec.qc["pass"]:
                console.print(f"[red]FAIL[/red] {rec.clip_id} {rec.recipe} ({rec.language}): {'; '.join(rec.qc['reasons'])}",
                              highlight=False)
    return 1 if any(r.qc and not r.qc["pass"] for r in records) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    index = write_report(Path(args.out))
    print(index)
    return 0
