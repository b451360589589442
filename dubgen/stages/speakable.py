"""What a synthesiser is given to read: letter-digit codes spelt out in the target language.

Some voices (Pico) read a code such as "F2" or "K7" as one unknown word, which listeners (and
an ASR) do not recognise; backends whose front end says codes itself (Festival) declare
``reads_codes`` and are left alone. Each code becomes the letter's name and the number in words, each
followed by a short pause ("F2" → "efe, dos,"), which is how a speaker says it. Languages
without a letter table here are left as they are.
"""

from __future__ import annotations

import re

#: Letter names per language (ISO 639-1).
LETTERS: dict[str, dict[str, str]] = {
    "es": dict(zip("abcdefghijklmnopqrstuvwxyz", (
        "a", "be", "ce", "de", "e", "efe", "ge", "hache", "i", "jota", "ka", "ele", "eme", "ene", "o", "pe",
        "cu", "erre", "ese", "te", "u", "uve", "uve doble", "equis", "i griega", "zeta"))),
    "ca": dict(zip("abcdefghijklmnopqrstuvwxyz", (
        "a", "be", "ce", "de", "e", "efa", "ge", "hac", "i", "jota", "ca", "ela", "ema", "ena", "o", "pe",
        "cu", "erra", "essa", "te", "u", "ve", "ve doble", "ics", "i grega", "zeta"))),
}
_CODE = re.compile(r"\b([A-Za-z])[- ]?(\d{1,6})\b")


def speakable(text: str, language: str) -> str:
    """``text`` with every letter-digit code spelt out for ``language`` (unchanged without a table)."""
    letters = LETTERS.get(language)
    if letters is None or not _CODE.search(text):
        return text
    from num2words import num2words

    def spell(m: re.Match[str]) -> str:
        return f"{letters[m.group(1).lower()]}, {num2words(int(m.group(2)), lang=language)},"

    spoken = _CODE.sub(spell, text)
    return re.sub(r",\s*([,.;:!?])", r"\1", spoken)  # no pause mark doubled before punctuation
