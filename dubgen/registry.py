"""Named registries of classes with declared options; one per pipeline stage, and others
(export formats).

Stage modules create their registry (``ASR = StageRegistry("asr", default="faster-whisper")``)
and register backend classes into it. A backend class declares its recipe options as a nested
pydantic model ``Options`` and takes them as ``__init__(self, **options)``; the run context
(device, threads) arrives separately through ``configure(runtime)``.

This module imports no stage: :func:`registries` imports :data:`BACKEND_PACKAGE` by name on
first use, so that low-level modules (the recipe schema) can look up backends lazily.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Generic, Optional, TypeVar

from pydantic import BaseModel

from .errors import RecipeError
from .runtime import Runtime

T = TypeVar("T")

#: Importing this package registers every built-in backend.
BACKEND_PACKAGE = "dubgen.stages"

# Stage name -> registry, in the order the stages run (filled as stage modules create them).
_REGISTRIES: dict[str, "StageRegistry[Any]"] = {}


class Registry(Generic[T]):
    """Maps names to classes that declare their options (a nested pydantic ``Options``) and take
    them as ``__init__(**options)``; errors list the valid choices."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self._items: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def deco(cls: Callable[..., T]) -> Callable[..., T]:
            if name in self._items:
                raise ValueError(f"{self.stage} backend {name!r} registered twice")
            options = getattr(cls, "Options", None)
            if not (isinstance(options, type) and issubclass(options, BaseModel)):
                raise TypeError(f"{self.stage} backend {name!r}: {cls!r} needs a nested pydantic `Options` model")
            if "backend" in options.model_fields:
                raise TypeError(f"{self.stage} backend {name!r}: 'backend' is reserved, not an option")
            self._items[name] = cls
            return cls

        return deco

    def names(self) -> list[str]:
        return sorted(self._items)

    def get(self, name: str) -> Callable[..., T]:
        try:
            return self._items[name]
        except KeyError:
            raise RecipeError(
                f"unknown {self.stage} backend {name!r}; choose one of: {', '.join(self.names())}"
            ) from None

    def options(self, name: str) -> type[BaseModel]:
        """The recipe options model of backend ``name``."""
        return self.get(name).Options  # type: ignore[attr-defined]

    def build(self, name: str, /, **options: Any) -> T:
        return self.get(name)(**options)


class StageRegistry(Registry[T]):
    """The backends of one pipeline stage (``dubgen.stages.base.Backend`` subclasses)."""

    def __init__(self, stage: str, default: Optional[str] = None) -> None:
        if stage in _REGISTRIES:
            raise ValueError(f"a registry for stage {stage!r} exists already")
        super().__init__(stage)
        self.default = default  # the backend a recipe gets when its block names none (None: it must name one)
        _REGISTRIES[stage] = self

    def build(self, name: str, /, runtime: Optional[Runtime] = None, **options: Any) -> T:
        """Construct backend ``name`` from its recipe options and configure it for ``runtime`` (default: CPU)."""
        backend = super().build(name, **options)
        backend.configure(runtime or Runtime())  # type: ignore[attr-defined]
        return backend


def registries() -> dict[str, StageRegistry[Any]]:
    """Stage name -> registry of every stage with backends (registers the built-in ones)."""
    importlib.import_module(BACKEND_PACKAGE)
    return dict(_REGISTRIES)


def registry(stage: str) -> StageRegistry[Any]:
    try:
        return registries()[stage]
    except KeyError:
        raise RecipeError(f"no stage {stage!r} has backends; known: {', '.join(_REGISTRIES)}") from None
