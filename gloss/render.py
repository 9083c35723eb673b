"""Stage 4, render: ``Site`` -> ``Output``s (bytes for each file of the site).

Jinja templates come from the theme folder (``--templates``), with strict
undefined variables and autoescaping; the page chrome is translated from the
theme's ``i18n/<lang>.yaml``. Templates write ``{{ x.summary|html }}`` and
``{{ url|url }}``: on pages these give the site's HTML and root-relative
URLs, inside feed entries the absolute ones. Nothing here touches the output
folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Callable
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from . import annotations
from .diagnostics import Diagnostic, error
from .feeds import Entry, atom
from .load import read_text
from .markdown.highlight import stylesheet
from .sitemap import robots, sitemap, sitemap_entries
from .views import Article, Fragment, Site
from .yamlsafe import YamlError, load

FALLBACK_LANG = "en"


@dataclass(frozen=True)
class Output:
    """One file of the site: ``data`` to write, or ``source`` to copy."""

    path: str  # relative to the site root, with "/"
    data: bytes | None = None
    source: str | None = None
    origin: str = ""  # the file that produced it, for link-check messages
    stamp: tuple[int, int] = (0, 0)  # a copied file's (mtime, size) when listed, to notice edits


@dataclass(frozen=True)
class Theme:
    folder: str
    strings: dict[str, dict[str, str]]  # lang -> key -> text
    assets: tuple[str, ...]  # files under assets/, relative to the theme
    stamp: tuple[tuple[str, int, int], ...] = ()  # every file's (path, mtime, size): a change re-renders all


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            found.append((os.path.relpath(os.path.join(root, name), folder), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load_theme(folder: Path) -> tuple[Theme | None, list[Diagnostic]]:
    if not (folder / "article.html").is_file():
        return None, [error(str(folder), 1, 1, "not a gloss theme: article.html is missing (see --templates)")]
    problems: list[Diagnostic] = []
    strings: dict[str, dict[str, str]] = {}
    i18n = folder / "i18n"
    for path in sorted(i18n.glob("*.yaml")) if i18n.is_dir() else []:
        try:
            doc = load(read_text(path))
        except YamlError as exc:
            problems.append(error(str(path), exc.line, exc.col, exc.message))
            continue
        if not isinstance(doc.data, dict) or not all(isinstance(v, str) for v in doc.data.values()):
            problems.append(error(str(path), 1, 1, "a translation file maps keys to text"))
            continue
        strings[path.stem] = doc.data
    if FALLBACK_LANG not in strings and not problems:
        problems.append(error(str(i18n / "en.yaml"), 1, 1, "the theme needs English strings (i18n/en.yaml)"))
    assets: list[str] = []
    for root, dirs, files in os.walk(folder / "assets"):
        dirs.sort()
        assets.extend(os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/") for f in sorted(files))
    return Theme(str(folder), strings, tuple(assets), _stamp(folder)), problems


def translator(theme: Theme, lang: str) -> Callable[..., str]:
    """``t("key_points")`` in ``lang`` (ja-JP → ja, zh-Hant → zh), English as fallback."""
    primary = lang.split("-")[0].lower()
    table = {**theme.strings[FALLBACK_LANG], **theme.strings.get(primary, {})}

    def t(key: str, **values: Any) -> str:
        if key not in table:
            raise jinja2.UndefinedError(f'no translation for "{key}" in i18n/{FALLBACK_LANG}.yaml')
        return table[key].format(**values) if values else table[key]

    return t


@jinja2.pass_context
def _html(context: jinja2.runtime.Context, fragment: Fragment) -> Markup:
    """A rendered Markdown fragment, with absolute URLs inside feeds."""
    return Markup(fragment.feed if context.get("absolute") else fragment.html)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, value: str) -> str:
    """A site URL; inside feeds resolved against the page it belongs to."""
    page = context.get("absolute")
    return urljoin(page, value) if page else value


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, value: str) -> str:
    """Always absolute (for metadata such as og:url)."""
    return urljoin(context["site"].base_url, value)


def _environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["html"] = _html
    env.filters["url"] = _url
    env.filters["absolute"] = _absolute
    return env


def _template_line(tb: TracebackType | None, folder: str) -> tuple[str, int]:
    """The innermost template frame of a traceback: (file, line)."""
    found = ("", 1)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(folder) or name.endswith(".html"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


@dataclass
class RenderCache:
    """Pages and feed entries of the previous build, each with the data it was
    rendered from: a page whose template, language and data are equal is not
    rendered again. Kept by long-running processes; dropped when the theme or
    the configuration changes."""

    pages: dict[str, tuple[Any, Output]] = field(default_factory=dict)
    entries: dict[str, tuple[Article, str]] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # pages the last build rendered (not reused)
    env: jinja2.Environment | None = None  # compiled templates, for the same theme


class _Renderer:
    def __init__(self, site: Site, theme: Theme, cache: RenderCache) -> None:
        self.site = site
        self.theme = theme
        if cache.env is None:
            cache.env = _environment(theme)
        self.env = cache.env
        self.problems: list[Diagnostic] = []
        self.outputs: list[Output] = []
        self.cache = cache
        self.fresh: dict[str, tuple[Any, Output]] = {}
        self.rendered: list[str] = []

    def text(self, template: str, lang: str, what: str, **context: Any) -> str | None:
        """Render ``template``; on failure record a diagnostic and return None."""
        try:
            return self.env.get_template(template).render(
                site=self.site.config, base=self.site.config.base_path, lang=lang,
                t=translator(self.theme, lang), **context)
        except jinja2.TemplateSyntaxError as exc:
            file = exc.filename or os.path.join(self.theme.folder, exc.name or template)
            self.problems.append(error(file, exc.lineno or 1, 1, f"template syntax error: {exc.message}"))
        except jinja2.TemplateNotFound as exc:
            self.problems.append(error(os.path.join(self.theme.folder, template), 1, 1,
                                       f"template not found: {exc.name}"))
        except Exception as exc:  # a theme's runtime error, reported like content errors
            file, line = _template_line(exc.__traceback__, self.theme.folder)
            self.problems.append(error(file or os.path.join(self.theme.folder, template), line, 1,
                                       f"while rendering {what}: {type(exc).__name__}: {exc}"))
        return None

    def page(self, template: str, path: str, lang: str, origin: str, **context: Any) -> None:
        key = (template, lang, tuple(sorted(context.items())))
        hit = self.cache.pages.get(path)
        if hit is not None and hit[0] == key:
            output = hit[1]
        else:
            html = self.text(template, lang, "/" + path.removesuffix("index.html"), **context)
            if html is None:
                return
            output = Output(path, html.encode("utf-8"), origin=origin)
            self.rendered.append(path)
        self.fresh[path] = (key, output)
        self.outputs.append(output)

    def generated(self, path: str, key: Any, make: Callable[[], bytes]) -> None:
        """A file made by code rather than a template, reused while ``key`` is unchanged."""
        hit = self.cache.pages.get(path)
        output = hit[1] if hit is not None and hit[0] == key else Output(path, make())
        self.fresh[path] = (key, output)
        self.outputs.append(output)

    def article(self, article: Article) -> None:
        self.page("article.html", f"{article.slug}/index.html", article.lang,
                  os.path.join(article.bundle, "index.md"), article=article)
        self.generated(f"{article.slug}/{annotations.FILE}", ("annotations", article),
                       lambda: annotations.collection(article, self.site.config))
        for asset in article.assets:
            self.outputs.append(_copy(f"{article.slug}/{asset}", os.path.join(article.bundle, asset)))

    def feed(self, path: str, title: str, page_url: str, articles: list[Article]) -> None:
        config = self.site.config
        key = ("feed", title, page_url, tuple(articles[: config.feed_entries]))
        hit = self.cache.pages.get(path)
        if hit is not None and hit[0] == key:
            self.fresh[path] = hit
            self.outputs.append(hit[1])
            return
        entries = []
        for article in articles[: config.feed_entries]:
            absolute = urljoin(config.base_url, article.url)
            hit = self.cache.entries.get(article.slug)
            if hit is not None and hit[0] == article:
                content: str | None = hit[1]
            else:
                content = self.text("feed_entry.html", article.lang, f"the feed entry of /{article.slug}/",
                                    article=article, absolute=absolute)
                if content is None:
                    return
                self.cache.entries[article.slug] = (article, content)
            entries.append(Entry(article, absolute, content))
        data = atom(config, title, urljoin(config.base_url, page_url), urljoin(config.base_url, path), entries)
        output = Output(path, data, origin=os.path.join(self.theme.folder, "feed_entry.html"))
        self.fresh[path] = (key, output)
        self.outputs.append(output)


def _copy(path: str, source: str) -> Output:
    stat = os.stat(source)
    return Output(path, source=source, stamp=(stat.st_mtime_ns, stat.st_size))


def render_site(site: Site, theme: Theme, cache: RenderCache | None = None) -> tuple[list[Output], list[Diagnostic]]:
    """Every file of the site. With a ``cache`` from the previous build, pages whose
    data did not change are reused instead of rendered (the result is the same)."""
    cache = cache if cache is not None else RenderCache()
    r = _Renderer(site, theme, cache)
    lang = site.config.language
    theme_dir = theme.folder
    for article in site.articles:
        r.article(article)
    for day in site.days:
        r.page("digest.html", f"digest/{day.date}/index.html", lang, os.path.join(theme_dir, "digest.html"), day=day)
    for home in site.home:
        path = "index.html" if home.number == 1 else f"page/{home.number}/index.html"
        r.page("home.html", path, lang, os.path.join(theme_dir, "home.html"), home=home, days=home.days)
    r.page("tags.html", "tags/index.html", lang, os.path.join(theme_dir, "tags.html"), tags=site.tags)
    by_slug = {a.slug: a for a in site.articles}
    for tag in site.tags:
        r.page("tag.html", f"tags/{tag.slug}/index.html", lang, os.path.join(theme_dir, "tag.html"), tag=tag)
        r.feed(f"tags/{tag.slug}/feed.xml", f"{site.config.title}: {tag.name}", tag.url,
               [by_slug[ref.slug] for ref in tag.articles])
    r.page("archive.html", "archive/index.html", lang, os.path.join(theme_dir, "archive.html"), months=site.months)
    languages = tuple(sorted({a.lang.split("-")[0].lower() for a in site.articles}))
    r.page("search.html", "search/index.html", lang, os.path.join(theme_dir, "search.html"), languages=languages)
    r.page("404.html", "404.html", lang, os.path.join(theme_dir, "404.html"))
    newest = sorted(site.articles, key=lambda a: (a.date, a.slug), reverse=True)
    r.feed("feed.xml", site.config.title, site.config.base_path, newest)
    r.generated("sitemap.xml", ("sitemap", sitemap_entries(site)), lambda: sitemap(site))
    r.outputs.append(Output("robots.txt", robots(site.config)))
    for asset in theme.assets:
        r.outputs.append(_copy(asset, os.path.join(theme.folder, asset)))
    r.outputs.append(Output("assets/highlight.css", stylesheet().encode("utf-8")))
    cache.pages = r.fresh
    live = {a.slug for a in site.articles}
    cache.entries = {slug: hit for slug, hit in cache.entries.items() if slug in live}
    cache.rendered = r.rendered
    outputs = sorted(r.outputs, key=lambda o: o.path)
    for first, second in zip(outputs, outputs[1:]):
        if first.path == second.path:
            culprit = second.source or first.source or first.path
            r.problems.append(error(culprit, 1, 1, f'two files would be written to "{first.path}"; '
                                    "rename the asset"))
    return outputs, r.problems
