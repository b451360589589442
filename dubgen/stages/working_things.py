""""work" of a thing is "function": a machine, a plan or an app "funciona", a person "trabaja".

The English pairs translate every verb "work" as "trabajar" (eng-spa and en-gl; eng-cat but after
"it"): "This is how the system works" → "Esto es cómo el sistema trabaja", "The machine works well"
→ "La máquina trabaja bien", gl "Funciona?" only by chance. Where the verb's subject is "it",
"this", "that" or a noun that is neither a person (:data:`.liking.PEOPLE`) nor a body of people
(:data:`_BODIES`: "The company works with schools"), the analysis reads it as "function", which
each pair says "funcionar".
"""

from __future__ import annotations

import re

from .apertium_stream import DETERMINER, NOUN, keeping, replace, sentences, surface_readings
from .liking import PEOPLE

#: nouns of bodies of people, which work as people do
_BODIES = frozenset("company firm business government school bank agency organisation organization office group "
                    "department staff crew club council committee charity shop store restaurant hospital university "
                    "industry community police army team".split())
#: a reading of the verb "work"
_WORK = re.compile(r"^work<vblex>")
#: what may stand between a subject and its verb: an adverb, "not", an auxiliary or "do", "be" ("is working")
_BETWEEN = re.compile(r"<(?:adv|preadv|vaux|vbmod|vbdo|vbser)>")
#: a subject that is a thing: "it", "this", "that", "nothing", "everything"…
_THING_PRONOUN = re.compile(r"^prpers<prn><subj><p3><nt>|^(?:this|that)<(?:prn|det)><dem>|"
                            r"^(?:every|no|some|any)thing<prn>", re.IGNORECASE)


def _thing(readings: list[str], before: list[str]) -> bool:
    """A subject with these readings, after a word with ``before``, is a thing: "it", "this", or a
    noun of no person (only a noun, or one after a determiner: "the plan")."""
    if any(_THING_PRONOUN.search(r) for r in readings):
        return True
    nouns = [r.split("<")[0].lower().split()[-1] for r in readings if NOUN.search(r)]  # "rescue team": a team
    return bool(nouns) and (len(nouns) == len(readings) or any(DETERMINER.search(r) for r in before)) \
        and not any(n in PEOPLE or n in _BODIES for n in nouns)


def keep_things_working(stream: str) -> str:
    """The analysis ``stream`` with each verb "work" whose subject is a thing read as "function"."""
    edits = []
    for sentence in sentences(stream):
        for i, unit in enumerate(sentence):
            readings = surface_readings(unit)[1]
            verbs = [r for r in readings if _WORK.search(r)]
            if not verbs:
                continue
            k = i - 1
            while k >= 0 and i - k <= 3 and any(_BETWEEN.search(r) for r in surface_readings(sentence[k])[1]):
                k -= 1
            if k >= 0 and _thing(surface_readings(sentence[k])[1], surface_readings(sentence[k - 1])[1] if k else []):
                edits.append(keeping(unit, [_WORK.sub("function<vblex>", r) for r in verbs]))
    return replace(stream, edits)
