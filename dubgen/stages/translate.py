"""Machine translation, one call per clip, one output per segment."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any, NamedTuple, Optional, Sequence

from pydantic import Field

from ..errors import RecipeError
from ..registry import StageRegistry
from .base import Backend, Check, binary_version, require_binary
from .amounts import say_amounts
from .asked_ever import say_asked_ever
from .asked_you import say_asked_you
from .clock_times import say_clock_times
from .courtesy import PLEASE, mark_courtesy_please, say_courtesy_please
from .borrowing import LENT_MARK
from .english_pairs import TARGETS as STAGED_TARGETS, translate_english
from .phrasebook import LANGUAGES as PHRASEBOOK_LANGUAGES
from .phrasebook import ANY_MARK, lower_after_marks, rewrite_english, say_counted_you, say_phrases
from .target_rules import say_target_rules
from .place_names import ISO_CODES, PlaceNames, place_name_table

TRANSLATE: StageRegistry["Translator"] = StageRegistry("translate", default="apertium")


class Translator(Backend):
    stage = "translate"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each text; the output list has the same length and order."""
        raise NotImplementedError

    def translate_noting(self, texts: Sequence[str], source: str, target: str) -> "NotedTranslation":
        """:meth:`translate`, and per text the words not said in the target language."""
        return NotedTranslation(self.translate(texts, source, target), None, None)


class NotedTranslation(NamedTuple):
    """Translations, and per text the source-language words kept as they were (a dub that says
    them is not wholly in the target language) and the words said in a related language where
    the target's dictionaries lack them (a Galician dub's Spanish "lentejas"); None where the
    backend cannot tell."""

    texts: list[str]
    kept: Optional[list[list[str]]]
    lent: Optional[list[list[str]]]


# Apertium modes by (source, target); other pairs pivot through English.
APERTIUM_MODES = {
    ("en", "es"): "eng-spa",
    ("en", "ca"): "eng-cat",
    ("en", "gl"): "en-gl",
    ("es", "en"): "spa-eng",
    ("ca", "en"): "cat-eng",
    ("gl", "en"): "gl-en",
}
APERTIUM_PACKAGES = {"eng-spa": "apertium-eng-spa", "spa-eng": "apertium-eng-spa", "eng-cat": "apertium-eng-cat",
                     "cat-eng": "apertium-eng-cat", "en-gl": "apertium-en-gl", "gl-en": "apertium-en-gl"}
_SPACES = re.compile(r"\s+")
#: a space the generator leaves before a closing mark ("una obra de arte .", gl "sorpréndeme .")
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[.,;:!?…](?:\s|$))")
#: a line's last word that the English analysers read together with its period as one abbreviation
#: ("etc.", "Inc.", "Jan."): that period then no longer ended the sentence, and the transfer read the
#: next line as the same one ("…, etc." / "Take him home." → "Tomarle en casa."). It is written twice.
_ABBREVIATION_AT_END = re.compile(r"\b((?i:etc|inc|vs|cf|ie|dr|mr|mrs|min|no|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|"
                                  r"dec))\.$")
#: the period so doubled, as the generator writes it back ("etc. .")
_DOUBLED_PERIOD = re.compile(r"(?<=\.) \.$")
#: a comma the rules write twice ("En otras palabras,, necesitamos")
_DOUBLED_COMMA = re.compile(r",(?:\s*,)+")
_UNKNOWN = re.compile(r"(?<!\S)[*@](\S+)")
_LENT = re.compile(r"(?<!\S)" + LENT_MARK + r"(\S+)")
#: a tag name a failed generation leaves in the word ("#prpersestoy", "axudar#prpers"; -u drops the #)
_TAG_LEAK = re.compile(r"prpers")
_EDGE_PUNCT = ".,;:!?¿¡\"()[]«»“”"
#: bumped when the text handling around Apertium changes what a translation says
# 2: courtesy please; 3: phrasebook; 4: its "that" after know/hope; 5: questions; 6: time, about, state;
# 7: thanks, work; 8: where ¿ opens; 9: any, that, the work of things, everyday talk, sentence case, imperatives;
# 10: a subject's verb in -s, and-joined imperatives, es "obrar", ca "mossèn", no space before a closing mark,
# directions, "thank you" as an object, clock times, questions with a noun subject, "your", an asked "ever";
# 11–22: a verb's person, "like", aspect verbs and "used to", attached pronouns, objects after a verb, tenses and
# spans, "creer que", a lead clause's imperative, Catalan questions of "you", everyday words first, -ing adjectives;
# 23: "que" + subjunctive after telling, asking, wanting someone to; "home"; "lo que"; "I" before a verb;
# 24: a verb after "and" shares its clause's subject; 25: ca "Why don't you" as asked, "didn't you"; a plural
# subject's verb; es "play" "jugar"; 26: "I'd like you to", es "meet" "conocer", "help me find", "her" as object,
# "nice to see you", "I told you so"; 27: "that" of a relative clause without it; 28: "wait for", "let's meet",
# "something (that)"; 29: a clause's last "no", a line's last abbreviation, "say yes/no", "give up", "about" a
# quantity, "turn down the heat", "take someone to", "haven't already", es/ca "no necesitas para", "y medio";
# 30: everyday senses (spring, miss, ask, oil, right) also opening a sentence, "ask a question", "back then",
# imperatives of "be", "don't be afraid", "nice talking to you"; 31: "sure" before its clause; 32: a subject
# pronoun's verb, a pronoun apart from its verb, "said (that)", "next to", "a friend of mine", photos taken;
# 33: how a person feels ("I'm cold" → "Tengo frío"); 34: gl words en-gl lacks lent by eng-spa, a participle
# after "be", "when we" in the first person, food chopped or rinsed; 35: amounts written with symbols ("$5", "10%",
# "3pm", "25°C", "the 1990s") said in words, dates ("on May 2nd" → "el 2 de mayo"), "May" and "March" as months,
# "about" a number, hesitations ("um" → "eh"), "Mm-hmm", a filler "like", "lemme", "dunno", "gimme", "'cause", a
# price's "each", a title with its article ("el señor Smith"), a surname after it or a first name, no capital after "EE.UU.",
# hyphenated words apart, an acronym's capitals, a verb after "want to" the infinitive, money spent, "per" day,
# "times" counted, a time "around" an hour ("sobre las 8"), "we met" each other, a video's calls to action, "super",
# a relative clause without "that" opening a sentence ("The car I bought is red"), a noun before "that", money saved,
# es/gl "which" after a comma: of things "que", of what was said, judged, "lo que"
# 36: a perfect with an adverb inside it ("I've only had it"), "have just done" as "acabar de", en-gl's perfects as the
# simple past, how a thing looks ("Pareces cansado"), "who" after a noun the relative, "too" ending its clause "also",
# "one" standing for a noun, "many of you" ("muchos de vosotros"), "so" of a purpose, "Me too.", "give it a like",
# "good" after "be", "worth it", es "la cámara", ca "càmera", "provar", "this" + noun + its verb, a clause's last "yet",
# how one feels ("Me siento mejor"), looking at a thing "watch", "even though", ca "enllaç", "That's all for today",
# "keep" after another verb ("Voy a seguir utilizándolo"), gl "deixar de", a video's openings and closings ("In today's
# video", "How's it going?", "what's inside", "make sure to"); 37: a conversation's English: "Did the kids…?" in
# statement order, "love" of a thing "encantar", es "a" before a person object, "little" "pequeño"/"a bit", a clause
# after "know"/"hear" with its "que", "gustaría" + infinitive in the singular, a person taken ("llevar") or known
# ("conocer"), time spent doing a thing, "every single", "up north", "You should.", ", cuando", "Has the package
# arrived?"/"Is the shop open?"/"Can the kids come?" in statement order, a question's "yet" "ya", "feel bad", "mine";
# then from the neighbours set: days and their parts ("el martes por la mañana"), "in ages", "How have you been?",
# "See you on…", leaving "marchar", watering "regar", being away "estar fuera", "¿Cuándo…?", a noun phrase with its
# preposition ("the bakery on the corner"), "come for dinner", "would love to."; 38: the weather ("Hace frío
# fuera"), a thing cold ("está fría"), "in the afternoon" "por la tarde", "have fun" "disfrutar", "enjoy" es
# "disfrutar", "have dinner" "cenar", "Around seven," "Sobre las siete", "around ten people", "wake up", keep/leave
# + object + adjective, "estaré allí", en-gl's verb after "that" in the singular ("Iso tomará"), gl "co/coa"; then
# from the story set: a phrase of place opening a clause ("En la cocina encontró"), an object pronoun before its
# perfect ("le había enseñado"), "could not" the imperfect, "there was" after a phrase of place, "near" opening a
# sentence, a past after its subject ("llegó"), "not to", "each other", "just as", "at last", letters sent
# ("cartas"), "become" "llegar a ser", "vino a ayudar", how one felt ("tenía hambre"), quotes without inner spaces;
# the passive with "ser" ("fue destruida"), "estaba allí", "on Tuesday" after a noun, "how" + noun + verb, "saying"
# + clause, "went up" "subir", "You might be wondering", "take a look at", "feel free to", "I have no idea", "the
# first time", "most of his life" spent, "all of", a doubled comma, gl "do/da", "go for a walk/run", "After that,",
# "try not to", "around eight." ending a sentence, an unreal "if" in the subjunctive ("Si tuviéramos"), "the best"
# before its noun ("la mejor pizza que he tenido"), "sobre eso", "es lo que", "grow up", "It's getting late", "How
# long have you been…ing?", "what happened" ("lo que pasó"), "pick up", "turn off/on", "It's up to you", "running late",
# a preferred word over eng-cat's lexical selection ("explicar", not "comptar"), ca "portes treballant", "pensat en";
# 39: verbs said reflexively ("se sentó", "me desperté", "Siéntate", "Cálmate", "nos trasladamos", gl "Sentouse"), a
# reflexive pronoun in its verb's person ("y me vestí", "Solíamos despertarnos"), "them" as a direct object ("las",
# gl "os"), "work" of a thing "funcionar", "before"/"after" + noun "antes de la cena", gl pronouns drawn before the
# verb ("Sempre nos axudan") and ones the transfer wrote apart, a subject pronoun's verb after "just"/"always", "turn
# on/off" "encender/apagar", "watch TV" "ver", "call me back", "out of" ("No tenemos más huevos"), a plural
# owner's "s'", "would rather", "see you in the morning", "half an hour", "there's plenty left", "upstairs", "go to
# bed" (ca "anar a dormir"), "hurry up", "stand up", ca "just" "només"; then the subjunctive after "before"/"so that"
# ("antes de que marcháramos", ca "abans que marxéssim"), "half past eight" "8:30", "by" a time, "at school", being
# somewhere or ready or full with "estar" (gl "estabas na ducha", "Estou cheo"), "a alguien"/"a nadie", "anywhere",
# a noun after "the"/"a" before its phrase's end, a past before "while", "some" before what is not counted, "and no
# sugar", "you or me", "Be careful", "It's your turn", "time for bed", "on your way home", "Not really", gl "todo o
# día", an umbrella taken "llevar", ca "television", "early tomorrow"; "wanted"/"needed" in the imperfect ("Quería
# ir"; ca's modal in that past kept with its verb: "Volia marxar", not "Va voler."), ca "had to", "nobody (that) I"
# 40: a present that speaks of the future after "when"/"until"/"as soon as"/"once" in the subjunctive ("cuando
# llegue", "hasta que vuelva", "en cuanto lleguen"), "as long as" ("a condición de que quieras"), asking or telling a
# noun phrase to do a thing ("Pide a alguien más que ayude", a modal before: "¿Le puedes pedir que me llame?"), ca
# "Who" ("Qui vol cafè?"), "that" ending a question ("¿Quién era eso?"), question tags, greetings and parting
# wishes ("Buenos días a todos", "Que tengas un buen día", "Que aproveche"), "by car"/"by Friday"/"by the end of the
# month", "since"/"before"/"on a" + day, dates with ordinals in words, "allowed to", "far too", "go over", "have a
# lot to", "a chance to", "will there be", "be back", "help out", "in charge of", "most of it", "a short" (es, ca),
# a rise "by" an amount, a quarter, a time "sharp", "N days a week"; "keep X in mind", "just" before an imperative,
# "you all" as an object, "get" an email "recibir", "remind" "recordar", "a todo el mundo", "off sick", ca "llest" and
# gl "a punto" with "estar"; a news bulletin's: an event's passive in the preterite ("Nadie fue herido"), years in
# words in digits, "is expected to" ("probablemente continuará"), "over the next five years", "hundreds of",
# "no bigger than", "most" + a plural, "young people", "long before", "went missing", "stay closed", "within an hour",
# "the news", "the capital", "far enough", "just a", "raise" a rate, a team that works, a score "to one"; a town's
# prose: "be back" ("ya han vuelto"), "has only forty" ("tiene"), "nobody I spoke to" ("con quien hablé"), "come from"
# with its "de", "Still,", "And so,", "somewhere else", "how was the trip", "for most of the week", "by March",
# "fill up", "not that much", "by the water"; 41: forms a word takes from its neighbours (agreement.py: a verb after a
# preposition the infinitive, "sin decir"; a passive's participle in its auxiliary's number, "fueron vendidos"; "las
# próximas dos horas"; ", which" "que" with its verb and predicate agreeing with the noun, and the main verb after it),
# a clause hoped in the subjunctive ("Espero que te guste"), "that you"/"that it" the clause's subject, "and I'll"
# in its own person, ca/gl "more than" a number "més de"/"máis de", a century "el siglo 16", "built in" a year;
# 42: "so (that)" of a purpose "para que" (ca "perquè") with the subjunctive, a negated or conditional verb there too,
# a verb after its subject and "still"/"always" (ca's third person, a plural noun: "famílies encara els corren");
# 43: a guide's places: "close to" "near" (es "cerca de mí", "detrás de mí"), "on the left" "a la izquierda", "in the
# main square", "standing" in a place "estar", "the one (that) you see", "at any time", "at night" (gl "pola noite"),
# "para más de doscientos años" "durante", gl "I am" somewhere "Estou" (not "Están"); 44: "good" before its noun ("un
# buen trato", ca "bones sabates"), a courtesy "please" after "so"/"and", ca "before" a passive ("abans que fos acabat");
# 45: "old" of a thing or a place "antiguo" before its noun ("el antiguo ayuntamiento", ca "l'antiga presó"), a state
# that has lasted "ha estado abierta", "at the top of", ca's weather "it" ("quan plou") and "since" a month ("des de");
# 46: "students" a plural (not eng-spa's collective "alumnado", ca "alumnes"), a fish one eats es "pescado"; 47: the
# main verb after a relative clause of the opening noun agrees with it ("Las familias que vivieron aquí eran ricas"),
# "that" not written twice before a relative clause, eng-cat's verb after "who" in its noun's number ("que viuen");
# 48: a thing or a person somewhere, es/gl "estar" in any tense and person ("La caja está en la mesa", "He estado en
# París"; an event's place and a time stay "ser"), ca "a" before the article and a place's name ("és a la taula"),
# "at the back (of)" "al fondo (de)", a state after "ya"/"todavía" ("estaba ya roto", gl "está aínda pechada"), a
# passive's participle after "still"/"all" and agreeing with its subject ("eran todos vendidos", ca "és encara
# tancada");
# 49: "the white ones" the adjective alone, in number and gender ("los blancos"), a relative clause without "that"
# ("cada libra que gastas", "las personas que admiras"), "be able to" "poder" ("¿Podré venir?"), "since"/"until"
# before a noun or a time ("desde Navidad", "hasta mañana"), "till" "until", "when" inside a question "cuando",
# "Have you got…?" "Do you have…?"; 50: es "get" + a state the participle's verb with its pronoun or "ponerse" ("Las
# calles se llenan mucho", "Me molesté"), a thing given, sent, brought or paid back "devolver" ("Te devolveré el
# dinero"), "try on" "try", ", which" of what was said "lo que"/"lo cual", "which is why" "por eso", "one of" a
# feminine plural "una de"; 51: a participle sharing a passive's auxiliary after "and" ("fueron construidas … y
# vendidas", not "y vendió"), a thing taken to a place "llevar" ("lo puedes llevar a una de nuestras tiendas"; a train
# stays "tomar"), a noun after a possessive before "to" (not "mi automovilístico"), "card" "tarjeta" (ca "targeta"),
# "by card" "con tarjeta", eng-spa's "label" "etiqueta" ("la sello"), "I'm afraid (that)" "me temo que", "How much
# is/are…?" "¿Cuánto cuesta(n)…?"; 52: a verb after a comma and "so" with no subject the imperative ("así que pon…",
# not "puso"), "not allowed" "forbidden" ("están prohibidas", not "no son interior dejado"), "inside"/"outside" ending a
# clause after a verb "dentro"/"fuera", "coat" "abrigo" (ca "abric"; a coat of arms stays); 53: "I'm sorry to hear
# that" "Lamento oír eso", a wish of an afternoon or a morning ("y que tengas una buena tarde"), "apologise for"
# "disculparse por", "within" a span "dentro de", "next" before its noun after a determiner ("la próxima ronda"); 54:
# a clause a negated "think"/"believe" holds in the subjunctive ("No creo que sea", a state "esté"), "where" + a noun
# phrase + "be" inside a sentence "be" first ("dónde está la estación", ca "on és l'estació"), "Where is…?" "estar"
# in its subject's number ("¿Dónde están mis llaves?"; an event's "ser"), "asleep"/"awake" a state; 55: ca "it" done or
# said "ho" ("Ho faré", "Fes-ho"), everyday words the pairs lack or rank low (a bin, a kettle, an order placed, the
# floor, ca car/bed/shower/cup), a separable particle before a noun phrase a preposition (gl "Pono na caixa"),
# "again" ca "una altra vegada", "for free", "I'll take it", "in order to", "moved house", an adjective after "be"
# the analyser reads as an adverb ("cochinamente"), being fine "estar bien"; 56: phrasal verbs said as one verb ("turn X
# off", "hold on", "look into", "work out", "figure out", "sort out", "log in", "set up", "look after"), a person late
# "arrives late", "Hurry up!", "Sorry I'm late", "Please hold", a verb after "we"/"they" opening a clause the present;
# 57: everyday replies ("Never mind", "Good luck", "No worries", "Fair enough", "We had a great time"), a text sent, a
# phone ringing, sense made, gl "I'm not sure"; 58: ca and gl a person's state with "estar" ("Estic cansat", gl "Estou
# canso"), a café's and a day's phrases ("How old are you?", "for a living", "the bill", "You're welcome"), gl "card";
# 59: going or coming somewhere in the present ("Vamos al cine", "¿Vas a la fiesta?"), "I'm coming!", "de
# vacaciones", "Make sure" told, "not too" ca "massa", gl a party "festa", "too" with a state; 60: a kitchen's, a
# match's, a phone's verbs (stir, cool down, score, charge a phone, play an instrument, taste, an alarm going off, a
# device not working, "ages"), falling asleep and oversleeping; 61: ca "en" + the definite article "a" ("a la caixa", "al
# parc", "al segle 16"; after "pensar en" and in "en el cas" it stays); 62: a state that has lasted "estar" ("He estado
# ocupado", gl "Estiven"), "See you in the spring"; 63: "How much does/do X cost?" asked as "How much is/are X?"
TEXT_RULES_VERSION = 63
#: Targets that write a decimal comma and group thousands with points ("3,5", "2.500.000").
DECIMAL_COMMA = frozenset({"es", "ca", "gl"})
#: An English-written number with grouped thousands or a decimal point ("2,500,000", "3.5"), not
#: part of a longer dotted or grouped string ("2.0.1", "192.168.1.1").
_EN_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\w]|[.,]\d)")
_SWAP_SEPARATORS = str.maketrans(",.", ".,")


#: a sentence's first letter: the text's, or one after a sentence's end (not an ellipsis's) and
#: any opening marks
#: a sentence's period after an abbreviation's ("Vivo en los EE.UU..")
_PERIOD_AFTER_ABBREVIATION = re.compile(r"(?<=[A-ZÀ-Ý]\.)\.(?!\.)")
#: a word its period does not end a sentence after: "EE.UU.", "p. ej.", "Sr.", "Dr."
_ABBREVIATED = re.compile(r"(?:\b\w{1,2}\.\w{1,2}|(?<![\w.])\w|\b(?:Sr|Sra|Srta|Sres|Dr|Dra|Mr|Mrs|Ms|Prof|ej|ex|"
                          r"núm|aprox|pág|tel|Ud|Uds|St|vs))\.$", re.IGNORECASE)
_SENTENCE_OPEN = re.compile(r"(^|(?<!\.)[.!?]\s+)([¿¡«\"'(]*)([a-zà-ÿ])")


def sentence_case(translation: str, source: str) -> str:
    """``translation`` with each sentence opening in capitals where the source's text does: a
    pair that drops a subject leaves the next word as it was ("She does not like it." → "no le
    gusta.")."""
    if not source[:1].isupper():
        return translation

    def opened(m: re.Match[str]) -> str:
        if _ABBREVIATED.search(translation[:m.start() + len(m.group(1).rstrip())]):
            return m.group(0)  # "los EE.UU. el año pasado", "p. ej. ayer"
        return m.group(1) + m.group(2) + m.group(3).upper()
    return _SENTENCE_OPEN.sub(opened, translation)


#: a word written in capitals at its first letter only ("Que", not "EE.UU." or "P2")
_TITLE_WORD = re.compile(r"(?<![\w'’-])([A-ZÀ-ÝÑÇ])([a-zà-ÿñç'’·-]*)(?![\w])")
#: where a sentence opens: the text's start, or after a sentence's end and any opening marks
_OPENING = re.compile(r"(?:^|[.!?:]\s+)[¿¡«\"'(]*$")
_TITLE_ABBREVIATION = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|U\.K|No)\.(?= )")
_ACRONYM = re.compile(r"(?<![\w'’-])(?!OK\b)[A-Z]{2,}(?![\w'’-])")
_ENGLISH_I = re.compile(r"\bI(?:'m|'ll|'d|'ve|’m|’ll|’d|’ve)?\b")


def _said_as_asked(translation: str, english: str, target: str) -> str:
    """The translation's clock times, "ever" and questions of "you" as the target says them."""
    return say_asked_you(say_asked_ever(say_clock_times(translation, english, target), english, target), english, target)


def lower_stray_capitals(translation: str, source: str) -> str:
    """``translation`` with the capitals the pair gave words inside a sentence in lower case,
    where the source capitalises no word but a sentence's first and "I" ("I really like this."
    → "Realmente Me gusta esto.", gl "She said she would come." → "Dixo Que Viría.")."""
    english = _TITLE_ABBREVIATION.sub(r"\1", _ENGLISH_I.sub("", source))  # "Mr. Smith": "Smith" opens nothing
    if any(not _OPENING.search(english[:m.start()]) for m in _TITLE_WORD.finditer(english)) or _ACRONYM.search(english):
        return translation  # a name or an acronym: the pair's capitals may be its ("the UK" → "el Reino Unido")
    return _TITLE_WORD.sub(lambda m: m.group(0) if _OPENING.search(translation[:m.start()])
                           else m.group(1).lower() + m.group(2), translation)


def tidy_quotes(text: str) -> str:
    """Straight double quotes as written, where they pair: no space inside them, none before the mark they
    close (eng-spa: '" Tienes que ser cansado,"', '"Esto es mi madre ,"')."""
    parts = text.split('"')
    if len(parts) < 3 or len(parts) % 2 == 0:
        return text
    for i in range(1, len(parts), 2):
        parts[i] = _SPACE_BEFORE_MARK.sub("", parts[i].strip())
    return '"'.join(parts)


def localise_numbers(text: str, target: str) -> str:
    """English-written numbers in ``target``'s writing ("1,000.5" → "1.000,5" for es, ca, gl).

    Apertium passes numbers through as written, and voices read them by their own language's
    convention: Festival's Catalan voice said "1,000" as "u coma zero zero zero", Pico's Spanish
    voice "2500000" digit by digit (both read "2.500.000" and "3,5" right).
    """
    if target not in DECIMAL_COMMA:
        return text
    return _EN_NUMBER.sub(lambda m: m.group(0).translate(_SWAP_SEPARATORS), text)


def apertium_route(source: str, target: str, pair: Optional[str] = None) -> list[str]:
    """Apertium modes to chain for source → target (direct, or pivoting through English)."""
    if pair:
        return [pair]
    if (source, target) in APERTIUM_MODES:
        return [APERTIUM_MODES[(source, target)]]
    if (source, "en") in APERTIUM_MODES and ("en", target) in APERTIUM_MODES:
        return [APERTIUM_MODES[(source, "en")], APERTIUM_MODES[("en", target)]]
    known = ", ".join(f"{s}->{t}" for s, t in sorted(APERTIUM_MODES))
    raise RecipeError(f"translate: apertium has no route {source}->{target} (known: {known}, and pivots through en)")


@TRANSLATE.register("apertium")
class ApertiumTranslator(Translator):
    """Rule-based MT with Apertium (Debian packages), one process per clip, texts one per line."""

    backend = "apertium"

    class Options(Translator.Options):
        pair: Optional[str] = Field(None, description="apertium mode, e.g. eng-spa; derived from the languages if unset")
        place_names: bool = Field(True, description="write place names the translation kept in English by "
                                                    "their target-language name from iso-codes (New Jersey → Nueva Jersey)")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.pair = self.options.pair
        self._place_names: dict[str, PlaceNames] = {}

    def version(self) -> str:
        packages = ("apertium", "iso-codes") if self.options.place_names else ("apertium",)
        versions = [f"{p} {binary_version(['dpkg-query', '-W', '-f', '${Version}', p])}" for p in packages]
        return ", ".join(versions + [f"text rules {TEXT_RULES_VERSION}"])

    @classmethod
    def check(cls) -> Check:
        if shutil.which("apertium") is None:
            return Check(cls.stage, cls.backend, False, "apertium not found", "apt-get install apertium apertium-eng-spa apertium-eng-cat apertium-en-gl")
        modes = subprocess.run(["apertium", "-l"], capture_output=True, text=True).stdout.split()
        missing = sorted({APERTIUM_PACKAGES[m] for m in APERTIUM_PACKAGES if m not in modes})
        if missing:
            return Check(cls.stage, cls.backend, False, f"missing pairs: {', '.join(missing)}", f"apt-get install {' '.join(missing)}")
        if not ISO_CODES.is_dir():
            return Check(cls.stage, cls.backend, False, f"place names: {ISO_CODES} missing", "apt-get install iso-codes")
        return Check(cls.stage, cls.backend, True, f"modes {', '.join(sorted(APERTIUM_PACKAGES))}; place names from iso-codes")

    def _run(self, mode: str, lines: list[str], marks: bool = False, staged: bool = False) -> list[str]:
        """``lines`` through Apertium ``mode``; with ``staged`` (an English pair's last step into a
        target of :data:`~.english_pairs.TARGETS`) run stage by stage with the edits of
        :mod:`.english_pairs`."""
        text = "\n".join(lines) + "\n"  # texts go on stdin, never through a shell
        if staged:
            stdout = translate_english(mode, text, marks)
        else:
            exe = require_binary("apertium", "install it with `apt-get install apertium`")
            # -u drops the marks on unknown words ("*word")
            proc = subprocess.run([exe, mode] if marks else [exe, "-u", mode], input=text, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"apertium {mode} failed: {proc.stderr.strip()[-300:]}")
            stdout = proc.stdout
        out = stdout.rstrip("\n").split("\n")
        if len(out) != len(lines):  # the rules merged lines: translate one by one
            out = ([self._run(mode, [line], marks, staged)[0] for line in lines] if len(lines) > 1
                   else [" ".join(out)])
        return [_SPACE_BEFORE_MARK.sub("", _DOUBLED_COMMA.sub(",", _DOUBLED_PERIOD.sub("", _SPACES.sub(" ", _TAG_LEAK.sub("", o)).strip())))
                for o in out]

    def _to_last_step(self, texts: Sequence[str], source: str, target: str) -> tuple[list[str], str, bool]:
        """The texts carried through every mode of the route but the last, that last mode, and
        whether its input is English (the source, or the pivot)."""
        lines = [_SPACES.sub(" ", t).strip() for t in texts]
        *pivots, last = apertium_route(source, target, self.pair)
        for mode in pivots:
            lines = self._run(mode, lines) if lines else lines
        return lines, last, bool(pivots) or source == "en"

    @staticmethod
    def _english_for(lines: list[str], target: str) -> list[str]:
        """English as the last step is given it: conversational expressions and a courtesy
        "please" as marks the target's words replace afterwards (see :meth:`_last`)."""
        lines = [say_amounts(x) for x in lines]
        if target in PHRASEBOOK_LANGUAGES:
            lines = [rewrite_english(x, target) for x in lines]
        lines = [_ABBREVIATION_AT_END.sub(r"\1. .", x) for x in lines]
        return [mark_courtesy_please(x) for x in lines] if target in PLEASE else lines

    def _last(self, mode: str, lines: list[str], from_english: bool, target: str) -> list[str]:
        """The route's last step, numbers written as the target writes them, conversational
        expressions (phrasebook) and a courtesy "please" as the target says them, and place
        names it kept in English as the target names them."""
        if not from_english:
            return self._run(mode, lines)
        english = self._english_for(lines, target)
        out = [lower_after_marks(t, e) for t, e in zip(self._run(mode, english, staged=target in STAGED_TARGETS),
                                                       english)]
        if target in PHRASEBOOK_LANGUAGES:
            out = [say_counted_you(say_target_rules(say_phrases(t, target), target), src, target) for t, src in zip(out, lines)]
        if target in PLEASE:
            out = [say_courtesy_please(t, target) for t in out]
        out = [sentence_case(lower_stray_capitals(_said_as_asked(localise_numbers(tidy_quotes(t), target), src, target), src), src)
               for t, src in zip(out, lines)]
        if self.options.place_names:
            if target not in self._place_names:
                self._place_names[target] = PlaceNames(place_name_table(target))
            out = [self._place_names[target].apply(src, t) for src, t in zip(lines, out)]
        return [_PERIOD_AFTER_ABBREVIATION.sub("", t) for t in out]

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        lines, last, from_english = self._to_last_step(texts, source, target)
        return self._last(last, lines, from_english, target) if lines else []

    def translate_noting(self, texts: Sequence[str], source: str, target: str) -> NotedTranslation:
        """Kept words: those Apertium marks unknown in the last step ("*Okay") or missing from its
        bilingual dictionary ("@tart": the English lemma is said) that the text still says, letters only
        (codes such as "P2"
        are spelt out later; names it knows are not marked; the marks of phrasebook and courtesy
        are not words); lent words: those said in the donor's language (:mod:`.borrowing`). The
        last step runs twice, with and without marks, so the text is exactly what ``-u`` gives."""
        lines, last, from_english = self._to_last_step(texts, source, target)
        if not lines:
            return NotedTranslation([], [], [])
        marked = (self._run(last, self._english_for(lines, target), marks=True, staged=target in STAGED_TARGETS)
                  if from_english else self._run(last, lines, marks=True))
        said = self._last(last, lines, from_english, target)
        # a word the text rules then said in the target ("o'clock": gl "en punto") is not kept
        kept = [[w for w in _marked_words(_UNKNOWN, line) if not ANY_MARK.fullmatch(w)
                 and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]
                for line, text in zip(marked, said)]
        lent = [_marked_words(_LENT, line) for line in marked]
        return NotedTranslation(said, kept, lent)


def _marked_words(mark: re.Pattern[str], line: str) -> list[str]:
    """The words of ``line`` after ``mark`` (group 1), letters only."""
    return [w for w in (m.group(1).strip(_EDGE_PUNCT) for m in mark.finditer(line))
            if len(w) > 1 and all(ch.isalpha() or ch in "'’-" for ch in w)]


@TRANSLATE.register("none")
class IdentityTranslator(Translator):
    """No translation: the same-language resynthesis control (source == target only)."""

    backend = "none"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if source != target:
            raise RecipeError(f"translate.backend 'none' keeps the text, but the source is {source} and the target {target}")
        return [_SPACES.sub(" ", t).strip() for t in texts]

