"""What a question asks for: the answer slot, the focus words, the names it mentions.

``analyse(question)`` reads a Dutch or English question without any model:

- ``kind``: the type of answer asked (count, amount, duration, date, person, organisation,
  place, list, legal form, reason, how-to, definition, yes/no, or open);
- ``focus``: the content words the answer must be about, each with a weight from its
  rarity in everyday language (``wordfreq``: the same in any library, unlike an IDF);
- ``head``: for "hoeveel leden …" / "welke drie partners …" the noun the value must be
  attached to; ``list_n`` the number of members a "welke drie …" question wants;
- ``entities``: the specific names, years and numbers the question names ("in 2025",
  "Heerlen", "MKW"): an answer must be about those, not about something near them;
- ``indirect``: the question as a Dutch indirect clause ("hoeveel leden de stuurgroep
  telt") for the sentence that says what the sources do not say.

Pure functions over text; ``assistant.answer.slots`` checks sentences against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.answer.clause import PREPOSITIONS, YES_NO, indirect_clause
from assistant.text.fold import fold

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)  # 'MKW-bestuurders' is two words

NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
    "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "twintig": 20, "dertig": 30,
    "eleven": 11, "fifteen": 15, "twenty": 20, "thirty": 30,
}

# question words and the words around them that say what kind of question it is, not what about
QUESTION_WORDS = frozenset("""
hoe hoeveel hoelang wat welk welke wie wiens waar waarom wanneer waardoor waarmee waarop waaraan
waarover waarvoor waaruit waarin sinds vanaf tot is zijn was waren wordt worden werd werden
heeft hebben had hadden kan kun kunt kunnen kon konden moet moeten moest zal zullen zou zouden
mag mogen wil wilt willen doet doen deed gaat gaan ging zit zitten staat staan komt komen krijg
krijgt krijgen noem noemt noemen zegt zeggen zei vertel vertellen beschrijf beschrijft eigenlijk
precies ongeveer allemaal welke volgens er daar hier nou nu dan ook wel niet geen nog even
the a an what which who whom whose where why when how many much long often does do did is are
was were be been has have had can could should would will shall may might must according tell
say says said describe there about of in on for to from by with and or not any some
veel vaak lang jaar jaren year years
""".split())

# Dutch and English function words (beyond the question words) that carry no topic
FUNCTION_WORDS = frozenset("""
de het een en of maar dus want als dat die dit deze van voor met op in aan bij uit naar over
onder tegen tussen door om te tot zonder na sinds je jij u we wij ze zij hij ik me mij ons onze
jullie hun hen haar zijn mijn uw jouw men iets iemand niets niemand alle alles elke ieder welk
zo zoals dan toen nog al ook wel niet geen meer minder heel erg echt gewoon eens even eigen
andere ander beter goed slim vaak soms altijd nooit my our your their its it they them we i you
he she this that these those then than so such very more most less other own just also only
into onto out up down as at if no yes
""".split())

KINDS = ("count", "amount", "duration", "date", "person", "organisation", "place", "list",
         "legal_form", "contact", "outcome", "reason", "howto", "definition", "yesno", "open")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.IGNORECASE)) for k, p in (
    # 'Is het programmabureau een aparte stichting?', '… een convenant of een aparte rechtspersoon?'
    ("legal_form", r"\b(rechtsvorm|juridische\s+(vorm|entiteit)|stichting\s+of\s+(een\s+)?vereniging|"
                   r"rechtspersoon|(aparte|eigen|zelfstandige)\s+(stichting|vereniging|co[öo]peratie|bv)|"
                   r"legal\s+(form|entity)|separate\s+(foundation|association|legal))\b"),
    # a telephone number, an e-mail or postal address, a website: asked near the start
    # ('Wat is het telefoonnummer van …', 'Op welk adres staat …')
    ("contact", r"\b(telefoonnummer\w*|telefoon|e-?mailadres\w*|mailadres\w*|e-?mail|website\w*|"
                r"webadres|webpagina|internetadres|url|postadres|bezoekadres|adres|postcode|"
                r"phone(\s+number)?|telephone|e-?mail\s+address|web\s*site|address)\b"),
    ("amount", r"\b(hoeveel\b.{0,30}\b(geld|euro|subsidie|budget|kosten|bijdrage|financiering)\b|"
               r"hoeveel\s+(kost|kosten|kostte|kostten|levert|leveren|leverde|bedraagt|bedroeg|bedragen|"
               r"betaalt|betalen|betaalde|bespaart|besparen|bespaarde|scheelt)\b|"
               r"wat\s+(gaat|gaan|zal|zullen|zou|zouden|moet|moeten|ging|gingen)\b.{0,40}\bkosten\b|"
               r"how\s+much\b.{0,40}\b(pay|paid|cost|costs|spend|spent|save|saved|earn|earned)\b|"
               r"wat\s+kost(en|te)?|gekost|welk\s+bedrag|"
               r"hoe\s+(hoog|groot)\s+(is|was|zijn|waren|wordt|werd)\s+(de|het|die|dat)\s+(\w+\s+)?\w*(begroting|"
               r"budget|bijdrage|subsidie|subsidies|bedrag|kosten|financiering|contributie|huur|toeslag|prijs|fonds)|how\s+much\b.{0,30}\b(money|funding|budget|subsidy|grant|euros?)\b|"
               r"how\s+much\s+does\s+\w+\s+cost|"
               r"what\s+(does|did)\s+\w+\s+cost|what\s+(is|was)\s+the\s+(budget|cost|amount)|"
               # 'Wat is de huurprijs …', 'Wat is de maximale kale huur …': a sum, not a definition
               r"^(wat|what)\s+(is|was|zijn|waren|are|were)\s+(de|het|the)\s+([^\W\d_]+\s+){0,2}?"
               r"[^\W\d_]*(prijs|prijzen|huur|huurverhoging|rente|bedrag|bedragen|kosten|budget|begroting|"
               r"tarief|tarieven|salaris|premie|contributie|toeslag|\w+grens|rent|price|prices|cost|costs|fee|"
               r"fees|salary|income\s+limits?)|\b(in|uitgedrukt\s+in)\s+euros?\b|\bin\s+euro['’]s)\b"),
    ("duration", r"\b(hoe\s+lang|hoelang|how\s+long)\b"),
    # 'hoeveel zeggenschap/tijd/ruimte …' asks how much of something that is not counted
    ("count", r"\b(hoeveel(?!\s+(eigen\s+)?(zeggenschap|tijd|ruimte|invloed|autonomie|energie|aandacht|"
              r"vertrouwen|moeite|structuur|regels)\b)|hoe\s+veel|hoe\s+vaak|welk\s+(rapport)?cijfer|welk\s+percentage|welk\s+aantal|"
              r"how\s+many|how\s+often|how\s+much)\b"),
    # 'wanneer' asks for a moment with a past or dated event, else for a condition
    # ("Wanneer laten deelnemers nieuw gedrag zien?")
    ("date", r"\b(wanneer\b(?=.*\b(\w{0,4}ge\w{2,}[dt]|\w{0,4}ge\w{2,}en|van\s+start|begon|startte|begonnen|"
             r"startten|kwam|kwamen|verscheen|"
             r"was|waren|werd|werden|vond|ontstond|stopte|eindigde|1[89]\d\d|20\d\d)\b)|(in|sinds|vanaf|tot)\s+welk\s+jaar|"
             r"(in|tussen)\s+welke\s+jaren|in\s+welke\s+periode|"
             r"sinds\s+wanneer|vanaf\s+wanneer|tot\s+wanneer|welke\s+datum|op\s+welke\s+dag|(in\s+)?welke\s+maand|"
             r"in\s+which\s+month|"
             r"when\s+(did|was|were)|in\s+what\s+year|in\s+which\s+year|what\s+year|since\s+when)\b"),
    # 'waar … op letten' / 'waar … tegenaan' is no question for a place
    ("place", r"\b(waar\b(?=.*\b(zit|zitten|ligt|liggen|staat|gevestigd|plaats|woont|wonen|gehouden|"
              r"vandaan|gebeurde|gebeurt|werkt|werken|ontstond)\b)|(in|naar|uit)\s+welke\s+(\w+\s+)?(stad|"
              r"gemeente|plaats|provincie|wijk|regio|land)|"
              # 'Met welke Duitse deelstaat …', 'Welk dorp …': the noun names a place whatever comes before
              r"welke?\s+(\w+\s+)?(deelstaat|stad|dorp|buurt)|where\s+(is|are|was|were|did|do|does)|"
              r"in\s+which\s+(city|town|municipality|region))\b"),
    ("organisation", r"\b(welke?\s+\w*(organisatie|organisaties|uitgever|uitgeverij|instelling|instellingen|"
                     r"instantie|bureau|partij|partijen|corporatie|corporaties|gemeente|gemeenten|stichting|"
                     r"ministerie|fonds|opdrachtgever|aanbieder|aanbieders|bedrijf|bedrijven|tijdschrift|krant|"
                     r"verzekeraar|verzekeraars)|bij\s+welke|door\s+welke|van\s+welke|"
                     r"which\s+(?:\w+\s+)?(organi[sz]ations?|publishers?|institutions?|agenc(y|ies)|part(y|ies)|"
                     r"municipalit(y|ies)|compan(y|ies)|firms?|(housing\s+)?associations?|insurers?|"
                     r"foundations?|ministr(y|ies))|who\s+published|what\s+organi[sz]ation)\b"),
    ("person", r"\b(wie|hoe\s+(heet|heten|heette|heetten)|door\s+wie|van\s+wie|met\s+wie|aan\s+wie|"
               r"who|whom|whose|"
               r"welke\s+(persoon|personen|hoogleraar|wethouder|burgemeester|directeur|bestuurder|"
               r"onderzoeker|auteur|schrijver|voorzitter|huisarts|arts|wijkagent|notaris|advocaat|"
               r"accountant|adviseur|consultant|trainer|coach|spreker|initiatiefnemer|oprichter|"
               r"kwartiermaker|projectleider|programmamanager|netwerkmanager|regisseur|woordvoerder|"
               r"ambtenaar|secretaris|penningmeester)|"
               r"which\s+(person|author|professor|researcher|doctor|lawyer|adviser|advisor|consultant))\b"),
    ("reason", r"\b(waarom|om\s+welke\s+reden|waardoor|hoe\s+komt\s+het|why|for\s+what\s+reason|"
               r"how\s+come)\b"),
    ("definition", r"^(wat\s+(is|zijn|betekent|betekenen|bedoel\w*|verstaa?\w*)\s|"
                   r"what\s+(is|are|does\s+\S+\s+mean)\s)"),
    ("howto", r"^(hoe\b(?!\s+(lang|veel|vaak|hoog|groot|oud))|wat\s+(kun|kan|moet|moeten|kunnen)\s+"
              r"(je|we|wij|ik|een|u)|how\b(?!\s+(many|much|long|often))|what\s+(can|should)\s+"
              r"(we|i|you|a))"),
))

# 'hoeveel' with a plural noun that is no sum of money
_COUNTED = re.compile(r"\b(hoeveel|how\s+many)\s+(?!(?:geld|euro|euros|subsidie\w*|kosten|bijdragen|middelen|"
                      r"uren|jaren|maanden|weken|dagen)\b)[^\W\d_]{3,}(en|s)\b", re.IGNORECASE)
# 'wie moet …', 'met wie kun je …', 'waar hoort … te liggen', 'voor wie is het bedoeld': who or
# where *should*, or for whom: answered by roles, groups and advice, not by a name or a place
_NORMATIVE = re.compile(r"^(\S+\s+){0,1}(wie|waar)\s+(\S+\s+){0,1}(moet|moeten|moest|kan|kun|kunnen|mag|"
                        r"mogen|zou|zouden|hoort|horen|hoor)\b|^voor\s+wie\b|"
                        r"^(who|where)\s+(should|must|can|could|ought)\b", re.IGNORECASE)
# 'Moet je …?', 'Kan de samenstelling veranderen?', 'Is het verstandig …?', 'Should we …?': a
# choice or a possibility, not a legal form the texts state or whether something happened
_SHOULD = re.compile(r"^(moet|moeten|moest|kan|kun|kunnen|mag|mogen|zal|zullen|zou|zouden|is\s+het\s+(verstandig|"
                     r"slim|nodig|handig|raadzaam)|should|must|can|could|will|would|do\s+we\s+need)\b",
                     re.IGNORECASE)
_WHERE_PARTICLE = re.compile(r"^(\S+\s+){0,1}waar\b.*\s(op|aan|over|mee|voor|naar|door|om|in|bij|toe|"
                             r"tegenaan|tegen|achter|onder)\s*[?.!]*\s*$", re.IGNORECASE)
_ANYWHERE = ("legal_form", "amount", "duration", "count")
_ALL_ITEMS = re.compile(r"\b(welke\s+\w+\b.*\ballemaal|opsommen|opnoemen|op\s+te\s+sommen|list\s+all)\b",
                        re.IGNORECASE)
_WHEN_FIRST = re.compile(r"(\S+\s+){0,2}(wanneer|when)\b", re.IGNORECASE)
_LOCATED = re.compile(r"^(\S+\s+){0,2}waar\b(?=.*\b(gevestigd|gehuisvest|woont|wonen|gehouden)\b)",
                      re.IGNORECASE)
# 'welke drie partners': any number word above one ('which one …' asks for one thing, and 'een' is an article)
_LISTED_NUMBERS = "|".join(w for w, n in NUMBER_WORDS.items() if n > 1)
_LIST = re.compile(r"\b(welke|wat\s+zijn\s+de|noem\s+(?:de|alle)|which\s+are\s+the|which|what\s+are\s+the|"
                   r"name\s+the)\s+"
                   rf"(?:(\d+|{_LISTED_NUMBERS})\s+)?"
                   r"([^\W\d_]+)", re.IGNORECASE)
_OPENER = re.compile(r"^\s*(en|maar|dus|ok[eé]?|oké|en\s+dan|and|but|so|also|ook)\b[\s,]*",
                     re.IGNORECASE)
# an interjection that closes on its own before the question ('Oké. En hoe …', 'Thanks! And …')
INTERJECTION = re.compile(r"^\s*(?:ok[eé]?|okay|goed|prima|helder|duidelijk|dank\s*je(?:\s+wel)?|bedankt|"
                          r"ah|aha|ja|nee|thanks|thank\s+you|right|yes|no|i\s+see)\s*[.!,:;]+\s*",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    focus: dict[str, float]  # folded content word → weight (rarer words weigh more)
    head: str = ""  # the noun a value must be attached to ('leden' in 'hoeveel leden')
    list_n: int = 0  # members wanted by 'welke drie …'
    entities: tuple[str, ...] = ()  # names, years and numbers the question names
    indirect: str = ""  # Dutch indirect clause: 'hoeveel leden de stuurgroep telt'
    language: str = "nl"
    advice_like: bool = False
    context: dict[str, float] = field(default_factory=dict)  # words from the conversation
    # an English question's focus word → its Dutch words (``assistant.text.glossary``)
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the questions a compound question joins ("Wie zit de alliantie voor, en waarom?"),
    # each analysed alone; empty for a single question
    parts: tuple[Question, ...] = ()
    # what a question whether something exists asks about ('keurmerk' in 'Is er een keurmerk
    # voor goede netwerken?', 'opleiding' and 'certificering' in 'Bestaat er een erkende
    # opleiding of certificering voor …?')
    exists: tuple[str, ...] = ()

    @property
    def typed(self) -> bool:
        """Asks for a specific value (a number, name, date, place, list, …)."""
        return self.kind in ("count", "amount", "duration", "date", "person", "organisation", "place",
                             "list", "legal_form", "contact", "outcome")


@lru_cache(maxsize=20000)
def rarity(word: str, language: str = "nl") -> float:
    """How specific a word is in everyday language: 0 (very common) … 1 (rare or unknown).
    From wordfreq's Zipf scale (7 ≈ 'de', 3 ≈ once per 10 million words), so the weight
    of a word is the same whatever the library holds."""
    from wordfreq import zipf_frequency

    z = max(zipf_frequency(word, language), zipf_frequency(word, "en" if language == "nl" else "nl") - 1.0)
    return float(min(1.0, max(0.05, (7.0 - z) / 5.0)))


def words(text: str) -> list[str]:
    return [fold(w) for w in WORD.findall(text)]


def content_words(text: str) -> list[str]:
    out = []
    for w in words(text):
        if len(w) < 3 and not w.isdigit():
            continue
        if w in QUESTION_WORDS or w in FUNCTION_WORDS:
            continue
        if w not in out:
            out.append(w)
    return out


# 'Wat is Proeftuin Ruwaard?', 'What is the MOM?', 'Wie is Patrick Kenis?': the term a
# definition question asks about (up to a comma: 'Wie is Cor van Montfort, die met Kenis …?')
_FILLER = r"(?:\s+(?:eigenlijk|precies|nou|nu|dan|toch|really|exactly))?"  # 'Wie is X eigenlijk?'
_DEFINED = re.compile(r"^(?:wat|what|wie|who)\s+(?:is|zijn|was|waren|are|were)\s+(?:(?:de|het|een|the|a|an)\s+)?"
                      rf"([^?,]{{2,60}}?){_FILLER}\s*(?:,[^?]*)?\??\s*$", re.IGNORECASE)
# 'Wie is Patrick Kenis?', 'Who was Max Weber?': a name right after the verb, no role
_WHO_IS_NAMED = re.compile(r"^(?:[Ww]ie|[Ww]ho)\s+(?:is|was|are|were)\s+(?!(?:De|Het|Een|The|A|An|Er|There)\b)"
                           r"[A-Z][\w’'-]+(?:\s+(?:van|de|der|den|ten|ter|von)?\s*[A-Z][\w’'-]+)*"
                           rf"{_FILLER}\s*(?:[,?]|$)")


@lru_cache(maxsize=2048)
def defined_term(question: str) -> str:
    """The folded name 'Wat is X?' asks to define ('proeftuin ruwaard'), at most four words
    that begin with a capital ('Proeftuin Ruwaard', 'het NPLV', 'Patrick Kenis'); '' for any
    other question, a concept or a relation too ('Wat is het doel van het meldpunt?' asks
    for a goal, which no sentence 'X is een …' gives)."""
    m = _DEFINED.match(strip_opener(" ".join(question.split())))
    if m is None or not m.group(1).lstrip("'‘\"“(").strip()[:1].isupper():
        return ""
    term = words(m.group(1))
    if term and term[-1] in _ABOUT:
        return ""  # 'What is the building block Verankering about?' asks what it says
    return " ".join(term) if 0 < len(term) <= 4 else ""


_ABOUT = frozenset("about over voor for in om of van".split())
# words that make a term a relation ('het doel van het meldpunt', 'de rol van de gemeente')
_RELATION = _ABOUT | frozenset("met bij tussen op aan with between".split())


@lru_cache(maxsize=2048)
def concept_term(question: str) -> str:
    """The folded concept 'Wat is X?' asks to define when it is no name: 'praktische
    legitimatie', 'ketensamenwerking', 'een wicked problem' (at most four words, none of
    them a preposition: 'Wat is het doel van het meldpunt?' asks for a goal); '' for any
    other question and for a name (``defined_term``)."""
    m = _DEFINED.match(strip_opener(" ".join(question.split())))
    if m is None or defined_term(question):
        return ""
    term = words(m.group(1))
    if not 0 < len(term) <= 4 or any(w in _RELATION for w in term):
        return ""
    return " ".join(term)


def strip_opener(question: str) -> str:
    """'En wie betaalt de coördinator?' → 'wie betaalt de coördinator?'; 'Oké. En hoe …' → 'hoe …'"""
    rest = _OPENER.sub("", INTERJECTION.sub("", question, count=1), count=1)
    return rest if rest.strip() else question


def answer_kind(question: str) -> str:
    q = strip_opener(question.strip())
    if _WHO_IS_NAMED.match(q):
        return "definition"  # 'Wie is Patrick Kenis?' asks who he is, not for a name
    m = _LIST.search(q)
    if m and (m.group(2) or m.group(1).casefold().startswith(("noem", "name"))):
        return "list"  # 'welke drie partners', 'noem de partners'
    if _ALL_ITEMS.search(q):
        return "list"  # 'welke bestemmingen waren dat allemaal', 'kun je ze opsommen'
    if _LOCATED.search(q):
        return "place"  # 'Waar is het programmabureau van Heerlen-Noord gevestigd?': the verb comes late
    opening = " ".join(q.split()[:6])  # 'Bij welke uitgeverij …', not a 'hoe' deep in the sentence
    # 'Wanneer is de MOM in Tilburg opgericht?': the verb that makes it a date comes late
    dated = _WHEN_FIRST.match(q) is not None
    for kind, pattern in _PATTERNS:
        if pattern.search(q if kind in _ANYWHERE or (kind == "date" and dated) else opening):
            if kind == "amount" and _COUNTED.search(q):
                return "count"  # 'hoeveel partners hebben geld gestort': partners are counted
            if kind in ("person", "place") and _NORMATIVE.search(q):
                return "open"  # 'wie moet de regie hebben?' asks for advice, not a name
            if kind == "legal_form" and _SHOULD.match(q):
                continue  # 'Moeten we een aparte rechtspersoon oprichten?' asks for advice
            if kind == "place" and _WHERE_PARTICLE.search(q):
                return "open"  # 'waar ligt de nadruk op?': 'waarop', no place
            return kind
    if YES_NO.match(q):
        return "outcome" if _OUTCOME.search(q) and not _SHOULD.match(q) else "yesno"
    return "open"


# a yes/no question whether something came about: 'Is Heerlen-Noord al veiliger geworden sinds
# …?', 'Is die zonnecarport er uiteindelijk gekomen?', 'Did the programme improve pupils'
# results?'. A sentence about the programme is no answer; one that reports its result is.
_OUTCOME = re.compile(
    r"\b(geworden|gekomen|opgelost|gedaald|gestegen|verbeterd|verslechterd|verminderd|afgenomen|"
    r"toegenomen|gelukt|geslaagd|gehaald|gerealiseerd|opgeleverd|aantoonbaar|"
    r"improved?|reduced?|increased?|decreased?|succeeded|achieved|resulted|"
    r"(?:get|got|become|became)\s+\w+er)\b", re.IGNORECASE)


def plural_noun(word: str) -> bool:
    w = word.casefold()
    return len(w) > 3 and w not in ("welke", "zijn") and (w.endswith(("en", "s", "ers")))


def analyse(question: str, language: str = "nl", context: str = "",
            dutch: Callable[[str], tuple[str, ...]] | None = None) -> Question:
    """The slot, focus and names of ``question``; ``context`` (the conversation's topic
    words, for a follow-up) adds focus words of lower weight; ``dutch`` gives the Dutch
    words of an English focus word (``Glossary.dutch``), which count as that word."""
    q = strip_opener(" ".join(question.split()))
    whole = _analyse_one(q, language, dutch)
    ctx = {w: 0.5 * rarity(w, language) for w in content_words(context) if w not in whole.focus}
    texts = split_compound(q)
    if len(texts) < 2:
        return replace(whole, context=ctx)
    parts = []
    for text in texts:
        part = _analyse_one(text, language, dutch)
        if len(part.focus) < 2:  # 'en waarom zoveel?': about what the first part is about
            part = replace(part, focus={**{w: 0.5 * v for w, v in whole.focus.items()}, **part.focus},
                           forms={**whole.forms, **part.forms})
        parts.append(part)
    indirect = _joined([part_clause(p) for p in parts], _COORDINATED.match(q)) if language == "nl" else ""
    return replace(whole, context=ctx, parts=tuple(parts), indirect=indirect)


# 'Wat zegt het magazine over …?', 'volgens het MKW-essay', 'What does the essay recommend?':
# the word that names the source says where to look, not what the answer is about; every
# passage of that source carries its kind (``StoredChunk.context``), its sentences rarely do,
# and a sentence about the source itself ('Het magazine is bedoeld voor …') is no answer.
# Measured on the calibration set: train points 416 → 419, test 234 → 234, no status changed
_SOURCE_KIND = re.compile(r"\b(?:magazine|essay|interview|boek|book|inleiding|introduction|artikel|article|"
                          r"rapport|report|verslag|jaarverslag|tekst|text|bronnen|sources)\b", re.IGNORECASE)
_SAYS = re.compile(r"\b(?:zegt|zeggen|schrijft|schrijven|stelt|stellen|beschrijft|beschrijven|noemt|noemen|"
                   r"volgens|adviseert|raadt|according|say|says|write|writes|describe|describes|"
                   r"recommend|recommends)\b", re.IGNORECASE)
SOURCE_WEIGHT = 0.1  # of a source's kind word's weight, in a question on what a source says


def _source_words(q: str) -> set[str]:
    """The words that name a source the question asks about ('magazine' in 'Wat zegt het
    magazine over evaluatie?'); none when the question asks nothing of a source."""
    return {fold(m.group(0)) for m in _SOURCE_KIND.finditer(q)} if _SAYS.search(q) else set()


def _analyse_one(q: str, language: str, dutch: Callable[[str], tuple[str, ...]] | None) -> Question:
    kind = answer_kind(q)
    focus = {w: rarity(w, language) for w in content_words(q)}
    sources = _source_words(q)
    if sources and any(w not in sources for w in focus):
        focus = {w: v * SOURCE_WEIGHT if w in sources else v for w, v in focus.items()}
    names = acronyms(q)
    forms = {w: f for w in focus if w not in names and (f := dutch(w))} \
        if dutch is not None and language == "en" else {}
    head, list_n = _head(q, kind)
    return Question(
        text=q, kind=kind, focus=focus, head=head, list_n=list_n, entities=tuple(_entities(q)),
        indirect=indirect_clause(q) if language == "nl" else "", language=language,
        advice_like=_advice_like(q), forms=forms, exists=existence_nouns(q, language) if kind == "yesno" else (),
    )


# 'Bestaat er een …', 'Is er een …', 'Zijn er …', 'Heeft <wie> een (eigen) …', 'Is there a …',
# 'Does <who> have a …': the noun after it is what the question asks exists
_EXISTS = re.compile(
    r"^\s*(?:(?:bestaat|bestaan|is|zijn)\s+er(?:\s+(?:al|ook|nog|wel|eigenlijk|inmiddels))*"
    r"(?:\s+(?:een|geen))?|(?:heeft|hebben)\s+(?!een\b)(?:[\w’'-]+\s+){1,4}?(?:een|geen)(?:\s+eigen)?|"
    r"(?:is|are)\s+there(?:\s+(?:a|an|any))?|(?:does|do)\s+(?:[\w’'-]+\s+){1,4}?have(?:\s+(?:a|an|any|its\s+own))?)"
    r"\s+(.+)$", re.IGNORECASE)


def existence_nouns(q: str, language: str = "nl") -> tuple[str, ...]:
    """The folded nouns of what a question whether something exists asks about, up to the
    first preposition or clause ('Bestaat er een erkende opleiding of certificering voor
    netwerkmanagers?' → ('opleiding', 'certificering'): inflected adjectives are passed over),
    or () for any other question."""
    m = _EXISTS.match(q)
    if not m or _NEEDS.search(q):
        return ()
    out: list[str] = []
    ends = _PHRASE_ENDS_EN if language == "en" else _PHRASE_ENDS
    for w in words(m.group(1)):
        if w in ends:
            break
        if w in FUNCTION_WORDS or w in QUESTION_WORDS or _inflected_adjective(w) or w in ("eigen", "own", "extra"):
            continue
        out.append(w)
    return tuple(out[:3])


# 'Heeft een klein netwerk evenveel structuur nodig …?' asks what is needed, not whether it exists
_NEEDS = re.compile(r"\b(nodig|need|needs)\b", re.IGNORECASE)
# where the noun phrase of an existence question ends: a preposition or a clause
_PHRASE_ENDS = frozenset("""voor van bij in met om op over tussen naar door tegen zonder waarmee waarin waarbij
waarvoor die dat dan als""".split())  # ('of' is 'or': 'opleiding of certificering')
_PHRASE_ENDS_EN = frozenset("for of with in at on about between by to which that who where than".split())


_QWORDS = ("waarom|wie|wiens|wat|wanneer|hoe|hoeveel|welke|welk|waar|waarop|waardoor|waarmee|waarvoor|"
           "waaraan|waarover|waaruit|waarin|why|who|whom|whose|what|when|how|which|where")
_QPREPS = "|".join(sorted(PREPOSITIONS))  # 'en in welk jaar …', 'and with whom …'
# '…, en waarom …?' / '… and when …?': a second question joined to the first
SECOND_QUESTION = re.compile(rf",?\s+(?:en|and)\s+(?=(?:(?:{_QPREPS})\s+)?(?:{_QWORDS})\b)", re.IGNORECASE)
# 'Wanneer en waarom stopte …?': two question words for one question
_COORDINATED = re.compile(rf"^((?:(?:{_QPREPS})\s+)?(?:{_QWORDS}))\s+(en|and)\s+((?:(?:{_QPREPS})\s+)?(?:{_QWORDS}))"
                          r"\s+(?=\S)", re.IGNORECASE)


_MIN_PART_WORDS = 4


def split_compound(question: str) -> list[str]:
    """The questions a compound question joins, each as a question of its own:
    'Wie zit de alliantie voor, en waarom is daarvoor gekozen?' → ['Wie zit de alliantie
    voor?', 'waarom is daarvoor gekozen?']; 'Wanneer en waarom stopte het netwerk?' →
    ['Wanneer stopte het netwerk?', 'waarom stopte het netwerk?']. A single question: itself."""
    q = " ".join(question.split())
    if not q:
        return []
    end = "?" if q.endswith("?") else ""
    body = q.rstrip("?!. ")
    m = _COORDINATED.match(body)
    first = SECOND_QUESTION.split(body[m.end():] if m else body, maxsplit=1)
    if m:
        out = [f"{m.group(1)} {first[0]}", f"{m.group(3)} {first[0]}", *first[1:]]
    else:
        out = first
        if len(out) < 2 or len(out[0].split()) < _MIN_PART_WORDS:
            return [q]  # 'Op welke auteur en welk boek steunt …': one question about two things
    out = [p.strip(" ,;") for p in out[:-1]] + [p for part in out[-1:] for p in split_compound(part.strip(" ,;"))]
    return [p.rstrip("?") + end for p in out if p]


def _joined(clauses: list[str], coordinated: re.Match | None) -> str:
    """The indirect clauses of a compound question's parts as one ('welk cijfer hij geeft en
    waarop hij dat baseert'); '' when a part has none (the generic sentence is used then)."""
    if not clauses or not all(clauses):
        return ""
    if coordinated is not None and len(clauses) == 2:
        # 'wanneer het netwerk stopte' + 'waarom het netwerk stopte' → 'wanneer en waarom het netwerk stopte'
        first = coordinated.group(1).casefold()
        if clauses[0].casefold().startswith(first + " "):
            return f"{first} {coordinated.group(2)} {coordinated.group(3).casefold()}{clauses[0][len(first):]}"
    return join_clauses(clauses)


def part_clause(part: Question) -> str:
    """A compound question's part as an indirect clause, or '' when it is elliptic ('en in
    welk jaar?') and makes none worth reading; an elliptic 'waarom …?' still reads as 'waarom'."""
    if len(part.indirect.split()) >= 3:
        return part.indirect
    return "waarom" if part.kind == "reason" and part.language == "nl" else ""


def join_clauses(clauses: list[str]) -> str:
    """'a', 'b', 'c' → 'a, b en c'."""
    clauses = [c for c in clauses if c]
    if len(clauses) < 2:
        return clauses[0] if clauses else ""
    return ", ".join(clauses[:-1]) + " en " + clauses[-1]


def _head(q: str, kind: str) -> tuple[str, int]:
    """The counted or listed noun: 'hoeveel leden' → 'leden'; 'welke drie partners' → ('partners', 3);
    'hoeveel sociale huurwoningen' → 'huurwoningen'."""
    m = re.search(r"\b(?:hoeveel|hoe\s+veel|how\s+many|welke|which\s+are\s+the|which|wat\s+zijn\s+de|"
                  r"noem\s+(?:de|alle)|hoe\s+heten\s+(?:de|alle))\s+"
                  r"([^\W_]+)(?:\s+([^\W\d_]+))?(?:\s+([^\W\d_]+))?", q, re.IGNORECASE)
    if not m:
        return "", 0
    first, second, third = m.group(1), (m.group(2) or ""), (m.group(3) or "")
    n = int(first) if first.isdigit() else NUMBER_WORDS.get(first.casefold(), 0)
    noun = first
    if n or (_inflected_adjective(first) and second and plural_noun(second)):
        noun = second  # a number or an adjective before the noun
        if n and second.casefold().endswith("e") and third and plural_noun(third):
            noun = third  # 'welke drie particuliere verhuurders': number, adjective, noun
    if not noun or noun.casefold() in FUNCTION_WORDS or noun.casefold() in QUESTION_WORDS:
        return "", n if kind == "list" else 0
    return fold(noun), n if kind == "list" else 0


@lru_cache(maxsize=4096)
def _inflected_adjective(word: str) -> bool:
    """An adjective with its '-e' ('grote', 'sociale', 'financiële', 'lastige'): its base form
    is a Dutch word. 'software' is none ('Welke software gebruiken …' asks for software)."""
    from wordfreq import zipf_frequency

    w = word.casefold()
    if not w.endswith("e") or len(w) < 4:
        return False
    base = w[:-1]
    forms = {base, base[:-1] + base[-2] + base[-1],  # 'grot' → 'groot', 'social' → 'sociaal'
             base.replace("ë", "ee")}  # 'financiël' → 'financieel'
    return any(zipf_frequency(f, "nl") >= _KNOWN_ZIPF for f in forms)


_KNOWN_ZIPF = 2.0  # about once in 10 million words: a word of everyday Dutch


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_PLACE_ADJECTIVE = re.compile(r"\w{3,}(?:se|sche)$")  # 'Arnhemse', 'Zaanse': the place is named otherwise


def place_stem(word: str) -> str:
    """The place a place adjective names, as the start of its name: 'arnhemse' -> 'arnhem',
    'zaanse' -> 'zaan' (Zaanstad), 'bossche' -> 'bos'; '' for a word that is none."""
    if not _PLACE_ADJECTIVE.fullmatch(word):
        return ""
    return word[:-4] if word.endswith("sche") else word[:-2]


_ENGLISH_WORD_ZIPF = 3.0  # 'Dutch', 'Compare': an English question's capitals are often plain words


_ACRONYM = re.compile(r"(?<![\w'’-])[A-Z]{2,}(?![\w'’])")


def acronyms(text: str) -> set[str]:
    """The words written in capitals ('MOM', 'NPLV', 'MKW'), folded: names, which an English
    question keeps as they are (the dictionary makes 'MOM' a 'mam')."""
    return {fold(m.group(0)) for m in _ACRONYM.finditer(text)}


def _opens_sentence(text: str, at: int) -> bool:
    """The word at ``at`` is the first of its sentence (its capital says nothing)."""
    before = text[:at].rstrip()
    return not before or before[-1] in ".?!:;\"“‘("


def _without_possessive(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)  # "Kenis'", "NPLV's"


def names_asked(question: str, language: str = "nl") -> list[str]:
    """The names a question mentions that a library must hold for it to be about them: its
    capitalised words other than a sentence's first ('Hoe werkt het wijknetwerk in Zwolle?'
    → ['Zwolle']), without a possessive 's, place adjectives ('Arnhemse') and, in an English
    question, English words ('Dutch')."""
    from wordfreq import zipf_frequency

    out: list[str] = []
    for m in _CAPITALISED.finditer(question):
        if _opens_sentence(question, m.start()):
            continue
        name = _without_possessive(m.group(0))
        if place_stem(name) or fold(name) in QUESTION_WORDS or fold(name) in FUNCTION_WORDS:
            continue
        if language == "en" and zipf_frequency(name.casefold(), "en") >= _ENGLISH_WORD_ZIPF:
            continue
        if name not in out:
            out.append(name)
    return out


_NAME_LINK = frozenset("in de der den van voor het op aan en 't".split())  # 'Stichting Thuis in de Wijk'
_PARTICLES = frozenset("de der den van ten ter".split())


def full_name(question: str, word: str) -> str:
    """The name ``word`` (from ``names_asked``) opens or stands in, as the question writes
    it: the capitalised words next to it, and after a name's first word the linking words
    between capitals too ('Stichting' → 'Stichting Thuis in de Wijk'; 'Zwolle' in '…
    Wijknetwerk Noord in Zwolle' → 'Zwolle')."""
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"[\w'’-]+", question)]
    at = next((i for i, (t, _) in enumerate(tokens) if _without_possessive(t) == word), None)
    if at is None:
        return word

    def capital(i: int) -> bool:
        return tokens[i][0][:1].isupper() and not _opens_sentence(question, tokens[i][1])

    start = at
    while start > 0:
        if capital(start - 1):
            start -= 1
            continue
        particle = start - 1  # 'Jan de Vries': a name's particles, not 'in' ('Noord in Zwolle')
        while particle > 0 and tokens[particle][0] in _PARTICLES:
            particle -= 1
        if particle < start - 1 and capital(particle):
            start = particle
            continue
        break
    end = at
    while end + 1 < len(tokens):
        if capital(end + 1):
            end += 1
            continue
        link = end + 1
        while start == at and link < len(tokens) and tokens[link][0].casefold() in _NAME_LINK:
            link += 1
        if link > end + 1 and link < len(tokens) and capital(link):
            end = link
            continue
        break
    first, last = tokens[start], tokens[end]
    return _without_possessive(question[first[1]:last[1] + len(last[0])])


def _entities(q: str) -> list[str]:
    """Years, numbers and capitalised names inside the question (not its first word)."""
    out: list[str] = []
    body = q.strip()
    first = re.match(r"\s*\S+", body)
    start = first.end() if first else 0
    for m in re.finditer(r"\b(1[89]\d\d|20\d\d)\b|\b\d+(?:[.,]\d+)?\b|\b[A-Z][\w'’]+", body[start:]):
        token = m.group(0)
        if token.casefold() in QUESTION_WORDS or token.casefold() in FUNCTION_WORDS:
            continue
        if token[0].isupper() and token.casefold() in ("nederland", "netwerkmozaïek", "ik", "i"):
            continue
        if fold(token) not in out:
            out.append(fold(token))
    return out


def _advice_like(q: str) -> bool:
    """Asks what to do (in the asker's own situation), not what the texts say: 'Hoe houden we
    …', 'Waar moeten we dan op letten?', 'Moeten we eruit stappen?'."""
    return bool(_ADVICE_LIKE.search(q) or _ADVICE_OPENING.match(q))


_ADVICE_LIKE = re.compile(
    r"\b(hoe\s+(kun|kan|moet|moeten|kunnen|zorg|zorgen|voorkom|voorkomen|pak|pakken|krijg|"
    r"krijgen|houd|hou|houden|begin|beginnen|maak|maken)|"
    # 'welke aanpak', not 'de aanpak van huurschulden in Den Bosch' (what the texts describe)
    r"wat\s+(kun|kan|moet|moeten|kunnen|doe|doen)\s+(je|we|wij|ik|u)|tips?|advies|(welke|goede)\s+aanpak|"
    # 'Waar moeten we dan op letten?', 'Waar begin je?', 'Hoe gaan we daarmee om?', 'Wat raad je aan?'
    r"waar\s+(moet|moeten|kun|kan|kunnen|let|letten|begin|beginnen)\s+(je|we|wij|ik|u)|"
    r"hoe\s+(ga|gaan)\s+(je|we|wij|ik|u)|wat\s+(raad|raden|adviseer|adviseren)\b|"
    r"wat\s+is\s+(verstandig|wijsheid|slim)|"
    r"how\s+(do|can|should)\s+(we|i|you)|what\s+should|what\s+(do|can)\s+(we|i|you)\s+do|"
    r"where\s+(do|should|can)\s+(we|i|you)\s+(start|begin)|what\s+to\s+(watch|look)\s+out)\b",
    re.IGNORECASE)
# 'Moeten we eruit stappen?', 'Kunnen we de afspraken loslaten?', 'Should we leave?': a choice
# of the asker's own
_ADVICE_OPENING = re.compile(r"^(moeten|moet|kunnen|kan|zullen|zal|mogen|mag)\s+(we|wij|ik)\b|"
                             r"^(should|shall|can|could)\s+(we|i)\b", re.IGNORECASE)
