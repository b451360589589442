"""Sharded runs without a cluster: a stable partition of the inputs.

``dubgen dub ... --shard i/n`` dubs the clips whose clip id (file stem + content hash, as
:func:`dubgen.pipeline.clip_id_for` names them) hashes to ``i`` modulo ``n``: every Slurm array
task or Kubernetes indexed job takes its share of one input list; ``dubgen merge`` joins them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .errors import DubgenError
from .io import sha256_file

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (0-based, as Slurm array and Kubernetes job indices are)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        m = _SHARD.match(text)
        if not m:
            raise DubgenError(f"--shard {text!r}: expected i/n, e.g. 0/4 (shard i of n, i from 0 to n-1)")
        index, count = int(m.group(1)), int(m.group(2))
        if count < 1 or index >= count:
            raise DubgenError(f"--shard {text!r}: need n >= 1 and 0 <= i < n (shards are numbered 0 to n-1)")
        return cls(index, count)

    def owns(self, clip_id: str) -> bool:
        digest = hashlib.sha256(clip_id.encode("utf-8", "surrogateescape")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index


def shard_clip_id(path: Path) -> str:
    """The clip id a file will get (unreadable files: the id their failure record gets)."""
    from .pipeline import _UNSAFE, clip_id_for

    try:
        return clip_id_for(path, sha256_file(path))
    except OSError:
        return _UNSAFE.sub("_", Path(path).stem) or "clip"


def select(files: Sequence[Path], shard: Optional[Shard]) -> list[Path]:
    """The files of one shard (all of them without a shard)."""
    if shard is None or shard.count == 1:
        return list(files)
    return [p for p in files if shard.owns(shard_clip_id(p))]
