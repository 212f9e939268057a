"""Advice figures: `python -m assistant.eval.advice` (also called by `make eval`).

``evaluate(assistant, items)`` runs advice for each labelled situation (with its
history) and reports block precision/recall against the labels, the median words and
citations of an advice, the share of advices with layout leftovers, with a repeated
sentence, and cited, and the ratio of the median advice time to the median answer
time for the same questions. Run alone it prints the test split and the 5-fold
cross-validated selection figures beside today's behaviour before this selection (a
copy of the old similarity rule is kept here for that comparison only).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

LEFTOVER = re.compile(r"[•▪●◦■]|\b\w[\w ]{0,25} \| \S|^\s*[–—]\s|\bfoto\s*:|\bbeeld\s*:",
                      re.IGNORECASE | re.MULTILINE)
_MARKER = re.compile(r"\[\d+\]")


def leftovers(text: str) -> bool:
    return bool(LEFTOVER.search(text))


def repeated(text: str) -> bool:
    """Does a sentence (over four words) occur twice in the advice?"""
    seen = set()
    for s in re.split(r"(?<=[.?!])\s+|\n", _MARKER.sub("", text)):
        key = " ".join(re.findall(r"\w+", s.casefold()))
        if len(key.split()) <= 4:
            continue
        if key in seen:
            return True
        seen.add(key)
    return False


# The detector of an instruction is kept apart from the finder in ``compose`` (its own,
# wider word list), so the figure judges the text rather than repeating the finder.
_DO_VERBS = frozenset("""begin start organiseer maak zorg stel betrek spreek ga werk onderzoek benut
ontwerp identificeer doe creëer houd investeer kies leg bespreek breng zoek vier deel neem geef
richt verken haal formuleer benoem vraag nodig check toets plan bouw voorkom durf luister bepaal
kijk regel schep wees zet gebruik probeer beschrijf verbind veranker betrek verdeel evalueer
reflecteer besteed expliciteer inventariseer analyseer agendeer beleg beloon erken koppel
let denk laat voer schrijf stem wijs
make ensure set agree ask invite decide define map involve build keep take give start begin
discuss appoint plan be use""".split())
_DIRECTIVE = re.compile(
    r"\b(?:zorg\s+(?:er\s+)?(?:voor\s+)?dat|begin\s+(?:met|bij)|het\s+is\s+(?:daarom\s+)?"
    r"(?:van\s+belang|belangrijk|nodig|zaak|verstandig|raadzaam|goed|essentieel|cruciaal|wenselijk)"
    r"\s+(?:om|dat|te)|(?:je|u|we|jullie|partners|netwerken|het\s+netwerk|de\s+netwerkmanager)\s+"
    r"(?:moet|moeten|dient|dienen|doet\s+er\s+goed\s+aan|doen\s+er\s+goed\s+aan)|"
    r"verdient\s+(?:het\s+)?aanbeveling|is\s+(?:het\s+)?aan\s+te\s+(?:raden|bevelen)|"
    r"de\s+eerste\s+stap\s+is|make\s+sure|it\s+is\s+(?:important|essential|wise)\s+to)\b",
    re.IGNORECASE)


_STEP_LABEL = re.compile(r"^\W*(?:eerste stap|first step)\W*:?\W*", re.IGNORECASE)  # '**Eerste stap:** '
_PUT_FORWARD = re.compile(r"(?:leg de partners|put this question)", re.IGNORECASE)
_EXAMPLE = re.compile(r"(?:\w+,|(?:denk|kijk)\s+(?:\w+\s+)?(?:aan|naar)\b|neem\s+(?:\w+\s+)?"
                      r"(?:voorbeeld|bijvoorbeeld)\b|neem\s+de\s+\w+\s+van\b)", re.IGNORECASE)


def instruction(step: str) -> bool:
    """Does the first step tell the reader what to do? A sentence that opens with a verb
    in the imperative ('Formuleer …', 'Zorg dat …') or says it must or should be done ('Het
    is van belang om …', 'Begin met …'); never a question, nor a question put forward
    ('Leg de partners eerst deze vraag voor: “…?”'), nor a description."""
    text = _MARKER.sub("", step).strip()
    text = _STEP_LABEL.sub("", text)
    text = re.sub(r"^\d{1,2}[.)]?\s+", "", text)
    if not text or "?" in text or _PUT_FORWARD.match(text) or _EXAMPLE.match(text):
        return False  # a question, a passage put forward as one, or an example introduced
    first = text.split(None, 1)[0].strip("“”\"'‘’(").casefold()
    after = text.split()[1:3]
    if first in _DO_VERBS and not any(w[:1].isupper() for w in after):
        return True  # 'Zorg voor Elkaar Breda werkt …' is a name, not an instruction
    return bool(_DIRECTIVE.search(text))


FIRST_STEPS = Path(__file__).resolve().parents[2] / "evalsets" / "first_steps.jsonl"


def first_step_blocks(path: Path = FIRST_STEPS) -> dict[str, set[str]]:
    """The building blocks each instruction of the corpus is about, labelled apart from the
    tool (``evalsets/first_steps.jsonl``), keyed as ``_step_key`` keys a first step."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {_step_key(r["instruction"]): set(r["bouwstenen"]) for r in rows}


def _step_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", _MARKER.sub("", text).casefold()))


def step_on_gold(ans, gold: set[str], labels: dict[str, set[str]]) -> bool:
    """Is the advice's first step about a gold block: an instruction labelled with one, or a
    question put forward from a chosen block that is one."""
    line = _STEP_LABEL.sub("", first_step_line(ans.text))
    if _PUT_FORWARD.match(line):
        return bool(ans.advice_blocks) and ans.advice_blocks[0].name in gold
    return bool(labels.get(_step_key(ans.first_step), set()) & gold)


def first_step_line(text: str) -> str:
    """The first step as the advice shows it: its first line."""
    return text.split("\n", 1)[0] if text else ""


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", _MARKER.sub("", text)))


def _pr(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    tp = sum(len(c & g) for c, g in pairs)
    fp = sum(len(c - g) for c, g in pairs)
    fn = sum(len(g - c) for c, g in pairs)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def evaluate(assistant, items: list[dict]) -> dict:
    from assistant.advice import warm

    warm(assistant)
    pairs, n_words, n_cites, left, rep, cited, t_adv, t_ans = [], [], [], 0, 0, 0, [], []
    told = asks = on_gold = 0
    labels = first_step_blocks()
    for item in items:
        history = item.get("history") or []
        assistant.retriever.clear_cache()
        t = time.perf_counter()
        assistant.ask(item["question"], history=history, mode="answer")
        t_ans.append(time.perf_counter() - t)
        assistant.retriever.clear_cache()
        t = time.perf_counter()
        ans = assistant.ask(item["question"], history=history, mode="advice")
        t_adv.append(time.perf_counter() - t)
        pairs.append(({b.name for b in ans.advice_blocks}, set(item["bouwstenen"])))
        n_words.append(_word_count(ans.text))
        n_cites.append(len(ans.citations))
        left += leftovers(ans.text)
        rep += repeated(ans.text)
        cited += bool(ans.citations) and bool(_MARKER.search(ans.text))
        step = first_step_line(ans.text)
        told += instruction(step) and bool(_MARKER.search(step))
        on_gold += step_on_gold(ans, set(item["bouwstenen"]), labels)
        asks += all(_MARKER.sub("", q).rstrip().endswith("?")
                    for b in ans.advice_blocks for s in b.sections if s.kind == "vragen" for q in s.items)
    n = len(items) or 1
    p, r = _pr(pairs)
    return {"n": len(items), "block_precision": p, "block_recall": r,
            "median_words": statistics.median(n_words) if n_words else 0,
            "median_citations": statistics.median(n_cites) if n_cites else 0,
            "share_layout_leftovers": left / n, "share_repeated_sentence": rep / n,
            "share_cited": cited / n,
            "share_first_step_instruction": told / n,
            "share_first_step_on_gold_block": on_gold / n,
            "share_only_real_questions": asks / n,
            "advice_answer_time_ratio": (statistics.median(t_adv) / statistics.median(t_ans)
                                         if t_ans else 0.0),
            "advice_p50_s": statistics.median(t_adv) if t_adv else 0.0,
            "answer_p50_s": statistics.median(t_ans) if t_ans else 0.0}


def format_report(figures: dict, before: dict | None = None) -> str:
    lines = ["Advice (situations: building blocks vs labels, form of the advice)"]
    keys = [k for k in figures if k != "n"]
    head = f"  {'':<28}{'now':>8}" + (f"{'before':>9}" if before else "")
    lines.append(head + f"   (n={figures.get('n', '?')})")
    for k in keys:
        row = f"  {k:<28}{figures[k]:>8.3f}"
        if before and k in before:
            row += f"{before[k]:>9.3f}"
        lines.append(row)
    return "\n".join(lines)


# ---- the selection before the fitted model (comparison only) -------------------------------


def old_choose(assistant, question: str) -> set[str]:
    """The similarity rule advice used before: the blocks within 3% of the best block's
    fit (0.6 · best item + 0.4 · mean of the best three items), at most three."""
    from assistant.advice.blocktexts import block_texts

    texts = block_texts(assistant)
    sims = np.einsum("ij,j->i", texts.vectors, assistant.retriever.query_vector(question))
    fits = {}
    for b in texts.names:
        rows = np.concatenate([texts.rows(b, k) for k in ("explanation", "key", "deeper")])
        top = np.sort(sims[rows])[::-1][:3]
        fits[b] = 0.6 * top[0] + 0.4 * float(np.mean(top))
    ranked = sorted(fits, key=fits.get, reverse=True)
    best = fits[ranked[0]]
    return {b for b in ranked[:3] if fits[b] >= best * 0.97}


def selection_figures(assistant, items: list[dict]) -> dict:
    """Block precision/recall of the fitted selection and of the old rule, same items."""
    from assistant.advice.fit import query_of
    from assistant.advice.select import score

    new, old = [], []
    for item in items:
        q = query_of(item)
        gold = set(item["bouwstenen"])
        new.append((set(score(assistant, q).chosen), gold))
        old.append((old_choose(assistant, q), gold))
    (p, r), (op, orr) = _pr(new), _pr(old)
    return {"now": {"block_precision": p, "block_recall": r},
            "before": {"block_precision": op, "block_recall": orr}}


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.advice.config import MODEL_PATH
    from assistant.advice.fit import SITUATIONS, load

    parser = argparse.ArgumentParser(prog="python -m assistant.eval.advice")
    parser.add_argument("--situations", type=Path, default=SITUATIONS)
    parser.add_argument("--split", default="test")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from assistant.core import Assistant
    from assistant.errors import NetwerkwijzerError

    try:
        assistant = Assistant.from_settings()
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    items = [i for i in load(args.situations) if i["split"] == args.split]
    sel = selection_figures(assistant, items)
    figures = evaluate(assistant, items)
    print(format_report(figures, sel["before"]))
    fitted = json.loads(Path(MODEL_PATH).read_text(encoding="utf-8"))
    print(f"\nBlock selection, {args.split} split: now P {sel['now']['block_precision']:.3f} / "
          f"R {sel['now']['block_recall']:.3f}; before P {sel['before']['block_precision']:.3f} / "
          f"R {sel['before']['block_recall']:.3f}")
    print(f"5-fold CV on the train split (from fitting): P {fitted.get('cv_precision')} / "
          f"R {fitted.get('cv_recall')}")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "selection": sel}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
