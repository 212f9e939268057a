"""Advice mode: a situation → the fitting Netwerkmozaïek blocks → short, cited advice.

- ``situation``: is this a situation (``is_situation``), which phase is the network in;
- ``blocktexts``: the mozaiek's own texts, embedded once per Assistant (``warm``);
- ``features``, ``model``, ``select``: the fitted block selection and its reasons
  (``choose_blocks``), coefficients in ``selection.json`` (``fit`` writes them);
- ``compose``: the advice itself, from the one retrieval pass core made;
- ``stream``: ``advise_stream``, the advice branch of ``Assistant.ask_stream``;
- the figures ``make eval`` reports are computed in ``assistant.eval.advice``, which
  builds an Assistant; nothing here imports ``assistant.core``.
"""

from __future__ import annotations

from assistant.advice.compose import HEADINGS
from assistant.advice.select import BlockChoice, choose_blocks
from assistant.advice.situation import is_situation
from assistant.advice.stream import advise_stream, warm

__all__ = ["HEADINGS", "BlockChoice", "advise_stream", "choose_blocks", "is_situation", "warm"]
