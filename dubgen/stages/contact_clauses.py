"""A clause after a verb of knowing or saying without "that", given its "that".

"I heard the roads were closed" → "Oí las carreteras estuvieron cerradas", "I know the answer is
wrong" → "Sé la respuesta es mal": the targets need "que" where English may leave "that" out.
The phrasebook gives it before a pronoun subject ("I know you were there"); before a noun phrase
only the analysis shows where the phrase ends and whether a verb follows it. After analysis
(:func:`keep_contact_clauses`), a verb of knowing or saying, then a determiner, its noun phrase
and a finite verb that cannot be a noun ("were", "is", "will", "left"), gets "that" before the
phrase: "Oí que las carreteras estaban cerradas", ca "Sé que la resposta és incorrecta".

A relative clause without "that" after its noun phrase ("for every pound you spend" → "a favor cada libra gastas")
gets its "that" (:func:`keep_contact_relatives`): a determiner, up to two words and a noun (or "one"), then a
subject pronoun and a finite verb ("a cada libra que gastas"). A time after "this"/"every"/"last"… ("Every day I
walk", "the past year we spent"), a phrase opening its clause with a preposition ("At the end of the summer she
decided"), a word that also opens a clause ("while") and "I think"/"I mean" said between are left.

After "that", "you" and "it" before a verb are the clause's subject (:func:`keep_clause_subjects`): the
tagger read them as objects and the verb as another word ("I hope that you like it" → ca "Espero que tu com
ell", "that you enjoyed it" → "que et gaudís").
"""

from __future__ import annotations

import re

from .apertium_stream import (DETERMINER, SUBJECT, keeping, noun_phrase_end, replace, sentences,
                              surface_readings)

#: verbs whose object may be a clause without "that"
_VERBS = frozenset(
    "know hear think hope believe guess suppose feel say realize realise notice read learn bet mean promise "
    "agree understand remember forget find figure imagine expect tell".split())
_VERB = re.compile(r"^(\w+)<vblex>")
#: the determiners a clause's subject may open with ("that" is the conjunction; "which" asks)
_OPENINGS = frozenset("the a an my your his her our their its this these those some every each no".split())
#: a finite verb that opens the clause: "be", "have", a modal, "do", or a lexical verb's past
_AUXILIARY = re.compile(r"<(?:vbser|vbhaver|vbdo)><(?:pri|pres|past)>|<(?:vbmod|vaux)>")
_PAST = re.compile(r"<vblex><(?:past|pp)>")
_OBJECT = re.compile(r"<prn><obj>")
_THAT = "^that/that<cnjsub>$ "
#: words of the noun phrase at most ("the old fishing boats", "the bakery on the corner")
_MAX_PHRASE = 7


def _finite(readings: list[str]) -> bool:
    """The readings of a finite verb that cannot be a noun ("were", "will", "left" of "had left")."""
    return any(_AUXILIARY.search(r) for r in readings) or (
        bool(readings) and all(_PAST.search(r) for r in readings) and any("<past>" in r for r in readings))


def keep_contact_clauses(stream: str) -> str:
    """The analysis ``stream`` with "that" before a clause whose subject is a noun phrase after a
    verb of knowing or saying (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        words = [surface_readings(u) for u in sentence]
        for i in range(len(sentence) - 3):
            lemmas = {m.group(1).lower() for m in (_VERB.match(r) for r in words[i][1]) if m}
            if not lemmas & _VERBS:
                continue
            # the clause opens after the verb, or after "tell"'s object ("told me the train had left")
            start = i + 2 if "tell" in lemmas and any(_OBJECT.search(r) for r in words[i + 1][1]) else i + 1
            if start + 2 >= len(words) or words[start][0].lower() not in _OPENINGS or not any(
                    DETERMINER.search(r) for r in words[start][1]):
                continue  # "I know that books are…", "tell you which way…" are left
            if noun_phrase_end(words, start, _finite, _MAX_PHRASE) is not None:
                edits.append((sentence[start].start(), sentence[start].start(), _THAT))
    return replace(stream, edits)


#: the subject pronouns a relative clause without "that" opens with
_RELATIVE_SUBJECTS = frozenset("i you we they he she".split())
#: what they say between, not a clause ("The problem, I think, is…")
_SAID_BETWEEN = frozenset("think guess mean suppose reckon believe".split())
#: times that say when, not which, after any determiner but "the" ("Every day I walk", "the day we met")
_TIMES = frozenset("""day days week weeks month months year years morning mornings afternoon evening evenings night
nights weekend weekends summer winter spring autumn fall season century decade monday tuesday wednesday thursday friday
saturday sunday""".split())
_HEAD = re.compile(r"<n><|^one<prn>")
_PREPOSITION = re.compile(r"<pr>$")
_CLAUSE_START = re.compile(r"<(?:cm|sent|cnjcoo|cnjsub|cnjadv)>")
#: a head that is also a clause's opening word or a determiner ("while", "that")
_NOT_A_HEAD = re.compile(r"<(?:cnjsub|cnjadv|cnjcoo|det)>|<prn><subj>")
#: the words of a phrase opening a clause: prepositions, determiners, adjectives, nouns, numbers
_PHRASE_WORD = re.compile(r"<(?:pr|det|adj|n|np|num|predet)>")


def keep_contact_relatives(stream: str) -> str:
    """The analysis ``stream`` with "that" before a relative clause without it (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        words = [surface_readings(u) for u in sentence]
        for i in range(1, len(words) - 2):
            surface = words[i][0].lower()
            pronoun, verb = words[i + 1], words[i + 2]
            if not any(_HEAD.search(r) for r in words[i][1]) or pronoun[0].lower() not in _RELATIVE_SUBJECTS \
                    or not any(SUBJECT.search(r) for r in pronoun[1]) or verb[0].lower() in _SAID_BETWEEN \
                    or not any(_CLAUSE_VERB.search(r) for r in verb[1]) \
                    or any(_NOT_A_HEAD.search(r) for r in words[i][1]):
                continue  # "while you were…" (also a noun) opens a clause
            d = next((d for d in range(i - 1, max(i - 4, -1), -1) if words[d][0].lower() in _OPENINGS
                      and any(DETERMINER.search(r) for r in words[d][1])), None)
            if d is None or surface in _TIMES and (words[d][0].lower() != "the" or d < i - 1):
                continue  # "Every day I walk", "the past year we spent"
            start = max((c + 1 for c in range(d) if any(_CLAUSE_START.search(r) for r in words[c][1])), default=0)
            if (any(_PREPOSITION.search(r) for r in words[start][1]) or " " in words[start][0]) and all(
                    any(_PHRASE_WORD.search(r) for r in words[c][1]) for c in range(start + 1, i)):
                continue  # "At the end of the summer she decided" ("At the end" one adverb), "In the morning I run"
            edits.append((sentence[i + 1].start(), sentence[i + 1].start(), _THAT))
    return replace(stream, edits)


#: a finite verb's reading (a present, a past, a modal)
_CLAUSE_VERB = re.compile(r"<(?:vblex|vbser|vbhaver|vbdo)><(?:pres|past)>|<vbmod>|<vaux>")


def keep_clause_subjects(stream: str) -> str:
    """The analysis ``stream`` with "you"/"it" after "that" (or "so that") and before a word that can be a finite
    verb read as the subject pronoun, and that word as the verb."""
    edits = []
    for sentence in sentences(stream):
        words = [surface_readings(u) for u in sentence]
        for i in range(1, len(words) - 1):
            surface, readings = words[i]
            if surface.lower() not in ("you", "it") or words[i - 1][0].lower() not in ("that", "so that") or not any(
                    "<cnjsub>" in r or "<cnjadv>" in r for r in words[i - 1][1]):
                continue
            subject = [r for r in readings if SUBJECT.search(r)]
            verbs = [r for r in words[i + 1][1] if _CLAUSE_VERB.search(r)]
            if subject and verbs and (len(subject) < len(readings) or len(verbs) < len(words[i + 1][1])):
                edits += [keeping(sentence[i], subject), keeping(sentence[i + 1], verbs)]
    return replace(stream, edits)
