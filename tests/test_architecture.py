"""The house rules of the package layout, checked on the source with ``ast``:

* ``ingest`` may import ``assistant`` (it writes the index the assistant reads), never
  the other way round: the app must run from an index without the ingest code;
* inside ``assistant`` the subpackages and top-level modules (``core``, ``advice``,
  ``answer``, ``text``, …) import each other in one direction only: no cycle.

Imports inside functions count too: a lazy import hides a cycle, it does not remove it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "ingest")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, anywhere in its body. ``from a.b import c``
    counts as importing ``a.b.c`` when that is a module, else ``a.b``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in known else base)
    return {m for m in out if m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) - {name} for name, path in modules.items()}


def _unit(module: str) -> str:
    """The subpackage or top-level module of ``assistant`` that ``module`` belongs to."""
    return ".".join(module.split(".")[:2])


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_assistant_never_imports_ingest():
    offenders = sorted(f"{name} → {', '.join(sorted(m for m in deps if m.split('.')[0] == 'ingest'))}"
                       for name, deps in _graph().items()
                       if name.split(".")[0] == "assistant" and any(m.split(".")[0] == "ingest" for m in deps))
    assert not offenders, "assistant/ imports ingest/:\n" + "\n".join(offenders)


def test_no_cycle_between_parts_of_assistant():
    units: dict[str, set[str]] = {}
    for name, deps in _graph().items():
        if name.split(".")[0] != "assistant" or name == "assistant":
            continue
        units.setdefault(_unit(name), set()).update(
            _unit(m) for m in deps if m.split(".")[0] == "assistant" and m != "assistant")
    for unit, deps in units.items():
        deps.discard(unit)
    cycle = _cycle(units)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_no_cycle_between_modules():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_checks_see_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from ingest.chunk import chunk\n    import assistant.core\n")
    assert _imports("assistant.m", source, {"ingest.chunk"}) == {"ingest.chunk", "assistant.core"}
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("module", ["assistant.text.sentences", "assistant.text.similarity",
                                    "assistant.text.fold"])
def test_text_helpers_need_nothing_else_of_the_project(module):
    assert _graph()[module] <= {"assistant.text", "assistant.text.sentences", "assistant.text.fold",
                                "assistant.text.similarity"}
