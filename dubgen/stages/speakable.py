"""What a synthesiser is given to read: letter-digit codes spelt out, lone accented vowels as words.

Some voices (Pico) read a code such as "F2" or "K7" as one unknown word, which listeners (and
an ASR) do not recognise; Festival's front end says most codes but reads Roman-numeral letters
as numbers ("X4" as "deu quatre"). Each code becomes the letter's name and the number in words,
each followed by a short pause ("F2" → "efe, dos,"), which is how a speaker says it; a letter
that is a word ("entre 3 y 5") is not a code's. Languages without a letter table here are left
as they are.

Spanish voices (Pico, espeak-ng) read a lone accented vowel as a letter name: Galician "é" (is),
"á" and "ó" (to the) came out as "e con acento agudo". Spanish has no such words, so for a
Spanish voice they become the plain vowel, which is how they sound. Pico reads an ordinal
indicator as its name ("3.º" as "tres, ordinal masculino"): Spanish voices get ordinals as words,
"EE.UU." as "Estados Unidos", and year ranges ("2010-2015") with the word for "to". Festival's
Catalan voice misread a time in digits ("les 8:30" as "2-4 de 9"): it gets it in words ("les vuit i
trenta").
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
_CODE = re.compile(r"\b([A-Za-z])([- ]?)(\d{1,6})\b")
#: Letters that are words of the language: before a number after a space they are that word
#: ("entre 3 y 5", "de 1 a 5", "2 o 3"), not a code's letter.
LETTER_WORDS: dict[str, str] = {"es": "yaoeu", "ca": "iaoe"}
#: "3.º", "21.ª": a number with an ordinal indicator (º masculine, ª feminine)
_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,3})\.?([ºª])(?!\w)")
#: Languages whose voices are given ordinals as words
ORDINAL_WORDS = frozenset({"es"})
#: Abbreviations a voice of that language misreads, as said ("EE.UU." was read "e e punto u u").
#: Festival's Catalan voice spelt "Sr." and dropped "Dr.".
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "es": {"EE.UU.": "Estados Unidos", "EE. UU.": "Estados Unidos"},
    "ca": {"Dr.": "doctor", "Dra.": "doctora", "Sr.": "senyor", "Sra.": "senyora"},
}
#: A range of years, "2010-2015": the voices read the hyphen as a minus or not at all.
_YEAR_RANGE = re.compile(r"(?<![\w.,-])((?:1[5-9]|20)\d\d)[-–]((?:1[5-9]|20)\d\d)(?![\w-])")
#: The word a range is said with, per voice language.
RANGE_WORDS = {"es": "a", "ca": "a"}
#: A time of the clock, "8:30": Festival's Catalan voice read "les 8:30" as "2-4 de 9".
_CLOCK = re.compile(r"(?<![\w:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")
#: The word between a time's hour and its minutes, per voice language whose voice misreads the digits.
CLOCK_WORDS = {"ca": "i"}
#: Words a voice of that language would spell, and what it should read instead.
WORDS: dict[str, dict[str, str]] = {"es": {v: p for v, p in zip("áéíóúÁÉÍÓÚàèòÀÈÒ", "aeiouAEIOUaeoAEO")}}


def _clock(hour: int, minutes: int, language: str) -> str:
    """A time of the clock in words: "vuit i trenta", "vuit" on the hour."""
    from num2words import num2words

    said = num2words(hour, lang=language)
    return f"{said} {CLOCK_WORDS[language]} {num2words(minutes, lang=language)}" if minutes else said


def _ordinal(n: int, feminine: bool, language: str) -> str:
    from num2words import num2words

    words = num2words(n, lang=language, to="ordinal").split()
    return " ".join(w[:-1] + "a" if feminine and w.endswith("o") else w for w in words)


def speakable(text: str, language: str) -> str:
    """``text`` as a voice speaking ``language`` should be given it: abbreviations it misreads
    said, year ranges and ordinals as words, codes spelt out, lone letters it would spell
    replaced (unchanged where ``language`` has no tables)."""
    for short, said in ABBREVIATIONS.get(language, {}).items():
        text = re.sub(rf"(?<!\w){re.escape(short)}", said, text)
    if language in RANGE_WORDS:
        text = _YEAR_RANGE.sub(rf"\1 {RANGE_WORDS[language]} \2", text)
    if language in ORDINAL_WORDS and _ORDINAL.search(text):
        text = _ORDINAL.sub(lambda m: _ordinal(int(m.group(1)), m.group(2) == "ª", language), text)
    if language in CLOCK_WORDS:
        text = _CLOCK.sub(lambda m: _clock(int(m.group(1)), int(m.group(2)), language), text)
    words = WORDS.get(language)
    if words:
        text = re.sub(r"(?<!\w)(\w)(?!\w)", lambda m: words.get(m.group(1), m.group(1)), text)
    letters = LETTERS.get(language)
    if letters is None or not _CODE.search(text):
        return text
    from num2words import num2words

    def spell(m: re.Match[str]) -> str:
        letter, gap, number = m.groups()
        if gap == " " and letter.lower() in LETTER_WORDS.get(language, ""):
            return m.group(0)
        return f"{letters[letter.lower()]}, {num2words(int(number), lang=language)},"

    spoken = _CODE.sub(spell, text)
    return re.sub(r",\s*([,.;:!?])", r"\1", spoken)  # no pause mark doubled before punctuation
