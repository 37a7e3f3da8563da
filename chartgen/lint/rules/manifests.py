"""Rendered manifests against Kubernetes: OpenAPI schemas (strict), kinds without a schema, and API versions that
the target Kubernetes version deprecates or no longer serves.

Schemas are those bundled by ``kubernetes-validate`` (one directory per Kubernetes minor, strict variants forbid
unknown fields). Its own ``validate`` reloads a schema per call and compares versions as strings; here each
version's definitions are loaded once, indexed by group/version/kind, and one validator per kind is cached, so
validating a whole chart costs milliseconds after the first load.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

from chartgen.lint.locate import ManifestDoc, field_path_text, manifest_documents, manifest_location
from chartgen.lint.model import Finding, LintContext, Location, Rule, Severity, rule

__all__ = [
    "KubeTarget",
    "bundled_versions",
    "default_minor",
    "deprecated_apis",
    "kube_target",
    "nearest_bundled",
    "parse_minor",
    "schema_kinds",
]

FAMILY = "manifests"
_DEFS_ID = "https://kubernetes.io/api/_definitions.json"
_VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.\d+-local-strict$")
_KUBE_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$")


# --------------------------------------------------------------------------------------------------------------
# Target version and bundled schemas


@dataclass(frozen=True)
class KubeTarget:
    """The Kubernetes version linted for (``wanted``) and the bundled schema version used (``schema``)."""

    wanted: tuple[int, int]
    schema: tuple[int, int]
    given: bool  # False: Helm's default version, because the user gave none

    @property
    def wanted_text(self) -> str:
        return f"{self.wanted[0]}.{self.wanted[1]}"

    @property
    def schema_text(self) -> str:
        return f"{self.schema[0]}.{self.schema[1]}"


def _schema_root() -> Any:
    from importlib.resources import files

    return files("kubernetes_validate").joinpath("kubernetes-json-schema")


@functools.cache
def bundled_versions() -> tuple[tuple[int, int], ...]:
    """The Kubernetes minors that ``kubernetes-validate`` ships strict schemas for, ascending."""
    found = []
    for entry in _schema_root().iterdir():
        match = _VERSION_DIR.match(entry.name)
        if match:
            found.append((int(match.group(1)), int(match.group(2))))
    return tuple(sorted(found))


def default_minor() -> tuple[int, int]:
    """Helm's default Kubernetes version (Helm 3's), which lint targets without --kube-version."""
    from chartgen.helm.capabilities import default_capabilities

    kube = default_capabilities().KubeVersion
    return int(kube.Major), int(str(kube.Minor).rstrip("+"))


def parse_minor(text: str | None) -> tuple[int, int] | None:
    """``1.20``, ``v1.20.2`` or ``1.20.3-gke.1`` -> (1, 20); None for anything else."""
    match = _KUBE_VERSION.match(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def nearest_bundled(wanted: tuple[int, int]) -> tuple[int, int]:
    """The newest bundled schema version not newer than ``wanted``, or the oldest bundled one for an older target."""
    versions = bundled_versions()
    older = [v for v in versions if v <= wanted]
    return older[-1] if older else versions[0]


def kube_target(ctx: LintContext) -> KubeTarget:
    """The target version from ``ctx.kube_version`` (Helm's default when absent) and the nearest bundled schema."""
    cached = ctx.cache.get("manifests.target")
    if cached is not None:
        return cached
    given = parse_minor(ctx.kube_version)
    wanted = given or default_minor()
    target = KubeTarget(wanted, nearest_bundled(wanted), given is not None)
    ctx.cache["manifests.target"] = target
    return target


class _SchemaSet:
    """One Kubernetes version's strict definitions: a registry for ``$ref`` resolution and a group/version/kind
    index of the top-level object definitions."""

    def __init__(self, version: tuple[int, int]) -> None:
        import json

        from referencing import Registry, Resource

        directory = _schema_root().joinpath(f"v{version[0]}.{version[1]}.0-local-strict")
        definitions = json.loads(directory.joinpath("_definitions.json").read_text(encoding="utf-8"))
        self.registry = Registry().with_resource(_DEFS_ID, Resource.from_contents(definitions))
        self.index: dict[tuple[str, str], str] = {}
        for name, schema in definitions["$defs"].items():
            for gvk in schema.get("x-kubernetes-group-version-kind", ()):
                api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                # DeleteOptions and WatchEvent claim every group; they are never rendered objects.
                self.index.setdefault((api_version, gvk["kind"]), name)
        self._validators: dict[str, Any] = {}

    def validator(self, api_version: str, kind: str) -> Any:
        """A cached validator for ``apiVersion``/``kind``, or None when this version has no schema for it."""
        name = self.index.get((api_version, kind))
        if name is None:
            return None
        if name not in self._validators:
            from jsonschema import Draft202012Validator

            schema = {"$ref": f"{_DEFS_ID}#/$defs/{name}"}
            self._validators[name] = Draft202012Validator(schema, registry=self.registry)
        return self._validators[name]


@functools.cache
def _schemas(version: tuple[int, int]) -> _SchemaSet:
    return _SchemaSet(version)


def schema_kinds(version: tuple[int, int]) -> frozenset[tuple[str, str]]:
    """Every (apiVersion, kind) the bundled schemas of ``version`` define (a bundled version)."""
    return frozenset(_schemas(version).index)


@functools.cache
def deprecated_apis() -> dict[tuple[str, str], dict[str, Any]]:
    """The deprecation table (``chartgen/lint/data/deprecated_apis.yaml``) keyed by (apiVersion, kind)."""
    from importlib.resources import files

    import yaml

    text = files("chartgen.lint").joinpath("data", "deprecated_apis.yaml").read_text(encoding="utf-8")
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {(entry["apiVersion"], entry["kind"]): entry for entry in entries}


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


@dataclass(frozen=True)
class _Issue:
    kind: str  # "schema", "unknown-field", "no-schema"
    doc: ManifestDoc
    path: tuple[str | int, ...]
    message: str


def _objects(ctx: LintContext) -> list[ManifestDoc]:
    return [doc for doc in manifest_documents(ctx) if isinstance(doc.data, dict) and doc.kind and doc.api_version]


def _issues(ctx: LintContext) -> list[_Issue]:
    cached = ctx.cache.get("manifests.issues")
    if cached is not None:
        return cached
    target = kube_target(ctx)
    schemas = _schemas(target.schema)
    issues: list[_Issue] = []
    for doc in _objects(ctx):
        validator = schemas.validator(doc.api_version, doc.kind)
        if validator is None:
            if _removed_in(doc, target) is None:  # a removed API has its own, clearer finding
                issues.append(_Issue("no-schema", doc, ("kind",), ""))
            continue
        for error in validator.iter_errors(doc.data):
            issues.extend(_describe(doc, error))
    ctx.cache["manifests.issues"] = issues
    return issues


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


def _describe(doc: ManifestDoc, error: Any) -> list[_Issue]:
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
            issues.append(_Issue("unknown-field", doc, (*path, key), message))
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
    return [_Issue("schema", doc, path, message)]


def _types(schema: Any) -> list[str]:
    kinds = schema.get("type", []) if isinstance(schema, dict) else []
    return [k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null"]


def _schema_note(target: KubeTarget) -> str:
    return f"Kubernetes {target.schema_text} schemas"


def _issue_findings(ctx: LintContext, r: Rule, kind: str) -> list[Finding]:
    """The validation issues of one kind as findings, each naming the object and the schema version judged by."""
    note = _schema_note(kube_target(ctx))
    return [
        r.finding(f"{issue.doc.object_name}: {issue.message} ({note})", _where(ctx, issue))
        for issue in _issues(ctx)
        if issue.kind == kind
    ]


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
def check_schema(ctx: LintContext, r: Rule) -> list[Finding]:
    return _issue_findings(ctx, r, "schema")


@rule(
    "CG-K8S-002",
    FAMILY,
    Severity.ERROR,
    "A rendered object has a field its Kubernetes schema does not define.",
    "An unknown field is usually a misspelling (volumeMount for volumeMounts); kubectl's strict field validation "
    "rejects it, and lenient clients silently drop it, so the setting never takes effect.",
    "Rename the field to the one suggested, or remove it.",
)
def check_unknown_fields(ctx: LintContext, r: Rule) -> list[Finding]:
    return _issue_findings(ctx, r, "unknown-field")


@rule(
    "CG-K8S-003",
    FAMILY,
    Severity.NOTE,
    "A rendered object's kind has no bundled schema, so it was not validated.",
    "Custom resources (such as IrisCluster) and unknown kinds cannot be checked offline; a typo in kind or "
    "apiVersion also ends up here.",
    "Check the kind and apiVersion; for a custom resource, make sure its CRD is installed in the target cluster.",
)
def check_no_schema(ctx: LintContext, r: Rule) -> list[Finding]:
    target = kube_target(ctx)
    findings = []
    for issue in _issues(ctx):
        if issue.kind != "no-schema":
            continue
        doc = issue.doc
        message = (
            f"no schema for kind {doc.kind} (apiVersion {doc.api_version}) in the {_schema_note(target)}; "
            f"{doc.object_name} was not validated"
        )
        findings.append(r.finding(message, _where(ctx, issue)))
    return findings


@rule(
    "CG-K8S-004",
    FAMILY,
    Severity.ERROR,
    "A rendered object uses an API version the target Kubernetes version no longer serves.",
    "The API server answers 'no matches for kind' and the install fails.",
    "Move the object to the replacement API version named in the message (its fields may differ).",
)
def check_removed_apis(ctx: LintContext, r: Rule) -> list[Finding]:
    target = kube_target(ctx)
    findings = []
    for doc in _objects(ctx):
        entry = _removed_in(doc, target)
        if entry is None:
            continue
        message = (
            f"{doc.object_name}: {doc.api_version} {doc.kind} was removed in Kubernetes {entry['removed']} "
            f"(target {target.wanted_text}); {_replacement(entry)}"
        )
        findings.append(r.finding(message, manifest_location(ctx, doc, ("apiVersion",))))
    return findings


@rule(
    "CG-K8S-005",
    FAMILY,
    Severity.WARNING,
    "A rendered object uses an API version deprecated in the target Kubernetes version.",
    "A deprecated API version is removed in a later release; the chart stops installing after an upgrade.",
    "Move the object to the replacement API version named in the message before the removal release.",
)
def check_deprecated_apis(ctx: LintContext, r: Rule) -> list[Finding]:
    target = kube_target(ctx)
    findings = []
    for doc in _objects(ctx):
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
        findings.append(r.finding(message, manifest_location(ctx, doc, ("apiVersion",))))
    return findings


@rule(
    "CG-K8S-006",
    FAMILY,
    Severity.NOTE,
    "No schemas are bundled for the target Kubernetes version; the nearest bundled version was used.",
    "Fields added or removed between the two versions may be judged wrongly.",
    "Give a --kube-version within the bundled range, or update the kubernetes-validate package.",
)
def check_schema_version(ctx: LintContext, r: Rule) -> list[Finding]:
    if ctx.render is None:
        return []
    target = kube_target(ctx)
    if target.schema == target.wanted:
        return []
    low, high = bundled_versions()[0], bundled_versions()[-1]
    origin = "" if target.given else " (Helm's default)"
    message = (
        f"no schemas bundled for Kubernetes {target.wanted_text}{origin} (bundled: {low[0]}.{low[1]} to "
        f"{high[0]}.{high[1]}); validated against {target.schema_text}"
    )
    return [r.finding(message, Location(str(ctx.chart_dir)))]


def _replacement(entry: dict[str, Any]) -> str:
    replacement = entry.get("replacement")
    if not replacement:
        return "there is no replacement API"
    return f"use {replacement}" if " " in replacement else f"use {replacement} {entry['kind']}"


def _where(ctx: LintContext, issue: _Issue) -> Location:
    return manifest_location(ctx, issue.doc, issue.path)
