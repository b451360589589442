"""Verbs English says without an object that the targets say with a reflexive pronoun.

The English pairs translate "sit down" as "sentar" ("She sat down." → "Sentó.", gl "Sentou."),
"wake up" as "despertar" ("Despertó temprano", ca "Va despertar aviat"), "move to" a place as
"mover" ("Movimos a Madrid"), "calm down" as "amansar" (to tame), ca "stay" as "quedar" ("Va
quedar a casa"), each without the pronoun the target says them with.
After the lexical selection such a verb's translation is given the pair's reflexive form (es and
gl: the lemma + "se", ca: the lemma, each tagged ``<pron>``, as the pairs' own "levantarse" and
"aixecar" are), so that the transfer writes its pronoun in the subject's person and place ("Se
sentó", "Nos sentamos", "Es va despertar", gl "Sentouse", "Non me sentei"); before generation the
lemma is given back as the generator knows it.
"""

from __future__ import annotations

import re

#: an object after a verb in the lexical selection's stream (its English side): a determiner, an object pronoun, a
#: noun, a name, a number
_OBJECT = r"\s*\^[^/$]*<(?:det|n|np|num|prn><obj)>"
#: a place moved to: a name, or a home ("to Madrid", "into a new flat", "house", "abroad"); a time one moved ("last
#: year", "recently")
_HOME = (r"\s*\^(?:(?:to|into)<pr>[^$]*\$\s*\^(?:[^$]*<det>[^$]*\$\s*\^)?(?:[^$]*<adj>[^$]*\$\s*\^)?(?:[^$<]+<np>|"
         r"(?:house|home|flat|apartment|city|country|town|village|area|neighbourhood|neighborhood)<n>)|"
         r"(?:house|abroad|away|out)<(?:n|adv|pr)>|(?:last|next)<(?:adj|det)>|(?:recently|twice)<adv>)")
#: per mode: (the English lemma, the translation it is given, a pattern of what follows it, or one that
#: must not follow where it begins with "!")
REFLEXIVES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "eng-spa": (("sit(?:# down)?", "sentar", "!" + _OBJECT), ("wake(?:# up)?", "despertar", "!" + _OBJECT),
                ("calm# down", "calmar", ""),
                ("move", "trasladar", _HOME)),
    "eng-cat": (("wake(?:# up)?", "despertar", "!" + _OBJECT), ("move", "traslladar", _HOME),
                ("stay", "quedar", "!" + _OBJECT), ("get# angry", "enfadar", ""),
                ("calm", "calmar", "!" + _OBJECT)),
    "en-gl": (("sit(?:# down)?", "sentar", "!" + _OBJECT), ("wake(?:# up)?", "espertar", "!" + _OBJECT),
              ("move", "mudar", _HOME), ("calm# down", "calmar", "")),
}
#: the reflexive lemma's ending per mode (eng-cat's "aixecar<vblex><pron>" has none)
_ENDING = {"eng-spa": "se", "en-gl": "se", "eng-cat": ""}
#: en-gl's transfer leaves a reflexive verb of the third person in the English past, which its generator does not
#: know ("She got up." was "Levantarse.", "She sat down." "Sentar."): said in the preterite ("Levantouse")
_GL_PAST = re.compile(r"(<vblex>(?:<pron>)?)<past>(?=<p3>)")
#: en-gl's reflexive infinitive after a modal or another verb, without its pronoun ("Teño que levantar cedo",
#: "Queremos sentar", "Adoitabamos espertar"): it takes that verb's person ("levantarme", "sentarnos", "espertarnos")
_GL_MODAL_REFLEXIVE = re.compile(r"(\^[^$^<]+<(?:vbmod|vblex)><\w+><(p[123])><(sg|pl)>(?:# que)?\$\s*)"
                                 r"(\^[^$^<]+<vblex><pron><inf>)(?=\$)")
#: a reflexive infinitive after a finite verb of the first or second person, its pronoun the third's ("Solíamos
#: despertarse", ca "Solíem despertar-se"): it takes the verb's person
_INFINITIVE_REFLEXIVE = re.compile(r"(\^[^$^<]+<(?:vblex|vbmod)>(?:<pron>)?<(?:pri|pii|ifi|fti|cni|prs|pis)>"
                                   r"<(p[12])><(sg|pl)>(?:# que)?\$\s*)(\^[^$^<]+<vblex>(?:<pron>)?<inf>)"
                                   r"\+(se|es)<prn><enc><ref><p3><mf><sp>(?=\$)")
#: a finite verb's tags of the first or second person (eng-cat's "anar<vaux><p1><sg>" has no tense)
_PERSON = r"<(?:vblex|vaux)>(?:<pron>)?(?:<(?:pri|pii|ifi|fti|cni|prs|pis)>)?<(p[12])><(sg|pl)>"
#: the reflexive pronoun of the third person before or on such a verb ("y se vestí", "se despierto", ca "es vaig
#: vestir", gl "vestinse"): the verb's person's
_PROCLITIC_PERSON = re.compile(r"\^(?:se|es)<prn><pro><ref><p3><mf><sp>\$(?=\s*\^[^$^<]+" + _PERSON + ")")
_ENCLITIC_PERSON = re.compile(r"(\^[^$^<]+" + _PERSON + r")\+se<prn><enc><ref><p3><mf><sp>(?=\$)")
_UNIT = re.compile(r"\^((?:[^$\\/^]|\\.)*)/((?:[^$\\^]|\\.)*)\$")


def reflexive_verbs(stream: str, mode: str) -> str:
    """The lexical selection's ``stream`` with each verb of :data:`REFLEXIVES` translated as its reflexive."""
    verbs = REFLEXIVES.get(mode, ())
    if not verbs:
        return stream

    def said(m: re.Match[str]) -> str:
        for english, lemma, follows in verbs:
            source = re.match(r"(?i:" + english + r")<vblex>((?:<[^>]+>)*)$", m.group(1))
            if source is None:
                continue
            after = re.match(follows.lstrip("!"), stream[m.end():]) if follows else True
            if bool(after) != follows.startswith("!"):
                initial = m.group(1)[0].isupper()
                said_lemma = (lemma[0].upper() + lemma[1:]) if initial else lemma
                return f"^{m.group(1)}/{said_lemma}{_ENDING[mode]}<vblex><pron>{source.group(1)}$"
        return m.group(0)

    return _UNIT.sub(said, stream)


def generated_reflexives(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with each reflexive pronoun in its verb's person, en-gl's
    reflexives given their pronoun after a modal and said in the preterite, and the reflexive lemmas
    :func:`reflexive_verbs` wrote as the generator knows them ("sentarse<vblex><pron>" → "sentar<vblex>")."""
    stream = _INFINITIVE_REFLEXIVE.sub(_infinitive_reflexive, stream)
    stream = _PROCLITIC_PERSON.sub(lambda m: f"^prpers<prn><pro><{m.group(1)}><mf><{m.group(2)}>$", stream)
    stream = _ENCLITIC_PERSON.sub(r"\1+prpers<prn><enc><\2><mf><\3>", stream)
    if mode == "en-gl":
        stream = _GL_PAST.sub(r"\1<ifi>", _GL_MODAL_REFLEXIVE.sub(_gl_modal_reflexive, stream))
    for _, lemma, _ in REFLEXIVES.get(mode, ()):
        stream = re.sub(r"\^([" + lemma[0].upper() + lemma[0] + "]" + re.escape(lemma[1:]) + ")" + _ENDING[mode]
                        + r"<vblex><pron>", r"^\1<vblex>", stream)
    return stream


def _infinitive_reflexive(m: re.Match[str]) -> str:
    """The infinitive of an :data:`_INFINITIVE_REFLEXIVE` match with its pronoun in the verb's person."""
    person, number = m.group(2, 3)
    if m.group(5) == "es":  # eng-cat's pronouns are their own lemmas
        pronoun = {"p1": {"sg": "em", "pl": "ens"}, "p2": {"sg": "et", "pl": "us"}}[person][number]
    else:
        pronoun = "prpers"
    return f"{m.group(1)}{m.group(4)}+{pronoun}<prn><enc><{person}><mf><{number}>"


def _gl_modal_reflexive(m: re.Match[str]) -> str:
    """The reflexive infinitive of a :data:`_GL_MODAL_REFLEXIVE` match with its pronoun, but where one
    is before the modal ("Non me podo espertar")."""
    if re.search(r"<prn><pro>[^$^]*\$\s*$", m.string[:m.start()]):
        return m.group(0)
    person, number = m.group(2, 3)
    pronoun = "se<prn><enc><ref><p3><mf><sp>" if person == "p3" else f"prpers<prn><enc><{person}><mf><{number}>"
    return f"{m.group(1)}{m.group(4)}+{pronoun}"
