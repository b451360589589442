"""Residual original speech in QC: the reference figure, the estimate without one, and the gates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.config import QCConfig
from dubgen.qc import metrics as M
from dubgen.qc.evaluate import reference_speech_path
from dubgen.qc.gates import GATES, apply_gates

DATA = Path(__file__).resolve().parent / "data"


def _signals():
    sp, sr = sf.read(DATA / "speech_noise_4s.speech.flac", dtype="float32")  # real speech (LJSpeech)
    music, _ = sf.read(DATA / "speech_music_5s.background.flac", dtype="float32", always_2d=True)
    from scipy.signal import resample_poly

    music = resample_poly(music.mean(axis=1), 320, 441)[: len(sp)]  # 22.05 → 16 kHz
    other = sp[::-1].copy()  # "new" speech: same voice and spectrum, no shared words
    return sp.astype(np.float64), music.astype(np.float64), other.astype(np.float64), sr


def test_residual_speech_db_measures_what_was_left():
    sp, music, other, _ = _signals()
    clean = other + music
    # only chance correlation projects (measured -40.8 dB): the floor of the figure
    assert M.residual_speech_db(clean, sp, clean) < -38
    for leak_db, tol in ((-10.0, 0.5), (-30.0, 3.5)):  # near the floor, chance correlation adds
        g = 10 ** (leak_db / 20)
        dub = clean + g * sp  # the dub: new speech + background + leaked original
        expected = 10 * np.log10(np.sum((g * sp) ** 2) / np.sum(dub**2))
        assert M.residual_speech_db(dub, sp, dub) == pytest.approx(expected, abs=tol)
    with pytest.raises(ValueError, match="lengths"):
        M.residual_speech_db(sp[:-1], sp, sp)
    with pytest.raises(ValueError, match="silent"):
        M.residual_speech_db(sp, np.zeros_like(sp), sp)


def test_estimate_follows_the_leak_and_fails_safe():
    sp, music, other, sr = _signals()
    inside = np.zeros(len(sp), bool)
    inside[sr // 2 :] = True
    mix = other + music
    est = {}
    for leak_db in (-6.0, -40.0):
        g = 10 ** (leak_db / 20)
        separated = (1 - g) * sp  # the separator's speech: what it took out
        background = music + g * sp  # what it left
        est[leak_db] = M.residual_speech_estimate_db(background, separated, mix, inside)
    assert est[-6.0] > -15 and est[-40.0] < -35
    # a separator that found no speech leaves everything: the whole background counts
    none = M.residual_speech_estimate_db(music + sp, np.zeros_like(sp), mix, inside)
    assert none > -3


def test_gates_fail_audible_original_speech_and_say_why():
    off = {name: None for name in GATES}
    qc = QCConfig(**{**off, "require_container": False, "max_residual_speech_db": -30.0,
                     "max_residual_speech_est_db": -30.0})
    ok, reasons = apply_gates({"residual_speech_db": -48.0, "residual_speech_est_db": -54.1}, qc)
    assert ok and reasons == []
    ok, reasons = apply_gates({"residual_speech_db": None, "residual_speech_est_db": -40.0}, qc)
    assert ok  # no clean reference: the estimate alone decides
    ok, reasons = apply_gates({"residual_speech_db": -21.5, "residual_speech_est_db": -20.1}, qc)
    assert not ok and reasons == [
        "residual_speech_db -21.5 > max_residual_speech_db -30: original speech still audible in the dub",
        "residual_speech_est_db -20.1 > max_residual_speech_est_db -30: original speech still audible in the background",
    ]
    ok, reasons = apply_gates({"residual_speech_db": None, "residual_speech_est_db": None}, qc)
    assert not ok and reasons == ["residual_speech_est_db not measured (max_residual_speech_est_db -30.0)"]
    assert QCConfig().max_residual_speech_db == -30.0 and QCConfig().max_residual_speech_est_db == -30.0


def test_reference_speech_is_found_next_to_the_input(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"")
    assert reference_speech_path(video) is None
    (tmp_path / "stems").mkdir()
    ref = tmp_path / "stems" / "clip.speech.flac"
    sf.write(ref, np.zeros(160, np.float32), 16000)
    assert reference_speech_path(video) == ref
    # the shared media layout
    assert reference_speech_path(Path("/work/shared/media/speech_music.mp4")) in (
        None, Path("/work/shared/media/stems/speech_music.speech.flac"))
