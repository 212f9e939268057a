"""The REST edge (FastAPI): translates HTTP to ``Assistant`` calls and domain errors to
JSON with a status code. Mounted next to the UI by ``app.py``; runnable alone with
``python -m assistant.api``.

The app built here carries the one authentication layer (``assistant.auth``): its
middlewares sit in front of every route, the Gradio page that ``app.py`` mounts on it
included, and each route asks for the permission it needs (``need``). Every error,
404/405/413 and unparsable bodies included, is ``{"error": …}``; no error echoes more
than a short piece of the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from assistant.auth.gate import Gate
from assistant.auth.middleware import AuthMiddleware, BodyLimitMiddleware, client_ip
from assistant.auth.roles import Principal
from assistant.auth.web import login_router
from assistant.documents.collections import CollectionRegistry
from assistant.documents.manager import MAX_UPLOAD_FILES
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
from assistant.events import ErrorEvent, Event
from assistant.retrieval import MAX_K, MAX_QUERY_CHARS
from assistant.settings import Settings
from assistant.types import Answer, Passage

STATUS = {InputError: 422, IndexMissingError: 503, ModelMismatchError: 503, StoreError: 503,
          ModelError: 503, ConfigError: 500, LLMError: 502}


MAX_ECHO = 80  # characters of a value quoted back in an error message


class Turn(BaseModel):
    model_config = ConfigDict(strict=True)

    role: Literal["user", "assistant"] = "user"
    content: str = Field(max_length=20_000)


class SearchRequest(BaseModel):
    model_config = ConfigDict(strict=True)  # k: 5, never true or "5"

    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, examples=["Wat is een organisatienetwerk?"])
    k: int = Field(5, ge=1, le=MAX_K)
    doc_ids: list[str] | None = Field(None, max_length=50)
    bouwstenen: list[str] | None = Field(None, max_length=7)


class AskRequest(BaseModel):
    model_config = ConfigDict(strict=True)

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
    401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 413: {"model": ErrorResponse},
    422: {"model": ErrorResponse}, 503: {"model": ErrorResponse},
}


def need(permission: str):
    """A dependency: the request's principal, if its role has ``permission`` (else 401/403)."""

    def check(request: Request) -> Principal:
        principal = request.scope.get("nw_principal")
        if principal is None:
            raise _HTTPError(401, "Not logged in: log in at /login, or send your API key in the header 'X-API-Key'.")
        if not principal.may(permission):
            raise _HTTPError(403, f"The role '{principal.role}' may not do this ({permission}); ask a beheerder.")
        return principal

    return check


class DocumentChange(BaseModel):
    model_config = ConfigDict(strict=True)

    title: str | None = Field(None, min_length=1, max_length=200)
    collection: str | None = Field(None, min_length=1, max_length=48)


def create_api(get_assistant: Callable[[], Any], settings: Settings, gate: Gate | None = None,
               collections: CollectionRegistry | None = None, documents: Any = None) -> FastAPI:
    """``get_assistant`` returns the ready Assistant or raises (e.g. IndexMissingError).
    Every route that reads passages, titles or counts works on the Assistant as the caller
    sees it: only the collections ``collections`` lets them read."""
    gate = gate or Gate(settings)
    collections = collections or CollectionRegistry.for_settings(settings)
    doc_manager = documents  # the name 'documents' is the route below

    def assistant_for(principal: Principal):
        return get_assistant().scoped(collections.readable(principal))

    app = FastAPI(title="Netwerkwijzer API", version="0.1.0",
                  description="Search the sources and get cited answers and Netwerkmozaïek advice. "
                  "Every route needs a login (session cookie) or an API key in the header 'X-API-Key'.")
    # the last one added runs first: the gate, then the body limit, then the routes (and Gradio)
    # uploads of documents may be larger: up to MAX_UPLOAD_FILES files of the per-file limit
    upload = int(float(settings.max_file_mb) * 1024 * 1024 * MAX_UPLOAD_FILES)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_request_bytes,
                       larger={"/api/documents": upload, "/gradio_api/upload": upload})
    app.add_middleware(AuthMiddleware, gate=gate)
    app.state.gate = gate
    app.include_router(login_router(gate))

    @app.exception_handler(_HTTPError)
    async def _http_error(_: Request, exc: _HTTPError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(_: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "Request refused."
        if exc.status_code == 400 and "parsing the body" in message:
            message = "The request body is not valid JSON (check the UTF-8 encoding and the nesting depth)."
        return JSONResponse({"error": shorten(message)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(NetwerkwijzerError)
    async def _domain_error(_: Request, exc: NetwerkwijzerError):
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 500)
        return JSONResponse({"error": shorten(str(exc))}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError):
        return JSONResponse({"error": shorten(_explain(exc))}, status_code=422)

    @app.post("/api/search", response_model=SearchResponse, responses=ERRORS)
    def search(req: SearchRequest, principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        hits = assistant_for(principal).search(req.query, k=req.k, doc_ids=req.doc_ids,
                                      bouwstenen=req.bouwstenen)
        return {"results": hits}

    @app.post("/api/ask", response_model=Answer, responses=ERRORS)
    def ask(req: AskRequest, principal: Annotated[Principal, Depends(need("ask"))]) -> Answer:
        return assistant_for(principal).ask(req.question, history=[t.model_dump() for t in req.history],
                                   mode=req.mode, doc_ids=req.doc_ids)

    @app.post("/api/ask/stream", responses=ERRORS, response_class=StreamingResponse)
    def ask_stream(req: AskRequest, principal: Annotated[Principal, Depends(need("ask"))]) -> StreamingResponse:
        assistant = assistant_for(principal)
        events = assistant.ask_stream(req.question, [t.model_dump() for t in req.history],
                                      req.mode, req.doc_ids)
        first = next(events)  # raises InputError etc. before the 200 is sent

        def sse():
            try:
                for event in _chain(first, events):
                    yield _sse(event)
            except NetwerkwijzerError as exc:
                yield _sse(ErrorEvent(str(exc)))

        return StreamingResponse(sse(), media_type="text/event-stream")

    @app.get("/api/documents", responses=ERRORS)
    def documents(principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        """The documents of the collections the caller may read."""
        return {"documents": assistant_for(principal).documents()}

    if doc_manager is not None:  # the app built by app.py manages documents; a bare API does not
        def manager():
            return doc_manager

        @app.post("/api/documents", status_code=202, responses=ERRORS)
        async def upload(principal: Annotated[Principal, Depends(need("documents"))],
                         files: Annotated[list[UploadFile], File(description=".txt, .md, .pdf or .docx")],
                         collection: Annotated[str, Form()] = "bronnen") -> dict:
            """Add documents to a collection (beheerder). Each file is stored before its ingest is
            queued; bad files are refused by name with the reason, the rest goes in."""
            got = [(f.filename or "bestand", await f.read(manager().max_bytes + 1)) for f in files]
            queued, refused = manager().add(got, collection, principal.name)
            return {"queued": [r.doc_id for r in queued],
                    "refused": [{"file": name, "reason": reason} for name, reason in refused],
                    "progress": manager().progress.to_dict()}

        @app.get("/api/documents/status", responses=ERRORS)
        def document_status(principal: Annotated[Principal, Depends(need("documents"))]) -> dict:
            """Every document with collection, passages, status and ingest time, and the progress
            of the running ingest (beheerder)."""
            scoped = assistant_for(principal)
            return {"documents": manager().listing(scoped.documents()), "collapsed": scoped.collapsed(),
                    "progress": manager().progress.to_dict()}

        @app.patch("/api/documents/{doc_id}", responses=ERRORS)
        def change_document(doc_id: str, change: DocumentChange,
                            principal: Annotated[Principal, Depends(need("documents"))]) -> dict:
            """Rename (``title``) and/or move (``collection``) a document (beheerder)."""
            if change.title is None and change.collection is None:
                raise InputError("Geef een nieuwe 'title' en/of 'collection'.")
            if change.collection is not None:
                manager().move(doc_id, change.collection, principal.name)
            if change.title is not None:
                manager().rename(doc_id, change.title, principal.name)
            return {"doc_id": doc_id, "progress": manager().progress.to_dict()}

        @app.post("/api/documents/{doc_id}/reingest", status_code=202, responses=ERRORS)
        def reingest_document(doc_id: str, principal: Annotated[Principal, Depends(need("documents"))]) -> dict:
            manager().reingest(doc_id, principal.name)
            return {"doc_id": doc_id, "progress": manager().progress.to_dict()}

        @app.delete("/api/documents/{doc_id}", responses=ERRORS)
        def delete_document(doc_id: str, principal: Annotated[Principal, Depends(need("documents"))]) -> dict:
            return {"doc_id": doc_id, "removed_passages": manager().delete(doc_id, principal.name)}

    @app.get("/api/collections", responses=ERRORS)
    def list_collections(principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        """The collections the caller may read, with who may read them."""
        readable = collections.readable(principal)
        return {"collections": [{**c.to_dict(), "readers": c.describe()} for c in collections.collections()
                                if readable is None or c.id in readable]}

    @app.get("/api/mozaiek", responses=ERRORS)
    def mozaiek(principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        return assistant_for(principal).mozaiek().to_dict()

    @app.get("/api/health", responses=ERRORS)
    def health(principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        return assistant_for(principal).health()

    @app.get("/api/me", responses=ERRORS)
    def me(principal: Annotated[Principal, Depends(need("ask"))]) -> dict:
        """Who the request acts for, and the role's rights."""
        from assistant.auth.roles import PERMISSIONS

        return {"name": principal.name, "role": principal.role, "via": principal.via,
                "may": sorted(p for p in PERMISSIONS if principal.may(p))}

    @app.get("/api/audit", responses=ERRORS)
    def audit(request: Request, principal: Annotated[Principal, Depends(need("audit"))],
              limit: Annotated[int, Query(ge=1, le=100_000)] = 200, event: str | None = None,
              format: Literal["json", "csv"] = "json"):  # noqa: A002 - the query name
        """The audit log, newest first (beheerder). ``format=csv`` downloads it."""
        if format == "csv":
            gate.audit.record("export.audit", principal.name, f"{limit} rows", client_ip(request.scope))
            return PlainTextResponse(gate.audit.to_csv(limit), media_type="text/csv; charset=utf-8",
                                     headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
        return {"events": gate.audit.rows(limit, event)}

    @app.get("/api/users", responses=ERRORS, dependencies=[Depends(need("users"))])
    def users() -> dict:
        """The accounts and their roles (beheerder); change them with 'python -m assistant.auth'."""
        return {"users": [u.__dict__ for u in gate.accounts.list()]}

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown(request: Request, rest: str):
        allowed = sorted({m for r in app.router.routes if getattr(r, "methods", None) and r.path != "/api/{rest:path}"
                          and r.matches({**request.scope, "method": "GET"})[0] != Match.NONE for m in r.methods})
        if allowed:
            raise _HTTPError(405, f"Method {request.method} is not allowed here; use {', '.join(allowed)}.")
        raise _HTTPError(404, f"No such route: /api/{shorten(rest, 60)}. See /docs for the routes.")

    return app


def shorten(text: str, limit: int = MAX_ECHO) -> str:
    """Cut long runs (an echoed id, a pasted text) to ``limit`` characters, and the whole to 600."""
    text = re.sub(rf"\S{{{limit + 1},}}", lambda m: m.group(0)[:limit] + "…", text)
    text = re.sub(rf"'([^']{{{limit + 1},}})'", lambda m: "'" + m.group(1)[:limit] + "…'", text)
    return text if len(text) <= 600 else text[:600] + "…"


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def _chain(first, rest):
    yield first
    yield from rest


def _sse(event: Event) -> str:
    """One stream event as a server-sent event named by its type (``Event.to_dict`` is the data)."""
    return f"event: {event.type}\ndata: {json.dumps(event.to_dict(), ensure_ascii=False)}\n\n"


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

    from assistant.auth.gate import exposure_problem
    from assistant.core import Assistant

    settings = Settings.from_env()
    gate = Gate(settings)
    problem = exposure_problem(settings, gate)
    if problem:
        raise SystemExit(problem)
    assistant = Assistant.from_settings(settings)
    uvicorn.run(create_api(lambda: assistant, settings, gate), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
