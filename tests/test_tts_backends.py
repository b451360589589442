"""TTS backends (Pico, Festival), the recorded fallback and the planner's use of each backend's rate range."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from dubgen.config import load_recipe, parse_recipe, stage_block
from dubgen.errors import BackendUnavailable, RecipeError
from dubgen.stages.timing import Slot
from dubgen.stages.tts import TTS, Unspeakable, build_chain, usable_rates
from dubgen.stages.tts_festival import to_latin9

from conftest import ROOT

ES = "Buenos días, el tren sale a las ocho de la mañana."
CA = "Bon dia, el tren surt a les vuit del matí."
WIDE = Slot(0.0, 60.0, 0.0, 60.0)  # room for any length: the base rate is kept


@pytest.fixture(scope="module")
def whisper():
    from dubgen.stages.asr import ASR

    return ASR.build("faster-whisper", **stage_block("asr", {"backend": "faster-whisper"}).kwargs())


@pytest.fixture(scope="module")
def built():
    """One instance per backend for the module (Kokoro's ONNX session loads once)."""
    cache: dict = {}
    return lambda name: cache.setdefault(name, TTS.build(name))


def heard_cer(asr, audio: np.ndarray, sr: int, language: str, reference: str) -> float:
    from dubgen.dsp import resample
    from dubgen.qc import metrics as M
    from dubgen.stages.asr import ASR_RATE

    return M.text_scores(reference, asr.transcribe_text(resample(audio, sr, ASR_RATE), language, speech_only=True)).cer


def chain(primary: str, fallback=None, language: str = "ca"):
    c = build_chain(primary, fallback, lambda name: TTS.build(name))
    c.choose_voices(language, {"S0": 120.0})
    return c


@pytest.mark.parametrize("backend,language,text,rate", [("pico", "es", ES, 16000), ("festival", "ca", CA, 16000),
                                                        ("kokoro", "es", ES, 24000)])
def test_backend_speech_is_read_back(whisper, built, backend, language, text, rate):
    tts = built(backend)
    audio, sr = tts.synthesize(text, tts.voice_for(language, None), 165.0)
    assert sr == rate and audio.dtype == np.float32
    assert 1.0 < len(audio) / sr < 6.0
    assert heard_cer(whisper, audio, sr, language, text) < 0.15


@pytest.mark.parametrize("backend,voice,text", [("pico", "es-ES", ES), ("festival", "upc_ca_ona_hts", CA),
                                                ("kokoro", "jm_kumo|es", ES)])
def test_rate_changes_duration_monotonically(built, backend, voice, text):
    tts = built(backend)
    lo, hi = tts.rate_range
    lengths = [len(tts.synthesize(text, voice, r)[0]) for r in (lo, (lo + hi) / 2, hi)]
    assert lengths[0] > lengths[1] > lengths[2]
    # close to inversely proportional (festival's HTS durations: 0.76 of it, edge noise trimmed)
    assert lengths[0] / lengths[2] > 0.75 * hi / lo


def test_trimming_keeps_the_speech_and_drops_low_noise_detached_from_it():
    """A phrase's own fade-out is kept; noise 45-60 dB down after a quiet gap is not (Pico ends
    some phrases that way); a real Pico phrase that did so is as long as its neighbours' rates say."""
    from dubgen.stages.tts import trim_silence

    sr, rng = 16000, np.random.default_rng(0)
    t = np.arange(int(0.8 * sr)) / sr
    speech = (0.5 * np.sin(2 * np.pi * 200 * t) * np.minimum(1, 20 * t)).astype(np.float32)
    fade = (0.5 * 10 ** (-38 / 20) * rng.standard_normal(int(0.05 * sr))).astype(np.float32)  # kept
    gap = (1e-5 * rng.standard_normal(int(0.2 * sr))).astype(np.float32)
    tail = (0.5 * 10 ** (-47 / 20) * rng.standard_normal(int(0.4 * sr))).astype(np.float32)
    x = np.concatenate([gap, speech, fade, gap, tail])
    kept = trim_silence(x, sr)
    assert len(speech) + len(fade) <= len(kept) < len(speech) + len(fade) + 0.15 * sr  # pads: 2 x 48 ms
    assert np.array_equal(trim_silence(np.concatenate([speech, fade]), sr), np.concatenate([speech, fade]))

    pico = TTS.build("pico")
    text = "Esto es Diane en New Jersey."
    lengths = [len(pico.synthesize(text, "es-ES@0.96", r)[0]) for r in (150.0, 165.0, 180.0)]
    assert lengths[0] > lengths[1] > lengths[2]


def test_trimming_drops_a_faint_click_after_the_speech_but_not_words_after_a_pause():
    """Festival ended a sentence read at 130 words/min with 0.42 s of breath noise and a click
    25 dB below its loudest: counted as speech, the words ended 0.5 s before their source did.
    A word after a comma's pause, as loud as speech, is kept."""
    from dubgen.qc import metrics as M
    from dubgen.stages.tts import trim_silence

    sr, rng = 16000, np.random.default_rng(1)
    t = np.arange(int(0.6 * sr)) / sr
    word = (0.5 * np.sin(2 * np.pi * 180 * t) * np.minimum(1, 20 * t) * np.minimum(1, 20 * t[::-1])).astype(np.float32)
    breath = (0.5 * 10 ** (-51 / 20) * rng.standard_normal(int(0.42 * sr))).astype(np.float32)
    click = (0.5 * 10 ** (-28 / 20) * rng.standard_normal(int(0.03 * sr))).astype(np.float32)
    pause = (1e-5 * rng.standard_normal(int(0.35 * sr))).astype(np.float32)
    kept = trim_silence(np.concatenate([word, breath, click]), sr)
    assert len(word) <= len(kept) < len(word) + 0.12 * sr
    two = np.concatenate([word, pause, word])
    assert np.array_equal(trim_silence(two, sr), two)

    tts = TTS.build("festival")
    text = "Llevat que un sistema és establert per la revisió formal freqüent d'activitats són sota, pel que fa a això."
    audio, sr = tts.synthesize(text, tts.voice_for("ca", 120.0), 130.0)
    level = M.frame_levels_db(audio, sr)
    loud = np.flatnonzero(level >= level.max() - 20)
    assert len(audio) / sr - (loud[-1] * M.FRAME_S + M.WINDOW_S) < 0.25  # ends with its last word and its fade (was 0.51 s)


def test_synthesis_is_deterministic():
    """Same text and rate, same samples, whatever was said before (in-process Pico reads
    uninitialised memory: its third call at one speed differed from the first two)."""
    for backend, voice, text in (("pico", "es-ES", ES), ("festival", "upc_ca_ona_hts", CA),
                                 ("festival", "upc_ca_ona_hts@0.66", CA)):
        tts = TTS.build(backend)
        runs = [tts.synthesize(text, voice, r)[0] for r in (180.0, 100.0, 180.0, 180.0)]
        assert np.array_equal(runs[0], runs[2]) and np.array_equal(runs[0], runs[3])


def test_festival_speaks_at_the_speakers_pitch_through_its_vocoder(whisper):
    """An HTS voice is synthesised at the speaker's F0 median by hts_engine (Festival's own
    engine ignores ``-fm``): its F0 lands within a semitone of the speaker's, the durations are
    the voice's own, every sentence is said and read back."""
    from dubgen.stages.voice import measure_profile

    tts = TTS.build("festival")
    text = "Bon dia. " + CA
    own, sr = tts.synthesize(text, "upc_ca_ona_hts", 165.0)
    assert tts.voice_for("ca", None) == "upc_ca_ona_hts"
    for target in (105.0, 240.0):
        voice = tts.voice_for("ca", target)
        assert voice.startswith("upc_ca_ona_hts@")
        audio, rate = tts.synthesize(text, voice, 165.0)
        assert rate == sr and abs(len(audio) - len(own)) < 0.05 * sr
        assert abs(12 * np.log2(measure_profile(audio, sr).f0_median / target)) < 1.0
        assert heard_cer(whisper, audio, sr, "ca", text) < 0.15
    assert TTS.build("festival", pitch=0.8).voice_for("ca", 105.0) == "upc_ca_ona_hts@0.80"
    with pytest.raises(RecipeError, match="outside 0.5-2.0"):
        tts.synthesize(CA, "upc_ca_ona_hts@3", 165.0)
    with pytest.raises(RecipeError, match="NAME@PITCH"):
        tts.synthesize(CA, "upc_ca_ona_hts@low", 165.0)


def test_latin9_maps_typography_and_names_what_it_cannot_read():
    assert to_latin9("“Col·lecció” — ŀ’aigua… 5 €") == '"Col·lecció" - l·\'aigua... 5 €'.encode("iso-8859-15")
    with pytest.raises(Unspeakable, match=r"Latin-9.*'ж' U\+0436.*'日' U\+65E5"):
        to_latin9("Bon dia ж 日")
    tts = TTS.build("festival")
    audio, _ = tts.synthesize("“Bon dia” — diu l’avi…", "upc_ca_ona_hts", 165.0)
    assert audio.size > 16000


def test_fallback_says_only_what_the_primary_cannot_and_is_recorded():
    c = chain("festival", "espeak-ng")
    ok = c.speak(CA, "S0", 165.0, WIDE, 130.0, 230.0)
    assert (ok.backend, ok.voice, ok.fallback_reason) == ("festival", "upc_ca_ona_hts@0.69", "")
    odd = c.speak("Bon dia, Жанна.", "S0", 165.0, WIDE, 130.0, 230.0)
    assert odd.backend == "espeak-ng" and odd.voice.startswith("ca")
    assert "festival cannot say it" in odd.fallback_reason and "U+0416" in odd.fallback_reason
    assert odd.audio.size > 0
    with pytest.raises(Unspeakable, match="set tts.fallback"):
        chain("festival").speak("Bon dia, Жанна.", "S0", 165.0, WIDE, 130.0, 230.0)


def test_missing_backend_is_a_clear_error_or_a_recorded_fallback(tmp_path, monkeypatch):
    # a PATH with espeak-ng only: festival is not installed there
    (tmp_path / "espeak-ng").symlink_to(shutil.which("espeak-ng"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not TTS.get("festival").check().ok
    with pytest.raises(BackendUnavailable, match=r"festival unavailable.*apt-get install festival festvox-ca-ona-hts.*tts.fallback"):
        chain("festival")
    c = chain("festival", "espeak-ng")
    said = c.speak(CA, "S0", 165.0, WIDE, 130.0, 230.0)
    assert said.backend == "espeak-ng" and "festival unavailable" in said.fallback_reason
    assert c.describe()["unavailable"].startswith("festival unavailable")


def test_planner_clamps_to_the_backend_rate_range():
    """The recipe allows 60-500 words/min; the phrase needs 500+. The rate recorded is the one
    Pico used (its upper limit), and the audio is that long."""
    c = chain("pico", language="es")
    lo, hi = TTS.get("pico").rate_range
    assert usable_rates(c.primary, 60.0, 500.0) == (lo, hi)
    tight = Slot(0.0, 0.5, 0.0, 0.5)
    said = c.speak(ES, "S0", 165.0, tight, 60.0, 500.0)
    assert said.rate == hi
    direct, _ = c.primary.synthesize(ES, said.voice, hi)
    assert np.array_equal(said.audio, direct)
    slow = c.speak(ES, "S0", 165.0, Slot(0.0, 30.0, 0.0, 30.0), 60.0, 500.0)
    assert slow.rate == lo
    # the base rate too is the backend's: 400 words/min is not a rate Pico speaks at
    assert c.speak(ES, "S0", 400.0, WIDE, 400.0, 500.0).rate == hi


def test_the_rate_is_corrected_from_the_length_heard_at_the_first_guess():
    """Below 165 words/min Festival's length grows less than the rate falls (at 132 it speaks
    0.84 of the inverse model's length): for a slot 1.25 x the phrase's length at 165 the first
    guess (132) falls short, and the second synthesis, at the corrected rate, comes closer."""
    c = chain("festival")
    voice = c.voices["festival"]["S0"]
    audio, sr = c.primary.synthesize(CA, voice, 165.0)
    slot = Slot(0.0, 1.25 * len(audio) / sr, 0.0, 1.25 * len(audio) / sr)
    guess, _ = c.primary.synthesize(CA, voice, 132.0)
    assert len(guess) / sr < 0.9 * slot.source_len  # the inverse model alone misses
    said = c.speak(CA, "S0", 165.0, slot, 60.0, 500.0)
    assert said.rate < 131.0 and said.natural_s == pytest.approx(len(audio) / sr)
    assert len(guess) < len(said.audio) <= slot.source_len * sr


def test_recipe_options_are_checked_per_backend():
    def block(tts):
        return parse_recipe({"language": "es", "tts": tts}, "x.yaml").tts

    assert block({"backend": "pico", "fallback": "espeak-ng"}).kwargs() == {
        "voice": None, "rate": 165.0, "fallback": "espeak-ng", "pitch": None}
    assert block({"backend": "festival", "voice": "upc_ca_ona_hts"}).kwargs() == {
        "voice": "upc_ca_ona_hts", "rate": 165.0, "fallback": None, "pitch": None}
    # every TTS backend takes tts.fallback; pico and festival take pitch; none of the three takes a model
    for backend in ("espeak-ng", "pico", "festival", "kokoro", "piper", "coqui"):
        assert block({"backend": backend, "fallback": "espeak-ng"}).fallback == "espeak-ng"
    with pytest.raises(RecipeError, match=r"tts\.model: unknown field for backend pico"):
        block({"backend": "pico", "model": "x"})
    with pytest.raises(RecipeError, match=r"tts\.pitch: unknown field for backend espeak-ng"):
        block({"backend": "espeak-ng", "pitch": 0.8})
    with pytest.raises(RecipeError, match="tts.pitch"):
        block({"backend": "pico", "pitch": 3.0})
    with pytest.raises(RecipeError, match="is the backend itself"):
        build_chain("pico", "pico", lambda name: TTS.build(name))
    with pytest.raises(RecipeError, match="pico has no voice for language 'ca'"):
        TTS.build("pico").voice_for("ca", None)


def test_default_recipes_use_the_measured_backends_with_espeak_fallback():
    for lang, backend in (("es", "pico"), ("ca", "festival"), ("gl", "pico")):
        tts = load_recipe(ROOT / "recipes" / f"{lang}.yaml").tts
        assert (tts.backend, tts.fallback) == (backend, "espeak-ng")


@pytest.mark.slow
def test_pipeline_records_backend_and_used_rate_per_phrase(dubbed_grid):
    out, result = dubbed_grid
    assert result.pairs
    for pair in result.pairs:
        backend = {"es": "pico", "ca": "festival"}[pair.language]
        lo, hi = TTS.get(backend).rate_range
        for s in pair.segments:
            assert (s.tts_backend, s.tts_fallback) == (backend, "")
            assert lo <= s.tts_rate <= hi



def test_run_summary_names_the_fallback():
    from types import SimpleNamespace

    from dubgen.cli import _tts_summary
    from dubgen.manifest import DubSegment

    def seg(i, backend, why=""):
        return DubSegment(id=i, speaker="S0", source_text="x", text="y", source_start=0, source_end=1, slot_start=0,
                          slot_end=1, dub_start=0, dub_end=1, tts_rate=165, stretch=1, tts_backend=backend, tts_fallback=why)

    assert _tts_summary(SimpleNamespace(segments=[seg(0, "festival"), seg(1, "festival")])) == "festival"
    mixed = SimpleNamespace(segments=[seg(0, "festival"), seg(1, "espeak-ng", "festival cannot say it: ..."), seg(2, "festival")])
    assert _tts_summary(mixed) == "festival 2, FALLBACK espeak-ng 1"


def test_a_low_rate_voice_gets_the_octave_above_its_nyquist_and_keeps_what_asr_hears():
    """Real speech band-limited to 8 kHz (a 16 kHz voice) and brought to 44.1 kHz: the octave
    above 8 kHz is regenerated under the octave below it, the band an ASR hears is unchanged."""
    import soundfile as sf

    from dubgen.dsp import EXTENSION_TILT_DB, extend_band, resample
    from dubgen.stages.loudness import band_spectrum_db

    x, sr = sf.read(str(ROOT / "tests" / "data" / "voice_female_lj.flac"), dtype="float32")
    voice = resample(resample(x, sr, 16000), 16000, 44100)
    out = extend_band(voice, 44100, 8000.0)
    assert out.shape == voice.shape and out.dtype == np.float32
    centres, before = band_spectrum_db(voice, 44100)
    _, after = band_spectrum_db(out, 44100)

    def level(b: np.ndarray, lo: float, hi: float) -> float:
        return float(10 * np.log10(np.sum(10 ** (b[(centres >= lo) & (centres <= hi)] / 10))))

    assert level(after, 9000, 17000) - level(before, 9000, 17000) > 15  # the resampler's skirt only, before
    assert -EXTENSION_TILT_DB - 10 < level(after, 9000, 17000) - level(after, 4500, 8500) < 0  # under its source octave
    assert np.allclose(after[centres < 6000], before[centres < 6000], atol=0.1)
    heard_before, heard_after = resample(voice, 44100, 16000), resample(out, 44100, 16000)
    assert 10 * np.log10(np.mean((heard_after - heard_before) ** 2) / np.mean(heard_before ** 2)) < -40
    assert extend_band(voice, 16000, 8000.0) is not None and np.array_equal(extend_band(voice, 16000, 8000.0), voice)


def test_pico_speaks_at_the_speakers_pitch():
    """Unset pitch: each speaker's voice is Pico's at the speaker's F0 median (its own control,
    not PSOLA afterwards), within Pico's 0.5-2x; a recipe pitch fixes it; the table of the
    voices' own F0 holds for es-ES (within 1 semitone; it varies by sentence)."""
    import parselmouth
    from parselmouth.praat import call

    from dubgen.stages.tts_pico import PICO_F0_HZ

    pico = TTS.build("pico")
    assert pico.voice_for("es", None) == "es-ES" and pico.voice_for("es", 198.0) == "es-ES"
    assert pico.voice_for("es", 104.0) == "es-ES@0.53" and pico.voice_for("gl", 60.0) == "es-ES@0.50"
    assert TTS.build("pico", pitch=0.8).voice_for("es", 104.0) == "es-ES@0.80"

    def f0(voice):
        audio, sr = pico.synthesize(ES, voice, 165.0)
        return call(parselmouth.Sound(audio.astype(np.float64), sampling_frequency=sr).to_pitch(),
                    "Get quantile", 0, 0, 0.5, "Hertz")

    assert abs(12 * np.log2(f0("es-ES") / PICO_F0_HZ["es-ES"])) < 1.0
    assert abs(12 * np.log2(f0(pico.voice_for("es", 104.0)) / 104.0)) < 1.0
    with pytest.raises(RecipeError, match="NAME@PITCH"):
        pico.synthesize(ES, "es-ES@low", 165.0)
    with pytest.raises(RecipeError, match="outside"):
        pico.synthesize(ES, "es-ES@0.2", 165.0)


def test_no_dc_offset_reaches_the_voice_stage():
    """Pico at a male speaker's pitch leaves a DC offset that PSOLA spreads into every pause as
    a steady floor; the subsonic high-pass applied to each phrase removes it."""
    from dubgen.dsp import remove_dc, resample
    from dubgen.stages.voice import VOICE

    a, sr = TTS.build("pico").synthesize("Pon blanco con pe, dos, pronto. Coloca blanco en jota, tres, por favor.",
                                         "es-ES@0.50", 165)
    raw = resample(a, sr, 44100)
    clean = remove_dc(raw, 44100)
    assert abs(float(raw.mean())) > 1e-3 and abs(float(clean.mean())) < 1e-5
    vc = VOICE.build("praat")
    tts = vc.profile(raw, 44100)
    target = type(tts)(f0_median=100.0, f0_range=tts.f0_range, formant=tts.formant)

    def quietest_db(x: np.ndarray) -> float:
        h = 2205
        return min(10 * np.log10(np.mean(x[i:i + h] ** 2) + 1e-20) for i in range(0, len(x) - h, h))

    assert quietest_db(vc.convert(raw, 44100, tts, target, 1.0)) > -50  # the offset, everywhere
    converted = vc.convert(clean, 44100, tts, target, 1.0)
    assert quietest_db(converted) < quietest_db(clean) + 3 < -60  # pauses as quiet as the voice's own


def test_phrase_edges_fade_in_and_out_without_touching_the_middle():
    from dubgen.dsp import fade_edges

    x = np.full(44100, 0.5, dtype=np.float32)
    y = fade_edges(x, 44100)  # 5 ms
    assert abs(y[0]) < 0.01 and abs(y[-1]) < 0.01 and np.all(np.diff(y[:220]) >= 0)
    assert np.array_equal(y[221:-221], x[221:-221]) and np.array_equal(x, np.full(44100, 0.5, dtype=np.float32))
    assert len(fade_edges(x[:3], 44100)) == 3


def test_festival_reads_a_phrases_labels_once_for_every_rate_it_is_said_at(monkeypatch):
    """The timing plan says a phrase up to three times at other rates; Festival's front end (2/3
    of the time) runs once for them, and each result is what a fresh backend gives."""
    from dubgen.stages import tts_festival

    calls = []
    labels = tts_festival._labels
    monkeypatch.setattr(tts_festival, "_labels", lambda *a: calls.append(a[2]) or labels(*a))
    tts, voice = TTS.build("festival"), "upc_ca_ona_hts@0.80"
    said = [tts.synthesize(CA, voice, rate)[0] for rate in (150.0, 190.0)]
    other = tts.synthesize("Bon dia.", voice, 150.0)[0]
    assert calls == [CA, "Bon dia."] and len(said[1]) < 0.9 * len(said[0])
    assert np.array_equal(said[1], TTS.build("festival").synthesize(CA, voice, 190.0)[0])
    assert np.array_equal(other, TTS.build("festival").synthesize("Bon dia.", voice, 150.0)[0])
    assert calls[-2:] == [CA, "Bon dia."]  # the fresh backends read their own
