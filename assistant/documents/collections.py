"""The collections registry: which collections exist and who may read each.

One JSON file, ``DATA_DIR/collections.json``, is the only place access is configured
(the CLI ``python -m ingest.documents collections …`` and, later, the Beheer tab
edit it through this class). A collection is readable by

- everyone (``everyone: true``), or
- the users it lists (``users``), the members of the groups it lists (``groups``,
  defined in the same file as lists of user names), and every role it lists
  (``roles``; a role includes the roles above it, as in ``assistant.auth.roles``).

A ``beheerder`` (anyone who may manage documents) reads every collection, also
passages labelled with a collection the registry does not know; everyone else reads
only registered collections that let them in (fail closed). The default collection,
"Bronnen Netwerkmozaïek" (id ``bronnen``), holds ``corpus/``, is readable by everyone
until someone changes that, and cannot be removed.

The file is rewritten atomically (temp file + rename) and re-read when it changes on
disk, so every process of the app sees a change without a restart.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.auth.roles import ROLES, Principal, allowed
from assistant.errors import InputError

DEFAULT_COLLECTION = "bronnen"
DEFAULT_NAME = "Bronnen Netwerkmozaïek"
ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
FILE = "collections.json"


@dataclass(frozen=True)
class Collection:
    id: str
    name: str
    everyone: bool = True
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    def readable_by(self, principal: Principal, groups: dict[str, tuple[str, ...]]) -> bool:
        if principal.may("documents") or self.everyone:
            return True
        if principal.name in self.users:
            return True
        if any(principal.name in groups.get(g, ()) for g in self.groups):
            return True
        return any(allowed(principal.role, _role_permission(r)) for r in self.roles)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Collection:
        return cls(id=str(d["id"]), name=str(d.get("name") or d["id"]), everyone=bool(d.get("everyone", False)),
                   users=tuple(str(u) for u in d.get("users", ())), groups=tuple(str(g) for g in d.get("groups", ())),
                   roles=tuple(str(r) for r in d.get("roles", ())))

    def describe(self) -> str:
        """Who may read it, in Dutch (for lists in the UI and the CLI)."""
        if self.everyone:
            return "iedereen"
        parts = [f"rol {r} en hoger" for r in self.roles]
        parts += [f"groep {g}" for g in self.groups]
        parts += list(self.users)
        return ", ".join(parts) + " (en beheerders)" if parts else "alleen beheerders"


DEFAULT = Collection(DEFAULT_COLLECTION, DEFAULT_NAME, everyone=True)


@dataclass
class _State:
    collections: dict[str, Collection] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)


class CollectionRegistry:
    """The collections and their readers; thread-safe, shared by the app's sessions."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._state = _State({DEFAULT_COLLECTION: DEFAULT})

    @classmethod
    def for_settings(cls, settings) -> CollectionRegistry:
        return cls(Path(settings.data_dir) / FILE)

    # ---- reading ---------------------------------------------------------------------------

    def collections(self) -> list[Collection]:
        return sorted(self._load().collections.values(), key=lambda c: (c.id != DEFAULT_COLLECTION, c.name.casefold()))

    def get(self, collection_id: str) -> Collection | None:
        return self._load().collections.get(collection_id)

    def groups(self) -> dict[str, tuple[str, ...]]:
        return dict(self._load().groups)

    def readable(self, principal: Principal | None) -> frozenset[str] | None:
        """The ids of the collections ``principal`` may read; None = all, labels unknown to
        the registry included (a beheerder); an empty set for no principal."""
        if principal is None:
            return frozenset()
        if principal.may("documents"):
            return None
        state = self._load()
        return frozenset(c.id for c in state.collections.values() if c.readable_by(principal, state.groups))

    def check(self, collection_id: str) -> Collection:
        """The collection with this id, or InputError (in Dutch) listing the known ones."""
        found = self.get(collection_id) if isinstance(collection_id, str) else None
        if found is None:
            known = ", ".join(c.id for c in self.collections())
            raise InputError(f"Onbekende collectie {str(collection_id)[:60]!r}. Bekend: {known}. "
                             "Maak haar eerst aan ('python -m ingest.documents collections add ID NAAM').")
        return found

    # ---- writing ---------------------------------------------------------------------------

    def put(self, collection: Collection) -> Collection:
        """Add or replace a collection (checked: id, roles, names)."""
        if not ID.fullmatch(collection.id):
            raise InputError(f"Ongeldige collectie-id {collection.id[:60]!r}: gebruik kleine letters, cijfers, '-' "
                             "en '_' (hoogstens 48 tekens), bijvoorbeeld 'team-kust'.")
        if not collection.name.strip() or len(collection.name) > 120:
            raise InputError("Een collectie heeft een naam van 1 tot 120 tekens nodig.")
        for role in collection.roles:
            if role not in ROLES:
                raise InputError(f"Onbekende rol {role[:40]!r}. Bekend: {', '.join(ROLES)}.")
        with self._lock:
            state = self._read()
            missing = [g for g in collection.groups if g not in state.groups]
            if missing:
                raise InputError(f"Onbekende groep(en): {', '.join(missing)}. Maak ze eerst aan "
                                 "('python -m ingest.documents groups set NAAM gebruiker…').")
            state.collections[collection.id] = collection
            self._write(state)
        return collection

    def remove(self, collection_id: str) -> None:
        if collection_id == DEFAULT_COLLECTION:
            raise InputError(f"De standaardcollectie '{DEFAULT_NAME}' kan niet worden verwijderd.")
        with self._lock:
            state = self._read()
            if collection_id not in state.collections:
                raise InputError(f"Onbekende collectie {collection_id[:60]!r}.")
            del state.collections[collection_id]
            self._write(state)

    def set_group(self, name: str, members: list[str]) -> None:
        if not ID.fullmatch(name):
            raise InputError(f"Ongeldige groepsnaam {name[:60]!r}: kleine letters, cijfers, '-' en '_'.")
        with self._lock:
            state = self._read()
            state.groups[name] = tuple(sorted({m.strip().lower() for m in members if m.strip()}))
            self._write(state)

    # ---- the file --------------------------------------------------------------------------

    def _load(self) -> _State:
        """The registry as on disk now (re-read when the file changed)."""
        with self._lock:
            return self._read()

    def _read(self) -> _State:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._state = None, _State({DEFAULT_COLLECTION: DEFAULT})
            return self._state
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return self._state
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            cols = {c.id: c for c in (Collection.from_dict(d) for d in raw.get("collections", []))}
            groups = {str(k): tuple(str(m) for m in v) for k, v in (raw.get("groups") or {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{self.path} kan niet worden gelezen ({type(exc).__name__}: {exc}). Herstel het "
                             "bestand of verwijder het (dan is alleen de standaardcollectie er, voor "
                             "iedereen).") from exc
        cols.setdefault(DEFAULT_COLLECTION, DEFAULT)
        self._stamp, self._state = stamp, _State(cols, groups)
        return self._state

    def _write(self, state: _State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"collections": [c.to_dict() for c in state.collections.values()],
                   "groups": {k: list(v) for k, v in sorted(state.groups.items())}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".collections-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        self._stamp = None  # re-read (and re-stamp) on the next call
        self._read()


def _role_permission(role: str) -> str:
    """A permission held by exactly ``role`` and the roles above it."""
    return {"lezer": "ask", "trainer": "handout", "beheerder": "documents"}.get(role, "documents")
