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
    write_dictd(tmp_path, "freedict-eng-nld", {"window": "raam, venster", "bread": "1. brood\n2. kost",
                                               "board": "plank, bord"})
    write_dictd(tmp_path, "freedict-nld-eng", {"boom": "tree, beam", "fiets": "bicycle, bike",
                                               "hebben in": "to have in"})
    return Glossary.load(tmp_path)


def test_both_dictionaries_are_read_the_second_backwards(small_glossary):
    g = small_glossary
    assert g.dutch("windows") == ("raam", "venster")  # a plural finds its base form
    assert g.dutch("bread") == ("brood", "kost")  # numbered senses
    assert g.dutch("tree") == ("boom",) and g.dutch("bikes") == ("fiets",)
    assert g.dutch("situation") == ("situatie",)  # the Dutch cognate of a word in -tion
    assert g.dutch("have") == ()  # phrases are no search words
    assert g.expand(["windows", "tree", "window"]) == ["raam", "venster", "boom"]


def test_the_domains_own_words_come_before_the_dictionaries(small_glossary):
    g = small_glossary
    assert g.dutch("board") == ("bestuur", "raad", "directie")  # the governing body, not a plank
    assert g.dutch("municipalities") == ("gemeente", "gemeentelijk")  # FreeDict lacks it
    assert g.dutch("neighbourhoods") == g.dutch("neighborhood") == ("wijk", "buurt")
    assert g.dutch("coordinator") == ("coordinator",)  # folded like every search word
    assert g.dutch("blocks")[0] == "bouwstenen"  # the Netwerkmozaïek's building blocks, not 'blokken'
    # a housing association is a woningcorporatie; pulling out of a network is stopping
    assert g.dutch("associations")[:2] == ("corporaties", "woningcorporaties")
    assert "stoppen" in g.dutch("pull")
    assert g.dutch("evaluating")[0] == "evalueren"  # FreeDict has no Dutch word for it
    # a network's hierarchy and a chain of organisations, who leads: the words the texts use
    assert g.dutch("hierarchy")[0] == "hierarchie" and "ketensamenwerking" in g.dutch("chain")
    assert "trekker" in g.dutch("lead")  # who takes the lead, not the metal
    assert "citaat" in g.dutch("quote") and "onderzoek" in g.dutch("research")  # not 'speurtocht'
    assert Glossary.load(Path("/nowhere")).dutch("residents") == ("bewoners", "inwoners")


def test_without_the_dictionaries_english_questions_work_by_meaning_alone(tmp_path, caplog):
    g = Glossary.load(tmp_path / "nowhere")
    assert g.table == {} and g.dutch("window") == ()
    assert INSTALL_HINT in g.missing  # the warning names the fix


def test_an_english_focus_word_counts_by_its_dutch_words(small_glossary):
    q = analyse("Who chairs the network of the municipality?", "en", dutch=small_glossary.dutch)
    assert q.forms["municipality"] == ("gemeente", "gemeentelijk")
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
    # a name in capitals stays a name: the dictionary's 'mom' is 'mam', the MOM is a Tilburg network
    mom = assistant.lexical_query("What about the MOM in Tilburg, how does it work?").split()
    assert "mam" not in mom and "werken" in mom
    forms = analyse("What does the MOM offer residents?", "en", dutch=assistant.glossary.get().dutch).forms
    assert "mom" not in forms and "bewoners" in forms["residents"]


def test_every_domain_word_is_one_search_word_in_lower_case():
    from assistant.text.domain_terms import DOMAIN

    assert len(DOMAIN) > 150
    for english, dutch in DOMAIN.items():
        assert english == english.lower() and " " not in english, english
        assert dutch and all(len(d) >= 3 and d == d.lower() and " " not in d for d in dutch), english
