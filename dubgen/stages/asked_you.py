"""A question asked of "you" after a question word, said as Catalan asks it.

eng-cat reads "you" after a question word and an auxiliary as the object of a third person:
"What did you say?" → "Què et va dir?" (what did he tell you), "Where are you going?" → "On és
tu anant?", "What are you working on?" → "Què t'és treballant damunt?". Where the English asks
"did you" / "didn't you" / "are you …ing" / "were you …ing" after a question word, and the
translation's questions hold as many of those readings, each is said with "you" as the subject:
"Què vas dir?", "Per què no em vas dir?" (was "Per què et no em va dir?"), "On estàs anant?",
"Què estaves fent?".
"""

from __future__ import annotations

import re

from .phrasebook import QUESTION

_WH = r"\b(?:what|where|when|why|how|who|which)\b[^?,]*?"
#: per form: the English asked, the Catalan as eng-cat gives it, and as it is said
_FORMS = (
    (re.compile(_WH + r"\bdid you\b", re.IGNORECASE), re.compile(r"\bet va (?=\w+(?:ar|er|ir|re)\b)"), "vas "),
    (re.compile(_WH + r"\bare you \w+ing\b", re.IGNORECASE), re.compile(r"\b(?:t'és|és tu) (?=\w+(?:ant|ent|int)\b)"),
     "estàs "),
    (re.compile(_WH + r"\bwere you \w+ing\b", re.IGNORECASE), re.compile(r"\bet va ser (?=\w+(?:ant|ent|int)\b)"),
     "estaves "),
    (re.compile(_WH + r"\bdidn't you\b", re.IGNORECASE),
     re.compile(r"\bet no ((?:em|et|el|la|els|les|li|ens|us|ho|hi|en) |[mtln]')?va (?!agradar\b)(?=\w+(?:ar|er|ir|re)\b)"),
     r"no \1vas "),
    # "like" keeps "you" as who is pleased, before the verb: "Què et no va agradar?"
    (re.compile(_WH + r"\bdidn't you\b", re.IGNORECASE), re.compile(r"\bet no va (?=agradar\b)"), "no et va "),
)


def say_asked_you(translation: str, english: str, target: str) -> str:
    """``translation`` (ca) with each question asked of "you" said with "you" as its subject
    (see the module's description); other targets as they are."""
    if target != "ca":
        return translation
    asked = " ".join(QUESTION.findall(english))
    for english_form, said_form, said in _FORMS:
        count = len(english_form.findall(asked))
        questions = QUESTION.findall(translation)
        if count and sum(len(said_form.findall(q)) for q in questions) == count:
            translation = QUESTION.sub(lambda m: said_form.sub(said, m.group(0)), translation)
    return translation
