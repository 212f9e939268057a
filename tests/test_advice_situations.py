"""The labelled situations and the pure parts of advice (no index, no model)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.advice.cues import CUES, cue_count
from assistant.advice.evaluate import leftovers, repeated
from assistant.advice.model import SelectionModel, load
from assistant.advice.select import second_person
from assistant.advice.situation import PHASES, is_situation, phase
from assistant.bouwstenen import BOUWSTENEN

SITUATIONS = Path(__file__).resolve().parents[1] / "evalsets" / "situations.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return [json.loads(line) for line in SITUATIONS.read_text(encoding="utf-8").splitlines() if line]


def test_situation_file_counts_labels_and_split(items):
    assert len(items) >= 90
    assert len({i["id"] for i in items}) == len(items)
    assert sum(i["lang"] == "en" for i in items) >= 10
    assert sum(bool(i["history"]) for i in items) >= 5
    counts = Counter(b for i in items for b in i["bouwstenen"])
    assert set(counts) == set(BOUWSTENEN) and min(counts.values()) >= 10, counts
    for i in items:
        assert set(i) == {"id", "lang", "question", "history", "bouwstenen", "grounding", "phase",
                          "split"}
        assert 1 <= len(i["bouwstenen"]) <= 3 and set(i["bouwstenen"]) <= set(BOUWSTENEN)
        assert set(i["grounding"]) == set(i["bouwstenen"]) and all(i["grounding"].values())
        assert i["phase"] in PHASES and i["split"] in ("train", "test")
        assert all(t["role"] in ("user", "assistant") and t["content"] for t in i["history"])
    share = sum(i["split"] == "test" for i in items) / len(items)
    assert 0.28 <= share <= 0.40
    # the split is fixed: every block is in both halves
    for split in ("train", "test"):
        assert {b for i in items if i["split"] == split for b in i["bouwstenen"]} == set(BOUWSTENEN)


def test_situations_are_not_the_dev_questions(items):
    if not DEV.exists():
        pytest.skip("no dev set next to the repository")
    dev = {json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines() if line}
    assert not dev & {i["question"] for i in items}


def test_situations_are_told_from_factual_questions():
    assert is_situation("Onze partners haken af. Wat moeten we doen?")
    assert is_situation("We want to start a network but partners hesitate. Should we wait?")
    assert is_situation("Er is onenigheid over wie de kosten betaalt. Hoe verdelen netwerken dat?")
    assert is_situation("De wijkteams weten niet wat de stuurgroep heeft besloten en werken door.")
    assert not is_situation("Noem drie kenmerken van organisatienetwerken volgens Kenis.")
    assert not is_situation("Wie is Patrick Kenis?")
    assert not is_situation("Wat is een organisatienetwerk volgens Kenis?")
    assert not is_situation("En als de gemeente niet mee wil?")
    history = [{"role": "user", "content": "Wij willen een wijknetwerk opzetten. Waar beginnen we?"},
               {"role": "assistant", "content": "…"}]
    assert is_situation("En als de gemeente niet mee wil?", history)
    assert not is_situation("En als de gemeente niet mee wil?", [{"role": "user", "content": "Wie is Kenis?"}])


@pytest.mark.parametrize(("text", "expected"), [
    ("We willen een netwerk opzetten, waar beginnen we?", "start"),
    ("We praten al een jaar, maar er is nog niets concreets gebeurd.", "vast"),
    ("Het project is afgelopen en de subsidie stopt.", "einde"),
    ("Na drie jaar willen we terugkijken op wat het heeft opgeleverd.", "herijking"),
    ("Hoe houden we de bewoners op de hoogte?", "loopt"),
])
def test_phase(text, expected):
    assert phase(text) == expected


def test_second_person_keeps_the_verb():
    assert second_person("wij hebben het gevoel dat onze partners afhaken", "nl") == \
        "jullie hebben het gevoel dat jullie partners afhaken"
    assert second_person("ik ben net aangesteld", "nl") == "je bent net aangesteld"
    assert second_person("our partners never talk to us", "en") == "your partners never talk to you"


def test_cues_count_each_cue_once():
    assert cue_count("Wie betaalt de kosten? Wie betaalt het geld?", "Organisatie") == 3
    assert cue_count("Het is mooi weer.", "Binding") == 0
    assert set(CUES) == set(BOUWSTENEN)


def test_fitted_model_is_stored_and_chooses_one_to_three():
    m = load()
    assert len(m.features) == len(m.coef) == len(m.mean) == len(m.scale)
    assert 0.05 < m.threshold < 0.95
    assert m.choose(np.array([0.1, 0.01, 0.0, 0.0, 0.0, 0.0, 0.0]), 3) == [0]  # at least one
    probs = np.array([0.9, 0.8, 0.7, 0.6, 0.0, 0.0, 0.0])
    assert m.choose(probs, 3) == [0, 1, 2]  # at most three
    again = SelectionModel.from_dict(m.to_dict())
    x = np.ones((7, len(m.features)))
    assert np.allclose(again.probabilities(x), m.probabilities(x))


def test_leftover_and_repetition_checks():
    assert leftovers("- Bron: • opgave | Voor een goede aanpak")
    assert leftovers("opgave | Voor een goede aanpak van de opgave")
    assert not leftovers("## Opgave — Zorg voor een bindend beeld\n- Een zin [1]")
    assert repeated("Een zin met genoeg woorden erin [1]. Een zin met genoeg woorden erin [2].")
    assert not repeated("Een zin met genoeg woorden erin. Een andere zin met woorden.")
