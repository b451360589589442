"""Batch runner: many inputs, optional worker processes, manifest and failure records."""

from __future__ import annotations

import ctypes
import errno
import json
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from .cache import StageCache
from .config import Recipe
from .errors import OutputError, output_fault
from .io import remove_abandoned_temporaries, write_text
from .manifest import (FailureRecord, PairRecord, lock, pair_key, parse_line, path_text, read_failures,
                       repair_tail, write_record)
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
_PR_SET_PDEATHSIG = 1


def _exit_with_parent(parent: int) -> None:
    """End this worker when the batch process dies, even by ``kill -9``.

    Linux delivers SIGKILL on the parent's death (``PR_SET_PDEATHSIG``); elsewhere, and as a
    second guard, a thread watches the parent id and exits once the worker is orphaned.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="dubgen-parent-watch", daemon=True).start()


def _init_worker(device: str, threads: int, events: "queue.Queue[StageEvent]", parent: int) -> None:
    global _WORKER_RESOURCES, _WORKER_EVENTS
    _exit_with_parent(parent)
    os.environ.setdefault("OMP_NUM_THREADS", str(max(threads, 1)))
    _WORKER_RESOURCES = Resources(device=device, threads=threads)
    _WORKER_EVENTS = events


def _run_in_worker(path: str, recipes: list[Recipe], out: str, seed: Optional[int],
                   audio_track: Optional[int] = None) -> tuple[list[PairRecord], list[FailureRecord]]:
    assert _WORKER_RESOURCES is not None  # set by the pool initializer
    events = _WORKER_EVENTS
    pipe = ClipPipeline(Path(out), _WORKER_RESOURCES, hook=events.put if events is not None else None, seed=seed,
                        audio_track=audio_track)
    return pipe.run(Path(path), recipes)


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
) -> BatchResult:
    """Dub every input with every recipe into ``out``; bad inputs are recorded, never fatal.

    Raises :class:`OutputError` when ``out`` cannot take outputs (not a folder, read-only,
    no space): every clip would fail the same way. ``audio_track``: the input audio stream to dub
    (0-based); None takes each file's default track.
    ``device`` (auto, cpu, cuda, cuda:N) is where the backends that can use CUDA compute.
    """
    if device.startswith("cuda"):
        resolve_device(device)  # no GPU: one clear error before any work
    out = prepare_out(out)
    try:
        return _dub(inputs, out, recipes, workers, seed, device, hook, on_clip, audio_track)
    except OSError as e:
        fault = output_fault(e, out)
        if fault is not None:
            raise fault from None
        raise


def _dub(inputs: Sequence[Path], out: Path, recipes: Sequence[Recipe], workers: int, seed: Optional[int],
         device: str, hook: Optional[Hook],
         on_clip: Optional[Callable[[Path, list[PairRecord], list[FailureRecord]], None]],
         audio_track: Optional[int] = None) -> BatchResult:
    files = find_videos([Path(p) for p in inputs])
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

    if workers <= 1:
        res = Resources(device=device)
        pipe = ClipPipeline(out, res, hook=hook, seed=seed, audio_track=audio_track)
        for path in files:
            collect(path, *pipe.run(path, list(recipes)))
    else:
        threads = max(1, (os.cpu_count() or 2) // workers)
        ctx = mp.get_context("spawn")
        events = ctx.Queue()  # a plain queue: no manager process to outlive a killed batch
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(device, threads, events, os.getpid())) as pool:
            futures: dict[Future, Path] = {
                pool.submit(_run_in_worker, str(p), list(recipes), str(out), seed, audio_track): p for p in files
            }
            pending = set(futures)
            while pending:
                _drain(events, hook, timeout=0.1)
                for fut in [f for f in pending if f.done()]:
                    pending.discard(fut)
                    try:
                        pairs, failures = fut.result()
                    except OutputError:
                        raise
                    except Exception as e:  # a worker died: record the clip, keep the batch going
                        pairs, failures = [], [FailureRecord(input=os.path.abspath(futures[fut]), clip_id=futures[fut].stem,
                                                             stage="worker", error=f"{type(e).__name__}: {e}")]
                    collect(futures[fut], pairs, failures)
            _drain(events, hook, timeout=0.0)
        events.close()
        events.join_thread()
    writer.compact(passed)
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
