"""Conversational English that Apertium's rules misread, said as the target language says it.

Apertium translates word by word with local rules, and everyday speech is where that shows:
"Sorry." → "Triste.", "Come here." → "Venido aquí.", "How are you?" → "¿Cómo eres?", "there's
not" → "allí ha no", "Let's see." → "Dejado es ve.", "Hi," and "Yeah," kept in English (gl). Two
remedies, both applied to English only:

* :data:`REWRITES`: contractions and run-on interjections rewritten before translation into the
  form the pairs read right ("there's" → "there is": "no hay mucha diferencia"; "Oh I'm" →
  "Oh, I'm", whose "I" was kept);
* :data:`PHRASES`: fixed expressions (greetings, apologies, thanks, fillers) replaced by a mark no
  pair knows, which Apertium passes through, and the mark then by the expression as the target
  says it. Each is matched only where it stands as its own clause or opens one, so "they come
  here" or "sorry for the delay" (left to Apertium) are not touched;
* :data:`QUESTIONS`: a question asked by inversion said in statement order ("Can you hear me?" →
  "You can hear me?"), which the pairs read ("Me puedes oír?", where "Puede me oigo?" was).

The translation's own rules are :mod:`.target_rules`'s.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping, Union

#: a clause opens here: the text's start, or after a clause's punctuation and a space
_OPENS = r"(?:^|(?<=[.!?;:,] )|(?<=[.!?;:,]))"
#: and ends here: before punctuation or the text's end
_ENDS = r"(?=\s?[.!?;:,]|$)"
#: where an imperative stands: a clause's start, or after "and", "so", "but" ("…, and take care")
_TOLD = r"(?:" + _OPENS + r"|(?<=\band )|(?<=\bso )|(?<=\bbut )|(?<=\bthen ))"

_PRONOUN = r"(?:i|you|he|she|it|we|they)"
#: what follows "met" with no one after it (each other met: "we met at a party", "they met in 2010")
_MET_ALONE = (r"(?=\s?[.,!?;:]|$| (?:at|in|on|for|after|before|yesterday|last|again|when|while|there|here|through|"
              r"online|years|\d|the \d))")
#: a verb of giving back as "return", in its form
_RETURNED = {**{w: "return" for w in ("give", "send", "bring", "take", "pay")},
             **{w: "returns" for w in ("gives", "sends", "brings", "takes", "pays")},
             **{w: "returned" for w in ("gave", "given", "sent", "brought", "took", "taken", "paid")},
             **{w: "returning" for w in ("giving", "sending", "bringing", "taking", "paying")}}
#: after a word of its clause that is no form of "be" ("what's inside" the pairs say "qué hay dentro")
_AFTER_A_VERB = (r"(?<=[a-z] )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!'s )(?<!'re )(?<!\bam )(?<!'m )"
                 r"(?<!\bbe )\b")
#: "do" of "have" asked
_DO = {"have": "do", "has": "does"}
_EXERCISED = {"work out": "train", "works out": "trains", "worked out": "trained"}
#: the word :func:`_mark` makes of an expression's index
_MARK_WORD = r"zzpb[a-z]{2}zz"
#: a negation and up to five words of its clause after it (a conjunction or relative opens another)
_NEGATED = (r"((?:n't|\bnot|\bnever|\bwithout|\bnobody|\bno one|\bnothing|\bneither|\bnor)\b"
            r"(?: (?!(?:and|but|or|because|if|when|so|that|which|who|until)\b)[a-z']+){0,5}?)")
#: "thank you" after a word that makes it a verb ("I want to thank you", "We thank you")
_THANKING = r"\b(to|will|would|must|should|can|could|we|i|they|also|just) thank you"
#: where "home" ends its phrase: punctuation, the text's end, or a word that opens another
_HOME_ENDS = (r"(?=\s?[.!?;:,]|$| (?:early|late|now|today|tonight|yesterday|soon|again|after|at|with|from|for|by|"
              r"before|in|on|and|but|so|because|when|then|alone|safely|the(?= \d))\b)")
#: where a noun is not the head of a relative clause without "that": after a word that opens a
#: clause, or a verb that takes an object and then a clause
_NOT_AFTER = "".join(rf"(?<!\b{w} )" for w in (
    "and", "but", "so", "then", "because", "when", "if", "or", "that", "tell", "tells", "told", "show", "shows",
    "showed", "promise", "promised", "remind", "reminded", "teach", "taught", "ask", "asks", "asked", "warn", "warned",
    "convince", "convinced", "assure", "assured", "inform", "informed", "bet"))
#: words that open a clause of their own: not a noun phrase's ("the comments where we should go";
#: a "that" there gets a second one, which the pairs read as the relative: eng-cat's "millor això")
_CLAUSE_WORD = (r"(?:where|when|why|how|what|who|whom|whose|which|that|if|whether|because|and|but|or|so|than|as|"
                r"while|until|since|before|after)")
#: a subject pronoun and the start of its verb, after the noun of a relative clause without "that"
_CONTACT_CLAUSE = (
    r" (i|you|we|they|he|she)(?=(?:'ve|'d|'ll)\b| (?:don't|didn't|can't|couldn't|won't|haven't|"
    r"have|had|has|did|do|was|were|am|are|is|can|could|will|would|"
    r"should|must|might|always|never|just|really|ever|already|saw|sent|gave|made|got|bought|found|said|told|met|knew|"
    r"need|needed|want|wanted|like|liked|love|loved|ate|took|read|wrote|heard|tried|watched|see|get|eat|use|used|know|"
    r"wear|went|came|left|lost|won|paid|spent|built|brought|chose|forgot|kept|meant|put|ran|sang|sold|taught|thought|"
    r"wore|mean|[a-z]+ed)\b)")
#: a span of time that may open a sentence before its subject ("The next day we left")
_TIME_WORD = (r"(?:morning|afternoon|evening|night|day|days|week|weeks|weekend|month|months|year|years|time|times|"
              r"summer|winter|spring|autumn|fall|season|moment|minute|hour|second)")
#: "meet" of arranging to see each other, not of meeting someone ("Let's meet the team")
_MEETING_UP = (r"meet(?: up)?\b(?! (?:the|a|an|my|your|our|their|his|her|some|everyone|everybody|him|them|you|"
               r"new|other)\b)")
#: "of you" after a quantifier ("many of you", "each of you")
_COUNTED_YOU = ("(?:" + "|".join(rf"(?<=\b{w} )" for w in ("many", "most", "some", "all", "none", "each", "one", "both",
                                                           "several", "few", "any", "two", "three")) + r")of you\b")
#: "of them" as each target says it, and "of you" (plural)
_OF_THEM = {"es": (r"\bde (?:ellos|ellas)\b", "de vosotros"),
            "ca": (r"\bd'(?:ells|elles)\b|(?<=\bmajoria )dels\b", "de vosaltres"),  # "La majoria dels sap"
            "gl": (r"\bd(?:eles|elas)\b", "de vós")}
#: adjectives before a "one" that stands for a noun ("a new one", "the last one"; "the next one": :mod:`.target_rules`)
_ONE_ADJECTIVE = (r"new|old|last|first|second|third|same|other|big|small|little|red|blue|green|black|white|"
                  r"good|bad|best|worst|right|wrong|cheap|expensive|latest|previous|cheaper|bigger|smaller|better|"
                  r"nice|large|main|original|real|free|whole|newer|older|favourite|favorite")
#: units of a quantity said "about" ("about a litre", "about an hour")
_UNIT = (r"second|minute|hour|day|week|month|year|litre|liter|kilo|kilogram|gram|pound|ounce|metre|meter|kilometre|"
         r"kilometer|mile|foot|inch|cup|glass|spoon|teaspoon|tablespoon|dozen|hundred|thousand|million|quarter|half|euro|"
         r"dollar|third|percent|degree")
#: what is turned down or up ("turn the heat down")
_LEVEL = r"heat|volume|music|sound|temperature|tv|radio|oven|fire|light|lights"
#: a word in -ing that is a gerund, not a noun ("I love reading"; not "I love mornings", "everything")
_GERUND = (r"(?![a-z]*thing\b|(?:morning|evening|spring|darling|king|ring|wedding|pudding|clothing|building|painting|"
           r"ceiling|feeling|meeting)s?\b)[a-z]{2,}ing\b")
#: questions asked, after "ask" and its object ("ask you a question", "asked some questions")
_QUESTIONS = (r"(?:(?:me|you|him|her|us|them) )?(?:(?:a|one|two|three|some|many|a few|a lot of|any|more|the same) "
              r"questions?|questions)\b")


def _inflected(forms: tuple[str, ...], said: tuple[str, ...], after: str) -> tuple[tuple[str, str], ...]:
    """Rewrites of each of a verb's ``forms`` (patterns) as the same form of another verb (``said``),
    where ``after`` (a pattern) follows."""
    return tuple((rf"\b{form}(?={after})", new) for form, new in zip(forms, said, strict=True))


def _said_as(forms: tuple[str, ...], said: tuple[str, ...], group: int = 1,
             then: str = "") -> Callable[[re.Match[str]], str]:
    """A replacement saying group ``group`` of the match, one of a verb's ``forms``, as the same form of
    another verb (``said``), the rest of the match kept and ``then`` added after it."""
    table = dict(zip(forms, said, strict=True))

    def say(m: re.Match[str]) -> str:
        a, b = m.start(group) - m.start(), m.end(group) - m.start()
        return m.group(0)[:a] + table[m.group(group).lower()] + m.group(0)[b:] + then

    return say


#: what follows a verb of preparing food before its object
_FOOD_OBJECT = r" (?:up |off )?(?:the|a|an|one|two|three|four|some|it|them|all|your|my|half)\b"
#: a determiner of photos taken, or none
_SOME = r"(?:(?:a|some|any|the|many|a lot of|lots of|more|great|nice|good) )?"
#: the determiner of an owner's pronoun ("of mine" → "my")
_OWNER = {"mine": "my", "yours": "your", "ours": "our", "theirs": "their", "his": "his", "hers": "her"}
#: English rewritten before translation: (pattern, replacement: a template or a function of the
#: match), case-insensitive.
#: a phrase of place or time that opens a clause before its subject ("In the kitchen she found…", "By the
#: afternoon she had read…": no relative clause)
_FRONTED = re.compile(r"(?:^|[.!?;:,] )(?:and |but |then |so )?(?:in|at|by|on|during|after|before|for|over|through|"
                      r"throughout|within|since|until|under|near|from|inside|outside|around|across|along|behind|"
                      r"beyond|among|between|into|towards?) (?:[a-z']+ ){0,6}$", re.IGNORECASE)


def _contact_that(m: re.Match[str]) -> str:
    """"that" between a noun and the relative clause after it without one, but where the noun ends a
    phrase of place or time that opens the clause."""
    return m.group(0) if _FRONTED.search(m.string[:m.start()]) else f"{m.group(1)} that {m.group(2)}"


#: what one is out of that is no thing used up ("out of the office", "out of town", "out of breath")
_NOT_A_PLACE = (r"(?! (?:the|this|that|my|your|his|her|our|their|a|an|town|breath|control|order|place|here|there|work|"
                r"reach|sight|range|shape|practice|touch|line|bed|school|jail|prison|hospital|office|danger|hand|date|"
                r"character|tune|focus)\b)")
#: "turned on" and "turned off" said by verbs the pairs translate "encender", "apagar" (:data:`.english_pairs.LEMMAS`):
#: the base form, the past, the third person's, the -ing form
_TURNED = {"on": ("light", "lit", "lights", "lighting"),
           "off": ("extinguish", "extinguished", "extinguishes", "extinguishing")}


def _turned(m: re.Match[str]) -> str:
    """A :data:`_TURNED` verb for "turn"/"switch" + "on"/"off", but the imperative (the phrasebook's)."""
    before, ending = m.group(1), (m.group(3) or "").lower()
    if not before and not ending:
        return m.group(0)
    said = _TURNED[m.group(4).lower()][{"": 0, "ed": 1, "s": 2, "es": 2, "ing": 3}[ending]]
    return f"{before} {said}" if before else said


_SEE = {"": "see", "es": "sees", "ed": "saw", "ing": "seeing"}
_ANSWER = {"pick": "answer", "picks": "answers", "picked": "answered", "picking": "answering"}
_COLLECT = {"pick": "collect", "picks": "collects", "picked": "collected", "picking": "collecting"}
_ENJOY = {"have": "enjoy", "having": "enjoying", "has": "enjoys", "had": "enjoyed"}
_MEAL = {"dinner": {"have": "dine", "having": "dining", "has": "dines", "had": "dined"},
         "lunch": {"have": "lunch", "having": "lunching", "has": "lunches", "had": "lunched"}}
#: the forms of "pick" and of "have" as the patterns match them
_PICK = "|".join(_ANSWER)
_DISAPPEAR = {"go": "disappear", "goes": "disappears", "went": "disappeared", "gone": "disappeared",
              "going": "disappearing"}
_REVISE = {"go": "revise", "goes": "revises", "went": "revised", "going": "revising", "gone": "revised"}
_HAVE = "|".join(_ENJOY)
def _allowed(m: re.Match[str]) -> str:
    """ "(not) allowed to" after its "be" as "can"/"could" (negated "can't"/"couldn't")."""
    be, negated = (m.group(1) or m.group(3)).lower(), bool(m.group(2) or m.group(4))
    said = ("couldn't" if negated else "could") if be in ("was", "were") else ("can't" if negated else "can")
    return ("" if m.group(1) else " ") + said


REWRITES: tuple[tuple[re.Pattern[str], Union[str, Callable[[re.Match[str]], str]]], ...] = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bthere's\b", "there is"),
    (r"\bevery single\b", "every"),  # "cada noche sola"
    (r"\bfront door\b", "main door"),  # "la puerta de frente"
    (r"\ball of (?=(?:the|my|your|his|her|its|our|their|this|that|these|those)\b)", "all "),  # "todo de nuestro dinero"
    # "pick up": a phone answered, a person or a thing collected ("Eligió arriba del teléfono", "¿Me puedes elegir
    # arriba?")
    (r"\b(" + _PICK + r") up the phone\b", lambda m: _ANSWER[m.group(1).lower()] + " the phone"),
    (r"\b(" + _PICK + r") (me|you|him|her|us|them|it) up\b", lambda m: _COLLECT[m.group(1).lower()] + " " + m.group(2)),
    (r"\b(" + _PICK + r") up\b", lambda m: _COLLECT[m.group(1).lower()]),
    # "have fun" is enjoying ("Tuvimos divertidos en la fiesta", "¡Ten divertido!")
    (r"\b(" + _HAVE + r") (?:so much|a lot of|lots of|great|loads of) fun\b",
     lambda m: _ENJOY[m.group(1).lower()] + " a lot"),
    (r"\b(" + _HAVE + r") fun\b", lambda m: _ENJOY[m.group(1).lower()]),
    # a meal had is the meal's verb ("Tuvimos cena" → "Cenamos"; "Let's have lunch" is the phrasebook's)
    (r"(?<!\blet's )(?<!\blet us )\b(" + _HAVE + r") (dinner|lunch)\b",
     lambda m: _MEAL[m.group(2).lower()][m.group(1).lower()]),
    # "how is your new job going?": "¿cómo es tu trabajo nuevo que va?" → "¿Cómo va tu trabajo nuevo?"
    (r"\bhow(?: is|'s) ((?:your|the|his|her|their|our|my|this|that) [a-z]+(?: [a-z]+)?) going\?", r"how goes \1?"),
    (r"\b(feel(?:s|ing)?|felt) ((?:so |really |very |a bit |a little |pretty )?)bad\b", r"\1 \2badly"),  # "Siento malo"
    # "yet" ending a question that is not negated is "already": "¿Has acabado todavía?" → "¿Has acabado ya?"
    (r"(?:^|(?<=[.!?] ))(?![^.!?]*(?:n't|\bnot\b|\bnever\b))([^.!?]*?) yet\?", r"\1 already?"),
    # time spent doing a thing, the doing set apart: "Pasaron dos días enteros que construyen un dique",
    # "Pasamos todo el día limpiar la casa" → "…, construyendo un dique", "…, limpiando la casa"
    (r"\b(spen(?:d|ds|t|ding)(?: [a-z]+){1,3} (?:time|days?|weeks?|hours?|minutes|months|years|mornings?|afternoons?|"
     r"evenings?|nights?|weekends?|summers?|ages))(?= [a-z]+ing\b)", r"\1,"),
    (r"\bthere're\b", "there are"),
    # "there is" after a phrase of place that opens the sentence, set apart: "En la caja allí era una foto"
    (r"(?<=[a-z]) (?=there (?:is|was|are|were|will be|has been|had been)\b)",
     lambda m: "," + m.group(0) if _FRONTED.search(m.string[:m.start()] + " ") else m.group(0)),
    (r"\b(it|he|she|that|who|what)'s been\b", r"\1 has been"),
    (r"\b(what|where|how|who)'s\b", r"\1 is"),
    (r"\blet's\b(?! (?:go|see)(?=\s?[.!?;:,]|$))(?! " + _MEETING_UP + ")", "we are going to"),
    # "know"/"hope" before a clause without "that": "I didn't know you were there" → "No te conocí
    # era allí" (know a person); with "that", "No supe que eras allí"
    (r"\b(know|knew|knows|hope|hoped|hopes|think|thought|thinks|believe|believed|believes|guess|suppose|feel|felt|say|"
     r"says|said|saying|mean|means|meant|realize|realized|realise|realised|noticed) "
     r"(?=(?:i|he|she|we|they) \w|(?:many|most|some|all|none|a lot|lots) of (?:us|you|them) \w|"
     r"there (?:is|are|was|were|will|may|might|could|must|should|would|has|have|had)\b|"
     + _PRONOUN + r"(?:'re|'s|'ll|'d|'ve|'m)\b|"
     + _PRONOUN + r" "
     r"(?:am|are|is|was|were|have|has|had|do|does|did|can|could|will|would|should|might|must|won't|can't|"
     r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't)\b)", r"\1 that "),
    # after "hope" "you" and "it" are the clause's subject ("I hope you like it" → "Te esperas gustarlo")
    (r"\b(hope|hoped|hopes) (?=(?:you|it) (?!all\b|too\b|so\b)[a-z]+)", r"\1 that "),
    # an interjection run into the next word: its "I" was kept in English ("Oh I soy")
    (_OPENS + r"(oh|ah|uh|um|hmm|wow) (?=[a-z])", r"\1, "),
    # "Let me explain" → "Dejados me explicar"; as "I am going to explain": "Voy a explicar"
    # (an imperative only: "Don't let me down", "You let me win" are left)
    (r"(?<!n't )(?<!\bnot )(?<!\bto )(?<!\byou )(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\bwe )(?<!\bit )(?<!\bwill )"
     r"(?<!\bwould )(?<!\bcould )(?<!\bcan )(?<!\bnever )\blet me (?!know\b|see\b|go\b|in\b|out\b|down\b)(?=[a-z])",
     "I am going to "),
    (r"\bwhat i mean\b", "what I want to say"),  # "Qué I malo"
    # and "sure" before its clause: "No estoy seguro eso es…"
    (r"\bsure (?=(?:i|you|he|she|we|they|it|this|there)\b|" + _PRONOUN + r"(?:'re|'s|'ll|'d|'ve|'m)\b|that(?:'s| is| was)\b)",
     "sure that "),
    # "not that easy": "No es que fácil"
    (r"\b(not|n't) that (?=(?:easy|hard|difficult|bad|good|big|small|simple|important|different|great|bad|far|"
     r"long|old|expensive|cheap|sure|bad|serious|complicated|funny|interesting)\b)", r"\1 so "),
    # "ever" between "have" and its participle, said at the question's end: "¿Has alguna vez probó
    # esto?" ("ever been" the pairs say right)
    (r"\b(have|has) (you|he|she|it|we|they|i) ever (?!been\b)(\w+)([^.!?]*)\?", r"\1 \2 \3\4 ever?"),
    # "one more" of a thing as "another": "Uno más pregunta" → "Otra pregunta"; "one more time" is "again"
    (r"\bone more time\b", "again"),
    (r"\bone more (?=[a-z]{3,}\b)(?!of\b|than\b|and\b|or\b|to\b|for\b)", "another "),
    # "get there/here" is arriving: "para coger allí" → "para llegar allí"
    (r"\bget (?=(?:there|here)\b)", "arrive "),
    (r"\bgets (?=(?:there|here)\b)", "arrives "),
    (r"\bgot (?=(?:there|here)\b)", "arrived "),
    (r"\bgetting (?=(?:there|here)\b)", "arriving "),
    # "home" as where one goes or is: "Quiero ir casa", "Fui en casa", "Soy casa", "Cogía en casa"
    # (not before another word it could be read with: "came home cold" → "vine a frío de casa")
    (r"\b(go|goes|went|going|gone|come|comes|came|coming|walk|walked|walking|drive|drove|driving|head|headed|"
     r"heading|run|ran|running|fly|flew|flying|send|sent|take|took|taking) home" + _HOME_ENDS, r"\1 to home"),
    (r"\bget(s)? home" + _HOME_ENDS, r"arrive\1 to home"),
    (r"\bgot home" + _HOME_ENDS, "arrived to home"),
    (r"\bgetting home" + _HOME_ENDS, "arriving to home"),
    (r"\b(am|is|are|was|were|be|been|being|i'm|you're|he's|she's|we're|they're|stay|stays|stayed|staying) home"
     + _HOME_ENDS, r"\1 at home"),
    # and where someone is taken or brought home ("Tómale en casa", ca "Porta'm casa")
    (r"\b(take|takes|took|taking|taken|bring|brings|brought|bringing|drive|drives|drove|driving|driven|walk|walks|"
     r"walked|walking|send|sends|sent|sending) (me|you|him|her|us|them|it) home" + _HOME_ENDS, r"\1 \2 to home"),
    # "take" someone somewhere is "llevar" ("Tómame a la estación", "Me tomó al aeropuerto"), as "carry" is said
    *_inflected(("take", "takes", "took", "taken", "taking"), ("carry", "carries", "carried", "carried", "carrying"),
                r" (?:me|you|him|her|us|them) (?:to|home)\b"),
    # "help me find": the bare infinitive after "help" and its object read as a noun or a finite
    # verb ("Me ayudó movimiento", gl "axudarme atopa"); with "to" the pairs say "ayudar a"
    (r"\b(help(?:s|ed|ing)?) (me|you|him|her|us|them) (?!(?:with|out|up|please|now|again|here|there|today|too|and|or|"
     r"but|if|when|so|because|to|a|an|the|this|that|it|my|your|his|her|our|their|all|get)\b)(?=[a-z]+\b)",
     r"\1 \2 to "),
    # a relative clause without "that" after a noun: "the email I sent" → "el email envié", "the best
    # pizza I've ever had" → "…mejor he nunca tuvo"; with it, "que" ("el email que envié"). Not after
    # a verb that takes a clause after its object ("I told the man I was busy"), nor where the noun
    # opens its clause ("This morning I went…"; "The book you gave me" read "El libro que te me di")
    (r"(?<=[a-z] )" + _NOT_AFTER + r"\b((?:the|this|these|those|every|each|my|your|his|our|their|all the|a|an)"
     r"(?: (?!" + _CLAUSE_WORD + r"\b)[a-z]+){1,3})" + _CONTACT_CLAUSE, _contact_that),
    (r"(?<=[a-z] )" + _NOT_AFTER + r"\b(something|anything|nothing)" + _CONTACT_CLAUSE, _contact_that),
    # ... and where the noun opens the sentence and a verb of its own follows the clause ("The car I
    # bought is red" → "El coche compré es rojo"); not of "you" (read as the object: "El libro que te me
    # di"), nor of a time that opens the sentence ("The next day we left", "This morning I went")
    (r"^((?:the|this|these|those|my|our|their|his|her|all the|one)(?: (?!" + _CLAUSE_WORD + r"\b)[a-z]+){0,2}"
     r" (?!(?:" + _CLAUSE_WORD + "|" + _TIME_WORD + r")\b)[a-z]+)" + _CONTACT_CLAUSE.replace("(i|you|we|they|he|she)", "(i|we|they|he|she)")
     + r"(?=(?: [a-z']+){1,4} (?:is|was|are|were|isn't|wasn't|aren't|weren't|has|had|will|would|can|could|looks|"
       r"looked|seems|seemed|tastes|tasted|costs|cost|makes|made)\b)", r"\1 that \2"),
    # "I'd like you to meet…": "Me gustarías para…"; as wanting, a "que" clause (:mod:`.que_clauses`)
    (r"\b(" + _PRONOUN + r")(?:'d| would) like (me|you|him|her|us|them) to\b", r"\1 would want \2 to"),
    # "would love to" as "would like to": "querría para ir", ca "voldria per anar"
    (r"\b(" + _PRONOUN + r")(?:'d| would) love to(?=\s?[.!?;:,]|$)", r"\1 would love it"),  # "Nos gustaría a."
    (r"\b(" + _PRONOUN + r")(?:'d| would) love to\b", r"\1 would like to"),
    # loving to do a thing is enjoying it: "Quiero mirar películas", ca "Jo l'amor que mira pel·lícules";
    # as enjoying, "Disfruto mirando películas" ("I love to" as "I like to": "Quiero para mirar")
    *_inflected(("love", "loves", "loved"), ("enjoy", "enjoys", "enjoyed"), " " + _GERUND),
    # food chopped or rinsed is cut or washed: the pairs know "chop" and "rinse" as nouns only
    # ("Primero, chuleta una cebolla", "Enjuague las lentejas")
    *_inflected(("chop", "chops", "chopped", "chopping"), ("cut", "cuts", "cut", "cutting"), _FOOD_OBJECT),
    *_inflected(("rinse", "rinses", "rinsed", "rinsing"), ("wash", "washes", "washed", "washing"), _FOOD_OBJECT),
    (r"\b(" + _PRONOUN + r") lov(e|es|ed) to\b", r"\1 lik\2 to"),
    # asking a question is making one ("¿Te puedo pedir una pregunta?", gl "preguntarte unha pregunta")
    *_inflected(("ask", "asks", "asked", "asking"), ("make", "makes", "made", "making"), " " + _QUESTIONS),
    # a thing that worked out ("Funcionó fuera de fino"), before "work" of a thing is "function"
    *_inflected(("work out", "works out", "worked out", "working out"), ("go", "goes", "went", "going"),
                r" (?:fine|well|great|okay|ok|perfectly|in the end)\b"),
    # a person working out trains ("Salgo todos los días")
    (r"\b(i|you|we|they|he|she)( usually| often| always| never| still)? (work out|works out|worked out)\b",
     lambda m: f"{m.group(1)}{m.group(2) or ''} {_EXERCISED[m.group(3).lower()]}"),
    # "work" of a thing is "function" ("Does it work?" → "¿Obra?", gl "Traballa?"; "¿Funciona?")
    (r"\b((?:it|this|that|which)(?:'s| is| was| isn't| wasn't| does| did| doesn't| didn't| will| won't| can| can't|"
     r" could| couldn't| would| wouldn't| should| might| not| still| really| actually| never| always| just){0,3}) "
     r"work(s|ed|ing)?\b", r"\1 function\2"),
    (r"\b((?:does|did|doesn't|didn't|will|won't|can|can't|could|would|should|is|was|isn't|wasn't) (?:it|this|that)"
     r"(?: still| really| actually| even)?) work(s|ed|ing)?\b", r"\1 function\2"),
    (r"\b(do|don't) (i|you|we|they) do\b", r"\1 \2 make"),  # "How do you do it?" → "¿Cómo tú él?"
    # "that" as the object that ends a clause: "No supe aquello", "¿Por qué crees que?"
    (r"\b(do|make|did|made|think|thought|say|said|mean|meant|like|liked|want|need|love|hate|remember|"
     r"forget|forgot|understand|believe|hear|heard|try|tried) that(?=\s?[.!?;:,]|$)", r"\1 it"),
    # "any" after a negation is "no": "Nunca he visto cualquier cosa" → "Nunca he visto nada"
    (_NEGATED + r" anything\b", r"\1 nothing"),
    (_NEGATED + r" any(?:one|body)\b", r"\1 nobody"),
    (_NEGATED + r" any (?=[a-z])", r"\1 "),
    # and in a question "some", or nothing: "¿Cualquiera tiene cualesquier cuestiones?"
    (r"\bany(one|body)\b(?=[^.!?]*\?)|(?<=\bif )any(one|body)\b|(?<=\bwhether )any(one|body)\b", r"some\1\2\3"),
    (r"\banything\b(?=[^.!?]*\?)", "something"),
    (r"(\b(?:if|whether)\b(?: [a-z']+){0,4}?) any (?=[a-z])", r"\1 "),  # "Dime si tienes cualesquier preguntas"
    (r"\bany (?=[a-z]+[^.!?]*\?)", ""),
    (_OPENS + r"(?:that|this) (?=(?:sounds|looks|seems)\b)", "it "),  # "Aquell bé de sons"
    # "look" of how a thing seems: "Ahora mira mucho mejor", "Los números miran bien"
    (r"\blook(s|ed)? (?=(?:(?:so|very|really|much|pretty|a bit) )?(?:good|great|nice|fine|better|worse|bad|amazing|"
     r"beautiful|different|similar|perfect|like|easy|hard|interesting|delicious)\b)", r"seem\1 "),
    # "cool", "great" said of a thing ("Aquello es tan fresco", "Eres sumo")
    (r"((?:\b(?:is|are|was|were|so|really|very|pretty|just|sounds?|seems?|seemed|feels?|be)|'s|'re)) "
     r"(?:cool|great)(?=\s?[.!?;:,]|$)",
     r"\1 fantastic"),
    (r"\bmove on\b", "continue"),  # "vamos a mover encima"
    # a price asked with "cost" after its noun phrase ("¿Cuánta esta chaqueta cuesta?", ca "Quant això la jaqueta
    # costa?"): "How much is…?", a phrase below
    (r"\bhow much (does|do) ((?:this|that|these|those|the|a|an|your|my|his|her|our|their)(?: [a-z-]+){1,3}?) cost\b",
     lambda m: "how much " + ("is" if m.group(1).lower() == "does" else "are") + f" {m.group(2)}"),
    # a kitchen's, a match's, a phone's verbs: "enfriar abajo", "Puntuó dos veces", "cobrar mi
    # teléfono", gl "Xoga a guitarra", "Prueba delicioso", "Mi alarma no fue fuera", "El Wi-Fi no está trabajando"
    (r"\b(cool|cools|cooled|cooling) down\b(?= (?:for|a bit|completely|before|in)\b|"
     r"\s?[.!?;:,]|$)", r"\1"),
    (r"\bscored\b", "marked"),
    (r"\b(he|she|we|you|they|who|i|to|will|can|didn't|never) score(s)?\b", r"\1 mark\2"),
    *_inflected(("charge", "charges", "charged", "charging"), ("load", "loads", "loaded", "loading"),
                r" (?:(?:my|your|his|her|our|their|the|this|that) (?:phone|mobile|laptop|battery|tablet|car|camera|"
                r"headphones|watch)\b|it\b)"),
    *_inflected(("play", "plays", "played", "playing"), ("touch", "touches", "touched", "touching"),
                r" (?:the|a|my|his|her|their) (?:guitar|piano|violin|drums|bass|cello|flute|trumpet|saxophone|keyboard|"
                r"harp|clarinet|ukulele|organ|accordion)\b"),
    (r"\b(?:it|this|that|they|these|those|the [a-z]+) (tastes|tasted|taste) (?=(?:so |really |very |quite )?(?:delicious|"
     r"good|great|amazing|bad|awful|sweet|salty|bitter|sour|nice|fantastic|horrible|strange|weird|fresh|lovely|better|"
     r"worse)\b)", _said_as(("taste", "tastes", "tasted"), ("are", "is", "was"))),
    (r"\b(?:alarm|clock|bell)(?: didn't| did not| doesn't| does not| never)? ((?:go|goes|went) off)\b",
     _said_as(("go off", "goes off", "went off"), ("sound", "sounds", "sounded"))),
    (r"\b((?:the|my|your|our|their|this|that) (?:wi-fi|wifi|internet|phone|printer|computer|laptop|app|tv|heating|"
     r"lift|elevator|lights?|machine|car|camera|microphone|mic|screen|website|remote|fridge|oven|shower|toilet|lock|"
     r"router|charger|battery|washing machine|dishwasher)(?:'s| is| isn't| was| wasn't| are| aren't| were| weren't| does|"
     r" doesn't| did| didn't| won't| will| still| really| not){0,3}) work(s|ed|ing)?\b", r"\1 function\2"),
    (r"\b(took|takes|take|taking) ages\b", r"\1 a long time"),
    (r"\b(are|is) (you|we|they|he|she) (going|coming) (?=to (?:the|a|an|my|your|his|her|our|their|this|that|home)\b|"
     r"home\b|back\b)", lambda m: ("do" if m.group(1).lower() == "are" else "does") + f" {m.group(2)} "
     + ("go " if m.group(3).lower() == "going" else "come ")),  # "¿Estás yendo a la fiesta?"
    # going or coming somewhere, or at a time, said in the present ("Estamos yendo al cine", "Está viniendo mañana");
    # "going to" + a verb stays the future
    (r"\b(i|you|we|they|he|she)(?:'m|'re|'s| am| are| is) (going|coming) (?=(?:to (?:the|a|an|my|your|his|her|our|"
     r"their|this|that|home)\b|home\b|back\b|tomorrow\b|tonight\b|today\b|later\b|soon\b|on (?:holiday|monday|tuesday|"
     r"wednesday|thursday|friday|saturday|sunday)\b|next\b|this (?:morning|afternoon|evening|weekend)\b))",
     lambda m: f"{m.group(1)} " + ("go" if m.group(2).lower() == "going" else "come")
     + ("es " if m.group(1).lower() in ("he", "she") and m.group(2).lower() == "going" else
        "s " if m.group(1).lower() in ("he", "she") else " ")),
    *_inflected(("take", "takes", "took"), ("accept", "accepts", "accepted"),
                r" (?:cards?|credit cards?|cash|contactless)\b"),  # "¿Tomas tarjetas?"
    # a text message sent, a telephone call rung, sense made ("Yo texto tú", "Ella rang me", "Eso hace sentido")
    (r"\b(text|texts|texted|texting) (?:me|you|him|her|us|them)\b",
     _said_as(("text", "texts", "texted", "texting"), ("send", "sends", "sent", "sending"), then=" a message")),
    *_inflected(("ring", "rings", "rang", "ringing"), ("call", "calls", "called", "calling"),
                r" (?:me|you|him|her|us|them|the (?:doctor|office|shop|school|bank|hospital|police|number))\b"),
    # a bell rings: "El teléfono rang", "él anillos cada hora"
    (r"\b(?:phone|telephone|bell|doorbell|alarm|it)(?: is| was|'s)? (ring|rings|rang|ringing)\b",
     _said_as(("ring", "rings", "rang", "ringing"), ("sound", "sounds", "sounded", "sounding"))),
    *_inflected(("make sense", "makes sense", "made sense", "making sense"),
                ("have sense", "has sense", "had sense", "having sense"), r"\b"),
    # a person or a ride late arrives late ("Soy tarde", "El tren es tarde"); "It's late" (the hour) stays, and
    # "I'm/we're running late" is a phrase below
    (r"(?<!\bsorry )(?<!\bsorry, )\b(?!(?:i|we)(?:'m|'re| am| are) running late)"
     r"(i|you|we|they|he|she|the (?:train|bus|plane|flight|taxi|delivery|parcel))"
     r"(?:'m|'re|'s| am| are| is)"
     r"(?: running| a bit| a little)? late\b",
     lambda m: f"{m.group(1)} "
     + ("arrives" if m.group(1).lower() in ("he", "she") or " " in m.group(1) else "arrive") + " late"),
    (r"\b(i|you|we|they|he|she|the (?:train|bus|plane|flight|taxi|delivery|parcel)) (?:was|were)(?: a bit| a little)? "
     r"late\b", r"\1 arrived late"),
    (r"\b(i|you|we|they|he|she)(?:'ll| will) be(?: a bit| a little)? late\b", r"\1 will arrive late"),
    # phrasal verbs the pairs read word by word, said as one verb: "Gira las luces fuera", "ordenarlo fuera",
    # "Agarrarse un segundo", "Miraremos a él", "Funcionó fuera de fino", "imaginar fuera", "Lleva encima",
    # "Firma arriba", "Registro en con", "Pon arriba de la cámara", "Toma tus zapatos fuera", "Vigila a su abuela"
    (r"\b(turn|turns|turned|turning|switch|switches|switched|switching) ((?:the|your|my|his|her|our|their|that|this|"
     r"these|those) (?:[a-z]+ )?[a-z]+|it|them) (on|off)\b", r"\1 \3 \2"),
    *_inflected(("sort", "sorts", "sorted", "sorting"), ("fix", "fixes", "fixed", "fixing"),
                r" (?:it|this|that|them|everything|things) out\b"),
    (r"\b(fix|fixes|fixed|fixing) (it|this|that|them|everything|things) out\b", r"\1 \2"),
    (_OPENS + r"hold on\b(?! to\b)", "wait"),
    *_inflected(("look into", "looks into", "looked into", "looking into"), ("check", "checks", "checked", "checking"),
                r" (?:it|this|that|them)\b"),
    *_inflected(("figure", "figures", "figured", "figuring"),
                ("understand", "understands", "understood", "understanding"), r" (?:it|this|that|them) out\b"),
    (r"\b(understand|understands|understood|understanding) (it|this|that|them) out\b", r"\1 \2"),
    *_inflected(("figure out", "figures out", "figured out", "figuring out"),
                ("understand", "understands", "understood", "understanding"), r" (?:what|how|why|where|who|when|if)\b"),
    (_OPENS + r"carry on\b", "continue"),
    (r"\b(put|puts|putting) (you|him|her|me|us|them) through( to\b)?",
     lambda m: {"put": "connect", "puts": "connects", "putting": "connecting"}[m.group(1).lower()] + f" {m.group(2)}"
     + (" with" if m.group(3) else "")),
    *_inflected(("sign up", "signs up", "signed up", "signing up"),
                ("register", "registers", "registered", "registering"), r"\b"),
    *_inflected(("log in", "logs in", "logged in", "logging in"), ("access", "accesses", "accessed", "accessing"),
                r"\b"),
    *_inflected(("sort out", "sorts out", "sorted out", "sorting out"),
                ("organise", "organises", "organised", "organising"), r" (?:the|your|my|his|her|our|their|all)\b"),
    *_inflected(("set up", "sets up", "setting up"), ("prepare", "prepares", "preparing"),
                r" (?:the|your|my|his|her|our|their|a|an|this|that)\b"),
    *_inflected(("take", "takes", "took", "taken", "taking"), ("remove", "removes", "removed", "removed", "removing"),
                r" (?:your|my|his|her|our|their|the) (?:shoes|boots|coat|jacket|hat|glasses|gloves|socks|shirt|"
                r"jumper|sweater|clothes|mask|scarf|make-up|makeup) off\b"),
    (r"\b(remove|removes|removed|removing) ((?:your|my|his|her|our|their|the) [a-z-]+) off\b", r"\1 \2"),
    *_inflected(("look after", "looks after", "looked after", "looking after"),
                ("take care of", "takes care of", "took care of", "taking care of"), r"\b"),
    # "give up" without an object: "No dio arriba", "Va deixar" (its "don't give up" told is a phrase below)
    *_inflected(("(?<!\\bdon't )give up", "gives up", "gave up", "given up", "giving up"),
                ("surrender", "surrenders", "surrendered", "surrendered", "surrendering"), _ENDS),
    # "if you haven't already": "si has no ya", ca "si has no ja"
    (r"\b(haven't|hasn't|have not|has not) (?:already|yet)" + _ENDS, r"\1 done it"),
    # "yes" and "no" said: "Dije núm." ("no." read as the number sign), "Dijo sí"
    (r"\b(say|says|said|saying) (yes|no)" + _ENDS, r"\1 that \2"),
    # "about" a quantity: "Añade sobre un litro", "Toma sobre una hora"
    (r"\b(?:about|around) (?=(?:a|an|one|half an?|\d[\d,.]*) (?:" + _UNIT + r")s?\b)", "approximately "),
    # "around" a number of people or things ("Alrededor diez personas")
    (r"\baround (?=(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
     r"a hundred|hundreds of|a thousand|thousands of) (?:[a-z]+ )?(?:[a-z]+s|people|children|men|women)\b)",
     "approximately "),
    # the heat or the sound turned down or up: "Gira abajo el calor", "girar el calor abajo"
    # (up as "increase": eng-spa and eng-cat read "raise" as "criar")
    (r"\bturn(s|ed|ing)? down (?=(?:the|your|my) (?:" + _LEVEL + r")\b)", r"lower\1 "),
    (r"\bturn(s|ed|ing)? up (?=(?:the|your|my) (?:" + _LEVEL + r")\b)", r"increase\1 "),
    (r"\bturn(s|ed|ing)? ((?:the|your|my) (?:" + _LEVEL + r")) down\b", r"lower\1 \2"),
    (r"\bturn(s|ed|ing)? ((?:the|your|my) (?:" + _LEVEL + r")) up\b", r"increase\1 \2"),
    (r"\bplenty of\b", "a lot of"),  # "abundancia de tiempo"
    (r"\beven though\b", "although"),  # "incluso aunque", ca "fins i tot encara que"
    # looking at a thing is watching it: "Estamos mirando en el teléfono", "Mira en la luz" (not "a look at")
    (r"(?<!\ba )(?<!\bthe )(?<!\bquick )\blook(s|ed|ing)? at\b", r"watch\1"),
    (r"\b(?:a lot|lots) of (?=(?:you|us|them)\b)", "many of "),  # "Muchísimo escribiste a mí"
    # "you" counted as "them", whose verb agrees ("Muchos de ti me han preguntado", "La mayoría de tú
    # sabes", ca "La majoria de saps"); :func:`say_counted_you` then says "de vosotros"
    (_COUNTED_YOU, "of them"),
    # "one" standing for a noun said before: "Necesito un nuevo un", "el próximo un", "Esto uno es mejor"
    (r"\b((?:the|a|an|my|your|his|her|our|their|this|that) (?:" + _ONE_ADJECTIVE + r")) one\b(?! (?:of|who|that|which)\b)",
     r"\1"),
    (r"\b(this|that) one\b(?! (?:of|who|that|which)\b)", r"\1"),
    # "so" of a purpose inside a clause ("I'll show you so you can do it" → "tan lo puedes hacer"): "so that",
    # "de modo que"; after a comma or opening a sentence it is "así que", as the pairs say it
    (r"(?<![,;:.!?] )(?<!^)(?<!\band )(?<!\bor )(?<!\bbut )(?<!\bnot )\bso (?=(?:you|we|i|they|he|she|everyone|people)"
     r" (?!(?:know|see)\b)|(?:the|my|your|our|his|her|their) [a-z]+ (?:can|could|will|won't|can't)\b)", "so that "),
    # "too" ending its clause is "also": "Mi mujer lo probó demasiado", "Me gusta demasiado" ("me too" is a phrase)
    (r"(?<!\bme )\btoo(?=\s?[.!?;:,]|$| (?:and|but)\b)", "as well"),
    (r"\bsomething that\b", "some thing that"),  # its "that" read as a pronoun: "algo aquello pasó"
    # a relative clause without "that" after "nobody", "everyone"… ("Todo el mundo sé lo gusta", "nadie hablé a")
    (r"\b(nobody|no one|everyone|everybody|someone|somebody|anyone|anybody) (?=(?:i|you|we|they|he|she) "
     r"(?!(?:am|are|is|was|were|will|would|can|could|should|do|does|did|have|has|had)\b)[a-z]+)", r"\1 that "),
    (r"\bmake sure to\b", "don't forget to"),  # "Asegura eso para dejar un comentario"
    (r"\bmake sure(?: that)?\b", "ensure that"),  # "Haz seguro tienes…"
    (_OPENS + r"hope (?=(?:you|this|that|it|we|everyone|everybody)\b)", "I hope that "),  # its "I" left out
    # colloquial forms the pairs keep in English ("Nosotros gotta ir", "Es kinda extraño")
    (r"\bgotta\b", "have to"),
    (r"\b(?:kinda|sorta)\b", "a bit"),
    (r"\bsuper (?=(?:easy|hard|simple|fast|quick|slow|cool|nice|good|bad|fun|funny|cheap|expensive|important|"
     r"excited|happy|tired|busy|helpful|useful|interesting|comfortable|light|heavy|strong|close|long|short|big|small|"
     r"hot|cold|clean|quiet|loud|smooth|sweet|cute|weird|hungry|fresh|popular|careful|fast)\b)", "very "),
    (r"\blemme\b", "let me"), (r"\bgimme\b", "give me"), (r"\bdunno\b", "don't know"),
    (r"\bgotcha\b", "I understand"), (r"\bcuz\b", "because"), (r"(?<![\w'])'?cause\b(?= (?:i|you|he|she|it|we|they|the|my|this|that|there)\b)", "because"),
    (r"\b(is|was|it's|that's|i'm|are|were) (?:kind|sort) of\b", r"\1 a bit"),
    (r"\byou guys\b", "you"),
    (r"(?<=, )guys\b", "everyone"),
    (r"\bawesome\b", "fantastic"),
    (r"\b(hear|see|understand) (me|you|us|it|that) (?:okay|ok|all right)\b", r"\1 \2 well"),  # "okay" kept
    # a length of time: "para dos años" (for), "durante dos años" (during)
    (r"\bfor (?=(?:about |almost |nearly |over )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
     r"twenty|thirty|forty|fifty|a few|a couple of|several|many|\d+) (?:seconds?|minutes?|hours?|days?|weeks?|"
     r"months?|years?|decades?|while)\b)", "during "),
    # "wait for" someone or something (after the spans above): "Estoy esperando a ti", ca "esperant ja que
    # et", "Espera para mí"; as "await" the pairs say "esperándote", "esperant-te", "Espérame"
    (r"\bwait(s|ed|ing)? for (?=(?:me|you|him|her|us|them|it|the|a|an|my|your|his|our|their|this|that|these|those|"
     r"someone|somebody|everyone|everybody)\b)", r"await\1 "),
    # "last year" → "último año"; "the past year" → "el año pasado" ("the last video" is left)
    (r"(?<!\bthe )(?<!\bthis )(?<!\bmy )\blast (?=(?:week|weekend|month|year|summer|winter|spring|autumn|"
     r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", "the past "),
    (r"\bmost people\b", "the majority of people"),  # "más las personas"
    (r"\bback then\b", "at that time"),  # "Recula entonces", ca "Recolza llavors"
    (r"\bnext to\b", "beside"),  # "Es luego a la panadería", ca "És després a la fleca"
    # a thing given, sent, brought, taken or paid back is returned ("dar cualquier cosa atrás", "enviar atrás"; the
    # English pairs offer "devolver" for "return"); "try on" clothes is trying them ("probar en los blancos")
    (r"\b(give|gives|gave|given|giving|send|sends|sent|sending|bring|brings|brought|bringing|take|takes|took|taken|"
     r"taking|pay|pays|paid|paying) (back (?=(?:the|a|an|my|your|his|her|our|their|some|any|it|them|this|that|these|"
     r"those|anything|everything|something)\b)|(?:it|them|this|that|these|those|anything|everything|something|"
     r"(?:the|a|an|my|your|his|her|our|their|some|any|every) (?:[a-z]+ ){0,2}?[a-z]+) back\b)",
     lambda m: _RETURNED[m.group(1).lower()] + " " + m.group(2).removeprefix("back ").removesuffix(" back")),
    (r"\b(give|gives|gave|giving|pay|pays|paid|paying) (me|you|him|her|us|them) ((?:the|my|your|his|her|our|their) "
     r"(?:[a-z]+ ){0,2}?[a-z]+) back\b", lambda m: f"{_RETURNED[m.group(1).lower()]} {m.group(2)} {m.group(3)}"),
    (r"\btry (it|them|this|that|these|those) on\b", r"try \1"),
    (r"\b(try|tries|tried|trying) on\b(?= (?:the|a|an|my|your|his|her|our|their|some|this|that|these|those)\b)", r"\1"),
    # not allowed, forbidden ("no son interior dejado"; "not allowed to" + a verb is "cannot": "No puedes tomar…")
    (r"\b(am|is|are|was|were|'m|'s|'re) not allowed\b(?! to\b)", r"\1 forbidden"),
    (r"\b(is|are|was|were)n't allowed\b(?! to\b)", r"\1 forbidden"),
    # "Have you got…?" asked ("¿Has todavía cogía la caja?"): "Do you have…?"
    (r"\b(have|has)(n't)? (you|we|they|i|he|she|it) ((?:still|already|ever|now) )?got\b",
     lambda m: f"{_DO[m.group(1).lower()]}{m.group(2) or ''} {m.group(3)} {m.group(4) or ''}have"),
    (r"\b(move|moves|moved|moving) house\b", r"\1 to a new house"),  # "Movimos albergar" (to house)
    (r"\b(live|lives|lived|living) on (?=the (?:[a-z]+ )?(?:floor|street|road|avenue|estate|island|coast|border|"
     r"corner)\b)",
     r"\1 in "),  # a place: "Nos mantenemos a base del segundo piso"
    (r"\b(?:in order|so as) to\b", "to"),  # a purpose: "dins ordenar per ajudar", "con objeto de ayuda"
    (r"(?<!\bthe )(?<!\ba )(?<!\bshop )\btill\b(?! (?:receipt|roll|drawer)s?\b)", "until"),  # "de 9 caja 6"
    # "some" before what is not counted ("¿Quieres algún café?", "algún pan"): none
    (r"\bsome (?=(?:bread|coffee|tea|water|milk|sugar|salt|time|money|help|food|rice|oil|information|advice|"
     r"paracetamol|medicine|rest|sleep|fresh air|juice|wine|beer|cheese|fruit|soup|pasta|butter|music|practice|"
     r"space|ice|sauce|pepper|garlic|flour|meat|fish|chicken|salad|homework|work|exercise)\b)", ""),
    # "with a little milk and no sugar" ("y ningún azúcar"): "without"
    (r"\b(with [^.!?;]*?) and no (?=[a-z])", r"\1 and without "),
    # "you or me?" ("tú o me")
    (r"\b(you|him|her|them) or me(?=\s?[.!?;:,]|$)", r"\1 or I"),
    # "I did them" ("Yo les ayer": "did" read as the auxiliary): the verb's past with a pronoun it can take
    (r"\b(i|you|we|they|he|she) did (them|those|these)\b", r"\1 made \2"),
    # "at school" read as an adjective ("en escolares"): the school
    (r"\b(at|to|from) school\b", r"\1 the school"),
    # a time something is done by ("por 8:30"): before it
    (r"\bby (?=(?:1[0-2]|0?[1-9]):[0-5]\d\b|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
     r"o'clock\b)",
     "before "),
    # "Después de que comida", "antes de que cena"
    (r"\b(after|before) (?=(?:lunch|dinner|breakfast|work|school|class)\b)", r"\1 the "),
    # "call me back" ("Llámame atrás", ca "Truca'm recolzar"; "I'll call you back" is the phrasebook's); a
    # turned-on thing lit, a turned-off one put out ("Giré en la televisión", "Cambió de las luces"; the
    # imperative is the phrasebook's)
    (r"\b((?:i'll |i will )?(?:call|calls|called|calling|ring|rang) (?:me|you|him|her|us|them)) back\b",
     lambda m: m.group(0) if re.match(r"i(?:'ll| will) call you", m.group(1), re.IGNORECASE) else m.group(1)),
    (r"\b(?:(can|could|will|would|to|should|must|i|you|we|they|don't|didn't) )?(turn|switch)(ed|e?s|ing)? (on|off)\b"
     r"(?= (?:the|a|my|your|his|her|our|their|all|it|them|this|that)\b)", _turned),
    # what is used up: "Estamos fuera de huevos", "Corrí fuera de tiempo"
    (r"\b(i|we|they|you)(?:'re|'m| are| am) (?:all )?out of\b" + _NOT_A_PLACE, r"\1 do not have more"),
    (r"\bran out of\b" + _NOT_A_PLACE, "did not have more"),
    # a plural owner's "s'" ("Los vecinos' el perro"): "the dog of the neighbours"
    (r"\b(the|my|your|his|her|our|their) ((?:[a-z]+ )?[a-z]+s)' ([a-z]+)\b",
     lambda m: f"{same_case(m.group(1), 'the')} {m.group(3)} of {m.group(1).lower()} {m.group(2)}"),
    (r"\bwould you rather\b", "do you prefer to"),  # "¿Bastante tendrías té?"
    (r"\b(i|we|they|you)(?:'d| would) rather\b", r"\1 prefer to"),
    # seeing a film or the television ("mirar televisión", ca "mirar televisiu")
    (r"\bwatch(es|ed|ing)?(?= (?:tv|television|the tv|the television|the news|a film|a movie|films|movies|a video|"
     r"videos|the game|the match|a show|a series|cartoons)\b)", lambda m: _SEE[(m.group(1) or "").lower()]),
    (r"\bfor (?=the whole (?:day|morning|afternoon|evening|night|week|weekend|month|year|summer|trip)\b)", "during "),
    # "a friend of mine": "un amigo de mina" (a mine); "one of my friends" the pairs say
    (r"\b(?:a|an) (friend|colleague|cousin|neighbour|neighbor|classmate|student|client|relative)s? of "
     r"(mine|yours|ours|theirs|his|hers)\b", lambda m: f"one of {_OWNER[m.group(2).lower()]} {m.group(1)}s"),
    # pictures taken: "tomar cuadros" (paintings); photos made, "hacer fotos"
    (r"\b(take|takes|took|taken|taking) (" + _SOME + r")picture(s?)\b", r"\1 \2photo\3"),
    *_inflected(("take", "takes", "took", "taken", "taking"), ("make", "makes", "made", "made", "making"),
                " " + _SOME + r"(?:photos?|photographs?)\b"),
    (r"\bturn(s|ed|ing)? (left|right)\b", r"turn\1 to the \2"),  # "El turno dejó", "Giro dejado"
    # a side: "La panadería en el izquierdo" (the pairs say "to the left" right); "in the main square" is not "in
    # the main" (mostly): "en general cuadrados"
    (r"\b(?:on|at) the (left|right)\b", r"to the \1"),
    (r"\bin the main (?=[a-z])", "in the principal "),
    # standing somewhere is being there ("Estamos estando en la plaza", gl "Estamos aguantando")
    (r"\b(am|are|is|was|were|'re|'m|'s) standing (?=(?:in|on|at|by|near|next to|beside|outside|inside|behind|in front of|"
     r"here|there)\b)", r"\1 "),
    # "the one (that) you see": "El ves ahora fue acabado" (its "that" left out)
    (r"\b(the ones?) (?=(?:i|you|we|they|he|she) [a-z])", r"\1 that "),
    # "close to" a place or a person, "near" ("La estancia cierra a mí", "sus casas cierran al río")
    (r"\bclose to (?=(?:the|a|an|my|your|his|her|our|their|this|that|these|those|me|you|him|us|them|here|home)\b)",
     "near "),
    (r"\bexcited about\b", "excited with"),  # "entusiasmado sobre esto"
    # "great" before its noun: "un plan sumo", "una idea suma" (es; ca, gl "gran" after the noun: big)
    (r"\bgreat (?!(?:deal|many|importance|extent|majority|britain|lakes|wall|depression|powers?)\b)(?=[a-z])",
     "fantastic "),
    # "thank you" as a verb's object, not the courtesy: "Quiero gracias", "Nosotros gracias"
    (_THANKING + r" (?:all|everyone|everybody)\b", r"\1 say thanks to everyone"),
    (_THANKING + r"(?= for\b)", r"\1 say thanks"),
    (_THANKING + r"\b", r"\1 say thanks to you"),
    # an office's talk: "tan molt de temps com vols" (as long as), "lejos demasiado caro", "Estamos dejados para
    # trabajar", "iré sobre los puntos", "Hemos mucho para cubrir", "un atzar de llegir", "¿Allí será bastantes
    # espacios?", "venir en temprano"
    (r"\bas long as\b", "on condition that"),
    (r"\bfar (too|more|less|better|worse|bigger|smaller|cheaper|easier|harder|faster|slower)\b",
     lambda m: m.group(1) if m.group(1).lower() == "too" else "much " + m.group(1)),
    (r"\b(?:(am|is|are|was|were)(n't| not)?|(?<=[a-z])'(m|s|re)( not)?) allowed to\b", _allowed),
    (r"\b(am|is|are|was|were) (i|you|we|they|he|she|it|everyone|everybody|people) allowed to\b",
     lambda m: ("could " if m.group(1).lower() in ("was", "were") else "can ") + m.group(2)),
    (r"\b(go|goes|went|going|gone) over (?=(?:the|it|them|this|that|these|those|my|your|our|his|her|their|what|"
     r"some|all|everything)\b)", lambda m: _REVISE[m.group(1).lower()] + " "),
    (r"\b(have|has|had|having) (?:a lot|lots|much|so much|plenty) to (?=[a-z])", r"\1 a lot of things to "),
    (r"\b(?:a|the) chance to\b", "the opportunity to"),
    (r"\bwill there be\b", "there will be"),
    (r"\b(come|comes|came|coming) in (?=early|late)", r"\1 "),
    (r"\b(help|helps|helped|helping)( (?:me|you|him|her|us|them|everyone|people))? out\b(?! (?:of|with)\b)", r"\1\2"),
    # "keep X in mind" ("Mantén la fecha límite en mente"): the phrasebook's "keep in mind" before its object;
    # "just" before an imperative (ca "Just enviar-me", "només m'envia"); "you all" as an object (gl kept it)
    (r"\bkeep ((?:the|this|that|these|those|my|your|our|their|his|her) [a-z]+|it|this|that|them) in mind\b",
     r"keep in mind \1"),
    (r"(?:^|(?<=[.!?;:,] )|(?<=\band )|(?<=\bso ))just (?=(?:send|tell|call|ask|click|let|give|put|take|add|try|go|"
     r"come|leave|write|wait|keep|make|use|check|follow|do|be|remember|say|get|bring|drop|email|text|message|"
     r"look)\b)", ""),
    (r"\b(remind|tell|ask|show|invite|help|wish|want|need|send|give|see|meet|join) you all\b", r"\1 everyone"),
    # the news's English: "La lluvia está esperada para continuar", "sobre el próximos cinco años", "en ciudades más
    # grandes" (most big cities), "Muchos las personas jóvenes", "Era mucho tiempo antes de que abriera", "fue
    # perder", "se quedarán cerró", ca "dins menys que una hora"
    (r"(?<!\bit )\b(?:is|are) expected to\b", "will probably"),
    (r"\bover the (?=(?:next|last|past|coming|following)\b)", "during the "),
    (r"(?<!\bthe )(?<!\bat )\bmost (?!of\b|people\b)(?=(?:[a-z]+ )?(?!(?:is|was|has|does|this|us|yes|thus|always|"
     r"perhaps|as|its|his|less|plus|across|unless|whereas)\b)[a-z]{2,}s\b)", "most of the "),
    (r"\byoung people\b", "youngsters"),
    (r"\blong (before|after)\b", r"much \1"),
    (r"\b(go|goes|went|gone|going) missing\b", lambda m: _DISAPPEAR[m.group(1).lower()]),
    (r"\b(stay|stays|stayed|staying) (closed|open|shut)\b", lambda m: "remain" + m.group(1)[4:] + " " + m.group(2)),
    # the talk clips' prose: "las barcas son ya atrás", "nadie que hablé a", "no hay que mucha diferencia"
    (r"\b(nobody|no one|everyone|everybody|someone|somebody|anyone|anybody|people|the people|the person|the man|"
     r"the woman) (?:that )?(i|you|we|they|he|she) (spoke|talked|speak|talk|have spoken|had spoken) to\b",
     r"\1 with whom \2 \3"),
    (r"(?:(?<=n't )|(?<=\bnot ))that (?=(?:much|many|big|bad|good|hard|easy|difficult|different|important|far|long|"
     r"old|expensive|cheap|simple|interesting|great|serious|common|popular|busy|fast|slow)\b)", "so "),
    # a rise "by" an amount ("subieron por doce por ciento"), a business's quarter ("el último barrio"), a time
    # "sharp" ("en nueve agudo")
    (r"\b((?:go|goes|went|gone|going) (?:up|down)|(?:rise|rises|rose|risen|fall|falls|fell|fallen|drop|drops|dropped|"
     r"increase|increases|increased|decrease|decreases|decreased|grow|grows|grew|grown)) by "
     r"(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
     r"half|a third|a quarter)\b)",
     r"\1 "),
    (r"\bthis quarter\b", "these three months"),
    (r"\b(last|past|previous|first|second|third|fourth|next|same) quarter\b", r"\1 three months"),
    (r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?: o'clock)? sharp\b", r"\1 o'clock"),
    (r"(?<=[a-z])('ll| will) be back\b", r"\1 return"),
    (r"\b(until|when|once|as soon as|before) (i|you|we|they)(?:'re|'m| am| are) back\b", r"\1 \2 come back"),
    (r"\b(until|when|once|as soon as|before) (he|she|it)(?:'s| is) back\b", r"\1 \2 comes back"),
    # (after those) being back is having come back ("las barcas son ya atrás" → "ya han vuelto")
    (r"\b(?:(are|is|am)|(?<=[a-z])'(re|s|m)) (already |finally |now )?back(?=\s?[.!?;:,]|$| (?:and|but|now|again)\b)",
     lambda m: ("" if m.group(1) else " ") + ("has" if (m.group(1) or m.group(2)).lower() in ("is", "s") else "have")
     + " " + (m.group(3) or "") + "come back"),
))

#: how a person feels, said "have" + its noun ("I'm cold" → "Soy frío", ca "Sóc fred", "She isn't very
#: hungry" → "No es muy famélica", "I'm thirsty" → "Soy thirsty"; "Tengo frío", "No tiene mucha hambre")
_FEELING = {"hungry": "hunger", "thirsty": "thirst", "sleepy": "sleep", "cold": "cold", "hot": "heat"}
_HOW_MUCH = {"very": "a lot of", "really": "a lot of", "so": "so much", "too": "too much", "a bit": "a bit of",
             "quite": "a lot of"}


def _feeling(words: str, subjects: str = "i|you|we|they|he|she") -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """A rewrite of "I'm (very) cold" as "I have (a lot of) cold", for the feelings ``words`` of the
    ``subjects`` (patterns)."""
    def said(m: re.Match[str]) -> str:
        subject, be, negated, much, feeling = m.groups()
        be, much = be.lower(), (much or "").strip().lower()
        past, negated = be.startswith("w"), bool(negated) or be.endswith("n't")
        third = subject.lower() in ("he", "she")
        have = ("didn't have" if negated else "had") if past else (
            ("doesn't have" if third else "don't have") if negated else ("has" if third else "have"))
        amount = ("much " if negated and much in ("very", "really", "so", "too") else _HOW_MUCH[much] + " ") if much else ""
        return f"{subject} {have} {amount}{_FEELING[feeling.lower()]}"
    return (re.compile(r"\b(" + subjects + r")(?: |')(am|m|are|re|is|s|was|were|isn't|aren't|wasn't|weren't)( not)?"
                       r"( (?:very|really|so|too|a bit|quite))? (" + words + r")(?=\s?[.!?;:,]|$| (?:and|but|now|today|"
                       r"tonight|again|too|already)\b)", re.IGNORECASE), said)


#: feelings of people; "cold" and "hot" not of "they" (things are cold too)
_FEELINGS = (_feeling("hungry|thirsty|sleepy"), _feeling("cold|hot", "i|you|we|he|she"))


#: "wake up", "grow up", "hurry up" without their "up", which the pairs say apart ("Desperté arriba", ca "Li vaig
#: despertar dalt", "Crecí arriba en Madrid", gl "Medrei enriba de en Madrid", "Darse prisa arriba")
_UP_DROPPED = (re.compile(r"\b(wake|wakes|woke|waking|woken|grow|grows|grew|growing|grown|hurry|hurries|hurried|"
                          r"hurrying|fill|fills|filled|filling)"
                          r"( (?:me|you|him|her|us|them|"
                          r"it|everyone))? up\b", re.IGNORECASE), r"\1\2")


#: going to bed, going to sleep: eng-cat and en-gl read "bed" as the verb "to embed" ("Vés per encastar", "Fun para
#: encaixar")
_TO_SLEEP = (re.compile(r"\b(go|goes|going|gone|went) to bed\b", re.IGNORECASE), r"\1 to sleep")


#: "a short" thing is brief to es and ca ("mensaje a escaso", eng-spa's "a short" adjective; "un missatge baix")
_BRIEF = (re.compile(r"\ba short (?!(?:time|while|walk|distance|way|drive|trip|break)\b)(?=[a-z]+\b(?!-))",
                     re.IGNORECASE), "a brief ")


#: English rewritten for one target (after :data:`REWRITES`): how a person feels, "wake up", "grow up", "hurry up",
#: eng-cat's "lower" after "then" (read as the comparative: "llavors més baix la calor"), its "calm down"
#: ("Calma baix"), "television", "early tomorrow" and "had to".
#: "stir" mixed (eng-spa and en-gl "Barájalo", to shuffle; eng-cat's "remenar" stays)
_STIR = (re.compile(r"\bstir(s|red|ring)?\b", re.IGNORECASE),
         lambda m: "mix" + {"s": "es", "red": "ed", "ring": "ing"}.get((m.group(1) or "").lower(), ""))
TARGET_REWRITES: dict[str, tuple[tuple[re.Pattern[str], Union[str, Callable[[re.Match[str]], str]]], ...]] = {
    "es": (_UP_DROPPED, *_FEELINGS, _BRIEF, _STIR),
    "ca": ((re.compile(r"\blower(s|ed|ing)? (?=(?:the|your|my) (?:" + _LEVEL + r")\b)", re.IGNORECASE), r"reduce\1 "),
           _UP_DROPPED, *_FEELINGS, (re.compile(r"\b(calm(?:s|ed|ing)?) down\b", re.IGNORECASE), r"\1"), _TO_SLEEP,
           (re.compile(r"\btelevision\b", re.IGNORECASE), "TV"),  # read as the adjective: "veure televisiu"
           (re.compile(r"\bearly (tomorrow|today|tonight)\b", re.IGNORECASE), r"\1 early"),  # "primerenc demà"
           (re.compile(r"\bhad to\b", re.IGNORECASE), "needed to"),  # said in the present: "Haig de marxar"
           _BRIEF),
    "gl": (_UP_DROPPED, _feeling("hungry|sleepy"), _FEELINGS[1], _TO_SLEEP, _STIR),  # en-gl knows no "thirst"
}

#: Fixed expressions: (English pattern, case-insensitive; es, ca, gl).
#: a title before a name, with its article ("Señor Smith me llamó"; en-gl dropped it: "Smith chamoume")
_TITLE_TABLE: tuple[tuple[str, str, str, str], ...] = (
    (r"\b(?-i:Mr)\.?(?= (?-i:[A-Z]))", "el señor", "el senyor", "o señor"),
    (r"\b(?-i:Mrs|Ms)\.?(?= (?-i:[A-Z]))", "la señora", "la senyora", "a señora"),
    (r"\b(?-i:Dr)\.?(?= (?-i:[A-Z]))", "el doctor", "el doctor", "o doutor"),
)
#: the days of the week: English, es, ca, gl (singular)
_DAYS = (("monday", "lunes", "dilluns", "luns"), ("tuesday", "martes", "dimarts", "martes"),
         ("wednesday", "miércoles", "dimecres", "mércores"), ("thursday", "jueves", "dijous", "xoves"),
         ("friday", "viernes", "divendres", "venres"), ("saturday", "sábado", "dissabte", "sábado"),
         ("sunday", "domingo", "diumenge", "domingo"))
#: a part of the day after a day's name: English, es, ca, gl
_PARTS = (("morning", "por la mañana", "al matí", "pola mañá"), ("afternoon", "por la tarde", "a la tarda", "pola tarde"),
          ("evening", "por la tarde", "al vespre", "pola tarde"), ("night", "por la noche", "a la nit", "pola noite"))


#: "for most of the week" ("para la mayoría de la semana"): the span in English, es, ca, gl
_MOST_OF = (("day", "del día", "del dia", "do día"), ("week", "de la semana", "de la setmana", "da semana"),
            ("month", "del mes", "del mes", "do mes"), ("year", "del año", "de l'any", "do ano"),
            ("night", "de la noche", "de la nit", "da noite"), ("morning", "de la mañana", "del matí", "da mañá"),
            ("afternoon", "de la tarde", "de la tarda", "da tarde"), ("time", "del tiempo", "del temps", "do tempo"),
            ("summer", "del verano", "de l'estiu", "do verán"), ("winter", "del invierno", "de l'hivern", "do inverno"),
            ("trip", "del viaje", "del viatge", "da viaxe"), ("game", "del partido", "del partit", "do partido"))
#: the months ("by March": "llenan arriba por marzo")
_MONTHS = (("january", "enero", "gener", "xaneiro"), ("february", "febrero", "febrer", "febreiro"),
           ("march", "marzo", "març", "marzo"), ("april", "abril", "abril", "abril"), ("may", "mayo", "maig", "maio"),
           ("june", "junio", "juny", "xuño"), ("july", "julio", "juliol", "xullo"),
           ("august", "agosto", "agost", "agosto"),
           ("september", "septiembre", "setembre", "setembro"), ("october", "octubre", "octubre", "outubro"),
           ("november", "noviembre", "novembre", "novembro"), ("december", "diciembre", "desembre", "decembro"))
#: "on Tuesday morning" ("encima mañana de martes", ca "en matí de dimarts")
_DAY_TABLE: tuple[tuple[str, str, str, str], ...] = (
    # before the parts of the day ("Vete por la mañana")
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you in the morning\b", "hasta mañana", "fins demà", "ata mañá"),
    # before the days' own entries, which it sees ("Vete el sábado")
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you(?= (?:on|this|at|tonight|then|in the (?:spring|summer|autumn|fall|winter|"
     r"new year|morning|afternoon|evening))\b| next (?!time|one|video|episode)\w)",
     "nos vemos", "ens veiem", "vémonos"),
) + tuple(
    (rf"\b(?:on )?{en} {part}\b", f"el {es} {pes}", f"el {ca} {pca}", f"o {gl} {pgl}")
    for en, es, ca, gl in _DAYS for part, pes, pca, pgl in _PARTS) + tuple(
    # before the months' own marks ("by March": "llenan arriba por marzo")
    (rf"\bby (?-i:{en.capitalize()})\b", f"antes de {es}", f"abans de {ca}", f"antes de {gl}")
    for en, es, ca, gl in _MONTHS)
#: the weather said with "hacer" ("It's cold outside" was "Pasa frío exterior", ca "És exterior fred"): English,
#: then es, ca, gl with its "very" ("mucho", "molt de", gl "moito"/"moita" by the noun's gender)
#: (a hot or warm "it" is the weather only before a place or a time: food is hot too)
_WEATHER = (("cold", "frío", "fred", "frío", "moito"),
            ("(?:hot|warm)(?= (?:outside|today|here|in here|out there|tonight|again|this (?:morning|afternoon|week|summer|year)))",
             "calor", "calor", "calor", "moita"),
            ("sunny", "sol", "sol", "sol", "moito"), ("windy", "viento", "vent", "vento", "moito"))
_WEATHER_TABLE: tuple[tuple[str, str, str, str], ...] = tuple(
    (r"(?:" + _TOLD + r"|(?<=\bwhen )|(?<=\bbecause )|(?<=\bif ))" + be + very + rf"(?:{en})\b(?! to\b| and (?:it's|it is)\b)",
     f"{es_be} {es_very}{es}", f"{ca_be} {ca_very}{ca}", f"{gl_be} {gl_very}{gl}")
    for en, es, ca, gl, gl_much in _WEATHER
    for be, es_be, ca_be, gl_be in ((r"(?:it's|it is) ", "hace", "fa", "fai"), (r"it was ", "hacía", "feia", "facía"))
    for very, es_very, ca_very, gl_very in ((r"(?:very|really|so|too) ", "mucho ", "molt de ", gl_much + " "),
                                            ("", "", "", ""))
) + tuple(
    # a part of the day ("He came in the afternoon" was "Entró la tarde", "in the evening" "en la tarde")
    (rf"(?<!\bearly )\bin the {part}\b(?! of\b)", pes, pca, pgl) for part, pes, pca, pgl in _PARTS[:3]  # ca "de bon matí"
) + (
    # a place or a time after a mark, said apart ("It's cold outside")
    (r"(?<=zz )outside\b", "fuera", "fora", "fóra"),
)
#: after a form of "go" ("go for a walk")
_GOING = r"(?:(?<=\bgo )|(?<=\bgoes )|(?<=\bwent )|(?<=\bgoing ))"
#: "for" a meal after coming or staying ("venir para cena" → "venir a cenar")
_COME_FOR = (r"(?:(?<=\bcome )|(?<=\bcomes )|(?<=\bcoming )|(?<=\bcame )|(?<=\bstay )|(?<=\bstayed )|(?<=\bover ))"
             r"(?:for|to) ")
#: how one travels, "by car" ("Paso de largo automovilístico", ca "per automobilístic", gl "por tren"): English,
#: es, ca, gl
_TRANSPORT = (("car", "coche", "cotxe", "coche"), ("bus", "autobús", "autobús", "autobús"),
              ("train", "tren", "tren", "tren"), ("plane", "avión", "avió", "avión"), ("air", "avión", "avió", "avión"),
              ("bike|bicycle", "bici", "bici", "bicicleta"), ("taxi", "taxi", "taxi", "taxi"),
              ("boat|ship|ferry", "barco", "vaixell", "barco"),
              ("underground|subway|metro|tube", "metro", "metro", "metro"),
              ("motorbike|motorcycle", "moto", "moto", "moto"))
#: wishes at parting, "Have a nice day" ("¡Ten un día bueno!", "Tingues un dia bo!"): the noun in English, es, ca,
#: gl with the adjective before it
_WISHED = (("day", "un buen día", "un bon dia", "un bo día"),
           ("weekend", "un buen fin de semana", "un bon cap de setmana", "unha boa fin de semana"),
           ("week", "una buena semana", "una bona setmana", "unha boa semana"),
           ("trip|journey", "un buen viaje", "un bon viatge", "unha boa viaxe"),
           ("flight", "un buen vuelo", "un bon vol", "un bo voo"),
           ("holiday|holidays|vacation", "unas buenas vacaciones", "unes bones vacances", "unhas boas vacacións"),
           ("evening|night", "una buena noche", "una bona nit", "unha boa noite"),
           ("afternoon", "una buena tarde", "una bona tarda", "unha boa tarde"),
           ("morning", "una buena mañana", "un bon matí", "unha boa mañá"),
           ("time", "pasarlo bien", "passar-ho bé", "pasalo ben"))
_NICE = r"(?:a )?(?:nice|good|great|lovely|wonderful|safe|fantastic|fun) "
_TO_ALL = r",? (?:everyone|everybody|all|guys|you all|folks)"
#: who is "in charge of" a thing, as each target says it taking charge ("¿Quién es en cargo de…?"): English, es, ca,
#: gl (a noun before "is" stays: "Laura se encarga de")
_IN_CHARGE = ((r"\b(?:i'm|i am)", "me encargo", "m'encarrego", "encárgome"),
              (r"\b(?:you're|you are)", "te encargas", "t'encarregues", "encárgaste"),
              (r"\b(?:we're|we are)", "nos encargamos", "ens encarreguem", "encargámonos"),
              (r"\b(?:they're|they are)", "se encargan", "s'encarreguen", "encárganse"),
              (r"\bwho(?:'s| is)", "quién se encarga", "qui s'encarrega", "quen se encarga"),
              (r"(?:'s| is)", " se encarga", " s'encarrega", " encárgase"))
#: a meeting's and an office's talk: travel, parting wishes, greetings, a person in charge, "the opportunity"
_OFFICE_TABLE: tuple[tuple[str, str, str, str], ...] = tuple(
    (rf"\bby (?:{en})\b(?! (?:the|a|an|my|your|his|her|our|their|this|that)\b)", f"en {es}", f"en {ca}", f"en {gl}")
    for en, es, ca, gl in _TRANSPORT
) + ((r"\bon foot\b", "a pie", "a peu", "a pé"),) + tuple(
    (_TOLD + rf"have {_NICE}(?:{en}){all_}" + _ENDS, f"{es_wish} {es}" + (" a todos" if all_ else ""),
     f"{ca_wish} {ca}" + (" a tots" if all_ else ""), f"{gl_wish} {gl}" + (" a todos" if all_ else ""))
    for en, es, ca, gl in _WISHED
    for all_, es_wish, ca_wish, gl_wish in ((_TO_ALL, "que tengáis", "que tingueu", "que teñades"),
                                            ("", "que tengas", "que tinguis", "que teñas"))
    if en != "time"
) + (
    (_TOLD + r"have " + _NICE + "time" + _TO_ALL + _ENDS, "pasadlo bien", "passeu-ho bé", "pasádeo ben"),
    (_TOLD + r"have " + _NICE + "time" + _ENDS, "pásalo bien", "passa-ho bé", "pásao ben"),
    (_TOLD + r"enjoy your (?:meal|food|lunch|dinner|breakfast)" + _ENDS, "que aproveche", "bon profit", "bo proveito"),
    (_OPENS + r"(?:good )?morning" + _TO_ALL + r"\b", "buenos días a todos", "bon dia a tothom", "bos días a todos"),
    (_OPENS + r"(?:good )?(?:afternoon|evening)" + _TO_ALL + r"\b", "buenas tardes a todos", "bona tarda a tothom",
     "boas tardes a todos"),
    (_OPENS + r"(?:good )?morning(?=,|\s?[.!?;:]|$)", "buenos días", "bon dia", "bos días"),
    (_OPENS + r"(?:good )?afternoon(?=,|\s?[.!?;:]|$)", "buenas tardes", "bona tarda", "boas tardes"),
    *((rf"{who} in charge of it\b", f"{es} de ello", f"{ca} d'això", f"{gl} diso") for who, es, ca, gl in _IN_CHARGE),
    *((rf"{who} in charge of\b", f"{es} de", f"{ca} de", f"{gl} de") for who, es, ca, gl in _IN_CHARGE),
    (r"\bmost of it\b", "la mayor parte", "la major part", "a maior parte"),
    # the news: "las noticias", "Los centenares de personas", "el capital", "no va lejos bastante", "un fingernail",
    # "un puppy"
    (r"\bin other news\b", "en otras noticias", "en altres notícies", "noutras noticias"),
    (r"\bthe news\b", "las noticias", "les notícies", "as noticias"),
    (r"\bjust(?= (?:a|an|one|two|three|a few|a little|a bit)\b)", "solo", "només", "só"),
    (_OPENS + r"still(?=,)", "aun así", "tot i així", "aínda así"),
    (_OPENS + r"and so(?=,)", "y así", "i així", "e así"),
    (r"\bsomewhere else\b", "en otro sitio", "en un altre lloc", "noutro sitio"),
    (r"\bhow was(?= (?:the|your|his|her|their|our|my) (?:trip|flight|journey|party|day|weekend|holiday|holidays|"
     r"vacation|meeting|film|movie|concert|game|match|interview|exam|test|dinner|lunch|date|wedding|show|class|"
     r"lesson|visit|drive|ride|stay|night)\b)", "cómo fue", "com va anar", "como foi"),
    (r"\bthe capital\b(?! of\b)", "la capital", "la capital", "a capital"),
    (r"\bfar enough\b", "lo bastante lejos", "prou lluny", "o bastante lonxe"),
    (r"(?<=s )sold out\b", "se agotaron", "es van esgotar", "esgotáronse"),
    (r"\b(?:was |is )?sold out\b", "se agotó", "es va esgotar", "esgotouse"),
    (r"\bwithin(?= (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|\d+) (?:seconds?|minutes?|hours?|"
     r"days?|weeks?|months?|years?)\b)", "en menos de", "en menys de", "en menos de"),
    (r"\ba fingernail\b", "una uña", "una ungla", "unha unlla"),
    (r"\bfingernails\b", "uñas", "ungles", "unllas"),
    (r"\ba puppy\b", "un cachorro", "un cadell", "un cachorro"),
    (r"\bthe puppy\b", "el cachorro", "el cadell", "o cachorro"),
    (r"\bpuppies\b", "cachorros", "cadells", "cachorros"),
    (r"(?:" + _TOLD + r"|(?<=\bplease ))keep in mind\b", "ten en cuenta", "tingues en compte", "ten en conta"),
    (r"\bto keep in mind\b", "tener en cuenta", "tenir en compte", "ter en conta"),
    (r"\b(?:he|she)(?:'s| is| has been) off sick\b", "está de baja", "està de baixa", "está de baixa"),
    (r"(?:'s| is| has been) off sick\b", " está de baja", " està de baixa", " está de baixa"),
    # a deadline: "by Thursday" ("por jueves"), "by the end of the month" ("por el fin del mes")
    (r"\bby the end of the week\b", "para finales de semana", "a finals de setmana", "para finais de semana"),
    (r"\bby the end of the month\b", "para finales de mes", "a finals de mes", "para finais de mes"),
    (r"\bby the end of the year\b", "para finales de año", "a finals d'any", "para finais de ano"),
    (r"\bby the end of the day\b", "antes de que acabe el día", "abans que acabi el dia", "antes de que remate o día"),
    (r"\bby tomorrow\b", "para mañana", "per a demà", "para mañá"),
) + tuple(
    (rf"\bfor most of the {en}\b", f"durante la mayor parte {es}", f"durant la major part {ca}",
     f"durante a maior parte {gl}") for en, es, ca, gl in _MOST_OF
) + (
    (r"\bby then\b", "para entonces", "per aleshores", "para entón"),
) + tuple(
    (rf"\b(?:{en_prep}) (?:next )?{en}\b", f"{es_prep} {es}", f"{ca_prep} {ca}", f"{gl_prep} {gl}")
    for en, es, ca, gl in _DAYS
    for en_prep, es_prep, ca_prep, gl_prep in (("by", "para el", "abans de", "para o"),
                                               ("before", "antes del", "abans de", "antes do"),
                                               ("since", "desde el", "des de", "desde o"),
                                               ("until|till", "hasta el", "fins a", "ata o"),
                                               ("on an?", "un", "un", "un"))
)
_TABLE: tuple[tuple[str, str, str, str], ...] = _TITLE_TABLE + _DAY_TABLE + _WEATHER_TABLE + (
    (r"\b(?:i'm|i am) (?:so|very|really) sorry" + _ENDS, "lo siento mucho", "ho sento molt", "síntoo moito"),
    (r"\b(?:i'm|i am) sorry" + _ENDS, "lo siento", "ho sento", "síntoo"),
    (_OPENS + r"sorry" + _ENDS, "perdón", "perdó", "perdón"),
    (r"\bexcuse me\b", "perdone", "perdoni", "desculpe"),
    (r"\b(?:i'm|i am) not (?:really |quite )?sure\b", "no estoy seguro", "no estic segur",
     "non estou seguro"),  # gl "Non son seguro"
    (r"\bhow old are you\b", "cuántos años tienes", "quants anys tens", "cantos anos tes"),  # "¿Qué viejo eres?"
    (r"\bhow old is (he|she)\b", "cuántos años tiene", "quants anys té", "cantos anos ten"),
    (r"\bwhat do you (?:do|make) for a living\b", "a qué te dedicas", "a què et dediques", "a que te dedicas"),
    (r"\bare you free\b", "estás libre", "estàs lliure", "estás libre"),  # "¿Eres libre mañana?"
    (r"\bis this seat taken\b", "está ocupado este asiento", "està ocupat aquest seient", "está ocupado este asento"),
    (r"\b(?:could|can) (?:i|we) (?:have|get) the bill,? please\b", "nos trae la cuenta, por favor",
     "ens porta el compte, si us plau", "tráenos a conta, por favor"),  # "¿Podría tener la factura…?"
    (r"\bthe bill,? please\b", "la cuenta, por favor", "el compte, si us plau", "a conta, por favor"),
    (_OPENS + r"keep the change\b", "quédate con el cambio", "queda't el canvi", "quédate co cambio"),
    (r"\bit's on me\b", "invito yo", "convido jo", "invito eu"),  # "Está encima de mí"
    (r"\b(?:i'm|i am) starving\b", "me muero de hambre", "em moro de gana", "morro de fame"),  # "Soy starving"
    (r"\bit's (?:pouring|pouring (?:down|with rain))\b", "está diluviando", "plou a bots i barrals",
     "chove a cántaros"),
    (r"\bi'll let you know\b", "ya te diré", "ja et diré", "xa che direi"),  # gl "Let."
    (_OPENS + r"get well soon\b", "que te mejores", "que et milloris", "que te mellores"),  # "Coge bien pronto"
    (_OPENS + r"happy birthday\b", "feliz cumpleaños", "per molts anys", "feliz aniversario"),  # "Cumpleaños feliz"
    (_OPENS + r"cheers" + _ENDS, "salud", "salut", "saúde"),  # "¡Aclama!"
    (_OPENS + r"you're (?:very |most )?welcome" + _ENDS, "de nada", "de res", "de nada"),  # "Eres bienvenido"
    (r"\bhow long does it take\b", "cuánto se tarda", "quant es triga", "canto se tarda"),  # ca "Quant temps el duu?"
    (r"\bhow much does it cost\b", "cuánto cuesta", "quant costa", "canto custa"),  # ca "Quant el costa?"
    (_OPENS + r"(?:i'm )?coming" + _ENDS, "ya voy", "ja vinc", "xa vou"),  # "¡Estoy viniendo!"
    (r"\bwhat have you been up to\b", "qué has estado haciendo", "què has estat fent", "que estiveches facendo"),
    (r"\b(?:it isn't|it's not|it is not) worth (?:the money|it)\b", "no vale la pena",
     "no val la pena", "non vale a pena"),
    (r"\bi overslept\b", "me quedé dormido", "em vaig adormir", "quedei durmido"),  # "I overslept"
    (r"\bi fell asleep\b", "me quedé dormido", "em vaig adormir", "quedei durmido"),  # "Caí dormido"
    (r"\bwe fell asleep\b", "nos quedamos dormidos", "ens vam adormir", "quedamos durmidos"),
    (r"\b(?:he|she) fell asleep\b", "se quedó dormido", "es va adormir", "quedou durmido"),
    (_OPENS + r"never mind" + _ENDS, "no importa", "no hi fa res", "non importa"),  # "Nunca mente"
    (_OPENS + r"(?:and )?good luck\b", "buena suerte", "bona sort", "boa sorte"),  # "Suerte buena"
    (_OPENS + r"no worries" + _ENDS, "no pasa nada", "no passa res", "non pasa nada"),  # "Ninguna preocupación"
    (_OPENS + r"fair enough" + _ENDS, "me parece bien", "em sembla bé", "paréceme ben"),  # "Bastante justo"
    (r"\bwe had (?:a )?(?:great|good|lovely|wonderful|fantastic) time\b", "lo pasamos genial",
     "ens ho vam passar molt bé", "pasámolo xenial"),  # "Tuvimos un tiempo fantástico"
    (r"\bi had (?:a )?(?:great|good|lovely|wonderful|fantastic) time\b", "lo pasé genial", "m'ho vaig passar molt bé",
     "paseino xenial"),
    # "Siento para oírlo"
    (r"\b(?:i'm|i am) (?:so |very |really )?sorry to hear (?:that|it|this)\b", "lamento oír eso",
     "em sap greu saber-ho", "lamento oír iso"),
    # a price asked ("¿Cuánto es esta chaqueta?", "How much does it cost?" "¿Cuánta esta chaqueta cuesta?")
    (r"\bhow much is(?: it(?=\s?[?.!,]|$)|(?= (?:this|that|the|a|an|your|my|one)\b))", "cuánto cuesta", "quant costa",
     "canto custa"),
    (r"\bhow much are(?: they(?=\s?[?.!,]|$)|(?= (?:these|those|the|your|my)\b))", "cuánto cuestan", "quant costen",
     "canto custan"),
    (r"\bby (?:credit |debit |bank )?card\b", "con tarjeta", "amb targeta", "con tarxeta"),  # "pagar por carta"
    # "inside"/"outside" ending a clause, where one is ("están prohibidas interior", "quedarnos exterior")
    (_AFTER_A_VERB + r"inside(?=\s?[.,!?;:]|$)", "dentro", "dins", "dentro"),
    (_AFTER_A_VERB + r"outside(?=\s?[.,!?;:]|$)", "fuera", "fora", "fóra"),
    # "I'm afraid (that)…" of bad news, not fear ("Soy temeroso el…"); "of"/"to" after it are fear
    (r"\b(?:i'm|i am) afraid(?: that)?(?= (?!(?:of|to|for)\b)[a-z])", "me temo que", "em temo que", "temo que"),
    # "on your left/right": "Es en tu correcto"
    (r"\bon your left\b", "a tu izquierda", "a la teva esquerra", "á túa esquerda"),
    (r"\bon your right\b", "a tu derecha", "a la teva dreta", "á túa dereita"),
    (r"\bat any time\b", "en cualquier momento", "en qualsevol moment", "en calquera momento"),
    (r"\bat the top of\b", "en lo alto de", "a dalt de", "no alto de"),  # "en la copa de la torre"
    (r"\bat the (?:bottom|back) of\b", "al fondo de", "al fons de", "no fondo de"),  # "en el atrás de la tienda"
    (r"\bat the back(?=\s?[.,!?;:]|$)", "al fondo", "al fons", "no fondo"),
    # gl "en noite"; ending its clause only (a mark between a subject and its verb hides the verb: "Fotos pola noite
    # parecer")
    (r"\bat night(?=\s?[.,!?;:]|$)", "por la noche", "a la nit", "pola noite"),
    # the months that are words too, inside a sentence and not after a name ("Theresa May"):
    # "in May" was ca "dins Poder", "in March" es "en Marcha", ca "Dins Desfila"
    (r"(?<=(?-i:[a-z,]) )(?-i:May)\b", "mayo", "maig", "maio"),
    (r"(?<=(?-i:[a-z,]) )(?-i:March)\b", "marzo", "març", "marzo"),
    (r"(?<=(?-i:[a-z,]) )(?-i:August)\b", "agosto", "agost", "agosto"),  # es "en August"
    # "we met" with no one after it is each other ("Conocimos en 2010", "Cumplieron en 2010")
    (r"\bwe met" + _MET_ALONE, "nos conocimos", "ens vam conèixer", "coñecémonos"),
    (r"\bthey met" + _MET_ALONE, "se conocieron", "es van conèixer", "coñecéronse"),
    # a video's calls to action ("Pega eso suscribe botón", "Gusta y suscribe", "No olvides suscribir")
    (r"\b(?:hit|smash|click|press|tap) (?:that|the) (?:subscribe|sub) button\b", "dale al botón de suscribirte",
     "prem el botó de subscripció", "preme o botón de subscrición"),
    (r"\b(?:hit|smash|click|press|tap|leave) (?:that|the|a) like button\b", "dale a me gusta", "fes m'agrada",
     "dálle a gústame"),
    (r"\bto like and subscribe\b", "darle a me gusta y suscribirte", "fer m'agrada i subscriure't",
     "darlle a gústame e subscribirte"),
    (r"(?:" + _TOLD + r"|(?<=please ))like and subscribe\b", "dale a me gusta y suscríbete", "fes m'agrada i subscriu-te",
     "dálle a gústame e subscríbete"),
    (r"\bgive (?:it|this video|the video|us) a (?:like|thumbs up) and subscribe\b", "dale a me gusta y suscríbete",
     "fes m'agrada i subscriu-te", "dálle a gústame e subscríbete"),
    (r"\bgive (?:it|this video|the video|us) a (?:like|thumbs up)\b", "dale a me gusta", "fes m'agrada", "dálle a gústame"),
    (r"\bto turn on (?:the |your |post )?notifications\b", "activar las notificaciones", "activar les notificacions",
     "activar as notificacións"),
    (_TOLD + r"turn on (?:the |your |post )?notifications\b", "activa las notificaciones", "activa les notificacions",
     "activa as notificacións"),
    (r"\bdon't forget to subscribe\b", "no olvides suscribirte", "no oblidis subscriure't", "non esquezas subscribirte"),
    (_TOLD + r"subscribe(?= to\b)", "suscríbete", "subscriu-te", "subscríbete"),
    # "times" counted ("Como 3 tiempo un día", ca "3 cronometra")
    (r"(?:" + "|".join(rf"(?<=\b{n} )" for n in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                                   "\\d", "\\d\\d")) + r")times\b",
     "veces", "vegades", "veces"),
    # "each" that ends its clause, of a price or a share ("costó 45 euros cada")
    (r"(?<= )each(?=\s?[.!?;:,]|$)", "cada uno", "cadascun", "cada un"),
    (_OPENS + r"me too" + _ENDS, "yo también", "jo també", "eu tamén"),  # "Me demasiado"
    # a direction travelled ("arriba de del norte", ca "cap amunt de del nord") and "You should." alone (ca "Tu.")
    (r"\bup north\b", "al norte", "al nord", "ao norte"),
    (r"\bdown south\b", "al sur", "al sud", "ao sur"),
    (_OPENS + r"you should" + _ENDS, "deberías", "hauries de fer-ho", "deberías"),
    # whose a thing is, after "be": "Eso es mina" (a mine), ca "Això és mina"
    (r"(?<=\bis |'s |as )mine\b", "mío", "meu", "meu"),
    (r"\b(?:that's|that is|this is) (?:all|it) for today\b", "eso es todo por hoy", "això és tot per avui",
     "iso é todo por hoxe"),  # "para hoy"
    (r"\b(?:that's|that is|this is) (?:all|it) for now\b", "eso es todo por ahora", "això és tot per ara",
     "iso é todo por agora"),
    (r"\bin today's (?:video|episode)\b", "en el vídeo de hoy", "al vídeo d'avui", "no vídeo de hoxe"),
    (r"\bwhat(?:'s| is) inside\b", "qué hay dentro", "què hi ha dins", "que hai dentro"),  # "qué es interior"
    (r"\bwithout further ado\b", "sin más preámbulos", "sense més preàmbuls", "sen máis preámbulos"),
    (r"\b(?:let's|we are going to) get into it\b", "vamos a ello", "som-hi", "imos alá"),  # "Vamos a coger a él"
    (r"\bit(?:'s| has) been a (?:while|long time)\b", "ha pasado un tiempo", "ha passat un temps", "pasou un tempo"),
    (r"\blong time no see\b", "cuánto tiempo", "quant de temps", "canto tempo"),  # "Mucho tiempo cronometra ningún ver"
    (r"\bhow(?:'s| is) it going\b", "qué tal", "què tal", "que tal"),  # "¿Cómo es yendo?"
    (_OPENS + r"by the way\b", "por cierto", "per cert", "por certo"),  # gl "Polo xeito"
    (_OPENS + r"not yet" + _ENDS, "todavía no", "encara no", "aínda non"),  # "No todavía"
    (_OPENS + r"not really" + _ENDS, "no mucho", "no gaire", "non moito"),  # "No realmente"
    (_TOLD + r"be careful\b", "ten cuidado", "vés amb compte", "ten coidado"),  # "Sé prudente", ca "Sigues prudent"
    (r"\b(?:it's|it is) your turn\b", "te toca a ti", "et toca a tu", "tócache a ti"),  # "Es tu turno"
    (r"\b(?:it's|it is) my turn\b", "me toca a mí", "em toca a mi", "tócame a min"),
    (r"\b(?:it's|it is) time for bed\b", "es hora de ir a la cama", "és hora d'anar a dormir",
     "é hora de ir para a cama"),
    (r"\bdon't stay up (?:too |so )?late\b", "no te acuestes muy tarde", "no te'n vagis a dormir massa tard",
     "non te deites moi tarde"),  # "No te quedes arriba demasiado tarde"
    (r"\bon (?:my|your|our|his|her|their|the) way home\b", "de camino a casa", "de camí cap a casa",
     "de camiño á casa"),  # "en tu casa de manera"
    (_OPENS + r"come here\b", "ven aquí", "vine aquí", "ven aquí"),
    (_OPENS + r"as you can see\b", "como puedes ver", "com pots veure", "como podes ver"),  # ca "Com tu pot veure"
    (r"\bif i were you\b", "yo que tú", "jo que tu", "eu que ti"),  # "Si fuiste"
    (r"\bcheck (?:it|them) out\b", "échale un vistazo", "fes-hi una ullada", "bótalle unha ollada"),  # "control él fuera"
    (r"\bdon't give up\b", "no te rindas", "no et rendeixis", "non te rendas"),  # "No des arriba"
    (r"\bdon't be afraid\b", "no tengas miedo", "no tinguis por", "non teñas medo"),  # "No es temeroso"
    # a "no" that ends a clause ("I said no.", "Oh no."): eng-spa and eng-cat read "no." as the number
    # sign ("núm."), whose period no longer ended the sentence
    (r"\bno" + _ENDS, "no", "no", "non"),
    (r"\bsay that again\b", "repetir eso", "repetir això", "repetir iso"),  # "decir que otra vez"
    (r"\b(?:i'll|i will) call you back\b", "te vuelvo a llamar", "et torno a trucar", "volvo chamarte"),
    (r"\b(?:for )?being here\b", "por estar aquí", "per ser aquí", "por estar aquí"),  # "por ser aquí"
    (_OPENS + r"come on" + _ENDS, "vamos", "som-hi", "veña"),
    (r"\b(?:thank you|thanks) (?:so|very) much for watching\b", "muchas gracias por vernos", "moltes gràcies per mirar-nos",
     "moitas grazas por vernos"),
    (r"\b(?:thank you|thanks) for watching\b", "gracias por vernos", "gràcies per mirar-nos", "grazas por vernos"),
    (r"\b(?:thank you|thanks) for listening\b", "gracias por escucharnos", "gràcies per escoltar-nos",
     "grazas por escoitarnos"),
    (r"\b(?:thank you (?:so|very) much|thanks (?:so much|a lot)|many thanks)\b", "muchas gracias", "moltes gràcies",
     "moitas grazas"),
    (r"\b(?:thank you|thanks) for coming\b", "gracias por venir", "gràcies per venir", "grazas por vir"),
    (r"\b(?:thank you|thanks) (?:all|everyone|everybody)\b", "gracias a todos", "gràcies a tots", "grazas a todos"),
    # "thanks" before what it is for, which the pair translates ("da las gracias por la invitación")
    (r"\b(?:thank you|thanks)(?= for\b)", "gracias", "gràcies", "grazas"),
    (r"\byeah\b", "sí", "sí", "si"),
    # hesitations and backchannels as the target makes them (kept as English words: "Um, creo que sí")
    (r"\b(?:um+|uh+|erm?|uhm+)\b(?=\s?[.!?;:,]|$)", "eh", "eh", "eh"),
    (r"\b(?:uh-huh|mm-hmm|mhm)\b", "ajá", "ajà", "ahá"),
    (r"(?<![\w-])h?mm+\b(?=\s?[.!?;:,]|$)", "mmm", "mmm", "mmm"),
    # "like" as a filler between commas ("Era, um, gusta, realmente cansado")
    (r"(?<=, )like(?=, )", "como", "com", "como"),
    (_OPENS + r"hey" + _ENDS, "oye", "ei", "ei"),
    # a greeting to all: "Hola Todo el mundo", gl "Hi Todo o mundo", "Hola Tipos"
    (_OPENS + r"(?:hi|hello|hey),? (?:everyone|everybody|guys|all|you all|folks)\b", "hola a todos", "hola a tothom",
     "ola a todos"),
    (_OPENS + r"hi" + _ENDS, "hola", "hola", "ola"),
    (r"\bwhat(?:'s| is) up\b", "qué tal", "què tal", "que tal"),  # "¿qué es arriba?"
    (_OPENS + r"(?:okay|ok|o\.k\.)" + _ENDS, "vale", "d'acord", "vale"),
    (r"\bhow are you(?: doing)?" + _ENDS, "cómo estás", "com estàs", "como estás"),
    (r"\b(?:i'm|i am) (?:fine|good|okay|ok|well)" + _ENDS, "estoy bien", "estic bé", "estou ben"),
    (r"\b(?:it's|it is|that's|that is) (?:fine|okay|ok|all right)" + _ENDS, "está bien", "està bé", "está ben"),
    (r"\bare you (?:okay|ok|good|all right|alright|fine)(?=\?)", "estás bien", "estàs bé", "estás ben"),
    # worth it ("¿Vale el dinero?", "Vale worth")
    (r"\bis it (?:really )?worth (?:it|the money|the price)\b", "vale la pena", "val la pena", "vale a pena"),
    (r"\b(?:it's|it is|that's|that is) (?:really |totally |definitely |so )?worth (?:it|the money|the price)\b",
     "vale la pena", "val la pena", "vale a pena"),
    (r"\b(?:you're|you are) (?:absolutely |so )?right" + _ENDS, "tienes razón", "tens raó", "tes razón"),
    (r"\bwhat do you mean\b", "qué quieres decir", "què vols dir", "que queres dicir"),
    (_OPENS + r"i mean(?=,)", "o sea", "vull dir", "quero dicir"),
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you tomorrow\b", "hasta mañana", "fins demà", "ata mañá"),
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you later\b", "hasta luego", "fins després", "ata logo"),
    # "medio una hora", ca "per a meitat una hora"
    (r"\bonly for half an hour\b", "solo media hora", "només mitja hora", "só media hora"),
    (r"\bfor half an hour\b", "durante media hora", "durant mitja hora", "durante media hora"),
    (r"\bhalf an hour\b", "media hora", "mitja hora", "media hora"),
    # what is left ("Hay abundancia marchó", "No hay nada marchó")
    (r"\bthere(?:'s| is) (?:plenty|a lot|lots) left\b", "queda mucho", "en queda molt", "queda moito"),
    (r"\bthere(?:'s| is) nothing left\b", "no queda nada", "no en queda res", "non queda nada"),
    (r"\bthere(?:'s| is) not much left\b|\bthere isn't much left\b", "no queda mucho", "no en queda gaire",
     "non queda moito"),
    (r"\bupstairs\b", "arriba", "a dalt", "arriba"),  # kept in English
    (r"\bdownstairs\b", "abajo", "a baix", "abaixo"),
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you soon\b", "hasta pronto", "fins aviat", "ata pronto"),
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you (?:all |guys )?in the next (?:one|video|episode)\b", "nos vemos en el próximo", "ens veiem al pròxim",
     "vémonos no próximo"),
    (_OPENS + r"see you" + _ENDS, "nos vemos", "ens veiem", "vémonos"),
    (r"\bgood night\b", "buenas noches", "bona nit", "boas noites"),
    (r"\bgood (?:afternoon|evening)\b", "buenas tardes", "bona tarda", "boas tardes"),
    (_OPENS + r"(?:that's|that is) great" + _ENDS, "es genial", "és genial", "é xenial"),
    (_OPENS + r"great" + _ENDS, "genial", "genial", "xenial"),
    (_OPENS + r"(?:bye|bye-bye|bye bye)" + _ENDS, "adiós", "adéu", "adeus"),
    (r"\bi think so\b", "creo que sí", "crec que sí", "creo que si"),
    (r"\bi (?:don't|do not) think so\b", "creo que no", "crec que no", "creo que non"),
    (r"\bi hope so\b", "eso espero", "així ho espero", "iso espero"),
    (_OPENS + r"let's go" + _ENDS, "vamos", "som-hi", "imos"),
    (_OPENS + r"let's " + _MEETING_UP, "quedemos", "quedem", "quedemos"),  # "Vamos a cumplir a las ocho"
    (_OPENS + r"let(?:'s| me) see" + _ENDS, "a ver", "a veure", "a ver"),
    (_OPENS + r"right(?=,)", "bueno", "bé", "ben"),
    # "So, today…" → "Tan, hoy…" ("so much", "so far", "so that" are left)
    (_OPENS + r"so(?=,? (?!much\b|many\b|far\b|long\b|that\b|to\b|what\?|do\b|did\b|does\b|am\b|is\b|are\b|"
     r"was\b|were\b|can\b|will\b|would\b|good\b|bad\b|sorry\b|glad\b|happy\b))", "así que", "així que", "así que"),
    # a question's tag ("It's nice, isn't it?" → "Es bueno, no es lo?")
    (r"(?<=, )(?:right|isn't that|(?:is|are|was|were|do|does|did|have|has|had|can|could|wo|would|should|ca)n't "
     r"(?:i|you|he|she|it|we|they|there))(?=\?)",
     "¿verdad", "oi", "verdade"),
    (r"\blet me know\b", "dime", "digues-me", "dime"),
    (r"\blet us know\b", "dinos", "digues-nos", "dinos"),  # gl "Let nos nos comentarios"
    (r"\b(?:is everything|everything) (?:okay|ok|all right|fine)(?=\?)", "todo bien", "tot bé", "todo ben"),
    (r"\beverything is (?:okay|ok|all right|fine)\b", "todo está bien", "tot està bé", "todo está ben"),
    # "I totally agree with you" → "Totalmente prpersestoy encima"
    (r"\bi (?:totally|completely|fully) agree(?: with you)?\b", "estoy totalmente de acuerdo", "estic totalment d'acord",
     "estou totalmente de acordo"),
    (r"\bi agree(?: with you)?\b", "estoy de acuerdo", "estic d'acord", "estou de acordo"),
    (_OPENS + r"no way" + _ENDS, "ni hablar", "ni parlar-ne", "nin falar"),
    (r"\b(?:it's |it is )?nice to meet you\b", "encantado de conocerte", "encantat de conèixer-te",
     "encantado de coñecerte"),
    (r"\b(?:(?:it's|it is) )?(?:so |really )?(?:nice|good|great) to see you again\b", "me alegro de volver a verte",
     "m'alegro de tornar-te a veure", "alégrome de volver verte"),  # "Niza para verte"
    (r"\b(?:(?:it's|it is|it was) )?(?:so |really )?(?:nice|good|great) to see you\b", "me alegro de verte",
     "m'alegro de veure't", "alégrome de verte"),
    (r"\b(?:i|we) told you so\b", "te lo dije", "t'ho vaig dir", "xa cho dixen"),  # "Te dije tan"
    (r"\b(?:for|free of) (?:free|charge)\b", "gratis", "gratis", "de balde"),  # "para libre"
    (r"\bi'll take it(?=\s?[.!,]|$)", "me lo llevo", "m'ho quedo", "lévoo"),  # buying: "Lo tomaré", ca "El duré"
    (r"\bi'll take them(?=\s?[.!,]|$)", "me los llevo", "me'ls quedo", "lévoos"),
    (_TOLD + r"hurry(?: up)?(?=\s?[.!,]|$)", "date prisa", "afanya't", "apura"),  # "¡Prisa!"
    (_OPENS + r"(?:i'm )?sorry(?:,)? i'm late\b", "perdón por llegar tarde", "perdona el retard", "perdón polo atraso"),
    (r"(?:please hold|hold,? please)(?=\s?[.!]|$)", "no cuelgues, por favor", "no pengis, si us plau",
     "non colgues, por favor"),  # on the telephone: "Aguanta", ca "Arrapa"
    # "Lo significo", ca "Jo roí el"
    (r"\bi (?:really )?mean it\b", "lo digo en serio", "ho dic de debò", "dígoo en serio"),
    # "Era realmente bueno hablando a ti"
    (r"\b(?:it was|it's|it is|it has been|it's been) (?:really |so |very )?(?:nice|good|great|a pleasure) (?:talking|to talk|"
     r"speaking|to speak) (?:to|with) you\b", "ha sido un placer hablar contigo", "ha estat un plaer parlar amb tu",
     "foi un pracer falar contigo"),
    (r"\bwelcome back\b", "bienvenidos de nuevo", "benvinguts de nou", "benvidos de novo"),
    (_OPENS + r"welcome home\b", "bienvenido a casa", "benvingut a casa", "benvido a casa"),  # "Da la bienvenida a casa"
    (_TOLD + r"welcome(?= to\b)", "bienvenidos", "benvinguts", "benvidos"),  # "Da la bienvenida a a mi canal"
    (_TOLD + r"(?:don't|do not) worry\b", "no te preocupes", "no et preocupis", "non te preocupes"),
    (_TOLD + r"take care\b", "cuídate", "cuida't", "cóidate"),
    (_TOLD + r"click(?: on)?(?= (?:the|that|this|my|our|a|it)\b)", "haz clic en", "clica", "preme"),
    (r"\b(?:(?:i|we)(?:'ll| will) )?see you next time\b", "hasta la próxima", "fins la propera", "ata a próxima"),
    # a neighbour's everyday talk: "No te he visto en edades", "¿Cómo has sido?", "Bé bonic", "Di hola a tu
    # familia", "Vete el sábado", "Tuvieron tanto divertidos último tiempo", "Es un poco estresando"
    (r"\bin (?:ages|years|forever)(?=\s?[.!?;:,]|$)", "en siglos", "en segles", "en séculos"),
    (r"(?:^|(?<=[.!?] ))so(?=, [^.!?]*\?)", "entonces", "doncs", "entón"),  # opening a question: "Tan, ¿te gustó?"
    (r"\bhow have you been\b", "cómo has estado", "com has estat", "como estiveches"),
    (_OPENS + r"pretty good" + _ENDS, "bastante bien", "bastant bé", "bastante ben"),
    (_OPENS + r"(?:oh,? )?(?:very |how )?nice" + _ENDS, "qué bien", "que bé", "que ben"),
    (_OPENS + r"say hello to\b", "saluda a", "saluda", "saúda"),
    (r"\b(?:the )?last time(?=\s?[.!?;:,]|$)", "la última vez", "l'última vegada", "a última vez"),
    (r"\bfor the first time\b", "por primera vez", "per primera vegada", "por primeira vez"),
    (r"\bthe first time\b", "la primera vez", "la primera vegada", "a primeira vez"),  # "el primer tiempo que vi"
    (r"\bstressful\b", "estresante", "estressant", "estresante"),
    (r"\b(?<!the )next month\b", "el mes que viene", "el mes que ve", "o mes que vén"),
    (_COME_FOR + r"(?:dinner|supper)\b", "a cenar", "a sopar", "a cear"),
    (_COME_FOR + r"lunch\b", "a comer", "a dinar", "a xantar"),
    (_OPENS + r"keep going" + _ENDS, "sigue adelante", "continua", "segue adiante"),  # "Mantiene ir."
    # directions told: "mantener yendo directamente", "anar recte damunt"
    (_TOLD + r"(?:keep going|go) straight(?: on| ahead)?\b", "sigue todo recto", "continua tot recte",
     "segue todo recto"),
    # "Antes de que empezamos", ca "Davant arrenquem"
    (r"\bbefore (?:we|i) (?:start|begin|get started)\b", "antes de empezar", "abans de començar", "antes de comezar"),
    (r"\bi (?:don't|do not) mind" + _ENDS, "me da igual", "m'és igual", "dáme igual"),
    (r"\bi(?:'ve| have)? changed my mind\b", "he cambiado de opinión", "he canviat d'opinió", "cambiei de opinión"),
    (r"\b(?:it's|it is|that's|that is) (?:a lot of|so much) fun\b", "es muy divertido", "és molt divertit",
     "é moi divertido"),
    (r"\bso far" + _ENDS, "hasta ahora", "fins ara", "ata agora"),
    # a story's narration: "escribieron a cada cual otro", "Tan su tía había escrito", "Interior, el aire…"
    (r"\b(?:to )?each other\b", "el uno al otro", "l'un a l'altre", "o un ao outro"),
    (r"\bat last\b", "por fin", "per fi", "por fin"),
    (r"\b(?:it's|it is) getting late\b", "se está haciendo tarde", "s'està fent tard", "estase facendo tarde"),
    (r"\b(?:it's|it is) up to you\b", "depende de ti", "depèn de tu", "depende de ti"),  # "Es hasta ti"
    (r"\b(?:i'm|i am) running late\b", "voy tarde", "vaig tard", "vou tarde"),  # "Estoy corriendo tarde"
    (r"\b(?:we're|we are) running late\b", "vamos tarde", "anem tard", "imos tarde"),
    (_TOLD + r"(?:turn|switch) off\b", "apaga", "apaga", "apaga"),  # "Gira de las luces"
    (_TOLD + r"(?:turn|switch) on\b", "enciende", "encén", "acende"),
    (_TOLD + r"stand up\b", "ponte de pie", "posa't dret", "ponte de pé"),  # "Mantenerse en pie", gl "Pon en pé"
    # "How long have you been doing this?" ("¿Cuánto tiempo te ha estado haciendo esto?")
    (r"\bhow long have you been(?= [a-z]+ing\b)", "cuánto tiempo llevas", "quant de temps portes", "canto tempo levas"),
    # going for a walk ("voy para un paseo", ca "vés per a un passeig"); "After that," ("Después de que eso,")
    (_GOING + r"for a (?:long |short |quick )?walk\b", "a dar un paseo", "a fer un passeig",
     "dar un paseo"),
    (_GOING + r"for a (?:long |short |quick )?run\b", "a correr", "a córrer", "correr"),
    (_GOING + r"for a (?:long |short |quick )?swim\b", "a nadar", "a nedar", "nadar"),
    (_OPENS + r"after that(?=,)", "después de eso", "després d'això", "despois diso"),
    # a video's everyday phrases: "Se siente libre de preguntar", "No tengo ninguna idea qué pasado", "tomar un cariz"
    # ("ask questions" is "make questions" by then)
    (_TOLD + r"feel free to (?:ask|make)(?: (?:me|us))?(?: (?:any|your|some|more))?(?: questions?)?\b", "no dudes en preguntar",
     "no dubtis a preguntar", "non dubides en preguntar"),
    (_TOLD + r"feel free to leave a comment\b", "no dudes en dejar un comentario", "no dubtis a deixar un comentari",
     "non dubides en deixar un comentario"),
    (r"\bi have no idea\b", "no tengo ni idea de", "no tinc ni idea de", "non teño nin idea de"),
    (r"\bi had no idea\b", "no tenía ni idea de", "no tenia ni idea de", "non tiña nin idea de"),
    (r"\bwe are going to take a (?:quick |closer |good )?look at\b", "vamos a echar un vistazo a", "farem una ullada a",
     "imos botar unha ollada a"),  # "let's", as :data:`REWRITES` wrote it
    (r"(?:(?<=\bwant to )|(?<=\bneed to ))take a (?:quick |closer |good )?look at\b",
     "echar un vistazo a", "fer una ullada a", "botar unha ollada a"),
    (_TOLD + r"take a (?:quick |closer |good )?look at\b", "echa un vistazo a", "fes una ullada a", "bota unha ollada a"),
    (r"\byou (?:might|may|probably) be wondering\b", "quizás te estés preguntando", "potser et preguntes",
     "quizais te preguntes"),  # "Podrías ser preguntarte"
    (_OPENS + r"on the back\b", "por detrás", "per darrere", "por detrás"),
    (r"\bweeds\b", "malas hierbas", "males herbes", "herbas daniñas"),  # kept in English ("lleno de weeds")
    (r"\bby(?= the (?:window|door|fire|sea|river|lake|bed|road|wall|pool|beach|fireplace|gate|harbour|harbor|port|"
     r"shore|coast)\b)", "junto a",
     "al costat de", "xunto a"),  # "en la mesa por la ventana"
    (r"(?<!ed )(?<! off )\bby(?= the water\b)", "junto a", "al costat de", "xunto a"),  # not an agent: "cut off by"
    (r"\bthe weather (?:is|was) (?:good|nice)\b", "hace buen tiempo", "fa bon temps", "fai bo tempo"),
    (r"\bthe weather (?:is|was) bad\b", "hace mal tiempo", "fa mal temps", "fai mal tempo"),
    (r"\bthey had met\b(?= (?:at|in|on|when|while|years|\d)\b|\s?[.,!?;:]|$)", "se habían conocido",
     "s'havien conegut", "coñecéranse"),
    (r"\bwe had met\b(?= (?:at|in|on|when|while|years|\d)\b|\s?[.,!?;:]|$)", "nos habíamos conocido",
     "ens havíem conegut", "coñecerámonos"),
    (r"\bjust as(?= (?:i|you|he|she|we|they|it|the|my|your|his|her|our|their)\b)", "tal como", "tal com", "tal como"),
    (_OPENS + r"inside(?=,)", "dentro", "a dins", "dentro"),
    (r"\b(?:i'm|i am) (?:really |so )?looking forward to (?:it|this|that)\b", "tengo muchas ganas", "en tinc moltes ganes",
     "teño moitas ganas"),  # "Estoy quedándolo a la espera de."
    (r"\b(?:i'm|i am) (?:really |so )?looking forward to seeing you(?: again)?\b", "tengo ganas de volver a verte",
     "tinc ganes de tornar-te a veure", "teño ganas de volver verte"),
    (r"\b(?:we're|we are) running out of time\b", "nos estamos quedando sin tiempo", "ens estem quedant sense temps",
     "estamos quedando sen tempo"),  # "Estamos corriendo fuera de tiempo."
    (r"\b(?:that's|that is|it's|it is) (?:so |really |just )?crazy\b", "es una locura", "és una bogeria",
     "é unha tolemia"),  # "Eso es loco."
    (r"\bwhat time is it\b", "qué hora es", "quina hora és", "que hora é"),  # "¿Qué tiempo es?"
    (r"\bwhat time(?= (?:do|does|did|will|can|should|is|are|was|were)\b)", "a qué hora", "a quina hora", "a que hora"),
    (_OPENS + r"oh,? my god\b", "Dios mío", "Déu meu", "meu Deus"),
) + _OFFICE_TABLE
_INDEFINITE = r"(?:every|any|some|no)(?:one|body)(?: else)?|no one(?: else)?"
_THIRD = r"(?:he|she|it|" + _INDEFINITE + ")"
_PERSON = r"(?:i|you|we|they|he|she|it|" + _INDEFINITE + ")"
_WH = r"(?P<wh>(?:what|where|when|why|who|which|how(?: much| many| long| often| far)?) )?"
_AUX = (r"(?:do|can|could|will|would|should|shall|may|might|must|have|has|had|did|can't|couldn't|won't|"
        r"wouldn't|shouldn't|haven't|hasn't|hadn't|didn't|don't|doesn't)")
_BE = r"(?:am|is|are|was|were|isn't|aren't|wasn't|weren't)"
#: adverbs between a subject and its verb ("Does it still work?")
_ADVERB = r"(?:really|actually|still|ever|even|also|always|usually|only|just|often|sometimes|already|here)"
_OPEN = r"(?P<open>(?:^|, )(?:(?:and|but|so|or|then) )?(?:" + _MARK_WORD + r" ){0,2})"  # a mark: "so" as the phrasebook's
#: A question asked by inversion, to be said in the order of a statement ("Can you hear me?" →
#: "You can hear me?"): eng-spa read "Puede me oigo?", en-gl "Does it work?" as "Cervas
#: traballa?" ("does", female deer), eng-cat "Did you see the game?" as "veure el joc?"; in
#: statement order all three say it ("Me puedes oír?", "Funciona?", "Vas veure el joc?"). "do" is
#: dropped, "does" becomes the verb's -s, "did", a modal, "have" and negated auxiliaries go after
#: the subject, and "be" too where no question word leads ("Where are you?" reads right as it
#: is). Subjects are pronouns, and after "does" a determiner and one word ("Did that man call?":
#: where a longer noun phrase ends is not known).
QUESTIONS: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    _OPEN + _WH + r"(?P<aux>does) (?P<subj>" + _THIRD + r") (?:(?P<adv>" + _ADVERB + r") )?(?P<verb>(?!not\b)[a-z]+)\b",
    # a noun subject of one word after its determiner, where what follows the verb shows where it
    # ends ("When does the meeting start?"; "Does the new manager start?" is left)
    _OPEN + _WH + r"(?P<aux>does) (?P<subj>(?:the|this|that|my|your|his|her|our|their|its) [a-z]+) (?:(?P<adv>"
    + _ADVERB + r") )?(?P<verb>(?!not\b)[a-z]+)\b(?=\?| (?:the|a|an|this|that|my|your|his|her|our|their|it|them|me|"
    r"you|us|in|on|at|to|for|with|from|up|out|here|there|now|today|tonight|tomorrow|every|well)\b)",
    _OPEN + _WH + r"(?P<aux>" + _AUX + r") (?P<subj>" + _PERSON + r")\b(?!\?)",  # "Do you?" is not "You?"
    _OPEN + r"(?P<aux>" + _BE + r") (?P<subj>" + _PERSON + r"|this|that|there)\b",
))
#: a question of a text, up to its "?"
QUESTION = re.compile(r"[^.!?]*\?")
_IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes", "be": "is"}


def _third_person(verb: str) -> str:
    """``verb`` with the -s of the third person singular ("work" → "works", "try" → "tries")."""
    if verb in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[verb]
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    return verb[:-1] + "ies" if re.search(r"[^aeiou]y$", verb) else verb + "s"


def _in_statement_order(m: re.Match[str]) -> str:
    aux, subj = m["aux"].lower(), m["subj"].lower()
    subj = "I" if subj == "i" else subj
    if aux == "does":
        said = " ".join(w for w in (subj, (m["adv"] or "").lower(), _third_person(m["verb"].lower())) if w)
    else:
        said = subj if aux == "do" else f"{subj} {aux}"
    wh = m.groupdict().get("wh") or ""
    if not wh and m["aux"][:1].isupper():
        said = _capital(said)
    return m["open"] + wh + said


#: per target, questions left as asked: eng-cat reads "Why don't you try it?" ("Per què no el
#: tastes?"), not "Why you don't try it?" ("Per què et no el tasta?")
KEEP_INVERTED = {"ca": re.compile(r"\b(?:what|where|when|why|how|who|which)\b[^?]*?\bdon't you\b",
                                  re.IGNORECASE)}


def statement_order(text: str, target: str = "") -> str:
    """Each question of ``text`` (a sentence ending in "?") in statement order (:data:`QUESTIONS`,
    the first that matches, once per question), but those ``target`` reads as asked
    (:data:`KEEP_INVERTED`)."""
    kept = KEEP_INVERTED.get(target)

    def one(m: re.Match[str]) -> str:
        question = m.group(0).lstrip()
        lead = m.group(0)[: len(m.group(0)) - len(question)]
        if kept is not None and kept.search(question):
            return m.group(0)
        for pattern in QUESTIONS:
            said, n = pattern.subn(_in_statement_order, question, count=1)
            if n:
                return lead + said
        return m.group(0)
    return QUESTION.sub(one, text)


#: The targets :data:`PHRASES` has words for.
LANGUAGES = ("es", "ca", "gl")
PHRASES: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), dict(zip(LANGUAGES, said))) for p, *said in _TABLE)


def _mark(i: int) -> str:
    """A word no pair knows (letters only: digits would be read as numbers)."""
    return f"zzpb{chr(97 + i // 26)}{chr(97 + i % 26)}zz"


_MARK = re.compile(_MARK_WORD, re.IGNORECASE)
#: the marks of :data:`_TITLE_TABLE`'s titles, which a name follows
TITLE_MARKS = frozenset(_mark(i) for i in range(len(_TITLE_TABLE)))
#: each expression's index by its mark
_MARK_INDEX = {_mark(i): i for i in range(len(PHRASES))}
#: the marks of "so" of a consequence ("así que"), as the analysis sees them
SO_MARKS = frozenset(_mark(i) for i, (_, said) in enumerate(PHRASES) if said.get("es") == "así que")
_SENTENCE_START = r"(^|[.!?¿¡]\s*)"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def same_case(old: str, new: str) -> str:
    """``new`` capitalised where ``old`` opens in capitals."""
    return _capital(new) if old[:1].isupper() else new


def rewrite_english(text: str, target: str = "") -> str:
    """``text`` with :data:`REWRITES` (and ``target``'s :data:`TARGET_REWRITES`) applied, each
    expression of :data:`PHRASES` as its mark (lower case: where the translation opens a sentence
    with it, :func:`say_marks` capitalises), then its questions in statement order (as ``target`` reads them)."""
    text = text.replace("’", "'")  # a typographic apostrophe ("I’m") as the patterns write it
    for pattern, replacement in REWRITES + TARGET_REWRITES.get(target, ()):
        text = pattern.sub(lambda m: same_case(m.group(0), replacement(m) if callable(replacement)
                                               else m.expand(replacement)), text)
    for i, (pattern, _) in enumerate(PHRASES):
        text = pattern.sub(_mark(i), text)
    return statement_order(text, target)


#: a mark of ours or of courtesy's ("zzpbaazz", "zzpleasezz"): a word no pair knows
ANY_MARK = re.compile(r"zz[a-z]+zz", re.IGNORECASE)


def lower_after_marks(translation: str, english: str) -> str:
    """``translation`` with the word after a mark in lower case where the English has a lower-case
    word there (or "I"): eng-spa and en-gl capitalise a sentence's first word they know, the one
    after a mark that opens it ("Let me know if…" → "Dime Si…", "So I don't…" → "Así que No…")."""
    for mark in {m.lower() for m in ANY_MARK.findall(english)}:
        # "I" is written capital wherever it stands: not a sentence's first word
        # (the mark in any case: one that opens the English sentence is capitalised, "Zzpb…zz the deadline")
        if re.search(f"(?i:{mark})" + r" (?:[a-z]|I\b)", english) and not re.search(f"(?i:{mark})" + r" (?!I\b)[A-Z]",
                                                                                     english):
            translation = re.sub("(" + mark + r" )([A-ZÀ-Ý])(?=[a-zà-ÿ]|[\s,.;:!?])", lambda m: m.group(1) + m.group(2).lower(),
                                 translation, flags=re.IGNORECASE)
    return translation


def say_marks(text: str, said: Mapping[str, str]) -> str:
    """Each mark of ``said`` (matched in any case) as its words, capitalised where the mark was or
    where it opens a sentence."""
    for mark, words in said.items():
        text = re.sub(_SENTENCE_START + mark, lambda m: m.group(1) + _capital(words), text, flags=re.IGNORECASE)
        text = re.sub(mark, lambda m: same_case(m.group(0), words), text, flags=re.IGNORECASE)
    return text


def say_phrases(text: str, target: str) -> str:
    """The marks of :func:`rewrite_english` in ``text`` (a translation) as ``target`` says them."""
    used = {m.lower() for m in _MARK.findall(text)}
    return say_marks(text, {m: PHRASES[_MARK_INDEX[m]][1][target] for m in sorted(used)})


def say_counted_you(translation: str, english: str, target: str) -> str:
    """``translation`` with the "of them" that :data:`REWRITES` made of ``english``'s counted "of you"
    ("many of you") said as "of you" (plural) in ``target``, as many times as ``english`` counts it
    and only where ``english`` has no "of them" of its own."""
    counted = len(re.findall(_COUNTED_YOU + r"|\b(?:a lot|lots) of you\b", english, re.IGNORECASE))
    if not counted or target not in _OF_THEM or re.search(r"\bof them\b", english, re.IGNORECASE):
        return translation
    them, you = _OF_THEM[target]
    return re.sub(them, lambda m: same_case(m.group(0), you), translation, count=counted, flags=re.IGNORECASE)
