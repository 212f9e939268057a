"""An ASGI app served by a real uvicorn on a free localhost port, in a thread."""

from __future__ import annotations

import threading
import time

import uvicorn

from tests.conftest import free_port


class LocalServer:
    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LocalServer:
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            assert time.time() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


PASSWORDS = {"lena": "lena-wachtwoord-1", "tom": "tom-wachtwoord-12", "bea": "bea-wachtwoord-123"}
ROLES = {"lena": "lezer", "tom": "trainer", "bea": "beheerder"}


def add_users(settings) -> dict[str, str]:
    """Accounts lena (lezer), tom (trainer) and bea (beheerder) under ``settings.data_dir``,
    with the passwords in ``PASSWORDS``; returns each one's new personal API key."""
    from assistant.auth.accounts import AccountStore

    store = AccountStore.for_settings(settings)
    keys = {}
    for name, role in ROLES.items():
        store.add(name, role, PASSWORDS[name])
        keys[name] = store.new_api_key(name, "tests")
    return keys
