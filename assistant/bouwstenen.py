"""The seven building blocks of the Netwerkmozaïek, by name: the one list everyone uses."""

from __future__ import annotations

from assistant.errors import InputError

BOUWSTENEN: tuple[str, ...] = (
    "Opgave",
    "Waarde",
    "Samen doen",
    "Verankering",
    "Deelname",
    "Binding",
    "Organisatie",
)

_BY_KEY = {name.casefold(): name for name in BOUWSTENEN}


def canonical(name: str) -> str:
    """'samen doen' / 'SAMEN DOEN' → 'Samen doen'; anything else is an InputError."""
    found = _BY_KEY.get(" ".join(name.split()).casefold())
    if found is None:
        raise InputError(f"Unknown building block {name!r}. Known: {', '.join(BOUWSTENEN)}.")
    return found


def find_in_heading(heading: str) -> str | None:
    """The block a heading such as 'Bouwsteen Samen doen' is about, if any."""
    words = " ".join(heading.split()).casefold()
    if not words.startswith("bouwsteen "):
        return None
    return _BY_KEY.get(words[len("bouwsteen "):].strip())
