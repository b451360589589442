"""A verb's person and number as its subject gives them, where Apertium's transfer misses them.

eng-spa's first transfer gives the chunk of a verb and its object pronoun the pronoun's person
("She told me the truth." → "Me dije la verdad.", "They helped us." → "Nos ayudamos.") where
the chunk of a verb alone leaves person and number for the interchunk to take from the subject.
After a subject chunk (adverbs between allowed: "She always tells me"), such a chunk's person
and number are left open the same way: "Me dijo la verdad.", "Nos ayudaron.". An imperative
("Tell me the truth.") has no subject chunk before it and is left to :mod:`.imperatives`.

en-gl's first transfer drops a subject pronoun before a verb and a gerund, so the verb is
said in the third person ("I kept practicing" → "Mantivo practicar", "We started working" →
"Arrancou traballar"): such a chunk is given the person of the pronoun the analysis shows
before the verb, where the chunks and the analysis's verb-gerund pairs correspond one to one.

A verb whose subject is a demonstrative ("I like this" is "me gusta esto") is given that
pronoun's number, "sp" (either), which no generator inflects: "Me gustar esto", ca "M'agradar
això"; en-gl gives a verb after "that" no number ("That will take a week" → "Iso tomar unha
semana"). Such a verb is singular: "Me gusta esto", "M'agrada això", "Iso tomará unha semana".
An adjective right after "ser" takes the verb's number, where the interchunk gave it another
clause's subject's ("We went to the beach and it was amazing." → "…y él era asombrosos").
"""

from __future__ import annotations

import re

from .apertium_stream import CHUNK, replace, sentence_units, sentences, surface_readings

#: modes whose first transfer writes the object pronoun's person into the verb's chunk
MODES = frozenset({"eng-spa"})
#: modes whose first transfer drops the subject pronoun of a verb followed by a gerund
GERUND_MODES = frozenset({"en-gl"})

_SUBJECT = r"\^[^{$]*<SN>[^{$]*\{(?:[^}\\]|\\.)*\}\$"
_ADVERB = r"\^[Aa]dv<adv>[^{$]*\{(?:[^}\\]|\\.)*\}\$"
#: a subject chunk, adverb chunks, then a finite verb chunk with an object pronoun and a set person
_FIXED_PERSON = re.compile(
    rf"({_SUBJECT}\s*(?:{_ADVERB}\s*)*\^[Pp]ro_verbcj<SV><vblex><(?:pri|ifi|pii|fti|cni)>)<p[123]><(?:ND|sg|pl)>")


def subjects_person(stream: str) -> str:
    """The first transfer's chunk ``stream`` with each verb-and-object-pronoun chunk after a
    subject given the subject's person and number (left open: ``<PD><ND>``)."""
    return _FIXED_PERSON.sub(r"\1<PD><ND>", stream)


#: a subject pronoun's chunk, with its person and number
_PRONOUN_SUBJECT = re.compile(r"[Pp]rnsubj<SN><tn><(p[123])><([a-zA-Z]+)><(sg|pl)>")
#: a chunk's person ("Prnsubj<SN><tn><p2>…"; a noun phrase's chunk has none: the third)
_PERSON = re.compile(r"<(p[123])>")
#: a verb chunk whose person and number the interchunk fills in
_OPEN_VERB = re.compile(r"([^<]*<SV>(?:<[a-z]+>)*?)<PD><ND>")
#: chunks that may stand before a clause's subject ("X and I want…" coordinates two subjects there)
_CLAUSE_OPENER = re.compile(r"<(?:cm|sent|cnjcoo|cnjsub|cnjadv|rel)>")


def pronoun_subjects_person(stream: str) -> str:
    """The first transfer's chunk ``stream`` with each open verb chunk after a subject pronoun's
    chunk (adverb chunks between allowed) given that pronoun's person and number: the interchunk
    took them from an earlier noun phrase where "and" joined two clauses ("We stayed for five days
    and I don't want to leave" → "…y yo no quieren dejar", ca "i jo no volen") or a clause opened
    with "when" ("The shop was closed when we arrived" → "…cuando nosotras llegó"; a first or
    second person's open gender is the masculine, not that noun's). A pronoun joined
    by "and" to a subject that opens its clause is one of two subjects: the verb is plural, in
    the first person of the two ("You and I want…" → "Tú y yo queréis", "My wife and I" → "Mi
    mujer y yo quieren"; now "queremos")."""
    chunks = list(CHUNK.finditer(stream))
    edits = []
    for i, chunk in enumerate(chunks):
        subject = _PRONOUN_SUBJECT.match(chunk.group(1))
        if subject is None:
            continue
        person, gender, number = subject.groups()
        if gender == "GD" and person != "p3":  # "we" is not of an earlier noun's gender ("La tienda… nosotras")
            start = chunk.start(1) + subject.start(2)
            edits.append((start, start + 2, "m"))
        if _coordinated(chunks, i):
            other = _PERSON.search(chunks[i - 2].group(1))
            person, number = min(person, other.group(1) if other else "p3"), "pl"
        j = i + 1
        while j < len(chunks) and chunks[j].group(1).lower().startswith("adv<adv>"):
            j += 1
        verb = _OPEN_VERB.match(chunks[j].group(1)) if j < len(chunks) else None
        if verb:
            start = chunks[j].start(1)
            edits.append((start, start + verb.end(), f"{verb.group(1)}<{person}><{number}>"))
    return replace(stream, edits)


def _coordinated(chunks: list[re.Match[str]], i: int) -> bool:
    """Chunk ``i`` follows "and" after a noun phrase that opens its clause (a second subject)."""
    if i < 2 or "<cnjcoo>" not in chunks[i - 1].group(1) or "<SN>" not in chunks[i - 2].group(1):
        return False
    return i < 3 or _CLAUSE_OPENER.search(chunks[i - 3].group(1)) is not None


_OPEN_NUMBER = re.compile(r"(\^[^<$]*<(?:vblex|vbser|vbhaver)><[a-z]+>(?:<p[123]><sp>|<p3>))(?=[$+])")


_PREDICATE = re.compile(r"(\^[Ss]er<vbser><[a-z]+><p[123]><(sg|pl)>\$\s+\^[^<$^]+<adj>(?:<sint>)?<(?:m|f|mf|nt)>)<(?:sg|pl|sp)>(?=\$)")


def singular_open_numbers(stream: str) -> str:
    """The transfer's final ``stream`` with each verb of number "sp" made singular, and each
    adjective right after "ser" given the verb's number."""
    return _PREDICATE.sub(r"\1<\2>", _OPEN_NUMBER.sub(lambda m: m.group(1).removesuffix("<sp>") + "<sg>", stream))


_GERUND_CHUNK = re.compile(r"(\^[Vv]erbcj_inf<SV><vblex><[a-z]+>)<PD><ND>")
_SUBJECT_PERSON = re.compile(r"<prn><subj><(p[123])><[a-z]+><(sg|pl|sp)>")
_FINITE = re.compile(r"<vblex><(?:past|pres|pri)>")
_GERUND = re.compile(r"<vblex><ger>")


def gerund_subjects_person(analysed: str, chunks: str) -> str:
    """The first transfer's ``chunks`` with each verb-and-gerund chunk whose subject pronoun
    the transfer dropped given that pronoun's person and number (read in ``analysed``), in
    each sentence whose chunks and verb-gerund pairs correspond one to one."""
    said, chunked = sentences(analysed), sentences(chunks, CHUNK)
    if len(said) != len(chunked):
        return chunks
    edits = []
    for words_of, units in zip(said, chunked):
        words = [surface_readings(u)[1] for u in sentence_units(words_of)]
        persons = [next((m for r in words[k - 1] if (m := _SUBJECT_PERSON.search(r))), None) if k > 0 else None
                   for k in range(len(words) - 1)
                   if any(_FINITE.search(r) for r in words[k]) and any(_GERUND.search(r) for r in words[k + 1])]
        found = [m for u in units if (m := _GERUND_CHUNK.match(chunks, u.start()))]
        if len(found) == len(persons):
            edits += [(m.start(), m.end(), f"{m.group(1)}<{p.group(1)}><{'sg' if p.group(2) == 'sp' else p.group(2)}>")
                      for m, p in zip(found, persons) if p is not None]
    return replace(chunks, edits)
