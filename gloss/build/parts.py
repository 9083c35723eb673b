"""Parts of pages kept between builds (``Renderer.part``): a part is rendered once for
its template, language and data, and found again first by the identity of its data (a
running preview's refreshed site-wide views keep the objects an edit did not change,
and hashing a month of a 10,000-article archive costs more than looking it up), else
by equality. The least recently used are dropped past ``MAX_PARTS``.

A build in a fresh process keeps them in the persistent cache too (``Kept``): the
home page's days, a tag page's runs and the archive's months, which every daily
deploy's home pages and lists show again, are read back instead of rendered."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from gloss.core import cache as disk

MAX_PARTS = 4096
SPARE = 4  # the cache's parts are pruned to those of one build past this many times as many


@dataclass
class Kept:
    """Parts kept in the persistent cache, each under a key made of its template,
    language, names, the digests of its data (``digest``) and ``base`` (what every part
    depends on: gloss, the theme, the configuration)."""

    store: disk.Store
    base: str
    digest: Callable[[Any], str]
    used: set[str] = field(default_factory=set)

    def get(
        self, template: str, lang: str, names: tuple[str, ...], values: tuple[Any, ...], make: Callable[[], Markup]
    ) -> Markup:
        key = disk.key(
            self.base.encode(),
            template.encode(),
            lang.encode(),
            *(n.encode() for n in names),
            *(self.digest(v).encode() for v in values),
        )
        self.used.add(key)
        found = self.store.get(key)
        if isinstance(found, str):
            return Markup(found)
        made = make()
        self.store.put(key, str(made))
        return made

    def prune(self, floor: int = 1024) -> int:
        """Drop the parts this build did not use, once there are ``SPARE`` times as many
        as it used (or as ``floor``) — the parts of pages it kept go too, made again when
        next needed; how many were dropped."""
        if self.store.count() > SPARE * max(len(self.used), floor):
            return self.store.prune(self.used)
        return 0


class Parts:
    def __init__(self) -> None:
        self.by_value: OrderedDict[Any, Markup] = OrderedDict()
        self.by_id: dict[Any, tuple[tuple[Any, ...], Markup]] = {}
        self.kept: Kept | None = None  # where a build of a fresh process also keeps them

    def get(self, template: str, lang: str, context: dict[str, Any], make: Callable[[], Markup]) -> Markup:
        """The part for ``context``, made with ``make`` when none is kept."""
        names = tuple(sorted(context))
        values = tuple(tuple(v) if isinstance(v, list) else v for v in map(context.get, names))  # (a batch's run)
        ids = (template, lang, names, tuple(map(id, values)))
        known = self.by_id.get(ids)
        if known is not None and all(a is b for a, b in zip(known[0], values, strict=True)):
            return known[1]
        try:
            key: Any = (template, lang, names, values)
            found = self.by_value.get(key)
        except TypeError:  # (data that cannot be a key: made every time)
            return make()
        if found is None:
            found = make() if self.kept is None else self.kept.get(template, lang, names, values, make)
        self.by_value[key] = found
        self.by_value.move_to_end(key)
        self.by_id[ids] = (values, found)
        while len(self.by_value) > MAX_PARTS:
            self.by_value.popitem(last=False)
        if len(self.by_id) > MAX_PARTS:
            self.by_id.clear()
        return found
