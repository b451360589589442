"""Speaker labels and embeddings on real clips (GRID talking heads, LJ Speech)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.errors import BackendUnavailable
from dubgen.stages.speakers import SPEAKERS, NoSpeechError, cluster_embeddings

DATA = Path(__file__).resolve().parent / "data"
GRID1 = [(0.0, 2.994), (2.994, 5.989)]  # one man, two sentences
GRID4 = [(0.0, 2.994), (2.994, 5.989), (5.989, 8.983), (8.983, 11.978)]  # four speakers, music under


def _load(name: str) -> tuple[np.ndarray, int]:
    x, sr = sf.read(str(DATA / name), dtype="float32")
    return x, sr


def _backends() -> list:
    out = ["dsp"]
    try:
        import resemblyzer  # noqa: F401

        out.append("resemblyzer")
    except ImportError:
        out.append(pytest.param("resemblyzer", marks=pytest.mark.skip(reason="resemblyzer not installed")))
    return out


@pytest.fixture(scope="module", params=_backends())
def diarizer(request):
    return SPEAKERS.build(request.param, threshold=0.7, max_speakers=8, min_segment_s=1.0)


def test_one_speaker_two_segments(diarizer) -> None:
    x, sr = _load("spk_speech_only.flac")
    assert diarizer.assign(x, sr, GRID1) == ["S0", "S0"]


def test_four_speakers_under_music() -> None:
    # resemblyzer merges two of these GRID men at 0.7 (cos 0.72); the DSP embedding separates them.
    x, sr = _load("spk_speech_music.flac")
    assert SPEAKERS.build("dsp", threshold=0.7).assign(x, sr, GRID4) == ["S0", "S1", "S2", "S3"]


def test_same_speaker_more_similar_than_different(diarizer) -> None:
    x, sr = _load("spk_speech_only.flac")
    a, b = (diarizer.embed(x[int(s * sr) : int(e * sr)], sr) for s, e in GRID1)
    lj, sr2 = _load("voice_female_lj.flac")
    c = diarizer.embed(lj, sr2)
    for e in (a, b, c):
        assert np.linalg.norm(e) == pytest.approx(1.0, abs=1e-4)
    assert float(a @ b) > float(a @ c) + 0.1
    assert float(a @ b) > float(b @ c) + 0.1


def test_short_segments_take_a_label_and_labels_are_ordered(diarizer) -> None:
    x, sr = _load("spk_speech_music.flac")
    segs = [(0.2, 0.5), *GRID4, (11.98, 11.99)]  # too short to embed at both ends
    labels = diarizer.assign(x, sr, segs)
    assert len(labels) == len(segs) and labels[0] == "S0"
    assert labels[-1] == labels[-2]  # nearest in time
    assert diarizer.assign(x, sr, []) == []


def test_cluster_embeddings_threshold_and_cap() -> None:
    e = np.array([[1, 0, 0], [0.99, 0.1, 0], [0, 1, 0], [0, 0.1, 1], [0.05, 0.99, 0]], dtype=float)
    assert cluster_embeddings(e, 0.7, 8).tolist() == [0, 0, 1, 2, 1]
    assert cluster_embeddings(e, 0.7, 2).max() == 1
    assert cluster_embeddings(e[:1], 0.7, 8).tolist() == [0]
    assert cluster_embeddings(e, -0.99, 8).tolist() == [0] * 5


def test_dsp_rejects_what_it_cannot_embed() -> None:
    d = SPEAKERS.build("dsp")
    with pytest.raises(NoSpeechError):
        d.embed(np.zeros(16000, dtype=np.float32), 16000)
    with pytest.raises(ValueError):
        d.assign(np.zeros(16000, dtype=np.float32), 16000, [(1.0, 0.5)])


def test_pyannote_needs_local_model(tmp_path) -> None:
    try:
        import pyannote.audio  # noqa: F401
    except ImportError:
        with pytest.raises(BackendUnavailable, match="pyannote"):
            SPEAKERS.build("pyannote", model=str(tmp_path))
        assert not SPEAKERS.get("pyannote").check().ok
        pytest.skip("pyannote.audio not installed: only the missing-package path is tested")
    with pytest.raises(BackendUnavailable, match="config.yaml"):
        SPEAKERS.build("pyannote", model=str(tmp_path))
