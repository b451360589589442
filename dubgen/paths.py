"""Where dubgen and the libraries it drives keep files on this machine (no imports from dubgen)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Where dubgen keeps assembled model files (``$DUBGEN_CACHE`` or ~/.cache/dubgen)."""
    return Path(os.environ.get("DUBGEN_CACHE") or Path.home() / ".cache" / "dubgen")


def whisper_cache_dir() -> Path:
    """openai-whisper's own download folder: ``$XDG_CACHE_HOME/whisper`` or ``~/.cache/whisper``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "whisper"
