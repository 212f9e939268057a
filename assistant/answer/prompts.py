"""Prompts are data, rendered by pure functions: testable without any LLM."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.store import StoredChunk

SYSTEM = (
    "Je bent Netwerkwijzer, een assistent voor bestuurders en netwerkmanagers die werken in "
    "organisatienetwerken. Je antwoordt uitsluitend op basis van de genummerde bronpassages "
    "die je krijgt. Zet achter elke zin de bron waarop die zin rust, als [n], met n het "
    "nummer van de passage. Gebruik geen andere nummers dan die van de gegeven passages. "
    "Voeg geen kennis van buiten de passages toe. Staat het antwoord niet in de passages, "
    "zeg dat dan eerlijk in één zin. Antwoord in de taal van de vraag ({language}), "
    "beknopt: 2 tot 6 zinnen."
)

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "Engels (English)"}

ADVICE_SYSTEM = SYSTEM + (
    " Dit is een adviesvraag. Structureer het advies per gekozen bouwsteen van het "
    "Netwerkmozaïek met precies deze kopjes per bouwsteen: '## <bouwsteen>', "
    "'Wat de bronnen zeggen', 'Vragen om met de partners te bespreken', 'Praktijkvoorbeeld', "
    "'Stem af met', en sluit af met '## Eerste stap'. Elke bewering krijgt een [n]."
)

CONDENSE = (
    "Herschrijf de laatste vraag tot één zelfstandige zoekvraag, zodat die zonder het "
    "gesprek te begrijpen is. Geef alleen de zoekvraag.\n\nGesprek:\n{history}\n\n"
    "Laatste vraag: {question}\nZelfstandige zoekvraag:"
)


def render_sources(chunks: Sequence[StoredChunk]) -> str:
    parts = []
    for n, c in enumerate(chunks, start=1):
        where = f"{c.title} — {c.section}" if c.section else c.title
        parts.append(f"[{n}] ({where})\n{c.text}")
    return "\n\n".join(parts)


def answer_messages(question: str, chunks: Sequence[StoredChunk], language: str,
                    advice_outline: str = "") -> list[tuple[str, str]]:
    """(role, content) pairs; the LLM adapter turns them into its own message type."""
    system = (ADVICE_SYSTEM if advice_outline else SYSTEM).format(
        language=LANGUAGE_NAMES.get(language, language))
    user = f"Bronpassages:\n\n{render_sources(chunks)}\n\n"
    if advice_outline:
        user += f"Gekozen bouwstenen en hun vragen:\n{advice_outline}\n\n"
    user += f"Vraag: {question}"
    return [("system", system), ("user", user)]


def condense_prompt(history: Sequence[dict], question: str) -> str:
    lines = [f"{turn.get('role', 'user')}: {turn.get('content', '')}" for turn in history[-6:]]
    return CONDENSE.format(history="\n".join(lines), question=question)
