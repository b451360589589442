"""A time of day said as es, ca and gl say it: "at six" is "a las seis", not "en seis".

Apertium's English pairs translate "at" before an hour as a place's "at" ("El tren deja en
seis.", "Vuelve en tres.", gl "en oito o'reloxo", ca "a vuit") and give no hour its article
("Antes de seis por la mañana"). Where the English says a time ("at", "before", "until"… + an
hour, written or in digits, then "o'clock", am/pm, minutes, a mark or a clause's end), the
translation's preposition + that hour takes the article of hours ("a las seis", "antes de las
seis"), as many times as the English has such times and the translation has such hours
(otherwise nothing is changed). A time "around" or "about" an hour is "sobre las ocho" (es, gl),
"cap a les vuit" (ca), where the pairs wrote "alrededor 8", "al voltant de 8" (where the hour says so,
ends the sentence, or where "Around seven," opens a sentence).
"""

from __future__ import annotations

import re

from .amounts import HOUR_WORDS, say_past_or_to
from .phrasebook import same_case

_HOURS_EN = "|".join(HOUR_WORDS)
#: "at", "before", "until"… + an hour that is a time of day: what follows it says so
_EN_TIME = re.compile(
    r"\b(?:at|before|after|until|till|from|(?<!goals )(?<!points )(?<!nil )to|by|at around|at about) (?:" + _HOURS_EN
    + r"|1[0-2]|0?[1-9])(?::[0-5]\d)?"
    r"(?= ?o'clock\b| ?[ap]\.?m\b|\s?[.,!?;:]|$| (?:and|on|in the|tomorrow|today|tonight|sharp|every|then|until|till|to)\b)"
    # "around 8" is a time only where the hour says so ("about 5." may be a count)
    r"|\b(?:around|about) (?:" + _HOURS_EN + r"|1[0-2]|0?[1-9])(?::[0-5]\d)?(?= ?o'clock\b| ?[ap]\.?m\b| in the "
    r"(?:morning|afternoon|evening)\b| at night\b)"
    # or "around" one ending the sentence, but after a price ("I have breakfast around eight.")
    r"|(?<!\bcosts )(?<!\bcost )(?<!\bpaid )(?<!\bpay )\baround (?:" + _HOURS_EN + r"|1[0-2]|0?[1-9])(?=\s?[.!?]|$)"
    # or where it opens a sentence before a comma ("Around seven, we had dinner")
    r"|(?:^|(?<=[.!?] ))around (?:" + _HOURS_EN + r"|1[0-2]|0?[1-9])(?::[0-5]\d)?(?=,)",
    re.IGNORECASE)
#: per target: the hours (1 is feminine singular), and per preposition the pair writes before
#: one, how it is said with the article before one and before the others
_TARGET: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "es": ("una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce",
           {"en": ("a la", "a las"), "a": ("a la", "a las"), "de": ("de la", "de las"), "hasta": ("hasta la", "hasta las"),
            "hasta que": ("hasta la", "hasta las"), "desde": ("desde la", "desde las"),
            "alrededor": ("sobre la", "sobre las"), "en alrededor": ("sobre la", "sobre las"), "sobre": ("sobre la", "sobre las"),
            "aproximadamente": ("sobre la", "sobre las"), "en aproximadamente": ("sobre la", "sobre las")}),
    "ca": ("una|dues|tres|quatre|cinc|sis|set|vuit|nou|deu|onze|dotze",
           {"a": ("a la", "a les"), "de": ("de la", "de les"), "fins a": ("fins a la", "fins a les"),
            "des de": ("des de la", "des de les"), "davant": ("abans de la", "abans de les"),
            "al voltant de": ("cap a la", "cap a les"), "a al voltant de": ("cap a la", "cap a les"),
            "aproximadament": ("cap a la", "cap a les"), "a aproximadament": ("cap a la", "cap a les")}),
    "gl": ("unha|dúas|tres|catro|cinco|seis|sete|oito|nove|dez|once|doce",
           {"en": ("á", "ás"), "a": ("á", "ás"), "de": ("da", "das"), "ata": ("ata a", "ata as"),
            "até": ("ata a", "ata as"), "desde": ("desde a", "desde as"),
            "após": ("despois da", "despois das"), "ao redor de": ("sobre a", "sobre as"), "en ao redor de": ("sobre a", "sobre as"),
            "aproximadamente": ("sobre a", "sobre as"), "en aproximadamente": ("sobre a", "sobre as")}),
}
#: the article the pair may have written already ("desde as nove")
_ARTICLES = {"es": "la|las", "ca": "la|les", "gl": "a|as"}
_ONE = {"es": ("una", "uno", "un", "1"), "ca": ("una", "u", "un", "1"), "gl": ("unha", "un", "1")}
#: an hour word that counts something is no time ("aproximadamente tres horas")
_NOT_A_COUNT = (r"(?! (?:horas?|hores?|minutos?|minuts?|segundos?|dias?|días?|semanas?|setmanes?|mes|meses|mesos|años?|"
                r"anys?|anos?|veces|vez|vegades|vegada|personas?|persones|persoas?)\b)")
_O_CLOCK = {"gl": (re.compile(r"\bo'reloxo\b"), "en punto")}


def say_clock_times(translation: str, english: str, target: str) -> str:
    """``translation`` with each time of day of ``english`` said with the hours' article."""
    if target not in _TARGET:
        return translation
    times = len(_EN_TIME.findall(say_past_or_to(english)))
    if not times:
        return translation
    hours, preps = _TARGET[target]
    ones = "|".join(_ONE[target])
    said = re.compile(rf"\b({'|'.join(sorted(preps, key=len, reverse=True))})(?: (?:{_ARTICLES[target]}))? "
                      rf"({hours}|{ones}|1[0-2]|0?[1-9])\b(?![.,]\d){_NOT_A_COUNT}", re.IGNORECASE)
    found = said.findall(translation)
    if len(found) != times:
        return translation

    def article(m: re.Match[str]) -> str:
        hour = m.group(2)
        one, many = preps[m.group(1).lower()]
        is_one = hour.lower() in _ONE[target]
        if is_one and not hour.isdigit():
            hour = _ONE[target][0]
        return same_case(m.group(1), one if is_one else many) + " " + hour

    out = said.sub(article, translation)
    if target in _O_CLOCK:
        pattern, words = _O_CLOCK[target]
        out = pattern.sub(words, out)
    return out
