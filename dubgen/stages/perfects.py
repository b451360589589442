"""The perfect with an adverb inside it ("I've only had it", "We've just finished"), said as
the targets say it.

The English tagger reads a participle after "have" and an adverb as the simple past, and the
transfer leaves the adverb between the auxiliary and the verb: "I've only had it for a day" →
"He sólo lo tuvo", ca "He només el va tenir", gl "Hei só tívoo"; "Have you already bought one?"
→ "¿Has ya compró un?". After analysis (:func:`keep_perfects`), "have" keeps its auxiliary
reading and the word after the adverbs its participle, and the adverbs go before "have" ("Sólo lo
he tenido", "¿Ya has comprado uno?"). "just" there is the recent past, which the targets say with
"acabar de" + the infinitive: it is read as "lately" and left in place, and before generation
(:func:`say_recent_pasts`) "have lately done" becomes "acabar de hacer" ("We've just finished
it" → "Lo acabamos de acabar", was "Hemos sólo lo acabó"; ca "L'acabem d'acabar", gl "Acabamos
de acabalo"). en-gl says the English perfect as the simple past; there "have" goes and the
participle is read as the past, since its transfer of "have" + participle carries a reflexive
pronoun over from a pronominal verb anywhere before it in the text ("I wouldn't worry about it."
… "We have bought a car." → "Nos un coche.").
"""

from __future__ import annotations

import re

from .apertium_stream import SUBJECT, inner_units, keeping, only, replace, sentences, surface_readings

_HAVE = re.compile(r"(?:^|\+)have<vbhaver>")
_PARTICIPLE = re.compile(r"<(?:vblex|vbmod|vbser|vbhaver)><pp>")
_ADVERB = re.compile(r"<(?:adv|preadv)>")
_LEXICAL_PAST = re.compile(r"<vblex><past>")
_AUXILIARY = re.compile(r"<(?:vaux|vbmod)>|^to/", re.IGNORECASE)
_LEXICAL = re.compile(r"<vblex><(?:pp|past)>")
_FINITE = re.compile(r"have<vbhaver><(?:pres|pri|past)>")
#: adverbs between "have" and its participle at most ("have also already")
_MAX_ADVERBS = 2
#: the reading "just" takes there
_RECENTLY = "lately<adv>"
#: the modes whose transfer says the English perfect as the simple past
SIMPLE_PAST = frozenset({"en-gl"})


def _adverb(readings: list[str]) -> bool:
    """An adverb that cannot be a participle ("just", "only"; not "left", which can be both)."""
    return any(_ADVERB.search(r) for r in readings) and not any(_PARTICIPLE.search(r) for r in readings)


def _have_unit(surface: str, have: list[str], simple_past: bool) -> str:
    """"have" as the edit writes it: its auxiliary readings, or for the simple past the subject
    pronoun joined to it ("I've": "I"), or nothing."""
    if not simple_past:
        return f"^{surface}/{'/'.join(have)}$"
    subject = sorted({r.split("+")[0] for r in have if "+" in r})
    pronoun = surface.split("'")[0]
    return f"^{pronoun}/{'/'.join(subject)}$" if subject else ""


def keep_perfects(stream: str, simple_past: bool = False) -> str:
    """The analysis ``stream`` with each "have" + adverbs + participle read as the perfect, its
    adverbs before "have" (and before a subject pronoun just before it: "I really have"), "just"
    read as "lately" and left after it; with ``simple_past`` (en-gl), every finite "have" +
    participle of a lexical verb the simple past, "have" gone (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        for i, unit in enumerate(sentence):
            surface, readings = surface_readings(unit)
            have = [r for r in readings if _HAVE.search(r) and (not simple_past or _FINITE.search(r))]
            k = i + 1
            while have and k < len(sentence) and k - i <= _MAX_ADVERBS and _adverb(surface_readings(sentence[k])[1]):
                k += 1
            if not have or (k == i + 1 and not simple_past) or k >= len(sentence):
                continue
            if i and _AUXILIARY.search(sentence[i - 1].group(1)):  # "should have seen": not a perfect
                continue
            word, word_readings = surface_readings(sentence[k])
            if word.lower() in ("got", "gotten") or (simple_past and (
                    not any(_LEXICAL.search(r) for r in word_readings) or any("+not<" in r for r in have))):
                continue  # "I've got a car" is having; en-gl says "have been" and "haven't seen" right ("Fun alí")
            participle = [r for r in word_readings if _PARTICIPLE.search(r)] or [
                r[:r.index("<past>")] + "<pp>" for r in word_readings if _LEXICAL_PAST.search(r)]  # eng-cat's "had"
            if not participle:
                continue
            adverbs = [surface_readings(a) for a in sentence[i + 1:k]]
            recent = [a.lower() for a, _ in adverbs] == ["just"]
            perfect = _have_unit(surface, have, simple_past)
            if simple_past:
                participle = sorted({r.replace("<pp>", "<past>", 1) for r in participle})
            start = unit.start()
            if recent:
                said = f"{perfect} ^just/{_RECENTLY}$"
            else:
                if i and only(surface_readings(sentence[i - 1])[1], SUBJECT):
                    start, perfect = sentence[i - 1].start(), f"{sentence[i - 1].group(0)} {perfect}"
                said = " ".join(f"^{a}/{'/'.join(r for r in rs if _ADVERB.search(r))}$" for a, rs in adverbs) + " " + perfect
            edits.append((start, sentence[k - 1].end(), said.strip()))
            edits.append(keeping(sentence[k], participle))
    return replace(stream, edits)


#: verbs whose past after "just" is "only", not the recent past ("I just wanted to say", "I just thought")
_JUST_ONLY = frozenset("want need think feel like love hate know mean wish hope seem say tell guess be have realize "
                       "forget remember try".split())
_SUBJECT_OR_NOUN = re.compile(r"<prn><subj>|<n><|<np><")
_THIRD_SINGULAR = re.compile(r"<prn><subj><p3><(?:m|f|nt|mf)><sg>|<n><sg>|<np><")


def keep_just_pasts(stream: str) -> str:
    """The analysis ``stream`` with a subject + "just" + a lexical verb's past read as "have just"
    + its participle, the recent past :func:`keep_perfects` and :func:`say_recent_pasts` say with
    "acabar de" ("We just got back" → "Nosotros sólo vueltos" → "Acabamos de volver", "She just
    called me" → "Sólo me llamó" → "Me acaba de llamar"); where "just" is "only" ("I just wanted
    to say", "I just thought") it is left."""
    edits = []
    for sentence, i, readings in inner_units(stream, "just"):
        subject = surface_readings(sentence[i - 1])[1]
        verb = surface_readings(sentence[i + 1])[1]
        if not any(_ADVERB.search(r) for r in readings):
            continue
        pasts = [r for r in verb if _LEXICAL_PAST.search(r)]
        if (not pasts or not any(_SUBJECT_OR_NOUN.search(r) for r in subject) or any(_HAVE.search(r) for r in subject)
                or any(r.split("<", 1)[0].lower() in _JUST_ONLY for r in verb)
                or (i + 2 < len(sentence) and surface_readings(sentence[i + 2])[0].lower() == "to")):
            continue
        has = any(_THIRD_SINGULAR.search(r) for r in subject)
        have = "^has/have<vbhaver><pri><p3><sg>$" if has else "^have/have<vbhaver><pres>$"
        participle = [r.replace("<past>", "<pp>", 1) for r in pasts]
        edits.append((sentence[i].start(), sentence[i].end(), f"{have} ^{surface_readings(sentence[i])[0]}/just<adv>$"))
        edits.append(keeping(sentence[i + 1], participle))
    return replace(stream, edits)


#: per mode, "lately" (the reading "just" took) as the transfer wrote it before the perfect, and
#: the perfect's auxiliary (en-gl writes the English perfect as the simple past: "acabamos")
_RECENT = {"eng-spa": ("últimamente", "haber"), "eng-cat": ("darrerament", "haver"), "en-gl": ("ultimamente", None)}
_PRONOUNS = r"((?:\^[^$]*<prn><pro>[^$]*\$\s+)*)"


def say_recent_pasts(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with the perfect after "lately" (an English "have just done")
    said "acabar de" + the infinitive, its object pronouns before "acabar" (es, ca) or after the
    infinitive (gl, where :mod:`.clitics` attaches them)."""
    if mode not in _RECENT:
        return stream
    lately, have = _RECENT[mode]
    verb = (r"\^([^<$]+)<(vblex|vbser)><pp>(?:<[^>]+>)*\$" if have else
            r"\^([^<$]+)<(vblex|vbser)><ifi>((?:<[^>]+>)*)((?:\+[^$]*)?)\$")
    auxiliary = r"\^" + have + r"<vbhaver>((?:<[^>]+>)*)\$\s+" if have else ""
    pattern = re.compile(r"\^(" + lately + r")<adv>\$\s+" + _PRONOUNS + auxiliary + verb, re.IGNORECASE)

    def said(m: re.Match[str]) -> str:
        if have:
            pronouns, tags, infinitive, kind = m.group(2), m.group(3), m.group(4), m.group(5)
            units = f"{pronouns}^acabar<vblex>{tags}$ ^de<pr>$ ^{infinitive}<{kind}><inf>$"
        else:
            pronouns, infinitive, kind, tags, enclitic = m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)
            units = (f"^acabar<vblex><pri>{tags}$ ^de<pr>$ ^{infinitive}<{kind}><inf>{enclitic}$"
                     + (" " + pronouns.strip() if pronouns else ""))
        return units[0] + units[1].upper() + units[2:] if m.group(1)[0].isupper() else units

    return pattern.sub(said, stream)
