"""Sharded runs (``dub --shard i/n``) and ``dubgen merge``.

Two short clips (the 6 s GRID video and a 3 s audio-only speech clip, which fall into different
shards of two) are dubbed unsharded into one folder and as shards 0/2 and 1/2 into two others;
the merge of the shards must give the unsharded run's pairs and bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, GRID, ROOT
from dubgen.cli import main
from dubgen.errors import DubgenError
from dubgen.manifest import FailureRecord, read_failures, read_pairs, resolve, write_record
from dubgen.shard import Shard
from dubgen.runner import _identity

RECIPE = """\
name: fast
language: es
source_language: en
asr:
  model: tiny.en
  beam_size: 1
voice:
  backend: none
qc:
  enabled: false
"""
CLIPS = (GRID, DATA / "speech_only_3s.flac")


def _pairs(out: Path) -> dict:
    return {(p.clip_id, p.recipe): p for p in read_pairs(out / "pairs.jsonl")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("shards")
    inp = base / "in"
    inp.mkdir()
    for c in CLIPS:
        shutil.copy(c, inp / c.name)
    (base / "fast.yaml").write_text(RECIPE)
    outs = {}
    for name, shard in (("all", None), ("s0", "0/2"), ("s1", "1/2")):
        outs[name] = base / name
        args = ["dub", *(str(inp / c.name) for c in CLIPS), "--out", str(outs[name]), "--recipe", str(base / "fast.yaml"), "--quiet"]
        assert main(args + (["--shard", shard] if shard else [])) == 0
    return base, outs


@pytest.mark.parametrize("text", ["2/2", "-1/2", "0/0", "1", "a/b", "1/2/3"])
def test_a_bad_shard_is_refused_naming_the_form(text, tmp_path, capsys):
    with pytest.raises(DubgenError, match="i/n|0 <= i < n"):
        Shard.parse(text)
    assert main(["dub", str(GRID), "--out", str(tmp_path / "o"), "--recipe", "debug", f"--shard={text}"]) == 2
    assert "--shard" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_every_clip_falls_in_exactly_one_shard_whatever_the_hash_seed():
    ids = [f"clip{i}-{i * 7919:08x}" for i in range(200)]
    for n in (1, 2, 3, 7):
        owners = [[i for i in range(n) if Shard(i, n).owns(c)] for c in ids]
        assert all(len(o) == 1 for o in owners)
        if n > 1:
            assert len({o[0] for o in owners}) == n  # every shard gets some of 200 clips
    code = "import sys; from dubgen.shard import Shard; print([Shard(1, 3).owns(c) for c in sys.argv[1:]])"
    seen = {subprocess.run([sys.executable, "-c", code, *ids], env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed),
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2")}
    assert len(seen) == 1  # a stable partition: not Python's per-process hash


@pytest.mark.slow
def test_the_shards_split_the_clips_and_merge_into_the_unsharded_run(runs, tmp_path):
    base, outs = runs
    whole, s0, s1 = _pairs(outs["all"]), _pairs(outs["s0"]), _pairs(outs["s1"])
    assert len(whole) == 2 and len(s0) == 1 and len(s1) == 1 and set(s0) | set(s1) == set(whole)
    merged = base / "merged"  # a sibling of "all": its records must read the same, paths included
    assert main(["merge", str(outs["s0"]), str(outs["s1"]), "--out", str(merged)]) == 0
    got = _pairs(merged)
    assert set(got) == set(whole)
    for key, rec in whole.items():
        assert _identity(got[key]) == _identity(rec)
        for name in ("dubbed.wav", "speech.wav", "tts.wav"):
            a, b = merged / key[0] / "fast" / name, outs["all"] / key[0] / "fast" / name
            assert a.read_bytes() == b.read_bytes()
        assert resolve(merged, got[key].original_video).resolve() == resolve(outs["all"], rec.original_video).resolve()
    assert read_failures(merged / "failures.jsonl") == []


@pytest.mark.slow
def test_merge_rewrites_paths_out_of_the_folder_for_a_new_place(runs, tmp_path):
    _, outs = runs
    deep = tmp_path / "a" / "b" / "merged"
    assert main(["merge", str(outs["s0"]), "--out", str(deep)]) == 0
    (key, rec), = _pairs(deep).items()
    orig = _pairs(outs["s0"])[key]
    assert rec.original_video != orig.original_video  # one level deeper: another relative path
    assert resolve(deep, rec.original_video).resolve() == resolve(outs["s0"], orig.original_video).resolve()
    assert rec.dubbed_audio == orig.dubbed_audio and (deep / rec.dubbed_audio).is_file()


@pytest.mark.slow
def test_merge_joins_duplicates_reports_conflicts_and_drops_resolved_failures(runs, tmp_path, capsys):
    base, outs = runs
    twin, clash = base / "twin", base / "clash"  # beside s0: the same relative path to the inputs
    shutil.copytree(outs["s0"], twin)
    shutil.copytree(outs["s0"], clash)
    (key, rec), = _pairs(outs["s0"]).items()
    other = next(iter(_pairs(outs["s1"])))
    # the twin also failed the clip shard 1 dubbed (resolved there) and a clip no shard dubbed
    write_record(twin / "failures.jsonl", FailureRecord(input="/in/x.mp4", clip_id=other[0], recipe="fast",
                                                        language="es", stage="tts", error="boom"))
    write_record(twin / "failures.jsonl", FailureRecord(input="/in/y.mp4", clip_id="y-00000000", stage="probe",
                                                        error="not a media file"))
    out = tmp_path / "merged"
    assert main(["merge", str(outs["s0"]), str(twin), str(outs["s1"]), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "2 pairs" in report and "1 duplicates joined" in report and "0 conflicts" in report
    assert len((out / "pairs.jsonl").read_text().splitlines()) == 2  # one line per (clip, recipe)
    assert [f.clip_id for f in read_failures(out / "failures.jsonl")] == ["y-00000000"]

    wav = clash / rec.dubbed_audio
    wav.write_bytes(wav.read_bytes()[:-4] + b"\0\0\0\1")
    kept = (out / rec.dubbed_audio).read_bytes()
    assert main(["merge", str(clash), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "conflict" in err and key[0] in err and "dubbed.wav" in err
    assert (out / rec.dubbed_audio).read_bytes() == kept  # the first copy stays
    assert len((out / "pairs.jsonl").read_text().splitlines()) == 2
    json.loads((out / "pairs.jsonl").read_text().splitlines()[0])


def test_merge_refuses_a_folder_without_manifests(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["merge", str(tmp_path / "empty"), "--out", str(tmp_path / "m")]) == 2
    assert "not a dubgen output folder" in capsys.readouterr().err
