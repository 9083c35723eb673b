"""Parts of pages kept between builds (``Renderer.part``): a part is rendered once for
its template, language and data, and found again first by the identity of its data (a
running preview's refreshed site-wide views keep the objects an edit did not change,
and hashing a month of a 10,000-article archive costs more than looking it up), else
by equality. The least recently used are dropped past ``MAX_PARTS``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

MAX_PARTS = 4096


class Parts:
    def __init__(self) -> None:
        self.by_value: OrderedDict[Any, Markup] = OrderedDict()
        self.by_id: dict[Any, tuple[tuple[Any, ...], Markup]] = {}

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
            found = make()
        self.by_value[key] = found
        self.by_value.move_to_end(key)
        self.by_id[ids] = (values, found)
        while len(self.by_value) > MAX_PARTS:
            self.by_value.popitem(last=False)
        if len(self.by_id) > MAX_PARTS:
            self.by_id.clear()
        return found
