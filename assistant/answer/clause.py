"""A Dutch question as an indirect clause, for the sentence that says what the sources do
not say: 'Hoeveel leden telt de stuurgroep?' → 'hoeveel leden de stuurgroep telt'.

A heuristic without a parser: word lists of finite verbs, modals, particles and
prepositions decide which word is the verb and where it goes. Where no word reads as a
finite verb, there is no clause (the caller then says it generically), never a garbled one.
"""

from __future__ import annotations

import re

# a yes/no question opens with its finite verb ('Is er …', 'Kan een …')
YES_NO = re.compile(r"^(is|zijn|was|waren|kan|kun|kunnen|moet|moeten|mag|mogen|heeft|hebben|had|"
                    r"wordt|worden|werd|bestaat|bestaan|zit|zitten|gaat|gaan|helpt|werkt|doet|"
                    r"zal|zullen|zou|zouden|geldt|levert|leveren|"
                    r"is|are|was|were|can|could|should|must|does|do|did|has|have|will|would)\b",
                    re.IGNORECASE)
_ARTICLES = frozenset("de het een dit dat deze die zo'n".split())
_DETERMINERS = frozenset("""de het een dit dat deze die zo'n mijn onze ons jullie hun haar zijn
the a an this that these those our their his her its my your
""".split())
_MODALS = frozenset("""moet moeten kan kunnen mag mogen wil willen zal zullen hoeft hoeven gaat gaan
moest moesten kon konden mocht mochten wilde wilden zou zouden ging gingen laat laten liet lieten""".split())
# 'hoe' after the verb opens an embedded question: '… laten zien hoe aandacht … bijdraagt'
_SUBORDINATORS = frozenset("als wanneer omdat zodat terwijl nadat voordat zodra indien om hoe".split())
# … and after the verb of a yes/no question ('om' only with its 'te')
_YES_NO_SUBORDINATORS = frozenset("als wanneer omdat zodat terwijl nadat voordat zodra indien sinds toen doordat "
                                  "dat".split())
# separable particles: joined to their verb in a clause ('doen … mee' → 'meedoen'), and before
# the 'ge' of a past participle ('opgezet', 'afgesproken'; ``slots.participle_stem``)
SEPARABLE_PARTICLES = frozenset("mee op aan af in uit toe door terug samen bij na over vast weg voor om".split())
_FILLERS = frozenset("eigenlijk nou precies nu toch".split())
# plural nouns and adjectives ending in -en that are not the infinitive of a modal
_NOT_INFINITIVE = frozenset("""organisaties partners partijen corporaties gemeenten mensen bewoners
kosten middelen doelen leden afspraken regels eigen andere verschillende kleinen groten""".split())
_VERBS_IN_ING = frozenset("ontving ving ging hing verging onderging beging".split())
# finite forms common enough to take as the verb wherever they stand after the question phrase
_FINITE = frozenset("""is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen kon
konden moet moeten moest moesten mag mogen mocht wil willen wilde zal zullen zou zouden gaat gaan
ging gingen komt komen kwam kwamen doet doen deed deden staat staan stond stonden zit zitten zat
ligt liggen lag krijgt krijgen kreeg neemt nemen nam geeft geven gaf blijft blijven bleef ziet zien
zag vindt vinden vond speelt spelen telt tellen kost kosten betaalt betalen liep liepen schreef schreven
begon begonnen bleek bleken droeg droegen sprak spraken trok trokken zocht zochten bracht brachten
dacht dachten verscheen verschenen ontstond ontstonden vroeg vroegen hield hielden viel vielen koos
kozen won wonnen verloor verloren vertrok vertrokken bood boden sloot sloten""".split())
_ADDRESSED = frozenset("je jij u we wij ik".split())
_AUXILIARIES = frozenset("is zijn was waren wordt worden werd werden heeft hebben had hadden".split())
_NOUN_ENDING = re.compile(r"(ing|heid|schap|tie|teit|isme|nis|ment|agenda)$")
PREPOSITIONS = frozenset("""in op aan bij voor met van over door tegen tussen naar onder uit om tot sinds vanaf
via volgens namens tijdens zonder binnen buiten rond langs per vanuit boven beneden naast achter
dankzij ondanks wegens inzake omtrent rondom
in on at for with of over by against between to under from about""".split())


def indirect_clause(q: str) -> str:
    """A Dutch question as an indirect clause: the finite verb moves to the end.

    'Hoeveel leden telt de stuurgroep?' → 'hoeveel leden de stuurgroep telt';
    'Is er een opleiding voor netwerkmanagers?' → 'of er een opleiding voor netwerkmanagers is'.
    A heuristic (no parser): the verb is the first word after the question phrase that is
    followed by a determiner, pronoun, preposition, name or number.
    """
    toks = q.strip().rstrip("?!. ").split()
    if len(toks) < 2:
        return ""
    low = [t.casefold().strip(",;:") for t in toks]
    if any(w in _FINITE | _MODALS and nxt in _ADDRESSED for w, nxt in zip(low[1:], low[2:], strict=False)):
        return ""  # 'hoe breed … moet je …' → 'hoe breed je … moet' needs another verb form
    if YES_NO.match(q.strip()):
        verb, rest = toks[0].casefold(), toks[1:]
        if rest and rest[0].casefold() in ("je", "jij", "u", "we", "wij", "ik"):
            return ""
        # a subordinate clause stays after the verb: 'of Heerlen-Noord veiliger geworden is
        # sinds de alliantie er werkt', 'of het gelukt is om mensen … te krijgen'
        sub = next((k for k, t in enumerate(rest) if k and (t.casefold() in _YES_NO_SUBORDINATORS or (
            t.casefold() == "om" and "te" in (w.casefold() for w in rest[k + 1:])))), len(rest))
        main = rest[:sub]
        inf = _infinitive_at(main) if verb in _MODALS else None
        if inf is not None:  # 'of de gemeente de trekker moet zijn', as 'wie … moet hebben' below
            return "of " + " ".join(main[:inf] + [toks[0].casefold()] + main[inf:] + rest[sub:])
        return "of " + " ".join(main + [verb] + rest[sub:])
    # the question phrase: optional preposition, the question word, and for welk(e)/hoeveel its noun
    i = 0
    if low[0] in PREPOSITIONS and len(low) > 1:
        i = 1  # 'sinds wanneer …', 'met wie …', 'in welk jaar …'
    qword = low[i]
    if qword not in ("hoe", "hoeveel", "wat", "welk", "welke", "wie", "wiens", "waar", "waarom", "wanneer",
                     "waardoor", "waarmee", "waarvoor", "waarover", "waaraan", "waarop"):
        return ""
    j = i + 1
    if qword in ("hoe",) and j < len(low) and low[j] in ("lang", "veel", "vaak", "hoog", "groot", "oud"):
        j += 1
    alone = qword in ("welke", "welk") and i + 1 < len(low) and low[i + 1] in _FINITE
    if alone:
        j = i + 1  # 'welke is het gevaarlijkst': 'welke' stands alone, the verb follows at once
    elif qword in ("welke", "welk", "hoeveel"):
        j = i + 2  # the word after it belongs to the question phrase ('hoeveel corporaties zijn er …')
        after = low[i + 2] if i + 2 < len(low) else ""
        if qword == "hoeveel" and after in _ARTICLES and not _NOUN_ENDING.search(low[i + 1]):
            j = i + 1  # 'hoeveel kost een lidmaatschap …': the verb follows at once
    scanned = (qword in ("welke", "welk", "hoeveel") and not alone) or (qword == "hoe" and j > i + 1)
    if scanned:
        while j < len(toks) - 1 and low[j] not in _FINITE and not _looks_like_verb_slot(toks, j):
            j += 1
        if j < len(toks) and not _verb_like(toks[j]):
            # a noun before a determiner ('welke Zwitserse stad zijn de …'): the verb is a
            # common finite form further on, before any comma or subordinate clause; else no
            # clause rather than a garbled one
            k = j + 1
            while k < len(toks) and low[k] not in _FINITE and low[k] not in _SUBORDINATORS \
                    and not toks[k - 1].endswith((",", ";")):
                k += 1
            j = k if k < len(toks) and low[k] in _FINITE and not toks[k - 1].endswith((",", ";")) else len(toks)
    if j >= len(toks):
        return ""
    verb = toks[j]
    rest = toks[j + 1:]
    if rest and rest[0].casefold() in ("je", "jij", "u", "we", "wij", "ik"):
        return ""  # 'hoe voorkom je …' → 'hoe je … voorkomt' needs another verb form
    if len(rest) > 12:
        return ""  # too long to move the verb to the end and stay readable
    phrase = " ".join(toks[:j])
    body = [t for t in rest if t.casefold() not in _FILLERS]  # 'wie moet er eigenlijk …'
    comma = next((k for k, t in enumerate(body) if t.endswith((",", ";"))), None)
    if comma is not None:  # 'welk cijfer geeft hij, en waarop baseert hij dat': the first question
        body = body[:comma] + [body[comma].rstrip(",;")]
    # a subordinate clause stays after the verb: 'wat het kost als een huurder …'
    sub = next((k for k, t in enumerate(body) if k and t.casefold() in _SUBORDINATORS), len(body))
    main, tail = body[:sub], body[sub:]
    inf = _infinitive_at(main) if verb.casefold() in _MODALS else None
    if inf is not None:  # a modal goes before its infinitive: 'wie er de leiding moet hebben in …'
        moved = main[:inf] + [verb] + main[inf:]
    elif len(main) > 1 and main[-1].casefold() in SEPARABLE_PARTICLES and verb.casefold() not in _AUXILIARIES:
        # 'doen … mee' → '… meedoen' (but 'is … vast' stays 'vast is')
        moved = main[:-1] + [main[-1].casefold() + verb]
    elif main and main[0].casefold() in SEPARABLE_PARTICLES and (len(main) == 1 or main[1].casefold() in PREPOSITIONS):
        moved = main[1:] + [main[0].casefold() + verb]  # 'doen mee aan het netwerk' → 'aan het netwerk meedoen'
    else:
        moved = main + [verb]
    clause = " ".join([phrase, *moved, *tail]).strip()
    return clause[0].lower() + clause[1:] if clause else ""


def _infinitive_at(body: list[str]) -> int | None:
    """Index of the last word that looks like the infinitive a modal verb governs."""
    if len(body) > 1 and body[-1].casefold() in ("zijn", "worden", "hebben", "blijven", "gaan", "doen"):
        return len(body) - 1  # 'gehaald zijn' → 'gehaald moet zijn'
    for k in range(len(body) - 1, -1, -1):
        w = body[k].casefold().strip(",;:")
        before = body[k - 1].casefold() if k else ""
        if w.endswith(("en", "aan", "oen", "ien")) and len(w) > 3 and w not in _DETERMINERS \
                and w not in _NOT_INFINITIVE and w not in PREPOSITIONS \
                and not body[k][:1].isupper() and before not in _DETERMINERS and before not in PREPOSITIONS:
            return k
    return None


def _verb_like(word: str) -> bool:
    """Could this word be a finite verb: a common finite form, or a verb's ending ('-t',
    '-de', '-te', '-en') on a word without a noun's ending."""
    w = word.casefold().strip(",;:")
    return w in _FINITE or w in _VERBS_IN_ING or (
        w.endswith(("t", "de", "te", "den", "ten", "en")) and not _NOUN_ENDING.search(w))


def _looks_like_verb_slot(toks: list[str], j: int) -> bool:
    word = toks[j].casefold()
    if (_NOUN_ENDING.search(word) and word not in _VERBS_IN_ING) or word in PREPOSITIONS \
            or word in _ARTICLES:
        return False  # 'welke vormen van sturing van …': a noun, never the finite verb
    before = toks[j - 1].casefold() if j else ""
    if word.endswith("er") and len(word) > 4 and len(before) > 3 and before.endswith("e") \
            and not before.endswith(("ie", "ee")) and before not in _DETERMINERS:
        return False  # 'welke klassieke Duitse denker over …': a noun after its adjective
    raw = toks[j + 1] if j + 1 < len(toks) else ""
    nxt = raw.casefold()
    after = toks[j + 2].casefold() if j + 2 < len(toks) else ""
    if nxt in SEPARABLE_PARTICLES and (not after or after in PREPOSITIONS):
        return True  # 'doen mee aan …'
    pronouns = ("er", "je", "we", "wij", "ze", "zij", "hij", "u", "men", "ik")
    return (raw[:1].isupper() or nxt in _DETERMINERS or nxt in PREPOSITIONS or nxt in pronouns
            or nxt[:1].isdigit())
