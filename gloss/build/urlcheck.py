"""The links and images written in an article's sources, checked where they are written.

The parse stage records every link and image of ``index.md``, ``original.md``
and the notes' Markdown that is neither a link to another article nor to an
id of the document (those are ``references``') as a ``UrlRef``: its URL and
its place (in the notes, the YAML value's). Read against the article's page,
a URL is

- another site's, ``mailto:``…: not followed;
- root-relative but outside the site's base path (``/other/page/`` on a site
  served under ``/my-digest/``): a warning, since it points out of the site
  once deployed (MkDocs warns about such links too); what to write instead;
- a file of the article's own folder (a figure, ``[data](table.csv)``): the
  bundle must hold it (``check_urls``, per article, with the other errors of
  the bundle);
- another file of the site: kept as a ``SiteUrl`` in the article's record and
  checked site-wide against the other articles and their files
  (``site_problem``). The site's other pages (days, tags, the theme's assets)
  are only known once rendered: ``check``'s link check of the rendered pages
  (``formats.linkcheck``) checks those, at the place ``places`` names.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from gloss.build.parse import ParsedArticle
from gloss.build.references import Catalog
from gloss.core.diagnostics import Diagnostic, error, suggest, warning
from gloss.core.urls import ANNOTATIONS, ASSETS, INDEX, PAGEFIND, RESERVED_SLUGS, article, article_url, resolve, shown
from gloss.markdown import UrlRef

Where = tuple[str, int, int]  # file, line, column


@dataclass(frozen=True)
class SiteUrl:
    """A link or image written in a source to another file of the site."""

    url: str  # as the page carries it
    target: str  # the file it points to, from the site's root, not encoded ("other/fig.png")
    fragment: str
    image: bool
    where: Where


class _Aim(NamedTuple):
    kind: str  # "outside" (the base path), "own" (the article's folder) or "site"
    path: str  # "outside": the URL's path; "own": relative to the folder; "site": the target file
    fragment: str


def written(parsed: ParsedArticle) -> Iterator[tuple[UrlRef, str]]:
    """Every ``UrlRef`` of the article's sources, with the file it is written in."""
    for doc in (parsed.index, parsed.original):
        if doc is not None:
            yield from ((url, doc.path) for url in doc.urls)
    yield from ((url, parsed.source.notes_path) for url in parsed.notes_urls)


def _aim(url: str, page: str, base_url: str, base_path: str) -> _Aim | None:
    """Where ``url``, on the page at ``page`` (root-relative), points; None: not in the site."""
    if not url or url.startswith("#"):
        return None  # (the page itself, an id of it: ``references``)
    if url.startswith(base_url):
        url = base_path + url[len(base_url) :]
    try:
        parts = urlsplit(resolve(page, url))
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    if not parts.path.startswith(base_path):
        return _Aim("outside", parts.path, "")
    rel = unquote(parts.path[len(base_path) :])
    rel = rel + INDEX if rel == "" or rel.endswith("/") else rel
    folder = unquote(page[len(base_path) :])
    if rel.startswith(folder):
        return _Aim("own", rel[len(folder) :], unquote(parts.fragment))
    return _Aim("site", rel, unquote(parts.fragment))


def _what(url: UrlRef) -> str:
    return f'{"image" if url.image else "link"} "{unquote(url.url)}"'


def _outside(url: UrlRef, path: str, base_url: str, base_path: str) -> str:
    """Why a URL out of the base path (to ``path``) is wrong, and what to write instead."""
    rooted = url.url.startswith("/")
    instead = f'write "{base_path}{url.url[1:]}" for a page of this site' if rooted else "write a URL within the site"
    return (
        f"{_what(url)} points outside the site: the site is served under {base_path} (base_url), "
        f"so this resolves to {urljoin(base_url, path)}; {instead} "
        "(or an article's slug alone), or the full URL for another site"
    )


def _own_problem(name: str, assets: tuple[str, ...]) -> str | None:
    """What is wrong with a link to ``name`` in the article's own folder (None: nothing)."""
    if name in ("", INDEX, ANNOTATIONS) or name in assets:
        return None
    return f'the bundle has no file "{name}"' + suggest(name, assets).replace("; valid: ", "; files there: ")


def check_urls(
    parsed: ParsedArticle, base_url: str, catalog: Catalog | None, problems: list[Diagnostic]
) -> tuple[SiteUrl, ...]:
    """The article's links and images into its own folder (errors for files the bundle
    lacks) and out of the base path (warnings); the ones to other files of the site are
    checked against ``catalog`` when there is one, and returned (for ``records``)."""
    base_path = urlsplit(base_url).path or "/"
    slug = parsed.source.slug
    page = article_url(base_path, slug)
    found: list[SiteUrl] = []
    for url, path in written(parsed):
        aim = _aim(url.url, page, base_url, base_path)
        where = (path, url.line, url.col)
        if aim is None:
            continue
        if aim.kind == "outside":
            problems.append(warning(*where, _outside(url, aim.path, base_url, base_path)))
        elif aim.kind == "own":
            if why := _own_problem(aim.path, parsed.source.assets):
                problems.append(error(*where, f"{_what(url)}: {why}"))
        else:
            site_url = SiteUrl(url.url, aim.path, aim.fragment, url.image, where)
            found.append(site_url)
            if catalog is not None and (why := site_problem(site_url, catalog)):
                problems.append(error(*where, why))
    return tuple(found)


def site_urls(parsed: ParsedArticle, base_url: str) -> tuple[SiteUrl, ...]:
    """The article's links and images to other files of the site (for its record)."""
    return check_urls(parsed, base_url, None, [])


def site_problem(url: SiteUrl, catalog: Catalog) -> str | None:
    """What is wrong with a link or image to another file of the site (None: nothing, or
    a page only the rendered site's link check knows)."""
    head, _, rest = url.target.partition("/")
    if head in RESERVED_SLUGS or not rest:
        return None  # (days, tags, the theme's assets…; a file at the site's root)
    what = _what(UrlRef(url.url, url.image, 0, 0))
    why = catalog.missing(head)
    if why is not None:
        return why and f"{what}: no page /{head}/ in the site ({why})"
    target = catalog.articles[head]
    if rest == INDEX and url.fragment and url.fragment not in target.ids:
        return f'{what}: no id "{url.fragment}" in {target.path}' + suggest(url.fragment, target.ids).replace(
            "; valid: ", "; ids there: "
        )
    if rest in (INDEX, ANNOTATIONS) or rest in target.assets:
        return None
    return f'{what}: the bundle of "{head}" has no file "{rest}"' + suggest(rest, target.assets).replace(
        "; valid: ", "; files there: "
    )


def check_pages(urls: Iterable[SiteUrl], pages: Collection[str], problems: list[Diagnostic]) -> None:
    """Links and images to the site's pages other than articles (days, tags, the archive,
    home pages…; ``pages``: every one of them): each must be one. The theme's assets and
    the search index are left to the rendered site's link check (``check``)."""
    for url in urls:
        head, _, rest = url.target.partition("/")
        if head in (ASSETS, PAGEFIND) or (head not in RESERVED_SLUGS and rest):
            continue
        if url.target not in pages and f"{url.target}/{INDEX}" not in pages:
            what = _what(UrlRef(url.url, url.image, 0, 0))
            problems.append(error(*url.where, f"{what}: no page {shown(url.target)} in the site"))


def places(urls: Mapping[str, tuple[SiteUrl, ...]]) -> dict[tuple[str, str], tuple[Where, ...]]:
    """Where each (page, URL) was written, for the rendered site's link check:
    ``urls``, each article's ``SiteUrl``s by slug."""
    found: dict[tuple[str, str], list[Where]] = {}
    for slug, written_urls in urls.items():
        for url in written_urls:
            found.setdefault((article(slug), url.url), []).append(url.where)
    return {key: tuple(wheres) for key, wheres in found.items()}
