"""Container-level work through ffmpeg/ffprobe, always with argument lists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .errors import BackendUnavailable, MediaError
from .io import atomic_path

VIDEO_EXTENSIONS = frozenset({".mp4", ".mkv", ".mov", ".webm", ".avi", ".m4v", ".mpg", ".mpeg", ".ts", ".flv"})
SILENCE_DBFS = -70.0  # an audio track whose peak stays below this is treated as silent


@dataclass(frozen=True)
class MediaInfo:
    """What ffprobe tells about one input file."""

    path: str
    duration: float
    has_video: bool
    sample_rate: int
    channels: int
    audio_codec: str
    video_codec: str = ""
    fps: float = 0.0
    width: int = 0
    height: int = 0


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackendUnavailable(f"'{name}' not found on PATH; install it with `apt-get install ffmpeg`")
    return path


def arg(path: Path | str) -> str:
    """A path as a command-line argument no tool can read as an option: always absolute.

    A file named ``-version`` becomes ``/dir/-version``; an absolute path has no protocol
    prefix either (ffmpeg reads ``name:`` as a protocol only before the first ``/``).
    """
    return os.path.abspath(path)


def run(argv: Sequence[str], what: str) -> subprocess.CompletedProcess:
    """Run a binary; on failure raise with its stderr, never hide it."""
    proc = subprocess.run(list(argv), capture_output=True)
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(f"{what} failed: {' | '.join(err[-3:]) or 'exit ' + str(proc.returncode)}")
    return proc


def probe(path: Path) -> MediaInfo:
    """Probe a file and reject what cannot be dubbed, naming the file and the reason."""
    path = Path(path)
    if not path.exists():
        raise MediaError(str(path), "file not found")
    if path.stat().st_size == 0:
        raise MediaError(str(path), "zero-length file")
    proc = subprocess.run(
        [_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", arg(path)],
        capture_output=True,
    )
    if proc.returncode != 0:
        msg = proc.stderr.decode(errors="replace").strip().splitlines()
        raise MediaError(str(path), f"unreadable media ({msg[-1] if msg else 'ffprobe failed'})")
    data = json.loads(proc.stdout or b"{}")
    streams = data.get("streams", [])
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    video = [s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")]
    if not audio:
        raise MediaError(str(path), "no audio stream")
    duration = float(data.get("format", {}).get("duration") or audio[0].get("duration") or 0.0)
    if duration <= 0:
        raise MediaError(str(path), "zero duration")
    a = audio[0]
    v = video[0] if video else {}
    fps = 0.0
    if v.get("avg_frame_rate", "0/0") not in ("0/0", ""):
        num, den = v["avg_frame_rate"].split("/")
        fps = float(num) / float(den) if float(den) else 0.0
    return MediaInfo(
        path=str(path),
        duration=duration,
        has_video=bool(video),
        sample_rate=int(a.get("sample_rate", 0) or 0),
        channels=int(a.get("channels", 0) or 0),
        audio_codec=str(a.get("codec_name", "")),
        video_codec=str(v.get("codec_name", "")),
        fps=fps,
        width=int(v.get("width", 0) or 0),
        height=int(v.get("height", 0) or 0),
    )


def decode_audio(path: Path, sr: Optional[int] = None, channels: Optional[int] = None) -> np.ndarray:
    """Decode the first audio stream to float32 (samples, channels); errors name the file.

    ffmpeg's ``-xerror`` makes a truncated or corrupt stream an error instead of a short read.
    """
    argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-xerror", "-i", arg(path), "-map", "0:a:0", "-vn"]
    if sr:
        argv += ["-ar", str(sr)]
    if channels:
        argv += ["-ac", str(channels)]
    argv += ["-f", "f32le", "-acodec", "pcm_f32le", "-"]
    proc = subprocess.run(argv, capture_output=True)
    err = proc.stderr.decode(errors="replace").strip()
    if proc.returncode != 0 or (err and "error" in err.lower()):
        last = err.splitlines()[-1] if err else f"ffmpeg exit {proc.returncode}"
        raise MediaError(str(path), f"audio cannot be decoded (truncated or corrupt: {last})")
    ch = channels or probe(path).channels or 1
    audio = np.frombuffer(proc.stdout, dtype=np.float32)
    if audio.size == 0:
        raise MediaError(str(path), "audio stream decodes to no samples")
    return audio[: audio.size - audio.size % ch].reshape(-1, ch).copy()


def check_not_silent(path: Path, audio: np.ndarray) -> None:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak <= 10 ** (SILENCE_DBFS / 20):
        raise MediaError(str(path), f"audio is silent (peak {20 * np.log10(max(peak, 1e-12)):.0f} dBFS): nothing to dub")


def video_md5(path: Path) -> str:
    """MD5 of the first video stream's packets, independent of the container around them."""
    proc = run(
        [_tool("ffmpeg"), "-nostdin", "-v", "error", "-i", arg(path), "-map", "0:v:0", "-c", "copy", "-f", "md5", "-"],
        f"hashing video of {path}",
    )
    return proc.stdout.decode().strip().removeprefix("MD5=")


def audio_samples(path: Path, stream: int = 0) -> int:
    """Number of decoded samples per channel of an audio stream (encoder priming removed)."""
    info = probe(path)
    proc = run(
        [_tool("ffmpeg"), "-nostdin", "-v", "error", "-i", arg(path), "-map", f"0:a:{stream}",
         "-ac", "1", "-ar", str(info.sample_rate), "-f", "f32le", "-acodec", "pcm_f32le", "-"],
        f"decoding audio of {path}",
    )
    return len(proc.stdout) // 4


def mux(
    video_in: Path,
    audio_wav: Path,
    out: Path,
    language: str,
    codec: str = "aac",
    bitrate: str = "192k",
    original_language: Optional[str] = None,
    title: str = "",
) -> None:
    """Copy the video stream bit for bit and add the new audio (tagged); optionally keep the original.

    The audio is trimmed to the WAV's exact length (``-t`` at the sample count), so a decoder
    that honours the edit list gets the original's sample count back.
    """
    import soundfile as sf

    frames = sf.info(str(audio_wav)).frames
    sr = sf.info(str(audio_wav)).samplerate
    with atomic_path(out) as tmp:
        argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-i", arg(video_in), "-i", arg(audio_wav),
                "-map", "0:v?", "-map", "1:a:0"]
        if original_language is not None:
            argv += ["-map", "0:a:0"]
        argv += ["-c:v", "copy", "-c:a:0", codec]
        if codec in ("aac", "libopus"):
            argv += ["-b:a:0", bitrate]
        argv += ["-metadata:s:a:0", f"language={_iso639_2(language)}", "-disposition:a:0", "default"]
        if title:
            argv += ["-metadata:s:a:0", f"title={title}"]
        if original_language is not None:
            argv += ["-c:a:1", "copy", "-metadata:s:a:1", f"language={_iso639_2(original_language)}",
                     "-disposition:a:1", "0"]
        argv += ["-t", f"{frames / sr:.9f}", "-map_metadata", "0", "-movflags", "+faststart", "-f", "mp4", arg(tmp)]
        run(argv, f"muxing {out.name}")


# ISO 639-2/B codes for container language tags
_ISO639_2 = {"en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fre", "de": "ger", "it": "ita", "eo": "epo"}


def _iso639_2(code: str) -> str:
    return _ISO639_2.get(code, code)


def stream_languages(path: Path) -> list[str]:
    proc = run([_tool("ffprobe"), "-v", "error", "-select_streams", "a", "-show_entries", "stream_tags=language",
                "-of", "json", arg(path)], f"probing {path}")
    return [s.get("tags", {}).get("language", "") for s in json.loads(proc.stdout).get("streams", [])]


def find_videos(inputs: Sequence[Path]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted, de-duplicated list of media files."""
    found: list[Path] = []
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in VIDEO_EXTENSIONS)
        else:
            found.append(item)  # explicit files are taken as given; probing rejects bad ones
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]
