"""What the run decides, not the recipe: the device backends compute on and their CPU threads.

Every backend receives one :class:`Runtime` through ``Backend.configure``; a recipe stays the
same on a laptop and on a GPU machine.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional, Sequence

from .errors import BackendUnavailable

#: ``--device`` choices: ``auto`` is CUDA when torch sees a GPU, else the CPU.
DEVICE_CHOICES = ("auto", "cpu", "cuda")
_DEVICE = re.compile(r"auto|cpu|cuda(:\d+)?")


@dataclass(frozen=True)
class Runtime:
    """Run context shared by every backend of a process.

    Attributes:
        device: ``auto``, ``cpu``, ``cuda`` or ``cuda:N`` as requested by the user.
        threads: CPU threads per backend (0 = the library's default).
        verify: check that a CUDA device exists here (off where tasks are only planned for
            workers elsewhere, e.g. a Ray driver without a GPU).
    """

    device: str = "cpu"
    threads: int = 0
    verify: bool = True

    def __post_init__(self) -> None:
        if not _DEVICE.fullmatch(self.device):
            raise ValueError(f"device must be auto, cpu, cuda or cuda:N, got {self.device!r}")
        if self.threads < 0:
            raise ValueError(f"threads must be >= 0, got {self.threads}")

    def device_for(self, supported: Sequence[str]) -> str:
        """The device a backend that runs on ``supported`` kinds ("cpu", "cuda") uses here.

        A backend that cannot use CUDA gets "cpu" whatever was asked (it says so in its doc);
        resolving ``auto`` imports torch only when a CUDA-capable backend asks.
        """
        if self.device == "cpu" or "cuda" not in supported:
            return "cpu"
        return resolve_device(self.device) if self.verify else self.device


@lru_cache(maxsize=None)
def resolve_device(requested: str) -> str:
    """``auto`` → ``cuda`` or ``cpu``; an explicit CUDA device must exist."""
    if requested == "cpu":
        return "cpu"
    available = _cuda_available()
    if requested == "auto":
        return "cuda" if available else "cpu"
    if not available:
        raise BackendUnavailable(
            f"--device {requested}: torch sees no CUDA device (or torch is not installed); use --device cpu or auto"
        )
    return requested


def _cuda_available() -> bool:
    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())


def one_blas_thread() -> Any:
    """Limit numpy's BLAS to one thread in this process (the returned limiter restores it).

    Every process that runs stages or QC does this (:class:`~dubgen.resources.Resources`), so a
    batch is the same whatever its worker count: OpenBLAS's sums depend on its thread count
    (Whisper's log-mel features moved by 1e-7 between one thread and two, and a word end by
    20 ms). Its matrices in the stages are small.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


@lru_cache(maxsize=1)
def _libc_trim() -> Optional[Callable[[int], int]]:
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


def release_free_memory() -> None:
    """Hand memory the process freed back to the system (glibc ``malloc_trim``).

    glibc keeps freed heap pages for reuse; after a stage that allocated much and freed it all
    (Whisper's features, a separated block) they would count toward the process's footprint for
    the rest of the run. Called between stages; a no-op where the C library has no such call.
    """
    trim = _libc_trim()
    if trim is not None:
        trim(0)
