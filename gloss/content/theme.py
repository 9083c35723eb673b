"""The theme: the default theme shipped in the package, and a site's overrides.

The default theme is package data (``gloss/templates/``), found through the
package with ``importlib.resources``, so an installed gloss works from any
folder. A site's own theme folder (``templates/``, or ``--templates DIR``)
overrides it file by file: a template or partial of the same name, one
``i18n/<lang>.yaml`` key by key, one file under ``assets/``. Everything else
comes from the default theme. A site template reaches the default theme's
template of the same name as ``default:<name>`` (``{% extends
"default:article.html" %}``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from gloss.core.diagnostics import Diagnostic, error
from gloss.text.textfile import read_text
from gloss.text.yamlsafe import YamlError, load

FALLBACK_LANG = "en"
DEFAULT_PREFIX = "default"  # ``default:article.html`` is the default theme's article.html


def default_theme() -> Path:
    """The default theme's folder inside the installed package."""
    folder = resources.files("gloss").joinpath("templates")
    if not isinstance(folder, Path):  # pragma: no cover - a zipped install
        raise RuntimeError("gloss must be installed as files (not zipped) to find its default theme")
    return folder


@dataclass(frozen=True)
class Theme:
    folder: str  # the first folder a file is looked for in (the site's overrides, else the default theme)
    strings: dict[str, dict[str, str]]  # lang -> key -> text (overrides merged key by key)
    assets: tuple[str, ...]  # files under assets/, relative to the theme
    stamp: tuple[tuple[str, int, int], ...] = ()  # every file's (path, mtime, size): a change re-renders all
    folders: tuple[str, ...] = ()  # where files are looked for, first wins: overrides, then the default theme

    def path(self, name: str) -> str:
        """The file that ``name`` (``article.html``, ``assets/style.css``) comes from."""
        for folder in self.folders or (self.folder,):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return candidate
        return os.path.join(self.folder, name)


def _stamp(folders: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                found.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _layers(overrides: Path | None) -> tuple[str, ...]:
    """The theme's folders, first wins: ``overrides`` (when it exists and is not the
    default theme itself), then the default theme."""
    default = str(default_theme())
    if overrides is None or not overrides.is_dir() or os.path.realpath(overrides) == os.path.realpath(default):
        return (default,)
    return (str(overrides), default)


def _strings(folders: tuple[str, ...]) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """Every ``i18n/<lang>.yaml``, the overrides' keys over the default theme's."""
    problems: list[Diagnostic] = []
    strings: dict[str, dict[str, str]] = {}
    for folder in reversed(folders):  # the default theme first, overrides on top
        i18n = Path(folder) / "i18n"
        for path in sorted(i18n.glob("*.yaml")) if i18n.is_dir() else []:
            try:
                doc = load(read_text(path))
            except YamlError as exc:
                problems.append(error(str(path), exc.line, exc.col, exc.message))
                continue
            if not isinstance(doc.data, dict) or not all(isinstance(v, str) for v in doc.data.values()):
                problems.append(error(str(path), 1, 1, "a translation file maps keys to text"))
                continue
            strings.setdefault(path.stem, {}).update(doc.data)
    if FALLBACK_LANG not in strings and not problems:
        problems.append(
            error(os.path.join(folders[-1], "i18n", "en.yaml"), 1, 1, "the theme needs English strings (i18n/en.yaml)")
        )
    return strings, problems


def _assets(folders: tuple[str, ...]) -> tuple[str, ...]:
    """The files under every folder's ``assets/``, by path relative to the theme."""
    found: set[str] = set()
    for folder in folders:
        for root, _dirs, files in os.walk(os.path.join(folder, "assets")):
            found.update(os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/") for f in files)
    return tuple(sorted(found))


def load_theme(overrides: Path | None = None) -> tuple[Theme | None, list[Diagnostic]]:
    """The default theme with the site's ``overrides`` folder (which may be missing) on top."""
    folders = _layers(overrides)
    if not any(os.path.isfile(os.path.join(folder, "article.html")) for folder in folders):
        return None, [error(folders[-1], 1, 1, "not a gloss theme: article.html is missing")]
    stamp = _stamp(folders)
    strings, assets, problems = _read(folders, stamp)
    return Theme(folders[0], strings, assets, stamp, folders), list(problems)


@functools.lru_cache(maxsize=4)
def _read(
    folders: tuple[str, ...], stamp: tuple[tuple[str, int, int], ...]
) -> tuple[dict[str, dict[str, str]], tuple[str, ...], tuple[Diagnostic, ...]]:
    """The strings and assets of the theme in ``folders``, read again only when a file
    of it changed (``stamp``): a preview loads the theme for every build."""
    strings, problems = _strings(folders)
    return strings, _assets(folders), tuple(problems)


def theme_loader(theme: Theme) -> jinja2.BaseLoader:
    """Templates by name from the first folder holding them; ``default:<name>`` from
    the default theme (the last folder) only."""
    folders = list(theme.folders or (theme.folder,))
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({DEFAULT_PREFIX: jinja2.FileSystemLoader(folders[-1])}, delimiter=":"),
            jinja2.FileSystemLoader(folders),
        ]
    )
