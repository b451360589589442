"""Forms a word of es, ca and gl takes from its neighbours, where the English pairs' transfer left another.

- A verb after a preposition is an infinitive: the pairs keep English's gerund ("She left without saying
  goodbye." → ca "sense dient adéu"; "about" read as a quantity's: "We talked about leaving." → "aproximadamente
  marchando"): "sense dir", "sobre marchar".
- A passive's participle takes its auxiliary's number (and, made plural, the gender of the first plural noun
  of its clause): a participle after "and", outside its subject's chunk, stayed singular
  ("Goods arrived by boat and were sold in the market." → "fueron vendido", ca "van ser venut").
- A participle sharing a passive's auxiliary after "and" is the passive's participle in its gender and number ("The
  church was damaged and rebuilt." → ca "va ser danyada … i reconstruït"): "reconstruïda".
- "one of" a feminine plural is feminine ("a uno de nuestras tiendas" → "a una de").
- "the white ones" is the adjective alone, in the number of "ones" and the gender of what it stands for ("Could I
  try the white ones?" → "el blanco unos"): "los blancos"; "a new (one)" is singular ("un nuevos" → "un nuevo").
- "next"/"last" before a number and a plural noun agree with the noun ("for the next two hours" → "para el
  próximo dos horas", ca "pel pròxim dues hores"): "las próximas dos horas".
- A clause after a comma and "which" says "que", and its verb and what it says of the noun agree with that noun
  ("My car, which is red," → ca "El meu carro, els quals són vermells,"; "The house, which was built in 1900," → "La
  casa, el cual fue construido"): "que és vermell", "que fue construida". Where the noun opens the sentence, so do
  the verb and predicate after the clause ("The bridges, which are old, are closed." → "Los puentes, …, está
  cerrado"): "están cerrados". A "which" after an indefinite noun phrase, or one whose verb or adjective says it
  stands for what was said ("I lost the keys, which was annoying"), is left. After a relative clause of the noun
  phrase that opens the sentence, the main verb and its predicate agree with that noun ("The families who lived here
  were rich." → "Las familias que vivieron aquí era rico"): "eran ricas".
- eng-cat's verb after "who" is the third person singular whatever the noun ("the people who live here" → "les
  persones que viu aquí"): it takes the noun's number (:func:`ca_relative_number`), where the English shows the
  relative is the subject (a verb right after "who").

Each works on the transfer's final stream ("^lemma<tags>$"), before generation.
"""

from __future__ import annotations

import re
from typing import Optional

from .apertium_stream import NOUN_FORM, replace, sentences, surface_readings

#: the finite tenses of the transfer's verbs
_TENSES = "pri|ifi|pii|fti|cni|prs|pis"
_PREPOSITION = re.compile(r"^[^<]+<pr>$")
#: "about" read as the adverb of a quantity before a gerund ("talked about leaving": "aproximadamente marchando")
_ABOUT = re.compile(r"^[Aa]proximadamente?<adv>$")
#: eng-cat's "before", "after" before a gerund, as adverbs ("Ans marxant", "Després menjant"): "Abans de", "Després de"
_CA_BEFORE_AFTER = {"ans": "abans de", "després": "després de"}
_CA_ADVERBS = frozenset(f"{w}<adv>" for w in _CA_BEFORE_AFTER)
#: a gerund with any attached pronouns (group 1: up to the tag)
_GERUND = re.compile(r"^([^<]+<(?:vblex|vbser|vbhaver|vbmod)>(?:<pron>)?)<ger>")
#: a passive's auxiliary, finite (group "number") or ca's "anar" + person + "ser" (the infinitive follows)
_AUXILIARY = re.compile(rf"^(?:[Ss]er<vbser>|[Ee]star<vblex>)<(?:{_TENSES})><p[123]><(?P<number>sg|pl)>$"
                        r"|^[Aa]nar<vaux><p[123]><(?P<ca>sg|pl)>$")
_INFINITIVE_SER = re.compile(r"^[Ss]er<vbser><inf>$")
_ADVERB = re.compile(r"^[^<]+<adv>$")
#: "all", "both" between a passive's auxiliary and its participle ("were all sold")
_FLOATING = re.compile(r"^(?:tod|tot|amb)[^<]*<(?:prn|predet|det)>")
_PARTICIPLE = re.compile(r"^([^<]+<vblex><pp>)<(m|f|mf)><(sg|pl)>$")
#: a plural noun (its gender)
_PLURAL_NOUN = re.compile(r"^[^<]+<n><(m|f)><pl>$")
_AND = re.compile(r"^(?:y|i|e)<cnjcoo>$")
#: where a clause opens after: a subordinating conjunction, a relative, a comma ("and" keeps the subject)
_CLAUSE_OPENS = re.compile(r"^[^<]+<(?:cnjsub|cnjadv|rel)>|^,<cm>$")
#: "next", "last" as the pairs say them, before a number
_ORDER = re.compile(r"^(?:(?:[Pp]r[óò]xim|[Úú]ltim)o?|[Ss]iguiente|[Ss]eg[üu]ent|[Ss]eguinte|[Pp]asado|[Pp]assat)"
                    r"<adj>(?:<sup>)?<(?:m|f|mf)><(?:sg|pl)>$")
#: an article, alone or joined to a preposition (ca "pel"; group 1: up to its gender)
_DETERMINER = re.compile(r"^((?:[^<]+<pr>\+)?[^<]+<det><def>)<(?:m|f|mf)><(?:sg|pl)>$")
_NUMBER = re.compile(r"^[^<]+<num>(?:<[^>]+>)*$")

#: "which" after a comma (es "el cual", ca "el qual", gl "o cal")
_WHICH = re.compile(r"^(?:[Ee]l cual|[Ee]l qual|[Oo] cal)<rel><(?:nn|an)><(?:m|f|mf)><(?:sg|pl)>$")
_NOUN_PHRASE_WORD = re.compile(r"^[^<]+<(?:det|adj|num)>")
#: a relative "que" ("who", "that")
_THAT = re.compile(r"^[Qq]ue<(?:rel|cnjsub)>")
#: the determiners a noun phrase "which" may stand for opens with: "the", "my", "this"
_DEFINITE = re.compile(r"^[^<]+<det><(?:def|pos|dem)>")
_FINITE_NUMBER = re.compile(r"<p3><(sg|pl)>$")
#: a finite verb (group 1: up to its number) or ca's "anar" of the past
_FINITE = re.compile(rf"^([^<]+<(?:vblex|vbser|vbmod)>(?:<pron>)?<(?:{_TENSES})><p3>)<(?:sg|pl)>$"
                     r"|^([Aa]nar<vaux><p3>)<(?:sg|pl)>$")
#: a finite verb of any person
_ANY_FINITE = re.compile(rf"^[^<]+<(?:vblex|vbser|vbmod|vbhaver)>(?:<pron>)?<(?:{_TENSES})><p[123]><(?:sg|pl)>$"
                         r"|^[Aa]nar<vaux><p[123]><(?:sg|pl)>$")
#: what a verb says of its subject: an adjective, a participle (group 1: up to its gender)
_PREDICATE = re.compile(r"^([^<]+<(?:adj|vblex><pp)>(?:<sup>)?)<(?:m|f|mf)><(?:sg|pl)>$")
_BETWEEN = re.compile(r"^[^<]+<adv>$|^[Ss]er<vbser><inf>$")


def agree(stream: str) -> str:
    """The transfer's final ``stream`` with the forms of the module's description."""
    said = sentences(stream)
    edits: list[tuple[int, int, str]] = _adjectives_for_ones(said)
    for sentence in said:
        units = [u.group(1) for u in sentence]
        for i, unit in enumerate(units):
            if i and (g := _GERUND.match(unit)) and (_PREPOSITION.match(units[i - 1]) or _ABOUT.match(units[i - 1])
                                                      or units[i - 1].lower() in _CA_ADVERBS):
                edits.append(_edit(sentence[i], g.group(1) + "<inf>" + unit[g.end():]))
                edits.extend(_as_preposition(sentence[i - 1], units[i - 1]))
            elif (edit := _passive_participle(sentence, units, i)) is not None:
                edits.append(edit)
            elif _WHICH.match(unit) and i >= 2:
                edits.extend(_relative_clause(sentence, units, i))
            elif _THAT.match(unit) and i >= 2:
                edits.extend(_main_verb_after_relative(sentence, units, i))
            elif (part := _PARTICIPLE.match(unit)) and i >= 3 and _AND.match(units[i - 1]):
                edits.extend(_shared_participle(sentence, units, i, part))
            elif _ORDER.match(unit):
                edits.extend(_ordered_count(sentence, units, i))
            elif (one := _ONE_OF.match(unit)) and i + 3 < len(units) and units[i + 1] == "de<pr>" and (
                    noun := NOUN_FORM.match(units[i + 3] if "<det>" in units[i + 2] else units[i + 2])) \
                    and noun.groups() == ("f", "pl"):
                edits.append(_edit(sentence[i], f"{one.group(1)}<f><sg>"))  # "uno de nuestras tiendas": "una de"
    return replace(stream, sorted(edits))


#: "one" before "of" (group 1: up to its gender)
_ONE_OF = re.compile(r"^((?:[Uu]no|[Uu]n)<prn><tn>)<m><sg>$")
#: "one"/"ones" after an adjective: the pairs' pronoun ("uno", ca/gl "un") or numeral ("un")
_ONE = re.compile(r"^(?:uno|un)<prn><tn><(?:m|f|mf)><(sg|pl)>$|^(?:uno|un)<num><m><sg>$")
#: a determiner, a number or an adjective before "one" (group 1: up to its gender, 2: its gender)
_BEFORE_ONE = re.compile(r"^([^<]+<(?:det><(?:def|ind|dem|pos)|num|adj(?:><sup)?|n)>)<(m|f|mf)><(?:sg|pl)>$")
_OPENS_PHRASE = re.compile(r"^[^<]+<(?:det><(?:def|ind|dem|pos)|num)>")
#: an adjective in the plural after "a" with no noun (group 1: up to its number)
_LONE_PLURAL = re.compile(r"^([^<]+<adj><(?:m|f|mf)>)<pl>$")
_A = re.compile(r"^[^<]+<det><ind><(?:m|f|mf)><sg>$")
#: what may follow "one" where it stands for a noun: the end of a clause, a preposition, a relative, a verb
_AFTER_ONE = re.compile(r"^[^<]+<(?:sent|cm|pr|rel|cnjcoo|cnjsub|adv|vblex|vbser|vbmod)>")


def _adjectives_for_ones(said: list[list[re.Match[str]]]) -> list[tuple[int, int, str]]:
    """Edits saying "the white ones", "two new ones" as the adjective alone ("el blanco unos" → "los blancos", "dos
    nuevo unos" → "dos nuevos"): "one" dropped, its determiner and adjective in its number and, for "ones", in the
    gender of the last noun of its sentence or the one before (the things it stands for), masculine where there is
    none ("the next one" may stand for what was never said). (The phrasebook drops a singular "one" after the
    everyday adjectives before the transfer.) ``said``: the stream's sentences."""
    edits: list[tuple[int, int, str]] = []
    for s, sentence in enumerate(said):
        units = [u.group(1) for u in sentence]
        for i, content in enumerate(units):
            if (lone := _LONE_PLURAL.match(content)) and i and _A.match(units[i - 1]) and (
                    i + 1 == len(units) or _AFTER_ONE.match(units[i + 1])):
                edits.append(_edit(sentence[i], lone.group(1) + "<sg>"))  # "a new (one)": "un nuevos"
            one = _ONE.match(content)
            if not one or i < 2 or not _OPENS_PHRASE.match(units[i - 2]) or (
                    i + 1 < len(units) and not _AFTER_ONE.match(units[i + 1])):
                continue
            det, adj = (_BEFORE_ONE.match(units[k]) for k in (i - 2, i - 1))
            if det is None or adj is None:
                continue
            before = [u.group(1) for u in (said[s - 1] if s else [])] + units[:i - 2]
            number = one.group(1) or "sg"
            gender = next((n.group(1) for u in reversed(before) if (n := NOUN_FORM.match(u)) and n.group(1) != "mf"),
                          "m") if number == "pl" else adj.group(2).replace("mf", "m")
            said_as = adj.group(1).replace("<n>", "<adj>")  # "red" read as the colour's noun: the adjective
            edits += [_edit(sentence[i - 2], f"{det.group(1)}<{gender if det.group(2) != 'mf' else 'mf'}><{number}>"),
                      _edit(sentence[i - 1], f"{said_as}<{gender if adj.group(2) != 'mf' else 'mf'}><{number}>"),
                      (sentence[i].start(), sentence[i].end(), "")]
    return edits


def _noun_before(units: list[str], k: int) -> tuple[int, Optional[re.Match[str]]]:
    """The index of the unit before ``k`` past any adjectives ("prisión vieja"), and its match as a noun (None where
    it is no noun, or there is none)."""
    n = k - 1
    while n >= 0 and "<adj>" in units[n]:
        n -= 1
    return n, (NOUN_FORM.match(units[n]) if n >= 0 else None)


def _relative_clause(sentence: list[re.Match[str]], units: list[str], r: int) -> list[tuple[int, int, str]]:
    """Edits for the "which" at ``r`` (see the module), where a noun (and its adjectives) stands before its comma."""
    n, noun = _noun_before(units, r - 1)
    noun = noun if units[r - 1] == ",<cm>" else None
    first = n
    while first > 0 and _NOUN_PHRASE_WORD.match(units[first - 1]):
        first -= 1
    if noun is None or noun.group(1) == "mf" or not _DEFINITE.match(units[first]):
        return []  # "a night, which is not bad", "22 graus, which was perfect": what was said, maybe
    gender, number = noun.group(1), noun.group(2)
    end = next((k for k in range(r + 1, len(units)) if units[k] == ",<cm>" or "<sent>" in units[k]), len(units))
    said = _said_of(sentence, units, r + 1, end, gender, number)
    opens = first == 0
    verb = _FINITE_NUMBER.search(units[said[0][3]]) if said else None
    # said of what happened: a singular verb after a plural noun ("the keys, which was annoying"; eng-cat's "which"
    # is plural for either number, "My car, which is red" → "els quals són"), an adjective after an object ("the
    # bus, which was annoying")
    if not said or (verb and verb.group(1) == "sg" and number == "pl") or (
            not opens and len(said) > 1 and "<adj>" in units[said[1][3]]):
        return []
    edits = [_edit(sentence[r], "que<rel><an><mf><sp>")] + [e[:3] for e in said]
    if opens and end < len(units) and units[end] == ",<cm>":
        edits += [e[:3] for e in _said_of(sentence, units, end + 1, len(units), gender, number)]
    return edits


def _main_verb_after_relative(sentence: list[re.Match[str]], units: list[str], r: int) -> list[tuple[int, int, str]]:
    """Edits giving the sentence's main verb (the second finite verb after the relative "que" at ``r``, right after a
    noun: the first is the relative clause's) and its predicate the gender and number of the noun phrase that opens
    the sentence before "que" ("The families who lived here were rich." → "Las familias que vivieron aquí era rico")."""
    n, noun = _noun_before(units, r)
    if noun is None or noun.group(1) == "mf" or not all(_NOUN_PHRASE_WORD.match(u) for u in units[:n]) or n == 0:
        return []
    finite = [k for k in range(r + 1, len(units)) if _ANY_FINITE.match(units[k])]
    if len(finite) < 2 or not _FINITE.match(units[finite[1]]) or any(
            _CLAUSE_OPENS.match(u) for u in units[r + 1:finite[1]]):
        return []
    return [e[:3] for e in _said_of(sentence, units, finite[1], len(units), noun.group(1), noun.group(2))]


def _said_of(sentence: list[re.Match[str]], units: list[str], start: int, end: int, gender: str,
             number: str) -> list[tuple[int, int, str, int]]:
    """Edits (and each unit's index) giving the first finite verb in ``units[start:end]`` ``number``, and the
    adjective or participle right after it (adverbs, ca's "ser" between) ``gender`` and ``number``."""
    for k in range(start, min(end, len(units))):
        verb = _FINITE.match(units[k])
        if verb is None:
            if _NOUN_PHRASE_WORD.match(units[k]) or NOUN_FORM.match(units[k]):
                return []  # a subject of its own
            continue
        edits = [(*_edit(sentence[k], f"{verb.group(1) or verb.group(2)}<{number}>"), k)]
        j = k + 1
        while j < end and _BETWEEN.match(units[j]):
            j += 1
        if j < end and (said := _PREDICATE.match(units[j])):
            kept = "mf" if "<mf>" in units[j] else gender  # "fuerte", "feliç": one form for both
            edits.append((*_edit(sentence[j], f"{said.group(1)}<{kept}><{number}>"), j))
        return edits
    return []


def _edit(unit: re.Match[str], content: str) -> tuple[int, int, str]:
    """The edit replacing ``unit`` with ``content`` ("lemma<tags>")."""
    return unit.start(), unit.end(), f"^{content}$"


def _as_preposition(unit: re.Match[str], content: str) -> list[tuple[int, int, str]]:
    """The edit saying an adverb before a gerund (:data:`_ABOUT`, :data:`_CA_BEFORE_AFTER`) as its preposition."""
    if _PREPOSITION.match(content):
        return []
    said = "sobre" if _ABOUT.match(content) else _CA_BEFORE_AFTER[content[:content.index("<")].lower()]
    return [_edit(unit, (said[0].upper() if content[0].isupper() else said[0]) + said[1:] + "<pr>")]


def _passive_participle(sentence: list[re.Match[str]], units: list[str], i: int) -> "tuple[int, int, str] | None":
    """The edit giving the participle after the auxiliary at ``i`` its number (see the module)."""
    aux = _AUXILIARY.match(units[i])
    if aux is None:
        return None
    number = aux.group("number") or aux.group("ca")
    k = i + 1
    if aux.group("ca"):
        if k >= len(units) or not _INFINITIVE_SER.match(units[k]):
            return None
        k += 1
    between = k
    while k < len(units) and (_ADVERB.match(units[k]) or _FLOATING.match(units[k])):
        k += 1
    part = _PARTICIPLE.match(units[k]) if k < len(units) else None
    if part is None:
        return None
    opens = max((b + 1 for b in range(i) if _CLAUSE_OPENS.match(units[b])), default=0)
    subject = next((n for u in units[opens:i] if (n := NOUN_FORM.match(u))), None)
    if k > between and subject and subject.group(2) == number and subject.group(1) != "mf":
        said = subject.groups()  # words between hid the subject from its participle ("és encara tancat")
    elif number == "pl" and part.group(3) != "pl":
        said = (next((n.group(1) for u in units[opens:i] if (n := _PLURAL_NOUN.match(u))), part.group(2)), "pl")
    else:
        return None
    return None if said == part.group(2, 3) else _edit(sentence[k], f"{part.group(1)}<{said[0]}><{said[1]}>")


def _shared_participle(sentence: list[re.Match[str]], units: list[str], i: int,
                       part: re.Match[str]) -> list[tuple[int, int, str]]:
    """The edit giving a participle after "and" with no auxiliary of its own (at ``i``) the gender and number of the
    passive's participle before it ("Las casas fueron construidas … y vendidos" → "vendidas")."""
    for k in range(i - 2, 0, -1):
        if (before := _PARTICIPLE.match(units[k])) and (_AUXILIARY.match(units[k - 1]) or _INFINITIVE_SER.match(
                units[k - 1])):
            said = before.group(2, 3)
            return [] if said == part.group(2, 3) else [_edit(sentence[i], f"{part.group(1)}<{said[0]}><{said[1]}>")]
        if "<sent>" in units[k] or _CLAUSE_OPENS.match(units[k]):
            break
    return []


def _ordered_count(sentence: list[re.Match[str]], units: list[str], i: int) -> list[tuple[int, int, str]]:
    """Edits giving "next"/"last" at ``i`` (and its article before it) the gender and number of the
    plural noun after the number that follows it."""
    if i + 2 >= len(units) or not _NUMBER.match(units[i + 1]) or not (noun := NOUN_FORM.match(units[i + 2])) \
            or noun.group(2) != "pl" or noun.group(1) == "mf":
        return []
    gender = noun.group(1)
    edits = [_edit(sentence[i], re.sub(r"<(?:m|f|mf)><(?:sg|pl)>$", f"<{gender}><pl>", units[i]))]
    if i and (det := _DETERMINER.match(units[i - 1])) is not None:
        edits.insert(0, _edit(sentence[i - 1], f"{det.group(1)}<{gender}><pl>"))
    return edits


_CA_RELATIVE = re.compile(r"^(?:[Qq]ue|[Qq]ui)<rel>")
_FINITE_ENGLISH = re.compile(r"<(?:vblex|vbser|vbhaver|vbdo)><(?:pres|pri|past)>|<vbmod>")
_NOT_A_VERB = re.compile(r"<(?:prn|det|np)>")


def _verb_follows(words: list[tuple[str, list[str]]], i: int) -> bool:
    """A finite verb is at ``words[i]`` or after adverbs there ("who still live"), not a subject of its own."""
    while i < len(words) and any("<adv>" in r for r in words[i][1]) and not any(
            _FINITE_ENGLISH.search(r) for r in words[i][1]):
        i += 1
    readings = words[i][1] if i < len(words) else []
    return any(_FINITE_ENGLISH.search(r) for r in readings) and not any(_NOT_A_VERB.search(r) for r in readings)


def ca_relative_number(analysed: str, stream: str) -> str:
    """eng-cat's final ``stream`` with the verb of each relative clause whose subject is "who" (a finite verb right
    after it in ``analysed``, the English analysis) in the number of the noun before it, in each sentence whose
    "who"s and relatives correspond one to one."""
    said, final = sentences(analysed), sentences(stream)
    if len(said) != len(final):
        return stream
    edits: list[tuple[int, int, str]] = []
    for english, units in zip(said, final):
        words = [surface_readings(u) for u in english]
        subject = [_verb_follows(words, i + 1) for i in range(len(words)) if words[i][0].lower() == "who"]
        content = [u.group(1) for u in units]
        relatives = [k for k, c in enumerate(content) if _CA_RELATIVE.match(c)]
        if len(subject) != len(relatives):
            continue
        for k, is_subject in zip(relatives, subject):
            noun = _noun_before(content, k)[1] if is_subject else None
            v = k + 1
            while v < len(content) and ("<prn><pro>" in content[v] or _ADVERB.match(content[v])):
                v += 1
            verb = _FINITE.match(content[v]) if noun and v < len(content) else None
            if verb and not content[v].endswith(f"<{noun.group(2)}>"):
                edits.append(_edit(units[v], f"{verb.group(1) or verb.group(2)}<{noun.group(2)}>"))
    return replace(stream, edits)
