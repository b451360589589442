"""Pipeline stages: one module per stage with its backend registry, optional backends in their
own modules. Importing this package registers every built-in backend (see :mod:`dubgen.registry`)."""

from __future__ import annotations

# Stage order = the order the stages run (doctor lists them so).
from . import asr, asr_whisper  # noqa: F401
from . import align  # noqa: F401
from . import speakers, speakers_campplus, speakers_fused  # noqa: F401
from . import translate, translate_hf  # noqa: F401
from . import tts, tts_coqui, tts_festival, tts_kokoro, tts_pico  # noqa: F401
from . import voice, voice_coqui  # noqa: F401
from . import loudness  # noqa: F401
from . import separation, separation_spleeter  # noqa: F401
from ..registry import registries

__all__ = ["registries"]
