"""Atomic file writes, hashing and audio file I/O."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

import numpy as np


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(path: Path, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync, so a crash never leaves half a record."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line.rstrip("\n") + "\n")
        f.flush()
        os.fsync(f.fileno())


def write_wav(path: Path, audio: np.ndarray, sr: int, subtype: str = "FLOAT") -> None:
    """Write (samples,) or (samples, channels) audio atomically, 32-bit float or ``PCM_16``.

    scipy writes only the fmt and data chunks; libsndfile adds a PEAK chunk holding the
    wall-clock time, which would make identical audio differ in bytes between runs.
    """
    from scipy.io import wavfile

    with atomic_path(path) as tmp:
        audio = np.asarray(audio, dtype=np.float32)
        if subtype == "PCM_16":
            audio = np.round(np.clip(audio, -1.0, 32767 / 32768) * 32768).astype(np.int16)
        elif subtype != "FLOAT":
            raise ValueError(f"write_wav: unsupported subtype {subtype!r} (FLOAT or PCM_16)")
        wavfile.write(str(tmp), int(sr), np.ascontiguousarray(audio))


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    import soundfile as sf

    audio, sr = sf.read(str(path), dtype="float32", always_2d=False)
    return audio, int(sr)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def sha256_json(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()
