"""``init``: a whole new site in a folder of its own, ready to build and to deploy.

It writes ``content/site.yaml``, one sample article that uses the main notes
keys (and passes ``check --strict``), a ``.gitignore``, the notes schema with
VS Code's mapping of ``content/**/notes.yaml`` to it, and a GitHub Actions
workflow that checks, builds and deploys the site to GitHub Pages on every
push and once a day. A file that exists already is never overwritten: it is
named among the files left alone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from gloss.commands.origin import WORKFLOW, Install, this_install
from gloss.commands.scaffold import SITE_SCHEMA, schema_text
from gloss.text.quoting import yaml_string

SAMPLE_SLUG = "welcome-to-gloss"
# the site's description in its language (English for languages not here)
DESCRIPTIONS = {
    "en": "Annotated reading, {title}",
    "ja": "{title}：注釈付きの読書ダイジェスト",
    "zh": "{title}：附注释的阅读摘要",
    "zh-Hant": "{title}：附註釋的閱讀摘要",
}


@dataclass
class Created:
    """What ``init`` did: the files written and the ones it left as they were."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one-line remarks (e.g. no sample for an existing site)


def site_yaml(title: str, base_url: str, language: str) -> str:
    return (
        f"title: {yaml_string(title)}\n"
        f"base_url: {yaml_string(base_url)}                "
        "# where the site is published (GitHub Pages: set by the workflow)\n"
        f"language: {language}                          # the default language of articles and of the page chrome\n"
        f"description: {yaml_string(description(title, language))}\n"
    )


def description(title: str, language: str) -> str:
    """The new site's description in ``language`` (ja-JP as ja; zh-Hant, zh-TW, zh-HK
    and zh-MO in Traditional characters)."""
    subtags = language.lower().split("-")
    if subtags[0] == "zh" and {"hant", "tw", "hk", "mo"} & set(subtags[1:]) and "hans" not in subtags:
        return DESCRIPTIONS["zh-Hant"].format(title=title)
    return DESCRIPTIONS.get(subtags[0], DESCRIPTIONS["en"]).format(title=title)


SAMPLE_INDEX = """\
# Welcome to gloss

This sample article shows what a gloss page holds. Replace it with the first
text you want to annotate, or delete its folder.

## Why annotate

Reading together works best when the notes sit beside the text they are about.
The methods of a good digest are simple: quote, summarise, and say why it matters.

## The numbers

| Week | Articles | Notes |
|---|---:|---:|
| 1 | 5 | 12 |
| 2 | 8 | 21 |

## Next steps

Run `gloss new "A title"` for a new article and `gloss serve` to see it as you write.
"""

SAMPLE_NOTES = """\
# yaml-language-server: $schema={schema}
title: Welcome to gloss
date: {date}
lang: en
summary: >-
  A sample article: what an annotated page holds, from the *summary* to the FAQ.
tags: [gloss, sample]
source: {{url: "https://www.w3.org/TR/annotation-model/", author: "The editors", publisher: "Example"}}
key_points:
  - title: Notes beside the text
    text: Annotations sit next to the passages they are about.
    anchor: "#why-annotate"
  - title: A quoted passage
    text: A key point can point to a passage by its words.
    quote: "quote, summarise, and say why it matters"
impact:
  analysis: The *impact analysis* explains what the text changes.
  editorial: The *editor's comment* says what you think of it.
takeaways:
  - {{after: "#table-1", text: "The notes grew faster than the articles."}}
faq:
  - {{q: How do I add an article?, a: "Run `gloss new \\"A title\\"`, then edit its `notes.yaml`."}}
highlights:
  - {{quote: "notes sit beside the text", note: "A highlight with a margin note."}}
"""


def sample_files(date: dt.date) -> dict[str, str]:
    """The sample bundle's files, by path relative to the site folder."""
    bundle = f"content/{date:%Y}/{date:%m}/{SAMPLE_SLUG}"
    schema = "../../../../" + SITE_SCHEMA  # from the bundle up to the site folder
    return {
        f"{bundle}/index.md": SAMPLE_INDEX,
        f"{bundle}/notes.yaml": SAMPLE_NOTES.format(schema=schema, date=date.isoformat()),
    }


GITIGNORE = """\
# gloss: the built site, its scratch folders and the build cache
/site/
/.site.*
.gloss-cache/
"""


def vscode_settings() -> str:
    settings = {"yaml.schemas": {f"./{SITE_SCHEMA}": ["content/**/notes.yaml"]}}
    return json.dumps(settings, indent=2) + "\n"


_WORKFLOW = """\
# Build the site and publish it on GitHub Pages, on every push to main and once a day.
# In the repository's settings choose Pages > Source: GitHub Actions. No secrets are needed.
name: gloss

on:
  push:
    branches: [main]
  schedule:
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # quotes are followed through the content's git history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install gloss
        # @COMMENT@
        run: python -m pip install "@REQUIREMENT@"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Restore the build cache and the last site
        uses: actions/cache@v4
        with:
          # the next build reuses what did not change from both
          path: |
            .gloss-cache
            site
            .site.prev
          key: gloss-${{ github.run_id }}
          restore-keys: gloss-
      - name: Check
        # the same base URL as the build: the check then reuses its cache and keeps its unchanged pages
        run: gloss check --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      - name: Build
        run: gloss build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def workflow(install: Install) -> str:
    """The GitHub Actions workflow: check, build and deploy to GitHub Pages, installing gloss
    as ``install`` says (``origin.this_install``)."""
    return _WORKFLOW.replace("@COMMENT@", install.comment).replace("@REQUIREMENT@", install.requirement)


def site_files(title: str, base_url: str, language: str, date: dt.date, install: Install) -> dict[str, str]:
    """Every file of a new site, by path relative to its folder (the sample last)."""
    return {
        "content/site.yaml": site_yaml(title, base_url, language),
        ".gitignore": GITIGNORE,
        SITE_SCHEMA: schema_text(),
        ".vscode/settings.json": vscode_settings(),
        WORKFLOW: workflow(install),
        **sample_files(date),
    }


def init_site(folder: Path, title: str, base_url: str, language: str, date: dt.date) -> Created:
    """Write a new site into ``folder`` (made if missing), never overwriting a file."""
    created = Created()
    install = this_install()
    files = site_files(title, base_url, language, date, install)
    if (folder / "content" / "site.yaml").exists():  # a site is there already: no sample article in it
        files = {path: text for path, text in files.items() if not path.startswith("content/")}
        created.kept.append("content/site.yaml")
        created.notes.append("content/site.yaml exists: a site is there already, so no sample article was added")
    for rel, text in files.items():
        path = folder / rel
        if path.exists() or path.is_symlink():
            created.kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never replace a file
            handle.write(text)
        created.written.append(rel)
    if WORKFLOW in created.written and install.note:
        created.notes.append(install.note)
    return created
