"""The Jinja environment of a theme: its loader (the site's overrides over the
default theme), strict undefined variables, autoescaping, and the filters the
templates use: ``html`` (a rendered fragment; absolute URLs inside feeds),
``url``, ``absolute``, ``reading_minutes``, ``runs``; ``translator`` gives the page
chrome's words in a language."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from gloss.content.theme import FALLBACK_LANG, Theme, theme_loader
from gloss.content.views import Fragment
from gloss.core.strings import Strings, strings
from gloss.text.reading import reading_minutes


def translator(theme: Theme, lang: str) -> Strings:
    """``t("key_points")`` in ``lang`` (ja-JP → ja, zh-Hant → zh), English as fallback."""
    return strings(theme.strings, FALLBACK_LANG, lang)


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
    return urljoin(str(context["site"].base_url), value)


def runs(items: Sequence[Any], size: int) -> list[list[Any]]:
    """``items`` cut into runs of ``size`` counted from the end, the first run holding
    what is left over: items added at the front (a list's newest articles) change its
    first run only, so the other runs of a long list, rendered with ``part()``, are
    rendered once and kept."""
    first = len(items) % size or size
    cuts = range(first, len(items), size)
    return [list(items[start:end]) for start, end in zip((0, *cuts), (*cuts, len(items)), strict=True) if end > start]


def environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=theme_loader(theme),  # the site's overrides over the default theme
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat of every template per page: a changed theme gets a new environment
    )
    env.filters["html"] = _html
    env.filters["url"] = _url
    env.filters["absolute"] = _absolute
    env.filters["reading_minutes"] = reading_minutes
    env.filters["runs"] = runs
    return env


def template_line(tb: TracebackType | None, folder: str) -> tuple[str, int]:
    """The innermost template frame of a traceback: (file, line)."""
    found = ("", 1)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(folder) or name.endswith(".html"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
