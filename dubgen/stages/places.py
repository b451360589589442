"""Where a thing or a person is: es and gl say it with "estar", ca with "a" before the article.

The English pairs say "be" with "ser" whatever follows ("The box is on the table." → "La caja es en la mesa",
gl "é na mesa"; "I have been in Paris" → "He sido en París"). Before a place — "en", a preposition of place
("bajo", "detrás de", "cerca de"), a place adverb ("aquí", "lejos") — es and gl say "estar" in the same tense and
person ("está en la mesa", "He estado en París"). "ser" stays where the subject is an event, whose place is said
with "ser" ("La fiesta es en mi casa"), where a time follows "en" ("Fue en 1920", "es en mayo") and where
"donde"/"que" follows the place in its clause (a cleft: "Fue en esta casa donde nació"). "Where is…?" asks for a place
too ("¿Dónde es la estación?" → "¿Dónde está…?"; "¿Dónde es la fiesta?" stays). Galician's "son" is
"I am" and "they are"; the stream's person tells them apart ("Son aquí" of "I am here" → "Estou aquí").
Catalan says a place with "ser" and "a" before the definite article and a place's name ("és en la taula" → "és a
la taula", "He estat en París" → "a París").

Works on the transfer's final stream ("^lemma<tags>$"), before generation.
"""

from __future__ import annotations

import re

from .apertium_stream import NOUN_FORM, replace, sentences

_SER = re.compile(r"^([Ss])er<vbser>(<(?:pri|pii|ifi|fti|cni|prs|pis|pp|inf)>.*)$")
#: a place after "be", per target: prepositions (lemmas) and adverbs
_PLACE = {
    "es": re.compile(r"^(?:en|bajo|detrás de|delante de|cerca de|encima de|debajo de|dentro de|fuera de|junto a|"
                     r"al lado de|entre|enfrente de)<pr>$|^(?:aquí|allí|ahí|allá|acá|fuera|lejos|cerca|arriba|abajo|"
                     r"dentro|detrás|delante|encima|debajo|enfrente)<adv>$"),
    "gl": re.compile(r"^(?:en|baixo|detrás de|diante de|preto de|enriba de|debaixo de|dentro de|fóra de|xunto a|"
                     r"ao lado de|entre|fronte a)<pr>$|^(?:aquí|alí|aí|acolá|acá|fóra|lonxe|preto|arriba|abaixo|"
                     r"dentro|detrás|diante|enriba|debaixo)<adv>$"),
}
#: between "be" and the place: "ya", "todavía", "siempre", "también", "no" ("todavía temprano en…" is a time)
_BETWEEN = re.compile(r"^(?:ya|todavía|aún|siempre|también|no|nunca|casi|xa|aínda|sempre|tamén|non|case|"
                      r"probablemente|realmente|seguramente|normalmente)<adv>$", re.IGNORECASE)
#: events, whose place is said with "ser" ("La reunión es en la sala 4")
_EVENT = re.compile(r"^(?:fiesta|festa|reunión|boda|voda|concierto|concerto|clase|partido|examen|exame|cena|cea|"
                    r"comida|xantar|evento|ceremonia|cerimonia|espectáculo|función|conferencia|entrevista|cita|misa|"
                    r"funeral|enterro|entierro|juicio|xuízo|feria|feira|festival|exposición|carrera|carreira|"
                    r"competición|torneo|final|cumpleaños|aniversario|celebración|excursión|encuentro|"
                    r"encontro|cumio|cumbre|manifestación|sesión|charla|curso|taller|obradoiro)<n>")
#: a time after "en" ("en 1920", "en mayo", "en el siglo XVI", "en dos horas")
_TIME = re.compile(r"^[^<]+<num>|^(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
                   r"diciembre|xaneiro|febreiro|maio|xuño|xullo|setembro|outubro|novembro|decembro|"
                   r"primavera|verano|verán|otoño|outono|invierno|inverno|siglo|século|año|ano|mes|semana|día|hora|"
                   r"minuto|segundo|momento|década|época|mañá|mañana|tarde|noche|noite|fin de semana)<n>")
#: a phrasebook's mark, said after generation
_PHRASE = re.compile(r"zz[a-z]+zz", re.IGNORECASE)
#: what a noun phrase after "en" opens with before its noun
_OPENING = re.compile(r"^[^<]+<(?:det|adj|num|predet)>")
#: a cleft's or a relative's word after the place ("Fue en esta casa donde nació")
_CLEFT = re.compile(r"^(?:donde|onde|que|cuando|cando)<(?:rel|cnjsub|cnjadv|adv)>")
#: where a clause ends
_CLAUSE_END = re.compile(r"^[^<]+<(?:cm|sent|lpar|rpar|cnjcoo|cnjsub|cnjadv|rel)>")
#: "where" asked
_WHERE = re.compile(r"^(?:[Dd][oó]nde|[Oo]nde)<adv><itg>$")
#: ca "en" before the definite article, after "ser"/"estar"
_CA_BE = re.compile(r"^(?:[Ss]er<vbser>|[Ee]star<vblex>)<")
_CA_DEFINITE = re.compile(r"^el(?: meu| teu| seu| nostre| vostre)?<det><(?:def|pos)>|^[^<]+<np><(?:top|loc)>")


def say_places(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` (``mode``: eng-spa, eng-cat or en-gl) with "be" somewhere as the module's
    description says it."""
    target = {"eng-spa": "es", "en-gl": "gl", "eng-cat": "ca"}.get(mode)
    if target is None:
        return stream
    edits: list[tuple[int, int, str]] = []
    for sentence in sentences(stream):
        units = [u.group(1) for u in sentence]
        for i, unit in enumerate(units):
            if target == "ca":
                if (_CA_BE.match(unit) and i + 2 < len(units) and units[i + 1] == "en<pr>"
                        and _CA_DEFINITE.match(units[i + 2])):
                    edits.append((sentence[i + 1].start(), sentence[i + 1].end(), "^a<pr>$"))
                continue
            m = _SER.match(unit)
            if m and _somewhere(units, i, target):
                tags = m.group(2)
                noun = next((n for u in units[i + 1:i + 4] if (n := NOUN_FORM.match(u))), None)
                if i and _WHERE.match(units[i - 1]) and noun and "<p3>" in tags:  # "¿Dónde es mis llaves?"
                    tags = re.sub(r"<(?:sg|pl)>$", f"<{noun.group(2)}>", tags)
                edits.append((sentence[i].start(), sentence[i].end(), f"^{'E' if m.group(1) == 'S' else 'e'}"
                              f"star<vblex>{tags}$"))
    return replace(stream, edits)


def _somewhere(units: list[str], i: int, target: str) -> bool:
    """``units[i]`` ("ser") says where its subject is: a place follows, no event before, no time or cleft after; or
    "where" asks before it and no event follows ("¿Dónde es la estación?"; "¿Dónde es la fiesta?" stays)."""
    if i and _WHERE.match(units[i - 1]):
        return not any(_EVENT.match(u) for u in units[i + 1:i + 4])
    j = i + 1
    while j < len(units) and _BETWEEN.match(units[j]) and not _PLACE[target].match(units[j]):
        j += 1
    if j >= len(units) or not _PLACE[target].match(units[j]):
        return False
    k = j + 1
    while k < len(units) and _OPENING.match(units[k]) and not _TIME.match(units[k]):
        k += 1
    if k < len(units) and units[j].startswith("en<") and (_TIME.match(units[k]) or _PHRASE.search(units[k])):
        return False  # a time, or a phrase the phrasebook says ("en zzpb…zz": "in March")
    for after in units[j + 1:]:
        if _CLEFT.match(after):
            return False
        if _CLAUSE_END.match(after):
            break
    for before in reversed(units[:i]):
        if _EVENT.match(before):
            return False
        if "<n>" in before or _CLAUSE_END.match(before):
            break
    return True
