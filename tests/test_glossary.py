"""English words in Dutch (FreeDict in dictd format): reading the files, base forms, what an
English question gains from them, and what happens without them."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from assistant.answer.question import analyse
from assistant.answer.slots import check, coverage
from assistant.text.glossary import INSTALL_HINT, Glossary

SYSTEM_DICTS = Path("/usr/share/dictd")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64(n: int) -> str:
    out = ""
    while True:
        out = B64[n % 64] + out
        n //= 64
        if not n:
            return out


def write_dictd(folder: Path, name: str, entries: dict[str, str]) -> None:
    """A dictd dictionary as FreeDict ships it: gzip text plus an index of base64 offsets."""
    body, index = b"", ["00databaseshort\tA\tB"]
    for head, text in entries.items():
        entry = f"{head} /x/\n{text}\n".encode()
        index.append(f"{head}\t{b64(len(body))}\t{b64(len(entry))}")
        body += entry
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(body))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


@pytest.fixture()
def small_glossary(tmp_path) -> Glossary:
    write_dictd(tmp_path, "freedict-eng-nld", {"network": "net, netwerk", "trust": "1. vertrouwen\n2. geloof"})
    write_dictd(tmp_path, "freedict-nld-eng", {"gemeente": "municipality, community", "doel": "goal, aim",
                                               "hebben in": "to have in"})
    return Glossary.load(tmp_path)


def test_both_dictionaries_are_read_the_second_backwards(small_glossary):
    g = small_glossary
    assert g.dutch("networks") == ("net", "netwerk")  # a plural finds its base form
    assert g.dutch("trust") == ("vertrouwen", "geloof")  # numbered senses
    assert g.dutch("municipality") == ("gemeente",) and g.dutch("goals") == ("doel",)
    assert g.dutch("cooperation") == ("cooperatie",)  # the Dutch cognate of a word in -tion
    assert g.dutch("have") == ()  # phrases are no search words
    assert g.expand(["networks", "municipality", "network"]) == ["net", "netwerk", "gemeente"]


def test_without_the_dictionaries_english_questions_work_by_meaning_alone(tmp_path, caplog):
    g = Glossary.load(tmp_path / "nowhere")
    assert g.table == {} and g.dutch("network") == ()
    assert INSTALL_HINT in g.missing  # the warning names the fix


def test_an_english_focus_word_counts_by_its_dutch_words(small_glossary):
    q = analyse("Who chairs the network of the municipality?", "en", dutch=small_glossary.dutch)
    assert q.forms["municipality"] == ("gemeente",)
    toks = ["de", "gemeente", "leidt", "het", "netwerk"]
    assert coverage(q.focus, toks, q.forms) > coverage(q.focus, toks)
    assert check(q, "De gemeente leidt het netwerk.").focus == pytest.approx(coverage(q.focus, toks, q.forms))
    assert analyse("Wie leidt het netwerk van de gemeente?", "nl", dutch=small_glossary.dutch).forms == {}


@pytest.mark.skipif(not (SYSTEM_DICTS / "freedict-nld-eng.index").exists(),
                    reason=f"FreeDict not installed ({INSTALL_HINT}; scripts/bootstrap.sh does it)")
def test_the_installed_dictionaries_know_the_words_of_the_domain():
    g = Glossary.load(SYSTEM_DICTS)
    assert len(g.table) > 10_000
    for english, dutch in (("goal", "doel"), ("costs", "kosten"), ("director", "directeur"),
                           ("trust", "vertrouwen"), ("alliance", "alliantie"), ("money", "geld")):
        assert dutch in g.dutch(english), english


def test_an_english_question_searches_the_lexical_side_with_dutch_words(assistant):
    if not assistant.glossary.get().table:
        pytest.skip(f"FreeDict not installed ({INSTALL_HINT})")
    query = "What do the sources say about trust between network partners?"
    lexical = assistant.lexical_query(query)
    assert lexical.startswith(query) and "vertrouwen" in lexical.split()
    assert assistant.lexical_query("Wat zeggen de bronnen over vertrouwen?") is None
    # the lexical side alone: without the Dutch words it finds no passage about 'vertrouwen'
    assert not any("vertrouwen" in c.text.casefold() for c, *_ in assistant.retriever.search(query, 5, mode="lexical"))
    assert any("vertrouwen" in h.text.casefold() for h in assistant.search(query, k=5, mode="lexical"))
