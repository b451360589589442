"""A clause after "before", "so that", "without", "hope" said in the subjunctive, as es, ca and gl say it.

The English pairs keep the indicative after the conjunction ("The man called before we left." → "llamó antes de que
marchamos", gl "antes de que deixamos"; "before you add them" → "antes de que las añades", gl "antes de que
engádelas"), and eng-cat reads "before" there as the preposition of place ("davant vam marxar", "davant
l'afegeixes"). In the transfer's final stream, the verb after es/gl "antes de que", "para que", "sin que" (its
pronouns before it; gl's attached one set before it) takes the subjunctive: the present's for a present or a future,
the imperfect's for a past ("antes de que nos marcháramos", "antes de que las añadas", gl "antes de que os
engadas"); eng-cat's "davant" before a finite verb (and its subject pronoun) is "abans que" with it ("abans que
marxéssim"), and before a noun "abans de" ("abans del sopar"). A clause "hoped" takes it too ("Espero que
disfrutaste" → "Espero que disfrutaras", "Esperamos que vuelven" → "vuelvan"), and so does one a negated "think" or
"believe" holds ("No creo que es una buena idea" → "sea", ca "No crec que sigui"). "As long as" (read "on condition
that", :mod:`.phrasebook`) takes it always ("a condición de que quieras").

A present after "until", "as soon as", "once" speaks of the future, and so does one after "when" in a
sentence whose other verb is a future, an imperative or "going to" ("Te llamaré cuando llego", "Espera
hasta que vuelvo", ca "Digues-me quan arribes"): the present's subjunctive ("cuando llegue", "hasta
que vuelva", "quan arribis"; a past stays: "Esperé hasta que vino"), with es "apenas" and gl
"apenas" ("as soon as"; "barely" to a reader) said "en cuanto", "en canto", es/gl "una vez" "una vez
que".
"""

from __future__ import annotations

import re

from .apertium_stream import replace, sentences

#: a conjunction after which es and gl say the subjunctive
_CONJUNCTION = re.compile(r"^(?:[Aa]ntes de que|[Pp]ara que|[Ss]in que|[Ss]en que|[Aa] condición de que|"
                          r"[Aa] condició que)<cnj(?:adv|sub)>$")
#: a conjunction after which a present speaks of the future (group "soon": one said otherwise, :data:`_SAID`)
_UNTIL = re.compile(r"^(?:[Hh]asta que|[Aa]té que|[Ff]ins que|[Tt]an aviat com|[Uu]na vegada que)<cnjadv>$"
                    r"|^(?P<soon>[Aa]penas)<cnjadv>$")
#: "when" (and "as soon as", "once" to en-gl and eng-spa's adverbs), whose present speaks of the future only in
#: a sentence that does
_WHEN = re.compile(r"^(?:[Cc]u[aá]ndo|[Qq]uan|[Cc]ando)<(?:adv><itg|cnjadv)>$|^(?P<soon>[Aa]penas)<adv>$"
                   r"|^(?P<once>[Uu]na vez|[Uu]nha vez)<adv>$")
#: a future, an imperative, or "going to" (es "ir a", gl "ir" + an infinitive)
_FUTURE = re.compile(r"<(?:fti|imp)>")
_GOING = re.compile(r"^[Ii]r<vblex><pri>")
#: "hope" (es, ca, gl "esperar"), whose clause with "que" is said in the subjunctive ("Espero que te guste")
#: "so that" of a purpose as the pairs say it (es, gl "de modo que", ca "de manera que": a result, to a listener),
#: said "para que" (ca "perquè") with the subjunctive
_SO_THAT = re.compile(r"^(?:[Dd]e modo que|[Dd]e manera que)<cnjadv>$")
_HOPE = re.compile(r"^[Ee]sperar<vblex><(?:pri|ifi|pii|fti|cni)>")
_THAT = re.compile(r"^[Qq]ue<cnjsub>$")
#: "think", "believe" (es "creer", "pensar", ca "creure", gl "crer", "pensar"), whose clause is said in the subjunctive
#: where they are negated ("No creo que es una buena idea" → "sea")
_BELIEVE = re.compile(r"^(?:[Cc]reer|[Pp]ensar|[Cc]reure|[Cc]rer)<vblex><(?:pri|ifi|pii|fti|cni)>")
_SAID = {("eng-spa", "soon"): "en cuanto", ("en-gl", "soon"): "en canto", ("eng-spa", "once"): "una vez que",
         ("en-gl", "once"): "unha vez que"}
_PRESENT = {"pri": "prs"}
#: a verb's tense and what the subjunctive says for it
_TENSES = {"pri": "prs", "fti": "prs", "ifi": "pis", "pii": "pis", "cni": "pis"}
#: a finite verb (group 3: its person and number, and a multiword lemma's tail, gl "gozar# con"; 4: attached pronouns)
_FINITE = re.compile(r"^([^<]+<(?:vblex|vbser|vbmod)>(?:<pron>)?)<(pri|fti|ifi|pii|cni)>((?:<[^>+]+>)*(?:#[^<+$]*)?)"
                     r"(\+.*)?$")
#: eng-cat's periphrastic past: "anar" + person, then the infinitive
_CA_PAST = re.compile(r"^[Aa]nar<vaux>(<p[123]><(?:sg|pl)>)$")
_CA_INFINITIVE = re.compile(r"^([^<]+<(?:vblex|vbser|vbhaver)>(?:<pron>)?)<inf>$")
#: what "davant" (eng-cat's "before") is before where it is a time's: a determiner, a noun, a number
_CA_NOUN = re.compile(r"^[^<]+<(?:det|n|num)>")


def say_subjunctives(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with the verb after a conjunction of :data:`_CONJUNCTION`
    (eng-cat: "davant" before a finite verb) in the subjunctive."""
    edits = []
    for sentence in sentences(stream):
        future = any(_FUTURE.search(u.group(1)) or _going_to(sentence, k) for k, u in enumerate(sentence))
        for i, unit in enumerate(sentence[:-1]):
            if mode == "eng-cat":
                edits.extend(_ca_before(sentence, i))
            if _CONJUNCTION.match(unit.group(1)):
                edits.extend(_subjunctive(sentence, i + 1, mode == "en-gl"))
                continue
            if _SO_THAT.match(unit.group(1)):
                said = "perquè" if mode == "eng-cat" else "para que"
                verb = (_ca_past_subjunctive(sentence, i + 1) if mode == "eng-cat" else []) or _subjunctive(
                    sentence, i + 1, mode == "en-gl")
                said = (said[0].upper() if unit.group(1)[0].isupper() else said[0]) + said[1:]
                edits.extend([(unit.start(), unit.end(), f"^{said}<cnjadv>$")] + verb)
                continue
            doubted = _BELIEVE.match(unit.group(1)) and i and _NOT.match(sentence[i - 1].group(1))
            if (_HOPE.match(unit.group(1)) or doubted) and (_THAT.match(sentence[i + 1].group(1)) or doubted):
                k = i + 2 if _THAT.match(sentence[i + 1].group(1)) else i + 1  # eng-spa's "que" comes later
                said = _ca_past_subjunctive(sentence, k) if mode == "eng-cat" else []
                edits.extend(said or _subjunctive(sentence, k, mode == "en-gl"))
                continue
            until = _UNTIL.match(unit.group(1)) or (_WHEN.match(unit.group(1)) if future else None)
            # (the copula is left: a state's "be" is "estar", which the text rules say only in the indicative)
            verb = _subjunctive(sentence, i + 1, mode == "en-gl", _PRESENT, copula=False) if until else []
            if verb:
                said = next((_SAID.get((mode, k)) for k, v in until.groupdict().items() if v), None)
                edits.extend(([(unit.start(), unit.end(), f"^{said}<cnjadv>$")] if said else []) + verb)
    return replace(stream, sorted(edits))


#: "no" before a clause's verb
_NOT = re.compile(r"^(?:[Nn]o|[Nn]on)<adv>$")
#: a unit of a noun phrase that is a clause's subject ("a condición de que tu jefe acuerda"), or a pronoun (ca "tothom")
_SUBJECT_WORD = re.compile(r"^[^<]+<(?:det|adj|n|np|num)>|^[^<]+<prn><tn>")


def _going_to(sentence: list[re.Match[str]], k: int) -> bool:
    """Unit ``k`` is "ir" in the present before an infinitive (es "a" between): "going to"."""
    if not _GOING.match(sentence[k].group(1)):
        return False
    after = [u.group(1) for u in sentence[k + 1:k + 3]]
    if after and after[0] == "a<pr>":
        after = after[1:]
    return bool(after) and "<inf>" in after[0]


def _verb_after(sentence: list[re.Match[str]], k: int) -> int:
    """The index of the first unit from ``k`` that is no proclitic pronoun nor "no", after a noun phrase
    of up to four words (the clause's subject) ending in a noun or a name."""
    j = k
    while j < len(sentence) and j - k < 4 and _SUBJECT_WORD.match(sentence[j].group(1)):
        j += 1
    if j > k and re.search(r"<(?:n|np)>|<prn><tn>", sentence[j - 1].group(1)):
        k = j
    while k < len(sentence) and ("<prn><pro>" in sentence[k].group(1) or _NOT.match(sentence[k].group(1))):
        k += 1
    return k


def _subjunctive(sentence: list[re.Match[str]], k: int, proclitic: bool, tenses: dict[str, str] = _TENSES,
                 copula: bool = True) -> list[tuple[int, int, str]]:
    """The edit saying the finite verb at or after ``k`` in the subjunctive (``proclitic``: its
    attached pronoun set before it), if its tense is one of ``tenses`` (and, without ``copula``, it is
    no "be")."""
    k = _verb_after(sentence, k)
    verb = _FINITE.match(sentence[k].group(1)) if k < len(sentence) else None
    if verb is None or verb.group(2) not in tenses or (not copula and "<vbser>" in verb.group(1)):
        return []
    said = f"^{verb.group(1)}<{tenses[verb.group(2)]}>{verb.group(3)}$"
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
    verb = _ca_past_subjunctive(sentence, k) or _subjunctive(sentence, k, False)
    return [opened, *verb] if verb else []


def _ca_past_subjunctive(sentence: list[re.Match[str]], k: int) -> list[tuple[int, int, str]]:
    """The edit saying eng-cat's past at or after ``k`` ("anar" + its infinitive) in the imperfect subjunctive."""
    k = _verb_after(sentence, k)
    past = _CA_PAST.match(sentence[k].group(1)) if k < len(sentence) else None
    infinitive = _CA_INFINITIVE.match(sentence[k + 1].group(1)) if past and k + 1 < len(sentence) else None
    if infinitive is None:
        return []
    return [(sentence[k].start(), sentence[k + 1].end(), f"^{infinitive.group(1)}<pis>{past.group(1)}$")]
