"""``--format webdataset``: tar shards ``pairs-000000.tar``, ... in the ``--output`` folder.

Per pair (member key = the pair id, see :func:`~dubgen.export.base.pair_key`):
``<key>.dub.<ext>`` the dubbed mix, ``<key>.orig.<ext>`` the original audio, ``<key>.video.<ext>``
the original video (``video: embed``; ``reference`` stores only its absolute path in the JSON,
``none`` leaves it out) and ``<key>.json``: the pair record with absolute paths, ``pair_id``,
``members`` (what this sample holds) and the QC figures. ``dubgen-export.json`` lists the shards
and their brace pattern (``pairs-{000000..000003}.tar``), which the trainer's ``data.webdataset``
takes. Tar headers carry mtime 0: the same pairs give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import Field

from .base import EXPORTERS, ExportPair, Exporter, atomic_dir, need, qc_fields
from .jsonl import PATH_FIELDS

SHARD_NAME = "pairs-{:06d}.tar"


def shard_pattern(n: int) -> str:
    """Brace pattern of ``n`` shards (``pairs-{000000..000003}.tar``)."""
    return SHARD_NAME.format(0) if n == 1 else "pairs-{%06d..%06d}.tar" % (0, n - 1)


def sample_of(p: ExportPair, video: str) -> dict[str, bytes | str]:
    rec = p.record
    dub, orig = p.file("dubbed_audio"), p.file("source_audio")
    members = {"dub": f"dub{dub.suffix.lower()}", "orig": f"orig{orig.suffix.lower()}"}
    sample: dict[str, bytes | str] = {"__key__": p.key, members["dub"]: dub.read_bytes(), members["orig"]: orig.read_bytes()}
    vid = p.path("original_video")
    if video == "embed":
        members["video"] = f"video{vid.suffix.lower()}"
        sample[members["video"]] = p.file("original_video").read_bytes()
    info = rec.model_dump(mode="json")
    info.update({f: str(p.path(f)) for f in PATH_FIELDS if getattr(rec, f)})
    info.update(pair_id=p.key, members=members, **qc_fields(rec))
    sample["json"] = json.dumps(info, sort_keys=True, ensure_ascii=False).encode()
    return sample


@EXPORTERS.register("webdataset")
class WebDatasetExporter(Exporter):
    name = "webdataset"
    library = "webdataset"

    class Options(Exporter.Options):
        shard_size: int = Field(1000, ge=1, description="pairs per tar shard")
        video: Literal["embed", "reference", "none"] = Field(
            "embed", description="embed the original video in each sample, or only its path in the JSON, or neither")

    def write(self, pairs: list[ExportPair], output: Path) -> None:
        wds = need(self.library, self.name)
        size = self.options.shard_size
        n = max(1, -(-len(pairs) // size))
        meta = {"format": self.name, "pairs": len(pairs), "shards": [SHARD_NAME.format(s) for s in range(n)],
                "pattern": shard_pattern(n), "shard_size": size, "video": self.options.video,
                "clips": len({p.record.clip_id for p in pairs}),
                "languages": sorted({p.record.language for p in pairs})}
        with atomic_dir(output, meta) as tmp:
            for s in range(n):
                with wds.TarWriter(str(tmp / SHARD_NAME.format(s)), mtime=0.0, encoder=False) as sink:
                    for p in pairs[s * size : (s + 1) * size]:
                        sink.write(sample_of(p, self.options.video))
