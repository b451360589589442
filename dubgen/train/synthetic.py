"""Small real audio-visual clips with no download: rendered scenes narrated by espeak-ng.

A scene is one coloured shape moving in one direction over a grey background; the narration
says what moves where ("A red circle moves left.") over the scene's own sound (a tone: pitch by
colour, pulsing by shape), which every dub keeps, as a dub keeps a film's effects and music. Everything is a function of the seed.
Used by ``examples/build_dataset.py`` and by the tests (tiny sizes).

``direct_dubs`` makes stand-in dubs WITHOUT ``dubgen dub`` (Apertium + espeak-ng over the same
background noise) for when the pipeline is not available; their records say so in ``recipe``.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ..io import read_wav, write_wav

COLOURS = {"red": (220, 40, 40), "green": (40, 190, 60), "blue": (50, 80, 230), "yellow": (230, 210, 40)}
SHAPES = ("circle", "square", "triangle")
DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}
TEMPLATES = ("A {c} {s} moves {d}.", "The {c} {s} is moving {d}.", "Look, a {c} {s} going {d}.")
EN_VOICES = ("en-us", "en", "en-us+m3", "en+f3", "en-us+f2", "en+m2")
# Stand-in dubs: Apertium mode and espeak-ng voice per language. espeak-ng has no Galician
# voice; Galician text is read by the Portuguese one (labelled so in the records).
DIRECT_DUB = {"es": ("eng-spa", "es"), "ca": ("eng-cat", "ca"), "gl": ("en-gl", "pt")}
SAMPLE_RATE = 16000
RECIPE_DIRECT = "examples/direct-dubs (espeak-ng + apertium, NOT dubgen dub)"


@dataclass(frozen=True)
class Scene:
    clip_id: str
    colour: str
    shape: str
    direction: str
    text: str
    voice: str
    speed: int
    pitch: int
    x0: float
    y0: float
    size: float
    bg: int
    noise_db: float
    seed: int


def make_scene(clip_id: str, seed: int) -> Scene:
    rng = np.random.default_rng(seed)
    c = str(rng.choice(list(COLOURS)))
    s = str(rng.choice(SHAPES))
    d = str(rng.choice(list(DIRECTIONS)))
    text = str(rng.choice(TEMPLATES)).format(c=c, s=s, d=d)
    text = f"{text} {text}"  # said twice so any 2 s window hears most of it
    return Scene(
        clip_id=clip_id,
        colour=c,
        shape=s,
        direction=d,
        text=text,
        voice=str(rng.choice(EN_VOICES)),
        speed=int(rng.integers(150, 200)),
        pitch=int(rng.integers(30, 70)),
        x0=float(rng.uniform(0.3, 0.7)),
        y0=float(rng.uniform(0.3, 0.7)),
        size=float(rng.uniform(0.14, 0.22)),
        bg=int(rng.integers(60, 140)),
        noise_db=float(rng.uniform(-45, -35)),
        seed=seed,
    )


def render_frames(scene: Scene, side: int, fps: int, seconds: float) -> np.ndarray:
    """uint8 (T, side, side, 3): the shape moves across the frame (wrapping around)."""
    n = int(round(fps * seconds))
    yy, xx = np.mgrid[0:side, 0:side].astype(np.float32) / side
    dx, dy = DIRECTIONS[scene.direction]
    col = np.array(COLOURS[scene.colour], dtype=np.uint8)
    r = scene.size
    out = np.empty((n, side, side, 3), dtype=np.uint8)
    for k in range(n):
        t = k / fps
        cx = (scene.x0 + dx * 0.25 * t) % 1.0
        cy = (scene.y0 + dy * 0.25 * t) % 1.0
        # distances on the torus so the shape wraps smoothly
        ux = (xx - cx + 0.5) % 1.0 - 0.5
        uy = (yy - cy + 0.5) % 1.0 - 0.5
        if scene.shape == "circle":
            mask = ux**2 + uy**2 <= r**2
        elif scene.shape == "square":
            mask = (np.abs(ux) <= r * 0.85) & (np.abs(uy) <= r * 0.85)
        else:
            mask = (uy <= r * 0.8) & (uy >= -r) & (np.abs(ux) <= (uy + r) * 0.6)
        frame = np.full((side, side, 3), scene.bg, dtype=np.uint8)
        frame[mask] = col
        out[k] = frame
    return out


def espeak(text: str, voice: str, speed: int, pitch: int, path: Path) -> None:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(path), text],
        check=True,
        capture_output=True,
    )


def _fit(speech: np.ndarray, n: int, offset: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.float32)
    seg = speech[: max(0, n - offset)]
    out[offset : offset + len(seg)] = seg
    return out


def _resample(x: np.ndarray, sr: int) -> np.ndarray:
    if sr == SAMPLE_RATE:
        return x
    from scipy.signal import resample_poly

    g = np.gcd(sr, SAMPLE_RATE)
    return resample_poly(x, SAMPLE_RATE // g, sr // g).astype(np.float32)


# The scene's own sound, kept under every dub (like real ambience / effects): a tone whose
# pitch follows the colour and whose pulsing follows the shape. Speech is louder on top.
TONE_HZ = {"red": 220.0, "green": 330.0, "blue": 495.0, "yellow": 740.0}
PULSE_HZ = {"circle": 0.0, "square": 3.0, "triangle": 7.0}
TONE_DB = -20.0  # tone RMS in dBFS; the narration peaks at -6 dBFS


def background(scene: Scene, seconds: float, tone: bool = True) -> np.ndarray:
    """Room-tone noise + the scene's tone (identical under every dub of the clip).

    ``tone=False``: room tone only, so the narration is the only sound that tells scenes apart.
    """
    rng = np.random.default_rng([scene.seed, 1])
    n = int(round(seconds * SAMPLE_RATE))
    white = rng.standard_normal(n).astype(np.float32)
    # gentle low-pass (moving average) so it sounds like room tone, not hiss
    bed = np.convolve(white, np.ones(8, dtype=np.float32) / 8, mode="same")
    bed = bed * (10 ** (scene.noise_db / 20) / (bed.std() + 1e-9))
    t = np.arange(n, dtype=np.float32) / SAMPLE_RATE
    sig = np.sin(2 * np.pi * TONE_HZ[scene.colour] * t + rng.uniform(0, 2 * np.pi))
    p = PULSE_HZ[scene.shape]
    if p > 0:
        sig = sig * (0.5 + 0.5 * np.sign(np.sin(2 * np.pi * p * t + rng.uniform(0, 2 * np.pi))))
    sig = sig * (10 ** (TONE_DB / 20) / (np.sqrt(np.mean(sig**2)) + 1e-9))
    return (bed + sig).astype(np.float32) if tone else bed.astype(np.float32)


def narration(scene: Scene, text: str, voice: str, seconds: float, tmp: Path) -> np.ndarray:
    wav = tmp / f"{scene.clip_id}.{voice}.wav"
    espeak(text, voice, scene.speed, scene.pitch, wav)
    speech, sr = read_wav(wav)
    if speech.ndim > 1:
        speech = speech.mean(axis=1)
    speech = _resample(speech.astype(np.float32), sr)
    speech = speech / (np.abs(speech).max() + 1e-9) * 0.5
    return _fit(speech, int(round(seconds * SAMPLE_RATE)), int(0.1 * SAMPLE_RATE))


def encode_mp4(frames: np.ndarray, fps: int, audio: Optional[Path], out: Path) -> None:
    """H.264 + AAC through ffmpeg (argv list, frames on stdin)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    t, h, w, _ = frames.shape
    argv = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", f"{w}x{h}", "-r", str(fps), "-i", "-"]
    if audio is not None:
        argv += ["-i", str(audio)]
    argv += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-threads", "1"]
    if audio is not None:
        argv += ["-c:a", "aac", "-b:a", "64k", "-shortest"]
    argv += [str(out)]
    try:
        subprocess.run(argv, input=frames.tobytes(), check=True, capture_output=True)
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"ffmpeg failed for {out}: {e.stderr.decode(errors='replace')}") from e


def build_clips(
    out: Path,
    n: int,
    seed: int = 0,
    side: int = 96,
    fps: int = 12,
    seconds: float = 4.0,
    subdir: str = "videos",
    tone: bool = True,
) -> list[Scene]:
    """Render ``n`` narrated clips into ``out/subdir/<clip_id>.mp4`` and ``out/scenes.jsonl``
    (``tone``: see :func:`background`)."""
    out = Path(out)
    scenes = []
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for i in range(n):
            sc = make_scene(f"clip{i:04d}", seed * 1_000_003 + i)
            audio = background(sc, seconds, tone) + narration(sc, sc.text, sc.voice, seconds, tmp)
            wav = tmp / f"{sc.clip_id}.wav"
            write_wav(wav, audio, SAMPLE_RATE, subtype="PCM_16")
            encode_mp4(render_frames(sc, side, fps, seconds), fps, wav, out / subdir / f"{sc.clip_id}.mp4")
            scenes.append(sc)
    with open(out / "scenes.jsonl", "w", encoding="utf-8") as f:
        for sc in scenes:
            f.write(json.dumps(asdict(sc)) + "\n")
    return scenes


def read_scenes(path: Path) -> list[Scene]:
    return [Scene(**json.loads(line)) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def apertium(texts: Sequence[str], mode: str) -> list[str]:
    """Translate one sentence per line in one Apertium call."""
    joined = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    r = subprocess.run(["apertium", "-u", mode], input=joined.encode(), capture_output=True, check=True)
    lines = r.stdout.decode().rstrip("\n").split("\n")
    if len(lines) != len(texts):
        raise RuntimeError(f"apertium {mode}: {len(texts)} lines in, {len(lines)} out")
    return [ln.strip() for ln in lines]


def direct_dubs(root: Path, scenes: Sequence[Scene], languages: Sequence[str], seconds: float, subdir: str = "videos",
                tone: bool = True) -> Path:
    """Stand-in dubs (background + translated espeak narration) and a ``pairs.jsonl``.

    Not ``dubgen dub``: no ASR, alignment, voice matching or mixing beyond a sum. Each record's
    ``recipe`` says so. Returns the manifest path."""
    from ..manifest import PairRecord

    root = Path(root)
    manifest = root / "pairs.jsonl"
    lines = []
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for lang in languages:
            mode, voice = DIRECT_DUB[lang]
            texts = apertium([sc.text for sc in scenes], mode)
            for sc, text in zip(scenes, texts):
                bg = background(sc, seconds, tone)
                speech = narration(sc, text, voice, seconds, tmp)
                rel = f"dubs/{lang}/{sc.clip_id}"
                write_wav(root / f"{rel}.wav", bg + speech, SAMPLE_RATE, subtype="PCM_16")
                write_wav(root / f"{rel}.speech.wav", speech, SAMPLE_RATE, subtype="PCM_16")
                write_wav(root / f"{rel}.bg.wav", bg, SAMPLE_RATE, subtype="PCM_16")
                rec = PairRecord(
                    clip_id=sc.clip_id,
                    language=lang,
                    source_language="en",
                    original_video=f"{subdir}/{sc.clip_id}.mp4",
                    dubbed_video="",
                    dubbed_audio=f"{rel}.wav",
                    speech_audio=f"{rel}.speech.wav",
                    background_audio=f"{rel}.bg.wav",
                    source_audio=f"{subdir}/{sc.clip_id}.mp4",
                    duration=seconds,
                    sample_rate=SAMPLE_RATE,
                    channels=1,
                    segments=(),
                    seed=sc.seed,
                    recipe=f"{RECIPE_DIRECT}; voice {voice}; text: {text}",
                    dubgen_version="synthetic",
                )
                lines.append(rec.model_dump_json())
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest
