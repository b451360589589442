"""Atomic file writes, hashing and audio file I/O."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

_FICLONE = 0x40049409  # Linux ioctl: share the source's blocks copy-on-write (btrfs, xfs)


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success.

    The temporary file is ``flock``-ed while it is written, so :func:`remove_abandoned_temporaries`
    can tell one left by a killed process from one being written now.
    """
    import fcntl

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs follow the umask like any file
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.close(fd)


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp(\.[^./]*)?")  # what atomic_path names its files


def remove_abandoned_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Delete :func:`atomic_path` temporaries in ``folders`` that no live process is writing."""
    import fcntl

    removed = []
    for folder in folders:
        for p in sorted(Path(folder).glob(".*.tmp*")):
            if not _TEMPORARY.fullmatch(p.name) or p.is_symlink() or not p.is_file():
                continue
            try:
                fd = os.open(p, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being written right now
            else:
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                removed.append(p)
            finally:
                os.close(fd)
    return removed


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(path: Path, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync; a failed write (disk full) is cut back, never left half written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    with open(path, "ab") as f:
        start = f.seek(0, os.SEEK_END)
        try:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            with contextlib.suppress(OSError):
                f.truncate(start)
            raise


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the ``with`` block.

    Locks are per open file: do not nest two ``file_lock`` on one path in one process.
    """
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def copy_file(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` atomically as an independent file (reflink, then copy_file_range).

    Never a hard link: editing the copy in place must not change the source.
    """
    with atomic_path(dst) as tmp:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            if not _reflink(fin.fileno(), fout.fileno()):
                _copy_range(fin, fout)


def _reflink(fd_in: int, fd_out: int) -> bool:
    try:
        import fcntl

        fcntl.ioctl(fd_out, _FICLONE, fd_in)
        return True
    except (ImportError, OSError):
        return False


def _copy_range(fin: Any, fout: Any) -> None:
    size = os.fstat(fin.fileno()).st_size
    done = 0
    if hasattr(os, "copy_file_range"):
        try:
            while done < size:
                n = os.copy_file_range(fin.fileno(), fout.fileno(), size - done)
                if n == 0:
                    break
                done += n
            if done >= size:
                return
        except OSError as e:
            if e.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
                raise
    fin.seek(done)
    fout.seek(done)
    shutil.copyfileobj(fin, fout, 1 << 20)


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
