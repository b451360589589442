"""Background ducked under the dub where it would mask it (dubgen/stages/ducking.py)."""

import numpy as np
import pytest

from dubgen.stages.ducking import RAMP_S, duck_envelope, phrase_duck_db

SR = 16000


def _noise(seconds: float, db: float, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal(int(seconds * SR))
    return (x / np.sqrt(np.mean(x * x)) * 10 ** (db / 20)).astype(np.float32)


@pytest.mark.parametrize("ratio_db, expected", [(3.0, -9.0), (10.0, -5.0), (20.0, 0.0)])
def test_a_phrase_is_ducked_by_what_it_lacks_above_the_background(ratio_db, expected):
    """15 dB wanted, at most 9: white noise for both, so the speech-band ratio is the broadband one."""
    speech, background = _noise(1.0, -20 + ratio_db, 1), _noise(1.0, -20, 2)
    duck = phrase_duck_db(speech, background, SR, 15.0, 9.0)
    assert duck == pytest.approx(expected, abs=0.3)
    if expected == 0.0:
        assert str(duck) == "0.0"  # recorded as 0.0, not -0.0
    assert phrase_duck_db(speech, background, SR, None, 9.0) == 0.0  # off
    assert phrase_duck_db(speech, np.zeros_like(background), SR, 15.0, 9.0) == 0.0  # silence under it


def test_the_envelope_holds_each_phrase_ramps_outside_it_and_is_the_same_block_by_block():
    spans = [(SR, 2 * SR, -6.0), (int(1.5 * SR), 3 * SR, -9.0)]
    env = duck_envelope(0, 4 * SR, SR, spans)
    db = 20 * np.log10(env)
    ramp = int(RAMP_S * SR)
    assert db[SR:int(1.5 * SR) - ramp] == pytest.approx(-6.0, abs=1e-3)
    assert db[int(1.5 * SR):3 * SR] == pytest.approx(-9.0, abs=1e-3)  # overlapping: the deeper
    assert np.all(env[:SR - ramp] == 1.0) and np.all(env[3 * SR + ramp:] == 1.0)
    assert np.all(np.diff(db[SR - ramp:SR + 1]) <= 1e-6)  # ramps down before the phrase
    pieces = np.concatenate([duck_envelope(a, min(a + 5000, 4 * SR), SR, spans) for a in range(0, 4 * SR, 5000)])
    assert np.array_equal(pieces, env)
    assert np.all(duck_envelope(0, SR, SR, []) == 1.0)


@pytest.mark.slow
def test_the_remix_ducks_broadband_noise_under_the_dub_and_records_it(tmp_path):
    """Real speech (LJSpeech) under white noise at 5 dB SNR: the Spanish dub's phrases get the
    background lowered by up to 9 dB, as recorded per phrase; outside phrases it is untouched."""
    import soundfile as sf

    from conftest import DATA, ROOT
    from dubgen.config import load_recipe
    from dubgen.manifest import resolve
    from dubgen.runner import dub

    speech, sr = sf.read(DATA / "speech_noise_4s.speech.flac", dtype="float32")
    speech = np.concatenate([np.zeros(sr // 2, np.float32), speech, np.zeros(sr, np.float32)])
    noise = _noise(len(speech) / sr, 10 * np.log10(np.mean(speech**2)) - 5.0, 3)[: len(speech)]
    (tmp_path / "in").mkdir()
    sf.write(tmp_path / "in" / "noisy.flac", speech + noise, sr)
    result = dub([tmp_path / "in" / "noisy.flac"], tmp_path / "out", [load_recipe(ROOT / "recipes" / "es.yaml")])
    pair = result.pairs[0]
    ducks = [s.background_duck_db for s in pair.segments]
    assert all(-9.0 <= d < -3.0 for d in ducks), ducks
    out = tmp_path / "out"
    mix, rate = sf.read(resolve(out, pair.dubbed_audio), dtype="float64", always_2d=True)
    dub_speech, _ = sf.read(resolve(out, pair.speech_audio), dtype="float64")
    background, _ = sf.read(resolve(out, pair.background_audio), dtype="float64", always_2d=True)
    under = mix.mean(axis=1) - dub_speech
    for s, d in zip(pair.segments, ducks):
        a, b = int((s.dub_start + 0.1) * rate), int((s.dub_end - 0.1) * rate)
        level = 10 * np.log10(np.sum(under[a:b] ** 2) / np.sum(background[a:b].mean(axis=1) ** 2))
        assert level == pytest.approx(d, abs=0.5)
    a, b = 0, int((pair.segments[0].dub_start - RAMP_S - 0.01) * rate)
    assert np.allclose(under[a:b], background[a:b].mean(axis=1), atol=1e-4)
