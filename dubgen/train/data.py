"""Training data: clip index (pair manifest or plain folder), extraction, views, loaders.

An *item* is one source clip with its audio tracks: ``"orig"`` (the original video's own
audio) and one per dub language (``PairRecord.dubbed_audio``). Extraction decodes a clip once
into frames at the model's frame rate and one log-mel per track; views are cut from that,
either freshly decoded or read from the shard cache (:mod:`dubgen.train.cache`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import numpy as np

from ..errors import DubgenError, MediaError
from ..manifest import read_pairs, resolve
from .media import DB_FLOOR, decode_audio, decode_video, hop_for, log_mel
from .variants import get_variant

log = logging.getLogger("dubgen.train.data")

ORIG = "orig"
VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v")
# Fixed normalisation (not per view, so gain augmentation survives): dB -> roughly N(0, 1).
MEL_DB_MEAN = -30.0
MEL_DB_STD = 20.0
PIXEL_MEAN = 0.45
PIXEL_STD = 0.225


@dataclass(frozen=True)
class ClipItem:
    """One source clip and the files of its audio tracks (``orig`` = the video's own audio)."""

    clip_id: str
    video: str
    tracks: dict[str, str]
    source_language: str = ""


@dataclass
class DataIndex:
    items: list[ClipItem]
    skipped: list[str] = field(default_factory=list)  # "path: reason" of every unusable file
    kind: str = "pairs"

    @property
    def languages(self) -> list[str]:
        return sorted({track_language(t) for it in self.items for t in it.tracks if t != ORIG})


def track_language(track: str) -> str:
    """Language of a dub track: ``es``, or ``es:es_world`` when two recipes dubbed one language."""
    return track.split(":", 1)[0]


@dataclass(frozen=True)
class FeatureSpec:
    """What extraction produces; derived from the model variant and the data config."""

    fps: float
    side: int  # cached frame side (>= crop size, for random resized crops)
    crop: int
    num_frames: int
    sample_rate: int
    n_fft: int
    hop: int
    n_mels: int
    audio_frames: int
    clip_seconds: float

    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


def feature_spec(variant: str, data: Any) -> FeatureSpec:
    """FeatureSpec for a variant name and a ``DataConfig`` (or anything with its fields)."""
    v = get_variant(variant)
    return FeatureSpec(
        fps=v.num_frames / data.clip_seconds,
        side=int(round(v.video_size * data.cache_scale)),
        crop=v.video_size,
        num_frames=v.num_frames,
        sample_rate=data.sample_rate,
        n_fft=data.n_fft,
        hop=hop_for(data.clip_seconds, v.audio_frames, data.sample_rate),
        n_mels=v.n_mels,
        audio_frames=v.audio_frames,
        clip_seconds=data.clip_seconds,
    )


def _warn_skip(skipped: list[str], path: str, reason: str) -> None:
    log.warning("skipping %s: %s", path, reason)
    skipped.append(f"{path}: {reason}")


def _is_file(path: Path) -> Optional[str]:
    if not path.exists():
        return "missing"
    if not path.is_file():
        return "not a file"
    if path.stat().st_size == 0:
        return "empty file"
    return None


def scan_pairs(manifest: Path) -> DataIndex:
    """Group a ``pairs.jsonl`` by clip; missing files are skipped with a warning."""
    root = manifest.parent
    groups: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    recs = list(read_pairs(manifest))  # one per (clip, recipe)
    per_language: dict[tuple[str, str], int] = {}
    for rec in recs:
        per_language[(rec.clip_id, rec.language)] = per_language.get((rec.clip_id, rec.language), 0) + 1
    for rec in recs:
        # the original audio is the track that was dubbed: the video's first unless the record says otherwise
        orig = rec.source_audio if rec.audio_track else rec.original_video
        g = groups.setdefault(rec.clip_id, {"video": rec.original_video, "orig": orig, "tracks": {}, "src": rec.source_language})
        if rec.language == ORIG:
            raise DubgenError(f"{manifest}: language code {ORIG!r} is reserved for the original track")
        # several recipes of one language (an ablation) each keep their own track
        name = rec.language if per_language[(rec.clip_id, rec.language)] == 1 else f"{rec.language}:{rec.recipe}"
        g["tracks"][name] = rec.dubbed_audio
    items: list[ClipItem] = []
    for clip_id in sorted(groups):
        g = groups[clip_id]
        video = resolve(root, g["video"])
        why = _is_file(video)
        if why:
            _warn_skip(skipped, str(video), why)
            continue
        tracks = {ORIG: str(resolve(root, g["orig"]))}
        for lang, rel in sorted(g["tracks"].items()):
            p = resolve(root, rel)
            why = _is_file(p)
            if why:
                _warn_skip(skipped, str(p), why)
                continue
            tracks[lang] = str(p)
        items.append(ClipItem(clip_id=clip_id, video=str(video), tracks=tracks, source_language=g["src"]))
    return DataIndex(items=items, skipped=skipped, kind="pairs")


def scan_folder(folder: Path) -> DataIndex:
    """Every video under ``folder`` (recursively) as a clip with its own audio only."""
    items = []
    skipped: list[str] = []
    for p in sorted(folder.rglob("*")):
        if p.suffix.lower() not in VIDEO_SUFFIXES or not p.is_file():
            continue
        why = _is_file(p)
        if why:
            _warn_skip(skipped, str(p), why)
            continue
        clip_id = p.relative_to(folder).with_suffix("").as_posix()
        items.append(ClipItem(clip_id=clip_id, video=str(p), tracks={ORIG: str(p)}))
    return DataIndex(items=items, skipped=skipped, kind="folder")


def scan(path: Path) -> DataIndex:
    """A ``pairs.jsonl``, a folder holding one, or a plain folder of videos."""
    path = Path(path)
    if path.is_file():
        return scan_pairs(path)
    if (path / "pairs.jsonl").is_file():
        return scan_pairs(path / "pairs.jsonl")
    if path.is_dir():
        return scan_folder(path)
    raise DubgenError(f"{path}: no such data (expected pairs.jsonl, a folder with one, or a folder of videos)")


def split_of(clip_id: str, val_fraction: float, seed: int) -> str:
    """'train' or 'val', stable per clip id (hash), independent of the set of clips."""
    h = hashlib.sha256(f"{seed}:{clip_id}".encode()).digest()
    return "val" if int.from_bytes(h[:8], "big") / 2**64 < val_fraction else "train"


def select_split(index: DataIndex, split: str, val_fraction: float, seed: int) -> DataIndex:
    if split == "all":
        return index
    items = [it for it in index.items if split_of(it.clip_id, val_fraction, seed) == split]
    return DataIndex(items=items, skipped=list(index.skipped), kind=index.kind)


# --------------------------------------------------------------------------- extraction


@dataclass
class Extracted:
    """A decoded clip: frames (T, side, side, 3) uint8 and log-mel dB (mels, frames) per track."""

    frames: np.ndarray
    mels: dict[str, np.ndarray]
    failed_tracks: list[str] = field(default_factory=list)


def extract(item: ClipItem, spec: FeatureSpec) -> Extracted:
    """Decode one clip. A broken original raises MediaError; a broken dub is dropped and named."""
    frames = decode_video(Path(item.video), spec.fps, spec.side)
    mels: dict[str, np.ndarray] = {}
    failed: list[str] = []
    for name, path in item.tracks.items():
        try:
            audio = decode_audio(Path(path), spec.sample_rate)
            mels[name] = log_mel(audio, spec.sample_rate, spec.n_fft, spec.hop, spec.n_mels).astype(np.float16)
        except MediaError as e:
            if name == ORIG:
                raise
            log.warning("skipping track %s of %s: %s", name, item.clip_id, e)
            failed.append(f"{path}: {e.reason}")
    return Extracted(frames=frames, mels=mels, failed_tracks=failed)


# --------------------------------------------------------------------------- views


def _window(n: int, start: int, length: int) -> np.ndarray:
    """Indices start..start+length-1, clamped to [0, n-1] (repeats the edge when short)."""
    return np.clip(np.arange(start, start + length), 0, max(n - 1, 0))


def cut_frames(frames: np.ndarray, t0: float, spec: FeatureSpec) -> np.ndarray:
    return frames[_window(len(frames), int(round(t0 * spec.fps)), spec.num_frames)]


def cut_mel(mel: np.ndarray, t0: float, spec: FeatureSpec) -> np.ndarray:
    start = int(round(t0 * spec.sample_rate / spec.hop))
    n = mel.shape[1]
    idx = np.arange(start, start + spec.audio_frames)
    out = np.full((mel.shape[0], spec.audio_frames), DB_FLOOR, dtype=np.float32)
    ok = idx < n  # silence after the end, not repeated frames: audio past the end is silence
    out[:, ok] = mel[:, idx[ok]]
    return out


def clip_duration(ex: Extracted, spec: FeatureSpec) -> float:
    return len(ex.frames) / spec.fps


def video_tensor(frames: np.ndarray, spec: FeatureSpec, rng: Optional[np.random.Generator], aug: Any) -> "torch.Tensor":
    """uint8 (T, S, S, 3) -> normalised float (3, T, crop, crop); augmented when rng is given."""
    import torch
    import torch.nn.functional as F

    x = torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2).float().div_(255.0)  # T,3,S,S
    s = x.shape[-1]
    if rng is None:  # centre crop of the crop size
        o = (s - spec.crop) // 2
        x = x[:, :, o : o + spec.crop, o : o + spec.crop]
    else:
        area = rng.uniform(*aug.crop_scale) * s * s
        ratio = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
        w = int(min(s, max(4, round(np.sqrt(area * ratio)))))
        h = int(min(s, max(4, round(np.sqrt(area / ratio)))))
        y0, x0 = int(rng.integers(0, s - h + 1)), int(rng.integers(0, s - w + 1))
        x = F.interpolate(x[:, :, y0 : y0 + h, x0 : x0 + w], size=(spec.crop, spec.crop), mode="bilinear", align_corners=False)
        if rng.random() < aug.flip_p:
            x = x.flip(-1)
        b = 1 + rng.uniform(-aug.brightness, aug.brightness)
        c = 1 + rng.uniform(-aug.contrast, aug.contrast)
        sat = 1 + rng.uniform(-aug.saturation, aug.saturation)
        x = x * b
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        x = (x - mean) * c + mean
        gray = (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3])
        x = (gray + (x - gray) * sat).clamp_(0, 1)
    x = (x - PIXEL_MEAN) / PIXEL_STD
    return x.permute(1, 0, 2, 3).contiguous()


def _deltas(m: "torch.Tensor") -> "torch.Tensor":
    import torch.nn.functional as F

    p = F.pad(m.unsqueeze(0), (1, 1), mode="replicate").squeeze(0)
    return (p[..., 2:] - p[..., :-2]) / 2.0


def audio_tensor(mel_db: np.ndarray, rng: Optional[np.random.Generator], aug: Any, deltas: bool) -> "torch.Tensor":
    """dB log-mel (mels, frames) -> normalised (C, mels, frames); augmented when rng is given."""
    import torch

    m = mel_db.astype(np.float32)
    if rng is not None:
        m = m + rng.uniform(-aug.gain_db, aug.gain_db)
        if rng.random() < aug.noise_p:
            power = 10.0 ** (m / 10.0)
            level = power.mean() * 10.0 ** (aug.noise_db / 10.0)
            noise = rng.exponential(level, size=m.shape).astype(np.float32)
            m = 10.0 * np.log10(np.maximum(power + noise, 1e-10))
        fill = float(m.mean())
        n_mels, n_frames = m.shape
        for _ in range(aug.time_masks):
            w = int(rng.integers(0, int(aug.time_mask_frac * n_frames) + 1))
            t0 = int(rng.integers(0, n_frames - w + 1))
            m[:, t0 : t0 + w] = fill
        for _ in range(aug.freq_masks):
            w = int(rng.integers(0, int(aug.freq_mask_frac * n_mels) + 1))
            f0 = int(rng.integers(0, n_mels - w + 1))
            m[f0 : f0 + w, :] = fill
    x = torch.from_numpy(np.ascontiguousarray((m - MEL_DB_MEAN) / MEL_DB_STD, dtype=np.float32))
    if deltas:
        d1 = _deltas(x)
        return torch.stack([x, d1, _deltas(d1)])
    return x.unsqueeze(0)


class Source:
    """Where extracted clips come from: fresh decoding, or the shard cache."""

    def get(self, index: int) -> Extracted:  # pragma: no cover - interface
        raise NotImplementedError


class DecodeSource(Source):
    def __init__(self, items: Sequence[ClipItem], spec: FeatureSpec) -> None:
        self.items, self.spec = list(items), spec

    def get(self, index: int) -> Extracted:
        return extract(self.items[index], self.spec)


class AVPairDataset:
    """Two temporally jittered, augmented views per clip (map-style; index = (epoch, i)).

    Randomness comes from ``seed, epoch, i`` only, so batches do not depend on the number of
    workers and a resumed run sees the same data as an uninterrupted one.
    """

    def __init__(
        self,
        items: Sequence[ClipItem],
        spec: FeatureSpec,
        source: Source,
        augment: Any,
        dub_prob: float,
        dub_languages: Optional[Sequence[str]],
        jitter_seconds: float,
        deltas: bool,
        seed: int,
    ) -> None:
        self.items = list(items)
        self.spec = spec
        self.source = source
        self.augment = augment
        self.dub_prob = dub_prob
        self.dub_languages = None if dub_languages is None else set(dub_languages)
        self.jitter = jitter_seconds
        self.deltas = deltas
        self.seed = seed

    def __len__(self) -> int:
        return len(self.items)

    def _dub_tracks(self, ex: Extracted) -> list[str]:
        return sorted(t for t in ex.mels
                      if t != ORIG and (self.dub_languages is None or track_language(t) in self.dub_languages))

    def _pick_track(self, ex: Extracted, rng: np.random.Generator) -> str:
        dubs = self._dub_tracks(ex)
        if dubs and self.dub_prob > 0 and rng.random() < self.dub_prob:
            return dubs[int(rng.integers(len(dubs)))]
        return ORIG

    def __getitem__(self, key: tuple[int, int]) -> dict[str, Any]:
        epoch, i = key
        item = self.items[i]
        try:
            ex = self.source.get(i)
        except (MediaError, OSError, ValueError, KeyError) as e:
            return {"error": f"{item.video}: {e}", "clip_id": item.clip_id}
        return self.views(item, ex, [self.seed, epoch, i], i)

    def views(self, item: ClipItem, ex: Extracted, rng_key: list[int], index: int) -> dict[str, Any]:
        """The two jittered, augmented views of a decoded clip; randomness from ``rng_key`` only."""
        rng = np.random.default_rng(rng_key)
        max_t = max(0.0, clip_duration(ex, self.spec) - self.spec.clip_seconds)
        t_p = float(rng.uniform(0.0, max_t))
        t_s = float(np.clip(t_p + rng.uniform(-self.jitter, self.jitter), 0.0, max_t))
        out: dict[str, Any] = {"clip_id": item.clip_id, "index": index, "skipped_tracks": ex.failed_tracks}
        for view, t0 in (("p", t_p), ("s", t_s)):
            track = self._pick_track(ex, rng)
            out[f"video_{view}"] = video_tensor(cut_frames(ex.frames, t0, self.spec), self.spec, rng, self.augment)
            out[f"audio_{view}"] = audio_tensor(cut_mel(ex.mels[track], t0, self.spec), rng, self.augment, self.deltas)
            out[f"track_{view}"] = track
        return out


def collate(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Stack good samples; report broken ones (never raises for a bad file)."""
    import torch

    good = [s for s in samples if "error" not in s]
    batch: dict[str, Any] = {
        "errors": [s["error"] for s in samples if "error" in s],
        "skipped_tracks": [t for s in good for t in s["skipped_tracks"]],
        "clip_id": [s["clip_id"] for s in good],
        "size": len(good),
    }
    if good:
        for k in ("video_p", "video_s", "audio_p", "audio_s"):
            batch[k] = torch.stack([s[k] for s in good])
        batch["index"] = torch.tensor([s["index"] for s in good])
        batch["track_p"] = [s["track_p"] for s in good]
        batch["track_s"] = [s["track_s"] for s in good]
    return batch


class EpochBatchSampler:
    """Endless batches of ``(epoch, index)``: a seeded permutation per epoch, split by rank.

    ``start`` = (epoch, batch-in-epoch) to resume exactly where a checkpoint stopped.
    """

    def __init__(self, n: int, batch_size: int, seed: int, rank: int = 0, world: int = 1, start: tuple[int, int] = (0, 0)) -> None:
        if n < batch_size * world:
            raise DubgenError(
                f"only {n} usable clips for batch_size {batch_size} x {world} process(es); "
                "lower run.batch_size or add data"
            )
        self.n, self.bs, self.seed, self.rank, self.world = n, batch_size, seed, rank, world
        self.start = start

    @property
    def batches_per_epoch(self) -> int:
        return self.n // (self.bs * self.world)

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        epoch, b0 = self.start
        while True:
            perm = np.random.default_rng([self.seed, 7919, epoch]).permutation(self.n)
            for b in range(b0, self.batches_per_epoch):
                lo = (b * self.world + self.rank) * self.bs
                yield [(epoch, int(i)) for i in perm[lo : lo + self.bs]]
            epoch, b0 = epoch + 1, 0


def worker_init(_: int) -> None:
    """One intra-op thread per loader worker: workers run in parallel with the model."""
    import torch

    torch.set_num_threads(1)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
