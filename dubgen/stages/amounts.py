"""Amounts, times and dates an ASR writes with symbols or digits, said in English words before translation.

Whisper writes what it hears as a reader would see it: "$5", "20€", "10%", "25°C", "3pm",
"10:30 a.m.", "the 1990s". Apertium passes the symbols through, so the target kept English order
("Cuesta $5"), and the voices read them as they could: Festival's Catalan voice said "$5" as "s
dòlar", dropped the "€" of "€20", read "25°C" as "dos fins a", "3pm" as "3 pèmats" and "the
1990s" as "1999-1990 S". In words the pairs translate them: "5 dólares", "20 euros", "10 por
ciento", "25 grados", "a las 3 por la tarde", "los años 1990". Dates are put in the order the
pairs read as the targets say them: "on the 2nd of May" was "en el 2.º de mayo" (ca "damunt el 2n
de maig"), "On March 15" "En marzo 15"; "the 2 of May" is "el 2 de mayo". An amount "a" night is
"per" night ("85 euros una noche" → "por noche").
"""

from __future__ import annotations

import re
from typing import Optional

#: a currency symbol's unit
CURRENCIES = {"$": "dollar", "€": "euro", "£": "pound"}
#: a written number: "5", "1,200", "1.50"
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_BEFORE = re.compile(r"(?<![\w$€£])([$€£])\s?(" + _NUMBER + r")(?:\s?(million|billion|thousand|k)\b)?", re.IGNORECASE)
_AFTER = re.compile(r"(?<![\w.,])(" + _NUMBER + r")\s?([$€£])(?!\w)")
_PERCENT = re.compile(r"(?<=\d)\s?%")
_DEGREES = re.compile(r"(?<![\w.,])(" + _NUMBER + r")\s?°\s?([CF](?![a-z]))?")
#: "3pm", "10:30 a.m.", "7 PM" (group 4: a closing period that also ends the sentence)
_CLOCK = re.compile(r"(?<![\w:])(\d{1,2})(:\d\d)?\s?([ap])\.?\s?m(?![a-z])(\.(?=\s*$|\s+(?-i:[A-Z])))?\.?", re.IGNORECASE)
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
#: the ordinals of a month's days in words ("the first of March")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30}
_ORDINAL_WORD = (r"(?:twenty|thirty)[- ](?:" + "|".join(_ORDINALS[:9]) + r")|" + "|".join(_TENS_ORDINALS) + "|"
                 + "|".join(_ORDINALS))
_DAY = r"(\d{1,2}(?=st|nd|rd|th|\b)(?:st|nd|rd|th)?|" + _ORDINAL_WORD + ")"
#: a century by its ordinal ("the sixteenth century", "the 19th century": the pairs said "el decimosexto siglo",
#: gl "o 19.º século"), said "the century 16" ("el siglo 16")
_CENTURY = re.compile(r"\b([Tt]he) (" + _ORDINAL_WORD + r"|\d{1,2}(?:st|nd|rd|th)) century\b", re.IGNORECASE)
_YEAR = r"(?:,? (\d{4}))?\b"
#: a date and the "on" before it: "on the 2nd of May", "May 2nd, 2019", "on March 15"
_DAY_OF_MONTH = re.compile(r"(?:\b[Oo]n )?(?:\b[Tt]he )?\b" + _DAY + r" of " + _MONTH + _YEAR)
_MONTH_DAY = re.compile(r"(?:\b[Oo]n )?\b" + _MONTH + r" " + _DAY + r"(?![\d:])" + _YEAR)
#: "on 10 May" (en-gl read "en 10 maio")
_DAY_MONTH = re.compile(r"(?:\b[Oo]n )?\b(\d{1,2}) " + _MONTH + _YEAR)
#: an amount "a" day or a night ("85 euros a night" was "85 euros una noche", "twice a week" "dos
#: veces una semana"): "per"
_PER = re.compile(r"((?:\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|a couple of|a few)) [a-z]+|"
                  r"\bonce|\btwice|\b\w+ times) a (day|night|week|month|year|person|head)\b")
#: English numbers in words: 1-9, 10-19, the tens; the hours of the clock, 1-12
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
HOUR_WORDS = _UNITS + _TEENS[:3]
#: "half past eight", "a quarter past six", "a quarter to nine" (the pairs said "pasado medio ocho", ca "la
#: meitat passada vuit"): the time in digits, "8:30", "6:15", "8:45"
_PAST_OR_TO = re.compile(r"\b(?:a )?(half|quarter) (past|to) (" + "|".join(HOUR_WORDS) + r"|1[0-2]|[1-9])\b",
                         re.IGNORECASE)
#: a year in words after a word of time ("in nineteen ninety-five", "since two thousand and eight", "in twenty
#: twenty-two": the pairs said "desde entonces dos mil y ocho", "en veinte veintidós"): in digits
_TWO_DIGITS = (r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?|" + "|".join(_TEENS)
               + r"|oh[- ](?:" + "|".join(_UNITS) + "))")
_YEAR_WORDS = re.compile(r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("in", "since", "until", "till", "by", "from", "of",
                                                                      "before", "after", "during", "year"))
                         + r")(?:(nineteen|twenty) ("
                         + _TWO_DIGITS + r"|hundred)|two thousand(?:,? and|,)? (" + "|".join(_UNITS) + "|" + _TWO_DIGITS
                         + r")|(two thousand))\b(?![- ](?:" + "|".join(_UNITS) + r"|hundred|thousand|people|years?)\b)",
                         re.IGNORECASE)


def _two_digits(words: str) -> int:
    """ "ninety-five", "ten", "oh five", "seven" as a number."""
    words = words.lower().replace("-", " ").split()
    if words[0] == "oh":
        words = words[1:]
    if words[0] in _TEENS:
        return 10 + _TEENS.index(words[0])
    if words[0] in _UNITS:
        return 1 + _UNITS.index(words[0])
    return 20 + 10 * _TENS.index(words[0]) + (1 + _UNITS.index(words[1]) if len(words) > 1 else 0)


def _year(m: re.Match[str]) -> str:
    """A :data:`_YEAR_WORDS` year in digits."""
    if m.group(1):
        century = 1900 if m.group(1).lower() == "nineteen" else 2000
        return str(century + (0 if m.group(2).lower() == "hundred" else _two_digits(m.group(2))))
    return str(2000 + (_two_digits(m.group(3)) if m.group(3) else 0))


#: "the 1990s", "the '80s", "the 60s"
_DECADE = re.compile(r"\bthe ['’]?((?:1[5-9]|20)?\d0)['’]?s\b", re.IGNORECASE)


def _units(number: str, unit: str, scale: str = "") -> str:
    """"5" and "dollar" as "5 dollars" ("1 dollar", "2 million dollars")."""
    scale = {"k": "thousand"}.get(scale.lower(), scale.lower()) if scale else ""
    plural = scale or number != "1"
    return " ".join(x for x in (number, scale, unit + ("s" if plural else "")) if x)


def _part_of_day(hour: int, meridiem: str) -> str:
    """Where an hour of the clock falls, as English says it after the hour."""
    if meridiem == "a":
        return "in the morning" if 5 <= hour <= 11 else "at night"
    return "in the afternoon" if hour == 12 or hour <= 5 else ("in the evening" if hour <= 9 else "at night")


def _date(m: re.Match[str], day: str, month: str, year: Optional[str]) -> str:
    """A date as the pairs read it into "el 2 de mayo de 2019" ("on" dropped: ca read it "damunt")."""
    opens = not m.string[:m.start()].strip() or m.string[:m.start()].rstrip()[-1] in ".!?"
    return f"{'The' if opens else 'the'} {_ordinal_number(day)} of {month}" + (f" of {year}" if year else "")


def _ordinal_number(ordinal: str) -> int:
    """An ordinal, in digits or words ("2nd", "twenty-first"), as its number."""
    ordinal = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", ordinal.lower())
    if ordinal.isdigit():
        return int(ordinal)
    tens, _, unit = ordinal.replace(" ", "-").rpartition("-")
    return ({"twenty": 20, "thirty": 30}.get(tens, 0) + _TENS_ORDINALS.get(unit, 0)
            + (_ORDINALS.index(unit) + 1 if unit in _ORDINALS else 0))


def say_past_or_to(text: str) -> str:
    """``text`` (English) with "half past eight", "a quarter to nine" in digits ("8:30", "8:45")."""
    return _PAST_OR_TO.sub(_past_or_to, text)


def _past_or_to(m: re.Match[str]) -> str:
    """A :data:`_PAST_OR_TO` time in digits ("half past eight" → "8:30"), or the words where "half to" says none."""
    part, side, hour = m.group(1).lower(), m.group(2).lower(), m.group(3).lower()
    number = int(hour) if hour.isdigit() else HOUR_WORDS.index(hour) + 1
    if side == "past":
        return f"{number}:{30 if part == 'half' else 15}"
    return f"{number - 1 or 12}:45" if part == "quarter" else m.group(0)


def say_amounts(text: str) -> str:
    """``text`` (English) with sums of money, percentages, temperatures, times of the clock with
    a.m./p.m. and decades written in words, "half past eight" in digits, dates as "the 2 of May", a century as "the
    century 16", an amount
    "a" day "per" day."""
    text = _CENTURY.sub(lambda m: f"{m.group(1)} century {_ordinal_number(m.group(2))}", text)
    text = say_past_or_to(_DAY_OF_MONTH.sub(lambda m: _date(m, m.group(1), m.group(2), m.group(3)), text))
    text = _MONTH_DAY.sub(lambda m: _date(m, m.group(2), m.group(1), m.group(3)), text)
    text = _DAY_MONTH.sub(lambda m: _date(m, m.group(1), m.group(2), m.group(3)), text)
    text = _BEFORE.sub(lambda m: _units(m.group(2), CURRENCIES[m.group(1)], m.group(3) or ""), text)
    text = _AFTER.sub(lambda m: _units(m.group(1), CURRENCIES[m.group(2)]), text)
    text = _PERCENT.sub(" percent", text)
    text = _DEGREES.sub(lambda m: _units(m.group(1), "degree") + (" Fahrenheit" if m.group(2) in ("F", "f") else ""),
                        text)
    text = _CLOCK.sub(lambda m: f"{m.group(1)}{m.group(2) or ''} {_part_of_day(int(m.group(1)), m.group(3).lower())}"
                                f"{m.group(4) or ''}", text)
    text = _PER.sub(r"\1 per \2", _YEAR_WORDS.sub(_year, text))
    return _DECADE.sub(r"the years \1", text)
