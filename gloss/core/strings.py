"""The page chrome's words in one language: ``t("key_points")``, ``t("digest_of",
date=…)`` and ``t.name("en")`` (a language's name, from the ``lang_<code>``
keys of ``i18n/<lang>.yaml``; the code itself for a language the theme does
not name). ja-JP reads ``ja.yaml``, zh-Hant ``zh.yaml``; English fills the
keys a language lacks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2


class Strings:
    """A theme's strings for one language, callable as ``t(key, **values)``."""

    def __init__(self, table: dict[str, str], fallback: str, lang: str) -> None:
        self.table = table
        self.fallback = fallback
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        if key not in self.table:
            raise jinja2.UndefinedError(f'no translation for "{key}" in i18n/{self.fallback}.yaml')
        return self.table[key].format(**values) if values else self.table[key]

    def name(self, code: str) -> str:
        """The language ``code`` named in this language ("英語" for en in ja);
        a tag with a script or region is named by its primary language
        unless the theme names the whole tag (``lang_zh-Hant``)."""
        primary = code.split("-")[0].lower()
        return self.table.get(f"lang_{code}") or self.table.get(f"lang_{primary}") or code

    def has(self, key: str) -> bool:
        return key in self.table

    def date(self, iso: str, weekday: bool = True) -> str:
        """A ``YYYY-MM-DD`` (or ``YYYY-MM``) date as readers of this language write it,
        from ``date_format``/``month_format`` and the comma-separated ``month_names``
        and ``weekday_names`` (Monday first): 2026年4月8日(水), Apr 8, 2026."""
        try:
            day = dt.date.fromisoformat(iso if len(iso) > 7 else iso + "-01")
        except ValueError:
            return iso
        months = self.table.get("month_names", "").split(",")
        weekdays = self.table.get("weekday_names", "").split(",")
        values = {
            "year": day.year,
            "month": day.month,
            "day": day.day,
            "month_name": months[day.month - 1].strip() if len(months) == 12 else str(day.month),
            "weekday": weekdays[day.weekday()].strip() if len(weekdays) == 7 else "",
        }
        if len(iso) <= 7:
            return self.table.get("month_format", "{year}-{month:02}").format(**values)
        key = "date_format" if weekday else "date_format_short"
        return self.table.get(key, self.table.get("date_format", "{year}-{month:02}-{day:02}")).format(**values)


def strings(tables: dict[str, dict[str, str]], fallback: str, lang: str) -> Strings:
    primary = lang.split("-")[0].lower()
    return Strings({**tables[fallback], **tables.get(primary, {})}, fallback, lang)
