"""The dubbing pipeline for one clip: the declared graph of :mod:`dubgen.steps`, run in-process.

extract → asr → align → separation → speakers → profiles (shared by all recipes with the same
settings) → translate → synthesize → voice → loudness → remix/mux → publish + qc (per recipe).

Every key comes from :func:`dubgen.graph.plan`; each task is cached by content (see
:mod:`dubgen.cache`), so it is idempotent wherever it runs. The runner passes ``StageEvent``s
to an optional hook instead of printing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from . import __version__, media
from .cache import Entry, StageCache
from .config import Recipe
from .errors import DubgenError, OutputError, StageError, output_fault
from .graph import PUBLISH, SHARE, Clip, Plan, StepContext, Task, plan
from .io import copy_file, sha256_file, write_json, write_text
from .manifest import DubSegment, FailureRecord, PairRecord, SpeakerInfo, StageRecord, is_text_path
from .resources import Resources
from .runtime import release_free_memory
from .steps import CHECKS, GRAPH, SHARED, STEPS, dub_frames, placements, segments, slots, source_language
from .subtitles import to_srt

SHARED_STAGES = tuple(s.name for s in GRAPH if s.scope == "clip")
LANGUAGE_STAGES = tuple(s.name for s in GRAPH + CHECKS if s.scope == "language")
STAGES = SHARED_STAGES + LANGUAGE_STAGES
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
#: What a task may fail with and still leave the batch going (anything else is a bug and propagates).
TASK_ERRORS = (DubgenError, OSError, RuntimeError, ValueError)


@dataclass(frozen=True)
class StageEvent:
    clip_id: str
    stage: str
    status: str  # "start" | "done" | "cached" | "failed"
    language: str = ""
    seconds: float = 0.0
    message: str = ""


Hook = Callable[[StageEvent], None]


def clip_id_for(path: Path, sha: str) -> str:
    stem = _UNSAFE.sub("_", Path(path).stem).strip("._") or "clip"
    return f"{stem[:48]}-{sha[:8]}"


@dataclass
class ClipPipeline:
    """Probes, plans and runs the tasks of one input file with one or more recipes.

    ``run`` does it all in this process; executors that spread tasks call ``probe``, ``plan``
    and ``execute`` themselves and follow progress with a :class:`ClipRun`.
    """

    out: Path
    resources: Resources
    hook: Optional[Hook] = None
    seed: Optional[int] = None
    audio_track: Optional[int] = None  # audio stream to dub (0-based); None: the default-disposition one

    def __post_init__(self) -> None:
        self.out = Path(self.out).resolve()
        self.cache = StageCache(self.out)

    # -- entry point ------------------------------------------------------------------------
    def run(self, path: Path, recipes: list[Recipe]) -> tuple[list[PairRecord], list[FailureRecord]]:
        """Dub one input with each recipe: (pairs, failures); a bad input or recipe never raises.

        Raises :class:`OutputError` when the output folder cannot take files (full, read-only).
        """
        try:
            clip = self.probe(path, recipes)
        except OutputError:
            raise
        except TASK_ERRORS as e:
            return [], [probe_failure(path, e, self.out)]
        state = ClipRun(path, self.plan(clip, recipes), recipes)
        for task in state.plan.tasks:  # planned in dependency order
            if state.blocked(task):
                continue
            try:
                state.finish(task, self.execute(clip, recipes, task, state.log(task)))
            except OutputError:
                raise
            except TASK_ERRORS as e:
                state.fail(task, e)
        return state.outcome()

    def probe(self, path: Path, recipes: list[Recipe]) -> Clip:
        """What ffprobe says of ``path``, its content hash and the working rate of these recipes."""
        info = media.probe(Path(path), self.audio_track)
        sha = sha256_file(Path(path))
        rate = media.working_rate(info.sample_rate, [r.mix.audio_codec for r in recipes])
        return Clip(os.fsdecode(path), clip_id_for(Path(path), sha), sha, info, rate)

    def plan(self, clip: Clip, recipes: list[Recipe]) -> Plan:
        return plan(GRAPH, clip, recipes, self.seed, self.resources, SHARED, CHECKS)

    def context(self, clip: Clip, recipe: Recipe, inputs: dict[str, Entry]) -> StepContext:
        return StepContext(clip, recipe, recipe.seed if self.seed is None else self.seed, self.resources, inputs,
                           {"out": self.out})

    def execute(self, clip: Clip, recipes: list[Recipe], task: Task, log: list[StageRecord]) -> Any:
        """Run one task: a step's :class:`StageRecord`, ``None`` for a share, the pair for a publish.

        Raises :class:`OutputError` when the output folder cannot take files.
        """
        try:
            inputs = {}
            for step, key in task.inputs:
                if step in STEPS and STEPS[step] not in CHECKS:
                    inputs[step] = self.cache.get(step, key)
                    if inputs[step] is None:  # removed since, or on another node's disk
                        raise StageError(task.step, clip.clip_id, f"the {step} result {key} is not in {self.cache.root}")
            ctx = self.context(clip, recipes[task.recipe], inputs)
            if task.step == SHARE:
                return self._share(ctx)
            if task.step == PUBLISH:
                return self._publish(ctx, dict(task.inputs), log)
            return self._step(ctx, task.step, task.key, task.language)
        except Exception as e:
            fault = output_fault(e, self.out)
            if fault is not None:
                raise fault from None
            raise

    # -- one step -------------------------------------------------------------------------
    def _emit(self, clip_id: str, stage: str, status: str, language: str = "", seconds: float = 0.0, message: str = "") -> None:
        if self.hook is not None:
            self.hook(StageEvent(clip_id, stage, status, language, seconds, message))

    def _step(self, ctx: StepContext, name: str, key: str, language: str) -> StageRecord:
        """The cached entry of step ``name`` at ``key``, or build it; its StageRecord either way."""
        step, clip_id = STEPS[name], ctx.clip.clip_id
        d = step.describe(ctx)
        entry = self.cache.get(name, key)
        if entry is not None:
            self._emit(clip_id, name, "cached", language)
            ctx.inputs[name] = entry
            return StageRecord(name=name, backend=d.backend, version=d.version, params=d.params,
                               seconds=float(entry.meta.get("seconds", 0.0)), cached=True)
        self._emit(clip_id, name, "start", language)
        t0 = time.perf_counter()

        def build(e: Entry) -> None:
            step.run(ctx, e)
            e.meta["seconds"] = round(time.perf_counter() - t0, 4)

        try:
            entry = self.cache.put(name, key, build, {"stage": name, "backend": d.backend, "version": d.version})
        except DubgenError:
            self._emit(clip_id, name, "failed", language)
            raise
        except Exception as e:  # a backend's own exception: wrap it with stage and clip
            if output_fault(e, self.out) is not None:
                raise
            self._emit(clip_id, name, "failed", language, message=str(e))
            raise StageError(name, clip_id, f"{type(e).__name__}: {e}") from e
        release_free_memory()
        seconds = float(entry.meta["seconds"])
        self._emit(clip_id, name, "done", language, seconds)
        ctx.inputs[name] = entry
        return StageRecord(name=name, backend=d.backend, version=d.version, params=d.params, seconds=seconds)

    # -- publishing -------------------------------------------------------------------------
    def _share(self, c: StepContext) -> None:
        """The clip's files every recipe shares: source, background, separated speech, transcript."""
        d = self.out / c.clip.clip_id
        for step, src, name in (("extract", "source.wav", "source.wav"), ("separation", "background.wav", "background.wav"),
                                ("separation", "speech.wav", "speech_source.wav")):
            _link(c[step].file(src), d / name)
        al = c["align"].data
        segs = [dict(s, speaker=lab) for s, lab in zip(al["segments"], c["speakers"].data["labels"])]
        write_json(d / "transcript.json", {"language": al["language"], "speech": al["speech"], "segments": segs,
                                           "unaligned": al["unaligned"]})
        write_text(d / "source.srt", to_srt([(s["start"], s["end"], s["text"]) for s in segs]))

    def _publish(self, c: StepContext, keys: dict[str, str], log: list[StageRecord]) -> PairRecord:
        """Publish the pair's files and its record, then measure it (qc) and apply the recipe's gates.

        A pair failing its gates is kept, marked ``qc.pass = false`` with the reasons.
        """
        clip, recipe, lang = c.clip, c.recipe, c.language
        d = self.out / clip.clip_id / recipe.name
        mix = c["remix"]
        for name in ("dubbed.wav", "speech.wav", "tts.wav", "voice.wav", "dubbed.mp4"):
            if mix.file(name).exists():
                _link(mix.file(name), d / name)
        segs, texts, plan_ = segments(c), c["translate"].data["texts"], c["synthesize"].data["plan"]
        kept = c["translate"].data["untranslated"] or [None] * len(segs)
        lent = c["translate"].data["lent"] or [None] * len(segs)
        slots_, placed = slots(c, segs), placements(c, segs, dub_frames(c))
        dub_segments = tuple(
            DubSegment(
                id=s.id, speaker=s.speaker, source_text=s.text, text=texts[i],
                source_start=s.start, source_end=s.end, slot_start=round(slots_[i].slot_start, 4),
                slot_end=round(slots_[i].slot_end, 4), dub_start=placed[i].start, dub_end=placed[i].end,
                tts_rate=plan_[i]["rate"], stretch=plan_[i]["stretch"], overrun=placed[i].overrun,
                voice=plan_[i]["voice"], tts_backend=plan_[i]["backend"], tts_fallback=plan_[i]["fallback_reason"],
                band_extended_from_hz=plan_[i]["extended_from_hz"], tts_text=plan_[i]["spoken"], untranslated=kept[i], lent=lent[i],
                background_duck_db=mix.data["duck_db"][i],
            )
            for i, s in enumerate(segs)
        )
        write_text(d / f"subtitles.{lang}.srt", to_srt([(x.dub_start, x.dub_end, x.text) for x in dub_segments]))
        write_json(d / "plan.json", {"segments": [x.model_dump() for x in dub_segments],
                                     "loudness": c["loudness"].data["figures"], "cut_s": mix.data["cut_s"]})
        rel = lambda p: os.path.relpath(p, self.out)  # noqa: E731
        profiles, voices = c["profiles"].data["profiles"], c["synthesize"].data["voices"]
        speaker_info = tuple(
            SpeakerInfo(id=k, seconds=round(sum(s.end - s.start for s in segs if s.speaker == k), 3),
                        f0_median=profiles[k]["f0_median"], f0_range=profiles[k]["f0_range"], voice=voices[k],
                        conversion=c["voice"].data["conversion"][k])  # validated as VoiceConversion
            for k in dict.fromkeys(s.speaker for s in segs)
        )
        ext, path = c["extract"], Path(clip.path)
        record = PairRecord(
            clip_id=clip.clip_id, language=lang, source_language=source_language(c),
            original_video=rel(path.resolve()),
            dubbed_video=rel(d / "dubbed.mp4") if clip.info.has_video else "",
            dubbed_audio=rel(d / "dubbed.wav"), speech_audio=rel(d / "speech.wav"),
            background_audio=rel(self.out / clip.clip_id / "background.wav"),
            source_audio=rel(self.out / clip.clip_id / "source.wav"), tts_audio=rel(d / "tts.wav"),
            subtitles_source=rel(self.out / clip.clip_id / "source.srt"), subtitles_target=rel(d / f"subtitles.{lang}.srt"),
            duration=float(ext.data["duration"]), sample_rate=int(ext.data["sample_rate"]),
            channels=int(ext.data["channels"]), audio_track=clip.info.audio_track, segments=dub_segments,
            speakers=speaker_info, stages=tuple(log), seed=c.seed, recipe=recipe.name, dubgen_version=__version__,
        )
        record = self._original_link(path, record)
        if recipe.qc.enabled:
            from .qc import gate_pair

            c.extra["record"] = record
            log = [*log, *(self._step(c, s.name, keys[s.name], lang) for s in CHECKS)]
            # canonical key order, so a fresh and a cached run write the same bytes
            verdict = json.loads(json.dumps(gate_pair(c["qc"].data["measured"], recipe.qc), sort_keys=True))
            record = record.model_copy(update={"qc": verdict, "stages": tuple(log)})
        return record

    def _original_link(self, path: Path, pair: PairRecord) -> PairRecord:
        """A name that is not valid UTF-8 cannot be JSON text: record a link ``<clip>/original<ext>`` to it."""
        if is_text_path(pair.original_video):
            return pair
        link = self.out / pair.clip_id / ("original" + _UNSAFE.sub("_", path.suffix))
        if not (link.is_symlink() and os.readlink(link) == os.path.abspath(path)):
            tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(os.path.abspath(path), tmp)
            os.replace(tmp, link)
        return pair.model_copy(update={"original_video": os.path.relpath(link, self.out)})


@dataclass
class ClipRun:
    """Where one clip's tasks stand: which may start, which failed (and took their dependents
    with them), and the pairs and failures once every task is settled."""

    path: Path
    plan: Plan
    recipes: list[Recipe]
    results: dict[int, Any] = field(default_factory=dict)
    failed: dict[int, tuple[Task, BaseException]] = field(default_factory=dict)  # task id -> (the task that failed, why)
    started: set[int] = field(default_factory=set)

    def blocked(self, task: Task) -> bool:
        """Whether ``task`` cannot run (a dependency failed); it is marked failed with that cause."""
        cause = next((self.failed[d] for d in task.deps if d in self.failed), None)
        if cause is not None:
            self.failed[task.id] = cause
        return cause is not None

    def ready(self) -> list[Task]:
        """Tasks whose dependencies are all done and that have not started (marks the blocked ones failed)."""
        out = []
        for t in self.plan.tasks:
            if t.id in self.started or t.id in self.results or t.id in self.failed or self.blocked(t):
                continue
            if all(d in self.results for d in t.deps):
                out.append(t)
        return out

    def start(self, task: Task) -> None:
        self.started.add(task.id)

    def finish(self, task: Task, result: Any) -> None:
        self.results[task.id] = result

    def fail(self, task: Task, error: BaseException) -> None:
        self.failed[task.id] = (task, error)
        for t in self.plan.tasks:  # dependents, in dependency order
            self.blocked(t)

    @property
    def settled(self) -> bool:
        return all(t.id in self.results or t.id in self.failed for t in self.plan.tasks)

    def log(self, task: Task) -> list[StageRecord]:
        """What a publish task records: the StageRecords of its recipe's steps, in order."""
        if task.step != PUBLISH:
            return []
        return [self.results[i] for i in self.plan.chains[task.recipe] if isinstance(self.results.get(i), StageRecord)]

    def outcome(self) -> tuple[list[PairRecord], list[FailureRecord]]:
        where = os.path.abspath(self.path)
        clip_id = self.plan.clip.clip_id
        extract = self.plan.extract
        if extract is not None and extract.id in self.failed:  # the clip failed before any recipe ran
            _, e = self.failed[extract.id]
            return [], [FailureRecord(input=where, clip_id=clip_id, stage=getattr(e, "stage", None) or "extract", error=str(e))]
        pairs, failures = [], []
        for r, recipe in enumerate(self.recipes):
            if r in self.plan.errors:
                stage, e = self.plan.errors[r]
            elif self.plan.chains[r][-1] in self.failed:
                task, e = self.failed[self.plan.chains[r][-1]]
                stage = getattr(e, "stage", None) or ("pipeline" if task.step in (SHARE, PUBLISH) else task.step)
            else:
                pairs.append(self.results[self.plan.chains[r][-1]])
                continue
            failures.append(FailureRecord(input=where, clip_id=clip_id, language=recipe.language, recipe=recipe.name,
                                          stage=stage, error=str(e)))
        return pairs, failures


def probe_failure(path: Path, e: BaseException, out: Path) -> FailureRecord:
    """The failure of an input that could not be probed (re-raises a fault of the output folder)."""
    _raise_if_output_fault(e, out)
    return FailureRecord(input=os.path.abspath(path), clip_id=_UNSAFE.sub("_", Path(path).stem) or "clip",
                         stage="probe", error=str(e))


def _raise_if_output_fault(e: BaseException, out: Path) -> None:
    """Re-raise a full or read-only file system as :class:`OutputError` (it is no clip's fault)."""
    fault = output_fault(e, out)
    if fault is not None:
        raise fault from None


def _link(src: Path, dst: Path) -> None:
    """Publish a cache file under the output tree as an independent copy (reflink where possible).

    Never a hard link: editing a published output must not change the cache. Every run copies
    again, so a rerun restores an output edited in place.
    """
    copy_file(src, dst)
