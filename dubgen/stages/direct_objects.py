""""them" as a verb's direct object: Spanish "los"/"las", Galician "os"/"as", not the dative "les"/"lles".

eng-spa and en-gl give every object "them" the dative's tags, gender left open ("I can't find
them" → "No les puedo encontrar", gl "Non lles podo atopar"; "I'll take them" → "Les tomaré", gl
"Tomareilles"). Before generation (:func:`say_direct_objects`), such a pronoun whose verb takes a
direct object (not one of telling, giving, asking…: :data:`DATIVE`, and with no second object
or infinitive after it: "Give them the book" stays "Dales el libro", "Let them go" "Déjales ir")
takes the gender of the last plural noun before it in its line, or the masculine: "No las puedo
encontrar" (the keys), "Los llevaré".
Catalan's "els" is both.
"""

from __future__ import annotations

import re
from typing import Optional

from .apertium_stream import LU, replace

#: per mode, verbs whose object pronoun of a person is the dative (told, given, asked, shown…)
DATIVE: dict[str, frozenset[str]] = {
    "eng-spa": frozenset("decir dar preguntar pedir enviar mandar mostrar enseñar escribir explicar contar ofrecer "
                         "prestar pagar agradecer responder contestar gustar encantar importar parecer hablar regalar "
                         "permitir prometer recordar sonreír mentir gritar servir traer comprar cocinar "
                         "interesar molestar doler faltar quedar pasar ocurrir".split()),
    "en-gl": frozenset("dicir dar preguntar pedir enviar mandar amosar mostrar ensinar escribir explicar contar ofrecer "
                       "prestar pagar agradecer responder contestar gustar encantar importar parecer falar regalar "
                       "permitir prometer lembrar sorrir mentir berrar servir traer mercar comprar cociñar "
                       "interesar molestar doer faltar quedar pasar ocorrer".split()),
}
#: the dative "them", before its verb or attached to it
_THEM = re.compile(r"(?<=[Pp]rpers<prn><)(pro|enc)(><p3>)<mf>(?=<pl>)")
#: what stands before the verb whose object the pronoun is ("No los puedo encontrar", "Los voy a llevar", "Los
#: tengo que llamar"): a modal or an auxiliary, a preposition, a conjunction; and verbs that do where a preposition
#: or an infinitive follows them
_BEFORE_VERB = re.compile(r"<(?:vbmod|vaux|vbhaver)>|<(?:pr|cnjsub)>$")
_LINKING_VERB = re.compile(r"^(?:ir|soler|acabar|volver|empezar|comenzar)<vblex>", re.IGNORECASE)
_PLURAL_NOUN = re.compile(r"<n><([mf])><pl>")
_OBJECT = re.compile(r"<(?:det|n|num|predet)>")


def say_direct_objects(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with each dative "them" that is its verb's direct object said as one."""
    dative = DATIVE.get(mode)
    if dative is None:
        return stream
    edits = []
    for line in re.finditer(r"[^\n]+", stream):
        units = list(LU.finditer(stream, line.start(), line.end()))
        for i, unit in enumerate(units):
            them = _THEM.search(unit.group(1))
            if not them or unit.group(1).count("<prn>") > 1:
                continue
            verb = i if them.group(1) == "enc" else _verb_after(units, i)
            if verb is None:
                continue
            lemma = units[verb].group(1).split("<")[0].lower()
            after = units[verb + 1].group(1) if verb + 1 < len(units) else ""
            if lemma in dative or _OBJECT.search(after.split("+")[0]) or "<inf>" in after:  # "Déjales ir"
                continue
            nouns = [m.group(1) for u in units[:i] for m in _PLURAL_NOUN.finditer(u.group(1))]
            gender = nouns[-1] if nouns else "m"
            edits.append((unit.start(1) + them.start(), unit.start(1) + them.end(),
                          f"{them.group(1)}{them.group(2)}<{gender}>"))
    return replace(stream, edits)


def _verb_after(units: list[re.Match[str]], i: int) -> Optional[int]:
    """The index of the verb whose object the proclitic at ``i`` is: the next lexical verb, past
    modals, auxiliaries, "ir a", "tener que" and other pronouns."""
    for k in range(i + 1, min(i + 6, len(units))):
        unit, after = units[k].group(1).split("+")[0], units[k + 1].group(1) if k + 1 < len(units) else ""
        if "<prn><pro>" in unit or _BEFORE_VERB.search(unit) or (
                _LINKING_VERB.search(unit) and re.search(r"<pr>$|<inf>", after)):
            continue
        return k if "<vblex>" in unit else None
    return None
