"""The Netwerkmozaïek as data: seven building blocks, each with its questions and links.

The blocks are not typed in by hand: ``ingest.mozaiek_extract`` reads them from the
Platform31 magazine at ingest, the pipeline stores them in the index's metadata
(``mozaiek_json``), and the assistant loads them from there (``Mozaiek.from_store``)
for advice. Every item keeps its span in the cleaned text of its document and the id
of the chunk that holds it, so an item can be quoted and cited verbatim.

Pure data: no I/O here beyond what the store object passed in does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.bouwstenen import BOUWSTENEN, canonical
from assistant.errors import IndexMissingError, InputError

NO_MOZAIEK = ("The index has no Netwerkmozaïek yet — run 'python -m ingest' "
              "(the magazine must be in the corpus).")
STALE_MOZAIEK = ("The Netwerkmozaïek stored in the index cannot be read ({why}) — "
                 "run 'python -m ingest' again to rebuild it.")


@dataclass(frozen=True)
class Item:
    """A passage of a block (explanation or question): ``text`` is doc_text[start:end]."""

    text: str
    start: int
    end: int
    chunk_id: str = ""


@dataclass(frozen=True)
class Link:
    """A 'Stem af met...' entry: align this block with ``target`` (a canonical name)."""

    target: str
    text: str
    start: int
    end: int
    chunk_id: str = ""


@dataclass(frozen=True)
class Block:
    name: str
    tagline: str
    explanation: Item
    key_questions: tuple[Item, ...]
    deeper_questions: tuple[Item, ...]
    links: tuple[Link, ...]
    doc_id: str
    # The magazine's layout puts the key-question box in the middle of some
    # explanations (Waarde, Samen doen, Organisatie); what follows the box is kept
    # here so nothing is lost while every Item stays one verbatim span.
    explanation_more: tuple[Item, ...] = ()

    def items(self) -> tuple[Item | Link, ...]:
        """Everything with a span, in reading order of the kinds."""
        return (self.explanation, *self.explanation_more, *self.key_questions,
                *self.deeper_questions, *self.links)


@dataclass(frozen=True)
class Mozaiek:
    blocks: tuple[Block, ...]  # in the order of BOUWSTENEN

    def block(self, name: str) -> Block:
        """The block by name, any case; InputError for a name that is no building block."""
        wanted = canonical(name)
        for b in self.blocks:
            if b.name == wanted:
                return b
        raise IndexMissingError(
            f"The Netwerkmozaïek in the index lacks the block {wanted!r} — run "
            "'python -m ingest' with the complete magazine in the corpus."
        )

    # ---- chunk links -------------------------------------------------------------------

    def with_chunk_ids(self, spans: Sequence[tuple[int, int, str]]) -> Mozaiek:
        """Point every item at the chunk holding it, from the document's (start, end, id).

        The chunk is the one containing the item's start offset; where chunks
        overlap, one that holds the whole item is preferred so the item can be
        quoted verbatim from it. Items no chunk holds get an empty id.
        """
        ordered = sorted(spans)

        def find(start: int, end: int) -> str:
            holding = [s for s in ordered if s[0] <= start < s[1]]
            whole = [s for s in holding if end <= s[1]]
            best = whole or holding
            return best[0][2] if best else ""

        def fix(item):
            return replace(item, chunk_id=find(item.start, item.end))

        return Mozaiek(tuple(
            replace(
                b,
                explanation=fix(b.explanation),
                explanation_more=tuple(fix(i) for i in b.explanation_more),
                key_questions=tuple(fix(i) for i in b.key_questions),
                deeper_questions=tuple(fix(i) for i in b.deeper_questions),
                links=tuple(fix(link) for link in b.links),
            )
            for b in self.blocks
        ))

    # ---- JSON ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"blocks": [_block_to_dict(b) for b in self.blocks]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mozaiek:
        """Inverse of ``to_dict``; a malformed dict names the fix (re-ingest)."""
        try:
            blocks = tuple(_block_from_dict(b) for b in d["blocks"])
        except (KeyError, TypeError, ValueError, InputError) as exc:
            raise IndexMissingError(STALE_MOZAIEK.format(why=f"{type(exc).__name__}: {exc}")) \
                from exc
        return cls(_in_canonical_order(blocks))

    @classmethod
    def from_store(cls, store, retriever=None) -> Mozaiek:
        """The mozaiek saved at ingest. With a retriever, items are re-pointed at the
        live chunks of their document, so ids stay valid after a partial re-ingest."""
        d = store.get_meta("mozaiek_json")
        if d is None:
            raise IndexMissingError(NO_MOZAIEK)
        moz = cls.from_dict(d)
        if retriever is None:
            return moz
        return moz._relinked(c for d in sorted({b.doc_id for b in moz.blocks})
                             for c in retriever.document_chunks(d))

    def _relinked(self, chunks: Iterable[Any]) -> Mozaiek:
        by_doc: dict[str, list[tuple[int, int, str]]] = {}
        for c in chunks:
            by_doc.setdefault(c.doc_id, []).append((c.start, c.end, c.chunk_id))
        blocks = []
        for b in self.blocks:
            spans = by_doc.get(b.doc_id)
            # no live chunks of that document: keep what ingest stored rather than blank ids
            blocks.append(Mozaiek((b,)).with_chunk_ids(spans).blocks[0] if spans else b)
        return Mozaiek(tuple(blocks))


def _in_canonical_order(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    order = {name: i for i, name in enumerate(BOUWSTENEN)}
    return tuple(sorted(blocks, key=lambda b: order.get(b.name, len(order))))


def _item_to_dict(item: Item) -> dict[str, Any]:
    return {"text": item.text, "start": item.start, "end": item.end, "chunk_id": item.chunk_id}


def _item_from_dict(d: dict[str, Any]) -> Item:
    return Item(str(d["text"]), int(d["start"]), int(d["end"]), str(d.get("chunk_id", "")))


def _block_to_dict(b: Block) -> dict[str, Any]:
    return {
        "name": b.name,
        "tagline": b.tagline,
        "doc_id": b.doc_id,
        "explanation": _item_to_dict(b.explanation),
        "explanation_more": [_item_to_dict(i) for i in b.explanation_more],
        "key_questions": [_item_to_dict(i) for i in b.key_questions],
        "deeper_questions": [_item_to_dict(i) for i in b.deeper_questions],
        "links": [{"target": link.target, **_item_to_dict(link)} for link in b.links],
    }


def _block_from_dict(d: dict[str, Any]) -> Block:
    return Block(
        name=canonical(d["name"]),
        tagline=str(d["tagline"]),
        explanation=_item_from_dict(d["explanation"]),
        key_questions=tuple(_item_from_dict(i) for i in d["key_questions"]),
        deeper_questions=tuple(_item_from_dict(i) for i in d["deeper_questions"]),
        links=tuple(
            Link(canonical(x["target"]), str(x["text"]), int(x["start"]), int(x["end"]),
                 str(x.get("chunk_id", "")))
            for x in d["links"]
        ),
        doc_id=str(d["doc_id"]),
        explanation_more=tuple(_item_from_dict(i) for i in d.get("explanation_more", ())),
    )
