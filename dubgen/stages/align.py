"""Forced alignment of the ASR transcript: word (and character) times, then dubbable phrases.

Backends:
    ``asr-words``     the recognizer's own word times (default; no second model).
    ``ctc``           wav2vec2 / MMS CTC forced alignment with ``torchaudio.functional.forced_align``,
                      the method WhisperX uses, from a local transformers folder.
    ``pocketsphinx``  CMU PocketSphinx's English acoustic model and dictionary (bundled in the wheel).

Each phrase is aligned inside its own window (the ASR phrase ± ``pad_s``, never past the middle
of the pause to a neighbour), so word times are monotonic across the clip. A word a backend cannot
place is kept, marked ``aligned=False`` with interpolated times, and reported with the reason.
The aligned words are grouped into phrases again, so the timing plan's phrase boundaries come
from the alignment.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np
from pydantic import Field

from ..errors import BackendUnavailable
from ..manifest import CharTime, SourceSegment, Word
from ..models import local_model
from ..registry import StageRegistry
from .asr import ASR_RATE, phrases_to_segments, split_phrases
from .base import Backend, BackendOptions, Check, module_check, package_version

ALIGN: StageRegistry["Aligner"] = StageRegistry("align", default="asr-words")
MIN_WINDOW_S = 0.1  # shorter phrase windows are not aligned (the words keep the recognizer's times)

CTC_HOW = (
    "set align.model to a catalog name (`dubgen models list --json` lists the align models; fetch one "
    "with `dubgen models pull wav2vec2-base-960h-en`) or to a local Wav2Vec2ForCTC folder "
    "(config.json, model.safetensors/pytorch_model.bin, vocab.json, preprocessor_config.json)"
)
WHISPERX_NOTE = "WhisperX's alignment method (wav2vec2 CTC forced alignment): whisperx itself pins torch~=2.8"


@dataclass(frozen=True)
class WordTiming:
    """A word's span inside the window it was aligned in (seconds from the window start)."""

    start: float
    end: float
    score: Optional[float] = None  # None: keep the recognizer's word probability
    chars: tuple[tuple[str, float, float], ...] = ()


# A backend returns, per word, its timing or the reason it could not be placed.
Placement = Union[WordTiming, str]


@dataclass(frozen=True)
class Alignment:
    segments: tuple[SourceSegment, ...]
    unaligned: tuple[dict[str, Any], ...]  # {"index", "text", "reason"}: index into all words


class Aligner(Backend):
    """Base of the align backends: ``align_phrase`` places the words of one phrase."""

    stage = "align"

    @property
    def pad_s(self) -> float:
        return float(getattr(self.options, "pad_s", 0.0))

    def align_phrase(self, audio: np.ndarray, words: Sequence[str], language: str) -> list[Placement]:
        """Place ``words`` in mono 16 kHz ``audio`` (one phrase's window)."""
        raise NotImplementedError


@ALIGN.register("asr-words")
class ASRWordsAligner(Aligner):
    """The recognizer's word times, unchanged."""

    backend = "asr-words"

    def version(self) -> str:
        return "asr-words 1"


def align_transcript(
    aligner: Aligner, audio: np.ndarray, language: str, segments: Sequence[SourceSegment],
    split: tuple[float, float, float],
) -> Alignment:
    """Align every phrase of ``segments`` and regroup the words into phrases.

    Args:
        aligner: the align backend.
        audio: the clip, mono 16 kHz.
        language: the transcript's language (ISO 639-1).
        segments: the ASR phrases, in time order.
        split: the arguments of :func:`~dubgen.stages.asr.split_phrases` after the words, as for the ASR phrases.
    """
    if isinstance(aligner, ASRWordsAligner):
        return Alignment(tuple(segments), ())
    words: list[Word] = []
    unaligned: list[dict[str, Any]] = []
    n = len(audio) / ASR_RATE
    for i, seg in enumerate(segments):
        lo, hi = phrase_window(segments, i, aligner.pad_s, n)
        a, b = int(round(lo * ASR_RATE)), int(round(hi * ASR_RATE))
        texts = [w.text for w in seg.words]
        placed = (aligner.align_phrase(audio[a:b], texts, language) if b - a >= MIN_WINDOW_S * ASR_RATE
                  else [f"phrase window shorter than {MIN_WINDOW_S} s"] * len(texts))
        if len(placed) != len(seg.words):
            raise RuntimeError(f"align backend {aligner.backend} returned {len(placed)} places for {len(seg.words)} words")
        for j, (w, p) in enumerate(zip(seg.words, placed)):
            if isinstance(p, str):
                unaligned.append({"index": len(words) + j, "text": w.text, "reason": p})
        words.extend(_phrase_words(seg.words, placed, a / ASR_RATE, lo, hi))
    return Alignment(phrases_to_segments(split_phrases(words, *split)), tuple(unaligned))


def phrase_window(segments: Sequence[SourceSegment], i: int, pad_s: float, duration: float) -> tuple[float, float]:
    """Phrase ``i`` ± ``pad_s``, never past the middle of the pause to a neighbouring phrase."""
    seg = segments[i]
    lo = max(seg.start - pad_s, (segments[i - 1].end + seg.start) / 2 if i else 0.0)
    hi = min(seg.end + pad_s, (seg.end + segments[i + 1].start) / 2 if i + 1 < len(segments) else duration, duration)
    return lo, hi


def _phrase_words(asr_words: Sequence[Word], placed: Sequence[Placement], offset: float, lo: float, hi: float) -> list[Word]:
    """Absolute, monotonic words; unaligned ones interpolated between their aligned neighbours."""
    spans: list[Optional[tuple[float, float]]] = [
        None if isinstance(p, str) else (offset + p.start, offset + p.end) for p in placed
    ]
    out: list[Word] = []
    prev_end = lo
    for j, (w, p) in enumerate(zip(asr_words, placed)):
        if spans[j] is not None:
            start, end = spans[j]
        else:
            # the run of unaligned words from here to the next aligned one shares the gap
            k = j
            while k < len(spans) and spans[k] is None:
                k += 1
            run = asr_words[j:k]
            after = any(s is not None for s in spans[:j])
            if k < len(spans) or after:
                # a run at either end of the phrase stays within the recognizer's times for it
                gap_end = spans[k][0] if k < len(spans) else min(hi, max(run[-1].end, prev_end + 0.02 * len(run)))
                gap_start = prev_end if after else max(prev_end, min(w.start, gap_end - 0.02 * len(run)))
                weights = [max(1, len(x.text)) for x in run]
                share = max(0.0, gap_end - gap_start) * weights[0] / sum(weights)
                start, end = gap_start, gap_start + share
            else:  # nothing in the phrase aligned: keep the recognizer's times
                start, end = w.start, w.end
        start = min(max(start, prev_end), hi)
        end = max(end, start + 0.02)
        chars = tuple(CharTime(char=c, start=round(offset + s, 3), end=round(offset + e, 3))
                      for c, s, e in (p.chars if isinstance(p, WordTiming) else ()))
        out.append(Word(text=w.text, start=round(start, 3), end=round(end, 3),
                        probability=round(p.score, 4) if isinstance(p, WordTiming) and p.score is not None else w.probability,
                        aligned=isinstance(p, WordTiming), chars=chars))
        prev_end = end
    return out


# --------------------------------------------------------------------------------------- ctc


def _fingerprint(folder: Path) -> str:
    """Short hash of a model folder's file names, sizes and config: changes when the model does."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(folder)}:{p.stat().st_size};".encode())
            if p.suffix == ".json":
                h.update(p.read_bytes())
    return h.hexdigest()[:12]


@ALIGN.register("ctc")
class CTCAligner(Aligner):
    """wav2vec2 / MMS CTC forced alignment (WhisperX's method) from a local transformers folder.

    A letter the vocabulary lacks is aligned as its base letter (é → e, for Latin-only vocabularies
    such as MMS's); other characters it lacks (digits, symbols, other scripts) are skipped; a word with none left, or a phrase too short in frames for its characters, is
    reported unaligned.
    """

    backend = "ctc"
    DEVICES = ("cpu", "cuda")

    class Options(BackendOptions):
        model: str = Field(description="catalog name or local Wav2Vec2ForCTC folder (with its processor / vocab)")
        pad_s: float = Field(0.3, ge=0.0, le=2.0, description="seconds searched on each side of a phrase")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._loaded: Any = None
        self.model_dir()  # a missing model is an error now, not after the first clip

    def model_dir(self) -> Path:
        return local_model(self.options.model, "align backend 'ctc' (align.model)", CTC_HOW)

    def load(self) -> tuple[Any, Any, dict[str, int], int, Optional[int]]:
        """(model, feature extractor, lower-cased vocabulary, blank id, word-delimiter id), once."""
        if self._loaded is None:
            if importlib.util.find_spec("transformers") is None or importlib.util.find_spec("torchaudio") is None:
                raise BackendUnavailable("align backend 'ctc' needs `pip install transformers torchaudio`")
            from transformers import Wav2Vec2ForCTC, Wav2Vec2Processor

            folder = self.model_dir()
            try:
                processor = Wav2Vec2Processor.from_pretrained(str(folder), local_files_only=True)
                model = Wav2Vec2ForCTC.from_pretrained(str(folder), local_files_only=True)
            except Exception as e:  # wrong folder, another architecture, truncated weights
                raise BackendUnavailable(
                    f"align backend 'ctc': {folder} is not a Wav2Vec2ForCTC model with its processor: "
                    f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}; {CTC_HOW}"
                ) from None
            vocab = processor.tokenizer.get_vocab()
            classes = model.lm_head.out_features
            if max(vocab.values()) >= classes:
                raise BackendUnavailable(
                    f"align backend 'ctc': checkpoint mismatch in {folder}: the vocabulary has ids up to "
                    f"{max(vocab.values())} but the model has {classes} output classes"
                )
            if processor.feature_extractor.sampling_rate != ASR_RATE:
                raise BackendUnavailable(f"align backend 'ctc': {folder} expects {processor.feature_extractor.sampling_rate} Hz audio, not 16 kHz")
            lower: dict[str, int] = {}
            for tok, idx in sorted(vocab.items(), key=lambda kv: kv[1]):
                lower.setdefault(tok.lower(), idx)
            blank = processor.tokenizer.pad_token_id
            blank = 0 if blank is None else int(blank)
            delim = vocab.get(getattr(processor.tokenizer, "word_delimiter_token", None) or "|")
            self._loaded = (model.to(self.device).eval(), processor.feature_extractor, lower, blank, delim)
        return self._loaded

    def version(self) -> str:
        try:
            fp = _fingerprint(self.model_dir())
        except BackendUnavailable:
            fp = "missing"
        return f"ctc transformers={package_version('transformers')} torchaudio={package_version('torchaudio')} model={self.options.model}#{fp} pad={self.options.pad_s}"

    @classmethod
    def check(cls) -> Check:
        for module, dist in (("transformers", "transformers"), ("torchaudio", "torchaudio")):
            c = module_check(cls.stage, cls.backend, module, dist, "pip install transformers torchaudio")
            if not c.ok:
                return c
        return Check(cls.stage, cls.backend, True,
                     f"transformers {package_version('transformers')}, torchaudio {package_version('torchaudio')}; "
                     f"{WHISPERX_NOTE}; needs align.model (a catalog name or a local folder)", CTC_HOW)

    def align_phrase(self, audio: np.ndarray, words: Sequence[str], language: str) -> list[Placement]:
        import torch
        import torchaudio.functional as F

        model, fe, vocab, blank, delim = self.load()
        targets: list[int] = []
        owner: list[tuple[int, str]] = []  # (word index, char) per target token; -1 = delimiter
        for i, w in enumerate(words):
            chars = [(c, t) for c in w.lower() if (t := _vocab_char(c, vocab)) is not None and vocab[t] not in (blank, delim)]
            if chars and targets and delim is not None:
                targets.append(delim)
                owner.append((-1, "|"))
            for c, t in chars:
                targets.append(vocab[t])
                owner.append((i, c))
        no_chars = "no character of the word is in the model's vocabulary"
        if not targets:
            return [no_chars] * len(words)
        x = fe(audio.astype(np.float32), sampling_rate=ASR_RATE, return_tensors="pt").input_values
        with torch.inference_mode():
            logits = model(x.to(self.device)).logits
        emission = torch.log_softmax(logits.float(), dim=-1).cpu()
        frames = emission.shape[1]
        repeats = sum(1 for a, b in zip(targets, targets[1:]) if a == b)
        if len(targets) + repeats > frames:
            return [f"phrase window too short: {frames} frames for {len(targets)} characters"] * len(words)
        path, scores = F.forced_align(emission, torch.tensor([targets], dtype=torch.int32), blank=blank)
        spans = F.merge_tokens(path[0], scores[0].exp())
        sec = len(audio) / ASR_RATE / frames
        per_word: dict[int, list[tuple[str, float, float, float]]] = {}
        for (i, c), s in zip(owner, spans):
            if i >= 0:
                per_word.setdefault(i, []).append((c, s.start * sec, s.end * sec, float(s.score)))
        out: list[Placement] = []
        for i in range(len(words)):
            cs = per_word.get(i)
            if not cs:
                out.append(no_chars)
                continue
            out.append(WordTiming(start=cs[0][1], end=cs[-1][2], score=float(np.mean([c[3] for c in cs])),
                                  chars=tuple((c, a, b) for c, a, b, _ in cs)))
        return out


def _vocab_char(c: str, vocab: dict[str, int]) -> Optional[str]:
    """``c`` if the vocabulary has it, else its base letter (é → e) for Latin-only vocabularies."""
    if c in vocab:
        return c
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base and base != c and base in vocab else None


# ------------------------------------------------------------------------------ pocketsphinx

_PS_WORD = re.compile(r"[^a-z0-9']+")


@ALIGN.register("pocketsphinx")
class PocketSphinxAligner(Aligner):
    """CMU PocketSphinx forced alignment (English; model and dictionary ship in the wheel).

    Words missing from its pronouncing dictionary are reported unaligned.
    """

    backend = "pocketsphinx"

    class Options(BackendOptions):
        # With 0.3 s the last word of a JFK phrase ran to the window's end (0.25 s into the pause);
        # from 0.5 s on, every word matched a whole-clip alignment.
        pad_s: float = Field(0.5, ge=0.0, le=2.0, description="seconds searched on each side of a phrase")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._decoder: Any = None

    def load(self) -> Any:
        if self._decoder is None:
            if importlib.util.find_spec("pocketsphinx") is None:
                raise BackendUnavailable("align backend 'pocketsphinx' needs `pip install pocketsphinx`")
            from pocketsphinx import Decoder

            self._decoder = Decoder(samprate=ASR_RATE, loglevel="FATAL")
        return self._decoder

    def version(self) -> str:
        return f"pocketsphinx {package_version('pocketsphinx')} en-us pad={self.options.pad_s}"

    @classmethod
    def check(cls) -> Check:
        c = module_check(cls.stage, cls.backend, "pocketsphinx", "pocketsphinx", "pip install pocketsphinx")
        return c if not c.ok else Check(cls.stage, cls.backend, True, f"{c.detail}; English (en-US model bundled)")

    def align_phrase(self, audio: np.ndarray, words: Sequence[str], language: str) -> list[Placement]:
        if language != "en":
            raise BackendUnavailable(
                f"align backend 'pocketsphinx' aligns English only, the transcript is {language!r}: use align.backend ctc"
            )
        dec = self.load()
        tokens = [_PS_WORD.sub("", w.lower()) for w in words]
        known = [i for i, t in enumerate(tokens) if t and dec.lookup_word(t) is not None]
        out: list[Placement] = ["not in the pocketsphinx dictionary"] * len(words)
        if not known:
            return out
        pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        try:
            dec.set_align_text(" ".join(tokens[i] for i in known))
            dec.start_utt()
            dec.process_raw(pcm, full_utt=True)
            dec.end_utt()
            segs = [s for s in dec.seg() if not s.word.startswith(("<", "[", "+"))]
        except RuntimeError as e:
            return [f"pocketsphinx could not align the phrase: {e}"] * len(words)
        if len(segs) != len(known):
            return [f"pocketsphinx aligned {len(segs)} of {len(known)} words"] * len(words)
        frate = float(dec.config["frate"])
        for i, s in zip(known, segs):
            out[i] = WordTiming(start=s.start_frame / frate, end=(s.end_frame + 1) / frate)
        return out
