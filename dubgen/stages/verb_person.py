"""A verb's person and number as its subject gives them, where Apertium's transfer misses them.

eng-spa's first transfer gives the chunk of a verb and its object pronoun the pronoun's person
("She told me the truth." → "Me dije la verdad.", "They helped us." → "Nos ayudamos.") where
the chunk of a verb alone leaves person and number for the interchunk to take from the subject.
After a subject chunk (adverbs between allowed: "She always tells me"), such a chunk's person
and number are left open the same way: "Me dijo la verdad.", "Nos ayudaron.". An imperative
("Tell me the truth.") has no subject chunk before it and is left to :mod:`.imperatives`.

A verb whose subject is a demonstrative ("I like this" is "me gusta esto") is given that
pronoun's number, "sp" (either), which no generator inflects: "Me gustar esto", ca "M'agradar
això". Such a verb is singular: "Me gusta esto", "M'agrada això".
"""

from __future__ import annotations

import re

#: modes whose first transfer writes the object pronoun's person into the verb's chunk
MODES = frozenset({"eng-spa"})

_SUBJECT = r"\^[^{$]*<SN>[^{$]*\{(?:[^}\\]|\\.)*\}\$"
_ADVERB = r"\^[Aa]dv<adv>[^{$]*\{(?:[^}\\]|\\.)*\}\$"
#: a subject chunk, adverb chunks, then a finite verb chunk with an object pronoun and a set person
_FIXED_PERSON = re.compile(
    rf"({_SUBJECT}\s*(?:{_ADVERB}\s*)*\^[Pp]ro_verbcj<SV><vblex><(?:pri|ifi|pii|fti|cni)>)<p[123]><(?:ND|sg|pl)>")


def subjects_person(stream: str) -> str:
    """The first transfer's chunk ``stream`` with each verb-and-object-pronoun chunk after a
    subject given the subject's person and number (left open: ``<PD><ND>``)."""
    return _FIXED_PERSON.sub(r"\1<PD><ND>", stream)


_OPEN_NUMBER = re.compile(r"(\^[^<$]*<(?:vblex|vbser|vbhaver)><[a-z]+><p[123]>)<sp>(?=\$)")


def singular_open_numbers(stream: str) -> str:
    """The transfer's final ``stream`` with each verb of number "sp" made singular."""
    return _OPEN_NUMBER.sub(r"\1<sg>", stream)
