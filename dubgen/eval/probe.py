"""Linear probe on frozen embeddings: top-1 (one subfolder per class) or mAP (multi-label CSV)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..errors import DubgenError
from ..train.data import ORIG, VIDEO_SUFFIXES, ClipItem


@dataclass(frozen=True)
class ProbeSet:
    items: list[ClipItem]
    labels: np.ndarray  # (N,) class ids, or (N, C) 0/1 for multi-label
    classes: list[str]
    multilabel: bool


def probe_from_folder(folder: Path) -> ProbeSet:
    """``folder/<class>/<video>``: one class per subfolder."""
    folder = Path(folder)
    classes = sorted(d.name for d in folder.iterdir() if d.is_dir())
    items, labels = [], []
    for ci, c in enumerate(classes):
        for p in sorted((folder / c).rglob("*")):
            if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file():
                items.append(ClipItem(clip_id=f"{c}/{p.stem}", video=str(p), tracks={ORIG: str(p)}))
                labels.append(ci)
    if len(classes) < 2 or not items:
        raise DubgenError(f"{folder}: a probe folder needs at least two class subfolders with videos")
    return ProbeSet(items, np.array(labels), classes, multilabel=False)


def probe_from_csv(path: Path) -> ProbeSet:
    """CSV with columns ``path,labels``; labels separated by ';' (paths relative to the CSV)."""
    path = Path(path)
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    if not rows or not {"path", "labels"} <= set(rows[0]):
        raise DubgenError(f"{path}: a multi-label probe CSV needs the columns 'path' and 'labels'")
    classes = sorted({lab.strip() for r in rows for lab in r["labels"].split(";") if lab.strip()})
    cidx = {c: i for i, c in enumerate(classes)}
    items, y = [], np.zeros((len(rows), len(classes)), np.float32)
    for i, r in enumerate(rows):
        p = Path(r["path"]) if Path(r["path"]).is_absolute() else path.parent / r["path"]
        items.append(ClipItem(clip_id=r["path"], video=str(p), tracks={ORIG: str(p)}))
        for lab in r["labels"].split(";"):
            if lab.strip():
                y[i, cidx[lab.strip()]] = 1
    return ProbeSet(items, y, classes, multilabel=True)


def test_mask(ids: Sequence[str], fraction: float = 0.3, seed: int = 0) -> np.ndarray:
    """A fixed test subset: the ``fraction`` of ids with the smallest hashes (at least one)."""
    keys = [hashlib.sha256(f"probe:{seed}:{c}".encode()).hexdigest() for c in ids]
    n_test = min(len(ids) - 1, max(1, round(fraction * len(ids))))
    mask = np.zeros(len(ids), dtype=bool)
    mask[np.argsort(keys, kind="stable")[:n_test]] = True
    return mask


def average_precision(scores: np.ndarray, target: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    t = target[order]
    if t.sum() == 0:
        return float("nan")
    hits = np.cumsum(t)
    prec = hits / np.arange(1, len(t) + 1)
    return float((prec * t).sum() / t.sum())


def fit_linear(x: np.ndarray, y: np.ndarray, multilabel: bool, n_classes: int, weight_decay: float = 1e-3, steps: int = 100, seed: int = 0) -> torch.nn.Linear:
    """Logistic regression by full-batch L-BFGS on standardised features."""
    g = torch.Generator().manual_seed(seed)
    xt = torch.from_numpy(x).float()
    lin = torch.nn.Linear(x.shape[1], n_classes)
    torch.nn.init.normal_(lin.weight, std=0.01, generator=g)
    torch.nn.init.zeros_(lin.bias)
    yt = torch.from_numpy(y).float() if multilabel else torch.from_numpy(y).long()
    lossf = torch.nn.BCEWithLogitsLoss() if multilabel else torch.nn.CrossEntropyLoss()
    opt = torch.optim.LBFGS(lin.parameters(), lr=0.5, max_iter=steps, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = lossf(lin(xt), yt) + weight_decay * lin.weight.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return lin


def linear_probe(features: dict[str, np.ndarray], ids: Sequence[str], labels: np.ndarray, multilabel: bool, n_classes: int) -> dict[str, float]:
    """Top-1 (single label) or mAP (multi-label) on a fixed hashed 70/30 split, per feature set."""
    test = test_mask(ids)
    if len(ids) < 4:
        raise DubgenError("probe split left no training or no test clips; add clips")
    out: dict[str, float] = {"n_train": float((~test).sum()), "n_test": float(test.sum())}
    for name, x in features.items():
        mu, sd = x[~test].mean(0), x[~test].std(0) + 1e-6
        xs = ((x - mu) / sd).astype(np.float32)
        lin = fit_linear(xs[~test], labels[~test], multilabel, n_classes)
        with torch.no_grad():
            logits = lin(torch.from_numpy(xs[test])).numpy()
        if multilabel:
            aps = [average_precision(logits[:, c], labels[test][:, c]) for c in range(n_classes)]
            out[f"{name}_mAP"] = float(np.nanmean(aps))
        else:
            out[f"{name}_top1"] = float((logits.argmax(1) == labels[test]).mean())
    if not multilabel:
        counts = np.bincount(labels[~test], minlength=n_classes)
        out["majority_top1"] = float((labels[test] == counts.argmax()).mean())
    return out
