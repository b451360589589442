"""Where the clips of a batch run: ``local`` (this machine) or ``ray`` (a Ray cluster).

Every executor takes the same :class:`Job`, streams the pipeline's ``StageEvent``s to the
batch's hook and hands each finished clip's records to ``collect``; the runner keeps the
manifests, so outputs and progress are the same whichever runs the clips.
"""

from __future__ import annotations

from typing import Optional

from .base import Collect, Executor, Job
from .local import LocalExecutor

EXECUTORS = ("local", "ray")
RAY_RESULTS = ("shared", "driver")

__all__ = ["Collect", "EXECUTORS", "Executor", "Job", "LocalExecutor", "RAY_RESULTS", "make_executor"]


def make_executor(name: str, workers: Optional[int] = None, ray_address: Optional[str] = None,
                  ray_results: str = "shared") -> Executor:
    """The executor called ``name``; ``workers``: processes (local, default 1) or actors (ray, default one per CPU)."""
    from ..errors import DubgenError

    if name == "local":
        if ray_address is not None or ray_results != "shared":
            raise DubgenError("--ray-address and --ray-results need --executor ray")
        return LocalExecutor(workers=workers or 1)
    if name == "ray":
        from .ray_executor import RayExecutor

        return RayExecutor(workers=workers or 0, address=ray_address, results=ray_results)
    raise DubgenError(f"unknown executor {name!r}: choose one of {', '.join(EXECUTORS)}")
