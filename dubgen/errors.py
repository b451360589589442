"""Exception types. Every error names the file, stage or field it concerns."""

from __future__ import annotations


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
