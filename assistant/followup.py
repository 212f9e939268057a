"""Follow-up questions → standalone search queries.

``En wie betaalt dat?`` means nothing to a retriever. Without an LLM we detect a
follow-up (it leans on the conversation: opens with a connective, points back with
a pronoun, or is very short) and put the previous question's content words in
front of it. With an LLM the model rewrites it. Either way the query is returned so
the UI can show it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OPENERS = {"en", "maar", "dus", "ook", "of", "and", "but", "so", "also", "what about",
            "hoe zit", "en hoe", "en wat", "en wie", "waarom dan"}
_POINTERS = {"dat", "die", "dit", "deze", "daar", "daarvan", "daarbij", "daarin", "hij", "zij",
             "ze", "hun", "hen", "het", "hem", "zo'n", "that", "this", "they", "them", "it",
             "those", "these", "he", "she", "there", "hiervan", "ervan", "erbij"}


def is_follow_up(question: str) -> bool:
    words = re.findall(r"[\w']+", question.casefold())
    if not words:
        return False
    if words[0] in _OPENERS or " ".join(words[:2]) in _OPENERS:
        return True
    if len(words) <= 4:
        return True
    return len(words) <= 9 and any(w in _POINTERS for w in words)


def previous_question(history: Sequence[dict]) -> str:
    for turn in reversed(history):
        if turn.get("role") == "user" and str(turn.get("content", "")).strip():
            return str(turn["content"]).strip()
    return ""


def standalone_query(question: str, history: Sequence[dict]) -> str:
    """The question itself, or for a follow-up the previous question + this one."""
    prev = previous_question(history)
    if not prev or not is_follow_up(question):
        return question.strip()
    return f"{prev.rstrip('?. ')} — {question.strip()}"
