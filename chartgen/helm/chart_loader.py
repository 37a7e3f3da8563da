"""Loading a chart (directory or ``.tgz``) into a :class:`Chart` the way Helm's ``pkg/chart/loader`` does.

The rules reproduced here, all checked against real Helm:

* Directories honour the root ``.helmignore`` (plus the implicit ``templates/.?*``) for the whole tree, subcharts
  included; a subchart's own ``.helmignore`` is only a file. Archives are taken as they are: no ignore rules,
  hidden templates render, and the first path component of every entry is dropped.
* A UTF-8 BOM is stripped from every file.
* ``Chart.yaml`` is decoded like ``sigs.k8s.io/yaml`` into ``chart.Metadata``: YAML 1.1 scalars, then numbers and
  booleans given to string fields become strings (``1.10`` -> ``"1.1"``, floats with float32 precision).
* ``charts/<name>/`` and ``charts/<name>.tgz`` are subcharts (names starting ``_`` or ``.`` are skipped);
  ``*.prov`` files there are ordinary files; anything else in ``charts/`` must be a chart.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from chartgen import gostrconv
from chartgen.bounded_io import InputTooLargeError, read_bounded
from chartgen.chartio.source import read_chart, read_chart_file
from chartgen.chartio.tar_guard import ArchiveError, archive_entries, tar_error
from chartgen.errors import ChartLoadError, Location
from chartgen.helm.chart_model import Chart, ChartFile
from chartgen.helm.yaml_load import YamlUnmarshalError, as_string_field, decode_for_struct, json_kind, load_values
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.limits import ARCHIVE_BYTES, CHART_BYTES, CHART_FILE_BYTES
from chartgen.sprig.paths import base as go_base
from chartgen.sprig.semver import SemverError, parse_version

__all__ = ["decode_chart_yaml", "load_chart", "load_chart_files"]

_BOM = b"\xef\xbb\xbf"
_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")
_ALIAS = re.compile(r"^[a-zA-Z0-9_-]+$")
# How Helm's texts name a chart path when they do (`path "x" not found`, `open x/Chart.yaml`).
_NAMED = (('"', '"'), ("", "/"), (" ", ":"))
_CONSUMED = ("Chart.yaml", "Chart.lock", "values.yaml", "values.schema.json", "requirements.yaml", "requirements.lock")


def load_chart(path: str | Path, *, profile: HelmProfile = HELM_3) -> Chart:
    """Load a chart directory or ``.tgz`` archive with its subcharts; errors are Helm's, as ChartLoadError.

    Helm's texts rarely name the chart ("chart illegally references parent directory"), so an error without a
    place is given the chart's path as its location; ``message`` stays Helm's text."""
    p = Path(path)
    if not p.exists():
        raise ChartLoadError(f'path "{path}" not found')
    try:
        if p.is_dir():
            if not (p / "Chart.yaml").is_file():
                if profile.error_wording_4:
                    where = f"{path}/Chart.yaml"
                    raise ChartLoadError(f"unable to detect chart at {where}: open {where}: no such file or directory")
                raise ChartLoadError("Chart.yaml file is missing")
            if profile.chart_api_version_checked:
                _check_root_api_version(read_chart_file(p, "Chart.yaml"))

            files = read_chart(p).files
        else:
            files = _archive_files(_read_archive(p))
            if profile.chart_api_version_checked and "Chart.yaml" in files:
                _check_root_api_version(files["Chart.yaml"])
        return load_chart_files(files, profile=profile)
    except ChartLoadError as exc:
        shown = str(path)
        if exc.location is None and not any(f"{a}{shown}{b}" in exc.message for a, b in _NAMED):
            exc.location = Location(shown)
        raise


def _read_archive(path: Path) -> bytes:
    try:
        return read_bounded(path, ARCHIVE_BYTES, "chart archive")
    except InputTooLargeError:
        raise ChartLoadError(f"decompressed chart is larger than the maximum file size {ARCHIVE_BYTES}") from None


# The apiVersions Helm 4 can load: v1 and v2 (also "", read as v1) with its chart v2 loader, v3 with its v3 loader.
_LOADABLE_API_VERSIONS = ("", "v1", "v2", "v3")


def _check_root_api_version(data: bytes) -> None:
    """Helm 4 reads only ``apiVersion`` first, to pick a loader for the chart it was given; anything it has no
    loader for is refused before the rest of the file is looked at. Subcharts always go to the v2 loader."""
    doc = _decode_yaml_doc(data[3:] if data.startswith(_BOM) else data, "Chart.yaml")
    if doc is None:
        return
    if not isinstance(doc, dict):
        _unmarshal_error("Go value of type loader.chartBase", doc)
    api_version = doc.get("apiVersion")
    if api_version is None:
        return
    api_version = as_string_field(api_version)
    if not isinstance(api_version, str):
        _unmarshal_error("Go struct field chartBase.apiVersion of type string", api_version)
    if api_version not in _LOADABLE_API_VERSIONS:
        raise ChartLoadError("unsupported chart version")


def load_chart_files(files: dict[str, bytes], *, profile: HelmProfile = HELM_3) -> Chart:
    """Helm's ``LoadFiles``: build a chart from its files (POSIX paths relative to the chart root)."""
    # Go's filepath.Walk visits entries in lexical order per directory, which is component-wise sorting.
    ordered = sorted(files.items(), key=lambda item: item[0].split("/"))
    ordered = [(name, data[3:] if data.startswith(_BOM) else data) for name, data in ordered]
    contents = dict(ordered)
    if "Chart.yaml" not in contents:
        raise ChartLoadError("Chart.yaml file is missing")
    metadata = decode_chart_yaml(contents["Chart.yaml"])
    chart = Chart(metadata=metadata)
    subcharts: dict[str, list[tuple[str, bytes]]] = {}
    for name, data in ordered:
        if name == "Chart.yaml":
            continue
        if name == "Chart.lock":
            chart.lock = _decode_yaml_doc(data, "Chart.lock")
        elif name == "values.yaml":
            chart.values = _load_values(data, profile)
        elif name == "values.schema.json":
            chart.schema = data
        elif name in ("requirements.yaml", "requirements.lock"):
            _legacy_requirements(chart, name, data)
        elif name.startswith("templates/"):
            chart.templates.append(ChartFile(name, data))
        elif name.startswith("charts/"):
            if posixpath.splitext(name)[1] == ".prov":
                chart.files.append(ChartFile(name, data))
                continue
            rest = name[len("charts/") :]
            subcharts.setdefault(rest.split("/", 1)[0], []).append((rest, data))
        else:
            chart.files.append(ChartFile(name, data))
    _validate(metadata, profile)
    # Helm walks these in Go map order (random); sorting keeps our loads reproducible.
    for sub_name in sorted(subcharts):
        if sub_name[:1] in ("_", "."):
            continue
        try:
            sub = _load_subchart(sub_name, subcharts[sub_name], profile)
        except ChartLoadError as exc:
            raise ChartLoadError(f"error unpacking subchart {sub_name} in {chart.name}: {exc.message}") from exc
        sub.parent = chart
        chart.dependencies.append(sub)
    return chart


def _load_subchart(name: str, entries: list[tuple[str, bytes]], profile: HelmProfile) -> Chart:
    if name.endswith(".tgz"):
        first_name, first_data = entries[0]
        if first_name != name:
            raise ChartLoadError(f"error unpacking subchart tar: expected {name}, got {first_name}")
        return load_chart_files(_archive_files(first_data), profile=profile)
    inner = {rel.split("/", 1)[1]: data for rel, data in entries if "/" in rel}
    return load_chart_files(inner, profile=profile)


def _archive_files(raw: bytes) -> dict[str, bytes]:
    """Helm's ``LoadArchiveFiles``: every regular entry, minus its first path component; no ignore rules."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        for entry in archive_entries(raw):
            member = entry.member
            delimiter = "\\" if "\\" in member.name else "/"
            parts = member.name.split(delimiter)
            name = "/".join(parts[1:])
            if name.startswith("/"):
                raise ChartLoadError("chart illegally contains absolute paths")
            name = posixpath.normpath(name) if name else "."
            if name == ".":
                outside = f"chart illegally contains content outside the base directory: {gostrconv.quote(member.name)}"
                raise ChartLoadError(outside)
            if name.startswith(".."):
                raise ChartLoadError("chart illegally references parent directory")
            if _DRIVE_PATH.match(name):
                raise ChartLoadError("chart contains illegally named files")
            if parts[0] == "Chart.yaml":
                raise ChartLoadError("chart yaml not in base directory")
            # Helm's order: the chart's remaining allowance first, then the file's own limit.
            total += member.size
            if total > CHART_BYTES:
                raise ChartLoadError(f"decompressed chart is larger than the maximum file size {CHART_BYTES}")
            if member.size > CHART_FILE_BYTES:
                raise ChartLoadError(
                    f"decompressed chart file {gostrconv.quote(member.name)} is larger than the maximum file size "
                    f"{CHART_FILE_BYTES}"
                )
            files[name] = entry.read()
    except ArchiveError as exc:
        raise ChartLoadError(exc.helm_text) from None
    except (tar_error(), EOFError, OSError) as exc:
        raise ChartLoadError(f"gzip: invalid archive ({exc})") from exc
    if not files:
        raise ChartLoadError("no files in chart archive")
    return files


def _load_values(data: bytes, profile: HelmProfile) -> dict[str, Any]:
    return load_values(data.decode("utf-8", "surrogateescape"), "values.yaml", profile=profile)


def _legacy_requirements(chart: Chart, name: str, data: bytes) -> None:
    """Helm 2 era files: still read for apiVersion v1 charts, and kept in .Files for them."""
    decoded = _decode_yaml_doc(data, name)
    if name == "requirements.yaml":
        if isinstance(decoded, dict) and "dependencies" in decoded:
            chart.metadata["dependencies"] = _convert(decoded["dependencies"], _DEPENDENCIES, "dependencies")
    else:
        chart.lock = decoded
    if chart.metadata.get("apiVersion") == "v1":
        chart.files.append(ChartFile(name, data))


# ---------------------------------------------------------------------------------------------------------------
# Chart.yaml: YAML 1.1 (goyaml.v2) -> JSON -> chart.Metadata, as sigs.k8s.io/yaml does it.

_STR, _BOOL, _STRS, _ANY = "string", "bool", "[]string", "[]interface {}"
_MAINTAINER = {"name": _STR, "email": _STR, "url": _STR}
_DEPENDENCY = {
    "name": _STR,
    "version": _STR,
    "repository": _STR,
    "condition": _STR,
    "tags": _STRS,
    "enabled": _BOOL,
    "import-values": _ANY,
    "alias": _STR,
}
_MAINTAINERS = ("[]*chart.Maintainer", _MAINTAINER, "Maintainer")
_DEPENDENCIES = ("[]*chart.Dependency", _DEPENDENCY, "Dependency")
_METADATA = {
    "name": _STR,
    "home": _STR,
    "sources": _STRS,
    "version": _STR,
    "description": _STR,
    "keywords": _STRS,
    "maintainers": _MAINTAINERS,
    "icon": _STR,
    "apiVersion": _STR,
    "condition": _STR,
    "tags": _STR,
    "appVersion": _STR,
    "deprecated": _BOOL,
    "annotations": "map[string]string",
    "kubeVersion": _STR,
    "dependencies": _DEPENDENCIES,
    "type": _STR,
}


def decode_chart_yaml(data: bytes) -> dict[str, Any]:
    """Chart.yaml as ``chart.Metadata`` (json field names as keys; only fields present in the file)."""
    doc = _decode_yaml_doc(data, "Chart.yaml")
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        _unmarshal_error("Go value of type chart.Metadata", doc)
    metadata: dict[str, Any] = {}
    for key, value in doc.items():
        kind = _METADATA.get(key)
        if kind is not None and value is not None:
            metadata[key] = _convert(value, kind, key)
    if not metadata.get("apiVersion"):
        # Helm 2 charts had no apiVersion; Helm assumes v1 rather than failing.
        metadata["apiVersion"] = "v1"
    return metadata


def _convert(value: Any, kind: Any, field: str, struct_name: str = "Metadata") -> Any:
    """One field's value as its Go type receives it; mismatches fail with encoding/json's message."""
    if isinstance(kind, tuple):
        _, fields, inner_struct = kind
        if not isinstance(value, list):
            _type_error(value, struct_name, field, kind[0])
        out = []
        for item in value:
            if item is None:
                out.append(None)
                continue
            if not isinstance(item, dict):
                _type_error(item, struct_name, field, f"chart.{inner_struct}")
            out.append(
                {
                    k: _convert(v, fields[k], f"{field}.{k}", struct_name)
                    for k, v in item.items()
                    if k in fields and v is not None
                }
            )
        return out
    if kind == _STR:
        value = as_string_field(value)
        if not isinstance(value, str):
            _type_error(value, struct_name, field, kind)
        return value
    if kind == _BOOL:
        if not isinstance(value, bool):
            _type_error(value, struct_name, field, kind)
        return value
    if kind == _STRS:
        if not isinstance(value, list):
            _type_error(value, struct_name, field, kind)
        return [_convert(v, _STR, field, struct_name) if v is not None else "" for v in value]
    if kind == "map[string]string":
        if not isinstance(value, dict):
            _type_error(value, struct_name, field, kind)
        return {str(k): _convert(v, _STR, field, struct_name) if v is not None else "" for k, v in value.items()}
    return value


def _type_error(value: Any, struct_name: str, field: str, go_type: str) -> None:
    _unmarshal_error(f"Go struct field {struct_name}.{field} of type {go_type}", value)


def _unmarshal_error(target: str, value: Any) -> None:
    raise ChartLoadError(
        "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: "
        f"json: cannot unmarshal {json_kind(value)} into {target}"
    )


def _validate(md: dict[str, Any], profile: HelmProfile) -> None:
    """``Metadata.Validate``: sanitise the free-text fields, then Helm's checks in Helm's order."""
    for key in ("name", "description", "home", "icon", "condition", "tags", "appVersion", "kubeVersion"):
        if key in md:
            md[key] = _sanitize(md[key])
    for key in ("sources", "keywords"):
        if key in md:
            md[key] = [_sanitize(v) for v in md[key]]
    name = md.get("name", "")
    if not md.get("apiVersion"):
        _invalid("chart.metadata.apiVersion is required")
    if not name:
        _invalid("chart.metadata.name is required")
    if profile.dot_names_refused and name in (".", ".."):
        _invalid(f"chart.metadata.name {gostrconv.quote(name)} is not allowed")
    # filepath.Base: "." and ".." are their own base names (Helm 3 takes them), and so is "/".
    if name != go_base(name):
        _invalid(f"chart.metadata.name {gostrconv.quote(name)} is invalid")
    version = md.get("version", "")
    if not version:
        _invalid("chart.metadata.version is required")
    if not _valid_semver(version):
        _invalid(f"chart.metadata.version {gostrconv.quote(version)} is invalid")
    if md.get("type", "") not in ("", "application", "library"):
        _invalid("chart.metadata.type must be application or library")
    for maintainer in md.get("maintainers", []):
        if maintainer is None:
            _invalid("maintainers must not contain empty or null nodes")
        for key in ("name", "email", "url"):
            if key in maintainer:
                maintainer[key] = _sanitize(maintainer[key])
    seen: set[str] = set()
    for dep in md.get("dependencies", []):
        if dep is None:
            _invalid("dependencies must not contain empty or null nodes")
        for key in ("name", "version", "repository", "condition"):
            if key in dep:
                dep[key] = _sanitize(dep[key])
        if "tags" in dep:
            dep["tags"] = [_sanitize(t) for t in dep["tags"]]
        alias = dep.get("alias", "")
        if alias and not _ALIAS.match(alias):
            _invalid(f"dependency {gostrconv.quote(dep.get('name', ''))} has disallowed characters in the alias")
        key = alias or dep.get("name", "")
        if key in seen:
            _invalid(f"more than one dependency with name or alias {gostrconv.quote(key)}")
        seen.add(key)


def _invalid(message: str) -> None:
    raise ChartLoadError(f"validation: {message}")


def _valid_semver(version: str) -> bool:
    """Helm's ``isValidSemver``: whatever Masterminds' ``NewVersion`` accepts (no leading zero in a numeric
    pre-release part, numbers within uint64)."""
    try:
        parse_version(version)
    except SemverError:
        return False
    return True


def _sanitize(text: str) -> str:
    # Helm maps whitespace to a plain space and drops non-printable runes from user-facing metadata.
    return "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or ch.isprintable())


def _decode_yaml_doc(data: bytes, source: str) -> Any:
    """A chart's YAML file (``Chart.yaml``, ``Chart.lock``, ``requirements.*``) as Helm's loader decodes it."""
    try:
        return decode_for_struct(data.decode("utf-8", "surrogateescape"))
    except YamlUnmarshalError as exc:
        raise ChartLoadError(f"cannot load {source}: {exc}") from None
