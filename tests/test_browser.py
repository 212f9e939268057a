"""The browser UI, driven through Playwright (sync API) in Debian's Chromium.

The app (UI at /, API at /api) runs on uvicorn in a thread on a free localhost port,
built by ``app.build_app`` around the session's corpus Assistant (no index rebuilt).
A second app starts from an empty data folder with a tiny corpus holding script and
an <img onerror>: it shows the building status, builds its index in the background,
and must then show that document's text as text, never run it.

Screenshots of the main screens go to the test's tmp folder and are copied to
/tmp/netwerkwijzer-screens/. See DEVELOPERS.md for the Chromium setup.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.servers import LocalServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENS = Path("/tmp/netwerkwijzer-screens")
TIMEOUT = 60_000  # ms, for answers (the first one warms the model up)

EVIL_DOC = """Netwerken en vertrouwen <img src=x onerror="window.__pwned=1">

Partners in een organisatienetwerk bouwen vertrouwen op door samen te werken aan een
gedeelde opgave. <script>window.__pwned=1</script> Een netwerk heeft een eigen
organisatie nodig, met een coördinator die de partners verbindt.

Vertrouwen groeit als partners elkaar regelmatig ontmoeten en afspraken nakomen.
<img src=x onerror="window.__pwned=1"> Een netwerk zonder vertrouwen valt snel uit elkaar.
"""
SCRIPT_TEXT = "<script>window.__pwned=1</script>"
IMG_TEXT = '<img src=x onerror="window.__pwned=1">'


# ---- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screens")
    SCREENS.mkdir(parents=True, exist_ok=True)

    def shoot(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shutil.copy(path, SCREENS / path.name)
        return path

    return shoot


@pytest.fixture(scope="module")
def ui_settings(corpus_settings, tmp_path_factory):
    """The corpus index's settings, with a data dir of its own for feedback."""
    return corpus_settings.replace(data_dir=tmp_path_factory.mktemp("ui-data"))


@pytest.fixture(scope="module")
def app_url(assistant, ui_settings):
    from app import build_app

    with LocalServer(build_app(ui_settings, assistant=assistant)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install chromium chromium-driver "
                    "(see DEVELOPERS.md)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def open_app(page, url: str):
    page.goto(url)
    page.wait_for_selector("#nw-question textarea")
    return page


def ask(page, question: str, mode: str | None = None) -> None:
    """Type a question (in a mode) and wait until its answer is complete."""
    if mode:
        page.click(f"#nw-mode label:has-text('{mode}')")
    before = page.locator("#nw-chat .nw-turn").count()
    page.fill("#nw-question textarea", question)
    page.press("#nw-question textarea", "Enter")
    wait_for_turns(page, before + 1)


def wait_for_turns(page, n: int) -> None:
    page.wait_for_function(
        "n => { const t = document.querySelectorAll('#nw-chat .nw-turn');"
        " return t.length >= n && !t[n - 1].querySelector('.nw-working'); }", arg=n)


def download(page, selector: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(str(target))
    return target


# ---- the corpus app ---------------------------------------------------------------------------


def test_question_gets_a_cited_answer_and_citations_open_the_passage(page, app_url, screens):
    open_app(page, app_url)
    assert "Welkom bij de Netwerkwijzer" in page.inner_text("#nw-chat")
    page.wait_for_selector("[data-status=ready]")
    screens(page, "01-welkom")

    page.click("#nw-examples button:has-text('Wat is een organisatienetwerk?')")
    wait_for_turns(page, 1)
    page.wait_for_selector("#nw-chat .nw-source")
    answer = page.inner_text("#nw-chat .nw-answer-text")
    assert len(answer) > 40 and "[1]" in answer
    assert page.locator("#nw-chat a.nw-cite").count() >= 1
    assert not page.is_visible("#nw-examples")  # examples only on the empty screen
    screens(page, "02-antwoord")

    source = page.locator("#nw-src-0-1")
    assert source.get_attribute("open") is None
    page.locator("#nw-chat a.nw-cite").first.click()
    page.wait_for_function("document.getElementById('nw-src-0-1').open")
    mark = source.locator("mark").first
    assert mark.is_visible()
    marked = mark.inner_text()
    passage = source.locator(".nw-src-passage").inner_text()
    assert len(marked) > 10 and marked in passage and len(passage) > len(marked)
    assert source.locator(".nw-src-title").inner_text().strip()
    screens(page, "03-bron-geopend")


def test_advice_mode_lights_up_the_chosen_blocks(page, app_url, screens):
    open_app(page, app_url)
    ask(page, "Onze partners haken af. Wat kunnen we doen?", mode="Advies")
    page.wait_for_selector("#nw-mozaiek .nw-tile.nw-lit")
    lit = page.eval_on_selector_all("#nw-mozaiek .nw-tile.nw-lit", "ts => ts.map(t => t.dataset.block)")
    assert 1 <= len(lit) <= 3
    text = page.inner_text("#nw-chat .nw-answer-text")
    assert all(name in text for name in lit)
    unlit = page.locator("#nw-mozaiek .nw-tile:not(.nw-lit)").first
    assert float(unlit.evaluate("t => getComputedStyle(t).opacity")) < 0.6

    page.click(f"#nw-mozaiek label[data-block='{lit[0]}']")
    panel = page.locator(f"#nw-mozaiek .nw-moz-panel[data-block='{lit[0]}']")
    panel.wait_for(state="visible")
    assert "Kernvragen" in panel.inner_text()
    screens(page, "04-advies-mozaiek")


def test_search_mode_shows_passages_with_scores_and_filters(page, app_url, assistant, screens):
    open_app(page, app_url)
    page.click("#nw-mode label:has-text('Zoeken in de bronnen')")
    page.wait_for_selector("#nw-blocks", state="visible")
    ask(page, "vertrouwen tussen partners")
    hits = page.locator("#nw-chat .nw-hit")
    assert hits.count() >= 3
    assert "score" in hits.first.inner_text()
    expected = assistant.search("vertrouwen tussen partners", k=8)[0]
    assert expected.title in hits.first.inner_text()
    screens(page, "05-zoeken")


def test_export_conversation_as_docx_and_markdown(page, app_url, tmp_path):
    from docx import Document

    open_app(page, app_url)
    ask(page, "Waarom haken partners af in een netwerk?")
    page.wait_for_selector("#nw-chat .nw-source")
    quote = page.locator("#nw-src-0-1 mark").first.text_content()
    title = page.locator("#nw-src-0-1 .nw-src-title").text_content()
    first_words = page.inner_text("#nw-chat .nw-answer-text").split("[")[0].strip()[:40]
    ask(page, "En wie betaalt dat?")  # a follow-up: searched for with the question before it
    rewritten = page.inner_text("#nw-turn-1 .nw-rewritten")
    # the search query carries context from the question before it (its exact form is core's business)
    assert rewritten.startswith("Zoekvraag:") and "betaalt" in rewritten and "partners" in rewritten

    docx = download(page, "#nw-dl-docx", tmp_path / "gesprek.docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Waarom haken partners af in een netwerk?" in text
    assert first_words in text and title in text and quote.strip() in text

    md = download(page, "#nw-dl-md", tmp_path / "gesprek.md").read_text(encoding="utf-8")
    assert "## Vraag 1" in md and first_words in md and title in md
    assert "## Vraag 2" in md and f"*{rewritten}" in md


def test_feedback_is_stored_in_sqlite_and_exported(page, app_url, ui_settings, tmp_path, screens):
    open_app(page, app_url)
    ask(page, "Wat doet een netwerkcoördinator?")
    page.click("#nw-down")
    page.wait_for_selector("#nw-reason", state="visible")
    page.click("#nw-reason label:has-text('onvolledig')")
    page.wait_for_selector("#nw-fb-status [data-reason='onvolledig']")
    screens(page, "06-feedback")

    db = Path(ui_settings.data_dir) / "feedback.sqlite"
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT rating, reason, question, answer, citations FROM feedback "
                           "WHERE question = ?", ("Wat doet een netwerkcoördinator?",)).fetchall()
    assert len(rows) == 1
    rating, reason, _, answer, citations = rows[0]
    assert rating == -1 and reason == "onvolledig" and answer
    assert isinstance(json.loads(citations), list)

    page.click("button[role=tab]:has-text('Bronnen en feedback')")
    page.click("#nw-fb-export")
    page.wait_for_selector("#nw-fb-csv", state="visible")
    csv_text = download(page, "#nw-fb-csv", tmp_path / "f.csv").read_text(encoding="utf-8-sig")
    assert "Wat doet een netwerkcoördinator?" in csv_text and "onvolledig" in csv_text


def test_lesmateriaal_handout_downloads(page, app_url, tmp_path, screens):
    from docx import Document

    open_app(page, app_url)
    page.click("button[role=tab]:has-text('Lesmateriaal')")
    page.click("#nw-pick label:has-text('Binding')")
    page.click("#nw-make")
    page.wait_for_selector("#nw-handout .nw-handout")
    preview = page.inner_text("#nw-handout")
    for part in ("Binding", "Kernvragen", "Verdiepende vragen", "Oefencasus", "Bronnen"):
        assert part in preview
    screens(page, "07-lesmateriaal")
    docx = download(page, "#nw-ho-docx", tmp_path / "handout.docx")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Kernvragen" in text and "Oefencasus" in text


def test_two_sessions_do_not_mix(browser, app_url):
    pages = []
    for _ in range(2):
        ctx = browser.new_context()
        pg = ctx.new_page()
        pg.set_default_timeout(TIMEOUT)
        open_app(pg, app_url)
        pages.append(pg)
    questions = ["Wat is de rol van vertrouwen?", "Hoe financier je een netwerk?"]
    for pg, q in zip(pages, questions, strict=True):  # both in flight at once
        pg.fill("#nw-question textarea", q)
        pg.press("#nw-question textarea", "Enter")
    for pg in pages:
        wait_for_turns(pg, 1)
    for pg, mine, other in ((pages[0], *questions), (pages[1], *reversed(questions))):
        chat = pg.inner_text("#nw-chat")
        assert mine in chat and other not in chat
        assert pg.locator("#nw-chat .nw-turn").count() == 1
    for pg in pages:
        pg.context.close()


def test_errors_are_friendly_and_the_page_keeps_working(page, app_url, screens):
    open_app(page, app_url)
    page.fill("#nw-question textarea", "Waarom? " * 400)
    page.press("#nw-question textarea", "Enter")
    page.wait_for_selector("#nw-chat .nw-error")
    error = page.inner_text("#nw-chat .nw-error")
    assert "tekens lang" in error and "Traceback" not in error
    ask(page, f"Wat is {SCRIPT_TEXT} een netwerk {IMG_TEXT}?")
    assert SCRIPT_TEXT in page.inner_text("#nw-chat")  # the question, shown as text
    assert page.evaluate("window.__pwned") is None
    screens(page, "08-fout")
    page.click("#nw-clear")
    page.wait_for_selector("#nw-chat .nw-welcome")
    assert page.is_visible("#nw-examples") and not page.is_visible("#nw-feedback")


def test_llm_server_down_gives_a_dutch_message(browser, assistant, ui_settings):
    from app import build_app
    from assistant.core import Assistant

    dead = ui_settings.replace(llm_backend="openai", llm_model="m", llm_timeout=5.0,
                               llm_base_url=f"http://127.0.0.1:{free_port()}/v1")
    broken = Assistant(assistant.retriever, dead)  # the backend dead names
    with LocalServer(build_app(dead, assistant=broken)) as server:
        pg = browser.new_page()
        pg.set_default_timeout(TIMEOUT)
        open_app(pg, server.url)
        ask(pg, "Wat is een organisatienetwerk?")
        error = pg.inner_text("#nw-chat .nw-error")
        assert "taalmodelserver" in error
        ask(pg, "Wat is een netwerk?", mode="Zoeken in de bronnen")  # still works
        assert pg.locator("#nw-chat .nw-hit").count() >= 1
        pg.close()


# ---- first start: no index yet, a document with script in it ------------------------------


def test_first_start_builds_the_index_and_document_script_is_not_run(browser, base_settings,
                                                                     tmp_path, screens):
    from app import build_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vertrouwen.txt").write_text(EVIL_DOC, encoding="utf-8")
    settings = base_settings.replace(data_dir=tmp_path / "data", corpus_dir=corpus)
    app = build_app(settings)
    with LocalServer(app) as server:
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.set_default_timeout(TIMEOUT)
        open_app(pg, server.url)
        status = pg.inner_text("#nw-status")
        assert "geladen" in status or "opgebouwd" in status or "Klaar" in status
        if "Klaar" not in status:
            screens(pg, "00-eerste-start")
        pg.wait_for_selector("[data-status=ready]", timeout=180_000)

        ask(pg, "vertrouwen tussen partners", mode="Zoeken in de bronnen")
        hit = pg.inner_text("#nw-chat .nw-hit")
        assert SCRIPT_TEXT in hit and 'onerror="window.__pwned=1"' in hit
        ask(pg, "Hoe groeit vertrouwen tussen partners?", mode="Vraag")
        cites = pg.locator("#nw-chat a.nw-cite")
        if cites.count():  # a one-document corpus may also make it abstain
            cites.first.click()
            pg.wait_for_timeout(300)
        screens(pg, "09-script-als-tekst")
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        assert pg.locator("#nw-chat img").count() == 0
        assert pg.locator("#nw-chat script").count() == 0
        pg.close()


# ---- with accounts: log in, roles, log out ------------------------------------------------------


@pytest.fixture(scope="module")
def secured_url(assistant, corpus_settings, tmp_path_factory):
    """The corpus app with accounts lena (lezer), tom (trainer) and bea (beheerder)."""
    from app import build_app
    from tests.servers import add_users

    settings = corpus_settings.replace(data_dir=tmp_path_factory.mktemp("secured-ui"))
    add_users(settings)
    with LocalServer(build_app(settings, assistant=assistant)) as server:
        yield server.url


def log_in(page, url: str, name: str):
    from tests.servers import PASSWORDS

    page.goto(url)
    page.wait_for_selector("#nw-login")
    page.fill("#nw-name", name)
    page.fill("#nw-password", PASSWORDS[name])
    page.click("#nw-login-submit")
    page.wait_for_selector("#nw-question textarea")
    page.wait_for_selector("#nw-user [data-role]")
    return page


def tab_names(page) -> list[str]:
    return [t.strip() for t in page.locator("button[role=tab]").all_inner_texts()]


def test_log_in_ask_and_log_out(page, secured_url, screens):
    page.goto(secured_url)
    page.wait_for_selector("#nw-login")
    assert "/login?next=" in page.url
    screens(page, "10-inloggen")
    page.fill("#nw-name", "tom")
    page.fill("#nw-password", "fout-wachtwoord")
    page.click("#nw-login-submit")
    assert "verkeerd wachtwoord" in page.inner_text("[role=alert]")

    log_in(page, secured_url, "tom")
    assert "Ingelogd als tom (trainer)" in page.inner_text("#nw-user")
    assert "Lesmateriaal" in tab_names(page) and "Beheer" not in tab_names(page)
    ask(page, "Wat is een organisatienetwerk?")
    assert "[1]" in page.inner_text("#nw-chat .nw-answer-text")
    assert page.is_visible("#nw-dl-docx")  # a trainer may download the conversation

    page.click("#nw-logout")
    page.wait_for_selector("#nw-login")
    assert "uitgelogd" in page.inner_text("main")
    page.goto(secured_url)
    page.wait_for_selector("#nw-login")  # the session is over


def test_a_lezer_reaches_no_trainer_or_admin_function(page, secured_url, screens):
    log_in(page, secured_url, "lena")
    assert "Ingelogd als lena (lezer)" in page.inner_text("#nw-user")
    assert tab_names(page) == ["Gesprek", "Bronnen en feedback"]
    ask(page, "Wat doet een netwerkcoördinator?")
    assert not page.is_visible("#nw-dl-md") and not page.is_visible("#nw-dl-docx")
    page.click("#nw-up")  # feedback on one's own answer is allowed
    page.wait_for_selector("#nw-fb-status [data-rating='up']")
    page.click("button[role=tab]:has-text('Bronnen en feedback')")
    assert not page.is_visible("#nw-fb-export")
    screens(page, "11-lezer")

    # the same session calling Gradio's API directly gets no more
    def call(name: str, data: list) -> str:
        r = page.request.post(f"{secured_url}gradio_api/call/{name}", data={"data": data})
        assert r.ok, r.text()
        return page.request.get(f"{secured_url}gradio_api/call/{name}/{r.json()['event_id']}").text()

    assert "Dit mag je rol (lezer) niet" in call("make_handout", [["Binding"]])
    assert "feedback.csv" not in call("export_feedback", [])
    assert "auditlog.csv" not in call("export_audit", [])
    assert page.request.get(f"{secured_url}api/audit").status == 403


def test_a_beheerder_reads_the_audit_log(page, secured_url, screens):
    log_in(page, secured_url, "bea")
    assert tab_names(page) == ["Gesprek", "Lesmateriaal", "Bronnen en feedback", "Documenten", "Beheer"]
    page.click("button[role=tab]:has-text('Beheer')")
    page.click("#nw-admin-refresh")
    page.wait_for_selector("#nw-audit tr[data-event='login']")
    audit = page.inner_text("#nw-audit")
    assert "bea" in audit and "login" in audit
    users = page.inner_text("#nw-users")
    assert "lena" in users and "lezer" in users and "trainer" in users
    screens(page, "12-beheer")


# ---- documents: upload, ask, delete (issue 13) --------------------------------------------------

ZANDBANK = ("Het Kustnetwerk Zandbank telde in 2023 precies zeventien partners. De coördinator van het "
            "netwerk heet Jolanda Vermeer. Zij organiseert elk kwartaal een partneroverleg in Vlissingen.")
MELDPUNT = ("Het Meldpunt Huurachterstanden hielp in 2025 precies 312 huishoudens in Zeeland met een "
            "betalingsregeling.")


@pytest.fixture(scope="module")
def documents_url(embedder, base_settings, tmp_path_factory):
    """An app of its own (its own small index, real model) with lena, tom and bea: uploads
    change this index, never the session's corpus index."""
    from app import build_app
    from assistant.core import Assistant
    from assistant.store import Store
    from ingest import pipeline
    from tests.servers import add_users

    root = tmp_path_factory.mktemp("documents-ui")
    settings = base_settings.replace(data_dir=root / "data")
    start = root / "start"
    start.mkdir()
    (start / "netwerken.md").write_text(EVIL_DOC.replace(SCRIPT_TEXT, "").replace(IMG_TEXT, ""), encoding="utf-8")
    pipeline.run([start], Store.open_for_writing(settings, embedder.model_id, embedder.dimension), embedder)
    add_users(settings)
    with LocalServer(build_app(settings, assistant=Assistant.from_settings(settings, embedder=embedder))) as server:
        yield server.url


def pick(page, selector: str, text: str) -> None:
    """Choose an option of a Gradio dropdown by its visible text."""
    page.click(f"{selector} input")
    page.fill(f"{selector} input", text)
    page.locator("ul.option-list li[role=option]", has_text=text).first.click()


def test_a_beheerder_uploads_asks_and_deletes(page, documents_url, tmp_path, screens):
    from tests.pdfmaker import make_pdf
    from tests.test_documents import make_docx

    docx = tmp_path / "Jaarverslag Zandbank.docx"
    docx.write_bytes(make_docx(ZANDBANK, "Jaarverslag Zandbank"))
    pdf = tmp_path / "meldpunt.pdf"
    pdf.write_bytes(make_pdf(MELDPUNT))
    log_in(page, documents_url, "bea")
    assert "Documenten" in tab_names(page)
    page.click("button[role=tab]:has-text('Documenten')")
    page.set_input_files("#nw-upload input[type=file]", [str(docx), str(pdf)])
    page.wait_for_selector("#nw-upload :text('meldpunt')")  # name and suffix are shown apart
    page.click("#nw-upload-btn")
    page.wait_for_selector("#nw-doc-progress progress")
    screens(page, "13-documenten-bezig")
    page.wait_for_selector("#nw-doc-progress [data-running=false]", timeout=180_000)
    page.wait_for_selector("#nw-doc-admin tr[data-doc='meldpunt'][data-status='klaar']")
    table = page.inner_text("#nw-doc-admin")
    assert "Jaarverslag Zandbank" in table and "Bronnen Netwerkmozaïek" in table
    screens(page, "14-documenten-klaar")

    page.click("button[role=tab]:has-text('Gesprek')")
    # the chat's document filter offers the new documents without reloading the page
    page.click("#nw-docs input")
    page.locator("ul.option-list li[role=option]", has_text="Jaarverslag Zandbank").first.wait_for()
    page.keyboard.press("Escape")
    ask(page, "Hoeveel partners telde het Kustnetwerk Zandbank in 2023?")
    page.wait_for_selector("#nw-chat .nw-source")
    assert "zeventien" in page.inner_text("#nw-chat .nw-answer-text")
    assert "Jaarverslag Zandbank" in page.inner_text("#nw-chat .nw-source")
    ask(page, "Hoeveel huishoudens hielp het Meldpunt Huurachterstanden in 2025?")
    assert "312" in page.locator("#nw-chat .nw-turn").last.inner_text()
    screens(page, "15-antwoord-uit-upload")

    page.click("button[role=tab]:has-text('Documenten')")
    pick(page, "#nw-doc-pick", "Jaarverslag Zandbank")
    page.click("#nw-doc-delete")
    page.wait_for_function("!document.querySelector(\"#nw-doc-admin tr[data-doc='jaarverslag-zandbank']\")")
    page.click("button[role=tab]:has-text('Gesprek')")
    page.click("#nw-docs input")
    page.wait_for_function("""() => { const names = [...document.querySelectorAll('ul.option-list li[role=option]')]
        .map(li => li.innerText); return names.length > 0 && !names.some(n => n.includes('Jaarverslag Zandbank')); }""")
    page.keyboard.press("Escape")
    ask(page, "Hoeveel partners telde het Kustnetwerk Zandbank in 2023?")
    last = page.locator("#nw-chat .nw-turn").last.inner_text()
    assert "zeventien" not in last and "Jaarverslag Zandbank" not in last


def test_a_lezer_sees_no_upload_control(page, documents_url, screens):
    log_in(page, documents_url, "lena")
    assert "Documenten" not in tab_names(page)
    assert not page.is_visible("#nw-upload") and not page.is_visible("#nw-upload-btn")
