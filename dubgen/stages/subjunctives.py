"""A clause after "before", "so that", "without" said in the subjunctive, as es, ca and gl say it.

The English pairs keep the indicative after the conjunction ("The man called before we left." →
"llamó antes de que marchamos", gl "antes de que deixamos"; "before you add them" → "antes de
que las añades", gl "antes de que engádelas"), and eng-cat reads "before" there as the preposition
of place ("davant vam marxar", "davant l'afegeixes"). In the transfer's final stream, the verb
after es/gl "antes de que", "para que", "sin que" (its pronouns before it; gl's attached one set
before it) takes the subjunctive: the present's for a present or a future, the imperfect's for a
past ("antes de que nos marcháramos", "antes de que las añadas", gl "antes de que os engadas");
eng-cat's "davant" before a finite verb (and its subject pronoun) is "abans que" with it ("abans que
marxéssim"), and before a noun "abans de" ("abans del sopar").
"""

from __future__ import annotations

import re

from .apertium_stream import replace, sentences

#: a conjunction after which es and gl say the subjunctive
_CONJUNCTION = re.compile(r"^(?:[Aa]ntes de que|[Pp]ara que|[Ss]in que|[Ss]en que)<cnj(?:adv|sub)>$")
#: a verb's tense and what the subjunctive says for it
_TENSES = {"pri": "prs", "fti": "prs", "ifi": "pis", "pii": "pis"}
_FINITE = re.compile(r"^([^<]+<vblex>(?:<pron>)?)<(pri|fti|ifi|pii)>((?:<[^>+]+>)*)(\+.*)?$")
#: eng-cat's periphrastic past: "anar" + person, then the infinitive
_CA_PAST = re.compile(r"^[Aa]nar<vaux>(<p[123]><(?:sg|pl)>)$")
_CA_INFINITIVE = re.compile(r"^([^<]+<vblex>(?:<pron>)?)<inf>$")
#: what "davant" (eng-cat's "before") is before where it is a time's: a determiner, a noun, a number
_CA_NOUN = re.compile(r"^[^<]+<(?:det|n|num)>")


def say_subjunctives(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with the verb after a conjunction of :data:`_CONJUNCTION`
    (eng-cat: "davant" before a finite verb) in the subjunctive."""
    edits = []
    for sentence in sentences(stream):
        for i, unit in enumerate(sentence[:-1]):
            if mode == "eng-cat":
                edits.extend(_ca_before(sentence, i))
            elif _CONJUNCTION.match(unit.group(1)):
                edits.extend(_subjunctive(sentence, i + 1, mode == "en-gl"))
    return replace(stream, sorted(edits))


def _verb_after(sentence: list[re.Match[str]], k: int) -> int:
    """The index of the first unit from ``k`` that is no proclitic pronoun."""
    while k < len(sentence) and "<prn><pro>" in sentence[k].group(1):
        k += 1
    return k


def _subjunctive(sentence: list[re.Match[str]], k: int, proclitic: bool) -> list[tuple[int, int, str]]:
    """The edit saying the finite verb at or after ``k`` in the subjunctive (``proclitic``: its
    attached pronoun set before it)."""
    k = _verb_after(sentence, k)
    verb = _FINITE.match(sentence[k].group(1)) if k < len(sentence) else None
    if verb is None:
        return []
    said = f"^{verb.group(1)}<{_TENSES[verb.group(2)]}>{verb.group(3)}$"
    attached = verb.group(4) or ""
    if proclitic and attached.count("+") == 1 and "<prn><enc>" in attached:
        said = "^" + attached[1:].replace("<prn><enc>", "<prn><pro>") + "$ " + said
    elif attached:
        said = said[:-1] + attached + "$"
    return [(sentence[k].start(), sentence[k].end(), said)]


def _ca_before(sentence: list[re.Match[str]], i: int) -> list[tuple[int, int, str]]:
    """eng-cat's "davant" at ``i`` before a finite verb (its subject and object pronouns between) as
    "abans que" + the subjunctive, before a noun as "abans de"."""
    if sentence[i].group(1) != "davant<pr>" or i + 1 >= len(sentence):
        return []
    if _CA_NOUN.search(sentence[i + 1].group(1)):  # "davant el sopar": a time before it
        return [(sentence[i].start(), sentence[i].end(), "^abans de<pr>$")]
    # "davant ell plou": the subject pronoun is said by the verb
    subject = i + 1 if "<prn><tn>" in sentence[i + 1].group(1) else i
    k = _verb_after(sentence, subject + 1)
    if k >= len(sentence):
        return []
    opened = (sentence[i].start(), sentence[subject].end(), "^abans<adv>$ ^que<cnjsub>$")
    past = _CA_PAST.match(sentence[k].group(1))
    infinitive = _CA_INFINITIVE.match(sentence[k + 1].group(1)) if past and k + 1 < len(sentence) else None
    if infinitive:
        return [opened, (sentence[k].start(), sentence[k + 1].end(), f"^{infinitive.group(1)}<pis>{past.group(1)}$")]
    verb = _subjunctive(sentence, k, False)
    return [opened, *verb] if verb else []
