"""A verb of keeping on, stopping, starting or finishing before another, as the target says it.

Apertium's English pairs give the gerund after such a verb as a bare infinitive: "I kept
practicing" → "Mantuve practicar", "She stopped talking" → "Paró hablar", "We started working"
→ "Empezamos trabajar", ca "Vaig seguir practicar", gl "Arrancou traballar". In the transfer's
final stream (before generation) the verb takes the form its language gives it: keeping on
with a gerund ("Seguí practicando", ca "Vaig seguir practicant"), stopping with "dejar de",
starting with "a", finishing with "de" (an object pronoun after the second verb is then
attached to it by :mod:`.clitics`: "Sigo olvidándolo" for "Mantengo olvidar lo"). "Used to" of a habit
is the imperfect of "soler" ("Utilizó para vivir en Londres" → "Solía vivir en Londres", ca "Va
soler viure" → "Solia viure", gl "Adoitou vivir" → "Adoitaba vivir").
"""

from __future__ import annotations

import re

from .phrasebook import same_case

#: per mode, the first verb's lemma → (the lemma said, "ger" for a gerund after it or the
#: preposition put between the two)
ASPECT: dict[str, dict[str, tuple[str, str]]] = {
    "eng-spa": {"mantener": ("seguir", "ger"), "seguir": ("seguir", "ger"), "continuar": ("continuar", "ger"),
                "parar": ("dejar", "de"), "acabar": ("acabar", "de"), "terminar": ("terminar", "de"),
                "empezar": ("empezar", "a"), "comenzar": ("comenzar", "a"), "disfrutar": ("disfrutar", "ger")},
    "eng-cat": {"seguir": ("seguir", "ger"), "continuar": ("continuar", "ger"), "parar": ("deixar", "de"),
                "començar": ("començar", "a"), "acabar": ("acabar", "de")},
    "en-gl": {"manter": ("seguir", "ger"), "seguir": ("seguir", "ger"), "continuar": ("continuar", "ger"),
              "arrancar": ("comezar", "a"), "empezar": ("empezar", "a"), "comezar": ("comezar", "a"),
              "acabar": ("acabar", "de"), "terminar": ("terminar", "de"), "parar": ("deixar", "de")},
}

#: per mode, "used to" of a habit as the pair gives it (group 1: its first letter, for the case;
#: group 2: person and number) and the verb whose imperfect says it
USED_TO: dict[str, tuple[re.Pattern[str], str]] = {
    "eng-spa": (re.compile(r"\^([Uu])tilizar<vblex><ifi>(<p[123]><(?:sg|pl)>)\$\s+\^para<pr>\$"
                           r"(?=\s+\^[^<$^]+<vblex>(?:<pron>)?<inf>[$+])"),
                "soler"),
    "eng-cat": (re.compile(r"\^([Aa])nar<vaux>(<p[123]><(?:sg|pl)>)\$\s+\^soler<vblex><inf>\$"), "soler"),
    "en-gl": (re.compile(r"\^([Aa])doitar<vblex><ifi>(<p[123]><(?:sg|pl)>)\$"), "adoitar"),
}

#: "^Lemma<vblex>…$ ^verb<vblex><inf>$", or the gerund the pair kept after an infinitive ("Voy a mantener
#: utilizándolo": "going to keep using it"), with an attached pronoun; the first verb one of ``lemmas`` (a
#: verb before it, "^Ir<vblex>…$ ^mantener<vblex><inf>$", is not a pair that hides the next one)
_PAIR = (r"\^(?P<lemma>(?i:{lemmas}))(?P<tags><vblex>(?:<[^>]+>)*)\$(?P<blank>\s+)"
         r"\^(?P<verb>[^<$^]+<vblex>(?:<pron>)?)<(?:inf|ger)>"
         r"(?P<attached>\+[^$]*)?\$")


def say_aspect_verbs(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with each verb of :data:`ASPECT` before an infinitive
    said as ``mode``'s target says it (see the module's description)."""
    if mode in USED_TO:
        pattern, verb = USED_TO[mode]
        stream = pattern.sub(lambda m: f"^{same_case(m.group(1), verb)}<vblex><pii>{m.group(2)}$", stream)
    table = ASPECT.get(mode)
    if not table:
        return stream

    def said(m: re.Match[str]) -> str:
        lemma = m.group("lemma")
        new, link = table[lemma.lower()]
        first = f"^{same_case(lemma, new)}{m.group('tags')}${m.group('blank')}"
        attached = m.group("attached") or ""
        if link == "ger":
            return f"{first}^{m.group('verb')}<ger>{attached}$"
        return f"{first}^{link}<pr>$ ^{m.group('verb')}<inf>{attached}$"

    return re.sub(_PAIR.format(lemmas="|".join(map(re.escape, table))), said, stream)
