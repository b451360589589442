"""Recipes: one YAML per target language, validated once and turned into plain kwargs.

Every block names a ``backend`` (see the stage registries) and that backend's options.
Unknown keys are errors; the error names the recipe file and the dotted field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import RecipeError

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

    def kwargs(self) -> dict[str, Any]:
        """Options as plain kwargs for the backend factory (without ``backend``)."""
        return self.model_dump(exclude={"backend"})


class ASRConfig(_Block):
    backend: str = "faster-whisper"
    model: str = Field("base", description="'base' (bundled), 'tiny.en' (bundled) or a local model directory")
    device: str = "cpu"
    compute_type: str = "int8"
    beam_size: int = Field(5, ge=1, le=10)
    vad_min_silence_ms: int = Field(300, ge=50, le=5000)
    # Dubbable phrases: split at pauses and sentence ends, cap the length.
    split_pause_s: float = Field(0.3, ge=0.05, le=5.0)
    max_segment_s: float = Field(10.0, ge=1.0, le=60.0)
    min_segment_s: float = Field(0.6, ge=0.0, le=10.0)


class AlignConfig(_Block):
    """Forced alignment; every key besides ``backend`` is an option of that backend's ``Options``."""

    model_config = ConfigDict(extra="allow", frozen=True)
    backend: str = "asr-words"

    def _options(self) -> Optional[BaseModel]:
        from .stages.align import ALIGN

        if self.backend not in ALIGN.names():
            return None  # reported by _check_backends
        return ALIGN.get(self.backend).Options(**(self.model_extra or {}))

    @model_validator(mode="after")
    def _valid_options(self) -> "AlignConfig":
        try:
            self._options()
        except ValidationError as e:
            raise ValueError("; ".join(
                f"{'.'.join(map(str, x['loc']))}: {'unknown field' if x['type'] == 'extra_forbidden' else x['msg']}"
                for x in e.errors())) from None
        return self

    def kwargs(self) -> dict[str, Any]:
        opts = self._options()
        return opts.model_dump() if opts is not None else {}


class SpeakersConfig(_Block):
    backend: str = "dsp"
    threshold: Optional[float] = Field(
        None, gt=0.0, lt=1.0, description="cosine similarity to merge speakers; None = the backend's own calibrated default"
    )
    max_speakers: int = Field(8, ge=1, le=64)
    min_segment_s: float = Field(1.0, ge=0.0, description="shorter segments take their neighbour's label")
    model: Optional[str] = None
    device: str = "cpu"


class TranslateConfig(_Block):
    backend: str = "apertium"
    pair: Optional[str] = Field(None, description="apertium mode, e.g. eng-spa; derived from the languages if unset")
    model: Optional[str] = Field(None, description="local model directory for neural backends")
    device: str = "cpu"


class TimingConfig(_Block):
    min_stretch: float = Field(0.8, gt=0.3, le=1.0, description="slowest time-stretch ratio")
    max_stretch: float = Field(1.25, ge=1.0, lt=3.0, description="fastest time-stretch ratio")
    min_rate: float = Field(130.0, ge=60.0, le=400.0, description="slowest speaking rate, words/min")
    max_rate: float = Field(230.0, ge=60.0, le=500.0, description="fastest speaking rate, words/min")
    borrow_s: float = Field(0.4, ge=0.0, le=3.0, description="max seconds taken from each neighbouring gap")
    min_pause_s: float = Field(0.1, ge=0.0, le=2.0, description="pause kept between two dubbed phrases")

    @model_validator(mode="after")
    def _order(self) -> "TimingConfig":
        if self.min_rate > self.max_rate:
            raise ValueError("min_rate must not exceed max_rate")
        return self


class TTSConfig(_Block):
    backend: str = "espeak-ng"
    voice: Optional[str] = Field(None, description="backend voice; derived from the language if unset")
    rate: float = Field(165.0, ge=60.0, le=500.0, description="default speaking rate, words/min")
    model: Optional[str] = None
    device: str = "cpu"


class VoiceConfig(_Block):
    backend: str = "praat"
    pitch_range_factor: float = Field(1.0, ge=0.0, le=3.0)
    # Formant shifts beyond ~10 % cost intelligibility with espeak voices: back-ASR CER on the
    # bundled clips was 0.40 (no shift), 0.46 (≤1.1), 0.47 (≤1.25) averaged over es/ca.
    max_formant_shift: float = Field(1.1, ge=1.0, le=1.6)
    model: Optional[str] = None
    device: str = "cpu"


class LoudnessConfig(_Block):
    backend: str = "bs1770"
    eq: bool = True
    max_eq_db: float = Field(12.0, ge=0.0, le=24.0, description="largest EQ boost (dB)")
    max_eq_cut_db: float = Field(12.0, ge=0.0, le=40.0, description="largest EQ cut (dB); 24 matches band-limited channels fully")
    true_peak_db: float = Field(-1.0, le=0.0)


class SeparationConfig(_Block):
    backend: str = "dsp"
    model: Optional[str] = None
    device: str = "cpu"
    context_s: Optional[float] = Field(None, ge=0.0, le=10.0, description="spleeter: audio the model sees either side of a region (default 1 s)")

    def kwargs(self) -> dict[str, Any]:
        # backend-specific options are passed only when set (dsp/demucs do not take them)
        return {k: v for k, v in super().kwargs().items() if v is not None or k == "model"}


class MixConfig(_Block):
    audio_codec: Literal["aac", "pcm_s16le", "flac", "libopus"] = "aac"
    audio_bitrate: str = Field("192k", description="encoder bit rate: digits with an optional k or M, e.g. 192k")
    keep_original_track: bool = False

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
    asr: ASRConfig = ASRConfig()
    align: AlignConfig = AlignConfig()
    speakers: SpeakersConfig = SpeakersConfig()
    translate: TranslateConfig = TranslateConfig()
    timing: TimingConfig = TimingConfig()
    tts: TTSConfig = TTSConfig()
    voice: VoiceConfig = VoiceConfig()
    loudness: LoudnessConfig = LoudnessConfig()
    separation: SeparationConfig = SeparationConfig()
    mix: MixConfig = MixConfig()
    qc: QCConfig = QCConfig()
    notes: str = ""

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
    _check_backends(recipe, path)
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


def _check_backends(recipe: Recipe, path: Path) -> None:
    from .stages import registries

    for block, reg in registries().items():
        name = getattr(recipe, block).backend
        if name not in reg.names():
            raise RecipeError(
                f"{path}: {block}.backend: unknown backend {name!r}; choose one of: {', '.join(reg.names())}"
            )


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
