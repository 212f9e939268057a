"""Document ids from names: 'Jaarverslag Zandbank 2024.pdf' → 'jaarverslag-zandbank-2024'.
Ingest names corpus documents this way and the document manager names uploads the same
way, so both can tell whether an id is taken."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """ASCII letters and digits, lowercase, runs of anything else as one '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "document"
