"""Rules applied to an English pair's translation, per target (:data:`TARGET_REWRITES`).

eng-spa says every "be" of place
with "ser" ("I'm in New Jersey" → "Soy en Nueva Jersey", "Where are you?" → "¿Dónde eres?"); for
the first and second persons, which are people, not events, and for a state ("No soy seguro"),
it becomes "estar"; an English "I" left between two words is dropped; "about" of a topic is not
"aproximadamente", of a number not "sobre"; contractions the pairs miss ("per el" → "pel",
"por o" → "polo"); Spanish questions and exclamations get their opening marks; the pronoun
"that" is the everyday "eso"/"això"/"iso", not the far "aquello"; "cuestión" asked is "pregunta".
"any" after a negation is "no" ("Nunca he visto nada", not "cualquier cosa") and in a question
"some" ("¿Alguien tiene preguntas?").
"""

from __future__ import annotations

import re
from typing import Callable

from .phrasebook import same_case

#: English "I" left between two words ("Qué I estoy intentando decir"): a subject pronoun the
#: target leaves unsaid (not a Roman numeral: "Carlos I" follows a capital)
_ENGLISH_I = (re.compile(r"(?<=[a-záéíóúñ] )I (?=[a-záéíóúñ])"), lambda m: "")
#: a clause that asks, after a comma: where its opening mark goes
_ASKED = re.compile(r", (?:(?:así que|pero|y|entonces|o) )?(?=(?:qué|quién|quiénes|cómo|dónde|cuándo|cuánto|cuánta|"
                    r"cuántos|cuántas|cuál|cuáles|por qué)\b)")


def _opened(sentence: str) -> str:
    """A Spanish question or exclamation with its opening mark ("Me oyes?" → "¿Me oyes?"), where
    it has none (a tag keeps its own: "Es bueno, ¿verdad?"): after a greeting or a name of one
    or two words that leads it ("Hola, ¿cómo estás?"; not a clause the next joins with "o", "y",
    "pero"), or before the question word of its last clause ("…, así que ¿qué puedo decir?")."""
    body = sentence.lstrip()
    opener = "¿" if body.endswith("?") else "¡"
    if opener in body or not body[:-1].strip():
        return sentence
    lead, comma, rest = body.partition(", ")
    joined = re.match(r"(?:o|u|y|e|pero)\b", rest)  # "Quieres café, o prefieres té?" asks from its start
    at = len(lead) + 2 if comma and len(lead.split()) <= 2 and rest[:-1].strip() and not joined else 0
    if not at and opener == "¿":
        asked = list(_ASKED.finditer(body))
        at = asked[-1].end() if asked else 0
    return sentence[: len(sentence) - len(body)] + body[:at] + opener + body[at:]


_SER_ESTAR = {"soy": "estoy", "eres": "estás", "somos": "estamos", "sois": "estáis", "es": "está", "son": "están",
              "era": "estaba", "eras": "estabas", "éramos": "estábamos", "erais": "estabais", "eran": "estaban",
              "seré": "estaré", "serás": "estarás", "será": "estará", "seremos": "estaremos", "seréis": "estaréis",
              "serán": "estarán",
              "sea": "esté", "seas": "estés", "seamos": "estemos", "seáis": "estéis", "sean": "estén"}
#: adjectives of a state, said with "estar" (a "seguro" thing is safe: only people are sure)
_STATE = (r"(?:segur|cansad|ocupad|preocupad|enfadad|enferm|emocionad|entusiasmad|nervios|content|sentad|perdid|"
          r"confundid|cerrad|abiert|roto|rota|vací|llen|frí|calient|tibi|helad|dormid|despiert|mojad|empapad|suci|limpi)"
          r"(?:o|a|os|as|e|es)?")


_TRIED = {"pruebo": "intento", "pruebas": "intentas", "prueba": "intenta", "probamos": "intentamos", "prueban": "intentan",
          "probé": "intenté", "probaste": "intentaste", "probó": "intentó", "probaron": "intentaron"}
_HAD = {"tuve": "tenía", "tuviste": "tenías", "tuvo": "tenía", "tuvimos": "teníamos", "tuvisteis": "teníais",
        "tuvieron": "tenían"}
_CA_GERUND = {"ar": "ant", "er": "ent", "ir": "int"}
_HAD_CA = {"vaig": "tenia", "vas": "tenies", "va": "tenia", "vam": "teníem", "vau": "teníeu", "van": "tenien"}
_HAD_GL = {"tiven": "tiña", "tiveches": "tiñas", "tivo": "tiña", "tivemos": "tiñamos", "tivestes": "tiñades",
           "tiveron": "tiñan"}
#: the preterite as the imperfect subjunctive: irregular verbs whole, the rest by ending
_SUBJUNCTIVE = {"tuve": "tuviera", "tuvo": "tuviera", "tuvimos": "tuviéramos", "tuvieron": "tuvieran", "tuviste": "tuvieras",
                "fui": "fuera", "fue": "fuera", "fuimos": "fuéramos", "fueron": "fueran", "fuiste": "fueras",
                "hice": "hiciera", "hizo": "hiciera", "hicimos": "hiciéramos", "hicieron": "hicieran",
                "pude": "pudiera", "pudo": "pudiera", "pudimos": "pudiéramos", "pudieron": "pudieran",
                "supe": "supiera", "supo": "supiera", "quise": "quisiera", "quiso": "quisiera",
                "estuve": "estuviera", "estuvo": "estuviera", "dije": "dijera", "dijo": "dijera", "vine": "viniera",
                "vino": "viniera", "era": "fuera", "eras": "fueras", "éramos": "fuéramos", "eran": "fueran"}
_PRETERITE_ENDINGS = (("aron", "aran"), ("amos", "áramos"), ("aste", "aras"), ("ieron", "ieran"), ("imos", "iéramos"),
                      ("iste", "ieras"), ("ió", "iera"), ("é", "ara"), ("ó", "ara"), ("í", "iera"))


def _if_subjunctive(m: re.Match[str]) -> str:
    """"si" + a preterite (or "era") before a conditional in the imperfect subjunctive ("Si tuve más tiempo,
    viajaría" → "Si tuviera"); a word that is no such verb stays."""
    word = m.group(2)
    said = _SUBJUNCTIVE.get(word.lower())
    if said is None and len(word) > 4 and word.islower():  # "sí", "aquí", "allí" are shorter
        said = next((word[:-len(end)] + new for end, new in _PRETERITE_ENDINGS if word.endswith(end)), None)
    return m.group(1) + said if said else m.group(0)


#: "estar" in the preterite, as "ser" and as "estar" in the imperfect
_WAS = {"estuve": ("fui", "estaba"), "estuviste": ("fuiste", "estabas"), "estuvo": ("fue", "estaba"),
        "estuvimos": ("fuimos", "estábamos"), "estuvisteis": ("fuisteis", "estabais"), "estuvieron": ("fueron", "estaban")}
#: a participle (regular, or one of the irregular ones)
_PARTICIPLE = re.compile(r"\w+(?:ad|id)[oa]s?|(?:hech|escrit|dich|puest|vist|abiert|rot|muert|vuelt|cubiert|descubiert|"
                         r"resuelt|impres|devuelt|frit)[oa]s?", re.IGNORECASE)


def _passive_was(m: re.Match[str]) -> str:
    """"estuvo" before a participle: "fue" (a thing done), "estaba" (a state of :data:`_STATE`)."""
    if not _PARTICIPLE.fullmatch(m.group(3)):
        return m.group(0)
    done, state = _WAS[m.group(1).lower()]
    return same_case(m.group(1), state if re.fullmatch(_STATE, m.group(3), re.IGNORECASE) else done) + " "


#: ca adjectives of a person's state ("Sóc cansat" → "Estic cansat")
_STATE_CA = (r"(?:(?:cansa|ocupa|preocupa|esgota|enfada|emociona|avorri)(?:t|da|ts|des)|malalt(?:a|s|es)?|"
             r"nervi(?:ós|osa|osos|oses)|content(?:a|s|es)?)")
#: gl adjectives of a person's state, singular ("Son canso" → "Estou canso")
_STATE_GL = r"(?:canso|cansa|cansado|cansada|ocupado|ocupada|preocupado|preocupada|esgotado|esgotada|enfermo|enferma|" \
            r"nervioso|nerviosa|contento|contenta|farto|farta|aburrido|aburrida|enfadado|enfadada)"
#: ca verbs that take "en" (pensar en, confiar en…) and what "en" + the article keeps ("en el cas", "en el moment")
_IN_VERBS = re.compile(r"\b(?:dep[eè]n|pens|confi|cre|insist|consist|enfoc|centr|particip|interess|fix|entr|convert|transform|"
                       r"invert|gast)\w*\s+$", re.IGNORECASE)
_IN_KEPT = re.compile(r"\s?(?:cas|moment|meu parer|meva opinió|fons|seu lloc|meu lloc|teu lloc|lloc de)\b")


def _ca_in(m: re.Match[str]) -> str:
    """ca "en" + the definite article, said "a" ("al parc", "a la caixa", "al segle XVI"; eng-cat wrote "en el")
    but after a verb that takes "en" and in a fixed phrase ("en el cas")."""
    if _IN_VERBS.search(m.string[max(0, m.start() - 30):m.start()]) or _IN_KEPT.match(m.string, m.end()):
        return m.group(0)
    a, article = "A" if m.group(1) == "E" else "a", m.group(2) or m.group(3)
    return {"el": a + "l", "els": a + "ls"}.get(article, f"{a} {article}")


_SER_ESTAR_CA = {"sóc": "estic", "ets": "estàs", "és": "està", "som": "estem", "sou": "esteu", "són": "estan",
                 "era": "estava", "eren": "estaven", "serà": "estarà", "seran": "estaran"}


def _estar(ser: str, forms: dict[str, str] = _SER_ESTAR) -> str:
    """The form of "estar" for a form of "ser", in its case ("Soy" → "Estoy"; ``forms``: a target's)."""
    return same_case(ser, forms[ser.lower()])


def _form_before(forms: dict[str, str], after: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A rule saying each verb form of ``forms`` (any case) as its other form where ``after`` (a pattern)
    follows it and a space, in its case ("tuvo hambre" → "tenía hambre")."""
    return (re.compile(r"\b(" + "|".join(forms) + r") (?=" + after + ")", re.IGNORECASE),
            lambda m: same_case(m.group(1), forms[m.group(1).lower()]) + " ")


def _say(word: str, said: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A rule saying ``word`` (a pattern, whole words, any case) as ``said``, in its case."""
    return re.compile(r"\b" + word + r"\b", re.IGNORECASE), lambda m: same_case(m.group(0), said)


#: a "before" that ends a clause, said "antes de que." by eng-spa and en-gl
_BEFORE_AT_END = (re.compile(r"\bantes de que(?=\s?[.!?;:,]|$)"), lambda m: "antes")


def _anywhere(said: str, negated: str, plain: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """The pair's "anywhere" (``said``) as a negated clause says it (``negated``: "No lo encuentro por ninguna
    parte"), or ``plain`` ("Siéntate en cualquier sitio")."""
    def anywhere(m: re.Match[str]) -> str:
        clause = re.split(r"[.!?;]", m.string[:m.start()])[-1]
        return negated if re.search(r"\b(?:[Nn]o|[Nn]on|[Nn]unca|[Mm]ai)\b", clause) else plain
    return re.compile(rf"\b{said}\b"), anywhere


def _before_infinitive(words: str, prep: str, said: str, infinitive: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """The pair's ``prep`` for "to" before an infinitive, after ``words`` (stems) that take
    ``said`` there ("empezaron para cambiar" → "empezaron a cambiar"; ``said`` "" drops it:
    "cómo para hacerlo" → "cómo hacerlo")."""
    return (re.compile(rf"\b((?:{words})\w*) {prep} (?={infinitive})", re.IGNORECASE),
            lambda m: f"{m.group(1)} {said} " if said else f"{m.group(1)} ")


#: a gerund, with its clitics ("haciendo", "diciéndome"); not a name ("Este es Fernando")
_ES_GERUND = r"(?-i:[a-záéíóúñ])\w*(?:ando|iendo|yendo|ándo\w+|iéndo\w+|yéndo\w+)\b"
_GL_GERUND = r"(?-i:[a-záéíóúñ])\w*(?:ando|endo|indo|ándo\w+|éndo\w+|índo\w+)\b"
#: "for" a span of time said "para" ("Hablamos para horas", "He estado haciendo esto para años")
_SPAN = {"es": (r"\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte|treinta|cien|"
                r"varios|varias|muchos|muchas|pocos|pocas|algunos|algunas",
                r"segundos?|minutos?|horas?|días?|semanas?|meses|mes|años?|décadas?|siglos?|mucho tiempo"),
         "gl": (r"\d+|un|unha|uns|unhas|dous|dúas|tres|catro|cinco|seis|sete|oito|nove|dez|quince|vinte|trinta|cen|"
                r"varios|varias|moitos|moitas|poucos|poucas|algúns|algunhas",
                r"segundos?|minutos?|horas?|días?|semanas?|meses|mes|anos?|décadas?|séculos?|moito tempo")}
#: "a long time" said word for word ("un tiempo largo")
_LONG_TIME = {"es": (re.compile(r"\bun tiempo largo\b"), lambda m: "mucho tiempo"),
              "gl": (re.compile(r"\bun tempo longo\b"), lambda m: "moito tempo")}
_WITH = {"te": "contigo", "me": "conmigo"}
_STRESSED = {"te": "ti", "me": "mí", "les": "ellos"}
#: "think" of an opinion ("I think that…") said "creer", per target: the pairs' "pensar que"
_BELIEVE = {"es": {"pienso": "creo", "piensas": "crees", "piensa": "cree", "pensamos": "creemos", "pensáis": "creéis",
                   "piensan": "creen", "pensaba": "creía", "pensabas": "creías", "pensábamos": "creíamos",
                   "pensaban": "creían", "pensé": "creí", "pensaste": "creíste", "pensó": "creyó"},
            "ca": {"penso": "crec", "penses": "creus", "pensa": "creu", "pensem": "creiem", "penseu": "creieu",
                   "pensen": "creuen", "pensava": "creia", "pensaves": "creies", "pensàvem": "crèiem",
                   "pensaven": "creien"},
            "gl": {"penso": "creo", "pensas": "cres", "pensa": "cre", "pensamos": "cremos", "pensades": "credes",
                   "pensan": "cren", "pensaba": "cría", "pensabas": "crías", "pensabamos": "criamos",
                   "pensaban": "crían", "pensei": "crin", "pensaches": "criches", "pensou": "creu"}}


def _believe(target: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"pensar que" (an opinion) as "creer que" in ``target``'s form ("Pienso que" → "Creo que")."""
    forms = _BELIEVE[target]
    return (re.compile(r"\b(" + "|".join(forms) + r") que\b", re.IGNORECASE),
            lambda m: same_case(m.group(1), forms[m.group(1).lower()]) + " que")
#: "cuándo" inside a sentence that does not ask, unless after a verb of knowing or asking ("No sé cuándo")
_CUANDO = re.compile(r"(?<!\bsé )(?<!\bsabes )(?<!\bsabe )(?<!\bsabemos )(?<!\bsaben )(?<!\bsaber )(?<!\bsabía )"
                     r"(?<!\bidea de )(?<!\bdime )(?<!\bdecir )(?<!\bpregunta )(?<!\bpreguntó )(?<!\bpregunto )"
                     r"(?<=[\w,] )cuándo\b")

#: "cuándo" after a question's verb, not after a word that opens what is asked
_CUANDO_ASKED = re.compile(r"(?<!\by )(?<!\be )(?<!\bo )(?<!\bpero )(?<!\bentonces )(?<!\bdesde )(?<!\bhasta )"
                           r"(?<!\bpara )(?<!\bde )(?<!\bpues )(?<!\bque )(?<!\bsabes )(?<!\bsabe )(?<!\bsaben )"
                           r"(?<!\bsabéis )(?<!\bidea de )(?<!\bdecirme )(?<!\bdecir )(?<!\brecuerdas )"
                           r"(?<=\w )cuándo\b", re.IGNORECASE)


def _for_a_span(target: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"para" + a span of time ("para años", "para dos horas", "para las próximas dos horas", "para más de doscientos
    años") said "durante"."""
    counts, units = _SPAN[target]
    return (re.compile(rf"\b([Pp])ara ((?:(?:los|las|os|as) (?:próxim|últim)[oa]s |(?:más|máis|menos) de |casi |case )?"
                       rf"(?:(?:{counts}|\w+c(?:i?)ent[oa]s|mil) )?(?:{units}))\b"),
            lambda m: ("D" if m.group(1) == "P" else "d") + "urante " + m.group(2))


def _best_first(article: str, best: str, joined: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"best"/"worst" before its noun ("el día mejor de mi vida" → "el mejor día de mi vida", "la pizza mejor en
    ciudad" → "la mejor pizza en ciudad"), where ``joined`` follows."""
    return (re.compile(rf"\b({article}) (\w+) ({best})(?= (?:{joined})\b)"),
            lambda m: f"{m.group(1)} {m.group(3)} {m.group(2)}")


def _said_first(lang: str, determiners: str, said: dict[str, str], left: str,
                elided: bool = False) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """An adjective of ``said`` that the pairs put after its noun said before it, as ``said`` has it, after one of
    ``determiners`` (with ``elided``, ca's "l'" too), unless the noun is one of ``left``."""
    opening = rf"(\b(?:{determiners}) " + (r"|\b[Ll]')" if elided else ")")
    return (re.compile(rf"{opening}(?!(?:{left})\b)(\w+) ({'|'.join(said)})\b(?!-)", re.IGNORECASE),
            lambda m: _elided(lang, m.group(1), same_case(m.group(3), said[m.group(3).lower()]), m.group(2)))


def _good_first(lang: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"good" before its noun, as es, ca and gl say it ("un libro bueno" → "un buen libro", "una idea buena" → "una
    buena idea", ca "uns amics bons" → "uns bons amics"; "los días buenos" is left: a greeting's words)."""
    determiners, good = _GOOD[lang]
    return _said_first(lang, determiners, good, "muy|molt|moi|tan|más|més|máis|bastante|bastant|días|dies")


_GOOD = {"es": ("un|una|unos|unas|el|la|los|las|mi|mis|tu|tus|su|sus|nuestr[oa]s?|vuestr[oa]s?|est[ea]s?|estos|"
                "muchos|muchas|algunos|algunas|de|del|al",
                {"bueno": "buen", "buena": "buena", "buenos": "buenos", "buenas": "buenas"}),
         "ca": ("un|una|uns|unes|el|la|els|les|meu|meva|meus|meves|teu|teva|teus|teves|seu|seva|seus|seves|nostres?|"
                "nostra|vostres?|vostra|aquest|aquesta|aquests|aquestes|molts|moltes|alguns|algunes|de|del|dels|al|als|"
                "pel|pels",
                {"bo": "bon", "bona": "bona", "bons": "bons", "bones": "bones"}),
         "gl": ("un|unha|uns|unhas|o|a|os|as|meu|miña|meus|miñas|teu|túa|teus|túas|seu|súa|seus|súas|noso|nosa|nosos|"
                "nosas|voso|vosa|vosos|vosas|este|esta|estes|estas|moitos|moitas|algúns|algunhas|de|do|da|dos|das|ao|á|"
                "aos|ás",
                {"bo": "bo", "boa": "boa", "bos": "bos", "boas": "boas"})}


#: prepositions and their articles joined, among the determiners of :data:`_GOOD`
_PREPOSITIONS_JOINED = frozenset("de del al dels als pel pels do da dos das ao á aos ás".split())
_NEXT = {"es": {w: w for w in ("próximo", "próxima", "próximos", "próximas")},
         "ca": {w: w for w in ("pròxim", "pròxima", "pròxims", "pròximes")},
         "gl": {w: w for w in ("próximo", "próxima", "próximos", "próximas")}}


def _next_first(lang: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"next" before its noun after a determiner ("mi orden próximo" → "mi próximo orden", ca "el meu ordre pròxim";
    after a preposition "próximo" may be "near": "una botella de agua próxima")."""
    determiners = "|".join(d for d in _GOOD[lang][0].split("|") if d not in _PREPOSITIONS_JOINED)
    return _said_first(lang, determiners, _NEXT[lang], "muy|molt|moi|más|més|máis")


#: per target: "where", the determiners a noun phrase opens with, and "be" at its end as said there (es, gl "estar")
_WHERE = {"es": ("[Dd][oó]nde",
                 "el|la|los|las|mi|mis|tu|tus|su|sus|nuestr[oa]s?|vuestr[oa]s?|est[ea]s?|estos|es[ea]s?|esos",
                 {"es": "está", "son": "están", "era": "estaba", "eran": "estaban", "está": "está", "están": "están"}),
          "ca": ("[Oo]n",
                 "el|la|els|les|l'|el meu|la meva|els meus|les meves|el teu|la teva|el seu|la seva|aquest|aquesta",
                 {"és": "és", "són": "són", "era": "era", "eren": "eren"}),
          "gl": ("[Oo]nde", "o|a|os|as|o meu|a miña|os meus|as miñas|o teu|a túa|o seu|a súa|este|esta|estes|estas",
                 {"é": "está", "son": "están", "era": "estaba", "eran": "estaban", "está": "está", "están": "están"})}


def _where_it_is(lang: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"where" + a noun phrase + "be" asked inside a sentence, "be" first ("¿Me puedes decir dónde la estación es?" →
    "dónde está la estación", ca "on és l'estació", gl "onde está a estación")."""
    where, determiners, be = _WHERE[lang]
    return (re.compile(rf"\b({where}) ((?:{determiners})(?: |(?<=')|(?<=l'))(?:\w+ ){{0,2}}?\w+) ({'|'.join(be)})"
                       r"(?=\s?[?.!,;]|$)"),
            lambda m: f"{m.group(1)} {be[m.group(3)]} {m.group(2)}")


def _old_first(lang: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"old" of a thing or a place said "antiguo" before its noun ("el ayuntamiento viejo" → "el antiguo
    ayuntamiento", "mi teléfono viejo" → "mi antiguo teléfono", ca "la presó vella" → "l'antiga presó"); of a person
    or an animal it stays ("un hombre viejo")."""
    determiners, old, living = _OLD[lang]
    return _said_first(lang, determiners, old, living, elided=True)


def _elided(lang: str, article: str, adjective: str, noun: str) -> str:
    """``article adjective noun`` (``article`` with its space, or ca's "l'"), ca's "el"/"la" elided before a vowel
    ("la presó vella" → "l'antiga presó")."""
    if lang == "ca" and article.strip().lower() in ("el", "la", "l'") and adjective[0] in "aeiouàèéíòóú":
        return f"{article[0]}'{adjective} {noun}"
    return f"{article}{adjective} {noun}"


_OLD = {"es": ("el|la|los|las|mi|mis|tu|tus|su|sus|nuestr[oa]s?|vuestr[oa]s?|del|al",
               {"viejo": "antiguo", "vieja": "antigua", "viejos": "antiguos", "viejas": "antiguas"},
               "hombre|hombres|mujer|mujeres|señor|señora|señores|señoras|amigo|amiga|amigos|amigas|perro|perra|perros|"
               "gato|gata|gatos|caballo|gente|persona|personas|chico|chica|abuelo|abuela|padre|madre|profesor|profesora|"
               "vecino|vecina|vecinos|compañero|compañera|coche|coches|ropa|zapatos"),
        "ca": ("el|la|els|les|meu|meva|meus|meves|teu|teva|teus|teves|seu|seva|seus|seves|nostres?|nostra|vostres?|"
               "vostra|del|dels|al|als",
               {"vell": "antic", "vella": "antiga", "vells": "antics", "velles": "antigues"},
               "home|homes|dona|dones|senyor|senyora|amic|amiga|amics|amigues|gos|gossa|gossos|gat|gats|cavall|gent|"
               "persona|persones|noi|noia|avi|àvia|pare|mare|professor|professora|veí|veïna|veïns|company|companya|"
               "cotxe|carro|roba|sabates"),
        "gl": ("o|a|os|as|meu|miña|meus|miñas|teu|túa|teus|túas|seu|súa|seus|súas|noso|nosa|voso|vosa|do|da|dos|das|ao|á",
               {"vello": "antigo", "vella": "antiga", "vellos": "antigos", "vellas": "antigas"},
               "home|homes|muller|mulleres|señor|señora|amigo|amiga|amigos|amigas|can|cans|gato|gatos|cabalo|xente|"
               "persoa|persoas|rapaz|rapaza|neno|nena|avó|avoa|pai|nai|profesor|profesora|veciño|veciña|compañeiro|"
               "compañeira|coche|roupa|zapatos")}
#: "que" of a relative clause after "the best …" ("la mejor pizza que he tenido"), not of a comparison ("saben el
#: tiempo mejor que cualquier previsión", "mejor que nunca"): a verb of having, knowing, seeing or being able after it
_BEST_THAT = {"es": r"que (?:nunca |jamás )?(?:he|has|ha|hemos|han|había|habías|habían|sé|conozco|conocí|tengo|tuve|vi|"
                    r"probé|hice|podría|podía|pude|puedo|puedes)",
              "ca": r"que (?:mai )?(?:he|has|ha|hem|han|havia|sé|conec|tinc|vaig|podria|podia|puc|pots)",
              "gl": r"que (?:nunca |xamais )?(?:tiven|vin|coñezo|sei|teño|fixen|probei|podería|podía|puiden|podo|podes)"}

#: "about" that ends a clause ("algo que necesitamos pensar aproximadamente.")
_ABOUT_AT_END = r"(?=\s?[.!?;:,]|$)"

#: units of a quantity an "about" ("aproximadamente") stands before: "aproximadamente una hora"
_ES_UNITS = (r"hora|minuto|segundo|día|semana|mes|año|litro|kilo|kilogramo|gramo|libra|onza|metro|kilómetro|milla|pie|"
             r"pulgada|taza|vaso|cuchara|cucharada|cucharadita|docena|cuarto|tercio|euro|dólar|millón")


def _and_a_half(article: str, feminine: str, joined: str, half: str,
                said: tuple[str, str]) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """"a litre and a half", which the pairs say "un litro y un medio" (ca "un litre i una meitat", gl
    "un litro e un medio"), with the half a target says after a noun of the ``article``'s gender
    (``said``: masculine, feminine; ``feminine``: the feminine article)."""
    return (re.compile(rf"\b({article} \w+) {joined} (?:{half})\b"),
            lambda m: f"{m.group(1)} {joined} {said[m.group(1).startswith(feminine + ' ')]}")


#: what one says of what was said ("…, which is not bad", "…, which was perfect")
_JUDGED_ES = (r"(?:malo|bueno|bien|mal|genial|fantástico|perfecto|increíble|asombroso|raro|extraño|gracioso|divertido|"
              r"interesante|importante|cierto|verdad|barato|caro|útil|normal|fácil|difícil|mejor|peor|triste|"
              r"estupendo|excelente|terrible|horrible|agradable|bonito|afortunado|molesto|preocupante|sorprendente|"
              r"lógico|frustrante|una suerte|una pena|una lástima)")
_JUDGED_GL = (r"(?:malo|bo|ben|mal|xenial|fantástico|perfecto|incrible|abraiante|raro|estraño|gracioso|divertido|"
              r"interesante|importante|certo|verdade|barato|caro|útil|normal|fácil|difícil|mellor|peor|triste|"
              r"estupendo|excelente|terrible|horrible|agradable|bonito|afortunado|molesto|unha sorte|unha mágoa)")
#: the pair's "that" and a "that" the phrasebook gave it ("Creo que que es", ca "millor que que he vist")
_QUE_QUE = (re.compile(r"\bque que\b"), lambda m: "que")
#: how one feels, the verb with its reflexive pronoun ("I feel better" → "Siento mejor", ca "Sento millor",
#: gl "Sinto mellor"; "Me siento mejor", "Em sento millor", "Síntome mellor"): per target, the verb's forms and
#: their pronouns, the states felt, and for Galician, whose pronoun follows its verb, the joined forms
_FEEL: dict[str, tuple[dict[str, str], str, dict[str, str]]] = {
    "es": ({"siento": "me", "sientes": "te", "siente": "se", "sentimos": "nos", "sentís": "os", "sienten": "se",
            "sentí": "me", "sentiste": "te", "sintió": "se", "sentisteis": "os", "sintieron": "se", "sentías": "te",
            "sentíamos": "nos", "sentíais": "os", "sentían": "se"},
           r"mejor|peor|bien|mal|cansad[oa]s?|enferm[oa]s?|genial|feliz|felices|triste|tristes|sol[oa]s?|fatal|"
           r"orgullos[oa]s?|nervios[oa]s?|liger[oa]s?|segur[oa]s?|content[oa]s?|rar[oa]s?|extrañ[oa]s?|culpables?|"
           r"cómod[oa]s?|incómod[oa]s?|libres?|fuertes?|débil|débiles|viej[oa]s?|joven|jóvenes|agradecid[oa]s?", {}),
    "ca": ({"sento": "em", "sents": "et", "sent": "es", "sentim": "ens", "sentiu": "us", "senten": "es", "senties": "et",
            "sentíem": "ens", "sentíeu": "us", "sentien": "es"},
           r"millor|pitjor|bé|malament|cansat|cansada|cansats|cansades|malalts?|malaltes?|genial|feliç|feliços|trist|"
           r"tristos|trista|tristes|sol|sola|sols|soles|orgullós|orgullosa|nerviós|nerviosa|lleugera?|segura?|"
           r"contenta?|estranya?|culpable|còmoda?|lliure|fort|forta|dèbil|vella?|jove|agraïda?", {}),
    "gl": ({"sinto": "me", "sentes": "te", "sente": "se", "sentimos": "nos", "sentides": "vos", "senten": "se",
            "sentín": "me", "sentiches": "te", "sentiu": "se", "sentiron": "se"},
           r"mellor|peor|ben|mal|cansos?|cansas?|enfermos?|enfermas?|xenial|feliz|felices|triste|tristes|sós?|"
           r"orgullosos?|orgullosas?|nerviosos?|nerviosas?|lixeiros?|lixeiras?|seguros?|seguras?|contentos?|contentas?|"
           r"raros?|raras?|estraños?|estrañas?|culpables?|cómodos?|cómodas?|libres?|fortes?|débiles?|débil|vellos?|"
           r"vellas?|novos?|novas?|agradecidos?|agradecidas?",
           {"sinto": "síntome", "sentes": "sénteste", "sente": "séntese", "sentimos": "sentímonos",
            "sentides": "sentídesvos", "senten": "séntense", "sentín": "sentínme", "sentiches": "sentícheste",
            "sentiu": "sentiuse", "sentiron": "sentíronse"}),
}
_DEGREE = {"es": r"(?:(?:muy|mucho|un poco|tan|realmente|bastante|más|menos|algo) )?",
           "ca": r"(?:(?:molt|una mica|tan|realment|bastant|més|menys) )?",
           "gl": r"(?:(?:moi|moito|un pouco|tan|realmente|bastante|máis|menos|algo) )?"}
#: words after which Galician's pronoun goes before the verb ("Non me sinto ben")
_PROCLITIC_GL = r"non|nunca|xa|tamén|se|que|cando|como|onde|porque|aínda|só|ben|mal|sempre|moito|pouco"


def _feeling(target: str) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """``target``'s rule saying a verb of feeling before a state with its reflexive pronoun: before
    the verb (left as it is where the pronoun is there: "Se siente"), or in Galician joined after it
    but after a negation or a word that draws it before ("Sinto mellor" → "Síntome mellor", "Non
    sinto ben" → "Non me sinto ben")."""
    forms, states, joined = _FEEL[target]
    before = _PROCLITIC_GL if joined else "|".join(sorted(set(forms.values())))
    pattern = re.compile(r"(\b(?:" + before + r") )?\b(" + "|".join(forms) + r") (?="
                         + _DEGREE[target] + r"(?:" + states + r")\b)", re.IGNORECASE)

    def said(m: re.Match[str]) -> str:
        verb, lead = m.group(2), m.group(1)
        if joined:
            return f"{lead}{forms[verb.lower()]} {verb} " if lead else same_case(verb, joined[verb.lower()]) + " "
        if lead:
            return m.group(0)
        return f"{same_case(verb, forms[verb.lower()])} {verb.lower() if verb[0].isupper() else verb} "

    return pattern, said


#: "the next one": "el próximo un", ca "el pròxim un" (the English "one" left out reads ca "el després")
_NEXT_ONE = (re.compile(r"\b(pr[óò]xim[oa]?) (?:uno|una|un)\b(?! (?:de|del|dels|dos|das|do|da)\b)"), lambda m: m.group(1))
_ES_INFINITIVE = r"(?:\w+(?:ar|er|ir|ír)|ir)(?:l[oa]s?|les?|me|te|se|nos)?\b"
#: a Galician infinitive, or a Spanish one the Galician text took from eng-spa ("empaparles")
_GL_INFINITIVE = r"(?:\w+[aeií]|i)(?:r|l[oa]s?|lles?|me|che|nos|rl[oa]s?|rles?|r(?:te|se|me|nos))\b"
_CA_INFINITIVE = r"\w+(?:ar|er|ir|re|ur)\b"  # "dur"
#: a question asked, not a matter ("Tengo una cuestión"; "cuestión de tiempo" stays), es and gl
_ASKED_QUESTION = (re.compile(r"\bcuesti(ón|ones|óns)\b(?! de\b)", re.IGNORECASE),
                   lambda m: same_case(m.group(0), "pregunta" if m.group(1) == "ón" else "preguntas"))
#: ca "your" of one person by the article before it (m sg, f sg, m pl, f pl)
_YOUR_CA = {"el": "teu", "del": "teu", "al": "teu", "pel": "teu", "la": "teva", "els": "teus", "dels": "teus",
            "als": "teus", "pels": "teus", "les": "teves"}
_KNEW = {"supe": "sabía", "supiste": "sabías", "supo": "sabía", "supimos": "sabíamos", "supisteis": "sabíais",
         "supieron": "sabían"}
_GL_ESTAR = {"é": "está", "son": "están", "era": "estaba", "eran": "estaban", "serei": "estarei",
             "seremos": "estaremos", "será": "estará", "serán": "estarán"}
#: where a person or a thing is, after "ser" said for "estar": es adverbs of place; gl "en" and its contractions
_THERE_ES = "aquí|allí|ahí|allá|acá|fuera|lejos|arriba|abajo|al fondo"
_IN_GL = "en|na|no|nas|nos|nun|nunha"
#: Galician's "ser" of the first and second persons as "estar" ("son", of "I" and "they", is left)
_GL_ESTAR_PERSON = {"es": "estás", "eres": "estás", "somos": "estamos", "sodes": "estades", "eras": "estabas",
                    "eramos": "estabamos", "erades": "estabades"}
#: gl "ser" of "you" and "we", whose forms are theirs alone ("son" is also "they are")
_GL_ESTAR_YOU_WE = {k: v for k, v in _GL_ESTAR_PERSON.items() if k in ("es", "eres", "somos", "sodes")}
#: es and gl "Make sure…" told: "Asegura que" → "Asegúrate de que"
_ENSURE = (re.compile(r"(^|[.!?]\s+)Asegura que\b"), lambda m: m.group(1) + "Asegúrate de que")
_GL_STAYED = {"fun": "estiven", "fuches": "estiveches", "foi": "estivo", "fomos": "estivemos", "fostes": "estivestes",
              "foron": "estiveron"}
_KNEW_CA = {"vaig": "sabia", "vas": "sabies", "va": "sabia", "vam": "sabíem", "vau": "sabíeu", "van": "sabien"}

#: Rules applied to the translation, per target: (pattern, replacement function).
#: what one has "to do" is "que hacer" ("Tenemos muchas cosas para cubrir" → "que cubrir", gl "Temos moitas
#: cousas para facer" → "que facer")
_THINGS_TO_DO = {
    "es": (re.compile(r"\b((?:tengo|tienes|tiene|tenemos|tenéis|tienen|tenía|tenías|teníamos|tenían|tendré|tendrás|"
                      r"tendrá|tendremos|tendrán|tener) (?:muchas cosas|muchísimas cosas|demasiadas cosas|cosas|algo|"
                      r"nada|mucho|poco|mucho trabajo|trabajo|tanto|tantas cosas)) para\b", re.IGNORECASE),
           lambda m: m.group(1) + " que"),
    "gl": (re.compile(r"\b((?:teño|tes|ten|temos|tedes|teñen|tiña|tiñas|tiñamos|tiñan|terei|terás|terá|teremos|terán|"
                      r"ter) (?:moitas cousas|demasiadas cousas|cousas|algo|nada|moito|pouco|moito traballo|traballo|"
                      r"tanto|tantas cousas)) para\b", re.IGNORECASE),
           lambda m: m.group(1) + " que"),
}
#: "the next five years" said with a singular article ("el próximos cinco años", ca "el pròxim cinc anys", gl "o
#: próximo cinco anos")
_NEXT_YEARS = {lang: (re.compile(rf"\b{the} ({next_}) (?=(?:\d+|{numbers}) )", re.IGNORECASE),
                      lambda m, plural=plural: plural(m.group(0)))
               for lang, the, next_, numbers, plural in (
                   ("es", "el", "próximos|últimos|primeros", "dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte",
                    lambda s: same_case(s, "los") + s[2:]),
                   ("ca", "el", "pròxim|últim|primer", "dos|tres|quatre|cinc|sis|set|vuit|nou|deu|vint",
                    lambda s: same_case(s, "els") + s[2:].rstrip() + "s "),
                   ("gl", "o", "próximo|último|primeiro", "dous|tres|catro|cinco|seis|sete|oito|nove|dez|vinte",
                    lambda s: same_case(s, "os") + s[1:].rstrip() + "s "))}
#: "hundreds of people" said without articles ("Los centenares de personas", "Miles de los seguidores", ca "Els
#: centenars de persones", gl "Os centos das persoas")
_HUNDREDS = {"es": (re.compile(r"\b(?:[Ll]os )?([Cc]entenares|[Cc]ientos|[Mm]iles|[Mm]illones) de (?:los |las )?"),
                    lambda m: same_case(m.group(0), {"centenares": "cientos"}.get(m.group(1).lower(),
                                                                                m.group(1).lower())) + " de "),
             "ca": (re.compile(r"\b(?:[Ee]ls )?([Cc]entenars|[Mm]ilers|[Mm]ilions) (?:de |d')(?:les |els )?"),
                    lambda m: same_case(m.group(0), m.group(1).lower()) + " de "),
             "gl": (re.compile(r"\b(?:[Oo]s )?([Cc]entos|[Mm]iles|[Mm]illóns) d(?:e|as|os) "),
                    lambda m: same_case(m.group(0), m.group(1).lower()) + " de ")}
#: a passive of an event said with the imperfect "era" ("Nadie era seriamente herido", "El edificio era mal averiado
#: por un fuego", ca "era ferit", gl "era ferido"): the preterite, before the agent's "por" or of a participle of
#: :data:`_EVENTS`
_EVENTS = {"es": r"herid|matad|asesinad|detenid|arrestad|secuestrad|rescatad|evacuad|encontrad|hallad|elegid|nombrad|"
                 r"fundad|construid|destruid|dañad|averiad|descubiert|publicad|lanzad|vendid|robad|atacad|despedid|"
                 r"contratad|condenad|atropellad|operad|inaugurad|cancelad|suspendid",
           "ca": r"ferit|mort|matat|assassinat|detingut|arrestat|segrestat|rescatat|evacuat|trobat|elegit|nomenat|"
                 r"fundat|construït|destruït|danyat|avariat|descobert|publicat|llançat|venut|robat|atacat|acomiadat|"
                 r"contractat|condemnat|atropellat|operat|inaugurat|cancel·lat|suspès",
           "gl": r"ferid|matad|asasinad|detid|arrestad|secuestrad|rescatad|evacuad|atopad|achad|elixid|nomead|"
                 r"fundad|construíd|destruíd|danad|avariad|descubert|publicad|lanzad|vendid|roubad|atacad|despedid|"
                 r"contratad|condenad|atropelad|operad|inaugurad|cancelad|suspendid"}
_WAS_DONE = {"es": ({"era": "fue", "eran": "fueron"},
                    r"\w+(?:ad|id)[oa]s?|hech[oa]s?|puest[oa]s?|abiert[oa]s?|rot[oa]s?", r"(?:[oa]s?)"),
             "ca": ({"era": "va ser", "eren": "van ser"}, r"\w+(?:at|it|ut)(?:s|da|des)?", r"(?:s|da|des|a|es)?"),
             "gl": ({"era": "foi", "eran": "foron"}, r"\w+(?:ad|id|íd)[oa]s?", r"(?:[oa]s?)")}
_EVENT_PASSIVE = {lang: (re.compile(rf"\b({'|'.join(said)}) ((?:\w+ment[e]? |mal |malament )?)"
                                    rf"(?=(?:{done})(?= (?:por|per)\b)|(?:{_EVENTS[lang]}){ending}\b)", re.IGNORECASE),
                         lambda m, said=said: same_case(m.group(1), said[m.group(1).lower()]) + " " + m.group(2))
                  for lang, (said, done, ending) in _WAS_DONE.items()}
#: "come from" said "provenir" without its "de" ("Los visitantes provienen la ciudad", "Provengo España", ca
#: "provenen la ciutat")
_FROM = {"es": (re.compile(r"\b([Pp]ro(?:veng|vien|vin|ven)\w*) (?:a (?=\w))?(?!de\b|del\b|desde\b)(el )?"),
                lambda m: m.group(1) + (" del " if m.group(2) else " de ")),
         "ca": (re.compile(r"\b([Pp]ro(?:vinc|vens|vé|ven|vin)\w*) (?!de\b|d'|del\b|dels\b|des\b)"
                           r"(?:(el|els) |(?=([aeiouhàèéíòóú])))?", re.IGNORECASE),
                lambda m: m.group(1) + (f" d{m.group(2)} " if m.group(2) else " d'" if m.group(3) else " de "))}
#: "is no bigger than" said after its verb ("Es no más grande que", ca "És no més gran", gl "É non máis")
_NO_BIGGER = {lang: (re.compile(rf"\b({verbs}) ({no}) (?=(?:{more})\b)", re.IGNORECASE),
                     lambda m: same_case(m.group(1), m.group(2)) + " " + m.group(1).lower() + " ")
              for lang, verbs, no, more in (
                  ("es", "es|era|son|eran|será|serán|fue|está|están", "no", "más|menos|mejor|peor"),
                  ("ca", "és|era|són|eren|serà|seran|està|estan", "no", "més|menys|millor|pitjor"),
                  ("gl", "é|era|son|eran|será|serán|foi|está|están", "non", "máis|menos|mellor|peor"))}
#: "more/less than" a number said with "que" ("més que dos-cents euros", gl "máis que douscentos"): "de"
_MORE_THAN = {lang: (re.compile(rf"\b((?:{more}) )que (?=(?:\d|(?:{numbers})\w*\b))", re.IGNORECASE),
                     lambda m: m.group(1) + "de ")
              for lang, more, numbers in (
                  ("ca", "més|menys", "un|una|dos|dues|tres|quatre|cinc|sis|set|vuit|nou|deu|onze|dotze|quinze|vint|"
                                      "trenta|quaranta|cinquanta|seixanta|cent|mil|mig|mitja"),
                  ("gl", "máis|menos", "un|unha|dous|dúas|tres|catro|cinco|seis|sete|oito|nove|dez|once|doce|quince|"
                                       "vinte|trinta|corenta|cincuenta|sesenta|cen|cento|mil|medio|media"))}
#: an object pronoun's tonic form after a preposition (es)
_TONIC_ES = {"me": "mí", "te": "ti", "nos": "nosotros", "os": "vosotros"}
TARGET_REWRITES = {"es": (
    (re.compile(r"\b(soy|eres|somos|sois|eras|éramos|erais|seré|serás|seremos|seréis) (en|" + _THERE_ES + r")\b"
                r"(?! (?:parte|realidad|verdad|general|serio)\b)", re.IGNORECASE),
     lambda m: f"{_estar(m.group(1))} {m.group(2)}"),
    # the passive said with "estar" in the preterite ("La ciudad estuvo destruida por…", "El libro estuvo escrito"):
    # "ser" for what was done, "estar" in the imperfect for a state ("La puerta estuvo cerrada" → "estaba cerrada")
    (re.compile(r"\b(estuve|estuviste|estuvo|estuvimos|estuvisteis|estuvieron) (?=((?:muy |bastante |ya )?)(\w+))",
                re.IGNORECASE), _passive_was),
    # "that" alone as a pronoun ("¿Qué piensas sobre aquel?" → "sobre eso"); "what" as a relative after "ser"
    # ("Eso es exactamente qué buscaba" → "lo que buscaba"; not in a question)
    (re.compile(r"\baquel(?=\s?[.!?;:,]|$)"), lambda m: "eso"),
    (re.compile(r"(?<!¿)\b(es|era|fue|son|exactamente|justo) qué\b(?![^.!]*\?)"), lambda m: m.group(1) + " lo que"),
    # "if" + a past before a conditional, the subjunctive ("Si tuvimos dinero, lo compraríamos" → "Si tuviéramos")
    (re.compile(r"\b([Ss]i (?:(?:me|te|se|nos|os|lo|la|le|los|las|les) )?)(\w+)(?=[^.!?]*\b\w+r(?:ía|ías|íamos|íais|ían)\b)"),
     _if_subjunctive),
    _anywhere("anywhere", "por ninguna parte", "en cualquier sitio"),  # kept in English
    # "you or me" (the phrasebook's "or I", which eng-spa leaves in English: "tú o i")
    (re.compile(r"\b(tú|él|ella|ellos|ellas|usted|ustedes) o [iI](?=\s?[.!?;:,]|$)"), lambda m: m.group(1) + " o yo"),
    # being somewhere, the infinitive ("Tienen que ser en la escuela", "Tienes que ser aquí")
    (re.compile(r"\bser (?=(?:en|" + _THERE_ES + r")\b)"), lambda m: "estar "),
    # a third person there ("Era allí" → "Estaba allí"; "en", of an event's place, stays: "La fiesta es en mi casa")
    (re.compile(r"\b(es|son|era|eran) (?=(?:" + _THERE_ES + r")\b)", re.IGNORECASE),
     lambda m: _estar(m.group(1)) + " "),
    # a reflexive infinitive the generator gave its pronoun twice ("Necesita vestirsese", "Necesito vestirseme")
    (re.compile(r"\b(\w+r)se(me|te|se|nos|os)\b"), lambda m: m.group(1) + m.group(2)),
    # eng-spa's generator says "acostarse" without its diphthong ("Acóstate", "se acosta"): "Acuéstate", "se acuesta"
    (re.compile(r"\b([Aa])c([oó])st(o|as|a|an|e|es|en|ate|ese|ense)\b"),
     lambda m: m.group(1) + "cu" + ("e" if m.group(2) == "o" else "é") + "st" + m.group(3)),
    # a day after "on" read as "encima" ("anunciaron medidas encima martes")
    (re.compile(r"\bencima (?=(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b)"), lambda m: "el "),
    # a thing's place: "La llave era bajo un hueso" → "estaba bajo una piedra" ("Era bajo" alone, short, stays)
    (re.compile(r"\b(es|son|era|eran) (?=(?:(?:debajo|encima|dentro|detrás|delante|cerca|fuera) de|bajo (?:el|la|los|las|"
                r"un|una|mi|tu|su|sus|mis|tus))\b)", re.IGNORECASE), lambda m: _estar(m.group(1)) + " "),
    # how one felt, a state in the past ("tuvo hambre", from "had hunger"); "más de cualquier libro"; coming or
    # going "to" do a thing ("vino para ayudarle" → "vino a ayudarle")
    _form_before(_HAD, r"(?:(?:mucha|mucho|tanta|tanto) )?(?:hambre|sed|sueño|frío|calor)\b"),
    (re.compile(r"\bmás de (?=cualquier|nadie|nada|nunca)"), lambda m: "más que "),
    (re.compile(r"\b(vine|viniste|vino|vinimos|vinieron|vengo|vienes|viene|venimos|vienen|venía|venían|fui|fuiste|fue|"
                r"fuimos|fueron|voy|vas|va|vamos|van|iba|ibas|íbamos|iban|ir|venir) para (?=" + _ES_INFINITIVE + ")", re.IGNORECASE),
     lambda m: m.group(1) + " a "),
    # "not to" + a verb: "Decidió no para vender" → "no vender"; thanks with no one after them ("Le dio las gracias a.")
    (re.compile(r"\b([Nn]o) para (?=" + _ES_INFINITIVE + ")"), lambda m: m.group(1) + " "),
    (re.compile(r"\bgracias a(?=\s?[.,;:!?]|$)"), lambda m: "gracias"),
    # trying not to ("pruebo no pensar": "probar" is eng-spa's only "try" there)
    _form_before(_TRIED, "no " + _ES_INFINITIVE),
    # a state, not a trait: "No soy seguro" (I'm not sure), "Es cansado" (he's tired), "Todo era bien"
    (re.compile(r"\b(soy|eres|somos|sois|es|son|era|eras|éramos|erais|eran|sea|seas|seamos|seáis|sean|será|serán) "
                r"((?:muy|tan|un poco|bastante|realmente|algo|ya|todavía|aún|casi|completamente|totalmente|demasiado) )?("
                + _STATE + r"|bien(?=\s?[.,;:!?]|$| con(?:\b|migo|tigo)| para\b))\b", re.IGNORECASE),
     lambda m: m.group(0) if m.group(1).lower() in ("es", "son", "era", "eran", "sea", "sean", "será", "serán")
     and m.group(3).lower().startswith("segur")
     else f"{_estar(m.group(1))} {m.group(2) or ''}{m.group(3)}"),
    # a state since: "He sido realmente ocupado" → "He estado"
    (re.compile(r"\b(he|has|ha|hemos|habéis|han|había|habías|habíamos|habían) sido (?=(?:muy |tan |realmente |bastante |"
                r"un poco |demasiado )?" + _STATE + r"\b)", re.IGNORECASE), lambda m: m.group(1) + " estado "),
    (re.compile(r"\b(soy|eres|es|somos|sois|son|era|eras|éramos|erais|eran) (?=(?:a la espera|(?:casi |ya )?a punto|de vacaciones)\b)",
                re.IGNORECASE),
     lambda m: _estar(m.group(1)) + " "),  # "Soy a la espera del agua" ("I'm awaiting the water")
    (re.compile(r"\b(dónde) (soy|eres|somos|sois)\b", re.IGNORECASE),
     lambda m: f"{m.group(1)} {_SER_ESTAR[m.group(2).lower()]}"),
    (re.compile(r"\ben en\b", re.IGNORECASE), lambda m: m.group(0)[:2]),  # "somos en en casa"
    # "be" + gerund said with "ser": "He sido haciendo", "Eran esperando"
    (re.compile(r"\b(he|has|ha|hemos|habéis|han|había|habías|habíamos|habíais|habían|haber|habría) sido (?="
                + _ES_GERUND + ")", re.IGNORECASE), lambda m: m.group(1) + " estado "),
    # and a state ("La tienda ha sido abierta durante años", "ha sido cerrada desde mayo"): "ha estado"
    (re.compile(r"\b(he|has|ha|hemos|habéis|han|había|habías|habíamos|habíais|habían) sido (?=(?:muy |bastante )?"
                r"(?:abiert|cerrad|llen|vací|list|ocupad|enferm|cansad|preocupad|ocupad)[oa]s?\b)", re.IGNORECASE),
     lambda m: m.group(1) + " estado "),
    (re.compile(r"\b(soy|eres|es|somos|sois|son|era|eras|éramos|erais|eran) (?=" + _ES_GERUND + ")", re.IGNORECASE),
     lambda m: _estar(m.group(1)) + " "),
    # "depends on": "Depende en la situación", "depende encima te"
    (re.compile(r"\b([Dd]epend\w*) (?:en|encima de|encima) (el\b)?"), lambda m: f"{m.group(1)} " + ("del" if m.group(2) else "de ")),
    (re.compile(r"(^|[.!?¿¡,;:]\s*)([Hh])(ay|abía|abrá) (?=(?:nada|nadie|ningún|ninguna)\b)"),
     # "There is nothing" → "Hay nada"
     lambda m: m.group(1) + ("N" if m.group(2) == "H" else "n") + "o h" + m.group(3) + " "),
    # "when" of a time, not asked: "Recuerdo cuándo llegué", "Habíamos comido cuándo llegaron"
    (re.compile(r"[^.!?¿]*[.!]|[^.!?¿]+$"), lambda m: re.sub(r"^(\s*)Cuándo\b", r"\1Cuando", _CUANDO.sub("cuando", m.group(0)))),
    # inside a question, after its verb ("¿Tengo que enseñar el email cuándo lo recojo?"; "¿Y cuándo…?", "¿Desde
    # cuándo…?" ask)
    (re.compile(r"[^.!?¿]*\?"), lambda m: _CUANDO_ASKED.sub("cuando", m.group(0))),
    # and asked: eng-spa writes "When is the party?" "Cuando es la fiesta?"
    (re.compile(r"(?:^|(?<=¿)|(?<=[.!?] ))Cuando\b(?=[^.!?,]*\?)"), lambda m: "Cuándo"),
    _QUE_QUE, _NEXT_ONE, _feeling("es"),
    _where_it_is("es"),
    # sorry "for" a thing ("Me disculpo para eso"); "within" a span ("dentro cinco días")
    (re.compile(r"\b([Dd]isculp\w*|[Pp]erd[oó]n\w*) para\b"), lambda m: m.group(1) + " por"),
    (re.compile(r"\b([Dd]entro) (?=(?:un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|quince|veinte|treinta|"
                r"\d+|el|la|los|las|mi|tu|su|sus|nuestr[oa]s?|poc[oa]s)\b)"), lambda m: m.group(1) + " de "),
    # ", which" of what was said (the agreement left "el cual" where no definite noun stands before it): "lo cual"
    # before a consequence ("el cual significa que…", "el cual me hizo…"; a judgement: "lo que", below), "which is
    # why" "por eso" ("el cual es por qué nosotros marchamos")
    (re.compile(r",( el cual)? (?:es|era|fue) por qué(?: nosotros| yo| ellos| él| ella)?\b"), lambda m: ", por eso"),
    (re.compile(r", el cual (?=(?:significa|significó|quiere decir|implica|explica|hace|hizo|me|te|nos|os)\b)"),
     lambda m: ", lo cual "),
    # "near" the preposition: "cerca la costa" → "cerca de la costa", "cerca el mar" → "cerca del mar"
    (re.compile(r"\b([Cc])erca (?:(el) |(?!de\b|del\b)(?=(?:la|los|las|mi|tu|su|nuestr[oa]s?|vuestr[oa]s?|un|"
                r"una|mí|ti|él|ella|nosotros|vosotros|ellos|ellas)\b|[A-ZÁÉÍÓÚ]))"),
     lambda m: m.group(1) + ("erca del " if m.group(2) else "erca de ")),
    # a place's adverb before an object pronoun: "El edificio detrás me" → "detrás de mí"
    (re.compile(r"\b(cerca|detrás|delante|encima|debajo|lejos|alrededor) (me|te|nos|os)\b",
                re.IGNORECASE), lambda m: f"{m.group(1)} de {_TONIC_ES[m.group(2).lower()]}"),
    # the generator's "el" before a stressed "a", opening a sentence: "EL agua"
    (re.compile(r"\bEL(?= [a-záéíóúñ])"), lambda m: "El"),
    # "which" after a comma: of things, "que" ("dos gatos, los cuales son negros"); of what was said, judged,
    # "lo que" ("El hotel era barato, el cual no es malo"; a thing's own quality stays: "un coche, el cual es rojo")
    (re.compile(r"(?<=, )(?:los|las) cuales\b"), lambda m: "que"),
    (re.compile(r"(?<=, )(?:el|la|lo) cual(?= (?:no )?(?:es|era|fue|sería|será|está|estaba) (?:muy |mucho |bastante |"
                r"realmente |tan |más |menos |un poco )*" + _JUDGED_ES + r"\b)"), lambda m: "lo que"),
    (re.compile(r"\b([Nn]o) lo (cre\w+) que\b"), lambda m: f"{m.group(1)} {m.group(2)} que"),  # "No lo creo que ayudaría"
    _believe("es"),
    (re.compile(r"\b(importantes?|útil|útiles|difícil|difíciles|fácil|fáciles) a (mí|ti|él|ella|nosotros|nosotras|ellos|ellas)\b"),
     lambda m: f"{m.group(1)} para {m.group(2)}"),  # "muy importante a mí"
    _LONG_TIME["es"],
    # time "taken" is "llevar": "Nos tomó dos horas para llegar" → "Nos llevó dos horas llegar",
    # "Toma aproximadamente diez minutos" → "Lleva aproximadamente diez minutos"
    (re.compile(r"\b((?:me|te|le|nos|os|les) )?([Tt])om(ó|a|aba|ará|aría|aron|an)\b(?=( (?:aproximadamente |unos |unas |"
                r"casi |más de |menos de )?(?:" + _SPAN["es"][0] + r"|mucho|poco|tanto|demasiado)\b))", re.IGNORECASE),
     lambda m: f"{m.group(1) or ''}{'L' if m.group(2) == 'T' else 'l'}lev{m.group(3)}"),
    (re.compile(r"\b([Cc]uánto tiempo) tom(a|ó|ará)\b"), lambda m: f"{m.group(1)} llev{m.group(2)}"),
    (re.compile(r"\b(llev(?:ó|a|aba|ará|aría|aron|an) [^,.;:!?]*?(?:" + _SPAN["es"][1] + r")) para (?=" + _ES_INFINITIVE + ")"),
     lambda m: m.group(1) + " "),
    _for_a_span("es"),
    (re.compile(r"\bdesde entonces (?=\d)"), lambda m: "desde "),  # "since 2010"
    _good_first("es"),
    _next_first("es"),
    _old_first("es"),
    _best_first("el|la|los|las", "mejor|mejores|peor|peores", "de|del|en|para|al|con|" + _BEST_THAT["es"]),
    (re.compile(r"\baproximadamente" + _ABOUT_AT_END), lambda m: "sobre ello"),
    _ENGLISH_I,
    # "what" of a thing, not asked, read as the question's "qué": "Eso es qué quiero", "Qué
    # necesito es una pausa" → "Eso es lo que quiero", "Lo que necesito es una pausa"
    (re.compile(r"\b((?i:es|era|fue|son|eran|será|sea)) qué\b(?![^.!?]*\?)"), lambda m: f"{m.group(1)} lo que"),
    (re.compile(r"(^|[.!]\s+)Qué (?=[^.!?¿¡]*\b(?:es|era|fue|son)\b[^.!?]*\.)"), lambda m: f"{m.group(1)}Lo que "),
    (re.compile(r"\b([Aa])lguna cosa que\b"), lambda m: f"{m.group(1)}lgo que"),  # "something (that) we need"
    (re.compile(r"[^.!?]*[?!]"), lambda m: _opened(m.group(0))),
    # "about" of a topic said "aproximadamente" ("hablar aproximadamente algo"); of a number it is
    (re.compile(r"\baproximadamente (?!(?:\d|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|"
                r"quince|veinte|treinta|cuarenta|cincuenta|cien|ciento|mil|medio|media|la mitad|(?:un|una) (?:"
                + _ES_UNITS + r"))\b)(lo\b(?=[.,;:!?]|$))?"),
     lambda m: "sobre ello" if m.group(1) else "sobre "),
    (re.compile(r"\b(de|a) el\b"), lambda m: m.group(1) + "l"),  # "de el café" → "del café"
    (re.compile(r"\b(gracias(?: a todos)?) para\b", re.IGNORECASE), lambda m: m.group(1) + " por"),
    (re.compile(r"\b(por|para) venidero\b"), lambda m: m.group(1) + " venir"),  # "for coming": "upcoming"
    _say("aquello", "eso"),  # the pronoun "that" of everyday talk, not the far one
    _say("otra vez y otra vez", "una y otra vez"),
    _say("en vacaciones", "de vacaciones"),  # "ir/estar de vacaciones": "Vamos en vacaciones"
    _ENSURE,
    _before_infinitive("empez|empiez|empec|comenz|comienz|comenc|aprend|ayud|enseñ|volv|vuelv", "para", "a", _ES_INFINITIVE),
    _before_infinitive("cómo|dónde|cuándo|qué", "para", "", _ES_INFINITIVE),
    _before_infinitive("necesit", "para", "", _ES_INFINITIVE),  # "No necesitas para empaparlas"
    _before_infinitive("miedo(?!\\w)", "para", "de", _ES_INFINITIVE),  # "No tengas miedo para preguntar"
    (re.compile(r"\b(segur[oa]s?) que\b"), lambda m: f"{m.group(1)} de que"),  # "Estoy seguro que"
    (re.compile(r"\b(much|tant|poc|demasiad)o (hambre|sed)\b"), lambda m: f"{m.group(1)}a {m.group(2)}"),  # "mucho hambre"
    _and_a_half("una?", "una", "y", "un medio|una media", ("medio", "media")),
    # "your" is the pairs' plural "vuestro" where every verb of "you" is singular ("Deja vuestros
    # comentarios", "¿Puedes…? … vuestro fondo"): the singular's "tu", "el tuyo"
    (re.compile(r"\b(el|la|los|las) vuestr(o|a|os|as)\b", re.IGNORECASE), lambda m: f"{m.group(1)} tuy{m.group(2)}"),
    (re.compile(r"\bvuestr(?:o|a)(s?)\b", re.IGNORECASE), lambda m: same_case(m.group(0), "tu" + m.group(1))),
    # "been to"/"been in" a place: "He sido a Londres", "¿Has sido en París?"
    (re.compile(r"\b(he|has|ha|hemos|habéis|han|había|habías|habíamos|habían|haber) sido (?:a|en) ", re.IGNORECASE),
     lambda m: m.group(1) + " estado en "),
    _BEFORE_AT_END,
    (re.compile(r"(?<!\bel )(?<!\bal )(?<!\bdel )\beste(?=\s?[.!?;:,]|$)"), lambda m: "esto"),  # "sobre este."
    _ASKED_QUESTION,
    (re.compile(r"\b(olvid\w*) para (?=\w+[aeií]r\b)"), lambda m: m.group(1) + " "),  # "No olvides para suscribir"
    # "didn't know" is a state ("No supe aquello"): "No sabía eso"
    (re.compile(r"\b(supe|supiste|supo|supimos|supisteis|supieron)\b", re.IGNORECASE),
     lambda m: same_case(m.group(0), _KNEW[m.group(1).lower()])),
    # and for "show", "asomar" (to peek out): "Te voy a asomar algo"
    (re.compile(r"\basom(ar|ando|ado|o|as|a|amos|áis|an|é|aste|ó|aron|aba|aré|ará|aría)(?=(?:me|te|se|nos|os|l[aeo]s?)*\b)",
                re.IGNORECASE),
     lambda m: same_case(m.group(0), "enseñ" + m.group(1))),
    # a pronoun after a preposition (after "about" is "sobre"): "Pensaba sobre te" → "Pensaba
    # sobre ti", "con me" → "conmigo", "depende de les" → "depende de ellos"
    (re.compile(r"\b(sobre|para|de|por|sin|en|hacia|desde|contra|con) (te|me|les)\b"),
     lambda m: _WITH[m.group(2)] if m.group(1) == "con" and m.group(2) in _WITH
     else f"{m.group(1)} {_STRESSED[m.group(2)]}"),
    _THINGS_TO_DO["es"], _NEXT_YEARS["es"], _NO_BIGGER["es"], _HUNDREDS["es"], _EVENT_PASSIVE["es"], _FROM["es"],
    (re.compile(r"([¿]?)([Dd])ónde (?=pro(?:veng|vien|vin|ven)\w*)"),
     lambda m: m.group(1) + same_case(m.group(2), "de") + " dónde "),
    (re.compile(r"\b(goles|puntos|tantos) a un\b"), lambda m: m.group(1) + " a uno"),  # a score: "dos goles a un"
), "ca": (
    # "gràcies per a la invitació", "per al cafè"
    (re.compile(r"\b(gràcies(?: a tots)?) per a(ls?)?\b", re.IGNORECASE),
     lambda m: f"{m.group(1)} pe{m.group(2)}" if m.group(2) else f"{m.group(1)} per"),
    (re.compile(r"\bper (els?)\b"), lambda m: "p" + m.group(1)),  # "per el cafè" → "pel cafè"
    # a day: "Ens veiem en dissabte" → "el dissabte"
    (re.compile(r"\ben (?=(?:dilluns|dimarts|dimecres|dijous|divendres|dissabte|diumenge)\b)"), lambda m: "el "),
    _say("allò", "això"),
    _say("de bell nou", "una altra vegada"),  # "again": the written register's "de bell nou"
    _say("en vacances", "de vacances"),
    (re.compile(r"\b([Ee])n (?:(el|els|la|les)\b|(l')(?=\w))"), _ca_in),
    (re.compile(r"(^|[.!?]\s+)Assegura que\b"), lambda m: m.group(1) + "Assegura't que"),
    (re.compile(r"\b([Dd]ep[eè]n\w*) en (?=ells?\b|elles?\b)"), lambda m: f"{m.group(1)} d'"),  # "depèn en ells"
    (re.compile(r"\b([Dd]ep[eè]n\w*) en\b"), lambda m: f"{m.group(1)} de"),  # "Depèn en la situació"
    _believe("ca"),
    (re.compile(r"(^|[.!?,;:]\s*)([Hh])i ha (?=(?:res|ningú|cap)\b)"),
     lambda m: m.group(1) + ("N" if m.group(2) == "H" else "n") + "o hi ha "),
    (re.compile(r"\b(de|a) (els?)\b"), lambda m: ("d" if m.group(1) == "de" else "a") + m.group(2)[m.group(1) == "a":]),
    # "what" that opens a question, read as the relative "el que": "El que penses sobre ell?"
    (re.compile(r"(^|[.!]\s+)El que (?=[^.!?]*\?)"), lambda m: m.group(1) + "Què "),
    _good_first("ca"),
    _where_it_is("ca"),
    _next_first("ca"),
    _old_first("ca"),
    _best_first("el|la|els|les", "millor|millors|pitjor|pitjors", "de|del|dels|en|per|al|amb|" + _BEST_THAT["ca"]),
    (re.compile(r"\baproximadament" + _ABOUT_AT_END), lambda m: "sobre això"),
    _say("mossèn", "pare"), _say("mossens", "pares"),  # eng-cat's every "father" is a priest
    # "in" a month the phrasebook gave ("dins maig"; eng-cat says "en abril")
    (re.compile(r"\b([Dd])ins (?=(?:maig|març|agost)\b)"), lambda m: "En " if m.group(1) == "D" else "en "),
    (re.compile(r"\b([Dd])e (?=agost\b)"), lambda m: m.group(1) + "'"),  # "l'1 de agost"
    # degrees of temperature, not academic ones: "Era 25 títols"
    (re.compile(r"(?<=\d) (títols?)\b"), lambda m: " graus" if m.group(1) == "títols" else " grau"),
    # "Vés per dormir", "aprenent per nedar"
    _before_infinitive("comen[cç]|aprèn|aprend|aprenent|ajud|ensenya|torn|v[aé]|an", "per", "a", _CA_INFINITIVE),
    _before_infinitive("com|on|quan", "per", "", _CA_INFINITIVE),
    # "No necessites per xopar-los", "No oblidis per dur"
    _before_infinitive("necessit|oblid", "per", "", _CA_INFINITIVE),
    (re.compile(r"\b([Nn]o) per (?=" + _CA_INFINITIVE + ")"), lambda m: m.group(1) + " "),  # "Va decidir no per vendre"
    (re.compile(r"\b(lluny) des d(?=e\b|el\b|els\b|')"), lambda m: m.group(1) + " d"),  # "lluny des del poble"
    # "How long have you been working" ("Quant de temps portes treballar" → "treballant"); "think about" ("Has pensat
    # aproximadament deixant")
    (re.compile(r"\b(portes|porto|porta|portem|porteu|porten) (\w{2,}?)(ar|er|ir)\b"),
     lambda m: f"{m.group(1)} {m.group(2)}{_CA_GERUND[m.group(3)]}"),
    (re.compile(r"\b(pens\w*) aproximadament\b"), lambda m: m.group(1) + " en"),
    # going or coming "to" do a thing ("Vaig anar per comprar pa"); how one felt, a state ("Va tenir gana")
    (re.compile(r"\b((?:vaig|vas|va|vam|vau|van) (?:anar|venir)) per (?=" + _CA_INFINITIVE + ")", re.IGNORECASE),
     lambda m: m.group(1) + " a "),
    (re.compile(r"\b(vaig|vas|va|vam|vau|van) tenir (?=(?:(?:molta|molt de|tanta) )?(?:gana|set|son|fred|calor)\b)",
                re.IGNORECASE), lambda m: same_case(m.group(1), _HAD_CA[m.group(1).lower()]) + " "),
    _before_infinitive("por(?!\\w)", "per", "de", _CA_INFINITIVE),  # "No tinguis por per preguntar"
    _anywhere("a qualsevol lloc", "enlloc", "a qualsevol lloc"),
    # being sure is a state: "No sóc segur", "Ets segur que…?"; being away a place ("mentre som fora"), full, ready
    (re.compile(r"\b([Nn]o (?:sóc|ets|és|som|sou|són|era|eres|érem|éreu|eren|estic|estàs|està|estem|esteu|estan|estava|"
                r"serà)) també (?=\w)"), lambda m: m.group(1) + " massa "),  # "not too"
    (re.compile(r"\b(sóc|ets|és|som|sou|són) ((?:gairebé |ja |molt |tan |una mica |massa )?(?:segur(?:a|s|es)?|fora|lluny|"
                r"ple|plena|plens|plenes|a punt|de vacances|llest(?:a|os|es)?|" + _STATE_CA + r"))\b", re.IGNORECASE),
     lambda m: f"{_estar(m.group(1), _SER_ESTAR_CA)} {m.group(2)}"),
    # "so" + a state, read as the conjunction ("Sóc així que cansat")
    (re.compile(r"\b(sóc|ets|és|som|sou|són) així que (?=" + _STATE_CA + r"\b)", re.IGNORECASE),
     lambda m: f"{_estar(m.group(1), _SER_ESTAR_CA)} tan "),
    (re.compile(r"\b(estat|estic|estàs|està|estem|esteu|estan|estava|estaves|estàvem|estaven) així que (?=" + _STATE_CA
                + r"\b)", re.IGNORECASE), lambda m: f"{m.group(1)} tan "),
    # being fine: "Tot era fi", "L'àpat serà multa"
    (re.compile(r"\b(és|era|serà|són|eren|seran) (?:fi|multa)(?=\s?[.,;:!?]|$| amb\b| per\b)"),
     lambda m: _estar(m.group(1), _SER_ESTAR_CA) + " bé"),
    _and_a_half("una?", "una", "i", "una meitat", ("mig", "mitja")),
    (re.compile(r"\bel que per (?=" + _CA_INFINITIVE + ")"), lambda m: "què "),  # "No sé el que per dir"
    # "your": "el vostre" → "el teu" (the pair's verbs of "you" are singular), as the article says it
    (re.compile(r"\b(el|del|al|pel|la|de la|a la|per la|els|dels|als|pels|les|de les|a les|per les) vostr(?:e|a|es)\b",
                re.IGNORECASE), lambda m: f"{m.group(1)} {_YOUR_CA[m.group(1).lower().split()[-1]]}"),
    (re.compile(r"\b(oblid\w*) per (?=(\w)\w*(?:[aei]r|re)\b)"),  # "No oblideu per…"
     lambda m: m.group(1) + (" d'" if m.group(2).lower() in "aeiouhàèéíòóú" else " de ")),
    (re.compile(r"\babans que(?=\s?[.!?;:,]|$)"), lambda m: "abans"),
    # the weather's "it" said as a pronoun ("quan el plou"), and "since" a month or a day ("de llavors ençà maig")
    (re.compile(r"\b(?:el|l') ?(?=(?:plou|plovia|plourà|ploguí|neva|nevava|nevarà|va ploure|va nevar)\b)"),
     lambda m: ""),
    (re.compile(r"\b([Dd])e llavors ençà (?=(?:\d|gener|febrer|març|abril|maig|juny|juliol|agost|setembre|octubre|"
                r"novembre|desembre|dilluns|dimarts|dimecres|dijous|divendres|dissabte|diumenge)\b)"),
     lambda m: m.group(1) + "es de "),
    _QUE_QUE, _NEXT_ONE, _feeling("ca"),
    (re.compile(r"\b(vaig|vas|va|vam|vau|van) saber\b", re.IGNORECASE),
     lambda m: same_case(m.group(0), _KNEW_CA[m.group(1).lower()])),
    # "about" of a number said "sobre" ("sobre tres mesos")
    (re.compile(r"\bsobre (?=(?:\d|dos|dues|tres|quatre|cinc|sis|set|vuit|nou|deu|onze|dotze|quinze|vint|"
                r"trenta|quaranta|cinquanta|cent|mil)\b)"), lambda m: "aproximadament "),
    (re.compile(r"\b([Dd])e (?=(?:un|una|uns|unes)\b)"), lambda m: m.group(1) + "'"),  # "en menys de una hora"
    _NEXT_YEARS["ca"], _NO_BIGGER["ca"], _HUNDREDS["ca"], _EVENT_PASSIVE["ca"], _FROM["ca"], _MORE_THAN["ca"],
    (re.compile(r"\b([Oo])n (?=pro(?:vinc|vens|vé|ven|vin)\w*)"), lambda m: same_case(m.group(1), "d") + "'on "),
), "gl": (
    _NEXT_YEARS["gl"], _NO_BIGGER["gl"], _HUNDREDS["gl"], _EVENT_PASSIVE["gl"], _MORE_THAN["gl"],
    _ENGLISH_I,
    _THINGS_TO_DO["gl"],
    (re.compile(r"\b([Dd]esc[uú]lp\w*|[Pp]erdó\w*) para\b"), lambda m: m.group(1) + " por"),  # "Descúlpome para iso"
    # "which is why" ("o cal é por que nós deixamos")
    (re.compile(r",( o cal)? (?:é|era|foi) por que(?: nós| eu| eles| el| ela)?\b"), lambda m: ", por iso"),
    # a day: "Vémonos en sábado" → "o sábado", "en domingos" → "os domingos"
    (re.compile(r"\ben (?=(?:luns|martes|mércores|xoves|venres|sábado|domingo)\b)"), lambda m: "o "),
    (re.compile(r"\ben (?=(?:sábados|domingos)\b)"), lambda m: "os "),
    (re.compile(r"\b(grazas(?: a todos)?) para\b", re.IGNORECASE), lambda m: m.group(1) + " por"),
    (re.compile(r"\bpor (os|as|o|a)\b"), lambda m: "pol" + m.group(1)),  # "por o café" → "polo café"
    (re.compile(r"\b([Cc])on (o|a|os|as)\b"), lambda m: m.group(1) + "o" + m.group(2).removeprefix("o")),  # "con a viaxe" → "coa viaxe"
    # "de" and the article joined ("idea de o que sucedeu")
    (re.compile(r"\b([Dd])e (o|a|os|as)\b"), lambda m: m.group(1) + m.group(2)),
    (re.compile(r"\b([Ee])n (o|a|os|as)\b"), lambda m: same_case(m.group(1), "n") + m.group(2)),  # "en a capital"
    # "a" and the article joined ("xunto a a xanela"); how one felt, a state ("Tivo fame")
    (re.compile(r"\b([Aa]) (a|as|o|os)\b"), lambda m: same_case(m.group(1), {"a": "á", "as": "ás", "o": "ao", "os": "aos"}[m.group(2)])),
    _form_before(_HAD_GL, r"(?:(?:moita|moito|tanta|tanto) )?(?:fame|sede|sono|frío|calor)\b"),
    # a place: "Era alí" → "Estaba alí"
    # a whole span of time with its article ("toda noite", "todo día")
    (re.compile(r"\b([Tt]od(o|a|os|as)) (?=(?:día|días|noite|noites|mañá|tarde|semana|ano|mes|tempo|vida|verán|inverno|"
                r"fin de semana)\b)"), lambda m: f"{m.group(1)} {m.group(2)} "),
    (re.compile(r"\bser (?=(?:" + _IN_GL + r"|aquí|alí|aí|fóra|lonxe|arriba|abaixo)\b)"),
     lambda m: "estar "),  # being somewhere, the infinitive ("Teñen que ser na escola")
    _anywhere("en calquera sitio", "en ningures", "en calquera sitio"),
    _form_before(_GL_ESTAR, r"(?:aquí|alí|aí|acolá|fóra|lonxe|arriba|abaixo|no fondo)\b"),
    # a person somewhere, full, ready ("eras na ducha", "Son cheo", "son case a punto"); "son" of "they" an event may be
    _form_before(_GL_ESTAR_PERSON, r"(?:(?:case |xa )?(?:" + _IN_GL + r"|cheo|chea|cheos|cheas|a punto))\b"),
    (re.compile(r"\b([Ss])on (?=(?:moi |case |xa |tan |un pouco |bastante |demasiado )?(?:cheo|chea|" + _STATE_GL + r")\b)"),
     lambda m: same_case(m.group(1), "e") + "stou "),
    _form_before(_GL_ESTAR_YOU_WE, r"(?:moi |tan |un pouco |bastante )?" + _STATE_GL + r"s?\b"),
    _form_before(_GL_ESTAR_YOU_WE, r"(?:moi |totalmente )?(?:seguro|segura|seguros|seguras)\b"),
    # a thing's place: "A chave era baixo unha pedra" → "estaba baixo"; "not to" + a verb: "Decidiu non para vender"
    (re.compile(r"\b(é|son|era|eran) (?=(?:(?:debaixo|enriba|dentro|detrás|diante|preto|fóra) d|baixo (?:o|a|os|as|un|unha|"
                r"meu|miña|teu|túa|seu|súa)\b))"), lambda m: _GL_ESTAR[m.group(1)] + " "),
    (re.compile(r"\b([Nn]on) para (?=" + _GL_INFINITIVE + ")"), lambda m: m.group(1) + " "),
    # a thing ready ("As traducións non son a punto"; "son" after a plural noun: "Son case a punto" is "I am")
    (re.compile(r"\b(é|era|eran|(?<=[a-zá-ú]s )son|(?<=[a-zá-ú]s non )son) (?=(?:case |xa )?a punto\b)"),
     lambda m: _GL_ESTAR[m.group(1)] + " "),
    # a state: "A tenda é aínda pechada", "O mango era xa roto" ("son" of a plural state only:
    # "son" is also "I am")
    (re.compile(r"\b(é|son|era|eran) ((?:xa|aínda|case|moi|completamente) )?(?=(?:pechad|abert|rot|chei|baleir|ocupad|"
                r"cansad|preocupad|enfadad|sentad|perdid|mollad|aces|apagad|durmid|espert)([oa]s?)\b)"),
     lambda m: m.group(0) if m.group(1) == "son" and not m.group(3).endswith("s")
     else _GL_ESTAR[m.group(1)] + " " + (m.group(2) or "")),
    # a thing's temperature is a state: "A sopa é fría" → "está fría"; dirt, wet, clean; being fine ("Todo era ben")
    (re.compile(r"\b(é|son|era|eran|será|serán) ((?:moi|bastante|un pouco|demasiado|tan) )?(?=(?:frí[oa]s?|quentes?|morn[oa]s?|"
                r"suci[oa]s?|mollad[oa]s?|limp[oa]s?|" + _STATE_GL + r"s?)\b|ben(?=\s?[.,;:!?]|$| co(?:n\b|migo|ntigo)| para\b))",
                re.IGNORECASE),
     lambda m: m.group(0) if m.group(1).lower() == "son" and re.match(_STATE_GL + r"\b", m.string[m.end():])
     else same_case(m.group(1), _GL_ESTAR[m.group(1).lower()]) + " " + (m.group(2) or "")),  # "son" + one: "I am"
    _say("aquilo", "iso"),
    _say("outra vez e outra vez", "unha e outra vez"),
    _say("en vacacións", "de vacacións"),
    _ENSURE,
    # "have been" + a state said "fun": "Fun realmente ocupado" → "Estiven"
    (re.compile(r"\b(fun|fuches|foi|fomos|fostes|foron) (?=(?:moi |tan |realmente |bastante |un pouco )?" + _STATE_GL
                + r"s?\b)", re.IGNORECASE), lambda m: same_case(m.group(1), _GL_STAYED[m.group(1).lower()]) + " "),
    # "have been" + gerund said "fun": "Fun facendo isto" → "Estiven facendo isto"
    (re.compile(r"\b(fun|fuches|foi|fomos|fostes|foron) (?=" + _GL_GERUND + ")", re.IGNORECASE),
     lambda m: same_case(m.group(1), _GL_STAYED[m.group(1).lower()]) + " "),
    (re.compile(r"\b([Dd]epend\w*) (?:en|n)(os|as|o|a)?\b ?"), lambda m: f"{m.group(1)} d{m.group(2) or 'e'} "),
    (re.compile(r"(^|[.!?,;:]\s*)([Hh])ai (?=(?:nada|ninguén|ningún|ningunha)\b)"),
     lambda m: m.group(1) + ("N" if m.group(2) == "H" else "n") + "on hai "),
    _believe("gl"),
    # "gostar" takes "de" ("Gosto o vídeo" → "Gosto do vídeo", "Gosto isto" → "Gosto disto", "Gosto
    # para cociñar" → "Gosto de cociñar"); not after a clitic, where what pleases is the subject ("Se
    # che gosta este vídeo")
    (re.compile(r"(?<!\bche )(?<!\bme )(?<!\blle )(?<!\bnos )(?<!\bvos )(?<!\blles )(?<!\bte )\b([Gg]ost(?:o|as|a|amos|ades|an|ei|aches|ou|astes|aron|aba|abas|abamos|abades|aban|aría|arías|"
                r"ariamos|ariades|arían)) (o|a|os|as|este|esta|estes|estas|isto|iso|aquilo|ese|esa|eses|esas|un|unha)\b"),
     lambda m: f"{m.group(1)} d{m.group(2)}"),
    _before_infinitive("gost", "para", "de", _GL_INFINITIVE),  # "Gosto para cociñar"
    _LONG_TIME["gl"],
    _for_a_span("gl"),
    _good_first("gl"),
    _where_it_is("gl"),
    _next_first("gl"),
    _old_first("gl"),
    _best_first("o|a|os|as", "mellor|mellores|peor|peores", "de|do|da|dos|das|en|na|no|para|ao|con|" + _BEST_THAT["gl"]),
    (re.compile(r"\baproximadamente" + _ABOUT_AT_END), lambda m: "sobre iso"),
    _before_infinitive("decid|necesit|prefir|prefer|intent|trat|tent", "para", "", _GL_INFINITIVE),
    _before_infinitive("medo(?!\\w)", "para", "de", _GL_INFINITIVE),  # "Non teñas medo para preguntar"
    _and_a_half("unh?a?", "unha", "e", "un medio|unha media", ("medio", "media")),
    _QUE_QUE, _NEXT_ONE, _feeling("gl"),
    (re.compile(r"(?<=, )(?:os|as) cales\b"), lambda m: "que"),  # of things; of what was said, judged: "o que"
    (re.compile(r"(?<=, )(?:o|a) cal(?= (?:non )?(?:é|era|foi|sería|será|está|estaba) (?:moi |moito |bastante |"
                r"realmente |tan |máis |menos |un pouco )*" + _JUDGED_GL + r"\b)"), lambda m: "o que"),
    _say("voso", "teu"), _say("vosa", "túa"), _say("vosos", "teus"), _say("vosas", "túas"),  # "your", as in es
    (re.compile(r"\b(esque[cz]\w*) para (?=\w+[aei]r\b)"), lambda m: m.group(1) + " "),
    _before_infinitive("empez|comez|arranc|arranq|aprend|axud|ensin|volv", "para", "a", _GL_INFINITIVE),
    _before_infinitive("como|onde|cando|que", "para", "", _GL_INFINITIVE),  # "Non sei que para facer"
    _before_infinitive("(?:vai|vou|van|imos|ides|fun|fuches|foi|fomos|fostes|foron|ir)(?!\\w)", "para", "",
                       _GL_INFINITIVE),  # "Vai para durmir"
    (re.compile(r"(^|[.!]\s+)Que (?=[^.!?]*\b(?:é|era|foi|son)\b[^.!?]*\.)"), lambda m: f"{m.group(1)}O que "),
    (re.compile(r"\b([Aa])lgunha cousa que\b"), lambda m: f"{m.group(1)}lgo que"),
    _BEFORE_AT_END,
    _ASKED_QUESTION,
    (re.compile(r"\bsobre (?=(?:\d|dous|dúas|tres|catro|cinco|seis|sete|oito|nove|dez|once|doce|quince|"
                r"vinte|trinta|corenta|cincuenta|cen|cento|mil)\b)"), lambda m: "aproximadamente "),
)}


def say_target_rules(text: str, target: str) -> str:
    """``text`` (a translation into ``target``) with ``target``'s :data:`TARGET_REWRITES` applied."""
    for pattern, replace in TARGET_REWRITES.get(target, ()):
        text = pattern.sub(replace, text)
    return text
