"""Roles and what each may do: ``lezer`` < ``trainer`` < ``beheerder``.

A permission belongs to the lowest role that has it; every higher role has it too.
The REST API, the Gradio handlers and the UI all ask ``allowed(role, permission)``,
so this table is the one place that says who may do what.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("lezer", "trainer", "beheerder")

PERMISSIONS = {
    "ask": "lezer",  # ask, search, advice
    "feedback": "lezer",  # thumbs on one's own answers
    "handout": "trainer",  # Lesmateriaal
    "export": "trainer",  # conversation downloads (Markdown, DOCX)
    "documents": "beheerder",
    "feedback_export": "beheerder",
    "users": "beheerder",
    "audit": "beheerder",
}


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: an account, the service key, or the local single user."""

    name: str
    role: str
    via: str  # 'session' | 'api-key' | 'service-key' | 'local' | 'oidc'

    def may(self, permission: str) -> bool:
        return allowed(self.role, permission)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}. Known: {', '.join(ROLES)}")
    return role


def allowed(role: str, permission: str) -> bool:
    needed = PERMISSIONS[permission]
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)
