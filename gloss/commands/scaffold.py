"""``new``: scaffold an article bundle that ``check`` accepts as it stands."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from mdit_py_plugins.anchors.index import slugify

from gloss.content.placeholders import texts
from gloss.markdown import heading_slug
from gloss.text.quoting import yaml_string
from gloss.text.validate import notes_schema

SCHEMA_FILE = Path(__file__).parent.parent / "notes.schema.json"
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


def default_slug(title: str) -> str:
    return slugify(title.strip()).strip("-") or "untitled"


def new_bundle(content: Path, title: str, date: dt.date, lang: str, slug: str | None = None) -> Path:
    """Create ``content/YYYY/MM/<slug>/`` with index.md and notes.yaml, a draft
    with placeholders in ``lang`` (``check`` warns while they stay); return it."""
    slug = slug or default_slug(title)
    bundle = content / f"{date:%Y}" / f"{date:%m}" / slug
    bundle.mkdir(parents=True, exist_ok=False)
    say = texts(lang)
    section = heading_slug(say["section"])
    (bundle / "index.md").write_text(
        f"# {title.strip()}\n\n{say['body']}\n\n## {say['section']}\n\n{say['argument']}\n", encoding="utf-8"
    )
    notes = f"""# yaml-language-server: $schema={schema_reference(bundle, content)}
title: {yaml_string(title.strip())}
date: {date.isoformat()}
lang: {lang}
draft: true  # built only with --drafts; delete this line to publish
summary: >-
  {say["summary"]}
tags: []
key_points:
  - title: {yaml_string(say["point"])}
    text: {yaml_string(say["point_text"])}
    anchor: "#{section}"
"""
    (bundle / "notes.yaml").write_text(notes, encoding="utf-8")
    return bundle


def site_schema(content: Path) -> Path | None:
    """The site's own copy of the schema beside ``content`` (``.vscode/notes.schema.json``),
    written when missing so that notes point at a place that stays put when gloss is
    upgraded, moved or installed elsewhere; None when it cannot be written."""
    target = content.parent / SITE_SCHEMA
    if target.is_file():
        return None
    try:
        target.parent.mkdir(exist_ok=True)
        with open(target, "x", encoding="utf-8") as out:
            out.write(schema_text())
    except OSError:
        return None
    return target


def ascii_slug_hint(title: str, slug: str) -> str | None:
    """For a slug that is not ASCII (a CJK title), a suggested ``--slug`` made of the
    title's Latin words, so that the URL is short and stays readable when shared."""
    if slug.isascii():
        return None
    words = default_slug("".join(c if c.isascii() else " " for c in title))
    example = words if words != "untitled" else "short-english-name"
    return (
        f'the folder and URL are "{slug}/" (percent-encoded in links); for an ASCII URL pass --slug, '
        f"e.g. --slug {example}"
    )
