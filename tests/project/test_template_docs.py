"""docs/templates.md stays true: every template of the default theme is there
with its blocks and the variables it uses, and every view type with its fields
and their types, as the code has them."""

from __future__ import annotations

import dataclasses
import inspect
import re

import jinja2
import jinja2.meta
import pytest
from conftest import ROOT

from gloss.build.templating import environment as _environment
from gloss.content import config, views
from gloss.content.theme import default_theme, load_theme

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
VIEWS = [
    cls
    for cls in vars(views).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == views.__name__
]


def _section(heading: str) -> str:
    start = DOC.index(heading + "\n")
    end = DOC.find("\n###", start + len(heading))
    return DOC[start : end if end >= 0 else len(DOC)]


def _names(line_start: str, text: str) -> set[str]:
    """The backticked names on the line starting with ``line_start`` (a variable's name
    is the backticked word right before its "(")."""
    line = next(line for line in text.splitlines() if line.startswith(line_start))
    rest = line[len(line_start) :]
    return set(
        re.findall(r"`(\w+)` \(", rest)
        if "variables" in line_start or "every" in line_start
        else re.findall(r"`(\w+)`", rest)
    )


def _templates() -> list[str]:
    return sorted(p.name for p in default_theme().glob("*.html"))


def _parsed(name: str) -> jinja2.nodes.Template:
    theme, _ = load_theme(None)
    assert theme is not None
    env = _environment(theme)
    return env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]


def _local_names(tree: jinja2.nodes.Template) -> set[str]:
    """Names a template gives itself ({% set %}, {% import %}, {% for %}), not received."""
    targets = [node.target for node in tree.find_all(jinja2.nodes.Assign)]
    names = {n.name for t in targets for n in (t, *t.find_all(jinja2.nodes.Name)) if isinstance(n, jinja2.nodes.Name)}
    names |= {node.target for node in tree.find_all(jinja2.nodes.Import)}
    return names


def test_every_template_is_documented() -> None:
    documented = sorted(re.findall(r"^### `(\S+\.html)`$", DOC, flags=re.M))
    assert documented == _templates()


@pytest.mark.parametrize("name", _templates())
def test_blocks_and_variables_match_the_template(name: str) -> None:
    section = _section(f"### `{name}`")
    tree = _parsed(name)
    assert _names("- **blocks**: ", section) == {block.name for block in tree.find_all(jinja2.nodes.Block)}
    every = _names("- **every template**: ", DOC)
    documented = _names("- **variables**: ", section) | every
    used = jinja2.meta.find_undeclared_variables(tree) - _local_names(tree)
    assert used <= documented, f"{name} uses {sorted(used - documented)}, not in docs/templates.md"
    for variable in _names("- **variables**: ", section) - {"absolute"}:  # (absolute is read by the filters)
        assert variable in used, f"docs/templates.md lists {variable} for {name}, which does not use it"


@pytest.mark.parametrize("cls", [config.SiteConfig, *VIEWS], ids=lambda cls: cls.__name__)
def test_every_view_type_is_documented_with_its_fields(cls: type) -> None:
    section = _section(f"#### `{cls.__name__}`")
    rows = re.findall(r"^\| `(\w+)` \| `(.+?)` \|", section, flags=re.M)
    expected = [(f.name, str(f.type)) for f in dataclasses.fields(cls)]
    expected += [
        (name, str(inspect.signature(member.fget).return_annotation))
        for name, member in inspect.getmembers(cls)
        if isinstance(member, property) and not name.startswith("_")
    ]
    assert [(name, kind.replace("\\|", "|")) for name, kind in rows] == expected


def test_every_type_the_docs_name_is_documented() -> None:
    named = set(re.findall(r"\(`(?:tuple\[)?([A-Z]\w+)", DOC))
    documented = set(re.findall(r"^#### `(\w+)`$", DOC, flags=re.M))
    assert named <= documented
    assert documented == {cls.__name__ for cls in VIEWS} | {"SiteConfig"}
