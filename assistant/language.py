"""Which language a question is in (Dutch or English), for the reply's wording."""

from __future__ import annotations

import re

_NL = {"de", "het", "een", "en", "van", "is", "wat", "hoe", "waarom", "wie", "welke", "zijn",
       "niet", "voor", "met", "op", "dat", "die", "er", "ons", "onze", "we", "wij", "moeten",
       "kan", "kunnen", "zit", "bij", "over", "ook", "maar", "als", "nog", "wel", "naar"}
_EN = {"the", "a", "an", "and", "of", "is", "what", "how", "why", "who", "which", "are", "not",
       "for", "with", "on", "that", "our", "we", "should", "can", "does", "do", "to", "in",
       "about", "it", "this", "be", "until", "still", "want", "from", "when", "there"}


def detect(text: str) -> str:
    """'en' when the text has clearly more English than Dutch function words, else 'nl'."""
    words = re.findall(r"[a-zà-ÿ]+", text.casefold())
    nl = sum(w in _NL for w in words)
    en = sum(w in _EN for w in words)
    return "en" if en > nl else "nl"
