"""Timing plan (isochrony): fit each translated phrase into its source slot.

Order of means, gentlest first: (1) borrow part of the neighbouring pauses, (2) choose the
speaking rate before synthesis, within a natural range, (3) time-stretch within the recipe's
limits. What still does not fit overruns, and the overrun is recorded; speech is never cut or
dropped. Every phrase is anchored at its absolute source time, so long videos cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# Stretch ratios this close to 1 are not worth a resynthesis artefact.
STRETCH_DEADBAND = 0.02


@dataclass(frozen=True)
class Slot:
    start: float  # source phrase
    end: float
    slot_start: float  # window including the borrowed pauses
    slot_end: float

    @property
    def source_len(self) -> float:
        return self.end - self.start

    @property
    def slot_len(self) -> float:
        return self.slot_end - self.slot_start


@dataclass(frozen=True)
class Placement:
    start: float
    end: float
    overrun: float


def plan_slots(
    spans: Sequence[tuple[float, float]], duration: float, borrow_s: float, min_pause_s: float
) -> list[Slot]:
    """Slots for time-ordered phrases: each may take up to ``borrow_s`` of the pause on either
    side, sharing a pause with its neighbour half and half and keeping ``min_pause_s`` free."""
    slots = []
    for i, (start, end) in enumerate(spans):
        if i == 0:
            before = min(borrow_s, max(start, 0.0))
        else:
            before = min(borrow_s, max(0.0, (start - spans[i - 1][1] - min_pause_s) / 2))
        if i == len(spans) - 1:
            after = min(borrow_s, max(duration - end, 0.0))
        else:
            after = min(borrow_s, max(0.0, (spans[i + 1][0] - end - min_pause_s) / 2))
        slots.append(Slot(start, end, start - before, end + after))
    return slots


def choose_rate(
    natural_s: float, rate: float, slot: Slot, min_rate: float, max_rate: float
) -> float:
    """Speaking rate (words/min) so that speech of ``natural_s`` at ``rate`` fits ``slot``.

    Too long: speed up toward the slot. Much too short: slow down toward the source length so
    the dub's rhythm follows the original. Always within [min_rate, max_rate].
    """
    if natural_s <= 0:
        return rate
    if natural_s > slot.slot_len:
        wanted = rate * natural_s / slot.slot_len
    elif natural_s < slot.source_len:
        wanted = rate * natural_s / slot.source_len
    else:
        wanted = rate
    return float(min(max(wanted, min_rate), max_rate))


def choose_stretch(speech_s: float, slot: Slot, min_stretch: float, max_stretch: float) -> float:
    """Time-stretch ratio (>1 = faster) for synthesised speech of ``speech_s``, within limits."""
    if speech_s <= 0:
        return 1.0
    if speech_s > slot.slot_len:
        ratio = min(speech_s / slot.slot_len, max_stretch)
    elif speech_s < slot.source_len:
        ratio = max(speech_s / slot.source_len, min_stretch)
    else:
        return 1.0
    return 1.0 if abs(ratio - 1.0) < STRETCH_DEADBAND else float(ratio)


def place(
    slots: Sequence[Slot], lengths: Sequence[float], min_pause_s: float, duration: float
) -> list[Placement]:
    """Absolute placement of each dub phrase.

    A phrase shorter than its source starts where the source starts; a longer one spreads
    into the borrowed pauses evenly, then runs on (overrun). A phrase never starts before the
    previous one has ended plus ``min_pause_s``, so nothing overlaps and nothing is shortened.
    A backward pass pulls phrases that would run past the end of the video earlier, but never
    earlier than the forward pass allowed: when the dub is longer than the video, the last
    phrases run past its end (their overrun is recorded; the remix cuts them at the end and
    records that too) instead of overlapping.
    """
    starts: list[float] = []
    earliest: list[float] = []  # every phrase packed from 0 with min_pause_s gaps: the floor
    prev_end = packed_end = float("-inf")
    for slot, length in zip(slots, lengths):
        extra = max(0.0, length - slot.source_len)
        room_before = slot.start - slot.slot_start
        # spread evenly, but lead with more of the pause before when the pause after is short
        lead = min(max(extra / 2, extra - (slot.slot_end - slot.end)), room_before)
        start = max(slot.start - lead, prev_end + min_pause_s, 0.0)
        starts.append(start)
        prev_end = start + length
        earliest.append(max(packed_end + min_pause_s, 0.0))
        packed_end = earliest[-1] + length
    limit = duration
    for i in reversed(range(len(starts))):
        if starts[i] + lengths[i] > limit:
            starts[i] = max(limit - lengths[i], earliest[i])
        limit = starts[i] - min_pause_s
    return [
        Placement(round(s, 4), round(s + n, 4), round(max(0.0, s + n - slot.slot_end), 4))
        for s, n, slot in zip(starts, lengths, slots)
    ]
