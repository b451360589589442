"""An asked "ever" said as es and gl ask it: "Have you ever been…?" is "¿Alguna vez has estado…?".

eng-spa and en-gl translate "ever" as "nunca", which in a question asks whether one has never
done it ("¿Nunca has estado en París?"). Where the English asks with "ever" and its questions
have no negation, each "nunca" of the translation's questions, as many as the English's asked "ever",
becomes "alguna vez" / "algunha vez". eng-cat's "mai" already asks "ever" in a question.
"""

from __future__ import annotations

import re

from .phrasebook import QUESTION, same_case

_SAID = {"es": "alguna vez", "gl": "algunha vez"}
_EVER = re.compile(r"\bever\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:never|not|no|nobody|nothing|nowhere)\b|n't\b", re.IGNORECASE)
_NUNCA = re.compile(r"\bnunca\b", re.IGNORECASE)


def say_asked_ever(translation: str, english: str, target: str) -> str:
    """``translation`` with the "nunca" of each question the English asks with "ever" said as
    "alguna vez" (es) / "algunha vez" (gl)."""
    english_questions = QUESTION.findall(english)
    if target not in _SAID or any(_NEGATION.search(q) for q in english_questions):
        return translation
    asked = sum(len(_EVER.findall(q)) for q in english_questions)
    questions = QUESTION.findall(translation)
    if not asked or sum(len(_NUNCA.findall(q)) for q in questions) != asked:
        return translation
    said = _SAID[target]

    def one(m: re.Match[str]) -> str:
        return _NUNCA.sub(lambda n: same_case(n.group(0), said), m.group(0))

    return QUESTION.sub(one, translation)
