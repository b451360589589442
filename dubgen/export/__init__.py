"""Exports of a dub output folder's pairs for training ecosystems (one module per format).

``jsonl`` (the training manifest), ``lhotse`` (CutSet), ``webdataset`` (tar shards), ``hf``
(Hugging Face ``datasets``). A pair is identified by (clip_id, recipe name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import hf, jsonl, lhotse, webdataset  # noqa: F401  (each registers its exporter)
from .base import EXPORTERS, ExportPair, Exporter, Selection, pair_key, select_pairs


def export(out: Path, fmt: str, output: Path, strict: bool = False, **options: Any) -> Selection:
    """Export the pairs of ``out`` to ``output`` in format ``fmt``; returns what was selected."""
    from pydantic import ValidationError

    from ..errors import DubgenError

    try:
        exporter = EXPORTERS.build(fmt, **options)
    except ValidationError as e:
        bad = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        raise DubgenError(f"export --format {fmt}: {bad}") from None
    sel = select_pairs(out, strict)
    if not sel.pairs and not exporter.allows_empty:
        raise DubgenError(f"{out}: no pairs to export{sel.left_out()}")
    exporter.write(sel.pairs, Path(output))
    return sel


__all__ = ["EXPORTERS", "ExportPair", "Exporter", "Selection", "export", "pair_key", "select_pairs"]
