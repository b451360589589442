"""A catalog entry and where a pulled model lives (what both the catalog and the fetcher use)."""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..errors import DubgenError

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


def models_dir(override: Optional[Path | str] = None) -> Path:
    """Where pulled models live: ``override``, ``$DUBGEN_MODELS`` or ``<dubgen cache>/models``."""
    if override:
        return Path(override).expanduser()
    if os.environ.get("DUBGEN_MODELS"):
        return Path(os.environ["DUBGEN_MODELS"]).expanduser()
    from ..paths import cache_dir

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
