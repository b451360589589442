"""``--format jsonl``: the training manifest, pairs.jsonl lines with paths relative to the file."""

from __future__ import annotations

import os
from pathlib import Path

from ..io import write_text
from ..manifest import PATH_FIELDS  # paths relative to the manifest's folder
from .base import EXPORTERS, ExportPair, Exporter, select_pairs



@EXPORTERS.register("jsonl")
class JsonlExporter(Exporter):
    name = "jsonl"
    allows_empty = True  # an empty manifest is a valid manifest

    def write(self, pairs: list[ExportPair], output: Path) -> None:
        output = Path(output).resolve()
        lines = []
        for p in pairs:
            # paths stay relative, now to the exported file's folder
            moved = {f: os.path.relpath(p.path(f), output.parent) for f in PATH_FIELDS if getattr(p.record, f)}
            lines.append(p.record.model_copy(update=moved).model_dump_json() + "\n")
        write_text(output, "".join(lines))


def export_pairs(out: Path, output: Path, strict: bool) -> tuple[int, dict[str, int]]:
    """Write the training manifest; returns (written, {reason: count left out})."""
    sel = select_pairs(out, strict)
    JsonlExporter().write(sel.pairs, output)
    return len(sel.pairs), sel.skipped
