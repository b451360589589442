"""A courtesy "please" kept a courtesy through Apertium.

Apertium's eng-spa and en-gl translate every "please" as the verb ("Yes, please." → "Sí,
complacer."). Before translation, a "please" that closes a clause, or opens one (moved to its
end), becomes a mark no pair knows, which Apertium passes through; after, the mark becomes the
target's "please". The verb ("hard to please", "to please my parents") is left to Apertium.
"""

from __future__ import annotations

import re

from .phrasebook import say_marks

#: the target languages' courtesy "please"
PLEASE = {"es": "por favor", "gl": "por favor", "ca": "per favor"}
_SPACES = re.compile(r"\s+")
_PLEASE_MARK = "zzpleasezz"  # a word no pair knows: Apertium passes it through
_PLEASE_AT_END = re.compile(r"(?i)(?:(\w+)\s+|,\s*)?\bplease\b(?=\s*(?:[.,!?;:]|$))")
#: words before a clause-final "please" that make it the verb ("hard to please", "if you please")
_PLEASE_VERB_AFTER = frozenset("to will would can could may might must shall should do does did i you we they he she it".split())
#: a "please" opening a clause, after a conjunction too ("…, so please put your phones away"; the phrasebook's
#: mark of "so")
_AFTER = r"(?:so|and|but|then|now|zz[a-z]+zz)\s+"
_PLEASE_OPENING = re.compile(rf"(?i)(^|[.!?;:,]\s*(?:{_AFTER})?|^{_AFTER})please\b,?\s+([^.!?;:]*?)(\s*(?:[.!?;:]|$))")


def mark_courtesy_please(text: str) -> str:
    """``text`` with each courtesy "please" as :data:`_PLEASE_MARK` after its clause ("Please
    come in." → "Come in, zzpleasezz."; "…, so please sit down." → "…, so sit down, zzpleasezz."); "please" as a
    verb ("to please them") is left."""
    def move(m: re.Match) -> str:
        clause = m.group(2)
        if m.group(1).strip() == "" and clause:  # it opened the sentence
            clause = clause[0].upper() + clause[1:]
        return f"{m.group(1)}{clause}, {_PLEASE_MARK}{m.group(3)}" if clause else m.group(0)

    def at_end(m: re.Match) -> str:
        before = m.group(1)
        if before is None:
            return (", " if m.group(0).startswith(",") else "") + _PLEASE_MARK
        return m.group(0) if before.lower() in _PLEASE_VERB_AFTER else f"{before} {_PLEASE_MARK}"

    text = _PLEASE_AT_END.sub(at_end, text)
    return _SPACES.sub(" ", _PLEASE_OPENING.sub(move, text)).strip()


def say_courtesy_please(text: str, target: str) -> str:
    """The marks of :func:`mark_courtesy_please` as ``target`` says "please"."""
    return say_marks(text, {_PLEASE_MARK: PLEASE[target]})
