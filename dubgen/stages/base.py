"""What every stage backend shares: recipe options, the run context, a version for cache keys
and a health check for ``doctor``."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..runtime import Runtime
from ..tools import binary_version, package_version, require_binary

__all__ = ["Backend", "BackendOptions", "Check", "binary_version", "module_check", "package_version", "require_binary"]


@dataclass(frozen=True)
class Check:
    """One line of ``dubgen doctor``."""

    stage: str
    backend: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = False  # needed by the default recipes


class BackendOptions(BaseModel):
    """Base of every backend's ``Options``: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Backend:
    """Base of every stage backend.

    Subclasses set ``stage`` and ``backend``, declare every recipe option they take in a nested
    ``Options`` model (the only place its default and range live), and load heavy libraries
    lazily so that importing dubgen stays fast. ``DEVICES`` lists what they can compute on: a
    backend without "cuda" runs on the CPU whatever ``--device`` says.
    """

    stage: ClassVar[str] = ""
    backend: ClassVar[str] = ""
    DEVICES: ClassVar[tuple[str, ...]] = ("cpu",)
    runtime: Runtime = Runtime()  # until configure(): the CPU, library thread defaults

    Options: ClassVar[type[BaseModel]] = BackendOptions

    def __init__(self, **options: Any) -> None:
        self.options = self.Options(**options)

    def configure(self, runtime: Runtime) -> None:
        """Take the run context (before anything is loaded): device and CPU threads."""
        self.runtime = runtime

    @property
    def device(self) -> str:
        """The device this backend computes on: the run's device if it can use it, else "cpu"."""
        return self.runtime.device_for(self.DEVICES)

    @device.setter
    def device(self, value: str) -> None:
        raise AttributeError(
            f"{self.stage} backend {self.backend!r}: the device comes from the run (--device), not from an option; "
            "list the devices the backend can use in DEVICES and read self.device"
        )

    def version(self) -> str:
        """Version string that enters the cache key: change it and cached results are redone."""
        return "1"

    @classmethod
    def check(cls) -> Check:
        return Check(cls.stage, cls.backend, True, "built in")


def module_check(stage: str, backend: str, module: str, dist: str, fix: str) -> Check:
    """Doctor line for a backend that needs one importable package."""
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a dotted name whose parent package is missing
        found = False
    if not found:
        return Check(stage, backend, False, f"python package '{dist}' not installed", fix)
    return Check(stage, backend, True, f"{dist} {package_version(dist) or '?'}")
