"""Block-wise audio files: the streamed stages give what whole-file processing gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dubgen import audiofile, media
from dubgen.dsp import resample, spread_pick, to_mono
from dubgen.errors import MediaError
from dubgen.io import read_wav, write_wav

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "media"


def _noise(n: int, ch: int, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal((n, ch)) * 0.1).astype(np.float32)


@pytest.mark.parametrize("channels", [1, 2, 6])
def test_streamed_wav_has_the_bytes_of_a_whole_write(tmp_path, channels):
    x = _noise(48_000 * 3 + 17, channels)
    write_wav(tmp_path / "whole.wav", x, 48_000)
    with audiofile.WavWriter(tmp_path / "stream.wav", 48_000, channels) as w:
        for a in range(0, len(x), 10_007):
            w.write(x[a:a + 10_007])
    assert (tmp_path / "whole.wav").read_bytes() == (tmp_path / "stream.wav").read_bytes()
    assert np.array_equal(audiofile.read(tmp_path / "stream.wav", 100, 200), x[100:200])
    assert audiofile.info(tmp_path / "stream.wav") == audiofile.WavInfo(len(x), channels, 48_000)


def test_an_aborted_stream_leaves_no_file(tmp_path):
    with pytest.raises(RuntimeError):
        with audiofile.WavWriter(tmp_path / "x.wav", 16_000, 1) as w:
            w.write(np.zeros(100, np.float32))
            raise RuntimeError("stage failed")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="2 channels"):
        with audiofile.WavWriter(tmp_path / "y.wav", 16_000, 1) as w:
            w.write(np.zeros((10, 2), np.float32))


@pytest.mark.parametrize("sr", [48_000, 44_100, 22_050, 8_000])
def test_blockwise_resampling_equals_whole_file(tmp_path, sr):
    x = _noise(sr * 7 + 123, 2, seed=sr)
    write_wav(tmp_path / "a.wav", x, sr)
    whole = resample(to_mono(x), sr, 16_000)
    got = audiofile.resample_file(tmp_path / "a.wav", 16_000, block_s=2.0)
    assert len(got) == len(whole)
    np.testing.assert_allclose(got, whole, atol=1e-6)


def test_process_covers_every_frame_once_and_crossfades_disagreements():
    n, x = 10_000, np.arange(10_000, dtype=np.float32)
    calls = []

    def same(a, b):
        calls.append((a, b))
        return x[a:b]

    out = list(audiofile.process(n, 3_000, 500, same, fade=200))
    assert [s for s, _ in out] == [0, 3_000, 6_000, 9_000]
    assert np.array_equal(np.concatenate([y for _, y in out]), x)  # agreement stays exact
    assert calls[0] == (0, 3_500) and calls[1] == (2_500, 6_500)

    # each block adds its own offset: the joins ramp from one block's value to the next
    def offset(a, b):
        return x[a:b] + a
    y = np.concatenate([y for _, y in audiofile.process(n, 3_000, 500, offset, fade=200)])
    assert len(y) == n
    assert y[2_999] == x[2_999] + 0  # block 0 (computed from a=0) up to its end
    d = y[3_000:3_200] - x[3_000:3_200]  # crossfade from offset 0 to offset 2_500
    assert 0 < d[0] < d[100] < d[-1] < 2_500 and np.all(np.diff(d) > 0)
    assert y[3_200] == x[3_200] + 2_500
    # a signal within one block is one call
    assert [(a, b) for a, b in [(0, 100)]] == [(s, s + len(v)) for s, v in audiofile.process(100, 3_000, 500, same)]


def test_spread_pick_takes_all_or_an_even_sample():
    assert spread_pick([1.0] * 5, 10.0) == [0, 1, 2, 3, 4]
    picked = spread_pick([1.0] * 100, 10.0)
    assert len(picked) == 10 and picked == sorted(picked)
    assert min(picked) < 20 and max(picked) > 80  # spread over the whole recording
    assert spread_pick([1.0] * 100, 10.0) == picked  # deterministic


@pytest.mark.parametrize("clip", ["speech_music.mp4", "jfk_speech.mp4"])
def test_streamed_decode_matches_whole_decode(tmp_path, clip):
    src = SHARED / clip
    if not src.is_file():
        pytest.skip(f"{src} not present")
    whole = media.decode_audio(src, 48_000)
    frames, ch = media.decode_audio_to_wav(src, tmp_path / "a.wav", 48_000, block_s=0.5)
    got, sr = read_wav(tmp_path / "a.wav")
    assert (frames, ch, sr) == (len(whole), whole.shape[1], 48_000)
    assert np.array_equal(got.reshape(len(got), -1), whole)


def test_streamed_decode_rejects_silence_and_corrupt_input(tmp_path):
    silent = tmp_path / "silent.wav"
    write_wav(silent, np.zeros((48_000, 1), np.float32), 48_000)
    with pytest.raises(MediaError, match="silent"):
        media.decode_audio_to_wav(silent, tmp_path / "o.wav", 48_000)
    broken = SHARED / "bad" / "truncated.mp4"
    if broken.is_file():
        with pytest.raises(MediaError, match="truncated or corrupt"):
            media.decode_audio_to_wav(broken, tmp_path / "o2.wav", 48_000)
    assert not (tmp_path / "o.wav").exists() and not (tmp_path / "o2.wav").exists()


@pytest.mark.parametrize("name", ["dsp", "spleeter"])
def test_blockwise_separation_keeps_background_exact_outside_speech(tmp_path, name):
    from dubgen.stages.separation import SEPARATION, separate_file

    x, sr = read_wav(DATA / "speech_music_5s.mix.flac")
    x = np.tile(x.reshape(len(x), -1), (3, 1))  # 15 s: several 4 s blocks
    write_wav(tmp_path / "src.wav", x, sr)
    regions = [(0.5, 3.0), (3.6, 9.2), (11.0, 14.0)]
    backend = SEPARATION.build(name)
    separate_file(backend, tmp_path / "src.wav", tmp_path / "sp.wav", tmp_path / "bg.wav", regions,
                  block_s=4.0, margin_s=2.0, fade_s=0.1)
    sp, _ = read_wav(tmp_path / "sp.wav")
    bg, _ = read_wav(tmp_path / "bg.wav")
    sp, bg = sp.reshape(len(sp), -1), bg.reshape(len(bg), -1)
    assert sp.shape == bg.shape == x.shape
    outside = np.ones(len(x), bool)
    for a, b in regions:
        outside[round(a * sr):round(b * sr)] = False
    assert np.array_equal(bg[outside], x[outside]) and not np.any(sp[outside])
    np.testing.assert_allclose(sp + bg, x, atol=1e-5)
    if name == "spleeter":  # a local model: the same split as the whole file at once, up to the joins
        w_sp, _ = backend.separate(x, sr, regions)
        err = np.sum((sp - w_sp) ** 2) / np.sum(w_sp ** 2)
        assert 10 * np.log10(err) < -20, err


# -- QC over long recordings: block-wise figures equal whole-track ones -------------------------------------

def test_qc_figures_do_not_depend_on_the_block_length(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from dubgen.dsp import merge_regions
    from dubgen.qc import evaluate as E
    from dubgen.qc import metrics as M
    from dubgen.qc import tracks as T
    from dubgen.stages.loudness import true_peak_db

    sr = 16_000
    rng = np.random.default_rng(3)
    n = 6 * sr
    speech = np.zeros(n, np.float32)
    speech[sr:4 * sr] = 0.3 * np.sin(2 * np.pi * 180 * np.arange(3 * sr) / sr)
    bed = (0.02 * rng.standard_normal(n)).astype(np.float32)
    source, bg = speech + bed, bed + 0.05 * speech
    dub = np.roll(speech, 800) * 0.8
    mix = bg + dub
    regions = [(0.9, 4.1)]
    segs = [SimpleNamespace(dub_start=1.05, dub_end=4.05, source_start=1.0, source_end=4.0, stretch=1.0, overrun=0.0,
                            id=0, speaker="S0", text="x", source_text="x")]
    rec = SimpleNamespace(clip_id="c", language="es", segments=segs, duration=n / sr)
    files = SimpleNamespace(original=tmp_path / "none.mp4")
    write_wav(tmp_path / "mix.wav", np.stack([mix, 0.5 * mix], axis=1) * 3.0, sr)  # clips: peak over 0 dBFS

    def figures():
        return (E.background(rec, source, mix, bg, sr, regions),
                E.residual_speech(files, speech, bg, dub, mix, sr, regions),
                E._frame_levels(T.Track.of(dub), sr), E._mix_peaks(tmp_path / "mix.wav", sr))

    whole = figures()
    monkeypatch.setattr(T, "QC_BLOCK_S", 0.7)
    blocked = figures()
    for key in ("bg_sisdr_db", "bg_corr", "bg_residual_db", "bg_seconds"):
        assert blocked[0][key] == pytest.approx(whole[0][key], abs=0.02), key
    assert blocked[1]["residual_speech_est_db"] == pytest.approx(whole[1]["residual_speech_est_db"], abs=0.1)
    np.testing.assert_allclose(blocked[2], whole[2], atol=1e-6)
    np.testing.assert_allclose(whole[2], M.frame_levels_db(dub, sr), atol=1e-6)
    assert blocked[3][0] == pytest.approx(whole[3][0], abs=1e-6) and blocked[3][1] == whole[3][1] > 0
    x, _ = read_wav(tmp_path / "mix.wav")
    assert whole[3][0] == pytest.approx(true_peak_db(x, sr), abs=1e-6)
    assert whole[3][1] == pytest.approx(M.clipped_fraction(x))
    # the same figures from the arrays' own formulas
    quiet = ~M.regions_mask(n, sr, merge_regions(regions + [(1.05, 4.05)], E.SPEECH_PAD_S))
    assert whole[0]["bg_sisdr_db"] == pytest.approx(min(M.si_sdr(source[quiet], mix[quiet]), E.SISDR_CEILING_DB), abs=0.01)


def test_back_asr_windows_never_cut_a_phrase():
    from dubgen.qc.tracks import region_groups, windows

    sr = 100
    spans = [(i * 10.0, i * 10.0 + 8.0) for i in range(30)]  # 300 s of phrases with 2 s gaps
    wins = windows(spans, 300 * sr, sr, window_s=60.0)
    assert wins[0][0] == 0 and wins[-1][1] == 300 * sr
    assert all(b == c for (_, b), (c, _) in zip(wins, wins[1:]))
    for a, b in wins:
        assert 55 * sr <= b - a <= 75 * sr or b == 300 * sr
        assert not any(s * sr < a < e * sr for s, e in spans)  # a cut lies in a gap
    assert windows(spans, 50 * sr, sr, window_s=60.0) == [(0, 50 * sr)]
    groups = region_groups([(0.0, 150.0), (160.0, 170.0)], 300 * sr, sr, window_s=60.0)
    assert all(sum(b - a for a, b in g) <= 60.0 for g in groups)
    assert sum(b - a for g in groups for a, b in g) == pytest.approx(160.0)


def test_long_recordings_are_recognized_in_windows_cut_in_pauses(monkeypatch):
    """A recording longer than ASR_WINDOW_S goes to the recognizer window by window; word times
    come back on the recording's clock and the first window's language holds for the rest."""
    from dubgen.manifest import Word
    from dubgen.stages import asr as A

    sr = A.ASR_RATE
    speech = [(i * 10.0 + 1.0, i * 10.0 + 8.0) for i in range(12)]  # 120 s, pauses at 8-11 s
    assert A.asr_windows(speech, 120 * sr, window_s=200.0) == [(0, 120 * sr)]
    wins = A.asr_windows(speech, 120 * sr, window_s=35.0)
    assert len(wins) > 1 and wins[0][0] == 0 and wins[-1][1] == 120 * sr
    for a, b in wins:
        assert not any(s * sr < a < e * sr for s, e in speech)

    monkeypatch.setattr(A, "ASR_WINDOW_S", 35.0)
    monkeypatch.setattr(A, "speech_regions", lambda audio, ms: tuple(speech))
    calls = []

    def run(x, lang):
        calls.append((len(x), lang))
        return [Word(text="hola.", start=1.0, end=1.5, probability=1.0)], "es"

    tr = A.Transcriber._windowed(SimpleASR(), np.zeros(120 * sr, np.float32), None, run)
    assert [n for n, _ in calls] == [b - a for a, b in wins]
    assert calls[0][1] is None and all(lang == "es" for _, lang in calls[1:]) and tr.language == "es"
    starts = [s.start for s in tr.segments]
    assert starts == [round(a / sr + 1.0, 3) for a, _ in wins]


class SimpleASR:
    vad_min_silence_ms = 300
    split = (0.3, 10.0, 0.6, 0.0)


@pytest.mark.slow
def test_remix_in_blocks_equals_the_remix_in_one_piece(tmp_path, monkeypatch):
    """The remix streamed in 1 s blocks: every phrase at its planned sample, stems byte-identical
    to the one-piece remix, the mix equal but for the limiter's joins."""
    from conftest import JFK

    from dubgen.cli import main
    from dubgen.manifest import read_pairs

    def dub(out):
        assert main(["dub", str(JFK), "--out", str(out), "--recipe", "debug", "--quiet"]) == 0
        (pair,) = read_pairs(out / "pairs.jsonl")
        return pair, out / pair.clip_id / pair.recipe

    one, d1 = dub(tmp_path / "one")
    monkeypatch.setattr(audiofile, "BLOCK_S", 1.0)
    blocked, d2 = dub(tmp_path / "blocked")
    assert blocked.segments == one.segments
    for name in ("speech.wav", "tts.wav", "voice.wav"):
        assert (d1 / name).read_bytes() == (d2 / name).read_bytes(), name
    a, sr = read_wav(d1 / "dubbed.wav")
    b, _ = read_wav(d2 / "dubbed.wav")
    assert a.shape == b.shape and np.max(np.abs(a - b)) < 2e-3
    assert (d1 / "dubbed.mp4").is_file() and (d2 / "dubbed.mp4").is_file()
    # each phrase starts at its planned sample: silence up to it (after a gap), sound from it
    speech, _ = read_wav(d2 / "speech.wav")
    prev_end = 0
    for s in blocked.segments:
        k, e = int(round(s.dub_start * sr)), int(round(s.dub_end * sr))
        if k - prev_end > 10:
            assert not np.any(speech[prev_end + 5:k])
        assert np.any(speech[k:k + int(0.2 * sr)])
        prev_end = e


# -- the HTML report's media, block by block ---------------------------------------------------------------

def test_report_media_are_streamed_with_the_one_piece_results(tmp_path, monkeypatch):
    from scipy.io import wavfile
    from scipy.signal import spectrogram

    from dubgen.qc import report

    sr = 8_000
    t = np.arange(sr * 7) / sr
    x = np.stack([0.3 * np.sin(2 * np.pi * 1000 * t), 0.1 * np.sin(2 * np.pi * 300 * t)], axis=1).astype(np.float32)
    write_wav(tmp_path / "a.wav", x, sr)
    monkeypatch.setattr(audiofile, "BLOCK_S", 2.0)
    report._write_pcm16(tmp_path / "a.wav", tmp_path / "b.wav")
    wavfile.write(str(tmp_path / "ref.wav"), sr, np.round(np.clip(x, -1, 1) * 32767.0).astype(np.int16))
    assert (tmp_path / "b.wav").read_bytes() == (tmp_path / "ref.wav").read_bytes()

    lo, hi = report._envelope(tmp_path / "a.wav", 100)
    mono = to_mono(x)[: len(x) // 100 * 100].reshape(100, -1)
    assert np.array_equal(lo, mono.min(axis=1)) and np.array_equal(hi, mono.max(axis=1))

    f, image = report._spectrogram(tmp_path / "a.wav")  # short: one piece, as before
    _, _, sxx = spectrogram(resample(to_mono(x), sr, 16_000), 16_000, nperseg=512, noverlap=256)
    np.testing.assert_allclose(image, 10 * np.log10(sxx + 1e-12), atol=1e-4)

    monkeypatch.setattr(report, "SPECTROGRAM_COLUMNS", 40)  # long: columns averaged, block by block
    f, image = report._spectrogram(tmp_path / "a.wav")
    assert 30 <= image.shape[1] <= 40
    band = image.mean(axis=1)
    assert abs(f[int(np.argmax(band))] - 1000) < 40  # the tone stays where it is


def test_audio_beyond_4_gib_is_written_as_rf64(tmp_path, monkeypatch):
    x = _noise(48_000, 6)
    with audiofile.WavWriter(tmp_path / "big.wav", 48_000, 6, frames=2**31) as w:  # a 2^31-frame 5.1 film
        w.write(x[:1000])
        w.write(x[1000:])
    assert (tmp_path / "big.wav").read_bytes()[:4] == b"RF64"
    assert audiofile.info(tmp_path / "big.wav") == audiofile.WavInfo(48_000, 6, 48_000)
    assert np.array_equal(audiofile.read(tmp_path / "big.wav"), x)
    assert np.array_equal(media.decode_audio(tmp_path / "big.wav"), x)  # ffmpeg reads it too
    monkeypatch.setattr(audiofile, "RIFF_MAX_DATA", 24_000)  # an expected length that was too short
    with pytest.raises(ValueError, match="exceed a RIFF WAV"):
        with audiofile.WavWriter(tmp_path / "riff.wav", 48_000, 6, frames=10) as w:
            w.write(x[:1001])
    assert not (tmp_path / "riff.wav").exists()


@pytest.mark.slow
def test_a_dub_whose_wavs_are_rf64_is_muxed_and_checked(tmp_path, monkeypatch):
    """Every long WAV of the pipeline in RF64 (the 4 GiB limit lowered): the dub still muxes,
    and QC's container check passes."""
    from conftest import GRID

    from dubgen.cli import main
    from dubgen.manifest import read_pairs

    monkeypatch.setattr(audiofile, "RIFF_MAX_DATA", 1000)
    out = tmp_path / "out"
    assert main(["dub", str(GRID), "--out", str(out), "--recipe", "debug", "--quiet"]) == 0
    (pair,) = read_pairs(out / "pairs.jsonl")
    for rel in (pair.source_audio, pair.background_audio, pair.dubbed_audio, pair.speech_audio, pair.tts_audio):
        assert (out / rel).read_bytes()[:4] == b"RF64", rel
    assert pair.qc["metrics"]["container_ok"] is True


def test_voice_activity_in_overlapping_chunks_finds_the_regions_of_the_whole_track():
    """Long audio goes to Silero chunk by chunk (bounded memory); on real speech (JFK, GRID and
    the two-speaker call, 0.5-1.5 s apart, cut into 15 s chunks) the regions match the
    one-piece analysis: every one-piece region lies inside a chunked one (within 0.1 s) and
    the speech found differs by under 2 %."""
    from conftest import DATA, JFK

    from dubgen.dsp import merge_regions
    from dubgen.stages import asr as A

    sr = A.ASR_RATE
    parts = [resample(to_mono(media.decode_audio(JFK)), media.probe(JFK).sample_rate, sr)]
    for name in ("spk_speech_only.flac", "spk_two_speakers.flac"):
        x, rate = read_wav(DATA / name)
        parts.append(resample(to_mono(x.reshape(len(x), -1)), rate, sr))
    gaps = [np.zeros(int(g * sr)) for g in (0.5, 1.5, 1.0)]
    audio = np.concatenate([p for pair in zip(gaps, parts) for p in pair]).astype(np.float32)
    assert len(audio) > 2 * 15 * sr
    whole = A.speech_regions(audio, 300, chunk_s=1e6)
    chunked = A.speech_regions(audio, 300, chunk_s=15.0, overlap_s=5.0)
    assert A.speech_regions(audio, 300) == whole  # up to VAD_CHUNK_S: one piece, as before
    assert len(whole) >= 5
    assert chunked == tuple(merge_regions(chunked))  # sorted, disjoint
    for a, b in whole:
        assert any(c <= a + 0.1 and b - 0.1 <= d for c, d in chunked), (a, b, chunked)
    total = lambda rs: sum(b - a for a, b in rs)  # noqa: E731
    assert abs(total(chunked) - total(whole)) < 0.02 * total(whole)
    with pytest.raises(ValueError, match="chunk_s"):
        A.speech_regions(audio, 300, chunk_s=0.0)
