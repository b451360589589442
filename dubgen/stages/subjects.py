"""A third person's verb after its subject, read as a verb by Apertium's English pairs.

The English tagger reads a verb in -s after a singular noun as a plural noun of a compound
("My brother works in a bank." → "Mis obras de hermano en un banco.", "The train leaves at
six." → "Las hojas de tren en seis.", "My sister lives in Madrid." → "Mis vidas de hermana…").
Where a clause opens with a determiner and a singular noun (adjectives and nouns between them
allowed: "my little sister", "the bus driver"), the word after it that can be a verb of the
third person singular keeps only that reading, unless the word after that can be a verb too
("The water bottles are empty.": there the compound is the subject). After "this" or "that"
(a singular demonstrative, or the conjunction), such a word is the verb unless a verb follows
it ("I know that books are…"): "This works." was "Estas funciones.", "That makes sense." ca
"Aquell sentit de marques.", "This means a lot." "Este medio mucho."; a word after "this" that can be
a singular noun, with a verb of the third person after it (and adverbs), is that noun ("where this
phone really shines" was "donde esto telefonea realmente brillos"). After a plural noun so
opened, a word that can be the present of a verb is that verb ("The kids play football on
Sundays." → "El fútbol de juego de los niños los domingos.").

"it", "you" and "her" after a verb and before a preposition, a place or time adverb or the
clause's end are its object, not the subject of a clause or a possessive ("I left it in the
kitchen." → "dejé él en la cocina", "I saw you at the park." → "Vi tú en el parque", "I met her
at a party." → "Cumplí su en una fiesta"): they keep only their object reading.
So does "do" before such an object: it is the verb, not the auxiliary ("I did it for them." →
"Yo lo para ellos", "We did it together." → "Nosotros él junto").

After "let" and an object pronoun, a word that can be an infinitive is one, and the pronoun the
object ("Let it rest." → "Déjalo resto.", "Don't let it burn." → "No lo dejes quemadura.", "They
let us stay." → "Nos dejaron estancia."); "let" itself, where it opens the sentence or follows
"and", "then", "or" or a comma, is the imperative's infinitive ("Stir it and let it cook" → "…y
dejado lo cocinero"; now "y déjalo cocinar").

An -ing adjective of how a thing strikes one (:data:`STRIKING`: "amazing", "interesting",
"boring"…), after "be" (and adverbs) and before the clause's end, a preposition or a conjunction,
is the adjective: "It is amazing." → "Está asombrando.", "It is interesting." → "Está
interesando." ("She is amazing everyone" keeps its verb; "We are working." is not one). A
word after "be" (and adverbs) that can be a past or a participle is the participle: "we were
already soaked" was "éramos ya empapó", "I think we're lost" "Creo que estamos perder".

After "look", "seem", "appear", "become", "remain" or "feel" (and adverbs), a word that can be an
adjective is one where the clause ends or a preposition, conjunction or adverb follows ("You look
tired" → "Pareces cansado", with :data:`.english_pairs.PREFERRED`'s "parecer"; "It feels light" →
"Se siente ligero"; but feeling "good" or "bad" is "bien", "mal"), and so is "good" after "be"
("The food is good here" was "La comida es bien aquí").

"yet" ending its clause is the adverb ("encara"), not the conjunction (ca "tot i així").

"I" before a word that can be a verb is the pronoun, not the Roman numeral ("what I want" was
"qué I quiere", the verb in the third person), unless a name is before it ("Henry I"); after a subject
pronoun and "just", "only", "really"…, a word that can be its verb is ("I just need to" was ca "Jo
necessitat justa per").
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .apertium_stream import (INFINITIVE, NOUN, SUBJECT, VERB, keeping, noun_phrase_end, only, replace, sentence_units,
                             sentences, surface_readings)
from .liking import PEOPLE
from .phrasebook import ANY_MARK

#: readings that open a clause before its subject ("and my brother…", "because the train…", "how much")
_CLAUSE_OPENER = re.compile(r"<(?:cm|cnjcoo|cnjsub|cnjadv|adv|itg|preadv)>")  # "how": "how<preadv>/how<adv><itg>"
_DETERMINER = re.compile(r"<det>")
_SINGULAR_DEMONSTRATIVE = re.compile(r"<det><dem><sg>")
_NOUN_SG = re.compile(r"<n><sg>")
_MODIFIER = re.compile(r"<(?:adj|n><sg)>")
_VERB_3SG = re.compile(r"<vblex><(?:pri|pres)><p3><sg>")  # eng-spa, en-gl: pri; eng-cat: pres
_NOUN_PL = re.compile(r"<n><pl>")
_VERB_PRESENT = re.compile(r"<vblex><pres>$")  # the present of a plural subject
#: words between the determiner and the verb at most ("the old bus driver")
_MAX_NOUN_PHRASE = 3


def _opens_clause(words: list[re.Match[str]], i: int) -> bool:
    """Unit ``i`` opens its sentence or follows a comma, conjunction or adverb."""
    if i == 0:
        return True
    _, before = surface_readings(words[i - 1])
    return only(before, _CLAUSE_OPENER)


def _ends_in_this_or_that(unit: re.Match[str]) -> bool:
    """The unit is a singular demonstrative, or a verb taking "that" ("think that", eng-spa's one unit)."""
    surface, readings = surface_readings(unit)
    return any(_SINGULAR_DEMONSTRATIVE.search(r) for r in readings) or surface.lower().endswith(" that")


def keep_subject_verbs(stream: str) -> str:
    """The analysis ``stream`` with each clause's verb after a determiner + singular noun read
    as the verb of the third person singular (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        words = sentence_units(sentence)
        for i, unit in enumerate(words):
            if i + 1 < len(words) and _ends_in_this_or_that(unit):
                surface, readings = surface_readings(words[i + 1])
                verb = [r for r in readings if _VERB_3SG.search(r)]
                k = i + 2
                while k < len(words) - 1 and only(surface_readings(words[k])[1], _ADVERB_ONLY):
                    k += 1  # "this phone really shines": the verb is after the adverbs
                after = surface_readings(words[k])[1] if k < len(words) else []
                if verb and len(verb) < len(readings) and not (after and (all(VERB.search(r) for r in after) or (
                        k > i + 2 and any(_VERB_3SG.search(r) for r in after)))):
                    edits.append(keeping(words[i + 1], verb[:1]))
                    continue
                noun = [r for r in readings if _NOUN_SG.search(r)]
                this = [r for r in surface_readings(unit)[1] if _SINGULAR_DEMONSTRATIVE.search(r)]
                then = [r for r in after if _VERB_3SG.search(r)]
                if this and noun and not verb and len(noun) < len(readings) and then:
                    # "this phone really shines" was "esto telefonea realmente brillos": the noun's verb
                    edits.append(keeping(unit, this))
                    edits.append(keeping(words[i + 1], noun))
                    edits.append(keeping(words[k], then[:1]))
                    continue
            if not (_opens_clause(words, i) and any(_DETERMINER.search(r) for r in surface_readings(unit)[1])):
                continue
            for j in range(i + 1, min(len(words), i + 2 + _MAX_NOUN_PHRASE)):
                surface, readings = surface_readings(words[j])
                verb = [r for r in readings if _VERB_3SG.search(r)]
                present = [r for r in readings if _VERB_PRESENT.search(r)]
                if (present and any(_NOUN_SG.search(r) for r in readings) and j > i + 1
                        and any(_NOUN_PL.search(r) for r in surface_readings(words[j - 1])[1])):
                    after = surface_readings(words[j + 1])[1] if j + 1 < len(words) else []
                    if not only(after, VERB):  # "The kids play football" (not "The kids play is…")
                        edits.append(keeping(words[j], present[:1]))
                    break
                if verb and any(_NOUN_PL.search(r) for r in readings) and j > i + 1:
                    after = surface_readings(words[j + 1])[1] if j + 1 < len(words) else []
                    if (any(_NOUN_SG.search(r) for r in surface_readings(words[j - 1])[1])
                            and not any(VERB.search(r) for r in after)):
                        edits.append(keeping(words[j], verb[:1]))
                    break
                if not any(_MODIFIER.search(r) or _NOUN_PL.search(r) for r in readings):
                    break
    return replace(stream, edits)


_AUXILIARY = re.compile(r"<(?:vbser|vbhaver|vbmod|vaux|vbdo)>")
#: a unit that is a clause's finite verb whatever the tagger says
_FINITE_ONLY = re.compile(_AUXILIARY.pattern + r"|<vblex><(?:past|pres|pri)>")


def _past_or_participle(readings: list[str]) -> bool:
    """The readings hold a lexical verb's past and its participle ("arrived", "happened")."""
    return any(_PAST.search(r) for r in readings) and any(_PARTICIPLE.search(r) for r in readings)


#: words that open another clause whatever else the tagger may read them as ("while": "a while")
_SUBORDINATORS = frozenset("while when because since until before after although though unless whereas".split())


def keep_pasts_after_subjects(stream: str) -> str:
    """The analysis ``stream`` with a word after a noun phrase that opens its clause read as the
    simple past where it is a past or a participle and the clause has no other verb: "A young
    woman arrived with two suitcases" was "Una mujer joven llegada con dos maletas"; so is a verb
    after "what" its subject ("No sé qué pasados" → "lo que pasó", "¿Qué pasó?")."""
    edits = []
    for sentence in sentences(stream):
        units = sentence_units(sentence)
        words = [surface_readings(m) for m in units]
        for i, (_, readings) in enumerate(words):
            if words[i][0].lower() == "what" and i + 1 < len(words) and _past_or_participle(words[i + 1][1]) \
                    and only(words[i + 1][1], VERB):
                # "what happened": the pronoun and its past ("qué pasados", the determiner and a participle)
                pronoun = [r for r in readings if ("<prn><itg>" if i == 0 else "<rel>") in r]  # "Sé lo que pasó"
                if pronoun:
                    edits.append(keeping(units[i], pronoun))
                    edits.append(keeping(units[i + 1], [r for r in words[i + 1][1] if _PAST.search(r)]))
                continue
            if not (_opens_clause(units, i) and any(_DETERMINER.search(r) for r in readings)):
                continue
            end = noun_phrase_end(words, i, lambda r: _past_or_participle(r) and not any(_AUXILIARY.search(x) for x in r),
                                  4)  # "had" is the perfect's
            if end is None:
                continue
            rest = words[end + 1:]
            clause_end = next((k for k, (w, r) in enumerate(rest)
                               if only(r, _CLAUSE_OPENER) or w.lower() in _SUBORDINATORS), len(rest))
            if not any(all(_FINITE_ONLY.search(x) for x in r) for _, r in rest[:clause_end]):
                edits.append(keeping(units[end], [r for r in words[end][1] if _PAST.search(r)][:1]))
    return replace(stream, edits)


#: what may follow an object "it"/"you" (a subject is followed by its verb), a phrase's mark too ("I need it by
#: Friday": en-gl read the subject, "Necesito el para o venres")
_AFTER_OBJECT = re.compile(r"<(?:pr|sent|cm)>|^(?:here|there|now|today|yesterday|tomorrow|back|away|again|too|as|as well|"
                           r"anymore|together|later|soon|first)/|^" + ANY_MARK.pattern + "/", re.IGNORECASE)
_OBJECT = re.compile(r"<prn><obj>")


def keep_object_pronouns(stream: str) -> str:
    """The analysis ``stream`` with "it" / "you" / "her" after a verb and before a preposition, an adverb of
    :data:`_AFTER_OBJECT` or the clause's end read as the verb's object (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            if surface.lower() not in ("it", "you", "her") or not any(_OBJECT.search(r) for r in readings):
                continue
            before = surface_readings(sentence[i - 1])[1]
            after = sentence[i + 1].group(1)
            verb = [r for r in before if "<vblex>" in r]
            if verb and _AFTER_OBJECT.search(after):
                edits.append(keeping(sentence[i], [r for r in readings if _OBJECT.search(r)]))
                if any("<vbdo>" in r for r in before):  # "did it": the verb "do"
                    edits.append(keeping(sentence[i - 1], verb))
                    edits.sort()
    return replace(stream, edits)


_LET = frozenset({"let", "lets", "letting"})
#: words after which "let" is told, not said of a subject ("…and let it cook", "Then let it rest")
_BEFORE_TOLD = frozenset({"and", "then", "or", ","})


def keep_let_infinitives(stream: str) -> str:
    """The analysis ``stream`` with the word after "let" + an object pronoun read as an infinitive
    (and the pronoun as the object) where it can be one, and a told "let" as its infinitive (see the
    module's description)."""
    edits: dict[int, tuple[int, int, str]] = {}  # by start: a unit edited twice ("let us let them go") once
    for sentence in sentences(stream):
        for i in range(2, len(sentence)):
            let, let_readings = surface_readings(sentence[i - 2])
            pronoun, pronoun_readings = surface_readings(sentence[i - 1])
            objects = [r for r in pronoun_readings if _OBJECT.search(r)]
            word, readings = surface_readings(sentence[i])
            verb = [r for r in readings if INFINITIVE.search(r)]
            if let.lower() not in _LET or not objects or not verb:
                continue
            if i == 2 or surface_readings(sentence[i - 3])[0].lower() in _BEFORE_TOLD:
                told = [r for r in let_readings if INFINITIVE.search(r)]
                if told:
                    edits[sentence[i - 2].start()] = keeping(sentence[i - 2], told[:1])
            edits[sentence[i - 1].start()] = keeping(sentence[i - 1], objects)
            edits[sentence[i].start()] = keeping(sentence[i], verb[:1])
    return replace(stream, [edits[k] for k in sorted(edits)])


#: verbs of perceiving or making, after which an object's verb is the bare infinitive ("watched the car disappear")
_PERCEIVES = frozenset("watch watches watched watching see sees saw seeing hear hears heard hearing make makes made "
                       "making".split())


def keep_perceived_infinitives(stream: str) -> str:
    """The analysis ``stream`` with the word after a verb of perceiving and its noun-phrase object
    read as the infinitive where it can be one: "watched the car disappear" was "miró el coche
    desaparece"."""
    edits = []
    for sentence in sentences(stream):
        units = sentence_units(sentence)
        words = [surface_readings(m) for m in units]
        for i, (surface, _) in enumerate(words):
            if surface.lower() not in _PERCEIVES or i + 2 >= len(words) or not any(
                    _DETERMINER.search(r) for r in words[i + 1][1]):
                continue
            end = noun_phrase_end(words, i + 1, lambda r: any(INFINITIVE.search(x) for x in r), 4)
            if end is not None:
                verb = [r for r in words[end][1] if INFINITIVE.search(r)]
                if len(verb) < len(words[end][1]) and not any("<n>" in r or "<adj>" in r for r in words[end][1]):
                    nouns = [r for r in words[end - 1][1] if NOUN.search(r)]
                    if len(nouns) < len(words[end - 1][1]):  # the tagger loses the noun's context: "el automovilístico"
                        edits.append(keeping(units[end - 1], nouns))
                    edits.append(keeping(units[end], verb[:1]))
    return replace(stream, edits)


_SUBJECT_I = re.compile(r"<prn><subj><p1>")


def keep_pronoun_i(stream: str) -> str:
    """The analysis ``stream`` with "I" before a verb read as the pronoun, not the Roman numeral
    ("what I want" → "qué I quiere"), unless a name is before it ("Henry I was king")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            if surface != "I" or len(readings) < 2 or not any(_SUBJECT_I.search(r) for r in readings):
                continue
            if i and any("<np>" in r for r in surface_readings(sentence[i - 1])[1]):
                continue
            if any(VERB.search(r) for r in surface_readings(sentence[i + 1])[1]):
                edits.append(keeping(sentence[i], [r for r in readings if _SUBJECT_I.search(r)]))
    return replace(stream, edits)


#: adverbs that stand between a subject pronoun and its verb ("I just need", "we really want", "she always says")
_BETWEEN_ADVERBS = frozenset("just only really also still always never usually actually even already simply "
                             "often sometimes probably definitely".split())
#: a reading that a subject's verb is not: a noun, an adjective, a participle ("come" after "I always")
_NOT_FINITE = re.compile(r"<(?:n|adj)>|<vblex><pp>")
#: a subject pronoun, and whether it is of the third person singular (its verb's finite readings: the third
#: singular's or any past; others': the present or any past)
_PRONOUN_PERSON = re.compile(r"<prn><subj><(?:(p3)><(?:m|f|nt)><sg>|p[123]>)")


def keep_verbs_after_adverbs(stream: str) -> str:
    """The analysis ``stream`` with the word after a subject pronoun (a plural noun, "who") and one or two adverbs
    (:data:`_BETWEEN_ADVERBS`) that can be its verb or a noun, an adjective or a participle read as
    that verb, the adverbs as adverbs (eng-cat's tagger read "I just need to" as an adjective and a
    noun: "Jo necessitat justa per")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 2):
            who, subject = surface_readings(sentence[i])
            pronoun = [m for r in subject if (m := _PRONOUN_PERSON.search(r))]
            # "families still run them", "people still work there", "the kids who still play"
            any_number = only(subject, _NOUN_PL) or who.lower() == "who"
            if not pronoun and not any_number:
                continue
            k = i + 1
            while k < len(sentence) - 1 and k - i <= 2 \
                    and surface_readings(sentence[k])[0].lower() in _BETWEEN_ADVERBS:
                k += 1
            if k == i + 1:
                continue
            third = not any_number and any(m.group(1) for m in pronoun)
            finite = re.compile(r"<vblex><(?:past|(?:pri|pres)><p3><sg)>" if third else r"<vblex><(?:past|pres|pri)>")
            readings = surface_readings(sentence[k])[1]
            verbs = [r for r in readings if finite.search(r)]
            if not verbs or not any(_NOT_FINITE.search(r) for r in readings):  # "leave" (infinitive or present) is left
                continue
            for j in range(i + 1, k):
                adverbs = [r for r in surface_readings(sentence[j])[1] if "<adv>" in r]
                if adverbs:
                    edits.append(keeping(sentence[j], adverbs))
            edits.append(keeping(sentence[k], verbs))
    return replace(stream, edits)


_ADJECTIVE = re.compile(r"<adj>")
#: -ing adjectives of how a thing strikes one
STRIKING = frozenset("""amazing interesting exciting boring surprising confusing annoying disappointing terrifying
frightening embarrassing tiring relaxing fascinating inspiring shocking touching charming refreshing satisfying
overwhelming promising encouraging worrying depressing entertaining challenging rewarding stunning exhausting
frustrating astonishing breathtaking thrilling amusing disgusting convincing misleading intimidating
puzzling alarming appealing""".split())
_GERUND = re.compile(r"<vblex><(?:ger|pprs)>")
_BE = re.compile(r"<vbser>")
#: "be", or "get" into a state ("I got really annoyed": not the past "molestó")
_BE_OR_GET = re.compile(r"<vbser>|^get<vblex>")
_ADVERB_ONLY = re.compile(r"<(?:adv|preadv)>")
#: what may follow a predicate adjective: the clause's end, a preposition, a conjunction
_AFTER_ADJECTIVE = re.compile(r"<(?:sent|cm|pr|cnjcoo|cnjsub|cnjadv)>")


def _before_adverbs(sentence: list[re.Match[str]], i: int, loose: bool = False) -> int:
    """The index of the unit before unit ``i`` and the adverbs just before it ("were already"); ``loose``: also
    words that can be adverbs and a floating "all"/"both" ("is still closed", "were all sold")."""
    j = i - 1
    while j > 0 and (only(surface_readings(sentence[j])[1], _ADVERB_ONLY) or loose and (
            surface_readings(sentence[j])[0].lower() in ("all", "both")
            or any(_ADVERB_ONLY.search(r) for r in surface_readings(sentence[j])[1]))):
        j -= 1
    return j


def _keep_adjectives_after_be(stream: str, words: frozenset[str], other: re.Pattern[str],
                              stays: Optional[Callable[[str, list[re.Match[str]], int], bool]] = None) -> str:
    """The analysis ``stream`` with each word of ``words`` that has an adjective reading and one ``other`` matches read
    as the adjective after "be" (and adverbs) where the clause ends or a preposition or conjunction follows, but
    where ``stays`` (the word, its sentence, the index of "be") says it stays."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            adjective = [r for r in readings if _ADJECTIVE.search(r)]
            if surface.lower() not in words or not adjective or not any(other.search(r) for r in readings):
                continue
            j = _before_adverbs(sentence, i)
            after = surface_readings(sentence[i + 1])[1]
            if any(_BE.search(r) for r in surface_readings(sentence[j])[1]) and after \
                    and all(_AFTER_ADJECTIVE.search(r) for r in after) and not (stays and stays(surface, sentence, j)):
                edits.append(keeping(sentence[i], adjective))
    return replace(stream, edits)


def keep_predicate_adjectives(stream: str) -> str:
    """The analysis ``stream`` with each -ing adjective of :data:`STRIKING` after "be" read as
    the adjective where the clause ends or a preposition or conjunction follows (see the
    module's description)."""
    return _keep_adjectives_after_be(stream, STRIKING, _GERUND)


#: what opens a clause before its subject pronoun: the sentence's start, a comma, a conjunction
_CLAUSE_OPEN = re.compile(r"<(?:cm|cnjcoo|cnjsub|cnjadv)>")
_PRESENT = re.compile(r"<vblex><pres>")
_INF_OR_IMPERATIVE = re.compile(r"<vblex><(?:inf|imp)>")


def keep_presents_after_pronouns(stream: str) -> str:
    """The analysis ``stream`` with a verb right after "we"/"they" opening a clause (and adverbs) read as the
    present where the tagger could read it as the infinitive (ca "We arrive at six" was "Arriba a sis", an
    imperative); after "do"/"will" or a modal the pronoun does not open its clause and the verb stays."""
    edits = []
    for sentence in sentences(stream):
        words = [surface_readings(u) for u in sentence]
        for i in range(len(words) - 2):
            surface, readings = words[i]
            if surface.lower() not in ("we", "they") or not any(SUBJECT.search(r) for r in readings):
                continue
            if i > 0 and not any(_CLAUSE_OPEN.search(r) for r in words[i - 1][1]):
                continue
            k = i + 1
            while k < len(words) - 1 and only(words[k][1], _ADVERB_ONLY) and not any("+" in r for r in words[k][1]):
                k += 1
            present = [r for r in words[k][1] if _PRESENT.search(r)]
            if any("+" in r or r.lower().startswith("do<") for r in words[k][1]):
                continue  # "do", "don't": do-support, its own rules
            if present and any(_INF_OR_IMPERATIVE.search(r) for r in words[k][1]) \
                    and all(_PRESENT.search(r) or _INF_OR_IMPERATIVE.search(r) for r in words[k][1]):
                edits.append(keeping(sentence[k], present))
    return replace(stream, edits)


#: adjectives the analyser also reads as adverbs, said as the adverb after "be" ("La sala es cochinamente",
#: "rápidamente", "directamente", "mucho tiempo")
DESCRIBED = frozenset("dirty fast slow high low straight long".split())
_IT = re.compile(r"^prpers<prn><subj><p3><nt>|(?:^|\+)not<adv>", re.IGNORECASE)
_NOT_ADJECTIVE = re.compile(r"^(?!.*<adj>)")


def keep_described_adjectives(stream: str) -> str:
    """The analysis ``stream`` with each word of :data:`DESCRIBED` after "be" (and adverbs) read as the adjective where
    the clause ends or a preposition or conjunction follows; "it won't be long" (a time) stays."""
    def stays(surface: str, sentence: list[re.Match[str]], j: int) -> bool:
        return surface.lower() == "long" and j > 0 and any(_IT.search(r) for r in surface_readings(sentence[j - 1])[1])
    return _keep_adjectives_after_be(stream, DESCRIBED, _NOT_ADJECTIVE, stays)


_PARTICIPLE = re.compile(r"<vblex><pp>")
_PAST = re.compile(r"<vblex><past>")


def keep_passive_participles(stream: str) -> str:
    """The analysis ``stream`` with a word after "be" or "get" (and adverbs) that can be a verb's past or
    its participle read as the participle ("we were already soaked" → "éramos ya empapó")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence)):
            surface, readings = surface_readings(sentence[i])
            participle = [r for r in readings if _PARTICIPLE.search(r)]
            if not participle or not any(_PAST.search(r) for r in readings):
                continue
            j = _before_adverbs(sentence, i, loose=True)
            if only(surface_readings(sentence[j])[1], _BE_OR_GET):
                edits.append(keeping(sentence[i], participle))
    return replace(stream, edits)


#: verbs (and adjectives) that take "to" + an infinitive
_TAKES_TO = frozenset("""need needs needed want wants wanted try tries tried trying going used decide decides decided
plan plans planned planning hope hopes hoped start starts started begin begins began forget forgot remember learn
learned learnt seem seems seemed like liked love loved hate hated able ready have has had got agree agreed refuse
refused promise promised continue continued prefer preferred wish manage managed afford deserve intend expect
expected tend tends happy glad supposed""".split())


def keep_infinitives_after_to(stream: str) -> str:
    """The analysis ``stream`` with the word after "want to", "have to" (read as one modal) or
    after a verb that takes "to" and "to" read as the infinitive where it can be one: "I want to
    talk about the trip" was "Quiero charla sobre el viaje", "We have to work" "Tenemos que
    trabajo". A capitalised word there is a name ("I talked to Mark")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence)):
            word, readings = surface_readings(sentence[i])
            verb = [r for r in readings if INFINITIVE.search(r)]
            if not verb or len(verb) == len(readings) or word[:1].isupper():
                continue
            before, before_readings = surface_readings(sentence[i - 1])
            modal = bool(before_readings) and all("# to" in r for r in before_readings)
            taking = before.lower() == "to" and i > 1 and surface_readings(sentence[i - 2])[0].lower() in _TAKES_TO
            if modal or taking:
                edits.append(keeping(sentence[i], verb))
    return replace(stream, edits)


def keep_nouns_before_that(stream: str) -> str:
    """The analysis ``stream`` with a word between a determiner and "that" read as the noun
    where it can be one: "the car that I bought" was "el automovilístico que compré", "The food
    that she made" "El alimentario que hizo" (the tagger took the noun's adjective reading)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            word, readings = surface_readings(sentence[i])
            nouns = [r for r in readings if NOUN.search(r)]
            if nouns and len(nouns) < len(readings) and surface_readings(sentence[i + 1])[0].lower() == "that" \
                    and only(surface_readings(sentence[i - 1])[1], _DETERMINER):
                edits.append(keeping(sentence[i], nouns))
    return replace(stream, edits)


def keep_near_prepositions(stream: str) -> str:
    """The analysis ``stream`` with "near" after a noun, an imperative or opening the sentence, and before a
    determiner, a name or an object pronoun, read as the preposition: "a village near the coast" was "un pueblo se
    acerca la costa", "Near the house there is a lake" "Acercarse la casa…" (the verb)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            preposition = [r for r in readings if r.lower() == "near<pr>"]  # "Near<pr>" opening a sentence
            if surface.lower() != "near" or not preposition:
                continue
            before = surface_readings(sentence[i - 1])[1] if i else []
            after = surface_readings(sentence[i + 1])[1]
            if (i == 0 or any(NOUN.search(r) for r in before) or any("<vblex><imp>" in r for r in before)) and any(
                    re.search(r"<det>|<np>|<prn><obj>", r) for r in after):
                edits.append(keeping(sentence[i], preposition))
    return replace(stream, edits)


#: times said by an adverb that "until" may reach ("until tomorrow": "hasta que mañana")
_TIME_ADVERBS = frozenset("tomorrow yesterday today tonight now then later recently noon midnight".split())


def keep_time_prepositions(stream: str) -> str:
    """The analysis ``stream`` with "since"/"until" before a determiner, a number, a name or a noun (and "until"
    before a time's adverb) read as the preposition: "busy since Christmas" was "ocupados desde entonces Navidad"
    (the adverb), "Wait until tomorrow" "Espera hasta que mañana" (the conjunction)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            preposition = [r for r in readings if r.lower() == f"{surface.lower()}<pr>"]
            after, following = surface_readings(sentence[i + 1])
            if surface.lower() in ("since", "until") and preposition and len(preposition) < len(readings) and not any(
                    SUBJECT.search(r) for r in following) and (
                    any(re.search(r"<det>|<np>|<num>|<n>", r) for r in following)
                    or not following and after[:1].isupper() or after.lower() == "last"
                    or surface.lower() == "until" and after.lower() in _TIME_ADVERBS):
                edits.append(keeping(sentence[i], preposition))
    return replace(stream, edits)


def keep_nouns_after_of(stream: str) -> str:
    """The analysis ``stream`` with a word after "of" read as the noun where it can be one and is
    no gerund or adjective: "a bottle of water" was "una botella de abrevar" (the tagger took
    "water" the verb; "a pair of good shoes" stays)."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence)):
            readings = surface_readings(sentence[i])[1]
            nouns = [r for r in readings if NOUN.search(r)]
            if nouns and len(nouns) < len(readings) and not any("<ger>" in r or "<adj>" in r for r in readings) \
                    and surface_readings(sentence[i - 1])[0].lower() == "of":
                edits.append(keeping(sentence[i], nouns))
    return replace(stream, edits)


#: a word that ends a noun phrase: a preposition, a conjunction, a mark, the sentence's end
_PHRASE_END = re.compile(r"<(?:pr|cnjcoo|cnjsub|cnjadv|cm|sent)>")


#: what opens a noun phrase whose one word may be read as an adjective
_ARTICLES = frozenset("the a an my your his her our their this that these those".split())


def keep_nouns_after_articles(stream: str) -> str:
    """The analysis ``stream`` with a word between "the", "a" or a possessive and the end of its phrase (a
    preposition, a conjunction, a mark) read as the noun where it can be one or an adjective ("be at
    the school by 8:30" was "en el escolares antes de", the tagger's adjective; "my car to" "mi automovilístico")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            readings = surface_readings(sentence[i])[1]
            nouns = [r for r in readings if NOUN.search(r)]
            if nouns and len(nouns) < len(readings) and all(NOUN.search(r) or "<adj>" in r for r in readings) \
                    and surface_readings(sentence[i - 1])[0].lower() in _ARTICLES \
                    and any(_PHRASE_END.search(r) for r in surface_readings(sentence[i + 1])[1]):
                edits.append(keeping(sentence[i], nouns))
    return replace(stream, edits)


#: verbs whose object a state follows ("Keep the curtains open", "Leave the door closed")
_KEEPS = frozenset("keep keeps kept keeping leave leaves left leaving".split())


def keep_object_adjectives(stream: str) -> str:
    """The analysis ``stream`` with a word after "keep"/"leave" and its object read as the
    adjective where it can be one and is no adverb: "Keep the curtains open" was "Mantén las
    cortinas abren" ("They left the house early" stays)."""
    edits = []
    for sentence in sentences(stream):
        units = sentence_units(sentence)
        words = [surface_readings(m) for m in units]
        for i, (surface, _) in enumerate(words):
            if surface.lower() not in _KEEPS:
                continue
            end = noun_phrase_end(words, i + 1, lambda r: any(_ADJECTIVE.search(x) for x in r), 4)
            if end is not None and i + 1 < end:
                readings = words[end][1]
                adjectives = [r for r in readings if _ADJECTIVE.search(r)]
                if len(adjectives) < len(readings) and not any("<adv>" in r for r in readings):  # "left it early"
                    edits.append(keeping(units[end], adjectives))
    return replace(stream, edits)


#: "be" and a temperature read as one verb: eng-spa's "be cold" is "pasar frío", how a person feels
_BE_TEMPERATURE = re.compile(r"^be<vblex>((?:<[^>]+>)+)# (cold|hot|warm)$")


def keep_things_cold(stream: str) -> str:
    """The analysis ``stream`` with "is cold" after a noun split into "be" and the adjective: a
    thing is cold, a person feels it ("The water is cold" was "El agua pasa frío"; "The kids were
    cold" stays "pasaron frío")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence)):
            surface, readings = surface_readings(sentence[i])
            matches = [m for m in map(_BE_TEMPERATURE.match, readings) if m]
            before = surface_readings(sentence[i - 1])[1]
            if matches and len(matches) == len(readings) and " " in surface \
                    and any(NOUN.search(r) and r.split("<")[0].lower() not in PEOPLE for r in before):
                be, adjective = surface.rsplit(" ", 1)
                bes = "/".join(f"be<vbser>{m.group(1)}" for m in matches)
                edits.append((sentence[i].start(), sentence[i].end(),
                              f"^{be}/{bes}$ ^{adjective}/{matches[0].group(2)}<adj><sint>$"))
    return replace(stream, edits)


#: verbs of how a thing seems, whose complement the targets say as an adjective ("parece cansado", "se siente
#: ligero"; the senses' "sounds good", "smells good" they say with an adverb, "suena bien", "huele bien")
_LINKING = re.compile(r"^(?:seem|look|appear|become|remain|feel)<vblex>")
#: what one feels well or badly, said with an adverb ("me siento bien", not "bueno")
_FELT_AS_ADVERB = frozenset({"good", "fine", "well", "bad", "great"})
#: what may follow such an adjective: the clause's end, a preposition, a conjunction, an adverb ("so
#: far"), a phrase's mark (an unknown word)
_AFTER_LINKED = re.compile(r"<(?:sent|cm|pr|cnjcoo|cnjsub|cnjadv|adv|preadv)>|^\*")
#: adjectives the tagger reads as adverbs after "be" too ("The food is good here" → "es bien aquí",
#: "not as good as they claim" → "no tan bien como")
_ADVERB_TOO = frozenset({"good"})


def _takes_adjective(verb: list[str], word: str) -> bool:
    """A verb of seeming with these readings takes ``word`` as an adjective (feeling "good" is said
    "bien"), or "be" does ("good")."""
    if any(_LINKING.search(r) for r in verb):
        return not (word in _FELT_AS_ADVERB and any(r.startswith("feel<") for r in verb))
    return word in _ADVERB_TOO and any(_BE.search(r) for r in verb)


def keep_linking_adjectives(stream: str) -> str:
    """The analysis ``stream`` with a word after a verb of seeming (and adverbs) read as the
    adjective where it can be one and the clause ends or a preposition, conjunction or adverb
    follows: "The numbers look good so far" was "parecen bien" or "parecen buenos" as the tagger
    chose after the sentences before, "You look tired" "Miras cansó" where "tired" was read as a past;
    "good" after "be" too ("The food is good here" was "La comida es bien aquí")."""
    edits = []
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            word, readings = surface_readings(sentence[i])
            adjective = [r for r in readings if _ADJECTIVE.search(r)]
            if not adjective or len(adjective) == len(readings):
                continue
            j = _before_adverbs(sentence, i)
            if j > 0 and surface_readings(sentence[j])[0].lower() == "as":  # "as good as"
                j = _before_adverbs(sentence, j)
            after = surface_readings(sentence[i + 1])[1]
            if _takes_adjective(surface_readings(sentence[j])[1], word.lower()) and after \
                    and all(_AFTER_LINKED.search(r) for r in after):
                edits.append(keeping(sentence[i], adjective))
    return replace(stream, edits)


_CLAUSE_END = re.compile(r"<(?:sent|cm)>")


#: words that end their clause, and the reading they then have: "yet" the adverb, not the conjunction ("I
#: haven't tested them yet" was ca "No els he tastat tot i així", nevertheless); "that"/"this" the pronoun, not
#: the relative, after a verb ("Who was that?" was "¿Quién era que?")
_CLAUSE_FINAL = {"yet": re.compile(r"<adv>$"), "that": re.compile(r"<prn><(?:tn|dem)>"),
                 "this": re.compile(r"<prn><(?:tn|dem)>")}


def keep_clause_final_words(stream: str) -> str:
    """The analysis ``stream`` with a word of :data:`_CLAUSE_FINAL` that ends its clause read as
    the table says."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 1):
            word, readings = surface_readings(sentence[i])
            final = _CLAUSE_FINAL.get(word.lower())
            kept = [r for r in readings if final.search(r)] if final else []
            after_verb = i > 0 and any(VERB.search(r) for r in surface_readings(sentence[i - 1])[1])
            if word.lower() != "yet" and not after_verb:
                continue  # "that" after a verb ("Who was that?"; after "on" the pairs say it as they should)
            if kept and len(kept) < len(readings) and only(surface_readings(sentence[i + 1])[1], _CLAUSE_END):
                edits.append(keeping(sentence[i], kept))
    return replace(stream, edits)


#: what "only"/"just" counts or picks out: a number, a determiner ("only forty children", "just a few")
_COUNTED = re.compile(r"<(?:num|det)>")


def keep_having_only(stream: str) -> str:
    """The analysis ``stream`` with "has"/"have"/"had" before "only" or "just" (or a phrase's mark) and a
    number or a determiner read as the verb of having, and the "only" as the adverb: "The school has only forty
    children" was "La escuela ha sólo cuarenta niños" (the auxiliary), ca "té única quaranta"."""
    edits = []
    for sentence in sentences(stream):
        for i in range(len(sentence) - 2):
            word, readings = surface_readings(sentence[i])
            adverb_word, adverb = surface_readings(sentence[i + 1])
            marked = bool(ANY_MARK.fullmatch(adverb_word))  # the phrasebook's "just a few" ("solo")
            if word.lower() not in ("has", "have", "had") or not (marked or adverb_word.lower() in ("only", "just")) \
                    or not any(_COUNTED.search(r) for r in surface_readings(sentence[i + 2])[1]):
                continue
            having = [r for r in readings if "<vblex>" in r]
            if having and len(having) < len(readings):
                edits.append(keeping(sentence[i], having))
            adverbs = [r for r in adverb if r.endswith("<adv>")]
            if adverbs and len(adverbs) < len(adverb):
                edits.append(keeping(sentence[i + 1], adverbs))
    return replace(stream, sorted(edits))
