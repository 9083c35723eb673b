"""``/<slug>/annotations.jsonld``: an article's annotations as W3C Web Annotations.

One ``AnnotationCollection`` per article, its annotations embedded in the
first (and only) ``AnnotationPage``: highlights (``highlighting``), key
points and takeaways (``describing``), the impact analysis (``assessing``)
and the editor's comment (``commenting``). Passages are given by
``TextQuoteSelector`` as the text reads now (exact words with prefix and
suffix), headings and tables by ``FragmentSelector``; bodies are HTML with
absolute URLs. Annotation ids are stable: the file's URL plus the note's
place in ``notes.yaml``.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import urljoin

from gloss.content.config import SiteConfig
from gloss.content.views import Article, Fragment, TextQuote
from gloss.core.urls import ANNOTATIONS

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
HTML_FRAGMENT = "http://tools.ietf.org/rfc/rfc3236"  # what an HTML page's #id means


def _target(page: str, href: str, quote: TextQuote | None) -> dict[str, Any] | str:
    if quote is not None:
        selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote.exact}
        if quote.prefix:
            selector["prefix"] = quote.prefix
        if quote.suffix:
            selector["suffix"] = quote.suffix
        return {"type": "SpecificResource", "source": page, "selector": selector}
    if href.startswith("#"):
        return {
            "type": "SpecificResource",
            "source": page,
            "selector": {"type": "FragmentSelector", "conformsTo": HTML_FRAGMENT, "value": href[1:]},
        }
    return page


def _body(html: str, lang: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": html, "format": "text/html", "language": lang}


def collection(article: Article, config: SiteConfig) -> bytes:
    """The article's ``annotations.jsonld``."""
    page = urljoin(config.base_url, article.url)
    own = urljoin(page, ANNOTATIONS)
    items: list[dict[str, Any]] = []

    def add(ident: str, motivation: str, target: dict[str, Any] | str, body: Fragment | str | None) -> None:
        item: dict[str, Any] = {"id": f"{own}#{ident}", "type": "Annotation", "motivation": motivation}
        if body:
            item["body"] = _body(body.feed if isinstance(body, Fragment) else body, article.lang)
        item["target"] = target
        items.append(item)

    for i, point in enumerate(article.key_points, 1):
        text = f"<p><strong>{escape(point.title)}</strong>" + (f" {point.text.feed}" if point.text else "") + "</p>"
        add(f"key-point-{i}", "describing", _target(page, point.href or "", point.selector), text)
    for i, takeaway in enumerate(article.takeaways, 1):
        add(f"takeaway-{i}", "describing", _target(page, takeaway.href, takeaway.selector), takeaway.text)
    for i, highlight in enumerate(article.highlights, 1):
        add(f"highlight-{i}", "highlighting", _target(page, highlight.href, highlight.selector), highlight.note)
    if article.analysis:
        add("impact", "assessing", page, article.analysis)
    if article.editorial:
        add("editorial", "commenting", page, article.editorial)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": own,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": len(items),
    }
    if items:
        data["first"] = {
            "id": f"{own}#page-1",
            "type": "AnnotationPage",
            "partOf": own,
            "startIndex": 0,
            "items": items,
        }
    # compact: only then does the json module use its C encoder (ten times faster)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
