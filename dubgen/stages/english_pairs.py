"""The last step of an English pair into es, ca or gl, run stage by stage with its edits.

The mode's own commands run one by one (as ``apertium`` runs them); between them the stream
is edited:

* after analysis: a word en-gl does not know gets eng-spa's analyses (:mod:`.borrowing`); "like" after its subject
  is the verb, "love" of a thing is "like" as "encantar" (:mod:`.liking`); a question asked by inversion before a
  noun subject is in statement order (:mod:`.inverted_questions`); "little" before a noun is the adjective, "a
  little" before an adjective "a bit" (:mod:`.little`); a clause after "know"/"hear" and a noun phrase gets its
  "that", and so does a relative clause after its noun phrase ("every pound you spend") (:mod:`.contact_clauses`);
  "I" before a verb is the pronoun, a third person's verb after its subject is a verb, "it"/"you" after a verb its
  object, the verb after "let" and its object an infinitive, an -ing word after "be" an adjective where it can be
  one, a past after "be" its participle, a word after "look" or "seem" the adjective, "since"/"until" before a noun
  or a time the preposition (:mod:`.subjects`); "have" + adverbs + participle the perfect, its adverbs before it,
  en-gl's perfects the simple past (:mod:`.perfects`); "who" after a noun the relative (:mod:`.relatives`); a word
  after "and" is a verb of the first verb's tense where it can be one (:mod:`.shared_subjects`); an imperative's
  first word is the verb, and so is a verb after a comma and "so" (:mod:`.imperatives`);
* after lexical selection: a lemma en-gl's dictionary lacks gets eng-spa's translation (:mod:`.borrowing`); a word's
  everyday translation comes first (:data:`PREFERRED`; also where the selection's rules chose another the dictionary
  offered), with its gender where the pair leaves it open (:data:`GENDERS`);
* after the first transfer: a verb takes its subject's person, a subject pronoun's too (:mod:`.verb_person`);
* before generation: "have just done" is "acabar de hacer" (:mod:`.perfects`), "could not" the imperfect and "be
  able to" "poder" (:mod:`.could_not`), es "get" + a state reflexive (:mod:`.becoming`), imperatives are said as
  imperatives, a verb of keeping on, stopping or starting before another as the target says it
  (:mod:`.aspect_verbs`), telling, asking or wanting someone to do a thing with "que" + subjunctive
  (:mod:`.que_clauses`), a verb after "and" in its clause's subject's person (:mod:`.shared_subjects`), an object
  pronoun after an infinitive is attached to it and one before its verb set apart from it (:mod:`.clitics`), and a
  verb the pair chooses where everyday talk says another (:data:`LEMMAS`) is that one, "love" "encantar" and a verb
  of liking before an infinitive in the singular (:mod:`.liking`), es "a" before a person object
  (:mod:`.personal_a`), "be" somewhere "estar" (:mod:`.places`), a word's form from its neighbours
  (:mod:`.agreement`), and a lent lemma Galician's generator lacks is said in Spanish (:mod:`.borrowing`).

Without an edit the output is byte for byte what ``apertium [-u] MODE`` gives.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from . import clitics, que_clauses, shared_subjects, verb_person
from .agreement import agree, ca_relative_number
from .apertium_stream import LU, keeping, mode_commands, replace, run_commands, sentences, surface_readings
from .aspect_verbs import say_aspect_verbs
from .becoming import say_becoming
from .borrowing import Donor
from .contact_clauses import keep_clause_subjects, keep_contact_clauses, keep_contact_relatives
from .could_not import say_able, say_could_not
from .direct_objects import say_direct_objects
from .inverted_questions import keep_statement_order
from .imperatives import infinitives_to_imperatives, keep_verb_readings, keep_verbs_after_so
from .little import keep_little_adjectives
from .liking import PEOPLE, keep_like_verbs, keep_loving, say_liked_infinitives, say_loving
from .names import keep_surnames
from .personal_a import say_personal_a
from .places import say_places
from .past_states import ca_modal_pasts, say_past_states
from .perfects import SIMPLE_PAST, keep_just_pasts, keep_perfects, say_recent_pasts
from .phrasebook import same_case
from .reflexives import generated_reflexives, reflexive_verbs
from .relatives import keep_asking_who, keep_relative_who
from .working_things import keep_things_working
from .subjunctives import say_subjunctives
from .subjects import (keep_clause_final_words, keep_having_only, keep_described_adjectives, keep_infinitives_after_to,
                       keep_let_infinitives, keep_linking_adjectives,
                       keep_near_prepositions, keep_nouns_after_articles,
                       keep_time_prepositions, keep_nouns_after_of,
                       keep_nouns_before_that, keep_object_adjectives,
                       keep_object_pronouns, keep_passive_participles, keep_pasts_after_subjects, keep_perceived_infinitives,
                       keep_predicate_adjectives, keep_presents_after_pronouns, keep_pronoun_i, keep_subject_verbs,
                       keep_things_cold,
                       keep_verbs_after_adverbs)

#: the targets whose generators take the tags the edits write
TARGETS = ("es", "ca", "gl")
#: words said as another, per mode, by lemma and the tags they open with: eng-spa's "work" of
#: a person is "obrar" ("Mi hermano obra en un banco"; its noun "obra", a work of art, stays),
#: its only "breakfast" "almuerzo" (a midday meal), "await" (the phrasebook's "wait for") "aguardar", and its
#: only "water" (eng-cat's too) the watering of animals ("abrevar mis plantas"), its "go up" "remontar" ("Los precios
#: remontaron"), en-gl's only "letter" the alphabet's; a light or a fire put out (the phrasebook's "extinguish" for
#: "turn off") "apagar"
LEMMAS: dict[str, dict[str, str]] = {"eng-spa": {"obrar<vblex>": "trabajar", "almuerzo<n>": "desayuno",
                                                "aguardar<vblex>": "esperar", "abrevar<vblex>": "regar",
                                                "remontar<vblex>": "subir", "extinguir<vblex>": "apagar"},
                                    "eng-cat": {"abeurar<vblex>": "regar", "extingir<vblex>": "apagar"},
                                    "en-gl": {"letra<n>": "carta", "extinguir<vblex>": "apagar"}}
#: a determiner in the analysis, and the unit after it follows
_DETERMINER = r"(?:the|a|an|my|your|his|her|our|their|this|that|these|those|some)<det>[^$]*\$\s*\^"
#: what is raised, not brought up ("criar tasas de interés")
_LEVELS = (r"(?:" + _DETERMINER + r")?(?:[a-z]+<(?:adj|n)>[^$]*\$\s*\^)?(?:price|rate|tax|wage|salary|fee|rent|cost|"
           r"limit|level|temperature|volume|bar|pay|pension|fare|interest rate)<n>")
#: what is received, not caught ("¿Cogiste mi email?", "Cogeremos los resultados")
_RECEIVED = (r"(?:" + _DETERMINER + r")?(?:[a-z]+<adj>[^$]*\$\s*\^)?(?:email|e-mail|mail|message|letter|call|text|"
             r"answer|reply|result|package|parcel|news|invitation|grade|mark|salary|bonus|notification|comment|"
             r"feedback|offer|gift|present|payment|refund|invoice|bill|report|quote|response|update|notice|warning|"
             r"award|prize)<n>")
#: what is missed, not longed for: "I miss the bus", "You miss the point"
_MISSED = (r"(?:" + _DETERMINER + r")?(?:(?:last|first|next)<adj>[^$]*\$\s*\^)?(?:bus|train|flight|plane|boat|chance|"
           r"opportunity|point|deadline|call|shot|class|lesson|meeting|start|beginning|goal|target|turn|exit|stop|"
           r"show|game|episode|kick|penalty|mark|cut|step|ball)<n>")
#: what is on a side: "your right hand", "the right side"
_SIDE = (r"(?:hand|side|arm|leg|foot|eye|ear|shoulder|knee|corner|wing|lane|bank|click|half|column|panel|"
         r"button)<n>")
#: time spent ("We spent two days there", "most of his life": "pasar"; money spent is "gastar", not "Pasamos 50 dólares")
_SPAN_OF_TIME = (r"(?:(?:[^$]*<(?:det|num|adj|predet|preadv|adv|prn)>|of<pr>)[^$]*\$\s*\^){0,4}(?:time|day|week|month|year|hour|minute|"
                 r"night|weekend|summer|winter|spring|autumn|fall|holiday|vacation|evening|morning|afternoon|while|"
                 r"life|childhood|moment|second|decade|century|season)<n>")
#: a cup one wins ("cup final", "cup match")
_TROPHY = r"(?:match|final|game|tie|winner|run|semi-final|draw)<n>"
#: people taken somewhere ("take my parents there": "llevar", not "tomar"; a bus or a photo stays)
_NOT_PEOPLE = r"(?!(?:" + _DETERMINER + r")(?:[^$]*<adj>[^$]*\$\s*\^)?(?:" + "|".join(sorted(PEOPLE)) + r")<n>)"
#: a way one goes by, taken to a place ("take the train to a town": "tomar")
_RIDDEN = (r"(?:train|bus|plane|taxi|cab|flight|metro|tram|subway|ferry|boat|coach|underground|tube|road|path|route|"
           r"stairs|lift|elevator|exit|turn|motorway|highway|line|street)")
#: a thing taken to a place ("take it to one of our shops": "llevar", not "tomar a"): an object pronoun or up to
#: four words of a noun phrase (no way one goes by), then "to" and no verb
_TAKEN_SOMEWHERE = (r"(?!(?:[^$]*<(?:det|adj)>[^$]*\$\s*\^){0,2}" + _RIDDEN + r"<n>)(?:prpers<prn><obj>[^$]*|"
                    r"[^$]*<(?:det|adj|n|num)>[^$]*)\$(?:\s*\^[^$]*<(?:det|adj|n|num)>[^$]*\$){0,3}"
                    r"\s*\^to<pr>[^$]*\$\s*\^(?![^$]*<vblex><inf>)")
#: what is carried along ("Take an umbrella": "llevar")
_CARRIED = ("umbrella|coat|jacket|bag|backpack|suitcase|key|phone|wallet|money|water|camera|passport|ticket|sunscreen|"
            "towel|charger|laptop|snack|sweater|scarf|hat|map|torch|flashlight|book")
_NOT_TAKEN_ALONG = (r"(?!(?:" + _DETERMINER + r")?(?:[^$]*<adj>[^$]*\$\s*\^)?(?:" + "|".join(sorted(PEOPLE)) + "|"
                    + _CARRIED + r")<n>|" + _TAKEN_SOMEWHERE + ")")
#: an object after a verb: a determiner, a pronoun, a noun ("leave the key" stays "dejar"; "When are you leaving?" "marchar")
_OBJECT = r"[^$]*<(?:det|prn|n|np|num)>"
#: money or time saved ("salvamos 10 euros": "ahorrar"; a life or the day saved stays "salvar")
_AMOUNT = (r"(?:prpers<prn><obj>[^$]*\$\s*\^)?(?:[^$]*<(?:det|num|adj|predet|preadv|adv)>[^$]*\$\s*\^){0,3}(?:money|euro|dollar|pound|cent|buck|"
           r"time|energy|space|cost|fortune|battery|water|fuel)<n>")
#: "return" with no thing after it ("When will you return?", "return home", "return to Madrid"): "regresar", not
#: "devolver"
_NO_THING_RETURNED = r"(?!(?!home<)[^$]*<(?:det|prn><(?:obj|tn)|n|np|num)>)"
#: a letter of the alphabet ("the letter A", "letters of the alphabet"), not one sent
_ALPHABET = r"(?:[A-Za-z]<|(?:of|in)<pr>[^$]*\$\s*\^the<det>[^$]*\$\s*\^alphabet<n>)"
#: no adjective next (adverbs allowed before it): "You look tired" is "Pareces cansado", "Look at this" stays "Mira"
_NO_ADJECTIVE = r"(?!(?:[^$]*<(?:adv|preadv)>[^$]*\$\s*\^){0,2}[^$/]*<adj>)"
#: per mode, the translation of an English word ("lemma<tag>") chosen before the pair's first,
#: where the first is not everyday talk's, and the source words after it that keep the pair's
#: choice (a pattern, or ""): eng-spa's "station" was "la canal", "keys" "tonos", "market" "la
#: lonja" (a fish market), "My work is important" "Mi obra es importante" ("a work of art" stays),
#: "your body" "tu ente", every "play" "tocar" ("Tocaron fútbol", "Los niños tocan en el parque";
#: an instrument or music stays: "Toca la guitarra"), every "meet" "cumplir" ("Cumplí su en una
#: fiesta"; a deadline or a need stays); "spring" the season ("en el muelle", ca "en la molla"), "I
#: miss it" longing ("lo pierdo", ca "el perdo"; a bus or a chance missed stays), "ask them what"
#: "preguntar" ("pídeles qué quieren"; asking for something or someone to do it stays "pedir"),
#: cooking "oil" "aceite" ("óleo", paint), "the right approach" "correcto" ("derecho", ca "dret";
#: a hand or a side stays), a person's "legs" (es "patas", gl "patas": an animal's), "the driver"
#: ("la motor"), money spent ("Pasamos 50 dólares"; time spent stays), money saved ("salvamos 10 euros"), how one
#: looks ("Miras cansado"; "parecer" before an adjective), ca "camera" ("cambra", a room), ca "test" ("tastar", taste), ca "link" ("nexe"),
#: people or an umbrella taken somewhere ("tomar mis padres", "tomar un paraguas"; a bus stays), a person
#: known ("Sé el hombre", ca "Saps el meu germà?"; an answer known stays), ca "the drive" ("la unitat", a disk
#: drive), ca time spent
#: ("Van gastar dos dies"; money spent stays), leaving without an object ("¿Cuándo estás dejando?"), a bottle ("un
#: bote de vino", ca "un pot"), enjoying ("Lo gozaron": "disfrutar"), a letter sent ("una caja de letras"; the
#: alphabet's stay), a stone ("bajo un hueso"), a date ("una cita"), fixing ("fijó la puerta rota"),
#: becoming ("acaecer", to happen: "llegar a ser"), a wall ("las muro": the pair's "muro" is feminine), a boat ("bote"),
#: ca trying to do a thing ("tasto no pensar"; a thing tried stays), fixing ("fixar"), explaining ("comptar", to count),
#: "just" ("Just necessito", "exactly": "només"; "just as", "just starting" stay); ca a car ("carro", a cart), a bed
#: ("jaç"), a shower ("xàfec", of rain), a jacket ("funda"), a fork ("forca"), a cake ("coca"), a bowl ("bola"), es a
#: ring ("red"), juice ("jugo"), a sheet ("capa"), and a cup one drinks from ("copa"; a cup one wins stays)
PREFERRED: dict[str, dict[str, tuple[str, str]]] = {"eng-spa": {
    "station<n>": ("estación", ""), "key<n>": ("llave", ""), "bottle<n>": ("botella", ""), "market<n>": ("mercado", ""),
    "work<n>": ("trabajo", r"of<pr>[^$]*\$\s*\^art<n>"), "body<n>": ("cuerpo", ""),
    "play<vblex>": ("jugar", r"(?:(?:the|a|an|my|your|his|her|our|their|some)<det>[^$]*\$\s*\^)?(?:guitar|piano|violin|"
                    r"drum|bass|cello|flute|trumpet|saxophone|keyboard|harp|clarinet|ukulele|organ|accordion|"
                    r"instrument|music|song|tune|melody)<n>"),
    "meet<vblex>": ("conocer", r"(?:(?:the|a|an|my|your|his|her|our|their|all|every|these|those|its)<det>[^$]*\$\s*\^)?"
                    r"(?:deadline|requirement|need|demand|expectation|goal|target|standard|criterion|condition|"
                    r"obligation|cost|challenge)<n>"),
    "spring<n>": ("primavera", ""), "oil<n>": ("aceite", r"(?:price|company|industry|spill|field|well|rig|tanker|"
                                                           r"painting|paint)<n>"),
    "miss<vblex><pres>": ("echar# de menos", _MISSED),
    "ask<vblex>": ("preguntar", r"(?:prpers<prn><obj>[^$]*\$\s*\^|" + _DETERMINER + r"[^$]*<n>[^$]*\$\s*\^)?"
                                r"(?:to|for)<pr>"),
    "right<adj>": ("correcto", _SIDE), "leg<n>": ("pierna", ""), "driver<n>": ("conductor", ""),
    "spend<vblex>": ("gastar", _SPAN_OF_TIME), "save<vblex>": ("ahorrar", r"(?!" + _AMOUNT + ")"),
    "look<vblex>": ("parecer", _NO_ADJECTIVE),
    "take<vblex>": ("llevar", _NOT_TAKEN_ALONG), "know<vblex>": ("conocer", _NOT_PEOPLE),
    "leave<vblex>": ("marchar", _OBJECT),
    "enjoy<vblex>": ("disfrutar", ""), "letter<n>": ("carta", _ALPHABET), "stone<n>": ("piedra", ""), "date<n>": ("fecha", ""),
    "get<vblex>": ("recibir", r"(?!" + _RECEIVED + ")"), "remind<vblex>": ("recordar", ""),
    "raise<vblex>": ("aumentar", r"(?!" + _LEVELS + ")"),
    "fix<vblex>": ("arreglar", ""), "become<vblex>": ("llegar# a ser", ""),
    "wall<n>": ("pared", ""), "boat<n>": ("barca", ""),
    "fish<n>": ("pescado", r"(?:swim|tank|bowl|farm|live|breathe)"),  # a fish one eats ("sopa de pez")
    "return<vblex>": ("devolver", _NO_THING_RETURNED), "card<n>": ("tarjeta", ""), "coat<n>": ("abrigo", r"of<pr>"),
    "label<n>": ("etiqueta", ""),  # its "sello" is tagged feminine: "la sello"
    "ring<n>": ("anillo", ""), "cup<n>": ("taza", _TROPHY), "juice<n>": ("zumo", ""), "sheet<n>": ("hoja", "")},
    "en-gl": {"leg<n>": ("perna", ""), "coat<n>": ("abrigo", r"of<pr>"),
              "return<vblex>": ("devolver", _NO_THING_RETURNED)},
    "eng-cat": {"student<n>": ("alumne", ""), "car<n>": ("cotxe", ""), "bed<n>": ("llit", ""),
                "shower<n>": ("dutxa", ""), "jacket<n>": ("jaqueta", ""), "fork<n>": ("forquilla", ""),
                "cake<n>": ("pastís", ""), "cup<n>": ("tassa", _TROPHY), "bowl<n>": ("bol", ""),
                "card<n>": ("targeta", ""), "coat<n>": ("abric", r"of<pr>"),
                "spring<n>": ("primavera", ""), "miss<vblex><pres>": ("enyorar", _MISSED),
                "right<adj>": ("correcte", _SIDE),
                "look<vblex>": ("semblar", _NO_ADJECTIVE), "camera<n>": ("càmera", ""), "test<vblex>": ("provar", ""),
                "link<n>": ("enllaç", ""), "drive<n>": ("passeig", ""),
                "know<vblex>": ("conèixer", _NOT_PEOPLE), "leave<vblex>": ("marxar", _OBJECT), "bottle<n>": ("ampolla", ""),
                "raise<vblex>": ("augmentar", r"(?!" + _LEVELS + ")"),
                "spend<vblex>": ("passar", "(?!" + _SPAN_OF_TIME + ")"), "letter<n>": ("carta", _ALPHABET),
                "try<vblex>": ("intentar", _OBJECT), "fix<vblex>": ("arreglar", ""), "explain<vblex>": ("explicar", ""),
                "just<adv>": ("només", r"(?:as|so)<|[^$/]*<vblex><(?:ger|pp)>")}}


#: eng-spa's "became" in the imperfect, as its "acaecer" was ("Acaecía a un profesor" → "Llegó a ser profesor")
_BECAME = re.compile(r"(\^[Ll]legar<vblex>)<pii>(?=(?:<[^>]+>)*# a ser\$)")


#: "before"/"after" + a noun phrase said as the conjunction of a clause ("Después de que unos cuantos meses,",
#: gl "Antes de que o xogo"): the preposition, which the generator contracts with its article ("antes del partido")
_BEFORE_NOUN = re.compile(r"\^((?:[Aa]ntes|[Dd]espués|[Dd]espois) de)(?: que)?<cnjadv>\$"
                          r"(?=\s*\^[^$^<]+<(?:det|num|predet)>)")


#: per mode, a translation's gender where the pair leaves it open and its transfer takes the
#: masculine: eng-spa's "cámara" ("El cámara es donde…", "Mi cámara está roto": the camera operator);
#: given for the transfer's agreement, and as the generator knows it after
GENDERS: dict[str, dict[str, str]] = {"eng-spa": {"cámara<n><mf>": "cámara<n><f>"}}


#: per mode, the verbs whose object "it" is a deed or a thing said, not a thing: ca "ho" ("Ho faré demà", "Fes-ho
#: ara", "No ho puc fer", "Digues-ho"; eng-cat said "El faré", "Fes-lo"): the verbs and the neuter pronoun
NEUTER_IT: dict[str, tuple[str, str]] = {"eng-cat": ("do|say|forget|believe|repeat", "ho<prn><pro><p3><nt>")}


def say_neuter_it(stream: str, mode: str) -> str:
    """The lexical selection's ``stream`` with "it" after a verb of :data:`NEUTER_IT` given the mode's neuter
    pronoun (the transfer places it as it places any clitic)."""
    if mode not in NEUTER_IT:
        return stream
    verbs, neuter = NEUTER_IT[mode]
    return re.sub(r"(\^(?i:" + verbs + r")<vblex>[^$]*\$\s*\^prpers<prn><obj><p3><nt><sg>/)[^/$]+",
                  lambda m: m.group(1) + neuter, stream)


#: a building's floor ("the second floor", "the ground floor"), not the ground one stands on
_LEVEL = (r"!\^(?i:first|second|third|fourth|fifth|sixth|top|ground|bottom|upper|lower|next|same|\d+\w*)"
          r"<(?:adj|num|det|n)>[^$]*\$\s*$")
#: a political party ("the Labour party"), not a celebration
_POLITICAL = (r"!\^(?i:political|labour|labor|conservative|green|liberal|democratic|republican|ruling|opposition|"
              r"socialist)<(?:adj|n|np)>[^$]*\$\s*$")
_POSSESSIVE = r"\^(?i:my|your|his|her|our|their)<det><pos>[^$]*\$\s*(?:\^[^$]*<(?:adj|det><ord)>[^$]*\$\s*){0,2}$"
#: per mode, source nouns said as an everyday word the pair lacks (source, target lemma and gender, what must come
#: just before it in the stream or ""): "bin" a bin, not a bucket (ca "galleda", gl "caldeiro"), eng-spa's "kettle" a
#: kettle ("pava", a word of Argentina), an order one placed ("Mi orden", ca "el meu ordre"), en-gl's
#: any other order ("O encargo das palabras"), the floor one stands on (es "piso", ca "Els fons"), a fringe of hair
#: ("fleco"), en-gl's card ("cartóns") and a party one goes to ("un partido"); a "before" opening with "!" must not
#: come before it
WORDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "eng-spa": (("kettle<n>", "hervidor<n><m>", ""), ("order<n>", "pedido<n><m>", _POSSESSIVE),
                ("floor<n>", "suelo<n><m>", _LEVEL), ("fringe<n>", "flequillo<n><m>", "")),
    "eng-cat": (("bin<n>", "paperera<n><f>", ""), ("order<n>", "comanda<n><f>", _POSSESSIVE),
                ("floor<n>", "terra<n><m>", _LEVEL), ("floor<n>", "pis<n><m>", _LEVEL.lstrip("!"))),
    "en-gl": (("card<n>", "tarxeta<n><f>", ""), ("bin<n>", "cubo<n><m>", ""),
              ("order<n>", "orde<n><f>", "!" + _POSSESSIVE), ("floor<n>", "chan<n><m>", _LEVEL),
              ("fringe<n>", "flequillo<n><m>", ""), ("party<n>", "festa<n><f>", _POLITICAL))}


def say_words(stream: str, words: tuple[tuple[str, str, str], ...]) -> str:
    """The lexical selection's ``stream`` with each source noun of ``words`` (source, its word there, what must
    come before it) translated as its word there."""
    for key, word, before in words:
        lemma, tags = word[:word.index("<")], word[word.index("<"):]
        pattern = re.compile(r"(\^" + re.escape(key[:key.index("<")]) + r"(?=<)[^/$]*?(<sg>|<pl>)?/)([^/$<]+)"
                             r"<n><(?:m|f|mf)>(<sp>)?", re.IGNORECASE)
        wanted = not before.startswith("!")

        def said(m: re.Match[str]) -> str:
            if before and bool(re.search(before.lstrip("!"), stream[:m.start()])) != wanted:
                return m.group(0)
            number = (m.group(2) or "<sg>") if m.group(4) else ""  # a number the pair left open ("fons<n><m><sp>")
            return m.group(1) + same_case(m.group(3), lemma) + tags + number
        stream = pattern.sub(said, stream)
    return stream


def set_genders(stream: str, genders: dict[str, str], generated: bool = False) -> str:
    """The lexical selection's ``stream`` with each translation of ``genders`` given its gender, or
    (``generated``) the transfer's given back the tags the generator knows."""
    for open_gender, gender in genders.items():
        old, new = (gender, open_gender) if generated else (open_gender, gender)
        initial = f"[{old[0].upper()}{old[0].lower()}]"  # a lemma opening a sentence is capitalised
        stream = re.sub(("\\^" if generated else "/") + f"({initial}){re.escape(old[1:])}",
                        lambda m: m.group(0)[0] + m.group(1) + new[1:], stream)
    return stream


#: a hyphen between two words the analyser does not know joined ("well-known", "long-term", "five-year-old"):
#: with no blank between them the generator wrote them as one ("un actorbiensabido", "un plandeplazo largo")
_HYPHEN = re.compile(r"(\^[^$]*\$)\^-/-<guio>\$(?=(\^[^$]*\$))")


def _unhyphenated(m: re.Match[str]) -> str:
    """The two words of a :data:`_HYPHEN` match apart, but a range of numbers ("3-4")."""
    return m.group(0) if "<num>" in m.group(1) and "<num>" in m.group(2) else m.group(1) + " "


#: a participle and a particle the analyser reads as one adjective ("built in": en-gl "A casa era incorporada
#: 1900"), before a noun phrase or a number
_PHRASE_ADJECTIVE = re.compile(r"\^(\w+) (in|on|up|out|off|down)/[^$/]+<adj>\$(?= \^[^/$]+/[^$]*<(?:det|num|np)>)")


def split_phrase_adjectives(stream: str, analyse: Callable[[str], str]) -> str:
    """The analysis ``stream`` with each :data:`_PHRASE_ADJECTIVE` analysed again as its two words
    (``analyse`` analyses a piece of text as the mode does)."""
    return _PHRASE_ADJECTIVE.sub(lambda m: analyse(f"{m.group(1)}[] {m.group(2)}").strip(), stream)


#: a separable phrasal verb the analyser read with its object pronoun inside ("Put it in/Put# in<vblex><sep>…"), its
#: particle before a noun phrase: a preposition with its object (en-gl "Instalado o a caixa" for "Put it in the box")
_SEPARATED_PARTICLE = re.compile(r"\^(\w+) (it|them|him|her|me|us|you|this|that|these|those) "
                                 r"(in|into|on|onto|off|out|over|through|under)/[^$]*<sep>[^$]*\$"
                                 r"(?= \^[^/$]+/[^$]*<(?:det|np)>)")


def split_separated_particles(stream: str, analyse: Callable[[str], str]) -> str:
    """The analysis ``stream`` with each :data:`_SEPARATED_PARTICLE` analysed again as its three words."""
    return _SEPARATED_PARTICLE.sub(lambda m: analyse(f"{m.group(1)}[] {m.group(2)}[] {m.group(3)}").strip(), stream)


def keep_counted_plurals(stream: str) -> str:
    """The analysis ``stream`` with a plural the analyser also reads as a singular collective noun of its own
    ("students": "student<n><pl>" and "students<n><sg>", eng-spa's "alumnado") read as the plural ("Los
    estudiantes", not "El alumnado")."""
    def kept(m: re.Match[str]) -> str:
        surface, readings = surface_readings(m)
        collective = f"{surface.lower()}<n><sg>"
        plural = [r for r in readings if r.endswith("<n><pl>") and r[:r.index("<")].lower() != surface.lower()]
        if plural and any(r.lower() == collective for r in readings):
            return keeping(m, [r for r in readings if r.lower() != collective])[2]
        return m.group(0)
    return LU.sub(kept, stream)


def prefer_translations(stream: str, preferred: dict[str, tuple[str, str]]) -> str:
    """The lexical selection's ``stream`` ("^key<n><pl>/tono<n><m><pl>/…/llave<n><f><pl>$") with
    each word of ``preferred`` given its preferred translation first, where the pair offers it
    and the source words after it do not keep the pair's choice."""
    if not preferred:
        return stream

    def chosen(m: re.Match[str]) -> str:
        source, *options = m.group(1).split("/")
        for key, (lemma, unless) in preferred.items():
            if source.lower().startswith(key) and not (unless and re.match(r"\s*\^" + unless, stream[m.end():])):
                best = [o for o in options if o.lower().startswith(lemma + "<")]  # "Preguntar" opening a sentence
                if best:
                    return "^" + "/".join([source, *best, *(o for o in options if o not in best)]) + "$"
        return m.group(0)

    return re.sub(r"\^((?:[^$\\^]|\\.)*/(?:[^$\\^]|\\.)*)\$", chosen, stream)


_UNIT = re.compile(r"\^((?:[^$\\^]|\\.)*)\$")


def prefer_over_selection(selected: str, offered: str, preferred: dict[str, tuple[str, str]]) -> str:
    """The lexical selection's ``selected`` stream with each word of ``preferred`` given its preferred
    translation where the bilingual dictionary ``offered`` it and the selection's rules chose another
    (eng-cat's "explain" "comptar", to count: "Podries comptar la idea?" → "explicar")."""
    if not preferred:
        return selected
    chosen, before, after = (list(_UNIT.finditer(x)) for x in (selected, offered, prefer_translations(offered, preferred)))
    if not len(chosen) == len(before) == len(after):
        return selected
    edits = []
    for unit, was, now in zip(chosen, before, after):
        if was.group(0) != now.group(0):  # a preferred translation moved first
            source, first = now.group(1).split("/")[:2]
            edits.append((unit.start(), unit.end(), f"^{source}/{first}$"))
    return replace(selected, edits)


def say_lemmas(stream: str, lemmas: dict[str, str]) -> str:
    """The transfer's ``stream`` with each word of ``lemmas`` ("lemma<tags>", the lemma in any
    case) as its replacement."""
    for key, new in lemmas.items():
        lemma, tags = key[:key.index("<")], key[key.index("<"):]
        stream = re.sub(r"\^(" + re.escape(lemma) + r")(?=" + re.escape(tags) + ")",
                        lambda m: "^" + same_case(m.group(1), new), stream, flags=re.IGNORECASE)
    return stream


#: the edits of the analysis that keep a word's readings, in the order they run (each sees the
#: readings the ones before it kept)
_ANALYSIS_EDITS: tuple[Callable[[str], str], ...] = (
    keep_surnames, keep_statement_order, keep_things_cold, keep_little_adjectives, keep_contact_clauses,
    keep_contact_relatives,
    keep_clause_subjects, keep_infinitives_after_to, keep_near_prepositions, keep_time_prepositions,
    keep_nouns_after_of,
    keep_nouns_after_articles,
    keep_nouns_before_that, keep_pronoun_i, keep_verbs_after_adverbs, keep_subject_verbs, keep_pasts_after_subjects,
    keep_things_working,
    shared_subjects.keep_shared_verbs, keep_object_pronouns,
    keep_let_infinitives, keep_perceived_infinitives, keep_predicate_adjectives, keep_described_adjectives,
    keep_passive_participles, keep_linking_adjectives, keep_object_adjectives, keep_relative_who, keep_asking_who,
    keep_clause_final_words, keep_having_only, keep_verbs_after_so, keep_presents_after_pronouns)


def translate_english(mode: str, text: str, marks: bool = False) -> str:
    """``text`` (lines) through ``mode`` as ``apertium [-u] mode`` translates it, with the edits
    of the module's description."""
    generation = "-g" if marks else "-n"
    commands = mode_commands(mode, generation)
    gen = next((i for i, c in enumerate(commands) if Path(c[0]).name == "lt-proc" and c[1:2] == [generation]), None)
    if gen is None or gen < 2:
        raise RuntimeError(f"apertium mode {mode}: no generator step found in {[c[0] for c in commands]}")
    chunked = next((i for i, c in enumerate(commands) if Path(c[0]).name == "apertium-interchunk"), gen)
    lexical = next((i for i, c in enumerate(commands) if Path(c[0]).name == "apertium-transfer" and "-b" in c), chunked)
    donor = Donor.for_mode(mode)
    analysed = run_commands(commands[:1], run_commands([["apertium-destxt"]], text))
    if donor:
        analysed = donor.lend_analyses(analysed)
    def analyse(piece: str) -> str:
        return run_commands(commands[:1], piece)
    analysed = split_phrase_adjectives(_HYPHEN.sub(_unhyphenated, analysed), analyse)
    analysed = keep_counted_plurals(split_separated_particles(analysed, analyse))
    analysed = keep_loving(keep_like_verbs(analysed, analyse), mode)
    edited = analysed
    for edit in _ANALYSIS_EDITS:
        edited = edit(edited)
    edited = keep_perfects(keep_just_pasts(edited), simple_past=mode in SIMPLE_PAST)
    edited, negated = keep_verb_readings(edited)
    selection = next((i for i, c in enumerate(commands[:lexical]) if Path(c[0]).name == "lrx-proc"), lexical)
    offered = run_commands(commands[1:selection], edited)
    data, lent = run_commands(commands[selection:lexical], offered), frozenset[str]()
    data = prefer_over_selection(data, offered, PREFERRED.get(mode, {}))
    if donor:
        data, lent = donor.lend_translations(data)
    data = reflexive_verbs(prefer_translations(data, PREFERRED.get(mode, {})), mode)
    data = say_neuter_it(say_words(set_genders(data, GENDERS.get(mode, {})), WORDS.get(mode, ())), mode)
    data = run_commands(commands[lexical:chunked], data)
    if mode == "eng-cat":
        data = ca_modal_pasts(data)
    if mode in verb_person.MODES:
        data = verb_person.subjects_person(data)
    data = verb_person.pronoun_subjects_person(data)
    if mode in verb_person.GERUND_MODES:
        data = verb_person.gerund_subjects_person(analysed, data)
    data = run_commands(commands[chunked:gen], data)
    data = infinitives_to_imperatives(clitics.gl_stray_enclitics(data) if mode == "en-gl" else data, frozenset(negated),
                                      len(sentences(analysed)))
    data = say_aspect_verbs(verb_person.singular_open_numbers(data), mode)
    data = say_becoming(say_past_states(say_could_not(say_able(say_recent_pasts(data, mode))), mode), mode)
    data = say_subjunctives(que_clauses.say_que_clauses(data, mode), mode)
    data = shared_subjects.shared_person(edited, data)
    if mode == "eng-cat":
        data = ca_relative_number(edited, data)
    if mode in clitics.MODES:
        data = clitics.drop_stranded_prepositions(clitics.separate_proclitics(clitics.attach_clitics(
            clitics.pronouns_before_perfects(data))))
    if mode == "en-gl":
        data = clitics.gl_drawn_proclitics(data)
    data = say_personal_a(say_liked_infinitives(say_loving(say_lemmas(data, LEMMAS.get(mode, {})), mode)), mode)
    data = agree(say_places(say_direct_objects(data, mode), mode))
    data = _BECAME.sub(r"\1<ifi>", data) if mode == "eng-spa" else data
    data = _BEFORE_NOUN.sub(r"^\1<pr>$", data)
    if lent:
        data = donor.say_lent(data, lent, marks)
    data = generated_reflexives(set_genders(data, GENDERS.get(mode, {}), generated=True), mode)
    return run_commands([["apertium-retxt"]], run_commands(commands[gen:], data))
