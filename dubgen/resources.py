"""Backends built once per process and reused for every clip (models load once per worker)."""

from __future__ import annotations

from typing import Any

from .config import StageBlock
from .models_catalog import resolve as resolve_model
from .registry import registries
from .runtime import Runtime, one_blas_thread


class Resources:
    """One backend instance per (stage, recipe block), all configured with one :class:`Runtime`.

    Talks to backends only through the registry interface: options from the recipe block,
    device and threads from the runtime; nothing here knows any backend. Building one limits
    this process's numpy BLAS to one thread (:func:`~dubgen.runtime.one_blas_thread`), so what
    the backends and QC compute does not depend on how many workers share the machine.
    """

    def __init__(self, device: str = "cpu", threads: int = 0, verify: bool = True) -> None:
        one_blas_thread()
        self.runtime = Runtime(device=device, threads=threads, verify=verify)
        self._backends: dict[tuple[str, str], Any] = {}
        self._registries = registries()

    def backend(self, stage: str, block: StageBlock) -> Any:
        key = (stage, block.model_dump_json())
        if key not in self._backends:
            options = block.kwargs()
            if isinstance(options.get("model"), str):
                options["model"] = resolve_model(options["model"])  # catalog name -> pulled folder
            self._backends[key] = self._registries[stage].build(block.backend, runtime=self.runtime, **options)
        return self._backends[key]

    def params(self, stage: str, block: StageBlock) -> dict[str, Any]:
        """What a stage record and its cache key hold: the block's options and the device used."""
        return {**block.model_dump(), "device": self.backend(stage, block).device}
