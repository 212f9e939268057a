"""Pure rendering for the Documenten tab (beheerder): the documents with their collection,
passages, status and ingest time, and the progress of the running ingest.

Like ``ui.render``: plain dicts in, escaped HTML out, no gradio. Titles, file names and
reasons come from outside, so every one goes through ``h``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ui.render import h, table

STATUS = {"klaar": "klaar", "wachtend": "wacht", "bezig": "wordt ingelezen", "fout": "fout"}


def render_documents(docs: Sequence[dict]) -> str:
    if not docs:
        return '<p class="nw-muted">Nog geen documenten.</p>'
    rows = "".join(
        f'<tr data-doc="{h(d["doc_id"])}" data-status="{h(d["status"])}"><td>{h(d["title"])}</td>'
        f'<td><code>{h(d["doc_id"])}</code></td><td>{h(d.get("collection_name") or d["collection"])}</td>'
        f'<td>{h(d.get("chunks", 0))}{_merged(d)}</td><td class="nw-status-{h(d["status"])}">'
        f'{h(STATUS.get(d["status"], d["status"]))}'
        + (f'<div class="nw-error-detail">{h(d["reason"])}</div>' if d.get("reason") else "")
        + f'</td><td>{h((d.get("ingested") or "").replace("T", " ")[:16])}</td>'
        f'<td>{"geüpload" if d.get("uploaded") else "corpus/"}</td></tr>'
        for d in docs)
    return table(("Titel", "id", "Collectie", "Passages", "Status", "Ingelezen", "Bron"), rows,
                 table_id="nw-doc-table")


def _merged(d: dict) -> str:
    """'+ 14 samengevoegd in kenis-interview (14)': passages of another copy that stand for
    this document's collapsed ones."""
    into = d.get("merged_into") or {}
    if not into:
        return ""
    where = ", ".join(f"{h(k)} ({h(n)})" for k, n in sorted(into.items()))
    return f'<div class="nw-muted nw-merged">+ {h(sum(into.values()))} samengevoegd in {where}</div>'


def render_collapsed(passages: Sequence[dict]) -> str:
    """Every passage kept once for several documents, with the copies it stands for."""
    if not passages:
        return ""
    rows = "".join(
        f'<tr data-chunk="{h(p["chunk_id"])}"><td>{h(p["excerpt"])}</td><td><code>{h(p["doc_id"])}</code></td>'
        f'<td>{", ".join(f"<code>{h(o)}</code>" for o in p["also_in"])}</td></tr>' for p in passages)
    return (f'<details class="nw-collapsed"><summary>Samengevoegde passages ({len(passages)}): dubbele '
            "passages staan één keer in de index, bij de schoonste kopie</summary>"
            + table(("Passage", "Bewaard in", "Ook in"), rows) + "</details>")


def render_progress(p: dict, refused: Sequence[tuple[str, str]] = ()) -> str:
    """The progress bar of the running ingest (documents, passages, time left) and the files
    refused at upload or failed in the ingest, each by name with the reason."""
    parts = []
    if p.get("documents"):
        done, total = int(p.get("done", 0)), int(p.get("documents", 0))
        chunks, chunks_total = int(p.get("chunks", 0)), int(p.get("chunks_total", 0))
        share = (done + (chunks / chunks_total if chunks_total else 0)) / total if total else 1.0
        if p.get("running"):
            left = p.get("seconds_left")
            eta = f" · nog ongeveer {_duration(left)}" if left is not None else ""
            now = (f"{h(p['current'])}: {chunks} van {chunks_total or '?'} passages ingebed"
                   if p.get("current") else "wordt voorbereid")
            text = f"{done} van {total} documenten klaar · {now}{eta}"
        else:
            text = f"Klaar: {total} {'document' if total == 1 else 'documenten'} verwerkt."
        parts.append(f'<div class="nw-progress" data-running="{str(bool(p.get("running"))).lower()}">'
                     f'<progress max="100" value="{round(100 * share)}"></progress> <span>{text}</span></div>')
    bad = [*refused, *((f["file"], f["reason"]) for f in p.get("failed", ()))]
    if bad:
        items = "".join(f"<li><b>{h(name)}</b>: {h(reason)}</li>" for name, reason in bad)
        parts.append(f'<div class="nw-error" id="nw-doc-refused">Niet toegevoegd:<ul>{items}</ul></div>')
    return "".join(parts)


def _duration(seconds: float) -> str:
    seconds = max(0, round(float(seconds)))
    return f"{seconds} s" if seconds < 90 else f"{round(seconds / 60)} min"
