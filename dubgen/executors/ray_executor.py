"""The Ray executor: one Ray task per (clip, step), on this machine or on an existing Ray cluster.

The driver probes each clip on a worker, plans its tasks (:func:`dubgen.graph.plan`: the same
keys as the local executor, so the same bytes) and sends every task whose inputs are done to an
idle :class:`StepWorker` actor. An actor holds one :class:`~dubgen.resources.Resources`, so a
model loads once per actor, and the driver prefers an actor that already ran a step for that
step's next task (its model is loaded there). With ``--device cuda`` the actors ask Ray for a
GPU each (``num_gpus``). A task lost with its worker (a killed process, a lost node) is retried
on the restarted actor; its outputs are idempotent: each step's result is content-addressed and
written atomically, so the retry redoes only that step. Stage events stream back through a Ray
queue, so progress and the summary are the same as local.

Outputs reach OUT in one of two ways (``results``):

- ``shared`` (default): every node sees OUT at the same path (NFS, Lustre, a bind mount); any
  actor runs any task, reading and writing the stage cache there; the driver writes the manifests.
- ``driver``: no shared file system. A clip's tasks stay on the node that probed it, whose actors
  dub into a node-local staging folder (``$TMPDIR/dubgen-ray-<hash of OUT>``, which keeps that
  node's stage cache); once the clip is done, its folder's files come back with the records and
  the driver writes them into OUT.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..cache import StageCache
from ..config import Recipe
from ..errors import DubgenError, OutputError
from ..io import atomic_path
from ..manifest import FailureRecord, PairRecord, lock, rebase
from ..graph import Clip, Task
from ..pipeline import TASK_ERRORS, ClipPipeline, ClipRun, Hook, probe_failure
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


class StepWorker:
    """A Ray actor: one set of loaded backends; probes clips and runs their tasks, one at a time."""

    def __init__(self, device: str, threads: int, stage_locally: bool, out: str, seed: Optional[int],
                 audio_track: Optional[int], events: Any) -> None:
        self.staging = staging_dir(out) if stage_locally else None
        if self.staging is not None:
            self.staging.mkdir(parents=True, exist_ok=True)
            with lock(self.staging):
                StageCache(self.staging).remove_abandoned()
        self.pipe = ClipPipeline(self.staging or Path(out), Resources(device=device, threads=threads), hook=events.put,
                                 seed=seed, audio_track=audio_track)

    def pid(self) -> int:
        return os.getpid()

    def node(self) -> str:
        import ray

        return ray.get_runtime_context().get_node_id()

    def probe(self, path: str, recipes: list[Recipe]) -> Clip | FailureRecord:
        try:
            return self.pipe.probe(Path(path), recipes)
        except TASK_ERRORS as e:
            return probe_failure(Path(path), e, self.pipe.out)

    def execute(self, clip: Clip, recipes: list[Recipe], task: Task, log: list[Any]) -> Any:
        """One task of ``clip`` (see :meth:`ClipPipeline.execute`); its stage events go to the queue as
        they happen. A failure comes back as a :class:`TaskFailed` (a full OUT is raised)."""
        try:
            return self.pipe.execute(clip, recipes, task, log)
        except OutputError:
            raise
        except TASK_ERRORS as e:
            return TaskFailed(str(e), getattr(e, "stage", None))

    def take(self, clip_id: str, pairs: list[PairRecord], out: str) -> tuple[list[OutputFile], list[PairRecord]]:
        """The staged files of a finished clip (``results='driver'``), removed from this node, and its
        pairs with their paths made relative to ``out``."""
        assert self.staging is not None
        files = _take_folder(self.staging, clip_id) if (self.staging / clip_id).is_dir() else []
        shutil.rmtree(self.staging / clip_id, ignore_errors=True)
        return files, [rebase(p, self.staging, Path(out)) for p in pairs]


class TaskFailed(Exception):
    """A task's failure as it crosses to the driver (the original exception may not pickle)."""

    def __init__(self, message: str, stage: Optional[str] = None) -> None:
        super().__init__(message, stage)
        self.message, self.stage = message, stage

    def __str__(self) -> str:
        return self.message


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
        from ray.util.queue import Queue

        if not job.files:
            return
        total = ray.cluster_resources()
        cpus = max(1, int(total.get("CPU", 1)))
        # no more actors than the cluster can place at once: a task sent to an actor that waits for
        # room would wait for the whole batch
        n = max(1, min(self.workers or cpus, cpus))
        options: dict[str, Any] = {"num_cpus": 1, "max_restarts": self.retries, "max_task_retries": self.retries}
        n_gpu = 0
        if job.device == "auto":  # the workers', not the driver's: a GPU where the cluster has one
            job = replace(job, device="cuda" if total.get("GPU", 0) >= 1 else "cpu")
        if job.device.startswith("cuda"):
            n_gpu = min(n, int(total.get("GPU", 0)))
            if n_gpu < 1:
                raise DubgenError("--device cuda: the Ray cluster has no GPU (ray status shows its resources)")
        events = Queue(actor_options={"num_cpus": 0})
        worker = ray.remote(StepWorker)
        args = (job.device, max(1, cpus // n), self.results == "driver", str(job.out), job.seed, job.audio_track, events)
        # the steps whose backends run on the GPU go to the actors holding one (num_gpus=1); the rest
        # (extraction, loudness, the remix, CPU backends) to any actor
        gpu_actors = [worker.options(**options, num_gpus=1).remote(*args) for _ in range(n_gpu)]
        actors = gpu_actors + [worker.options(**options).remote(*args) for _ in range(n - n_gpu)]
        try:
            _Batch(ray, job, hook, collect, list(actors), events, self.results == "driver", set(gpu_actors)).run()
        finally:
            for actor in actors:
                ray.kill(actor)
            ray.kill(events.actor)


@dataclass
class _Batch:
    """The driver's side of a batch: which clip and task runs where, and what came back."""

    ray: Any
    job: Job
    hook: Optional[Hook]
    collect: Collect
    actors: list[Any]
    events: Any
    pinned: bool  # results='driver': a clip's tasks stay on the node that probed it
    gpu_actors: set[Any] = field(default_factory=set)  # the actors holding a GPU: the only ones for GPU tasks
    todo: deque = field(default_factory=deque)
    clips: dict[Path, Optional[ClipRun]] = field(default_factory=dict)  # started clips (None: being probed)
    running: dict[Any, tuple[Any, Path, Optional[Task]]] = field(default_factory=dict)  # ref -> (actor, clip, task)
    ran: dict[Any, set[str]] = field(default_factory=dict)  # actor -> steps it ran (their models are loaded)
    nodes: dict[Any, str] = field(default_factory=dict)  # actor -> node id
    home: dict[Path, str] = field(default_factory=dict)  # clip -> node id (pinned)
    planner: Optional[ClipPipeline] = None

    def run(self) -> None:
        from ray.exceptions import RayActorError, RayTaskError

        ray, job = self.ray, self.job
        self.todo.extend(job.files)
        self.nodes = dict(zip(self.actors, ray.get([a.node.remote() for a in self.actors])))
        self.ran = {a: set() for a in self.actors}
        # keys are planned here for the workers' devices (this driver may have no GPU)
        self.planner = ClipPipeline(job.out, Resources(device=job.device, verify=False), seed=job.seed,
                                    audio_track=job.audio_track)
        idle = list(self.actors)
        while True:
            self._dispatch(idle)
            if not self.running:
                break
            done, _ = ray.wait(list(self.running), num_returns=1, timeout=0.1)
            _drain(self.events, self.hook)  # a finished task's events are all queued: they come before its result
            for ref in done:
                actor, path, task = self.running.pop(ref)
                try:
                    result: Any = ray.get(ref)
                except RayTaskError as e:
                    if isinstance(e.cause, OutputError):
                        raise e.cause from None
                    result = e.cause or e
                except RayActorError as e:  # the actor is gone for good (retries spent)
                    result = e
                    self.actors.remove(actor)
                if actor in self.actors:
                    idle.append(actor)
                self._settle(actor, path, task, result)
        lost = DubgenError("no Ray worker left to run this clip")
        for path in [*self.clips, *self.todo]:  # only when every actor was lost
            self.collect(path, [], [lost_clip(path, lost)])

    def _dispatch(self, idle: list[Any]) -> None:
        """Give every idle actor work: a ready task of a started clip (one whose step it ran
        before, if any), else the probe of the next clip."""
        for actor in list(idle):
            task_of = self._pick(actor)
            if task_of is not None:
                path, task = task_of
                state = self.clips[path]
                assert state is not None
                state.start(task)
                ref = actor.execute.remote(state.plan.clip, list(self.job.recipes), task, state.log(task))
                self.ran[actor].add(task.step)
            elif self.todo:
                path = self.todo.popleft()
                self.clips[path] = None
                ref = actor.probe.remote(str(path), list(self.job.recipes))
                task = None
            else:
                continue
            idle.remove(actor)
            self.running[ref] = (actor, path, task)

    def _pick(self, actor: Any) -> Optional[tuple[Path, Task]]:
        ready = [(path, t) for path, state in self.clips.items() if state is not None
                 and (not self.pinned or self.home[path] == self.nodes[actor]) for t in state.ready()
                 if not t.gpu or actor in self.gpu_actors]
        return next(((p, t) for p, t in ready if t.step in self.ran[actor]), ready[0] if ready else None)

    def _settle(self, actor: Any, path: Path, task: Optional[Task], result: Any) -> None:
        if task is None:  # a probe
            if isinstance(result, Clip):
                self.clips[path] = ClipRun(path, self.planner.plan(result, list(self.job.recipes)), list(self.job.recipes))
                self.home[path] = self.nodes[actor]
            else:
                del self.clips[path]
                failure = result if isinstance(result, FailureRecord) else lost_clip(path, result)
                self.collect(path, [], [failure])
                return
        else:
            state = self.clips[path]
            assert state is not None
            if isinstance(result, BaseException):
                state.fail(task, result)
            else:
                state.finish(task, result)
        state = self.clips[path]
        assert state is not None
        if state.settled:
            del self.clips[path]
            pairs, failures = state.outcome()
            if self.pinned:
                node = self.home.pop(path)
                host = next((a for a in self.actors if self.nodes[a] == node), None)
                if host is None:
                    pairs, failures = [], [lost_clip(path, DubgenError("the node that dubbed this clip is gone"))]
                else:
                    files, pairs = self.ray.get(host.take.remote(state.plan.clip.clip_id, pairs, str(self.job.out)))
                    write_outputs(self.job.out, files)
            self.collect(path, pairs, failures)


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
