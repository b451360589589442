"""Converted model weights, cached once under the models cache and verified on every load.

A converter turns a third-party checkpoint into plain named float arrays; they are stored as an
``.npz`` (no pickles: loaded with ``allow_pickle=False``) whose name carries the sha256 of the
source files and of the converter version, so a different checkpoint or converter never reads a
stale file. A sidecar ``.sha256`` holds the digest of the npz itself, checked on load.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from .errors import BackendUnavailable
from .io import atomic_path, sha256_file


def source_digest(files: Sequence[Path], converter: str) -> str:
    """sha256 over the converter version and every source file's own sha256 (16 hex chars)."""
    h = hashlib.sha256(converter.encode())
    for f in files:
        h.update(sha256_file(Path(f)).encode())
    return h.hexdigest()[:16]


def cached_arrays(
    name: str, files: Sequence[Path], converter: str, convert: Callable[[], Mapping[str, np.ndarray]]
) -> tuple[dict[str, np.ndarray], str]:
    """Arrays converted from ``files`` once (``convert()``), then read from the cache.

    Returns:
        ``(arrays, digest)``; the digest names the source + converter (for cache keys).

    Raises:
        BackendUnavailable: a cached file fails its checksum (it is not used).
    """
    digest = source_digest(files, converter)
    from .models_catalog import models_dir  # $DUBGEN_MODELS or <dubgen cache>/models

    path = models_dir() / f"{name}-{digest}.npz"
    check = path.with_suffix(".npz.sha256")
    if not (path.exists() and check.exists()):
        arrays = {k: np.ascontiguousarray(v) for k, v in convert().items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as f:
                np.savez(f, **arrays)
        with atomic_path(check) as tmp:
            tmp.write_text(sha256_file(path) + "\n")
    if sha256_file(path) != check.read_text().strip():
        raise BackendUnavailable(f"{path}: checksum mismatch; delete it and {check.name} to convert again")
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}, digest
