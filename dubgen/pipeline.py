"""The dubbing pipeline for one clip: shared stages once, then each recipe's language.

extract → asr → align → speakers → separation (shared by all recipes with the same settings)
→ translate → synthesize (timing plan + TTS + stretch) → voice → loudness → remix/mux.

Each stage is cached by content (see :mod:`dubgen.cache`); the runner passes
``StageEvent``s to an optional hook instead of printing.
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

import numpy as np

from . import __version__, audiofile, media
from .cache import Entry, StageCache
from .config import Recipe, stage_block
from .dsp import fit_length, resample, spread_pick, time_stretch
from .errors import DubgenError, MediaError, StageError, output_fault
from .io import copy_file, sha256_file, write_json, write_text
from .manifest import DubSegment, FailureRecord, PairRecord, SourceSegment, SpeakerInfo, StageRecord, is_text_path
from .resources import Resources
from .runtime import release_free_memory
from .stages.align import align_transcript
from .stages.asr import ASR_RATE
from .stages.separation import separate_file
from .stages.speakers import NoSpeechError
from .stages.timing import choose_stretch, place, plan_slots
from .stages.tts import build_chain
from .stages.voice import VoiceProfile, similarity_to
from .subtitles import to_srt

SHARED_STAGES = ("extract", "asr", "align", "speakers", "separation")
LANGUAGE_STAGES = ("translate", "synthesize", "voice", "loudness", "remix", "qc")
STAGES = SHARED_STAGES + LANGUAGE_STAGES
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
#: Changes when the remix writes other files (2: voice.wav, the placed phrases after conversion).
REMIX_VERSION = 2
#: Changes when synthesis is post-processed otherwise (2: leading/trailing near-silence trimmed).
SYNTHESIZE_VERSION = 2


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


def _public(cfg: Any) -> dict[str, Any]:
    return cfg.model_dump()


@dataclass
class ClipPipeline:
    """Dubs one input file with one or more recipes."""

    out: Path
    resources: Resources
    hook: Optional[Hook] = None
    seed: Optional[int] = None
    records: list[StageRecord] = field(default_factory=list)
    audio_track: Optional[int] = None  # audio stream to dub (0-based); None: the default-disposition one

    def __post_init__(self) -> None:
        self.out = Path(self.out).resolve()
        self.cache = StageCache(self.out)

    # -- helpers -------------------------------------------------------------------------
    def _emit(self, clip_id: str, stage: str, status: str, language: str = "", seconds: float = 0.0, message: str = "") -> None:
        if self.hook is not None:
            self.hook(StageEvent(clip_id, stage, status, language, seconds, message))

    def _stage(
        self, clip_id: str, stage: str, language: str, key: str, backend: Any, params: dict[str, Any],
        build: Callable[[Entry], None], log: list[StageRecord],
    ) -> Entry:
        """Return the cached entry for ``key`` or compute it; record a StageRecord either way."""
        name = getattr(backend, "backend", str(backend))
        version = backend.version() if hasattr(backend, "version") else str(backend)
        entry = self.cache.get(stage, key)
        if entry is not None:
            self._emit(clip_id, stage, "cached", language)
            log.append(StageRecord(name=stage, backend=name, version=version, params=params,
                                   seconds=float(entry.meta.get("seconds", 0.0)), cached=True))
            return entry
        self._emit(clip_id, stage, "start", language)
        t0 = time.perf_counter()
        try:
            holder: dict[str, float] = {}

            def timed(e: Entry) -> None:
                build(e)
                holder["s"] = time.perf_counter() - t0
                e.meta["seconds"] = round(holder["s"], 4)

            entry = self.cache.put(stage, key, timed, {"stage": stage, "backend": name, "version": version})
        except DubgenError:
            self._emit(clip_id, stage, "failed", language)
            raise
        except Exception as e:  # a backend's own exception: wrap it with stage and clip
            self._emit(clip_id, stage, "failed", language, message=str(e))
            raise StageError(stage, clip_id, f"{type(e).__name__}: {e}") from e
        release_free_memory()
        seconds = float(entry.meta["seconds"])
        self._emit(clip_id, stage, "done", language, seconds)
        log.append(StageRecord(name=stage, backend=name, version=version, params=params, seconds=seconds))
        return entry

    # -- entry point ------------------------------------------------------------------------
    def run(self, path: Path, recipes: list[Recipe]) -> tuple[list[PairRecord], list[FailureRecord]]:
        """Dub one input with each recipe: (pairs, failures); a bad input or recipe never raises.

        Raises :class:`OutputError` when the output folder cannot take files (full, read-only).
        """
        path = Path(path)
        stage = "probe"
        clip_id = _UNSAFE.sub("_", path.stem) or "clip"
        where = os.path.abspath(path)
        try:
            info = media.probe(path, self.audio_track)
            sha = sha256_file(path)
            clip_id = clip_id_for(path, sha)
            shared_log: list[StageRecord] = []
            stage = "extract"
            rate = media.working_rate(info.sample_rate, [r.mix.audio_codec for r in recipes])
            ext = self._extract(path, clip_id, sha, info, rate, shared_log)
        except (DubgenError, OSError, RuntimeError) as e:
            _raise_if_output_fault(e, self.out)
            return [], [FailureRecord(input=where, clip_id=clip_id, stage=stage, error=str(e))]
        pairs: list[PairRecord] = []
        failures: list[FailureRecord] = []
        shared: dict[str, Any] = {}
        for recipe in recipes:
            try:
                key = recipe.asr.model_dump_json() + recipe.speakers.model_dump_json() + recipe.separation.model_dump_json() + str(recipe.source_language)
                if key not in shared:
                    log = list(shared_log)
                    shared[key] = (self._shared(clip_id, ext, recipe, log), log)
                (asr, spk, sep), log = shared[key]
                pair = self._language(path, info, clip_id, ext, asr, spk, sep, recipe, list(log))
                pairs.append(self._original_link(path, pair))
            except (DubgenError, OSError, RuntimeError, ValueError) as e:
                _raise_if_output_fault(e, self.out)
                failures.append(FailureRecord(
                    input=where, clip_id=clip_id, language=recipe.language, recipe=recipe.name,
                    stage=getattr(e, "stage", "pipeline"), error=str(e),
                ))
        return pairs, failures

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

    # -- shared stages ------------------------------------------------------------------------
    def _extract(self, path: Path, clip_id: str, sha: str, info: media.MediaInfo, sr: int,
                 log: list[StageRecord]) -> Entry:
        # the chosen track, at the working rate (what the output codecs carry: stems, mux and manifest agree)
        track = info.audio_track

        def build(e: Entry) -> None:
            samples, channels = media.decode_audio_to_wav(path, e.file("source.wav"), sr, track=track)
            e.put_array("audio16k", audiofile.resample_file(e.file("source.wav"), ASR_RATE))
            e.data.update(sample_rate=sr, channels=channels, samples=samples, audio_track=track,
                          duration=samples / sr, video_md5=media.video_md5(path) if info.has_video else "",
                          has_video=info.has_video)

        key = self.cache.key("extract", sha, 2, track, sr)
        return self._stage(clip_id, "extract", "", key, "ffmpeg", {}, build, log)

    def _shared(self, clip_id: str, ext: Entry, recipe: Recipe, log: list[StageRecord]) -> tuple[Entry, Entry, Entry]:
        res = self.resources
        asr_b = res.backend("asr", recipe.asr)
        asr_key = self.cache.key("asr", ext.path.name, asr_b.version(), res.params("asr", recipe.asr), recipe.source_language)

        def build_asr(e: Entry) -> None:
            tr = asr_b.transcribe(ext.array("audio16k"), recipe.source_language)
            if not tr.segments:
                raise MediaError(clip_id, "no speech found (ASR returned no words)")
            e.data.update(language=tr.language, speech=[list(r) for r in tr.speech],
                          segments=[s.model_dump() for s in tr.segments])

        asr = self._stage(clip_id, "asr", "", asr_key, asr_b, res.params("asr", recipe.asr), build_asr, log)
        asr, asr_key = self._align(clip_id, ext, asr, asr_key, recipe, log)  # aligned phrases replace the ASR ones
        segments = [SourceSegment.model_validate(s) for s in asr.data["segments"]]

        spk_b = res.backend("speakers", recipe.speakers)
        spk_key = self.cache.key("speakers", asr_key, spk_b.version(), res.params("speakers", recipe.speakers))

        def build_spk(e: Entry) -> None:
            labels = spk_b.assign(ext.array("audio16k"), ASR_RATE, [(s.start, s.end) for s in segments])
            e.data["labels"] = list(labels)

        spk = self._stage(clip_id, "speakers", "", spk_key, spk_b, res.params("speakers", recipe.speakers), build_spk, log)

        sep_b = res.backend("separation", recipe.separation)
        regions = _speech_regions(asr.data)
        sep_key = self.cache.key("separation", ext.path.name, regions, sep_b.version(), res.params("separation", recipe.separation))

        def build_sep(e: Entry) -> None:
            separate_file(sep_b, ext.file("source.wav"), e.file("speech.wav"), e.file("background.wav"), regions)

        sep = self._stage(clip_id, "separation", "", sep_key, sep_b, res.params("separation", recipe.separation), build_sep, log)
        self._publish_shared(clip_id, ext, asr, spk, sep)
        return asr, spk, sep

    def _align(self, clip_id: str, ext: Entry, asr: Entry, asr_key: str, recipe: Recipe, log: list[StageRecord]) -> tuple[Entry, str]:
        al_b = self.resources.backend("align", recipe.align)
        key = self.cache.key("align", asr_key, al_b.version(), self.resources.params("align", recipe.align))
        split = (recipe.asr.split_pause_s, recipe.asr.max_segment_s, recipe.asr.min_segment_s)

        def build(e: Entry) -> None:
            segs = [SourceSegment.model_validate(s) for s in asr.data["segments"]]
            al = align_transcript(al_b, ext.array("audio16k"), asr.data["language"], segs, split)
            e.data.update(language=asr.data["language"], speech=asr.data["speech"], unaligned=list(al.unaligned),
                          segments=[s.model_dump() for s in al.segments])

        return self._stage(clip_id, "align", "", key, al_b, self.resources.params("align", recipe.align), build, log), key

    def _publish_shared(self, clip_id: str, ext: Entry, asr: Entry, spk: Entry, sep: Entry) -> None:
        d = self.out / clip_id
        for src, name in ((ext.file("source.wav"), "source.wav"), (sep.file("background.wav"), "background.wav"),
                          (sep.file("speech.wav"), "speech_source.wav")):
            _link(src, d / name)
        segs = [dict(s, speaker=lab) for s, lab in zip(asr.data["segments"], spk.data["labels"])]
        write_json(d / "transcript.json", {"language": asr.data["language"], "speech": asr.data["speech"], "segments": segs,
                                           "unaligned": asr.data["unaligned"]})
        write_text(d / "source.srt", to_srt([(s["start"], s["end"], s["text"]) for s in segs]))

    # -- per-language stages -------------------------------------------------------------------
    def _language(
        self, path: Path, info: media.MediaInfo, clip_id: str, ext: Entry, asr: Entry, spk: Entry, sep: Entry,
        recipe: Recipe, log: list[StageRecord],
    ) -> PairRecord:
        res = self.resources
        lang = recipe.language
        seed = recipe.seed if self.seed is None else self.seed
        src_lang = recipe.source_language or asr.data["language"]
        segments = [SourceSegment.model_validate(dict(s, speaker=lab))
                    for s, lab in zip(asr.data["segments"], spk.data["labels"])]
        sr, duration = int(ext.data["sample_rate"]), float(ext.data["duration"])

        tr_b = res.backend("translate", recipe.translate)
        tr_key = self.cache.key("translate", asr.path.name, tr_b.version(), res.params("translate", recipe.translate), src_lang, lang)

        def build_tr(e: Entry) -> None:
            texts = tr_b.translate([s.text for s in segments], src_lang, lang)
            for s, t in zip(segments, texts):
                if any(c.isalpha() for c in s.text) and not any(c.isalpha() for c in t):
                    raise StageError("translate", clip_id, f"segment {s.id} translated to nothing: {s.text!r}")
            e.data["texts"] = texts

        tr = self._stage(clip_id, "translate", lang, tr_key, tr_b, res.params("translate", recipe.translate), build_tr, log)
        texts: list[str] = tr.data["texts"]

        # Speaker profiles (on the separated source speech) pick the base voice and drive conversion.
        # Long recordings: each speaker is described from up to PROFILE_MAX_S of their segments.
        vc_b = res.backend("voice", recipe.voice)
        speech_src = audiofile.spans(sep.file("speech.wav"), sr, [(s.start, s.end) for s in segments])
        speakers = list(dict.fromkeys(s.speaker for s in segments))
        mine_idx = {k: [i for i, s in enumerate(segments) if s.speaker == k] for k in speakers}
        spk_speech = {
            k: np.concatenate([speech_src[i] for i in _spread(idx, [segments[i].end - segments[i].start for i in idx])])
            for k, idx in mine_idx.items()
        }
        profiles = {spk_id: vc_b.profile(x, sr) for spk_id, x in spk_speech.items()}

        # tts.fallback is in every TTS backend's Options; the fallback takes the recipe's rate, its own defaults otherwise
        chain = build_chain(recipe.tts.backend, recipe.tts.fallback, lambda name: res.backend(
            "tts", recipe.tts if name == recipe.tts.backend else stage_block("tts", {"backend": name, "rate": recipe.tts.rate})))
        tts_b = chain.backends()[0]
        voices = chain.choose_voices(lang, {k: p.f0_median for k, p in profiles.items()})
        t = recipe.timing
        syn_key = self.cache.key("synthesize", tr_key, spk.path.name, chain.describe(), res.params("tts", recipe.tts), _public(t), sr, seed,
                                 SYNTHESIZE_VERSION)
        slots = plan_slots([(s.start, s.end) for s in segments], duration, t.borrow_s, t.min_pause_s)

        def build_syn(e: Entry) -> None:
            plan = []
            for i, (seg, text, slot) in enumerate(zip(segments, texts, slots)):
                said = chain.speak(text, seg.speaker, recipe.tts.rate, slot, t.min_rate, t.max_rate)
                audio = resample(said.audio, said.sample_rate, sr)
                stretch = choose_stretch(len(audio) / sr, slot, t.min_stretch, t.max_stretch)
                audio = time_stretch(audio, sr, stretch)
                e.put_array(f"seg{i}", audio)
                plan.append({"backend": said.backend, "fallback_reason": said.fallback_reason, "voice": said.voice,
                             "natural_s": round(said.natural_s, 4), "rate": round(said.rate, 2),
                             "stretch": round(stretch, 4), "length_s": round(len(audio) / sr, 4)})
            e.data["plan"] = plan

        params = {"tts": res.params("tts", recipe.tts), "timing": _public(t), "chain": chain.describe()}
        syn = self._stage(clip_id, "synthesize", lang, syn_key, tts_b, params, build_syn, log)
        plan = syn.data["plan"]
        n = len(segments)

        # Conversion strength per speaker is chosen by speaker similarity to the source speech,
        # measured with the recipe's speakers embedding (the one QC reports).
        spk_b = res.backend("speakers", recipe.speakers)
        vc_key = self.cache.key("voice", syn_key, sep.path.name, vc_b.version(), res.params("voice", recipe.voice),
                                spk_b.version(), res.params("speakers", recipe.speakers))

        def build_vc(e: Entry) -> None:
            tts_profiles, choices = {}, {}
            for spk_id in speakers:
                idx = mine_idx[spk_id]
                mine = np.concatenate([syn.array(f"seg{i}") for i in _spread(idx, [plan[i]["length_s"] for i in idx])])
                tts_profiles[spk_id] = vc_b.profile(mine, sr)
                try:
                    similarity, why = similarity_to(spk_b.embed, spk_speech[spk_id], sr), ""
                except NoSpeechError as err:  # too little source speech: no measured gain is possible
                    similarity, why = None, str(err)
                choices[spk_id] = vc_b.choose(mine, sr, tts_profiles[spk_id], profiles[spk_id], similarity, why)
            for i in range(n):
                seg_audio = syn.array(f"seg{i}")
                sp = segments[i].speaker
                out = vc_b.convert(seg_audio, sr, tts_profiles[sp], profiles[sp], choices[sp].strength)
                e.put_array(f"seg{i}", fit_length(np.asarray(out, np.float32), len(seg_audio)))
            e.data["profiles"] = {k: _profile_dict(v) for k, v in profiles.items()}
            e.data["tts_profiles"] = {k: _profile_dict(v) for k, v in tts_profiles.items()}
            e.data["conversion"] = {k: c.record(vc_b.backend) for k, c in choices.items()}

        vc = self._stage(clip_id, "voice", lang, vc_key, vc_b, res.params("voice", recipe.voice), build_vc, log)

        ld_b = res.backend("loudness", recipe.loudness)
        ld_key = self.cache.key("loudness", vc_key, ld_b.version(), res.params("loudness", recipe.loudness))

        def build_ld(e: Entry) -> None:
            dubs = audiofile.Lazy(n, lambda i: vc.array(f"seg{i}"))
            figures = []
            for i, (a, fig) in enumerate(ld_b.match_iter(dubs, speech_src, [s.speaker for s in segments], sr)):
                e.put_array(f"seg{i}", np.asarray(a, np.float32))
                figures.append(fig)
            e.data["figures"] = figures

        ld = self._stage(clip_id, "loudness", lang, ld_key, ld_b, res.params("loudness", recipe.loudness), build_ld, log)

        # -- remix + mux ----------------------------------------------------------------------
        lengths = [len(ld.array(f"seg{i}")) / sr for i in range(n)]
        placements = place(slots, lengths, t.min_pause_s, duration)
        mix_key = self.cache.key("remix", ld_key, sep.path.name, _public(recipe.mix), placements, ext.path.name, __version__,
                                 media.MUX_VERSION, REMIX_VERSION)

        def build_mix(e: Entry) -> None:
            samples, channels = int(ext.data["samples"]), int(ext.data["channels"])
            starts = [int(round(p.start * sr)) for p in placements]
            cut = sum(max(0.0, p.end - duration) for p in placements)
            # speech after loudness (the dub), the raw TTS and after conversion (the last two for QC)
            stems = {"speech.wav": ld, "tts.wav": syn, "voice.wav": vc}

            def tracks(a: int, b: int) -> np.ndarray:
                """(frames, 3 + channels): the three speech stems and background + dub, limited."""
                out = np.zeros((b - a, 3), np.float32)
                for i, s0 in enumerate(starts):
                    if s0 >= b or s0 + int(lengths[i] * sr) + 1 <= a:
                        continue
                    for k, entry in enumerate(stems.values()):
                        seg = entry.array(f"seg{i}")[: max(0, samples - s0)]
                        lo, hi = max(a, s0), min(b, s0 + len(seg))
                        if hi > lo:
                            out[lo - a:hi - a, k] += seg[lo - s0:hi - s0]
                background = audiofile.read(sep.file("background.wav"), a, b)
                mix = ld_b.limit(background + out[:, :1], sr)
                return np.concatenate([out, mix], axis=1)

            writers = [audiofile.WavWriter(e.file(name), sr, 1, frames=samples) for name in stems]
            writers.append(audiofile.WavWriter(e.file("dubbed.wav"), sr, channels, frames=samples))
            try:
                for _, y in audiofile.process(samples, int(audiofile.BLOCK_S * sr), sr, tracks, fade=sr // 20):
                    for k, w in enumerate(writers[:3]):
                        w.write(y[:, k])
                    writers[3].write(y[:, 3:])
            except BaseException:
                for w in writers:
                    w.close(ok=False)
                raise
            for w in writers:
                w.close()
            e.data["cut_s"] = round(cut, 4)
            if info.has_video:
                media.mux(path, e.file("dubbed.wav"), e.file("dubbed.mp4"), lang, recipe.mix.audio_codec,
                          recipe.mix.audio_bitrate, src_lang if recipe.mix.keep_original_track else None,
                          title=f"dubgen {lang} dub", source_track=info.audio_track)
            e.data["channels"] = channels

        mix = self._stage(clip_id, "remix", lang, mix_key, "ffmpeg", _public(recipe.mix), build_mix, log)

        # -- publish --------------------------------------------------------------------------------
        d = self.out / clip_id / recipe.name
        for name in ("dubbed.wav", "speech.wav", "tts.wav", "voice.wav", "dubbed.mp4"):
            if mix.file(name).exists():
                _link(mix.file(name), d / name)
        dub_segments = tuple(
            DubSegment(
                id=s.id, speaker=s.speaker, source_text=s.text, text=texts[i],
                source_start=s.start, source_end=s.end, slot_start=round(slots[i].slot_start, 4),
                slot_end=round(slots[i].slot_end, 4), dub_start=placements[i].start, dub_end=placements[i].end,
                tts_rate=plan[i]["rate"], stretch=plan[i]["stretch"], overrun=placements[i].overrun,
                voice=plan[i]["voice"], tts_backend=plan[i]["backend"], tts_fallback=plan[i]["fallback_reason"],
            )
            for i, s in enumerate(segments)
        )
        write_text(d / f"subtitles.{lang}.srt", to_srt([(x.dub_start, x.dub_end, x.text) for x in dub_segments]))
        write_json(d / "plan.json", {"segments": [x.model_dump() for x in dub_segments],
                                     "loudness": ld.data["figures"], "cut_s": mix.data["cut_s"]})
        rel = lambda p: os.path.relpath(p, self.out)  # noqa: E731
        speaker_info = tuple(
            SpeakerInfo(id=k, seconds=round(sum(s.end - s.start for s in segments if s.speaker == k), 3),
                        f0_median=profiles[k].f0_median, f0_range=profiles[k].f0_range, voice=voices[k],
                        conversion=vc.data["conversion"][k])  # validated as VoiceConversion
            for k in speakers
        )
        record = PairRecord(
            clip_id=clip_id, language=lang, source_language=src_lang,
            original_video=rel(path.resolve()),
            dubbed_video=rel(d / "dubbed.mp4") if info.has_video else "",
            dubbed_audio=rel(d / "dubbed.wav"), speech_audio=rel(d / "speech.wav"),
            background_audio=rel(self.out / clip_id / "background.wav"),
            source_audio=rel(self.out / clip_id / "source.wav"), tts_audio=rel(d / "tts.wav"),
            subtitles_source=rel(self.out / clip_id / "source.srt"), subtitles_target=rel(d / f"subtitles.{lang}.srt"),
            duration=duration, sample_rate=sr, channels=int(ext.data["channels"]), audio_track=info.audio_track,
            segments=dub_segments,
            speakers=speaker_info, stages=tuple(log), seed=seed, recipe=recipe.name, dubgen_version=__version__,
        )
        return self._qc(clip_id, record, recipe, mix_key, log)

    def _qc(self, clip_id: str, record: PairRecord, recipe: Recipe, mix_key: str, log: list[StageRecord]) -> PairRecord:
        """Measure the published pair (cached: Whisper runs once per dub) and apply the recipe's gates.

        A pair failing its gates is kept, marked ``qc.pass = false`` with the reasons.
        """
        if not recipe.qc.enabled:
            return record
        from .qc import gate_pair, measure_pair
        from .qc.evaluate import QC_VERSION

        res = self.resources
        qc_key = self.cache.key("qc", mix_key, QC_VERSION, res.params("asr", recipe.asr),
                                res.params("speakers", recipe.speakers), res.params("voice", recipe.voice))

        def build_qc(e: Entry) -> None:
            e.data["measured"] = measure_pair(record, self.out, recipe, res)

        qc = self._stage(clip_id, "qc", recipe.language, qc_key, "dubgen-qc", {"version": QC_VERSION}, build_qc, log)
        # canonical key order, so a fresh and a cached run write the same bytes
        verdict = json.loads(json.dumps(gate_pair(qc.data["measured"], recipe.qc), sort_keys=True))
        return record.model_copy(update={"qc": verdict, "stages": tuple(log)})


def _raise_if_output_fault(e: BaseException, out: Path) -> None:
    """Re-raise a full or read-only file system as :class:`OutputError` (it is no clip's fault)."""
    fault = output_fault(e, out)
    if fault is not None:
        raise fault from None


def _speech_regions(asr_data: dict[str, Any]) -> list[tuple[float, float]]:
    """Union of VAD regions and word spans: where the original speech is."""
    spans = [tuple(r) for r in asr_data["speech"]] + [(s["start"], s["end"]) for s in asr_data["segments"]]
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(round(a, 3), round(b, 3)) for a, b in merged]


#: Speech per speaker that voice profiles and conversion choices are measured on (seconds).
PROFILE_MAX_S = 60.0


def _spread(idx: list[int], durations: list[float]) -> list[int]:
    """The items of ``idx`` (a speaker's segments) spread over the recording, up to PROFILE_MAX_S."""
    return [idx[j] for j in spread_pick(durations, PROFILE_MAX_S)]


def _profile_dict(p: VoiceProfile) -> dict[str, Any]:
    return {"f0_median": p.f0_median, "f0_range": p.f0_range, "formant": p.formant, "voiced_s": p.voiced_s}


def _link(src: Path, dst: Path) -> None:
    """Publish a cache file under the output tree as an independent copy (reflink where possible).

    Never a hard link: editing a published output must not change the cache. Every run copies
    again, so a rerun restores an output edited in place.
    """
    copy_file(src, dst)
