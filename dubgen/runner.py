"""Batch runner: many inputs, one executor (local processes or Ray), manifest and failure records."""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .cache import StageCache
from .config import Recipe
from .errors import OutputError, output_fault
from .executors import Executor, Job, LocalExecutor
from .io import remove_abandoned_temporaries, write_text
from .manifest import (FailureRecord, PairRecord, lock, pair_key, parse_line, path_text, read_failures,
                       repair_tail, write_record)
from .media import find_videos
from .shard import Shard, select
from .pipeline import Hook
from .runtime import resolve_device

PAIRS_FILE = "pairs.jsonl"
FAILURES_FILE = "failures.jsonl"


@dataclass
class BatchResult:
    pairs: list[PairRecord] = field(default_factory=list)
    failures: list[FailureRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class ManifestWriter:
    """Appends pair/failure lines as clips finish; a finished pair is never written twice.

    Every write holds the output folder's lock and first reads what other processes appended
    since (so a pair finished elsewhere is neither lost nor written again).
    """

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.pairs_path = self.out / PAIRS_FILE
        self.failures_path = self.out / FAILURES_FILE
        self.done: dict[tuple[str, str], str] = {}
        self._seen: tuple[int, int] = (-1, 0)  # (inode, bytes) of pairs.jsonl already read
        with lock(self.out):
            repair_tail(self.pairs_path)
            repair_tail(self.failures_path)
            self._sync()

    def _sync(self) -> None:
        """Read the pair lines appended since the last look (lock held, file repaired)."""
        try:
            st = os.stat(self.pairs_path)
        except FileNotFoundError:
            self.done.clear()
            self._seen = (-1, 0)
            return
        ino, pos = self._seen
        if st.st_ino != ino or st.st_size < pos:  # rewritten by a compaction: read it all again
            self.done.clear()
            pos = 0
        with open(self.pairs_path, "rb") as f:
            f.seek(pos)
            chunk = f.read()
        end = chunk.rfind(b"\n") + 1
        for raw in chunk[:end].split(b"\n"):
            if raw.strip():
                rec = parse_line(self.pairs_path, 0, raw, PairRecord)
                self.done[pair_key(rec)] = _identity(rec)
        self._seen = (st.st_ino, pos + end)

    def add(self, pairs: Sequence[PairRecord], failures: Sequence[FailureRecord]) -> None:
        with lock(self.out):
            if pairs:
                repair_tail(self.pairs_path)
                self._sync()
            for rec in pairs:
                key, ident = pair_key(rec), _identity(rec)
                if self.done.get(key) != ident:
                    write_record(self.pairs_path, rec)
                    self.done[key] = ident
            if failures:
                repair_tail(self.failures_path)
            for f in failures:
                write_record(self.failures_path, f)

    def compact(self, passed: set[str]) -> None:
        """Rewrite both files atomically: the latest pair per (clip, recipe), failures not since resolved.

        ``passed``: inputs (as recorded) that this run got past probing and extraction.
        """
        with lock(self.out):
            repair_tail(self.pairs_path)
            repair_tail(self.failures_path)
            latest: dict[tuple[str, str], tuple[str, str]] = {}  # key -> (line, language)
            if self.pairs_path.exists():
                for lineno, raw in enumerate(self.pairs_path.read_bytes().split(b"\n"), 1):
                    if raw.strip():
                        rec = parse_line(self.pairs_path, lineno, raw, PairRecord)
                        latest[pair_key(rec)] = (raw.decode("utf-8"), rec.language)  # the latest line wins
                write_text(self.pairs_path, "".join(line + "\n" for line, _ in latest.values()))
            keys = set(latest)
            clips = {k[0] for k in keys}
            languages = {(k[0], lang) for k, (_, lang) in latest.items()}

            def resolved(f: FailureRecord) -> bool:
                if f.recipe:
                    return (f.clip_id, f.recipe) in keys
                if f.language:  # written before failures named their recipe
                    return (f.clip_id, f.language) in languages
                return f.clip_id in clips or f.input in passed

            unique: dict[tuple[str, str, str], FailureRecord] = {}
            for f in read_failures(self.failures_path):
                if not resolved(f):
                    key = (f.input, f.recipe, f.language)
                    unique.pop(key, None)
                    unique[key] = f  # the latest failure of an input and recipe replaces older ones
            if unique or self.failures_path.exists():
                write_text(self.failures_path, "".join(f.model_dump_json() + "\n" for f in unique.values()))


def _identity(rec: PairRecord) -> str:
    """A pair's content, ignoring run-dependent stage timings and cache flags.

    Compared after a JSON round trip, as the file holds it (NaN becomes null there).
    """
    rec = PairRecord.model_validate_json(rec.model_dump_json())
    rec = rec.model_copy(update={"stages": tuple(s.model_copy(update={"seconds": 0.0, "cached": False}) for s in rec.stages)})
    return json.dumps(rec.model_dump(mode="json"), sort_keys=True)


def prepare_out(out: Path) -> Path:
    """Create ``out`` (absolute) and check it can take outputs; else one error naming it and why."""
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise OutputError(out, "exists and is not a folder")
    blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(out, f"cannot create it: {blocker} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(out, f"cannot create it ({e.strerror or e})") from None
    with lock(out):  # creating the lock file proves OUT takes files
        pass
    st = os.statvfs(out)
    if st.f_bavail == 0:
        raise OutputError(out, f"{os.strerror(errno.ENOSPC)} (0 bytes free)")
    return out


def dub(
    inputs: Sequence[Path],
    out: Path,
    recipes: Sequence[Recipe],
    workers: int = 1,
    seed: Optional[int] = None,
    device: str = "cpu",
    hook: Optional[Hook] = None,
    on_clip: Optional[Callable[[Path, list[PairRecord], list[FailureRecord]], None]] = None,
    audio_track: Optional[int] = None,
    executor: Optional[Executor] = None,
    shard: Optional[Shard] = None,
) -> BatchResult:
    """Dub every input with every recipe into ``out``; bad inputs are recorded, never fatal.

    ``executor`` runs the clips (default: :class:`LocalExecutor` with ``workers`` processes);
    ``shard`` keeps only that shard's clips (see :mod:`dubgen.merge`).

    Raises :class:`OutputError` when ``out`` cannot take outputs (not a folder, read-only,
    no space): every clip would fail the same way. ``audio_track``: the input audio stream to dub
    (0-based); None takes each file's default track.
    ``device`` (auto, cpu, cuda, cuda:N) is where the backends that can use CUDA compute.
    """
    if device.startswith("cuda"):
        resolve_device(device)  # no GPU: one clear error before any work
    out = prepare_out(out)
    try:
        return _dub(inputs, out, recipes, executor or LocalExecutor(workers), shard, seed, device, hook, on_clip,
                    audio_track)
    except OSError as e:
        fault = output_fault(e, out)
        if fault is not None:
            raise fault from None
        raise


def _dub(inputs: Sequence[Path], out: Path, recipes: Sequence[Recipe], executor: Executor, shard: Optional[Shard],
         seed: Optional[int], device: str, hook: Optional[Hook],
         on_clip: Optional[Callable[[Path, list[PairRecord], list[FailureRecord]], None]],
         audio_track: Optional[int] = None) -> BatchResult:
    files = select(find_videos([Path(p) for p in inputs]), shard)
    with lock(out):  # what a killed run left half built; a live run's work holds flocks and stays
        StageCache(out).remove_abandoned()
        clips = [d for d in out.iterdir() if d.is_dir() and not d.name.startswith(".")]
        remove_abandoned_temporaries([out, *clips, *(r for d in clips for r in d.iterdir() if r.is_dir())])
    writer = ManifestWriter(out)
    result = BatchResult()
    passed: set[str] = set()

    def collect(path: Path, pairs: list[PairRecord], failures: list[FailureRecord]) -> None:
        writer.add(pairs, failures)
        result.pairs.extend(pairs)
        result.failures.extend(failures)
        if pairs or any(f.recipe for f in failures):
            passed.add(path_text(os.path.abspath(path)))
        if on_clip is not None:
            on_clip(path, pairs, failures)

    executor.run(Job(tuple(files), out, tuple(recipes), seed, device, audio_track), hook, collect)
    writer.compact(passed)
    return result

