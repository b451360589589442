"""Getting into a state ("get tired", "got wet") said as Spanish says it.

eng-spa says "get" as "coger" whatever follows: "The streets get very crowded" → "Las calles cogen muy llenadas",
"I got really annoyed" → "Cogía realmente molestado", "We got wet" → "Cogíamos mojados". Before a participle, Spanish
says the participle's verb with its reflexive pronoun ("Las calles se llenan mucho", "Me molesté realmente"); before
an adjective, "ponerse" ("Nos pusimos mojados"). "got" is the preterite there (a change that happened), not the
pair's imperfect. The pair's own multiwords ("get tired" "cansarse", "get married" "casarse", "get better"
"mejorar") are not "coger" and stay. ca and gl, whose pairs say "rebre"/"conseguir" there, are left: their reflexive
pronouns follow the verb in ways the generator's forms do not show.

Works on the transfer's final stream ("^lemma<tags>$") of eng-spa, before the clitics are placed.
"""

from __future__ import annotations

import re

from .apertium_stream import replace, sentences
from .que_clauses import REFLEXIVE_PRONOUNS

#: "get" as eng-spa says it, finite (group 1: case, 2: tense, 3: person, 4: number)
_GET = re.compile(r"^([Cc])oger<vblex><(pri|pii|ifi|fti|cni|prs|pis)><(p[123])><(sg|pl)>$")
#: a degree between ("muy", "realmente", "tan")
_DEGREE = re.compile(r"^[^<]+<(?:preadv|adv)>$")
#: a participle (group 1: its verb) or an adjective (the whole unit)
_PARTICIPLE = re.compile(r"^([^<]+)<vblex><pp><(?:m|f|mf)><(?:sg|pl)>$")
_ADJECTIVE = re.compile(r"^[^<]+<adj><(?:m|f|mf)><(?:sg|pl)>$")
#: "muy" before a participle is "mucho" after its verb ("se llenan mucho")
_VERY = re.compile(r"^[Mm]uy<preadv>$")


def say_becoming(stream: str, mode: str) -> str:
    """eng-spa's final ``stream`` with "coger" + a state said as the module's description says it."""
    if mode != "eng-spa":
        return stream
    edits: list[tuple[int, int, str]] = []
    for sentence in sentences(stream):
        units = [u.group(1) for u in sentence]
        for i, unit in enumerate(units):
            get = _GET.match(unit)
            if not get:
                continue
            k = i + 1
            while k < len(units) and _DEGREE.match(units[k]):
                k += 1
            if k >= len(units):
                continue
            upper, tense, person, number = get.groups()
            tense = "ifi" if tense == "pii" else tense
            pronoun = REFLEXIVE_PRONOUNS["p3" if person == "p3" else person + number]
            if upper == "C":
                pronoun = pronoun[0].upper() + pronoun[1:]
            degrees = units[i + 1:k]
            if part := _PARTICIPLE.match(units[k]):
                said = [pronoun, f"{part.group(1)}<vblex><{tense}><{person}><{number}>",
                        *("mucho<adv>" if _VERY.match(d) else d for d in degrees)]
            elif _ADJECTIVE.match(units[k]):
                said = [pronoun, f"poner<vblex><{tense}><{person}><{number}>", *degrees, units[k]]
            else:
                continue
            edits.append((sentence[i].start(), sentence[k].end(), " ".join(f"^{u}$" for u in said)))
    return replace(stream, edits)
