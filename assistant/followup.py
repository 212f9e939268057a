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
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.question import INTERJECTION, WORD, content_words, fold, strip_opener
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


_DUMMY_HET = re.compile(r"\bhet(?=\s+(?:\w+\s+)?(?:om|dat|voordat|als|wanneer|zodra)\b)")
# a name after the first word ('… van Proeftuin Ruwaard?'): the question says what it is about
_NAME = re.compile(r"(?<=\s)(?!I\b)[A-Z][\w’'-]+")


def is_follow_up(question: str) -> bool:
    question = INTERJECTION.sub("", question, count=1)  # 'Oké. En hoe …'
    words = re.findall(r"[\w'’]+", question.casefold())
    if not words:
        return False
    if words[0] in _OPENERS or " ".join(words[:2]) in _OPENERS:
        return True
    if len(words) <= _BACK_WORDS and any(w in _BACK or _POINTING_ADVERB.match(w) for w in words):
        return True
    # 'Wat kost het om …', 'Is het verstandig om …': a 'het' that opens the clause after it
    # points forward, not back
    pointers = [w for w in re.findall(r"[\w']+", _DUMMY_HET.sub(" ", question.casefold())) if w in _POINTERS]
    if _NAME.search(question) and all(w == "het" for w in pointers):
        return False  # 'Hoeveel fte heeft het programmabureau van Proeftuin Ruwaard?': 'het' an article
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
    return standalone_query(prev, history[:i], limit, depth - 1)


def previous_answer(history: Sequence[dict]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "assistant":
            return str(turn.get("content", ""))
    return ""


def context_words(question: str, history: Sequence[dict],
                  limit: int = QueryTuning.context_words, depth: int = _CHAIN) -> list[str]:
    """The previous question's topic words that a follow-up lacks, at most ``limit`` (none
    for a new question); a previous follow-up counts with its own context."""
    if not is_follow_up(question):
        return []
    prev = resolved_previous(history, limit, depth)
    if not prev:
        return []
    own = set(content_words(question))
    wanted = [w for w in content_words(prev) if w not in own][:limit]
    shown = {fold(t): t for t in WORD.findall(prev)}  # the words as the person wrote them
    return [shown.get(w, w) for w in wanted]


def standalone_query(question: str, history: Sequence[dict],
                     limit: int = QueryTuning.context_words, depth: int = _CHAIN) -> str:
    """The question itself, or for a follow-up the question without its connective plus the
    previous question's topic words in brackets."""
    ctx = context_words(question, history, limit, depth)
    if not ctx:
        return question.strip()
    core = strip_opener(question.strip())
    core = core[:1].upper() + core[1:]
    return f"{core} ({', '.join(ctx)})"
