"""What every exporter shares: pair selection, pair keys, the registry, atomic outputs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict

from ..errors import DubgenError
from ..manifest import PairRecord, read_pairs, resolve
from ..registry import Registry

PAIRS_FILE = "pairs.jsonl"
MARKER = "dubgen-export.json"  # written into every exported folder; only such folders are replaced
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def pair_key(clip_id: str, recipe: str) -> str:
    """A file-name-safe id of the pair (clip_id, recipe): letters, digits, '_' and '-' only (no dots:
    WebDataset splits a member name at its first dot). A short hash keeps sanitised ids unique."""
    raw = f"{clip_id}__{recipe}"
    safe = _SAFE.sub("-", raw)
    return safe if safe == raw else f"{safe[:80]}-{hashlib.sha256(raw.encode()).hexdigest()[:10]}"


@dataclass(frozen=True)
class ExportPair:
    """One pair of the output folder ``root``; file fields resolved against it."""

    record: PairRecord
    root: Path

    @property
    def key(self) -> str:
        return pair_key(self.record.clip_id, self.record.recipe)

    def path(self, name: str) -> Path:
        """Absolute path of a PairRecord path field (``dubbed_audio``, ``source_audio``, ...)."""
        rel = getattr(self.record, name)
        if not rel:
            raise DubgenError(f"pair {self.record.clip_id}/{self.record.recipe}: no {name} in the manifest")
        return resolve(self.root, rel)

    def file(self, name: str) -> Path:
        """Like :meth:`path`, but the file must exist and not be empty."""
        p = self.path(name)
        if not p.is_file() or p.stat().st_size == 0:
            raise DubgenError(f"pair {self.record.clip_id}/{self.record.recipe}: {name} {p} is missing or empty")
        return p

    def texts(self) -> tuple[str, str]:
        """(source text, dub text) of the whole pair, phrases joined by spaces."""
        segs = self.record.segments
        return " ".join(s.source_text for s in segs), " ".join(s.text for s in segs)


@dataclass
class Selection:
    pairs: list[ExportPair]
    skipped: dict[str, int] = field(default_factory=lambda: {"failed_qc": 0, "no_qc": 0})

    def left_out(self) -> str:
        """``" (left out: 1 failed qc, 2 no qc)"``, or "" when nothing was."""
        left = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in self.skipped.items() if v)
        return f" (left out: {left})" if left else ""


def select_pairs(out: Path, strict: bool) -> Selection:
    """Pairs of ``out/pairs.jsonl`` (one per (clip_id, recipe)); ``strict`` leaves out pairs that
    failed QC or were never checked."""
    out = Path(out).resolve()
    manifest = out / PAIRS_FILE
    if not manifest.is_file():
        raise DubgenError(f"{manifest}: no pair manifest (run `dubgen dub INPUT --out {out}` first)")
    sel = Selection(pairs=[])
    for rec in read_pairs(manifest):
        if strict and rec.qc is None:
            sel.skipped["no_qc"] += 1
        elif strict and not rec.qc.get("pass"):
            sel.skipped["failed_qc"] += 1
        else:
            sel.pairs.append(ExportPair(rec, out))
    sel.pairs.sort(key=lambda p: (p.record.clip_id, p.record.recipe))
    return sel


def qc_fields(rec: PairRecord) -> dict[str, Any]:
    """QC figures of a pair: pass (None = never checked), reasons, and the numeric metrics."""
    qc = rec.qc or {}
    metrics = {
        k: float(v) for k, v in (qc.get("metrics") or {}).items()
        if isinstance(v, (int, float)) and not isinstance(v, str)
    }
    return {"qc_pass": qc.get("pass"), "qc_reasons": list(qc.get("reasons") or []), "qc_metrics": metrics}


EXTRA_FIX = "pip install -e '.[export]'"


class Exporter:
    """One export format. Subclasses declare ``Options`` and implement :meth:`write`."""

    name = ""
    library = ""  # the package the format needs ("" = none)
    allows_empty = False  # may the export hold no pair at all

    @classmethod
    def check(cls) -> Any:
        """The ``dubgen doctor`` line: is the format's library importable, which version."""
        import importlib.metadata
        import importlib.util

        from ..stages.base import Check

        if not cls.library:
            return Check("export", cls.name, True, "built in")
        if importlib.util.find_spec(cls.library) is None:
            return Check("export", cls.name, False, f"{cls.library} not installed", EXTRA_FIX)
        return Check("export", cls.name, True, f"{cls.library} {importlib.metadata.version(cls.library)}")

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    def __init__(self, **options: Any) -> None:
        self.options = self.Options(**options)

    def write(self, pairs: list[ExportPair], output: Path) -> None:  # pragma: no cover - interface
        raise NotImplementedError


EXPORTERS: Registry[Exporter] = Registry("export")


@contextlib.contextmanager
def atomic_dir(output: Path, meta: dict[str, Any]) -> Iterator[Path]:
    """Yield a fresh folder beside ``output``; on success ``meta`` (filled in by the caller) is
    written to its ``MARKER`` file and the folder replaces ``output``.

    An existing ``output`` is replaced only when it is an earlier export (it holds ``MARKER``)."""
    output = Path(output).resolve()
    if output.exists() and not (output.is_dir() and (output / MARKER).is_file()):
        raise DubgenError(f"{output} exists and is not a dubgen export: choose another --output or remove it")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the export is an ordinary folder
    try:
        yield tmp
        (tmp / MARKER).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        old = None
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".old", dir=output.parent))
            os.replace(output, old / "x")
        os.replace(tmp, output)
        if old is not None:
            shutil.rmtree(old)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def need(module: str, fmt: str) -> Any:
    """Import an export library, or say how to get it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise DubgenError(
            f"export --format {fmt} needs the {module!r} package ({e}); install the export extra: {EXTRA_FIX}"
        ) from None
