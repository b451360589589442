from dubgen.stages.timing import Slot, choose_rate, choose_stretch, place, plan_slots


def test_slots_share_pauses_and_keep_min_pause():
    slots = plan_slots([(1.0, 2.0), (2.5, 4.0), (4.05, 5.0)], duration=6.0, borrow_s=0.4, min_pause_s=0.1)
    assert slots[0].slot_start == 0.6  # first phrase borrows up to borrow_s from the lead-in
    assert abs(slots[0].slot_end - 2.2) < 1e-9  # (0.5 - 0.1) / 2 of the shared pause
    assert abs(slots[1].slot_start - 2.3) < 1e-9
    assert slots[1].slot_end == 4.0  # 50 ms pause < min pause: nothing to borrow
    assert slots[2].slot_start == 4.05
    assert abs(slots[2].slot_end - 5.4) < 1e-9
    for a, b in zip(slots, slots[1:]):
        assert b.slot_start - a.slot_end >= 0.1 - 1e-9 or b.slot_start == b.start


def test_rate_speeds_up_long_speech_within_limits():
    slot = Slot(0.0, 2.0, 0.0, 2.4)
    assert choose_rate(2.2, 165, slot, 130, 230) == 165  # fits the borrowed slot as is
    r = choose_rate(3.0, 165, slot, 130, 230)
    assert abs(r - 165 * 3.0 / 2.4) < 1e-6
    assert choose_rate(10.0, 165, slot, 130, 230) == 230  # clamped to the natural range
    assert choose_rate(1.0, 165, slot, 130, 230) == 130  # slows down toward the source, clamped


def test_stretch_limits_and_deadband():
    slot = Slot(0.0, 2.0, 0.0, 2.0)
    assert choose_stretch(2.01, slot, 0.8, 1.25) == 1.0
    assert abs(choose_stretch(2.2, slot, 0.8, 1.25) - 1.1) < 1e-9
    assert choose_stretch(5.0, slot, 0.8, 1.25) == 1.25  # never beyond the limit
    assert choose_stretch(1.0, slot, 0.8, 1.25) == 0.8


def test_place_never_overlaps_or_cuts_and_records_overrun():
    slots = plan_slots([(0.5, 1.5), (1.6, 2.0), (5.0, 6.0)], duration=6.2, borrow_s=0.3, min_pause_s=0.1)
    lengths = [2.0, 1.0, 1.0]
    ps = place(slots, lengths, 0.1, 6.2)
    for p, n in zip(ps, lengths):
        assert abs((p.end - p.start) - n) < 1e-3  # nothing shortened
    for a, b in zip(ps, ps[1:]):
        assert b.start >= a.end + 0.1 - 1e-6  # no overlap, pause kept
    assert ps[0].overrun > 0 and ps[0].start >= 0.2 - 1e-9
    assert ps[2].start == 5.0 and ps[2].overrun == 0.0  # anchored at its absolute source time


def test_place_pulls_last_phrase_inside_the_video():
    slots = plan_slots([(1.0, 2.0), (8.0, 9.5)], duration=10.0, borrow_s=0.3, min_pause_s=0.1)
    ps = place(slots, [1.0, 2.5], 0.1, 10.0)
    assert ps[-1].end <= 10.0 + 1e-9
    assert abs(ps[-1].end - ps[-1].start - 2.5) < 1e-6


def test_place_never_overlaps_when_the_dub_is_longer_than_the_video():
    # two 2.5 s phrases in a 3 s video: they cannot both fit; the old backward pass placed them
    # at 0.0-2.5 and 0.5-3.0 (overlapping). The second must run past the end, recorded as overrun.
    slots = plan_slots([(0.2, 1.2), (1.5, 2.8)], duration=3.0, borrow_s=0.4, min_pause_s=0.1)
    ps = place(slots, [2.5, 2.5], 0.1, 3.0)
    assert ps[1].start >= ps[0].end + 0.1 - 1e-6
    assert all(abs((p.end - p.start) - 2.5) < 1e-6 for p in ps)
    assert ps[0].start == 0.0
    assert ps[1].end > 3.0 and ps[1].overrun >= ps[1].end - slots[1].slot_end - 1e-6 > 0


def test_place_fits_what_fits_and_overruns_only_the_rest():
    # three phrases, the first two fit after pulling; the third cannot: only it passes the end
    slots = plan_slots([(0.5, 1.0), (1.5, 2.0), (2.5, 3.0)], duration=3.2, borrow_s=0.2, min_pause_s=0.1)
    lengths = [0.6, 0.6, 2.0]
    ps = place(slots, lengths, 0.1, 3.2)
    for a, b in zip(ps, ps[1:]):
        assert b.start >= a.end + 0.1 - 1e-6
    assert ps[0].end <= 3.2 and ps[1].end <= 3.2 and ps[2].end > 3.2 and ps[2].overrun > 0
