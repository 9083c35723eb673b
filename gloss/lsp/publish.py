"""gloss's diagnostics as the protocol's: the same place, severity and words.

gloss names where a problem starts; the protocol wants a range, so each one
runs to the end of what is written there: the YAML value starting at that
place (on its first line), else the word.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from lsprotocol import types

from gloss.core.diagnostics import Diagnostic
from gloss.lsp.positions import Lines, Place, Span, gloss_place
from gloss.lsp.yamlspans import scalars

SOURCE = "gloss"


def _end(place: Place, lines: Lines, yaml_text: str | None) -> Place:
    for scalar in (scalars(yaml_text) or ()) if yaml_text is not None else ():
        if scalar.span.start == place:
            return (
                scalar.span.end
                if scalar.span.end.line == place.line
                else Place(place.line, len(lines.line(place.line)))
            )
    text = lines.line(place.line)
    col = place.col
    while col < len(text) and not text[col].isspace():
        col += 1
    return Place(place.line, col)


def convert(diagnostic: Diagnostic, lines: Lines) -> types.Diagnostic:
    """One of gloss's diagnostics in a file whose text is ``lines``."""
    start = gloss_place(diagnostic.line, diagnostic.col)
    yaml_text = lines.text if diagnostic.path.endswith(".yaml") else None
    severity = types.DiagnosticSeverity.Error if diagnostic.severity == "error" else types.DiagnosticSeverity.Warning
    return types.Diagnostic(
        range=lines.range(Span(start, _end(start, lines, yaml_text))),
        message=diagnostic.message,
        severity=severity,
        source=SOURCE,
    )


def by_file(diagnostics: Iterable[Diagnostic], files: Iterable[str]) -> dict[str, list[Diagnostic]]:
    """The diagnostics of each file (every one of ``files`` listed, maybe with none)."""
    grouped: dict[str, list[Diagnostic]] = {os.path.abspath(path): [] for path in files}
    for diagnostic in diagnostics:
        grouped.setdefault(os.path.abspath(diagnostic.path), []).append(diagnostic)
    return grouped
