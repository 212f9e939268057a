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
from assistant.settings import Settings  # noqa: E402


def build_app(settings: Settings | None = None, assistant=None, *, start: bool = True):
    """The FastAPI app serving the UI at / and the API at /api.

    With ``assistant`` given (tests, scripts) it is used as is; otherwise ``start``
    opens it in a background thread (``app.state.netwerkwijzer.wait()`` blocks until ready).
    """
    import gradio as gr

    from ui.assets import CSS
    from ui.layout import build_ui
    from ui.state import AppState

    settings = settings or Settings.from_env()
    state = AppState(settings, assistant)
    app = create_api(state.get_assistant, settings)
    app = gr.mount_gradio_app(app, build_ui(state), path="/", css=CSS,
                              theme=_theme(gr), footer_links=["api", "settings"],
                              run_history=False, show_error=False)
    app.state.netwerkwijzer = state
    if start:
        state.start()
    return app


def _theme(gr):
    # system fonts: the default theme fetches Google Fonts, and the app runs offline
    return gr.themes.Soft(font=["ui-sans-serif", "system-ui", "Segoe UI", "sans-serif"],
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def main() -> None:  # pragma: no cover - thin runner
    import uvicorn

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    app = build_app(settings)
    print(f"Netwerkwijzer: http://{settings.host}:{settings.port}/  (API: /api, docs: /docs)",
          flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()
