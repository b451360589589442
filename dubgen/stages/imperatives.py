"""Imperatives through Apertium's English pairs, said as the target's imperative.

Apertium's English tagger reads a sentence-opening verb as a noun, a past form or a present
with a subject it invents ("Cut the onions." → "Cortado las cebollas.", "Wait until…" → "La
espera hasta…", "Tell me more." → "Me digo más.", "Set white with P2 soon." → "Set blanco…"),
and where it keeps the verb, the transfer says it in the infinitive ("Añadir la sal."). Two
edits of the stream of an English pair's last step, run stage by stage (:mod:`.english_pairs`):

* after analysis, a sentence's first word (past openers such as "First," or "Then", the marks
  of the phrasebook and courtesy, or a lead clause opened by "if", "when"…: "If you like it,
  share it.") keeps only its infinitive reading where it has one and
  the word after it cannot be a verb ("Work is hard." and "Time flies." stay nouns), unless the
  sentence asks (ends in "?") or the verb is one said with its "I" left out ("Hope this helps");
* before generation, a sentence's first word (past such a lead clause: "Si tienes preguntas,
  dejar un comentario" → "…, deja un comentario") that the transfer left an infinitive, with no
  finite verb after it, becomes the imperative of the second person singular ("Corta las
  cebollas.", "Dime más.", "Pon blanco con P2 pronto."; ca "Digues-me més", gl "Envíame"); a
  negated one ("Don't…", told apart in the analysis), read "No olvida", "Non se preocupa", is
  said in the second person's subjunctive ("No olvides", "Non te preocupes"); an infinitive
  joined to the imperative by "and" is one too ("Suscribe y comparte…").
* a verb after a comma and "so", with no subject, is an imperative too ("It's late, so put your coats on." → "así que
  puso"): read as the infinitive after analysis (:func:`keep_verbs_after_so`), said as the imperative before
  generation ("así que pon…").
"""

from __future__ import annotations

import re
from typing import Optional

from .apertium_stream import VERB, asks, keeping, replace, sentence_units, sentences, surface_readings
from .phrasebook import SO_MARKS

_INFINITIVE = "<vblex><inf>"
#: an analysis reading as the infinitive, of a word or of a multiword ("Come<vblex><inf># in")
_INFINITIVE_READING = re.compile(r"<(?:vblex|vbser)><inf>(?:#|$)")
#: a transfer unit that is an infinitive ("cortar<vblex><inf>", "decir<vblex><inf>+me<prn><enc>…", "Ser<vbser><inf>",
#: a reflexive "sentarse<vblex><pron><inf>+se<prn><enc>…")
_INFINITIVE_UNIT = re.compile(r"[^<]+<(vblex|vbser)>(?:<pron>)?<inf>")
#: an analysis unit of a verb of more than one word, as a whole sentence may be an imperative ("Sit down.")
_PHRASAL = re.compile(r"/[^/$<]*<vblex><inf># |/[^/$<]*# [^/$<]*<vblex><inf>")
#: the reflexive pronoun of the third person attached to an infinitive (ca "+es"), said as the imperative's
#: ("Siéntate", ca "Aixeca't")
_REFLEXIVE_ENCLITIC = re.compile(r"\+(se|es)<prn><enc><ref><p3><mf><sp>")
_IMPERATIVE_REFLEXIVE = {"se": "+prpers<prn><enc><p2><mf><sg>", "es": "+et<prn><enc><p2><mf><sg>"}
_IMPERATIVE = "<vblex><imp><p2><sg>"
#: a transfer unit that is the pair's own imperative ("Traer<vblex><imp><p2><sg>+prpers<prn><enc>…")
_IMPERATIVE_UNIT = re.compile(r"[^<]+" + re.escape(_IMPERATIVE))
#: words that may open a sentence before its imperative ("First, cut…", "Then heat…")
OPENERS = frozenset({"first", "then", "now", "next", "finally", "so", "and", "but", "just", "okay", "ok", "also",
                     "well", "right", "again"})
#: conjunctions that open a lead clause before an imperative ("If you like it, share it.")
LEAD_CLAUSE = frozenset({"if", "when", "once", "whenever", "before", "after", "unless"})
#: verbs said with their subject left out ("Hope this helps", "Love it"): not imperatives
ELIDED = frozenset({"hope", "guess", "bet", "reckon", "suppose", "wish", "love", "mean", "wonder", "miss", "thank",
                    "think", "know"})
#: an analysis reading as an adverb or a conjunction alone ("Do<vbdo><pres>+not<adv>" is not)
_ADVERB = re.compile(r"[^<+]+<(?:adv|cnjcoo)>[^+]*")
#: the transfer's unit of a conjunction that opens a lead clause ("Si<cnjadv>", "Un cop<cnjadv>",
#: eng-spa's "Cuándo<adv><itg>", "Una vez<adv>")
_CONJUNCTION = re.compile(r"^[^<]+<(?:cnjadv|cnjsub)>|^(?:Cuándo|Cuando|Quan|Cando|Una vez|Un cop|Unha vez)<adv>")
#: "so" of a consequence in the analysis (the phrasebook's mark, or the word) and as the pairs say it ("así que", ca
#: "així que")
_SO_WORDS = SO_MARKS | {"so"}
_SO = re.compile(r"^(?:así que|així que)<cnjadv>$|^\*?(?:" + "|".join(sorted(SO_MARKS)) + r")$", re.IGNORECASE)
#: units that may stand before a sentence's verb in the transfer's output
_LEADING = re.compile(r"^\*|<(?:adv|cnjcoo|cm)>")


def keep_verb_readings(stream: str) -> tuple[str, set[int]]:
    """The analysis ``stream`` with each imperative's first word read as a verb only, and the
    sentences (their indexes) that open with a negated imperative ("Don't forget to…")."""
    edits, negated = [], set()
    for k, sentence in enumerate(sentences(stream)):
        if asks(sentence):
            continue
        words = sentence_units(sentence, commas=False)
        i = 0
        while i < len(words):
            surface, readings = surface_readings(words[i])
            opener = surface.lower() in OPENERS or any(r.startswith("*") for r in readings)
            if not (opener or readings and all(_ADVERB.fullmatch(r) for r in readings)):
                break
            i += 1
        if i < len(words) and surface_readings(words[i])[0].lower() in LEAD_CLAUSE:  # "If you have questions, leave…"
            comma = next((j for j, u in enumerate(sentence) if "<cm>" in u.group(1)), None)
            if comma is not None:
                words = sentence_units(sentence[comma + 1:], commas=False)
                i = 0
        if i >= len(words) or i == len(words) - 1 and not _PHRASAL.search(words[i].group(1)):
            continue  # an imperative has more than its verb: "Wait." is left, "Sit down." is one
        surface, readings = surface_readings(words[i])
        after = surface_readings(words[i + 1])[1] if i + 1 < len(words) else []
        if surface.lower() in ("don't", "do not") and any(_INFINITIVE_READING.search(r) for r in after):
            negated.add(k)
            continue
        verb = [r for r in readings if _INFINITIVE_READING.search(r)]
        if verb and surface.lower() not in ELIDED and not any(VERB.search(r) for r in after):
            edits.append(keeping(words[i], verb[:1]))
    return replace(stream, edits), negated


def keep_verbs_after_so(stream: str) -> str:
    """The analysis ``stream`` with a verb right after a comma and "so" read as the infinitive (an imperative: "It's
    late, so put your coats on." was "así que puso"), where no subject stands before it and no verb follows it."""
    edits = []
    for sentence in sentences(stream):
        if asks(sentence):
            continue
        for i in range(2, len(sentence) - 1):
            if surface_readings(sentence[i - 1])[0].lower() not in _SO_WORDS or "<cm>" not in sentence[i - 2].group(1):
                continue
            surface, readings = surface_readings(sentence[i])
            verb = [r for r in readings if _INFINITIVE_READING.search(r)]
            if verb and surface.lower() not in ELIDED and not any(
                    VERB.search(r) for r in surface_readings(sentence[i + 1])[1]):
                edits.append(keeping(sentence[i], verb[:1]))
    return replace(stream, edits)


def _past_leading(units: list[re.Match[str]], i: int) -> int:
    while i < len(units) and _LEADING.search(units[i].group(1)):
        i += 1
    return i


def _is_infinitive(units: list[re.Match[str]], i: int) -> bool:
    return i < len(units) and _INFINITIVE_UNIT.match(units[i].group(1)) is not None


def infinitives_to_imperatives(stream: str, negated: frozenset[int] = frozenset(),
                               count: Optional[int] = None) -> str:
    """The transfer's ``stream`` with each sentence-opening infinitive (past a leading adverb,
    conjunction, unknown word or a lead clause of up to two words and its comma), with no
    finite verb right after it, as the imperative; a question is left. The ``negated``
    sentences' "No" + present of the third person (eng-spa "No olvida para suscribir", en-gl
    "Non se preocupa") are said in the second person's subjunctive ("No olvides…", "Non te
    preocupes"), where the stream holds as many sentences as the analysis did (``count``)."""
    edits = []
    grouped = sentences(stream)
    aligned = count is None or len(grouped) == count
    for k, sentence in enumerate(grouped):
        if aligned and k in negated:
            edits.extend(_negated_imperative(sentence))
            continue
        if asks(sentence):
            continue
        units = sentence_units(sentence)
        i = _past_leading(units, 0)
        # a lead clause of up to two words ("Primero,"), or any opened by a conjunction ("Si…,")
        lead = units[:3] if not units or not _CONJUNCTION.search(units[0].group(1)) else units
        commas = [k for k, m in enumerate(lead) if "<cm>" in m.group(1)]
        if not _is_infinitive(units, i) and commas:  # "Primero, corta…", "Antes de empezar, haz…"
            i = _past_leading(units, commas[0] + 1)
        if i < len(units) and _IMPERATIVE_UNIT.match(units[i].group(1)):  # the pair's own ("Tráelo al hervir, …")
            edits.extend(_imperative(units[j]) for j in _joined_imperatives(units, i))
            continue
        if not _is_infinitive(units, i):
            continue
        after = units[i + 1].group(1) if i + 1 < len(units) else ""
        if VERB.search(after) and _INFINITIVE not in after:
            continue
        edits.extend(_imperative(units[j]) for j in [i, *_joined_imperatives(units, i)])
    for sentence in grouped:  # after a comma and "so" (:func:`keep_verbs_after_so`): "…, así que pon…"
        units = sentence_units(sentence)
        for i in range(2, len(units)):
            if _SO.match(units[i - 1].group(1)) and "<cm>" in units[i - 2].group(1) and _is_infinitive(units, i) \
                    and not asks(sentence):
                edits.extend(_imperative(units[j]) for j in [i, *_joined_imperatives(units, i)])
    return replace(stream, sorted(set(edits)))


def _imperative(unit: re.Match[str]) -> tuple[int, int, str]:
    said = re.sub(r"(<(?:vblex|vbser)>(?:<pron>)?)<inf>", r"\1<imp><p2><sg>", unit.group(1), 1)
    said = _REFLEXIVE_ENCLITIC.sub(lambda m: _IMPERATIVE_REFLEXIVE[m.group(1)], said)
    return unit.start(), unit.end(), "^" + said + "$"


#: a unit before an infinitive that makes it a noun ("al hervir")
_NOMINAL = re.compile(r"<det>")
#: "then" in the transfer's output, as it joins a told clause to the one before
_THEN = re.compile(r"(?i:entonces|luego|después|llavors|després|aleshores|entón|logo|despois)<adv>")


def _joined_imperatives(units: list[re.Match[str]], i: int) -> list[int]:
    """The infinitives joined to the imperative at ``i`` by "and"/"or" ("Suscribe y compartir…",
    "Corta las cebollas y freírlas") or by a comma or "and" and "then" ("Llévalo a ebullición,
    entonces reducir el calor"), up to the first other infinitive ("Prueba abrir y cerrar…",
    "Recuerda gustar y suscribir": there the infinitives are the verb's object)."""
    out = []
    for k in range(i + 1, len(units)):
        if k in out:
            continue
        if _is_infinitive(units, k) and not (k > 0 and _NOMINAL.search(units[k - 1].group(1))):
            break  # an infinitive after an article is a noun ("Tráelo al hervir, …")
        if re.search(r"<(?:cnjcoo|cm)>", units[k].group(1)):
            j = k + 2 if k + 1 < len(units) and _THEN.match(units[k + 1].group(1)) else k + 1
            if (j == k + 2 or "<cnjcoo>" in units[k].group(1)) and _is_infinitive(units, j):
                out.append(j)
    return out


_NO = re.compile(r"(?:No|Non|no|non)<adv>")
#: the verb the transfer left in a negated imperative: the present of the third person ("No olvida", "No es
#: tarde"), or eng-cat's imperative of the second person plural ("No oblideu", "No sigueu tardans")
_PRESENT_3 = re.compile(r"(<vblex>(?:<pron>)?|<vbser>)(?:<pri><p3><sg>|<imp><p2><pl>)")


def _negated_imperative(sentence: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    """"No" + [clitics] + a verb in the present of the third person, as the second person's
    subjunctive (its reflexive "se" then takes the verb's person, "No te preocupes", with every
    reflexive pronoun's: :func:`.reflexives.generated_reflexives`); a clitic the transfer wrote in
    capitals ("No Les quema") is written in lower case."""
    units = sentence_units(sentence)
    if len(units) < 2 or not _NO.fullmatch(units[0].group(1)):
        return []
    edits = []
    i = 1
    while i < len(units) and "<prn><pro>" in units[i].group(1):
        unit = units[i].group(1)
        said = unit[:1].lower() + unit[1:]
        if said != unit:
            edits.append((units[i].start(), units[i].end(), f"^{said}$"))
        i += 1
    if i >= len(units) or not _PRESENT_3.search(units[i].group(1)):
        return []
    return edits + [(units[i].start(), units[i].end(), "^" + _PRESENT_3.sub(r"\1<prs><p2><sg>", units[i].group(1), 1) + "$")]
