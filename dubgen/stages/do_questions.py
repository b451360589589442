"""A question asked with "do", "does" or "did" before a noun subject, read in statement order.

The transfer reads "did" before a noun as the verb "do" and the verb after the noun in the
present: "Did the kids enjoy it?" → "¿Hizo los niños lo gozan?", ca "Va fer els nens el
gaudeixen?", "Did the meeting go well?" → "¿Hizo la reunión va bien?". The phrasebook puts a
pronoun subject's questions in statement order as text ("Did you see it?" → "you did see it?"),
but where a noun phrase ends only the analysis shows. After analysis (:func:`keep_do_questions`),
"do" goes and the verb after the noun phrase takes its tense: "the kids enjoyed it?" → "¿Los
niños lo disfrutaron?", ca "Els nens el van gaudir?".
"""

from __future__ import annotations

import re

from .apertium_stream import asks, keeping, replace, sentences, surface_readings

#: "do" as the auxiliary or the verb, not negated ("Didn't the kids…" is left)
_DO = re.compile(r"^do<(?:vbdo|vblex)><(pri|pres|past)>(?:<p3><sg>)?$", re.IGNORECASE)
#: a word of a noun phrase before its noun: determiner, possessive, number, adjective
_MODIFIER = re.compile(r"<(?:det|num|adj)>|<prn><pos>|<gen>")
_NOUN = re.compile(r"<n><|<np><")
_INFINITIVE = re.compile(r"<(vblex|vbhaver)><inf>")
#: question words a "do" question may open with ("Why did the bus stop?")
_QUESTION_WORDS = frozenset("what where when why how".split())
#: the tense the verb takes from "do": did → past, does → third person singular, do → present
_TENSE = {"past": "<past>", "pri": "<pri><p3><sg>", "pres": "<pres>"}
#: words of the noun phrase at most
_MAX_PHRASE = 4


def _capitalised(unit: re.Match[str]) -> str:
    """An analysis unit with its surface and lemmas capitalised ("^the/the<det>…$" → "^The/The<det>…$")."""
    surface, readings = surface_readings(unit)
    return "^" + "/".join(w[:1].upper() + w[1:] for w in (surface, *readings)) + "$"


def keep_do_questions(stream: str) -> str:
    """The analysis ``stream`` with each question "do/does/did" + noun phrase + verb read in
    statement order, the verb in "do"'s tense (see the module's description)."""
    edits = []
    for sentence in sentences(stream):
        if not asks(sentence):
            continue
        words = [surface_readings(u) for u in sentence]
        i = 0
        while i < len(words) and words[i][0].lower() in _QUESTION_WORDS:
            i += 1
        if i >= len(words) - 2:
            continue
        tenses = {m.group(1) for r in words[i][1] for m in [_DO.match(r)] if m}
        if len(tenses) != 1:
            continue
        k = i + 1
        noun = False  # the verb comes after a noun: "Did the old man find…" ("man" can be a verb)
        while (k < len(words) and k - i <= _MAX_PHRASE and not (noun and any(_INFINITIVE.search(r) for r in words[k][1]))
               and any(_MODIFIER.search(r) or _NOUN.search(r) for r in words[k][1])):
            noun = noun or any(_NOUN.search(r) for r in words[k][1])
            k += 1
        if (k >= len(words) or k == i + 1 or not any(_INFINITIVE.search(r) for r in words[k][1])
                or not any(_NOUN.search(r) for r in words[k - 1][1])):
            continue
        tense = _TENSE[tenses.pop()]
        verb = sorted({_INFINITIVE.sub(lambda m: f"<{m.group(1)}>{tense}", r) for r in words[k][1] if _INFINITIVE.search(r)})
        first = _capitalised(sentence[i + 1]) if words[i][0][:1].isupper() else sentence[i + 1].group(0)
        edits.append((sentence[i].start(), sentence[i + 1].end(), first))
        edits.append(keeping(sentence[k], verb))
    return replace(stream, edits)
