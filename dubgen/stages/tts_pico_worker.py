"""One SVOX Pico synthesis in a fresh process: ``python tts_pico_worker.py`` (imports py-nanotts only).

Reads ``{"text", "voice", "speed", "pitch"}`` as JSON on stdin, writes 16 kHz 16-bit PCM to stdout.
Pico reads memory it never initialised: in a long-lived process its output depends on what the
heap held before (same text, same speed, different bytes). A fresh process with a fixed mmap
threshold (``MALLOC_MMAP_THRESHOLD_``, set by the caller) gives it zeroed pages every time.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from py_nanotts import NanoTTS  # type: ignore[import-not-found]

    req = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    pcm = NanoTTS().speak(req["text"], voice=req["voice"], speed=req["speed"], pitch=req["pitch"])
    sys.stdout.buffer.write(pcm)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
