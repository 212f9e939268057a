"""Pure rendering for the signed-in user's badge and the Beheer tab (users, audit log).

Like ``ui.render``: plain objects in, escaped HTML out, no gradio.
"""

from __future__ import annotations

from collections.abc import Sequence

from ui.render import h, table

ROLE_LABELS = {"lezer": "lezer", "trainer": "trainer", "beheerder": "beheerder"}


def render_user_badge(principal, auth_on: bool) -> str:
    """Who is signed in, with a log-out link; or that the app runs locally without accounts."""
    if principal is None:
        return '<div class="nw-user-badge">Niet ingelogd · <a href="/login">Inloggen</a></div>'
    if principal.via == "local":
        return ('<div class="nw-user-badge" data-role="beheerder">Lokaal gebruik zonder accounts '
                "(alle rechten, alleen op deze computer)</div>")
    logout = ('<form method="post" action="/logout" class="nw-logout-form">'
              '<button type="submit" id="nw-logout">Uitloggen</button></form>') if auth_on else ""
    return (f'<div class="nw-user-badge" data-role="{h(principal.role)}">Ingelogd als '
            f'<b>{h(principal.name)}</b> ({h(ROLE_LABELS.get(principal.role, principal.role))}) {logout}</div>')


def render_users(users: Sequence) -> str:
    if not users:
        return '<p class="nw-muted">Nog geen accounts.</p>'
    rows = "".join(
        f"<tr><td>{h(u.name)}</td><td>{h(u.role)}</td><td>{'ja' if u.has_password else 'nee'}</td>"
        f"<td>{'ja' if u.oidc else 'nee'}</td><td>{h(u.api_keys)}</td><td>{h(u.created)}</td></tr>"
        for u in users)
    return table(("Naam", "Rol", "Wachtwoord", "SSO", "API-sleutels", "Sinds"), rows, css="nw-users")


def render_audit(rows: Sequence[dict]) -> str:
    if not rows:
        return '<p class="nw-muted">Het auditlog is nog leeg.</p>'
    body = "".join(
        f'<tr data-event="{h(r["event"])}"><td>{h(r["time"])}</td><td>{h(r["user"])}</td>'
        f'<td>{h(r["event"])}</td><td>{h(r["detail"])}</td><td>{h(r["ip"])}</td></tr>'
        for r in rows)
    return table(("Tijd (UTC)", "Gebruiker", "Gebeurtenis", "Details", "IP"), body, css="nw-audit")
