"""Decoding (PyAV) and features: frames at a fixed rate and size, mono audio, log-mel."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np

from ..errors import MediaError

DB_FLOOR = -100.0  # dB floor of the log-mel (power 1e-10)


def decode_video(path: Path, fps: float, side: int, max_seconds: float | None = None) -> np.ndarray:
    """Frames sampled at ``fps`` (nearest decoded frame), shorter side scaled to ``side`` and
    centre-cropped square. Returns uint8 (T, side, side, 3)."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise MediaError(str(path), "no video stream")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            w, h = stream.codec_context.width, stream.codec_context.height
            if not w or not h:
                raise MediaError(str(path), "video stream has no size")
            scale = side / min(w, h)
            tw, th = max(side, round(w * scale)), max(side, round(h * scale))
            out: list[np.ndarray] = []
            next_t = 0.0
            last = None
            for frame in container.decode(stream):
                t = float(frame.time) if frame.time is not None else len(out) / fps
                if max_seconds is not None and t >= max_seconds:
                    break
                if t + 0.5 / fps < next_t:  # not yet the nearest frame to the next target time
                    continue
                img = frame.reformat(width=tw, height=th, format="rgb24").to_ndarray()
                y0, x0 = (th - side) // 2, (tw - side) // 2
                last = img[y0 : y0 + side, x0 : x0 + side]
                while next_t <= t + 0.5 / fps:
                    out.append(last)
                    next_t = len(out) / fps
    except MediaError:
        raise
    except Exception as e:  # PyAV raises many error types for broken files
        raise MediaError(str(path), f"cannot decode video: {e}") from e
    if not out:
        raise MediaError(str(path), "no video frames decoded")
    return np.ascontiguousarray(np.stack(out))


def decode_audio(path: Path, sample_rate: int) -> np.ndarray:
    """Mono float32 audio at ``sample_rate`` from any file PyAV reads (wav, mp4, ...)."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError(str(path), "no audio stream")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
            chunks: list[np.ndarray] = []
            for frame in container.decode(stream):
                for rf in resampler.resample(frame):
                    chunks.append(rf.to_ndarray().reshape(-1))
            for rf in resampler.resample(None):
                chunks.append(rf.to_ndarray().reshape(-1))
    except MediaError:
        raise
    except Exception as e:
        raise MediaError(str(path), f"cannot decode audio: {e}") from e
    if not chunks:
        raise MediaError(str(path), "no audio samples decoded")
    audio = np.concatenate(chunks).astype(np.float32)
    if not np.isfinite(audio).all():
        raise MediaError(str(path), "audio has non-finite samples")
    return audio


@functools.lru_cache(maxsize=16)
def mel_filters(sample_rate: int, n_fft: int, n_mels: int) -> np.ndarray:
    """Triangular HTK-mel filterbank (n_mels, n_fft // 2 + 1), area-normalised (Slaney)."""

    def hz_to_mel(f: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def mel_to_hz(m: np.ndarray) -> np.ndarray:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    freqs = np.linspace(0, sample_rate / 2, n_fft // 2 + 1)
    pts = mel_to_hz(np.linspace(hz_to_mel(np.array(0.0)), hz_to_mel(np.array(sample_rate / 2)), n_mels + 2))
    fb = np.zeros((n_mels, freqs.size), dtype=np.float32)
    for m in range(n_mels):
        lo, c, hi = pts[m], pts[m + 1], pts[m + 2]
        up = (freqs - lo) / max(c - lo, 1e-9)
        down = (hi - freqs) / max(hi - c, 1e-9)
        fb[m] = np.maximum(0.0, np.minimum(up, down)) * (2.0 / max(hi - lo, 1e-9))
    return fb


def log_mel(audio: np.ndarray, sample_rate: int, n_fft: int, hop: int, n_mels: int) -> np.ndarray:
    """Log-mel power in dB, float32 (n_mels, frames); frame k is centred at k * hop."""
    import torch

    x = torch.from_numpy(np.asarray(audio, dtype=np.float32))
    if x.numel() < n_fft:
        x = torch.nn.functional.pad(x, (0, n_fft - x.numel()))
    win = torch.hann_window(n_fft)
    spec = torch.stft(x, n_fft, hop_length=hop, window=win, center=True, return_complex=True)
    power = spec.abs().pow(2).numpy()
    mel = mel_filters(sample_rate, n_fft, n_mels) @ power
    return (10.0 * np.log10(np.maximum(mel, 1e-10))).astype(np.float32)


def hop_for(clip_seconds: float, audio_frames: int, sample_rate: int) -> int:
    """Hop so that one view of ``clip_seconds`` spans exactly ``audio_frames`` mel frames."""
    return max(1, int(math.floor(sample_rate * clip_seconds / audio_frames)))
