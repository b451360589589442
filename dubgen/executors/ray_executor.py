"""The Ray executor: clips run in Ray actors, on this machine or on an existing Ray cluster.

Each actor (:class:`ClipWorker`) holds one :class:`~dubgen.pipeline.Resources`, so a model
loads once per actor, and dubs one clip at a time (``ClipPipeline.run``). A task lost with its
worker (a killed process, a lost node) is retried on the restarted actor; its outputs are
idempotent: the stage cache is content-addressed and written atomically, so the retry reuses
every stage that finished before the loss. Stage events stream back to the driver through a
Ray queue, so progress and the summary are the same as local.

Outputs reach OUT in one of two ways (``results``):

- ``shared`` (default): every node sees OUT at the same path (NFS, Lustre, a bind mount) and
  the actors write clip folders and the stage cache there; the driver writes the manifests.
- ``driver``: each actor dubs into a node-local staging folder (``$TMPDIR/dubgen-ray-<hash of
  OUT>``, which keeps that node's stage cache) and returns the clip folder's files with the
  records; the driver writes them into OUT.

Either way the inputs must be readable at the same path on every node.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import logging
import os
import shutil
import socket
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..cache import StageCache
from ..config import Recipe
from ..errors import DubgenError, OutputError
from ..io import atomic_path
from ..manifest import FailureRecord, PairRecord, lock, rebase
from ..pipeline import ClipPipeline, Hook
from ..resources import Resources
from ..stages.base import Check
from .base import Collect, Job, lost_clip

RAY_INSTALL = "pip install 'dubgen[ray]' (or: pip install ray)"
# A local instance started for one batch: no dashboard, a modest object store (clips are small)
LOCAL_INIT: dict[str, Any] = {"include_dashboard": False, "object_store_memory": 256 << 20,
                              "logging_level": logging.WARNING}
# (relative path, file bytes or None, link target or None)
OutputFile = tuple[str, Optional[bytes], Optional[str]]


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise DubgenError(f"--executor ray needs Ray, which is not installed: {RAY_INSTALL}") from None
    return ray


def check() -> Check:
    """The ``dubgen doctor`` line of the Ray executor (optional: the local executor needs nothing)."""
    try:
        found = importlib.util.find_spec("ray") is not None
    except ValueError:
        found = False
    detail = f"ray {importlib.metadata.version('ray')}" if found else "ray not installed"
    return Check("executor", "ray", found, detail, RAY_INSTALL)


def staging_dir(out: str) -> Path:
    """This node's staging folder for the outputs of ``out`` (``results='driver'``)."""
    digest = hashlib.sha256(os.fsencode(out)).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"dubgen-ray-{digest}"


class ClipWorker:
    """A Ray actor: one set of loaded backends, one clip at a time."""

    def __init__(self, device: str, threads: int, stage_locally: bool, out: str) -> None:
        self.resources = Resources(device=device, threads=threads)
        self.staging = staging_dir(out) if stage_locally else None
        if self.staging is not None:
            self.staging.mkdir(parents=True, exist_ok=True)
            with lock(self.staging):
                StageCache(self.staging).remove_abandoned()

    def pid(self) -> int:
        return os.getpid()

    def run(self, path: str, recipes: list[Recipe], out: str, seed: Optional[int], events: Any,
            audio_track: Optional[int] = None) -> tuple[list[PairRecord], list[FailureRecord], list[OutputFile]]:
        """Dub one clip; its stage events go to the ``events`` queue as they happen."""
        where = self.staging or Path(out)
        pipe = ClipPipeline(where, self.resources, hook=events.put, seed=seed, audio_track=audio_track)
        pairs, failures = pipe.run(Path(path), recipes)
        if self.staging is None:
            return pairs, failures, []
        files: list[OutputFile] = []
        for clip_id in sorted({p.clip_id for p in pairs} | {f.clip_id for f in failures}):
            files += _take_folder(self.staging, clip_id) if any(p.clip_id == clip_id for p in pairs) else []
            shutil.rmtree(self.staging / clip_id, ignore_errors=True)
        return [rebase(p, self.staging, Path(out)) for p in pairs], failures, files


def _take_folder(root: Path, clip_id: str) -> list[OutputFile]:
    files: list[OutputFile] = []
    for p in sorted((root / clip_id).rglob("*")):
        if p.name.startswith("."):
            continue  # temporaries
        rel = str(p.relative_to(root))
        if p.is_symlink():
            files.append((rel, None, os.readlink(p)))
        elif p.is_file():
            files.append((rel, p.read_bytes(), None))
    return files


def write_outputs(out: Path, files: list[OutputFile]) -> None:
    """Write files returned by a worker into ``out``, each atomically."""
    for rel, data, link in files:
        dst = out / rel
        if os.path.isabs(rel) or ".." in Path(rel).parts:
            raise DubgenError(f"a Ray worker returned {rel!r}, which is not inside {out}")
        if link is not None:
            dst.parent.mkdir(parents=True, exist_ok=True)
            tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(link, tmp)
            os.replace(tmp, dst)
        else:
            with atomic_path(dst) as tmp:
                tmp.write_bytes(data or b"")


@dataclass(frozen=True)
class RayExecutor:
    """Clips on Ray actors; ``address`` None starts a local Ray instance for the batch and stops it.

    ``workers``: actors (0 = one per CPU of the cluster); ``retries``: restarts of a lost actor
    and retries of its task; ``init``: ``ray.init`` keywords for a local instance.
    """

    workers: int = 0
    address: Optional[str] = None
    results: str = "shared"
    retries: int = 3
    init: dict[str, Any] = field(default_factory=dict)

    def run(self, job: Job, hook: Optional[Hook], collect: Collect) -> None:
        if self.results not in ("shared", "driver"):
            raise DubgenError(f"--ray-results {self.results!r}: choose shared or driver")
        ray = import_ray()
        started = not ray.is_initialized()
        if started:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: no usage report
            if self.address:
                _reachable(self.address)
                try:
                    ray.init(address=self.address, logging_level=logging.WARNING)
                except (ConnectionError, RuntimeError, ValueError) as e:
                    raise DubgenError(f"--ray-address {self.address}: no Ray cluster to join there "
                                      f"({str(e).splitlines()[0] if str(e) else type(e).__name__})") from None
            else:
                ray.init(**{**LOCAL_INIT, **self.init})
        try:
            self._run(ray, job, hook, collect)
        finally:
            if started:
                ray.shutdown()  # stops a local instance; leaves a cluster running

    def _run(self, ray: Any, job: Job, hook: Optional[Hook], collect: Collect) -> None:
        from ray.exceptions import RayActorError, RayTaskError
        from ray.util.queue import Queue

        if not job.files:
            return
        total = ray.cluster_resources()
        cpus = max(1, int(total.get("CPU", 1)))
        # no more actors than the cluster can place at once: a task sent to an actor that waits for
        # room would wait for the whole batch
        n = max(1, min(self.workers or cpus, cpus, len(job.files)))
        options: dict[str, Any] = {"num_cpus": 1, "max_restarts": self.retries, "max_task_retries": self.retries}
        if job.device and job.device.startswith("cuda"):
            gpus = int(total.get("GPU", 0))
            if gpus < 1:
                raise DubgenError("--device cuda: the Ray cluster has no GPU (ray status shows its resources)")
            options["num_gpus"] = 1
            n = min(n, gpus)
        events = Queue(actor_options={"num_cpus": 0})
        actor_cls = ray.remote(ClipWorker).options(**options)
        actors = [actor_cls.remote(job.device, max(1, cpus // n), self.results == "driver", str(job.out))
                  for _ in range(n)]
        todo = deque(job.files)
        running: dict[Any, tuple[Any, Path]] = {}

        def submit(actor: Any) -> None:
            path = todo.popleft()
            running[actor.run.remote(str(path), list(job.recipes), str(job.out), job.seed, events, job.audio_track)] = (actor, path)

        try:
            for actor in actors:
                if todo:
                    submit(actor)
            while running:
                done, _ = ray.wait(list(running), num_returns=1, timeout=0.1)
                _drain(events, hook)  # a finished task's events are all queued: they come before its records
                for ref in done:
                    actor, path = running.pop(ref)
                    try:
                        pairs, failures, files = ray.get(ref)
                    except RayTaskError as e:
                        if isinstance(e.cause, OutputError):
                            raise e.cause from None
                        pairs, failures, files = [], [lost_clip(path, e.cause or e)], []
                    except RayActorError as e:  # the actor is gone for good (retries spent)
                        pairs, failures, files, actor = [], [lost_clip(path, e)], [], None
                    write_outputs(job.out, files)
                    collect(path, pairs, failures)
                    if todo and actor is not None:
                        submit(actor)
            for path in todo:  # every actor was lost
                collect(path, [], [lost_clip(path, DubgenError("no Ray worker left to run this clip"))])
        finally:
            for actor in actors:
                ray.kill(actor)
            ray.kill(events.actor)


def _reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a HOST:PORT nobody listens on (Ray itself would wait for it indefinitely)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "://" in address:
        return  # "auto", or a ray:// client address: Ray resolves those itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as e:
        raise DubgenError(f"--ray-address {address}: no Ray cluster to join there ({e.strerror or e})") from None


def _drain(events: Any, hook: Optional[Hook]) -> None:
    n = events.qsize()
    if n:
        for ev in events.get_nowait_batch(n):
            if hook is not None:
                hook(ev)
