"""The interface every executor implements."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Protocol

from ..config import Recipe
from ..manifest import FailureRecord, PairRecord
from ..pipeline import Hook

Collect = Callable[[Path, list[PairRecord], list[FailureRecord]], None]


@dataclass(frozen=True)
class Job:
    """One batch: the files to dub (already sharded), where, with which recipes."""

    files: tuple[Path, ...]
    out: Path  # absolute, checked by the runner
    recipes: tuple[Recipe, ...]
    seed: Optional[int] = None
    device: str = "cpu"
    audio_track: Optional[int] = None  # None: each file's default track


class Executor(Protocol):
    def run(self, job: Job, hook: Optional[Hook], collect: Collect) -> None:
        """Dub every file of ``job``; call ``collect`` once per file as it finishes.

        Raises :class:`dubgen.errors.OutputError` when the output folder cannot take files.
        """


def lost_clip(path: Path, error: BaseException) -> FailureRecord:
    """The failure of a clip whose worker died (after any retries)."""
    return FailureRecord(input=os.path.abspath(path), clip_id=Path(path).stem, stage="worker",
                         error=f"{type(error).__name__}: {error}")
