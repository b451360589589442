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


class SpeakersConfig(_Block):
    backend: str = "resemblyzer"  # exact speaker count on 13 of 14 clips vs 11 for dsp (bench/speakers.py)
    threshold: Optional[float] = Field(
        None, gt=0.0, lt=1.0, description="cosine similarity to merge speakers; None = the backend's own calibrated default"
    )
    max_speakers: int = Field(8, ge=1, le=64)
    min_segment_s: float = Field(1.0, ge=0.0, description="shorter segments take their neighbour's label")
    min_speaker_s: Optional[float] = Field(
        None, ge=0.0, description="speech a speaker needs to stand alone next to an established one; None = backend default"
    )
    merge_similarity: Optional[float] = Field(
        None, gt=-1.0, lt=1.0, description="similarity at which a small speaker joins an established one; None = backend default"
    )
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
    """Options unset here take the backend's own default and range (``Options`` of the voice
    backend, dubgen/stages/voice.py): one source of truth, checked when the recipe is read."""

    backend: str = "praat"
    pitch_range_factor: Optional[float] = None
    max_formant_shift: Optional[float] = None
    strengths: Optional[tuple[float, ...]] = None
    model: Optional[str] = None
    device: str = "cpu"

    def kwargs(self) -> dict[str, Any]:
        return self.model_dump(exclude={"backend"}, exclude_none=True)

    @model_validator(mode="after")
    def _backend_options(self) -> "VoiceConfig":
        if not set(self.kwargs()) - {"device"}:
            return self  # nothing set: the backend's defaults hold (and dubgen.config stays light to import)
        from .stages import registries

        reg = registries()["voice"]
        if self.backend in reg.names():  # an unknown backend is reported by name elsewhere
            options = getattr(reg.get(self.backend), "Options", None)
            if options is not None:
                try:
                    options(**self.kwargs())
                except ValidationError as e:
                    raise ValueError("; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())) from None
        return self


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


class MixConfig(_Block):
    audio_codec: Literal["aac", "pcm_s16le", "flac", "libopus"] = "aac"
    audio_bitrate: str = "192k"
    keep_original_track: bool = False


class QCConfig(_Block):
    """Quality gates; ``None`` disables a gate (metrics: :mod:`dubgen.qc`, README there).

    Defaults are the language-independent gates, set from the measured distribution over the
    18 pairs of shared/media × es/ca/gl (worst good value → threshold): no synthesised speech
    lost (0 s), no clipping (max -1.05 dBTP → -0.5), container intact, loudness match
    (|ΔLU| ≤ 0.59 → 1.5), stretch within the planner's 1.25 (→ 1.3), overrun (≤ 0.41 s → 1.0),
    timing (mean |error| ≤ 208 ms → 300), F0 (≤ 1.15 st → 2.0), EQ (spectrum distance ≤ 5.5 dB,
    4.9-11.9 dB before EQ → 7.0), untouched pauses (SI-SDR 60 dB = identical → 30), leakage
    (≤ 0.13 of the source words heard in the background → 0.5). Intelligibility depends on the
    language's TTS and lives in each recipe's ``qc:`` block.
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
    require_container: bool = Field(True, description="video bit-exact, audio sample-exact, language tag present")


class Recipe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    language: str = Field(description="target language (ISO 639-1)")
    source_language: Optional[str] = Field(None, description="source language; detected when unset")
    seed: int = 0
    asr: ASRConfig = ASRConfig()
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
    return recipe


def load_recipe(path: Path | str) -> Recipe:
    """Read and validate a recipe file; a bare name (``es``) looks in the bundled recipes."""
    path = Path(path)
    if not path.exists() and not path.suffix and (bundled_recipe_dir() / f"{path}.yaml").exists():
        path = bundled_recipe_dir() / f"{path}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RecipeError(f"{path}: cannot read recipe ({e.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise RecipeError(f"{path}: not valid YAML: {e}") from None
    return parse_recipe(data, path)


def _check_backends(recipe: Recipe, path: Path) -> None:
    from .stages import registries

    for block, reg in registries().items():
        name = getattr(recipe, block).backend
        if name not in reg.names():
            raise RecipeError(
                f"{path}: {block}.backend: unknown backend {name!r}; choose one of: {', '.join(reg.names())}"
            )


def bundled_recipe_dir() -> Path:
    """Recipes shipped with the package (a checkout's ``recipes/`` folder)."""
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "recipes", here / "recipes"):
        if cand.is_dir():
            return cand
    return here.parent / "recipes"
