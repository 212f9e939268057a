"""Does a sentence fill the slot a question asks for?

``check(question, sentence)`` looks for a value of the asked kind (a count, an amount, a
date, a name, a list …) in the sentence and whether it is *bound* to the question's
focus: a number near the counted noun ("de stuurgroep telt twaalf leden" answers "hoeveel
leden telt de stuurgroep", "de stuurgroep telt een aantal leden" does not), a name near
the role asked about, as many list members as "welke drie …" asks for. It also measures
how much of the question's focus and which of the names it mentions the sentence holds.
Question-level retrieval scores hardly tell a question the sources answer from one whose
topic they cover without the asked fact; the slot does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.clause import SEPARABLE_PARTICLES
from assistant.answer.question import NUMBER_WORDS, Question, concept_term, defined_term, fold, place_stem, words
from assistant.text.sentences import split_sentences

# English number words are a value in an English question only ('ten goede' counts nothing)
_ENGLISH_NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty "
                             "forty fifty hundred thousand million dozens hundreds".split())
_NUMBER_WORD = "|".join([
    "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien",
    "veertien", "vijftien", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig",
    "negentig", "honderd", "duizend", "miljoen", "tientallen", "honderden", "duizenden", "anderhalf", "half",
    # written-out compounds: 'vijfduizend', 'tweehonderdvijftig'
    r"(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)(?:honderd|duizend)[a-z]*",
    *sorted(_ENGLISH_NUMBERS)])
_MEASURES = frozenset("euro eur procent percent jaar jaren maanden weken dagen uur uren keer miljoen "
                      "miljard m2 km".split())
# the question asks for a name, so a role word ('de wethouder') does not answer it
_ASKS_NAME = re.compile(r"\b(hoe\s+(heet|heten|heette|heetten)|naam|namen|wie\s+(is|was|zijn|waren)\s+"
                        r"(de|het|die|dat|daar|deze)|what\s+(is|was|are|were)\s+the\s+names?|"
                        r"who\s+(is|was|are|were)\s+(the|that|this))\b", re.IGNORECASE)
_UNIT = (r"jaar|jaren|maand|maanden|week|weken|dag|dagen|uur|uren|eeuw|eeuwen|decennium|"
         r"decennia|kwartaal|year|years|month|months|weeks?|days?|hours?|decades?|centur(?:y|ies)")
_MONTHS = (r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           r"december|january|february|march|june|july|august|october")
# not values: footnote marks glued to a word, list numbers, chapter and page references
_NOT_VALUES = re.compile(
    r"(?<=[^\W\d_])\d+|(?:^|(?<=[.!?\]] ))\d{1,2}[.)]\s|"
    r"\b(hoofdstuk|paragraaf|bijlage|spelvorm|bouwsteen|figuur|tabel|pagina|p\.|chapter|"
    r"section|appendix|figure|page|artikel|article)\s+\d+(\.\d+)*",
    re.IGNORECASE,
)
_ASKS_SHARE = re.compile(r"\b(procent|percent|percentage|aandeel|deel|share|proportion)\b|%", re.IGNORECASE)
_SHARE = re.compile(rf"(?<![\w.])(?:\d+(?:[.,]\d+)?\s*(?:%|procent\b|percent\b)|%|"
                    rf"\b(?:één|eén|een|1|{_NUMBER_WORD})\s+(?:op|op\s+de|in|in\s+de|out\s+of)\s+"
                    rf"(?:\d+|{_NUMBER_WORD})\b)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w.])(1[89]\d\d|20\d\d)(?![\w.]\d)")
_VALUE = {
    "count": re.compile(rf"(?<![\w.])\d+(?:[.,]\d+)?(?!\w)|%|\b(procent|percent|{_NUMBER_WORD})\b",
                        re.IGNORECASE),
    "amount": re.compile(r"€\s?\d|\b\d+(?:[.,]\d+)*\s*(euro|miljoen|miljard|mln|mld)\b|\beuro\b|"
                         r"\b(ton|tonnen)\b", re.IGNORECASE),
    "duration": re.compile(
        rf"(\d+|\b(?:{_NUMBER_WORD}|een|enkele|paar|vele|lange|ruim|bijna))\s+(?:\w+\s+)?(?:{_UNIT})\b|"
        rf"\b(sinds|vanaf|since)\s+(?:{_MONTHS}\s+)?(1[89]\d\d|20\d\d)\b|"
        rf"\b(jarenlang|maandenlang|wekenlang|decennialang|for\s+years)\b|"
        # 'een driedaagse cursus', 'het vijfjarige programma', 'a 3-day course'
        r"\b(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|\d+)-?(?:daags|jarig|maands|weeks)e?\b|"
        r"\b\d+-(?:day|week|month|year)\b", re.IGNORECASE),
    "date": re.compile(
        rf"(?<![\w.])(1[89]\d\d|20\d\d)(?![\w.]\d)|\b({_MONTHS}|voorjaar|najaar|zomer|winter|spring|"
        rf"summer|autumn|geleden|ago)\b|\bjaren\s+(['‘’]?\d0|twintig|dertig|veertig|vijftig|zestig|"
        rf"zeventig|tachtig|negentig)|\b(19|20)\d0s\b", re.IGNORECASE),
    "legal_form": re.compile(r"\b(stichting|vereniging|co[öo]peratie|b\.?v\.?|n\.?v\.?|rechtsvorm|"
                             r"rechtspersoon|convenant|overeenkomst|foundation|association|cooperative)\b",
                             re.IGNORECASE),
    # a telephone number, an e-mail address, a web address, a street with its number or a postcode
    "contact": re.compile(r"(?<![\w.])(?:\+31|0)\d{1,3}[\s-]?\d{3}[\s-]?\d{3,4}(?!\w)|[\w.+-]+@[\w-]+\.[\w.]+|"
                          r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:nl|com|org|eu|be|net|info)\b|"
                          r"\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|singel|gracht|kade|dijk|hof|park|steeg|dreef|"
                          r"markt|boulevard|pad)\s+\d+[a-z]?\b|\b\d{4}\s?[A-Z]{2}\b"),
    # what a result reports: 'Het resultaat: bijna 500 mensen uit de uitkering', 'is gedaald',
    # 'leidde tot', a percentage
    "outcome": re.compile(r"\b(resulta(?:at|ten)|opgeleverd|leverde\w*|geleid|leidde\w*|gedaald|daalde\w*|"
                          r"gestegen|stegen?|gehalveerd|verdubbeld|afgenomen|namen?\s+af|toegenomen|"
                          r"verbeterde?n?|verslechterde?n?|gelukt|lukte\w*|geslaagd|gerealiseerd|realisatie|"
                          r"gebouwd|geopend|effect(?:en)?|"
                          r"results?|resulted|improved|reduced|increased|decreased|succeeded|achieved)\b|"
                          r"\d+(?:[.,]\d+)?\s?%|\bprocent\b", re.IGNORECASE),
    "reason": re.compile(r"\b(omdat|want|doordat|daardoor|daarom|vanwege|reden|oorzaak|zodat|"
                         r"dankzij|because|since|due\s+to|therefore|reason)\b", re.IGNORECASE),
}
_ROLES = (r"burgemeester|wethouder|directeur|directeur-bestuurder|bestuurder|bestuurders|voorzitter|"
          r"co[öo]rdinator|hoogleraar|manager|netwerkmanager|projectleider|programmamanager|ambtenaar|"
          r"secretaris|penningmeester|regisseur|trekker|kwartiermaker|gemeente|corporatie|corporaties|"
          r"partners|partner|zorgaanbieder|zorgaanbieders|ministerie|provincie|bewoners|organisaties|"
          r"mayor|director|chair|coordinator|professor|manager|municipality|partners")
_ROLE = re.compile(rf"\b({_ROLES})\b", re.IGNORECASE)
_ORG_WORD = re.compile(r"\b(stichting|platform|ministerie|gemeente|corporatie|uitgeverij|uitgever|"
                       r"vereniging|bureau|instituut|universiteit|fonds|raad|dienst|programma|"
                       r"publisher|ministry|foundation|institute|university|council)\b", re.IGNORECASE)
_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w'’-]+(?:\s+(?:van|de|der|den|ten|ter)?\s*[A-Z][\w'’-]+)*")
_LEANS = re.compile(r"^[\"“‘'(]*(die|dat|dit|deze|daar\w*|hier\w*|maar|dus|daarom|ook|hij|zij|ze|"
                    r"en|want|bovendien|daarnaast|toch|zo|zij|hun|hen|terwijl|hetzelfde|evenals|dan|"
                    r"vervolgens|tegelijkertijd|anderzijds|omgekeerd|bijvoorbeeld|zulke|of|"
                    # connectives that point back to a condition, claim or argument before
                    # them ('Anders bestaat de kans dat deze partner … afhaakt', 'Kortom: …');
                    # 'Anders dan …' compares and stands on its own
                    r"anders(?!\s+dan\b)|immers|echter|desondanks|niettemin|kortom|zodoende|vandaar|"
                    r"eveneens|evenmin|overigens|trouwens|"
                    # a preposition whose object is left out, right before the verb: 'Zónder
                    # zal de maatschappij … vragen stellen' (without the value named before)
                    r"z[oó]nder(?=\s+(?:zal|zou|zullen|zouden|is|was|wordt|werd|kan|kon|kunnen|gaat|"
                    r"blijft|lukt|heeft|hebben|moet|moeten)\b)|"
                    # 'Integendeel, onderzoek en ervaring laten zien …' contradicts the sentence
                    # before it; 'Op die manier …' goes on from it ('Ten tweede …' only numbers
                    # a point that stands on its own)
                    r"integendeel|tevens|bijgevolg|derhalve|dientengevolge|nochtans|verder|sterker\s+nog|"
                    r"met\s+andere\s+woorden|op\s+(?:die|deze)\s+manier|"
                    r"nevertheless|nonetheless|instead|likewise|similarly|consequently|accordingly|"
                    r"on\s+the\s+contrary|in\s+other\s+words|"
                    r"this|that|these|those|but|so|also|he|she|they|it|and|then|which|however|"
                    r"therefore|such|otherwise|moreover|furthermore|thus|hence|besides)\b", re.IGNORECASE)

REACH = {"count": 6, "amount": 8, "duration": 8, "date": 10, "person": 10, "organisation": 10,
         "place": 10, "legal_form": 12, "contact": 12, "outcome": 12, "list": 99, "reason": 99}


@dataclass(frozen=True)
class SlotCheck:
    has_value: bool  # the sentence holds a value of the asked kind (always true for open kinds)
    bound: bool  # … within reach of the question's head or focus words
    focus: float  # rarity-weighted share of the question's focus words in the sentence
    entities: float  # share of the names/years/numbers the question names (1.0 when it names none)


def names_list(q: Question, listed: str) -> bool:
    """A list's lead-in ('De bouwstenen:', '… in vier soorten legitimatie:') names what the
    question asks to list (its head), or the question names nothing."""
    return not q.head or holds(q.head, words(listed.split(":", 1)[0]), q.forms)


def named_value(q: Question, sentence: str) -> bool:
    """The sentence binds a value of the asked kind that names it: a number, a date, a sum,
    or, for a person, organisation or place, a name ('214 signalen', 'Gábor Oolthuis');
    never a role or a kind of organisation ('de burgemeester', 'dertien organisaties' for
    'welke organisaties'), which near-misses bind as often as answers do."""
    return q.typed and q.kind != "list" and check(q, sentence, names_only=True).bound


def check(q: Question, sentence: str, before: str = "", after: str = "", members: int = 0,
          names_only: bool = False) -> SlotCheck:
    """``before`` / ``after``: the neighbouring sentences, where the focus a value is bound
    to may stand ("Het is ongeveer een jaar geleden, april 2019. Na een periode van
    voorbereidingen startte onze reis."). ``members``: the sentence is a list's lead-in
    with this many members, one per line ('… drie werkgroepen: de werkgroep Wonen, …;
    de werkgroep Zorg, …; …'): its count of the asked noun comes with the members."""
    toks = words(sentence)
    focus = coverage(q.focus, toks, q.forms)
    ents = entity_share(q.entities, toks)
    if q.kind == "definition":
        # bound: the sentence defines the asked term ('Proeftuin Ruwaard is een …')
        return SlotCheck(True, defines(q, sentence), focus, ents)
    if not q.typed and q.kind != "reason":
        return SlotCheck(True, focus > 0, focus, ents)
    if q.kind == "list" and members:
        # as many members, and a list of what is asked: the lead-in names it ('… in vier
        # soorten legitimatie:' for 'welke vier soorten legitimatie …'); the members are
        # the values, whatever their words
        return SlotCheck(True, members >= max(2, q.list_n) and names_list(q, sentence), focus, ents)
    offset = len(words(before))
    own = set(q.entities) | {w for w in q.focus if w.isdigit() or w in NUMBER_WORDS}
    spans = [offset + v for v, token in value_tokens(q, sentence, names_only)
             if fold(token) not in own and not _repeats_question(q, token)]
    if not spans:
        return SlotCheck(False, False, focus, ents)
    if q.kind != "date" and other_date(q, sentence):
        # '91.200 euro in 2025' is no value for the budget of 2026
        return SlotCheck(True, False, focus, ents)
    if q.language == "en" and not any(q.forms.get(w) for w in _asked_words(q)[0]):
        # an English question's words are not in the Dutch sentences: its value must stand
        # near their Dutch words ('alderman' → 'wethouder': a name next to 'kwartiermaker'
        # is not the alderman); without Dutch words for them, a value of the asked kind in a
        # sentence that matches in meaning is all that can be checked
        return SlotCheck(True, True, focus, ents)
    anchors = _anchor_positions(q, words(before) + toks + words(after))
    if not anchors:
        return SlotCheck(True, False, focus, ents)
    reach = REACH.get(q.kind, 10)
    if q.kind == "list":
        bound = bool(anchors) and _enumerates(sentence, q.list_n) and not _counts_head(q, toks)
    elif q.kind == "count" and q.head:
        # a count is attached to the counted noun: '20 gebieden', 'zes nieuwe indicatoren',
        # 'deelnemers: 34'; '5.000 euro' near 'partners' counts no partners
        # and within one sentence: 'een 8,1. Bewoners noemden …' counts no residents
        # only adjectives between the number and the noun ('dertien deelnemende
        # maatschappelijke organisaties', '14 ervaren netwerkmanagers'): 'twee regionale
        # werkplaatsen waar partners …' counts workplaces, 'één van de partners' no partners.
        # An English question's noun is matched through its Dutch words, which may name
        # another noun of the phrase ('vijf onderwijsinstellingen voor verpleegkunde' for
        # 'nursing schools'): only the distance is checked there
        units = {offset + i for i, t in enumerate(toks) if t in _MEASURES}
        sentence_of = _sentence_ids([before, sentence, after])
        around = words(before) + toks + words(after)
        strict = q.language == "nl"
        # (the rest of a number is no word between: '50.000 bewoners' reads as '50', '000')
        bound = any((0 < a - v <= 4 and (not strict or all(_adjective(t) or t.isdigit() for t in around[v + 1:a]))
                     or 0 < v - a <= 2)
                    and v + 1 not in units and sentence_of[a] == sentence_of[v]
                    for a in anchors for v in spans)
    else:
        bound = any(abs(a - v) <= reach for a in anchors for v in spans)
    return SlotCheck(True, bound, focus, ents)


_COPULA = r"(?:is|zijn|was|waren|betekent|betekenen|staat\s+voor|houdt\s+in|are|means)"
_ARTICLE = r"(?:een|de|het|geen|a|an|the)"
# what a person or an organisation is, said next to the name: 'corporatiebestuurder Tinka
# van Rood', 'Ralf Embrechts, directeur-buurman van …', 'woningcorporatie Trivire', 'het
# netwerk Samen één in Feijenoord' (folded words, so 'coördinator' reads 'coordinator')
_PERSON_ROLE = (r"[\w-]*(?:directeur|bestuurder|hoogleraar|onderzoeker|wetenschapper|adviseur|manager|"
                r"regisseur|kwartiermaker|wethouder|burgemeester|voorzitter|coordinator|leider|"
                r"oprichter|secretaris|ambtenaar|trekker|professor|director|researcher|founder|chair|"
                r"corporatie|stichting|netwerk|samenwerkingsverband|alliantie|programma|platform|"
                r"vereniging|bureau|organisatie|fonds|association|foundation|network|programme)[\w-]*")


@lru_cache(maxsize=512)
def _definition_pattern(term: str) -> re.Pattern[str]:
    """On the folded sentence: 'X is een …', 'X (…) is …' and 'X: …' opening it; 'X, een …'
    anywhere (also after a verb's particle: 'richtte hij Duval Union op, een
    samenwerkingsverband …'); and 'is X een …' ('In Tilburg is de MOM een begrip …').
    A person's role next to the name: 'stelt corporatiebestuurder Tinka van Rood', 'Ralf
    Embrechts, directeur-buurman van …'. An abbreviation after what it stands for: 'het
    Nationaal Programma Leefbaarheid en Veiligheid (NPLV)'; a name set off after what it is:
    'Het raamwerk, het Netwerkmozaïek, bevat …', '… een fonds voor huurders in acute
    financiële nood, de Bossche Bond.'; what it is in brackets after the name: 'neXus (de
    samenwerking van deze drie MKW-corporaties …)'; where a person works: 'Kim Putters, toen
    werkzaam voor de Erasmus Universiteit, …'; a relative clause set off after a concept:
    'praktische legitimatie, die gestalte krijgt in …'.
    Not 'Vanuit het NPLV is het dan ook de bedoeling …', where X is no subject, nor a
    speaker's name before a quote ('Kenis: “Er is …')."""
    t = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"^[\"“‘'(]*(?:{_ARTICLE}\s+)?{t}\b(?:\s*\([^)]*\))?\s*(?:{_COPULA}\b|:(?!\s*[\"“‘']))"
                      rf"|\b{t}(?:\s\w+)?,\s*{_ARTICLE}\b"
                      rf"|\b{t},\s+(?:die|dat|waarbij|waarin|waarmee|which|where)\b"
                      rf"|\b{t}\s*\(\s*(?:{_ARTICLE}\s|{_PERSON_ROLE})"
                      rf"|\b{t},\s+(?:(?:toen|nu|destijds|then|now)\s+)?(?:werkzaam|working)\b"
                      rf"|\b{_ARTICLE}\s+[\w-]+(?:\s+[\w-]+){{1,7}},\s+(?:{_ARTICLE}\s+)?{t}\s*[.;]"
                      rf"|\b{_PERSON_ROLE}\s+(?:{_ARTICLE}\s+)?{t}\b|\b{t},\s+(?:{_ARTICLE}\s+)?{_PERSON_ROLE}"
                      rf"|\w\s+\(\s*{t}\s*\)"
                      rf"|\b{_ARTICLE}\s+[\w-]+,\s+(?:{_ARTICLE}\s+)?{t}\s*,"
                      rf"|\b{_COPULA}\s+(?:{_ARTICLE}\s+)?{t}\s+{_ARTICLE}\b")


def defines(q: Question, sentence: str) -> bool:
    """Does the sentence define what 'Wat is X?' asks about (a name or a concept)? Never for
    another question."""
    term = defined_term(q.text) or concept_term(q.text)
    return bool(term) and bool(_definition_pattern(term).search(" ".join(fold(sentence).split())))


def _masked(m: re.Match) -> str:
    """What is no value, made unreadable as one while every word keeps its place (the
    positions are compared with the question's words)."""
    if m.start() and m.string[m.start() - 1].isalpha():
        return " " * len(m.group(0))  # digits of a word ('Platform31'): the word stays one
    return "".join("x" if ch.isalnum() else ch if ch.isspace() else " " for ch in m.group(0))


def _adjective(token: str) -> bool:
    """An inflected adjective or participle as it stands before a noun ('regionale',
    'deelnemende', 'ervaren'), not a function word ('de', 'van')."""
    return len(token) >= 4 and (token.endswith("e") or token.endswith("en"))


def _sentence_ids(pieces: list[str]) -> list[int]:
    """For each token of ``words`` over the pieces in turn: the number of its sentence."""
    ids: list[int] = []
    n = 0
    for piece in pieces:
        last = 0
        for _start, b in split_sentences(piece):
            ids += [n] * len(words(piece[last:b]))  # text between sentences joins the next one
            last, n = b, n + 1
        ids += [n] * len(words(piece[last:]))
        n += 1
    return ids


def _repeats_question(q: Question, token: str) -> bool:
    """A name, role or organisation the question itself names is not its answer: 'directeur'
    or 'HR-directeur' for 'Hoe heet de directeur …', 'Patrick Kenis' for '… de cursus van
    Kenis', 'bureau' for 'Welk bureau …'."""
    if q.kind not in ("person", "organisation", "place", "legal_form"):
        return False
    parts = words(token)
    if not parts:
        return False
    asked = words(q.text)
    parts = [p for p in parts if len(p) > 2] or parts  # 'HR-directeur': the 'hr' says nothing
    if all(any(same_word(p, w) or same_word(w, p) for w in asked) for p in parts):
        return True
    return any(same_word(p, e) for p in parts for e in q.entities if not e.isdigit())


def value_positions(q: Question, sentence: str) -> list[int]:
    return [i for i, _ in value_tokens(q, sentence)]


def value_tokens(q: Question, sentence: str, names_only: bool = False) -> list[tuple[int, str]]:
    """(token position, matched text) of the values of the asked kind in the sentence;
    ``names_only``: of a person, organisation or place only names, no role or kind of
    organisation ('de burgemeester', 'het bureau')."""
    text = _NOT_VALUES.sub(_masked, sentence)
    kind = q.kind
    if kind == "count":
        text = _YEAR.sub(_masked, text)  # a year is no count
        # 'één op de drie huurders' is a share, '20% kwetsbare inwoners' a percentage: no
        # count of tenants or residents, unless the question asks for a share
        if not _ASKS_SHARE.search(q.text):
            text = _SHARE.sub(_masked, text)
        matches = [m for m in _VALUE["count"].finditer(text) if not _is_vague_een(m.group(0))
                   and not (q.language == "nl" and m.group(0).casefold() in _ENGLISH_NUMBERS)]
    elif kind in _VALUE:
        matches = list(_VALUE[kind].finditer(text))
    elif kind in ("person", "organisation", "place"):
        found = [p for m in _NAME.finditer(text) if _looks_like_name(m.group(0)) for p in _unasked(q, text, m)]
        if names_only:
            return found
        if kind == "person" and not _ASKS_NAME.search(q.text):  # 'wie betaalt?' - 'de gemeente'
            found += [(_token_index(text, m.start()), m.group(0)) for m in _ROLE.finditer(text)]
        elif kind == "organisation":
            found += [(_token_index(text, m.start()), m.group(0)) for m in _ORG_WORD.finditer(text)]
        return found
    elif kind == "list":
        return [(0, "")] if _enumerates(sentence, q.list_n) else []
    else:
        return [(0, "")]
    return [(_token_index(text, m.start()), m.group(0)) for m in matches]


def _unasked(q: Question, text: str, m: re.Match) -> list[tuple[int, str]]:
    """A run of capitalised words as a value: the whole run, or, when it begins or ends with
    words the question names, the rest ('Programmaleider van Nieuwe Energie Overijssel Gábor
    Oolthuis' answers 'Wie is de programmaleider van Nieuwe Energie Overijssel?' with 'Gábor
    Oolthuis'). A person's rest is two words at least: 'Patrick' in 'Patrick Kenis' names
    no one else than the Kenis the question asks about."""
    start = _token_index(text, m.start())
    parts = words(m.group(0))
    asked = set(words(q.text)) | set(q.entities)

    def named(w: str) -> bool:
        return any(same_word(w, a) for a in asked)

    i, j = 0, len(parts)
    while i < j and named(parts[i]):
        i += 1
    while j > i and named(parts[j - 1]):
        j -= 1
    if (i, j) == (0, len(parts)) or i == j:
        return [(start, m.group(0))]  # nothing named, or all of it: _repeats_question decides
    rest = parts[i:j]
    if q.kind == "person" and len(rest) < 2:
        return []
    return [(start + i, " ".join(rest))]


def _is_vague_een(token: str) -> bool:
    return token.casefold() in ("een",)


def _looks_like_name(token: str) -> bool:
    return fold(token) not in _COMMON_CAPS and len(token) > 2


_COMMON_CAPS = frozenset("""de het een in op als dat die dit deze wat hoe wie we wij ze zij ik je
maar en of dus ook toen nu dan er daar hier bij voor met volgens the a an this that we they it
netwerkmozaiek bouwsteen opgave waarde binding deelname verankering organisatie samen
""".split())


def _token_index(text: str, char: int) -> int:
    return len(re.findall(r"[^\W_]+", text[:char]))


# a network's members go by several names: 'hoeveel partners' is answered by 'dertien
# deelnemende organisaties'
_PARTICIPANTS = frozenset(("partner", "partners", "partij", "partijen", "organisatie", "organisaties",
                           "deelnemer", "deelnemers", "lid", "leden", "member", "members", "party", "parties",
                           "organisation", "organisations", "organization", "organizations", "participants"))


_PEOPLE = frozenset(("mensen", "personen", "people", "persons"))
# counted nouns that name the same thing: 'hoeveel gezinnen' is answered by '142 huishoudens'
_HOUSEHOLDS = frozenset(("gezin", "gezinnen", "huishouden", "huishoudens", "household", "households",
                         "family", "families"))
# a head that only says a sum of money is asked: 'hoeveel geld' is answered by '8.200 euro'
MONEY_HEADS = frozenset(("geld", "bedrag", "money", "sum"))
# nouns for people, also as the end of a compound ('corporatiebestuurders', 'buurtbewoners')
_PERSON_NOUNS = tuple("""mensen personen bewoners inwoners burgers bestuurders medewerkers deelnemers
huurders vrijwilligers professionals ondersteuners werkers managers directeuren kinderen jongeren
ouderen studenten leerlingen ouders cliënten clienten klanten patiënten leden gezinnen huishoudens
people persons residents inhabitants citizens employees participants tenants volunteers members
children families""".split())

# heads that name the kind of value asked for, not what it is attached to
_TYPE_NOUNS = {
    "place": frozenset("stad plaats gemeente dorp wijk buurt regio provincie land city town place village "
                       "municipality region country".split()),
    "organisation": frozenset("partij partijen organisatie organisaties instelling instellingen instantie "
                              "instanties bedrijf bedrijven party parties organisation organisations "
                              "organization organizations".split()),
    "person": frozenset("persoon personen auteur auteurs schrijver schrijvers person people author authors "
                        "writer".split()),
}


def _asked_words(q: Question) -> tuple[list[str], bool]:
    """What the value must attach to, and whether that is the head noun: the head ('leden'
    in 'hoeveel leden'), strictly when the question has one; else the rarest focus words
    that are not names the question mentions (a year next to 'Kenis' does not say when
    Kenis obtained his doctorate). A head that only names the kind of value asked ('In
    welke stad …', 'Welke partijen …', 'Op welke auteur …') rarely stands next to the
    value ('… een kinderarts in Arnhem …'): the rarest focus words count beside it."""
    typed_head = q.head in _TYPE_NOUNS.get(q.kind, ())
    if q.head and q.kind not in ("list", "amount") and not typed_head:
        # a list names its members, not the listed noun; 'hoeveel geld' is answered by a
        # sum near the focus, not near 'geld'
        return [q.head], True
    names = set(q.entities) | {q.head} | set(NUMBER_WORDS)
    plain = [w for w in q.focus if w not in names] or list(q.focus)
    rarest = sorted(plain, key=q.focus.get, reverse=True)[:3]
    return ([q.head, *rarest] if typed_head else rarest), False



def _anchor_positions(q: Question, toks: list[str]) -> list[int]:
    """Where the value must attach: the positions of the asked words (``_asked_words``), or
    of an English question's Dutch words for them (``q.forms``)."""
    asked, head = _asked_words(q)
    counted = head and q.kind == "count"
    kin = counted and q.head in _PARTICIPANTS  # how many, not which one
    # 'hoeveel mensen' is answered by 'ruim 50.000 bewoners', 'vijf corporatiebestuurders'
    people = counted and q.head in _PEOPLE
    forms = [*asked, *(f for w in asked for f in q.forms.get(w, ()))]
    if counted and q.head in _HOUSEHOLDS:
        forms += sorted(_HOUSEHOLDS)
    return [i for i, t in enumerate(toks)
            if any(same_word(w, t) for w in forms) or (kin and any(t == w or t.endswith(w) for w in _PARTICIPANTS))
            or (people and t.endswith(_PERSON_NOUNS))]


def _counts_head(q: Question, toks: list[str]) -> bool:
    """'Er volgden nog 14 bestemmingen': a count of the listed things, not their names."""
    def number(t: str) -> bool:
        return t.isdigit() or t in NUMBER_WORDS

    # 'drie particuliere verhuurders': an adjective may stand between the number and the noun
    return any(same_word(q.head, t) and i > 0 and (number(toks[i - 1]) or (
        i > 1 and toks[i - 1].endswith("e") and number(toks[i - 2])))
        for i, t in enumerate(toks)) if q.head else False


def _enumerates(sentence: str, n: int) -> bool:
    """Does the sentence list several members (n of them, when the question says how many)?
    Three members at least: 'a, b en c', 'a; b; c', bullets (two, 'a en b', when the question
    asks for two); within one sentence (a comma in one and an 'en' in the next list nothing)."""
    need = max(2, n - 1) if n else 2
    if len(re.findall(r"•", sentence)) >= need:
        return True
    for a, b in split_sentences(sentence) or [(0, len(sentence))]:
        part = sentence[a:b]
        commas = len(re.findall(r"[,;]", part))
        # 'a, b en c': the last member joins after a comma ('Oost en Molenkamp …, bijvoorbeeld'
        # lists nothing)
        joined = bool(re.search(r"[,;][^.!?]*\s(?:en|and|of|or)\s", part))
        if commas >= need or (commas >= need - 1 and joined):
            return True
        if n == 2 and re.search(r"\s(?:en|and)\s", part):
            return True  # 'welke twee …': 'Proeftuin Ruwaard in Oss en de MOM in Tilburg
    return False


def same_word(a: str, b: str) -> bool:
    """Forms of one word, or one inside the other's compound: 'leden' ~ 'lid'? no; 'corporatie'
    ~ 'woningcorporaties' yes; 'betaalt' ~ 'betalen' (shared first five letters) yes."""
    if a == b:
        return True
    if len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]:
        return True
    # a past participle by its stem: 'geanalyseerd' ~ 'analyseren' (as ``Tokens.has``)
    sa, sb = participle_stem(a), participle_stem(b)
    if (sa or sb) and any(len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]
                          for x in (a, sa) for y in (b, sb) if x and y):
        return True
    if len(a) >= 6 and len(b) > len(a):
        if b.startswith(a):
            return True  # 'beleid' in 'beleidsmakers'
        for stem in (b, b[:-1], b[:-2]):  # 'corporatie' in 'woningcorporaties'
            if len(stem) > len(a) and stem.endswith(a):
                return compound_head(a, stem)
    if len(b) >= 4 and len(a) > len(b) + 2 and a.endswith(b):
        return True  # the head of a compound: 'verkenningsreis' ~ 'reis'
    return False


def compound_head(head: str, word: str) -> bool:
    """Is ``head`` the head of the compound ``word`` (which ends with it)? Yes unless the
    word splits into fewer known words with a longer head: 'subsidieverstrekker' is
    'subsidie' + 'verstrekker', not 'subsidievers' + 'trekker', so a question about a
    'trekker' does not find it; 'woningcorporatie' is 'woning' + 'corporatie'. A word
    without a known split keeps its head (names, words outside the word list)."""
    if _linked_word(word[: -len(head)]):
        return True
    for cut in range(3, len(word) - len(head) - 1):
        longer = word[cut:]  # a known word ending in ``head``, after a known word
        if _known(longer) and _linked_word(word[:cut]):
            return False
    return True


@lru_cache(maxsize=50000)
def _known(word: str) -> bool:
    """A word of everyday Dutch (wordfreq's list), three letters or more."""
    from wordfreq import zipf_frequency

    return len(word) >= 3 and zipf_frequency(word, "nl") > 0


def _linked_word(part: str) -> bool:
    """A known word, possibly with a linking -s-, -e- or -en- ('verkennings', 'woning')."""
    return _known(part) or (part[-1:] in ("s", "e") and _known(part[:-1])) or \
        (part.endswith("en") and _known(part[:-2]))


def coverage(weights: dict[str, float], toks, forms: dict[str, tuple[str, ...]] | None = None) -> float:
    """Weighted share of the words in ``weights`` that ``toks`` hold (a word also counts by
    one of its ``forms``: the Dutch words of an English word)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    have = Tokens.of(toks)
    found = sum(w for word, w in weights.items() if holds(word, have, forms))
    return found / total


@lru_cache(maxsize=16384)
def participle_stem(word: str) -> str:
    """A Dutch past participle without its 'ge' ('geanalyseerd' → 'analyseerd', 'opgezet' →
    'opzet'), so that its first five letters meet the other forms of the verb; '' for a word
    that is no such participle or leaves fewer than five letters ('gezin', 'geld')."""
    for particle in ("", *SEPARABLE_PARTICLES):
        if word.startswith(particle + "ge") and len(word) - len(particle) - 2 >= 3:
            stem = particle + word[len(particle) + 2:]
            return stem if len(stem) >= 5 else ""
    return ""


class Tokens:
    """A sentence's words, indexed for ``same_word`` lookups: whether it holds a form of a
    word costs a few set lookups instead of a comparison with every word (an English
    question brings up to eight Dutch words per word)."""

    __slots__ = ("words", "prefixes", "joined")

    def __init__(self, toks):
        self.words = set(toks)
        self.prefixes = {t[:5] for t in self.words if len(t) >= 5}
        # a past participle by its stem too: 'geanalyseerd' ~ 'analyseren', 'opgezet' ~ 'opzetten'
        self.prefixes |= {b[:5] for b in map(participle_stem, self.words) if b}
        self.joined = "\n".join(self.words)

    @classmethod
    def of(cls, toks) -> Tokens:
        return toks if isinstance(toks, Tokens) else cls(toks)

    def has(self, a: str) -> bool:
        """Some word here is ``a`` or a form of it (``same_word(a, word)``)."""
        if a in self.words or (len(a) >= 5 and a[:5] in self.prefixes):
            return True  # the same word, or the same first five letters
        stem = participle_stem(a)
        if stem and stem[:5] in self.prefixes:
            return True  # 'geanalyseerd' asked, 'analyseren' written
        if len(a) >= 6 and a in self.joined and any(same_word(a, t) for t in self.words if a in t):
            return True  # inside a longer compound: 'corporatie' in 'woningcorporaties'
        return any(a[-k:] in self.words for k in range(4, len(a) - 2))  # the head of a compound


def holds(word: str, toks, forms: dict[str, tuple[str, ...]] | None = None) -> bool:
    """``toks`` hold ``word``, a form of it, or one of its ``forms``."""
    have = Tokens.of(toks)
    return any(have.has(a) for a in (word, *(forms or {}).get(word, ())))


def entity_share(entities: tuple[str, ...], toks: list[str]) -> float:
    if not entities:
        return 1.0
    have = set(toks)
    hit = 0
    for e in entities:
        parts = [p for p in re.split(r"[-'’]", e) if p]
        if e in have or all(p in have or any(t.startswith(p) for t in have if len(p) >= 4) for p in parts):
            hit += 1
        elif (stem := place_stem(e)) and any(t.startswith(stem) for t in have):
            hit += 1  # 'Arnhemse' where the text says 'Arnhem', 'Zaanse' where it says 'Zaanstad'
    return hit / len(entities)


_DAY = re.compile(rf"\b([1-9]|[12]\d|3[01])\s+({_MONTHS})\b", re.IGNORECASE)


def dates_in(text: str) -> set[str]:
    """The years and days ('24 september') a text names, folded."""
    return {m.group(0) for m in _YEAR.finditer(text)} | {" ".join(fold(m.group(0)).split())
                                                         for m in _DAY.finditer(text)}


def other_date(q: Question, text: str) -> bool:
    """The question names a year or a day, and ``text`` speaks of other ones only: 'de
    uitgaven in 2025' does not give the budget for 2026."""
    asked = dates_in(q.text)
    given = dates_in(text)
    return bool(asked and given and not asked & given)


def leans_on_previous(sentence: str) -> bool:
    """Starts mid-thought: a pronoun or connective that points back, a lowercase start, a
    quote fragment. Such a sentence is only quoted with the one before it."""
    s = _SPEAKER.sub("", sentence.lstrip())
    if not s:
        return False
    if s[0] in "…." or (s[0].isalpha() and s[0].islower()):
        return True
    return bool(_LEANS.match(s) or _PURPOSE_ONLY.match(s) or _then_back(s))


# 'Bij de andere deelnemers ontstaat dan vaak het beeld …', 'De kunst is dan om …': 'dan'
# early in the sentence, after its verb, stands for the situation the sentence before
# describes; not after a comparative ('verder dan', 'meer dan'), nor in a sentence that
# states its own condition ('Als …, dan …'), nor as 'dan ook' ('therefore': 'Het boek is dan
# ook bedoeld voor een breed publiek …' answers for whom the book is written on its own)
_THEN = re.compile(r"^[\"“‘'(]*((?:[^\s,;:]+[\s,]+){1,7}?)dan\b(?!\s+ook\b)", re.IGNORECASE)
_OWN_CONDITION = re.compile(r"^[\"“‘'(]*(als|wanneer|indien|zodra|pas|mocht|zolang|if|when)\b", re.IGNORECASE)


def _then_back(sentence: str) -> bool:
    m = _THEN.match(sentence)
    if not m or _OWN_CONDITION.match(sentence):
        return False
    near = [w.strip(",").casefold() for w in m.group(1).split()[-2:]]  # 'beter samen dan'
    return not any(w.endswith("er") or w in ("anders", "niets", "eerder") for w in near)


# an interview's speaker label before the quote ('Roy: “Dat hebben we gedaan …' leans on
# what Roy answered before as much as '“Dat hebben we gedaan …' would)
_SPEAKER = re.compile(r"^[^:“\"‘\n]{1,40}:\s*(?=[\"“‘'])")


# a purpose clause standing as a sentence: 'Om erachter te komen waarom iets niet kan bij een
# andere partij.' finishes the sentence before it ('Het is nodig om je … in te leven …');
# 'Om de opgave in beeld te krijgen zijn de partijen …' goes on with its own main clause
_PURPOSE_ONLY = re.compile(r"^[\"“‘'(]*om\s+(?:\S+\s+){0,8}?te\s+\w+"
                           r"(?:\s*[.!?…]|\s+(?:waarom|wat|hoe|of|dat|welke|wie|waar|wanneer)\b)",
                           re.IGNORECASE)


# 'Wie voelt zich verantwoordelijk voor die inrichting?', 'Welke relaties onderhoudt het
# netwerk met die omgeving …?': a demonstrative after a preposition points to the question
# before it
_POINTS_BACK_Q = re.compile(r"\b(?:voor|van|met|in|op|aan|bij|over|naar|uit|door|om|tot|rond|binnen)"
                            r"\s+(?:die|deze)\s+[a-zà-ÿ‘'(]", re.IGNORECASE)


def leans_back(sentence: str) -> bool:
    """Needs what comes before it: ``leans_on_previous``, or a demonstrative after a
    preposition anywhere in it ('Dat verschil (effect) wordt pas van waarde als …: wie is
    dat?', '… verantwoordelijk voor die inrichting?', 'Met die laatste optie kan …')."""
    return leans_on_previous(sentence) or bool(_POINTS_BACK_Q.search(sentence))


def number_value(token: str) -> int | None:
    t = token.casefold()
    if t.isdigit():
        return int(t)
    return NUMBER_WORDS.get(t)
