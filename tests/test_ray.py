"""The Ray executor gives the local executor's pairs and bytes: on a local Ray instance, on a
two-node cluster on this machine, and when a worker of a two-node cluster is killed mid-clip
(only its task is retried).

Ray is kept small (one or two CPUs, an 80 MB object store, no dashboard) and every test checks
that no Ray process of its own is left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import BAD, DATA, GRID
from dubgen.config import Recipe
from dubgen.pipeline import StageEvent
from dubgen.runner import _identity, dub

ray = pytest.importorskip("ray", reason="the Ray executor needs the ray extra: pip install -e '.[ray]'")
from dubgen.executors.ray_executor import RayExecutor, staging_dir  # noqa: E402

pytestmark = pytest.mark.slow
SMALL = {"num_cpus": 2, "object_store_memory": 80 << 20, "include_dashboard": False}
RECIPE = Recipe.model_validate({"name": "fast", "language": "es", "source_language": "en",
                                "asr": {"model": "tiny.en", "beam_size": 1}, "voice": {"backend": "none"},
                                "qc": {"enabled": False}})
CLIPS = (GRID, DATA / "speech_only_3s.flac")


def _inputs(base: Path) -> list[Path]:
    inp = base / "in"
    inp.mkdir(exist_ok=True)
    for c in CLIPS:
        shutil.copy(c, inp / c.name)
    return [inp / c.name for c in CLIPS]


def _run(base: Path, name: str, executor=None, hook=None):
    events: list[StageEvent] = []

    def record(ev: StageEvent) -> None:
        events.append(ev)
        if hook is not None:
            hook(ev)

    out = base / name
    result = dub(_inputs(base), out, [RECIPE], executor=executor, hook=record)
    return out, result, events


def _descendants() -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    found, todo = set(), [os.getpid()]
    while todo:
        for k in kids.get(todo.pop(), []):
            found.add(k)
            todo.append(k)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _assert_no_ray_left() -> None:
    assert not ray.is_initialized()
    deadline = time.time() + 15
    while time.time() < deadline and [p for p in _descendants() if "ray" in _cmdline(p)]:
        time.sleep(0.2)
    assert [_cmdline(p) for p in _descendants() if "ray" in _cmdline(p)] == []


def _same(out: Path, result, local) -> None:
    _, local_out, local_result, _ = local
    assert result.failures == [] and len(result.pairs) == len(local_result.pairs) == 2
    mine = {(p.clip_id, p.recipe): p for p in result.pairs}
    theirs = {(p.clip_id, p.recipe): p for p in local_result.pairs}
    assert set(mine) == set(theirs)
    for key, rec in theirs.items():
        assert _identity(mine[key]) == _identity(rec)
        for name in ("dubbed.wav", "speech.wav", "tts.wav"):
            assert (out / key[0] / "fast" / name).read_bytes() == (local_out / key[0] / "fast" / name).read_bytes()
    assert len((out / "pairs.jsonl").read_text().splitlines()) == 2


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The local executor's run of the two clips: (base folder, OUT, result, events)."""
    base = tmp_path_factory.mktemp("ray")
    return (base, *_run(base, "local"))


def test_a_local_ray_instance_gives_the_local_pairs_bytes_and_progress(local):
    base = local[0]
    out, result, events = _run(base, "ray_local", RayExecutor(workers=2, init=SMALL))
    _same(out, result, local)
    seen = sorted((e.clip_id, e.stage, e.status, e.language) for e in events)
    assert seen == sorted((e.clip_id, e.stage, e.status, e.language) for e in local[3])  # the same progress
    _assert_no_ray_left()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the process list from /proc")
def test_two_node_cluster_with_outputs_returned_to_the_driver(local):
    base = local[0]
    from ray.cluster_utils import Cluster

    node = {"num_cpus": 1, "object_store_memory": 80 << 20}
    cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
    try:
        cluster.add_node(**node)
        cluster.wait_for_nodes()
        # one CPU per node and one per actor: the two actors run on the two nodes
        out, result, _ = _run(base, "ray_cluster", RayExecutor(workers=2, address=cluster.address, results="driver"))
        assert len(cluster.list_all_nodes()) == 2
    finally:
        cluster.shutdown()
        shutil.rmtree(staging_dir(str(base / "ray_cluster")), ignore_errors=True)  # the nodes' staged cache
    _same(out, result, local)
    _assert_no_ray_left()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds the worker in the process list")
def test_a_worker_killed_mid_clip_on_a_two_node_cluster_is_restarted_and_its_task_retried(local):
    """Two nodes sharing OUT; the one actor is killed while it transcribes: it is restarted (on
    either node) and only the lost task runs again."""
    base = local[0]
    killed: list[int] = []
    from ray.cluster_utils import Cluster

    def kill_in_asr(ev: StageEvent) -> None:
        if not killed and ev.stage == "asr" and ev.status == "start":
            workers = [p for p in _descendants() if _cmdline(p).startswith("ray::StepWorker")]
            assert len(workers) == 1
            os.kill(workers[0], signal.SIGKILL)
            killed.append(ev.clip_id)

    node = {"num_cpus": 1, "object_store_memory": 80 << 20}
    cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
    try:
        cluster.add_node(**node)
        cluster.wait_for_nodes()
        out, result, events = _run(base, "ray_killed", RayExecutor(workers=1, address=cluster.address), kill_in_asr)
        assert len(cluster.list_all_nodes()) == 2
    finally:
        cluster.shutdown()
    assert killed
    after = [(e.stage, e.status) for e in events if e.clip_id == killed[0]]
    # only the lost task is retried, on the restarted actor: the extraction before it is not redone
    assert after.count(("asr", "start")) == 2 and after.count(("extract", "start")) == 1
    _same(out, result, local)
    _assert_no_ray_left()


def test_bad_inputs_fail_on_ray_as_they_do_locally(tmp_path):
    """A file that cannot be probed, one that fails in a task (extraction) and a recipe whose
    translation fails on a good clip: the same failure records as the local executor."""
    from dubgen.manifest import read_failures

    inputs = [BAD / "not_video.mp4", BAD / "truncated.mp4", DATA / "speech_only_3s.flac"]
    # "none" translates only within a language: the en -> es step fails for the good clip
    recipes = [Recipe.model_validate({**RECIPE.model_dump(), "name": "no_mt", "translate": {"backend": "none"}})]
    runs = {}
    for name, executor in (("local", None), ("ray", RayExecutor(workers=2, init=SMALL))):
        result = dub(inputs, tmp_path / name, recipes, executor=executor)
        assert result.pairs == []
        runs[name] = sorted((f.input.rsplit("/", 1)[-1], f.recipe, f.stage, f.error.replace(str(tmp_path / name), "OUT"))
                            for f in read_failures(tmp_path / name / "failures.jsonl"))
    assert runs["ray"] == runs["local"]
    assert [(f[0], f[2]) for f in runs["local"]] == [("not_video.mp4", "probe"), ("speech_only_3s.flac", "translate"),
                                                     ("truncated.mp4", "extract")]
    _assert_no_ray_left()


def test_an_address_without_a_cluster_or_ray_options_without_ray_are_one_clear_error(tmp_path, capsys):
    import socket

    from dubgen.cli import main

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = ["dub", str(GRID), "--out", str(tmp_path / "o"), "--recipe", "debug", "--quiet"]
    assert main(args + ["--executor", "ray", "--ray-address", f"127.0.0.1:{port}"]) == 2
    assert f"--ray-address 127.0.0.1:{port}: no Ray cluster" in capsys.readouterr().err
    assert main(args + ["--ray-address", "auto"]) == 2
    assert "need --executor ray" in capsys.readouterr().err
    assert not ray.is_initialized()
