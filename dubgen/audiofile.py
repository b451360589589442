"""Audio files read and written in blocks: memory follows the block, not the file.

Long inputs (films, lectures) pass through the pipeline as files; stages read the frames they
need and stream their outputs. :class:`WavWriter` writes the same bytes as
:func:`dubgen.io.write_wav` (32-bit float WAV, fmt + fact + data chunks, no PEAK chunk), so a
streamed file and one written in one piece are identical; past 4 GiB it writes RF64.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from .dsp import raised_cosine
from .io import atomic_path
from .runtime import release_free_memory

#: Default block length of streamed stages, seconds (one block's arrays stay in memory).
BLOCK_S = 60.0


@dataclass(frozen=True)
class WavInfo:
    frames: int
    channels: int
    sample_rate: int


def info(path: Path) -> WavInfo:
    import soundfile as sf

    i = sf.info(str(path))
    return WavInfo(int(i.frames), int(i.channels), int(i.samplerate))


def read(path: Path, start: int = 0, stop: Optional[int] = None, mono: bool = False) -> np.ndarray:
    """Frames [start, stop) of a WAV as float32 (frames, channels), or (frames,) with ``mono``.

    The range is clipped to the file.
    """
    import soundfile as sf

    with sf.SoundFile(str(path)) as f:
        n = f.frames
        start = min(max(0, int(start)), n)
        stop = n if stop is None else min(max(start, int(stop)), n)
        f.seek(start)
        x = f.read(stop - start, dtype="float32", always_2d=True)
    if mono:
        from .dsp import to_mono

        return to_mono(x)
    return x


def blocks(n: int, size: int, align: int = 1) -> Iterator[tuple[int, int]]:
    """[start, stop) ranges covering ``n`` frames, ``size`` long (a multiple of ``align``)."""
    size = max(align, size - size % align)
    for a in range(0, n, size):
        yield a, min(n, a + size)


#: Largest audio data a RIFF WAV holds (32-bit sizes); longer files are written as RF64.
RIFF_MAX_DATA = 0xFFFFFFFF - 1024


class WavWriter:
    """Append blocks to a WAV written atomically (renamed into place on close): 32-bit float,
    or 16-bit PCM with ``dtype="int16"`` (blocks given as int16); the bytes scipy writes.

    ``frames`` (the expected length) decides the format: beyond 4 GiB of data (a feature film
    in 5.1 at 48 kHz reaches that in about an hour) the file is RF64 (EBU Tech 3306: a ds64
    chunk holds the 64-bit sizes), which libsndfile and ffmpeg read.
    """

    def __init__(self, path: Path, sr: int, channels: int, dtype: str = "float32", frames: Optional[int] = None) -> None:
        if dtype not in ("float32", "int16"):
            raise ValueError(f"WavWriter: dtype must be float32 or int16, got {dtype!r}")
        self.path, self.sr, self.channels, self.dtype = Path(path), int(sr), int(channels), np.dtype(dtype)
        self.rf64 = frames is not None and frames * self.channels * self.dtype.itemsize > RIFF_MAX_DATA
        self.frames = 0
        self._ctx = atomic_path(self.path)
        self._tmp = self._ctx.__enter__()
        self._f = open(self._tmp, "wb")
        self._f.write(self._header(0))

    def _header(self, frames: int) -> bytes:
        ch, sr, width = self.channels, self.sr, self.dtype.itemsize
        data = frames * ch * width
        big = 0xFFFFFFFF
        if self.dtype == np.float32:  # IEEE float: fmt with cbSize, and a fact chunk
            fmt = struct.pack("<HHIIHHH", 3, ch, sr, sr * ch * width, ch * width, 8 * width, 0)
            fact = b"fact" + struct.pack("<II", 4, big if self.rf64 else frames)
        else:
            fmt = struct.pack("<HHIIHH", 1, ch, sr, sr * ch * width, ch * width, 8 * width)
            fact = b""
        chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + fact + b"data"
        if not self.rf64:
            if data > RIFF_MAX_DATA:
                raise ValueError(f"{self.path}: {data} bytes of audio exceed a RIFF WAV (expected length too short)")
            return b"RIFF" + struct.pack("<I", 4 + len(chunks) + 4 + data) + b"WAVE" + chunks + struct.pack("<I", data)
        ds64 = b"ds64" + struct.pack("<IQQQI", 28, 4 + 36 + len(chunks) + 4 + data, data, frames, 0)
        return b"RF64" + struct.pack("<I", big) + b"WAVE" + ds64 + chunks + struct.pack("<I", big)

    def write(self, x: np.ndarray) -> None:
        x = np.asarray(x, self.dtype)
        x = x.reshape(len(x), -1)
        if x.shape[1] != self.channels:
            raise ValueError(f"{self.path}: block has {x.shape[1]} channels, the file {self.channels}")
        self._f.write(np.ascontiguousarray(x).tobytes())
        self.frames += len(x)

    def close(self, ok: bool = True) -> None:
        """Finish the header and rename into place (``ok``), or drop the file."""
        try:
            if ok:
                self._f.seek(0)
                self._f.write(self._header(self.frames))
        except BaseException:
            ok = False
            raise
        finally:
            self._f.close()
            if ok:
                self._ctx.__exit__(None, None, None)
            else:
                self._ctx.__exit__(RuntimeError, RuntimeError("aborted"), None)

    def __enter__(self) -> "WavWriter":
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(ok=kind is None)


def process(
    n: int, size: int, margin: int, fn: Callable[[int, int], np.ndarray], fade: int = 0, align: int = 1,
) -> Iterator[tuple[int, np.ndarray]]:
    """Run ``fn(a, b)`` (output for input frames [a, b)) over ``n`` frames in blocks with context.

    Each block [s, e) is computed from [s - margin, e + margin] (clipped to the signal) and
    trimmed; with ``fade`` > 0 consecutive blocks overlap by ``fade`` frames joined by a
    raised-cosine crossfade. Yields (start, frames) in order, covering [0, n) exactly once.
    A signal no longer than ``size`` is one call ``fn(0, n)``.
    """
    fade = min(fade, margin)
    w = raised_cosine(fade)
    tail: Optional[np.ndarray] = None
    for s, e in blocks(n, size, align):
        a, b = max(0, s - margin), min(n, e + margin)
        y = np.asarray(fn(a, b), np.float32)
        keep_end = min(n, e + fade) - a
        cur = y[s - a: keep_end]
        if tail is not None and fade:
            k = len(tail)
            ww = w[:k].reshape((k,) + (1,) * (cur.ndim - 1))
            cur = cur.copy()
            # where both blocks agree (e.g. audio passed through untouched) the samples stay exact
            cur[:k] = np.where(tail == cur[:k], cur[:k], tail * (1.0 - ww) + cur[:k] * ww)
        body = e - s
        tail = cur[body:] if fade else None
        yield s, cur[:body]
        release_free_memory()  # a block's temporaries, before the next block allocates its own


def resample_file(path: Path, sr_out: int, block_s: float = BLOCK_S, margin_s: float = 1.0) -> np.ndarray:
    """The mono downmix of a WAV resampled to ``sr_out`` (polyphase), computed block by block.

    Blocks start on whole periods of the rate ratio and see ``margin_s`` of context either
    side, so the result equals resampling the whole file at once.
    """
    from fractions import Fraction

    from .dsp import resample, to_mono

    i = info(path)
    ratio = Fraction(sr_out, i.sample_rate)
    up, down = ratio.numerator, ratio.denominator
    margin = -(-int(margin_s * i.sample_rate) // down) * down
    out = np.empty(-(-i.frames * up // down), np.float32)  # resample_poly's length; filled in place
    pos = 0
    for s, e in blocks(i.frames, int(block_s * i.sample_rate), align=down):
        a, b = max(0, s - margin), min(i.frames, e + margin)
        y = resample(to_mono(read(path, a, b)), i.sample_rate, sr_out)
        lo = (s - a) * up // down
        hi = (e - a) * up // down if e < i.frames else len(y)
        out[pos:pos + hi - lo] = y[lo:hi]
        pos += hi - lo
    return out[:pos]


class Lazy(Sequence):
    """A read-only sequence whose items are produced on access (``get(i)``), none kept."""

    def __init__(self, n: int, get: Callable[[int], np.ndarray]) -> None:
        self._n, self._get = n, get

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._get(j) for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return self._get(i % self._n)


def spans(path: Path, sr: int, times: Sequence[tuple[float, float]], mono: bool = True) -> Lazy:
    """Item i: frames [round(start·sr), round(end·sr)) of span i, read from the file when accessed."""
    return Lazy(len(times), lambda i: read(path, int(round(times[i][0] * sr)), int(round(times[i][1] * sr)), mono))
