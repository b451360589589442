"""Separation backends on real mixtures with ground-truth stems (tests/data, from shared/media)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.errors import BackendUnavailable, RecipeError
from dubgen.stages.separation import SEPARATION, DSPSeparator, speech_weight

DATA = Path(__file__).resolve().parent / "data"

# Crops of shared/media speech_music.mp4 (0-5 s, 22.05 kHz stereo; speech stem mono, it is
# centre-panned) and speech_noise.mp4 (0-4 s, 16 kHz mono), regions from transcripts_detailed.
CLIPS = {
    "speech_music_5s": [(0.0, 2.994), (2.994, 5.0)],
    "speech_noise_4s": [(0.5, 4.0)],
}
# Measured SI-SDR gains over the mixture (dB): music bg +12.4 / speech +4.7, noise bg +11.0 /
# speech +5.8. Asserted with ~3 dB slack.
MIN_BG_GAIN_DB = {"speech_music_5s": 9.0, "speech_noise_4s": 8.0}
MIN_SPEECH_GAIN_DB = {"speech_music_5s": 2.0, "speech_noise_4s": 3.0}


def si_sdr(est: np.ndarray, ref: np.ndarray) -> float:
    est = est - est.mean()
    ref = ref - ref.mean()
    target = np.dot(est, ref) / np.dot(ref, ref) * ref
    return float(10 * np.log10(np.sum(target**2) / np.sum((est - target) ** 2)))


def load_clip(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    mix, sr = sf.read(DATA / f"{name}.mix.flac", dtype="float32", always_2d=True)
    bg, _ = sf.read(DATA / f"{name}.background.flac", dtype="float32", always_2d=True)
    sp, _ = sf.read(DATA / f"{name}.speech.flac", dtype="float32")
    return mix, bg.mean(axis=1), sp, sr


@pytest.fixture(scope="module")
def separated() -> dict[str, tuple]:
    sep = SEPARATION.build("dsp")
    out = {}
    for name, regions in CLIPS.items():
        mix, bg, sp, sr = load_clip(name)
        out[name] = (mix, bg, sp, sr, *sep.separate(mix, sr, regions))
    return out


@pytest.mark.parametrize("name", list(CLIPS))
def test_dsp_improves_si_sdr_over_mixture(separated, name):
    mix, bg_ref, sp_ref, sr, sp, bg = separated[name]
    mono = mix.mean(axis=1)
    bg_gain = si_sdr(bg.mean(axis=1), bg_ref) - si_sdr(mono, bg_ref)
    sp_gain = si_sdr(sp.mean(axis=1), sp_ref) - si_sdr(mono, sp_ref)
    assert bg_gain >= MIN_BG_GAIN_DB[name], bg_gain
    assert sp_gain >= MIN_SPEECH_GAIN_DB[name], sp_gain


@pytest.mark.parametrize("name", list(CLIPS))
def test_dsp_parts_sum_to_mix_and_keep_shape(separated, name):
    mix, _, _, _, sp, bg = separated[name]
    assert sp.shape == bg.shape == mix.shape
    assert sp.dtype == bg.dtype == np.float32
    np.testing.assert_allclose(sp + bg, mix, atol=1e-6)


def test_background_is_original_outside_regions():
    mix, _, _, sr = load_clip("speech_noise_4s")
    sp, bg = DSPSeparator().separate(mix, sr, [(1.0, 2.5)])
    a, b = int(1.0 * sr), int(2.5 * sr)
    assert np.array_equal(bg[:a], mix[:a]) and np.array_equal(bg[b:], mix[b:])
    assert not np.any(sp[:a]) and not np.any(sp[b:])
    # the crossfade is inside the region: speech ramps up over ~20 ms, not a hard step
    ramp = int(0.02 * sr)
    w = speech_weight(len(mix), sr, [(1.0, 2.5)])
    assert w[a] < 0.01 and w[a + ramp] == 1.0 and np.all(np.diff(w[a : a + ramp]) >= 0)
    assert np.abs(sp[a + ramp : b - ramp]).max() > 0.01


def test_no_regions_means_all_background():
    mix, _, _, sr = load_clip("speech_music_5s")
    sp, bg = DSPSeparator().separate(mix, sr, [])
    assert not sp.any() and np.array_equal(bg, mix)


def test_invalid_input_is_refused():
    sep = DSPSeparator()
    with pytest.raises(ValueError, match="samples, channels"):
        sep.separate(np.zeros(1000, np.float32), 16000, [(0.0, 0.05)])
    with pytest.raises(ValueError, match="region"):
        sep.separate(np.zeros((1000, 1), np.float32), 16000, [(0.05, 0.01)])
    bad = np.zeros((1000, 1), np.float32)
    bad[3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        sep.separate(bad, 16000, [(0.0, 0.05)])


def test_registry_and_version():
    assert {"dsp", "demucs"} <= set(SEPARATION.names())
    with pytest.raises(RecipeError, match="dsp"):
        SEPARATION.get("no-such-backend")
    assert DSPSeparator().version().startswith("dsp-")
    assert DSPSeparator.check().ok


def test_demucs_without_model_says_how_to_get_one(tmp_path):
    with pytest.raises(BackendUnavailable, match="separation.model"):
        SEPARATION.build("demucs", model=None)
    with pytest.raises(BackendUnavailable, match="not found.*htdemucs"):
        SEPARATION.build("demucs", model=str(tmp_path / "missing.th"))


def _tiny_htdemucs(path: Path):
    """A small random HTDemucs saved in demucs.states.serialize_model's layout (half state);
    returns the model."""
    import torch
    from demucs.htdemucs import HTDemucs

    torch.manual_seed(0)
    model = HTDemucs(
        sources=["drums", "bass", "other", "vocals"], audio_channels=2, samplerate=16000,
        segment=2, channels=4, depth=2, t_layers=1, t_heads=2, nfft=512,
        bottom_channels=0, dconv_depth=1, dconv_comp=4,
    )
    args, kwargs = model._init_args_kwargs
    # the layout of demucs.states.serialize_model (which itself needs omegaconf), half state
    package = {
        "klass": HTDemucs, "args": args, "kwargs": kwargs, "training_args": {},
        "state": {k: v.half() for k, v in model.state_dict().items()},
    }
    torch.save(package, path)
    return model


@pytest.mark.skipif(importlib.util.find_spec("demucs") is None, reason="demucs not installed")
def test_demucs_tiny_random_model_roundtrip(tmp_path):
    import torch

    path = tmp_path / "tiny-htdemucs.th"
    model = _tiny_htdemucs(path)

    sep = SEPARATION.build("demucs", model=str(path))
    loaded = sep.load()
    ref = model.state_dict()["decoder.0.conv_tr.weight"].half().float()
    assert torch.equal(loaded.state_dict()["decoder.0.conv_tr.weight"], ref)

    mix, _, _, sr = load_clip("speech_noise_4s")  # mono 16 kHz into a stereo model
    sp, bg = sep.separate(mix, sr, [(1.0, 2.5)])
    a, b = int(1.0 * sr), int(2.5 * sr)
    assert sp.shape == bg.shape == mix.shape
    np.testing.assert_allclose(sp + bg, mix, atol=1e-6)
    assert np.array_equal(bg[:a], mix[:a]) and np.array_equal(bg[b:], mix[b:])
    assert np.isfinite(sp).all() and np.abs(sp[a:b]).max() > 0
    assert len(sep.version().split("model=")[1]) == 16

    # a bag directory (yaml + signature-named checkpoint) loads the same model
    bag = tmp_path / "bag"
    bag.mkdir()
    (bag / "tiny-abcd1234.th").write_bytes(path.read_bytes())
    (bag / "tinybag.yaml").write_text("models: ['tiny']\n")
    bag_model = SEPARATION.build("demucs", model=str(bag)).load()
    assert bag_model.sources == loaded.sources


@pytest.mark.skipif(importlib.util.find_spec("demucs") is None, reason="demucs not installed")
def test_demucs_refuses_pickled_code(tmp_path):
    import torch

    path = tmp_path / "evil.th"
    torch.save({"klass": Path, "args": (), "kwargs": {}, "state": {}}, path)
    with pytest.raises(BackendUnavailable, match="not a loadable demucs checkpoint"):
        SEPARATION.build("demucs", model=str(path)).load()
