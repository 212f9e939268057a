"""Which language a question is in (Dutch or English), for the reply's wording."""

from __future__ import annotations

import re

_NL = {"de", "het", "een", "en", "van", "is", "wat", "hoe", "waarom", "wie", "welke", "zijn",
       "niet", "voor", "met", "op", "dat", "die", "er", "ons", "onze", "we", "wij", "moeten",
       "kan", "kunnen", "zit", "bij", "over", "ook", "maar", "als", "nog", "wel", "naar",
       "hoeveel", "welk", "heeft", "hebben", "wordt", "worden", "werd", "ik", "mijn", "je", "jouw",
       "zich", "te", "aan", "om", "uit", "door", "geen", "dan", "waar", "wanneer", "sinds", "zo"}
# 'in' is as Dutch as it is English: 'Hoeveel medewerkers heeft de MOM in Tilburg in dienst?'
# was read as English (10 of the 1,048 Dutch questions of our evaluation sets were)
_EN = {"the", "a", "an", "and", "of", "is", "what", "how", "why", "who", "which", "are", "not",
       "for", "with", "on", "that", "our", "we", "should", "can", "does", "do", "to",
       "about", "it", "this", "be", "until", "still", "want", "from", "when", "there",
       "many", "much", "has", "have", "was", "were", "did", "they", "their", "my", "i", "you",
       "your", "where", "since", "at", "by", "or", "will", "would"}


def detect(text: str) -> str:
    """'en' when the text has clearly more English than Dutch function words, else 'nl'."""
    words = re.findall(r"[a-zà-ÿ]+", text.casefold())
    nl = sum(w in _NL for w in words)
    en = sum(w in _EN for w in words)
    return "en" if en > nl else "nl"
