"""Imports go one way: each module of gloss imports only modules of its own concern
or of the concerns listed before it (ARCHITECTURE.md draws the same map). A test,
so that an import that runs back up fails here rather than in a review."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# (concern, its package), lowest first: each package of gloss/ is one concern
# (its __init__ docstring says what it owns); the top-level gloss/__init__ is below all
LAYERS = [
    ("core", "core core.*"),
    ("text", "text text.*"),
    ("markdown", "markdown markdown.*"),
    ("content", "content content.*"),
    ("anchoring", "anchoring anchoring.*"),
    ("formats", "formats formats.*"),
    ("build", "build build.*"),
    ("publish", "publish publish.*"),
    ("site", "site site.*"),
    ("preview", "preview preview.*"),
    ("lsp", "lsp lsp.*"),
    ("commands", "commands commands.*"),
]


def _layer(module: str) -> int | None:
    for number, (_, names) in enumerate(LAYERS):
        for name in names.split():
            if name == module or (name.endswith(".*") and module.startswith(name[:-1])):
                return number
    return None


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "gloss").rglob("*.py")):
        parts = path.relative_to(ROOT / "gloss").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The gloss modules ``module`` imports (relative or absolute)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        elif (node.module or "").split(".")[0] == "gloss":
            base = (node.module or "").removeprefix("gloss").lstrip(".")
        else:
            continue
        for candidate in (base, *(f"{base}.{alias.name}".lstrip(".") for alias in node.names)):
            if candidate in known and candidate != module:
                found.add(candidate)
    return found


def test_every_module_has_a_concern() -> None:
    assert [m for m in _modules() if m and _layer(m) is None] == []


def test_imports_go_one_way() -> None:
    known = _modules()
    back = []
    for module, path in known.items():
        mine = _layer(module)
        for used in sorted(_imports(module, path, known)):
            theirs = _layer(used)
            if mine is not None and theirs is not None and theirs > mine:
                back.append(f"{module} ({LAYERS[mine][0]}) imports {used} ({LAYERS[theirs][0]})")
    assert back == []
