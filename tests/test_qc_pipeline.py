"""QC on a real dub (the GRID clip, dubbed once per test run, in es + ca): metrics, gates, export, report in Chromium."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import yaml

from dubgen.cli import main
from dubgen.manifest import read_pairs, resolve
from dubgen.qc.commands import export_pairs, run_qc

from conftest import ROOT


def _copy_run(out: Path, base: Path) -> Path:
    """Copy an output dir and the inputs its records point to (relative paths keep working)."""
    copy = base / "out"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns(".cache", "report"))
    for rec in read_pairs(out / "pairs.jsonl"):
        src, dst = resolve(out, rec.original_video), Path(os.path.normpath(resolve(copy, rec.original_video)))
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return copy


@pytest.fixture(scope="module")
def resources():
    from dubgen.pipeline import Resources

    return Resources()


@pytest.fixture(scope="module")
def checked(dubbed_grid, resources, tmp_path_factory):
    """A copy of the session dub (the fixture's own files stay untouched) with QC measured."""
    out, result = dubbed_grid
    assert result.ok, result.failures
    copy = _copy_run(out, tmp_path_factory.mktemp("qc"))
    records = {r.language: r for r in run_qc(copy, resources=resources)}
    return copy, records


#: Sanity bounds for this clip: a broken or wrong-language dub reads back at CER ~1.
MAX_CER = {"es": 0.7, "ca": 0.85}


def test_metrics_of_a_good_dub(checked):
    out, records = checked
    assert set(records) == {"es", "ca"}
    for r in records.values():
        qc = r.qc
        m = qc["metrics"]
        assert qc["pass"] and qc["reasons"] == [], qc["reasons"]
        json.dumps(qc)  # JSON-serialisable, as stored in the manifest
        # espeak GRID nonsense sentences read back poorly (WER ~0.5-1.2) but far from a broken dub
        # (CER ~1). Whisper base hears Catalan worst: CER 0.6-0.76 depending on the CPU's int8 kernels.
        assert 0.0 <= m["wer"] < 1.5 and 0.0 <= m["cer"] < MAX_CER[r.language] and m["asr_words"] >= 5
        assert m["speech_dropped_s"] == 0.0 and m["segments_silent"] == 0
        # the stem holds each phrase where the plan put it; a phrase that opens on a voiceless stop
        # is heard from its burst, after the closure's silence ("Pon…" 51 ms, ca "Posa…" 85 ms)
        assert m["placement_error_ms"] < 120
        assert m["timing_error_ms"] < 400
        assert m["container_ok"] is True and m["video_equal"] and m["samples_diff"] == 0
        assert abs(m["lufs_diff"]) < 1.5 and m["true_peak_db"] <= -0.9 and m["clipped_fraction"] == 0.0
        assert -1.0 <= m["speaker_sim"] <= 1.0 and m["speaker_sim_gain"] == pytest.approx(m["speaker_sim"] - m["speaker_sim_tts"], abs=2e-4)
        # what conversion bought, measured right after it (the loudness step's EQ moves the dub's figure again)
        assert m["speaker_sim_conversion_gain"] == pytest.approx(m["speaker_sim_voice"] - m["speaker_sim_tts"], abs=2e-4)
        if not any(s.conversion and s.conversion.applied for s in r.speakers):  # the TTS voice kept: nothing bought
            assert m["speaker_sim_conversion_gain"] == 0.0
        assert m["bg_sisdr_db"] is None or m["bg_sisdr_db"] > 20  # the remix keeps pauses untouched
        assert len(qc["detail"]["segments"]) == len(r.segments)
        assert qc["detail"]["texts"]["heard"]
        # Apertium tells which source words it kept: recorded per phrase, counted by QC (codes are not words)
        assert all(s.untranslated is not None for s in r.segments)
        assert m["untranslated_words"] == sum(len(s.untranslated) for s in r.segments) == 0
    # stored in the manifest
    stored = {r.language: r for r in read_pairs(out / "pairs.jsonl")}
    assert stored["es"].qc == records["es"].qc


def test_intelligibility_after_each_stage_is_recorded_and_printed(checked, capsys):
    from dubgen.qc.evaluate import INTELLIGIBILITY_STAGES

    out, records = checked
    for r in records.values():
        m = r.qc["metrics"]
        assert m["cer_loudness"] == m["cer"]  # the dub speech stem is the loudness stage's output
        assert all(0.0 <= m[f"cer_{s}"] <= 2.0 for s in INTELLIGIBILITY_STAGES)
        costs = {s: m[f"cer_cost_{s}"] for s in INTELLIGIBILITY_STAGES[1:]}
        assert costs["mix"] == pytest.approx(m["cer_mix"] - m["cer_loudness"], abs=2e-4)
        assert m["stage_cer_worst"] == max(costs, key=costs.get) and m["stage_cer_cost_max"] == max(costs.values())
        assert r.qc["detail"]["texts"]["heard_mix"] is not None
    main(["qc", str(out)])
    printed = capsys.readouterr().out
    for r in records.values():
        assert f"{r.clip_id} {r.recipe}: CER tts {r.qc['metrics']['cer_tts']:.2f}" in printed


def test_deterministic(checked, resources):
    from dubgen.config import load_recipe
    from dubgen.qc import evaluate_pair

    out, records = checked
    r = records["ca"]
    again = evaluate_pair(r.model_copy(update={"qc": None}), out, load_recipe("ca"), resources)
    assert again == r.qc


def _strict_recipe(tmp_path: Path, name: str, **gates) -> Path:
    data = yaml.safe_load((ROOT / "recipes" / f"{name}.yaml").read_text())
    data.setdefault("qc", {}).update(gates)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_gate_fails_a_pair_and_strict_export_leaves_it_out(checked, tmp_path, resources, capsys):
    out, _ = checked
    # two gates no dub meets: a long-term spectrum within 0.1 dB of the source speech, a voice the speaker's own
    strict = _strict_recipe(tmp_path, "es", max_spectrum_distance_db=0.1, min_speaker_sim=0.99)
    records = {r.language: r for r in run_qc(out, [str(strict)], resources=resources)}
    es = records["es"].qc
    assert es["pass"] is False
    assert any(x.startswith("|spectrum_distance_db| ") and "> max_spectrum_distance_db 0.1" in x for x in es["reasons"]), es["reasons"]
    assert any(x.startswith("speaker_sim ") and "< min_speaker_sim 0.99" in x for x in es["reasons"])
    assert records["ca"].qc["pass"] is True
    # the failing pair is kept in the manifest, marked
    stored = {r.language: r for r in read_pairs(out / "pairs.jsonl")}
    assert stored["es"].qc["pass"] is False

    dest = tmp_path / "train" / "manifest.jsonl"
    assert main(["export", str(out), "--output", str(dest), "--strict"]) == 0
    lines = [json.loads(x) for x in dest.read_text().splitlines()]
    assert [x["language"] for x in lines] == ["ca"]
    assert "left out: 1 failed qc" in capsys.readouterr().err
    # paths were rewritten relative to the exported file
    assert all(resolve(dest.parent, lines[0][f]).is_file() for f in ("dubbed_video", "source_audio", "tts_audio"))
    n, skipped = export_pairs(out, dest, strict=False)
    assert n == 2 and skipped == {"failed_qc": 0, "no_qc": 0}

    # qc --json prints the aggregate, exit 1 because a pair fails its gates
    assert main(["qc", str(out), "--json", "--recipe", str(strict)]) == 1
    agg = json.loads(capsys.readouterr().out)
    assert agg["all"]["counts"] == {"pairs": 2, "passed": 1, "failed": 1, "unchecked": 0}
    assert agg["es"]["failed_by"] == {"speaker_sim": 1, "spectrum_distance_db": 1}
    assert set(agg["all"]["metrics"]["wer"]) == {"mean", "median", "p90", "n"}

    # back to the bundled gates: everything passes again (re-gating needs no re-measuring)
    records = {r.language: r for r in run_qc(out, resources=resources)}
    assert records["es"].qc["pass"] is True


def test_dropped_speech_fails_the_default_gate(checked, tmp_path, resources):
    out, records = checked
    broken = _copy_run(out, tmp_path)
    r = records["es"]
    stem = resolve(broken, r.speech_audio)
    audio, sr = sf.read(str(stem), dtype="float32")
    last = r.segments[-1]
    start = int(last.dub_start * sr)
    audio[start:] = 0.0  # lose the last phrase after synthesis (Pico's is ~1 s: its second half alone is < 0.5 s)
    stem.unlink()  # it may be a hard link into the cache of the original run
    sf.write(str(stem), audio, sr, subtype="FLOAT")
    from dubgen.config import load_recipe
    from dubgen.qc import evaluate_pair

    qc = evaluate_pair(r, broken, load_recipe("es"), resources)
    assert qc["metrics"]["speech_dropped_s"] > 0.5
    assert qc["pass"] is False and any(x.startswith("speech_dropped_s") for x in qc["reasons"])


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.skip("chromium binary not found on PATH (apt-get install chromium)")
    return exe


def _chrome(exe: str, url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="dubgen-chrome-") as profile:
        return subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--enable-logging=stderr", "--v=0", *extra, url],
            capture_output=True, text=True, timeout=120,
        )


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def test_report_renders_in_chromium(checked, tmp_path):
    exe = _chromium()
    out, records = checked
    assert main(["report", str(out)]) == 0
    index = out / "report" / "index.html"
    clip_dir = index.parent / records["es"].clip_id
    for name in ("index.html", "original.wav", "background.wav", "es_dubbed.wav", "es_tts.wav", "ca_speech.wav",
                 "es_dubbed.mp4", "es_waveform.png", "ca_spectrogram.png"):
        assert (clip_dir / name).is_file(), name
    page = index.read_text()
    assert "http://" not in page and "https://" not in page  # nothing from a server or CDN
    assert sf.info(str(clip_dir / "es_dubbed.wav")).subtype == "PCM_16"

    shot = tmp_path / "index.png"
    proc = _chrome(exe, index.as_uri(), f"--screenshot={shot}", "--window-size=1400,1000")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not _console_errors(proc.stderr), _console_errors(proc.stderr)
    import matplotlib.image as mpimg

    img = mpimg.imread(str(shot))
    assert img.shape[:2] == (1000, 1400) and float(np.std(img[..., :3])) > 0.05  # not a blank page

    dom = _chrome(exe, index.as_uri(), "--dump-dom")
    assert not _console_errors(dom.stderr), _console_errors(dom.stderr)
    assert 'id="summary"' in dom.stdout and 'data-sortable-ready="true"' in dom.stdout  # the sort script ran
    assert dom.stdout.count(f'href="{records["es"].clip_id}/index.html#') == 2

    # sorting: a page beside the index that clicks the CER header twice and records the order
    probe = index.with_name("sort_probe.html")
    probe.write_text(page.replace("</body>", """<script>
var th = document.querySelectorAll('#summary thead th')[4];
var col = function () { return Array.prototype.map.call(document.querySelectorAll('#summary tbody tr'),
  function (r) { return r.cells[4].getAttribute('data-v'); }).join(','); };
th.click(); document.body.setAttribute('data-asc', col());
th.click(); document.body.setAttribute('data-desc', col());
</script></body>"""))
    dom = _chrome(exe, probe.as_uri(), "--dump-dom")
    assert not _console_errors(dom.stderr), _console_errors(dom.stderr)
    cers = sorted(repr(float(r.qc["metrics"]["cer"])) for r in records.values())
    assert f'data-asc="{",".join(cers)}"' in dom.stdout and f'data-desc="{",".join(cers[::-1])}"' in dom.stdout

    clip = _chrome(exe, (clip_dir / "index.html").as_uri(), "--dump-dom")
    assert not _console_errors(clip.stderr), _console_errors(clip.stderr)
    assert "<audio" in clip.stdout and "es_waveform.png" in clip.stdout and records["es"].segments[0].text in clip.stdout
