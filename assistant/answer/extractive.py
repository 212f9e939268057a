"""The extractive answer: no LLM, only sentences taken from the sources.

``draft`` reads the sentences of the best passages and gathers each one's evidence for
the question: its meaning (the cosine of the question to the stored sentence windows
around it, so nothing is embedded at question time), the question's focus words it holds
(weighted by their rarity in everyday language), whether it fills the asked slot (a count
next to the counted noun, a name next to the role, …, see ``assistant.answer.slots``),
the names the question mentions, the rank of its passage, its place and length. A fitted
ranker (``assistant.answer.ranker``) turns that into P(this sentence answers). The most
probable sentence leads; at most
three supporting sentences follow, each bringing a new point, from another source when
there is one. A sentence that starts mid-thought ("Die …", "Maar …", a quote fragment)
comes with the sentence it leans on, or not at all.

The draft also carries the evidence the answerability model reads (``features``);
``render`` writes the answer for the status it decides: answered, partial (what the
sources say, then one plain sentence naming what they do not say) or not covered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answer import frames
from assistant.answer.lists import asks_list, list_runs, numbered_runs
from assistant.answer.question import Question, concept_term, defined_term, fold, words
from assistant.answer.ranker import SentenceRanker, cue, with_gaps
from assistant.answer.slots import (
    MONEY_HEADS,
    Tokens,
    check,
    coverage,
    entity_share,
    holds,
    leans_on_previous,
    named_value,
    names_list,
    value_positions,
)
from assistant.answer.sources import citation_for
from assistant.language import detect
from assistant.store import StoredChunk
from assistant.text.sentences import ends_as_question, ends_as_statement, split_sentences
from assistant.tuning import ComposeTuning
from assistant.types import Citation


@dataclass
class Unit:
    """One quotable piece: a sentence, or a sentence with the one it leans on."""

    hit: int  # index into the hits
    start: int  # offsets into the chunk text
    end: int
    text: str
    dense: float
    focus: float
    entities: float
    has_value: bool
    bound: bool
    prior: float
    evidence: dict[str, float] = field(default_factory=dict)
    score: float = 0.0  # P(this sentence answers), from the ranker
    asks: bool = False  # a question the source asks (quotable, but never the lead)
    listed: bool = False  # a list's lead-in with its members, quoted (and cited) as one
    # a numbered list too long to quote whole: its lead-in and each item's opening, verbatim
    # ('De bouwstenen:', '1. Opgave. Het creëren van …', '2. Waarde. Het expliciet …', …)
    parts: tuple[str, ...] = ()
    members: int = 0  # of a list


@dataclass
class Draft:
    question: Question
    hits: list[tuple[StoredChunk, float]]
    lead: Unit | None
    support: list[Unit]
    features: dict[str, float]
    units: list[Unit] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)  # names the question mentions and no passage holds


@dataclass(frozen=True)
class Extract:
    """A rendered answer: the text with [n] markers and the citations they point to."""

    text: str
    citations: list[Citation]
    support: float  # the best passage's cosine to the question
    coverage: float  # rarity-weighted share of the question's focus in the top passages


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, retriever, tuning: ComposeTuning | None = None, ranker: SentenceRanker | None = None):
        """``retriever`` gives the stored sentence-window and chunk cosines; ``ranker`` scores
        the candidate sentences (default: the fitted ``ranker.json``)."""
        self.retriever = retriever
        self.tuning = tuning or ComposeTuning()
        self.ranker = ranker or SentenceRanker.load()

    # ---- drafting --------------------------------------------------------------------------

    def draft(self, query: str, question: Question,
              found: Sequence[tuple[StoredChunk, float, float, float]],
              avoid: Sequence[str] = (), spread: Sequence[str] = ()) -> Draft:
        """Score the sentences of the best passages for ``question`` (searched as ``query``)
        and pick the lead and supporting sentences; ``avoid`` holds texts already given
        (the previous answer), which are not given again; ``spread``: documents the question
        compares, each of which the answer quotes (its best sentence among the passages)."""
        t = self.tuning
        found, rest = list(found)[: t.passages], list(found)[t.passages:]
        hits = [(c, s) for c, s, _, _ in found]
        avoided = {_key(s) for text in avoid for s in _plain_sentences(text)}
        units = []
        top_score = max((s for _, s in hits), default=1.0) or 1.0
        asked = set(words(query))
        def prior(score: float, h: int) -> float:  # the passage's rank, as the ranker reads it
            return (score / top_score) * (1.0 - 0.08 * h)

        for h, (chunk, score, dense, _) in enumerate(found):
            if about_the_author(chunk) and fold(chunk.section) not in fold(question.text):
                continue  # 'We signaleren trends …' answers what Platform31 does, and only that
            units += self._units(query, question, h, chunk, dense, prior(score, h), asked)
        if asks_list(question):
            # a list of what is asked may stand in a passage ranked a little lower ('Uit welke
            # bouwstenen bestaat …?' ranks 'De bouwstenen: 1. Opgave. …' sixth): its lists
            # are candidates too
            for chunk, score, dense, _ in rest:
                h = len(hits)
                listed = [u for u in self._list_units(question, h, chunk, dense, prior(score, h), asked,
                                                      split_sentences(chunk.text),
                                                      self.retriever.sentence_cosines(query, chunk))
                          if names_list(question, u.text)]
                if listed:
                    hits.append((chunk, score))
                    units += listed
        units = [u for u in units if not any(_key(s) in avoided for s in _plain_sentences(u.text))]
        evidence = with_gaps([u.evidence for u in units])
        for u, e, p in zip(units, evidence, self.ranker.probabilities(evidence), strict=True):
            u.evidence, u.score = e, p
            if question.language == "en" and detect(u.text) == "en":
                u.score *= t.english_sentence_factor  # see ComposeTuning
        units.sort(key=lambda u: u.score, reverse=True)
        first = next((u for u in units if not u.asks), units[0] if units else None)
        if first is not None and asks_list(question):
            # 'welke drie werkgroepen …?', 'welke bouwstenen …?': a list with its lead-in that
            # names what is asked (as many members, when a number is asked) leads, when the
            # ranker (which never saw such a piece) rates it at least this far
            listed = next((u for u in units if lists_asked(question, u)), None)
            if listed is not None and listed.score >= t.list_lead_ratio * first.score:
                first = listed
        lead = self._continued(first, hits[first.hit][0].text, t.continue_words) if first else None
        if lead is not None and question.typed and not lead.bound:
            lead = self._with_value(lead, units, hits[lead.hit][0].text, t.value_words)
        if lead is not None and len(question.parts) > 1:
            lead = self._with_parts(lead, question, hits[lead.hit][0].text, t.value_words)
        if lead is not None and (question.kind == "howto" or question.advice_like):
            lead = self._with_remedy(lead, hits[lead.hit][0].text, t.value_words)
        support = self._support(question, lead, [u for u in units if u is not first]) if lead else []
        if lead is not None and len(spread) > 1:
            support = self._spread(lead, support, [u for u in units if u is not first], hits, spread)
        if t.support_continue_words > 0:
            support = self._continue_support(lead, support, hits)
        features = self._features(question, found, units, lead, support)
        return Draft(question, hits, lead, support, features, units)

    def _units(self, query, question, h, chunk, chunk_dense, prior, asked) -> list[Unit]:
        spans = split_sentences(chunk.text)
        wins = self.retriever.sentence_cosines(query, chunk)
        out = []
        for i, (a, b) in enumerate(spans):
            sent = chunk.text[a:b]
            if not is_quotable(sent):
                continue
            start = lean_start(chunk.text, spans, i, self.tuning.lean_words) if leans_on_previous(sent) else a
            if start is None:
                continue  # the sentence it leans on is not there to quote with it
            q0, q1 = trim_quote_marks(chunk.text, start, b)  # what is quoted
            text = chunk.text[q0:q1]
            if wins is None or not len(wins):
                dense = chunk_dense
            else:
                near = [wins[j] for j in (i - 1, i) if 0 <= j < len(wins)]
                dense = float(max(near)) if near else chunk_dense
            before = chunk.text[spans[i - 1][0]:spans[i - 1][1]] if i > 0 and start == a else ""
            after = chunk.text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
            slot = check(question, text, before, after)
            asks = is_question(sent)
            out.append(Unit(h, q0, q1, text, dense, slot.focus, slot.entities, slot.has_value,
                            slot.bound, prior,
                            _evidence(question, slot, dense, chunk_dense, prior, h, start, len(chunk.text),
                                      text, i > 0 and start < a, asked, asks), asks=asks))
        return out + self._list_units(question, h, chunk, chunk_dense, prior, asked, spans, wins)

    def _list_units(self, question, h, chunk, chunk_dense, prior, asked, spans, wins) -> list[Unit]:
        """The lists with their lead-ins in ``chunk``: one candidate each. A short list is
        quoted whole; a numbered list too long for that as its lead-in and item openings."""
        text = chunk.text
        pieces = []  # (lead-in sentence, last sentence, end, members, quoted parts)
        whole = list_runs(text, spans, self.tuning.list_words)
        for i, j in whole:
            pieces.append((i, j, spans[j][1], j - i, ()))
        short = {i for i, _ in whole}
        for i, items in numbered_runs(text, spans, self.tuning.numbered_list_words):
            if i not in short:
                last = max(j for j, (a, _) in enumerate(spans) if a < items[-1][1])
                parts = tuple(text[a:b] for a, b in [spans[i], *items])
                pieces.append((i, last, items[-1][1], len(items), parts))
        out = []
        for i, last, end, members, parts in pieces:
            start = spans[i][0]
            if leans_on_previous(text[start:spans[i][1]]):
                # 'Maar een effect wordt pas (van) waarde als …:' is quoted with what it
                # goes on from, or not at all
                start = lean_start(text, spans, i, self.tuning.lean_words)
                if start is None:
                    continue
                if parts:
                    parts = (text[start:spans[i][0]].strip(), *parts)
            quoted = " ".join(parts) if parts else text[start:end]
            dense = float(max(wins[i:last + 1])) if wins is not None and len(wins) > last else chunk_dense
            slot = check(question, quoted, members=members)
            out.append(Unit(h, start, end, quoted, dense, slot.focus, slot.entities, slot.has_value, slot.bound,
                            prior, _evidence(question, slot, dense, chunk_dense, prior, h, start, len(text),
                                             quoted, False, asked, False),
                            listed=True, parts=parts, members=members))
        return out

    def _continue_support(self, lead: Unit, support: list[Unit], hits) -> list[Unit]:
        """Each supporting sentence with the sentence after it (as the lead), while the
        whole answer stays within ``answer_words``; never into a sentence already quoted."""
        t = self.tuning
        total = sum(len(u.text.split()) for u in [lead, *support])
        out = []
        for u in support:
            c = self._continued(u, hits[u.hit][0].text, t.support_continue_words)
            grown = len(c.text.split()) - len(u.text.split())
            if c is not u and (any(_same_span(c, o) for o in [lead, *out, *support] if o is not u)
                               or (t.answer_words and total + grown > t.answer_words)):
                c = u
            total += len(c.text.split()) - len(u.text.split())
            out.append(c)
        return out

    @staticmethod
    def _continued(unit: Unit, text: str, limit: int) -> Unit:
        """``unit`` with the sentence that follows it in its paragraph, when that sentence is
        a statement and both stay within ``limit`` words (0: never): an answer rarely fits
        one sentence, and its next sentence reads better than a sentence from elsewhere."""
        if limit <= 0 or unit.listed:
            return unit  # a list with its lead-in is long enough, and is cited as one
        nxt = next(((a, b) for a, b in split_sentences(text) if a >= unit.end), None)
        if nxt is None or "\n" in text[unit.end:nxt[0]] or not is_quotable(text[nxt[0]:nxt[1]]) \
                or len(text[unit.start:nxt[1]].split()) > limit:
            return unit  # none, a new paragraph ('Binding: …' of a list), or too long
        start, end = trim_quote_marks(text, unit.start, nxt[1])
        return replace(unit, start=start, end=end, text=text[start:end])

    @staticmethod
    def _with_value(lead: Unit, units: Sequence[Unit], text: str, limit: int) -> Unit:
        """``lead``, for a question that asks for a value it does not bind, with the sentence
        that binds one (and what stands between) where that sentence follows it in its
        paragraph
        ('Ik denk nu bijvoorbeeld aan het organisatienetwerk dat een kinderarts in Arnhem heeft
        opgezet … De gemeente neemt hieraan deel, net als … In totaal 34 organisaties.'): the
        lead then says what the question asks, within ``limit`` words (0: never)."""
        if limit <= 0 or lead.listed:
            return lead
        for u in units:
            if not u.bound or u.asks or u.listed or u.hit != lead.hit:
                continue
            gap = text[lead.end:u.start]
            if u.start >= lead.end and "\n" not in gap \
                    and len(text[lead.start:u.end].split()) <= limit:
                end = trim_quote_marks(text, lead.start, u.end)[1]
                return replace(lead, end=end, text=text[lead.start:end], bound=True, has_value=True)
        return lead

    @staticmethod
    def _with_parts(lead: Unit, q: Question, text: str, limit: int) -> Unit:
        """``lead``, for a compound question a part of which it leaves open, with what follows
        it in its paragraph up to the first sentence that serves that part, within ``limit``
        words ('Er is wel bepaald dat de burgemeester de voorzitter is van de lokale alliantie.
        … Roy: "Dat hebben we gedaan om duidelijk te maken …"' for 'Wie zit een lokale
        alliantie voor, en waarom is daarvoor gekozen?'): the answer to the second part often
        stands right after the first, leaning on it, where no ranker finds it on its own."""
        open_ = [part for part in q.parts if not serves(part, lead.text)]
        if not open_ or len(open_) == len(q.parts):
            return lead
        return _grown_to(lead, text, limit, lambda sentence: any(serves(part, sentence) for part in open_))

    def _spread(self, lead: Unit, support: list[Unit], rest: list[Unit], hits, docs: Sequence[str]) -> list[Unit]:
        """``support`` with the best sentence of each document in ``docs`` that the lead and
        support do not quote yet: in a free place, else in the place of the weakest supporting
        sentence whose document is quoted elsewhere too or is not compared."""
        chosen = list(support)

        def doc(u: Unit) -> str:
            return hits[u.hit][0].doc_id

        for d in docs:
            if any(doc(u) == d for u in [lead, *chosen]):
                continue
            best = max((u for u in rest if doc(u) == d and not u.asks
                        and not any(_overlaps(u, o) for o in [lead, *chosen])), key=lambda u: u.score, default=None)
            if best is None:
                continue
            if len(chosen) < self.tuning.max_support:
                chosen.append(best)
                continue
            quoted = [doc(u) for u in [lead, *chosen]]
            spare = [u for u in chosen if doc(u) not in docs or quoted.count(doc(u)) > 1]
            if spare:
                chosen[chosen.index(min(spare, key=lambda u: u.score))] = best
        return chosen

    @staticmethod
    def _with_remedy(lead: Unit, text: str, limit: int) -> Unit:
        """``lead``, for a question that asks what to do, when it tells of a problem without what
        helped or what to do, with what follows it in its paragraph up to the first sentence
        that does ('… we hadden toch het gevoel dat er te weinig uit de samenwerking kwam. …
        Daarop besloten we het governance verhaal te parkeren …'), within ``limit`` words."""
        if _REMEDY.search(lead.text):
            return lead
        return _grown_to(lead, text, limit,
                         lambda sentence: bool(_REMEDY.search(sentence)) and not is_question(sentence))

    def _support(self, q: Question, lead: Unit, rest: list[Unit]) -> list[Unit]:
        t = self.tuning
        chosen = [lead]
        covered = _held(q, Tokens(words(lead.text)))
        floor = min(t.part_ratio, t.support_ratio) * lead.score
        pool = [u for u in rest if u.score >= floor]  # no other can be chosen
        # the parts the lead leaves open, and which of them each candidate answers, worked out
        # once (the slot check is the costly part)
        still_open = {n for n, part in enumerate(q.parts) if not serves(part, lead.text)}
        answers = {id(u): {n for n in still_open if serves(q.parts[n], u.text)} for u in pool}
        while pool and len(chosen) < 1 + t.max_support:
            sources = {u.hit for u in chosen}
            room = t.answer_words - sum(len(u.text.split()) for u in chosen) if t.answer_words else 10**6
            best, best_value = None, -1.0
            for u in pool:
                for_part = bool(answers[id(u)] & still_open)
                ratio = t.part_ratio if for_part else t.support_ratio
                if u.score < ratio * lead.score or len(u.text.split()) > room:
                    continue
                if any(_overlaps(u, o) for o in chosen):
                    continue
                new = _held(q, Tokens(words(u.text))) - covered
                value = u.score + (t.bonus_new_source if u.hit not in sources else 0.0) \
                    + t.bonus_new_point * min(2, len(new))
                if not new and u.hit in sources:
                    value -= t.bonus_new_point  # the same point from the same source
                if for_part:
                    value += t.bonus_part  # answers a part of the question still open
                if value > best_value:
                    best, best_value = u, value
            if best is None:
                break
            chosen.append(best)
            covered |= _held(q, Tokens(words(best.text)))
            still_open -= answers[id(best)]
            pool.remove(best)
        return chosen[1:]

    def _features(self, q: Question, found, units: list[Unit], lead: Unit | None,
                  support: Sequence[Unit] = ()) -> dict[str, float]:
        """The evidence the answerability model reads; every value means the same in any
        library (cosines, shares, everyday-language rarity), none is a library statistic."""
        top = found[:3]
        top_text = words(" ".join(f"{c.context()} {c.text}" for c, _, _, _ in top))
        top_dense = max((d for _, _, d, _ in found), default=0.0)
        have = Tokens(top_text)
        missing = [w for w in q.focus if not holds(w, have, q.forms)]
        typed = 1.0 if q.typed else 0.0
        best = units[:12]
        bound = [u for u in best if u.bound]
        # statements only: a question the source asks sits close to any question asked
        best_dense = max((u.dense for u in units if not u.asks), default=0.0)
        head_top = 1.0 if not q.head or q.language == "en" or have.has(q.head) or (
            q.kind == "amount" and q.head in MONEY_HEADS
            and value_positions(q, " ".join(c.text for c, _, _, _ in top))) else 0.0
        quoted = [lead, *support] if lead is not None else []
        open_ = open_parts(q, quoted) if len(q.parts) > 1 and quoted else None
        return {
            "top_dense": top_dense,
            "best_sentence": best_dense,
            "lead_dense": lead.dense if lead else 0.0,
            # a question without words of its own ('Is er nog iets van over?') is about the
            # conversation's topic words
            "focus_top": coverage(q.focus or q.context, have, q.forms),
            "focus_lead": lead.focus if lead else 0.0,
            "entities_top": entity_share(q.entities, top_text),
            "entities_lead": lead.entities if lead else 0.0,
            "rarest_missing": max((q.focus[w] for w in missing), default=0.0),
            "typed": typed,
            "typed_unbound": typed * (0.0 if bound else 1.0),
            "typed_novalue": typed * (0.0 if any(u.has_value for u in best) else 1.0),
            "lead_bound": typed * (1.0 if lead is not None and lead.bound else 0.0),
            # the lead names the asked value, with every word and name of a question that says
            # what it is about itself (a follow-up's few words are in any sentence on its topic)
            "lead_named": 1.0 if lead is not None and lead.bound and not q.context and lead.focus >= 0.99
            and lead.entities >= 0.99 and named_value(q, lead.text) else 0.0,
            # how far the best sentence that fills the slot lags behind the best sentence
            "bound_gap": typed * ((max(u.dense for u in bound) - best_dense) if bound else -0.15),
            "head_top": head_top,
            "english": 1.0 if q.language == "en" else 0.0,
            "has_lead": 1.0 if lead is not None else 0.0,
            # the lead is a list whose lead-in names what the question asks to list, with as
            # many members as asked ('welke drie werkgroepen' → 'drie werkgroepen:' and three)
            "lead_lists": 1.0 if lead is not None and lists_asked(q, lead) else 0.0,
            # a compound question each of whose parts a sentence of the answer serves (a value
            # of the asked kind bound to it, a reason, the words only that part asks about)
            "parts_served": 1.0 if open_ == [] else 0.0,
            # … or a part asking for a value (a year, a number, a name) that none binds
            "parts_missing": 1.0 if open_ and unanswered_parts(q, quoted, open_) else 0.0,
            # 'Wat is Proeftuin Ruwaard?', 'Wie is Patrick Kenis?': 1 when a quoted sentence says
            # what or who it is ('Proeftuin Ruwaard is een samenwerkingsverband …'), -1 when
            # none does ('de strategische driehoek van Mark Moore'), 0 for any other question; of
            # a concept ('Wat is praktische legitimatie?') 1 when one does, else 0: a concept is
            # often explained without a sentence of that form
            "defines_term": _defines_term(q, quoted),
            # 'Is er een keurmerk voor goede netwerken?': 1 when no quoted sentence names what the
            # question asks exists (a sentence on good networks says nothing of a quality mark)
            "exists_missing": 1.0 if q.exists and quoted and not all(
                any(holds(w, Tokens(words(u.text)), q.forms) for u in quoted) for w in q.exists) else 0.0,
        }

    # ---- rendering -------------------------------------------------------------------------

    def render(self, draft: Draft, status: str, language: str) -> Extract:
        """The answer text for ``status`` ('answered' or 'partial') with its citations."""
        return render(draft, status, language, self.tuning)


def render(draft: Draft, status: str, language: str, tuning: ComposeTuning | None = None) -> Extract:
    """The answer text for ``status`` ('answered' or 'partial') with its citations: the lead
    and its support, or for a partial answer its first ``partial_units`` (within
    ``partial_words``, the lead always) and the sentence naming what the sources do not say
    (``ExtractiveBackend`` writes this)."""
    t = tuning or ComposeTuning()
    units = partial_units(draft, t) if status == "partial" else [draft.lead, *draft.support] if draft.lead else []
    text, citations = _cite(reading_order(units), draft.hits)
    if status == "partial":
        text = frames.partial(text, _missing(draft.question, units, language), language)
    elif language == "en" and text:
        text = frames.english(text)
    top = max((s for _, s in draft.hits), default=0.0)
    return Extract(text, citations, draft.features.get("top_dense", top),
                   draft.features.get("focus_top", 0.0))


def _grown_to(lead: Unit, text: str, limit: int, wanted: Callable[[str], bool]) -> Unit:
    """``lead`` with what follows it in its paragraph (``text`` is its passage) up to the first
    sentence that is ``wanted``, while all of it stays within ``limit`` words (0: never); a
    list is left as it is, and so is a lead no such sentence follows."""
    if limit <= 0 or lead.listed:
        return lead
    for a, b in split_sentences(text):
        if a < lead.end:
            continue
        if "\n" in text[lead.end:a] or len(text[lead.start:b].split()) > limit:
            break
        if wanted(text[a:b]):
            end = trim_quote_marks(text, lead.start, b)[1]
            return replace(lead, end=end, text=text[lead.start:end])
    return lead


def _evidence(q: Question, slot, dense: float, chunk_dense: float, prior: float, h: int, start: int,
              chunk_len: int, text: str, leans: bool, asked: set[str], question: bool = False,
              ) -> dict[str, float]:
    """One candidate sentence's evidence for the ranker (gaps are added per question)."""
    typed = 1.0 if (q.typed or q.kind == "reason") else 0.0
    # a sentence that defines what 'Wat is X?' asks about counts as bound too ('… richtte hij
    # Duval Union op, een samenwerkingsverband …' leads instead of 'Duval Union werkt als …'); the
    # ranker was fitted before there were such questions, of whose 848 questions one changed
    defines = 1.0 if q.kind == "definition" else 0.0
    own = Tokens(words(text))
    return {
        "dense": dense_norm(dense), "dense_raw": dense, "focus": slot.focus, "prior": prior,
        "entities": slot.entities, "bound": max(typed, defines) * float(slot.bound),
        "value": typed * float(slot.has_value),
        "first_passage": 1.0 if h == 0 else 0.0, "passage_rank": min(h, 7) / 7,
        "opens_passage": 1.0 if start == 0 else 0.0, "position": start / max(1, chunk_len),
        "length": min(len(text.split()), 60) / 60, "leans": 1.0 if leans else 0.0,
        "query_cover": sum(1 for w in asked if own.has(w)) / max(1, len(asked)),
        "cue": cue(q.kind, text), "passage_dense": chunk_dense, "question": 1.0 if question else 0.0,
    }


def _held(q: Question, toks: Tokens) -> set[str]:
    """The question's focus words that ``toks`` hold (an English one also by its Dutch words)."""
    return {w for w in q.focus if holds(w, toks, q.forms)}


def _defines_term(q: Question, quoted: Sequence[Unit]) -> float:
    if q.kind != "definition" or not quoted:
        return 0.0
    if defined_term(q.text):
        return 1.0 if any(u.bound for u in quoted) else -1.0
    return 1.0 if concept_term(q.text) and any(u.bound for u in quoted) else 0.0


def partial_units(draft: Draft, tuning: ComposeTuning | None = None) -> list[Unit]:
    """What a partial answer quotes: the lead and its support, at most ``partial_units``
    within ``partial_words`` (the lead always). For a question that asks for a value (a
    year, a number, a name) whose lead holds none, the likeliest candidate sentence that
    does comes second, when it is at least ``partial_value_ratio`` as likely as the lead: the
    answer then shows the value it doubts instead of saying the sources lack one ("Het is
    ongeveer een jaar geleden, april 2019." for when a journey began)."""
    t = tuning or ComposeTuning()
    if draft.lead is None:
        return []
    units = [draft.lead, *draft.support]
    if draft.question.typed and not draft.lead.bound:
        bound = next((u for u in draft.units if u.bound and not u.asks and u is not draft.lead), None)
        if bound is not None and bound.score >= t.partial_value_ratio * draft.lead.score \
                and not _overlaps(bound, draft.lead):
            units = [draft.lead, bound, *(u for u in draft.support if u is not bound and not _overlaps(u, bound))]
    kept, words_so_far = [], 0
    for u in units[:t.partial_units]:
        n = len(u.text.split())
        if kept and words_so_far + n > t.partial_words:
            break
        kept.append(u)
        words_so_far += n
    return kept


def value_found(draft: Draft, tuning: ComposeTuning | None = None) -> bool:
    """A partial answer's sentences hold a value of the asked kind bound to the question (a
    year, a number, a name): the answer then doubts that value instead of saying it is
    missing (``render`` decides the same from the units it quotes)."""
    return _doubts(draft.question, partial_units(draft, tuning))


def _doubts(q: Question, units: Sequence[Unit]) -> bool:
    # a value of the asked kind, or a sentence that defines what 'Wat is X?' asks about
    # ('Proeftuin Ruwaard is een samenwerkingsverband …'): doubted, never called missing
    return (q.typed or q.kind == "definition") and any(u.bound for u in units)


def missing_sentence(draft: Draft, language: str, tuning: ComposeTuning | None = None) -> str:
    """The last sentence of a partial answer: what the sources do not say, or, when its
    sentences hold a value of the asked kind, that it is not certain to be the asked one.
    Of a compound question it names the parts its sentences leave open."""
    return _missing(draft.question, partial_units(draft, tuning), language)


def _missing(q: Question, units: Sequence[Unit], language: str) -> str:
    return frames.missing_sentence(q, language, _doubts(q, units), tuple(unanswered_parts(q, units)))


# what helped or what to do: 'Daarop besloten we …', 'Een onafhankelijke procesbegeleiding hielp
# het programma', 'Zorg voor …', 'Het advies is …'
_REMEDY = re.compile(
    r"\b(besloten|besloot|besluiten|hielp|hielpen|helpt|helpen|geholpen|oplossing|opgelost|advies|adviseert|"
    r"daarop|sindsdien|voortaan|werkt\s+goed|werkte|lukte|gelukt|"
    r"moet\s+je|moeten\s+we|kun\s+je|kunnen\s+we|is\s+het\s+(?:belangrijk|zaak|goed|verstandig)|van\s+belang)\b|"
    r"^[“\"‘']?(zorg|begin|maak|organiseer|betrek|kies|neem|houd|stel|start|investeer|vraag|zoek|wees|"
    r"durf|geef|leg|check|deel|werk|bouw|focus)\b", re.IGNORECASE)
# a purpose clause gives a reason too: 'Dat hebben we gedaan om duidelijk te maken dat …'
_PURPOSE = re.compile(r"\bom\s+(?:[\w’'-]+\s+){0,6}?te\s+\w+", re.IGNORECASE)


def serves(part: Question, text: str) -> bool:
    """Does ``text`` answer this part of a compound question: a value of the asked kind
    bound to it, a reason, or, for an open part, the words only this part asks about."""
    if part.typed:
        return check(part, text).bound
    if part.kind == "reason":
        return cue("reason", text) > 0 or bool(_PURPOSE.search(text))
    own = {w: v for w, v in part.focus.items() if v >= 0.5 * max(part.focus.values(), default=0)}
    return not own or coverage(own, Tokens(words(text)), part.forms) >= 0.5


def open_parts(q: Question, units: Sequence[Unit]) -> list[Question]:
    """The parts of a compound question that none of ``units`` answers (none for a single
    one), as far as the words tell: supporting sentences are chosen to answer them."""
    return [part for part in q.parts if not any(serves(part, u.text) for u in units)]


def unanswered_parts(q: Question, units: Sequence[Unit], open_: list[Question] | None = None) -> list[Question]:
    """The parts a partial answer may say the sources do not give: those asking for a value
    (a year, a number, a name) that none of ``units`` binds. Whether a sentence gives a
    reason or an explanation, no word check can tell ('Corona gaf de nekslag' is the reason
    a network stopped, without 'omdat'), so such parts are never called missing."""
    # a unit bound to the whole question holds a value of its kind: the part asking for
    # that kind is not called missing (the whole question's words anchor it better)
    whole = any(u.bound for u in units) and q.typed
    open_ = open_parts(q, units) if open_ is None else open_  # ``open_``: worked out already
    return [part for part in open_ if part.typed and not (whole and part.kind == q.kind)]


def reading_order(units: list[Unit]) -> list[Unit]:
    """The lead first; then the other sentences source by source (in order of first use),
    each source's in the order of its text, so the answer reads as excerpts, not as a
    collage that jumps back and forth between passages."""
    if len(units) <= 2:
        return list(units)
    lead, rest = units[0], units[1:]
    sources = list(dict.fromkeys([lead.hit, *(u.hit for u in rest)]))
    return [lead, *sorted(rest, key=lambda u: (sources.index(u.hit), u.start))]


def _cite(units: list[Unit], hits) -> tuple[str, list[Citation]]:
    """Number sources in order of first use; each unit ends in its [n]. Each source's
    sentences make a paragraph of their own (``reading_order`` keeps them together), so an
    answer from three passages reads as three excerpts, not as one run of sentences."""
    numbers: dict[int, int] = {}
    quotes: dict[int, list[str]] = {}
    sentences = []
    for u in units:
        if sentences and u.hit not in numbers:
            sentences.append("\n\n")
        n = numbers.setdefault(u.hit, len(numbers) + 1)
        quotes.setdefault(u.hit, []).extend(u.parts or [u.text])
        if u.parts:  # a numbered list: the lead-in on its own line, then one line per item
            lines = [" ".join(u.parts[0].split()), *(cite_sentence(p, n) for p in u.parts[1:])]
            sentences.append("\n\n" + lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n\n")
            continue
        if u.listed:  # a list with its lead-in reads as one sentence, cited once
            sentences.append(cite_sentence(closed_quote(u.text), n))
            continue
        # a unit with the sentence it leans on: each of its sentences carries the [n]
        pieces = [u.text[a:b] for a, b in split_sentences(u.text)]
        if pieces:
            pieces[-1] = closed_quote(u.text, pieces[-1])
        sentences += [cite_sentence(p, n) for p in pieces]
    citations = [citation_for(n, hits[h][0], " … ".join(quotes[h])) for h, n in numbers.items()]
    return re.sub(r"\n{3,}", "\n\n", re.sub(r" *\n *", "\n", " ".join(sentences))).strip(), citations


def lists_asked(q: Question, unit: Unit) -> bool:
    """``unit`` is a list of what ``q`` asks to list: its lead-in names it, with as many
    members as asked (any number, when none is asked)."""
    if not (unit.listed and asks_list(q) and names_list(q, unit.text)):
        return False
    if q.kind != "list":
        return True  # its members are what is asked, whatever their words
    return unit.bound and (not q.list_n or unit.members == q.list_n)


def closed_quote(quoted: str, last: str | None = None) -> str:
    """``last`` (the last sentence of ``quoted``; all of it by default) with the quotation
    mark closed that ``quoted`` opens and leaves open where the quote stops ('Roy: “Dat hebben
    we gedaan om …, heen gaat.”'): the speaker goes on in the source, the answer does not. The
    citation keeps the passage's own words."""
    last = quoted if last is None else last
    # (a source that closes a quote with an opening mark, 'in de praktijk.“', has closed it)
    if quoted.count("“") > quoted.count("”") and not quoted.rstrip().endswith("“"):
        return last.rstrip() + "”"
    return last


def cite_sentence(sentence: str, n: int) -> str:
    sentence = " ".join(sentence.split())
    m = re.search(r"([.!?…]+[”’\"')]*)$", sentence)
    if m:
        return f"{sentence[: m.start()].rstrip()} [{n}]{m.group(1)}"  # 'buurthuis .' in the source
    return f"{sentence} [{n}]"


# a publication's legal small print: it states nothing about the subject
_BOILERPLATE = re.compile(
    r"geen (?:enkele )?aansprakelijkheid|zorgvuldigheid is betracht|mag worden vermenigvuldigd|mits de bron|"
    r"niets uit deze uitgave|alle rechten voorbehouden|all rights reserved|no part of this publication|"
    r"accept(?:s)? no (?:liability|responsibility)", re.IGNORECASE)




def _prose(sentence: str, ws: list[str]) -> bool:
    """Reads as running text (not a heading or a label in capitals) and is no small print."""
    return sum(w[:1].islower() for w in ws) >= len(ws) / 3 and not _BOILERPLATE.search(sentence)


def is_statement(sentence: str) -> bool:
    """A full sentence worth quoting as an answer: not a heading, label, caption or question."""
    ws = sentence.split()
    short = len(ws) < 6 and not (len(ws) >= 3 and re.search(r"\d", sentence))  # 'In totaal 34 organisaties.'
    return not short and ends_as_statement(sentence) and _prose(sentence, ws)


def is_question(sentence: str) -> bool:
    """A question the source itself asks, worth quoting: the texts give much of their
    advice as questions to ask ("Behoort de activiteit tot de eigen kerncompetentie?").
    Not a heading or a one-word question."""
    ws = sentence.split()
    return len(ws) >= 5 and ends_as_question(sentence) and _prose(sentence, ws)


def is_quotable(sentence: str) -> bool:
    """A sentence an answer may quote: a statement, or a question the source asks."""
    return is_statement(sentence) or is_question(sentence)


def lean_start(text: str, spans: list[tuple[int, int]], i: int,
               limit: int = ComposeTuning.lean_words) -> int | None:
    """Where the quote of sentence ``i`` (which leans on what comes before) must start:
    at the sentence before it, or one further back when that one leans too; None when
    there is nothing quotable to lean on within ``limit`` words."""
    for back in (1, 2, 3):
        j = i - back
        if j < 0:
            return None
        prev = text[spans[j][0]:spans[j][1]]
        if not is_quotable(prev) or len(text[spans[j][0]:spans[i][1]].split()) > limit:
            return None  # a heading or a label, or too long
        if not leans_on_previous(prev):
            return spans[j][0]
    return None


_LIST_NUMBER = re.compile(r"\d{1,2}[.)]\s+(?=[A-ZÀ-Ý“‘\"'])")


def trim_quote_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a quotation mark at its edge that it does not close or open
    itself: '“Denk goed na over de organisatie van het netwerk.' (the interview's quote
    goes on in sentences not quoted) is quoted from 'Denk', and without the number of a
    list item it opens with ('3. Is er …' from 'Is'). The span stays the sources' own
    words, only shorter; a mark inside it is left alone."""
    span = text[start:end]
    lead = len(span) - len(span.lstrip())
    if span[lead:lead + 1] == "“" and "”" not in span:
        start += lead + 1
    elif span[lead:lead + 1] == '"' and span.count('"') % 2:
        start += lead + 1
    while start < end and text[start].isspace():
        start += 1
    number = _LIST_NUMBER.match(text, start, end)  # '3. Is er binnen het netwerk …' of a list
    if number:
        start = number.end()
    span = text[start:end]
    body = span.rstrip()
    closing = re.search(r"”[.,;:]?$", body)  # '… je macht gaan delen?”.': the interview's quote ends there
    if closing and "“" not in body:
        end = start + closing.start()
    elif body.endswith('"') and body.count('"') % 2:
        end = start + len(body) - 1
    return start, end


def about_the_author(chunk: StoredChunk) -> bool:
    """The passage is the author's or publisher's description of itself, in a section named
    after it ('Platform31': "Bestuurders, beleidsmakers … zoeken oplossingen … We signaleren
    trends en verbinden beleid, praktijk en wetenschap."): it says what the publisher does,
    not what the document says of its topic."""
    section = fold(chunk.section).strip(" .:")
    if not section:
        return False
    names = []
    for key in ("authors", "publisher"):
        value = chunk.extra.get(key)
        for name in (value if isinstance(value, list | tuple) else [value]):
            if name:
                names += [fold(part).strip() for part in re.split(r"[;,]", str(name))]
    return section in names or any(section == f"over {n}" for n in names)


def dense_norm(cos: float) -> float:
    # e5 cosines between a question and a sentence pair live roughly in 0.72..0.92
    return float(np.clip((cos - 0.72) / 0.18, 0.0, 1.0))


def _overlaps(a: Unit, b: Unit) -> bool:
    if _same_span(a, b):
        return True
    wa, wb = set(words(a.text)), set(words(b.text))
    return len(wa & wb) / max(1, min(len(wa), len(wb))) > 0.5


def _same_span(a: Unit, b: Unit) -> bool:
    """Both quote some of the same text of the same passage."""
    return a.hit == b.hit and a.start < b.end and b.start < a.end


def _plain_sentences(text: str) -> list[str]:
    text = re.sub(r"\s*\[\d+\]", "", text)
    return [s for s in re.split(r"(?<=[.!?…])\s+", text) if len(s.split()) >= 4]


def _key(sentence: str) -> str:
    return " ".join(words(re.sub(r"\s*\[\d+\]", "", fold(sentence))))
