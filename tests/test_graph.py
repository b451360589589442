"""The declared stage graph: keys derived from inputs and parameters, shared work planned once,
failures carried to exactly the recipes that depend on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dubgen.config import Recipe, load_recipe
from dubgen.errors import MediaError
from dubgen.graph import PUBLISH, SHARE, Clip
from dubgen.media import MediaInfo
from dubgen.pipeline import ClipPipeline, ClipRun
from dubgen.resources import Resources
from dubgen.steps import GRAPH, STEPS

ROOT = Path(__file__).resolve().parents[1]
CLIP = Clip("in.mp4", "in-0123abcd", "0123abcd" * 8, MediaInfo("in.mp4", 3.0, True, 44100, 2, "aac"), 44100)


def _variant(base: Recipe, name: str, **blocks) -> Recipe:
    """``base`` with some blocks changed; a block naming another backend starts from that backend's defaults."""
    data = base.model_dump()
    data["name"] = name
    for block, update in blocks.items():
        data[block] = update if "backend" in update else {**data[block], **update}
    return Recipe.model_validate(data)


@pytest.fixture(scope="module")
def pipe(tmp_path_factory):
    return ClipPipeline(tmp_path_factory.mktemp("out"), Resources())


def _keys(plan, r: int) -> dict[str, str]:
    return {plan.tasks[i].step: plan.tasks[i].key for i in plan.chains[r]}


def test_every_step_reads_only_declared_earlier_steps():
    seen: set[str] = set()
    for step in GRAPH:
        assert set(step.inputs) <= seen, step.name
        assert (step.block is None) != (step.describe_with is None), step.name
        seen.add(step.name)
    assert set(STEPS["qc"].inputs) <= seen


def test_a_change_invalidates_exactly_what_depends_on_it(pipe):
    es = load_recipe(ROOT / "recipes" / "es.yaml")
    recipes = [es, _variant(es, "es_loud", loudness={"max_eq_db": 6.0}), _variant(es, "es_dsp", separation={"backend": "dsp"})]
    plan = pipe.plan(CLIP, recipes)
    assert plan.errors == {}
    base, loud, dsp = (_keys(plan, r) for r in range(3))
    before = ("extract", "asr", "align", "separation", "speakers", "profiles", "translate", "synthesize", "voice")
    assert [s for s in before if base[s] == loud[s]] == list(before)
    assert [s for s in ("loudness", "remix") if base[s] != loud[s]] == ["loudness", "remix"]
    # speakers are found and described in the separated speech, and their profiles choose the voices
    assert [s for s in base if s != PUBLISH and base[s] == dsp[s]] == ["extract", "asr", "align", "translate"]
    # one task per distinct (step, key): the shared steps run once, each recipe publishes its own pair
    assert len(plan.tasks) == len({(t.step, t.key) for t in plan.tasks})
    assert sum(t.step == "asr" for t in plan.tasks) == 1 and sum(t.step == PUBLISH for t in plan.tasks) == 3
    assert sum(t.step == SHARE for t in plan.tasks) == 2  # the dsp variant's background differs
    # the keys are the framework's: planning again gives the same ones, and the seed enters synthesis
    assert _keys(pipe.plan(CLIP, recipes), 0) == base
    other = _keys(ClipPipeline(pipe.out, pipe.resources, seed=7).plan(CLIP, [es]), 0)
    assert other["translate"] == base["translate"] and other["synthesize"] != base["synthesize"]


def test_a_recipe_that_cannot_be_planned_fails_alone(pipe, tmp_path):
    es = load_recipe(ROOT / "recipes" / "es.yaml")
    plan = pipe.plan(CLIP, [es, _variant(es, "es_mt", translate={"backend": "transformers", "model": str(tmp_path / "nothing")})])
    assert set(plan.chains) == {0} and plan.errors[1][0] == "translate"
    run = ClipRun(Path("in.mp4"), plan, [es, es])
    for t in plan.tasks:
        run.finish(t, None)
    pairs, failures = run.outcome()
    assert len(pairs) == 1 and [(f.recipe, f.stage) for f in failures] == [("es", "translate")]
    assert "nothing" in failures[0].error


def test_a_failure_takes_exactly_its_dependents_with_it(pipe):
    es = load_recipe(ROOT / "recipes" / "es.yaml")
    ca = load_recipe(ROOT / "recipes" / "ca.yaml")
    plan = pipe.plan(CLIP, [es, ca])
    run = ClipRun(Path("in.mp4"), plan, [es, ca])
    steps = {(t.step, t.language): t for t in plan.tasks}
    for t in run.ready():
        run.finish(t, None)  # extract
    assert [t.step for t in run.ready()] == ["asr"]
    done = set()
    while not run.settled:
        for t in run.ready():
            if t is steps[("translate", "ca")]:
                run.fail(t, MediaError("in.mp4", "no Catalan"))
            else:
                run.finish(t, f"{t.step}-done")
                done.add((t.step, t.language))
    # es went through; ca stopped at translate and nothing after it ran
    assert ("publish", "es") in done and not any(lang == "ca" for _, lang in done - {("publish", "es")})
    pairs, failures = run.outcome()
    assert pairs == ["publish-done"] and [(f.recipe, f.stage, f.error) for f in failures] == [("ca", "translate", "in.mp4: no Catalan")]


def test_a_failed_extraction_is_one_failure_of_the_clip(pipe):
    es, ca = load_recipe(ROOT / "recipes" / "es.yaml"), load_recipe(ROOT / "recipes" / "ca.yaml")
    run = ClipRun(Path("in.mp4"), pipe.plan(CLIP, [es, ca]), [es, ca])
    [extract] = run.ready()
    run.fail(extract, MediaError("in.mp4", "truncated"))
    assert run.settled and run.ready() == []
    pairs, failures = run.outcome()
    assert pairs == [] and [(f.recipe, f.stage) for f in failures] == [("", "extract")]


def test_gpu_steps_are_planned_on_a_driver_without_one_and_go_only_to_gpu_workers(tmp_path):
    """--device cuda through Ray: the driver plans with the workers' device (it needs no GPU
    itself), marks the steps whose backends run there, and hands those only to GPU actors."""
    from dubgen.executors.ray_executor import _Batch
    from dubgen.graph import on_gpu

    assert on_gpu(({"tts": {"device": "cuda:1"}}, ())) and not on_gpu(({"device": "cpu"}, ({"device": "cpu"},)))
    es = load_recipe(ROOT / "recipes" / "es.yaml")
    plan = ClipPipeline(tmp_path, Resources(device="cuda", verify=False)).plan(CLIP, [es])
    assert plan.errors == {}
    gpu = {t.step for t in plan.tasks if t.gpu}
    assert {"asr", "speakers", "separation"} <= gpu  # faster-whisper, resemblyzer, spleeter take CUDA
    assert not gpu & {"extract", "loudness", "remix", "translate", "share", "publish"}
    assert {t.key for t in plan.tasks if t.step == "asr"} != {t.key for t in ClipPipeline(tmp_path, Resources()).plan(CLIP, [es]).tasks
                                                               if t.step == "asr"}  # the device is in the key

    batch = _Batch(None, None, None, None, ["gpu", "cpu"], None, False, {"gpu"})
    batch.ran = {"gpu": set(), "cpu": {"asr"}}
    run = ClipRun(Path("in.mp4"), plan, [es])
    batch.clips = {Path("in.mp4"): run}
    [extract] = run.ready()
    run.finish(extract, None)
    [asr] = run.ready()
    assert asr.gpu and batch._pick("cpu") is None and batch._pick("gpu") == (Path("in.mp4"), asr)
