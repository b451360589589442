"""Records of the pair manifest (``pairs.jsonl``) and of failures (``failures.jsonl``).

One :class:`PairRecord` per (clip, target language). Paths are relative to the output
directory, so an output folder can be moved or shipped as a whole. The trainer reads the
same records through :func:`read_pairs`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

from .io import append_line

SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Word(_Record):
    text: str
    start: float = Field(description="seconds from clip start")
    end: float
    probability: float = 1.0


class SourceSegment(_Record):
    """One dubbable phrase of the source speech."""

    id: int
    start: float
    end: float
    text: str
    speaker: str = "S0"
    words: tuple[Word, ...] = ()


class DubSegment(_Record):
    """One translated phrase and where the dub placed it."""

    id: int
    speaker: str
    source_text: str
    text: str = Field(description="translation that was synthesised")
    source_start: float
    source_end: float
    slot_start: float = Field(description="window the plan allowed (gaps borrowed)")
    slot_end: float
    dub_start: float
    dub_end: float
    tts_rate: float = Field(description="synthesis speaking rate, words per minute")
    stretch: float = Field(description="time-stretch ratio applied after synthesis (>1 = faster)")
    overrun: float = Field(0.0, description="seconds the dub runs past its slot (never cut)")
    voice: str = ""


class StageRecord(_Record):
    name: str
    backend: str
    version: str
    params: dict[str, Any] = {}
    seconds: float = 0.0
    cached: bool = False


class VoiceConversion(_Record):
    """What the voice stage did to one speaker's dub, and the similarity that chose it."""

    backend: str
    applied: bool = Field(description="false: the TTS voice was kept (notes say why)")
    strength: float = Field(0.0, description="share of the way to the speaker (0 = TTS voice, 1 = full conversion)")
    formant_ratio: Optional[float] = None
    pitch_median: Optional[float] = Field(None, description="F0 median the dub was moved to, Hz")
    pitch_range_factor: Optional[float] = None
    similarity_tts: Optional[float] = Field(None, description="speaker similarity, TTS voice vs the source speaker")
    similarity: Optional[float] = Field(None, description="speaker similarity after conversion at the chosen strength")
    candidates: dict[str, Optional[float]] = Field({}, description="similarity at each strength tried")
    notes: tuple[str, ...] = ()


class SpeakerInfo(_Record):
    id: str
    seconds: float
    f0_median: Optional[float] = None
    f0_range: Optional[float] = None
    voice: str = ""
    conversion: Optional[VoiceConversion] = None


class PairRecord(_Record):
    """One dubbed variant of one clip: the training pair (original, dub)."""

    schema_version: int = SCHEMA_VERSION
    clip_id: str
    language: str
    source_language: str
    original_video: str
    dubbed_video: str
    dubbed_audio: str
    speech_audio: str
    background_audio: str
    source_audio: str
    tts_audio: str = ""
    subtitles_source: str = ""
    subtitles_target: str = ""
    duration: float
    sample_rate: int
    channels: int
    segments: tuple[DubSegment, ...]
    speakers: tuple[SpeakerInfo, ...] = ()
    stages: tuple[StageRecord, ...] = ()
    seed: int
    recipe: str
    dubgen_version: str
    qc: Optional[dict[str, Any]] = None


class FailureRecord(_Record):
    input: str
    clip_id: str
    language: str = ""
    stage: str
    error: str


def pair_schema() -> dict[str, Any]:
    """JSON Schema of one ``pairs.jsonl`` line."""
    return PairRecord.model_json_schema()


def write_record(path: Path, record: BaseModel) -> None:
    """Append one record as a JSON line (flushed and fsynced)."""
    append_line(path, record.model_dump_json())


def read_pairs(path: Path) -> Iterator[PairRecord]:
    """Iterate the records of a ``pairs.jsonl``; later lines for the same key win."""
    latest: dict[tuple[str, str], PairRecord] = {}
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = PairRecord.model_validate_json(line)
        except ValueError as e:
            raise ValueError(f"{path}:{lineno}: not a pair record: {e}") from e
        latest[(rec.clip_id, rec.language)] = rec
    yield from latest.values()


def read_failures(path: Path) -> list[FailureRecord]:
    if not Path(path).exists():
        return []
    return [
        FailureRecord.model_validate_json(line)
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def resolve(root: Path, rel: str) -> Path:
    """Absolute path of a manifest path (relative to the output root)."""
    p = Path(rel)
    return p if p.is_absolute() else Path(root) / p


def export_schema(path: Path) -> None:
    Path(path).write_text(json.dumps(pair_schema(), indent=2) + os.linesep, encoding="utf-8")
