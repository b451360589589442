"""A clause after a verb of knowing or saying without "that", given its "that".

"I heard the roads were closed" → "Oí las carreteras estuvieron cerradas", "I know the answer is
wrong" → "Sé la respuesta es mal": the targets need "que" where English may leave "that" out.
The phrasebook gives it before a pronoun subject ("I know you were there"); before a noun phrase
only the analysis shows where the phrase ends and whether a verb follows it. After analysis
(:func:`keep_contact_clauses`), a verb of knowing or saying, then a determiner, its noun phrase
and a finite verb that cannot be a noun ("were", "is", "will", "left"), gets "that" before the
phrase: "Oí que las carreteras estaban cerradas", ca "Sé que la resposta és incorrecta".
"""

from __future__ import annotations

import re

from .apertium_stream import DETERMINER, NOUN_OR_NAME, replace, sentences, surface_readings

#: verbs whose object may be a clause without "that"
_VERBS = frozenset(
    "know hear think hope believe guess suppose feel say realize realise notice read learn bet mean promise "
    "agree understand remember forget find figure imagine expect tell".split())
_VERB = re.compile(r"^(\w+)<vblex>")
#: the determiners a clause's subject may open with ("that" is the conjunction; "which" asks)
_OPENINGS = frozenset("the a an my your his her our their its this these those some every each no".split())
_PHRASE = re.compile(r"<(?:det|num|adj|n|np)>|<prn><pos>|<gen>")
#: a finite verb that opens the clause: "be", "have", a modal, "do", or a lexical verb's past
_AUXILIARY = re.compile(r"<(?:vbser|vbhaver|vbdo)><(?:pri|pres|past)>|<(?:vbmod|vaux)>")
_PAST = re.compile(r"<vblex><(?:past|pp)>")
_FINITE = re.compile(_AUXILIARY.pattern + r"|<vblex><past>")
_OBJECT = re.compile(r"<prn><obj>")
_THAT = "^that/that<cnjsub>$ "
#: words of the noun phrase at most ("the old fishing boats", "the bakery on the corner")
_MAX_PHRASE = 7


def keep_contact_clauses(stream: str) -> str:
    """The analysis ``stream`` with "that" before a clause whose subject is a noun phrase after a
    verb of knowing or saying (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 3):
            _, readings = surface_readings(sentence[i])
            lemmas = {m.group(1).lower() for m in (_VERB.match(r) for r in readings) if m}
            if not lemmas & _VERBS:
                continue
            if "tell" in lemmas and any(_OBJECT.search(r) for r in surface_readings(sentence[i + 1])[1]):
                i += 1  # "told me the train had left"
            opening, opening_readings = surface_readings(sentence[i + 1]) if i + 3 < len(sentence) else ("", [])
            if opening.lower() not in _OPENINGS or not any(DETERMINER.search(r) for r in opening_readings):
                continue  # "I know that books are…", "tell you which way…" are left
            k, noun = i + 2, False  # a preposition after a noun stays in the phrase ("the bakery on the corner")
            while k < len(sentence) and k - i <= _MAX_PHRASE and not _FINITE.search(sentence[k].group(1)):
                readings = surface_readings(sentence[k])[1]
                if not any(_PHRASE.search(r) or (noun and "<pr>" in r) for r in readings):
                    break
                noun = noun or any(NOUN_OR_NAME.search(r) for r in readings)
                k += 1
            if k >= len(sentence) or not any(NOUN_OR_NAME.search(r) for r in surface_readings(sentence[k - 1])[1]):
                continue
            verb = surface_readings(sentence[k])[1]
            if any(_AUXILIARY.search(r) for r in verb) or (verb and all(_PAST.search(r) for r in verb)
                                                            and any("<past>" in r for r in verb)):
                edits.append((sentence[i + 1].start(), sentence[i + 1].start(), _THAT))
    return replace(stream, edits)
