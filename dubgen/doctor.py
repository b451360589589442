"""``dubgen doctor``: one line per binary and backend, with how to fix what is missing."""

from __future__ import annotations

import dataclasses
import shutil

from .config import Recipe
from .executors.ray_executor import check as ray_check
from .stages import registries
from .stages.base import Check, binary_version

BINARIES = {
    "ffmpeg": ("apt-get install ffmpeg", ["ffmpeg", "-version"]),
    "ffprobe": ("apt-get install ffmpeg", ["ffprobe", "-version"]),
    "rubberband": ("apt-get install rubberband-cli", ["rubberband", "--version"]),
}


def run_checks() -> list[Check]:
    """Check every registered backend; those the default recipe uses are marked required."""
    checks = []
    for name, (fix, argv) in BINARIES.items():
        found = shutil.which(name) is not None
        checks.append(Check("binary", name, found, binary_version(argv) if found else "not found", fix, required=True))
    defaults = Recipe(name="default", language="es")
    for block, reg in registries().items():
        default = getattr(defaults, block).backend
        for backend in reg.names():
            try:
                c = reg.get(backend).check()
            except Exception as e:  # a broken install must show up here, not crash the doctor
                c = Check(block, backend, False, f"check failed: {type(e).__name__}: {e}")
            checks.append(dataclasses.replace(c, stage=block, backend=backend, required=backend == default))
    checks.append(ray_check())
    return checks
