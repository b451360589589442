"""SubRip (SRT) subtitles: at most two lines of 42 characters per cue, as broadcast guidelines ask."""

from __future__ import annotations

from typing import Sequence

LINE_CHARS = 42
CUE_LINES = 2
_CLAUSE_END = (",", ";", ":", ".", "!", "?")


def _stamp(t: float) -> str:
    ms = int(round(max(t, 0.0) * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def _two_lines(words: Sequence[str], width: int) -> list[str] | None:
    """``words`` as one line, or two lines as even as a break between words allows (a break after a
    clause preferred); None when they do not fit in two lines of ``width``."""
    text = " ".join(words)
    if len(text) <= width:
        return [text]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [s for s in splits if max(map(len, s)) <= width]
    if not fitting:
        return None
    # a clause end counts as a quarter of a line shorter
    best = min(fitting, key=lambda s: max(map(len, s)) - (width / 4 if s[0].endswith(_CLAUSE_END) else 0))
    return list(best)


def wrap_cue(text: str, width: int = LINE_CHARS, lines: int = CUE_LINES) -> list[str]:
    """``text`` cut into cue texts of at most ``lines`` lines of ``width`` characters (a word longer
    than a line keeps a line of its own); a cue that must be cut ends at a clause where one lies in
    its second half."""
    words = text.split()
    cues: list[str] = []
    while words:
        n = 1
        while n < len(words) and _fits(words[:n + 1], width, lines):
            n += 1
        if n < len(words):
            clause = [i for i in range(max(1, n // 2), n) if words[i - 1].endswith(_CLAUSE_END)]
            n = clause[-1] if clause else n
        cues.append("\n".join(_layout(words[:n], width, lines)))
        words = words[n:]
    return cues


def _fits(words: Sequence[str], width: int, lines: int) -> bool:
    layout = _layout(words, width, lines)
    return len(layout) <= lines and max(map(len, layout)) <= width


def _layout(words: Sequence[str], width: int, lines: int) -> list[str]:
    if lines == 2 and (two := _two_lines(words, width)) is not None:
        return two
    out: list[str] = []
    for w in words:  # greedy fill
        if out and len(out[-1]) + 1 + len(w) <= width:
            out[-1] += " " + w
        else:
            out.append(w)
    return out


def split_cues(cues: Sequence[tuple[float, float, str]], width: int = LINE_CHARS,
               lines: int = CUE_LINES) -> list[tuple[float, float, str]]:
    """Each (start, end, text) cue wrapped, and cut in time by its characters where it must be cut."""
    out: list[tuple[float, float, str]] = []
    for a, b, text in cues:
        parts = wrap_cue(text, width, lines)
        total = sum(len(p) for p in parts) or 1
        t = a
        for i, p in enumerate(parts):
            end = b if i == len(parts) - 1 else t + (b - a) * len(p) / total
            out.append((t, end, p))
            t = end
    return out


def to_srt(cues: Sequence[tuple[float, float, str]]) -> str:
    """SRT text for (start, end, text) cues in seconds, wrapped to two lines of 42 characters."""
    blocks = [f"{i}\n{_stamp(a)} --> {_stamp(b)}\n{text}\n" for i, (a, b, text) in enumerate(split_cues(cues), 1)]
    return "\n".join(blocks)
