"""Apertium's English pairs run stage by stage: the mode's own commands, and the stream between them.

A stream holds lexical units, "^surface/reading/…$" after analysis and "^lemma<tags>$" after
transfer; :mod:`.subjects` and :mod:`.imperatives` edit it between stages.
"""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from ..errors import RecipeError
from .base import require_binary

#: a lexical unit of the stream, "^surface/reading/…$" (analysis) or "^lemma<tags>$" (transfer)
LU = re.compile(r"\^((?:[^$\\]|\\.)*)\$")
#: a reading of a verb, any form
VERB = re.compile(r"<(?:vblex|vbser|vbhaver|vaux|vbmod|vbdo)>")
#: a reading of a subject pronoun ("I", "you" read as the subject)
SUBJECT = re.compile(r"<prn><subj>")
#: a reading of a lexical verb's infinitive
INFINITIVE = re.compile(r"<vblex><inf>")
#: a reading of a noun; of a noun or a name; of a determiner or a possessive ("my")
NOUN = re.compile(r"<n><")
NOUN_OR_NAME = re.compile(r"<n><|<np><")
DETERMINER = re.compile(r"<det>|<prn><pos>")
#: a transfer unit of a noun with its gender and number (groups 1, 2)
NOUN_FORM = re.compile(r"^[^<]+<n><(m|f|mf)><(sg|pl)>$")
#: a reading of a word of a noun phrase: determiner, possessive, number, adjective, noun, name, genitive
PHRASE_WORD = re.compile(r"<(?:det|num|adj|n|np)>|<prn><pos>|<gen>")
#: analysis units as (surface, readings)
Words = list[tuple[str, list[str]]]
_READINGS = re.compile(r"(?<!\\)/")


#: a chunk of the transfer's first stage, "^head<tags>{^lemma<tags>$ …}$" (group 1: its head)
CHUNK = re.compile(r"\^([^{$^]*)\{(?:[^}\\]|\\.)*\}\$")


def sentences(stream: str, unit: re.Pattern[str] = LU) -> list[list[re.Match[str]]]:
    """The stream's lexical units (or, with ``unit`` :data:`CHUNK`, its chunks) grouped by
    sentence: a sentence ends after a unit tagged ``<sent>`` or at a line break between units."""
    out: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    pos = 0
    for m in unit.finditer(stream):
        if "\n" in stream[pos:m.start()] and current:
            out.append(current)
            current = []
        current.append(m)
        pos = m.end()
        if "<sent>" in m.group(1):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def inner_units(stream: str, word: str) -> Iterator[tuple[list[re.Match[str]], int, list[str]]]:
    """Each analysis unit of ``stream`` whose surface is ``word`` (any case) with a unit before and
    after it in its sentence: (the sentence, the unit's index, its readings)."""
    for sentence in sentences(stream):
        for i in range(1, len(sentence) - 1):
            surface, readings = surface_readings(sentence[i])
            if surface.lower() == word:
                yield sentence, i, readings


def noun_phrase_end(words: Words, start: int, follows: Callable[[list[str]], bool], most: int) -> Optional[int]:
    """The index after the noun phrase opening at ``words[start]`` (at most ``most`` words, ending
    in a noun or a name, a preposition after a noun kept in it: "the man from the gas company"),
    the longest whose next word's readings ``follows`` allows; None where there is none."""
    end, noun = start, False
    while end < len(words) and end - start < most and any(
            PHRASE_WORD.search(r) or (noun and "<pr>" in r) for r in words[end][1]):
        noun = noun or any(NOUN_OR_NAME.search(r) for r in words[end][1])
        end += 1
    for k in range(end, start, -1):
        if k < len(words) and any(NOUN_OR_NAME.search(r) for r in words[k - 1][1]) and follows(words[k][1]):
            return k
    return None


def surface_readings(unit: re.Match[str]) -> tuple[str, list[str]]:
    """An analysis unit's surface form and its readings ("works", ["work<n><pl>", …])."""
    surface, *readings = _READINGS.split(unit.group(1))
    return surface, readings


def only(readings: list[str], pattern: re.Pattern[str]) -> bool:
    """There are readings and each matches ``pattern`` (a word that is only, say, an adverb)."""
    return bool(readings) and all(pattern.search(r) for r in readings)


def keeping(unit: re.Match[str], readings: Sequence[str]) -> tuple[int, int, str]:
    """The edit (for :func:`replace`) that leaves the analysis ``unit`` only ``readings``."""
    return unit.start(), unit.end(), f"^{surface_readings(unit)[0]}/{'/'.join(readings)}$"


def replace(stream: str, edits: list[tuple[int, int, str]]) -> str:
    """``stream`` with each (start, end, unit) edit made (edits in order, not overlapping)."""
    for a, b, unit in reversed(edits):
        stream = stream[:a] + unit + stream[b:]
    return stream


def asks(sentence: list[re.Match[str]]) -> bool:
    """The sentence ends in a question mark (analysis: "?/?<sent>"; transfer: "?<sent>")."""
    return bool(sentence) and re.match(r"\?[/<]", sentence[-1].group(1)) is not None


def sentence_units(sentence: list[re.Match[str]], commas: bool = True) -> list[re.Match[str]]:
    """The sentence's units but its closing punctuation (and, without ``commas``, its commas)."""
    return [m for m in sentence if "<sent>" not in m.group(1) and (commas or "<cm>" not in m.group(1))]


def mode_commands(mode: str, generation: str) -> list[list[str]]:
    """The commands of Apertium ``mode`` as ``apertium`` runs them on text (with its word-blank
    handling), ``generation`` ("-n" or "-g") for the generator's option."""
    exe = require_binary("apertium", "install it with `apt-get install apertium`")
    path = Path(exe).resolve().parent.parent / "share" / "apertium" / "modes" / f"{mode}.mode"
    if not path.is_file():
        raise RecipeError(f"translate.pair: apertium mode {mode!r} not found ({path}); "
                          "install its pair, e.g. `apt-get install apertium-eng-spa`")
    commands = [shlex.split(c.replace("$1", generation).replace("$2", "")) for c in _mode_text(path).strip().split("|")]
    return [c for c in commands if c]


@functools.lru_cache(maxsize=None)
def _mode_text(path: Path) -> str:
    """A mode file's pipeline as ``apertium`` runs it on text (with its word-blank handling); asked once
    per file."""
    wblank = shutil.which("apertium-wblank-mode")
    return (subprocess.run([wblank, str(path)], capture_output=True, text=True, check=True).stdout if wblank
            else path.read_text(encoding="utf-8"))


def run_commands(commands: Sequence[list[str]], data: str) -> str:
    """``data`` through ``commands`` one after the other (argument lists, no shell)."""
    for command in commands:
        proc = subprocess.run(command, input=data, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"apertium step {Path(command[0]).name} failed: {proc.stderr.strip()[-300:]}")
        data = proc.stdout
    return data
