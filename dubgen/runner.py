"""Batch runner: many inputs, optional worker processes, manifest and failure records."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .config import Recipe
from .io import write_text
from .manifest import FailureRecord, PairRecord, read_failures, write_record
from .media import find_videos
from .pipeline import ClipPipeline, Hook, StageEvent
from .resources import Resources
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


# One Resources per worker process: models load once per worker, not once per clip.
_WORKER_RESOURCES: Optional[Resources] = None
_WORKER_EVENTS: Optional["queue.Queue[StageEvent]"] = None


def _init_worker(device: str, threads: int, events: "queue.Queue[StageEvent]") -> None:
    global _WORKER_RESOURCES, _WORKER_EVENTS
    os.environ.setdefault("OMP_NUM_THREADS", str(max(threads, 1)))
    _WORKER_RESOURCES = Resources(device=device, threads=threads)
    _WORKER_EVENTS = events


def _run_in_worker(path: str, recipes: list[Recipe], out: str, seed: Optional[int]) -> tuple[list[PairRecord], list[FailureRecord]]:
    assert _WORKER_RESOURCES is not None  # set by the pool initializer
    events = _WORKER_EVENTS
    pipe = ClipPipeline(Path(out), _WORKER_RESOURCES, hook=events.put if events is not None else None, seed=seed)
    return pipe.run(Path(path), recipes)


class ManifestWriter:
    """Appends pair/failure lines as clips finish; a finished pair is never written twice."""

    def __init__(self, out: Path) -> None:
        self.pairs_path = Path(out) / PAIRS_FILE
        self.failures_path = Path(out) / FAILURES_FILE
        self.done: dict[tuple[str, str], str] = {}
        if self.pairs_path.exists():
            for line in self.pairs_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = PairRecord.model_validate_json(line)
                    self.done[(rec.clip_id, rec.recipe)] = _identity(rec)
        self.failures = read_failures(self.failures_path)

    def add(self, pairs: Sequence[PairRecord], failures: Sequence[FailureRecord]) -> None:
        for rec in pairs:
            key = (rec.clip_id, rec.recipe)
            if self.done.get(key) != _identity(rec):
                write_record(self.pairs_path, rec)
                self.done[key] = _identity(rec)
        for f in failures:
            write_record(self.failures_path, f)
            self.failures.append(f)

    def compact(self, result: BatchResult) -> None:
        """Rewrite both files atomically: the latest pair per key, failures still unresolved."""
        if self.pairs_path.exists():
            latest: dict[tuple[str, str], str] = {}
            for line in self.pairs_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = PairRecord.model_validate_json(line)
                    latest[(rec.clip_id, rec.recipe)] = line
            write_text(self.pairs_path, "".join(v + "\n" for v in latest.values()))
        succeeded = {(p.clip_id, p.language) for p in result.pairs}
        keep = [f for f in self.failures if (f.clip_id, f.language) not in succeeded]
        unique = {(f.input, f.language, f.stage, f.error): f for f in keep}
        if unique or self.failures_path.exists():
            write_text(self.failures_path, "".join(f.model_dump_json() + "\n" for f in unique.values()))


def _identity(rec: PairRecord) -> str:
    """A pair's content, ignoring run-dependent stage timings and cache flags.

    Compared after a JSON round trip, as the file holds it (NaN becomes null there).
    """
    rec = PairRecord.model_validate_json(rec.model_dump_json())
    rec = rec.model_copy(update={"stages": tuple(s.model_copy(update={"seconds": 0.0, "cached": False}) for s in rec.stages)})
    return json.dumps(rec.model_dump(mode="json"), sort_keys=True)


def dub(
    inputs: Sequence[Path],
    out: Path,
    recipes: Sequence[Recipe],
    workers: int = 1,
    seed: Optional[int] = None,
    device: str = "cpu",
    hook: Optional[Hook] = None,
    on_clip: Optional[Callable[[Path, list[PairRecord], list[FailureRecord]], None]] = None,
) -> BatchResult:
    """Dub every input with every recipe into ``out``; bad inputs are recorded, never fatal.

    ``device`` (auto, cpu, cuda, cuda:N) is where the backends that can use CUDA compute.
    """
    if device.startswith("cuda"):
        resolve_device(device)  # no GPU: one clear error before any work
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    files = find_videos([Path(p) for p in inputs])
    writer = ManifestWriter(out)
    result = BatchResult()

    def collect(path: Path, pairs: list[PairRecord], failures: list[FailureRecord]) -> None:
        writer.add(pairs, failures)
        result.pairs.extend(pairs)
        result.failures.extend(failures)
        if on_clip is not None:
            on_clip(path, pairs, failures)

    if workers <= 1:
        res = Resources(device=device)
        pipe = ClipPipeline(out, res, hook=hook, seed=seed)
        for path in files:
            collect(path, *pipe.run(path, list(recipes)))
    else:
        threads = max(1, (os.cpu_count() or 2) // workers)
        ctx = mp.get_context("spawn")
        with mp.Manager() as manager:
            events = manager.Queue()
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                     initargs=(device, threads, events)) as pool:
                futures: dict[Future, Path] = {
                    pool.submit(_run_in_worker, str(p), list(recipes), str(out), seed): p for p in files
                }
                pending = set(futures)
                while pending:
                    _drain(events, hook, timeout=0.1)
                    for fut in [f for f in pending if f.done()]:
                        pending.discard(fut)
                        try:
                            pairs, failures = fut.result()
                        except Exception as e:  # a worker died: record the clip, keep the batch going
                            pairs, failures = [], [FailureRecord(input=str(futures[fut]), clip_id=futures[fut].stem,
                                                                 stage="worker", error=f"{type(e).__name__}: {e}")]
                        collect(futures[fut], pairs, failures)
                _drain(events, hook, timeout=0.0)
    writer.compact(result)
    return result


def _drain(events: "queue.Queue[StageEvent]", hook: Optional[Hook], timeout: float) -> None:
    try:
        ev = events.get(timeout=timeout) if timeout else events.get_nowait()
        while True:
            if hook is not None:
                hook(ev)
            ev = events.get_nowait()
    except queue.Empty:
        pass
