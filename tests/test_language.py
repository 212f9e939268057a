"""Language detection: which language a question is in decides the frame of the answer and
whether its words are looked up in the English-Dutch dictionary."""

import json
from pathlib import Path

import pytest

from assistant.language import detect

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("question", [
    "Hoeveel medewerkers heeft de MOM in Tilburg in dienst?",  # 'in' twice: no English
    "In welk jaar is Patrick Kenis hoogleraar in Tilburg geworden?",
    "Hoeveel partijen werken samen in The Hague Security Delta?",
    "In welk tijdschrift is 'Building Cities’ Collaborative Muscle' verschenen?",
])
def test_dutch_questions_with_english_looking_words_stay_dutch(question):
    assert detect(question) == "nl"


@pytest.mark.parametrize("question", [
    "How many partners are in the network?",
    "What does Kenis say about governance in networks?",
    "Who pays the coordinator in Wijknetwerk Oost?",
])
def test_english_questions_are_english(question):
    assert detect(question) == "en"


def test_every_labelled_question_of_the_evaluation_sets_is_detected_right():
    labelled = []
    for name in ("answers.jsonl", "situations.jsonl"):
        for line in (ROOT / "evalsets" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                labelled.append((item["lang"], item["question"]))
    wrong = [(lang, q) for lang, q in labelled if detect(q) != lang]
    assert len(labelled) > 1000 and not wrong, wrong[:5]
