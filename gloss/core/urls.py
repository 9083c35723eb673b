"""Every page kind's output path and URL, in one place.

A page's output path is relative to the site's root (``digest/2026-04-08/index.html``);
its URL is root-relative, under the site's base path, the output path without
``index.html`` and percent-encoded (``url``): pretty URLs, so that the URL of a
page is the folder holding it. Links in feeds are made absolute from these
(``urljoin`` with the base URL).

``KINDS`` lists every kind of file the build makes; the slugs an article may
not take (``RESERVED_SLUGS``: the top-level folders and files of the other
kinds) and the kinds ``sitemap.xml`` lists (``SITEMAP_KINDS``) follow from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import quote, urljoin

INDEX = "index.html"
ANNOTATIONS = "annotations.jsonld"  # an article's Web Annotation export, beside its page
ASSETS = "assets"  # the theme's assets
HIGHLIGHT_CSS = f"{ASSETS}/highlight.css"  # code highlighting, made by the build
PAGEFIND = "pagefind"  # the search index
FEED = "feed.xml"
TAGS_INDEX = f"tags/{INDEX}"
ARCHIVE = f"archive/{INDEX}"
SEARCH = f"search/{INDEX}"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def url(base_path: str, path: str) -> str:
    """The URL of the file at ``path`` (a page's: its folder), under ``base_path``."""
    return base_path + quote(path.removesuffix(INDEX))


def absolute(base_url: str, path: str) -> str:
    """The absolute URL of the file at ``path`` (for feeds, the sitemap, robots.txt)."""
    return urljoin(base_url, quote(path.removesuffix(INDEX)))


_ORIGIN = "http://gloss.invalid"  # a stand-in origin: ``urljoin`` resolves "../" past the root only against one


def resolve(page: str, link: str) -> str:
    """``link`` as a browser resolves it on the page at root-relative ``page``: root-relative
    ("../" past the root stays at the root, where ``urljoin`` alone would give a relative
    URL back), or absolute when it names a scheme or a host of its own."""
    joined = urljoin(_ORIGIN + page, link)
    return joined[len(_ORIGIN) :] if joined.startswith(_ORIGIN + "/") else joined


def shown(path: str) -> str:
    """The page at ``path`` as messages name it, from the site's root, not encoded ("/tags/日本/")."""
    return "/" + path.removesuffix(INDEX)


def article(slug: str) -> str:
    return f"{slug}/{INDEX}"


def annotations_file(slug: str) -> str:
    return f"{slug}/{ANNOTATIONS}"


def bundle_file(slug: str, name: str) -> str:
    """A bundle's asset (a figure…), copied beside the article's page."""
    return f"{slug}/{name}"


def day(date: str) -> str:
    return f"digest/{date}/{INDEX}"


def home(number: int) -> str:
    """The home page's ``number``-th page (from 1)."""
    return INDEX if number == 1 else f"page/{number}/{INDEX}"


def tag(slug: str) -> str:
    return f"tags/{slug}/{INDEX}"


def tag_feed(slug: str) -> str:
    return f"tags/{slug}/{FEED}"


def article_url(base_path: str, slug: str) -> str:
    return url(base_path, article(slug))


def day_url(base_path: str, date: str) -> str:
    return url(base_path, day(date))


def home_url(base_path: str, number: int) -> str:
    return url(base_path, home(number))


def tag_url(base_path: str, slug: str) -> str:
    return url(base_path, tag(slug))


class Kind(NamedTuple):
    """A kind of file the build makes: its output path from the page's key (none for
    a single page), whether ``sitemap.xml`` lists it, and a key to show it with."""

    name: str
    path: Callable[..., str]
    listed: bool = False
    example: tuple[object, ...] = ()
    per_article: bool = False  # under the article's own folder (``<slug>/``)


def _fixed(path: str) -> Callable[[], str]:
    return lambda: path


KINDS: tuple[Kind, ...] = (
    Kind("article", article, True, ("a-slug",), per_article=True),
    Kind("annotations", annotations_file, False, ("a-slug",), per_article=True),
    Kind("bundle file", bundle_file, False, ("a-slug", "figure.png"), per_article=True),
    Kind("day", day, True, ("2026-04-08",)),
    Kind("home", home, True, (1,)),
    Kind("home page", home, True, (2,)),
    Kind("tags", _fixed(TAGS_INDEX), True),
    Kind("tag", tag, True, ("a-tag",)),
    Kind("tag feed", tag_feed, False, ("a-tag",)),
    Kind("feed", _fixed(FEED)),
    Kind("archive", _fixed(ARCHIVE), True),
    Kind("search", _fixed(SEARCH)),
    Kind("404", _fixed(NOT_FOUND)),
    Kind("sitemap", _fixed(SITEMAP)),
    Kind("robots", _fixed(ROBOTS)),
    Kind("highlight css", _fixed(HIGHLIGHT_CSS)),
    Kind("theme asset", lambda name: f"{ASSETS}/{name}", False, ("style.css",)),
    Kind("search index", lambda name: f"{PAGEFIND}/{name}", False, ("pagefind.js",)),
)

SITEMAP_KINDS = tuple(kind.name for kind in KINDS if kind.listed)

# what an article's slug may not be: the first segment of every other kind's path
RESERVED_SLUGS = frozenset(kind.path(*kind.example).split("/")[0] for kind in KINDS if not kind.per_article)
