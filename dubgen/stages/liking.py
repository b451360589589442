""""like" after its subject, read as the verb by Apertium's English pairs.

The analyser reads "like this" / "like that" as one adverb ("así", "així") and the tagger often
takes "like" for the preposition: "If you like this video" → "Si tú así vídeo", ca "I like the
video" → "Jo com el vídeo". After a subject pronoun ("I", "we", "they", "he", "she"; "you" where
it opens a clause: "If you like", "Do you like"; adverbs between allowed: "I really like"),
"like" keeps only its verb readings, finite after the pronoun, the infinitive after an auxiliary
("I don't like it", "I'd like that"), and "like this" is analysed as two words: "Si te gusta
este vídeo", "M'agrada el vídeo".

"love" for a thing is "encantar", built as "like" is ("Me encanta esta canción", "Les encantó",
"Me encantaría"); the pairs say "querer" ("Quiero esta canción", ca "El van voler"). Where "love"
stands as "like" would and its object is not a person ("it", "this", a gerund, "to", a noun but
"my mum" or "people"), it is analysed as "like" under a lemma written in capitals
(:func:`keep_loving`), which the transfer carries through its "gustar" rules; before generation
(:func:`say_loving`) that verb is "encantar". en-gl, whose transfer writes the lemma with a
capital alone, is left as it is.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .apertium_stream import (DETERMINER, INFINITIVE, SUBJECT, keeping, only, replace, sentence_units, sentences,
                              surface_readings)

_LIKE = re.compile(r"lik(?:e|es|ed)(?: (?:this|that))?", re.IGNORECASE)
_LOVE = re.compile(r"lov(?:e|es|ed)", re.IGNORECASE)
#: "love"'s lemma, written as "like" is, where it is "encantar"
_LOVED = "LIKE"
#: what "love" may love as "encantar": a thing, an activity, "to" do a thing
_THING = re.compile(r"^(?:it|this|that|these|those|to)$", re.IGNORECASE)
_NOUN = re.compile(r"<n>|<ger>")
_ADJECTIVE = re.compile(r"<adj>")
#: English nouns of people (lemmas): loved with "querer", taken ("llevar") and known ("conocer")
PEOPLE = frozenset(
    "mum mom mother dad father parent wife husband family kid child son daughter brother sister friend girlfriend "
    "boyfriend baby people guy grandma grandmother grandpa grandfather grandparent partner team fan viewer guest "
    "student visitor man woman person girl boy neighbour neighbor teacher doctor boss dog".split())
#: a verb of liking in the plural before an infinitive (group 1: up to its number)
_LIKED_PLURAL = re.compile(r"(\^(?:gustar|agradar|encantar)<vblex>(?:<[^>]+>)*?<p3>)<pl>(?=\$\s+\^[^$<]+<(?:vblex|vbser|vbhaver)><inf>)",
                           re.IGNORECASE)
#: per mode, the translation of "like" as the transfer writes it from :data:`_LOVED`
_LOVED_AS = {"eng-spa": "GUSTAR", "eng-cat": "AGRADAR"}
_PRONOUNS = frozenset({"i", "we", "they", "he", "she"})
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
    if not any(SUBJECT.search(r) for r in readings):
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
        subject = any(SUBJECT.search(r) for r in readings) or (j > 0 and _is_subject(words, j - 1))
        if subject:
            return INFINITIVE
        return _VERB if j + 1 < i and _is_subject(words, j + 1) else None
    return _FINITE if _is_subject(words, j) else None


def _person(readings: list[str]) -> bool:
    """A noun of :data:`PEOPLE` is among the readings."""
    return any(_NOUN.search(r) and r.split("<", 1)[0].lower() in PEOPLE for r in readings)


def _a_thing(words: list[re.Match[str]], i: int) -> bool:
    """The object after "love" at unit ``i`` is a thing, an activity or "to" (not a person)."""
    if i + 1 >= len(words):
        return False
    surface, readings = surface_readings(words[i + 1])
    if _THING.search(surface) or (any(_NOUN.search(r) for r in readings) and not _person(readings)):
        return True
    if not any(DETERMINER.search(r) for r in readings) or surface.lower() in ("you", "him", "them", "me", "us"):
        return False
    j = i + 2
    while j < len(words) and only(surface_readings(words[j])[1], _ADJECTIVE):
        j += 1
    after = surface_readings(words[j])[1] if j < len(words) else []
    return any(_NOUN.search(r) for r in after) and not _person(after)  # "her" alone is a person


def keep_loving(stream: str, mode: str) -> str:
    """The analysis ``stream`` with "love" for a thing analysed as "like" under :data:`_LOVED`,
    and a lemma already written so ("LIKE") in lower case, for the modes of :data:`_LOVED_AS`
    (see the module's description)."""
    if mode not in _LOVED_AS:
        return stream
    edits = []
    for sentence in sentences(stream):
        words = sentence_units(sentence)
        for i, unit in enumerate(words):
            surface, readings = surface_readings(unit)
            if any(r.startswith(_LOVED + "<") for r in readings):
                edits.append(keeping(unit, [r.replace(_LOVED, "like", 1) for r in readings]))
                continue
            if not _LOVE.fullmatch(surface) or not _a_thing(words, i):
                continue
            form = _form(words, i)
            kept = [r for r in readings if form is not None and form.search(r) and r.lower().startswith("love<")]
            if kept:
                edits.append((unit.start(), unit.end(), f"^{surface}/{'/'.join(_LOVED + r[4:] for r in kept)}$"))
    return replace(stream, edits)


def say_loving(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with the verb :func:`keep_loving` marked said as "love"
    is in ``mode``'s target."""
    if mode not in _LOVED_AS:
        return stream
    return re.sub(r"\^" + _LOVED_AS[mode] + "<", "^encantar<", stream)


def say_liked_infinitives(stream: str) -> str:
    """The transfer's final ``stream`` with "gustar"/"agradar"/"encantar" before an infinitive in
    the singular: what pleases is the infinitive's clause ("Me gustarían llevar a mis padres" →
    "Me gustaría llevar…", ca "M'agradarien dur…")."""
    return _LIKED_PLURAL.sub(r"\1<sg>", stream)


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
