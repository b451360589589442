"""The dubbing pipeline's steps, declared for :mod:`dubgen.graph`.

extract → asr → align → separation → speakers → profiles (once per clip) → translate →
synthesize (timing plan + TTS + stretch) → voice → loudness → remix/mux (once per recipe);
qc measures the published pair. Each ``run`` reads its input entries and writes its own;
it knows nothing of caching, processes or other steps' options.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import __version__, audiofile, media
from .cache import Entry
from .config import stage_block
from .dsp import extend_band, fade_edges, fit_length, merge_regions, remove_dc, resample, spread_pick, time_stretch
from .errors import MediaError, StageError
from .graph import Described, Step, StepContext
from .manifest import SourceSegment
from .qc.evaluate import phrase_hearing
from .stages.align import align_transcript
from .stages.asr import ASR_RATE
from .stages.ducking import duck_envelope, phrase_duck_db
from .stages.loudness import true_peak_limit
from .stages.separation import separate_file
from .stages.speakers import NoSpeechError
from .stages.timing import Placement, choose_stretch, place, plan_slots
from .stages.tts import TTSChain, build_chain
from .stages.voice import VoiceProfile, similarity_to

#: Changes when the remix writes other files (2: voice.wav, the placed phrases after conversion).
REMIX_VERSION = 3  # 3: background ducked under the dub where it would mask it
#: Changes when synthesis is done otherwise (2: leading/trailing near-silence trimmed; 3: the octave
#: above a low-rate voice's Nyquist regenerated; 4: letter-digit codes spelt out; 5: lone accented
#: vowels read as vowels by Spanish voices; 6: DC offset removed; 7: and 5 ms fades at the edges;
#: 8: trimming ignores low noise detached from the speech; 9: the rate corrected once from the length heard;
#: 10: one-letter words before a number ("3 y 5") no longer spelt as codes; 11: ordinals, "EE.UU.", Catalan
#: titles ("Dr.") and year ranges as said; 12: faint bursts detached from the speech trimmed).
SYNTHESIZE_VERSION = 12
#: Speech per speaker that voice profiles and conversion choices are measured on (seconds).
PROFILE_MAX_S = 60.0


# -- what several steps read -----------------------------------------------------------------
def segments(c: StepContext) -> list[SourceSegment]:
    """The aligned source phrases with their speakers."""
    return [SourceSegment.model_validate(dict(s, speaker=lab))
            for s, lab in zip(c["align"].data["segments"], c["speakers"].data["labels"])]


def source_language(c: StepContext) -> str:
    return c.recipe.source_language or c["align"].data["language"]


def rate(c: StepContext) -> int:
    return int(c["extract"].data["sample_rate"])


def source_speech(c: StepContext, segs: list[SourceSegment]) -> audiofile.Lazy:
    """Each phrase's separated source speech, read on access."""
    return audiofile.spans(c["separation"].file("speech.wav"), rate(c), [(s.start, s.end) for s in segs])


def by_speaker(segs: list[SourceSegment]) -> dict[str, list[int]]:
    return {k: [i for i, s in enumerate(segs) if s.speaker == k] for k in dict.fromkeys(s.speaker for s in segs)}


def spread(idx: list[int], durations: list[float]) -> list[int]:
    """The items of ``idx`` (a speaker's segments) spread over the recording, up to PROFILE_MAX_S."""
    return [idx[j] for j in spread_pick(durations, PROFILE_MAX_S)]


def speaker_speech(c: StepContext, segs: list[SourceSegment]) -> dict[str, np.ndarray]:
    """Up to PROFILE_MAX_S of each speaker's separated source speech."""
    src = source_speech(c, segs)
    return {k: np.concatenate([src[i] for i in spread(idx, [segs[i].end - segs[i].start for i in idx])])
            for k, idx in by_speaker(segs).items()}


def profile_dict(p: VoiceProfile) -> dict[str, Any]:
    return {"f0_median": p.f0_median, "f0_range": p.f0_range, "formant": p.formant, "voiced_s": p.voiced_s}


def tts_chain(c: StepContext) -> TTSChain:
    """The recipe's TTS backend and its fallback; the fallback takes the recipe's rate, its own defaults otherwise."""
    tts = c.recipe.tts
    return build_chain(tts.backend, tts.fallback, lambda name: c.resources.backend(
        "tts", tts if name == tts.backend else stage_block("tts", {"backend": name, "rate": tts.rate})))


def dub_frames(c: StepContext) -> list[int]:
    """Length in samples of each dubbed phrase (after loudness), read from the array headers."""
    return [c["loudness"].frames(f"seg{i}") for i in range(len(c["synthesize"].data["plan"]))]


def placements(c: StepContext, segs: list[SourceSegment], frames: list[int]) -> list[Placement]:
    """Where each dubbed phrase (``frames`` long) lands: its slot, moved only as far as the lengths need."""
    sr = rate(c)
    return place(slots(c, segs), [f / sr for f in frames], c.recipe.timing.min_pause_s, float(c["extract"].data["duration"]))


def slots(c: StepContext, segs: list[SourceSegment]) -> list[Any]:
    t = c.recipe.timing
    return plan_slots([(s.start, s.end) for s in segs], float(c["extract"].data["duration"]), t.borrow_s, t.min_pause_s)


def speech_regions(asr_data: dict[str, Any]) -> list[tuple[float, float]]:
    """Union of VAD regions and word spans: where the original speech is."""
    spans = [tuple(r) for r in asr_data["speech"]] + [(s["start"], s["end"]) for s in asr_data["segments"]]
    return [(round(a, 3), round(b, 3)) for a, b in merge_regions(spans)]


# -- once per clip --------------------------------------------------------------------------------
def run_extract(c: StepContext, e: Entry) -> None:
    """The chosen track at the working rate (what the output codecs carry), and a 16 kHz mono copy for ASR."""
    clip = c.clip
    samples, channels = media.decode_audio_to_wav(clip.path, e.file("source.wav"), clip.rate, track=clip.info.audio_track)
    e.put_array("audio16k", audiofile.resample_file(e.file("source.wav"), ASR_RATE))
    e.data.update(sample_rate=clip.rate, channels=channels, samples=samples, audio_track=clip.info.audio_track,
                  duration=samples / clip.rate, video_md5=media.video_md5(clip.path) if clip.info.has_video else "",
                  has_video=clip.info.has_video)


def describe_extract(c: StepContext) -> Described:
    return Described("ffmpeg", "ffmpeg", {}, (c.clip.sha, 2, c.clip.info.audio_track, c.clip.rate))


def run_asr(c: StepContext, e: Entry) -> None:
    tr = c.backend("asr").transcribe(c["extract"].array("audio16k"), c.recipe.source_language)
    if not tr.segments:
        raise MediaError(c.clip.clip_id, "no speech found (ASR returned no words)")
    e.data.update(language=tr.language, speech=[list(r) for r in tr.speech], segments=[s.model_dump() for s in tr.segments])


def run_align(c: StepContext, e: Entry) -> None:
    """Aligned phrases replace the ASR ones."""
    asr = c["asr"].data
    segs = [SourceSegment.model_validate(s) for s in asr["segments"]]
    al = align_transcript(c.backend("align"), c["extract"].array("audio16k"), asr["language"], segs,
                          c.recipe.asr.phrasing())  # type: ignore[attr-defined]
    e.data.update(language=asr["language"], speech=asr["speech"], unaligned=list(al.unaligned),
                  segments=[s.model_dump() for s in al.segments])


def run_speakers(c: StepContext, e: Entry) -> None:
    """Who speaks each phrase, heard in the separated speech (music or noise under a voice is not a speaker)."""
    spans = [(s["start"], s["end"]) for s in c["align"].data["segments"]]
    speech = audiofile.resample_file(c["separation"].file("speech.wav"), ASR_RATE)
    e.data["labels"] = list(c.backend("speakers").assign(speech, ASR_RATE, spans))


def run_separation(c: StepContext, e: Entry) -> None:
    separate_file(c.backend("separation"), c["extract"].file("source.wav"), e.file("speech.wav"),
                  e.file("background.wav"), speech_regions(c["align"].data))


def run_profiles(c: StepContext, e: Entry) -> None:
    """Each speaker's voice, described from up to PROFILE_MAX_S of their separated speech."""
    vc_b, sr = c.backend("voice"), rate(c)
    e.data["profiles"] = {k: profile_dict(vc_b.profile(x, sr)) for k, x in speaker_speech(c, segments(c)).items()}


# -- once per recipe --------------------------------------------------------------------------------
def run_translate(c: StepContext, e: Entry) -> None:
    segs = c["align"].data["segments"]
    texts, kept, lent = c.backend("translate").translate_noting([s["text"] for s in segs], source_language(c), c.language)
    for s, t in zip(segs, texts):
        if any(ch.isalpha() for ch in s["text"]) and not any(ch.isalpha() for ch in t):
            raise StageError("translate", c.clip.clip_id, f"segment {s['id']} translated to nothing: {s['text']!r}")
    e.data.update(texts=texts, untranslated=kept, lent=lent)


def run_synthesize(c: StepContext, e: Entry) -> None:
    """Speak each phrase into its slot: the timing plan picks the rate, then a bounded stretch."""
    chain, t, sr = tts_chain(c), c.recipe.timing, rate(c)
    profiles = c["profiles"].data["profiles"]
    voices = chain.choose_voices(c.language, {k: p["f0_median"] for k, p in profiles.items()})
    plan = []
    segs = segments(c)
    for i, (seg, text, slot) in enumerate(zip(segs, c["translate"].data["texts"], slots(c, segs))):
        said = chain.speak(text, seg.speaker, c.recipe.tts.rate, slot, t.min_rate, t.max_rate)
        audio = remove_dc(resample(said.audio, said.sample_rate, sr), sr)
        # a voice synthesised at a lower rate than the source's stops at its Nyquist: regenerate the
        # octave above, which the loudness step's EQ then shapes like the speaker's
        extended = said.sample_rate / 2 if said.sample_rate < sr else None
        if extended is not None:
            audio = extend_band(audio, sr, extended)
        stretch = choose_stretch(len(audio) / sr, slot, t.min_stretch, t.max_stretch)
        audio = fade_edges(time_stretch(audio, sr, stretch), sr)
        e.put_array(f"seg{i}", audio)
        plan.append({"backend": said.backend, "fallback_reason": said.fallback_reason, "voice": said.voice,
                     "natural_s": round(said.natural_s, 4), "rate": round(said.rate, 2),
                     "stretch": round(stretch, 4), "length_s": round(len(audio) / sr, 4), "extended_from_hz": extended,
                     "spoken": said.text if said.text != text else None})
    e.data.update(plan=plan, voices=voices)


def describe_synthesize(c: StepContext) -> Described:
    chain = tts_chain(c)
    first = chain.backends()[0]
    params = {"tts": c.params("tts"), "timing": c.recipe.timing.model_dump(), "chain": chain.describe()}
    return Described(first.backend, first.version(), params, (c.clip.rate, c.seed, c.language, SYNTHESIZE_VERSION))


def run_voice(c: StepContext, e: Entry) -> None:
    """Convert each speaker's dub toward their voice, as far as speaker similarity shows it helps
    and back-ASR shows it costs no intelligibility.

    Similarity is measured with the recipe's speakers embedding (the one QC reports); the
    candidates are heard phrase by phrase with the recipe's ASR, forced to the target language.
    """
    vc_b, spk_b, sr = c.backend("voice"), c.backend("speakers"), rate(c)
    segs, syn = segments(c), c["synthesize"]
    plan = syn.data["plan"]
    profiles = {k: VoiceProfile(**p) for k, p in c["profiles"].data["profiles"].items()}
    source = speaker_speech(c, segs)
    tts_profiles, choices = {}, {}
    texts = c["translate"].data["texts"]
    asr = c.backend("asr") if getattr(vc_b, "max_cer_cost", None) is not None else None  # "none" hears nothing
    for spk_id, idx in by_speaker(segs).items():
        picked = spread(idx, [plan[i]["length_s"] for i in idx])
        parts = [syn.array(f"seg{i}") for i in picked]
        mine = np.concatenate(parts)
        tts_profiles[spk_id] = vc_b.profile(mine, sr)
        try:
            similarity, why = similarity_to(spk_b.embed, source[spk_id], sr), ""
        except NoSpeechError as err:  # too little source speech: no measured gain is possible
            similarity, why = None, str(err)
        hearing = None if asr is None else phrase_hearing(asr, c.language, [texts[i] for i in picked],
                                                          [len(p) for p in parts], sr)
        choices[spk_id] = vc_b.choose(mine, sr, tts_profiles[spk_id], profiles[spk_id], similarity, why, hearing,
                                      c.recipe.qc.max_f0_error_st)
    for i, seg in enumerate(segs):
        audio, choice = syn.array(f"seg{i}"), choices[seg.speaker]
        out = audio if choice.plan.identity else vc_b.convert(audio, sr, tts_profiles[seg.speaker],
                                                              profiles[seg.speaker], choice.strength)
        e.put_array(f"seg{i}", fit_length(np.asarray(out, np.float32), len(audio)))
    e.data["tts_profiles"] = {k: profile_dict(v) for k, v in tts_profiles.items()}
    e.data["conversion"] = {k: ch.record(vc_b.backend) for k, ch in choices.items()}


def voice_extra(c: StepContext) -> tuple[Any, ...]:
    """The similarity embedding and the back-ASR that hears the candidates choose the strength too,
    and QC's F0 gate bounds how far off the speaker's F0 a TTS voice may be kept."""
    spk_b, asr_b = c.backend("speakers"), c.backend("asr")
    return (spk_b.version(), c.params("speakers"), asr_b.version(), c.params("asr"), c.recipe.qc.max_f0_error_st)


def run_loudness(c: StepContext, e: Entry) -> None:
    segs, vc = segments(c), c["voice"]
    dubs = audiofile.Lazy(len(segs), lambda i: vc.array(f"seg{i}"))
    figures = []
    matched = c.backend("loudness").match_iter(dubs, source_speech(c, segs), [s.speaker for s in segs], rate(c))
    for i, (a, fig) in enumerate(matched):
        e.put_array(f"seg{i}", np.asarray(a, np.float32))
        figures.append(fig)
    e.data["figures"] = figures


#: The speech stems the remix writes besides the mix: the dub (after loudness), the raw TTS and after conversion.
STEMS = {"speech.wav": "loudness", "tts.wav": "synthesize", "voice.wav": "voice"}


def run_remix(c: StepContext, e: Entry) -> None:
    """Place the phrases over the background, limit the mix block by block, write the stems and mux."""
    ext, sr, duration = c["extract"], rate(c), float(c["extract"].data["duration"])
    samples, channels = int(ext.data["samples"]), int(ext.data["channels"])
    lengths = dub_frames(c)
    placed = placements(c, segments(c), lengths)
    starts = [int(round(p.start * sr)) for p in placed]
    stems = [c[step] for step in STEMS.values()]
    ceiling = c.recipe.mix.true_peak_db
    bg_path = c["separation"].file("background.wav")
    ducks = [phrase_duck_db(stems[0].array(f"seg{i}")[: max(0, samples - s0)], audiofile.read(bg_path, s0, s0 + lengths[i], mono=True),
                            sr, c.recipe.mix.min_speech_to_background_db, c.recipe.mix.max_duck_db) if s0 < samples else 0.0
             for i, s0 in enumerate(starts)]
    spans = [(s0, s0 + lengths[i], d) for i, (s0, d) in enumerate(zip(starts, ducks)) if d < 0]

    def tracks(a: int, b: int) -> np.ndarray:
        """(frames, 3 + channels): the three speech stems and background + dub, limited."""
        out = np.zeros((b - a, len(stems)), np.float32)
        for i, s0 in enumerate(starts):
            if s0 >= b or s0 + lengths[i] + 1 <= a:
                continue
            for k, entry in enumerate(stems):
                seg = entry.array(f"seg{i}")[: max(0, samples - s0)]
                lo, hi = max(a, s0), min(b, s0 + len(seg))
                if hi > lo:
                    out[lo - a:hi - a, k] += seg[lo - s0:hi - s0]
        background = audiofile.read(bg_path, a, b)
        if spans:
            background = background * duck_envelope(a, b, sr, spans)[:, None]
        return np.concatenate([out, true_peak_limit(background + out[:, :1], sr, ceiling)], axis=1)

    writers = [audiofile.WavWriter(e.file(name), sr, 1, frames=samples) for name in STEMS]
    writers.append(audiofile.WavWriter(e.file("dubbed.wav"), sr, channels, frames=samples))
    try:
        for _, y in audiofile.process(samples, int(audiofile.BLOCK_S * sr), sr, tracks, fade=sr // 20):
            for k, w in enumerate(writers[:-1]):
                w.write(y[:, k])
            writers[-1].write(y[:, len(stems):])
    except BaseException:
        for w in writers:
            w.close(ok=False)
        raise
    for w in writers:
        w.close()
    e.data["cut_s"] = round(sum(max(0.0, p.end - duration) for p in placed), 4)
    e.data["duck_db"] = ducks
    e.data["channels"] = channels
    if c.clip.info.has_video:
        mix, lang = c.recipe.mix, c.language
        media.mux(c.clip.path, e.file("dubbed.wav"), e.file("dubbed.mp4"), lang, mix.audio_codec, mix.audio_bitrate,
                  source_language(c) if mix.keep_original_track else None, title=f"dubgen {lang} dub",
                  source_track=c.clip.info.audio_track)


def describe_remix(c: StepContext) -> Described:
    r = c.recipe
    return Described("ffmpeg", "ffmpeg", r.mix.model_dump(),
                     (r.language, r.source_language, r.timing.min_pause_s, __version__, media.MUX_VERSION, REMIX_VERSION))


def run_qc(c: StepContext, e: Entry) -> None:
    """Measure the published pair (``c.extra['record']``); the recipe's gates apply afterwards."""
    from .qc import measure_pair

    e.data["measured"] = measure_pair(c.extra["record"], c.extra["out"], c.recipe, c.resources)


def describe_qc(c: StepContext) -> Described:
    from .qc.evaluate import QC_VERSION

    return Described("dubgen-qc", str(QC_VERSION), {"version": QC_VERSION},
                     (c.params("asr"), c.params("speakers"), c.params("voice")))


GRAPH: tuple[Step, ...] = (
    Step("extract", "clip", (), run_extract, describe_with=describe_extract),
    # version 2: a fragment opening a sentence joins the rest of it (asr.split_phrases)
    Step("asr", "clip", ("extract",), run_asr, "asr", lambda c: (c.recipe.source_language,), version=2),
    Step("align", "clip", ("extract", "asr"), run_align, "align", version=2),
    Step("separation", "clip", ("extract", "align"), run_separation, "separation"),
    Step("speakers", "clip", ("align", "separation"), run_speakers, "speakers", version=2),
    Step("profiles", "clip", ("extract", "align", "speakers", "separation"), run_profiles, "voice"),
    Step("translate", "language", ("align",), run_translate, "translate",
         lambda c: (c.recipe.source_language, c.language), version=3),  # 3: English-written numbers localised
    Step("synthesize", "language", ("extract", "align", "speakers", "profiles", "translate"), run_synthesize,
         describe_with=describe_synthesize),
    Step("voice", "language", ("extract", "align", "speakers", "separation", "profiles", "translate", "synthesize"),
         run_voice, "voice", voice_extra, version=3),  # 2: candidates heard with codes and numbers as said; 3: F0 floor optional
    Step("loudness", "language", ("extract", "align", "speakers", "separation", "voice"), run_loudness, "loudness"),
    Step("remix", "language", ("extract", "align", "speakers", "separation", "synthesize", "voice", "loudness"),
         run_remix, describe_with=describe_remix),
)
#: Measures of the published pair: keyed like the graph's steps, run once the pair is published.
CHECKS: tuple[Step, ...] = (
    Step("qc", "language", ("remix",), run_qc, describe_with=describe_qc),
)
#: The steps whose artefacts a clip's shared files (source, background, transcript) come from.
SHARED = ("extract", "align", "separation", "speakers")
STEPS = {s.name: s for s in GRAPH + CHECKS}
