""""could not" of the past said in the imperfect, not the conditional.

The English pairs translate "could" as the conditional wherever it stands: "That night she could
not sleep" → "Aquella noche no podría dormir" (ca "no podria", gl "non podería"), "I couldn't find
it" → "No podría encontrarlo". Negated and outside a question, "could" tells what was not possible
("No podía dormir"); a question keeps the conditional of asking ("¿No podrías ayudarme?").

"be able to" is "poder" in the tense and person of "be" (:func:`say_able`): "Will I be able to pick it up?" →
"¿Seré capaz de recogerlo?", ca "No vaig ser capaç de dormir": "¿Podré recogerlo?", "No vaig poder dormir".
"""

from __future__ import annotations

import re

from .apertium_stream import asks, replace, sentences

#: the negation and "poder" in the conditional after it, object pronouns between (the transfer's final stream)
_COULD_NOT = re.compile(r"(\^[Nn]on?<adv>\$\s+(?:\^[^$^]+<prn><pro>[^$^]*\$\s*){0,2}\^[Pp]oder<vbmod>)<cni>")


def say_could_not(stream: str) -> str:
    """The transfer's final ``stream`` with "no" + "poder" in the conditional in the imperfect, but
    in a question."""
    edits = []
    for sentence in sentences(stream):
        start, end = sentence[0].start(), sentence[-1].end()
        if not asks(sentence) and _COULD_NOT.search(stream, start, end):
            edits.append((start, end, _COULD_NOT.sub(r"\1<pii>", stream[start:end])))
    return replace(stream, edits)


#: "ser" + "capaz"/"capaç" + "de" before an infinitive (group 1: "ser"'s case, 2: its tags after the lemma's)
_ABLE = re.compile(r"\^([Ss])er<vbser>((?!<ger>)(?:<[^>]+>)*)\$\s+\^capa[zç]<adj><(?:m|f|mf)><(?:sg|pl)>\$\s+"
                   r"\^de<pr>\$\s+(?=\^[^$^<]+<vblex><inf>)")


def say_able(stream: str) -> str:
    """The transfer's final ``stream`` with "be able to" + a verb as "poder" + the verb."""
    return _ABLE.sub(lambda m: f"^{'P' if m.group(1) == 'S' else 'p'}oder<vbmod>{m.group(2)}$ ", stream)
