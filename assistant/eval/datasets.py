"""The labelled question sets and how they are split.

- ``evalsets/answers.jsonl``: the calibration set (answered / partial / not covered, with a
  fixed ``split`` per item: the answerability model is fitted on 'train', reported on
  'test' and by 5-fold cross-validation over 'train');
- ``evalsets/library2``: a second, small library of our own documents with its own
  questions (all 'test'), indexed apart in ``library2_dir`` by ``python -m ingest.evalprep
  library2`` (``make eval`` does);
- ``../shared/eval/dev.jsonl``: the dev set, a second check (no status: an item without
  gold is unanswerable);
- ``evalsets/situations.jsonl`` (advice; read by ``assistant.advice.fit``) and
  ``evalsets/situations_fresh.jsonl``: situations written later, never fitted on, a second
  check of the block selection.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from assistant.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION = ROOT / "evalsets" / "answers.jsonl"
LIBRARY2 = ROOT / "evalsets" / "library2" / "questions.jsonl"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
# advice situations written after the selection was fitted, never used by any fit: a second
# check of the block selection beside the test split of ``situations.jsonl``
FRESH_SITUATIONS = ROOT / "evalsets" / "situations_fresh.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score_answers.py"


def load(path: Path) -> list[dict]:
    if not Path(path).exists():
        raise ConfigError(f"No question set at {path}.")
    with Path(path).open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh if line.strip()]
    for item in items:
        item.setdefault("status", "answered" if item.get("gold") else "not_covered")
        item.setdefault("history", [])
        item.setdefault("lang", "nl")
        item.setdefault("wording", "text")
    return items


def library2_dir(settings) -> Path:
    """Where ``python -m ingest.evalprep library2`` indexes the second library: ``docs/``,
    ``data/`` and ``sources.txt`` (the files' raw text, for the scorer)."""
    return Path(settings.data_dir) / "library2"


def split(items: list[dict], name: str) -> list[dict]:
    return [i for i in items if i.get("split", "test") == name]


def folds(items: list[dict], k: int = 5, seed: int = 0) -> list[list[dict]]:
    """k folds, stratified by status and language, in a fixed order: sorted by id (seed 0)
    or by a seeded hash of the id (another shuffle for repeated cross-validation)."""
    def order(i: dict) -> str:
        return i["id"] if not seed else hashlib.sha256(f"{seed}:{i['id']}".encode()).hexdigest()

    ordered = sorted(items, key=lambda i: (i["status"], i["lang"], order(i)))
    out: list[list[dict]] = [[] for _ in range(k)]
    for n, item in enumerate(ordered):
        out[n % k].append(item)
    return out


def scorer():
    """``../shared/eval/score_answers.py``: the answer-point scorer the issues' targets use."""
    if not SCORER.exists():
        raise ConfigError(f"The shared answer scorer is missing ({SCORER}); it comes with ../shared.")
    spec = importlib.util.spec_from_file_location("score_answers", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module
