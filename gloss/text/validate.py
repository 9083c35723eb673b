"""JSON Schema validation that speaks like an editor's error list.

``jsonschema`` finds the problems; this module turns each into a
``Diagnostic`` at the line and column where the offending key or value was
written, with "did you mean" for unknown keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from gloss.core.diagnostics import Diagnostic, error, suggest
from gloss.text.languages import LANG_KEYS, check_tags
from gloss.text.yamlsafe import Path, YamlDoc


@lru_cache(maxsize=1)
def notes_schema() -> dict[str, Any]:
    """The JSON Schema of notes.yaml that ships in the package."""
    text = resources.files("gloss").joinpath("notes.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_EXPECTED = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "number": "a number",
    "integer": "a whole number",
    "null": "nothing",
}


def _message(err: jsonschema.ValidationError, path: Path) -> str:
    where = dotted(path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    value: Any = err.validator_value
    if err.validator == "type":
        wanted = value if isinstance(value, list) else [value]
        expected = " or ".join(_EXPECTED.get(str(w), str(w)) for w in wanted)
        return f"{where}: expected {expected}, got {type_name(err.instance)}"
    if err.validator == "pattern":
        hint = schema.get("patternErrorMessage", f"must match {value}")
        return f"{where}: {json.dumps(err.instance, ensure_ascii=False)} is not valid: {hint}"
    if err.validator == "required":
        instance: Any = err.instance
        missing = [k for k in value if k not in instance]
        return f'{where}: missing required key "{missing[0]}"'
    if err.validator == "enum":
        options = ", ".join(json.dumps(v) for v in value)
        return f"{where}: {json.dumps(err.instance, ensure_ascii=False)} is not one of {options}"
    if err.validator == "not":
        return f"{where}: give either an anchor or a quote, not both"
    if err.validator == "uniqueItems":
        return f"{where}: has the same item twice"
    if err.validator == "minLength":
        return f"{where}: must not be empty"
    if err.validator == "oneOf":
        return f'{where}: expected an anchor such as "#id" or a mapping with anchor: and label:'
    return f"{where}: {err.message}"


def _best(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, the errors of the most relevant branch (all of them: an unknown
    key alone does not stop a build, a missing one does)."""
    if err.validator not in ("oneOf", "anyOf") or not err.context:
        return [err]
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for errors in branches.values():  # the branch written for this type of value
        if not any(e.validator == "type" and not e.relative_path for e in errors):
            return errors
    return [err]


def _key_hint(key: str, known: Iterable[str]) -> str:
    """ "Did you mean", after what a full-width space (U+3000) typed with an input method
    did to the key (at the start of a line, YAML reads it as part of the key)."""
    if "\u3000" not in key:
        return suggest(key, known)
    hint = suggest(key.replace("\u3000", " ").strip(), known)
    return (
        f": it holds a full-width space (U+3000, typed with an input method); YAML indents with ASCII spaces only{hint}"
    )


def validate(data: Any, schema: dict[str, Any], doc: YamlDoc, file: str) -> list[Diagnostic]:
    """Every schema problem in ``data``, each at its place in ``file``."""
    validator = jsonschema.Draft202012Validator(schema)
    found: list[Diagnostic] = []
    for err in (best for found_err in validator.iter_errors(data) for best in _best(found_err)):
        path: Path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = (err.schema.get("properties") or {}).keys() if isinstance(err.schema, dict) else []
            for key in sorted((k for k in err.instance if k not in known), key=str):
                line, col = doc.where(path + (key,), key=True)
                inside = f" in {dotted(path)}" if path else ""
                found.append(error(file, line, col, f'unknown key "{key}"{inside}{_key_hint(str(key), known)}'))
            continue
        if err.validator == "pattern" and path and path[-1] in LANG_KEYS:
            continue  # check_tags says it, with a suggestion
        line, col = doc.where(path)
        found.append(error(file, line, col, _message(err, path)))
    found.extend(check_tags(data, doc, file))
    return sorted(set(found))
