"""The declared stage graph: steps name their inputs, recipe block and parameters; the
framework derives every cache key from those, once, and plans the tasks of a clip.

A step's key hashes its name and version, the keys of its inputs, its backend's version and
its parameters: a change anywhere upstream invalidates exactly what depends on it. A clip's
:class:`Plan` holds one :class:`Task` per distinct (step, key) over all its recipes, so work
that several recipes share (the clip-scope steps, usually) runs once. Executors run the same
tasks (:mod:`dubgen.pipeline` in-process, :mod:`dubgen.executors` in pools or on Ray) and the
cache makes every task idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Optional

from .cache import Entry, StageCache
from .config import Recipe
from .media import MediaInfo
from .resources import Resources

#: Pseudo-steps of a plan: "share" publishes a clip's shared files, "publish" builds and checks a pair.
SHARE, PUBLISH = "share", "publish"


@dataclass(frozen=True)
class Clip:
    """A probed input: what every step of it needs."""

    path: str  # as given
    clip_id: str
    sha: str
    info: MediaInfo
    rate: int  # the working sample rate (see media.working_rate)


@dataclass
class StepContext:
    """What a step's ``run`` sees: the clip, the recipe, the loaded backends and its input entries."""

    clip: Clip
    recipe: Recipe
    seed: int
    resources: Resources
    inputs: dict[str, Entry] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what a step needs beyond artefacts (qc: the record)

    def __getitem__(self, name: str) -> Entry:
        return self.inputs[name]

    def backend(self, block: str) -> Any:
        return self.resources.backend(block, getattr(self.recipe, block))

    def params(self, block: str) -> dict[str, Any]:
        return self.resources.params(block, getattr(self.recipe, block))

    @property
    def language(self) -> str:
        return self.recipe.language


@dataclass(frozen=True)
class Described:
    """Who runs a step and with what: recorded in the pair's ``stages`` and hashed into the key."""

    backend: str
    version: str
    params: dict[str, Any]
    extra: tuple[Any, ...] = ()  # further key parts, not recorded


def _no_extra(c: StepContext) -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Step:
    """One stage of the graph.

    ``block``: the recipe block that configures its backend (its version and options enter the
    key); ``extra``: the recipe facts outside that block the step reads; ``describe``: replaces
    both for steps that are not one backend (extraction, synthesis chains, the remix).
    ``version`` changes when the step writes other results for the same inputs.
    """

    name: str
    scope: Literal["clip", "language"]
    inputs: tuple[str, ...]
    run: Callable[[StepContext, Entry], None]
    block: Optional[str] = None
    extra: Callable[[StepContext], tuple[Any, ...]] = _no_extra
    describe_with: Optional[Callable[[StepContext], Described]] = None
    version: int = 1

    def describe(self, c: StepContext) -> Described:
        if self.describe_with is not None:
            return self.describe_with(c)
        assert self.block is not None, self.name
        b = c.backend(self.block)
        return Described(getattr(b, "backend", self.block), b.version(), c.params(self.block), self.extra(c))

    def key(self, input_keys: Mapping[str, str], d: Described) -> str:
        return StageCache.key(self.name, self.version, {k: input_keys[k] for k in self.inputs}, d.version, d.params,
                              list(d.extra))


@dataclass(frozen=True)
class Task:
    """One unit an executor runs: a step at a key, the share of a clip's files, or a pair's publish."""

    id: int
    step: str
    key: str
    recipe: int  # index of the (first) recipe whose context it runs in
    inputs: tuple[tuple[str, str], ...]  # (step, key) of every artefact it reads
    deps: tuple[int, ...]  # ids of the tasks it waits for
    language: str = ""  # "" for clip-scope work (what progress events show)
    gpu: bool = False  # its backend runs on a GPU (a Ray executor sends it to a worker holding one)


@dataclass
class Plan:
    """The tasks of one clip over its recipes; ``errors``: recipes that could not be planned."""

    clip: Clip
    tasks: list[Task]
    chains: dict[int, list[int]]  # recipe -> its task ids in order, ending with its publish task
    errors: dict[int, tuple[str, BaseException]]  # recipe -> (step, why)

    @property
    def extract(self) -> Optional[Task]:
        return next((t for t in self.tasks if t.step == "extract"), None)


def on_gpu(params: Any) -> bool:
    """Whether recorded parameters put a backend on a GPU (a ``device`` of cuda, at any depth)."""
    if isinstance(params, dict):
        return any((k == "device" and str(v).startswith("cuda")) or on_gpu(v) for k, v in params.items())
    if isinstance(params, (list, tuple)):
        return any(on_gpu(v) for v in params)
    return False


def plan(graph: tuple[Step, ...], clip: Clip, recipes: list[Recipe], seed: Optional[int], resources: Resources,
         share_after: tuple[str, ...], checks: tuple[Step, ...] = ()) -> Plan:
    """Derive every key of ``clip`` under each recipe; one task per distinct (step, key).

    ``share_after``: the steps whose artefacts the clip's shared files come from (one share
    task per distinct combination of their keys). ``checks``: steps that measure the published
    pair (QC); keyed here like the others, run by the publish task.
    """
    tasks: list[Task] = []
    by_key: dict[tuple[str, str], Task] = {}
    chains: dict[int, list[int]] = {}
    errors: dict[int, tuple[str, BaseException]] = {}

    def add(step: str, key: str, r: int, inputs: dict[str, str], language: str, gpu: bool = False) -> Task:
        if (step, key) not in by_key:
            # a check's key (run by the publish task itself) is no task to wait for
            deps = tuple(by_key[(s, k)].id for s, k in inputs.items() if (s, k) in by_key)
            by_key[(step, key)] = Task(len(tasks), step, key, r, tuple(inputs.items()), deps, language, gpu)
            tasks.append(by_key[(step, key)])
        return by_key[(step, key)]

    for r, recipe in enumerate(recipes):
        ctx = StepContext(clip, recipe, recipe.seed if seed is None else seed, resources)
        keys: dict[str, str] = {}
        chain: list[int] = []
        step = graph[0]
        try:
            for step in graph + checks:
                d = step.describe(ctx)
                keys[step.name] = step.key(keys, d)
                if step in checks:
                    continue
                inputs = {s: keys[s] for s in step.inputs}
                language = recipe.language if step.scope == "language" else ""
                chain.append(add(step.name, keys[step.name], r, inputs, language, on_gpu((d.params, d.extra))).id)
                if step.name == share_after[-1]:
                    shared = {s: keys[s] for s in share_after}
                    keys[SHARE] = StageCache.key(SHARE, shared)
                    chain.append(add(SHARE, keys[SHARE], r, shared, "").id)
        except Exception as e:  # a backend that cannot be built for this recipe: that recipe fails
            errors[r] = (step.name, e)
            continue
        chain.append(add(PUBLISH, f"{r}", r, dict(keys), recipe.language).id)
        chains[r] = chain
    return Plan(clip, tasks, chains, errors)
