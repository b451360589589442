"""Pure quality metrics of a dubbed pair: text, timing, signal and spectrum measures.

Every function takes plain arrays / strings and returns numbers; nothing here reads files or
loads models (that is :mod:`dubgen.qc.evaluate`), so each metric is testable on known signals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np

#: Energy VAD frame hop / window (s). 10 ms gives onset/offset to ±10 ms.
FRAME_S = 0.01
WINDOW_S = 0.02
#: A frame is active when it is within this many dB of its phrase's loud frames (95th percentile)...
ACTIVE_BELOW_LOUD_DB = 35.0
#: ...and above this absolute floor (dBFS): dithering, codec and resampling noise stay out.
ACTIVE_FLOOR_DBFS = -65.0
#: "Clear speech" for the drop check: within this many dB of the phrase's loud frames.
STRONG_BELOW_LOUD_DB = 25.0
#: A clear-speech frame counts as dropped when the stem is this far below where it should be.
#: Conversion and EQ moved clear-speech frames by at most 16 dB on the media dubs; zeroed audio is ~150 dB down.
MISSING_BELOW_EXPECTED_DB = 30.0
#: A window whose loudest frame is below this is digital silence.
SILENT_DBFS = -100.0
#: Missing frames adding up to less than this (s) per phrase are edge jitter, not dropped speech.
DROP_TOLERANCE_S = 0.03

# Apostrophes, hyphens and dashes split words ("l'home" → "l home") the same way in reference
# and hypothesis; other punctuation is removed by jiwer.
_SPLITTERS = re.compile(r"[\u2019\u2018'`´\-\u2010-\u2015/]")
# A lone letter before a number is one code, however it was spaced ("K 7", "K7", "K-7"):
# back-ASR writes the same spoken code either way (es speech_music: "K 7" after conversion,
# "K7" before, scored as a +0.07 CER cost of the voice stage). Not "y": Spanish "and".
_CODE = re.compile(r"(?<!\S)(?!y )([^\W\d_]) (\d+)(?!\S)")
#: a time of the clock in digits, "8:30" (jiwer would make it "830"): its hour and minutes apart, "8:00" the hour
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d)(?![\d:])")
#: per language with letter names: "and", "less", and the parts of an hour ("8 y media" is "8:30")
_TIME_WORDS = {"es": ("y", "menos", {"media": 30, "cuarto": 15}), "ca": ("i", "menys", {"mitja": 30, "quart": 15})}


# --------------------------------------------------------------------------- text

def normalize_text(text: str, language: Optional[str] = None) -> str:
    """Whisper-style basic normaliser: NFKC, lower case, no diacritics, no punctuation.

    Diacritics are dropped because a misplaced accent ("esta"/"está") is spelling, not
    intelligibility; a lone letter and the number after it are one code ("k 7" → "k7"). For a
    ``language`` with letter names (:data:`~dubgen.stages.speakable.LETTERS`), codes and numbers
    are written as said (:func:`spoken_numbers`); otherwise numbers are left as written.
    """
    import jiwer

    t = unicodedata.normalize("NFKC", text)
    t = _CLOCK.sub(lambda m: m.group(1) if m.group(2) == "00" else f"{m.group(1)} {m.group(2)}", t)
    t = _SPLITTERS.sub(" ", t)
    t = "".join(c for c in unicodedata.normalize("NFD", t) if unicodedata.category(c) != "Mn")
    t = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(), jiwer.Strip()])(t)
    t = _clock_said(t, language) if language else t
    t = unicodedata.normalize("NFC", _CODE.sub(r"\1\2", t))
    return spoken_numbers(t, language) if language else t


_LETTER_CODE = re.compile(r"([a-z])(\d{1,6})")


@lru_cache(maxsize=8)
def _number_words(language: str) -> Optional[tuple[dict[str, str], frozenset[str]]]:
    """Letter names and the words of 0-99 of ``language``, normalised; None without a letter table."""
    from num2words import num2words

    from ..stages.speakable import LETTERS

    if language not in LETTERS:
        return None
    words = frozenset(normalize_text(num2words(i, lang=language)) for i in range(100))
    return {k: normalize_text(v) for k, v in LETTERS[language].items()}, words


def spoken_numbers(normalised: str, language: str) -> str:
    """Codes and numbers of normalised text as a voice of ``language`` says them, so that one
    spoken code scores the same however back-ASR writes it: "k7", "k siete" and "ka 7" all
    become "ka siete", "12" becomes "doce". A lone letter counts as a code letter only before a
    number, and "y" never (a vowel's name is the vowel; "y" is Spanish "and", Catalan "l'" a
    word); text unchanged for a language without letter names.
    """
    from num2words import num2words

    tables = _number_words(language)
    if tables is None:
        return normalised
    names, number_words = tables
    say = lambda n: normalize_text(num2words(int(n), lang=language))  # noqa: E731
    tokens, out = normalised.split(), []
    for i, tok in enumerate(tokens):
        code = _LETTER_CODE.fullmatch(tok)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if code:
            out += [names[code.group(1)], say(code.group(2))]
        elif tok.isdigit() and len(tok) <= 6:
            out.append(say(tok))
        elif len(tok) == 1 and tok != "y" and tok in names and (nxt.isdigit() or nxt in number_words):
            out.append(names[tok])
        else:
            out.append(tok)
    return " ".join(out)


@lru_cache(maxsize=8)
def _clock_patterns(language: str) -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    """A time said with its hour's parts in ``language`` (:data:`_TIME_WORDS`), the hours 1-12 in
    words and the minutes 10-59 in words, normalised, with their numbers."""
    from num2words import num2words

    conj, less, parts = _TIME_WORDS[language]
    hours = {normalize_text(num2words(i, lang=language)): i for i in range(1, 13)} | {"una": 1}
    minutes = {normalize_text(num2words(i, lang=language)): i for i in range(10, 60)}
    hour = r"(\d{1,2}|" + "|".join(sorted(hours, key=len, reverse=True)) + ")"
    minute = r"(\d\d|" + "|".join(sorted([*parts, *minutes], key=len, reverse=True)) + ")"
    return re.compile(rf"\b{hour} (?:{conj} {minute}|{less} ({'|'.join(parts)}))\b"), hours, minutes


def _clock_said(normalised: str, language: str) -> str:
    """Normalised text with a time said with "y media", "i 30", "menos cuarto" in ``language`` as its
    hour and minutes in digits ("8 y media", "ocho y treinta", "8:30" all "8 30"; "9 menos cuarto" "8 45")."""
    if language not in _TIME_WORDS:
        return normalised
    pattern, hours, minutes = _clock_patterns(language)
    parts = _TIME_WORDS[language][2]

    def said(m: re.Match[str]) -> str:
        hour = int(m.group(1)) if m.group(1).isdigit() else hours[m.group(1)]
        if m.group(3):  # "menos cuarto": the hour before
            return f"{(hour - 2) % 12 + 1} {60 - parts[m.group(3)]}"
        part = m.group(2)
        return f"{hour} {part if part.isdigit() else parts.get(part) or minutes[part]}"

    return pattern.sub(said, normalised)


@dataclass(frozen=True)
class TextScores:
    wer: float
    cer: float
    hits: int  # reference words recognised
    ref_words: int
    hyp_words: int

    @property
    def recall(self) -> float:
        """Share of reference words found in the hypothesis (aligned hits)."""
        return self.hits / self.ref_words if self.ref_words else 0.0


def text_scores(reference: str, hypothesis: str, language: Optional[str] = None) -> TextScores:
    """WER and CER of ``hypothesis`` against ``reference`` after :func:`normalize_text` (in
    ``language``: codes and numbers as said).

    An empty hypothesis scores WER = CER = 1; an empty reference is an error (nothing to score).
    """
    import jiwer

    ref, hyp = normalize_text(reference, language), normalize_text(hypothesis, language)
    if not ref:
        raise ValueError("reference text is empty after normalisation: nothing to score against")
    ref_words = len(ref.split())
    if not hyp:
        return TextScores(1.0, 1.0, 0, ref_words, 0)
    w = jiwer.process_words(ref, hyp)
    c = jiwer.process_characters(ref, hyp)
    return TextScores(float(w.wer), float(c.cer), int(w.hits), ref_words, len(hyp.split()))


# --------------------------------------------------------------------------- signals

def si_sdr(reference: np.ndarray, estimate: np.ndarray) -> float:
    """Scale-invariant SDR (dB) of ``estimate`` against ``reference`` (Le Roux et al. 2019).

    Both are mono of equal length; the reference is zero-mean'd with the estimate.
    """
    r = np.asarray(reference, np.float64).ravel()
    e = np.asarray(estimate, np.float64).ravel()
    if r.shape != e.shape:
        raise ValueError(f"si_sdr: lengths differ ({r.size} vs {e.size})")
    r, e = r - r.mean(), e - e.mean()
    return si_sdr_from(float(r @ r), float(e @ e), float(e @ r))


def si_sdr_from(rr: float, ee: float, er: float) -> float:
    """SI-SDR (dB) from the zero-mean sums Σr², Σe², Σe·r (streamed measurements add them up).

    target = (e·r / r·r)·r, so target·target = (e·r)² / r·r and noise·noise = e·e − target·target.
    """
    if rr <= 0.0:
        raise ValueError("si_sdr: the reference is silent")
    tt = er * er / rr
    return float(10 * np.log10(max(tt, 1e-20) / max(ee - tt, 1e-20)))


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equal-length signals (0 when one is constant)."""
    a = np.asarray(a, np.float64).ravel()
    b = np.asarray(b, np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"correlation: lengths differ ({a.size} vs {b.size})")
    a, b = a - a.mean(), b - b.mean()
    return correlation_from(float(a @ a), float(b @ b), float(a @ b))


def correlation_from(aa: float, bb: float, ab: float) -> float:
    """Pearson correlation from the zero-mean sums Σa², Σb², Σa·b."""
    den = float(np.sqrt(max(aa * bb, 0.0)))
    return ab / den if den > 0 else 0.0


def energy_ratio_db(part: np.ndarray, whole: np.ndarray) -> float:
    """10·log10(energy(part) / energy(whole)); -120 dB when ``part`` is silent."""
    ep = float(np.sum(np.square(np.asarray(part, np.float64))))
    ew = float(np.sum(np.square(np.asarray(whole, np.float64))))
    if ew <= 0.0:
        raise ValueError("energy_ratio_db: the reference signal is silent")
    return float(10 * np.log10(max(ep / ew, 1e-12)))


def clipped_fraction(audio: np.ndarray, level: float = 0.999) -> float:
    """Share of samples at or beyond full scale (a float mix can exceed ±1 before encoding)."""
    x = np.asarray(audio)
    return float(np.mean(np.abs(x) >= level)) if x.size else 0.0


def frame_levels_db(audio: np.ndarray, sr: int) -> np.ndarray:
    """RMS level (dBFS) of 20 ms windows every 10 ms of mono audio."""
    x = np.asarray(audio, np.float64).ravel()
    hop, win = int(round(FRAME_S * sr)), int(round(WINDOW_S * sr))
    n = max(0, (len(x) - win) // hop + 1)
    if n == 0:  # shorter than one window: one frame over what there is
        return np.array([10 * np.log10(np.mean(x ** 2) + 1e-20)]) if len(x) else np.zeros(0)
    cs = np.concatenate([[0.0], np.cumsum(x ** 2)])
    starts = np.arange(n) * hop
    power = (cs[starts + win] - cs[starts]) / win
    return 10 * np.log10(power + 1e-20)


@dataclass(frozen=True)
class Extent:
    """First and last active instant (s) of a track within a window; None when silent."""

    onset: Optional[float]
    offset: Optional[float]

    @property
    def length(self) -> float:
        return 0.0 if self.onset is None or self.offset is None else self.offset - self.onset


def _frames(window: tuple[float, float], n: int) -> tuple[int, int]:
    a, b = window
    return max(int(np.floor(a / FRAME_S)), 0), min(int(np.ceil(b / FRAME_S)), n)


def extents(levels_db: np.ndarray, windows: Sequence[tuple[float, float]]) -> list[Extent]:
    """Active extent of a *clean* speech track (dub stem, TTS) inside each (start, end) window.

    ``levels_db`` comes from :func:`frame_levels_db`. A frame is active within
    ``ACTIVE_BELOW_LOUD_DB`` of the window's own loud frames (95th percentile) and above
    ``ACTIVE_FLOOR_DBFS`` — per window, because every phrase has its own loudness gain. Energy
    suffices: the stem is digital silence outside the dub, so onsets come out to the frame.
    """
    out = []
    for win in windows:
        i0, i1 = _frames(win, len(levels_db))
        lv = levels_db[i0:i1]
        idx = np.zeros(0, int)
        if lv.size:
            idx = np.flatnonzero(lv > max(float(np.percentile(lv, 95)) - ACTIVE_BELOW_LOUD_DB, ACTIVE_FLOOR_DBFS))
        if idx.size == 0:
            out.append(Extent(None, None))
        else:
            # a frame k covers [k·hop, k·hop + window]; its centre marks the event
            out.append(Extent(round((i0 + idx[0]) * FRAME_S + WINDOW_S / 2 - FRAME_S / 2, 4),
                              round((i0 + idx[-1]) * FRAME_S + WINDOW_S / 2 + FRAME_S / 2, 4)))
    return out


def search_windows(spans: Sequence[tuple[float, float]], duration: float) -> list[tuple[float, float]]:
    """Windows that own each planned span: boundaries halfway between neighbouring spans.

    A detected onset may then sit anywhere between the previous phrase and the next one, so a
    misplaced phrase is measured as a timing error instead of being attributed to its neighbour.
    """
    wins = []
    for i, (a, b) in enumerate(spans):
        lo = 0.0 if i == 0 else (spans[i - 1][1] + a) / 2
        hi = duration if i == len(spans) - 1 else (b + spans[i + 1][0]) / 2
        wins.append((max(0.0, min(lo, a)), max(hi, b)))
    return wins


def dropped_seconds(ref_db: np.ndarray, out_db: np.ndarray, window: tuple[float, float],
                    tolerance: float = DROP_TOLERANCE_S) -> float:
    """Seconds of clear speech in ``ref`` (TTS before processing) missing from ``out`` (final stem).

    Both are :func:`frame_levels_db` tracks on the same time axis. Clear speech: ref frames within
    ``STRONG_BELOW_LOUD_DB`` of the window's loud level. Missing: the out frame lies more than
    ``MISSING_BELOW_EXPECTED_DB`` below the ref frame moved by the window's overall gain (out
    loud − ref loud), or the out window is digital silence. Tails that conversion or EQ only
    attenuated are not "dropped"; cut or zeroed speech is.
    """
    i0, i1 = _frames(window, min(len(ref_db), len(out_db)))
    ref, out = ref_db[i0:i1], out_db[i0:i1]
    if ref.size == 0:
        return 0.0
    strong = ref > max(float(np.percentile(ref, 95)) - STRONG_BELOW_LOUD_DB, ACTIVE_FLOOR_DBFS)
    if not strong.any():
        return 0.0
    if float(out.max()) < SILENT_DBFS:
        missing = strong
    else:
        gain = float(np.percentile(out, 95)) - float(np.percentile(ref, 95))
        missing = strong & (out < ref + gain - MISSING_BELOW_EXPECTED_DB)
    return max(0.0, float(missing.sum()) * FRAME_S - tolerance)


# --------------------------------------------------------------------------- spectrum / speakers

def spectrum_distance_db(a_db: np.ndarray, b_db: np.ndarray, mask: Optional[np.ndarray] = None) -> float:
    """RMS difference (dB) of two band spectra after removing each one's mean level.

    Level is the loudness metric's job; this compares shape (EQ) only.
    """
    a, b = np.asarray(a_db, np.float64), np.asarray(b_db, np.float64)
    if a.shape != b.shape:
        raise ValueError(f"spectrum_distance_db: band counts differ ({a.shape} vs {b.shape})")
    m = np.isfinite(a) & np.isfinite(b) if mask is None else (np.asarray(mask, bool) & np.isfinite(a) & np.isfinite(b))
    if not m.any():
        raise ValueError("spectrum_distance_db: no band to compare")
    d = (a[m] - a[m].mean()) - (b[m] - b[m].mean())
    return float(np.sqrt(np.mean(d ** 2)))


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, np.float64).ravel(), np.asarray(b, np.float64).ravel()
    den = float(np.linalg.norm(a) * np.linalg.norm(b))
    if den == 0.0:
        raise ValueError("cosine: zero vector")
    return float(a @ b / den)


def semitones(f: Optional[float], ref: Optional[float]) -> Optional[float]:
    """Interval from ``ref`` to ``f`` in semitones; None when either is unmeasured."""
    if f is None or ref is None or f <= 0 or ref <= 0:
        return None
    return float(12.0 * np.log2(f / ref))


def summary(values: Sequence[float]) -> dict[str, float]:
    """mean / median / p90 / n of finite values (empty → n = 0 only)."""
    v = np.asarray([x for x in values if x is not None and np.isfinite(x)], np.float64)
    if v.size == 0:
        return {"n": 0}
    return {"mean": float(v.mean()), "median": float(np.median(v)), "p90": float(np.percentile(v, 90)), "n": int(v.size)}


def regions_mask(n: int, sr: int, regions: Sequence[tuple[float, float]]) -> np.ndarray:
    """Boolean sample mask, True inside any (start, end) region (seconds)."""
    m = np.zeros(n, bool)
    for a, b in regions:
        m[max(int(round(a * sr)), 0):min(int(round(b * sr)), n)] = True
    return m


# --------------------------------------------------------------------------- residual original speech

def residual_speech_db(signal: np.ndarray, reference: np.ndarray, mix: np.ndarray) -> float:
    """Original speech left in ``signal``: its least-squares projection onto ``reference``, in dB vs ``mix``.

    ``signal`` is the dubbed mix (or the background stem: the dub's own speech is new and does
    not project), ``reference`` the clean original speech, ``mix`` the dubbed mix the figure is
    relative to. All mono and of equal length. -120 dB when nothing projects.
    """
    s, r, m = (np.asarray(a, np.float64).ravel() for a in (signal, reference, mix))
    if not (s.shape == r.shape == m.shape):
        raise ValueError(f"residual_speech_db: lengths differ ({s.size}, {r.size}, {m.size})")
    return residual_from(float(s @ r), float(r @ r), float(m @ m))


def residual_from(sr_: float, rr: float, mm: float) -> float:
    """:func:`residual_speech_db` from the sums Σsignal·reference, Σreference², Σmix²."""
    if rr <= 0.0 or mm <= 0.0:
        raise ValueError("residual_speech_db: the reference speech or the mix is silent")
    coef = sr_ / rr
    return float(10 * np.log10(max(coef * coef * rr / mm, 1e-12)))


def residual_speech_estimate_db(background: np.ndarray, source_speech: np.ndarray, mix: np.ndarray,
                                inside: np.ndarray) -> float:
    """Without a clean reference: the background's projection onto the *separated* source speech.

    Only the speech regions (``inside``, a boolean sample mask) are projected; the result is in
    dB vs the whole dubbed ``mix``, like :func:`residual_speech_db`. A separator that leaves the
    words in the background leaves them correlated with its own speech estimate (the DSP
    separator's background correlated 0.78 with the source); leaked background in the speech
    estimate makes the figure err high (toward failing), never toward passing a leak. When the
    separated speech is silent there, the whole background inside the regions counts.
    """
    inside = np.asarray(inside, bool)
    b, s, m = (np.asarray(a, np.float64).ravel() for a in (background, source_speech, mix))
    if not (b.shape == s.shape == m.shape == inside.shape):
        raise ValueError("residual_speech_estimate_db: lengths differ")
    return residual_estimate_from(float(b[inside] @ s[inside]), float(s[inside] @ s[inside]),
                                  float(b[inside] @ b[inside]), float(m @ m))


def residual_estimate_from(bs: float, ss: float, bb: float, mm: float) -> float:
    """:func:`residual_speech_estimate_db` from the sums inside the regions Σb·s, Σs², Σb² and Σmix²."""
    if mm <= 0.0:
        raise ValueError("residual_speech_estimate_db: the mix is silent")
    if ss <= 0.0:  # the separator found no speech: count the whole background there as speech
        return float(10 * np.log10(max(bb / mm, 1e-12)))
    coef = bs / ss
    return float(10 * np.log10(max(coef * coef * ss / mm, 1e-12)))
