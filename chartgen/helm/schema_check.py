"""Validating coalesced values against each chart's ``values.schema.json``, with Helm 3's or Helm 4's wording.

Helm checks the root chart against its schema and every (enabled) subchart against its own schema with that
subchart's scope of the values. Helm 3 (gojsonschema) prints one ``- <dotted.path>: <message>`` line per problem;
Helm 4 (santhosh-tekuri/jsonschema) prints ``- at '<json pointer>': <message>`` lines, nesting the causes of a
property whose value has several problems under ``validation failed``. Both helms iterate Go maps when
collecting errors, so the order of errors (and of additional property names) varies between runs of real Helm;
we use a fixed order: required, then additional properties (Helm 3) / properties then additional (Helm 4).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from chartgen.command_runtime import recursion_room
from chartgen.disk_cache import cache_root, code_stamp, read_json, write_json
from chartgen.errors import RenderError
from chartgen.helm.gojson import json_nesting
from chartgen.helm.schema_patterns import (
    additional_keys,
    asserts_formats,
    helm3_schema_error,
    helm4_schema_error,
    santhosh_quote,
    schema_validator,
)
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.records import record

__all__ = ["schema_errors", "validate_values"]

_HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):\n"


def validate_values(chart: Any, values: dict[str, Any], *, profile: HelmProfile = HELM_3) -> None:
    """Raise Helm's error when ``values`` (the root chart's coalesced values) break any chart's schema."""
    report = _chart_report(chart, values, profile)
    if report:
        raise RenderError(_HEADER + report)


def _chart_report(chart: Any, values: dict[str, Any], profile: HelmProfile) -> str:
    out = []
    if chart.schema is not None:
        lines = schema_errors(chart.schema, values, profile)
        if lines:
            out.append(f"{chart.name}:\n" + "".join(line + "\n" for line in lines))
    for sub in chart.dependencies:
        scope = values.get(sub.name)
        out.append(_chart_report(sub, scope if isinstance(scope, dict) else {}, profile))
    return "".join(out)


def schema_errors(schema: bytes, values: Any, profile: HelmProfile = HELM_3) -> list[str]:
    """The error lines (without newlines) Helm prints for one chart's schema and values.

    A verdict is kept in chartgen's disk cache, keyed by the schema, the values and the profile, because
    importing the validator costs more than most renders: a chart rendered or linted again with the same values
    never loads it."""
    text = schema.decode("utf-8", "surrogateescape")
    depth, bracket = json_nesting(text)
    if bracket:
        return [f"invalid character '{bracket}' exceeded max depth"]
    try:
        with recursion_room(depth * 12 + 200):
            try:
                instance_text = json.dumps(values, default=_json_default)
            except TypeError:
                return _validate(text, values, profile)
            key = _verdict_key(schema, instance_text, profile)
            cached = _verdict_from(read_json(VERDICT_KIND, key)) if key else None
            if cached is not None:
                return cached
            lines = _validate(text, values, profile)
            if key:
                write_json(VERDICT_KIND, key, lines)
            return lines
    except RecursionError:
        return ["- the schema or the values nest more deeply than this Python stack can validate"]


def _validate(text: str, values: Any, profile: HelmProfile) -> list[str]:
    import jsonschema

    try:
        schema_doc = json.loads(text)
    except ValueError as exc:
        return [f"- {exc}"]
    default = jsonschema.Draft202012Validator if profile.schema_draft_2020 else jsonschema.Draft7Validator
    cls = jsonschema.validators.validator_for(schema_doc, default=default)
    # Helm compiles every pattern before it validates anything; one that Go refuses fails the whole check.
    go = profile.go_version
    refused = (
        helm4_schema_error(schema_doc, cls, go) if profile.schema_draft_2020 else helm3_schema_error(schema_doc, go)
    )
    if refused:
        return refused if isinstance(refused, list) else [refused]
    instance = json.loads(json.dumps(values, default=_json_default))
    validator = schema_validator(schema_doc, cls, go, formats=asserts_formats(cls, profile))
    errors = list(validator.iter_errors(instance))
    if profile.schema_draft_2020:
        return _helm4_lines(errors, profile.go_version)
    return _helm3_lines(errors, profile.go_version)


# --- the verdict cache -----------------------------------------------------------------------------------------

VERDICT_KIND = "schema-verdicts"
# What a verdict depends on besides its inputs: this checker, the Go regexp engine its patterns run on, and the
# validator library. Their files' sizes and times stand for them, so an upgrade or an edit is a cache miss.
_OWN_CODE = ("helm/schema_check.py", "helm/schema_patterns.py", "helm/gojson.py", "gostrconv.py", "goregexp")
_LIBRARIES = ("jsonschema", "jsonschema_specifications", "referencing")


def _verdict_key(schema: bytes, instance_text: str, profile: HelmProfile) -> str:
    """The verdict's cache key, or ``""`` when there is no cache or the code it depends on cannot be found."""
    if cache_root() is None:
        return ""
    stamp = code_stamp(_OWN_CODE, _LIBRARIES)
    if not stamp:
        return ""
    digest = hashlib.sha256(stamp)
    digest.update(repr(profile).encode() + b"\0")
    digest.update(str(len(schema)).encode() + b"\0" + schema)
    digest.update(instance_text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _verdict_from(lines: Any) -> list[str] | None:
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        return None
    return lines


def _json_default(value: Any) -> Any:
    to_json = getattr(value, "go_json", None)
    if to_json is not None:
        return to_json()
    if isinstance(value, (bytes, bytearray)):
        import base64

        return base64.b64encode(value).decode("ascii")
    raise TypeError(type(value).__name__)


# --- Helm 3 (gojsonschema) -------------------------------------------------------------------------------------

_H3_RANK = {"required": 0, "additionalProperties": 1}


def _helm3_lines(errors: list[Any], go_version: tuple[int, int]) -> list[str]:
    lines: list[tuple[int, int, str]] = []
    for index, error in enumerate(errors):
        rank = _H3_RANK.get(error.validator, 2) if not error.absolute_path else 2
        for text in _helm3_messages(error, go_version):
            lines.append((rank, index, text))
    return [text for _, _, text in sorted(lines)]


def _helm3_field(path: list[Any]) -> str:
    return ".".join(str(p) for p in path) if path else "(root)"


def _helm3_messages(error: Any, go_version: tuple[int, int]) -> list[str]:
    field = _helm3_field(list(error.absolute_path))
    keyword, expected, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return [f"- {field}: {missing} is required"]
    if keyword == "additionalProperties":
        return [f"- {field}: Additional property {name} is not allowed" for name in _extras(error, go_version)]
    if keyword is None and error.schema is False:
        return [f"- {field}: False always fails validation"]
    if keyword == "type":
        want = expected if isinstance(expected, str) else "[" + ",".join(expected) + "]"
        return [f"- {field}: Invalid type. Expected: {want}, given: {_h3_type(instance)}"]
    name = field.rsplit(".", 1)[-1]
    simple = {
        "enum": lambda: f"{name} must be one of the following: {', '.join(_go_json(v) for v in expected)}",
        "const": lambda: f"{name} does not match: {_go_json(expected)}",
        "minimum": lambda: f"Must be greater than or equal to {_num(expected)}",
        "maximum": lambda: f"Must be less than or equal to {_num(expected)}",
        "exclusiveMinimum": lambda: f"Must be greater than {_num(expected)}",
        "exclusiveMaximum": lambda: f"Must be less than {_num(expected)}",
        "multipleOf": lambda: f"Must be a multiple of {_num(expected)}",
        "pattern": lambda: f"Does not match pattern '{expected}'",
        "format": lambda: f"Does not match format '{expected}'",
        "minLength": lambda: f"String length must be greater than or equal to {expected}",
        "maxLength": lambda: f"String length must be less than or equal to {expected}",
        "minItems": lambda: f"Array must have at least {expected} items",
        "maxItems": lambda: f"Array must have at most {expected} items",
        "minProperties": lambda: f"Must have at least {expected} properties",
        "maxProperties": lambda: f"Must have at most {expected} properties",
        "anyOf": lambda: "Must validate at least one schema (anyOf)",
        "oneOf": lambda: "Must validate one and only one schema (oneOf)",
        "allOf": lambda: "Must validate all the schemas (allOf)",
        "not": lambda: "Must not validate the schema (not)",
    }
    make = simple.get(keyword)
    return [f"- {field}: {make() if make else error.message}"]


def _h3_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


# --- Helm 4 (santhosh-tekuri/jsonschema v6) --------------------------------------------------------------------

_H4_RANK = {"required": 0, "additionalProperties": 2}


def _helm4_lines(errors: list[Any], go_version: tuple[int, int]) -> list[str]:
    ordered = sorted(
        enumerate(errors),
        key=lambda item: (_H4_RANK.get(item[1].validator, 1) if not item[1].absolute_path else 1, item[0]),
    )
    entries = [(list(error.absolute_path), text) for _, error in ordered for text in _helm4_messages(error, go_version)]
    return _helm4_tree(entries, [], 0)


def _helm4_tree(entries: list[tuple[list[Any], str]], prefix: list[Any], depth: int) -> list[str]:
    """Print errors at ``prefix`` directly; group a child's errors under "validation failed" when there are several.

    Entries keep their order: a child's group stands where its first error came (santhosh-tekuri/jsonschema
    reports in keyword order, so ``properties`` errors come between ``required`` and ``additionalProperties``).
    """
    lines: list[str] = []
    indent = "  " * depth
    groups: dict[Any, list[tuple[list[Any], str]]] = {}
    slots: list[tuple[list[Any], str] | Any] = []
    for path, text in entries:
        rest = path[len(prefix) :]
        if not rest:
            slots.append((path, text))
            continue
        if rest[0] not in groups:
            groups[rest[0]] = []
            slots.append(_Group(rest[0]))
        groups[rest[0]].append((path, text))
    for slot in slots:
        if not isinstance(slot, _Group):
            path, text = slot
            lines.append(f"{indent}- at '{_pointer(path)}': {text}")
            continue
        members = groups[slot.key]
        if len(members) == 1:
            path, text = members[0]
            lines.append(f"{indent}- at '{_pointer(path)}': {text}")
        else:
            child = [*prefix, slot.key]
            lines.append(f"{indent}- at '{_pointer(child)}': validation failed")
            lines.extend(_helm4_tree(members, child, depth + 1))
    return lines


@record(frozen=True)
class _Group:
    key: Any


def _pointer(path: list[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _helm4_messages(error: Any, go_version: tuple[int, int]) -> list[str]:
    keyword, expected, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = [name for name in expected if isinstance(instance, dict) and name not in instance]
        if len(missing) == 1:
            return [f"missing property '{missing[0]}'"]
        # jsonschema reports each missing name; Helm 4 reports them together, once.
        first = error.message.split("'")[1] if "'" in error.message else ""
        if missing and first != missing[0]:
            return []
        return ["missing properties " + ", ".join(f"'{m}'" for m in missing)]
    if keyword == "additionalProperties":
        return ["additional properties " + ", ".join(f"'{n}'" for n in _extras(error, go_version)) + " not allowed"]
    if keyword is None and error.schema is False:
        return ["false schema"]
    if keyword == "type":
        wants = [expected] if isinstance(expected, str) else sorted(expected)
        return [f"got {_h4_type(instance)}, want {' or '.join(wants)}"]
    if keyword == "enum":
        if any(isinstance(v, (dict, list)) for v in expected):
            return ["'enum' failed"]
        return ["value must be one of " + ", ".join(_h4_value(v) for v in expected)]
    if keyword == "const":
        return [f"value must be {_h4_value(expected)}"]
    if keyword == "pattern":
        return [f"{_h4_value(instance)} does not match pattern {santhosh_quote(expected)}"]
    if keyword == "format" and expected == "regex" and error.cause is not None:
        return [f"{_h4_value(instance)} is not valid regex: {error.cause}"]
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        return [f"{keyword}: got {_num(instance)}, want {_num(expected)}"]
    if keyword in ("minLength", "maxLength"):
        return [f"{keyword}: got {len(instance)}, want {expected}"]
    if keyword in ("minItems", "maxItems", "minProperties", "maxProperties"):
        return [f"{keyword}: got {len(instance)}, want {expected}"]
    return [error.message]


def _h4_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _h4_value(value: Any) -> str:
    return santhosh_quote(value) if isinstance(value, str) else _go_json(value)


# --- shared --------------------------------------------------------------------------------------------------


def _extras(error: Any, go_version: tuple[int, int]) -> list[str]:
    """The property names that made additionalProperties fail, in the values' (sorted, JSON) key order."""
    parent = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(additional_keys(instance, parent, go_version))


def _go_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
