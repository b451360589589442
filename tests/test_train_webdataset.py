"""The trainer streams WebDataset shards written by `dubgen export --format webdataset`."""

import csv
import json

import numpy as np
import pytest
import torch

from dubgen.errors import DubgenError
from dubgen.export import export
from dubgen.train.data import split_of
from dubgen.train.webdata import DistinctClipBatcher, ShardStream, expand_shards, shards_for
from train_fixtures import shared_dataset, tiny_config


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """The shared training set (10 clips x es, ca = 20 pairs) in 4 shards of 5 pairs."""
    dest = tmp_path_factory.mktemp("wds") / "shards"
    export(shared_dataset(), "webdataset", dest, shard_size=5)
    meta = json.loads((dest / "dubgen-export.json").read_text())
    assert meta["pattern"] == "pairs-{000000..000003}.tar" and meta["clips"] == 10
    return str(dest / meta["pattern"])


def test_shards_split_by_rank_and_worker_without_overlap():
    for epoch in range(3):
        parts = [shards_for(8, epoch, 0, r, 2, w, 2) for r in range(2) for w in range(2)]
        assert all(len(p) == 2 for p in parts)
        assert sorted(i for p in parts for i in p) == list(range(8))
    assert len({tuple(shards_for(8, e, 0, 0, 2, 0, 2)) for e in range(3)}) > 1  # passes reshuffle the shards


def test_batches_hold_distinct_clips_and_duplicates_wait():
    b = DistinctClipBatcher(2)
    got = [b.add({"clip_id": c, "n": i}) for i, c in enumerate(["a", "a", "b", "c", "d"])]
    assert got[0] is None and got[1] is None
    assert [s["n"] for s in got[2]] == [0, 2]  # the second "a" waits
    assert [s["n"] for s in got[3]] == [1, 3] and got[4] is None


def _stream(cfg, pattern, **kw):
    from dubgen.train.data import AVPairDataset, DecodeSource, feature_spec

    spec = feature_spec("xxs", cfg.data)
    views = AVPairDataset([], spec, DecodeSource([], spec), cfg.data.augment, cfg.data.dub_prob, None,
                          cfg.data.jitter_seconds, False, cfg.run.seed)
    return ShardStream(expand_shards(pattern), views, 2, seed=0, val_fraction=0.2, **kw)


def test_stream_leaves_out_held_out_clips_and_resumes_exactly(shards, tmp_path):
    cfg = tiny_config(tmp_path, "", data__webdataset=shards, data__path="", data__dub_prob=1.0)
    it = iter(_stream(cfg, shards))
    batches = [next(it) for _ in range(4)]
    for b in batches:
        assert b["size"] == 2 and len(set(b["clip_id"])) == 2
        assert all(split_of(c, 0.2, 0) == "train" for c in b["clip_id"])
        assert set(b["track_p"]) <= {"es", "ca"}  # dub_prob 1: the dub of the pair
        assert b["video_p"].shape == (2, 3, 4, 32, 32) and b["audio_p"].shape == (2, 1, 32, 64)
    resumed = next(iter(_stream(cfg, shards, skip_batches=3)))
    assert resumed["clip_id"] == batches[3]["clip_id"]
    assert torch.equal(resumed["video_p"], batches[3]["video_p"]) and torch.equal(resumed["audio_s"], batches[3]["audio_s"])
    with pytest.raises(DubgenError, match="missing shard"):
        expand_shards(str(tmp_path / "pairs-{000000..000001}.tar"))


def test_trainer_trains_from_shards_with_two_workers_and_resumes_exactly(shards, tmp_path):
    from dubgen.train.model import read_checkpoint
    from dubgen.train.solver import Solver

    def cfg(out, steps, workers=2):
        return tiny_config(tmp_path / out, "", data__webdataset=shards, data__path="", data__workers=workers,
                           run__batch_size=2, run__steps=steps, run__threads=1)

    summary = Solver(cfg("a", 4)).fit()
    assert summary.steps == 4 and summary.clips_seen == 8 and np.isfinite(summary.final_loss)
    assert summary.languages == ["ca", "es"] and summary.usable_clips == 10
    rows = list(csv.DictReader(open(tmp_path / "a" / "log.csv")))
    assert [int(r["step"]) for r in rows] == [1, 2, 3, 4] and all(np.isfinite(float(r["loss"])) for r in rows)
    assert read_checkpoint(tmp_path / "a" / "checkpoint.pt")["train_languages"] == ["ca", "es"]
    # stopped after 2 steps and resumed: the same parameters as the uninterrupted run
    Solver(cfg("b", 2)).fit()
    Solver(cfg("b", 4), resume=True).fit()
    a, b = (read_checkpoint(tmp_path / r / "checkpoint.pt")["model"]["state"] for r in "ab")
    assert all(torch.equal(a[k], b[k]) for k in a)
    # too few shards for the workers: said before training
    with pytest.raises(DubgenError, match="every worker needs one"):
        Solver(cfg("c", 2, workers=5)).fit()


def test_config_refuses_shards_with_a_path(tmp_path):
    from dubgen.errors import RecipeError

    with pytest.raises(RecipeError, match="data.webdataset"):
        tiny_config(tmp_path, "pairs.jsonl", data__webdataset="x-{0..1}.tar")


def test_command_line_data_may_be_shards(tmp_path):
    from dubgen.train.commands import _config_from_args, build_parser

    config = tmp_path / "c.yaml"
    config.write_text("data:\n  path: somewhere/pairs.jsonl\n")
    args = build_parser().parse_args(["train", str(config), "shards/pairs-{000000..000003}.tar"])
    cfg = _config_from_args(args)
    assert cfg.data.webdataset == "shards/pairs-{000000..000003}.tar" and cfg.data.path == ""
    args = build_parser().parse_args(["train", "shards/pairs-000000.tar"])
    assert _config_from_args(args).data.webdataset == "shards/pairs-000000.tar"


DDP_WORKER = """
import sys, json, torch
sys.path.insert(0, {tests!r})
from train_fixtures import tiny_config
from dubgen.train.solver import Solver
cfg = tiny_config({out!r}, "", data__webdataset={shards!r}, data__path="", data__workers=1, run__batch_size=2,
                  run__steps=2, run__threads=1)
s = Solver(cfg)
summary = s.fit()
torch.save({{"state": s.model.state_dict(), "clips": summary.clips_seen, "world": summary.world_size}},
           {out!r} + f"/rank{{s.dist.rank}}.pt")
"""


def test_two_processes_train_from_their_shares_of_the_shards(shards, tmp_path):
    import os
    import subprocess
    import sys

    out = tmp_path / "run"
    out.mkdir()
    script = tmp_path / "worker.py"
    script.write_text(DDP_WORKER.format(tests=os.path.dirname(__file__), out=str(out), shards=shards))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.getcwd()}
    r = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "29537", str(script)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    a, b = (torch.load(out / f"rank{i}.pt", weights_only=True) for i in (0, 1))
    assert a["world"] == b["world"] == 2 and a["clips"] == 2 * 2 * 2
    assert all(torch.equal(a["state"][k], b["state"][k]) for k in a["state"])


def test_ablate_refuses_shards(capsys):
    from dubgen.train import commands

    assert commands.main(["ablate", "shards/pairs-000000.tar"]) == 2
    assert "data.webdataset" in capsys.readouterr().err
