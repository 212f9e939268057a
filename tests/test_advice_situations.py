"""The labelled situations and the pure parts of advice (no index, no model)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.advice.blocktexts import BlockTexts, gist
from assistant.advice.cues import CUES, cue_count
from assistant.advice.model import SelectionModel, load
from assistant.advice.select import reason, second_person
from assistant.advice.situation import PHASES, is_situation, phase
from assistant.bouwstenen import BOUWSTENEN
from assistant.eval.advice import leftovers, repeated

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


def test_the_fresh_situations_are_a_held_out_check_only(items):
    from assistant.advice.fit import SITUATIONS
    from assistant.eval.datasets import FRESH_SITUATIONS

    fresh = [json.loads(line) for line in FRESH_SITUATIONS.read_text(encoding="utf-8").splitlines() if line]
    assert len(fresh) >= 500 and len({i["id"] for i in fresh}) == len(fresh)
    assert FRESH_SITUATIONS != SITUATIONS  # the fit reads the other file only
    counts = Counter(b for i in fresh for b in i["bouwstenen"])
    assert set(counts) == set(BOUWSTENEN) and min(counts.values()) >= 100, counts
    for i in fresh:
        assert set(i) == {"id", "lang", "question", "history", "bouwstenen", "grounding", "phase", "writer"}
        assert 1 <= len(i["bouwstenen"]) <= 3 and set(i["bouwstenen"]) <= set(BOUWSTENEN)
        assert set(i["grounding"]) == set(i["bouwstenen"]) and all(i["grounding"].values())
        assert i["phase"] in PHASES and i["lang"] in ("nl", "en")
        assert all(t["role"] in ("user", "assistant") and t["content"] for t in i["history"])
    assert not {i["question"].casefold() for i in fresh} & {i["question"].casefold() for i in items}


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
    # a reflexive 'ons' after 'we' becomes 'je', not a second 'jullie'
    assert second_person("binnen het netwerk vragen we ons af of we te breed zijn begonnen", "nl") == \
        "binnen het netwerk vragen jullie je af of jullie te breed zijn begonnen"
    assert second_person("de gemeente doet niet mee in ons netwerk", "nl") == \
        "de gemeente doet niet mee in jullie netwerk"


def test_second_person_leaves_quoted_words_and_gives_the_verb_its_t():
    assert second_person("Onze bestuurder zegt: 'Laten we eerst iets doen.' Ik twijfel.", "nl") == \
        "jullie bestuurder zegt: 'Laten we eerst iets doen.' je twijfelt."
    assert second_person("Wij horen “we doen al genoeg” van onze partners", "nl") == \
        "jullie horen “we doen al genoeg” van jullie partners"
    assert second_person("ik vermoed dat, ik ga ervoor, merk ik", "nl") == "je vermoedt dat, je gaat ervoor, merk je"


def _content_stems(text: str) -> list[str]:  # like the analyzer: function words ('wat', 'nu') drop out
    return [w[:8] for w in re.findall(r"\w+", text.casefold()) if len(w) > 3]


def test_a_reason_quotes_a_statement_without_its_conjunction_and_no_empty_question():
    texts, _stems = _texts(), _content_stems
    said = reason("Onze partners komen wel, maar niemand voelt zich eigenaar van de acties. Wat nu?",
                  "Organisatie", texts, _stems, "nl", set())
    assert said.startswith("Je beschrijft: niemand voelt zich eigenaar van de acties.")
    because = reason("Het loopt stroef, omdat niemand zich eigenaar voelt.", "Organisatie", texts, _stems, "nl",
                     {"Het loopt stroef"})
    assert because.startswith("Je beschrijft: … omdat niemand zich eigenaar voelt.")
    # 'Wat nu?' names nothing: the reason says the block is at stake, without quoting it
    empty = reason("Wij vertrouwen elkaar niet meer. Wat nu?", "Organisatie", texts, _stems, "nl",
                   {"Wij vertrouwen elkaar niet meer."})
    assert "Wat nu" not in empty and "wat nu" not in empty
    assert empty == "Ook dit speelt in wat je beschrijft: Organisatie gaat over overleg, besluitvorming en regie."
    asked = reason("En als de gemeente niet mee wil?", "Organisatie", texts, _stems, "nl", set())
    assert asked.startswith("Je vraagt: en als de gemeente niet mee wil?")  # a question as it was asked


def test_when_every_clause_is_taken_a_second_block_quotes_a_part_of_one():
    texts, _stems = _texts(), _content_stems
    used: set[str] = set()
    situation = "Een partner dreigt af te haken omdat zijn organisatie in een zware reorganisatie zit."
    first = reason(situation, "Binding", texts, _stems, "nl", used)
    assert first.startswith("Je beschrijft: een partner dreigt af te haken omdat zijn organisatie")
    second = reason(situation, "Organisatie", texts, _stems, "nl", used)
    assert second.split(" Organisatie gaat over")[0] in (
        "Je beschrijft: een partner dreigt af te haken.",
        "Je beschrijft: … omdat zijn organisatie in een zware reorganisatie zit.")
    # a part of a question is asked; a clause without parts is not quoted twice
    used = set()
    asked = "Moeten we een netwerkmanager aanstellen, of kunnen we het samen met de partners regelen?"
    reason(asked, "Organisatie", texts, _stems, "nl", used)
    assert reason(asked, "Binding", texts, _stems, "nl", used).split(" Binding gaat over")[0] in (
        "Je vraagt: moeten jullie een netwerkmanager aanstellen?",
        "Je vraagt: … of kunnen jullie het samen met de partners regelen?")
    used = set()
    one = "Een partner dreigt uit ons netwerk te stappen."
    reason(one, "Organisatie", texts, _stems, "nl", used)
    assert reason(one, "Binding", texts, _stems, "nl", used).startswith("Ook dit speelt")


def test_gist_drops_the_call_and_a_repeated_block_name():
    assert gist("Zorg voor tastbare resultaten") == "tastbare resultaten"
    tagline = "Zorg voor organisatie overleg, besluitvorming en regie"
    assert gist(tagline) == "organisatie overleg, besluitvorming en regie"
    assert gist(tagline, "Organisatie") == "overleg, besluitvorming en regie"
    assert gist("Zorg voor duurzame verbinding tussen partners", "Binding") == \
        "duurzame verbinding tussen partners"


def _texts() -> BlockTexts:
    names = ["Organisatie", "Binding"]
    stems = {"Organisatie": {"regie", "eigenaar", "overleg"}, "Binding": {"vertrouw", "elkaar"}}
    return BlockTexts(names, {"Organisatie": "Zorg voor organisatie overleg, besluitvorming en regie",
                              "Binding": "Zorg voor duurzame verbinding tussen partners"},
                      [], np.zeros((0, 4)), stems,
                      {"Organisatie": {"eigenaar": 1.0}, "Binding": {"vertrouw": 1.0}})


def _stems(text: str) -> list[str]:
    return [w[:8] for w in re.findall(r"\w+", text.casefold())]


def test_reason_puts_the_situations_words_beside_the_blocks_own():
    situation = ("Wij vertrouwen elkaar niet meer. Niemand voelt zich eigenaar van het netwerk. "
                 "Wat moeten we doen?")
    used: set[str] = set()
    first = reason(situation, "Organisatie", _texts(), _stems, "nl", used)
    assert first == ("Je beschrijft: niemand voelt zich eigenaar van het netwerk. "
                     "Organisatie gaat over overleg, besluitvorming en regie.")
    second = reason(situation, "Binding", _texts(), _stems, "nl", used)
    assert second == ("Je beschrijft: jullie vertrouwen elkaar niet meer. "
                      "Binding gaat over duurzame verbinding tussen partners.")
    for text in (first, second):  # the person's words and the magazine's, no matching mechanics
        assert "gedeelde woorden" not in text and "cue" not in text


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
    # the per-block classifier over the situation's vector travels with it
    assert set(m.blocks) == set(BOUWSTENEN) and m.embed_coef.shape[0] == len(m.embed_intercept) == 7
    v = np.linspace(-1.0, 1.0, m.embed_coef.shape[1])
    assert np.allclose(again.learned(v), m.learned(v)) and np.allclose(m.learned(3 * v), m.learned(v))
    assert not m.learned(np.ones(m.embed_coef.shape[1] + 1)).any()  # another embedder's vector


def test_leftover_and_repetition_checks():
    assert leftovers("- Bron: • opgave | Voor een goede aanpak")
    assert leftovers("opgave | Voor een goede aanpak van de opgave")
    assert not leftovers("## Opgave — Zorg voor een bindend beeld\n- Een zin [1]")
    assert repeated("Een zin met genoeg woorden erin [1]. Een zin met genoeg woorden erin [2].")
    assert not repeated("Een zin met genoeg woorden erin. Een andere zin met woorden.")


def test_first_step_detector_tells_instructions_from_descriptions_and_questions():
    from assistant.eval.advice import instruction

    assert instruction("**Eerste stap:** Formuleer samen een beeld van de opgave [1]")
    assert instruction("Het is van belang om de partners vroeg te betrekken [3]")
    assert instruction("**First step:** Make sure every partner knows its role [2]")
    assert not instruction("**Eerste stap:** Leg de partners eerst deze vraag voor: “Zijn alle "
                           "partners betrokken die nodig zijn?” [1]")
    assert not instruction("Leg de partners eerst deze vraag voor: “In het lokale publieke domein "
                           "kom je al snel de gemeente tegen.” [1]")  # a description put forward
    assert not instruction("Het netwerk bestaat uit vijf partners en een stuurgroep [1]")
    assert not instruction("Stel, één van de partners verkeert in een zware reorganisatie. [1]")
    assert not instruction("Denk aan netwerken op het gebied van wonen, zorg en welzijn. [1]")
    assert not instruction("Zorg voor Elkaar Breda werkt met vrijwilligers in de wijk [1]")


def test_instruction_sentences_are_quoted_whole_and_only_when_they_stand_alone():
    from assistant.advice.compose import instruction_text

    assert instruction_text("3 Organiseer bij aanvang simpel en persoonlijk") == \
        "Organiseer bij aanvang simpel en persoonlijk"
    assert instruction_text("Zorg dat je de juiste personen aan tafel krijgt") != ""
    assert instruction_text("Het is belangrijk dat iedereen goed gehoord wordt.") != ""
    for not_one in ("Stel, één van de partners verkeert in een zware reorganisatie.",
                    "Maar het is belangrijk om dit offer te brengen en afspraken te maken.",
                    "Neem het voorbeeld van de huisvesting van kwetsbare inwoners.",
                    # an option, not a first step
                    "Zet eventueel ‘een stap opzij’ als dat het meest haalbare is.",
                    # a step for one doubt, not what to do first whatever the situation
                    "Ga bij twijfel altijd langs bij een juridisch adviseur.",
                    "Neem de deelname van Arriva aan de Bossche Bond.",
                    "Hoe zorgen we dat de partners elkaar beter leren kennen?",
                    "Het netwerk bestaat uit vijf partners en een stuurgroep."):
        assert instruction_text(not_one) == "", not_one


def test_fit_chooses_its_settings_by_repeated_cross_validation():
    pytest.importorskip("sklearn")
    from assistant.advice import fit

    for seed in fit.SEEDS:  # each shuffle's folds hold every situation once
        parts = fit.folds(40, seed=seed)
        assert sorted(np.concatenate(parts).tolist()) == list(range(40))
    assert fit.folds(40, seed=fit.SEEDS[0])[0].tolist() != fit.folds(40, seed=fit.SEEDS[1])[0].tolist()
    rng = np.random.default_rng(0)
    n = 70
    y = np.zeros((n, 7), dtype=int)
    y[np.arange(n), rng.permutation(np.arange(n) % 7)] = 1  # ten situations per block

    def settings(base, vecs):
        return fit.choose_settings(y, lambda c, seed: fit.cross_validate(base, vecs, y, c, seed, cache),
                                   seeds=fit.SEEDS[:1])

    # the block shows in the block features
    cache: dict = {}
    signal = np.stack([y + 0.3 * rng.standard_normal(y.shape), rng.standard_normal(y.shape)], -1)
    noise_vecs = rng.standard_normal((n, 16))
    c, threshold, ratio, (p, r) = settings(signal, noise_vecs)
    assert c in fit.C_GRID and threshold in fit.THRESHOLDS and ratio in fit.RATIOS
    assert p >= 0.85 and r >= 0.85, (p, r)
    # … or only in the situation's vector: the stacked classifier's score carries it
    cache = {}
    noise = rng.standard_normal(signal.shape)
    vecs = np.hstack([y * 2.0, 0.5 * rng.standard_normal((n, 9))])
    assert min(settings(noise, vecs)[3]) >= 0.8
    cache = {}
    assert min(settings(noise, noise_vecs)[3]) < 0.5  # nothing to learn: no such figures


def test_situation_split_keeps_conversations_together_and_never_moves_an_item():
    from evalsets.split_situations import assign

    def item(i, question, history=(), split=""):
        return {"id": f"sit-{i:03d}", "lang": "nl", "question": question, "bouwstenen": ["Opgave"],
                "history": [{"role": "user", "content": h} for h in history], "split": split}

    items = [item(1, "Eerste situatie.", split="test"), item(2, "En dan?", ["Eerste situatie."])]
    items += [item(i, f"Situatie {i}.") for i in range(3, 40)]
    items += [item(40, "En als dat niet lukt?", ["Situatie 7."])]
    assign(items)
    by_id = {i["id"]: i for i in items}
    assert by_id["sit-001"]["split"] == by_id["sit-002"]["split"] == "test"
    assert by_id["sit-040"]["split"] == by_id["sit-007"]["split"]
    new = [i for i in items if i["id"] != "sit-001"]
    assert 0.2 <= sum(i["split"] == "test" for i in new) / len(new) <= 0.45
    again = [dict(i) for i in items]
    assert [i["split"] for i in assign(again)] == [i["split"] for i in items]


# the sets of situations added later, each split at once: (last id before it, its last id)
ADDED = ((136, 256), (256, 416))


def test_every_new_situation_has_a_split_by_the_rule():
    from evalsets.split_situations import assign

    items = [json.loads(line) for line in SITUATIONS.read_text(encoding="utf-8").splitlines() if line]
    assert max(int(i["id"][4:]) for i in items) == ADDED[-1][1]  # a new set is listed in ADDED
    for before, last in ADDED:  # each set split by the rule, the items before it never moved
        upto = [i for i in items if int(i["id"][4:]) <= last]
        blank = [dict(i, split="") if int(i["id"][4:]) > before else dict(i) for i in upto]
        assert [i["split"] for i in assign(blank)] == [i["split"] for i in upto], (before, last)
