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


def _tiny_pyannote(folder: Path) -> Path:
    """A pyannote 4 diarization pipeline folder with small random models of the real classes:
    PyanNet powerset segmentation, SincNet x-vector embedding, a PLDA, and config.yaml."""
    import numpy as np
    import pytorch_lightning as pl
    import torch
    import yaml

    from dubgen.stages.speakers import _import_pyannote

    _import_pyannote()
    from pyannote.audio.core.task import Problem, Resolution, Specifications
    from pyannote.audio.models.embedding import XVectorSincNet
    from pyannote.audio.models.segmentation import PyanNet

    def save(model, path):
        ckpt = {"state_dict": model.state_dict(), "hyper_parameters": dict(model.hparams),
                "pytorch-lightning_version": pl.__version__}
        model.on_save_checkpoint(ckpt)  # pyannote's own metadata: version, class, specifications
        torch.save(ckpt, path)

    folder.mkdir(parents=True)
    torch.manual_seed(0)
    seg = PyanNet(lstm={"hidden_size": 16, "num_layers": 1, "bidirectional": True, "monolithic": True},
                  linear={"hidden_size": 16, "num_layers": 1})
    seg.specifications = Specifications(problem=Problem.MONO_LABEL_CLASSIFICATION, resolution=Resolution.FRAME,
                                        duration=5.0, classes=["a", "b", "c"], powerset_max_classes=2,
                                        permutation_invariant=True)
    seg.build()
    save(seg, folder / "segmentation.ckpt")
    emb = XVectorSincNet(dimension=32)
    emb.specifications = Specifications(problem=Problem.REPRESENTATION, resolution=Resolution.CHUNK, duration=3.0)
    save(emb, folder / "embedding.ckpt")
    rng = np.random.default_rng(0)
    np.savez(folder / "xvec_transform.npz", mean1=np.zeros(32), mean2=np.zeros(16), lda=rng.standard_normal((32, 16)))
    np.savez(folder / "plda.npz", mu=np.zeros(16), tr=np.eye(16), psi=np.linspace(2.0, 0.5, 16))
    config = {
        "pipeline": {"name": "pyannote.audio.pipelines.SpeakerDiarization",
                     "params": {"segmentation": str(folder / "segmentation.ckpt"), "embedding": str(folder / "embedding.ckpt"),
                                "plda": str(folder), "clustering": "VBxClustering", "segmentation_step": 0.5}},
        "params": {"segmentation": {"min_duration_off": 0.0}, "clustering": {"threshold": 0.6, "Fa": 0.07, "Fb": 0.8}},
    }
    (folder / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


def test_pyannote_runs_a_local_pipeline(tmp_path, monkeypatch) -> None:
    pytest.importorskip("pyannote.audio")
    import os

    monkeypatch.delenv("PYANNOTE_METRICS_ENABLED", raising=False)
    folder = _tiny_pyannote(tmp_path / "diarization")
    assert os.environ["PYANNOTE_METRICS_ENABLED"] == "false"  # no usage telemetry leaves the machine
    sp = SPEAKERS.build("pyannote", model=str(folder))
    assert SPEAKERS.get("pyannote").check().ok
    x, sr = _load("spk_speech_only.flac")
    labels = sp.assign(x, sr, GRID1)
    assert len(labels) == 2 and labels[0] == "S0" and all(l.startswith("S") for l in labels)
    assert sp.assign(x, sr, GRID1) == labels  # same audio, same labels
    e = sp.embed(x[: 2 * sr], sr)
    assert e.shape == (32,) and abs(float(np.linalg.norm(e)) - 1.0) < 1e-5
    from dubgen.dsp import resample

    e44 = sp.embed(resample(x[: 2 * sr], sr, 44100), 44100)  # any rate, as QC passes the working rate
    assert e44.shape == (32,) and float(e44 @ e) > 0.9
    assert "pyannote.audio=4" in sp.version()
