"""Pipeline stages; each module holds one stage's backend registry."""

from __future__ import annotations

from ..registry import Registry


def registries() -> dict[str, Registry]:
    """Recipe block name -> backend registry (importing the stage modules registers backends)."""
    from . import align, asr, loudness, separation, speakers, translate, tts, voice

    return {
        "asr": asr.ASR,
        "align": align.ALIGN,
        "speakers": speakers.SPEAKERS,
        "translate": translate.TRANSLATE,
        "tts": tts.TTS,
        "voice": voice.VOICE,
        "loudness": loudness.LOUDNESS,
        "separation": separation.SEPARATION,
    }
