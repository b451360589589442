"""``dubgen models``: the catalog, and ``pull`` against a local HTTP server that the test starts
(it answers the hub's file-list API and serves tiny generated model files, with Range), never
the internet. Then recipes that name models: missing ones fail validation with the pull command.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from dubgen import models_catalog as mc
from dubgen.cli import main
from dubgen.config import parse_recipe
from dubgen.errors import RecipeError

from conftest import ROOT

REPO = "acme/tiny-ctc"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Hub:
    """Files of one repo at one commit; ``drop_after`` cuts the first download of a file short."""

    def __init__(self, files: dict[str, bytes], lfs: set[str]) -> None:
        self.files, self.lfs = files, lfs
        self.lie_sha: set[str] = set()  # files whose advertised SHA-256 is wrong
        self.drop_after: dict[str, int] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Range header)
        self.auth: list[str] = []

    def siblings(self) -> list[dict]:
        out = []
        for name, data in self.files.items():
            s = {"rfilename": name, "size": len(data),
                 "blobId": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}
            if name in self.lfs:
                sha = hashlib.sha256(data + (b"x" if name in self.lie_sha else b"")).hexdigest()
                s["lfs"] = {"sha256": sha, "size": len(data), "pointerSize": 130}
            out.append(s)
        return out


@pytest.fixture
def hub():
    state = Hub({}, set())

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802
            state.auth.append(self.headers.get("Authorization", ""))
            m = re.fullmatch(rf"/api/models/{REPO}/revision/([^?]+)\?blobs=true", self.path)
            if m:
                if m.group(1) not in (COMMIT, "main"):
                    return self._send(404, b"{}")
                return self._send(200, json.dumps({"sha": COMMIT, "siblings": state.siblings()}).encode())
            m = re.fullmatch(rf"/{REPO}/resolve/{COMMIT}/(.+)", self.path)
            if not m or m.group(1) not in state.files:
                return self._send(404, b"not found")
            name, data = m.group(1), state.files[m.group(1)]
            rng = self.headers.get("Range", "")
            state.requests.append((name, rng))
            start = int(rng[6:-1]) if rng.startswith("bytes=") else 0
            body = data[start:]
            self.send_response(206 if start else 200)
            self.send_header("Content-Length", str(len(body)))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            cut = state.drop_after.pop(name, None)
            if cut is not None:  # send part of the body, then drop the connection
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.wfile.write(body)

        def _send(self, code, body):
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _entry(**over) -> mc.ModelEntry:
    base = dict(name="tiny-ctc", stage="align", backend="ctc", languages=["en"], licence="MIT", size_mb=1,
                source={"hf": REPO, "files": ["config.json", "*.txt"], "weights": ["model.safetensors", "pytorch_model.bin"]},
                revision=COMMIT)
    base.update(over)
    return mc.ModelEntry.model_validate(base)


def _files(weights: int = 300_000) -> dict[str, bytes]:
    blob = hashlib.shake_256(b"tiny weights").digest(weights)  # deterministic, incompressible
    return {"config.json": b'{"model_type": "wav2vec2"}', "notes.txt": b"tiny", "pytorch_model.bin": blob,
            "other.bin": b"not selected"}


def test_catalog_covers_every_stage_with_licences_and_pins():
    from dubgen.stages import registries

    entries = mc.catalog()
    assert {e.stage for e in entries} >= {"asr", "align", "translate", "tts", "voice", "separation", "speakers"}
    for e in entries:
        assert e.backend in registries()[e.stage].names(), e.name
        assert e.bundled or e.revision or not e.revision_verified, f"{e.name}: an unpinned entry must be marked"
        assert e.revision != "main"
        if e.source.hf and e.revision_verified:
            assert re.fullmatch(r"[0-9a-f]{40}", e.revision or ""), e.name
    assert mc.find("xtts-v2").non_commercial and "CPML" in mc.find("xtts-v2").licence
    assert mc.find("pyannote-diarization-community-1").gated


def test_models_list_json(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DUBGEN_MODELS", str(tmp_path))
    assert main(["models", "list", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["faster-whisper-base"]["present"] is True  # bundled in a pip package
    assert rows["htdemucs"]["present"] is False and rows["htdemucs"]["path"] == str(tmp_path / "htdemucs" / "955717e8-8726e21a.th")
    assert rows["nllb-200-distilled-600m"]["non_commercial"] is True
    assert all(set(r) >= {"name", "stage", "backend", "languages", "licence", "size_mb", "revision", "present"} for r in rows.values())


def test_pull_checks_hashes_and_renames_into_place(hub, tmp_path):
    hub.files, hub.lfs = _files(), {"pytorch_model.bin"}
    path = mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint, token="secret"))
    assert path == tmp_path / "tiny-ctc"
    assert sorted(p.name for p in path.iterdir()) == ["config.json", "dubgen-model.json", "notes.txt", "pytorch_model.bin"]
    assert (path / "pytorch_model.bin").read_bytes() == hub.files["pytorch_model.bin"]
    manifest = json.loads((path / "dubgen-model.json").read_text())
    assert manifest["revision"] == COMMIT
    assert {f["path"]: f["sha256"] for f in manifest["files"]}["pytorch_model.bin"] == hashlib.sha256(hub.files["pytorch_model.bin"]).hexdigest()
    assert not list(tmp_path.glob(".partial-*")), "staging folder renamed into place"
    assert set(hub.auth) == {"Bearer secret"}
    assert mc.is_present(_entry(), tmp_path)
    n = len(hub.requests)
    mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint))
    assert len(hub.requests) == n, "a present model is not fetched again"


def test_pull_never_replaces_a_folder_it_did_not_write(hub, tmp_path):
    hub.files, hub.lfs = _files(1000), set()
    (tmp_path / "tiny-ctc").mkdir()
    (tmp_path / "tiny-ctc" / "mine.bin").write_bytes(b"user data")
    with pytest.raises(mc.ModelError, match="was not written by `dubgen models pull`"):
        mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint))
    assert (tmp_path / "tiny-ctc" / "mine.bin").read_bytes() == b"user data"


def test_pull_resumes_a_dropped_download(hub, tmp_path):
    hub.files, hub.lfs = _files(), {"pytorch_model.bin"}
    hub.drop_after["pytorch_model.bin"] = 100_000
    path = mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint, retries=2))
    ranges = [r for n, r in hub.requests if n == "pytorch_model.bin"]
    assert ranges[0] == "" and len(ranges) == 2 and ranges[1].startswith("bytes=")
    assert 0 < int(ranges[1][6:-1]) <= 100_000, "the second request continues where the first stopped"
    assert (path / "pytorch_model.bin").read_bytes() == hub.files["pytorch_model.bin"]


def test_pull_resumes_across_runs(hub, tmp_path):
    hub.files, hub.lfs = _files(), {"pytorch_model.bin"}
    hub.drop_after["pytorch_model.bin"] = 50_000
    with pytest.raises(mc.ModelError, match="run the same command again to resume"):
        mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint, retries=0))
    assert not (tmp_path / "tiny-ctc").exists()
    (part,) = tmp_path.glob(".partial-tiny-ctc-*/pytorch_model.bin.part")
    assert 0 < part.stat().st_size <= 50_000
    mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint, retries=0))
    assert [r for n, r in hub.requests if n == "config.json"] == [""], "finished files are not fetched again"
    assert (tmp_path / "tiny-ctc" / "pytorch_model.bin").read_bytes() == hub.files["pytorch_model.bin"]


def test_pull_refuses_a_hash_mismatch(hub, tmp_path):
    hub.files, hub.lfs = _files(), {"pytorch_model.bin"}
    hub.lie_sha.add("pytorch_model.bin")
    with pytest.raises(mc.ModelError, match="pytorch_model.bin: SHA-256 mismatch"):
        mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint))
    assert not (tmp_path / "tiny-ctc").exists() and not list(tmp_path.glob(".partial-*/*.part"))
    # a small (non-LFS) file is checked against its git blob hash
    hub.lie_sha.clear()
    hub.files["config.json"] = b'{"model_type": "bert"}'
    hub.siblings_orig = hub.siblings
    hub.siblings = lambda: [dict(s, blobId="0" * 40) if s["rfilename"] == "config.json" else s for s in hub.siblings_orig()]
    with pytest.raises(mc.ModelError, match="config.json: git blob hash mismatch"):
        mc.pull(_entry(), tmp_path / "fresh", mc.Fetcher(hub.endpoint))


def test_pull_renames_and_checks_pinned_files(hub, tmp_path):
    hub.files, hub.lfs = {**_files(1000), "sub/deep.txt": b"not matched by *.txt"}, {"pytorch_model.bin"}
    pin = hashlib.sha256(hub.files["pytorch_model.bin"]).hexdigest()
    e = _entry(source={"hf": REPO, "files": ["config.json", "*.txt", "pytorch_model.bin"],
                       "rename": {"pytorch_model.bin": "model.pth"}, "sha256s": {"pytorch_model.bin": pin}})
    path = mc.pull(e, tmp_path, mc.Fetcher(hub.endpoint))
    assert sorted(p.name for p in path.iterdir()) == ["config.json", "dubgen-model.json", "model.pth", "notes.txt"]
    bad = _entry(name="other", source={"hf": REPO, "files": ["pytorch_model.bin"], "sha256s": {"pytorch_model.bin": "0" * 64}})
    with pytest.raises(mc.ModelError, match="is not the file this catalog pins"):
        mc.pull(bad, tmp_path, mc.Fetcher(hub.endpoint))


def test_an_unpinned_entry_records_the_commit_it_took(hub, tmp_path):
    hub.files, hub.lfs = _files(1000), set()
    said: list[str] = []
    path = mc.pull(_entry(revision=None, revision_verified=False), tmp_path, mc.Fetcher(hub.endpoint, log=said.append))
    assert json.loads((path / "dubgen-model.json").read_text())["revision"] == COMMIT
    assert any("no verified pin" in s and COMMIT in s for s in said)


def test_pull_url_source_and_missing_repo_file(hub, tmp_path):
    hub.files = {"htdemucs.th": b"x" * 5000}
    sha = hashlib.sha256(hub.files["htdemucs.th"]).hexdigest()
    url = f"{hub.endpoint}/{REPO}/resolve/{COMMIT}/htdemucs.th"
    e = _entry(name="sep", stage="separation", backend="demucs", source={"url": url, "sha256": sha[:8]},
               revision=sha[:8], path="htdemucs.th")
    assert mc.pull(e, tmp_path, mc.Fetcher(hub.endpoint)) == tmp_path / "sep" and mc.model_path(e, tmp_path).is_file()
    bad = _entry(name="bad", source={"url": url, "sha256": "ffffffff"})
    with pytest.raises(mc.ModelError, match="SHA-256 mismatch"):
        mc.pull(bad, tmp_path, mc.Fetcher(hub.endpoint))
    hub.files = {"config.json": b"{}"}
    with pytest.raises(mc.ModelError, match=r"none of model.safetensors, pytorch_model.bin is in acme/tiny-ctc"):
        mc.pull(_entry(), tmp_path, mc.Fetcher(hub.endpoint))


def test_cli_pull_through_the_endpoint_setting(hub, tmp_path, monkeypatch, capsys):
    hub.files, hub.lfs = _files(20_000), {"pytorch_model.bin"}
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    entries = mc.catalog() + (_entry(),)
    monkeypatch.setattr(mc, "catalog", lambda: entries)
    assert main(["models", "pull", "tiny-ctc", "--dir", str(tmp_path / "m")]) == 0
    assert (tmp_path / "m" / "tiny-ctc" / "pytorch_model.bin").is_file()
    assert main(["models", "pull", "nope", "--dir", str(tmp_path / "m")]) == 2
    assert "unknown model(s): nope" in capsys.readouterr().err


# ----------------------------------------------------------------------------- recipes name models


def test_missing_models_fail_validation_with_the_pull_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DUBGEN_MODELS", str(tmp_path / "models"))
    with pytest.raises(RecipeError) as e:
        parse_recipe({"language": "es", "separation": {"backend": "demucs", "model": "htdemucs"},
                      "translate": {"backend": "transformers", "model": str(tmp_path / "nope")}}, "r.yaml")
    msg = str(e.value)
    assert "separation.model: model 'htdemucs' is not here; run `dubgen models pull htdemucs`" in msg
    assert f"translate.model: path {tmp_path / 'nope'} does not exist" in msg
    # bundled defaults count as present
    parse_recipe({"language": "es", "asr": {"model": "tiny.en"}}, "r.yaml")
    # the neural recipes list everything they need, and `dub` refuses them before any work
    code = main(["recipes", "validate", str(ROOT / "recipes" / "neural" / "es.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and "all at once: `dubgen models pull" in err
    for name in ("faster-whisper-large-v3", "wav2vec2-base-960h-en", "xtts-v2", "openvoice-v2", "htdemucs",
                 "pyannote-diarization-community-1"):
        assert f"`dubgen models pull {name}`" in err, name
    out = tmp_path / "out"
    assert main(["dub", str(tmp_path), "--out", str(out), "--recipe", str(ROOT / "recipes" / "neural" / "es.yaml")]) == 2
    assert "models missing" in capsys.readouterr().err and not out.exists()


def test_a_pulled_catalog_name_resolves_to_its_folder(hub, tmp_path, monkeypatch):
    hub.files, hub.lfs = _files(1000), set()
    monkeypatch.setenv("DUBGEN_MODELS", str(tmp_path))
    entries = mc.catalog() + (_entry(),)
    monkeypatch.setattr(mc, "catalog", lambda: entries)
    with pytest.raises(RecipeError, match="dubgen models pull tiny-ctc"):
        parse_recipe({"language": "es", "align": {"backend": "ctc", "model": "tiny-ctc"}}, "r.yaml")
    mc.pull(_entry(), None, mc.Fetcher(hub.endpoint))
    r = parse_recipe({"language": "es", "align": {"backend": "ctc", "model": "tiny-ctc"}}, "r.yaml")
    from dubgen.models import local_model

    assert local_model(r.align.kwargs()["model"], "x", "") == tmp_path / "tiny-ctc"
    assert mc.resolve("tiny-ctc") == str(tmp_path / "tiny-ctc")
    # the pipeline's backends get the path, also those that take a plain path (demucs: a .th file)
    from dubgen.config import stage_block
    from dubgen.pipeline import Resources

    assert Resources().backend("align", r.align).model_dir() == tmp_path / "tiny-ctc"
    hub.files["htdemucs.th"] = b"x" * 100
    sha = hashlib.sha256(hub.files["htdemucs.th"]).hexdigest()
    sep = _entry(name="sep", stage="separation", backend="demucs", path="htdemucs.th", revision=sha,
                 source={"url": f"{hub.endpoint}/{REPO}/resolve/{COMMIT}/htdemucs.th", "sha256": sha})
    entries = mc.catalog() + (sep,)
    monkeypatch.setattr(mc, "catalog", lambda: entries)
    mc.pull(sep, None, mc.Fetcher(hub.endpoint))
    demucs = Resources().backend("separation", stage_block("separation", {"backend": "demucs", "model": "sep"}))
    assert demucs.model_path == tmp_path / "sep" / "htdemucs.th"


@pytest.mark.parametrize("lang", ["es", "ca", "gl"])
def test_neural_recipes_parse_apart_from_models(lang, monkeypatch, tmp_path):
    data = yaml.safe_load((ROOT / "recipes" / "neural" / f"{lang}.yaml").read_text(encoding="utf-8"))
    monkeypatch.setattr(mc, "missing_models", lambda recipe: [])
    r = parse_recipe(data, f"{lang}.yaml")
    assert r.language == lang and r.align.backend == "ctc"
    names = [getattr(r, b).kwargs().get("model") for b in ("asr", "align", "translate", "tts", "voice", "separation", "speakers")]
    assert all(mc.find(n) is not None for n in names), names
