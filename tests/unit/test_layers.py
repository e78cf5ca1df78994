"""The layering rules of CONTRIBUTING.md, checked on the source: who may import whom.

- `core` (and settings, db, paths) knows nothing of `web` or of any domain;
- a domain may use another domain's services, tables and schemas, never its controllers or pages;
- pages never import controllers; `web` (the shell) imports no domain's controllers or pages;
- no two modules import each other, directly or round a longer circle;
- only the composition modules (app, cli, demo) see everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "guong_dan_van"
PACKAGE = "guong_dan_van"
COMPOSITION = {"app", "cli", "demo", "piccolo_conf", "migrate"}
FOUNDATION = {"core", "settings", "db", "paths"}
HTTP_ROOMS = {"controllers", "pages"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def _imports() -> dict[str, set[str]]:
    """Every module of the package → the package modules it imports (any depth: also inside functions)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        name = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith(PACKAGE))
        graph[name] = {m for m in found if m != name}
    modules = set(graph)
    return {name: {m for m in targets if m in modules} for name, targets in graph.items()}


GRAPH = _imports()


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _room(module: str) -> str:
    """The room a module sits in: `contest.pages.entries` is in the `pages` room, `registry.services.years`
    in `services`."""
    parts = module.split(".")[2:] or [""]
    for part in parts:
        if part in HTTP_ROOMS | {"dependencies", "middleware", "services"}:
            return part
    return parts[-1]


def test_the_graph_is_read() -> None:
    assert f"{PACKAGE}.app" in GRAPH and f"{PACKAGE}.core.errors" in GRAPH
    assert f"{PACKAGE}.units.services" in GRAPH[f"{PACKAGE}.app"]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _top(m) in FOUNDATION))
def test_the_foundation_knows_no_domain_and_no_web(module: str) -> None:
    outside = {m for m in GRAPH[module] if _top(m) not in FOUNDATION}
    assert not outside, f"{module} imports {sorted(outside)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _top(m) not in FOUNDATION | COMPOSITION))
def test_nobody_but_its_own_domain_and_the_app_imports_controllers_or_pages(module: str) -> None:
    wrong = {
        m
        for m in GRAPH[module]
        if _room(m) in HTTP_ROOMS
        and _top(m) != "web"  # the shell's page kit (web.pages) is there for every domain's pages
        and (_top(m) != _top(module) or (_room(module) == "pages" and _room(m) == "controllers"))
    }
    assert not wrong, f"{module} imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _top(m) not in FOUNDATION | COMPOSITION | {"web"}))
def test_services_and_tables_know_no_http(module: str) -> None:
    if _room(module) in HTTP_ROOMS | {"dependencies", "middleware"}:
        return
    http = {m for m in GRAPH[module] if _top(m) == "web" or _room(m) in HTTP_ROOMS | {"dependencies", "middleware"}}
    assert not http, f"{module} imports {sorted(http)}"


def test_nothing_below_the_composition_imports_it() -> None:
    wrong = {
        (module, target)
        for module, targets in GRAPH.items()
        if _top(module) not in COMPOSITION
        for target in targets
        if _top(target) in COMPOSITION
    }
    assert not wrong, sorted(wrong)


def test_no_import_cycles() -> None:
    """Between packages' modules, counting imports inside functions too."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
