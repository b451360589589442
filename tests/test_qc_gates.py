"""Every QC gate fails its own negative control.

Each test builds a known-good and a known-bad input from real speech, measures both with QC's
own metric functions and applies the bundled recipes' gates: the good one passes that gate, the
bad one fails it. A figure that cannot separate good from bad is reported, not gated.
"""

import json

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt

from dubgen.config import QCConfig, load_recipe
from dubgen.dsp import resample
from dubgen.manifest import DubSegment, PairRecord, SpeakerInfo
from dubgen.qc import evaluate as E
from dubgen.dsp import merge_regions
from dubgen.qc import metrics as M
from dubgen.qc.gates import GATES, apply_gates

from conftest import DATA, ROOT

SR = 16000
PAD_S = 0.5


def _speech() -> np.ndarray:
    """3 s of a male GRID sentence with 0.5 s of digital silence either side (4 s)."""
    x, sr = sf.read(str(DATA / "voice_male_grid.flac"), dtype="float32")
    assert sr == SR
    pad = np.zeros(int(PAD_S * SR), np.float32)
    return np.concatenate([pad, x, pad])


def _record(f0: float = 120.0, stretch: float = 1.0, overrun: float = 0.0, shift: float = 0.0,
            text: str = "pon azul en b nueve ahora", source_text: str = "place blue in b nine now") -> PairRecord:
    seg = DubSegment(id=0, speaker="S0", source_text=source_text, text=text, source_start=PAD_S, source_end=PAD_S + 3.0,
                     slot_start=PAD_S, slot_end=PAD_S + 3.0, dub_start=PAD_S + shift, dub_end=PAD_S + 3.0 + shift,
                     tts_rate=165.0, stretch=stretch, overrun=overrun)
    return PairRecord(clip_id="c", language="es", source_language="en", original_video="o.mp4", dubbed_video="",
                      dubbed_audio="d.wav", speech_audio="s.wav", background_audio="b.wav", source_audio="src.wav",
                      duration=4.0 + shift, sample_rate=SR, channels=1, segments=(seg,),
                      speakers=(SpeakerInfo(id="S0", seconds=3.0, f0_median=f0),), seed=0, recipe="es",
                      dubgen_version="test")


def _failed(metrics: dict, key: str, qc: QCConfig) -> list[str]:
    """The reasons ``qc`` gives against ``key`` (other metrics of the partial dict are ignored)."""
    _, reasons = apply_gates(metrics, qc)
    return [r for r in reasons if r.replace("|", "").startswith(key + " ")]


@pytest.fixture(scope="module")
def recipes():
    return {name: load_recipe(name) for name in ("es", "ca", "gl")}


def _each_recipe(recipes, metrics_good: dict, metrics_bad: dict, key: str) -> None:
    for name, r in recipes.items():
        assert _failed(metrics_good, key, r.qc) == [], (name, metrics_good[key])
        assert _failed(metrics_bad, key, r.qc), (name, metrics_bad[key])


# --------------------------------------------------------------------------- signal gates


def test_loudness_gate_fails_a_dub_12_db_too_loud(recipes, tmp_path):
    src = _speech()
    mix = tmp_path / "mix.wav"
    sf.write(str(mix), 0.5 * src, SR, subtype="FLOAT")
    good, _ = E.loudness(_record(), src, src, src, mix, SR)
    bad, _ = E.loudness(_record(), src, 4.0 * src, src, mix, SR)
    assert abs(good["lufs_diff"]) < 0.1 and bad["lufs_diff"] == pytest.approx(12.0, abs=0.2)
    _each_recipe(recipes, good, bad, "lufs_diff")


def test_true_peak_gate_fails_a_mix_at_full_scale(recipes, tmp_path):
    src = _speech()
    paths = {}
    for name, peak in (("good", 10 ** (-1.5 / 20)), ("bad", 1.0)):
        paths[name] = tmp_path / f"{name}.wav"
        sf.write(str(paths[name]), peak * src / np.abs(src).max(), SR, subtype="FLOAT")
    good, _ = E.loudness(_record(), src, src, src, paths["good"], SR)
    bad, _ = E.loudness(_record(), src, src, src, paths["bad"], SR)
    _each_recipe(recipes, good, bad, "true_peak_db")


def test_spectrum_gate_fails_a_dub_without_its_low_half(recipes, tmp_path):
    src = _speech()
    mix = tmp_path / "mix.wav"
    sf.write(str(mix), 0.5 * src, SR, subtype="FLOAT")
    thin = sosfilt(butter(8, 1500, "highpass", fs=SR, output="sos"), src).astype(np.float32)
    good, _ = E.loudness(_record(), src, src, src, mix, SR)
    bad, _ = E.loudness(_record(), src, thin, src, mix, SR)
    assert good["spectrum_distance_db"] < 0.5
    _each_recipe(recipes, good, bad, "spectrum_distance_db")


def test_f0_gate_fails_a_dub_five_semitones_too_high(recipes):
    from dubgen.pipeline import Resources

    res = Resources()
    r = recipes["es"]
    embedder, profiler = res.backend("speakers", r.speakers), res.backend("voice", r.voice)
    src = _speech()
    f0 = profiler.profile(src, SR).f0_median
    high = resample(src, int(round(SR * 2 ** (5 / 12))), SR)  # played faster: 5 semitones up
    high = np.pad(high, (0, len(src) - len(high)))
    good, _ = E.voice(_record(f0=f0), src, src, src, SR, embedder, profiler)
    bad, _ = E.voice(_record(f0=f0), src, high, src, SR, embedder, profiler)
    assert good["f0_error_st"] < 0.2 and bad["f0_error_st"] == pytest.approx(5.0, abs=0.6)
    _each_recipe(recipes, good, bad, "f0_error_st")


def test_timing_gates_fail_late_stretched_overrunning_and_cut_speech(recipes):
    src = _speech()
    late = np.concatenate([np.zeros(int(0.5 * SR), np.float32), src])  # every phrase 0.5 s late
    good, _ = E.timing(_record(), src, src, SR, cut_s=0.0)
    bad, _ = E.timing(_record(shift=0.5), late, late, SR, cut_s=0.0)
    assert good["timing_error_ms"] <= 60 and bad["timing_error_ms"] > 400
    _each_recipe(recipes, good, bad, "timing_error_ms")
    # the plan's own figures: stretched beyond the planner's limit, overrunning its slot
    _each_recipe(recipes, good, E.timing(_record(stretch=1.6), src, src, SR, 0.0)[0], "stretch_max")
    _each_recipe(recipes, good, E.timing(_record(overrun=1.5), src, src, SR, 0.0)[0], "overrun_max_s")
    # speech past the end of the video (cut by the remix) counts as dropped and is reported
    cut, _ = E.timing(_record(), src, src, SR, cut_s=0.8)
    assert cut["past_end_s"] == 0.8 and good["past_end_s"] == 0.0
    _each_recipe(recipes, good, cut, "speech_dropped_s")


def test_background_gate_fails_a_remix_that_changes_the_pauses(recipes):
    rng = np.random.default_rng(0)
    bed = (0.02 * rng.standard_normal(int(4.0 * SR))).astype(np.float32)
    source = _speech() + bed
    other = (0.02 * rng.standard_normal(len(bed))).astype(np.float32)
    regions = [(PAD_S, PAD_S + 3.0)]
    good = E.background(_record(), source, bed + 0.3 * _speech(), bed, SR, regions)
    bad = E.background(_record(), source, other + 0.3 * _speech(), bed, SR, regions)
    assert good["bg_sisdr_db"] > 50
    _each_recipe(recipes, good, bad, "bg_sisdr_db")


def test_container_gate_names_what_failed():
    m = {"container_ok": False, "video_equal": True, "samples_equal": True, "rate_ok": False, "audio_rate": 96000,
         "language_ok": True}
    ok, reasons = apply_gates(m, QCConfig(**{name: None for name in GATES}))
    assert not ok and len(reasons) == 1 and "rate_ok" in reasons[0] and "96000 Hz" in reasons[0]
    # a dub of the wrong length against the real container check: tests/test_media_inputs.py


def test_wer_gate_fails_a_recognition_loop(recipes):
    """WER cannot separate a poor dub from garbage (good GRID dubs read back at up to 1.27, reversed
    ones from 1.09); its gate exists to fail recognition loops, which it must."""
    from dubgen.qc.metrics import text_scores

    ref = "pon azul en b nueve ahora"
    good = {"wer": text_scores(ref, "pon azul en b nueve ahora").wer}
    loop = {"wer": text_scores(ref, " ".join(["pon azul"] * 8)).wer}
    _each_recipe(recipes, good, loop, "wer")


def test_speaker_similarity_is_reported_not_gated(recipes):
    """The dsp embedding scores espeak dubs below two different natural speakers about as often as
    above: no threshold separates a matched voice from a wrong one, so no recipe gates it."""
    assert all(r.qc.min_speaker_sim is None for r in recipes.values())
    assert all("reported, not gated" in (ROOT / "recipes" / f"{n}.yaml").read_text() for n in recipes)


def test_every_gate_has_a_negative_control():
    # the tests above (and the back-ASR ones below) cover each gate of GATES and the container check;
    # the residual-speech gates' negative controls (a leaked original) are in test_qc_residual.py
    covered = {"max_lufs_diff", "max_true_peak_db", "max_spectrum_distance_db", "max_f0_error_st",
               "max_timing_error_ms", "max_stretch", "max_overrun_s", "max_speech_dropped_s", "min_bg_sisdr_db",
               "max_wer", "max_cer", "max_leak_recall", "max_stage_cer_cost", "min_speaker_sim",
               "max_residual_speech_db", "max_residual_speech_est_db"}
    assert covered == set(GATES)


# --------------------------------------------------------------------------- back-ASR gates (Whisper)


@pytest.fixture(scope="module")
def jfk_es(dubbed_jfk):
    """The JFK dub (es): record, stems and QC's back-ASR model."""
    from dubgen.manifest import resolve
    from dubgen.pipeline import Resources

    out, result = dubbed_jfk
    assert result.ok, result.failures
    rec = next(p for p in result.pairs if p.language == "es")
    files = E.PairFiles.of(rec, out)
    stems = {k: E._read_mono(getattr(files, k), rec.sample_rate) for k in ("speech", "tts", "source", "source_speech",
                                                                            "background", "mix", "voice")}
    model = Resources().backend("asr", load_recipe("es").asr)
    assert resolve(out, rec.dubbed_audio).is_file()
    return rec, stems, model


def _reversed_phrases(rec, speech: np.ndarray) -> np.ndarray:
    """Each phrase played backwards in place: same voice, level and spectrum, no words."""
    out = speech.copy()
    for s in rec.segments:
        a, b = int(s.dub_start * rec.sample_rate), int(s.dub_end * rec.sample_rate)
        out[a:b] = speech[a:b][::-1]
    return out


def _regions(rec):
    return [(s.source_start, s.source_end) for s in rec.segments]


@pytest.mark.slow
def test_cer_gate_fails_a_reversed_dub(jfk_es, dubbed_jfk, recipes):
    rec, st, model = jfk_es
    hear = E.DubHearing(rec, rec.sample_rate, model)
    good, _ = E.intelligibility(rec, st["speech"], st["background"], rec.sample_rate, _regions(rec), hear)
    bad, _ = E.intelligibility(rec, _reversed_phrases(rec, st["speech"]), st["background"], rec.sample_rate,
                               _regions(rec), hear)
    assert _failed(good, "cer", recipes["es"].qc) == [], good["cer"]
    assert _failed(bad, "cer", recipes["es"].qc), bad["cer"]
    # Catalan (Festival): good 0.01-0.26, reversed 0.76-0.88 on the bundled and shared clips
    out, result = dubbed_jfk
    ca = next(p for p in result.pairs if p.language == "ca")
    speech = E._read_mono(E.PairFiles.of(ca, out).speech, ca.sample_rate)
    background = E._read_mono(E.PairFiles.of(ca, out).background, ca.sample_rate)
    hear = E.DubHearing(ca, ca.sample_rate, model)
    good, _ = E.intelligibility(ca, speech, background, ca.sample_rate, _regions(ca), hear)
    bad, _ = E.intelligibility(ca, _reversed_phrases(ca, speech), background, ca.sample_rate, _regions(ca), hear)
    assert _failed(good, "cer", recipes["ca"].qc) == [], good["cer"]
    assert _failed(bad, "cer", recipes["ca"].qc), bad["cer"]


def test_a_window_whisper_cut_short_is_heard_again_phrase_by_phrase():
    """Whisper sometimes ends a window after its first sentence (gl jfk_speech: 6 of 23 words)
    or drops the last one (es jfk_speech: 14 of 20). Such a window (under 80 % of its phrases'
    text heard, in characters as said) is transcribed phrase by phrase and the longer transcript
    kept; a window heard in full is not. The ASR here is a stand-in that behaves that way: it
    hears each phrase alone, but only the first ``keep`` of several."""

    class StopsEarly:
        calls = 0

        def __init__(self, heard: list[str], keep: int = 1) -> None:
            self.heard, self.keep = heard, keep

        def transcribe_text(self, audio, language, speech_only=False):
            StopsEarly.calls += 1
            levels = sorted({round(float(v), 1) for v in np.abs(audio) if v > 0.05})
            return " ".join(self.heard[int(v * 10) - 1] for v in levels[:self.keep])

    def record(phrases: list[str]) -> PairRecord:
        segs = tuple(DubSegment(id=i, speaker="S0", source_text="x", text=t, source_start=2.0 * i,
                                source_end=2.0 * i + 1.5, slot_start=2.0 * i, slot_end=2.0 * i + 1.5,
                                dub_start=2.0 * i, dub_end=2.0 * i + 1.5, tts_rate=165.0, stretch=1.0, overrun=0.0)
                     for i, t in enumerate(phrases))
        return _record().model_copy(update={"segments": segs, "duration": 6.0, "sample_rate": sr})

    sr = 16000
    track = np.zeros(6 * sr, np.float32)
    for i in range(3):
        track[int(2.0 * i * sr):int((2.0 * i + 1.5) * sr)] = 0.1 * (i + 1)
    phrases = ["uno dos tres cuatro", "cinco seis siete ocho", "nueve diez once doce"]
    rec = record(phrases)
    for keep in (1, 2):  # 4 and 8 of 12 words heard
        hear = E.DubHearing(rec, sr, StopsEarly(phrases, keep))
        assert hear(E.Track.of(track)) == " ".join(phrases) and hear.rescued == 1
    # codes heard spelt add words: 8 of 9 words heard, but one command of three is missing
    codes = ["pon E2 ya", "pon F3 ya", "pon G4 ya"]
    spelt = ["pon e, dos, ya", "pon efe tres ya", "pon ge cuatro ya"]
    hear = E.DubHearing(record(codes), sr, StopsEarly(spelt, 2))
    assert hear(E.Track.of(track)) == " ".join(spelt) and hear.rescued == 1
    # a phrase heard on its own takes ±pad_s around it: 0.6 s reaches into its neighbours
    wide = E.DubHearing(rec, sr, StopsEarly(phrases, 2)).phrases(E.Track.of(track), pad_s=0.6)
    assert wide == " ".join([phrases[0], phrases[1], phrases[0], phrases[1], phrases[1], phrases[2]])
    # a window heard in full is kept as it is: one call, nothing rescued
    full = E.DubHearing(record(phrases[:1]), sr, StopsEarly(phrases))
    StopsEarly.calls = 0
    assert full(E.Track.of(track)) == phrases[0] and full.rescued == 0 and StopsEarly.calls == 1


@pytest.mark.slow
def test_leak_gate_fails_a_background_that_still_holds_the_speech(jfk_es, dubbed_jfk, recipes):
    rec, st, model = jfk_es
    # where measure_pair listens: voice activity and phrases merged (the last phrase ends before
    # "your country" fades out; VAD holds it)
    transcript = json.loads(E.PairFiles.of(rec, dubbed_jfk[0]).transcript.read_text(encoding="utf-8"))
    regions = merge_regions([tuple(r) for r in transcript["speech"]] + _regions(rec))
    hear = E.DubHearing(rec, rec.sample_rate, model)
    good, _ = E.intelligibility(rec, st["speech"], st["background"], rec.sample_rate, regions, hear)
    bad, _ = E.intelligibility(rec, st["speech"], st["source"], rec.sample_rate, regions, hear)
    assert bad["leak_recall"] > 0.8, bad  # the unseparated source: Whisper hears JFK's words
    _each_recipe(recipes, good, bad, "leak_recall")


@pytest.mark.slow
def test_stage_cost_gate_fails_a_mix_that_buries_the_dub_under_the_original(jfk_es, recipes):
    rec, st, model = jfk_es
    tracks = {"tts": st["tts"], "voice": st["voice"], "loudness": st["speech"]}
    # good: a mix that adds nothing to the dub speech costs exactly 0 (same track, one transcript)
    hear = E.DubHearing(rec, rec.sample_rate, model)
    good, _ = E.stage_intelligibility(rec, dict(tracks, mix=st["speech"]), hear)
    # bad: the original speech left in the mix at the dub's level (what a failed separation does)
    buried = st["speech"] + st["source_speech"] * (np.std(st["speech"]) / np.std(st["source_speech"]))
    bad, texts = E.stage_intelligibility(rec, dict(tracks, mix=buried), hear)
    assert good["cer_cost_mix"] == 0.0 and good["cer_mix"] == good["cer_loudness"]
    # the loss is put on the mix; the stages before it are the same tracks with the same figures
    assert {k: bad[k] for k in ("cer_tts", "cer_voice", "cer_loudness")} == {k: good[k] for k in ("cer_tts", "cer_voice", "cer_loudness")}
    assert bad["cer_cost_mix"] > 0.15, (bad, texts)  # measured +0.23 (JFK es), +0.19 to +0.43 on JFK/GRID es/ca
    # The gate at the goal (+0.05) fails it. It is off by default: one Whisper base pass moves an
    # unchanged dub's CER by up to 0.29 (gain x0.5/x2, a 1-sample shift), more than the goal.
    gate = QCConfig(max_stage_cer_cost=0.05)
    assert _failed(bad, "stage_cer_cost_max", gate) and not _failed({"stage_cer_cost_max": 0.0}, "stage_cer_cost_max", gate)
    assert all(r.qc.max_stage_cer_cost is None for r in recipes.values())
