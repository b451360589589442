"""``--format lhotse``: a CutSet manifest (``.jsonl`` or ``.jsonl.gz``) whose cuts load audio.

Per pair two cuts, each on its own recording: ``<key>-dub`` (the dubbed mix, supervisions in the
target language at the dub's placements) and ``<key>-orig`` (the original audio, supervisions
in the source language at the source phrases). Both carry ``custom`` fields linking them:
``clip_id``, ``recipe``, ``language``, ``source_language``, ``role`` (dub | original),
``pair_id``, ``partner`` (the other cut's id), ``video`` and the QC figures (``qc_pass``,
``qc_reasons``, ``qc_metrics``). Audio paths are absolute (the cuts read OUT's files in place).
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

from ..errors import DubgenError
from ..io import atomic_path
from .base import EXPORTERS, ExportPair, Exporter, need, qc_fields

ROLES = ("dub", "orig")


def _cuts_of(p: ExportPair, lhotse: Any) -> list[Any]:
    from lhotse.utils import fastcopy

    rec = p.record
    common = {"clip_id": rec.clip_id, "recipe": rec.recipe, "language": rec.language,
              "source_language": rec.source_language, "pair_id": p.key, "video": str(p.path("original_video")),
              **qc_fields(rec)}
    cuts = []
    for role, field in (("dub", "dubbed_audio"), ("orig", "source_audio")):
        cut_id = f"{p.key}-{role}"
        recording = lhotse.Recording.from_file(p.file(field), recording_id=cut_id)
        channel: Any = recording.channel_ids[0] if recording.num_channels == 1 else list(recording.channel_ids)
        sups = []
        for s in rec.segments:
            start, end, text, lang = (
                (s.dub_start, s.dub_end, s.text, rec.language) if role == "dub"
                else (s.source_start, s.source_end, s.source_text, rec.source_language)
            )
            start, end = max(0.0, start), min(end, recording.duration)
            if end <= start:
                continue
            sups.append(lhotse.SupervisionSegment(
                id=f"{cut_id}-{s.id:04d}", recording_id=cut_id, start=round(start, 6), duration=round(end - start, 6),
                channel=channel, text=text, language=lang, speaker=s.speaker,
            ))
        partner = f"{p.key}-{'orig' if role == 'dub' else 'dub'}"
        custom = {**common, "role": "dub" if role == "dub" else "original", "partner": partner}
        cuts.append(fastcopy(recording.to_cut(), id=cut_id, supervisions=sups, custom=custom))
    return cuts


@EXPORTERS.register("lhotse")
class LhotseExporter(Exporter):
    name = "lhotse"
    library = "lhotse"

    def write(self, pairs: list[ExportPair], output: Path) -> None:
        lhotse = need(self.library, self.name)
        output = Path(output).resolve()
        name = output.name
        if not (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
            raise DubgenError(f"--output {output}: a lhotse manifest is a .jsonl or .jsonl.gz file")
        cuts = lhotse.CutSet.from_cuts(c for p in pairs for c in _cuts_of(p, lhotse))
        with atomic_path(output) as tmp:
            if name.endswith(".gz"):
                plain = tmp.with_name(tmp.name + ".jsonl")
                try:
                    cuts.to_file(plain)
                    # mtime 0 in the gzip header: the same pairs give the same bytes
                    with open(plain, "rb") as src, open(tmp, "wb") as raw, gzip.GzipFile(
                        filename="", mode="wb", fileobj=raw, mtime=0
                    ) as dst:
                        shutil.copyfileobj(src, dst)
                finally:
                    plain.unlink(missing_ok=True)
            else:
                cuts.to_file(tmp)  # tmp ends in .jsonl (atomic_path keeps the suffix)
