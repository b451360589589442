"""Quality control of dubbed pairs: metrics, gates, aggregate figures and an HTML report.

``evaluate_pair`` is the pipeline's entry point; heavy modules load on first call so that
importing ``dubgen.qc`` (the CLI does, to register its commands) stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import Recipe
    from ..manifest import PairRecord
    from ..resources import Resources

__all__ = ["evaluate_pair", "measure_pair", "gate_pair"]


def evaluate_pair(record: "PairRecord", out_dir: Path, recipe: "Recipe", resources: "Resources") -> dict[str, Any]:
    """Measure one dubbed pair and apply ``recipe.qc``: ``{"pass", "reasons", "metrics", ...}``.

    See :func:`dubgen.qc.evaluate.evaluate_pair`.
    """
    from .evaluate import evaluate_pair as _evaluate

    return _evaluate(record, out_dir, recipe, resources)


def measure_pair(record: "PairRecord", out_dir: Path, recipe: "Recipe", resources: "Resources") -> dict[str, Any]:
    """Metrics without gates (cacheable): see :func:`dubgen.qc.evaluate.measure_pair`."""
    from .evaluate import measure_pair as _measure

    return _measure(record, out_dir, recipe, resources)


def gate_pair(measured: dict[str, Any], qc: Any) -> dict[str, Any]:
    """Apply a recipe's ``qc`` thresholds to :func:`measure_pair`'s result."""
    from .evaluate import gate_pair as _gate

    return _gate(measured, qc)
