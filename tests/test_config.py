from pathlib import Path

import pytest

from dubgen.cli import main
from dubgen.config import load_recipe, parse_recipe
from dubgen.errors import RecipeError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["es", "ca", "gl", "en", "debug"])
def test_bundled_recipes_validate(name):
    r = load_recipe(ROOT / "recipes" / f"{name}.yaml")
    assert r.name == name


def test_galician_uses_the_spanish_voice_and_says_so():
    text = (ROOT / "recipes" / "gl.yaml").read_text()
    tts = load_recipe(ROOT / "recipes" / "gl.yaml").tts
    assert (tts.backend, tts.voice) == ("pico", "es-ES")
    assert "No Galician voice" in text


def test_unknown_field_names_file_and_field(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("language: es\ntiming:\n  max_strech: 1.3\n")
    with pytest.raises(RecipeError) as e:
        load_recipe(p)
    assert "bad.yaml" in str(e.value) and "timing.max_strech" in str(e.value) and "unknown field" in str(e.value)


def test_unknown_language_and_backend():
    with pytest.raises(RecipeError, match="language.*unknown language 'xx'"):
        parse_recipe({"language": "xx"}, "r.yaml")
    with pytest.raises(RecipeError, match=r"tts.backend: unknown backend 'nope'.*espeak-ng"):
        parse_recipe({"language": "es", "tts": {"backend": "nope"}}, "r.yaml")


def test_out_of_range_and_inconsistent_limits():
    with pytest.raises(RecipeError, match="timing.max_stretch"):
        parse_recipe({"language": "es", "timing": {"max_stretch": 9}}, "r.yaml")
    with pytest.raises(RecipeError, match="min_rate must not exceed max_rate"):
        parse_recipe({"language": "es", "timing": {"min_rate": 300, "max_rate": 200}}, "r.yaml")
    # a plan that borrows more of the pauses than QC's timing gate allows would fail its own QC
    with pytest.raises(RecipeError, match=r"timing.borrow_s 0.4 s .* 400 ms .* qc.max_timing_error_ms 300"):
        parse_recipe({"language": "es", "timing": {"borrow_s": 0.4}}, "r.yaml")
    assert parse_recipe({"language": "es", "timing": {"borrow_s": 0.4}, "qc": {"max_timing_error_ms": 400}}, "r.yaml")
    assert parse_recipe({"language": "es", "timing": {"borrow_s": 0.4}, "qc": {"max_timing_error_ms": None}}, "r.yaml")


def test_not_yaml_mapping(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- a\n- b\n")
    with pytest.raises(RecipeError, match="list.yaml: a recipe is a YAML mapping"):
        load_recipe(p)
    with pytest.raises(RecipeError, match="cannot read recipe"):
        load_recipe(tmp_path / "missing.yaml")


def test_cli_recipes_validate(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("language: es\nasr: {beam_size: 0}\n")
    assert main(["recipes", "validate", str(ROOT / "recipes" / "es.yaml")]) == 0
    assert main(["recipes", "validate", str(bad)]) == 1
    assert "asr.beam_size" in capsys.readouterr().err
    assert main(["recipes"]) == 0
    assert "gl" in capsys.readouterr().out


def test_recipe_name_cannot_escape_the_output_folder():
    with pytest.raises(RecipeError, match="name: .*names an output folder"):
        parse_recipe({"name": "../../etc", "language": "es"}, "r.yaml")


def test_recipes_pickle_for_worker_processes():
    import pickle

    r = parse_recipe({"language": "es", "tts": {"backend": "piper", "rate": 170}}, "r.yaml")
    back = pickle.loads(pickle.dumps(r))
    assert back == r and type(back.tts) is type(r.tts) and back.tts.rate == 170.0


def test_stage_block_errors_are_all_reported_with_the_backend():
    with pytest.raises(RecipeError) as e:
        parse_recipe({"language": "xx", "asr": {"beam_size": 0, "seed": 1},
                      "tts": {"backend": "espeak-ng", "seed": 3}}, "dir/r.yaml")
    msg = str(e.value)
    assert msg.startswith("dir/r.yaml: invalid recipe")
    assert "asr.beam_size: Input should be greater than or equal to 1" in msg
    assert "asr.seed: unknown field for backend faster-whisper" in msg
    assert "tts.seed: unknown field for backend espeak-ng" in msg
    assert "unknown language 'xx'" in msg  # the other fields' errors come in the same message


def test_contrastive_temperature_range_is_the_models():
    from pydantic import ValidationError

    from dubgen.train.config import TAU_RANGE, LossConfig

    assert LossConfig(temperature=TAU_RANGE[1]).temperature == 1.0
    for bad in (5.0, 0.001):  # the model would clamp these to [0.01, 1] silently
        with pytest.raises(ValidationError, match="temperature"):
            LossConfig(temperature=bad)
