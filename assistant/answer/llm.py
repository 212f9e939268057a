"""LLMs through llama-index: Ollama and any OpenAI-compatible server.

``make_llm`` builds the model an LLM backend names, never a silent fallback: an unknown
backend, one without a model or URL, or 'extractive' (which has no model) fails with a
message that names the setting to fix. ``assistant.backends.make_backend`` is the one
place that turns ``settings.llm_backend`` into an answer backend; the model's output is
checked afterwards (``sources.check_citations``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.errors import ConfigError, LLMError
from assistant.settings import Settings, env_var

BACKENDS = ("extractive", "ollama", "openai")


def make_llm(settings: Settings):
    """The llama-index LLM of the configured LLM backend ('ollama' or 'openai')."""
    backend = settings.llm_backend
    if backend not in BACKENDS:
        raise ConfigError(
            f"Unknown LLM backend {backend!r}. Known: {', '.join(BACKENDS)} "
            f"(set {env_var('llm_backend')})."
        )
    if backend == "extractive":
        raise ConfigError("The extractive backend uses no LLM: build the answer backend with "
                          "assistant.backends.make_backend(settings).")
    if not settings.llm_model:
        raise ConfigError(f"The {backend} backend needs a model name: set {env_var('llm_model')}.")
    if backend == "ollama":
        from llama_index.llms.ollama import Ollama

        return Ollama(
            model=settings.llm_model,
            base_url=settings.llm_base_url or "http://localhost:11434",
            request_timeout=settings.llm_timeout,
            temperature=0.1,
        )
    if not settings.llm_base_url:
        raise ConfigError(
            f"The openai backend needs the server's URL: set {env_var('llm_base_url')} "
            "(e.g. http://localhost:8000/v1). Nothing is sent to a hosted API unless you name it."
        )
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model,
        api_base=settings.llm_base_url,
        api_key=settings.llm_api_key or "not-needed",
        is_chat_model=True,
        context_window=32768,
        timeout=settings.llm_timeout,
        max_retries=0,
        temperature=0.1,
    )


class LLMClient:
    """The two calls we make of an LLM: a whole reply, or a stream of text pieces."""

    def __init__(self, llm, backend: str):
        self.llm = llm
        self.backend = backend

    def complete(self, messages: Sequence[tuple[str, str]]) -> str:
        return "".join(self.stream(messages))

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]:
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=role, content=content) for role, content in messages]
        try:
            for piece in self.llm.stream_chat(chat):
                if piece.delta:
                    yield piece.delta
        except Exception as exc:  # httpx / openai / ollama errors all mean the same to a user
            raise LLMError(
                f"The {self.backend} server did not answer ({exc.__class__.__name__}: {exc}). "
                f"Check that it runs at {getattr(self.llm, 'api_base', None) or getattr(self.llm, 'base_url', '')} "
                f"or switch to {env_var('llm_backend')}=extractive."
            ) from exc
