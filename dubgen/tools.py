"""External tools and packages: find a binary, read a version (argument lists only, never a shell)."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
from typing import Optional, Sequence

from .errors import BackendUnavailable


def package_version(dist: str) -> Optional[str]:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def require_binary(name: str, fix: str) -> str:
    """Absolute path of ``name`` on PATH; missing → ``BackendUnavailable`` saying how to get it."""
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
