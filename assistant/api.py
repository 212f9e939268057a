"""The REST edge (FastAPI): translates HTTP to ``Assistant`` calls and domain errors to
JSON with a status code. Mounted next to the UI by ``app.py``; runnable alone with
``python -m assistant.api``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.errors import (
    ConfigError,
    IndexMissingError,
    InputError,
    LLMError,
    ModelError,
    ModelMismatchError,
    NetwerkwijzerError,
    StoreError,
)
from assistant.retrieval import MAX_K, MAX_QUERY_CHARS
from assistant.settings import Settings
from assistant.types import Answer, Passage

STATUS = {InputError: 422, IndexMissingError: 503, ModelMismatchError: 503, StoreError: 503,
          ModelError: 503, ConfigError: 500, LLMError: 502}


class Turn(BaseModel):
    role: Literal["user", "assistant"] = "user"
    content: str = Field(max_length=20_000)


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, examples=["Wat is een organisatienetwerk?"])
    k: int = Field(5, ge=1, le=MAX_K)
    doc_ids: list[str] | None = Field(None, max_length=50)
    bouwstenen: list[str] | None = Field(None, max_length=7)


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUERY_CHARS,
                          examples=["Waarom is een organisatienetwerk meer dan samenwerken?"])
    history: list[Turn] = Field(default_factory=list, max_length=50)
    mode: Literal["answer", "advice"] = "answer"
    doc_ids: list[str] | None = Field(None, max_length=50)


class SearchResponse(BaseModel):
    results: list[Passage]


class ErrorResponse(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse},
}


def create_api(get_assistant: Callable[[], Any], settings: Settings) -> FastAPI:
    """``get_assistant`` returns the ready Assistant or raises (e.g. IndexMissingError)."""
    app = FastAPI(title="Netwerkwijzer API", version="0.1.0",
                  description="Search the sources and get cited answers and Netwerkmozaïek advice.")

    def check_key(request: Request) -> None:
        if settings.api_key and request.headers.get("x-api-key") != settings.api_key:
            raise _HTTPError(401, "Missing or wrong API key: send the header 'X-API-Key'.")

    guard = [Depends(check_key)]

    @app.exception_handler(_HTTPError)
    async def _http_error(_: Request, exc: _HTTPError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(NetwerkwijzerError)
    async def _domain_error(_: Request, exc: NetwerkwijzerError):
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 500)
        return JSONResponse({"error": str(exc)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError):
        return JSONResponse({"error": _explain(exc)}, status_code=422)

    @app.post("/api/search", response_model=SearchResponse, dependencies=guard, responses=ERRORS)
    def search(req: SearchRequest) -> dict:
        hits = get_assistant().search(req.query, k=req.k, doc_ids=req.doc_ids,
                                      bouwstenen=req.bouwstenen)
        return {"results": hits}

    @app.post("/api/ask", response_model=Answer, dependencies=guard, responses=ERRORS)
    def ask(req: AskRequest) -> Answer:
        return get_assistant().ask(req.question, history=[t.model_dump() for t in req.history],
                                   mode=req.mode, doc_ids=req.doc_ids)

    @app.post("/api/ask/stream", dependencies=guard, responses=ERRORS,
              response_class=StreamingResponse)
    def ask_stream(req: AskRequest) -> StreamingResponse:
        assistant = get_assistant()
        events = assistant.ask_stream(req.question, [t.model_dump() for t in req.history],
                                      req.mode, req.doc_ids)
        first = next(events)  # raises InputError etc. before the 200 is sent

        def sse():
            try:
                for event in _chain(first, events):
                    yield _sse(event)
            except NetwerkwijzerError as exc:
                yield _sse({"type": "error", "error": str(exc)})

        return StreamingResponse(sse(), media_type="text/event-stream")

    @app.get("/api/documents", dependencies=guard, responses=ERRORS)
    def documents() -> dict:
        return {"documents": get_assistant().documents()}

    @app.get("/api/mozaiek", dependencies=guard, responses=ERRORS)
    def mozaiek() -> dict:
        return get_assistant().mozaiek().to_dict()

    @app.get("/api/health", dependencies=guard, responses=ERRORS)
    def health() -> dict:
        return get_assistant().health()

    return app


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def _chain(first, rest):
    yield first
    yield from rest


def _sse(event: dict) -> str:
    payload = dict(event)
    if "answer" in payload and hasattr(payload["answer"], "to_dict"):
        payload["answer"] = payload["answer"].to_dict()
    return f"event: {payload['type']}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n"


def _explain(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        msg = err.get("msg", "invalid")
        if err.get("type") == "json_invalid":
            return "The request body is not valid JSON."
        parts.append(f"{where}: {msg}")
    return "Invalid request — " + "; ".join(parts)


def main() -> None:  # pragma: no cover - thin runner
    import uvicorn

    from assistant.core import Assistant

    settings = Settings.from_env()
    assistant = Assistant.from_settings(settings)
    uvicorn.run(create_api(lambda: assistant, settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
