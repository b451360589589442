"""The solver: owns model, optimiser, schedule, loaders, checkpoints and logs.

Exact resume: data randomness depends only on (seed, epoch, clip index) and the batch
sampler restarts at the saved (epoch, batch), so a run stopped and resumed at step k ends
with the same parameters as an uninterrupted one. Streamed WebDataset shards
(:mod:`dubgen.train.webdata`) skip the batches already consumed for the same guarantee.
"""

from __future__ import annotations

import csv
import logging
import math
import os
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import numpy as np
import torch
from torch import nn

from ..errors import DubgenError
from ..io import atomic_path, write_json
from .cache import CacheSource, build_cache
from .config import TrainConfig
from .data import (
    AVPairDataset,
    DataIndex,
    DecodeSource,
    EpochBatchSampler,
    collate,
    feature_spec,
    scan,
    select_split,
    worker_init,
)
from .gather import split_views
from .loss import av_contrastive_loss
from .model import CHECKPOINT_FORMAT, AVModel, check_same_variant, model_payload, read_checkpoint

log = logging.getLogger("dubgen.train")

CHECKPOINT = "checkpoint.pt"
LOG_FIELDS = ["step", "epoch", "lr", "loss", "loss_cross", "loss_video", "loss_audio", "tau", "clips", "clips_per_s", "data_wait"]


@dataclass
class RunSummary:
    steps: int
    clips_seen: int
    wall_seconds: float
    clips_per_second: float
    data_wait_fraction: float
    final_loss: float
    skipped_count: int
    skipped_files: list[str] = field(default_factory=list)
    usable_clips: int = 0
    languages: list[str] = field(default_factory=list)
    checkpoint: str = ""
    world_size: int = 1
    peak_rss_mb: float = 0.0


@dataclass(frozen=True)
class DistInfo:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        return self.rank == 0


def init_distributed(device: str) -> DistInfo:
    """DDP from torchrun's environment (gloo on CPU, nccl on CUDA); single process otherwise."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return DistInfo()
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group(backend="nccl" if device.startswith("cuda") else "gloo")
    return DistInfo(rank=dist.get_rank(), world=dist.get_world_size(), local_rank=int(os.environ.get("LOCAL_RANK", "0")))


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def resolve_device(name: str, dist: DistInfo) -> torch.device:
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise DubgenError(f"device {name!r} requested but CUDA is not available here; use --device cpu")
        if name == "cuda":  # this process's GPU: its local rank's (0 when not distributed)
            name = f"cuda:{dist.local_rank}"
        torch.cuda.set_device(torch.device(name))
    elif name != "cpu":
        raise DubgenError(f"unknown device {name!r}; use cpu, cuda or cuda:N")
    return torch.device(name)


def amp_dtype(mode: str, device: torch.device) -> Optional[torch.dtype]:
    if device.type != "cuda" or mode == "off":
        return None
    if mode == "fp16":
        return torch.float16
    if mode == "bf16" or torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float16


def cosine_with_warmup(warmup: int, total: int, min_ratio: float) -> Callable[[int], float]:
    def f(step: int) -> float:
        if warmup > 0 and step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, total - warmup))
        return min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress))

    return f


def build_model(cfg: TrainConfig) -> AVModel:
    """Config -> plain kwargs at the edge."""
    return AVModel(
        variant=cfg.model.variant,
        audio_channels=3 if cfg.data.deltas else 1,
        proj_dim=cfg.model.proj_dim,
        drop_path=cfg.model.drop_path,
        temperature=cfg.loss.temperature,
        learn_temperature=cfg.loss.learn_temperature,
    )


def param_groups(model: nn.Module, weight_decay: float) -> list[dict[str, Any]]:
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim <= 1 or "pos" in name or name.endswith("log_tau") else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class Solver:
    """Train one AV model from a validated :class:`TrainConfig`.

    Args:
        cfg: the resolved config (stored in every checkpoint).
        resume: continue from ``<out>/checkpoint.pt`` when it exists.
        on_step: optional hook ``(step, row)`` called on rank 0 after each optimiser step.
    """

    def __init__(self, cfg: TrainConfig, resume: bool = False, on_step: Optional[Callable[[int, dict[str, Any]], None]] = None) -> None:
        self.cfg = cfg
        self.out = Path(cfg.run.out)
        self.resume = resume
        self.on_step = on_step
        self.dist = init_distributed(cfg.run.device)
        self.device = resolve_device(cfg.run.device, self.dist)
        if cfg.run.threads:
            torch.set_num_threads(cfg.run.threads)
        seed_everything(cfg.run.seed)
        self.model = build_model(cfg).to(self.device)
        self.optimizer = torch.optim.AdamW(
            param_groups(self.model, cfg.optim.weight_decay), lr=cfg.optim.lr, betas=tuple(cfg.optim.betas)
        )
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, cosine_with_warmup(cfg.optim.warmup_steps, cfg.run.steps, cfg.optim.min_lr_ratio)
        )
        self.amp = amp_dtype(cfg.run.amp, self.device)
        self.scaler = torch.amp.GradScaler("cuda", enabled=self.amp == torch.float16)
        self.step = 0
        self.batches_consumed = 0
        self.skipped: list[str] = []
        self.clips_seen = 0
        self._warned: set[str] = set()
        self.train_languages: list[str] = []  # dub languages the model saw (for held-out reports)

    # ------------------------------------------------------------------ data
    def _data(self, index: Optional[DataIndex]) -> tuple[AVPairDataset, DataIndex]:
        cfg = self.cfg
        if index is None:
            if not cfg.data.path:
                raise DubgenError("data.path is empty: give the data on the command line or in the config")
            index = scan(Path(cfg.data.path))
        train = select_split(index, "train", cfg.data.val_fraction, cfg.data.split_seed)
        self.skipped.extend(index.skipped)
        wanted = cfg.data.dub_languages
        self.train_languages = (
            [] if cfg.data.dub_prob == 0 else [lang for lang in index.languages if wanted is None or lang in wanted]
        )
        spec = feature_spec(cfg.model.variant, cfg.data)
        items = train.items
        if cfg.data.cache:
            root = Path(cfg.data.cache)
            if self.dist.main:
                failed = build_cache(items, spec, root, workers=cfg.data.workers)
            self._barrier()
            if not self.dist.main:
                failed = build_cache(items, spec, root, workers=0)  # index only: nothing to do
            for clip_id, why in failed.items():
                self.skipped.append(f"{clip_id}: {why}")
            items = [it for it in items if it.clip_id not in failed]
            source: Any = CacheSource(items, root)
        else:
            source = DecodeSource(items, spec)
        ds = AVPairDataset(
            items,
            spec,
            source,
            cfg.data.augment,
            dub_prob=cfg.data.dub_prob,
            dub_languages=cfg.data.dub_languages,
            jitter_seconds=cfg.data.jitter_seconds,
            deltas=cfg.data.deltas,
            seed=cfg.run.seed,
        )
        return ds, index

    def _loader(self, ds: AVPairDataset) -> tuple[Iterator[dict[str, Any]], EpochBatchSampler]:
        cfg = self.cfg
        probe = EpochBatchSampler(len(ds), cfg.run.batch_size, cfg.run.seed, self.dist.rank, self.dist.world)
        bpe = probe.batches_per_epoch
        start = (self.batches_consumed // bpe, self.batches_consumed % bpe)
        sampler = EpochBatchSampler(len(ds), cfg.run.batch_size, cfg.run.seed, self.dist.rank, self.dist.world, start)
        from torch.utils.data import DataLoader

        w = cfg.data.workers
        loader = DataLoader(
            ds,
            batch_sampler=sampler,
            num_workers=w,
            collate_fn=collate,
            worker_init_fn=worker_init if w else None,
            persistent_workers=bool(w),
            prefetch_factor=4 if w else None,
            pin_memory=self.device.type == "cuda",
        )
        return iter(loader), sampler

    def _stream(self) -> tuple[Iterator[dict[str, Any]], int, int, list[str], str]:
        """Batches streamed from ``data.webdataset`` shards: (batches, pairs per pass, clips, languages, kind);
        the counts come from the export's ``dubgen-export.json`` (0 when the shards have none)."""
        from torch.utils.data import DataLoader

        from .webdata import ShardStream, expand_shards, shard_info

        cfg = self.cfg
        shards = expand_shards(cfg.data.webdataset)
        info = shard_info(shards)
        wanted = cfg.data.dub_languages
        self.train_languages = (
            [] if cfg.data.dub_prob == 0 else [lang for lang in info.languages if wanted is None or lang in wanted]
        )
        spec = feature_spec(cfg.model.variant, cfg.data)
        views = AVPairDataset(  # cuts the views; its (empty) item list is not used
            [], spec, DecodeSource([], spec), cfg.data.augment, dub_prob=cfg.data.dub_prob, dub_languages=cfg.data.dub_languages,
            jitter_seconds=cfg.data.jitter_seconds, deltas=cfg.data.deltas, seed=cfg.run.seed,
        )
        stream = ShardStream(
            shards, views, cfg.run.batch_size, cfg.run.seed, rank=self.dist.rank, world=self.dist.world,
            val_fraction=cfg.data.val_fraction, split_seed=cfg.data.split_seed,
            shuffle_buffer=cfg.data.shuffle_buffer, skip_batches=self.batches_consumed,
        )
        w = cfg.data.workers
        stream.check(w)  # before any worker starts: name the problem once
        loader = DataLoader(
            stream, batch_size=None, num_workers=w, worker_init_fn=worker_init if w else None,
            persistent_workers=bool(w), prefetch_factor=4 if w else None, pin_memory=self.device.type == "cuda",
        )
        return iter(loader), info.pairs, info.clips, list(info.languages), "webdataset"

    def _barrier(self) -> None:
        if self.dist.world > 1:
            import torch.distributed as dist

            dist.barrier()

    def _note_skips(self, batch: dict[str, Any]) -> None:
        for what in batch["errors"] + batch["skipped_tracks"]:
            if what not in self._warned:
                self._warned.add(what)
                log.warning("skipping %s", what)
                self.skipped.append(what)

    # ------------------------------------------------------------------ checkpoints
    def state(self) -> dict[str, Any]:
        return {
            "format": CHECKPOINT_FORMAT,
            "model": model_payload(self.model),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "scaler": self.scaler.state_dict(),
            "step": self.step,
            "batches_consumed": self.batches_consumed,
            "clips_seen": self.clips_seen,
            "skipped": list(self.skipped),
            "rng": {"torch": torch.get_rng_state()},
            "config": self.cfg.to_dict(),
            "world_size": self.dist.world,
            "train_languages": list(self.train_languages),
        }

    def save(self, path: Optional[Path] = None) -> Path:
        path = Path(path or self.out / CHECKPOINT)
        with atomic_path(path) as tmp:
            torch.save(self.state(), str(tmp))
        return path

    def load(self, path: Path) -> None:
        ckpt = read_checkpoint(path)
        check_same_variant(ckpt, self.model, path)
        if ckpt.get("world_size", 1) != self.dist.world:
            raise DubgenError(
                f"{path}: saved by {ckpt.get('world_size', 1)} process(es), resumed with {self.dist.world}; "
                "exact resume needs the same number"
            )
        self.model.load_state_dict(ckpt["model"]["state"])
        self.optimizer.load_state_dict(ckpt["optimizer"])
        self.scheduler.load_state_dict(ckpt["scheduler"])
        self.scaler.load_state_dict(ckpt["scaler"])
        self.step = int(ckpt["step"])
        self.batches_consumed = int(ckpt["batches_consumed"])
        self.clips_seen = int(ckpt.get("clips_seen", 0))
        torch.set_rng_state(ckpt["rng"]["torch"])

    # ------------------------------------------------------------------ loop
    def wrapped(self) -> nn.Module:
        """The model as the loop calls it: DistributedDataParallel when there are several processes."""
        if self.dist.world == 1:
            return self.model
        from torch.nn.parallel import DistributedDataParallel

        return DistributedDataParallel(self.model, device_ids=[self.device.index] if self.device.type == "cuda" else None)

    def _micro_step(self, ddp: nn.Module, batch: dict[str, Any], sync: bool) -> dict[str, float]:
        cfg = self.cfg
        dev = self.device
        v = torch.cat([batch["video_p"], batch["video_s"]]).to(dev, non_blocking=True)
        a = torch.cat([batch["audio_p"], batch["audio_s"]]).to(dev, non_blocking=True)
        b = batch["size"]
        ctx = ddp.no_sync() if (not sync and hasattr(ddp, "no_sync")) else _null()
        with ctx:
            with torch.autocast(dev.type, dtype=self.amp, enabled=self.amp is not None):
                zv, za, tau = ddp(v, a)
            world = self.dist.world if cfg.loss.global_batch else 1
            parts = av_contrastive_loss(
                *split_views(zv, za, b, world), tau, cfg.loss.within_modal_weight, cfg.loss.reduction,
                cfg.loss.denominator,
            )
            self.scaler.scale(parts.total / cfg.run.accumulate).backward()
        return {
            "loss": float(parts.total.detach()),
            "loss_cross": float(parts.cross.detach()),
            "loss_video": float(parts.video.detach()),
            "loss_audio": float(parts.audio.detach()),
            "tau": float(tau.detach()),
        }

    def fit(self, index: Optional[DataIndex] = None) -> RunSummary:
        """Train ``run.steps`` optimiser steps (resuming when asked); returns the run summary."""
        cfg = self.cfg
        self.out.mkdir(parents=True, exist_ok=True)
        ckpt_path = self.out / CHECKPOINT
        if self.resume and ckpt_path.exists():
            self.load(ckpt_path)
            log.info("resumed from %s at step %d", ckpt_path, self.step)
        elif ckpt_path.exists():
            raise DubgenError(f"{ckpt_path} exists: pass --resume to continue it, or choose another --out")
        if cfg.data.webdataset:
            batches, n_items, n_clips, languages, kind = self._stream()
        else:
            ds, index = self._data(index)
            batches, _ = self._loader(ds)
            n_items, languages, kind = len(ds), index.languages, index.kind
            n_clips = n_items
        if self.dist.main:
            log.info("%d training clips (%s), languages: %s", n_clips, kind, ", ".join(languages) or "-")
        ddp = self.wrapped()
        self.model.train()
        csv_file, writer, tb = self._open_logs()
        t_start = time.perf_counter()
        wait_total = 0.0
        clips_run = 0
        last: dict[str, float] = {}
        progress = _progress(cfg.run.progress and self.dist.main, cfg.run.steps, self.step)
        try:
            while self.step < cfg.run.steps:
                t_step = time.perf_counter()
                wait = 0.0
                clips = 0
                rows = []
                self.optimizer.zero_grad(set_to_none=True)
                for micro in range(cfg.run.accumulate):
                    while True:
                        t0 = time.perf_counter()
                        batch = next(batches)
                        wait += time.perf_counter() - t0
                        self.batches_consumed += 1
                        self._note_skips(batch)
                        if batch["size"] >= 2:  # a contrastive batch needs negatives
                            break
                    rows.append(self._micro_step(ddp, batch, sync=micro == cfg.run.accumulate - 1))
                    clips += batch["size"]
                if cfg.optim.grad_clip:
                    self.scaler.unscale_(self.optimizer)
                    torch.nn.utils.clip_grad_norm_(self.model.parameters(), cfg.optim.grad_clip)
                self.scaler.step(self.optimizer)
                self.scaler.update()
                lr = self.optimizer.param_groups[0]["lr"]
                self.scheduler.step()
                self.step += 1
                self.clips_seen += clips * self.dist.world
                clips_run += clips * self.dist.world
                wait_total += wait
                dt = time.perf_counter() - t_step
                last = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
                row = {
                    "step": self.step,
                    "epoch": self.batches_consumed * self.dist.world * cfg.run.batch_size / max(1, n_items),
                    "lr": lr,
                    **last,
                    "clips": clips * self.dist.world,
                    "clips_per_s": clips * self.dist.world / dt,
                    "data_wait": wait / dt,
                }
                if self.dist.main:
                    if self.step % cfg.run.log_every == 0 or self.step == cfg.run.steps:
                        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
                        csv_file.flush()
                        if tb is not None:
                            for k in ("loss", "loss_cross", "lr", "tau", "clips_per_s", "data_wait"):
                                tb.add_scalar(f"train/{k}", row[k], self.step)
                    if self.on_step:
                        self.on_step(self.step, row)
                    progress.update(self.step, last["loss"])
                if cfg.run.save_every and self.step % cfg.run.save_every == 0 and self.step < cfg.run.steps and self.dist.main:
                    self.save()
        finally:
            progress.close()
            csv_file.close()
            if tb is not None:
                tb.close()
        wall = time.perf_counter() - t_start
        if self.dist.main:
            self.save()
        self._barrier()
        summary = RunSummary(
            steps=self.step,
            clips_seen=self.clips_seen,
            wall_seconds=wall,
            clips_per_second=clips_run / wall if wall > 0 else 0.0,
            data_wait_fraction=wait_total / wall if wall > 0 else 0.0,
            final_loss=last.get("loss", float("nan")),
            skipped_count=len(self.skipped),
            skipped_files=list(self.skipped),
            usable_clips=n_clips,
            languages=languages,
            checkpoint=str(ckpt_path),
            world_size=self.dist.world,
            peak_rss_mb=peak_rss_mb(),
        )
        if self.dist.main:
            write_json(self.out / "summary.json", {**asdict(summary), "config": self.cfg.to_dict()})
        return summary

    def _open_logs(self) -> tuple[Any, Any, Any]:
        path = self.out / "log.csv"
        if not self.dist.main:
            return open(os.devnull, "w"), csv.DictWriter(open(os.devnull, "w"), LOG_FIELDS), None
        keep: list[dict[str, str]] = []
        if self.step > 0 and path.exists():  # resumed: keep the rows up to the checkpoint
            with open(path, newline="") as f:
                keep = [r for r in csv.DictReader(f) if int(r["step"]) <= self.step]
        f = open(path, "w", newline="")
        writer = csv.DictWriter(f, LOG_FIELDS)
        writer.writeheader()
        writer.writerows(keep)
        tb = None
        try:
            from torch.utils.tensorboard import SummaryWriter  # optional: needs `tensorboard`

            tb = SummaryWriter(str(self.out / "tb"))
        except Exception:  # tensorboard not installed: the CSV is the log
            tb = None
        return f, writer, tb


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *a: Any) -> None:
        return None


class _progress:
    """rich progress bar on rank 0 (a no-op when disabled)."""

    def __init__(self, enabled: bool, total: int, start: int) -> None:
        self.bar = None
        if enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("train"), BarColumn(), MofNCompleteColumn(), TextColumn("loss {task.fields[loss]:.4f}"),
                TimeRemainingColumn(), transient=False,
            )
            self.bar.start()
            self.task = self.bar.add_task("train", total=total, completed=start, loss=float("nan"))

    def update(self, step: int, loss: float) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=step, loss=loss)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def train(cfg: TrainConfig, resume: bool = False, index: Optional[DataIndex] = None) -> RunSummary:
    """Library entry point: ``dubgen train`` calls this."""
    return Solver(cfg, resume=resume).fit(index)
