"""Content-addressed stage cache under ``OUT/.cache``.

An entry is a directory ``<stage>/<key>/`` holding ``meta.json`` (backend, version, params,
seconds), ``data.json`` and optional ``.npy`` arrays / ``.wav`` files. It is built in a
temporary directory and renamed into place, so an entry either exists whole or not at all:
a run killed at any point resumes from the last finished stage.

The process building an entry holds an ``flock`` on its temporary directory; a temporary
directory nobody holds was left by a killed run and is removed when the next run starts
(:meth:`StageCache.remove_abandoned`), while another live run's work is left alone.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .io import file_lock, sha256_json
from .manifest import LOCK_FILE

CACHE_DIRNAME = ".cache"


@dataclass
class Entry:
    """A stage result being written or read back."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def array(self, name: str) -> np.ndarray:
        return np.load(self.path / f"{name}.npy", allow_pickle=False)

    def frames(self, name: str) -> int:
        """Length of array ``name`` (its first dimension), read from the header only."""
        return int(np.load(self.path / f"{name}.npy", mmap_mode="r", allow_pickle=False).shape[0])

    def put_array(self, name: str, value: np.ndarray) -> None:
        np.save(self.path / f"{name}.npy", np.ascontiguousarray(value), allow_pickle=False)

    def file(self, name: str) -> Path:
        return self.path / name


class StageCache:
    def __init__(self, out_dir: Path) -> None:
        self.root = Path(out_dir) / CACHE_DIRNAME

    @staticmethod
    def key(stage: str, *parts: Any) -> str:
        """Key = hash of the stage name and everything its result depends on."""
        return sha256_json([stage, *parts])[:24]

    def get(self, stage: str, key: str) -> Entry | None:
        path = self.root / stage / key
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            data = json.loads((path / "data.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        return Entry(path, data, meta)

    def put(self, stage: str, key: str, build: Callable[[Entry], None], meta: dict[str, Any]) -> Entry:
        """Run ``build`` into a fresh temporary entry, then publish it atomically."""
        final = self.root / stage / key
        final.parent.mkdir(parents=True, exist_ok=True)
        # made and locked under the folder's lock, so remove_abandoned never sees it unheld
        with file_lock(self.root.parent / LOCK_FILE):
            tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=final.parent))
            held = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(held, fcntl.LOCK_EX)
        try:
            entry = Entry(tmp, {}, dict(meta))
            build(entry)
            (tmp / "data.json").write_text(json.dumps(entry.data, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            (tmp / "meta.json").write_text(json.dumps(entry.meta, sort_keys=True), encoding="utf-8")
            if final.exists():  # a previous, interrupted publish left a complete twin
                shutil.rmtree(final)
            os.replace(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
            os.close(held)
        return Entry(final, entry.data, entry.meta)

    def remove_abandoned(self) -> list[Path]:
        """Delete temporary entries no live process is building; call with the folder's lock held."""
        removed = []
        for tmp in sorted(self.root.glob("*/.*")):
            if not tmp.is_dir() or tmp.is_symlink():
                continue
            try:
                fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
            except FileNotFoundError:
                continue  # published a moment ago
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being built right now
            else:
                shutil.rmtree(tmp, ignore_errors=True)
                removed.append(tmp)
            finally:
                os.close(fd)
        return removed
