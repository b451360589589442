import logging
from pathlib import Path

import numpy as np
import pytest

from dubgen.errors import RecipeError
from dubgen.train.cache import CacheSource, build_cache
from dubgen.train.config import AugmentConfig, DataConfig, load_config
from dubgen.train.data import (
    DB_FLOOR, ORIG, AVPairDataset, DecodeSource, EpochBatchSampler, audio_tensor, collate, extract, feature_spec, scan,
    select_split,
)
from train_fixtures import copy_dataset, shared_dataset

SPEC_CFG = DataConfig(clip_seconds=1.0)


@pytest.fixture(scope="module")
def data():
    return shared_dataset()


class _Memo(DecodeSource):
    """Decode each clip once per test (views are what these tests look at)."""

    def __init__(self, items, spec):
        super().__init__(items, spec)
        self.memo = {}

    def get(self, index):
        if index not in self.memo:
            self.memo[index] = super().get(index)
        return self.memo[index]


def _dataset(items, dub_prob=0.5, langs=None, seed=0, memo=False):
    spec = feature_spec("xxs", SPEC_CFG)
    src = (_Memo if memo else DecodeSource)(items, spec)
    return AVPairDataset(items, spec, src, SPEC_CFG.augment, dub_prob, langs, 0.5, False, seed)


def test_scan_pairs_groups_tracks_and_folder_mode(data):
    idx = scan(data / "pairs.jsonl")
    assert len(idx.items) == 10 and idx.languages == ["ca", "es"]
    assert set(idx.items[0].tracks) == {ORIG, "es", "ca"}
    assert scan(data).kind == "pairs"  # a folder holding pairs.jsonl
    folder = scan(data / "videos")
    assert folder.kind == "folder" and len(folder.items) == 10 and folder.languages == []
    tr, va = (select_split(idx, s, 0.3, 0) for s in ("train", "val"))
    assert len(tr.items) + len(va.items) == 10 and not {i.clip_id for i in tr.items} & {i.clip_id for i in va.items}


def test_the_dubbed_track_is_the_original_when_it_is_not_the_first(tmp_path):
    """A pair dubbed from audio track 1 pairs its dubs with that track (source_audio), not track 0."""
    import json

    root = copy_dataset(tmp_path / "d")
    lines = (root / "pairs.jsonl").read_text().splitlines()
    recs = [json.loads(x) for x in lines]
    first = recs[0]["clip_id"]
    for r in recs:
        if r["clip_id"] == first:
            r.update(audio_track=1, source_audio="dubs/es/" + Path(r["dubbed_audio"]).name)
    (root / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    items = {i.clip_id: i for i in scan(root / "pairs.jsonl").items}
    assert items[first].tracks[ORIG] == str((root / recs[0]["source_audio"]).resolve())
    others = [i for i in items.values() if i.clip_id != first]
    assert all(i.tracks[ORIG] == i.video for i in others)


def test_extract_shapes(data):
    spec = feature_spec("xxs", SPEC_CFG)
    ex = extract(scan(data).items[0], spec)
    assert ex.frames.dtype == np.uint8 and ex.frames.shape[1:] == (spec.side, spec.side, 3)
    assert len(ex.frames) == pytest.approx(2.0 * spec.fps, abs=1)
    assert set(ex.mels) == {ORIG, "es", "ca"} and ex.mels["es"].shape[0] == spec.n_mels


def test_views_are_deterministic_per_epoch_and_index(data):
    ds = _dataset(scan(data).items)
    a, b, c = ds[(0, 1)], ds[(0, 1)], ds[(1, 1)]
    assert a["video_p"].shape == (3, 4, 32, 32) and a["audio_p"].shape == (1, 32, 64)
    assert all(np.array_equal(a[k], b[k]) for k in ("video_p", "video_s", "audio_p", "audio_s"))
    assert not np.array_equal(a["video_p"], c["video_p"])  # another epoch, other crops
    assert not np.array_equal(a["video_p"], a["video_s"])  # two different views


def test_views_are_temporally_jittered_within_the_limit(data):
    """With augmentation off the two audio views differ only by their start times: equal without
    jitter, offset by at most ``jitter_seconds`` (and not always 0) with it."""
    spec = feature_spec("xxs", SPEC_CFG)
    items = scan(data).items[:4]
    src = _Memo(items, spec)
    plain = AugmentConfig(gain_db=0.0, time_masks=0, freq_masks=0, noise_p=0.0)
    hop_s = spec.hop / spec.sample_rate

    def start_frame(view, mel):
        """Frame where ``view`` (normalised, no augmentation) starts inside the clip's mel."""
        padded = np.concatenate([mel, np.full((mel.shape[0], view.shape[1]), DB_FLOOR, np.float32)], axis=1)
        ref = audio_tensor(padded, None, plain, False)[0].numpy()
        hits = [k for k in range(mel.shape[1]) if np.allclose(ref[:, k:k + view.shape[1]], view, atol=1e-4)]
        assert hits, "view is not a window of the clip's mel"
        return hits[0]

    for jitter in (0.0, 0.5):
        ds = AVPairDataset(items, spec, src, plain, 0.0, None, jitter, False, seed=0)
        offsets = []
        for e in range(3):
            for i in range(len(items)):
                v = ds[(e, i)]
                mel = src.get(i).mels[ORIG]
                a, b = (start_frame(v[f"audio_{w}"][0].numpy(), mel) for w in "ps")
                offsets.append((b - a) * hop_s)
        if jitter == 0.0:
            assert offsets == [0.0] * len(offsets)
        else:
            assert max(abs(o) for o in offsets) <= jitter + hop_s
            assert sum(abs(o) > 2 * hop_s for o in offsets) >= len(offsets) // 2  # jittered, not by accident


def test_dub_probability_and_languages_choose_the_tracks(data):
    items = scan(data).items[:4]
    only_orig = [_dataset(items, dub_prob=0.0, memo=True)[(e, i)]["track_p"] for e in range(3) for i in range(4)]
    assert set(only_orig) == {ORIG}
    es_only = _dataset(items, dub_prob=1.0, langs=["es"], memo=True)
    assert {es_only[(e, i)][f"track_{v}"] for e in range(3) for i in range(4) for v in "ps"} == {"es"}
    mixed = _dataset(items, dub_prob=0.5, memo=True)
    assert {mixed[(e, i)]["track_p"] for e in range(6) for i in range(4)} == {ORIG, "es", "ca"}


def test_missing_and_corrupt_files_are_skipped_with_a_warning(tmp_path, caplog):
    root = copy_dataset(tmp_path / "d")
    (root / "videos" / "clip0001.mp4").unlink()  # missing original
    (root / "dubs" / "es" / "clip0002.wav").write_bytes(b"RIFF not really a wav")  # corrupt dub
    (root / "videos" / "clip0003.mp4").write_bytes(b"\x00" * 1000)  # corrupt video
    with caplog.at_level(logging.WARNING):
        idx = scan(root)
    assert "clip0001.mp4" in caplog.text and any("clip0001.mp4" in s for s in idx.skipped)
    assert len(idx.items) == 9
    ds = _dataset(idx.items, dub_prob=1.0)
    samples = [ds[(0, i)] for i in range(len(idx.items))]
    batch = collate(samples)
    assert batch["size"] == 8 and len(batch["errors"]) == 1 and "clip0003.mp4" in batch["errors"][0]
    assert any("clip0002.wav" in t for t in batch["skipped_tracks"])


def test_cache_matches_decoding_and_is_reused(data, tmp_path):
    spec = feature_spec("xxs", SPEC_CFG)
    items = scan(data).items[:3]
    assert build_cache(items, spec, tmp_path, workers=0) == {}
    shards = sorted(tmp_path.glob("shard-*.bin"))
    mtimes = [p.stat().st_mtime_ns for p in shards]
    src = CacheSource(items, tmp_path)
    for i, it in enumerate(items):
        ex, cached = extract(it, spec), src.get(i)
        assert np.array_equal(ex.frames, cached.frames)
        assert all(np.array_equal(ex.mels[k], cached.mels[k]) for k in ex.mels)
    build_cache(items, spec, tmp_path, workers=0)  # nothing changed: no new shard, no rewrite
    assert sorted(tmp_path.glob("shard-*.bin")) == shards and [p.stat().st_mtime_ns for p in shards] == mtimes
    build_cache(scan(data).items[:4], spec, tmp_path, workers=1)  # one new clip -> one new shard
    assert len(list(tmp_path.glob("shard-*.bin"))) == len(shards) + 1


def test_batch_sampler_resumes_and_splits_ranks():
    full = EpochBatchSampler(10, 2, seed=1)
    it = iter(full)
    seq = [next(it) for _ in range(12)]
    resumed = iter(EpochBatchSampler(10, 2, seed=1, start=(1, 2)))
    assert [next(resumed) for _ in range(5)] == seq[7:12]
    r0, r1 = iter(EpochBatchSampler(10, 2, 1, 0, 2)), iter(EpochBatchSampler(10, 2, 1, 1, 2))
    b0, b1 = [next(r0) for _ in range(2)], [next(r1) for _ in range(2)]
    assert not {i for b in b0 for _, i in b} & {i for b in b1 for _, i in b}


def test_config_errors_name_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("model:\n  variant: xxs\ndata:\n  dub_prob: 0.5\n  dub_probb: 0.3\n")
    with pytest.raises(RecipeError, match=r"data\.dub_probb: unknown field"):
        load_config(bad)
    with pytest.raises(RecipeError, match=r"loss\.within_modal_weight.*\[0, 0.2\]"):
        load_config(None, ["loss.within_modal_weight=0.5"])
    with pytest.raises(RecipeError, match="model.variant.*choose one of"):
        load_config(None, ["model.variant=huge"])


TRAIN_RECIPES = Path(__file__).resolve().parents[1] / "recipes" / "train"  # not the working directory's


def test_train_recipes_are_found():
    assert len(list(TRAIN_RECIPES.glob("*.yaml"))) >= 5


@pytest.mark.parametrize("name", sorted(p.name for p in TRAIN_RECIPES.glob("*.yaml")))
def test_bundled_recipes_validate(name):
    cfg = load_config(TRAIN_RECIPES / name)
    assert cfg.run.steps > 0


def test_scene_sound_can_be_left_out():
    """Without the scene tone only room tone remains: no peak at the colour's frequency."""
    from dubgen.train.synthetic import SAMPLE_RATE, TONE_HZ, background, make_scene

    scene = make_scene("clip0000", 0)
    spectra = {}
    for tone in (True, False):
        x = background(scene, 2.0, tone)
        mag = np.abs(np.fft.rfft(x))
        freqs = np.fft.rfftfreq(len(x), 1 / SAMPLE_RATE)
        at = np.argmin(np.abs(freqs - TONE_HZ[scene.colour]))
        spectra[tone] = mag[at] / np.median(mag)
    assert spectra[True] > 50 and spectra[False] < 10
    assert np.array_equal(background(scene, 2.0, False), background(scene, 2.0, False))
