"""`python -m assistant.eval` (make eval): the quality figures, today's behaviour beside the new.

Sections: the calibration set's test split (answers, by language, follow-up and kind,
plus the answerability model's 5-fold cross-validated figures on train), retrieval on
the answerable questions (everyday wording apart), the second library of our own
documents (indexed on its own), the dev set as a second check, and advice when its
evaluation is present. "before" is the system of ``baseline.BASELINE_REV``, run in the same
run over its own index of the same documents.

``--set section.name=value`` (repeatable) evaluates with tunables of ``assistant.config.Config``
changed, e.g. ``--set retrieval.lexical=0.4 --set compose.support_ratio=0.3``; the "before"
column keeps its own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from assistant.answer.question import analyse
from assistant.eval import datasets
from assistant.eval.answers import answer_records, answer_scores, format_table, grouped
from assistant.eval.baseline import BASELINE_REV, baseline_records
from assistant.eval.retrieval import MODES, retrieval_scores

SETS = ("calibration", "library2", "dev", "advice")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m assistant.eval")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--baseline", default=BASELINE_REV, help="git revision of the 'before' column")
    parser.add_argument("--no-baseline", action="store_true", help="skip the 'before' column")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.NAME=VALUE",
                        help="change one tunable of assistant.config.Config (repeatable), "
                             "e.g. retrieval.lexical=0.4")
    args = parser.parse_args(argv)
    from assistant.config import Config
    from assistant.core import Assistant
    from assistant.errors import NetwerkwijzerError
    from assistant.settings import Settings

    try:
        config = Config().override(args.overrides)
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(describe_overrides(config))
    print()
    settings = Settings.from_env()
    try:
        assistant = Assistant.from_settings(settings, config)
    except NetwerkwijzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    rev = None if args.no_baseline else args.baseline
    sa = datasets.scorer()
    sources = sa.fold_sources("\n".join(p.read_text(encoding="utf-8")
                                        for p in sorted(Path(settings.corpus_dir).glob("*.txt"))))
    figures: dict = {}
    if "calibration" in wanted:
        figures["calibration"] = calibration_section(assistant, settings, sources, rev)
    if "library2" in wanted:
        figures["library2"] = library2_section(settings, rev, config)
    if "dev" in wanted:
        figures["dev"] = dev_section(assistant, settings, sources, rev)
    if "advice" in wanted:
        figures["advice"] = advice_section(assistant)
    if args.json:
        figures["config"] = config.diff()
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0


def describe_overrides(config) -> str:
    """The line that says which tunables differ from the defaults in this run."""
    changed = config.diff()
    if not changed:
        return "Config: the defaults (no --set)"
    return "Config overrides: " + ", ".join(f"{k}={v!r}" for k, v in changed.items())


def calibration_section(assistant, settings, sources: str, rev: str | None) -> dict:
    from assistant.eval.calibrate import cross_validated, feature_rows

    items = datasets.load(datasets.CALIBRATION)
    test, train = datasets.split(items, "test"), datasets.split(items, "train")
    now = answer_records(assistant, test)
    rows = {"now: test split": answer_scores(test, now, sources)}
    cv = cross_validated(feature_rows(assistant, train))
    rows["now: 5-fold CV over train (decision)"] = {**{k: float("nan") for k in
                                                      ("points", "citations_verbatim")}, **cv}
    before = []
    if rev:
        before = baseline_records(test, settings.data_dir, rev)
        rows[f"before ({rev}): test split"] = answer_scores(test, before, sources)
    print(format_table(rows, "Calibration set (evalsets/answers.jsonl)"))
    print()
    for title, key in (("by language", lambda i: i["lang"]),
                       ("follow-up or not", lambda i: "follow-up" if i.get("history") else "single"),
                       ("by expected status", lambda i: i["status"]),
                       ("by wording", lambda i: i.get("wording", "text")),
                       ("asks a specific value or not", _asks_value)):
        print(format_table(grouped(test, now, sources, key), f"now, test split, {title}"))
        print()
    retrieval = retrieval_section(assistant, [i for i in items if i["status"] == "answered"], before, rev)
    return {"rows": rows, "retrieval": retrieval}


def _asks_value(item: dict) -> str:
    """'value' when the question asks for a count, amount, date, name, place, list … (the
    questions the slot check is about), else 'other'."""
    return "value" if analyse(item.get("standalone") or item["question"]).typed else "other"


def retrieval_section(assistant, answerable: list[dict], before: list[dict], rev: str | None) -> dict:
    """hit@5 / MRR@10 on all answerable calibration questions (both splits: nothing is fitted
    on retrieval), by wording, with the follow-ups searched as the assistant rewrites them."""
    scores = retrieval_scores(assistant, answerable, group=lambda i: i.get("wording", "text"),
                              query_for=lambda i: assistant.standalone(i["question"], i.get("history")))
    print("Retrieval on the answerable calibration questions (gold passage in the top k)")
    print(f"{'':<12}{'n':>5}" + "".join(f"{m + ' hit@5':>16}{m + ' mrr':>14}" for m in MODES))
    for group in ("everyday", "text", "all"):
        if group not in scores["hybrid"]:
            continue
        row = f"{group:<12}{int(scores['hybrid'][group]['n']):>5}"
        for mode in MODES:
            m = scores[mode][group]
            row += f"{m['hit@5']:>16.2f}{m['mrr@10']:>14.2f}"
        print(row)
    print("target: hybrid hit@5 >= 0.80 everyday, >= 0.90 all")
    print()
    return scores


def library2_section(settings, rev: str | None, config=None) -> dict:
    """Our own small library (agreement, annual report, minutes …, DOCX and PDF), indexed on
    its own (``python -m ingest.evalprep library2``, which ``make eval`` runs first), with
    its own questions."""
    from assistant.core import Assistant

    folder = datasets.library2_dir(settings)
    if not (folder / "sources.txt").exists():
        print(f"Second library: not indexed in {folder}; run 'python -m ingest.evalprep library2' "
              "(make eval does) and evaluate again.\n")
        return {}
    items = datasets.load(datasets.LIBRARY2)
    sa = datasets.scorer()
    lib = settings.replace(data_dir=folder / "data", corpus_dir=folder / "docs")
    assistant = Assistant.from_settings(lib, config)
    sources = sa.fold_sources((folder / "sources.txt").read_text(encoding="utf-8"))
    rows = {"now": answer_scores(items, answer_records(assistant, items), sources)}
    if rev:
        before = baseline_records(items, lib.data_dir, rev, lib.corpus_dir)
        rows[f"before ({rev})"] = answer_scores(items, before, sources)
    print(format_table(rows, "Second library (evalsets/library2)"))
    print()
    return rows


def dev_section(assistant, settings, sources: str, rev: str | None) -> dict:
    items = datasets.load(datasets.DEV)
    answerable = [i for i in items if i["type"] != "advice"]
    rows = {"now": answer_scores(answerable, answer_records(assistant, answerable), sources)}
    if rev:
        rows[f"before ({rev})"] = answer_scores(answerable, baseline_records(answerable, settings.data_dir, rev),
                                                sources)
    print(format_table(rows, "Dev set (../shared/eval/dev.jsonl)"))
    retrieval = retrieval_scores(assistant, items)
    print("\nDev retrieval (gold passage in the top k)")
    print(f"{'type':<13}{'n':>3}  " + "".join(f"{mode:>30}" for mode in MODES))
    for t in sorted(retrieval["hybrid"], key=lambda t: (t == "all", t)):
        row = f"{t:<13}{int(retrieval['hybrid'][t]['n']):>3}  "
        for mode in MODES:
            m = retrieval[mode][t]
            cell = f"h@1 {m['hit@1']:.2f} h@5 {m['hit@5']:.2f} mrr {m['mrr@10']:.2f}"
            row += f"{cell:>30}"
        print(row)
    print()
    return {"answers": rows, "retrieval": retrieval}


def advice_section(assistant) -> dict:
    """Advice on the test split of the labelled situations (``assistant.eval.advice``)."""
    from assistant.advice.fit import SITUATIONS, load
    from assistant.eval.advice import evaluate, format_report, selection_figures
    from assistant.eval.datasets import FRESH_SITUATIONS

    items = [i for i in load(SITUATIONS) if i["split"] == "test"]
    selection = selection_figures(assistant, items)
    figures = evaluate(assistant, items)
    print(f"Advice, {len(items)} situations of the test split (evalsets/situations.jsonl)")
    print(format_report(figures, selection["before"]))
    fresh_items = load(FRESH_SITUATIONS)
    fresh = selection_figures(assistant, fresh_items)
    print(f"\nBlock selection on {len(fresh_items)} situations no fit ever saw "
          f"(evalsets/situations_fresh.jsonl): precision {fresh['now']['block_precision']:.3f}, "
          f"recall {fresh['now']['block_recall']:.3f} (the rule before the fitted selection: "
          f"{fresh['before']['block_precision']:.3f} / {fresh['before']['block_recall']:.3f})")
    print()
    return {"figures": figures, "selection": selection, "fresh_selection": fresh}


if __name__ == "__main__":
    sys.exit(main())
