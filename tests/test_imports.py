"""The import graph of dubgen: no circles, and the low-level modules stay below the stages.

Imports are read with ``ast`` from the source (every ``import`` statement, also those inside
functions, but not those under ``if TYPE_CHECKING:``). Circles are looked for twice: between
modules, and between the top-level units (a module, or a subpackage as one unit: ``dubgen.qc``,
except its command-line modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "dubgen"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """dubgen modules imported by the file at ``path`` (a submodule named in ``from X import y`` counts as X.y)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for c in child.orelse:
                    visit(c)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.split(".")[0] == "dubgen")
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.split(".")[0] != "dubgen":
                    continue
                subs = {f"{target}.{a.name}" for a in child.names} & modules
                found.update(subs or {target})
                if subs and len(subs) < len(child.names):
                    found.add(target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    files = sorted(PKG.rglob("*.py"))
    modules = {_module_name(p) for p in files}
    return {_module_name(p): _imports(p, modules) for p in files}


def _unit(module: str) -> str:
    """dubgen.qc.evaluate -> dubgen.qc; dubgen.config -> dubgen.config.

    A subpackage's command-line modules (``commands``, ``__main__``) are units of their own:
    they sit on top of everything, like ``dubgen.cli`` (train's commands run eval's reports).
    """
    parts = module.split(".")
    return module if parts[-1] in ("commands", "__main__") else ".".join(parts[:2])


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle as a list of nodes (first == last), or [] if the graph is acyclic."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(n: str) -> list[str]:
        state[n] = 1
        stack.append(n)
        for m in sorted(edges.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = dfs(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return []

    for n in sorted(edges):
        if n not in state:
            found = dfs(n)
            if found:
                return found
    return []


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_parser_sees_relative_lazy_and_submodule_imports():
    g = graph()
    assert "dubgen.stages.asr" in g["dubgen.stages"]  # from . import asr (a submodule)
    assert "dubgen.registry" in g["dubgen.stages.asr"]  # from ..registry import Registry
    assert "dubgen.qc" in g["dubgen.pipeline"]  # imported inside a function
    assert "dubgen.resources" not in g["dubgen.qc.evaluate"]  # only under TYPE_CHECKING


def test_no_import_cycles_between_modules():
    assert find_cycle(graph()) == []


def test_no_import_cycles_between_packages():
    units: dict[str, set[str]] = {}
    for mod, deps in graph().items():
        units.setdefault(_unit(mod), set()).update(_unit(d) for d in deps if _unit(d) != _unit(mod))
    assert find_cycle(units) == []


@pytest.mark.parametrize("low", ["dubgen.config", "dubgen.dsp", "dubgen.registry", "dubgen.runtime", "dubgen.tools"])
def test_low_level_modules_do_not_import_stages(low):
    g = graph()
    seen, todo = set(), [low]
    while todo:  # everything they import, transitively
        for dep in g[todo.pop()] - seen:
            seen.add(dep)
            todo.append(dep)
    assert not {m for m in seen | {low} if m.startswith("dubgen.stages")}, sorted(seen)
