"""Follow-up questions → standalone search queries, without gluing questions together.

``En wie betaalt de coördinator?`` means little to a retriever on its own, and glued to
the previous question ("Wie moet de regie hebben… — En wie betaalt de coördinator?") it
finds the previous answer again. Without an LLM we detect a follow-up (it opens with a
connective, points back with a pronoun, or is very short), drop the connective, and add
the previous question's topic words that the follow-up lacks, as context:
"Wie betaalt de coördinator? (netwerk, regie)". The answer layer weighs those context
words at half the weight of the question's own. With an LLM the model rewrites it.
Either way the query is returned so the UI can show it.

A word that can only point back ('daartegen', 'hiervan', 'toen', 'zo'n', 'such', 'his')
makes a question of up to ``_BACK_WORDS`` words a follow-up: 'Wat kun je daartegen doen?'
after 'Waarom haken partners af in een netwerk?'. The previous question is taken as it
was resolved itself, so a topic carries over a chain of follow-ups: 'Wat is Proeftuin
Ruwaard?' — 'En hoe is het gefinancierd?' — 'Wie is daar de baas?' still searches
Proeftuin Ruwaard.

A short question that points at an item of the list the previous answer gave ('Leg de
tweede eens uit.', 'En nummer 5?', 'What about the last one?') names that item instead
(``resolve_listed``): after the seven building blocks, 'Leg de tweede eens uit.' is asked
as 'Leg Waarde eens uit.'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.question import (
    INTERJECTION,
    QUESTION_WORDS,
    SECOND_QUESTION,
    WORD,
    content_words,
    fold,
    rarity,
    strip_opener,
)
from assistant.tuning import QueryTuning

_OPENERS = {"en", "maar", "dus", "ook", "of", "and", "but", "so", "also", "what about",
            "hoe zit", "en hoe", "en wat", "en wie", "waarom dan"}
_POINTERS = {"dat", "die", "dit", "deze", "daar", "daarvan", "daarbij", "daarin", "hij", "zij",
             "ze", "hun", "hen", "het", "hem", "zo'n", "that", "this", "they", "them", "it",
             "those", "these", "he", "she", "there", "hiervan", "ervan", "erbij"}


# words that only point back: with one of them a longer question is a follow-up too; and the
# pronominal adverbs ('daartegen', 'hiervan', 'ermee', 'daarna'; not 'waarvan', a question word)
_POINTING_ADVERB = re.compile(r"^(?:daar|hier|er)(?:aan|achter|bij|binnen|boven|buiten|door|in|langs|mee|"
                              r"na|naar|naast|om|omheen|onder|op|over|tegen|tegenaan|toe|tussen|uit|van|"
                              r"vandaan|voor|zonder)$")
_BACK = {"toen", "zo'n", "zo’n", "zulke", "zulk", "daar", "hier", "such", "his", "her", "their", "its"}
_BACK_WORDS = 14
_CHAIN = 3  # follow-ups resolved through at most this many earlier turns
# a word at least this rare (``question.rarity``) says what a question without pointing
# words is about ('bouwstenen' 0.77, 'netwerkvisitatie' 1.0); not 'partners' (0.53),
# 'financiering' (0.58) or 'voorzitter' (0.43), which ask on about the previous topic
_OWN_TOPIC = 0.6


_DUMMY_HET = re.compile(r"\bhet(?=\s+(?:\w+\s+)?(?:om|dat|voordat|als|wanneer|zodra)\b)")
# a name after the first word ('… van Proeftuin Ruwaard?'): the question says what it is about
_NAME = re.compile(r"(?<=\s)(?!I\b)[A-Z][\w’'-]+")


# A word that usually points back need not: 'het' before a word the conversation never used
# is an article ('Wie neemt … meestal het voortouw?'; 'het uitvoeringsprogramma' after an
# answer on it points back), a demonstrative before a name names ('Wie is die Ralf
# Embrechts eigenlijk?'), and an English pronoun after a name or a noun of its own question
# points inside it ('Why did Nieuwe Energie Overijssel put its governance discussion on
# hold?'). 'die afkorting' or 'zo'n aansluiting' still point back, whatever the noun.
_ARTICLE = re.compile(r"\b(het)(\s+)([^\W\d_]{3,})", re.IGNORECASE)
_NAMING = re.compile(r"\b(?:[Dd]ie|[Dd]at|[Dd]eze|[Dd]it)\s+(?=[A-Z])")
_PRONOUN = re.compile(r"\b(?:his|her|its|their|it|they|them|he|she)\b", re.IGNORECASE)
_ANTECEDENT = re.compile(r"\b(?:the|an?)\s+[^\W\d_]{3,}|(?<=\s)(?!I\b)[A-Z][\w’'-]+")
_COPULA = {"is", "was", "zijn", "waren", "wordt", "werd"}  # 'Wat is het verschil …': an article
# 'zo'n', 'zulke', 'such' before words the conversation never used speak in general ('Wat doet
# zo'n netwerkcoördinator de hele dag eigenlijk?'); 'zo'n aansluiting op het warmtenet'
# after an answer on the warmtenet points back
_SUCH = re.compile(r"\b(?:zo['’]n|zulke|zulk|such)\b", re.IGNORECASE)
_SUCH_REACH = 5  # words after it that may name what it points at ('zo'n aansluiting op het warmtenet')
# the later part of a compound question, or a clause after a subordinator: its pointing
# words point at the question's first part ('Wat is een netwerkvisitatie en waar is die
# uitgeprobeerd?', 'Hoe hoog was de verhuurderheffing voordat die werd afgeschaft?')
_LATER_PART = re.compile(SECOND_QUESTION.pattern + r"|\s(?:voordat|nadat|omdat|doordat|sinds|zodat|terwijl|zodra)\s",
                         re.IGNORECASE)
_SEEN_STEM = 5  # letters of a word that must open a word of the conversation ('programma's')


def _seen(word: str, seen: set[str]) -> bool:
    """``word`` itself, a compound of it ('het wijknetwerk' after 'netwerk') or its head ('het
    uitvoeringsprogramma' after 'het Amersfoortse programma') was used before."""
    stem = word[:max(_SEEN_STEM, len(word) - 2)]
    return any(w.startswith(stem) or (len(word) >= _SEEN_STEM and word in w)
               or (len(w) >= _SEEN_STEM and word.endswith(w)) for w in seen)


def _without_inward_pointers(question: str, history: Sequence[dict] | None) -> str:
    """``question`` without the pointing words that do not point at the conversation."""
    if history:
        recent = " ".join(str(t.get("content", "")) for t in history[-2 * _CHAIN:])
        seen = {fold(w) for w in WORD.findall(recent)}
        own = set(content_words(question))

        def article(m: re.Match) -> str:
            before = re.findall(r"[\w'’]+", question[:m.start()].casefold())
            if len(before) == 1 or (len(before) == 2 and before[0] in QUESTION_WORDS
                                    and before[1] not in _COPULA):
                return m.group(0)  # the subject after the verb: 'Kan het … losser?', 'Hoe werkt het …'
            word = fold(m.group(3))
            if word in own and not _seen(word, seen):  # not 'het niet', 'het beste'
                return m.group(3)
            return m.group(0)

        question = _ARTICLE.sub(article, question)

        def such(m: re.Match) -> str:
            after = [fold(w) for w in WORD.findall(question[m.end():])[:_SUCH_REACH]]
            named = [w for w in after if w in own]
            return m.group(0) if not named or any(_seen(w, seen) for w in named) else ""

        question = _SUCH.sub(such, question)
    later = _LATER_PART.search(question)
    first = question[:later.start()] if later else ""
    if content_words(first) and not any(_points(w) for w in re.findall(r"[\w'’]+", first.casefold())):
        rest = re.sub(r"[\w'’]+", lambda m: "" if _points(m.group(0).casefold()) else m.group(0),
                      question[later.end():])
        question = question[:later.end()] + rest

    def inward(m: re.Match) -> str:
        return "" if _ANTECEDENT.search(question, 0, m.start()) else m.group(0)

    return _PRONOUN.sub(inward, _NAMING.sub("", question))


def _points(word: str) -> bool:
    return word in _POINTERS or word in _BACK or bool(_POINTING_ADVERB.match(word))


def is_follow_up(question: str, history: Sequence[dict] | None = None) -> bool:
    """Whether ``question`` leans on the conversation before it (``history``: the turns
    before it; without them every 'het' counts as pointing back)."""
    question = INTERJECTION.sub("", question, count=1)  # 'Oké. En hoe …'
    words = re.findall(r"[\w'’]+", question.casefold())
    if not words:
        return False
    if words[0] in _OPENERS or " ".join(words[:2]) in _OPENERS:
        return True
    if _item_reference(question) is not None:
        return True  # 'Leg de tweede eens uit.': an item of the previous answer
    pointing = _without_inward_pointers(question, history).casefold()
    if len(words) <= _BACK_WORDS and any(w in _BACK or _POINTING_ADVERB.match(w)
                                         for w in re.findall(r"[\w'’]+", pointing)):
        return True
    # 'Wat kost het om …', 'Is het verstandig om …': a 'het' that opens the clause after it
    # points forward, not back
    pointers = [w for w in re.findall(r"[\w']+", _DUMMY_HET.sub(" ", pointing)) if w in _POINTERS]
    if _NAME.search(question) and all(w == "het" for w in pointers):
        return False  # 'Hoeveel fte heeft het programmabureau van Proeftuin Ruwaard?': 'het' an article
    if not pointers and any(rarity(w) >= _OWN_TOPIC for w in content_words(question)):
        # 'Welke bouwstenen zijn er?' after a question on aldermen: a rare word says what it
        # is about, as a name does; glued to the previous topic it missed the list of blocks
        return False
    if len(words) <= 4:
        return True
    if not content_words(question):
        return True  # 'Is er nog iets van over?': no word of its own says what it is about
    return len(words) <= 9 and bool(pointers)


def _previous(history: Sequence[dict]) -> tuple[str, int]:
    """The last question asked and its place in ``history`` ('' and -1: none)."""
    for i in range(len(history) - 1, -1, -1):
        turn = history[i]
        if turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip(), i
    return "", -1


def resolved_previous(history: Sequence[dict], limit: int = QueryTuning.context_words,
                      depth: int = _CHAIN) -> str:
    """The previous question as it was searched: itself, or, when it was a follow-up too,
    its standalone query (through at most ``depth`` turns)."""
    prev, i = _previous(history)
    if not prev or depth <= 0:
        return prev
    return standalone_query(resolve_listed(prev, history[:i]), history[:i], limit, depth - 1)


# ---- 'Leg de tweede eens uit.': an item of the previous answer's list -------------------

_ORDINALS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
    "achtste": 8, "negende": 9, "tiende": 10, "laatste": -1,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "last": -1,
}
# what may follow the ordinal and is replaced with it ('de tweede bouwsteen', 'the third one')
_ITEM_NOUNS = r"(?:one|item|point|step|bouwsteen|punt|stap|les|onderdeel|element|vraag|tip|daarvan|ervan|of\s+them)"
_ORDINAL_REF = re.compile(
    rf"\b(?:de|het|the)\s+(?P<word>{'|'.join(_ORDINALS)})(?:\s+{_ITEM_NOUNS})?\b"
    rf"|\b(?:nummer|punt|item|number|point|no\.?)\s*(?P<num>\d{{1,2}})\b"
    rf"|(?:\b(?:de|het|the)\s+)?(?<![\w.])(?P<nth>\d{{1,2}})(?:e|ste|de|st|nd|rd|th)\b",
    re.IGNORECASE)
_REF_WORDS = 9  # a longer question names its own topic ('Wat is de eerste stap bij het opzetten van …')
# an item of a numbered or bulleted list, on a line of its own
_ITEM_LINE = re.compile(r"^[ \t]*(?:(?P<n>\d{1,2})[.)]|[-•*–])[ \t]+(?P<text>\S.*)$", re.MULTILINE)
_CITE = re.compile(r"\s*\[\d+\]")
_LABEL = re.compile(r"^(?P<label>[^.:;?!]{2,40}?)[.:]\s")  # 'Waarde. Het expliciet maken …'
_LABEL_COMMA = re.compile(r"^(?P<label>[^.:;?!,]{2,40}?),\s")
_LABEL_WORDS = 4


# a list inside a sentence: after a colon, three items or more separated by semicolons ('… in
# vier soorten legitimatie: formele legitimatie, waarbij …; praktische legitimatie, die …; …')
_INLINE_LIST = re.compile(r":\s+(?P<items>[^:;\n]+(?:;\s+[^:;\n]+){2,})")


def listed_items(answer: str) -> list[str]:
    """The items of the list in an answer, in order, without their citation markers: the
    numbered lines when there are any, else the bulleted ones, else the items of the first
    list inside a sentence."""
    lines = [(m.group("n"), _CITE.sub("", m.group("text")).strip()) for m in _ITEM_LINE.finditer(answer)]
    numbered = [t for n, t in lines if n]
    items = numbered or [t for n, t in lines if not n]
    if items:
        return items
    m = _INLINE_LIST.search(_CITE.sub("", answer))
    return [i.strip().rstrip(".") for i in m.group("items").split(";")] if m else []


def _label(item: str) -> str:
    """How to name an item: its title ('Waarde' of 'Waarde. Het expliciet maken …', 'formele
    legitimatie' of 'formele legitimatie, waarbij …'), or its first words."""
    m = _LABEL.match(item) or _LABEL_COMMA.match(item)
    if m and len(m.group("label").split()) <= _LABEL_WORDS:
        return m.group("label").strip()
    return " ".join(item.rstrip(".").split()[:12])


def _listed_turn(history: Sequence[dict]) -> tuple[list[str], int]:
    """The items of the latest list among the last ``_CHAIN`` answers, and where that answer
    stands in ``history`` (([], -1): none): after 'Leg de tweede eens uit.' and its answer,
    'En de laatste?' still means the list before it."""
    seen = 0
    for i in range(len(history) - 1, -1, -1):
        if history[i].get("role") != "assistant":
            continue
        items = listed_items(str(history[i].get("content", "")))
        if items and not _asked_an_item(history, i):
            return items, i
        seen += 1
        if seen >= _CHAIN:
            break
    return [], -1


def _item_reference(question: str) -> re.Match | None:
    """The ordinal of a question short enough to point at an item ('de tweede', 'nummer 3')."""
    return _ORDINAL_REF.search(question) if len(question.split()) <= _REF_WORDS else None


def _asked_an_item(history: Sequence[dict], answer_at: int) -> bool:
    """Did the answer at ``answer_at`` reply to a question about an item of an earlier list?
    It may quote that list again ('Wat is de tweede precies?'), and is not the list meant."""
    prev, _ = _previous(history[:answer_at])
    return _item_reference(prev) is not None


def _listed_reference(question: str, history: Sequence[dict]) -> tuple[str, int]:
    """(``question`` naming the item it points at, where the list's answer stands in
    ``history``), or (``question``, -1) when it points at none."""
    m = _item_reference(question) if history else None
    if not m:
        return question, -1
    items, at = _listed_turn(history)
    n = _ORDINALS[m.group("word").casefold()] if m.group("word") else int(m.group("num") or m.group("nth"))
    if not items or n == 0 or n > len(items):
        return question, -1
    label = _label(items[n - 1] if n > 0 else items[-1])
    return question[:m.start()] + label + question[m.end():], at


def resolve_listed(question: str, history: Sequence[dict]) -> str:
    """``question`` with a reference to an item of a recent answer's list replaced by that
    item's name; the question itself when it names no item, is longer than ``_REF_WORDS``
    words, or no answer of the last ``_CHAIN`` has such an item."""
    return _listed_reference(question, history)[0]


def previous_answer(history: Sequence[dict]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "assistant":
            return str(turn.get("content", ""))
    return ""


def context_words(question: str, history: Sequence[dict],
                  limit: int = QueryTuning.context_words, depth: int = _CHAIN) -> list[str]:
    """The previous question's topic words that a follow-up lacks, at most ``limit`` (none
    for a new question); a previous follow-up counts with its own context."""
    if not is_follow_up(question, history):
        return []
    return _context(*_listed_reference(question, history), history, limit, depth)


def _context(resolved: str, at: int, history: Sequence[dict], limit: int, depth: int) -> list[str]:
    """``context_words`` of a follow-up, ``resolved`` against a list in the answer at ``at``
    (-1: none)."""
    # an item of a list is about what the question that got the list asked
    prev = resolved_previous(history[:at] if at >= 0 else history, limit, depth)
    if not prev:
        return []
    own = set(content_words(resolved))
    wanted = [w for w in content_words(prev) if w not in own][:limit]
    shown = {fold(t): t for t in WORD.findall(prev)}  # the words as the person wrote them
    return [shown.get(w, w) for w in wanted]


def standalone_query(question: str, history: Sequence[dict],
                     limit: int = QueryTuning.context_words, depth: int = _CHAIN) -> str:
    """The question itself, or for a follow-up the question without its connective plus the
    previous question's topic words in brackets."""
    question = question.strip()
    if not is_follow_up(question, history):
        return question
    resolved, at = _listed_reference(question, history)
    ctx = _context(resolved, at, history, limit, depth)
    if not ctx:
        return question
    core = strip_opener(resolved)
    core = core[:1].upper() + core[1:]
    return f"{core} ({', '.join(ctx)})"
