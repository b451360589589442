"""Apply a recipe's ``qc:`` thresholds to measured metrics: pass/fail with readable reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from ..config import QCConfig

# QCConfig field → (metric key, comparison, how the metric is taken). "max": fail when the
# value is above the threshold; "min": fail when below. "abs": compare |value|.
GATES: dict[str, tuple[str, str, bool]] = {
    "max_wer": ("wer", "max", False),
    "max_cer": ("cer", "max", False),
    "min_speaker_sim": ("speaker_sim", "min", False),
    "max_lufs_diff": ("lufs_diff", "max", True),
    "max_stretch": ("stretch_max", "max", False),
    "max_timing_error_ms": ("timing_error_ms", "max", False),
    "max_overrun_s": ("overrun_max_s", "max", False),
    "max_speech_dropped_s": ("speech_dropped_s", "max", False),
    "max_true_peak_db": ("true_peak_db", "max", False),
    "max_leak_recall": ("leak_recall", "max", False),
    "min_bg_sisdr_db": ("bg_sisdr_db", "min", False),
    "max_spectrum_distance_db": ("spectrum_distance_db", "max", True),
    "max_f0_error_st": ("f0_error_st", "max", False),
    "max_residual_speech_db": ("residual_speech_db", "max", False),
    "max_residual_speech_est_db": ("residual_speech_est_db", "max", False),
    "max_stage_cer_cost": ("stage_cer_cost_max", "max", False),
}

#: What a failed gate means, where the metric's name does not say it.
GATE_MEANING = {
    "residual_speech_db": "original speech still audible in the dub",
    "residual_speech_est_db": "original speech still audible in the background",
}

#: Metrics that are absent by nature on some clips (no pause long enough to judge the background).
MAY_BE_ABSENT = frozenset({"bg_sisdr_db", "residual_speech_db"})  # the latter: no clean reference


def apply_gates(metrics: Mapping[str, Any], qc: "QCConfig") -> tuple[bool, list[str]]:
    """Check every enabled gate; a gate whose metric could not be measured fails too.

    Returns:
        ``(passed, reasons)``; reasons name the metric, its value and the threshold.
    """
    reasons: list[str] = []
    for field, (key, op, use_abs) in GATES.items():
        limit = getattr(qc, field)
        if limit is None:
            continue
        value = metrics.get(key)
        if value is None:
            if key in MAY_BE_ABSENT:
                continue
            reasons.append(f"{key} not measured ({field} {limit})")
            continue
        v = abs(value) if use_abs else value
        shown = f"|{key}| {v:.3g}" if use_abs else f"{key} {v:.3g}"
        why = f": {GATE_MEANING[key]}" if key in GATE_MEANING else ""
        if op == "max" and v > limit:
            reasons.append(f"{shown} > {field} {limit:g}{why}")
        elif op == "min" and v < limit:
            reasons.append(f"{shown} < {field} {limit:g}{why}")
    if getattr(qc, "require_container", False):
        if metrics.get("container_ok") is False:
            bad = [k for k in ("video_equal", "samples_equal", "rate_ok", "language_ok") if metrics.get(k) is False]
            detail = ", ".join(bad)
            if "samples_equal" in bad:
                detail += f" (audio samples off by {metrics.get('samples_diff')}, decoder padding {metrics.get('decoder_padding')})"
            if "rate_ok" in bad:
                detail += f" (audio written at {metrics.get('audio_rate')} Hz)"
            reasons.append(f"container check failed: {detail} (require_container)")
    return not reasons, reasons
