"""A question asked by inversion before a noun subject, read in statement order.

The transfer reads the auxiliary before a noun as a verb of its own: "Did the kids enjoy it?" →
"¿Hizo los niños lo gozan?" (ca "Va fer els nens el gaudeixen?"), "Has the package arrived?" →
"¿Tiene el envase llegó?", "Is the shop open?" → "¿Es la tienda abierta?", "Can the kids come
too?" → "¿Puede los niños vienen también?". The phrasebook puts a pronoun subject's questions in
statement order as text ("Did you see it?" → "you did see it?"), but where a noun phrase ends only
the analysis shows. After analysis (:func:`keep_statement_order`), "do" goes and the verb after
the noun phrase takes its tense ("the kids enjoyed it?" → "¿Los niños lo disfrutaron?", ca "Els
nens el van gaudir?"); "have", "be" and a modal go after the phrase ("the package has arrived?" →
"¿El paquete ha llegado?", "¿La tienda está abierta?", "¿Los niños pueden venir también?"). The
phrase ends after a noun, where what follows is what the auxiliary needs (an infinitive after "do"
and a modal, a participle after "have", a word after "be"), the longest such phrase first ("Did
the old man find…": "man" can be a verb). "be" after a question word is left ("Where is the
station?" reads right), and so is a negated auxiliary ("Didn't the kids…").
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from .apertium_stream import Words, asks, keeping, noun_phrase_end, replace, sentences, surface_readings

#: "do" as the auxiliary or the verb, not negated
_DO = re.compile(r"^do<(?:vbdo|vblex)><(pri|pres|past)>(?:<p3><sg>)?$", re.IGNORECASE)
#: the auxiliaries that move after the subject, as their readings open
_MOVED = re.compile(r"^(?:have<vbhaver>|be<vbser>|\w+<(?:vaux|vbmod)>)", re.IGNORECASE)
_INFINITIVE = re.compile(r"<(vblex|vbhaver|vbser)><inf>")
_PARTICIPLE = re.compile(r"<(?:vblex|vbser|vbhaver)><pp>")
#: question words a question may open with ("Why did the bus stop?")
_QUESTION_WORDS = frozenset("what where when why how".split())
#: pronouns a question may be asked of as of a noun phrase ("will that cost" → "that will cost")
_DEMONSTRATIVES = frozenset("this that".split())
#: the tense the verb takes from "do": did → past, does → third person singular, do → present
_TENSE = {"past": "<past>", "pri": "<pri><p3><sg>", "pres": "<pres>"}
#: words of the noun phrase at most
_MAX_PHRASE = 8


def _phrase_end(words: Words, start: int, follows: Callable[[list[str]], bool]) -> Optional[int]:
    """The index after the subject opening at ``start``: "this"/"that" alone where ``follows``
    allows the word after it, else a noun phrase (:func:`.apertium_stream.noun_phrase_end`)."""
    if start + 1 < len(words) and words[start][0].lower() in _DEMONSTRATIVES and follows(words[start + 1][1]):
        return start + 1
    return noun_phrase_end(words, start, follows, _MAX_PHRASE)


def _lowered(surface: str, readings: list[str]) -> str:
    """An analysis unit with its surface and lemmas in lower case at their first letter."""
    return "^" + "/".join(w[:1].lower() + w[1:] for w in (surface, *readings)) + "$"


def _subject(unit: re.Match[str], capital: bool) -> str:
    """The subject's first analysis unit, capitalised where the question opened with the auxiliary
    ("^the/the<det>…$" → "^The/The<det>…$"); "this"/"that" as the pronoun or determiner alone (ca
    read "will that cost" "que costarà")."""
    surface, readings = surface_readings(unit)
    if surface.lower() in _DEMONSTRATIVES:
        readings = [r for r in readings if "<prn>" in r or "<det>" in r]
    return "^" + "/".join(w[:1].upper() + w[1:] if capital else w for w in (surface, *readings)) + "$"


def _said(sentence: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    """The edits that put one question in statement order, or none."""
    words = [surface_readings(u) for u in sentence]
    # after an opening set apart by a comma ("By the way, did the man…")
    i = next((c + 1 for c in range(min(4, len(words))) if any("<cm>" in r for r in words[c][1])), 0)
    while i < len(words) and words[i][0].lower().split()[0] in _QUESTION_WORDS:  # "How much" is one unit
        i += 1
    if i >= len(words) - 2:
        return []
    surface, readings = words[i]
    if any("+not<" in r for r in readings):
        return []
    tenses = {m.group(1) for r in readings for m in [_DO.match(r)] if m}
    moved = [r for r in readings if _MOVED.match(r)]
    if len(tenses) == 1:
        k = _phrase_end(words, i + 1, lambda rs: any(_INFINITIVE.search(r) for r in rs))
    elif moved and moved[0].lower().startswith("have<"):
        k = _phrase_end(words, i + 1, lambda rs: any(_PARTICIPLE.search(r) for r in rs))
    elif moved and moved[0].lower().startswith("be<"):
        k = None if i and words[i - 1][0].lower().split()[0] in _QUESTION_WORDS else _phrase_end(words, i + 1, lambda rs: not any("<sent>" in r for r in rs))
    elif moved:
        k = _phrase_end(words, i + 1, lambda rs: any(_INFINITIVE.search(r) for r in rs))
    else:
        return []
    if k is None:
        return []
    edits = [(sentence[i].start(), sentence[i + 1].end(), _subject(sentence[i + 1], surface[:1].isupper()))]
    if tenses:
        tense = _TENSE[tenses.pop()]
        verb = sorted({_INFINITIVE.sub(lambda m: f"<{m.group(1)}>{tense}", r) for r in words[k][1] if _INFINITIVE.search(r)})
        edits.append(keeping(sentence[k], verb))
    else:
        edits.append((sentence[k].start(), sentence[k].start(), _lowered(surface, moved) + " "))
        if moved[0].lower().startswith("have<"):
            edits.append(keeping(sentence[k], [r for r in words[k][1] if _PARTICIPLE.search(r)]))
    return edits


def keep_statement_order(stream: str) -> str:
    """The analysis ``stream`` with each question asked by inversion before a noun subject read
    in statement order (see the module's description)."""
    return replace(stream, [e for sentence in sentences(stream) if asks(sentence) for e in _said(sentence)])
