"""Which sentence answers the question? A fitted ranker over each candidate's evidence.

Every candidate sentence of the best passages (a ``Unit`` of ``extractive.draft``)
carries its evidence: the cosine of the question to the stored sentence windows around
it, the question's focus words it holds (weighted by everyday-language rarity), whether
it binds a value of the asked kind to the focus, the rank and cosine of its passage, its
place in the passage, its length and the share of the question's words it repeats. The
gaps to the best candidate of the same question matter as much as the values, so they
are features too.

A logistic regression over these (``assistant.answerability.Logistic``), fitted by
``make calibrate`` on the train split of ``evalsets/answers.jsonl`` (label: the sentence
holds a gold quote), turns them into P(this sentence answers). Every feature means the
same in any library; none is a library statistic. The coefficients live in
``ranker.json`` beside this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.answerability import Logistic
from assistant.errors import ConfigError

MODEL_PATH = Path(__file__).with_name("ranker.json")

FEATURES = ("dense", "dense_gap", "focus", "focus_gap", "prior", "entities", "bound", "value",
            "first_passage", "passage_rank", "opens_passage", "position", "length", "leans",
            "query_cover", "cue", "passage_gap", "question")

# words that typically carry the kind of answer asked for (a reason, a way, a definition)
_CUES = {
    "reason": re.compile(r"\b(omdat|doordat|want|daardoor|zodat|reden|oorzaak|because)\b"),
    "howto": re.compile(r"\b(door|moet|moeten|kun je|zorg|begin|belangrijk|van belang|nodig)\b"),
    "definition": re.compile(r"\b(is een|noemen|betekent|bedoelen|definitie|gaat om)\b"),
}


def cue(kind: str, text: str) -> float:
    """1 when the sentence holds a word that typically carries the asked kind of answer."""
    pattern = _CUES.get(kind)
    return 1.0 if pattern is not None and pattern.search(text.casefold()) else 0.0


def with_gaps(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each candidate's evidence plus its gaps to the best candidate of the same question."""
    if not rows:
        return rows
    best = {k: max(r[k] for r in rows) for k in ("dense_raw", "focus", "passage_dense")}
    return [{**r, "dense_gap": r["dense_raw"] - best["dense_raw"], "focus_gap": r["focus"] - best["focus"],
             "passage_gap": r["passage_dense"] - best["passage_dense"]} for r in rows]


@dataclass(frozen=True)
class SentenceRanker:
    model: Logistic
    trained_on: str = ""

    def probability(self, evidence: dict[str, float]) -> float:
        return self.model.probability(evidence)

    def probabilities(self, evidence: list[dict[str, float]]) -> list[float]:
        return self.model.probabilities(evidence).tolist() if evidence else []

    def to_dict(self) -> dict:
        return {"model": self.model.to_dict(), "trained_on": self.trained_on}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceRanker:
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
            model = Logistic.from_dict(d["model"])
        except (OSError, KeyError, ValueError, TypeError) as exc:
            raise ConfigError(
                f"The sentence ranker at {path} cannot be read ({type(exc).__name__}: {exc}) — "
                "run 'make calibrate' to fit it again."
            ) from exc
        if set(model.features) - set(FEATURES):
            raise ConfigError(f"The sentence ranker at {path} uses unknown features — run 'make calibrate'.")
        return cls(model, str(d.get("trained_on", "")))

    def save(self, path: Path = MODEL_PATH) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
