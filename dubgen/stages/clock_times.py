"""A time of day said as es, ca and gl say it: "at six" is "a las seis", not "en seis".

Apertium's English pairs translate "at" before an hour as a place's "at" ("El tren deja en
seis.", "Vuelve en tres.", gl "en oito o'reloxo", ca "a vuit"). Where the English says a time
("at" + an hour, written or in digits, then "o'clock", am/pm, minutes, a mark or a clause's
end), the translation's "en"/"a" + that hour takes the article of hours, as many times as
the English has such times and the translation has such hours (otherwise nothing is changed).
"""

from __future__ import annotations

import re

_HOURS_EN = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
#: "at" + an hour that is a time of day: what follows it says so
_EN_TIME = re.compile(
    r"\bat (?:" + _HOURS_EN + r"|1[0-2]|0?[1-9])(?::[0-5]\d)?(?= ?o'clock\b| ?[ap]\.?m\b|\s?[.,!?;:]|$|"
    r" (?:and|on|in the|tomorrow|today|tonight|sharp|every|then)\b)", re.IGNORECASE)
#: per target: the preposition the pair writes, the hours (1 is feminine singular), and how the
#: article is said before one and before the others
_TARGET = {
    "es": (r"en", "una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce", ("a la", "a las")),
    "ca": (r"a", "una|dues|tres|quatre|cinc|sis|set|vuit|nou|deu|onze|dotze", ("a la", "a les")),
    "gl": (r"en", "unha|dúas|tres|catro|cinco|seis|sete|oito|nove|dez|once|doce", ("á", "ás")),
}
_ONE = {"es": ("una", "uno", "un", "1"), "ca": ("una", "u", "un", "1"), "gl": ("unha", "un", "1")}
_O_CLOCK = {"gl": (re.compile(r"\bo'reloxo\b"), "en punto")}


def say_clock_times(translation: str, english: str, target: str) -> str:
    """``translation`` with each time of day of ``english`` said with the hours' article."""
    if target not in _TARGET:
        return translation
    times = len(_EN_TIME.findall(english))
    if not times:
        return translation
    prep, hours, (one, many) = _TARGET[target]
    ones = "|".join(_ONE[target])
    said = re.compile(rf"\b({prep}) ({hours}|{ones}|1[0-2]|0?[1-9])\b(?![.,]\d)", re.IGNORECASE)
    found = said.findall(translation)
    if len(found) != times:
        return translation

    def article(m: re.Match[str]) -> str:
        hour = m.group(2)
        word = one if hour.lower() in _ONE[target] else many
        if hour.lower() in _ONE[target] and not hour.isdigit():
            hour = _ONE[target][0]
        return (word[:1].upper() + word[1:] if m.group(1)[:1].isupper() else word) + " " + hour

    out = said.sub(article, translation)
    if target in _O_CLOCK:
        pattern, words = _O_CLOCK[target]
        out = pattern.sub(words, out)
    return out
