"""Chart structure, as ``helm lint`` checks it: Chart.yaml fields, values.yaml, templates that fail to render,
rendered documents that are not YAML, workloads without a selector, object names Kubernetes would refuse.

Severities follow ``helm lint --strict`` where a problem stops an install (error) and are softened to warnings
where Helm reports an error about metadata that never reaches the cluster (icon and maintainer shape). An object
name the API server refuses is an error, though ``helm lint`` only warns: the severity follows what the server
does, the wording stays Helm's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from chartgen.chartio.source import read_chart_file
from chartgen.errors import ChartgenError, ChartLoadError, Location
from chartgen.findings import Finding, Severity
from chartgen.helm.chart_loader import _valid_semver  # Helm's own (loose) acceptance rule
from chartgen.helm.yaml_load import ValuesLoadError, load_values
from chartgen.helmcompat.profile import HELM_3
from chartgen.k8s_names import DNS1035_LABEL as _DNS1035_LABEL
from chartgen.k8s_names import DNS1123_LABEL as _DNS1123_LABEL
from chartgen.k8s_names import DNS1123_SUBDOMAIN as _DNS1123_SUBDOMAIN
from chartgen.lint.locate import document_location, template_path
from chartgen.lint.model import Rule, rule
from chartgen.yamlread.roundtrip import key_position, load_yaml, position_of

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["ChartYaml", "chart_file", "chart_text", "failure_finding", "read_chart_yaml"]

FAMILY = "chart"
# Errors whose subject another rule reports with a better location, so the render failure is not repeated.
_SCHEMA_FAILURE = "values don't meet the specifications of the schema(s)"
_USER_VALUES_FAILURE = "failed to parse "
_FAILED_VALUES_FILE = re.compile(r"^failed to parse (?P<file>[^:\n]+): ")
_YAML_FAILURE = re.compile(r"^YAML parse error on (?P<template>[^:]+): (?P<detail>.*)$", re.S)
_TEMPLATE_POSITION = re.compile(
    r"(?:template: |parse error at \(|execution error at \()(?P<template>[^\s:()]+):(?P<line>\d+)(?::(?P<col>\d+))?"
)
_WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")
_TEMPLATE_EXTENSIONS = (".yaml", ".yml", ".tpl", ".txt")

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


class ChartYaml(NamedTuple):
    """Chart.yaml as the field rules read it: the mapping (None when it did not load as one), the problem that
    stopped it as (message, location), and its path as shown."""

    document: Any
    problem: tuple[str, Location] | None
    path: str


# --------------------------------------------------------------------------------------------------------------
# Helpers: chart_file and chart_text are shared with other families.


def chart_file(ctx: LintContext, name: str) -> str:
    """The path of a chart file (``templates/x.yaml``) as the user would open it: under the chart as given.

    For a packaged chart the archive path is used as a folder prefix, since the member has no path of its own.
    """
    return str(Path(ctx.chart_dir) / name) if name else str(ctx.chart_dir)


def chart_text(ctx: LintContext, name: str) -> str:
    """The text of the chart file ``name``, read the way the chart loader reads it (links inside the chart only,
    Helm's size limit); a ChartgenError says why it cannot be read."""
    where = chart_file(ctx, name)
    try:
        return read_chart_file(ctx.chart_dir, name, str(ctx.chart_dir)).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ChartLoadError(f"not UTF-8 text (byte {exc.start})", Location(where)) from None
    except OSError as exc:
        raise ChartLoadError(exc.strerror or str(exc), Location(where)) from None


def object_name(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return f"{data.get('kind', '')}/{metadata.get('name', '')}"


# --------------------------------------------------------------------------------------------------------------
# Chart.yaml, read with positions so findings point at the offending field.


def read_chart_yaml(ctx: LintContext) -> ChartYaml:
    """Chart.yaml with positions, for ``LintContext.chart_yaml`` (read once for all Chart.yaml rules)."""
    where = chart_file(ctx, "Chart.yaml")
    path = Path(ctx.chart_dir) / "Chart.yaml"
    if not Path(ctx.chart_dir).is_dir():
        return ChartYaml(ctx.chart.metadata if ctx.chart is not None else None, None, str(ctx.chart_dir))
    if not path.is_file():
        return ChartYaml(None, ("Chart.yaml is missing: this is not a chart directory", Location(where, None)), where)
    try:
        text = chart_text(ctx, "Chart.yaml")
    except ChartgenError as exc:
        return ChartYaml(None, (f"Chart.yaml cannot be read: {exc.message}", Location(where)), where)
    return _parsed_chart_yaml(text, where)


def _parsed_chart_yaml(text: str, where: str) -> ChartYaml:
    try:
        doc = load_yaml(text, where, ChartLoadError, yaml_version=(1, 1))
    except ChartLoadError as exc:
        loc = exc.location
        return ChartYaml(
            None, (f"Chart.yaml does not parse: {exc.message}", Location(where, loc.line, loc.column)), where
        )
    if not isinstance(doc, dict):
        return ChartYaml(None, ("Chart.yaml must be a mapping of fields", Location(where, 1, 1)), where)
    return ChartYaml(doc, None, where)


def _field_location(doc: Any, key: str, where: str) -> Location:
    pos = position_of(doc, [key]) if key in doc else None
    if pos is None:
        pos = key_position(doc, key)
    return Location(where, *(pos or (1, 1)))


def _go_type(value: Any) -> str:
    # Helm reports the type the value decoded to through JSON: numbers are float64.
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float64"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return type(value).__name__


def _valid_request_uri(text: str) -> bool:
    # Go's url.ParseRequestURI: an absolute URL (scheme:...) or an absolute path.
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", text) or text.startswith("/")) and " " not in text


@rule(
    "CG-CHART-001",
    FAMILY,
    Severity.ERROR,
    "Chart.yaml is missing, unreadable or not valid YAML.",
    "Helm cannot load a chart without a readable Chart.yaml; install, template and package all stop.",
    "Make sure the directory is the chart's root (it holds Chart.yaml) and fix the YAML syntax at the position shown.",
)
def _chart_yaml_readable(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    problem = ctx.chart_yaml.problem
    if problem is not None:
        yield this.finding(*problem)


@rule(
    "CG-CHART-002",
    FAMILY,
    Severity.ERROR,
    "Chart.yaml's apiVersion is missing or not v1/v2.",
    "Helm uses apiVersion to decide how to read the chart (v2 charts declare dependencies in Chart.yaml); any "
    "other value is refused.",
    "Set 'apiVersion: v2' (or v1 for a Helm 2 era chart).",
)
def _api_version(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    value = doc.get("apiVersion")
    if not value:
        yield this.finding('apiVersion is required. The value must be either "v1" or "v2"', Location(where, 1, 1))
    elif value not in ("v1", "v2"):
        yield this.finding(
            f'apiVersion \'{value}\' is not valid. The value must be either "v1" or "v2"',
            _field_location(doc, "apiVersion", where),
        )


@rule(
    "CG-CHART-003",
    FAMILY,
    Severity.ERROR,
    "Chart.yaml's name is missing or not a plain name.",
    "The chart name prefixes every template name and the packaged file name; Helm refuses a chart without one "
    "or with a path in it.",
    "Set 'name:' to the chart's name, without slashes.",
)
def _name(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    name = doc.get("name")
    if not name:
        yield this.finding("name is required", Location(where, 1, 1))
    elif not isinstance(name, str) or "/" in name or "\\" in name or name in (".", ".."):
        yield this.finding(f"chart name {str(name)!r} is invalid", _field_location(doc, "name", where))


@rule(
    "CG-CHART-004",
    FAMILY,
    Severity.ERROR,
    "Chart.yaml's version is missing, not a string, or not a SemVer version.",
    "Helm refuses to load a chart whose version is not SemVer, and repositories sort and resolve chart versions "
    "by SemVer 2 precedence; an unquoted 1.10 is read as the number 1.1.",
    'Quote the version and write it as MAJOR.MINOR.PATCH, e.g. version: "1.2.3".',
)
def _version(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    if "version" not in doc or doc.get("version") in (None, ""):
        yield this.finding("version is required", Location(where, 1, 1))
        return
    value = doc["version"]
    loc = _field_location(doc, "version", where)
    if not isinstance(value, str):
        yield this.finding(f"version should be of type string but it's of type {_go_type(value)}", loc)
        return
    if not _valid_semver(value):
        yield this.finding(f"version '{value}' is not a valid SemVer", loc)
    elif not _strict_semver(value):
        yield this.finding(
            f"version '{value}' is accepted by Helm but is not SemVer 2 (MAJOR.MINOR.PATCH without a 'v')",
            loc,
            Severity.WARNING,
        )


_SEMVER2 = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def _strict_semver(text: str) -> bool:
    return _SEMVER2.match(text) is not None


@rule(
    "CG-CHART-005",
    FAMILY,
    Severity.ERROR,
    "Chart.yaml's appVersion is not a string.",
    "An unquoted appVersion is read as a number first: 1.10 becomes 1.1 and 3.0 becomes 3, so the version shown "
    "in labels and 'helm list' is not the one written.",
    'Quote it: appVersion: "1.10".',
)
def _app_version(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    if doc.get("appVersion") is None:
        return
    value = doc["appVersion"]
    if not isinstance(value, str):
        yield this.finding(
            f"appVersion should be of type string but it's of type {_go_type(value)}",
            _field_location(doc, "appVersion", where),
        )


@rule(
    "CG-CHART-006",
    FAMILY,
    Severity.NOTE,
    "Chart.yaml has no icon.",
    "Chart repositories and catalogues (Artifact Hub) show the icon; helm lint reports its absence as INFO.",
    "Add 'icon:' with an absolute URL of an SVG or PNG image.",
)
def _icon_missing(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    if not doc.get("icon"):
        yield this.finding("icon is recommended", Location(where, 1, 1))


@rule(
    "CG-CHART-007",
    FAMILY,
    Severity.WARNING,
    "Chart.yaml's icon or a maintainer is malformed.",
    "helm lint rejects an icon that is not a URL and maintainers without a name or with an invalid email or URL; "
    "catalogues then show broken metadata. Installs are not affected, hence a warning.",
    "Give each maintainer a 'name', a valid 'email' and an absolute 'url'; make 'icon' an absolute URL.",
)
def _icon_and_maintainers(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    doc, _, where = ctx.chart_yaml
    if doc is None:
        return  # CG-CHART-001 says why
    icon = doc.get("icon")
    if icon and (not isinstance(icon, str) or not _valid_request_uri(icon)):
        yield this.finding(f"invalid icon URL '{icon}'", _field_location(doc, "icon", where))
    maintainers = doc.get("maintainers")
    if maintainers is None:
        return
    if not isinstance(maintainers, list):
        yield this.finding("maintainers must be a list", _field_location(doc, "maintainers", where))
        return
    for index, person in enumerate(maintainers):
        loc = Location(where, *(position_of(doc, ["maintainers", index]) or (1, 1)))
        if not isinstance(person, dict):
            yield this.finding("each maintainer must be a mapping with a name", loc)
            continue
        name = person.get("name")
        if not name:
            yield this.finding("each maintainer requires a name", loc)
        email = person.get("email")
        if email and not (isinstance(email, str) and _EMAIL.match(email)):
            yield this.finding(f"invalid email '{email}' for maintainer '{name or ''}'", loc)
        url = person.get("url")
        if url and not (isinstance(url, str) and _valid_request_uri(url)):
            yield this.finding(f"invalid url '{url}' for maintainer '{name or ''}'", loc)


# --------------------------------------------------------------------------------------------------------------
# Loading and rendering.


def _covered_load_error(message: str) -> bool:
    # Chart.yaml field problems and values.yaml syntax have rules of their own with a better location.
    return message.startswith(("validation: chart.metadata.", "cannot load Chart.yaml", "cannot load values.yaml"))


@rule(
    "CG-CHART-008",
    FAMILY,
    Severity.ERROR,
    "The chart cannot be loaded.",
    "Helm loads the whole chart, subcharts included, before rendering anything; a chart that fails to load "
    "cannot be installed.",
    "Fix the problem named in the message (often a broken subchart in charts/ or an invalid dependency entry).",
)
def _load_failure(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    error = ctx.load_error
    if error is None:
        return
    _, problem, where = ctx.chart_yaml
    message = getattr(error, "message", str(error))
    if problem is not None or _covered_load_error(message) or message == "Chart.yaml file is missing":
        return
    yield this.finding(f"unable to load chart: {message}", Location(where))


def failure_finding(ctx: LintContext, rules: dict[str, Rule]) -> Finding | None:
    """The chart's load or render failure as an error finding with Helm's text, whatever rule would otherwise
    have covered it: the runner adds it when a failed run would else produce no error (a covering rule that
    found nothing, was disabled, or was suppressed), because a chart Helm cannot render never passes lint."""
    if ctx.load_error is not None:
        message = getattr(ctx.load_error, "message", str(ctx.load_error))
        return rules["CG-CHART-008"].finding(f"unable to load chart: {message}", Location(ctx.chart_yaml.path))
    if ctx.render_error is not None:
        return _render_failure_finding(ctx, rules["CG-CHART-009"])
    return None


@rule(
    "CG-CHART-009",
    FAMILY,
    Severity.ERROR,
    "A template fails to render.",
    "helm install and helm template stop at the first template error, so nothing of the chart is applied.",
    "Fix the template at the position shown; a nil pointer usually means a value the template expects is "
    "missing from values.yaml or the -f files.",
)
def _render_failure(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    error = ctx.render_error
    if error is None:
        return
    message = getattr(error, "message", str(error))
    if message.startswith((_SCHEMA_FAILURE, _USER_VALUES_FAILURE)) or _YAML_FAILURE.match(message):
        return
    yield _render_failure_finding(ctx, this)


def _render_failure_finding(ctx: LintContext, this: Rule) -> Finding:
    message = getattr(ctx.render_error, "message", str(ctx.render_error))
    match = _TEMPLATE_POSITION.search(message)
    if match is None:
        values_file = _FAILED_VALUES_FILE.match(message)
        if values_file:
            return this.finding(message, Location(values_file.group("file")))
        schema = message.startswith(_SCHEMA_FAILURE)
        return this.finding(message, Location(chart_file(ctx, "values.schema.json" if schema else "templates")))
    col = match.group("col")
    where = template_path(ctx.chart_dir, match.group("template"))
    return this.finding(message, Location(where, int(match.group("line")), int(col) if col else None))


@rule(
    "CG-CHART-010",
    FAMILY,
    Severity.ERROR,
    "A rendered document is not valid YAML.",
    "Helm parses every rendered document before sending it to the API server; one that does not parse aborts "
    "the whole install.",
    "Look at the template line shown: usually a value printed without 'toYaml'/'nindent', or wrong indentation.",
)
def _rendered_yaml(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    error = ctx.render_error
    if error is not None:
        match = _YAML_FAILURE.match(getattr(error, "message", str(error)))
        if match:
            origin = getattr(error, "origin", None)
            where = Location(template_path(ctx.chart_dir, match.group("template")))
            if origin is not None:
                where = Location(template_path(ctx.chart_dir, origin.template), origin.line)
            yield this.finding(f"unable to parse YAML: {match.group('detail')}", where)
        return
    for manifest in ctx.manifests:
        doc, problem = manifest.document, manifest.error
        if problem is None:
            continue
        mark = getattr(problem, "problem_mark", None) or getattr(problem, "context_mark", None)
        index = mark.line if mark is not None else None
        detail = " ".join(str(getattr(problem, "problem", None) or problem).split())
        yield this.finding(f"unable to parse YAML: {detail}", document_location(ctx, doc, index, None, None))


@rule(
    "CG-CHART-011",
    FAMILY,
    Severity.ERROR,
    "A Deployment, ReplicaSet, DaemonSet or StatefulSet has no spec.selector.",
    "apps/v1 workloads require a label selector; the API server rejects the object without one.",
    "Add spec.selector.matchLabels matching the pod template's labels.",
)
def _selectors(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for manifest in ctx.manifests:
        doc, data = manifest.document, manifest.data
        if not isinstance(data, dict) or data.get("kind") not in _WORKLOADS:
            continue
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        selector = spec.get("selector") if isinstance(spec.get("selector"), dict) else {}
        if selector.get("matchLabels") or selector.get("matchExpressions"):
            continue
        name = (data.get("metadata") or {}).get("name", "") if isinstance(data.get("metadata"), dict) else ""
        line = manifest.key_line(["spec", "selector"] if "selector" in spec else ["spec"])
        if line is None:
            line = manifest.key_line(["kind"])
        yield this.finding(
            f'a {data["kind"]} must contain matchLabels or matchExpressions, and "{name}" does not',
            document_location(ctx, doc, line, object_name(data), "spec.selector"),
        )


def _name_problem(kind: str, name: str) -> str | None:
    """Why Kubernetes would refuse ``name`` for an object of ``kind`` (the apimachinery rule per kind)."""
    if kind == "Service":
        if len(name) > 63 or not _DNS1035_LABEL.match(name):
            return "a DNS-1035 label (lower-case letters, digits, '-', starting with a letter, at most 63 characters)"
    elif kind == "Namespace":
        if len(name) > 63 or not _DNS1123_LABEL.match(name):
            return "a DNS-1123 label (lower-case letters, digits, '-', at most 63 characters)"
    elif kind in ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"):
        if not name or name in (".", "..") or "/" in name or "%" in name:
            return "a path segment name (not empty, '.' or '..', without '/' or '%')"
    elif len(name) > 253 or not _DNS1123_SUBDOMAIN.match(name):
        return "a lowercase RFC 1123 subdomain (lower-case letters, digits, '-' or '.', at most 253 characters)"
    return None


@rule(
    "CG-CHART-012",
    FAMILY,
    Severity.ERROR,  # helm lint warns, with this wording; the API server refuses the object (tests/e2e)
    "An object's metadata.name breaks Kubernetes naming rules.",
    "The API server refuses names that are not valid DNS names for their kind (Services need a DNS-1035 label, "
    "most objects a DNS-1123 subdomain); the install then fails half-way.",
    "Use lower-case letters, digits and '-' (and '.' where allowed); shorten names built from long release names "
    "with 'trunc 63'.",
)
def _names(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for manifest in ctx.manifests:
        doc, data = manifest.document, manifest.data
        # helm lint only reads .yaml/.yml templates as manifests; a .txt template may render anything.
        if not isinstance(data, dict) or not doc.source.endswith((".yaml", ".yml")):
            continue
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        if metadata.get("generateName") and not metadata.get("name"):
            continue
        name = metadata.get("name")
        name = "" if name is None else str(name)
        kind = str(data.get("kind") or "")
        problem = _name_problem(kind, name)
        if problem is None:
            continue
        line = manifest.key_line(["metadata", "name"])
        yield this.finding(
            f'object name "{name}" does not conform to Kubernetes naming requirements: it must be {problem}',
            document_location(ctx, doc, line, object_name(data), "metadata.name"),
        )


@rule(
    "CG-CHART-013",
    FAMILY,
    Severity.ERROR,
    "values.yaml does not parse.",
    "Helm reads values.yaml before rendering; a syntax error stops every install of the chart.",
    "Fix the YAML syntax at the position shown.",
)
def _values_yaml(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    path = Path(ctx.chart_dir) / "values.yaml"
    if not (path.exists() or path.is_symlink()):
        return
    where = chart_file(ctx, "values.yaml")
    try:
        text = chart_text(ctx, "values.yaml")
        # Helm's own reader, so the message and line are the ones helm lint prints.
        load_values(text, "values.yaml", profile=HELM_3)
    except ValuesLoadError as exc:
        line = re.search(r"\byaml: line (\d+):", exc.detail)
        yield this.finding(f"unable to parse YAML: {exc.detail}", Location(where, int(line.group(1)) if line else None))
    except ChartgenError as exc:
        yield this.finding(f"values.yaml cannot be read: {exc.message}", Location(where))


@rule(
    "CG-CHART-014",
    FAMILY,
    Severity.ERROR,
    "A file in templates/ has an extension Helm does not expect.",
    "helm lint only accepts .yaml, .yml, .tpl and .txt under templates/; other files are usually misplaced "
    "(a .json or .bak left behind) and are still rendered as templates.",
    "Rename the file, or move it out of templates/ (or list it in .helmignore).",
)
def _extensions(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    if ctx.chart is None:
        return
    for item in ctx.chart.templates:
        suffix = Path(item.name).suffix
        if suffix not in _TEMPLATE_EXTENSIONS:
            yield this.finding(
                f"file extension '{suffix}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt",
                Location(chart_file(ctx, item.name)),
            )
