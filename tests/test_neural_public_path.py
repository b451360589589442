"""The neural backends through the public path: a recipe naming tiny random models of each
backend's real class in its real on-disk format (transformers Marian, Coqui VITS, OpenVoice,
HTDemucs, a pyannote pipeline), `python -m dubgen dub --workers 2` with QC on.

Random weights give nonsense text and audio: the test checks plumbing (records, versions,
lengths, the untouched video stream, QC metrics), not quality.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, GRID, ROOT

for _module in ("TTS", "demucs", "pyannote.audio", "transformers", "sentencepiece"):
    pytest.importorskip(_module)

from test_neural_backends import _tiny_marian, _tiny_openvoice, _tiny_vits  # noqa: E402
from test_separation import _tiny_htdemucs  # noqa: E402
from test_speakers import _tiny_pyannote  # noqa: E402

#: stage record name -> neural backend
NEURAL = {"translate": "transformers", "synthesize": "coqui", "voice": "coqui", "separation": "demucs",
          "speakers": "pyannote"}


def _dubgen(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dubgen", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)


def _recipe(models: Path) -> dict:
    return {
        "name": "neural-tiny", "language": "es", "source_language": "en", "seed": 0,
        "asr": {"backend": "faster-whisper", "model": "base", "compute_type": "int8"},
        "speakers": {"backend": "pyannote", "model": str(models / "diarization")},
        "separation": {"backend": "demucs", "model": str(models / "htdemucs.th")},
        "translate": {"backend": "transformers", "model": str(models / "marian"), "num_beams": 1, "max_new_tokens": 8},
        "tts": {"backend": "coqui", "model": str(models / "vits")},
        "voice": {"backend": "coqui", "model": str(models / "openvoice")},
        "qc": {"enabled": True},
    }


@pytest.mark.slow
def test_neural_recipe_dubs_two_inputs_with_two_workers_and_qc(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    _tiny_marian(models / "marian")
    _tiny_vits(models / "vits")
    _tiny_openvoice(models / "openvoice")
    _tiny_htdemucs(models / "htdemucs.th")
    _tiny_pyannote(models / "diarization")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DUBGEN_CACHE": str(tmp_path / "cache"),
           "PYANNOTE_METRICS_ENABLED": "false"}

    # A wrong model path is one error before any work, naming the recipe field.
    bad = _recipe(models)
    bad["voice"]["model"] = str(models / "no-such-openvoice")
    bad_path = tmp_path / "bad.yaml"
    bad_path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    out_bad = tmp_path / "out-bad"
    run = _dubgen("dub", str(GRID), "--out", str(out_bad), "--recipe", str(bad_path), "--quiet", env=env)
    assert run.returncode == 2 and "voice.model" in run.stderr and "no-such-openvoice" in run.stderr, run.stderr
    assert not out_bad.exists()
    run = _dubgen("recipes", "validate", str(bad_path), env=env)
    assert run.returncode == 1 and "voice.model" in run.stderr, run.stderr

    # Two inputs (a video, an audio-only file) so that both worker processes get a clip.
    src = tmp_path / "in"
    src.mkdir()
    inputs = [GRID, DATA / "speech_only_3s.flac"]
    for f in inputs:
        shutil.copy(f, src / f.name)
    recipe = tmp_path / "neural.yaml"
    recipe.write_text(yaml.safe_dump(_recipe(models)), encoding="utf-8")
    out = tmp_path / "out"
    run = _dubgen("dub", *(str(src / f.name) for f in inputs), "--out", str(out), "--recipe", str(recipe), "--workers", "2",
                  "--device", "cpu", "--quiet", env=env)
    # QC gates may fail on nonsense; they are reported per pair, not as a failed run.
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (out / "failures.jsonl").exists() or not (out / "failures.jsonl").read_text(encoding="utf-8").strip()
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(p["original_video"]).name for p in pairs) == sorted(f.name for f in inputs)

    import soundfile as sf

    from dubgen import media

    for p in pairs:
        assert p["recipe"] == "neural-tiny" and p["language"] == "es"
        stages = {s["name"]: s for s in p["stages"]}
        for name, backend in NEURAL.items():
            rec = stages[name]
            params = rec["params"]["tts"] if name == "synthesize" else rec["params"]
            assert rec["backend"] == backend and params["device"] == "cpu", rec
            assert "model=" in rec["version"], rec  # the model (path or content hash) enters the cache key
        assert p["segments"], "faster-whisper base hears phrases, so there is something to dub"
        assert all(isinstance(seg["text"], str) and seg["text"].strip() for seg in p["segments"])
        # the dub has exactly the source's samples
        original, dubbed = out / p["original_video"], out / p["dubbed_audio"]  # relative to OUT
        info = sf.info(str(dubbed))
        src_samples = media.audio_samples(original)
        assert info.frames == round(src_samples * info.samplerate / media.probe(original).sample_rate)
        qc = p["qc"]
        assert isinstance(qc["pass"], bool) and qc["metrics"]["wer"] is not None
        # QC embeds source and dub (at the working rate) with the recipe's pyannote model
        assert qc["metrics"]["speaker_backend"] == "pyannote" and isinstance(qc["metrics"]["speaker_sim"], float)
        assert qc["metrics"]["container_ok"] is True or (original.suffix == ".flac" and qc["metrics"]["container_ok"] is None)
