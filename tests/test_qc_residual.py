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
    beside = tmp_path / "clip.speech.wav"
    sf.write(beside, np.zeros(160, np.float32), 16000)
    assert reference_speech_path(video) == ref  # the stems/ layout comes first
    ref.unlink()
    assert reference_speech_path(video) == beside


@pytest.mark.slow
def test_dubbed_studio_clip_keeps_no_original_speech(dubbed_grid):
    """The GRID talking head (studio speech, no background) dubbed with the bundled es/ca recipes:
    its own audio is the clean original speech, so the issue's figure can be computed exactly."""
    from dubgen.io import read_wav
    from dubgen.manifest import read_pairs, resolve

    out, result = dubbed_grid
    assert result.ok, result.failures
    records = read_pairs(out / "pairs.jsonl")
    assert {r.language for r in records} == {"es", "ca"}
    for r in records:
        (source, sr), (mix, sr_mix), (dub, _) = (read_wav(resolve(out, p)) for p in
                                                 (r.source_audio, r.dubbed_audio, r.speech_audio))
        source, mix, dub = (x.reshape(len(x), -1).mean(axis=1) for x in (source, mix, dub))
        assert sr == sr_mix and len(source) == len(mix) == len(dub)
        # what the remix added besides the dub's (new) speech
        assert M.residual_speech_db(mix - dub, source, mix) <= -40, r.language
        assert r.qc["metrics"]["residual_speech_est_db"] <= -30 and r.qc["pass"], r.qc["reasons"]


def test_pair_residual_ignores_the_dubs_own_speech(tmp_path):
    """The dub's speech is new: only what the remix put besides it (mix − dub stem) may count as
    original speech. A dub that happens to correlate with the original (same F0, same timing)
    moves the whole-mix figure, not the gated one."""
    from types import SimpleNamespace

    from dubgen.qc.evaluate import residual_speech

    sp, music, other, sr = _signals()
    (tmp_path / "stems").mkdir()
    sf.write(tmp_path / "stems" / "clip.speech.flac", sp.astype(np.float32), sr, subtype="PCM_24")
    files = SimpleNamespace(original=tmp_path / "clip.mp4")
    regions = [(0.5, len(sp) / sr)]
    dub = other + 0.1 * sp  # a dub correlating with the original at -20 dB
    for leak_db in (-40.0, -15.0):
        bg = music + 10 ** (leak_db / 20) * sp
        m = residual_speech(files, sp, bg, dub, bg + dub, sr, regions)
        assert m["residual_speech_reference"] == "clip.speech.flac"
        expected = M.residual_speech_db(bg, sp, bg + dub)
        assert m["residual_speech_db"] == pytest.approx(expected, abs=0.05)
        assert m["residual_speech_mix_db"] > -21  # the dub's own correlation dominates the mix figure
    assert m["residual_speech_db"] > -20  # the -15 dB leak
    none = residual_speech(SimpleNamespace(original=tmp_path / "other.mp4"), sp, music, dub, music + dub, sr, regions)
    assert none["residual_speech_db"] is None and none["residual_speech_est_db"] is not None
