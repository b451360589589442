"""Output integrity: pair identity, locking, torn lines, odd file names, output-folder faults,
leftovers, worker processes, published-file independence.

One shared dub (the 6 s GRID clip, two Spanish recipes that differ only in the voice backend)
serves most tests; tests that change the output work on a copy of it. The same clip under two
odd names is dubbed into a second folder that starts from a copy of the first one's cache.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import BAD, GRID, JFK, ROOT
from dubgen.cache import StageCache
from dubgen.cli import main
from dubgen.manifest import FailureRecord, read_failures, read_pairs, resolve

NON_UTF8 = b"caf\xe9 \xff.mp4"  # Latin-1 bytes: not UTF-8
RECIPE = """\
name: {name}
language: es
source_language: en
asr:
  model: tiny.en
  beam_size: 1
voice:
  backend: {voice}
tts:
  rate: {rate}
"""
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def _dubgen(*args, cwd=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dubgen", *args], cwd=cwd or ROOT, env=ENV,
                          capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def ablation(tmp_path_factory):
    """OUT with GRID x recipes ``es`` (praat) and ``es_world`` (world, slower voice: the two dubs differ
    even where each converter keeps the TTS voice), dubbed through the CLI."""
    base = tmp_path_factory.mktemp("integrity")
    inp, out = base / "in", base / "out"
    inp.mkdir()
    recipes = []
    for name, voice, rate in (("es", "praat", 165), ("es_world", "world", 140)):
        (base / f"{name}.yaml").write_text(RECIPE.format(name=name, voice=voice, rate=rate))
        recipes += ["--recipe", str(base / f"{name}.yaml")]
    shutil.copy(GRID, inp / "grid.mp4")
    proc = _dubgen("dub", "grid.mp4", "--out", str(out), *recipes, "--quiet", cwd=inp)
    return base, inp, out, proc


@pytest.fixture(scope="module")
def odd_names(ablation):
    """GRID as ``-version.mp4`` and as a name that is not UTF-8, dubbed with ``es`` (from a copy of the cache)."""
    base, _, src, _ = ablation
    inp, out = base / "odd", base / "odd_out"
    inp.mkdir()
    shutil.copytree(src / ".cache", out / ".cache")
    shutil.copy(GRID, inp / "-version.mp4")
    shutil.copy(GRID, os.fsencode(inp) + b"/" + NON_UTF8)
    # relative names as a user types them: ./-version.mp4 must stay a file name for every tool
    proc = subprocess.run([sys.executable, "-m", "dubgen", "dub", "./-version.mp4", NON_UTF8, "--out", str(out),
                           "--recipe", str(base / "es.yaml"), "--quiet"], cwd=inp, env=ENV, capture_output=True)
    return inp, out, proc


def _copy_out(ablation, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(ablation[2], out, symlinks=True)
    os.symlink(ablation[1], tmp_path / "in")  # the pairs name their originals as ../in/...
    return out


def _lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert not data or data.endswith(b"\n")
    return [json.loads(line.decode("utf-8")) for line in data.splitlines() if line.strip()]  # strict UTF-8, JSON


# -- 1. identity: (clip, recipe) ------------------------------------------------------------------------------

def test_two_recipes_of_one_language_stay_two_pairs_through_dub_qc_export_and_training(ablation, tmp_path):
    base, _, _, proc = ablation
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr
    out = _copy_out(ablation, tmp_path)
    pairs = list(read_pairs(out / "pairs.jsonl"))
    assert len(_lines(out / "pairs.jsonl")) == 2 and len(pairs) == 2
    assert sorted(p.recipe for p in pairs) == ["es", "es_world"]
    assert {p.language for p in pairs} == {"es"} and len({p.clip_id for p in pairs}) == 1

    q = _dubgen("qc", str(out), "--recipe", str(base / "es_world.yaml"), "--recipe", str(base / "es.yaml"))
    assert q.returncode in (0, 1) and "Traceback" not in q.stderr, q.stderr
    assert len(_lines(out / "pairs.jsonl")) == 2  # the rewrite keeps both recipes' lines

    e = _dubgen("export", str(out), "--output", str(tmp_path / "train.jsonl"))
    assert e.returncode == 0 and "exported 2 pairs" in e.stderr, e.stderr
    assert sorted(r["recipe"] for r in _lines(tmp_path / "train.jsonl")) == ["es", "es_world"]

    from dubgen.train.data import AVPairDataset, scan_pairs

    index = scan_pairs(out / "pairs.jsonl")
    assert len(index.items) == 1 and index.languages == ["es"]
    for item in index.items:
        assert sorted(item.tracks) == ["es:es", "es:es_world", "orig"]
        assert item.tracks["es:es"] != item.tracks["es:es_world"]
        assert Path(item.tracks["es:es"]).read_bytes() != Path(item.tracks["es:es_world"]).read_bytes()
    ds = AVPairDataset(index.items, None, None, None, dub_prob=1.0, dub_languages=["es"], jitter_seconds=0.0,
                       deltas=False, seed=0)

    class Ex:
        mels = {"orig": 0, "es:es": 0, "es:es_world": 0}

    assert ds._dub_tracks(Ex()) == ["es:es", "es:es_world"]  # both ablation tracks count as Spanish


# -- 4. / 6. file names -------------------------------------------------------------------------------------

def test_a_name_starting_with_dash_is_a_file_for_every_tool(odd_names):
    inp, out, proc = odd_names
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    pairs = [p for p in read_pairs(out / "pairs.jsonl") if p.clip_id.startswith("-version-")]
    assert len(pairs) == 1
    assert resolve(out, pairs[0].original_video).resolve() == (inp / "-version.mp4").resolve()
    assert resolve(out, pairs[0].dubbed_video).stat().st_size > 0
    assert not read_failures(out / "failures.jsonl")


def test_a_name_that_is_not_utf8_is_dubbed_and_the_manifest_stays_json(odd_names):
    inp, out, proc = odd_names
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    lines = _lines(out / "pairs.jsonl")  # strict UTF-8 and JSON, every line
    odd = [r for r in lines if r["clip_id"].startswith("caf-")]
    assert len(odd) == 1, proc.stderr.decode(errors="replace")
    link = resolve(out, odd[0]["original_video"])
    assert link.is_symlink() and os.fsencode(os.readlink(link)) == os.fsencode(inp) + b"/" + NON_UTF8
    assert link.read_bytes() == GRID.read_bytes()


def test_a_failure_of_a_non_utf8_name_is_recorded_as_text(tmp_path):
    bad = os.fsencode(tmp_path) + b"/" + NON_UTF8
    shutil.copy(BAD / "zero_length.mp4", bad)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "dubgen", "dub", bad, "--out", str(out), "--recipe", "es", "--quiet"],
                          cwd=ROOT, env=ENV, capture_output=True)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    [rec] = _lines(out / "failures.jsonl")
    assert rec["input"] == f"{tmp_path}/caf\\xe9 \\xff.mp4" and rec["stage"] == "probe"


# -- 8. / 10. leftovers, permissions, independence of published files ---------------------------------------

def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_rerun_leaves_no_temporaries_and_restores_an_edited_output_without_touching_the_cache(ablation, tmp_path):
    base, inp, _, _ = ablation
    out = _copy_out(ablation, tmp_path)
    argv = ("dub", str(inp / "grid.mp4"), "--out", str(out), "--recipe", str(base / "es.yaml"), "--quiet")
    proc = _dubgen(*argv)  # a rerun: everything cached, outputs published again
    assert proc.returncode == 0, proc.stderr
    pair = next(r for r in _lines(out / "pairs.jsonl") if r["recipe"] == "es")
    published = resolve(out, pair["dubbed_audio"])
    assert published.stat().st_nlink == 1  # a copy, not a hard link into .cache
    umask = os.umask(0o022)
    os.umask(umask)
    assert published.stat().st_mode & 0o777 == 0o666 & ~umask
    original = published.read_bytes()
    cache_before = _digests(out / ".cache")
    with open(published, "r+b") as f:  # an in-place edit, as an audio editor saving over the file does
        f.seek(100)
        f.write(b"\x7f" * 4096)
    assert _digests(out / ".cache") == cache_before
    proc = _dubgen(*argv)
    assert proc.returncode == 0, proc.stderr
    assert published.read_bytes() == original  # a rerun publishes the cached result again
    assert _digests(out / ".cache") == cache_before
    hidden = [p for p in out.rglob(".*") if ".cache" not in p.relative_to(out).parts and p.name != ".dubgen.lock"]
    assert hidden == []  # no temporary left beside the outputs


def test_abandoned_cache_builds_are_removed_and_live_ones_kept(tmp_path):
    import fcntl

    cache = StageCache(tmp_path)
    dead = cache.root / "asr" / ".abc123.x1"
    live = cache.root / "asr" / ".def456.x2"
    for d in (dead, live):
        d.mkdir(parents=True)
        (d / "data.npy").write_bytes(b"half")
    fd = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running build holds
        assert cache.remove_abandoned() == [dead]
        assert not dead.exists() and (live / "data.npy").exists()
    finally:
        os.close(fd)


def test_abandoned_temporaries_are_removed_and_live_ones_kept(tmp_path):
    from dubgen.io import atomic_path, remove_abandoned_temporaries

    dead = tmp_path / ".dubbed.k3j_x9a2.tmp.wav"  # what atomic_path leaves when its process is killed
    dead.write_bytes(b"half")
    mine = tmp_path / ".notes.tmp"  # not one of ours: a user's file is never touched
    mine.write_bytes(b"keep")
    with atomic_path(tmp_path / "dubbed.wav") as live:
        live.write_bytes(b"being written")
        assert remove_abandoned_temporaries([tmp_path]) == [dead]
        assert live.exists() and mine.exists() and not dead.exists()
    assert (tmp_path / "dubbed.wav").read_bytes() == b"being written"


def test_a_probe_failure_is_dropped_once_the_file_dubs(ablation, tmp_path):
    from dubgen.config import load_recipe
    from dubgen.runner import dub

    base, inp, _, _ = ablation
    out = _copy_out(ablation, tmp_path)
    late = tmp_path / "late.mp4"
    shutil.copy(BAD / "truncated.mp4", late)
    recipe = load_recipe(base / "es.yaml")
    first = dub([late], out, [recipe])
    assert [f.stage for f in first.failures] in (["probe"], ["extract"])
    assert [f.input for f in read_failures(out / "failures.jsonl")] == [str(late)]
    shutil.copy(GRID, late)  # the user fixes the file
    second = dub([late], out, [recipe])
    assert second.ok and len(second.pairs) == 1
    assert read_failures(out / "failures.jsonl") == []


# -- 3. torn last line ----------------------------------------------------------------------------------------

def test_a_torn_last_line_is_left_out_once_and_repaired_by_the_next_write(ablation, tmp_path):
    base, inp, _, _ = ablation
    out = _copy_out(ablation, tmp_path)
    whole = (out / "pairs.jsonl").read_bytes()
    torn_pair = b'{"schema_version":1,"clip_id":"grid-7c4e9'
    (out / "pairs.jsonl").write_bytes(whole + torn_pair)
    (out / "failures.jsonl").write_bytes(b'{"input":"/x.mp4","clip_id":"x","sta')

    e = _dubgen("export", str(out), "--output", str(tmp_path / "t.jsonl"))
    assert e.returncode == 0 and "exported 2 pairs" in e.stderr, e.stderr
    warn = [line for line in e.stderr.splitlines() if "cut short" in line]
    assert len(warn) == 1 and "pairs.jsonl" in warn[0] and "line 3" in warn[0], e.stderr
    assert (out / "pairs.jsonl").read_bytes() == whole + torn_pair  # export only reads

    q = _dubgen("qc", str(out), "--recipe", str(base / "es.yaml"), "--recipe", str(base / "es_world.yaml"))
    assert q.returncode in (0, 1) and "Traceback" not in q.stderr, q.stderr
    assert len([line for line in q.stderr.splitlines() if "cut short" in line]) == 1
    assert len(_lines(out / "pairs.jsonl")) == 2  # qc's rewrite dropped the torn tail

    (out / "pairs.jsonl").write_bytes((out / "pairs.jsonl").read_bytes() + torn_pair)
    d = _dubgen("dub", str(inp / "grid.mp4"), "--out", str(out), "--recipe", str(base / "es.yaml"), "--quiet")
    assert d.returncode == 0 and "Traceback" not in d.stderr, d.stderr
    assert len(_lines(out / "pairs.jsonl")) == 2
    assert _lines(out / "failures.jsonl") == []


def test_a_broken_complete_line_is_one_error_naming_file_and_line(ablation, tmp_path):
    out = _copy_out(ablation, tmp_path)
    lines = (out / "pairs.jsonl").read_bytes().splitlines(keepends=True)
    (out / "pairs.jsonl").write_bytes(lines[0] + b'{"clip_id": 3}\n' + b"".join(lines[1:]))
    e = _dubgen("export", str(out), "--output", str(tmp_path / "t.jsonl"))
    line = _one_error_line(e, out / "pairs.jsonl")
    assert "pairs.jsonl:2: not a PairRecord line" in line


# -- 2. two processes on one OUT ------------------------------------------------------------------------------

_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from dubgen import runner
    from dubgen.manifest import FailureRecord, PairRecord
    role, out, line = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    writer = runner.ManifestWriter(out)
    if role == "compact":
        real = runner.write_text
        def slow(path, text):  # widen the window between reading and replacing the manifest
            (out / "reading-done").touch()
            time.sleep(1.5)
            real(path, text)
        runner.write_text = slow
        writer.compact(set())
    else:
        while not (out / "reading-done").exists():
            time.sleep(0.01)
        rec = PairRecord.model_validate_json(line)
        writer.add([rec], [FailureRecord(input="/in/other.mp4", clip_id="other", recipe="es", language="es",
                                         stage="tts", error="boom")])
""")


def test_two_processes_on_one_out_lose_no_line(ablation, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    src = list(read_pairs(ablation[2] / "pairs.jsonl"))
    (out / "pairs.jsonl").write_text("".join(p.model_dump_json() + "\n" for p in src))
    (out / "failures.jsonl").write_text(FailureRecord(input="/in/a.mp4", clip_id="a", stage="probe", error="x")
                                        .model_dump_json() + "\n")
    extra = src[0].model_copy(update={"clip_id": "another-clip"}).model_dump_json()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, role, str(out), extra], env=ENV)
             for role in ("compact", "add")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    ids = [p.clip_id for p in read_pairs(out / "pairs.jsonl")]
    assert len(ids) == 3 and "another-clip" in ids
    assert sorted(f.clip_id for f in read_failures(out / "failures.jsonl")) == ["a", "other"]


# -- 5. the output folder -------------------------------------------------------------------------------------

def _one_error_line(proc, out) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    [line] = [l for l in proc.stderr.splitlines() if l.strip()]
    assert line.startswith("dubgen: error: ") and str(out) in line
    return line


def test_out_is_a_file_or_under_a_file(tmp_path):
    f = tmp_path / "taken"
    f.write_text("not a folder")
    line = _one_error_line(_dubgen("dub", str(GRID), "--out", str(f), "--recipe", "debug", "--quiet"), f)
    assert "exists and is not a folder" in line and f.read_text() == "not a folder"
    under = f / "sub"
    line = _one_error_line(_dubgen("dub", str(GRID), "--out", str(under), "--recipe", "debug", "--quiet"), under)
    assert f"{f} is a file" in line


def _mount_tmpfs(where: Path, opts: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True).returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", str(where)], capture_output=True)


def test_out_not_writable_without_permission(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(parent, 0o555)
    out = parent / "out"
    prefix = []
    if os.geteuid() == 0:  # root ignores file modes: drop the capabilities that let it
        if shutil.which("setpriv") is None:
            pytest.skip("as root, needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    proc = subprocess.run([*prefix, sys.executable, "-m", "dubgen", "dub", str(GRID), "--out", str(out), "--recipe",
                           "debug", "--quiet"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    line = _one_error_line(proc, out)
    assert "Permission denied" in line and not out.exists()


def test_out_on_a_read_only_file_system(tmp_path):
    ro = tmp_path / "ro"
    if not _mount_tmpfs(ro, "ro,size=1m"):
        pytest.skip("mounting a read-only tmpfs needs root with CAP_SYS_ADMIN (the ENOSPC test covers the same path)")
    try:
        out = ro / "out"
        line = _one_error_line(_dubgen("dub", str(GRID), "--out", str(out), "--recipe", "debug", "--quiet"), out)
        assert "Read-only file system" in line
    finally:
        _umount(ro)


def test_disk_full_at_start_and_midway(tmp_path):
    small = tmp_path / "small"
    if not _mount_tmpfs(small, "size=1m"):
        pytest.skip("mounting a tmpfs needs root with CAP_SYS_ADMIN (test_disk_full_in_process covers ENOSPC)")
    try:
        out = small / "out"
        # 1 MB holds the extracted audio but not the separation's outputs: full midway, in a worker
        line = _one_error_line(_dubgen("dub", str(GRID), "--out", str(out), "--recipe", "debug", "--workers", "2",
                                       "--quiet"), out)
        assert "No space left on device" in line
        assert not (out / "pairs.jsonl").exists()
        hidden = [p for p in out.rglob(".*") if p not in (out / ".dubgen.lock", out / ".cache")]
        assert hidden == []  # no half-written file or cache entry
        with open(small / "filler", "wb") as f:
            with pytest.raises(OSError):
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
        line = _one_error_line(_dubgen("dub", str(GRID), "--out", str(out), "--recipe", "debug", "--quiet"), out)
        assert "No space left" in line
    finally:
        _umount(small)


def test_a_full_disk_elsewhere_is_named_as_such(tmp_path):
    from dubgen.errors import output_fault

    out = tmp_path / "out"
    inside = output_fault(OSError(errno.ENOSPC, "full", str(out / "a" / "b.wav")), out)
    elsewhere = output_fault(RuntimeError("x").with_traceback(None), out)
    tmp_full = output_fault(OSError(errno.ENOSPC, "full", "/tmp/dubgen-rb-1/out.wav"), out)
    assert str(inside) == f"{out}: No space left on device" and elsewhere is None
    assert str(tmp_full) == "/tmp/dubgen-rb-1/out.wav: No space left on device"


def test_disk_full_in_process(tmp_path, monkeypatch, capsys):
    from dubgen import audiofile

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(audiofile.WavWriter, "write", full)
    out = tmp_path / "out"
    assert main(["dub", str(GRID), "--out", str(out), "--recipe", "debug", "--quiet"]) == 2
    err = [l for l in capsys.readouterr().err.splitlines() if l.strip()]
    assert err == [f"dubgen: error: {out}: No space left on device"]
    assert not (out / "pairs.jsonl").exists() and not (out / "failures.jsonl").exists()
    assert [p for p in (out / ".cache").rglob(".*")] == []


# -- 7. recipes -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, field", [
    (b"language: es\nnotes: caf\xe9\n", "not UTF-8"),
    (b"language: es\nmix:\n  audio_bitrate: '-b:v 0 -y'\n", "mix.audio_bitrate"),
    (b"language: es\nseed: 100000000000000000000000000000000000000\n", "seed"),
    (b"language: es\nseed: -1\n", "seed"),
    (b"language: es\ntts:\n  rate: 150\nlanguage: ca\n", "language: key given twice (lines 1 and 4)"),
    (b"language: es\nmix:\n  audio_codec: aac\n  audio_codec: flac\n", "mix.audio_codec: key given twice"),
])
def test_bad_recipes_fail_validation_naming_the_field(tmp_path, capsys, text, field):
    r = tmp_path / "r.yaml"
    r.write_bytes(text)
    assert main(["recipes", "validate", str(r)]) == 1
    err = capsys.readouterr().err
    assert str(r) in err and field in err and "Traceback" not in err
    assert main(["dub", str(GRID), "--out", str(tmp_path / "out"), "--recipe", str(r)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dubgen: error: {r}") and field in err


def test_good_bitrates_still_validate(tmp_path):
    from dubgen.config import parse_recipe

    for rate in ("192k", "96000", "1.5M"):
        assert parse_recipe({"language": "es", "mix": {"audio_bitrate": rate}}, "ok.yaml").mix.audio_bitrate == rate


# -- 9. workers die with the batch ----------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            kids.setdefault(int(fields[1]), []).append(int(d.name))
    found, todo = set(), [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            found.add(k)
            todo.append(k)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_kill_9_of_the_batch_ends_its_workers(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(GRID, inp / "a.mp4")
    shutil.copy(JFK, inp / "b.mp4")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "dubgen", "dub", str(inp), "--out", str(out), "--recipe", "debug",
                             "--workers", "2", "--quiet"], cwd=ROOT, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kids: set[int] = set()
    try:
        deadline = time.time() + 90
        while time.time() < deadline and not list((out / ".cache").glob("*/.*")):
            time.sleep(0.05)  # until a worker is building a cache entry
        kids = _children(proc.pid)
        assert len(kids) >= 3, "expected two workers and the resource tracker"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 5
        while time.time() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.1)
        assert [k for k in kids if _alive(k)] == []
    finally:
        for k in kids:
            if _alive(k):
                os.kill(k, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
    from dubgen.manifest import lock

    from dubgen.io import remove_abandoned_temporaries

    with lock(out):  # what the next run does first
        StageCache(out).remove_abandoned()
        remove_abandoned_temporaries([out, *[d for d in out.rglob("*") if d.is_dir() and ".cache" not in d.parts]])
    assert [p for p in out.rglob(".*") if p not in (out / ".cache", out / ".dubgen.lock")] == []
