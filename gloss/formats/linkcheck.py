"""``check``'s link checker: every internal ``href``/``src`` and every
``#fragment`` in the rendered site must resolve.

Works on the ``Output``s in memory (nothing is written): each HTML page is
read with the standard library's parser for its ids and its links, each
link is resolved against the page's URL, and the target must be a file of
the site (``…/`` meaning ``…/index.html``) holding the fragment's id. A
broken link is reported where it was written when the caller knows (``places``:
the links the sources of an article page wrote, by page and URL, from the parse
stage), else against the file that produced the page, naming its line in the page
(a link the theme writes).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from gloss.core.diagnostics import Diagnostic, error
from gloss.core.output import Output
from gloss.core.urls import INDEX, resolve, shown

LINK_ATTRS = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)  # (url, line)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(str(values[name]))
        wanted = LINK_ATTRS.get(tag)
        if wanted and values.get(wanted) is not None:
            self.page.links.append((str(values[wanted]), self.getpos()[0]))


def _read(data: bytes) -> _Page:
    collector = _Collector()
    collector.feed(data.decode("utf-8", errors="replace"))
    collector.close()
    return collector.page


def _target(path: str, base_path: str) -> str | None:
    """The output path a URL path points to, or None when it is outside the site."""
    if not path.startswith(base_path):
        return None
    rel = unquote(path[len(base_path) :])
    return rel + INDEX if rel == "" or rel.endswith("/") else rel


Where = tuple[str, int, int]  # file, line, column
Places = Mapping[tuple[str, str], tuple[Where, ...]]  # (page, URL) -> where its sources wrote it


def check_links(outputs: list[Output], base_url: str, skip: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Broken internal links and fragments of ``outputs`` (see ``check_files``)."""
    data = {o.path: o.data for o in outputs if o.data is not None}
    return check_files({o.path: o.origin or o.path for o in outputs}, data.__getitem__, base_url, skip)


def check_files(
    origins: Mapping[str, str],
    read: Callable[[str], bytes],
    base_url: str,
    skip: tuple[str, ...] = (),
    only: Collection[str] | None = None,
    places: Places | None = None,
) -> list[Diagnostic]:
    """Broken internal links and fragments; ``origins``: every file of the site with the
    file it was made from, ``read``: a page's bytes; ``skip``: path prefixes not built
    (e.g. the search bundle); ``only``: the pages to read and check (default: every
    page; a fragment is checked only on a page read). Pages are read one at a time;
    only their ids and links are kept. Absolute links to ``base_url`` count as
    internal; links to other sites are not followed. ``places``: where the sources
    wrote a page's links (reported there)."""
    base_path = urlsplit(base_url).path or "/"
    files = set(origins)
    reading = sorted(origins) if only is None else sorted(only)
    pages = {path: _read(read(path)) for path in reading if path.endswith(".html")}
    elsewhere = {url for _, url in places or {}}
    problems: list[Diagnostic] = []
    for path, page in pages.items():
        here = base_path + path.removesuffix(INDEX)  # (unencoded, as ``_target`` reads it back)
        for url, line in page.links:
            written = url
            if url.startswith(base_url):
                url = base_path + url[len(base_url) :]
            parts = urlsplit(resolve(here, url))
            if parts.scheme or parts.netloc:
                continue  # another site, mailto:, data:…
            target = _target(parts.path, base_path)
            if target is None or target.startswith(skip):
                continue
            fragment = unquote(parts.fragment)
            if target not in files and f"{target}/{INDEX}" not in files:
                why = f"no page {shown(target)}"
            elif fragment and target in pages and fragment not in pages[target].ids:
                why = f'no id "{fragment}" on {shown(target)}'
            else:
                continue
            wheres = (places or {}).get((path, written))
            if not wheres and written in elsewhere:
                continue  # (the notes' Markdown shown on another page: reported on the article's page)
            if wheres:
                problems += [error(*where, f'broken link "{unquote(written)}": {why}') for where in wheres]
            else:
                problems.append(
                    error(origins[path], 1, 1, f'broken link "{url}" on {shown(path)} (line {line}): {why}')
                )
    return sorted(set(problems))
