"""Words an English pair lacks, lent by a larger pair into a related target.

en-gl's dictionaries lack everyday words eng-spa has ("lentils", "soak", "yeast", "grilled");
Galician shares most of its lemmas with Spanish. In the staged last step (:mod:`.english_pairs`):

* a word en-gl's analyser does not know gets the donor's analyses ("^lentils/lentil<n><pl>$"),
  among which the pair's own tagger chooses in context;
* a lemma its bilingual dictionary lacks ("@lentil") gets the donor's translation
  ("lenteja<n><f><pl>"), which the pair's transfer then agrees with its article;
* a lent lemma the target's generator cannot inflect ("#lenteja") is said in the donor
  language's form ("lentejas", a Spanish word a Galician listener knows), one it can
  ("picar") in the target's.

A word neither pair knows stays as it was (and is marked unknown, "*crusty"). With marks, a
word said in the donor's language is marked :data:`LENT_MARK`, so that it can be recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .apertium_stream import LU, mode_commands, run_commands, surface_readings

#: per mode, the mode lending its dictionaries
DONORS: dict[str, str] = {"en-gl": "eng-spa"}
#: the mark of a word said in the donor's language, where the output shows marks ("§lentejas"; the
#: generators' own marks are "*", "@" and "#", and postgeneration's "~")
LENT_MARK = "§"
#: a unit after the bilingual lookup whose lemma the dictionary lacks ("^lentil<n><pl>/@lentil<n><pl>$")
_NOT_IN_DICTIONARY = re.compile(r"\^((?:[^$\\/@]|\\.)*)/@(?:[^$\\]|\\.)*\$")


def _step(commands: list[list[str]], program: str, option: str = "") -> list[str]:
    """The command of ``commands`` run by ``program`` (with ``option`` first, if given)."""
    found = [c for c in commands if Path(c[0]).name == program and (not option or c[1:2] == [option])]
    if not found:
        raise RuntimeError(f"apertium mode: no {program} {option} step in {[Path(c[0]).name for c in commands]}")
    return found[0]


@dataclass(frozen=True)
class Donor:
    """The dictionaries a pair borrows from: the donor's analyser, bilingual dictionary and
    generator, and the target's own generator (each an ``lt-proc`` command)."""

    analyser: list[str]
    bilingual: list[str]
    generator: list[str]
    target_generator: list[str]

    @classmethod
    def for_mode(cls, mode: str) -> "Donor | None":
        if mode not in DONORS:
            return None
        donor, own = mode_commands(DONORS[mode], "-g"), mode_commands(mode, "-g")
        return cls(donor[0], _step(donor, "lt-proc", "-b"), _step(donor, "lt-proc", "-g"), _step(own, "lt-proc", "-g"))

    def lend_analyses(self, stream: str) -> str:
        """The analysis ``stream`` with each unknown word ("^lentils/*lentils$") given the
        donor's analyses that the donor can translate, where it has any."""
        unknown = [m for m in LU.finditer(stream) if surface_readings(m)[1][:1] and surface_readings(m)[1][0][:1] == "*"]
        if not unknown:
            return stream
        words = [surface_readings(m)[0] for m in unknown]
        lines = run_commands([self.analyser], "\n".join(words) + "\n").split("\n")
        analyses = {}
        for word, line in zip(words, lines):
            units = list(LU.finditer(line))
            if len(units) == 1 and surface_readings(units[0])[0] == word:
                analyses[word] = [r for r in surface_readings(units[0])[1] if r[:1] != "*"]
        readings = sorted({r for rs in analyses.values() for r in rs})
        translated = {r for r, t in zip(readings, self._translations(readings)) if t}
        pieces, pos = [], 0
        for m, word in zip(unknown, words):
            kept = [r for r in analyses.get(word, []) if r in translated]
            if kept:
                pieces += [stream[pos:m.start()], "^" + "/".join([word, *kept]) + "$"]
                pos = m.end()
        return "".join(pieces) + stream[pos:]

    def _translations(self, readings: list[str]) -> list[str]:
        """Each reading's ("lentil<n><pl>") first translation in the donor's bilingual
        dictionary ("lenteja<n><f><pl>"), or "" where it has none."""
        if not readings:
            return []
        lines = run_commands([self.bilingual], "\n".join(f"^{r}$" for r in readings) + "\n").split("\n")
        out = []
        for line in lines[:len(readings)]:
            unit = LU.search(line)
            options = unit.group(1).split("/")[1:] if unit else []
            out.append(options[0] if options and options[0][:1] not in "@*#" and "<" in options[0] else "")
        return out

    def lend_translations(self, stream: str) -> tuple[str, frozenset[str]]:
        """The bilingual lookup's ``stream`` with each lemma missing from the pair's dictionary
        given the donor's first translation, and the lent target lemmas (lower case)."""
        missing = list(_NOT_IN_DICTIONARY.finditer(stream))
        pieces, pos, lent = [], 0, set()
        for m, translation in zip(missing, self._translations([m.group(1) for m in missing])):
            if translation:
                pieces += [stream[pos:m.start()], f"^{m.group(1)}/{translation}$"]
                pos = m.end()
                lent.add(translation[:translation.index("<")].lower())
        return "".join(pieces) + stream[pos:], frozenset(lent)

    def say_lent(self, stream: str, lent: frozenset[str], marks: bool = False) -> str:
        """The stream before generation with each unit of a ``lent`` lemma that the target's
        generator cannot inflect written in the donor's form (with ``marks``, after
        :data:`LENT_MARK`)."""
        units = [m for m in LU.finditer(stream) if m.group(1).split("<")[0].lower() in lent]
        if not units:
            return stream
        batch = "\n".join(m.group(0) for m in units) + "\n"
        own = run_commands([self.target_generator], batch).split("\n")
        donor = run_commands([self.generator], batch).split("\n")
        pieces, pos = [], 0
        for m, mine, theirs in zip(units, own, donor):
            if mine.startswith("#") and theirs and theirs[:1] not in "#@*" and "<" not in theirs:
                # a name is the same in both ("Miller"): not a word of the donor's language
                lent_word = marks and "<np>" not in m.group(1)
                pieces += [stream[pos:m.start()], LENT_MARK + theirs if lent_word else theirs]
                pos = m.end()
        return "".join(pieces) + stream[pos:]
