"""The page's CSS and the one small script (opening a source when its [n] is clicked).

Colours come from Gradio's theme variables where they exist, so light and dark mode
both work; the seven block colours are our own.
"""

from __future__ import annotations

from assistant.bouwstenen import BOUWSTENEN
from ui.render import slug

BLOCK_COLOURS = {
    "Opgave": "#2f6f8f",
    "Waarde": "#c9822b",
    "Samen doen": "#4f8a4b",
    "Verankering": "#7a5195",
    "Deelname": "#b5485d",
    "Binding": "#2a9d8f",
    "Organisatie": "#5c6b7a",
}

# Clicking a [n] opens its source panel under the answer and scrolls to it. Without
# script the link still jumps to the (closed) panel, and every panel opens by click.
CITE_JS = """
element.addEventListener('click', function (ev) {
  var a = ev.target.closest ? ev.target.closest('a.nw-cite') : null;
  if (!a) { return; }
  ev.preventDefault();
  var d = element.querySelector('[id="' + a.getAttribute('data-src') + '"]');
  if (!d) { return; }
  d.open = true;
  d.classList.remove('nw-flash');
  void d.offsetWidth;
  d.classList.add('nw-flash');
  d.scrollIntoView({behavior: 'smooth', block: 'center'});
});
"""


def _mosaic_rules() -> str:
    rules = []
    for i, name in enumerate(BOUWSTENEN):
        colour = BLOCK_COLOURS[name]
        rules.append(f".nw-b-{slug(name)} {{ --nw-block: {colour}; }}")
        rules.append(f".nw-tile-{i} {{ grid-area: a{i}; }}")
        rules.append(f".nw-moz-radio-{i}:checked ~ .nw-moz-panels .nw-panel-{i} "
                     "{ display: block; }")
        rules.append(f".nw-moz-radio-{i}:checked ~ .nw-moz-grid .nw-tile-{i} "
                     "{ box-shadow: 0 0 0 3px var(--body-background-fill), "
                     "0 0 0 6px var(--nw-block); }")
    return "\n".join(rules)


CSS = """
.nw-header h1 { margin: 0; font-size: 1.6rem; }
.nw-header p { margin: .2rem 0 0; color: var(--body-text-color-subdued); }
.nw-status { padding: .45rem .8rem; border-radius: 8px; font-size: .92rem; }
.nw-status-ready { background: rgba(79,138,75,.12); }
.nw-status-ready .nw-status-icon { color: #4f8a4b; }
.nw-status-loading, .nw-status-building { background: rgba(201,130,43,.16); }
.nw-status-error { background: rgba(181,72,93,.16); }

#nw-chat { min-height: 200px; }
.nw-welcome { padding: .5rem 1rem; border: 1px dashed var(--border-color-primary);
  border-radius: 12px; }
.nw-welcome h2 { margin-top: .3rem; }
.nw-cite-sample, a.nw-cite { display: inline-block; padding: 0 .28em; margin: 0 .05em;
  border-radius: 5px; background: rgba(47,111,143,.14); color: #2f6f8f; font-weight: 600;
  font-size: .85em; text-decoration: none; cursor: pointer; line-height: 1.35; }
a.nw-cite:hover, a.nw-cite:focus { background: #2f6f8f; color: #fff; }
.dark .nw-cite-sample, .dark a.nw-cite { color: #9fd0ea; }
.nw-turn { margin-bottom: 1.2rem; }
.nw-msg { padding: .6rem .9rem; border-radius: 12px; margin: .35rem 0; }
.nw-user { background: rgba(47,111,143,.09); margin-left: 12%; }
.nw-bot { border: 1px solid var(--border-color-primary); margin-right: 4%; }
.nw-who { font-size: .78rem; font-weight: 600; color: var(--body-text-color-subdued);
  margin-bottom: .25rem; }
.nw-mode, .nw-filters { font-weight: 400; margin-left: .5rem; padding: 0 .4rem;
  border-radius: 6px; background: var(--background-fill-primary); }
.nw-question { white-space: pre-wrap; }
.nw-question, .nw-answer-text, .nw-src-passage, .nw-quote, .nw-error { overflow-wrap: anywhere; }
.nw-rewritten { font-size: .85rem; color: var(--body-text-color-subdued); font-style: italic;
  margin-bottom: .3rem; }
.nw-note { font-size: .9rem; font-style: italic; margin-bottom: .4rem; }
.nw-badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .1rem .5rem;
            border-radius: .6rem; margin-bottom: .4rem; }
.nw-status-partial { background: #fff4d6; color: #7a5300; border: 1px solid #e7c66b; }
.nw-status-not_covered { background: #eef0f3; color: #444; border: 1px solid #c9ced6; }
.nw-answer-text p { margin: .35rem 0; }
#nw-chat .nw-answer-text h2 { font-size: 1.08rem; margin: .9rem 0 .3rem; }
#nw-chat .nw-answer-text h3 { font-size: 1rem; margin: .7rem 0 .2rem; }
.nw-abstained { color: var(--body-text-color-subdued); }
.nw-error { border-left: 4px solid #b5485d; padding: .4rem .7rem;
  background: rgba(181,72,93,.08); border-radius: 6px; }
.nw-error-detail { font-size: .82rem; color: var(--body-text-color-subdued); margin-top: .2rem; }
.nw-working { font-size: .88rem; color: var(--body-text-color-subdued); }
.nw-dots::before { content: "●"; animation: nw-pulse 1s infinite; margin-right: .4rem; }
@keyframes nw-pulse { 50% { opacity: .2; } }
.nw-sources, .nw-related { margin-top: .7rem; }
.nw-sources-title { font-size: .82rem; font-weight: 600; margin-bottom: .25rem; }
.nw-hint { font-weight: 400; color: var(--body-text-color-subdued); }
details.nw-source, details.nw-passage, .nw-hit { border: 1px solid var(--border-color-primary);
  border-radius: 8px; margin: .3rem 0; padding: .25rem .6rem; }
details.nw-source > summary, details.nw-passage > summary { cursor: pointer; font-size: .9rem; }
details.nw-source[open] { background: var(--background-fill-secondary); }
.nw-src-n { font-weight: 700; color: #2f6f8f; margin-right: .2rem; }
.nw-src-title { font-weight: 600; }
.nw-src-section { color: var(--body-text-color-subdued); }
.nw-src-body { padding: .3rem 0; }
.nw-src-passage { white-space: pre-wrap; font-size: .9rem; line-height: 1.5;
  max-height: 22rem; overflow: auto; padding: .4rem .6rem; border-radius: 6px;
  background: var(--background-fill-primary); }
.nw-src-passage mark, .nw-quote mark { background: #ffe58a; color: #222; padding: 0 .1em;
  border-radius: 3px; }
.nw-src-meta { font-size: .75rem; color: var(--body-text-color-subdued); margin-top: .25rem; }
.nw-score { font-size: .78rem; color: var(--body-text-color-subdued); margin-left: .4rem; }
.nw-tag { font-size: .72rem; color: #fff; background: var(--nw-block, #5c6b7a);
  border-radius: 5px; padding: 0 .35rem; margin-left: .3rem; }
.nw-search-head { font-size: .85rem; color: var(--body-text-color-subdued); }
.nw-flash { animation: nw-flash 1.2s ease-out; }
@keyframes nw-flash { 0% { box-shadow: 0 0 0 4px #ffe58a; } 100% { box-shadow: none; } }
details.nw-flags { font-size: .78rem; color: var(--body-text-color-subdued); margin-top: .4rem; }
.nw-examples button { font-size: .88rem !important; }
#nw-feedback { gap: .3rem; }
#nw-feedback button { max-width: 9rem; }
.nw-feedback-ok { color: #4f8a4b; font-size: .9rem; }

.nw-mozaiek { border: 1px solid var(--border-color-primary); border-radius: 12px;
  padding: .7rem; }
.nw-moz-title { font-weight: 700; margin-bottom: .4rem; }
.nw-moz-legend { font-size: .85rem; margin-bottom: .4rem; }
.nw-moz-radio { position: absolute; opacity: 0; pointer-events: none; width: 0; height: 0; }
.nw-moz-grid { display: grid; gap: 6px; grid-template-columns: 1fr 1fr 1fr;
  grid-template-areas: "a0 a0 a1" "a0 a0 a2" "a3 a4 a5" "a6 a6 a5"; }
.nw-tile { background: var(--nw-block); color: #fff; border-radius: 8px; padding: .55rem;
  min-height: 64px; cursor: pointer; display: flex; flex-direction: column;
  justify-content: flex-end; transition: opacity .3s, transform .2s; position: relative; }
.nw-tile:hover { transform: scale(1.02); }
.nw-mozaiek .nw-tile .nw-tile-name { font-weight: 700; font-size: .98rem; color: #fff; }
.nw-mozaiek .nw-tile .nw-tile-tag { font-size: .72rem; opacity: .92; line-height: 1.2;
  color: #fff; }
.nw-has-lit .nw-tile { opacity: .4; filter: grayscale(.7); }
.nw-has-lit .nw-tile.nw-lit { opacity: 1; filter: none;
  box-shadow: 0 0 0 3px #ffe58a, 0 0 14px 4px rgba(255,215,90,.7); }
.nw-tile.nw-lit::after { content: "✓"; position: absolute; top: .3rem; right: .35rem;
  width: 1.3rem; height: 1.3rem; line-height: 1.3rem; text-align: center; color: #222;
  font-size: .8rem; font-weight: 700; background: #ffe58a; border-radius: 50%; }
.nw-moz-hint { font-size: .8rem; color: var(--body-text-color-subdued); margin-top: .4rem; }
.nw-moz-radio:checked ~ .nw-moz-hint { display: none; }
.nw-moz-panel { display: none; margin-top: .6rem; border-left: 5px solid var(--nw-block);
  padding: .2rem .8rem; font-size: .9rem; max-height: 70vh; overflow: auto; }
.nw-moz-panel h3 { margin: .2rem 0; }
.nw-moz-panel h4 { margin: .6rem 0 .2rem; font-size: .9rem; }
.nw-moz-tagline { font-style: italic; }
.nw-muted { color: var(--body-text-color-subdued); }
.nw-handout { border: 1px solid var(--border-color-primary); border-radius: 12px;
  padding: .4rem 1rem; }
.nw-handout blockquote { border-left: 3px solid var(--border-color-primary); margin-left: 0;
  padding-left: .8rem; }
""" + _mosaic_rules()
