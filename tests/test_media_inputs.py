"""Inputs beyond AAC-in-MP4: Vorbis/Opus containers, 192 kHz audio, several audio tracks.

Each input is built from the bundled talking-head clip with ffmpeg; the dub audio is the input's
own track (at the pipeline's working rate), muxed as the pipeline does, and QC's container check
must pass on it: video bit-exact, audio exactly as long as the dubbed track, rate as recorded.
"""

import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from dubgen import media
from dubgen.errors import MediaError
from dubgen.io import write_wav
from dubgen.qc.evaluate import container

from conftest import GRID

# name → ffmpeg output options (input: the first 2 s of GRID)
INPUTS = {
    "vorbis.mkv": ["-c:v", "copy", "-c:a", "libvorbis", "-q:a", "2"],
    # VP8/VP9 in WebM: a tiny re-encoded video (VP9 copies into MP4, VP8 cannot)
    "opus.webm": ["-c:v", "libvpx-vp9", "-s", "64x48", "-r", "10", "-b:v", "40k", "-c:a", "libopus", "-b:a", "32k"],
    "hires.mov": ["-c:v", "copy", "-c:a", "pcm_s24le", "-ar", "192000"],
}


def _ffmpeg(*argv: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *argv], check=True)


def _make(tmp: Path, name: str) -> Path:
    out = tmp / name
    _ffmpeg("-i", str(GRID), "-t", "2", *INPUTS[name], str(out))
    return out


def _dub_like_the_pipeline(src: Path, tmp: Path, track=None, keep: bool = False, codec: str = "aac"):
    """Decode, write and mux as the extract and remix stages do; return (record, files) for QC."""
    info = media.probe(src, track)
    rate = media.working_rate(info.sample_rate, [codec])
    audio = media.decode_audio(src, rate, track=info.audio_track)
    wav = tmp / f"{src.stem}.wav"
    write_wav(wav, 0.5 * audio, rate)
    out = tmp / f"{src.stem}.dub.mp4"
    media.mux(src, wav, out, "es", codec=codec, original_language="en" if keep else None, source_track=info.audio_track)
    record = SimpleNamespace(audio_track=info.audio_track, sample_rate=rate, language="es")
    return record, SimpleNamespace(video=out, original=src), info, out


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_container_check_passes_on_other_codecs_and_rates(tmp_path, name):
    src = _make(tmp_path, name)
    record, files, info, out = _dub_like_the_pipeline(src, tmp_path)
    m = container(record, files)
    assert m["container_ok"] is True, m
    assert m["samples_diff"] == 0 and m["audio_rate"] == record.sample_rate
    # what was written is what the record says: the rate inside the MP4 is the working rate
    assert media.probe(out).sample_rate == info.working_rate


def test_opus_output_is_worked_at_48k_and_recorded_so(tmp_path):
    # libopus carries 48 kHz only: a 44.1 kHz input is worked at 48 kHz, so the record is true
    assert media.probe(GRID).sample_rate == 44100
    record, files, _, out = _dub_like_the_pipeline(GRID, tmp_path, codec="libopus")
    assert record.sample_rate == 48000 == media.probe(out).sample_rate
    m = container(record, files)
    assert m["container_ok"] is True and m["samples_diff"] == 0, m
    assert media.working_rate(44100, ["aac", "libopus"]) == 48000 and media.working_rate(44100, ["aac"]) == 44100


def test_hires_input_is_worked_at_a_rate_the_codec_carries(tmp_path):
    src = _make(tmp_path, "hires.mov")
    info = media.probe(src)
    assert info.sample_rate == 192000 and info.working_rate == media.MAX_SAMPLE_RATE == 96000
    record, files, _, out = _dub_like_the_pipeline(src, tmp_path)
    # a record claiming the input's 192 kHz is caught: the file holds 96 kHz
    lying = SimpleNamespace(audio_track=0, sample_rate=192000, language="es")
    m = container(lying, files)
    assert m["rate_ok"] is False and m["container_ok"] is False


def test_container_check_fails_a_dub_that_is_too_short(tmp_path):
    # negative control: one AAC frame missing at the end must not pass as padding
    src = _make(tmp_path, "vorbis.mkv")
    info = media.probe(src)
    audio = media.decode_audio(src, info.working_rate)[:-1500]
    wav = tmp_path / "short.wav"
    write_wav(wav, audio, info.working_rate)
    out = tmp_path / "short.mp4"
    media.mux(src, wav, out, "es")
    m = container(SimpleNamespace(audio_track=0, sample_rate=info.working_rate, language="es"),
                  SimpleNamespace(video=out, original=src))
    assert m["samples_equal"] is False and m["samples_diff"] == -1500 and m["container_ok"] is False


@pytest.fixture
def two_tracks(tmp_path) -> Path:
    """Track 0: GRID's speech tagged eng; track 1: the same 2 s reversed (tagged fra), marked default."""
    out = tmp_path / "two.mkv"
    _ffmpeg("-i", str(GRID), "-t", "2", "-filter_complex", "[0:a]atrim=0:2,areverse[r]", "-map", "0:v", "-map", "0:a", "-map", "[r]",
            "-c:v", "copy", "-c:a", "libvorbis", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fre",
            "-disposition:a:0", "0", "-disposition:a:1", "default", str(out))
    return out


def test_probe_picks_the_default_track_or_the_one_asked(two_tracks):
    assert media.probe(two_tracks).audio_track == 1 and media.probe(two_tracks).audio_tracks == 2
    assert media.probe(two_tracks, 0).audio_track == 0
    with pytest.raises(MediaError, match="no audio track 2: the file has 2"):
        media.probe(two_tracks, 2)
    a0 = media.decode_audio(two_tracks, track=0)[:, 0]
    a1 = media.decode_audio(two_tracks, track=1)[:, 0]
    # the tracks differ: track 1 is track 0 reversed (compared by 100 ms energy envelopes)
    env = lambda a: np.sqrt(np.mean(a[: len(a) // 4410 * 4410].reshape(-1, 4410) ** 2, axis=1))  # noqa: E731
    e0, e1 = env(a0), env(a1)
    n = min(len(e0), len(e1))
    assert np.corrcoef(e0[::-1][:n], e1[:n])[0, 1] > 0.8 > np.corrcoef(e0[:n], e1[:n])[0, 1]


def test_mux_keeps_every_original_track_and_tags_the_dubbed_one(two_tracks, tmp_path):
    record, files, info, out = _dub_like_the_pipeline(two_tracks, tmp_path, track=0, keep=True)
    # dub first, then both originals: the dubbed one tagged with the source language, the other its own
    assert media.stream_languages(out) == ["spa", "eng", "fre"]
    assert media.audio_codecs(out) == ["aac", "vorbis", "vorbis"]
    assert container(record, files)["container_ok"] is True
    (tmp_path / "alone").mkdir()
    _, _, _, alone = _dub_like_the_pipeline(two_tracks, tmp_path / "alone", track=0, keep=False)
    assert media.stream_languages(alone) == ["spa"]


@pytest.mark.slow
def test_dub_chosen_track_of_a_two_track_192k_input_end_to_end(tmp_path):
    """`dubgen dub --audio-track 1`: track 1 (speech, 192 kHz) is dubbed, recorded, and both originals kept."""
    import json
    import sys

    import yaml

    from conftest import DATA, ROOT

    src = tmp_path / "two.mkv"
    _ffmpeg("-i", str(GRID), "-i", str(DATA / "speech_music_5s.background.flac"), "-map", "0:v", "-map", "1:a",
            "-map", "0:a", "-c:v", "copy", "-c:a", "flac", "-ar:a:1", "192000", "-metadata:s:a:0", "language=zxx",
            "-metadata:s:a:1", "language=eng", "-disposition:a:0", "default", "-disposition:a:1", "0", str(src))
    recipe = yaml.safe_load((ROOT / "recipes" / "es.yaml").read_text())
    recipe.update(name="es_keep", source_language="en")
    recipe["mix"]["keep_original_track"] = True
    (tmp_path / "es_keep.yaml").write_text(yaml.safe_dump(recipe))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "dubgen", "dub", str(src), "--out", str(out), "--recipe",
                           str(tmp_path / "es_keep.yaml"), "--audio-track", "1", "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    [line] = (out / "pairs.jsonl").read_text().splitlines()
    pair = json.loads(line)
    assert pair["audio_track"] == 1 and pair["sample_rate"] == 96000, proc.stderr
    dubbed = out / pair["dubbed_video"]
    assert media.probe(dubbed).sample_rate == 96000
    assert media.stream_languages(dubbed) == ["spa", "zxx", "eng"]
    m = pair["qc"]["metrics"]
    assert m["container_ok"] is True and m["samples_diff"] == 0, m
    # the speech track was dubbed, not the default (music) one: the back-ASR heard Spanish words
    assert m["asr_words"] >= 3
