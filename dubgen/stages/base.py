"""What every stage backend shares: a version for cache keys and a health check for ``doctor``."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
from dataclasses import dataclass
from typing import ClassVar, Optional, Sequence

from ..errors import BackendUnavailable


@dataclass(frozen=True)
class Check:
    """One line of ``dubgen doctor``."""

    stage: str
    backend: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = False  # needed by the default recipes


class Backend:
    """Base of every stage backend.

    Subclasses set ``stage`` and ``backend``, take their recipe options as constructor
    kwargs, and load heavy libraries lazily so that importing dubgen stays fast.
    """

    stage: ClassVar[str] = ""
    backend: ClassVar[str] = ""

    def version(self) -> str:
        """Version string that enters the cache key: change it and cached results are redone."""
        return "1"

    @classmethod
    def check(cls) -> Check:
        return Check(cls.stage, cls.backend, True, "built in")


def package_version(dist: str) -> Optional[str]:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def require_binary(name: str, fix: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackendUnavailable(f"'{name}' not found on PATH; {fix}")
    return path


def binary_version(argv: Sequence[str]) -> str:
    """First line a binary prints for its version flag (argv list, never a shell)."""
    try:
        out = subprocess.run(list(argv), capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0].strip() if text else "unknown"


def module_check(stage: str, backend: str, module: str, dist: str, fix: str) -> Check:
    """Doctor line for a backend that needs one importable package."""
    import importlib.util

    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a dotted name whose parent package is missing
        found = False
    if not found:
        return Check(stage, backend, False, f"python package '{dist}' not installed", fix)
    return Check(stage, backend, True, f"{dist} {package_version(dist) or '?'}")
