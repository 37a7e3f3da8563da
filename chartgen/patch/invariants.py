"""An overlay's invariants: what ``chartgen lint`` must check on any chart that carries the overlay, as data.

An overlay declares them under ``invariants:`` in its ``overlay.yaml`` (``schemas/overlay.schema.json`` describes
the vocabulary). The patch writes the declarations of the overlays it applies, with their parameters filled in,
into the chart's :data:`INVARIANTS_FILE`, so lint checks what was applied, for a user's overlay from
``--overlay-dir`` as much as for a bundled one, and a renamed volume in an overlay moves its check along.

A declaration is untrusted input: it is checked against the schema and for consistency here, and it only ever
selects and parameterises checks chartgen implements (``chartgen/lint/invariant_checks.py``); its one pattern
kind is a Go regular expression, matched by RE2 in linear time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from chartgen import resources
from chartgen.chartio.source import ChartSource
from chartgen.disk_cache import cache_root, code_stamp, read_json, write_json
from chartgen.errors import Location, OverlayError
from chartgen.patch.overlay_spec import Overlay
from chartgen.patch.snippets import render
from chartgen.records import record
from chartgen.yamlread.roundtrip import dump_yaml, load_yaml, position_of
from chartgen.yamlread.schema_errors import SchemaProblem, located, schema_problem

__all__ = [
    "INVARIANTS_FILE",
    "Invariants",
    "InvariantRule",
    "SecretMount",
    "ValuesRef",
    "Workload",
    "chart_invariants_text",
    "parse_invariants",
    "read_chart_invariants",
    "read_chart_invariants_data",
    "value_of",
    "with_parameters",
]

# At the chart's top level: Helm packages it with the chart and renders nothing from it.
INVARIANTS_FILE = "chartgen-invariants.yaml"
_HEADER = (
    "# Written by chartgen patch: the invariants of the overlays this chart carries (their overlay.yaml\n"
    "# `invariants:`, parameters filled in). chartgen lint checks them on every render of this chart.\n"
)
_VALUES = ".Values."
# Checks that look at one container of the workload (the others look at objects, values or templates).
_CONTAINER_CHECKS = frozenset(
    {
        "secretVolume",
        "argumentOnce",
        "argumentIsMountedFile",
        "envEqualsArgument",
        "envSet",
        "fields",
        "noRepeats",
        "kubeconfigServerProxied",
        "podSecurity",
        "writablePaths",
    }
)
_TEXTS = ("id", "severity", "summary", "why", "fix")


@record(frozen=True)
class ValuesRef:
    """A path into the merged values, written ``.Values.a.b`` in a declaration."""

    path: tuple[str, ...]

    @property
    def shown(self) -> str:
        return ".".join(self.path)


@record(frozen=True)
class Workload:
    kind: str
    container: str | None = None


@record(frozen=True)
class SecretMount:
    """A Secret key mounted as a file: ``label`` names it in messages (``kubeconfig volume``)."""

    label: str
    volume: str
    secret_name: Any  # a literal or a ValuesRef, as every value below
    key: Any
    mount_path: Any


@record(frozen=True)
class InvariantRule:
    id: str
    severity: str
    summary: str
    why: str
    fix: str
    workload: Workload | None
    kind: str  # the check's name in the vocabulary
    args: Any  # its arguments, as declared (values already turned into ValuesRef where they are paths)


@record(frozen=True)
class Invariants:
    overlay: str
    when: ValuesRef
    mounts: dict[str, SecretMount]
    rules: tuple[InvariantRule, ...]


def _schema() -> dict[str, Any]:
    root = json.loads(resources.schema_path("overlay.schema.json").read_text(encoding="utf-8"))
    # The declaration's own definitions are addressed from the overlay schema's root: keep that root.
    return {
        "type": "object",
        "propertyNames": {"pattern": root["properties"]["name"]["pattern"]},
        "properties": {"invariants": root["properties"]["invariants"]},
        "additionalProperties": {"$ref": "#/properties/invariants"},
    }


def value_of(raw: Any) -> Any:
    """A declared value: ``.Values.a.b`` is a reference to the merged values, anything else a literal."""
    if isinstance(raw, str) and raw.startswith(_VALUES):
        return ValuesRef(tuple(raw[len(_VALUES) :].split(".")))
    return raw


def parse_invariants(data: dict[str, Any], overlay: str, locate: Callable[[list[Any]], Location]) -> Invariants:
    """A declaration already valid against the schema, checked for consistency; ``locate(path)`` places an
    error at the declaration's line."""
    mounts = {
        label: SecretMount(label, m["volume"], value_of(m["secretName"]), value_of(m["key"]), value_of(m["mountPath"]))
        for label, m in (data.get("mounts") or {}).items()
    }
    default_workload = _workload(data.get("workload"))
    rules, seen = [], set()
    for index, raw in enumerate(data["rules"]):
        here = ["rules", index]
        if raw["id"] in seen:
            raise OverlayError(f"invariants: rule {raw['id']} is declared twice", locate([*here, "id"]))
        seen.add(raw["id"])
        ((kind, args),) = raw["check"].items()
        workload = _workload(raw.get("workload")) or default_workload
        if kind in _CONTAINER_CHECKS and workload is None:
            raise OverlayError(f"invariants: rule {raw['id']} ({kind}) needs a workload", locate(here))
        for label in _mount_labels(kind, args):
            if label not in mounts:
                raise OverlayError(
                    f"invariants: rule {raw['id']} refers to mount {label!r}, which `mounts` does not declare",
                    locate([*here, "check"]),
                )
        if kind == "templatesAvoid":
            from chartgen.goregexp import RegexpSyntaxError, compile_regexp  # RE2: only overlays that match text

            try:
                compile_regexp(args["pattern"])
            except RegexpSyntaxError as exc:
                raise OverlayError(f"invariants: rule {raw['id']}: {exc}", locate([*here, "check"])) from None
        if kind == "valuesEqual":
            args = [{**item, "value": value_of(item["value"])} for item in args]
        rules.append(InvariantRule(*(raw[k] for k in _TEXTS), workload, kind, args))
    return Invariants(overlay, value_of(data["when"]), mounts, tuple(rules))


def _workload(raw: dict[str, Any] | None) -> Workload | None:
    return Workload(raw["kind"], raw.get("container")) if raw else None


def _mount_labels(kind: str, args: Any) -> list[str]:
    if kind == "secretVolume":
        return [args]
    if kind == "fields":
        return [args["of"]["mount"]] if isinstance(args["of"], dict) else []
    if kind in ("argumentIsMountedFile", "envEqualsArgument") and "mount" in args:
        return [args["mount"]]
    return []


def with_parameters(data: Any, parameters: dict[str, str], where: str) -> Any:
    """The declaration with the overlay's parameters filled into its check arguments (``[[ name ]]``), through
    the overlay snippets' sandboxed Jinja subset; rule IDs and texts are taken as written."""
    if isinstance(data, dict):
        return {k: v if k in _TEXTS else with_parameters(v, parameters, where) for k, v in data.items()}
    if isinstance(data, list):
        return [with_parameters(v, parameters, where) for v in data]
    if isinstance(data, str) and any(mark in data for mark in ("[[", "[%", "[#")):
        return render(data, parameters, where)
    return data


def chart_invariants_text(
    overlays: list[Overlay], parameters: dict[str, dict[str, str]], source: ChartSource
) -> str | None:
    """The patched chart's invariants file: the source chart's (one patched before) plus the declaration of each
    overlay applied, its ``parameters`` filled in and checked. None when nothing declares invariants."""
    where = source.display(INVARIANTS_FILE)
    carried = read_chart_invariants_data(source.text(INVARIANTS_FILE), where) if INVARIANTS_FILE in source.files else {}
    for overlay in overlays:
        if overlay.invariants is None:
            continue
        data = with_parameters(overlay.invariants, parameters[overlay.name], overlay.display("overlay.yaml"))
        # Checked again once filled in: a parameter's value must make a valid declaration too.
        _check_schema({overlay.name: data}, lambda path, o=overlay: _overlay_location(o, path), "invariants")
        parse_invariants(data, overlay.name, lambda path, o=overlay: _overlay_location(o, ["invariants", *path]))
        carried[overlay.name] = data
    return _HEADER + dump_yaml(carried) if carried else None


def _overlay_location(overlay: Overlay, path: list[Any]) -> Location:
    # Only a refused declaration pays for reading overlay.yaml again with positions.
    where = overlay.display("overlay.yaml")
    pos = position_of(load_yaml(overlay.read("overlay.yaml"), where, OverlayError), path)
    return Location(where, *pos) if pos else Location(where)


def read_chart_invariants(text: str, where: str) -> dict[str, Invariants]:
    """A chart's invariants file, checked (overlay name -> its invariants); an error names the file and line."""
    data = read_chart_invariants_data(text, where)
    return {
        name: parse_invariants(decl, name, lambda path, name=name: _file_location(text, where, [name, *path]))
        for name, decl in data.items()
    }


def read_chart_invariants_data(text: str, where: str) -> dict[str, Any]:
    """The file's declarations as plain data, valid against the overlay schema's ``invariants``.

    Every lint of a patched chart reads this file, and reading it means ruamel's pure-Python parser and the JSON
    Schema validator (more than the rest of a small chart's lint), so a file read and found valid once is kept in
    the disk cache as its data, keyed by its text and the code and schema that judged it."""
    key = _checked_key(text)
    cached = read_json(CHECKED_KIND, key) if key else None
    if isinstance(cached, dict):
        return cached
    data = json.loads(json.dumps(load_yaml(text, where, OverlayError, positions=False), default=str))
    if data is None:
        return {}
    _check_schema(data, lambda path: _file_location(text, where, path))
    if key:
        write_json(CHECKED_KIND, key, data)
    return data


# Invariants files found valid, as their data (see read_chart_invariants_data).
CHECKED_KIND = "invariant-files"
_JUDGES = ("patch/invariants.py", "yamlread/roundtrip.py", "yamlread/schema_errors.py")
_JUDGE_LIBRARIES = ("ruamel.yaml", "jsonschema", "jsonschema_specifications", "referencing")


def _checked_key(text: str) -> str:
    if cache_root() is None:
        return ""
    stamp = code_stamp(_JUDGES, _JUDGE_LIBRARIES, (resources.schema_path("overlay.schema.json"),))
    if not stamp:
        return ""
    return hashlib.sha256(stamp + text.encode("utf-8", "surrogatepass")).hexdigest()


def _check_schema(data: Any, locate: Callable[[list[Any]], Location], top: str | None = None) -> None:
    """Declarations (overlay name -> declaration) valid against the overlay schema's ``invariants``; with ``top``,
    errors name that key instead of the overlay's name (``invariants`` of overlay.yaml)."""
    problem = schema_problem(_schema(), data)
    if problem is not None:
        path = [top, *problem.path[1:]] if top is not None and problem.path else problem.path
        named = SchemaProblem(path, problem.message)
        raise OverlayError(f"{named.dotted}: {named.message}", locate(path))


def _file_location(text: str, where: str, path: list[Any]) -> Location:
    return located(text, where, path, OverlayError)
