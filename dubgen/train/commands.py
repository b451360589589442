"""CLI commands ``train``, ``eval``, ``ablate`` (thin: each calls a library function).

``register(subparsers)`` is what ``dubgen/cli.py`` calls; it imports nothing heavy. Torch and
the trainer are imported inside the handlers. ``main(argv)`` runs the same commands with a
parser of its own (tests, ``python -m dubgen.train``, ``torchrun -m dubgen.train``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

log = logging.getLogger("dubgen.train")


def _setup_logging(verbose: bool = False) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("dubgen").setLevel(logging.INFO if verbose else logging.WARNING)


def _config_from_args(args: argparse.Namespace) -> Any:
    from .config import load_config

    if args.config and args.data is None and (Path(args.config).is_dir() or args.config.endswith((".jsonl", ".tar"))):
        args.config, args.data = None, Path(args.config)  # `dubgen train DATA` (default config)
    extra: dict[str, Any] = {}
    if getattr(args, "data", None):
        # WebDataset shards (a .tar or a brace pattern of them) stream; anything else is data.path
        shards = str(args.data).endswith(".tar")
        extra.setdefault("data", {}).update(path="" if shards else str(args.data), webdataset=str(args.data) if shards else None)
    run: dict[str, Any] = {}
    if getattr(args, "out", None):
        run["out"] = str(args.out)
    if getattr(args, "device", None):
        run["device"] = args.device
    if getattr(args, "steps", None):
        run["steps"] = args.steps
    if getattr(args, "seed", None) is not None:
        run["seed"] = args.seed
    if getattr(args, "no_progress", False):
        run["progress"] = False
    if run:
        extra["run"] = run
    return load_config(Path(args.config) if args.config else None, args.set or [], extra)


def _errors() -> tuple[type[BaseException], ...]:
    from ..errors import DubgenError
    from .model import VariantMismatch

    return (DubgenError, VariantMismatch, FileNotFoundError)


def cmd_train(args: argparse.Namespace) -> int:
    """``dubgen train CONFIG [DATA]``: validate the config, then train."""
    _setup_logging(args.verbose)
    from ..errors import DubgenError

    try:
        cfg = _config_from_args(args)  # a wrong field fails here, before any data is read
    except DubgenError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from .solver import train

    try:
        s = train(cfg, resume=args.resume)
    except _errors() as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    import os

    if int(os.environ.get("RANK", "0")) == 0:
        print(
            f"trained {s.steps} steps, {s.clips_seen} clips, {s.clips_per_second:.2f} clips/s, "
            f"data wait {100 * s.data_wait_fraction:.1f}%, final loss {s.final_loss:.4f}, "
            f"skipped {s.skipped_count} file(s); checkpoint {s.checkpoint}"
        )
        for what in s.skipped_files:
            print(f"  skipped: {what}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """``dubgen eval CHECKPOINT [DATA] [--probe FOLDER|CSV]``: metrics as JSON + a table."""
    _setup_logging(args.verbose)
    from ..eval.report import evaluate, format_report, write_report

    if args.data is None and args.probe is None:
        print("error: give DATA (retrieval) and/or --probe (linear probe)", file=sys.stderr)
        return 2
    try:
        res = evaluate(Path(args.checkpoint), args.data, split=args.split, probe=args.probe, device=args.device, workers=args.workers)
    except _errors() + (ValueError,) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        write_report(res, Path(args.json))
    print(format_report(res))
    return 0


def cmd_ablate(args: argparse.Namespace) -> int:
    """``dubgen ablate CONFIG [DATA]``: train with and without dubs, evaluate both, compare."""
    _setup_logging(args.verbose)
    from ..errors import DubgenError

    try:
        cfg = _config_from_args(argparse.Namespace(**{**vars(args), "out": None}))
    except DubgenError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if cfg.data.webdataset:
        print("error: ablate evaluates on the pairs' held-out split: give a pairs.jsonl (data.path), "
              "not data.webdataset", file=sys.stderr)
        return 2
    from ..eval.ablation import format_ablation, run_ablation

    out = Path(args.out) if args.out else Path(cfg.run.out)
    try:
        res = run_ablation(cfg, out, resume=args.resume, device=args.device)
    except _errors() as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(format_ablation(res))
    print(f"(full results: {out / 'ablation.json'})")
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("config", nargs="?", help="training YAML (recipes/train/*.yaml); defaults if omitted")
    p.add_argument("data", nargs="?", type=Path, help="pairs.jsonl, a folder with one, or a folder of videos (overrides "
                   "data.path); or WebDataset shards, 'shards/pairs-{000000..000003}.tar' (sets data.webdataset)")
    p.add_argument("--out", type=Path, help="output folder (overrides run.out)")
    p.add_argument("--device", help="cpu, cuda or cuda:N (overrides run.device)")
    p.add_argument("--steps", type=int, help="optimiser steps (overrides run.steps)")
    p.add_argument("--seed", type=int, help="seed (overrides run.seed)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    p.add_argument("--set", "-o", action="append", metavar="SECTION.FIELD=VALUE", help="override a config field (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("-v", "--verbose", action="store_true")


def register(subparsers: Any) -> None:
    """Add ``train``, ``eval`` and ``ablate`` to an argparse subparsers object (cheap)."""
    p = subparsers.add_parser("train", help="train the audio-visual MViT on pairs (or a video folder)",
                              description=cmd_train.__doc__)
    _common(p)
    p.set_defaults(func=cmd_train)

    p = subparsers.add_parser("eval", help="retrieval, language invariance and linear probe of a checkpoint",
                              description=cmd_eval.__doc__)
    p.add_argument("checkpoint", type=Path)
    p.add_argument("data", nargs="?", type=Path, help="pairs.jsonl / folder; its held-out split is used (see --split)")
    p.add_argument("--split", choices=["val", "train", "all"], default="val",
                   help="val: the checkpoint's held-out clips; all: every clip (separate test set)")
    p.add_argument("--probe", type=Path, help="folder of class subfolders (top-1) or multi-label CSV path,labels (mAP)")
    p.add_argument("--json", type=Path, help="write the metrics here")
    p.add_argument("--device", default="cpu")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = subparsers.add_parser("ablate", help="train with and without dubs (same seed/data/budget) and compare",
                              description=cmd_ablate.__doc__)
    _common(p)
    p.set_defaults(func=cmd_ablate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dubgen", description="dubgen trainer and evaluator")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
