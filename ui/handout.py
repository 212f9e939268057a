"""Lesmateriaal: a handout for chosen building blocks of the Netwerkmozaïek.

Per block: the explanation, the key and deeper questions (from the mozaiek the index
holds, i.e. verbatim from the magazine), quotes from the other sources that are about
the block (its cue words, ``assistant.advice.cues``, and its own words), a practice
case (a passage from an interview or essay) with questions that differ from the key
questions (a question from the block's 'Stem af met' links that stands on its own, and
two of ours about the case), and the blocks to align with; at the end the references, with authors, year and
publisher from the corpus manifest. Every text is quoted from the sources; only
headings, instructions and the two case questions are ours. ``collect_for`` builds the
handout for a situation, with the blocks advice chooses for it.

``collect`` asks the Assistant; ``build_block`` and the writers are pure, so the unit
tests feed them hand-made data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.advice.blockfit import SentenceFit
from assistant.advice.blocktexts import block_texts
from assistant.advice.cues import cue_count
from assistant.answer.slots import leans_back
from assistant.bouwstenen import BOUWSTENEN, canonical
from assistant.errors import InputError, NetwerkwijzerError
from assistant.text.names import case_names, names
from assistant.text.sentences import sentences as split_into_sentences
from ui.export import add_quote, new_document, run

TITLE = "Lesmateriaal: Netwerkmozaïek"
CASE_KINDS = ("interview", "essay", "book chapter", "case", "report", "magazine")
MAX_QUOTES = 3
CASE_SENTENCES = 6
CASE_MIN_FIT = 6  # block words (cue words twice) a named story must share to be the case
CASE_POOL = 20  # passages searched per side; quotes take the best, a case the best named one
# a quote's sentence windows hold the block at least this far above the mean of the seven (in
# standard deviations, ``assistant.advice.blockfit``); the fit weighs this much beside its words
QUOTE_MIN_FIT = 1.0
FIT_WEIGHT = 3.0
CASE_MIN_BLOCK_FIT = 0.5  # a practice case: the block's mean fit over its sentences at least this
Fit = Callable[[str, str], "float | None"]  # (chunk id, sentence) -> the block's fit

_WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True)
class SourceText:
    text: str
    title: str
    section: str
    doc_id: str
    chunk_id: str = ""

    @property
    def where(self) -> str:
        if self.section and self.section != self.title:
            return f"{self.title} — {self.section}"
        return self.title


@dataclass(frozen=True)
class HandoutBlock:
    name: str
    tagline: str
    explanation: tuple[str, ...]
    key_questions: tuple[str, ...]
    deeper_questions: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    quotes: tuple[SourceText, ...] = ()
    case: SourceText | None = None
    case_questions: tuple[str, ...] = ()
    origin: SourceText | None = None  # where the block itself comes from (the magazine)


@dataclass
class Handout:
    blocks: list[HandoutBlock]
    created: str = field(default_factory=lambda: datetime.now().strftime("%d-%m-%Y"))
    references: dict[str, str] = field(default_factory=dict)  # doc_id → 'Authors (year). Publisher.'

    def reference(self, s: SourceText) -> str:
        ref = self.references.get(s.doc_id, "")
        return f"{s.where}. {ref} ({s.doc_id})" if ref else f"{s.where} ({s.doc_id})"

    def sources(self) -> list[SourceText]:
        seen, out = set(), []
        for b in self.blocks:
            for s in [b.origin, *b.quotes, b.case]:
                if s is None:
                    continue
                key = (s.doc_id, s.section)
                if key not in seen:
                    seen.add(key)
                    out.append(s)
        return out


# ---- building -----------------------------------------------------------------------------


def chosen(names: Iterable[str]) -> list[str]:
    """Canonical names in mozaiek order; InputError (Dutch) when none is chosen."""
    picked = {canonical(n) for n in names or ()}
    if not picked:
        raise InputError("Kies eerst een of meer bouwstenen voor de handout.")
    return [b for b in BOUWSTENEN if b in picked]


def build_block(block: dict, passages: Sequence[Any], kinds: dict[str, str] | None = None,
                origin_title: str = "", taken: set[str] | None = None, fit: Fit | None = None) -> HandoutBlock:
    """One block of the handout from its mozaiek dict and candidate passages (best first).
    ``taken``: chunk ids an earlier block quoted or told as its case; none is used again
    (the ids this block uses are added). ``fit``: how much a sentence of a passage is
    about this block (``assistant.advice.blockfit``); without it, words alone decide."""
    taken = taken if taken is not None else set()
    name = block["name"]
    explanation = [block.get("explanation", {}).get("text", "")]
    explanation += [i.get("text", "") for i in block.get("explanation_more", [])]
    keys = tuple(q["text"] for q in block.get("key_questions", []))
    deeper = tuple(q["text"] for q in block.get("deeper_questions", []))
    links = tuple((x.get("target", ""), x.get("text", "")) for x in block.get("links", []))
    topic = " ".join([block.get("tagline", ""), *explanation, *keys])
    topic_words = set(_WORD.findall(topic.casefold()))

    # the block's own pages are the explanation above; quotes come from elsewhere,
    # other documents than the magazine first
    others = [p for p in passages if name not in (p.bouwstenen or []) and p.chunk_id not in taken]
    home = block.get("doc_id", "")
    others = [p for p in others if p.doc_id != home] + [p for p in others if p.doc_id == home]
    quotes: list[SourceText] = []
    per_doc: dict[str, int] = {}
    for p, sentence in _quote_candidates(others, topic_words, name, fit):
        if len(quotes) >= MAX_QUOTES:
            break
        if per_doc.get(p.doc_id, 0) >= 2:
            continue
        quotes.append(SourceText(sentence, p.title, p.section, p.doc_id, p.chunk_id))
        per_doc[p.doc_id] = per_doc.get(p.doc_id, 0) + 1

    kinds = kinds or {}
    used = {q.chunk_id for q in quotes}
    pool = [p for p in others if p.chunk_id not in used] or others
    fitting = [p for p in pool if kinds.get(p.doc_id, "") in CASE_KINDS] or pool
    case = _case(fitting, topic_words, name, fit)
    taken |= used | ({case.chunk_id} if case is not None else set())
    case_questions = _case_questions(block, keys + deeper)
    origin = None
    if block.get("doc_id"):
        origin = SourceText("", origin_title or block["doc_id"], f"Bouwsteen {name}",
                            block["doc_id"], block.get("explanation", {}).get("chunk_id", ""))
    return HandoutBlock(name, block.get("tagline", ""), tuple(t for t in explanation if t),
                        keys, deeper, links, tuple(quotes), case, case_questions, origin)


def _quote_candidates(passages: Sequence[Any], topic_words: set[str], block: str,
                      fit: Fit | None) -> list[tuple[Any, str]]:
    """(passage, sentence) quotes, best first. Without ``fit``: each passage's sentence most
    about the block by its words (``best_sentence``), in search order. With it: a sentence
    counts only when the block stands out among the seven in its windows (``QUOTE_MIN_FIT``),
    and the passages are ordered by words and fit together. By its words alone, one sentence
    ('Zorg voor Elkaar Breda werkt met een gezamenlijk ontwikkeld toetsingskader') was the
    quote of four blocks."""
    if fit is None:
        return [(p, s) for p in passages if (s := best_sentence(p.text, topic_words, block))]
    scored = []
    for rank, p in enumerate(passages):
        best, best_score = "", float("-inf")
        for s in body_sentences(p.text):
            if s.endswith("?") or not _stands_alone(s):
                continue
            words = _word_score(s, topic_words, block)
            f = fit(p.chunk_id, s) if words >= 2 else None
            if f is None or f < QUOTE_MIN_FIT:
                continue
            score = words + FIT_WEIGHT * f
            if score > best_score:
                best, best_score = s, score
        if best:
            scored.append((best_score, rank, p, best))
    return [(p, s) for _, _, p, s in sorted(scored, key=lambda c: (-c[0], c[1]))]


# a block's name as a label ('Deelname: Spanningen bij …', a 'Stem af met' line of another
# block) or words run together by the PDF's layout ('… Breda’.rken bewoners')
_LABEL = re.compile(rf"^(?:(?:{'|'.join(BOUWSTENEN)})\s*:|\d{{1,2}}[.)]\s)", re.IGNORECASE)
_RUN_TOGETHER = re.compile(r"[.!?][’”'\"]?[a-zà-ÿ]")
# a word inside the sentence that points back ('We kiezen in dit essay daarom …')
_POINTS_BACK = re.compile(r"\b(?:daarom|daardoor|daarmee|daarvan|daarbij|daarin|daarvoor|hierdoor|hiermee|"
                          r"hiervan|hierbij|hierin|hiervoor|bovendien)\b", re.IGNORECASE)


def _stands_alone(sentence: str) -> bool:
    """A quote must read on its own: no pointing back ('Maar ook die zijn nuttig …', 'Dit was
    heel duidelijk …'), no block label, no layout leftover."""
    return not (leans_back(sentence) or _LABEL.match(sentence) or _RUN_TOGETHER.search(sentence)
                or _POINTS_BACK.search(sentence))


def _word_score(sentence: str, topic_words: set[str], block: str) -> int:
    """The block's own words in ``sentence``, its cue words counting double."""
    score = len(topic_words & set(_WORD.findall(sentence.casefold())))
    return score + (2 * cue_count(sentence, block) if block else 0)


def _case(passages: Sequence[Any], topic_words: set[str], block: str, fit: Fit | None = None
          ) -> SourceText | None:
    """The practice case: of the passages that tell about something named (a place, a
    programme, an organisation: ``assistant.text.names``), told from the first sentence
    that names it, the one most about the block (its cue words count double, its own
    words once, a lower search rank costs a little); a story that shares fewer than
    ``CASE_MIN_FIT`` of them (an interviewee's biography) is no case for this block. With
    ``fit`` (``_case_by_fit``), how much the told sentences are about the block decides
    first. Without any, the best passage of two sentences or more."""
    candidates = [(p, body_sentences(p.text)) for p in passages]
    if fit is not None and (chosen := _case_by_fit(candidates, topic_words, block, fit)) is not None:
        return chosen
    best, best_fit = None, float(CASE_MIN_FIT)
    for rank, (p, sentences) in enumerate(candidates):
        start = _story_start(p, sentences)
        if start is None:
            continue
        told = " ".join(sentences[start:start + CASE_SENTENCES])
        score = _word_score(told, topic_words, block) - 0.5 * rank
        if score > best_fit:
            best, best_fit = SourceText(told, p.title, p.section, p.doc_id, p.chunk_id), score
    if best is not None:
        return best
    for p, sentences in sorted(candidates, key=lambda c: len(c[1]) < 2):  # stable: rank kept
        if sentences:
            return SourceText(" ".join(sentences[:CASE_SENTENCES]), p.title, p.section, p.doc_id, p.chunk_id)
    return None


def _story_start(p: Any, sentences: list[str]) -> int | None:
    """Where ``p`` starts telling about something named (not what its document is about),
    with a sentence after it; None when it tells no such story."""
    named = case_names(sentences, p.title, p.section or "")
    start = next((i for i, s in enumerate(sentences) if names(s) & named), None)
    return start if start is not None and len(sentences) - start >= 2 else None


def _case_by_fit(candidates: Sequence[tuple[Any, list[str]]], topic_words: set[str], block: str,
                 fit: Fit) -> SourceText | None:
    """The story about something named (as ``_case`` finds it) whose told sentences hold the
    block highest above the other six on average, at least ``CASE_MIN_BLOCK_FIT``; the
    block's words count a little. None when no story is that much about the block (a
    passage without a name, such as a book's outline of its chapters, is no case)."""
    best, best_score = None, float("-inf")
    for rank, (p, sentences) in enumerate(candidates):
        start = _story_start(p, sentences)
        if start is None:
            continue
        told = sentences[start:start + CASE_SENTENCES]
        fits = [f for s in told if (f := fit(p.chunk_id, s)) is not None]
        mean = sum(fits) / len(fits) if fits else None
        if mean is None or mean < CASE_MIN_BLOCK_FIT:
            continue
        text = " ".join(told)
        score = mean - 0.01 * rank + 0.02 * _word_score(text, topic_words, block)
        if score > best_score:
            best, best_score = SourceText(text, p.title, p.section, p.doc_id, p.chunk_id), score
    return best


_ENDS = ".!?…"


def _ends_sentence(s: str) -> bool:
    """Ends as a sentence: a full stop, '!', '?' or '…', perhaps inside a closing quote or
    bracket ('… zo stellen ze.”'); a heading that ends in a quoted word ('… niet van wat
    ‘kan’') does not."""
    s = s.rstrip()
    while s and s[-1] in "\"”’')":
        if len(s) > 1 and s[-2] in _ENDS:
            return True
        s = s[:-1]
    return bool(s) and s[-1] in _ENDS


def body_sentences(text: str) -> list[str]:
    """The sentences of a passage's running text: headings, list items and fragments
    (a line without a full stop, a sentence over 60 words) left out."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if not para or para.startswith(("•", "-", "*")):
            continue
        for s in split_into_sentences(para):
            s = s.strip()
            if 6 <= len(s.split()) <= 60 and _ends_sentence(s):
                out.append(s)
    return out


def best_sentence(text: str, topic_words: set[str], block: str = "") -> str:
    """The sentence of ``text`` most about the block: its cue words count double, its
    own words once (ties: the earlier); none when it shares fewer than two."""
    best, best_score = "", 1
    for s in body_sentences(text):
        if s.endswith("?"):
            continue  # the questions are in the block already; quotes state something
        score = _word_score(s, topic_words, block)
        if score > best_score:
            best, best_score = s, score
    return best


def _case_questions(block: dict, shown: tuple[str, ...]) -> tuple[str, ...]:
    """Questions about the case that differ from the key and deeper questions: the
    questions of the block's 'Stem af met' links (verbatim), and two of ours."""
    name = block["name"]
    about = " ".join(block.get("tagline", "").split())
    about = (about[len("Zorg voor "):] if about.casefold().startswith("zorg voor ") else about).rstrip("?.! ")
    out = [f"Wat zie je in deze passage terug van ‘{about}’?" if about else
           f"Wat zie je in deze passage terug van de bouwsteen {name}?"]
    for link in block.get("links", []):
        for q in split_into_sentences(" ".join(link.get("text", "").split())):
            if q.endswith("?") and q not in shown and len(out) < 2 and not _points_back(q):
                out.append(q)
    out.append("Welke kernvraag van deze bouwsteen zou je de betrokkenen in deze casus als eerste "
               "stellen, en waarom?")
    return tuple(out)


# 'Zijn ze inderdaad elkaars spiegelbeeld?', '… meegenomen dat deze waardering …', '… voor
# die ene partij?', 'Hebben partners hier voldoende zicht op …?': out of the link's
# statement, nobody knows what they point to
_BACK = re.compile(r"\b(?:ze|zij|hij|hier\w*|daar(?:op|in|voor|mee|over|bij|aan|van)|deze|dit)\b|"
                   r"\bdie\s+(?:ene|[a-zà-ÿ]+e)\b", re.IGNORECASE)


def _points_back(question: str) -> bool:
    return leans_back(question) or bool(_BACK.search(question))


def collect(assistant, names: Iterable[str]) -> Handout:
    """The handout for ``names``, with quotes and cases searched in the index."""
    moz = assistant.mozaiek().to_dict()
    by_name = {b["name"]: b for b in moz["blocks"]}
    docs = {d["doc_id"]: d for d in assistant.documents()}
    kinds = {k: d.get("kind", "") for k, d in docs.items()}
    texts = _block_texts(assistant)
    blocks, taken = [], set()
    for name in chosen(names):
        block = by_name.get(name)
        if block is None:
            continue
        # what the block is about, in its own words: tagline and key questions
        keys = " ".join(q["text"] for q in block.get("key_questions", []))
        query = f"{name}: {block.get('tagline', '')}. {keys}"[:1500]
        home = block.get("doc_id", "")
        elsewhere = [d for d in docs if d != home]
        passages = assistant.search(query, k=CASE_POOL, doc_ids=elsewhere) if elsewhere else []
        passages += assistant.search(query, k=CASE_POOL, doc_ids=[home] if home in docs else None)
        title = docs.get(block.get("doc_id", ""), {}).get("title", "")
        fit = SentenceFit(assistant.retriever, texts, name) if texts is not None else None
        blocks.append(build_block(block, passages, kinds, title, taken, fit))
    return Handout(blocks, references=references(assistant))


def _block_texts(assistant):
    """The mozaiek's embedded texts for the block fit; None when they cannot be built (an
    index without the magazine): words alone then choose the quotes."""
    try:
        return block_texts(assistant)
    except NetwerkwijzerError:
        return None


def collect_for(assistant, situation: str) -> Handout:
    """The handout for the blocks advice chooses for ``situation`` (the same selection)."""
    from assistant.advice import choose_blocks

    return collect(assistant, [c.name for c in choose_blocks(assistant, situation)])


def references(assistant) -> dict[str, str]:
    """'Authors (year). Publisher.' per document, from the manifest of the corpus folder
    (the index stores neither year nor publisher); for a document the manifest does not
    list, the authors from the index."""
    from ingest.sources import discover

    folder = Path(getattr(assistant.settings, "corpus_dir", "") or "corpus")
    out = {}
    for f in (discover([folder]).files if folder.exists() else []):
        m = f.meta
        authors = ", ".join(m.authors)
        parts = [f"{authors} ({m.year or 'z.j.'})." if authors else f"({m.year or 'z.j.'})."]
        if m.publisher:
            parts.append(f"{m.publisher}.")
        out[m.doc_id] = " ".join(parts)
    # a document the manifest does not list (an upload, another folder) still gets the
    # authors the index holds for it
    for chunk in getattr(getattr(assistant, "retriever", None), "chunks", ()):
        if chunk.doc_id not in out and chunk.extra.get("authors"):
            out[chunk.doc_id] = f"{chunk.extra['authors']} (z.j.)."
    return out


# ---- writing ------------------------------------------------------------------------------


def _intro(handout: Handout) -> str:
    names = ", ".join(b.name for b in handout.blocks)
    return (f"Bouwstenen: {names}. Alle uitleg, vragen, citaten en de casus zijn letterlijk "
            "overgenomen uit de bronnen; de bron staat erbij.")


def to_markdown(handout: Handout) -> str:
    lines = [f"# {TITLE}", "", f"_{_intro(handout)} Gemaakt op {handout.created}._", ""]
    for b in handout.blocks:
        lines += [f"## {b.name} — {b.tagline}", "", "### Uitleg", ""]
        for para in b.explanation:
            lines += [para, ""]
        if b.key_questions:
            lines += ["### Kernvragen", ""] + [f"- {q}" for q in b.key_questions] + [""]
        if b.deeper_questions:
            lines += ["### Verdiepende vragen", ""] + [f"- {q}" for q in b.deeper_questions] + [""]
        if b.quotes:
            lines += ["### Uit de bronnen", ""]
            for q in b.quotes:
                lines += [f"> “{q.text}”", f"> — *{q.where}*", ""]
        if b.case:
            lines += ["### Oefencasus", "",
                      "Lees de passage hieronder en bespreek in groepjes de vragen eronder. "
                      f"Wat zie je terug van de bouwsteen {b.name}?", "",
                      f"> {b.case.text}", f"> — *{b.case.where}*", ""]
            lines += [f"{i}. {q}" for i, q in enumerate(b.case_questions, 1)] + [""]
        if b.links:
            lines += ["### Stem af met", ""] + [f"- **{t}**: {x}" for t, x in b.links] + [""]
    lines += ["## Bronnen", ""]
    lines += [f"- {handout.reference(s)}" for s in handout.sources()]
    return "\n".join(lines).rstrip() + "\n"


def to_docx(handout: Handout, path: Path) -> Path:
    from docx.shared import Mm

    doc = new_document(TITLE)
    for section in doc.sections:  # A4, not python-docx's US Letter default
        section.page_width, section.page_height = Mm(210), Mm(297)
    run(doc.add_paragraph(), f"{_intro(handout)} Gemaakt op {handout.created}.", italic=True)
    for b in handout.blocks:
        doc.add_heading(f"{b.name} — {b.tagline}", level=1)
        doc.add_heading("Uitleg", level=2)
        for para in b.explanation:
            run(doc.add_paragraph(), para)
        for title, qs in (("Kernvragen", b.key_questions),
                          ("Verdiepende vragen", b.deeper_questions)):
            if qs:
                doc.add_heading(title, level=2)
                for q in qs:
                    run(doc.add_paragraph(style="List Bullet"), q)
        if b.quotes:
            doc.add_heading("Uit de bronnen", level=2)
            for q in b.quotes:
                add_quote(doc, f"“{q.text}”")
                run(doc.add_paragraph(), f"— {q.where}", italic=True)
        if b.case:
            doc.add_heading("Oefencasus", level=2)
            run(doc.add_paragraph(), "Lees de passage hieronder en bespreek in groepjes de "
                f"vragen eronder. Wat zie je terug van de bouwsteen {b.name}?")
            add_quote(doc, b.case.text)
            run(doc.add_paragraph(), f"— {b.case.where}", italic=True)
            for q in b.case_questions:
                run(doc.add_paragraph(style="List Number"), q)
        if b.links:
            doc.add_heading("Stem af met", level=2)
            for target, text in b.links:
                p = doc.add_paragraph(style="List Bullet")
                run(p, f"{target}: ", bold=True)
                run(p, text)
    doc.add_heading("Bronnen", level=1)
    for s in handout.sources():
        run(doc.add_paragraph(style="List Bullet"), handout.reference(s))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
