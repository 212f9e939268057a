"""Compose the advice: one cited first step, then per chosen block a reason, one or two
source sentences that bear on the situation, two or three questions for the partners
ranked for it, at most one practice case, and one 'Stem af met' link to another chosen
or neighbouring block. Every item quotes a source verbatim and is cited; no line comes
twice; each block stays within about ``block_words`` words, the whole within
``total_words`` words and ``max_citations`` sources.

Sources come from the one retrieval pass core made (``found``, the document filter
applied) and from the mozaiek's own texts (``blocktexts``), ranked with the vectors and
stems computed for block selection; no text is embedded here. Instructions are rare in
the sources, so the first step is looked for in a wider search (``step_pool`` passages,
with the same cached query vector and the same filter) and in the chosen blocks' own
pages; a practice case searches ``case_pool`` passages when the found ones hold none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from assistant.advice.blockfit import standing
from assistant.advice.blocktexts import Piece, gist
from assistant.advice.config import AdviceConfig
from assistant.advice.select import BlockChoice, Scored
from assistant.answer.slots import leans_back, leans_on_previous
from assistant.answer.sources import citation_for
from assistant.store import StoredChunk
from assistant.text.names import case_names, names
from assistant.text.sentences import ends_as_statement, split_sentences
from assistant.types import AdviceBlock, AdviceSection, Citation

HEADINGS = {
    "nl": {"bronnen": "Wat de bronnen zeggen", "vragen": "Vragen voor de partners",
           "praktijk": "Praktijkvoorbeeld", "afstemmen": "Stem af met", "first": "Eerste stap",
           "why": "Waarom", "ask": "Leg de partners eerst deze vraag voor: ",
           "factual": "Dit is geen beschrijving van een situatie; daarom een antwoord op de vraag."},
    "en": {"bronnen": "What the sources say", "vragen": "Questions for the partners",
           "praktijk": "Practice example", "afstemmen": "Align with", "first": "First step",
           "why": "Why", "ask": "Put this question to the partners first: ",
           "factual": "This is not a description of a situation, so here is an answer to the "
                      "question."},
}
# verbs that open an instruction ('Start vanaf het allereerste begin met …')
IMPERATIVES = frozenset("""start begin organiseer maak zorg stel betrek spreek ga werk onderzoek
benut ontwerp identificeer doe creëer houd investeer kies leg bespreek breng zoek vier deel
neem geef richt verken haal formuleer benoem vraag nodig check toets plan bouw voorkom durf
luister denk laat zet wees bepaal regel schep besteed expliciteer agendeer verbind""".split())
_NUMBERING = re.compile(r"^\d{1,2}[.)]?\s+")
_MARKER = re.compile(r"\[\d+\]")


def words(text: str) -> int:
    return len(_MARKER.sub("", text).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


class Citations:
    """Numbers sources as first cited; the same chunk keeps its number."""

    def __init__(self, limit: int):
        self.limit = limit
        self.by_chunk: dict[str, int] = {}
        self.list: list[Citation] = []
        self.quotes: dict[int, list[str]] = {}

    def room_for(self, chunk: StoredChunk) -> bool:
        return chunk.chunk_id in self.by_chunk or len(self.list) < self.limit

    def cite(self, chunk: StoredChunk, quote: str) -> int:
        n = self.by_chunk.get(chunk.chunk_id)
        if n is None:
            n = len(self.list) + 1
            self.by_chunk[chunk.chunk_id] = n
            self.list.append(citation_for(n, chunk, quote))
            self.quotes[n] = [quote]
        elif quote not in self.quotes[n]:
            self.quotes[n].append(quote)
            self.list[n - 1] = citation_for(n, chunk, " … ".join(self.quotes[n]))
        return n


@dataclass
class Advice:
    text: str
    blocks: list[AdviceBlock]
    first_step: str
    citations: list[Citation]


@dataclass
class _Ctx:
    assistant: object
    query: str
    language: str
    found: list
    doc_ids: Sequence[str] | None
    scored: Scored
    choices: list[BlockChoice]
    cites: Citations
    q_stems: set[str]
    seen: set[str] = field(default_factory=set)
    used_chunks: set[str] = field(default_factory=set)
    _wider: list | None = None

    @property
    def retriever(self):
        return self.assistant.retriever

    @property
    def config(self) -> AdviceConfig:
        return self.assistant.config.advice

    def allowed(self, chunk: StoredChunk | None) -> bool:
        if chunk is None:
            return False
        if not self.doc_ids:
            return True
        return chunk.doc_id in self.doc_ids or bool(set(chunk.also_in) & set(self.doc_ids))

    def wider(self) -> list:
        """One more search (same cached query vector, same filter), only when needed."""
        if self._wider is None:
            self._wider = self.retriever.search(self.query, self.config.case_pool, self.doc_ids)
        return self._wider

    def stems(self, text: str) -> set[str]:
        return set(self.retriever.lexical.analyzer(text))

    @cached_property
    def own_stems(self) -> set[str]:
        """The situation's words that most blocks do not use ('netwerk', 'partner' say
        nothing about this situation)."""
        texts = self.scored.texts
        return {s for s in self.q_stems if sum(s in texts.stems[n] for n in texts.names) < 4}

    def new(self, text: str) -> bool:
        """Neither the text nor one of its sentences (over four words) was shown yet."""
        return _key(text) not in self.seen and not (_sentence_keys(text) & self.seen)

    def mark(self, text: str) -> None:
        self.seen.add(_key(text))
        self.seen.update(_sentence_keys(text))


def _sentence_keys(text: str) -> set[str]:
    keys = (_key(text[a:b]) for a, b in split_sentences(text))
    return {k for k in keys if len(k.split()) > 4}


def holding(retriever, text: str, chunk_id: str) -> StoredChunk | None:
    """The chunk that holds ``text`` verbatim: the item's own chunk, else a neighbour."""
    chunk = retriever.chunk(chunk_id) if chunk_id else None
    if chunk is not None and text in chunk.text:
        return chunk
    doc = chunk.doc_id if chunk is not None else None
    for c in retriever.document_chunks(doc) if doc is not None else retriever.chunks:
        if text in c.text:
            return c
    return None


def compose(assistant, *, query: str, language: str, found: list, doc_ids, scored: Scored,
            choices: list[BlockChoice]) -> Advice:
    cfg: AdviceConfig = assistant.config.advice
    ctx = _Ctx(assistant, query, language, list(found), doc_ids, scored, choices,
               Citations(cfg.max_citations), set(assistant.retriever.lexical.analyzer(query)))
    h = HEADINGS[language]
    first_step, step_line = _first_step(ctx, h)
    blocks, lines = [], [f"**{h['first']}:** {step_line}", ""]
    budget = cfg.total_words - words(step_line)
    for i, choice in enumerate(choices):
        share = min(cfg.block_words, budget // max(len(choices) - i, 1))
        block, block_lines = _block(ctx, choice, h, share)
        budget -= sum(words(x) for x in block_lines)
        blocks.append(block)
        lines += block_lines
    return Advice("\n".join(lines).strip(), blocks, first_step, ctx.cites.list)


# ---- first step ----------------------------------------------------------------------------


def _sentences(chunk: StoredChunk) -> list[str]:
    return [chunk.text[a:b].strip() for a, b in split_sentences(chunk.text)]


_DIRECTIVE = re.compile(
    r"^(?:zorg\s+(?:er\s+)?(?:voor\s+)?dat|begin\s+(?:met|bij)|make\s+sure)\b|"
    r"\b(?:het\s+is\s+(?:daarom\s+)?(?:van\s+belang|belangrijk|nodig|zaak|verstandig|raadzaam)"
    r"\s+(?:om|dat)|de\s+eerste\s+stap\s+is|partners\s+moeten\s+samen)\b", re.IGNORECASE)


# 'Stel, één van de partners …', 'Denk aan netwerken op …', 'Neem het voorbeeld van …':
# an example introduced, not something to do
_EXAMPLE = re.compile(r"^(?:\w+,|(?:denk|kijk)\s+(?:daarbij\s+|hierbij\s+|bijvoorbeeld\s+)?(?:aan|naar)\b|"
                      r"neem\s+(?:nu\s+)?(?:het\s+voorbeeld|bijvoorbeeld)\b)", re.IGNORECASE)


_POINTS_BACK = re.compile(r"\b(?:dit|deze|daarover|daarbij|daarvoor|hierbij|hiervoor|hierover)\b",
                          re.IGNORECASE)


# an option, or a step for one doubt ('Ga bij twijfel altijd langs bij een juridisch
# adviseur.'): not what to do first whatever the situation
_HEDGE = re.compile(r"\b(?:eventueel|desnoods|zo\s+nodig|indien\s+nodig|if\s+need\s+be|possibly|"
                    r"bij\s+twijfel|in\s+geval\s+van\s+twijfel|when\s+in\s+doubt|if\s+in\s+doubt)\b",
                    re.IGNORECASE)


@lru_cache(maxsize=20000)
def instruction_text(sentence: str) -> str:
    """The sentence as an instruction to quote ('3 Organiseer bij aanvang simpel …' without
    its number, an interview's opening quote mark dropped), or '' when it does not tell
    the reader what to do: an imperative ('Formuleer …', 'Zorg dat …') or a sentence that
    says what must be done ('Het is van belang om …', 'De eerste stap is …')."""
    text = _NUMBERING.sub("", sentence.strip()).lstrip("“\"‘'")
    tokens = text.split()
    if not 6 <= len(tokens) <= 40 or "?" in text or not text[:1].isupper():
        return ""
    if any(w[:1].isupper() for w in tokens[1:]) or _EXAMPLE.match(text):
        return ""  # about a named case ('Zorg voor Elkaar Breda werkt …'), or an example
    if leans_on_previous(text) or _POINTS_BACK.search(text):
        return ""  # 'Maar het is belangrijk om dit offer te brengen': needs the sentence before
    if _HEDGE.search(text):
        return ""  # 'Zet eventueel ‘een stap opzij’ …', 'Ga bij twijfel …': not a step to take first
    if tokens[0].casefold().strip(",:") in IMPERATIVES or _DIRECTIVE.search(text):
        return text
    return ""


def _step_pool(ctx: _Ctx) -> list[StoredChunk]:
    """Where a first step may come from: the found passages, the wider search, and the
    chosen blocks' own pages in the mozaiek (the framework, as for its questions)."""
    chosen = {c.name for c in ctx.choices}
    pool, seen = [], set()
    for chunk, *_rest in [*ctx.found, *ctx.retriever.search(ctx.query, ctx.config.step_pool,
                                                             ctx.doc_ids)]:
        if chunk.chunk_id not in seen and ctx.allowed(chunk):
            seen.add(chunk.chunk_id)
            pool.append(chunk)
    pieces = [p for c in ctx.choices for _, p in ctx.scored.texts.of(c.name, "sentence", "key")]
    for piece in pieces:
        chunk = ctx.retriever.chunk(piece.chunk_id) if piece.chunk_id else None
        if chunk is not None and chunk.chunk_id not in seen and set(chunk.bouwstenen) & chosen:
            seen.add(chunk.chunk_id)
            pool.append(chunk)
    return pool


def _first_step(ctx: _Ctx, h: dict) -> tuple[str, str]:
    """The instruction in the sources that fits the situation best: its sentence windows'
    e5 cosine to the situation, the situation's words it shares and the chosen blocks'
    cue words (the first block counting most), and how well it fits the chosen blocks
    (``AdviceConfig.step_block_weight``, ``step_min_fit``): 'Start vanaf het allereerste
    begin met alle partijen …' is no first step for a network three years old that cannot
    show what it yields. A block's tagline ('Zorg voor …') is too general to be a first
    step. When no instruction fits, the first block's best question, put to the partners."""
    texts = ctx.scored.texts
    weights = {c.name: (1.0 if i == 0 else 0.5) for i, c in enumerate(ctx.choices)}
    taglines = [_key(gist(t)) for t in texts.taglines.values()]
    own = ctx.own_stems
    pull = np.array([weights.get(n, 0.0) for n in texts.names])
    best, best_score = None, float("-inf")
    for rank, chunk in enumerate(_step_pool(ctx)):
        spans = split_sentences(chunk.text)
        wins = ctx.retriever.sentence_cosines(ctx.query, chunk)
        blocks: np.ndarray | None | bool = False  # worked out for a chunk with a candidate only
        for i, (a, b) in enumerate(spans):
            text = instruction_text(chunk.text[a:b])
            if not text or any(t and t in _key(text) for t in taglines) or not ctx.new(text):
                continue
            near = [float(wins[j]) for j in (i - 1, i) if wins is not None and 0 <= j < len(wins)]
            dense = max(near) if near else 0.0
            stems = ctx.stems(text)
            overlap = len(stems & own)
            cue = sum(w * texts.cues[n].get(s, 0.0) for n, w in weights.items() for s in stems)
            if not overlap and cue < 0.5:
                continue  # nothing in it speaks to this situation or its blocks
            score = dense + 0.03 * min(overlap, 3) + 0.03 * min(cue, 3.0) - 0.001 * rank
            if blocks is False:
                blocks = standing(ctx.retriever.window_cosines(texts.explanations, chunk), pull)
            if blocks is not None:
                near = [j for j in (i - 1, i) if 0 <= j < len(blocks)] or [0]  # or the passage's
                fit = max(float(blocks[j]) for j in near)
                if fit < ctx.config.step_min_fit:
                    continue  # about other blocks than this situation's
                score += ctx.config.step_block_weight * fit
            if score > best_score and ctx.cites.room_for(chunk):
                best, best_score = (chunk, text), score
    if best is not None:
        chunk, text = best
        ctx.mark(text)
        n = ctx.cites.cite(chunk, text)
        return text, f"{flat(text)} [{n}]"
    question = _questions(ctx, ctx.choices[0], 1)
    if not question:
        return "", ""
    chunk, parts = question[0]
    for part in parts:
        ctx.mark(part)
        n = ctx.cites.cite(chunk, part)
    return parts[-1], f"{h['ask']}“{_shown(parts)}” [{n}]"


# ---- one block ------------------------------------------------------------------------------


def _block(ctx: _Ctx, choice: BlockChoice, h: dict, budget: int) -> tuple[AdviceBlock, list[str]]:
    name = choice.name
    used = words(choice.reason)
    sections: dict[str, tuple[list[str], list[int]]] = {}

    def add(kind: str, chunk: StoredChunk, quote: str | tuple[str, ...], shown: str) -> bool:
        nonlocal used
        quotes = (quote,) if isinstance(quote, str) else quote
        cost = words(shown) + (0 if kind in sections else 3)
        if used + cost > budget or not ctx.cites.room_for(chunk) or not all(map(ctx.new, quotes)):
            return False
        for part in quotes:
            ctx.mark(part)
            n = ctx.cites.cite(chunk, part)
        items, nums = sections.setdefault(kind, ([], []))
        items.append(f"{shown} [{n}]")
        nums.append(n)
        used += cost
        return True

    sources = _source_sentences(ctx, name)
    questions = _questions(ctx, choice, ctx.config.questions[1])
    if sources:
        add("bronnen", *sources[0], flat(sources[0][1]))
    for chunk, q in questions[: ctx.config.questions[0]]:
        add("vragen", chunk, q, _shown(q))
    case = _case(ctx, name)
    if case is not None:
        chunk, text = case
        if add("praktijk", chunk, text, f"{_where(chunk)}: {flat(text)}"):
            ctx.used_chunks.add(chunk.chunk_id)
    link = _link(ctx, name)
    if link is not None:
        chunk, target, text = link
        add("afstemmen", chunk, text, f"{target}: {flat(text)}")
    for chunk, q in questions[ctx.config.questions[0]:]:
        add("vragen", chunk, q, _shown(q))
    for chunk, s in sources[1: ctx.config.source_sentences]:
        add("bronnen", chunk, s, flat(s))

    order = ("bronnen", "vragen", "praktijk", "afstemmen")
    out_sections = [AdviceSection(k, h[k], *sections[k]) for k in order if k in sections]
    # each heading a paragraph of its own: in Markdown a line right after the reason joins
    # its paragraph, and one right after a list item continues that item
    lines = [f"## {name} — {choice.tagline}", "", f"*{h['why']}: {choice.reason}*"]
    for s in out_sections:
        lines += ["", f"**{s.heading}**"]
        lines += [f"- {item}" for item in s.items]
    lines.append("")
    return AdviceBlock(name, choice.tagline, choice.reason, choice.matched, out_sections), lines


def _where(chunk: StoredChunk) -> str:
    if chunk.section and chunk.section != chunk.title:
        return flat(chunk.section)
    return flat(chunk.title)


# 'Voor een netwerk is het inrichten van zo’n monitor om twee redenen extra uitdagend.':
# 'such a' points to the sentence before, 'for two reasons' and 'Enerzijds …' to the ones
# after; so do a subject 'dat' after its verb ('In het begin is dat soms lastig …'), a
# preposition without its object ('Zónder zal de maatschappij …') and a subject 'het' that
# stands for what came before ('Het geeft informatie over …': the monitor)
_NOT_ALONE = re.compile(r"\bzo[’']n\b|\bzulke?\b|\bom\s+(?:twee|drie|vier|vijf|een\s+aantal)\s+redenen\b|"
                        r"\b(?:de|het)\s+volgende\b|\b(?:is|was|blijft|lijkt|wordt)\s+dat\s+(?:(?:soms|vaak|ook|"
                        r"nog|extra|heel|erg)\s+)*(?:lastig|moeilijk|belangrijk|nodig|mogelijk|anders|zo)\b|"
                        r"^(?:z[oó]nder|m[eé]t)\s+(?:zal|zou|kan|kun|is|wordt|gaat|lukt)\b|"
                        r"^(?:enerzijds|aan\s+de\s+ene\s+kant|on\s+the\s+one\s+hand)\b|"
                        r"^het\s+(?:maakt|geeft|biedt|zorgt|betekent|levert|heeft)\b|"
                        # 'Voor een netwerk geldt dat niet.': what does not hold is in the
                        # sentence before; 'Allemaal gespreksstof voor …': all of what came before
                        r"\b(?:geldt|gelden|gold|golden|doet|doen|deed)\s+dat\s+(?:niet|ook|wel|evenzeer|eveneens)\b|"
                        r"^allemaal\b", re.IGNORECASE)


def _whole(sentence: str) -> bool:
    """A statement that stands on its own: not a list item ('partners van het netwerk zelf,
    omdat …;'), not the lead-in to a list ('… partijen zijn die dat waarderen:'), not leaning
    on the sentence before ('Maar …', 'Met die laatste optie …', '… zo’n monitor …') or
    announcing the ones after ('om twee redenen'), no question, no quote it opens or
    closes without the other end ('Pepijn: “Het kan ook leiden tot spanningen …')."""
    text = sentence.strip()
    return text[:1].isupper() and ends_as_statement(text) and not leans_back(text) \
        and not _NOT_ALONE.search(text) and _quotes_closed(text)


def _source_sentences(ctx: _Ctx, name: str) -> list[tuple[StoredChunk, str]]:
    """The block's own sentence closest to the situation (``AdviceConfig``'s source
    tunables), then the found passages' sentence that shares most of the situation's and the
    block's words."""
    texts, sims = ctx.scored.texts, ctx.scored.sims
    out: list[tuple[StoredChunk, str]] = []
    generic, discount = texts.generic, ctx.config.source_generic_discount
    shared = ctx.config.source_shared_weight
    # e5 first, less how close the sentence stands to the whole mozaiek; a word of the
    # situation that few blocks use ('kosten', 'klein') tips the scale, 'partner' does not
    own = sorted(texts.of(name, "sentence"),
                 key=lambda t: -(sims[t[0]] - discount * float(generic[t[0]])
                                 + shared * len(ctx.stems(t[1].text) & ctx.own_stems)))
    labels = tuple(f"{n}:" for n in texts.names)
    for _, piece in own:
        if words(piece.text) > ctx.config.sentence_max_words or not _whole(piece.text) \
                or not ctx.new(piece.text) or piece.text.lstrip().startswith(labels):
            continue  # 'Opgave: De te leveren … waarde …' links to a block: 'Stem af met' shows it
        chunk = holding(ctx.retriever, piece.text, piece.chunk_id)
        if ctx.allowed(chunk):
            out.append((chunk, piece.text))
            break
    cues, stems_b = texts.cues[name], texts.stems[name]
    best, best_score = None, 1.0
    for rank, (chunk, *_rest) in enumerate(ctx.found):
        if chunk.bouwstenen and name not in chunk.bouwstenen:
            continue  # another block's page
        for sentence in _sentences(chunk):
            n = len(sentence.split())
            if not 8 <= n <= ctx.config.sentence_max_words or not _whole(sentence) \
                    or not ctx.new(sentence) or sentence.lstrip().startswith(labels):
                continue
            stems = ctx.stems(sentence)
            cue = sum(cues.get(s, 0.0) for s in stems)
            if not cue:
                continue
            score = len(stems & ctx.q_stems) + cue + 0.2 * len(stems & stems_b) - 0.1 * rank
            if score > best_score:
                best, best_score = (chunk, sentence), score
    if best is not None and all(best[1] != s for _, s in out):
        out.append(best)
    return out


def _cut(text: str, limit: int, upto_question: bool = True) -> str:
    """The item's first sentences within ``limit`` words (at least the first one); for a
    question item, up to and including its first question."""
    spans = split_sentences(text)
    if not spans:
        return text.strip()
    asks = [b for _, b in spans if text[:b].rstrip().endswith("?")]
    if upto_question and asks and not text[:spans[0][1]].rstrip().endswith("?"):
        if len(text[:asks[0]].split()) <= 2 * limit:
            return text[:asks[0]].strip()
    end = spans[0][1]
    for _, b in spans[1:]:
        if len(text[:b].split()) > limit:
            break
        end = b
    return text[:end].strip()


def _shown(parts: tuple[str, ...]) -> str:
    return " … ".join(flat(p) for p in parts)


def _first_question(text: str) -> str:
    spans = split_sentences(text)
    first = text[:spans[0][1]].strip() if spans else text.strip()
    return first if first.endswith("?") else ""


def _questions(ctx: _Ctx, choice: BlockChoice, k: int) -> list[tuple[StoredChunk, tuple[str, ...]]]:
    """The block's key and deeper questions, closest to the situation first. A question
    that points back to the one before it comes with that one's first question ('Hoe is
    het netwerk ingericht? … Wie voelt zich verantwoordelijk voor die inrichting?'), both
    quoted, or not at all."""
    out = []
    pieces = ctx.scored.texts.pieces
    row = {id(p): i for i, p in enumerate(pieces)}
    generic, discount = ctx.scored.texts.generic, ctx.config.question_generic_discount

    def fit(item: tuple[float, Piece]) -> float:
        cosine, piece = item
        common = float(generic[row[id(piece)]]) if id(piece) in row else 0.0
        # a shared word counts when few blocks use it, as for source sentences ('partners'
        # lifted 'Welke partners zijn er in het netwerk?'): the labeller's questions shown
        # train / test / fresh 95 / 35 / 96 → 104 / 35 / 97 (of 368 / 136 / 310 blocks)
        return cosine - discount * common + 0.02 * len(ctx.stems(piece.text) & ctx.own_stems)

    ranked = sorted(choice.best_items, key=fit, reverse=True)
    taken: set[str] = set()
    for _, piece in ranked:
        assert isinstance(piece, Piece)
        text = _cut(piece.text, ctx.config.question_max_words)
        if not ctx.new(text) or words(text) > 2 * ctx.config.question_max_words:
            continue  # said already, or too long to put to the partners as it stands
        if not text.rstrip().endswith("?"):
            continue  # its question comes too late: 'In het lokale publieke domein kom je al
            # snel de gemeente tegen.' is no question to put to the partners
        parts: tuple[str, ...] = (text,)
        if leans_back(text):
            i = row[id(piece)]
            before = pieces[i - 1] if i > 0 else None
            first = _first_question(before.text) if before is not None and before.block == piece.block \
                and before.kind == piece.kind else ""
            if not first or not ctx.new(first) or words(first) + words(text) > 2 * ctx.config.question_max_words:
                continue  # nothing to lean on, or it was shown already elsewhere
            parts = (first, text)
        keys = set().union(*(_sentence_keys(p) | {_key(p)} for p in parts))
        if keys & taken:
            continue  # overlaps a question chosen just before
        chunk = holding(ctx.retriever, text, piece.chunk_id)
        if chunk is not None and all(p in chunk.text for p in parts):
            out.append((chunk, parts))
            taken |= keys
        if len(out) == k:
            break
    return out


def _link(ctx: _Ctx, name: str) -> tuple[StoredChunk, str, str] | None:
    """The 'Stem af met' link toward another chosen block, else toward the neighbour the
    model finds most fitting."""
    chosen = [c.name for c in ctx.choices]
    links = [p for _, p in ctx.scored.texts.of(name, "link")]

    def rank(p: Piece) -> tuple[int, float]:
        return (p.target in chosen, ctx.scored.probs.get(p.target, 0.0))

    for piece in sorted(links, key=rank, reverse=True):
        text = _cut(piece.text, ctx.config.link_max_words, upto_question=False)
        chunk = holding(ctx.retriever, text, piece.chunk_id)
        if chunk is not None and ctx.new(text):
            return chunk, piece.target, text
    return None


def _case_text(text: str, spans: list[tuple[int, int]], i: int, limit: int) -> str | None:
    """Sentence ``i`` (of ``spans`` in ``text``) as a practice example: with the next one
    when it is short, and on to the sentence that closes a quote it opens ('Marieke: “In
    Zaanstad doen we allebei: …'), within ``limit`` words and one paragraph; None when that
    does not fit."""
    start, end = spans[i]

    def fits(j: int) -> bool:  # up to sentence j
        piece = text[start:spans[j][1]]
        return len(piece.split()) <= limit and "\n\n" not in piece

    j = i
    if len(text[start:end].split()) < 15 and j + 1 < len(spans) and fits(j + 1):
        j += 1
    while not _quotes_closed(text[start:spans[j][1]]):
        if j + 1 >= len(spans) or not fits(j + 1):
            return None
        j += 1
    piece = text[start:spans[j][1]]
    return piece if len(piece.split()) <= limit else None


def _quotes_closed(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("‘") <= text.count("’")


def _case(ctx: _Ctx, name: str) -> tuple[StoredChunk, str] | None:
    """One or two sentences of a passage about a named place, programme or organisation
    (named at least twice in the passage, and not the document's own author or
    subject), fitting the situation and the block: they share a word of the situation that
    most blocks do not use (none rather than a case about something else: 'Het verzoek
    aan Arriva was … gratis buskaartjes' is no example for 'Niemand voelt zich eigenaar')."""
    cues = ctx.scored.texts.cues[name]
    own = ctx.own_stems
    for hits in (ctx.found, None):
        pool = hits if hits is not None else ctx.wider()
        best, best_score = None, 1.0
        for rank, (chunk, *_rest) in enumerate(pool):
            if chunk.bouwstenen or chunk.chunk_id in ctx.used_chunks or not ctx.allowed(chunk) \
                    or re.search(r"netwerkmozaïek|bouwsteen", chunk.section, re.IGNORECASE):
                continue
            about = " ".join([chunk.title, str(chunk.extra.get("subtitle", "")),
                              str(chunk.extra.get("authors", ""))])
            spans = split_sentences(chunk.text)
            sentences = [chunk.text[a:b] for a, b in spans]
            named = case_names(sentences, about, chunk.section)
            if not named:
                continue
            for i, s in enumerate(sentences):
                if not (names(s) & named) or not s[:1].isupper() or not ends_as_statement(s) \
                        or leans_back(s):
                    continue  # a case is told in sentences: no title, byline or photo caption,
                    # and not from the middle ('Die had hem namelijk verteld …')
                text = _case_text(chunk.text, spans, i, ctx.config.case_max_words)
                if text is None or not ctx.new(text):
                    continue
                stems = ctx.stems(text)
                if not stems & own:
                    continue
                score = 1.0 + len(stems & ctx.q_stems) + sum(cues.get(x, 0.0) for x in stems) \
                    - 0.05 * rank
                if score > best_score:
                    best, best_score = (chunk, text), score
        if best is not None:
            return best
    return None
