"""The answer layer's tunables in one frozen object, passed at construction (so an
evaluation can sweep them). Retrieval's own weights live with ``retrieval.Weights``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ComposeTuning:
    passages: int = 5  # passages whose sentences may be quoted
    max_support: int = 3  # supporting sentences after the lead
    partial_units: int = 2  # what the sources do say, in a partial answer
    support_ratio: float = 0.72  # a supporting sentence scores at least this share of the lead's
    w_dense: float = 0.45  # sentence score: meaning (stored sentence-window cosine) …
    w_focus: float = 0.30  # … the question's focus words it holds …
    w_prior: float = 0.15  # … the rank of its passage …
    w_entities: float = 0.10  # … the names and years the question mentions
    bonus_bound: float = 0.25  # fills the asked slot (value bound to the focus)
    bonus_value: float = 0.06  # holds a value of the asked kind, not bound
    bonus_new_source: float = 0.05  # supporting sentences: prefer another source …
    bonus_new_point: float = 0.04  # … and new focus words


@dataclass(frozen=True)
class Tuning:
    compose: ComposeTuning = ComposeTuning()
    search_k: int = 8  # passages retrieved per question
