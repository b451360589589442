"""A verb after "and" that shares its clause's subject, read and said as that subject's verb.

English leaves the subject of a second verb unsaid after "and" ("I opened the box and found a
letter"). Apertium's English pairs read such a verb as another word where it can be one ("and
found" as the verb "to found": "Abrí la caja y fundar una letra"; "and works" as the noun: "Mi
hermano vive en Madrid y trabajos como profesor") and say it in the third person singular
whatever the subject ("We cooked dinner and watched a film." → "Cocinamos cena y miró una
película", ca "i va mirar", gl "e mirou"). In the analysis, the word right after "and" keeps
the reading of the first verb's tense (past after a past, the third person's present after
one) where it has it; in the transfer's final stream, the verb right after the conjunction
takes the person and number of the verb before it in the sentence (eng-spa gave "asked me"
after "and" the pronoun's: "Me llamó y me pedí"), where the English has no subject of its own
after "and" ("I went home and it was late" keeps "y era tarde").
"""

from __future__ import annotations

import re
from typing import Optional

from .apertium_stream import SUBJECT, VERB, keeping, only, replace, sentence_units, sentences, surface_readings

_PAST = re.compile(r"<vblex><past>")
_PAST_OR_PARTICIPLE = re.compile(r"<(?:vblex|vbser|vbhaver)><(?:past|pp)>")
_PRESENT_3SG = re.compile(r"<vblex><(?:pri|pres)><p3><sg>")
_PARTICIPLE = re.compile(r"<vblex><pp>")
_BE = re.compile(r"<vbser>")
_FINITE_READING = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod)><(?:past|pres|pri)>")
#: a finite verb of the final stream (group 1: up to its tense; 2: person; 3: number); ca's
#: past is "anar<vaux>" + infinitive
_FINITE = re.compile(r"(\^[^<$^]+<(?:vblex|vbser|vbhaver|vbmod)>(?:<pron>)?<(?:ifi|pii|pri|fti|cni|pis|prs)>|"
                     r"\^[Aa]nar<vaux>)<(p[123])><(sg|pl)>(?=[$+])")
_PROCLITIC = re.compile(r"<prn><pro>")
_CONJUNCTION = re.compile(r"\^(?:[Yy]|[Ee]|[Ii])<cnjcoo>\$")


def _tense_of(verbs: list[str], after_subject: bool) -> Optional[re.Pattern[str]]:
    """The readings a verb after "and" keeps after a finite verb whose verb readings are
    ``verbs`` (any past or third-person present one right after a subject pronoun, "I saw")."""
    if any(_PAST.search(r) for r in verbs) and (after_subject or only(verbs, _PAST_OR_PARTICIPLE)):
        return _PAST
    present = [r for r in verbs if _PRESENT_3SG.search(r)]
    if present and (after_subject or len(present) == len(verbs)):
        return _PRESENT_3SG
    return None


def keep_shared_verbs(stream: str) -> str:
    """The analysis ``stream`` with the word after "and" read as a verb of the tense of the
    clause's verb before it, where it has such a reading among others (see the module)."""
    edits = []
    for sentence in sentences(stream):
        words = sentence_units(sentence)
        tense: Optional[re.Pattern[str]] = None
        for i, unit in enumerate(words):
            surface, readings = surface_readings(unit)
            verbs = [r for r in readings if VERB.search(r)]
            after_subject = i > 0 and only(surface_readings(words[i - 1])[1], SUBJECT)
            if verbs and (len(verbs) == len(readings) or after_subject):
                tense = _tense_of(verbs, after_subject)  # a verb, or a word read as one after its subject
            if i and any(_PARTICIPLE.search(r) for r in verbs) and only(surface_readings(words[i - 1])[1], _BE):
                tense = _PARTICIPLE  # a passive's: "was damaged … and rebuilt" ("y reconstruyó")
            if surface.lower() != "and" or tense is None or i + 1 >= len(words):
                continue
            after, options = surface_readings(words[i + 1])
            kept = [r for r in options if tense.search(r)]
            following = surface_readings(words[i + 2])[1] if i + 2 < len(words) else []
            if kept and len(kept) < len(options) and not only(following, VERB):
                edits.append(keeping(words[i + 1], kept))
    return replace(stream, edits)


def _subjectless(sentence: list[re.Match[str]]) -> list[bool]:
    """For each "and" of an analysed sentence, whether a verb follows it directly."""
    words = sentence_units(sentence)
    def verb(readings: list[str]) -> bool:  # not one joined to its own subject ("and I'll")
        return only(readings, VERB) and any(_FINITE_READING.search(r) for r in readings) and not any(
            SUBJECT.search(r) for r in readings)

    return [i + 1 < len(words) and verb(surface_readings(words[i + 1])[1])
            for i, w in enumerate(words) if surface_readings(w)[0].lower() == "and"]


def shared_person(analysed: str, stream: str) -> str:
    """The transfer's final ``stream`` with each verb right after a conjunction that stands for
    a subjectless "and" + verb of ``analysed`` given the person and number of the finite verb
    before it, in each sentence whose "and"s and conjunctions correspond one to one."""
    said, final = sentences(analysed), sentences(stream)
    if len(said) != len(final):
        return stream
    edits = []
    for english, units in zip(said, final):
        flags = _subjectless(english)
        conjunctions = [k for k, u in enumerate(units) if _CONJUNCTION.fullmatch(u.group(0))]
        if len(flags) != len(conjunctions):
            continue
        for k, shared in zip(conjunctions, flags):
            v = k + 1
            while v < len(units) and _PROCLITIC.search(units[v].group(0)):  # "y me pidió"
                v += 1
            if not shared or v >= len(units):
                continue
            verb = _FINITE.match(units[v].group(0))
            before = next((m for u in reversed(units[:k]) if (m := _FINITE.match(u.group(0)))), None)
            if verb is not None and before is not None and verb.group(2, 3) != before.group(2, 3):
                start = units[v].start()
                edits.append((start + verb.start(2) - 1, start + verb.end(3) + 1,
                              f"<{before.group(2)}><{before.group(3)}>"))
    return replace(stream, edits)
