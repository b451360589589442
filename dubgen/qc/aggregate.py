"""Aggregate figures (mean / median / p90) of the QC metrics over a ``pairs.jsonl``."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from .metrics import summary

ALL = "all"


def numeric_metrics(qc: dict[str, Any]) -> dict[str, float]:
    """The numeric metrics of one pair's QC dict (booleans count as 0/1, text is skipped)."""
    out: dict[str, float] = {}
    for k, v in qc.get("metrics", {}).items():
        if isinstance(v, bool):
            out[k] = float(v)
        elif isinstance(v, (int, float)):
            out[k] = float(v)
    return out


def aggregate(records: Iterable[Any]) -> dict[str, Any]:
    """Per language and over all pairs: pass counts and each metric's mean/median/p90/n.

    Args:
        records: PairRecords; those without QC are counted under ``unchecked``.
    """
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"pairs": 0, "passed": 0, "failed": 0, "unchecked": 0})
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec in records:
        for group in (rec.language, ALL):
            c = counts[group]
            c["pairs"] += 1
            if rec.qc is None or not rec.qc.get("metrics"):
                c["unchecked"] += 1
                continue
            c["passed" if rec.qc["pass"] else "failed"] += 1
            for r in rec.qc.get("reasons", []):
                reasons[group][r.split(" ")[0].strip("|")] += 1
            for k, v in numeric_metrics(rec.qc).items():
                values[group][k].append(v)
    groups = sorted(counts, key=lambda g: (g == ALL, g))
    return {
        g: {"counts": counts[g], "failed_by": dict(sorted(reasons[g].items())),
            "metrics": {k: summary(v) for k, v in sorted(values[g].items())}}
        for g in groups
    }


def aggregate_file(out_dir: Path) -> dict[str, Any]:
    from ..manifest import read_pairs

    path = Path(out_dir) / "pairs.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no pair manifest (run `dubgen dub ... --out {out_dir}` first)")
    return aggregate(read_pairs(path))
