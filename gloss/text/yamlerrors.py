"""PyYAML's syntax errors said in words an editor can act on, at the place the
mistake was made: an unclosed quote where it opens (PyYAML notices only at the
end of the file), a list item or key indented unlike its siblings with the
column they are at."""

from __future__ import annotations

from typing import Any

Where = tuple[int, int, str]  # 0-based line and column, the message


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def explain(problem: str, context: str, problem_mark: Any, context_mark: Any) -> Where | None:
    """The place and words for a known PyYAML syntax error, else None (the
    caller keeps PyYAML's own words)."""
    if context_mark is not None and "quoted scalar" in context and "end of stream" in problem:
        return (
            context_mark.line,
            context_mark.column,
            "this quote is never closed: the value that starts here runs to the end of the file; "
            "close it with the same quote mark on this line (or write the value without quotes)",
        )
    if problem_mark is None:
        return None
    if "expected '-' indicator" in problem and context_mark is not None:
        return (
            problem_mark.line,
            problem_mark.column,
            f'this line is indented unlike the list above it (its items start with "- " at column '
            f"{context_mark.column + 1}, from {_at(context_mark)}); indent it like them, or under an item's "
            "keys to belong to that item",
        )
    if "expected key" in problem and context_mark is not None:
        return (
            problem_mark.line,
            problem_mark.column,
            f"this line is indented unlike the keys above it (they start at column {context_mark.column + 1}, "
            f'from {_at(context_mark)}); indent it to the same column, or write "- " to start a new list item',
        )
    if "mapping values are not allowed" in problem:
        return (
            problem_mark.line,
            problem_mark.column,
            'a ": " here makes a new key where a value was expected: put the value in quotes if it holds '
            '": ", or check this line\'s indentation',
        )
    if "cannot start any token" in problem:
        return (
            problem_mark.line,
            problem_mark.column,
            "a character that cannot start a value here: a tab (YAML indents with spaces only), "
            "or a value starting with @ or ` (put it in quotes)",
        )
    return None
