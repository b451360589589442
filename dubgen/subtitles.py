"""SubRip (SRT) subtitles."""

from __future__ import annotations

from typing import Sequence


def _stamp(t: float) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def to_srt(cues: Sequence[tuple[float, float, str]]) -> str:
    """SRT text for (start, end, text) cues in seconds."""
    blocks = [f"{i}\n{_stamp(a)} --> {_stamp(b)}\n{text.strip()}\n" for i, (a, b, text) in enumerate(cues, 1)]
    return "\n".join(blocks)
