"""``Config``: the tunables in one frozen object, overridable by name for ``make eval``."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.config import Config
from assistant.core import Assistant
from assistant.errors import ConfigError
from assistant.eval.__main__ import describe_overrides
from assistant.eval.__main__ import main as eval_main


def test_config_and_its_sections_are_frozen():
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.retrieval = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.compose.support_ratio = 0.5  # type: ignore[misc]


def test_overrides_are_parsed_by_the_fields_type_and_listed():
    config = Config().override(["retrieval.lexical=0.5", "compose.support_ratio=0.3",
                                "query.search_k=10", "advice.questions=1,2"])
    assert config.retrieval.lexical == 0.5 and config.retrieval.window == Config().retrieval.window
    assert config.query.search_k == 10 and isinstance(config.query.search_k, int)
    assert config.advice.questions == (1, 2)
    assert Config().compose.support_ratio == 0.30  # the default object is untouched
    assert config.diff() == {"retrieval.lexical": 0.5, "query.search_k": 10, "advice.questions": (1, 2)}
    assert "retrieval.lexical=0.5" in describe_overrides(config)


@pytest.mark.parametrize("assignment, says", [
    ("retrieval.lexcial=0.4", "Unknown setting 'retrieval.lexcial'. Known in 'retrieval': dense, lexical"),
    ("retreival.lexical=0.4", "Unknown config section 'retreival'. Known: retrieval, query, compose, advice"),
    ("lexical=0.4", "write section.name=value"),
    ("query.search_k=many", "query.search_k='many' is not a int"),
])
def test_an_unknown_or_unreadable_override_fails_clearly(assignment, says):
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        Config().override([assignment])


def test_eval_cli_refuses_an_unknown_name_before_loading_anything(capsys):
    assert eval_main(["--set", "compose.nope=1"]) == 2
    assert "Unknown setting 'compose.nope'" in capsys.readouterr().err


def test_overrides_reach_the_retriever_composer_and_advice(assistant):
    config = Config().override(["retrieval.lexical=0.5", "compose.support_ratio=0.3",
                                "query.search_k=6", "advice.max_blocks=2"])
    tuned = Assistant(assistant.retriever, assistant.settings, config=config,
                      answerability=assistant.answerability)
    assert tuned.config is config
    assert tuned.retriever.weights.lexical == 0.5 and tuned.extractive.tuning is config.compose
    assert tuned.retriever.index is assistant.retriever.index  # a copy over the same index
    assert assistant.retriever.weights.lexical == Config().retrieval.lexical  # the original is untouched
    assert tuned.scoped(["bronnen"]).retriever.weights.lexical == 0.5
    assert tuned.assess("Wat is een organisatienetwerk?").found  # searches with the tuned weights
    assert len(tuned.assess("Wat is een organisatienetwerk?").found) <= 6


def test_default_config_keeps_the_retrievers_weights(assistant):
    plain = Assistant(assistant.retriever, assistant.settings, answerability=assistant.answerability)
    assert plain.retriever is assistant.retriever and plain.config == Config()
