"""Finding the bundles of a content folder: every folder holding ``index.md``
(``find_bundles``), each with its slug or why it cannot have one
(``name_bundles``: valid, not reserved, unique ignoring case), and symbolic
links that would leave the content folder (refused)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from gloss.core.diagnostics import Diagnostic, error, warning
from gloss.core.urls import RESERVED_SLUGS

_SLUG = re.compile(r"^[\w][\w-]*$")


class NamedBundle(NamedTuple):
    """A bundle's folder, its slug (the folder's name, NFC) and the error that keeps
    it out of the site (None: it may be loaded)."""

    folder: Path
    slug: str
    problem: Diagnostic | None


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot name an article, or None."""
    if not _SLUG.match(slug):
        return f'"{slug}" is not a valid slug: use letters, digits and hyphens (it becomes the page\'s URL)'
    if slug.lower() in RESERVED_SLUGS:
        return f'the slug "{slug}" is reserved for a page of the site'
    return None


def _leaves(path: Path, real_root: Path) -> bool:
    return path.is_symlink() and not path.resolve().is_relative_to(real_root)


def escaping_links(folder: Path, names: list[str], real_root: Path) -> list[Diagnostic]:
    """An error for each of ``names`` in ``folder`` that is a symbolic link out of ``real_root``."""
    return [
        error(str(folder / name), 1, 1, "symbolic link leaves the content folder; refused")
        for name in sorted(names)
        if _leaves(folder / name, real_root)
    ]


def bundle_links(bundle: Path, real_root: Path) -> list[Diagnostic]:
    """Symbolic links anywhere in a bundle that leave the content folder (nothing of
    such a bundle is read: not its text, not its assets)."""
    found: list[Diagnostic] = []
    for root, dirs, files in os.walk(bundle):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += escaping_links(Path(root), dirs + files, real_root)
    return found


def find_bundles(content: Path, problems: list[Diagnostic]) -> list[Path]:
    """Every folder under ``content`` holding an ``index.md``, sorted.

    Files below a bundle are its assets; a second ``index.md`` below one is an error."""
    bundles: list[Path] = []
    within: dict[str, Path] = {}  # each folder in a bundle (and each bundle) -> the bundle
    real_root = content.resolve()
    for root, dirs, files in os.walk(content, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        inside = within.get(os.path.dirname(root))  # (top-down: a folder's parent came first)
        if inside is None and "index.md" not in files:  # (a bundle checks its own files when loaded)
            leaving = {name for name in dirs + files if _leaves(here / name, real_root)}
            problems.extend(escaping_links(here, sorted(leaving), real_root))
            dirs[:] = [d for d in dirs if d not in leaving]
        if inside is not None:
            within[root] = inside
            if "index.md" in files:
                problems.append(
                    error(
                        str(here / "index.md"),
                        1,
                        1,
                        f"a bundle inside the bundle {inside.name}; move it out to its own folder",
                    )
                )
            continue
        if "index.md" in files:
            bundles.append(here)
            within[root] = here
            continue
        for name in files:
            if name.endswith(".md") or name == "notes.yaml":
                problems.append(
                    warning(
                        str(here / name),
                        1,
                        1,
                        "not part of any bundle (a bundle is a folder holding index.md); ignored",
                    )
                )
    return bundles


def name_bundles(bundles: list[Path]) -> list[NamedBundle]:
    """Each bundle with its slug, or the error that keeps it out of the site."""
    named: list[NamedBundle] = []
    seen: dict[str, str] = {}
    for bundle in bundles:
        slug = unicodedata.normalize("NFC", bundle.name)
        problem = None
        if why := slug_problem(slug):
            problem = error(str(bundle / "index.md"), 1, 1, f"{why}; rename the folder")
        elif (folded := slug.casefold()) in seen:  # Foo and foo collide on case-insensitive hosts
            problem = error(
                str(bundle / "index.md"),
                1,
                1,
                f'two bundles have the slug "{slug}": {seen[folded]} '
                f"and {bundle}; slugs must be unique, also ignoring case",
            )
        else:
            seen[folded] = str(bundle)
        named.append(NamedBundle(bundle, slug, problem))
    return named
