""""little" before a noun read as the adjective, "a little" as "a bit".

The tagger reads "little" after a determiner as the quantity: "a little hotel" → "un poco
hotel", "The little girl" → "La poca chica", gl "A pouca moza". After a determiner and before a
noun it keeps its adjective reading ("un hotel pequeño", "La chica pequeña"). "a little" is read
as "a bit" before an adjective (ca "Era un petit cansat" → "Era una mica cansat") and as "a bit
of" before a noun of an amount ("a little water": "una poca agua", ca "una aigua petita" → "un
poco de agua", "una mica d'aigua").
"""

from __future__ import annotations

import re

from .apertium_stream import DETERMINER, NOUN, inner_units, keeping, replace, surface_readings

_ADJECTIVE = re.compile(r"^little<adj>")
#: what "a little" qualifies as "a bit": an adjective, a participle, "more"/"less"
_QUALIFIED = re.compile(r"<adj>|<pp>|^(?:more|less)<")
#: nouns of an amount: "a little water" is some water
_AMOUNTS = frozenset(
    "bit while time money water milk sugar salt oil rice bread coffee tea wine beer food help advice information "
    "patience luck practice space butter cheese pepper flour juice sauce cream attention effort energy work sleep "
    "rest air light english spanish french german italian honey vinegar garlic ginger cinnamon paprika broth stock "
    "soup yogurt chocolate ice snow rain sun fun noise pressure progress research knowledge experience confidence "
    "courage hope peace quiet privacy freedom music weight heat paint glue soap dough sand dust".split())


def keep_little_adjectives(stream: str) -> str:
    """The analysis ``stream`` with "little" after a determiner and before a noun read as the
    adjective, and "a little" before an adjective or an amount as "a bit" / "a bit of" (see the
    module's description)."""
    edits = []
    for sentence, i, readings in inner_units(stream, "little"):
        before, before_readings = surface_readings(sentence[i - 1])
        after, after_readings = surface_readings(sentence[i + 1])
        if not any(_ADJECTIVE.match(r) for r in readings) or not any(DETERMINER.search(r) for r in before_readings):
            continue
        unit = sentence[i]
        bit = f"^{before} {surface_readings(unit)[0]}/{before} bit<adv>$"
        if before.lower() != "a":
            if any(NOUN.search(r) for r in after_readings):
                edits.append(keeping(unit, [r for r in readings if _ADJECTIVE.match(r)]))
            continue
        head = i + 1  # the noun a compound ends in: "a little olive oil"
        while head + 1 < len(sentence) and any(NOUN.search(r) for r in surface_readings(sentence[head + 1])[1]):
            head += 1
        if surface_readings(sentence[head])[0].lower().split()[-1] in _AMOUNTS and after.lower() != "bit":
            edits.append((sentence[i - 1].start(), unit.end(), bit + " ^of/of<pr>$"))
            continue
        # "a little cold" is "a bit cold", "a little cold water" a small amount of it
        next_noun = i + 2 < len(sentence) and any(NOUN.search(r) for r in surface_readings(sentence[i + 2])[1])
        if any(_QUALIFIED.search(r) for r in after_readings) and not next_noun:
            edits.append((sentence[i - 1].start(), unit.end(), bit))
        elif any(NOUN.search(r) for r in after_readings):
            edits.append(keeping(unit, [r for r in readings if _ADJECTIVE.match(r)]))
        else:  # "a little every two days", "a little.": an amount of what was said
            edits.append((sentence[i - 1].start(), unit.end(), bit))
    return replace(stream, edits)
