import json
import shutil

import pytest

from dubgen.eval.ablation import arm_configs, format_ablation, run_ablation
from dubgen.eval.report import evaluate, format_report
from dubgen.train import commands
from dubgen.train.solver import Solver
from train_fixtures import shared_dataset, tiny_config


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    data = shared_dataset()
    out = tmp_path_factory.mktemp("run")
    cfg = tiny_config(out, data, run__steps=3, data__dub_languages=["es"], data__dub_prob=0.5)
    Solver(cfg).fit()
    return data, out / "checkpoint.pt"


def test_eval_reports_retrieval_invariance_and_held_out_language(trained, tmp_path):
    data, ckpt = trained
    res = evaluate(ckpt, data, split="all", workers=0)
    assert res["n_clips"] == 10 and res["train_languages"] == ["es"]
    assert res["retrieval"]["es"]["status"] == "seen" and res["retrieval"]["ca"]["status"] == "held-out"
    assert res["retrieval"]["orig"]["status"] == "original"
    for track in ("orig", "es", "ca"):
        for d in ("a2v", "v2a"):
            m = res["retrieval"][track][d]
            assert m["n"] == 10  # the values themselves: test_eval_metrics::test_ranks_and_recall_against_a_hand_computed_case
    assert set(res["language_invariance"]) == {"es", "ca"}
    text = format_report(res)
    assert "held-out" in text and "R@1" in text and "en (original)" in text


def test_eval_cli_with_probe_folder_and_csv(trained, tmp_path, capsys):
    data, ckpt = trained
    probe = tmp_path / "probe"
    rows = ["path,labels"]
    for i, p in enumerate(sorted((data / "videos").glob("*.mp4"))):
        cls = "even" if i % 2 == 0 else "odd"
        (probe / cls).mkdir(parents=True, exist_ok=True)
        shutil.copy(p, probe / cls / p.name)
        rows.append(f"{cls}/{p.name},{cls};{'low' if i < 5 else 'high'}")
    (probe / "labels.csv").write_text("\n".join(rows) + "\n")
    out = tmp_path / "m.json"
    assert commands.main(["eval", str(ckpt), str(data), "--probe", str(probe), "--json", str(out), "--workers", "0"]) == 0
    res = json.loads(out.read_text())
    assert res["probe"]["classes"] == ["even", "odd"] and 0 <= res["probe"]["av_top1"] <= 1
    assert "linear probe" in capsys.readouterr().out
    assert commands.main(["eval", str(ckpt), "--probe", str(probe / "labels.csv"), "--workers", "0"]) == 0
    assert "video_mAP" in capsys.readouterr().out


def test_ablation_arms_differ_only_in_dubs(trained, tmp_path, capsys):
    data, _ = trained
    cfg = tiny_config(tmp_path / "abl", data, run__steps=2, data__cache=str(tmp_path / "cache"))
    arms = arm_configs(cfg, tmp_path / "abl")
    a, b = arms["without_dubs"].to_dict(), arms["with_dubs"].to_dict()
    assert a["data"]["dub_prob"] == 0.0 and b["data"]["dub_prob"] == 0.5
    a["data"].pop("dub_prob"), b["data"].pop("dub_prob"), a["run"].pop("out"), b["run"].pop("out")
    assert a == b  # same seed, data, split, cache, steps, batch
    res = run_ablation(cfg, tmp_path / "abl")
    table = format_ablation(res)
    assert "without" in table and "with" in table and "a2v R@1" in table
    assert json.loads((tmp_path / "abl" / "ablation.json").read_text())["seed"] == 0
    assert res["without_dubs"]["eval"]["train_languages"] == [] and res["with_dubs"]["eval"]["train_languages"] == ["ca", "es"]
