"""Netwerkwijzer: cited answers and Netwerkmozaïek advice over Dutch sources.

    from assistant import Assistant
    a = Assistant.from_settings()
    a.search("vraag", k=5)
    a.ask("vraag", history=[], mode="answer")

Importing this package loads nothing heavy; models and the index open when an
``Assistant`` is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.types import Answer, Citation, Passage

__all__ = ["Assistant", "Answer", "Citation", "Passage"]


def __getattr__(name: str):
    if name == "Assistant":
        from assistant.core import Assistant

        return Assistant
    if name in ("Answer", "Citation", "Passage"):
        from assistant import types

        return getattr(types, name)
    raise AttributeError(name)
