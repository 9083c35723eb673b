"""The comparison as one Markdown table, and issue 6's targets as ratios from the same run."""

from __future__ import annotations

from dataclasses import dataclass

COLD = "gloss cold, no search"
WARM = "gloss warm, nothing changed"
FLOOR = "I/O floor (read + write every corpus file)"
GLOSS_PREVIEW = "preview: gloss, notes.yaml edit (to files written)"
GLOSS_HTTP_PREVIEW = "preview: gloss serve, notes.yaml edit (to page served)"
HUGO_PREVIEW = "preview: hugo server, index.md edit (to page served)"
MEMORY_SIZE, MEMORY_MIB = 10_000, 500.0


@dataclass(frozen=True)
class Row:
    articles: int
    label: str
    version: str = ""
    wall: float | None = None  # seconds (median)
    cpu: float | None = None
    peak_mib: float | None = None
    pages: int | None = None
    runs: int = 0
    latency: bool = False  # a preview latency: wall is save → change visible
    note: str = ""


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _ratio(row: Row, base: Row | None) -> str:
    if row.wall is None or base is None or not base.wall or row is base:
        return "1.00×" if row is base else "–"
    return f"{row.wall / base.wall:.2f}×"


def _line(row: Row, base: Row | None) -> str:
    if row.wall is None:
        return f"| {row.articles:,} | {row.label} | {row.version} | – | – | – | – | – | – | – | {row.note} |"
    wall = f"{row.wall * 1000:,.0f} ms" if row.latency else _num(row.wall, 2)
    rate = _num(row.pages / row.wall, 0) if row.pages and row.wall > 0 else "–"
    pages = f"{row.pages:,}" if row.pages is not None else "–"
    cpu = "–" if row.latency else _num(row.cpu, 2)
    peak = "–" if row.latency else _num(row.peak_mib, 0)
    return (
        f"| {row.articles:,} | {row.label} | {row.version} | {row.runs} | {wall} | {cpu} | {peak} | {pages} | "
        f"{rate} | {_ratio(row, base)} | {row.note} |"
    )


def table(rows: list[Row]) -> str:
    head = (
        "| articles | generator, case | version | runs | wall s (median) | CPU s | peak RSS MiB | .html pages "
        "| pages/s | ÷ gloss | note |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    lines = [head]
    for row in rows:
        same = [r for r in rows if r.articles == row.articles]
        base = _find(same, GLOSS_PREVIEW if row.latency else COLD)
        lines.append(_line(row, base))
    return "\n".join(lines)


def _find(rows: list[Row], label: str) -> Row | None:
    return next((r for r in rows if r.label == label and r.wall is not None), None)


def _check(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def targets(rows: list[Row]) -> str:
    """Issue 6's targets, per size, from the rows of this run."""
    lines = ["| articles | target | measured | met |", "|---:|---|---|---|"]
    for articles in sorted({r.articles for r in rows}):
        same = [r for r in rows if r.articles == articles]
        cold, warm, floor = _find(same, COLD), _find(same, WARM), _find(same, FLOOR)
        hugo, eleventy = _find(same, "hugo"), _find(same, "eleventy")
        preview, hugo_preview = _find(same, GLOSS_PREVIEW), _find(same, HUGO_PREVIEW)
        served = _find(same, GLOSS_HTTP_PREVIEW) or preview
        checks: list[tuple[str, float | None, str, bool | None]] = [
            ("gloss cold ≥ 2× faster than Hugo", _div(hugo, cold), "Hugo ÷ gloss = {:.2f}×", None),
            ("gloss cold within 1.2× of Eleventy", _div(cold, eleventy), "gloss ÷ Eleventy = {:.2f}×", None),
            ("warm no-change within 1.5× of the I/O floor", _div(warm, floor), "warm ÷ floor = {:.2f}×", None),
            ("notes-edit preview < 150 ms (median)", preview.wall * 1000 if preview else None, "{:.0f} ms", None),
            (
                "notes-edit preview 3× sooner than hugo server (both to page served)",
                _div(hugo_preview, served),
                "hugo server ÷ gloss = {:.2f}×",
                None,
            ),
        ]
        limits = [lambda v: v >= 2, lambda v: v <= 1.2, lambda v: v <= 1.5, lambda v: v < 150, lambda v: v >= 3]
        for (name, value, fmt, _), limit in zip(checks, limits, strict=True):
            shown = fmt.format(value) if value is not None else "not measured"
            lines.append(f"| {articles:,} | {name} | {shown} | {_check(None if value is None else limit(value))} |")
        if cold and cold.peak_mib is not None:
            ok = cold.peak_mib < MEMORY_MIB if articles >= MEMORY_SIZE else None
            where = "" if articles >= MEMORY_SIZE else f" (target is at {MEMORY_SIZE:,})"
            lines.append(
                f"| {articles:,} | peak memory < {MEMORY_MIB:.0f} MiB at {MEMORY_SIZE:,} articles | "
                f"{cold.peak_mib:,.0f} MiB cold, no search{where} | {_check(ok)} |"
            )
    return "\n".join(lines)


def _div(a: Row | None, b: Row | None) -> float | None:
    if not a or not b or not a.wall or not b.wall:
        return None
    return a.wall / b.wall


def render(rows: list[Row], date: str, command: str, runs: int) -> str:
    return (
        f"Measured {date} with `{command}` ({runs} alternating run(s) per size, medians; "
        "peak RSS summed over the process tree).\n\n"
        + table(rows)
        + "\n\nTargets (issue 6), from this run:\n\n"
        + targets(rows)
        + "\n"
    )
