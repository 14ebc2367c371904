"""The package's layout is its architecture: imports run one way, from the CLI down to the engine.

Each subpackage's ``__init__`` docstring says what it may import; this test holds the code to
it, counting every import (also those inside functions), and finds import circles between
modules, which lazy imports would otherwise hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BELOW = {
    "engine": set(),
    "mtus_rules.case": {"engine"},
    "mtus_rules.reading": {"engine"},
    "mtus_rules.letters": {"engine", "mtus_rules.reading"},
    "mtus_rules.facts": {"engine", "mtus_rules.case", "mtus_rules.reading"},
    "mtus_rules.check": {"engine", "mtus_rules.case", "mtus_rules.reading", "mtus_rules.facts"},
    "mtus_rules.authoring": {"engine", "mtus_rules.case", "mtus_rules.reading", "mtus_rules.facts", "mtus_rules.check"},
    "mtus_rules.audit": {
        "engine", "mtus_rules.case", "mtus_rules.reading", "mtus_rules.facts", "mtus_rules.check", "mtus_rules.letters",
    },
    "mtus_rules.service": {
        "engine", "mtus_rules.case", "mtus_rules.reading", "mtus_rules.facts", "mtus_rules.check", "mtus_rules.letters",
        "mtus_rules.audit", "mtus_rules.authoring",
    },
}
OURS = ("engine", "mtus_rules")


def _modules() -> dict[str, Path]:
    found = {}
    for top in OURS:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, name: str, modules: dict[str, Path]) -> list[tuple[int, str]]:
    """Our modules a file imports, with the line: ``from a.b import c`` counts ``a.b.c`` when it is a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module) for a in node.names]
    return [(line, target) for line, target in found if target.split(".")[0] in OURS and target != name]


def _group(module: str) -> str:
    return "engine" if module.split(".")[0] == "engine" else ".".join(module.split(".")[:2])


def test_imports_run_one_way() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        group = _group(name)
        if group in TOP:
            continue
        for line, target in _imports(path, name, modules):
            if _group(target) not in BELOW[group] | {group}:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {group} may not import {target}")
    assert wrong == []


TOP = {"mtus_rules", "mtus_rules.__main__", "mtus_rules.cli"}  # the command line and the package root may import anything


def test_every_subpackage_has_its_place_in_the_order() -> None:
    """A new subpackage left out of ``BELOW`` would escape the direction test unseen."""
    assert {_group(name) for name in _modules()} - set(BELOW) - TOP == set()


def test_every_subpackage_says_what_it_may_import() -> None:
    for group in BELOW:
        if group == "engine":
            continue
        doc = ast.get_docstring(ast.parse((ROOT / group.replace(".", "/") / "__init__.py").read_text()))
        assert doc and "May import" in doc, group


def test_no_import_circle() -> None:
    modules = _modules()
    graph = {name: {t for _, t in _imports(path, name, modules) if t in modules} for name, path in modules.items()}
    # A package imports its own __init__ first; that edge is not a circle.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join(trail[trail.index(target):] + [target]) if target in trail else target)
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_the_package_top_is_a_map() -> None:
    entries = sorted(p.name for p in (ROOT / "mtus_rules").iterdir() if p.name != "__pycache__")
    assert len(entries) <= 11, entries


def test_only_the_cli_names_today() -> None:
    """No hidden clock: the library judges as of the day it is given; only the command line
    (``mtus_rules/cli/``) may read the clock to default that day."""
    clocks = []
    for name, path in _modules().items():
        if name.startswith("mtus_rules.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "utcnow"}:
                owner = ast.unparse(node.value)
                if owner.split(".")[-1] in {"date", "datetime"}:
                    clocks.append(f"{path.relative_to(ROOT)}:{node.lineno}: {owner}.{node.attr}")
    assert clocks == []
