"""``init``: a whole new site in a folder of its own, ready to build and to deploy.

It writes ``content/site.yaml``, one sample article in the site's language
(``samples.py``) that uses the main notes keys (and passes ``check --strict``), a ``.gitignore``, the notes schema with
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
from gloss.commands.samples import sample_files, variant
from gloss.commands.scaffold import SITE_SCHEMA, schema_text
from gloss.text.quoting import yaml_string

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
    """The new site's description in ``language`` (as ``samples.variant`` reads it)."""
    return DESCRIPTIONS[variant(language)].format(title=title)


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
        **sample_files(date, language, SITE_SCHEMA),
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
