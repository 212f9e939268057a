"""Choose one to three building blocks for a situation, with a reason a person can check.

The fitted model (``model``) scores every block from the pair's features
(``features``); the blocks at or above its calibrated threshold are chosen, at least
the best one. The reason puts the situation's own words (turned to 'je/jullie') next
to what the block is about in the magazine's words (its tagline):
"Je beschrijft dat niemand zich eigenaar voelt; Organisatie gaat over overleg,
besluitvorming en regie."
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.advice import features, model
from assistant.advice.blocktexts import BlockTexts, block_texts, gist


@dataclass
class BlockChoice:
    name: str
    tagline: str
    fit: float  # the model's probability that the block fits the situation
    reason: str
    matched: list[str]  # the situation's words the block's text shares
    best_items: list[tuple[float, object]] = field(default_factory=list)  # (cosine, Piece)


@dataclass(frozen=True)
class Scored:
    """Everything selection computed, for composing the advice without computing it again."""

    texts: BlockTexts
    q_vec: np.ndarray
    sims: np.ndarray  # cosine of the situation to every piece of ``texts``
    probs: dict[str, float]
    chosen: list[str]


def score(assistant, query: str, language: str = "nl") -> Scored:
    texts = block_texts(assistant)
    q_vec = assistant.retriever.query_vector(query)
    m = model.load()
    model.check(m, features.names(texts.names), texts.model_id, texts.names)
    x = features.with_learned(features.matrix(texts, q_vec, query), m.learned(q_vec))
    probs = m.probabilities(x)
    chosen = [texts.names[i] for i in m.choose(probs, assistant.config.advice.max_blocks)]
    sims = np.einsum("ij,j->i", texts.vectors, q_vec)
    return Scored(texts, q_vec, sims, {n: float(p) for n, p in zip(texts.names, probs, strict=True)},
                  chosen)


def choose_blocks(assistant, question: str, *, situation: str | None = None,
                  language: str = "nl", scored: Scored | None = None) -> list[BlockChoice]:
    """The chosen blocks for ``question`` (a standalone query), best first. ``situation``
    is the text the reason quotes (the user's own words; default the question)."""
    scored = scored or score(assistant, question, language)
    analyzer = assistant.retriever.lexical.analyzer
    words = analyzer.words(situation or question)
    stems = analyzer(situation or question)
    out, used = [], set()
    for name in scored.chosen:
        texts = scored.texts
        matched = sorted({w for w, s in zip(words, stems, strict=True) if s in texts.stems[name]})
        items = [(float(scored.sims[i]), p) for i, p in texts.of(name, "key", "deeper")]
        items.sort(key=lambda t: t[0], reverse=True)
        out.append(BlockChoice(name, texts.taglines[name], round(scored.probs[name], 4),
                               reason(situation or question, name, texts, analyzer, language, used),
                               matched[:8], items))
    return out


# ---- reasons ---------------------------------------------------------------------------

# sentences, and clauses joined by a conjunction after a comma
_CLAUSE_SPLIT = re.compile(r"(?<=[.?!;:])\s+|,\s+(?=(?:maar|terwijl|omdat|want|but|while|because)\b)")
# a statement that opens with these reads better without them ('maar er gebeurt daarna
# weinig' → 'er gebeurt daarna weinig'); one that opens with a subordinator is quoted as a
# fragment ('… omdat het te weinig oplevert')
_COORDINATORS = re.compile(r"^(?:maar|en|want|dus|but|and|so)\s+", re.IGNORECASE)
_SUBORDINATORS = re.compile(r"^(?:terwijl|omdat|doordat|waardoor|zodat|waarom|om|of|because|while|or|so)\s",
                            re.IGNORECASE)
# when every clause is taken, the parts of one: a clause split before a conjunction
# ('Een partner dreigt af te haken | omdat zijn organisatie …', '… aanstellen, | of kunnen
# we …'), so that a second block still quotes what in the situation speaks to it
_PART_SPLIT = re.compile(r",\s+|\s+(?=(?:omdat|doordat|waardoor|zodat|terwijl|want|maar|waarom|because|"
                         r"while|but|so\s+that)\s)|\s+(?=om\s+(?:\w+\s+){1,6}te\s)", re.IGNORECASE)
MIN_CLAUSE_WORDS = 2  # a clause with fewer content words ('Wat nu?') names nothing to reason from
# 'ik twijfel' → 'je twijfelt': the verbs a practitioner writes after 'ik' take their -t
# ('ik vermoed' → 'je vermoedt'; 'ik zie' → 'je ziet'); inverted ('merk ik') they do not
_FIRST_PERSON_VERBS = ("merk denk vraag zie begin vind vermoed betaal werk maak zorg word snap durf ken "
                       "hoor twijfel hoop voel zoek probeer begrijp geloof krijg ga doe sta kom loop "
                       "schrik lees schrijf spreek zeg ervaar verwacht").split()
_LONG_VOWEL = {"ga": "gaat", "sta": "staat", "doe": "doet", "zie": "ziet"}
_PRONOUNS_NL = [(r"\bik (" + "|".join(sorted(set(_FIRST_PERSON_VERBS))) + r")\b",
                 lambda m: "je " + _LONG_VOWEL.get(m.group(1).casefold(),
                                                   m.group(1) + ("" if m.group(1).endswith("t") else "t"))),
                (r"\bik ben\b", "je bent"), (r"\bik heb\b", "je hebt"), (r"\bben ik\b", "ben je"),
                (r"\bheb ik\b", "heb je"), (r"\bik\b", "je"), (r"\bmijn\b", "je"), (r"\bme\b", "je"),
                # a reflexive 'ons' ('vragen we ons af') goes with 'jullie' as 'je'
                (r"\b(we|wij)\s+ons\b", r"\1 je"), (r"\b(we|wij)\s+(\w+)\s+ons\b", r"\1 \2 je"),
                (r"\bwij\b", "jullie"), (r"\bwe\b", "jullie"), (r"\bonze\b", "jullie"),
                (r"\bons\b", "jullie")]
_PRONOUNS_EN = [(r"\bwe are\b", "you are"), (r"\bI am\b", "you are"), (r"\bwe\b", "you"),
                (r"\bour\b", "your"), (r"\bus\b", "you"), (r"\bI\b", "you"), (r"\bmy\b", "your")]


# what someone is quoted as saying stays in their words: 'Onze bestuurder zegt: “Laten we
# eerst iets doen”' keeps its 'we'
_QUOTED = re.compile(r"(“[^”]*”|‘[^’]*’(?!\w)|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w))")


def second_person(text: str, language: str) -> str:
    """'Wij hebben het gevoel …' → 'jullie hebben het gevoel …' (we → jullie keeps the verb);
    quoted words are left as they were said."""
    pieces = _QUOTED.split(text)
    for n in range(0, len(pieces), 2):  # the even pieces stand outside quotation marks
        for pattern, repl in (_PRONOUNS_EN if language == "en" else _PRONOUNS_NL):
            pieces[n] = re.sub(pattern, repl, pieces[n], flags=re.IGNORECASE if language == "nl" else 0)
    return "".join(pieces)


def _clause(situation: str, name: str, texts: BlockTexts, analyzer, used: set[str]) -> str:
    """The part of the situation that speaks most to this block (statements first), not
    one an earlier block's reason quoted already ('' when none is left)."""
    clauses = [p.strip() for p in _CLAUSE_SPLIT.split(situation) if p and p.strip()]
    parts = [p for p in clauses if p not in used and len(analyzer(p)) >= MIN_CLAUSE_WORDS]
    if not parts:
        # a part of a question is asked as well ('… of kunnen we het samen regelen?')
        pieces = [q.strip() + ("?" if c.endswith("?") else "") for c in clauses
                  for q in _PART_SPLIT.split(c.rstrip(" .!?;:")) if q and q.strip()]
        taken = {_bare(c) for c in [*clauses, *used]}
        parts = [p for p in pieces if _bare(p) not in taken and len(analyzer(p)) >= MIN_CLAUSE_WORDS]
    if not parts:
        return ""

    def fit(part: str) -> tuple[float, int]:
        stems = analyzer(part)
        cue = sum(texts.cues[name].get(s, 0.0) for s in stems)
        shared = sum(1 for s in stems if s in texts.stems[name])
        return (cue + 0.25 * shared + (0.0 if part.endswith("?") else 2.0), -parts.index(part))

    return max(parts, key=fit)


def _bare(clause: str) -> str:
    return clause.rstrip(" .!?;:").casefold()


def reason(situation: str, name: str, texts: BlockTexts, analyzer, language: str = "nl",
           used: set[str] | None = None) -> str:
    used = used if used is not None else set()
    picked = _clause(situation, name, texts, analyzer, used)
    about = gist(texts.taglines[name], name)
    if not picked:
        if language == "en":
            return f"This too is at stake in what you describe: {name} is about “{about}”."
        return f"Ook dit speelt in wat je beschrijft: {name} gaat over {about}."
    used.add(picked)
    clause = picked.rstrip(" .!;:,")
    if not clause.endswith("?"):  # 'En als de gemeente niet mee wil?' is asked as it stands
        clause = _COORDINATORS.sub("", clause)
    clause = second_person(clause[:1].lower() + clause[1:] if not clause[:2].isupper() else clause,
                           language)
    if _SUBORDINATORS.match(clause):
        clause = f"… {clause}"
    if language == "en":
        told = "You ask" if clause.endswith("?") else "You describe"
        return (f"{told}: {clause}{'' if clause.endswith('?') else '.'} {name} is about “{about}” "
                "(in the magazine's words).")
    told = "Je vraagt" if clause.endswith("?") else "Je beschrijft"
    return f"{told}: {clause}{'' if clause.endswith('?') else '.'} {name} gaat over {about}."


def ranked_blocks(scored: Scored) -> Sequence[str]:
    return sorted(scored.probs, key=scored.probs.get, reverse=True)
