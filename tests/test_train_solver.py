import csv
import json

import pytest
import torch

from dubgen.train import commands
from dubgen.train.model import read_checkpoint
from dubgen.train.solver import Solver, cosine_with_warmup
from train_fixtures import copy_dataset, shared_dataset, tiny_config


@pytest.fixture(scope="module")
def data():
    return shared_dataset()


def _params(path):
    return read_checkpoint(path)["model"]["state"]


def test_resume_is_exact(data, tmp_path):
    cache = tmp_path / "cache"
    straight = tiny_config(tmp_path / "a", data, run__steps=4, data__cache=str(cache))
    Solver(straight).fit()
    first = tiny_config(tmp_path / "b", data, run__steps=2, data__cache=str(cache))
    Solver(first).fit()
    second = tiny_config(tmp_path / "b", data, run__steps=4, data__cache=str(cache))
    s = Solver(second, resume=True).fit()
    assert s.steps == 4
    a, b = _params(tmp_path / "a" / "checkpoint.pt"), _params(tmp_path / "b" / "checkpoint.pt")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    rows = list(csv.DictReader(open(tmp_path / "b" / "log.csv")))
    assert [int(r["step"]) for r in rows] == [1, 2, 3, 4]
    ref = list(csv.DictReader(open(tmp_path / "a" / "log.csv")))
    assert [r["loss"] for r in rows] == [r["loss"] for r in ref]
    ck = read_checkpoint(tmp_path / "b" / "checkpoint.pt")
    assert ck["config"]["model"]["variant"] == "xxs" and ck["model"]["class"] == "AVModel"


def test_training_lowers_the_loss(data, tmp_path):
    cfg = tiny_config(tmp_path / "r", data, run__steps=16, run__batch_size=8, data__cache=str(tmp_path / "c"),
                      data__workers=0, optim__lr=3e-3, data__val_fraction=0.0)
    Solver(cfg).fit()
    loss = [float(r["loss_cross"]) for r in csv.DictReader(open(tmp_path / "r" / "log.csv"))]
    assert sum(loss[-4:]) / 4 < sum(loss[:4]) / 4 - 0.05, loss


def test_accumulation_and_schedule(data, tmp_path):
    cfg = tiny_config(tmp_path / "r", data, run__steps=2, run__accumulate=2, run__batch_size=2, data__val_fraction=0.0)
    s = Solver(cfg).fit()
    assert s.clips_seen == 2 * 2 * 2
    f = cosine_with_warmup(10, 100, 0.1)
    assert f(0) == pytest.approx(0.1) and f(9) == pytest.approx(1.0) and f(100) == pytest.approx(0.1)
    assert f(55) == pytest.approx(0.1 + 0.9 * 0.5, abs=1e-6)


def test_cli_train_counts_bad_files_and_refuses_other_variant(tmp_path, capsys):
    root = copy_dataset(tmp_path / "d")
    (root / "videos" / "clip0004.mp4").unlink()
    (root / "dubs" / "ca" / "clip0005.wav").write_bytes(b"garbage")
    out = tmp_path / "run"
    argv = ["train", str(root / "pairs.jsonl"), "--out", str(out), "--steps", "2", "--no-progress",
            "-o", "run.batch_size=4", "-o", "data.workers=0", "-o", "data.clip_seconds=1.0", "-o", "data.dub_prob=1.0",
            "-o", "data.val_fraction=0"]
    assert commands.main(argv) == 0
    text = capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped_count"] >= 1 and any("clip0004.mp4" in s for s in summary["skipped_files"])
    assert "skipped" in text and "clip0004.mp4" in text
    # resuming with another variant is refused before training
    assert commands.main(argv + ["--resume", "-o", "model.variant=s"]) == 2
    assert "checkpoint holds AVModel/xxs" in capsys.readouterr().err
    # a run folder with a checkpoint is not overwritten silently
    assert commands.main(argv) == 2
    # a wrong field is an error before anything runs
    assert commands.main(argv[:2] + ["--out", str(tmp_path / "x"), "-o", "optim.lr_typo=1"]) == 2
    assert "optim.lr_typo: unknown field" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_cuda_device_is_accepted_or_refused_clearly(data, tmp_path):
    if torch.cuda.is_available():
        pytest.skip("has CUDA: covered by bench/train.py --device cuda")
    from dubgen.errors import DubgenError

    with pytest.raises(DubgenError, match="CUDA is not available"):
        Solver(tiny_config(tmp_path / "r", data, run__device="cuda"))


def test_register_adds_subcommands_to_a_foreign_parser():
    import argparse

    p = argparse.ArgumentParser(prog="dubgen")
    commands.register(p.add_subparsers(dest="cmd"))
    args = p.parse_args(["ablate", "recipes/train/xxs.yaml", "--steps", "3"])
    assert args.func is commands.cmd_ablate and args.steps == 3


def test_cuda_names_the_processs_gpu_by_index(monkeypatch):
    """``--device cuda`` selects an indexed GPU (torch.cuda.set_device refuses a bare "cuda"):
    the local rank's under torchrun, GPU 0 otherwise."""
    from dubgen.train.solver import DistInfo, resolve_device

    chosen = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "set_device", lambda d: chosen.append(d))
    assert resolve_device("cuda", DistInfo()) == torch.device("cuda:0")
    assert resolve_device("cuda", DistInfo(rank=3, world=4, local_rank=1)) == torch.device("cuda:1")
    assert resolve_device("cuda:2", DistInfo()) == torch.device("cuda:2")
    assert [d.index for d in chosen] == [0, 1, 2]
