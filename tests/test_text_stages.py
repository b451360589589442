"""ASR, translation and synthesis backends on real speech."""

import re

import numpy as np
import pytest

from dubgen import media
from dubgen.errors import RecipeError
from dubgen.manifest import Word
from dubgen.stages.asr import FasterWhisperASR, split_phrases
from dubgen.stages.translate import ApertiumTranslator, IdentityTranslator, apertium_route
from dubgen.stages.tts import EspeakTTS, PiperTTS

from conftest import JFK, JFK_TEXT


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z']+", s.lower())


@pytest.fixture(scope="module")
def jfk_transcript():
    audio = media.decode_audio(JFK, 16000, 1)[:, 0]
    return FasterWhisperASR().transcribe(audio, None)


def test_whisper_base_transcribes_jfk_with_word_timings(jfk_transcript):
    tr = jfk_transcript
    assert tr.language == "en"  # detected
    text = " ".join(s.text for s in tr.segments)
    assert _words(text) == _words(JFK_TEXT)
    words = [w for s in tr.segments for w in s.words]
    assert all(0 <= w.start < w.end <= 11.05 for w in words)
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert len(tr.segments) >= 2  # split at the pauses into dubbable phrases
    assert tr.speech and all(a < b for a, b in tr.speech)


def test_split_phrases_at_pauses_sentence_ends_and_cap():
    ws = [Word(text=t, start=s, end=e) for t, s, e in
          [("Hi.", 0.0, 0.3), ("How", 0.35, 0.5), ("are", 0.5, 0.7), ("you", 0.7, 1.0), ("today", 1.6, 2.0)]]
    phrases = split_phrases(ws, split_pause_s=0.3, max_segment_s=10.0, min_segment_s=0.2)
    assert [[w.text for w in p] for p in phrases] == [["Hi."], ["How", "are", "you"], ["today"]]
    capped = split_phrases(ws, split_pause_s=5.0, max_segment_s=0.9, min_segment_s=0.0)
    assert all(p[-1].end - p[0].start <= 0.9 for p in capped)


def test_apertium_translates_each_segment():
    tr = ApertiumTranslator()
    out = tr.translate(["And so my fellow Americans,", "ask what you can do for your country."], "en", "es")
    assert len(out) == 2 and "americanos" in out[0].lower() and "país" in out[1].lower()
    assert "american friends" in tr.translate(["Y así que mis amigos americanos"], "es", "en")[0].lower()
    assert len(tr.translate(["Hello friend", "Goodbye"], "en", "ca")) == 2
    assert tr.translate([], "en", "gl") == []


def test_apertium_pivots_and_rejects_unknown_routes():
    assert apertium_route("es", "ca") == ["spa-eng", "eng-cat"]
    with pytest.raises(RecipeError, match="no route en->de"):
        apertium_route("en", "de")


def test_identity_translation_is_only_for_same_language():
    assert IdentityTranslator().translate(["  Hello   there "], "en", "en") == ["Hello there"]
    with pytest.raises(RecipeError, match="source is en and the target es"):
        IdentityTranslator().translate(["x"], "en", "es")


def test_espeak_rate_controls_duration_and_voice_follows_f0():
    tts = EspeakTTS()
    assert tts.voice_for("es", 110.0) == "es+m3" and tts.voice_for("es", 220.0) == "es+f3"
    assert tts.voice_for("gl", None).startswith("es")  # no Galician voice: the closest, Spanish
    text = "Pregunta qué puedes hacer tú por tu país"
    slow, sr = tts.synthesize(text, "es+m3", 120)
    fast, _ = tts.synthesize(text, "es+m3", 240)
    assert sr == 22050 and len(slow) > 1.6 * len(fast)
    assert tts.synthesize("-v --help", "es", 165)[0].size > 0  # text is never read as options


def test_piper_speaks_english_only_by_default():
    tts = PiperTTS()
    audio, sr = tts.synthesize("Ask what you can do for your country.", tts.voice_for("en", None), 160)
    assert sr == 22050 and 1.0 < len(audio) / sr < 4.0 and np.abs(audio).max() > 0.05
    with pytest.raises(RecipeError, match="English only"):
        tts.voice_for("es", None)
