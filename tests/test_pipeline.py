"""The whole chain on a real 6 s talking-head clip: outputs, container, language, resume, bad input."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from dubgen import media
from dubgen.config import load_recipe
from dubgen.manifest import pair_schema, read_failures, read_pairs, resolve
from dubgen.runner import dub
from dubgen.stages.asr import FasterWhisperASR

from conftest import BAD, GRID, ROOT


def test_pairs_manifest_links_everything(dubbed_grid):
    out, result = dubbed_grid
    assert result.ok, result.failures
    pairs = {p.language: p for p in read_pairs(out / "pairs.jsonl")}
    assert set(pairs) == {"es", "ca"}
    for p in pairs.values():
        for rel in (p.original_video, p.dubbed_video, p.dubbed_audio, p.speech_audio, p.background_audio,
                    p.source_audio, p.tts_audio, p.subtitles_source, p.subtitles_target):
            assert resolve(out, rel).is_file(), rel
        assert p.source_language == "en" and p.seed == 0 and p.sample_rate == 44100 and p.channels == 2
        assert [s.name for s in p.stages] == ["extract", "asr", "align", "separation", "speakers", "profiles", "translate",
                                              "synthesize", "voice", "loudness", "remix", "qc"]
        assert all(s.version and s.seconds >= 0 for s in p.stages)
        assert len(p.segments) >= 2
        t = load_recipe(ROOT / "recipes" / f"{p.language}.yaml").timing
        for s in p.segments:
            assert s.text and s.source_text and s.dub_end > s.dub_start
            assert s.untranslated == [] and s.lent == []  # recorded: every word in the target's own
            assert t.min_stretch - 1e-6 <= s.stretch <= t.max_stretch + 1e-6
            assert t.min_rate - 1e-6 <= s.tts_rate <= t.max_rate + 1e-6
        assert p.speakers and p.speakers[0].f0_median and p.speakers[0].f0_median < 165  # a male speaker
        # Pico and Festival have one voice per language; each speaks at the speaker's F0 (within
        # its 0.5-2x): Pico with its own pitch control, Festival's HTS voice through its vocoder
        from dubgen.stages.tts_festival import FESTIVAL_F0_HZ
        from dubgen.stages.tts_pico import PICO_F0_HZ

        spk = p.speakers[0]
        name, own = ("es-ES", PICO_F0_HZ["es-ES"]) if p.language == "es" else ("upc_ca_ona_hts", FESTIVAL_F0_HZ["upc_ca_ona_hts"])
        assert spk.voice == f"{name}@{round(max(0.5, spk.f0_median / own), 2):.2f}"


def test_video_bit_exact_audio_sample_exact(dubbed_grid):
    out, result = dubbed_grid
    for p in result.pairs:
        dubbed = resolve(out, p.dubbed_video)
        assert media.video_md5(dubbed) == media.video_md5(GRID)
        assert media.audio_samples(dubbed) == media.audio_samples(GRID)
        assert sf.info(str(resolve(out, p.dubbed_audio))).frames == media.audio_samples(GRID)
        assert media.stream_languages(dubbed) == [{"es": "spa", "ca": "cat"}[p.language]]


def test_no_clipping_and_speech_replaced(dubbed_grid):
    out, result = dubbed_grid
    p = result.pairs[0]
    mix, _ = sf.read(str(resolve(out, p.dubbed_audio)))
    src, _ = sf.read(str(resolve(out, p.source_audio)))
    assert np.abs(mix).max() <= 10 ** (-0.9 / 20)  # true-peak limit -1 dBTP, sample peak below it
    assert np.corrcoef(mix[:, 0], src[:, 0])[0, 1] < 0.5  # the original speech is gone


def test_dub_is_in_the_target_language(dubbed_jfk):
    """Back-transcribe the dubbed video: the language is the target's and the words are the translation's."""
    out, result = dubbed_jfk
    assert result.ok, result.failures
    asr = FasterWhisperASR()
    model = asr.load()
    for p in result.pairs:
        audio = media.decode_audio(resolve(out, p.dubbed_video), 16000, 1)[:, 0]
        _, info = model.transcribe(audio, beam_size=1, vad_filter=True)
        if p.language == "es":  # Whisper base detects espeak's Catalan unreliably, so only es here
            assert info.language == "es", info.all_language_probs[:3]
        # QC's deterministic back-ASR (greedy, temperature 0: Whisper's temperature fallback samples)
        words = lambda text: {w.strip(".,?!¿¡").lower() for w in text.split()}  # noqa: E731
        heard = words(asr.transcribe_text(audio, p.language, speech_only=True))
        said = words(" ".join(s.text for s in p.segments))
        source = words(" ".join(s.source_text for s in p.segments)) - said
        # Whisper base reads espeak's Spanish and Catalan over JFK's crowd only in part (measured
        # 5/17 and 7/18 words); the original English words must be far rarer than the translation's.
        hits, leaks = len(said & heard), len(source & heard)
        assert hits >= 0.2 * len(said) and hits >= 2 * leaks + 3, (sorted(heard), sorted(said))


def test_subtitles_and_transcript(dubbed_grid):
    out, result = dubbed_grid
    p = result.pairs[0]
    srt = resolve(out, p.subtitles_target).read_text()
    cue_text = [" ".join(block.splitlines()[2:]) for block in srt.strip().split("\n\n")]
    assert srt.startswith("1\n00:00:0") and " ".join(cue_text).split() == " ".join(s.text for s in p.segments).split()
    transcript = json.loads((out / p.clip_id / "transcript.json").read_text())
    assert transcript["language"] == "en" and all("speaker" in s and s["words"] for s in transcript["segments"])


def test_schema_is_exported_and_matches_records(dubbed_grid, tmp_path):
    out, _ = dubbed_grid
    schema = pair_schema()
    line = json.loads((out / "pairs.jsonl").read_text().splitlines()[0])
    assert set(schema["required"]) <= set(line)
    from dubgen.cli import main

    assert main(["schema", "--output", str(tmp_path / "s.json")]) == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "PairRecord"


def test_rerun_is_cached_and_identical(dubbed_grid):
    out, result = dubbed_grid
    before = {p.language: resolve(out, p.dubbed_video).read_bytes() for p in result.pairs}
    lines = (out / "pairs.jsonl").read_text()
    again = dub([resolve(out, result.pairs[0].original_video)], out,
                [load_recipe(ROOT / "recipes" / "es.yaml"), load_recipe(ROOT / "recipes" / "ca.yaml")])
    assert again.ok and all(s.cached for p in again.pairs for s in p.stages)
    assert {p.language: resolve(out, p.dubbed_video).read_bytes() for p in again.pairs} == before
    assert (out / "pairs.jsonl").read_text() == lines  # nothing appended twice


def test_bad_files_are_recorded_and_the_batch_completes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("zero_length.mp4", "not_video.mp4", "no_audio.mp4", "silent.mp4", "truncated.mp4",
                 "truncated_moov_at_end.mp4"):
        shutil.copy(BAD / name, inputs / name)
    shutil.copy(GRID, inputs / "good.mp4")
    out = tmp_path / "out"
    result = dub([inputs], out, [load_recipe(ROOT / "recipes" / "es.yaml")])
    assert [p.clip_id.split("-")[0] for p in result.pairs] == ["good"]
    failures = read_failures(out / "failures.jsonl")
    assert sorted(f.input.split("/")[-1] for f in failures) == sorted(
        ["zero_length.mp4", "not_video.mp4", "no_audio.mp4", "silent.mp4", "truncated.mp4", "truncated_moov_at_end.mp4"])
    assert all(f.stage in ("probe", "extract") and f.error for f in failures)
    assert len(list(read_pairs(out / "pairs.jsonl"))) == 1


def test_cli_exit_code_and_one_line_errors(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "dubgen", "dub", str(BAD / "zero_length.mp4"), "--out", str(out),
                           "--recipe", "es", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "zero_length.mp4: zero-length file" in proc.stderr
    # one line naming the file, the stage and the reason, however long the path
    [line] = [l for l in proc.stderr.splitlines() if l.startswith("error ")]
    assert str(BAD / "zero_length.mp4") in line and "[probe]" in line and line.endswith("zero-length file")
    bad_recipe = tmp_path / "r.yaml"
    bad_recipe.write_text("language: klingon\n")
    proc = subprocess.run([sys.executable, "-m", "dubgen", "dub", str(GRID), "--out", str(out), "--recipe", str(bad_recipe)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "r.yaml" in proc.stderr and "unknown language 'klingon'" in proc.stderr


@pytest.mark.slow
def test_kill_and_resume_gives_the_same_bytes(tmp_path, dubbed_grid):
    """kill -9 in the middle of a run, run again: it resumes and the outputs are identical."""
    ref_out, ref = dubbed_grid
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "dubgen", "dub", str(resolve(ref_out, ref.pairs[0].original_video)), "--out", str(out),
            "--recipe", "es", "--recipe", "ca", "--quiet"]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = out / ".cache"
    import time

    deadline = time.time() + 120
    while time.time() < deadline and not (cache / "separation").exists():
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert not (out / "pairs.jsonl").exists() or len((out / "pairs.jsonl").read_text().splitlines()) < 2
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for p in ref.pairs:
        new = {q.language: q for q in read_pairs(out / "pairs.jsonl")}[p.language]
        assert resolve(out, new.dubbed_video).read_bytes() == resolve(ref_out, p.dubbed_video).read_bytes()
        assert resolve(out, new.dubbed_audio).read_bytes() == resolve(ref_out, p.dubbed_audio).read_bytes()


def test_two_workers_give_the_same_outputs(tmp_path, dubbed_grid, dubbed_jfk):
    """A process pool (models loaded once per worker) produces what the in-process run did."""
    refs = {}
    for out, result in (dubbed_grid, dubbed_jfk):
        for p in result.pairs:
            if p.language == "es":
                refs[p.clip_id] = (resolve(out, p.original_video), resolve(out, p.dubbed_audio).read_bytes())
    out = tmp_path / "out"
    result = dub([v[0] for v in refs.values()], out, [load_recipe(ROOT / "recipes" / "es.yaml")], workers=2)
    assert result.ok and sorted(p.clip_id for p in result.pairs) == sorted(refs)
    for p in result.pairs:
        assert resolve(out, p.dubbed_audio).read_bytes() == refs[p.clip_id][1]
    assert len((out / "pairs.jsonl").read_text().splitlines()) == 2
