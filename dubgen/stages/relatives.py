""""who" after a noun is the relative, not the question word.

eng-spa's tagger reads "who" after a noun or "everyone" as the interrogative, which its dictionary
says "quién": "The man who lives next door" → "El hombre quién vive", "Thanks to everyone who
supports the channel" → "Gracias a todo el mundo quién apoya", "People who work at night" →
"Personas quiénes trabajan". After a noun (a word that can also be a verb only after a determiner
or an adjective: "the man", not "I wonder who"), an indefinite pronoun ("everyone", "someone") or a
demonstrative ("those"), "who" keeps its relative reading ("que"), and the word after it that can be
a finite verb that verb ("My friend who lives in Madrid" read "Mi amigo que las vidas en Madrid"). "that"
after a noun and before a subject pronoun is the relative too (eng-cat: "la pel·lícula millor això mai he vist").
"""

from __future__ import annotations

import re

from .apertium_stream import NOUN, SUBJECT, VERB, keeping, only, replace, sentences, surface_readings

_RELATIVE = re.compile(r"<rel>")
_ASKING = re.compile(r"<itg>")
_OPENER = re.compile(r"<(?:cm|cnjcoo|cnjadv|preadv)>")
_PRONOUN_HEAD = re.compile(r"<prn><(?:tn|dem)>")
_MODIFIER = re.compile(r"<(?:det|adj)>")
_FINITE = re.compile(r"<(?:vblex|vbser|vbhaver|vbmod|vaux|vbdo)><(?:pri|pres|past|ifi)>")


def _head(sentence: list[re.Match[str]], i: int) -> bool:
    """Unit ``i`` is a noun phrase's head a relative clause can follow."""
    readings = surface_readings(sentence[i])[1]
    if any(_PRONOUN_HEAD.search(r) for r in readings):
        return True
    if not any(NOUN.search(r) for r in readings):
        return False
    return not any(VERB.search(r) for r in readings) or (
        i > 0 and any(_MODIFIER.search(r) for r in surface_readings(sentence[i - 1])[1]))


def keep_relative_who(stream: str) -> str:
    """The analysis ``stream`` with "who" after a noun phrase's head read as the relative."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence)):
            word, readings = surface_readings(sentence[i])
            relative = [r for r in readings if _RELATIVE.search(r)]
            after = surface_readings(sentence[i + 1])[1] if i + 1 < len(sentence) else []
            if word.lower() == "that" and relative and len(relative) < len(readings) and _head(sentence, i - 1) \
                    and only(after, SUBJECT):  # "the best film that I have seen" (eng-cat "això")
                edits.append(keeping(sentence[i], relative))
            elif word.lower() == "who" and relative and len(relative) < len(readings) and _head(sentence, i - 1):
                edits.append(keeping(sentence[i], relative))
                if i + 1 < len(sentence):  # its verb, not a noun: "who lives" was "que las vidas"
                    verb_word, verb_readings = surface_readings(sentence[i + 1])
                    verbs = [r for r in verb_readings if _FINITE.search(r)]
                    if verbs and len(verbs) < len(verb_readings):
                        edits.append(keeping(sentence[i + 1], verbs))
    return replace(stream, edits)


def _opener(unit: re.Match[str]) -> bool:
    """The unit can open a question before its "who": a comma, "and", "so", or a phrase's mark (unknown)."""
    readings = surface_readings(unit)[1]
    return only(readings, _OPENER) or all(r.startswith("*") for r in readings)


def keep_asking_who(stream: str) -> str:
    """The analysis ``stream`` with "who" that opens a question (after a comma or "and" at most)
    read as the question word: eng-cat's tagger chose the relative, "Who wants coffee?" was
    "Que vol cafè?"."""
    edits = []
    for sentence in sentences(stream):
        if surface_readings(sentence[-1])[0] != "?":
            continue
        for i, unit in enumerate(sentence):
            word, readings = surface_readings(unit)
            asking = [r for r in readings if _ASKING.search(r)]
            if word.lower() == "who" and asking and len(asking) < len(readings) \
                    and all(_opener(u) for u in sentence[:i]):
                edits.append(keeping(unit, asking))
    return replace(stream, edits)
