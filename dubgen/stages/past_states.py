"""Wanting and needing in the past said in the imperfect, as a state.

The English pairs say "wanted" and "needed" in the preterite, the past of a single act: "She
wanted to go." → "Quiso ir" (she tried to), "I needed help" → "Necesité ayuda", ca "Va voler
anar", gl "Quixo ir". A want or a need is a state that lasted: in the transfer's final stream,
es and gl "querer"/"necesitar" in the preterite are said in the imperfect ("Quería ir",
"Necesitaba ayuda", gl "Quería ir"), and eng-cat's periphrastic past of "voler"/"necessitar"
("va voler") its imperfect ("volia").

eng-cat's last transfer step drops the verb after a modal in that past where no pronoun or
negation stands with them ("She wanted to leave." → "Va voler.", "We wanted to buy a house." →
"Vam voler una casa."): in its first step's chunk, such a modal is said in the imperfect ("Volia
marxar", "Volíem comprar una casa", "could" "podia"), which the last step keeps whole.
"""

from __future__ import annotations

import re

from .phrasebook import same_case

#: es/gl: "querer"/"necesitar" in the preterite (group 1: up to the tense)
_PRETERITE = re.compile(r"(\^(?:[Qq]uerer|[Nn]ecesitar)<(?:vbmod|vblex)>)<ifi>")
#: ca: "anar" + person, then "voler"/"necessitar" (group 1: "anar", for the case; 2: the person; 3: the verb's lemma
#: and tag)
_CA_PAST = re.compile(r"\^([Aa]nar)<vaux>(<p[123]><(?:sg|pl)>)\$\s+\^((?:voler|necessitar)<(?:vbmod|vblex)>)<inf>\$")


#: eng-cat's first transfer's chunk of a modal and a verb in the periphrastic past (group 1: the chunk's head up to
#: the tense; 2: its other tags; 3: the modal)
_CA_MODAL_CHUNK = re.compile(r"(mod_inf<SV><vblex>)<ifip>((?:<[^>]+>)*\{)\^anar<vaux><4><5>\$ \^([^<$^{}]+)<vbmod><inf>\$")


def ca_modal_pasts(stream: str) -> str:
    """eng-cat's first transfer's chunk ``stream`` with a modal in the periphrastic past said in the imperfect."""
    return _CA_MODAL_CHUNK.sub(r"\1<pii>\2^\3<vbmod><pii><4><5>$", stream)


def say_past_states(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with "wanted" and "needed" in the imperfect."""
    if mode == "eng-cat":
        return _CA_PAST.sub(lambda m: f"^{same_case(m.group(1), m.group(3))}<pii>{m.group(2)}$", stream)
    return _PRETERITE.sub(r"\1<pii>", stream)
