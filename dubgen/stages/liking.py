""""like" after its subject, read as the verb by Apertium's English pairs.

The analyser reads "like this" / "like that" as one adverb ("así", "així") and the tagger often
takes "like" for the preposition: "If you like this video" → "Si tú así vídeo", ca "I like the
video" → "Jo com el vídeo". After a subject pronoun ("I", "we", "they", "he", "she"; "you" where
it opens a clause: "If you like", "Do you like"; adverbs between allowed: "I really like"),
"like" keeps only its verb readings, finite after the pronoun, the infinitive after an auxiliary
("I don't like it", "I'd like that"), and "like this" is analysed as two words: "Si te gusta
este vídeo", "M'agrada el vídeo".
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .apertium_stream import INFINITIVE, only, replace, sentence_units, sentences, surface_readings

_LIKE = re.compile(r"lik(?:e|es|ed)(?: (?:this|that))?", re.IGNORECASE)
_PRONOUNS = frozenset({"i", "we", "they", "he", "she"})
_SUBJECT = re.compile(r"<prn><subj>")
_AUXILIARY = re.compile(r"<(?:vbdo|vaux|vbmod)>")
_ADVERB = re.compile(r"<(?:adv|preadv)>")
#: what may stand before a "you" that is the subject: a clause's opening ("if", "and", ",") or a question's "do"
_BEFORE_YOU = re.compile(r"<(?:cm|cnjcoo|cnjsub|cnjadv|vbdo|vaux|vbmod)>")
_VERB = re.compile(r"<vblex>")
_FINITE = re.compile(r"<vblex><(?:pres|pri|past)>")
#: adverbs between the subject and "like" at most ("I really just like")
_MAX_ADVERBS = 2


def _is_subject(words: list[re.Match[str]], j: int) -> bool:
    """Unit ``j`` is a subject pronoun ("you" only where it opens a clause or follows "do")."""
    surface, readings = surface_readings(words[j])
    if not any(_SUBJECT.search(r) for r in readings):
        return False
    if surface.lower() in _PRONOUNS:
        return True
    return surface.lower() == "you" and (j == 0 or only(surface_readings(words[j - 1])[1], _BEFORE_YOU))


def _form(words: list[re.Match[str]], i: int) -> Optional[re.Pattern[str]]:
    """The verb readings "like" at unit ``i`` keeps, or None where no subject stands before it."""
    j = i - 1
    while j >= 0 and i - j <= _MAX_ADVERBS and only(surface_readings(words[j])[1], _ADVERB):
        j -= 1
    if j < 0:
        return None
    readings = surface_readings(words[j])[1]
    if any(_AUXILIARY.search(r) for r in readings):  # "I don't like", "I'd like", "Do you like"
        subject = any(_SUBJECT.search(r) for r in readings) or (j > 0 and _is_subject(words, j - 1))
        if subject:
            return INFINITIVE
        return _VERB if j + 1 < i and _is_subject(words, j + 1) else None
    return _FINITE if _is_subject(words, j) else None


def keep_like_verbs(stream: str, analyse: Callable[[str], str]) -> str:
    """The analysis ``stream`` with "like" after its subject read as the verb (see the module's
    description); ``analyse`` analyses a piece of text as the mode does ("like[] this")."""
    edits = []
    for sentence in sentences(stream):
        words = sentence_units(sentence)
        for i, unit in enumerate(words):
            surface, readings = surface_readings(unit)
            if not _LIKE.fullmatch(surface):
                continue
            form = _form(words, i)
            if form is None:
                continue
            if " " in surface:  # "like this" read as one adverb: analysed again as two words
                verb, _, rest = surface.partition(" ")
                pieces = analyse(f"{verb}[] {rest}").strip()
                first = re.match(r"\^((?:[^$\\]|\\.)*)\$", pieces)
                if first is None:
                    continue
                readings = surface_readings(first)[1]
                tail = pieces[first.end():]
            else:
                verb, tail = surface, ""
            kept = [r for r in readings if form.search(r)] or [r for r in readings if _VERB.search(r)]
            if kept:
                edits.append((unit.start(), unit.end(), f"^{verb}/{'/'.join(kept)}${tail}"))
    return replace(stream, edits)
