"""`python app.py`: the browser UI at / and the REST API at /api, in one process.

Wiring only: settings → ``AppState`` (opens the Assistant in the background, building
the index first when there is none) → the FastAPI app from ``assistant.api`` with the
Gradio page from ``ui.layout`` mounted on it → uvicorn. The server answers at once;
the page shows how far loading is.
"""

from __future__ import annotations

import os

# before gradio is imported: no analytics, no hub calls (the app runs offline)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import logging  # noqa: E402

from assistant.api import create_api  # noqa: E402
from assistant.auth.gate import Gate, exposure_problem  # noqa: E402
from assistant.errors import ConfigError  # noqa: E402
from assistant.settings import Settings, env_var  # noqa: E402
from assistant.store import keep_index_backend  # noqa: E402


def build_app(settings: Settings | None = None, assistant=None, *, start: bool = True):
    """The FastAPI app serving the UI at / and the API at /api.

    With ``assistant`` given (tests, scripts) it is used as is; otherwise ``start``
    opens it in a background thread (``app.state.netwerkwijzer.wait()`` blocks until ready).
    The gate (``assistant.auth``) sits in front of both: the API app carries its
    middleware, and the Gradio page is mounted inside it; Gradio learns the user's name
    through ``auth_dependency`` and hands it to the event handlers.
    """
    import gradio as gr

    from assistant.documents.collections import CollectionRegistry
    from ui.assets import CSS
    from ui.layout import build_ui
    from ui.state import AppState

    settings = settings or Settings.from_env()
    gate = Gate(settings)
    collections = CollectionRegistry.for_settings(settings)  # who may read which collection
    state = AppState(settings, assistant, audit=gate.audit)
    documents = _document_manager(settings, state, collections, gate)
    app = create_api(state.get_assistant, settings, gate, collections, documents)
    app = gr.mount_gradio_app(app, build_ui(state, gate=gate, collections=collections, documents=documents),
                              path="/", css=CSS,
                              theme=_theme(gr), footer_links=["api", "settings"],
                              run_history=False, show_error=False, auth_dependency=_user_name)
    app.state.netwerkwijzer = state
    app.state.documents = documents
    if start:
        state.start()
        state.when_ready(documents.resume)  # uploads a crash or kill left unfinished go in now
    return app


def _document_manager(settings, state, collections, gate):
    """Uploads are ingested with the running Assistant's embedder, into its index; after
    each change the app reopens the index (``AppState.reload``)."""
    from assistant.documents.manager import DocumentManager
    from assistant.store import Store
    from ingest import pipeline

    def embedder():
        return state.get_assistant().retriever.embedder

    def open_store():
        e = embedder()
        return Store.open_for_writing(settings, e.model_id, e.dimension)

    return DocumentManager(settings, open_store, embedder, collections, gate.audit,
                           on_change=lambda: state.reload(), ingest=pipeline.run)


def _user_name(request) -> str | None:
    """For Gradio: the name of the principal the gate let in (None never gets this far)."""
    principal = request.scope.get("nw_principal")
    return principal.name if principal is not None else None


def _theme(gr):
    # system fonts: the default theme fetches Google Fonts, and the app runs offline
    return gr.themes.Soft(font=["ui-sans-serif", "system-ui", "Segoe UI", "sans-serif"],
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def main() -> None:  # pragma: no cover - thin runner
    import uvicorn

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    if env_var("embed_backend") not in os.environ:  # an index from before onnx-int8: keep its backend
        settings = keep_index_backend(settings)
    gate = Gate(settings)
    problem = exposure_problem(settings, gate)
    if problem:
        raise SystemExit(str(ConfigError(problem)))
    app = build_app(settings)
    print(f"Netwerkwijzer: http://{settings.host}:{settings.port}/  (API: /api, docs: /docs)",
          flush=True)
    if not gate.required:
        print("Geen accounts, API-sleutel of SSO ingesteld: de Netwerkwijzer is alleen op deze computer "
              f"bereikbaar ({settings.host}). Maak een eerste beheerder met 'python -m assistant.auth users add "
              "NAAM --role beheerder'.", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()
