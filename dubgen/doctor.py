"""``dubgen doctor``: one line per binary and backend, with how to fix what is missing."""

from __future__ import annotations

import dataclasses
import shutil

from .config import Recipe
from .stages import registries
from .stages.base import Check, binary_version

BINARIES = {
    "ffmpeg": ("apt-get install ffmpeg", ["ffmpeg", "-version"]),
    "ffprobe": ("apt-get install ffmpeg", ["ffprobe", "-version"]),
    "rubberband": ("apt-get install rubberband-cli", ["rubberband", "--version"]),
}


def run_checks() -> list[Check]:
    """Check every registered backend; those the default and bundled recipes use are marked required."""
    checks = []
    for name, (fix, argv) in BINARIES.items():
        found = shutil.which(name) is not None
        checks.append(Check("binary", name, found, binary_version(argv) if found else "not found", fix, required=True))
    defaults = Recipe(name="default", language="es")
    bundled = _bundled_recipes()
    for block, reg in registries().items():
        used = {getattr(r, block).backend for r in [defaults, *bundled]}
        for backend in reg.names():
            try:
                c = reg.get(backend).check()
            except Exception as e:  # a broken install must show up here, not crash the doctor
                c = Check(block, backend, False, f"check failed: {type(e).__name__}: {e}")
            checks.append(dataclasses.replace(c, stage=block, backend=backend, required=backend in used))
    return checks


def _bundled_recipes() -> list[Recipe]:
    """The shipped per-language recipes (es, ca, gl): their backends are required too."""
    from .config import bundled_recipe_dir, load_recipe
    from .errors import RecipeError

    out = []
    for lang in ("es", "ca", "gl"):
        try:
            out.append(load_recipe(bundled_recipe_dir() / f"{lang}.yaml"))
        except RecipeError:  # a broken recipe is reported when it is used, not here
            continue
    return out
