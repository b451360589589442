"""Records of the pair manifest (``pairs.jsonl``) and of failures (``failures.jsonl``).

One :class:`PairRecord` per (clip, recipe): two recipes of one language (an ablation) are two
pairs. Paths are relative to the output directory, so an output folder can be moved or
shipped as a whole. The trainer reads the same records through :func:`read_pairs`.

Writers hold :func:`lock` (an ``flock`` on ``OUT/.dubgen.lock``) around every append and
rewrite, so several processes can share one output folder. A last line cut short (a crash or
a full disk mid-append) is left out by the readers, with one warning, and cut off by the next
write (:func:`repair_tail`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Iterator, Optional, Type, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import DubgenError, OutputError
from .io import append_line, file_lock

SCHEMA_VERSION = 1
LOCK_FILE = ".dubgen.lock"

log = logging.getLogger("dubgen.manifest")
R = TypeVar("R", bound=BaseModel)
_WARNED: set[tuple[str, int, int]] = set()  # (file, inode, size) whose torn tail was reported already


def path_text(path: Any) -> str:
    """A path as manifest text: its bytes decoded as UTF-8, any invalid byte written as ``\\xNN``.

    Names that are valid UTF-8 (nearly all) are unchanged; the others stay readable and the
    JSON stays valid (a lone surrogate cannot be written as UTF-8).
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_text_path(path: Any) -> bool:
    """True when a path's bytes are valid UTF-8 (so it can be recorded as it is)."""
    try:
        os.fsencode(path).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CharTime(_Record):
    """One character's span from CTC forced alignment."""

    char: str
    start: float
    end: float


class Word(_Record):
    text: str
    start: float = Field(description="seconds from clip start")
    end: float
    probability: float = 1.0
    aligned: bool = Field(True, description="False: the aligner could not place it; times interpolated")
    chars: tuple[CharTime, ...] = Field((), description="character times (CTC alignment only)")


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
    tts_backend: str = Field("", description="TTS backend that said this phrase")
    tts_fallback: str = Field("", description="why the recipe's TTS backend did not (empty: it did)")
    tts_text: Optional[str] = Field(None, description="what the synthesiser read, where it differs from text (codes spelt out)")
    band_extended_from_hz: Optional[float] = Field(
        None, description="the voice's Nyquist when it was synthesised below the pair's rate: the octave above was regenerated")
    untranslated: Optional[list[str]] = Field(
        None, description="source-language words the translation kept as they were (so the dub says them); "
                          "None: the translator cannot tell")
    lent: Optional[list[str]] = Field(
        None, description="words said in a related language where the target's dictionaries lack them (a "
                          "Galician dub's Spanish \"lentejas\"); None: the translator cannot tell")
    background_duck_db: float = Field(0.0, description="dB the background was lowered under this phrase (mix: "
                                                       "min_speech_to_background_db), 0 or negative")


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
    cer_tts: Optional[float] = Field(None, description="back-ASR CER of the TTS voice alone on the speaker's phrases (null: not heard)")
    cer: dict[str, Optional[float]] = Field({}, description="back-ASR CER at each strength tried (a strength costing more than the voice backend's max_cer_cost is not chosen)")
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
    audio_track: int = Field(0, description="input audio stream that was dubbed (0-based among its audio streams, ffmpeg's 0:a:N)")
    segments: tuple[DubSegment, ...]
    speakers: tuple[SpeakerInfo, ...] = ()
    stages: tuple[StageRecord, ...] = ()
    seed: int
    recipe: str
    dubgen_version: str
    qc: Optional[dict[str, Any]] = None


class FailureRecord(_Record):
    input: str = Field(description="absolute path of the input (invalid UTF-8 bytes as \\xNN)")
    clip_id: str
    language: str = ""
    recipe: str = Field("", description="recipe that failed; empty when the clip failed before any recipe ran")
    stage: str
    error: str

    @field_validator("input", "error")
    @classmethod
    def _text(cls, v: str) -> str:
        # a file name with invalid UTF-8 arrives as lone surrogates, which JSON cannot hold
        return v.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def pair_key(rec: PairRecord) -> tuple[str, str]:
    """A pair's identity: one line per (clip, recipe)."""
    return (rec.clip_id, rec.recipe)


def pair_schema() -> dict[str, Any]:
    """JSON Schema of one ``pairs.jsonl`` line."""
    return PairRecord.model_json_schema()


def write_record(path: Path, record: BaseModel) -> None:
    """Append one record as a JSON line (flushed and fsynced)."""
    append_line(path, record.model_dump_json())


@contextlib.contextmanager
def lock(out: Path) -> Iterator[None]:
    """Exclusive lock of one output folder's manifests (held around appends and rewrites)."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(file_lock(Path(out) / LOCK_FILE))
        except OSError as e:
            raise OutputError(out, f"cannot write there ({e.strerror or e})") from None
        yield


def read_records(path: Path, model: Type[R]) -> list[R]:
    """Every complete record of a JSONL file, in file order; a torn last line is left out.

    A torn last line (no newline, not a record) is reported once per state of the file. Any
    other line that is not a record is an error naming the file and the line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    body, _, tail = data.rpartition(b"\n")
    out: list[R] = []
    for lineno, raw in enumerate(body.split(b"\n") if body else [], 1):
        if raw.strip():
            out.append(parse_line(path, lineno, raw, model))
    if tail.strip():
        try:
            out.append(model.model_validate_json(tail))
        except ValidationError:
            _warn_torn(path, len(tail), data.count(b"\n") + 1)
    return out


def parse_line(path: Path, lineno: int, raw: bytes, model: Type[R]) -> R:
    """One complete line as a record; else an error naming the file and line (0: unknown)."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = f"{path}:{lineno}" if lineno else str(path)
        raise DubgenError(f"{where}: not a {model.__name__} line ({first['msg']}); fix or delete that line") from None


def _warn_torn(path: Path, nbytes: int, lineno: int) -> None:
    st = path.stat()
    key = (str(path), st.st_ino, st.st_size)
    if key not in _WARNED:
        _WARNED.add(key)
        log.warning("%s: line %d is cut short (%d bytes, an interrupted write): left out; "
                    "the next write removes it", path, lineno, nbytes)


def repair_tail(path: Path) -> None:
    """Cut a torn last line off (or end a complete last record with its newline).

    Call with :func:`lock` held, before appending.
    """
    path = Path(path)
    try:
        f = open(path, "r+b")
    except FileNotFoundError:
        return
    with f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return
        f.seek(max(0, size - 1))
        if f.read(1) == b"\n":
            return
        f.seek(0)
        data = f.read()
        cut = data.rfind(b"\n") + 1
        tail = data[cut:]
        try:
            json.loads(tail)
            complete = True
        except ValueError:
            complete = False
        if complete:
            f.write(b"\n")
        else:
            _warn_torn(path, len(tail), data.count(b"\n") + 1)
            f.truncate(cut)
        f.flush()
        os.fsync(f.fileno())


def read_pairs(path: Path) -> Iterator[PairRecord]:
    """Iterate the records of a ``pairs.jsonl``, one per (clip, recipe): the latest line wins."""
    latest: dict[tuple[str, str], PairRecord] = {}
    for rec in read_records(path, PairRecord):
        latest[pair_key(rec)] = rec
    yield from latest.values()


def read_failures(path: Path) -> list[FailureRecord]:
    return read_records(path, FailureRecord)


def resolve(root: Path, rel: str) -> Path:
    """Absolute path of a manifest path (relative to the output root)."""
    p = Path(rel)
    return p if p.is_absolute() else Path(root) / p


def export_schema(path: Path) -> None:
    Path(path).write_text(json.dumps(pair_schema(), indent=2) + os.linesep, encoding="utf-8")


# PairRecord fields that hold a path relative to the output folder
PATH_FIELDS = ("original_video", "dubbed_video", "dubbed_audio", "speech_audio", "background_audio", "source_audio",
               "tts_audio", "subtitles_source", "subtitles_target")


def rebase(rec: PairRecord, old: Path, new: Path) -> PairRecord:
    """The record with its paths relative to ``new`` instead of ``old``.

    Paths inside ``old`` (the clip folders) keep their relative form: the files move with them.
    Paths leading out of it (the original video) are rewritten to reach the same file from ``new``.
    """
    old, new = Path(os.path.abspath(old)), Path(os.path.abspath(new))
    update = {}
    for name in PATH_FIELDS:
        rel = getattr(rec, name)
        if not rel or os.path.isabs(rel):
            continue
        target = os.path.normpath(old / rel)
        if os.path.commonpath([target, str(old)]) != str(old):
            update[name] = os.path.relpath(target, new)
    return rec.model_copy(update=update) if update else rec
