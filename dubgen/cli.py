"""Command line: ``dubgen dub | merge | doctor | recipes | schema | export | qc | report | train | eval | ablate | models``."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .errors import DubgenError


def _cmd_dub(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from .config import load_recipe
    from .executors import make_executor
    from .shard import Shard
    from .pipeline import LANGUAGE_STAGES, SHARED_STAGES, StageEvent
    from .runner import FAILURES_FILE, PAIRS_FILE, dub

    console = Console(stderr=True)
    if not console.is_terminal:  # logs and pipes: Rich's 80-column default would wrap the table's headers
        console.width = max(console.width, 120)
    shard = Shard.parse(args.shard) if args.shard else None
    executor = make_executor(args.executor, args.workers, args.ray_address, args.ray_results)
    recipes = [load_recipe(r) for r in args.recipe]
    names = [r.name for r in recipes]
    if len(set(names)) != len(names):
        raise DubgenError(f"two recipes share the name {sorted(n for n in names if names.count(n) > 1)[0]!r}: outputs would collide")
    steps = len(SHARED_STAGES) + len(LANGUAGE_STAGES) * len(recipes)
    progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[stage]}", markup=False), TimeElapsedColumn(),
                        console=console, disable=args.quiet)
    tasks: dict[str, int] = {}

    def hook(ev: StageEvent) -> None:
        if ev.clip_id not in tasks:
            tasks[ev.clip_id] = progress.add_task(ev.clip_id, total=steps, stage="")
        label = f"{ev.stage}" + (f" [{ev.language}]" if ev.language else "")
        if ev.status == "start":
            progress.update(tasks[ev.clip_id], stage=label)
        elif ev.status in ("done", "cached"):
            progress.update(tasks[ev.clip_id], advance=1, stage=f"{label} {'(cached)' if ev.status == 'cached' else ''}")

    def on_clip(path: Path, pairs: list, failures: list) -> None:
        for f in failures:
            # one line per bad file, whatever the width; the text is escaped so "[stage]" is not read as markup
            progress.console.print(f"[red]error[/red] {escape(f'{f.input}: [{f.stage}] {f.error}')}", highlight=False,
                                   soft_wrap=True)
        for cid in {p.clip_id for p in pairs} | {f.clip_id for f in failures}:
            if cid in tasks:
                progress.update(tasks[cid], completed=steps if not failures else None, stage="done" if not failures else "failed")

    with progress:
        result = dub(args.inputs, args.out, recipes, seed=args.seed, device=args.device, hook=hook,
                     on_clip=on_clip, executor=executor, shard=shard, audio_track=args.audio_track)

    table = Table(title=f"dubgen: {len(result.pairs)} dubbed, {len(result.failures)} failed")
    table.add_column("clip", no_wrap=True)
    for col in ("recipe", "lang", "status", "qc", "tts", "phrases", "stretch", "overrun s", "compute s"):
        table.add_column(col, overflow="fold")
    for p in result.pairs:
        qc = "-" if p.qc is None else ("pass" if p.qc.get("pass") else "FAIL: " + "; ".join(p.qc.get("reasons", []))[:60])
        table.add_row(p.clip_id, p.recipe, p.language, "ok", qc, _tts_summary(p), str(len(p.segments)),
                      f"{max((max(s.stretch, 1 / s.stretch) for s in p.segments), default=1.0):.2f}",
                      f"{sum(s.overrun for s in p.segments):.2f}", f"{sum(s.seconds for s in p.stages):.1f}")
    for f in result.failures:
        table.add_row(f.clip_id, f.recipe or "-", f.language or "-", f"FAILED ({f.stage})", "", "", "", "", "", "")
    console.print(table)
    out = Path(args.out).resolve()
    print(f"pairs: {out / PAIRS_FILE}")
    if result.failures:
        print(f"failures: {out / FAILURES_FILE}")
    return 0 if result.ok else 1


def _tts_summary(pair) -> str:
    """Which TTS backends said the pair's phrases: 'pico', or 'pico 9, FALLBACK espeak-ng 1'."""
    said = [s.tts_backend for s in pair.segments]
    fell = {s.tts_backend for s in pair.segments if s.tts_fallback}
    names = sorted(set(said), key=said.index)
    if not fell:
        return ", ".join(names)
    return ", ".join(f"{'FALLBACK ' if n in fell else ''}{n} {said.count(n)}" for n in names)


def _cmd_merge(args: argparse.Namespace) -> int:
    from .merge import merge

    result = merge(args.sources, args.out)
    for c in result.conflicts:
        print(f"conflict: {c}", file=sys.stderr)
    print(f"merged {len(args.sources)} folders into {Path(args.out).resolve()}: {result.pairs} pairs "
          f"({result.added} added, {result.duplicates} duplicates joined), {result.failures} failures, "
          f"{len(result.conflicts)} conflicts")
    return 0 if result.ok else 1


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    checks = run_checks()
    width = max(len(f"{c.stage}/{c.backend}") for c in checks)
    for c in checks:
        mark = "ok " if c.ok else "MISSING"
        line = f"{mark:7} {c.stage + '/' + c.backend:{width}}  {c.detail}"
        if not c.ok and c.fix and c.fix not in c.detail:
            line += f"  -> {c.fix}"
        print(line)
    required_ok = all(c.ok for c in checks if c.required)
    return 0 if required_ok else 1


def _cmd_recipes(args: argparse.Namespace) -> int:
    from .config import bundled_recipe_dir, load_recipe

    if args.action == "validate":
        if not args.files:
            raise DubgenError("recipes validate: name at least one recipe file")
        status = 0
        for f in args.files:
            try:
                r = load_recipe(f)
                print(f"ok: {f} (target {r.language}, source {r.source_language or 'detected'})")
            except DubgenError as e:
                print(str(e), file=sys.stderr)
                status = 1
        return status
    for path in sorted(bundled_recipe_dir().glob("*.yaml")):
        r = load_recipe(path)
        print(f"{path.stem:6} {r.language}  tts={r.tts.backend}  mt={r.translate.backend}  {path}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.recipe:
        from .config import recipe_schema

        schema = recipe_schema()
    else:
        from .manifest import pair_schema

        schema = pair_schema()
    text = json.dumps(schema, indent=2)
    if args.output:
        from .io import write_text

        write_text(Path(args.output), text + "\n")
    else:
        print(text)
    return 0


def _device(value: str) -> str:
    from .runtime import Runtime

    try:
        return Runtime(device=value).device
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None

def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    options = {k: v for k, v in (("shard_size", args.shard_size), ("video", args.video)) if v is not None}
    sel = export(args.out, args.format, args.output, strict=args.strict, **options)
    print(f"exported {len(sel.pairs)} pairs to {args.output} ({args.format}){sel.left_out()}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dubgen", description="Synthetic counterfactual audio-visual pairs by dubbing.")
    p.add_argument("--version", action="version", version=f"dubgen {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("dub", help="dub videos (files or folders) with one or more recipes")
    d.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    d.add_argument("--out", required=True, type=Path)
    d.add_argument("--recipe", action="append", required=True, help="recipe YAML (repeatable) or a bundled name: es, ca, gl")
    d.add_argument("--workers", type=int, default=None,
                   help="worker processes (local, default 1) or Ray actors (ray, default one per CPU of the cluster)")
    d.add_argument("--seed", type=int, default=None, help="overrides the recipes' seed")
    d.add_argument("--device", default="auto", type=_device,
                   help="auto (CUDA when torch sees a GPU), cpu, cuda or cuda:N; backends that cannot use CUDA run on "
                        "the CPU, and each stage record says which device it used")
    d.add_argument("--quiet", action="store_true", help="no progress bar")
    d.add_argument("--audio-track", type=int, default=None, metavar="N",
                   help="audio stream to dub, 0-based among the file's audio streams (default: the one marked "
                        "default, else the first); the manifest records it")
    d.add_argument("--shard", metavar="I/N", help="dub only shard I of N (0 <= I < N), a stable split by clip; join with `dubgen merge`")
    d.add_argument("--executor", choices=["local", "ray"], default="local", help="local: clips in this process or a process pool (default); ray: one Ray task per (clip, step)")
    d.add_argument("--ray-address", metavar="auto|HOST:PORT", help="Ray cluster to join (default: start a local Ray instance)")
    d.add_argument("--ray-results", choices=["shared", "driver"], default="shared",
                   help="shared: workers write OUT on a shared filesystem; driver: outputs return to this process")
    d.set_defaults(func=_cmd_dub)

    m = sub.add_parser("merge", help="join the output folders of sharded runs into one")
    m.add_argument("sources", nargs="+", type=Path, metavar="OUT")
    m.add_argument("--out", required=True, type=Path)
    m.set_defaults(func=_cmd_merge)

    doc = sub.add_parser("doctor", help="check every backend: binaries, packages, model files")
    doc.set_defaults(func=_cmd_doctor)

    r = sub.add_parser("recipes", help="list bundled recipes, or validate recipe files")
    r.add_argument("action", nargs="?", choices=["list", "validate"], default="list")
    r.add_argument("files", nargs="*", type=Path)
    r.set_defaults(func=_cmd_recipes)

    s = sub.add_parser("schema", help="print the JSON Schema of a pairs.jsonl line (or of a recipe)")
    s.add_argument("--recipe", action="store_true", help="the recipe schema instead: every backend with its options")
    s.add_argument("--output", type=Path)
    s.set_defaults(func=_cmd_schema)

    e = sub.add_parser("export", help="export the pairs for training: pairs.jsonl lines, a lhotse CutSet, "
                                      "WebDataset shards or a Hugging Face dataset")
    e.add_argument("out", type=Path, metavar="OUT_DIR")
    e.add_argument("--format", choices=["jsonl", "lhotse", "webdataset", "hf"], default="jsonl",
                   help="jsonl: a manifest file, paths relative to it; lhotse: a .jsonl(.gz) CutSet; "
                        "webdataset, hf: a folder")
    e.add_argument("--output", type=Path, required=True, metavar="PATH")
    e.add_argument("--strict", action="store_true", help="leave out pairs that failed QC (or were never checked)")
    e.add_argument("--shard-size", type=int, help="webdataset: pairs per tar shard (default 1000)")
    e.add_argument("--video", choices=["embed", "reference", "none"],
                   help="webdataset: embed the original video (default), store only its path, or leave it out")
    e.set_defaults(func=_cmd_export)

    for module in ("dubgen.qc.commands", "dubgen.train.commands", "dubgen.models_catalog.commands"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            importlib.import_module(module).register(sub)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DubgenError as e:
        print(f"dubgen: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        if e.filename is None:
            raise
        # a file the command was told to write or read: name it, no traceback
        print(f"dubgen: error: {os.fsdecode(e.filename)}: {e.strerror}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dubgen: interrupted; re-run the same command to resume", file=sys.stderr)
        return 130
