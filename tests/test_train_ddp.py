"""Two CPU processes (gloo) under torchrun: both ranks must end with identical parameters."""

import os
import subprocess
import sys
import textwrap

import pytest
import torch

from train_fixtures import shared_dataset

WORKER = textwrap.dedent(
    """
    import sys, torch
    sys.path.insert(0, {tests!r})
    from train_fixtures import tiny_config
    from dubgen.train.solver import Solver
    cfg = tiny_config({out!r}, {data!r}, run__steps=3, run__batch_size=2, data__cache={cache!r}, run__threads=1)
    s = Solver(cfg)
    summary = s.fit()
    torch.save({{"state": s.model.state_dict(), "world": summary.world_size, "clips": summary.clips_seen}},
               {out!r} + f"/rank{{s.dist.rank}}.pt")
    """
)


def test_ddp_two_cpu_processes_agree(tmp_path):
    data = shared_dataset()
    script = tmp_path / "worker.py"
    out = tmp_path / "run"
    out.mkdir()
    tests = os.path.dirname(__file__)
    script.write_text(WORKER.format(tests=tests, out=str(out), data=str(data), cache=str(tmp_path / "cache")))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.getcwd()}
    r = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "29531", str(script)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    a, b = (torch.load(out / f"rank{i}.pt", weights_only=True) for i in (0, 1))
    assert a["world"] == b["world"] == 2 and a["clips"] == 3 * 2 * 2
    assert all(torch.equal(a["state"][k], b["state"][k]) for k in a["state"])
    init = torch.load(out / "checkpoint.pt", weights_only=True)["model"]["state"]
    assert all(torch.equal(init[k], a["state"][k]) for k in a["state"])  # rank 0 saved what it holds


CASES = [("joint", 2), ("one-way", 2), ("joint", 3)]  # (denominator, clips on rank 0 of 4)
GATHER_WORKER = textwrap.dedent(
    """
    import sys, torch
    CASES = {cases!r}
    sys.path.insert(0, {tests!r})
    from train_fixtures import tiny_config, synthetic_batch
    from dubgen.train.solver import Solver
    out = {{}}
    for denominator, first in CASES:
        cfg = tiny_config({out!r}, "-", run__threads=1, loss__learn_temperature=True, loss__denominator=denominator)
        s = Solver(cfg)
        r = s.dist.rank
        full = synthetic_batch(4, seed=5)
        lo, hi = (0, first) if r == 0 else (first, 4)  # rank 0 holds clips [0, first), rank 1 the rest
        mine = {{k: (v[lo:hi] if torch.is_tensor(v) else v) for k, v in full.items()}}
        mine["size"] = hi - lo
        row = s._micro_step(s.wrapped(), mine, sync=True)
        out[f"{{denominator}}-{{first}}"] = {{"loss": row["loss"],
                                            "grads": {{n: p.grad.clone() for n, p in s.model.named_parameters()}}}}
    torch.save(out, {out!r} + f"/gather{{r}}.pt")
    """
)


def _single_process(batch, denominator):
    from dubgen.train.solver import Solver
    from train_fixtures import tiny_config

    s = Solver(tiny_config("unused", "-", loss__learn_temperature=True, loss__denominator=denominator))
    row = s._micro_step(s.wrapped(), batch, sync=True)
    return row["loss"], {n: p.grad for n, p in s.model.named_parameters()}


def test_ddp_contrasts_against_the_global_batch(tmp_path):
    """2 gloo processes (2 + 2 and 3 + 1 clips): loss and DDP-averaged gradients equal one process on all 4."""
    from train_fixtures import synthetic_batch

    script = tmp_path / "gather.py"
    script.write_text(GATHER_WORKER.format(tests=os.path.dirname(__file__), out=str(tmp_path), cases=CASES))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": os.getcwd()}
    r = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port", "29533", str(script)],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    ranks = [torch.load(tmp_path / f"gather{i}.pt", weights_only=True) for i in (0, 1)]
    full = synthetic_batch(4, seed=5)
    half = {k: (v[:2] if torch.is_tensor(v) else v) for k, v in full.items()}
    half["size"] = 2
    for denominator, first in CASES:
        loss, grads = _single_process(full, denominator)
        local_loss, _ = _single_process(half, denominator)
        assert abs(local_loss - loss) > 1e-3  # rank 0's own batch alone gives another loss
        for rank in ranks:
            got = rank[f"{denominator}-{first}"]
            assert got["loss"] == pytest.approx(loss, rel=1e-5)
            for name, g in grads.items():
                assert torch.allclose(got["grads"][name], g, rtol=1e-4, atol=1e-6), (denominator, name)
