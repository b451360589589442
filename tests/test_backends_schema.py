"""Every backend's recipe options: one schema per backend, chosen by ``backend:``; every backend
built from a recipe; the run context (device, threads) reaches backends through one interface."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from pydantic import BaseModel

from dubgen.cli import main
from dubgen.config import STAGE_BLOCKS, Recipe, block_model, load_recipe, parse_recipe, recipe_schema, stage_block
from dubgen.errors import BackendUnavailable, RecipeError
from dubgen.registry import registries
from dubgen.runtime import Runtime, resolve_device
from dubgen.stages.asr import Transcriber
from dubgen.stages.base import Backend

ALL = [(stage, name) for stage, reg in registries().items() for name in reg.names()]


def _cls(stage: str, name: str) -> type[Backend]:
    return registries()[stage].get(name)  # type: ignore[return-value]


def test_every_stage_block_has_a_registry_and_a_default():
    regs = registries()
    assert set(STAGE_BLOCKS) <= set(regs)
    recipe = Recipe(name="r", language="es")
    for stage in STAGE_BLOCKS:
        assert getattr(recipe, stage).backend == regs[stage].default


@pytest.mark.parametrize("stage,name", ALL)
def test_backend_declares_its_options_and_takes_only_them(stage, name):
    cls = _cls(stage, name)
    assert cls.stage == stage and cls.backend == name
    assert issubclass(cls.Options, BaseModel)
    assert cls.Options.model_config.get("extra") == "forbid" and cls.Options.model_config.get("frozen")
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.kind for p in params] == [inspect.Parameter.VAR_KEYWORD], f"{cls.__name__}.__init__(self, **options)"
    for field, info in cls.Options.model_fields.items():
        assert info.description, f"{stage}.{field} of {name} has no description"
    # the recipe block is exactly `backend` + the options
    assert set(block_model(stage, name).model_fields) == {"backend", *cls.Options.model_fields}
    assert "device" not in cls.Options.model_fields  # the run's --device, not the recipe, decides


@pytest.mark.parametrize("stage,name", ALL)
def test_every_option_is_settable_from_a_recipe(stage, name, tmp_path):
    opts = _cls(stage, name).Options
    values = {f: info.get_default(call_default_factory=True) for f, info in opts.model_fields.items()
              if not info.is_required()}
    model = tmp_path / "model"  # an existing path for every model option
    model.mkdir()
    models = {f: str(model) for f in opts.model_fields if f == "model" or f.endswith("_model")}
    block = {"backend": name, **values, **models}
    p = tmp_path / "r.yaml"
    import yaml

    p.write_text(yaml.safe_dump({"language": "es", stage: block}), encoding="utf-8")
    assert getattr(load_recipe(p), stage).model_dump() == block


@pytest.mark.parametrize("stage,name", ALL)
def test_a_wrong_option_names_file_field_and_backend(stage, name, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(f"language: es\n{stage}:\n  backend: {name}\n  no_such_option: 1\n", encoding="utf-8")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    assert f"{p}" in str(e.value) and f"{stage}.no_such_option: unknown field for backend {name}" in str(e.value)


@pytest.mark.parametrize("name", registries()["tts"].names())
def test_tts_backends_take_the_stage_options_the_planner_reads(name):
    """The synthesize stage plans with the block's ``rate`` (and voices with ``voice``)."""
    from dubgen.stages.tts import Synthesizer

    assert issubclass(_cls("tts", name).Options, Synthesizer.Options)


def test_options_the_issue_names_are_settable_and_reach_the_backend(tmp_path):
    from dubgen.registry import registry

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    r = parse_recipe({
        "language": "es",
        "tts": {"backend": "coqui", "model": str(model), "seed": 7, "native_wpm": 150},
        "translate": {"backend": "transformers", "model": str(model), "num_beams": 2},
    }, "r.yaml")
    if "whisperx" in registries()["asr"].names():  # its alignment model is an option of its own
        assert stage_block("asr", {"backend": "whisperx", "model": "m", "align_model": "a"}).align_model == "a"
    tts = registry("tts").build(r.tts.backend, **r.tts.kwargs())
    assert (tts.seed, tts.native_wpm) == (7, 150.0)
    mt = registry("translate").build(r.translate.backend, **r.translate.kwargs())
    assert mt.num_beams == 2 and mt.folder == model
    # ...and only where the backend takes them
    for block in ({"tts": {"seed": 1}}, {"translate": {"num_beams": 2}}, {"separation": {"model": "x"}},
                  {"tts": {"model": "x"}}, {"translate": {"model": "x"}}, {"voice": {"backend": "coqui", "max_formant_shift": 1.2}}):
        stage = next(iter(block))
        with pytest.raises(RecipeError, match=rf"{stage}\.\w+: unknown field for backend"):
            parse_recipe({"language": "es", **block}, "r.yaml")


def test_ranges_are_the_backends_own():
    with pytest.raises(RecipeError, match="voice.max_formant_shift"):
        parse_recipe({"language": "es", "voice": {"max_formant_shift": 0.9}}, "r.yaml")
    with pytest.raises(RecipeError, match="tts.rate"):
        parse_recipe({"language": "es", "tts": {"backend": "piper", "rate": 1000}}, "r.yaml")
    # the piper default differs from espeak's; each backend's Options holds its own
    assert parse_recipe({"language": "es", "tts": {"backend": "piper"}}, "r.yaml").tts.rate == 160.0
    assert parse_recipe({"language": "es"}, "r.yaml").voice.max_formant_shift == 1.1


def _model_path(tmp_path: Path, stage: str, name: str) -> Path:
    return tmp_path / f"missing-{stage}-{name}"


@pytest.mark.parametrize("stage,name", ALL)
def test_every_backend_builds_from_a_recipe(stage, name, tmp_path):
    """Constructed through the recipe path, nothing loaded. A backend whose package is missing
    fails with a clear error; one that takes a model fails naming a missing model path."""
    cls = _cls(stage, name)
    reg = registries()[stage]
    fields = cls.Options.model_fields
    check = cls.check()
    if "model" in fields:
        missing = _model_path(tmp_path, stage, name)
        block = stage_block(stage, {"backend": name, "model": str(missing),
                                    **({"align_model": str(missing)} if "align_model" in fields else {})})
        with pytest.raises(BackendUnavailable) as e:
            reg.build(name, runtime=Runtime(), **block.kwargs())
        assert (str(missing) in str(e.value)) or not check.ok, str(e.value)
    buildable = all(not info.is_required() for info in fields.values()) and (
        "model" not in fields or name in ("faster-whisper", "piper"))  # bundled default models
    if not buildable:
        return
    block = stage_block(stage, {"backend": name})
    if not check.ok:
        with pytest.raises(BackendUnavailable):
            reg.build(name, runtime=Runtime(), **block.kwargs())
        return
    backend = reg.build(name, runtime=Runtime(threads=1), **block.kwargs())
    assert isinstance(backend, cls) and backend.runtime == Runtime(threads=1)
    assert backend.options == cls.Options(**block.kwargs())
    assert isinstance(backend.version(), str) and backend.device == "cpu"


@pytest.mark.parametrize("name", registries()["asr"].names())
def test_every_asr_backend_implements_back_transcription(name):
    cls = _cls("asr", name)
    assert cls.transcribe_text is not Transcriber.transcribe_text
    assert cls.transcribe is not Transcriber.transcribe


@pytest.mark.parametrize("stage,name", ALL)
def test_device_comes_from_the_run_and_cpu_backends_ignore_cuda(stage, name):
    cls = _cls(stage, name)
    assert set(cls.DEVICES) <= {"cpu", "cuda"} and "cpu" in cls.DEVICES
    backend = object.__new__(cls)  # the device logic needs no options or model
    Backend.configure(backend, Runtime(device="cpu"))
    assert backend.device == "cpu"
    Backend.configure(backend, Runtime(device="cuda"))
    if "cuda" not in cls.DEVICES:
        assert backend.device == "cpu"  # documented: runs on the CPU whatever --device says
    elif resolve_device("auto") == "cpu":
        with pytest.raises(BackendUnavailable, match="no CUDA device"):
            backend.device
    else:
        assert backend.device == "cuda"


def test_runtime_validates_and_resolves():
    with pytest.raises(ValueError, match="device"):
        Runtime(device="gpu")
    with pytest.raises(ValueError, match="threads"):
        Runtime(threads=-1)
    assert resolve_device("cpu") == "cpu" and resolve_device("auto") in ("cpu", "cuda")
    assert Runtime(device="auto").device_for(("cpu",)) == "cpu"


def test_cli_device_choice(capsys):
    with pytest.raises(SystemExit):
        main(["dub", "x.mp4", "--out", "o", "--recipe", "es", "--device", "tpu"])
    assert "device must be auto, cpu, cuda" in capsys.readouterr().err


def test_cuda_without_a_gpu_is_one_error_before_any_work(tmp_path, capsys):
    if resolve_device("auto") != "cpu":
        pytest.skip("this machine has a CUDA device")
    from conftest import GRID

    out = tmp_path / "out"
    assert main(["dub", str(GRID), "--out", str(out), "--recipe", "es", "--device", "cuda", "--quiet"]) == 2
    assert "--device cuda: torch sees no CUDA device" in capsys.readouterr().err
    assert not out.exists()


def test_recipe_schema_lists_every_backend_with_its_options():
    schema = recipe_schema()
    tts = schema["properties"]["tts"]["oneOf"]
    by_backend = {s["properties"]["backend"]["const"]: s for s in tts}
    assert set(by_backend) == set(registries()["tts"].names())
    assert "seed" in by_backend["coqui"]["properties"] and "seed" not in by_backend["espeak-ng"]["properties"]
    assert by_backend["coqui"]["additionalProperties"] is False
    assert "timing" in schema["properties"]  # blocks without backends stay as they are


def test_cli_schema_recipe(tmp_path, capsys):
    import json

    assert main(["schema", "--recipe"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {s["properties"]["backend"]["const"] for s in schema["properties"]["asr"]["oneOf"]} >= {"faster-whisper", "openai-whisper"}


def test_registering_a_backend_without_options_is_refused():
    from dubgen.registry import _REGISTRIES, StageRegistry

    reg = StageRegistry("test-stage")
    try:
        with pytest.raises(TypeError, match="nested pydantic `Options`"):
            reg.register("bare")(type("Bare", (), {}))

        class Bad(Backend):
            class Options(BaseModel):
                backend: str = "x"

        with pytest.raises(TypeError, match="'backend' is reserved"):
            reg.register("bad")(Bad)
    finally:
        _REGISTRIES.pop("test-stage")


@pytest.mark.slow
def test_two_workers_with_openai_whisper_and_qc_end_to_end(tmp_path, capsys):
    """`--workers 2` with `asr.backend: openai-whisper` and QC on: Resources passes the run
    context through configure() (no backend-specific kwargs) and QC back-transcribes through
    the ASR interface, so both work with a backend other than faster-whisper."""
    import json
    import shutil

    import yaml
    from conftest import GRID
    from test_neural_backends import _tiny_whisper

    ckpt = _tiny_whisper(tmp_path / "tiny.pt")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GRID, src / GRID.name)  # one 6 s clip: --workers 2 runs it in a worker process
    recipe = tmp_path / "ow.yaml"
    recipe.write_text(yaml.safe_dump({
        "language": "es", "source_language": "en",
        "asr": {"backend": "openai-whisper", "model": str(ckpt), "beam_size": 1, "max_tokens": 12},
        "qc": {"enabled": True},
    }), encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["dub", str(src), "--out", str(out), "--recipe", str(recipe), "--workers", "2", "--device", "cpu", "--quiet"])
    assert rc == 0, capsys.readouterr()
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == 1
    for p in pairs:
        stages = {s["name"]: s for s in p["stages"]}
        asr = stages["asr"]
        assert asr["backend"] == "openai-whisper" and asr["params"]["device"] == "cpu"
        assert asr["params"]["max_tokens"] == 12 and "fp16=False" in asr["version"]
        assert all(stages[s]["params"]["device"] == "cpu" for s in ("speakers", "separation", "translate", "voice", "loudness"))
        assert stages["synthesize"]["params"]["tts"]["device"] == "cpu"
        qc = p["qc"]
        assert isinstance(qc["pass"], bool) and qc["metrics"]["wer"] is not None
        heard = qc["detail"]["texts"]["heard"]
        assert "the" in heard.split()  # the tiny steered model's word, heard through transcribe_text
