"""Regular expressions in a values schema, as Helm treats them: Go's regexp (RE2), never Python's ``re``.

A chart's ``values.schema.json`` and the values checked against it are untrusted, so ``pattern``,
``patternProperties`` (and the ``additionalProperties``/``unevaluatedProperties`` that depend on it) and the
``regex`` format are matched by :mod:`chartgen.goregexp` in time linear in the value, with Go's syntax.

Helm compiles every pattern of the schema before validating anything, and a pattern Go refuses fails the whole
check. The two Helms say so differently:

- Helm 3 (gojsonschema) stops at the first pattern it meets while loading the schema and prints
  ``pattern must be a valid regex`` or ``Invalid regex pattern '<key>'`` (for a ``patternProperties`` key);
- Helm 4 (santhosh-tekuri/jsonschema) validates the schema against its metaschema, where ``pattern`` and the
  ``patternProperties`` keys have ``format: regex``, and prints the metaschema's error tree: one
  ``'allOf' failed`` level per subschema in the vocabulary metaschemas of 2019-09 and 2020-12, ``'anyOf' failed``
  where the metaschema offers a schema or an array, ``validation failed`` above several errors of one schema.

Which keyword is met first, and the order of siblings, follow the libraries' walk; where Helm iterates a Go map
(the members of ``properties``) chartgen takes name order, one of the orders Helm can print.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from chartgen import gostrconv
from chartgen.goregexp import Regexp, RegexpSyntaxError, compile_regexp
from chartgen.helmcompat.profile import HelmProfile
from chartgen.records import field, record

__all__ = [
    "additional_keys",
    "asserts_formats",
    "first_invalid_pattern",
    "schema_validator",
    "helm3_schema_error",
    "helm4_schema_error",
    "santhosh_quote",
]


def _compiled(pattern: Any, go_version: tuple[int, int]) -> Regexp | None:
    if not isinstance(pattern, str):
        return None
    try:
        return compile_regexp(pattern, go_version)
    except RegexpSyntaxError:
        return None


# ------------------------------------------------------------------------------------------------ validating


def additional_keys(instance: dict[str, Any], schema: dict[str, Any], go_version: tuple[int, int]) -> list[str]:
    """The keys of ``instance`` that neither ``properties`` nor a ``patternProperties`` pattern covers."""
    known = schema.get("properties")
    known = known if isinstance(known, dict) else {}
    patterns = schema.get("patternProperties")
    compiled = [_compiled(p, go_version) for p in patterns] if isinstance(patterns, dict) else []
    regexps = [r for r in compiled if r is not None]
    return [k for k in instance if k not in known and not any(r.search(k) for r in regexps)]


def _extras_message(extras: list[str]) -> str:
    return ", ".join(repr(extra) for extra in extras) + (" was" if len(extras) == 1 else " were")


def _keywords(go_version: tuple[int, int]) -> dict[str, Any]:
    """jsonschema keyword functions that match with Go's regexp instead of Python's."""
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, patrn: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "string") or not isinstance(patrn, str):
            return
        try:
            regexp = compile_regexp(patrn, go_version)
        except RegexpSyntaxError as exc:
            yield ValidationError(f"{patrn!r} is not a valid regular expression: {exc}")
            return
        if not regexp.search(instance):
            yield ValidationError(f"{instance!r} does not match {patrn!r}")

    def pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object") or not isinstance(patterns, dict):
            return
        for patrn, subschema in patterns.items():
            regexp = _compiled(patrn, go_version)
            if regexp is None:
                continue
            for key, value in instance.items():
                if regexp.search(key):
                    yield from validator.descend(value, subschema, path=key, schema_path=patrn)

    def additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        extras = additional_keys(instance, schema, go_version)
        if validator.is_type(additional, "object"):
            for extra in extras:
                yield from validator.descend(instance[extra], additional, path=extra)
        elif not additional and extras:
            if "patternProperties" in schema:
                verb = "does" if len(extras) == 1 else "do"
                names = ", ".join(repr(e) for e in sorted(extras))
                patterns = ", ".join(repr(p) for p in sorted(schema["patternProperties"]))
                yield ValidationError(f"{names} {verb} not match any of the regexes: {patterns}")
            else:
                unexpected = _extras_message(sorted(extras))
                yield ValidationError(f"Additional properties are not allowed ({unexpected} unexpected)")

    def unevaluated_properties(validator: Any, unevaluated: Any, instance: Any, schema: Any) -> Iterator[Any]:
        # Each property no other keyword evaluated is checked against the subschema, and fails on its own path
        # (santhosh-tekuri/jsonschema's way; Helm 3's gojsonschema does not know the keyword).
        if not validator.is_type(instance, "object"):
            return
        evaluated = _evaluated_keys(validator, instance, schema, go_version, set())
        for key, value in instance.items():
            if key in evaluated:
                continue
            if unevaluated is False:
                yield ValidationError(
                    f"False schema does not allow {value!r}", validator=None, path=[key], schema=False
                )
            else:
                yield from validator.descend(value, unevaluated, path=key)

    return {
        "pattern": pattern,
        "patternProperties": pattern_properties,
        "additionalProperties": additional_properties,
        "unevaluatedProperties": unevaluated_properties,
    }


def _evaluated_keys(
    validator: Any, instance: dict[str, Any], schema: Any, go_version: tuple[int, int], seen: set[int]
) -> set:
    """The keys some keyword of ``schema`` (or of a subschema applied to the same object) evaluated."""
    if not isinstance(schema, dict) or id(schema) in seen:
        return set()
    seen = seen | {id(schema)}  # a schema that refers to itself evaluates nothing new
    keys: set[str] = set()

    def valid(subschema: Any) -> bool:
        return bool(validator.evolve(schema=subschema).is_valid(instance))

    for keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
        reference = schema.get(keyword)
        if not isinstance(reference, str):
            continue
        resolved = validator._resolver.lookup(reference)
        inner = validator.evolve(schema=resolved.contents, _resolver=resolved.resolver)
        keys |= _evaluated_keys(inner, instance, resolved.contents, go_version, seen)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        keys |= properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in schema:
            subschema = schema[keyword]
            keys |= {k for k, v in instance.items() if validator.evolve(schema=subschema).is_valid(v)}
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict):
        regexps = [r for r in (_compiled(p, go_version) for p in patterns) if r is not None]
        keys |= {k for k in instance if any(r.search(k) for r in regexps)}
    dependent = schema.get("dependentSchemas")
    if isinstance(dependent, dict):
        for name, subschema in dependent.items():
            if name in instance:
                keys |= _evaluated_keys(validator, instance, subschema, go_version, seen)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword) or ():
            if valid(subschema):
                keys |= _evaluated_keys(validator, instance, subschema, go_version, seen)
    if "if" in schema:
        branch = ("if", "then") if valid(schema["if"]) else ("else",)
        for keyword in branch:
            keys |= _evaluated_keys(validator, instance, schema.get(keyword), go_version, seen)
    return keys


def asserts_formats(base: type, profile: HelmProfile) -> bool:
    """Whether Helm checks ``format``: Helm 3 always, Helm 4 for drafts before 2019-09 (an annotation after)."""
    return not profile.schema_draft_2020 or _dialect(base).flat


def schema_validator(schema: Any, base: type, go_version: tuple[int, int], *, formats: bool = False) -> Any:
    """A validator of class ``base`` (a jsonschema validator class) for ``schema`` that matches every pattern
    with Go's regexp, and checks the ``regex`` format when ``formats`` is set."""
    checker = _format_checker(go_version) if formats else None
    return _validator_class(base, go_version)(schema, format_checker=checker)


@functools.cache
def _validator_class(base: type, go_version: tuple[int, int]) -> type:
    from jsonschema import validators

    keywords = {name: check for name, check in _keywords(go_version).items() if name in base.VALIDATORS}
    return validators.extend(base, validators=keywords)


@functools.cache
def _format_checker(go_version: tuple[int, int]) -> Any:
    """Only the ``regex`` format, the one that compiles a value as a pattern."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("regex", raises=RegexpSyntaxError)
    def is_regex(instance: object) -> bool:
        if isinstance(instance, str):
            compile_regexp(instance, go_version)
        return True

    return checker


# ------------------------------------------------------------------------------------------------ invalid patterns


def _escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


@record(frozen=True)
class InvalidPattern:
    pointer: str  # of the ``pattern`` keyword, or of the ``patternProperties`` object holding the key
    pattern: str
    error: RegexpSyntaxError
    key: bool  # a ``patternProperties`` key rather than a ``pattern`` value


def _problem(pointer: str, pattern: Any, *, key: bool, go_version: tuple[int, int]) -> InvalidPattern | None:
    if not isinstance(pattern, str):
        return None
    try:
        compile_regexp(pattern, go_version)
    except RegexpSyntaxError as exc:
        return InvalidPattern(pointer, pattern, exc, key)
    return None


# Helm 3's walk: gojsonschema loads a schema's keywords in this order (a local $ref first, then definitions,
# properties, additionalProperties, patternProperties, ...), and stops at the first pattern Go refuses.
_H3_AFTER_PATTERN = ("contains", "allOf", "anyOf", "oneOf", "not", "if", "then", "else")


def _resolve_local(doc: Any, reference: str) -> Any:
    if not reference.startswith("#"):
        return None
    node = doc
    for part in reference[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _helm3_problems(doc: Any, go_version: tuple[int, int]) -> Iterator[InvalidPattern]:
    """Every invalid pattern in the order gojsonschema meets them (it stops at the first)."""
    stack: list[tuple[str, Any] | InvalidPattern] = [("", doc)]
    visited: set[int] = set()
    while stack:
        task = stack.pop()
        if isinstance(task, InvalidPattern):
            yield task
            continue
        pointer, node = task
        if not isinstance(node, dict) or id(node) in visited:
            continue
        visited.add(id(node))
        todo: list[tuple[str, Any] | InvalidPattern | None] = []
        reference = node.get("$ref")
        if isinstance(reference, str):
            todo.append((reference, _resolve_local(doc, reference)))
        for keyword in ("definitions", "properties"):
            members = node.get(keyword)
            if isinstance(members, dict):
                todo += [(f"{pointer}/{keyword}/{_escape(k)}", v) for k, v in members.items()]
        todo.append((f"{pointer}/additionalProperties", node.get("additionalProperties")))
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict):
            for key, value in patterns.items():
                todo.append(_problem(f"{pointer}/patternProperties", key, key=True, go_version=go_version))
                todo.append((f"{pointer}/patternProperties/{_escape(key)}", value))
        dependencies = node.get("dependencies")
        if isinstance(dependencies, dict):
            todo += [(f"{pointer}/dependencies/{_escape(k)}", v) for k, v in dependencies.items()]
        todo.append((f"{pointer}/additionalItems", node.get("additionalItems")))
        items = node.get("items")
        if isinstance(items, list):
            todo += [(f"{pointer}/items/{i}", item) for i, item in enumerate(items)]
        else:
            todo.append((f"{pointer}/items", items))
        todo.append((f"{pointer}/propertyNames", node.get("propertyNames")))
        todo.append(_problem(f"{pointer}/pattern", node.get("pattern"), key=False, go_version=go_version))
        for keyword in _H3_AFTER_PATTERN:
            value = node.get(keyword)
            if isinstance(value, list):
                todo += [(f"{pointer}/{keyword}/{i}", item) for i, item in enumerate(value)]
            else:
                todo.append((f"{pointer}/{keyword}", value))
        stack.extend(reversed([t for t in todo if t is not None]))


def first_invalid_pattern(doc: Any, go_version: tuple[int, int] = (1, 23)) -> InvalidPattern | None:
    """The first pattern of the schema that Go refuses, in the order Helm 3 loads the schema."""
    return next(_helm3_problems(doc, go_version), None)


def helm3_schema_error(doc: Any, go_version: tuple[int, int]) -> str | None:
    """Helm 3's line for a schema with a pattern Go refuses, or None."""
    found = first_invalid_pattern(doc, go_version)
    if found is None:
        return None
    return f"Invalid regex pattern '{found.pattern}'" if found.key else "pattern must be a valid regex"


# Helm 4: the metaschema's structure, per draft. How a keyword holds subschemas:
_SCHEMA, _MAP, _ARRAY, _SCHEMA_OR_ARRAY, _BOOL_OR_SCHEMA, _SCHEMA_OR_STRINGS = range(6)


@record(frozen=True)
class _Dialect:
    url: str
    keywords: dict[str, tuple[int, int]]  # keyword -> (vocabulary index, how it holds subschemas)
    flat: bool  # draft-04/06/07: one metaschema; 2019-09/2020-12: a metaschema per vocabulary, under allOf
    root_type: str = "boolean or object"  # what the metaschema's own "type" wants, for "got array, want ..."
    root_keywords: dict[str, int] = field(default_factory=dict)  # the vocabulary metaschemas' root's own


_PATTERN = -1
_DRAFT4_KEYWORDS = {
    "additionalItems": (0, _BOOL_OR_SCHEMA),
    "additionalProperties": (0, _BOOL_OR_SCHEMA),
    "allOf": (0, _ARRAY),
    "anyOf": (0, _ARRAY),
    "definitions": (0, _MAP),
    "dependencies": (0, _SCHEMA_OR_STRINGS),
    "items": (0, _SCHEMA_OR_ARRAY),
    "not": (0, _SCHEMA),
    "oneOf": (0, _ARRAY),
    "pattern": (0, _PATTERN),
    "patternProperties": (0, _MAP),
    "properties": (0, _MAP),
}
_DRAFT6_KEYWORDS = {
    **_DRAFT4_KEYWORDS,
    "additionalItems": (0, _SCHEMA),
    "additionalProperties": (0, _SCHEMA),
    "contains": (0, _SCHEMA),
    "propertyNames": (0, _SCHEMA),
}
_DRAFT7_KEYWORDS = {**_DRAFT6_KEYWORDS, "if": (0, _SCHEMA), "then": (0, _SCHEMA), "else": (0, _SCHEMA)}
_APPLICATOR_2019 = {
    "additionalItems": _SCHEMA,
    "unevaluatedItems": _SCHEMA,
    "items": _SCHEMA_OR_ARRAY,
    "contains": _SCHEMA,
    "additionalProperties": _SCHEMA,
    "unevaluatedProperties": _SCHEMA,
    "properties": _MAP,
    "patternProperties": _MAP,
    "dependentSchemas": _MAP,
    "propertyNames": _SCHEMA,
    "if": _SCHEMA,
    "then": _SCHEMA,
    "else": _SCHEMA,
    "allOf": _ARRAY,
    "anyOf": _ARRAY,
    "oneOf": _ARRAY,
    "not": _SCHEMA,
}
# Vocabularies in the order of the metaschema's allOf: core, applicator, (unevaluated,) validation, ..., content.
_DRAFT2019_KEYWORDS = {
    "$defs": (0, _MAP),
    **{k: (1, how) for k, how in _APPLICATOR_2019.items()},
    "pattern": (2, _PATTERN),
    "contentSchema": (5, _SCHEMA),
}
_DRAFT2020_KEYWORDS = {
    "$defs": (0, _MAP),
    **{
        k: (1, how)
        for k, how in _APPLICATOR_2019.items()
        if k not in ("additionalItems", "unevaluatedItems", "unevaluatedProperties")
    },
    "prefixItems": (1, _ARRAY),
    "items": (1, _SCHEMA),
    "unevaluatedItems": (2, _SCHEMA),
    "unevaluatedProperties": (2, _SCHEMA),
    "pattern": (3, _PATTERN),
    "contentSchema": (6, _SCHEMA),
}
_ROOT_KEYWORDS = {"definitions": _MAP, "dependencies": _SCHEMA_OR_STRINGS}


def _dialect(base: type) -> _Dialect:
    url = str(getattr(base, "META_SCHEMA", {}).get("$schema", ""))
    url = url if url.endswith("#") else url + "#"
    if "2020-12" in url:
        return _Dialect(url, _DRAFT2020_KEYWORDS, flat=False, root_keywords=_ROOT_KEYWORDS)
    if "2019-09" in url:
        return _Dialect(url, _DRAFT2019_KEYWORDS, flat=False, root_keywords=_ROOT_KEYWORDS)
    if "draft-07" in url:
        return _Dialect(url, _DRAFT7_KEYWORDS, flat=True)
    if "draft-06" in url:
        return _Dialect(url, _DRAFT6_KEYWORDS, flat=True)
    return _Dialect(url, _DRAFT4_KEYWORDS, flat=True, root_type="object")


@record
class _Error:
    pointer: str
    message: str
    causes: list[_Error] = field(default_factory=list)


def santhosh_quote(text: str) -> str:
    """How santhosh-tekuri/jsonschema quotes a string: Go's ``strconv.Quote`` turned into single quotes."""
    inner = gostrconv.quote(text)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{inner}'"


def _group(errors: list[_Error], pointer: str) -> _Error:
    return errors[0] if len(errors) == 1 else _Error(pointer, "validation failed", errors)


class _MetaWalk:
    """The errors Helm 4's metaschema check gives for the invalid patterns of one schema document."""

    def __init__(self, doc: Any, dialect: _Dialect, go_version: tuple[int, int]) -> None:
        self.dialect = dialect
        self.go_version = go_version
        self.errors: dict[str, list[_Error]] = {}
        # Every subschema in pre-order, so children are done before their parents when walked backwards.
        order: list[tuple[str, dict]] = []
        stack: list[tuple[str, Any]] = [("", doc)]
        while stack:
            pointer, node = stack.pop()
            if not isinstance(node, dict):
                continue
            order.append((pointer, node))
            stack.extend(reversed(list(self.children(pointer, node))))
        for pointer, node in reversed(order):
            self.errors[pointer] = self.node_errors(pointer, node)

    def keyword_table(self, node: dict) -> dict[str, tuple[int, int]]:
        table = dict(self.dialect.keywords)
        table.update({k: (-1, how) for k, how in self.dialect.root_keywords.items()})
        return {k: table[k] for k in sorted(node) if k in table}

    def children(self, pointer: str, node: dict) -> Iterator[tuple[str, Any]]:
        for keyword, (_, how) in self.keyword_table(node).items():
            value, where = node[keyword], f"{pointer}/{_escape(keyword)}"
            if how in (_MAP, _SCHEMA_OR_STRINGS) and isinstance(value, dict):
                yield from ((f"{where}/{_escape(k)}", v) for k, v in sorted(value.items()))
            elif how in (_ARRAY, _SCHEMA_OR_ARRAY) and isinstance(value, list):
                yield from ((f"{where}/{i}", v) for i, v in enumerate(value))
            elif how in (_SCHEMA, _SCHEMA_OR_ARRAY, _BOOL_OR_SCHEMA):
                yield where, value

    def schema_branch(self, pointer: str, value: Any) -> list[_Error]:
        found = self.errors.get(pointer) if isinstance(value, dict) else None
        return [_group(found, pointer)] if found else []

    def keyword_errors(self, pointer: str, keyword: str, how: int, value: Any) -> list[_Error]:
        where = f"{pointer}/{_escape(keyword)}"
        if how == _PATTERN:
            bad = _problem(where, value, key=False, go_version=self.go_version)
            return [_Error(where, f"{santhosh_quote(bad.pattern)} is not valid regex: {bad.error}")] if bad else []
        if how == _SCHEMA:
            return self.schema_branch(where, value)
        if how == _BOOL_OR_SCHEMA:
            branch = self.schema_branch(where, value)
            return (
                [_Error(where, "'anyOf' failed", [_Error(where, "got object, want boolean"), *branch])]
                if branch
                else []
            )
        if how == _SCHEMA_OR_ARRAY:
            if isinstance(value, list):
                items = [e for i, item in enumerate(value) for e in self.schema_branch(f"{where}/{i}", item)]
                if not items:
                    return []
                wrong = _Error(where, f"got array, want {self.dialect.root_type}")
                return [_Error(where, "'anyOf' failed", [wrong, _group(items, where)])]
            branch = self.schema_branch(where, value)
            return (
                [_Error(where, "'anyOf' failed", [*branch, _Error(where, "got object, want array")])] if branch else []
            )
        out: list[_Error] = []
        if how == _ARRAY and isinstance(value, list):
            for i, item in enumerate(value):
                out += self.schema_branch(f"{where}/{i}", item)
        elif isinstance(value, dict):
            for key, member in sorted(value.items()):
                branch = self.schema_branch(f"{where}/{_escape(key)}", member)
                if branch and how == _SCHEMA_OR_STRINGS:
                    at = f"{where}/{_escape(key)}"
                    branch = [_Error(at, "'anyOf' failed", [*branch, _Error(at, "got object, want array")])]
                out += branch
            if keyword == "patternProperties":
                for key in sorted(value):
                    bad = _problem("", key, key=True, go_version=self.go_version)
                    if bad is not None:
                        quoted = santhosh_quote(key)
                        cause = _Error("", f"{quoted} is not valid regex: {bad.error}")
                        out.append(_Error("", f"invalid propertyName {quoted}", [cause]))
        return out

    def node_errors(self, pointer: str, node: dict) -> list[_Error]:
        out: list[_Error] = []
        vocabularies: dict[int, list[_Error]] = {}
        for keyword, (vocabulary, how) in self.keyword_table(node).items():
            found = self.keyword_errors(pointer, keyword, how, node[keyword])
            if self.dialect.flat or vocabulary < 0:
                out += found
            elif found:
                vocabularies.setdefault(vocabulary, []).extend(found)
        if vocabularies:
            failing = [_group(vocabularies[v], pointer) for v in sorted(vocabularies)]
            out.append(_Error(pointer, "'allOf' failed", failing))
        return out


def helm4_schema_error(doc: Any, base: type, go_version: tuple[int, int]) -> list[str] | None:
    """Helm 4's lines for a schema with a pattern Go refuses (its metaschema check), or None."""
    dialect = _dialect(base)
    top = _MetaWalk(doc, dialect, go_version).errors.get("", [])
    if not top:
        return None
    lines = [
        '"file:///values.schema.json#" is not valid against metaschema: '
        f"jsonschema validation failed with '{dialect.url}'"
    ]
    stack = [(error, 0) for error in reversed(top)]
    while stack:
        error, depth = stack.pop()
        lines.append(f"{'  ' * depth}- at '{error.pointer}': {error.message}")
        stack.extend((cause, depth + 1) for cause in reversed(error.causes))
    return lines
