"""What a search may see: the reader's collections, and the documents and building blocks
asked for. One value, turned into a row mask over the catalogue (in-memory side, lexical
side) or into a Chroma ``where`` (Chroma's own nearest-neighbour search), so both sides
filter before ranking and never afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.store import where_live


@dataclass(frozen=True)
class Filter:
    collections: frozenset[str] | None = None  # None: every collection
    doc_ids: tuple[str, ...] = ()  # a passage matches its own document and the copies collapsed into it
    bouwstenen: tuple[str, ...] = ()  # canonical block names; any of them

    def where(self) -> dict[str, Any]:
        """The Chroma ``where`` for live records (chunks or their windows) this filter lets through."""
        live = where_live(self.collections)
        conds: list[dict[str, Any]] = list(live["$and"]) if "$and" in live else [live]
        if self.doc_ids:
            conds.append(_any([{"doc_id": {"$in": list(self.doc_ids)}},
                               *({"also_in": {"$contains": d}} for d in self.doc_ids)]))
        if self.bouwstenen:
            conds.append(_any([{"bouwstenen": {"$contains": b}} for b in self.bouwstenen]))
        return conds[0] if len(conds) == 1 else {"$and": conds}


def _any(conds: list[dict[str, Any]]) -> dict[str, Any]:
    return conds[0] if len(conds) == 1 else {"$or": conds}
