"""An object pronoun after an infinitive or a gerund, attached to it as the targets write it.

Apertium's English pairs leave the object of an infinitive that ends a clause after it as a
separate word: "We would like to help you." → "Nos gustaría ayudar te.", ca "Ens agradaria
ajudar et."; the generators attach it when the stream says so ("ayudarte", "ajudar-te"). In
the transfer's final stream, a pronoun right after an infinitive or gerund, not itself before
a verb it could belong to, is made that verb's enclitic.

The pairs also write a pronoun before its finite verb with no blank between where the tagger read
the verb as an infinitive with an enclitic ("They always help us." → "Siempre nosayudan.", gl
"Sempre nosaxudan"): such a pronoun is set apart ("Siempre nos ayudan.").

An object pronoun after a perfect's participle stands before its "haber" ("La familia había
enviado le fuera", ca "Ha anomenat em" → "le había enviado", "M'ha anomenat").

en-gl attaches a pronoun to a finite verb after a word that draws it before the verb in Galician
("They always help us." → "Sempre axúdannos"): after "non", "nunca", "xa", "sempre", "tamén", "aínda",
"só" it stands before its verb ("Sempre nos axudan").

After a sentence whose verb took an enclitic, en-gl's transfer may write a later verb's pronoun in a
unit of its own after that verb, behind a stray person pronoun's tags ("Calm down. I saw them
yesterday." → "Cálmate. Vin prpers onte."): the pronoun is attached to its verb ("Vinos onte").

A verb said with a preposition whose object became its enclitic leaves the preposition at the
clause's end (en-gl's "enjoy" "gozar con": "They enjoyed it" → "Gozárono con."): it is dropped,
and so is en-gl's "con" of "gozar" everywhere ("Goza con!", "Gozamos con moito"; "gozar" takes its
object as "Gozamos a viaxe").
"""

from __future__ import annotations

import re

#: modes whose generators take "verb<inf>+pronoun<prn><enc>…" (eng-spa, eng-cat, en-gl)
MODES = frozenset({"eng-spa", "eng-cat", "en-gl"})

#: an infinitive or gerund, the pronoun after it, and a finite verb after that if one follows
_VERB_PRONOUN = re.compile(
    r"\^(?P<verb>[^<$^]+<vblex><(?P<form>inf|ger)>)\$\s+\^(?P<pronoun>[^<$^]+)<prn><pro>(?P<tags>(?:<[^>]+>)*)\$"
    r"(?P<next>\s*\^[^<$^]+<(?:vblex|vbser|vbhaver|vbmod|vaux)><(?:pri|ifi|pii|fti|cni|prs|pis|pres|past)>)?")


def attach_clitics(stream: str) -> str:
    """The transfer's final ``stream`` with each object pronoun after a gerund, or after an
    infinitive and before no finite verb ("Antes de salir te llamo": there it is the next
    verb's), attached to that verb."""
    def attached(m: re.Match[str]) -> str:
        if m.group("form") == "inf" and m.group("next"):
            return m.group(0)
        return f"^{m.group('verb')}+{m.group('pronoun')}<prn><enc>{m.group('tags')}${m.group('next') or ''}"

    return _VERB_PRONOUN.sub(attached, stream)


#: a proclitic pronoun written against the verb after it (no blank between the two units)
_PRONOUN_AGAINST_VERB = re.compile(r"(\^[^<$^]+<prn><pro>(?:<[^>]+>)*\$)(?=\^[^<$^]+<(?:vblex|vbser|vbhaver|vbmod)>)")


def separate_proclitics(stream: str) -> str:
    """The transfer's final ``stream`` with a blank between a proclitic pronoun and its verb where
    none was (see the module's description)."""
    return _PRONOUN_AGAINST_VERB.sub(r"\1 ", stream)


#: a verb with an enclitic pronoun and a one-word preposition of its multiword lemma after it; en-gl's "gozar con"
#: en-gl's verb, then its pronoun (or pronouns) in a unit of their own behind a stray person pronoun's tags
_GL_STRAY = re.compile(r"(\^[^$^+]+<(?:vblex|vbser|vbmod|vbhaver)>[^$^+]*)\$\s*\^prpers<prn><enc><p[123]><mf><(?:sg|pl)>"
                       r"((?:\+[^$^+]+<prn><enc>[^$^+]*)+)\$")


def gl_stray_enclitics(stream: str) -> str:
    """en-gl's transfer ``stream`` with each pronoun written apart from its verb (:data:`_GL_STRAY`) attached to it."""
    return _GL_STRAY.sub(r"\1\2$", stream)


#: a word that draws Galician's pronoun before the verb, and a finite verb after it with the pronoun attached
_GL_DRAWN = re.compile(r"(\^(?:[Nn]on|[Nn]unca|[Xx]a|[Ss]empre|[Tt]amén|[Aa]índa|[Ss]ó|[Tt]ampouco)<adv>\$\s+)"
                       r"(\^[^<$^]+<(?:vblex|vbser|vbhaver|vbmod)>(?:<pron>)?<(?:pri|pii|ifi|fti|cni|prs|pis)>"
                       r"(?:<[^>]+>)*)"
                       r"\+([^<$^+]+<prn>)<enc>((?:<[^>]+>)*)\$")


def gl_drawn_proclitics(stream: str) -> str:
    """en-gl's final ``stream`` with a pronoun attached to a finite verb after a word that draws it
    (:data:`_GL_DRAWN`) before that verb."""
    return _GL_DRAWN.sub(r"\1^\3<pro>\4$ \2$", stream)


_STRANDED = re.compile(r"(\^[^<$^]+<vblex>[^$^]*\+[^$^]*<enc>[^$^]*)# (?:con|de|en)(?=\$)"
                       r"|(\^[Gg]ozar<vblex>[^$^]*)# con(?=\$)")


def drop_stranded_prepositions(stream: str) -> str:
    """The transfer's final ``stream`` with the preposition of a verb whose object is its enclitic dropped."""
    return _STRANDED.sub(lambda m: m.group(1) or m.group(2), stream)


#: a perfect ("haber"/"haver" and a participle) and the object pronoun after it
_PERFECT_PRONOUN = re.compile(r"\^(?P<haber>[Hh]ab[ae]r|[Hh]aver)(?P<htags><vbhaver>(?:<[^>]+>)+)\$(?P<gap>\s+)"
                              r"(?P<participle>\^[^<$^]+<vblex><pp>(?:<[^>]+>)*\$)\s+"
                              r"\^(?P<pronoun>[^<$^]+)(?P<ptags><prn><pro>(?:<[^>]+>)+)\$")


def pronouns_before_perfects(stream: str) -> str:
    """The transfer's final ``stream`` with an object pronoun after a perfect's participle before
    its "haber", the capital of a sentence's first word moved with it."""
    def moved(m: re.Match[str]) -> str:
        haber, pronoun = m.group("haber"), m.group("pronoun")
        if haber[0].isupper():
            haber, pronoun = haber.lower(), pronoun[0].upper() + pronoun[1:]
        return (f"^{pronoun}{m.group('ptags')}$ ^{haber}{m.group('htags')}${m.group('gap')}{m.group('participle')}")
    return _PERFECT_PRONOUN.sub(moved, stream)
