"""``Config``: every tunable of the question flow in one frozen object, passed at
construction (``Assistant(..., config=)`` / ``Assistant.from_settings(settings, config)``)
so ``make eval`` can sweep them (``python -m assistant.eval --set retrieval.lexical=0.4``).

Sections, each a frozen dataclass owned by the stage that reads it:

* ``retrieval``: fusion weights and candidate pools (``assistant.retrieval.Weights``);
* ``query``: passages retrieved per question, follow-up context words (``tuning.QueryTuning``);
* ``compose``: the extractive answer's lead and support (``tuning.ComposeTuning``);
* ``advice``: advice mode's blocks, word budgets and coverage threshold
  (``advice.config.AdviceConfig``).

Settings (``assistant.settings``) say *where* things are and *which* backend runs;
``Config`` says *how much*. Fitted models (``ranker.json``, ``answerability.json``,
``selection.json``) carry their own coefficients and thresholds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.advice.config import AdviceConfig
from assistant.errors import ConfigError
from assistant.retrieval import Weights
from assistant.tuning import ComposeTuning, QueryTuning


@dataclass(frozen=True)
class Config:
    retrieval: Weights = field(default_factory=Weights)
    query: QueryTuning = field(default_factory=QueryTuning)
    compose: ComposeTuning = field(default_factory=ComposeTuning)
    advice: AdviceConfig = field(default_factory=AdviceConfig)

    def override(self, assignments: Iterable[str]) -> Config:
        """A copy with ``section.name=value`` assignments applied (values parsed as the
        field's type); an unknown section or name fails with the known ones."""
        return self.replace(dict(parse_assignment(a) for a in assignments))

    def replace(self, changes: dict[str, Any]) -> Config:
        """A copy with ``{'section.name': value}`` applied (strings are parsed)."""
        sections: dict[str, dict[str, Any]] = {}
        for dotted, value in changes.items():
            section, _, name = dotted.partition(".")
            part = self._section(section)
            fields = {f.name: f for f in dataclasses.fields(part)}
            if name not in fields:
                raise ConfigError(f"Unknown setting {dotted!r}. Known in {section!r}: "
                                  f"{', '.join(fields)}.")
            default = getattr(part, name)
            sections.setdefault(section, {})[name] = _parse(dotted, value, default) \
                if isinstance(value, str) else value
        out = self
        for section, values in sections.items():
            out = dataclasses.replace(out, **{section: dataclasses.replace(getattr(out, section), **values)})
        return out

    def diff(self, other: Config | None = None) -> dict[str, Any]:
        """``{'section.name': value}`` for every value that differs from ``other`` (default: the defaults)."""
        other = other or Config()
        return {f"{s.name}.{f.name}": getattr(getattr(self, s.name), f.name)
                for s in dataclasses.fields(self) for f in dataclasses.fields(getattr(self, s.name))
                if getattr(getattr(self, s.name), f.name) != getattr(getattr(other, s.name), f.name)}

    def _section(self, section: str):
        names = [f.name for f in dataclasses.fields(self)]
        if section not in names:
            raise ConfigError(f"Unknown config section {section!r}. Known: {', '.join(names)} "
                              "(write section.name=value, e.g. retrieval.lexical=0.4).")
        return getattr(self, section)


def parse_assignment(text: str) -> tuple[str, str]:
    dotted, eq, value = text.partition("=")
    if not eq or "." not in dotted:
        raise ConfigError(f"Cannot read {text!r}: write section.name=value, e.g. retrieval.lexical=0.4.")
    return dotted.strip(), value.strip()


def _parse(dotted: str, value: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if value.casefold() not in ("true", "false", "1", "0"):
                raise ValueError(value)
            return value.casefold() in ("true", "1")
        if isinstance(default, tuple):
            return tuple(type(d)(v.strip()) for d, v in zip(default, value.split(","), strict=True))
        return type(default)(value)
    except ValueError as exc:
        raise ConfigError(f"{dotted}={value!r} is not a {type(default).__name__} "
                          f"(the default is {default!r}).") from exc


__all__ = ["Config", "parse_assignment"]
