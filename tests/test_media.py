import subprocess

import numpy as np
import pytest

from dubgen import media
from dubgen.errors import MediaError
from dubgen.io import write_wav

from conftest import BAD, JFK

BAD_CASES = {
    "zero_length.mp4": "zero-length file",
    "not_video.mp4": "unreadable media",
    "no_audio.mp4": "no audio stream",
    "truncated_moov_at_end.mp4": "unreadable media",
    "truncated.mp4": "truncated or corrupt",
    "silent.mp4": "audio is silent",
}


@pytest.mark.parametrize("name,reason", sorted(BAD_CASES.items()))
def test_bad_inputs_are_named_with_a_reason(name, reason):
    path = BAD / name
    with pytest.raises(MediaError) as e:
        media.probe(path)
        audio = media.decode_audio(path)
        media.check_not_silent(path, audio)
    assert str(path) in str(e.value) and reason in str(e.value)


def test_audio_only_file_is_accepted():
    info = media.probe(BAD / "audio_only.m4a")
    assert not info.has_video and info.sample_rate == 44100 and abs(info.duration - 11.0) < 0.05


def test_mux_copies_video_bit_exact_and_keeps_sample_count(tmp_path):
    audio = media.decode_audio(JFK)
    wav = tmp_path / "a.wav"
    write_wav(wav, 0.5 * audio, 44100)
    out = tmp_path / "out.mp4"
    media.mux(JFK, wav, out, "es", original_language="en")
    assert media.video_md5(out) == media.video_md5(JFK)
    assert media.audio_samples(out) == len(audio) == media.audio_samples(JFK)
    assert media.audio_samples(out, 1) == len(audio)
    assert media.stream_languages(out) == ["spa", "eng"]


def test_find_videos_recurses_and_dedups(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for p in ("a/x.mp4", "a/b/y.MKV", "a/b/notes.txt"):
        (tmp_path / p).write_bytes(b"x")
    found = media.find_videos([tmp_path, tmp_path / "a" / "x.mp4"])
    assert [p.name for p in found] == ["y.MKV", "x.mp4"]  # sorted by path, no duplicate


def test_decode_resamples_to_mono_16k():
    a = media.decode_audio(JFK, 16000, 1)
    assert a.shape[1] == 1 and abs(len(a) / 16000 - 11.0) < 0.05 and np.abs(a).max() > 0.1


def test_mux_keeps_a_video_that_outlasts_its_audio_whole(tmp_path):
    """A video stream longer than the audio (common after concatenation) is copied whole; the
    dub keeps the audio's exact length."""
    import soundfile as sf

    from dubgen import media

    src = tmp_path / "long_video.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25:duration=3",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2", "-c:v", "libx264",
                    "-c:a", "aac", str(src)], check=True)
    wav = tmp_path / "dub.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), "-map", "0:a:0", "-c:a", "pcm_f32le",
                    str(wav)], check=True)
    out = tmp_path / "dub.mp4"
    media.mux(src, wav, out, "es")
    assert media.video_md5(out) == media.video_md5(src)
    assert media.audio_stream(out).samples == sf.info(str(wav)).frames
