"""Stage 4, render: ``Site`` -> ``Output``s (bytes for each file of the site).

Jinja templates come from the theme folder (``--templates``), with strict
undefined variables and autoescaping; the page chrome is translated from the
theme's ``i18n/<lang>.yaml``. Nothing here touches the output folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Callable

import jinja2

from .diagnostics import Diagnostic, error
from .load import read_text
from .markdown.highlight import stylesheet
from .resolve import Article, Site
from .yamlsafe import YamlError, load

FALLBACK_LANG = "en"


@dataclass(frozen=True)
class Output:
    """One file of the site: ``data`` to write, or ``source`` to copy."""

    path: str  # relative to the site root, with "/"
    data: bytes | None = None
    source: str | None = None


@dataclass(frozen=True)
class Theme:
    folder: str
    strings: dict[str, dict[str, str]]  # lang -> key -> text
    assets: tuple[str, ...]  # files under assets/, relative to the theme


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
    return Theme(str(folder), strings, tuple(assets)), problems


def translator(theme: Theme, lang: str) -> Callable[..., str]:
    """``t("key_points")`` in ``lang`` (ja-JP → ja, zh-Hant → zh), English as fallback."""
    primary = lang.split("-")[0].lower()
    table = {**theme.strings[FALLBACK_LANG], **theme.strings.get(primary, {})}

    def t(key: str, **values: Any) -> str:
        if key not in table:
            raise jinja2.UndefinedError(f'no translation for "{key}" in i18n/{FALLBACK_LANG}.yaml')
        return table[key].format(**values) if values else table[key]

    return t


def _environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
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


class _Renderer:
    def __init__(self, site: Site, theme: Theme) -> None:
        self.site = site
        self.theme = theme
        self.env = _environment(theme)
        self.problems: list[Diagnostic] = []
        self.outputs: list[Output] = []

    def page(self, template: str, path: str, lang: str, what: str, **context: Any) -> None:
        try:
            html = self.env.get_template(template).render(
                site=self.site.config, base=self.site.config.base_path, lang=lang,
                t=translator(self.theme, lang), **context)
        except jinja2.TemplateSyntaxError as exc:
            file = exc.filename or os.path.join(self.theme.folder, exc.name or template)
            self.problems.append(error(file, exc.lineno or 1, 1, f"template syntax error: {exc.message}"))
            return
        except jinja2.TemplateNotFound as exc:
            self.problems.append(error(os.path.join(self.theme.folder, template), 1, 1,
                                       f"template not found: {exc.name}"))
            return
        except Exception as exc:  # a theme's runtime error, reported like content errors
            file, line = _template_line(exc.__traceback__, self.theme.folder)
            self.problems.append(error(file or os.path.join(self.theme.folder, template), line, 1,
                                       f"while rendering {what}: {type(exc).__name__}: {exc}"))
            return
        self.outputs.append(Output(path, html.encode("utf-8")))

    def article(self, article: Article) -> None:
        self.page("article.html", f"{article.slug}/index.html", article.lang, f"/{article.slug}/", article=article)
        for asset in article.assets:
            self.outputs.append(Output(f"{article.slug}/{asset}", source=os.path.join(article.bundle, asset)))


def render_site(site: Site, theme: Theme) -> tuple[list[Output], list[Diagnostic]]:
    renderer = _Renderer(site, theme)
    for article in site.articles:
        renderer.article(article)
    for day in site.days:
        renderer.page("digest.html", f"digest/{day.date}/index.html", site.config.language,
                      f"/digest/{day.date}/", day=day)
    renderer.page("home.html", "index.html", site.config.language, "the home page", days=site.days)
    for asset in theme.assets:
        renderer.outputs.append(Output(asset, source=os.path.join(theme.folder, asset)))
    renderer.outputs.append(Output("assets/highlight.css", stylesheet().encode("utf-8")))
    outputs = sorted(renderer.outputs, key=lambda o: o.path)
    for first, second in zip(outputs, outputs[1:]):
        if first.path == second.path:
            culprit = second.source or first.source or first.path
            renderer.problems.append(error(culprit, 1, 1, f'two files would be written to "{first.path}"; '
                                           "rename the asset"))
    return outputs, renderer.problems
