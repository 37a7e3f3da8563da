"""What the template-function tests (``test_sprig_*``, ``test_helm_go*``) share: running a template with a set of
functions, catching the Go error it stops with, the values file the Sprig expectations were rendered with, the
functions of other families the tests build arguments with, and the recorded Helm codec cases."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from chartgen.gotemplate.exec import ExecError, Template
from chartgen.gotemplate.parse import parse
from chartgen.sprig import dicts, flow, lists, numbers, reflection


def execute(funcs: Mapping[str, Callable[..., Any]], text: str, data: object = None) -> str:
    """Render ``text`` as template "t" with ``funcs`` and ``data`` as dot (``{}`` when None).

    The parser does not check function names (Go's SkipFuncCheck), so an unknown name fails when executed.
    """
    tmpl = Template(funcs)
    tmpl.add(parse("t", text))
    return tmpl.execute("t", data if data is not None else {})


def execute_expression(funcs: Mapping[str, Callable[..., Any]], expr: str, values: object) -> str:
    """Render ``{{ expr }}`` with ``values`` as ``.Values``; unknown function names fail at parse time, as in Helm."""
    tmpl = Template(funcs)
    tmpl.add(parse("t", "{{ " + expr + " }}", set(tmpl.funcs)))
    return tmpl.execute("t", {"Values": values})


def exec_error(run: Callable[..., object], *args: Any, **kwargs: Any) -> str:
    """The message of the ExecError that ``run(*args, **kwargs)`` must raise."""
    with pytest.raises(ExecError) as info:
        run(*args, **kwargs)
    return info.value.message


# ---------------------------------------------------------------------------------------------------------------
# The expression tests of the string-like families (strings, regex, paths, encoding).

# The values file every expression expectation was rendered with (numbers from YAML are float64).
EXPRESSION_VALUES = {
    "num": 2.0,
    "fl": 1.5,
    "big": 1000000.0,
    "s": "  Hello World  ",
    "l": ["a", "b", "c"],
    "m": {"k": "v"},
    "nul": None,
    "name": "my-very-long-release-name-that-exceeds-the-kubernetes-limit-of-63-chars",
}


# The few functions of other Sprig families that the expressions use to build their arguments.
SCAFFOLD = {
    "list": lists.FUNCS["list"],
    "dict": dicts.FUNCS["dict"],
    "typeOf": reflection.FUNCS["typeOf"],
    "until": numbers.FUNCS["until"],
}


def expression_tests(funcs: Mapping[str, Callable[..., Any]]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """``render`` (an expression's output) and ``failure`` (its error) for the expression tests of ``funcs``,
    with the SCAFFOLD functions available and EXPRESSION_VALUES as ``.Values``."""
    table = {**SCAFFOLD, **funcs}

    def render(expr: str) -> str:
        return execute_expression(table, expr, EXPRESSION_VALUES)

    def failure(expr: str) -> str:
        return exec_error(render, expr)

    return render, failure


# ---------------------------------------------------------------------------------------------------------------
# The collection families (numbers, lists, dicts, reflection, flow), which build their arguments with each other.

COLLECTION_FUNCS = {**numbers.FUNCS, **lists.FUNCS, **dicts.FUNCS, **reflection.FUNCS, **flow.FUNCS}


class Capabilities:
    """Stands for Helm's ``*chartutil.Capabilities``: a non-nil pointer to a struct."""

    go_type = "*chartutil.Capabilities"
    go_kind = "ptr"


# ---------------------------------------------------------------------------------------------------------------
# The Helm codecs (toJson, toYaml, toToml and their inverses).

_CODEC_CASES = Path(__file__).parent / "data" / "helm_codec_cases.json"


def codec_cases(section: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The recorded cases of one section of ``data/helm_codec_cases.json`` and a test id for each."""
    cases = json.loads(_CODEC_CASES.read_text(encoding="utf-8"))[section]
    return cases, [json.dumps(case["value"], ensure_ascii=False)[:60] for case in cases]


def as_values(value: Any) -> Any:
    """``value`` as read from values.yaml: every number is a float64."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [as_values(item) for item in value]
    if isinstance(value, dict):
        return {key: as_values(item) for key, item in value.items()}
    return value
