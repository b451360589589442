"""The local executor: clips in this process (one worker) or in a pool of worker processes."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..config import Recipe
from ..errors import OutputError
from ..manifest import FailureRecord, PairRecord
from ..pipeline import ClipPipeline, Hook, StageEvent
from ..resources import Resources
from .base import Collect, Job, lost_clip

# One Resources per worker process: models load once per worker, not once per clip.
_WORKER_RESOURCES: Optional[Resources] = None
_WORKER_EVENTS: Optional["queue.Queue[StageEvent]"] = None
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class LocalExecutor:
    workers: int = 1

    def run(self, job: Job, hook: Optional[Hook], collect: Collect) -> None:
        if self.workers <= 1:
            pipe = ClipPipeline(job.out, Resources(device=job.device), hook=hook, seed=job.seed, audio_track=job.audio_track)
            for path in job.files:
                collect(path, *pipe.run(path, list(job.recipes)))
            return
        threads = max(1, (os.cpu_count() or 2) // self.workers)
        ctx = mp.get_context("spawn")
        events = ctx.Queue()  # a plain queue: no manager process to outlive a killed batch
        with ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(job.device, threads, events, os.getpid())) as pool:
            futures: dict[Future, Path] = {
                pool.submit(_run_in_worker, str(p), list(job.recipes), str(job.out), job.seed, job.audio_track): p
                for p in job.files
            }
            pending = set(futures)
            while pending:
                drain(events, hook, timeout=0.1)
                for fut in [f for f in pending if f.done()]:
                    pending.discard(fut)
                    try:
                        pairs, failures = fut.result()
                    except OutputError:
                        raise
                    except Exception as e:  # a worker died: record the clip, keep the batch going
                        pairs, failures = [], [lost_clip(futures[fut], e)]
                    collect(futures[fut], pairs, failures)
            drain(events, hook, timeout=0.0)
        events.close()
        events.join_thread()


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
    from threadpoolctl import threadpool_limits

    _exit_with_parent(parent)
    os.environ.setdefault("OMP_NUM_THREADS", str(max(threads, 1)))
    # the thread pools loaded before this ran (unpickling this function imported the pipeline) no
    # longer read the variable above: limit them directly, or N workers spin 2N threads (Resources
    # then keeps numpy's BLAS at one)
    threadpool_limits(max(threads, 1))
    _WORKER_RESOURCES = Resources(device=device, threads=threads)
    _WORKER_EVENTS = events


def _run_in_worker(path: str, recipes: list[Recipe], out: str, seed: Optional[int],
                   audio_track: Optional[int] = None) -> tuple[list[PairRecord], list[FailureRecord]]:
    assert _WORKER_RESOURCES is not None  # set by the pool initializer
    events = _WORKER_EVENTS
    pipe = ClipPipeline(Path(out), _WORKER_RESOURCES, hook=events.put if events is not None else None, seed=seed,
                        audio_track=audio_track)
    return pipe.run(Path(path), recipes)


def drain(events: "queue.Queue[StageEvent]", hook: Optional[Hook], timeout: float) -> None:
    """Pass the queued events to ``hook`` (waiting up to ``timeout`` for the first)."""
    try:
        ev = events.get(timeout=timeout) if timeout else events.get_nowait()
        while True:
            if hook is not None:
                hook(ev)
            ev = events.get_nowait()
    except queue.Empty:
        pass
