"""The values schema: composing the chart's schema with overlay fragments, and checking values files against it
with the location of each offending value and a did-you-mean for misspelt keys."""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterator
from typing import Any

from chartgen import resources
from chartgen.errors import Location, ValuesError
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.patch.values_file import ValuesDocument, read_values
from chartgen.records import record

# Charts the bundled schema describes (Chart.yaml names of the stock IKO chart across versions).
BUNDLED_SCHEMA_CHARTS = {"iris-operator-amd", "iris-operator"}
BUNDLED_SCHEMA = "iris-operator.values.schema.json"
SCHEMA_FILE = "values.schema.json"


def base_schema(chart_name: str, chart_schema_text: str | None) -> dict[str, Any] | None:
    """The chart's own values.schema.json if it has one, else the bundled one for the IKO chart."""
    if chart_schema_text is not None:
        from chartgen.helm.gojson import json_nesting

        _, bracket = json_nesting(chart_schema_text)
        if bracket:
            # Go's decoder (and so Helm) refuses it; Python's would read it.
            raise json.JSONDecodeError(f"invalid character '{bracket}' exceeded max depth", chart_schema_text, 0)
        return json.loads(chart_schema_text)
    if chart_name in BUNDLED_SCHEMA_CHARTS:
        return json.loads(resources.schema_path(BUNDLED_SCHEMA).read_text(encoding="utf-8"))
    return None


def compose(base: dict[str, Any] | None, fragment: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the fragment's properties, definitions and allOf rules added."""
    result = copy.deepcopy(base) if base else {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}
    for section in ("properties", "definitions"):
        if section in fragment:
            result.setdefault(section, {}).update(copy.deepcopy(fragment[section]))
    if "allOf" in fragment:
        result.setdefault("allOf", []).extend(copy.deepcopy(fragment["allOf"]))
    return result


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def load_values_file(text: str, where: str, profile: HelmProfile = HELM_3) -> ValuesDocument:
    """A values file as the Helm of ``profile`` reads it, so what is checked here is what Helm will use."""
    return read_values(text, where, profile=profile)


def coalesce(sources: list[ValuesDocument]) -> dict[str, Any]:
    """Helm's merge of values files: later files win, maps merge, lists are replaced, null deletes a key."""
    merged: dict[str, Any] = {}
    for source in sources:
        if source.values:
            merge_into(merged, source.values)
    return merged


def merge_into(into: dict[str, Any], over: dict[str, Any]) -> None:
    """Merge ``over`` into ``into`` as Helm layers values: maps merge, anything else replaces, null deletes."""
    for key, value in over.items():
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            # A copy of the level being merged into: the map may be a source's own, which must stay as read.
            into[key] = merged = dict(into[key])
            merge_into(merged, value)
        else:
            into[key] = value


@record(frozen=True)
class Violation:
    """One schema violation of the merged values: ``key`` is set for an unknown key under ``path``; ``in_schema``
    marks a fault of the schema itself (a pattern Go refuses), which Helm reports before looking at any value."""

    path: list[Any]
    message: str
    key: str | None = None
    in_schema: bool = False


def violations(schema: dict[str, Any], values: dict[str, Any]) -> Iterator[Violation]:
    """Every violation of ``schema`` by ``values``, in path order; an unknown key comes with a did-you-mean.

    Patterns are Go regular expressions matched by RE2, as Helm matches them; a schema with a pattern Go refuses
    gives that one violation and nothing else, as Helm refuses such a schema outright.
    """
    import jsonschema

    from chartgen.helm.schema_patterns import additional_keys, first_invalid_pattern, schema_validator

    refused = first_invalid_pattern(schema)
    if refused is not None:
        what = "patternProperties key" if refused.key else "pattern"
        yield Violation(
            [],
            f"{refused.pointer}: the {what} {refused.pattern!r} is not a valid regular expression: {refused.error}",
            in_schema=True,
        )
        return
    validator = schema_validator(schema, jsonschema.Draft7Validator, HELM_3.go_version, formats=True)
    errors = sorted(validator.iter_errors(values), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    for error in errors:
        error = most_specific(error)
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {}))
            extra = sorted(additional_keys(error.instance, error.schema, HELM_3.go_version))
            for key in extra:
                dotted = ".".join(map(str, [*path, key]))
                message = f"unknown key {dotted!r}"
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                if close:
                    message += f" (did you mean {'.'.join(map(str, [*path, close[0]]))!r}?)"
                yield Violation(path, message, key)
            if extra:
                continue
        dotted = ".".join(map(str, path)) or "(top level)"
        detail = error.schema.get("description") if error.validator == "const" else None
        yield Violation(path, f"{dotted}: {error.message}" + (f" ({detail})" if detail else ""))


def validate(schema: dict[str, Any], sources: list[ValuesDocument]) -> None:
    """Raise ``ValuesError`` for the first violation, located in the last file that set the offending value."""
    first = next(violations(schema, coalesce(sources)), None)
    if first is not None:
        where = Location(SCHEMA_FILE) if first.in_schema else locate(sources, first.path, first.key)
        raise ValuesError(first.message, where)


def most_specific(error: Any) -> Any:
    """The deepest cause of a jsonschema error (an anyOf/oneOf failure names the branch that came closest)."""
    while error.context:
        error = sorted(error.context, key=lambda e: -len(e.absolute_path))[0]
    return error


def locate(sources: list[ValuesDocument], path: list[Any], key: str | None = None) -> Location | None:
    """Where the value at ``path`` (or the key ``key`` under it) was last set: the last file that has it."""
    for source in reversed(sources):
        node: Any = source.values
        found = True
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                found = False
                break
        if not found or node is None:
            continue
        if key is not None:
            if isinstance(node, dict) and key in node:
                pos = source.positions.key(path, key)
                return Location(source.where, *pos) if pos else Location(source.where)
            continue
        pos = source.positions.value(path)
        return Location(source.where, *pos) if pos else Location(source.where)
    return Location(sources[-1].where) if sources else None
