"""Netwerkwijzer's retrieval as a llama-index retriever, for developers who build their
own query engines and agents with llama-index.

``NetwerkwijzerRetriever`` is a thin edge over ``Assistant.search``: the same hybrid
Dutch search (e5 + BM25), the same filters, the same collection scope (pass
``assistant.scoped(collections)`` to search as one reader), the same order and scores.
Each ``Passage`` becomes a ``NodeWithScore`` whose ``TextNode`` holds the passage text,
the chunk id as node id, the document as its source node, and the passage's metadata.
Only ``citation`` ("title — section") is shown to an LLM; the rest is for code.

Nothing global: the retriever is built from an ``Assistant`` and never reads or writes
llama-index's ``Settings``; pass the LLM to the query engine yourself. Nothing else in
``assistant`` imports this module, so llama-index stays an edge, not a dependency of the
domain code.
"""

from __future__ import annotations

from collections.abc import Sequence

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.callbacks import CallbackManager
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode

from assistant.core import Assistant
from assistant.errors import InputError
from assistant.retrieval import MAX_K, MODES
from assistant.types import Passage

# what an LLM sees of a node besides its text; the rest of the metadata is for code
LLM_METADATA = ("citation",)


class NetwerkwijzerRetriever(BaseRetriever):
    """``Assistant.search`` behind llama-index's ``BaseRetriever`` interface.

    >>> retriever = NetwerkwijzerRetriever(Assistant.from_settings(), k=5)
    >>> engine = RetrieverQueryEngine.from_args(retriever, llm=my_llm)
    """

    def __init__(self, assistant: Assistant, k: int = 5, doc_ids: Sequence[str] | None = None,
                 bouwstenen: Sequence[str] | None = None, mode: str = "hybrid",
                 callback_manager: CallbackManager | None = None) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise InputError(f"k must be a whole number between 1 and {MAX_K}, got {k!r}.")
        if mode not in MODES:
            raise InputError(f"Unknown search mode {mode!r}. Known: {', '.join(MODES)}.")
        if isinstance(doc_ids, str) or isinstance(bouwstenen, str):
            raise InputError("doc_ids and bouwstenen are lists of names, not one string.")
        super().__init__(callback_manager=callback_manager or CallbackManager())
        self.assistant = assistant
        self.k = k
        self.doc_ids = list(doc_ids) if doc_ids else None
        self.bouwstenen = list(bouwstenen) if bouwstenen else None
        self.mode = mode

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        passages = self.assistant.search(query_bundle.query_str, k=self.k, doc_ids=self.doc_ids,
                                         bouwstenen=self.bouwstenen, mode=self.mode)
        return [NodeWithScore(node=self._node(p), score=p.score) for p in passages]

    def _node(self, p: Passage) -> TextNode:
        # source file and collection are not on a Passage; the chunk lookup is the one the
        # advice layer uses, and it only sees passages in the assistant's scope
        chunk = self.assistant.retriever.chunk(p.chunk_id)
        metadata = {
            "chunk_id": p.chunk_id, "doc_id": p.doc_id, "title": p.title, "section": p.section,
            "start": p.start, "end": p.end,
            "source": chunk.source if chunk is not None else "",
            "collection": chunk.collection if chunk is not None else "",
            "bouwstenen": list(p.bouwstenen),
            "citation": f"{p.title} — {p.section}" if p.section else p.title,
            "dense_score": p.dense_score, "lexical_score": p.lexical_score,
        }
        hidden = [key for key in metadata if key not in LLM_METADATA]
        return TextNode(
            id_=p.chunk_id, text=p.text, metadata=metadata, start_char_idx=p.start, end_char_idx=p.end,
            excluded_llm_metadata_keys=hidden, excluded_embed_metadata_keys=hidden,
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=p.doc_id)},
        )
