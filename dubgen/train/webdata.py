"""Training data streamed from WebDataset shards (``data.webdataset``), an alternative to pairs.jsonl.

The shards are what ``dubgen export --format webdataset`` writes: per pair the dub audio, the
original audio, the video (or its path) and a JSON record. Each process takes its share of the
shards (rank), each loader worker a share of that (worker): shard order is a seeded
permutation per pass, split ``order[rank::world][worker::workers]``, so nodes and workers never
read the same shard in one pass. Each worker shuffles samples in a seeded buffer and batches
them with distinct clips only (two dubs of one clip in a batch would be false negatives);
batches are collated in the worker and the loader interleaves workers round-robin, so a given
(seed, world, workers) always yields the same batches and a resumed run skips exactly the
batches it had consumed. Held-out clips (``data.val_fraction``, by clip-id hash as for
pairs.jsonl) are left out before decoding.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import numpy as np
from torch.utils.data import IterableDataset

from ..errors import DubgenError, MediaError
from .data import ORIG, AVPairDataset, ClipItem, collate, extract, split_of

MARKER = "dubgen-export.json"


def expand_shards(pattern: str) -> list[Path]:
    """``shards/pairs-{000000..000003}.tar`` -> the four paths; every one must exist."""
    from braceexpand import braceexpand

    paths = [Path(p) for p in braceexpand(pattern)]
    missing = [str(p) for p in paths if not p.is_file()]
    if not paths or missing:
        raise DubgenError(f"data.webdataset {pattern!r}: missing shard(s): {', '.join(missing[:5]) or 'none matched'}")
    return paths


def shards_for(n: int, epoch: int, seed: int, rank: int, world: int, worker: int, workers: int) -> list[int]:
    """Indices of the shards one loader worker of one process reads in pass ``epoch``."""
    order = np.random.default_rng([seed, 7919, epoch]).permutation(n)
    return [int(i) for i in order[rank::world][worker::workers]]


def sample_id(key: str) -> int:
    """A stable integer per pair (seeds its views, like the clip index of the map-style dataset)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:7], "big")


@dataclass(frozen=True)
class ShardInfo:
    """What the export wrote next to the shards (absent for shards from elsewhere: zeros, no languages)."""

    pairs: int = 0
    clips: int = 0
    languages: tuple[str, ...] = ()


def shard_info(shards: Sequence[Path]) -> ShardInfo:
    marker = Path(shards[0]).parent / MARKER
    if not marker.is_file():
        return ShardInfo()
    meta = json.loads(marker.read_text(encoding="utf-8"))
    return ShardInfo(pairs=int(meta.get("pairs", 0)), clips=int(meta.get("clips", 0)),
                     languages=tuple(meta.get("languages", ())))


class DistinctClipBatcher:
    """Batches of ``batch_size`` samples with distinct clip ids, in stream order: a sample whose clip
    is already in the batch waits for the next one (and, at the end of a pass, for the next pass)."""

    def __init__(self, batch_size: int) -> None:
        self.bs = batch_size
        self.waiting: list[dict[str, Any]] = []

    def add(self, sample: dict[str, Any]) -> Optional[list[dict[str, Any]]]:
        self.waiting.append(sample)
        batch: list[dict[str, Any]] = []
        seen: set[str] = set()
        rest: list[dict[str, Any]] = []
        for w in self.waiting:
            if w["clip_id"] not in seen and len(batch) < self.bs:
                batch.append(w)
                seen.add(w["clip_id"])
            else:
                rest.append(w)
        if len(batch) < self.bs:
            return None
        self.waiting = rest
        return batch


class ShardStream(IterableDataset):
    """Collated batches (``DataLoader(batch_size=None)``), endless.

    ``views`` cuts and augments the two views (an :class:`AVPairDataset`; its items are unused).
    ``skip_batches``: batches already consumed (resume), counted over all workers.
    """

    def __init__(self, shards: Sequence[Path], views: AVPairDataset, batch_size: int, seed: int,
                 rank: int = 0, world: int = 1, val_fraction: float = 0.0, split_seed: int = 0,
                 shuffle_buffer: int = 64, skip_batches: int = 0) -> None:
        self.shards = [str(s) for s in shards]
        self.views, self.bs, self.seed = views, batch_size, seed
        self.rank, self.world = rank, world
        self.val_fraction, self.split_seed = val_fraction, split_seed
        self.shuffle_buffer, self.skip_batches = shuffle_buffer, skip_batches

    def check(self, workers: int) -> None:
        """Every (process, worker) needs a shard of its own."""
        if len(self.shards) < self.world * workers:
            raise DubgenError(
                f"{len(self.shards)} shard(s) for {self.world} process(es) x {max(workers, 1)} loader worker(s): "
                "every worker needs one; export with a smaller --shard-size or lower data.workers"
            )

    def _records(self, urls: list[str]) -> Iterator[dict[str, Any]]:
        import webdataset as wds

        ds = wds.WebDataset(urls, shardshuffle=False, nodesplitter=None, workersplitter=None, empty_check=False)
        for raw in ds:
            info = json.loads(raw["json"])
            if self.val_fraction > 0 and split_of(info["clip_id"], self.val_fraction, self.split_seed) != "train":
                continue
            yield {"clip_id": info["clip_id"], "info": info, "raw": raw}

    def _shuffled(self, it: Iterator[dict[str, Any]], rng: np.random.Generator) -> Iterator[dict[str, Any]]:
        buf: list[dict[str, Any]] = []
        for s in it:
            buf.append(s)
            if len(buf) >= self.shuffle_buffer:
                yield buf.pop(int(rng.integers(len(buf))))
        while buf:
            yield buf.pop(int(rng.integers(len(buf))))

    def _sample(self, s: dict[str, Any], epoch: int) -> dict[str, Any]:
        """Decode one pair (members written to a scratch folder) and cut its two views."""
        info, raw = s["info"], s["raw"]
        key = raw["__key__"]
        members = info.get("members", {})
        with tempfile.TemporaryDirectory(prefix="dubgen-wds-") as td:
            def member(name: str) -> str:
                path = Path(td) / members[name]
                path.write_bytes(raw[members[name]])
                return str(path)

            video = member("video") if "video" in members else info["original_video"]
            item = ClipItem(clip_id=info["clip_id"], video=video,
                            tracks={ORIG: member("orig"), info["language"]: member("dub")},
                            source_language=info.get("source_language", ""))
            try:
                ex = extract(item, self.views.spec)
            except (MediaError, OSError, ValueError, KeyError) as e:
                return {"error": f"{key}: {e}", "clip_id": info["clip_id"]}
        return self.views.views(item, ex, [self.seed, epoch, sample_id(key)], sample_id(key))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from torch.utils.data import get_worker_info

        w = get_worker_info()
        worker, workers = (w.id, w.num_workers) if w is not None else (0, 1)
        self.check(workers)
        skip = len(range(worker, self.skip_batches, workers))  # this worker's share of the consumed batches
        batcher = DistinctClipBatcher(self.bs)
        for epoch in count():
            urls = [self.shards[i] for i in shards_for(len(self.shards), epoch, self.seed, self.rank, self.world,
                                                         worker, workers)]
            rng = np.random.default_rng([self.seed, 104729, epoch, self.rank, worker])
            made = 0
            for s in self._shuffled(self._records(urls), rng):
                batch = batcher.add(s)
                if batch is None:
                    continue
                made += 1
                if skip:
                    skip -= 1
                    continue
                yield collate([self._sample(b, epoch) for b in batch])
            if made == 0 and epoch > 0:
                raise DubgenError(
                    f"the shards of process {self.rank}, loader worker {worker} hold fewer than batch_size "
                    f"({self.bs}) distinct training clips: use more shards per worker or a smaller run.batch_size"
                )
