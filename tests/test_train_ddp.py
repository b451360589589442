"""Two CPU processes (gloo) under torchrun: both ranks must end with identical parameters."""

import os
import subprocess
import sys
import textwrap

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
