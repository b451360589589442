"""Shard cache of extracted clips, so epochs 2.. (and later runs) never re-decode.

Layout of a cache folder::

    index.json          {"spec": ..., "items": {clip_id: entry}, "failed": {clip_id: reason}}
    shard-00000.bin     raw arrays, 64-byte aligned, read back with np.memmap

An entry names its shard, the source fingerprint (path, size, mtime of every file) and, per
array, ``[offset, dtype, shape]``. Changed or new clips are extracted into a new shard; the
index is replaced atomically, so an interrupted build leaves the old cache valid.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import numpy as np

from ..errors import MediaError
from ..io import write_json
from .data import ClipItem, Extracted, FeatureSpec, Source, extract

log = logging.getLogger("dubgen.train.cache")

INDEX = "index.json"
ALIGN = 64
SHARD_BYTES = 256 << 20


def fingerprint(item: ClipItem) -> list[Any]:
    out: list[Any] = []
    for name, path in sorted(item.tracks.items()) + [("video", item.video)]:
        try:
            st = Path(path).stat()
            out.append([name, str(path), st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([name, str(path), None, None])
    return out


class _ExtractOne:
    def __init__(self, items: Sequence[ClipItem], spec: FeatureSpec) -> None:
        self.items, self.spec = list(items), spec

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> tuple[int, Optional[Extracted], str]:
        try:
            return i, extract(self.items[i], self.spec), ""
        except (MediaError, OSError, ValueError) as e:
            return i, None, str(e)


class _ShardWriter:
    def __init__(self, root: Path, first: int) -> None:
        self.root, self.num, self.f, self.pos = root, first, None, 0

    def _open(self) -> None:
        self.name = f"shard-{self.num:05d}.bin"
        self.f = open(self.root / self.name, "wb")
        self.pos = 0

    def write(self, arrays: dict[str, np.ndarray]) -> tuple[str, dict[str, list[Any]]]:
        if self.f is None or self.pos > SHARD_BYTES:
            self.close()
            self._open()
        meta: dict[str, list[Any]] = {}
        for k, a in arrays.items():
            a = np.ascontiguousarray(a)
            pad = (-self.pos) % ALIGN
            self.f.write(b"\0" * pad)
            self.pos += pad
            meta[k] = [self.pos, a.dtype.str, list(a.shape)]
            self.f.write(a.tobytes())
            self.pos += a.nbytes
        return self.name, meta

    def close(self) -> None:
        if self.f is not None:
            self.f.flush()
            self.f.close()
            self.f = None
            self.num += 1


def build_cache(
    items: Sequence[ClipItem],
    spec: FeatureSpec,
    root: Path,
    workers: int = 2,
    on_progress: Optional[Callable[[int, int], None]] = None,
) -> dict[str, str]:
    """Extract every clip not yet cached (in ``workers`` processes) and write shards.

    Returns ``{path_or_clip: reason}`` for clips that could not be decoded (logged, skipped)."""
    from torch.utils.data import DataLoader

    from .data import worker_init

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    index = _read_index(root)
    spec_d = asdict(spec)
    if index.get("spec") != spec_d:
        if index.get("items"):
            log.info("cache %s was built for other features; rebuilding", root)
        index = {"spec": spec_d, "items": {}, "failed": {}}
    todo = [it for it in items if index["items"].get(it.clip_id, {}).get("fingerprint") != fingerprint(it)]
    failed: dict[str, str] = {}
    if todo:
        existing = [int(p.stem.split("-")[1]) for p in root.glob("shard-*.bin")]
        writer = _ShardWriter(root, max(existing, default=-1) + 1)
        loader = DataLoader(
            _ExtractOne(todo, spec),
            batch_size=None,
            num_workers=workers,
            worker_init_fn=worker_init if workers else None,
            collate_fn=lambda x: x,
        )
        done = 0
        try:
            for i, ex, err in loader:
                it = todo[i]
                done += 1
                if ex is None:
                    log.warning("skipping %s: %s", it.video, err)
                    failed[it.clip_id] = err
                    index["items"].pop(it.clip_id, None)
                else:
                    arrays = {"frames": ex.frames, **{f"mel/{k}": v for k, v in ex.mels.items()}}
                    shard, meta = writer.write(arrays)
                    index["items"][it.clip_id] = {
                        "shard": shard,
                        "fingerprint": fingerprint(it),
                        "arrays": meta,
                        "failed_tracks": ex.failed_tracks,
                    }
                if on_progress:
                    on_progress(done, len(todo))
        finally:
            writer.close()
        index["failed"] = {**{k: v for k, v in index.get("failed", {}).items() if k not in index["items"]}, **failed}
        write_json(root / INDEX, index)
    return {k: v for k, v in index.get("failed", {}).items() if k in {it.clip_id for it in items}}


def _read_index(root: Path) -> dict[str, Any]:
    p = Path(root) / INDEX
    if not p.exists():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except ValueError:
        log.warning("cache index %s is unreadable; rebuilding", p)
        return {}


class CacheSource(Source):
    """Reads extracted clips from shards (memory-mapped; opened lazily in each worker)."""

    def __init__(self, items: Sequence[ClipItem], root: Path) -> None:
        self.root = Path(root)
        index = _read_index(self.root)
        self.entries = [index.get("items", {}).get(it.clip_id) for it in items]
        self.items = list(items)
        self._maps: dict[str, np.memmap] = {}

    def _array(self, shard: str, meta: list[Any]) -> np.ndarray:
        mm = self._maps.get(shard)
        if mm is None:
            mm = self._maps[shard] = np.memmap(self.root / shard, dtype=np.uint8, mode="r")
        off, dtype, shape = meta
        dt = np.dtype(dtype)
        n = int(np.prod(shape)) * dt.itemsize
        return np.frombuffer(mm[off : off + n], dtype=dt).reshape(shape)

    def get(self, index: int) -> Extracted:
        e = self.entries[index]
        if e is None:
            raise MediaError(self.items[index].video, "not in the cache (failed to decode when it was built)")
        frames = self._array(e["shard"], e["arrays"]["frames"])
        mels = {k[4:]: self._array(e["shard"], m) for k, m in e["arrays"].items() if k.startswith("mel/")}
        return Extracted(frames=frames, mels=mels, failed_tracks=list(e.get("failed_tracks", [])))
