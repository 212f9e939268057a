"""English words in Dutch, for English questions over Dutch texts.

The texts are Dutch; an English question shares no words with them beyond names. The
embedder bridges the two languages in meaning, but the lexical side of retrieval and the
answer layer's focus words ("is the question's topic in this sentence?") need the Dutch
words. They come from the FreeDict English–Dutch and Dutch–English dictionaries (Debian
packages ``dict-freedict-eng-nld`` and ``dict-freedict-nld-eng``, dictd files in
``/usr/share/dictd``; ``scripts/bootstrap.sh`` installs them). The second is read
backwards: it knows many more words ("goal" → "doel", "director" → "directeur").

The domain's own words (``domain_terms``: "municipality", "residents", "board" as a
governing body) come first, with or without the files. Without the files every other lookup
is empty and English questions work by meaning alone; ``Glossary.missing`` says why. On the
42 answerable English questions of ``evalsets/answers.jsonl``, the Dutch words in the
lexical query took hit@5 from 0.64 to 0.69 and hit@1 from 0.31 to 0.43; the domain words
took the 20 of the test split from 0.65 to 0.70.
"""

from __future__ import annotations

import gzip
import logging
import re
import threading
import unicodedata
from pathlib import Path

from assistant.text.domain_terms import DOMAIN
from assistant.text.fold import fold

log = logging.getLogger(__name__)

ENGLISH_DUTCH = "freedict-eng-nld"
DUTCH_ENGLISH = "freedict-nld-eng"
INSTALL_HINT = "apt-get install dict-freedict-eng-nld dict-freedict-nld-eng"
MAX_FORMS = 8  # Dutch words kept per English word (the English–Dutch ones first)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_NUMBERED = re.compile(r"^\d+\.\s*")
_LEADING = re.compile(r"^(?:to|a|an|the)\s+")
_WORD = re.compile(r"^[^\W\d_]{3,}$")
_DOMAIN = {fold(k): tuple(fold(d) for d in ds) for k, ds in DOMAIN.items()}


def _number(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 64 + _B64.index(ch)
    return n


def read_dictd(folder: Path, name: str) -> dict[str, list[str]]:
    """headword → translations of one dictd dictionary (``name.index`` + ``name.dict.dz``)."""
    raw = gzip.decompress((folder / f"{name}.dict.dz").read_bytes())
    out: dict[str, list[str]] = {}
    for line in (folder / f"{name}.index").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        head, offset, length = parts
        entry = unicodedata.normalize("NFKC", raw[_number(offset):_number(offset) + _number(length)]
                                      .decode("utf-8", "replace"))
        senses = []
        for row in entry.split("\n")[1:]:  # the first line is the headword and its pronunciation
            senses += [t.strip() for t in _NUMBERED.sub("", row.strip()).split(",") if t.strip()]
        out.setdefault(unicodedata.normalize("NFKC", head).casefold(), []).extend(senses)
    return out


def _single(word: str) -> str | None:
    """A translation usable as one search word: a single word of three letters or more."""
    word = fold(word.strip())
    return word if _WORD.match(word) else None


class Glossary:
    """English word → Dutch words; empty when the dictionaries are not installed."""

    def __init__(self, table: dict[str, tuple[str, ...]] | None = None, missing: str = ""):
        self.table = table or {}
        self.missing = missing

    @classmethod
    def load(cls, folder: Path | str) -> Glossary:
        folder = Path(folder)
        try:
            forward = read_dictd(folder, ENGLISH_DUTCH)
            backward = read_dictd(folder, DUTCH_ENGLISH)
        except (OSError, ValueError, EOFError) as exc:
            reason = (f"no English–Dutch dictionary in {folder} ({type(exc).__name__}); English questions "
                      f"search by meaning only — install it with '{INSTALL_HINT}'")
            log.warning(reason)
            return cls({}, reason)
        table: dict[str, list[str]] = {}
        for english, dutch in forward.items():
            table.setdefault(fold(english), []).extend(d for d in map(_single, dutch) if d)
        for dutch, englishes in backward.items():
            d = _single(dutch)
            if d is None:
                continue
            for english in englishes:
                table.setdefault(fold(_LEADING.sub("", english.casefold().strip())), []).append(d)
        return cls({e: tuple(dict.fromkeys(ds))[:MAX_FORMS] for e, ds in table.items() if ds})

    def dutch(self, word: str) -> tuple[str, ...]:
        """The Dutch words for an English word, trying its base forms ('partners' → 'partner',
        'organisations' → 'organization'); a word in -tion also gives its Dutch cognate in -tie."""
        w = fold(word)
        bases = _bases(w)
        for base in bases:  # the domain's own words first (``domain_terms``)
            if base in _DOMAIN:
                return _DOMAIN[base]
        for base in bases:
            found = self.table.get(base)
            if found:
                return found
        return (w[:-4] + "tie",) if w.endswith("tion") and len(w) > 6 else ()

    def expand(self, words: list[str]) -> list[str]:
        """Dutch words for the given English words, each once."""
        out: list[str] = []
        for w in words:
            out += [d for d in self.dutch(w) if d not in out]
        return out


def _bases(w: str) -> list[str]:
    out = [w]
    if w.endswith("ies") and len(w) > 4:
        out.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        out.append(w[:-2])
    if w.endswith("s") and len(w) > 3:
        out.append(w[:-1])
    if w.endswith("ing") and len(w) > 5:
        out += [w[:-3], w[:-3] + "e"]
    if w.endswith("ed") and len(w) > 4:
        out += [w[:-2], w[:-1]]
    out += [b.replace("isation", "ization").replace("ise", "ize") for b in list(out) if "is" in b]
    return list(dict.fromkeys(out))


class LazyGlossary:
    """Loads the dictionaries at the first English question (a Dutch-only user never pays)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self._glossary: Glossary | None = None
        self._lock = threading.Lock()

    def get(self) -> Glossary:
        if self._glossary is None:
            with self._lock:
                if self._glossary is None:
                    self._glossary = Glossary.load(self.folder)
        return self._glossary
