"""``content/site.yaml``: the typed, documented site configuration.

Each field of ``SiteConfig`` is described once, in ``SITE_SCHEMA``; a bad
value is reported at its line and column with the key's name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gloss.core.diagnostics import Diagnostic, error
from gloss.text.textfile import read_text
from gloss.text.validate import validate
from gloss.text.yamlsafe import YamlError, load

LANG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

SITE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "gloss site.yaml",
    "type": "object",
    "additionalProperties": False,
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "description": "the site's name, in every page's header"},
        "base_url": {
            "type": "string",
            "pattern": r"^https?://[^/\s]+(/\S*)?$",
            "patternErrorMessage": "base_url is an absolute http(s) URL such as https://example.org/digest/",
            "description": "where the site is published; may carry a sub-path",
        },
        "language": {
            "type": "string",
            "pattern": LANG_PATTERN,
            "patternErrorMessage": "a language is a BCP 47 tag such as ja, zh-Hans or en",
            "description": "the default article language",
        },
        "description": {"type": "string", "description": "one line about the site, for the home page and feeds"},
        "author": {"type": "string", "description": "the site's editor, for feeds"},
        "allow_html": {
            "type": "boolean",
            "description": "let raw HTML in sources and notes through (default false: escaped)",
        },
        "days_per_page": {"type": "integer", "minimum": 1, "description": "digest days per home page (default 7)"},
        "related_count": {
            "type": "integer",
            "minimum": 0,
            "description": "related articles shown per article (default 5)",
        },
        "feed_entries": {"type": "integer", "minimum": 1, "description": "entries per Atom feed (default 20)"},
    },
}


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    description: str = ""
    author: str = ""
    allow_html: bool = False
    days_per_page: int = 7
    related_count: int = 5
    feed_entries: int = 20

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


def _normalise_base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def load_config(content_dir: Path, base_url: str | None = None) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read ``site.yaml`` from ``content_dir``; ``base_url`` overrides its key."""
    path = content_dir / "site.yaml"
    shown = str(path)
    if not path.is_file():
        return None, [error(shown, 1, 1, "site.yaml is missing: it needs at least `title:`")]
    try:
        doc = load(read_text(path))
    except OSError as exc:
        return None, [error(shown, 1, 1, f"cannot read: {exc.strerror}")]
    except YamlError as exc:
        return None, [error(shown, exc.line, exc.col, exc.message)]
    data = {} if doc.data is None else doc.data
    problems = validate(data, SITE_SCHEMA, doc, shown)
    if problems:
        return None, problems
    config = SiteConfig(**data)
    config = replace(config, base_url=_normalise_base(base_url or config.base_url))
    if base_url is not None and not urlsplit(base_url).scheme:
        return None, [error("--base-url", 1, 1, f"{base_url!r} is not an absolute URL")]
    return config, []
