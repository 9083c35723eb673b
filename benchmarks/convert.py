"""A gloss corpus as each peer's input: the same article Markdown, title, date and tags.

    from benchmarks.convert import read_corpus, CONVERTERS
    articles = read_corpus(Path("/tmp/gloss-bench/corpus1000"))
    CONVERTERS["hugo"](articles, Path("/tmp/gloss-bench/hugo1000"))

What goes over, per article: ``index.md`` without its leading ``# Title`` (the
layouts print the title), then, for the articles that have one, ``original.md``
without its front matter after a rule (gloss shows both on one page); title,
date and tags from the merged front matter and ``notes.yaml``. Links to
another article (``[see](slug#id)``) are rewritten to that peer's URL for the
article. The rest of ``notes.yaml`` (summary, key points, impact, FAQ,
highlights, takeaways, related) has no equivalent in the peers and is left out.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

TITLE = "Gloss Benchmark Digest"
BASE_URL = "https://example.org/bench/"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_H1 = re.compile(r"\A\s*# [^\n]*\n+")
_LINK = re.compile(r"\]\(([a-z0-9][a-z0-9-]*)(#[^)\s]*)?\)")


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    date: str  # YYYY-MM-DD
    tags: tuple[str, ...]
    body: str  # Markdown


def _split_front(text: str) -> tuple[dict, str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    return yaml.load(match.group(1), Loader=_Loader) or {}, text[match.end() :]


def read_article(bundle: Path) -> Article:
    """One gloss bundle; notes.yaml's facts win over index.md's front matter, as in gloss."""
    front, text = _split_front((bundle / "index.md").read_text(encoding="utf-8"))
    notes_path = bundle / "notes.yaml"
    notes = yaml.load(notes_path.read_text(encoding="utf-8"), Loader=_Loader) if notes_path.exists() else {}
    facts = {**front, **(notes or {})}
    h1 = re.match(r"\A\s*# ([^\n]*)", text)
    title = str(facts.get("title") or (h1.group(1).strip() if h1 else bundle.name))
    body = _H1.sub("", text, count=1)
    original = bundle / "original.md"
    if original.exists():
        body += "\n\n---\n\n" + _split_front(original.read_text(encoding="utf-8"))[1]
    return Article(bundle.name, title, str(facts["date"]), tuple(str(t) for t in facts.get("tags") or ()), body)


def read_corpus(content: Path) -> list[Article]:
    """Every published bundle under ``content``, oldest first."""
    articles = []
    for index in sorted(content.rglob("index.md")):
        article = read_article(index.parent)
        articles.append(article)
    return sorted(articles, key=lambda a: (a.date, a.slug))


def relink(body: str, slugs: set[str], url: Callable[[str, str], str]) -> str:
    """Links to another article's slug (``slug#id``) rewritten with ``url(slug, fragment)``."""

    def sub(match: re.Match[str]) -> str:
        slug, fragment = match.group(1), match.group(2) or ""
        return f"]({url(slug, fragment)})" if slug in slugs else match.group(0)

    return _LINK.sub(sub, body)


def _fresh(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    return dest


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _yaml_front(fields: dict[str, object]) -> str:
    """YAML front matter; JSON scalars and lists are valid YAML."""
    lines = [
        f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


# --------------------------------------------------------------------------- Hugo

HUGO_CONFIG = f"""baseURL = "{BASE_URL}"
title = "{TITLE}"
languageCode = "en"
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.LanguageCode }}"><head><meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">newer</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">older</a>{{ end }}
{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(articles: list[Article], dest: Path) -> Path:
    """A Hugo site: page bundles ``content/posts/<slug>/index.md``, own minimal layouts,
    Hugo's defaults otherwise (RSS, sitemap, tags taxonomy, Chroma highlighting)."""
    _fresh(dest)
    _write(dest / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        _write(dest / "layouts" / name, text)
    slugs = {a.slug for a in articles}
    for a in articles:
        body = relink(a.body, slugs, lambda s, f: f"/bench/posts/{s}/{f}")
        front = _yaml_front({"title": a.title, "date": a.date, "tags": list(a.tags)})
        _write(dest / "content" / "posts" / a.slug / "index.md", front + body)
    return dest


# --------------------------------------------------------------------------- Eleventy

ELEVENTY_CONFIG = """module.exports = function () {
  return {
    dir: { input: "src", includes: "_includes" },
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
};
"""

ELEVENTY_FILES = {
    "_includes/post.njk": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} · """
    + TITLE
    + """</title></head>
<body><header><a href="/">"""
    + TITLE
    + """</a></header>
<main><article><h1>{{ title }}</h1><time>{{ page.date.toISOString().slice(0, 10) }}</time>
<ul class="tags">{% for tag in tags %}{% if tag != "posts" %}<li><a href="/tags/{{ tag }}/">{{ tag }}</a></li>{% endif %}{% endfor %}</ul>
{{ content | safe }}</article></main></body></html>
""",
    "posts/posts.json": '{"layout": "post.njk", "tags": ["posts"]}\n',
    "index.njk": """---
pagination: {data: collections.posts, size: 20, reverse: true, alias: posts}
permalink: "{% if pagination.pageNumber == 0 %}/{% else %}/page/{{ pagination.pageNumber + 1 }}/{% endif %}"
---
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>"""
    + TITLE
    + """</title></head><body>
<ul>{% for post in posts %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul>
{% if pagination.href.next %}<a href="{{ pagination.href.next }}">older</a>{% endif %}</body></html>
""",
    "tags.njk": """---
pagination: {data: collections, size: 1, alias: tag, filter: [all, posts]}
permalink: "/tags/{{ tag }}/"
---
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ tag }}</title></head><body><h1>{{ tag }}</h1>
<ul>{% for post in collections[tag] | reverse %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul>
</body></html>
""",
}


def write_eleventy(articles: list[Article], dest: Path) -> Path:
    """An Eleventy project: ``src/posts/<slug>.md`` in a ``posts`` collection with one layout,
    a paginated home and a page per tag (Markdown not run through a template engine)."""
    _fresh(dest)
    _write(dest / "eleventy.config.cjs", ELEVENTY_CONFIG)
    for name, text in ELEVENTY_FILES.items():
        _write(dest / "src" / name, text)
    slugs = {a.slug for a in articles}
    for a in articles:
        body = relink(a.body, slugs, lambda s, f: f"/posts/{s}/{f}")
        front = _yaml_front({"title": a.title, "date": a.date, "tags": list(a.tags)})
        _write(dest / "src" / "posts" / f"{a.slug}.md", front + body)
    return dest


# --------------------------------------------------------------------------- Pelican

PELICAN_CONFIG = f"""AUTHOR = "Bench"
SITENAME = "{TITLE}"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
"""


def _pelican_field(value: str) -> str:
    return " ".join(value.split())


def write_pelican(articles: list[Article], dest: Path) -> Path:
    """A Pelican project: ``content/<slug>.md`` with Title/Date/Tags/Slug metadata,
    the default theme, feeds and Markdown extensions."""
    _fresh(dest)
    _write(dest / "pelicanconf.py", PELICAN_CONFIG)
    slugs = {a.slug for a in articles}
    for a in articles:
        body = relink(a.body, slugs, lambda s, f: f"/{s}.html{f}")
        meta = f"Title: {_pelican_field(a.title)}\nDate: {a.date}\nTags: {', '.join(a.tags)}\nSlug: {a.slug}\n\n"
        _write(dest / "content" / f"{a.slug}.md", meta + body)
    return dest


# --------------------------------------------------------------------------- MkDocs

MKDOCS_CONFIG = f"""site_name: "{TITLE}"
docs_dir: docs
theme:
  name: mkdocs
plugins:
  - search
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""


def write_mkdocs(articles: list[Article], dest: Path) -> Path:
    """A MkDocs project: ``docs/posts/<slug>.md`` with title/date/tags front matter, the default
    ``mkdocs`` theme and search plugin; the nav holds the home page only (see the README)."""
    _fresh(dest)
    _write(dest / "mkdocs.yml", MKDOCS_CONFIG)
    slugs = {a.slug for a in articles}
    listing = [f"- [{a.title}](posts/{a.slug}.md)" for a in reversed(articles)]
    _write(dest / "docs" / "index.md", f"# {TITLE}\n\n" + "\n".join(listing) + "\n")
    for a in articles:
        body = relink(a.body, slugs, lambda s, f: f"{s}.md{f}")
        front = _yaml_front({"title": a.title, "date": a.date, "tags": list(a.tags)})
        _write(dest / "docs" / "posts" / f"{a.slug}.md", front + f"# {a.title}\n\n" + body)
    return dest


CONVERTERS: dict[str, Callable[[list[Article], Path], Path]] = {
    "hugo": write_hugo,
    "eleventy": write_eleventy,
    "pelican": write_pelican,
    "mkdocs": write_mkdocs,
}
