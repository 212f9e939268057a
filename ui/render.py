"""Pure rendering: conversation turns, answers, sources, passages and the mozaiek → HTML.

Everything that comes from outside (questions, answers, document text, titles) is
escaped here and nowhere else; the only markup in the output is ours. Answer text is
Markdown (advice always is, an LLM's answer may be): it is rendered with raw HTML off
and images off, then every ``[n]`` that maps to a citation becomes a link to the source
panel under the answer (``<details id="nw-src-T-N">``), which holds the title, the
section and the whole passage with the cited sentence(s) in ``<mark>``.

No gradio here: these functions take plain objects and return strings, so the unit
tests can check them without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt

from assistant.bouwstenen import BOUWSTENEN
from assistant.types import Answer, Citation, Passage

CITE = re.compile(r"\[(\d{1,3})\]")
QUOTE_SEP = " … "

MODE_LABELS = {
    "answer": "Vraag",
    "advice": "Advies volgens het Netwerkmozaïek",
    "search": "Zoeken in de bronnen",
}

# the words around an answer follow the answer's language (an English question gets an
# English frame around the Dutch quotes; its badge and headings should not switch back)
ANSWER_WORDS = {
    "nl": {"partial": "Gedeeltelijk beantwoord", "not_covered": "Niet in de bronnen", "sources": "Bronnen",
           "sources_hint": "klik op een [n] of een bron om de passage te zien",
           "related": "Passages die er het dichtst bij komen (wel gerelateerd, geen antwoord)"},
    "en": {"partial": "Partly answered", "not_covered": "Not in the sources", "sources": "Sources (in Dutch)",
           "sources_hint": "click an [n] or a source to see the passage",
           "related": "Closest passages (related, not an answer)"},
}

EXAMPLE_QUESTIONS = (
    "Wat is een organisatienetwerk?",
    "Onze partners haken af. Wat kunnen we doen?",
    "Wat is het verschil tussen samenwerken en een organisatienetwerk?",
    "How do you keep partners committed to a network?",
)

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image", "html_block", "html_inline"])


def safe_link(url: str) -> bool:
    """Only absolute https: links to a named host become links; ``//host``, ``javascript:``,
    ``mailto:``, ``data:``, relative and ``http:`` links stay text."""
    url = url.strip()
    return re.fullmatch(r"(?i)https://[^/\\\s@?#]+(?:[/?#]\S*)?", url) is not None


def _host(url: str) -> str:
    return re.sub(r"(?i)^https://([^/?#\s]+).*$", r"\1", url.strip())


def _link_open(renderer, tokens, idx, options, env):
    token = tokens[idx]
    token.attrSet("rel", "noopener noreferrer nofollow")
    token.attrSet("target", "_blank")
    env.setdefault("nw_links", []).append(_host(token.attrGet("href") or ""))
    return renderer.renderToken(tokens, idx, options, env)


def _link_close(renderer, tokens, idx, options, env):
    # the host the link really goes to, after its text: a link cannot pose as another site
    hosts = env.get("nw_links") or [""]
    return f'</a><span class="nw-link-host"> ({h(hosts.pop())})</span>'


_md.validateLink = safe_link
_md.add_render_rule("link_open", _link_open)
_md.add_render_rule("link_close", _link_close)


def h(text: Any) -> str:
    """Escape for element content and attribute values."""
    return escape("" if text is None else str(text), quote=True)


def table(headers: Sequence[str], rows: str, css: str = "", table_id: str = "") -> str:
    """An admin-style table (class ``nw-docs``): escaped header cells around ``rows``, which
    the caller has already built (and escaped) as ``<tr>`` elements."""
    head = "".join(f"<th>{h(x)}</th>" for x in headers)
    attrs = f' class="nw-docs{" " + css if css else ""}"' + (f' id="{h(table_id)}"' if table_id else "")
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


# ---- answer text ----------------------------------------------------------------------


def markdown_html(text: str, cite_ids: dict[int, str] | None = None) -> str:
    """Markdown (raw HTML shown as text) → HTML; ``[n]`` in ``cite_ids`` → a source link."""
    html = _md.render(text or "", {})
    if not cite_ids:
        return html
    return _link_citations(html, cite_ids)


def _link_citations(html: str, cite_ids: dict[int, str]) -> str:
    out, in_link = [], 0
    for part in re.split(r"(<[^>]*>)", html):
        if part.startswith("<"):
            if re.match(r"<(a|code)\b", part):
                in_link += 1
            elif re.match(r"</(a|code)>", part):
                in_link = max(0, in_link - 1)
            out.append(part)
        elif in_link:
            out.append(part)
        else:
            out.append(CITE.sub(lambda m: _cite_link(m, cite_ids), part))
    return "".join(out)


def _cite_link(m: re.Match, cite_ids: dict[int, str]) -> str:
    n = int(m.group(1))
    target = cite_ids.get(n)
    if target is None:
        return m.group(0)
    return (f'<a class="nw-cite" href="#{target}" data-src="{target}" '
            f'title="Toon bron {n}" role="button">[{n}]</a>')


# ---- quotes in passages -----------------------------------------------------------------


def quote_parts(quote: str) -> list[str]:
    """A citation's quote is one or more verbatim parts joined by ' … '."""
    return [p.strip() for p in (quote or "").split(QUOTE_SEP) if p.strip()]


def find_span(passage: str, part: str) -> tuple[int, int] | None:
    """Where ``part`` lies in ``passage``: exact, else word by word ignoring case/spaces."""
    if not part:
        return None
    i = passage.find(part)
    if i >= 0:
        return i, i + len(part)
    p_words = [(m.start(), m.end(), m.group().casefold()) for m in re.finditer(r"\S+", passage)]
    q_words = [w.casefold() for w in part.split()]
    n = len(q_words)
    if not n or n > len(p_words):
        return None
    keys = [w for _, _, w in p_words]
    for s in range(len(p_words) - n + 1):
        if keys[s:s + n] == q_words:
            return p_words[s][0], p_words[s + n - 1][1]
    return None


def highlight(passage: str, quote: str) -> tuple[str, list[str]]:
    """(escaped passage with the quote's parts in <mark>, parts not found in it)."""
    spans, missing = [], []
    for part in quote_parts(quote):
        span = find_span(passage, part)
        if span is None:
            missing.append(part)
        else:
            spans.append(span)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(h(passage[pos:start]))
        out.append(f"<mark>{h(passage[start:end])}</mark>")
        pos = end
    out.append(h(passage[pos:]))
    return "".join(out), missing


# ---- one answer ---------------------------------------------------------------------------


def source_id(turn: int, n: int) -> str:
    return f"nw-src-{turn}-{n}"


def render_citation(c: Citation, turn: int) -> str:
    passage = c.passage or ""
    if passage:
        body, missing = highlight(passage, c.quote)
    else:
        body, missing = "", quote_parts(c.quote)
    extra = "".join(f'<blockquote class="nw-quote"><mark>{h(p)}</mark></blockquote>'
                    for p in missing)
    section = (f'<span class="nw-src-section"> — {h(c.section)}</span>'
               if c.section and c.section != c.title else "")
    passage_html = f'<div class="nw-src-passage">{body}</div>' if body else ""
    return (
        f'<details class="nw-source" id="{source_id(turn, c.n)}" data-n="{c.n}">'
        f'<summary><span class="nw-src-n">[{c.n}]</span> '
        f'<span class="nw-src-title">{h(c.title)}</span>{section}</summary>'
        f'<div class="nw-src-body">{extra}{passage_html}'
        f'<div class="nw-src-meta">document: {h(c.doc_id)} · passage: {h(c.chunk_id)}</div>'
        f"</div></details>"
    )


def render_sources(citations: Sequence[Citation], turn: int, language: str = "nl") -> str:
    if not citations:
        return ""
    items = "".join(render_citation(c, turn) for c in citations)
    said = ANSWER_WORDS.get(language, ANSWER_WORDS["nl"])
    return (f'<div class="nw-sources"><div class="nw-sources-title">{h(said["sources"])} '
            f'<span class="nw-hint">({h(said["sources_hint"])})</span>'
            f"</div>{items}</div>")


def render_answer(answer: Answer, turn: int) -> str:
    """The body of an assistant message: note, text with linked [n], sources, related."""
    cite_ids = {c.n: source_id(turn, c.n) for c in answer.citations}
    parts = []
    language = "en" if getattr(answer, "language", "nl") == "en" else "nl"
    said = ANSWER_WORDS[language]
    status = getattr(answer, "status", "answered")
    badge = said.get(status) if status in ("partial", "not_covered") else None
    if badge and answer.mode == "answer":
        parts.append(f'<div class="nw-badge nw-status-{h(answer.status)}">{h(badge)}</div>')
    if answer.note:
        parts.append(f'<div class="nw-note">{h(answer.note)}</div>')
    cls = "nw-answer-text nw-abstained" if answer.abstained else "nw-answer-text"
    parts.append(f'<div class="{cls}">{markdown_html(answer.text, cite_ids)}</div>')
    parts.append(render_sources(answer.citations, turn, language))
    if answer.related:
        parts.append('<div class="nw-related"><div class="nw-sources-title">'
                     + h(said["related"])
                     + "</div>" + render_passages(answer.related, turn, compact=True) + "</div>")
    if answer.flags:
        flags = "".join(f"<li>{h(f)}</li>" for f in answer.flags)
        parts.append(f'<details class="nw-flags"><summary>Controlemeldingen '
                     f"({len(answer.flags)})</summary><ul>{flags}</ul></details>")
    return "".join(parts)


def render_passages(passages: Sequence[Passage], turn: int, compact: bool = False) -> str:
    if not passages:
        return '<div class="nw-empty-result">Geen passages gevonden.</div>'
    out = []
    for i, p in enumerate(passages, 1):
        section = (f'<span class="nw-src-section"> — {h(p.section)}</span>'
                   if p.section and p.section != p.title else "")
        tags = "".join(f'<span class="nw-tag nw-b-{slug(b)}">{h(b)}</span>' for b in p.bouwstenen)
        score = (f'<span class="nw-score" title="dense {p.dense_score:.3f} · lexicaal '
                 f'{p.lexical_score:.3f}">score {p.score:.4f}</span>')
        head = (f'<span class="nw-src-n">#{i}</span> <span class="nw-src-title">{h(p.title)}'
                f"</span>{section} {score}{tags}")
        body = f'<div class="nw-src-passage">{h(p.text)}</div>'
        meta = f'<div class="nw-src-meta">document: {h(p.doc_id)} · passage: {h(p.chunk_id)}</div>'
        pid = f"nw-hit-{turn}-{i}"
        if compact:
            out.append(f'<details class="nw-passage" id="{pid}"><summary>{head}</summary>'
                       f'<div class="nw-src-body">{body}{meta}</div></details>')
        else:
            out.append(f'<div class="nw-passage nw-hit" id="{pid}"><div class="nw-hit-head">'
                       f"{head}</div>{body}{meta}</div>")
    return "".join(out)


# ---- the conversation -------------------------------------------------------------------


def render_turn(turn: Any, index: int) -> str:
    """One question and what came back; ``turn`` is a ``ui.state.Turn``."""
    mode = MODE_LABELS.get(turn.mode, turn.mode)
    filters = ""
    if turn.doc_ids or turn.bouwstenen:
        what = ", ".join(list(turn.doc_ids) + list(turn.bouwstenen))
        filters = f'<span class="nw-filters">filter: {h(what)}</span>'
    user = (f'<div class="nw-msg nw-user"><div class="nw-who">Jij <span class="nw-mode">{h(mode)}'
            f"</span>{filters}</div><div class=\"nw-question\">{h(turn.question)}</div></div>")
    body = []
    query = turn.answer.query if turn.answer is not None else turn.query
    if query and query.strip() != turn.question.strip():
        body.append(f'<div class="nw-rewritten">Zoekvraag: {h(query)}</div>')
    if turn.error:
        body.append(f'<div class="nw-error" role="alert"><strong>{h(turn.error)}</strong>')
        if turn.error_detail:
            body.append(f'<div class="nw-error-detail">{h(turn.error_detail)}</div>')
        body.append("</div>")
    elif turn.mode == "search":
        if turn.done:
            n = len(turn.passages)
            body.append(f'<div class="nw-search-head">{n} {"passage" if n == 1 else "passages"} '
                        "gevonden (gerangschikt op relevantie)</div>")
            body.append(render_passages(turn.passages, index))
        else:
            body.append(_working("Zoeken in de bronnen…"))
    elif turn.answer is not None:
        body.append(render_answer(turn.answer, index))
    else:
        if turn.partial:
            body.append(f'<div class="nw-answer-text nw-streaming">{markdown_html(turn.partial)}'
                        "</div>")
        body.append(_working("Antwoord wordt opgesteld…" if turn.partial else "Zoeken…"))
    bot = (f'<div class="nw-msg nw-bot" data-turn="{index}"><div class="nw-who">Netwerkwijzer'
           f"</div>{''.join(body)}</div>")
    return f'<div class="nw-turn" id="nw-turn-{index}">{user}{bot}</div>'


def _working(label: str) -> str:
    return f'<div class="nw-working"><span class="nw-dots"></span>{h(label)}</div>'


def render_conversation(turns: Sequence[Any]) -> str:
    if not turns:
        return render_welcome()
    return ('<div class="nw-conversation">'
            + "".join(render_turn(t, i) for i, t in enumerate(turns)) + "</div>")


def render_welcome() -> str:
    return (
        '<div class="nw-welcome"><h2>Welkom bij de Netwerkwijzer</h2>'
        "<p>Stel een vraag over organisatienetwerken. Elk antwoord komt uit een kleine "
        "bibliotheek van Nederlandse rapporten, artikelen en interviews, met de bron bij elke "
        "bewering: klik op <span class=\"nw-cite-sample\">[1]</span> om de passage te lezen. "
        "Vragen in het Engels mogen ook.</p>"
        "<ul><li><b>Vraag</b>: een antwoord met bronnen.</li>"
        "<li><b>Advies volgens het Netwerkmozaïek</b>: beschrijf je situatie; je krijgt de "
        "passende bouwstenen, vragen voor je partners en een eerste stap.</li>"
        "<li><b>Zoeken in de bronnen</b>: de passages zelf, met scores en filters.</li></ul>"
        "<p>Probeer een van de voorbeeldvragen hieronder.</p></div>"
    )


# ---- status -----------------------------------------------------------------------------


def render_status(kind: str, message: str) -> str:
    """kind: 'loading' | 'building' | 'ready' | 'error'."""
    icon = {"loading": "⏳", "building": "⏳", "ready": "●", "error": "⚠"}.get(kind, "")
    return (f'<div class="nw-status nw-status-{h(kind)}" role="status" data-status="{h(kind)}">'
            f'<span class="nw-status-icon">{icon}</span> {h(message)}</div>')


# ---- the Netwerkmozaïek -----------------------------------------------------------------


def render_mozaiek(mozaiek: dict | None, lit: Iterable[str] = (), prefix: str = "moz",
                   note: str = "") -> str:
    """The seven blocks as a mosaic (CSS grid); ``lit`` blocks light up.

    Clicking a tile shows the block's tagline, explanation and questions. That works
    without script: every tile is a <label> for a hidden radio button and the CSS shows
    the panel of the checked one (see ``ui.assets``)."""
    by_name = {b.get("name"): b for b in (mozaiek or {}).get("blocks", [])}
    lit = [b for b in lit if b in BOUWSTENEN]
    radios, tiles, panels = [], [], []
    for i, name in enumerate(BOUWSTENEN):
        block = by_name.get(name)
        rid = f"nw-{prefix}-r{i}"
        radios.append(f'<input type="radio" class="nw-moz-radio nw-moz-radio-{i}" '
                      f'name="nw-{prefix}-block" id="{rid}">')
        cls = f"nw-tile nw-tile-{i} nw-b-{slug(name)}" + (" nw-lit" if name in lit else "")
        tagline = h(block.get("tagline", "")) if block else ""
        tiles.append(f'<label for="{rid}" class="{cls}" data-block="{h(name)}" tabindex="0" '
                     f'title="Klik voor uitleg en vragen">'
                     f'<span class="nw-tile-name">{h(name)}</span>'
                     f'<span class="nw-tile-tag">{tagline}</span></label>')
        panels.append(f'<div class="nw-moz-panel nw-panel-{i} nw-b-{slug(name)}" '
                      f'data-block="{h(name)}">{_block_panel(name, block)}</div>')
    state = " nw-has-lit" if lit else ""
    legend = ""
    if lit:
        legend = (f'<div class="nw-moz-legend">Gekozen bouwstenen: '
                  f"{h(', '.join(lit))}</div>")
    hint = note or "Klik op een bouwsteen voor uitleg en vragen."
    return (f'<div class="nw-mozaiek{state}" data-lit="{h("|".join(lit))}">'
            f'<div class="nw-moz-title">Netwerkmozaïek</div>{legend}'
            f"{''.join(radios)}"
            f'<div class="nw-moz-grid">{"".join(tiles)}</div>'
            f'<div class="nw-moz-hint">{h(hint)}</div>'
            f'<div class="nw-moz-panels">{"".join(panels)}</div></div>')


def _block_panel(name: str, block: dict | None) -> str:
    if block is None:
        return (f"<h3>{h(name)}</h3><p class=\"nw-muted\">De uitleg van deze bouwsteen is nog "
                "niet beschikbaar (de index wordt geladen of bevat het magazine niet).</p>")
    expl = [block.get("explanation", {}).get("text", "")]
    expl += [i.get("text", "") for i in block.get("explanation_more", [])]
    parts = [f"<h3>{h(name)}</h3>",
             f'<p class="nw-moz-tagline">{h(block.get("tagline", ""))}</p>']
    parts += [f"<p>{h(t)}</p>" for t in expl if t]
    for key, title in (("key_questions", "Kernvragen"), ("deeper_questions", "Verdiepende vragen")):
        qs = [q.get("text", "") for q in block.get(key, [])]
        if qs:
            parts.append(f"<h4>{title}</h4><ul>" + "".join(f"<li>{h(q)}</li>" for q in qs)
                         + "</ul>")
    links = block.get("links", [])
    if links:
        parts.append("<h4>Stem af met</h4><ul>" + "".join(
            f"<li><b>{h(x.get('target', ''))}</b>: {h(x.get('text', ''))}</li>" for x in links)
            + "</ul>")
    return "".join(parts)
