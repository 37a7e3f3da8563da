"""How Helm turns user values and chart defaults into ``.Values``: merging the ``-f``/``--set`` family, dependency
processing (conditions, tags, aliases, import-values) and CoalesceValues with its globals.

The algorithms are Helm's own, step for step, because their quirks are observable: coalescing runs several times
(while enabling dependencies, while importing values, and for rendering), each run can print the same warning
again, nulls delete defaults only outside a subchart's scope, and import-values rewrite a parent's defaults with
its subcharts' coalesced values. Maps are shared and mutated where Helm shares and mutates them.

Warnings come back as :class:`HelmWarning` strings (Helm 3's log text) that also know Helm 3's ``file.go:NN:``
origin and Helm 4's ``log/slog`` line; the caller decides how to print them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from chartgen import gostrconv
from chartgen.gotemplate.goprint import to_text
from chartgen.gotemplate.gotypes import go_type_name
from chartgen.helm.chart_model import Chart
from chartgen.helm.strvals import StrvalsError, parse_json_object, parse_set
from chartgen.helm.yaml_load import merge_maps
from chartgen.helmcompat.profile import HELM_3, HelmProfile
from chartgen.records import replace
from chartgen.sprig.semver import SemverError, constraint_matches

__all__ = [
    "CoalesceError",
    "HelmWarning",
    "UserValuesError",
    "check_dependencies",
    "coalesce_values",
    "merge_user_values",
    "process_dependencies",
]

GLOBAL_KEY = "global"


class UserValuesError(Exception):
    """A ``--set``-family argument Helm refuses; ``str()`` is Helm's text after ``Error: ``."""


class CoalesceError(Exception):
    """Dependency processing or coalescing failed (``type mismatch on sub: ...``); ``str()`` is Helm's message.

    ``log_lines`` are the stderr lines Helm prints before the error (Helm 4 logs it at ERROR level first).
    """

    def __init__(self, message: str, log_lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.log_lines = list(log_lines)


class HelmWarning(str):
    """A warning Helm logs while computing values. The string is Helm 3's text (``warning: skipped value for
    parent.s: Not a table.``); ``origin`` is Helm 3's ``log.Lshortfile`` prefix (``coalesce.go:237``) and
    ``helm4`` the line Helm 4's slog handler prints (``level=INFO msg="warning: ..."``)."""

    origin: str
    helm4: str

    def __new__(cls, text: str, origin: str, helm4: str) -> HelmWarning:
        made = super().__new__(cls, text)
        made.origin = origin
        made.helm4 = helm4
        return made

    def stderr_line(self, profile: HelmProfile) -> str:
        """The line ``helm template`` writes to stderr for this warning."""
        return self.helm4 if profile.slog_messages else f"{self.origin}: {self}"


def _slog_value(text: str) -> str:
    """slog's TextHandler quoting: bare unless empty or holding spaces, ``=``, quotes or unprintable runes."""
    if text and all(ch.isprintable() and not ch.isspace() and ch not in '="' for ch in text):
        return text
    return gostrconv.quote(text)


def _slog(level: str, msg: str, *attrs: tuple[str, str]) -> str:
    parts = [f"level={level}", f"msg={_slog_value(msg)}"]
    parts += [f"{key}={_slog_value(value)}" for key, value in attrs]
    return " ".join(parts)


class _Log:
    """Collects warnings in the order Helm logs them, as the Helm of ``profile`` words them."""

    def __init__(self, sink: list[str] | None = None, profile: HelmProfile = HELM_3) -> None:
        self.items: list[str] = sink if sink is not None else []
        self.profile = profile

    def coalesce(self, line: int, text: str) -> None:
        # Helm 4 routes the coalescing printf through slog.Info with the formatted text as the message.
        self.items.append(HelmWarning(text, f"coalesce.go:{line}", _slog("INFO", text)))

    def dependency(self, line: int, text: str, helm4_msg: str, *attrs: tuple[str, str]) -> None:
        self.items.append(HelmWarning(text, f"dependencies.go:{line}", _slog("WARN", helm4_msg, *attrs)))


# --------------------------------------------------------------------------------------------------------------
# User values: -f files, then --set-json, --set, --set-string, --set-file, --set-literal


def merge_user_values(
    file_values: Iterable[dict[str, Any]],
    *,
    set_json: Sequence[str] = (),
    set_values: Sequence[str] = (),
    set_string: Sequence[str] = (),
    set_file: Sequence[str] = (),
    set_literal: Sequence[str] = (),
    read_file: Callable[[str], str] | None = None,
    profile: HelmProfile = HELM_3,
) -> dict[str, Any]:
    """Helm's ``values.Options.MergeValues``: the loaded ``-f`` files deep-merged in order, then each flag family
    parsed into the result in Helm's precedence order (flags write into maps and lists already there, so a
    ``--set l[1]=x`` edits a list from a ``-f`` file). ``read_file(path)`` serves ``--set-file`` and should raise
    with Go's error text (``open x: no such file or directory``). Raises :class:`UserValuesError`.
    """
    base: dict[str, Any] = {}
    for values in file_values:
        base = merge_maps(base, copy.deepcopy(values))
    for item in set_json:
        trimmed = item.strip()
        if profile.set_json_whole_object and trimmed.startswith("{"):
            # Helm 4 takes a whole JSON object and merges it like a values file.
            try:
                base = merge_maps(base, parse_json_object(trimmed))
            except ValueError:
                raise UserValuesError(f"failed parsing --set-json data JSON: {item}") from None
            continue
        try:
            parse_set(item, base, "json", profile=profile)
        except StrvalsError:
            # Helm drops the parser's reason for --set-json.
            raise UserValuesError(f"failed parsing --set-json data {item}") from None
    for flag, kind, items in (
        ("--set", "set", set_values),
        ("--set-string", "string", set_string),
        ("--set-file", "file", set_file),
        ("--set-literal", "literal", set_literal),
    ):
        for item in items:
            try:
                parse_set(item, base, kind, read_file=read_file, profile=profile)
            except StrvalsError as exc:
                raise UserValuesError(f"failed parsing {flag} data: {exc}") from None
    return base


# --------------------------------------------------------------------------------------------------------------
# Values tables (chartutil.Values.Table / PathValue)


class _NoTable(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"{gostrconv.quote(key)} is not a table")


def _table(values: dict[str, Any], name: str) -> dict[str, Any]:
    table = values
    for part in name.split("."):
        found = table.get(part, _MISSING)
        if not isinstance(found, dict):
            raise _NoTable(part)
        table = found
    return table


_MISSING = object()


def _path_value(values: dict[str, Any], path: str) -> Any:
    """``Values.PathValue``: a non-table value at a dotted path; ``_MISSING`` when there is none."""
    parts = path.split(".")
    key = parts[-1]
    if len(parts) == 1:
        table = values
    else:
        try:
            table = _table(values, ".".join(parts[:-1]))
        except _NoTable:
            return _MISSING
    found = table.get(key, _MISSING)
    return _MISSING if isinstance(found, dict) else found


def _concat(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _percent_t(value: Any) -> str:
    """Go's ``%t`` of an arbitrary value, as in ``type mismatch on sub: %!t(string=x)``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "%!t(<nil>)"
    if isinstance(value, list):
        return "[" + " ".join(_percent_t(item) for item in value) + "]"
    return f"%!t({go_type_name(value)}={to_text(value)})"


# --------------------------------------------------------------------------------------------------------------
# Coalescing (chartutil/coalesce.go)


def _coalesce(log: _Log, chart: Chart, dest: dict[str, Any], prefix: str, merge: bool) -> dict[str, Any]:
    _coalesce_chart_values(log, chart, dest, prefix, merge)
    return _coalesce_deps(log, chart, dest, prefix, merge)


def _coalesce_deps(log: _Log, chart: Chart, dest: dict[str, Any], prefix: str, merge: bool) -> dict[str, Any]:
    for sub in chart.dependencies:
        name = sub.name
        if name not in dest:
            dest[name] = {}
        elif not isinstance(dest[name], dict):
            raise CoalesceError(f"type mismatch on {name}: {_percent_t(dest[name])}")
        scope = dest[name]
        sub_prefix = _concat(prefix, chart.name)
        _coalesce_globals(log, scope, dest, sub_prefix)
        dest[name] = _coalesce(log, sub, scope, sub_prefix, merge)
    return dest


def _coalesce_globals(log: _Log, dest: dict[str, Any], src: dict[str, Any], prefix: str) -> None:
    """Copy the parent's ``global`` into a subchart scope: parent keys win, nested maps are merged."""
    dest_global = dest.get(GLOBAL_KEY, _MISSING)
    if dest_global is _MISSING:
        dest_global = {}
    elif not isinstance(dest_global, dict):
        log.coalesce(138, f"warning: skipping globals because destination {GLOBAL_KEY} is not a table.")
        return
    src_global = src.get(GLOBAL_KEY, _MISSING)
    if src_global is _MISSING:
        src_global = {}
    elif not isinstance(src_global, dict):
        log.coalesce(145, f"warning: skipping globals because source {GLOBAL_KEY} is not a table.")
        return
    for key, value in src_global.items():
        if isinstance(value, dict):
            copied = dict(value)  # a shallow copy, as Helm's copyMap
            if key not in dest_global:
                dest_global[key] = copied
            elif not isinstance(dest_global[key], dict):
                log.coalesce(161, f"Conflict: cannot merge map onto non-map for {gostrconv.quote(key)}. Skipping.")
            else:
                _coalesce_tables(log, copied, dest_global[key], _concat(prefix, key), True)
                dest_global[key] = copied
        elif isinstance(dest_global.get(key), dict):
            log.coalesce(175, f"key {key} is table. Skipping")
        else:
            dest_global[key] = value
    dest[GLOBAL_KEY] = dest_global


def _coalesce_chart_values(log: _Log, chart: Chart, values: dict[str, Any], prefix: str, merge: bool) -> None:
    """User values ``values`` over a deep copy of the chart's defaults, in place."""
    sub_prefix = _concat(prefix, chart.name)
    defaults = copy.deepcopy(chart.values)
    sub_names = {sub.name for sub in chart.dependencies}
    for key, default in defaults.items():
        if key not in values:
            values[key] = default
            continue
        value = values[key]
        if value is None and not merge:
            # A null from the user removes the default (only when coalescing, not when merging).
            del values[key]
        elif isinstance(value, dict):
            if not isinstance(default, dict):
                if default is not None:
                    log.coalesce(237, f"warning: skipped value for {sub_prefix}.{key}: Not a table.")
            else:
                # A subchart's block is merged, keeping its nulls for the subchart's own coalescing.
                _coalesce_tables(log, value, default, _concat(sub_prefix, key), merge or key in sub_names)


def _coalesce_tables(log: _Log, dst: dict[str, Any], src: dict[str, Any], prefix: str, merge: bool) -> dict:
    """``coalesceTablesFullKey``: ``src`` fills ``dst`` (which wins), recursively, in place."""
    for key, value in list(src.items()):
        full_key = _concat(prefix, key)
        # A null removes the key, except in Helm 4 when the value it would hide is null as well: then it stays.
        if key in dst and not merge and dst[key] is None and (value is not None or not log.profile.null_over_null_kept):
            del dst[key]
        elif key not in dst:
            dst[key] = value
        elif isinstance(value, dict):
            if isinstance(dst[key], dict):
                _coalesce_tables(log, dst[key], value, full_key, merge)
            else:
                log.coalesce(298, f"warning: cannot overwrite table with non table for {full_key} ({to_text(value)})")
        elif isinstance(dst[key], dict) and value is not None:
            log.coalesce(
                301, f"warning: destination for {full_key} is a table. Ignoring non-table value ({to_text(value)})"
            )
    return dst


def _values_of(log: _Log, chart: Chart, user: dict[str, Any] | None, merge: bool) -> dict[str, Any]:
    """``CoalesceValues`` (merge False) / ``MergeValues`` (merge True): never mutates ``user``."""
    return _coalesce(log, chart, copy.deepcopy(user) if user else {}, "", merge)


def coalesce_values(
    chart: Chart, user_values: dict[str, Any], *, profile: HelmProfile = HELM_3
) -> tuple[dict[str, Any], list[str]]:
    """``.Values`` for rendering: Helm's CoalesceValues of the (dependency-processed) chart and the user values.

    Returns the values and the warnings logged on the way. Raises :class:`CoalesceError`.
    """
    log = _Log(profile=profile)
    return _values_of(log, chart, user_values, False), log.items


# --------------------------------------------------------------------------------------------------------------
# Dependency processing (chartutil/dependencies.go, ProcessDependenciesWithMerge as `helm template` calls it)


def _copy_tree(chart: Chart, parent: Chart | None) -> Chart:
    copied = replace(
        chart,
        metadata=copy.deepcopy(chart.metadata),
        values=copy.deepcopy(chart.values),
        templates=list(chart.templates),
        files=list(chart.files),
        dependencies=[],
        parent=parent,
    )
    copied.dependencies = [_copy_tree(child, copied) for child in chart.dependencies]
    return copied


def _set_dependencies(chart: Chart, children: list[Chart]) -> None:
    chart.dependencies = list(children)
    for child in children:
        child.parent = chart


def _compatible(constraint: Any, version: Any) -> bool:
    """``IsCompatibleRange``: a constraint or version that does not parse matches nothing."""
    try:
        return constraint_matches(str(constraint or ""), str(version or ""))
    except SemverError:
        return False


def _alias_copy(charts: list[Chart], req: dict[str, Any], profile: HelmProfile) -> Chart | None:
    """``getAliasDependency``: a copy of the matching subchart, renamed to the alias.

    Helm 3 copies only the chart struct: the copy shares its values, its declared dependencies (so processing one
    alias of a chart renames and normalises them for every other use of it) and its own subcharts, whose parent
    stays the original. Helm 4 also copies the declared dependencies and gives the copy shallow copies of its
    subcharts, so every alias of a chart is processed and rendered as a chart of its own.
    """
    for chart in charts:
        if chart is None or chart.name != req.get("name"):
            continue
        if not _compatible(req.get("version"), chart.metadata.get("version")):
            continue
        metadata = dict(chart.metadata)
        if req.get("alias"):
            metadata["name"] = req["alias"]
        copied = replace(chart, metadata=metadata, dependencies=list(chart.dependencies))
        if profile.alias_copies_dependencies:
            if metadata.get("dependencies") is not None:
                metadata["dependencies"] = [dict(d) if d is not None else None for d in metadata["dependencies"]]
            _set_dependencies(copied, [replace(sub) for sub in chart.dependencies])
        return copied
    return None


def _process_tags(log: _Log, reqs: list[dict[str, Any]], values: dict[str, Any]) -> None:
    try:
        tags = _table(values, "tags")
    except _NoTable:
        return
    for req in reqs:
        has_true = has_false = False
        for tag in req.get("tags") or []:
            if tag not in tags:
                continue
            flag = tags[tag]
            if isinstance(flag, bool):
                has_true = has_true or flag
                has_false = has_false or not flag
            else:
                name = str(req.get("name", ""))
                log.dependency(
                    94,
                    f"Warning: Tag '{tag}' for chart {name} returned non-bool value",
                    "returned non-bool value",
                    ("tag", str(tag)),
                    ("chart", name),
                )
        if not has_true and has_false:
            req["enabled"] = False
        elif has_true or not has_false:
            req["enabled"] = True


def _process_conditions(log: _Log, reqs: list[dict[str, Any]], values: dict[str, Any], path: str) -> None:
    for req in reqs:
        # Helm trims the whole condition but not the parts: "a.x, b.y" looks up " b.y", which never exists.
        for condition in str(req.get("condition") or "").strip().split(","):
            if not condition:
                continue
            found = _path_value(values, path + condition)
            if found is _MISSING:
                continue
            if isinstance(found, bool):
                req["enabled"] = found
                break
            name = str(req.get("name", ""))
            log.dependency(
                63,
                f"Warning: Condition path '{condition}' for chart {name} returned non-bool value",
                "returned non-bool value",
                ("path", condition),
                ("chart", name),
            )


def _process_enabled(log: _Log, chart: Chart, values: dict[str, Any], path: str, profile: HelmProfile) -> None:
    reqs = chart.metadata.get("dependencies")
    if reqs is None:
        return
    reqs = [req for req in reqs if req is not None]
    kept: list[Chart] = []
    # Subcharts in charts/ that no declaration matches (by name and version range) stay, as they are.
    for existing in chart.dependencies:
        if not any(
            existing.name == req.get("name") and _compatible(req.get("version"), existing.metadata.get("version"))
            for req in reqs
        ):
            kept.append(existing)
    for req in reqs:
        found = _alias_copy(chart.dependencies, req, profile)
        if found is not None:
            kept.append(found)
        if req.get("alias"):
            req["name"] = req["alias"]
    _set_dependencies(chart, kept)
    for req in reqs:
        req["enabled"] = True
    coalesced = _values_of(log, chart, values, False)
    _process_tags(log, reqs, coalesced)
    _process_conditions(log, reqs, coalesced, path)
    disabled = {req.get("name") for req in reqs if not req.get("enabled")}
    enabled_charts = [child for child in chart.dependencies if child.name not in disabled]
    enabled_reqs = [req for req in reqs if req.get("name") not in disabled]
    for child in enabled_charts:
        _process_enabled(log, child, coalesced, f"{path}{child.name}.", profile)
    chart.metadata["dependencies"] = enabled_reqs
    _set_dependencies(chart, enabled_charts)


def _path_to_map(path: str, data: dict[str, Any]) -> dict[str, Any]:
    if path == ".":
        return data
    nested: dict[str, Any] = data
    for part in reversed(path.split(".")):
        nested = {part: nested}
    return nested


class _ImportPair(dict):
    """An import-values entry as Helm rewrites it after importing (a Go ``map[string]string``). Helm reads only
    strings and ``map[string]interface{}`` entries, so a rewritten entry met again (a Helm 3 chart used twice
    shares its declared dependencies between the uses) imports nothing."""


def _process_import_values(log: _Log, chart: Chart) -> None:
    reqs = chart.metadata.get("dependencies")
    if reqs is None:
        return
    values = _values_of(log, chart, None, True)
    imported: dict[str, Any] = {}
    for req in reqs:
        if req is None:
            continue
        name = str(req.get("name", ""))
        normalised: list[dict[str, str]] = []
        for item in req.get("import-values") or []:
            if isinstance(item, _ImportPair):
                continue
            if isinstance(item, dict):
                child, parent = str(item.get("child", "")), str(item.get("parent", ""))
                normalised.append(_ImportPair(child=child, parent=parent))
                try:
                    table = _table(values, f"{name}.{child}")
                except _NoTable as exc:
                    log.dependency(
                        269,
                        f"Warning: ImportValues missing table from chart {name}: {exc}",
                        "ImportValues missing table from chart",
                        ("chart", name),
                        ("error", str(exc)),
                    )
                    continue
                imported = _coalesce_tables(log, imported, _path_to_map(parent, table), "", True)
            elif isinstance(item, str):
                child = f"exports.{item}"
                normalised.append(_ImportPair(child=child, parent="."))
                try:
                    table = _table(values, f"{name}.{child}")
                except _NoTable as exc:
                    log.dependency(
                        286,
                        f"Warning: ImportValues missing table: {exc}",
                        "ImportValues missing table",
                        ("error", str(exc)),
                    )
                    continue
                imported = _coalesce_tables(log, imported, table, "", True)
        if normalised:
            req["import-values"] = normalised
        else:
            req.pop("import-values", None)
    # Imported values rank below the parent's own: the parent's coalesced values are the authoritative side.
    chart.values = _coalesce_tables(log, copy.deepcopy(values), imported, "", True)


def _import_values_tree(log: _Log, chart: Chart) -> None:
    for child in chart.dependencies:
        _import_values_tree(log, child)
    _process_import_values(log, chart)


def process_dependencies(
    chart: Chart,
    user_values: dict[str, Any],
    *,
    warnings: list[str] | None = None,
    profile: HelmProfile = HELM_3,
) -> Chart:
    """Helm's ``ProcessDependenciesWithMerge`` on a copy of ``chart``: disabled subcharts removed, aliased ones
    renamed, ``metadata["dependencies"]`` rewritten as Helm leaves it, and every chart that declares
    dependencies given its import-values (and its subcharts' merged defaults) as new defaults.

    Warnings are appended to ``warnings``. Raises :class:`CoalesceError` with the message of ``profile``'s Helm.
    """
    log = _Log(warnings, profile)
    root = _copy_tree(chart, chart.parent)
    try:
        _process_enabled(log, root, user_values, "", profile)
        _import_values_tree(log, root)
    except CoalesceError as exc:
        if not profile.slog_messages:
            raise
        message = f"chart dependencies processing failed: {exc}"
        line = _slog("ERROR", "chart dependencies processing failed", ("error", str(exc)))
        raise CoalesceError(message, [line]) from None
    return root


def check_dependencies(chart: Chart, *, profile: HelmProfile = HELM_3) -> None:
    """``helm template``'s check that every declared dependency of the root chart is present in ``charts/``.

    Raises :class:`CoalesceError` with Helm's message (Helm 4 starts it in lower case).
    """
    lead = "an error occurred" if profile.error_wording_4 else "An error occurred"
    problem = f"{lead} while checking for chart dependencies. You may need to run `helm dependency build` to fetch"
    reqs = chart.metadata.get("dependencies")
    # Helm 4.1.4 lists a v3 chart's declared dependencies in a list as long as its subcharts, so a subchart more
    # than declared leaves an empty entry it cannot read (one fewer makes Helm crash).
    v3_quirk = profile.chart_api_version_checked and chart.metadata.get("apiVersion") == "v3"
    if v3_quirk and len(reqs or []) < len(chart.dependencies):
        raise CoalesceError(f"{problem} missing dependencies: unsupported chart dependency type")
    if reqs is None:
        return
    present = {child.name for child in chart.dependencies}
    missing = [str(req.get("name", "")) for req in reqs if req is not None and req.get("name") not in present]
    if missing:
        where = "found in Chart.yaml, but missing in charts/ directory"
        raise CoalesceError(f"{problem} missing dependencies: {where}: {', '.join(missing)}")
