"""The 'before' column's driver: a commit with three answer states keeps its own status."""

from __future__ import annotations

import io
import json
import sys
import types

from assistant.eval.baseline import _DRIVER


def run_driver(monkeypatch, answers: dict[str, object]) -> list[dict]:
    class Old:
        @classmethod
        def from_settings(cls):
            return cls()

        def ask(self, question, history=None):
            return answers[question]

    module = types.ModuleType("assistant.core")
    module.Assistant = Old
    monkeypatch.setitem(sys.modules, "assistant.core", module)
    items = [{"id": q, "question": q} for q in answers]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(items)))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    exec(compile(_DRIVER, "<driver>", "exec"), {})
    return json.loads(out.getvalue())


def answer(**kw):
    return types.SimpleNamespace(text="t", query="q", citations=[], **kw)


def test_the_old_systems_status_is_kept_where_it_has_one(monkeypatch):
    records = run_driver(monkeypatch, {
        "three states": answer(abstained=False, status="partial"),
        "before them, refused": answer(abstained=True),
        "before them, answered": answer(abstained=False),
    })
    assert [r["status"] for r in records] == ["partial", "not_covered", "answered"]
