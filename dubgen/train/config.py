"""Training configs: YAML validated once with pydantic, then turned into plain kwargs.

Unknown keys are errors that name the dotted field, raised before any data is read or any
model is built. ``dubgen train CONFIG key=value ...`` overrides go through the same check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import RecipeError


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelConfig(_Block):
    variant: str = Field("xxs", description="named size variant: xxs, s, m (see dubgen.train.model.VARIANTS)")
    proj_dim: Optional[int] = Field(None, ge=8, le=4096, description="projection size; None = variant default")
    drop_path: float = Field(0.0, ge=0.0, lt=1.0)

    @field_validator("variant")
    @classmethod
    def _known_variant(cls, v: str) -> str:
        from .variants import VARIANTS

        if v not in VARIANTS:
            raise ValueError(f"unknown model variant {v!r}; choose one of: {', '.join(sorted(VARIANTS))}")
        return v


class AugmentConfig(_Block):
    crop_scale: tuple[float, float] = Field((0.6, 1.0), description="random resized crop area range")
    flip_p: float = Field(0.5, ge=0.0, le=1.0, description="horizontal flip; 0 when sound names left/right")
    brightness: float = Field(0.3, ge=0.0, le=1.0)
    contrast: float = Field(0.3, ge=0.0, le=1.0)
    saturation: float = Field(0.2, ge=0.0, le=1.0)
    gain_db: float = Field(6.0, ge=0.0, le=30.0, description="random audio gain range, +/- dB")
    time_masks: int = Field(2, ge=0, le=10)
    time_mask_frac: float = Field(0.1, ge=0.0, le=0.5)
    freq_masks: int = Field(2, ge=0, le=10)
    freq_mask_frac: float = Field(0.15, ge=0.0, le=0.5)
    noise_p: float = Field(0.3, ge=0.0, le=1.0, description="probability of additive noise")
    noise_db: float = Field(-30.0, ge=-80.0, le=0.0, description="noise level relative to the view's mean power")

    @field_validator("crop_scale")
    @classmethod
    def _range(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not 0.05 <= v[0] <= v[1] <= 1.0:
            raise ValueError("crop_scale must be (lo, hi) with 0.05 <= lo <= hi <= 1")
        return v


class DataConfig(_Block):
    path: str = Field("", description="pairs.jsonl, a folder holding one, or a plain folder of videos")
    dub_prob: float = Field(0.5, ge=0.0, le=1.0, description="probability a view's audio is a dub")
    dub_languages: Optional[list[str]] = Field(None, description="dub languages used in training; None = all")
    clip_seconds: float = Field(2.0, gt=0.1, le=60.0, description="length of one view")
    jitter_seconds: float = Field(1.0, ge=0.0, le=60.0, description="max offset between primary and secondary")
    sample_rate: int = Field(16000, ge=8000, le=48000)
    n_fft: int = Field(512, ge=64, le=8192)
    deltas: bool = Field(False, description="add delta and delta-delta log-mel channels")
    webdataset: Optional[str] = Field(
        None, description="stream WebDataset shards instead of data.path: a brace pattern such as "
        "shards/pairs-{000000..000003}.tar (dubgen export --format webdataset)")
    shuffle_buffer: int = Field(64, ge=1, le=100000, description="webdataset: samples in each worker's shuffle buffer")
    val_fraction: float = Field(0.2, ge=0.0, lt=1.0, description="held-out clips (by clip-id hash)")
    split_seed: int = 0
    workers: int = Field(2, ge=0, le=64)
    cache: Optional[str] = Field(None, description="shard cache folder; built once, then epochs read it")
    cache_scale: float = Field(1.15, ge=1.0, le=2.0, description="cached frame side relative to the crop")
    augment: AugmentConfig = AugmentConfig()


#: The contrastive temperature tau the model can hold (it clamps a learned tau to this range).
TAU_RANGE = (0.01, 1.0)


class LossConfig(_Block):
    temperature: float = Field(0.1, ge=TAU_RANGE[0], le=TAU_RANGE[1], description="contrastive temperature tau")
    learn_temperature: bool = False
    within_modal_weight: float = Field(0.1, description="lambda for L_v + L_a, within [0, 0.2]")
    reduction: Literal["sum", "mean"] = Field("sum", description="sum over i as in Eq. 2-3, or that sum / batch")
    denominator: Literal["joint", "one-way"] = Field(
        "joint", description="Eq. 1's negatives: joint = every pair involving i in either role (2B-1 terms), "
        "one-way = the anchor against every other-side sample (B terms); see dubgen/train/loss.py")
    global_batch: bool = Field(
        True, description="under DDP, contrast against the embeddings of every process (gathered with "
        "gradients), so negatives grow with the number of processes; false = each process's own batch")

    @field_validator("within_modal_weight")
    @classmethod
    def _lambda(cls, v: float) -> float:
        if not 0.0 <= v <= 0.2:
            raise ValueError(f"within_modal_weight (lambda) must lie in [0, 0.2], got {v}")
        return v


class OptimConfig(_Block):
    lr: float = Field(1e-3, gt=0.0, le=1.0)
    weight_decay: float = Field(0.05, ge=0.0, le=1.0)
    betas: tuple[float, float] = (0.9, 0.999)
    warmup_steps: int = Field(20, ge=0)
    min_lr_ratio: float = Field(0.01, ge=0.0, le=1.0)
    grad_clip: Optional[float] = Field(1.0, gt=0.0)


class RunConfig(_Block):
    out: str = Field("runs/train", description="output folder (checkpoints, log.csv, summary.json)")
    seed: int = 0
    steps: int = Field(100, ge=1, description="optimiser steps (the compute budget)")
    batch_size: int = Field(8, ge=2, description="clips per micro-batch per process")
    accumulate: int = Field(1, ge=1, le=1024)
    device: str = Field("cpu", description="cpu, cuda, cuda:N")
    amp: Literal["auto", "off", "bf16", "fp16"] = "auto"
    save_every: int = Field(0, ge=0, description="checkpoint every N steps; 0 = only at the end")
    log_every: int = Field(1, ge=1)
    progress: bool = True
    threads: Optional[int] = Field(None, ge=1, description="torch intra-op threads per process")


class TrainConfig(_Block):
    model: ModelConfig = ModelConfig()
    data: DataConfig = DataConfig()
    loss: LossConfig = LossConfig()
    optim: OptimConfig = OptimConfig()
    run: RunConfig = RunConfig()

    @model_validator(mode="after")
    def _checks(self) -> "TrainConfig":
        if self.data.jitter_seconds > 0 and self.data.clip_seconds <= 0:
            raise ValueError("clip_seconds must be positive")
        if self.data.webdataset and (self.data.path or self.data.cache):
            raise ValueError("data.webdataset streams shards: leave data.path and data.cache unset")
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (stored in checkpoints; lists, not tuples)."""
        return self.model_dump(mode="json")


def _set_dotted(d: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    cur = d
    for k in keys[:-1]:
        nxt = cur.setdefault(k, {})
        if not isinstance(nxt, dict):
            raise RecipeError(f"override {dotted!r}: {k!r} is not a section")
        cur = nxt
    cur[keys[-1]] = value


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``['run.steps=10', 'data.dub_prob=0']`` -> nested dict (values parsed as YAML scalars)."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise RecipeError(f"override {item!r} must look like section.field=value")
        key, raw = item.split("=", 1)
        _set_dotted(out, key.strip(), yaml.safe_load(raw))
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _format_errors(source: str, err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(root)"
        msg = "unknown field (not allowed)" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"{source}: {field}: {msg}")
    return "\n".join(lines)


def config_from_dict(raw: dict[str, Any], source: str = "<config>") -> TrainConfig:
    """Validate a nested dict; errors name the source and the dotted field."""
    try:
        return TrainConfig.model_validate(raw)
    except ValidationError as e:
        raise RecipeError(_format_errors(source, e)) from None


def load_config(path: Optional[Path], overrides: Optional[list[str]] = None, extra: Optional[dict[str, Any]] = None) -> TrainConfig:
    """Read a YAML training config, apply ``key=value`` overrides and ``extra``, validate."""
    raw: dict[str, Any] = {}
    source = "<defaults>"
    if path is not None:
        source = str(path)
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RecipeError(f"{path}: config file not found") from None
        except (IsADirectoryError, UnicodeDecodeError):
            raise RecipeError(f"{path}: not a YAML config file") from None
        except yaml.YAMLError as e:
            raise RecipeError(f"{path}: not valid YAML: {e}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise RecipeError(f"{path}: top level must be a mapping of sections")
        raw = loaded
    if overrides:
        raw = _merge(raw, parse_overrides(overrides))
    if extra:
        raw = _merge(raw, extra)
    return config_from_dict(raw, source)
