"""Recipes: one YAML per target language, validated once.

A stage block (asr, speakers, translate, tts, voice, loudness, separation) is ``backend:`` plus
that backend's own options, validated against the backend's ``Options`` model (the only place
an option's default and range live). Unknown keys are errors; the error names the recipe file,
the dotted field and, for a stage block, the backend.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal, Optional

import yaml
from pydantic import (BaseModel, ConfigDict, Field, SerializeAsAny, ValidationError, create_model, field_validator,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .errors import RecipeError
from .registry import registries

# ISO 639-1 codes dubgen knows; Whisper, Apertium and espeak-ng each cover a subset.
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "ca": "Catalan",
    "gl": "Galician",
    "pt": "Portuguese",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "eo": "Esperanto",
}


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StageBlock(_Block):
    """A stage's recipe block: ``backend`` and that backend's options (see :func:`stage_block`)."""

    stage: ClassVar[str] = ""
    backend: str

    def kwargs(self) -> dict[str, Any]:
        """The backend's options as plain kwargs for its constructor (without ``backend``)."""
        return self.model_dump(exclude={"backend"})

    def __reduce__(self) -> tuple[Any, ...]:
        # Block classes are made per backend at run time: pickle (for worker processes) by value.
        return stage_block, (self.stage, self.model_dump())


#: Recipe blocks that choose a backend, in the order the stages run.
STAGE_BLOCKS = ("asr", "align", "speakers", "separation", "translate", "tts", "voice", "loudness")


@lru_cache(maxsize=None)
def block_model(stage: str, backend: str) -> type[StageBlock]:
    """The block model of one backend: ``backend`` plus the fields of its ``Options``."""
    options = registries()[stage].options(backend)
    model: type[StageBlock] = create_model(  # type: ignore[call-overload]
        f"{stage}:{backend}", __base__=(StageBlock, options), __doc__=options.__doc__,
        backend=(Literal[backend], backend),  # type: ignore[valid-type]
    )
    model.stage = stage
    return model


def stage_block(stage: str, data: Any = None) -> StageBlock:
    """Validate one stage block (a mapping; no ``backend`` = the stage's default backend)."""
    block, errors = _validate_block(stage, data)
    if errors:
        raise ValidationError.from_exception_data("Recipe", errors)
    assert block is not None
    return block


def _validate_block(stage: str, data: Any) -> tuple[Optional[StageBlock], list[InitErrorDetails]]:
    if isinstance(data, StageBlock):
        return data, []
    data = dict(data or {})
    reg = registries()[stage]
    name = data.setdefault("backend", reg.default)
    if not isinstance(name, str) or name not in reg.names():
        return None, [InitErrorDetails(
            type=PydanticCustomError("unknown_backend", "unknown backend {name}; choose one of: {names}",
                                     {"name": repr(name), "names": ", ".join(reg.names())}),
            loc=(stage, "backend"), input=name)]
    try:
        return block_model(stage, name).model_validate(data), []
    except ValidationError as e:
        return None, [_relocate(stage, name, err) for err in e.errors()]


def _relocate(stage: str, backend: str, err: Any) -> InitErrorDetails:
    """A block's error with the stage in front of its location; unknown fields name the backend."""
    loc = (stage, *err["loc"])
    if err["type"] == "extra_forbidden":
        return InitErrorDetails(type=PydanticCustomError("unknown_field", "unknown field for backend {backend}",
                                                         {"backend": backend}), loc=loc, input=err["input"])
    return _details(err, loc)


def _details(err: Any, loc: tuple[Any, ...]) -> InitErrorDetails:
    """A reported pydantic error as details to raise again (at ``loc``)."""
    details = InitErrorDetails(type=err["type"], loc=loc, input=err["input"])
    if "ctx" in err:
        details["ctx"] = err["ctx"]
    return details


def _default_block(stage: str) -> Any:
    return Field(default_factory=lambda: stage_block(stage), description=f"{stage} backend and its options")


class TimingConfig(_Block):
    min_stretch: float = Field(0.8, gt=0.3, le=1.0, description="slowest time-stretch ratio")
    max_stretch: float = Field(1.25, ge=1.0, lt=3.0, description="fastest time-stretch ratio")
    min_rate: float = Field(130.0, ge=60.0, le=400.0, description="slowest speaking rate, words/min")
    max_rate: float = Field(230.0, ge=60.0, le=500.0, description="fastest speaking rate, words/min")
    borrow_s: float = Field(0.3, ge=0.0, le=3.0, description=(
        "max seconds taken from each neighbouring gap (at most qc.max_timing_error_ms: a phrase that "
        "fills its slot starts and ends borrow_s off its source)"))
    min_pause_s: float = Field(0.1, ge=0.0, le=2.0, description="pause kept between two dubbed phrases")

    @model_validator(mode="after")
    def _order(self) -> "TimingConfig":
        if self.min_rate > self.max_rate:
            raise ValueError("min_rate must not exceed max_rate")
        return self


class MixConfig(_Block):
    audio_codec: Literal["aac", "pcm_s16le", "flac", "libopus"] = "aac"
    audio_bitrate: str = Field("192k", description="encoder bit rate: digits with an optional k or M, e.g. 192k")
    keep_original_track: bool = False
    true_peak_db: float = Field(-1.0, ge=-12.0, le=0.0, description="ceiling of the mix's true-peak limiter, dBTP")
    min_speech_to_background_db: Optional[float] = Field(
        15.0, ge=0.0, le=40.0, description="per phrase, the dub speech at least this far above the background in 1-4 kHz: "
                                           "the background under it is lowered by the difference (null: never)")
    max_duck_db: float = Field(9.0, ge=0.0, le=24.0, description="most the background is lowered under a phrase, dB")

    @field_validator("audio_bitrate")
    @classmethod
    def _bitrate(cls, v: str) -> str:
        # it becomes an ffmpeg argument: a number only, never something ffmpeg could read as options
        if not re.fullmatch(r"\d+(\.\d+)?[kM]?", v):
            raise ValueError(f"{v!r} is not a bit rate (digits with an optional k or M, e.g. 192k)")
        return v


class QCConfig(_Block):
    """Quality gates; ``None`` disables a gate (metrics: :mod:`dubgen.qc`, README there).

    Defaults are the language-independent gates, set from the measured distribution over the
    18 pairs of shared/media × es/ca/gl (worst good value → threshold): no synthesised speech
    lost (0 s), no clipping (max -1.05 dBTP → -0.5), container intact, loudness match
    (|ΔLU| ≤ 0.59 → 1.5), stretch within the planner's 1.25 (→ 1.3), overrun (≤ 0.41 s → 1.0),
    timing (mean |error| ≤ 208 ms → 300), F0 (≤ 1.15 st → 2.0), EQ (spectrum distance ≤ 5.5 dB,
    4.9-11.9 dB before EQ → 7.0), untouched pauses (SI-SDR 60 dB = identical → 30), leakage
    (≤ 0.13 of the source words heard in the background → 0.5). Intelligibility depends on the
    language's TTS and lives in each recipe's ``qc:`` block. Every gate fails a known-bad input
    (tests/test_qc_gates.py); a figure that cannot separate good from bad (speaker similarity,
    Catalan CER, the CER a stage adds) is reported with its gate off.
    """

    enabled: bool = True
    max_wer: Optional[float] = Field(None, ge=0.0)
    max_cer: Optional[float] = Field(None, ge=0.0)
    min_speaker_sim: Optional[float] = Field(None, ge=-1.0, le=1.0)
    max_lufs_diff: Optional[float] = Field(1.5, ge=0.0)
    max_stretch: Optional[float] = Field(1.3, ge=1.0)
    max_timing_error_ms: Optional[float] = Field(300.0, ge=0.0)
    max_overrun_s: Optional[float] = Field(1.0, ge=0.0)
    max_speech_dropped_s: Optional[float] = Field(0.0, ge=0.0, description="speech lost between synthesis and the mix")
    max_true_peak_db: Optional[float] = Field(-0.5, description="true peak of the dubbed mix, dBTP")
    max_leak_recall: Optional[float] = Field(0.5, ge=0.0, le=1.0, description="share of source words back-ASR finds in the background")
    min_bg_sisdr_db: Optional[float] = Field(30.0, description="SI-SDR of the remix vs the original where nobody speaks")
    max_spectrum_distance_db: Optional[float] = Field(7.0, ge=0.0, description="long-term 1/3-octave spectrum shape, dub vs source speech")
    max_f0_error_st: Optional[float] = Field(2.0, ge=0.0, description="dub F0 median vs the speaker's, semitones")
    max_residual_speech_db: Optional[float] = Field(
        -30.0, le=0.0, description="original speech left in the dubbed mix, dB vs the mix (needs a clean reference)")
    max_residual_speech_est_db: Optional[float] = Field(
        -30.0, le=0.0, description="estimate without a reference: background projected on the separated speech, dB vs the mix")
    max_stage_cer_cost: Optional[float] = Field(
        None, ge=0.0, description="largest back-ASR CER a stage after TTS (voice, loudness/EQ, mix) may add; "
        "off by default: one Whisper base pass moves an unchanged dub's CER by up to ~0.14")
    require_container: bool = Field(True, description="video bit-exact, audio sample-exact, language tag present")


class Recipe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    language: str = Field(description="target language (ISO 639-1)")
    source_language: Optional[str] = Field(None, description="source language; detected when unset")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="random seed, 0..2**32-1")
    asr: SerializeAsAny[StageBlock] = _default_block("asr")
    align: SerializeAsAny[StageBlock] = _default_block("align")
    speakers: SerializeAsAny[StageBlock] = _default_block("speakers")
    translate: SerializeAsAny[StageBlock] = _default_block("translate")
    timing: TimingConfig = TimingConfig()
    tts: SerializeAsAny[StageBlock] = _default_block("tts")
    voice: SerializeAsAny[StageBlock] = _default_block("voice")
    loudness: SerializeAsAny[StageBlock] = _default_block("loudness")
    separation: SerializeAsAny[StageBlock] = _default_block("separation")
    mix: MixConfig = MixConfig()
    qc: QCConfig = QCConfig()
    notes: str = ""

    @model_validator(mode="before")
    @classmethod
    def _stage_blocks(cls, data: Any) -> Any:
        """Validate each stage block against the options of the backend it names."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        errors: list[InitErrorDetails] = []
        for stage in STAGE_BLOCKS:
            value = data.get(stage)
            if value is not None and not isinstance(value, (dict, StageBlock)):
                continue  # not a mapping: the field's own type error says so
            block, errs = _validate_block(stage, value)
            data[stage], errors = block, errors + errs
        if errors:  # report the other fields' errors too, in one message
            try:
                cls.model_validate({k: v for k, v in data.items() if k not in STAGE_BLOCKS})
            except ValidationError as e:
                errors += [_details(err, err["loc"]) for err in e.errors()]
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return data

    @model_validator(mode="after")
    def _plan_within_gate(self) -> "Recipe":
        gate = self.qc.max_timing_error_ms
        if self.qc.enabled and gate is not None and self.timing.borrow_s * 1000.0 > gate:
            raise ValueError(f"timing.borrow_s {self.timing.borrow_s:g} s lets a phrase start and end "
                             f"{self.timing.borrow_s * 1000:.0f} ms off its source, more than qc.max_timing_error_ms "
                             f"{gate:g}: every phrase that fills its slot would fail QC; lower one or raise the other")
        return self

    @field_validator("name")
    @classmethod
    def _safe_name(cls, v: str) -> str:
        # the name becomes a folder under OUT/<clip_id>/: keep it a plain file name
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", v):
            raise ValueError(f"{v!r} must be 1-64 letters, digits, '_', '.', '-' (it names an output folder)")
        return v

    @field_validator("language", "source_language")
    @classmethod
    def _known_language(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in LANGUAGES:
            raise ValueError(f"unknown language {v!r}; known: {', '.join(sorted(LANGUAGES))}")
        return v


def recipe_schema() -> dict[str, Any]:
    """JSON Schema of a recipe file: each stage block is one of its backends' blocks (``backend``
    is required except for the stage's default backend)."""
    schema = Recipe.model_json_schema()
    defs = schema.setdefault("$defs", {})
    for stage in STAGE_BLOCKS:
        reg = registries()[stage]
        variants = []
        for name in reg.names():
            block = block_model(stage, name).model_json_schema()
            defs.update(block.pop("$defs", {}))
            block["required"] = sorted(set(block.get("required", [])) | ({"backend"} if name != reg.default else set()))
            variants.append(block)
        schema["properties"][stage] = {"description": f"{stage} backend (default {reg.default}) and its options",
                                       "oneOf": variants}
    defs.pop("StageBlock", None)
    return schema


def _format_errors(path: Path, err: ValidationError) -> str:
    lines = [f"{path}: invalid recipe"]
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = "unknown field" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"  {field}: {msg}")
    return "\n".join(lines)


def parse_recipe(data: Any, path: Path | str = "<recipe>") -> Recipe:
    path = Path(path)
    if not isinstance(data, dict):
        raise RecipeError(f"{path}: a recipe is a YAML mapping, got {type(data).__name__}")
    data = dict(data)
    data.setdefault("name", path.stem)
    try:
        recipe = Recipe.model_validate(data)
    except ValidationError as e:
        raise RecipeError(_format_errors(path, e)) from None
    _check_models(recipe, path)
    return recipe


def _duplicate_key(node: yaml.Node, path: tuple[str, ...] = ()) -> Optional[str]:
    """The first key given twice in one mapping, as ``dotted.field: ...`` (YAML would keep the last)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
            line = k.start_mark.line + 1
            if key in seen:
                return f"{'.'.join(path + (key,))}: key given twice (lines {seen[key]} and {line})"
            seen[key] = line
            found = _duplicate_key(v, path + (key,))
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            found = _duplicate_key(v, path + (str(i),))
            if found:
                return found
    return None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely; every fault is one :class:`RecipeError` line naming the file."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise RecipeError(f"{path}: cannot read recipe ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise RecipeError(f"{path}: not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start}); "
                          "save the recipe as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        duplicate = _duplicate_key(node) if node is not None else None
        if duplicate:
            raise RecipeError(f"{path}: {duplicate}")
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise RecipeError(f"{path}: not valid YAML: {e.problem}{where}") from None
    except yaml.YAMLError as e:
        raise RecipeError(f"{path}: not valid YAML: {' '.join(str(e).split())}") from None


def load_recipe(path: Path | str) -> Recipe:
    """Read and validate a recipe file; a bare name (``es``) looks in the bundled recipes."""
    path = Path(path)
    if not path.exists() and not path.suffix and (bundled_recipe_dir() / f"{path}.yaml").exists():
        path = bundled_recipe_dir() / f"{path}.yaml"
    return parse_recipe(read_yaml(path), path)


def _check_models(recipe: Recipe, path: Path) -> None:
    """Every model the recipe names is here (catalog name pulled, bundled, or an existing path)."""
    from .models_catalog import missing_models, pull_command

    missing = missing_models(recipe)
    if missing:
        names = [m.pull for m in missing if m.pull]
        tail = [f"  all at once: `{pull_command(*names)}`"] if len(names) > 1 else []
        raise RecipeError("\n".join([f"{path}: models missing"] + [f"  {m.field}: {m.message}" for m in missing] + tail))


def bundled_recipe_dir() -> Path:
    """Recipes shipped with the package (a checkout's ``recipes/`` folder)."""
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "recipes", here / "recipes"):
        if cand.is_dir():
            return cand
    return here.parent / "recipes"
