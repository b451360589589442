"""A person's surname read as the name it is, not as the word it also is.

The English analysers know common surnames as nouns too ("smith", "miller", "baker"), and the
tagger may choose the noun: "Mr. Smith called me" was ca "Senyor Ferrer em va trucar" (a smith is
a "ferrer"), "George Miller" es "Molinero de George". A capitalised word that can be a proper
noun, after a title ("Mr.", "Dr.", or the phrasebook's mark for one) or a first name, keeps only
its proper-noun readings, which the pairs leave as they are. A sentence's first word is capitalised
as the first: there a surname's reading gives way to the noun's ("Prices usually go up" was ca
"Price usualment apuja").
"""

from __future__ import annotations

import re

from .apertium_stream import keeping, only, replace, sentences, surface_readings
from .phrasebook import TITLE_MARKS

_PROPER = re.compile(r"<np>")
_FIRST_NAME = re.compile(r"<np><ant>")
_SURNAME = re.compile(r"<np><cog>")
_NOUN = re.compile(r"<n>")
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "mr", "mrs", "ms", "dr", "miss", "professor", "doctor",
                     "aunt", "uncle"})


def keep_surnames(stream: str) -> str:
    """The analysis ``stream`` with each capitalised word after a title or a first name read
    as a proper noun, where it can be one, and a sentence's first word, capitalised as the first,
    as the noun it can be rather than a surname ("Prices usually go up" was ca "Price usualment
    apuja")."""
    edits = []
    for sentence in sentences(stream):
        surface, readings = surface_readings(sentence[0])
        common = [r for r in readings if not _SURNAME.search(r)]
        if common and len(common) < len(readings) and any(_NOUN.search(r) for r in common):
            edits.append(keeping(sentence[0], common))
        for i in range(1, len(sentence)):
            surface, readings = surface_readings(sentence[i])
            proper = [r for r in readings if _PROPER.search(r)]
            if not surface[:1].isupper() or not proper or len(proper) == len(readings):
                continue
            before, before_readings = surface_readings(sentence[i - 1])
            after_first_name = any(_FIRST_NAME.search(r) for r in before_readings) and only(before_readings, _PROPER)
            if before.lower() in _TITLES or before.lower() in TITLE_MARKS or after_first_name:
                edits.append(keeping(sentence[i], proper))
    return replace(stream, edits)
