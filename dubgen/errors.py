"""Exception types. Every error names the file, stage or field it concerns."""

from __future__ import annotations

import errno
import os
from typing import Optional


class DubgenError(Exception):
    """Base class for every error dubgen raises on purpose."""


class MediaError(DubgenError):
    """An input file cannot be used (missing, empty, unreadable, no audio, silent)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RecipeError(DubgenError):
    """A recipe file is invalid; the message names the file and the field."""


class BackendUnavailable(DubgenError):
    """A backend's binary, package or model is missing; the message says how to get it."""


class StageError(DubgenError):
    """A stage failed on one clip."""

    def __init__(self, stage: str, clip_id: str, reason: str) -> None:
        super().__init__(f"[{stage}] {clip_id}: {reason}")
        self.stage = stage
        self.clip_id = clip_id
        self.reason = reason


# errno values that mean the output folder itself cannot take files: every clip would fail alike
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


class OutputError(DubgenError):
    """The output folder cannot take outputs (not a folder, read-only, full); names it and why."""

    def __init__(self, out: object, reason: str) -> None:
        super().__init__(f"{out}: {reason}")
        self.out = str(out)
        self.reason = reason

    def __reduce__(self) -> tuple:  # raised in a worker process, re-raised in the batch process
        return (type(self), (self.out, self.reason))


def output_fault(e: Optional[BaseException], out: object) -> Optional[OutputError]:
    """An :class:`OutputError` for a full or read-only file system anywhere in ``e``'s chain, else None.

    It names the file the system named when that lies outside ``out`` (a full /tmp), else ``out``.
    """
    seen: set[int] = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in OUTPUT_ERRNOS:
            name = os.path.abspath(os.fsdecode(e.filename)) if isinstance(e.filename, (str, bytes)) else ""
            inside = not name or os.path.commonpath([name, os.path.abspath(str(out))]) == os.path.abspath(str(out))
            return OutputError(out if inside else name, os.strerror(e.errno))
        e = e.__cause__ or e.__context__
    return None
