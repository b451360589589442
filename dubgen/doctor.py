"""``dubgen doctor``: one line per binary and backend, with how to fix what is missing."""

from __future__ import annotations

import dataclasses
import shutil

from .config import Recipe
from .executors.ray_executor import check as ray_check
from .stages import registries
from .stages.base import Check
from .runtime import resolve_device
from .tools import binary_version

BINARIES = {
    "ffmpeg": ("apt-get install ffmpeg", ["ffmpeg", "-version"]),
    "ffprobe": ("apt-get install ffmpeg", ["ffprobe", "-version"]),
    "rubberband": ("apt-get install rubberband-cli", ["rubberband", "--version"]),
}


def _default_recipe() -> Recipe:
    """The bundled es recipe (what the demo runs); the built-in defaults if it cannot be read."""
    from .config import bundled_recipe_dir, load_recipe
    from .errors import RecipeError

    try:
        return load_recipe(bundled_recipe_dir() / "es.yaml")
    except RecipeError:
        return Recipe(name="default", language="es")


def run_checks() -> list[Check]:
    """Check every registered backend; those the default recipe uses are marked required."""
    checks = []
    for name, (fix, argv) in BINARIES.items():
        found = shutil.which(name) is not None
        checks.append(Check("binary", name, found, binary_version(argv) if found else "not found", fix, required=True))
    auto = resolve_device("auto")
    checks.append(Check("runtime", "device", True, f"--device auto runs on {auto}"
                        + ("" if auto != "cpu" else " (torch sees no CUDA device)")))
    defaults = _default_recipe()
    for block, reg in registries().items():
        default = getattr(defaults, block).backend
        for backend in reg.names():
            try:
                c = reg.get(backend).check()
            except Exception as e:  # a broken install must show up here, not crash the doctor
                c = Check(block, backend, False, f"check failed: {type(e).__name__}: {e}")
            checks.append(dataclasses.replace(c, stage=block, backend=backend, required=backend == default))
    from .export import EXPORTERS

    checks += [EXPORTERS.get(name).check() for name in EXPORTERS.names()]
    checks.append(Check("asr", "whisperx", False, "not a backend: whisperx pins torch~=2.8, which cannot share dubgen's "
                        "torch; its method (wav2vec2 CTC forced alignment) is the align backend `ctc`",
                        "use `align: {backend: ctc, model: wav2vec2-base-960h-en}` after any ASR backend"))
    checks.append(_models_check())
    checks.append(ray_check())
    return checks


def _models_check() -> Check:
    """How many catalog models are here, and where pulled ones go."""
    from .models_catalog import catalog, is_present, models_dir

    entries = catalog()
    here = [e.name for e in entries if is_present(e)]
    return Check("models", "catalog", True, f"{len(here)} of {len(entries)} catalog models present; pulled into "
                 f"{models_dir()} ($DUBGEN_MODELS); `dubgen models list`")
