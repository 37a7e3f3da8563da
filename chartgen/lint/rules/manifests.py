"""Rendered manifests against Kubernetes: OpenAPI schemas (strict), kinds without a schema, and API versions that
the target Kubernetes version deprecates or no longer serves (schemas and deprecations: ``chartgen.lint.kube_schemas``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from chartgen.disk_cache import cache_root, code_stamp, read_json, write_json
from chartgen.errors import Location
from chartgen.findings import Finding, Severity
from chartgen.lint.kube_schemas import KubeTarget, bundled_versions, definitions_file, deprecated_apis, schemas
from chartgen.lint.locate import ManifestDoc, field_path_text, manifest_location
from chartgen.lint.model import Rule, rule
from chartgen.records import record

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from chartgen.lint.context import LintContext

__all__ = ["SchemaIssue", "manifest_objects", "schema_issues"]

FAMILY = "manifests"


def _minor(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    major, minor = str(text).split(".")
    return int(major), int(minor)


def _removed_in(doc: ManifestDoc, target: KubeTarget) -> dict[str, Any] | None:
    entry = deprecated_apis().get((doc.api_version, doc.kind))
    removed = _minor(entry.get("removed")) if entry else None
    return entry if removed is not None and removed <= target.wanted else None


# --------------------------------------------------------------------------------------------------------------
# Schema validation, shared by the rules below


@record(frozen=True)
class SchemaIssue:
    """One way a rendered object fails its schema, worded without quoting the offending value."""

    kind: str  # "schema", "unknown-field", "no-schema"
    doc: ManifestDoc
    path: tuple[str | int, ...]
    message: str


def manifest_objects(docs: list[ManifestDoc]) -> list[ManifestDoc]:
    """The rendered documents that are Kubernetes objects (a mapping with a kind and an apiVersion)."""
    return [doc for doc in docs if isinstance(doc.data, dict) and doc.kind and doc.api_version]


def schema_issues(docs: list[ManifestDoc], target: KubeTarget) -> list[SchemaIssue]:
    """Every schema problem of the rendered objects, judged by the schemas bundled for ``target`` (what
    ``LintContext.schema_issues`` holds for the rules below)."""
    issues: list[SchemaIssue] = []
    for doc in manifest_objects(docs):
        found = _judged(doc, target.schema)
        if found is None:
            if _removed_in(doc, target) is None:  # a removed API has its own, clearer finding
                issues.append(SchemaIssue("no-schema", doc, ("kind",), ""))
            continue
        issues.extend(SchemaIssue(kind, doc, path, message) for kind, path, message in found)
    return issues


_Verdict = list[tuple[str, tuple[str | int, ...], str]]


def _judged(doc: ManifestDoc, version: tuple[int, int]) -> _Verdict | None:
    """One object's schema problems (None: no schema for its kind), from the disk cache when this object was
    judged by this schema before: loading the definitions and the validator costs more than a small chart's lint."""
    key = _verdict_key(doc, version)
    if key:
        cached = _verdict_from(read_json(VERDICT_KIND, key))
        if cached is not None:
            return cached[0]
    validator = schemas(version).validator(doc.api_version, doc.kind)
    found = None
    if validator is not None:
        found = [(i.kind, i.path, i.message) for e in validator.iter_errors(doc.data) for i in _describe(doc, e)]
    if key:
        write_json(VERDICT_KIND, key, {"schema": validator is not None, "issues": found or []})
    return found


VERDICT_KIND = "manifest-verdicts"
_OWN_CODE = ("lint/rules/manifests.py", "lint/kube_schemas.py", "lint/locate.py")
_LIBRARIES = ("jsonschema", "jsonschema_specifications", "referencing")


def _verdict_key(doc: ManifestDoc, version: tuple[int, int]) -> str:
    """The cache key of ``doc`` judged by ``version``'s schemas, or ``""`` when there is none to use."""
    if cache_root() is None:
        return ""
    stamp = code_stamp(_OWN_CODE, _LIBRARIES, (definitions_file(version),))
    if not stamp:
        return ""
    try:
        text = json.dumps(doc.data, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return ""
    digest = hashlib.sha256(stamp)
    digest.update(f"{version}\0{doc.api_version}\0{doc.kind}\0".encode("utf-8", "surrogatepass"))
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _verdict_from(entry: Any) -> tuple[_Verdict | None] | None:
    """A cached verdict checked for shape (wrapped, since "no schema" is itself a verdict), or None."""
    if not isinstance(entry, dict) or not isinstance(entry.get("schema"), bool):
        return None
    issues = entry.get("issues")
    if not isinstance(issues, list):
        return None
    found: _Verdict = []
    for issue in issues:
        if not (isinstance(issue, list) and len(issue) == 3):
            return None
        kind, path, message = issue
        if not (isinstance(kind, str) and isinstance(message, str) and isinstance(path, list)):
            return None
        if not all(isinstance(part, str | int) and not isinstance(part, bool) for part in path):
            return None
        found.append((kind, tuple(path), message))
    return (found if entry["schema"] else None,)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _describe(doc: ManifestDoc, error: ValidationError) -> list[SchemaIssue]:
    """Turn one jsonschema error into issues whose messages never quote the offending value (it may be a secret)."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list((error.schema.get("properties") or {}).keys())
        issues = []
        for key in error.instance:
            if key in known:
                continue
            hint = difflib.get_close_matches(key, known, n=1)
            where = field_path_text(path) or "the top level"
            message = f"unknown field {key!r} in {where}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            issues.append(SchemaIssue("unknown-field", doc, (*path, key), message))
        return issues
    where = field_path_text(path) or "object"
    if error.validator == "type":
        expected = error.validator_value
        expected = [t for t in expected if t != "null"] if isinstance(expected, list) else [expected]
        message = f"{where}: expected {' or '.join(expected)}, got {_json_kind(error.instance)}"
    elif error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        message = f"{where}: missing required field {missing[0]!r}" if missing else f"{where}: {error.message}"
    elif error.validator == "enum":
        allowed = ", ".join(repr(v) for v in error.validator_value)
        message = f"{where}: must be one of {allowed}"
    elif error.validator in ("oneOf", "anyOf"):
        forms = {t for sub in error.validator_value for t in _types(sub)}
        message = f"{where}: expected {' or '.join(sorted(forms)) or 'another form'}, got {_json_kind(error.instance)}"
    else:
        message = f"{where}: does not satisfy the schema's {error.validator!r} constraint"
    return [SchemaIssue("schema", doc, path, message)]


def _types(schema: Any) -> list[str]:
    kinds = schema.get("type", []) if isinstance(schema, dict) else []
    return [k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null"]


def _schema_note(target: KubeTarget) -> str:
    return f"Kubernetes {target.schema_text} schemas"


def _issue_findings(ctx: LintContext, this: Rule, kind: str) -> Iterator[Finding]:
    """The validation issues of one kind as findings, each naming the object and the schema version judged by."""
    note = _schema_note(ctx.kube_target)
    for issue in ctx.schema_issues:
        if issue.kind == kind:
            yield this.finding(f"{issue.doc.object_name}: {issue.message} ({note})", _where(ctx, issue))


# --------------------------------------------------------------------------------------------------------------
# Rules


@rule(
    "CG-K8S-001",
    FAMILY,
    Severity.ERROR,
    "A rendered object does not match its Kubernetes OpenAPI schema.",
    "The API server rejects an object whose fields have the wrong type, a value outside the allowed set or a "
    "missing required field, so the install fails part-way.",
    "Correct the field at the reported template line; the message names the field and what the schema expects.",
)
def check_schema(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    yield from _issue_findings(ctx, this, "schema")


@rule(
    "CG-K8S-002",
    FAMILY,
    Severity.ERROR,
    "A rendered object has a field its Kubernetes schema does not define.",
    "An unknown field is usually a misspelling (volumeMount for volumeMounts); kubectl's strict field validation "
    "rejects it, and lenient clients silently drop it, so the setting never takes effect.",
    "Rename the field to the one suggested, or remove it.",
)
def check_unknown_fields(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    yield from _issue_findings(ctx, this, "unknown-field")


@rule(
    "CG-K8S-003",
    FAMILY,
    Severity.NOTE,
    "A rendered object's kind has no bundled schema, so it was not validated.",
    "Custom resources (such as IrisCluster) and unknown kinds cannot be checked offline; a typo in kind or "
    "apiVersion also ends up here.",
    "Check the kind and apiVersion; for a custom resource, make sure its CRD is installed in the target cluster.",
)
def check_no_schema(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    target = ctx.kube_target
    for issue in ctx.schema_issues:
        if issue.kind != "no-schema":
            continue
        doc = issue.doc
        message = (
            f"no schema for kind {doc.kind} (apiVersion {doc.api_version}) in the {_schema_note(target)}; "
            f"{doc.object_name} was not validated"
        )
        yield this.finding(message, _where(ctx, issue))


@rule(
    "CG-K8S-004",
    FAMILY,
    Severity.ERROR,
    "A rendered object uses an API version the target Kubernetes version no longer serves.",
    "The API server answers 'no matches for kind' and the install fails.",
    "Move the object to the replacement API version named in the message (its fields may differ).",
)
def check_removed_apis(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    target = ctx.kube_target
    for doc in manifest_objects(ctx.manifests):
        entry = _removed_in(doc, target)
        if entry is None:
            continue
        message = (
            f"{doc.object_name}: {doc.api_version} {doc.kind} was removed in Kubernetes {entry['removed']} "
            f"(target {target.wanted_text}); {_replacement(entry)}"
        )
        yield this.finding(message, manifest_location(ctx, doc, ("apiVersion",)))


@rule(
    "CG-K8S-005",
    FAMILY,
    Severity.WARNING,
    "A rendered object uses an API version deprecated in the target Kubernetes version.",
    "A deprecated API version is removed in a later release; the chart stops installing after an upgrade.",
    "Move the object to the replacement API version named in the message before the removal release.",
)
def check_deprecated_apis(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    target = ctx.kube_target
    for doc in manifest_objects(ctx.manifests):
        entry = deprecated_apis().get((doc.api_version, doc.kind))
        if entry is None or _removed_in(doc, target) is not None:
            continue
        deprecated = _minor(entry.get("deprecated"))
        if deprecated is None or deprecated > target.wanted:
            continue
        removal = f", removed in {entry['removed']}" if entry.get("removed") else ""
        message = (
            f"{doc.object_name}: {doc.api_version} {doc.kind} is deprecated since Kubernetes "
            f"{entry['deprecated']}{removal} (target {target.wanted_text}); {_replacement(entry)}"
        )
        yield this.finding(message, manifest_location(ctx, doc, ("apiVersion",)))


@rule(
    "CG-K8S-006",
    FAMILY,
    Severity.NOTE,
    "No schemas are bundled for the target Kubernetes version; the nearest bundled version was used.",
    "Fields added or removed between the two versions may be judged wrongly.",
    "Give a --kube-version within the bundled range, or update the kubernetes-validate package.",
)
def check_schema_version(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    if ctx.render is None:
        return
    target = ctx.kube_target
    if target.schema == target.wanted:
        return
    low, high = bundled_versions()[0], bundled_versions()[-1]
    origin = "" if target.given else " (Helm's default)"
    message = (
        f"no schemas bundled for Kubernetes {target.wanted_text}{origin} (bundled: {low[0]}.{low[1]} to "
        f"{high[0]}.{high[1]}); validated against {target.schema_text}"
    )
    yield this.finding(message, Location(str(ctx.chart_dir)))


def _replacement(entry: dict[str, Any]) -> str:
    replacement = entry.get("replacement")
    if not replacement:
        return "there is no replacement API"
    return f"use {replacement}" if " " in replacement else f"use {replacement} {entry['kind']}"


def _where(ctx: LintContext, issue: SchemaIssue) -> Location:
    return manifest_location(ctx, issue.doc, issue.path)
