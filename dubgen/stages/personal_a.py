"""Spanish's "a" before a person who is a verb's object.

eng-spa leaves it out: "I called my mother" → "Llamé mi madre", "Help the kids" → "Ayuda los
niños", "We visited our grandparents" → "Visitamos nuestros abuelos". Before generation
(:func:`say_personal_a`), a verb followed by a noun phrase whose noun is a person (a relative,
a friend, a child…), a person's name or a pet named with "the" or "my" gets "a" before the
phrase: "Llamé a mi madre", "Ayuda a los niños", "Vimos a María ayer", "Saca al perro"; so does one
before "alguien", "nadie", "cualquiera", "todo el mundo" ("Tenemos que llamar a alguien", "No vi a nadie",
"Enviaré a todo el mundo un mensaje"). Verbs that take no
such object ("tener", "ser", "haber"…) are left.
"""

from __future__ import annotations

import re

#: the modes whose target says it
MODES = frozenset({"eng-spa"})
#: nouns of people and pets (Spanish lemmas)
_PEOPLE = (r"padre|madre|hijo|hija|niño|niña|hermano|hermana|amigo|amiga|esposa|esposo|marido|mujer|mamá|papá|"
           r"abuelo|abuela|novio|novia|bebé|chico|chica|hombre|persona|gente|tío|tía|primo|prima|nieto|nieta|"
           r"familia|vecino|vecina|profesor|profesora|maestro|maestra|médico|médica|jefe|jefa|compañero|compañera|"
           r"estudiante|alumno|alumna|cliente|invitado|invitada|visitante|pareja|sobrino|sobrina|suegro|suegra|seguidor|"
           r"seguidora|conductor|conductora|dueño|dueña|marinero|escritor|escritora|camarero|camarera|enfermero|enfermera|"
           r"policía|vendedor|vendedora|trabajador|trabajadora|empleado|empleada|abogado|abogada|doctor|doctora")
#: pets: "a" before a definite one ("Saca al perro"), not a one ("Vi un gato")
_PETS = r"perro|perra|gato|gata"
#: verbs whose noun phrase after them is no person's object
_NOT_OBJECT = (r"tener|haber|hay|ser|estar|parecer|ir|venir|llegar|volver|quedar|gustar|encantar|hacer|"
               r"llamarse|sentir|costar|durar|faltar|pasar|ocurrir|existir|vivir|nacer|morir")
_PHRASE = re.compile(
    r"(\^(?!(?:" + _NOT_OBJECT + r")<)[^<$^]+<vblex>(?:<[^>]+>)*\$)(\s+)"  # a verb without an enclitic pronoun
    r"(?=((?:\^[^<$^]+<(?:det|num|predet)>(?:<[^>]+>)*\$\s+){0,2})"  # "mis", "los dos"
    r"(?:\^[^<$^]+<adj>(?:<[^>]+>)*\$\s+)?"
    r"\^(?:(?:" + _PEOPLE + r")<n>|[^<$^]+<np><ant>|(" + _PETS + r")<n>|"
    r"(?:alguien|nadie|cualquiera|todo el mundo)<prn>))",
    re.IGNORECASE)


def say_personal_a(stream: str, mode: str) -> str:
    """The transfer's final ``stream`` with "a" before a verb's object that is a person (see the
    module's description)."""
    if mode not in MODES:
        return stream
    def said(m: re.Match[str]) -> str:
        if m.group(4) and (not m.group(3) or "<ind>" in m.group(3)):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}^a<pr>$ "

    return _PHRASE.sub(said, stream)
