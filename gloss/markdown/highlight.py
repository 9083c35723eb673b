"""Code highlighting with Pygments, as CSS classes (light and dark stylesheets).

Both styles keep every token at 4.5:1 or more against their background
(WCAG AA; axe-core checks it in the browser tests). A code block scrolls
sideways when its lines are long, so it takes keyboard focus
(``tabindex="0"``, as ``scrollers`` gives other blocks) for keyboard users to
scroll it."""

from __future__ import annotations

from functools import lru_cache

from markdown_it.common.utils import escapeHtml
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

LIGHT_STYLE = "xcode"
DARK_STYLE = "monokai"


@lru_cache(maxsize=128)
def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter:  # type: ignore[type-arg]  # the formatter is generic over its output; this one writes str
    return HtmlFormatter(nowrap=True)  # building one costs as much as highlighting a block


def highlight(code: str, lang: str, attrs: str) -> str:
    """The fence renderer's ``highlight`` option: a whole ``<pre>`` block."""
    name = lang.strip().split()[0] if lang.strip() else ""
    lexer = _lexer(name.lower()) if name else None
    cls = f' class="language-{escapeHtml(name)}"' if name else ""
    if lexer is None:
        return f'<pre class="highlight" tabindex="0"><code{cls}>{escapeHtml(code)}</code></pre>'
    body = pygments_highlight(code, lexer, _formatter())
    return f'<pre class="highlight" tabindex="0"><code{cls}>{body}</code></pre>'


def stylesheet() -> str:
    """Light rules, then dark rules under ``prefers-color-scheme: dark``."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]  # Pygments leaves it untyped
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]  # as above
    dark = "\n".join("  " + line for line in dark.splitlines())
    return f"/* Pygments {LIGHT_STYLE} / {DARK_STYLE} */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
