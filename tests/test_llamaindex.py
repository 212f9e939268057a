"""The llama-index seam: ``NetwerkwijzerRetriever`` over the real corpus index, and a
llama-index query engine that uses it with an LLM served by a real local HTTP server."""

from __future__ import annotations

import pytest
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import MetadataMode, NodeRelationship
from llama_index.llms.openai_like import OpenAILike

from assistant.documents.collections import DEFAULT_COLLECTION
from assistant.errors import InputError
from assistant.llamaindex import NetwerkwijzerRetriever
from tests.fake_llm import FakeLLMServer

QUESTION = "Wat is een organisatienetwerk?"


def test_nodes_are_the_passages_search_returns(assistant):
    passages = assistant.search(QUESTION, k=5)
    nodes = NetwerkwijzerRetriever(assistant, k=5).retrieve(QUESTION)

    assert [n.node.node_id for n in nodes] == [p.chunk_id for p in passages]
    assert [n.score for n in nodes] == [p.score for p in passages]
    for n, p in zip(nodes, passages, strict=True):
        md = n.node.metadata
        assert n.node.get_content() == p.text
        assert (md["chunk_id"], md["doc_id"], md["title"], md["section"], md["start"], md["end"]) == \
            (p.chunk_id, p.doc_id, p.title, p.section, p.start, p.end)
        assert md["bouwstenen"] == p.bouwstenen
        assert md["collection"] == DEFAULT_COLLECTION and md["source"]
        assert md["citation"] == (f"{p.title} — {p.section}" if p.section else p.title)
        assert n.node.ref_doc_id == p.doc_id
        assert n.node.relationships[NodeRelationship.SOURCE].node_id == p.doc_id
        # an LLM sees the citation and the text, not ids, offsets or scores
        shown = n.node.get_content(metadata_mode=MetadataMode.LLM)
        assert md["citation"] in shown and p.text in shown and p.chunk_id not in shown


def test_filters_narrow_the_nodes(assistant):
    everything = NetwerkwijzerRetriever(assistant, k=10).retrieve("vertrouwen tussen partners")
    assert len({n.node.metadata["doc_id"] for n in everything}) > 1

    one_doc = NetwerkwijzerRetriever(assistant, k=10, doc_ids=["mkw-essay"]).retrieve("vertrouwen tussen partners")
    assert one_doc and {n.node.metadata["doc_id"] for n in one_doc} == {"mkw-essay"}

    binding = NetwerkwijzerRetriever(assistant, k=5, bouwstenen=["binding"]).retrieve("vertrouwen tussen partners")
    assert binding and all("Binding" in n.node.metadata["bouwstenen"] for n in binding)


def test_the_readers_scope_holds(assistant):
    view = assistant.scoped(["een-collectie-die-niet-bestaat"])
    assert NetwerkwijzerRetriever(view, k=5).retrieve(QUESTION) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"k": 0}, "between 1 and 50"), ({"k": 51}, "between 1 and 50"), ({"k": "5"}, "whole number"),
     ({"mode": "semantic"}, "Known: hybrid, dense, lexical"), ({"doc_ids": "mkw-essay"}, "not one string")],
)
def test_bad_arguments_are_refused_when_built(assistant, kwargs, message):
    with pytest.raises(InputError, match=message):
        NetwerkwijzerRetriever(assistant, **kwargs)


def test_a_query_engine_answers_from_the_retrieved_passages(assistant):
    retriever = NetwerkwijzerRetriever(assistant, k=3)
    with FakeLLMServer() as server:
        server.reply = "Een organisatienetwerk is een samenwerking van organisaties."
        llm = OpenAILike(model="fake", api_base=server.url, api_key="x", is_chat_model=True,
                         context_window=8192, max_retries=0, timeout=30)
        engine = RetrieverQueryEngine.from_args(retriever, llm=llm)  # no global Settings
        response = engine.query(QUESTION)

    assert str(response) == server.reply
    assert [n.node.node_id for n in response.source_nodes] == \
        [p.chunk_id for p in assistant.search(QUESTION, k=3)]
    assert len(server.requests) == 1
    prompt = "\n".join(m["content"] for m in server.requests[0]["messages"])
    assert QUESTION in prompt
    for n in response.source_nodes:
        assert n.node.get_content() in prompt
        assert n.node.metadata["citation"] in prompt
