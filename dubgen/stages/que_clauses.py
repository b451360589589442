"""A verb of telling, asking, wanting or needing with an object and "to" + verb, as a clause.

English says what one wants of someone with the verb's object and an infinitive: "She asked
me to help her", "They want me to stay", "Tell him to call me". Apertium's English pairs give
"para"/"per" + infinitive ("Me pidió para ayudarle", ca "Em va preguntar per ajudar-li", gl
"Quérenme para ficar"); the targets say it with "que" and the subjunctive, the object being the
clause's subject: "Me pidió que le ayudara", "Quieren que me quede", "Dile que me llame", ca
"Em va demanar que li ajudés", gl "Queren que fique". In the transfer's final stream (before
generation) the infinitive takes the subjunctive of the object's person, imperfect after a past
verb and present otherwise; its object pronouns come before it; the object of wanting and
needing leaves the first verb (it is the clause's subject), that of telling and asking stays. The first
verb may follow a modal ("¿Le puedes pedir que me llame?"), and the object of telling and asking may be a
noun phrase, the clause's verb then in its third person ("Pregunta a alguien más para ayudar" → "Pide a alguien
más que ayude", "Di a los niños que esperen"; ca and gl with the "a" they need: "Vaig demanar al meu germà
que vingués").
"""

from __future__ import annotations

import re
from typing import Optional

from .apertium_stream import LU, replace
from .phrasebook import same_case

#: per mode: the first verb's lemma → (the lemma said, whether its object pronoun stays with it)
VERBS: dict[str, dict[str, tuple[str, bool]]] = {
    "eng-spa": {"decir": ("decir", True), "pedir": ("pedir", True), "preguntar": ("pedir", True),
                "querer": ("querer", False), "necesitar": ("necesitar", False)},
    "eng-cat": {"dir": ("dir", True), "preguntar": ("demanar", True), "demanar": ("demanar", True),
                "voler": ("voler", False), "necessitar": ("necessitar", False)},
    "en-gl": {"dicir": ("dicir", True), "preguntar": ("pedir", True), "pedir": ("pedir", True),
              "querer": ("querer", False), "necesitar": ("necesitar", False)},
}
MODES = frozenset(VERBS)
#: the preposition the pairs put before the infinitive
_TO = {"eng-spa": "para", "eng-cat": "per", "en-gl": "para"}
#: tenses of a first verb after which the clause's verb is in the imperfect subjunctive
_PAST = frozenset({"ifi", "pii", "cni", "pis"})
_PRESENT = frozenset({"pri", "fti", "imp", "prs"})
#: a reflexive pronoun before a verb, by person and number (es and gl "me", "se")
REFLEXIVE_PRONOUNS = {"p1sg": "prpers<prn><pro><p1><mf><sg>", "p2sg": "prpers<prn><pro><p2><mf><sg>",
                    "p1pl": "prpers<prn><pro><p1><mf><pl>", "p2pl": "prpers<prn><pro><p2><mf><pl>",
                    "p3": "se<prn><pro><ref><p3><mf><sp>"}
_REFLEXIVE = {"eng-spa": REFLEXIVE_PRONOUNS, "en-gl": REFLEXIVE_PRONOUNS}

#: a verb: lemma, tags and any pronouns attached after it ("+prpers<prn><enc>…")
_VERB = re.compile(r"(?P<lemma>[^<+]+)(?P<tags><(?:vblex|vbser|vbmod|vbhaver)>(?:<[^>]+>)*)(?P<enc>(?:\+[^+]+)*)")
_PERSON = re.compile(r"<(p[123])>(?:<[^>]+>)*?<(sg|pl|sp)>")


def _person(tags: str) -> Optional[str]:
    m = _PERSON.search(tags)
    if m is None:
        return None
    return m.group(1) + ("sg" if m.group(2) == "sp" else m.group(2))


def _tense(tags: str) -> Optional[str]:
    for t in re.findall(r"<([a-z]+)>", tags):
        if t in _PAST:
            return "pis"
        if t in _PRESENT:
            return "prs"
    return None


def say_que_clauses(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with each "VERB OBJECT para INFINITIVE" of :data:`VERBS`
    said as "VERB que SUBJUNCTIVE" (see the module's description)."""
    verbs = VERBS.get(mode)
    if not verbs:
        return stream
    units = list(LU.finditer(stream))
    edits: list[tuple[int, int, str]] = []
    for i, u in enumerate(units):
        if u.group(1) != f"{_TO[mode]}<pr>" or i == 0 or i + 1 >= len(units):
            continue
        edit = _clause(stream, units, i, verbs, mode) or _noun_object_clause(stream, units, i, verbs, mode)
        if edit is not None and (not edits or edit[0] >= edits[-1][1]):
            edits.append(edit)
    return replace(stream, edits)


def _clause(stream: str, units: list[re.Match[str]], i: int, verbs: dict[str, tuple[str, bool]],
            mode: str) -> Optional[tuple[int, int, str]]:
    """The edit for the preposition at ``units[i]``, or None where the pattern does not hold."""
    first, second = units[i - 1], units[i + 1]
    v1, v2 = _VERB.fullmatch(first.group(1)), _VERB.fullmatch(second.group(1))
    if v1 is None or v2 is None or "<inf>" not in v2.group("tags") or v1.group("lemma").lower() not in verbs:
        return None
    if stream[first.end():units[i].start()].strip() or stream[units[i].end():second.start()].strip():
        return None  # something other than blanks between the units
    said, keeps = verbs[v1.group("lemma").lower()]
    tags, enc = v1.group("tags"), v1.group("enc")
    k = i - 1  # the verb group's first unit: the first verb, its auxiliary, its object before them
    tense = _tense(tags)
    if "<inf>" in tags or "<ger>" in tags:  # ca's past "va preguntar", a gerund "estoy pidiéndote"
        aux = _VERB.fullmatch(units[k - 1].group(1)) if k >= 1 else None
        if k >= 1 and "<inf>" in tags and _CA_PAST.fullmatch(units[k - 1].group(1)):
            tense = "pis"
        elif aux is not None and "<ger>" in tags and aux.group("lemma").lower() == "estar":
            tense = _tense(aux.group("tags"))
        elif aux is not None and "<inf>" in tags and "<vbmod>" in aux.group("tags"):  # "Le puedes pedir"
            tense = _tense(aux.group("tags"))
        else:
            return None
        k -= 1
    obj: Optional[str] = None
    *rest, last = enc.split("+") if enc else [""]
    if "<prn><enc>" in last and "<ref>" not in last:  # attached after the verb (gl, imperatives, gerunds)
        obj = last
        if not keeps:
            enc = "+".join(rest)
    start = head = units[k].start()
    if obj is None:
        if k < 1 or "<prn><pro>" not in units[k - 1].group(1) or "<ref>" in units[k - 1].group(1):
            return None
        obj = units[k - 1].group(1)
        start = units[k - 1].start()
        head = start if keeps else units[k].start()  # the object of wanting leaves ("Me quieren" → "Quieren")
    person = _person(obj)
    clause = _said_clause(v2, person, tense, mode) if tense and person else None
    if clause is None:
        return None
    verb = f"^{same_case(v1.group('lemma'), said)}{tags}{enc}$"
    group = f"{stream[head:first.start()]}{verb}"
    if head != start and stream[start + 1:start + 2].isupper():  # the dropped pronoun began the sentence
        group = group[:1] + group[1:2].upper() + group[2:]
    return start, second.end(), f"{group} ^que<cnjsub>$ {clause}"


def _said_clause(v2: re.Match[str], person: str, tense: str, mode: str) -> Optional[str]:
    """The infinitive ``v2`` as the clause's verb in ``tense`` and ``person``, its pronouns before it."""
    lemma, kind = v2.group("lemma"), v2.group("tags")[:v2.group("tags").index(">") + 1]
    # its pronouns before it, in the same order ("ayudar+prpers<prn><enc>…" → "prpers<prn><pro>…")
    before = [e.replace("<enc>", "<pro>", 1) for e in v2.group("enc").split("+") if e and "<ref>" not in e]
    if "<pron>" in v2.group("tags"):
        if mode not in _REFLEXIVE:
            return None
        lemma = lemma[:-2] if lemma.endswith("se") else lemma
        before.insert(0, _REFLEXIVE[mode].get(person, _REFLEXIVE[mode]["p3"]))
    return " ".join([f"^{p}$" for p in before] + [f"^{lemma}{kind}<{tense}><{person[:2]}><{person[2:]}>$"])


#: eng-cat's periphrastic past ("va preguntar"); a modal or "ir" before an infinitive
_CA_PAST = re.compile(r"[Aa]nar<vaux><p[123]><(?:sg|pl)>")
_MODAL = re.compile(r"^[^<]+<vbmod>|^[Ii]r<vblex>")
#: a unit of a noun phrase told or asked something: determiner, possessive, adjective, number, noun, name,
#: pronoun ("alguien"), "más"
_NOUN_PHRASE = re.compile(r"^[^<]+<(?:det|adj|num|n|np)>|^[^<]+<prn><tn>|^(?:más|més|máis)<adv>$")
_NUMBER = re.compile(r"<(sg|pl)>")


def _noun_object_clause(stream: str, units: list[re.Match[str]], i: int, verbs: dict[str, tuple[str, bool]],
                        mode: str) -> Optional[tuple[int, int, str]]:
    """The edit for the preposition at ``units[i]`` after a verb of telling or asking and its noun-phrase
    object, or None where the pattern does not hold."""
    j = i - 1
    while j >= 0 and i - j <= 5 and _NOUN_PHRASE.match(units[j].group(1)):
        j -= 1
    if j == i - 1 or j < 0 or i + 1 >= len(units):
        return None
    noun = j + 1
    marked = units[j].group(1) == "a<pr>"
    verb_at = j - 1 if marked else j
    v1, v2 = _VERB.fullmatch(units[verb_at].group(1)), _VERB.fullmatch(units[i + 1].group(1))
    if v1 is None or v2 is None or "<inf>" not in v2.group("tags") or v1.group("enc") \
            or not verbs.get(v1.group("lemma").lower(), ("", False))[1]:
        return None
    tags, tense = v1.group("tags"), _tense(v1.group("tags"))
    if "<inf>" in tags:
        aux = units[verb_at - 1].group(1) if verb_at >= 1 else ""
        if aux == "a<pr>" and verb_at >= 2:  # es "vamos a pedir"
            aux = units[verb_at - 2].group(1)
        tense = "pis" if _CA_PAST.fullmatch(aux) else (_tense(aux) if _MODAL.match(aux) else None)
    number = _NUMBER.findall(" ".join(u.group(1) for u in units[noun:i]))
    clause = _said_clause(v2, "p3" + number[-1], tense, mode) if tense and number else None
    if clause is None or any(stream[a.end():b.start()].strip()
                             for a, b in zip(units[verb_at:i + 1], units[verb_at + 1:i + 2])):
        return None
    said = f"^{same_case(v1.group('lemma'), verbs[v1.group('lemma').lower()][0])}{tags}$"
    told = stream[units[verb_at].end():units[i - 1].end()]
    if not marked and mode != "eng-spa":  # ca, gl: "demanar a algú"
        told = " ^a<pr>$" + told
    return units[verb_at].start(), units[i + 1].end(), f"{said}{told} ^que<cnjsub>$ {clause}"
