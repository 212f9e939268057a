"""Do the sources answer this question? Two checks, both explainable:

1. Topic: the best passage's e5 cosine to the question. Off-topic questions
   (recipes, sports results) mostly stay under ~0.81 on this corpus, on-topic ones
   above; the threshold is a setting (``NETWERKWIJZER_ABSTAIN_THRESHOLD``). For a
   Dutch question, the top passages must also share at least some of its content
   words (rarity-weighted coverage ≥ 5%): an e5 cosine alone is too compressed to
   rule out an off-topic question that happens to sound similar.
2. Answer type: a question that asks for a number or a date (hoeveel, how many,
   wanneer, in welk jaar …) is not answered by sentences that contain none.

Questions that are on topic but ask for something the sources never say (e.g.
"Bestaat er een certificering voor netwerkmanagers?") mostly pass both checks: the
closing note and README report the measured abstention recall honestly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_TOPIC_THRESHOLD = 0.805

_NUMBER_QUESTION = re.compile(
    r"\b(hoeveel|hoe\s+veel|hoe\s+vaak|hoe\s+lang|wanneer|in\s+welk\s+jaar|sinds\s+wanneer|"
    r"how\s+many|how\s+much|how\s+long|how\s+often|when|in\s+which\s+year|since\s+when)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|"
    r"honderd|duizend|miljoen|jaar|jaren|maanden|weken|eeuw|januari|februari|maart|april|mei|"
    r"juni|juli|augustus|september|oktober|november|december|voorjaar|najaar|zomer|winter)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Assessment:
    answerable: bool
    support: float  # the best passage's cosine to the question
    reason: str  # why it is not answerable ('' when it is)


MIN_COVERAGE = 0.05


def assess(question: str, answer_text: str, top_dense: float, coverage: float, language: str,
           threshold: float = 0.0) -> Assessment:
    topic = on_topic(top_dense, coverage, language, threshold)
    if not topic.answerable:
        return topic
    if asks_for_number(question) and not has_number(answer_text):
        return Assessment(False, top_dense, "the question asks for a number or date; the sources give none")
    return Assessment(True, top_dense, "")


def on_topic(top_dense: float, coverage: float, language: str, threshold: float = 0.0) -> Assessment:
    """Check 1 alone (advice mode uses it: a situation asks for no number)."""
    threshold = threshold or DEFAULT_TOPIC_THRESHOLD
    if top_dense < threshold:
        return Assessment(False, top_dense, f"best passage similarity {top_dense:.3f} < {threshold:.3f}")
    if language == "nl" and coverage < MIN_COVERAGE:  # Dutch stems say nothing of English words
        return Assessment(False, top_dense, "no content word of the question occurs in the passages")
    return Assessment(True, top_dense, "")


def asks_for_number(question: str) -> bool:
    return bool(_NUMBER_QUESTION.search(question))


def has_number(text: str) -> bool:
    return bool(_NUMBER.search(re.sub(r"\[\d+\]", "", text)))
