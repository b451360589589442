"""QC metric functions and gates on real signals and known texts."""

import numpy as np
import pytest
import soundfile as sf

from dubgen.config import QCConfig
from dubgen.qc import metrics as M
from dubgen.qc.gates import GATES, apply_gates

from conftest import DATA


def _load(name: str) -> tuple[np.ndarray, int]:
    x, sr = sf.read(str(DATA / name), dtype="float32", always_2d=False)
    return (x.mean(axis=1) if x.ndim == 2 else x), sr


# --------------------------------------------------------------------------- text

def test_wer_of_known_text():
    s = M.text_scores("El gato come pescado.", "el gato comió pescado")
    assert s.wer == pytest.approx(0.25)  # one substitution in four words
    assert 0 < s.cer < 0.25
    assert s.hits == 3 and s.recall == pytest.approx(0.75)


def test_normaliser_ignores_case_punctuation_accents_apostrophes():
    assert M.normalize_text("¡Hola, Señor!  ¿Qué tal?") == "hola senor que tal"
    assert M.normalize_text("L'home d'ahir") == "l home d ahir"
    assert M.text_scores("Ask not what your country can do for you.", "ask not, what YOUR country can do for you").wer == 0.0


def test_a_letter_digit_code_scores_the_same_however_spaced():
    # back-ASR writes one spoken code as "K7", "K 7" or "K-7"; a letter word stays a word
    assert M.text_scores("Rojo de cubo por K7 ahora.", "Rojo de cubo por K 7, ahora").cer == 0.0
    assert M.text_scores("Pon azul por C2 otra vez.", "pon azul por c-2 otra vez").cer == 0.0
    assert M.normalize_text("Set blanco con P, dos, pronto") == "set blanco con p dos pronto"
    assert M.text_scores("Posa blau, és X4 ara.", "posa blau xx4 ara").cer > 0


def test_codes_and_numbers_score_as_said_in_the_target_language():
    # the voice says "efa, dos"; back-ASR writes "F2", "efa, dos" or "F, dos": one hearing
    for heard in ("La galleda blava F2 ara", "la galleda blava efa, dos, ara", "La galleda blava F, 2 ara"):
        assert M.text_scores("La galleda blava F2 ara.", heard, "ca").cer == 0.0, heard
    assert M.text_scores("La galleda blava F2 ara.", "la galleda blava efa, dos, ara").cer > 0.25  # written form only
    assert M.normalize_text("Rojo de cubo por K7, 12 veces", "es") == "rojo de cubo por ka siete doce veces"
    # lone letters are letters only before a number; "y" stays the conjunction
    assert M.normalize_text("a 2 y 3 casas, l'home", "es") == "a dos y tres casas l home"
    assert M.normalize_text("Y3", "es") == "i griega tres"
    assert M.normalize_text("O caldeiro F2", "gl") == M.normalize_text("O caldeiro F2") == "o caldeiro f2"  # no table


def test_a_time_scores_the_same_however_it_was_said():
    # the dub says "las 8:30" ("8 y media" to Pico, "vuit i trenta" to Festival); back-ASR writes it as heard
    for heard in ("a las 8 y media", "A las ocho y treinta.", "a las 8:30", "a las 8 y 30"):
        assert M.text_scores("A las 8:30.", heard, "es").cer == 0.0, heard
    for heard in ("abans de les 8 i 30", "abans de les vuit i trenta", "abans de les 8 i mitja"):
        assert M.text_scores("Abans de les 8:30.", heard, "ca").cer == 0.0, heard
    assert M.normalize_text("A las 9 menos cuarto, a las 10:00", "es") == M.normalize_text("a las 8:45, a las 10", "es")
    assert M.text_scores("A las 8:30.", "a las 9 y media", "es").cer > 0  # another time
    assert M.normalize_text("Una hora y media, 2 y 3 casas", "es") == "una hora y media dos y tres casas"
    assert M.normalize_text("Son las 8:30") == "son las 8 30"  # no language: digits as written, apart


def test_empty_hypothesis_and_reference():
    s = M.text_scores("una frase", "")
    assert (s.wer, s.cer, s.recall) == (1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="reference text is empty"):
        M.text_scores(" ¿? ", "algo")


# --------------------------------------------------------------------------- signals

def test_si_sdr_of_known_mix():
    speech, _ = _load("speech_music_5s.speech.flac")
    bg, _ = _load("speech_music_5s.background.flac")
    n = min(len(speech), len(bg))
    speech, bg = speech[:n], bg[:n]
    snr = 10 * np.log10(np.sum(speech.astype(np.float64) ** 2) / np.sum(bg.astype(np.float64) ** 2))
    # music is nearly orthogonal to the speech: SI-SDR of the mixture ≈ its SNR
    assert M.si_sdr(speech, speech + bg) == pytest.approx(snr, abs=1.0)
    assert M.si_sdr(speech, speech + 0.1 * bg) == pytest.approx(snr + 20, abs=1.0)
    assert M.si_sdr(speech, 0.3 * speech) > 100  # scale-invariant
    with pytest.raises(ValueError, match="lengths differ"):
        M.si_sdr(speech, speech[:-1])
    with pytest.raises(ValueError, match="silent"):
        M.si_sdr(np.zeros(100), np.ones(100))


def test_correlation_and_energy_ratio():
    speech, _ = _load("voice_male_grid.flac")
    assert M.correlation(speech, 2 * speech) == pytest.approx(1.0)
    assert M.correlation(speech, -speech) == pytest.approx(-1.0)
    assert M.energy_ratio_db(0.1 * speech, speech) == pytest.approx(-20.0, abs=1e-6)


def test_timing_error_of_a_shifted_signal():
    voice, sr = _load("voice_male_grid.flac")
    track = np.zeros(int(8 * sr), np.float32)
    base = np.zeros_like(track)
    base[sr: sr + len(voice)] = voice  # placed at 1.00 s
    track[int(1.25 * sr): int(1.25 * sr) + len(voice)] = 0.5 * voice  # 250 ms late and 6 dB quieter
    windows = M.search_windows([(1.0, 1.0 + len(voice) / sr)], 8.0)
    (ref,), (late,) = M.extents(M.frame_levels_db(base, sr), windows), M.extents(M.frame_levels_db(track, sr), windows)
    assert late.onset - ref.onset == pytest.approx(0.25, abs=0.011)
    assert late.offset - ref.offset == pytest.approx(0.25, abs=0.011)
    assert 1.0 <= ref.onset < 1.5  # GRID clips start with a short pause
    assert M.extents(M.frame_levels_db(np.zeros_like(track), sr), windows)[0].onset is None


def test_dropped_speech_is_detected_attenuation_is_not():
    from scipy.signal import butter, sosfilt

    voice, sr = _load("voice_female_lj.flac")
    tts = np.concatenate([np.zeros(sr), voice, np.zeros(sr)]).astype(np.float32)
    win = (0.5, len(tts) / sr)
    ref = M.frame_levels_db(tts, sr)
    # processed: 6 dB quieter and low-passed (what EQ/conversion might do) — nothing is dropped
    processed = 0.5 * sosfilt(butter(2, 3000, "lowpass", fs=sr, output="sos"), tts)
    assert M.dropped_seconds(ref, M.frame_levels_db(processed, sr), win) == 0.0
    cut = processed.copy()
    cut[sr + len(voice) // 2:] = 0.0  # the second half of the phrase is gone
    lost = M.dropped_seconds(ref, M.frame_levels_db(cut, sr), win)
    assert 1.0 < lost < len(voice) / sr / 2
    assert M.dropped_seconds(ref, M.frame_levels_db(np.zeros_like(tts), sr), win) > 2 * lost * 0.8


def test_spectrum_distance_shape_not_level():
    from scipy.signal import butter, sosfilt

    from dubgen.stages.loudness import band_spectrum_db

    voice, sr = _load("voice_male_grid.flac")
    _, a = band_spectrum_db(voice, sr)
    _, b = band_spectrum_db(0.25 * voice, sr)
    _, c = band_spectrum_db(sosfilt(butter(4, 1000, "lowpass", fs=sr, output="sos"), voice), sr)
    assert M.spectrum_distance_db(a, b) == pytest.approx(0.0, abs=1e-6)
    assert M.spectrum_distance_db(a, c) > 10.0


def test_clipping_and_semitones_and_summary():
    assert M.clipped_fraction(np.array([0.5, 1.0, -1.2, 0.1])) == 0.5
    assert M.semitones(200.0, 100.0) == pytest.approx(12.0)
    assert M.semitones(None, 100.0) is None
    s = M.summary([1, 2, 3, 4, None, float("nan")])
    assert s == {"mean": 2.5, "median": 2.5, "p90": pytest.approx(3.7), "n": 4}
    assert M.summary([]) == {"n": 0}


# --------------------------------------------------------------------------- gates

def _only(**gates) -> QCConfig:
    """A QCConfig with every gate off except ``gates``."""
    off = {name: None for name in GATES}
    return QCConfig(**{**off, "require_container": False, **gates})


def test_gates_pass_fail_and_unmeasured():
    metrics = {"wer": 0.5, "cer": 0.2, "speaker_sim": 0.6, "lufs_diff": -2.5, "stretch_max": 1.2,
               "speech_dropped_s": 0.0, "true_peak_db": -1.0, "bg_sisdr_db": None, "container_ok": True}
    ok, reasons = apply_gates(metrics, _only(max_wer=0.6, max_lufs_diff=3.0, min_bg_sisdr_db=20.0))
    assert ok and reasons == []  # bg SI-SDR absent (no pause to judge) is not a failure
    ok, reasons = apply_gates(metrics, _only(max_wer=0.4, min_speaker_sim=0.7, max_lufs_diff=2.0))
    assert not ok
    assert reasons == ["wer 0.5 > max_wer 0.4", "speaker_sim 0.6 < min_speaker_sim 0.7", "|lufs_diff| 2.5 > max_lufs_diff 2"]
    ok, reasons = apply_gates({"wer": None}, _only(max_wer=0.4))
    assert not ok and reasons == ["wer not measured (max_wer 0.4)"]
    bad_box = dict(metrics, container_ok=False, video_equal=True, samples_equal=False, samples_diff=1024, language_ok=True)
    ok, reasons = apply_gates(bad_box, _only(require_container=True))
    assert not ok and "samples_equal" in reasons[0] and "1024" in reasons[0]


def test_default_gates_cover_every_qc_field():
    # every threshold field of QCConfig is wired to a metric (a new field without a gate would be inert)
    fields = set(QCConfig.model_fields) - {"enabled", "require_container"}
    assert fields == set(GATES)
