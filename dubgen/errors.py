"""Exception types. Every error names the file, stage or field it concerns."""

from __future__ import annotations

import errno


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
