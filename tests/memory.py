"""The shared way tests make a site: articles written as strings, either loaded
in memory (``source``, ``parsed``, ``linked``: what the load stage would give,
without a disk) for the unit tests of the stages after load, or written to a
content folder (``write_site``) for the tests that run the loader, the
pipeline or the command line."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gloss.build.crosslink import link_site
from gloss.build.parse import ParsedArticle, parse_article
from gloss.content.config import SiteConfig
from gloss.content.load import ArticleSource, SourceDoc
from gloss.content.notes import Notes
from gloss.content.views import Site, Source
from gloss.core.diagnostics import Diagnostic
from gloss.text.yamlsafe import load

CONFIG = SiteConfig(title="T", base_url="https://example.org/d/", language="en")
BODY = "# {slug}\n\n## One\n\nText about {slug}.\n\n## Two\n\nMore.\n"


@dataclass(frozen=True)
class Bundle:
    """One article as its files' text (``original`` None: no original.md)."""

    notes: str = "date: 2026-01-01\n"
    index: str = BODY
    original: str | None = None


def source(slug: str, bundle: Bundle | str = Bundle(), lang: str = "en", original_lang: str = "en") -> ArticleSource:
    """What ``load`` gives for a bundle holding these files (a str: the notes, with the
    default body); the notes are not validated against the schema."""
    bundle = Bundle(textwrap.dedent(bundle)) if isinstance(bundle, str) else bundle
    notes = Notes.from_yaml(load(bundle.notes))
    index = SourceDoc(f"content/{slug}/index.md", bundle.index.replace("{slug}", slug), 0)
    original = None if bundle.original is None else SourceDoc(f"content/{slug}/original.md", bundle.original, 0)
    return ArticleSource(
        slug=slug,
        bundle=f"content/{slug}",
        index=index,
        original=original,
        notes_path=f"content/{slug}/notes.yaml",
        notes=notes,
        assets=(),
        title=notes.title,
        date=notes.date or "2026-01-01",
        lang=notes.lang or lang,
        original_lang=original_lang,
        draft=notes.draft,
        source=Source(),
    )


def parsed(slug: str, bundle: Bundle | str = Bundle(), config: SiteConfig = CONFIG) -> ParsedArticle:
    return parse_article(source(slug, bundle), allow_html=config.allow_html, base_url=config.base_url)


def linked(articles: Mapping[str, Bundle | str], config: SiteConfig = CONFIG) -> tuple[Site, list[Diagnostic]]:
    """The whole site's views, resolved and cross-linked, from articles in memory."""
    return link_site(config, [parsed(slug, bundle, config) for slug, bundle in articles.items()])


def write_site(root: Path, articles: Mapping[str, Bundle | str], site: str = "") -> Path:
    """A content folder under ``root`` holding these bundles (folder = slug) and a
    site.yaml (``site``: more of its keys)."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nlanguage: en\n" + site)
    for slug, bundle in articles.items():
        bundle = Bundle(textwrap.dedent(bundle)) if isinstance(bundle, str) else bundle
        folder = content / slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(bundle.index.replace("{slug}", slug), encoding="utf-8")
        (folder / "notes.yaml").write_text(bundle.notes, encoding="utf-8")
        if bundle.original is not None:
            (folder / "original.md").write_text(bundle.original, encoding="utf-8")
    return content
