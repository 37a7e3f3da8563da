"""Values against the chart's ``values.schema.json`` (or the bundled schema for a stock iris-operator chart).

Helm validates the coalesced values (chart defaults, then each ``-f`` file, then ``--set``), so that is what is
checked here too; each violation is then placed on the last file that set the offending value, at its line and
column, because that is the line the user has to change.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from chartgen.bounded_io import read_bounded
from chartgen.errors import ChartgenError, Location, RenderError, ValuesError
from chartgen.findings import Finding, Severity
from chartgen.helm.options import RenderOptions
from chartgen.helm.user_values import read_user_values
from chartgen.limits import VALUES_FILE_BYTES
from chartgen.lint.model import Rule, rule
from chartgen.lint.rules.chart import chart_file, chart_text
from chartgen.patch.values_schema import (
    SCHEMA_FILE,
    base_schema,
    coalesce,
    load_values_file,
    locate,
    merge_into,
    violations,
)

if TYPE_CHECKING:
    from chartgen.lint.context import LintContext

__all__ = ["ValuesSources", "Violation", "read_values_sources", "schema_violations"]

FAMILY = "values"
SET_LOCATION = "--set"


class ValuesSources(NamedTuple):
    """values.yaml and the user's ``-f`` files parsed with positions, and the (message, location) problems of the
    user's files that did not parse."""

    sources: list[Any]
    problems: list[tuple[str, Location]]


class Violation(NamedTuple):
    """One schema violation of the merged values, at the place a user edits; ``kind`` is 'unknown' or 'value'."""

    kind: str
    message: str
    location: Location


def read_values_sources(ctx: LintContext) -> ValuesSources:
    """Chart values.yaml and the user's files as Helm reads them, with positions; plus the problems of the user's
    files that did not parse (``LintContext.values_sources``).

    values.yaml's own syntax errors belong to CG-CHART-013, so a broken values.yaml is skipped silently here.
    """
    sources: list[Any] = []
    problems: list[tuple[str, Location]] = []
    defaults = Path(ctx.chart_dir) / "values.yaml"
    if defaults.is_file():
        # Unreadable or broken, values.yaml is CG-CHART-008's and CG-CHART-013's to report.
        with contextlib.suppress(ChartgenError):
            sources.append(
                load_values_file(chart_text(ctx, "values.yaml"), chart_file(ctx, "values.yaml"), ctx.profile)
            )
    for path in ctx.values_files:
        where = str(path)
        try:
            text = read_bounded(path, VALUES_FILE_BYTES, "values file").decode("utf-8-sig")
            sources.append(load_values_file(text, where, ctx.profile))
        except ValuesError as exc:
            problems.append((exc.message, exc.location or Location(where)))
        except UnicodeDecodeError as exc:
            problems.append((f"cannot read values file: not UTF-8 text (byte {exc.start})", Location(where)))
        except ChartgenError as exc:
            problems.append((exc.message, exc.location or Location(where)))
        except OSError as exc:
            problems.append((f"cannot read values file: {exc.strerror or exc}", Location(where)))
    return ValuesSources(sources, problems)


def _schema(ctx: LintContext) -> dict[str, Any] | None:
    if ctx.chart is None:
        return None
    text = ctx.chart.schema.decode("utf-8-sig") if ctx.chart.schema is not None else None
    try:
        return base_schema(ctx.chart.name, text)
    except json.JSONDecodeError:
        return None  # a schema that is not JSON is a render failure (CG-CHART-009), as in Helm


def _set_values(ctx: LintContext) -> dict[str, Any]:
    if not ctx.set_values:
        return {}
    try:
        values = read_user_values(RenderOptions(set_values=list(ctx.set_values)))
    except RenderError:
        return {}  # the runner already refused a malformed --set
    return json.loads(json.dumps(values, default=str))


def _has_path(data: Any, path: list[Any]) -> bool:
    for part in path:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
        else:
            return False
    return True


def schema_violations(ctx: LintContext) -> list[Violation]:
    """Every schema violation of the merged values (``LintContext.values_violations``)."""
    result: list[Violation] = []
    schema = _schema(ctx)
    sources, problems = ctx.values_sources
    if schema is not None and not problems:
        merged = coalesce(sources)
        overrides = _set_values(ctx)
        merge_into(merged, overrides)
        for found in violations(schema, merged):
            kind = "value" if found.key is None else "unknown"
            if found.in_schema:
                result.append(Violation(kind, found.message, Location(chart_file(ctx, SCHEMA_FILE))))
                continue
            result.append(Violation(kind, found.message, _where(sources, overrides, found.path, found.key)))
    return result


def _where(sources: list[Any], overrides: dict[str, Any], path: list[Any], key: str | None = None) -> Location:
    """The place a user has to edit: --set when it set the value (it wins over files), else the last file."""
    if _has_path(overrides, [*path, key] if key is not None else path):
        return Location(SET_LOCATION)
    found = locate(sources, path, key)
    if found is None:
        return Location(SET_LOCATION if overrides else "values.yaml")
    return Location(found.path, found.line, found.column)


@rule(
    "CG-VALUES-001",
    FAMILY,
    Severity.ERROR,
    "A value breaks the chart's values schema (wrong type, not an allowed value, missing required key).",
    "Helm validates values against values.schema.json before rendering and refuses the install; for the "
    "remote-target chart the schema also keeps the kubeconfig wiring consistent.",
    "Change the value at the position shown to what the schema allows (see the chart's values.schema.json).",
)
def _schema_values(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for kind, message, where in ctx.values_violations:
        if kind == "value":
            yield this.finding(message, where)


@rule(
    "CG-VALUES-002",
    FAMILY,
    Severity.ERROR,
    "A values key is not one the chart knows (likely a typo).",
    "A misspelt key is silently ignored by the templates, so the setting you meant never takes effect; the "
    "schema forbids unknown keys to catch exactly this.",
    "Rename the key to the suggested one, or remove it.",
)
def _unknown_keys(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for kind, message, where in ctx.values_violations:
        if kind == "unknown":
            yield this.finding(message, where)


@rule(
    "CG-VALUES-003",
    FAMILY,
    Severity.ERROR,
    "A values file given with -f does not parse or is not a mapping.",
    "Helm stops before rendering when a values file is not a YAML mapping.",
    "Fix the YAML syntax at the position shown; the top level must be 'key: value' pairs.",
)
def _user_files(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    for message, where in ctx.values_sources.problems:
        yield this.finding(message, Location(where.path, where.line, where.column))


@rule(
    "CG-VALUES-004",
    FAMILY,
    Severity.NOTE,
    "The chart has no values schema, so values were not checked.",
    "Without values.schema.json a misspelt or mistyped value is silently ignored.",
    "Add a values.schema.json to the chart (chartgen patch adds one for iris-operator charts).",
)
def _no_schema(ctx: LintContext, this: Rule) -> Iterator[Finding]:
    if ctx.chart is not None and _schema(ctx) is None:
        yield this.finding("no values.schema.json: values are not validated", Location(chart_file(ctx, "Chart.yaml")))
