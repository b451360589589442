"""Container-level work through ffmpeg/ffprobe, always with argument lists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

import numpy as np

from .errors import BackendUnavailable, MediaError
from .io import atomic_path

VIDEO_EXTENSIONS = frozenset({".mp4", ".mkv", ".mov", ".webm", ".avi", ".m4v", ".mpg", ".mpeg", ".ts", ".flv"})
SILENCE_DBFS = -70.0  # an audio track whose peak stays below this is treated as silent
#: Highest working sample rate: AAC's highest. ffmpeg would otherwise resample a 192 kHz dub to
#: 96 kHz inside the container while every stem and the manifest said 192 kHz.
MAX_SAMPLE_RATE = 96000
#: Output codecs that carry one rate only (libopus: 48 kHz); ffmpeg would resample to it silently.
CODEC_RATE = {"libopus": 48000}
#: Changes when :func:`mux` writes different bytes (it enters the remix cache key).
MUX_VERSION = 2
#: Audio codecs an MP4 can carry as they are; a kept original track in another codec is re-encoded.
#: (FLAC in MP4 is experimental in ffmpeg 5: a kept FLAC track is re-encoded too.)
MP4_AUDIO_CODECS = frozenset({"aac", "mp3", "mp2", "ac3", "eac3", "opus", "alac", "vorbis"})
#: Samples per codec frame: a decoder may return up to this much padding after the declared end.
FRAME_SAMPLES = {"aac": 1024, "opus": 960, "mp3": 1152, "mp2": 1152, "ac3": 1536, "eac3": 1536, "vorbis": 2048}


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
    audio_track: int = 0  # the audio stream described (index among audio streams, ffmpeg's 0:a:N)
    audio_tracks: int = 1

    @property
    def working_rate(self) -> int:
        """Sample rate the pipeline works and writes at: the track's, at most MAX_SAMPLE_RATE."""
        return working_rate(self.sample_rate)


def working_rate(sample_rate: int, codecs: Sequence[str] = ()) -> int:
    """Rate every stem, the dubbed audio and the manifest share, so the output is what it says:
    the input's rate, at most MAX_SAMPLE_RATE, or the one rate an output codec carries."""
    fixed = {CODEC_RATE[c] for c in codecs if c in CODEC_RATE}
    if len(fixed) > 1:
        raise ValueError(f"output codecs {sorted(codecs)} need different sample rates: {sorted(fixed)}")
    return fixed.pop() if fixed else min(sample_rate, MAX_SAMPLE_RATE)


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


def default_audio_track(streams: Sequence[dict]) -> int:
    """The audio stream a player would play: the first with the default disposition, else the first."""
    for i, s in enumerate(streams):
        if s.get("disposition", {}).get("default"):
            return i
    return 0


def probe(path: Path, audio_track: Optional[int] = None) -> MediaInfo:
    """Probe a file and reject what cannot be dubbed, naming the file and the reason.

    ``audio_track`` picks the audio stream described (index among the audio streams); ``None``
    takes the default-disposition one (see :func:`default_audio_track`).
    """
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
    track = default_audio_track(audio) if audio_track is None else audio_track
    if not 0 <= track < len(audio):
        raise MediaError(str(path), f"no audio track {track}: the file has {len(audio)} (0-{len(audio) - 1})")
    a = audio[track]
    duration = float(data.get("format", {}).get("duration") or a.get("duration") or 0.0)
    if duration <= 0:
        raise MediaError(str(path), "zero duration")
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
        audio_track=track,
        audio_tracks=len(audio),
    )


def decode_audio(path: Path, sr: Optional[int] = None, channels: Optional[int] = None, track: int = 0) -> np.ndarray:
    """Decode audio stream ``track`` (0: the first) to float32 (samples, channels); errors name the file.

    ffmpeg's ``-xerror`` makes a truncated or corrupt stream an error instead of a short read.
    """
    argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-xerror", "-i", arg(path), "-map", f"0:a:{track}", "-vn"]
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
    ch = channels or probe(path, track).channels or 1
    audio = np.frombuffer(proc.stdout, dtype=np.float32)
    if audio.size == 0:
        raise MediaError(str(path), "audio stream decodes to no samples")
    return audio[: audio.size - audio.size % ch].reshape(-1, ch).copy()


def decode_audio_to_wav(path: Path, dst: Path, sr: int, track: int = 0, block_s: float = 10.0) -> tuple[int, int]:
    """Decode audio stream ``track`` at ``sr`` into the float WAV ``dst``, block by block.

    Same samples as :func:`decode_audio`, in bounded memory. Returns (frames, channels);
    errors name the file (truncated or corrupt stream, no samples, silence).
    """
    from .audiofile import WavWriter

    info = probe(path, track)
    ch = info.channels or 1
    argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-xerror", "-i", arg(path), "-map", f"0:a:{track}", "-vn",
            "-ar", str(sr), "-f", "f32le", "-acodec", "pcm_f32le", "-"]
    top = 0.0
    expected = int((info.duration * 1.05 + 1.0) * sr)  # picks RIFF or RF64 (> 4 GiB)
    decoded = F32Stream(argv, ch, max(1, int(block_s * sr)))
    with WavWriter(dst, sr, ch, frames=expected) as out:
        for x in decoded:
            top = max(top, float(np.max(np.abs(x))))
            out.write(x)
        if decoded.rc != 0 or "error" in decoded.err.lower():
            last = decoded.err.splitlines()[-1] if decoded.err else f"ffmpeg exit {decoded.rc}"
            raise MediaError(str(path), f"audio cannot be decoded (truncated or corrupt: {last})")
        if out.frames == 0:
            raise MediaError(str(path), "audio stream decodes to no samples")
        _check_peak(path, top)
        return out.frames, ch


@dataclass
class F32Stream:
    """The float32 PCM ffmpeg writes to stdout (``argv``), read in blocks of ``frames`` frames of
    ``channels`` as it comes: no copy of the whole audio in memory. Once iterated, ``rc`` and
    ``err`` hold ffmpeg's exit status and what it printed."""

    argv: list[str]
    channels: int
    frames: int
    rc: int = -1
    err: str = ""

    def __iter__(self) -> Iterator[np.ndarray]:
        import tempfile

        width = 4 * self.channels
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=err)
            rest = b""
            try:
                while chunk := proc.stdout.read(self.frames * width):
                    chunk = rest + chunk
                    usable = len(chunk) - len(chunk) % width
                    rest = chunk[usable:]
                    if usable:
                        yield np.frombuffer(chunk[:usable], dtype=np.float32).reshape(-1, self.channels)
            finally:
                proc.stdout.close()
                self.rc = proc.wait()
                err.seek(0)
                self.err = err.read().decode(errors="replace").strip()


def check_not_silent(path: Path, audio: np.ndarray) -> None:
    _check_peak(path, float(np.max(np.abs(audio))) if audio.size else 0.0)


def _check_peak(path: Path, peak: float) -> None:
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
    """Number of decoded samples per channel of an audio stream at its own rate (encoder priming
    removed; ffmpeg 5 keeps the padding of the last AAC frame, see :func:`declared_samples`)."""
    argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-i", arg(path), "-map", f"0:a:{stream}",
            "-ac", "1", "-f", "f32le", "-acodec", "pcm_f32le", "-"]
    decoded = F32Stream(argv, 1, 1 << 18)
    size = sum(len(x) for x in decoded)
    if decoded.rc != 0:
        lines = decoded.err.splitlines()
        raise RuntimeError(f"decoding audio of {path} failed: {' | '.join(lines[-3:]) or 'exit ' + str(decoded.rc)}")
    return size


@dataclass(frozen=True)
class AudioStream:
    """One audio stream as the container declares it."""

    codec: str
    sample_rate: int
    samples: Optional[int]  # declared length at sample_rate (edit list / duration), None if not declared

    @property
    def frame_samples(self) -> int:
        """Padding a decoder may add after the declared end (0: decodes exactly)."""
        return FRAME_SAMPLES.get(self.codec, 0)


def audio_stream(path: Path, stream: int = 0) -> AudioStream:
    """Codec, rate and declared length of audio stream ``stream``.

    An MP4's edit list declares the exact length of the audio; a decoder may still return the
    padding of the last codec frame (ffmpeg 5 does for AAC: up to 1023 samples more).
    """
    proc = run([_tool("ffprobe"), "-v", "error", "-select_streams", f"a:{stream}", "-show_entries",
                "stream=codec_name,sample_rate,duration_ts,time_base", "-of", "json", arg(path)],
               f"probing {path}")
    streams = json.loads(proc.stdout).get("streams", [])
    if not streams:
        raise MediaError(str(path), f"no audio track {stream}")
    s = streams[0]
    sr = int(s.get("sample_rate", 0) or 0)
    samples = None
    if str(s.get("duration_ts", "")).lstrip("-").isdigit() and "/" in str(s.get("time_base", "")):
        num, den = (int(x) for x in s["time_base"].split("/"))
        samples = round(int(s["duration_ts"]) * num * sr / den) if den else None
    return AudioStream(str(s.get("codec_name", "")), sr, samples)


def mux(
    video_in: Path,
    audio_wav: Path,
    out: Path,
    language: str,
    codec: str = "aac",
    bitrate: str = "192k",
    original_language: Optional[str] = None,
    title: str = "",
    source_track: int = 0,
) -> None:
    """Copy the video stream bit for bit and add the new audio (tagged); optionally keep the originals.

    With ``original_language`` set, every original audio track is kept after the dub (copied,
    not default); the one that was dubbed (``source_track``) is tagged ``original_language``, the
    others keep their own tags. The audio is read for the WAV's exact length (``-t`` at the
    sample count, movie timescale = sample rate), so the edit list declares the exact length;
    the video is never cut, even where it outlasts the audio.
    """
    import soundfile as sf

    frames = sf.info(str(audio_wav)).frames
    sr = sf.info(str(audio_wav)).samplerate
    with atomic_path(out) as tmp:
        # -t on the audio input, not the output: an output -t cuts every stream, the copied video
        # too (a concatenated film whose video outlasts its audio lost its last 29 frames)
        argv = [_tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-i", arg(video_in),
                "-t", f"{frames / sr:.9f}", "-i", arg(audio_wav), "-map", "0:v?", "-map", "1:a:0"]
        if original_language is not None:
            argv += ["-map", "0:a?"]
        argv += ["-c:v", "copy", "-c:a:0", codec]
        if codec in ("aac", "libopus"):
            argv += ["-b:a:0", bitrate]
        elif codec == "flac":
            argv += ["-strict", "experimental"]  # FLAC in MP4 is experimental in ffmpeg 5
        argv += ["-metadata:s:a:0", f"language={_iso639_2(language)}", "-disposition:a:0", "default"]
        if title:
            argv += ["-metadata:s:a:0", f"title={title}"]
        if original_language is not None:
            for k, kept in enumerate(audio_codecs(video_in), start=1):
                argv += [f"-c:a:{k}", "copy"] if kept in MP4_AUDIO_CODECS else [f"-c:a:{k}", codec]
                argv += [f"-disposition:a:{k}", "0"]
            argv += [f"-metadata:s:a:{source_track + 1}", f"language={_iso639_2(original_language)}"]
        argv += ["-movie_timescale", str(sr), "-map_metadata", "0",
                 "-movflags", "+faststart", "-f", "mp4", arg(tmp)]
        run(argv, f"muxing {out.name}")


# ISO 639-2/B codes for container language tags
_ISO639_2 = {"en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fre", "de": "ger", "it": "ita", "eo": "epo"}


def _iso639_2(code: str) -> str:
    return _ISO639_2.get(code, code)


def audio_codecs(path: Path) -> list[str]:
    """Codec name of each audio stream, in order."""
    proc = run([_tool("ffprobe"), "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name",
                "-of", "json", arg(path)], f"probing {path}")
    return [str(s.get("codec_name", "")) for s in json.loads(proc.stdout).get("streams", [])]


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
