"""Place names in the target language, from Debian's ``iso-codes`` (ISO 3166 countries and their
subdivisions, with their translations).

Apertium keeps some English place names as they are ("New Jersey", "Finland", "Kenya" in
eng-spa), and a Spanish voice reading them is not understood ("en New Jersey" heard as "en el
ejército"). Where such a name is left verbatim in the translation of a text that says it, the
target language's own name is written instead ("Nueva Jersey").
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

from ..errors import BackendUnavailable

ISO_CODES = Path("/usr/share/iso-codes/json")
LOCALES = Path("/usr/share/locale")
# (standard, gettext domain, fields naming a place in English or its own language)
_SOURCES = (("3166-1", "iso_3166-1", ("name", "common_name")), ("3166-2", "iso_3166-2", ("name",)))
# a translation that starts with an article the name lacks ("India" → gl "A India") needs the
# sentence's own contraction ("na India"); such names are left to the translator
_ARTICLES = frozenset({"a", "o", "as", "os", "el", "la", "los", "las", "les", "l'", "els"})


def _usable(name: str, translated: str) -> bool:
    if translated == name or any(ch in translated + name for ch in ",()"):
        return False
    first = translated.split()[0].lower()
    return first not in _ARTICLES or first == name.split()[0].lower()


def place_name_table(target: str, iso_codes: Path = ISO_CODES, locales: Path = LOCALES) -> dict[str, str]:
    """English or native place name → the ``target`` language's name, where iso-codes translates it."""
    if not (iso_codes / "iso_3166-1.json").is_file():
        raise BackendUnavailable(f"translate: place names need iso-codes ({iso_codes} is missing); "
                                 "install it with `apt-get install iso-codes`, or set translate.place_names: false")
    table: dict[str, str] = {}
    for standard, domain, fields in _SOURCES:
        try:
            tr = gettext.translation(domain, str(locales), languages=[target])
        except FileNotFoundError:  # iso-codes has no such catalogue for this language
            continue
        rows = json.loads((iso_codes / f"iso_{standard}.json").read_text(encoding="utf-8"))[standard]
        for row in rows:
            for name in (row[f] for f in fields if f in row):
                translated = tr.gettext(name)
                if _usable(name, translated):
                    table[name] = translated
    return table


class PlaceNames:
    """Rewrites place names a translation kept verbatim from its source text."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        names = sorted(table, key=len, reverse=True)  # "New Jersey" before "Jersey"
        self._pattern = re.compile(r"(?<![\w'-])(" + "|".join(map(re.escape, names)) + r")(?![\w'-])") if names else None

    def apply(self, source: str, translated: str) -> str:
        if self._pattern is None:
            return translated
        said = set(self._pattern.findall(source))
        return self._pattern.sub(lambda m: self.table[m.group(0)] if m.group(0) in said else m.group(0), translated)
