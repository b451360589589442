"""``dubgen merge OUT... --out OUT``: join the output folders of sharded runs (see
:mod:`dubgen.shard`): one pairs line per (clip, recipe), failures merged."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import DubgenError
from .io import copy_file, sha256_file, write_text
from .manifest import FailureRecord, PairRecord, lock, pair_key, read_failures, read_pairs, rebase, repair_tail

@dataclass
class MergeResult:
    pairs: int = 0  # pair lines in the merged manifest
    added: int = 0  # pairs brought over from the sources
    duplicates: int = 0  # pairs found identical in two folders
    conflicts: list[str] = field(default_factory=list)
    failures: int = 0

    @property
    def ok(self) -> bool:
        return not self.conflicts


def merge(sources: Sequence[Path], out: Path) -> MergeResult:
    """Join the shard folders ``sources`` into ``out`` (which may already hold pairs).

    Clip folders are copied; a (clip, recipe) present twice is kept once when both records and
    their files are identical, else the first is kept and the clash reported. Failures are merged;
    those resolved by a pair of another folder are dropped. The manifests are rewritten
    atomically under ``out``'s lock.
    """
    from .runner import FAILURES_FILE, PAIRS_FILE, ManifestWriter, _identity, prepare_out

    out = prepare_out(out)
    srcs = []
    for s in sources:
        s = Path(os.path.abspath(s))
        if not (s / PAIRS_FILE).exists() and not (s / FAILURES_FILE).exists():
            raise DubgenError(f"merge: {s} has no {PAIRS_FILE} or {FAILURES_FILE}: not a dubgen output folder")
        if s != out and s not in srcs:
            srcs.append(s)
    result = MergeResult()
    with lock(out):
        repair_tail(out / PAIRS_FILE)
        repair_tail(out / FAILURES_FILE)
        pairs: dict[tuple[str, str], PairRecord] = {pair_key(r): r for r in read_pairs(out / PAIRS_FILE)}
        failures: list[FailureRecord] = read_failures(out / FAILURES_FILE)
        for src in srcs:
            for rec in read_pairs(src / PAIRS_FILE):
                rec = rebase(rec, src, out)
                key = pair_key(rec)
                clash = _copy_pair_files(rec, src, out, dry=key in pairs)
                if key not in pairs:
                    pairs[key] = rec
                    result.added += 1
                elif _identity(pairs[key]) != _identity(rec):
                    clash.insert(0, "records differ")
                elif not clash:
                    result.duplicates += 1
                if clash:
                    result.conflicts.append(f"{key[0]} / {key[1]}: {src} differs from the copy merged first "
                                            f"({'; '.join(clash)}); kept the first")
            failures += read_failures(src / FAILURES_FILE)
        write_text(out / PAIRS_FILE, "".join(r.model_dump_json() + "\n" for r in pairs.values()))
        if failures or (out / FAILURES_FILE).exists():
            write_text(out / FAILURES_FILE, "".join(f.model_dump_json() + "\n" for f in failures))
    ManifestWriter(out).compact(set())  # failures resolved by a merged pair are dropped, duplicates joined
    result.pairs = len(list(read_pairs(out / PAIRS_FILE)))
    result.failures = len(read_failures(out / FAILURES_FILE))
    return result


def _copy_pair_files(rec: PairRecord, src: Path, out: Path, dry: bool) -> list[str]:
    """Copy the files of one pair (its clip's shared files and its recipe folder) into ``out``.

    A file already in ``out`` is left alone; returns the names whose bytes differ. ``dry``: copy
    nothing new (the pair itself is not taken), only compare.
    """
    clip = src / rec.clip_id
    files = [p for p in clip.iterdir() if not p.is_dir() or p.is_symlink()] if clip.is_dir() else []
    if (clip / rec.recipe).is_dir():
        files += sorted(p for p in (clip / rec.recipe).rglob("*") if not p.is_dir() or p.is_symlink())
    differ = []
    for p in sorted(files):
        if p.name.startswith("."):
            continue  # temporaries of an interrupted write
        rel = p.relative_to(src)
        dst = out / rel
        if dst.exists() or dst.is_symlink():
            if not _same(p, dst):
                differ.append(str(rel))
        elif not dry:
            _copy(p, dst)
    return differ


def _same(a: Path, b: Path) -> bool:
    if a.is_symlink() or b.is_symlink():
        return a.is_symlink() and b.is_symlink() and os.readlink(a) == os.readlink(b)
    return a.stat().st_size == b.stat().st_size and sha256_file(a) == sha256_file(b)


def _copy(src: Path, dst: Path) -> None:
    if src.is_symlink():  # the link a non-UTF-8 file name is recorded through
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(os.readlink(src), tmp)
        os.replace(tmp, dst)
    else:
        copy_file(src, dst)
