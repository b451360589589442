"""BS.1770 loudness / EQ matching and the true-peak limiter, on real speech (tests/data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy.signal import butter, sosfilt, sosfiltfilt

from dubgen.stages.loudness import (
    LOUDNESS,
    BS1770Matcher,
    band_spectrum_db,
    eq_band_gains,
    integrated_loudness,
    kweighted_rms_lufs,
    true_peak_db,
    true_peak_limit,
)

DATA = Path(__file__).resolve().parent / "data"
SR = 22050


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, np.ndarray]:
    """(ref, dub): two different real speakers at 22.05 kHz; the 'dub' is coloured like a
    thin TTS voice (high-passed, low-passed) and 14 dB quieter, so both EQ and gain have work."""
    ref, sr = sf.read(DATA / "speech_music_5s.speech.flac", dtype="float64")
    other, sr2 = sf.read(DATA / "speech_only_3s.flac", dtype="float64")
    assert sr == sr2 == SR
    sos_hp = butter(2, 400, "highpass", fs=SR, output="sos")
    sos_lp = butter(2, 3000, "lowpass", fs=SR, output="sos")
    dub = sosfilt(sos_lp, sosfilt(sos_hp, other)) * 10 ** (-14 / 20)
    return ref, dub


def test_matches_integrated_loudness_per_segment(speech):
    ref, dub = speech
    refs = [ref[: 2 * SR], ref[3 * SR : 5 * SR]]  # two source segments, two speakers
    dubs = [dub[: int(1.8 * SR)], dub[int(1.8 * SR) :]]
    m = BS1770Matcher(eq=True, max_eq_db=12.0)
    out, info = m.match(dubs, refs, ["A", "B"], SR)
    for o, d, r, inf in zip(out, dubs, refs, info):
        assert len(o) == len(d) and o.dtype == np.float32
        assert abs(integrated_loudness(o, SR) - integrated_loudness(r, SR)) < 0.5
        assert inf["method"] == "integrated" and inf["level_source"] == "segment"
        assert abs(inf["dub_lufs_after"] - inf["source_lufs"]) < 0.5
        assert inf["gain_db"] > 5  # the dub was 14 dB quieter
        assert len(inf["eq_gains_db"]) == len(inf["eq_centres_hz"]) > 20


def test_short_segment_uses_kweighted_rms(speech):
    ref, dub = speech
    short_ref, short_dub = ref[int(0.5 * SR) : int(0.8 * SR)], dub[int(0.5 * SR) : int(0.75 * SR)]
    assert integrated_loudness(short_ref, SR) == pytest.approx(kweighted_rms_lufs(short_ref, SR))
    out, info = BS1770Matcher(eq=False).match([short_dub], [short_ref], ["A"], SR)
    assert info[0]["method"] == "kweighted_rms"
    assert len(out[0]) == len(short_dub)
    assert kweighted_rms_lufs(out[0], SR) == pytest.approx(kweighted_rms_lufs(short_ref, SR), abs=0.1)


def test_silent_reference_uses_speaker_level_and_caps_gain(speech):
    ref, dub = speech
    refs = [ref[: 2 * SR], np.zeros(SR), ref[3 * SR : 5 * SR] * 1e-6]
    dubs = [dub[: SR], dub[SR : 2 * SR], dub[2 * SR :]]
    out, info = BS1770Matcher(eq=False).match(dubs, refs, ["A", "A", "A"], SR)
    speaker_level = integrated_loudness(np.concatenate(refs), SR)
    assert info[1]["level_source"] == "speaker" and info[1]["source_lufs"] is None
    assert info[1]["target_lufs"] == pytest.approx(speaker_level)
    assert abs(integrated_loudness(out[1], SR) - speaker_level) < 0.5
    assert all(abs(i["gain_db"]) <= 30 for i in info)
    # a silent dub is left as it is, not amplified to infinity
    o, i = BS1770Matcher(eq=False).match([np.zeros(SR)], [ref[:SR]], ["A"], SR)
    assert i[0]["gain_db"] == 0.0 and not o[0].any()


def test_eq_moves_ltas_toward_reference_and_keeps_timing(speech):
    ref, dub = speech
    m = BS1770Matcher(eq=True, max_eq_db=12.0)
    out, info = m.match([dub], [ref], ["A"], SR)
    centres, r = band_spectrum_db(ref, SR)
    _, d0 = band_spectrum_db(dub, SR)
    _, d1 = band_spectrum_db(out[0], SR)
    speech_band = (centres >= 100) & (centres <= 8000)

    def shape_err(x):  # level-independent spectral distance
        diff = (r - x)[speech_band]
        return float(np.std(diff))

    assert shape_err(d1) < 0.6 * shape_err(d0)
    gains = np.array(info[0]["eq_gains_db"])
    assert np.all(np.abs(gains) <= 12.0 + 1e-9)  # max_eq_db boost, max_eq_cut_db (default 12) cut
    # against the same speaker uncoloured, the curve undoes the HP / LP colouring
    other, _ = sf.read(DATA / "speech_only_3s.flac", dtype="float64")
    _, g_col = eq_band_gains(ref, dub, SR, 24.0)
    _, g_raw = eq_band_gains(ref, other, SR, 24.0)
    lift = g_col - g_raw
    at = lambda f: lift[np.argmin(np.abs(centres - f))]  # noqa: E731
    assert at(160) - at(1000) > 6 and at(6300) - at(1000) > 6  # EQ is shape only: relative
    # linear phase with compensated delay: an impulse stays where it was
    click = np.zeros(SR)
    click[SR // 2] = 0.5
    dub_c = dub[:SR] * 0.0 + click
    o, _ = m.match([dub_c], [ref[:SR]], ["A"], SR)
    assert int(np.argmax(np.abs(o[0]))) == SR // 2


def test_limiter_bounds_true_peak_and_leaves_quiet_audio(speech):
    ref, _ = speech
    loud = np.stack([ref, ref * 0.8], axis=1) / np.abs(ref).max() * 1.6  # +4 dBFS peaks
    out = true_peak_limit(loud, SR, -1.0)
    assert out.shape == loud.shape
    assert true_peak_db(out, SR) <= -1.0 + 0.1
    assert true_peak_db(true_peak_limit(loud, SR, -3.0), SR) <= -3.0 + 0.1  # the ceiling is the caller's
    # the gain only acts around peaks: most samples are untouched
    assert np.mean(out == loud.astype(np.float32)) > 0.5
    quiet = (loud * 10 ** (-8 / 20)).astype(np.float32)
    assert true_peak_db(quiet, SR) < -1.0
    assert np.array_equal(true_peak_limit(quiet, SR, -1.0), quiet)


def test_true_peak_catches_inter_sample_peaks():
    n = np.arange(SR)
    # a sine at fs/4 sampled at 45 degrees: samples read 0.707, the waveform peaks at 1.0
    x = np.sin(2 * np.pi * 0.25 * n + np.pi / 4)
    assert 20 * np.log10(np.abs(x).max()) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_db(x, SR) == pytest.approx(0.0, abs=0.2)


def test_band_spectrum_and_registry():
    centres, db = band_spectrum_db(np.random.default_rng(0).standard_normal(SR), SR)
    assert centres[0] >= 50 and centres[-1] * 2 ** (1 / 6) < SR / 2
    # white noise: band power rises 1 dB per 1/3 octave
    slope = np.polyfit(np.log2(centres[5:-3]) * 3, db[5:-3], 1)[0]
    assert slope == pytest.approx(1.0, abs=0.15)
    m = LOUDNESS.build("bs1770", eq=True, max_eq_db=6.0)
    assert m.version().startswith("bs1770-") and BS1770Matcher.check().ok
    with pytest.raises(ValueError, match="differ in length"):
        m.match([np.zeros(10)], [], ["A"], SR)
    with pytest.raises(ValueError, match="mono"):
        m.match([np.zeros((10, 2))], [np.zeros(10)], ["A"], SR)


def test_eq_cuts_deeper_than_it_boosts_for_a_telephone_source():
    """A band-limited (300-3400 Hz) source: the dub's missing-in-source highs are cut past the
    boost limit, and the dub's spectrum gets closer to the source's than with symmetric limits."""
    from dubgen.qc.metrics import spectrum_distance_db

    full, _ = sf.read(DATA / "speech_music_5s.speech.flac", dtype="float64")
    ref = sosfilt(butter(6, [300, 3400], btype="bandpass", fs=SR, output="sos"), full)
    dub, _ = sf.read(DATA / "speech_only_3s.flac", dtype="float64")
    centres, g = eq_band_gains(ref, dub, SR, 12.0, 24.0)
    _, g_sym = eq_band_gains(ref, dub, SR, 12.0)
    high = (centres >= 5000) & (centres <= 8000)
    assert g.max() <= 12.0 and g.min() >= -24.0 and g[high].min() < -12.0
    assert g_sym.min() >= -12.0
    _, r = band_spectrum_db(ref, SR)
    band = (centres >= 100) & (centres <= 8000) & (r > r.max() - 50)
    dist = {}
    for cut in (12.0, 24.0):
        out, _ = BS1770Matcher(eq=True, max_eq_db=12.0, max_eq_cut_db=cut).match([dub], [ref], ["A"], SR)
        _, d = band_spectrum_db(out[0], SR)
        dist[cut] = spectrum_distance_db(r, d, band & (d > d.max() - 50))
    assert dist[24.0] < dist[12.0]


@pytest.mark.parametrize("lang", ["es", "ca", "gl"])
def test_bundled_eq_limits_let_a_dub_take_on_a_telephone_channel(lang):
    """The bundled recipes' EQ limits bring a studio dub within QC's spectrum gate of a
    300-3400 Hz source (the 12 dB cut they had left it outside)."""
    from dubgen.config import QCConfig, load_recipe
    from dubgen.qc.metrics import spectrum_distance_db

    full, _ = sf.read(DATA / "speech_music_5s.speech.flac", dtype="float64")
    ref = sosfiltfilt(butter(4, [300, 3400], btype="bandpass", fs=SR, output="sos"), full)  # both ways
    dub, _ = sf.read(DATA / "speech_only_3s.flac", dtype="float64")
    opts = load_recipe(lang).loudness.kwargs()
    centres, r = band_spectrum_db(ref, SR)
    band = (centres >= 100) & (centres <= 8000) & (r > r.max() - 50)

    def distance(cut: float) -> float:
        out, _ = BS1770Matcher(**dict(opts, max_eq_cut_db=cut)).match([dub], [ref], ["A"], SR)
        _, d = band_spectrum_db(out[0], SR)
        return spectrum_distance_db(r, d, band & (d > d.max() - 50))

    gate = QCConfig().max_spectrum_distance_db
    assert distance(opts["max_eq_cut_db"]) < gate < distance(12.0)
