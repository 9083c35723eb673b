"""``new``: scaffold an article bundle that ``check`` accepts as it stands."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from mdit_py_plugins.anchors.index import slugify

from .validate import notes_schema

SCHEMA_FILE = Path(__file__).with_name("notes.schema.json")
SITE_SCHEMA = ".vscode/notes.schema.json"  # the schema's copy that ``init`` writes into a site


def schema_text() -> str:
    return json.dumps(notes_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_reference(notes_dir: Path, content: Path | None = None) -> str:
    """The schema's path as seen from ``notes_dir`` (relative when possible): the
    site's own copy beside ``content`` when it has one (``init`` writes it, and it
    stays put when gloss is upgraded or moved), else the installed package's."""
    site_copy = content.parent / SITE_SCHEMA if content is not None else None
    target = site_copy.resolve() if site_copy is not None and site_copy.is_file() else SCHEMA_FILE
    try:
        return os.path.relpath(target, notes_dir.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return target.as_uri()


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def default_slug(title: str) -> str:
    return slugify(title.strip()).strip("-") or "untitled"


def new_bundle(content: Path, title: str, date: dt.date, lang: str, slug: str | None = None) -> Path:
    """Create ``content/YYYY/MM/<slug>/`` with index.md and notes.yaml; return it."""
    slug = slug or default_slug(title)
    bundle = content / f"{date:%Y}" / f"{date:%m}" / slug
    bundle.mkdir(parents=True, exist_ok=False)
    (bundle / "index.md").write_text(
        f"# {title.strip()}\n\nWrite or paste the text here.\n\n## First section\n\nThe argument starts here.\n",
        encoding="utf-8",
    )
    notes = f"""# yaml-language-server: $schema={schema_reference(bundle, content)}
title: {_yaml_string(title.strip())}
date: {date.isoformat()}
lang: {lang}
summary: >-
  One or two sentences: what this is and why it matters.
tags: []
key_points:
  - title: The main point
    text: One sentence, with the passage it is argued in.
    anchor: "#first-section"
"""
    (bundle / "notes.yaml").write_text(notes, encoding="utf-8")
    return bundle
