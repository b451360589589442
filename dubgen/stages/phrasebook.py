"""Conversational English that Apertium's rules misread, said as the target language says it.

Apertium translates word by word with local rules, and everyday speech is where that shows:
"Sorry." → "Triste.", "Come here." → "Venido aquí.", "How are you?" → "¿Cómo eres?", "there's
not" → "allí ha no", "Let's see." → "Dejado es ve.", "Hi," and "Yeah," kept in English (gl). Two
remedies, both applied to English only:

* :data:`REWRITES`: contractions and run-on interjections rewritten before translation into the
  form the pairs read right ("there's" → "there is": "no hay mucha diferencia"; "Oh I'm" →
  "Oh, I'm", whose "I" was kept);
* :data:`PHRASES`: fixed expressions (greetings, apologies, thanks, fillers) replaced by a mark no
  pair knows, which Apertium passes through, and the mark then by the expression as the target
  says it. Each is matched only where it stands as its own clause or opens one, so "they come
  here" or "sorry for the delay" (left to Apertium) are not touched.

One rule applies to the translation: eng-spa says every "be" of place with "ser" ("I'm in New
Jersey" → "Soy en Nueva Jersey", "Where are you?" → "¿Dónde eres?"); for the first and second
persons, which are people, not events, :data:`TARGET_REWRITES` make it "estar".
"""

from __future__ import annotations

import re
from typing import Mapping

#: a clause opens here: the text's start, or after a clause's punctuation and a space
_OPENS = r"(?:^|(?<=[.!?;:,] )|(?<=[.!?;:,]))"
#: and ends here: before punctuation or the text's end
_ENDS = r"(?=\s?[.!?;:,]|$)"

_PRONOUN = r"(?:i|you|he|she|it|we|they)"
#: English rewritten before translation: (pattern, replacement), case-insensitive.
REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bthere's\b", "there is"),
    (r"\bthere're\b", "there are"),
    (r"\b(it|he|she|that|who|what)'s been\b", r"\1 has been"),
    (r"\b(what|where|how|who)'s\b", r"\1 is"),
    (r"\blet's\b(?! (?:go|see)\b)", "we are going to"),
    # "know"/"hope" before a clause without "that": "I didn't know you were there" → "No te conocí
    # era allí" (know a person); with "that", "No supe que eras allí"
    (r"\b(know|knew|knows|hope|hoped|hopes) (?=(?:i|he|she|we|they) \w|" + _PRONOUN + r"(?:'re|'s|'ll|'d|'ve|'m)\b|"
     + _PRONOUN + r" "
     r"(?:am|are|is|was|were|have|has|had|do|does|did|can|could|will|would|should|might|must|won't|can't|"
     r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't)\b)", r"\1 that "),
    # an interjection run into the next word: its "I" was kept in English ("Oh I soy")
    (_OPENS + r"(oh|ah|uh|um|hmm|wow) (?=[a-z])", r"\1, "),
))

#: Fixed expressions: (English pattern, case-insensitive; es, ca, gl).
_TABLE: tuple[tuple[str, str, str, str], ...] = (
    (r"\b(?:i'm|i am) (?:so|very|really) sorry" + _ENDS, "lo siento mucho", "ho sento molt", "síntoo moito"),
    (r"\b(?:i'm|i am) sorry" + _ENDS, "lo siento", "ho sento", "síntoo"),
    (_OPENS + r"sorry" + _ENDS, "perdón", "perdó", "perdón"),
    (r"\bexcuse me\b", "perdone", "perdoni", "desculpe"),
    (_OPENS + r"come here\b", "ven aquí", "vine aquí", "ven aquí"),
    (_OPENS + r"come on" + _ENDS, "vamos", "som-hi", "veña"),
    (r"\b(?:thank you (?:so|very) much|thanks (?:so much|a lot)|many thanks)\b", "muchas gracias", "moltes gràcies",
     "moitas grazas"),
    (r"\byeah\b", "sí", "sí", "si"),
    (_OPENS + r"hey" + _ENDS, "oye", "ei", "ei"),
    (_OPENS + r"hi" + _ENDS, "hola", "hola", "ola"),
    (_OPENS + r"(?:okay|ok|o\.k\.)" + _ENDS, "vale", "d'acord", "vale"),
    (r"\bhow are you(?: doing)?" + _ENDS, "cómo estás", "com estàs", "como estás"),
    (r"\b(?:i'm|i am) (?:fine|good|okay|ok|well)" + _ENDS, "estoy bien", "estic bé", "estou ben"),
    (r"\b(?:it's|it is|that's|that is) (?:fine|okay|ok|all right)" + _ENDS, "está bien", "està bé", "está ben"),
    (r"\b(?:you're|you are) (?:absolutely |so )?right" + _ENDS, "tienes razón", "tens raó", "tes razón"),
    (r"\bwhat do you mean\b", "qué quieres decir", "què vols dir", "que queres dicir"),
    (_OPENS + r"i mean(?=,)", "o sea", "vull dir", "quero dicir"),
    (r"\bsee you tomorrow\b", "hasta mañana", "fins demà", "ata mañá"),
    (r"\bsee you later\b", "hasta luego", "fins després", "ata logo"),
    (r"\bsee you soon\b", "hasta pronto", "fins aviat", "ata pronto"),
    (_OPENS + r"see you" + _ENDS, "nos vemos", "ens veiem", "vémonos"),
    (r"\bgood night\b", "buenas noches", "bona nit", "boas noites"),
    (r"\bgood (?:afternoon|evening)\b", "buenas tardes", "bona tarda", "boas tardes"),
    (_OPENS + r"(?:that's|that is) great" + _ENDS, "es genial", "és genial", "é xenial"),
    (_OPENS + r"great" + _ENDS, "genial", "genial", "xenial"),
    (_OPENS + r"(?:bye|bye-bye|bye bye)" + _ENDS, "adiós", "adéu", "adeus"),
    (r"\bi think so\b", "creo que sí", "crec que sí", "creo que si"),
    (r"\bi (?:don't|do not) think so\b", "creo que no", "crec que no", "creo que non"),
    (r"\bi hope so\b", "eso espero", "així ho espero", "iso espero"),
    (_OPENS + r"let's go" + _ENDS, "vamos", "som-hi", "imos"),
    (_OPENS + r"let's see" + _ENDS, "a ver", "a veure", "a ver"),
    (_OPENS + r"right(?=,)", "bueno", "bé", "ben"),
)
#: The targets :data:`PHRASES` has words for.
LANGUAGES = ("es", "ca", "gl")
PHRASES: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), dict(zip(LANGUAGES, said))) for p, *said in _TABLE)


_SER_ESTAR = {"soy": "estoy", "eres": "estás", "somos": "estamos", "sois": "estáis"}
#: Rules applied to the translation, per target: (pattern, replacement function).
TARGET_REWRITES = {"es": (
    (re.compile(r"\b(soy|eres|somos|sois) (en|aquí|allí|ahí|allá|acá)\b(?! (?:parte|realidad|verdad|general|serio)\b)",
                re.IGNORECASE), lambda m: f"{_same_case(m.group(1), _SER_ESTAR[m.group(1).lower()])} {m.group(2)}"),
    (re.compile(r"\b(dónde) (soy|eres|somos|sois)\b", re.IGNORECASE),
     lambda m: f"{m.group(1)} {_SER_ESTAR[m.group(2).lower()]}"),
    (re.compile(r"\ben en\b", re.IGNORECASE), lambda m: m.group(0)[:2]),  # "somos en en casa"
)}


def _mark(i: int) -> str:
    """A word no pair knows (letters only: digits would be read as numbers)."""
    return f"zzpb{chr(97 + i // 26)}{chr(97 + i % 26)}zz"


_MARK = re.compile(r"zzpb[a-z]{2}zz", re.IGNORECASE)
#: each expression's index by its mark
_MARK_INDEX = {_mark(i): i for i in range(len(PHRASES))}
_SENTENCE_START = r"(^|[.!?¿¡]\s*)"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _same_case(old: str, new: str) -> str:
    return _capital(new) if old[:1].isupper() else new


def rewrite_english(text: str) -> str:
    """``text`` with :data:`REWRITES` applied, then each expression of :data:`PHRASES` as its mark
    (lower case: where the translation opens a sentence with it, :func:`say_marks` capitalises)."""
    text = text.replace("’", "'")  # a typographic apostrophe ("I’m") as the patterns write it
    for pattern, replacement in REWRITES:
        text = pattern.sub(lambda m: _same_case(m.group(0), m.expand(replacement)), text)
    for i, (pattern, _) in enumerate(PHRASES):
        text = pattern.sub(_mark(i), text)
    return text


def say_marks(text: str, said: Mapping[str, str]) -> str:
    """Each mark of ``said`` (matched in any case) as its words, capitalised where the mark was or
    where it opens a sentence."""
    for mark, words in said.items():
        text = re.sub(_SENTENCE_START + mark, lambda m: m.group(1) + _capital(words), text, flags=re.IGNORECASE)
        text = re.sub(mark, lambda m: _same_case(m.group(0), words), text, flags=re.IGNORECASE)
    return text


def say_phrases(text: str, target: str) -> str:
    """The marks of :func:`rewrite_english` in ``text`` (a translation) as ``target`` says them,
    then ``target``'s :data:`TARGET_REWRITES`."""
    used = {m.lower() for m in _MARK.findall(text)}
    text = say_marks(text, {m: PHRASES[_MARK_INDEX[m]][1][target] for m in sorted(used)})
    for pattern, replace in TARGET_REWRITES.get(target, ()):
        text = pattern.sub(replace, text)
    return text
