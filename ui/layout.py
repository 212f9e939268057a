"""The ``gr.Blocks`` page and its event handlers: the only module that imports gradio.

Handlers are thin: they call the Assistant (through ``AppState``), keep the session's
``Conversation`` in a ``gr.State`` and hand rendering to ``ui.render``. Every handler that
needs a right asks the gate for the caller's role (Gradio hands it the user name that
``app.py``'s ``auth_dependency`` took from the request), so calling an endpoint through
``/gradio_api`` gets no more than the page shows that role. Every
``NetwerkwijzerError`` becomes a Dutch message in the conversation; anything else is
logged with its trace and shown as a short apology, so the page keeps working.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
import uuid
from pathlib import Path

import gradio as gr

from assistant.auth.gate import Gate
from assistant.auth.roles import Principal
from assistant.bouwstenen import BOUWSTENEN
from assistant.documents.collections import CollectionRegistry
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
from assistant.events import AnswerEvent, DeltaEvent, QueryEvent
from assistant.retrieval import MAX_QUERY_CHARS
from ui import export, handout
from ui.assets import CITE_JS
from ui.feedback import REASONS, FeedbackStore
from ui.render import (
    EXAMPLE_QUESTIONS,
    MODE_LABELS,
    h,
    markdown_html,
    render_conversation,
    render_mozaiek,
    render_status,
    table,
)
from ui.render_admin import render_audit, render_user_badge, render_users
from ui.render_documents import render_collapsed, render_documents, render_progress
from ui.state import AppState, Conversation, Turn

log = logging.getLogger("netwerkwijzer.ui")

SEARCH_K = 8
STREAM_EVERY = 0.08  # seconds between re-renders while an answer streams in
CONCURRENCY = 4  # questions answered at once; more wait in Gradio's queue
MODE_CHOICES = [(label, key) for key, label in MODE_LABELS.items()]
PLACEHOLDERS = {
    "answer": "Stel je vraag over organisatienetwerken… (Engels mag ook)",
    "advice": "Beschrijf je situatie, bijvoorbeeld: Onze partners haken af. Wat kunnen we doen?",
    "search": "Zoekwoorden of een vraag; de passages verschijnen met hun scores",
}


# ---- errors for people --------------------------------------------------------------------


def friendly(exc: NetwerkwijzerError) -> tuple[str, str]:
    """(Dutch message, technical detail) for an error from the domain."""
    detail = str(exc)
    if isinstance(exc, IndexMissingError):
        if detail.startswith(("Index wordt", "De assistent")):
            return detail, ""
        return ("Er is nog geen index met bronnen. Start de app opnieuw (dan bouwt ze de index "
                "zelf) of laat de beheerder 'python -m ingest' draaien.", detail)
    if isinstance(exc, ModelMismatchError):
        return ("De index is gemaakt met een ander embeddingmodel en moet opnieuw worden "
                "opgebouwd ('python -m ingest --rebuild').", detail)
    if isinstance(exc, StoreError):
        return "De bronnendatabase (Chroma) is niet bereikbaar. Probeer het later opnieuw.", detail
    if isinstance(exc, LLMError):
        return ("De taalmodelserver reageert niet of gaf een fout. Probeer het later opnieuw; "
                "zonder taalmodel werkt de Netwerkwijzer ook (NETWERKWIJZER_LLM_BACKEND="
                "extractive).", detail)
    if isinstance(exc, InputError):
        return "Deze invoer kan niet worden verwerkt.", detail
    if isinstance(exc, ModelError):
        return "Het embeddingmodel kon niet worden geladen.", detail
    if isinstance(exc, ConfigError):
        return "De Netwerkwijzer is verkeerd ingesteld.", detail
    return "Er ging iets mis.", detail


def check_question(question: str) -> str:
    """The question stripped; InputError with a Dutch message when unusable."""
    q = (question or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise InputError(f"Je vraag is {len(q)} tekens lang; het maximum is {MAX_QUERY_CHARS}. "
                         "Maak hem korter en probeer het opnieuw.")
    return q


def _session_dir(conv: Conversation) -> Path:
    if not conv.session:
        conv.session = uuid.uuid4().hex[:12]
    path = Path(tempfile.gettempdir()) / "netwerkwijzer" / conv.session
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---- the page -----------------------------------------------------------------------------


def refusal(principal: Principal | None, what: str) -> str:
    role = principal.role if principal else "niet ingelogd"
    return f"Dit mag je rol ({role}) niet: {what}. Vraag een beheerder om een andere rol."


def build_ui(state: AppState, feedback: FeedbackStore | None = None, gate: Gate | None = None,
             collections: CollectionRegistry | None = None, documents=None) -> gr.Blocks:
    feedback = feedback or FeedbackStore.for_settings(state.settings)
    gate = gate or Gate(state.settings)
    collections = collections or CollectionRegistry.for_settings(state.settings)

    def who(request) -> Principal | None:
        """The caller, with the role it has now (a role change counts from the next click)."""
        return gate.principal_for_name(getattr(request, "username", None))

    def record(event: str, principal: Principal | None, detail: str = "", request=None) -> None:
        ip = getattr(getattr(request, "client", None), "host", "") or ""
        try:
            gate.audit.record(event, principal.name if principal else "?", detail, ip)
        except Exception:  # noqa: BLE001 - a full disk must not break the page; the log says so
            log.exception("writing the audit log failed")

    def assistant_for(principal: Principal | None):
        """The Assistant as this caller sees it: only the collections they may read.
        Nothing about other collections (passages, titles, counts) leaves through the page,
        so the page's initial values (in /config) hold none of it either: the load event
        fills them per caller."""
        return state.get_assistant().scoped(collections.readable(principal))

    def visible_mozaiek(principal: Principal | None) -> dict | None:
        if principal is None or state.mozaiek() is None:
            return None
        try:
            assistant_for(principal).mozaiek()
        except NetwerkwijzerError:  # the magazine is in a collection this caller may not read
            return None
        return state.mozaiek()

    def mozaiek_html(lit=(), prefix="chat", principal: Principal | None = None):
        moz = visible_mozaiek(principal)
        if state.mozaiek() is None:
            note = "De uitleg per bouwsteen verschijnt zodra de index klaar is."
        else:  # in the index, but in a collection this caller may not read
            note = "" if moz is not None else "Het Netwerkmozaïek is voor jou niet beschikbaar."
        return render_mozaiek(moz, lit, prefix=prefix, note=note)

    def status_html(principal: Principal | None = None):
        if principal is None:
            return render_status("loading", "De Netwerkwijzer wordt geladen…")
        kind, message = state.status_line()
        if state.ready:  # the counts of what this caller may read, not of the whole index
            try:
                health = assistant_for(principal).health()
                message = re.sub(r"^Klaar: [^·]*", f"Klaar: {health['documents']} documenten, "
                                 f"{health['chunks']} passages ", message)
            except NetwerkwijzerError:
                message = "Klaar."
        return render_status(kind, message)

    def documents_for(principal: Principal | None) -> list[dict]:
        if principal is None or not state.ready:
            return []
        return assistant_for(principal).documents()

    def doc_choices(principal: Principal | None = None):
        return [(f"{d['title']} ({d['doc_id']})", d["doc_id"]) for d in documents_for(principal)]

    def documents_html(principal: Principal | None = None):
        docs = documents_for(principal)
        if not docs:
            return '<p class="nw-muted">De bronnen verschijnen zodra de index klaar is.</p>'
        rows = "".join(
            f"<tr><td>{h(d['title'])}</td><td><code>{h(d['doc_id'])}</code></td>"
            f"<td>{h(d.get('kind', ''))}</td><td>{h(d.get('chunks', ''))}</td></tr>"
            for d in docs)
        return table(("Titel", "id", "soort", "passages"), rows)

    # -- handlers ---------------------------------------------------------------------------

    def refresh(request: gr.Request):
        """On page load and on the timer's ticks until the assistant is ready."""
        principal = who(request)
        ready = state.ready or state.status == "error"
        return (status_html(principal), mozaiek_html(principal=principal),
                gr.update(choices=doc_choices(principal)), documents_html(principal),
                gr.update(active=not ready))

    def doc_filter_choices(request: gr.Request):
        """The chat's document filter, read again when it is opened."""
        return gr.update(choices=doc_choices(who(request)))

    def outputs_after(conv: Conversation, principal: Principal | None):
        """Mosaic, downloads (for roles that may export) and feedback controls once a turn is done."""
        last = conv.turns[-1] if conv.turns else None
        lit = [b.name for b in last.answer.advice_blocks] if last and last.answer else []
        has_answer = last is not None and last.answer is not None and not last.error
        if principal is None or not principal.may("export"):
            hidden = gr.update(value=None, interactive=False, visible=False)
            return (mozaiek_html(lit, principal=principal), hidden, hidden, gr.update(visible=has_answer), "",
                    gr.update(visible=False, value=None))
        folder = _session_dir(conv)
        md = folder / "netwerkwijzer-gesprek.md"
        md.write_text(export.to_markdown(conv.turns), encoding="utf-8")
        docx = export.to_docx(conv.turns, folder / "netwerkwijzer-gesprek.docx")
        return (mozaiek_html(lit, principal=principal),
                gr.update(value=str(md), interactive=True),
                gr.update(value=str(docx), interactive=True),
                gr.update(visible=has_answer), "", gr.update(visible=False, value=None))

    def ask(question, conv, mode, doc_ids, bouwstenen, request: gr.Request):
        """Generator: the conversation re-rendered as the answer streams in."""
        conv = conv or Conversation()
        skip = gr.skip()
        principal = who(request)
        if principal is None or not principal.may("ask"):
            conv.turns.append(Turn(question=str(question)[:300], mode="answer", done=True,
                                   error=refusal(principal, "vragen stellen")))
            yield (render_conversation(conv.turns), "", conv, gr.update(visible=False),
                   *outputs_after(conv, None))
            return
        try:
            q = check_question(question)
        except InputError as exc:
            conv.turns.append(Turn(question=question[:300] + "…", mode=mode, error=str(exc),
                                   done=True))
            yield (render_conversation(conv.turns), question, conv, gr.update(visible=False),
                   *outputs_after(conv, principal))
            return
        if not q:
            yield (skip,) * 10
            return
        mode = mode if mode in MODE_LABELS else "answer"
        doc_ids = list(doc_ids or [])
        bouwstenen = list(bouwstenen or []) if mode == "search" else []
        turn = Turn(question=q, mode=mode, doc_ids=doc_ids, bouwstenen=bouwstenen)
        history = conv.history()
        conv.turns.append(turn)
        yield (render_conversation(conv.turns), "", conv, gr.update(visible=False),
               skip, skip, skip, gr.update(visible=False), "", skip)
        try:
            assistant = assistant_for(principal)
            if mode == "search":
                turn.passages = assistant.search(q, k=SEARCH_K, doc_ids=doc_ids or None,
                                                 bouwstenen=bouwstenen or None)
            else:
                shown = 0.0
                for event in assistant.ask_stream(q, history, mode, doc_ids or None):
                    if isinstance(event, QueryEvent):
                        turn.query = event.query
                    elif isinstance(event, DeltaEvent):
                        turn.partial += event.text
                    elif isinstance(event, AnswerEvent):
                        turn.answer = event.answer
                        continue
                    # an LLM sends many small pieces: re-render at most ~12 times a second
                    if isinstance(event, QueryEvent) or time.monotonic() - shown >= STREAM_EVERY:
                        shown = time.monotonic()
                        yield (render_conversation(conv.turns), skip, conv, *(skip,) * 7)
        except NetwerkwijzerError as exc:
            turn.error, turn.error_detail = friendly(exc)
        except Exception:  # noqa: BLE001 - logged with its trace; people get a short message
            log.exception("answering %r failed", q)
            turn.error = ("Er ging iets mis bij het beantwoorden van deze vraag. Probeer het "
                          "opnieuw of stel de vraag anders.")
        turn.done = True
        if turn.mode != "search" and turn.answer is None and not turn.error:
            turn.error = "Er kwam geen antwoord terug. Probeer het opnieuw."
        yield (render_conversation(conv.turns), skip, conv, skip, *outputs_after(conv, principal))

    def ask_example(text):
        def handler(conv, mode, doc_ids, bouwstenen, request: gr.Request):
            yield from ask(text, conv, mode, doc_ids, bouwstenen, request)
        return handler

    def clear(conv, request: gr.Request):
        new = Conversation(session=(conv.session if conv else ""))
        return (render_conversation([]), "", new, gr.update(visible=True), mozaiek_html(principal=who(request)),
                gr.update(value=None, interactive=False),
                gr.update(value=None, interactive=False), gr.update(visible=False), "",
                gr.update(visible=False, value=None))

    def on_mode(mode):
        return (gr.update(visible=(mode == "search")),
                gr.update(placeholder=PLACEHOLDERS.get(mode, PLACEHOLDERS["answer"])))

    def give_feedback(rating, conv, request):
        """A thumb for the latest answer; 👎 then offers the reasons."""
        principal = who(request)
        if principal is None or not principal.may("feedback"):
            return (f'<span class="nw-error">{h(refusal(principal, "feedback geven"))}</span>',
                    gr.update(visible=False), conv)
        found = conv.last_answer() if conv else None
        if found is None:
            return ('<span class="nw-muted">Er is nog geen antwoord om te beoordelen.</span>',
                    gr.update(visible=False), conv)
        index, turn = found
        try:
            _session_dir(conv)
            if index in conv.feedback:
                feedback.update(conv.feedback[index], rating=rating)
            else:
                conv.feedback[index] = feedback.add(turn.answer, rating, session=conv.session,
                                                    user=principal.name)
        except Exception:  # noqa: BLE001 - a failed write must not break the page
            log.exception("storing feedback failed")
            return ('<span class="nw-error">Je feedback kon niet worden opgeslagen.</span>',
                    gr.skip(), conv)
        if rating == "up":
            return ('<span class="nw-feedback-ok" data-rating="up">Bedankt! Fijn dat het '
                    "hielp.</span>", gr.update(visible=False, value=None), conv)
        return ('<span class="nw-feedback-ok" data-rating="down">Bedankt. Wat was er mis? '
                "(optioneel)</span>", gr.update(visible=True, value=None), conv)

    def thumb_up(conv, request: gr.Request):
        return give_feedback("up", conv, request)

    def thumb_down(conv, request: gr.Request):
        return give_feedback("down", conv, request)

    def give_reason(reason, conv, request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("feedback"):
            return f'<span class="nw-error">{h(refusal(principal, "feedback geven"))}</span>'
        found = conv.last_answer() if conv else None
        if not reason or found is None or found[0] not in conv.feedback:
            return gr.skip()
        try:
            feedback.update(conv.feedback[found[0]], reason=reason)
        except Exception:  # noqa: BLE001
            log.exception("storing the feedback reason failed")
            return '<span class="nw-error">Je reden kon niet worden opgeslagen.</span>'
        return (f'<span class="nw-feedback-ok" data-rating="down" data-reason="{h(reason)}">'
                f"Bedankt, we kijken ernaar (reden: {h(reason)}).</span>")

    def export_feedback(request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("feedback_export"):
            record("export.refused", principal, "feedback", request)
            gr.Warning(refusal(principal, "de feedback exporteren"))
            return gr.update(value=None, visible=False)
        path = Path(tempfile.mkdtemp(prefix="netwerkwijzer-")) / "netwerkwijzer-feedback.csv"
        feedback.export_csv(path)
        n = len(feedback.rows())
        record("export.feedback", principal, f"{n} rows", request)
        return (gr.update(value=str(path), visible=True,
                                  label=f"Download feedback.csv ({n} beoordelingen)"))

    def make_handout(names, conv, request: gr.Request):
        conv = conv or Conversation()
        principal = who(request)
        if principal is None or not principal.may("handout"):
            record("export.refused", principal, "handout", request)
            return (f'<div class="nw-error">{h(refusal(principal, "lesmateriaal maken"))}</div>',
                    gr.skip(), gr.skip(), conv)
        try:
            doc = handout.collect(assistant_for(principal), names or [])
        except NetwerkwijzerError as exc:
            msg, detail = friendly(exc) if not isinstance(exc, InputError) else (str(exc), "")
            return (f'<div class="nw-error">{h(msg)}<div class="nw-error-detail">{h(detail)}'
                    "</div></div>", gr.skip(), gr.skip(), conv)
        folder = _session_dir(conv)
        md_text = handout.to_markdown(doc)
        md = folder / "netwerkwijzer-lesmateriaal.md"
        md.write_text(md_text, encoding="utf-8")
        docx = handout.to_docx(doc, folder / "netwerkwijzer-lesmateriaal.docx")
        record("export.handout", principal, ", ".join(names or []), request)
        preview = f'<div class="nw-handout">{markdown_html(md_text)}</div>'
        return (preview, gr.update(value=str(md), interactive=True),
                gr.update(value=str(docx), interactive=True), conv)

    def on_load_roles(request: gr.Request):
        """What this caller's role shows: the tabs and buttons of trainer and beheerder."""
        principal = who(request)

        def may(permission: str) -> bool:
            return principal is not None and principal.may(permission)

        admin = admin_views() if may("audit") else ("", "")
        docs_view = documents_view(principal)[:-1] if may("documents") else ("", "", *(gr.skip(),) * 4)
        return (render_user_badge(principal, gate.required), gr.update(visible=may("handout")),
                gr.update(visible=may("audit")), gr.update(visible=may("feedback_export")),
                gr.update(visible=may("export")), gr.update(visible=may("export")),
                *admin, gr.update(visible=may("documents")), *docs_view)

    def admin_views():
        return render_users(gate.accounts.list()), render_audit(gate.audit.rows(200))

    def admin_refresh(request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("audit"):
            message = f'<div class="nw-error">{h(refusal(principal, "het auditlog lezen"))}</div>'
            return message, message
        return admin_views()

    def export_audit(request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("audit"):
            record("export.refused", principal, "audit", request)
            gr.Warning(refusal(principal, "het auditlog exporteren"))
            return gr.update(value=None, visible=False)
        path = Path(tempfile.mkdtemp(prefix="netwerkwijzer-")) / "netwerkwijzer-auditlog.csv"
        path.write_text(gate.audit.to_csv(), encoding="utf-8-sig")
        record("export.audit", principal, "csv", request)
        return gr.update(value=str(path), visible=True)

    def conversation_downloaded(request: gr.Request):
        record("export.conversation", who(request), "", request)

    # -- documents (beheerder) --------------------------------------------------------------

    def documents_view(principal, refused=(), note=""):
        """(progress html, table html, doc choices, collection choices twice, timer, status bar)
        for a beheerder."""
        if documents is None:
            message = '<p class="nw-muted">Documentbeheer is in deze opstelling niet beschikbaar.</p>'
            return message, "", gr.skip(), gr.skip(), gr.skip(), gr.update(active=False), gr.skip()
        try:
            scoped = assistant_for(principal)
            indexed, collapsed = scoped.documents(), scoped.collapsed()
        except NetwerkwijzerError:
            indexed, collapsed = [], []
        listing = documents.listing(indexed)
        progress = documents.progress.to_dict()
        cols = [(c.name, c.id) for c in collections.collections()]
        head = f'<p class="nw-feedback-ok">{h(note)}</p>' if note else ""
        return (head + render_progress(progress, refused), render_documents(listing) + render_collapsed(collapsed),
                gr.update(choices=[(f"{d['title']} ({d['doc_id']})", d["doc_id"]) for d in listing]),
                gr.update(choices=cols), gr.update(choices=cols), gr.update(active=bool(progress["running"])),
                status_html(principal))

    def refused_view(principal, what):
        message = f'<div class="nw-error">{h(refusal(principal, what))}</div>'
        return message, "", gr.skip(), gr.skip(), gr.skip(), gr.update(active=False), gr.skip()

    def documents_refresh(request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("documents"):
            return refused_view(principal, "documenten beheren")
        return documents_view(principal)

    def upload_documents(files, collection, request: gr.Request):
        principal = who(request)
        if principal is None or not principal.may("documents"):
            return refused_view(principal, "documenten toevoegen")
        got, refused = [], []
        for path in files or []:
            p = Path(str(getattr(path, "name", path)))
            try:
                got.append((p.name, p.read_bytes()))
            except OSError as exc:
                refused.append((p.name, f"kon niet worden gelezen ({exc.strerror})"))
        try:
            queued, bad = documents.add(got, collection or "bronnen", principal.name)
        except InputError as exc:
            return documents_view(principal, [("", str(exc))])
        note = f"{len(queued)} {'document' if len(queued) == 1 else 'documenten'} in de wachtrij." if queued else ""
        return documents_view(principal, [*refused, *bad], note)

    def document_action(action):
        labels = {"rename": "een titel wijzigen", "move": "documenten verplaatsen",
                  "reingest": "documenten opnieuw inlezen", "delete": "documenten verwijderen"}

        def handler(doc_id, title, collection, request: gr.Request):
            principal = who(request)
            if principal is None or not principal.may("documents"):
                return refused_view(principal, labels[action])
            if not doc_id:
                return documents_view(principal, [("", "Kies eerst een document.")])
            try:
                if action == "rename":
                    documents.rename(doc_id, title, principal.name)
                    note = f"Titel van {doc_id} gewijzigd; het wordt opnieuw ingelezen."
                elif action == "move":
                    documents.move(doc_id, collection or "", principal.name)
                    note = f"{doc_id} staat nu in collectie {collection}."
                elif action == "reingest":
                    documents.reingest(doc_id, principal.name)
                    note = f"{doc_id} wordt opnieuw ingelezen."
                else:
                    n = documents.delete(doc_id, principal.name)
                    note = f"{doc_id} verwijderd ({n} passages)."
            except NetwerkwijzerError as exc:
                return documents_view(principal, [(doc_id, str(exc))])
            return documents_view(principal, (), note)

        handler.__name__ = f"{action}_document"
        return handler

    # -- layout -----------------------------------------------------------------------------

    with gr.Blocks(title="Netwerkwijzer", analytics_enabled=False,
                   delete_cache=(3600, 24 * 3600)) as demo:
        conv = gr.State(Conversation(session=""))
        with gr.Row(elem_classes="nw-header"):
            gr.HTML("<h1>Netwerkwijzer</h1><p>Antwoorden en advies over organisatienetwerken, "
                    "met de bron bij elke bewering.</p>", js_on_load=None)
            user_badge = gr.HTML("", elem_id="nw-user", js_on_load=None)
        status = gr.HTML(status_html(), elem_id="nw-status", js_on_load=None)
        timer = gr.Timer(1.0, active=not state.ready)
        with gr.Tabs():
            with gr.Tab("Gesprek", id="gesprek"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=7):
                        mode = gr.Radio(MODE_CHOICES, value="answer", label="Modus",
                                        elem_id="nw-mode")
                        chat = gr.HTML(render_conversation([]), elem_id="nw-chat",
                                       js_on_load=CITE_JS, autoscroll=False)
                        with gr.Row(elem_classes="nw-examples", elem_id="nw-examples") as examples:
                            example_buttons = [gr.Button(q, size="sm", variant="secondary")
                                               for q in EXAMPLE_QUESTIONS]
                        with gr.Row():
                            question = gr.Textbox(show_label=False, lines=1, max_lines=8,
                                                  placeholder=PLACEHOLDERS["answer"],
                                                  elem_id="nw-question", scale=8,
                                                  autofocus=True)
                            send = gr.Button("Verstuur", variant="primary", scale=1,
                                             elem_id="nw-send", min_width=100)
                        with gr.Row():
                            # choices per caller (the load event); ids are checked per reader
                            docs = gr.Dropdown(choices=doc_choices(), multiselect=True,
                                               label="Filter op document (leeg = alle)",
                                               elem_id="nw-docs", allow_custom_value=True)
                            blocks_filter = gr.Dropdown(list(BOUWSTENEN), multiselect=True,
                                                        label="Filter op bouwsteen",
                                                        visible=False, elem_id="nw-blocks")
                        with gr.Row():
                            clear_btn = gr.Button("Wis gesprek", elem_id="nw-clear", size="sm")
                            dl_md = gr.DownloadButton("Gesprek als Markdown", interactive=False,
                                                      elem_id="nw-dl-md", size="sm", visible=False)
                            dl_docx = gr.DownloadButton("Gesprek als Word (DOCX)",
                                                        interactive=False, elem_id="nw-dl-docx",
                                                        size="sm", visible=False)
                        with gr.Column(visible=False, elem_id="nw-feedback") as fb_box:
                            with gr.Row(equal_height=False):
                                gr.HTML("<b>Was het laatste antwoord nuttig?</b>",
                                        js_on_load=None, elem_classes="nw-fb-label")
                                up = gr.Button("👍 Ja", size="sm", elem_id="nw-up", scale=0,
                                               min_width=90)
                                down = gr.Button("👎 Nee", size="sm", elem_id="nw-down",
                                                 scale=0, min_width=90)
                            fb_status = gr.HTML("", elem_id="nw-fb-status", js_on_load=None)
                            reason = gr.Radio(list(REASONS), label="Reden", visible=False,
                                              elem_id="nw-reason")
                    with gr.Column(scale=5):
                        moz = gr.HTML(mozaiek_html(), elem_id="nw-mozaiek", js_on_load=None)
            with gr.Tab("Lesmateriaal", id="lesmateriaal", visible=False) as handout_tab:
                gr.HTML("<p>Kies een of meer bouwstenen van het Netwerkmozaïek. De handout bevat "
                        "per bouwsteen de uitleg, kern- en verdiepende vragen, citaten uit de "
                        "bronnen, een oefencasus en de bronnenlijst.</p>", js_on_load=None)
                pick = gr.CheckboxGroup(list(BOUWSTENEN), label="Bouwstenen",
                                        elem_id="nw-pick")
                make = gr.Button("Maak handout", variant="primary", elem_id="nw-make")
                with gr.Row():
                    ho_md = gr.DownloadButton("Handout als Markdown", interactive=False,
                                              elem_id="nw-ho-md", size="sm")
                    ho_docx = gr.DownloadButton("Handout als Word (DOCX)", interactive=False,
                                                elem_id="nw-ho-docx", size="sm")
                preview = gr.HTML("", elem_id="nw-handout", js_on_load=None)
            with gr.Tab("Bronnen en feedback", id="bronnen"):
                docs_table = gr.HTML(documents_html(), elem_id="nw-doclist", js_on_load=None)
                gr.HTML("<p>Beoordelingen van antwoorden (duim omhoog/omlaag, met reden) worden "
                        "bewaard. Exporteer ze als CSV:</p>", js_on_load=None)
                fb_export = gr.Button("Exporteer feedback (CSV)", elem_id="nw-fb-export",
                                      size="sm", visible=False)
                fb_csv = gr.DownloadButton("Download feedback.csv", visible=False,
                                           elem_id="nw-fb-csv", size="sm")
            with gr.Tab("Documenten", id="documenten", visible=False) as docs_tab:
                gr.HTML("<p>Voeg documenten toe (.txt, .md, .pdf, .docx; een of meer tegelijk) aan een "
                        "collectie. Ze worden eerst bewaard en dan op de achtergrond ingelezen; daarna "
                        "vinden vragen ze meteen.</p>", js_on_load=None)
                with gr.Row():
                    upload_files = gr.File(file_count="multiple", file_types=[".txt", ".md", ".pdf", ".docx"],
                                           label="Bestanden", elem_id="nw-upload", scale=3)
                    with gr.Column(scale=2):
                        upload_collection = gr.Dropdown([], value="bronnen", label="Collectie",
                                                        elem_id="nw-upload-collection", allow_custom_value=True)
                        upload_btn = gr.Button("Toevoegen", variant="primary", elem_id="nw-upload-btn")
                doc_progress = gr.HTML("", elem_id="nw-doc-progress", js_on_load=None)
                doc_timer = gr.Timer(1.0, active=False)
                doc_table = gr.HTML("", elem_id="nw-doc-admin", js_on_load=None)
                with gr.Row():
                    doc_pick = gr.Dropdown([], label="Document", elem_id="nw-doc-pick", scale=3,
                                           allow_custom_value=True)
                    doc_title = gr.Textbox(label="Nieuwe titel", elem_id="nw-doc-title", scale=3)
                    doc_move_to = gr.Dropdown([], label="Naar collectie", elem_id="nw-doc-move-to", scale=2,
                                              allow_custom_value=True)
                with gr.Row():
                    rename_btn = gr.Button("Titel wijzigen", size="sm", elem_id="nw-doc-rename")
                    move_btn = gr.Button("Verplaatsen", size="sm", elem_id="nw-doc-move")
                    reingest_btn = gr.Button("Opnieuw inlezen", size="sm", elem_id="nw-doc-reingest")
                    delete_btn = gr.Button("Verwijderen", size="sm", variant="stop", elem_id="nw-doc-delete")
            with gr.Tab("Beheer", id="beheer", visible=False) as admin_tab:
                gr.HTML("<p>Gebruikers en hun rollen (wijzigen met <code>python -m assistant.auth</code>) en "
                        "het auditlog: aanmeldingen, exports en wijzigingen, nieuwste eerst.</p>",
                        js_on_load=None)
                users_table = gr.HTML("", elem_id="nw-users", js_on_load=None)
                with gr.Row():
                    admin_refresh_btn = gr.Button("Vernieuw", elem_id="nw-admin-refresh", size="sm")
                    audit_export = gr.Button("Exporteer auditlog (CSV)", elem_id="nw-audit-export",
                                             size="sm")
                    audit_csv = gr.DownloadButton("Download auditlog.csv", visible=False,
                                                  elem_id="nw-audit-csv", size="sm")
                audit_table = gr.HTML("", elem_id="nw-audit", js_on_load=None)

        # -- events -------------------------------------------------------------------------
        ask_outputs = [chat, question, conv, examples, moz, dl_md, dl_docx, fb_box, fb_status,
                       reason]
        ask_inputs = [question, conv, mode, docs, blocks_filter]
        opts = dict(concurrency_limit=CONCURRENCY, concurrency_id="assistant",
                    show_progress="hidden")
        question.submit(ask, ask_inputs, ask_outputs, **opts)
        send.click(ask, ask_inputs, ask_outputs, **opts)
        for button, text in zip(example_buttons, EXAMPLE_QUESTIONS, strict=True):
            button.click(ask_example(text), [conv, mode, docs, blocks_filter], ask_outputs,
                         **opts)
        clear_btn.click(clear, [conv], ask_outputs, show_progress="hidden")
        mode.change(on_mode, [mode], [blocks_filter, question], show_progress="hidden")
        up.click(thumb_up, [conv], [fb_status, reason, conv], show_progress="hidden")
        down.click(thumb_down, [conv], [fb_status, reason, conv], show_progress="hidden")
        dl_md.click(conversation_downloaded, None, None, show_progress="hidden")
        dl_docx.click(conversation_downloaded, None, None, show_progress="hidden")
        reason.input(give_reason, [reason, conv], [fb_status], show_progress="hidden")
        fb_export.click(export_feedback, None, [fb_csv])
        make.click(make_handout, [pick, conv], [preview, ho_md, ho_docx, conv],
                   concurrency_limit=CONCURRENCY, concurrency_id="assistant")
        refresh_outputs = [status, moz, docs, docs_table, timer]
        timer.tick(refresh, None, refresh_outputs, show_progress="hidden", queue=False)
        demo.load(refresh, None, refresh_outputs, show_progress="hidden", queue=False)
        # documents added or removed since the page loaded (here or by another process)
        docs.focus(doc_filter_choices, None, docs, show_progress="hidden", queue=False)
        docs_outputs = [doc_progress, doc_table, doc_pick, upload_collection, doc_move_to, doc_timer, status]
        demo.load(on_load_roles, None, [user_badge, handout_tab, admin_tab, fb_export, dl_md, dl_docx,
                                        users_table, audit_table, docs_tab, *docs_outputs[:-1]],
                  show_progress="hidden", queue=False)
        upload_btn.click(upload_documents, [upload_files, upload_collection], docs_outputs, show_progress="hidden")
        doc_timer.tick(documents_refresh, None, docs_outputs, show_progress="hidden", queue=False)
        for button, action in ((rename_btn, "rename"), (move_btn, "move"), (reingest_btn, "reingest"),
                               (delete_btn, "delete")):
            button.click(document_action(action), [doc_pick, doc_title, doc_move_to], docs_outputs,
                         show_progress="hidden")
        admin_refresh_btn.click(admin_refresh, None, [users_table, audit_table], show_progress="hidden")
        audit_export.click(export_audit, None, [audit_csv])
    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo
