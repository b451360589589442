"""Measure one dubbed pair from the files the pipeline published under OUT_DIR.

Reads the pair's stems (dub speech, TTS before conversion, mix), the clip's shared files
(source, separated source speech, background, transcript) and the dubbed video, and reuses
the recipe's ASR, speaker and voice backends through :class:`dubgen.resources.Resources`, so no
model is loaded twice. Back-ASR goes through the ASR interface's ``transcribe_text`` only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, Union

import numpy as np

from ..dsp import merge_regions
from . import metrics as M
from .gates import apply_gates
from . import tracks as qc_tracks
from .tracks import Moments, Track, blocks, mask, region_groups, windows

if TYPE_CHECKING:
    from ..config import QCConfig, Recipe
    from ..manifest import PairRecord
    from ..resources import Resources
    from ..stages.asr import Transcriber

QC_VERSION = "11"  # 11: times of the clock as said (es, ca); 10: speaker similarity right after conversion; 5: windows under 80 % of their words heard again phrase by phrase; 6: untranslated_words; 7: "K 7" = "K7"; 8: codes and numbers as said (es, ca); 9: rescue by characters as said
TrackLike = Union[Track, np.ndarray]
#: Region padding (s) around speech when cutting out "no speech" background regions.
SPEECH_PAD_S = 0.1
#: Less non-speech than this (s) and background fidelity is not measured (too little to judge).
MIN_BACKGROUND_S = 0.3
#: SI-SDR above this means "the same samples" (float rounding only); cap it so means stay readable.
SISDR_CEILING_DB = 60.0
#: Speech bands compared by the spectrum distance (espeak-ng synthesises at 22.05 kHz).
SPECTRUM_BAND_HZ = (100.0, 8000.0)
#: Bands this far below a spectrum's strongest band are noise floor, not speech.
SPECTRUM_FLOOR_DB = 50.0


@dataclass(frozen=True)
class PairFiles:
    """Where one pair's audio lives (absolute paths)."""

    source: Path
    source_speech: Path
    background: Path
    transcript: Path
    speech: Path
    tts: Path
    mix: Path
    plan: Path
    video: Optional[Path]
    original: Path
    voice: Optional[Path] = None  # placed phrases after conversion (older outputs lack it)

    @classmethod
    def of(cls, record: "PairRecord", out_dir: Path) -> "PairFiles":
        from ..manifest import resolve

        clip_dir = resolve(out_dir, record.source_audio).parent
        speech = resolve(out_dir, record.speech_audio)
        if not record.tts_audio:
            raise ValueError(f"{record.clip_id}/{record.language}: the record names no tts_audio (TTS before conversion)")
        files = cls(
            source=resolve(out_dir, record.source_audio),
            source_speech=clip_dir / "speech_source.wav",
            background=resolve(out_dir, record.background_audio),
            transcript=clip_dir / "transcript.json",
            speech=speech,
            tts=resolve(out_dir, record.tts_audio),
            mix=resolve(out_dir, record.dubbed_audio),
            plan=speech.parent / "plan.json",
            video=resolve(out_dir, record.dubbed_video) if record.dubbed_video else None,
            original=resolve(out_dir, record.original_video),
            voice=speech.parent / "voice.wav" if (speech.parent / "voice.wav").is_file() else None,
        )
        missing = [str(p) for p in (files.source, files.source_speech, files.background, files.transcript,
                                    files.speech, files.tts, files.mix, files.plan, files.original) if not p.is_file()]
        if files.video is not None and not files.video.is_file():
            missing.append(str(files.video))
        if missing:
            raise FileNotFoundError(f"{record.clip_id}/{record.language}: QC needs files that are missing: {', '.join(missing)}")
        return files


def _read_mono(path: Path, sr: int) -> np.ndarray:
    from ..dsp import to_mono
    from ..io import read_wav

    audio, file_sr = read_wav(path)
    if file_sr != sr:
        raise ValueError(f"{path}: sample rate {file_sr} Hz, the record says {sr} Hz")
    return to_mono(np.asarray(audio, np.float32))


def _r(v: Optional[float], nd: int = 4) -> Optional[float]:
    """Round for the manifest; None and non-finite values become None (JSON has no inf)."""
    if v is None or not np.isfinite(v):
        return None
    return round(float(v), nd)


# --------------------------------------------------------------------------- metric groups
#
# Tracks are arrays or :class:`Track` (a WAV read block by block): sums and frame levels are
# accumulated block by block, back-ASR runs over windows of at most QC_BLOCK_S cut between
# phrases (one window for shorter recordings), and per-speaker and whole-dub figures that need
# the audio itself (embeddings, pitch, integrated loudness, spectra) take up to
# VOICE_MAX_S / STATS_MAX_S of phrases spread over the recording.

#: Speech per speaker embedded and profiled (seconds).
VOICE_MAX_S = 60.0
#: Speech over all phrases that whole-dub loudness and spectra are measured on (seconds).
STATS_MAX_S = 60.0


def _hear(asr: "Transcriber", pieces: Any, sr: int, language: str, speech_only: bool = False) -> str:
    """Back-ASR of consecutive pieces of audio, joined."""
    from ..dsp import resample
    from ..stages.asr import ASR_RATE

    texts = (asr.transcribe_text(resample(p, sr, ASR_RATE), language, speech_only=speech_only) for p in pieces)
    return " ".join(t for t in texts if t)


def phrase_hearing(asr: "Transcriber", language: str, texts: Sequence[str], lengths: Sequence[int],
                   sr: int) -> Callable[[np.ndarray], Optional[float]]:
    """Back-ASR CER of consecutive phrases (``lengths`` samples each, read ``texts``) held in one
    signal, each heard on its own; phrases past the signal's end are left out (None: none left)."""
    bounds = np.cumsum([0, *lengths])

    def cer(audio: np.ndarray) -> Optional[float]:
        n = int(np.searchsorted(bounds, len(audio), side="right")) - 1  # phrases wholly inside
        reference = " ".join(texts[:n])
        if n < 1 or not M.normalize_text(reference, language):
            return None
        heard = _hear(asr, (audio[bounds[i]:bounds[i + 1]] for i in range(n)), sr, language, speech_only=True)
        return M.text_scores(reference, heard, language).cer

    return cer


#: A window of dub speech in which back-ASR heard fewer than this share of what its phrases say
#: (characters of the normalised text, codes and numbers as said) is heard again phrase by phrase:
#: Whisper sometimes ends a window after its first sentence (gl jfk_speech: 6 of 23 words heard
#: in the window, all of them phrase by phrase) or drops the last one (es jfk_speech's converted
#: voice: 14 of 20 words, CER 0.35 where the TTS read 0.00). Characters, not words: a code heard
#: spelt ("E c 2" for "EC2") adds words, so a window missing a whole command could pass on words.
RESCUE_SHARE = 0.8
#: Audio kept around a phrase when it is heard on its own (seconds).
PHRASE_PAD_S = 0.1


class DubHearing:
    """Back-ASR of dub tracks (target language, known to be speech), window by window.

    A window where Whisper stopped early (under :data:`RESCUE_SHARE` of its phrases' text heard) is transcribed again phrase by phrase, and the longer transcript kept;
    ``rescued`` counts such windows. Identical audio is transcribed once.
    """

    def __init__(self, record: "PairRecord", sr: int, asr: "Transcriber") -> None:
        self.record, self.sr, self.asr = record, sr, asr
        self.rescued = 0
        self._memo: dict[str, str] = {}

    def _heard(self, audio: np.ndarray) -> str:
        import hashlib

        digest = hashlib.sha1(np.ascontiguousarray(audio, np.float32).tobytes()).hexdigest()
        if digest not in self._memo:
            self._memo[digest] = _hear(self.asr, [audio], self.sr, self.record.language, speech_only=True)
        return self._memo[digest]

    def phrases(self, track: Track, segs: Optional[Sequence[Any]] = None, start: int = 0, end: Optional[int] = None,
                pad_s: float = PHRASE_PAD_S) -> str:
        """Each phrase of ``segs`` (default: all) heard on its own, ±``pad_s``, within samples
        [start, end) of ``track``."""
        sr, pad = self.sr, pad_s * self.sr
        end = track.n if end is None else end
        return " ".join(t for t in (
            self._heard(track.read(max(start, int(s.dub_start * sr - pad)), min(end, int(s.dub_end * sr + pad))))
            for s in (self.record.segments if segs is None else segs)) if t)

    def _said(self, text: str) -> int:
        """Characters of ``text`` normalised as said (no spaces)."""
        return len(M.normalize_text(text, self.record.language).replace(" ", ""))

    def __call__(self, track: Track) -> str:
        sr, segs = self.sr, self.record.segments
        parts = []
        for a, b in windows([(s.dub_start, s.dub_end) for s in segs], track.n, sr):
            text = self._heard(track.read(a, b))
            inside = [s for s in segs if a <= round(s.dub_start * sr) < b]
            if len(inside) > 1 and self._said(text) < RESCUE_SHARE * self._said(" ".join(s.text for s in inside)):
                by_phrase = self.phrases(track, inside, a, b)
                if self._said(by_phrase) > self._said(text):
                    text = by_phrase
                    self.rescued += 1
            parts.append(text)
        return " ".join(t for t in parts if t)


def intelligibility(record: "PairRecord", speech: TrackLike, background: TrackLike, sr: int,
                    speech_regions: Sequence[tuple[float, float]], hear: DubHearing) -> tuple[dict, dict]:
    """Back-ASR of the dub speech (target language) and of the background (source language)."""
    speech, background = Track.of(speech), Track.of(background)
    reference = " ".join(s.text for s in record.segments)
    heard = hear(speech)
    sc = M.text_scores(reference, heard, record.language)
    # Leakage: what of the original words can still be heard in the background stem, where the
    # original speech was. Recall (hits / source words), so hallucinated filler does not count.
    groups = region_groups(speech_regions, background.n, sr)
    leaked = _hear(hear.asr, (background.cut(sr, g) for g in groups), sr, record.source_language)
    source_text = " ".join(s.source_text for s in record.segments)
    lk = M.text_scores(source_text, leaked)
    metrics = {"wer": _r(sc.wer), "cer": _r(sc.cer), "asr_words": sc.hyp_words,
               "leak_recall": _r(lk.recall), "leak_words": lk.hyp_words}
    return metrics, {"reference": reference, "heard": heard, "source": source_text, "leaked": leaked}


#: Intelligibility is measured after each of these stages, in order: (name, track).
#: tts: synthesis as placed; voice: after conversion; loudness: after loudness/EQ (the dub speech
#: stem, whose CER is ``cer``); mix: the dubbed mix (background, and what it leaks, included).
INTELLIGIBILITY_STAGES = ("tts", "voice", "loudness", "mix")


def stage_intelligibility(record: "PairRecord", tracks: dict[str, Optional[TrackLike]], hear: DubHearing,
                          heard: Optional[dict[str, str]] = None) -> tuple[dict, dict]:
    """Back-ASR CER after each stage and what each stage after TTS cost (CER now − CER before).

    ``tracks`` maps a stage of :data:`INTELLIGIBILITY_STAGES` to its mono track (None: not
    available, e.g. an output written before voice.wav existed; its cost then counts in the next
    stage's). ``heard`` holds transcripts already made (by stage), so no track is transcribed
    twice; identical audio (a ``none`` backend) is transcribed once too.
    """
    reference = " ".join(s.text for s in record.segments)
    texts: dict[str, str] = dict(heard or {})
    metrics: dict[str, Any] = {}
    previous: Optional[float] = None
    costs: dict[str, float] = {}
    for stage in INTELLIGIBILITY_STAGES:
        given = tracks.get(stage)
        if given is None:
            metrics[f"cer_{stage}"] = None
            continue
        if stage not in texts:
            texts[stage] = hear(Track.of(given))
        cer = M.text_scores(reference, texts[stage], record.language).cer
        metrics[f"cer_{stage}"] = _r(cer)
        if previous is not None:
            costs[stage] = cer - previous
            metrics[f"cer_cost_{stage}"] = _r(cer - previous)
        previous = cer
    worst = max(costs, key=lambda k: costs[k]) if costs else None
    metrics["stage_cer_cost_max"] = _r(costs[worst]) if worst else None
    metrics["stage_cer_worst"] = worst or ""
    return metrics, {f"heard_{k}": v for k, v in texts.items()}


def _frame_levels(track: Track, sr: int) -> np.ndarray:
    """:func:`metrics.frame_levels_db` of a track, computed block by block (the same frames)."""
    hop, win = int(round(M.FRAME_S * sr)), int(round(M.WINDOW_S * sr))
    total = max(0, (track.n - win) // hop + 1)
    if total == 0:
        return M.frame_levels_db(track.read(0, track.n), sr)
    per = max(1, int(qc_tracks.QC_BLOCK_S * sr) // hop)
    return np.concatenate([M.frame_levels_db(track.read(k * hop, (min(total, k + per) - 1) * hop + win), sr)
                           for k in range(0, total, per)])


def timing(record: "PairRecord", speech: TrackLike, tts: TrackLike, sr: int, cut_s: float) -> tuple[dict, list[dict]]:
    """Per segment onset/offset of the dub stem vs the source phrase and the plan; drops."""
    segs = record.segments
    planned = [(s.dub_start, s.dub_end) for s in segs]
    windows = M.search_windows(planned, record.duration)
    dub_lv, tts_lv = _frame_levels(Track.of(speech), sr), _frame_levels(Track.of(tts), sr)
    dub_ext = M.extents(dub_lv, windows)
    rows, abs_err, start_err, end_err, place_err, dropped = [], [], [], [], [], []
    for s, d, win in zip(segs, dub_ext, windows):
        row: dict[str, Any] = {"id": s.id, "onset": d.onset, "offset": d.offset}
        if d.onset is not None and d.offset is not None:
            se, ee = (d.onset - s.source_start) * 1000, (d.offset - s.source_end) * 1000
            row.update(start_error_ms=round(se, 1), end_error_ms=round(ee, 1))
            abs_err += [abs(se), abs(ee)]
            start_err.append(se)
            end_err.append(ee)
            place_err.append(abs(d.onset - s.dub_start) * 1000)
        # What the synthesis put there (before conversion/loudness/remix) must all still be there.
        dropped.append(M.dropped_seconds(tts_lv, dub_lv, win))
        row["dropped_s"] = round(dropped[-1], 3)
        rows.append(row)
    stretch_either = [max(s.stretch, 1.0 / s.stretch) for s in segs if s.stretch > 0]
    metrics = {
        "segments": len(segs),
        "segments_silent": sum(1 for d in dub_ext if d.onset is None),
        "timing_error_ms": _r(float(np.mean(abs_err)) if abs_err else None, 1),
        "timing_error_max_ms": _r(max(abs_err) if abs_err else None, 1),
        "start_error_ms": _r(float(np.mean(start_err)) if start_err else None, 1),
        "end_error_ms": _r(float(np.mean(end_err)) if end_err else None, 1),
        "placement_error_ms": _r(max(place_err) if place_err else None, 1),
        "stretch_max": _r(max(stretch_either) if stretch_either else 1.0),
        "stretch_mean": _r(float(np.mean([s.stretch for s in segs])) if segs else 1.0),
        "overrun_s": _r(sum(s.overrun for s in segs), 3),
        "overrun_max_s": _r(max((s.overrun for s in segs), default=0.0), 3),
        "speech_dropped_s": _r(float(cut_s) + sum(dropped), 3),
        "past_end_s": _r(float(cut_s), 3),  # dub speech past the end of the video (cut there)
    }
    return metrics, rows


def voice(record: "PairRecord", source_speech: TrackLike, speech: TrackLike, tts: TrackLike, sr: int,
          embedder: Any, profiler: Any, converted: Optional[TrackLike] = None) -> tuple[dict, list[dict]]:
    """Speaker similarity (dub, pre-conversion TTS and, with ``converted``, the speech right after
    conversion vs source) and F0 per speaker."""
    from ..stages.speakers import NoSpeechError

    source_speech, speech, tts = Track.of(source_speech), Track.of(speech), Track.of(tts)
    converted = None if converted is None else Track.of(converted)
    rows, w_sum, f0_err, range_err = [], 0.0, [], []
    sums: dict[str, list[float]] = {"sim": [], "sim_tts": [], "sim_voice": []}
    for info in record.speakers:
        mine = _spread([s for s in record.segments if s.speaker == info.id], VOICE_MAX_S)
        src = source_speech.cut(sr, [(s.source_start, s.source_end) for s in mine])
        dub_spans = [(s.dub_start, s.dub_end) for s in mine]
        tracks = {"sim": speech, "sim_tts": tts, **({"sim_voice": converted} if converted is not None else {})}
        row: dict[str, Any] = {"id": info.id, "seconds": info.seconds}
        try:
            e_src = embedder.embed(src, sr)
            row.update({k: _r(M.cosine(e_src, embedder.embed(t.cut(sr, dub_spans), sr))) for k, t in tracks.items()})
        except NoSpeechError as e:  # too little speech for this speaker: reported, not guessed
            row.update({k: None for k in tracks})
            row["note"] = f"not embedded: {e}"
        p_dub, p_tts = profiler.profile(speech.cut(sr, dub_spans), sr), profiler.profile(tts.cut(sr, dub_spans), sr)
        row.update(f0_median_src=_r(info.f0_median, 1), f0_median_dub=_r(p_dub.f0_median, 1),
                   f0_median_tts=_r(p_tts.f0_median, 1), f0_range_src=_r(info.f0_range, 2),
                   f0_range_dub=_r(p_dub.f0_range, 2), f0_range_tts=_r(p_tts.f0_range, 2))
        if row["sim"] is not None:
            w_sum += info.seconds
            for k in tracks:
                sums[k].append(info.seconds * row[k])
        st = M.semitones(p_dub.f0_median, info.f0_median)
        if st is not None:
            f0_err.append(abs(st))
        if p_dub.f0_range is not None and info.f0_range is not None:
            range_err.append(abs(p_dub.f0_range - info.f0_range))
        rows.append(row)
    sim, sim_tts, sim_voice = (sum(sums[k]) / w_sum if w_sum and sums[k] else None for k in ("sim", "sim_tts", "sim_voice"))
    gain = lambda a: _r(a - sim_tts) if a is not None and sim_tts is not None else None  # noqa: E731
    metrics = {
        "speaker_sim": _r(sim), "speaker_sim_tts": _r(sim_tts), "speaker_sim_voice": _r(sim_voice),
        "speaker_sim_gain": gain(sim), "speaker_sim_conversion_gain": gain(sim_voice),
        "f0_error_st": _r(max(f0_err) if f0_err else None, 2),
        "f0_range_error_st": _r(max(range_err) if range_err else None, 2),
    }
    return metrics, rows


def loudness(record: "PairRecord", source_speech: TrackLike, speech: TrackLike, tts: TrackLike,
             mix_path: Path, sr: int) -> tuple[dict, list[dict]]:
    """LU difference dub vs source speech (per segment, overall), mix true peak, spectrum shape."""
    from ..stages.loudness import band_spectrum_db, integrated_loudness

    source_speech, speech, tts = Track.of(source_speech), Track.of(speech), Track.of(tts)
    rows, diffs = [], []
    for s in record.segments:
        ls = integrated_loudness(source_speech.span(sr, s.source_start, s.source_end), sr)
        ld = integrated_loudness(speech.span(sr, s.dub_start, s.dub_end), sr)
        d = ld - ls if np.isfinite(ls) and np.isfinite(ld) else None
        if d is not None:
            diffs.append(d)
        rows.append({"id": s.id, "lufs_src": _r(ls, 2), "lufs_dub": _r(ld, 2), "lu_diff": _r(d, 2)})
    some = _spread(list(record.segments), STATS_MAX_S)
    src_all = source_speech.cut(sr, [(s.source_start, s.source_end) for s in some])
    dub_all = speech.cut(sr, [(s.dub_start, s.dub_end) for s in some])
    tts_all = tts.cut(sr, [(s.dub_start, s.dub_end) for s in some])
    l_src, l_dub = integrated_loudness(src_all, sr), integrated_loudness(dub_all, sr)
    peak_db, clipped = _mix_peaks(mix_path, sr)
    centres, b_src = band_spectrum_db(src_all, sr)
    _, b_dub = band_spectrum_db(dub_all, sr)
    _, b_tts = band_spectrum_db(tts_all, sr)
    band = (centres >= SPECTRUM_BAND_HZ[0]) & (centres <= SPECTRUM_BAND_HZ[1])
    valid = band & (b_src > b_src.max() - SPECTRUM_FLOOR_DB)
    metrics = {
        "lufs_src": _r(l_src, 2), "lufs_dub": _r(l_dub, 2),
        "lufs_diff": _r(l_dub - l_src, 2) if np.isfinite(l_src) and np.isfinite(l_dub) else None,
        "lufs_diff_seg_mean_abs": _r(float(np.mean(np.abs(diffs))) if diffs else None, 2),
        "lufs_diff_seg_max_abs": _r(float(np.max(np.abs(diffs))) if diffs else None, 2),
        "true_peak_db": _r(peak_db, 2),
        "clipped_fraction": _r(clipped, 6),
        "spectrum_distance_db": _r(M.spectrum_distance_db(b_src, b_dub, valid & (b_dub > b_dub.max() - SPECTRUM_FLOOR_DB)), 2),
        "spectrum_distance_tts_db": _r(M.spectrum_distance_db(b_src, b_tts, valid & (b_tts > b_tts.max() - SPECTRUM_FLOOR_DB)), 2),
    }
    return metrics, rows


def _mix_peaks(path: Path, sr: int) -> tuple[float, float]:
    """True peak (dBTP) and clipped fraction of a WAV (all channels), block by block."""
    from .. import audiofile
    from ..stages.loudness import TRUE_PEAK_CONTEXT, true_peak_db

    i = audiofile.info(path)
    peak, clipped = float("-inf"), 0.0
    for a, b in blocks(i.frames, sr):
        lo = max(0, a - TRUE_PEAK_CONTEXT)
        x = audiofile.read(path, lo, b + TRUE_PEAK_CONTEXT)
        peak = max(peak, true_peak_db(x, sr))
        clipped += M.clipped_fraction(x[a - lo:a - lo + b - a]) * (b - a)
    return peak, clipped / i.frames if i.frames else 0.0


def _spread(segments: list[Any], cap_s: float) -> list[Any]:
    from ..dsp import spread_pick

    return [segments[i] for i in spread_pick([s.source_end - s.source_start for s in segments], cap_s)]


def background(record: "PairRecord", source: TrackLike, mix: TrackLike, bg: TrackLike, sr: int,
               speech_regions: Sequence[tuple[float, float]]) -> dict:
    """Fidelity of the remix where nobody speaks; residual energy of the background in speech."""
    source, mix, bg = Track.of(source), Track.of(mix), Track.of(bg)
    n = source.n
    if mix.n != n or bg.n != n:
        raise ValueError(f"{record.clip_id}/{record.language}: source, mix and background lengths differ ({n}, {mix.n}, {bg.n})")
    busy = merge_regions(list(speech_regions) + [(s.dub_start, s.dub_end) for s in record.segments], SPEECH_PAD_S)
    quiet, inside = Moments(), Moments()
    for a, b in blocks(n, sr):
        x, m, g = source.read(a, b), mix.read(a, b), bg.read(a, b)
        q, i = ~mask(a, b, sr, busy), mask(a, b, sr, speech_regions)
        quiet.add({"s": x[q], "m": m[q]}, [("s", "s"), ("m", "m"), ("s", "m")])
        inside.add({"g": g[i], "s": x[i]}, [("g", "g"), ("s", "s")])
    out: dict[str, Any] = {"bg_seconds": _r(quiet.count / sr, 2), "bg_sisdr_db": None, "bg_corr": None}
    rr, ee, er = quiet.centred("s", "s"), quiet.centred("m", "m"), quiet.centred("m", "s")
    if quiet.count >= MIN_BACKGROUND_S * sr and quiet.dot("s", "s") > 0 and rr > 0:
        out["bg_sisdr_db"] = _r(min(M.si_sdr_from(rr, ee, er), SISDR_CEILING_DB), 2)
        out["bg_corr"] = _r(M.correlation_from(rr, ee, er), 4)
    ss = inside.dot("s", "s")
    out["bg_residual_db"] = _r(10 * np.log10(max(inside.dot("g", "g") / ss, 1e-12)), 2) if ss > 0 else None
    return out


#: Where a clean recording of an input's original speech may sit (shared/media's layout first).
REFERENCE_SPEECH = ("stems/{stem}.speech.flac", "{stem}.speech.flac", "{stem}.speech.wav")


def reference_speech_path(original: Path) -> Optional[Path]:
    """The clean original speech of an input, when one sits next to it (see ``REFERENCE_SPEECH``)."""
    for pattern in REFERENCE_SPEECH:
        p = Path(original).parent / pattern.format(stem=Path(original).stem)
        if p.is_file():
            return p
    return None


def _reference_mono(path: Path, sr: int, n: int) -> np.ndarray:
    """A reference recording as mono float at ``sr``, cut or zero-padded to ``n`` samples."""
    import soundfile as sf
    from scipy.signal import resample_poly

    x, file_sr = sf.read(str(path), dtype="float32", always_2d=True)
    x = x.mean(axis=1)
    if file_sr != sr:
        g = np.gcd(int(file_sr), int(sr))
        x = resample_poly(x, sr // g, file_sr // g).astype(np.float32)
    return np.pad(x[:n], (0, max(0, n - len(x))))


def residual_speech(files: PairFiles, source_speech: TrackLike, bg: TrackLike, speech: TrackLike, mix: TrackLike,
                    sr: int, speech_regions: Sequence[tuple[float, float]]) -> dict:
    """Original speech left in the dub, in dB vs the dubbed mix.

    ``residual_speech_db``: what the remix put besides the dub's speech (mix − dub speech stem)
    projected onto the clean original speech, when a reference sits next to the input
    (:func:`reference_speech_path`); None otherwise. ``residual_speech_mix_db``: the whole
    dubbed mix projected (reported, not gated): the dub's speech is new, but voice-matched and
    time-aligned it correlates by chance with the original in the F0 band (measured -27 dB on
    a clean read clip whose background left -100 dB), which hides or fakes a leak.
    ``residual_speech_est_db``: always; the background stem projected onto the separated
    source speech inside the speech regions (:func:`metrics.residual_speech_estimate_db`).
    """
    source_speech, bg, speech, mix = (Track.of(t) for t in (source_speech, bg, speech, mix))
    n = mix.n
    if bg.n != n or source_speech.n != n or speech.n != n:
        raise ValueError(f"residual_speech: mix, background, dub and source speech lengths differ "
                         f"({n}, {bg.n}, {speech.n}, {source_speech.n})")
    ref_path = reference_speech_path(files.original)
    ref = Track.of(_reference_mono(ref_path, sr, n)) if ref_path is not None else None
    whole, inside = Moments(), Moments()
    for a, b in blocks(n, sr):
        m, i = mix.read(a, b), mask(a, b, sr, speech_regions)
        g, x = bg.read(a, b)[i], source_speech.read(a, b)[i]
        inside.add({"b": g, "s": x}, [("b", "s"), ("s", "s"), ("b", "b")])
        if ref is None:
            whole.add({"m": m}, [("m", "m")])
        else:
            r = ref.read(a, b)
            whole.add({"m": m, "r": r, "d": m - speech.read(a, b)}, [("m", "m"), ("r", "r"), ("d", "r"), ("m", "r")])
    mm = whole.dot("m", "m")
    out: dict[str, Any] = {
        "residual_speech_est_db": _r(M.residual_estimate_from(inside.dot("b", "s"), inside.dot("s", "s"),
                                                              inside.dot("b", "b"), mm), 1),
        "residual_speech_db": None, "residual_speech_mix_db": None, "residual_speech_reference": None,
    }
    if ref is not None:
        rr = whole.dot("r", "r")
        out["residual_speech_db"] = _r(M.residual_from(whole.dot("d", "r"), rr, mm), 1)
        out["residual_speech_mix_db"] = _r(M.residual_from(whole.dot("m", "r"), rr, mm), 1)
        out["residual_speech_reference"] = ref_path.name
    return out


@lru_cache(maxsize=64)
def _original_facts(path: str, size: int, mtime_ns: int, track: int) -> tuple[str, int, int]:
    """Video md5, decoded sample count and rate of the dubbed audio track of an input, once per
    file version (shared by its pairs)."""
    from .. import media

    return (media.video_md5(Path(path)), media.audio_samples(Path(path), track),
            media.probe(Path(path), track).sample_rate)


def container(record: "PairRecord", files: PairFiles) -> dict:
    """Video packets identical, audio as long as the dubbed track, rate as recorded, language tag present.

    Length: the dub's declared length (MP4 edit list) equals the original track's decoded length
    (at the dub's rate); the decoded dub may exceed it only by the last codec frame's padding,
    which ffmpeg 5 keeps for AAC. The rate in the file must be the record's ``sample_rate``.
    """
    from .. import media

    if files.video is None:
        return {"container_ok": None}
    st = files.original.stat()
    md5_src, samples_src, rate_src = _original_facts(str(files.original.resolve()), st.st_size, st.st_mtime_ns,
                                                     record.audio_track)
    video_equal = media.video_md5(files.video) == md5_src
    dub = media.audio_stream(files.video)
    decoded = media.audio_samples(files.video)
    declared = dub.samples if dub.samples is not None else decoded
    expected = round(samples_src * dub.sample_rate / rate_src)
    padding = decoded - declared
    samples_equal = declared == expected and 0 <= padding <= dub.frame_samples
    rate_ok = dub.sample_rate == record.sample_rate
    langs = media.stream_languages(files.video)
    lang_ok = bool(langs) and langs[0] == media._iso639_2(record.language)  # ISO 639-2/B, as mux writes it
    return {"video_equal": video_equal, "samples_equal": samples_equal, "samples_diff": declared - expected,
            "decoder_padding": padding, "audio_rate": dub.sample_rate, "rate_ok": rate_ok,
            "language_tag": langs[0] if langs else "", "language_ok": lang_ok,
            "container_ok": bool(video_equal and samples_equal and rate_ok and lang_ok)}


# --------------------------------------------------------------------------- entry point

def measure_pair(record: "PairRecord", out_dir: Path, recipe: "Recipe", resources: "Resources") -> dict[str, Any]:
    """Measure one pair (no gates): ``{"metrics", "detail", "version"}``.

    Deterministic for given files and backends, so a caller may cache it (keyed by the pair's
    inputs and ``QC_VERSION``) and re-gate with :func:`gate_pair` when thresholds change.
    """
    if recipe.language != record.language:
        raise ValueError(f"recipe {recipe.name!r} is for {recipe.language!r}, the pair is {record.clip_id}/{record.language}")
    out_dir = Path(out_dir)
    files = PairFiles.of(record, out_dir)
    sr = record.sample_rate
    source, source_speech, bg = (Track.file(p, sr) for p in (files.source, files.source_speech, files.background))
    speech, tts, mix = (Track.file(p, sr) for p in (files.speech, files.tts, files.mix))
    transcript = json.loads(files.transcript.read_text(encoding="utf-8"))
    plan = json.loads(files.plan.read_text(encoding="utf-8"))
    speech_regions = merge_regions([tuple(r) for r in transcript["speech"]]
                                     + [(s.source_start, s.source_end) for s in record.segments])

    asr = resources.backend("asr", recipe.asr)
    embedder = resources.backend("speakers", recipe.speakers)
    profiler = resources.backend("voice", recipe.voice)

    hear = DubHearing(record, sr, asr)
    m_int, texts = intelligibility(record, speech, bg, sr, speech_regions, hear)
    voice_track = Track.file(files.voice, sr) if files.voice is not None else None
    m_stages, stage_texts = stage_intelligibility(
        record, {"tts": tts, "voice": voice_track, "loudness": speech, "mix": mix}, hear,
        heard={"loudness": texts["heard"]})
    m_stages["asr_rescued_windows"] = hear.rescued
    texts.update({k: v for k, v in stage_texts.items() if k != "heard_loudness"})
    m_time, seg_rows = timing(record, speech, tts, sr, float(plan.get("cut_s", 0.0)))
    m_voice, spk_rows = voice(record, source_speech, speech, tts, sr, embedder, profiler, voice_track)
    m_loud, loud_rows = loudness(record, source_speech, speech, tts, files.mix, sr)
    m_bg = background(record, source, mix, bg, sr, speech_regions)
    m_res = residual_speech(files, source_speech, bg, speech, mix, sr, speech_regions)
    m_box = container(record, files)
    for row, lr in zip(seg_rows, loud_rows):
        row.update({k: v for k, v in lr.items() if k != "id"})
    kept = [s.untranslated for s in record.segments]
    metrics = {**m_int, **m_stages, **m_time, **m_voice, **m_loud, **m_bg, **m_res, **m_box,
               "untranslated_words": None if all(k is None for k in kept) else sum(len(k or ()) for k in kept),
               "speaker_backend": getattr(embedder, "backend", str(recipe.speakers.backend))}
    return {"metrics": metrics, "version": QC_VERSION,
            "detail": {"segments": seg_rows, "speakers": spk_rows, "texts": texts}}


def gate_pair(measured: dict[str, Any], qc: "QCConfig") -> dict[str, Any]:
    """Apply ``qc`` thresholds to a :func:`measure_pair` result: the full QC dict of a record."""
    passed, reasons = apply_gates(measured["metrics"], qc)
    return {"pass": passed, "reasons": reasons, **measured}


def evaluate_pair(record: "PairRecord", out_dir: Path, recipe: "Recipe", resources: "Resources") -> dict[str, Any]:
    """Measure one pair and apply the recipe's gates.

    Returns:
        ``{"pass", "reasons", "metrics", "detail", "version"}``: ``metrics`` holds flat scalars
        (aggregated over runs), ``detail`` per-segment and per-speaker rows and the texts.
        With ``recipe.qc.enabled`` false nothing is measured and the pair passes.
    """
    if not recipe.qc.enabled:
        return {"pass": True, "reasons": [], "metrics": {}, "detail": {"skipped": "qc disabled in the recipe"}, "version": QC_VERSION}
    return gate_pair(measure_pair(record, out_dir, recipe, resources), recipe.qc)
