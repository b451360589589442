"""``dubgen models list|pull``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

from ..errors import DubgenError
from . import catalog, find, is_present, model_path, models_dir
from .fetch import Fetcher, pull


def listing(root: Optional[Path] = None) -> list[dict[str, Any]]:
    rows = []
    for e in catalog():
        rows.append({
            "name": e.name, "stage": e.stage, "backend": e.backend, "languages": list(e.languages),
            "licence": e.licence, "non_commercial": e.non_commercial, "gated": e.gated, "size_mb": e.size_mb,
            "source": e.source.hf or e.source.url or f"pip: {e.source.package}",
            "revision": e.revision if not e.bundled else "package", "revision_verified": e.revision_verified,
            "present": is_present(e, root), "path": str(model_path(e, root)) if not e.bundled else "",
            "recipe_value": e.alias or e.name,
        })
    return rows


def _cmd_models(args: argparse.Namespace) -> int:
    if args.action == "list":
        rows = listing(args.dir)
        if args.json:
            print(json.dumps(rows, indent=2))
            return 0
        print(f"models folder: {models_dir(args.dir)}")
        for r in rows:
            flags = ", ".join(f for f, on in (("NON-COMMERCIAL", r["non_commercial"]), ("gated: needs HF_TOKEN", r["gated"]),
                                              ("revision unverified", not r["revision_verified"])) if on)
            rev = (r["revision"] or "current")[:12]
            print(f"{'present' if r['present'] else '-      '} {r['stage']:10} {r['name']:34} {r['backend']:15} "
                  f"{r['size_mb']:>6} MB  {r['licence']:<20} {','.join(r['languages'])[:24]:24} {rev}"
                  + (f"  [{flags}]" if flags else ""))
        return 0
    if not args.names:
        raise DubgenError("models pull: name at least one model (`dubgen models list`)")
    unknown = [n for n in args.names if find(n) is None]
    if unknown:
        raise DubgenError(f"unknown model(s): {', '.join(unknown)}; `dubgen models list` shows the catalog")
    fetcher = Fetcher(log=lambda s: print(s, file=sys.stderr))
    for n in args.names:
        print(f"{n}: {pull(find(n), args.dir, fetcher)}")  # type: ignore[arg-type]
    return 0


def register(sub: Any) -> None:
    m = sub.add_parser("models", help="list the model catalog, or pull models into the models folder")
    m.add_argument("action", choices=["list", "pull"])
    m.add_argument("names", nargs="*", metavar="NAME")
    m.add_argument("--json", action="store_true", help="list as JSON")
    m.add_argument("--dir", type=Path, default=None, help="models folder (default $DUBGEN_MODELS or ~/.cache/dubgen/models)")
    m.set_defaults(func=_cmd_models)
